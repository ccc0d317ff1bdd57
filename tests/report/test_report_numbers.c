/*
 * Numbers in the human reports: Vietnamese writes "1.234,5" (',' the
 * decimal mark, '.' between thousands) in the table, Markdown, explain and
 * HTML reports, explanations included; English and the machine formats
 * (JSON, CSV) keep the library's text "1234.5".
 */
#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"
#include "one_criterion.h"
#include "report_internal.h"
#include "td_test.h"

static char *vi_text(const char *s)
{
    char *t = td_report__numbers_text(TD_LANG_VI, s);
    assert_non_null(t);
    return t;
}

static void assert_vi(const char *in, const char *want)
{
    char *got = vi_text(in);
    if (strcmp(got, want) != 0)
        fail_msg("'%s' became '%s', not '%s'", in, got, want);
    free(got);
    /* English is the library's own text */
    char *en = td_report__numbers_text(TD_LANG_EN, in);
    assert_non_null(en);
    assert_string_equal(en, in);
    free(en);
}

static void one_number_as_each_language_writes_it(void **state)
{
    (void)state;
    static const struct {
        const char *plain, *vi;
    } cases[] = {
        {"0", "0"},           {"102.43", "102,43"},     {"999.5", "999,5"},
        {"1234.5", "1.234,5"}, {"1234.50", "1.234,50"}, {"-1234.50", "-1.234,50"},
        {"-0.25", "-0,25"},   {"1000", "1.000"},        {"1234567.891", "1.234.567,891"},
        {"-999", "-999"},     {"100000", "100.000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        td_buf b;
        td_buf_init(&b, &td_libc_allocator);
        td_report__number(&b, TD_LANG_VI, cases[i].plain);
        td_report__number(&b, TD_LANG_EN, cases[i].plain);
        char *got = td_buf_take(&b, NULL);
        assert_non_null(got);
        size_t n = strlen(cases[i].vi);
        if (strncmp(got, cases[i].vi, n) != 0 || strcmp(got + n, cases[i].plain) != 0)
            fail_msg("%s: '%s', not '%s' then '%s'", cases[i].plain, got, cases[i].vi, cases[i].plain);
        free(got);
    }
    /* a decimal with its places: never rounded, more places when it has more */
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    td_report__dec_places(&b, TD_LANG_VI, D("-1234.5"), 2);
    td_buf_append(&b, " ");
    td_report__dec_places(&b, TD_LANG_VI, D("0.125"), 2);
    td_buf_append(&b, " ");
    td_report__percent(&b, TD_LANG_VI, D("12.345678"), 2);
    td_buf_append(&b, " ");
    td_report__percent(&b, TD_LANG_EN, D("12.345678"), 2);
    char *got = td_buf_take(&b, NULL);
    assert_string_equal(got, "-1.234,50 0,125 1.234,5678 1234.5678");
    free(got);
}

static void explanation_numbers_become_vietnamese(void **state)
{
    (void)state;
    assert_vi("2010 / 2200 = 91.36 % (chưa đạt) → thiếu (1 − 0.913636) × 100 / 5 → 2 bậc → max(0, 15 − 1 × 2) = 13.00",
              "2.010 / 2.200 = 91,36 % (chưa đạt) → thiếu (1 − 0,913636) × 100 / 5 → 2 bậc → max(0; 15 − 1 × 2) = 13,00");
    /* ", " between two numbers becomes "; ": "min(0,976842, 1)" would be read two ways */
    assert_vi("min(0.976842, 1) × 10 = 9.77", "min(0,976842; 1) × 10 = 9,77");
    assert_vi("x = -3.5, -2", "x = -3,5; -2");
    /* but not between a number and a word, nor in a list of ids */
    assert_vi("min(5, tiêu chí 0) = 0", "min(5, tiêu chí 0) = 0");
    assert_vi("total = 69.71, count_met() = 0 → hạng 4/4", "total = 69,71, count_met() = 0 → hạng 4/4");
    assert_vi("[tan-uyen, tam-duong, than-uyen]", "[tan-uyen, tam-duong, than-uyen]");
    /* digits of ids, words and quoted values are the data's own */
    assert_vi("cum-2 a1.5 hh_2023 2b 1.2.3 'v1.5' '2.5' Đơn vị 2", "cum-2 a1.5 hh_2023 2b 1.2.3 'v1.5' '2.5' Đơn vị 2");
    assert_vi("mục 1.5 và 12345.25", "mục 1,5 và 12.345,25");
    /* a sentence's full stop is not a decimal mark */
    assert_vi("tổng điểm 1500.", "tổng điểm 1.500.");
    /* a stray byte (never in a result) is kept, and is no letter */
    assert_vi("\xff" "1234.5 a\xc3", "\xff" "1.234,5 a\xc3");
    /* an unclosed quote leaves the rest to the rules above */
    assert_vi("it's 1500.5", "it's 1.500,5");
    /* a number longer than any decimal is left as it is, digit for digit */
    char longest[200];
    memset(longest, '7', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    char *t = vi_text(longest);
    assert_string_equal(t, longest);
    free(t);
    t = td_report__numbers_text(TD_LANG_VI, NULL);
    assert_string_equal(t, "");
    free(t);
}

/* Members at 617.25 and 1000 of a 1000 target on a 2,000-point criterion:
 * 1234.50 and 2000.00 points. */
static td_result *thousands_result(void)
{
    td_rulebook_builder *b = one_criterion("2000");
    td_error e;
    assert_ok(tr_rule_proportional(b, "c", D("1"), &e), e);
    const char *targets[] = {"1000", "1000"};
    const char *actuals[] = {"617.25", "1000"};
    td_result *res = NULL;
    assert_ok(one_run(b, 2, targets, actuals, &res, &e), e);
    return res;
}

static void vietnamese_reports_write_vietnamese_numbers(void **state)
{
    (void)state;
    td_result *res = thousands_result();
    char *t = render(res, TD_REPORT_FORMAT_TABLE, TD_LANG_VI, NULL, NULL);
    assert_non_null(strstr(t, "1.234,50"));
    assert_non_null(strstr(t, "2.000,00"));
    assert_null(strstr(t, "1234.50"));
    /* the points table: the max, then each member's points, right-aligned on
     * the formatted text (the header "Tối đa" is 6 columns, "2.000" 5) */
    const char *rowc = strstr(t, "\n  c ");
    assert_non_null(rowc);
    assert_non_null(strstr(rowc, " 2.000  "));
    td_free(t);

    t = render(res, TD_REPORT_FORMAT_MD, TD_LANG_VI, NULL, NULL);
    assert_non_null(strstr(t, "| 2.000,00 |"));
    assert_non_null(strstr(t, "617,25 / 1.000 = 61,73 %"));
    assert_non_null(strstr(t, "min(0,61725; 1) × 2.000 = 1.234,50"));
    td_free(t);

    t = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_VI, NULL, NULL);
    assert_non_null(strstr(t, "<td class=\"n\">1.234,50</td>"));
    assert_non_null(strstr(t, "<td class=\"n unmet\">61,725</td>"));
    assert_non_null(strstr(t, ">1.234,50</text>")); /* the totals chart's label */
    assert_null(strstr(t, ">1234.50<"));
    td_free(t);

    /* English: as the library writes numbers, no thousands separator */
    t = render(res, TD_REPORT_FORMAT_TABLE, TD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(t, "1234.50"));
    assert_null(strstr(t, "1.234"));
    assert_null(strstr(t, "1,234"));
    td_free(t);
    t = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(t, "<td class=\"n\">1234.50</td>"));
    assert_non_null(strstr(t, "min(0.61725, 1) × 2000 = 1234.50"));
    td_free(t);

    /* JSON and CSV stay machine-readable in Vietnamese too */
    t = render(res, TD_REPORT_FORMAT_JSON, TD_LANG_VI, NULL, NULL);
    assert_non_null(strstr(t, "\"total\": 1234.5,"));
    assert_non_null(strstr(t, "min(0.61725, 1) × 2000 = 1234.50"));
    assert_null(strstr(t, "1.234,5"));
    td_free(t);
    t = render(res, TD_REPORT_FORMAT_CSV, TD_LANG_VI, NULL, NULL);
    assert_non_null(strstr(t, ",1234.5,"));
    assert_null(strstr(t, "1.234,5"));
    td_free(t);
    td_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_number_as_each_language_writes_it),
        cmocka_unit_test(explanation_numbers_become_vietnamese),
        cmocka_unit_test(vietnamese_reports_write_vietnamese_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
