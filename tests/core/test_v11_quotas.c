/*
 * Rulebook 1.1, section 5: a percent quota counted on something else than
 * the members: this award's candidates, or the members selected for an
 * award decided before ("grassroots Emulation Fighters at most 15 % of the
 * Advanced Labourers").
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit.h"
#include "td_test.h"

#define OK(call) assert_ok((call), k.err)

/* 20 members scoring 100, 99, ..., 81: ldtt (no quota) for total >= 86
 * (15 members), cstdcs for total >= 90 (11 candidates). */
static void kit_titles(kit *k, const char *percent, const char *of, td_rounding rounding, int64_t min)
{
    kit_init(k, 2025);
    kit_award(k, "ldtt", "total >= 86");
    kit_award(k, "cstdcs", "total >= 90");
    kit_quota_percent(k, "cstdcs", percent, rounding, min);
    if (of != NULL)
        assert_ok(td_rulebook_builder_set_award_quota_of(k->b, "cstdcs", of, &k->err), k->err);
    for (int i = 0; i < 20; i++) {
        char unit[8], score[8];
        snprintf(unit, sizeof unit, "u%02d", i);
        snprintf(score, sizeof score, "%d", 100 - i);
        kit_member(k, unit, score);
    }
}

static size_t selected(const kit *k, const char *award)
{
    size_t n = 0, a = kit_award_index(k, award);
    for (size_t m = 0; m < td_result_member_count(k->res); m++)
        n += td_result_award_status(k->res, m, a) == TD_AWARD_SELECTED;
    return n;
}

static void a_quota_counted_on_an_earlier_award(void **state)
{
    (void)state;
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        kit k;
        kit_titles(&k, "15", "ldtt", TD_ROUNDING_FLOOR, 0);
        OK(td_rulebook_builder_build(&k.rb, k.b, &k.err));
        td_eval_options opts;
        OK(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION));
        opts.explain = modes[i];
        OK(td_evaluate(&k.res, k.rb, k.c, &opts, &k.err));
        assert_int_equal(selected(&k, "ldtt"), 15);
        /* 15 % of the 15 selected for ldtt = 2.25 → 2 */
        assert_int_equal(td_result_award_quota(k.res, kit_award_index(&k, "cstdcs")), 2);
        assert_int_equal(selected(&k, "cstdcs"), 2);
        if (modes[i] == TD_EXPLAIN_ALL) {
            assert_string_equal(kit_quota_explain(&k, "cstdcs", TD_LANG_EN),
                                "quota 15 % × 15 selected for 'ldtt' = 2.25 → 2 (floor)");
            assert_string_equal(kit_quota_explain(&k, "cstdcs", TD_LANG_VI),
                                "chỉ tiêu 15 % × 15 đơn vị được chọn cho 'ldtt' = 2.25 → 2 (làm tròn xuống)");
        }
        assert_string_equal(td_rulebook_award_quota_of(k.rb, 1), "ldtt");
        assert_string_equal(td_rulebook_award_quota_of(k.rb, 0), "members");
        assert_null(td_rulebook_award_quota_of(k.rb, 2));
        kit_free(&k);
    }
}

static void a_quota_counted_on_the_candidates(void **state)
{
    (void)state;
    kit k;
    kit_titles(&k, "50", "candidates", TD_ROUNDING_CEIL, 0);
    kit_run_ok(&k);
    /* 50 % of 11 candidates = 5.5 → 6 */
    assert_int_equal(td_result_award_quota(k.res, 1), 6);
    assert_string_equal(kit_quota_explain(&k, "cstdcs", TD_LANG_EN), "quota 50 % × 11 candidates = 5.5 → 6 (ceil)");
    kit_free(&k);
    /* of: members is version 1, word for word */
    kit_titles(&k, "50", "members", TD_ROUNDING_CEIL, 0);
    kit_run_ok(&k);
    assert_string_equal(kit_quota_explain(&k, "cstdcs", TD_LANG_EN), "quota 50 % × 20 = 10 → 10 (ceil)");
    kit_free(&k);
}

static void a_quota_base_of_zero(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2025);
    kit_award(&k, "ldtt", "total >= 1000");
    kit_award(&k, "cstdcs", "total >= 0");
    kit_quota_percent(&k, "cstdcs", "15", TD_ROUNDING_CEIL, 0);
    OK(td_rulebook_builder_set_award_quota_of(k.b, "cstdcs", "ldtt", &k.err));
    kit_member(&k, "a", "50");
    kit_member(&k, "b", "40");
    kit_run_ok(&k);
    assert_int_equal(td_result_award_quota(k.res, 1), 0);
    assert_int_equal(kit_status(&k, "a", "cstdcs"), TD_AWARD_OVER_QUOTA);
    kit_free(&k);
    /* min still applies */
    kit_init(&k, 2025);
    kit_award(&k, "ldtt", "total >= 1000");
    kit_award(&k, "cstdcs", "total >= 0");
    kit_quota_percent(&k, "cstdcs", "15", TD_ROUNDING_CEIL, 1);
    OK(td_rulebook_builder_set_award_quota_of(k.b, "cstdcs", "ldtt", &k.err));
    kit_member(&k, "a", "50");
    kit_member(&k, "b", "40");
    kit_run_ok(&k);
    assert_int_equal(td_result_award_quota(k.res, 1), 1);
    assert_int_equal(kit_status(&k, "a", "cstdcs"), TD_AWARD_SELECTED);
    assert_string_equal(kit_quota_explain(&k, "cstdcs", TD_LANG_EN),
                        "quota 15 % × 0 selected for 'ldtt' = 0 → 0 (ceil), at least 1 → 1");
    kit_free(&k);
}

static void what_a_quota_may_be_counted_on(void **state)
{
    (void)state;
    static const struct {
        const char *of, *message;
    } bad[] = {
        {"cstdcs", "award 'cstdcs': the quota is counted 'of' award 'cstdcs', which is not decided yet"},
        {"later", "award 'cstdcs': the quota is counted 'of' award 'later', which is not decided yet"},
        {"ltdd", "the quota is counted 'of' 'ltdd', which is no award"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kit k;
        kit_titles(&k, "15", bad[i].of, TD_ROUNDING_FLOOR, 0);
        kit_award(&k, "later", NULL);
        assert_error(kit_run(&k), TD_ERULEBOOK, k.err, bad[i].message);
        kit_free(&k);
    }
    kit k;
    kit_init(&k, 2025);
    kit_award(&k, "ldtt", NULL);
    kit_award(&k, "cstdcs", NULL);
    kit_quota_count(&k, "cstdcs", 2);
    OK(td_rulebook_builder_set_award_quota_of(k.b, "cstdcs", "ldtt", &k.err));
    kit_member(&k, "a", "1");
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err, "'of' counts a percent quota");
    assert_error(td_rulebook_builder_set_award_quota_of(k.b, "nope", "ldtt", &k.err), TD_ENOTFOUND, k.err, "nope");
    assert_error(td_rulebook_builder_set_award_quota_of(k.b, "cstdcs", "", &k.err), TD_EINVAL, k.err, "'of'");
    kit_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_quota_counted_on_an_earlier_award),
        cmocka_unit_test(a_quota_counted_on_the_candidates),
        cmocka_unit_test(a_quota_base_of_zero),
        cmocka_unit_test(what_a_quota_may_be_counted_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
