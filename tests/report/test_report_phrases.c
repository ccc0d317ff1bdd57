/*
 * The report writers' phrase catalogue (lib/report/report_phrases.c): every
 * phrase has a Vietnamese and an English text, the table is indexed by
 * phrase id, no text is a printf format and both texts of a phrase carry
 * the same percent signs, and no phrase repeats another. Where phrases are
 * used is checked by tests/report/check_report_phrases.py.
 */
#include <stdio.h>

#include "td_test.h"
#include "report_internal.h" /* report_phrases.h, td_report__status_label */
#include "util.h"            /* td_utf8_valid */

/* The printf conversions `text` would hold if it were used as a format,
 * written out and separated by spaces ("%s %zu"), into out; "" for none.
 * A '%' starts a conversion unless what follows it cannot continue one
 * (a closing parenthesis, a letter printf does not know, the end), as in
 * "Tỷ lệ (%)": that '%' is a percent sign. "%%" counts as a conversion
 * here, since as plain text it shows two signs and as a format one. */
static void conversions(const char *text, char *out, size_t size)
{
    static const char spec[] = "-+ #0123456789.*hlLqjzt"; /* flags, width, precision, length */
    static const char kinds[] = "diouxXeEfFgGaAcspnm%";
    size_t len = 0;
    out[0] = '\0';
    for (const char *p = text; (p = strchr(p, '%')) != NULL;) {
        const char *q = p + 1;
        while (*q != '\0' && strchr(spec, *q) != NULL)
            q++;
        if (*q == '\0' || strchr(kinds, *q) == NULL) { /* a percent sign */
            p++;
            continue;
        }
        int w = snprintf(out + len, size - len, "%s%.*s", len == 0 ? "" : " ", (int)(q + 1 - p), p);
        if (w > 0 && (size_t)w < size - len)
            len += (size_t)w;
        p = q + 1;
    }
}

static size_t percent_signs(const char *text)
{
    size_t n = 0;
    for (const char *p = text; (p = strchr(p, '%')) != NULL; p++)
        n++;
    return n;
}

static void every_phrase_has_both_texts(void **state)
{
    (void)state;
    for (size_t i = 0; i < TD_RP_COUNT; i++) {
        for (int l = 0; l < 2; l++) {
            const char *t = td_report__phrases[i].text[l];
            /* English writes no thousands separator ("1234.5"): the one empty text */
            bool may_be_empty = i == TD_RP_THOUSANDS_SEPARATOR && l == TD_LANG_EN;
            if (t == NULL || (t[0] == '\0' && !may_be_empty))
                fail_msg("report phrase %zu has no %s text", i, l == TD_LANG_VI ? "Vietnamese" : "English");
            if (!td_utf8_valid(t, strlen(t)))
                fail_msg("report phrase %zu: \"%s\" is not UTF-8", i, t);
            assert_ptr_equal(td_report__text((td_lang)l, (td_report_phrase)i), t);
        }
    }
}

static void table_is_indexed_by_id(void **state)
{
    (void)state;
    for (size_t i = 0; i < TD_RP_COUNT; i++)
        if ((size_t)td_report__phrases[i].id != i)
            fail_msg("entry %zu of the table holds report phrase %d (\"%s\"): entries must follow the enum's order",
                     i, (int)td_report__phrases[i].id, td_report__phrases[i].text[TD_LANG_EN]);
}

/* The writers append phrases as text or pass them to "%s": a phrase is
 * never a format, and a percent sign in it ("Attainment (%)") is a symbol
 * both languages write. */
static void texts_are_not_formats(void **state)
{
    (void)state;
    size_t signs = 0;
    for (size_t i = 0; i < TD_RP_COUNT; i++) {
        const char *const *t = td_report__phrases[i].text;
        for (int l = 0; l < 2; l++) {
            char conv[128];
            conversions(t[l], conv, sizeof conv);
            if (conv[0] != '\0')
                fail_msg("report phrase %zu: \"%s\" holds printf conversions [%s]: report phrases are plain text",
                         i, t[l], conv);
        }
        if (percent_signs(t[TD_LANG_VI]) != percent_signs(t[TD_LANG_EN]))
            fail_msg("report phrase %zu: \"%s\" and \"%s\" carry different percent signs", i, t[TD_LANG_VI],
                     t[TD_LANG_EN]);
        signs += percent_signs(t[TD_LANG_EN]);
    }
    assert_true(signs > 0); /* the check saw a percent sign ("Attainment (%)") */
}

/* The check above has teeth: it tells a percent sign from a conversion as
 * printf would read the text. */
static void conversions_are_read_as_printf_does(void **state)
{
    (void)state;
    char out[128];
    conversions("Tỷ lệ (%)", out, sizeof out);
    assert_string_equal(out, "");
    conversions("100%", out, sizeof out);
    assert_string_equal(out, "");
    conversions("Năm %lld", out, sizeof out);
    assert_string_equal(out, "%lld");
    conversions("%s then %5.2f, %-3d and %zu", out, sizeof out);
    assert_string_equal(out, "%s %5.2f %-3d %zu");
    conversions("50 %% sure", out, sizeof out);
    assert_string_equal(out, "%%");
    conversions("50 % sure", out, sizeof out); /* "% s": a space flag, then %s */
    assert_string_equal(out, "% s");
    assert_int_equal(percent_signs("Tỷ lệ (%)"), 1);
    assert_int_equal(percent_signs("a %% b %"), 3);
}

/* Two ids for the same pair of texts would be one phrase reviewed twice.
 * One language may repeat a text when the other tells them apart
 * (Vietnamese "Tiêu chí" for English "Criterion" and "Criteria"). */
static void no_phrase_repeats_another(void **state)
{
    (void)state;
    for (size_t i = 0; i < TD_RP_COUNT; i++)
        for (size_t j = i + 1; j < TD_RP_COUNT; j++) {
            const char *const *a = td_report__phrases[i].text, *const *b = td_report__phrases[j].text;
            if (strcmp(a[TD_LANG_VI], b[TD_LANG_VI]) == 0 && strcmp(a[TD_LANG_EN], b[TD_LANG_EN]) == 0)
                fail_msg("report phrases %zu and %zu are the same: \"%s\" / \"%s\"", i, j, a[TD_LANG_VI],
                         a[TD_LANG_EN]);
        }
}

/* What the writers look up by value: the HTML page's language tag and
 * the name of each award status. */
static void statuses_and_language_tags(void **state)
{
    (void)state;
    assert_string_equal(td_report__text(TD_LANG_VI, TD_RP_LANGUAGE_TAG), "vi");
    assert_string_equal(td_report__text(TD_LANG_EN, TD_RP_LANGUAGE_TAG), "en");
    static const struct {
        td_award_status status;
        const char *vi, *en;
    } names[] = {
        {TD_AWARD_NOT_ELIGIBLE, "chưa đủ điều kiện", "not eligible"},
        {TD_AWARD_SELECTED, "được chọn", "selected"},
        {TD_AWARD_EXCLUDED, "bị loại trừ", "excluded"},
        {TD_AWARD_OVER_QUOTA, "hết chỉ tiêu", "over the quota"},
        {TD_AWARD_TIE_AT_QUOTA, "đồng hạng tại ngưỡng", "tied at the quota"},
        {TD_AWARD_PENDING_BALLOT, "chờ bỏ phiếu", "pending the ballot"},
        {TD_AWARD_BALLOT_FAILED, "không đủ số phiếu", "ballot failed"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_string_equal(td_report__status_label(TD_LANG_VI, names[i].status), names[i].vi);
        assert_string_equal(td_report__status_label(TD_LANG_EN, names[i].status), names[i].en);
    }
    assert_string_equal(td_report__status_label(TD_LANG_EN, (td_award_status)7), "?");
    assert_string_equal(td_report__status_label(TD_LANG_VI, (td_award_status)-1), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_phrase_has_both_texts),
        cmocka_unit_test(table_is_indexed_by_id),
        cmocka_unit_test(texts_are_not_formats),
        cmocka_unit_test(conversions_are_read_as_printf_does),
        cmocka_unit_test(no_phrase_repeats_another),
        cmocka_unit_test(statuses_and_language_tags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
