/*
 * Random rulebooks and data through the engine: every result is the same
 * for 1, 2 and 4 threads, with explanations written, rendered on demand or
 * none, and the points
 * of the proportional, threshold, bands and shortfall rules, the
 * attainment and the base agree with a straightforward reference computed
 * here from the contract's formulas (docs/scoring.md), member by member.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "td_test.h"

static uint64_t rng = 0x2545F4914F6CDD1Du;

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

/* A decimal of `units` with `scale` decimals. */
static td_decimal dec(int64_t units, int scale)
{
    td_decimal d;
    td_error err;
    assert_ok(td_decimal_from_parts(&d, units, scale, &err), err);
    return d;
}

enum { MAX_CRITERIA = 12 };

/* What the reference needs of each criterion. */
typedef struct crit {
    char id[24];
    td_rule rule;
    td_band bands[3];
    td_decimal rank_points[3];
    td_decimal max;
    td_direction direction;
    size_t section;
} crit;

typedef struct scheme {
    int precision;
    size_t sections, criteria;
    bool section_has_max[3];
    td_decimal section_max[3];
    crit c[MAX_CRITERIA];
} scheme;

/* A random rulebook; the rule kinds and shortfall steps go round with
 * `round`, so that every one comes up. */
static td_rulebook *random_rulebook(scheme *s, int round)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "random", NULL, &err), err);
    s->precision = (int)below(4);
    assert_ok(td_rulebook_builder_set_precision(b, s->precision, &err), err);
    s->sections = 1 + below(3);
    for (size_t k = 0; k < s->sections; k++) {
        char id[4] = {(char)('A' + k), 0};
        s->section_has_max[k] = below(2) == 0;
        s->section_max[k] = dec(20 + below(40), 0);
        assert_ok(td_rulebook_builder_add_section(b, id, NULL, s->section_has_max[k] ? &s->section_max[k] : NULL,
                                                  &err),
                  err);
    }
    s->criteria = 3 + below(MAX_CRITERIA - 2);
    for (size_t i = 0; i < s->criteria; i++) {
        crit *c = &s->c[i];
        snprintf(c->id, sizeof c->id, "c%zu", i);
        c->section = i < s->sections ? i : below((unsigned)s->sections); /* no section empty */
        c->max = below(2) ? dec(5 + below(20), 0) : dec(50 + below(200), 1); /* at least 5 */
        char section[4] = {(char)('A' + c->section), 0};
        assert_ok(td_rulebook_builder_add_criterion(b, section, c->id, NULL, c->max, &err), err);
        c->direction = below(4) == 0 ? TD_DIRECTION_LOWER : TD_DIRECTION_HIGHER;
        assert_ok(td_rulebook_builder_set_direction(b, c->id, c->direction, &err), err);
        td_rule r = TD_RULE_INIT;
        switch ((i + 3 * (size_t)round) % 8) {
        case 0:
        case 1:
            r.kind = TD_RULE_PROPORTIONAL;
            r.cap = below(2) ? dec(1, 0) : dec(12, 1);
            break;
        case 2:
            r.kind = TD_RULE_THRESHOLD;
            r.at = dec(80 + below(21), 2);
            break;
        case 3:
            r.kind = TD_RULE_BANDS;
            c->bands[0] = (td_band){dec(1, 0), c->max};
            c->bands[1] = (td_band){dec(9, 1), dec(3 + below(3), 0)};
            c->bands[2] = (td_band){dec(75, 2), dec(1, 0)};
            r.bands = c->bands;
            r.band_count = 3;
            break;
        case 4:
            r.kind = TD_RULE_SHORTFALL;
            r.deduct = dec(1 + below(4), below(2));
            r.per = dec(1 + below(10), 0);
            r.step = (td_shortfall_step)(((size_t)round + i / 8) % 3);
            r.min = dec(below(3), 0);
            break;
        case 5:
            r.kind = TD_RULE_BEST;
            r.best_of = below(2) ? TD_BEST_OF_ACTUAL : TD_BEST_OF_ATTAINMENT;
            break;
        case 6:
            r.kind = TD_RULE_RANK;
            c->rank_points[0] = c->max;
            c->rank_points[1] = dec(3, 0);
            c->rank_points[2] = dec(1, 0);
            r.rank_points = c->rank_points;
            r.rank_point_count = 3;
            break;
        default: {
            /* an expression of its own criterion's attainment */
            static char texts[MAX_CRITERIA][64];
            snprintf(texts[i], sizeof texts[i], below(2) ? "min(attainment(%s), 1) * 4" : "if(met(%s), 3, 1)",
                     c->id);
            r.kind = TD_RULE_EXPR;
            r.expr = texts[i];
            break;
        }
        }
        c->rule = r;
        assert_ok(td_rulebook_builder_set_rule(b, c->id, &r, &err), err);
        if (below(3) == 0) {
            td_decimal bmax = dec(2, 0);
            assert_ok(td_rulebook_builder_set_bonus(b, c->id, dec(5, 0), dec(5, 1), below(2) ? &bmax : NULL, &err),
                      err);
        }
    }
    td_decimal two = dec(2, 0);
    assert_ok(td_rulebook_builder_add_adjustment(b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, dec(1, 0), &two, &err),
              err);
    td_decimal fifty = dec(50, 0);
    assert_ok(td_rulebook_builder_add_classification(b, "good", NULL, &fifty, &err), err);
    assert_ok(td_rulebook_builder_add_classification(b, "other", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_award(b, "flag", NULL, "classification == 'good'", &err), err);
    assert_ok(td_rulebook_builder_set_award_quota_percent(b, "flag", dec(30, 0), TD_ROUNDING_FLOOR, 1, &err), err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    return rb;
}

static td_cluster *random_cluster(const scheme *s, size_t members)
{
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2024, NULL, &err), err);
    for (size_t m = 0; m < members; m++) {
        char unit[32];
        snprintf(unit, sizeof unit, "u%05zu", m);
        assert_ok(td_cluster_add_member(cl, unit, NULL, &err), err);
        for (size_t i = 0; i < s->criteria; i++) {
            /* small ranges: ties are common; a target of 0 now and then */
            td_decimal t = below(25) == 0 ? dec(0, 0) : dec(50 + below(150), below(2));
            td_decimal a = dec(below(300), below(3));
            assert_ok(td_cluster_set_target(cl, unit, s->c[i].id, t, &err), err);
            assert_ok(td_cluster_set_actual(cl, unit, s->c[i].id, a, &err), err);
        }
        if (below(7) == 0)
            assert_ok(td_cluster_add_event(cl, unit, "late", 1 + below(3), &err), err);
    }
    return cl;
}

static td_decimal round_p(td_decimal v, int places)
{
    td_decimal out;
    td_error err;
    assert_ok(td_decimal_round(&out, v, places, TD_ROUNDING_HALF_UP, &err), err);
    return out;
}

static td_decimal mul(td_decimal a, td_decimal b)
{
    td_decimal out;
    td_error err;
    assert_ok(td_decimal_mul(&out, a, b, &err), err);
    return out;
}

static td_decimal sub(td_decimal a, td_decimal b)
{
    td_decimal out;
    td_error err;
    assert_ok(td_decimal_sub(&out, a, b, &err), err);
    return out;
}

static td_decimal add(td_decimal a, td_decimal b)
{
    td_decimal out;
    td_error err;
    assert_ok(td_decimal_add(&out, a, b, &err), err);
    return out;
}

static td_decimal divide(td_decimal a, td_decimal b, int places, td_rounding mode)
{
    td_decimal out;
    td_error err;
    assert_ok(td_decimal_div(&out, a, b, places, mode, &err), err);
    return out;
}

/* The attainment of the contract: a / t, or 2 - a / t lower is better,
 * rounded to 6 decimals once. */
static td_decimal reference_attainment(td_decimal t, td_decimal a, td_direction direction)
{
    if (td_decimal_is_zero(t))
        return direction == TD_DIRECTION_HIGHER || td_decimal_is_zero(a) ? dec(1, 0) : dec(0, 0);
    if (direction == TD_DIRECTION_HIGHER)
        return divide(a, t, 6, TD_ROUNDING_HALF_UP);
    td_decimal num = sub(add(t, t), a);
    return td_decimal_sign(num) <= 0 ? dec(0, 0) : divide(num, t, 6, TD_ROUNDING_HALF_UP);
}

/* The points of the rules the reference knows; false for the others. */
static bool reference_points(const crit *c, td_decimal r, int precision, td_decimal *out)
{
    td_decimal one = dec(1, 0), hundred = dec(100, 0);
    switch (c->rule.kind) {
    case TD_RULE_PROPORTIONAL:
        *out = round_p(mul(c->max, td_decimal_min(r, c->rule.cap)), precision);
        return true;
    case TD_RULE_THRESHOLD:
        *out = round_p(td_decimal_cmp(r, c->rule.at) >= 0 ? c->max : dec(0, 0), precision);
        return true;
    case TD_RULE_BANDS:
        *out = dec(0, 0);
        for (size_t i = 0; i < 3; i++)
            if (td_decimal_cmp(r, c->bands[i].at) >= 0) {
                *out = c->bands[i].points;
                break;
            }
        *out = round_p(*out, precision);
        return true;
    case TD_RULE_SHORTFALL: {
        if (td_decimal_cmp(r, one) >= 0) {
            *out = round_p(c->max, precision);
            return true;
        }
        td_decimal gap = mul(sub(one, r), hundred); /* percentage points short */
        if (c->rule.step == TD_SHORTFALL_STEP_LINEAR) {
            /* max - deduct x gap / per, exact until the one rounding, at least min */
            td_decimal num = sub(mul(c->max, c->rule.per), mul(c->rule.deduct, gap));
            *out = td_decimal_cmp(num, mul(c->rule.min, c->rule.per)) < 0
                       ? round_p(c->rule.min, precision)
                       : divide(num, c->rule.per, precision, TD_ROUNDING_HALF_UP);
            return true;
        }
        td_decimal steps = divide(gap, c->rule.per, 0,
                                  c->rule.step == TD_SHORTFALL_STEP_CEIL ? TD_ROUNDING_CEIL : TD_ROUNDING_FLOOR);
        td_decimal left = sub(c->max, mul(c->rule.deduct, steps));
        *out = round_p(td_decimal_max(c->rule.min, left), precision);
        return true;
    }
    default: return false;
    }
}

static void assert_same(td_decimal got, td_decimal want, const char *what, size_t m, const char *id)
{
    if (td_decimal_cmp(got, want) != 0) {
        char g[TD_DECIMAL_STRING_SIZE], w[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(g, sizeof g, got);
        td_decimal_format(w, sizeof w, want);
        fail_msg("%s of member %zu on %s: %s, the reference says %s", what, m, id, g, w);
    }
}

/* Checks every member against the reference; returns how many criterion
 * points the reference computed. */
static size_t kinds_seen[16];

static size_t check_against_reference(const scheme *s, const td_result *res)
{
    size_t checked = 0;
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        td_decimal section_sum[3] = {dec(0, 0), dec(0, 0), dec(0, 0)};
        for (size_t k = 0; k < s->criteria; k++) {
            const crit *c = &s->c[k];
            /* the rulebook numbers its criteria section by section */
            size_t i = 0;
            while (strcmp(td_rulebook_criterion_id(td_result_rulebook(res), i), c->id) != 0)
                i++;
            td_decimal t, a, r, want;
            assert_true(td_result_target(&t, res, m, i) && td_result_actual(&a, res, m, i));
            bool has_r = td_result_attainment(&r, res, m, i);
            assert_true(has_r);
            assert_same(r, reference_attainment(t, a, c->direction), "attainment", m, c->id);
            assert_int_equal(td_result_met(res, m, i), td_decimal_cmp(r, dec(1, 0)) >= 0);
            if (reference_points(c, r, s->precision, &want)) {
                assert_same(td_result_points(res, m, i), want, "points", m, c->id);
                kinds_seen[c->rule.kind == TD_RULE_SHORTFALL ? 8 + c->rule.step : c->rule.kind]++;
                checked++;
            }
            section_sum[c->section] = add(section_sum[c->section], td_result_points(res, m, i));
        }
        td_decimal base = dec(0, 0);
        for (size_t k = 0; k < s->sections; k++) {
            assert_same(td_result_section_points(res, m, k),
                        s->section_has_max[k] ? td_decimal_min(section_sum[k], s->section_max[k]) : section_sum[k],
                        "section points", m, "a section");
            base = add(base, td_result_section_points(res, m, k));
        }
        assert_same(td_result_member_base(res, m), base, "base", m, "every criterion");
        /* total = max(0, base + bonus - deduction) */
        td_decimal total = sub(add(base, td_result_member_bonus(res, m)), td_result_member_deduction(res, m));
        assert_same(td_result_member_total(res, m), td_decimal_max(dec(0, 0), total), "total", m, "the member");
    }
    return checked;
}

static void random_rulebooks_agree_across_threads_explanations_and_the_reference(void **state)
{
    (void)state;
    size_t reference_rules = 0;
    /* under valgrind: the round of two threads and two small ones */
    bool quick = td_test_quick();
    for (int round = quick ? 1 : 0; round < (quick ? 4 : 8); round++) {
        scheme s;
        memset(&s, 0, sizeof s);
        td_rulebook *rb = random_rulebook(&s, round);
        /* two rounds big enough for two and four threads of 512 members */
        size_t members = round == 0 ? 2100 : round == 1 ? 1100 : 30 + below(200);
        td_cluster *cl = random_cluster(&s, members);
        td_result *one = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
        char *want = fixture_dump(one), *want_numbers = fixture_dump_numbers(one);
        reference_rules += check_against_reference(&s, one);
        /* every text, on demand (the same texts), none (the same numbers) */
        static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_ON_DEMAND, TD_EXPLAIN_NONE};
        static const unsigned threads[] = {2, 4};
        for (size_t t = 0; t < (quick ? 1u : 2u); t++)
            for (size_t e = 0; e < 3; e++) {
                td_result *res = td_test_evaluate(rb, cl, modes[e], threads[t], NULL);
                bool texts = modes[e] != TD_EXPLAIN_NONE;
                char *got = texts ? fixture_dump(res) : fixture_dump_numbers(res);
                if (strcmp(got, texts ? want : want_numbers) != 0)
                    fail_msg("round %d: %u threads, explain mode %d, give another result", round, threads[t],
                             (int)modes[e]);
                free(got);
                td_result_free(res);
            }
        free(want);
        free(want_numbers);
        td_result_free(one);
        td_cluster_free(cl);
        td_rulebook_free(rb);
    }
    /* the rules the reference knows came up, for thousands of members */
    print_message("%zu criterion points checked against the reference\n", reference_rules);
    /* each rule the reference knows, and each way of counting shortfall steps */
    static const int known[] = {TD_RULE_PROPORTIONAL, TD_RULE_THRESHOLD, TD_RULE_BANDS, 8 + TD_SHORTFALL_STEP_LINEAR,
                                8 + TD_SHORTFALL_STEP_CEIL, 8 + TD_SHORTFALL_STEP_FLOOR};
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (kinds_seen[known[k]] < (quick ? 10u : 100u))
            fail_msg("the reference checked only %zu points of kind %d", kinds_seen[known[k]], known[k]);
    assert_true(reference_rules >= (quick ? 500u : 2000u));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_rulebooks_agree_across_threads_explanations_and_the_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
