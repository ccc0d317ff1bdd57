/*
 * The report API's arguments, and the text reports: the terminal table
 * (columns line up whatever the letters), Markdown and the explanation of
 * one member.
 */
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "report_fixture.h"
#include "report_grid.h"     /* td_report__wrap_piece */
#include "report_internal.h" /* td_report__numbers_text */
#include "td_test.h"

static void options_init_and_format_names(void **state)
{
    (void)state;
    td_report_options o;
    memset(&o, 0xff, sizeof o);
    assert_int_equal(td_report_options_init(&o, TD_REPORT_OPTIONS_VERSION), TD_OK);
    assert_int_equal(o.version, TD_REPORT_OPTIONS_VERSION);
    assert_int_equal(o.lang, TD_LANG_VI);
    assert_null(o.unit);
    assert_false(o.excel);
    assert_int_equal(td_report_options_init(&o, 99), TD_EINVAL);
    assert_int_equal(td_report_options_init(&o, 0), TD_EINVAL);
    /* version 1 (no `excel`): only its fields are written */
    memset(&o, 0x5a, sizeof o);
    assert_int_equal(td_report_options_init(&o, 1), TD_OK);
    assert_int_equal(o.version, 1);
    assert_int_equal(o.lang, TD_LANG_VI);
    assert_null(o.unit);
    unsigned char after[sizeof o - offsetof(td_report_options, excel)];
    memset(after, 0x5a, sizeof after);
    assert_memory_equal((unsigned char *)&o + offsetof(td_report_options, excel), after, sizeof after);
    assert_int_equal(td_report_options_init(NULL, TD_REPORT_OPTIONS_VERSION), TD_EINVAL);

    const char *names[] = {"table", "json", "csv", "md", "html", "xlsx", "explain", "statuses", "pdf"};
    for (int i = 0; i < 9; i++) {
        td_report_format f = (td_report_format)-1;
        td_error e;
        assert_ok(td_report_format_parse(&f, names[i], &e), e);
        assert_int_equal(f, i);
        assert_string_equal(td_report_format_name(f), names[i]);
    }
    td_error e;
    td_report_format f = TD_REPORT_FORMAT_JSON;
    assert_error(td_report_format_parse(&f, "docx", &e), TD_EINVAL, e, "unknown report format 'docx'");
    assert_non_null(strstr(e.message, "xlsx"));
    assert_int_equal(f, TD_REPORT_FORMAT_JSON); /* untouched on failure */
    assert_error(td_report_format_parse(&f, "JSON", &e), TD_EINVAL, e, "'JSON'");
    assert_error(td_report_format_parse(&f, NULL, &e), TD_EINVAL, e, "NULL");
    assert_null(td_report_format_name((td_report_format)9));
    assert_null(td_report_format_name((td_report_format)-1));
}

static void render_checks_its_arguments(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    td_error e;
    char *out = (char *)"untouched";
    size_t len = 12345;
    assert_error(td_report_render(&out, &len, NULL, TD_REPORT_FORMAT_JSON, &o, &e), TD_EINVAL, e, "result is NULL");
    assert_error(td_report_render(&out, &len, res, (td_report_format)42, &o, &e), TD_EINVAL, e, "unknown format 42");
    assert_error(td_report_render(NULL, &len, res, TD_REPORT_FORMAT_JSON, &o, &e), TD_EINVAL, e, "out is NULL");
    assert_error(td_report_render(&out, &len, res, TD_REPORT_FORMAT_EXPLAIN, &o, &e), TD_EINVAL, e, "no unit");
    o.unit = "";
    assert_error(td_report_render(&out, &len, res, TD_REPORT_FORMAT_EXPLAIN, &o, &e), TD_EINVAL, e, "no unit");
    o.unit = "lai-chau";
    assert_error(td_report_render(&out, &len, res, TD_REPORT_FORMAT_EXPLAIN, &o, &e), TD_ENOTFOUND, e, "lai-chau");
    o.unit = NULL;
    o.lang = (td_lang)7;
    assert_error(td_report_render(&out, &len, res, TD_REPORT_FORMAT_TABLE, &o, &e), TD_EINVAL, e, "language");
    o.lang = TD_LANG_VI;
    o.version = 3;
    assert_error(td_report_render(&out, &len, res, TD_REPORT_FORMAT_TABLE, &o, &e), TD_EINVAL, e, "options version 3");
    assert_error(td_report_write_file(res, TD_REPORT_FORMAT_TABLE, &o, "never.txt", &e), TD_EINVAL, e,
                 "options version 3");
    o.version = 0;
    assert_error(td_report_render(&out, &len, res, TD_REPORT_FORMAT_TABLE, &o, &e), TD_EINVAL, e, "options version 0");
    assert_string_equal(out, "untouched");
    assert_int_equal(len, 12345);

    /* NULL options: Vietnamese defaults; len may be NULL */
    assert_ok(td_report_render(&out, NULL, res, TD_REPORT_FORMAT_TABLE, NULL, &e), e);
    assert_non_null(strstr(out, "Tổng điểm"));
    td_free(out);
    td_result_free(res);
}

/* explain finds the member by its id, or by its name when one member has it. */
static void explain_finds_a_member_by_id_or_by_its_one_name(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    td_error e;
    char *by_id = NULL, *by_name = NULL;
    o.unit = td_result_member_unit(res, 1);
    assert_ok(td_report_render(&by_id, NULL, res, TD_REPORT_FORMAT_EXPLAIN, &o, &e), e);
    o.unit = td_result_member_name(res, 1);
    assert_true(o.unit[0] != '\0' && strcmp(o.unit, td_result_member_unit(res, 1)) != 0);
    assert_ok(td_report_render(&by_name, NULL, res, TD_REPORT_FORMAT_EXPLAIN, &o, &e), e);
    assert_string_equal(by_name, by_id);
    td_free(by_id);
    td_free(by_name);
    td_result_free(res);

    /* two members of one name: the name does not say which */
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL;
    td_cluster *c = NULL;
    assert_ok(td_rulebook_builder_new(&b, "r", NULL, &e), e);
    assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &e), e);
    assert_ok(td_rulebook_builder_add_criterion(b, "A", "m", NULL, td_decimal_from_int(10), &e), e);
    assert_ok(tr_rule_manual(b, "m", &e), e);
    assert_ok(td_rulebook_builder_build(&rb, b, &e), e);
    assert_ok(td_cluster_new(&c, "k", 2024, NULL, &e), e);
    assert_ok(td_cluster_add_member(c, "a", "Trùng tên", &e), e);
    assert_ok(td_cluster_add_member(c, "b", "Trùng tên", &e), e);
    assert_ok(td_cluster_set_score(c, TD_SCORE_SOURCE_FINAL, "a", "m", td_decimal_from_int(5), &e), e);
    assert_ok(td_cluster_set_score(c, TD_SCORE_SOURCE_FINAL, "b", "m", td_decimal_from_int(6), &e), e);
    assert_ok(td_evaluate(&res, rb, c, NULL, &e), e);
    char *out = NULL;
    o.unit = "Trùng tên";
    assert_error(td_report_render(&out, NULL, res, TD_REPORT_FORMAT_EXPLAIN, &o, &e), TD_EINVAL, e,
                 "2 members are named 'Trùng tên': give the unit id");
    assert_null(out);
    o.unit = "b";
    assert_ok(td_report_render(&out, NULL, res, TD_REPORT_FORMAT_EXPLAIN, &o, &e), e);
    td_free(out);
    td_result_free(res);
    td_cluster_free(c);
    td_rulebook_free(rb);
    td_rulebook_builder_free(b);
}

/* The line of `text` that starts with `prefix` (a pointer into text), or fails. */
static const char *line_starting(const char *text, const char *prefix)
{
    for (const char *p = text; p != NULL && *p != '\0'; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, prefix, strlen(prefix)) == 0)
            return p;
    fail_msg("no line starts with '%s'", prefix);
    return NULL;
}

static size_t line_length(const char *line)
{
    const char *end = strchr(line, '\n');
    return end ? (size_t)(end - line) : strlen(line);
}

/*
 * `plain` ("-1234.50") as a Vietnamese officer writes it ("-1.234,50"),
 * into out: written here from the rule, not with the library's helper.
 */
static void vi_number(char *out, size_t size, const char *plain)
{
    const char *dot = strchr(plain, '.');
    size_t int_end = dot != NULL ? (size_t)(dot - plain) : strlen(plain);
    size_t start = plain[0] == '-' ? 1 : 0, n = 0;
    for (size_t i = 0; i < int_end && n + 2 < size; i++) {
        if (i > start && (int_end - i) % 3 == 0)
            out[n++] = '.';
        out[n++] = plain[i];
    }
    if (dot != NULL && n + 1 < size)
        out[n++] = ',';
    for (const char *p = dot != NULL ? dot + 1 : ""; *p != '\0' && n + 1 < size; p++)
        out[n++] = *p;
    out[n] = '\0';
}

/*
 * In the ranking table, the text of every member's total ends in the same
 * terminal column as the header "Tổng điểm" (numbers are right-aligned),
 * and every classification starts in the column of its header.
 */
static void assert_ranking_aligned(const td_result *res, const char *table)
{
    const char *header = line_starting(table, "Hạng");
    const char *total_head = strstr(header, "Tổng điểm");
    const char *cls_head = strstr(header, "Xếp loại");
    assert_true(total_head != NULL && cls_head != NULL);
    size_t total_end = columns(header, (size_t)(total_head - header) + strlen("Tổng điểm"));
    size_t cls_start = columns(header, (size_t)(cls_head - header));
    const char *row = strchr(strchr(header, '\n') + 1, '\n') + 1; /* below the rule */
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        char total[TD_DECIMAL_STRING_SIZE + 16];
        td_decimal t = td_result_member_total(res, m);
        int places = td_rulebook_precision(td_result_rulebook(res));
        for (size_t k = 0; k < td_result_member_count(res); k++) /* the table's places */
            if (td_decimal_scale(td_result_member_deduction(res, k)) > places)
                places = td_decimal_scale(td_result_member_deduction(res, k));
        char plain[TD_DECIMAL_STRING_SIZE];
        td_decimal_format_fixed(plain, sizeof plain, t, places);
        vi_number(total, sizeof total, plain); /* the table is Vietnamese */
        size_t len = line_length(row);
        char *line = calloc(1, len + 1);
        assert_non_null(line);
        memcpy(line, row, len);
        const char *at = strstr(line, total);
        if (at == NULL)
            fail_msg("row '%s' lacks total %s", line, total);
        assert_int_equal(columns(line, (size_t)(at - line) + strlen(total)), total_end);
        const char *cls = td_result_member_classification(res, m);
        if (cls != NULL) {
            const char *name = NULL;
            for (size_t i = 0; i < td_rulebook_classification_count(td_result_rulebook(res)); i++)
                if (strcmp(td_rulebook_classification_id(td_result_rulebook(res), i), cls) == 0)
                    name = td_rulebook_classification_name(td_result_rulebook(res), i);
            const char *c = strstr(line, name);
            assert_non_null(c);
            assert_int_equal(columns(line, (size_t)(c - line)), cls_start);
        }
        free(line);
        row += len + 1;
    }
}

static void assert_clean_lines(const char *text)
{
    assert_null(strchr(text, '\t'));
    assert_null(strchr(text, '\r'));
    assert_null(strstr(text, " \n"));
    assert_int_equal(text[strlen(text) - 1], '\n');
}

static void table_lines_up_vietnamese_names(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    char *t = render(res, TD_REPORT_FORMAT_TABLE, TD_LANG_VI, NULL, NULL);
    assert_ranking_aligned(res, t);
    assert_clean_lines(t);
    /* the Lai Châu figures, in result order, with Vietnamese decimal commas */
    const char *r1 = line_starting(t, "   1  tp-lai-chau");
    assert_true(strncmp(r1, "   1  tp-lai-chau  HND thành phố Lai Châu      99,00        98,00         1,00      0,00  "
                            "Hoàn thành xuất sắc nhiệm vụ           7/7\n",
                        120) == 0);
    assert_non_null(strstr(t, "  loans              Vốn vay hỗ trợ hội viên (triệu đồng)      15        15,00     15,00      15,00      13,00\n"));
    assert_non_null(strstr(t, "  bang_khen: Bằng khen của Ban Chấp hành Hội Nông dân tỉnh (chỉ tiêu 50 % × 4 = 2 → 2 (làm tròn xuống))"));
    assert_non_null(strstr(t, "   3  than-uyen    HND huyện Than Uyên     hết chỉ tiêu\n"));
    assert_non_null(strstr(t, "Cụm trưởng năm sau: tam-duong (luân phiên"));
    td_free(t);
    td_result_free(res);
}

static void table_lines_up_wide_and_decomposed_letters(void **state)
{
    (void)state;
    td_result *res = nasty_result();
    char *t = render(res, TD_REPORT_FORMAT_TABLE, TD_LANG_VI, NULL, NULL);
    assert_ranking_aligned(res, t);
    assert_clean_lines(t);
    /* NFC: the decomposed "Tân Uyên" is shown precomposed */
    assert_null(strstr(t, "\xcc\x82"));
    assert_non_null(strstr(t, "Tân Uyên"));
    /* a line break inside a name becomes a space; one deduction of 0.5 shows one decimal */
    assert_non_null(strstr(t, "Đơn vị \"Q\", <tổ> 'một'       14,5"));
    assert_non_null(strstr(t, "北京市                        8,0"));
    /* no classification, awards or leader rule: no such lines */
    assert_null(strstr(t, "Khen thưởng"));
    assert_null(strstr(t, "Cụm trưởng"));
    td_free(t);
    td_result_free(res);
}

static void table_in_english_shows_award_statuses(void **state)
{
    (void)state;
    td_result *res = awards_result();
    char *t = render(res, TD_REPORT_FORMAT_TABLE, TD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(t, "Rank  Unit  Name       Total   Base  Bonus  Deduction  Classification  Targets met\n"));
    assert_non_null(strstr(t, "   1  a     Công ty A  selected      excluded           not eligible\n"));
    assert_non_null(strstr(t, "   3  c     Công ty C  not eligible  tied at the quota  not eligible\n"));
    assert_non_null(strstr(t, "   3  d     Công ty D  not eligible  tied at the quota  not eligible\n"));
    assert_non_null(strstr(t, "  giay_khen: Giấy khen (no quota)\n"));
    assert_non_null(strstr(t, "Next period's leader: b ("));
    /* the manual criterion has no attainment: 1 of 1 criteria can be met */
    assert_non_null(strstr(t, "Xuất sắc                1/1\n"));
    td_free(t);
    td_result_free(res);
}

/* Counts the '|' that separate cells (not the escaped "\|"). */
static size_t cell_bars(const char *line, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    return n;
}

static void markdown_tables_have_whole_rows_and_escaped_text(void **state)
{
    (void)state;
    td_result *res = nasty_result();
    char *md = render(res, TD_REPORT_FORMAT_MD, TD_LANG_VI, NULL, NULL);
    assert_true(strncmp(md, "# &lt;script&gt;alert('x &amp; y')&lt;/script&gt; \\| \\*bold\\* \\_it\\_\n", 60) == 0);
    assert_null(strstr(md, "<script"));
    assert_null(strstr(md, "<tổ>"));
    assert_non_null(strstr(md, "&lt;tổ&gt;"));
    /* every row of a table has as many cell separators as its header */
    size_t want = 0;
    for (const char *p = md; *p != '\0';) {
        size_t len = line_length(p);
        if (*p == '|') {
            size_t bars = cell_bars(p, len);
            if (want == 0)
                want = bars;
            assert_int_equal(bars, want);
        } else {
            want = 0;
        }
        p += len + (p[len] == '\n');
    }
    /* explanations of every member follow, with their criteria */
    assert_int_equal(count_of(md, "\n### "), 3);
    assert_int_equal(count_of(md, "- **c&amp;1** "), 3);
    td_free(md);
    td_result_free(res);

    res = lai_chau_result();
    md = render(res, TD_REPORT_FORMAT_MD, TD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(md, "| Rank | Unit        | Name                   | Total |  Base |"));
    assert_non_null(strstr(md, "| ---: | ----------- |"));
    assert_non_null(strstr(md, "| – hh_registered     |"));
    assert_non_null(strstr(md, "\n### 4. HND huyện Tam Đường (tam-duong)\n"));
    assert_non_null(strstr(md, "- **rural_models** Mô hình nông thôn mới: 3 / 4 = 75.00 % (not met) → 0.75 &lt; 1 → 0 = 0.00\n"));
    td_free(md);
    td_result_free(res);
}

/* Explanation `expl` is in the report x, its numbers as `lang` writes
 * them (Vietnamese: td_report__put_numbers(), tested in test_report_numbers.c). */
static void assert_shown(const char *x, td_lang lang, const char *expl)
{
    char *shown = td_report__numbers_text(lang, expl);
    assert_non_null(shown);
    if (lang == TD_LANG_EN)
        assert_string_equal(shown, expl);
    if (strstr(x, shown) == NULL)
        fail_msg("the report lacks '%s'", shown);
    free(shown);
}

static void explain_gives_every_explanation_of_one_member(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    size_t m;
    td_error e;
    assert_ok(td_result_find_member(&m, res, "tam-duong", &e), e);
    for (int l = 0; l < 2; l++) {
        td_lang lang = (td_lang)l;
        char *x = render(res, TD_REPORT_FORMAT_EXPLAIN, lang, "tam-duong", NULL);
        assert_true(strncmp(x, "HND huyện Tam Đường (tam-duong)\n", 32) == 0);
        for (size_t c = 0; c < td_result_criterion_count(res); c++) {
            assert_shown(x, lang, td_result_criterion_explain(res, m, c, lang));
            assert_non_null(strstr(x, td_rulebook_criterion_name(td_result_rulebook(res), c)));
        }
        assert_shown(x, lang, td_result_member_explain(res, m, lang));
        assert_shown(x, lang, td_result_classification_explain(res, m, lang));
        assert_shown(x, lang, td_result_rank_explain(res, m, lang));
        assert_shown(x, lang, td_result_award_explain(res, m, 0, lang));
        assert_shown(x, lang, td_result_leader_explain(res, lang));
        /* nobody else's numbers */
        size_t other;
        assert_ok(td_result_find_member(&other, res, "tan-uyen", &e), e);
        assert_null(strstr(x, td_result_member_explain(res, other, lang)));
        assert_clean_lines(x);
        td_free(x);
    }
    char *x = render(res, TD_REPORT_FORMAT_EXPLAIN, TD_LANG_EN, "tam-duong", NULL);
    assert_non_null(strstr(x, "\nRank: 4\n"));
    assert_non_null(strstr(x, "\nTotal: 69.71\n"));
    assert_non_null(strstr(x, "\nClassification: Hoàn thành nhiệm vụ\n"));
    assert_non_null(strstr(x, "  bang_khen: Bằng khen của Ban Chấp hành Hội Nông dân tỉnh: not eligible\n"));
    td_free(x);
    td_result_free(res);

    /* a member without a classification or awards */
    res = nasty_result();
    x = render(res, TD_REPORT_FORMAT_EXPLAIN, TD_LANG_VI, "q", NULL);
    assert_true(strncmp(x, "Đơn vị \"Q\", <tổ> 'một' (q)\n", 30) == 0);
    assert_null(strstr(x, "Xếp loại"));
    assert_null(strstr(x, "Khen thưởng"));
    td_free(x);
    td_result_free(res);
}

/* Unit ids compare after NFC (the contract): explain finds "tân-uyên"
 * typed with combining marks, and still refuses a unit that is not there. */
static void explain_finds_a_unit_typed_in_another_normal_form(void **state)
{
    (void)state;
    td_result *res = accented_id_result();
    char *text = render(res, TD_REPORT_FORMAT_EXPLAIN, TD_LANG_EN, "ta\xcc\x82n-uye\xcc\x82n", NULL);
    assert_non_null(strstr(text, "HND Tân Uyên (t\xc3\xa2n-uy\xc3\xaan)\n"));
    td_free(text);
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.unit = "tan-uyen";
    char *out = NULL;
    td_error err;
    assert_int_equal(td_report_render(&out, NULL, res, TD_REPORT_FORMAT_EXPLAIN, &o, &err), TD_ENOTFOUND);
    assert_null(out);
    assert_non_null(strstr(err.message, "tan-uyen"));
    td_result_free(res);
}

/* The table of `res` at `width` (0: no limit) in `lang`. */
static char *table_at(const td_result *res, unsigned width, td_lang lang)
{
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.lang = lang;
    o.width = width;
    char *out = NULL;
    td_error e;
    if (td_report_render(&out, NULL, res, TD_REPORT_FORMAT_TABLE, &o, &e) != TD_OK)
        fail_msg("render table at %u: %s", width, e.message);
    return out;
}

/* The widest line of s in terminal columns (counted by the fixture, not the library). */
static size_t widest_line(const char *s)
{
    size_t best = 0;
    while (*s != '\0') {
        size_t n = strcspn(s, "\n"), w = columns(s, n);
        if (w > best)
            best = w;
        s += n + (s[n] == '\n');
    }
    return best;
}

static void table_fits_the_width_asked_for(void **state)
{
    (void)state;
    td_result *results[] = {lai_chau_result(), awards_result(), nasty_result(), many_awards_result(),
                            wide_result(40), accented_id_result()};
    const unsigned widths[] = {40, 60, 80, 120};
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
        for (int l = 0; l < 2; l++) {
            td_lang lang = l == 0 ? TD_LANG_VI : TD_LANG_EN;
            char *free_width = table_at(results[i], 0, lang);
            size_t natural = widest_line(free_width);
            for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
                char *t = table_at(results[i], widths[k], lang);
                if (widest_line(t) > widths[k])
                    fail_msg("result %zu, lang %d, width %u: a line of %zu columns:\n%s", i, l, widths[k],
                             widest_line(t), t);
                /* a table that fits is the same bytes as without a width */
                if (natural <= widths[k])
                    assert_string_equal(t, free_width);
                else
                    assert_true(strcmp(t, free_width) != 0);
                assert_int_equal(t[strlen(t) - 1], '\n');
                assert_null(strstr(t, " \n")); /* no trailing spaces */
                td_free(t);
            }
            td_free(free_width);
        }
        td_result_free(results[i]);
    }
}

static void table_at_a_width_keeps_every_number(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    char *wide = table_at(res, 0, TD_LANG_VI);
    assert_true(widest_line(wide) > 120);
    /* 80: one block, the names and the numbers' headers wrapped */
    char *t80 = table_at(res, 80, TD_LANG_VI);
    assert_non_null(strstr(t80, "   4  tam-duong    HND huyện Tam  69,71  70,71    0,00  1,00  Hoàn thành     0/7\n"));
    assert_non_null(strstr(t80, "                   Đường                                      nhiệm vụ\n"));
    assert_int_equal(count_of(t80, "\nHạng  "), 2); /* the ranking and the awards, no further blocks */
    /* 60: blocks, each repeating rank, unit and name */
    char *t60 = table_at(res, 60, TD_LANG_VI);
    assert_int_equal(count_of(t60, "\nHạng  "), 3); /* two blocks of the ranking, the awards */
    assert_int_equal(count_of(t60, "\nTiêu chí  "), 2);    /* the points in two blocks */
    /* every score of the wide table is in each narrower one */
    const char *scores[] = {"99,00", "96,66", "94,67", "69,71", "37,69", "9,77", "14,92", "23,24", "0/7", "7/7"};
    for (size_t i = 0; i < sizeof scores / sizeof scores[0]; i++) {
        assert_non_null(strstr(t80, scores[i]));
        assert_non_null(strstr(t60, scores[i]));
    }
    /* free text wraps at spaces, further lines two spaces in */
    assert_non_null(strstr(t60, "\nCụm thi đua số 2 — Hội Nông dân tỉnh Lai Châu (cum-2), năm\n  2023\n"));
    assert_non_null(strstr(t60, "\n  bang_khen: Bằng khen của Ban Chấp hành Hội Nông dân tỉnh\n    (chỉ tiêu"));
    td_free(t60);
    td_free(t80);
    td_free(wide);
    td_result_free(res);
}

static void table_width_is_checked(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    td_error e;
    char *out = NULL;
    assert_int_equal(o.width, 0);
    o.width = 39;
    assert_error(td_report_render(&out, NULL, res, TD_REPORT_FORMAT_TABLE, &o, &e), TD_EINVAL, e,
                 "a width of 39 columns is too narrow (0: no limit, else at least 40)");
    o.width = 1;
    assert_error(td_report_render(&out, NULL, res, TD_REPORT_FORMAT_JSON, &o, &e), TD_EINVAL, e, "width of 1 ");
    assert_null(out);
    /* other formats ignore a width */
    o.width = 40;
    char *a = NULL, *b = NULL;
    assert_ok(td_report_render(&a, NULL, res, TD_REPORT_FORMAT_MD, &o, &e), e);
    assert_ok(td_report_render(&b, NULL, res, TD_REPORT_FORMAT_MD, NULL, &e), e);
    assert_string_equal(a, b);
    td_free(a);
    td_free(b);
    o.unit = "tam-duong";
    assert_ok(td_report_render(&a, NULL, res, TD_REPORT_FORMAT_EXPLAIN, &o, &e), e);
    o.width = 0;
    assert_ok(td_report_render(&b, NULL, res, TD_REPORT_FORMAT_EXPLAIN, &o, &e), e);
    assert_string_equal(a, b);
    td_free(a);
    td_free(b);
    /* options of version 1 have no width: the table as wide as it needs */
    o.version = 1;
    o.width = 39; /* beyond a version-1 struct: not read */
    o.unit = NULL;
    assert_ok(td_report_render(&a, NULL, res, TD_REPORT_FORMAT_TABLE, &o, &e), e);
    b = table_at(res, 0, TD_LANG_VI);
    assert_string_equal(a, b);
    td_free(a);
    td_free(b);
    td_result_free(res);
}

static void wrap_pieces_break_at_spaces_and_marks(void **state)
{
    (void)state;
    size_t len, next;
    td_report__wrap_piece("Hoàn thành xuất sắc", 12, &len, &next);
    assert_int_equal(len, strlen("Hoàn thành"));
    assert_int_equal(next, strlen("Hoàn thành "));
    td_report__wrap_piece("tp-lai-chau", 8, &len, &next); /* after a '-' */
    assert_int_equal(len, 7);
    assert_int_equal(next, 7);
    td_report__wrap_piece("collective", 4, &len, &next); /* no break: cut */
    assert_int_equal(len, 4);
    td_report__wrap_piece("  hh_registered", 8, &len, &next); /* not inside the leading spaces */
    assert_int_equal(len, 5);
    td_report__wrap_piece("   x", 2, &len, &next); /* only spaces fit: cut, the spaces dropped */
    assert_int_equal(len, 2);
    assert_int_equal(next, 3);
    td_report__wrap_piece("\xe5\x8c\x97\xe4\xba\xac", 1, &len, &next); /* a wide character in one column: taken */
    assert_int_equal(len, 3);
    td_report__wrap_piece("", 5, &len, &next);
    assert_int_equal(len + next, 0);
    td_report__wrap_piece("a b", 0, &len, &next); /* no room at all: one character */
    assert_int_equal(len, 1);
    assert_int_equal(next, 2);
}

/* The grid's text within `width` (td_report__grid_render_fit()); NULL when it failed. */
static char *fit(grid *g, size_t width, size_t keep)
{
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    td_report__grid_render_fit(g, &b, width, keep);
    return td_buf_take(&b, NULL);
}

static void grids_fit_in_odd_shapes(void **state)
{
    (void)state;
    /* no columns: nothing, and no failure */
    grid g;
    td_report__grid_init(&g, 0);
    char *t = fit(&g, 40, 3);
    assert_string_equal(t, "");
    free(t);
    td_report__grid_free(&g);
    /* a failed grid fails the output */
    td_report__grid_init(&g, 2);
    g.failed = true;
    assert_null(fit(&g, 40, 1));
    td_report__grid_free(&g);
    /* fewer columns than `keep`, too wide: one block, wrapped */
    td_report__grid_init(&g, 2);
    size_t r = td_report__grid_add_row(&g);
    td_report__grid_set(&g, r, 0, "Tên đơn vị");
    td_report__grid_set(&g, r, 1, "Ghi chú");
    r = td_report__grid_add_row(&g);
    td_report__grid_set(&g, r, 0, "Hội Nông dân huyện Tân Uyên tỉnh Lai Châu");
    td_report__grid_set(&g, r, 1, "hoàn thành xuất sắc nhiệm vụ năm 2023 theo kế hoạch");
    t = fit(&g, 40, 5);
    assert_true(widest_line(t) <= 40);
    assert_string_equal(t, "Tên đơn vị           Ghi chú\n"
                           "───────────────────  ───────────────────\n"
                           "Hội Nông dân huyện   hoàn thành xuất sắc\n"
                           "Tân Uyên tỉnh Lai    nhiệm vụ năm 2023\n"
                           "Châu                 theo kế hoạch\n");
    free(t);
    td_report__grid_free(&g);
    /* a key column of numbers that leaves less than a text column's least
     * width: the text is cut to what is left, the numbers kept */
    td_report__grid_init(&g, 3);
    td_report__grid_align_right(&g, 0);
    r = td_report__grid_add_row(&g);
    td_report__grid_set(&g, r, 0, "n");
    td_report__grid_set(&g, r, 1, "text");
    td_report__grid_set(&g, r, 2, "more");
    r = td_report__grid_add_row(&g);
    td_report__grid_set(&g, r, 0, "123456789012345678901234567890123");
    td_report__grid_set(&g, r, 1, "một hai ba bốn năm sáu bảy tám chín mười");
    td_report__grid_set(&g, r, 2, "mười một mười hai");
    t = fit(&g, 40, 1);
    assert_true(widest_line(t) <= 40);
    assert_non_null(strstr(t, "123456789012345678901234567890123  "));
    assert_int_equal(count_of(t, "123456789012345678901234567890123"), 2); /* two blocks */
    free(t);
    td_report__grid_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_init_and_format_names),
        cmocka_unit_test(explain_finds_a_member_by_id_or_by_its_one_name),
        cmocka_unit_test(render_checks_its_arguments),
        cmocka_unit_test(table_lines_up_vietnamese_names),
        cmocka_unit_test(table_lines_up_wide_and_decomposed_letters),
        cmocka_unit_test(table_in_english_shows_award_statuses),
        cmocka_unit_test(markdown_tables_have_whole_rows_and_escaped_text),
        cmocka_unit_test(explain_gives_every_explanation_of_one_member),
        cmocka_unit_test(explain_finds_a_unit_typed_in_another_normal_form),
        cmocka_unit_test(table_fits_the_width_asked_for),
        cmocka_unit_test(table_at_a_width_keeps_every_number),
        cmocka_unit_test(table_width_is_checked),
        cmocka_unit_test(wrap_pieces_break_at_spaces_and_marks),
        cmocka_unit_test(grids_fit_in_odd_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
