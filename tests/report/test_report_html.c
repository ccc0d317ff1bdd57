/*
 * The HTML page: self-contained, every text escaped, balanced elements,
 * the charts the issue asks for, and chart labels that never round a miss
 * up to 100 %.
 */
#include <stdlib.h>
#include <string.h>

#include "one_criterion.h"
#include "report_fixture.h"
#include "td_test.h"

/* Every element that is opened is closed, in order (void elements excepted). */
static void assert_balanced(const char *html)
{
    static const char *const voids[] = {"meta", "br", "hr", "rect", "line", "path", "!DOCTYPE"};
    char stack[64][16];
    size_t depth = 0;
    for (const char *p = strchr(html, '<'); p != NULL; p = strchr(p + 1, '<')) {
        bool closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strcspn(name, " >/\n");
        assert_true(n > 0 && n < 16);
        const char *end = strchr(p, '>');
        assert_non_null(end);
        bool self_closing = end[-1] == '/';
        bool is_void = false;
        for (size_t i = 0; i < sizeof voids / sizeof voids[0]; i++)
            is_void |= strlen(voids[i]) == n && strncmp(name, voids[i], n) == 0;
        if (closing) {
            assert_true(depth > 0);
            depth--;
            if (strncmp(stack[depth], name, n) != 0 || stack[depth][n] != '\0')
                fail_msg("</%.*s> closes <%s>", (int)n, name, stack[depth]);
        } else if (!is_void && !self_closing) {
            assert_true(depth < 64);
            memcpy(stack[depth], name, n);
            stack[depth][n] = '\0';
            depth++;
        }
        /* a style element holds CSS, not markup */
        if (!closing && n == 5 && strncmp(name, "style", 5) == 0)
            p = strstr(p, "</style>") - 1;
    }
    assert_int_equal(depth, 0);
}

static void page_is_self_contained_and_balanced(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    char *h = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_VI, NULL, NULL);
    assert_true(strncmp(h, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">", 60) == 0);
    assert_balanced(h);
    /* nothing is fetched: no scripts, links, sources, imports or URLs except the SVG namespace */
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<link"));
    assert_null(strstr(h, "src="));
    assert_null(strstr(h, "href="));
    assert_null(strstr(h, "url("));
    assert_null(strstr(h, "@import"));
    assert_int_equal(count_of(h, "http"), count_of(h, "xmlns=\"http://www.w3.org/2000/svg\""));
    /* the ranking, each member's criteria, the award decisions with explanations, the leader */
    assert_non_null(strstr(h, "<h2>Xếp hạng</h2>"));
    assert_int_equal(count_of(h, "<details open>"), 4);
    assert_non_null(strstr(h, "<td class=\"st st-over_quota\">hết chỉ tiêu</td><td class=\"x\">đủ điều kiện"));
    assert_non_null(strstr(h, "<h2>Cụm trưởng năm sau</h2>\n<p><strong>HND huyện Tam Đường</strong>"));
    assert_non_null(strstr(h, "<td class=\"n\">96,66</td>"));
    /* attainment exact, with the same number of decimals in the column */
    assert_non_null(strstr(h, "<td class=\"n unmet\">98,8372</td>"));
    assert_non_null(strstr(h, "<td class=\"n met\">104,0000</td>"));
    td_free(h);

    h = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(h, "<html lang=\"en\">"));
    assert_non_null(strstr(h, "<h2>Ranking</h2>"));
    td_free(h);
    td_result_free(res);
}

static void page_has_a_totals_chart_and_one_attainment_chart_per_criterion(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    char *h = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_VI, NULL, NULL);
    size_t with_attainment = 0;
    for (size_t c = 0; c < td_result_criterion_count(res); c++) {
        bool has = false;
        for (size_t m = 0; m < td_result_member_count(res); m++)
            has |= td_result_met(res, m, c) >= 0;
        with_attainment += has;
    }
    assert_int_equal(with_attainment, 7); /* the manual and the best-of-actual criteria have none */
    assert_int_equal(count_of(h, "<svg "), 1 + with_attainment);
    assert_int_equal(count_of(h, "<figure class=\"chart\""), with_attainment);
    /* totals chart: one bar per member, labelled with the exact total, coloured by classification */
    const char *totals = strstr(h, "<title>Tổng điểm theo đơn vị</title>");
    assert_non_null(totals);
    const char *end = strstr(totals, "</svg>");
    size_t bars = 0;
    for (const char *p = strstr(totals, "<rect"); p != NULL && p < end; p = strstr(p + 1, "<rect"))
        bars += strstr(p, "height=\"18\"") != NULL && strstr(p, "height=\"18\"") < strchr(p, '>');
    assert_int_equal(bars, 4);
    assert_non_null(strstr(totals, ">69,71</text>"));
    assert_non_null(strstr(totals, "fill=\"#f9a825\"")); /* the third classification: Tam Đường */
    /* attainment: met bars green, missed orange; the 100 % line dashed */
    assert_non_null(strstr(h, "<title>Số hộ đạt danh hiệu</title>"));
    assert_non_null(strstr(h, "fill=\"#ef6c00\""));
    assert_non_null(strstr(h, "stroke-dasharray=\"4 3\""));
    assert_non_null(strstr(h, ">98,83 %</text>")); /* 98,8372 %: cut, not rounded */
    td_free(h);
    td_result_free(res);
}

static void chart_labels_never_round_a_miss_up_to_100(void **state)
{
    (void)state;
    td_rulebook_builder *b = one_criterion("10");
    td_error e;
    assert_ok(tr_rule_threshold(b, "c", D("1"), &e), e);
    const char *targets[] = {"1000000", "100"};
    const char *actuals[] = {"999996", "250"};
    td_result *res = NULL;
    assert_ok(one_run(b, 2, targets, actuals, &res, &e), e);
    char *h = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(h, ">99.99 %</text>"));
    assert_null(strstr(h, ">100.00 %</text>"));
    assert_non_null(strstr(h, "<td class=\"n unmet\">99.9996</td>"));
    /* 250 % is beyond the 200 % axis: the bar is cut and marked, the label exact */
    assert_non_null(strstr(h, ">250.00 %</text>"));
    assert_non_null(strstr(h, "stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/>"));
    td_free(h);
    td_result_free(res);
}

/* Two members named `a` and `b`, one proportional criterion. */
static td_result *two_named(const char *a, const char *b_name)
{
    td_rulebook_builder *b = one_criterion("10");
    td_error e;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    assert_ok(tr_rule_proportional(b, "c", D("1"), &e), e);
    assert_ok(td_rulebook_builder_build(&rb, b, &e), e);
    td_rulebook_builder_free(b);
    assert_ok(td_cluster_new(&cl, "k", 2024, NULL, &e), e);
    assert_ok(td_cluster_add_member(cl, "a", a, &e), e);
    assert_ok(td_cluster_add_member(cl, "b", b_name, &e), e);
    const char *units[] = {"a", "b"};
    for (size_t m = 0; m < 2; m++) {
        assert_ok(td_cluster_set_target(cl, units[m], "c", D("100"), &e), e);
        assert_ok(td_cluster_set_actual(cl, units[m], "c", D(m == 0 ? "90" : "80"), &e), e);
    }
    assert_ok(td_evaluate(&res, rb, cl, NULL, &e), e);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return res;
}

/* A long name is cut to whole characters that fit 33 columns, then "…";
 * a very long one costs no more than reading it. */
static void chart_labels_cut_long_names(void **state)
{
    (void)state;
    size_t huge_len = 60000;
    char *huge = malloc(huge_len * 2 + 1);
    assert_non_null(huge);
    for (size_t i = 0; i < huge_len; i++)
        memcpy(huge + 2 * i, "\xc4\x90", 2); /* Đ */
    huge[huge_len * 2] = '\0';
    td_result *res = two_named("Hội Nông dân thành phố Lai Châu, nhiệm kỳ 2023–2028", huge);
    free(huge);
    char *h = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_VI, NULL, NULL);
    /* once in the totals chart, once in the criterion's chart; the space before the cut is dropped */
    assert_int_equal(count_of(h, ">Hội Nông dân thành phố Lai Châu,…</text>"), 2);
    assert_int_equal(count_of(h, ">ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ…</text>"), 2);
    td_free(h);
    td_result_free(res);
}

static void page_escapes_every_text(void **state)
{
    (void)state;
    td_result *res = nasty_result();
    char *h = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_VI, NULL, NULL);
    assert_balanced(h);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<B>"));
    assert_null(strstr(h, "<tổ>"));
    assert_non_null(strstr(h, "<h1>&lt;script&gt;alert(&#39;x &amp; y&#39;)&lt;/script&gt; | *bold* _it_</h1>"));
    assert_non_null(strstr(h, "Cụm &quot;A&quot; &amp; &lt;B&gt;"));
    assert_non_null(strstr(h, "x&lt;&amp;&quot;&#39;&gt;"));
    assert_non_null(strstr(h, "Đơn vị &quot;Q&quot;, &lt;tổ&gt; &#39;một&#39;"));
    /* control characters become spaces, names are NFC */
    assert_non_null(strstr(h, "Tiêu chí có tab  và xuống dòng"));
    assert_null(strchr(h, '\t'));
    assert_null(strstr(h, "\xcc\x82"));
    /* a classification-less, award-less, leader-less result has no such sections */
    assert_null(strstr(h, "<h2>Khen thưởng</h2>"));
    assert_null(strstr(h, "<h2>Cụm trưởng năm sau</h2>"));
    assert_null(strstr(h, "class=\"badge\""));
    td_free(h);
    td_result_free(res);
}


static void report_block_makes_a_council_document(void **state)
{
    (void)state;
    td_result *res = lai_chau_document_result();
    assert_string_equal(td_result_report_field(res, TD_REPORT_FIELD_PLACE), "Tân Uyên");
    assert_int_equal(td_result_report_signer_count(res), 2);
    assert_string_equal(td_result_report_signer(res, 1, TD_SIGNER_FIELD_NAME), "Trần Thị B & C");
    assert_null(td_result_report_signer(res, 2, TD_SIGNER_FIELD_NAME));
    char *h = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_VI, NULL, NULL);
    assert_balanced(h);
    const char *head = strstr(h, "<header class=\"doc\">");
    assert_non_null(head);
    /* the issuing body left, one paragraph per line; the national heading right; the date line in italics */
    assert_non_null(strstr(head, "<div class=\"org\"><p>HỘI NÔNG DÂN TỈNH LAI CHÂU</p><p>CỤM THI ĐUA SỐ 2</p><hr></div>"));
    assert_non_null(strstr(head, "<p class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>"
                                 "<p class=\"motto\">Độc lập - Tự do - Hạnh phúc</p><hr>"
                                 "<p class=\"dateline\">Tân Uyên, ngày 06 tháng 12 năm 2023</p>"));
    assert_non_null(strstr(h, ".dateline{font-style:italic}"));
    /* the block's title replaces the rulebook's name, escaped */
    assert_non_null(strstr(h, "<h1 class=\"doc\">Kết quả chấm điểm &lt;thi đua&gt; năm 2023</h1>"));
    assert_non_null(strstr(h, "<title>Kết quả chấm điểm &lt;thi đua&gt; năm 2023 — "));
    /* signature blocks at the end, left to right; an empty role is left out */
    const char *sig = strstr(h, "<section class=\"signers\">");
    assert_non_null(sig);
    assert_true(sig > strstr(h, "<details"));
    assert_non_null(strstr(sig, "<div class=\"signer\"><p>TM. CỤM THI ĐUA</p><p>CỤM TRƯỞNG</p><div class=\"sign\"></div>"
                                "<p>Nguyễn Văn A</p></div>\n<div class=\"signer\"><p>THƯ KÝ</p><div class=\"sign\"></div>"
                                "<p>Trần Thị B &amp; C</p></div>"));
    td_free(h);
    h = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_EN, NULL, NULL);
    assert_non_null(strstr(h, "<p class=\"nation\">SOCIALIST REPUBLIC OF VIET NAM</p>"
                              "<p class=\"motto\">Independence - Freedom - Happiness</p>"));
    assert_non_null(strstr(h, "<p class=\"dateline\">Tân Uyên, dated 06 December 2023</p>"));
    td_free(h);
    td_result_free(res);
}

static void page_without_a_report_block_has_no_administrative_blocks_but_prints_on_a4(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    assert_null(td_result_report_field(res, TD_REPORT_FIELD_ORGANISATION));
    assert_int_equal(td_result_report_signer_count(res), 0);
    char *h = render(res, TD_REPORT_FORMAT_HTML, TD_LANG_VI, NULL, NULL);
    assert_null(strstr(h, "<header"));
    assert_null(strstr(h, "<section class=\"signers\">"));
    assert_null(strstr(h, "CỘNG HÒA"));
    assert_non_null(strstr(h, "<h1>Bảng chấm điểm thi đua Cụm số 2</h1>"));
    /* the print style sheet: A4 landscape, headings kept with what follows, rows whole, headers repeated */
    assert_non_null(strstr(h, "@page{size:A4 landscape;"));
    assert_non_null(strstr(h, "h1,h2,h3,summary{break-after:avoid}"));
    assert_non_null(strstr(h, "tr,figure,svg,header.doc,.signers,ul.ex li{break-inside:avoid}"));
    assert_non_null(strstr(h, "thead{display:table-header-group}"));
    td_free(h);
    td_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_is_self_contained_and_balanced),
        cmocka_unit_test(page_has_a_totals_chart_and_one_attainment_chart_per_criterion),
        cmocka_unit_test(chart_labels_never_round_a_miss_up_to_100),
        cmocka_unit_test(chart_labels_cut_long_names),
        cmocka_unit_test(page_escapes_every_text),
        cmocka_unit_test(report_block_makes_a_council_document),
        cmocka_unit_test(page_without_a_report_block_has_no_administrative_blocks_but_prints_on_a4),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
