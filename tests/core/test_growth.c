/*
 * Work that must not grow with the square of the input, checked by counting
 * operations rather than timing them: naming the members of a tie group in
 * each member's explanation touches a bounded number of them, however large
 * the group (a block where everyone ties once took 21.8 s at 100,000
 * members), and an evaluation where every member ties makes explanations of
 * bounded length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"
#include "pipeline.h"

typedef struct names {
    size_t asked;
    char buf[32];
} names;

static const char *counted_unit(const void *ctx, size_t i)
{
    names *n = (names *)(uintptr_t)ctx;
    n->asked++;
    snprintf(n->buf, sizeof n->buf, "u%zu", i);
    return n->buf;
}

static void a_tie_group_names_a_bounded_number_of_its_units(void **state)
{
    (void)state;
    td_eval ev;
    memset(&ev, 0, sizeof ev);
    ev.say = true;
    td_buf_init(&ev.text[0], &td_libc_allocator);
    td_buf_init(&ev.text[1], &td_libc_allocator);
    names n = {0, ""};
    /* the member itself (item 3) is skipped: 99,999 others */
    td_eval_units(&ev, counted_unit, &n, 0, 100000, 3, ",");
    assert_int_equal(n.asked, TD_UNITS_SHOWN);
    assert_string_equal(ev.text[1].data, " u0,u1,u2,u4,u5,u6,u7,u8 and 99991 more");
    assert_string_equal(ev.text[0].data, " u0,u1,u2,u4,u5,u6,u7,u8 và 99991 đơn vị khác");
    /* a group of SIZE_MAX / 2 items: walking it would not finish (ctest's timeout) */
    td_buf_reset(&ev.text[1]);
    n.asked = 0;
    td_eval_units(&ev, counted_unit, &n, 0, SIZE_MAX / 2, 0, ",");
    assert_int_equal(n.asked, TD_UNITS_SHOWN);
    char want[96];
    snprintf(want, sizeof want, " u1,u2,u3,u4,u5,u6,u7,u8 and %zu more", SIZE_MAX / 2 - 9);
    assert_string_equal(ev.text[1].data, want);
    /* the skipped item beyond the named ones, or outside the range */
    td_buf_reset(&ev.text[1]);
    n.asked = 0;
    td_eval_units(&ev, counted_unit, &n, 10, 30, 25, ",");
    assert_int_equal(n.asked, TD_UNITS_SHOWN);
    assert_string_equal(ev.text[1].data + strlen(ev.text[1].data) - strlen(" and 11 more"), " and 11 more");
    td_buf_reset(&ev.text[1]);
    td_eval_units(&ev, counted_unit, &n, 10, 30, (size_t)-1, ",");
    assert_string_equal(ev.text[1].data + strlen(ev.text[1].data) - strlen(" and 12 more"), " and 12 more");
    /* a small group is named whole */
    td_buf_reset(&ev.text[1]);
    td_eval_units(&ev, counted_unit, &n, 0, 3, 1, ",");
    assert_string_equal(ev.text[1].data, " u0,u2");
    td_buf_free(&ev.text[0]);
    td_buf_free(&ev.text[1]);
}

/* Every member ties: the longest rank explanation has the same length at
 * N and 8N members but for the digits of the counts. */
static size_t longest_rank_text(size_t members)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "tie", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "A", "c", NULL, D("10"), &err), err);
    assert_ok(tr_rule_proportional(b, "c", D("1"), &err), err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2023, NULL, &err), err);
    char id[32];
    for (size_t i = 0; i < members; i++) {
        snprintf(id, sizeof id, "u%06zu", i);
        assert_ok(td_cluster_add_member(cl, id, NULL, &err), err);
        assert_ok(td_cluster_set_target(cl, id, "c", D("10"), &err), err);
        assert_ok(td_cluster_set_actual(cl, id, "c", D("12"), &err), err);
    }
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    size_t longest = 0;
    for (size_t i = 0; i < members; i++) {
        size_t len = strlen(td_result_rank_explain(res, i, TD_LANG_EN));
        if (len > longest)
            longest = len;
    }
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    td_rulebook_builder_free(b);
    return longest;
}

static void explanations_of_a_cluster_where_everyone_ties_stay_short(void **state)
{
    (void)state;
    size_t at_n = longest_rank_text(500), at_8n = longest_rank_text(4000);
    print_message("longest rank explanation: %zu bytes at 500 members, %zu at 4000\n", at_n, at_8n);
    assert_true(at_8n <= at_n + 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_tie_group_names_a_bounded_number_of_its_units),
        cmocka_unit_test(explanations_of_a_cluster_where_everyone_ties_stay_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
