/*
 * The readers stay linear in the size of their input. Without timing: the
 * source cursor counts its moves (td_src::steps), and a document 8 times
 * larger must cost at most about 8 times the moves, and a small constant
 * number of moves per byte. A reader whose cursor restarts from the top for
 * each scalar fails here at once (its moves grow with the square).
 *
 * Also a property test of the cursor itself: positions asked in any order
 * agree with a straightforward count from the top.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"
#include "dataset.h"
#include "doc.h"

/* ---- documents of N entries ---- */

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

typedef void (*make_fn)(text *t, size_t n);

/* Cluster data in block style: the shape officers write. */
static void yaml_block(text *t, size_t n)
{
    put(t, "thidua: 1\nperiod: 2023\ncluster:\n  id: c\n  members:\n");
    for (size_t i = 0; i < n; i++)
        put(t, "    - {id: u%zu, name: \"Đơn vị %zu\"}\n", i, i);
    put(t, "results:\n");
    for (size_t i = 0; i < n; i++)
        put(t, "  u%zu:\n    a: %zu\n    b: '%zu'\n", i, i, i + 1);
}

/* One flow mapping on a few long lines. */
static void yaml_flow(text *t, size_t n)
{
    put(t, "{");
    for (size_t i = 0; i < n; i++)
        put(t, "k%zu: %zu,%s", i, i, i % 64 == 63 ? "\n " : " ");
    put(t, "last: 0}\n");
}

/* Anchored and tagged scalars, aliases, literal and folded blocks. */
static void yaml_properties(text *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put(t, "a%zu: &x%zu !!str value %zu\n", i, i, i);
        put(t, "b%zu: *x%zu\n", i, i);
        put(t, "c%zu: !!str &y%zu |\n  line one %zu\n  line two\n", i, i, i);
        put(t, "d%zu: >\n  folded %zu\n  text\n", i, i);
    }
}

/* JSON as programs write it: everything on one line. */
static void json_one_line(text *t, size_t n)
{
    put(t, "{\"results\": {");
    for (size_t i = 0; i < n; i++)
        put(t, "%s\"u%zu\": {\"a\": %zu, \"name\": \"Đơn vị\\t%zu\"}", i ? ", " : "", i, i, i);
    put(t, "}}");
}

static size_t steps_to_parse(make_fn make, size_t n, td_doc_format format, size_t *len)
{
    text t = {NULL, 0, 0};
    make(&t, n);
    td_limits limits;
    td_error err;
    assert_ok(td_limits_resolve(&limits, NULL, &err), err);
    td_doc doc;
    memset(&doc, 0, sizeof doc);
    td_arena_init(&doc.arena, &td_libc_allocator);
    assert_ok(td_doc_parse(&doc, "grow", t.s, t.len, format, &limits, &td_libc_allocator, NULL, &err), err);
    size_t steps = doc.src.steps;
    *len = t.len;
    td_doc_free(&doc);
    free(t.s);
    return steps;
}

/* Moves per byte at 8N within 10 % of those at N, and at most `per_byte`. */
/* s1 moves for len1 bytes and s8 for len8: the moves per byte do not grow
 * (a restart from the top per scalar would make them grow about 8 times). */
static void assert_per_byte_flat(size_t s1, size_t len1, size_t s8, size_t len8)
{
    double r1 = (double)s1 / (double)len1, r8 = (double)s8 / (double)len8;
    if (r8 > 1.1 * r1)
        fail_msg("moves per byte grew from %.3f to %.3f with 8 times the entries", r1, r8);
}

static void assert_linear(make_fn make, td_doc_format format, size_t n, size_t per_byte)
{
    size_t len1, len8;
    size_t s1 = steps_to_parse(make, n, format, &len1);
    size_t s8 = steps_to_parse(make, 8 * n, format, &len8);
    print_message("N=%zu: %zu bytes, %zu moves; 8N: %zu bytes, %zu moves\n", n, len1, s1, len8, s8);
    assert_true(s1 > 0);
    if (s1 > per_byte * len1 || s8 > per_byte * len8)
        fail_msg("more than %zu cursor moves per byte: %zu for %zu bytes, %zu for %zu", per_byte, s1,
                 len1, s8, len8);
    assert_per_byte_flat(s1, len1, s8, len8);
}

static void yaml_block_documents_cost_moves_linear_in_their_size(void **state)
{
    (void)state;
    assert_linear(yaml_block, TD_DOC_FORMAT_YAML, 2000, 4);
}

static void yaml_flow_mappings_cost_moves_linear_in_their_size(void **state)
{
    (void)state;
    assert_linear(yaml_flow, TD_DOC_FORMAT_YAML, 2000, 4);
}

static void anchored_tagged_and_block_scalars_cost_moves_linear_in_their_size(void **state)
{
    (void)state;
    assert_linear(yaml_properties, TD_DOC_FORMAT_YAML, 1000, 4);
}

static void json_on_one_line_costs_moves_linear_in_its_size(void **state)
{
    (void)state;
    assert_linear(json_one_line, TD_DOC_FORMAT_JSON, 2000, 4);
}

/* The long CSV layout: one row a value. */
static size_t steps_to_read_csv(size_t n, size_t *len)
{
    text t = {NULL, 0, 0};
    put(&t, "unit;measure;target;actual\r\n");
    for (size_t i = 0; i < n; i++)
        put(&t, "\"Đơn vị %zu\";a;%zu;%zu\r\n", i, i + 1, i);
    td_src src;
    td_src_init(&src, "grow.csv", t.s, t.len);
    td_arena arena;
    td_arena_init(&arena, &td_libc_allocator);
    td_dparts parts;
    memset(&parts, 0, sizeof parts);
    td_error err;
    assert_ok(td_csv_read(&src, &arena, "grow.csv", false, SIZE_MAX, &td_libc_allocator, &parts, &err), err);
    assert_int_equal(parts.val_count, 2 * n);
    td_dparts_free(&parts, &td_libc_allocator);
    td_arena_free(&arena);
    free(t.s);
    *len = t.len;
    return src.steps;
}

static void csv_rows_cost_moves_linear_in_their_size(void **state)
{
    (void)state;
    size_t len1, len8;
    size_t s1 = steps_to_read_csv(2000, &len1), s8 = steps_to_read_csv(16000, &len8);
    print_message("CSV: %zu bytes, %zu moves; 8N: %zu bytes, %zu moves\n", len1, s1, len8, s8);
    assert_true(s1 <= 4 * len1 && s8 <= 4 * len8);
    assert_per_byte_flat(s1, len1, s8, len8);
}

/* A member table (rulebook 1.1) of `rows` rows and `cols` value columns,
 * the id last: each row's id is read first, then its cells from the left,
 * so the cursor steps back over the row once. */
static size_t steps_to_read_table(size_t rows, size_t cols, size_t *len)
{
    text t = {NULL, 0, 0};
    put(&t, "STT;Họ tên");
    for (size_t c = 0; c < cols; c++)
        put(&t, ";m%zu", c);
    put(&t, ";ID\r\n");
    for (size_t r = 0; r < rows; r++) {
        put(&t, "%zu;\"Nguyễn Văn %zu\"", r, r);
        for (size_t c = 0; c < cols; c++)
            put(&t, c % 5 == 4 ? ";" : ";%zu", r + c);
        put(&t, ";\"Đơn vị %zu\"\r\n", r);
    }
    td_src src;
    td_src_init(&src, "grow.csv", t.s, t.len);
    td_arena arena;
    td_arena_init(&arena, &td_libc_allocator);
    td_dparts parts;
    memset(&parts, 0, sizeof parts);
    td_error err;
    assert_ok(td_csv_read(&src, &arena, "grow.csv", false, SIZE_MAX, &td_libc_allocator, &parts, &err), err);
    /* every cell but the id and the empty ones is a value, STT and Họ tên too */
    assert_int_equal(parts.column_count, cols + 2);
    assert_int_equal(parts.val_count, rows * (2 + cols - cols / 5));
    td_dparts_free(&parts, &td_libc_allocator);
    td_arena_free(&arena);
    free(t.s);
    *len = t.len;
    return src.steps;
}

static void member_tables_cost_moves_linear_in_rows_and_columns(void **state)
{
    (void)state;
    size_t n = td_test_quick() ? 250 : 2000;
    size_t len1, len8;
    size_t s1 = steps_to_read_table(n, 10, &len1), s8 = steps_to_read_table(8 * n, 10, &len8);
    print_message("rows: %zu bytes, %zu moves; 8N: %zu bytes, %zu moves\n", len1, s1, len8, s8);
    assert_true(s1 <= 4 * len1 && s8 <= 4 * len8);
    assert_per_byte_flat(s1, len1, s8, len8);
    size_t c = td_test_quick() ? 50 : 400;
    s1 = steps_to_read_table(20, c, &len1);
    s8 = steps_to_read_table(20, 8 * c, &len8);
    print_message("columns: %zu bytes, %zu moves; 8N: %zu bytes, %zu moves\n", len1, s1, len8, s8);
    assert_true(s1 <= 4 * len1 && s8 <= 4 * len8);
    assert_per_byte_flat(s1, len1, s8, len8);
}

/* ---- the cursor against a count from the top ---- */

static void reference_pos(const char *s, size_t off, unsigned *line, unsigned *column)
{
    size_t l = 1, start = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n')) {
            l++;
            start = i + 1;
        }
    *line = (unsigned)l;
    *column = (unsigned)(off - start + 1);
}

static void cursor_agrees_with_a_count_from_the_top_in_any_order(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "bc", "\n", "\r\n", "\r", "đ", "ờ", "😀", " "};
    unsigned seed = 12345;
    for (int round = 0; round < 200; round++) {
        char s[512];
        size_t len = 0;
        size_t starts[512], nchars = 0; /* byte offset of each character */
        while (len < 400) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            for (size_t k = 0; p[k] != '\0'; k++) {
                if (((unsigned char)p[k] & 0xC0) != 0x80)
                    starts[nchars++] = len;
                s[len++] = p[k];
            }
        }
        s[len] = '\0';
        td_src src;
        td_src_init(&src, "t", s, len);
        for (int ask = 0; ask < 100; ask++) {
            seed = seed * 1103515245u + 12345u;
            size_t c = (seed >> 8) % nchars;
            size_t off = starts[c];
            unsigned line, column, want_line, want_column;
            if (ask % 2 == 0) {
                assert_int_equal(td_src_char_offset(&src, c), off);
            }
            td_src_pos(&src, off, &line, &column);
            reference_pos(s, off, &want_line, &want_column);
            if (line != want_line || column != want_column)
                fail_msg("offset %zu: %u:%u, want %u:%u", off, line, column, want_line, want_column);
        }
        /* the end of the text */
        unsigned line, column, want_line, want_column;
        td_src_pos(&src, len + 5, &line, &column);
        reference_pos(s, len, &want_line, &want_column);
        assert_int_equal(line, want_line);
        assert_int_equal(column, want_column);
        assert_int_equal(td_src_char_offset(&src, nchars), len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(yaml_block_documents_cost_moves_linear_in_their_size),
        cmocka_unit_test(yaml_flow_mappings_cost_moves_linear_in_their_size),
        cmocka_unit_test(anchored_tagged_and_block_scalars_cost_moves_linear_in_their_size),
        cmocka_unit_test(json_on_one_line_costs_moves_linear_in_its_size),
        cmocka_unit_test(csv_rows_cost_moves_linear_in_their_size),
        cmocka_unit_test(member_tables_cost_moves_linear_in_rows_and_columns),
        cmocka_unit_test(cursor_agrees_with_a_count_from_the_top_in_any_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
