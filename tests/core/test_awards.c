/*
 * Awards as the contract decides them: candidates, quotas by count or
 * percent with each rounding and a minimum, selection by rank or by an
 * order, the tied group at the quota boundary, exclusion both ways,
 * prerequisites through award(), history over periods and predecessors.
 * Every case checks the statuses and the explanations in both languages.
 *
 * The kit gives each member its total directly (a manual criterion "score"
 * of max 100), so that the ranks are obvious from the test.
 */
#include <stdio.h>
#include <string.h>

#include "kit.h"

/* ---- count quotas, the cut-off, nobody qualifying ---- */

static void a_count_quota_takes_the_best_ranked_and_names_the_cut_off(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "80");
    kit_member(&k, "c", "70");
    kit_member(&k, "d", "60");
    kit_award(&k, "flag", "total >= 65");
    kit_quota_count(&k, "flag", 2);
    kit_run_ok(&k);
    assert_int_equal(td_result_award_count(k.res), 1);
    assert_int_equal(td_result_award_quota(k.res, 0), 2);
    assert_string_equal(kit_quota_explain(&k, "flag", TD_LANG_EN), "quota 2");
    assert_string_equal(kit_quota_explain(&k, "flag", TD_LANG_VI), "chỉ tiêu 2");
    assert_award(&k, "a", "flag", TD_AWARD_SELECTED, "selected: total = 90 >= 65; rank 1, place 1 of 2 (quota 2)",
                 "được chọn: total = 90 >= 65; hạng 1, suất 1/2 (chỉ tiêu 2)");
    assert_award(&k, "b", "flag", TD_AWARD_SELECTED, "rank 2, place 2 of 2 (quota 2)", "hạng 2, suất 2/2");
    assert_award(&k, "c", "flag", TD_AWARD_OVER_QUOTA,
                 "eligible (total = 70 >= 65) but over the quota: rank 3 is past the cut-off rank 2 "
                 "(quota 2, filled by a, b)",
                 "đủ điều kiện (total = 70 >= 65) nhưng vượt chỉ tiêu: hạng 3 sau mức cắt hạng 2 "
                 "(chỉ tiêu 2, đã chọn a, b)");
    assert_award(&k, "d", "flag", TD_AWARD_NOT_ELIGIBLE, "not eligible: total = 60 < 65",
                 "chưa đủ điều kiện: total = 60 < 65");
    kit_free(&k);
}

static void an_award_nobody_qualifies_for_selects_nobody(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "80");
    kit_award(&k, "flag", "total > 95");
    kit_quota_count(&k, "flag", 1);
    kit_run_ok(&k);
    assert_award(&k, "a", "flag", TD_AWARD_NOT_ELIGIBLE, "not eligible: total = 90 <= 95", "total = 90 <= 95");
    assert_award(&k, "b", "flag", TD_AWARD_NOT_ELIGIBLE, "total = 80 <= 95", NULL);
    assert_int_equal(td_result_award_quota(k.res, 0), 1);
    kit_free(&k);
}

static void a_quota_larger_than_the_candidates_selects_them_all(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "80");
    kit_member(&k, "c", "20");
    kit_award(&k, "flag", "total >= 50");
    kit_quota_count(&k, "flag", 10);
    kit_run_ok(&k);
    assert_award(&k, "a", "flag", TD_AWARD_SELECTED, "place 1 of 10 (quota 10)", NULL);
    assert_award(&k, "b", "flag", TD_AWARD_SELECTED, "place 2 of 10", "suất 2/10");
    assert_award(&k, "c", "flag", TD_AWARD_NOT_ELIGIBLE, NULL, NULL);
    kit_free(&k);
}

static void an_award_without_condition_or_quota_selects_everyone(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "0");
    kit_award(&k, "all", NULL);
    kit_run_ok(&k);
    assert_int_equal(td_result_award_quota(k.res, 0), -1);
    assert_string_equal(kit_quota_explain(&k, "all", TD_LANG_EN), "no quota");
    assert_string_equal(kit_quota_explain(&k, "all", TD_LANG_VI), "không giới hạn số lượng");
    assert_award(&k, "a", "all", TD_AWARD_SELECTED, "selected: no condition; no quota",
                 "được chọn: không có điều kiện; không giới hạn số lượng");
    assert_award(&k, "b", "all", TD_AWARD_SELECTED, "selected: no condition; no quota", NULL);
    kit_free(&k);
}

/* ---- percent quotas ---- */

typedef struct percent_case {
    const char *percent;
    size_t members;
    td_rounding rounding;
    int64_t min;
    int64_t quota;
    const char *en, *vi;
} percent_case;

static const percent_case percent_cases[] = {
    {"50", 4, TD_ROUNDING_FLOOR, 0, 2, "quota 50 % × 4 = 2 → 2 (floor)", "chỉ tiêu 50 % × 4 = 2 → 2 (làm tròn xuống)"},
    {"30", 7, TD_ROUNDING_FLOOR, 0, 2, "quota 30 % × 7 = 2.1 → 2 (floor)", "30 % × 7 = 2.1 → 2 (làm tròn xuống)"},
    {"30", 7, TD_ROUNDING_CEIL, 0, 3, "quota 30 % × 7 = 2.1 → 3 (ceil)", "30 % × 7 = 2.1 → 3 (làm tròn lên)"},
    {"30", 7, TD_ROUNDING_HALF_UP, 0, 2, "quota 30 % × 7 = 2.1 → 2 (half up)", "30 % × 7 = 2.1 → 2 (làm tròn)"},
    {"50", 7, TD_ROUNDING_FLOOR, 0, 3, "50 % × 7 = 3.5 → 3 (floor)", NULL},
    {"50", 7, TD_ROUNDING_CEIL, 0, 4, "50 % × 7 = 3.5 → 4 (ceil)", NULL},
    {"50", 7, TD_ROUNDING_HALF_UP, 0, 4, "50 % × 7 = 3.5 → 4 (half up)", NULL},
    {"15", 7, TD_ROUNDING_HALF_UP, 0, 1, "15 % × 7 = 1.05 → 1 (half up)", NULL},
    {"12.5", 4, TD_ROUNDING_HALF_UP, 0, 1, "12.5 % × 4 = 0.5 → 1 (half up)", NULL},
    {"10", 7, TD_ROUNDING_FLOOR, 1, 1, "quota 10 % × 7 = 0.7 → 0 (floor), at least 1 → 1",
     "chỉ tiêu 10 % × 7 = 0.7 → 0 (làm tròn xuống), tối thiểu 1 → 1"},
    {"10", 7, TD_ROUNDING_CEIL, 3, 3, "10 % × 7 = 0.7 → 1 (ceil), at least 3 → 3", NULL},
    {"100", 7, TD_ROUNDING_FLOOR, 1, 7, "quota 100 % × 7 = 7 → 7 (floor)", NULL},
    {"10", 4, TD_ROUNDING_FLOOR, 0, 0, "quota 10 % × 4 = 0.4 → 0 (floor)", NULL},
    {"0", 4, TD_ROUNDING_CEIL, 0, 0, "quota 0 % × 4 = 0 → 0 (ceil)", NULL},
    /* the rounding sees the exact quotient, not one rounded for display */
    {"99.999999999999999999999999999999999999", 1, TD_ROUNDING_FLOOR, 0, 0,
     "quota 99.999999999999999999999999999999999999 % × 1 ≈ 1 → 0 (floor)", NULL},
    {"0.000000000000000000000000000000000001", 1, TD_ROUNDING_CEIL, 0, 1, "× 1 ≈ 0 → 1 (ceil)", NULL},
};

static void percent_quotas_round_as_told_and_respect_min(void **state)
{
    (void)state;
    static const char *const units[] = {"u1", "u2", "u3", "u4", "u5", "u6", "u7"};
    static const char *const scores[] = {"99", "98", "97", "96", "95", "94", "93"};
    for (size_t i = 0; i < sizeof percent_cases / sizeof percent_cases[0]; i++) {
        const percent_case *pc = &percent_cases[i];
        kit k;
        kit_init(&k, 2024);
        for (size_t m = 0; m < pc->members; m++)
            kit_member(&k, units[m], scores[m]);
        kit_award(&k, "merit", NULL);
        kit_quota_percent(&k, "merit", pc->percent, pc->rounding, pc->min);
        kit_run_ok(&k);
        if (td_result_award_quota(k.res, 0) != pc->quota)
            fail_msg("case %zu: quota %lld, want %lld (%s)", i, (long long)td_result_award_quota(k.res, 0),
                     (long long)pc->quota, kit_quota_explain(&k, "merit", TD_LANG_EN));
        assert_contains(kit_quota_explain(&k, "merit", TD_LANG_EN), pc->en);
        if (pc->vi != NULL)
            assert_contains(kit_quota_explain(&k, "merit", TD_LANG_VI), pc->vi);
        /* the best `quota` members are selected, the rest are over the quota */
        for (size_t m = 0; m < pc->members; m++) {
            td_award_status want = (int64_t)m < pc->quota ? TD_AWARD_SELECTED : TD_AWARD_OVER_QUOTA;
            if (kit_status(&k, units[m], "merit") != want)
                fail_msg("case %zu: %s is %s", i, units[m], td_award_status_name(kit_status(&k, units[m], "merit")));
        }
        kit_free(&k);
    }
}

static void a_quota_of_zero_leaves_every_candidate_over_the_quota(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "80");
    kit_member(&k, "c", "70");
    kit_member(&k, "d", "60");
    kit_award(&k, "merit", "total >= 70");
    kit_quota_percent(&k, "merit", "10", TD_ROUNDING_FLOOR, 0);
    kit_award(&k, "none", NULL);
    kit_quota_count(&k, "none", 0);
    kit_run_ok(&k);
    assert_award(&k, "a", "merit", TD_AWARD_OVER_QUOTA,
                 "eligible (total = 90 >= 70) but over the quota: quota 10 % × 4 = 0.4 → 0 (floor) leaves no place",
                 "đủ điều kiện (total = 90 >= 70) nhưng vượt chỉ tiêu: chỉ tiêu 10 % × 4 = 0.4 → 0 (làm tròn xuống) "
                 "không có suất nào");
    assert_award(&k, "c", "merit", TD_AWARD_OVER_QUOTA, "leaves no place", NULL);
    assert_award(&k, "d", "merit", TD_AWARD_NOT_ELIGIBLE, "total = 60 < 70", NULL);
    assert_award(&k, "a", "none", TD_AWARD_OVER_QUOTA, "eligible (no condition) but over the quota: quota 0 leaves no place",
                 "chỉ tiêu 0 không có suất nào");
    kit_free(&k);
}

/* ---- ties at the quota boundary ---- */

static void the_tied_group_at_the_boundary_is_left_to_the_council(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "c", "80");
    kit_member(&k, "b", "80");
    kit_member(&k, "d", "70");
    kit_member(&k, "e", "60");
    kit_award(&k, "merit", "total >= 65");
    kit_quota_count(&k, "merit", 2);
    kit_run_ok(&k);
    assert_award(&k, "a", "merit", TD_AWARD_SELECTED, "rank 1, place 1 of 2", NULL);
    assert_award(&k, "b", "merit", TD_AWARD_TIE_AT_QUOTA,
                 "eligible (total = 80 >= 65) but tied at rank 2 with c for the last 1 place(s) of the quota 2: "
                 "the council decides",
                 "đủ điều kiện (total = 80 >= 65) nhưng đồng hạng 2 với c cho 1 suất cuối của chỉ tiêu 2: "
                 "hội đồng quyết định");
    /* merit is the last award: there is no later award to mention */
    assert_null(strstr(kit_explain(&k, "b", "merit", TD_LANG_EN), "later awards"));
    assert_award(&k, "c", "merit", TD_AWARD_TIE_AT_QUOTA, "tied at rank 2 with b for the last 1 place(s)", NULL);
    /* nobody after the tied group is selected */
    assert_award(&k, "d", "merit", TD_AWARD_OVER_QUOTA,
                 "eligible (total = 70 >= 65) but over the quota: rank 4 comes after the group tied at rank 2 "
                 "for the last place(s) of the quota 2: nobody further down is selected",
                 "hạng 4 đứng sau nhóm đồng hạng 2 ở suất cuối của chỉ tiêu 2: không chọn đơn vị nào sau đó");
    assert_award(&k, "e", "merit", TD_AWARD_NOT_ELIGIBLE, NULL, NULL);
    kit_free(&k);
}

static void a_tie_for_the_first_place_selects_nobody(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "90");
    kit_member(&k, "c", "90");
    kit_member(&k, "d", "50");
    kit_award(&k, "flag", NULL);
    kit_quota_count(&k, "flag", 2);
    kit_run_ok(&k);
    assert_award(&k, "a", "flag", TD_AWARD_TIE_AT_QUOTA, "tied at rank 1 with b c for the last 2 place(s) of the quota 2",
                 "đồng hạng 1 với b c cho 2 suất cuối");
    assert_award(&k, "b", "flag", TD_AWARD_TIE_AT_QUOTA, "with a c", NULL);
    assert_award(&k, "c", "flag", TD_AWARD_TIE_AT_QUOTA, "with a b", NULL);
    assert_award(&k, "d", "flag", TD_AWARD_OVER_QUOTA, "rank 4 comes after the group tied at rank 1", NULL);
    kit_free(&k);
}

static void a_tied_group_that_fits_the_quota_is_selected_whole(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "80");
    kit_member(&k, "c", "80");
    kit_member(&k, "d", "70");
    kit_award(&k, "merit", NULL);
    kit_quota_count(&k, "merit", 3);
    kit_run_ok(&k);
    assert_award(&k, "b", "merit", TD_AWARD_SELECTED, "rank 2, place 2 of 3", NULL);
    assert_award(&k, "c", "merit", TD_AWARD_SELECTED, "rank 2, place 3 of 3", NULL);
    assert_award(&k, "d", "merit", TD_AWARD_OVER_QUOTA, "rank 4 is past the cut-off rank 2 (quota 3, filled by a, b, c)",
                 NULL);
    kit_free(&k);
}

/* A large quota or tie names at most 8 units in each explanation, like a
 * shared rank: otherwise every member of a block repeats the whole list,
 * and the texts grow with the square of the members. */
static void long_lists_of_units_name_eight_and_count_the_rest(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    for (int i = 0; i < 24; i++) {
        char unit[8], score[8];
        snprintf(unit, sizeof unit, "u%02d", i);
        snprintf(score, sizeof score, "%d", i < 12 ? 90 - i : i < 23 ? 50 : 10);
        kit_member(&k, unit, score);
    }
    kit_award(&k, "half", NULL);
    kit_quota_count(&k, "half", 12);
    kit_award(&k, "tie", "total < 60");
    kit_quota_count(&k, "tie", 2);
    kit_run_ok(&k);
    assert_award(&k, "u23", "half", TD_AWARD_OVER_QUOTA,
                 "(quota 12, filled by u00, u01, u02, u03, u04, u05, u06, u07 and 4 more)",
                 "(chỉ tiêu 12, đã chọn u00, u01, u02, u03, u04, u05, u06, u07 và 4 đơn vị khác)");
    assert_award(&k, "u12", "tie", TD_AWARD_TIE_AT_QUOTA,
                 "tied at rank 13 with u13 u14 u15 u16 u17 u18 u19 u20 and 2 more for the last 2 place(s)",
                 "đồng hạng 13 với u13 u14 u15 u16 u17 u18 u19 u20 và 2 đơn vị khác cho 2 suất cuối");
    kit_free(&k);
}

static void a_member_pending_a_tie_may_qualify_for_a_later_award(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "90");
    kit_member(&k, "c", "70");
    kit_award(&k, "flag", NULL);
    kit_quota_count(&k, "flag", 1);
    kit_award(&k, "merit", "total >= 60");
    kit_excludes(&k, "merit", "flag");
    kit_award(&k, "after_flag", "award('flag')");
    kit_award(&k, "plain", "total >= 80");
    kit_run_ok(&k);
    assert_award(&k, "a", "flag", TD_AWARD_TIE_AT_QUOTA, "the unit may still qualify for later awards", NULL);
    /* a tie is not a selection: it neither excludes nor counts for award(),
     * and a later exclusive award says the decision is pending */
    assert_award(&k, "a", "merit", TD_AWARD_SELECTED,
                 "selected: total = 90 >= 60; no quota; pending: tied at the quota of 'flag' (the council "
                 "decides); if chosen for 'flag', it is excluded from 'merit'",
                 "được chọn: total = 90 >= 60; không giới hạn số lượng; đang chờ: đồng hạng ở suất cuối của "
                 "'flag' (hội đồng quyết định); nếu được chọn cho 'flag' thì bị loại trừ khỏi 'merit'");
    assert_award(&k, "b", "merit", TD_AWARD_SELECTED, "pending: tied at the quota of 'flag'", NULL);
    assert_award(&k, "c", "merit", TD_AWARD_SELECTED, NULL, NULL);
    assert_null(strstr(kit_explain(&k, "c", "merit", TD_LANG_EN), "pending"));
    assert_award(&k, "a", "after_flag", TD_AWARD_NOT_ELIGIBLE, "not eligible: award('flag') = false",
                 "chưa đủ điều kiện: award('flag') = false");
    /* an award that does not exclude the tied one needs no note */
    assert_award(&k, "a", "plain", TD_AWARD_SELECTED, NULL, NULL);
    assert_null(strstr(kit_explain(&k, "a", "plain", TD_LANG_EN), "pending"));
    kit_free(&k);
}

/* ---- exclusion ---- */

/* flag (quota 1) then merit for everyone with total >= 70; `declared_on_flag`
 * says which of the two names the exclusion. */
static void exclusive_pair(kit *k, bool declared_on_flag, const char *merit_when)
{
    kit_init(k, 2024);
    kit_member(k, "a", "90");
    kit_member(k, "b", "80");
    kit_member(k, "c", "50");
    kit_award(k, "flag", NULL);
    kit_quota_count(k, "flag", 1);
    kit_award(k, "merit", merit_when);
    if (declared_on_flag)
        kit_excludes(k, "flag", "merit");
    else
        kit_excludes(k, "merit", "flag");
    kit_run_ok(k);
}

static void exclusion_works_both_ways(void **state)
{
    (void)state;
    for (int on_flag = 0; on_flag < 2; on_flag++) {
        kit k;
        exclusive_pair(&k, on_flag, "total >= 70");
        assert_award(&k, "a", "flag", TD_AWARD_SELECTED, NULL, NULL);
        assert_award(&k, "a", "merit", TD_AWARD_EXCLUDED,
                     "excluded: already selected for 'flag'; 'merit' and 'flag' exclude each other",
                     "bị loại trừ: đã được chọn cho 'flag'; 'merit' và 'flag' loại trừ nhau");
        assert_award(&k, "b", "merit", TD_AWARD_SELECTED, "selected: total = 80 >= 70; no quota", NULL);
        assert_award(&k, "c", "merit", TD_AWARD_NOT_ELIGIBLE, "total = 50 < 70", NULL);
        kit_free(&k);
    }
}

static void excluded_wins_over_not_eligible(void **state)
{
    (void)state;
    kit k;
    /* a's condition fails too, but the exclusion is what the council must read */
    exclusive_pair(&k, false, "total < 85");
    assert_award(&k, "a", "merit", TD_AWARD_EXCLUDED, "excluded: already selected for 'flag'", NULL);
    assert_award(&k, "b", "merit", TD_AWARD_SELECTED, NULL, NULL);
    kit_free(&k);
}

static void an_excluded_member_frees_its_place_for_the_next(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "80");
    kit_member(&k, "c", "70");
    kit_award(&k, "flag", NULL);
    kit_quota_count(&k, "flag", 1);
    kit_award(&k, "merit", NULL);
    kit_quota_count(&k, "merit", 1);
    kit_excludes(&k, "merit", "flag");
    kit_run_ok(&k);
    assert_award(&k, "a", "merit", TD_AWARD_EXCLUDED, NULL, NULL);
    assert_award(&k, "b", "merit", TD_AWARD_SELECTED, "rank 2, place 1 of 1", NULL);
    assert_award(&k, "c", "merit", TD_AWARD_OVER_QUOTA, "rank 3 is past the cut-off rank 2 (quota 1, filled by b)",
                 NULL);
    kit_free(&k);
}

/* ---- selection by order ---- */

static void an_order_takes_candidates_by_ascending_value(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "40");
    kit_member(&k, "c", "40");
    kit_member(&k, "d", "60");
    kit_member(&k, "e", "70");
    /* support for the weakest: lowest total first */
    kit_award(&k, "support", "total < 80");
    kit_quota_count(&k, "support", 1);
    td_error err;
    assert_ok(td_rulebook_builder_set_award_order(k.b, "support", "total", &err), err);
    kit_award(&k, "second", "total < 80");
    kit_quota_count(&k, "second", 1);
    assert_ok(td_rulebook_builder_set_award_order(k.b, "second", "100 - total", &err), err);
    kit_run_ok(&k);
    assert_award(&k, "b", "support", TD_AWARD_TIE_AT_QUOTA, "tied at total = 40 with c for the last 1 place(s)",
                 "bằng nhau ở total = 40 với c cho 1 suất cuối");
    assert_award(&k, "d", "support", TD_AWARD_OVER_QUOTA,
                 "total = 60 comes after the group tied at total = 40 for the last place(s) of the quota 1", NULL);
    assert_award(&k, "a", "support", TD_AWARD_NOT_ELIGIBLE, "total = 90 >= 80", NULL);
    /* 100 - total ascending: the highest total among the candidates first */
    assert_award(&k, "e", "second", TD_AWARD_SELECTED, "selected: total = 70 < 80; 100 - total = 30, place 1 of 1",
                 "100 - total = 30, suất 1/1");
    assert_award(&k, "d", "second", TD_AWARD_OVER_QUOTA,
                 "100 - total = 40 is past the cut-off 100 - total = 30 (quota 1, filled by e)",
                 "100 - total = 40 sau mức cắt 100 - total = 30");
    kit_free(&k);
}

static void a_boolean_order_puts_false_first(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "80");
    kit_member(&k, "c", "70");
    td_error err;
    assert_ok(td_cluster_set_leader(k.c, "a", &err), err);
    kit_award(&k, "guest", NULL);
    kit_quota_count(&k, "guest", 2);
    assert_ok(td_rulebook_builder_set_award_order(k.b, "guest", "is_leader", &err), err);
    kit_run_ok(&k);
    assert_award(&k, "b", "guest", TD_AWARD_SELECTED, "is_leader = false, place 1 of 2", NULL);
    assert_award(&k, "c", "guest", TD_AWARD_SELECTED, "is_leader = false, place 2 of 2", NULL);
    assert_award(&k, "a", "guest", TD_AWARD_OVER_QUOTA, "is_leader = true is past the cut-off is_leader = false", NULL);
    kit_free(&k);
}

/* ---- prerequisites ---- */

static void award_of_an_earlier_award_is_a_prerequisite(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "75");
    kit_member(&k, "c", "60");
    kit_award(&k, "lower", "total >= 70");
    kit_award(&k, "higher", "award('lower') and total >= 85");
    kit_run_ok(&k);
    assert_award(&k, "a", "higher", TD_AWARD_SELECTED, "selected: award('lower') = true; total = 90 >= 85", NULL);
    assert_award(&k, "b", "higher", TD_AWARD_NOT_ELIGIBLE, "not eligible: total = 75 < 85", NULL);
    assert_award(&k, "c", "higher", TD_AWARD_NOT_ELIGIBLE, "not eligible: award('lower') = false",
                 "chưa đủ điều kiện: award('lower') = false");
    kit_free(&k);
}

static void award_may_only_name_an_earlier_award(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_award(&k, "first", "award('second')");
    kit_award(&k, "second", NULL);
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err, "award 'first' when: award 'second' is not decided yet here");
    assert_contains(k.err.message, "award() names an award listed before this one");
    assert_int_equal(k.err.column, 7);
    kit_free(&k);
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_award(&k, "self", "award('self')");
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err, "award 'self' is not decided yet here");
    kit_free(&k);
    /* a name that is no award at all stays an unknown name */
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_award(&k, "first", "award('nothing')");
    assert_error(kit_run(&k), TD_EPARSE, k.err, "unknown award 'nothing' in award()");
    kit_free(&k);
    /* a classification id in award() is not an award either */
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_class(&k, "good", "50", NULL);
    kit_class(&k, "other", NULL, NULL);
    kit_award(&k, "first", "award('good')");
    assert_error(kit_run(&k), TD_EPARSE, k.err, "unknown award 'good' in award()");
    kit_free(&k);
}

/* ---- the failing part of a condition, with its values ---- */

static void a_failed_condition_shows_the_failing_part_with_its_values(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    td_error err;
    assert_ok(td_rulebook_builder_add_measure(k.b, "hh_rate", "hh_achieved / hh_registered", &err), err);
    kit_member(&k, "lai-chau", "95");
    kit_member(&k, "tan-uyen", "90");
    kit_measure(&k, "lai-chau", "hh_registered", "1", "3563");
    kit_measure(&k, "lai-chau", "hh_achieved", "1", "3425");
    kit_measure(&k, "tan-uyen", "hh_registered", "100", "100");
    kit_measure(&k, "tan-uyen", "hh_achieved", "90", "95");
    kit_award(&k, "merit", "total >= 90 and attainment(hh_rate) >= 1");
    kit_run_ok(&k);
    assert_award(&k, "lai-chau", "merit", TD_AWARD_NOT_ELIGIBLE, "not eligible: attainment(hh_rate) = 0.961269 < 1",
                 "chưa đủ điều kiện: attainment(hh_rate) = 0.961269 < 1");
    assert_award(&k, "tan-uyen", "merit", TD_AWARD_SELECTED,
                 "selected: total = 90 >= 90; attainment(hh_rate) = 1.055556 >= 1", NULL);
    kit_free(&k);
}

/* ---- history and predecessors ---- */

static void consecutive_stops_at_a_missing_period(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "gap", "90");
    kit_member(&k, "run", "90");
    kit_member(&k, "none", "90");
    kit_class(&k, "xs", "90", NULL);
    kit_class(&k, "rest", NULL, NULL);
    /* gap: 2023, 2022, (2021 missing), 2020 */
    kit_history(&k, "gap", 2023, "xs");
    kit_history(&k, "gap", 2022, "xs");
    kit_history(&k, "gap", 2020, "xs");
    /* run: 2023, 2022, 2021, with 2022 recorded twice */
    kit_history(&k, "run", 2023, "xs");
    kit_history(&k, "run", 2022, "xs");
    kit_history(&k, "run", 2022, "xs");
    kit_history(&k, "run", 2021, "xs");
    kit_history(&k, "none", 2022, "xs");
    kit_award(&k, "three", "classification == 'xs' and consecutive('xs') >= 3");
    kit_run_ok(&k);
    assert_award(&k, "gap", "three", TD_AWARD_NOT_ELIGIBLE, "not eligible: consecutive('xs') = 2 < 3", NULL);
    assert_award(&k, "run", "three", TD_AWARD_SELECTED, "consecutive('xs') = 3 >= 3", NULL);
    /* a record two periods back does not start a run */
    assert_award(&k, "none", "three", TD_AWARD_NOT_ELIGIBLE, "consecutive('xs') = 0 < 3", NULL);
    kit_free(&k);
}

static void history_counts_periods_in_its_window(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_class(&k, "xs", "90", NULL);
    kit_class(&k, "rest", NULL, NULL);
    kit_award(&k, "flag", NULL);
    kit_history(&k, "a", 2023, "xs");
    kit_history(&k, "a", 2023, "flag");
    kit_history(&k, "a", 2022, "xs");
    kit_history(&k, "a", 2020, "xs");
    kit_history(&k, "a", 2018, "xs");
    kit_history(&k, "a", 2018, "xs");
    kit_award(&k, "h1", "history('xs', 1) == 1");
    kit_award(&k, "h2", "history('xs', 2) == 2");
    kit_award(&k, "h4", "history('xs', 4) == 3");
    kit_award(&k, "h6", "history('xs', 6) == 4");
    kit_award(&k, "h100", "history('xs', 100) == 4");
    kit_award(&k, "fl", "history('flag', 3) == 1 and history('flag', 3) < 2");
    kit_award(&k, "h3", "history('xs', 3) >= 3");
    kit_run_ok(&k);
    const char *const hold[] = {"h1", "h2", "h4", "h6", "h100", "fl"};
    for (size_t i = 0; i < sizeof hold / sizeof hold[0]; i++)
        assert_award(&k, "a", hold[i], TD_AWARD_SELECTED, NULL, NULL);
    /* 2021 is missing from the window 2021..2023 */
    assert_award(&k, "a", "h3", TD_AWARD_NOT_ELIGIBLE, "history('xs', 3) = 2 < 3", NULL);
    kit_free(&k);
}

static void history_needs_at_least_one_period(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    /* a literal count is refused when the rulebook is built... */
    kit_award(&k, "bad", "history('bad', 0) >= 0");
    assert_error(kit_run(&k), TD_EPARSE, k.err, "history()'s count of periods must be a whole number >= 1, got 0");
    kit_free(&k);
    /* ...a computed one when it is evaluated */
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_award(&k, "zero", "history('zero', members - 1) >= 0");
    assert_error(kit_run(&k), TD_EEVAL, k.err, "award 'zero', unit 'a': history() needs a whole number of periods >= 1, got 0");
    kit_free(&k);
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_award(&k, "half", "history('half', members / 2) >= 0");
    assert_error(kit_run(&k), TD_EEVAL, k.err, "got 0.5");
    kit_free(&k);
    /* a fault in an order expression names the award and the unit too */
    kit_init(&k, 2024);
    kit_member(&k, "a", "80");
    kit_member(&k, "b", "90");
    kit_award(&k, "ordered", NULL);
    assert_int_equal(td_rulebook_builder_set_award_order(k.b, "ordered", "100 / (total - 90)", &k.err), TD_OK);
    assert_error(kit_run(&k), TD_EEVAL, k.err, "award 'ordered', unit 'b': ");
    assert_non_null(strstr(k.err.message, "division by zero"));
    kit_free(&k);
}

/* Periods at the ends of int64_t: the window and the run are computed
 * without overflow (UBSan would trap), and a count beyond int64_t is a
 * window that covers every period. */
static void history_and_consecutive_at_the_extreme_periods(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, INT64_MAX);
    kit_member(&k, "a", "90");
    kit_class(&k, "xs", "80", NULL);
    kit_class(&k, "rest", NULL, NULL);
    kit_history(&k, "a", INT64_MAX - 1, "xs");
    kit_history(&k, "a", INT64_MIN, "xs");
    kit_award(&k, "wide", "history('xs', 100000000000000000000) >= 2");
    kit_award(&k, "run", "consecutive('xs') >= 1");
    kit_run_ok(&k);
    /* INT64_MIN lies 2^64 - 1 periods back: beyond any window */
    assert_award(&k, "a", "wide", TD_AWARD_NOT_ELIGIBLE, "history('xs', 100000000000000000000) = 1 < 2", NULL);
    assert_award(&k, "a", "run", TD_AWARD_SELECTED, NULL, NULL);
    kit_free(&k);

    kit_init(&k, INT64_MIN + 1);
    kit_member(&k, "a", "90");
    kit_class(&k, "xs", "80", NULL);
    kit_class(&k, "rest", NULL, NULL);
    kit_history(&k, "a", INT64_MIN, "xs");
    kit_award(&k, "run", "consecutive('xs') >= 2");
    kit_award(&k, "last", "history('xs', 5) >= 1");
    kit_run_ok(&k);
    assert_award(&k, "a", "run", TD_AWARD_NOT_ELIGIBLE, "consecutive('xs') = 1 < 2", NULL);
    assert_award(&k, "a", "last", TD_AWARD_SELECTED, NULL, NULL);
    kit_free(&k);
}

static void history_follows_predecessors_transitively(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2026);
    kit_member(&k, "commune", "90");
    kit_member(&k, "merged", "90");
    kit_member(&k, "alone", "90");
    kit_class(&k, "xs", "90", NULL);
    kit_class(&k, "rest", NULL, NULL);
    /* commune succeeds district (2025 reform), which was renamed from old */
    kit_predecessor(&k, "commune", "district");
    kit_predecessor(&k, "district", "old");
    kit_history(&k, "commune", 2025, "xs");
    kit_history(&k, "district", 2024, "xs");
    kit_history(&k, "old", 2023, "xs");
    kit_history(&k, "old", 2021, "xs");
    /* merged has two predecessors; their records of one period count once */
    kit_predecessor(&k, "merged", "x");
    kit_predecessor(&k, "merged", "y");
    kit_history(&k, "x", 2025, "xs");
    kit_history(&k, "y", 2025, "xs");
    kit_history(&k, "y", 2024, "xs");
    /* a unit's records are not its successor's predecessors' */
    kit_history(&k, "alone", 2025, "xs");
    kit_award(&k, "three", "consecutive('xs') >= 3");
    kit_award(&k, "window", "history('xs', 5) >= 4");
    kit_award(&k, "two", "consecutive('xs') == 2 and history('xs', 5) == 2");
    kit_run_ok(&k);
    assert_award(&k, "commune", "three", TD_AWARD_SELECTED, "consecutive('xs') = 3 >= 3", NULL);
    assert_award(&k, "commune", "window", TD_AWARD_SELECTED, "history('xs', 5) = 4 >= 4", NULL);
    assert_award(&k, "merged", "three", TD_AWARD_NOT_ELIGIBLE, "consecutive('xs') = 2 < 3", NULL);
    assert_award(&k, "merged", "two", TD_AWARD_SELECTED, NULL, NULL);
    assert_award(&k, "alone", "three", TD_AWARD_NOT_ELIGIBLE, "consecutive('xs') = 1 < 3", NULL);
    kit_free(&k);
}

/* Predecessors are followed once per unit, not once per path: 40 layers of
 * two units, each succeeding both units of the layer below, make 2^40
 * paths from the top to the bottom. Checking a new link for a cycle and
 * collecting the history must both stay linear when the search finds
 * nothing (following every path never finished). */
static void predecessor_diamonds_are_walked_once_per_unit(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "top", "90");
    kit_member(&k, "other", "90");
    kit_class(&k, "xs", "90", NULL);
    kit_class(&k, "rest", NULL, NULL);
    char upper[2][16] = {"top", "top"};
    for (int layer = 1; layer <= 40; layer++) {
        char lower[2][16];
        for (int i = 0; i < 2; i++)
            snprintf(lower[i], sizeof lower[i], "L%02d%c", layer, 'a' + i);
        for (int u = 0; u < (layer == 1 ? 1 : 2); u++)
            for (int i = 0; i < 2; i++)
                kit_predecessor(&k, upper[u], lower[i]);
        memcpy(upper, lower, sizeof upper);
    }
    kit_history(&k, "L40a", 2023, "xs");
    kit_history(&k, "other", 2022, "xs");
    /* no cycle: every path below top is searched for 'other' */
    kit_predecessor(&k, "other", "top");
    assert_error(td_cluster_add_predecessor(k.c, "L40b", "other", &k.err), TD_EDATA, k.err,
                 "creates a cycle in predecessors");
    kit_award(&k, "run", "consecutive('xs') >= 2");
    kit_run_ok(&k);
    assert_award(&k, "top", "run", TD_AWARD_NOT_ELIGIBLE, "consecutive('xs') = 1 < 2", NULL);
    assert_award(&k, "other", "run", TD_AWARD_SELECTED, "consecutive('xs') = 2 >= 2", NULL);
    kit_free(&k);
}

static void a_cycle_in_predecessors_is_a_data_error(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_predecessor(&k, "a", "b");
    kit_predecessor(&k, "b", "c");
    assert_error(td_cluster_add_predecessor(k.c, "c", "a", &k.err), TD_EDATA, k.err,
                 "making 'a' a predecessor of 'c' creates a cycle in predecessors");
    /* the refused link left the data usable */
    kit_award(&k, "any", "consecutive('any') == 0");
    kit_run_ok(&k);
    assert_award(&k, "a", "any", TD_AWARD_SELECTED, NULL, NULL);
    kit_free(&k);
}

/* ---- rulebook and API errors ---- */

static void award_definitions_are_checked(void **state)
{
    (void)state;
    td_error err;
    kit k;
    kit_init(&k, 2024);
    kit_class(&k, "xs", NULL, NULL);
    assert_error(td_rulebook_builder_add_award(k.b, "xs", NULL, NULL, &err), TD_EEXISTS, err,
                 "award 'xs' has the id of a classification entry");
    kit_award(&k, "flag", NULL);
    assert_error(td_rulebook_builder_add_award(k.b, "flag", NULL, NULL, &err), TD_EEXISTS, err,
                 "award 'flag' is defined twice");
    assert_error(td_rulebook_builder_add_award(NULL, "x", NULL, NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_add_award(k.b, "", NULL, NULL, &err), TD_EINVAL, err, "award id is empty");
    assert_error(td_rulebook_builder_set_award_quota_count(k.b, "nope", 1, &err), TD_ENOTFOUND, err,
                 "unknown award 'nope'");
    assert_error(td_rulebook_builder_set_award_quota_count(k.b, "flag", -1, &err), TD_ERANGE, err,
                 "quota count of award 'flag' must be >= 0, got -1");
    assert_error(td_rulebook_builder_set_award_quota_percent(k.b, "flag", D("101"), TD_ROUNDING_FLOOR, 0, &err),
                 TD_ERANGE, err, "must be 0..100, got 101");
    assert_error(td_rulebook_builder_set_award_quota_percent(k.b, "flag", D("-1"), TD_ROUNDING_FLOOR, 0, &err),
                 TD_ERANGE, err, "got -1");
    assert_error(td_rulebook_builder_set_award_quota_percent(k.b, "flag", D("50"), TD_ROUNDING_DOWN, 0, &err),
                 TD_EINVAL, err, "must be floor, ceil or half_up");
    assert_error(td_rulebook_builder_set_award_quota_percent(k.b, "flag", D("50"), TD_ROUNDING_FLOOR, -2, &err),
                 TD_ERANGE, err, "quota min of award 'flag' must be >= 0, got -2");
    kit_quota_count(&k, "flag", 1);
    assert_error(td_rulebook_builder_set_award_quota_percent(k.b, "flag", D("50"), TD_ROUNDING_FLOOR, 0, &err),
                 TD_ERULEBOOK, err, "give a count or a percent, not both");
    kit_award(&k, "merit", NULL);
    kit_quota_percent(&k, "merit", "50", TD_ROUNDING_CEIL, 0);
    assert_error(td_rulebook_builder_set_award_quota_count(k.b, "merit", 2, &err), TD_ERULEBOOK, err,
                 "has a percent quota already");
    assert_error(td_rulebook_builder_add_award_exclusion(k.b, "flag", "flag", &err), TD_EINVAL, err,
                 "cannot exclude itself");
    kit_excludes(&k, "flag", "merit");
    assert_error(td_rulebook_builder_add_award_exclusion(k.b, "flag", "merit", &err), TD_EEXISTS, err,
                 "excludes 'merit' twice");
    assert_error(td_rulebook_builder_add_award_exclusion(k.b, "nope", "merit", &err), TD_ENOTFOUND, err,
                 "unknown award 'nope'");
    assert_error(td_rulebook_builder_set_award_order(k.b, "nope", "total", &err), TD_ENOTFOUND, err,
                 "unknown award 'nope'");
    assert_error(td_rulebook_builder_set_award_order(k.b, "flag", NULL, &err), TD_EINVAL, err, "NULL");
    kit_member(&k, "a", "1");
    kit_run_ok(&k);
    assert_int_equal(td_rulebook_award_count(k.rb), 2);
    assert_string_equal(td_rulebook_award_id(k.rb, 1), "merit");
    assert_string_equal(td_rulebook_award_name(k.rb, 1), "");
    assert_null(td_rulebook_award_id(k.rb, 2));
    assert_null(td_rulebook_award_name(k.rb, 2));
    kit_free(&k);
}

static void award_expressions_are_checked_when_building(void **state)
{
    (void)state;
    static const struct {
        const char *when, *order, *message;
        unsigned column;
    } cases[] = {
        {"total", NULL, "award 'x' when: an award condition must be a condition (true or false), but this is a number", 1},
        {"total >= 'a'", NULL, "award 'x' when:", 0},
        {NULL, "classification", "award 'x' order: an award order must be a number or a boolean, but this is a text", 1},
        {"consecutive('nope') > 1", NULL, "unknown award, classification or title 'nope' in consecutive()", 13},
        {"history('x')", NULL, "history() takes 2 arguments, got 1", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kit k;
        kit_init(&k, 2024);
        kit_member(&k, "a", "1");
        kit_award(&k, "x", cases[i].when);
        if (cases[i].order != NULL) {
            td_error err;
            assert_ok(td_rulebook_builder_set_award_order(k.b, "x", cases[i].order, &err), err);
        }
        assert_error(kit_run(&k), TD_EPARSE, k.err, cases[i].message);
        if (cases[i].column != 0 && k.err.column != cases[i].column)
            fail_msg("case %zu: column %u, want %u (%s)", i, k.err.column, cases[i].column, k.err.message);
        kit_free(&k);
    }
    /* an exclusion of an award that does not exist is found when building */
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "1");
    kit_award(&k, "x", NULL);
    kit_excludes(&k, "x", "ghost");
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err, "award 'x' excludes unknown award 'ghost'");
    kit_free(&k);
}

static void result_award_accessors_handle_bad_indexes(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_award(&k, "flag", NULL);
    kit_run_ok(&k);
    assert_int_equal(td_result_award_count(k.res), 1);
    assert_int_equal(td_result_award_count(NULL), 0);
    assert_int_equal(td_result_award_quota(k.res, 1), -1);
    assert_int_equal(td_result_award_quota(NULL, 0), -1);
    assert_null(td_result_award_quota_explain(k.res, 1, TD_LANG_EN));
    assert_null(td_result_award_quota_explain(NULL, 0, TD_LANG_EN));
    assert_int_equal(td_result_award_status(k.res, 0, 1), TD_AWARD_NOT_ELIGIBLE);
    assert_int_equal(td_result_award_status(k.res, 1, 0), TD_AWARD_NOT_ELIGIBLE);
    assert_int_equal(td_result_award_status(NULL, 0, 0), TD_AWARD_NOT_ELIGIBLE);
    assert_null(td_result_award_explain(k.res, 0, 1, TD_LANG_VI));
    assert_null(td_result_award_explain(k.res, 1, 0, TD_LANG_VI));
    assert_null(td_result_award_explain(NULL, 0, 0, TD_LANG_VI));
    assert_string_equal(td_award_status_name(TD_AWARD_SELECTED), "selected");
    assert_string_equal(td_award_status_name(TD_AWARD_NOT_ELIGIBLE), "not_eligible");
    assert_string_equal(td_award_status_name(TD_AWARD_EXCLUDED), "excluded");
    assert_string_equal(td_award_status_name(TD_AWARD_OVER_QUOTA), "over_quota");
    assert_string_equal(td_award_status_name(TD_AWARD_TIE_AT_QUOTA), "tie_at_quota");
    assert_null(td_award_status_name((td_award_status)42));
    /* an unknown language falls back to Vietnamese */
    assert_string_equal(td_result_award_explain(k.res, 0, 0, (td_lang)7),
                        td_result_award_explain(k.res, 0, 0, TD_LANG_VI));
    kit_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_count_quota_takes_the_best_ranked_and_names_the_cut_off),
        cmocka_unit_test(an_award_nobody_qualifies_for_selects_nobody),
        cmocka_unit_test(a_quota_larger_than_the_candidates_selects_them_all),
        cmocka_unit_test(long_lists_of_units_name_eight_and_count_the_rest),
        cmocka_unit_test(an_award_without_condition_or_quota_selects_everyone),
        cmocka_unit_test(percent_quotas_round_as_told_and_respect_min),
        cmocka_unit_test(a_quota_of_zero_leaves_every_candidate_over_the_quota),
        cmocka_unit_test(the_tied_group_at_the_boundary_is_left_to_the_council),
        cmocka_unit_test(a_tie_for_the_first_place_selects_nobody),
        cmocka_unit_test(a_tied_group_that_fits_the_quota_is_selected_whole),
        cmocka_unit_test(a_member_pending_a_tie_may_qualify_for_a_later_award),
        cmocka_unit_test(exclusion_works_both_ways),
        cmocka_unit_test(excluded_wins_over_not_eligible),
        cmocka_unit_test(an_excluded_member_frees_its_place_for_the_next),
        cmocka_unit_test(an_order_takes_candidates_by_ascending_value),
        cmocka_unit_test(a_boolean_order_puts_false_first),
        cmocka_unit_test(award_of_an_earlier_award_is_a_prerequisite),
        cmocka_unit_test(award_may_only_name_an_earlier_award),
        cmocka_unit_test(a_failed_condition_shows_the_failing_part_with_its_values),
        cmocka_unit_test(consecutive_stops_at_a_missing_period),
        cmocka_unit_test(history_counts_periods_in_its_window),
        cmocka_unit_test(history_needs_at_least_one_period),
        cmocka_unit_test(history_and_consecutive_at_the_extreme_periods),
        cmocka_unit_test(history_follows_predecessors_transitively),
        cmocka_unit_test(predecessor_diamonds_are_walked_once_per_unit),
        cmocka_unit_test(a_cycle_in_predecessors_is_a_data_error),
        cmocka_unit_test(award_definitions_are_checked),
        cmocka_unit_test(award_expressions_are_checked_when_building),
        cmocka_unit_test(result_award_accessors_handle_bad_indexes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
