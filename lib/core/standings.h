/*
 * Internal: what follows the criterion points: totals, classification,
 * ranking and the next leader. Each step reads only what the steps before
 * it computed, in the contract's order.
 */
#ifndef THIDUA_LIB_STANDINGS_H
#define THIDUA_LIB_STANDINGS_H

#include "pipeline.h"

/* base, bonus, deduction and total of every member, with the explanation. */
td_status td_compute_totals(td_eval *ev);
/* The first classification entry each member reaches. */
td_status td_classify(td_eval *ev);
/* Competition ranks ("1224") by total, highest first. */
td_status td_rank(td_eval *ev);
/* Every award in order, with quotas, exclusions and ties (awards.c). */
td_status td_decide_awards(td_eval *ev);
/* The next period's leader by the rulebook's leader rule. */
td_status td_choose_leader(td_eval *ev);

#endif
