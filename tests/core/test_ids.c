/*
 * What an id may contain, checked where the C API takes one (members,
 * sections, criteria, measures, adjustments, classification entries,
 * awards, history): no control, bidirectional-control or invisible
 * character; what a display name may contain (no control characters but
 * tab and line breaks); and how messages show what a terminal would not:
 * td_quote, td_escape and every td_error message.
 */
#include <stdio.h>

#include "td_test.h"
#include "util.h" /* td_quote, td_escape, td_char_hidden */

/* Ids refused, each with what the message must say. */
static const struct {
    const char *id, *part;
} refused[] = {
    {"u\x1b[31m", "'u\\x1b[31m' contains U+001B, a control character (byte 2)"},
    {"u\x7f", "'u\\x7f' contains U+007F, a control character (byte 2)"},
    {"tab\there", "'tab\\there' contains U+0009, a control character (byte 4)"},
    {"u\xc2\x9b" "31m", "'u\\u{9b}31m' contains U+009B, a control character (byte 2)"},
    {"u\xc2\x85", "contains U+0085, a control character"},
    {"exe\xe2\x80\xae" "fdp.txt", "'exe\\u{202e}fdp.txt' contains U+202E, a bidirectional control (byte 4)"},
    {"a\xe2\x80\x8e", "contains U+200E, a bidirectional control"},
    {"a\xe2\x80\x8f", "contains U+200F, a bidirectional control"},
    {"a\xe2\x80\xaa", "contains U+202A, a bidirectional control"},
    {"a\xe2\x81\xa6", "contains U+2066, a bidirectional control"},
    {"a\xe2\x81\xa9", "contains U+2069, a bidirectional control"},
    {"a\xd8\x9c", "contains U+061C, a bidirectional control"},
    {"u\xe2\x80\x8b" "1", "'u\\u{200b}1' contains U+200B, an invisible (zero-width or default-ignorable) character"},
    {"u\xe2\x80\x8c", "contains U+200C, an invisible"},
    {"u\xe2\x80\x8d", "contains U+200D, an invisible"},
    {"u\xe2\x81\xa0", "contains U+2060, an invisible"},
    {"u\xe2\x81\xa4", "contains U+2064, an invisible"},
    {"u\xef\xbb\xbf", "contains U+FEFF, an invisible"},
    {"so\xc2\xad" "ft", "contains U+00AD, an invisible"},
    {"u\xe1\xa0\x8e", "contains U+180E, an invisible"},
    {"u\xcd\x8f", "contains U+034F, an invisible"},
    {"u\xef\xb8\x8f", "contains U+FE0F, an invisible"},
    {"u\xf3\xa0\x80\x81", "contains U+E0001, an invisible"},
    {"u\xe3\x85\xa4", "contains U+3164, an invisible"},
    {"a\xe2\x80\xa8" "b", "contains U+2028, a line or paragraph separator"},
};

/* Ids kept: letters of any script, spaces, punctuation, emoji. */
static const char *const kept[] = {
    "tan-uyen", "Đội-1", "a b", "x:y", "\xe4\xb8\xad\xe6\x96\x87", "\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a",
    "emoji \xf0\x9f\x8c\xbe", "ta\xcc\x82n", "1",
};

static void member_ids(void **state)
{
    (void)state;
    td_error err;
    td_cluster *c = NULL;
    assert_ok(td_cluster_new(&c, "cum", 2024, NULL, &err), err);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_error(td_cluster_add_member(c, refused[i].id, NULL, &err), TD_EINVAL, err, refused[i].part);
        assert_non_null(strstr(err.message, "unit id '"));
        assert_non_null(strstr(err.message, TD_ID_RULE));
        /* the message itself holds nothing a terminal would act on */
        for (const unsigned char *p = (const unsigned char *)err.message; *p; p++)
            assert_true(*p >= 0x20 && *p != 0x7f);
    }
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        assert_ok(td_cluster_add_member(c, kept[i], NULL, &err), err);
    assert_error(td_cluster_new(&(td_cluster *){NULL}, "c\xe2\x80\xae", 2024, NULL, &err), TD_EINVAL, err,
                 "cluster id 'c\\u{202e}' contains U+202E");
    assert_error(td_cluster_add_history(c, "tan-uyen", 2023, "xuat\xe2\x80\x8bsac", &err), TD_EINVAL, err,
                 "contains U+200B");
    assert_error(td_cluster_add_event(c, "tan-uyen", "late\x1b", 1, &err), TD_EINVAL, err,
                 "adjustment item 'late\\x1b' contains U+001B");
    td_cluster_free(c);
}

static void rulebook_ids(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_error(td_rulebook_builder_new(&b, "rb\xe2\x80\x8b", NULL, &err), TD_EINVAL, err,
                 "rulebook id 'rb\\u{200b}' contains U+200B");
    assert_ok(td_rulebook_builder_new(&b, "rb", NULL, &err), err);
    assert_error(td_rulebook_builder_add_section(b, "A\xe2\x80\xae", NULL, NULL, &err), TD_EINVAL, err,
                 "section id 'A\\u{202e}' contains U+202E, a bidirectional control (byte 2)");
    assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err), err);
    assert_error(td_rulebook_builder_add_criterion(b, "A", "c\x1b[8m", NULL, D("10"), &err), TD_EINVAL, err,
                 "criterion id 'c\\x1b[8m' contains U+001B");
    assert_error(td_rulebook_builder_add_adjustment(b, "late\xef\xbb\xbf", NULL, TD_ADJUSTMENT_DEDUCTION,
                                                    D("1"),
                                                    NULL, &err),
                 TD_EINVAL, err, "adjustment id 'late\\u{feff}' contains U+FEFF");
    assert_error(td_rulebook_builder_add_classification(b, "good\xc2\xad", NULL, NULL, &err), TD_EINVAL, err,
                 "classification id 'good\\u{ad}' contains U+00AD");
    assert_error(td_rulebook_builder_add_award(b, "flag\xe2\x81\xa6", NULL, NULL, &err), TD_EINVAL, err,
                 "award id 'flag\\u{2066}' contains U+2066");
    /* names keep Unicode, tabs and line breaks, but no other control */
    assert_ok(td_rulebook_builder_add_criterion(b, "A", "c1", "Tiêu chí\tmột\r\nhai", D("10"), &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "A", "c2", "\xe2\x80\x8f\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a",
                                                D("10"), &err),
              err);
    assert_error(td_rulebook_builder_add_criterion(b, "A", "c3", "đỏ \x1b[31m", D("10"), &err), TD_EINVAL,
                 err,
                 "criterion name 'đỏ \\x1b[31m' contains U+001B, a control character (byte 7)");
    assert_error(td_rulebook_builder_add_criterion(b, "A", "c4", "C1 \xc2\x9b", D("10"), &err), TD_EINVAL,
                 err,
                 "contains U+009B, a control character");
    td_rulebook_builder_free(b);
}

static void member_names(void **state)
{
    (void)state;
    td_error err;
    td_cluster *c = NULL;
    assert_ok(td_cluster_new(&c, "cum", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(c, "u1", "HND huyện\tTân Uyên\n", &err), err);
    assert_error(td_cluster_add_member(c, "u2", "bell\a", &err), TD_EINVAL, err,
                 "member name 'bell\\x07' contains U+0007");
    assert_error(td_cluster_set_name(c, "Cụm \x1b]0;x\x07", &err), TD_EINVAL, err,
                 "cluster name 'Cụm \\x1b]0;x\\x07' contains U+001B");
    assert_ok(td_cluster_set_name(c, "Cụm \xe2\x80\x8b số 2", &err), err);
    td_cluster_free(c);
}

static void quote_escapes_and_shortens(void **state)
{
    (void)state;
    char q[64];
    td_quote(q, sizeof q, "Tân Uyên");
    assert_string_equal(q, "'Tân Uyên'");
    td_quote(q, sizeof q, "a\x1b[31mb\x7f\tc\nd\re");
    assert_string_equal(q, "'a\\x1b[31mb\\x7f\\tc\\nd\\re'");
    td_quote(q, sizeof q, "c1 \xc2\x9b rlo \xe2\x80\xae zw \xe2\x80\x8b");
    assert_string_equal(q, "'c1 \\u{9b} rlo \\u{202e} zw \\u{200b}'");
    td_quote(q, sizeof q, "bad \xff\xe1 utf8");
    assert_string_equal(q, "'bad \\xff\\xe1 utf8'");
    td_quote(q, sizeof q, NULL);
    assert_string_equal(q, "''");
    /* 40 bytes at most, cut before an escape that does not fit whole */
    td_quote(q, sizeof q, "0123456789012345678901234567890123456\x1b[31m");
    assert_string_equal(q, "'0123456789012345678901234567890123456...'");
    td_quote(q, sizeof q, "0123456789012345678901234567890123456789ABC");
    assert_string_equal(q, "'0123456789012345678901234567890123456789...'");
    td_quote(q, sizeof q, "01234567890123456789012345678901234567ệ");
    assert_string_equal(q, "'01234567890123456789012345678901234567...'");
}

static void escape_is_idempotent_and_reports_what_it_used(void **state)
{
    (void)state;
    char a[64], b[64];
    size_t used;
    const char *s = "x\x1b\xc2\x9b\xe2\x80\xae\xff y";
    size_t n = td_escape(a, sizeof a, s, strlen(s), &used);
    assert_string_equal(a, "x\\x1b\\u{9b}\\u{202e}\\xff y");
    assert_int_equal(n, strlen(a));
    assert_int_equal(used, strlen(s));
    td_escape(b, sizeof b, a, strlen(a), NULL);
    assert_string_equal(a, b);
    n = td_escape(a, 6, "ab\x1b", 3, &used); /* "\x1b" needs 4 bytes: not cut */
    assert_string_equal(a, "ab");
    assert_int_equal(used, 2);
    assert_null(td_char_hidden('a'));
    assert_null(td_char_hidden(0x1EC7)); /* ệ */
    assert_null(td_char_hidden(0x00A0)); /* no-break space: visible as a space */
    assert_non_null(td_char_hidden(0x9F));
    assert_non_null(td_char_hidden(0xE0FFF));
    assert_null(td_char_hidden(0xE1000));
}

static void every_message_is_escaped(void **state)
{
    (void)state;
    td_error err;
    td_error_clear(&err);
    td_error_set_at(&err, TD_EDATA, "f.yaml", 1, 2, "unit '%s' and '%s'", "u\x1b[2J", "\xe2\x80\xae" "abc");
    assert_string_equal(err.message, "unit 'u\\x1b[2J' and '\\u{202e}abc'");
    td_error_prefix(&err, TD_EDATA, "in '%s'", "\x07");
    assert_string_equal(err.message, "in '\\x07': unit 'u\\x1b[2J' and '\\u{202e}abc'");
    td_error_append(&err, " (%s)", "\x9b");
    assert_string_equal(err.message, "in '\\x07': unit 'u\\x1b[2J' and '\\u{202e}abc' (\\x9b)");
    /* Vietnamese stays as written */
    td_error_set(&err, TD_EDATA, "đơn vị '%s'", "Tân Uyên");
    assert_string_equal(err.message, "đơn vị 'Tân Uyên'");
    /* a message cut at the end of the buffer ends in whole text */
    char big[700];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    td_error_set(&err, TD_EDATA, "%s\x1b", big);
    assert_true(strlen(err.message) < sizeof err.message);
    assert_null(strchr(err.message, '\x1b'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(member_ids),
        cmocka_unit_test(rulebook_ids),
        cmocka_unit_test(member_names),
        cmocka_unit_test(quote_escapes_and_shortens),
        cmocka_unit_test(escape_is_idempotent_and_reports_what_it_used),
        cmocka_unit_test(every_message_is_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
