/*
 * The readers' limits of td_load_options version 2 (all documents
 * together, keys of a mapping, rows of a CSV document, members and units,
 * a rulebook's criteria and measures) and td_eval_options' cells: each one
 * at its boundary (N passes, N + 1 is TD_ELIMIT at the place it was
 * passed), what a version 1 struct means, and that a refused document
 * leaves the dataset as it was.
 */
#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "td_test.h"

#ifndef TD_SOURCE_DIR
#  error "TD_SOURCE_DIR must name the source tree"
#endif

#define ROLLUP TD_SOURCE_DIR "/tests/data/rollup"

static td_dataset *dataset_with(const td_load_options *o)
{
    td_dataset *d = NULL;
    td_error err;
    assert_ok(td_dataset_new(&d, o, &err), err);
    return d;
}

static td_status add(td_dataset *d, const char *text, const char *name, td_error *err)
{
    return td_dataset_add_string(d, text, strlen(text), name, TD_DOC_FORMAT_AUTO, err);
}

static void load_options_of_version_1_and_2(void **state)
{
    (void)state;
    /* a program built against version 1 has the struct without version 2's
     * fields: init writes only the first ones */
    struct {
        td_load_options v1;
    } old;
    memset(&old, 0xAB, sizeof old);
    assert_int_equal(td_load_options_init(&old.v1, 1), TD_OK);
    assert_int_equal(old.v1.version, 1);
    assert_null(old.v1.allocator);
    assert_int_equal(old.v1.max_line_bytes, 0);
    assert_int_equal(((unsigned char *)&old.v1)[offsetof(td_load_options, max_total_bytes)], 0xAB);
    /* and the loaders read only those: what follows is not a limit */
    old.v1.max_members = 1;
    old.v1.max_keys = 1;
    td_dataset *d = dataset_with(&old.v1);
    td_error err;
    assert_ok(add(d, "period: 2024\ncluster: {id: k, members: [a, b, c]}\n", "v1.yaml", &err), err);
    td_dataset_free(d);

    td_load_options o;
    assert_int_equal(td_load_options_init(&o, TD_LOAD_OPTIONS_VERSION), TD_OK);
    assert_int_equal(o.version, 2);
    assert_int_equal(o.max_total_bytes, 0);
    assert_int_equal(o.max_measures, 0);
    assert_int_equal(td_load_options_init(&o, 0), TD_EINVAL);
    assert_int_equal(td_load_options_init(&o, 3), TD_EINVAL);
    assert_int_equal(td_load_options_init(NULL, 2), TD_EINVAL);
    o.version = 3;
    d = NULL;
    assert_error(td_dataset_new(&d, &o, &err), TD_EINVAL, err, "unknown td_load_options version 3");
    assert_null(d);
}

static void keys_of_one_mapping(void **state)
{
    (void)state;
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.max_keys = 3;
    td_error err;
    static const char *const docs[] = {"targets:\n  a: {x: 1, y: 2, z: 3}\n", /* YAML flow */
                                       "{\"targets\": {\"a\": {\"x\": 1, \"y\": 2, \"z\": 3}}}"};
    for (size_t i = 0; i < 2; i++) {
        td_dataset *d = dataset_with(&o);
        assert_ok(add(d, docs[i], "three.yaml", &err), err);
        td_dataset_free(d);
    }
    td_dataset *d = dataset_with(&o);
    assert_error(add(d, "targets:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n", "four.yaml", &err), TD_ELIMIT, err,
                 "the mapping has more than 3 keys");
    assert_string_equal(err.file, "four.yaml");
    assert_int_equal(err.line, 5);
    assert_int_equal(err.column, 3);
    assert_error(add(d, "{\"targets\": {\"a\": {\"w\": 0, \"x\": 1, \"y\": 2, \"z\": 3}}}", "four.json", &err),
                 TD_ELIMIT, err, "more than 3 keys");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 44);
    /* a rulebook's mappings too */
    td_rulebook *rb = NULL;
    const char *text = "id: r\nname: R\nprecision: 2\nsections: []\n";
    assert_error(td_rulebook_load_string(&rb, text, strlen(text), "rb.yaml", &o, &err), TD_ELIMIT, err,
                 "more than 3 keys");
    assert_int_equal(err.line, 4);
    assert_null(rb);
    td_dataset_free(d);
}

static void rows_of_one_csv_document(void **state)
{
    (void)state;
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.max_rows = 2;
    td_error err;
    td_dataset *d = dataset_with(&o);
    /* blank lines are not rows; the header is not one */
    assert_ok(add(d, "unit,measure,target,actual\na,m,1,2\n\nb,m,1,2\n", "two.csv", &err), err);
    assert_error(add(d, "unit,measure,target,actual\nc,m,1,2\nd,m,1,2\ne,m,1,2\n", "three.csv", &err), TD_ELIMIT,
                 err, "the CSV document has more than 2 rows");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 1);
    /* a member table and a history table alike */
    assert_error(add(d, "id,m\nf,1\ng,1\nh,1\n", "table.csv", &err), TD_ELIMIT, err, "more than 2 rows");
    assert_int_equal(err.line, 4);
    assert_error(add(d, "unit,period,id\na,2020,t\na,2021,t\na,2022,t\n", "history.csv", &err), TD_ELIMIT, err,
                 "more than 2 rows");
    /* the refused documents left nothing: c, f and the history are unknown */
    assert_ok(add(d, "period: 2024\ncluster: {id: k, members: [a, b]}\n", "k.yaml", &err), err);
    td_cluster *cl = NULL;
    assert_ok(td_dataset_to_cluster(&cl, d, NULL, &err), err);
    assert_int_equal(td_cluster_member_count(cl), 2);
    td_cluster_free(cl);
    td_dataset_free(d);
}

static void members_and_units(void **state)
{
    (void)state;
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.max_members = 3;
    td_error err;
    td_dataset *d = dataset_with(&o);
    assert_ok(add(d, "period: 2024\ncluster: {id: k, members: [a, b, c]}\n", "k.yaml", &err), err);
    td_dataset_free(d);
    d = dataset_with(&o);
    assert_error(add(d, "period: 2024\ncluster:\n  id: k\n  members: [a, b, c, d]\n", "k.yaml", &err), TD_ELIMIT,
                 err, "more than 3 members");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 22);
    /* units below the members, each list against the limit */
    assert_ok(add(d, "units:\n  - {id: x1, parent: a}\n  - {id: x2, parent: a}\n  - {id: x3, parent: a}\n", "u.yaml",
                  &err), err);
    assert_error(add(d, "units:\n  - {id: x4, parent: a}\n", "more.yaml", &err), TD_ELIMIT, err,
                 "more than 3 units");
    assert_string_equal(err.file, "more.yaml");
    assert_int_equal(err.line, 2);
    td_dataset_free(d);
}

static void all_documents_together(void **state)
{
    (void)state;
    const char *header = "period: 2024\ncluster: {id: k, members: [a, b]}\n"; /* 47 bytes */
    const char *values = "unit,measure,target,actual\na,m,1,2\n";                 /* 35 bytes */
    assert_int_equal(strlen(header) + strlen(values), 82);
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.max_total_bytes = 82;
    td_error err;
    td_dataset *d = dataset_with(&o);
    assert_ok(add(d, header, "k.yaml", &err), err);
    assert_ok(add(d, values, "v.csv", &err), err);
    assert_error(add(d, "\n", "one-more.yaml", &err), TD_ELIMIT, err,
                 "the text is larger than the 0 bytes left of the limit on all the documents read together");
    td_dataset_free(d);

    /* a refused document does not count: one that fits still goes in */
    o.max_total_bytes = 81;
    d = dataset_with(&o);
    assert_ok(add(d, header, "k.yaml", &err), err);
    assert_error(add(d, values, "v.csv", &err), TD_ELIMIT, err, "larger than the 34 bytes left");
    assert_ok(add(d, "unit,measure,target,actual\na,m,1,2", "v.csv", &err), err);
    td_dataset_free(d);

    /* files: a regular file is refused by its size, before it is read */
    char path[] = "/tmp/td-limits-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, values, strlen(values)), (ssize_t)strlen(values));
    close(fd);
    o.max_total_bytes = 47 + 34;
    d = dataset_with(&o);
    assert_ok(add(d, header, "k.yaml", &err), err);
    assert_error(td_dataset_add_file(d, path, &err), TD_ELIMIT, err, "the file is larger than the 34 bytes left");
    assert_string_equal(err.file, path);
    td_dataset_free(d);
    /* the document limit alone keeps its own words */
    o.max_total_bytes = 0;
    o.max_bytes = 34;
    d = dataset_with(&o);
    assert_error(td_dataset_add_file(d, path, &err), TD_ELIMIT, err, "the file is larger than the limit of 34 bytes");
    td_dataset_free(d);
    unlink(path);

    /* a device that never ends is refused once it passes the limit */
    o.max_bytes = 1000;
    d = dataset_with(&o);
    assert_error(td_dataset_add_file(d, "/dev/zero", &err), TD_ELIMIT, err, "larger than the limit of 1000 bytes");
    td_dataset_free(d);
}

/*
 * A file of 5 GiB (sparse: it takes no disk space) is refused by its size,
 * TD_ELIMIT in the limit's words, before anything is read, on every system:
 * on a 32-bit one too, where a program built without large-file support
 * cannot open it (EOVERFLOW) and would say it cannot be read.
 */
static void a_file_over_4_gib_is_refused_by_its_size(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    char path[256];
    snprintf(path, sizeof path, "%s/td-limits-big-XXXXXX",
             tmp != NULL && tmp[0] != '\0' && strlen(tmp) < 200 ? tmp : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)5 << 30), 0);
    close(fd);
    td_error err;
    td_dataset *d = dataset_with(NULL);
    assert_error(td_dataset_add_file(d, path, &err), TD_ELIMIT, err,
                 "the file is larger than the limit of 268435456 bytes");
    assert_string_equal(err.file, path);
    td_dataset_free(d);
    td_rulebook *rb = NULL;
    assert_error(td_rulebook_load_file(&rb, path, NULL, &err), TD_ELIMIT, err,
                 "the file is larger than the limit of 268435456 bytes");
    assert_null(rb);
    unlink(path);
}

/* tests/data/rollup: data.yaml (272 bytes) names the child data ho.csv
 * (147) and ho-history.csv (32), which td_dataset_to_cluster() reads:
 * they count against the same total. */
static td_status rollup_cluster(size_t total, td_error *err)
{
    td_rulebook *rb = NULL;
    td_status rc = td_rulebook_load_file(&rb, ROLLUP "/cum.yaml", NULL, err);
    assert_int_equal(rc, TD_OK);
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.max_total_bytes = total;
    td_dataset *d = dataset_with(&o);
    rc = td_dataset_add_file(d, ROLLUP "/data.yaml", err);
    td_cluster *cl = NULL;
    if (rc == TD_OK)
        rc = td_dataset_to_cluster(&cl, d, rb, err);
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(rb);
    return rc;
}

static void rollup_child_data_counts_in_the_total(void **state)
{
    (void)state;
    td_error err;
    assert_ok(rollup_cluster(272 + 147 + 32, &err), err);
    assert_error(rollup_cluster(272 + 147 + 31, &err), TD_ELIMIT, err, "larger than the 31 bytes left");
    assert_non_null(strstr(err.file, "ho-history.csv"));
    assert_error(rollup_cluster(272 + 100, &err), TD_ELIMIT, err, "larger than the 100 bytes left");
    assert_non_null(strstr(err.file, "ho.csv"));
    assert_error(rollup_cluster(272, &err), TD_ELIMIT, err,
                 "roll-up 'sxkd': no byte is left of the limit on all the documents read together");
    assert_string_equal(err.file, ROLLUP "/data.yaml");
    assert_int_equal(err.line, 14);
    assert_error(rollup_cluster(271, &err), TD_ELIMIT, err, "larger than the 271 bytes left");
    assert_non_null(strstr(err.file, "data.yaml"));
}

static td_status load_rb(const char *text, size_t max_criteria, size_t max_measures, td_error *err)
{
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.max_criteria = max_criteria;
    o.max_measures = max_measures;
    td_rulebook *rb = NULL;
    td_status rc = td_rulebook_load_string(&rb, text, strlen(text), "rb.yaml", &o, err);
    td_rulebook_free(rb);
    return rc;
}

static void criteria_and_measures_of_a_rulebook(void **state)
{
    (void)state;
    /* two criteria in a group (3 with the group) and a bonus item: 4; a
     * derived measure, an input and a parameter: 3 */
    const char *text = "thidua: 1\n"
                       "id: r\n"
                       "parameters: {p: 2}\n"
                       "inputs: [extra]\n"
                       "measures: {m: \"x + 1\"}\n"
                       "sections:\n"
                       "  - id: A\n"
                       "    criteria:\n"
                       "      - id: g\n"
                       "        max: 20\n"
                       "        criteria:\n"
                       "          - {id: c1, max: 10, measure: m, rule: {kind: proportional}}\n"
                       "          - {id: c2, max: 10, measure: y, rule: {kind: proportional}}\n"
                       "adjustments:\n"
                       "  - {id: b, kind: bonus, points: 1}\n";
    td_error err;
    assert_ok(load_rb(text, 4, 3, &err), err);
    assert_error(load_rb(text, 3, 3, &err), TD_ELIMIT, err, "more than 3 criteria, groups and adjustment items");
    assert_int_equal(err.line, 15);
    assert_int_equal(err.column, 10); /* at the item's id */
    assert_error(load_rb(text, 2, 3, &err), TD_ELIMIT, err, "more than 2 criteria");
    assert_int_equal(err.line, 13);
    assert_error(load_rb(text, 4, 2, &err), TD_ELIMIT, err, "more than 2 derived measures, inputs and parameters");
    assert_int_equal(err.line, 5); /* inputs, then parameters, then measures are read */
    assert_int_equal(err.column, 12);
    assert_error(load_rb(text, 4, 1, &err), TD_ELIMIT, err, "more than 1 derived measures");
    assert_int_equal(err.line, 3);
}

static void cells_of_an_evaluation(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_load_file(&rb, TD_SOURCE_DIR "/examples/lai-chau/rulebook.yaml", NULL, &err), err);
    td_dataset *d = dataset_with(NULL);
    assert_ok(td_dataset_add_file(d, TD_SOURCE_DIR "/examples/lai-chau/data.yaml", &err), err);
    assert_ok(td_dataset_add_file(d, TD_SOURCE_DIR "/examples/lai-chau/results.csv", &err), err);
    td_cluster *cl = NULL;
    assert_ok(td_dataset_to_cluster(&cl, d, rb, &err), err);
    td_eval_options o = TD_EVAL_OPTIONS_INIT;
    td_result *res = NULL;
    o.max_cells = 4 * 20; /* four members, 20 cells each (the CLI test shows the count) */
    assert_ok(td_evaluate(&res, rb, cl, &o, &err), err);
    td_result_free(res);
    res = NULL;
    o.max_cells = 4 * 20 - 1;
    assert_error(td_evaluate(&res, rb, cl, &o, &err), TD_ELIMIT, err,
                 "evaluating 4 members by rulebook 'hnd-cum2' computes more than 79 cells (20 per member;");
    assert_null(res);
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(load_options_of_version_1_and_2),
        cmocka_unit_test(keys_of_one_mapping),
        cmocka_unit_test(rows_of_one_csv_document),
        cmocka_unit_test(members_and_units),
        cmocka_unit_test(all_documents_together),
        cmocka_unit_test(a_file_over_4_gib_is_refused_by_its_size),
        cmocka_unit_test(rollup_child_data_counts_in_the_total),
        cmocka_unit_test(criteria_and_measures_of_a_rulebook),
        cmocka_unit_test(cells_of_an_evaluation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
