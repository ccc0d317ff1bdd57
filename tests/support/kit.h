/*
 * A kit for tests of the stages after the points (classification, ranking,
 * awards, leader): a rulebook whose only criterion is the manual "score"
 * (max 100), so that each member's total is the score the test gives it,
 * plus whatever classification, ranking keys, awards and leader rule the
 * test adds; and a cluster of members with those scores, history,
 * predecessors and leaders.
 *
 * Every kit_* call fails the test when the library refuses it, except
 * kit_run(), which returns the status so that error paths can be tested.
 */
#ifndef THIDUA_TEST_KIT_H
#define THIDUA_TEST_KIT_H

#include "td_test.h"

typedef struct kit {
    td_rulebook_builder *b;
    td_cluster *c;
    td_rulebook *rb;
    td_result *res;
    td_error err;
    bool words; /* explain conditions in words (the library's default); false: formulas */
} kit;

/* A builder "kit" with section "S" and the manual criterion "score" (max
 * 100), and an empty cluster "k" of the given period. */
void kit_init(kit *k, int64_t period);
/* Frees everything the kit holds. */
void kit_free(kit *k);

/* Adds a member whose total will be `score`. */
void kit_member(kit *k, const char *unit, const char *score);
/* Adds a member with a target and an actual of measure `measure` too. */
void kit_measure(kit *k, const char *unit, const char *measure, const char *target, const char *actual);
/* A derived measure (the rulebook knows a base measure of the data only
 * through a criterion or a formula, so tests name data measures this way). */
void kit_derived(kit *k, const char *id, const char *formula);
/* Classification entry; min NULL for the catch-all. */
void kit_class(kit *k, const char *id, const char *min, const char *when);
/* Award with an optional condition (NULL: everyone). */
void kit_award(kit *k, const char *id, const char *when);
void kit_quota_count(kit *k, const char *award, int64_t count);
void kit_quota_percent(kit *k, const char *award, const char *percent, td_rounding rounding, int64_t min);
void kit_excludes(kit *k, const char *award, const char *other);
void kit_history(kit *k, const char *unit, int64_t period, const char *id);
void kit_predecessor(kit *k, const char *unit, const char *predecessor);

/* Builds the rulebook and evaluates the cluster into k->res. */
td_status kit_run(kit *k);
/* As kit_run(), failing the test on an error. */
void kit_run_ok(kit *k);

/* The result index of a unit (fails the test when it is not a member). */
size_t kit_index(const kit *k, const char *unit);
/* The index of an award of the result's rulebook. */
size_t kit_award_index(const kit *k, const char *award);
td_award_status kit_status(const kit *k, const char *unit, const char *award);
const char *kit_explain(const kit *k, const char *unit, const char *award, td_lang lang);
const char *kit_quota_explain(const kit *k, const char *award, td_lang lang);

/* Asserts a member's status for an award and that its explanation holds
 * `en` and `vi` (either may be NULL to skip that language). */
#define assert_award(k, unit, award, status, en, vi)                                               \
    kit_assert_award((k), (unit), (award), (status), (en), (vi), __FILE__, __LINE__)
void kit_assert_award(const kit *k, const char *unit, const char *award, td_award_status status,
                      const char *en, const char *vi, const char *file, int line);

/* Asserts that text contains part, showing both when it does not. */
#define assert_contains(text, part) kit_assert_contains((text), (part), __FILE__, __LINE__)
void kit_assert_contains(const char *text, const char *part, const char *file, int line);

#endif
