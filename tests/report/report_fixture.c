#include "report_fixture.h"

#include <stdio.h>
#include <stdlib.h>

static td_error err;

/* Stops the test program with the library's message: a fixture must build. */
static void ok(td_status rc, const char *what)
{
    if (rc != TD_OK) {
        fprintf(stderr, "fixture: %s: %s\n", what, err.message);
        abort();
    }
}

static td_decimal N(const char *text)
{
    td_decimal d = td_decimal_zero();
    ok(td_decimal_parse(&d, text, &err), text);
    return d;
}

static td_result *evaluate_with(td_rulebook_builder *b, td_cluster *c, td_explain explain)
{
    td_rulebook *rb = NULL;
    td_result *res = NULL;
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.explain = explain;
    ok(td_rulebook_builder_build(&rb, b, &err), "build");
    ok(td_evaluate(&res, rb, c, &opts, &err), "evaluate");
    td_rulebook_free(rb);
    td_rulebook_builder_free(b);
    td_cluster_free(c);
    return res;
}

static td_result *evaluate(td_rulebook_builder *b, td_cluster *c)
{
    return evaluate_with(b, c, TD_EXPLAIN_ALL);
}

/* ---- Lai Châu ------------------------------------------------------------ */

td_result *lai_chau_result(void)
{
    return lai_chau_result_with(TD_EXPLAIN_ALL);
}

static td_result *lai_chau(td_explain explain, bool block);

td_result *lai_chau_result_with(td_explain explain)
{
    return lai_chau(explain, false);
}

td_result *lai_chau_document_result(void)
{
    return lai_chau(TD_EXPLAIN_ALL, true);
}

static td_result *lai_chau(td_explain explain, bool block)
{
    td_rulebook_builder *b = NULL;
    td_decimal forty = N("40"), thirty = N("30"), two = N("2"), four = N("4"), five = N("5");
    td_decimal m90 = N("90"), m70 = N("70"), m50 = N("50");
    ok(td_rulebook_builder_new(&b, "hnd-cum2", NULL, &err), "builder");
    ok(td_rulebook_builder_set_name(b, "Bảng chấm điểm thi đua Cụm số 2", &err), "name");
    ok(td_rulebook_builder_add_section(b, "A", "Phong trào SXKD giỏi", &forty, &err), "A");
    ok(td_rulebook_builder_add_criterion(b, "A", "hh_registered", "Số hộ đăng ký", N("10"), &err), "c");
    ok(tr_rule_proportional(b, "hh_registered", N("1"), &err), "r");
    ok(td_rulebook_builder_set_bonus(b, "hh_registered", N("1"), N("0.5"), &two, &err), "bonus");
    ok(td_rulebook_builder_add_criterion(b, "A", "hh_achieved", "Số hộ đạt danh hiệu", N("15"), &err), "c");
    ok(tr_rule_proportional(b, "hh_achieved", N("1"), &err), "r");
    ok(td_rulebook_builder_add_criterion(b, "A", "loans", "Vốn vay hỗ trợ hội viên (triệu đồng)", N("15"), &err), "c");
    ok(tr_rule_shortfall(b, "loans", N("1"), N("5"), TD_SHORTFALL_STEP_CEIL, N("0"), &err), "r");
    ok(td_rulebook_builder_add_section(b, "B", "Xây dựng tổ chức Hội", &thirty, &err), "B");
    ok(td_rulebook_builder_add_criterion(b, "B", "new_members", "Phát triển hội viên mới", N("10"), &err), "c");
    ok(tr_rule_bands(b, "new_members", &err), "r");
    ok(tr_add_band(b, "new_members", N("1"), N("10"), &err), "band");
    ok(tr_add_band(b, "new_members", N("0.9"), N("8"), &err), "band");
    ok(tr_add_band(b, "new_members", N("0.8"), N("6"), &err), "band");
    ok(td_rulebook_builder_add_criterion(b, "B", "poverty", "Tỷ lệ hộ nghèo (%)", N("10"), &err), "c");
    ok(td_rulebook_builder_set_measure(b, "poverty", "poverty_rate", &err), "measure");
    ok(td_rulebook_builder_set_direction(b, "poverty", TD_DIRECTION_LOWER, &err), "dir");
    ok(tr_rule_shortfall(b, "poverty", N("1"), N("5"), TD_SHORTFALL_STEP_LINEAR, N("0"), &err), "r");
    ok(td_rulebook_builder_add_criterion(b, "B", "reporting", "Chế độ thông tin, báo cáo", N("10"), &err), "c");
    ok(tr_rule_manual(b, "reporting", &err), "r");
    ok(td_rulebook_builder_add_section(b, "C", "Công tác thi đua, khen thưởng", &thirty, &err), "C");
    ok(td_rulebook_builder_add_criterion(b, "C", "collective_awards", "Khen thưởng tập thể (lượt)", N("10"), &err), "c");
    ok(tr_rule_best(b, "collective_awards", TD_BEST_OF_ACTUAL, &err), "r");
    ok(td_rulebook_builder_add_criterion(b, "C", "individual_awards", "Khen thưởng cá nhân (lượt)", N("10"), &err), "c");
    ok(tr_rule_rank(b, "individual_awards", &err), "r");
    const char *rank_points[] = {"10", "8", "6", "4"};
    for (size_t i = 0; i < 4; i++)
        ok(tr_add_rank_points(b, "individual_awards", N(rank_points[i]), &err), "rank");
    ok(td_rulebook_builder_add_criterion(b, "C", "rural_models", "Mô hình nông thôn mới", N("10"), &err), "c");
    ok(tr_rule_threshold(b, "rural_models", N("1"), &err), "r");
    ok(td_rulebook_builder_add_adjustment(b, "national_award", "Khen thưởng cấp Trung ương", TD_ADJUSTMENT_BONUS, two, &four, &err), "adj");
    ok(td_rulebook_builder_add_adjustment(b, "late_report", "Nộp báo cáo chậm", TD_ADJUSTMENT_DEDUCTION, N("1"), NULL, &err), "adj");
    ok(td_rulebook_builder_set_bonus_max(b, &five, &err), "bonus max");
    ok(td_rulebook_builder_add_classification(b, "xuat_sac", "Hoàn thành xuất sắc nhiệm vụ", &m90, &err), "cls");
    ok(td_rulebook_builder_add_classification(b, "tot", "Hoàn thành tốt nhiệm vụ", &m70, &err), "cls");
    ok(td_rulebook_builder_add_classification(b, "hoan_thanh", "Hoàn thành nhiệm vụ", &m50, &err), "cls");
    ok(td_rulebook_builder_add_classification(b, "khong_hoan_thanh", "Không hoàn thành nhiệm vụ", NULL, &err), "cls");
    ok(td_rulebook_builder_add_ranking_key(b, "total", true, &err), "key");
    ok(td_rulebook_builder_add_ranking_key(b, "count_met()", true, &err), "key");
    ok(td_rulebook_builder_add_award(b, "bang_khen", "Bằng khen của Ban Chấp hành Hội Nông dân tỉnh",
                                     "classification == 'xuat_sac'", &err), "award");
    ok(td_rulebook_builder_set_award_quota_percent(b, "bang_khen", N("50"), TD_ROUNDING_FLOOR, 1, &err), "quota");
    ok(td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ROTATION, &err), "leader");
    const char *order[] = {"tan-uyen", "tam-duong", "than-uyen", "tp-lai-chau"};
    for (size_t i = 0; i < 4; i++)
        ok(td_rulebook_builder_add_leader_order(b, order[i], &err), "order");

    static const char *const ids[4] = {"tan-uyen", "tp-lai-chau", "than-uyen", "tam-duong"};
    static const char *const names[4] = {"HND huyện Tân Uyên", "HND thành phố Lai Châu", "HND huyện Than Uyên",
                                         "HND huyện Tam Đường"};
    static const struct {
        const char *measure, *target[4], *actual[4];
    } values[] = {
        {"hh_registered", {"900", "700", "1000", "950"}, {"905", "720", "1010", "928"}},
        {"hh_achieved", {"860", "680", "960", "905"}, {"850", "700", "975", "900"}},
        {"loans", {"2500", "2000", "2400", "2200"}, {"2600", "2150", "2400", "2010"}},
        {"new_members", {"300", "250", "280", "260"}, {"310", "262", "281", "221"}},
        {"poverty_rate", {"9.5", "3.0", "8.0", "10.5"}, {"9.1", "2.6", "7.4", "10.9"}},
        {"individual_awards", {"80", "75", "60", "62"}, {"85", "80", "65", "60"}},
        {"rural_models", {"4", "3", "4", "4"}, {"5", "3", "4", "3"}},
    };
    static const char *const collective[4] = {"42", "45", "30", "26"};
    static const char *const reporting[4][3] = {{"10", "9.5", "9.5"}, {"10", "10", ""}, {"9", "8", "7.5"}, {"9", "8.5", "8"}};
    td_cluster *c = NULL;
    ok(td_cluster_new(&c, "cum-2", 2023, NULL, &err), "cluster");
    ok(td_cluster_set_name(c, "Cụm thi đua số 2 — Hội Nông dân tỉnh Lai Châu", &err), "name");
    for (size_t m = 0; m < 4; m++)
        ok(td_cluster_add_member(c, ids[m], names[m], &err), "member");
    ok(td_cluster_set_leader(c, "tan-uyen", &err), "leader");
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
        for (size_t m = 0; m < 4; m++) {
            ok(td_cluster_set_target(c, ids[m], values[v].measure, N(values[v].target[m]), &err), "target");
            ok(td_cluster_set_actual(c, ids[m], values[v].measure, N(values[v].actual[m]), &err), "actual");
        }
    for (size_t m = 0; m < 4; m++) {
        ok(td_cluster_set_actual(c, ids[m], "collective_awards", N(collective[m]), &err), "actual");
        for (int s = 0; s < 3; s++)
            if (reporting[m][s][0] != '\0')
                ok(td_cluster_set_score(c, (td_score_source)s, ids[m], "reporting", N(reporting[m][s]), &err), "score");
    }
    ok(td_cluster_add_event(c, "tan-uyen", "national_award", 1, &err), "event");
    ok(td_cluster_add_event(c, "tam-duong", "late_report", 1, &err), "event");
    if (block) {
        ok(td_cluster_set_report_field(c, TD_REPORT_FIELD_ORGANISATION, "HỘI NÔNG DÂN TỈNH LAI CHÂU\nCỤM THI ĐUA SỐ 2",
                                       &err), "organisation");
        ok(td_cluster_set_report_field(c, TD_REPORT_FIELD_PLACE, "Tân Uyên", &err), "place");
        ok(td_cluster_set_report_field(c, TD_REPORT_FIELD_DATE, "2023-12-06", &err), "date");
        ok(td_cluster_set_report_field(c, TD_REPORT_FIELD_TITLE, "Kết quả chấm điểm <thi đua> năm 2023", &err), "title");
        ok(td_cluster_add_report_signer(c, "TM. CỤM THI ĐUA", "CỤM TRƯỞNG", "Nguyễn Văn A", &err), "signer");
        ok(td_cluster_add_report_signer(c, "", "THƯ KÝ", "Trần Thị B & C", &err), "signer");
    }
    return evaluate_with(b, c, explain);
}

/* ---- awards: exclusion, a tie at the quota, no quota ---------------------- */

td_result *awards_result(void)
{
    td_rulebook_builder *b = NULL;
    td_decimal m90 = N("90"), m70 = N("70");
    ok(td_rulebook_builder_new(&b, "khoi-1", NULL, &err), "builder");
    ok(td_rulebook_builder_set_name(b, "Khối thi đua số 1", &err), "name");
    ok(td_rulebook_builder_add_section(b, "S", "Nhiệm vụ", NULL, &err), "section");
    ok(td_rulebook_builder_add_criterion(b, "S", "sales", "Doanh thu", N("50"), &err), "c");
    ok(tr_rule_proportional(b, "sales", N("1"), &err), "r");
    ok(td_rulebook_builder_add_criterion(b, "S", "review", "Thẩm định", N("50"), &err), "c");
    ok(tr_rule_manual(b, "review", &err), "r");
    ok(td_rulebook_builder_add_classification(b, "xuat_sac", "Xuất sắc", &m90, &err), "cls");
    ok(td_rulebook_builder_add_classification(b, "tot", "Tốt", &m70, &err), "cls");
    ok(td_rulebook_builder_add_classification(b, "hoan_thanh", "Hoàn thành", NULL, &err), "cls");
    ok(td_rulebook_builder_add_award(b, "co_thi_dua", "Cờ thi đua", "rank == 1 and classification == 'xuat_sac'", &err), "award");
    ok(td_rulebook_builder_set_award_quota_count(b, "co_thi_dua", 1, &err), "quota");
    ok(td_rulebook_builder_add_award(b, "bang_khen", "Bằng khen", "classification == 'xuat_sac'", &err), "award");
    ok(td_rulebook_builder_add_award_exclusion(b, "bang_khen", "co_thi_dua", &err), "excludes");
    ok(td_rulebook_builder_set_award_quota_count(b, "bang_khen", 2, &err), "quota");
    ok(td_rulebook_builder_add_award(b, "giay_khen", "Giấy khen", "classification == 'tot'", &err), "award");
    ok(td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ELECTION, &err), "leader");

    static const char *const ids[6] = {"a", "b", "c", "d", "e", "f"};
    static const char *const sales[6] = {"100", "100", "100", "100", "90", "50"};
    static const char *const review[6] = {"48", "45", "42", "42", "40", "30"};
    td_cluster *c = NULL;
    ok(td_cluster_new(&c, "khoi-1", 2024, NULL, &err), "cluster");
    for (size_t m = 0; m < 6; m++) {
        char name[32];
        snprintf(name, sizeof name, "Công ty %c", 'A' + (int)m);
        ok(td_cluster_add_member(c, ids[m], name, &err), "member");
        ok(td_cluster_set_target(c, ids[m], "sales", N("100"), &err), "target");
        ok(td_cluster_set_actual(c, ids[m], "sales", N(sales[m]), &err), "actual");
        ok(td_cluster_set_score(c, TD_SCORE_SOURCE_FINAL, ids[m], "review", N(review[m]), &err), "score");
    }
    ok(td_cluster_set_next_leader(c, "b", &err), "next leader");
    return evaluate(b, c);
}

td_result *many_awards_result(void)
{
    td_rulebook_builder *b = NULL;
    ok(td_rulebook_builder_new(&b, "many", NULL, &err), "builder");
    ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), "section");
    ok(td_rulebook_builder_add_criterion(b, "S", "c", NULL, N("10"), &err), "c");
    ok(tr_rule_proportional(b, "c", N("1"), &err), "r");
    for (int a = 1; a <= 60; a++) {
        char id[16], name[32];
        snprintf(id, sizeof id, "a%02d", a);
        snprintf(name, sizeof name, "Giải %d", a);
        ok(td_rulebook_builder_add_award(b, id, name, a % 2 ? "total >= 9" : NULL, &err), "award");
        ok(td_rulebook_builder_set_award_quota_count(b, id, 1, &err), "quota");
    }
    td_cluster *c = NULL;
    ok(td_cluster_new(&c, "k", 2025, NULL, &err), "cluster");
    ok(td_cluster_add_member(c, "u1", "Một", &err), "member");
    ok(td_cluster_add_member(c, "u2", "Hai", &err), "member");
    ok(td_cluster_set_target(c, "u1", "c", N("100"), &err), "target");
    ok(td_cluster_set_actual(c, "u1", "c", N("95"), &err), "actual");
    ok(td_cluster_set_target(c, "u2", "c", N("100"), &err), "target");
    ok(td_cluster_set_actual(c, "u2", "c", N("80"), &err), "actual");
    return evaluate(b, c);
}

/* ---- hostile text --------------------------------------------------------- */

td_result *nasty_result(void)
{
    td_rulebook_builder *b = NULL;
    ok(td_rulebook_builder_new(&b, "x<&\"'>", NULL, &err), "builder");
    ok(td_rulebook_builder_set_name(b, "<script>alert('x & y')</script> | *bold* _it_", &err), "name");
    ok(td_rulebook_builder_set_precision(b, 0, &err), "precision");
    ok(td_rulebook_builder_add_section(b, "S<1>", "Phần \"một\", hai", NULL, &err), "section");
    ok(td_rulebook_builder_add_criterion(b, "S<1>", "c&1", "Tiêu chí\tcó tab\r\nvà xuống dòng", N("10"), &err), "c");
    ok(tr_rule_proportional(b, "c&1", N("1"), &err), "r");
    ok(td_rulebook_builder_add_criterion(b, "S<1>", "c2", NULL, N("5"), &err), "c");
    ok(tr_rule_threshold(b, "c2", N("1"), &err), "r");
    ok(td_rulebook_builder_add_adjustment(b, "half", NULL, TD_ADJUSTMENT_DEDUCTION, N("0.5"), NULL, &err), "adj");

    td_cluster *c = NULL;
    ok(td_cluster_new(&c, "k'1", 2025, NULL, &err), "cluster");
    ok(td_cluster_set_name(c, "Cụm \"A\" & <B>", &err), "name");
    /* "Tân Uyên" with combining marks (NFD), a wide-character name, a name with a comma and quotes */
    ok(td_cluster_add_member(c, "nfd", "Ta\xcc\x82n Uye\xcc\x82n", &err), "member");
    ok(td_cluster_add_member(c, "wide", "\xe5\x8c\x97\xe4\xba\xac\xe5\xb8\x82", &err), "member");
    ok(td_cluster_add_member(c, "q", "Đơn vị \"Q\",\n<tổ> 'một'", &err), "member");
    const char *ids[3] = {"nfd", "wide", "q"};
    const char *actual[3] = {"105", "80", "100"};
    for (size_t m = 0; m < 3; m++) {
        ok(td_cluster_set_target(c, ids[m], "c&1", N("100"), &err), "target");
        ok(td_cluster_set_actual(c, ids[m], "c&1", N(actual[m]), &err), "actual");
        ok(td_cluster_set_target(c, ids[m], "c2", N("1"), &err), "target");
        ok(td_cluster_set_actual(c, ids[m], "c2", N(m == 1 ? "0" : "1"), &err), "actual");
    }
    ok(td_cluster_add_event(c, "q", "half", 1, &err), "event");
    return evaluate(b, c);
}

/* ---- text a spreadsheet would run as a formula ----------------------------- */

td_result *formula_result(void)
{
    td_rulebook_builder *b = NULL;
    ok(td_rulebook_builder_new(&b, "f", NULL, &err), "builder");
    ok(td_rulebook_builder_add_section(b, "S", "@SUM(A1:A9)", NULL, &err), "section");
    ok(td_rulebook_builder_add_criterion(b, "S", "c", "=HYPERLINK(\"http://x.invalid\")", N("10"), &err), "c");
    ok(tr_rule_proportional(b, "c", N("1"), &err), "r");
    td_cluster *c = NULL;
    ok(td_cluster_new(&c, "k", 2025, NULL, &err), "cluster");
    ok(td_cluster_add_member(c, "-2+3", "+cmd|' /C calc'!A0", &err), "member");
    ok(td_cluster_set_target(c, "-2+3", "c", N("100"), &err), "target");
    ok(td_cluster_set_actual(c, "-2+3", "c", N("90"), &err), "actual");
    return evaluate(b, c);
}

/* ---- a unit id with Vietnamese letters ------------------------------------- */

td_result *accented_id_result(void)
{
    td_rulebook_builder *b = NULL;
    ok(td_rulebook_builder_new(&b, "a", NULL, &err), "builder");
    ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), "section");
    ok(td_rulebook_builder_add_criterion(b, "S", "c", NULL, N("10"), &err), "c");
    ok(tr_rule_proportional(b, "c", N("1"), &err), "r");
    td_cluster *c = NULL;
    ok(td_cluster_new(&c, "k", 2025, NULL, &err), "cluster");
    /* "tân-uyên" precomposed (NFC), as the readers store ids */
    ok(td_cluster_add_member(c, "t\xc3\xa2n-uy\xc3\xaan", "HND Tân Uyên", &err), "member");
    ok(td_cluster_set_target(c, "t\xc3\xa2n-uy\xc3\xaan", "c", N("100"), &err), "target");
    ok(td_cluster_set_actual(c, "t\xc3\xa2n-uy\xc3\xaan", "c", N("90"), &err), "actual");
    return evaluate(b, c);
}

td_result *wide_result(size_t members)
{
    td_rulebook_builder *b = NULL;
    ok(td_rulebook_builder_new(&b, "w", NULL, &err), "builder");
    ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), "section");
    ok(td_rulebook_builder_add_criterion(b, "S", "c", NULL, N("10"), &err), "c");
    ok(tr_rule_proportional(b, "c", N("1"), &err), "r");
    td_cluster *c = NULL;
    ok(td_cluster_new(&c, "k", 2025, NULL, &err), "cluster");
    td_decimal target = N("100");
    for (size_t m = 0; m < members; m++) {
        char id[32], actual[32];
        snprintf(id, sizeof id, "u%zu", m);
        snprintf(actual, sizeof actual, "%zu", 50 + m % 60);
        ok(td_cluster_add_member(c, id, NULL, &err), "member");
        ok(td_cluster_set_target(c, id, "c", target, &err), "target");
        ok(td_cluster_set_actual(c, id, "c", N(actual), &err), "actual");
    }
    return evaluate(b, c);
}

/* ---- helpers for the tests ------------------------------------------------ */

#include <setjmp.h>
#include <stdarg.h>
#include <string.h>

#include <cmocka.h>

char *render(const td_result *res, td_report_format format, td_lang lang, const char *unit, size_t *len)
{
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.lang = lang;
    o.unit = unit;
    char *out = NULL;
    td_error e;
    if (td_report_render(&out, len, res, format, &o, &e) != TD_OK)
        fail_msg("render %s: %s", td_report_format_name(format), e.message);
    return out;
}

size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + len, needle))
        n++;
    return n;
}

size_t columns(const char *s, size_t n)
{
    size_t cols = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp;
        size_t k;
        if (c < 0x80) {
            cp = c;
            k = 1;
        } else if (c < 0xE0) {
            cp = c & 0x1Fu;
            k = 2;
        } else if (c < 0xF0) {
            cp = c & 0x0Fu;
            k = 3;
        } else {
            cp = c & 0x07u;
            k = 4;
        }
        for (size_t j = 1; j < k && i + j < n; j++)
            cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3Fu);
        if (cp >= 0x4E00 && cp <= 0x9FFF)
            cols += 2;
        else if (!(cp >= 0x300 && cp <= 0x36F))
            cols += 1;
        i += k;
    }
    return cols;
}

bool zip_has(const char *zip, size_t len, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i + 30 + n <= len; i++)
        if (memcmp(zip + i, "PK\x03\x04", 4) == 0) {
            size_t name_len = (unsigned char)zip[i + 26] | (size_t)(unsigned char)zip[i + 27] << 8;
            if (name_len == n && memcmp(zip + i + 30, name, n) == 0)
                return true;
        }
    return false;
}

