/*
 * The fixed case the expression harnesses evaluate against: a rulebook that
 * uses every kind of name an expression may refer to (a derived measure,
 * criteria of several rules including an expr rule, bonus and deduction
 * items, classification conditions, ranking keys, awards with quotas, an
 * exclusion and an order, leader rotation) and a cluster of four members
 * with targets, actuals, manual points, events, history and a predecessor.
 * The manual criterion "reporting" has no target, and one member's target
 * of "loans" is 0, so some names have no value for some members.
 *
 * The expression slots can be replaced, which is what the rulebook harness
 * fuzzes; NULL keeps the default text.
 */
#ifndef THIDUA_FUZZ_CASE_H
#define THIDUA_FUZZ_CASE_H

#include "thidua/thidua.h"

enum {
    FUZZ_SLOT_MEASURE,        /* formula of the derived measure "rate" */
    FUZZ_SLOT_RULE,           /* expr rule of the criterion "models" */
    FUZZ_SLOT_CLASS_WHEN,     /* `when` of classification "xuat_sac" */
    FUZZ_SLOT_RANKING_KEY,    /* the second ranking key (descending) */
    FUZZ_SLOT_AWARD_WHEN,     /* `when` of award "bang_khen" */
    FUZZ_SLOT_AWARD_ORDER,    /* `order` of award "giay_khen" */
    FUZZ_SLOTS
};

/* The default text of each slot. */
extern const char *const fuzz_case_default[FUZZ_SLOTS];

/*
 * Builds the rulebook with the texts of `slots` (NULL: all defaults, or
 * NULL entries for a default). Returns what the builder returns; the calls
 * that take a slot's text are checked against the error contract.
 */
td_status fuzz_case_rulebook(td_rulebook **out, const char *const *slots, td_error *err);

/* Fills a new cluster with the case's data; aborts on any error. */
td_cluster *fuzz_case_cluster(void);

#endif
