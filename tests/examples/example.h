/*
 * Loading an example of examples/ through the public C API, and reading
 * its result by unit, criterion and award id, for the tests that check
 * what each example's README promises.
 */
#ifndef THIDUA_TEST_EXAMPLE_H
#define THIDUA_TEST_EXAMPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "td_test.h"

#include "thidua/io.h"

typedef struct example {
    td_rulebook *rulebook;
    td_result *result;
} example;

/* Reads examples/<dir>/rulebook.yaml and the data files (a NULL-terminated
 * list of names in <dir>, added in that order) with the decimal-comma
 * option as given, and evaluates; any error fails the test with its
 * FILE:LINE:COL message. */
void example_load(example *ex, const char *dir, bool decimal_comma, const char *const *files);
void example_free(example *ex);

/* Writes the example's rulebook back as YAML (td_rulebook_to_yaml()),
 * reads that text, evaluates the same files with it, and asserts that
 * every number and explanation is the same as with the original. */
void example_assert_round_trip(const example *ex, const char *dir, bool decimal_comma,
                               const char *const *files);

/* The full path of a file of examples/<dir>, in a static buffer. */
const char *example_path(const char *dir, const char *file);

/* Indexes by id; an unknown id fails the test. */
size_t example_member(const example *ex, const char *unit);
size_t example_criterion(const example *ex, const char *id);
size_t example_award(const example *ex, const char *id);

/* The value of a number (or boolean) expression for a unit, through the
 * expression API: what the rulebook's conditions see. */
td_decimal example_number(const example *ex, const char *unit, const char *expression);
bool example_boolean(const example *ex, const char *unit, const char *expression);

/* Asserts the value of a number expression for a unit. */
void example_assert_number(const example *ex, const char *unit, const char *expression,
                           const char *want);

/* One member's line of the standings, as an example's README shows it. */
typedef struct example_row {
    const char *unit;
    size_t rank;
    const char *total, *base, *bonus, *deduction;
    const char *classification;
    td_award_status awards[4]; /* in the rulebook's order of awards */
} example_row;

/* Asserts the rows (in result order: by rank, then unit id) and that
 * there are no other members. */
void example_assert_standings(const example *ex, const example_row *rows, size_t count);

/* Asserts points, attainment ("-" for none) and bonus of one criterion. */
void example_assert_criterion(const example *ex, const char *unit, const char *criterion,
                              const char *attainment, const char *points, const char *bonus);

#endif
