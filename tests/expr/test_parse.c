/*
 * The expression language as the contract defines it: precedence (through
 * the canonical form and the value), every operator and function, static
 * errors with their status, message and exact column, the limits, and the
 * names each place of a rulebook may use.
 */
#include <stdio.h>
#include <stdlib.h>

#include "expr_case.h"
#include "td_test.h"

/* Host variables of every test: x = 2, y = 3. */
static const char *const vars[] = {"x", "y"};

static td_status compile(const expr_case *c, const char *text, td_expr **out, td_error *err)
{
    td_expr_options opts = TD_EXPR_OPTIONS_INIT;
    opts.variables = vars;
    opts.variable_count = 2;
    return td_expr_compile(out, c->rulebook, text, &opts, err);
}

/* The value of `text` for `unit` as text (see expr_value_text). */
static const char *value_of(const expr_case *c, const char *text, const char *unit, char *buf, size_t n)
{
    const td_decimal values[] = {D("2"), D("3")};
    td_expr *x = NULL;
    td_error err;
    td_value v;
    if (compile(c, text, &x, &err) != TD_OK)
        fail_msg("'%s' does not compile: %s (column %u)", text, err.message, err.column);
    if (td_expr_eval(&v, x, c->result, expr_case_member(c, unit), values, 2, &err) != TD_OK)
        fail_msg("'%s' does not evaluate for %s: %s", text, unit, err.message);
    expr_value_text(&v, buf, n);
    td_expr_free(x);
    return buf;
}

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

/* ---- precedence ---- */

static const struct {
    const char *text, *canonical, *value;
} precedence[] = {
    {"not is_leader and all_met()", "((not is_leader) and all_met())", "false"},
    {"-2 * 3 + 4", "(((-2) * 3) + 4)", "-2"},
    {"1 + 2 == 3 and true", "(((1 + 2) == 3) and true)", "true"},
    {"is_leader or all_met() and met(models)", "(is_leader or (all_met() and met('models')))", "true"},
    {"x in [1, 2]", "(x in [1, 2])", "true"},
    {"true or false and false", "(true or (false and false))", "true"},
    {"not true or true", "((not true) or true)", "true"},
    {"not (true or true)", "(not (true or true))", "false"},
    {"2 + 3 * 4", "(2 + (3 * 4))", "14"},
    {"(2 + 3) * 4", "((2 + 3) * 4)", "20"},
    {"10 - 2 + 3", "(10 - 2 + 3)", "11"},
    {"1 - 2 - 3", "(1 - 2 - 3)", "-4"},
    {"1 - (2 - 3)", "(1 - (2 - 3))", "2"},
    {"8 / 4 / 2", "(8 / 4 / 2)", "1"},
    {"8 / (4 / 2)", "(8 / (4 / 2))", "4"},
    {"12 / 4 * 3", "(12 / 4 * 3)", "9"},
    {"-2 * -3", "((-2) * (-3))", "6"},
    {"- -5", "(-(-5))", "5"},
    {"-x * y", "((-x) * y)", "-6"},
    {"not not true", "(not (not true))", "true"},
    {"(x + y * 2 > 7) == false", "(((x + (y * 2)) > 7) == false)", "false"},
    {"total >= 90 and rank == 1 or is_leader",
     "(((total >= 90) and (rank == 1)) or is_leader)", "true"},
    {"x + 1 in [3, 4]", "((x + 1) in [3, 4])", "true"},
    {"95% * 200", "(0.95 * 200)", "190"},
    {"if(x > 1, 10, 20) + 1", "(if((x > 1), 10, 20) + 1)", "11"},
    {"((((x))))", "x", "2"},
    {"classification in ['tot', 'xuat_sac']", "(classification in ['tot', 'xuat_sac'])", "true"},
    {"a_or_b", NULL, NULL}, /* sentinel row: an identifier merely containing 'or' */
};

static void precedence_follows_the_contract(void **state)
{
    const expr_case *c = *state;
    for (size_t i = 0; i < sizeof precedence / sizeof precedence[0]; i++) {
        td_expr *x = NULL, *again = NULL;
        td_error err;
        if (precedence[i].canonical == NULL) {
            assert_error(compile(c, precedence[i].text, &x, &err), TD_EPARSE, err, "unknown name 'a_or_b'");
            continue;
        }
        assert_ok(compile(c, precedence[i].text, &x, &err), err);
        if (strcmp(td_expr_canonical(x), precedence[i].canonical) != 0)
            fail_msg("'%s' printed as '%s', want '%s'", precedence[i].text, td_expr_canonical(x),
                     precedence[i].canonical);
        char buf[TD_DECIMAL_STRING_SIZE + 8];
        const char *v = value_of(c, precedence[i].text, "tan-uyen", buf, sizeof buf);
        if (strcmp(v, precedence[i].value) != 0)
            fail_msg("'%s' gave %s, want %s", precedence[i].text, v, precedence[i].value);
        /* the canonical form parses to itself */
        assert_ok(compile(c, td_expr_canonical(x), &again, &err), err);
        assert_string_equal(td_expr_canonical(again), precedence[i].canonical);
        td_expr_free(again);
        td_expr_free(x);
    }
}

/* ---- operators ---- */

static const struct {
    const char *text, *value;
} operators[] = {
    {"7 + 5", "12"},
    {"7 - 5", "2"},
    {"5 - 7", "-2"},
    {"7 * 5", "35"},
    {"0.25 * 0.5", "0.125"},
    {"7 / 5", "1.4"},
    {"1 / 3", "0.333333333333"},
    {"2 / 3", "0.666666666667"},
    {"-2 / 3", "-0.666666666667"},
    {"1 / 8000000000000", "0"},
    {"1 / 2000000000000", "0.000000000001"},
    {"0.1 + 0.2 == 0.3", "true"},
    {"1.50 == 1.5", "true"},
    {"1 == 1", "true"},
    {"1 != 1", "false"},
    {"1 < 2", "true"},
    {"2 <= 2", "true"},
    {"3 > 2", "true"},
    {"2 >= 3", "false"},
    {"'a' == 'a'", "true"},
    {"'a' != 'b'", "true"},
    {"true == false", "false"},
    {"true != false", "true"},
    {"2 in [1, 2]", "true"},
    {"'c' in ['a', 'b']", "false"},
    {"true in [false]", "false"},
    {"true and false", "false"},
    {"true and true and true", "true"},
    {"false or false", "false"},
    {"false or false or true", "true"},
    {"not false", "true"},
    {"-(3)", "-3"},
    {"5%", "0.05"},
    {"12.5%", "0.125"},
    {"100%", "1"},
    {".5 + 5.", "5.5"},
    {"'it\\'s'", "'it's'"},
    {"'a\\\\b'", "'a\\b'"},
    {"'Tân Uyên'", "'Tân Uyên'"},
    {"  x\t+\n y\r\n", "5"},
    {"x / y", "0.666666666667"},
    /* short-circuit and lazy branches: the division by zero is never reached */
    {"false and 1 / 0 > 1", "false"},
    {"true or 1 / 0 > 1", "true"},
    {"if(true, 1, 1 / 0)", "1"},
};

static void every_operator_computes_exactly(void **state)
{
    const expr_case *c = *state;
    for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++) {
        char buf[TD_DECIMAL_STRING_SIZE + 8];
        const char *v = value_of(c, operators[i].text, "tan-uyen", buf, sizeof buf);
        if (strcmp(v, operators[i].value) != 0)
            fail_msg("'%s' gave %s, want %s", operators[i].text, v, operators[i].value);
    }
}

/* ---- functions and names ---- */

static const struct {
    const char *text, *unit, *value;
} functions[] = {
    {"attainment(hh_rate)", "tam-duong", "0.961269"},
    {"attainment('hh_rate')", "tam-duong", "0.961269"},
    {"attainment(hh_achieved)", "tam-duong", "0.961269"},
    {"points(hh_achieved)", "tam-duong", "14.42"},
    {"attainment(loans)", "than-uyen", "0.833333"},
    {"actual(hh_rate)", "tam-duong", "0.961269"},
    {"target(hh_rate)", "tam-duong", "1"},
    {"actual(loans)", "tan-uyen", "12"},
    {"target(loans)", "tan-uyen", "10"},
    {"points(hh_achieved)", "than-uyen", "14.81"},
    {"points(models)", "tam-duong", "22.5"},
    {"points(reporting)", "tp-lai-chau", "29"},
    {"met(loans)", "than-uyen", "false"},
    {"met(loans)", "tan-uyen", "true"},
    {"met(hh_rate)", "tam-duong", "false"},
    {"met(reporting)", "tan-uyen", "false"},
    {"all_met()", "tan-uyen", "true"},
    {"all_met()", "tam-duong", "false"},
    {"count_met()", "tan-uyen", "4"},
    {"count_met()", "tam-duong", "2"},
    {"events(late_report)", "tam-duong", "1"},
    {"events('national_award')", "tam-duong", "0"},
    {"award(co_thi_dua)", "tan-uyen", "true"},
    {"award('bang_khen')", "tan-uyen", "false"},
    {"award(bang_khen)", "tp-lai-chau", "true"},
    {"history('xuat_sac', 1)", "tp-lai-chau", "1"},
    {"history('xuat_sac', 2)", "tp-lai-chau", "2"},
    {"history('xuat_sac', 3)", "tp-lai-chau", "3"},
    {"history(xuat_sac, 2)", "than-uyen", "1"},
    {"history('bang_khen', 5)", "tp-lai-chau", "1"},
    {"consecutive('xuat_sac')", "tp-lai-chau", "3"},
    {"consecutive('xuat_sac')", "tan-uyen", "1"},
    {"consecutive('xuat_sac')", "than-uyen", "0"},
    {"consecutive(tot)", "than-uyen", "1"},
    {"min_share()", "tan-uyen", "0.933333333333"},
    {"min_share()", "than-uyen", "0"},
    {"min(3, 1, 2)", "tan-uyen", "1"},
    {"max(3, 1, 2)", "tan-uyen", "3"},
    {"min(x)", "tan-uyen", "2"},
    {"abs(-2.5)", "tan-uyen", "2.5"},
    {"abs(2.5)", "tan-uyen", "2.5"},
    {"round(2.345, 2)", "tan-uyen", "2.35"},
    {"round(-2.345, 2)", "tan-uyen", "-2.35"},
    {"round(2.5, 0)", "tan-uyen", "3"},
    {"round(-2.5, 0)", "tan-uyen", "-3"},
    {"round(2.4999, 0)", "tan-uyen", "2"},
    {"round(1.5, 3)", "tan-uyen", "1.5"},
    {"if(false, 1, 2)", "tan-uyen", "2"},
    {"if(x > 1, 'big', 'small')", "tan-uyen", "'big'"},
    {"if(is_leader, true, false)", "tp-lai-chau", "false"},
    {"total", "tam-duong", "80.92"},
    {"base", "tam-duong", "81.92"},
    {"bonus", "tan-uyen", "2"},
    {"deduction", "tam-duong", "1"},
    {"rank", "than-uyen", "4"},
    {"classification", "than-uyen", "'tot'"},
    {"members", "than-uyen", "4"},
    {"is_leader", "tan-uyen", "true"},
};

static void every_function_reads_the_member(void **state)
{
    const expr_case *c = *state;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        char buf[TD_DECIMAL_STRING_SIZE + 8];
        const char *v = value_of(c, functions[i].text, functions[i].unit, buf, sizeof buf);
        if (strcmp(v, functions[i].value) != 0)
            fail_msg("'%s' gave %s for %s, want %s", functions[i].text, v, functions[i].unit,
                     functions[i].value);
    }
}

/* The names agree with the result's own accessors for every member. */
static void names_agree_with_the_result(void **state)
{
    const expr_case *c = *state;
    for (size_t m = 0; m < td_result_member_count(c->result); m++) {
        const char *unit = td_result_member_unit(c->result, m);
        char buf[TD_DECIMAL_STRING_SIZE + 8], want[TD_DECIMAL_STRING_SIZE + 8];
        td_decimal_format(want, sizeof want, td_result_member_total(c->result, m));
        assert_string_equal(value_of(c, "total", unit, buf, sizeof buf), want);
        td_decimal_format(want, sizeof want, td_result_member_base(c->result, m));
        assert_string_equal(value_of(c, "base", unit, buf, sizeof buf), want);
        td_decimal_format(want, sizeof want, td_result_member_bonus(c->result, m));
        assert_string_equal(value_of(c, "bonus", unit, buf, sizeof buf), want);
        td_decimal_format(want, sizeof want, td_result_member_deduction(c->result, m));
        assert_string_equal(value_of(c, "deduction", unit, buf, sizeof buf), want);
        snprintf(want, sizeof want, "%zu", td_result_member_rank(c->result, m));
        assert_string_equal(value_of(c, "rank", unit, buf, sizeof buf), want);
        snprintf(want, sizeof want, "'%s'", td_result_member_classification(c->result, m));
        assert_string_equal(value_of(c, "classification", unit, buf, sizeof buf), want);
        snprintf(want, sizeof want, "%zu", td_result_member_count_met(c->result, m));
        assert_string_equal(value_of(c, "count_met()", unit, buf, sizeof buf), want);
        assert_string_equal(value_of(c, "all_met()", unit, buf, sizeof buf),
                            td_result_member_all_met(c->result, m) ? "true" : "false");
        assert_string_equal(value_of(c, "is_leader", unit, buf, sizeof buf),
                            td_result_member_is_leader(c->result, m) ? "true" : "false");
        for (size_t a = 0; a < td_result_award_count(c->result); a++) {
            char text[64];
            snprintf(text, sizeof text, "award('%s')", td_rulebook_award_id(c->rulebook, a));
            assert_string_equal(value_of(c, text, unit, buf, sizeof buf),
                                td_result_award_status(c->result, m, a) == TD_AWARD_SELECTED ? "true"
                                                                                            : "false");
        }
    }
}

/* ---- errors ---- */

static const struct {
    const char *text;
    td_status code;
    unsigned column;
    const char *message;
} errors[] = {
    {"", TD_EPARSE, 1, "the expression is empty"},
    {"   ", TD_EPARSE, 1, "the expression is empty"},
    {"1 +", TD_EPARSE, 4, "expected a value, found the end of the expression"},
    {"not", TD_EPARSE, 4, "expected a value, found the end of the expression"},
    {"(1 + 2", TD_EPARSE, 7, "expected ')' to close the '(' at column 1, found the end"},
    {"1 + 2)", TD_EPARSE, 6, "unexpected ')' after a complete expression"},
    {"x y", TD_EPARSE, 3, "unexpected 'y' after a complete expression"},
    {"min(1, 2", TD_EPARSE, 9, "expected ',' or ')' to close the '(' at column 4"},
    {"[1, 2", TD_EPARSE, 6, "expected ',' or ']' to close the '[' at column 1"},
    {"totl > 1", TD_EPARSE, 1, "unknown name 'totl' (did you mean 'total'?)"},
    {"True", TD_EPARSE, 1, "unknown name 'True' (did you mean 'true'?)"},
    {"x + z1", TD_EPARSE, 5, "unknown name 'z1'"},
    {"atainment(hh_rate)", TD_EPARSE, 1, "unknown function 'atainment' (did you mean 'attainment'?)"},
    {"attainment(hh_rat)", TD_EPARSE, 12,
     "unknown criterion or measure 'hh_rat' in attainment() (did you mean 'hh_rate'?)"},
    {"attainment(1)", TD_EPARSE, 12, "attainment() takes the id of a criterion or measure first, found '1'"},
    {"points(hh_rate)", TD_EPARSE, 8, "unknown criterion, group or section 'hh_rate' in points()"},
    {"events('late')", TD_EPARSE, 8, "unknown adjustment item 'late' in events()"},
    {"award('bang_khe')", TD_EPARSE, 7, "unknown award 'bang_khe' in award() (did you mean 'bang_khen'?)"},
    {"consecutive('nope')", TD_EPARSE, 13, "unknown award, classification or title 'nope' in consecutive()"},
    {"classification == 'xuat_sax'", TD_EPARSE, 19,
     "unknown classification 'xuat_sax' (did you mean 'xuat_sac'?)"},
    {"classification in ['tot', 'khong']", TD_EPARSE, 27, "unknown classification 'khong'"},
    {"total()", TD_EPARSE, 1, "total is not a function: write total without '('"},
    {"x()", TD_EPARSE, 1, "x is not a function"},
    {"all_met", TD_EPARSE, 1, "all_met is a function: write all_met()"},
    {"history", TD_EPARSE, 1, "history is a function: write history(...)"},
    {"history('xuat_sac')", TD_EPARSE, 1, "history() takes 2 arguments, got 1"},
    {"history('xuat_sac', 0)", TD_EPARSE, 21, "history()'s count of periods must be a whole number >= 1, got 0"},
    {"history('xuat_sac', 1.5)", TD_EPARSE, 21, "must be a whole number >= 1, got 1.5"},
    {"history('xuat_sac', true)", TD_EPARSE, 21, "history()'s count of periods needs a number, but 'true' is a boolean"},
    {"round(1.234)", TD_EPARSE, 1, "round() takes 2 arguments, got 1"},
    {"round(1.234, 37)", TD_EPARSE, 14, "round()'s places must be a whole number from 0 to 36, got 37"},
    {"round(1.234, -1)", TD_EPARSE, 14, "got -1"},
    {"min()", TD_EPARSE, 1, "min() takes at least 1 argument, got 0"},
    {"min(1, true)", TD_EPARSE, 8, "min() needs a number, but 'true' is a boolean"},
    {"abs(1, 2)", TD_EPARSE, 1, "abs() takes 1 argument, got 2"},
    {"all_met(1)", TD_EPARSE, 1, "all_met() takes 0 arguments, got 1"},
    {"attainment()", TD_EPARSE, 1, "attainment() takes 1 argument, got 0"},
    {"if(1, 2, 3)", TD_EPARSE, 4, "if()'s condition needs a boolean, but '1' is a number"},
    {"if(true, 1, 'a')", TD_EPARSE, 13, "if() needs both branches of one type, got a number and a text"},
    {"if(true, [1], [2])", TD_EPARSE, 10, "if() cannot give a list"},
    {"1 + true", TD_EPARSE, 5, "'+' needs a number, but 'true' is a boolean"},
    {"'a' * 2", TD_EPARSE, 1, "'*' needs a number, but ''a'' is a text"},
    {"x - is_leader", TD_EPARSE, 5, "'-' needs a number, but 'is_leader' is a boolean"},
    {"1 / classification", TD_EPARSE, 5, "'/' needs a number"},
    {"not 1", TD_EPARSE, 5, "'not' needs a boolean, but '1' is a number"},
    {"not total >= 90", TD_EPARSE, 5, "'not' needs a boolean, but 'total' is a number"},
    {"-true", TD_EPARSE, 2, "'-' needs a number, but 'true' is a boolean"},
    {"x and true", TD_EPARSE, 1, "'and' needs a boolean, but 'x' is a number"},
    {"true or 1", TD_EPARSE, 9, "'or' needs a boolean, but '1' is a number"},
    {"1 < 2 < 3", TD_EPARSE, 7, "comparisons cannot be chained: join them with 'and'"},
    {"1 == 1 == true", TD_EPARSE, 8, "comparisons cannot be chained"},
    {"1 == 'a'", TD_EPARSE, 3, "'==' compares values of one type, not a number and a text"},
    {"true != 0", TD_EPARSE, 6, "'!=' compares values of one type, not a boolean and a number"},
    {"'a' < 'b'", TD_EPARSE, 1, "'<' needs a number, but ''a'' is a text"},
    {"x >= true", TD_EPARSE, 6, "'>=' needs a number, but 'true' is a boolean"},
    {"1 in 2", TD_EPARSE, 6, "'in' needs a list on its right, like ['a', 'b'], but '2' is a number"},
    {"1 in ['a']", TD_EPARSE, 3, "'in' looks for a number in a list of texts"},
    {"1 in []", TD_EPARSE, 6, "an empty list can never contain anything"},
    {"[1, 2] == [1, 2]", TD_EPARSE, 1, "'==' cannot compare lists: use 'in'"},
    {"x in [1, 'a']", TD_EPARSE, 10, "a list mixes a number and a text"},
    {"x in [1, [2]]", TD_EPARSE, 10, "a list cannot hold a list"},
    {"[1, 2]", TD_EPARSE, 1, "an expression must be a number, a boolean or a text, but this is a list"},
    {"min([1])", TD_EPARSE, 5, "min() needs a number, but '[1]' is a list"},
    {"total = 1", TD_EPARSE, 7, "'=' is not an operator: compare with '=='"},
    {"1 !== 2", TD_EPARSE, 5, "'=' is not an operator"},
    {"!true", TD_EPARSE, 1, "'!' is not an operator: write 'not' or '!='"},
    {"true && true", TD_EPARSE, 6, "'&' is not an operator: write 'and'"},
    {"true || true", TD_EPARSE, 6, "'|' is not an operator: write 'or'"},
    {"\"tot\" == classification", TD_EPARSE, 1, "texts are written in single quotes"},
    {"'abc", TD_EPARSE, 1, "the text starting here has no closing quote"},
    {"'abc\\'", TD_EPARSE, 1, "no closing quote"},
    {"2x", TD_EPARSE, 2, "unexpected 'x' after the number '2'"},
    {"2_000", TD_EPARSE, 2, "unexpected '_' after the number '2'"},
    {"1.2.3", TD_EPARSE, 4, "unexpected '.' after the number '1.2'"},
    {"1e3", TD_EPARSE, 2, "unexpected 'e' after the number '1'"},
    {"5%%", TD_EPARSE, 3, "unexpected '%' after '5%'"},
    {"total % 2", TD_EPARSE, 7, "'%' must follow a number directly, as in 95%"},
    {"total # 1", TD_EPARSE, 7, "unexpected character '#'"},
    {"1 +\x01 2", TD_EPARSE, 4, "unexpected control character 0x01"},
    {"1 + \xff", TD_EPARSE, 5, "not valid UTF-8 (byte 0xFF)"},
    {"'T\xc3\xa2n' == \xc3", TD_EPARSE, 11, "not valid UTF-8 (byte 0xC3)"},
    {"1234567890123456789012345678901234567890", TD_EPARSE, 1, "has more than 38 digits"},
    {"0.0000000000000000000000000000000000001", TD_EPARSE, 1, "or 36 decimals"},
    {"0.00000000000000000000000000000000001%", TD_EPARSE, 1, "or 34 decimals"},
};

static void errors_give_status_message_and_column(void **state)
{
    const expr_case *c = *state;
    assert_true(sizeof errors / sizeof errors[0] >= 30);
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        td_expr *x = NULL;
        td_error err;
        td_status rc = compile(c, errors[i].text, &x, &err);
        if (rc != errors[i].code)
            fail_msg("'%s' gave %d (%s), want %d", errors[i].text, rc, err.message, errors[i].code);
        assert_null(x);
        assert_int_equal(err.code, errors[i].code);
        if (strstr(err.message, errors[i].message) == NULL)
            fail_msg("'%s': message \"%s\" lacks \"%s\"", errors[i].text, err.message, errors[i].message);
        if (err.line != 1 || err.column != errors[i].column)
            fail_msg("'%s' (%s): at %u:%u, want 1:%u", errors[i].text, err.message, err.line, err.column,
                     errors[i].column);
    }
}

/* ---- limits ---- */

/* A malloc'd text: `open` n times, `middle`, then `close` n times. */
static char *nested(const char *open, size_t n, const char *middle, const char *close)
{
    size_t lo = strlen(open), lc = strlen(close), lm = strlen(middle);
    char *s = malloc(n * (lo + lc) + lm + 1);
    assert_non_null(s);
    char *p = s;
    for (size_t i = 0; i < n; i++, p += lo)
        memcpy(p, open, lo);
    memcpy(p, middle, lm);
    p += lm;
    for (size_t i = 0; i < n; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return s;
}

/* "1 + 1 + ... + 1" of exactly `bytes` bytes (padded with spaces), n terms in *terms. */
static char *long_sum(size_t bytes, size_t *terms)
{
    char *s = malloc(bytes + 1);
    assert_non_null(s);
    size_t n = 1;
    s[0] = '1';
    size_t len = 1;
    while (len + 4 <= bytes) {
        memcpy(s + len, " + 1", 4);
        len += 4;
        n++;
    }
    memset(s + len, ' ', bytes - len);
    s[bytes] = '\0';
    *terms = n;
    return s;
}

static td_status compile_limited(const expr_case *c, const char *text, size_t max_bytes,
                                 size_t max_depth, td_expr **out, td_error *err)
{
    td_expr_options opts = TD_EXPR_OPTIONS_INIT;
    opts.max_bytes = max_bytes;
    opts.max_depth = max_depth;
    return td_expr_compile(out, c->rulebook, text, &opts, err);
}

static void byte_limit_defaults_to_4096_and_is_configurable(void **state)
{
    const expr_case *c = *state;
    td_expr *x = NULL;
    td_error err;
    size_t terms;
    char *s = long_sum(4096, &terms);
    assert_ok(compile_limited(c, s, 0, 0, &x, &err), err);
    td_value v;
    assert_ok(td_expr_eval(&v, x, c->result, 0, NULL, 0, &err), err);
    assert_decimal(v.number, "1024");
    assert_int_equal(terms, 1024);
    td_expr_free(x);
    free(s);
    s = long_sum(4097, &terms);
    assert_error(compile_limited(c, s, 0, 0, &x, &err), TD_ELIMIT, err,
                 "the expression is 4097 bytes long; the limit is 4096");
    assert_int_equal(err.column, 4097);
    /* a configured limit, above and below the default */
    assert_ok(compile_limited(c, s, 5000, 0, &x, &err), err);
    td_expr_free(x);
    assert_error(compile_limited(c, "12345678901", 10, 0, &x, &err), TD_ELIMIT, err,
                 "the expression is 11 bytes long; the limit is 10");
    assert_int_equal(err.column, 11);
    assert_ok(compile_limited(c, "1234567890", 10, 0, &x, &err), err);
    td_expr_free(x);
    free(s);
}

static void depth_limit_defaults_to_64_and_is_configurable(void **state)
{
    const expr_case *c = *state;
    td_expr *x = NULL;
    td_error err;
    char *s = nested("(", 64, "1", ")");
    assert_ok(compile_limited(c, s, 0, 0, &x, &err), err);
    td_expr_free(x);
    free(s);
    s = nested("(", 65, "1", ")");
    assert_error(compile_limited(c, s, 0, 0, &x, &err), TD_ELIMIT, err,
                 "the expression nests deeper than 64 levels");
    assert_int_equal(err.column, 65);
    free(s);
    /* configured: two levels */
    assert_ok(compile_limited(c, "min((1))", 0, 2, &x, &err), err);
    td_expr_free(x);
    assert_error(compile_limited(c, "min(((1)))", 0, 2, &x, &err), TD_ELIMIT, err,
                 "nests deeper than 2 levels");
    assert_int_equal(err.column, 6);
    assert_error(compile_limited(c, "-(-1)", 0, 2, &x, &err), TD_ELIMIT, err, "deeper than 2");
    assert_int_equal(err.column, 3);
    assert_error(compile_limited(c, "1 in [((1))]", 0, 2, &x, &err), TD_ELIMIT, err, "deeper than 2");
    assert_int_equal(err.column, 8);
    /* configured above the default */
    s = nested("(", 200, "1", ")");
    assert_ok(compile_limited(c, s, 0, 200, &x, &err), err);
    td_expr_free(x);
    free(s);
}

/* Nesting far beyond any limit ends in TD_ELIMIT, never in a stack overflow. */
static void very_deep_nesting_is_refused_without_recursing(void **state)
{
    const expr_case *c = *state;
    static const struct {
        const char *open, *middle, *close;
        unsigned column; /* of the 65th level */
    } kinds[] = {
        {"(", "1", ")", 65},
        {"-", "1", "", 65},
        {"not ", "true", "", 257},
        {"abs(", "1", ")", 4 * 64 + 4},
        {"if(true, ", "1", ", 1)", 9 * 64 + 3},
        {"1 in [", "1", "]", 6 * 64 + 6},
        {"(1 + ", "1", ")", 5 * 64 + 1},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        char *s = nested(kinds[k].open, 100000, kinds[k].middle, kinds[k].close);
        td_expr *x = NULL;
        td_error err;
        assert_error(compile_limited(c, s, TD_EXPR_MAX_BYTES_LIMIT, 0, &x, &err), TD_ELIMIT,
                     err, "nests deeper than 64 levels");
        if (err.column != kinds[k].column)
            fail_msg("'%s...' failed at column %u, want %u", kinds[k].open, err.column, kinds[k].column);
        free(s);
        /* with the largest depth allowed, still refused */
        s = nested(kinds[k].open, 100000, kinds[k].middle, kinds[k].close);
        assert_error(compile_limited(c, s, TD_EXPR_MAX_BYTES_LIMIT, TD_EXPR_MAX_DEPTH_LIMIT, &x, &err), TD_ELIMIT, err,
                     "nests deeper than 256 levels");
        free(s);
    }
}

/* Long chains of one operator are not nesting: they compile and evaluate
 * in loops, whatever their length. */
static void long_operator_chains_evaluate_without_deep_recursion(void **state)
{
    const expr_case *c = *state;
    size_t terms;
    char *s = long_sum(1000000, &terms);
    td_expr *x = NULL;
    td_error err;
    td_value v;
    assert_ok(compile_limited(c, s, 1000000, 0, &x, &err), err);
    assert_ok(td_expr_eval(&v, x, c->result, 0, NULL, 0, &err), err);
    char want[32];
    snprintf(want, sizeof want, "%zu", terms);
    assert_decimal(v.number, want);
    td_expr_free(x);
    free(s);
    /* and a chain of conditions, explained */
    s = nested("true and ", 100000, "false", "");
    assert_ok(compile_limited(c, s, 1000000, 0, &x, &err), err);
    assert_ok(td_expr_eval(&v, x, c->result, 0, NULL, 0, &err), err);
    assert_false(v.boolean);
    char buf[64];
    assert_ok(td_expr_explain(buf, sizeof buf, NULL, x, c->result, 0, NULL, 0, &err), err);
    assert_string_equal(buf, "false");
    td_expr_free(x);
    free(s);
}

static void limits_above_the_ceilings_are_refused(void **state)
{
    const expr_case *c = *state;
    td_expr *x = NULL;
    td_error err;
    assert_error(compile_limited(c, "1", 0, 257, &x, &err), TD_EINVAL, err,
                 "max_depth 257 is above the largest allowed, 256");
    assert_error(compile_limited(c, "1", ((size_t)1 << 30) + 1, 0, &x, &err), TD_EINVAL, err,
                 "max_bytes 1073741825 is above the largest allowed");
    assert_null(x);
}

/* A rulebook's own limits apply to every expression it holds. */
static void rulebook_expression_limits_are_configurable(void **state)
{
    (void)state;
    static const struct {
        size_t max_bytes, max_depth;
        const char *when;
        td_status code;
        const char *message;
    } rows[] = {
        {0, 2, "((total > 1))", TD_OK, NULL},
        {0, 2, "(((total > 1)))", TD_ELIMIT, "classification 'good' when: the expression nests deeper than 2 levels"},
        {12, 0, "total > 1", TD_OK, NULL},
        {8, 0, "total > 1", TD_ELIMIT, "classification 'good' when: the expression is 9 bytes long; the limit is 8"},
        {0, 0, "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((total > 1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))", TD_OK, NULL},
    };
    td_decimal fifty = D("50");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        td_rulebook_builder *b = NULL;
        td_rulebook *rb = NULL;
        td_error err;
        assert_ok(td_rulebook_builder_new(&b, "limits", NULL, &err), err);
        assert_ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), err);
        assert_ok(td_rulebook_builder_add_criterion(b, "S", "c", NULL, D("10"), &err), err);
        assert_ok(tr_rule_proportional(b, "c", D("1"), &err), err);
        assert_ok(td_rulebook_builder_add_classification(b, "good", NULL, &fifty, &err), err);
        assert_ok(td_rulebook_builder_set_classification_when(b, "good", rows[i].when, &err), err);
        assert_ok(td_rulebook_builder_add_classification(b, "rest", NULL, NULL, &err), err);
        assert_ok(td_rulebook_builder_set_expression_limits(b, rows[i].max_bytes, rows[i].max_depth, &err), err);
        if (rows[i].code == TD_OK)
            assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
        else
            assert_error(td_rulebook_builder_build(&rb, b, &err), rows[i].code, err, rows[i].message);
        td_rulebook_free(rb);
        assert_error(td_rulebook_builder_set_expression_limits(b, 0, TD_EXPR_MAX_DEPTH_LIMIT + 1, &err),
                     TD_EINVAL, err, "max_depth 257 is above the largest allowed");
        assert_error(td_rulebook_builder_set_expression_limits(b, TD_EXPR_MAX_BYTES_LIMIT + 1, 0, &err),
                     TD_EINVAL, err, "max_bytes 1073741825 is above the largest allowed");
        td_rulebook_builder_free(b);
    }
    td_error err;
    assert_error(td_rulebook_builder_set_expression_limits(NULL, 0, 0, &err), TD_EINVAL, err, "NULL");
}

/* ---- what each place of a rulebook may use ---- */

typedef td_status (*place_fn)(td_rulebook_builder *b, const char *text, td_error *err);

static td_status as_measure(td_rulebook_builder *b, const char *text, td_error *err)
{
    return td_rulebook_builder_add_measure(b, "m", text, err);
}

static td_status as_rule(td_rulebook_builder *b, const char *text, td_error *err)
{
    return tr_rule_expr(b, "c", text, err);
}

static td_status as_class_when(td_rulebook_builder *b, const char *text, td_error *err)
{
    return td_rulebook_builder_set_classification_when(b, "good", text, err);
}

static td_status as_rank_key(td_rulebook_builder *b, const char *text, td_error *err)
{
    return td_rulebook_builder_add_ranking_key(b, text, true, err);
}

static td_status as_award_when(td_rulebook_builder *b, const char *text, td_error *err)
{
    return td_rulebook_builder_add_award(b, "second", NULL, text, err);
}

static td_status as_award_order(td_rulebook_builder *b, const char *text, td_error *err)
{
    td_status rc = td_rulebook_builder_add_award(b, "second", NULL, NULL, err);
    return rc != TD_OK ? rc : td_rulebook_builder_set_award_order(b, "second", text, err);
}

/* Builds a rulebook with criterion "c" (rule proportional unless the place
 * is the rule), classes good/rest, award "first", and `text` at `place`. */
static td_status build_with(place_fn place, const char *text, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL;
    td_decimal fifty = D("50");
    td_status rc = td_rulebook_builder_new(&b, "places", NULL, err);
    if (rc == TD_OK)
        (void)((rc = td_rulebook_builder_add_section(b, "S", NULL, NULL, err)) ||
               (rc = td_rulebook_builder_add_criterion(b, "S", "c", NULL, D("10"), err)) ||
               (rc = tr_rule_proportional(b, "c", D("1"), err)) ||
               (rc = td_rulebook_builder_add_adjustment(b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, D("1"), NULL, err)) ||
               (rc = td_rulebook_builder_add_classification(b, "good", NULL, &fifty, err)) ||
               (rc = td_rulebook_builder_add_classification(b, "rest", NULL, NULL, err)) ||
               (rc = td_rulebook_builder_add_award(b, "first", NULL, NULL, err)) ||
               (rc = place(b, text, err)));
    if (rc == TD_OK)
        rc = td_rulebook_builder_build(&rb, b, err);
    td_rulebook_free(rb);
    td_rulebook_builder_free(b);
    return rc;
}

static const struct {
    const char *where;
    place_fn place;
    const char *text;
    const char *message; /* NULL: accepted */
} places[] = {
    {"measure", as_measure, "a / b + 1", NULL},
    {"measure", as_measure, "round(a / 3, 2)", NULL},
    {"measure", as_measure, "attainment(c)", "a derived measure cannot use attainment: attainments are not computed yet"},
    {"measure", as_measure, "total", "a derived measure cannot use total"},
    {"measure", as_measure, "a > 1", "a derived measure must be a number, but this is a boolean"},
    {"rule", as_rule, "attainment(c) * 10 + events(late) + history('good', 2) + members", NULL},
    {"rule", as_rule, "if(is_leader and met(c), 10, 5)", NULL},
    {"rule", as_rule, "points(c)", "an expr rule cannot use points: points are not computed yet"},
    {"rule", as_rule, "total / 2", "an expr rule cannot use total: totals are not computed yet"},
    {"rule", as_rule, "min_share() * 10", "an expr rule cannot use min_share"},
    {"rule", as_rule, "c * 2", "unknown name 'c'"},
    {"class when", as_class_when, "min_share() >= 85% and total > 60 and points(c) > 1", NULL},
    {"class when", as_class_when, "rank == 1", "a classification condition cannot use rank: ranks are not computed yet"},
    {"class when", as_class_when, "classification == 'good'", "cannot use classification"},
    {"class when", as_class_when, "award('first')", "cannot use award: awards are not computed yet"},
    {"class when", as_class_when, "total", "a classification condition must be a condition (true or false), but this is a number"},
    {"rank key", as_rank_key, "classification == 'good'", NULL},
    {"rank key", as_rank_key, "is_leader", NULL},
    {"rank key", as_rank_key, "rank", "a ranking key cannot use rank"},
    {"rank key", as_rank_key, "award(first)", "a ranking key cannot use award"},
    {"rank key", as_rank_key, "classification", "a ranking key must be a number or a boolean, but this is a text"},
    {"award when", as_award_when, "rank <= 2 and award(first) and classification in ['good']", NULL},
    {"award when", as_award_when, "award(second)", "award 'second' is not decided yet here: award() names an award listed before this one"},
    {"award when", as_award_when, "consecutive('second') > 1 and history(rest, 3) == 0", NULL},
    {"award order", as_award_order, "0 - total", NULL},
    {"award order", as_award_order, "'x'", "an award order must be a number or a boolean"},
};

static void each_place_of_a_rulebook_uses_what_is_computed_before_it(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        td_error err;
        td_error_clear(&err);
        td_status rc = build_with(places[i].place, places[i].text, &err);
        if (places[i].message == NULL) {
            if (rc != TD_OK)
                fail_msg("%s '%s' refused: %s", places[i].where, places[i].text, err.message);
            continue;
        }
        /* using what is computed later breaks the order of computation: a rulebook error */
        td_status want = strstr(places[i].message, "cannot use") != NULL || strstr(places[i].message, "not decided yet")
                             ? TD_ERULEBOOK
                             : TD_EPARSE;
        if (rc != want)
            fail_msg("%s '%s' gave %d (%s), want %d", places[i].where, places[i].text, rc, err.message,
                     want);
        if (strstr(err.message, places[i].message) == NULL)
            fail_msg("%s '%s': \"%s\" lacks \"%s\"", places[i].where, places[i].text, err.message,
                     places[i].message);
        assert_int_equal(err.line, 1);
        assert_true(err.column >= 1);
    }
}

/* Contract: criterion ids win over a measure of the same name in
 * attainment(c) and friends. Criterion 'x' scores measure 'y'; a measure
 * named 'x' exists too, derived (x = y + z) or given in the data. Member u
 * has y 100 → 80 and z 100 → 300, so criterion x has attainment 0.8 while
 * the derived measure x would have 200 → 380 (1.9); the data measure x is
 * 50 → 200 (4), scored by criterion 'w' (10 points against x's 8). */
static void criterion_ids_win_over_a_measure_of_the_same_name(void **state)
{
    (void)state;
    static const struct {
        const char *text, *value;
    } rows[] = {
        {"attainment(x)", "0.8"}, {"actual(x)", "80"},  {"target(x)", "100"},
        {"points(x)", "8"},       {"met(x)", "false"},  {"attainment('x') * 10", "8"},
    };
    for (int data_measure = 0; data_measure < 2; data_measure++) {
        td_error err;
        td_rulebook_builder *b = NULL;
        td_rulebook *rb = NULL;
        td_cluster *cl = NULL;
        td_result *res = NULL;
        td_decimal zero = D("0");
        assert_ok(td_rulebook_builder_new(&b, "names", NULL, &err), err);
        if (!data_measure)
            assert_ok(td_rulebook_builder_add_measure(b, "x", "y + z", &err), err);
        assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err), err);
        assert_ok(td_rulebook_builder_add_criterion(b, "A", "x", NULL, D("10"), &err), err);
        assert_ok(td_rulebook_builder_set_measure(b, "x", "y", &err), err);
        assert_ok(tr_rule_proportional(b, "x", D("1"), &err), err);
        if (data_measure) {
            assert_ok(td_rulebook_builder_add_criterion(b, "A", "w", NULL, D("10"), &err), err);
            assert_ok(td_rulebook_builder_set_measure(b, "w", "x", &err), err);
            assert_ok(tr_rule_proportional(b, "w", D("1"), &err), err);
        }
        /* inside the rulebook too: a condition that holds only for the criterion's values */
        assert_ok(td_rulebook_builder_add_classification(b, "criterion", NULL, &zero, &err), err);
        assert_ok(td_rulebook_builder_set_classification_when(
                      b, "criterion", "actual(x) == 80 and target(x) == 100 and not met(x) and points(x) == 8",
                      &err),
                  err);
        assert_ok(td_rulebook_builder_add_classification(b, "measure", NULL, NULL, &err), err);
        assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
        td_rulebook_builder_free(b);
        assert_ok(td_cluster_new(&cl, "c", 2024, NULL, &err), err);
        assert_ok(td_cluster_add_member(cl, "u", NULL, &err), err);
        assert_ok(td_cluster_set_target(cl, "u", "y", D("100"), &err), err);
        assert_ok(td_cluster_set_actual(cl, "u", "y", D("80"), &err), err);
        assert_ok(td_cluster_set_target(cl, "u", data_measure ? "x" : "z", D(data_measure ? "50" : "100"), &err),
                  err);
        assert_ok(td_cluster_set_actual(cl, "u", data_measure ? "x" : "z", D(data_measure ? "200" : "300"), &err),
                  err);
        assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
        assert_string_equal(td_result_member_classification(res, 0), "criterion");
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
            td_expr *x = NULL;
            td_value v;
            char buf[TD_DECIMAL_STRING_SIZE + 8];
            assert_ok(td_expr_compile(&x, rb, rows[i].text, NULL, &err), err);
            assert_ok(td_expr_eval(&v, x, res, 0, NULL, 0, &err), err);
            if (strcmp(expr_value_text(&v, buf, sizeof buf), rows[i].value) != 0)
                fail_msg("%s measure x: %s is %s, want %s", data_measure ? "data" : "derived", rows[i].text, buf,
                         rows[i].value);
            td_expr_free(x);
        }
        if (data_measure) { /* the measure itself is still there for the criterion that scores it */
            td_expr *x = NULL;
            td_value v;
            char buf[TD_DECIMAL_STRING_SIZE + 8];
            assert_ok(td_expr_compile(&x, rb, "attainment(w) + points(w)", NULL, &err), err);
            assert_ok(td_expr_eval(&v, x, res, 0, NULL, 0, &err), err);
            assert_string_equal(expr_value_text(&v, buf, sizeof buf), "14");
            td_expr_free(x);
        }
        td_result_free(res);
        td_cluster_free(cl);
        td_rulebook_free(rb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(precedence_follows_the_contract),
        cmocka_unit_test(every_operator_computes_exactly),
        cmocka_unit_test(every_function_reads_the_member),
        cmocka_unit_test(names_agree_with_the_result),
        cmocka_unit_test(errors_give_status_message_and_column),
        cmocka_unit_test(byte_limit_defaults_to_4096_and_is_configurable),
        cmocka_unit_test(depth_limit_defaults_to_64_and_is_configurable),
        cmocka_unit_test(very_deep_nesting_is_refused_without_recursing),
        cmocka_unit_test(long_operator_chains_evaluate_without_deep_recursion),
        cmocka_unit_test(limits_above_the_ceilings_are_refused),
        cmocka_unit_test(rulebook_expression_limits_are_configurable),
        cmocka_unit_test(each_place_of_a_rulebook_uses_what_is_computed_before_it),
        cmocka_unit_test(criterion_ids_win_over_a_measure_of_the_same_name),
    };
    return cmocka_run_group_tests(tests, open_case, close_case);
}
