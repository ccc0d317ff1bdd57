/*
 * The hash map of lib/base (util.h): puts, gets, reserve and removal by
 * backward shift, checked against a plain table on random operations.
 */
#include <stdio.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_operations_agree_with_a_plain_table),
        cmocka_unit_test(reserve_makes_puts_that_cannot_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
