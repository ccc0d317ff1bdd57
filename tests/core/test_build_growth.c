/*
 * Building a rulebook is linear in the number of its definitions. Without
 * timing: the program is linked with --wrap=strcmp and --wrap=memcmp, so
 * every comparison of two texts the library makes while building (the
 * builder's duplicate checks and look-ups, compiling the expressions'
 * names) is counted; 8 times the definitions must cost at most about 8
 * times the comparisons. A look-up by scanning every definition made so far
 * (16,000 measures once took 4.5 s, 10^5 never finished) costs 64 times.
 */
#include <stdio.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(building_takes_comparisons_linear_in_the_definitions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
