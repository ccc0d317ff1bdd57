/*
 * examples/district-1000: the units of district level of a province on a
 * 1,000-point nested score table, a rulebook of version 1.1 (groups of
 * criteria capped at their max, a group inside a group, an item directly
 * below a section, min_share('leaf' | 'group' | 'section'), points() of a
 * group as a ranking key). Every figure its README states is asserted
 * here from the files, loaded through the public C API.
 */
#include "example.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR "district-1000"

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

#define SEL TD_AWARD_SELECTED
#define NOT TD_AWARD_NOT_ELIGIBLE
#define EXC TD_AWARD_EXCLUDED
#define OVER TD_AWARD_OVER_QUOTA

static size_t node(const example *ex, const char *id)
{
    size_t n;
    td_error err;
    if (td_rulebook_find_node(&n, ex->rulebook, id, &err) != TD_OK)
        fail_msg("no group node '%s': %s", id, err.message);
    return n;
}

static void assert_node(const example *ex, const char *unit, const char *id, const char *want)
{
    char got[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(got, sizeof got, td_result_node_points(ex->result, example_member(ex, unit), node(ex, id)));
    if (strcmp(got, want) != 0)
        fail_msg("points of group %s for %s: %s, want %s", id, unit, got, want);
}

/* The sum of a group's items before its cap. */
static void assert_node_sum(const example *ex, const char *unit, const char *id, const char *want)
{
    char got[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(got, sizeof got, td_result_node_sum(ex->result, example_member(ex, unit), node(ex, id)));
    if (strcmp(got, want) != 0)
        fail_msg("sum of group %s for %s: %s, want %s", id, unit, got, want);
}

/* The README's result table: awards are co_thi_dua, bang_khen. */
static void standings(void **state)
{
    const example *ex = *state;
    const example_row rows[] = {
        {"tx-hoa-phong", 1, "985.36", "985.36", "0", "0", "xuat_sac", {SEL, EXC}},
        {"tp-lam-giang", 2, "956.49", "946.49", "10", "0", "xuat_sac", {NOT, SEL}},
        {"h-thuong-lam", 3, "951.39", "951.39", "0", "0", "xuat_sac", {NOT, SEL}},
        {"h-minh-son", 4, "951.39", "951.39", "0", "0", "xuat_sac", {NOT, OVER}},
        {"h-bao-an", 5, "941.55", "941.55", "0", "0", "tot", {NOT, NOT}},
        {"h-ha-lam", 6, "888.39", "888.39", "0", "0", "tot", {NOT, NOT}},
        {"h-kim-dien", 7, "870.36", "870.36", "0", "0", "hoan_thanh", {NOT, NOT}},
        {"h-dong-khe", 8, "643.35", "663.35", "0", "20", "khong_hoan_thanh", {NOT, NOT}},
    };
    example_assert_standings(ex, rows, sizeof rows / sizeof rows[0]);
    assert_int_equal(td_result_period(ex->result), 2024);
    assert_string_equal(td_result_cluster_id(ex->result), "huyen-lam-giang");
}

/* The table: 4 sections, 12 group nodes (11 directly below a section, ntm
 * inside I2), 35 items; the maxima of the README's table. */
static void the_table(void **state)
{
    const example *ex = *state;
    const td_rulebook *rb = ex->rulebook;
    assert_int_equal(td_rulebook_section_count(rb), 4);
    assert_int_equal(td_rulebook_criterion_count(rb), 35);
    assert_int_equal(td_rulebook_node_count(rb), 12);
    static const struct {
        const char *id, *max;
        unsigned level;
        const char *parent; /* NULL: directly below its section */
    } nodes[] = {
        {"I1", "150", 1, NULL},  {"I2", "150", 1, NULL},  {"ntm", "90", 2, "I2"},  {"I3", "100", 1, NULL},
        {"II1", "120", 1, NULL}, {"II2", "100", 1, NULL}, {"II3", "80", 1, NULL},  {"III2", "40", 1, NULL},
        {"III3", "70", 1, NULL}, {"IV1", "60", 1, NULL},  {"IV2", "40", 1, NULL},  {"IV3", "50", 1, NULL},
    };
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
        size_t n = node(ex, nodes[i].id);
        assert_int_equal(n, i); /* rulebook order */
        assert_decimal(td_rulebook_node_max(rb, n), nodes[i].max);
        assert_int_equal(td_rulebook_node_level(rb, n), nodes[i].level);
        if (nodes[i].parent == NULL)
            assert_true(td_rulebook_node_parent(rb, n) == (size_t)-1);
        else
            assert_int_equal(td_rulebook_node_parent(rb, n), node(ex, nodes[i].parent));
    }
    /* the items of ntm are at level 3; item 7 stands directly below section III */
    assert_int_equal(td_rulebook_criterion_parent(rb, example_criterion(ex, "phan_loai_rac")), node(ex, "ntm"));
    assert_true(td_rulebook_criterion_parent(rb, example_criterion(ex, "tuyen_quan")) == (size_t)-1);
    assert_int_equal(td_rulebook_criterion_parent(rb, example_criterion(ex, "ocop")), node(ex, "I2"));
}

/* The three floors of every unit, as the README's result table shows them. */
static void floors(void **state)
{
    const example *ex = *state;
    static const struct {
        const char *unit, *leaf, *group, *section;
    } want[] = {
        {"tx-hoa-phong", "0.25", "0.941625", "0.967766666667"},
        {"tp-lam-giang", "0.5", "0.8782", "0.930066666667"},
        {"h-thuong-lam", "0.666666666667", "0.88", "0.9028"},
        {"h-minh-son", "0.5", "0.871875", "0.933166666667"},
        {"h-bao-an", "0.333333333333", "0.76", "0.867166666667"},
        {"h-ha-lam", "0.6", "0.7764", "0.836533333333"},
        {"h-kim-dien", "0", "0", "0.634266666667"},
        {"h-dong-khe", "0", "0.35", "0.6062"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        example_assert_number(ex, want[i].unit, "min_share('leaf')", want[i].leaf);
        example_assert_number(ex, want[i].unit, "min_share()", want[i].leaf);
        example_assert_number(ex, want[i].unit, "min_share('group')", want[i].group);
        example_assert_number(ex, want[i].unit, "min_share('section')", want[i].section);
        /* under a floor on every item, nobody would be excellent */
        assert_false(example_boolean(ex, want[i].unit, "min_share() >= 85%"));
    }
}

/* "Replace min_share('group') by min_share() and run again": no unit is
 * excellent, nobody gets the Flag or a certificate; Hòa Phong is "tot". */
static void a_floor_on_every_item(void **state)
{
    (void)state;
    const char *path = example_path(DIR, "rulebook.yaml");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[65536];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    const char *from = "when: \"min_share('group') >= 85%\"";
    char *at = strstr(text, from);
    assert_non_null(at);
    assert_null(strstr(at + 1, from));
    static char flat[65536];
    int n = snprintf(flat, sizeof flat, "%.*swhen: \"min_share() >= 85%%\"%s", (int)(at - text), text,
                     at + strlen(from));
    assert_true(n > 0 && (size_t)n < sizeof flat);

    td_error err;
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    example ex = {NULL, NULL};
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    if (td_rulebook_load_string(&ex.rulebook, flat, strlen(flat), "flat.yaml", &opts, &err) != TD_OK)
        fail_msg("flat.yaml:%u:%u: %s", err.line, err.column, err.message);
    assert_int_equal(td_dataset_new(&ds, &opts, &err), TD_OK);
    if (td_dataset_add_file(ds, example_path(DIR, "data.yaml"), &err) != TD_OK ||
        td_dataset_to_cluster(&cl, ds, ex.rulebook, &err) != TD_OK ||
        td_evaluate(&ex.result, ex.rulebook, cl, NULL, &err) != TD_OK)
        fail_msg("%s", err.message);
    td_dataset_free(ds);
    td_cluster_free(cl);
    for (size_t m = 0; m < td_result_member_count(ex.result); m++) {
        assert_string_not_equal(td_result_member_classification(ex.result, m), "xuat_sac");
        for (size_t a = 0; a < td_result_award_count(ex.result); a++)
            assert_int_equal(td_result_award_status(ex.result, m, a), TD_AWARD_NOT_ELIGIBLE);
    }
    size_t hp = example_member(&ex, "tx-hoa-phong");
    assert_string_equal(td_result_member_classification(ex.result, hp), "tot");
    assert_string_equal(td_result_classification_explain(ex.result, hp, TD_LANG_EN),
                        "total 985.36 ≥ 900 but lowest share of points 0.25 (needs ≥ 85%) (xuat_sac); ≥ 800, "
                        "lowest share of points by section 0.967766666667 (II) (needs ≥ 70%) → tot (Hoàn thành tốt "
                        "nhiệm vụ)");
    example_free(&ex);
}

/* The worked example: Thị xã Hòa Phong, item by item, group by group. */
static void hoa_phong_by_hand(void **state)
{
    const example *ex = *state;
    const char *u = "tx-hoa-phong";
    static const char *const items[][3] = {
        {"tang_truong", "1.023529", "50"},   {"thu_ngan_sach", "1.064706", "55"},
        {"giai_ngan", "0.98", "46"},         {"xa_ntm_nc", "0.875", "35"},
        {"xa_ntm_km", "1", "20"},            {"thu_nhap_nt", "1.034375", "30"},
        {"phan_loai_rac", "0.25", "2.5"},    {"ocop", "1", "30"},
        {"che_phu_rung", "1.01039", "30"},   {"doanh_nghiep", "1.08", "35"},
        {"du_lich", "0.975", "34.13"},       {"ddci", "1.141538", "30"},
        {"truong_chuan", "1", "40"},         {"bhyt", "0.992632", "35"},
        {"tiem_chung", "1.004082", "40"},    {"viec_lam", "1.04", "40"},
        {"thoat_ngheo", "0.953846", "38.15"}, {"dao_tao_nghe", "-", "30"},
        {"gia_dinh_vh", "-", "30"},          {"thiet_che", "0.916667", "18.33"},
        {"hoat_dong_vh", "-", "27"},         {"tuyen_quan", "1", "40"},
        {"dan_quan", "-", "23.5"},           {"dien_tap", "-", "18"},
        {"an_ninh", "-", "36"},              {"tai_nan_gt", "1.181818", "20"},
        {"xa_khong_ma_tuy", "0.888889", "17.78"}, {"dung_han", "0.9925", "20"},
        {"truc_tuyen", "0.92", "18.4"},      {"bao_cao", "1", "20"},
        {"phong_trao", "-", "18"},           {"dien_hinh", "1.055556", "15"},
        {"sang_kien", "0.875", "8.75"},      {"to_chuc_dang", "1", "30"},
        {"ket_nap_dang", "1.04", "20"},
    };
    assert_int_equal(sizeof items / sizeof items[0], 35);
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        example_assert_criterion(ex, u, items[i][0], items[i][1], items[i][2], "0");
    example_assert_number(ex, u, "actual(phan_loai_rac)", "2400");
    example_assert_number(ex, u, "target(phan_loai_rac)", "9600");
    example_assert_number(ex, u, "actual(dao_tao_nghe)", "76.2");

    /* the groups, capped: I1 151 → 150, II2 108.15 → 100, III2 41.5 → 40,
     * III3 73.78 → 70, IV2 41.75 → 40; ntm 87.5 of 90 */
    static const char *const groups[][2] = {
        {"I1", "150"},    {"I2", "147.5"},  {"ntm", "87.5"}, {"I3", "99.13"}, {"II1", "115"}, {"II2", "100"},
        {"II3", "75.33"}, {"III2", "40"},   {"III3", "70"},  {"IV1", "58.4"}, {"IV2", "40"},  {"IV3", "50"},
    };
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        assert_node(ex, u, groups[i][0], groups[i][1]);
        char expr[64];
        snprintf(expr, sizeof expr, "points('%s')", groups[i][0]);
        example_assert_number(ex, u, expr, groups[i][1]);
    }
    example_assert_number(ex, u, "points(tang_truong) + points(thu_ngan_sach) + points(giai_ngan)", "151");
    example_assert_number(ex, u, "points(dan_quan) + points(dien_tap)", "41.5");
    example_assert_number(ex, u, "points(an_ninh) + points(tai_nan_gt) + points(xa_khong_ma_tuy)", "73.78");
    example_assert_number(ex, u, "points(phong_trao) + points(dien_hinh) + points(sang_kien)", "41.75");
    example_assert_number(ex, u, "points(viec_lam) + points(thoat_ngheo) + points(dao_tao_nghe)", "108.15");

    size_t m = example_member(ex, u);
    const char *sections[] = {"396.63", "290.33", "150", "148.4"};
    static const char *const section_ids[] = {"I", "II", "III", "IV"};
    for (size_t s = 0; s < 4; s++) {
        assert_decimal(td_result_section_points(ex->result, m, s), sections[s]);
        char expr[64];
        snprintf(expr, sizeof expr, "points('%s')", section_ids[s]);
        example_assert_number(ex, u, expr, sections[s]);
    }
    assert_string_equal(td_result_member_explain(ex->result, m, TD_LANG_EN),
                        "base = I 396.63 + II 290.33 + III 150 + IV 148.4 = 985.36; groups of criteria: I1 min(150, "
                        "151) = 150, I2 147.5 (ntm 87.5), I3 99.13, II1 115, II2 min(100, 108.15) = 100, II3 75.33, "
                        "III2 min(40, 41.5) = 40, III3 min(70, 73.78) = 70, IV1 58.4, IV2 min(40, 41.75) = 40, IV3 "
                        "50; bonus = min(30, criteria 0) = 0; deduction = 0; total = max(0, 985.36 + 0 − 0) = 985.36");

    /* the floors: the lowest item, node below a section, section */
    example_assert_number(ex, u, "points(phan_loai_rac) / 10", "0.25");
    example_assert_number(ex, u, "min_share('leaf')", "0.25");
    example_assert_number(ex, u, "min_share('group')", "0.941625");
    example_assert_number(ex, u, "min_share('section')", "0.967766666667");
    /* ntm (level 2) is not one of the shares of min_share('group') */
    example_assert_number(ex, u, "round(points('ntm') / 90, 6)", "0.972222");

    assert_string_equal(td_result_classification_explain(ex->result, m, TD_LANG_EN),
                        "total 985.36 ≥ 900, lowest share of points by group 0.941625 (II3) (needs ≥ 85%) → "
                        "xuat_sac (Hoàn thành xuất sắc nhiệm vụ)");
    assert_string_equal(td_result_rank_explain(ex->result, m, TD_LANG_EN),
                        "total 985.36, points of I1 150, deduction 0 (lower first) → rank 1/8");
    assert_string_equal(td_result_award_explain(ex->result, m, example_award(ex, "co_thi_dua"), TD_LANG_EN),
                        "selected: rank 1 (needs 1); classification 'xuat_sac' (needs 'xuat_sac'); rank 1, place 1 "
                        "of 1 (quota 1)");
    assert_string_equal(td_result_award_explain(ex->result, m, example_award(ex, "bang_khen"), TD_LANG_EN),
                        "excluded: already selected for 'co_thi_dua'; 'bang_khen' and 'co_thi_dua' exclude each other");
}

/* Huyện Bảo An fails a group for real; Huyện Kim Điền an item directly
 * below a section and the section's floor. */
static void failed_floors(void **state)
{
    const example *ex = *state;
    assert_node(ex, "h-bao-an", "II2", "76");
    example_assert_criterion(ex, "h-bao-an", "viec_lam", "0.75", "30", "0");
    example_assert_criterion(ex, "h-bao-an", "thoat_ngheo", "0.9", "36", "0");
    example_assert_criterion(ex, "h-bao-an", "dao_tao_nghe", "-", "10", "0");
    example_assert_number(ex, "h-bao-an", "actual(dao_tao_nghe)", "63.5");
    assert_string_equal(td_result_classification_explain(ex->result, example_member(ex, "h-bao-an"), TD_LANG_EN),
                        "total 941.55 ≥ 900 but lowest share of points by group 0.76 (II2) (needs ≥ 85%) "
                        "(xuat_sac); ≥ 800, lowest share of points by section 0.867166666667 (II) (needs ≥ 70%) → "
                        "tot (Hoàn thành tốt nhiệm vụ)");

    example_assert_criterion(ex, "h-kim-dien", "tuyen_quan", "0.929412", "0", "0");
    example_assert_number(ex, "h-kim-dien", "actual(tuyen_quan)", "158");
    example_assert_number(ex, "h-kim-dien", "target(tuyen_quan)", "170");
    size_t kd = example_member(ex, "h-kim-dien");
    assert_decimal(td_result_section_points(ex->result, kd, 2), "95.14");
    assert_string_equal(td_result_classification_explain(ex->result, kd, TD_LANG_EN),
                        "total 870.36 < 900 (xuat_sac); ≥ 800 but lowest share of points by section 0.634266666667 "
                        "(III) (needs ≥ 70%) (tot); ≥ 650 → hoan_thanh (Hoàn thành nhiệm vụ)");
}

/* Thượng Lâm and Minh Sơn tie on 951.39; group 1 decides, and with it the
 * second certificate. */
static void a_group_decides_a_tie(void **state)
{
    const example *ex = *state;
    assert_node(ex, "h-thuong-lam", "I1", "150");
    assert_node(ex, "h-thuong-lam", "ntm", "90");
    /* the sums the reports mark as capped; I2 holds ntm after its cap */
    assert_node_sum(ex, "h-thuong-lam", "I1", "156");
    assert_node_sum(ex, "h-thuong-lam", "ntm", "99");
    assert_node_sum(ex, "h-thuong-lam", "I2", "146.25");
    assert_node(ex, "h-thuong-lam", "I2", "146.25");
    assert_node_sum(ex, "tx-hoa-phong", "I1", "151");
    /* at its max, not above it: Bảo An's I2 holds its ntm after that one's cap */
    assert_node_sum(ex, "h-bao-an", "ntm", "99.47");
    assert_node(ex, "h-bao-an", "ntm", "90");
    assert_node_sum(ex, "h-bao-an", "I2", "150");
    assert_node(ex, "h-bao-an", "I2", "150");
    example_assert_number(ex, "h-thuong-lam", "points(tang_truong) + points(thu_ngan_sach) + points(giai_ngan)",
                          "156");
    example_assert_number(ex, "h-thuong-lam",
                          "points(xa_ntm_nc) + points(xa_ntm_km) + points(thu_nhap_nt) + points(phan_loai_rac)", "99");
    assert_non_null(strstr(td_result_member_explain(ex->result, example_member(ex, "h-thuong-lam"), TD_LANG_EN),
                           "groups of criteria: I1 min(150, 156) = 150, I2 146.25 (ntm min(90, 99) = 90), "));
    assert_node(ex, "h-minh-son", "I1", "147");
    assert_string_equal(td_result_rank_explain(ex->result, example_member(ex, "h-thuong-lam"), TD_LANG_EN),
                        "total 951.39, points of I1 150, deduction 0 (lower first) → rank 3/8");
    assert_string_equal(td_result_rank_explain(ex->result, example_member(ex, "h-minh-son"), TD_LANG_EN),
                        "total 951.39, points of I1 147, deduction 0 (lower first) → rank 4/8");
    size_t a = example_award(ex, "bang_khen");
    assert_int_equal(td_result_award_quota(ex->result, a), 2);
    assert_string_equal(td_result_award_quota_explain(ex->result, a, TD_LANG_EN), "quota 30 % × 8 = 2.4 → 2 (floor)");
    assert_string_equal(td_result_award_explain(ex->result, example_member(ex, "h-minh-son"), a, TD_LANG_EN),
                        "eligible (classification 'xuat_sac' (needs 'xuat_sac')) but over the quota: rank 4 is "
                        "past the cut-off rank 3 (quota 30 % × 8 = 2.4 → 2 (floor), filled by tp-lam-giang, "
                        "h-thuong-lam)");
}

/* The README's other figures: a bonus, a deduction, the lowest items. */
static void other_figures(void **state)
{
    const example *ex = *state;
    assert_non_null(strstr(td_result_member_explain(ex->result, example_member(ex, "tp-lam-giang"), TD_LANG_EN),
                           "bonus = min(30, criteria 0 + mo_hinh min(20, 10 × 1)) = 10"));
    assert_non_null(strstr(td_result_member_explain(ex->result, example_member(ex, "h-dong-khe"), TD_LANG_EN),
                           "deduction = vu_viec 20 × 1 = 20"));
    example_assert_criterion(ex, "tp-lam-giang", "xa_ntm_km", "0.5", "10", "0");
    example_assert_criterion(ex, "h-minh-son", "xa_ntm_km", "0.5", "10", "0");
    example_assert_criterion(ex, "h-thuong-lam", "dao_tao_nghe", "-", "20", "0");
    example_assert_number(ex, "h-thuong-lam", "actual(dao_tao_nghe)", "68.4");
}

static void the_rulebook_round_trips(void **state)
{
    example_assert_round_trip(*state, DIR, false, files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(standings),
        cmocka_unit_test(the_table),
        cmocka_unit_test(floors),
        cmocka_unit_test(a_floor_on_every_item),
        cmocka_unit_test(hoa_phong_by_hand),
        cmocka_unit_test(failed_floors),
        cmocka_unit_test(a_group_decides_a_tie),
        cmocka_unit_test(other_figures),
        cmocka_unit_test(the_rulebook_round_trips),
    };
    return cmocka_run_group_tests_name(DIR, tests, setup, teardown);
}
