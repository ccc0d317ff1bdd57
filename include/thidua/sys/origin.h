/*
 * thidua/sys/origin.h — telling core objects where their parts came from in
 * a source file. For readers of rulebook and cluster documents (the file
 * readers of thidua/io.h are written on it); most programs never need it.
 *
 * A reader that builds a rulebook or a cluster from a document it parsed
 * itself can record, with these functions, where each expression's text and
 * each member's entry stand in that document. Errors found later then name
 * the file, line and column: an expression's evaluation fault (a division
 * by zero) points into the rulebook file, a member's missing data at the
 * member's entry. A rulebook or cluster built without them has no origins:
 * such errors keep no file (expressions: line 1 and the column within the
 * expression text).
 *
 * Origins are not part of a rulebook's identity: td_rulebook_to_yaml() does
 * not write them, and a rulebook read back from that text has the origins
 * of the new text.
 */
#ifndef THIDUA_SYS_ORIGIN_H
#define THIDUA_SYS_ORIGIN_H

#include <stddef.h>

#include "thidua/cluster.h"
#include "thidua/common.h"
#include "thidua/rulebook.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A run of an expression's bytes that stand one after another on one line
 * of the document: byte `off` of the expression is at `line`:`column`, and
 * each following byte one column further, up to the next span.
 */
typedef struct td_text_span {
    unsigned int off;    /**< the first byte of the run, in the expression's text */
    unsigned int line;   /**< its line in the document (1-based) */
    unsigned int column; /**< its byte column in the document (1-based) */
} td_text_span;

/**
 * Where an expression's text stands in a document. Byte k of the
 * expression is at line `spans[j].line`, column `spans[j].column + (k -
 * spans[j].off)`, for the last span j with spans[j].off <= k. Without spans
 * (a folded or multi-line scalar, whose columns cannot be followed) every
 * byte maps to `line`:`column`, the scalar's own place; with spans those are
 * the place of the expression's first byte.
 */
typedef struct td_expr_origin {
    const char *file;           /**< the document's name, as errors give it */
    unsigned int line, column;  /**< the expression's (or its scalar's) place */
    const td_text_span *spans;  /**< in increasing `off`, spans[0].off == 0; NULL: not exact */
    size_t span_count;          /**< how many spans */
} td_expr_origin;

/** Which expression of a rulebook builder an origin belongs to. */
typedef enum td_expr_owner {
    TD_EXPR_OWNER_MEASURE = 0,    /**< the formula of derived measure `id` */
    TD_EXPR_OWNER_RULE = 1,       /**< the expr rule of criterion `id` */
    TD_EXPR_OWNER_CLASS_WHEN = 2, /**< the `when` of classification entry `id` */
    TD_EXPR_OWNER_RANK_KEY = 3,   /**< the ranking key added last (`id` is not used) */
    TD_EXPR_OWNER_AWARD_WHEN = 4, /**< the `when` of award `id` */
    TD_EXPR_OWNER_AWARD_ORDER = 5, /**< the `order` of award `id` */
    TD_EXPR_OWNER_MEASURE_TARGET = 6, /**< 1.1: the target formula of derived measure `id` */
    TD_EXPR_OWNER_MEASURE_ACTUAL = 7  /**< 1.1: the actual formula of derived measure `id` */
} td_expr_owner;

/* The names of 0.1.0, before the enum prefixes were aligned, kept for source
 * compatibility; define TD_NO_DEPRECATED_NAMES to hide them. */
#if !defined(TD_NO_DEPRECATED_NAMES) && !defined(SWIG)
#define TD_OWNER_MEASURE     TD_EXPR_OWNER_MEASURE
#define TD_OWNER_RULE        TD_EXPR_OWNER_RULE
#define TD_OWNER_CLASS_WHEN  TD_EXPR_OWNER_CLASS_WHEN
#define TD_OWNER_RANK_KEY    TD_EXPR_OWNER_RANK_KEY
#define TD_OWNER_AWARD_WHEN  TD_EXPR_OWNER_AWARD_WHEN
#define TD_OWNER_AWARD_ORDER TD_EXPR_OWNER_AWARD_ORDER
#endif

/**
 * Records that the current text of the owner's expression came from
 * `origin` (copied into the builder, with its file name and spans). Setting
 * the expression again through the builder forgets the origin.
 * Errors: TD_EINVAL (NULL builder or origin), TD_ENOTFOUND (no such owner,
 * or it has no expression), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_set_origin(td_rulebook_builder *builder, td_expr_owner owner,
                                                   const char *id, const td_expr_origin *origin,
                                                   td_error *err);

/** A value of a definition whose place a warning may name. */
typedef enum td_place {
    TD_PLACE_RULE_AT = 0,      /**< the `at` of criterion `id`'s threshold rule */
    TD_PLACE_BAND_AT = 1,      /**< the `at` of band `index` of criterion `id` */
    TD_PLACE_CLASS_MIN = 2,    /**< the `min` of classification entry `id` */
    TD_PLACE_QUOTA_PERCENT = 3 /**< the quota `percent` of award `id` */
} td_place;

/**
 * Records that a value of a definition (`place` of `id`, `index` for a
 * band, else 0) stands in `file` (copied) at `line` and `column`, so that a
 * warning about it (td_rulebook_warning()) names that place. A later call
 * for the same value replaces the place.
 * Errors: TD_EINVAL (NULL builder or file, an invalid id, an unknown
 * place), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_set_place(td_rulebook_builder *builder, td_place place,
                                                  const char *id, size_t index, const char *file,
                                                  unsigned int line, unsigned int column,
                                                  td_error *err);

/**
 * Adds a note about how the rulebook was written (td_rulebook_note()):
 * `code` (a stable name from docs/warnings.md), `message` and the place it
 * is about (`file` may be NULL or "", `line` and `column` 0 when unknown);
 * all copied. The rulebooks built afterwards carry it. Errors: TD_EINVAL
 * (NULL builder, code or message), TD_ENOMEM.
 */
TD_EXTERN td_status td_rulebook_builder_add_note(td_rulebook_builder *builder, const char *code,
                                                 const char *message, const char *file, unsigned int line,
                                                 unsigned int column, td_error *err);

/**
 * Adds a warning about the cluster's data (td_cluster_warning()): `code`
 * (a stable name from docs/warnings.md), `message`, and the value's place
 * (`file` may be NULL or "", `line` and `column` 0 when unknown); all
 * copied. Errors: TD_EINVAL (NULL cluster, code or message), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_add_warning(td_cluster *cluster, const char *code, const char *message,
                                           const char *file, unsigned int line, unsigned int column,
                                           td_error *err);

/**
 * Adds a note about how the cluster's data were read (td_cluster_note()),
 * as td_cluster_add_warning() adds a warning. Errors: TD_EINVAL, TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_add_note(td_cluster *cluster, const char *code, const char *message,
                                        const char *file, unsigned int line, unsigned int column, td_error *err);

/**
 * Records that member `unit_id` was declared in `file` (copied) at `line`
 * and `column` (1-based; 0 when not known): evaluation errors about the
 * member's data are then placed there.
 * Errors: TD_EINVAL (NULL cluster or file, invalid id), TD_ENOTFOUND (not a
 * member), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_member_origin(td_cluster *cluster, const char *unit_id,
                                                 const char *file, unsigned int line,
                                                 unsigned int column, td_error *err);

/**
 * Records that the cluster's parameter `id` (td_cluster_set_parameter())
 * was set in `file` (copied) at `line` and `column`: an evaluation error
 * about it (a parameter the rulebook does not declare) is placed there.
 * Errors: TD_EINVAL (NULL cluster or file), TD_ENOTFOUND (not set), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_parameter_origin(td_cluster *cluster, const char *id, const char *file,
                                                    unsigned int line, unsigned int column, td_error *err);

/**
 * Records that unit `id` below the members (td_cluster_add_unit(), rulebook
 * 1.1) was declared in `file` (copied) at `line` and `column`: evaluation
 * errors about it (an unknown parent, a cycle) are placed there.
 * Errors: TD_EINVAL (NULL cluster or file), TD_ENOTFOUND (no such unit), TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_set_unit_origin(td_cluster *cluster, const char *id, const char *file,
                                               unsigned int line, unsigned int column, td_error *err);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_SYS_ORIGIN_H */
