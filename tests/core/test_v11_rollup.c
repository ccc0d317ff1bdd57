/*
 * Rulebook 1.1 sections 4 and 6 through the C API: roll-ups (children
 * scored by a child rulebook and counted into the parent's members by
 * count(), sum() and share()), units below members, and their errors.
 *
 * The case, worked by hand: households (children) scored by a manual
 * "score" out of 100 and classified xuat_sac (>= 90), kha (>= 70) or none;
 * award ldtt goes to xuat_sac households. Inputs: registered (1 or 0),
 * income. Three districts d1..d3; x1 is a commune below d1 and x2 a branch
 * below x1.
 *
 *   child  unit  score  class     registered  income
 *   h1     d1    95     xuat_sac  1           10.5
 *   h2     x1    75     kha       1           20.25
 *   h3     x2    50     none      0           -
 *   h4     d2    92     xuat_sac  1           7
 *   h5     d2    60     none      -           3
 *   h6     d3    80     kha       -           -
 *
 *   member  children  hh_registered  hh_achieved  hh_income  ldtt_share
 *   d1      3         2              2            30.75      0.333333
 *   d2      2         1              1            7          0.5
 *   d3      1         0              1            0          0
 *
 * hh_registered = count(has(registered) and actual(registered) == 1),
 * hh_achieved = count(classification != 'none'), hh_income =
 * sum(actual(income, 0), classification != 'none'), ldtt_share =
 * share(award('ldtt')). With targets 2, 2 and 1 for hh_achieved (max 10,
 * proportional capped at 1): d1 10, d2 5, d3 10.
 */
#include <stdio.h>
#include <stdlib.h>

#include "td_test.h"
#include "thidua/sys/origin.h"

typedef struct hh {
    const char *id, *unit, *score, *registered, *income;
} hh;

static const hh households[] = {
    {"h1", "d1", "95", "1", "10.5"}, {"h2", "x1", "75", "1", "20.25"}, {"h3", "x2", "50", "0", NULL},
    {"h4", "d2", "92", "1", "7"},    {"h5", "d2", "60", NULL, "3"},    {"h6", "d3", "80", NULL, NULL},
};

static td_rulebook *child_rulebook(void)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL;
    td_decimal x = D("90"), k = D("70");
    assert_ok(td_rulebook_builder_new(&b, "ho", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "H", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "H", "score", NULL, D("100"), &err), err);
    assert_ok(tr_rule_manual(b, "score", &err), err);
    assert_ok(td_rulebook_builder_add_input(b, "registered", &err), err);
    assert_ok(td_rulebook_builder_add_input(b, "income", &err), err);
    assert_ok(td_rulebook_builder_add_classification(b, "xuat_sac", NULL, &x, &err), err);
    assert_ok(td_rulebook_builder_add_classification(b, "kha", NULL, &k, &err), err);
    assert_ok(td_rulebook_builder_add_classification(b, "none", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_award(b, "ldtt", NULL, "classification == 'xuat_sac'", &err), err);
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    return rb;
}

/* The parent's builder: section A with criterion "ach" on hh_achieved and
 * roll-up "sxkd" (its measures added by the caller). */
static td_rulebook_builder *parent_builder(const td_rulebook *child)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "cum", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "A", "ach", NULL, D("10"), &err), err);
    assert_ok(td_rulebook_builder_set_measure(b, "ach", "hh_achieved", &err), err);
    assert_ok(tr_rule_proportional(b, "ach", D("1"), &err), err);
    assert_ok(td_rulebook_builder_add_rollup(b, "sxkd", child, &err), err);
    return b;
}

static td_rulebook *parent_rulebook(const td_rulebook *child)
{
    td_error err;
    td_rulebook_builder *b = parent_builder(child);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "hh_registered",
                                                     "count(has(registered) and actual(registered) == 1)", &err),
              err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "hh_achieved", "count(classification != 'none')",
                                                     &err),
              err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "hh_income",
                                                     " sum( actual(income, 0) , classification != 'none' ) ", &err),
              err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "ldtt_share", "share(award('ldtt'))", &err), err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "households", "count()", &err), err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    return rb;
}

/* The children's data: the households above, in period `period`, the
 * first `count` of them. */
static td_cluster *children_of(int64_t period, size_t count)
{
    td_error err;
    td_cluster *c = NULL;
    assert_ok(td_cluster_new(&c, "ho-2024", period, NULL, &err), err);
    for (size_t i = 0; i < count; i++) {
        const hh *h = &households[i];
        assert_ok(td_cluster_add_member(c, h->id, NULL, &err), err);
        assert_ok(td_cluster_set_member_group(c, h->id, h->unit, &err), err);
        assert_ok(td_cluster_set_score(c, TD_SCORE_SOURCE_FINAL, h->id, "score", D(h->score), &err), err);
        if (h->registered != NULL)
            assert_ok(td_cluster_set_actual(c, h->id, "registered", D(h->registered), &err), err);
        if (h->income != NULL)
            assert_ok(td_cluster_set_actual(c, h->id, "income", D(h->income), &err), err);
    }
    return c;
}

/* The districts, their units below, targets, and the children. */
static td_cluster *parent_cluster(void)
{
    td_error err;
    td_cluster *c = NULL;
    assert_ok(td_cluster_new(&c, "cum-2", 2024, NULL, &err), err);
    static const char *const targets[] = {"2", "2", "1"};
    static const char *const ids[] = {"d1", "d2", "d3"};
    for (size_t i = 0; i < 3; i++) {
        assert_ok(td_cluster_add_member(c, ids[i], NULL, &err), err);
        assert_ok(td_cluster_set_target(c, ids[i], "hh_achieved", D(targets[i]), &err), err);
    }
    /* a unit may name a parent added after it */
    assert_ok(td_cluster_add_unit(c, "x2", "Chi hội 2", "x1", &err), err);
    assert_ok(td_cluster_add_unit(c, "x1", "Xã 1", "d1", &err), err);
    td_cluster *kids = children_of(2024, 6);
    assert_ok(td_cluster_set_children(c, "sxkd", kids, &err), err);
    return c;
}

static size_t member(const td_result *res, const char *unit)
{
    size_t m;
    td_error err;
    assert_ok(td_result_find_member(&m, res, unit, &err), err);
    return m;
}

static const char *rolled(const td_result *res, size_t k, const char *unit)
{
    static char buf[TD_DECIMAL_STRING_SIZE];
    td_decimal v;
    if (!td_result_rollup_value(&v, res, 0, k, member(res, unit)))
        return "-";
    td_decimal_format(buf, sizeof buf, v);
    return buf;
}

static void assert_case(const td_result *res)
{
    static const char *const want[3][5] = {
        {"2", "2", "30.75", "0.333333", "3"},
        {"1", "1", "7", "0.5", "2"},
        {"0", "1", "0", "0", "1"},
    };
    static const char *const ids[] = {"d1", "d2", "d3"};
    assert_int_equal(td_result_rollup_count(res), 1);
    for (size_t i = 0; i < 3; i++) {
        for (size_t k = 0; k < 5; k++)
            if (strcmp(rolled(res, k, ids[i]), want[i][k]) != 0)
                fail_msg("%s of %s: got %s, want %s", td_rulebook_rollup_measure_id(td_result_rulebook(res), 0, k),
                         ids[i], rolled(res, k, ids[i]), want[i][k]);
        static const size_t children[] = {3, 2, 1};
        assert_int_equal(td_result_rollup_child_count(res, 0, member(res, ids[i])), children[i]);
    }
    assert_int_equal(td_result_member_unit_count(res, member(res, "d1")), 2);
    assert_int_equal(td_result_member_unit_count(res, member(res, "d2")), 0);
    /* the parent scored on the rolled-up actual: 2/2, 1/2, 1/1 of 10 points */
    td_decimal actual;
    assert_true(td_result_actual(&actual, res, member(res, "d2"), 0));
    assert_decimal(actual, "1");
    assert_decimal(td_result_points(res, member(res, "d1"), 0), "10");
    assert_decimal(td_result_points(res, member(res, "d2"), 0), "5");
    assert_decimal(td_result_points(res, member(res, "d3"), 0), "10");
    /* the children's own evaluation */
    const td_result *kids = td_result_rollup_children(res, 0);
    assert_non_null(kids);
    assert_int_equal(td_result_member_count(kids), 6);
    size_t h2;
    td_error err;
    assert_ok(td_result_find_member(&h2, kids, "h2", &err), err);
    assert_string_equal(td_result_member_classification(kids, h2), "kha");
    assert_string_equal(td_result_member_group(kids, h2), "x1");
    assert_null(td_result_rollup_children(res, 1));
}

static void children_are_scored_and_counted_into_their_members(void **state)
{
    (void)state;
    td_rulebook *child = child_rulebook();
    td_rulebook *rb = parent_rulebook(child);
    td_rulebook_free(child); /* the parent holds its own reference */
    td_cluster *cl = parent_cluster();
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE, TD_EXPLAIN_ON_DEMAND};
    for (size_t i = 0; i < 3; i++) {
        td_result *res = td_test_evaluate(rb, cl, modes[i], i == 0 ? 1 : 3, NULL);
        assert_case(res);
        td_result_free(res);
    }
    /* the read API of the rulebook and the cluster */
    assert_int_equal(td_rulebook_rollup_count(rb), 1);
    assert_string_equal(td_rulebook_rollup_id(rb, 0), "sxkd");
    assert_string_equal(td_rulebook_id(td_rulebook_rollup_child(rb, 0)), "ho");
    assert_int_equal(td_rulebook_rollup_measure_count(rb, 0), 5);
    assert_string_equal(td_rulebook_rollup_measure_aggregate(rb, 0, 2),
                        " sum( actual(income, 0) , classification != 'none' ) ");
    assert_null(td_rulebook_rollup_measure_id(rb, 0, 5));
    assert_null(td_rulebook_rollup_id(rb, 1));
    assert_null(td_rulebook_rollup_child(rb, 1));
    assert_int_equal(td_rulebook_rollup_measure_count(rb, 1), 0);
    size_t k;
    td_error err;
    assert_ok(td_rulebook_find_rollup(&k, rb, "sxkd", &err), err);
    assert_int_equal(k, 0);
    assert_error(td_rulebook_find_rollup(&k, rb, "sx", &err), TD_ENOTFOUND, err, "has no roll-up 'sx'");
    assert_int_equal(td_cluster_unit_count(cl), 2);
    assert_string_equal(td_cluster_unit_id(cl, 0), "x2");
    assert_string_equal(td_cluster_unit_name(cl, 1), "Xã 1");
    assert_string_equal(td_cluster_unit_parent(cl, 1), "d1");
    assert_null(td_cluster_unit_id(cl, 2));
    assert_int_equal(td_cluster_member_count(td_cluster_children(cl, "sxkd")), 6);
    assert_null(td_cluster_children(cl, "other"));
    /* a rulebook without roll-ups: no roll-up results */
    td_result *plain = td_test_evaluate(td_rulebook_rollup_child(rb, 0), td_cluster_children(cl, "sxkd"),
                                        TD_EXPLAIN_ALL, 1, NULL);
    assert_int_equal(td_result_rollup_count(plain), 0);
    assert_int_equal(td_result_member_unit_count(plain, 0), 0);
    td_result_free(plain);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* Children for their numbers only (td_eval_options version 4): the same
 * numbers and parent texts, no texts of the children; a version 3 struct
 * knows no such field and gets them on demand. */
static void children_for_their_numbers_only(void **state)
{
    (void)state;
    td_rulebook *child = child_rulebook();
    td_rulebook *rb = parent_rulebook(child);
    td_rulebook_free(child);
    td_cluster *cl = parent_cluster();
    td_error err;
    td_eval_options opts;
    assert_ok(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION), err);
    assert_false(opts.children_numbers_only);
    td_result *full = NULL, *lean = NULL, *v3 = NULL;
    assert_ok(td_evaluate(&full, rb, cl, &opts, &err), err);
    opts.children_numbers_only = true;
    assert_ok(td_evaluate(&lean, rb, cl, &opts, &err), err);
    assert_case(lean);
    assert_true(td_result_has_explanations(lean));
    const td_result *kids = td_result_rollup_children(lean, 0), *full_kids = td_result_rollup_children(full, 0);
    assert_false(td_result_has_explanations(kids));
    assert_true(td_result_has_explanations(full_kids));
    for (size_t m = 0; m < td_result_member_count(kids); m++) {
        assert_null(td_result_criterion_explain(kids, m, 0, TD_LANG_VI));
        assert_non_null(td_result_criterion_explain(full_kids, m, 0, TD_LANG_VI));
        assert_string_equal(td_result_member_classification(kids, m), td_result_member_classification(full_kids, m));
        assert_int_equal(td_decimal_cmp(td_result_member_total(kids, m), td_result_member_total(full_kids, m)), 0);
        assert_null(td_result_member_explain(kids, m, TD_LANG_EN));
    }
    /* the parent's texts, the rolled-up values' among them, are the same */
    for (size_t m = 0; m < td_result_member_count(lean); m++) {
        for (size_t c = 0; c < td_rulebook_criterion_count(rb); c++)
            for (int l = 0; l < 2; l++)
                assert_string_equal(td_result_criterion_explain(lean, m, c, (td_lang)l),
                                    td_result_criterion_explain(full, m, c, (td_lang)l));
        assert_string_equal(td_result_member_explain(lean, m, TD_LANG_VI), td_result_member_explain(full, m, TD_LANG_VI));
        for (size_t k = 0; k < td_rulebook_rollup_measure_count(rb, 0); k++) {
            char a[512], b[512];
            assert_ok(td_result_rollup_explain(a, sizeof a, NULL, lean, 0, k, m, TD_LANG_EN, &err), err);
            assert_ok(td_result_rollup_explain(b, sizeof b, NULL, full, 0, k, m, TD_LANG_EN, &err), err);
            assert_string_equal(a, b);
        }
    }
    /* version 3 ends before the field: whatever follows, children on demand */
    struct {
        td_eval_options v3;
    } old;
    memset(&old, 0xAB, sizeof old);
    assert_ok(td_eval_options_init(&old.v3, 3), err);
    assert_int_equal(((unsigned char *)&old.v3)[offsetof(td_eval_options, children_numbers_only)], 0xAB);
    assert_ok(td_evaluate(&v3, rb, cl, &old.v3, &err), err);
    assert_true(td_result_has_explanations(td_result_rollup_children(v3, 0)));
    td_result_free(v3);
    td_result_free(lean);
    td_result_free(full);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

static void a_rolled_up_value_is_explained(void **state)
{
    (void)state;
    td_rulebook *child = child_rulebook();
    td_rulebook *rb = parent_rulebook(child);
    td_cluster *cl = parent_cluster();
    td_result *res = td_test_evaluate(rb, cl, TD_EXPLAIN_ON_DEMAND, 1, NULL);
    char buf[256];
    size_t needed;
    td_error err;
    assert_ok(td_result_rollup_explain(buf, sizeof buf, &needed, res, 0, 1, member(res, "d1"), TD_LANG_EN, &err), err);
    assert_string_equal(buf, "hh_achieved = count(classification != 'none') over 3 children of d1 (and 2 units "
                             "below it) = 2");
    assert_int_equal(needed, strlen(buf));
    assert_ok(td_result_rollup_explain(buf, sizeof buf, NULL, res, 0, 3, member(res, "d3"), TD_LANG_VI, &err), err);
    assert_string_equal(buf, "ldtt_share = share(award('ldtt')) trên 1 đối tượng của d3 = 0");
    assert_ok(td_result_rollup_explain(buf, sizeof buf, NULL, res, 0, 4, member(res, "d2"), TD_LANG_EN, &err), err);
    assert_string_equal(buf, "households = count() over 2 children of d2 = 2");
    /* cut at a whole character; the length asked first */
    assert_ok(td_result_rollup_explain(NULL, 0, &needed, res, 0, 3, member(res, "d3"), TD_LANG_VI, &err), err);
    assert_int_equal(needed, strlen("ldtt_share = share(award('ldtt')) trên 1 đối tượng của d3 = 0"));
    char small[42]; /* 41 bytes: "trên" takes 5 */
    assert_ok(td_result_rollup_explain(small, sizeof small, NULL, res, 0, 3, member(res, "d3"), TD_LANG_VI, &err),
              err);
    assert_string_equal(small, "ldtt_share = share(award('ldtt')) trên 1");
    assert_error(td_result_rollup_explain(buf, sizeof buf, NULL, res, 0, 5, 0, TD_LANG_EN, &err), TD_EINVAL, err,
                 "no roll-up");
    assert_error(td_result_rollup_explain(NULL, 4, NULL, res, 0, 0, 0, TD_LANG_EN, &err), TD_EINVAL, err,
                 "buf is NULL");
    td_decimal v;
    assert_false(td_result_rollup_value(&v, res, 0, 0, 3));
    assert_false(td_result_rollup_value(NULL, res, 0, 0, 0));
    assert_int_equal(td_result_rollup_child_count(res, 0, 3), 0);
    assert_int_equal(td_result_rollup_child_count(NULL, 0, 0), 0);
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    td_rulebook_free(child);
}

/* The aggregates' text: each form, and the mistakes an author makes. */
static void aggregates_are_checked_when_added(void **state)
{
    (void)state;
    td_rulebook *child = child_rulebook();
    td_rulebook_builder *b = parent_builder(child);
    td_error err;
    static const struct {
        const char *text;
        td_status code;
        unsigned column;
        const char *part;
    } bad[] = {
        {"avg(total)", TD_EPARSE, 1, "'avg' is no aggregate"},
        {"  total", TD_EPARSE, 3, "'total' is no aggregate"},
        {"count", TD_EPARSE, 6, "'(' expected"},
        {"count(total >= 90", TD_EPARSE, 6, "this '(' is not closed"},
        {"count(classification == 'kha)", TD_EPARSE, 6, "a text in quotes is not closed"},
        {"count(total > 1) + 1", TD_EPARSE, 18, "text after the aggregate's ')'"},
        {"sum()", TD_EPARSE, 1, "sum() takes a value and an optional condition, got 0 arguments"},
        {"share()", TD_EPARSE, 1, "share() takes one condition, got 0 arguments"},
        {"count(a, b)", TD_EPARSE, 1, "count() takes at most a condition, got 2 arguments"},
        {"sum(total, total > 1, 1)", TD_EPARSE, 21, "too many arguments"},
        {"sum(total, )", TD_EPARSE, 11, "an argument is empty"},
        {"count(total)", TD_EPARSE, 7, "the condition must be true or false, got a number"},
        {"sum(total > 1)", TD_EPARSE, 5, "sum()'s value must be a number, got a condition"},
        {"count(clasification != 'none')", TD_EPARSE, 7, "clasification"},
        {"sum(actual(incom))", TD_EPARSE, 12, "incom"},
        {"share(award('ldt'))", TD_EPARSE, 13, "ldt"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        td_error_clear(&err);
        td_status rc = td_rulebook_builder_add_rollup_measure(b, "sxkd", "m", bad[i].text, &err);
        if (rc != bad[i].code || err.line != 1 || err.column != bad[i].column || strstr(err.message, bad[i].part) == NULL)
            fail_msg("'%s': got %d at 1:%u: %s; want %d at 1:%u: ...%s...", bad[i].text, rc, err.column, err.message,
                     bad[i].code, bad[i].column, bad[i].part);
        assert_non_null(strstr(err.message, "roll-up measure 'm'"));
    }
    /* the right forms; brackets and quoted commas inside an argument */
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "m1", "count( )", &err), err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "m2", "count(group in ['d1', 'x,)'])", &err),
              err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "m3", "sum(max(total, 1), award('ldtt'))", &err), err);
    assert_error(td_rulebook_builder_add_rollup_measure(b, "sxkd", "m3", "count()", &err), TD_EEXISTS, err,
                 "a roll-up gives measure 'm3' already");
    assert_error(td_rulebook_builder_add_rollup_measure(b, "nope", "m4", "count()", &err), TD_ENOTFOUND, err,
                 "unknown roll-up 'nope'");
    assert_error(td_rulebook_builder_add_rollup_measure(b, "sxkd", "m4", NULL, &err), TD_EINVAL, err,
                 "the aggregate is NULL");
    assert_error(td_rulebook_builder_add_rollup_measure(b, "sxkd", "", "count()", &err), TD_EINVAL, err,
                 "measure id");
    assert_error(td_rulebook_builder_add_rollup_measure(NULL, "sxkd", "m4", "count()", &err), TD_EINVAL, err,
                 "builder");
    /* the expression limits apply to the whole aggregate */
    assert_ok(td_rulebook_builder_set_expression_limits(b, 16, 0, &err), err);
    assert_error(td_rulebook_builder_add_rollup_measure(b, "sxkd", "m4", "count(total >= 90.5)", &err), TD_ELIMIT, err,
                 "longer than 16 bytes");
    assert_int_equal(err.column, 17);
    td_rulebook_builder_free(b);

    /* roll-ups themselves */
    b = parent_builder(child);
    assert_error(td_rulebook_builder_add_rollup(b, "sxkd", child, &err), TD_EEXISTS, err, "declared twice");
    assert_error(td_rulebook_builder_add_rollup(b, "r2", NULL, &err), TD_EINVAL, err, "child rulebook is NULL");
    assert_error(td_rulebook_builder_add_rollup(b, "bad id\x01", child, &err), TD_EINVAL, err, "roll-up id");
    /* a child rulebook with roll-ups, or with a leader rule */
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "hh_achieved", "count()", &err), err);
    td_rulebook *parent = NULL;
    assert_ok(td_rulebook_builder_build(&parent, b, &err), err);
    assert_error(td_rulebook_builder_add_rollup(b, "r2", parent, &err), TD_ERULEBOOK, err, "has roll-ups of its own");
    td_rulebook_builder *lb = NULL;
    td_rulebook *leader = NULL;
    assert_ok(td_rulebook_builder_new(&lb, "lead", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(lb, "S", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(lb, "S", "s", NULL, D("1"), &err), err);
    assert_ok(tr_rule_manual(lb, "s", &err), err);
    assert_ok(td_rulebook_builder_set_leader_rule(lb, TD_LEADER_RULE_TOP_RANK, &err), err);
    assert_ok(td_rulebook_builder_build(&leader, lb, &err), err);
    assert_error(td_rulebook_builder_add_rollup(b, "r2", leader, &err), TD_ERULEBOOK, err, "chooses a leader");
    td_rulebook_free(leader);
    td_rulebook_builder_free(lb);
    td_rulebook_free(parent);
    td_rulebook_builder_free(b);

    /* at build: a roll-up measure that is a derived measure or an input */
    b = parent_builder(child);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "hh_achieved", "count()", &err), err);
    assert_ok(td_rulebook_builder_add_measure(b, "rate", "hh_achieved / 2", &err), err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "rate", "count()", &err), err);
    td_rulebook *rb = NULL;
    assert_error(td_rulebook_builder_build(&rb, b, &err), TD_ERULEBOOK, err,
                 "roll-up 'sxkd' gives measure 'rate', which is a derived measure");
    td_rulebook_builder_free(b);
    b = parent_builder(child);
    assert_ok(td_rulebook_builder_add_input(b, "months", &err), err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "months", "count()", &err), err);
    assert_error(td_rulebook_builder_build(&rb, b, &err), TD_ERULEBOOK, err, "which is an input");
    td_rulebook_builder_free(b);
    td_rulebook_free(child);
}

/* What the data can get wrong, each a data error naming the place. */
static void bad_child_data_and_unit_trees_are_errors(void **state)
{
    (void)state;
    td_rulebook *child = child_rulebook();
    td_rulebook *rb = parent_rulebook(child);
    td_error err;
    td_result *res = NULL;

    /* no child data */
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "c", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "d1", NULL, &err), err);
    assert_ok(td_cluster_set_target(cl, "d1", "hh_achieved", D("1"), &err), err);
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err,
                 "cluster 'c' gives no child data for roll-up 'sxkd' of rulebook 'cum'");
    /* child data for a roll-up the rulebook does not have */
    td_cluster *kids = children_of(2024, 1);
    assert_ok(td_cluster_set_children(cl, "sxk", kids, &err), err);
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err,
                 "child data for roll-up 'sxk', which rulebook 'cum' does not have (did you mean 'sxkd'?)");
    td_cluster_free(cl);

    /* a child of another period */
    td_cluster *c2 = NULL;
    assert_ok(td_cluster_new(&c2, "c", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(c2, "d1", NULL, &err), err);
    assert_ok(td_cluster_set_target(c2, "d1", "hh_achieved", D("1"), &err), err);
    kids = children_of(2023, 1);
    assert_ok(td_cluster_set_children(c2, "sxkd", kids, &err), err);
    assert_error(td_evaluate(&res, rb, c2, NULL, &err), TD_EDATA, err,
                 "the child data of roll-up 'sxkd' is for period 2023, cluster 'c' for 2024");
    td_cluster_free(c2);

    /* a child whose unit is unknown (at its entry), or that has none */
    assert_ok(td_cluster_new(&c2, "c", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(c2, "d1", NULL, &err), err);
    assert_ok(td_cluster_set_target(c2, "d1", "hh_achieved", D("1"), &err), err);
    kids = children_of(2024, 2); /* h1 in d1, h2 in x1: no such unit here */
    assert_ok(td_cluster_set_member_origin(kids, "h2", "ho.csv", 3, 1, &err), err);
    assert_ok(td_cluster_set_children(c2, "sxkd", kids, &err), err);
    assert_ok(td_cluster_add_unit(c2, "x11", NULL, "d1", &err), err);
    assert_error(td_evaluate(&res, rb, c2, NULL, &err), TD_EDATA, err,
                 "child 'h2' of roll-up 'sxkd' names unit 'x1', which is neither a member of cluster 'c' nor a unit "
                 "below one (did you mean '");
    assert_string_equal(err.file, "ho.csv");
    assert_int_equal(err.line, 3);
    td_cluster_free(c2);
    assert_ok(td_cluster_new(&c2, "c", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(c2, "d1", NULL, &err), err);
    assert_ok(td_cluster_set_target(c2, "d1", "hh_achieved", D("1"), &err), err);
    assert_ok(td_cluster_new(&kids, "k", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(kids, "h9", NULL, &err), err);
    assert_ok(td_cluster_set_score(kids, TD_SCORE_SOURCE_FINAL, "h9", "score", D("1"), &err), err);
    assert_ok(td_cluster_set_children(c2, "sxkd", kids, &err), err);
    assert_error(td_evaluate(&res, rb, c2, NULL, &err), TD_EDATA, err, "child 'h9' of roll-up 'sxkd' names no unit");
    td_cluster_free(c2);

    /* share() of a member without children */
    assert_ok(td_cluster_new(&c2, "c", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(c2, "d1", NULL, &err), err);
    assert_ok(td_cluster_add_member(c2, "d9", NULL, &err), err);
    assert_ok(td_cluster_set_target(c2, "d1", "hh_achieved", D("1"), &err), err);
    assert_ok(td_cluster_set_target(c2, "d9", "hh_achieved", D("1"), &err), err);
    assert_ok(td_cluster_set_children(c2, "sxkd", children_of(2024, 1), &err), err);
    assert_error(td_evaluate(&res, rb, c2, NULL, &err), TD_EDATA, err,
                 "roll-up measure 'ldtt_share' = share(award('ldtt')): unit 'd9' has no child in roll-up 'sxkd', "
                 "so no share");
    /* the data giving a rolled-up actual too */
    td_cluster_free(c2);
    cl = parent_cluster();
    assert_ok(td_cluster_set_actual(cl, "d2", "hh_achieved", D("1"), &err), err);
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err,
                 "the data of unit 'd2' gives the actual of measure 'hh_achieved', which a roll-up gives (given "
                 "twice)");
    td_cluster_free(cl);

    /* unit trees, on top of x1 and x2: an unknown parent, a cycle */
    static const struct {
        const char *units[3][2]; /* id, parent */
        const char *part;        /* NULL: accepted */
    } trees[] = {
        {{{"y1", "d1"}, {"y2", "d7"}, {NULL, NULL}}, "unit 'y2' has parent 'd7', which is neither a member nor a unit"},
        {{{"y1", "y3"}, {"y2", "y1"}, {"y3", "y2"}}, "units below the members form a cycle through unit 'y1'"},
        {{{"y2", "y1"}, {"y1", "x2"}, {NULL, NULL}}, NULL},
    };
    for (size_t t = 0; t < 3; t++) {
        cl = parent_cluster();
        for (size_t i = 0; i < 3 && trees[t].units[i][0] != NULL; i++)
            assert_ok(td_cluster_add_unit(cl, trees[t].units[i][0], NULL, trees[t].units[i][1], &err), err);
        td_status rc = td_evaluate(&res, rb, cl, NULL, &err);
        if (trees[t].part == NULL) {
            assert_int_equal(rc, TD_OK);
            assert_int_equal(td_result_member_unit_count(res, member(res, "d1")), 4);
            td_result_free(res);
            res = NULL;
        } else {
            assert_int_equal(rc, TD_EDATA);
            if (strstr(err.message, trees[t].part) == NULL)
                fail_msg("tree %zu: \"%s\" lacks \"%s\"", t, err.message, trees[t].part);
        }
        td_cluster_free(cl);
    }
    /* the unit API's own checks */
    assert_ok(td_cluster_new(&cl, "c", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "d1", NULL, &err), err);
    assert_error(td_cluster_add_unit(cl, "d1", NULL, "d2", &err), TD_EEXISTS, err, "is a member of cluster 'c'");
    assert_error(td_cluster_add_unit(cl, "x", NULL, "x", &err), TD_EINVAL, err, "its own parent");
    assert_ok(td_cluster_add_unit(cl, "x", NULL, "d1", &err), err);
    assert_error(td_cluster_add_unit(cl, "x", NULL, "d1", &err), TD_EEXISTS, err, "added twice");
    assert_error(td_cluster_add_unit(cl, "y", NULL, NULL, &err), TD_EINVAL, err, "parent unit id");
    assert_error(td_cluster_add_unit(NULL, "y", NULL, "d1", &err), TD_EINVAL, err, "cluster is NULL");
    /* a unit added before the member with its id: refused at evaluation */
    assert_ok(td_cluster_add_unit(cl, "d2", NULL, "d1", &err), err);
    assert_ok(td_cluster_add_member(cl, "d2", NULL, &err), err);
    assert_ok(td_cluster_set_target(cl, "d1", "hh_achieved", D("1"), &err), err);
    assert_ok(td_cluster_set_target(cl, "d2", "hh_achieved", D("1"), &err), err);
    assert_ok(td_cluster_set_children(cl, "sxkd", children_of(2024, 1), &err), err);
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err,
                 "unit 'd2' below the members has the id of a member of cluster 'c'");
    /* child data: given twice, NULL, itself */
    td_cluster *again = children_of(2024, 1);
    assert_error(td_cluster_set_children(cl, "sxkd", again, &err), TD_EEXISTS, err, "given twice");
    td_cluster_free(again); /* refused: still the caller's */
    assert_error(td_cluster_set_children(cl, "r", NULL, &err), TD_EINVAL, err, "children is NULL");
    assert_error(td_cluster_set_children(cl, "r", cl, &err), TD_EINVAL, err, "its own children");
    /* a cluster with child data cannot be children: cl owns kids, so kids
     * cannot come to own cl */
    td_cluster *owner = NULL;
    assert_ok(td_cluster_new(&owner, "o", 2024, NULL, &err), err);
    assert_error(td_cluster_set_children(owner, "r", cl, &err), TD_EINVAL, err,
                 "cluster 'c' has child data of its own: it cannot be the children of a roll-up");
    td_cluster *kids2 = (td_cluster *)td_cluster_children(cl, "sxkd");
    assert_error(td_cluster_set_children(kids2, "r", cl, &err), TD_EINVAL, err, "has child data of its own");
    td_cluster_free(owner);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    td_rulebook_free(child);
}

/* A failing aggregate for one child is an error at that child's entry;
 * a child rulebook's own error names the roll-up. */
static void a_child_that_breaks_an_aggregate_is_named(void **state)
{
    (void)state;
    td_rulebook *child = child_rulebook();
    td_rulebook_builder *b = parent_builder(child);
    td_error err;
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "hh_achieved", "sum(actual(income))", &err), err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    td_cluster *cl = parent_cluster();
    td_result *res = NULL;
    /* h3 and h6 have no income; the children are ranked h1 h4 h6 h2 h5 h3 */
    td_status rc = td_evaluate(&res, rb, cl, NULL, &err);
    assert_int_equal(rc, TD_EEVAL);
    if (strstr(err.message, "roll-up measure 'hh_achieved' = sum(actual(income)), child 'h6': unit 'h6' has no actual for 'income'") == NULL)
        fail_msg("%s", err.message);
    td_cluster_free(cl);
    /* the child evaluation fails: a household without its manual score */
    cl = parent_cluster();
    td_cluster *kids = (td_cluster *)td_cluster_children(cl, "sxkd");
    assert_ok(td_cluster_add_member(kids, "h7", NULL, &err), err);
    assert_ok(td_cluster_set_member_group(kids, "h7", "d1", &err), err);
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err, "roll-up 'sxkd' (rulebook 'ho'): ");
    assert_non_null(strstr(err.message, "h7"));
    td_cluster_free(cl);
    td_rulebook_free(rb);
    td_rulebook_free(child);
}

/* Every allocation of building, evaluating and explaining fails in turn:
 * TD_ENOMEM, and nothing left allocated. */
static void allocation_failures_leave_nothing(void **state)
{
    (void)state;
    td_rulebook *child = child_rulebook();
    td_rulebook *rb = parent_rulebook(child);
    td_cluster *cl = parent_cluster();
    size_t failures = 0;
    for (size_t n = 1;; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        td_eval_options o = TD_EVAL_OPTIONS_INIT;
        o.allocator = &t.allocator;
        td_result *res = NULL;
        td_error err;
        td_status rc = td_evaluate(&res, rb, cl, &o, &err);
        if (rc == TD_OK) {
            assert_case(res);
            td_result_free(res);
            assert_int_equal(t.live, 0);
            break;
        }
        assert_int_equal(rc, TD_ENOMEM);
        assert_null(res);
        assert_int_equal(t.live, 0);
        failures++;
    }
    assert_true(failures > 10);
    /* the builder */
    for (size_t n = 1;; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        td_rulebook_builder *b = NULL;
        td_rulebook *built = NULL;
        td_error err;
        td_status rc = td_rulebook_builder_new(&b, "cum", &t.allocator, &err);
        if (rc == TD_OK)
            rc = td_rulebook_builder_add_rollup(b, "sxkd", child, &err);
        if (rc == TD_OK)
            rc = td_rulebook_builder_add_rollup_measure(b, "sxkd", "n", "sum(total, award('ldtt'))", &err);
        if (rc == TD_OK)
            rc = td_rulebook_builder_add_section(b, "A", NULL, NULL, &err);
        if (rc == TD_OK)
            rc = td_rulebook_builder_add_criterion(b, "A", "a", NULL, D("1"), &err);
        if (rc == TD_OK)
            rc = td_rulebook_builder_set_measure(b, "a", "n", &err);
        if (rc == TD_OK)
            rc = tr_rule_manual(b, "a", &err);
        if (rc == TD_OK)
            rc = td_rulebook_builder_build(&built, b, &err);
        td_rulebook_builder_free(b);
        if (rc == TD_OK) {
            assert_int_equal(td_rulebook_rollup_measure_count(built, 0), 1);
            td_rulebook_free(built);
            assert_int_equal(t.live, 0);
            break;
        }
        if (rc != TD_ENOMEM)
            fail_msg("allocation %zu: %d %s", n, rc, err.message);
        assert_int_equal(t.live, 0);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
    td_rulebook_free(child);
}

/* Every entry point's arguments, the read API out of range, and the forms
 * of an aggregate's text that a careful author writes. */
static void the_api_checks_its_arguments(void **state)
{
    (void)state;
    td_rulebook *child = child_rulebook();
    td_rulebook *rb = parent_rulebook(child);
    td_error err;
    size_t k;
    /* the rulebook's read API */
    assert_int_equal(td_rulebook_rollup_count(NULL), 0);
    assert_null(td_rulebook_rollup_id(NULL, 0));
    assert_null(td_rulebook_rollup_child(NULL, 0));
    assert_int_equal(td_rulebook_rollup_measure_count(NULL, 0), 0);
    assert_null(td_rulebook_rollup_measure_id(NULL, 0, 0));
    assert_null(td_rulebook_rollup_measure_aggregate(rb, 0, 99));
    assert_null(td_rulebook_rollup_measure_aggregate(rb, 3, 0));
    assert_error(td_rulebook_find_rollup(NULL, rb, "sxkd", &err), TD_EINVAL, err, "index is NULL");
    assert_error(td_rulebook_find_rollup(&k, NULL, "sxkd", &err), TD_EINVAL, err, "the rulebook is NULL");
    assert_error(td_rulebook_find_rollup(&k, rb, NULL, &err), TD_EINVAL, err, "id is NULL");
    /* the cluster's */
    td_cluster *cl = parent_cluster();
    assert_int_equal(td_cluster_unit_count(NULL), 0);
    assert_null(td_cluster_unit_id(NULL, 0));
    assert_null(td_cluster_unit_name(NULL, 0));
    assert_null(td_cluster_unit_parent(NULL, 0));
    assert_null(td_cluster_unit_name(cl, 9));
    assert_null(td_cluster_unit_parent(cl, 9));
    assert_null(td_cluster_children(NULL, "sxkd"));
    assert_null(td_cluster_children(cl, NULL));
    assert_error(td_cluster_set_children(NULL, "r", cl, &err), TD_EINVAL, err, "the cluster is NULL");
    assert_error(td_cluster_set_children(cl, "bad\x01id", cl, &err), TD_EINVAL, err, "roll-up id");
    assert_error(td_cluster_set_unit_origin(NULL, "x1", "f", 1, 1, &err), TD_EINVAL, err, "the cluster is NULL");
    assert_error(td_cluster_set_unit_origin(cl, "x1", NULL, 1, 1, &err), TD_EINVAL, err, "file is NULL");
    assert_error(td_cluster_set_unit_origin(cl, NULL, "f", 1, 1, &err), TD_EINVAL, err, "id is NULL");
    assert_error(td_cluster_set_unit_origin(cl, "x9", "f", 1, 1, &err), TD_ENOTFOUND, err, "no unit 'x9'");
    /* a unit's place names its errors; one unit below a member: the singular */
    assert_ok(td_cluster_add_unit(cl, "y1", NULL, "d2", &err), err);
    td_result *res = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    char buf[256];
    assert_ok(td_result_rollup_explain(buf, sizeof buf, NULL, res, 0, 4, member(res, "d2"), TD_LANG_EN, &err), err);
    assert_string_equal(buf, "households = count() over 2 children of d2 (and 1 unit below it) = 2");
    assert_ok(td_result_rollup_explain(buf, sizeof buf, NULL, res, 0, 4, member(res, "d3"), TD_LANG_EN, &err), err);
    assert_string_equal(buf, "households = count() over 1 child of d3 = 1");
    /* the blanks around an aggregate are not shown */
    assert_ok(td_result_rollup_explain(buf, sizeof buf, NULL, res, 0, 2, member(res, "d3"), TD_LANG_VI, &err), err);
    assert_string_equal(buf, "hh_income = sum( actual(income, 0) , classification != 'none' ) trên 1 đối tượng của d3 "
                             "= 0");
    assert_int_equal(td_result_rollup_count(NULL), 0);
    assert_null(td_result_rollup_children(NULL, 0));
    assert_int_equal(td_result_rollup_child_count(res, 9, 0), 0);
    assert_int_equal(td_result_member_unit_count(NULL, 0), 0);
    assert_int_equal(td_result_member_unit_count(res, 99), 0);
    assert_int_equal(td_result_member_cluster_index(res, 99), 3);
    assert_int_equal(td_result_member_cluster_index(NULL, 0), 0);
    td_decimal v;
    assert_false(td_result_rollup_value(&v, res, 0, 99, 0));
    assert_error(td_result_rollup_explain(buf, sizeof buf, NULL, NULL, 0, 0, 0, TD_LANG_EN, &err), TD_EINVAL, err,
                 "the result is NULL");
    td_result_free(res);
    assert_ok(td_cluster_add_unit(cl, "y2", NULL, "nope", &err), err);
    assert_ok(td_cluster_set_unit_origin(cl, "y2", "units.yaml", 4, 7, &err), err);
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err, "unit 'y2' has parent 'nope'");
    assert_string_equal(err.file, "units.yaml");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 7);
    td_cluster_free(cl);
    /* version 1 evaluation options: the children are evaluated all the same */
    cl = parent_cluster();
    td_eval_options o1;
    memset(&o1, 0, sizeof o1);
    o1.version = 1;
    assert_ok(td_evaluate(&res, rb, cl, &o1, &err), err);
    assert_case(res);
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);

    /* the forms of an aggregate: blanks anywhere, an escaped quote, a
     * bracket inside, a name missing */
    td_rulebook_builder *b = parent_builder(child);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "f1", "\tcount \n(\r)", &err), err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "f2", "count(group in ['a\\'b', 'x'])", &err), err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "f3", "sum((total + 1) * 2, (total >= 1))", &err), err);
    assert_error(td_rulebook_builder_add_rollup_measure(b, "sxkd", "f4", "(total)", &err), TD_EPARSE, err,
                 "'(total)' is no aggregate");
    assert_error(td_rulebook_builder_add_rollup_measure(b, "sxkd", "f4", "", &err), TD_EPARSE, err,
                 "'' is no aggregate");
    assert_error(td_rulebook_builder_add_rollup_measure(b, "sxkd", "f4", "count(total >)", &err), TD_EPARSE, err,
                 "roll-up measure 'f4'");
    assert_int_equal(err.line, 1);
    assert_error(td_rulebook_builder_add_rollup_measure(b, "bad\x01", "f4", "count()", &err), TD_EINVAL, err,
                 "roll-up id");
    assert_error(td_rulebook_builder_add_rollup(NULL, "r", child, &err), TD_EINVAL, err, "builder");
    td_rulebook *built = NULL;
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "hh_achieved", "count()", &err), err);
    assert_ok(td_rulebook_builder_build(&built, b, &err), err);
    assert_string_equal(td_rulebook_rollup_measure_aggregate(built, 0, 1), "count(group in ['a\\'b', 'x'])");
    td_rulebook_free(built);
    td_rulebook_builder_free(b);
    td_rulebook_free(child);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(children_are_scored_and_counted_into_their_members),
        cmocka_unit_test(children_for_their_numbers_only),
        cmocka_unit_test(a_rolled_up_value_is_explained),
        cmocka_unit_test(aggregates_are_checked_when_added),
        cmocka_unit_test(bad_child_data_and_unit_trees_are_errors),
        cmocka_unit_test(a_child_that_breaks_an_aggregate_is_named),
        cmocka_unit_test(the_api_checks_its_arguments),
        cmocka_unit_test(allocation_failures_leave_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
