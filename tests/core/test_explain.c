/*
 * td_eval_options::explain: a result evaluated with TD_EXPLAIN_NONE has
 * every number of the explained one and no text at all; one evaluated with
 * TD_EXPLAIN_ON_DEMAND gives every text of TD_EXPLAIN_ALL, the criteria's
 * rendered when asked, once, from any number of threads.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "td_test.h"

typedef td_status (*make_rulebook)(td_rulebook **out, const td_allocator *alloc, td_error *err);
typedef td_status (*make_cluster)(td_cluster **out, const td_allocator *alloc, td_error *err);

/* Asserts that no explanation accessor of `res` gives a text, for any
 * member, criterion, award and language. */
static void assert_no_text(const td_result *res)
{
    assert_false(td_result_has_explanations(res));
    for (int l = 0; l < 2; l++) {
        td_lang lang = (td_lang)l;
        assert_null(td_result_leader_explain(res, lang));
        for (size_t a = 0; a < td_result_award_count(res); a++)
            assert_null(td_result_award_quota_explain(res, a, lang));
        for (size_t m = 0; m < td_result_member_count(res); m++) {
            assert_null(td_result_member_explain(res, m, lang));
            assert_null(td_result_classification_explain(res, m, lang));
            assert_null(td_result_rank_explain(res, m, lang));
            for (size_t c = 0; c < td_result_criterion_count(res); c++)
                assert_null(td_result_criterion_explain(res, m, c, lang));
            for (size_t a = 0; a < td_result_award_count(res); a++)
                assert_null(td_result_award_explain(res, m, a, lang));
        }
    }
}

static void same_numbers_without_text(make_rulebook make_rb, make_cluster make_cl)
{
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(make_rb(&rb, NULL, &err), err);
    assert_ok(make_cl(&cl, NULL, &err), err);
    td_result *all = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    td_result *none = td_test_evaluate(rb, cl, TD_EXPLAIN_NONE, 1, NULL);
    assert_true(td_result_has_explanations(all));
    assert_no_text(none);
    char *want = fixture_dump_numbers(all), *got = fixture_dump_numbers(none);
    char *texts = fixture_dump(all);
    assert_string_equal(got, want);
    /* the explained dump differs: the comparison above is of numbers only */
    assert_true(strlen(texts) > strlen(want) + 1000);
    /* warnings do not depend on the texts */
    assert_int_equal(td_result_warning_count(none), td_result_warning_count(all));
    free(want);
    free(got);
    free(texts);
    td_result_free(all);
    td_result_free(none);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

static void every_rule_kind_gives_the_same_numbers_without_explanations(void **state)
{
    (void)state;
    same_numbers_without_text(fixture_rulebook, fixture_cluster);
}

static void awards_give_the_same_statuses_without_explanations(void **state)
{
    (void)state;
    same_numbers_without_text(fixture_awards_rulebook, fixture_awards_cluster);
}

/* The point of TD_EXPLAIN_NONE: no text, so fewer allocations. */
static void a_result_without_explanations_allocates_less(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(fixture_awards_rulebook(&rb, NULL, &err), err);
    assert_ok(fixture_awards_cluster(&cl, NULL, &err), err);
    test_alloc with, without;
    test_alloc_init(&with, 0);
    test_alloc_init(&without, 0);
    td_result *a = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, &with.allocator);
    td_result *b = td_test_evaluate(rb, cl, TD_EXPLAIN_NONE, 1, &without.allocator);
    print_message("allocations: %zu with explanations, %zu without\n", with.calls, without.calls);
    assert_true(without.calls < with.calls);
    td_result_free(a);
    td_result_free(b);
    assert_int_equal(with.live, 0);
    assert_int_equal(without.live, 0);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

static void on_demand_gives_every_text_of_all(make_rulebook make_rb, make_cluster make_cl)
{
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(make_rb(&rb, NULL, &err), err);
    assert_ok(make_cl(&cl, NULL, &err), err);
    td_result *all = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    td_result *lazy = td_test_evaluate(rb, cl, TD_EXPLAIN_ON_DEMAND, 1, NULL);
    td_cluster_free(cl); /* the texts come from the result alone */
    assert_true(td_result_has_explanations(lazy));
    /* the same pointer the second time: rendered once */
    const char *first = td_result_criterion_explain(lazy, 0, 0, TD_LANG_EN);
    assert_non_null(first);
    assert_ptr_equal(td_result_criterion_explain(lazy, 0, 0, TD_LANG_EN), first);
    assert_ok(td_result_render_explanations(lazy, &err), err);
    assert_ptr_equal(td_result_criterion_explain(lazy, 0, 0, TD_LANG_EN), first); /* kept */
    assert_ok(td_result_render_explanations(all, &err), err); /* nothing to do */
    assert_error(td_result_render_explanations(NULL, &err), TD_EINVAL, err, "NULL");
    assert_null(td_result_criterion_explain(lazy, 0, td_result_criterion_count(lazy), TD_LANG_EN));
    assert_null(td_result_criterion_explain(lazy, td_result_member_count(lazy), 0, TD_LANG_VI));
    char *want = fixture_dump(all), *got = fixture_dump(lazy);
    assert_string_equal(got, want);
    free(want);
    free(got);
    td_result_free(all);
    td_result_free(lazy);
    td_rulebook_free(rb);
}

static void on_demand_explanations_are_those_of_every_rule_kind(void **state)
{
    (void)state;
    on_demand_gives_every_text_of_all(fixture_rulebook, fixture_cluster);
    on_demand_gives_every_text_of_all(fixture_awards_rulebook, fixture_awards_cluster);
}

/* Nothing of the criteria is written until asked: fewer allocations than
 * TD_EXPLAIN_ALL, and more when a text is asked for. */
static void on_demand_allocates_its_texts_when_asked(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(fixture_rulebook(&rb, NULL, &err), err);
    assert_ok(fixture_cluster(&cl, NULL, &err), err);
    test_alloc all, lazy;
    test_alloc_init(&all, 0);
    test_alloc_init(&lazy, 0);
    td_result *a = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, &all.allocator);
    td_result *b = td_test_evaluate(rb, cl, TD_EXPLAIN_ON_DEMAND, 1, &lazy.allocator);
    size_t before = lazy.calls;
    print_message("allocations: %zu with every text, %zu on demand before one is asked\n", all.calls, before);
    assert_true(before < all.calls);
    assert_non_null(td_result_criterion_explain(b, 1, 2, TD_LANG_VI));
    assert_true(lazy.calls > before); /* rendered now */
    size_t after = lazy.calls;
    assert_non_null(td_result_criterion_explain(b, 1, 2, TD_LANG_EN));
    assert_int_equal(lazy.calls, after); /* both languages at once */
    td_result_free(a);
    td_result_free(b);
    assert_int_equal(all.live, 0);
    assert_int_equal(lazy.live, 0);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* A render that runs out of memory gives NULL, leaves nothing behind, and
 * the next call renders the text. */
static void an_on_demand_render_out_of_memory_gives_null_then_the_text(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(fixture_awards_rulebook(&rb, NULL, &err), err);
    assert_ok(fixture_awards_cluster(&cl, NULL, &err), err);
    td_result *ref = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    for (size_t k = 1; k <= 4; k++) {
        test_alloc t;
        test_alloc_init(&t, 0);
        td_result *res = td_test_evaluate(rb, cl, TD_EXPLAIN_ON_DEMAND, 1, &t.allocator);
        t.fail_at = t.calls + k;
        const char *text = td_result_criterion_explain(res, 0, 0, TD_LANG_VI);
        if (text == NULL) /* failed: asked again, it comes */
            text = td_result_criterion_explain(res, 0, 0, TD_LANG_VI);
        /* rendering every text reports a failure as TD_ENOMEM, then succeeds */
        t.fail_at = t.calls + 1;
        td_error err2;
        assert_error(td_result_render_explanations(res, &err2), TD_ENOMEM, err2, "");
        assert_ok(td_result_render_explanations(res, &err2), err2);
        assert_non_null(text);
        assert_string_equal(text, td_result_criterion_explain(ref, 0, 0, TD_LANG_VI));
        td_result_free(res);
        assert_int_equal(t.live, 0);
    }
    td_result_free(ref);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* td_result_criterion_explain_to(): the text of td_result_criterion_explain()
 * in the caller's buffer; a result explained on demand renders it for the
 * call and keeps nothing (no block stays allocated), and a text it kept
 * already is copied. */
static void explain_to_copies_and_keeps_nothing(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(fixture_awards_rulebook(&rb, NULL, &err), err);
    assert_ok(fixture_awards_cluster(&cl, NULL, &err), err);
    td_result *all = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    test_alloc t;
    test_alloc_init(&t, 0);
    td_result *lazy = td_test_evaluate(rb, cl, TD_EXPLAIN_ON_DEMAND, 1, &t.allocator);
    size_t live = t.live;
    char buf[1024];
    for (size_t m = 0; m < td_result_member_count(lazy); m++)
        for (size_t c = 0; c < td_result_criterion_count(lazy); c++)
            for (int l = 0; l < 2; l++) {
                size_t needed = 0;
                assert_ok(td_result_criterion_explain_to(buf, sizeof buf, &needed, lazy, m, c, (td_lang)l, &err), err);
                const char *want = td_result_criterion_explain(all, m, c, (td_lang)l);
                assert_string_equal(buf, want);
                assert_int_equal(needed, strlen(want));
                assert_ok(td_result_criterion_explain_to(buf, sizeof buf, NULL, all, m, c, (td_lang)l, &err), err);
                assert_string_equal(buf, want);
            }
    assert_int_equal(t.live, live); /* nothing kept */
    /* a small buffer: as much as fits, the length in needed; no buffer: the length */
    const char *want = td_result_criterion_explain(all, 0, 0, TD_LANG_EN);
    size_t needed = 0;
    char small[8];
    assert_ok(td_result_criterion_explain_to(small, sizeof small, &needed, lazy, 0, 0, TD_LANG_EN, &err), err);
    assert_int_equal(needed, strlen(want));
    assert_true(strlen(small) < sizeof small && strncmp(small, want, strlen(small)) == 0);
    assert_ok(td_result_criterion_explain_to(NULL, 0, &needed, lazy, 0, 0, TD_LANG_EN, &err), err);
    assert_int_equal(needed, strlen(want));
    /* a text kept already is copied */
    const char *kept = td_result_criterion_explain(lazy, 0, 0, TD_LANG_EN);
    size_t after = t.calls;
    assert_ok(td_result_criterion_explain_to(buf, sizeof buf, NULL, lazy, 0, 0, TD_LANG_EN, &err), err);
    assert_string_equal(buf, kept);
    assert_int_equal(t.calls, after);
    /* out of memory while rendering: TD_ENOMEM, nothing left */
    t.fail_at = t.calls + 1;
    assert_error(td_result_criterion_explain_to(buf, sizeof buf, NULL, lazy, 1, 0, TD_LANG_VI, &err), TD_ENOMEM, err, "");
    t.fail_at = 0;
    /* the arguments */
    assert_error(td_result_criterion_explain_to(buf, sizeof buf, NULL, NULL, 0, 0, TD_LANG_EN, &err), TD_EINVAL, err,
                 "result is NULL");
    assert_error(td_result_criterion_explain_to(NULL, 4, NULL, lazy, 0, 0, TD_LANG_EN, &err), TD_EINVAL, err,
                 "buf is NULL");
    assert_error(td_result_criterion_explain_to(buf, sizeof buf, NULL, lazy, td_result_member_count(lazy), 0, TD_LANG_EN,
                                                &err), TD_EINVAL, err, "no member");
    assert_error(td_result_criterion_explain_to(buf, sizeof buf, NULL, lazy, 0, td_result_criterion_count(lazy),
                                                TD_LANG_EN, &err), TD_EINVAL, err, "criterion");
    assert_error(td_result_criterion_explain_to(buf, sizeof buf, NULL, lazy, 0, 0, (td_lang)7, &err), TD_EINVAL, err,
                 "language");
    td_result *none = td_test_evaluate(rb, cl, TD_EXPLAIN_NONE, 1, NULL);
    assert_error(td_result_criterion_explain_to(buf, sizeof buf, NULL, none, 0, 0, TD_LANG_EN, &err), TD_EINVAL, err,
                 "no explanations");
    td_result_free(none);
    td_result_free(lazy);
    assert_int_equal(t.live, 0);
    td_result_free(all);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

typedef struct reader {
    const td_result *res, *ref;
    int failures;
} reader;

static void *read_every_text(void *arg)
{
    reader *r = arg;
    for (size_t m = 0; m < td_result_member_count(r->res); m++)
        for (size_t c = 0; c < td_result_criterion_count(r->res); c++)
            for (int l = 0; l < 2; l++) {
                const char *got = td_result_criterion_explain(r->res, m, c, (td_lang)l);
                const char *want = td_result_criterion_explain(r->ref, m, c, (td_lang)l);
                if (got == NULL || strcmp(got, want) != 0)
                    r->failures++;
            }
    return NULL;
}

/* Threads asking for the same texts at once each get them, and one copy
 * of each stays (ASan and valgrind see the others freed). */
static void threads_reading_on_demand_texts_agree(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(fixture_awards_rulebook(&rb, NULL, &err), err);
    assert_ok(fixture_awards_cluster(&cl, NULL, &err), err);
    td_result *ref = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    td_result *res = td_test_evaluate(rb, cl, TD_EXPLAIN_ON_DEMAND, 1, NULL);
    reader readers[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        readers[i] = (reader){res, ref, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, read_every_text, &readers[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(readers[i].failures, 0);
    }
    td_result_free(ref);
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_rule_kind_gives_the_same_numbers_without_explanations),
        cmocka_unit_test(awards_give_the_same_statuses_without_explanations),
        cmocka_unit_test(a_result_without_explanations_allocates_less),
        cmocka_unit_test(on_demand_explanations_are_those_of_every_rule_kind),
        cmocka_unit_test(on_demand_allocates_its_texts_when_asked),
        cmocka_unit_test(an_on_demand_render_out_of_memory_gives_null_then_the_text),
        cmocka_unit_test(threads_reading_on_demand_texts_agree),
        cmocka_unit_test(explain_to_copies_and_keeps_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
