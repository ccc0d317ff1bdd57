/*
 * A harness for rule tests: a rulebook with one section (no cap) holding one
 * criterion "c" of a given max, and a cluster of members m1, m2, ... with
 * the targets and actuals given as text ("" = not given).
 */
#ifndef THIDUA_TEST_ONE_CRITERION_H
#define THIDUA_TEST_ONE_CRITERION_H

#include "td_test.h"

/* A builder with section "S" and criterion "c" of max `max`, precision 2. */
td_rulebook_builder *one_criterion(const char *max);

/* Builds the rulebook, fills a cluster of n members and evaluates.
 * Returns the status; on success *out is the result. The builder is freed. */
td_status one_run(td_rulebook_builder *b, size_t n, const char *const *targets,
                  const char *const *actuals, td_result **out, td_error *err);

/* Points, bonus and English explanation of member `unit` on "c". */
td_decimal unit_points(const td_result *res, const char *unit);
td_decimal unit_bonus(const td_result *res, const char *unit);
const char *unit_explain(const td_result *res, const char *unit, td_lang lang);
int unit_met(const td_result *res, const char *unit);
/* Attainment text of `unit` ("-" when it has none). */
const char *unit_attainment(const td_result *res, const char *unit, char buf[TD_DECIMAL_STRING_SIZE]);

#endif
