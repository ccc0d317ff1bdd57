/*
 * Evaluating compiled expressions with exact decimals. Recursion follows
 * the tree, whose height the parser's nesting limit bounds; operator chains
 * and argument lists are loops. Every loop is bounded by the expression's
 * size, so evaluation always terminates, and it never allocates.
 */
#include <stdio.h>
#include <string.h>

#include "syntax.h"

typedef struct evaluator {
    const td_cexpr *e;
    const td_expr_host *host;
    td_error *err;
} evaluator;

void td_expr_origin_pos(const td_expr_origin *o, size_t off, unsigned *line, unsigned *column)
{
    *line = o->line;
    *column = o->column;
    if (o->span_count == 0)
        return;
    /* the last span starting at or before off */
    size_t lo = 0, hi = o->span_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (o->spans[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    const td_text_span *s = &o->spans[lo];
    *line = s->line;
    *column = s->column + (unsigned)(off >= s->off ? off - s->off : 0);
}

/* Gives err the position of node n: in the document when the expression
 * has an origin, else line 1 and the column within the expression. */
static void set_position(const td_cexpr *e, const td_node *n, td_error *err)
{
    if (e->origin == NULL) {
        err->line = 1;
        err->column = n->start + 1;
        err->file[0] = '\0';
        return;
    }
    td_expr_origin_pos(e->origin, n->start, &err->line, &err->column);
    td_copy_text(err->file, sizeof err->file, e->origin->file);
}

/* Sets the error `code` with "what in 'source' at column N". */
static TD_COLD td_status fault(evaluator *ev, const td_node *n, td_status code, const char *what)
{
    const td_cexpr *e = ev->e;
    int shown = td_excerpt_len(e->source, e->source_len, 60);
    td_error_set(ev->err, code, "%s in '%.*s%s' at column %u", what, shown, e->source,
                 e->source_len > 60 ? "..." : "", n->start + 1);
    if (ev->err != NULL)
        set_position(e, n, ev->err);
    return code;
}

/* Adds the expression and position to an error reported by a callee. */
static TD_COLD td_status add_position(evaluator *ev, const td_node *n, td_status rc)
{
    td_error *err = ev->err;
    const td_cexpr *e = ev->e;
    if (rc == TD_ENOMEM || err == NULL)
        return rc;
    int shown = td_excerpt_len(e->source, e->source_len, 60);
    td_error_append(err, " in '%.*s%s' at column %u", shown, e->source,
                    e->source_len > 60 ? "..." : "", n->start + 1);
    err->code = rc;
    set_position(e, n, err);
    return rc;
}

static inline td_status wrap(evaluator *ev, const td_node *n, td_status rc)
{
    return rc == TD_OK ? rc : add_position(ev, n, rc);
}

static td_status eval(evaluator *ev, const td_node *n, td_xvalue *out);

static td_status number_arg(evaluator *ev, const td_node *n, td_decimal *out)
{
    td_xvalue v;
    td_status rc = eval(ev, n, &v);
    if (rc == TD_OK)
        *out = v.number;
    return rc;
}

static bool values_equal(const td_xvalue *a, const td_xvalue *b)
{
    switch (a->type) {
    case TD_XT_NUMBER: return td_decimal_cmp(a->number, b->number) == 0;
    case TD_XT_BOOL: return a->boolean == b->boolean;
    default: return strcmp(a->text != NULL ? a->text : "", b->text != NULL ? b->text : "") == 0;
    }
}

static TD_COLD td_status bad_places(evaluator *ev, const td_node *n, td_decimal d)
{
    char text[TD_DECIMAL_STRING_SIZE], what[160];
    td_decimal_format(text, sizeof text, d);
    snprintf(what, sizeof what, "round() needs a whole number of places from 0 to %d, got %s",
             TD_EXPR_MAX_ROUND_PLACES, text);
    return fault(ev, n, TD_EEVAL, what);
}

static TD_NOINLINE td_status eval_round(evaluator *ev, const td_node *n, td_xvalue *out)
{
    td_decimal x, d;
    int64_t places;
    td_status rc;
    if ((rc = number_arg(ev, n->args[0], &x)) != TD_OK || (rc = number_arg(ev, n->args[1], &d)) != TD_OK)
        return rc;
    if (td_decimal_to_int64(&places, d, NULL) != TD_OK || places < 0 ||
        places > TD_EXPR_MAX_ROUND_PLACES)
        return bad_places(ev, n->args[1], d);
    return wrap(ev, n, td_decimal_round(&out->number, x, (int)places, TD_ROUNDING_HALF_UP, ev->err));
}

static TD_NOINLINE td_status eval_call(evaluator *ev, const td_node *n, td_xvalue *out)
{
    td_status rc;
    switch (n->builtin) {
    case TD_B_MIN:
    case TD_B_MAX: {
        td_decimal best, v;
        if ((rc = number_arg(ev, n->args[0], &best)) != TD_OK)
            return rc;
        for (size_t i = 1; i < n->nargs; i++) {
            if ((rc = number_arg(ev, n->args[i], &v)) != TD_OK)
                return rc;
            best = n->builtin == TD_B_MIN ? td_decimal_min(best, v) : td_decimal_max(best, v);
        }
        out->number = best;
        return TD_OK;
    }
    case TD_B_ABS:
        if ((rc = number_arg(ev, n->args[0], &out->number)) != TD_OK)
            return rc;
        out->number = td_decimal_abs(out->number);
        return TD_OK;
    case TD_B_ROUND:
        return eval_round(ev, n, out);
    case TD_B_COUNT_GROUP:
    case TD_B_SHARE_GROUP:
        /* the condition is the host's to evaluate, for every member of the group */
        if (ev->host->group == NULL)
            return fault(ev, n, TD_EEVAL, "no groups here");
        return wrap(ev, n, ev->host->group(ev->host->ctx, ev->e, n, out, ev->err));
    case TD_B_IF: {
        /* only the branch taken is evaluated: if(t == 0, 0, a / t) is safe */
        td_xvalue cond;
        if ((rc = eval(ev, n->args[0], &cond)) != TD_OK)
            return rc;
        return eval(ev, cond.boolean ? n->args[1] : n->args[2], out);
    }
    default: {
        /* a data function: its plain arguments (at most one), then the host */
        td_xvalue args[1];
        if (n->nargs > 1)
            return fault(ev, n, TD_ERROR, "a data function with more than one plain argument");
        if (n->nargs == 1 && (rc = eval(ev, n->args[0], &args[0])) != TD_OK)
            return rc;
        rc = ev->host->data(ev->host->ctx, n, args, out, ev->err);
        out->type = n->type;
        return wrap(ev, n, rc);
    }
    }
}

/* a + b - c ... or a * b / c ..., left to right. */
static TD_NOINLINE td_status eval_arith(evaluator *ev, const td_node *n, td_xvalue *out)
{
    td_decimal acc, v;
    td_status rc = number_arg(ev, n->args[0], &acc);
    for (size_t i = 1; rc == TD_OK && i < n->nargs; i++) {
        if ((rc = number_arg(ev, n->args[i], &v)) != TD_OK)
            return rc;
        switch (n->ops[i]) {
        case '+': rc = td_decimal_add(&acc, acc, v, ev->err); break;
        case '-': rc = td_decimal_sub(&acc, acc, v, ev->err); break;
        case '*': rc = td_decimal_mul(&acc, acc, v, ev->err); break;
        default:
            if (td_decimal_is_zero(v))
                return fault(ev, n->args[i], TD_EEVAL, "division by zero");
            rc = td_decimal_div(&acc, acc, v, TD_EXPR_QUOTIENT_PLACES, TD_ROUNDING_HALF_UP, ev->err);
            break;
        }
        if (rc != TD_OK)
            return wrap(ev, n->args[i], rc);
    }
    out->number = acc;
    return rc;
}

static TD_NOINLINE td_status eval_compare(evaluator *ev, const td_node *n, td_xvalue *out)
{
    td_xvalue a, b;
    td_status rc;
    if ((rc = eval(ev, n->args[0], &a)) != TD_OK)
        return rc;
    if (n->kind == TD_N_IN) {
        const td_node *list = n->args[1];
        out->boolean = false;
        for (size_t i = 0; i < list->nargs && !out->boolean; i++) {
            if ((rc = eval(ev, list->args[i], &b)) != TD_OK)
                return rc;
            out->boolean = values_equal(&a, &b);
        }
        return TD_OK;
    }
    if ((rc = eval(ev, n->args[1], &b)) != TD_OK)
        return rc;
    int c = a.type == TD_XT_NUMBER ? td_decimal_cmp(a.number, b.number) : 0;
    switch (n->kind) {
    case TD_N_EQ: out->boolean = values_equal(&a, &b); break;
    case TD_N_NE: out->boolean = !values_equal(&a, &b); break;
    case TD_N_LT: out->boolean = c < 0; break;
    case TD_N_LE: out->boolean = c <= 0; break;
    case TD_N_GT: out->boolean = c > 0; break;
    default: out->boolean = c >= 0; break;
    }
    return TD_OK;
}

static td_status eval(evaluator *ev, const td_node *n, td_xvalue *out)
{
    td_xvalue a;
    td_status rc;
    memset(out, 0, sizeof *out);
    out->type = n->type;
    switch (n->kind) {
    case TD_N_NUMBER:
        out->number = n->number;
        return TD_OK;
    case TD_N_BOOL:
        out->boolean = n->boolean;
        return TD_OK;
    case TD_N_TEXT:
        out->text = n->text;
        return TD_OK;
    case TD_N_VAR:
    case TD_N_PARAM:
        rc = ev->host->var(ev->host->ctx, n, out, ev->err);
        out->type = n->type;
        return wrap(ev, n, rc);
    case TD_N_NAME:
        rc = ev->host->data(ev->host->ctx, n, NULL, out, ev->err);
        out->type = n->type;
        return wrap(ev, n, rc);
    case TD_N_CALL:
        rc = eval_call(ev, n, out);
        out->type = n->type;
        return rc;
    case TD_N_NOT:
        if ((rc = eval(ev, n->args[0], &a)) != TD_OK)
            return rc;
        out->boolean = !a.boolean;
        return TD_OK;
    case TD_N_NEG:
        if ((rc = eval(ev, n->args[0], &a)) != TD_OK)
            return rc;
        out->number = td_decimal_neg(a.number);
        return TD_OK;
    case TD_N_SUM:
    case TD_N_PRODUCT:
        return eval_arith(ev, n, out);
    case TD_N_AND:
    case TD_N_OR: {
        /* short-circuit, so that `x > 0 and y / x > 1` is safe */
        bool decisive = n->kind == TD_N_OR;
        out->boolean = !decisive;
        for (size_t i = 0; i < n->nargs; i++) {
            if ((rc = eval(ev, n->args[i], &a)) != TD_OK)
                return rc;
            if (a.boolean == decisive) {
                out->boolean = decisive;
                break;
            }
        }
        return TD_OK;
    }
    case TD_N_LIST:
        return fault(ev, n, TD_ERROR, "a list has no value of its own");
    default:
        return eval_compare(ev, n, out);
    }
}

td_status td_cexpr_eval(const td_cexpr *e, const td_expr_host *host, td_xvalue *out, td_error *err)
{
    evaluator ev = {e, host, err};
    return eval(&ev, e->root, out);
}

td_status td_cexpr_eval_node(const td_cexpr *e, const td_expr_host *host, const td_node *n,
                             td_xvalue *out, td_error *err)
{
    evaluator ev = {e, host, err};
    return eval(&ev, n, out);
}
