/*
 * Printing compiled expressions in canonical form, and explaining their
 * value for one member. Both recurse along the tree, whose height the
 * parser's nesting limit bounds.
 */
#include <string.h>

#include "syntax.h"

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
    case TD_N_VAR:
    case TD_N_PARAM: td_buf_append(buf, n->text); return;
    case TD_N_NAME: td_buf_append(buf, td_builtin_name(n->builtin)); return;
    case TD_N_LIST:
    case TD_N_CALL: {
        bool call = n->kind == TD_N_CALL;
        if (call)
            td_buf_append(buf, td_builtin_name(n->builtin));
        td_buf_append(buf, call ? "(" : "[");
        bool first = true;
        if (call && n->id_count > 0) {
            /* a list of record ids */
            td_buf_append(buf, "[");
            for (size_t i = 0; i < n->id_count; i++) {
                td_buf_append(buf, i == 0 ? "" : ", ");
                print_text(buf, n->ids[i]);
            }
            td_buf_append(buf, "]");
            first = false;
        } else if (call && n->text != NULL) {
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
        for (size_t i = 0; i < n->nargs; i++) {
            if (i > 0) {
                if (n->ops != NULL)
                    td_buf_appendf(buf, " %c ", n->ops[i]);
                else
                    td_buf_appendf(buf, " %s ", op_text(n->kind));
            }
            print_node(n->args[i], buf);
        }
        td_buf_append(buf, ")");
        return;
    }
}

void td_cexpr_print(const td_cexpr *e, td_buf *buf)
{
    print_node(e->root, buf);
}

/* ---- explaining ---- */

typedef struct explainer {
    const td_cexpr *e;
    const td_expr_host *host;
    td_buf *buf;
    td_error *err;
    const td_expr_words *words; /* NULL: in symbols */
} explainer;

static td_status value_of(explainer *x, const td_node *n, td_xvalue *v)
{
    return td_cexpr_eval_node(x->e, x->host, n, v, x->err);
}

static bool is_literal(const td_node *n)
{
    return n->kind == TD_N_NUMBER || n->kind == TD_N_BOOL || n->kind == TD_N_TEXT;
}

static void source_of(explainer *x, const td_node *n)
{
    td_buf_appendf(x->buf, "%.*s", (int)(n->end - n->start), x->e->source + n->start);
}

/* "source = value" for a computed operand, with the host's note on a data
 * function ("min_share('group') = 0.76 (II2)"); a literal or a list as
 * written (85% stays 85%). */
static td_status operand(explainer *x, const td_node *n)
{
    if (is_literal(n) || n->kind == TD_N_LIST) {
        source_of(x, n);
        return TD_OK;
    }
    td_xvalue v;
    td_status rc = value_of(x, n, &v);
    if (rc != TD_OK)
        return rc;
    source_of(x, n);
    td_buf_append(x->buf, " = ");
    td_xvalue_print(&v, x->buf);
    const char *note = n->kind == TD_N_CALL && x->host->note != NULL ? x->host->note(x->host->ctx, n) : NULL;
    if (note != NULL)
        td_buf_appendf(x->buf, " (%s)", note);
    return TD_OK;
}

/* The words for a built-in name or data function, or NULL. */
static const char *words_of(const explainer *x, const td_node *n)
{
    if (x->words == NULL || x->words->builtin == NULL || (n->kind != TD_N_NAME && n->kind != TD_N_CALL))
        return NULL;
    const char *w = x->words->builtin[n->builtin];
    /* a function's words name at most its one id: others keep their text */
    if (w != NULL && n->kind == TD_N_CALL && (n->nargs > 0 || n->id_count > 1))
        return NULL;
    return w;
}

/* Appends words `w` of node n, its id (min_share's level in words) in
 * place of "%s". */
static void append_words(td_buf *buf, const td_expr_words *words, const char *w, const td_node *n)
{
    const char *id = n->kind == TD_N_CALL && n->text != NULL ? n->text : "";
    if (n->kind == TD_N_CALL && n->builtin == TD_B_MIN_SHARE && n->ref >= TD_LEVEL_LEAF && n->ref <= TD_LEVEL_SECTION &&
        words->levels[n->ref] != NULL)
        id = words->levels[n->ref];
    const char *pct = strstr(w, "%s");
    if (pct != NULL && id[0] == '\0') {
        /* no id (min_share() of every criterion): the words before the word that takes it */
        const char *cut = pct;
        while (cut > w && cut[-1] == ' ')
            cut--;
        while (cut > w && cut[-1] != ' ')
            cut--;
        while (cut > w && cut[-1] == ' ')
            cut--;
        td_buf_appendf(buf, "%.*s%s", (int)(cut - w), w, pct + 2);
    } else if (pct != NULL) {
        td_buf_appendf(buf, "%.*s%s%s", (int)(pct - w), w, id, pct + 2);
    } else {
        td_buf_append(buf, w);
    }
}

bool td_cexpr_words_name(const td_cexpr *e, const td_expr_words *words, td_buf *buf)
{
    explainer x = {e, NULL, buf, NULL, words};
    const char *w = words_of(&x, e->root);
    if (w == NULL)
        return false;
    append_words(buf, words, w, e->root);
    return true;
}

/* An operand in words: "tổng điểm 96.66", "đạt mọi chỉ tiêu: không", a
 * literal as written; what the words do not name as operand() does. */
static td_status word_operand(explainer *x, const td_node *n)
{
    const char *w = words_of(x, n);
    if (w == NULL)
        return operand(x, n);
    td_xvalue v;
    td_status rc = value_of(x, n, &v);
    if (rc != TD_OK)
        return rc;
    append_words(x->buf, x->words, w, n);
    if (v.type == TD_XT_BOOL) {

        td_buf_appendf(x->buf, ": %s", v.boolean ? x->words->yes : x->words->no);
    } else {
        td_buf_append(x->buf, " ");
        td_xvalue_print(&v, x->buf);
    }
    const char *note = n->kind == TD_N_CALL && x->host->note != NULL ? x->host->note(x->host->ctx, n) : NULL;
    if (note != NULL)
        td_buf_appendf(x->buf, " (%s)", note);
    return TD_OK;
}

/* The requirement of comparison n in words: "(yêu cầu ≥ 90)". */
static td_status requirement(explainer *x, const td_node *n)
{
    static const char *const symbol[] = {[TD_N_LT] = "< ", [TD_N_LE] = "≤ ", [TD_N_GT] = "> ", [TD_N_GE] = "≥ "};
    const char *op = n->kind == TD_N_EQ   ? ""
                     : n->kind == TD_N_NE ? x->words->other_than
                     : n->kind == TD_N_IN ? x->words->one_of
                                          : symbol[n->kind];
    td_buf_appendf(x->buf, " (%s %s%s", x->words->needs, op,
                   n->kind == TD_N_NE || n->kind == TD_N_IN ? " " : "");
    td_status rc = word_operand(x, n->args[1]);
    td_buf_append(x->buf, ")");
    return rc;
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

static td_status explain_condition(explainer *x, const td_node *n)
{
    td_xvalue v;
    td_status rc = value_of(x, n, &v);
    if (rc != TD_OK)
        return rc;
    switch (n->kind) {
    case TD_N_AND:
    case TD_N_OR: {
        bool decisive = n->kind == TD_N_OR; /* the value that settles it alone */
        if (v.boolean == decisive) {
            /* the first operand with that value decided (evaluation stopped there) */
            for (size_t i = 0; i < n->nargs; i++) {
                td_xvalue a;
                if ((rc = value_of(x, n->args[i], &a)) != TD_OK)
                    return rc;
                if (a.boolean == decisive)
                    return explain_condition(x, n->args[i]);
            }
            return TD_OK;
        }
        /* every operand mattered */
        for (size_t i = 0; i < n->nargs; i++) {
            if (i > 0)
                td_buf_append(x->buf, x->words != NULL && n->kind == TD_N_OR ? x->words->or_ : "; ");
            if ((rc = explain_condition(x, n->args[i])) != TD_OK)
                return rc;
        }
        return TD_OK;
    }
    case TD_N_NOT:
        /* the operand's own value says why: not award('a') fails as award('a') = true */
        if (x->words != NULL && words_of(x, n->args[0]) != NULL) {
            /* "khen thưởng a: có (yêu cầu không)" */
            if ((rc = word_operand(x, n->args[0])) != TD_OK)
                return rc;
            td_buf_appendf(x->buf, " (%s %s)", x->words->needs, x->words->no);
            return TD_OK;
        }
        return explain_condition(x, n->args[0]);
    case TD_N_EQ:
    case TD_N_NE:
    case TD_N_LT:
    case TD_N_LE:
    case TD_N_GT:
    case TD_N_GE:
    case TD_N_IN:
        if (x->words != NULL) {
            if ((rc = word_operand(x, n->args[0])) != TD_OK)
                return rc;
            return requirement(x, n);
        }
        if ((rc = operand(x, n->args[0])) != TD_OK)
            return rc;
        td_buf_appendf(x->buf, " %s ", v.boolean ? op_text(n->kind) : negated(n->kind));
        return operand(x, n->args[1]);
    default:
        return x->words != NULL ? word_operand(x, n) : operand(x, n);
    }
}

td_status td_cexpr_explain_words(const td_cexpr *e, const td_expr_host *host, const td_expr_words *words,
                                 td_buf *buf, td_error *err)
{
    if (e->root->type != TD_XT_BOOL)
        return td_cexpr_explain(e, host, buf, err);
    explainer x = {e, host, buf, err, words};
    return explain_condition(&x, e->root);
}

td_status td_cexpr_explain(const td_cexpr *e, const td_expr_host *host, td_buf *buf, td_error *err)
{
    explainer x = {e, host, buf, err, NULL};
    if (e->root->type == TD_XT_BOOL)
        return explain_condition(&x, e->root);
    td_xvalue v;
    td_status rc = value_of(&x, e->root, &v);
    if (rc != TD_OK)
        return rc;
    source_of(&x, e->root);
    td_buf_append(buf, " = ");
    td_xvalue_print(&v, buf);
    return TD_OK;
}

/* ---- what an expression uses ---- */

static bool node_uses(const td_node *n, td_builtin b)
{
    if ((n->kind == TD_N_NAME || n->kind == TD_N_CALL) && n->builtin == b)
        return true;
    for (size_t i = 0; i < n->nargs; i++)
        if (node_uses(n->args[i], b))
            return true;
    return false;
}

bool td_cexpr_uses(const td_cexpr *e, td_builtin b)
{
    return e != NULL && node_uses(e->root, b);
}
