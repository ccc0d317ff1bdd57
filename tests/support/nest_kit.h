/*
 * Nested score tables (rulebook 1.1, section 9) for the tests: rulebooks
 * written as tables of sections, group nodes and criteria, the nested
 * rulebook most tests use with its two members, and a dump of a result
 * that adds every section's and node's points to fixture_dump().
 */
#ifndef THIDUA_TEST_NEST_KIT_H
#define THIDUA_TEST_NEST_KIT_H

#include "td_test.h"

/* One line of a rulebook: 'S' a section (max NULL: none), 'N' a group node
 * below `parent`, 'C' a manual criterion below `parent`, 'P' a
 * proportional criterion below `parent` with cap 1.5 and a bonus of 1
 * point per 10 % above the target. */
typedef struct nest_line {
    char kind;
    const char *parent, *id, *max;
} nest_line;

/* The nested rulebook most tests use:
 *
 *   A (max 45)                     B (no max)
 *     A1 (max 20): a11 15, a12 10    B1 (max 27): p 20 (proportional, cap 1.5, bonus), b1 10
 *     a2 20                          b2 5
 *     A3 (max 22)
 *       A31 (max 12): a311 8, a312 8
 *       a32 13
 *
 * criteria in rulebook order a11 a12 a2 a311 a312 a32 p b1 b2, nodes A1 A3 A31 B1. */
#define NEST_LINES 15
extern const nest_line nest_table[NEST_LINES];
/* Its manual criteria, in rulebook order. */
extern const char *const nest_manual_ids[8];

/* A builder "nest" holding the lines (through `alloc`, NULL: malloc). */
td_status nest_builder(td_rulebook_builder **out, const nest_line *lines, size_t n, const td_allocator *alloc,
                       td_error *err);
/* The lines built, failing the test on an error. */
td_rulebook *nest_build(const nest_line *lines, size_t n);

/* The two members of nest_table (through `alloc`):
 *   u1: A1 14+9 = 23 → 20; A31 8+7 = 15 → 12, A3 12+12 = 24 → 22; A 20+18+22
 *       = 60 → 45; p 20 × 1.4 = 28 (above its max), B1 28+5 = 33 → 27; B 27+5
 *       = 32; base 77; p's bonus 1 × ⌊40 / 10⌋ = 4; total 81.
 *   u2: A1 5+5 = 10; A31 2+3 = 5, A3 5+6 = 11; A 10+10+11 = 31; p 20 × 0.5 =
 *       10, B1 10+2 = 12; B 12+4 = 16; base 47; no bonus; total 47. */
td_status nest_cluster(td_cluster **out, const td_allocator *alloc, td_error *err);

/* The result index of a unit, the index of a group node (failing the test when there is none). */
size_t nest_member(const td_result *res, const char *unit);
size_t nest_node(const td_rulebook *rb, const char *id);
/* The value of an expression for a member of the result. */
td_value nest_value(const td_result *res, const char *unit, const char *text);

/* fixture_dump() (texts) or fixture_dump_numbers(), then every section's and
 * node's points (a node's with the sum before its cap); malloc'd (free()). */
char *nest_dump(const td_result *res, bool texts);

#endif
