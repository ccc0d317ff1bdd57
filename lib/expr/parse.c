/*
 * Lexer and parser of the expression language, with static type checking:
 * every name, function, arity and operand type is checked at compile time,
 * so evaluation can only fail on data (a missing value, a division by zero).
 *
 * Precedence, highest first: not, unary -; * /; + -; == != < <= > >= in
 * (not chainable); and; or.
 */
#include <stdio.h>
#include <string.h>

#include "expr.h"

typedef enum tok_kind {
    T_END, T_NUM, T_STR, T_IDENT, T_AND, T_OR, T_NOT, T_IN, T_TRUE, T_FALSE,
    T_PLUS, T_MINUS, T_STAR, T_SLASH, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA,
    T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE
} tok_kind;

typedef struct token {
    tok_kind kind;
    unsigned start, end;
    td_decimal number;
    char *text; /* T_STR: unescaped, T_IDENT: the name (arena copies) */
} token;

typedef struct parser {
    const char *src;
    size_t len;
    size_t pos;
    token tok;
    td_arena *arena;
    const td_expr_scope *scope;
    size_t depth, max_depth;
    td_error *err;
} parser;

/* ---- built-ins ---- */

typedef struct builtin_info {
    const char *name;
    bool function;
    int min_args, max_args; /* -1: any number */
    int type;               /* result type; 0: the type of if's branches */
    td_stage stage;
    td_ref_kind ref;        /* kind of the first argument when it is an id */
    const char *computed;   /* what it needs, for "not known yet" messages */
} builtin_info;

static const builtin_info builtins[TD_B_COUNT_] = {
    [TD_B_TOTAL] = {"total", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CLASSIFY, 0, "totals"},
    [TD_B_BASE] = {"base", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CLASSIFY, 0, "totals"},
    [TD_B_BONUS] = {"bonus", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CLASSIFY, 0, "totals"},
    [TD_B_DEDUCTION] = {"deduction", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CLASSIFY, 0, "totals"},
    [TD_B_RANK] = {"rank", false, 0, 0, TD_XT_NUMBER, TD_STAGE_AWARD, 0, "ranking"},
    [TD_B_CLASSIFICATION] = {"classification", false, 0, 0, TD_XT_TEXT, TD_STAGE_RANK, 0,
                             "classification"},
    [TD_B_MEMBERS] = {"members", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CRITERION, 0, "the members"},
    [TD_B_IS_LEADER] = {"is_leader", false, 0, 0, TD_XT_BOOL, TD_STAGE_CRITERION, 0, "the members"},
    [TD_B_ATTAINMENT] = {"attainment", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_MEASURE,
                         "attainment"},
    [TD_B_ACTUAL] = {"actual", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_MEASURE, "measures"},
    [TD_B_TARGET] = {"target", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_MEASURE, "measures"},
    [TD_B_POINTS] = {"points", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CLASSIFY, TD_REF_CRITERION, "points"},
    [TD_B_MET] = {"met", true, 1, 1, TD_XT_BOOL, TD_STAGE_CRITERION, TD_REF_MEASURE, "attainment"},
    [TD_B_ALL_MET] = {"all_met", true, 0, 0, TD_XT_BOOL, TD_STAGE_CRITERION, 0, "attainment"},
    [TD_B_COUNT_MET] = {"count_met", true, 0, 0, TD_XT_NUMBER, TD_STAGE_CRITERION, 0, "attainment"},
    [TD_B_EVENTS] = {"events", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_ITEM, "events"},
    [TD_B_AWARD] = {"award", true, 1, 1, TD_XT_BOOL, TD_STAGE_AWARD, TD_REF_AWARD, "awards"},
    [TD_B_HISTORY] = {"history", true, 2, 2, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_RECORD, "history"},
    [TD_B_CONSECUTIVE] = {"consecutive", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_RECORD,
                          "history"},
    [TD_B_MIN_SHARE] = {"min_share", true, 0, 0, TD_XT_NUMBER, TD_STAGE_CLASSIFY, 0, "points"},
    [TD_B_MIN] = {"min", true, 1, -1, TD_XT_NUMBER, TD_STAGE_MEASURE, 0, ""},
    [TD_B_MAX] = {"max", true, 1, -1, TD_XT_NUMBER, TD_STAGE_MEASURE, 0, ""},
    [TD_B_ABS] = {"abs", true, 1, 1, TD_XT_NUMBER, TD_STAGE_MEASURE, 0, ""},
    [TD_B_ROUND] = {"round", true, 2, 2, TD_XT_NUMBER, TD_STAGE_MEASURE, 0, ""},
    [TD_B_IF] = {"if", true, 3, 3, 0, TD_STAGE_MEASURE, 0, ""},
};

const char *td_builtin_name(td_builtin b)
{
    return (b > TD_B_NONE && b < TD_B_COUNT_) ? builtins[b].name : "?";
}

static td_builtin find_builtin(const char *name)
{
    for (int b = TD_B_NONE + 1; b < TD_B_COUNT_; b++)
        if (strcmp(builtins[b].name, name) == 0)
            return (td_builtin)b;
    return TD_B_NONE;
}

/* Edit distance, for "did you mean" on short names. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32)
        return 99;
    size_t row[33];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

static const char *suggest(const char *name)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (int b = TD_B_NONE + 1; b < TD_B_COUNT_; b++) {
        size_t d = distance(name, builtins[b].name);
        if (d < best_d) {
            best_d = d;
            best = builtins[b].name;
        }
    }
    return best;
}

/* ---- errors ---- */

static td_status fail_at(parser *p, td_status code, unsigned at, const char *fmt, ...)
    TD_PRINTF(4, 5);

static td_status fail_at(parser *p, td_status code, unsigned at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(p->err, code, NULL, 1, at + 1, fmt, ap);
    va_end(ap);
    return code;
}

static td_status nomem(parser *p)
{
    return td_error_nomem(p->err);
}

static const char *type_name(int type)
{
    switch (type) {
    case TD_XT_NUMBER: return "a number";
    case TD_XT_BOOL: return "a boolean";
    case TD_XT_TEXT: return "a text";
    case TD_XT_LIST: return "a list";
    default: return "a value";
    }
}

/* ---- lexer ---- */

static bool ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

static td_status next(parser *p)
{
    const char *s = p->src;
    while (p->pos < p->len && (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' ||
                               s[p->pos] == '\r'))
        p->pos++;
    token *t = &p->tok;
    t->start = (unsigned)p->pos;
    t->text = NULL;
    if (p->pos >= p->len) {
        t->kind = T_END;
        t->end = t->start;
        return TD_OK;
    }
    unsigned char c = (unsigned char)s[p->pos];
    if ((c >= '0' && c <= '9') || (c == '.' && p->pos + 1 < p->len && s[p->pos + 1] >= '0' &&
                                   s[p->pos + 1] <= '9')) {
        size_t i = p->pos;
        while (i < p->len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i < p->len && s[i] == '.') {
            i++;
            while (i < p->len && s[i] >= '0' && s[i] <= '9')
                i++;
        }
        if (i < p->len && ident_char((unsigned char)s[i]) && s[i] != '_')
            return fail_at(p, TD_EPARSE, (unsigned)i, "unexpected '%c' after the number '%.*s'", s[i],
                           (int)(i - p->pos), s + p->pos);
        td_error local;
        if (td_decimal_parse_n(&t->number, s + p->pos, i - p->pos, &local) != TD_OK)
            return fail_at(p, TD_ERANGE, t->start, "number '%.*s' is out of range", (int)(i - p->pos),
                           s + p->pos);
        if (i < p->len && s[i] == '%') {
            td_decimal hundred = td_decimal_from_int(100);
            if (td_decimal_div(&t->number, t->number, hundred, TD_DECIMAL_MAX_SCALE, TD_ROUND_HALF_UP,
                               &local) != TD_OK)
                return fail_at(p, TD_ERANGE, t->start, "percentage '%.*s%%' is out of range",
                               (int)(i - p->pos), s + p->pos);
            i++;
        }
        t->kind = T_NUM;
        p->pos = i;
        t->end = (unsigned)i;
        return TD_OK;
    }
    if (c == '\'') {
        size_t i = p->pos + 1;
        size_t n = 0;
        char *text = td_arena_alloc(p->arena, p->len - p->pos);
        if (text == NULL)
            return nomem(p);
        for (;; i++) {
            if (i >= p->len)
                return fail_at(p, TD_EPARSE, t->start, "the text starting here has no closing quote");
            if (s[i] == '\'')
                break;
            if (s[i] == '\\' && i + 1 < p->len && (s[i + 1] == '\'' || s[i + 1] == '\\'))
                i++;
            text[n++] = s[i];
        }
        text[n] = '\0';
        t->kind = T_STR;
        t->text = text;
        p->pos = i + 1;
        t->end = (unsigned)p->pos;
        return TD_OK;
    }
    if (ident_start(c)) {
        size_t i = p->pos;
        while (i < p->len && ident_char((unsigned char)s[i]))
            i++;
        size_t n = i - p->pos;
        static const struct {
            const char *word;
            tok_kind kind;
        } words[] = {{"and", T_AND}, {"or", T_OR},     {"not", T_NOT},
                     {"in", T_IN},   {"true", T_TRUE}, {"false", T_FALSE}};
        t->kind = T_IDENT;
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
            if (strlen(words[k].word) == n && memcmp(words[k].word, s + p->pos, n) == 0)
                t->kind = words[k].kind;
        if (t->kind == T_IDENT) {
            t->text = td_arena_alloc(p->arena, n + 1);
            if (t->text == NULL)
                return nomem(p);
            memcpy(t->text, s + p->pos, n);
        }
        p->pos = i;
        t->end = (unsigned)i;
        return TD_OK;
    }
    char c2 = p->pos + 1 < p->len ? s[p->pos + 1] : '\0';
    tok_kind k;
    size_t w = 1;
    switch (c) {
    case '+': k = T_PLUS; break;
    case '-': k = T_MINUS; break;
    case '*': k = T_STAR; break;
    case '/': k = T_SLASH; break;
    case '(': k = T_LPAREN; break;
    case ')': k = T_RPAREN; break;
    case '[': k = T_LBRACK; break;
    case ']': k = T_RBRACK; break;
    case ',': k = T_COMMA; break;
    case '<': k = c2 == '=' ? T_LE : T_LT; w = c2 == '=' ? 2 : 1; break;
    case '>': k = c2 == '=' ? T_GE : T_GT; w = c2 == '=' ? 2 : 1; break;
    case '=':
        if (c2 != '=')
            return fail_at(p, TD_EPARSE, t->start, "'=' is not an operator: compare with '=='");
        k = T_EQ;
        w = 2;
        break;
    case '!':
        if (c2 != '=')
            return fail_at(p, TD_EPARSE, t->start, "'!' is not an operator: use 'not' or '!='");
        k = T_NE;
        w = 2;
        break;
    case '"':
        return fail_at(p, TD_EPARSE, t->start, "texts are written in single quotes: 'like this'");
    default:
        if (c < 0x20 || c == 0x7F)
            return fail_at(p, TD_EPARSE, t->start, "unexpected control character 0x%02X", c);
        return fail_at(p, TD_EPARSE, t->start, "unexpected character '%c'", c);
    }
    t->kind = k;
    p->pos += w;
    t->end = (unsigned)p->pos;
    return TD_OK;
}

static const char *token_desc(const parser *p, char *buf, size_t n)
{
    if (p->tok.kind == T_END)
        return "the end of the expression";
    snprintf(buf, n, "'%.*s'", (int)(p->tok.end - p->tok.start > 30 ? 30 : p->tok.end - p->tok.start),
             p->src + p->tok.start);
    return buf;
}

static td_status expect(parser *p, tok_kind kind, const char *what)
{
    if (p->tok.kind != kind) {
        char buf[48];
        return fail_at(p, TD_EPARSE, p->tok.start, "expected %s, found %s", what,
                       token_desc(p, buf, sizeof buf));
    }
    return next(p);
}

/* ---- nodes ---- */

static td_node *node(parser *p, td_node_kind kind, int type, unsigned start, unsigned end)
{
    td_node *n = td_arena_alloc(p->arena, sizeof *n);
    if (n != NULL) {
        n->kind = kind;
        n->type = type;
        n->start = start;
        n->end = end;
        n->ref = -1;
    }
    return n;
}

/* Appends an argument (arena arrays double; the old one stays in the arena). */
static bool push_arg(parser *p, td_node *n, td_node *arg, size_t *cap)
{
    if (n->nargs == *cap) {
        size_t ncap = *cap == 0 ? 4 : *cap * 2;
        td_node **items = td_arena_alloc(p->arena, ncap * sizeof *items);
        if (items == NULL)
            return false;
        if (n->nargs > 0)
            memcpy(items, n->args, n->nargs * sizeof *items);
        n->args = items;
        *cap = ncap;
    }
    n->args[n->nargs++] = arg;
    return true;
}

static td_node *binary(parser *p, td_node_kind kind, int type, td_node *l, td_node *r)
{
    td_node *n = node(p, kind, type, l->start, r->end);
    size_t cap = 0;
    if (n == NULL || !push_arg(p, n, l, &cap) || !push_arg(p, n, r, &cap))
        return NULL;
    return n;
}

static td_status parse_or(parser *p, td_node **out);

static td_status need_type(parser *p, const td_node *n, int type, const char *context)
{
    if ((n->type & type) == 0)
        return fail_at(p, TD_EPARSE, n->start, "%s needs %s, but '%.*s' is %s", context,
                       type_name(type), (int)(n->end - n->start > 40 ? 40 : n->end - n->start),
                       p->src + n->start, type_name(n->type));
    return TD_OK;
}

static td_status enter(parser *p)
{
    if (++p->depth > p->max_depth)
        return fail_at(p, TD_ELIMIT, p->tok.start, "the expression nests deeper than %zu levels",
                       p->max_depth);
    return TD_OK;
}

/* A data function's id argument: a bare name or a text. */
static td_status parse_ref(parser *p, const builtin_info *info, td_node *call)
{
    if (p->tok.kind != T_IDENT && p->tok.kind != T_STR) {
        char buf[48];
        return fail_at(p, TD_EPARSE, p->tok.start, "%s() takes an id first, found %s", info->name,
                       token_desc(p, buf, sizeof buf));
    }
    const char *name = p->tok.text;
    unsigned at = p->tok.start;
    long index = p->scope->resolve_ref != NULL ? p->scope->resolve_ref(p->scope->ctx, info->ref, name)
                                                : -1;
    if (index < 0) {
        static const char *const what[] = {"", "criterion or measure", "criterion", "adjustment item",
                                           "award", "award or classification"};
        const char *extra = info->ref == TD_REF_AWARD ? " (award() names an award listed before this one)" : "";
        return fail_at(p, TD_EPARSE, at, "unknown %s '%s' in %s()%s", what[info->ref], name, info->name,
                       extra);
    }
    call->text = name;
    call->ref = index;
    return next(p);
}

static td_status parse_call(parser *p, td_builtin b, unsigned start, td_node **out)
{
    const builtin_info *info = &builtins[b];
    td_node *call = node(p, TD_N_CALL, info->type, start, start);
    if (call == NULL)
        return nomem(p);
    call->builtin = b;
    td_status rc = expect(p, T_LPAREN, "'('");
    if (rc != TD_OK)
        return rc;
    size_t cap = 0;
    int count = 0;
    if (info->ref != 0 && p->tok.kind != T_RPAREN) {
        if ((rc = parse_ref(p, info, call)) != TD_OK)
            return rc;
        count = 1;
    }
    while (p->tok.kind != T_RPAREN) {
        if (count > 0 && (rc = expect(p, T_COMMA, "',' or ')'")) != TD_OK)
            return rc;
        td_node *arg;
        if ((rc = parse_or(p, &arg)) != TD_OK)
            return rc;
        if (!push_arg(p, call, arg, &cap))
            return nomem(p);
        count++;
    }
    if (count < info->min_args || (info->max_args >= 0 && count > info->max_args)) {
        if (info->min_args == info->max_args)
            return fail_at(p, TD_EPARSE, start, "%s() takes %d argument%s, got %d", info->name,
                           info->min_args, info->min_args == 1 ? "" : "s", count);
        return fail_at(p, TD_EPARSE, start, "%s() takes at least %d argument%s, got %d", info->name,
                       info->min_args, info->min_args == 1 ? "" : "s", count);
    }
    call->end = p->tok.end;
    if ((rc = expect(p, T_RPAREN, "')'")) != TD_OK)
        return rc;
    /* argument types */
    switch (b) {
    case TD_B_HISTORY:
        if ((rc = need_type(p, call->args[0], TD_XT_NUMBER, "history()'s count")) != TD_OK)
            return rc;
        break;
    case TD_B_MIN:
    case TD_B_MAX:
    case TD_B_ABS:
    case TD_B_ROUND:
        for (size_t i = 0; i < call->nargs; i++)
            if ((rc = need_type(p, call->args[i], TD_XT_NUMBER, info->name)) != TD_OK)
                return rc;
        break;
    case TD_B_IF:
        if ((rc = need_type(p, call->args[0], TD_XT_BOOL, "if()'s condition")) != TD_OK)
            return rc;
        if (call->args[1]->type != call->args[2]->type || call->args[1]->type == TD_XT_LIST)
            return fail_at(p, TD_EPARSE, call->args[2]->start,
                           "if() needs both branches of one type, got %s and %s",
                           type_name(call->args[1]->type), type_name(call->args[2]->type));
        call->type = call->args[1]->type;
        break;
    default:
        break;
    }
    *out = call;
    return TD_OK;
}

static td_status parse_name(parser *p, td_node **out)
{
    const char *name = p->tok.text;
    unsigned start = p->tok.start, end = p->tok.end;
    td_status rc = next(p);
    if (rc != TD_OK)
        return rc;
    bool called = p->tok.kind == T_LPAREN;
    td_builtin b = find_builtin(name);
    if (b != TD_B_NONE) {
        const builtin_info *info = &builtins[b];
        if (info->function != called)
            return fail_at(p, TD_EPARSE, start, info->function ? "%s is a function: write %s(...)"
                                                               : "%s is not a function%s",
                           name, info->function ? name : "");
        if (info->stage > p->scope->stage)
            return fail_at(p, TD_EPARSE, start, "%s cannot use %s: %s are not computed yet at that point",
                           p->scope->stage_name, name, info->computed);
        if (called)
            return parse_call(p, b, start, out);
        td_node *n = node(p, TD_N_NAME, info->type, start, end);
        if (n == NULL)
            return nomem(p);
        n->builtin = b;
        *out = n;
        return TD_OK;
    }
    int type = TD_XT_NUMBER;
    long index = (!called && p->scope->resolve_var != NULL)
                     ? p->scope->resolve_var(p->scope->ctx, name, &type)
                     : -1;
    if (index < 0) {
        const char *hint = suggest(name);
        if (called)
            return fail_at(p, TD_EPARSE, start, "unknown function '%s'%s%s%s", name,
                           hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        return fail_at(p, TD_EPARSE, start, "unknown name '%s'%s%s%s", name,
                       hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
    }
    td_node *n = node(p, TD_N_VAR, type, start, end);
    if (n == NULL)
        return nomem(p);
    n->ref = index;
    n->text = name;
    *out = n;
    return TD_OK;
}

static td_status parse_list(parser *p, td_node **out)
{
    unsigned start = p->tok.start;
    td_status rc = next(p);
    if (rc != TD_OK)
        return rc;
    td_node *list = node(p, TD_N_LIST, TD_XT_LIST, start, start);
    if (list == NULL)
        return nomem(p);
    size_t cap = 0;
    if (p->tok.kind == T_RBRACK)
        return fail_at(p, TD_EPARSE, start, "an empty list can never contain anything");
    for (;;) {
        td_node *item;
        if ((rc = parse_or(p, &item)) != TD_OK)
            return rc;
        if (item->type != TD_XT_NUMBER && item->type != TD_XT_TEXT)
            return fail_at(p, TD_EPARSE, item->start, "list items are numbers or texts, not %s",
                           type_name(item->type));
        if (list->nargs > 0 && item->type != list->elem_type)
            return fail_at(p, TD_EPARSE, item->start, "a list mixes %s and %s",
                           type_name(list->elem_type), type_name(item->type));
        list->elem_type = item->type;
        if (!push_arg(p, list, item, &cap))
            return nomem(p);
        if (p->tok.kind != T_COMMA)
            break;
        if ((rc = next(p)) != TD_OK)
            return rc;
    }
    list->end = p->tok.end;
    rc = expect(p, T_RBRACK, "',' or ']'");
    *out = list;
    return rc;
}

static td_status parse_primary(parser *p, td_node **out)
{
    token t = p->tok;
    td_status rc;
    switch (t.kind) {
    case T_NUM:
    case T_STR:
    case T_TRUE:
    case T_FALSE: {
        td_node *n = node(p, t.kind == T_NUM ? TD_N_NUMBER : t.kind == T_STR ? TD_N_TEXT : TD_N_BOOL,
                          t.kind == T_NUM ? TD_XT_NUMBER : t.kind == T_STR ? TD_XT_TEXT : TD_XT_BOOL,
                          t.start, t.end);
        if (n == NULL)
            return nomem(p);
        n->number = t.number;
        n->text = t.text;
        n->boolean = t.kind == T_TRUE;
        *out = n;
        return next(p);
    }
    case T_IDENT:
        return parse_name(p, out);
    case T_LPAREN: {
        if ((rc = next(p)) != TD_OK || (rc = parse_or(p, out)) != TD_OK)
            return rc;
        /* the parentheses belong to the node's text, for explanations */
        (*out)->start = t.start;
        (*out)->end = p->tok.end;
        return expect(p, T_RPAREN, "')'");
    }
    case T_LBRACK:
        return parse_list(p, out);
    default: {
        char buf[48];
        return fail_at(p, TD_EPARSE, t.start, "expected a value, found %s", token_desc(p, buf, sizeof buf));
    }
    }
}

static td_status parse_unary(parser *p, td_node **out)
{
    td_status rc = enter(p);
    if (rc != TD_OK)
        return rc;
    if (p->tok.kind == T_NOT || p->tok.kind == T_MINUS) {
        bool is_not = p->tok.kind == T_NOT;
        unsigned start = p->tok.start;
        td_node *operand;
        if ((rc = next(p)) != TD_OK || (rc = parse_unary(p, &operand)) != TD_OK)
            return rc;
        if ((rc = need_type(p, operand, is_not ? TD_XT_BOOL : TD_XT_NUMBER, is_not ? "'not'" : "'-'")) != TD_OK)
            return rc;
        td_node *n = node(p, is_not ? TD_N_NOT : TD_N_NEG, operand->type, start, operand->end);
        size_t cap = 0;
        if (n == NULL || !push_arg(p, n, operand, &cap))
            return nomem(p);
        *out = n;
    } else {
        rc = parse_primary(p, out);
    }
    p->depth--;
    return rc;
}

typedef td_status (*parse_fn)(parser *p, td_node **out);

/* One left-associative level of arithmetic operators. */
static td_status parse_arith(parser *p, td_node **out, parse_fn operand, tok_kind a, td_node_kind na,
                             tok_kind b, td_node_kind nb, const char *ops)
{
    td_status rc = operand(p, out);
    while (rc == TD_OK && (p->tok.kind == a || p->tok.kind == b)) {
        td_node_kind kind = p->tok.kind == a ? na : nb;
        td_node *right;
        if ((rc = need_type(p, *out, TD_XT_NUMBER, ops)) != TD_OK || (rc = next(p)) != TD_OK ||
            (rc = operand(p, &right)) != TD_OK || (rc = need_type(p, right, TD_XT_NUMBER, ops)) != TD_OK)
            return rc;
        if ((*out = binary(p, kind, TD_XT_NUMBER, *out, right)) == NULL)
            return nomem(p);
    }
    return rc;
}

static td_status parse_mul(parser *p, td_node **out)
{
    return parse_arith(p, out, parse_unary, T_STAR, TD_N_MUL, T_SLASH, TD_N_DIV, "'*' and '/'");
}

static td_status parse_add(parser *p, td_node **out)
{
    return parse_arith(p, out, parse_mul, T_PLUS, TD_N_ADD, T_MINUS, TD_N_SUB, "'+' and '-'");
}

static bool comparison(tok_kind k, td_node_kind *kind)
{
    static const struct {
        tok_kind tok;
        td_node_kind node;
    } map[] = {{T_EQ, TD_N_EQ}, {T_NE, TD_N_NE}, {T_LT, TD_N_LT}, {T_LE, TD_N_LE},
               {T_GT, TD_N_GT}, {T_GE, TD_N_GE}, {T_IN, TD_N_IN}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].tok == k) {
            *kind = map[i].node;
            return true;
        }
    return false;
}

static td_status parse_cmp(parser *p, td_node **out)
{
    td_status rc = parse_add(p, out);
    td_node_kind kind;
    if (rc != TD_OK || !comparison(p->tok.kind, &kind))
        return rc;
    unsigned op_at = p->tok.start;
    td_node *left = *out, *right;
    if ((rc = next(p)) != TD_OK || (rc = parse_add(p, &right)) != TD_OK)
        return rc;
    if (comparison(p->tok.kind, &(td_node_kind){0}))
        return fail_at(p, TD_EPARSE, p->tok.start, "comparisons cannot be chained: join them with 'and'");
    if (kind == TD_N_IN) {
        if (right->type != TD_XT_LIST)
            return fail_at(p, TD_EPARSE, right->start, "'in' needs a list on its right, like ['a', 'b']");
        if (left->type != right->elem_type)
            return fail_at(p, TD_EPARSE, op_at, "'in' compares %s with a list of %ss", type_name(left->type),
                           right->elem_type == TD_XT_NUMBER ? "number" : "text");
    } else if (kind == TD_N_EQ || kind == TD_N_NE) {
        if (left->type != right->type || left->type == TD_XT_LIST)
            return fail_at(p, TD_EPARSE, op_at, "'%s' compares values of one type, not %s and %s",
                           kind == TD_N_EQ ? "==" : "!=", type_name(left->type), type_name(right->type));
    } else if ((rc = need_type(p, left, TD_XT_NUMBER, "ordering comparisons")) != TD_OK ||
               (rc = need_type(p, right, TD_XT_NUMBER, "ordering comparisons")) != TD_OK) {
        return rc;
    }
    if ((*out = binary(p, kind, TD_XT_BOOL, left, right)) == NULL)
        return nomem(p);
    return TD_OK;
}

static td_status parse_logic(parser *p, td_node **out, parse_fn operand, tok_kind tok, td_node_kind kind,
                             const char *op)
{
    td_status rc = operand(p, out);
    while (rc == TD_OK && p->tok.kind == tok) {
        td_node *right;
        if ((rc = need_type(p, *out, TD_XT_BOOL, op)) != TD_OK || (rc = next(p)) != TD_OK ||
            (rc = operand(p, &right)) != TD_OK || (rc = need_type(p, right, TD_XT_BOOL, op)) != TD_OK)
            return rc;
        if ((*out = binary(p, kind, TD_XT_BOOL, *out, right)) == NULL)
            return nomem(p);
    }
    return rc;
}

static td_status parse_and(parser *p, td_node **out)
{
    return parse_logic(p, out, parse_cmp, T_AND, TD_N_AND, "'and'");
}

static td_status parse_or(parser *p, td_node **out)
{
    td_status rc = enter(p);
    if (rc == TD_OK)
        rc = parse_logic(p, out, parse_and, T_OR, TD_N_OR, "'or'");
    p->depth--;
    return rc;
}

/* ---- compile ---- */

void td_cexpr_free(td_cexpr *e)
{
    if (e == NULL)
        return;
    td_allocator a = e->arena.alloc;
    td_arena_free(&e->arena);
    td_dealloc(&a, e);
}

td_status td_cexpr_compile(td_cexpr **out, const char *text, size_t len, const td_expr_scope *scope,
                           int want, const td_allocator *alloc, td_error *err)
{
    size_t max_bytes = scope->max_bytes != 0 ? scope->max_bytes : TD_EXPR_DEFAULT_MAX_BYTES;
    if (len > max_bytes)
        return td_error_set_at(err, TD_ELIMIT, NULL, 1, 1, "the expression is %zu bytes long; the limit is %zu",
                               len, max_bytes);
    if (!td_utf8_valid(text, len))
        return td_error_set_at(err, TD_EPARSE, NULL, 1, 1, "the expression is not valid UTF-8");
    if (memchr(text, '\0', len) != NULL)
        return td_error_set_at(err, TD_EPARSE, NULL, 1, (unsigned)((const char *)memchr(text, '\0', len) - text) + 1,
                               "the expression contains a NUL character");
    td_allocator a;
    td_allocator_resolve(&a, alloc);
    td_cexpr *e = td_alloc(&a, sizeof *e);
    if (e == NULL)
        return td_error_nomem(err);
    memset(e, 0, sizeof *e);
    td_arena_init(&e->arena, &a);
    char *source = td_arena_alloc(&e->arena, len + 1);
    if (source == NULL) {
        td_cexpr_free(e);
        return td_error_nomem(err);
    }
    memcpy(source, text, len);
    e->source = source;
    e->source_len = len;
    parser p;
    memset(&p, 0, sizeof p);
    p.src = source;
    p.len = len;
    p.arena = &e->arena;
    p.scope = scope;
    p.max_depth = scope->max_depth != 0 ? scope->max_depth : TD_EXPR_DEFAULT_MAX_DEPTH;
    p.err = err;
    td_status rc = next(&p);
    if (rc == TD_OK && p.tok.kind == T_END)
        rc = fail_at(&p, TD_EPARSE, 0, "the expression is empty");
    if (rc == TD_OK)
        rc = parse_or(&p, &e->root);
    if (rc == TD_OK && p.tok.kind != T_END) {
        char buf[48];
        rc = fail_at(&p, TD_EPARSE, p.tok.start, "unexpected %s after a complete expression",
                     token_desc(&p, buf, sizeof buf));
    }
    if (rc == TD_OK && want != 0 && (e->root->type & want) == 0)
        rc = fail_at(&p, TD_EPARSE, 0, "%s must be %s, but this is %s", scope->stage_name,
                     want == TD_XT_BOOL ? "a condition (true or false)" : want == TD_XT_NUMBER ? "a number" : "a number or a boolean",
                     type_name(e->root->type));
    if (rc != TD_OK) {
        td_cexpr_free(e);
        return rc;
    }
    *out = e;
    return TD_OK;
}
