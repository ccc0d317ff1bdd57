/*
 * Test helpers: one call per rule kind, as the tests were written before
 * td_rulebook_builder_set_rule() took a whole td_rule. Each builds the
 * td_rule and sets it; tr_add_band() and tr_add_rank_points() append to the
 * criterion's current rule (read from the builder's internals) and set it
 * again, so the builder's own checks decide every error. Not API.
 */
#ifndef THIDUA_TEST_RULE_KIT_H
#define THIDUA_TEST_RULE_KIT_H

#include "thidua/thidua.h"

td_status tr_rule_proportional(td_rulebook_builder *b, const char *id, td_decimal cap, td_error *err);
td_status tr_rule_threshold(td_rulebook_builder *b, const char *id, td_decimal at, td_error *err);
td_status tr_rule_shortfall(td_rulebook_builder *b, const char *id, td_decimal deduct, td_decimal per,
                            td_shortfall_step step, td_decimal min, td_error *err);
td_status tr_rule_bands(td_rulebook_builder *b, const char *id, td_error *err);
td_status tr_rule_bands_of(td_rulebook_builder *b, const char *id, td_bands_of of, td_error *err);
td_status tr_add_band(td_rulebook_builder *b, const char *id, td_decimal at, td_decimal points,
                      td_error *err);
td_status tr_rule_best(td_rulebook_builder *b, const char *id, td_best_of of, td_error *err);
td_status tr_rule_rank(td_rulebook_builder *b, const char *id, td_error *err);
td_status tr_add_rank_points(td_rulebook_builder *b, const char *id, td_decimal points, td_error *err);
td_status tr_rule_manual(td_rulebook_builder *b, const char *id, td_error *err);
td_status tr_rule_expr(td_rulebook_builder *b, const char *id, const char *expr, td_error *err);

#endif
