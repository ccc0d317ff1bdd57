/*
 * The public expression API end to end on an evaluated cluster: values,
 * host variables, explanations, every error path, lifetimes, threads, and
 * an allocation-failure sweep over compile + eval + explain.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "expr_case.h"
#include "kit.h"
#include "td_test.h"
#include "util.h" /* td_utf8_valid */

static int open_case(void **state)
{
    expr_case *c = malloc(sizeof *c);
    if (c == NULL)
        return -1;
    expr_case_open(c);
    *state = c;
    return 0;
}

static int close_case(void **state)
{
    expr_case_close(*state);
    free(*state);
    return 0;
}

/* Compiles without host variables; fails the test on error. */
static td_expr *must_compile(const expr_case *c, const char *text)
{
    td_expr *x = NULL;
    td_error err;
    if (td_expr_compile(&x, c->rulebook, text, NULL, &err) != TD_OK)
        fail_msg("'%s' does not compile: %s", text, err.message);
    return x;
}

/* ---- values ---- */

static void compiled_expressions_keep_text_canonical_form_and_type(void **state)
{
    const expr_case *c = *state;
    static const struct {
        const char *text, *canonical;
        td_value_type type;
    } rows[] = {
        {"total>=90 and met(loans)", "((total >= 90) and met('loans'))", TD_VALUE_BOOLEAN},
        {"attainment(hh_rate)*100", "(attainment('hh_rate') * 100)", TD_VALUE_NUMBER},
        {"if(rank == 1, 'first', classification)", "if((rank == 1), 'first', classification)", TD_VALUE_TEXT},
        {"95%", "0.95", TD_VALUE_NUMBER},
        {"'it\\'s'", "'it\\'s'", TD_VALUE_TEXT},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        td_expr *x = must_compile(c, rows[i].text);
        assert_string_equal(td_expr_text(x), rows[i].text);
        assert_string_equal(td_expr_canonical(x), rows[i].canonical);
        assert_int_equal(td_expr_type(x), rows[i].type);
        td_expr_free(x);
    }
    assert_null(td_expr_text(NULL));
    assert_null(td_expr_canonical(NULL));
    assert_int_equal(td_expr_type(NULL), 0);
    td_expr_free(NULL);
}

static void values_come_from_the_member_evaluated(void **state)
{
    const expr_case *c = *state;
    td_expr *total = must_compile(c, "total");
    td_expr *cls = must_compile(c, "classification");
    td_expr *flag = must_compile(c, "award('co_thi_dua')");
    td_error err;
    for (size_t m = 0; m < td_result_member_count(c->result); m++) {
        td_value v;
        assert_ok(td_expr_eval(&v, total, c->result, m, NULL, 0, &err), err);
        assert_int_equal(v.type, TD_VALUE_NUMBER);
        assert_null(v.text);
        assert_int_equal(td_decimal_cmp(v.number, td_result_member_total(c->result, m)), 0);
        assert_ok(td_expr_eval(&v, cls, c->result, m, NULL, 0, &err), err);
        assert_int_equal(v.type, TD_VALUE_TEXT);
        assert_string_equal(v.text, td_result_member_classification(c->result, m));
        assert_ok(td_expr_eval(&v, flag, c->result, m, NULL, 0, &err), err);
        assert_int_equal(v.type, TD_VALUE_BOOLEAN);
        assert_int_equal(v.boolean, td_result_award_status(c->result, m, 0) == TD_AWARD_SELECTED);
    }
    td_expr_free(total);
    td_expr_free(cls);
    td_expr_free(flag);
}

/* ---- host variables ---- */

static void host_variables_take_the_values_given_per_evaluation(void **state)
{
    const expr_case *c = *state;
    const char *names[] = {"budget", "số_hộ"};
    td_expr_options opts;
    assert_int_equal(td_expr_options_init(&opts, TD_EXPR_OPTIONS_VERSION), TD_OK);
    opts.variables = names;
    opts.variable_count = 2;
    td_expr *x = NULL;
    td_error err;
    assert_ok(td_expr_compile(&x, c->rulebook, "budget / số_hộ > 2 and total > 90", &opts, &err), err);
    assert_string_equal(td_expr_canonical(x), "(((budget / số_hộ) > 2) and (total > 90))");
    size_t m = expr_case_member(c, "tan-uyen");
    td_value v;
    const td_decimal big[] = {D("250"), D("100")}, small[] = {D("150"), D("100")};
    assert_ok(td_expr_eval(&v, x, c->result, m, big, 2, &err), err);
    assert_true(v.boolean);
    assert_ok(td_expr_eval(&v, x, c->result, m, small, 2, &err), err);
    assert_false(v.boolean);
    char buf[256];
    assert_ok(td_expr_explain(buf, sizeof buf, NULL, x, c->result, m, big, 2, &err), err);
    assert_string_equal(buf, "budget / số_hộ = 2.5 > 2; total = 100 > 90");
    assert_ok(td_expr_explain(buf, sizeof buf, NULL, x, c->result, m, small, 2, &err), err);
    assert_string_equal(buf, "budget / số_hộ = 1.5 <= 2");
    /* a zero host value is a runtime fault, not a crash */
    const td_decimal zero[] = {D("1"), D("0")};
    assert_error(td_expr_eval(&v, x, c->result, m, zero, 2, &err), TD_EEVAL, err,
                 "division by zero in 'budget / số_hộ > 2 and total > 90' at column 10");
    assert_int_equal(err.column, 10);
    td_expr_free(x);
}

static void host_variable_names_are_checked(void **state)
{
    const expr_case *c = *state;
    static const struct {
        const char *names[2];
        size_t count;
        const char *message;
    } rows[] = {
        {{NULL, "a"}, 2, "host variable 1 has no name (NULL)"},
        {{"2x", "a"}, 2, "host variable '2x' is not an identifier"},
        {{"a-b", "a"}, 2, "host variable 'a-b' is not an identifier"},
        {{"", "a"}, 2, "host variable '' is not an identifier"},
        {{"\xff", "a"}, 2, "not an identifier"},
        {{"total", "a"}, 2, "host variable 'total' is a keyword or built-in name"},
        {{"a", "min"}, 2, "host variable 'min' is a keyword or built-in name"},
        {{"and", "a"}, 2, "host variable 'and' is a keyword"},
        {{"a", "a"}, 2, "host variable 'a' is declared twice (1 and 2)"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        td_expr_options opts = TD_EXPR_OPTIONS_INIT;
        opts.variables = rows[i].names;
        opts.variable_count = rows[i].count;
        td_expr *x = NULL;
        td_error err;
        assert_error(td_expr_compile(&x, c->rulebook, "1", &opts, &err), TD_EINVAL, err, rows[i].message);
        assert_null(x);
    }
    /* an unknown name suggests a declared variable */
    const char *names[] = {"budget"};
    td_expr_options opts = TD_EXPR_OPTIONS_INIT;
    opts.variables = names;
    opts.variable_count = 1;
    td_expr *x = NULL;
    td_error err;
    assert_error(td_expr_compile(&x, c->rulebook, "budgte * 2", &opts, &err), TD_EPARSE, err,
                 "unknown name 'budgte' (did you mean 'budget'?)");
    opts.variables = NULL;
    assert_error(td_expr_compile(&x, c->rulebook, "1", &opts, &err), TD_EINVAL, err,
                 "variable_count is 1 but variables is NULL");
}

/* ---- explanations ---- */

static const struct {
    const char *text, *unit, *explain;
} explanations[] = {
    {"attainment(hh_rate) >= 1", "tam-duong", "attainment(hh_rate) = 0.961269 < 1"},
    {"attainment(hh_rate) >= 1", "tan-uyen", "attainment(hh_rate) = 1.055556 >= 1"},
    {"rank == 1 and classification == 'xuat_sac'", "tan-uyen", "rank = 1 == 1; classification = 'xuat_sac' == 'xuat_sac'"},
    {"rank == 1 and classification == 'xuat_sac'", "tp-lai-chau", "rank = 2 != 1"},
    {"rank == 1 and classification == 'xuat_sac'", "than-uyen", "rank = 4 != 1"},
    {"classification == 'xuat_sac' or all_met()", "than-uyen", "classification = 'tot' != 'xuat_sac'; all_met() = false"},
    {"classification == 'xuat_sac' or all_met()", "tp-lai-chau", "classification = 'xuat_sac' == 'xuat_sac'"},
    {"not award(co_thi_dua)", "tan-uyen", "award(co_thi_dua) = true"},
    {"classification in ['xuat_sac', 'tot']", "tam-duong", "classification = 'tot' in ['xuat_sac', 'tot']"},
    {"classification in ['xuat_sac']", "tam-duong", "classification = 'tot' not in ['xuat_sac']"},
    {"min_share() >= 85% and count_met() > 1", "than-uyen", "min_share() = 0 < 85%"},
    {"consecutive('xuat_sac') >= 3 and history(xuat_sac, 3) == 3", "tp-lai-chau",
     "consecutive('xuat_sac') = 3 >= 3; history(xuat_sac, 3) = 3 == 3"},
    {"(total - 80) * 2 > 2", "tam-duong", "(total - 80) * 2 = 1.84 <= 2"},
    {"total * 2", "tam-duong", "total * 2 = 161.84"},
    {"classification", "tam-duong", "classification = 'tot'"},
    {"is_leader", "tp-lai-chau", "is_leader = false"},
    {"true", "tp-lai-chau", "true"},
};

static void explanations_name_the_deciding_parts_with_their_values(void **state)
{
    const expr_case *c = *state;
    for (size_t i = 0; i < sizeof explanations / sizeof explanations[0]; i++) {
        td_expr *x = must_compile(c, explanations[i].text);
        char buf[256];
        size_t needed = 0;
        td_error err;
        assert_ok(td_expr_explain(buf, sizeof buf, &needed, x, c->result,
                                  expr_case_member(c, explanations[i].unit),
                                  NULL, 0, &err),
                  err);
        if (strcmp(buf, explanations[i].explain) != 0)
            fail_msg("'%s' for %s explained as \"%s\", want \"%s\"", explanations[i].text,
                     explanations[i].unit, buf, explanations[i].explain);
        assert_int_equal(needed, strlen(explanations[i].explain));
        td_expr_free(x);
    }
}

static void explanations_are_truncated_to_the_buffer(void **state)
{
    const expr_case *c = *state;
    td_expr *x = must_compile(c, "classification == 'xuat_sac' or all_met()");
    size_t m = expr_case_member(c, "than-uyen");
    const char *full = "classification = 'tot' != 'xuat_sac'; all_met() = false";
    char buf[16];
    size_t needed = 0;
    td_error err;
    assert_ok(td_expr_explain(NULL, 0, &needed, x, c->result, m, NULL, 0, &err), err);
    assert_int_equal(needed, strlen(full));
    memset(buf, 'x', sizeof buf);
    assert_ok(td_expr_explain(buf, sizeof buf, &needed, x, c->result, m, NULL, 0, &err), err);
    assert_int_equal(needed, strlen(full));
    assert_int_equal(strlen(buf), sizeof buf - 1);
    assert_memory_equal(buf, full, sizeof buf - 1);
    td_expr_free(x);
    /* never in the middle of a UTF-8 character */
    x = must_compile(c, "'Tân Uyên'");
    char small[8];
    assert_ok(td_expr_explain(small, sizeof small, &needed, x, c->result, m, NULL, 0, &err), err);
    assert_string_equal(small, "'Tân U");
    assert_int_equal(needed, strlen("'Tân Uyên' = 'Tân Uyên'"));
    assert_ok(td_expr_explain(small, 4, &needed, x, c->result, m, NULL, 0, &err), err);
    assert_string_equal(small, "'T");
    td_expr_free(x);
}

/* ---- errors ---- */

static void runtime_faults_name_the_expression_and_column(void **state)
{
    const expr_case *c = *state;
    size_t first = expr_case_member(c, "tan-uyen");
    static const struct {
        const char *text;
        td_status code;
        unsigned column;
        const char *message;
    } rows[] = {
        {"1 / (rank - rank)", TD_EEVAL, 5, "division by zero in '1 / (rank - rank)' at column 5"},
        {"total > 1 and attainment(reporting) > 0", TD_EEVAL, 15,
         "attainment(reporting) has no value for unit 'tan-uyen' (no target) in 'total > 1 and "
         "attainment(reporting) > 0' at column 15"},
        {"actual(reporting)", TD_EEVAL, 1, "unit 'tan-uyen' has no actual for 'reporting'"},
        {"round(total, rank * 40)", TD_EEVAL, 14,
         "round() needs a whole number of places from 0 to 36, got 40 in 'round(total, rank * 40)'"},
        {"round(total, rank / 4)", TD_EEVAL, 14, "got 0.25"},
        {"history('xuat_sac', rank - 1)", TD_EEVAL, 1, "history() needs a whole number of periods >= 1, got 0"},
        {"99999999999999999999999999999999999999 * (rank + 9)", TD_ERANGE, 42, "at column 42"},
        {"0.000000000001 * 0.000000000001 * 0.000000000001 * (rank / 10)", TD_ERANGE, 52, "at column 52"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        td_expr *x = must_compile(c, rows[i].text);
        td_value v;
        td_error err;
        char buf[64];
        assert_error(td_expr_eval(&v, x, c->result, first, NULL, 0, &err), rows[i].code, err,
                     rows[i].message);
        if (err.line != 1 || err.column != rows[i].column)
            fail_msg("'%s': at %u:%u, want 1:%u", rows[i].text, err.line, err.column, rows[i].column);
        /* explaining meets the same fault */
        assert_error(td_expr_explain(buf, sizeof buf, NULL, x, c->result, first, NULL, 0, &err),
                     rows[i].code, err, rows[i].message);
        td_expr_free(x);
    }
}

/* Messages quote at most 60 bytes of the expression, never half a character. */
static void fault_messages_quote_whole_characters(void **state)
{
    const expr_case *c = *state;
    char text[256] = "'";
    for (int i = 0; i < 40; i++)
        strcat(text, "\xc3\xaa"); /* ê */
    strcat(text, "' == '' or 1 / (rank - rank) > 0");
    td_expr *x = must_compile(c, text);
    td_value v;
    td_error err;
    assert_error(td_expr_eval(&v, x, c->result, 0, NULL, 0, &err), TD_EEVAL, err, "...' at column 97");
    assert_true(td_utf8_valid(err.message, strlen(err.message)));
    assert_non_null(strstr(err.message, "division by zero in ''\xc3\xaa"));
    assert_int_equal(err.column, 97);
    /* nor do parse errors */
    char bad[300];
    snprintf(bad, sizeof bad, "(%s) + 1", text);
    assert_error(td_expr_compile(&x, c->rulebook, bad, NULL, &err), TD_EPARSE, err, "'+' needs a number");
    assert_true(td_utf8_valid(err.message, strlen(err.message)));
    td_expr_free(x);
}

/* The position added to a fault the member's data reports is cut, like
 * any message, at a whole character: here a long unit id fills the message
 * and the expression quoted after it begins with a Vietnamese letter. */
static void fault_positions_keep_messages_utf8(void **state)
{
    (void)state;
    for (int pad = 0; pad < 6; pad++) {
        kit k;
        kit_init(&k, 2024);
        char unit[512] = "";
        for (int i = 0; i < 231; i++)
            strcat(unit, "\xc3\xaa"); /* ê */
        strncat(unit, "xxxxx", (size_t)pad);
        kit_member(&k, unit, "50");
        kit_derived(&k, "h\xe1\xbb\x99", "done / planned"); /* hộ */
        kit_run_ok(&k);
        td_expr *x = NULL;
        td_value v;
        assert_ok(td_expr_compile(&x, k.rb, "actual(h\xe1\xbb\x99) > 0", NULL, &k.err), k.err);
        assert_error(td_expr_eval(&v, x, k.res, 0, NULL, 0, &k.err), TD_EEVAL, k.err, "has no actual");
        assert_true(td_utf8_valid(k.err.message, strlen(k.err.message)));
        td_expr_free(x);
        kit_free(&k);
    }
}

static void misuse_is_refused_with_td_einval(void **state)
{
    const expr_case *c = *state;
    td_expr *x = NULL;
    td_error err;
    td_value v;
    char buf[32];
    /* compile */
    assert_error(td_expr_compile(NULL, c->rulebook, "1", NULL, &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_expr_compile(&x, NULL, "1", NULL, &err), TD_EINVAL, err, "the rulebook is NULL");
    assert_error(td_expr_compile(&x, c->rulebook, NULL, NULL, &err), TD_EINVAL, err, "text is NULL");
    td_expr_options opts = TD_EXPR_OPTIONS_INIT;
    opts.version = 2;
    assert_error(td_expr_compile(&x, c->rulebook, "1", &opts, &err), TD_EINVAL, err,
                 "unknown td_expr_options version 2 (this library knows 1)");
    assert_null(x);
    assert_int_equal(td_expr_options_init(&opts, 2), TD_EINVAL);
    assert_int_equal(td_expr_options_init(NULL, TD_EXPR_OPTIONS_VERSION), TD_EINVAL);
    assert_int_equal(td_expr_options_init(&opts, TD_EXPR_OPTIONS_VERSION), TD_OK);
    assert_int_equal(opts.version, TD_EXPR_OPTIONS_VERSION);
    assert_null(opts.variables);
    assert_int_equal(opts.max_bytes, 0);
    assert_null(opts.allocator);

    /* eval and explain */
    const char *names[] = {"a", "b"};
    opts.variables = names;
    opts.variable_count = 2;
    assert_ok(td_expr_compile(&x, c->rulebook, "a + b", &opts, &err), err);
    const td_decimal values[] = {D("1"), D("2")};
    size_t n = td_result_member_count(c->result);
    assert_error(td_expr_eval(&v, NULL, c->result, 0, values, 2, &err), TD_EINVAL, err,
                 "the expression is NULL");
    assert_error(td_expr_eval(&v, x, NULL, 0, values, 2, &err), TD_EINVAL, err, "the result is NULL");
    assert_error(td_expr_eval(NULL, x, c->result, 0, values, 2, &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_expr_eval(&v, x, c->result, n, values, 2, &err), TD_EINVAL, err,
                 "member 4 is out of range: the result has 4 members");
    assert_error(td_expr_eval(&v, x, c->result, 0, values, 1, &err), TD_EINVAL, err,
                 "the expression declares 2 host variables, but 1 value is given");
    assert_error(td_expr_eval(&v, x, c->result, 0, NULL, 0, &err), TD_EINVAL, err, "but 0 values are given");
    assert_error(td_expr_eval(&v, x, c->result, 0, NULL, 2, &err), TD_EINVAL, err,
                 "values is NULL but value_count is 2");
    assert_error(td_expr_explain(buf, sizeof buf, NULL, x, c->result, n, values, 2, &err), TD_EINVAL, err,
                 "out of range");
    assert_error(td_expr_explain(NULL, 4, NULL, x, c->result, 0, values, 2, &err), TD_EINVAL, err,
                 "buf is NULL but size is 4");
    assert_error(td_expr_explain(buf, sizeof buf, NULL, x, c->result, 0, values, 3, &err), TD_EINVAL, err,
                 "declares 2 host variables");
    /* the out value is untouched on failure */
    v.type = TD_VALUE_TEXT;
    v.text = "kept";
    assert_int_equal(td_expr_eval(&v, x, c->result, n, values, 2, NULL), TD_EINVAL);
    assert_string_equal(v.text, "kept");

    /* a result from another rulebook, even one built the same way */
    expr_case other;
    expr_case_open(&other);
    assert_error(td_expr_eval(&v, x, other.result, 0, values, 2, &err), TD_EINVAL, err,
                 "the result was computed with another rulebook ('expr-case') than the one the "
                 "expression was compiled against ('expr-case')");
    assert_error(td_expr_explain(buf, sizeof buf, NULL, x, other.result, 0, values, 2, &err), TD_EINVAL,
                 err, "another rulebook");
    expr_case_close(&other);
    td_expr_free(x);
}

/* ---- lifetimes and threads ---- */

static void an_expression_keeps_its_rulebook_alive(void **state)
{
    (void)state;
    expr_case own;
    expr_case_open(&own);
    td_expr *x = must_compile(&own, "award(bang_khen) and classification == 'xuat_sac'");
    td_value v;
    td_error err;
    assert_ok(td_expr_eval(&v, x, own.result, expr_case_member(&own, "tp-lai-chau"), NULL, 0, &err), err);
    assert_true(v.boolean);
    /* the caller's references go first; the expression still holds one */
    expr_case_close(&own);
    assert_string_equal(td_expr_canonical(x), "(award('bang_khen') and (classification == 'xuat_sac'))");
    assert_int_equal(td_expr_type(x), TD_VALUE_BOOLEAN);
    td_expr_free(x); /* frees the rulebook: memcheck and ASan see any leak or late use */
}

typedef struct worker {
    const expr_case *c;
    const td_expr *x;
    char out[4][128];
    int failures;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (int round = 0; round < 200; round++)
        for (size_t m = 0; m < 4; m++) {
            char buf[128];
            td_error err;
            if (td_expr_explain(buf, sizeof buf, NULL, w->x, w->c->result, m, NULL, 0, &err) != TD_OK)
                w->failures++;
            else if (round == 0)
                memcpy(w->out[m], buf, sizeof buf);
            else if (strcmp(buf, w->out[m]) != 0)
                w->failures++;
        }
    return NULL;
}

static void one_expression_serves_many_threads_at_once(void **state)
{
    const expr_case *c = *state;
    td_expr *x = must_compile(c, "attainment(hh_rate) >= 1 and rank <= 2 or consecutive(xuat_sac) > 2");
    worker w[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].c = c;
        w[i].x = x;
        assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(w[i].failures, 0);
        for (size_t m = 0; m < 4; m++)
            assert_string_equal(w[i].out[m], w[0].out[m]);
    }
    assert_string_equal(w[0].out[expr_case_member(c, "tam-duong")], "attainment(hh_rate) = 0.961269 < 1; "
                                                                     "consecutive(xuat_sac) = 0 <= 2");
    td_expr_free(x);
}

/* ---- allocation failure ---- */

/* Compile, evaluate and explain through `alloc`; on success *out gets
 * "canonical | value | explanation" (malloc'd). */
static td_status full_use(const expr_case *c, const char *text, const td_allocator *alloc, char **out,
                          td_error *err)
{
    const char *names[] = {"budget", "cap"};
    const td_decimal values[] = {D("120"), D("95")};
    td_expr_options opts = TD_EXPR_OPTIONS_INIT;
    opts.variables = names;
    opts.variable_count = 2;
    opts.allocator = alloc;
    td_expr *x = NULL;
    td_value v;
    char explain[512], value[TD_DECIMAL_STRING_SIZE + 8];
    size_t m = expr_case_member(c, "tam-duong");
    td_status rc = td_expr_compile(&x, c->rulebook, text, &opts, err);
    if (rc == TD_OK)
        rc = td_expr_eval(&v, x, c->result, m, values, 2, err);
    if (rc == TD_OK)
        rc = td_expr_explain(explain, sizeof explain, NULL, x, c->result, m, values, 2, err);
    if (rc == TD_OK) {
        size_t len = strlen(td_expr_canonical(x)) + strlen(explain) + sizeof value + 8;
        *out = malloc(len);
        assert_non_null(*out);
        snprintf(*out, len, "%s | %s | %s", td_expr_canonical(x), expr_value_text(&v, value, sizeof value),
                 explain);
    }
    td_expr_free(x);
    return rc;
}

static void sweep(const expr_case *c, const char *text, td_status expected)
{
    td_error err;
    test_alloc counting;
    test_alloc_init(&counting, 0);
    char *reference = NULL;
    td_status rc = full_use(c, text, &counting.allocator, &reference, &err);
    assert_int_equal(rc, expected);
    assert_int_equal(counting.live, 0);
    assert_int_equal(reference != NULL, expected == TD_OK);
    size_t total = counting.calls;
    if (total < 3)
        fail_msg("'%s' made only %zu allocations", text, total);
    for (size_t n = 1; n <= total; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        char *out = NULL;
        td_error_clear(&err);
        rc = full_use(c, text, &t.allocator, &out, &err);
        if (t.live != 0)
            fail_msg("'%s': allocation %zu of %zu failing leaks %ld blocks", text, n, total, t.live);
        /* nothing absorbs a failure: every one is reported */
        if (rc != TD_ENOMEM)
            fail_msg("'%s': allocation %zu of %zu failing gave %d (%s), not TD_ENOMEM", text, n, total, rc,
                     err.message);
        assert_int_equal(err.code, TD_ENOMEM);
        assert_null(out);
    }
    free(reference);
}

static void every_allocation_failure_is_reported_and_leaks_nothing(void **state)
{
    const expr_case *c = *state;
    sweep(c,
          "budget > 100 and (rank == 1 or classification in ['xuat_sac', 'tot']) and "
          "attainment(hh_rate) >= cap / 100 or min(total, budget * 2, 300) > 500 or "
          "history('xuat_sac', 3) + consecutive(tot) > 9 and not award(bang_khen)",
          TD_OK);
    sweep(c, "if(total > budget, 'over', 'under')", TD_OK);
    /* failing compilations and evaluations leak nothing either */
    sweep(c, "budget + cap + totl", TD_EPARSE);
    sweep(c, "budget / (cap - 95) > 1", TD_EEVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compiled_expressions_keep_text_canonical_form_and_type),
        cmocka_unit_test(values_come_from_the_member_evaluated),
        cmocka_unit_test(host_variables_take_the_values_given_per_evaluation),
        cmocka_unit_test(host_variable_names_are_checked),
        cmocka_unit_test(explanations_name_the_deciding_parts_with_their_values),
        cmocka_unit_test(explanations_are_truncated_to_the_buffer),
        cmocka_unit_test(runtime_faults_name_the_expression_and_column),
        cmocka_unit_test(fault_messages_quote_whole_characters),
        cmocka_unit_test(fault_positions_keep_messages_utf8),
        cmocka_unit_test(misuse_is_refused_with_td_einval),
        cmocka_unit_test(an_expression_keeps_its_rulebook_alive),
        cmocka_unit_test(one_expression_serves_many_threads_at_once),
        cmocka_unit_test(every_allocation_failure_is_reported_and_leaks_nothing),
    };
    return cmocka_run_group_tests(tests, open_case, close_case);
}
