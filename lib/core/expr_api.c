/*
 * The public expression API (thidua/expr.h): expressions compiled against a
 * built rulebook after the whole order of computation, evaluated and
 * explained for one member of a result, with host variables.
 */
#include <string.h>

#include "exprhost.h"
#include "thidua/expr.h"

struct td_expr {
    td_allocator alloc;
    const td_rulebook *rulebook; /* a reference of our own */
    td_cexpr *code;
    const char *canonical;       /* in code's arena */
    size_t variable_count;
};

td_status td_expr_options_init(td_expr_options *opts, unsigned int version)
{
    if (opts == NULL || version != TD_EXPR_OPTIONS_VERSION)
        return TD_EINVAL;
    td_expr_options defaults = TD_EXPR_OPTIONS_INIT;
    *opts = defaults;
    return TD_OK;
}

/* ---- compiling ---- */

typedef struct compile_ctx {
    const td_rulebook *rb;
    const td_expr_options *opts;
    td_map variables; /* name → index */
} compile_ctx;

static long api_resolve_var(void *ctx, const char *name, int *type)
{
    compile_ctx *cx = ctx;
    size_t index;
    *type = TD_XT_NUMBER;
    return td_map_get_str(&cx->variables, name, &index) ? (long)index : -1;
}

/* The rulebook's parameters, unless a host variable has the name. */
static long api_resolve_param(void *ctx, const char *name)
{
    compile_ctx *cx = ctx;
    if (td_map_get_str(&cx->variables, name, NULL))
        return -1;
    return td_rulebook_resolve_parameter(cx->rb, name);
}

static long api_resolve_ref(void *ctx, td_ref_kind kind, const char *name)
{
    compile_ctx *cx = ctx;
    return td_rulebook_resolve_ref(cx->rb, cx->rb->rules.award_count, kind, name);
}

static void api_each_name(void *ctx, int kind, td_name_visit visit, void *v)
{
    compile_ctx *cx = ctx;
    if (kind == 0) {
        for (size_t i = 0; i < cx->opts->variable_count; i++)
            visit(v, cx->opts->variables[i]);
        td_rulebook_each_parameter(cx->rb, visit, v);
        return;
    }
    td_rulebook_each_ref(cx->rb, cx->rb->rules.award_count, (td_ref_kind)kind, visit, v);
}

static td_status check_options(const td_expr_options *opts, td_error *err)
{
    if (opts->version != TD_EXPR_OPTIONS_VERSION)
        return td_error_set(err, TD_EINVAL, "unknown td_expr_options version %u (this library knows %d)",
                            opts->version, TD_EXPR_OPTIONS_VERSION);
    if (opts->variable_count > 0 && opts->variables == NULL)
        return td_error_set(err, TD_EINVAL, "variable_count is %zu but variables is NULL",
                            opts->variable_count);
    if (opts->max_bytes > TD_EXPR_MAX_BYTES_LIMIT)
        return td_error_set(err, TD_EINVAL, "max_bytes %zu is above the largest allowed, %zu",
                            opts->max_bytes, (size_t)TD_EXPR_MAX_BYTES_LIMIT);
    if (opts->max_depth > TD_EXPR_MAX_DEPTH_LIMIT)
        return td_error_set(err, TD_EINVAL, "max_depth %zu is above the largest allowed, %d",
                            opts->max_depth, TD_EXPR_MAX_DEPTH_LIMIT);
    return TD_OK;
}

/* Checks the host variable names and indexes them. */
static td_status index_variables(compile_ctx *cx, td_error *err)
{
    for (size_t i = 0; i < cx->opts->variable_count; i++) {
        const char *name = cx->opts->variables[i];
        char quoted[64];
        if (name == NULL)
            return td_error_set(err, TD_EINVAL, "host variable %zu has no name (NULL)", i + 1);
        td_quote(quoted, sizeof quoted, name);
        if (!td_expr_identifier(name, strlen(name)))
            return td_error_set(err, TD_EINVAL,
                                "host variable %s is not an identifier (a letter or '_', then "
                                "letters, digits or '_')",
                                quoted);
        if (td_expr_reserved(name))
            return td_error_set(err, TD_EINVAL,
                                "host variable %s is a keyword or built-in name of the expression "
                                "language",
                                quoted);
        size_t seen;
        if (td_map_get_str(&cx->variables, name, &seen))
            return td_error_set(err, TD_EINVAL, "host variable %s is declared twice (%zu and %zu)",
                                quoted, seen + 1, i + 1);
        td_status rc = td_map_put(&cx->variables, name, strlen(name), i, err);
        if (rc != TD_OK)
            return rc;
    }
    return TD_OK;
}

td_status td_expr_compile(td_expr **out, const td_rulebook *rulebook, const char *text,
                          const td_expr_options *opts, td_error *err)
{
    td_expr_options defaults = TD_EXPR_OPTIONS_INIT;
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    if (rulebook == NULL)
        return td_error_set(err, TD_EINVAL, "the rulebook is NULL");
    if (text == NULL)
        return td_error_set(err, TD_EINVAL, "the expression text is NULL");
    if (opts == NULL)
        opts = &defaults;
    td_status rc = check_options(opts, err);
    if (rc != TD_OK)
        return rc;
    td_allocator a;
    td_allocator_resolve(&a, opts->allocator);

    compile_ctx cx;
    cx.rb = rulebook;
    cx.opts = opts;
    td_map_init(&cx.variables, &a);
    td_cexpr *code = NULL;
    td_expr_scope scope;
    memset(&scope, 0, sizeof scope);
    scope.stage = TD_STAGE_AWARD;
    scope.stage_name = "an expression";
    scope.resolve_var = api_resolve_var;
    scope.resolve_ref = api_resolve_ref;
    scope.each_name = api_each_name;
    scope.resolve_param = api_resolve_param;
    scope.ctx = &cx;
    scope.max_bytes = opts->max_bytes;
    scope.max_depth = opts->max_depth;
    rc = index_variables(&cx, err);
    if (rc == TD_OK)
        rc = td_cexpr_compile(&code, text, strlen(text), &scope, TD_XT_NUMBER | TD_XT_BOOL | TD_XT_TEXT,
                              &a, err);
    td_map_free(&cx.variables);
    if (rc != TD_OK)
        return rc;

    td_buf canonical;
    td_buf_init(&canonical, &a);
    td_cexpr_print(code, &canonical);
    const char *kept = td_buf_failed(&canonical)
                           ? NULL
                           : td_arena_strdup(&code->arena, td_buf_text(&canonical));
    td_buf_free(&canonical);
    td_expr *x = kept != NULL ? td_alloc(&a, sizeof *x) : NULL;
    if (x == NULL) {
        td_cexpr_free(code);
        return td_error_nomem(err);
    }
    x->alloc = a;
    x->rulebook = rulebook;
    x->code = code;
    x->canonical = kept;
    x->variable_count = opts->variable_count;
    td_rulebook_retain(rulebook);
    *out = x;
    return TD_OK;
}

void td_expr_free(td_expr *expr)
{
    if (expr == NULL)
        return;
    td_allocator a = expr->alloc;
    td_cexpr_free(expr->code);
    td_rulebook_free((td_rulebook *)expr->rulebook);
    td_dealloc(&a, expr);
}

const char *td_expr_text(const td_expr *expr)
{
    return expr != NULL ? expr->code->source : NULL;
}

const char *td_expr_canonical(const td_expr *expr)
{
    return expr != NULL ? expr->canonical : NULL;
}

td_value_type td_expr_type(const td_expr *expr)
{
    return expr != NULL ? (td_value_type)expr->code->root->type : (td_value_type)0;
}

/* ---- evaluating ---- */

typedef struct api_host {
    td_member_ctx member;
    td_expr_host inner;
    const td_decimal *values;
} api_host;

static td_status api_var(void *ctx, const td_node *node, td_xvalue *out, td_error *err)
{
    const api_host *h = ctx;
    if (node->kind == TD_N_PARAM) /* the rulebook's, as the result was evaluated with */
        return h->inner.var(h->inner.ctx, node, out, err);
    out->number = h->values[node->ref];
    return TD_OK;
}

static td_status api_data(void *ctx, const td_node *node, const td_xvalue *args, td_xvalue *out,
                          td_error *err)
{
    const api_host *h = ctx;
    return h->inner.data(h->inner.ctx, node, args, out, err);
}

static td_status api_group(void *ctx, const td_cexpr *e, const td_node *node, td_xvalue *out, td_error *err)
{
    const api_host *h = ctx;
    return h->inner.group(h->inner.ctx, e, node, out, err);
}

static const char *api_note(void *ctx, const td_node *node)
{
    const api_host *h = ctx;
    return h->inner.note(h->inner.ctx, node);
}

/* Checks a use of the expression and prepares the host for the member. */
static td_status prepare(const td_expr *expr, const td_result *result, size_t member,
                         const td_decimal *values, size_t value_count, api_host *h,
                         td_expr_host *host, td_error *err)
{
    if (expr == NULL)
        return td_error_set(err, TD_EINVAL, "the expression is NULL");
    if (result == NULL)
        return td_error_set(err, TD_EINVAL, "the result is NULL");
    if (result->rulebook != expr->rulebook)
        return td_error_set(err, TD_EINVAL,
                            "the result was computed with another rulebook ('%s') than the one the "
                            "expression was compiled against ('%s')",
                            result->rulebook->rules.id, expr->rulebook->rules.id);
    if (member >= result->member_count)
        return td_error_set(err, TD_EINVAL, "member %zu is out of range: the result has %zu members",
                            member, result->member_count);
    if (value_count != expr->variable_count)
        return td_error_set(err, TD_EINVAL,
                            "the expression declares %zu host variable%s, but %zu value%s given",
                            expr->variable_count, expr->variable_count == 1 ? "" : "s", value_count,
                            value_count == 1 ? " is" : "s are");
    if (value_count > 0 && values == NULL)
        return td_error_set(err, TD_EINVAL, "values is NULL but value_count is %zu", value_count);
    h->member = (td_member_ctx){result, &result->rulebook->rules, result->members, result->member_count,
                                result->order[member], result->period, false};
    h->inner = td_member_host(&h->member);
    h->values = values;
    *host = (td_expr_host){api_var, api_data, h, h->inner.group != NULL ? api_group : NULL,
                           h->inner.note != NULL ? api_note : NULL};
    return TD_OK;
}

td_status td_expr_eval(td_value *out, const td_expr *expr, const td_result *result,
                       size_t member, const td_decimal *values, size_t value_count, td_error *err)
{
    api_host h;
    td_expr_host host;
    td_status rc = prepare(expr, result, member, values, value_count, &h, &host, err);
    if (rc != TD_OK)
        return rc;
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    td_xvalue v;
    if ((rc = td_cexpr_eval(expr->code, &host, &v, err)) != TD_OK)
        return rc;
    memset(out, 0, sizeof *out);
    out->type = (td_value_type)v.type;
    out->number = v.type == TD_XT_NUMBER ? v.number : td_decimal_zero();
    out->boolean = v.type == TD_XT_BOOL && v.boolean;
    out->text = v.type == TD_XT_TEXT ? (v.text != NULL ? v.text : "") : NULL;
    return TD_OK;
}

td_status td_expr_explain(char *buf, size_t size, size_t *needed,
                          const td_expr *expr, const td_result *result, size_t member, const td_decimal *values,
                          size_t value_count, td_error *err)
{
    api_host h;
    td_expr_host host;
    td_status rc = prepare(expr, result, member, values, value_count, &h, &host, err);
    if (rc != TD_OK)
        return rc;
    if (buf == NULL && size > 0)
        return td_error_set(err, TD_EINVAL, "buf is NULL but size is %zu", size);
    td_buf text;
    td_buf_init(&text, &expr->alloc);
    rc = td_cexpr_explain(expr->code, &host, &text, err);
    if (rc == TD_OK && td_buf_failed(&text))
        rc = td_error_nomem(err);
    if (rc == TD_OK) {
        const char *s = td_buf_text(&text);
        td_copy_text(buf, size, s);
        if (needed != NULL)
            *needed = strlen(s);
    }
    td_buf_free(&text);
    return rc;
}
