/*
 * Evaluation faults of expressions in a rulebook file (a division by zero
 * in an expr rule, a derived measure, a classification or award condition,
 * a ranking key, an award order) name the rulebook file and the place of
 * the failing part in it: in YAML flow and block scalars, quoted with
 * escapes, and in JSON. The same place as a load error at that point of the
 * expression. A rulebook built in code keeps line 1 and the column within
 * the expression, with no file.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"

/* u1's target of `a` is 100: "target(a) - 100" is zero for it. */
static const char data[] = "thidua: 1\nperiod: 2023\n"
                           "cluster: {id: c, members: [{id: u1}, {id: u2}]}\n"
                           "targets: {u1: {a: 100}, u2: {a: 80}}\n"
                           "results: {u1: {a: 90}, u2: {a: 95}}\n";

/* The failing part of most expressions below, and a text in its place that
 * fails to load at the same column (an unknown function). */
#define DIVISOR "(target(a) - 100)"
#define UNKNOWN "nosuchfn(1)"

/* Loads the rulebook and the data and evaluates: the error of the first step
 * that fails (the test fails when none does). */
static td_error run(const char *text, const char *name)
{
    td_error err;
    td_error_clear(&err);
    td_rulebook *rb = NULL;
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    td_status rc = td_rulebook_load_string(&rb, text, strlen(text), name, NULL, &err);
    if (rc == TD_OK)
        rc = td_dataset_new(&ds, NULL, &err);
    if (rc == TD_OK)
        rc = td_dataset_add_string(ds, data, strlen(data), "g.yaml", TD_DOC_FORMAT_AUTO, &err);
    if (rc == TD_OK)
        rc = td_dataset_to_cluster(&cl, ds, rb, &err);
    if (rc == TD_OK)
        rc = td_evaluate(&res, rb, cl, NULL, &err);
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(ds);
    td_rulebook_free(rb);
    if (rc == TD_OK)
        fail_msg("no error from:\n%s", text);
    return err;
}

/* The 1-based line and byte column of the first `needle` in text. */
static void place_of(const char *text, const char *needle, unsigned *line, unsigned *column)
{
    const char *at = strstr(text, needle);
    if (at == NULL)
        fail_msg("'%s' is not in:\n%s", needle, text);
    *line = 1;
    const char *start = text;
    for (const char *p = text; p < at; p++)
        if (*p == '\n') {
            (*line)++;
            start = p + 1;
        }
    *column = (unsigned)(at - start) + 1;
}

/* text with the first `from` replaced by `to` (free it). */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t head = (size_t)(at - text), n = strlen(text) - strlen(from) + strlen(to);
    char *out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

#define assert_fault(e, status, fname, ln, col, part)                                              \
    do {                                                                                           \
        td_error e_ = (e);                                                                         \
        if (e_.code != (status) || strcmp(e_.file, (fname)) != 0 || e_.line != (ln) ||            \
            e_.column != (col) || strstr(e_.message, (part)) == NULL)                              \
            fail_msg("got %d %s:%u:%u: %s\nwant %d %s:%u:%u: ...%s...", e_.code, e_.file, e_.line,  \
                     e_.column, e_.message, (status), (fname), (ln), (col), (part));               \
    } while (0)

/* The fault of `text` is at `at` (a text found in the document that
 * starts where the failing part does), and loading the text with the
 * divisor replaced by an unknown function fails at the same place. */
static void check_divisor(const char *text, const char *divisor, const char *name, td_status status,
                          const char *at, const char *part)
{
    unsigned line, column;
    place_of(text, at, &line, &column);
    assert_fault(run(text, name), status, name, line, column, part);
    char *bad = replaced(text, divisor, UNKNOWN);
    td_rulebook *rb = NULL;
    td_error err;
    assert_int_equal(td_rulebook_load_string(&rb, bad, strlen(bad), name, NULL, &err), TD_EPARSE);
    assert_fault(err, TD_EPARSE, name, line, column, "nosuchfn");
    free(bad);
}

static void check(const char *text, const char *name, td_status status, const char *at, const char *part)
{
    check_divisor(text, DIVISOR, name, status, at, part);
}

#define HEAD                                                                                       \
    "thidua: 1\n"                                                                                  \
    "id: t\n"                                                                                      \
    "sections:\n"                                                                                  \
    "  - id: A\n"                                                                                  \
    "    criteria:\n"                                                                              \
    "      - {id: a, max: 10, rule: {kind: proportional}}\n"

static void expr_rule_in_a_flow_mapping(void **state)
{
    (void)state;
    const char *text = HEAD "      - id: c2\n"
                            "        max: 10\n"
                            "        measure: a\n"
                            "        rule: {kind: expr, expr: \"actual(a) / " DIVISOR "\"}\n";
    check(text, "rb.yaml", TD_EEVAL, DIVISOR,
          "criterion 'c2', unit 'u1': division by zero in 'actual(a) / (target(a) - 100)' at column 13");
    /* the message keeps the column within the expression; the place is line 10 */
    td_error e = run(text, "rb.yaml");
    assert_int_equal(e.line, 10);
    assert_int_equal(e.column, 47);
}

static void expr_rule_in_a_plain_scalar(void **state)
{
    (void)state;
    const char *text = HEAD "      - id: c2\n"
                            "        max: 10\n"
                            "        measure: a\n"
                            "        rule:\n"
                            "          kind: expr\n"
                            "          expr: 10 * actual(a) / " DIVISOR "\n";
    check(text, "dir/rb.yml", TD_EEVAL, DIVISOR, "criterion 'c2', unit 'u1': division by zero");
}

static void derived_measure(void **state)
{
    (void)state;
    const char *text = "thidua: 1\nid: t\n"
                       "measures:\n"
                       "  r: a / (a - a)\n"
                       "sections:\n  - id: A\n    criteria:\n"
                       "      - {id: a, max: 10, rule: {kind: proportional}}\n";
    assert_fault(run(text, "rb.yaml"), TD_EDATA, "rb.yaml", 4, 10,
                 "derived measure 'r' of unit 'u1' (actuals): division by zero in 'a / (a - a)' at column 5");
    /* the formula as a double-quoted scalar with an escape before the
     * divisor, which is zero for u1's target */
    const char *quoted = "thidua: 1\nid: t\n"
                         "measures:\n"
                         "  r: \"a\\t/ (a - 100)\"\n"
                         "sections:\n  - id: A\n    criteria:\n"
                         "      - {id: a, max: 10, rule: {kind: proportional}}\n";
    check_divisor(quoted, "(a - 100)", "rb.yaml", TD_EDATA, "(a - 100)",
                  "derived measure 'r' of unit 'u1' (targets): division by zero in 'a\\t/ (a - 100)' at column 5");
}

static void classification_when_in_a_literal_block(void **state)
{
    (void)state;
    const char *text = HEAD "classification:\n"
                            "  - id: good\n"
                            "    when: |\n"
                            "      total >= 0 and\n"
                            "        total / " DIVISOR " > 1\n"
                            "  - id: other\n";
    /* a message is one line: the expression's line breaks show as \n */
    check(text, "rb.yaml", TD_EEVAL, DIVISOR,
          "classification 'good' of unit 'u1': division by zero in 'total >= 0 and\\n  total / (target(a) - "
          "100) > 1\\n' at column 26");
}

static void classification_when_in_a_folded_block_points_at_the_block(void **state)
{
    (void)state;
    /* folded lines lose their columns: the place is the scalar's, as for load errors */
    const char *text = HEAD "classification:\n"
                            "  - id: good\n"
                            "    when: >\n"
                            "      total >= 0 and\n"
                            "      total / " DIVISOR " > 1\n"
                            "  - id: other\n";
    check(text, "rb.yaml", TD_EEVAL, ">\n", "at column 24");
}

static void award_when_single_quoted_with_an_escape(void **state)
{
    (void)state;
    const char *text = HEAD "awards:\n"
                            "  - id: x\n"
                            "    when: 'classification != ''other'' or rank / " DIVISOR " > 0'\n"
                            "classification:\n  - {id: good, min: 1000}\n  - {id: other}\n";
    check(text, "rb.yaml", TD_EEVAL, DIVISOR, "award 'x', unit 'u1': division by zero in 'classification");
}

static void ranking_key_and_award_order(void **state)
{
    (void)state;
    const char *key = HEAD "ranking:\n  by: [total desc, \"1 / " DIVISOR " asc\"]\n";
    check(key, "rb.yaml", TD_EEVAL, DIVISOR, "ranking key of unit 'u1': division by zero");
    const char *order = HEAD "awards:\n"
                             "  - id: x\n"
                             "    quota: {count: 1}\n"
                             "    order: total + 1 / " DIVISOR "\n";
    check(order, "rb.yaml", TD_EEVAL, DIVISOR, "award 'x', unit 'u1': division by zero");
}

static void json_with_escapes(void **state)
{
    (void)state;
    /* escapes before the divisor decode to fewer bytes than they take */
    const char *json = "{\"thidua\": 1, \"id\": \"t\",\n"
                       " \"sections\": [{\"id\": \"A\", \"criteria\": [{\"id\": \"a\", \"max\": 10, "
                       "\"rule\": {\"kind\": \"proportional\"}}]}],\n"
                       " \"classification\": [{\"id\": \"good\", \"min\": 1000}, {\"id\": \"other\"}],\n"
                       " \"awards\": [{\"id\": \"x\",\n"
                       "   \"when\": \"classification == \\u0027other\\u0027 and '\\u00e9\\ud83d\\ude00\\t' != "
                       "'' and rank / " DIVISOR " > 0\"}]}\n";
    check(json, "rb.json", TD_EEVAL, DIVISOR, "award 'x', unit 'u1': division by zero");
}

static void built_in_code_positions_stay_within_the_expression(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_new(&b, "t", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "A", "a", NULL, D("10"), &err), err);
    assert_ok(tr_rule_proportional(b, "a", D("1"), &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "A", "c2", NULL, D("10"), &err), err);
    assert_ok(td_rulebook_builder_set_measure(b, "c2", "a", &err), err);
    assert_ok(tr_rule_expr(b, "c2", "actual(a) / " DIVISOR, &err), err);
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    assert_ok(td_dataset_new(&ds, NULL, &err), err);
    assert_ok(td_dataset_add_string(ds, data, strlen(data), "g.yaml", TD_DOC_FORMAT_AUTO, &err), err);
    assert_ok(td_dataset_to_cluster(&cl, ds, rb, &err), err);
    assert_int_equal(td_evaluate(&res, rb, cl, NULL, &err), TD_EEVAL);
    assert_fault(err, TD_EEVAL, "", 1, 13, "criterion 'c2', unit 'u1': division by zero");
    td_cluster_free(cl);
    td_dataset_free(ds);
    td_rulebook_free(rb);
}

/* The origin is not part of the rulebook: written as YAML and read back
 * under another name, the rulebook is the same, and its faults name the new
 * text. */
static void yaml_round_trip_gives_the_faults_of_the_new_text(void **state)
{
    (void)state;
    const char *text = HEAD "      - id: c2\n"
                            "        max: 10\n"
                            "        measure: a\n"
                            "        rule: {kind: expr, expr: \"actual(a) / " DIVISOR "\"}\n";
    td_error err;
    td_rulebook *rb = NULL, *back = NULL;
    char *yaml = NULL, *again = NULL;
    assert_ok(td_rulebook_load_string(&rb, text, strlen(text), "rb.yaml", NULL, &err), err);
    assert_ok(td_rulebook_to_yaml(&yaml, NULL, rb, &err), err);
    assert_ok(td_rulebook_load_string(&back, yaml, strlen(yaml), "back.yaml", NULL, &err), err);
    assert_ok(td_rulebook_to_yaml(&again, NULL, back, &err), err);
    assert_string_equal(yaml, again);
    unsigned line, column;
    place_of(yaml, DIVISOR, &line, &column);
    assert_fault(run(yaml, "back.yaml"), TD_EEVAL, "back.yaml", line, column, "division by zero");
    td_free(yaml);
    td_free(again);
    td_rulebook_free(rb);
    td_rulebook_free(back);
}

/* A file: the error's file is the path the loader was given. */
static void loaded_from_a_file(void **state)
{
    (void)state;
    const char *text = HEAD "classification:\n"
                            "  - id: good\n"
                            "    when: |\n"
                            "      total / " DIVISOR " > 1\n"
                            "  - id: other\n";
    char path[] = "/tmp/td_expr_origin_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    td_error err;
    td_rulebook *rb = NULL;
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    td_status rc = td_rulebook_load_file(&rb, path, NULL, &err);
    remove(path);
    assert_ok(rc, err);
    assert_ok(td_dataset_new(&ds, NULL, &err), err);
    assert_ok(td_dataset_add_string(ds, data, strlen(data), "g.yaml", TD_DOC_FORMAT_AUTO, &err), err);
    assert_ok(td_dataset_to_cluster(&cl, ds, rb, &err), err);
    assert_int_equal(td_evaluate(&res, rb, cl, NULL, &err), TD_EEVAL);
    unsigned line, column;
    place_of(text, DIVISOR, &line, &column);
    assert_int_equal(line, 10);
    assert_fault(err, TD_EEVAL, path, line, column, "classification 'good' of unit 'u1': division by zero");
    td_cluster_free(cl);
    td_dataset_free(ds);
    td_rulebook_free(rb);
}

/* text with every "\n" made "\r\n" (free it). */
static char *crlf(const char *text)
{
    size_t n = strlen(text), breaks = 0;
    for (size_t i = 0; i < n; i++)
        breaks += text[i] == '\n';
    char *out = malloc(n + breaks + 1), *o = out;
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n')
            *o++ = '\r';
        *o++ = text[i];
    }
    *o = '\0';
    return out;
}

/* check() on the text and on its CRLF form. */
static void check_both(const char *text, const char *at, const char *part)
{
    check(text, "rb.yaml", TD_EEVAL, at, part);
    char *t = crlf(text);
    check(t, "rb.yaml", TD_EEVAL, at, part);
    free(t);
}

#define EXPR_RULE(value)                                                                           \
    HEAD "      - id: c2\n"                                                                        \
         "        max: 10\n"                                                                       \
         "        measure: a\n"                                                                    \
         "        rule:\n"                                                                         \
         "          kind: expr\n"                                                                  \
         "          expr: " value "\n"

/* An anchor or a tag before a scalar is not part of it: positions count
 * from the scalar's own first character, in the style it is written in (a
 * plain scalar tagged !!str is text, but not quoted). */
static void anchors_and_tags_before_a_scalar(void **state)
{
    (void)state;
    const char *part = "criterion 'c2', unit 'u1': division by zero";
    check_both(EXPR_RULE("&e \"\\tactual(a) / " DIVISOR "\""), DIVISOR, part);
    check_both(EXPR_RULE("&e actual(a) / " DIVISOR), DIVISOR, part);
    check_both(EXPR_RULE("!!str 'actual(''a'') / " DIVISOR "'"), DIVISOR, part);
    check_both(EXPR_RULE("!!str actual(a) / " DIVISOR), DIVISOR, part);
    check_both(EXPR_RULE("&e !!str \"actual(a)\\t/ " DIVISOR "\""), DIVISOR, part);
    check_both(EXPR_RULE("!<tag:yaml.org,2002:str> &e actual(a) / " DIVISOR), DIVISOR, part);
    /* the scalar on the line after its properties, past a comment */
    check_both(EXPR_RULE("&e # the rule\n            'actual(a) / " DIVISOR "'"), DIVISOR, part);
    /* in a flow mapping */
    check_both(HEAD "      - id: c2\n"
                    "        max: 10\n"
                    "        measure: a\n"
                    "        rule: {kind: expr, expr: &e !!str actual(a) / " DIVISOR "}\n",
               DIVISOR, part);
    /* a literal block with an anchor */
    check_both(HEAD "classification:\n"
                    "  - id: good\n"
                    "    when: &w |\n"
                    "      total >= 0 and\n"
                    "        total / " DIVISOR " > 1\n"
                    "  - id: other\n",
               DIVISOR, "classification 'good' of unit 'u1': division by zero");
}

/* `|2` is the indentation relative to the parent node's (4 here): the
 * content starts in column 7, and the spaces beyond belong to the text. */
static void literal_block_with_an_indentation_indicator(void **state)
{
    (void)state;
    const char *part = "classification 'good' of unit 'u1': division by zero";
    check_both(HEAD "classification:\n"
                    "  - id: good\n"
                    "    when: |2\n"
                    "        total >= 0 and\n"
                    "      total / " DIVISOR " > 1\n"
                    "  - id: other\n",
               DIVISOR, part);
    /* with empty lines first, a chomping indicator and a comment */
    check_both(HEAD "classification:\n"
                    "  - id: good\n"
                    "    when: |-2 # indented\n"
                    "\n"
                    "         \n"
                    "        total >= 0 and\n"
                    "      total / " DIVISOR " > 1\n"
                    "  - id: other\n",
               DIVISOR, part);
    /* in a list item: the list's dashes are in column 5, the content from column 7 */
    check_both(HEAD "ranking:\n"
                    "  by:\n"
                    "    - total desc\n"
                    "    - |2-\n"
                    "         1 / " DIVISOR " asc\n",
               DIVISOR, "ranking key of unit 'u1': division by zero");
}

/* libyaml reads a raw NEL, LS or PS in a scalar as a line break: from there
 * on the value does not follow the source, so the place is the scalar's. */
static void unicode_line_breaks_point_at_the_scalar(void **state)
{
    (void)state;
    const char *part = "criterion 'c2', unit 'u1': division by zero";
    check_both(EXPR_RULE("\"if('x\xc2\x85y' == 'b', 1, 0) + actual(a) / " DIVISOR "\""), "\"if(", part);
    check_both(EXPR_RULE("'if(''x\xe2\x80\xa8y'' == ''b'', 1, 0) + actual(a) / " DIVISOR "'"), "'if(",
               part);
    check_both(EXPR_RULE("&e \"if('x\xe2\x80\xa9y' == 'b', 1, 0) + actual(a) / " DIVISOR "\""), "\"if(",
               part);
    /* the same characters escaped keep their places */
    check_both(EXPR_RULE("\"if('x\\Ny\\Lz\\P' == 'b', 1, 0) + actual(a) / " DIVISOR "\""), DIVISOR, part);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(expr_rule_in_a_flow_mapping),
        cmocka_unit_test(expr_rule_in_a_plain_scalar),
        cmocka_unit_test(derived_measure),
        cmocka_unit_test(classification_when_in_a_literal_block),
        cmocka_unit_test(classification_when_in_a_folded_block_points_at_the_block),
        cmocka_unit_test(award_when_single_quoted_with_an_escape),
        cmocka_unit_test(ranking_key_and_award_order),
        cmocka_unit_test(json_with_escapes),
        cmocka_unit_test(built_in_code_positions_stay_within_the_expression),
        cmocka_unit_test(yaml_round_trip_gives_the_faults_of_the_new_text),
        cmocka_unit_test(loaded_from_a_file),
        cmocka_unit_test(anchors_and_tags_before_a_scalar),
        cmocka_unit_test(literal_block_with_an_indentation_indicator),
        cmocka_unit_test(unicode_line_breaks_point_at_the_scalar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
