/*
 * examples/province-blocks: the three emulation blocks of a province's
 * departments in one evaluation, a rulebook of version 1.1 (each unit's
 * block its group, group_rank in the Flag's condition, a quota per group,
 * the Certificates of Merit counted on the Flags awarded). Every figure
 * its README states is asserted here from the files, loaded through the
 * public C API.
 */
#include "example.h"

#include <stdio.h>
#include <string.h>

#define DIR "province-blocks"

static const char *const files[] = {"data.yaml", "ket-qua.csv", NULL};

static int setup(void **state)
{
    static example ex;
    example_load(&ex, DIR, true, files);
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
#define OVER TD_AWARD_OVER_QUOTA
#define TIE TD_AWARD_TIE_AT_QUOTA

static td_award_status status(const example *ex, const char *unit, const char *award)
{
    return td_result_award_status(ex->result, example_member(ex, unit), example_award(ex, award));
}

/* The README's table: awards are co_thi_dua, bang_khen. */
static void standings(void **state)
{
    const example *ex = *state;
    const example_row rows[] = {
        {"nn-mt", 1, "96", "96", "0", "0", "xuat_sac", {SEL, EXC}},
        {"tu-phap", 2, "95.19", "95.19", "0", "0", "xuat_sac", {SEL, EXC}},
        {"tai-chinh", 3, "94.93", "94.93", "0", "0", "xuat_sac", {NOT, SEL}},
        {"y-te", 4, "92.4", "97.4", "0", "5", "tot", {NOT, NOT}},
        {"gd-dt", 5, "91.68", "91.68", "0", "0", "xuat_sac", {NOT, TIE}},
        {"vp-ubnd", 5, "91.68", "91.68", "0", "0", "xuat_sac", {NOT, TIE}},
        {"cong-thuong", 7, "91.62", "91.62", "0", "0", "xuat_sac", {NOT, OVER}},
        {"thanh-tra", 8, "89.83", "89.83", "0", "0", "tot", {NOT, NOT}},
        {"vhttdl", 9, "85.7", "85.7", "0", "0", "tot", {NOT, NOT}},
        {"vp-doan-hdnd", 10, "83.93", "83.93", "0", "0", "tot", {NOT, NOT}},
        {"khcn", 11, "82.57", "82.57", "0", "0", "tot", {NOT, NOT}},
        {"dan-toc-ton-giao", 12, "75.33", "75.33", "0", "0", "hoan_thanh", {NOT, NOT}},
        {"xay-dung", 13, "73.1", "75.1", "0", "2", "hoan_thanh", {NOT, NOT}},
        {"noi-vu", 14, "62.6", "65.6", "0", "3", "khong_hoan_thanh", {NOT, NOT}},
    };
    example_assert_standings(ex, rows, sizeof rows / sizeof rows[0]);
    assert_int_equal(td_result_period(ex->result), 2025);
    assert_string_equal(td_result_cluster_id(ex->result), "khoi-so-nam-son");
    /* no leader rule: each block has its own leader */
    assert_null(td_result_next_leader(ex->result));
}

/* Each unit's block and its rank in it, as the table's "rank in block". */
static void blocks_and_group_ranks(void **state)
{
    const example *ex = *state;
    static const struct {
        const char *unit, *group;
        size_t group_rank;
    } want[] = {
        {"nn-mt", "kinh-te", 1},        {"tai-chinh", "kinh-te", 2},
        {"cong-thuong", "kinh-te", 3},  {"khcn", "kinh-te", 4},
        {"xay-dung", "kinh-te", 5},     {"tu-phap", "tong-hop", 1},
        {"vp-ubnd", "tong-hop", 2},     {"thanh-tra", "tong-hop", 3},
        {"vp-doan-hdnd", "tong-hop", 4}, {"y-te", "van-hoa-xa-hoi", 1},
        {"gd-dt", "van-hoa-xa-hoi", 2}, {"vhttdl", "van-hoa-xa-hoi", 3},
        {"dan-toc-ton-giao", "van-hoa-xa-hoi", 4},
        {"noi-vu", "van-hoa-xa-hoi", 5},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        size_t m = example_member(ex, want[i].unit);
        assert_string_equal(td_result_member_group(ex->result, m), want[i].group);
        if (td_result_member_group_rank(ex->result, m) != want[i].group_rank)
            fail_msg("group rank of %s: %zu, want %zu", want[i].unit, td_result_member_group_rank(ex->result, m),
                     want[i].group_rank);
    }
    /* the blocks have 5, 4 and 5 units */
    example_assert_number(ex, "nn-mt", "group_size", "5");
    example_assert_number(ex, "tu-phap", "group_size", "4");
    example_assert_number(ex, "gd-dt", "group_size", "5");
    example_assert_number(ex, "gd-dt", "group_rank", "2");
}

/* Two Flags: the leaders of kinh-te and tong-hop; van-hoa-xa-hoi's leading
 * unit is not excellent, and the Flag does not pass to the next one. */
static void flags(void **state)
{
    const example *ex = *state;
    size_t a = example_award(ex, "co_thi_dua");
    assert_int_equal(td_result_award_quota(ex->result, a), 3);
    assert_string_equal(td_result_award_quota_explain(ex->result, a, TD_LANG_EN),
                        "kinh-te: quota 1; tong-hop: quota 1; van-hoa-xa-hoi: quota 1");
    assert_int_equal(td_result_award_group_count(ex->result, a), 3);
    static const char *const blocks[] = {"kinh-te", "tong-hop", "van-hoa-xa-hoi"};
    for (size_t k = 0; k < 3; k++) {
        assert_string_equal(td_result_award_group(ex->result, a, k), blocks[k]);
        assert_int_equal(td_result_award_group_quota(ex->result, a, k), 1);
    }
    /* the selected: exactly nn-mt and tu-phap */
    size_t selected = 0;
    for (size_t m = 0; m < td_result_member_count(ex->result); m++)
        if (td_result_award_status(ex->result, m, a) == TD_AWARD_SELECTED)
            selected++;
    assert_int_equal(selected, 2);
    assert_int_equal(status(ex, "nn-mt", "co_thi_dua"), SEL);
    assert_int_equal(status(ex, "tu-phap", "co_thi_dua"), SEL);
    assert_string_equal(td_result_award_explain(ex->result, example_member(ex, "tu-phap"), a, TD_LANG_EN),
                        "selected: rank in group 1 (needs 1); classification 'xuat_sac' (needs 'xuat_sac'); rank "
                        "2, place 1 of 1 (tong-hop: quota 1)");
    /* Sở Y tế: first in its block on points, but a disciplined official */
    size_t yte = example_member(ex, "y-te");
    example_assert_number(ex, "y-te", "events('ky_luat')", "1");
    assert_string_equal(td_result_classification_explain(ex->result, yte, TD_LANG_EN),
                        "total 92.4 ≥ 90 but ky_luat events 1 (needs 0) (xuat_sac); ≥ 80 → tot (Hoàn thành tốt "
                        "nhiệm vụ)");
    assert_string_equal(td_result_award_explain(ex->result, yte, a, TD_LANG_EN),
                        "not eligible: classification 'tot' (needs 'xuat_sac')");
    assert_string_equal(td_result_award_explain(ex->result, example_member(ex, "gd-dt"), a, TD_LANG_EN),
                        "not eligible: rank in group 2 (needs 1)");
}

/* As many Certificates as Flags awarded: 100 % × 2 = 2; one selected, two
 * tied across blocks for the last place, one over the quota. */
static void certificates_counted_on_the_flags(void **state)
{
    const example *ex = *state;
    size_t a = example_award(ex, "bang_khen");
    assert_int_equal(td_result_award_quota(ex->result, a), 2);
    assert_int_equal(td_result_award_group_count(ex->result, a), 0);
    assert_string_equal(td_result_award_quota_explain(ex->result, a, TD_LANG_EN),
                        "quota 100 % × 2 selected for 'co_thi_dua' = 2 → 2 (floor)");
    assert_string_equal(td_result_award_quota_explain(ex->result, a, TD_LANG_VI),
                        "chỉ tiêu 100 % × 2 đơn vị được chọn cho 'co_thi_dua' = 2 → 2 (làm tròn xuống)");
    assert_non_null(strstr(td_result_award_explain(ex->result, example_member(ex, "tai-chinh"), a, TD_LANG_EN),
                           "rank 3, place 1 of 2"));
    assert_string_equal(td_result_award_explain(ex->result, example_member(ex, "gd-dt"), a, TD_LANG_EN),
                        "eligible (classification 'xuat_sac' (needs 'xuat_sac')) but tied at rank 5 with vp-ubnd "
                        "for the last 1 place(s) of the quota 100 % × 2 selected for 'co_thi_dua' = 2 → 2 (floor): "
                        "the council decides");
    assert_non_null(strstr(td_result_award_explain(ex->result, example_member(ex, "cong-thuong"), a, TD_LANG_EN),
                           "rank 7 comes after the group tied at rank 5 for the last place(s) of the quota"));
    assert_string_equal(td_result_award_explain(ex->result, example_member(ex, "nn-mt"), a, TD_LANG_EN),
                        "excluded: already selected for 'co_thi_dua'; 'bang_khen' and 'co_thi_dua' exclude each other");
}

/* The worked example: Sở Giáo dục và Đào tạo, criterion by criterion. */
static void gd_dt_by_hand(void **state)
{
    const example *ex = *state;
    const char *u = "gd-dt";
    example_assert_criterion(ex, u, "nhiem_vu", "0.979167", "19.58", "0");
    example_assert_criterion(ex, u, "giai_ngan", "0.92", "12", "0");
    example_assert_criterion(ex, u, "tham_muu", "-", "12.5", "0");
    example_assert_criterion(ex, u, "dung_han", "0.986939", "10", "0");
    example_assert_criterion(ex, u, "truc_tuyen", "0.96", "9.6", "0");
    example_assert_criterion(ex, u, "bao_cao", "0.916667", "8", "0");
    example_assert_criterion(ex, u, "phong_trao", "-", "9.5", "0");
    example_assert_criterion(ex, u, "sang_kien", "1.2", "6", "0");
    example_assert_criterion(ex, u, "dien_hinh", "0.9", "5.4", "0");
    example_assert_number(ex, u, "actual(dung_han)", "12317");
    example_assert_number(ex, u, "target(dung_han)", "12480");

    size_t m = example_member(ex, u);
    const char *sections[] = {"44.08", "27.6", "20"};
    for (size_t s = 0; s < 3; s++)
        assert_decimal(td_result_section_points(ex->result, m, s), sections[s]);
    /* section III: 9.5 + 6 + 5.4 = 20.9, capped at 20 */
    example_assert_number(ex, u, "points(phong_trao) + points(sang_kien) + points(dien_hinh)", "20.9");
    assert_string_equal(td_result_member_explain(ex->result, m, TD_LANG_EN),
                        "base = I 44.08 + II 27.6 + III min(20, 20.9) = 20 = 91.68; bonus = criteria 0 = 0; "
                        "deduction = 0; total = max(0, 91.68 + 0 − 0) = 91.68");
    assert_string_equal(td_result_classification_explain(ex->result, m, TD_LANG_EN),
                        "total 91.68 ≥ 90, ky_luat events 0 (needs 0) → xuat_sac (Hoàn thành xuất sắc nhiệm vụ)");
    assert_string_equal(td_result_rank_explain(ex->result, m, TD_LANG_EN),
                        "total 91.68, deduction 0 (lower first) → rank 5/14 (shared with vp-ubnd)");
}

/* The README's other figures: a capped item, a threshold, Sở Y tế's points. */
static void other_figures(void **state)
{
    const example *ex = *state;
    example_assert_number(ex, "noi-vu", "events('vang_hoat_dong_khoi')", "4");
    assert_non_null(strstr(td_result_member_explain(ex->result, example_member(ex, "noi-vu"), TD_LANG_EN),
                           "deduction = vang_hoat_dong_khoi min(3, 1 × 4) = 3"));
    example_assert_criterion(ex, "dan-toc-ton-giao", "dung_han", "0.97", "0", "0");
    example_assert_number(ex, "dan-toc-ton-giao", "actual(dung_han)", "1164");
    example_assert_number(ex, "dan-toc-ton-giao", "target(dung_han)", "1200");
    /* Sở Y tế: 97.4 points before the deduction, still first in its block */
    example_assert_number(ex, "y-te", "base", "97.4");
    example_assert_number(ex, "y-te", "group_rank", "1");
}

static void the_rulebook_round_trips(void **state)
{
    example_assert_round_trip(*state, DIR, true, files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(standings),
        cmocka_unit_test(blocks_and_group_ranks),
        cmocka_unit_test(flags),
        cmocka_unit_test(certificates_counted_on_the_flags),
        cmocka_unit_test(gd_dt_by_hand),
        cmocka_unit_test(other_figures),
        cmocka_unit_test(the_rulebook_round_trips),
    };
    return cmocka_run_group_tests_name(DIR, tests, setup, teardown);
}
