/*
 * bench_eval — how long building a rulebook, filling a cluster and
 * evaluating it take, and how much memory the process peaks at, for a
 * synthetic scheme of `criteria` criteria (every rule kind in turn, a
 * derived measure, classification conditions, two ranking keys, two awards
 * with quotas) and a cluster of `members` units.
 *
 *   bench_eval MEMBERS [CRITERIA] [REPEAT]
 *
 * Prints one line of tab-separated figures (see scripts/bench.sh, which
 * runs a series of sizes and writes docs/performance.md). The numbers are
 * deterministic: member i's values come from a fixed formula, so every run
 * evaluates the same cluster.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <thidua/thidua.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(td_status rc, const td_error *err, const char *what)
{
    if (rc != TD_OK) {
        fprintf(stderr, "bench_eval: %s: %s (%s)\n", what, err->message, td_strerror(rc));
        exit(1);
    }
}

static td_decimal dec(const char *text)
{
    td_decimal d;
    td_error err;
    check(td_decimal_parse(&d, text, &err), &err, text);
    return d;
}

/* The rule kinds cycled through, one per criterion. */
enum { K_PROPORTIONAL, K_THRESHOLD, K_SHORTFALL, K_BANDS, K_BEST, K_RANK, K_MANUAL, K_EXPR, K_COUNT };

static td_rulebook *build_rulebook(size_t criteria)
{
    td_error err;
    td_rulebook_builder *b;
    td_decimal ten = dec("10"), sec_max = dec("100"), bmax = dec("5");
    check(td_rulebook_builder_new(&b, "bench", NULL, &err), &err, "builder");
    char id[32], sec[32];
    for (size_t c = 0; c < criteria; c++) {
        if (c % 10 == 0) {
            snprintf(sec, sizeof sec, "S%zu", c / 10);
            check(td_rulebook_builder_add_section(b, sec, NULL, &sec_max, &err), &err, "section");
        }
        snprintf(id, sizeof id, "c%zu", c);
        check(td_rulebook_builder_add_criterion(b, sec, id, NULL, ten, &err), &err, "criterion");
        switch (c % K_COUNT) {
        case K_PROPORTIONAL:
            check(td_rulebook_builder_set_rule_proportional(b, id, dec("1.2"), &err), &err, id);
            check(td_rulebook_builder_set_bonus(b, id, dec("5"), dec("0.5"), &ten, &err), &err, id);
            break;
        case K_THRESHOLD:
            check(td_rulebook_builder_set_rule_threshold(b, id, dec("1"), &err), &err, id);
            break;
        case K_SHORTFALL:
            check(td_rulebook_builder_set_direction(b, id, TD_DIRECTION_LOWER, &err), &err, id);
            check(td_rulebook_builder_set_rule_shortfall(b, id, dec("1"), dec("5"), TD_STEP_CEIL,
                                                         dec("0"), &err), &err, id);
            break;
        case K_BANDS:
            check(td_rulebook_builder_set_rule_bands(b, id, &err), &err, id);
            check(td_rulebook_builder_add_band(b, id, dec("1"), dec("10"), &err), &err, id);
            check(td_rulebook_builder_add_band(b, id, dec("0.8"), dec("7"), &err), &err, id);
            check(td_rulebook_builder_add_band(b, id, dec("0"), dec("3"), &err), &err, id);
            break;
        case K_BEST:
            check(td_rulebook_builder_set_rule_best(b, id, TD_BEST_OF_ATTAINMENT, &err), &err, id);
            break;
        case K_RANK:
            check(td_rulebook_builder_set_rule_rank(b, id, &err), &err, id);
            check(td_rulebook_builder_add_rank_points(b, id, dec("10"), &err), &err, id);
            check(td_rulebook_builder_add_rank_points(b, id, dec("8"), &err), &err, id);
            check(td_rulebook_builder_add_rank_points(b, id, dec("6"), &err), &err, id);
            break;
        case K_MANUAL:
            check(td_rulebook_builder_set_rule_manual(b, id, &err), &err, id);
            break;
        default: {
            char expr[96];
            snprintf(expr, sizeof expr, "if(met(%s), 10, 10 * attainment(%s))", id, id);
            check(td_rulebook_builder_set_rule_expr(b, id, expr, &err), &err, id);
            break;
        }
        }
    }
    check(td_rulebook_builder_add_measure(b, "share", "c0 / c1", &err), &err, "measure");
    check(td_rulebook_builder_add_adjustment(b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, dec("1"), NULL,
                                             &err), &err, "adjustment");
    check(td_rulebook_builder_set_bonus_max(b, &bmax, &err), &err, "bonus_max");
    td_decimal m90 = dec("90"), m70 = dec("70");
    char min90[32];
    snprintf(min90, sizeof min90, "%zu", criteria * 9);
    m90 = dec(min90);
    snprintf(min90, sizeof min90, "%zu", criteria * 7);
    m70 = dec(min90);
    check(td_rulebook_builder_add_classification(b, "xs", NULL, &m90, &err), &err, "class");
    check(td_rulebook_builder_set_classification_when(b, "xs", "min_share() >= 50%", &err), &err,
          "when");
    check(td_rulebook_builder_add_classification(b, "tot", NULL, &m70, &err), &err, "class");
    check(td_rulebook_builder_add_classification(b, "ht", NULL, NULL, &err), &err, "class");
    check(td_rulebook_builder_add_ranking_key(b, "total", true, &err), &err, "key");
    check(td_rulebook_builder_add_ranking_key(b, "count_met()", true, &err), &err, "key");
    check(td_rulebook_builder_add_award(b, "flag", NULL, "rank == 1", &err), &err, "award");
    check(td_rulebook_builder_set_award_quota_count(b, "flag", 1, &err), &err, "quota");
    check(td_rulebook_builder_add_award(b, "merit", NULL, "classification == 'xs'", &err), &err,
          "award");
    check(td_rulebook_builder_set_award_quota_percent(b, "merit", dec("20"), TD_ROUND_FLOOR, 1, &err),
          &err, "quota");
    check(td_rulebook_builder_add_award_exclusion(b, "merit", "flag", &err), &err, "exclusion");
    td_rulebook *rb;
    check(td_rulebook_builder_build(b, &rb, &err), &err, "build");
    td_rulebook_builder_free(b);
    return rb;
}

/* A deterministic value in [lo, lo + span) for member m and criterion c. */
static void value(char *buf, size_t size, size_t m, size_t c, unsigned lo, unsigned span)
{
    unsigned long h = (unsigned long)(m * 2654435761u) ^ (unsigned long)(c * 40503u + 17u);
    h = (h ^ (h >> 13)) * 0x5bd1e995u;
    snprintf(buf, size, "%lu.%lu", lo + (h >> 8) % span, (h >> 3) % 10);
}

static td_cluster *fill_cluster(size_t members, size_t criteria)
{
    td_error err;
    td_cluster *cl;
    char unit[32], id[32], t[32], a[32];
    check(td_cluster_new(&cl, "bench", 2025, NULL, &err), &err, "cluster");
    for (size_t m = 0; m < members; m++) {
        snprintf(unit, sizeof unit, "unit-%06zu", m);
        check(td_cluster_add_member(cl, unit, NULL, &err), &err, "member");
        for (size_t c = 0; c < criteria; c++) {
            snprintf(id, sizeof id, "c%zu", c);
            if (c % K_COUNT == K_MANUAL) {
                value(a, sizeof a, m, c, 5, 5);
                check(td_cluster_set_score(cl, TD_SOURCE_FINAL, unit, id, dec(a), &err), &err, "score");
                continue;
            }
            value(t, sizeof t, m, c, 100, 50);
            value(a, sizeof a, m + 7, c, 80, 90);
            check(td_cluster_set_target(cl, unit, id, dec(t), &err), &err, "target");
            check(td_cluster_set_actual(cl, unit, id, dec(a), &err), &err, "actual");
        }
        if (m % 10 == 3)
            check(td_cluster_add_event(cl, unit, "late", 1, &err), &err, "event");
    }
    return cl;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_eval MEMBERS [CRITERIA] [REPEAT]\n");
        return 2;
    }
    size_t members = strtoul(argv[1], NULL, 10);
    size_t criteria = argc > 2 ? strtoul(argv[2], NULL, 10) : 40;
    int repeat = argc > 3 ? atoi(argv[3]) : 3;
    if (members < 1 || criteria < 2 || repeat < 1) {
        fprintf(stderr, "bench_eval: MEMBERS >= 1, CRITERIA >= 2, REPEAT >= 1\n");
        return 2;
    }

    double t0 = now();
    td_rulebook *rb = build_rulebook(criteria);
    double t1 = now();
    td_cluster *cl = fill_cluster(members, criteria);
    double t2 = now();
    double best = 1e300;
    td_error err;
    for (int r = 0; r < repeat; r++) {
        td_result *res;
        double s = now();
        check(td_evaluate(&res, rb, cl, NULL, &err), &err, "evaluate");
        double e = now() - s;
        if (e < best)
            best = e;
        td_result_free(res);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* members, criteria, build ms, fill ms, evaluate ms (best of REPEAT), peak RSS KiB */
    printf("%zu\t%zu\t%.2f\t%.2f\t%.2f\t%ld\n", members, criteria, (t1 - t0) * 1e3, (t2 - t1) * 1e3,
           best * 1e3, ru.ru_maxrss);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return 0;
}
