/*
 * examples/individual-titles: the individual titles of a department's
 * staff, a rulebook of version 1.1 (inputs, a parameter, no sections, a
 * quota counted on another title, the council's ballot, history over the
 * rulebook's and the province's titles). Every figure its README states
 * is asserted here from the files, loaded through the public C API.
 */
#include "example.h"

#include <stdio.h>
#include <string.h>

#define DIR "individual-titles"

static const char *const files[] = {"data.yaml", NULL};

static int setup(void **state)
{
    static example ex;
    example_load(&ex, DIR, false, files);
    *state = &ex;
    return 0;
}

static int teardown(void **state)
{
    example_free(*state);
    return 0;
}

static td_award_status status(const example *ex, const char *unit, const char *award)
{
    return td_result_award_status(ex->result, example_member(ex, unit), example_award(ex, award));
}

static void advanced_labourers(void **state)
{
    const example *ex = *state;
    static const char *const yes[] = {"nv01", "nv02", "nv03", "nv04", "nv05", "nv06", "nv07", "nv11", "nv12"};
    static const char *const no[] = {"nv08", "nv09", "nv10"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_int_equal(status(ex, yes[i], "ldtt"), TD_AWARD_SELECTED);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_int_equal(status(ex, no[i], "ldtt"), TD_AWARD_NOT_ELIGIBLE);
    assert_true(example_boolean(ex, "nv08", "has(ky_luat)"));
    example_assert_number(ex, "nv09", "actual(thang_cong_tac)", "9");
    example_assert_number(ex, "nv10", "actual(xep_loai)", "2");
    example_assert_number(ex, "nv04", "actual(sang_kien, 0)", "0");
}

static void grassroots_fighters_by_quota_and_ballot(void **state)
{
    const example *ex = *state;
    size_t a = example_award(ex, "cstdcs");
    assert_int_equal(td_result_award_quota(ex->result, a), 3);
    assert_int_equal(td_result_award_group_count(ex->result, a), 3);
    static const char *const offices[] = {"dau-tu", "ngan-sach", "van-phong"};
    for (size_t k = 0; k < 3; k++) {
        assert_string_equal(td_result_award_group(ex->result, a, k), offices[k]);
        assert_int_equal(td_result_award_group_quota(ex->result, a, k), 1);
    }
    assert_string_equal(td_result_award_quota_explain(ex->result, a, TD_LANG_EN),
                        "dau-tu: quota 15 % × 2 selected for 'ldtt' = 0.3 → 0 (floor), at least 1 → 1; ngan-sach: "
                        "quota 15 % × 3 selected for 'ldtt' = 0.45 → 0 (floor), at least 1 → 1; van-phong: quota 15 % "
                        "× 4 selected for 'ldtt' = 0.6 → 0 (floor), at least 1 → 1");
    assert_int_equal(status(ex, "nv01", "cstdcs"), TD_AWARD_SELECTED);
    assert_int_equal(status(ex, "nv02", "cstdcs"), TD_AWARD_OVER_QUOTA);
    assert_int_equal(status(ex, "nv03", "cstdcs"), TD_AWARD_BALLOT_FAILED);
    assert_int_equal(status(ex, "nv12", "cstdcs"), TD_AWARD_SELECTED);
    assert_int_equal(status(ex, "nv11", "cstdcs"), TD_AWARD_NOT_ELIGIBLE);
    assert_string_equal(td_result_member_group(ex->result, example_member(ex, "nv12")), "dau-tu");
    assert_int_equal(td_result_award_votes(ex->result, example_member(ex, "nv02"), a), 10);
    const char *nv02 = td_result_award_explain(ex->result, example_member(ex, "nv02"), a, TD_LANG_EN);
    assert_string_equal(nv02, "eligible (selected for ldtt: yes; actual(xep_loai, 0) = 4 (needs ≥ 4); actual(sang_kien, "
                              "0) = 1 (needs ≥ 1)) but over the quota: 10 votes, rank 1 is past the cut-off 11 votes, "
                              "rank 1 (van-phong: quota 15 % × 4 selected for 'ldtt' = 0.6 → 0 (floor), at least 1 → 1, "
                              "filled by nv01); votes 10/11 = 90.91 % ≥ 90 % of the council");
    assert_non_null(strstr(td_result_award_explain(ex->result, example_member(ex, "nv03"), a, TD_LANG_EN),
                           "8/11 = 72.73 % < 90 % of the council"));
    assert_non_null(strstr(td_result_award_explain(ex->result, example_member(ex, "nv01"), a, TD_LANG_EN),
                           "place 1 of 1"));
}

static void provincial_fighter(void **state)
{
    const example *ex = *state;
    assert_int_equal(status(ex, "nv01", "cstd_tinh"), TD_AWARD_SELECTED);
    assert_int_equal(status(ex, "nv02", "cstd_tinh"), TD_AWARD_NOT_ELIGIBLE);
    example_assert_number(ex, "nv01", "consecutive('cstdcs')", "2");
    example_assert_number(ex, "nv01", "since('bk_tinh', 99)", "99");
    example_assert_number(ex, "nv02", "since('bk_tinh', 99)", "1");
    example_assert_number(ex, "nv01", "total", "0");
    assert_int_equal(td_result_member_rank(ex->result, example_member(ex, "nv12")), 1);
}

static void the_rulebook_round_trips(void **state)
{
    example_assert_round_trip(*state, DIR, false, files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(advanced_labourers),
        cmocka_unit_test(grassroots_fighters_by_quota_and_ballot),
        cmocka_unit_test(provincial_fighter),
        cmocka_unit_test(the_rulebook_round_trips),
    };
    return cmocka_run_group_tests_name(DIR, tests, setup, teardown);
}
