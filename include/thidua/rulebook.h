/*
 * thidua/rulebook.h — scoring rulebooks: built through a builder, then
 * compiled into an immutable td_rulebook.
 *
 * A rulebook says how a cluster is scored (see docs/scoring.md): sections of
 * criteria with maximum points and a scoring rule each, bonus and deduction
 * items, an overall bonus cap, classification bands and the leader rule.
 *
 * Life cycle: td_rulebook_builder_new() → td_rulebook_builder_add_…() /
 * _set_…() (td_rulebook_builder_set_rule() with a td_rule for each
 * criterion) → td_rulebook_builder_build() → td_rulebook_free(). The builder
 * is an ordinary mutable object: use it from one thread at a time. The
 * compiled td_rulebook never changes; any number of threads may evaluate
 * with it at once. Results keep their rulebook alive (it is reference
 * counted), so td_rulebook_free() may be called while results still exist.
 *
 * Ids are non-empty UTF-8 text without control characters (C0, DEL, C1),
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069), line or paragraph separators, or invisible
 * (default-ignorable) characters such as U+200B-U+200D, U+00AD, U+FEFF and
 * variation selectors: TD_EINVAL names the character as U+XXXX. Names may
 * hold any Unicode, tabs and line breaks, but no other control character.
 * Every message shows such characters escaped ("\x1b", "\u{202e}").
 * Strings passed in are copied; strings returned are borrowed from the
 * object and live as long as it does.
 *
 * Builder functions that fail leave the builder as it was before the call.
 */
#ifndef THIDUA_RULEBOOK_H
#define THIDUA_RULEBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "thidua/common.h"
#include "thidua/decimal.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A rulebook under construction (mutable, single-threaded). */
typedef struct td_rulebook_builder td_rulebook_builder;
/** A compiled rulebook (immutable, thread-safe, reference counted). */
typedef struct td_rulebook td_rulebook;

/** Whether a higher or a lower actual value is better. */
typedef enum td_direction {
    TD_DIRECTION_HIGHER = 0, /**< r = A / T (the default) */
    TD_DIRECTION_LOWER = 1   /**< r = max(0, 2 - A / T), e.g. a poverty rate */
} td_direction;

/** A criterion's scoring rule. */
typedef enum td_rule_kind {
    TD_RULE_NONE = 0,         /**< not set yet: building fails */
    TD_RULE_PROPORTIONAL = 1, /**< M x min(r, cap) */
    TD_RULE_THRESHOLD = 2,    /**< M if r >= at, else 0 */
    TD_RULE_SHORTFALL = 3,    /**< M minus a deduction per `per` points of shortfall */
    TD_RULE_BANDS = 4,        /**< the points of the first band the value reaches */
    TD_RULE_BEST = 5,         /**< M x v / best over the members */
    TD_RULE_RANK = 6,         /**< points by the member's rank on this criterion */
    TD_RULE_MANUAL = 7,       /**< points given in the data */
    TD_RULE_EXPR = 8          /**< the value of an expression, clamped to [0, M] */
} td_rule_kind;

/** How a shortfall is counted in steps of `per` percentage points. */
typedef enum td_shortfall_step {
    TD_SHORTFALL_STEP_LINEAR = 0, /**< the exact fraction of steps */
    TD_SHORTFALL_STEP_CEIL = 1,   /**< every started step counts */
    TD_SHORTFALL_STEP_FLOOR = 2   /**< only whole steps count */
} td_shortfall_step;

/* The names of 0.1.0, before the enum prefixes were aligned, kept for source
 * compatibility; define TD_NO_DEPRECATED_NAMES to hide them. */
#if !defined(TD_NO_DEPRECATED_NAMES) && !defined(SWIG)
#define TD_STEP_LINEAR TD_SHORTFALL_STEP_LINEAR
#define TD_STEP_CEIL   TD_SHORTFALL_STEP_CEIL
#define TD_STEP_FLOOR  TD_SHORTFALL_STEP_FLOOR
#endif

/** What the `best` rule compares. */
typedef enum td_best_of {
    TD_BEST_OF_ATTAINMENT = 0, /**< the attainment r (the default) */
    TD_BEST_OF_ACTUAL = 1      /**< the actual value (no target needed) */
} td_best_of;

/**
 * What the `bands` rule compares with the bands' `at` (an extension of
 * contract v1, mirroring td_best_of).
 */
typedef enum td_bands_of {
    TD_BANDS_OF_ATTAINMENT = 0, /**< the attainment r (the default) */
    TD_BANDS_OF_ACTUAL = 1      /**< the actual value, in the measure's unit (no target needed) */
} td_bands_of;

/** Whether an adjustment item adds or subtracts points. */
typedef enum td_adjustment_kind {
    TD_ADJUSTMENT_BONUS = 0,    /**< counts towards the bonus (capped by bonus_max) */
    TD_ADJUSTMENT_DEDUCTION = 1 /**< subtracted from the total */
} td_adjustment_kind;

/** How the next period's cluster leader is chosen. */
typedef enum td_leader_rule {
    TD_LEADER_RULE_NONE = 0,     /**< no leader decision */
    TD_LEADER_RULE_ROTATION = 1, /**< the next unit after the current leader in the order, wrapping */
    TD_LEADER_RULE_ELECTION = 2, /**< the data names next_leader, who must be a member */
    TD_LEADER_RULE_TOP_RANK = 3  /**< the member ranked 1; a tie needs next_leader in the data */
} td_leader_rule;

/** How the next period's deputy (cụm phó) is chosen (rulebook 1.1). */
typedef enum td_deputy_rule {
    TD_DEPUTY_RULE_NONE = 0,      /**< no deputy decision */
    TD_DEPUTY_RULE_ROTATION = 1,  /**< the unit after the current deputy in the order, skipping the next leader */
    TD_DEPUTY_RULE_ELECTION = 2,  /**< the data names next_deputy */
    TD_DEPUTY_RULE_SUCCESSION = 3 /**< the deputy becomes the next leader, whatever the leader rule; the
                                       next deputy is the unit after the new leader in the order, or the
                                       data's next_deputy when there is no order */
} td_deputy_rule;

/* The names of 0.1.0, before the enum prefixes were aligned, kept for source
 * compatibility; define TD_NO_DEPRECATED_NAMES to hide them. */
#if !defined(TD_NO_DEPRECATED_NAMES) && !defined(SWIG)
#define TD_LEADER_NONE     TD_LEADER_RULE_NONE
#define TD_LEADER_ROTATION TD_LEADER_RULE_ROTATION
#define TD_LEADER_ELECTION TD_LEADER_RULE_ELECTION
#define TD_LEADER_TOP_RANK TD_LEADER_RULE_TOP_RANK
#endif

/** The largest `precision` a rulebook may have. */
#define TD_MAX_PRECISION 12

/** One band of a `bands` rule: `points` for a value of at least `at`. */
typedef struct td_band {
    td_decimal at;     /**< the lowest value of the band (a ratio, or the actual with TD_BANDS_OF_ACTUAL) */
    td_decimal points; /**< the points of the band */
} td_band;

/** The version of td_rule that these headers describe. */
#define TD_RULE_VERSION 1

/**
 * A criterion's scoring rule with its parameters, as given to
 * td_rulebook_builder_set_rule() and read back by
 * td_rulebook_criterion_rule() (docs/scoring.md says what each computes).
 * Only the fields of `kind` mean anything; the others keep their defaults.
 * Set `version` (TD_RULE_INIT or td_rule_init()) before passing one in: a
 * later version may add fields at the end.
 */
typedef struct td_rule {
    unsigned int version;          /**< TD_RULE_VERSION */
    td_rule_kind kind;             /**< which rule */
    td_decimal cap;                /**< proportional: the cap on r (default 1) */
    td_decimal at;                 /**< threshold: the attainment needed (default 1) */
    td_decimal deduct;             /**< shortfall: points deducted per step */
    td_decimal per;                /**< shortfall: percentage points per step */
    td_shortfall_step step;        /**< shortfall: how steps are counted (default linear) */
    td_decimal min;                /**< shortfall: the points never deducted below (default 0) */
    td_bands_of bands_of;          /**< bands: what `at` is compared with */
    const td_band *bands;          /**< bands: in strictly descending `at` (borrowed) */
    size_t band_count;             /**< bands: how many */
    td_best_of best_of;            /**< best: what is compared */
    const td_decimal *rank_points; /**< rank: the points of rank 1, 2, … (borrowed) */
    size_t rank_point_count;       /**< rank: how many */
    const char *expr;              /**< expr: the expression's text (borrowed) */
} td_rule;

/** A td_rule of no kind with every default: cap 1, at 1, linear steps, min 0. */
#define TD_RULE_INIT                                                                               \
    {TD_RULE_VERSION, TD_RULE_NONE, {1, 0, 0}, {1, 0, 0}, {0, 0, 0}, {0, 0, 0},                    \
     TD_SHORTFALL_STEP_LINEAR, {0, 0, 0}, TD_BANDS_OF_ATTAINMENT, NULL, 0, TD_BEST_OF_ATTAINMENT, NULL, \
     0, NULL}

/** A criterion's bonus for exceeding its target (docs/scoring.md). */
typedef struct td_bonus {
    td_decimal per;    /**< percentage points above 100 % per step */
    td_decimal points; /**< points per step */
    bool has_max;      /**< whether `max` caps the bonus */
    td_decimal max;    /**< the criterion's own cap on its bonus */
} td_bonus;

/** How an award's number of places is limited. */
typedef enum td_quota_kind {
    TD_QUOTA_NONE = 0,   /**< every candidate is selected */
    TD_QUOTA_COUNT = 1,  /**< at most `count` members */
    TD_QUOTA_PERCENT = 2 /**< `percent` of the members, rounded, at least `min` */
} td_quota_kind;

/** The version of td_quota that these headers describe. */
#define TD_QUOTA_VERSION 1

/**
 * An award's quota, as read back by td_rulebook_award_quota(). Set
 * `version` (TD_QUOTA_INIT) before passing one in.
 */
typedef struct td_quota {
    unsigned int version;  /**< TD_QUOTA_VERSION */
    td_quota_kind kind;    /**< which limit, if any */
    int64_t count;         /**< TD_QUOTA_COUNT: the places */
    td_decimal percent;    /**< TD_QUOTA_PERCENT: a number of percent (50: half) */
    td_rounding rounding;  /**< TD_QUOTA_PERCENT: TD_ROUNDING_FLOOR, _CEIL or _HALF_UP */
    int64_t min;           /**< TD_QUOTA_PERCENT: at least this many places */
} td_quota;

/** A td_quota of no kind. */
#define TD_QUOTA_INIT {TD_QUOTA_VERSION, TD_QUOTA_NONE, 0, {0, 0, 0}, TD_ROUNDING_FLOOR, 0}

/* ---- The builder ------------------------------------------------------- */

/**
 * Creates a builder for a rulebook with the given id. `alloc` may be NULL for
 * malloc/realloc/free; otherwise it is copied and used for the builder and
 * for the rulebooks built from it.
 * Ownership: *out belongs to the caller; free it with td_rulebook_builder_free().
 * Errors: TD_EINVAL (NULL out, invalid id), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_new(td_rulebook_builder **out, const char *id,
                                            const td_allocator *alloc, td_error *err);

/** Frees the builder. Accepts NULL. Rulebooks built from it are unaffected. */
TD_EXTERN void td_rulebook_builder_free(td_rulebook_builder *builder);

/** Sets the display name (any UTF-8 text). Errors: TD_EINVAL, TD_ENOMEM. */
TD_EXTERN td_status td_rulebook_builder_set_name(td_rulebook_builder *builder, const char *name,
                                                 td_error *err);

/**
 * Sets the number of decimals criterion points and bonus are rounded to
 * (half away from zero); the default is 2.
 * Errors: TD_EINVAL (NULL), TD_ERANGE (outside 0..TD_MAX_PRECISION).
 */
TD_EXTERN td_status td_rulebook_builder_set_precision(td_rulebook_builder *builder, int precision,
                                                      td_error *err);

/**
 * Appends a section. `max` caps the sum of the section's criterion points
 * (bonus excluded); NULL means no cap. `name` may be NULL.
 * Errors: TD_EINVAL (NULL builder, invalid id), TD_EEXISTS (section id taken),
 * TD_ERANGE (negative max), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_section(td_rulebook_builder *builder, const char *id,
                                                    const char *name, const td_decimal *max,
                                                    td_error *err);

/**
 * Appends a criterion to a section, or (rulebook 1.1) to a group node added
 * by td_rulebook_builder_add_node(): `section_id` names either. Its maximum
 * points `max` are >= 0. Its measure defaults to its own id, its direction
 * to higher; a rule must be set before building. `name` may be NULL.
 * Errors: TD_EINVAL, TD_ENOTFOUND (no such section or group node),
 * TD_EEXISTS (criterion id taken, in any section, or the id of a group
 * node), TD_ERANGE (negative max), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_criterion(td_rulebook_builder *builder,
                                                      const char *section_id, const char *id,
                                                      const char *name, td_decimal max,
                                                      td_error *err);

/** How many levels of criteria a section may hold (rulebook 1.1 nested score tables). */
#define TD_CRITERIA_MAX_LEVELS 3

/**
 * Appends a group node of criteria (rulebook 1.1 nested score tables)
 * below a section or below another group node, `parent_id` naming either.
 * Its points are the sum of its children's points (criteria and group
 * nodes, bonus excluded), capped at `max` (>= 0, required); the children's
 * maxima may add up to more. Criteria and nodes are added below it by
 * naming its id. A section holds at most TD_CRITERIA_MAX_LEVELS levels of
 * criteria: a node directly below a section is at level 1, and a node at
 * level 2 may hold criteria but no node. Node ids are unique across the
 * rulebook: no section, criterion or other node may have the same id. A
 * node must end up holding at least one criterion
 * (td_rulebook_builder_build()). `name` may be NULL.
 * Errors: TD_EINVAL, TD_ENOTFOUND (no such section or node), TD_EEXISTS
 * (the id is a section's, a criterion's or a node's), TD_ERANGE (negative
 * max), TD_ERULEBOOK (a node below a node of level 2), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_node(td_rulebook_builder *builder, const char *parent_id,
                                                 const char *id, const char *name, td_decimal max,
                                                 td_error *err);

/**
 * Names the measure (the key of targets and results) a criterion reads.
 * Errors: TD_EINVAL, TD_ENOTFOUND (no such criterion), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_set_measure(td_rulebook_builder *builder,
                                                    const char *criterion_id, const char *measure,
                                                    td_error *err);

/** Sets higher- or lower-is-better. Errors: TD_EINVAL, TD_ENOTFOUND. */
TD_EXTERN td_status td_rulebook_builder_set_direction(td_rulebook_builder *builder,
                                                      const char *criterion_id,
                                                      td_direction direction, td_error *err);

/**
 * Sets a criterion's scoring rule with its parameters, replacing any rule
 * set before; the parameters are copied (bands, rank points, the
 * expression's text). Start from TD_RULE_INIT, which has the defaults, and
 * set `kind` and the fields of that kind (docs/scoring.md):
 *
 *     td_rule r = TD_RULE_INIT;
 *     r.kind = TD_RULE_SHORTFALL;
 *     r.deduct = one; r.per = five; r.step = TD_SHORTFALL_STEP_CEIL;
 *     td_rulebook_builder_set_rule(b, "loans", &r, &err);
 *
 * - proportional: cap > 0. threshold: at >= 0.
 * - shortfall: deduct >= 0, per > 0 (percentage points, e.g. 5),
 *   0 <= min <= the criterion's max M; step linear, ceil or floor.
 * - bands: `band_count` bands {at, points} in strictly descending `at`
 *   (>= 0), 0 <= points <= M, compared with `bands_of`: the attainment r
 *   (`at` a ratio such as 0.8) or the actual value itself (`at` in the
 *   measure's own unit; the criterion then needs only actuals, and targets
 *   for all members or none). A member gets the points of the first band
 *   with value >= at, 0 if none. The criterion's direction does not turn
 *   the comparison round: for a lower-is-better value give the lowest band
 *   the most points.
 * - best: `best_of` the attainment or the actual.
 * - rank: `rank_point_count` points, rank 1 first, each 0 <= points <= M.
 * - manual: points are given in the cluster data (td_cluster_set_score()).
 * - expr: the criterion's points are the value of `expr`, clamped to [0, M]
 *   (the clamping is shown in the explanation). It may use attainment(),
 *   actual(), target(), met(), all_met(), count_met(), events(),
 *   history(), consecutive(), members and is_leader; it is compiled by
 *   td_rulebook_builder_build(). Like every rule but manual, the criterion
 *   needs a target and an actual for every member.
 *
 * A rule with no bands or no rank points is refused when building.
 * Errors: TD_EINVAL (NULL builder, id or rule; an unknown version, kind,
 * step or `of`; NULL arrays with a count; NULL or invalid expression text),
 * TD_ENOTFOUND (no such criterion), TD_ERANGE (a negative or zero
 * parameter where it must be positive, named in the message),
 * TD_ERULEBOOK (bands not in descending `at`; band or rank points, or a
 * shortfall min, above the criterion's max), TD_ENOMEM. On failure the
 * criterion keeps its rule.
 */
TD_EXTERN td_status td_rulebook_builder_set_rule(td_rulebook_builder *builder, const char *criterion_id,
                                                 const td_rule *rule, td_error *err);

/**
 * Gives a criterion a bonus of points x floor((r - 1) x 100 / per) when r > 1,
 * at most *max (NULL: no cap of its own). per > 0, points >= 0, max >= 0.
 */
TD_EXTERN td_status td_rulebook_builder_set_bonus(td_rulebook_builder *builder,
                                                  const char *criterion_id, td_decimal per,
                                                  td_decimal points, const td_decimal *max,
                                                  td_error *err);

/**
 * Appends an adjustment item that cluster data reports as events: `points`
 * (>= 0) per event, at most *max per member (NULL: no cap). `name` may be NULL.
 * Errors: TD_EINVAL, TD_EEXISTS, TD_ERANGE, TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_adjustment(td_rulebook_builder *builder,
                                                       const char *id, const char *name,
                                                       td_adjustment_kind kind, td_decimal points,
                                                       const td_decimal *max, td_error *err);

/**
 * Caps the sum of all bonus (criterion bonus plus bonus items); NULL removes
 * the cap. Errors: TD_EINVAL, TD_ERANGE (negative).
 */
TD_EXTERN td_status td_rulebook_builder_set_bonus_max(td_rulebook_builder *builder,
                                                      const td_decimal *max, td_error *err);

/**
 * Appends a classification entry: a member gets the first entry whose
 * minimum it reaches (total >= *min, min NULL: no minimum) and whose
 * condition holds (td_rulebook_builder_set_classification_when()). The
 * last entry must have neither, so that every member gets one; an entry
 * before it needs a minimum or a condition, or the entries after it could
 * never apply (both checked by td_rulebook_builder_build()). `name` may be
 * NULL.
 * Errors: TD_EINVAL, TD_EEXISTS (the id is taken by an entry or an award),
 * TD_ERANGE (negative min), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_classification(td_rulebook_builder *builder,
                                                           const char *id, const char *name,
                                                           const td_decimal *min, td_error *err);

/** Sets the leader rule (default TD_LEADER_RULE_NONE). Errors: TD_EINVAL. */
TD_EXTERN td_status td_rulebook_builder_set_leader_rule(td_rulebook_builder *builder,
                                                        td_leader_rule rule, td_error *err);

/**
 * Sets the deputy rule (rulebook 1.1; default TD_DEPUTY_RULE_NONE). The
 * order of td_rulebook_builder_add_leader_order() serves the deputy rules
 * too, whatever the leader rule. Errors: TD_EINVAL.
 */
TD_EXTERN td_status td_rulebook_builder_set_deputy_rule(td_rulebook_builder *builder, td_deputy_rule rule,
                                                        td_error *err);

/**
 * Appends a unit to the rotation order of TD_LEADER_RULE_ROTATION.
 * Errors: TD_EINVAL, TD_EEXISTS (unit already in the order), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_leader_order(td_rulebook_builder *builder,
                                                         const char *unit_id, td_error *err);

/* ---- Expressions in the rulebook --------------------------------------
 *
 * The functions below take expression text (docs/expressions.md). The text
 * is copied and compiled by td_rulebook_builder_build(), when every name it
 * may refer to is known; a syntax, name or type error is then reported as
 * TD_EPARSE (TD_ELIMIT for the size and nesting limits), and a name used
 * before the stage that computes it (a classification `when` or a ranking
 * key using `rank` or award(), an expr rule using points or totals...) as
 * TD_ERULEBOOK, each with a message that names where the expression belongs
 * ("classification 'xuat_sac' when: …"), `line` 1 and `column` the 1-based
 * byte column within the text.
 * Faults found when td_evaluate() runs the expressions (a division by zero)
 * are positioned the same way, with no file: only a rulebook read from a
 * document (thidua/io.h) knows where its expressions stand in that document.
 */

/**
 * Sets the limits every expression of the rulebook must keep: its length
 * in bytes and its nesting depth (see docs/expressions.md); 0 keeps the
 * default (4096 bytes, 64 levels). An expression beyond them is refused
 * with TD_ELIMIT when building.
 * Errors: TD_EINVAL (NULL builder, a limit above TD_EXPR_MAX_BYTES_LIMIT
 * or TD_EXPR_MAX_DEPTH_LIMIT of thidua/expr.h).
 */
TD_EXTERN td_status td_rulebook_builder_set_expression_limits(td_rulebook_builder *builder,
                                                              size_t max_bytes, size_t max_depth,
                                                              td_error *err);

/**
 * Adds a derived measure computed per member from other measures, e.g.
 * "hh_achieved / hh_registered". Bare names in the formula are base
 * measures of the data or derived measures added before this one. The
 * formula is computed separately from targets and from actuals; a member
 * lacking an input has no value of it. Each quotient is carried to 12
 * decimals and the measure rounded to 6.
 * Errors: TD_EINVAL, TD_EEXISTS (measure id taken), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_measure(td_rulebook_builder *builder, const char *id,
                                                    const char *formula, td_error *err);

/**
 * Adds a derived measure with a formula per side (rulebook 1.1):
 * `target_formula` computes its target, `actual_formula` its actual, each
 * reading that side of its inputs; NULL for a side the data gives, like a
 * base measure's (a target set directly, an actual computed from counts).
 * Data giving a side that has a formula is a data error.
 * Errors: TD_EINVAL (both NULL, or as td_rulebook_builder_add_measure()),
 * TD_EEXISTS, TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_measure_sides(td_rulebook_builder *builder, const char *id,
                                                          const char *target_formula,
                                                          const char *actual_formula, td_error *err);

/**
 * Declares a title (rulebook 1.1): an id decided by another body (a
 * provincial Certificate of Merit, a national title) that history records
 * and the history functions (history(), consecutive(), since()) may name,
 * and that appears nowhere in results. Once a rulebook declares titles, a
 * history record whose id is not one of its awards, classification entries
 * or titles is a data error (a misspelt id must not silently cost a member
 * its proposal); without titles, such a record is kept, with a warning when
 * the data is read with the rulebook. `name` may be NULL.
 * Errors: TD_EINVAL (NULL builder, an invalid id or name), TD_EEXISTS
 * (declared twice), TD_ENOMEM; at build, TD_ERULEBOOK when an award or a
 * classification entry has its id.
 */
TD_EXTERN td_status td_rulebook_builder_add_title(td_rulebook_builder *builder, const char *id,
                                                  const char *name, td_error *err);

/**
 * Declares an input (rulebook 1.1): a base measure that no criterion
 * scores, read by expressions (bare in derived measures, through actual(),
 * has() and attainment() elsewhere). Once a rulebook declares an input,
 * every measure in a cluster's data must be one the rulebook knows (a
 * criterion's measure, a base measure a formula names, or an input): any
 * other is a data error at evaluation, with the nearest known id
 * suggested. Its id may not be a built-in name; at build, it may not be
 * the id of a criterion, a criterion's measure, a derived measure or a
 * parameter (TD_ERULEBOOK then).
 * Errors: TD_EINVAL (NULL builder, an invalid or reserved id), TD_EEXISTS
 * (declared twice), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_input(td_rulebook_builder *builder, const char *id,
                                                  td_error *err);

/**
 * Declares a roll-up (rulebook 1.1 section 4): children (households,
 * people) scored by their own rulebook, `child`, and counted into the
 * parent members by the measures td_rulebook_builder_add_rollup_measure()
 * gives. `id` names the child data in the cluster (td_cluster_set_children()).
 * The builder, then the rulebook built, hold a reference to `child`, which
 * the caller may free at once.
 * Errors: TD_EINVAL (NULL builder or child, an invalid id), TD_EEXISTS
 * (declared twice), TD_ERULEBOOK (`child` has roll-ups itself, or a leader
 * rule: a child rulebook scores children, it does not choose leaders),
 * TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_rollup(td_rulebook_builder *builder, const char *id,
                                                   const td_rulebook *child, td_error *err);

/**
 * Adds to roll-up `rollup_id` the measure `measure_id`, whose actual for
 * each member is `aggregate` over the member's children (those whose unit
 * is the member or a unit below it, td_cluster_add_unit()):
 * - `count(cond)`: how many children satisfy cond; `count()`: how many
 *   children there are;
 * - `sum(value)`, `sum(value, cond)`: the exact sum of value over the
 *   children (that satisfy cond);
 * - `share(cond)`: count(cond) ÷ count(), rounded half away from zero to 6
 *   decimals; a member without children is a data error.
 * `cond` and `value` are expressions of the child rulebook that see a whole
 * evaluation of the child (thidua/expr.h: classification, total, award(),
 * actual(), has(), history functions...), compiled here: errors carry line
 * 1 and the byte column in `aggregate`. The measure is a base measure of
 * the parent whose actual only the roll-up gives (data giving one is an
 * error at evaluation); its target still comes from the data. Its id may
 * not be a derived measure's or an input's (TD_ERULEBOOK at build).
 * Errors: TD_EINVAL (NULL builder or aggregate, an invalid id),
 * TD_ENOTFOUND (no such roll-up), TD_EEXISTS (a roll-up gives the measure
 * already), TD_EPARSE (not one of the forms above, or an argument that does
 * not compile against the child rulebook, or is not a condition where one
 * is needed), TD_ELIMIT, TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_rollup_measure(td_rulebook_builder *builder, const char *rollup_id,
                                                           const char *measure_id, const char *aggregate,
                                                           td_error *err);

/**
 * Declares a parameter (rulebook 1.1): a named number that every
 * expression of the rulebook reads by its bare name, `value` unless the
 * cluster's data sets another for its period (td_cluster_set_parameter()).
 * Its id may not be a built-in name or keyword of the expression language;
 * at build, it may not be the id of a criterion, a measure or an input
 * either (TD_ERULEBOOK then).
 * Errors: TD_EINVAL (NULL builder, an invalid or reserved id), TD_EEXISTS
 * (declared twice), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_parameter(td_rulebook_builder *builder, const char *id,
                                                      td_decimal value, td_error *err);

/**
 * Adds a condition to a classification entry: the entry applies when the
 * total reaches its min and `when` holds. It may not use rank or award():
 * td_rulebook_builder_build() refuses that with TD_ERULEBOOK.
 * Errors: TD_EINVAL, TD_ENOTFOUND (no such entry), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_set_classification_when(td_rulebook_builder *builder,
                                                                const char *classification_id,
                                                                const char *when, td_error *err);

/**
 * Appends a ranking key: an expression giving a number or a boolean (true
 * above false), highest first when `descending`. Members equal on every key
 * share a rank. Without keys the ranking is by total, descending. Keys may
 * not use rank or award(): td_rulebook_builder_build() refuses that with
 * TD_ERULEBOOK.
 * Errors: TD_EINVAL, TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_ranking_key(td_rulebook_builder *builder,
                                                        const char *expr, bool descending,
                                                        td_error *err);

/**
 * Appends an award, decided after every award added before it. `when` is
 * the condition (any name, including rank, classification and award() of an
 * earlier award); NULL means every member is a candidate. `name` may be NULL.
 * Errors: TD_EINVAL, TD_EEXISTS (the id is taken by an award or a
 * classification entry), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_award(td_rulebook_builder *builder, const char *id,
                                                  const char *name, const char *when, td_error *err);

/**
 * Limits an award to `count` (>= 0) members.
 * Errors: TD_EINVAL, TD_ENOTFOUND, TD_ERANGE, TD_ERULEBOOK (a percent quota
 * is set already).
 */
TD_EXTERN td_status td_rulebook_builder_set_award_quota_count(td_rulebook_builder *builder,
                                                              const char *award_id, int64_t count,
                                                              td_error *err);

/**
 * Limits an award to `percent` (0..100, a number of percent: 50 means half)
 * of the cluster's members, rounded by `rounding` (TD_ROUNDING_FLOOR,
 * TD_ROUNDING_CEIL or TD_ROUNDING_HALF_UP), but at least `min` (>= 0).
 * Errors: TD_EINVAL (other rounding), TD_ENOTFOUND, TD_ERANGE,
 * TD_ERULEBOOK (a count quota is set already).
 */
TD_EXTERN td_status td_rulebook_builder_set_award_quota_percent(td_rulebook_builder *builder,
                                                                const char *award_id,
                                                                td_decimal percent,
                                                                td_rounding rounding, int64_t min,
                                                                td_error *err);

/**
 * Counts a percent quota on something else than the members (rulebook
 * 1.1): `of` is "members" (the default), "candidates" (this award's
 * candidates: members whose condition holds and who are not excluded), or
 * the id of an award listed before this one (N is its selected count:
 * "grassroots Emulation Fighters at most 15 % of the Advanced Labourers").
 * Errors: TD_EINVAL (NULL, an invalid id), TD_ENOTFOUND (no such award),
 * TD_ENOMEM; at build, TD_ERULEBOOK when the award has no percent quota or
 * `of` names itself, a later award or no award.
 */
TD_EXTERN td_status td_rulebook_builder_set_award_quota_of(td_rulebook_builder *builder, const char *award_id,
                                                           const char *of, td_error *err);

/**
 * Computes and fills an award's quota inside each group of members
 * (rulebook 1.1 `per: group`): a count is per group, and N of a percent is
 * counted in the group (its members, its candidates, or its members
 * selected for the award named by `of`); ties at the boundary are per
 * group, and `min` applies to each group's quota. Every member must then
 * have a group. Errors: TD_EINVAL, TD_ENOTFOUND; at build, TD_ERULEBOOK
 * without a quota.
 */
TD_EXTERN td_status td_rulebook_builder_set_award_quota_per_group(td_rulebook_builder *builder,
                                                                  const char *award_id, td_error *err);

/** What a ballot's minimum is a share of (rulebook 1.1). */
typedef enum td_ballot_of {
    TD_BALLOT_OF_COUNCIL = 0, /**< the members of the council (the default) */
    TD_BALLOT_OF_CAST = 1     /**< the votes cast */
} td_ballot_of;

/**
 * Puts an award to a council's ballot (rulebook 1.1): after its condition
 * and exclusions, before its quota, a candidate with no votes in the data
 * (td_cluster_set_votes()) is TD_AWARD_PENDING_BALLOT, one with votes below
 * `min` (a ratio, 0..1: 0.9 for 90 %) of the council (or of the votes cast)
 * TD_AWARD_BALLOT_FAILED; the comparison is exact (votes >= min x N).
 * Errors: TD_EINVAL, TD_ENOTFOUND, TD_ERANGE (min outside 0..1).
 */
TD_EXTERN td_status td_rulebook_builder_set_award_ballot(td_rulebook_builder *builder, const char *award_id,
                                                         td_decimal min, td_ballot_of of, td_error *err);

/**
 * Takes an award's candidates by votes, most first, then by rank (the
 * award's `order: votes`, rulebook 1.1); a tie is equal votes and equal
 * rank. Errors: TD_EINVAL, TD_ENOTFOUND; at build, TD_ERULEBOOK when the
 * award has no ballot or an order expression too.
 */
TD_EXTERN td_status td_rulebook_builder_set_award_order_votes(td_rulebook_builder *builder, const char *award_id,
                                                              td_error *err);

/**
 * Makes two awards exclusive: a member selected for one is `excluded` from
 * the other (both ways). `other_id` must be an award too (checked when
 * building). Errors: TD_EINVAL, TD_ENOTFOUND, TD_EEXISTS, TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_award_exclusion(td_rulebook_builder *builder,
                                                            const char *award_id,
                                                            const char *other_id, td_error *err);

/**
 * Orders an award's candidates by an expression, ascending, instead of by
 * rank. Errors: TD_EINVAL, TD_ENOTFOUND, TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_set_award_order(td_rulebook_builder *builder,
                                                        const char *award_id, const char *order,
                                                        td_error *err);

/* ---- Definitions in one call -------------------------------------------
 *
 * A criterion, a classification entry or an award with everything it has,
 * and the leader rule with its order, each given as one value struct to one
 * call. The call checks every part and either adds the whole definition or
 * fails and leaves the builder as it was: a program (or a language binding)
 * never has to undo a definition that was half applied. Each part is checked
 * as the per-part call above checks it, in the order listed in the struct,
 * with the same error. Strings and arrays are copied; the struct may be
 * reused once the call returns (a failed call may leave copies of its
 * strings in the builder's memory until the builder is freed). Set
 * `version` (the _INIT macro) before filling a struct in: a later version
 * may add fields at the end.
 */

/** The version of td_criterion_spec that these headers describe. */
#define TD_CRITERION_SPEC_VERSION 1

/** A criterion for td_rulebook_builder_add_criterion_spec(). */
typedef struct td_criterion_spec {
    unsigned int version;   /**< TD_CRITERION_SPEC_VERSION */
    const char *parent_id;  /**< the section, or the group node (rulebook 1.1), that holds it */
    const char *id;         /**< the criterion's id */
    const char *name;       /**< its name, or NULL */
    td_decimal max;         /**< its maximum points (>= 0) */
    const char *measure;    /**< the measure it scores; NULL: the measure named by its id */
    td_direction direction; /**< TD_DIRECTION_HIGHER (the default) or TD_DIRECTION_LOWER */
    const td_rule *rule;    /**< its rule (td_rulebook_builder_set_rule()); NULL: none yet */
    const td_bonus *bonus;  /**< its bonus (td_rulebook_builder_set_bonus()); NULL: none */
} td_criterion_spec;

/** A td_criterion_spec with every default: no name, max 0, its own measure, higher is better. */
#define TD_CRITERION_SPEC_INIT {TD_CRITERION_SPEC_VERSION, NULL, NULL, NULL, {0, 0, 0}, NULL, TD_DIRECTION_HIGHER, NULL, NULL}

/**
 * Appends a criterion with its measure, direction, rule and bonus in one
 * call: td_rulebook_builder_add_criterion(), then _set_measure(),
 * _set_direction(), _set_rule() and _set_bonus() for the parts given (a
 * bonus's `max` caps it only when `has_max` is true).
 * Errors: those of the calls it stands for (the first part that fails),
 * TD_EINVAL (NULL spec, unknown version); on any error nothing is added.
 */
TD_EXTERN td_status td_rulebook_builder_add_criterion_spec(td_rulebook_builder *builder,
                                                           const td_criterion_spec *spec, td_error *err);

/** The version of td_classification_spec that these headers describe. */
#define TD_CLASSIFICATION_SPEC_VERSION 1

/** A classification entry for td_rulebook_builder_add_classification_spec(). */
typedef struct td_classification_spec {
    unsigned int version;  /**< TD_CLASSIFICATION_SPEC_VERSION */
    const char *id;        /**< the entry's id */
    const char *name;      /**< its name, or NULL */
    bool has_min;          /**< whether the total must reach `min` */
    td_decimal min;        /**< the minimum total (>= 0) */
    const char *when;      /**< its condition (an expression), or NULL */
} td_classification_spec;

/** A td_classification_spec with neither minimum nor condition (a catch-all entry). */
#define TD_CLASSIFICATION_SPEC_INIT {TD_CLASSIFICATION_SPEC_VERSION, NULL, NULL, false, {0, 0, 0}, NULL}

/**
 * Appends a classification entry with its minimum and condition in one
 * call (td_rulebook_builder_add_classification() and
 * _set_classification_when()). Errors: as those calls, TD_EINVAL (NULL
 * spec, unknown version); on any error nothing is added.
 */
TD_EXTERN td_status td_rulebook_builder_add_classification_spec(td_rulebook_builder *builder,
                                                                const td_classification_spec *spec,
                                                                td_error *err);

/** The version of td_award_spec that these headers describe. */
#define TD_AWARD_SPEC_VERSION 1

/** An award for td_rulebook_builder_add_award_spec(). */
typedef struct td_award_spec {
    unsigned int version;          /**< TD_AWARD_SPEC_VERSION */
    const char *id;                /**< the award's id */
    const char *name;              /**< its name, or NULL */
    const char *when;              /**< its condition, or NULL: every member is a candidate */
    const td_quota *quota;         /**< its quota (`version` TD_QUOTA_VERSION), or NULL: none */
    const char *quota_of;          /**< 1.1: what a percent quota counts ("members", "candidates", an
                                        earlier award's id); NULL: the members */
    bool quota_per_group;          /**< 1.1: the quota is computed in each group */
    const char *const *excludes;   /**< awards it is exclusive with (exclude_count ids) */
    size_t exclude_count;          /**< how many */
    bool has_ballot;               /**< 1.1: a council's ballot decides */
    td_decimal ballot_min;         /**< the ballot's minimum, a ratio 0..1 */
    td_ballot_of ballot_of;        /**< what the minimum is a share of */
    const char *order;             /**< an expression ordering the candidates, or NULL: by rank */
    bool order_votes;              /**< 1.1: by votes, then rank (`order: votes`) */
} td_award_spec;

/** A td_award_spec of an award for every member, with no quota, ballot, exclusion or order. */
#define TD_AWARD_SPEC_INIT                                                                         \
    {TD_AWARD_SPEC_VERSION, NULL, NULL, NULL, NULL, NULL, false, NULL, 0, false, {0, 0, 0},      \
     TD_BALLOT_OF_COUNCIL, NULL, false}

/**
 * Appends an award with everything it has in one call:
 * td_rulebook_builder_add_award(), then the quota (_set_award_quota_count()
 * or _percent()), _set_award_quota_of(), _set_award_quota_per_group(),
 * _add_award_exclusion() for each id, _set_award_ballot(), _set_award_order()
 * and _set_award_order_votes(), for the parts given.
 * Errors: those of the calls it stands for, TD_EINVAL (NULL spec, unknown
 * version or quota version, an unknown quota kind, exclude_count > 0 with
 * NULL excludes); on any error nothing is added.
 */
TD_EXTERN td_status td_rulebook_builder_add_award_spec(td_rulebook_builder *builder, const td_award_spec *spec,
                                                       td_error *err);

/** The version of td_leader_spec that these headers describe. */
#define TD_LEADER_SPEC_VERSION 1

/** How the next leader and deputy are chosen, for td_rulebook_builder_set_leader_spec(). */
typedef struct td_leader_spec {
    unsigned int version;       /**< TD_LEADER_SPEC_VERSION */
    td_leader_rule rule;        /**< the leader rule */
    td_deputy_rule deputy;      /**< the deputy rule (rulebook 1.1) */
    const char *const *order;   /**< the rotation order (order_count unit ids) */
    size_t order_count;         /**< how many */
} td_leader_spec;

/** A td_leader_spec with no leader or deputy decision and no order. */
#define TD_LEADER_SPEC_INIT {TD_LEADER_SPEC_VERSION, TD_LEADER_RULE_NONE, TD_DEPUTY_RULE_NONE, NULL, 0}

/**
 * Sets the leader rule, the deputy rule and the rotation order in one call,
 * replacing all three (an order given before is forgotten), where
 * td_rulebook_builder_set_leader_rule() and _set_deputy_rule() set one part
 * and _add_leader_order() appends.
 * Errors: as td_rulebook_builder_set_leader_rule(), _set_deputy_rule() and
 * _add_leader_order() (a unit twice in the order: TD_EEXISTS), TD_EINVAL
 * (NULL spec, unknown version, order_count > 0 with NULL order); on any
 * error the builder keeps its leader rule, deputy rule and order.
 */
TD_EXTERN td_status td_rulebook_builder_set_leader_spec(td_rulebook_builder *builder,
                                                        const td_leader_spec *spec, td_error *err);

/**
 * Checks the whole rulebook and compiles it. The builder stays usable.
 * Ownership: *out belongs to the caller (td_rulebook_free()).
 * Errors: TD_EINVAL, TD_ERULEBOOK (no section, a section without criteria,
 * a criterion without a rule or with an empty band or rank list, a
 * classification without a final catch-all entry or with a `when` on it,
 * an entry before the last with neither min nor `when`, a
 * rotation without an order, an exclusion naming an unknown award, an
 * expression using what is computed after it), TD_EPARSE and TD_ELIMIT (an
 * expression), TD_ENOMEM. A criterion may
 * share its id with a derived measure: that is the default link of a
 * criterion to the measure it scores.
 */
TD_EXTERN td_status td_rulebook_builder_build(td_rulebook **out,
                                              const td_rulebook_builder *builder, td_error *err);

/* ---- The compiled rulebook -------------------------------------------- *
 *
 * Every definition can be read back: ids, names, maxima, rules with their
 * parameters, bonuses, measures, adjustment items, classification, ranking
 * keys, awards and the leader rule, so that a program can show, compare or
 * rewrite a rulebook (td_rulebook_to_yaml() is written on these). Strings
 * and arrays returned are borrowed from the rulebook.
 */

/**
 * Releases the caller's reference. The rulebook is freed when the last
 * result that uses it is freed too. Accepts NULL. Thread-safe.
 */
TD_EXTERN void td_rulebook_free(td_rulebook *rulebook);

/** The rulebook's id. */
TD_EXTERN const char *td_rulebook_id(const td_rulebook *rulebook);

/**
 * Number of warnings td_rulebook_builder_build() found: definitions that are
 * valid but probably not meant (docs/warnings.md): a threshold or an
 * attainment band `at` above 3 (a ratio: 85 where 85 % was meant), a
 * classification `min` above the highest total the rulebook can give, a
 * percent quota below 1 (0.3 where 30 was meant). A rulebook read from a
 * file gives each the place of the value in the file.
 */
TD_EXTERN size_t td_rulebook_warning_count(const td_rulebook *rulebook);
/** Warning i into *out (strings borrowed from the rulebook); false when i is out of range. */
TD_EXTERN bool td_rulebook_warning(td_warning *out, const td_rulebook *rulebook, size_t i);
/**
 * Number of notes the reader of the rulebook's file left (docs/warnings.md,
 * "Notes"): things said for information that need no change, such as a key
 * written with its default value. Unlike warnings they never fail
 * `--strict`. A rulebook built through the API has none unless its reader
 * adds them (td_rulebook_builder_add_note(), thidua/sys/origin.h).
 */
TD_EXTERN size_t td_rulebook_note_count(const td_rulebook *rulebook);
/** Note i into *out (strings borrowed from the rulebook); false when i is out of range. */
TD_EXTERN bool td_rulebook_note(td_warning *out, const td_rulebook *rulebook, size_t i);
/** The rulebook's name, "" when none was set. */
TD_EXTERN const char *td_rulebook_name(const td_rulebook *rulebook);
/** The rounding precision of points. */
TD_EXTERN int td_rulebook_precision(const td_rulebook *rulebook);

/** Number of sections. */
TD_EXTERN size_t td_rulebook_section_count(const td_rulebook *rulebook);
/** Section i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_section_id(const td_rulebook *rulebook, size_t i);
/** Section i's name ("" when none), or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_section_name(const td_rulebook *rulebook, size_t i);
/** Section i's cap into *max; false when it has none or i is out of range. */
TD_EXTERN bool td_rulebook_section_max(td_decimal *max, const td_rulebook *rulebook, size_t i);

/**
 * Number of criteria, over all sections. Criteria are numbered section by
 * section in the order they were added; results use the same numbering.
 * With group nodes (rulebook 1.1) they are numbered in rulebook order: a
 * section's children (criteria and nodes) in the order they were added,
 * each node's criteria where the node stands (depth first).
 */
TD_EXTERN size_t td_rulebook_criterion_count(const td_rulebook *rulebook);
/** Criterion i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_criterion_id(const td_rulebook *rulebook, size_t i);
/** Criterion i's name ("" when none), or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_criterion_name(const td_rulebook *rulebook, size_t i);
/** Criterion i's measure, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_criterion_measure(const td_rulebook *rulebook, size_t i);
/** The index of criterion i's section ((size_t)-1 when i is out of range). */
TD_EXTERN size_t td_rulebook_criterion_section(const td_rulebook *rulebook, size_t i);
/** Criterion i's maximum points (zero when i is out of range). */
TD_EXTERN td_decimal td_rulebook_criterion_max(const td_rulebook *rulebook, size_t i);
/** Criterion i's rule kind (TD_RULE_NONE when i is out of range). */
TD_EXTERN td_rule_kind td_rulebook_criterion_rule_kind(const td_rulebook *rulebook, size_t i);
/**
 * Criterion i's rule and its parameters into *out, whose `version` the
 * caller has set (TD_RULE_INIT). The band, rank point and expression
 * pointers are borrowed from the rulebook.
 * Errors: TD_EINVAL (NULL, an unknown version, i out of range).
 */
TD_EXTERN td_status td_rulebook_criterion_rule(td_rule *out, const td_rulebook *rulebook, size_t i,
                                               td_error *err);
/** Criterion i's bonus into *out; false when it has none or i is out of range. */
TD_EXTERN bool td_rulebook_criterion_bonus(td_bonus *out, const td_rulebook *rulebook, size_t i);
/** Criterion i's direction (higher when i is out of range). */
TD_EXTERN td_direction td_rulebook_criterion_direction(const td_rulebook *rulebook, size_t i);
/**
 * What criterion i's bands compare (TD_BANDS_OF_ATTAINMENT when i is out of
 * range or its rule is not bands).
 */
TD_EXTERN td_bands_of td_rulebook_criterion_bands_of(const td_rulebook *rulebook, size_t i);
/** The index of the criterion with this id into *index; TD_ENOTFOUND if none. */
TD_EXTERN td_status td_rulebook_find_criterion(size_t *index, const td_rulebook *rulebook,
                                               const char *id, td_error *err);

/**
 * Number of group nodes of criteria (rulebook 1.1; 0 in a version 1
 * rulebook). Nodes are numbered in rulebook order (depth first, section by
 * section): a node's parent comes before it. Results use the same numbering.
 */
TD_EXTERN size_t td_rulebook_node_count(const td_rulebook *rulebook);
/** Node i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_node_id(const td_rulebook *rulebook, size_t i);
/** Node i's name ("" when none), or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_node_name(const td_rulebook *rulebook, size_t i);
/** Node i's cap (zero when i is out of range). */
TD_EXTERN td_decimal td_rulebook_node_max(const td_rulebook *rulebook, size_t i);
/** The index of node i's section ((size_t)-1 when i is out of range). */
TD_EXTERN size_t td_rulebook_node_section(const td_rulebook *rulebook, size_t i);
/**
 * The index of the node holding node i, or (size_t)-1 when node i stands
 * directly below its section or i is out of range.
 */
TD_EXTERN size_t td_rulebook_node_parent(const td_rulebook *rulebook, size_t i);
/** Node i's level: 1 directly below its section, 2 below a level-1 node (0 when out of range). */
TD_EXTERN unsigned td_rulebook_node_level(const td_rulebook *rulebook, size_t i);
/**
 * The index of the node holding criterion i, or (size_t)-1 when the
 * criterion stands directly below its section or i is out of range.
 */
TD_EXTERN size_t td_rulebook_criterion_parent(const td_rulebook *rulebook, size_t i);
/** The index of the node with this id into *index; TD_ENOTFOUND if none. */
TD_EXTERN td_status td_rulebook_find_node(size_t *index, const td_rulebook *rulebook, const char *id,
                                          td_error *err);

/** Number of adjustment items. */
TD_EXTERN size_t td_rulebook_adjustment_count(const td_rulebook *rulebook);
/** Adjustment i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_adjustment_id(const td_rulebook *rulebook, size_t i);
/** Adjustment i's kind (bonus when i is out of range). */
TD_EXTERN td_adjustment_kind td_rulebook_adjustment_kind(const td_rulebook *rulebook, size_t i);
/** Adjustment i's name ("" when none), or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_adjustment_name(const td_rulebook *rulebook, size_t i);
/** Adjustment i's points per event (zero when i is out of range). */
TD_EXTERN td_decimal td_rulebook_adjustment_points(const td_rulebook *rulebook, size_t i);
/** Adjustment i's cap per member into *out; false when it has none or i is out of range. */
TD_EXTERN bool td_rulebook_adjustment_max(td_decimal *out, const td_rulebook *rulebook, size_t i);
/** The index of the adjustment item with this id into *index; TD_ENOTFOUND if none. */
TD_EXTERN td_status td_rulebook_find_adjustment(size_t *index, const td_rulebook *rulebook,
                                                const char *id, td_error *err);
/** The cap on all bonus into *out; false when there is none. */
TD_EXTERN bool td_rulebook_bonus_max(td_decimal *out, const td_rulebook *rulebook);

/**
 * Number of measures the rulebook knows: every criterion's measure, every
 * derived measure and every base measure a formula names, each once
 * (derived measures first, in the order they were added).
 */
TD_EXTERN size_t td_rulebook_measure_count(const td_rulebook *rulebook);
/** Measure i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_measure_id(const td_rulebook *rulebook, size_t i);
/**
 * Measure i's formula when one formula derives both its sides; NULL for a
 * base measure (given in data), a measure with a formula per side
 * (td_rulebook_measure_target_formula()) or out of range.
 */
TD_EXTERN const char *td_rulebook_measure_formula(const td_rulebook *rulebook, size_t i);
/** The formula deriving measure i's target (1.1; the one formula of a version 1 measure); NULL when the data gives it. */
TD_EXTERN const char *td_rulebook_measure_target_formula(const td_rulebook *rulebook, size_t i);
/** The formula deriving measure i's actual (1.1; the one formula of a version 1 measure); NULL when the data gives it. */
TD_EXTERN const char *td_rulebook_measure_actual_formula(const td_rulebook *rulebook, size_t i);
/** The index of the measure with this id into *index; TD_ENOTFOUND if the rulebook reads no such measure. */
TD_EXTERN td_status td_rulebook_find_measure(size_t *index, const td_rulebook *rulebook,
                                             const char *id, td_error *err);

/** Number of titles (td_rulebook_builder_add_title()), in the order declared. */
TD_EXTERN size_t td_rulebook_title_count(const td_rulebook *rulebook);
/** Title i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_title_id(const td_rulebook *rulebook, size_t i);
/** Title i's name ("" when none), or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_title_name(const td_rulebook *rulebook, size_t i);
/** Whether history may record `id`: an award, a classification entry or a title of the rulebook. */
TD_EXTERN bool td_rulebook_knows_history_id(const td_rulebook *rulebook, const char *id);

/** Number of inputs (td_rulebook_builder_add_input()), in the order declared. */
TD_EXTERN size_t td_rulebook_input_count(const td_rulebook *rulebook);
/** Input i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_input_id(const td_rulebook *rulebook, size_t i);

/** Number of roll-ups (td_rulebook_builder_add_rollup(), rulebook 1.1), in the order declared. */
TD_EXTERN size_t td_rulebook_rollup_count(const td_rulebook *rulebook);
/** Roll-up r's id, or NULL when out of range. */
TD_EXTERN const char *td_rulebook_rollup_id(const td_rulebook *rulebook, size_t r);
/** Roll-up r's child rulebook (borrowed: it lives as long as `rulebook`), or NULL when r is out of range. */
TD_EXTERN const td_rulebook *td_rulebook_rollup_child(const td_rulebook *rulebook, size_t r);
/** The index of the roll-up with this id into *index; TD_ENOTFOUND naming it otherwise. */
TD_EXTERN td_status td_rulebook_find_rollup(size_t *index, const td_rulebook *rulebook, const char *id,
                                            td_error *err);
/** Number of measures roll-up r gives (0 when r is out of range). */
TD_EXTERN size_t td_rulebook_rollup_measure_count(const td_rulebook *rulebook, size_t r);
/** The id of measure k of roll-up r, or NULL when out of range. */
TD_EXTERN const char *td_rulebook_rollup_measure_id(const td_rulebook *rulebook, size_t r, size_t k);
/** The aggregate of measure k of roll-up r as given ("count(classification != 'none')"), or NULL when out of range. */
TD_EXTERN const char *td_rulebook_rollup_measure_aggregate(const td_rulebook *rulebook, size_t r, size_t k);

/** Number of parameters (td_rulebook_builder_add_parameter()), in the order declared. */
TD_EXTERN size_t td_rulebook_parameter_count(const td_rulebook *rulebook);
/** Parameter i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_parameter_id(const td_rulebook *rulebook, size_t i);
/** Parameter i's value in the rulebook (zero when i is out of range). */
TD_EXTERN td_decimal td_rulebook_parameter_value(const td_rulebook *rulebook, size_t i);
/** The index of the parameter with this id into *index; TD_ENOTFOUND if none. */
TD_EXTERN td_status td_rulebook_find_parameter(size_t *index, const td_rulebook *rulebook,
                                               const char *id, td_error *err);

/** Number of classification entries. */
TD_EXTERN size_t td_rulebook_classification_count(const td_rulebook *rulebook);
/** Classification entry i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_classification_id(const td_rulebook *rulebook, size_t i);
/** Classification entry i's name ("" when none), or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_classification_name(const td_rulebook *rulebook, size_t i);
/** Classification entry i's minimum total into *out; false when it has none or i is out of range. */
TD_EXTERN bool td_rulebook_classification_min(td_decimal *out, const td_rulebook *rulebook, size_t i);
/** Classification entry i's condition, or NULL when it has none or i is out of range. */
TD_EXTERN const char *td_rulebook_classification_when(const td_rulebook *rulebook, size_t i);

/** Number of ranking keys (0: by total, highest first). */
TD_EXTERN size_t td_rulebook_ranking_key_count(const td_rulebook *rulebook);
/** Ranking key i's expression, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_ranking_key(const td_rulebook *rulebook, size_t i);
/** Whether ranking key i puts the highest first (false when i is out of range). */
TD_EXTERN bool td_rulebook_ranking_key_descending(const td_rulebook *rulebook, size_t i);

/** The leader rule. */
TD_EXTERN td_leader_rule td_rulebook_leader_rule(const td_rulebook *rulebook);
/** The deputy rule (rulebook 1.1). */
TD_EXTERN td_deputy_rule td_rulebook_deputy_rule(const td_rulebook *rulebook);
/** Number of units in the rotation order (TD_LEADER_RULE_ROTATION). */
TD_EXTERN size_t td_rulebook_leader_order_count(const td_rulebook *rulebook);
/** Unit i of the rotation order, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_leader_order_unit(const td_rulebook *rulebook, size_t i);

/** Number of awards. */
TD_EXTERN size_t td_rulebook_award_count(const td_rulebook *rulebook);
/** Award i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_award_id(const td_rulebook *rulebook, size_t i);
/** Award i's name ("" when none), or NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_award_name(const td_rulebook *rulebook, size_t i);
/** Award i's condition, or NULL when every member is a candidate or i is out of range. */
TD_EXTERN const char *td_rulebook_award_when(const td_rulebook *rulebook, size_t i);
/** Award i's order expression, or NULL when candidates are taken by rank or i is out of range. */
TD_EXTERN const char *td_rulebook_award_order(const td_rulebook *rulebook, size_t i);
/** Award i's ballot minimum into *out (1.1, a ratio 0..1); false when it has no ballot or i is out of range. */
TD_EXTERN bool td_rulebook_award_ballot_min(td_decimal *out, const td_rulebook *rulebook, size_t i);
/** What award i's ballot minimum is a share of (1.1; TD_BALLOT_OF_COUNCIL without a ballot). */
TD_EXTERN td_ballot_of td_rulebook_award_ballot_of(const td_rulebook *rulebook, size_t i);
/** Whether award i's quota is computed per group (1.1, `per: group`). */
TD_EXTERN bool td_rulebook_award_quota_per_group(const td_rulebook *rulebook, size_t i);
/** Whether award i takes its candidates by votes (1.1, `order: votes`). */
TD_EXTERN bool td_rulebook_award_order_votes(const td_rulebook *rulebook, size_t i);
/** What award i's percent quota is counted on (1.1): "members", "candidates" or an earlier award's id; NULL when i is out of range. */
TD_EXTERN const char *td_rulebook_award_quota_of(const td_rulebook *rulebook, size_t i);
/**
 * Award i's quota into *out, whose `version` the caller has set
 * (TD_QUOTA_INIT). Errors: TD_EINVAL (NULL, an unknown version, i out of range).
 */
TD_EXTERN td_status td_rulebook_award_quota(td_quota *out, const td_rulebook *rulebook, size_t i,
                                            td_error *err);
/** Number of awards award i excludes (as given to td_rulebook_builder_add_award_exclusion()). */
TD_EXTERN size_t td_rulebook_award_exclusion_count(const td_rulebook *rulebook, size_t i);
/** The id of the k-th award award i excludes, or NULL when out of range. */
TD_EXTERN const char *td_rulebook_award_exclusion(const td_rulebook *rulebook, size_t i, size_t k);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_RULEBOOK_H */
