/*
 * The 64-bit fast paths of the evaluation (lib/core/fixed.h: attainment,
 * each rule's points and bonus, the totals) against the general code.
 *
 * With explanations written every criterion is scored by the general
 * code; without them, by the fast paths wherever the numbers fit. Random
 * rulebooks and data with numbers from one digit to thirty, scales from 0
 * to 20 and precisions from 0 to 12 must give the same numbers both ways,
 * or the same error; the attainment, which both ways compute in 64 bits
 * first, is checked against td_decimal arithmetic. The result's count of
 * numbers left to the general code shows that both paths were taken, and
 * that ordinary data never leaves the fast ones.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "model.h"
#include "td_test.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717u;
}

static unsigned below(unsigned n)
{
    return (unsigned)(next() % n);
}

/* A non-negative decimal of `digits` random digits (the first not 0) at
 * `scale`, written as text and parsed: up to 38 digits. */
static td_decimal digits_at(unsigned digits, unsigned scale)
{
    /* the digits with zeros in front when there are more decimals than
     * digits, and the point `scale` places from the end */
    char body[64], text[72];
    unsigned lead = scale >= digits ? scale - digits + 1 : 0, n = 0, k = 0;
    for (unsigned i = 0; i < lead; i++)
        body[n++] = '0';
    for (unsigned i = 0; i < digits; i++)
        body[n++] = (char)('0' + (i == 0 ? 1 + below(9) : below(10)));
    for (unsigned i = 0; i < n; i++) {
        if (scale > 0 && i == n - scale)
            text[k++] = '.';
        text[k++] = body[i];
    }
    text[k] = '\0';
    td_decimal d;
    td_error err;
    assert_ok(td_decimal_parse(&d, text, &err), err);
    return d;
}

/* Numbers of every reach: mostly ordinary, often with many decimals, and
 * near or beyond 64 bits once in `huge_odds` (0: never) numbers, which
 * changes from case to case so that some cases overflow and others not. */
static unsigned huge_odds;

static td_decimal wild(void)
{
    if (huge_odds > 0 && below(huge_odds) == 0)
        return below(2) ? digits_at(16 + below(4), below(3)) /* near 2^63 */
                        : digits_at(20 + below(11), below(6)); /* beyond 64 bits */
    switch (below(10)) {
    case 0:
    case 1: return digits_at(1 + below(6), 8 + below(13)); /* many decimals */
    case 2: return td_decimal_zero();
    default: return digits_at(1 + below(4), below(3));     /* ordinary */
    }
}

/* An ordinary positive number: 1..999 with up to 2 decimals. */
static td_decimal plain(void)
{
    return digits_at(1 + below(3), below(2));
}

static td_decimal pick(bool extreme)
{
    if (!extreme)
        return plain();
    td_decimal d = wild();
    return td_decimal_is_zero(d) ? plain() : d;
}

enum { CRITERIA = 9 };

static td_rulebook *random_rulebook(int round, bool extreme)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "wild", NULL, &err), err);
    assert_ok(td_rulebook_builder_set_precision(b, extreme ? (int)below(13) : 2, &err), err);
    td_decimal smax = pick(extreme);
    assert_ok(td_rulebook_builder_add_section(b, "A", NULL, below(2) ? &smax : NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "B", NULL, NULL, &err), err);
    for (int i = 0; i < CRITERIA; i++) {
        char id[8];
        snprintf(id, sizeof id, "c%d", i);
        td_decimal max = pick(extreme);
        assert_ok(td_rulebook_builder_add_criterion(b, i % 2 ? "B" : "A", id, NULL, max, &err), err);
        assert_ok(td_rulebook_builder_set_direction(b, id, below(3) == 0 ? TD_DIRECTION_LOWER : TD_DIRECTION_HIGHER,
                                                    &err),
                  err);
        td_rule r = TD_RULE_INIT;
        td_band bands[2];
        td_decimal ranks[2] = {max, td_decimal_zero()};
        switch ((i + round) % 8) {
        case 0:
            r.kind = TD_RULE_PROPORTIONAL;
            r.cap = pick(extreme);
            break;
        case 1:
            r.kind = TD_RULE_THRESHOLD;
            r.at = pick(extreme);
            break;
        case 2:
        case 3:
            r.kind = TD_RULE_SHORTFALL;
            r.deduct = pick(extreme);
            r.per = pick(extreme);
            r.step = (td_shortfall_step)below(3);
            break;
        case 4:
            r.kind = TD_RULE_BANDS;
            r.bands_of = below(2) ? TD_BANDS_OF_ACTUAL : TD_BANDS_OF_ATTAINMENT;
            bands[0] = (td_band){digits_at(3, 2), max};
            bands[1] = (td_band){digits_at(2, 2), td_decimal_zero()};
            r.bands = bands;
            r.band_count = 2;
            break;
        case 5:
            r.kind = TD_RULE_BEST;
            r.best_of = below(2) ? TD_BEST_OF_ACTUAL : TD_BEST_OF_ATTAINMENT;
            break;
        case 6:
            r.kind = TD_RULE_RANK;
            r.rank_points = ranks;
            r.rank_point_count = 2;
            break;
        default:
            /* c0 .. c4 have targets and actuals: the expressions read them */
            r.kind = i < 5 ? TD_RULE_PROPORTIONAL : TD_RULE_MANUAL;
            break;
        }
        if (td_rulebook_builder_set_rule(b, id, &r, &err) != TD_OK) {
            /* a wild number the builder refuses: the default rule then */
            r = (td_rule)TD_RULE_INIT;
            r.kind = TD_RULE_PROPORTIONAL;
            assert_ok(td_rulebook_builder_set_rule(b, id, &r, &err), err);
        }
        if (below(3) == 0) {
            td_decimal bmax = pick(extreme);
            assert_ok(td_rulebook_builder_set_bonus(b, id, pick(extreme), pick(extreme), below(2) ? &bmax : NULL,
                                                    &err),
                      err);
        }
    }
    /* every kind of expression: a derived measure, an expression rule,
     * classification conditions, ranking keys and award conditions */
    assert_ok(td_rulebook_builder_add_measure(b, "d", "(c0 + c1) / (c2 + 1) * 3 - c3 / 7", &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "B", "e", NULL, digits_at(2, 0), &err), err);
    td_rule x = TD_RULE_INIT;
    x.kind = TD_RULE_EXPR;
    x.expr = "if(met(c1) or actual(c2) > target(c2), min(actual(d) / 1000, 10), "
             "abs(-round(target(c3) / 3, 2)) + events(late))";
    assert_ok(td_rulebook_builder_set_rule(b, "e", &x, &err), err);
    td_decimal imax = pick(extreme), bmax = pick(extreme);
    assert_ok(td_rulebook_builder_add_adjustment(b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, pick(extreme),
                                                 below(2) ? &imax : NULL, &err),
              err);
    assert_ok(td_rulebook_builder_add_adjustment(b, "prize", NULL, TD_ADJUSTMENT_BONUS, pick(extreme), NULL, &err),
              err);
    if (below(2))
        assert_ok(td_rulebook_builder_set_bonus_max(b, &bmax, &err), err);
    td_decimal fifty = digits_at(2, 0);
    assert_ok(td_rulebook_builder_add_classification(b, "good", NULL, &fifty, &err), err);
    assert_ok(td_rulebook_builder_set_classification_when(b, "good", "min_share() >= 0.3 and count_met() >= 2", &err),
              err);
    assert_ok(td_rulebook_builder_add_classification(b, "fair", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_set_classification_when(b, "fair", "total > 10 or all_met()", &err), err);
    assert_ok(td_rulebook_builder_add_classification(b, "other", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_ranking_key(b, "total", true, &err), err);
    assert_ok(td_rulebook_builder_add_ranking_key(b, "points(c1) * 2 - base / 3", false, &err), err);
    assert_ok(td_rulebook_builder_add_ranking_key(b, "not met(c0)", true, &err), err);
    assert_ok(td_rulebook_builder_add_award(b, "flag", NULL, "rank <= 3 and classification in ['good', 'fair']",
                                            &err),
              err);
    assert_ok(td_rulebook_builder_add_award(b, "merit", NULL,
                                            "not is_leader and members > 5 and deduction < bonus + 1 and "
                                            "max(attainment(c1), target(c4)) != 7 and award('flag') == false",
                                            &err),
              err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    return rb;
}

static td_cluster *random_cluster(const td_rulebook *rb, size_t members, bool extreme)
{
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2024, NULL, &err), err);
    for (size_t m = 0; m < members; m++) {
        char unit[32];
        snprintf(unit, sizeof unit, "u%03zu", m);
        assert_ok(td_cluster_add_member(cl, unit, NULL, &err), err);
        for (size_t i = 0; i < td_rulebook_criterion_count(rb); i++) {
            const char *id = td_rulebook_criterion_id(rb, i);
            if (td_rulebook_criterion_rule_kind(rb, i) == TD_RULE_MANUAL) {
                /* points within [0, max] mostly; the general code reports the others */
                td_decimal max = td_rulebook_criterion_max(rb, i), v;
                td_error e2;
                if (td_decimal_div(&v, max, digits_at(1, 0), 3, TD_ROUNDING_DOWN, &e2) != TD_OK)
                    v = max;
                if (extreme && below(100) == 0)
                    v = pick(extreme); /* perhaps above max: an error */
                assert_ok(td_cluster_set_score(cl, (td_score_source)below(3), unit, id, v, &err), err);
                continue;
            }
            td_decimal t = below(15) == 0 ? td_decimal_zero() : pick(extreme);
            assert_ok(td_cluster_set_target(cl, unit, id, t, &err), err);
            assert_ok(td_cluster_set_actual(cl, unit, id, pick(extreme), &err), err);
        }
        if (below(4) == 0)
            assert_ok(td_cluster_add_event(cl, unit, "late", 1 + below(3), &err), err);
        if (below(4) == 0)
            assert_ok(td_cluster_add_event(cl, unit, "prize", 1 + below(3), &err), err);
    }
    return cl;
}

/* r = A / T (or max(0, 2 - A / T) when lower is better), rounded to 6
 * decimals once, in td_decimal arithmetic; false when it overflows. */
static bool reference_attainment(td_decimal t, td_decimal a, td_direction direction, td_decimal *r)
{
    td_error err;
    if (td_decimal_is_zero(t)) {
        *r = td_decimal_from_int(direction == TD_DIRECTION_HIGHER || td_decimal_is_zero(a) ? 1 : 0);
        return true;
    }
    if (direction == TD_DIRECTION_HIGHER)
        return td_decimal_div(r, a, t, 6, TD_ROUNDING_HALF_UP, &err) == TD_OK;
    td_decimal num;
    if (td_decimal_add(&num, t, t, &err) != TD_OK || td_decimal_sub(&num, num, a, &err) != TD_OK)
        return false;
    if (td_decimal_sign(num) <= 0) {
        *r = td_decimal_zero();
        return true;
    }
    return td_decimal_div(r, num, t, 6, TD_ROUNDING_HALF_UP, &err) == TD_OK;
}

static size_t check_attainments(const td_rulebook *rb, const td_result *res)
{
    size_t checked = 0;
    for (size_t m = 0; m < td_result_member_count(res); m++)
        for (size_t i = 0; i < td_rulebook_criterion_count(rb); i++) {
            td_decimal t, a, r, want;
            if (!td_result_target(&t, res, m, i) || !td_result_actual(&a, res, m, i) ||
                !td_result_attainment(&r, res, m, i))
                continue;
            assert_true(reference_attainment(t, a, td_rulebook_criterion_direction(rb, i), &want));
            if (td_decimal_cmp(r, want) != 0 || td_decimal_scale(r) != td_decimal_scale(want)) {
                char g[TD_DECIMAL_STRING_SIZE], w[TD_DECIMAL_STRING_SIZE];
                td_decimal_format(g, sizeof g, r);
                td_decimal_format(w, sizeof w, want);
                fail_msg("member %zu criterion %zu: attainment %s, want %s", m, i, g, w);
            }
            checked++;
        }
    return checked;
}

/* The rank of every member on every `rank` criterion: 1 + the number of
 * members with a strictly higher attainment (sorted by 64-bit keys when
 * every attainment fits, by comparisons otherwise). */
static size_t check_criterion_ranks(const td_rulebook *rb, const td_result *res)
{
    size_t checked = 0, n = td_result_member_count(res);
    for (size_t i = 0; i < td_rulebook_criterion_count(rb); i++) {
        if (td_rulebook_criterion_rule_kind(rb, i) != TD_RULE_RANK)
            continue;
        for (size_t m = 0; m < n; m++) {
            size_t higher = 0;
            td_decimal r = td_numcol_get(&res->cells[i].attainment, m);
            for (size_t k = 0; k < n; k++)
                higher += td_decimal_cmp(td_numcol_get(&res->cells[i].attainment, k), r) > 0;
            assert_int_equal(res->crit_ranks[i][m], higher + 1);
            checked++;
        }
    }
    return checked;
}

typedef struct tally {
    size_t rounds, failed, attainments, ranks, general, numbers;
} tally;

static td_result *evaluate(const td_rulebook *rb, const td_cluster *cl, td_explain explain, bool general,
                           td_status *rc, td_error *err)
{
    td_eval_options opts;
    assert_ok(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION), *err);
    opts.explain = explain;
    td_result *res = NULL;
    *rc = general ? td_evaluate__general(&res, rb, cl, &opts, err) : td_evaluate(&res, rb, cl, &opts, err);
    return res;
}

/* Evaluates one random case by the general code alone and with the fast
 * paths, with and without explanations, and compares. */
static void one_case(int round, bool extreme, tally *t)
{
    static const unsigned odds[] = {0, 2000, 300, 30};
    huge_odds = odds[round % 4];
    td_rulebook *rb = random_rulebook(round, extreme);
    td_cluster *cl = random_cluster(rb, 20 + below(40), extreme);
    /* the reference: the general code, every text */
    static const struct {
        td_explain explain;
        bool general;
    } ways[] = {{TD_EXPLAIN_ALL, false}, {TD_EXPLAIN_NONE, false}, {TD_EXPLAIN_ON_DEMAND, false},
                {TD_EXPLAIN_NONE, true}};
    td_status want_rc;
    td_error want_err;
    td_result *want = evaluate(rb, cl, TD_EXPLAIN_ALL, true, &want_rc, &want_err);
    char *want_all = want_rc == TD_OK ? fixture_dump(want) : NULL;
    char *want_numbers = want_rc == TD_OK ? fixture_dump_numbers(want) : NULL;
    t->rounds++;
    t->failed += want_rc != TD_OK;
    for (size_t w = 0; w < sizeof ways / sizeof ways[0]; w++) {
        td_status rc;
        td_error err;
        td_result *res = evaluate(rb, cl, ways[w].explain, ways[w].general, &rc, &err);
        if (want_rc != TD_OK) {
            /* the same error, word for word, whichever path found it */
            if (rc != want_rc || strcmp(err.message, want_err.message) != 0)
                fail_msg("round %d, way %zu: %d \"%s\", want %d \"%s\"", round, w, rc, err.message, want_rc,
                         want_err.message);
            continue;
        }
        assert_int_equal(rc, TD_OK);
        bool texts = ways[w].explain != TD_EXPLAIN_NONE;
        char *got = texts ? fixture_dump(res) : fixture_dump_numbers(res);
        if (strcmp(got, texts ? want_all : want_numbers) != 0)
            fail_msg("round %d, way %zu: another result:\n%s\n---\n%s", round, w, texts ? want_all : want_numbers,
                     got);
        free(got);
        if (w == 1) {
            t->ranks += check_criterion_ranks(rb, res);
            t->general += atomic_load(&res->general_path);
            t->numbers += td_result_member_count(res) * (td_rulebook_criterion_count(rb) + 1);
        }
        td_result_free(res);
    }
    if (want_rc == TD_OK)
        t->attainments += check_attainments(rb, want);
    free(want_all);
    free(want_numbers);
    td_result_free(want);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

static void extreme_numbers_give_the_same_results_both_ways(void **state)
{
    (void)state;
    tally t = {0};
    int rounds = td_test_quick() ? 40 : 300;
    for (int round = 0; round < rounds; round++)
        one_case(round, true, &t);
    print_message("%zu cases (%zu failing alike), %zu attainments and %zu ranks checked, %zu of %zu numbers left to "
                  "the general code\n",
                  t.rounds, t.failed, t.attainments, t.ranks, t.general, t.numbers);
    /* both paths taken, and the errors compared too */
    assert_true(t.general > 0);
    assert_true(t.general < t.numbers / 2);
    assert_true(t.failed > 0);
    assert_true(t.failed < t.rounds);
    assert_true(t.attainments > 1000);
    assert_true(t.ranks > 500);
}

static void ordinary_numbers_never_leave_the_fast_paths(void **state)
{
    (void)state;
    tally t = {0};
    for (int round = 0; round < 16; round++)
        one_case(round, false, &t);
    assert_int_equal(t.failed, 0);
    assert_int_equal(t.general, 0);
    assert_true(t.numbers > 1000);
}

/* Clusters large enough for threads (more than 512 members a thread) and
 * for result columns in arena blocks of their own: the fast paths in 2, 3
 * and 4 threads, each evaluation in memory the one before freed, give the
 * general code's numbers in one. */
static void large_clusters_in_threads_score_alike(void **state)
{
    (void)state;
    size_t rounds = td_test_quick() ? 1 : 3;
    for (size_t round = 0; round < rounds; round++) {
        huge_odds = round == 2 ? 300 : 0;
        td_rulebook *rb = random_rulebook((int)round, round == 2);
        td_cluster *cl = random_cluster(rb, 1100 + 700 * round, round == 2);
        td_status want_rc;
        td_error want_err;
        td_result *want = evaluate(rb, cl, TD_EXPLAIN_NONE, true, &want_rc, &want_err);
        char *want_numbers = want_rc == TD_OK ? fixture_dump_numbers(want) : NULL;
        /* each evaluation reuses the memory the one before freed, not zeroed */
        for (unsigned threads = 2; threads <= 4; threads++) {
            td_eval_options opts;
            td_error err;
            assert_ok(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION), err);
            opts.explain = TD_EXPLAIN_NONE;
            opts.threads = threads;
            td_result *res = NULL;
            td_status rc = td_evaluate(&res, rb, cl, &opts, &err);
            if (want_rc != TD_OK) {
                assert_int_equal(rc, want_rc);
                assert_string_equal(err.message, want_err.message);
                continue;
            }
            assert_ok(rc, err);
            char *got = fixture_dump_numbers(res);
            if (strcmp(got, want_numbers) != 0)
                fail_msg("round %zu, %u threads: another result", round, threads);
            free(got);
            td_result_free(res);
        }
        free(want_numbers);
        td_result_free(want);
        td_cluster_free(cl);
        td_rulebook_free(rb);
    }
}

/* Attainments exactly at, just below and just above each boundary of the
 * commonest rules (threshold at 100 %, bands at 100 % and 80 %, a
 * proportional cap of 120 % with halves to round): the column kernels of
 * scoring.c give the general code's points, as the reference says. */
static void boundaries_score_alike_both_ways(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "edges", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err), err);
    static const char *const ids[] = {"t", "b", "p", "q"};
    td_band bands[3] = {{td_decimal_from_int(1), td_decimal_from_int(10)},
                        {digits_at(1, 1), digits_at(3, 3)}, /* 0.8 -> 7.5 (placed below) */
                        {td_decimal_zero(), td_decimal_from_int(3)}};
    td_decimal_parse(&bands[1].at, "0.8", NULL);
    td_decimal_parse(&bands[1].points, "7.555", NULL); /* rounded to 7.56 */
    for (size_t i = 0; i < 4; i++) {
        td_decimal max;
        td_decimal_parse(&max, i == 3 ? "7.5" : "10", NULL);
        assert_ok(td_rulebook_builder_add_criterion(b, "A", ids[i], NULL, max, &err), err);
        td_rule r = TD_RULE_INIT;
        r.kind = i == 0 ? TD_RULE_THRESHOLD : i == 1 ? TD_RULE_BANDS : TD_RULE_PROPORTIONAL;
        r.at = td_decimal_from_int(1);
        td_decimal_parse(&r.cap, "1.2", NULL);
        r.bands = bands;
        r.band_count = 3;
        assert_ok(td_rulebook_builder_set_rule(b, ids[i], &r, &err), err);
    }
    /* negative actuals with a positive target: 2 x 749.9999995 - 1500 = -0.000001 has 6 decimals more than
     * the target 500, so that attainments divide a negative coefficient by no power of ten */
    assert_ok(td_rulebook_builder_add_measure(b, "neg", "t * 2 - 1500", &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "A", "n", NULL, td_decimal_from_int(10), &err), err);
    assert_ok(td_rulebook_builder_set_measure(b, "n", "neg", &err), err);
    td_rule prop = TD_RULE_INIT;
    prop.kind = TD_RULE_PROPORTIONAL;
    assert_ok(td_rulebook_builder_set_rule(b, "n", &prop, &err), err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    /* actuals for a target of 1000: attainments 1, 0.999999 (rounded from
     * 0.9999994), 1.000001, 0.8, 0.799999, 1.2, 1.2000005 -> 1.200001,
     * 0.000001 and 0.5; q's 7.5 x 0.999999 = 7.4999925 -> 7.50 */
    static const char *const actuals[] = {"1000", "999.9994", "1000.001", "800",        "799.999",
                                          "1200", "1200.0005", "0.001",    "500", "749.9999995"};
    enum { N = sizeof actuals / sizeof actuals[0] };
    static const char *const want[N][4] = {
        {"10", "10", "10", "7.5"},  {"0", "7.56", "10", "7.5"}, {"10", "10", "10", "7.5"},
        {"0", "7.56", "8", "6"},    {"0", "3", "8", "6"},       {"10", "10", "12", "9"},
        {"10", "10", "12", "9"},    {"0", "3", "0", "0"},       {"0", "3", "5", "3.75"},
        {"0", "3", "7.5", "5.63"},
    };
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2024, NULL, &err), err);
    for (size_t m = 0; m < N; m++) {
        char unit[8];
        snprintf(unit, sizeof unit, "u%zu", m);
        assert_ok(td_cluster_add_member(cl, unit, NULL, &err), err);
        for (size_t i = 0; i < 4; i++) {
            td_decimal a;
            assert_ok(td_decimal_parse(&a, actuals[m], &err), err);
            assert_ok(td_cluster_set_target(cl, unit, ids[i], td_decimal_from_int(1000), &err), err);
            assert_ok(td_cluster_set_actual(cl, unit, ids[i], a, &err), err);
        }
    }
    td_status rc;
    td_result *fast = evaluate(rb, cl, TD_EXPLAIN_NONE, false, &rc, &err);
    assert_ok(rc, err);
    td_result *general = evaluate(rb, cl, TD_EXPLAIN_NONE, true, &rc, &err);
    assert_ok(rc, err);
    assert_int_equal(atomic_load(&fast->general_path), 0);
    char *got = fixture_dump_numbers(fast), *ref = fixture_dump_numbers(general);
    assert_string_equal(got, ref);
    for (size_t m = 0; m < N; m++) {
        char unit[8];
        size_t at;
        snprintf(unit, sizeof unit, "u%zu", m);
        assert_ok(td_result_find_member(&at, fast, unit, &err), err);
        for (size_t i = 0; i < 4; i++) {
            td_decimal w;
            assert_ok(td_decimal_parse(&w, want[m][i], &err), err);
            if (td_decimal_cmp(td_result_points(fast, at, i), w) != 0) {
                char g[TD_DECIMAL_STRING_SIZE];
                td_decimal_format(g, sizeof g, td_result_points(fast, at, i));
                fail_msg("actual %s, criterion %s: %s points, want %s", actuals[m], ids[i], g, want[m][i]);
            }
        }
    }
    free(got);
    free(ref);
    td_result_free(fast);
    td_result_free(general);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extreme_numbers_give_the_same_results_both_ways),
        cmocka_unit_test(ordinary_numbers_never_leave_the_fast_paths),
        cmocka_unit_test(boundaries_score_alike_both_ways),
        cmocka_unit_test(large_clusters_in_threads_score_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
