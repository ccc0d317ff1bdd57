/*
 * Internal: member data seen by expressions during and after evaluation.
 */
#ifndef THIDUA_LIB_EXPRHOST_H
#define THIDUA_LIB_EXPRHOST_H

#include "model.h"

typedef struct td_member_ctx {
    const td_result *res;            /* its columns hold the cells and measure values */
    const td_rules *rules;
    const td_member_result *members; /* every member, in cluster order */
    size_t n;
    size_t m;       /* the member in question (cluster index) */
    int64_t period;
    bool targets;   /* derived measures: compute from targets instead of actuals */
} td_member_ctx;

/* A host reading td_member_ctx (ctx must stay alive while the host is used). */
td_expr_host td_member_host(td_member_ctx *ctx);

/* r for target t and actual a (both present), rounded to 6 decimals. */
td_status td_compute_attainment(td_decimal t, td_decimal a, td_direction direction, td_decimal *r,
                                td_error *err);

#endif
