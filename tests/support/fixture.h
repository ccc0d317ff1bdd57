/*
 * A rulebook and a cluster that between them use every feature of the
 * engine: each rule kind, bonus, adjustments, caps, classification and
 * leader rotation. For tests that need "a full evaluation".
 */
#ifndef THIDUA_TEST_FIXTURE_H
#define THIDUA_TEST_FIXTURE_H

#include "thidua/thidua.h"
#include "rule_kit.h"

td_status fixture_rulebook(td_rulebook **out, const td_allocator *alloc, td_error *err);
td_status fixture_cluster(td_cluster **out, const td_allocator *alloc, td_error *err);

/* A rulebook and a cluster that use the expression language everywhere:
 * a derived measure, an expr rule, classification conditions, ranking keys,
 * awards with count and percent quotas, an exclusion, an order and
 * award() prerequisites, the election leader rule; the cluster has
 * history over several periods, a predecessor and events. */
td_status fixture_awards_rulebook(td_rulebook **out, const td_allocator *alloc, td_error *err);
td_status fixture_awards_cluster(td_cluster **out, const td_allocator *alloc, td_error *err);

/* Every number and explanation of a result (awards included) as text,
 * malloc'd (free()). */
char *fixture_dump(const td_result *res);
/* The same without the explanations (empty lines in their places): what a
 * result evaluated with TD_EXPLAIN_NONE must give. */
char *fixture_dump_numbers(const td_result *res);

#endif
