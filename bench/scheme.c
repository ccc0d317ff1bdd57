/*
 * The synthetic scheme the benchmarks share (see scheme.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "scheme.h"
#include "peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_check(td_status rc, const td_error *err, const char *what)
{
    if (rc != TD_OK) {
        fprintf(stderr, "bench: %s: %s (%s)\n", what, err->message, td_strerror(rc));
        exit(1);
    }
}

td_decimal bench_dec(const char *text)
{
    td_decimal d;
    td_error err;
    bench_check(td_decimal_parse(&d, text, &err), &err, text);
    return d;
}

td_rulebook *bench_rulebook(size_t criteria)
{
    td_error err;
    td_rulebook_builder *b;
    td_decimal ten = bench_dec("10"), sec_max = bench_dec("100"), bmax = bench_dec("5");
    bench_check(td_rulebook_builder_new(&b, "bench", NULL, &err), &err, "builder");
    td_band bands[] = {{bench_dec("1"), bench_dec("10")}, {bench_dec("0.8"), bench_dec("7")},
                       {bench_dec("0"), bench_dec("3")}};
    td_decimal rank_points[] = {bench_dec("10"), bench_dec("8"), bench_dec("6")};
    char id[32], sec[32];
    for (size_t c = 0; c < criteria; c++) {
        if (c % 10 == 0) {
            snprintf(sec, sizeof sec, "S%zu", c / 10);
            bench_check(td_rulebook_builder_add_section(b, sec, NULL, &sec_max, &err), &err, "section");
        }
        snprintf(id, sizeof id, "c%zu", c);
        bench_check(td_rulebook_builder_add_criterion(b, sec, id, NULL, ten, &err), &err, "criterion");
        td_rule rule = TD_RULE_INIT;
        char expr[96];
        switch (c % K_COUNT) {
        case K_PROPORTIONAL:
            rule.kind = TD_RULE_PROPORTIONAL;
            rule.cap = bench_dec("1.2");
            bench_check(td_rulebook_builder_set_bonus(b, id, bench_dec("5"), bench_dec("0.5"), &ten, &err), &err, id);
            break;
        case K_THRESHOLD:
            rule.kind = TD_RULE_THRESHOLD;
            break;
        case K_SHORTFALL:
            bench_check(td_rulebook_builder_set_direction(b, id, TD_DIRECTION_LOWER, &err), &err, id);
            rule.kind = TD_RULE_SHORTFALL;
            rule.deduct = bench_dec("1");
            rule.per = bench_dec("5");
            rule.step = TD_SHORTFALL_STEP_CEIL;
            break;
        case K_BANDS:
            rule.kind = TD_RULE_BANDS;
            rule.bands = bands;
            rule.band_count = sizeof bands / sizeof bands[0];
            break;
        case K_BEST:
            rule.kind = TD_RULE_BEST;
            break;
        case K_RANK:
            rule.kind = TD_RULE_RANK;
            rule.rank_points = rank_points;
            rule.rank_point_count = sizeof rank_points / sizeof rank_points[0];
            break;
        case K_MANUAL:
            rule.kind = TD_RULE_MANUAL;
            break;
        default:
            snprintf(expr, sizeof expr, "if(met(%s), 10, 10 * attainment(%s))", id, id);
            rule.kind = TD_RULE_EXPR;
            rule.expr = expr;
            break;
        }
        bench_check(td_rulebook_builder_set_rule(b, id, &rule, &err), &err, id);
    }
    bench_check(td_rulebook_builder_add_measure(b, "share", "c0 / c1", &err), &err, "measure");
    bench_check(td_rulebook_builder_add_adjustment(b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, bench_dec("1"), NULL,
                                             &err), &err, "adjustment");
    bench_check(td_rulebook_builder_set_bonus_max(b, &bmax, &err), &err, "bonus_max");
    td_decimal m90 = bench_dec("90"), m70 = bench_dec("70");
    char min90[32];
    snprintf(min90, sizeof min90, "%zu", criteria * 9);
    m90 = bench_dec(min90);
    snprintf(min90, sizeof min90, "%zu", criteria * 7);
    m70 = bench_dec(min90);
    bench_check(td_rulebook_builder_add_classification(b, "xs", NULL, &m90, &err), &err, "class");
    bench_check(td_rulebook_builder_set_classification_when(b, "xs", "min_share() >= 50%", &err), &err,
          "when");
    bench_check(td_rulebook_builder_add_classification(b, "tot", NULL, &m70, &err), &err, "class");
    bench_check(td_rulebook_builder_add_classification(b, "ht", NULL, NULL, &err), &err, "class");
    bench_check(td_rulebook_builder_add_ranking_key(b, "total", true, &err), &err, "key");
    bench_check(td_rulebook_builder_add_ranking_key(b, "count_met()", true, &err), &err, "key");
    bench_check(td_rulebook_builder_add_award(b, "flag", NULL, "rank == 1", &err), &err, "award");
    bench_check(td_rulebook_builder_set_award_quota_count(b, "flag", 1, &err), &err, "quota");
    bench_check(td_rulebook_builder_add_award(b, "merit", NULL, "classification == 'xs'", &err), &err,
          "award");
    bench_check(td_rulebook_builder_set_award_quota_percent(b, "merit", bench_dec("20"), TD_ROUNDING_FLOOR, 1, &err),
          &err, "quota");
    bench_check(td_rulebook_builder_add_award_exclusion(b, "merit", "flag", &err), &err, "exclusion");
    td_rulebook *rb;
    bench_check(td_rulebook_builder_build(&rb, b, &err), &err, "build");
    td_rulebook_builder_free(b);
    return rb;
}

/* A deterministic value in [lo, lo + span) for member m and criterion c (peer.h). */
void bench_value(char *buf, size_t size, size_t m, size_t c, unsigned lo, unsigned span)
{
    uint64_t tenths = bench_value_tenths(m, c, lo, span);
    snprintf(buf, size, "%llu.%llu", (unsigned long long)(tenths / 10), (unsigned long long)(tenths % 10));
}

td_cluster *bench_cluster(size_t members, size_t criteria)
{
    td_error err;
    td_cluster *cl;
    char unit[32], id[32], t[32], a[32];
    bench_check(td_cluster_new(&cl, "bench", 2025, NULL, &err), &err, "cluster");
    for (size_t m = 0; m < members; m++) {
        snprintf(unit, sizeof unit, "unit-%06zu", m);
        bench_check(td_cluster_add_member(cl, unit, NULL, &err), &err, "member");
        for (size_t c = 0; c < criteria; c++) {
            snprintf(id, sizeof id, "c%zu", c);
            if (c % K_COUNT == K_MANUAL) {
                bench_value(a, sizeof a, m, c, 5, 5);
                bench_check(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, unit, id, bench_dec(a), &err), &err, "score");
                continue;
            }
            bench_value(t, sizeof t, m, c, 100, 50);
            bench_value(a, sizeof a, m + 7, c, 80, 90);
            bench_check(td_cluster_set_target(cl, unit, id, bench_dec(t), &err), &err, "target");
            bench_check(td_cluster_set_actual(cl, unit, id, bench_dec(a), &err), &err, "actual");
        }
        if (m % 10 == 3)
            bench_check(td_cluster_add_event(cl, unit, "late", 1, &err), &err, "event");
    }
    return cl;
}
