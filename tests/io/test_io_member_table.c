/*
 * Rulebook 1.1, section 8: member data as a table. A CSV whose header has
 * an `id` column (and no `measure` column) gives one row per member: its
 * actuals, `target:<measure>` its targets, `unit` its group; columns the
 * rulebook does not read are ignored with a note, a misspelt one is an
 * error with the suggestion. A CSV with the header unit, period, id gives
 * history records. Results equal those of the long layout and of YAML
 * history; every error is placed at its FILE:LINE:COL; allocation failures
 * are reported and leak nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "fixture.h"
#include "model.h"
#include "td_test.h"

#ifndef TD_SOURCE_DIR
#  error "TD_SOURCE_DIR must name the source tree"
#endif

#define LAI_CHAU TD_SOURCE_DIR "/examples/lai-chau"
#define DEPARTMENTS TD_SOURCE_DIR "/examples/departments"
#define TABLES TD_SOURCE_DIR "/tests/data/member-table"

/* A rulebook with two base measures (planned, done), a derived one (rate)
 * and a manual criterion. */
#define RULEBOOK                                                                                   \
    "thidua: 1\n"                                                                                  \
    "id: mt\n"                                                                                     \
    "measures:\n"                                                                                  \
    "  rate: done / planned\n"                                                                     \
    "sections:\n"                                                                                  \
    "  - id: A\n"                                                                                  \
    "    max: 30\n"                                                                                \
    "    criteria:\n"                                                                              \
    "      - {id: planned, max: 10, rule: {kind: proportional}}\n"                                 \
    "      - {id: rate, max: 10, rule: {kind: threshold, at: 90%}}\n"                              \
    "      - {id: review, max: 10, rule: {kind: manual}}\n"                                        \
    "ranking: {by: [\"total desc\"]}\n"

/* The cluster: three members with names, a final review score each. */
#define HEADER                                                                                     \
    "thidua: 1\n"                                                                                  \
    "period: 2024\n"                                                                               \
    "cluster:\n"                                                                                   \
    "  id: cum\n"                                                                                  \
    "  leader: u1\n"                                                                               \
    "  members:\n"                                                                                 \
    "    - {id: u1, name: \"Đơn vị Một\"}\n"                                                       \
    "    - {id: u2, name: \"Đơn vị Hai\"}\n"                                                       \
    "    - {id: u3, name: \"Đơn vị Ba\"}\n"                                                        \
    "scores:\n"                                                                                    \
    "  final: {u1: {review: 8}, u2: {review: 9}, u3: {review: 7}}\n"

/* Every value the rulebook needs, as a member table. */
#define TABLE                                                                                      \
    "id,planned,target:planned,done,target:done\n"                                                 \
    "u1,100,100,95,90\n"                                                                           \
    "u2,120,100,100,100\n"                                                                         \
    "u3,80,100,70,90\n"

/* ---- helpers ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static td_rulebook *load_rulebook(const char *text)
{
    td_error err;
    td_rulebook *rb = NULL;
    if (td_rulebook_load_string(&rb, text, strlen(text), "mt.yaml", NULL, &err) != TD_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return rb;
}

static td_dataset *dataset(bool decimal_comma)
{
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.decimal_comma = decimal_comma;
    td_error err;
    td_dataset *d = NULL;
    assert_ok(td_dataset_new(&d, &opts, &err), err);
    return d;
}

/* A document named *.csv is read as CSV: the syntax sniffer recognises
 * the long layout only. */
static td_doc_format format_of(const char *name)
{
    return ends_with(name, ".csv") ? TD_DOC_FORMAT_CSV : TD_DOC_FORMAT_AUTO;
}

static void add(td_dataset *d, const char *text, const char *name)
{
    td_error err;
    if (td_dataset_add_string(d, text, strlen(text), name, format_of(name), &err) != TD_OK)
        fail_msg("adding %s: %s:%u:%u: %s", name, err.file, err.line, err.column, err.message);
}

static void add_file(td_dataset *d, const char *path)
{
    td_error err;
    if (td_dataset_add_file(d, path, &err) != TD_OK)
        fail_msg("adding %s: %s:%u:%u: %s", path, err.file, err.line, err.column, err.message);
}

/* The error of adding a document that must be refused. */
static td_error add_error(td_dataset *d, const char *text, const char *name)
{
    td_error err;
    td_error_clear(&err);
    if (td_dataset_add_string(d, text, strlen(text), name, format_of(name), &err) == TD_OK)
        fail_msg("%s was read although it is wrong:\n%s", name, text);
    return err;
}

static td_cluster *cluster_of(const td_dataset *d, const td_rulebook *rb)
{
    td_error err;
    td_cluster *cl = NULL;
    if (td_dataset_to_cluster(&cl, d, rb, &err) != TD_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return cl;
}

/* The error of making a cluster that must be refused; nothing is handed back. */
static td_error cluster_error(const td_dataset *d, const td_rulebook *rb)
{
    td_error err;
    td_error_clear(&err);
    td_cluster *cl = NULL;
    if (td_dataset_to_cluster(&cl, d, rb, &err) == TD_OK)
        fail_msg("the cluster was made although its data are wrong");
    assert_null(cl);
    return err;
}

/* The header, then a document, then the cluster's error. */
static td_error table_error(const td_rulebook *rb, const char *text, const char *name)
{
    td_dataset *d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, text, name);
    td_error err = cluster_error(d, rb);
    td_dataset_free(d);
    return err;
}

#define assert_error_at(e, status, f, ln, col, part)                                              \
    do {                                                                                           \
        td_error e_ = (e);                                                                         \
        if (e_.code != (status) || strcmp(e_.file, (f)) != 0 || e_.line != (ln) ||               \
            e_.column != (col) || strstr(e_.message, (part)) == NULL)                              \
            fail_msg("got %d at %s:%u:%u: %s\nwant %d at %s:%u:%u: ...%s...", e_.code, e_.file,    \
                     e_.line, e_.column, e_.message, (status), (f), (ln), (col), (part));          \
    } while (0)

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

static size_t member_index(const td_cluster *cl, const char *unit)
{
    for (size_t m = 0; m < td_cluster_member_count(cl); m++)
        if (strcmp(td_cluster_member_id(cl, m), unit) == 0)
            return m;
    fail_msg("no member '%s'", unit);
    return 0;
}

static void assert_note(const td_cluster *cl, size_t i, const char *file, unsigned line, unsigned column,
                        const char *message)
{
    td_warning w;
    if (!td_cluster_note(&w, cl, i))
        fail_msg("no note %zu (the cluster has %zu)", i, td_cluster_note_count(cl));
    if (strcmp(w.code, "column-ignored") != 0 || strcmp(w.file, file) != 0 || w.line != line ||
        w.column != column || strcmp(w.message, message) != 0)
        fail_msg("note %zu: %s at %s:%u:%u: %s\nwant column-ignored at %s:%u:%u: %s", i, w.code, w.file, w.line,
                 w.column, w.message, file, line, column, message);
}

static td_result *evaluate(const td_rulebook *rb, const td_cluster *cl)
{
    td_error err;
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    return res;
}

static char *json_of(const td_result *res)
{
    td_error err;
    char *text = NULL;
    assert_ok(td_report_render(&text, NULL, res, TD_REPORT_FORMAT_JSON, NULL, &err), err);
    return text;
}

/* true when s is valid UTF-8 without C0 controls, DEL or C1 controls. */
static bool printable_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0 || (n == 1 && (*p < 0x20 || *p == 0x7F)))
            return false;
        for (size_t k = 1; k < n; k++)
            if ((p[k] & 0xC0) != 0x80)
                return false;
        if (n == 2 && p[0] == 0xC2 && p[1] < 0xA0) /* U+0080..U+009F */
            return false;
        p += n;
    }
    return true;
}

/* A whole file, malloc'd and NUL-terminated. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *text = malloc((size_t)size + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    text[size] = '\0';
    fclose(f);
    return text;
}

/* Growing text for generated documents. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...) TD_PRINTF(2, 3);

static void put(text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if (t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        t->cap = 2 * t->cap + (size_t)n + 64;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
}

/* ---- the same results as the long layout ---- */

typedef struct evaluated {
    char *dump, *json;
    size_t warnings, notes;
} evaluated;

static evaluated evaluate_files(const td_rulebook *rb, const char *const *paths, bool decimal_comma)
{
    td_dataset *d = dataset(decimal_comma);
    for (size_t i = 0; paths[i] != NULL; i++)
        add_file(d, paths[i]);
    td_cluster *cl = cluster_of(d, rb);
    td_result *res = evaluate(rb, cl);
    evaluated e = {fixture_dump(res), json_of(res), td_cluster_warning_count(cl), td_cluster_note_count(cl)};
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(d);
    return e;
}

static void evaluated_free(evaluated *e)
{
    free(e->dump);
    td_free(e->json);
}

/* examples/lai-chau/results.csv as a member table (tests/data/member-table):
 * ';', a BOM, CRLF, an STT and a "Ghi chú" column, a `name` column that
 * matches no member, members by id, by name and by a name in NFD, and
 * (lai-chau-comma.csv) decimal commas and thousands dots. */
static void lai_chau_as_a_member_table_gives_the_long_layout_results(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_load_file(&rb, LAI_CHAU "/rulebook.yaml", NULL, &err), err);
    const char *long_layout[] = {LAI_CHAU "/data.yaml", LAI_CHAU "/results.csv", NULL};
    const char *table[] = {LAI_CHAU "/data.yaml", TABLES "/lai-chau.csv", NULL};
    const char *table_first[] = {TABLES "/lai-chau.csv", LAI_CHAU "/data.yaml", NULL};
    const char *comma[] = {LAI_CHAU "/data.yaml", TABLES "/lai-chau-comma.csv", NULL};
    evaluated want = evaluate_files(rb, long_layout, false);
    evaluated got[] = {evaluate_files(rb, table, false), evaluate_files(rb, table_first, false),
                       evaluate_files(rb, comma, true)};
    assert_int_equal(want.notes, 0);
    for (size_t i = 0; i < sizeof got / sizeof got[0]; i++) {
        assert_string_equal(got[i].dump, want.dump);
        assert_string_equal(got[i].json, want.json);
        assert_int_equal(got[i].warnings, want.warnings);
        assert_int_equal(got[i].notes, 2); /* STT and Ghi chú; `name` is no data column */
        evaluated_free(&got[i]);
    }
    /* the figures themselves, so that equal is not equally empty */
    assert_non_null(strstr(want.json, "\"unit\": \"tp-lai-chau\""));
    assert_non_null(strstr(want.json, "\"actual\": 2.6"));
    evaluated_free(&want);

    /* the notes: at the header cells, in bytes after the BOM */
    td_dataset *d = dataset(false);
    add_file(d, LAI_CHAU "/data.yaml");
    add_file(d, TABLES "/lai-chau.csv");
    td_cluster *cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 2);
    assert_note(cl, 0, TABLES "/lai-chau.csv", 1, 1,
                "the column 'STT' is ignored: rulebook 'hnd-cum2' reads no measure of that name");
    assert_note(cl, 1, TABLES "/lai-chau.csv", 1, 281,
                "the column 'Ghi chú' is ignored: rulebook 'hnd-cum2' reads no measure of that name");
    td_warning w;
    assert_false(td_cluster_note(&w, cl, 2));
    assert_false(td_cluster_note(NULL, cl, 0));
    assert_int_equal(td_cluster_note_count(NULL), 0);
    /* values by name and by a name in NFD reach their members */
    assert_string_equal(value(cl, "tan-uyen", TD_VALUE_ACTUAL, "loans"), "2600");
    assert_string_equal(value(cl, "tam-duong", TD_VALUE_TARGET, "poverty_rate"), "10.5");
    assert_string_equal(value(cl, "tam-duong", TD_VALUE_TARGET, "collective_awards"), "-");
    td_cluster_free(cl);
    td_dataset_free(d);

    /* the decimal-comma file without the option: "2.600" reads as 2.6 (as
     * in the long layout), and the first decimal comma is an error */
    d = dataset(false);
    add_file(d, LAI_CHAU "/data.yaml");
    add_file(d, TABLES "/lai-chau-comma.csv");
    assert_error_at(cluster_error(d, rb), TD_EDATA, TABLES "/lai-chau-comma.csv", 2, 73,
                    "actual of unit 'tan-uyen' for 'poverty_rate': '9,1' has a comma");
    td_dataset_free(d);
    td_rulebook_free(rb);
}

/* The reading rules of the long layout hold for member tables: a BOM, ';',
 * CRLF, blank lines, quotes with "" and the delimiter inside, spaces around
 * cells, NFC, decimal commas; empty cells are no value; any column order
 * and `Target:` in any case, with spaces after the colon. */
static void member_tables_read_as_spreadsheets_save_them(void **state)
{
    (void)state;
    td_rulebook *rb = load_rulebook(RULEBOOK);
    td_dataset *d = dataset(true);
    add(d, HEADER, "data.yaml");
    add(d,
        "\xEF\xBB\xBF\"STT\";ID;TARGET: planned;planned;Họ tên;done;Target:done\r\n"
        "1; u1 ;100;\"100,5\";\"Nguyễn \"\"A\"\"; x\";95;90\r\n"
        "\r\n"
        ";;;;;;\r\n"
        "2;\"Đo\xCC\x9Bn vi\xCC\xA3 Hai\";1.000;1.200,25;Trần B;;100\r\n"
        "3;u3;;80;;70;90\r\n",
        "t.csv");
    td_cluster *cl = cluster_of(d, rb);
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "planned"), "100.5");
    assert_string_equal(value(cl, "u1", TD_VALUE_TARGET, "planned"), "100");
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "done"), "95");
    assert_string_equal(value(cl, "u1", TD_VALUE_TARGET, "done"), "90");
    assert_string_equal(value(cl, "u2", TD_VALUE_TARGET, "planned"), "1000");
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "planned"), "1200.25");
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "done"), "-");
    assert_string_equal(value(cl, "u2", TD_VALUE_TARGET, "done"), "100");
    assert_string_equal(value(cl, "u3", TD_VALUE_TARGET, "planned"), "-");
    assert_string_equal(value(cl, "u3", TD_VALUE_ACTUAL, "planned"), "80");
    /* the ignored columns, and no warning for them */
    assert_int_equal(td_cluster_note_count(cl), 2);
    assert_note(cl, 0, "t.csv", 1, 1, "the column 'STT' is ignored: rulebook 'mt' reads no measure of that name");
    assert_note(cl, 1, "t.csv", 1, 34, "the column 'Họ tên' is ignored: rulebook 'mt' reads no measure of that name");
    assert_int_equal(td_cluster_warning_count(cl), 0);
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(rb);
}

/* Columns the rulebook does not read are listed once each, in the order
 * of the files and of their columns; `name` is never data; a column
 * without a header is ignored too. What is in them is not read: text,
 * negative numbers and percentages there are no error. */
static void ignored_columns_are_notes(void **state)
{
    (void)state;
    td_rulebook *rb = load_rulebook(RULEBOOK);
    td_dataset *d = dataset(false);
    add(d, "STT,id,name,Địa chỉ,planned,,target:Ghi chú,target:planned\n"
           "1,u1,Một,\"Số 5, phố Huế\",100,x,-3,100\n"
           "2,u2,Hai,50%,120,,abc,100\n"
           "3,u3,Ba,-7,80,7%,,100\n",
        "a.csv");
    add(d, HEADER, "data.yaml");
    add(d, "id;Họ tên chủ hộ;done;target:done\r\nu1;An;95;90\r\nu2;Bình;100;100\r\nu3;Chi;70;90\r\n", "b.csv");
    td_cluster *cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 5);
    assert_note(cl, 0, "a.csv", 1, 1, "the column 'STT' is ignored: rulebook 'mt' reads no measure of that name");
    assert_note(cl, 1, "a.csv", 1, 13,
                "the column 'Địa chỉ' is ignored: rulebook 'mt' reads no measure of that name");
    assert_note(cl, 2, "a.csv", 1, 34, "a column without a header is ignored");
    assert_note(cl, 3, "a.csv", 1, 35,
                "the column 'target:Ghi chú' is ignored: rulebook 'mt' reads no measure of that name");
    assert_note(cl, 4, "b.csv", 1, 4,
                "the column 'Họ tên chủ hộ' is ignored: rulebook 'mt' reads no measure of that name");
    assert_int_equal(td_cluster_warning_count(cl), 0);
    td_warning w;
    assert_false(td_cluster_warning(&w, cl, 0)); /* notes are not warnings */
    /* the rest was read, and the cluster evaluates */
    assert_string_equal(value(cl, "u3", TD_VALUE_ACTUAL, "planned"), "80");
    assert_string_equal(value(cl, "u3", TD_VALUE_TARGET, "done"), "90");
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "STT"), "-");
    td_result *res = evaluate(rb, cl);
    assert_int_equal(td_result_member_count(res), 3);
    td_result_free(res);
    td_cluster_free(cl);

    /* the dataset is unchanged by making a cluster: the same notes again */
    cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 5);
    td_cluster_free(cl);
    td_dataset_free(d);

    /* a table whose every column is read gives no note */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, TABLE, "t.csv");
    cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 0);
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(rb);
}

/* A column a small edit away from a base measure's name would silently
 * empty that measure: an error at the header cell, with the suggestion.
 * A column giving a side that a formula derives is an error too. */
static void misspelt_and_derived_columns_are_errors(void **state)
{
    (void)state;
    td_rulebook *rb = load_rulebook(RULEBOOK);
    assert_error_at(table_error(rb, "id,plannd,target:planned\nu1,1,1\n", "t.csv"), TD_EDATA, "t.csv", 1, 4,
                    "the column 'plannd' names no measure of rulebook 'mt' (did you mean 'planned'?); a column "
                    "the rulebook does not read is ignored, so a misspelt one would leave its measure empty: "
                    "rename it");
    assert_error_at(table_error(rb, "STT;id;planned;target:don\n1;u1;1;1\n", "t.csv"), TD_EDATA, "t.csv", 1, 16,
                    "the column 'target:don' names no measure of rulebook 'mt' (did you mean 'done'?)");
    /* measure ids compare exactly: another case is a misspelling */
    assert_error_at(table_error(rb, "id,Planned\nu1,1\n", "t.csv"), TD_EDATA, "t.csv", 1, 4,
                    "the column 'Planned' names no measure of rulebook 'mt' (did you mean 'planned'?)");
    /* on a later line of a quoted, multi-line header cell */
    assert_error_at(table_error(rb, "id,\"x\ny\",dnoe\nu1,1,1\n", "t.csv"), TD_EDATA, "t.csv", 2, 4,
                    "the column 'dnoe' names no measure of rulebook 'mt' (did you mean 'done'?)");
    /* the misspelt column is an error even when it is empty */
    assert_error_at(table_error(rb, "id,planned,plane\nu1,1,\n", "t.csv"), TD_EDATA, "t.csv", 1, 12,
                    "(did you mean 'planned'?)");
    assert_error_at(table_error(rb, "id,rate\nu1,0.9\n", "t.csv"), TD_EDATA, "t.csv", 1, 4,
                    "the column 'rate' gives the actual of measure 'rate', which rulebook 'mt' derives from the "
                    "formula 'done / planned'; remove the column");
    assert_error_at(table_error(rb, "id,planned,target:rate\nu1,1,0.9\n", "t.csv"), TD_EDATA, "t.csv", 1, 12,
                    "the column 'target:rate' gives the target of measure 'rate'");

    /* a rulebook whose measure derives one side only: the other is data */
    td_rulebook *sides = load_rulebook("thidua: 1\nid: sides\nmeasures:\n  rate: {actual: done / planned}\n"
                                       "sections:\n  - id: A\n    criteria:\n"
                                       "      - {id: rate, max: 10, rule: {kind: proportional}}\n"
                                       "      - {id: review, max: 10, rule: {kind: manual}}\n");
    td_dataset *d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "id,target:rate,planned,done\nu1,0.9,100,95\nu2,0.9,100,90\nu3,0.9,100,99\n", "t.csv");
    td_cluster *cl = cluster_of(d, sides);
    assert_string_equal(value(cl, "u1", TD_VALUE_TARGET, "rate"), "0.9");
    assert_int_equal(td_cluster_note_count(cl), 0);
    td_cluster_free(cl);
    add(d, "id,rate\nu1,0.95\n", "u.csv");
    assert_error_at(cluster_error(d, sides), TD_EDATA, "u.csv", 1, 4,
                    "the column 'rate' gives the actual of measure 'rate', which rulebook 'sides' derives");
    td_dataset_free(d);
    td_rulebook_free(sides);

    /* without a rulebook every column is read, under its own name */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "id,plannd,STT\nu1,5,1\n", "t.csv");
    cl = cluster_of(d, NULL);
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "plannd"), "5");
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "STT"), "1");
    assert_int_equal(td_cluster_note_count(cl), 0);
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(rb);
}

/* A cell that is no number is an error at the cell, when the rulebook
 * reads its column (found when the cluster is made: only then is it known
 * which columns are read); the message names the unit by its id. */
static void bad_cells_in_read_columns_are_errors_at_the_cell(void **state)
{
    (void)state;
    td_rulebook *rb = load_rulebook(RULEBOOK);
    assert_error_at(table_error(rb, "id,planned\nu1,abc\n", "t.csv"), TD_EDATA, "t.csv", 2, 4,
                    "actual of unit 'u1' for 'planned': expected a number, found 'abc'");
    assert_error_at(table_error(rb, "STT,id,target:planned\n1,\"Đơn vị Hai\",\"1 000\"\n", "t.csv"), TD_EDATA,
                    "t.csv", 2, 20, "target of unit 'u2' for 'planned': ");
    assert_error_at(table_error(rb, "id;planned\nu2; 95% \n", "t.csv"), TD_EDATA, "t.csv", 2, 4,
                    "actual of unit 'u2' for 'planned': a percentage is not accepted in data; write the number "
                    "itself (4.2 for 4.2 %)");
    assert_error_at(table_error(rb, "id,target:done\nu3,-5\n", "t.csv"), TD_ERANGE, "t.csv", 2, 4,
                    "target of unit 'u3' for 'done': must not be negative, found -5");
    assert_error_at(table_error(rb, "id,done\nu3,\"1,5\"\n", "t.csv"), TD_EDATA, "t.csv", 2, 4,
                    "actual of unit 'u3' for 'done': '1,5' has a comma");
    assert_error_at(table_error(rb, "id,done\nu1,1\nu2,1\nu3,NaN\n", "t.csv"), TD_EDATA, "t.csv", 4, 4,
                    "actual of unit 'u3' for 'done': ");
    /* the first bad cell in the order of the rows, then of the columns */
    assert_error_at(table_error(rb, "id,planned,done\nu1,1,x\nu2,y,1\n", "t.csv"), TD_EDATA, "t.csv", 2, 6,
                    "actual of unit 'u1' for 'done'");
    /* with decimal commas, a decimal point is the error */
    td_dataset *d = dataset(true);
    add(d, HEADER, "data.yaml");
    add(d, "id;planned\nu1;3.5\n", "t.csv");
    assert_error_at(cluster_error(d, rb), TD_EDATA, "t.csv", 2, 4,
                    "actual of unit 'u1' for 'planned': '3.5' is not a number in decimal-comma form");
    td_dataset_free(d);

    /* the same cells in columns the rulebook does not read: no error */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, TABLE, "t.csv");
    add(d, "id,STT,target:Ghi chú\nu1,abc,-5\nu2,95%,\"1,5\"\nu3,-1,NaN\n", "extra.csv");
    td_cluster *cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 2);
    td_cluster_free(cl);
    td_dataset_free(d);

    /* each table's columns are its own: an ignored first column in one
     * file does not make the first column of the next one ignored */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "STT,id\nx,u1\n", "a.csv");
    add(d, "planned,id\nx,u1\n", "b.csv");
    assert_error_at(cluster_error(d, rb), TD_EDATA, "b.csv", 2, 1,
                    "actual of unit 'u1' for 'planned': expected a number, found 'x'");
    td_dataset_free(d);
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "id,planned\nu1,100\n", "a.csv");
    add(d, "STT,id\nx,u1\n", "b.csv");
    cl = cluster_of(d, rb);
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "planned"), "100");
    td_cluster_free(cl);
    td_dataset_free(d);

    /* without a rulebook, a column with a cell that is no number (or
     * negative) is left out with a note naming the cell: a check against
     * no rulebook never fails where one against a rulebook, which ignores
     * such "STT" or "Ghi chú" columns, passes; a column of numbers is read */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "id,Ghi chú,ghi_chu,planned,stt\nu1,x,,1.5,-1\nu2,đã nộp,đã nộp,2,2\n", "t.csv");
    cl = cluster_of(d, NULL);
    assert_int_equal(td_cluster_note_count(cl), 3);
    td_warning w;
    assert_true(td_cluster_note(&w, cl, 0)); /* in the order of the rows, then of the columns */
    assert_string_equal(w.code, "column-ignored");
    assert_int_equal(w.line, 1);
    assert_int_equal(w.column, 4);
    assert_string_equal(w.message, "the column 'Ghi chú' is left out: without a rulebook to say whether it is "
                                   "read, its cell at line 2, column 4 is no value (expected a number, found "
                                   "'x')");
    assert_true(td_cluster_note(&w, cl, 1));
    assert_int_equal(w.column, 29);
    assert_non_null(strstr(w.message, "'stt' is left out"));
    assert_non_null(strstr(w.message, "line 2, column 11 is no value (must not be negative, found -1)"));
    assert_true(td_cluster_note(&w, cl, 2));
    assert_int_equal(w.line, 1);
    assert_non_null(strstr(w.message, "'ghi_chu' is left out"));
    assert_non_null(strstr(w.message, "line 3, column "));
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "planned"), "1.5");
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "planned"), "2");
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "stt"), "-");
    assert_string_equal(value(cl, "u2", TD_VALUE_ACTUAL, "ghi_chu"), "-");
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(rb);
}

/* A value given twice, in two tables, in a table and the long layout, in a
 * table and YAML, or by id and by name, is an error naming both places
 * (at the later one); an ignored column gives no value, so no duplicate. */
static void values_given_twice_name_both_places(void **state)
{
    (void)state;
    td_rulebook *rb = load_rulebook(RULEBOOK);
    td_dataset *d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, TABLE, "t.csv");
    add(d, "id,STT,target:done\nu3,1,\n", "u.csv"); /* an ignored column and an empty cell */
    add(d, "id,done\nu2,100\n", "again.csv");        /* refused only when the cluster is made */
    assert_error_at(cluster_error(d, rb), TD_EEXISTS, "again.csv", 2, 4,
                    "the actual of unit 'u2' for 'done' is given twice: here and at t.csv:3:12");
    td_dataset_free(d);

    /* the same row twice in one table; a member by its id and by its name */
    assert_error_at(table_error(rb, "id,planned\nu1,1\nu1,1\n", "t.csv"), TD_EEXISTS, "t.csv", 3, 4,
                    "the actual of unit 'u1' for 'planned' is given twice: here and at t.csv:2:4");
    assert_error_at(table_error(rb, "id;target:planned\nĐơn vị Ba;1\nu3;2\n", "t.csv"), TD_EEXISTS, "t.csv", 3, 4,
                    "the target of unit 'u3' for 'planned' is given twice: here and at t.csv:2:15");

    /* a table and YAML results, in either order */
    static const char yaml_results[] = "thidua: 1\nresults:\n  u1: {done: 95}\n";
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, yaml_results, "results.yaml");
    add(d, "id,done\nu1,95\n", "t.csv");
    assert_error_at(cluster_error(d, rb), TD_EEXISTS, "t.csv", 2, 4,
                    "the actual of unit 'u1' for 'done' is given twice: here and at results.yaml:3:14");
    td_dataset_free(d);
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "id,done\n\"Đơn vị Một\",95\n", "t.csv");
    add(d, yaml_results, "results.yaml");
    assert_error_at(cluster_error(d, rb), TD_EEXISTS, "results.yaml", 3, 14,
                    "the actual of unit 'u1' for 'done' is given twice: here and at t.csv:2:20");
    td_dataset_free(d);

    /* a table and the long layout */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "unit,measure,target,actual\nu2,planned,100,\n", "long.csv");
    add(d, "id,target:planned\nu2,100\n", "t.csv");
    assert_error_at(cluster_error(d, rb), TD_EEXISTS, "t.csv", 2, 4,
                    "the target of unit 'u2' for 'planned' is given twice: here and at long.csv:2:12");
    td_dataset_free(d);

    /* the target and the actual of a measure are two values; a blank in
     * the long layout gives no value, so the table may give it */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "unit,measure,target,actual\nu1,planned,100,\nu1,done,,\n", "long.csv");
    add(d, "id,planned,done,target:done\nu1,100,95,90\nu2,120,100,100\nu3,80,70,90\n", "t.csv");
    add(d, "id,target:planned\nu2,100\nu3,100\n", "t2.csv");
    td_cluster *cl = cluster_of(d, rb);
    assert_string_equal(value(cl, "u1", TD_VALUE_TARGET, "planned"), "100");
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "planned"), "100");
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "done"), "95");
    td_result *res = evaluate(rb, cl);
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(d);

    /* ignored columns repeated over two tables give no value twice */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, TABLE, "t.csv");
    add(d, "id,STT\nu1,1\n", "a.csv");
    add(d, "id,STT\nu1,1\n", "b.csv");
    cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 2);
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(rb);
}

/* The `unit` column gives each member its group: group and group_rank in
 * the result and the JSON; a group the YAML also gives must be the same. */
static void the_unit_column_gives_groups(void **state)
{
    (void)state;
    td_rulebook *rb = load_rulebook(RULEBOOK);
    td_dataset *d = dataset(false);
    add(d, "thidua: 1\nperiod: 2024\ncluster:\n  id: cum\n  members:\n"
           "    - {id: u1, name: \"Đơn vị Một\"}\n    - {id: u2, name: \"Đơn vị Hai\"}\n"
           "    - {id: u3, name: \"Đơn vị Ba\"}\n    - {id: u4, name: \"Đơn vị Bốn\", group: khoi-2}\n"
           "scores:\n  final: {u1: {review: 8}, u2: {review: 9}, u3: {review: 7}}\n"
           "results: {u4: {planned: 90, done: 90}}\ntargets: {u4: {planned: 100, done: 100}}\n",
        "data.yaml");
    /* totals: u1 28, u4 27, u3 25, u2 19 (u2's rate 100/120 misses 90 % of its target's) */
    add(d, "id,Unit,planned,target:planned,done,target:done\n"
           "u1,khoi-1,100,100,95,90\n"
           "u2,khoi-2,120,100,100,100\n"
           "u3,khoi-1,80,100,70,90\n"
           "u4,khoi-2,,,,\n",
        "t.csv");
    add(d, "thidua: 1\nscores:\n  final: {u4: {review: 8}}\n", "u4.yaml");
    td_cluster *cl = cluster_of(d, rb);
    assert_string_equal(td_cluster_member_group(cl, member_index(cl, "u1")), "khoi-1");
    assert_string_equal(td_cluster_member_group(cl, member_index(cl, "u2")), "khoi-2");
    assert_string_equal(td_cluster_member_group(cl, member_index(cl, "u3")), "khoi-1");
    assert_string_equal(td_cluster_member_group(cl, member_index(cl, "u4")), "khoi-2");
    assert_int_equal(td_cluster_note_count(cl), 0);
    td_result *res = evaluate(rb, cl);
    static const char *const units[] = {"u1", "u2", "u3", "u4"};
    static const size_t ranks[] = {1, 4, 3, 2}, group_ranks[] = {1, 2, 2, 1};
    assert_int_equal(td_result_member_count(res), 4);
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        const char *unit = td_result_member_unit(res, m);
        size_t k = (size_t)(unit[1] - '1');
        assert_string_equal(unit, units[k]);
        if (td_result_member_rank(res, m) != ranks[k] || td_result_member_group_rank(res, m) != group_ranks[k])
            fail_msg("%s: rank %zu, group rank %zu; want %zu, %zu", unit, td_result_member_rank(res, m),
                     td_result_member_group_rank(res, m), ranks[k], group_ranks[k]);
        assert_string_equal(td_result_member_group(res, m), k == 0 || k == 2 ? "khoi-1" : "khoi-2");
    }
    char *json = json_of(res);
    assert_non_null(strstr(json, "\"group\": \"khoi-1\""));
    assert_non_null(strstr(json, "\"group_rank\": 2"));
    td_free(json);
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(d);

    /* the same group in the YAML and in the table; an empty cell gives none */
    d = dataset(false);
    add(d, "thidua: 1\nperiod: 2024\ncluster:\n  id: cum\n  members:\n"
           "    - {id: u1, group: k1}\n    - {id: u2, name: Hai}\n    - {id: u3}\n",
        "data.yaml");
    add(d, "id,unit\nu1,k1\nHai,k2\nu3,\n", "t.csv");
    cl = cluster_of(d, NULL);
    assert_string_equal(td_cluster_member_group(cl, 0), "k1");
    assert_string_equal(td_cluster_member_group(cl, 1), "k2");
    assert_null(td_cluster_member_group(cl, 2));
    td_cluster_free(cl);
    /* a different group: an error at the cell naming the YAML's place */
    add(d, "id;unit\nu3;k3\nu1;k2\n", "u.csv");
    assert_error_at(cluster_error(d, NULL), TD_EDATA, "u.csv", 3, 4,
                    "unit 'u1' is in group 'k2' here and in group 'k1' at data.yaml:6:23");
    td_dataset_free(d);

    /* a group that is no valid id: at the cell (the status is TD_EINVAL
     * when the cluster is made; the same group in YAML is TD_EPARSE when
     * the file is read) */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "id,unit\nu1,k\xE2\x80\x8B" "1\n", "t.csv");
    td_error err = cluster_error(d, rb);
    if (err.code != TD_EINVAL && err.code != TD_EPARSE)
        fail_msg("a group with U+200B gave %d: %s", err.code, err.message);
    assert_error_at(err, err.code, "t.csv", 2, 4,
                    "group id 'k\\u{200b}1' contains U+200B, an invisible (zero-width or default-ignorable) "
                    "character (byte 2)");
    td_dataset_free(d);

    /* two tables disagreeing, the member named by its name in one */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "id,unit\nu1,k1\n", "a.csv");
    add(d, "id,STT,unit\n\"Đơn vị Một\",1,k9\n", "b.csv");
    assert_error_at(cluster_error(d, rb), TD_EDATA, "b.csv", 2, 22,
                    "unit 'u1' is in group 'k9' here and in group 'k1' at a.csv:2:4");
    td_dataset_free(d);
    td_rulebook_free(rb);
}

/* Rows name members by id or by name (NFC); an id the cluster does not
 * list is an error at the id cell, an empty id at the cell, a control
 * character in it too; a row must have the header's number of fields. */
static void rows_name_their_members(void **state)
{
    (void)state;
    td_rulebook *rb = load_rulebook(RULEBOOK);
    /* an unknown id, with the nearest suggested */
    assert_error_at(table_error(rb, "id,planned\nu1,1\nu9,2\n", "t.csv"), TD_EDATA, "t.csv", 3, 1,
                    "a member table's row names unit 'u9', which is not a member of cluster 'cum'");
    assert_error_at(table_error(rb, "STT;planned;id\n1;5;\"Đơn vị Mot\"\n", "t.csv"), TD_EDATA, "t.csv", 2, 5,
                    "a member table's row names unit 'Đơn vị Mot', which is not a member of cluster 'cum'");
    /* through the `unit` column alone */
    assert_error_at(table_error(rb, "id,unit\nzz,k1\n", "t.csv"), TD_EDATA, "t.csv", 2, 1,
                    "a member table's row names unit 'zz', which is not a member");
    /* through a bad cell: the member is named first */
    assert_error_at(table_error(rb, "id,planned\nzz,abc\n", "t.csv"), TD_EDATA, "t.csv", 2, 1,
                    "a member table's row names unit 'zz'");

    td_dataset *d = dataset(false);
    td_error err = add_error(d, "id,planned\nu1,1\n,2\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 3, 1, "the id is empty: every row of a member table names its member");
    err = add_error(d, "planned,id\n1,  \n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 2, 3, "the id is empty");
    err = add_error(d, "planned;ID\n1;\"u\x01\"\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 2, 3, "contains U+0001, a control character (byte 2)");
    /* ragged rows */
    err = add_error(d, "id,planned\nu1,1\nu2\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 3, 1, "this row has 1 fields, the header has 2");
    err = add_error(d, "id;planned\r\nu1;1;\r\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 2, 1, "this row has 3 fields, the header has 2");
    /* the header: a reserved column twice in any case, any column twice */
    err = add_error(d, "id,planned,ID\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 1, 12, "the column 'id' appears twice in the header");
    err = add_error(d, "id;Unit;planned;unit\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 1, 17, "the column 'unit' appears twice in the header");
    err = add_error(d, "name,id,NAME\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 1, 9, "the column 'name' appears twice in the header");
    err = add_error(d, "id,planned,target:done,planned\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 1, 24, "the column 'planned' appears twice in the header");
    /* an unclosed quote in a row */
    err = add_error(d, "id,planned\nu1,\"1\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 2, 4, "a quoted field is not closed");
    /* an `id` and a `measure` column: the long layout, which has no `id` */
    err = add_error(d, "unit,measure,id\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 1, 14, "unknown column 'id' in the CSV header");
    /* a failed document leaves nothing behind */
    assert_int_equal(td_dataset_parts(d)->column_count, 0);
    assert_int_equal(td_dataset_parts(d)->val_count, 0);
    add(d, HEADER, "data.yaml");
    add(d, TABLE, "t.csv");
    assert_int_equal(td_dataset_parts(d)->column_count, 4);
    td_cluster *cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 0);
    td_cluster_free(cl);
    td_dataset_free(d);

    /* a table without any data column, or without rows: nothing to read */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, TABLE, "t.csv");
    add(d, "id\r\nu1\r\nu2\r\n", "ids.csv");
    add(d, "id,name\n", "empty.csv");
    add(d, "ID;Name;planned\n\n;;\n", "blank.csv");
    cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 0);
    assert_string_equal(value(cl, "u1", TD_VALUE_ACTUAL, "planned"), "100");
    td_result *res = evaluate(rb, cl);
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(rb);
}

/* An id the cluster does not list is a data error even when its row has
 * no value in a column the rulebook reads (every cell empty, or only
 * ignored columns, or a table with no data column): the contract says "an
 * id the cluster does not list is a data error, as in version 1", and a
 * version 1 row with blank target and actual is checked. */
static void an_unknown_id_without_values_is_an_error(void **state)
{
    (void)state;
    td_rulebook *rb = load_rulebook(RULEBOOK);
    static const char *const tables[] = {
        "id,planned\nzz,\nu1,1\n",     /* every read cell empty */
        "id,STT\nzz,1\n",              /* an ignored column only */
        "id\nzz\n",                    /* no data column */
        "id,name,planned\nzz,Zet,\n",  /* `name` is no data */
    };
    /* version 1: a blank row's unit is checked */
    assert_error_at(table_error(rb, "unit,measure,target,actual\nzz,planned,,\n", "v1.csv"), TD_EDATA, "v1.csv", 2,
                    1, "names unit 'zz', which is not a member of cluster 'cum'");
    size_t accepted = 0;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        td_dataset *d = dataset(false);
        add(d, HEADER, "data.yaml");
        add(d, tables[i], "t.csv");
        td_cluster *cl = NULL;
        td_error err;
        td_error_clear(&err);
        if (td_dataset_to_cluster(&cl, d, rb, &err) == TD_OK) {
            print_message("unknown id 'zz' accepted in:\n%s", tables[i]);
            accepted++;
            td_cluster_free(cl);
        } else {
            assert_error_at(err, TD_EDATA, "t.csv", 2, 1, "names unit 'zz', which is not a member");
        }
        td_dataset_free(d);
    }
    td_rulebook_free(rb);
    assert_int_equal(accepted, 0);
}

/* A note's message quotes the column's header escaped, as error messages
 * do: control characters in a header (an escape sequence that `thidua
 * check` would print to the terminal) are escaped, and a long header is
 * cut on a character boundary. */
static void note_messages_are_escaped_and_valid_utf8(void **state)
{
    (void)state;
    td_rulebook *rb = load_rulebook(RULEBOOK);
    text header = {NULL, 0, 0};
    put(&header, "id,planned,\x1B]0;pwned\x07,");
    for (int i = 0; i < 110; i++)
        put(&header, "ữ");
    put(&header, "\nu1,1,,\n");
    td_dataset *d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, header.s, "t.csv");
    td_cluster *cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 2);
    size_t bad = 0;
    for (size_t i = 0; i < 2; i++) {
        td_warning w;
        assert_true(td_cluster_note(&w, cl, i));
        assert_int_equal(w.line, 1);
        assert_int_equal(w.column, i == 0 ? 12 : 23);
        if (!printable_utf8(w.message)) {
            print_message("note %zu: control characters or invalid UTF-8 in \"%s\"\n", i, w.message);
            bad++;
        }
    }
    td_cluster_free(cl);
    /* an error naming the same header is escaped */
    td_dataset_free(d);
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    td_error err = add_error(d, "id,x\x1B[31m,x\x1B[31m\nu1,abc,1\n", "t.csv");
    assert_error_at(err, TD_EPARSE, "t.csv", 1, 11, "the column 'x\\x1b[31m' appears twice in the header");
    assert_true(printable_utf8(err.message));
    td_dataset_free(d);
    free(header.s);
    td_rulebook_free(rb);
    assert_int_equal(bad, 0);
}

/* ---- history tables ---- */

/* examples/departments/data.yaml with its `history:` list moved to CSV:
 * *history receives the CSV (header `header`, each record as
 * period;id;unit, split in two files at `split` records), *rest the YAML
 * without the list. */
static void split_history(const char *yaml, const char *header, size_t split, text *first, text *second,
                          text *rest, size_t *records)
{
    const char *h = strstr(yaml, "\nhistory:\n");
    assert_non_null(h);
    h++;
    put(rest, "%.*s", (int)(h - yaml), yaml);
    put(first, "\xEF\xBB\xBF%s\r\n", header);
    put(second, "%s\n", header);
    const char *line = strchr(h, '\n') + 1;
    *records = 0;
    for (;;) {
        char unit[64], id[64];
        long period;
        int used = 0;
        if (sscanf(line, "  - {unit: %63[^,], period: %ld, id: %63[^}]}%n", unit, &period, id, &used) != 3 ||
            used == 0)
            break;
        if (*records < split)
            put(first, "%ld;%s;%s\r\n", period, id, unit);
        else
            put(second, "%s;%ld;%s\n", unit, period, id); /* the same header, another order below */
        (*records)++;
        line = strchr(line, '\n') + 1;
    }
    put(rest, "%s", line);
}

static char *departments_json(const td_rulebook *rb, const char *data, const char *data_name,
                              const char *const *histories, const char *const *history_names)
{
    td_dataset *d = dataset(true);
    add(d, data, data_name);
    for (size_t i = 0; histories != NULL && histories[i] != NULL; i++)
        add(d, histories[i], history_names[i]);
    add_file(d, DEPARTMENTS "/scores.yaml");
    add_file(d, DEPARTMENTS "/targets.csv");
    add_file(d, DEPARTMENTS "/results.csv");
    td_cluster *cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 0);
    td_result *res = evaluate(rb, cl);
    char *json = json_of(res);
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(d);
    return json;
}

/* The departments example with its history in CSV gives the same report
 * as with its history in YAML (the history decides awards there: without
 * it the report differs). */
static void a_history_table_gives_the_yaml_history(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_load_file(&rb, DEPARTMENTS "/rulebook.yaml", NULL, &err), err);
    char *yaml = slurp(DEPARTMENTS "/data.yaml");
    text first = {NULL, 0, 0}, second = {NULL, 0, 0}, rest = {NULL, 0, 0};
    size_t records;
    split_history(yaml, "period;ID;unit", 20, &first, &second, &rest, &records);
    assert_int_equal(records, 35);
    assert_null(strstr(rest.s, "history:"));
    /* the second file: unit;period;id in another case */
    memcpy(second.s, "UNIT;Period;id", 14);

    char *want = departments_json(rb, yaml, "data.yaml", NULL, NULL);
    const char *both[] = {first.s, second.s, NULL};
    const char *names[] = {"history-1.csv", "history-2.csv"};
    char *got = departments_json(rb, rest.s, "data.yaml", both, names);
    assert_string_equal(got, want);
    td_free(got);
    /* without the history the awards differ: the comparison is not empty */
    char *none = departments_json(rb, rest.s, "data.yaml", NULL, NULL);
    assert_string_not_equal(none, want);
    td_free(none);
    td_free(want);

    /* the records themselves */
    td_dataset *d = dataset(true);
    add(d, rest.s, "data.yaml");
    add(d, first.s, "history-1.csv");
    add(d, second.s, "history-2.csv");
    assert_int_equal(td_dataset_parts(d)->hist_count, 35);
    const td_dhist *h = &td_dataset_parts(d)->hist[0];
    assert_string_equal(h->unit, "tu-phap");
    assert_string_equal(h->id, "xuat_sac");
    assert_int_equal(h->period, 2023);
    assert_string_equal(h->pos.file, "history-1.csv");
    assert_int_equal(h->pos.line, 2);
    assert_int_equal(h->pos.column, 1);
    assert_int_equal(h->id_pos.column, 6);
    h = &td_dataset_parts(d)->hist[20];
    assert_string_equal(h->pos.file, "history-2.csv");
    assert_int_equal(h->pos.line, 2);
    td_dataset_free(d);
    free(first.s);
    free(second.s);
    free(rest.s);
    free(yaml);
    td_rulebook_free(rb);
}

/* Every bad history record is an error at its cell, when the file is read. */
static void history_errors_are_placed(void **state)
{
    (void)state;
    td_dataset *d = dataset(false);
    struct {
        const char *text;
        unsigned line, column;
        const char *message;
    } cases[] = {
        {"unit,period,id\nu1,2023.5,xuat_sac\n", 2, 4,
         "the period must be a whole number >= 0 (a year), found '2023.5'"},
        {"unit,period,id\nu1,-1,xuat_sac\n", 2, 4, "the period must be a whole number >= 0 (a year), found '-1'"},
        {"unit,period,id\nu1,năm 2023,xuat_sac\n", 2, 4, "found 'năm 2023'"},
        {"unit,period,id\nu1,2023,tot\nu1,20%,tot\n", 3, 4, "found '20%'"},
        {"id;unit;period\r\nxuat_sac;u1;\r\n", 2, 13, "the period is empty"},
        {"unit,period,id\n ,2023,tot\n", 2, 1, "the unit is empty"},
        {"period,id,unit\n2023,,u1\n", 2, 6, "the id is empty"},
        {"unit,period,id\nu1,2023,x\xE2\x80\x8By\n", 2, 9,
         "the id 'x\\u{200b}y' contains U+200B, an invisible (zero-width or default-ignorable) character (byte 2)"},
        {"unit,period,id\n\"u\x1B[2J\",2023,tot\n", 2, 1, "contains U+001B, a control character (byte 2)"},
        {"unit,period,id\nu1,2023\n", 2, 1, "this row has 2 fields, the header has 3"},
        {"unit,period,id\nu1,2023,tot,\n", 2, 1, "this row has 4 fields, the header has 3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        td_error err = add_error(d, cases[i].text, "h.csv");
        assert_error_at(err, TD_EPARSE, "h.csv", cases[i].line, cases[i].column, cases[i].message);
    }
    /* nothing was kept of them */
    assert_int_equal(td_dataset_parts(d)->hist_count, 0);

    /* found when the cluster is made: a period not before the cluster's */
    add(d, "thidua: 1\nperiod: 2024\ncluster: {id: c, members: [u1, u2]}\n", "data.yaml");
    add(d, "Unit,PERIOD,Id\nu1,2023,tot\nu2,2024,tot\n", "h.csv");
    td_error err = cluster_error(d, NULL);
    assert_error_at(err, TD_ERANGE, "h.csv", 3, 4, "must be before the period 2024");
    td_dataset_free(d);

    /* an id the rulebook does not know: a warning at the id cell, or an
     * error when the rulebook declares titles (as for YAML history) */
    static const char titled[] = "thidua: 1\nid: titled\ntitles: [{id: bk_tinh}]\nclassification:\n"
                                 "  - {id: xuat_sac}\n";
    td_rulebook *rb = load_rulebook(titled);
    td_rulebook *untitled = load_rulebook("thidua: 1\nid: plain\nclassification:\n  - {id: xuat_sac}\n");
    d = dataset(false);
    add(d, "thidua: 1\nperiod: 2024\ncluster: {id: c, members: [u1, u2]}\n", "data.yaml");
    add(d, "id;unit;period\nxuat_sac;u1;2023\nbk_tinh;u2;2023\nxuat_sacc;u2;2022\n", "h.csv");
    err = cluster_error(d, rb);
    assert_error_at(err, TD_EDATA, "h.csv", 4, 1,
                    "the history of unit 'u2' records 'xuat_sacc', which is not an award, a classification entry "
                    "or a title of rulebook 'titled' (did you mean 'xuat_sac'?)");
    td_cluster *cl = cluster_of(d, untitled);
    assert_int_equal(td_cluster_warning_count(cl), 2); /* bk_tinh and xuat_sacc */
    td_warning w;
    assert_true(td_cluster_warning(&w, cl, 1));
    assert_string_equal(w.code, "history-id-unknown");
    assert_string_equal(w.file, "h.csv");
    assert_int_equal(w.line, 4);
    assert_int_equal(w.column, 1);
    assert_non_null(strstr(w.message, "records 'xuat_sacc'"));
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(untitled);
    td_rulebook_free(rb);

    /* a header of the three names plus another column is no history table:
     * it has an `id` column, so it is a member table */
    d = dataset(false);
    add(d, HEADER, "data.yaml");
    add(d, "unit,period,id,STT\nk1,2023,u1,1\n", "h.csv");
    rb = load_rulebook(RULEBOOK);
    cl = cluster_of(d, rb);
    assert_int_equal(td_cluster_note_count(cl), 2); /* period and STT */
    assert_string_equal(td_cluster_member_group(cl, member_index(cl, "u1")), "k1");
    td_cluster_free(cl);
    td_dataset_free(d);
    td_rulebook_free(rb);
}

/* ---- allocation failures ---- */

static const char sweep_header[] =
    "thidua: 1\nperiod: 2024\ncluster:\n  id: cum\n  leader: u1\n  members:\n"
    "    - {id: u1, name: \"Đơn vị Một\", group: k1}\n    - {id: u2, name: \"Đơn vị Hai\"}\n    - u3\n"
    "scores:\n  final: {u1: {review: 8}, u2: {review: 9}, u3: {review: 7}}\n";

static const char sweep_table[] =
    "\xEF\xBB\xBFSTT;id;Họ tên;unit;planned;target:planned;done;target:done;\r\n"
    "1;\"Đo\xCC\x9Bn vi\xCC\xA3 Một\";An;k1;100;100;95,5;90;x\r\n"
    "2;u2;Bình;k2;120;100;100;100;\r\n"
    "3;u3;Chi;;80;100;70;90;y\r\n";

static const char sweep_history[] = "Period,ID,Unit\n2022,tot,u1\n2023,tot,u1\n2023,xs,u2\n";

static const char sweep_bad[] = "id,done,STT\nu9,1,2\n";

/* Loads the rulebook, the header, the table and the history, makes the
 * cluster and evaluates it; then a table naming a unit that is no member
 * must be refused. */
static td_status sweep_run(const td_allocator *alloc, char **dump, td_error *err)
{
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.allocator = alloc;
    opts.decimal_comma = true;
    td_eval_options eopts = TD_EVAL_OPTIONS_INIT;
    eopts.allocator = alloc;
    td_rulebook *rb = NULL;
    td_dataset *ds = NULL;
    td_cluster *cl = NULL, *bad = NULL;
    td_result *res = NULL;
    td_status rc = td_rulebook_load_string(&rb, RULEBOOK, strlen(RULEBOOK), "r.yaml", &opts, err);
    if (rc == TD_OK)
        rc = td_dataset_new(&ds, &opts, err);
    if (rc == TD_OK)
        rc = td_dataset_add_string(ds, sweep_table, strlen(sweep_table), "t.csv", TD_DOC_FORMAT_CSV, err);
    if (rc == TD_OK)
        rc = td_dataset_add_string(ds, sweep_header, strlen(sweep_header), "h.yaml", TD_DOC_FORMAT_AUTO, err);
    if (rc == TD_OK)
        rc = td_dataset_add_string(ds, sweep_history, strlen(sweep_history), "hist.csv", TD_DOC_FORMAT_CSV, err);
    if (rc == TD_OK)
        rc = td_dataset_to_cluster(&cl, ds, rb, err);
    if (rc == TD_OK)
        rc = td_evaluate(&res, rb, cl, &eopts, err);
    if (rc == TD_OK) {
        text t = {NULL, 0, 0};
        char *numbers = fixture_dump(res);
        put(&t, "%s", numbers);
        free(numbers);
        for (size_t i = 0; i < td_cluster_note_count(cl); i++) {
            td_warning w;
            assert_true(td_cluster_note(&w, cl, i));
            put(&t, "%s:%u:%u: %s [%s]\n", w.file, w.line, w.column, w.message, w.code);
        }
        for (size_t m = 0; m < td_result_member_count(res); m++)
            put(&t, "%s group %s rank %zu\n", td_result_member_unit(res, m),
                td_result_member_group(res, m) != NULL ? td_result_member_group(res, m) : "-",
                td_result_member_group_rank(res, m));
        *dump = t.s;
    }
    if (rc == TD_OK)
        rc = td_dataset_add_string(ds, sweep_bad, strlen(sweep_bad), "bad.csv", TD_DOC_FORMAT_CSV, err);
    if (rc == TD_OK) {
        rc = td_dataset_to_cluster(&bad, ds, rb, err);
        if (rc == TD_OK)
            fail_msg("a table naming 'u9' was accepted");
        assert_null(bad);
        if (rc == TD_EDATA) {
            if (strcmp(err->file, "bad.csv") != 0 || err->line != 2 || err->column != 1 ||
                strstr(err->message, "names unit 'u9'") == NULL)
                fail_msg("the refused table gave %s:%u:%u: %s", err->file, err->line, err->column, err->message);
            rc = TD_OK;
        }
    }
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(ds);
    td_rulebook_free(rb);
    return rc;
}

static void every_allocation_failure_reading_tables_is_reported(void **state)
{
    (void)state;
    td_error err;
    test_alloc counting;
    test_alloc_init(&counting, 0);
    char *reference = NULL;
    assert_ok(sweep_run(&counting.allocator, &reference, &err), err);
    assert_int_equal(counting.live, 0);
    size_t total = counting.calls;
    if (total < 100)
        fail_msg("the run made only %zu allocations", total);
    print_message("sweeping %zu allocations\n", total);
    assert_non_null(strstr(reference, "t.csv:1:1: the column 'STT' is ignored"));
    assert_non_null(strstr(reference, "t.csv:1:63: a column without a header is ignored"));
    assert_non_null(strstr(reference, "u2 group k2 rank 1\n"));
    assert_non_null(strstr(reference, "u3 group - rank 0\n"));
    for (size_t n = 1; n <= total; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        char *dump = NULL;
        td_error_clear(&err);
        td_status rc = sweep_run(&t.allocator, &dump, &err);
        if (t.live != 0)
            fail_msg("allocation %zu of %zu failing leaks %ld blocks", n, total, t.live);
        if (rc == TD_OK) {
            assert_non_null(dump);
            assert_string_equal(dump, reference);
        } else if (rc != TD_ENOMEM || err.code != TD_ENOMEM) {
            fail_msg("allocation %zu of %zu failing gave %d: %s", n, total, rc, err.message);
        }
        free(dump);
    }
    free(reference);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lai_chau_as_a_member_table_gives_the_long_layout_results),
        cmocka_unit_test(member_tables_read_as_spreadsheets_save_them),
        cmocka_unit_test(ignored_columns_are_notes),
        cmocka_unit_test(misspelt_and_derived_columns_are_errors),
        cmocka_unit_test(bad_cells_in_read_columns_are_errors_at_the_cell),
        cmocka_unit_test(values_given_twice_name_both_places),
        cmocka_unit_test(the_unit_column_gives_groups),
        cmocka_unit_test(rows_name_their_members),
        cmocka_unit_test(an_unknown_id_without_values_is_an_error),
        cmocka_unit_test(note_messages_are_escaped_and_valid_utf8),
        cmocka_unit_test(a_history_table_gives_the_yaml_history),
        cmocka_unit_test(history_errors_are_placed),
        cmocka_unit_test(every_allocation_failure_reading_tables_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
