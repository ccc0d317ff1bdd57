/*
 * examples/womens-union: the 100-point scheme of a provincial Women's Union
 * cluster. Every figure its README states — the standings, the worked
 * example of Hòa Mỹ, the floors that decide classes, the tie for the last
 * Certificate of Merit, the elected leader — is asserted here from the
 * files, loaded through the public C API.
 */
#include "example.h"

#include <string.h>

#define DIR "womens-union"

static const char *const files[] = {"data.yaml", "targets.json", "results.csv", NULL};

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

#define SEL TD_AWARD_SELECTED
#define NOT TD_AWARD_NOT_ELIGIBLE
#define EXC TD_AWARD_EXCLUDED
#define TIE TD_AWARD_TIE_AT_QUOTA

/* The README's table: awards are co_thi_dua, then bang_khen. */
static void standings(void **state)
{
    const example *ex = *state;
    const example_row rows[] = {
        {"dong-tam", 1, "97.74", "97.74", "0", "0", "xuat_sac", {SEL, EXC}},
        {"son-thuy", 2, "97.5", "97.5", "0", "0", "tot", {NOT, NOT}},
        {"tp-lam-son", 3, "96.96", "96.96", "0", "0", "xuat_sac", {NOT, SEL}},
        {"hoa-my", 4, "96.23", "96.23", "0", "0", "xuat_sac", {NOT, TIE}},
        {"yen-hoa", 4, "96.23", "96.23", "0", "0", "xuat_sac", {NOT, TIE}},
        {"phu-lam", 6, "93.17", "93.17", "0", "0", "hoan_thanh", {NOT, NOT}},
        {"muong-khe", 7, "68.14", "78.14", "0", "10", "khong_hoan_thanh", {NOT, NOT}},
    };
    example_assert_standings(ex, rows, sizeof rows / sizeof rows[0]);
    assert_int_equal(td_result_award_quota(ex->result, example_award(ex, "co_thi_dua")), 1);
    assert_int_equal(td_result_award_quota(ex->result, example_award(ex, "bang_khen")), 2);
    assert_string_equal(td_result_next_leader(ex->result), "hoa-my");
    assert_int_equal(td_result_period(ex->result), 2024);
    assert_string_equal(td_result_cluster_id(ex->result), "cum-3");
}

/* The worked example: every criterion of Hòa Mỹ, by hand in the README. */
static void hoa_my_by_hand(void **state)
{
    const example *ex = *state;
    const char *u = "hoa-my";
    /* I. propaganda and education (max 19.5) */
    example_assert_criterion(ex, u, "sinh_hoat", "1", "5", "0");
    example_assert_criterion(ex, u, "nghi_quyet", "0.985526", "4.5", "0");
    example_assert_criterion(ex, u, "gia_dinh_5k3s", "0.96", "2.88", "0");
    example_assert_criterion(ex, u, "clb_gia_dinh", "1.2", "3", "0");
    example_assert_criterion(ex, u, "tin_bai", "0.857143", "1.29", "0");
    example_assert_criterion(ex, u, "dien_dan", "1", "2", "0");
    /* II. economy and poverty (max 25); du_no is the derived sum of two
     * measures, on the targets and on the actuals */
    example_assert_criterion(ex, u, "du_no", "0.981277", "9", "0");
    example_assert_criterion(ex, u, "ho_ngheo", "0.972973", "9.46", "0");
    example_assert_criterion(ex, u, "thoat_ngheo", "1.025", "5", "0");
    example_assert_number(ex, u, "target(du_no)", "305500");
    example_assert_number(ex, u, "actual(du_no)", "299780");
    /* III. the organisation (max 35.5): the membership rate is 83.20 %, a
     * derived measure banded as it is (of: actual), without a target */
    example_assert_criterion(ex, u, "tap_hop", "-", "4", "0");
    example_assert_number(ex, u, "actual(tap_hop)", "0.832016");
    example_assert_number(ex, u, "actual(hoi_vien)", "21050");
    example_assert_number(ex, u, "actual(phu_nu_18)", "25300");
    assert_string_equal(td_result_criterion_explain(ex->result, example_member(ex, u),
                                                    example_criterion(ex, "tap_hop"), TD_LANG_EN),
                        "actual 0.832016 ≥ 0.8 → band 1 = 4.00");
    assert_int_equal(td_result_met(ex->result, example_member(ex, u), example_criterion(ex, "tap_hop")), -1);
    example_assert_criterion(ex, u, "hoi_vien_moi", "1.032692", "10", "0");
    example_assert_criterion(ex, u, "chi_hoi_vung_manh", "1", "15", "0");
    example_assert_criterion(ex, u, "tap_huan", "0.984375", "6.5", "0");
    /* IV. emulation and reporting (max 20): 4.1 is graded, cross score 9 */
    example_assert_criterion(ex, u, "phong_trao", "-", "9", "0");
    example_assert_criterion(ex, u, "dien_hinh", "0.933333", "5.6", "0");
    example_assert_criterion(ex, u, "bao_cao", "1", "4", "0");

    size_t m = example_member(ex, u);
    const char *sections[] = {"18.67", "23.46", "35.5", "18.6"};
    for (size_t s = 0; s < 4; s++)
        assert_decimal(td_result_section_points(ex->result, m, s), sections[s]);
    /* the lowest share is 1.29 of 1.5 for the news items */
    example_assert_number(ex, u, "min_share()", "0.86");
}

/* The floors: a class needs its total and a share of every criterion. */
static void floors_decide_the_class(void **state)
{
    const example *ex = *state;
    /* Sơn Thủy: the second total, but loans at 93.12 % give 8 of 10 */
    example_assert_criterion(ex, "son-thuy", "du_no", "0.931241", "8", "0");
    example_assert_number(ex, "son-thuy", "min_share()", "0.8");
    assert_non_null(strstr(td_result_classification_explain(ex->result, example_member(ex, "son-thuy"), TD_LANG_EN),
                           "total 97.5 ≥ 90 but lowest share of points 0.8 (needs ≥ 85%) (xuat_sac); ≥ 80, lowest "
                           "share of points 0.8 (needs ≥ 80%) → tot"));
    /* Phú Lâm: 93.17 points, membership 73.90 % gives 3 of 4 */
    example_assert_criterion(ex, "phu-lam", "tap_hop", "-", "3", "0");
    example_assert_number(ex, "phu-lam", "actual(tap_hop)", "0.739011");
    example_assert_number(ex, "phu-lam", "min_share()", "0.75");
    /* Mường Khê: 78.14 points before 10 deduction points, and two reports
     * of 14 late: 2 of 4 */
    example_assert_criterion(ex, "muong-khe", "bao_cao", "0.857143", "2", "0");
    example_assert_number(ex, "muong-khe", "min_share()", "0.5");
    example_assert_number(ex, "muong-khe", "events('khong_ky_giao_uoc')", "1");
    example_assert_number(ex, "muong-khe", "events('vang_hoat_dong_cum')", "2");
    /* every excellent unit keeps 85 % of each criterion */
    const char *excellent[] = {"dong-tam", "tp-lam-son", "hoa-my", "yen-hoa"};
    for (size_t i = 0; i < 4; i++)
        assert_true(example_boolean(ex, excellent[i], "min_share() >= 85% and total >= 90"));
}

/* Hòa Mỹ and Yên Hòa are equal on every ranking key: the last Certificate
 * of Merit is the council's to give. */
static void the_tie_goes_to_the_council(void **state)
{
    const example *ex = *state;
    const char *keys[] = {"total", "deduction", "points(tap_hop)"};
    for (size_t k = 0; k < 3; k++) {
        td_decimal a = example_number(ex, "hoa-my", keys[k]);
        td_decimal b = example_number(ex, "yen-hoa", keys[k]);
        assert_int_equal(td_decimal_cmp(a, b), 0);
    }
    size_t bk = example_award(ex, "bang_khen");
    /* Đồng Tâm takes the Flag, so it is no candidate for a certificate */
    assert_int_equal(td_result_award_status(ex->result, example_member(ex, "dong-tam"), bk),
                     TD_AWARD_EXCLUDED);
    example_assert_criterion(ex, "yen-hoa", "tap_hop", "-", "4", "0");
    example_assert_number(ex, "yen-hoa", "actual(tap_hop)", "0.830252");
    /* the README quotes the explanation of the tie */
    const char *why = td_result_award_explain(ex->result, example_member(ex, "hoa-my"), bk, TD_LANG_EN);
    assert_non_null(strstr(why, "eligible (classification 'xuat_sac' (needs 'xuat_sac')) but tied at rank 4 with yen-hoa "
                                "for the last 1 place(s) of the quota 2: the council decides"));
    why = td_result_award_explain(ex->result, example_member(ex, "yen-hoa"), bk, TD_LANG_VI);
    assert_non_null(strstr(why, "hội đồng quyết định"));
}

/* The rulebook written back as YAML gives the same numbers and explanations. */
static void round_trip(void **state)
{
    example_assert_round_trip(*state, DIR, false, files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(standings),
        cmocka_unit_test(hoa_my_by_hand),
        cmocka_unit_test(floors_decide_the_class),
        cmocka_unit_test(the_tie_goes_to_the_council),
        cmocka_unit_test(round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
