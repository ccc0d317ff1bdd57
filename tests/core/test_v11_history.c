/*
 * Rulebook 1.1, section 7 (history): history(), consecutive() and since()
 * over a list of ids, any of which counts a period; titles decided by
 * other bodies; a history id that no award, classification entry or title
 * knows is refused once titles are declared.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit.h"
#include "td_test.h"

#define OK(call) assert_ok((call), k.err)

/* Titles "cstdcs" (grassroots Emulation Fighter) and "bk_tinh" (a
 * provincial Certificate of Merit), classification "xs", award "ldtt". */
static void kit_titles(kit *k)
{
    kit_init(k, 2025);
    assert_ok(td_rulebook_builder_add_title(k->b, "cstdcs", "Chiến sĩ thi đua cơ sở", &k->err), k->err);
    assert_ok(td_rulebook_builder_add_title(k->b, "bk_tinh", NULL, &k->err), k->err);
    kit_class(k, "xs", "90", NULL);
    kit_class(k, "other", NULL, NULL);
    kit_award(k, "ldtt", "total >= 50");
}

static td_decimal value_of(kit *k, const char *text, const char *unit)
{
    td_expr *x = NULL;
    td_value v;
    assert_ok(td_expr_compile(&x, k->rb, text, NULL, &k->err), k->err);
    assert_ok(td_expr_eval(&v, x, k->res, kit_index(k, unit), NULL, 0, &k->err), k->err);
    td_expr_free(x);
    return v.number;
}

static void lists_count_a_period_once_whichever_id_it_has(void **state)
{
    (void)state;
    kit k;
    kit_titles(&k);
    kit_member(&k, "a", "95");
    kit_member(&k, "b", "60");
    /* a: 2024 both titles, 2023 cstdcs, 2022 none, 2021 xs */
    kit_history(&k, "a", 2024, "cstdcs");
    kit_history(&k, "a", 2024, "bk_tinh");
    kit_history(&k, "a", 2023, "xs");
    kit_history(&k, "a", 2021, "xs");
    /* b: only 2020 */
    kit_history(&k, "b", 2020, "ldtt");
    kit_run_ok(&k);
    assert_decimal(value_of(&k, "history(['cstdcs', 'xs'], 5)", "a"), "3"); /* 2024, 2023, 2021 */
    assert_decimal(value_of(&k, "history(['cstdcs', 'bk_tinh'], 5)", "a"), "1"); /* 2024 counted once */
    assert_decimal(value_of(&k, "history([cstdcs, bk_tinh, xs], 2)", "a"), "2");
    assert_decimal(value_of(&k, "consecutive(['cstdcs', 'xs'])", "a"), "2");
    assert_decimal(value_of(&k, "consecutive(['bk_tinh'])", "a"), "1");
    assert_decimal(value_of(&k, "consecutive('xs')", "a"), "0");
    /* since: 1 is the previous period; the default when there is none */
    assert_decimal(value_of(&k, "since('xs', 99)", "a"), "2");
    assert_decimal(value_of(&k, "since(['xs', 'bk_tinh'], 99)", "a"), "1");
    assert_decimal(value_of(&k, "since('ldtt', 99)", "b"), "5");
    assert_decimal(value_of(&k, "since('cstdcs', -1)", "b"), "-1");
    assert_decimal(value_of(&k, "since(['cstdcs'], 3 * 2)", "b"), "6");
    /* the canonical form keeps the list */
    td_expr *x = NULL;
    OK(td_expr_compile(&x, k.rb, "since([cstdcs, 'xs'], 0) >= 1", NULL, &k.err));
    assert_string_equal(td_expr_canonical(x), "(since(['cstdcs', 'xs'], 0) >= 1)");
    td_expr_free(x);
    kit_free(&k);
}

static void conditions_over_titles_decide_awards(void **state)
{
    (void)state;
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        kit k;
        kit_titles(&k);
        /* a provincial Emulation Fighter after 3 consecutive grassroots ones,
         * no Certificate of Merit in the last 2 periods */
        kit_award(&k, "cstd_tinh", "consecutive(['cstdcs']) >= 3 and since('bk_tinh', 99) > 2");
        kit_member(&k, "a", "95");
        kit_member(&k, "b", "95");
        for (int p = 2022; p <= 2024; p++) {
            kit_history(&k, "a", p, "cstdcs");
            kit_history(&k, "b", p, "cstdcs");
        }
        kit_history(&k, "b", 2024, "bk_tinh");
        OK(td_rulebook_builder_build(&k.rb, k.b, &k.err));
        td_eval_options opts;
        OK(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION));
        opts.formulas = true; /* the texts below are formulas */
        opts.explain = modes[i];
        OK(td_evaluate(&k.res, k.rb, k.c, &opts, &k.err));
        assert_int_equal(kit_status(&k, "a", "cstd_tinh"), TD_AWARD_SELECTED);
        assert_int_equal(kit_status(&k, "b", "cstd_tinh"), TD_AWARD_NOT_ELIGIBLE);
        if (modes[i] == TD_EXPLAIN_ALL)
            assert_contains(kit_explain(&k, "b", "cstd_tinh", TD_LANG_EN), "since('bk_tinh', 99) = 1 <= 2");
        kit_free(&k);
    }
}

static void with_titles_an_unknown_history_id_is_refused(void **state)
{
    (void)state;
    kit k;
    kit_titles(&k);
    kit_member(&k, "a", "95");
    kit_history(&k, "a", 2024, "cstdsc");
    assert_error(kit_run(&k), TD_EDATA, k.err,
                 "the history of unit 'a' records 'cstdsc' in 2024, which is not an award, a classification entry or "
                 "a title of rulebook 'kit' (did you mean 'cstdcs'?)");
    kit_free(&k);
    /* version 1: without titles, kept (the file readers warn) */
    kit_init(&k, 2025);
    kit_member(&k, "a", "95");
    kit_history(&k, "a", 2024, "cstdsc");
    kit_run_ok(&k);
    assert_false(td_rulebook_knows_history_id(k.rb, "cstdsc"));
    kit_free(&k);
}

static void titles_are_checked_and_read_back(void **state)
{
    (void)state;
    kit k;
    kit_titles(&k);
    assert_error(td_rulebook_builder_add_title(k.b, "cstdcs", NULL, &k.err), TD_EEXISTS, k.err, "twice");
    assert_error(td_rulebook_builder_add_title(k.b, "", NULL, &k.err), TD_EINVAL, k.err, "title id");
    kit_member(&k, "a", "1");
    kit_run_ok(&k);
    assert_int_equal(td_rulebook_title_count(k.rb), 2);
    assert_string_equal(td_rulebook_title_id(k.rb, 0), "cstdcs");
    assert_string_equal(td_rulebook_title_name(k.rb, 0), "Chiến sĩ thi đua cơ sở");
    assert_string_equal(td_rulebook_title_name(k.rb, 1), "");
    assert_null(td_rulebook_title_id(k.rb, 2));
    assert_true(td_rulebook_knows_history_id(k.rb, "bk_tinh"));
    assert_true(td_rulebook_knows_history_id(k.rb, "ldtt"));
    assert_true(td_rulebook_knows_history_id(k.rb, "xs"));
    assert_false(td_rulebook_knows_history_id(k.rb, "score"));
    kit_free(&k);
    /* a title may not be an award's or a classification's id */
    static const char *const taken[] = {"ldtt", "xs"};
    for (size_t i = 0; i < 2; i++) {
        kit_titles(&k);
        OK(td_rulebook_builder_add_title(k.b, taken[i], NULL, &k.err));
        assert_error(td_rulebook_builder_build(&k.rb, k.b, &k.err), TD_ERULEBOOK, k.err, "has the id of");
        kit_free(&k);
    }
    /* lists and since() are checked when compiled */
    static const struct {
        const char *when, *message;
    } bad[] = {
        {"history(['cstdcs', 'nope'], 2) > 0", "unknown award, classification or title 'nope' in history()"},
        {"since('cstdcs') > 0", "since() takes 2 arguments, got 1"},
        {"since('cstdcs', 'x') > 0", "since()'s default"},
        {"consecutive([]) > 0", "takes the id of an award, classification or title first"},
        {"consecutive(['cstdcs' 'xs']) > 0", "']'"},
        {"met(['cstdcs'])", "met()"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kit_titles(&k);
        kit_award(&k, "x", bad[i].when);
        kit_member(&k, "a", "1");
        assert_error(kit_run(&k), TD_EPARSE, k.err, bad[i].message);
        kit_free(&k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists_count_a_period_once_whichever_id_it_has),
        cmocka_unit_test(conditions_over_titles_decide_awards),
        cmocka_unit_test(with_titles_an_unknown_history_id_is_refused),
        cmocka_unit_test(titles_are_checked_and_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
