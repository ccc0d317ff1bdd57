/*
 * The hash map of lib/base (util.h): puts, gets, reserve and removal by
 * backward shift, checked against a plain table on random operations.
 * Also the arena: texts packed byte by byte among aligned blocks, and
 * taken back to a mark.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "td_test.h"
#include "util.h"

#define KEYS 3000

static void random_operations_agree_with_a_plain_table(void **state)
{
    (void)state;
    static char keys[KEYS][16];
    static bool present[KEYS];
    static size_t values[KEYS];
    for (size_t k = 0; k < KEYS; k++)
        snprintf(keys[k], sizeof keys[k], "unit-%06zu", k);
    td_map map;
    td_map_init(&map, NULL);
    td_error err;
    uint64_t x = 88172645463325252u;
    size_t count = 0;
    for (int op = 0; op < 200000; op++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t k = (size_t)(x % KEYS);
        size_t got = 0;
        switch ((x >> 32) % 3) {
        case 0: /* put when absent */
            if (!present[k]) {
                assert_ok(td_map_put(&map, keys[k], strlen(keys[k]), (size_t)op, &err), err);
                present[k] = true;
                values[k] = (size_t)op;
                count++;
            }
            break;
        case 1: /* remove */
            assert_int_equal(td_map_remove(&map, keys[k], strlen(keys[k])), present[k]);
            count -= present[k];
            present[k] = false;
            break;
        default: /* get */
            assert_int_equal(td_map_get(&map, keys[k], strlen(keys[k]), &got), present[k]);
            if (present[k])
                assert_int_equal(got, values[k]);
            break;
        }
        assert_int_equal(map.count, count);
    }
    /* every key, at the end */
    for (size_t k = 0; k < KEYS; k++) {
        size_t got = 0;
        assert_int_equal(td_map_get_str(&map, keys[k], &got), present[k]);
        if (present[k])
            assert_int_equal(got, values[k]);
    }
    td_map_free(&map);
}

static void reserve_makes_puts_that_cannot_fail(void **state)
{
    (void)state;
    test_alloc t;
    test_alloc_init(&t, 0);
    td_map map;
    td_map_init(&map, &t.allocator);
    td_error err;
    assert_ok(td_map_reserve(&map, 1000, &err), err);
    size_t calls = t.calls;
    t.fail_at = t.calls + 1; /* any further allocation fails */
    static char keys[1000][8];
    for (int k = 0; k < 1000; k++) {
        snprintf(keys[k], sizeof keys[k], "k%d", k);
        assert_ok(td_map_put(&map, keys[k], strlen(keys[k]), (size_t)k, &err), err);
    }
    assert_int_equal(t.calls, calls);
    assert_true(map.count * 4 <= map.cap * 3);
    /* the room lasts until the load of 3/4; growing past it fails cleanly */
    static char more[2048][8];
    size_t cap = map.cap, k = 0;
    td_status rc;
    do {
        snprintf(more[k], sizeof more[k], "m%zu", k);
        rc = td_map_put(&map, more[k], strlen(more[k]), k, &err);
        k++;
    } while (rc == TD_OK && k < 2048);
    assert_int_equal(rc, TD_ENOMEM);
    assert_int_equal(map.cap, cap);
    assert_int_equal(map.count, cap * 3 / 4);
    size_t got;
    assert_true(td_map_get_str(&map, "k999", &got) && got == 999);
    assert_false(td_map_remove(&map, "absent", 6));
    assert_true(td_map_remove(&map, "k0", 2));
    assert_false(td_map_get_str(&map, "k0", NULL));
    /* put_or_get: one probe, the value of a present key */
    size_t existing = 0;
    assert_int_equal(td_map_put_or_get(&map, "k5", 2, 77, &existing, &err), TD_EEXISTS);
    assert_int_equal(existing, 5);
    assert_true(td_map_remove(&map, "k5", 2));
    t.fail_at = 0;
    assert_ok(td_map_put_or_get(&map, "k5", 2, 77, &existing, &err), err);
    assert_true(td_map_get_str(&map, "k5", &got) && got == 77);
    td_map_free(&map);
    /* an empty map */
    assert_int_equal(t.live, 0);
    td_map_init(&map, NULL);
    assert_false(td_map_remove(&map, "k", 1));
    assert_false(td_map_get(&map, "k", 1, NULL));
    td_map_free(&map);
}

/* Texts take their length in the arena (no rounding to 16 bytes), and an
 * aligned allocation after them is aligned for any type; all of it zeroed,
 * none of it overlapping, large ones beside the blocks. */
static void arena_packs_texts_and_aligns_the_rest(void **state)
{
    (void)state;
    td_arena arena;
    td_arena_init(&arena, NULL);
    enum { ROUNDS = 3000 };
    static char *texts[ROUNDS];
    static unsigned char *blocks[ROUNDS];
    for (size_t i = 0; i < ROUNDS; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "u%zu", i);
        texts[i] = td_arena_strdup(&arena, buf);
        assert_non_null(texts[i]);
        assert_string_equal(texts[i], buf);
        if (i % 7 == 0) {
            size_t size = i % 700 == 0 ? 10000 : 1 + i % 50; /* some larger than a block */
            blocks[i] = td_arena_alloc(&arena, size);
            assert_non_null(blocks[i]);
            assert_int_equal((uintptr_t)blocks[i] % _Alignof(max_align_t), 0);
            for (size_t k = 0; k < size; k++)
                assert_int_equal(blocks[i][k], 0);
            memset(blocks[i], 0xA5, size);
        }
        unsigned char *bytes = td_arena_alloc_bytes(&arena, 3);
        assert_non_null(bytes);
        assert_int_equal(bytes[0] | bytes[1] | bytes[2], 0);
        memset(bytes, 0x5A, 3);
    }
    /* nothing was overwritten by what came after */
    for (size_t i = 0; i < ROUNDS; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "u%zu", i);
        assert_string_equal(texts[i], buf);
    }
    /* texts back to back: the second right after the first's NUL */
    char *a = td_arena_strdup(&arena, "ab"), *b = td_arena_strdup(&arena, "cd");
    assert_ptr_equal(b, a + 3);
    unsigned char *c = td_arena_alloc(&arena, 1);
    assert_int_equal((uintptr_t)c % _Alignof(max_align_t), 0);
    assert_true(c >= (unsigned char *)b + 3);
    td_arena_free(&arena);
}

/* Rewinding takes back what came after a mark: small allocations in the
 * marked block (zeroed again), new blocks in front of it and large ones
 * behind it; what came before stays. The leak checkers see the blocks go. */
static void arena_rewinds_to_a_mark(void **state)
{
    (void)state;
    td_arena arena;
    td_arena_init(&arena, NULL);
    /* a mark on an empty arena takes everything back */
    td_arena_mark empty = td_arena_mark_now(&arena);
    assert_non_null(td_arena_alloc(&arena, 100));
    assert_non_null(td_arena_alloc(&arena, 100000));
    td_arena_rewind(&arena, empty);
    char *kept = td_arena_strdup(&arena, "kept");
    assert_non_null(kept);
    for (int round = 0; round < 50; round++) {
        td_arena_mark m = td_arena_mark_now(&arena);
        unsigned char *first = td_arena_alloc(&arena, 24);
        assert_non_null(first);
        memset(first, 0xFF, 24);
        for (int i = 0; i < round * 10; i++) {
            unsigned char *p = td_arena_alloc(&arena, (size_t)(i % 3 == 0 ? 6000 : 40)); /* new blocks, large ones */
            assert_non_null(p);
            memset(p, 0xEE, 40);
        }
        td_arena_rewind(&arena, m);
        /* the same place again, zeroed */
        unsigned char *again = td_arena_alloc(&arena, 24);
        assert_ptr_equal(again, first);
        for (size_t k = 0; k < 24; k++)
            assert_int_equal(again[k], 0);
        td_arena_rewind(&arena, m);
    }
    assert_string_equal(kept, "kept");
    td_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_operations_agree_with_a_plain_table),
        cmocka_unit_test(arena_packs_texts_and_aligns_the_rest),
        cmocka_unit_test(arena_rewinds_to_a_mark),
        cmocka_unit_test(reserve_makes_puts_that_cannot_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
