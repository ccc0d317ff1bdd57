/*
 * Internal: member data seen by expressions during and after evaluation.
 */
#ifndef THIDUA_LIB_EXPRHOST_H
#define THIDUA_LIB_EXPRHOST_H

#include "fixed.h"
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

/* Evaluates e for the member of cx as the general evaluator with
 * td_member_host() would, in 64-bit arithmetic (fixed.h): the value in
 * *number (numbers) or *boolean (conditions). false when a number does not
 * fit, a value is missing (the general code's error or absent value), or
 * the expression uses history() or consecutive(): the caller then
 * evaluates it with td_cexpr_eval(), which gives the same value. */
bool td_member_eval_fast(const td_cexpr *e, const td_member_ctx *cx, td_fx *number, bool *boolean);

#endif
