/*
 * The text buffer of lib/base (util.h): td_buf_appendf() formats the
 * conversions explanations use (%s %d %u %ld %lu %lld %llu %zu %%) without
 * stdio, and must give what snprintf() gives, for every value; formats
 * with other conversions go to vsnprintf().
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "td_test.h"
#include "util.h"

static uint64_t state_ = 0x853c49e6748fea9bu;

static uint64_t next(void)
{
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
}

static td_allocator heap;

#define CHECK(...)                                                                                 \
    do {                                                                                           \
        char want_[256];                                                                           \
        snprintf(want_, sizeof want_, __VA_ARGS__);                                                \
        td_buf b_;                                                                                 \
        td_buf_init(&b_, &heap);                                                                   \
        td_buf_appendf(&b_, "[");                                                                  \
        td_buf_appendf(&b_, __VA_ARGS__);                                                          \
        assert_false(td_buf_failed(&b_));                                                          \
        assert_string_equal(td_buf_text(&b_) + 1, want_);                                          \
        td_buf_free(&b_);                                                                          \
    } while (0)

static void appendf_gives_what_snprintf_gives(void **state)
{
    (void)state;
    td_allocator_resolve(&heap, NULL);
    /* the edges of every type */
    CHECK("%d %d %d", 0, INT_MIN, INT_MAX);
    CHECK("%u %u", 0u, UINT_MAX);
    CHECK("%ld %lu", LONG_MIN, ULONG_MAX);
    CHECK("%lld %lld %llu", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    CHECK("%zu %zu", (size_t)0, SIZE_MAX);
    CHECK("100 %% of '%s' and %s%s", "hộ nghèo", "", "→");
    CHECK("no conversion at all");
    CHECK("%%%%%s%%", "x");
    CHECK("trailing %s", "text");
    /* conversions left to vsnprintf: flags, width, precision, others */
    CHECK("%08lx %02ld %.*s %5d|%-3s|%c %g", 0xbeefUL, 7L, 3, "abcdef", 42, "a", 'z', 0.5);
    CHECK("%zd %i", (ptrdiff_t)-5, -6);
    for (int i = 0; i < 20000; i++) {
        long long v = (long long)next();
        unsigned long long u = next() >> (next() % 64);
        int d = (int)(v >> (next() % 40));
        CHECK("rank %d of %zu: %lld (%llu) %u, %ld", d, (size_t)u, v, u, (unsigned)u, (long)v);
    }
}

static void appendf_grows_the_buffer(void **state)
{
    (void)state;
    td_buf b;
    td_allocator_resolve(&heap, NULL);
    td_buf_init(&b, &heap);
    size_t want = 0;
    for (int i = 0; i < 5000; i++) {
        td_buf_appendf(&b, "%s %d;", "một đơn vị", i);
        char piece[64];
        want += (size_t)snprintf(piece, sizeof piece, "%s %d;", "một đơn vị", i);
    }
    assert_false(td_buf_failed(&b));
    assert_int_equal(strlen(td_buf_text(&b)), want);
    td_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appendf_gives_what_snprintf_gives),
        cmocka_unit_test(appendf_grows_the_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
