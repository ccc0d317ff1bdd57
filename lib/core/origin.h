/*
 * Internal: the one door through which the load floor (lib/load) tells
 * core objects where their parts came from in a source file, so that
 * errors found later (an evaluation fault in an expression, a member's
 * missing data) name the file, line and column. Not installed, not
 * exported; nothing else in core depends on it.
 *
 * A rulebook or cluster built through the public API alone has no origins:
 * its errors keep no file (expressions: line 1 and the column within the
 * expression). Origins are not part of a rulebook's identity:
 * td_rulebook_to_yaml() does not write them, and a rulebook read back from
 * that text has the origins of the new text.
 */
#ifndef THIDUA_LIB_CORE_ORIGIN_H
#define THIDUA_LIB_CORE_ORIGIN_H

#include "error.h"
#include "expr.h"
#include "thidua/cluster.h"
#include "thidua/rulebook.h"

/* ---- members of a cluster ---- */

/*
 * Records that member `unit_id` was declared in `file` (copied) at `line`
 * and `column` (1-based; 0 when not known). Errors: TD_EINVAL (NULL cluster
 * or file, invalid id), TD_ENOTFOUND (not a member), TD_ENOMEM.
 */
td_status td_cluster_set_member_origin(td_cluster *c, const char *unit_id, const char *file,
                                       unsigned int line, unsigned int column, td_error *err);

/*
 * Sets `err` to `code` and the formatted message, at the origin of member
 * `m` (an index in the cluster's member order) when it has one, else with
 * no position. Returns `code`.
 */
td_status td_cluster_member_error(const td_cluster *c, size_t m, td_error *err, td_status code,
                                  const char *fmt, ...) TD_PRINTF(5, 6);

/* ---- expressions of a rulebook ---- */

/* Which expression of the builder an origin belongs to. */
typedef enum td_expr_owner {
    TD_OWNER_MEASURE,     /* the formula of derived measure `id` */
    TD_OWNER_RULE,        /* the expr rule of criterion `id` */
    TD_OWNER_CLASS_WHEN,  /* the `when` of classification entry `id` */
    TD_OWNER_RANK_KEY,    /* the ranking key added last (`id` is not used) */
    TD_OWNER_AWARD_WHEN,  /* the `when` of award `id` */
    TD_OWNER_AWARD_ORDER  /* the `order` of award `id` */
} td_expr_owner;

/*
 * Records that the current text of the owner's expression came from
 * `origin` (copied, with its file name and spans, into the builder). Setting
 * the expression again through the public API forgets the origin. Errors:
 * TD_EINVAL (NULL builder or origin), TD_ENOTFOUND (no such owner, or it has
 * no expression), TD_ENOMEM.
 */
td_status td_rulebook_builder_set_origin(td_rulebook_builder *b, td_expr_owner owner, const char *id,
                                         const td_expr_origin *origin, td_error *err);

#endif
