/*
 * The case the expression tests evaluate against: four members of a cluster
 * (names from the Lai Châu case, numbers invented), with a derived measure,
 * every kind of name an expression may use, awards and a history that
 * follows a predecessor. The values each member gets are listed in
 * expr_case.c.
 */
#ifndef THIDUA_TEST_EXPR_CASE_H
#define THIDUA_TEST_EXPR_CASE_H

#include <stddef.h>

#include "thidua/thidua.h"

typedef struct expr_case {
    td_rulebook *rulebook;
    td_result *result;
} expr_case;

/* Builds and evaluates the case; fails the test on any error. */
void expr_case_open(expr_case *c);
void expr_case_close(expr_case *c);

/* The result index of a unit; fails the test when it is unknown. */
size_t expr_case_member(const expr_case *c, const char *unit);

/* A value as text: the shortest number, true or false, or 'text'. */
const char *expr_value_text(const td_value *v, char *buf, size_t n);

/* Builds only the rulebook (a new object each time). */
td_status expr_case_rulebook(td_rulebook **out, td_error *err);

#endif
