/*
 * Helpers for the cmocka tests: decimals from text, decimal assertions, and
 * a counting allocator that can be told to fail.
 */
#ifndef THIDUA_TEST_H
#define THIDUA_TEST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "thidua/thidua.h"
#include "rule_kit.h"

/* The decimal written as text; fails the test on bad text. */
td_decimal D(const char *text);

/* Asserts that d prints as `text` (shortest form). */
#define assert_decimal(d, text)                                                                    \
    do {                                                                                           \
        char buf_[TD_DECIMAL_STRING_SIZE];                                                         \
        td_decimal_format(buf_, sizeof buf_, (d));                                                 \
        assert_string_equal(buf_, (text));                                                         \
    } while (0)

/* Asserts a status and that err carries the same code and a message containing `part`. */
#define assert_error(call, want, e, part)                                                          \
    do {                                                                                           \
        td_status rc_ = (call);                                                                    \
        if (rc_ != (want))                                                                         \
            fail_msg("%s gave %d (%s), want %d", #call, rc_, (e).message, (want));                 \
        assert_int_equal((e).code, (want));                                                        \
        if (strstr((e).message, (part)) == NULL)                                                   \
            fail_msg("message \"%s\" lacks \"%s\"", (e).message, (part));                          \
    } while (0)

#define assert_ok(call, err)                                                                       \
    do {                                                                                           \
        td_status rc_ = (call);                                                                    \
        if (rc_ != TD_OK)                                                                          \
            fail_msg("%s failed: %d %s", #call, rc_, (err).message);                               \
    } while (0)

/* A counting allocator. With fail_at = N > 0, exactly the Nth allocation
 * attempt (malloc or realloc) fails. */
typedef struct test_alloc {
    size_t calls;   /* allocation attempts so far */
    size_t fail_at; /* 0: never fail */
    long live;      /* blocks allocated and not freed */
    td_allocator allocator;
} test_alloc;

void test_alloc_init(test_alloc *t, size_t fail_at);

/* Evaluates with these options (threads 0: one; alloc NULL: malloc),
 * failing the test on an error. */
td_result *td_test_evaluate(const td_rulebook *rb, const td_cluster *cl, td_explain explain, unsigned threads,
                            const td_allocator *alloc);

/* true when THIDUA_TEST_QUICK is set (the memcheck runs, where every
 * instruction costs some 50 times more): the tests of large cases then
 * take smaller ones. */
bool td_test_quick(void);

#endif
