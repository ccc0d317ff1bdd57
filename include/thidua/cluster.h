/*
 * thidua/cluster.h — one cluster's data for one period: its members, the
 * current leader, targets and actual results per member and measure, manual
 * points by source, adjustment events, and earlier periods' awards and
 * classifications.
 *
 * A td_cluster is mutable and used from one thread at a time; evaluation
 * only reads it, so after it is filled it may be evaluated from several
 * threads at once as long as nobody changes it meanwhile.
 *
 * Members must be added before values that name them. Every number must be
 * >= 0 (a negative target, result, score or count is a data error), and the
 * same value given twice is an error (TD_EEXISTS), so that data merged from
 * several files can never silently override itself. Ids and names are
 * UTF-8 and compared byte for byte (the file readers normalise them to NFC
 * first). Strings are copied in; returned strings are borrowed.
 *
 * Setters that fail leave the cluster as it was before the call.
 */
#ifndef THIDUA_CLUSTER_H
#define THIDUA_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "thidua/common.h"
#include "thidua/decimal.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A cluster's data for one period (mutable). */
typedef struct td_cluster td_cluster;

/** Where manual points come from. The final review wins over cross-scoring, which wins over self-scoring. */
typedef enum td_score_source {
    TD_SCORE_SOURCE_SELF = 0,  /**< tự chấm: the member's own scoring */
    TD_SCORE_SOURCE_CROSS = 1, /**< chấm chéo: the leader and deputy re-score */
    TD_SCORE_SOURCE_FINAL = 2  /**< thẩm định: the final review */
} td_score_source;

/**
 * What kind of emulation group the cluster is. Provinces organise their
 * departments and agencies in blocks (khối thi đua, grouped by function)
 * and their districts or communes in clusters (cụm thi đua, grouped by
 * geography). The kind changes only the wording of Vietnamese reports and
 * explanations ("Khối trưởng" / "Khối phó" for a block's leader and
 * deputy, "Cụm trưởng" / "Cụm phó" for a cluster's); no number depends on
 * it. Data key `cluster: {kind: block}` (rulebook 1.1 extension).
 */
typedef enum td_cluster_kind {
    TD_CLUSTER_CLUSTER = 0, /**< cụm thi đua (the default) */
    TD_CLUSTER_BLOCK = 1    /**< khối thi đua */
} td_cluster_kind;

/* The names of 0.1.0, before the enum prefixes were aligned, kept for source
 * compatibility; define TD_NO_DEPRECATED_NAMES to hide them. */
#if !defined(TD_NO_DEPRECATED_NAMES) && !defined(SWIG)
#define TD_SOURCE_SELF  TD_SCORE_SOURCE_SELF
#define TD_SOURCE_CROSS TD_SCORE_SOURCE_CROSS
#define TD_SOURCE_FINAL TD_SCORE_SOURCE_FINAL
#endif

/**
 * Creates an empty cluster with an id and a period (a year in version 1).
 * `alloc` may be NULL for malloc/realloc/free; it is copied.
 * Ownership: *out belongs to the caller (td_cluster_free()).
 * Errors: TD_EINVAL (NULL out, invalid id), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_new(td_cluster **out, const char *id, int64_t period,
                                   const td_allocator *alloc, td_error *err);

/** Frees the cluster. Accepts NULL. Results evaluated from it are unaffected. */
TD_EXTERN void td_cluster_free(td_cluster *cluster);

/** Sets the display name. Errors: TD_EINVAL, TD_ENOMEM. */
TD_EXTERN td_status td_cluster_set_name(td_cluster *cluster, const char *name, td_error *err);

/**
 * Sets whether the cluster is a cluster (cụm, the default) or a block
 * (khối): see td_cluster_kind. It may be set again (the last call wins).
 * Errors: TD_EINVAL (NULL cluster, a value outside td_cluster_kind).
 */
TD_EXTERN td_status td_cluster_set_kind(td_cluster *cluster, td_cluster_kind kind, td_error *err);

/**
 * Adds a member unit; `name` may be NULL. The id follows the rules of ids
 * (see thidua/rulebook.h: no control, bidirectional-control or invisible
 * character), the name those of names (no control character but tab and
 * line breaks).
 * Errors: TD_EINVAL (invalid id or name), TD_EEXISTS (a member with that id), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_add_member(td_cluster *cluster, const char *unit_id,
                                          const char *name, td_error *err);

/**
 * Sets this period's leader (cụm trưởng). Errors: TD_EINVAL, TD_ENOTFOUND (not
 * a member), TD_EEXISTS (a leader is set already).
 */
TD_EXTERN td_status td_cluster_set_leader(td_cluster *cluster, const char *unit_id, td_error *err);

/**
 * Sets a member's target for a measure.
 * Errors: TD_EINVAL, TD_ENOTFOUND (not a member), TD_ERANGE (negative value),
 * TD_EEXISTS (already set), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_target(td_cluster *cluster, const char *unit_id,
                                          const char *measure, td_decimal value, td_error *err);

/** Sets a member's actual result for a measure. Errors as td_cluster_set_target(). */
TD_EXTERN td_status td_cluster_set_actual(td_cluster *cluster, const char *unit_id,
                                          const char *measure, td_decimal value, td_error *err);

/**
 * A member's target for a measure, as set: true and *out when the cluster
 * has one; false (and *out untouched) when it has none, the unit is not a
 * member or an argument is NULL. For programs that show or copy the data
 * (`thidua template` fills a workbook's targets from it).
 */
TD_EXTERN bool td_cluster_target(td_decimal *out, const td_cluster *cluster, const char *unit_id,
                                 const char *measure);

/** A member's actual result for a measure, as td_cluster_target() does. */
TD_EXTERN bool td_cluster_actual(td_decimal *out, const td_cluster *cluster, const char *unit_id,
                                 const char *measure);

/**
 * Gives a member manual points for a criterion from one source. Whether the
 * criterion is manual and the points lie within its maximum is checked at
 * evaluation, against the rulebook.
 * Errors: TD_EINVAL (also an unknown source), TD_ENOTFOUND, TD_ERANGE
 * (negative), TD_EEXISTS, TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_score(td_cluster *cluster, td_score_source source,
                                         const char *unit_id, const char *criterion_id,
                                         td_decimal points, td_error *err);

/**
 * Records `count` (>= 1) events of an adjustment item for a member; several
 * calls for the same member and item add up. Whether the item exists is
 * checked at evaluation, against the rulebook.
 * Errors: TD_EINVAL, TD_ENOTFOUND, TD_ERANGE (count < 1 or the sum
 * overflowing), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_add_event(td_cluster *cluster, const char *unit_id,
                                         const char *item, int64_t count, td_error *err);

/**
 * Records that a unit had an award or classification `id` in an earlier
 * period. The unit need not be a member (it may be a predecessor of one).
 * Recording the same fact twice is harmless.
 * Errors: TD_EINVAL, TD_ERANGE (period not before the cluster's), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_add_history(td_cluster *cluster, const char *unit_id,
                                           int64_t period, const char *id, td_error *err);

/**
 * Names the next period's leader, for the election rule (and to settle a
 * tie under top_rank). Errors: TD_EINVAL, TD_ENOTFOUND (not a member),
 * TD_EEXISTS (already set).
 */
TD_EXTERN td_status td_cluster_set_next_leader(td_cluster *cluster, const char *unit_id,
                                               td_error *err);

/**
 * Sets this period's deputy (cụm phó, rulebook 1.1); evaluation refuses a
 * deputy who is also the leader. Errors: TD_EINVAL, TD_ENOTFOUND (not a
 * member), TD_EEXISTS (a deputy is set already).
 */
TD_EXTERN td_status td_cluster_set_deputy(td_cluster *cluster, const char *unit_id, td_error *err);
/**
 * Names the next period's deputy, for the election deputy rule and for
 * succession without an order. Errors as td_cluster_set_deputy().
 */
TD_EXTERN td_status td_cluster_set_next_deputy(td_cluster *cluster, const char *unit_id, td_error *err);
/**
 * Records a council's ballot on award `award_id` (rulebook 1.1): the
 * council's size, and the votes cast (-1: not given). Setting it again
 * replaces the sizes. Evaluation refuses a ballot on an award the rulebook
 * does not put to a ballot.
 * Errors: TD_EINVAL (NULL, an invalid id), TD_ERANGE (council < 1, cast < 0
 * or above the council), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_ballot(td_cluster *cluster, const char *award_id, int64_t council, int64_t cast,
                                          td_error *err);
/**
 * Records the votes member `unit_id` received in the ballot on award
 * `award_id` (td_cluster_set_ballot() first).
 * Errors: TD_EINVAL, TD_ENOTFOUND (no such ballot or member), TD_ERANGE
 * (votes < 0, above the votes cast or the council), TD_EEXISTS (given twice).
 */
TD_EXTERN td_status td_cluster_set_votes(td_cluster *cluster, const char *award_id, const char *unit_id,
                                         int64_t votes, td_error *err);

/**
 * Puts member `unit_id` in group `group` (rulebook 1.1: the block or
 * cluster of a province's units evaluated in one run). Groups partition the
 * members for group_rank, group and group_size in expressions; a rulebook
 * that uses them needs every member in a group. Setting it again replaces
 * the group. Errors: TD_EINVAL (NULL, an invalid id), TD_ENOTFOUND (not a
 * member), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_member_group(td_cluster *cluster, const char *unit_id, const char *group,
                                                td_error *err);
/** Member i's group (1.1), or NULL when it has none or i is out of range. */
TD_EXTERN const char *td_cluster_member_group(const td_cluster *cluster, size_t i);

/** The deputy's unit id, or NULL when none is set. */
TD_EXTERN const char *td_cluster_deputy(const td_cluster *cluster);

/**
 * Sets parameter `id` to `value` for this cluster's period (rulebook 1.1:
 * it replaces the rulebook's value; setting it again replaces the first).
 * Evaluation refuses a parameter the rulebook does not declare.
 * Errors: TD_EINVAL (NULL cluster, an invalid id), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_parameter(td_cluster *cluster, const char *id, td_decimal value,
                                             td_error *err);
/** Number of parameters the cluster sets, in the order first set. */
TD_EXTERN size_t td_cluster_parameter_count(const td_cluster *cluster);
/** Parameter i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_cluster_parameter_id(const td_cluster *cluster, size_t i);
/** Parameter i's value (zero when i is out of range). */
TD_EXTERN td_decimal td_cluster_parameter_value(const td_cluster *cluster, size_t i);

/**
 * Adds a unit below the members (rulebook 1.1 section 6): a commune union
 * under a district, a branch under a commune. `parent` is a member or
 * another such unit (it may be added later). Units have no scores of their
 * own: roll-ups (td_cluster_set_children()) count the children of a unit
 * into the member above it. `name` may be NULL. Ids compare after NFC, like
 * members'. Evaluation refuses an unknown parent, a cycle, and a unit with
 * a member's id (TD_EDATA, at the unit's place when a reader gave one).
 * Errors: TD_EINVAL (NULL cluster, an invalid id or name, a unit as its own
 * parent), TD_EEXISTS (the unit is added already, or is a member), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_add_unit(td_cluster *cluster, const char *id, const char *name,
                                        const char *parent, td_error *err);
/** Number of units below the members (1.1), in the order added. */
TD_EXTERN size_t td_cluster_unit_count(const td_cluster *cluster);
/** Unit i's id, or NULL when i is out of range. */
TD_EXTERN const char *td_cluster_unit_id(const td_cluster *cluster, size_t i);
/** Unit i's name ("" when none), or NULL when i is out of range. */
TD_EXTERN const char *td_cluster_unit_name(const td_cluster *cluster, size_t i);
/** Unit i's parent (a member or a unit), or NULL when i is out of range. */
TD_EXTERN const char *td_cluster_unit_parent(const td_cluster *cluster, size_t i);

/**
 * Gives the child data of roll-up `rollup_id` (rulebook 1.1 section 4):
 * `children` is a cluster whose members are the children (households,
 * people), each in the group of its unit (td_cluster_set_member_group():
 * a member of this cluster or a unit below one), with their values,
 * history and the parameters that override the child rulebook's for this
 * period. Its period must be this cluster's (TD_EDATA at evaluation
 * otherwise). On success the cluster takes `children` over and frees it
 * with itself; on failure the caller keeps it.
 * `children` must not belong to another cluster already, nor have child
 * data of its own.
 * Errors: TD_EINVAL (NULL, an invalid id, `children` being this cluster or
 * having child data itself), TD_EEXISTS (child data given for that roll-up
 * already), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_children(td_cluster *cluster, const char *rollup_id, td_cluster *children,
                                            td_error *err);
/** The child data of roll-up `rollup_id` (borrowed), or NULL when none is given. */
TD_EXTERN const td_cluster *td_cluster_children(const td_cluster *cluster, const char *rollup_id);

/**
 * Records that `unit_id` succeeds `predecessor_id` (a merger or a renaming):
 * history follows the unit through its predecessors, transitively.
 * Errors: TD_EINVAL (also a unit as its own predecessor), TD_EDATA (the
 * link would make a cycle), TD_EEXISTS (the link exists), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_add_predecessor(td_cluster *cluster, const char *unit_id,
                                               const char *predecessor_id, td_error *err);

/**
 * Number of warnings about the cluster's data: values that are valid but
 * probably not what was meant (docs/warnings.md), such as "64.010" among
 * whole numbers (a thousands separator?) or a target of 0 for a criterion
 * where more is better. The file readers (thidua/io.h) find them, with the
 * value's place; a cluster filled through this API has none.
 */
TD_EXTERN size_t td_cluster_warning_count(const td_cluster *cluster);
/** Warning i into *out (strings borrowed from the cluster); false when i is out of range. */
TD_EXTERN bool td_cluster_warning(td_warning *out, const td_cluster *cluster, size_t i);

/**
 * Number of notes about how the cluster's data were read: facts that need
 * no action, unlike warnings. The file readers give one per column of a
 * member table (rulebook 1.1) that the rulebook does not read ("STT",
 * "Họ tên"), which is ignored; the note's code is "column-ignored" and its
 * place the column's header. `thidua check` lists them; --strict does not
 * count them. A cluster filled through this API has none.
 */
TD_EXTERN size_t td_cluster_note_count(const td_cluster *cluster);
/** Note i into *out (strings borrowed from the cluster); false when i is out of range. */
TD_EXTERN bool td_cluster_note(td_warning *out, const td_cluster *cluster, size_t i);

/**
 * The administrative blocks of a council document (docs/reports.md, "The
 * report block"): the issuing body, place and date, title and signers that
 * the HTML and PDF reports print around the tables. They do not take part
 * in evaluation; td_evaluate() copies them into the result, whose reports
 * read them there (td_result_report_field()).
 */
typedef enum td_report_field {
    TD_REPORT_FIELD_ORGANISATION = 0, /**< the issuing body, upper left: its lines joined by '\n' */
    TD_REPORT_FIELD_PLACE = 1,        /**< the place of the date line ("Lai Châu") */
    TD_REPORT_FIELD_DATE = 2,         /**< the document's date, YYYY-MM-DD */
    TD_REPORT_FIELD_TITLE = 3         /**< the title, instead of the report's usual one */
} td_report_field;

/** The parts of a signature block. */
typedef enum td_signer_field {
    TD_SIGNER_FIELD_ROLE = 0,  /**< on behalf of whom ("TM. CỤM THI ĐUA"); may be "" */
    TD_SIGNER_FIELD_TITLE = 1, /**< the signer's office ("CỤM TRƯỞNG"); may be "" */
    TD_SIGNER_FIELD_NAME = 2   /**< the signer's name, under the space for the signature */
} td_signer_field;

/**
 * Sets a field of the report block to a copy of `value`, replacing an
 * earlier one; NULL (or "") removes it. Text follows the rules of names (no
 * control character but tab and line breaks); the organisation's lines are
 * separated by '\n'. A date must be a real day written YYYY-MM-DD
 * (2023-12-15), years 1 to 9999.
 * Errors: TD_EINVAL (NULL cluster, unknown field, invalid text or a date
 * that is no day: the message names the value), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_report_field(td_cluster *cluster, td_report_field field, const char *value,
                                                td_error *err);
/** A field of the report block (borrowed); NULL when it is not set; NULL for an unknown field. */
TD_EXTERN const char *td_cluster_report_field(const td_cluster *cluster, td_report_field field);
/**
 * Adds a signature block after the others (they are printed left to right).
 * `role` and `title` may be NULL or ""; `name` may be "" (a block to sign
 * by hand) but not NULL. Text follows the rules of names.
 * Errors: TD_EINVAL (NULL cluster or name, invalid text), TD_ELIMIT (more
 * than TD_REPORT_SIGNERS_MAX blocks), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_add_report_signer(td_cluster *cluster, const char *role, const char *title,
                                                 const char *name, td_error *err);
/** The most signature blocks a report block holds. */
#define TD_REPORT_SIGNERS_MAX 8
/** Removes every signature block (to replace the data's). Accepts NULL. */
TD_EXTERN void td_cluster_clear_report_signers(td_cluster *cluster);
/** Number of signature blocks. */
TD_EXTERN size_t td_cluster_report_signer_count(const td_cluster *cluster);
/** A part of signature block i (borrowed, "" when not given); NULL when out of range. */
TD_EXTERN const char *td_cluster_report_signer(const td_cluster *cluster, size_t i, td_signer_field field);

/** The cluster's id. */
TD_EXTERN const char *td_cluster_id(const td_cluster *cluster);
/** The cluster's name, "" when none was set. */
TD_EXTERN const char *td_cluster_name(const td_cluster *cluster);
/** The cluster's kind (TD_CLUSTER_CLUSTER unless set; also for NULL). */
TD_EXTERN td_cluster_kind td_cluster_kind_of(const td_cluster *cluster);
/** The period. */
TD_EXTERN int64_t td_cluster_period(const td_cluster *cluster);
/** Number of members. */
TD_EXTERN size_t td_cluster_member_count(const td_cluster *cluster);
/** Member i's id in the order added, or NULL when i is out of range. */
TD_EXTERN const char *td_cluster_member_id(const td_cluster *cluster, size_t i);
/** Member i's name ("" when none), or NULL when i is out of range. */
TD_EXTERN const char *td_cluster_member_name(const td_cluster *cluster, size_t i);
/** The current leader's id, or NULL when none is set. */
TD_EXTERN const char *td_cluster_leader(const td_cluster *cluster);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_CLUSTER_H */
