/*
 * The sorts of lib/base (util.h): td_sort_by_keys(), the radix sort of the
 * `rank` criteria, gives the order of the stable merge sort
 * td_sort_indices() on keys of every shape.
 */
#include <stdio.h>
#include <stdlib.h>

#include "td_test.h"
#include "util.h"

static uint64_t state_ = 88172645463325252u;

static uint64_t next(void)
{
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
}

static int by_key(const void *ctx, size_t a, size_t b)
{
    const uint64_t *keys = ctx;
    return (keys[a] > keys[b]) - (keys[a] < keys[b]);
}

/* A key of shape `shape` for item i. */
static uint64_t key_of(int shape, size_t i)
{
    switch (shape) {
    case 0: return 42;                                     /* all equal */
    case 1: return next() % 3;                             /* a few values, many ties */
    case 2: return next();                                 /* every byte differs */
    case 3: return (next() % 5) << 56;                     /* only the top byte differs */
    case 4: return ((uint64_t)1 << 63) - next() % 2000000; /* attainments, descending */
    default: return i;                                     /* already sorted */
    }
}

static void radix_sort_gives_the_stable_order(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 3, 17, 256, 1000, 5000};
    for (int shape = 0; shape < 6; shape++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            size_t n = sizes[s];
            uint64_t *orig = malloc((n + 1) * sizeof *orig), *keys = malloc((n + 1) * sizeof *keys);
            uint64_t *kscratch = malloc((n + 1) * sizeof *kscratch);
            size_t *idx = malloc((n + 1) * sizeof *idx), *want = malloc((n + 1) * sizeof *want);
            size_t *scratch = malloc((n + 1) * sizeof *scratch);
            assert_non_null(orig);
            assert_non_null(keys);
            assert_non_null(kscratch);
            assert_non_null(idx);
            assert_non_null(want);
            assert_non_null(scratch);
            for (size_t i = 0; i < n; i++) {
                orig[i] = keys[i] = key_of(shape, i);
                idx[i] = want[i] = i;
            }
            td_sort_indices(want, n, by_key, orig, scratch);
            td_sort_by_keys(idx, keys, n, scratch, kscratch);
            for (size_t i = 0; i < n; i++) {
                if (idx[i] != want[i])
                    fail_msg("shape %d, %zu keys: item %zu is %zu, want %zu", shape, n, i, idx[i], want[i]);
                assert_true(keys[i] == orig[idx[i]]); /* the keys moved with their items */
            }
            free(orig);
            free(keys);
            free(kscratch);
            free(idx);
            free(want);
            free(scratch);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(radix_sort_gives_the_stable_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
