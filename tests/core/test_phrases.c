/*
 * The phrase catalogue (lib/core/phrases.c): every phrase has a Vietnamese
 * and an English text, the table is indexed by phrase id, the two texts of
 * a format take the same conversions in the same order (the call passes one
 * argument list to both), and no phrase repeats another. Where phrases are
 * used is checked by tests/core/check_phrases.py.
 */
#include <stdio.h>

#include "td_test.h"
#include "phrases.h"
#include "util.h" /* td_utf8_valid */

/* The conversions of a printf format, each written out ("%zu") and
 * separated by spaces, into out; "%%" is text, not a conversion. Returns
 * false, with the reason in out, on a '%' that does not start a conversion
 * the explanations use (%s, %zu, %lld) or on anything beyond them (flags,
 * widths, precisions, positional arguments): what the call sites pass is
 * one of those three types. */
static bool conversions(const char *fmt, char *out, size_t size)
{
    static const char *const allowed[] = {"%%", "%s", "%zu", "%lld"};
    size_t len = 0;
    out[0] = '\0';
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
        size_t k = 0, n = 0;
        for (; k < sizeof allowed / sizeof allowed[0]; k++) {
            n = strlen(allowed[k]);
            if (strncmp(p, allowed[k], n) == 0)
                break;
        }
        if (k == sizeof allowed / sizeof allowed[0]) {
            snprintf(out, size, "unexpected conversion at \"%.8s\"", p);
            return false;
        }
        if (k > 0) {
            int w = snprintf(out + len, size - len, "%s%s", len == 0 ? "" : " ", allowed[k]);
            if (w < 0 || (size_t)w >= size - len) {
                snprintf(out, size, "too many conversions");
                return false;
            }
            len += (size_t)w;
        }
        p += n;
    }
    return true;
}

static void every_phrase_has_both_texts(void **state)
{
    (void)state;
    for (size_t i = 0; i < TD_PH_COUNT; i++) {
        for (int l = 0; l < 2; l++) {
            const char *t = td_phrase_table[i].text[l];
            if (t == NULL || t[0] == '\0')
                fail_msg("phrase %zu has no %s text", i, l == TD_LANG_VI ? "Vietnamese" : "English");
            if (!td_utf8_valid(t, strlen(t)))
                fail_msg("phrase %zu: \"%s\" is not UTF-8", i, t);
            assert_ptr_equal(td_phrase_text((td_phrase)i, (td_lang)l), t);
        }
    }
}

static void table_is_indexed_by_id(void **state)
{
    (void)state;
    for (size_t i = 0; i < TD_PH_COUNT; i++)
        if ((size_t)td_phrase_table[i].id != i)
            fail_msg("entry %zu of the table holds phrase %d (\"%s\"): entries must follow the enum's order",
                     i, (int)td_phrase_table[i].id, td_phrase_table[i].text[TD_LANG_EN]);
}

static void formats_take_the_same_conversions(void **state)
{
    (void)state;
    size_t formats = 0;
    for (size_t i = 0; i < TD_PH_COUNT; i++) {
        char vi[128], en[128];
        const char *const *t = td_phrase_table[i].text;
        if (!conversions(t[TD_LANG_VI], vi, sizeof vi))
            fail_msg("phrase %zu, Vietnamese \"%s\": %s", i, t[TD_LANG_VI], vi);
        if (!conversions(t[TD_LANG_EN], en, sizeof en))
            fail_msg("phrase %zu, English \"%s\": %s", i, t[TD_LANG_EN], en);
        if (strcmp(vi, en) != 0)
            fail_msg("phrase %zu: \"%s\" takes [%s] but \"%s\" takes [%s]", i, t[TD_LANG_VI], vi,
                     t[TD_LANG_EN], en);
        formats += vi[0] != '\0';
    }
    assert_true(formats > 0); /* the check saw some formats */
}

/* The check above has teeth: it tells formats apart by their conversions
 * and their order, and refuses what the call sites cannot pass. */
static void conversions_are_read_as_printf_does(void **state)
{
    (void)state;
    char out[128];
    assert_true(conversions("no conversion, 100 %% sure", out, sizeof out));
    assert_string_equal(out, "");
    assert_true(conversions(" → hạng %zu/%zu", out, sizeof out));
    assert_string_equal(out, "%zu %zu");
    assert_true(conversions("%s then %lld, %% and %zu", out, sizeof out));
    assert_string_equal(out, "%s %lld %zu");
    char other[128];
    assert_true(conversions("%lld then %s, and %zu", other, sizeof other));
    assert_string_not_equal(out, other); /* swapped arguments differ */
    assert_false(conversions("%d", out, sizeof out));
    assert_false(conversions("%5s", out, sizeof out));
    assert_false(conversions("%1$s", out, sizeof out));
    assert_false(conversions("ends with %", out, sizeof out));
    assert_false(conversions("50 % × 4", out, sizeof out)); /* a percent sign in a format is "%%" */
}

/* Two ids for the same pair of texts would be one phrase reviewed twice.
 * One language may repeat a text when the other tells them apart (English
 * says "tied at" before a rank and before a value, Vietnamese "đồng" and
 * "bằng nhau ở"; Vietnamese has no plural for "step(s)"). */
static void no_phrase_repeats_another(void **state)
{
    (void)state;
    for (size_t i = 0; i < TD_PH_COUNT; i++)
        for (size_t j = i + 1; j < TD_PH_COUNT; j++) {
            const char *const *a = td_phrase_table[i].text, *const *b = td_phrase_table[j].text;
            if (strcmp(a[TD_LANG_VI], b[TD_LANG_VI]) == 0 && strcmp(a[TD_LANG_EN], b[TD_LANG_EN]) == 0)
                fail_msg("phrases %zu and %zu are the same: \"%s\" / \"%s\"", i, j, a[TD_LANG_VI],
                         a[TD_LANG_EN]);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_phrase_has_both_texts),
        cmocka_unit_test(table_is_indexed_by_id),
        cmocka_unit_test(formats_take_the_same_conversions),
        cmocka_unit_test(conversions_are_read_as_printf_does),
        cmocka_unit_test(no_phrase_repeats_another),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
