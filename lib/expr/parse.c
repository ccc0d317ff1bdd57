/*
 * The parser, with static checking: every name, function, arity and
 * operand type is checked at compile time, so evaluation can only fail on
 * data (a missing value, a division by zero, an overflow).
 *
 * Precedence, highest first: not, unary -; * /; + -; == != < <= > >= in
 * (not chainable); and; or. Chains of one level (a + b - c) become one node
 * with many operands, so that only nesting deepens the tree; nesting
 * (parentheses, brackets, calls, unary operators) is limited by max_depth,
 * which bounds the recursion of every later walk of the tree.
 */
#include <stdio.h>
#include <string.h>

#include "syntax.h"

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

/* The source of a node for messages, shortened. */
#define SHOWN(p, n)                                                                                \
    td_excerpt_len((p)->src + (n)->start, (n)->end - (n)->start, 40), (p)->src + (n)->start,       \
        ((n)->end - (n)->start > 40 ? "..." : "")

/* ---- nodes ---- */

static td_node *node(td_parser *p, td_node_kind kind, int type, unsigned start, unsigned end)
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

/* Appends an operand, and its operator when the node keeps them (arena
 * arrays double; the old ones stay in the arena). */
static td_status push(td_parser *p, td_node *n, td_node *arg, char op, size_t *cap)
{
    if (n->nargs == *cap) {
        size_t ncap = *cap == 0 ? 4 : *cap * 2;
        td_node **items = td_arena_alloc(p->arena, ncap * sizeof *items);
        char *ops = op != 0 ? td_arena_alloc(p->arena, ncap) : NULL;
        if (items == NULL || (op != 0 && ops == NULL))
            return td_error_nomem(p->err);
        if (n->nargs > 0) {
            memcpy(items, n->args, n->nargs * sizeof *items);
            if (ops != NULL)
                memcpy(ops, n->ops, n->nargs);
        }
        n->args = items;
        if (ops != NULL)
            n->ops = ops;
        *cap = ncap;
    }
    if (n->ops != NULL)
        ((char *)n->ops)[n->nargs] = op;
    n->args[n->nargs++] = arg;
    if (arg->end > n->end)
        n->end = arg->end;
    return TD_OK;
}

static TD_COLD td_status wrong_type(td_parser *p, const td_node *n, int type, const char *who)
{
    return td_parse_fail(p, TD_EPARSE, n->start, "%s needs %s, but '%.*s%s' is %s", who,
                         type_name(type), SHOWN(p, n), type_name(n->type));
}

static inline td_status need_type(td_parser *p, const td_node *n, int type, const char *who)
{
    return (n->type & type) != 0 ? TD_OK : wrong_type(p, n, type, who);
}

static TD_COLD td_status too_deep(td_parser *p, unsigned at)
{
    return td_parse_fail(p, TD_ELIMIT, at,
                         "the expression nests deeper than %zu levels (parentheses, brackets, "
                         "calls and 'not' or '-' count one level each)",
                         p->max_depth);
}

static inline td_status enter(td_parser *p, unsigned at)
{
    return ++p->depth > p->max_depth ? too_deep(p, at) : TD_OK;
}

static TD_COLD td_status expected_value(td_parser *p)
{
    char buf[48];
    return td_parse_fail(p, TD_EPARSE, p->tok.start, "expected a value, found %s",
                         td_token_desc(p, buf, sizeof buf));
}

static TD_COLD td_status unclosed_paren(td_parser *p, unsigned open)
{
    char buf[48];
    return td_parse_fail(p, TD_EPARSE, p->tok.start, "expected ')' to close the '(' at column %u, found %s",
                         open + 1, td_token_desc(p, buf, sizeof buf));
}

/* The error for a call or list opened at `open` and not closed. */
static TD_COLD td_status unclosed(td_parser *p, unsigned open, char closer)
{
    char buf[48];
    return td_parse_fail(p, TD_EPARSE, p->tok.start,
                         "expected ',' or '%c' to close the '%c' at column %u, found %s", closer,
                         closer == ')' ? '(' : '[', open + 1, td_token_desc(p, buf, sizeof buf));
}

static td_status parse_expr(td_parser *p, td_node **out);

/* ---- names and calls ---- */

static void suggestion_text(const td_suggestion *s, char *buf, size_t n)
{
    if (s->best != NULL)
        snprintf(buf, n, " (did you mean '%s'?)", s->best);
    else
        buf[0] = '\0';
}

/* min_share(level)'s levels, by TD_LEVEL_* (rulebook 1.1). */
static const char *const share_levels[] = {"leaf", "group", "section"};

static TD_COLD td_status unknown_ref(td_parser *p, td_ref_kind kind, const char *fn,
                                     const char *name, unsigned at)
{
    static const char *const what[] = {"", "criterion or measure", "criterion, group or section",
                                       "adjustment item", "award", "award, classification or title",
                                       "classification", "level"};
    /* an award of the rulebook that is not decided yet (listed later, or this
     * one): using it breaks the order of computation, a rulebook error */
    if (kind == TD_REF_AWARD && p->scope->resolve_ref != NULL &&
        p->scope->resolve_ref(p->scope->ctx, TD_REF_RECORD, name) >= 0 &&
        p->scope->resolve_ref(p->scope->ctx, TD_REF_CLASS, name) < 0)
        return td_parse_fail(p, TD_ERULEBOOK, at,
                             "award '%s' is not decided yet here: %s() names an award listed before this one",
                             name, fn);
    td_suggestion s;
    td_suggest_init(&s, name);
    if (kind == TD_REF_LEVEL)
        for (size_t k = 0; k < 3; k++)
            td_suggest_visit(&s, share_levels[k]);
    else if (p->scope->each_name != NULL)
        p->scope->each_name(p->scope->ctx, (int)kind, td_suggest_visit, &s);
    char hint[96];
    suggestion_text(&s, hint, sizeof hint);
    if (kind == TD_REF_CLASS)
        return td_parse_fail(p, TD_EPARSE, at, "unknown classification '%s'%s", name, hint);
    if (kind == TD_REF_LEVEL)
        return td_parse_fail(p, TD_EPARSE, at, "unknown level '%s' in %s()%s: the levels are 'leaf', 'group' and 'section'",
                             name, fn, hint);
    return td_parse_fail(p, TD_EPARSE, at, "unknown %s '%s' in %s()%s%s", what[kind], name, fn, hint,
                         kind == TD_REF_AWARD && s.best == NULL
                             ? " (award() names an award listed before this one)"
                             : "");
}

static long resolve_ref(td_parser *p, td_ref_kind kind, const char *name)
{
    if (kind == TD_REF_LEVEL) {
        for (long k = 0; k < 3; k++)
            if (strcmp(name, share_levels[k]) == 0)
                return k;
        return -1;
    }
    return p->scope->resolve_ref != NULL ? p->scope->resolve_ref(p->scope->ctx, kind, name) : -1;
}

static TD_COLD td_status not_an_id(td_parser *p, const td_builtin_info *info)
{
    static const char *const what[] = {"", "a criterion or measure", "a criterion, group or section",
                                       "an adjustment item", "an award",
                                       "an award, classification or title", "a classification",
                                       "a level ('leaf', 'group' or 'section')"};
    char buf[48];
    return td_parse_fail(p, TD_EPARSE, p->tok.start, "%s() takes the id of %s first, found %s",
                         info->name, what[info->ref], td_token_desc(p, buf, sizeof buf));
}

/* A data function's id argument: a bare name or a text. */
/* ['a', 'b', …]: record ids of history(), consecutive() and since() (1.1),
 * any of which counts a period. */
static td_status parse_ref_list(td_parser *p, const td_builtin_info *info, td_node *call)
{
    unsigned open = p->tok.start;
    td_status rc = enter(p, open);
    if (rc != TD_OK || (rc = td_lex_next(p)) != TD_OK)
        return rc;
    size_t cap = 0;
    for (;;) {
        if (p->tok.kind != T_IDENT && p->tok.kind != T_STR)
            return not_an_id(p, info);
        const char *name = p->tok.text;
        long index = resolve_ref(p, info->ref, name);
        if (index < 0)
            return unknown_ref(p, info->ref, info->name, name, p->tok.start);
        if (call->id_count == cap) {
            size_t ncap = cap == 0 ? 4 : cap * 2;
            const char **ids = td_arena_alloc(p->arena, ncap * sizeof *ids);
            if (ids == NULL)
                return td_error_nomem(p->err);
            if (cap > 0)
                memcpy(ids, call->ids, cap * sizeof *ids);
            call->ids = ids;
            cap = ncap;
        }
        call->ids[call->id_count++] = name;
        if (call->id_count == 1) {
            call->text = name;
            call->ref = index;
        }
        if ((rc = td_lex_next(p)) != TD_OK)
            return rc;
        if (p->tok.kind != T_COMMA)
            break;
        if ((rc = td_lex_next(p)) != TD_OK)
            return rc;
    }
    if (p->tok.kind != T_RBRACK)
        return unclosed(p, open, ']');
    p->depth--;
    return td_lex_next(p);
}

static td_status parse_ref(td_parser *p, const td_builtin_info *info, td_node *call)
{
    if (p->tok.kind == T_LBRACK && info->ref == TD_REF_RECORD)
        return parse_ref_list(p, info, call);
    if (p->tok.kind != T_IDENT && p->tok.kind != T_STR)
        return not_an_id(p, info);
    const char *name = p->tok.text;
    long index = resolve_ref(p, info->ref, name);
    if (index < 0)
        return unknown_ref(p, info->ref, info->name, name, p->tok.start);
    call->text = name;
    call->ref = index;
    return td_lex_next(p);
}

/* The value of a literal number argument (also negated), for static checks. */
static bool literal_number(const td_node *n, td_decimal *out)
{
    if (n->kind == TD_N_NEG && n->args[0]->kind == TD_N_NUMBER) {
        *out = td_decimal_neg(n->args[0]->number);
        return true;
    }
    if (n->kind == TD_N_NUMBER) {
        *out = n->number;
        return true;
    }
    return false;
}

/* A literal argument that must be a whole number in [lo, hi]. */
static TD_NOINLINE td_status check_whole(td_parser *p, const td_node *n, int64_t lo, int64_t hi,
                                         const char *what)
{
    td_decimal v;
    if (!literal_number(n, &v))
        return TD_OK;
    int64_t i;
    if (td_decimal_to_int64(&i, v, NULL) == TD_OK && i >= lo && i <= hi)
        return TD_OK;
    /* with no upper bound, a whole number beyond int64_t is as good as its maximum */
    if (hi == INT64_MAX && td_decimal_is_integer(v) && td_decimal_sign(v) > 0 &&
        td_decimal_cmp(v, td_decimal_from_int(lo)) >= 0)
        return TD_OK;
    if (hi == INT64_MAX)
        return td_parse_fail(p, TD_EPARSE, n->start, "%s must be a whole number >= %lld, got %.*s%s",
                             what, (long long)lo, SHOWN(p, n));
    return td_parse_fail(p, TD_EPARSE, n->start, "%s must be a whole number from %lld to %lld, got %.*s%s",
                         what, (long long)lo, (long long)hi, SHOWN(p, n));
}

static TD_NOINLINE td_status check_call(td_parser *p, td_node *call, unsigned start, int count)
{
    const td_builtin_info *info = td_builtin_info_of(call->builtin);
    td_status rc;
    if (count < info->min_args || (info->max_args >= 0 && count > info->max_args)) {
        if (info->min_args == info->max_args)
            return td_parse_fail(p, TD_EPARSE, start, "%s() takes %d argument%s, got %d", info->name,
                                 info->min_args, info->min_args == 1 ? "" : "s", count);
        if (info->max_args >= 0)
            return td_parse_fail(p, TD_EPARSE, start, "%s() takes %d or %d arguments, got %d", info->name,
                                 info->min_args, info->max_args, count);
        return td_parse_fail(p, TD_EPARSE, start, "%s() takes at least %d argument%s, got %d",
                             info->name, info->min_args, info->min_args == 1 ? "" : "s", count);
    }
    switch (call->builtin) {
    case TD_B_ACTUAL:
        /* actual(id, default): the default when the member has no actual */
        return call->nargs == 1 ? need_type(p, call->args[0], TD_XT_NUMBER, "actual()'s default") : TD_OK;
    case TD_B_SINCE:
        return need_type(p, call->args[0], TD_XT_NUMBER, "since()'s default");
    case TD_B_COUNT_GROUP:
    case TD_B_SHARE_GROUP:
        return need_type(p, call->args[0], TD_XT_BOOL, call->builtin == TD_B_COUNT_GROUP ? "count_group()'s condition"
                                                                                         : "share_group()'s condition");
    case TD_B_HISTORY:
        if ((rc = need_type(p, call->args[0], TD_XT_NUMBER, "history()'s count of periods")) != TD_OK)
            return rc;
        return check_whole(p, call->args[0], 1, INT64_MAX, "history()'s count of periods");
    case TD_B_ROUND:
        if ((rc = need_type(p, call->args[0], TD_XT_NUMBER, "round()")) != TD_OK ||
            (rc = need_type(p, call->args[1], TD_XT_NUMBER, "round()'s places")) != TD_OK)
            return rc;
        return check_whole(p, call->args[1], 0, TD_EXPR_MAX_ROUND_PLACES, "round()'s places");
    case TD_B_MIN:
    case TD_B_MAX:
    case TD_B_ABS:
        for (size_t i = 0; i < call->nargs; i++) {
            char who[16];
            snprintf(who, sizeof who, "%s()", info->name);
            if ((rc = need_type(p, call->args[i], TD_XT_NUMBER, who)) != TD_OK)
                return rc;
        }
        return TD_OK;
    case TD_B_IF: {
        const td_node *a = call->args[1], *b = call->args[2];
        if ((rc = need_type(p, call->args[0], TD_XT_BOOL, "if()'s condition")) != TD_OK)
            return rc;
        if (a->type == TD_XT_LIST || b->type == TD_XT_LIST)
            return td_parse_fail(p, TD_EPARSE, (a->type == TD_XT_LIST ? a : b)->start,
                                 "if() cannot give a list");
        if (a->type != b->type)
            return td_parse_fail(p, TD_EPARSE, b->start,
                                 "if() needs both branches of one type, got %s and %s",
                                 type_name(a->type), type_name(b->type));
        call->type = a->type;
        return TD_OK;
    }
    default:
        return TD_OK;
    }
}

static td_status parse_call(td_parser *p, td_builtin b, unsigned start, td_node **out)
{
    const td_builtin_info *info = td_builtin_info_of(b);
    td_node *call = node(p, TD_N_CALL, info->type, start, start);
    if (call == NULL)
        return td_error_nomem(p->err);
    call->builtin = b;
    unsigned open = p->tok.start;
    td_status rc = enter(p, open);
    if (rc != TD_OK || (rc = td_lex_next(p)) != TD_OK)
        return rc;
    size_t cap = 0;
    int count = 0;
    if (info->ref != 0 && p->tok.kind != T_RPAREN) {
        if ((rc = parse_ref(p, info, call)) != TD_OK)
            return rc;
        count = 1;
    }
    while (p->tok.kind != T_RPAREN) {
        if (count > 0) {
            if (p->tok.kind != T_COMMA)
                return unclosed(p, open, ')');
            if ((rc = td_lex_next(p)) != TD_OK)
                return rc;
        }
        td_node *arg = NULL;
        if ((rc = parse_expr(p, &arg)) != TD_OK || (rc = push(p, call, arg, 0, &cap)) != TD_OK)
            return rc;
        count++;
    }
    call->end = p->tok.end;
    p->depth--;
    if ((rc = td_lex_next(p)) != TD_OK || (rc = check_call(p, call, start, count)) != TD_OK)
        return rc;
    *out = call;
    return TD_OK;
}

static TD_COLD td_status unknown_name(td_parser *p, const char *name, unsigned start, bool called)
{
    td_suggestion s;
    td_suggest_init(&s, name);
    td_suggest_builtins(&s, called);
    if (!called && p->scope->each_name != NULL)
        p->scope->each_name(p->scope->ctx, 0, td_suggest_visit, &s);
    char hint[96];
    suggestion_text(&s, hint, sizeof hint);
    return td_parse_fail(p, TD_EPARSE, start, "unknown %s '%s'%s", called ? "function" : "name", name,
                         hint);
}

static td_status parse_name(td_parser *p, td_node **out)
{
    const char *name = p->tok.text;
    unsigned start = p->tok.start, end = p->tok.end;
    td_status rc = td_lex_next(p);
    if (rc != TD_OK)
        return rc;
    bool called = p->tok.kind == T_LPAREN;
    td_builtin b = td_builtin_find(name);
    if (b != TD_B_NONE) {
        const td_builtin_info *info = td_builtin_info_of(b);
        if (info->function && !called)
            return td_parse_fail(p, TD_EPARSE, start, "%s is a function: write %s(%s)", name, name,
                                 info->max_args == 0 ? "" : "...");
        if (!info->function && called)
            return td_parse_fail(p, TD_EPARSE, start, "%s is not a function: write %s without '('",
                                 name, name);
        if (info->stage > p->scope->stage) /* the contract's order of computation */
            return td_parse_fail(p, TD_ERULEBOOK, start,
                                 "%s cannot use %s: %s are not computed yet at that point",
                                 p->scope->stage_name, name, info->computed);
        if (called)
            return parse_call(p, b, start, out);
        td_node *n = node(p, TD_N_NAME, info->type, start, end);
        if (n == NULL)
            return td_error_nomem(p->err);
        n->builtin = b;
        *out = n;
        return TD_OK;
    }
    int type = TD_XT_NUMBER;
    long param = p->scope->resolve_param != NULL ? p->scope->resolve_param(p->scope->ctx, name) : -1;
    if (param >= 0) {
        if (called)
            return td_parse_fail(p, TD_EPARSE, start, "%s is not a function: write %s without '('", name, name);
        td_node *n = node(p, TD_N_PARAM, TD_XT_NUMBER, start, end);
        if (n == NULL)
            return td_error_nomem(p->err);
        n->ref = param;
        n->text = name;
        *out = n;
        return TD_OK;
    }
    long index = p->scope->resolve_var != NULL ? p->scope->resolve_var(p->scope->ctx, name, &type) : -1;
    if (index >= 0 && called)
        return td_parse_fail(p, TD_EPARSE, start, "%s is not a function: write %s without '('", name,
                             name);
    if (index < 0)
        return unknown_name(p, name, start, called);
    td_node *n = node(p, TD_N_VAR, type, start, end);
    if (n == NULL)
        return td_error_nomem(p->err);
    n->ref = index;
    n->text = name;
    *out = n;
    return TD_OK;
}

/* ---- values ---- */

static td_status parse_list(td_parser *p, td_node **out)
{
    unsigned open = p->tok.start;
    td_status rc = enter(p, open);
    if (rc != TD_OK || (rc = td_lex_next(p)) != TD_OK)
        return rc;
    td_node *list = node(p, TD_N_LIST, TD_XT_LIST, open, open);
    if (list == NULL)
        return td_error_nomem(p->err);
    if (p->tok.kind == T_RBRACK)
        return td_parse_fail(p, TD_EPARSE, open, "an empty list can never contain anything");
    size_t cap = 0;
    for (;;) {
        td_node *item = NULL;
        if ((rc = parse_expr(p, &item)) != TD_OK)
            return rc;
        if (item->type == TD_XT_LIST)
            return td_parse_fail(p, TD_EPARSE, item->start, "a list cannot hold a list");
        if (list->nargs > 0 && item->type != list->elem_type)
            return td_parse_fail(p, TD_EPARSE, item->start, "a list mixes %s and %s",
                                 type_name(list->elem_type), type_name(item->type));
        list->elem_type = item->type;
        if ((rc = push(p, list, item, 0, &cap)) != TD_OK)
            return rc;
        if (p->tok.kind != T_COMMA)
            break;
        if ((rc = td_lex_next(p)) != TD_OK)
            return rc;
    }
    if (p->tok.kind != T_RBRACK)
        return unclosed(p, open, ']');
    list->end = p->tok.end;
    if ((rc = td_lex_next(p)) != TD_OK)
        return rc;
    p->depth--;
    *out = list;
    return TD_OK;
}

static td_status parse_primary(td_parser *p, td_node **out)
{
    td_token t = p->tok;
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
            return td_error_nomem(p->err);
        n->number = t.number;
        n->text = t.text;
        n->boolean = t.kind == T_TRUE;
        *out = n;
        return td_lex_next(p);
    }
    case T_IDENT:
        return parse_name(p, out);
    case T_LPAREN:
        if ((rc = enter(p, t.start)) != TD_OK || (rc = td_lex_next(p)) != TD_OK ||
            (rc = parse_expr(p, out)) != TD_OK)
            return rc;
        if (p->tok.kind != T_RPAREN)
            return unclosed_paren(p, t.start);
        /* the parentheses belong to the node's text, for explanations */
        (*out)->start = t.start;
        (*out)->end = p->tok.end;
        p->depth--;
        return td_lex_next(p);
    case T_LBRACK:
        return parse_list(p, out);
    default:
        return expected_value(p);
    }
}

static td_status parse_unary(td_parser *p, td_node **out)
{
    if (p->tok.kind != T_NOT && p->tok.kind != T_MINUS)
        return parse_primary(p, out);
    bool is_not = p->tok.kind == T_NOT;
    unsigned start = p->tok.start;
    td_node *operand = NULL;
    td_status rc = enter(p, start);
    if (rc != TD_OK || (rc = td_lex_next(p)) != TD_OK || (rc = parse_unary(p, &operand)) != TD_OK)
        return rc;
    /* parse_unary() set it: scan-build, which follows calls only a few levels
     * deep and never into an error path (TD_COLD: noinline), may take an
     * error returned down there for TD_OK */
    TD_ANALYZER_ASSUME(operand != NULL);
    p->depth--;
    if ((rc = need_type(p, operand, is_not ? TD_XT_BOOL : TD_XT_NUMBER, is_not ? "'not'" : "'-'")) != TD_OK)
        return rc;
    td_node *n = node(p, is_not ? TD_N_NOT : TD_N_NEG, operand->type, start, operand->end);
    size_t cap = 0;
    if (n == NULL)
        return td_error_nomem(p->err);
    if ((rc = push(p, n, operand, 0, &cap)) != TD_OK)
        return rc;
    *out = n;
    return TD_OK;
}

/* ---- operator chains ---- */

typedef td_status (*parse_fn)(td_parser *p, td_node **out);

typedef struct chain_level {
    td_tok_kind tok_a, tok_b; /* the level's operators (tok_b may equal tok_a) */
    char op_a, op_b;          /* kept per operand for arithmetic, 0 for and/or */
    td_node_kind kind;
    int type;                 /* operand and result type */
    const char *name_a, *name_b;
} chain_level;

static const chain_level product_level = {T_STAR,       T_SLASH,      '*',   '/',
                                          TD_N_PRODUCT, TD_XT_NUMBER, "'*'", "'/'"};
static const chain_level sum_level = {T_PLUS, T_MINUS, '+', '-', TD_N_SUM, TD_XT_NUMBER, "'+'", "'-'"};
static const chain_level and_level = {T_AND, T_AND, 0, 0, TD_N_AND, TD_XT_BOOL, "'and'", "'and'"};
static const chain_level or_level = {T_OR, T_OR, 0, 0, TD_N_OR, TD_XT_BOOL, "'or'", "'or'"};

/* One left-associative level: a single operand, or a node with all of them. */
static td_status parse_chain(td_parser *p, td_node **out, parse_fn operand, const chain_level *lv)
{
    td_node *first = NULL;
    td_status rc = operand(p, &first);
    if (rc != TD_OK)
        return rc;
    if (p->tok.kind != lv->tok_a && p->tok.kind != lv->tok_b) {
        *out = first;
        return TD_OK;
    }
    td_node *n = node(p, lv->kind, lv->type, first->start, first->end);
    size_t cap = 0;
    if (n == NULL)
        return td_error_nomem(p->err);
    bool a = p->tok.kind == lv->tok_a;
    if ((rc = need_type(p, first, lv->type, a ? lv->name_a : lv->name_b)) != TD_OK ||
        (rc = push(p, n, first, lv->op_a != 0 ? ' ' : 0, &cap)) != TD_OK)
        return rc;
    while (p->tok.kind == lv->tok_a || p->tok.kind == lv->tok_b) {
        a = p->tok.kind == lv->tok_a;
        td_node *right = NULL;
        if ((rc = td_lex_next(p)) != TD_OK || (rc = operand(p, &right)) != TD_OK ||
            (rc = need_type(p, right, lv->type, a ? lv->name_a : lv->name_b)) != TD_OK ||
            (rc = push(p, n, right, a ? lv->op_a : lv->op_b, &cap)) != TD_OK)
            return rc;
    }
    *out = n;
    return TD_OK;
}

static td_status parse_product(td_parser *p, td_node **out)
{
    return parse_chain(p, out, parse_unary, &product_level);
}

static td_status parse_sum(td_parser *p, td_node **out)
{
    return parse_chain(p, out, parse_product, &sum_level);
}

static bool comparison(td_tok_kind k, td_node_kind *kind, const char **text)
{
    static const struct {
        td_tok_kind tok;
        td_node_kind node;
        const char *text;
    } map[] = {{T_EQ, TD_N_EQ, "=="}, {T_NE, TD_N_NE, "!="}, {T_LT, TD_N_LT, "<"},
               {T_LE, TD_N_LE, "<="}, {T_GT, TD_N_GT, ">"},  {T_GE, TD_N_GE, ">="},
               {T_IN, TD_N_IN, "in"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].tok == k) {
            *kind = map[i].node;
            *text = map[i].text;
            return true;
        }
    return false;
}

/* A text compared with `classification` must name a classification. */
static td_status check_class_text(td_parser *p, const td_node *left, const td_node *right)
{
    if (p->scope->resolve_ref == NULL)
        return TD_OK;
    if (right->kind == TD_N_NAME && right->builtin == TD_B_CLASSIFICATION) {
        const td_node *swap = left;
        left = right;
        right = swap;
    }
    if (left->kind != TD_N_NAME || left->builtin != TD_B_CLASSIFICATION)
        return TD_OK;
    size_t count = right->kind == TD_N_LIST ? right->nargs : 1;
    for (size_t i = 0; i < count; i++) {
        const td_node *t = right->kind == TD_N_LIST ? right->args[i] : right;
        if (t->kind == TD_N_TEXT && resolve_ref(p, TD_REF_CLASS, t->text) < 0)
            return unknown_ref(p, TD_REF_CLASS, "", t->text, t->start);
    }
    return TD_OK;
}

/* The operand types of a comparison, and classification ids. */
static TD_NOINLINE td_status check_comparison(td_parser *p, td_node_kind kind, const char *op,
                                              unsigned op_at, const td_node *left,
                                              const td_node *right)
{
    td_status rc;
    if (kind == TD_N_IN) {
        if (right->kind != TD_N_LIST)
            return td_parse_fail(p, TD_EPARSE, right->start,
                                 "'in' needs a list on its right, like ['a', 'b'], but '%.*s%s' is %s",
                                 SHOWN(p, right), type_name(right->type));
        if (left->type != right->elem_type)
            return td_parse_fail(p, TD_EPARSE, op_at, "'in' looks for %s in a list of %ss",
                                 type_name(left->type), type_name(right->elem_type) + 2);
    } else if (kind == TD_N_EQ || kind == TD_N_NE) {
        if (left->type == TD_XT_LIST || right->type == TD_XT_LIST)
            return td_parse_fail(p, TD_EPARSE, (left->type == TD_XT_LIST ? left : right)->start,
                                 "'%s' cannot compare lists: use 'in'", op);
        if (left->type != right->type)
            return td_parse_fail(p, TD_EPARSE, op_at, "'%s' compares values of one type, not %s and %s",
                                 op, type_name(left->type), type_name(right->type));
    } else {
        char who[8];
        snprintf(who, sizeof who, "'%s'", op);
        if ((rc = need_type(p, left, TD_XT_NUMBER, who)) != TD_OK ||
            (rc = need_type(p, right, TD_XT_NUMBER, who)) != TD_OK)
            return rc;
    }
    if (kind == TD_N_EQ || kind == TD_N_NE || kind == TD_N_IN)
        if ((rc = check_class_text(p, left, right)) != TD_OK)
            return rc;
    return TD_OK;
}

static td_status parse_cmp(td_parser *p, td_node **out)
{
    td_node *left = NULL, *right = NULL;
    td_status rc = parse_sum(p, &left);
    td_node_kind kind;
    const char *op;
    if (rc != TD_OK || !comparison(p->tok.kind, &kind, &op)) {
        *out = left;
        return rc;
    }
    unsigned op_at = p->tok.start;
    if ((rc = td_lex_next(p)) != TD_OK || (rc = parse_sum(p, &right)) != TD_OK)
        return rc;
    td_node_kind again;
    const char *again_op;
    if (comparison(p->tok.kind, &again, &again_op))
        return td_parse_fail(p, TD_EPARSE, p->tok.start,
                             "comparisons cannot be chained: join them with 'and'");
    if ((rc = check_comparison(p, kind, op, op_at, left, right)) != TD_OK)
        return rc;
    td_node *n = node(p, kind, TD_XT_BOOL, left->start, right->end);
    size_t cap = 0;
    if (n == NULL)
        return td_error_nomem(p->err);
    if ((rc = push(p, n, left, 0, &cap)) != TD_OK || (rc = push(p, n, right, 0, &cap)) != TD_OK)
        return rc;
    *out = n;
    return TD_OK;
}

static td_status parse_and(td_parser *p, td_node **out)
{
    return parse_chain(p, out, parse_cmp, &and_level);
}

static td_status parse_expr(td_parser *p, td_node **out)
{
    return parse_chain(p, out, parse_and, &or_level);
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

static const char *want_text(int want)
{
    switch (want) {
    case TD_XT_BOOL: return "a condition (true or false)";
    case TD_XT_NUMBER: return "a number";
    case TD_XT_NUMBER | TD_XT_BOOL: return "a number or a boolean";
    default: return "a number, a boolean or a text";
    }
}

td_status td_cexpr_compile(td_cexpr **out, const char *text, size_t len, const td_expr_scope *scope,
                           int want, const td_allocator *alloc, td_error *err)
{
    size_t max_bytes = scope->max_bytes != 0 ? scope->max_bytes : TD_EXPR_DEFAULT_MAX_BYTES;
    size_t max_depth = scope->max_depth != 0 ? scope->max_depth : TD_EXPR_DEFAULT_MAX_DEPTH;
    if (max_bytes > TD_EXPR_MAX_BYTES_LIMIT)
        max_bytes = TD_EXPR_MAX_BYTES_LIMIT;
    if (max_depth > TD_EXPR_MAX_DEPTH_LIMIT)
        max_depth = TD_EXPR_MAX_DEPTH_LIMIT;
    if (len > max_bytes)
        return td_error_set_at(err, TD_ELIMIT, NULL, 1, (unsigned)max_bytes + 1,
                               "the expression is %zu bytes long; the limit is %zu", len, max_bytes);
    size_t bad = td_utf8_invalid_at(text, len);
    if (bad < len)
        return td_error_set_at(err, TD_EPARSE, NULL, 1, (unsigned)bad + 1,
                               "the expression is not valid UTF-8 (byte 0x%02X)",
                               (unsigned char)text[bad]);
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL)
        return td_error_set_at(err, TD_EPARSE, NULL, 1, (unsigned)(nul - text) + 1,
                               "the expression contains a NUL character");
    td_allocator a;
    td_allocator_resolve(&a, alloc);
    td_cexpr *e = td_alloc(&a, sizeof *e);
    if (e == NULL)
        return td_error_nomem(err);
    memset(e, 0, sizeof *e);
    td_arena_init(&e->arena, &a);
    char *source = td_arena_alloc_bytes(&e->arena, len + 1);
    if (source == NULL) {
        td_cexpr_free(e);
        return td_error_nomem(err);
    }
    memcpy(source, text, len);
    e->source = source;
    e->source_len = len;
    td_parser p;
    memset(&p, 0, sizeof p);
    p.src = source;
    p.len = len;
    p.arena = &e->arena;
    p.scope = scope;
    p.max_depth = max_depth;
    p.err = err;
    td_status rc = td_lex_next(&p);
    if (rc == TD_OK && p.tok.kind == T_END)
        rc = td_parse_fail(&p, TD_EPARSE, 0, "the expression is empty");
    if (rc == TD_OK)
        rc = parse_expr(&p, &e->root);
    if (rc == TD_OK && p.tok.kind != T_END) {
        char buf[48];
        rc = td_parse_fail(&p, TD_EPARSE, p.tok.start, "unexpected %s after a complete expression",
                           td_token_desc(&p, buf, sizeof buf));
    }
    if (rc == TD_OK && want != 0 && (e->root->type & want) == 0)
        rc = td_parse_fail(&p, TD_EPARSE, 0, "%s must be %s, but this is %s", scope->stage_name,
                           want_text(want), type_name(e->root->type));
    if (rc != TD_OK) {
        td_cexpr_free(e);
        return rc;
    }
    *out = e;
    return TD_OK;
}
