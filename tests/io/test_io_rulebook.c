/*
 * Loading rulebooks: YAML and JSON give the same rulebook, scalars follow
 * the YAML 1.2 core schema, numbers are exact, limits hold, and errors —
 * including those inside expressions — name the right place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"
#include "rule_kit.h"
#include "thidua/sys/origin.h"

#define GOOD TD_SOURCE_DIR "/tests/data/good"

/* Loads YAML text; fails the test on error. */
static td_rulebook *load(const char *text)
{
    td_error err;
    td_rulebook *rb = NULL;
    if (td_rulebook_load_string(&rb, text, strlen(text), "t.yaml", NULL, &err) != TD_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return rb;
}

/* Loads text expecting failure: returns the error. */
static td_error load_error(const char *text, const td_load_options *opts)
{
    td_error err;
    td_error_clear(&err);
    td_rulebook *rb = NULL;
    if (td_rulebook_load_string(&rb, text, strlen(text), "t.yaml", opts, &err) == TD_OK)
        fail_msg("loaded although it is wrong:\n%s", text);
    assert_null(rb);
    return err;
}

#define assert_error_at(e, status, ln, col, part)                                                  \
    do {                                                                                           \
        td_error e_ = (e);                                                                         \
        if (e_.code != (status) || e_.line != (ln) || e_.column != (col) ||                        \
            strstr(e_.message, (part)) == NULL)                                                    \
            fail_msg("got %d at %u:%u: %s\nwant %d at %u:%u: ...%s...", e_.code, e_.line,          \
                     e_.column, e_.message, (status), (ln), (col), (part));                        \
    } while (0)

static char *yaml_of(const td_rulebook *rb)
{
    td_error err;
    char *text;
    assert_ok(td_rulebook_to_yaml(&text, NULL, rb, &err), err);
    return text;
}

#define HEAD "thidua: 1\nid: t\nsections:\n  - id: A\n    criteria:\n"

static void yaml_and_json_give_the_same_rulebook(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *y = NULL, *j = NULL;
    assert_ok(td_rulebook_load_file(&y, GOOD "/rulebook.yaml", NULL, &err), err);
    assert_ok(td_rulebook_load_file(&j, GOOD "/rulebook.json", NULL, &err), err);
    char *ty = yaml_of(y), *tj = yaml_of(j);
    assert_string_equal(tj, ty);
    td_free(ty);
    td_free(tj);
    /* a format forced on the wrong text is a syntax error */
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.format = TD_DOC_FORMAT_JSON;
    assert_error(td_rulebook_load_file(&y, GOOD "/rulebook.yaml", &opts, &err), TD_EPARSE, err,
                 "JSON syntax");
    td_rulebook_free(y);
    td_rulebook_free(j);
}

static void yes_no_and_on_are_text(void **state)
{
    (void)state;
    td_rulebook *rb = load("thidua: 1\nid: yes\nname: on\nsections:\n  - id: no\n    criteria:\n"
                           "      - {id: off, name: y, max: 1, rule: {kind: manual}}\n");
    assert_string_equal(td_rulebook_id(rb), "yes");
    assert_string_equal(td_rulebook_name(rb), "on");
    assert_string_equal(td_rulebook_section_id(rb, 0), "no");
    assert_string_equal(td_rulebook_criterion_id(rb, 0), "off");
    assert_string_equal(td_rulebook_criterion_name(rb, 0), "y");
    td_rulebook_free(rb);
    /* but a boolean of the core schema is no number */
    assert_error_at(load_error(HEAD "      - {id: a, max: true, rule: {kind: manual}}\n", NULL), TD_EPARSE,
                    6, 22, "'max' must be a number, found the boolean true");
}

static void numbers_are_exact_decimals_from_their_text(void **state)
{
    (void)state;
    td_rulebook *rb = load(HEAD "      - {id: a, max: 12345678901234567890.123456789, rule: {kind: manual}}\n"
                                "      - {id: b, max: 1e1, rule: {kind: manual}}\n"
                                "      - {id: c, max: +0.1, rule: {kind: manual}}\n"
                                "      - {id: d, max: .5, rule: {kind: manual}}\n"
                                "      - {id: e, max: 007, rule: {kind: manual}}\n");
    assert_decimal(td_rulebook_criterion_max(rb, 0), "12345678901234567890.123456789");
    assert_decimal(td_rulebook_criterion_max(rb, 1), "10");
    assert_decimal(td_rulebook_criterion_max(rb, 2), "0.1");
    assert_decimal(td_rulebook_criterion_max(rb, 3), "0.5");
    assert_decimal(td_rulebook_criterion_max(rb, 4), "7");
    td_rulebook_free(rb);
    assert_error_at(load_error(HEAD "      - {id: a, max: 1_000, rule: {kind: manual}}\n", NULL), TD_EPARSE,
                    6, 22, "'max' must be a number, found the text '1_000'");
    assert_error_at(load_error(HEAD "      - {id: a, max: 0o17, rule: {kind: manual}}\n", NULL), TD_EPARSE,
                    6, 22, "hexadecimal, octal or binary");
    assert_error_at(load_error(HEAD "      - {id: a, max: -.inf, rule: {kind: manual}}\n", NULL), TD_EPARSE,
                    6, 22, "infinite");
    assert_error_at(load_error(HEAD "      - id: a\n        max: 1,5\n        rule: {kind: manual}\n", NULL),
                    TD_EPARSE, 7, 14, "'1,5' has a comma");
    assert_error_at(load_error(HEAD "      - {id: a, max: 123456789012345678901234567890123456789, "
                                    "rule: {kind: manual}}\n", NULL),
                    TD_ERANGE, 6, 22, "more digits than an exact decimal can hold");
}

static void percent_means_hundredths_where_allowed(void **state)
{
    (void)state;
    td_rulebook *rb = load(HEAD "      - {id: a, max: 10, rule: {kind: threshold, at: 95%}}\n"
                                "      - {id: b, max: 10, rule: {kind: proportional, cap: 112.5 %}}\n"
                                "      - {id: c, max: 10, rule: {kind: threshold, at: \"80%\"}}\n");
    char *text = yaml_of(rb);
    assert_non_null(strstr(text, "{kind: threshold, at: 0.95}"));
    assert_non_null(strstr(text, "{kind: proportional, cap: 1.125}"));
    assert_non_null(strstr(text, "{kind: threshold, at: 0.8}"));
    td_free(text);
    td_rulebook_free(rb);
    assert_error_at(load_error(HEAD "      - {id: a, max: 10, rule: {kind: shortfall, deduct: 1, per: 5%}}\n",
                               NULL),
                    TD_EPARSE, 6, 66, "'per' is a number of percentage points already: write 5, not '5%'");
    assert_error_at(load_error("thidua: 1\nid: t\nprecision: 50%\n" "sections: []\n", NULL), TD_EPARSE, 3,
                    12, "'precision' must be a plain number, found the percentage '50%'");
}

/* `of` on bands (an extension of contract v1): what the bands compare. */
static void bands_compare_the_attainment_or_the_actual(void **state)
{
    (void)state;
    td_rulebook *rb = load(HEAD "      - {id: a, max: 4, rule: {kind: bands, of: actual, bands: [{at: 80, points: 4}, "
                                "{at: 60, points: 3}]}}\n"
                                "      - {id: b, max: 4, rule: {kind: bands, of: actual, bands: [{at: 80%, points: 4}, "
                                "{at: 0, points: 2}]}}\n"
                                "      - {id: c, max: 1, rule: {kind: bands, of: attainment, bands: [{at: 1, points: 1}]}}\n"
                                "      - {id: d, max: 1, rule: {kind: bands, of: ~, bands: [{at: 1, points: 1}]}}\n");
    assert_int_equal(td_rulebook_criterion_bands_of(rb, 0), TD_BANDS_OF_ACTUAL);
    assert_int_equal(td_rulebook_criterion_bands_of(rb, 1), TD_BANDS_OF_ACTUAL);
    assert_int_equal(td_rulebook_criterion_bands_of(rb, 2), TD_BANDS_OF_ATTAINMENT);
    assert_int_equal(td_rulebook_criterion_bands_of(rb, 3), TD_BANDS_OF_ATTAINMENT);
    char *text = yaml_of(rb);
    /* the value's own unit as written; 80% is 0.8 as everywhere */
    assert_non_null(strstr(text, "{kind: bands, of: actual, bands: [{at: 80, points: 4}, {at: 60, points: 3}]}"));
    assert_non_null(strstr(text, "{kind: bands, of: actual, bands: [{at: 0.8, points: 4}, {at: 0, points: 2}]}"));
    /* the default is not written, so such a rulebook stays plain contract v1 */
    assert_non_null(strstr(text, "      - id: c\n        max: 1\n        rule: {kind: bands, bands: [{at: 1, points: 1}]}"));
    td_free(text);
    td_rulebook_free(rb);

    assert_error_at(load_error(HEAD "      - {id: a, max: 4, rule: {kind: bands, of: actuals, bands: [{at: 80, points: 4}]}}\n",
                               NULL),
                    TD_EPARSE, 6, 49,
                    "criterion 'a' rule: 'of' must be one of attainment, actual, found the text 'actuals' "
                    "(did you mean 'actual'?)");
    assert_error_at(load_error(HEAD "      - {id: a, max: 4, rule: {kind: bands, of: 1, bands: [{at: 80, points: 4}]}}\n",
                               NULL),
                    TD_EPARSE, 6, 49, "'of' must be one of attainment, actual, found the number '1'");
    assert_error_at(load_error(HEAD "      - {id: a, max: 4, rule: {kind: bands, off: actual, bands: [{at: 80, points: 4}]}}\n",
                               NULL),
                    TD_EPARSE, 6, 45, "(kind bands): unknown key 'off' (did you mean 'of'?)");
    assert_error_at(load_error(HEAD "      - {id: a, max: 4, rule: {kind: threshold, of: actual}}\n", NULL),
                    TD_EPARSE, 6, 49, "(kind threshold): unknown key 'of' (expected one of: kind, at)");
    /* descending `at` whatever the bands compare, placed on the `at` */
    assert_error_at(load_error(HEAD "      - {id: a, max: 4, rule: {kind: bands, of: actual, bands: [{at: 60, points: 3}, "
                                    "{at: 80, points: 4}]}}\n",
                               NULL),
                    TD_ERULEBOOK, 6, 91, "must be in descending 'at': 80 follows 60");
}

static void null_leaves_an_optional_key_out(void **state)
{
    (void)state;
    td_rulebook *rb = load("thidua: 1\nid: t\nname: ~\nbonus_max: null\nsections:\n  - id: A\n    max:\n"
                           "    criteria:\n      - {id: a, max: 10, rule: {kind: manual}, bonus: ~}\n");
    assert_string_equal(td_rulebook_name(rb), "");
    td_decimal max;
    assert_false(td_rulebook_section_max(&max, rb, 0));
    td_rulebook_free(rb);
    assert_error_at(load_error("thidua: 1\nid:\nsections: []\n", NULL), TD_EPARSE, 2, 4,
                    "'id' must be text, found null");
}

static void aliases_share_definitions(void **state)
{
    (void)state;
    td_rulebook *rb = load(HEAD "      - {id: a, max: 10, rule: &prop {kind: proportional, cap: 1.1}}\n"
                                "      - {id: b, max: 5, rule: *prop}\n"
                                "      - {id: !!str 10, max: 5, rule: *prop}\n");
    char *text = yaml_of(rb);
    assert_non_null(strstr(text, "      - id: b\n        max: 5\n        rule: {kind: proportional, cap: 1.1}\n"));
    assert_string_equal(td_rulebook_criterion_id(rb, 2), "10");
    td_free(text);
    td_rulebook_free(rb);
}

/* Errors inside an expression point at the offending character in the file. */
static void expression_errors_point_inside_the_expression(void **state)
{
    (void)state;
    const char *tail = "classification:\n";
    char text[1024];
    /* plain scalar */
    snprintf(text, sizeof text, HEAD "      - {id: a, max: 1, rule: {kind: manual}}\n%s"
             "  - id: g\n    min: 1\n    when: total > 1 and totl > 2\n  - id: o\n", tail);
    assert_error_at(load_error(text, NULL), TD_EPARSE, 10, 25, "unknown name 'totl'");
    /* double quotes with escapes before the error: \u00e9 is 6 bytes in the file, 2 in the text */
    snprintf(text, sizeof text, HEAD "      - {id: a, max: 1, rule: {kind: manual}}\n%s"
             "  - id: g\n    min: 1\n    when: \"'\\u00e9' == '\\t' or totl > 2\"\n  - id: o\n", tail);
    assert_error_at(load_error(text, NULL), TD_EPARSE, 10, 32, "unknown name 'totl'");
    /* single quotes with '' */
    snprintf(text, sizeof text, HEAD "      - {id: a, max: 1, rule: {kind: manual}}\n%s"
             "  - id: g\n    min: 1\n    when: '''a'' == ''b'' or totl'\n  - id: o\n", tail);
    assert_error_at(load_error(text, NULL), TD_EPARSE, 10, 30, "unknown name 'totl'");
    /* a literal block: lines map one to one */
    snprintf(text, sizeof text, HEAD "      - {id: a, max: 1, rule: {kind: manual}}\n%s"
             "  - id: g\n    min: 1\n    when: |\n      total > 1\n        and totl > 2\n  - id: o\n", tail);
    assert_error_at(load_error(text, NULL), TD_EPARSE, 12, 13, "unknown name 'totl'");
    /* a folded block: the scalar's place, and the column in the message */
    snprintf(text, sizeof text, HEAD "      - {id: a, max: 1, rule: {kind: manual}}\n%s"
             "  - id: g\n    min: 1\n    when: >\n      total > 1\n      and totl > 2\n  - id: o\n", tail);
    assert_error_at(load_error(text, NULL), TD_EPARSE, 10, 11, "(at column 15 of the expression)");
    /* JSON: a surrogate pair is one character of four bytes */
    const char *json = "{\"thidua\": 1, \"id\": \"t\", \"sections\": [{\"id\": \"A\", \"criteria\": "
                       "[{\"id\": \"a\", \"max\": 1, \"rule\": {\"kind\": \"manual\"}}]}],\n"
                       "\"classification\": [{\"id\": \"g\", \"min\": 1, \"when\": \"'\\ud83c\\udf3e' == 'x' or totl\"}, "
                       "{\"id\": \"o\"}]}";
    td_error err;
    td_rulebook *rb = NULL;
    assert_int_equal(td_rulebook_load_string(&rb, json, strlen(json), "t.json", NULL, &err), TD_EPARSE);
    assert_string_equal(err.file, "t.json");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 76);
}

/* Each place an expression can stand is found again from the compiler's error. */
static void every_kind_of_expression_is_placed(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned line, column;
        const char *part;
    } cases[] = {
        {"thidua: 1\nid: t\nmeasures:\n  r: a /\n" "sections:\n  - id: A\n    criteria:\n"
         "      - {id: a, max: 1, rule: {kind: manual}}\n", 4, 9, "measure 'r'"},
        {HEAD "      - {id: a, max: 1, rule: {kind: expr, expr: 'nope(1)'}}\n", 6, 51, "criterion 'a' expr: unknown function 'nope'"},
        {HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nranking:\n  by: [\"total desc\", \"rnk asc\"]\n",
         8, 23, "ranking key 'rnk'"},
        {HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nranking: {by: bonus - x}\n", 7, 23,
         "ranking key 'bonus - x'"},
        {HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nawards:\n  - {id: w, when: \"rank = 1\"}\n", 8, 25,
         "award 'w' when: '=' is not an operator"},
        {HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nawards:\n  - {id: w, order: \"total +\"}\n", 8, 28,
         "award 'w' order: expected a value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_error_at(load_error(cases[i].text, NULL), TD_EPARSE, cases[i].line, cases[i].column,
                        cases[i].part);
    /* a name used before its stage is a rulebook error, placed the same way */
    assert_error_at(load_error(HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nranking:\n"
                               "  by: [\"total desc\", \"rank asc\"]\n", NULL),
                    TD_ERULEBOOK, 8, 23, "ranking key 'rank': a ranking key cannot use rank");
    assert_error_at(load_error(HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nclassification:\n"
                               "  - {id: g, when: \"total > 1 and award('w')\"}\n  - {id: o}\n"
                               "awards:\n  - {id: w}\n", NULL),
                    TD_ERULEBOOK, 8, 34, "classification 'g' when: a classification condition cannot use award");
}

/* A key's direction is the whole last word: "des" or "as" is no direction
 * (and then no valid expression), never a shortened one. */
static void ranking_direction_is_a_whole_word(void **state)
{
    (void)state;
    static const struct {
        const char *by, *yaml;
    } good[] = {
        {"total", "\"total desc\""},
        {"total desc", "\"total desc\""},
        {"total asc", "\"total asc\""},
        {"\"total\\tasc\"", "\"total asc\""},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nranking: {by: [%s]}\n",
                 good[i].by);
        td_rulebook *rb = load(text);
        char *yaml = yaml_of(rb);
        if (strstr(yaml, good[i].yaml) == NULL)
            fail_msg("ranking by %s: want %s in\n%s", good[i].by, good[i].yaml, yaml);
        td_free(yaml);
        td_rulebook_free(rb);
    }
    assert_error_at(load_error(HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nranking: {by: [\"total des\"]}\n",
                               NULL),
                    TD_EPARSE, 7, 23, "ranking key 'total des': unexpected 'des'");
    assert_error_at(load_error(HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nranking: {by: [\"total as\"]}\n",
                               NULL),
                    TD_EPARSE, 7, 23, "ranking key 'total as': unexpected 'as'");
}

static void limits_are_enforced(void **state)
{
    (void)state;
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    const char *nested = HEAD "      - {id: a, max: 1, rule: {kind: bands, bands: [{at: 1, points: 1}]}}\n";
    opts.max_depth = 6;
    assert_error_at(load_error(nested, &opts), TD_ELIMIT, 6, 52, "deeper than the limit of 6 levels");
    opts.max_depth = 0;
    opts.max_nodes = 20;
    assert_error_at(load_error(nested, &opts), TD_ELIMIT, 6, 38, "more than 20 nodes");
    opts.max_nodes = 0;
    opts.max_bytes = 10;
    td_error err;
    td_rulebook *rb = NULL;
    assert_error(td_rulebook_load_string(&rb, nested, strlen(nested), NULL, &opts, &err), TD_ELIMIT, err,
                 "larger than the limit of 10 bytes");
    assert_error(td_rulebook_load_file(&rb, GOOD "/rulebook.yaml", &opts, &err), TD_ELIMIT, err,
                 "larger than the limit of 10 bytes");
    opts.max_bytes = 0;
    opts.max_line_bytes = 20;
    assert_error_at(load_error(nested, &opts), TD_ELIMIT, 6, 21, "line 6 is longer than the limit of 20");
    /* JSON on one line is limited by its size only */
    const char *json = "{\"thidua\": 1, \"id\": \"t\", \"sections\": [{\"id\": \"A\", \"criteria\": "
                       "[{\"id\": \"a\", \"max\": 1, \"rule\": {\"kind\": \"manual\"}}]}]}";
    assert_ok(td_rulebook_load_string(&rb, json, strlen(json), "one-line.json", &opts, &err), err);
    td_rulebook_free(rb);
    rb = NULL;
    opts.max_line_bytes = 0;
    opts.expr_max_bytes = 8;
    const char *cond = HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nclassification:\n"
                            "  - {id: g, when: \"all_met() or 1 > 2\"}\n  - {id: o}\n";
    assert_error_at(load_error(cond, &opts), TD_ELIMIT, 8, 19, "'when' is 18 bytes long; the limit is 8");
    opts.expr_max_bytes = 0;
    opts.expr_max_depth = 3;
    const char *deep = HEAD "      - {id: a, max: 1, rule: {kind: manual}}\nclassification:\n"
                            "  - {id: g, when: \"((((total > 1))))\"}\n  - {id: o}\n";
    assert_error_at(load_error(deep, &opts), TD_ELIMIT, 8, 23, "classification 'g' when: the expression nests deeper than 3");
    opts.expr_max_depth = 0;
    /* a limit above the engine's own cannot be asked for */
    opts.expr_max_depth = TD_EXPR_MAX_DEPTH_LIMIT + 1;
    assert_error(td_rulebook_load_string(&rb, deep, strlen(deep), NULL, &opts, &err), TD_EINVAL, err,
                 "expression limits above the largest allowed");
    /* and one above the default, within it, takes effect */
    opts.expr_max_depth = 0;
    opts.expr_max_bytes = 8000;
    char *long_cond = malloc(6000);
    assert_non_null(long_cond);
    size_t n = (size_t)snprintf(long_cond, 6000, HEAD "      - {id: a, max: 1, rule: {kind: manual}}\n"
                                "classification:\n  - {id: g, when: \"total >= 1");
    while (n < 5000)
        n += (size_t)snprintf(long_cond + n, 6000 - n, " and total >= 1");
    snprintf(long_cond + n, 6000 - n, "\"}\n  - {id: o}\n");
    assert_ok(td_rulebook_load_string(&rb, long_cond, strlen(long_cond), NULL, &opts, &err), err);
    td_rulebook_free(rb);
    rb = NULL;
    opts.expr_max_bytes = 0;
    assert_error(td_rulebook_load_string(&rb, long_cond, strlen(long_cond), NULL, &opts, &err), TD_ELIMIT, err,
                 "the limit is 4096");
    free(long_cond);
    assert_null(rb);
}

static void options_and_arguments_are_checked(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_load_options opts;
    assert_ok(td_load_options_init(&opts, TD_LOAD_OPTIONS_VERSION), err);
    assert_int_equal(opts.format, TD_DOC_FORMAT_AUTO);
    assert_int_equal(opts.max_depth, 0);
    assert_int_equal(td_load_options_init(&opts, 99), TD_EINVAL);
    assert_int_equal(td_load_options_init(NULL, TD_LOAD_OPTIONS_VERSION), TD_EINVAL);
    opts.version = 7;
    assert_error(td_rulebook_load_string(&rb, "x", 1, NULL, &opts, &err), TD_EINVAL, err, "version 7");
    assert_error(td_rulebook_load_string(&rb, NULL, 0, NULL, NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_load_string(NULL, "x", 1, NULL, NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_load_file(&rb, NULL, NULL, &err), TD_EINVAL, err, "NULL");
    td_load_options csv = TD_LOAD_OPTIONS_INIT;
    csv.format = TD_DOC_FORMAT_CSV;
    assert_error(td_rulebook_load_string(&rb, "unit,measure\n", 13, NULL, &csv, &err), TD_EINVAL, err,
                 "cannot be read from CSV");
    assert_int_equal(td_rulebook_load_string(&rb, "x", 1, NULL, NULL, NULL), TD_EPARSE); /* err may be NULL */
    assert_null(rb);
}

static void unreadable_files_are_io_errors(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    assert_error(td_rulebook_load_file(&rb, GOOD "/no-such-file.yaml", NULL, &err), TD_EIO, err,
                 "cannot open");
    assert_non_null(strstr(err.message, "No such file"));
    assert_string_equal(err.file, GOOD "/no-such-file.yaml");
    assert_error(td_rulebook_load_file(&rb, GOOD, NULL, &err), TD_EIO, err, "cannot read");
    assert_null(rb);
}

/* A key written with its default value is a note at the value (never a
 * warning; each column checked to point at the value's first byte); the
 * same keys with other values, or left out, are not. */
static void keys_with_their_default_value_are_notes(void **state)
{
    (void)state;
    static const char defaults[] =
        "thidua: 1\nid: d\nprecision: 2\nsections:\n  - id: A\n    criteria:\n"
        "      - {id: p, measure: p, direction: higher, max: 10, rule: {kind: proportional, cap: 1}}\n"
        "      - {id: t, max: 10, rule: {kind: threshold, at: 100%}}\n"
        "      - {id: s, max: 10, rule: {kind: shortfall, deduct: 1, per: 5, step: linear, min: 0}}\n"
        "      - {id: b, max: 10, rule: {kind: bands, of: attainment, bands: [{at: 0, points: 1}]}}\n"
        "      - {id: x, max: 10, rule: {kind: best, of: attainment}}\n"
        "awards:\n  - {id: a, quota: {percent: 50, rounding: floor, min: 0, of: members}}\n"
        "  - {id: v, ballot: {min: 90%, of: council}}\n";
    td_rulebook *rb = load(defaults);
    static const char *const expected[][2] = {
        {"3:12", "the rulebook: precision '2'"},
        {"7:26", "criterion 'p': measure 'p'"},
        {"7:40", "criterion 'p': direction 'higher'"},
        {"7:89", "criterion 'p' rule: cap '1'"},
        {"8:54", "criterion 't' rule: at '100%'"},
        {"9:75", "criterion 's' rule: step 'linear'"},
        {"9:88", "criterion 's' rule: min '0'"},
        {"10:50", "criterion 'b' rule: of 'attainment'"},
        {"11:49", "criterion 'x' rule: of 'attainment'"},
        {"13:44", "award 'a' quota: rounding 'floor'"},
        {"13:56", "award 'a' quota: min '0'"},
        {"13:63", "award 'a' quota: of 'members'"},
        {"14:36", "award 'v' ballot: of 'council'"},
    };
    size_t n = sizeof expected / sizeof expected[0];
    assert_int_equal(td_rulebook_note_count(rb), n);
    assert_int_equal(td_rulebook_warning_count(rb), 0);
    for (size_t i = 0; i < n; i++) {
        td_warning w;
        assert_true(td_rulebook_note(&w, rb, i));
        char at[32];
        snprintf(at, sizeof at, "%u:%u", w.line, w.column);
        if (strcmp(at, expected[i][0]) != 0 || strstr(w.message, expected[i][1]) == NULL)
            fail_msg("note %zu: %s %s, expected %s %s", i, at, w.message, expected[i][0], expected[i][1]);
        assert_string_equal(w.code, "default-value");
        assert_string_equal(w.file, "t.yaml");
        assert_non_null(strstr(w.message, "is the default value: the key can be left out"));
    }
    td_warning w;
    assert_false(td_rulebook_note(&w, rb, n));
    assert_false(td_rulebook_note(NULL, rb, 0));
    assert_int_equal(td_rulebook_note_count(NULL), 0);
    td_rulebook_free(rb);
    /* other values, and keys left out or null: no note */
    static const char others[] =
        "thidua: 1\nid: d\nprecision: 3\nsections:\n  - id: A\n    criteria:\n"
        "      - {id: p, measure: q, direction: lower, max: 10, rule: {kind: proportional, cap: 1.2}}\n"
        "      - {id: t, max: 10, rule: {kind: threshold, at: 90%}}\n"
        "      - {id: s, max: 10, rule: {kind: shortfall, deduct: 1, per: 5, step: ceil, min: ~}}\n"
        "      - {id: b, max: 10, rule: {kind: bands, of: actual, bands: [{at: 0, points: 1}]}}\n"
        "awards:\n  - {id: a, quota: {percent: 50, rounding: ceil, min: 1, of: candidates}}\n";
    rb = load(others);
    assert_int_equal(td_rulebook_note_count(rb), 0);
    td_rulebook_free(rb);
}

/* Notes through the builder: checked, copied into every rulebook built. */
static void builder_notes_are_checked_and_copied(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "n", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "A", "c", NULL, D("1"), &err), err);
    assert_ok(tr_rule_manual(b, "c", &err), err);
    assert_error(td_rulebook_builder_add_note(b, NULL, "m", NULL, 0, 0, &err), TD_EINVAL, err, "code is NULL");
    assert_error(td_rulebook_builder_add_note(b, "x", NULL, NULL, 0, 0, &err), TD_EINVAL, err, "message is NULL");
    assert_error(td_rulebook_builder_add_note(NULL, "x", "m", NULL, 0, 0, &err), TD_EINVAL, err, "NULL");
    assert_ok(td_rulebook_builder_add_note(b, "mine", "said once", NULL, 0, 0, &err), err);
    td_rulebook *one = NULL, *two = NULL;
    assert_ok(td_rulebook_builder_build(&one, b, &err), err);
    assert_ok(td_rulebook_builder_build(&two, b, &err), err);
    td_rulebook_builder_free(b); /* the rulebooks keep their own copies */
    td_warning w;
    assert_true(td_rulebook_note(&w, two, 0));
    assert_string_equal(w.code, "mine");
    assert_string_equal(w.message, "said once");
    assert_string_equal(w.file, "");
    assert_int_equal(td_rulebook_note_count(one), 1);
    td_rulebook_free(one);
    td_rulebook_free(two);
}

static void unknown_keys_list_the_known_ones_when_nothing_is_close(void **state)
{
    (void)state;
    assert_error_at(load_error("thidua: 1\nid: t\nwhatever: 1\n", NULL), TD_EPARSE, 3, 1,
                    "unknown key 'whatever' (expected one of: thidua, id, name, precision, inputs, "
                    "parameters, measures, sections, adjustments, bonus_max, classification, ranking, "
                    "awards, titles, leader, rollups)");
    assert_error_at(load_error("thidua: 1\nid: t\nsections:\n  - id: A\n    critera: []\n", NULL), TD_EPARSE,
                    5, 5, "section 'A': unknown key 'critera' (did you mean 'criteria'?)");
    assert_error_at(load_error(HEAD "      - {id: a, max: 1, rule: {kind: manual}}\n"
                                    "leader: {rule: rotation, ordr: [a]}\n", NULL),
                    TD_EPARSE, 7, 26, "leader: unknown key 'ordr' (did you mean 'order'?)");
    /* rulebook 1.1: 'sections: []' is a rulebook without sections (test_io_v11) */
    assert_error_at(load_error("thidua: 1\nid: t\nsections: {}\n", NULL), TD_EPARSE, 3, 11, "sections");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(yaml_and_json_give_the_same_rulebook),
        cmocka_unit_test(yes_no_and_on_are_text),
        cmocka_unit_test(numbers_are_exact_decimals_from_their_text),
        cmocka_unit_test(percent_means_hundredths_where_allowed),
        cmocka_unit_test(bands_compare_the_attainment_or_the_actual),
        cmocka_unit_test(null_leaves_an_optional_key_out),
        cmocka_unit_test(aliases_share_definitions),
        cmocka_unit_test(expression_errors_point_inside_the_expression),
        cmocka_unit_test(every_kind_of_expression_is_placed),
        cmocka_unit_test(ranking_direction_is_a_whole_word),
        cmocka_unit_test(limits_are_enforced),
        cmocka_unit_test(options_and_arguments_are_checked),
        cmocka_unit_test(unreadable_files_are_io_errors),
        cmocka_unit_test(unknown_keys_list_the_known_ones_when_nothing_is_close),
        cmocka_unit_test(keys_with_their_default_value_are_notes),
        cmocka_unit_test(builder_notes_are_checked_and_copied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
