/*
 * Cluster data: documents in any order and any syntax, CSV as spreadsheet
 * programs save it, NFC-equal unit ids and names, duplicates named at both
 * places, and documents that fail leaving the dataset untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "thidua/sys/origin.h"
#include "model.h"
#include "td_test.h"

#define HEADER                                                                                     \
    "thidua: 1\nperiod: 2023\ncluster:\n  id: cum\n  leader: u1\n  members:\n"                      \
    "    - {id: u1, name: \"Đơn vị Một\"}\n    - {id: u2, name: \"Đơn vị Hai\"}\n"

static td_dataset *dataset(const td_load_options *opts)
{
    td_error err;
    td_dataset *d = NULL;
    assert_ok(td_dataset_new(&d, opts, &err), err);
    return d;
}

static void add(td_dataset *d, const char *text, const char *name)
{
    td_error err;
    if (td_dataset_add_string(d, text, strlen(text), name, TD_DOC_FORMAT_AUTO, &err) != TD_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
}

static td_cluster *cluster_of(const td_dataset *d, const td_rulebook *rb)
{
    td_error err;
    td_cluster *cl = NULL;
    if (td_dataset_to_cluster(&cl, d, rb, &err) != TD_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return cl;
}

/* The text of a member's value, or "-" when it has none. */
static const char *value(const td_cluster *cl, const char *unit, int kind, const char *key)
{
    static char buf[TD_DECIMAL_STRING_SIZE];
    for (size_t m = 0; m < td_cluster_member_count(cl); m++) {
        td_decimal v;
        if (strcmp(td_cluster_member_id(cl, m), unit) == 0 && td_cluster_value(cl, m, kind, key, &v)) {
            td_decimal_format(buf, sizeof buf, v);
            return buf;
        }
    }
    return "-";
}

static void documents_may_come_in_any_order(void **state)
{
    (void)state;
    td_dataset *d = dataset(NULL);
    add(d, "unit,measure,target,actual\nu1,hh,100,110\nu2,hh,120,\n", "values.csv");
    add(d, "{\"results\": {\"u2\": {\"hh\": 96}}}", "more.json");
    add(d, HEADER, "cluster.yaml");
    td_cluster *cl = cluster_of(d, NULL);
    assert_string_equal(td_cluster_id(cl), "cum");
    assert_int_equal(td_cluster_period(cl), 2023);
    assert_int_equal(td_cluster_member_count(cl), 2);
    assert_string_equal(td_cluster_member_name(cl, 1), "Đơn vị Hai");
    assert_string_equal(td_cluster_leader(cl), "u1");
    assert_string_equal(value(cl, "u1", TD_VALUE_TARGET, "hh"), "100");
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "hh"), "110");
    assert_string_equal(value(cl, "u2", TD_VALUE_TARGET, "hh"), "120");
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "hh"), "96");
    td_cluster_free(cl);
    /* the dataset stays usable: a second cluster from it is the same */
    cl = cluster_of(d, NULL);
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "hh"), "96");
    td_cluster_free(cl);
    td_dataset_free(d);
}

/*
 * A member's missing data is found at evaluation; a cluster made of a
 * dataset reports it at the member's entry in the document that declares
 * the members, whichever document was to hold the value. A cluster built
 * through the API has no such place.
 */
static void missing_data_is_reported_at_the_member_entry(void **state)
{
    (void)state;
    const char *rules = "thidua: 1\nid: r\nsections:\n  - id: A\n    criteria:\n"
                        "      - {id: hh, max: 10, rule: {kind: proportional}}\n"
                        "      - {id: rep, max: 10, rule: {kind: manual}}\n";
    td_error err;
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_load_string(&rb, rules, strlen(rules), "r.yaml", NULL, &err), err);

    td_dataset *d = dataset(NULL);
    add(d, "unit,measure,target,actual\nu1,hh,100,110\nu2,hh,120,\n", "values.csv");
    add(d, HEADER "scores:\n  final: {u1: {rep: 5}, u2: {rep: 6}}\n", "cluster.yaml");
    td_cluster *cl = cluster_of(d, rb);
    td_result *res = NULL;
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err,
                 "unit 'u2' has no actual result for measure 'hh' (criterion 'hh')");
    assert_null(res);
    assert_string_equal(err.file, "cluster.yaml");
    assert_int_equal(err.line, 8);
    assert_int_equal(err.column, 7);
    td_cluster_free(cl);
    td_dataset_free(d);

    /* manual points missing: at the member's entry too */
    d = dataset(NULL);
    add(d, HEADER "targets: {u1: {hh: 1}, u2: {hh: 1}}\nresults: {u1: {hh: 1}, u2: {hh: 1}}\n"
                  "scores:\n  self: {u1: {rep: 5}}\n", "c.yaml");
    cl = cluster_of(d, rb);
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err,
                 "unit 'u2' has no points for manual criterion 'rep'");
    assert_string_equal(err.file, "c.yaml");
    assert_int_equal(err.line, 8);
    td_cluster_free(cl);
    td_dataset_free(d);

    /* the same data through the API: no place to name */
    assert_ok(td_cluster_new(&cl, "cum", 2023, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "u1", NULL, &err), err);
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err, "unit 'u1' has no actual result");
    assert_string_equal(err.file, "");
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);

    /* the internal hook checks its arguments */
    assert_error(td_cluster_set_member_origin(cl, "u9", "f.yaml", 1, 1, &err), TD_ENOTFOUND, err, "u9");
    assert_error(td_cluster_set_member_origin(cl, "u1", NULL, 1, 1, &err), TD_EINVAL, err, "file");
    assert_error(td_cluster_set_member_origin(NULL, "u1", "f.yaml", 1, 1, &err), TD_EINVAL, err, "");
    assert_ok(td_cluster_set_member_origin(cl, "u1", "f.yaml", 4, 9, &err), err);
    assert_error(td_evaluate(&res, rb, cl, NULL, &err), TD_EDATA, err, "unit 'u1' has no actual result");
    assert_string_equal(err.file, "f.yaml");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 9);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

static void csv_as_spreadsheets_save_it(void **state)
{
    (void)state;
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.decimal_comma = true;
    td_dataset *d = dataset(&opts);
    add(d, HEADER "    - {id: u3, name: \"Tổ \\\"Ba\\\"; phố\"}\n", "cluster.yaml");
    /* BOM, ';', CRLF, columns in another order and case, quotes with "" and
     * a ';' inside, decimal commas, thousands dots, blank cells and rows */
    add(d, "\xEF\xBB\xBF" "Actual ; UNIT;Measure;Target\r\n"
           "\"3.563,5\";u1;hh;3.500\r\n"
           "1.234.567;\"Tổ \"\"Ba\"\"; phố\";hh;\r\n"
           ";;;\r\n"
           "\r\n"
           "0,25;u2;rate;1\r\n"
           "12;u2;hh;  7  \r\n",
        "values.csv");
    td_cluster *cl = cluster_of(d, NULL);
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "hh"), "3563.5");
    assert_string_equal(value(cl, "u1", TD_VALUE_TARGET, "hh"), "3500");
    assert_string_equal(value(cl, "u3", TD_VALUE_ACTUAL, "hh"), "1234567");
    assert_string_equal(value(cl, "u3", TD_VALUE_TARGET, "hh"), "-");
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "rate"), "0.25");
    assert_string_equal(value(cl, "u2", TD_VALUE_TARGET, "hh"), "7");
    td_cluster_free(cl);
    td_dataset_free(d);
}

static void csv_positions_count_physical_lines(void **state)
{
    (void)state;
    td_error err;
    td_dataset *d = dataset(NULL);
    /* a quoted field across two lines, old Mac line ends, then a bad number */
    const char *text = "unit,measure,target,actual\r\"two\nlines\",\"u1\",1,2\ru1,hh,abc,1\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "mac.csv", TD_DOC_FORMAT_CSV, &err), TD_EPARSE, err,
                 "target of unit 'u1' for 'hh': expected a number, found 'abc'");
    assert_string_equal(err.file, "mac.csv");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 7);
    /* only an actual column, and an empty unit */
    text = "unit,measure,actual\nu1,hh,5\n,hh,6\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "a.csv", TD_DOC_FORMAT_CSV, &err), TD_EPARSE, err,
                 "the unit is empty");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 1);
    text = "unit,measure\nu1,hh\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "b.csv", TD_DOC_FORMAT_CSV, &err), TD_EPARSE, err,
                 "needs a 'target' or an 'actual' column");
    text = "unit,measure,target,unit\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "c.csv", TD_DOC_FORMAT_CSV, &err), TD_EPARSE, err,
                 "the column 'unit' appears twice");
    assert_int_equal(err.column, 21);
    text = "unit,measure,target,actual\nu1,hh,1,2 x\"\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "d.csv", TD_DOC_FORMAT_CSV, &err), TD_EPARSE, err,
                 "a quote inside an unquoted field");
    text = "unit,measure,target,actual\n\"u1\"x,hh,1,2\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "e.csv", TD_DOC_FORMAT_CSV, &err), TD_EPARSE, err,
                 "unexpected text after the closing quote");
    assert_int_equal(err.column, 5);
    td_dataset_free(d);
}

/* A refused document leaves nothing behind in the checks of later ones:
 * the values it gave before the one refused (or before a member listed
 * twice) can be given again, and a value of an earlier document still
 * cannot. */
static void a_refused_document_leaves_no_value_behind(void **state)
{
    (void)state;
    td_error err;
    td_dataset *d = dataset(NULL);
    add(d, HEADER, "data.yaml");
    add(d, "unit,measure,target\nu1,hh,1\n", "first.csv");
    const char *text = "unit,measure,target\nu2,hh,2\nu2,rate,3\nu1,hh,4\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "b.csv", TD_DOC_FORMAT_CSV, &err), TD_EEXISTS, err,
                 "the target of unit 'u1' for 'hh' is given twice: here and at first.csv:2:7");
    text = "unit,measure,target\nu2,loans,5\nu2,loans,6\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "c.csv", TD_DOC_FORMAT_CSV, &err), TD_EEXISTS, err,
                 "the target of unit 'u2' for 'loans' is given twice: here and at c.csv:2:10");
    /* what the refused documents gave goes in now */
    add(d, "unit,measure,target\nu2,hh,2\nu2,rate,3\nu2,loans,5\nu2,new,7\n", "again.csv");
    text = "unit,measure,target\nu2,rate,8\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "late.csv", TD_DOC_FORMAT_CSV, &err), TD_EEXISTS, err,
                 "the target of unit 'u2' for 'rate' is given twice: here and at again.csv:3:9");
    text = "unit,measure,target\nu1,hh,9\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "late.csv", TD_DOC_FORMAT_CSV, &err), TD_EEXISTS, err,
                 "the target of unit 'u1' for 'hh' is given twice: here and at first.csv:2:7");
    td_cluster *cl = NULL;
    assert_ok(td_dataset_to_cluster(&cl, d, NULL, &err), err);
    td_decimal v;
    assert_true(td_cluster_target(&v, cl, "u2", "loans"));
    assert_decimal(v, "5");
    td_cluster_free(cl);
    td_dataset_free(d);
    /* refused for a member listed twice, after its values were checked */
    d = dataset(NULL);
    text = "thidua: 1\nperiod: 2023\ncluster: {id: k, members: [u1, u1]}\ntargets:\n  u1: {hh: 1}\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "m.yaml", TD_DOC_FORMAT_YAML, &err), TD_EEXISTS, err,
                 "unit 'u1' is listed as a member twice");
    add(d, "thidua: 1\nperiod: 2023\ncluster: {id: k, members: [u1]}\ntargets:\n  u1: {hh: 1}\n", "m.yaml");
    add(d, "unit,measure,target\nu1,rate,2\n", "second.csv"); /* the index of the first is made again */
    text = "unit,measure,target\nu1,hh,3\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "third.csv", TD_DOC_FORMAT_CSV, &err), TD_EEXISTS,
                 err, "the target of unit 'u1' for 'hh' is given twice: here and at m.yaml:5:12");
    td_dataset_free(d);
}

/* Columns in another order than unit,measure,target,actual: every value and
 * every error keeps the position of its own cell. */
static void csv_columns_in_any_order_keep_their_positions(void **state)
{
    (void)state;
    td_error err;
    td_dataset *d = dataset(NULL);
    add(d, HEADER, "data.yaml");
    add(d, "measure;actual;unit;target\nhh;5;u1;7\nrate;6;u2;\n", "r.csv");
    const char *text = "unit,measure,target\nu1,hh,7\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "again.csv", TD_DOC_FORMAT_CSV, &err), TD_EEXISTS,
                 err, "the target of unit 'u1' for 'hh' is given twice: here and at r.csv:2:9");
    text = "measure;actual;unit;target\nzz;1;u2;2\nzz;x;u1;3\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "x.csv", TD_DOC_FORMAT_CSV, &err), TD_EPARSE, err,
                 "actual of unit 'u1' for 'zz': expected a number, found 'x'");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 4);
    text = "measure;actual;unit;target\nzz;1;;2\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "e.csv", TD_DOC_FORMAT_CSV, &err), TD_EPARSE, err,
                 "the unit is empty");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 6);
    add(d, "target,measure,actual,unit\n1,zz,2,u9\n", "u9.csv");
    td_cluster *cl = NULL;
    assert_error(td_dataset_to_cluster(&cl, d, NULL, &err), TD_EDATA, err, "names unit 'u9'");
    assert_string_equal(err.file, "u9.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 8);
    td_dataset_free(d);
}

/* A long unit name is shortened in a message, on a character boundary, so
 * that the key and the value after it are still said, in valid UTF-8. */
static void long_names_leave_room_for_key_and_value(void **state)
{
    (void)state;
    td_error err;
    td_dataset *d = dataset(NULL);
    for (size_t pad = 0; pad < 4; pad++) { /* the cut falls on every byte of a letter */
        char text[512];
        snprintf(text, sizeof text, "targets:\n  \"%.*sHội Nông dân huyện Hội Nông dân huyện Hội Nông dân "
                 "huyện Hội Nông dân huyện Hội Nông dân huyện Hội Nông dân huyện\": {hh: ten}\n",
                 (int)pad, "xxxx");
        assert_error(td_dataset_add_string(d, text, strlen(text), "long.yaml", TD_DOC_FORMAT_YAML, &err), TD_EPARSE,
                     err, "...': 'hh' must be a number, found the text 'ten'");
        assert_true(td_utf8_valid(err.message, strlen(err.message)));
        char head[64];
        snprintf(head, sizeof head, "targets of unit '%.*sHội Nông dân huyện", (int)pad, "xxxx");
        assert_true(strncmp(err.message, head, strlen(head)) == 0);
    }
    td_dataset_free(d);
}

static void decimal_comma_numbers_are_checked(void **state)
{
    (void)state;
    static const struct {
        const char *cell;
        const char *value; /* NULL: refused */
    } cases[] = {
        {"3.563,5", "3563.5"}, {"1.000.000", "1000000"}, {"0,125", "0.125"}, {"42", "42"},
        {"1,5E+3", "1500"},    {"3.5", NULL},            {"1.00", NULL},     {"1.0000", NULL},
        {".500", NULL},        {"1,2,3", NULL},          {"1.000,5.5", NULL}, {"NaN", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        td_load_options opts = TD_LOAD_OPTIONS_INIT;
        opts.decimal_comma = true;
        td_dataset *d = dataset(&opts);
        add(d, HEADER, "h.yaml");
        char text[128];
        snprintf(text, sizeof text, "unit;measure;target;actual\nu1;hh;\"%s\";\n", cases[i].cell);
        td_error err;
        td_status rc = td_dataset_add_string(d, text, strlen(text), "n.csv", TD_DOC_FORMAT_CSV, &err);
        if (cases[i].value == NULL) {
            if (rc != TD_EPARSE)
                fail_msg("'%s' was accepted with decimal_comma", cases[i].cell);
            assert_int_equal(err.line, 2);
            assert_int_equal(err.column, 7);
        } else {
            if (rc != TD_OK)
                fail_msg("'%s': %s", cases[i].cell, err.message);
            td_cluster *cl = cluster_of(d, NULL);
            assert_string_equal(value(cl, "u1", TD_VALUE_TARGET, "hh"), cases[i].value);
            td_cluster_free(cl);
        }
        td_dataset_free(d);
    }
}

static void unit_ids_and_names_compare_after_nfc(void **state)
{
    (void)state;
    td_dataset *d = dataset(NULL);
    /* precomposed (NFC) in the header, decomposed (NFD) in the CSV */
    add(d, "thidua: 1\nperiod: 2023\ncluster:\n  id: cum\n  members:\n"
           "    - {id: t\xC3\xA2n-uy\xC3\xAAn, name: \"HND huy\xE1\xBB\x87n T\xC3\xA2n Uy\xC3\xAAn\"}\n"
           "    - {id: tam-duong, name: \"HND huy\xE1\xBB\x87n Tam \xC4\x90\xC6\xB0\xE1\xBB\x9Dng\"}\n",
        "cluster.yaml");
    add(d, "unit,measure,target,actual\n"
           "ta\xCC\x82n-uye\xCC\x82n,hh,1,2\n"
           "HND huye\xCC\xA3\xCC\x82n Tam \xC4\x90u\xCC\x9Bo\xCC\x9B\xCC\x80ng,hh,3,4\n",
        "values.csv");
    td_cluster *cl = cluster_of(d, NULL);
    assert_string_equal(value(cl, "t\xC3\xA2n-uy\xC3\xAAn", TD_VALUE_ACTUAL, "hh"), "2");
    assert_string_equal(value(cl, "tam-duong", TD_VALUE_TARGET, "hh"), "3");
    td_cluster_free(cl);
    /* the member's own id, written decomposed in the header, is stored composed */
    td_dataset_free(d);
    d = dataset(NULL);
    add(d, "thidua: 1\nperiod: 2023\ncluster: {id: cum, members: [\"ta\xCC\x82n\"]}\n", "h.yaml");
    cl = cluster_of(d, NULL);
    assert_string_equal(td_cluster_member_id(cl, 0), "t\xC3\xA2n");
    td_cluster_free(cl);
    td_dataset_free(d);
}

static void a_name_two_members_share_cannot_name_a_unit(void **state)
{
    (void)state;
    td_error err;
    td_cluster *cl = NULL;
    td_dataset *d = dataset(NULL);
    add(d, "thidua: 1\nperiod: 2023\ncluster:\n  id: cum\n  members:\n"
           "    - {id: a, name: Xã}\n    - {id: b, name: Xã}\n",
        "h.yaml");
    add(d, "unit,measure,target,actual\nXã,hh,1,2\n", "v.csv");
    assert_error(td_dataset_to_cluster(&cl, d, NULL, &err), TD_EDATA, err,
                 "names unit 'Xã', but two members have that name; use the member's id");
    assert_string_equal(err.file, "v.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 1);
    assert_null(cl);
    td_dataset_free(d);
}

static void a_value_given_by_id_and_by_name_is_given_twice(void **state)
{
    (void)state;
    td_error err;
    td_cluster *cl = NULL;
    td_dataset *d = dataset(NULL);
    add(d, HEADER "targets:\n  u1: {hh: 100}\n", "data.yaml");
    add(d, "unit,measure,target,actual\n\"Đơn vị Một\",hh,101,\n", "v.csv");
    assert_error(td_dataset_to_cluster(&cl, d, NULL, &err), TD_EEXISTS, err,
                 "the target of unit 'u1' for 'hh' is given twice: here and at data.yaml:10:12");
    assert_string_equal(err.file, "v.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 23); /* bytes: the name's letters take two or three */
    assert_null(cl);
    td_dataset_free(d);
}

static void a_failed_document_changes_nothing(void **state)
{
    (void)state;
    td_error err;
    td_dataset *d = dataset(NULL);
    add(d, HEADER "targets:\n  u1: {hh: 100}\n", "data.yaml");
    /* new values first, then one given before: the whole document is refused */
    const char *dup = "unit,measure,target,actual\nu2,hh,5,6\nu2,other,7,8\nu1,hh,100,\n";
    assert_error(td_dataset_add_string(d, dup, strlen(dup), "dup.csv", TD_DOC_FORMAT_AUTO, &err), TD_EEXISTS, err,
                 "here and at data.yaml:10:12");
    const char *broken = "results:\n  u2: {hh: 9}\n  u1: {hh: [}\n";
    assert_error(td_dataset_add_string(d, broken, strlen(broken), "broken.yaml", TD_DOC_FORMAT_AUTO, &err),
                 TD_EPARSE, err, "YAML syntax");
    const char *second = HEADER;
    assert_error(td_dataset_add_string(d, second, strlen(second), "again.yaml", TD_DOC_FORMAT_AUTO, &err),
                 TD_EEXISTS, err, "the cluster is described twice: here and at data.yaml:4:3");
    td_cluster *cl = cluster_of(d, NULL);
    assert_string_equal(value(cl, "u1", TD_VALUE_TARGET, "hh"), "100");
    assert_string_equal(value(cl, "u2", TD_VALUE_TARGET, "hh"), "-");
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "hh"), "-");
    assert_string_equal(value(cl, "u2", TD_VALUE_TARGET, "other"), "-");
    td_cluster_free(cl);
    /* and the values refused before may now come from a good document */
    add(d, "unit,measure,target,actual\nu2,hh,5,6\n", "fixed.csv");
    cl = cluster_of(d, NULL);
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "hh"), "6");
    td_cluster_free(cl);
    td_dataset_free(d);
}

static void every_data_key_is_read(void **state)
{
    (void)state;
    td_error err;
    td_dataset *d = dataset(NULL);
    add(d, "{\"thidua\": 1, \"period\": 2024,\n"
           " \"cluster\": {\"id\": \"cum\", \"name\": \"Cụm\", \"leader\": \"u1\",\n"
           "   \"members\": [{\"id\": \"u1\"}, {\"id\": \"u2\", \"name\": \"Hai\"}, \"u3\"]},\n"
           " \"targets\": {\"u1\": {\"hh\": 1, \"skip\": null}},\n"
           " \"results\": {\"u1\": {\"hh\": 2.5}},\n"
           " \"scores\": {\"self\": {\"u1\": {\"m\": 1}}, \"cross\": {\"u1\": {\"m\": 2}}, \"final\": {\"u2\": {\"m\": 3}}},\n"
           " \"events\": [{\"unit\": \"u1\", \"item\": \"flag\", \"count\": 2}, {\"unit\": \"Hai\", \"item\": \"flag\"}],\n"
           " \"history\": [{\"unit\": \"old\", \"period\": 2023, \"id\": \"good\"}],\n"
           " \"next_leader\": \"u3\",\n"
           " \"predecessors\": {\"u1\": [\"old\", \"older\"], \"u2\": \"old-2\"}}\n",
        "all.json");
    td_cluster *cl = cluster_of(d, NULL);
    assert_string_equal(td_cluster_name(cl), "Cụm");
    assert_int_equal(td_cluster_period(cl), 2024);
    assert_int_equal(td_cluster_member_count(cl), 3);
    assert_string_equal(td_cluster_member_name(cl, 0), "");
    assert_string_equal(value(cl, "u1", TD_VALUE_TARGET, "skip"), "-");
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "hh"), "2.5");
    assert_string_equal(value(cl, "u1", TD_VALUE_SCORE + TD_SCORE_SOURCE_SELF, "m"), "1");
    assert_string_equal(value(cl, "u1", TD_VALUE_SCORE + TD_SCORE_SOURCE_CROSS, "m"), "2");
    assert_string_equal(value(cl, "u2", TD_VALUE_SCORE + TD_SCORE_SOURCE_FINAL, "m"), "3");
    assert_int_equal(cl->event_count, 2);
    assert_int_equal(cl->events[0].count, 2);
    assert_int_equal(cl->events[1].member, 1); /* "Hai" is u2's name */
    assert_int_equal(cl->history_count, 1);
    assert_int_equal(cl->link_count, 3);
    assert_string_equal(cl->units[cl->links[2].pred].id, "old-2");
    assert_int_equal(cl->next_leader, 2);
    td_cluster_free(cl);
    /* against a rulebook, the unknown measure, criterion and item are refused */
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_load_file(&rb, TD_SOURCE_DIR "/tests/data/bad/rulebook.yaml", NULL, &err), err);
    assert_error(td_dataset_to_cluster(&cl, d, rb, &err), TD_EDATA, err, "unknown measure 'hh'");
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 21);
    td_rulebook_free(rb);
    td_dataset_free(d);
}

static void documents_are_recognised_by_content(void **state)
{
    (void)state;
    td_error err;
    td_dataset *d = dataset(NULL);
    add(d, "  \n{\"thidua\": 1, \"period\": 2023, \"cluster\": {\"id\": \"c\", \"members\": [\"u\"]}}", NULL);
    add(d, "\xEF\xBB\xBF\"Unit\";\"Measure\";\"Actual\"\nu;x;1\n", NULL);
    add(d, "results: {u: {y: 2}}\n", NULL);
    td_cluster *cl = cluster_of(d, NULL);
    assert_string_equal(value(cl, "u", TD_VALUE_ACTUAL, "x"), "1");
    assert_string_equal(value(cl, "u", TD_VALUE_ACTUAL, "y"), "2");
    td_cluster_free(cl);
    /* errors in text without a name say "<string>" */
    assert_int_equal(td_dataset_add_string(d, "results: 5\n", 11, NULL, TD_DOC_FORMAT_YAML, &err), TD_EPARSE);
    assert_string_equal(err.file, "<string>");
    assert_non_null(strstr(err.message, "'results' must be a mapping"));
    assert_error(td_dataset_add_string(d, "x", 1, NULL, (td_doc_format)9, &err), TD_EINVAL, err, "format");
    td_dataset_free(d);
}

static void header_rules(void **state)
{
    (void)state;
    td_error err;
    td_dataset *d = dataset(NULL);
    const char *text = "thidua: 1\ncluster: {id: c, members: [u]}\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "h.yaml", TD_DOC_FORMAT_AUTO, &err), TD_EPARSE, err,
                 "the document with 'cluster' must also give 'period'");
    text = "thidua: 2\nperiod: 2023\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "h.yaml", TD_DOC_FORMAT_AUTO, &err), TD_EPARSE, err,
                 "'thidua: 2' is not supported");
    text = "period: 2023\nnext_leader: u\n";
    add(d, text, "n1.yaml");
    assert_error(td_dataset_add_string(d, text, strlen(text), "n2.yaml", TD_DOC_FORMAT_AUTO, &err), TD_EEXISTS, err,
                 "next_leader is given twice: here and at n1.yaml:2:14");
    text = "period: 2023\ncluster: {id: c, leader: u, members: [{id: u, name: U}]}\n";
    add(d, text, "h.yaml");
    td_cluster *cl = cluster_of(d, NULL);
    assert_int_equal(cl->next_leader, 0);
    td_cluster_free(cl);
    assert_error(td_dataset_to_cluster(&cl, NULL, NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_dataset_to_cluster(NULL, d, NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_dataset_add_file(d, NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_dataset_add_file(d, TD_SOURCE_DIR "/none.csv", &err), TD_EIO, err, "cannot open");
    assert_error(td_dataset_new(NULL, NULL, &err), TD_EINVAL, err, "NULL");
    td_dataset_free(d);
    td_dataset_free(NULL);
}

static void cluster_load_file_reads_one_document(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    assert_ok(td_rulebook_load_file(&rb, TD_SOURCE_DIR "/tests/data/bad/rulebook.yaml", NULL, &err), err);
    assert_ok(td_cluster_load_file(&cl, TD_SOURCE_DIR "/tests/data/bad/data.yaml", rb, NULL, &err), err);
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    assert_string_equal(td_result_next_leader(res), "u2");
    td_result_free(res);
    td_cluster_free(cl);
    cl = NULL;
    assert_error(td_cluster_load_file(&cl, TD_SOURCE_DIR "/tests/data/bad/d-unknown-item.yaml", rb, NULL,
                                      &err),
                 TD_EDATA, err, "unknown item 'late_reprot'");
    assert_null(cl);
    td_rulebook_free(rb);
}

/* A blank value is "not given", and it neither counts as given twice nor
 * hides its key: without a rulebook a blank still names a member; a key
 * without a value after a number on its line is a number split by a comma. */
static void blank_values_are_not_given_but_checked(void **state)
{
    (void)state;
    td_error err;
    td_dataset *d = dataset(NULL);
    add(d, HEADER "results:\n  u1: {hh: 110, rate: }\n  u2:\n    hh: ~\n", "a.yaml");
    add(d, "results: {u2: {hh: 96}}\n", "b.yaml"); /* not a duplicate of the blank */
    add(d, "unit,measure,target,actual\nu1,rate,,\n", "c.csv");
    td_cluster *cl = cluster_of(d, NULL);
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "hh"), "110");
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "rate"), "-");
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "hh"), "96");
    td_cluster_free(cl);
    td_dataset_free(d);

    d = dataset(NULL);
    add(d, HEADER "targets: {u9: {hh: }}\n", "a.yaml");
    td_cluster *none = NULL;
    assert_error(td_dataset_to_cluster(&none, d, NULL, &err), TD_EDATA, err,
                 "names unit 'u9', which is not a member");
    assert_string_equal(err.file, "a.yaml");
    assert_int_equal(err.line, 9);
    td_dataset_free(d);

    d = dataset(NULL);
    const char *text = HEADER "results: {u1: {hh: 4,2, rate: 1}}\n";
    assert_error(td_dataset_add_string(d, text, strlen(text), "s.yaml", TD_DOC_FORMAT_AUTO, &err), TD_EPARSE, err,
                 "key '2' has no value: a decimal comma or a thousands separator inside a flow mapping? "
                 "There ',' separates entries, so 'hh: 4,2' is read as 'hh: 4' and a key '2'; write 4.2;");
    assert_int_equal(err.line, 9);
    assert_int_equal(err.column, 22);
    /* a blank key on a line of its own is a blank, not a split number */
    add(d, HEADER "results:\n  u1:\n    hh: 4\n    2:\n", "t.yaml");
    td_dataset_free(d);
}

/* Data warnings: a value written with three decimals among whole numbers
 * (a thousands separator?), a target of 0 where more is better; each at
 * the value's place, and none for data that is plain. */
static void likely_data_mistakes_are_warnings_at_their_place(void **state)
{
    (void)state;
    static const char rulebook[] = "thidua: 1\nid: r\nsections:\n  - id: A\n    criteria:\n"
                                   "      - {id: hh, max: 10, rule: {kind: proportional}}\n"
                                   "      - {id: poor, max: 10, direction: lower, rule: {kind: proportional}}\n";
    td_error err;
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_load_string(&rb, rulebook, sizeof rulebook - 1, "r.yaml", NULL, &err), err);
    static const char members[] = "thidua: 1\nperiod: 2024\ncluster: {id: k, members: [{id: a}, {id: b}, {id: c}]}\n";
    static const char csv[] = "unit,measure,target,actual\n"
                              "a,hh,100,120\n"
                              "b,hh,0,64.010\n"
                              "c,hh,90,91\n"
                              "a,poor,0,0\n"   /* lower is better: a target of 0 is meant */
                              "b,poor,5,4.250\n" /* decimals in a column of decimals: meant */
                              "c,poor,5,3.5\n";
    td_dataset *d = dataset(NULL);
    add(d, members, "k.yaml");
    add(d, csv, "v.csv");
    td_cluster *cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_warning_count(cl), 2);
    td_warning w;
    assert_true(td_cluster_warning(&w, cl, 0));
    assert_string_equal(w.code, "target-zero");
    assert_string_equal(w.file, "v.csv");
    assert_int_equal(w.line, 3);
    assert_int_equal(w.column, 6);
    assert_non_null(strstr(w.message, "the target of unit 'b' for 'hh' is 0"));
    assert_true(td_cluster_warning(&w, cl, 1));
    assert_string_equal(w.code, "three-decimals-among-whole-numbers");
    assert_int_equal(w.line, 3);
    assert_int_equal(w.column, 8);
    assert_non_null(strstr(w.message, "written with three decimals (read as 64.01)"));
    assert_false(td_cluster_warning(&w, cl, 2));
    td_cluster_free(cl);
    td_dataset_free(d);

    /* the same value in YAML, and plain data: no more warnings than meant */
    d = dataset(NULL);
    add(d, members, "k.yaml");
    add(d, "thidua: 1\nresults:\n  a: {hh: 120}\n  b: {hh: 64.010}\n  c: {hh: 91}\n"
           "targets:\n  a: {hh: 100}\n  b: {hh: 80}\n  c: {hh: 90}\n", "v.yaml");
    cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_warning_count(cl), 1);
    assert_true(td_cluster_warning(&w, cl, 0));
    assert_string_equal(w.file, "v.yaml");
    assert_int_equal(w.line, 4);
    td_cluster_free(cl);
    td_dataset_free(d);

    /* a cluster filled through the API has none; and readers may add some */
    assert_ok(td_cluster_new(&cl, "k", 2024, NULL, &err), err);
    assert_int_equal(td_cluster_warning_count(cl), 0);
    assert_error(td_cluster_add_warning(cl, NULL, "m", NULL, 0, 0, &err), TD_EINVAL, err, "code is NULL");
    assert_ok(td_cluster_add_warning(cl, "mine", "a note", NULL, 0, 0, &err), err);
    assert_true(td_cluster_warning(&w, cl, 0));
    assert_string_equal(w.file, "");
    assert_int_equal(td_cluster_warning_count(NULL), 0);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}


/* The report block: read from YAML or JSON, normalised to NFC, the
 * organisation as one text or as lines, signers in order with their parts
 * optional; it may come in any document of the dataset, once. */
static void report_block_is_read_from_any_document(void **state)
{
    (void)state;
    td_dataset *d = dataset(NULL);
    add(d, HEADER, "cluster.yaml");
    add(d,
        "report:\n  organisation: [\"HỘI NÔNG DÂN TỈNH LAI CHÂU\", \"CỤM THI ĐUA SỐ 2\"]\n"
        "  place: Lai Cha\xcc\x82u\n  date: 2023-12-15\n  title: \"Kết quả chấm điểm thi đua năm 2023\"\n"
        "  signers:\n    - {role: \"TM. CỤM THI ĐUA\", title: \"CỤM TRƯỞNG\", name: \"Nguyễn Văn A\"}\n"
        "    - {name: \"\"}\n    - {title: \"THƯ KÝ\"}\n",
        "report.yaml");
    td_cluster *cl = cluster_of(d, NULL);
    assert_string_equal(td_cluster_report_field(cl, TD_REPORT_FIELD_ORGANISATION),
                        "HỘI NÔNG DÂN TỈNH LAI CHÂU\nCỤM THI ĐUA SỐ 2");
    assert_string_equal(td_cluster_report_field(cl, TD_REPORT_FIELD_PLACE), "Lai Châu"); /* NFC */
    assert_string_equal(td_cluster_report_field(cl, TD_REPORT_FIELD_DATE), "2023-12-15");
    assert_string_equal(td_cluster_report_field(cl, TD_REPORT_FIELD_TITLE), "Kết quả chấm điểm thi đua năm 2023");
    assert_int_equal(td_cluster_report_signer_count(cl), 3);
    assert_string_equal(td_cluster_report_signer(cl, 0, TD_SIGNER_FIELD_TITLE), "CỤM TRƯỞNG");
    assert_string_equal(td_cluster_report_signer(cl, 1, TD_SIGNER_FIELD_NAME), "");
    assert_string_equal(td_cluster_report_signer(cl, 2, TD_SIGNER_FIELD_TITLE), "THƯ KÝ");
    assert_string_equal(td_cluster_report_signer(cl, 2, TD_SIGNER_FIELD_NAME), "");
    td_cluster_free(cl);
    td_dataset_free(d);

    d = dataset(NULL);
    add(d, "{\"report\": {\"organisation\": \"HỘI NÔNG DÂN\", \"date\": \"2024-02-29\", \"signers\": []}}", "r.json");
    add(d, HEADER, "cluster.yaml");
    cl = cluster_of(d, NULL);
    assert_string_equal(td_cluster_report_field(cl, TD_REPORT_FIELD_ORGANISATION), "HỘI NÔNG DÂN");
    assert_null(td_cluster_report_field(cl, TD_REPORT_FIELD_PLACE));
    assert_int_equal(td_cluster_report_signer_count(cl), 0);
    td_cluster_free(cl);
    /* a document that fails (the block again) changes nothing */
    td_error err;
    const char *again = "report: {place: X}\n";
    assert_error(td_dataset_add_string(d, again, strlen(again), "again.yaml", TD_DOC_FORMAT_AUTO, &err), TD_EEXISTS,
                 err, "the report block is given twice");
    cl = cluster_of(d, NULL);
    assert_null(td_cluster_report_field(cl, TD_REPORT_FIELD_PLACE));
    td_cluster_free(cl);
    td_dataset_free(d);

    /* nine signers are more than a page takes */
    d = dataset(NULL);
    char text[512] = "report:\n  signers:\n";
    for (int i = 0; i < 9; i++)
        strcat(text, "    - {name: n}\n");
    assert_error(td_dataset_add_string(d, text, strlen(text), "many.yaml", TD_DOC_FORMAT_AUTO, &err), TD_ELIMIT, err,
                 "9 signers, at most 8");
    assert_int_equal(err.line, 11);
    td_dataset_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(documents_may_come_in_any_order),
        cmocka_unit_test(missing_data_is_reported_at_the_member_entry),
        cmocka_unit_test(csv_as_spreadsheets_save_it),
        cmocka_unit_test(csv_positions_count_physical_lines),
        cmocka_unit_test(csv_columns_in_any_order_keep_their_positions),
        cmocka_unit_test(a_refused_document_leaves_no_value_behind),
        cmocka_unit_test(long_names_leave_room_for_key_and_value),
        cmocka_unit_test(decimal_comma_numbers_are_checked),
        cmocka_unit_test(likely_data_mistakes_are_warnings_at_their_place),
        cmocka_unit_test(unit_ids_and_names_compare_after_nfc),
        cmocka_unit_test(a_name_two_members_share_cannot_name_a_unit),
        cmocka_unit_test(a_value_given_by_id_and_by_name_is_given_twice),
        cmocka_unit_test(a_failed_document_changes_nothing),
        cmocka_unit_test(every_data_key_is_read),
        cmocka_unit_test(documents_are_recognised_by_content),
        cmocka_unit_test(header_rules),
        cmocka_unit_test(cluster_load_file_reads_one_document),
        cmocka_unit_test(blank_values_are_not_given_but_checked),
        cmocka_unit_test(report_block_is_read_from_any_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
