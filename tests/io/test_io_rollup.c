/*
 * Rulebook 1.1 sections 4, 6 and 8 in files: a rulebook's `rollups` (the
 * child rulebook by path or inline), the data's `units` and `rollups`
 * (member tables of children, history tables, parameters), the rulebook
 * writer's round trip, the JSON `rollups`, and every mistake at its
 * FILE:LINE:COL.
 *
 * tests/data/rollup, worked by hand: households classified xuat_sac (income
 * >= 100), kha (>= 50) or none; ldtt for xuat_sac.
 *
 *   child  unit  registered  income  class
 *   h1     d1    1           120     xuat_sac   (history: xuat_sac in 2023)
 *   h2     x1    1           60.25   kha        (x1 below d1)
 *   h3     x2    0           -       none       (x2 below x1)
 *   h4     d2    1           150     xuat_sac
 *   h5     d2    -           10      none
 *   h6     d3    -           55      kha
 *
 *   member  children  hh_registered  hh_achieved  hh_income  ldtt_share  veteran
 *   d1      3         2              2            180.25     0.333333    1
 *   d2      2         1              1            150        0.5         0
 *   d3      1         0              1            55         0           0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"

#ifndef TD_SOURCE_DIR
#  error "TD_SOURCE_DIR must name the source tree"
#endif

#define DIR TD_SOURCE_DIR "/tests/data/rollup"

static td_rulebook *rulebook_file(const char *path)
{
    td_error err;
    td_rulebook *rb = NULL;
    if (td_rulebook_load_file(&rb, path, NULL, &err) != TD_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return rb;
}

static td_status cluster_of(td_cluster **out, const td_rulebook *rb, const char *const *files, size_t n,
                            const td_allocator *alloc, td_error *err)
{
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.allocator = alloc;
    td_dataset *d = NULL;
    td_status rc = td_dataset_new(&d, &o, err);
    for (size_t i = 0; rc == TD_OK && i < n; i++)
        rc = td_dataset_add_file(d, files[i], err);
    if (rc == TD_OK)
        rc = td_dataset_to_cluster(out, d, rb, err);
    td_dataset_free(d);
    return rc;
}

static char *json_of(const td_result *res)
{
    td_error err;
    char *text = NULL;
    size_t len;
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.lang = TD_LANG_EN;
    assert_ok(td_report_render(&text, &len, res, TD_REPORT_FORMAT_JSON, &o, &err), err);
    return text;
}

static const char *rolled(const td_result *res, const char *measure, const char *unit)
{
    static char buf[TD_DECIMAL_STRING_SIZE];
    const td_rulebook *rb = td_result_rulebook(res);
    size_t m;
    td_error err;
    assert_ok(td_result_find_member(&m, res, unit, &err), err);
    for (size_t k = 0; k < td_rulebook_rollup_measure_count(rb, 0); k++)
        if (strcmp(td_rulebook_rollup_measure_id(rb, 0, k), measure) == 0) {
            td_decimal v;
            if (!td_result_rollup_value(&v, res, 0, k, m))
                return "-";
            td_decimal_format(buf, sizeof buf, v);
            return buf;
        }
    fail_msg("no roll-up measure '%s'", measure);
    return NULL;
}

static void assert_worked_case(const td_result *res)
{
    static const char *const units[] = {"d1", "d2", "d3"};
    static const char *const measures[] = {"hh_registered", "hh_achieved", "hh_income", "ldtt_share", "veteran"};
    static const char *const want[3][5] = {
        {"2", "2", "180.25", "0.333333", "1"},
        {"1", "1", "150", "0.5", "0"},
        {"0", "1", "55", "0", "0"},
    };
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 5; k++)
            if (strcmp(rolled(res, measures[k], units[i]), want[i][k]) != 0)
                fail_msg("%s of %s: got %s, want %s", measures[k], units[i], rolled(res, measures[k], units[i]),
                         want[i][k]);
    size_t d1;
    td_error err;
    assert_ok(td_result_find_member(&d1, res, "d1", &err), err);
    assert_int_equal(td_result_rollup_child_count(res, 0, d1), 3);
    assert_int_equal(td_result_member_unit_count(res, d1), 2);
    assert_decimal(td_result_points(res, d1, 0), "10");
}

static const char *const data_files[] = {DIR "/data.yaml"};

/* The files of tests/data/rollup give the numbers worked by hand, the JSON
 * has them, and the ignored columns of the children's table are noted. */
static void files_give_the_worked_case(void **state)
{
    (void)state;
    td_rulebook *rb = rulebook_file(DIR "/cum.yaml");
    assert_int_equal(td_rulebook_rollup_count(rb), 1);
    assert_string_equal(td_rulebook_id(td_rulebook_rollup_child(rb, 0)), "ho");
    td_cluster *cl = NULL;
    td_error err;
    assert_ok(cluster_of(&cl, rb, data_files, 1, NULL, &err), err);
    assert_int_equal(td_cluster_unit_count(cl), 2);
    assert_string_equal(td_cluster_unit_name(cl, 1), "Xã 1");
    const td_cluster *kids = td_cluster_children(cl, "sxkd");
    assert_non_null(kids);
    assert_int_equal(td_cluster_member_count(kids), 6);
    assert_string_equal(td_cluster_member_group(kids, 1), "x1");
    /* STT and Họ tên are noted, on the parent cluster, at the children's file */
    assert_int_equal(td_cluster_note_count(cl), 2);
    td_warning w;
    assert_true(td_cluster_note(&w, cl, 1));
    assert_string_equal(w.file, DIR "/ho.csv");
    assert_int_equal(w.column, 13);
    assert_non_null(strstr(w.message, "'Họ tên' is ignored: rulebook 'ho'"));
    td_result *res = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    assert_worked_case(res);
    char *json = json_of(res);
    const char *part = "\"rollups\": [\n"
                       "    {\n"
                       "      \"id\": \"sxkd\",\n"
                       "      \"children\": 6,\n"
                       "      \"classification\": {\"xuat_sac\": 2, \"kha\": 2, \"none\": 2},\n"
                       "      \"members\": [\n"
                       "        {\n"
                       "          \"unit\": \"d1\",\n"
                       "          \"children\": 3,\n"
                       "          \"measures\": {\"hh_registered\": 2, \"hh_achieved\": 2, \"hh_income\": 180.25, "
                       "\"ldtt_share\": 0.333333, \"veteran\": 1}\n"
                       "        },";
    if (strstr(json, part) == NULL)
        fail_msg("the JSON lacks\n%s\nin\n%s", part, json);
    td_free(json);
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* The writer puts the child rulebook inline; reading that back gives the
 * same rulebook and the same result. */
static void the_writer_round_trips_rollups(void **state)
{
    (void)state;
    td_rulebook *rb = rulebook_file(DIR "/cum.yaml");
    td_error err;
    char *yaml = NULL;
    size_t len;
    assert_ok(td_rulebook_to_yaml(&yaml, &len, rb, &err), err);
    assert_non_null(strstr(yaml, "rollups:\n  - id: sxkd\n    rulebook:\n      thidua: 1\n      id: ho\n"));
    assert_non_null(strstr(yaml, "    measures:\n      hh_registered: \"count(has(registered) and "
                                 "actual(registered) == 1)\"\n"));
    td_rulebook *back = NULL;
    if (td_rulebook_load_string(&back, yaml, len, "back.yaml", NULL, &err) != TD_OK)
        fail_msg("%s:%u:%u: %s\n%s", err.file, err.line, err.column, err.message, yaml);
    char *again = NULL;
    assert_ok(td_rulebook_to_yaml(&again, &len, back, &err), err);
    assert_string_equal(again, yaml);
    td_cluster *cl = NULL;
    assert_ok(cluster_of(&cl, back, data_files, 1, NULL, &err), err);
    td_result *a = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    td_result *b = td_test_evaluate(back, cl, TD_EXPLAIN_ALL, 1, NULL);
    char *ja = json_of(a), *jb = json_of(b);
    assert_string_equal(ja, jb);
    td_free(ja);
    td_free(jb);
    td_result_free(a);
    td_result_free(b);
    td_cluster_free(cl);
    td_free(yaml);
    td_free(again);
    td_rulebook_free(back);
    td_rulebook_free(rb);
}

/* The child result file: the children in their order, their unit,
 * classification and award statuses, whatever the explanation mode. */
static void the_child_result_file_lists_statuses(void **state)
{
    (void)state;
    td_rulebook *rb = rulebook_file(DIR "/cum.yaml");
    td_cluster *cl = NULL;
    td_error err;
    assert_ok(cluster_of(&cl, rb, data_files, 1, NULL, &err), err);
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        td_result *res = td_test_evaluate(rb, cl, modes[i], 1, NULL);
        char *text = NULL;
        size_t len;
        assert_ok(td_report_render(&text, &len, td_result_rollup_children(res, 0), TD_REPORT_FORMAT_STATUSES, NULL,
                                   &err),
                  err);
        assert_string_equal(text, "id,unit,classification,ldtt\r\n"
                                  "h1,d1,xuat_sac,selected\r\n"
                                  "h2,x1,kha,not_eligible\r\n"
                                  "h3,x2,none,not_eligible\r\n"
                                  "h4,d2,xuat_sac,selected\r\n"
                                  "h5,d2,none,not_eligible\r\n"
                                  "h6,d3,kha,not_eligible\r\n");
        td_free(text);
        /* the cluster's own, its members without a group */
        assert_ok(td_report_render(&text, &len, res, TD_REPORT_FORMAT_STATUSES, NULL, &err), err);
        assert_string_equal(text, "id,unit,classification\r\nd1,,\r\nd2,,\r\nd3,,\r\n");
        td_free(text);
        td_result_free(res);
    }
    td_report_format f;
    assert_ok(td_report_format_parse(&f, "statuses", &err), err);
    assert_int_equal(f, TD_REPORT_FORMAT_STATUSES);
    assert_string_equal(td_report_format_name(TD_REPORT_FORMAT_STATUSES), "statuses");
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* The error of loading a rulebook text named `name`. */
static td_error rulebook_error(const char *text, const char *name)
{
    td_error err;
    td_error_clear(&err);
    td_rulebook *rb = NULL;
    if (td_rulebook_load_string(&rb, text, strlen(text), name, NULL, &err) == TD_OK)
        fail_msg("accepted:\n%s", text);
    assert_null(rb);
    return err;
}

#define assert_at(e, status, f, ln, col, part)                                                     \
    do {                                                                                           \
        td_error e_ = (e);                                                                         \
        if (e_.code != (status) || strcmp(e_.file, (f)) != 0 || e_.line != (ln) ||                 \
            e_.column != (col) || strstr(e_.message, (part)) == NULL)                              \
            fail_msg("got %d at %s:%u:%u: %s\nwant %d at %s:%u:%u: ...%s...", e_.code, e_.file,    \
                     e_.line, e_.column, e_.message, (status), (f), (ln), (col), (part));          \
    } while (0)

#define HEAD "thidua: 1\nid: p\nrollups:\n  - id: r\n"
#define INLINE "    rulebook: {thidua: 1, id: c, classification: [{id: all}]}\n"

static void rulebook_mistakes_are_placed(void **state)
{
    (void)state;
    /* the child by a path relative to the rulebook's own file */
    assert_at(rulebook_error(HEAD "    rulebook: nope.yaml\n    measures: {n: 'count()'}\n", DIR "/p.yaml"), TD_EIO,
              DIR "/p.yaml", 5, 15, "roll-up 'r': the child rulebook '" DIR "/nope.yaml' cannot be read");
    /* an aggregate's mistake inside the aggregate */
    assert_at(rulebook_error(HEAD INLINE "    measures:\n      n: \"count(classificaton == 'all')\"\n", "p.yaml"),
              TD_EPARSE, "p.yaml", 7, 17, "roll-up measure 'n': unknown name 'classificaton'");
    assert_at(rulebook_error(HEAD INLINE "    measures:\n      n: \"avg(total)\"\n", "p.yaml"), TD_EPARSE, "p.yaml",
              7, 11, "'avg' is no aggregate");
    /* the child's own mistake, in the child's place */
    assert_at(rulebook_error(HEAD "    rulebook: {thidua: 1, id: c, classification: [{id: all, min: x}]}\n"
                                  "    measures: {n: 'count()'}\n",
                             "p.yaml"),
              TD_EPARSE, "p.yaml", 5, 66, "classification 'all': 'min' must be a number");
    /* a child with roll-ups, inline or in a file */
    assert_at(rulebook_error(HEAD "    rulebook: {thidua: 1, id: c, rollups: []}\n    measures: {n: 'count()'}\n",
                             "p.yaml"),
              TD_ERULEBOOK, "p.yaml", 5, 43, "a child rulebook may not have roll-ups of its own");
    assert_at(rulebook_error(HEAD "    rulebook: cum.yaml\n    measures: {n: 'count()'}\n", DIR "/p.yaml"), TD_ERULEBOOK,
              DIR "/p.yaml", 5, 15, "has roll-ups of its own");
    /* the entry's keys */
    assert_at(rulebook_error(HEAD INLINE "    measure: {n: 'count()'}\n", "p.yaml"), TD_EPARSE, "p.yaml", 6, 5,
              "unknown key 'measure'");
    assert_at(rulebook_error(HEAD INLINE, "p.yaml"), TD_EPARSE, "p.yaml", 4, 5, "measures");
    assert_at(rulebook_error("thidua: 1\nid: p\nrollups: {r: 1}\n", "p.yaml"), TD_EPARSE, "p.yaml", 3, 10, "rollups");
    /* a roll-up's measure that the rulebook derives */
    assert_at(rulebook_error("thidua: 1\nid: p\nmeasures: {n: 2 * 3}\nrollups:\n  - id: r\n" INLINE
                             "    measures: {n: 'count()'}\n",
                             "p.yaml"),
              TD_ERULEBOOK, "p.yaml", 5, 9, "roll-up 'r' gives measure 'n', which is a derived measure");
}

/* The error of making a cluster of these documents (names → texts). */
static td_error data_error(const td_rulebook *rb, const char *const *names, const char *const *texts, size_t n)
{
    td_error err;
    td_error_clear(&err);
    td_dataset *d = NULL;
    assert_ok(td_dataset_new(&d, NULL, &err), err);
    td_status rc = TD_OK;
    for (size_t i = 0; rc == TD_OK && i < n; i++)
        rc = td_dataset_add_string(d, texts[i], strlen(texts[i]), names[i], TD_DOC_FORMAT_AUTO, &err);
    td_cluster *cl = NULL;
    if (rc == TD_OK)
        rc = td_dataset_to_cluster(&cl, d, rb, &err);
    td_result *res = NULL;
    if (rc == TD_OK) {
        rc = td_evaluate(&res, rb, cl, NULL, &err);
        td_result_free(res);
        td_cluster_free(cl);
    }
    td_dataset_free(d);
    if (rc == TD_OK)
        fail_msg("accepted:\n%s", texts[0]);
    return err;
}

#define DATA "period: 2024\ncluster: {id: c, members: [d1, d2]}\ntargets: {d1: {hh_achieved: 1}, d2: {hh_achieved: 1}}\n"

static void data_mistakes_are_placed(void **state)
{
    (void)state;
    td_rulebook *rb = rulebook_file(DIR "/cum.yaml");
    const char *name[] = {DIR "/d.yaml"};
    const char *text[1];
    /* an unknown roll-up, with the nearest one */
    text[0] = DATA "rollups:\n  sxdk: {data: [ho.csv]}\n";
    assert_at(data_error(rb, name, text, 1), TD_EDATA, DIR "/d.yaml", 5, 3,
              "child data for roll-up 'sxdk', which rulebook 'cum' does not have (did you mean 'sxkd'?)");
    /* a child file that cannot be read, at its entry */
    text[0] = DATA "rollups:\n  sxkd: {data: [ho.csv, nope.csv]}\n";
    assert_at(data_error(rb, name, text, 1), TD_EIO, DIR "/d.yaml", 5, 25, "roll-up 'sxkd': cannot open");
    /* cluster data as child data */
    text[0] = DATA "rollups:\n  sxkd: {data: [data.yaml]}\n";
    assert_at(data_error(rb, name, text, 1), TD_EDATA, DIR "/d.yaml", 5, 3, "child data are member tables");
    /* a child whose unit is not in the tree, at its row */
    text[0] = DATA "rollups:\n  sxkd: {data: [ho.csv]}\n";
    assert_at(data_error(rb, name, text, 1), TD_EDATA, DIR "/ho.csv", 3, 3,
              "child 'h2' of roll-up 'sxkd' names unit 'x1', which is neither a member of cluster 'c' nor a unit "
              "below one");
    /* a unit whose parent is unknown, at the unit */
    text[0] = DATA "units:\n  - {id: x1, parent: d1}\n  - {id: x2, parent: x9}\nrollups:\n  sxkd: {data: [ho.csv]}\n";
    assert_at(data_error(rb, name, text, 1), TD_EDATA, DIR "/d.yaml", 6, 10,
              "unit 'x2' has parent 'x9', which is neither a member nor a unit (did you mean 'x1'?)");
    /* the entry's keys, a unit without a parent */
    text[0] = DATA "rollups:\n  sxkd: {dta: [ho.csv]}\n";
    assert_at(data_error(rb, name, text, 1), TD_EPARSE, DIR "/d.yaml", 5, 10, "unknown key 'dta'");
    text[0] = DATA "units:\n  - {id: x1}\n";
    assert_at(data_error(rb, name, text, 1), TD_EPARSE, DIR "/d.yaml", 5, 5, "parent");
    /* the same roll-up's data in two documents */
    const char *two[] = {DIR "/a.yaml", DIR "/b.yaml"};
    const char *texts[] = {DATA "rollups:\n  sxkd: {data: [ho.csv]}\n", "rollups:\n  sxkd: {data: [ho.csv]}\n"};
    assert_at(data_error(rb, two, texts, 2), TD_EEXISTS, DIR "/b.yaml", 2, 3,
              "child data for roll-up 'sxkd' is given twice (first at " DIR "/a.yaml:5:3)");
    /* no child data at all: the evaluation says so */
    text[0] = DATA;
    td_error e = data_error(rb, name, text, 1);
    assert_int_equal(e.code, TD_EDATA);
    assert_non_null(strstr(e.message, "cluster 'c' gives no child data for roll-up 'sxkd'"));
    /* an absolute path is taken as it is; a document named without a
     * folder reads its child files from the current one */
    text[0] = DATA "rollups:\n  sxkd: {data: [/nonexistent/ho.csv]}\n";
    assert_at(data_error(rb, name, text, 1), TD_EIO, DIR "/d.yaml", 5, 17, "cannot open '/nonexistent/ho.csv'");
    const char *bare[] = {"d.yaml"};
    text[0] = DATA "rollups:\n  sxkd: {data: [no-such-ho.csv]}\n";
    assert_at(data_error(rb, bare, text, 1), TD_EIO, "d.yaml", 5, 17, "cannot open 'no-such-ho.csv'");
    /* no child file at all */
    text[0] = DATA "rollups:\n  sxkd: {data: []}\n";
    e = data_error(rb, name, text, 1);
    assert_int_equal(e.code, TD_EDATA);
    assert_non_null(strstr(e.message, "the child data of roll-up 'sxkd' lists no child"));
    /* the entry's shape */
    text[0] = DATA "rollups:\n  sxkd: [ho.csv]\n";
    assert_at(data_error(rb, name, text, 1), TD_EPARSE, DIR "/d.yaml", 5, 9, "sxkd");
    text[0] = DATA "rollups:\n  sxkd: {history: [ho-history.csv]}\n";
    assert_at(data_error(rb, name, text, 1), TD_EPARSE, DIR "/d.yaml", 5, 9, "data");
    text[0] = DATA "rollups:\n  sxkd: {data: {a: 1}}\n";
    assert_at(data_error(rb, name, text, 1), TD_EPARSE, DIR "/d.yaml", 5, 16, "data");
    text[0] = DATA "rollups:\n  sxkd: {data: [ho.csv], parameters: {ref: abc}}\n";
    assert_at(data_error(rb, name, text, 1), TD_EPARSE, DIR "/d.yaml", 5, 44, "ref");
    text[0] = DATA "rollups: [sxkd]\n";
    assert_at(data_error(rb, name, text, 1), TD_EPARSE, DIR "/d.yaml", 4, 10, "rollups");
    text[0] = DATA "units: {x1: d1}\n";
    assert_at(data_error(rb, name, text, 1), TD_EPARSE, DIR "/d.yaml", 4, 8, "units");
    /* the parameters of a roll-up's entry are the child rulebook's */
    text[0] = DATA "rollups:\n  sxkd: {data: [ho.csv], parameters: {ref: 1}}\n";
    assert_at(data_error(rb, name, text, 1), TD_EDATA, DIR "/d.yaml", 5, 39,
              "the data sets parameter 'ref', which rulebook 'ho' does not declare");
    td_rulebook_free(rb);
}

/* Reading, converting and evaluating with every allocation failing in turn. */
static void allocation_failures_leave_nothing(void **state)
{
    (void)state;
    td_rulebook *rb = rulebook_file(DIR "/cum.yaml");
    size_t failures = 0;
    for (size_t n = 1;; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        td_cluster *cl = NULL;
        td_error err;
        td_status rc = cluster_of(&cl, rb, data_files, 1, &t.allocator, &err);
        if (rc == TD_OK) {
            td_result *res = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
            assert_worked_case(res);
            td_result_free(res);
            td_cluster_free(cl);
            assert_int_equal(t.live, 0);
            break;
        }
        if (rc != TD_ENOMEM)
            fail_msg("allocation %zu: %d %s", n, rc, err.message);
        assert_null(cl);
        assert_int_equal(t.live, 0);
        failures++;
    }
    assert_true(failures > 20);
    td_rulebook_free(rb);
    for (size_t n = 1;; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        td_load_options o = TD_LOAD_OPTIONS_INIT;
        o.allocator = &t.allocator;
        td_error err;
        td_rulebook *r = NULL;
        td_status rc = td_rulebook_load_file(&r, DIR "/cum.yaml", &o, &err);
        if (rc == TD_OK) {
            td_rulebook_free(r);
            assert_int_equal(t.live, 0);
            break;
        }
        if (rc != TD_ENOMEM)
            fail_msg("allocation %zu: %d %s", n, rc, err.message);
        assert_int_equal(t.live, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_give_the_worked_case),
        cmocka_unit_test(the_writer_round_trips_rollups),
        cmocka_unit_test(the_child_result_file_lists_statuses),
        cmocka_unit_test(rulebook_mistakes_are_placed),
        cmocka_unit_test(data_mistakes_are_placed),
        cmocka_unit_test(allocation_failures_leave_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
