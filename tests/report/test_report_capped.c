/*
 * Rulebook 1.1 nested score tables in the reports: a group node whose
 * items add up to more than its max shows its points with a mark after
 * them ("20,00 *") in the table, Markdown, HTML and PDF, and a comment in
 * the xlsx workbook; a legend under the table of points says what the mark
 * means, in the report's language, and only when some cell is capped.
 * A capped section is not marked (its cap is the section's own, shown in
 * the table's Max column), and JSON, CSV and `explain` carry no mark.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nest_kit.h"
#include "report_fixture.h"
#include "td_test.h"

static const char legend_vi[] =
    "(*) Nhóm tiêu chí đã tính bằng điểm tối đa: tổng điểm các mục vượt điểm tối đa của nhóm.";
static const char legend_en[] = "(*) Group capped at its maximum: its items add up to more.";

/* nest_kit's rulebook and members: u1 has A1 23 → 20, A31 15 → 12, A3 24
 * → 22 and B1 33 → 27, u2 no group capped. `roomy`: every group's max 100,
 * so that no group is capped (section A, max 45, still caps u1's 60). */
static td_result *nested_result(bool roomy)
{
    nest_line lines[NEST_LINES];
    memcpy(lines, nest_table, sizeof lines);
    for (size_t i = 0; roomy && i < NEST_LINES; i++)
        if (lines[i].kind == 'N')
            lines[i].max = "100";
    td_rulebook *rb = nest_build(lines, NEST_LINES);
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(nest_cluster(&cl, NULL, &err), err);
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return res;
}

/* The line of `text` that starts with `start` (after leading spaces), malloc'd; fails the test when none. */
static char *line_of(const char *text, const char *start)
{
    for (const char *p = text; *p != '\0';) {
        const char *end = strchr(p, '\n');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        size_t lead = strspn(p, " ");
        if (lead < len && strncmp(p + lead, start, strlen(start)) == 0) {
            char *line = malloc(len + 1);
            assert_non_null(line);
            memcpy(line, p, len);
            line[len] = '\0';
            return line;
        }
        p += len + (end != NULL);
    }
    fail_msg("no line starts with '%s' in:\n%s", start, text);
    return NULL;
}

static bool trailing_spaces(const char *text)
{
    return strstr(text, " \n") != NULL || (text[0] != '\0' && text[strlen(text) - 1] == ' ');
}

/* The table: u1's (the first column, rank 1) capped groups marked, its
 * other numbers as far in, so that the decimal marks stay in line; u2's
 * column unmarked; the legend right under the table, in each language. */
static void the_table_marks_capped_groups(void **state)
{
    (void)state;
    td_result *res = nested_result(false);
    assert_int_equal(td_result_member_rank(res, nest_member(res, "u1")), 1);
    for (int l = 0; l < 2; l++) {
        td_lang lang = l ? TD_LANG_EN : TD_LANG_VI;
        char *text = render(res, TD_REPORT_FORMAT_TABLE, lang, NULL, NULL);
        static const char *const rows[][2] = {
            {"A1", "20,00 *  10,00"}, {"A3", "22,00 *  11,00"}, {"A31", "12,00 *   5,00"}, {"B1", "27,00 *  12,00"}};
        for (size_t i = 0; i < 4; i++) {
            char *line = line_of(text, rows[i][0]), want[32];
            snprintf(want, sizeof want, "%s", rows[i][1]);
            if (lang == TD_LANG_EN)
                for (char *c = want; *c != '\0'; c++)
                    *c = *c == ',' ? '.' : *c;
            size_t at = strlen(line) - strlen(want);
            if (strlen(line) < strlen(want) || strcmp(line + at, want) != 0)
                fail_msg("row %s ends '%s', want '%s'", rows[i][0], line, want);
            free(line);
        }
        assert_int_equal(count_of(text, " *"), 4);
        /* a11's 14 ends where A1's 20 does, before the mark: two columns left of u1's header */
        char *a1 = line_of(text, "A1 "), *a11 = line_of(text, "a11");
        assert_int_equal(strstr(a1, lang == TD_LANG_EN ? "20.00" : "20,00") - a1,
                         strstr(a11, lang == TD_LANG_EN ? "14.00" : "14,00") - a11);
        free(a1);
        free(a11);
        /* the legend on the line after the total */
        const char *legend = lang == TD_LANG_EN ? legend_en : legend_vi;
        assert_int_equal(count_of(text, legend), 1);
        char *total = line_of(text, lang == TD_LANG_EN ? "Total  " : "Tổng điểm  ");
        char *after = strstr(text, total) + strlen(total) + 1;
        assert_memory_equal(after, legend, strlen(legend));
        free(total);
        assert_int_equal(count_of(text, lang == TD_LANG_EN ? legend_vi : legend_en), 0);
        assert_false(trailing_spaces(text));
        td_free(text);
    }
    /* fitted to a narrow terminal: the same marks, and still no trailing space */
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.width = 40;
    char *text = NULL;
    td_error err;
    assert_ok(td_report_render(&text, NULL, res, TD_REPORT_FORMAT_TABLE, &o, &err), err);
    assert_int_equal(count_of(text, "20,00 *"), 1);
    assert_int_equal(count_of(text, " *"), 4);
    assert_int_equal(count_of(text, "(*) Nhóm tiêu chí"), 1); /* wrapped at the width */
    assert_false(trailing_spaces(text));
    td_free(text);
    td_result_free(res);
}

static void markdown_marks_capped_groups(void **state)
{
    (void)state;
    td_result *res = nested_result(false);
    char *md = render(res, TD_REPORT_FORMAT_MD, TD_LANG_VI, NULL, NULL);
    char *a1 = line_of(md, "| – A1 ");
    assert_non_null(strstr(a1, "| 20,00 \\* | 10,00 |"));
    free(a1);
    assert_int_equal(count_of(md, " \\* |"), 4);
    /* a paragraph of its own, after a blank line: right under the table it would be a row */
    assert_non_null(strstr(md, " |\n\n(\\*) Nhóm tiêu chí đã tính bằng điểm tối đa: tổng điểm các mục vượt điểm tối đa "
                               "của nhóm.\n\n## "));
    td_free(md);
    md = render(res, TD_REPORT_FORMAT_MD, TD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(md, " |\n\n(\\*) Group capped at its maximum: its items add up to more.\n"));
    assert_int_equal(count_of(md, "| 27.00 \\* | 12.00 |"), 1);
    td_free(md);
    td_result_free(res);
}

/* HTML: the mark, and the items' sum on hovering the cell. */
static void html_marks_capped_groups(void **state)
{
    (void)state;
    td_result *res = nested_result(false);
    char *html = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_VI, NULL, NULL);
    assert_non_null(
        strstr(html, "<td class=\"n\">20</td><td class=\"n capped\" title=\"Tổng các mục: 23,00 &gt; tối đa 20\">20,00 "
                     "*</td><td class=\"n\">10,00</td></tr>"));
    assert_non_null(strstr(html, "title=\"Tổng các mục: 15,00 &gt; tối đa 12\">12,00 *</td>"));
    assert_non_null(strstr(html, "title=\"Tổng các mục: 24,00 &gt; tối đa 22\">22,00 *</td>"));
    assert_non_null(strstr(html, "title=\"Tổng các mục: 33,00 &gt; tối đa 27\">27,00 *</td>"));
    assert_int_equal(count_of(html, "class=\"n capped\""), 4);
    assert_int_equal(count_of(html, "<p class=\"sub\">(*) Nhóm tiêu chí đã tính bằng điểm tối đa: tổng điểm các mục "
                                    "vượt điểm tối đa của nhóm.</p>"),
                     1);
    /* right under the table of points */
    assert_non_null(strstr(html, "</tbody>\n</table></div>\n<p class=\"sub\">(*) Nhóm"));
    td_free(html);
    html = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(html, "title=\"Sum of the items: 23.00 &gt; max 20\">20.00 *</td>"));
    assert_non_null(strstr(html, "<p class=\"sub\">(*) Group capped at its maximum: its items add up to more.</p>"));
    td_free(html);
    td_result_free(res);
}

/* xlsx: a cell holds a number, so a capped group's has a comment (its text
 * is read back by the Python tests, test_xlsx.py); none without a cap. */
static void xlsx_comments_capped_groups(void **state)
{
    (void)state;
    if (!TD_HAVE_XLSX)
        skip(); /* a build without libxlsxwriter */
    for (int roomy = 0; roomy < 2; roomy++) {
        td_result *res = nested_result(roomy);
        size_t len;
        char *x = render(res, TD_REPORT_FORMAT_XLSX, TD_LANG_VI, NULL, &len);
        assert_true(zip_has(x, len, "xl/worksheets/sheet2.xml"));
        assert_int_equal(zip_has(x, len, "xl/comments1.xml"), !roomy);
        td_free(x);
        td_result_free(res);
    }
}

#ifdef TD_TEST_PDF
/* The text of the PDF, as poppler's pdftotext reads it (-layout: a row on one line). */
static char *pdf_text(const char *pdf, size_t len)
{
    const char *dir = getenv("TMPDIR");
    char path[256], command[320];
    snprintf(path, sizeof path, "%s/thidua-test-XXXXXX", dir != NULL && dir[0] != '\0' ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pdf, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
    snprintf(command, sizeof command, "pdftotext -layout '%s' -", path);
    FILE *f = popen(command, "r");
    assert_non_null(f);
    size_t cap = 1 << 20, n = 0, got;
    char *out = malloc(cap);
    assert_non_null(out);
    while ((got = fread(out + n, 1, cap - n - 1, f)) > 0)
        n += got;
    out[n] = '\0';
    assert_int_equal(pclose(f), 0);
    unlink(path);
    return out;
}
#endif

static void the_pdf_marks_capped_groups(void **state)
{
    (void)state;
#ifdef TD_TEST_PDF
    td_result *res = nested_result(false);
    for (int l = 0; l < 2; l++) {
        size_t len;
        char *pdf = render(res, TD_REPORT_FORMAT_PDF, l ? TD_LANG_EN : TD_LANG_VI, NULL, &len);
        char *text = pdf_text(pdf, len);
        char *a1 = line_of(text, "A1 ");
        assert_non_null(strstr(a1, l ? "20.00 *" : "20,00 *"));
        free(a1);
        assert_int_equal(count_of(text, " *"), 4);
        assert_int_equal(count_of(text, l ? legend_en : legend_vi), 1);
        free(text);
        td_free(pdf);
    }
    td_result_free(res);
#else
    skip();
#endif
}

/* Nothing capped: no mark and no legend anywhere, though section A's cap
 * took 15 of u1's points (a section's cap is not marked). */
static void no_capped_group_no_mark(void **state)
{
    (void)state;
    td_result *res = nested_result(true);
    assert_decimal(td_result_section_points(res, nest_member(res, "u1"), 0), "45");
    static const td_report_format formats[] = {TD_REPORT_FORMAT_TABLE, TD_REPORT_FORMAT_MD, TD_REPORT_FORMAT_HTML};
    for (size_t f = 0; f < 3; f++)
        for (int l = 0; l < 2; l++) {
            char *text = render(res, formats[f], l ? TD_LANG_EN : TD_LANG_VI, NULL, NULL);
            if (formats[f] != TD_REPORT_FORMAT_MD) /* Markdown's "- **a11**" */
                assert_null(strstr(text, " *"));
            assert_null(strstr(text, " \\*"));
            assert_null(strstr(text, "(*)"));
            assert_null(strstr(text, "(\\*)"));
            assert_null(strstr(text, "capped"));
            td_free(text);
        }
#ifdef TD_TEST_PDF
    size_t len;
    char *pdf = render(res, TD_REPORT_FORMAT_PDF, TD_LANG_VI, NULL, &len);
    char *text = pdf_text(pdf, len);
    assert_null(strstr(text, "(*)"));
    assert_null(strstr(text, " *"));
    free(text);
    td_free(pdf);
#endif
    td_result_free(res);
}

/* The contract formats and `explain` stay as they were: no mark. */
static void json_csv_and_explain_carry_no_mark(void **state)
{
    (void)state;
    td_result *res = nested_result(false);
    char *csv = render(res, TD_REPORT_FORMAT_CSV, TD_LANG_VI, NULL, NULL);
    assert_null(strstr(csv, "*"));
    td_free(csv);
    char *explain = render(res, TD_REPORT_FORMAT_EXPLAIN, TD_LANG_EN, "u1", NULL);
    assert_null(strstr(explain, "(*)"));
    /* its explanation of the total gives the caps */
    assert_non_null(strstr(explain, "groups of criteria: A1 min(20, 23) = 20, A3 min(22, 24) = 22 (A31 min(12, 15) = "
                                    "12), B1 min(27, 33) = 27"));
    td_free(explain);
    td_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_table_marks_capped_groups),
        cmocka_unit_test(markdown_marks_capped_groups),
        cmocka_unit_test(html_marks_capped_groups),
        cmocka_unit_test(xlsx_comments_capped_groups),
        cmocka_unit_test(the_pdf_marks_capped_groups),
        cmocka_unit_test(no_capped_group_no_mark),
        cmocka_unit_test(json_csv_and_explain_carry_no_mark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
