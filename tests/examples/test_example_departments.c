/*
 * examples/departments: the 1,000-point scheme of a block of provincial
 * departments, in 2025, after departments were merged. Every figure its
 * README states — the standings with one decimal, the worked example of
 * the merged Department of Agriculture and Environment, the history that
 * follows the mergers, the percent quota, the leader by rank — is asserted
 * here from the files, loaded through the public C API. The CSV files are
 * saved with decimal commas, as a Vietnamese Excel writes them.
 */
#include "example.h"

#include <stdio.h>
#include <string.h>

#define DIR "departments"

static const char *const files[] = {"data.yaml", "scores.yaml", "targets.csv", "results.csv", NULL};

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

/* The README's table: awards are co_thi_dua, de_nghi_co_chinh_phu, bang_khen. */
static void standings(void **state)
{
    const example *ex = *state;
    const example_row rows[] = {
        {"nn-mt", 1, "972.5", "948.5", "24", "0", "xuat_sac", {SEL, SEL, EXC}},
        {"tu-phap", 2, "961.6", "939.6", "22", "0", "xuat_sac", {NOT, NOT, SEL}},
        {"khcn", 3, "936.5", "919.5", "17", "0", "xuat_sac", {NOT, NOT, SEL}},
        {"tai-chinh", 4, "934.7", "927.7", "7", "0", "xuat_sac", {NOT, NOT, SEL}},
        {"noi-vu", 5, "914.1", "914.1", "0", "0", "xuat_sac", {NOT, NOT, NOT}},
        {"vp-ubnd", 6, "908.3", "908.3", "0", "0", "xuat_sac", {NOT, NOT, OVER}},
        {"xay-dung", 7, "905", "905", "0", "0", "xuat_sac", {NOT, NOT, OVER}},
        {"thanh-tra", 8, "900.6", "910.6", "0", "10", "tot", {NOT, NOT, NOT}},
        {"cong-thuong", 9, "822.3", "822.3", "0", "0", "tot", {NOT, NOT, NOT}},
        {"vhttdl", 10, "801.3", "806.3", "0", "5", "tot", {NOT, NOT, NOT}},
        {"dan-toc-ton-giao", 11, "774.2", "774.2", "0", "0", "hoan_thanh", {NOT, NOT, NOT}},
    };
    example_assert_standings(ex, rows, sizeof rows / sizeof rows[0]);
    assert_int_equal(td_result_period(ex->result), 2025);
    assert_string_equal(td_result_cluster_id(ex->result), "khoi-1");
    /* 30 % of 11 members is 3.3, rounded down to 3 */
    size_t bk = example_award(ex, "bang_khen");
    assert_int_equal(td_result_award_quota(ex->result, bk), 3);
    assert_string_equal(td_result_award_quota_explain(ex->result, bk, TD_LANG_EN),
                        "quota 30 % × 11 = 3.3 → 3 (floor)");
    assert_int_equal(td_result_award_quota(ex->result, example_award(ex, "co_thi_dua")), 1);
    /* the department ranked first leads the block in 2026 */
    assert_string_equal(td_result_next_leader(ex->result), "nn-mt");
}

/* The worked example: Sở Nông nghiệp và Môi trường, criterion by criterion. */
static void nn_mt_by_hand(void **state)
{
    const example *ex = *state;
    const char *u = "nn-mt";
    /* I. core tasks (max 500) */
    example_assert_criterion(ex, u, "nhiem_vu", "1", "200", "0");
    example_assert_criterion(ex, u, "chi_tieu", "1", "100", "0");
    example_assert_criterion(ex, u, "giai_ngan", "1.023994", "100", "0");
    example_assert_criterion(ex, u, "tham_muu", "-", "99.5", "0");
    /* II. reform and digital (max 200): the best PAR Index of the block,
     * the highest online rate */
    example_assert_criterion(ex, u, "par_index", "-", "80", "0");
    example_assert_criterion(ex, u, "truc_tuyen", "1.2175", "60", "0");
    example_assert_criterion(ex, u, "qua_han", "1.7", "60", "0");
    /* III. emulation, party and savings (max 150): 24.57 % saved beyond the
     * target earns 2 × 2 bonus points */
    example_assert_criterion(ex, u, "thi_dua", "-", "59.5", "0");
    example_assert_criterion(ex, u, "dang_doan_the", "-", "49.5", "0");
    example_assert_criterion(ex, u, "tiet_kiem", "1.245721", "40", "4");
    /* IV. reporting (max 100) */
    example_assert_criterion(ex, u, "bao_cao", "1", "60", "0");
    example_assert_criterion(ex, u, "ky_so", "1.04", "40", "0");

    size_t m = example_member(ex, u);
    const char *sections[] = {"499.5", "200", "149", "100"};
    for (size_t s = 0; s < 4; s++)
        assert_decimal(td_result_section_points(ex->result, m, s), sections[s]);
    /* bonus: 4 + the flag of Sở NN&PTNT 10 + two initiatives 10 */
    example_assert_number(ex, u, "events('co_thi_dua_tinh')", "1");
    example_assert_number(ex, u, "events('sang_kien')", "2");
    /* all eight criteria with a target met; excellent in 2024 (both former
     * departments) and 2023 (Sở TN&MT) */
    assert_true(example_boolean(ex, u, "all_met()"));
    example_assert_number(ex, u, "count_met()", "8");
    example_assert_number(ex, u, "consecutive('xuat_sac')", "2");
    example_assert_number(ex, u, "history('co_thi_dua', 1)", "1");
    /* the 3,563.5 billion đồng of the CSV, read with decimal commas */
    example_assert_number(ex, u, "actual(giai_ngan)", "3563.5");
    example_assert_number(ex, u, "target(giai_ngan)", "3480");
}

/* The runner-up with one decimal: 939.6 + 22 = 961.6. */
static void tu_phap_one_decimal(void **state)
{
    const example *ex = *state;
    example_assert_criterion(ex, "tu-phap", "par_index", "-", "79.6", "0");
    example_assert_criterion(ex, "tu-phap", "truc_tuyen", "1.16", "57", "0");
    example_assert_criterion(ex, "tu-phap", "tiet_kiem", "1.103571", "40", "2");
    example_assert_criterion(ex, "tu-phap", "tham_muu", "-", "96.5", "0");
    example_assert_criterion(ex, "tu-phap", "thi_dua", "-", "58", "0");
    example_assert_criterion(ex, "tu-phap", "dang_doan_the", "-", "48.5", "0");
    size_t m = example_member(ex, "tu-phap");
    const char *sections[] = {"496.5", "196.6", "146.5", "100"};
    for (size_t s = 0; s < 4; s++)
        assert_decimal(td_result_section_points(ex->result, m, s), sections[s]);
    example_assert_number(ex, "tu-phap", "events('co_chinh_phu') + events('sang_kien')", "2");
    /* KHCN's four initiatives are worth 20, capped at 15 */
    example_assert_number(ex, "khcn", "events('sang_kien')", "4");
    example_assert_criterion(ex, "khcn", "tiet_kiem", "1.113333", "40", "2");
}

/* History follows the merged departments; a unit without two excellent
 * years in a row is no candidate for the Certificate of Merit. */
static void history_follows_mergers(void **state)
{
    const example *ex = *state;
    /* Sở Xây dựng was only "good" itself; Sở GTVT was excellent */
    example_assert_number(ex, "xay-dung", "consecutive('xuat_sac')", "2");
    example_assert_number(ex, "xay-dung", "history('tot', 2)", "2");
    /* Sở Nội vụ and Sở LĐ-TB&XH were both "good" in 2024 */
    example_assert_number(ex, "noi-vu", "consecutive('xuat_sac')", "0");
    example_assert_number(ex, "noi-vu", "history('xuat_sac', 2)", "1");
    size_t bk = example_award(ex, "bang_khen");
    const char *why = td_result_award_explain(ex->result, example_member(ex, "noi-vu"), bk, TD_LANG_EN);
    assert_string_equal(why, "not eligible: consecutive years of xuat_sac 0 (needs ≥ 1)");
    why = td_result_award_explain(ex->result, example_member(ex, "vp-ubnd"), bk, TD_LANG_EN);
    assert_non_null(strstr(why, "over the quota: rank 6 is past the cut-off rank 4 (quota 30 % × 11 = "
                                "3.3 → 3 (floor), filled by tu-phap, khcn, tai-chinh)"));
    /* Thanh tra: 910.6 − 10 = 900.6 points, but a disciplined official */
    example_assert_number(ex, "thanh-tra", "events('ky_luat')", "1");
    example_assert_number(ex, "thanh-tra", "consecutive('xuat_sac')", "1");
}

/* data.yaml without its `predecessors` block (static storage). */
static const char *data_without_predecessors(size_t *len)
{
    static char text[1 << 16];
    FILE *f = fopen(example_path(DIR, "data.yaml"), "rb");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    assert_true(n > 0 && n < sizeof text - 1);
    text[n] = '\0';
    char *from = strstr(text, "\npredecessors:\n");
    assert_non_null(from);
    char *to = strstr(from + 1, "\n\n"); /* the block ends at a blank line */
    assert_non_null(to);
    memmove(from, to, n - (size_t)(to - text) + 1);
    *len = strlen(text);
    return text;
}

/* Without the mergers recorded, the merged departments lose the years of
 * the departments they were formed from, and with them their awards. */
static void without_predecessors_history_is_lost(void **state)
{
    (void)state;
    td_error err;
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.decimal_comma = true;
    example ex = {NULL, NULL};
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    size_t len;
    const char *data = data_without_predecessors(&len);
    assert_null(strstr(data, "predecessors"));
    assert_ok(td_rulebook_load_file(&ex.rulebook, example_path(DIR, "rulebook.yaml"), &opts, &err), err);
    assert_ok(td_dataset_new(&ds, &opts, &err), err);
    assert_ok(td_dataset_add_string(ds, data, len, "data.yaml", TD_DOC_FORMAT_YAML, &err), err);
    const char *rest[] = {"scores.yaml", "targets.csv", "results.csv"};
    for (size_t i = 0; i < 3; i++)
        assert_ok(td_dataset_add_file(ds, example_path(DIR, rest[i]), &err), err);
    assert_ok(td_dataset_to_cluster(&cl, ds, ex.rulebook, &err), err);
    assert_ok(td_evaluate(&ex.result, ex.rulebook, cl, NULL, &err), err);
    td_dataset_free(ds);
    td_cluster_free(cl);

    /* the same points and ranks: history decides awards only */
    assert_decimal(td_result_member_total(ex.result, example_member(&ex, "nn-mt")), "972.5");
    example_assert_number(&ex, "nn-mt", "consecutive('xuat_sac')", "0");
    example_assert_number(&ex, "xay-dung", "consecutive('xuat_sac')", "0");
    size_t gov = example_award(&ex, "de_nghi_co_chinh_phu"), bk = example_award(&ex, "bang_khen");
    assert_int_equal(td_result_award_status(ex.result, example_member(&ex, "nn-mt"), gov),
                     TD_AWARD_NOT_ELIGIBLE);
    assert_int_equal(td_result_award_status(ex.result, example_member(&ex, "xay-dung"), bk),
                     TD_AWARD_NOT_ELIGIBLE);
    /* Tài chính kept its id: its own years still count */
    example_assert_number(&ex, "tai-chinh", "consecutive('xuat_sac')", "2");
    example_free(&ex);
}

/* The CSV files need the decimal-comma option: without it the first
 * decimal comma is an error at its place, naming the value. */
static void decimal_commas_need_the_option(void **state)
{
    (void)state;
    td_error err;
    td_dataset *ds = NULL;
    assert_ok(td_dataset_new(&ds, NULL, &err), err);
    assert_error(td_dataset_add_file(ds, example_path(DIR, "targets.csv"), &err), TD_EPARSE, err,
                 "'12,5' has a comma");
    assert_non_null(strstr(err.file, "targets.csv"));
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 35);
    assert_non_null(strstr(err.message, "decimal-comma"));
    td_dataset_free(ds);
}

/* The rulebook written back as YAML gives the same numbers and explanations. */
static void round_trip(void **state)
{
    example_assert_round_trip(*state, DIR, true, files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(standings),
        cmocka_unit_test(nn_mt_by_hand),
        cmocka_unit_test(tu_phap_one_decimal),
        cmocka_unit_test(history_follows_mergers),
        cmocka_unit_test(without_predecessors_history_is_lost),
        cmocka_unit_test(decimal_commas_need_the_option),
        cmocka_unit_test(round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
