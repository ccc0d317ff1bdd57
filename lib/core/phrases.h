/*
 * Internal: the phrase catalogue, every fixed text of the evaluation's
 * explanations in Vietnamese and English, in one table (phrases.c), so that
 * wording is reviewed, changed and translated without touching arithmetic.
 *
 * A phrase is named for what it says. A text with a '%' is a printf format
 * (a literal percent sign is "%%") and is appended with td_eval_phrasef()
 * and its arguments, which are the same for both languages: the Vietnamese
 * and English formats take the same conversions in the same order (the
 * translation moves words, not arguments). A text without a '%' is appended
 * as it is with td_eval_phrase(). tests/core/test_phrases.c checks the
 * table; tests/core/check_phrases.py checks the call sites. See "Explanation
 * wording" in docs/architecture.md.
 */
#ifndef THIDUA_LIB_CORE_PHRASES_H
#define THIDUA_LIB_CORE_PHRASES_H

#include "expr.h"
#include "thidua/common.h"

/* In the order of the table, grouped by the step that says them. */
typedef enum td_phrase {
    /* lists of units (evaluate.c) */
    TD_PH_AND_N_MORE,

    /* attainment (scoring.c) */
    TD_PH_ACTUAL,
    TD_PH_SCORED_DIRECTLY,
    TD_PH_NO_TARGET,
    TD_PH_LOWER_TARGET_ZERO,
    TD_PH_TARGET_ZERO,
    TD_PH_LOWER_RATIO,
    TD_PH_MET,
    TD_PH_NOT_MET,

    /* the scoring rules (scoring.c) */
    TD_PH_THRESHOLD_FULL,
    TD_PH_THRESHOLD_ZERO,
    TD_PH_NO_SHORTFALL_FULL,
    TD_PH_SHORTFALL,
    TD_PH_STEP_ROUNDED_UP,
    TD_PH_STEPS_ROUNDED_UP,
    TD_PH_STEP_ROUNDED_DOWN,
    TD_PH_STEPS_ROUNDED_DOWN,
    TD_PH_BAND,
    TD_PH_BELOW_EVERY_BAND,
    TD_PH_LOWEST_ZERO_FULL,
    TD_PH_LOWEST_HELD_BY,
    TD_PH_BEST_ZERO,
    TD_PH_BEST_HELD_BY,
    TD_PH_RANK_OF, /* also the overall ranking */
    TD_PH_BEYOND_POINTS_LIST,
    TD_PH_POINTS_FROM,
    TD_PH_SOURCE_SELF, /* the scoring sources, in td_source order (errors name them too) */
    TD_PH_SOURCE_CROSS,
    TD_PH_SOURCE_FINAL,
    TD_PH_CLAMPED,
    TD_PH_CRITERION_BONUS,

    /* totals, classification, ranking (standings.c) */
    TD_PH_BASE,
    TD_PH_BONUS_IS,
    TD_PH_CRITERIA,
    TD_PH_NODES, /* 1.1 nested criteria: each group node's points */
    TD_PH_DEDUCTION_IS,
    TD_PH_TOTAL_IS_MAX,
    TD_PH_CONDITION_FAILS,
    TD_PH_TOTAL,
    TD_PH_RANK_SHARED_WITH,
    TD_PH_RANK_ASCENDING, /* a ranking key in words where lower ranks first */

    /* the next leader (standings.c) */
    TD_PH_ROTATION,
    TD_PH_RANKED_FIRST,
    TD_PH_RANK_1_SHARED_BY,
    TD_PH_DATA_NAMES,
    TD_PH_ELECTED,
    TD_PH_SUCCESSION,          /* 1.1 deputies */
    TD_PH_DEPUTY_ROTATION,
    TD_PH_SKIPS_NEXT_LEADER,
    TD_PH_AFTER_NEW_LEADER,
    TD_PH_DEPUTY_ELECTED,
    TD_PH_SUCCESSION_BLOCK,    /* the same for a block (khối, td_cluster_kind) */
    TD_PH_DEPUTY_ROTATION_BLOCK,
    TD_PH_SKIPS_NEXT_LEADER_BLOCK,
    TD_PH_AFTER_NEW_LEADER_BLOCK,
    TD_PH_DEPUTY_ELECTED_BLOCK,

    /* awards (awards.c) */
    TD_PH_NO_QUOTA,
    TD_PH_QUOTA,
    TD_PH_ROUND_HALF_UP,
    TD_PH_ROUND_FLOOR,
    TD_PH_ROUND_CEIL,
    TD_PH_QUOTA_AT_LEAST,
    TD_PH_QUOTA_OF_AWARD,      /* 1.1: the quota's base, an earlier award's selected count */
    TD_PH_QUOTA_OF_CANDIDATES, /* 1.1: the quota's base, this award's candidates */
    TD_PH_PENDING_BALLOT,      /* 1.1 ballots */
    TD_PH_BALLOT_FAILED,
    TD_PH_BALLOT_VOTES,
    TD_PH_OF_COUNCIL,
    TD_PH_OF_CAST,
    TD_PH_VOTES_AND_RANK,
    TD_PH_RANK,
    TD_PH_TIED_AT_RANK, /* before "rank 2" */
    TD_PH_TIED_AT_VALUE, /* before "total = 40" */
    TD_PH_NO_CONDITION,
    TD_PH_PENDING_TIE_EXCLUDES,
    TD_PH_SELECTED,
    TD_PH_PLACE_OF,
    TD_PH_ELIGIBLE,
    TD_PH_ELIGIBLE_BUT,
    TD_PH_TIED_WITH,
    TD_PH_FOR_LAST_PLACES,
    TD_PH_COUNCIL_DECIDES,
    TD_PH_MAY_QUALIFY_LATER,
    TD_PH_BUT_OVER_QUOTA,
    TD_PH_COMES_AFTER_GROUP,
    TD_PH_LAST_PLACES_OF,
    TD_PH_NOBODY_FURTHER,
    TD_PH_LEAVES_NO_PLACE,
    TD_PH_PAST_CUTOFF,
    TD_PH_FILLED_BY,
    TD_PH_EXCLUDED_BY,
    TD_PH_NOT_ELIGIBLE,

    /* roll-ups (rollup.c, 1.1): "<measure> = <aggregate> over 905 children
     * of tan-uyen (and 5 units below it) = 850" */
    TD_PH_ROLLUP_OVER,
    TD_PH_ROLLUP_CHILD_OF,
    TD_PH_ROLLUP_CHILDREN_OF,
    TD_PH_ROLLUP_AND,
    TD_PH_ROLLUP_UNIT_BELOW,
    TD_PH_ROLLUP_UNITS_BELOW,

    TD_PH_COUNT
} td_phrase;

/* One entry of the catalogue: the phrase it holds (its index in the table)
 * and its text per td_lang. */
typedef struct td_phrase_entry {
    td_phrase id;
    const char *text[2]; /* [TD_LANG_VI], [TD_LANG_EN] */
} td_phrase_entry;

/* The catalogue, indexed by td_phrase: TD_PH_COUNT entries (phrases.c
 * checks the count when it compiles). Constant: no state. */
extern const td_phrase_entry td_phrase_table[];

/* The text of phrase `id` in `lang`. */
static inline const char *td_phrase_text(td_phrase id, td_lang lang)
{
    return td_phrase_table[id].text[lang];
}

/* The words conditions are explained in (td_cexpr_explain_words()), in
 * `lang`: "yêu cầu", and each built-in's ("xếp hạng", "mức hoàn thành
 * %s"). Constant data. */
const td_expr_words *td_phrase_expr_words(td_lang lang);

#endif
