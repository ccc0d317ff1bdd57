/*
 * Rulebook 1.1, section 9 (nested score tables), in files: `criteria:`
 * inside a criterion read from YAML and JSON into group nodes, the writer's
 * text read back into the same rulebook and the same results, the JSON
 * report's "nodes", and every bad nesting at its FILE:LINE:COL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"

/* A3 holds a node (A31), a criterion (a32), then a node again (A33). */
#define RULEBOOK                                                                                   \
    "thidua: 1\n"                                                                                  \
    "id: nested\n"                                                                                 \
    "sections:\n"                                                                                  \
    "  - id: A\n"                                                                                  \
    "    name: \"Phần A\"\n"                                                                       \
    "    max: 45\n"                                                                                \
    "    criteria:\n"                                                                              \
    "      - id: A1\n"                                                                             \
    "        name: \"Nhóm \\\"A1\\\"\"\n"                                                          \
    "        max: 20\n"                                                                            \
    "        criteria:\n"                                                                          \
    "          - {id: a11, max: 15, rule: {kind: manual}}\n"                                       \
    "          - {id: a12, max: 10, rule: {kind: manual}}\n"                                       \
    "      - {id: a2, max: 20, rule: {kind: manual}}\n"                                            \
    "      - id: A3\n"                                                                             \
    "        max: 22\n"                                                                            \
    "        criteria:\n"                                                                          \
    "          - id: A31\n"                                                                        \
    "            max: 12\n"                                                                        \
    "            criteria:\n"                                                                      \
    "              - {id: a311, max: 8, rule: {kind: manual}}\n"                                   \
    "              - {id: a312, max: 8, rule: {kind: manual}}\n"                                   \
    "          - {id: a32, max: 13, rule: {kind: manual}}\n"                                       \
    "          - id: A33\n"                                                                        \
    "            max: 5\n"                                                                         \
    "            criteria:\n"                                                                      \
    "              - {id: a331, max: 5, rule: {kind: manual}}\n"                                   \
    "  - id: B\n"                                                                                  \
    "    criteria:\n"                                                                              \
    "      - id: B1\n"                                                                             \
    "        max: 27\n"                                                                            \
    "        criteria:\n"                                                                          \
    "          - id: p\n"                                                                          \
    "            max: 20\n"                                                                        \
    "            rule: {kind: proportional, cap: 1.5}\n"                                           \
    "            bonus: {per: 10, points: 1}\n"                                                    \
    "          - {id: b1, max: 10, rule: {kind: manual}}\n"                                        \
    "      - {id: b2, max: 5, rule: {kind: manual}}\n"                                             \
    "classification:\n"                                                                            \
    "  - {id: tot, min: 0, when: \"min_share('group') >= 0.6 and points(A31) >= 12\"}\n"          \
    "  - {id: kem}\n"

/* The same in JSON. */
static const char json_rulebook[] =
    "{\"thidua\": 1, \"id\": \"nested\", \"sections\": [\n"
    " {\"id\": \"A\", \"name\": \"Phần A\", \"max\": 45, \"criteria\": [\n"
    "  {\"id\": \"A1\", \"name\": \"Nhóm \\\"A1\\\"\", \"max\": 20, \"criteria\": [\n"
    "   {\"id\": \"a11\", \"max\": 15, \"rule\": {\"kind\": \"manual\"}},\n"
    "   {\"id\": \"a12\", \"max\": 10, \"rule\": {\"kind\": \"manual\"}}]},\n"
    "  {\"id\": \"a2\", \"max\": 20, \"rule\": {\"kind\": \"manual\"}},\n"
    "  {\"id\": \"A3\", \"max\": 22, \"criteria\": [\n"
    "   {\"id\": \"A31\", \"max\": 12, \"criteria\": [\n"
    "    {\"id\": \"a311\", \"max\": 8, \"rule\": {\"kind\": \"manual\"}},\n"
    "    {\"id\": \"a312\", \"max\": 8, \"rule\": {\"kind\": \"manual\"}}]},\n"
    "   {\"id\": \"a32\", \"max\": 13, \"rule\": {\"kind\": \"manual\"}},\n"
    "   {\"id\": \"A33\", \"max\": 5, \"criteria\": [\n"
    "    {\"id\": \"a331\", \"max\": 5, \"rule\": {\"kind\": \"manual\"}}]}]}]},\n"
    " {\"id\": \"B\", \"criteria\": [\n"
    "  {\"id\": \"B1\", \"max\": 27, \"criteria\": [\n"
    "   {\"id\": \"p\", \"max\": 20, \"rule\": {\"kind\": \"proportional\", \"cap\": 1.5},"
    " \"bonus\": {\"per\": 10, \"points\": 1}},\n"
    "   {\"id\": \"b1\", \"max\": 10, \"rule\": {\"kind\": \"manual\"}}]},\n"
    "  {\"id\": \"b2\", \"max\": 5, \"rule\": {\"kind\": \"manual\"}}]}],\n"
    " \"classification\": [{\"id\": \"tot\", \"min\": 0, \"when\": \"min_share('group') >= 0.6 and points(A31) >= "
    "12\"},\n"
    "  {\"id\": \"kem\"}]}\n";

/* u1: A1 14+9 = 23 → 20; A31 8+7 = 15 → 12, A33 5, A3 12+12+5 = 29 → 22;
 *     A 20+18+22 = 60 → 45; p 20 × 1.4 = 28, B1 28+5 = 33 → 27; B 27+5 = 32;
 *     base 77, bonus 4 (p), total 81; tot (min_share('group') = 18/20 = 0.9).
 * u2: A1 10, A31 5, A33 1, A3 5+6+1 = 12, A 10+10+12 = 32; p 10, B1 12,
 *     B 16; base 48, total 48; kem. */
#define DATA                                                                                       \
    "thidua: 1\n"                                                                                  \
    "period: 2025\n"                                                                               \
    "cluster: {id: k, members: [u1, u2]}\n"                                                        \
    "targets: {u1: {p: 100}, u2: {p: 100}}\n"                                                      \
    "results: {u1: {p: 140}, u2: {p: 50}}\n"                                                       \
    "scores:\n"                                                                                    \
    "  final:\n"                                                                                   \
    "    u1: {a11: 14, a12: 9, a2: 18, a311: 8, a312: 7, a32: 12, a331: 5, b1: 5, b2: 5}\n"        \
    "    u2: {a11: 5, a12: 5, a2: 10, a311: 2, a312: 3, a32: 6, a331: 1, b1: 2, b2: 4}\n"

static td_rulebook *load(const char *text, const char *name)
{
    td_error err;
    td_rulebook *rb = NULL;
    if (td_rulebook_load_string(&rb, text, strlen(text), name, NULL, &err) != TD_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return rb;
}

static td_error load_error(const char *text, const char *name)
{
    td_error err;
    td_error_clear(&err);
    td_rulebook *rb = NULL;
    if (td_rulebook_load_string(&rb, text, strlen(text), name, NULL, &err) == TD_OK)
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

static char *to_yaml(const td_rulebook *rb)
{
    td_error err;
    char *text = NULL;
    assert_ok(td_rulebook_to_yaml(&text, NULL, rb, &err), err);
    return text;
}

static td_result *evaluate(const td_rulebook *rb, const char *data)
{
    td_error err;
    td_dataset *d = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    assert_ok(td_dataset_new(&d, NULL, &err), err);
    assert_ok(td_dataset_add_string(d, data, strlen(data), "data.yaml", TD_DOC_FORMAT_AUTO, &err), err);
    assert_ok(td_dataset_to_cluster(&cl, d, rb, &err), err);
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    td_cluster_free(cl);
    td_dataset_free(d);
    return res;
}

static char *report(const td_result *res, td_report_format format, td_lang lang)
{
    td_error err;
    td_report_options opts = TD_REPORT_OPTIONS_INIT;
    opts.lang = lang;
    char *text = NULL;
    assert_ok(td_report_render(&text, NULL, res, format, &opts, &err), err);
    return text;
}

/* The structure of RULEBOOK, however it was read. */
static void assert_structure(const td_rulebook *rb)
{
    static const char *const criteria[] = {"a11", "a12", "a2", "a311", "a312", "a32", "a331", "p", "b1", "b2"};
    /* nodes: A1 0, A3 1, A31 2, A33 3, B1 4 */
    static const size_t parents[] = {0, 0, (size_t)-1, 2, 2, 1, 3, 4, 4, (size_t)-1};
    static const size_t sections[] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
    assert_int_equal(td_rulebook_criterion_count(rb), 10);
    for (size_t i = 0; i < 10; i++) {
        assert_string_equal(td_rulebook_criterion_id(rb, i), criteria[i]);
        assert_int_equal(td_rulebook_criterion_parent(rb, i), parents[i]);
        assert_int_equal(td_rulebook_criterion_section(rb, i), sections[i]);
    }
    static const struct {
        const char *id, *name, *max;
        size_t section, parent;
        unsigned level;
    } nodes[] = {{"A1", "Nhóm \"A1\"", "20", 0, (size_t)-1, 1},
                 {"A3", "", "22", 0, (size_t)-1, 1},
                 {"A31", "", "12", 0, 1, 2},
                 {"A33", "", "5", 0, 1, 2},
                 {"B1", "", "27", 1, (size_t)-1, 1}};
    assert_int_equal(td_rulebook_node_count(rb), 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(td_rulebook_node_id(rb, i), nodes[i].id);
        assert_string_equal(td_rulebook_node_name(rb, i), nodes[i].name);
        assert_decimal(td_rulebook_node_max(rb, i), nodes[i].max);
        assert_int_equal(td_rulebook_node_section(rb, i), nodes[i].section);
        assert_int_equal(td_rulebook_node_parent(rb, i), nodes[i].parent);
        assert_int_equal(td_rulebook_node_level(rb, i), nodes[i].level);
    }
    td_decimal max;
    assert_true(td_rulebook_section_max(&max, rb, 0));
    assert_decimal(max, "45");
    assert_false(td_rulebook_section_max(&max, rb, 1));
}

static void assert_numbers(const td_result *res)
{
    td_error err;
    size_t u1, u2;
    assert_ok(td_result_find_member(&u1, res, "u1", &err), err);
    assert_ok(td_result_find_member(&u2, res, "u2", &err), err);
    static const char *const n1[] = {"20", "22", "12", "5", "27"}, *const n2[] = {"10", "12", "5", "1", "12"};
    for (size_t n = 0; n < 5; n++) {
        assert_decimal(td_result_node_points(res, u1, n), n1[n]);
        assert_decimal(td_result_node_points(res, u2, n), n2[n]);
    }
    assert_decimal(td_result_section_points(res, u1, 0), "45");
    assert_decimal(td_result_section_points(res, u1, 1), "32");
    assert_decimal(td_result_member_total(res, u1), "81");
    assert_decimal(td_result_member_total(res, u2), "48");
    assert_string_equal(td_result_member_classification(res, u1), "tot");
    assert_string_equal(td_result_member_classification(res, u2), "kem");
}

static void nested_rulebooks_load_from_yaml_and_json(void **state)
{
    (void)state;
    td_rulebook *y = load(RULEBOOK, "t.yaml"), *j = load(json_rulebook, "t.json");
    assert_structure(y);
    assert_structure(j);
    char *ty = to_yaml(y), *tj = to_yaml(j);
    assert_string_equal(ty, tj);
    td_free(ty);
    td_free(tj);
    td_result *res = evaluate(y, DATA);
    assert_numbers(res);
    td_result_free(res);
    res = evaluate(j, DATA);
    assert_numbers(res);
    td_result_free(res);
    td_rulebook_free(y);
    td_rulebook_free(j);
}

static void the_writer_keeps_the_nesting(void **state)
{
    (void)state;
    td_rulebook *rb = load(RULEBOOK, "t.yaml");
    char *text = to_yaml(rb);
    /* each node where it stands, its criteria four spaces further in; a32
     * back in A3 after A31, then A33 opened */
    assert_non_null(strstr(text, "    criteria:\n"
                                 "      - id: A1\n"
                                 "        name: \"Nhóm \\\"A1\\\"\"\n"
                                 "        max: 20\n"
                                 "        criteria:\n"
                                 "          - id: a11\n"
                                 "            max: 15\n"
                                 "            rule: {kind: manual}\n"
                                 "          - id: a12\n"
                                 "            max: 10\n"
                                 "            rule: {kind: manual}\n"
                                 "      - id: a2\n"
                                 "        max: 20\n"
                                 "        rule: {kind: manual}\n"
                                 "      - id: A3\n"
                                 "        max: 22\n"
                                 "        criteria:\n"
                                 "          - id: A31\n"
                                 "            max: 12\n"
                                 "            criteria:\n"
                                 "              - id: a311\n"
                                 "                max: 8\n"
                                 "                rule: {kind: manual}\n"
                                 "              - id: a312\n"
                                 "                max: 8\n"
                                 "                rule: {kind: manual}\n"
                                 "          - id: a32\n"
                                 "            max: 13\n"
                                 "            rule: {kind: manual}\n"
                                 "          - id: A33\n"
                                 "            max: 5\n"
                                 "            criteria:\n"
                                 "              - id: a331\n"
                                 "                max: 5\n"
                                 "                rule: {kind: manual}\n"
                                 "  - id: B\n"
                                 "    criteria:\n"
                                 "      - id: B1\n"
                                 "        max: 27\n"
                                 "        criteria:\n"
                                 "          - id: p\n"
                                 "            max: 20\n"
                                 "            rule: {kind: proportional, cap: 1.5}\n"
                                 "            bonus: {per: 10, points: 1}\n"
                                 "          - id: b1\n"));
    /* read back: the same rulebook, the same text, the same results */
    td_rulebook *back = load(text, "back.yaml");
    assert_structure(back);
    char *again = to_yaml(back);
    assert_string_equal(again, text);
    td_result *r1 = evaluate(rb, DATA), *r2 = evaluate(back, DATA);
    assert_numbers(r2);
    for (int l = 0; l < 2; l++) {
        char *j1 = report(r1, TD_REPORT_FORMAT_JSON, (td_lang)l), *j2 = report(r2, TD_REPORT_FORMAT_JSON, (td_lang)l);
        assert_string_equal(j1, j2);
        td_free(j1);
        td_free(j2);
    }
    td_result_free(r1);
    td_result_free(r2);
    td_free(text);
    td_free(again);
    td_rulebook_free(back);
    td_rulebook_free(rb);
}

/* A rulebook built in code, its children added out of rulebook order:
 * written in rulebook order and read back alike. */
static void the_writer_orders_a_built_rulebook(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "order", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S1", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S2", "Hai", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "S1", "c1", NULL, D("1"), &err), err);
    assert_ok(td_rulebook_builder_add_node(b, "S1", "N1", "Một", D("10"), &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "S2", "d1", NULL, D("1"), &err), err);
    assert_ok(td_rulebook_builder_add_node(b, "S1", "N2", NULL, D("10"), &err), err);
    assert_ok(td_rulebook_builder_add_node(b, "N2", "N21", NULL, D("5"), &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "N2", "n2a", NULL, D("3"), &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "N1", "n1a", NULL, D("4"), &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "N21", "n21a", NULL, D("5"), &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "N1", "n1b", NULL, D("7"), &err), err);
    static const char *const ids[] = {"c1", "d1", "n2a", "n1a", "n21a", "n1b"};
    for (size_t i = 0; i < 6; i++)
        assert_ok(tr_rule_manual(b, ids[i], &err), err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    char *text = to_yaml(rb);
    assert_non_null(strstr(text, "sections:\n"
                                 "  - id: S1\n"
                                 "    criteria:\n"
                                 "      - id: c1\n"
                                 "        max: 1\n"
                                 "        rule: {kind: manual}\n"
                                 "      - id: N1\n"
                                 "        name: \"Một\"\n"
                                 "        max: 10\n"
                                 "        criteria:\n"
                                 "          - id: n1a\n"
                                 "            max: 4\n"
                                 "            rule: {kind: manual}\n"
                                 "          - id: n1b\n"
                                 "            max: 7\n"
                                 "            rule: {kind: manual}\n"
                                 "      - id: N2\n"
                                 "        max: 10\n"
                                 "        criteria:\n"
                                 "          - id: N21\n"
                                 "            max: 5\n"
                                 "            criteria:\n"
                                 "              - id: n21a\n"
                                 "                max: 5\n"
                                 "                rule: {kind: manual}\n"
                                 "          - id: n2a\n"
                                 "            max: 3\n"
                                 "            rule: {kind: manual}\n"
                                 "  - id: S2\n"
                                 "    name: \"Hai\"\n"
                                 "    criteria:\n"
                                 "      - id: d1\n"));
    td_rulebook *back = load(text, "back.yaml");
    char *again = to_yaml(back);
    assert_string_equal(again, text);
    assert_int_equal(td_rulebook_node_count(back), 3);
    for (size_t i = 0; i < td_rulebook_criterion_count(rb); i++) {
        assert_string_equal(td_rulebook_criterion_id(back, i), td_rulebook_criterion_id(rb, i));
        assert_int_equal(td_rulebook_criterion_parent(back, i), td_rulebook_criterion_parent(rb, i));
    }
    td_free(text);
    td_free(again);
    td_rulebook_free(back);
    td_rulebook_free(rb);
}

static void the_json_report_lists_the_nodes(void **state)
{
    (void)state;
    td_rulebook *rb = load(RULEBOOK, "t.yaml");
    td_result *res = evaluate(rb, DATA);
    char *json = report(res, TD_REPORT_FORMAT_JSON, TD_LANG_EN);
    /* u1's, after its criteria and before its awards */
    assert_non_null(strstr(json, "      ],\n"
                                 "      \"nodes\": [\n"
                                 "        {\n"
                                 "          \"id\": \"A1\",\n"
                                 "          \"points\": 20,\n"
                                 "          \"max\": 20\n"
                                 "        },\n"
                                 "        {\n"
                                 "          \"id\": \"A3\",\n"
                                 "          \"points\": 22,\n"
                                 "          \"max\": 22\n"
                                 "        },\n"
                                 "        {\n"
                                 "          \"id\": \"A31\",\n"
                                 "          \"points\": 12,\n"
                                 "          \"max\": 12\n"
                                 "        },\n"
                                 "        {\n"
                                 "          \"id\": \"A33\",\n"
                                 "          \"points\": 5,\n"
                                 "          \"max\": 5\n"
                                 "        },\n"
                                 "        {\n"
                                 "          \"id\": \"B1\",\n"
                                 "          \"points\": 27,\n"
                                 "          \"max\": 27\n"
                                 "        }\n"
                                 "      ],\n"
                                 "      \"awards\": []\n"));
    /* and u2's, under their max */
    assert_non_null(strstr(json, "          \"id\": \"A3\",\n          \"points\": 12,\n          \"max\": 22\n"));
    /* criteria lists the leaves only */
    assert_null(strstr(json, "\"id\": \"A31\",\n          \"target\""));
    td_free(json);
    /* the base explanation in the member's report, in both languages */
    td_error err;
    td_report_options opts = TD_REPORT_OPTIONS_INIT;
    opts.unit = "u2";
    char *text = NULL;
    assert_ok(td_report_render(&text, NULL, res, TD_REPORT_FORMAT_EXPLAIN, &opts, &err), err);
    assert_non_null(strstr(text, "điểm cơ bản = A 32 + B 16 = 48; nhóm tiêu chí: A1 10, A3 12 (A31 5, A33 1), B1 12; "));
    td_free(text);
    opts.lang = TD_LANG_EN;
    opts.unit = "u1";
    assert_ok(td_report_render(&text, NULL, res, TD_REPORT_FORMAT_EXPLAIN, &opts, &err), err);
    assert_non_null(strstr(text, "base = A min(45, 60) = 45 + B 32 = 77; groups of criteria: A1 min(20, 23) = 20, "
                                 "A3 min(22, 29) = 22 (A31 min(12, 15) = 12, A33 5), B1 min(27, 33) = 27; "));
    td_free(text);
    td_result_free(res);
    td_rulebook_free(rb);
    /* a version 1 rulebook: no "nodes" */
    rb = load("thidua: 1\nid: v1\nsections:\n  - id: A\n    criteria:\n      - {id: s, max: 10, rule: {kind: manual}}\n",
              "v1.yaml");
    assert_int_equal(td_rulebook_node_count(rb), 0);
    res = evaluate(rb, "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [u]}\nscores:\n  final: {u: {s: 7}}\n");
    json = report(res, TD_REPORT_FORMAT_JSON, TD_LANG_EN);
    assert_null(strstr(json, "\"nodes\""));
    assert_non_null(strstr(json, "      ],\n      \"awards\": []\n"));
    td_free(json);
    char *yaml = to_yaml(rb);
    assert_null(strstr(yaml, "criteria:\n          -")); /* nothing nested */
    td_free(yaml);
    td_result_free(res);
    td_rulebook_free(rb);
}

#define HEAD "thidua: 1\nid: t\nsections:\n  - id: A\n    criteria:\n"

/* The CSV's last column, `parent`, holds the node or section above each
 * criterion and node row, so the tree can be rebuilt from the file. */
static void the_csv_names_each_rows_parent(void **state)
{
    (void)state;
    td_rulebook *rb = load(RULEBOOK, "t.yaml");
    td_result *res = evaluate(rb, DATA);
    char *csv = report(res, TD_REPORT_FORMAT_CSV, TD_LANG_EN);
    assert_non_null(strstr(csv, ",status,explain,parent\r\n"));
    static const char *const rows[][2] = {
        {",criterion,a11,", ",A1\r\n"}, {",criterion,a2,", ",A\r\n"},  {",node,A1,", ",A\r\n"},
        {",node,A31,", ",A3\r\n"},      {",criterion,a311,", ",A31\r\n"}, {",criterion,p,", ",B1\r\n"},
        {",criterion,b2,", ",B\r\n"},   {",section,A,", ",\r\n"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *at = strstr(csv, rows[i][0]);
        assert_non_null(at);
        const char *end = strstr(at, "\r\n");
        size_t n = strlen(rows[i][1]);
        /* the row ends with its parent (a section row has none) */
        if ((size_t)(end + 2 - at) < n || memcmp(end + 2 - n, rows[i][1], n) != 0)
            fail_msg("row %s does not end with %s", rows[i][0], rows[i][1]);
    }
    td_free(csv);
    td_result_free(res);
    td_rulebook_free(rb);
}

static void bad_nesting_is_placed(void **state)
{
    (void)state;
    /* both a rule and criteria: at the rule */
    assert_error_at(load_error(HEAD "      - id: G\n        max: 10\n        rule: {kind: manual}\n        criteria:\n"
                                    "          - {id: a, max: 5, rule: {kind: manual}}\n",
                               "t.yaml"),
                    TD_ERULEBOOK, 8, 15,
                    "group 'G' has 'criteria', so it has no 'rule': its points are the sum of its criteria's, capped "
                    "at its max");
    /* no max: at the node */
    assert_error_at(load_error(HEAD "      - id: G\n        criteria:\n          - {id: a, max: 5, rule: {kind: manual}}\n",
                               "t.yaml"),
                    TD_EPARSE, 6, 9, "group 'G': missing key 'max'");
    /* a negative max, a max that is no number */
    assert_error_at(load_error(HEAD "      - id: G\n        max: -1\n        criteria:\n"
                                    "          - {id: a, max: 5, rule: {kind: manual}}\n",
                               "t.yaml"),
                    TD_ERANGE, 7, 14, "'max' must not be negative");
    assert_error_at(load_error(HEAD "      - {id: G, max: ten, criteria: [{id: a, max: 5, rule: {kind: manual}}]}\n",
                               "t.yaml"),
                    TD_EPARSE, 6, 22, "group 'G': 'max' must be a number, found the text 'ten'");
    /* a fourth level: at the id of the node that would stand there */
    assert_error_at(load_error(HEAD "      - id: G1\n        max: 10\n        criteria:\n"
                                    "          - id: G2\n            max: 10\n            criteria:\n"
                                    "              - id: G3\n                max: 10\n                criteria:\n"
                                    "                  - {id: a, max: 5, rule: {kind: manual}}\n",
                               "t.yaml"),
                    TD_ERULEBOOK, 12, 21,
                    "group 'G3' would stand 3 levels below its section: a section holds at most 3 levels of criteria, "
                    "so group 'G2' may hold criteria but no group");
    /* an empty list of criteria in a node: at the list */
    assert_error_at(load_error(HEAD "      - {id: b, max: 5, rule: {kind: manual}}\n      - id: G\n        max: 10\n"
                                    "        criteria: []\n",
                               "t.yaml"),
                    TD_ERULEBOOK, 9, 19, "group 'G': 'criteria' must list at least one entry");
    /* criteria that are no list */
    assert_error_at(load_error(HEAD "      - {id: G, max: 10, criteria: a}\n", "t.yaml"), TD_EPARSE, 6, 36,
                    "group 'G': 'criteria' must be a list, found the text 'a'");
    /* a key a node does not have, with the keys it has */
    assert_error_at(load_error(HEAD "      - id: G\n        max: 10\n        bonus: {per: 1, points: 1}\n        criteria:\n"
                                    "          - {id: a, max: 5, rule: {kind: manual}}\n",
                               "t.yaml"),
                    TD_EPARSE, 8, 9, "group 'G': unknown key 'bonus' (expected one of: id, name, max, criteria)");
    assert_error_at(load_error(HEAD "      - {id: G, maxx: 3, criteria: [{id: a, max: 5, rule: {kind: manual}}]}\n",
                               "t.yaml"),
                    TD_EPARSE, 6, 17, "group 'G': unknown key 'maxx' (did you mean 'max'?)");
    /* a criterion inside a node is placed as its own: a missing rule */
    assert_error_at(load_error(HEAD "      - id: G\n        max: 10\n        criteria:\n          - {id: a, max: 5}\n",
                               "t.yaml"),
                    TD_EPARSE, 9, 13, "criterion 'a': missing key 'rule'");
    /* ids: a node with a criterion's id, a criterion with a node's, a section with a node's, a node with a section's */
    assert_error_at(load_error(HEAD "      - {id: a, max: 5, rule: {kind: manual}}\n      - id: G\n        max: 10\n"
                                    "        criteria:\n          - {id: b, max: 5, rule: {kind: manual}}\n"
                                    "      - id: a\n        max: 10\n        criteria:\n"
                                    "          - {id: c, max: 5, rule: {kind: manual}}\n",
                               "t.yaml"),
                    TD_EEXISTS, 11, 13, "group 'a' takes the id of a criterion");
    assert_error_at(load_error(HEAD "      - id: G\n        max: 10\n        criteria:\n"
                                    "          - {id: b, max: 5, rule: {kind: manual}}\n"
                                    "  - id: B\n    criteria:\n      - {id: G, max: 5, rule: {kind: manual}}\n",
                               "t.yaml"),
                    TD_EEXISTS, 12, 14, "criterion 'G' takes the id of a group of criteria");
    assert_error_at(load_error(HEAD "      - id: B\n        max: 10\n        criteria:\n"
                                    "          - {id: b, max: 5, rule: {kind: manual}}\n"
                                    "  - id: B\n    criteria:\n      - {id: c, max: 5, rule: {kind: manual}}\n",
                               "t.yaml"),
                    TD_EEXISTS, 10, 9, "section 'B' takes the id of a group of criteria");
    assert_error_at(load_error(HEAD "      - id: A\n        max: 10\n        criteria:\n"
                                    "          - {id: b, max: 5, rule: {kind: manual}}\n",
                               "t.yaml"),
                    TD_EEXISTS, 6, 13, "group 'A' takes the id of a section");
    assert_error_at(load_error(HEAD "      - {id: G, max: 1, criteria: [{id: x, max: 1, rule: {kind: manual}}]}\n"
                                    "      - {id: G, max: 1, criteria: [{id: y, max: 1, rule: {kind: manual}}]}\n",
                               "t.yaml"),
                    TD_EEXISTS, 7, 14, "group 'G' is defined twice");
    /* an error found when the rulebook is built, at the group's id: an id
     * another kind of definition has */
    assert_error_at(load_error("thidua: 1\nid: t\nparameters: {G: 3}\nsections:\n  - id: A\n    criteria:\n"
                               "      - {id: G, max: 1, criteria: [{id: x, max: 1, rule: {kind: manual}}]}\n",
                               "t.yaml"),
                    TD_ERULEBOOK, 7, 14, "group 'G' has the id of a parameter");
    /* points() of an unknown group, at the expression's place */
    assert_error_at(load_error(HEAD "      - {id: G, max: 1, criteria: [{id: x, max: 1, rule: {kind: manual}}]}\n"
                                    "classification:\n  - {id: a, when: \"points(GG) > 0\"}\n  - {id: b}\n",
                               "t.yaml"),
                    TD_EPARSE, 8, 27, "unknown criterion, group or section 'GG' in points() (did you mean 'G'?)");
    /* JSON alike */
    assert_error_at(load_error("{\"thidua\": 1, \"id\": \"t\", \"sections\": [{\"id\": \"A\", \"criteria\": [\n"
                               "  {\"id\": \"G\", \"max\": 1, \"rule\": {\"kind\": \"manual\"}, \"criteria\": []}]}]}\n",
                               "t.json"),
                    TD_ERULEBOOK, 2, 33, "group 'G' has 'criteria', so it has no 'rule'");
}

/* Every rule kind and key of a criterion at the third level, and a
 * criterion of the first level after a node: written and read back alike. */
static const char kinds[] =
    "thidua: 1\n"
    "id: kinds\n"
    "measures:\n"
    "  rate: \"done / planned\"\n"
    "sections:\n"
    "  - id: A\n"
    "    max: 100\n"
    "    criteria:\n"
    "      - id: G\n"
    "        max: 50\n"
    "        criteria:\n"
    "          - id: H\n"
    "            max: 40\n"
    "            criteria:\n"
    "              - id: bands\n"
    "                name: \"Mức\"\n"
    "                measure: rate\n"
    "                max: 10\n"
    "                rule: {kind: bands, bands: [{at: 1, points: 10}, {at: 0.5, points: 5}]}\n"
    "              - id: low\n"
    "                measure: rate\n"
    "                direction: lower\n"
    "                max: 10\n"
    "                rule: {kind: shortfall, deduct: 1, per: 5, step: ceil, min: 2}\n"
    "                bonus: {per: 5, points: 0.5, max: 2}\n"
    "              - id: rk\n"
    "                measure: rate\n"
    "                max: 6\n"
    "                rule: {kind: rank, points: [6, 4.25]}\n"
    "              - id: ex\n"
    "                measure: rate\n"
    "                max: 8\n"
    "                rule: {kind: expr, expr: \"attainment(rate) * 5 + events(late)\"}\n"
    "          - id: best\n"
    "            measure: rate\n"
    "            max: 10\n"
    "            rule: {kind: best, of: actual}\n"
    "      - {id: thr, measure: rate, max: 5, rule: {kind: threshold, at: 95%}}\n"
    "adjustments:\n"
    "  - {id: late, kind: deduction, points: 1}\n";

static void every_kind_of_criterion_nested_is_written_back(void **state)
{
    (void)state;
    td_rulebook *rb = load(kinds, "kinds.yaml");
    static const char *const ids[] = {"bands", "low", "rk", "ex", "best", "thr"};
    static const size_t parents[] = {1, 1, 1, 1, 0, (size_t)-1};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(td_rulebook_criterion_id(rb, i), ids[i]);
        assert_int_equal(td_rulebook_criterion_parent(rb, i), parents[i]);
    }
    char *text = to_yaml(rb);
    assert_non_null(strstr(text, "          - id: H\n"
                                 "            max: 40\n"
                                 "            criteria:\n"
                                 "              - id: bands\n"
                                 "                name: \"Mức\"\n"
                                 "                measure: rate\n"
                                 "                max: 10\n"));
    assert_non_null(strstr(text, "                direction: lower\n"));
    td_rulebook *back = load(text, "back.yaml");
    char *again = to_yaml(back);
    assert_string_equal(again, text);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(td_rulebook_criterion_id(back, i), ids[i]);
        assert_int_equal(td_rulebook_criterion_parent(back, i), parents[i]);
        assert_int_equal(td_rulebook_criterion_rule_kind(back, i), td_rulebook_criterion_rule_kind(rb, i));
        assert_int_equal(td_rulebook_criterion_direction(back, i), td_rulebook_criterion_direction(rb, i));
    }
    td_free(text);
    td_free(again);
    td_rulebook_free(back);
    td_rulebook_free(rb);
    /* a band's points are checked against the leaf's own max, not its group's */
    assert_error_at(load_error(HEAD "      - id: G\n        max: 50\n        criteria:\n"
                                    "          - id: bands\n            max: 10\n"
                                    "            rule: {kind: bands, bands: [{at: 1, points: 12}]}\n",
                               "t.yaml"),
                    TD_ERULEBOOK, 11, 57, "band points 12 of criterion 'bands' exceeds its max 10");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nested_rulebooks_load_from_yaml_and_json),
        cmocka_unit_test(the_writer_keeps_the_nesting),
        cmocka_unit_test(the_writer_orders_a_built_rulebook),
        cmocka_unit_test(the_json_report_lists_the_nodes),
        cmocka_unit_test(the_csv_names_each_rows_parent),
        cmocka_unit_test(bad_nesting_is_placed),
        cmocka_unit_test(every_kind_of_criterion_nested_is_written_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
