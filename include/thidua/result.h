/*
 * thidua/result.h — evaluating a cluster against a rulebook, and reading
 * the immutable result.
 *
 * td_evaluate() computes, in the contract's order: derived measures →
 * attainment → criterion points and bonus → totals → classification →
 * ranking → awards → next leader. The
 * result holds, per member and criterion, target, actual, attainment, met,
 * points and bonus; per member base, bonus, deduction, total,
 * classification and competition rank ("1224"); and the next leader. Every
 * number comes with an explanation in Vietnamese and in English.
 *
 * Members are numbered in result order: by rank, then by unit id (byte
 * order of the UTF-8 id, which is Unicode code-point order). Criteria are
 * numbered as in the rulebook (td_rulebook_criterion_id()).
 *
 * A td_result never changes and may be read from any number of threads. It
 * keeps its rulebook alive and copies what it needs from the cluster, so
 * the cluster may be freed or changed afterwards. Returned strings are
 * borrowed from the result. Accessors given an index out of range return
 * NULL, zero, false or -1 as documented; they never fail otherwise.
 */
#ifndef THIDUA_RESULT_H
#define THIDUA_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "thidua/cluster.h"
#include "thidua/common.h"
#include "thidua/decimal.h"
#include "thidua/rulebook.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An evaluated cluster (immutable, thread-safe). */
typedef struct td_result td_result;

/**
 * Which explanations td_evaluate() writes (td_eval_options::explain).
 * Every number is the same either way; only the texts differ.
 */
typedef enum td_explain {
    /** Every explanation, in Vietnamese and English (the default). */
    TD_EXPLAIN_ALL = 0,
    /**
     * None: the explanation accessors return NULL,
     * td_result_has_explanations() is false and td_report() refuses the
     * result (every report format shows explanations). For callers that
     * read numbers only: evaluation is several times faster and the
     * result much smaller (docs/performance.md).
     */
    TD_EXPLAIN_NONE = 1,
    /**
     * Every explanation, the criteria's rendered when first asked for:
     * evaluation costs about what TD_EXPLAIN_NONE costs plus the
     * explanations of totals, classification, rank and awards, and
     * td_result_criterion_explain() renders a cell's text from the numbers
     * the result keeps (the same text as TD_EXPLAIN_ALL), once: any number
     * of threads may ask at once. For callers that show numbers and
     * explain a few of them (one member, a cell clicked). It returns NULL
     * when out of memory, as a render needs memory; the result's allocator
     * must be thread-safe when several threads read explanations.
     */
    TD_EXPLAIN_ON_DEMAND = 2
} td_explain;

/**
 * Options of td_evaluate(). Initialise with TD_EVAL_OPTIONS_INIT or
 * td_eval_options_init(). Version 1 (no `explain` and `threads` fields) is
 * still accepted and means TD_EXPLAIN_ALL in one thread; version 2 (no
 * `max_cells` and `formulas`) the default limit of cells and conditions
 * explained as formulas, as before; version 3 (no `children_numbers_only`)
 * the roll-ups' children explained on demand.
 */
typedef struct td_eval_options {
    unsigned int version;         /**< TD_EVAL_OPTIONS_VERSION */
    const td_allocator *allocator; /**< for the result; NULL: malloc/realloc/free */
    td_explain explain;           /**< since version 2; default TD_EXPLAIN_ALL */
    /**
     * Since version 2: the most threads the evaluation may use (0 and 1:
     * the calling thread only, the default). The members are split into
     * contiguous ranges, one per thread, each of at least 512 members (a
     * smaller cluster uses fewer threads). The result, its explanations
     * and the error of a failure are the same for every count. With more
     * than one thread the allocator is called from several threads at
     * once: a custom one must be thread-safe.
     */
    unsigned int threads;
    /**
     * Since version 3: the most cells one evaluation may compute, counted
     * as members × (criteria + groups + measures + awards + 1) before any
     * is computed; beyond it td_evaluate() fails with TD_ELIMIT and
     * computes nothing. Each roll-up's children are one more evaluation,
     * counted on their own. 0: 100,000,000 (the default, safe for
     * untrusted input); SIZE_MAX: no limit.
     */
    size_t max_cells;
    /**
     * Since version 3: explain conditions (classification `when`, award
     * `when`) as formulas, "rank = 6 != 1", as versions 1 and 2 do. false
     * (the default): in words, "xếp hạng 6 (yêu cầu 1)" / "rank 6 (needs
     * 1)". The numbers and decisions are the same either way.
     */
    bool formulas;
    /**
     * Since version 4: evaluate each roll-up's children (rulebook 1.1)
     * for their numbers only, as TD_EXPLAIN_NONE does:
     * td_result_rollup_children() gives a result without explanations
     * (td_report() refuses it), the parent's numbers, texts and reports
     * are the same. false (the default, and versions 1 to 3): the children
     * are explained on demand (TD_EXPLAIN_ON_DEMAND), or not at all when
     * `explain` is TD_EXPLAIN_NONE. For callers that show what the
     * roll-ups count, not each child: even on demand, the children's
     * totals, classifications, ranks and awards are explained at once,
     * and for a roll-up of 200,000 households that was most of the
     * memory (docs/rulebook.md, "Roll-ups").
     */
    bool children_numbers_only;
} td_eval_options;

#define TD_EVAL_OPTIONS_VERSION 4
#define TD_EVAL_OPTIONS_INIT {TD_EVAL_OPTIONS_VERSION, NULL, TD_EXPLAIN_ALL, 1, 0, false, false}

/**
 * Fills *opts with the defaults of options `version` (1 to 4: a program
 * built against an older header passes the version it knows, and only the
 * fields of that version are written). Errors: TD_EINVAL (NULL, unknown
 * version).
 */
TD_EXTERN td_status td_eval_options_init(td_eval_options *opts, unsigned int version);

/**
 * Evaluates `cluster` against `rulebook`. `opts` may be NULL for defaults.
 * Ownership: *out belongs to the caller (td_result_free()); it holds a
 * reference to the rulebook. *out is set only on success.
 * Errors: TD_EINVAL (NULL argument, unknown options version or `explain`
 * value), TD_EDATA (a
 * missing target or actual for a criterion that needs it, manual points
 * missing or outside [0, max], points for a criterion that is not manual, an
 * event for an unknown item, a rotation order that does not fit the
 * members, a missing or tied leader decision or a next_leader the leader
 * rule contradicts, a cluster without members, data giving a measure the
 * rulebook derives, a derived measure that divides by zero; the message names the unit, the criterion or measure and the
 * value), TD_EEVAL (an expression of an expr rule, a classification
 * condition, a ranking key or an award's condition or order that divides by
 * zero or reads a value the member does not have, such as the attainment of
 * a criterion without a target; the message names where the expression
 * belongs, the expression and the column), TD_ERANGE (arithmetic
 * beyond the decimal range), TD_ELIMIT (more cells than max_cells, or a
 * cluster of 4,294,967,295 members or more), TD_ENOMEM.
 * The position of an expression's fault (TD_EEVAL, TD_ERANGE, and the
 * TD_EDATA of a derived measure): for a rulebook read from a file or text
 * (td_rulebook_load_file(), td_rulebook_load_string()), `file` is the
 * rulebook's file (the name given for text) and `line` and `column` the
 * place of the failing part of the expression in it; for a rulebook built
 * with the builder, `file` is empty, `line` 1 and `column` the byte column
 * within the expression (a derived measure's fault then has no position).
 * The message gives the column within the expression either way.
 * A member's missing data (TD_EDATA: no target or actual for a criterion
 * that needs one, no manual points, targets for only some members) is
 * positioned at the member's entry when the cluster was made from files
 * (td_dataset_to_cluster()), and has no position for a cluster built with
 * td_cluster_add_member().
 * Thread-safety: reads the rulebook and the cluster only.
 */
TD_EXTERN td_status td_evaluate(td_result **out, const td_rulebook *rulebook,
                                const td_cluster *cluster, const td_eval_options *opts,
                                td_error *err);

/** Frees the result and releases its rulebook reference. Accepts NULL. */
TD_EXTERN void td_result_free(td_result *result);

/** The rulebook the result was computed with (borrowed). */
TD_EXTERN const td_rulebook *td_result_rulebook(const td_result *result);
/** The cluster's id. */
TD_EXTERN const char *td_result_cluster_id(const td_result *result);
/** The cluster's name ("" when none). */
TD_EXTERN const char *td_result_cluster_name(const td_result *result);
/** The evaluated cluster's kind, cluster or block (TD_CLUSTER_CLUSTER for NULL). */
TD_EXTERN td_cluster_kind td_result_cluster_kind(const td_result *result);
/** The evaluated period. */
TD_EXTERN int64_t td_result_period(const td_result *result);
/**
 * Whether the result holds explanations: false when it was evaluated with
 * TD_EXPLAIN_NONE (every *_explain accessor then returns NULL).
 */
TD_EXTERN bool td_result_has_explanations(const td_result *result);

/**
 * Renders now every criterion explanation of a result evaluated with
 * TD_EXPLAIN_ON_DEMAND (each text is rendered once: later calls of
 * td_result_criterion_explain() return it), so that a caller that reads them
 * all learns of a failure: the reports call it first. Does nothing for the
 * other modes. Thread-safe like the accessors.
 * Errors: TD_EINVAL (NULL), TD_ENOMEM (the texts rendered so far stay).
 */
TD_EXTERN td_status td_result_render_explanations(const td_result *result, td_error *err);

/** Number of members. */
TD_EXTERN size_t td_result_member_count(const td_result *result);
/** The result index of a unit into *index. Errors: TD_EINVAL, TD_ENOTFOUND. */
TD_EXTERN td_status td_result_find_member(size_t *index, const td_result *result,
                                          const char *unit_id, td_error *err);
/** Member m's unit id, or NULL when m is out of range. */
TD_EXTERN const char *td_result_member_unit(const td_result *result, size_t m);
/** Member m's name ("" when none), or NULL when m is out of range. */
TD_EXTERN const char *td_result_member_name(const td_result *result, size_t m);
/** Member m's competition rank (1 is best), or 0 when m is out of range. */
TD_EXTERN size_t td_result_member_rank(const td_result *result, size_t m);
/** true when member m leads the cluster in the evaluated period. */
TD_EXTERN bool td_result_member_is_leader(const td_result *result, size_t m);
/** Member m's group (1.1), or NULL when it has none or m is out of range. */
TD_EXTERN const char *td_result_member_group(const td_result *result, size_t m);
/** Member m's competition rank among the members of its group (1.1; same keys as the rank); 0 without a group. */
TD_EXTERN size_t td_result_member_group_rank(const td_result *result, size_t m);
/** true when member m is the cluster's deputy in the evaluated period (rulebook 1.1). */
TD_EXTERN bool td_result_member_is_deputy(const td_result *result, size_t m);
/** Member m's total = max(0, base + bonus - deduction) (zero when out of range). */
TD_EXTERN td_decimal td_result_member_total(const td_result *result, size_t m);
/** Member m's base points: the sum over sections of the capped section points. */
TD_EXTERN td_decimal td_result_member_base(const td_result *result, size_t m);
/** Member m's bonus: criterion bonus plus bonus items, capped by bonus_max. */
TD_EXTERN td_decimal td_result_member_bonus(const td_result *result, size_t m);
/** Member m's deduction: the sum of deduction items, each capped by its max. */
TD_EXTERN td_decimal td_result_member_deduction(const td_result *result, size_t m);
/** Points of section s for member m after the section cap (zero when out of range). */
TD_EXTERN td_decimal td_result_section_points(const td_result *result, size_t m, size_t s);
/**
 * Points of group node n (rulebook 1.1, numbered as td_rulebook_node_id())
 * for member m: the sum of its children's points capped at its max (zero
 * when out of range).
 */
TD_EXTERN td_decimal td_result_node_points(const td_result *result, size_t m, size_t n);
/**
 * The sum of group node n's children's points for member m before the
 * node's cap (rulebook 1.1): its criteria's points (bonus excluded) and
 * its child nodes' points after their own caps. The node's points are
 * min(sum, max): a sum above td_result_node_points() means the cap took
 * points away, as the explanation of the total shows ("I1 min(150, 156) =
 * 150"). Exact, like every sum of points. Zero when out of range.
 */
TD_EXTERN td_decimal td_result_node_sum(const td_result *result, size_t m, size_t n);
/** The id of member m's classification, or NULL when the rulebook has none. */
TD_EXTERN const char *td_result_member_classification(const td_result *result, size_t m);
/** The number of criteria member m met (only criteria with an attainment count). */
TD_EXTERN size_t td_result_member_count_met(const td_result *result, size_t m);
/** true when member m met every criterion that has an attainment (also when none has). */
TD_EXTERN bool td_result_member_all_met(const td_result *result, size_t m);
/**
 * How member m's base, bonus, deduction and total came about, in `lang`,
 * e.g. "base 88 = A 40 (min(40, 42.5)) + B 48; bonus min(5, 3 + 2) = 5; …".
 * NULL when m is out of range.
 */
TD_EXTERN const char *td_result_member_explain(const td_result *result, size_t m, td_lang lang);
/** Why member m has its classification, in `lang`; NULL when out of range or none. */
TD_EXTERN const char *td_result_classification_explain(const td_result *result, size_t m,
                                                       td_lang lang);
/** How member m's rank came about, in `lang`; NULL when out of range. */
TD_EXTERN const char *td_result_rank_explain(const td_result *result, size_t m, td_lang lang);

/** Number of criteria (as td_rulebook_criterion_count()). */
TD_EXTERN size_t td_result_criterion_count(const td_result *result);
/** Member m's target on criterion c into *out; false when none was given. */
TD_EXTERN bool td_result_target(td_decimal *out, const td_result *result, size_t m, size_t c);
/** Member m's actual on criterion c into *out; false when none was given. */
TD_EXTERN bool td_result_actual(td_decimal *out, const td_result *result, size_t m, size_t c);
/**
 * Member m's attainment r on criterion c (rounded to 6 decimals) into *out;
 * false when the criterion has no attainment for this member.
 */
TD_EXTERN bool td_result_attainment(td_decimal *out, const td_result *result, size_t m, size_t c);
/** 1 when member m met criterion c (r >= 1), 0 when not, -1 when it has no attainment. */
TD_EXTERN int td_result_met(const td_result *result, size_t m, size_t c);
/** Member m's points on criterion c, rounded to the rulebook's precision. */
TD_EXTERN td_decimal td_result_points(const td_result *result, size_t m, size_t c);
/** Member m's criterion bonus on criterion c, rounded to the rulebook's precision. */
TD_EXTERN td_decimal td_result_criterion_bonus(const td_result *result, size_t m, size_t c);
/**
 * How member m's points (and bonus) on criterion c came about, in `lang`,
 * e.g. "950 / 900 = 105.56 % → min(1.055556, 1) × 10 = 10.00". NULL when out
 * of range.
 */
TD_EXTERN const char *td_result_criterion_explain(const td_result *result, size_t m, size_t c,
                                                  td_lang lang);
/**
 * Member m's explanation of criterion c in `lang`, copied into buf (as
 * td_expr_explain() fills its buffer: *needed gets the text's length, and
 * a buffer too small gets as much as fits, cut at a character), keeping
 * nothing: a result evaluated with TD_EXPLAIN_ON_DEMAND renders the text
 * for this call only, unless it was rendered and kept already
 * (td_result_criterion_explain()). For callers that show each text once:
 * the reports of td_report_write() use it, so that a report of a million
 * members keeps none of its criteria's texts. Thread-safe; allocates from
 * the result's allocator while rendering.
 * Errors: TD_EINVAL (NULL result, buf NULL with size > 0, m or c out of
 * range, a result without explanations), TD_ENOMEM.
 */
TD_EXTERN td_status td_result_criterion_explain_to(char *buf, size_t size, size_t *needed, const td_result *result,
                                                   size_t m, size_t c, td_lang lang, td_error *err);

/** A member's status for one award. */
typedef enum td_award_status {
    TD_AWARD_NOT_ELIGIBLE = 0, /**< `when` does not hold */
    TD_AWARD_SELECTED = 1,     /**< eligible and within the quota */
    TD_AWARD_EXCLUDED = 2,     /**< selected earlier for an exclusive award */
    TD_AWARD_OVER_QUOTA = 3,   /**< eligible, but the quota went to members before it */
    TD_AWARD_TIE_AT_QUOTA = 4, /**< eligible, in a tied group that straddles the quota: the council decides */
    TD_AWARD_PENDING_BALLOT = 5, /**< 1.1: eligible, but the data has no votes for it yet */
    TD_AWARD_BALLOT_FAILED = 6   /**< 1.1: eligible, but its votes are below the ballot's minimum */
} td_award_status;

/** Number of awards (as td_rulebook_award_count()). */
TD_EXTERN size_t td_result_award_count(const td_result *result);
/** The quota of award a: a number of members, or -1 when it has none (or a is out of range). */
TD_EXTERN int64_t td_result_award_quota(const td_result *result, size_t a);
/** How award a's quota was computed, in `lang` ("50 % × 4 = 2 → 2"); NULL when out of range. */
TD_EXTERN const char *td_result_award_quota_explain(const td_result *result, size_t a, td_lang lang);
/** Member m's status for award a (TD_AWARD_NOT_ELIGIBLE when out of range). */
TD_EXTERN td_award_status td_result_award_status(const td_result *result, size_t m, size_t a);
/** Why member m has its status for award a, in `lang`; NULL when out of range. */
TD_EXTERN const char *td_result_award_explain(const td_result *result, size_t m, size_t a,
                                              td_lang lang);

/**
 * Number of warnings about the result: outcomes that are valid but probably
 * not what was meant (docs/warnings.md). Today one kind,
 * "award-nobody-eligible": an award with a `when` that holds for no member
 * of the cluster (and no member excluded by an earlier award), so nobody
 * can receive it. 0 for NULL.
 */
TD_EXTERN size_t td_result_warning_count(const td_result *result);
/**
 * Fills *out with warning i (strings borrowed from the result; the place
 * is the award's `when` when a file reader recorded where it stands, else
 * file "" and line 0). Returns false, leaving *out untouched, when out of
 * range or NULL.
 */
TD_EXTERN bool td_result_warning(td_warning *out, const td_result *result, size_t i);
/** "selected", "not_eligible", "excluded", "over_quota", "tie_at_quota", "pending_ballot" or "ballot_failed"; NULL for an unknown status. */
TD_EXTERN const char *td_award_status_name(td_award_status status);

/** The number of groups award a's quota was computed in (1.1 `per: group`); 0 otherwise. */
TD_EXTERN size_t td_result_award_group_count(const td_result *result, size_t a);
/** Group k of award a's quota, in group id order (byte order); NULL when out of range. */
TD_EXTERN const char *td_result_award_group(const td_result *result, size_t a, size_t k);
/** The quota of group k of award a; -1 when out of range. */
TD_EXTERN int64_t td_result_award_group_quota(const td_result *result, size_t a, size_t k);
/** The votes member m received in the ballot on award a (1.1); -1 when the award has no ballot or the member no votes. */
TD_EXTERN int64_t td_result_award_votes(const td_result *result, size_t m, size_t a);

/**
 * Member m's (result order) position in the cluster's order, the order its
 * members were added in; td_result_member_count() when m is out of range.
 */
TD_EXTERN size_t td_result_member_cluster_index(const td_result *result, size_t m);
/** Number of roll-ups (rulebook 1.1 section 4): the rulebook's, in its order. */
TD_EXTERN size_t td_result_rollup_count(const td_result *result);
/**
 * Roll-up r's evaluation of the children (borrowed; it lives as long as
 * `result`): the child rulebook's result over every child, with its
 * classification, awards and explanations (rendered on demand), or NULL
 * when r is out of range.
 */
TD_EXTERN const td_result *td_result_rollup_children(const td_result *result, size_t r);
/**
 * How many children roll-up r counted into member m (result order): those
 * whose unit is the member or a unit below it; 0 when out of range.
 */
TD_EXTERN size_t td_result_rollup_child_count(const td_result *result, size_t r, size_t m);
/** How many units (td_cluster_add_unit()) stand below member m (result order), at any depth. */
TD_EXTERN size_t td_result_member_unit_count(const td_result *result, size_t m);
/**
 * The value measure k of roll-up r gave member m (result order): the
 * member's actual of that measure. false when out of range.
 */
TD_EXTERN bool td_result_rollup_value(td_decimal *out, const td_result *result, size_t r, size_t k, size_t m);
/**
 * Explains that value into buf (as td_expr_explain() fills its buffer):
 * "hh_achieved = count(classification != 'xa') over 905 children of
 * tan-uyen (and 12 units below it) = 850" in English, "… trên 905 đối
 * tượng của tan-uyen (và 12 đơn vị trực thuộc) = 850" in Vietnamese.
 * Errors: TD_EINVAL (NULL result, buf NULL with size > 0, out of range).
 */
TD_EXTERN td_status td_result_rollup_explain(char *buf, size_t size, size_t *needed, const td_result *result,
                                             size_t r, size_t k, size_t m, td_lang lang, td_error *err);

/** A field of the report block copied from the cluster (td_cluster_set_report_field()); NULL when it is not set; NULL for an unknown field. */
TD_EXTERN const char *td_result_report_field(const td_result *result, td_report_field field);
/** Number of signature blocks copied from the cluster. */
TD_EXTERN size_t td_result_report_signer_count(const td_result *result);
/** A part of signature block i ("" when not given); NULL when out of range. */
TD_EXTERN const char *td_result_report_signer(const td_result *result, size_t i, td_signer_field field);
/** The next period's leader, or NULL when the rulebook has no leader rule. */
TD_EXTERN const char *td_result_next_leader(const td_result *result);
/** How the next leader was chosen, in `lang`; NULL when there is no leader rule. */
TD_EXTERN const char *td_result_leader_explain(const td_result *result, td_lang lang);
/** The next period's deputy (rulebook 1.1), or NULL when the rulebook has no deputy rule. */
TD_EXTERN const char *td_result_next_deputy(const td_result *result);
/** How the next deputy was chosen, in `lang`; NULL when there is no deputy rule. */
TD_EXTERN const char *td_result_deputy_explain(const td_result *result, td_lang lang);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_RESULT_H */
