/*
 * Attainment and the scoring rules, member by member: each table row is one
 * criterion configuration, one target and actual, and the attainment,
 * points, bonus and explanation the contract gives for them.
 */
#include <stdlib.h>

#include "one_criterion.h"

typedef void (*rule_setup)(td_rulebook_builder *b);

static void set(td_status rc, const td_error *err)
{
    if (rc != TD_OK)
        fail_msg("setup failed: %s", err->message);
}

#define SETUP(name, body)                                                                          \
    static void name(td_rulebook_builder *b)                                                       \
    {                                                                                              \
        td_error err;                                                                              \
        body;                                                                                      \
    }

SETUP(prop1, set(tr_rule_proportional(b, "c", D("1"), &err), &err))
SETUP(prop12, set(tr_rule_proportional(b, "c", D("1.2"), &err), &err))
SETUP(prop1_lower, {
    set(tr_rule_proportional(b, "c", D("1"), &err), &err);
    set(td_rulebook_builder_set_direction(b, "c", TD_DIRECTION_LOWER, &err), &err);
})
SETUP(thr1, set(tr_rule_threshold(b, "c", D("1"), &err), &err))
SETUP(thr90, set(tr_rule_threshold(b, "c", D("0.9"), &err), &err))
SETUP(short_linear, set(tr_rule_shortfall(b, "c", D("1"), D("5"), TD_SHORTFALL_STEP_LINEAR, D("0"), &err), &err))
SETUP(short_ceil, set(tr_rule_shortfall(b, "c", D("1"), D("5"), TD_SHORTFALL_STEP_CEIL, D("0"), &err), &err))
SETUP(short_floor, set(tr_rule_shortfall(b, "c", D("1"), D("5"), TD_SHORTFALL_STEP_FLOOR, D("0"), &err), &err))
SETUP(short_min8, set(tr_rule_shortfall(b, "c", D("1"), D("5"), TD_SHORTFALL_STEP_LINEAR, D("8"), &err), &err))
SETUP(short_per3, set(tr_rule_shortfall(b, "c", D("1"), D("3"), TD_SHORTFALL_STEP_LINEAR, D("0"), &err), &err))
SETUP(short_lower, {
    set(tr_rule_shortfall(b, "c", D("1"), D("5"), TD_SHORTFALL_STEP_CEIL, D("0"), &err), &err);
    set(td_rulebook_builder_set_direction(b, "c", TD_DIRECTION_LOWER, &err), &err);
})
SETUP(bands, {
    set(tr_rule_bands(b, "c", &err), &err);
    set(tr_add_band(b, "c", D("0.8"), D("4"), &err), &err);
    set(tr_add_band(b, "c", D("0.6"), D("3"), &err), &err);
})
/* bands of the actual value: a rate in percent, 80 → 4, 60 → 3, nothing below */
SETUP(bands_actual, {
    set(tr_rule_bands_of(b, "c", TD_BANDS_OF_ACTUAL, &err), &err);
    set(tr_add_band(b, "c", D("80"), D("4"), &err), &err);
    set(tr_add_band(b, "c", D("60"), D("3"), &err), &err);
})
/* the same on a ratio (what `at: 80%` gives), with a catch-all band */
SETUP(bands_actual_ratio, {
    set(tr_rule_bands_of(b, "c", TD_BANDS_OF_ACTUAL, &err), &err);
    set(tr_add_band(b, "c", D("0.8"), D("4"), &err), &err);
    set(tr_add_band(b, "c", D("0.6"), D("3"), &err), &err);
    set(tr_add_band(b, "c", D("0"), D("2"), &err), &err);
})
SETUP(bands_actual_bonus, {
    set(tr_rule_bands_of(b, "c", TD_BANDS_OF_ACTUAL, &err), &err);
    set(tr_add_band(b, "c", D("80"), D("4"), &err), &err);
    set(td_rulebook_builder_set_bonus(b, "c", D("10"), D("0.5"), NULL, &err), &err);
})
/* a lower-is-better rate: the direction does not turn the bands round, the
 * points do (under 2 → 4, 2 to under 5 → 2, 5 and above → 0) */
SETUP(bands_actual_lower, {
    set(td_rulebook_builder_set_direction(b, "c", TD_DIRECTION_LOWER, &err), &err);
    set(tr_rule_bands_of(b, "c", TD_BANDS_OF_ACTUAL, &err), &err);
    set(tr_add_band(b, "c", D("5"), D("0"), &err), &err);
    set(tr_add_band(b, "c", D("2"), D("2"), &err), &err);
    set(tr_add_band(b, "c", D("0"), D("4"), &err), &err);
})
SETUP(bonus_capped, {
    set(tr_rule_proportional(b, "c", D("1"), &err), &err);
    td_decimal max = D("2");
    set(td_rulebook_builder_set_bonus(b, "c", D("10"), D("0.5"), &max, &err), &err);
})
SETUP(bonus_thirds, {
    set(tr_rule_threshold(b, "c", D("1"), &err), &err);
    set(td_rulebook_builder_set_bonus(b, "c", D("1"), D("0.333"), NULL, &err), &err);
})
/* for the rounding rows: a band exactly at 1, then a band and a threshold
 * just above 1, and a bonus fine enough to see a ten-millionth */
SETUP(bands_at1, {
    set(tr_rule_bands(b, "c", &err), &err);
    set(tr_add_band(b, "c", D("1"), D("4"), &err), &err);
    set(tr_add_band(b, "c", D("0.8"), D("3"), &err), &err);
})
SETUP(bands_above1, {
    set(tr_rule_bands(b, "c", &err), &err);
    set(tr_add_band(b, "c", D("1.0000001"), D("4"), &err), &err);
    set(tr_add_band(b, "c", D("0"), D("2"), &err), &err);
})
SETUP(thr_above1, set(tr_rule_threshold(b, "c", D("1.0000001"), &err), &err))
SETUP(bonus_fine, {
    set(tr_rule_proportional(b, "c", D("1"), &err), &err);
    set(td_rulebook_builder_set_bonus(b, "c", D("0.00001"), D("1"), NULL, &err), &err);
})

typedef struct row {
    const char *what;
    rule_setup setup;
    const char *max, *target, *actual;
    const char *attainment; /* "-" for none */
    int met;
    const char *points, *bonus;
    const char *explain_en; /* a part of the English explanation */
} row;

static const row rows[] = {
    /* proportional, attainment and rounding */
    {"the contract's example", prop1, "10", "900", "950", "1.055556", 1, "10", "0",
     "950 / 900 = 105.56 % (met) → min(1.055556, 1) × 10 = 10.00"},
    {"half of the target", prop1, "10", "900", "450", "0.5", 0, "5", "0", "(not met) → min(0.5, 1) × 10 = 5.00"},
    {"a cap above 1 lets points exceed max", prop12, "10", "1000", "1300", "1.3", 1, "12", "0",
     "min(1.3, 1.2) × 10 = 12.00"},
    {"target 0 gives r = 1", prop1, "10", "0", "5", "1", 1, "10", "0", "target 0 → r = 1"},
    {"target 0 and actual 0 give r = 1", prop1, "10", "0", "0", "1", 1, "10", "0", "target 0 → r = 1"},
    {"attainment rounds to 6 decimals", prop1, "10", "3", "2", "0.666667", 0, "6.67", "0", "2 / 3 = 66.67 %"},
    {"attainment halfway at the 7th decimal rounds up", prop1, "1", "2000000", "1", "0.000001", 0, "0",
     "0", "1 / 2000000 = 0.00 %"},
    {"points exactly at .005 round away from zero", prop1, "1", "8", "1", "0.125", 0, "0.13", "0", "= 0.13"},
    {"points just under .005 round down", prop1, "10", "2000", "0.99", "0.000495", 0, "0", "0", "= 0.00"},
    {"points at .005 from a tiny attainment", prop1, "10", "2000", "1", "0.0005", 0, "0.01", "0", "× 10 = 0.01"},
    /* lower is better */
    {"lower: below target is above 100 %", prop1_lower, "10", "5", "4.2", "1.16", 1, "10",
     "0", "lower is better: max(0, 2 − 4.2 / 5) = 116.00 % (met)"},
    {"lower: above target", prop1_lower, "10", "5", "7.5", "0.5", 0, "5", "0", "max(0, 2 − 7.5 / 5) = 50.00 %"},
    {"lower: twice the target or more gives 0", prop1_lower, "10", "5", "11", "0", 0, "0", "0", "= 0.00 %"},
    {"lower: target 0 and actual 0 give r = 1", prop1_lower, "10", "0", "0", "1", 1, "10",
     "0", "lower is better, target 0, actual 0 → r = 1"},
    {"lower: target 0 and actual above 0 give r = 0", prop1_lower, "10", "0", "0.1", "0", 0, "0",
     "0", "target 0, actual 0.1 → r = 0"},
    {"lower: r rounds once from the exact 2 − A/T", prop1_lower, "1", "2000000", "3999999", "0.000001", 0,
     "0", "0", "(not met)"},
    /* threshold */
    {"threshold reached exactly", thr1, "10", "100", "100", "1", 1, "10", "0", "1 ≥ 1 → full 10 = 10.00"},
    {"threshold missed by a millionth", thr1, "10", "1000000", "999999", "0.999999", 0, "0",
     "0", "0.999999 < 1 → 0 = 0.00"},
    {"threshold at 90 %", thr90, "10", "100", "90", "0.9", 0, "10", "0", "0.9 ≥ 0.9"},
    /* shortfall */
    {"shortfall: met gives max", short_linear, "10", "100", "101", "1.01", 1, "10", "0", "no shortfall, full 10"},
    {"shortfall linear", short_linear, "10", "100", "88", "0.88", 0, "7.6",
     "0", "shortfall (1 − 0.88) × 100 / 5 = 2.4 → max(0, 10 − 1 × 2.4) = 7.60"},
    {"shortfall ceil counts a started step", short_ceil, "10", "100", "88", "0.88", 0, "7",
     "0", "→ 3 steps (rounded up) → max(0, 10 − 1 × 3) = 7.00"},
    {"shortfall floor counts whole steps", short_floor, "10", "100", "88", "0.88", 0, "8",
     "0", "→ 2 steps (rounded down)"},
    {"shortfall ceil on an exact step boundary", short_ceil, "10", "100", "90", "0.9", 0, "8", "0", "→ 2 steps"},
    {"shortfall of one step says step", short_floor, "10", "100", "93", "0.93", 0, "9",
     "0", "→ 1 step (rounded down) → max(0, 10 − 1 × 1) = 9.00"},
    {"shortfall never goes below min", short_min8, "10", "100", "50", "0.5", 0, "8", "0", "max(8, 10 − 1 × 10) = 8.00"},
    {"shortfall never goes below 0", short_linear, "10", "100", "0", "0", 0, "0", "0", "max(0, 10 − 1 × 20) = 0.00"},
    {"shortfall linear with a repeating step rounds once", short_per3, "10", "100", "90", "0.9", 0, "6.67",
     "0", "/ 3 ≈ 3.333333"},
    {"shortfall on a lower-is-better measure", short_lower, "10", "5", "5.4", "0.92", 0, "8",
     "0", "→ 2 steps (rounded up)"},
    /* bands */
    {"bands: above the top band", bands, "4", "100", "85", "0.85", 0, "4", "0", "0.85 ≥ 0.8 → band 1 = 4.00"},
    {"bands: exactly on a band", bands, "4", "100", "80", "0.8", 0, "4", "0", "band 1"},
    {"bands: just below a band", bands, "4", "10000", "7999", "0.7999", 0, "3", "0", "0.7999 ≥ 0.6 → band 2 = 3.00"},
    {"bands: below every band", bands, "4", "100", "59", "0.59", 0, "0", "0", "0.59 < 0.6 (below every band) → 0"},
    /* bands of the actual value: no target, no attainment, not met, no bonus */
    {"bands of actual: on a band edge", bands_actual, "4", "", "80", "-", -1, "4", "0",
     "actual 80 ≥ 80 → band 1 = 4.00"},
    {"bands of actual: above the top band", bands_actual, "4", "", "83.5", "-", -1, "4", "0",
     "actual 83.5 ≥ 80 → band 1 = 4.00"},
    {"bands of actual: between two bands", bands_actual, "4", "", "79.99", "-", -1, "3", "0",
     "actual 79.99 ≥ 60 → band 2 = 3.00"},
    {"bands of actual: on the lower band's edge", bands_actual, "4", "", "60", "-", -1, "3", "0",
     "actual 60 ≥ 60 → band 2 = 3.00"},
    {"bands of actual: below every band", bands_actual, "4", "", "59.999999", "-", -1, "0", "0",
     "actual 59.999999 < 60 (below every band) → 0 = 0.00"},
    {"bands of actual: actual 0", bands_actual, "4", "", "0", "-", -1, "0", "0",
     "actual 0 < 60 (below every band) → 0 = 0.00"},
    {"bands of actual: a ratio against 80 %", bands_actual_ratio, "4", "", "0.832016", "-", -1, "4", "0",
     "actual 0.832016 ≥ 0.8 → band 1 = 4.00"},
    {"bands of actual: a ratio in the catch-all band", bands_actual_ratio, "4", "", "0.59", "-", -1, "2",
     "0", "actual 0.59 ≥ 0 → band 3 = 2.00"},
    /* ... with a target: the attainment exists (met, bonus) but the bands read the actual */
    {"bands of actual with a target", bands_actual, "4", "100", "83.5", "0.835", 0, "4", "0",
     "83.5 / 100 = 83.50 % (not met) → actual 83.5 ≥ 80 → band 1 = 4.00"},
    {"bands of actual with a target below every band", bands_actual, "4", "50", "55", "1.1", 1, "0", "0",
     "55 / 50 = 110.00 % (met) → actual 55 < 60 (below every band) → 0 = 0.00"},
    {"bands of actual with a target earn the bonus", bands_actual_bonus, "4", "80", "90", "1.125", 1, "4",
     "0.5", "→ actual 90 ≥ 80 → band 1 = 4.00; bonus 0.5 × ⌊(1.125 − 1) × 100 / 10⌋ = 0.50"},
    {"bands of actual without a target earn no bonus", bands_actual_bonus, "4", "", "90", "-", -1, "4", "0",
     "actual 90 ≥ 80 → band 1 = 4.00"},
    /* ... of a lower-is-better rate */
    {"bands of actual, lower: the best band", bands_actual_lower, "4", "", "1.5", "-", -1, "4", "0",
     "actual 1.5 ≥ 0 → band 3 = 4.00"},
    {"bands of actual, lower: on an edge", bands_actual_lower, "4", "", "2", "-", -1, "2", "0",
     "actual 2 ≥ 2 → band 2 = 2.00"},
    {"bands of actual, lower: the worst band", bands_actual_lower, "4", "", "7", "-", -1, "0", "0",
     "actual 7 ≥ 5 → band 1 = 0.00"},
    {"bands of actual, lower, with a target", bands_actual_lower, "4", "3", "1.5", "1.5", 1, "4", "0",
     "lower is better: max(0, 2 − 1.5 / 3) = 150.00 % (met) → actual 1.5 ≥ 0 → band 3 = 4.00"},
    /* contract: the rounded attainment r is the one every rule, met, band,
     * step and bonus uses. 1999999 / 2000000 = 0.9999995 reaches 1 only by
     * rounding (half up, 6 decimals): met, full points, no shortfall step,
     * the band at 1, and no bonus. */
    {"r reaches 1 by rounding: met, proportional gives max", prop1, "10", "2000000", "1999999", "1", 1, "10",
     "0", "1999999 / 2000000 = 100.00 % (met) → min(1, 1) × 10 = 10.00"},
    {"r reaches 1 by rounding: threshold gives max", thr1, "10", "2000000", "1999999", "1", 1, "10", "0",
     "(met) → 1 ≥ 1 → full 10 = 10.00"},
    {"r reaches 1 by rounding: shortfall deducts nothing", short_ceil, "10", "2000000", "1999999", "1", 1,
     "10", "0", "(met) → no shortfall, full 10"},
    {"r reaches 1 by rounding: the band at 1", bands_at1, "4", "2000000", "1999999", "1", 1, "4", "0",
     "(met) → 1 ≥ 1 → band 1 = 4.00"},
    {"r reaches 1 by rounding: no bonus", bonus_fine, "10", "2000000", "1999999", "1", 1, "10", "0",
     "(met) → min(1, 1) × 10 = 10.00"},
    /* 2500001 / 2500000 = 1.0000004 is above 1 only before rounding: r = 1,
     * so no bonus (4 steps of 0.00001 points before rounding), no band or
     * threshold above 1 */
    {"r above 1 only before rounding: no bonus", bonus_fine, "10", "2500000", "2500001", "1", 1, "10", "0",
     "2500001 / 2500000 = 100.00 % (met) → min(1, 1) × 10 = 10.00"},
    {"r above 1 only before rounding: below a band just above 1", bands_above1, "4", "2500000", "2500001",
     "1", 1, "2", "0", "(met) → 1 ≥ 0 → band 2 = 2.00"},
    {"r above 1 only before rounding: below a threshold just above 1", thr_above1, "10", "2500000",
     "2500001", "1", 1, "0", "0", "(met) → 1 < 1.0000001 → 0 = 0.00"},
    {"r just above 1 after rounding earns the fine bonus", bonus_fine, "10", "2000000", "2000002",
     "1.000001", 1, "10", "10", "bonus 1 × ⌊(1.000001 − 1) × 100 / 0.00001⌋ = 10.00"},
    /* criterion bonus */
    {"bonus per whole step above 100 %", bonus_capped, "10", "100", "125", "1.25", 1, "10", "1",
     "bonus min(2, 0.5 × ⌊(1.25 − 1) × 100 / 10⌋) = 1.00"},
    {"bonus capped by its max", bonus_capped, "10", "100", "160", "1.6", 1, "10", "2", "= 2.00"},
    {"no bonus below a whole step", bonus_capped, "10", "10000", "10999", "1.0999", 1, "10", "0", "= 0.00"},
    {"no bonus at exactly 100 %", bonus_capped, "10", "100", "100", "1", 1, "10", "0", "= 10.00"},
    {"bonus rounds to the precision", bonus_thirds, "10", "100", "101", "1.01", 1, "10", "0.33", "= 0.33"},
};

static void each_rule_row_gives_the_contract_numbers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row *r = &rows[i];
        td_rulebook_builder *b = one_criterion(r->max);
        r->setup(b);
        td_result *res = NULL;
        td_error err;
        const char *targets[] = {r->target}, *actuals[] = {r->actual};
        if (one_run(b, 1, targets, actuals, &res, &err) != TD_OK)
            fail_msg("row '%s': %s", r->what, err.message);
        char buf[TD_DECIMAL_STRING_SIZE], pts[TD_DECIMAL_STRING_SIZE], bon[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(pts, sizeof pts, unit_points(res, "m1"));
        td_decimal_format(bon, sizeof bon, unit_bonus(res, "m1"));
        const char *explain = unit_explain(res, "m1", TD_LANG_EN);
        if (strcmp(unit_attainment(res, "m1", buf), r->attainment) != 0 || unit_met(res, "m1") != r->met ||
            strcmp(pts, r->points) != 0 || strcmp(bon, r->bonus) != 0 || strstr(explain, r->explain_en) == NULL)
            fail_msg("row '%s': got r=%s met=%d points=%s bonus=%s explain \"%s\"; want r=%s met=%d "
                     "points=%s bonus=%s explain containing \"%s\"",
                     r->what, unit_attainment(res, "m1", buf), unit_met(res, "m1"), pts, bon, explain,
                     r->attainment, r->met, r->points, r->bonus, r->explain_en);
        /* the Vietnamese explanation carries the same numbers */
        assert_non_null(strstr(unit_explain(res, "m1", TD_LANG_VI), pts[0] == '0' ? "0" : pts));
        td_result_free(res);
    }
}

static void best_of_attainment_scales_to_the_best_member(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("10");
    set(tr_rule_best(b, "c", TD_BEST_OF_ATTAINMENT, &err), &err);
    const char *t[] = {"100", "100", "100"}, *a[] = {"110", "55", "0"};
    td_result *res = NULL;
    assert_ok(one_run(b, 3, t, a, &res, &err), err);
    assert_decimal(unit_points(res, "m1"), "10");
    assert_decimal(unit_points(res, "m2"), "5");
    assert_decimal(unit_points(res, "m3"), "0");
    assert_non_null(strstr(unit_explain(res, "m2", TD_LANG_EN), "10 × 0.55 / 1.1 (best: m1) = 5.00"));
    assert_non_null(strstr(unit_explain(res, "m2", TD_LANG_VI), "(cao nhất: m1)"));
    td_result_free(res);
}

static void best_is_zero_gives_everyone_zero(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("10");
    set(tr_rule_best(b, "c", TD_BEST_OF_ACTUAL, &err), &err);
    const char *a[] = {"0", "0"};
    td_result *res = NULL;
    assert_ok(one_run(b, 2, NULL, a, &res, &err), err);
    assert_decimal(unit_points(res, "m1"), "0");
    assert_decimal(unit_points(res, "m2"), "0");
    assert_non_null(strstr(unit_explain(res, "m1", TD_LANG_EN), "best value is 0 → 0"));
    assert_int_equal(unit_met(res, "m1"), -1); /* no target: no attainment */
    td_result_free(res);
}

static void best_of_actual_needs_no_target(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("10");
    set(tr_rule_best(b, "c", TD_BEST_OF_ACTUAL, &err), &err);
    const char *a[] = {"40", "30", "0"};
    td_result *res = NULL;
    assert_ok(one_run(b, 3, NULL, a, &res, &err), err);
    assert_decimal(unit_points(res, "m1"), "10");
    assert_decimal(unit_points(res, "m2"), "7.5");
    assert_decimal(unit_points(res, "m3"), "0");
    char buf[TD_DECIMAL_STRING_SIZE];
    assert_string_equal(unit_attainment(res, "m2", buf), "-");
    td_result_free(res);
}

static void best_of_actual_lower_takes_the_lowest(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("5");
    set(tr_rule_best(b, "c", TD_BEST_OF_ACTUAL, &err), &err);
    set(td_rulebook_builder_set_direction(b, "c", TD_DIRECTION_LOWER, &err), &err);
    const char *a[] = {"2", "4", "3"};
    td_result *res = NULL;
    assert_ok(one_run(b, 3, NULL, a, &res, &err), err);
    assert_decimal(unit_points(res, "m1"), "5");
    assert_decimal(unit_points(res, "m2"), "2.5");
    assert_decimal(unit_points(res, "m3"), "3.33");
    assert_non_null(strstr(unit_explain(res, "m3", TD_LANG_EN), "5 × 2 / 3 (lowest: m1) = 3.33"));
    td_result_free(res);
}

static void best_of_actual_lower_with_a_zero_gives_it_max(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("5");
    set(tr_rule_best(b, "c", TD_BEST_OF_ACTUAL, &err), &err);
    set(td_rulebook_builder_set_direction(b, "c", TD_DIRECTION_LOWER, &err), &err);
    const char *a[] = {"3", "0", "6"};
    td_result *res = NULL;
    assert_ok(one_run(b, 3, NULL, a, &res, &err), err);
    assert_decimal(unit_points(res, "m2"), "5");
    assert_decimal(unit_points(res, "m1"), "0");
    assert_decimal(unit_points(res, "m3"), "0");
    td_result_free(res);
}

/* The quotient is rounded once, to the precision: 20 × 0.583481 / 1.294467
 * is 9.0149999961…, so 9.01 (rounding it to 8 decimals first made 9.015,
 * then 9.02); likewise 5 × 34.23 / 332.3301 = 0.5149999954… gives 0.51. */
static void best_rounds_the_exact_quotient_once(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("20");
    set(tr_rule_best(b, "c", TD_BEST_OF_ATTAINMENT, &err), &err);
    const char *t[] = {"1000000", "1000000"}, *a[] = {"1294467", "583481"};
    td_result *res = NULL;
    assert_ok(one_run(b, 2, t, a, &res, &err), err);
    assert_decimal(unit_points(res, "m1"), "20");
    assert_decimal(unit_points(res, "m2"), "9.01");
    td_result_free(res);

    b = one_criterion("5");
    set(tr_rule_best(b, "c", TD_BEST_OF_ACTUAL, &err), &err);
    set(td_rulebook_builder_set_direction(b, "c", TD_DIRECTION_LOWER, &err), &err);
    const char *low[] = {"34.23", "332.3301"};
    assert_ok(one_run(b, 2, NULL, low, &res, &err), err);
    assert_decimal(unit_points(res, "m1"), "5");
    assert_decimal(unit_points(res, "m2"), "0.51");
    td_result_free(res);
}

static void best_of_actual_with_some_targets_is_a_data_error(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("10");
    set(tr_rule_best(b, "c", TD_BEST_OF_ACTUAL, &err), &err);
    const char *t[] = {"10", ""}, *a[] = {"5", "6"};
    td_result *res = NULL;
    assert_error(one_run(b, 2, t, a, &res, &err), TD_EDATA, err,
                 "targets for measure 'c' are given for 1 of 2 members but unit 'm2' has none");
    assert_null(res);
}

static void bands_of_actual_explain_in_vietnamese(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("4");
    bands_actual(b);
    const char *t[] = {"", ""}, *a[] = {"83.5", "42"};
    td_result *res = NULL;
    assert_ok(one_run(b, 2, t, a, &res, &err), err);
    assert_string_equal(unit_explain(res, "m1", TD_LANG_VI), "thực hiện 83.5 ≥ 80 → mức 1 = 4.00");
    assert_string_equal(unit_explain(res, "m2", TD_LANG_VI), "thực hiện 42 < 60 (dưới mọi mức) → 0 = 0.00");
    assert_string_equal(unit_explain(res, "m1", TD_LANG_EN), "actual 83.5 ≥ 80 → band 1 = 4.00");
    td_result_free(res);
}

static void bands_of_actual_with_some_targets_is_a_data_error(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("4");
    bands_actual(b);
    const char *t[] = {"", "100", ""}, *a[] = {"85", "70", "65"};
    td_result *res = NULL;
    assert_error(one_run(b, 3, t, a, &res, &err), TD_EDATA, err,
                 "criterion 'c': targets for measure 'c' are given for 1 of 3 members but unit 'm1' has none");
    assert_null(res);
}

static void bands_of_actual_still_need_every_actual(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("4");
    bands_actual(b);
    const char *a[] = {"85", ""};
    td_result *res = NULL;
    assert_error(one_run(b, 2, NULL, a, &res, &err), TD_EDATA, err,
                 "unit 'm2' has no actual result for measure 'c' (criterion 'c')");
    assert_null(res);
}

static void bands_of_attainment_still_need_targets(void **state)
{
    (void)state;
    td_error err;
    td_result *res = NULL;
    const char *a[] = {"85"};
    /* the default, and set_rule_bands() after bands of the actual value */
    td_rulebook_builder *b = one_criterion("4");
    bands(b);
    assert_error(one_run(b, 1, NULL, a, &res, &err), TD_EDATA, err,
                 "unit 'm1' has no target for measure 'c' (criterion 'c')");
    b = one_criterion("4");
    bands_actual(b);
    set(tr_rule_bands(b, "c", &err), &err);
    set(tr_add_band(b, "c", D("0.8"), D("4"), &err), &err);
    assert_error(one_run(b, 1, NULL, a, &res, &err), TD_EDATA, err, "unit 'm1' has no target");
    assert_null(res);
}

static void bands_of_actual_count_for_no_met(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("4");
    bands_actual(b);
    set(td_rulebook_builder_add_classification(b, "all", NULL, NULL, &err), &err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "m1", NULL, &err), err);
    assert_ok(td_cluster_set_actual(cl, "m1", "c", D("83.5"), &err), err);
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    assert_int_equal(td_result_met(res, 0, 0), -1);
    assert_int_equal(td_result_member_count_met(res, 0), 0);
    td_decimal r;
    assert_false(td_result_attainment(&r, res, 0, 0));
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

static void rank_rule_shares_the_better_rank_and_stops_after_the_list(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = one_criterion("6");
    set(tr_rule_rank(b, "c", &err), &err);
    set(tr_add_rank_points(b, "c", D("6"), &err), &err);
    set(tr_add_rank_points(b, "c", D("4"), &err), &err);
    const char *t[] = {"8", "8", "8"}, *a[] = {"9", "9", "7"};
    td_result *res = NULL;
    assert_ok(one_run(b, 3, t, a, &res, &err), err);
    assert_decimal(unit_points(res, "m1"), "6");
    assert_decimal(unit_points(res, "m2"), "6");
    assert_decimal(unit_points(res, "m3"), "0");
    assert_non_null(strstr(unit_explain(res, "m2", TD_LANG_EN), "→ rank 1/3 = 6.00"));
    assert_non_null(strstr(unit_explain(res, "m3", TD_LANG_EN), "rank 3/3 (beyond the points list) → 0"));
    assert_non_null(strstr(unit_explain(res, "m3", TD_LANG_VI), "hạng 3/3"));
    td_result_free(res);
}

static void missing_target_or_actual_names_unit_and_measure(void **state)
{
    (void)state;
    td_error err;
    td_result *res = NULL;
    td_rulebook_builder *b = one_criterion("10");
    set(tr_rule_proportional(b, "c", D("1"), &err), &err);
    set(td_rulebook_builder_set_measure(b, "c", "hh", &err), &err);
    const char *t1[] = {"10", ""}, *a1[] = {"5", "6"};
    assert_error(one_run(b, 2, t1, a1, &res, &err), TD_EDATA, err,
                 "unit 'm2' has no target for measure 'hh' (criterion 'c')");
    b = one_criterion("10");
    set(tr_rule_threshold(b, "c", D("1"), &err), &err);
    const char *t2[] = {"10", "10"}, *a2[] = {"5", ""};
    assert_error(one_run(b, 2, t2, a2, &res, &err), TD_EDATA, err,
                 "unit 'm2' has no actual result for measure 'c' (criterion 'c')");
    assert_null(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_rule_row_gives_the_contract_numbers),
        cmocka_unit_test(best_of_attainment_scales_to_the_best_member),
        cmocka_unit_test(best_is_zero_gives_everyone_zero),
        cmocka_unit_test(best_of_actual_needs_no_target),
        cmocka_unit_test(best_of_actual_lower_takes_the_lowest),
        cmocka_unit_test(best_of_actual_lower_with_a_zero_gives_it_max),
        cmocka_unit_test(best_rounds_the_exact_quotient_once),
        cmocka_unit_test(best_of_actual_with_some_targets_is_a_data_error),
        cmocka_unit_test(bands_of_actual_explain_in_vietnamese),
        cmocka_unit_test(bands_of_actual_with_some_targets_is_a_data_error),
        cmocka_unit_test(bands_of_actual_still_need_every_actual),
        cmocka_unit_test(bands_of_attainment_still_need_targets),
        cmocka_unit_test(bands_of_actual_count_for_no_met),
        cmocka_unit_test(rank_rule_shares_the_better_rank_and_stops_after_the_list),
        cmocka_unit_test(missing_target_or_actual_names_unit_and_measure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
