/*
 * Internal: telling a rulebook builder where the text of an expression came
 * from, so that the compiled rulebook reports evaluation faults at their
 * place in the rulebook file. The io loader calls this after each builder
 * function that takes an expression. Not installed, not exported.
 *
 * A rulebook built through the public API alone has no origins: its
 * evaluation faults keep line 1, the column within the expression and no
 * file. Origins are not part of a rulebook's identity: td_rulebook_to_yaml()
 * does not write them, and a rulebook read back from that text has the
 * origins of the new text.
 */
#ifndef THIDUA_LIB_RULEBOOK_ORIGIN_H
#define THIDUA_LIB_RULEBOOK_ORIGIN_H

#include "thidua/rulebook.h"
#include "expr.h"

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
