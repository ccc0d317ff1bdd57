/*
 * Evaluating, printing and explaining compiled expressions. Evaluation
 * recurses no deeper than the parser allowed, and every loop is bounded by
 * the expression's size: it always terminates.
 */
#include <stdio.h>
#include <string.h>

#include "expr.h"

#define QUOTIENT_PLACES 12
#define MAX_ROUND_PLACES 12

typedef struct evaluator {
    const td_cexpr *e;
    const td_expr_host *host;
    td_error *err;
} evaluator;

/* Turns a failure into TD_EEVAL (or keeps ENOMEM/ERANGE) naming the
 * expression and the column of `n`. */
static td_status fault(evaluator *ev, const td_node *n, td_status code, const char *what)
{
    const td_cexpr *e = ev->e;
    int shown = e->source_len > 60 ? 60 : (int)e->source_len;
    return td_error_set_at(ev->err, code, NULL, 1, n->start + 1, "%s in '%.*s%s' at column %u", what,
                           shown, e->source, e->source_len > 60 ? "..." : "", n->start + 1);
}

static td_status wrap(evaluator *ev, const td_node *n, td_status rc)
{
    if (rc == TD_OK || rc == TD_ENOMEM || ev->err == NULL)
        return rc;
    char what[TD_ERROR_MESSAGE_SIZE];
    memcpy(what, ev->err->message, sizeof what);
    return fault(ev, n, rc, what);
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
    default: return strcmp(a->text, b->text) == 0;
    }
}

static td_status eval_call(evaluator *ev, const td_node *n, td_xvalue *out)
{
    td_status rc;
    out->type = n->type;
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
    case TD_B_ROUND: {
        td_decimal x, d;
        int64_t places;
        if ((rc = number_arg(ev, n->args[0], &x)) != TD_OK || (rc = number_arg(ev, n->args[1], &d)) != TD_OK)
            return rc;
        if (td_decimal_to_int64(d, &places, NULL) != TD_OK || places < 0 || places > MAX_ROUND_PLACES) {
            char text[TD_DECIMAL_STRING_SIZE], what[192];
            td_decimal_format(d, text, sizeof text);
            snprintf(what, sizeof what, "round() needs a whole number of decimals from 0 to %d, got %s",
                     MAX_ROUND_PLACES, text);
            return fault(ev, n->args[1], TD_EEVAL, what);
        }
        return wrap(ev, n, td_decimal_round(&out->number, x, (int)places, TD_ROUND_HALF_UP, ev->err));
    }
    case TD_B_IF: {
        td_xvalue cond;
        if ((rc = eval(ev, n->args[0], &cond)) != TD_OK)
            return rc;
        return eval(ev, cond.boolean ? n->args[1] : n->args[2], out);
    }
    default: {
        /* a data function: evaluate its plain arguments, then ask the host */
        td_xvalue args[2];
        for (size_t i = 0; i < n->nargs && i < 2; i++)
            if ((rc = eval(ev, n->args[i], &args[i])) != TD_OK)
                return rc;
        rc = ev->host->data(ev->host->ctx, n, args, out, ev->err);
        out->type = n->type;
        return wrap(ev, n, rc);
    }
    }
}

static td_status eval(evaluator *ev, const td_node *n, td_xvalue *out)
{
    td_xvalue a, b;
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
    case TD_N_LIST:
        return fault(ev, n, TD_ERROR, "a list has no value of its own");
    case TD_N_VAR:
        rc = ev->host->var(ev->host->ctx, n, out, ev->err);
        out->type = n->type;
        return wrap(ev, n, rc);
    case TD_N_NAME:
        rc = ev->host->data(ev->host->ctx, n, NULL, out, ev->err);
        out->type = n->type;
        return wrap(ev, n, rc);
    case TD_N_CALL:
        return eval_call(ev, n, out);
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
    case TD_N_AND:
    case TD_N_OR:
        /* short-circuit, so that `x > 0 and y / x > 1` is safe */
        if ((rc = eval(ev, n->args[0], &a)) != TD_OK)
            return rc;
        if (a.boolean == (n->kind == TD_N_OR)) {
            out->boolean = a.boolean;
            return TD_OK;
        }
        if ((rc = eval(ev, n->args[1], &b)) != TD_OK)
            return rc;
        out->boolean = b.boolean;
        return TD_OK;
    case TD_N_IN:
        if ((rc = eval(ev, n->args[0], &a)) != TD_OK)
            return rc;
        out->boolean = false;
        for (size_t i = 0; i < n->args[1]->nargs && !out->boolean; i++) {
            if ((rc = eval(ev, n->args[1]->args[i], &b)) != TD_OK)
                return rc;
            out->boolean = values_equal(&a, &b);
        }
        return TD_OK;
    default:
        break;
    }
    /* binary operators with both operands evaluated */
    if ((rc = eval(ev, n->args[0], &a)) != TD_OK || (rc = eval(ev, n->args[1], &b)) != TD_OK)
        return rc;
    switch (n->kind) {
    case TD_N_ADD: return wrap(ev, n, td_decimal_add(&out->number, a.number, b.number, ev->err));
    case TD_N_SUB: return wrap(ev, n, td_decimal_sub(&out->number, a.number, b.number, ev->err));
    case TD_N_MUL: return wrap(ev, n, td_decimal_mul(&out->number, a.number, b.number, ev->err));
    case TD_N_DIV:
        if (td_decimal_is_zero(b.number))
            return fault(ev, n, TD_EEVAL, "division by zero");
        return wrap(ev, n, td_decimal_div(&out->number, a.number, b.number, QUOTIENT_PLACES,
                                          TD_ROUND_HALF_UP, ev->err));
    case TD_N_EQ: out->boolean = values_equal(&a, &b); return TD_OK;
    case TD_N_NE: out->boolean = !values_equal(&a, &b); return TD_OK;
    case TD_N_LT: out->boolean = td_decimal_cmp(a.number, b.number) < 0; return TD_OK;
    case TD_N_LE: out->boolean = td_decimal_cmp(a.number, b.number) <= 0; return TD_OK;
    case TD_N_GT: out->boolean = td_decimal_cmp(a.number, b.number) > 0; return TD_OK;
    case TD_N_GE: out->boolean = td_decimal_cmp(a.number, b.number) >= 0; return TD_OK;
    default: return fault(ev, n, TD_ERROR, "unknown operator");
    }
}

td_status td_cexpr_eval(const td_cexpr *e, const td_expr_host *host, td_xvalue *out, td_error *err)
{
    evaluator ev = {e, host, err};
    return eval(&ev, e->root, out);
}

/* ---- printing ---- */

static void print_text(td_buf *buf, const char *text)
{
    td_buf_append(buf, "'");
    for (const char *s = text; *s != '\0'; s++) {
        char c[3] = {*s, '\0', '\0'};
        if (*s == '\'' || *s == '\\') {
            c[0] = '\\';
            c[1] = *s;
        }
        td_buf_append(buf, c);
    }
    td_buf_append(buf, "'");
}

void td_xvalue_print(const td_xvalue *v, td_buf *buf)
{
    switch (v->type) {
    case TD_XT_NUMBER: td_buf_decimal(buf, v->number); break;
    case TD_XT_BOOL: td_buf_append(buf, v->boolean ? "true" : "false"); break;
    case TD_XT_TEXT: print_text(buf, v->text != NULL ? v->text : ""); break;
    default: td_buf_append(buf, "[...]"); break;
    }
}

static const char *op_text(td_node_kind k)
{
    switch (k) {
    case TD_N_MUL: return "*";
    case TD_N_DIV: return "/";
    case TD_N_ADD: return "+";
    case TD_N_SUB: return "-";
    case TD_N_EQ: return "==";
    case TD_N_NE: return "!=";
    case TD_N_LT: return "<";
    case TD_N_LE: return "<=";
    case TD_N_GT: return ">";
    case TD_N_GE: return ">=";
    case TD_N_IN: return "in";
    case TD_N_AND: return "and";
    case TD_N_OR: return "or";
    default: return "?";
    }
}

static void print_node(const td_node *n, td_buf *buf)
{
    switch (n->kind) {
    case TD_N_NUMBER: td_buf_decimal(buf, n->number); return;
    case TD_N_BOOL: td_buf_append(buf, n->boolean ? "true" : "false"); return;
    case TD_N_TEXT: print_text(buf, n->text); return;
    case TD_N_VAR: td_buf_append(buf, n->text); return;
    case TD_N_NAME: td_buf_append(buf, td_builtin_name(n->builtin)); return;
    case TD_N_LIST:
    case TD_N_CALL: {
        bool call = n->kind == TD_N_CALL;
        if (call)
            td_buf_append(buf, td_builtin_name(n->builtin));
        td_buf_append(buf, call ? "(" : "[");
        bool first = true;
        if (call && n->text != NULL) {
            print_text(buf, n->text);
            first = false;
        }
        for (size_t i = 0; i < n->nargs; i++) {
            td_buf_append(buf, first ? "" : ", ");
            print_node(n->args[i], buf);
            first = false;
        }
        td_buf_append(buf, call ? ")" : "]");
        return;
    }
    case TD_N_NOT:
    case TD_N_NEG:
        td_buf_append(buf, n->kind == TD_N_NOT ? "(not " : "(-");
        print_node(n->args[0], buf);
        td_buf_append(buf, ")");
        return;
    default:
        td_buf_append(buf, "(");
        print_node(n->args[0], buf);
        td_buf_appendf(buf, " %s ", op_text(n->kind));
        print_node(n->args[1], buf);
        td_buf_append(buf, ")");
        return;
    }
}

void td_cexpr_print(const td_cexpr *e, td_buf *buf)
{
    print_node(e->root, buf);
}

/* ---- explaining conditions ---- */

static bool is_literal(const td_node *n)
{
    return n->kind == TD_N_NUMBER || n->kind == TD_N_BOOL || n->kind == TD_N_TEXT || n->kind == TD_N_LIST;
}

static void source_of(const evaluator *ev, const td_node *n, td_buf *buf)
{
    td_buf_appendf(buf, "%.*s", (int)(n->end - n->start), ev->e->source + n->start);
}

/* "src = value" for a computed operand, the value alone for a literal. */
static td_status operand(evaluator *ev, const td_node *n, td_buf *buf)
{
    if (n->kind == TD_N_LIST) {
        source_of(ev, n, buf);
        return TD_OK;
    }
    td_xvalue v;
    td_status rc = eval(ev, n, &v);
    if (rc != TD_OK)
        return rc;
    if (!is_literal(n)) {
        source_of(ev, n, buf);
        td_buf_append(buf, " = ");
    }
    td_xvalue_print(&v, buf);
    return TD_OK;
}

static const char *negated(td_node_kind k)
{
    switch (k) {
    case TD_N_EQ: return "!=";
    case TD_N_NE: return "==";
    case TD_N_LT: return ">=";
    case TD_N_LE: return ">";
    case TD_N_GT: return "<=";
    case TD_N_GE: return "<";
    default: return "not in";
    }
}

static td_status explain(evaluator *ev, const td_node *n, td_buf *buf)
{
    td_xvalue v;
    td_status rc = eval(ev, n, &v);
    if (rc != TD_OK)
        return rc;
    switch (n->kind) {
    case TD_N_AND:
    case TD_N_OR: {
        bool decisive = n->kind == TD_N_AND ? false : true; /* the value that decides */
        if (v.boolean == decisive) {
            /* one operand decided: explain the first that has that value */
            td_xvalue a;
            if ((rc = eval(ev, n->args[0], &a)) != TD_OK)
                return rc;
            return explain(ev, a.boolean == decisive ? n->args[0] : n->args[1], buf);
        }
        /* both operands mattered */
        if ((rc = explain(ev, n->args[0], buf)) != TD_OK)
            return rc;
        td_buf_append(buf, n->kind == TD_N_AND ? "; " : "; and ");
        return explain(ev, n->args[1], buf);
    }
    case TD_N_EQ:
    case TD_N_NE:
    case TD_N_LT:
    case TD_N_LE:
    case TD_N_GT:
    case TD_N_GE:
    case TD_N_IN:
        if ((rc = operand(ev, n->args[0], buf)) != TD_OK)
            return rc;
        td_buf_appendf(buf, " %s ", v.boolean ? op_text(n->kind) : negated(n->kind));
        return operand(ev, n->args[1], buf);
    default:
        source_of(ev, n, buf);
        if (!is_literal(n)) {
            td_buf_append(buf, " is ");
            td_xvalue_print(&v, buf);
        }
        return TD_OK;
    }
}

td_status td_cexpr_explain(const td_cexpr *e, const td_expr_host *host, td_buf *buf, td_error *err)
{
    evaluator ev = {e, host, err};
    return explain(&ev, e->root, buf);
}
