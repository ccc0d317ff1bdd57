/*
 * Building a rulebook is linear in the number of its definitions, and so is
 * adding an Arrow batch to a cluster in the number of its rows. Without
 * timing: the program is linked with --wrap=strcmp and --wrap=memcmp, so
 * every comparison of two texts the library makes while building (the
 * builder's duplicate checks and look-ups, compiling the expressions'
 * names) is counted; 8 times the definitions must cost at most about 8
 * times the comparisons. A look-up by scanning every definition made so far
 * (16,000 measures once took 4.5 s, 10^5 never finished) costs 64 times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"




static size_t comparisons;

int __real_strcmp(const char *a, const char *b);
int __real_memcmp(const void *a, const void *b, size_t n);
int __wrap_strcmp(const char *a, const char *b);
int __wrap_memcmp(const void *a, const void *b, size_t n);

int __wrap_strcmp(const char *a, const char *b)
{
    comparisons++;
    return __real_strcmp(a, b);
}

int __wrap_memcmp(const void *a, const void *b, size_t n)
{
    comparisons++;
    return __real_memcmp(a, b, n);
}

#define OK(call) assert_ok((call), err)

/* A rulebook of n criteria in n/10 sections, n derived measures read by
 * them, n/10 adjustment items, n/10 classification entries, n/10 awards
 * each excluding the one before it and reading earlier ones, a rotation
 * order of n/10 units; the comparisons it took to build. */
static size_t comparisons_to_build(size_t n)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    char id[64], other[64], text[160];
    OK(td_rulebook_builder_new(&b, "growth", NULL, &err));
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "m%zu", i);
        snprintf(text, sizeof text, "b%zu / c%zu", i, i);
        OK(td_rulebook_builder_add_measure(b, id, text, &err));
    }
    td_rule rule = TD_RULE_INIT;
    rule.kind = TD_RULE_PROPORTIONAL;
    for (size_t i = 0; i < n; i++) {
        char section[32];
        snprintf(section, sizeof section, "s%zu", i / 10);
        if (i % 10 == 0)
            OK(td_rulebook_builder_add_section(b, section, NULL, NULL, &err));
        snprintf(id, sizeof id, "k%zu", i);
        OK(td_rulebook_builder_add_criterion(b, section, id, NULL, D("1"), &err));
        snprintf(other, sizeof other, "m%zu", i);
        OK(td_rulebook_builder_set_measure(b, id, other, &err));
        OK(td_rulebook_builder_set_rule(b, id, &rule, &err));
    }
    for (size_t i = 0; i < n / 10; i++) {
        snprintf(id, sizeof id, "item%zu", i);
        OK(td_rulebook_builder_add_adjustment(b, id, NULL, TD_ADJUSTMENT_BONUS, D("1"), NULL, &err));
        snprintf(id, sizeof id, "u%zu", i);
        OK(td_rulebook_builder_add_leader_order(b, id, &err));
    }
    for (size_t i = 0; i < n / 10; i++) {
        td_decimal min = td_decimal_from_int((int64_t)(n - i));
        snprintf(id, sizeof id, "class%zu", i);
        OK(td_rulebook_builder_add_classification(b, id, NULL, &min, &err));
    }
    OK(td_rulebook_builder_add_classification(b, "rest", NULL, NULL, &err));
    for (size_t i = 0; i < n / 10; i++) {
        snprintf(id, sizeof id, "a%zu", i);
        if (i > 0)
            snprintf(text, sizeof text, "award('a%zu') or history('class%zu', 2) > 0", i - 1, i);
        OK(td_rulebook_builder_add_award(b, id, NULL, i > 0 ? text : NULL, &err));
        if (i > 0) {
            snprintf(other, sizeof other, "a%zu", i - 1);
            OK(td_rulebook_builder_add_award_exclusion(b, id, other, &err));
        }
    }
    OK(td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ROTATION, &err));
    td_rulebook *rb = NULL;
    size_t before_build = comparisons;
    OK(td_rulebook_builder_build(&rb, b, &err));
    (void)before_build;
    size_t total = comparisons;
    td_rulebook_free(rb);
    td_rulebook_builder_free(b);
    return total;
}

static void building_takes_comparisons_linear_in_the_definitions(void **state)
{
    (void)state;
    comparisons = 0;
    size_t at_n = comparisons_to_build(2000);
    comparisons = 0;
    size_t at_8n = comparisons_to_build(16000);
    print_message("comparisons: %zu for 2,000 criteria and measures, %zu for 16,000\n", at_n, at_8n);
    assert_true(at_n > 0);
    if (at_8n > 10 * at_n)
        fail_msg("8 times the definitions took %.1f times the comparisons", (double)at_8n / (double)at_n);
}

/* A cluster of n/4 members whose targets for four measures come as one
 * Arrow batch of n rows (td_cluster_add_arrow); the comparisons the batch
 * took. A look-up by scanning the values added before would cost 64 times
 * at 8n. */
static size_t comparisons_to_add_a_batch(size_t n)
{
    td_error err;
    td_cluster *cl = NULL;
    OK(td_cluster_new(&cl, "k", 2024, NULL, &err));
    int32_t *unit_offsets = malloc((n + 1) * sizeof *unit_offsets);
    int32_t *measure_offsets = malloc((n + 1) * sizeof *measure_offsets);
    char *units = malloc(n * 8), *measures = malloc(n * 2);
    int64_t *targets = malloc(n * sizeof *targets);
    assert_true(unit_offsets && measure_offsets && units && measures && targets);
    char id[32]; /* "u" and 7 digits are used: n stays below 4 x 10^7 */
    for (size_t m = 0; m < n / 4; m++) {
        snprintf(id, sizeof id, "u%07zu", m);
        OK(td_cluster_add_member(cl, id, NULL, &err));
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "u%07zu", i / 4);
        memcpy(units + 8 * i, id, 8);
        unit_offsets[i] = (int32_t)(8 * i);
        measures[2 * i] = 'm';
        measures[2 * i + 1] = (char)('0' + i % 4);
        measure_offsets[i] = (int32_t)(2 * i);
        targets[i] = (int64_t)i;
    }
    unit_offsets[n] = (int32_t)(8 * n);
    measure_offsets[n] = (int32_t)(2 * n);
    const void *ubuf[3] = {NULL, unit_offsets, units}, *mbuf[3] = {NULL, measure_offsets, measures},
               *tbuf[2] = {NULL, targets}, *bbuf[1] = {NULL};
    struct ArrowSchema cs[3] = {{"u", "unit", NULL, 2, 0, NULL, NULL, NULL, NULL},
                                {"u", "measure", NULL, 2, 0, NULL, NULL, NULL, NULL},
                                {"l", "target", NULL, 2, 0, NULL, NULL, NULL, NULL}};
    struct ArrowArray ca[3] = {{(int64_t)n, 0, 0, 3, 0, ubuf, NULL, NULL, NULL, NULL},
                               {(int64_t)n, 0, 0, 3, 0, mbuf, NULL, NULL, NULL, NULL},
                               {(int64_t)n, 0, 0, 2, 0, tbuf, NULL, NULL, NULL, NULL}};
    struct ArrowSchema *schema_children[3] = {&cs[0], &cs[1], &cs[2]};
    struct ArrowArray *children[3] = {&ca[0], &ca[1], &ca[2]};
    struct ArrowSchema schema = {"+s", "", NULL, 0, 3, schema_children, NULL, NULL, NULL};
    struct ArrowArray batch = {(int64_t)n, 0, 0, 1, 3, bbuf, children, NULL, NULL, NULL};
    comparisons = 0;
    OK(td_cluster_add_arrow(cl, &schema, &batch, &err));
    size_t total = comparisons;
    td_cluster_free(cl);
    free(unit_offsets);
    free(measure_offsets);
    free(units);
    free(measures);
    free(targets);
    return total;
}

static void an_arrow_batch_takes_comparisons_linear_in_its_rows(void **state)
{
    (void)state;
    size_t at_n = comparisons_to_add_a_batch(8000), at_8n = comparisons_to_add_a_batch(64000);
    print_message("comparisons: %zu for a batch of 8,000 rows, %zu for 64,000\n", at_n, at_8n);
    assert_true(at_n > 0);
    if (at_8n > 10 * at_n)
        fail_msg("8 times the rows took %.1f times the comparisons", (double)at_8n / (double)at_n);
}

/* Roll-ups (rulebook 1.1): a member "m" with a chain of n units below it
 * (u0 under m, u1 under u0, ...) and n children, child i in unit u_i,
 * scored by a child rulebook and counted into m. The comparisons of
 * setting up the units and children and of evaluating: following each
 * child's unit up the chain again, without remembering where the walk
 * ended before, would cost 64 times at 8n. */
static size_t comparisons_to_roll_up(size_t n)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    td_rulebook *child = NULL, *rb = NULL;
    OK(td_rulebook_builder_new(&b, "ho", NULL, &err));
    OK(td_rulebook_builder_add_section(b, "H", NULL, NULL, &err));
    OK(td_rulebook_builder_add_criterion(b, "H", "s", NULL, D("10"), &err));
    OK(tr_rule_manual(b, "s", &err));
    OK(td_rulebook_builder_build(&child, b, &err));
    td_rulebook_builder_free(b);
    OK(td_rulebook_builder_new(&b, "cum", NULL, &err));
    OK(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err));
    OK(td_rulebook_builder_add_criterion(b, "A", "ach", NULL, D("10"), &err));
    OK(td_rulebook_builder_set_measure(b, "ach", "hh", &err));
    OK(tr_rule_proportional(b, "ach", D("1"), &err));
    OK(td_rulebook_builder_add_rollup(b, "r", child, &err));
    OK(td_rulebook_builder_add_rollup_measure(b, "r", "hh", "count(points(s) >= 5)", &err));
    OK(td_rulebook_builder_build(&rb, b, &err));
    td_rulebook_builder_free(b);

    comparisons = 0;
    td_cluster *c = NULL, *kids = NULL;
    OK(td_cluster_new(&c, "k", 2024, NULL, &err));
    OK(td_cluster_add_member(c, "m", NULL, &err));
    OK(td_cluster_set_target(c, "m", "hh", D("1"), &err));
    OK(td_cluster_new(&kids, "ho", 2024, NULL, &err));
    char unit[32], parent[32], id[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(unit, sizeof unit, "u%zu", i);
        snprintf(parent, sizeof parent, "u%zu", i - 1);
        OK(td_cluster_add_unit(c, unit, NULL, i == 0 ? "m" : parent, &err));
        snprintf(id, sizeof id, "h%zu", i);
        OK(td_cluster_add_member(kids, id, NULL, &err));
        OK(td_cluster_set_member_group(kids, id, unit, &err));
        OK(td_cluster_set_score(kids, TD_SCORE_SOURCE_SELF, id, "s", D(i % 2 == 0 ? "5" : "4"), &err));
    }
    OK(td_cluster_set_children(c, "r", kids, &err));
    td_eval_options o = TD_EVAL_OPTIONS_INIT;
    o.explain = TD_EXPLAIN_ON_DEMAND;
    td_result *res = NULL;
    OK(td_evaluate(&res, rb, c, &o, &err));
    size_t total = comparisons;
    td_decimal v;
    assert_true(td_result_rollup_value(&v, res, 0, 0, 0));
    char text[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(text, sizeof text, v);
    char want[32];
    snprintf(want, sizeof want, "%zu", (n + 1) / 2);
    assert_string_equal(text, want);
    assert_int_equal(td_result_member_unit_count(res, 0), n);
    td_result_free(res);
    td_cluster_free(c);
    td_rulebook_free(rb);
    td_rulebook_free(child);
    return total;
}

static void a_roll_up_takes_comparisons_linear_in_its_units_and_children(void **state)
{
    (void)state;
    size_t at_n = comparisons_to_roll_up(2000), at_8n = comparisons_to_roll_up(16000);
    print_message("comparisons: %zu for 2,000 units and children, %zu for 16,000\n", at_n, at_8n);
    assert_true(at_n > 0);
    /* the children's results are sorted by rank and id (n log n): at most
     * 8 × log(16000) / log(2000) ≈ 10.2 times; 9.4 measured */
    if (at_8n > 11 * at_n)
        fail_msg("8 times the units and children took %.1f times the comparisons", (double)at_8n / (double)at_n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(building_takes_comparisons_linear_in_the_definitions),
        cmocka_unit_test(an_arrow_batch_takes_comparisons_linear_in_its_rows),
        cmocka_unit_test(a_roll_up_takes_comparisons_linear_in_its_units_and_children),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
