/*
 * The machine-readable reports: the contract's JSON (keys in order, exact
 * numbers, null where nothing exists) and the long CSV layout (RFC 4180).
 */
#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"
#include "td_test.h"

/* Asserts that the needles occur in `hay` in the given order, each after the one before. */
static void assert_in_order(const char *hay, const char *const *needles, size_t n)
{
    const char *at = hay;
    for (size_t i = 0; i < n; i++) {
        const char *next = strstr(at, needles[i]);
        if (next == NULL)
            fail_msg("'%s' missing after '%s'", needles[i], i > 0 ? needles[i - 1] : "the start");
        at = next + strlen(needles[i]);
    }
}

static void json_has_the_contract_keys_in_order(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    char *j = render(res, TD_REPORT_FORMAT_JSON, TD_LANG_VI, NULL, NULL);
    const char *top[] = {"{\n  \"thidua\": 1,\n  \"rulebook\": \"hnd-cum2\",\n  \"period\": 2023,\n"
                         "  \"cluster\": \"cum-2\",\n  \"members\": [\n",
                         "\n  \"awards\": [\n", "\n  \"next_leader\": \"tam-duong\"\n}\n"};
    assert_in_order(j, top, 3);
    assert_int_equal(j[strlen(j) - 1], '\n');
    assert_int_equal(count_of(j, "\"next_leader\""), 1);
    /* members by rank, each with its keys in the contract's order */
    const char *members[] = {"\"unit\": \"tp-lai-chau\"", "\"unit\": \"tan-uyen\"", "\"unit\": \"than-uyen\"",
                             "\"unit\": \"tam-duong\""};
    assert_in_order(j, members, 4);
    const char *keys[] = {"\"unit\": \"tan-uyen\",\n",
                          "\"name\": \"HND huyện Tân Uyên\",\n",
                          "\"rank\": 2,\n",
                          "\"total\": 96.66,\n",
                          "\"base\": 94.66,\n",
                          "\"bonus\": 2,\n",
                          "\"deduction\": 0,\n",
                          "\"classification\": \"xuat_sac\",\n",
                          "\"criteria\": [\n",
                          "\"id\": \"hh_registered\",\n",
                          "\"target\": 900,\n",
                          "\"actual\": 905,\n",
                          "\"attainment\": 1.005556,\n",
                          "\"met\": true,\n",
                          "\"points\": 10,\n",
                          "\"bonus\": 0,\n",
                          "\"explain\": \"905 / 900 = 100.56 % (đạt)",
                          "\"id\": \"hh_achieved\",\n",
                          "\"attainment\": 0.988372,\n",
                          "\"met\": false,\n",
                          "\"points\": 14.83,\n",
                          "\"awards\": [\n",
                          "\"id\": \"bang_khen\",\n",
                          "\"status\": \"selected\",\n",
                          "\"explain\": \"được chọn"};
    assert_in_order(j, keys, sizeof keys / sizeof keys[0]);
    const char *awards[] = {"\"awards\": [\n    {\n      \"id\": \"bang_khen\",\n      \"quota\": 2,\n"
                            "      \"selected\": [\"tp-lai-chau\", \"tan-uyen\"],\n      \"tied\": []\n    }\n  ]"};
    assert_in_order(j, awards, 1);
    /* best of actual without targets: no target, no attainment */
    const char *best[] = {"\"id\": \"collective_awards\",\n", "\"target\": null,\n", "\"actual\": 45,\n",
                          "\"attainment\": null,\n", "\"met\": null,\n", "\"points\": 10,\n"};
    assert_in_order(j, best, 6);
    /* no binary floating point anywhere */
    assert_null(strstr(j, "0000000"));
    assert_null(strstr(j, "e+"));
    td_free(j);
    td_result_free(res);
}

static void json_reports_ties_exclusions_and_missing_values(void **state)
{
    (void)state;
    td_result *res = awards_result();
    char *j = render(res, TD_REPORT_FORMAT_JSON, TD_LANG_EN, NULL, NULL);
    const char *awards[] = {"\"id\": \"co_thi_dua\",\n      \"quota\": 1,\n      \"selected\": [\"a\"],\n      \"tied\": []",
                            "\"id\": \"bang_khen\",\n      \"quota\": 2,\n      \"selected\": [\"b\"],\n"
                            "      \"tied\": [\"c\", \"d\"]",
                            "\"id\": \"giay_khen\",\n      \"quota\": null,\n      \"selected\": [\"e\"],\n      \"tied\": []",
                            "\"next_leader\": \"b\""};
    assert_in_order(j, awards, 4);
    /* a's statuses: selected for the flag, so excluded from the certificate */
    const char *a[] = {"\"unit\": \"a\"", "\"status\": \"selected\"", "\"status\": \"excluded\"",
                       "\"status\": \"not_eligible\"", "\"unit\": \"b\""};
    assert_in_order(j, a, 5);
    const char *tied[] = {"\"unit\": \"c\"", "\"rank\": 3", "\"status\": \"tie_at_quota\"", "\"unit\": \"d\"",
                          "\"rank\": 3", "\"status\": \"tie_at_quota\""};
    assert_in_order(j, tied, 6);
    /* the manual criterion: points from the data, no attainment */
    const char *manual[] = {"\"id\": \"review\",\n", "\"target\": null,\n", "\"actual\": null,\n",
                            "\"attainment\": null,\n", "\"met\": null,\n", "\"points\": 48,\n"};
    assert_in_order(j, manual, 6);
    /* explanations in the language asked for */
    assert_non_null(strstr(j, "(met)"));
    assert_null(strstr(j, "(đạt)"));
    td_free(j);
    td_result_free(res);
}

static void json_escapes_text(void **state)
{
    (void)state;
    td_result *res = nasty_result();
    char *j = render(res, TD_REPORT_FORMAT_JSON, TD_LANG_VI, NULL, NULL);
    assert_non_null(strstr(j, "\"rulebook\": \"x<&\\\"'>\",\n"));
    assert_non_null(strstr(j, "\"cluster\": \"k'1\",\n"));
    assert_non_null(strstr(j, "\"name\": \"Đơn vị \\\"Q\\\",\\n<tổ> 'một'\",\n"));
    /* the data's own text, as given (decomposed letters stay decomposed) */
    assert_non_null(strstr(j, "\"name\": \"Ta\xcc\x82n Uye\xcc\x82n\",\n"));
    assert_non_null(strstr(j, "\"classification\": null,\n"));
    assert_non_null(strstr(j, "\"awards\": []\n"));
    assert_non_null(strstr(j, "\"next_leader\": null\n}\n"));
    assert_non_null(strstr(j, "\"deduction\": 0.5,\n"));
    for (const char *p = j; *p != '\0'; p++) /* no raw control character but line ends */
        assert_true((unsigned char)*p >= 0x20 || *p == '\n');
    td_free(j);
    td_result_free(res);
}

static const char header[] = "rank,unit,unit_name,kind,id,name,max,target,actual,attainment,met,points,bonus,"
                             "status,explain\r\n";

static void csv_has_one_row_per_member_and_item(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    size_t len;
    char *csv = render(res, TD_REPORT_FORMAT_CSV, TD_LANG_EN, NULL, &len);
    assert_int_equal(strlen(csv), len);
    assert_true(strncmp(csv, header, strlen(header)) == 0);
    /* RFC 4180 line ends only */
    assert_int_equal(count_of(csv, "\n"), count_of(csv, "\r\n"));
    /* per member: 9 criteria, 3 sections, base, bonus, deduction, total, classification, rank, 1 award */
    size_t per_member = 9 + 3 + 4 + 1 + 1 + 1;
    assert_int_equal(count_of(csv, "\r\n"), 1 + 4 * per_member);
    assert_int_equal(count_of(csv, ",criterion,"), 4 * 9);
    assert_non_null(strstr(csv, "\r\n1,tp-lai-chau,HND thành phố Lai Châu,criterion,hh_registered,Số hộ đăng ký,10,"
                                "700,720,1.028571,true,10,1,,\"720 / 700 = 102.86 % (met) → min(1.028571, 1) × 10 = "
                                "10.00; bonus min(2, 0.5 × ⌊(1.028571 − 1) × 100 / 1⌋) = 1.00\"\r\n"));
    assert_non_null(strstr(csv, "\r\n2,tan-uyen,HND huyện Tân Uyên,criterion,collective_awards,Khen thưởng tập thể "
                                "(lượt),10,,42,,,9.33,0,,"));
    assert_non_null(strstr(csv, "\r\n4,tam-duong,HND huyện Tam Đường,section,C,\"Công tác thi đua, khen thưởng\",30,"
                                ",,,,9.78,,,\r\n"));
    assert_non_null(strstr(csv, "\r\n4,tam-duong,HND huyện Tam Đường,deduction,,,,,,,,1,,,\r\n"));
    assert_non_null(strstr(csv, "\r\n4,tam-duong,HND huyện Tam Đường,total,,,,,,,,69.71,,,\"base = A 37.69"));
    assert_non_null(strstr(csv, "\r\n4,tam-duong,HND huyện Tam Đường,classification,hoan_thanh,Hoàn thành nhiệm vụ,"
                                ",,,,,,,,total 69.71 < 90"));
    assert_non_null(strstr(csv, "\r\n3,than-uyen,HND huyện Than Uyên,award,bang_khen,Bằng khen của Ban Chấp hành "
                                "Hội Nông dân tỉnh,,,,,,,,over_quota,"));
    td_free(csv);
    td_result_free(res);
}

static void csv_quotes_separators_quotes_and_line_breaks(void **state)
{
    (void)state;
    td_result *res = nasty_result();
    char *csv = render(res, TD_REPORT_FORMAT_CSV, TD_LANG_VI, NULL, NULL);
    /* a name with a comma, quotes and a line break is quoted, quotes doubled, the break kept */
    assert_non_null(strstr(csv, "\r\n2,q,\"Đơn vị \"\"Q\"\",\n<tổ> 'một'\",criterion,c&1,\"Tiêu chí\tcó tab\r\nvà xuống "
                                "dòng\",10,100,100,1,true,10,0,,"));
    assert_non_null(strstr(csv, "\r\n2,q,\"Đơn vị \"\"Q\"\",\n<tổ> 'một'\",deduction,,,,,,,,0.5,,,\r\n"));
    /* no classification and no awards: no such rows */
    assert_null(strstr(csv, ",classification,"));
    assert_null(strstr(csv, ",award,"));
    assert_non_null(strstr(csv, "\r\n1,nfd,Ta\xcc\x82n Uye\xcc\x82n,criterion,c2,,5,1,1,1,true,5,0,,"));
    td_free(csv);
    td_result_free(res);
}

static void csv_never_lets_text_start_a_formula(void **state)
{
    (void)state;
    td_result *res = formula_result();
    char *csv = render(res, TD_REPORT_FORMAT_CSV, TD_LANG_EN, NULL, NULL);
    /* unit id, unit name, section and criterion names get a leading apostrophe;
     * numbers (90, 0.9, 9) stay numbers */
    assert_non_null(strstr(csv, "\r\n1,'-2+3,'+cmd|' /C calc'!A0,criterion,c,\"'=HYPERLINK(\"\"http://x.invalid\"\")\",10,"
                                "100,90,0.9,false,9,0,,"));
    assert_non_null(strstr(csv, ",section,S,'@SUM(A1:A9),,,,,,9,,,"));
    for (const char *p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
        assert_true(p[2] == '\0' || p[2] == '1'); /* every row starts with the rank */
    td_free(csv);
    td_result_free(res);
}

/* The CSV of `res` with td_report_options::excel (and the options' version). */
static char *excel_csv(const td_result *res, unsigned version, bool excel, size_t *len)
{
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.version = version;
    o.lang = TD_LANG_EN;
    o.excel = excel;
    char *out = NULL;
    td_error e;
    if (td_report_render(&out, len, res, TD_REPORT_FORMAT_CSV, &o, &e) != TD_OK)
        fail_msg("render csv: %s", e.message);
    return out;
}

static void csv_for_excel_has_a_bom_semicolons_and_decimal_commas(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    size_t len = 0;
    char *x = excel_csv(res, TD_REPORT_OPTIONS_VERSION, true, &len);
    assert_int_equal(strlen(x), len);
    /* the byte order mark, then the header with ';' */
    assert_memory_equal(x, "\xEF\xBB\xBFrank;unit;unit_name;kind;id;name;max;target;actual;attainment;met;points;"
                           "bonus;status;explain\r\n", 3 + strlen(header));
    assert_int_equal(count_of(x, "\xEF\xBB\xBF"), 1);
    /* decimal commas in numbers; a ',' in a name needs no quotes any more */
    assert_non_null(strstr(x, "\r\n1;tp-lai-chau;HND thành phố Lai Châu;criterion;hh_registered;Số hộ đăng ký;10;700;720;"
                              "1,028571;true;10;1;;"));
    assert_non_null(strstr(x, "\r\n4;tam-duong;HND huyện Tam Đường;section;C;Công tác thi đua, khen thưởng;30;"));
    assert_non_null(strstr(x, "\r\n4;tam-duong;HND huyện Tam Đường;total;;;;;;;;69,71;;;\"base = A 37.69"));
    /* explanations are text: their numbers stay as written, the field is
     * quoted because it holds ';' */
    assert_non_null(strstr(x, ";;;\"base = A 37.69 + B 23.24 + C 9.78 = 70.71; bonus"));
    /* the same rows as the plain CSV */
    char *plain = excel_csv(res, TD_REPORT_OPTIONS_VERSION, false, NULL);
    assert_int_equal(count_of(x, "\r\n"), count_of(plain, "\r\n"));
    assert_int_equal(plain[0], 'r'); /* no BOM */
    assert_non_null(strstr(plain, ",total,,,,,,,,69.71,,,"));
    td_free(plain);
    td_free(x);
    td_result_free(res);
}

static void csv_for_excel_quotes_fields_holding_semicolons(void **state)
{
    (void)state;
    td_result *res = nasty_result();
    char *x = excel_csv(res, TD_REPORT_OPTIONS_VERSION, true, NULL);
    /* 0.5 is 0,5; the quoted name keeps its quotes (it holds a quote and a break) */
    assert_non_null(strstr(x, "\r\n2;q;\"Đơn vị \"\"Q\"\",\n<tổ> 'một'\";deduction;;;;;;;;0,5;;;\r\n"));
    assert_non_null(strstr(x, "\r\n1;nfd;Ta\xcc\x82n Uye\xcc\x82n;criterion;c2;;5;1;1;1;true;5;0;;"));
    td_free(x);
    td_result_free(res);
    /* quotes are still doubled and a formula still defused; 0.9 is 0,9 */
    res = formula_result();
    x = excel_csv(res, TD_REPORT_OPTIONS_VERSION, true, NULL);
    assert_non_null(strstr(x, ";criterion;c;\"'=HYPERLINK(\"\"http://x.invalid\"\")\";10;100;90;0,9;false;9;0;;"));
    td_free(x);
    td_result_free(res);
}

static void csv_options_of_version_1_are_the_plain_csv(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    char *v1 = excel_csv(res, 1, true, NULL); /* excel lies beyond a version-1 struct: not read */
    char *plain = excel_csv(res, TD_REPORT_OPTIONS_VERSION, false, NULL);
    assert_string_equal(v1, plain);
    td_free(v1);
    td_free(plain);
    /* the statuses file and other formats ignore the option */
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.excel = true;
    char *a = NULL, *b = NULL;
    td_error e;
    assert_ok(td_report_render(&a, NULL, res, TD_REPORT_FORMAT_STATUSES, &o, &e), e);
    assert_ok(td_report_render(&b, NULL, res, TD_REPORT_FORMAT_STATUSES, NULL, &e), e);
    assert_string_equal(a, b);
    td_free(a);
    td_free(b);
    assert_ok(td_report_render(&a, NULL, res, TD_REPORT_FORMAT_JSON, &o, &e), e);
    assert_ok(td_report_render(&b, NULL, res, TD_REPORT_FORMAT_JSON, NULL, &e), e);
    assert_string_equal(a, b);
    td_free(a);
    td_free(b);
    td_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_has_the_contract_keys_in_order),
        cmocka_unit_test(json_reports_ties_exclusions_and_missing_values),
        cmocka_unit_test(json_escapes_text),
        cmocka_unit_test(csv_has_one_row_per_member_and_item),
        cmocka_unit_test(csv_quotes_separators_quotes_and_line_breaks),
        cmocka_unit_test(csv_never_lets_text_start_a_formula),
        cmocka_unit_test(csv_for_excel_has_a_bom_semicolons_and_decimal_commas),
        cmocka_unit_test(csv_for_excel_quotes_fields_holding_semicolons),
        cmocka_unit_test(csv_options_of_version_1_are_the_plain_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
