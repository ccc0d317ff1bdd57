/*
 * Classification (first matching entry, `min` and `when`) and ranking
 * (keys ascending or descending, booleans true above false, shared ranks
 * "1224", result order by rank then unit id), with the stage rules: neither
 * a classification condition nor a ranking key may use rank or award().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"

static void set_key(kit *k, const char *expr, bool descending)
{
    assert_ok(td_rulebook_builder_add_ranking_key(k->b, expr, descending, &k->err), k->err);
}

static const char *class_of(const kit *k, const char *unit)
{
    return td_result_member_classification(k->res, kit_index(k, unit));
}

static const char *class_explain(const kit *k, const char *unit, td_lang lang)
{
    return td_result_classification_explain(k->res, kit_index(k, unit), lang);
}

static size_t rank_of(const kit *k, const char *unit)
{
    return td_result_member_rank(k->res, kit_index(k, unit));
}

/* ---- classification ---- */

static void a_failing_condition_falls_through_to_the_next_entry(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "95");
    kit_member(&k, "b", "95");
    kit_member(&k, "c", "60");
    kit_measure(&k, "a", "m", "100", "100");
    kit_measure(&k, "b", "m", "100", "90");
    kit_measure(&k, "c", "m", "100", "120");
    kit_derived(&k, "r", "m");
    kit_class(&k, "xs", "90", "attainment(r) >= 1");
    kit_class(&k, "tot", "70", NULL);
    kit_class(&k, "rest", NULL, NULL);
    kit_run_ok(&k);
    assert_string_equal(class_of(&k, "a"), "xs");
    assert_string_equal(class_of(&k, "b"), "tot");
    assert_string_equal(class_of(&k, "c"), "rest");
    /* a condition that holds shows its values too */
    assert_string_equal(class_explain(&k, "a", TD_LANG_EN), "total 95 ≥ 90, attainment(r) = 1 >= 1 → xs");
    assert_string_equal(class_explain(&k, "a", TD_LANG_VI), "tổng điểm 95 ≥ 90, attainment(r) = 1 >= 1 → xs");
    assert_string_equal(class_explain(&k, "b", TD_LANG_EN),
                        "total 95 ≥ 90 but attainment(r) = 0.9 < 1 (xs); ≥ 70 → tot");
    assert_string_equal(class_explain(&k, "b", TD_LANG_VI),
                        "tổng điểm 95 ≥ 90 nhưng attainment(r) = 0.9 < 1 (xs); ≥ 70 → tot");
    assert_string_equal(class_explain(&k, "c", TD_LANG_EN), "total 60 < 90 (xs); < 70 (tot); → rest");
    kit_free(&k);
}

static void the_first_matching_entry_wins_and_min_is_inclusive(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "95");
    kit_member(&k, "b", "70");
    kit_member(&k, "c", "69.99");
    /* listed out of order on purpose: tot comes first and catches 95 too */
    kit_class(&k, "tot", "70", NULL);
    kit_class(&k, "xs", "90", NULL);
    kit_class(&k, "rest", NULL, NULL);
    kit_run_ok(&k);
    assert_string_equal(class_of(&k, "a"), "tot");
    assert_string_equal(class_of(&k, "b"), "tot");
    assert_string_equal(class_of(&k, "c"), "rest");
    assert_string_equal(class_explain(&k, "b", TD_LANG_EN), "total 70 ≥ 70 → tot");
    kit_free(&k);
}

static void conditions_may_use_totals_points_history_and_events(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "90");
    kit_history(&k, "a", 2023, "xs");
    kit_class(&k, "xs", "80", "min_share() >= 85% and (consecutive('xs') >= 1 or points(score) >= 95)");
    kit_class(&k, "rest", NULL, NULL);
    kit_run_ok(&k);
    assert_string_equal(class_of(&k, "a"), "xs");
    assert_string_equal(class_of(&k, "b"), "rest");
    assert_string_equal(class_explain(&k, "b", TD_LANG_EN),
                        "total 90 ≥ 80 but consecutive('xs') = 0 < 1; points(score) = 90 < 95 (xs); → rest");
    kit_free(&k);
}

static void classification_stage_rules_are_rulebook_errors(void **state)
{
    (void)state;
    static const struct {
        const char *when, *part;
        unsigned column;
        td_status code; /* using what is computed later is a rulebook error */
    } cases[] = {
        {"rank == 1", "classification 'xs' when: a classification condition cannot use rank", 1, TD_ERULEBOOK},
        {"total > 1 and award('flag')", "a classification condition cannot use award", 15, TD_ERULEBOOK},
        {"classification == 'xs'", "a classification condition cannot use classification", 1, TD_ERULEBOOK},
        {"total", "a classification condition must be a condition (true or false), but this is a number", 1,
         TD_EPARSE},
        {"nosuch > 1", "unknown name 'nosuch'", 1, TD_EPARSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kit k;
        kit_init(&k, 2024);
        kit_member(&k, "a", "90");
        kit_class(&k, "xs", "80", cases[i].when);
        kit_class(&k, "rest", NULL, NULL);
        kit_award(&k, "flag", NULL);
        assert_error(kit_run(&k), cases[i].code, k.err, cases[i].part);
        if (k.err.line != 1 || k.err.column != cases[i].column)
            fail_msg("case %zu: at %u:%u, want 1:%u (%s)", i, k.err.line, k.err.column, cases[i].column,
                     k.err.message);
        assert_null(k.rb);
        kit_free(&k);
    }
}

static void classification_definition_errors(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_class(&k, "xs", "80", NULL);
    assert_error(td_rulebook_builder_set_classification_when(k.b, "nope", "true", &k.err), TD_ENOTFOUND, k.err,
                 "unknown classification 'nope'");
    assert_error(td_rulebook_builder_set_classification_when(k.b, "xs", NULL, &k.err), TD_EINVAL, k.err, "NULL");
    assert_error(td_rulebook_builder_set_classification_when(NULL, "xs", "true", &k.err), TD_EINVAL, k.err, "NULL");
    kit_class(&k, "rest", NULL, "total > 0");
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err, "the last classification entry ('rest') must have no condition");
    kit_free(&k);
}

static void a_condition_that_fails_to_evaluate_names_entry_and_unit(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_class(&k, "xs", "80", "total / (total - 90) > 1");
    kit_class(&k, "rest", NULL, NULL);
    assert_error(kit_run(&k), TD_EEVAL, k.err, "classification 'xs' of unit 'a': division by zero");
    assert_null(k.res);
    kit_free(&k);
}

static void an_entry_with_only_a_condition_may_stand_before_others(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "99");
    kit_member(&k, "b", "75");
    kit_member(&k, "c", "40");
    kit_class(&k, "special", NULL, "total >= 95");
    kit_class(&k, "tot", "70", NULL);
    kit_class(&k, "rest", NULL, NULL);
    kit_run_ok(&k);
    assert_string_equal(class_of(&k, "a"), "special");
    assert_string_equal(class_of(&k, "b"), "tot");
    assert_string_equal(class_of(&k, "c"), "rest");
    assert_string_equal(class_explain(&k, "a", TD_LANG_EN), "total 99, total = 99 >= 95 → special");
    assert_string_equal(class_explain(&k, "b", TD_LANG_EN), "total 75 but total = 75 < 95 (special); ≥ 70 → tot");
    kit_free(&k);
}

static void an_entry_that_catches_everyone_must_be_the_last(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "99");
    kit_class(&k, "all", NULL, NULL);
    kit_class(&k, "never", "50", NULL);
    kit_class(&k, "rest", NULL, NULL);
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err,
                 "classification 'all' has no min and no condition, so it catches every member and 'never' "
                 "after it can never apply");
    kit_free(&k);
}

static void classification_and_award_ids_form_one_set(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_award(&k, "xs", NULL);
    assert_error(td_rulebook_builder_add_classification(k.b, "xs", NULL, NULL, &k.err), TD_EEXISTS, k.err,
                 "classification 'xs' has the id of an award");
    kit_class(&k, "tot", NULL, NULL);
    assert_error(td_rulebook_builder_add_award(k.b, "tot", NULL, NULL, &k.err), TD_EEXISTS, k.err,
                 "award 'tot' has the id of a classification entry");
    kit_free(&k);
}

static void no_classification_gives_none(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_run_ok(&k);
    assert_null(td_result_member_classification(k.res, 0));
    assert_null(td_result_classification_explain(k.res, 0, TD_LANG_EN));
    assert_int_equal(td_rulebook_classification_count(k.rb), 0);
    kit_free(&k);
}

/* ---- ranking ---- */

static void equal_totals_share_a_rank_and_the_next_rank_skips(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "d", "70");
    kit_member(&k, "c", "80");
    kit_member(&k, "b", "80");
    kit_member(&k, "a", "90");
    kit_member(&k, "e", "70");
    kit_member(&k, "f", "10");
    kit_run_ok(&k);
    /* "1224" style: 1, 2, 2, 4, 4, 6, listed by rank then unit id */
    static const char *const order[] = {"a", "b", "c", "d", "e", "f"};
    static const size_t ranks[] = {1, 2, 2, 4, 4, 6};
    for (size_t m = 0; m < 6; m++) {
        assert_string_equal(td_result_member_unit(k.res, m), order[m]);
        assert_int_equal(td_result_member_rank(k.res, m), ranks[m]);
    }
    assert_string_equal(td_result_rank_explain(k.res, 1, TD_LANG_EN), "total 80 → rank 2/6 (shared with c)");
    assert_string_equal(td_result_rank_explain(k.res, 1, TD_LANG_VI), "tổng điểm 80 → hạng 2/6 (đồng hạng với c)");
    assert_string_equal(td_result_rank_explain(k.res, 0, TD_LANG_EN), "total 90 → rank 1/6");
    kit_free(&k);
}

/* Ranking sorts instead of comparing every pair; a large tie still shares
 * one rank, the next rank skips the whole group, and the explanation names
 * at most eight of the others. */
static void a_large_tie_shares_one_rank_and_names_eight_others(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    char unit[8];
    for (int i = 0; i < 12; i++) {
        snprintf(unit, sizeof unit, "t%02d", 11 - i); /* added in reverse id order */
        kit_member(&k, unit, "50");
    }
    kit_member(&k, "top", "60");
    kit_member(&k, "low", "40");
    kit_run_ok(&k);
    assert_int_equal(td_result_member_rank(k.res, kit_index(&k, "top")), 1);
    for (int i = 0; i < 12; i++) {
        snprintf(unit, sizeof unit, "t%02d", i);
        assert_int_equal(td_result_member_rank(k.res, kit_index(&k, unit)), 2);
    }
    assert_int_equal(td_result_member_rank(k.res, kit_index(&k, "low")), 14);
    /* tied members are named in cluster order (the order they were added) */
    assert_string_equal(td_result_rank_explain(k.res, kit_index(&k, "t00"), TD_LANG_EN),
                        "total 50 → rank 2/14 (shared with t11 t10 t09 t08 t07 t06 t05 t04 and 3 more)");
    assert_string_equal(td_result_rank_explain(k.res, kit_index(&k, "t11"), TD_LANG_VI),
                        "tổng điểm 50 → hạng 2/14 (đồng hạng với t10 t09 t08 t07 t06 t05 t04 t03 và 3 đơn vị khác)");
    kit_free(&k);
}

static void members_are_listed_by_rank_then_unit_id_in_code_point_order(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    /* U+00E9 é and U+1EA1 ạ sort after every ASCII letter; 'Z' before 'a' */
    static const char *const added[] = {"\xE1\xBA\xA1", "b", "z", "\xC3\xA9", "Z", "a"};
    for (size_t m = 0; m < 6; m++)
        kit_member(&k, added[m], "50");
    kit_run_ok(&k);
    static const char *const want[] = {"Z", "a", "b", "z", "\xC3\xA9", "\xE1\xBA\xA1"};
    for (size_t m = 0; m < 6; m++) {
        assert_string_equal(td_result_member_unit(k.res, m), want[m]);
        assert_int_equal(td_result_member_rank(k.res, m), 1);
    }
    kit_free(&k);
}

/* count_met() and all_met() of many members (the counts are taken 256
 * members at a time): member i meets criterion j when bit j of i / 3 is
 * set, so that no two blocks are alike. */
static void met_counts_of_many_members(void **state)
{
    (void)state;
    enum { N = 600, C = 3 };
    kit k;
    kit_init(&k, 2024);
    for (int j = 0; j < C; j++) {
        char id[4];
        snprintf(id, sizeof id, "c%d", j);
        assert_ok(td_rulebook_builder_add_criterion(k.b, "S", id, NULL, td_decimal_from_int(10), &k.err), k.err);
        td_rule r = TD_RULE_INIT;
        r.kind = TD_RULE_THRESHOLD;
        r.at = td_decimal_from_int(1);
        assert_ok(td_rulebook_builder_set_rule(k.b, id, &r, &k.err), k.err);
    }
    for (int i = 0; i < N; i++) {
        char unit[8];
        snprintf(unit, sizeof unit, "m%03d", i);
        kit_member(&k, unit, "50");
        for (int j = 0; j < C; j++) {
            char id[4];
            snprintf(id, sizeof id, "c%d", j);
            kit_measure(&k, unit, id, "100", (i / 3 >> j & 1) ? "100" : "99.5");
        }
    }
    kit_class(&k, "all", NULL, "all_met()");
    kit_class(&k, "two", NULL, "count_met() == 2");
    kit_class(&k, "one", NULL, "count_met() == 1");
    kit_class(&k, "none", NULL, NULL);
    kit_run_ok(&k);
    for (int i = 0; i < N; i++) {
        char unit[8];
        snprintf(unit, sizeof unit, "m%03d", i);
        int met = (i / 3 & 1) + (i / 3 >> 1 & 1) + (i / 3 >> 2 & 1);
        const char *want = met == C ? "all" : met == 2 ? "two" : met == 1 ? "one" : "none";
        if (strcmp(class_of(&k, unit), want) != 0)
            fail_msg("%s: %s, want %s", unit, class_of(&k, unit), want);
    }
    kit_free(&k);
}

/* Many members with few distinct keys, added in scrambled id order: the
 * ranking (64-bit radix sorts, or comparisons when a key does not fit in
 * 62 bits) gives each member 1 + the number of members with better keys,
 * lists them by rank then unit id, and finds each by its unit. */
typedef struct ranked {
    char unit[8];
    int total, late; /* late in quarters */
} ranked;

static int ranked_before(const ranked *a, const ranked *b)
{
    if (a->total != b->total)
        return a->total > b->total;
    return a->late < b->late;
}

static int by_rank_then_unit(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (ranked_before(a, b))
        return -1;
    if (ranked_before(b, a))
        return 1;
    return strcmp(a->unit, b->unit);
}

static void many_members_rank_by_sorted_keys_then_unit(void **state)
{
    (void)state;
    enum { N = 700 };
    static ranked want[N];
    for (int wide = 0; wide < 2; wide++) {
        kit k;
        kit_init(&k, 2024);
        for (int i = 0; i < N; i++) {
            ranked *r = &want[i];
            snprintf(r->unit, sizeof r->unit, "m%04d", i * 389 % N); /* 389 is prime to 700 */
            r->total = i * 7 % 13 * 5;
            r->late = i % 5; /* 0 to 1 by quarters; the key is late - 0.5: scales 0 to 2, negative too */
            char total[16], late[16];
            snprintf(total, sizeof total, "%d", r->total);
            snprintf(late, sizeof late, "%d.%02d", r->late / 4, r->late % 4 * 25);
            kit_member(&k, r->unit, total);
            kit_measure(&k, r->unit, "late", "1", late);
            /* the same for all, so that it never decides; 10^25 needs more than 62 bits */
            kit_measure(&k, r->unit, "big", "1", wide ? "10000000000000000000000000" : "3");
        }
        kit_derived(&k, "late_reports", "late - 0.5");
        kit_derived(&k, "bigger", "big");
        set_key(&k, "total", true);
        set_key(&k, "actual(late_reports)", false);
        set_key(&k, "actual(bigger)", true);
        kit_run_ok(&k);
        for (int i = 0; i < N; i++) {
            size_t better = 0;
            for (int j = 0; j < N; j++)
                better += ranked_before(&want[j], &want[i]);
            assert_int_equal(rank_of(&k, want[i].unit), better + 1);
        }
        static ranked sorted[N];
        memcpy(sorted, want, sizeof sorted);
        qsort(sorted, N, sizeof sorted[0], by_rank_then_unit);
        for (size_t m = 0; m < N; m++) {
            assert_string_equal(td_result_member_unit(k.res, m), sorted[m].unit);
            size_t found = N;
            assert_ok(td_result_find_member(&found, k.res, sorted[m].unit, &k.err), k.err);
            assert_int_equal(found, m);
        }
        kit_free(&k);
    }
}

static void ranking_keys_break_ties_in_order_and_asc_prefers_lower(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "80");
    kit_member(&k, "b", "80");
    kit_member(&k, "c", "80");
    kit_member(&k, "d", "90");
    kit_measure(&k, "a", "late", "0", "3");
    kit_measure(&k, "b", "late", "0", "1");
    kit_measure(&k, "c", "late", "0", "1");
    kit_measure(&k, "d", "late", "0", "9");
    kit_derived(&k, "late_reports", "late");
    set_key(&k, "total", true);
    set_key(&k, "actual(late_reports)", false);
    kit_run_ok(&k);
    assert_int_equal(rank_of(&k, "d"), 1);
    assert_int_equal(rank_of(&k, "b"), 2);
    assert_int_equal(rank_of(&k, "c"), 2);
    assert_int_equal(rank_of(&k, "a"), 4);
    assert_string_equal(td_result_rank_explain(k.res, kit_index(&k, "b"), TD_LANG_EN),
                        "total = 80, actual(late_reports) = 1 (asc) → rank 2/4 (shared with c)");
    assert_string_equal(td_result_rank_explain(k.res, kit_index(&k, "a"), TD_LANG_VI),
                        "total = 80, actual(late_reports) = 3 (asc) → hạng 4/4");
    kit_free(&k);
}

static void boolean_keys_put_true_above_false(void **state)
{
    (void)state;
    for (int descending = 0; descending < 2; descending++) {
        kit k;
        kit_init(&k, 2024);
        kit_member(&k, "a", "50");
        kit_member(&k, "b", "50");
        kit_member(&k, "c", "90");
        assert_ok(td_cluster_set_leader(k.c, "b", &k.err), k.err);
        set_key(&k, "is_leader", descending);
        set_key(&k, "total", true);
        kit_run_ok(&k);
        if (descending) {
            assert_int_equal(rank_of(&k, "b"), 1);
            assert_int_equal(rank_of(&k, "c"), 2);
            assert_int_equal(rank_of(&k, "a"), 3);
            assert_string_equal(td_result_rank_explain(k.res, kit_index(&k, "b"), TD_LANG_EN),
                                "is_leader = true, total = 50 → rank 1/3");
        } else {
            assert_int_equal(rank_of(&k, "c"), 1);
            assert_int_equal(rank_of(&k, "a"), 2);
            assert_int_equal(rank_of(&k, "b"), 3);
            assert_string_equal(td_result_rank_explain(k.res, kit_index(&k, "a"), TD_LANG_EN),
                                "is_leader = false (asc), total = 50 → rank 2/3");
        }
        kit_free(&k);
    }
}

static void ranking_keys_may_use_classification_but_not_rank_or_award(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "95");
    kit_member(&k, "b", "85");
    kit_member(&k, "c", "80");
    kit_measure(&k, "a", "m", "1", "0.5");
    kit_measure(&k, "b", "m", "1", "1");
    kit_measure(&k, "c", "m", "1", "1");
    kit_derived(&k, "r", "m");
    kit_class(&k, "xs", "80", "attainment(r) >= 1");
    kit_class(&k, "rest", NULL, NULL);
    set_key(&k, "classification == 'xs'", true);
    set_key(&k, "total", true);
    kit_run_ok(&k);
    assert_int_equal(rank_of(&k, "b"), 1);
    assert_int_equal(rank_of(&k, "c"), 2);
    assert_int_equal(rank_of(&k, "a"), 3);
    kit_free(&k);

    static const struct {
        const char *key, *part;
        unsigned column;
        td_status code;
    } cases[] = {
        {"rank", "ranking key 'rank': a ranking key cannot use rank", 1, TD_ERULEBOOK},
        {"total + (if(award('flag'), 1, 0))", "a ranking key cannot use award", 13, TD_ERULEBOOK},
        {"classification", "a ranking key must be a number or a boolean, but this is a text", 1, TD_EPARSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kit_init(&k, 2024);
        kit_member(&k, "a", "90");
        kit_award(&k, "flag", NULL);
        set_key(&k, cases[i].key, true);
        assert_error(kit_run(&k), cases[i].code, k.err, cases[i].part);
        if (k.err.column != cases[i].column)
            fail_msg("case %zu: column %u, want %u (%s)", i, k.err.column, cases[i].column, k.err.message);
        kit_free(&k);
    }
}

static void a_ranking_key_that_fails_to_evaluate_names_the_unit(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_member(&k, "a", "90");
    kit_member(&k, "b", "90");
    kit_measure(&k, "a", "m", "0", "1");
    kit_derived(&k, "r", "m");
    set_key(&k, "actual(r)", true);
    assert_error(kit_run(&k), TD_EEVAL, k.err, "ranking key of unit 'b': unit 'b' has no actual for 'r'");
    assert_error(td_rulebook_builder_add_ranking_key(NULL, "total", true, &k.err), TD_EINVAL, k.err, "NULL");
    assert_error(td_rulebook_builder_add_ranking_key(k.b, NULL, true, &k.err), TD_EINVAL, k.err, "NULL");
    kit_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_failing_condition_falls_through_to_the_next_entry),
        cmocka_unit_test(the_first_matching_entry_wins_and_min_is_inclusive),
        cmocka_unit_test(conditions_may_use_totals_points_history_and_events),
        cmocka_unit_test(classification_stage_rules_are_rulebook_errors),
        cmocka_unit_test(classification_definition_errors),
        cmocka_unit_test(a_condition_that_fails_to_evaluate_names_entry_and_unit),
        cmocka_unit_test(an_entry_with_only_a_condition_may_stand_before_others),
        cmocka_unit_test(an_entry_that_catches_everyone_must_be_the_last),
        cmocka_unit_test(classification_and_award_ids_form_one_set),
        cmocka_unit_test(no_classification_gives_none),
        cmocka_unit_test(equal_totals_share_a_rank_and_the_next_rank_skips),
        cmocka_unit_test(members_are_listed_by_rank_then_unit_id_in_code_point_order),
        cmocka_unit_test(many_members_rank_by_sorted_keys_then_unit),
        cmocka_unit_test(met_counts_of_many_members),
        cmocka_unit_test(ranking_keys_break_ties_in_order_and_asc_prefers_lower),
        cmocka_unit_test(boolean_keys_put_true_above_false),
        cmocka_unit_test(a_large_tie_shares_one_rank_and_names_eight_others),
        cmocka_unit_test(ranking_keys_may_use_classification_but_not_rank_or_award),
        cmocka_unit_test(a_ranking_key_that_fails_to_evaluate_names_the_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
