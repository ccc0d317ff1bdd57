/*
 * The data set's packed values (lib/load/dataset.h, td_dvals): every field
 * of a value comes back as it was given, in order and by number, across
 * the blocks that make random access cheap; the extremes of each field
 * (lines and columns at UINT_MAX, coefficients at INT64_MIN and INT64_MAX,
 * numbers wider than 64 bits, workbook cells, texts of cells that are no
 * value, member tables' columns); a typical long-layout value costs a
 * small number of bytes; documents merged into a data set keep their
 * values, with their columns and wide numbers following the data set's;
 * and a merge that runs out of memory at any allocation leaves them as
 * they were.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "decimal_internal.h"
#include "td_test.h"
#include "thidua/io.h"

enum { VALUES = 1000 };

/* Strings far apart in memory, and some next to each other. */
typedef struct pool {
    char *far[8];
    td_arena near;
} pool;

static void pool_init(pool *p)
{
    for (size_t i = 0; i < 8; i++) {
        p->far[i] = malloc(32 + i * 4096);
        assert_non_null(p->far[i]);
        snprintf(p->far[i], 32, "far%zu", i);
    }
    td_arena_init(&p->near, &td_libc_allocator);
}

static void pool_free(pool *p)
{
    for (size_t i = 0; i < 8; i++)
        free(p->far[i]);
    td_arena_free(&p->near);
}

static const char *text_of(pool *p, size_t i)
{
    if (i % 3 == 0)
        return p->far[i % 8];
    char buf[32];
    snprintf(buf, sizeof buf, "u%zu", i);
    const char *s = td_arena_strdup(&p->near, buf);
    assert_non_null(s);
    return s;
}

/* Value i of the test, as a reader gives it. */
static td_dval_in value_of(pool *p, size_t i, const char *file, const char *cell)
{
    static const char *const numbers[] = {
        "0",    "-1",   "9223372036854775807", "-9223372036854775808", "123456789012345678901234567890",
        "0.5",  "1e-20", "-0.000000000000000000000000000001", "18446744073709551616", "64.010",
    };
    td_dval_in v;
    memset(&v, 0, sizeof v);
    v.kind = (int)(i % 5);
    v.unit = text_of(p, i / 4);
    v.key = text_of(p, i % 7 + 1000);
    v.blank = i % 11 == 5;
    v.decimals = (unsigned char)(i % 13 == 0 ? 255 : i % 4);
    td_decimal d;
    const char *n = numbers[i % 10];
    assert_int_equal(td_decimal_parse(&d, n, NULL), TD_OK);
    v.value = d;
    unsigned line = i % 17 == 3 ? UINT_MAX : i % 17 == 4 ? 1 : (unsigned)(1000 + i * 3);
    unsigned column = i % 19 == 2 ? UINT_MAX : (unsigned)(1 + i % 40);
    v.pos = (td_dpos){file, line, column};
    v.key_pos = (td_dpos){file, i % 23 == 0 ? 0 : line - (i % 5 == 0 ? 1u : 0u), column > 4 ? column - 4 : 7};
    bool cells = i >= 500 && i < 540; /* a run of workbook cells */
    v.unit_pos = i % 6 == 1 || cells ? (td_dpos){cell, 0, 0} : (td_dpos){file, i % 29 == 0 ? UINT_MAX : 1, 1};
    if (i % 9 == 2 || cells)
        v.key_pos = (td_dpos){text_of(p, i + 5000), 0, 0}; /* a cell's own name */
    v.column = i % 8 == 0 ? 0 : i % 31 == 1 ? (size_t)UINT32_MAX - 1 : 1 + i % 9;
    if (i % 10 == 7) {
        v.raw = text_of(p, i + 9000);
        v.raw_status = i % 20 == 7 ? TD_ERANGE : TD_EDATA;
    }
    return v;
}

static void assert_same_spot(const td_dval *got, const td_dspot *s, unsigned cell, const td_dpos *want)
{
    td_dpos at;
    (void)td_dval_pos(got, s, cell, &at);
    assert_ptr_equal(at.file, want->file);
    assert_int_equal(at.line, want->line);
    assert_int_equal(at.column, want->column);
}

static void assert_same(const td_dparts *parts, const td_dval *got, const td_dval_in *want)
{
    assert_int_equal(got->kind, (unsigned)want->kind);
    assert_ptr_equal(got->unit, want->unit);
    assert_ptr_equal(got->key, want->key);
    assert_int_equal(got->blank, want->blank);
    assert_int_equal(got->decimals, want->decimals);
    assert_int_equal(got->column, want->column);
    assert_ptr_equal(got->raw, want->raw);
    if (want->raw != NULL)
        assert_int_equal(got->raw_status, want->raw_status);
    assert_int_equal(td_decimal_cmp(td_dval_value(parts, got), want->value), 0);
    assert_int_equal(td_decimal_scale(td_dval_value(parts, got)), td_decimal_scale(want->value));
    assert_same_spot(got, &got->at, TD_DVAL_CELL_at, &want->pos);
    assert_same_spot(got, &got->unit_at, TD_DVAL_CELL_unit_at, &want->unit_pos);
    assert_same_spot(got, &got->key_at, TD_DVAL_CELL_key_at, &want->key_pos);
}

static void values_come_back_as_given(void **state)
{
    (void)state;
    pool p;
    pool_init(&p);
    td_dparts parts;
    memset(&parts, 0, sizeof parts);
    td_error err;
    td_dval_in *in = calloc(VALUES, sizeof *in);
    assert_non_null(in);
    for (size_t i = 0; i < VALUES; i++) {
        in[i] = value_of(&p, i, "data.csv", "book.xlsx:'Sheet1'!B3");
        assert_ok(td_dparts_val(&parts, &td_libc_allocator, &in[i], &err), err);
    }
    assert_int_equal(parts.val_count, VALUES);
    assert_true(parts.big_count > 0); /* some numbers are wider than 64 bits */
    /* in order */
    td_dval_iter it;
    td_dval v;
    size_t n = 0;
    for (td_dval_iter_init(&it, &parts, 0); td_dval_next(&it, &v); n++)
        assert_same(&parts, &v, &in[n]);
    assert_int_equal(n, VALUES);
    /* by number, and from any value on */
    for (size_t i = 0; i < VALUES; i++) {
        v = td_dparts_val_at(&parts, i);
        assert_same(&parts, &v, &in[i]);
        td_dval_iter_init(&it, &parts, i);
        assert_true(td_dval_next(&it, &v));
        assert_same(&parts, &v, &in[i]);
        if (i + 1 < VALUES) {
            assert_true(td_dval_next(&it, &v));
            assert_same(&parts, &v, &in[i + 1]);
        }
    }
    /* from the end on, and beyond it: nothing */
    td_dval_iter_init(&it, &parts, VALUES);
    assert_false(td_dval_next(&it, &v));
    td_dval_iter_init(&it, &parts, VALUES + 5);
    assert_false(td_dval_next(&it, &v));
    td_dparts_free(&parts, &td_libc_allocator);
    free(in);
    pool_free(&p);
}

/* An empty set of values: an iterator gives nothing. */
static void no_values(void **state)
{
    (void)state;
    td_dparts parts;
    memset(&parts, 0, sizeof parts);
    td_dval_iter it;
    td_dval v;
    td_dval_iter_init(&it, &parts, 0);
    assert_false(td_dval_next(&it, &v));
    td_dparts_free(&parts, &td_libc_allocator);
}

/* Long-layout CSV values (one unit for four measures, a target and an
 * actual each, on one line): a few bytes each, where a td_dval takes 72. */
static void long_layout_values_are_small(void **state)
{
    (void)state;
    enum { UNITS = 2500, MEASURES = 4 };
    td_arena arena;
    td_arena_init(&arena, &td_libc_allocator);
    const char *keys[MEASURES];
    for (size_t k = 0; k < MEASURES; k++) {
        char buf[8];
        snprintf(buf, sizeof buf, "m%zu", k);
        keys[k] = td_arena_strdup(&arena, buf);
    }
    td_dparts parts;
    memset(&parts, 0, sizeof parts);
    td_error err;
    unsigned line = 2;
    for (size_t u = 0; u < UNITS; u++) {
        char buf[16];
        snprintf(buf, sizeof buf, "u%06zu", u);
        const char *unit = td_arena_strdup(&arena, buf);
        for (size_t k = 0; k < MEASURES; k++, line++)
            for (int kind = TD_DV_TARGET; kind <= TD_DV_ACTUAL; kind++) {
                td_dval_in v;
                memset(&v, 0, sizeof v);
                v.kind = kind;
                v.unit = unit;
                v.key = keys[k];
                char num[16];
                snprintf(num, sizeof num, "%zu.%d5", 100 + u % 50, kind);
                assert_int_equal(td_decimal_parse(&v.value, num, NULL), TD_OK);
                v.decimals = 2;
                v.unit_pos = (td_dpos){"v.csv", line, 1};
                v.key_pos = (td_dpos){"v.csv", line, 9};
                v.pos = (td_dpos){"v.csv", line, kind == TD_DV_TARGET ? 12u : 19u};
                assert_ok(td_dparts_val(&parts, &td_libc_allocator, &v, &err), err);
            }
    }
    size_t count = parts.val_count, per = parts.vals.len / count;
    print_message("%zu values: %zu bytes, %zu a value\n", count, parts.vals.len, per);
    assert_int_equal(count, UNITS * MEASURES * 2);
    assert_true(per <= 20);
    assert_true(per >= 10); /* every field is written: the test would catch one left out */
    td_dparts_free(&parts, &td_libc_allocator);
    td_arena_free(&arena);
}

/* Documents merged into a data set: the first document's values are taken
 * whole, the next ones' written again after them; a member table's
 * columns and the wide numbers follow the data set's. */
static void documents_merge_their_values(void **state)
{
    (void)state;
    /* 19 values (crossing a block), one wide number */
    static const char first[] = "unit,measure,target,actual\n"
                                "a,m,1,2\na,n,3,4\na,o,5,6\na,p,7,8\na,q,9,10\nb,m,11,12\nb,n,13,14\n"
                                "b,o,15,16\nb,p,17,18\nb,q,123456789012345678901234567890,\n";
    /* a member table: columns 1 to 4 of its own, after the first's none */
    static const char table[] = "id,m2,target:m2,m3\nc,1.5,2,3\nd,4,5,6\n";
    /* another wide number and a member table */
    static const char third[] = "id,m4,target:m4\ne,98765432109876543210987654321.123,7\n";
    td_error err;
    td_dataset *ds = NULL;
    assert_ok(td_dataset_new(&ds, NULL, &err), err);
    assert_ok(td_dataset_add_string(ds, first, strlen(first), "1.csv", TD_DOC_FORMAT_CSV, &err), err);
    assert_ok(td_dataset_add_string(ds, table, strlen(table), "2.csv", TD_DOC_FORMAT_CSV, &err), err);
    assert_ok(td_dataset_add_string(ds, third, strlen(third), "3.csv", TD_DOC_FORMAT_CSV, &err), err);
    /* a document that fails leaves the values as they were */
    static const char twice[] = "unit,measure,target,actual\nz,m,1,1\na,m,1,1\n";
    assert_int_equal(td_dataset_add_string(ds, twice, strlen(twice), "4.csv", TD_DOC_FORMAT_CSV, &err),
                     TD_EEXISTS);
    assert_string_equal(err.file, "4.csv");
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "given twice: here and at 1.csv:2:5"));
    /* ... and its values out of the index: 'z' may come again, in a
     * document of more values than a batch of the index */
    static const char again[] = "unit,measure,target\nz,m,1\nz,n,1\nz,o,1\nz,p,1\nz,q,1\nz,r,1\nz,s,1\nz,t,1\n"
                                "z,u,1\nz,v,1\nz,w,1\nz,n,2\n";
    assert_int_equal(td_dataset_add_string(ds, again, strlen(again), "5.csv", TD_DOC_FORMAT_CSV, &err),
                     TD_EEXISTS);
    assert_int_equal(err.line, 13);
    assert_non_null(strstr(err.message, "given twice: here and at 5.csv:3:5"));
    const td_dparts *p = td_dataset_parts(ds);
    assert_int_equal(p->val_count, 19 + 6 + 2); /* an empty cell of the long layout is no value */
    assert_int_equal(p->column_count, 3 + 2);
    assert_int_equal(p->big_count, 2);
    static const struct {
        const char *unit, *key, *number, *file;
        int kind;
        unsigned line, column, table_column;
    } want[] = {
        {"a", "m", "1", "1.csv", TD_DV_TARGET, 2, 5, 0},
        {"a", "m", "2", "1.csv", TD_DV_ACTUAL, 2, 7, 0},
        {"b", "q", "123456789012345678901234567890", "1.csv", TD_DV_TARGET, 11, 5, 0},
        {"c", "m2", "1.5", "2.csv", TD_DV_ACTUAL, 2, 3, 1},
        {"c", "m2", "2", "2.csv", TD_DV_TARGET, 2, 7, 2},
        {"d", "m3", "6", "2.csv", TD_DV_ACTUAL, 3, 7, 3},
        {"e", "m4", "98765432109876543210987654321.123", "3.csv", TD_DV_ACTUAL, 2, 3, 4},
        {"e", "m4", "7", "3.csv", TD_DV_TARGET, 2, 37, 5},
    };
    size_t found = 0;
    td_dval_iter it;
    td_dval v;
    for (td_dval_iter_init(&it, p, 0); td_dval_next(&it, &v);) {
        for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
            td_decimal d;
            if (v.blank || strcmp(v.unit, want[w].unit) != 0 || strcmp(v.key, want[w].key) != 0 ||
                (int)v.kind != want[w].kind)
                continue;
            assert_int_equal(td_decimal_parse(&d, want[w].number, NULL), TD_OK);
            assert_int_equal(td_decimal_cmp(td_dval_value(p, &v), d), 0);
            td_dpos at = *TD_DVAL_POS(&v, at);
            assert_string_equal(at.file, want[w].file);
            assert_int_equal(at.line, want[w].line);
            assert_int_equal(at.column, want[w].column);
            assert_int_equal(v.column, want[w].table_column);
            if (v.column != 0)
                assert_string_equal(p->columns[v.column - 1].key, want[w].key);
            found++;
        }
    }
    assert_int_equal(found, sizeof want / sizeof want[0]);
    td_dataset_free(ds);
}

/* ---- a merge that runs out of memory ---- */

typedef struct failing {
    size_t calls, fail_at; /* the call numbered fail_at fails */
} failing;

static void *failing_malloc(void *ctx, size_t size)
{
    failing *f = ctx;
    return f->calls++ == f->fail_at ? NULL : malloc(size);
}

static void *failing_realloc(void *ctx, void *ptr, size_t size)
{
    failing *f = ctx;
    return f->calls++ == f->fail_at ? NULL : realloc(ptr, size);
}

static void failing_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

/* The values of a data set as text, one a line. */
static char *values_text(const td_dparts *p)
{
    size_t cap = 64 + p->val_count * 96, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    td_dval_iter it;
    td_dval v;
    for (td_dval_iter_init(&it, p, 0); td_dval_next(&it, &v);) {
        char num[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(num, sizeof num, td_dval_value(p, &v));
        td_dpos at = *TD_DVAL_POS(&v, at);
        int n = snprintf(out + len, cap - len, "%s %s %u %s %s:%u:%u %u\n", v.unit, v.key, v.kind, num, at.file,
                         at.line, at.column, v.column);
        assert_true(n > 0 && (size_t)n < cap - len);
        len += (size_t)n;
    }
    return out;
}

/* Reads `first`, then `second` with its allocation numbered `fail` (from
 * the start of that read; SIZE_MAX: none) failing; a reported failure must
 * be TD_ENOMEM and leave the data set as it was, which the same document
 * added again shows: the values must be `want`. *calls: the allocations of
 * the read of `second`. Returns whether it failed. */
static bool merge_failing(const char *first, const char *second, size_t len, size_t fail, const char *want,
                          size_t *calls)
{
    failing f = {0, SIZE_MAX};
    td_allocator a = {failing_malloc, failing_realloc, failing_free, &f};
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.allocator = &a;
    td_error err;
    td_dataset *ds = NULL;
    assert_ok(td_dataset_new(&ds, &o, &err), err);
    assert_ok(td_dataset_add_string(ds, first, strlen(first), "1.csv", TD_DOC_FORMAT_CSV, &err), err);
    size_t before = f.calls;
    f.fail_at = fail == SIZE_MAX ? SIZE_MAX : before + fail;
    td_status rc = td_dataset_add_string(ds, second, len, "2.csv", TD_DOC_FORMAT_CSV, &err);
    *calls = f.calls - before;
    f.fail_at = SIZE_MAX;
    if (rc != TD_OK) { /* some failures are tolerated (a shrinking realloc): those add the document */
        assert_int_equal(rc, TD_ENOMEM);
        assert_ok(td_dataset_add_string(ds, second, len, "2.csv", TD_DOC_FORMAT_CSV, &err), err);
    }
    char *got = values_text(td_dataset_parts(ds));
    assert_string_equal(got, want);
    free(got);
    td_dataset_free(ds);
    return rc != TD_OK;
}

/* A second document whose merge fails at any allocation leaves the data set
 * as it was: the same document added again gives the values of a data set
 * that never failed (the first document's values, then the second's, its
 * columns and wide numbers rebased; no value left over from the failure). */
static void a_merge_out_of_memory_leaves_the_values_as_they_were(void **state)
{
    (void)state;
    static const char first[] = "id,m1,target:m1\na,1,2\nb,3,123456789012345678901234567890\n";
    char second[8192];
    size_t len = (size_t)snprintf(second, sizeof second, "unit,measure,target,actual\n");
    for (int i = 0; i < 200; i++)
        len += (size_t)snprintf(second + len, sizeof second - len, "u%d,m%d,%d.5,98765432109876543210987.%d\n", i / 4,
                                i % 4, i, i);
    td_error err;
    td_dataset *ref = NULL;
    assert_ok(td_dataset_new(&ref, NULL, &err), err);
    assert_ok(td_dataset_add_string(ref, first, strlen(first), "1.csv", TD_DOC_FORMAT_CSV, &err), err);
    assert_ok(td_dataset_add_string(ref, second, len, "2.csv", TD_DOC_FORMAT_CSV, &err), err);
    char *want = values_text(td_dataset_parts(ref));
    td_dataset_free(ref);
    size_t calls, failures = 0, ignored;
    assert_false(merge_failing(first, second, len, SIZE_MAX, want, &calls));
    for (size_t n = 0; n < calls; n++)
        failures += merge_failing(first, second, len, n, want, &ignored);
    print_message("%zu allocations of the second document, %zu failures reported\n", calls, failures);
    assert_true(failures > 10); /* the merge's own growth was among them */
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_come_back_as_given),
        cmocka_unit_test(no_values),
        cmocka_unit_test(long_layout_values_are_small),
        cmocka_unit_test(documents_merge_their_values),
        cmocka_unit_test(a_merge_out_of_memory_leaves_the_values_as_they_were),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
