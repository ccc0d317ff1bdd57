#include "td_test.h"

#include <stdlib.h>
#include <string.h>

td_decimal D(const char *text)
{
    td_decimal d = td_decimal_zero();
    td_error err;
    if (td_decimal_parse(&d, text, &err) != TD_OK)
        fail_msg("bad decimal in test: %s (%s)", text, err.message);
    return d;
}

static void *t_malloc(void *ctx, size_t size)
{
    test_alloc *t = ctx;
    t->calls++;
    if (t->fail_at != 0 && t->calls == t->fail_at)
        return NULL;
    void *p = malloc(size);
    if (p != NULL)
        t->live++;
    return p;
}

static void *t_realloc(void *ctx, void *ptr, size_t size)
{
    test_alloc *t = ctx;
    t->calls++;
    if (t->fail_at != 0 && t->calls == t->fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    if (p != NULL && ptr == NULL)
        t->live++;
    return p;
}

static void t_free(void *ctx, void *ptr)
{
    test_alloc *t = ctx;
    if (ptr != NULL) {
        t->live--;
        free(ptr);
    }
}

void test_alloc_init(test_alloc *t, size_t fail_at)
{
    t->calls = 0;
    t->fail_at = fail_at;
    t->live = 0;
    t->allocator.malloc = t_malloc;
    t->allocator.realloc = t_realloc;
    t->allocator.free = t_free;
    t->allocator.ctx = t;
}

bool td_test_quick(void)
{
    const char *v = getenv("THIDUA_TEST_QUICK");
    return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

td_result *td_test_evaluate(const td_rulebook *rb, const td_cluster *cl, td_explain explain, unsigned threads,
                            const td_allocator *alloc)
{
    td_eval_options opts;
    assert_int_equal(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION), TD_OK);
    opts.explain = explain;
    opts.threads = threads;
    opts.allocator = alloc;
    opts.formulas = true; /* the tests assert the formulas; test_words.c the words */
    td_result *res = NULL;
    td_error err;
    assert_ok(td_evaluate(&res, rb, cl, &opts, &err), err);
    return res;
}
