/*
 * Rulebook 1.1 roll-ups (contract section 4) and units below members
 * (section 6): children (households, people) scored by a child rulebook,
 * then counted into the parent members by aggregates — count(cond),
 * count(), sum(value), sum(value, cond), share(cond) — whose arguments are
 * expressions of the child rulebook evaluated on the children's result
 * (thidua/expr.h). The aggregate itself is no part of the expression
 * language (so that `count`, `sum` and `share` stay free as measure ids):
 * it is split here and its arguments compiled with td_expr_compile().
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "phrases.h"
#include "pipeline.h"
#include "syntax.h"
#include "thidua/expr.h"
#include "thidua/sys/origin.h"

/* ---- the aggregate's text ---- */

typedef struct agg_parts {
    td_agg agg;
    size_t nargs;
    size_t off[2], len[2]; /* each argument's bytes in the text */
} agg_parts;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static td_status agg_fail(td_error *err, size_t at, const char *measure, const char *what)
{
    return td_error_set_at(err, TD_EPARSE, "", 1, (unsigned)at + 1,
                           "roll-up measure '%s': %s; a roll-up measure is count(cond), count(), sum(value), "
                           "sum(value, cond) or share(cond)",
                           measure, what);
}

/* Splits "name(arg, arg)" at its top-level commas: quotes ('...', with \'
 * and \\) and brackets are skipped whole. */
static td_status split_aggregate(const char *s, const char *measure, agg_parts *out, td_error *err)
{
    size_t n = strlen(s), i = 0;
    while (i < n && is_space(s[i]))
        i++;
    size_t name_at = i;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
        i++;
    size_t name_len = i - name_at;
    char what[160];
    if (name_len == 5 && memcmp(s + name_at, "count", 5) == 0)
        out->agg = TD_AGG_COUNT;
    else if (name_len == 3 && memcmp(s + name_at, "sum", 3) == 0)
        out->agg = TD_AGG_SUM;
    else if (name_len == 5 && memcmp(s + name_at, "share", 5) == 0)
        out->agg = TD_AGG_SHARE;
    else {
        int shown = (int)(name_len > 0 ? (name_len < 40 ? name_len : 40) : (n - name_at < 40 ? n - name_at : 40));
        snprintf(what, sizeof what, "'%.*s' is no aggregate", shown, s + name_at);
        return agg_fail(err, name_at, measure, what);
    }
    while (i < n && is_space(s[i]))
        i++;
    if (i >= n || s[i] != '(')
        return agg_fail(err, i, measure, "'(' expected after the aggregate's name");
    size_t open = i++, start = i, depth = 0;
    out->nargs = 0;
    for (;; i++) {
        if (i >= n)
            return agg_fail(err, open, measure, "this '(' is not closed");
        char c = s[i];
        if (c == '\'') {
            for (i++; i < n && s[i] != '\''; i++)
                if (s[i] == '\\' && i + 1 < n)
                    i++;
            if (i >= n)
                return agg_fail(err, open, measure, "a text in quotes is not closed");
            continue;
        }
        if (c == '(' || c == '[') {
            depth++;
            continue;
        }
        if ((c == ')' || c == ']') && depth > 0) {
            depth--;
            continue;
        }
        if (c == ',' || c == ')') {
            if (depth != 0)
                continue;
            if (c == ',' && out->nargs == 1)
                return agg_fail(err, i, measure, "too many arguments");
            out->off[out->nargs] = start;
            out->len[out->nargs] = i - start;
            out->nargs++;
            start = i + 1;
            if (c == ')')
                break;
        }
    }
    size_t close = i;
    for (i++; i < n; i++)
        if (!is_space(s[i]))
            return agg_fail(err, i, measure, "text after the aggregate's ')'");
    /* count() and "count( )": no argument */
    if (out->nargs == 1) {
        size_t k = out->off[0];
        while (k < close && is_space(s[k]))
            k++;
        if (k == close)
            out->nargs = 0;
    }
    for (size_t a = 0; a < out->nargs; a++) {
        size_t k = out->off[a];
        while (k < out->off[a] + out->len[a] && is_space(s[k]))
            k++;
        if (k == out->off[a] + out->len[a])
            return agg_fail(err, out->off[a], measure, "an argument is empty");
    }
    size_t lo = out->agg == TD_AGG_SUM ? 1 : out->agg == TD_AGG_SHARE ? 1 : 0;
    size_t hi = out->agg == TD_AGG_SHARE ? 1 : out->agg == TD_AGG_SUM ? 2 : 1;
    if (out->nargs < lo || out->nargs > hi) {
        snprintf(what, sizeof what, "%s() takes %s, got %zu argument%s",
                 out->agg == TD_AGG_COUNT ? "count" : out->agg == TD_AGG_SUM ? "sum" : "share",
                 out->agg == TD_AGG_COUNT ? "at most a condition" : out->agg == TD_AGG_SUM ? "a value and an optional condition"
                                                                                          : "one condition",
                 out->nargs, out->nargs == 1 ? "" : "s");
        return agg_fail(err, name_at, measure, what);
    }
    return TD_OK;
}

/* Compiles argument `a` of the aggregate against the child rulebook; an
 * error is placed at its column in the whole aggregate. */
static td_status compile_arg(struct td_expr **out, const td_rulebook *child, const char *text, const agg_parts *p,
                             size_t a, bool condition, const td_rules *limits, const td_allocator *alloc,
                             const char *measure, td_error *err)
{
    char *copy = td_alloc(alloc, p->len[a] + 1);
    if (copy == NULL)
        return td_error_nomem(err);
    memcpy(copy, text + p->off[a], p->len[a]);
    copy[p->len[a]] = '\0';
    td_expr_options o = TD_EXPR_OPTIONS_INIT;
    o.max_bytes = limits->expr_max_bytes;
    o.max_depth = limits->expr_max_depth;
    o.allocator = alloc;
    td_error local;
    td_status rc = td_expr_compile(out, child, copy, &o, &local);
    td_dealloc(alloc, copy);
    if (rc == TD_ENOMEM)
        return td_error_nomem(err);
    if (rc != TD_OK)
        return td_error_set_at(err, rc, "", 1, (unsigned)(p->off[a] + (local.column > 0 ? local.column : 1)),
                               "roll-up measure '%s': %s", measure, local.message);
    td_value_type t = td_expr_type(*out);
    td_value_type want = condition ? TD_VALUE_BOOLEAN : TD_VALUE_NUMBER;
    if (t != want) {
        td_expr_free(*out);
        *out = NULL;
        return td_error_set_at(err, TD_EPARSE, "", 1, (unsigned)p->off[a] + 1,
                               "roll-up measure '%s': %s must be %s, got %s", measure,
                               condition ? "the condition" : "sum()'s value", condition ? "true or false" : "a number",
                               t == TD_VALUE_NUMBER ? "a number" : t == TD_VALUE_BOOLEAN ? "a condition" : "a text");
    }
    return TD_OK;
}

/* Compiles an aggregate's arguments into rm (value and cond, NULL when absent). */
static td_status compile_aggregate(td_rollup_measure *rm, const agg_parts *p, const td_rulebook *child,
                                   const td_rules *limits, const td_allocator *alloc, td_error *err)
{
    rm->value = rm->cond = NULL;
    size_t cond_arg = rm->agg == TD_AGG_SUM ? 1 : 0;
    td_status rc = TD_OK;
    if (rm->agg == TD_AGG_SUM)
        rc = compile_arg(&rm->value, child, rm->text, p, 0, false, limits, alloc, rm->id, err);
    if (rc == TD_OK && p->nargs > cond_arg)
        rc = compile_arg(&rm->cond, child, rm->text, p, cond_arg, true, limits, alloc, rm->id, err);
    if (rc != TD_OK) {
        td_expr_free(rm->value);
        td_expr_free(rm->cond);
        rm->value = rm->cond = NULL;
    }
    return rc;
}

/* ---- the builder ---- */

static const td_allocator *builder_alloc(const td_rulebook_builder *b)
{
    return &b->arena.alloc;
}

td_status td_rulebook_builder_add_rollup(td_rulebook_builder *b, const char *id, const td_rulebook *child,
                                         td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "roll-up id", err);
    if (rc == TD_OK && child == NULL)
        rc = td_error_set(err, TD_EINVAL, "roll-up '%s': the child rulebook is NULL", id);
    if (rc != TD_OK)
        return rc;
    if (td_builder_find(b, TD_BID_ROLLUP, id, NULL))
        return td_error_set(err, TD_EEXISTS, "roll-up '%s' is declared twice", id);
    if (child->rules.rollup_count > 0)
        return td_error_set(err, TD_ERULEBOOK,
                            "roll-up '%s': child rulebook '%s' has roll-ups of its own; children are scored by a "
                            "rulebook without roll-ups",
                            id, child->rules.id);
    if (child->rules.leader_rule != TD_LEADER_RULE_NONE)
        return td_error_set(err, TD_ERULEBOOK,
                            "roll-up '%s': child rulebook '%s' chooses a leader; children are scored and "
                            "counted, they have no leader (remove its 'leader')",
                            id, child->rules.id);
    void *items = b->rules.rollups;
    rc = td_reserve(builder_alloc(b), &items, &b->rules.rollup_cap, b->rules.rollup_count + 1, sizeof(td_rollup),
                    err);
    if (rc != TD_OK)
        return rc;
    b->rules.rollups = items;
    td_rollup ru;
    memset(&ru, 0, sizeof ru);
    ru.id = td_arena_strdup(&b->arena, id);
    if (ru.id == NULL)
        return td_error_nomem(err);
    if ((rc = td_builder_remember(b, TD_BID_ROLLUP, ru.id, b->rules.rollup_count, err)) != TD_OK)
        return rc;
    td_rulebook_retain(child);
    ru.child = child;
    b->rules.rollups[b->rules.rollup_count++] = ru;
    return TD_OK;
}

td_status td_rulebook_builder_add_rollup_measure(td_rulebook_builder *b, const char *rollup_id,
                                                 const char *measure_id, const char *aggregate, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(rollup_id, "roll-up id", err);
    if (rc == TD_OK)
        rc = td_check_id(measure_id, "measure id", err);
    if (rc == TD_OK && aggregate == NULL)
        rc = td_error_set(err, TD_EINVAL, "roll-up measure '%s': the aggregate is NULL", measure_id);
    if (rc != TD_OK)
        return rc;
    size_t k;
    if (!td_builder_find(b, TD_BID_ROLLUP, rollup_id, &k))
        return td_error_set(err, TD_ENOTFOUND, "unknown roll-up '%s'", rollup_id);
    if (td_builder_find(b, TD_BID_ROLLUP_MEASURE, measure_id, NULL))
        return td_error_set(err, TD_EEXISTS, "a roll-up gives measure '%s' already", measure_id);
    size_t limit = b->rules.expr_max_bytes != 0 ? b->rules.expr_max_bytes : TD_EXPR_DEFAULT_MAX_BYTES;
    if (strlen(aggregate) > limit)
        return td_error_set_at(err, TD_ELIMIT, "", 1, (unsigned)limit + 1,
                               "roll-up measure '%s': the aggregate is longer than %zu bytes", measure_id, limit);
    agg_parts parts;
    td_rollup_measure rm;
    memset(&rm, 0, sizeof rm);
    rm.id = measure_id;
    if ((rc = split_aggregate(aggregate, measure_id, &parts, err)) != TD_OK)
        return rc;
    td_rollup *ru = &b->rules.rollups[k];
    rm.agg = parts.agg;
    rm.text = aggregate;
    /* compiled now, for the errors; the rulebook compiles its own copy */
    if ((rc = compile_aggregate(&rm, &parts, ru->child, &b->rules, builder_alloc(b), err)) != TD_OK)
        return rc;
    td_expr_free(rm.value);
    td_expr_free(rm.cond);
    rm.value = rm.cond = NULL;
    void *items = ru->measures;
    rc = td_reserve(builder_alloc(b), &items, &ru->measure_cap, ru->measure_count + 1, sizeof(td_rollup_measure),
                    err);
    if (rc != TD_OK)
        return rc;
    ru->measures = items;
    rm.id = td_arena_strdup(&b->arena, measure_id);
    rm.text = td_arena_strdup(&b->arena, aggregate);
    if (rm.id == NULL || rm.text == NULL)
        return td_error_nomem(err);
    if (rm.agg == TD_AGG_SUM) {
        rm.value_off = (unsigned)parts.off[0];
        rm.value_text = td_arena_strndup(&b->arena, aggregate + parts.off[0], parts.len[0]);
        if (rm.value_text == NULL)
            return td_error_nomem(err);
    }
    size_t cond_arg = rm.agg == TD_AGG_SUM ? 1 : 0;
    if (parts.nargs > cond_arg) {
        rm.cond_off = (unsigned)parts.off[cond_arg];
        rm.cond_text = td_arena_strndup(&b->arena, aggregate + parts.off[cond_arg], parts.len[cond_arg]);
        if (rm.cond_text == NULL)
            return td_error_nomem(err);
    }
    if ((rc = td_builder_remember(b, TD_BID_ROLLUP_MEASURE, rm.id, ru->measure_count, err)) != TD_OK)
        return rc;
    ru->measures[ru->measure_count++] = rm;
    return TD_OK;
}

void td_rollups_free_builder(td_rulebook_builder *b)
{
    const td_allocator *a = builder_alloc(b);
    for (size_t k = 0; k < b->rules.rollup_count; k++) {
        td_dealloc(a, b->rules.rollups[k].measures);
        td_rulebook_free((td_rulebook *)b->rules.rollups[k].child);
    }
    td_dealloc(a, b->rules.rollups);
}

/* ---- the compiled rulebook ---- */

bool td_rollups_copy(td_arena *arena, td_rules *dst, const td_rules *src)
{
    dst->rollups = NULL;
    dst->rollup_cap = dst->rollup_count = 0;
    if (src->rollup_count == 0)
        return true;
    td_rollup *rus = td_arena_alloc(arena, src->rollup_count * sizeof *rus);
    if (rus == NULL)
        return false;
    for (size_t k = 0; k < src->rollup_count; k++) {
        const td_rollup *from = &src->rollups[k];
        td_rollup *to = &rus[k];
        *to = *from;
        to->id = td_arena_strdup(arena, from->id);
        to->measures = from->measure_count > 0 ? td_arena_alloc(arena, from->measure_count * sizeof *to->measures)
                                               : NULL;
        if (to->id == NULL || (from->measure_count > 0 && to->measures == NULL))
            return false;
        to->measure_cap = to->measure_count;
        for (size_t j = 0; j < from->measure_count; j++) {
            const td_rollup_measure *f = &from->measures[j];
            td_rollup_measure *t = &to->measures[j];
            *t = *f;
            t->id = td_arena_strdup(arena, f->id);
            t->text = td_arena_strdup(arena, f->text);
            t->value_text = f->value_text != NULL ? td_arena_strdup(arena, f->value_text) : NULL;
            t->cond_text = f->cond_text != NULL ? td_arena_strdup(arena, f->cond_text) : NULL;
            t->value = t->cond = NULL;
            t->measure_index = TD_NONE;
            if (t->id == NULL || t->text == NULL || (f->value_text != NULL && t->value_text == NULL) ||
                (f->cond_text != NULL && t->cond_text == NULL))
                return false;
        }
    }
    dst->rollups = rus;
    dst->rollup_count = dst->rollup_cap = src->rollup_count;
    return true;
}

td_status td_rollups_compile(td_rulebook *rb, td_error *err)
{
    td_rules *r = &rb->rules;
    for (size_t k = 0; k < r->rollup_count; k++) {
        td_rollup *ru = &r->rollups[k];
        for (size_t j = 0; j < ru->measure_count; j++) {
            td_rollup_measure *rm = &ru->measures[j];
            agg_parts parts;
            td_status rc = split_aggregate(rm->text, rm->id, &parts, err);
            if (rc == TD_OK)
                rc = compile_aggregate(rm, &parts, ru->child, r, &rb->arena.alloc, err);
            if (rc != TD_OK)
                return rc;
        }
    }
    return TD_OK;
}

void td_rollups_free_compiled(td_rules *r)
{
    for (size_t k = 0; k < r->rollup_count; k++) {
        td_rollup *ru = &r->rollups[k];
        for (size_t j = 0; j < ru->measure_count; j++) {
            td_expr_free(ru->measures[j].value);
            td_expr_free(ru->measures[j].cond);
        }
        td_rulebook_free((td_rulebook *)ru->child);
    }
}

size_t td_rulebook_rollup_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.rollup_count : 0;
}

const char *td_rulebook_rollup_id(const td_rulebook *rb, size_t r)
{
    return rb != NULL && r < rb->rules.rollup_count ? rb->rules.rollups[r].id : NULL;
}

const td_rulebook *td_rulebook_rollup_child(const td_rulebook *rb, size_t r)
{
    return rb != NULL && r < rb->rules.rollup_count ? rb->rules.rollups[r].child : NULL;
}

td_status td_rulebook_find_rollup(size_t *index, const td_rulebook *rb, const char *id, td_error *err)
{
    if (index == NULL || rb == NULL || id == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", index == NULL ? "index" : rb == NULL ? "the rulebook" : "id");
    for (size_t k = 0; k < rb->rules.rollup_count; k++)
        if (strcmp(rb->rules.rollups[k].id, id) == 0) {
            *index = k;
            return TD_OK;
        }
    return td_error_set(err, TD_ENOTFOUND, "rulebook '%s' has no roll-up '%s'", rb->rules.id, id);
}

size_t td_rulebook_rollup_measure_count(const td_rulebook *rb, size_t r)
{
    return rb != NULL && r < rb->rules.rollup_count ? rb->rules.rollups[r].measure_count : 0;
}

const char *td_rulebook_rollup_measure_id(const td_rulebook *rb, size_t r, size_t k)
{
    return k < td_rulebook_rollup_measure_count(rb, r) ? rb->rules.rollups[r].measures[k].id : NULL;
}

const char *td_rulebook_rollup_measure_aggregate(const td_rulebook *rb, size_t r, size_t k)
{
    return k < td_rulebook_rollup_measure_count(rb, r) ? rb->rules.rollups[r].measures[k].text : NULL;
}

/* ---- the cluster: units below members, child data ---- */

td_status td_cluster_add_unit(td_cluster *c, const char *id, const char *name, const char *parent, td_error *err)
{
    td_status rc = c == NULL ? td_error_set(err, TD_EINVAL, "the cluster is NULL") : TD_OK;
    if (rc == TD_OK)
        rc = td_check_id(id, "unit id", err);
    if (rc == TD_OK && name != NULL)
        rc = td_check_name(name, "unit name", err);
    if (rc == TD_OK)
        rc = td_check_id(parent, "parent unit id", err);
    if (rc != TD_OK)
        return rc;
    if (strcmp(id, parent) == 0)
        return td_error_set(err, TD_EINVAL, "unit '%s' is its own parent", id);
    if (td_map_get_str(&c->member_index, id, NULL))
        return td_error_set(err, TD_EEXISTS, "unit '%s' is a member of cluster '%s': a unit below the members "
                            "needs an id of its own", id, c->id);
    if (td_map_get_str(&c->below_index, id, NULL))
        return td_error_set(err, TD_EEXISTS, "unit '%s' is added twice", id);
    void *items = c->below;
    rc = td_reserve(&c->arena.alloc, &items, &c->below_cap, c->below_count + 1, sizeof(td_below), err);
    if (rc != TD_OK)
        return rc;
    c->below = items;
    td_below u;
    memset(&u, 0, sizeof u);
    u.id = td_arena_strdup(&c->arena, id);
    u.name = td_arena_strdup(&c->arena, name != NULL ? name : "");
    u.parent = td_arena_strdup(&c->arena, parent);
    if (u.id == NULL || u.name == NULL || u.parent == NULL)
        return td_error_nomem(err);
    if ((rc = td_map_put(&c->below_index, u.id, strlen(u.id), c->below_count, err)) != TD_OK)
        return rc;
    c->below[c->below_count++] = u;
    return TD_OK;
}

td_status td_cluster_set_unit_origin(td_cluster *c, const char *id, const char *file, unsigned int line,
                                     unsigned int column, td_error *err)
{
    if (c == NULL || file == NULL || id == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", c == NULL ? "the cluster" : file == NULL ? "file" : "id");
    size_t i;
    if (!td_map_get_str(&c->below_index, id, &i))
        return td_error_set(err, TD_ENOTFOUND, "cluster '%s' has no unit '%s' below its members", c->id, id);
    const char *copy = td_arena_strdup(&c->arena, file);
    if (copy == NULL)
        return td_error_nomem(err);
    c->below[i].file = copy;
    c->below[i].line = line;
    c->below[i].column = column;
    return TD_OK;
}

size_t td_cluster_unit_count(const td_cluster *c)
{
    return c != NULL ? c->below_count : 0;
}

const char *td_cluster_unit_id(const td_cluster *c, size_t i)
{
    return c != NULL && i < c->below_count ? c->below[i].id : NULL;
}

const char *td_cluster_unit_name(const td_cluster *c, size_t i)
{
    return c != NULL && i < c->below_count ? c->below[i].name : NULL;
}

const char *td_cluster_unit_parent(const td_cluster *c, size_t i)
{
    return c != NULL && i < c->below_count ? c->below[i].parent : NULL;
}

td_status td_cluster_set_children(td_cluster *c, const char *rollup_id, td_cluster *children, td_error *err)
{
    td_status rc = c == NULL || children == NULL
                       ? td_error_set(err, TD_EINVAL, "%s is NULL", c == NULL ? "the cluster" : "the children")
                       : TD_OK;
    if (rc == TD_OK)
        rc = td_check_id(rollup_id, "roll-up id", err);
    if (rc == TD_OK && children == c)
        rc = td_error_set(err, TD_EINVAL, "cluster '%s' cannot be its own children", c->id);
    /* children are scored by a rulebook without roll-ups: they have no
     * children of their own (and a cluster cannot come to own itself) */
    if (rc == TD_OK && children->children_count > 0)
        rc = td_error_set(err, TD_EINVAL, "cluster '%s' has child data of its own: it cannot be the children of a "
                          "roll-up", children->id);
    if (rc != TD_OK)
        return rc;
    if (td_cluster_children(c, rollup_id) != NULL)
        return td_error_set(err, TD_EEXISTS, "child data for roll-up '%s' is given twice", rollup_id);
    void *items = c->children;
    rc = td_reserve(&c->arena.alloc, &items, &c->children_cap, c->children_count + 1, sizeof(td_children), err);
    if (rc != TD_OK)
        return rc;
    c->children = items;
    const char *id = td_arena_strdup(&c->arena, rollup_id);
    if (id == NULL)
        return td_error_nomem(err);
    c->children[c->children_count++] = (td_children){id, children};
    return TD_OK;
}

const td_cluster *td_cluster_children(const td_cluster *c, const char *rollup_id)
{
    if (c == NULL || rollup_id == NULL)
        return NULL;
    for (size_t i = 0; i < c->children_count; i++)
        if (strcmp(c->children[i].rollup, rollup_id) == 0)
            return c->children[i].cluster;
    return NULL;
}

void td_cluster_free_rollups(td_cluster *c)
{
    for (size_t i = 0; i < c->children_count; i++)
        td_cluster_free(c->children[i].cluster);
    td_dealloc(&c->arena.alloc, c->children);
    td_dealloc(&c->arena.alloc, c->below);
    td_map_free(&c->below_index);
}

/* ---- evaluation ---- */

/* An error at unit i's place when a reader gave one. */
static td_status unit_error(const td_cluster *c, size_t i, td_error *err, const char *fmt, const char *a,
                            const char *b, const char *hint)
{
    char msg[TD_ERROR_MESSAGE_SIZE];
    snprintf(msg, sizeof msg, fmt, a, b, hint);
    const td_below *u = &c->below[i];
    return td_error_set_at(err, TD_EDATA, u->file != NULL ? u->file : "", u->file != NULL ? u->line : 0,
                           u->file != NULL ? u->column : 0, "%s", msg);
}

/* The nearest member or unit id to `name`, as " (did you mean 'x'?)". */
static void nearest_unit(char *hint, size_t size, const td_cluster *c, const char *name)
{
    td_suggestion s;
    td_suggest_init(&s, name);
    for (size_t m = 0; m < c->member_count; m++)
        td_suggest_visit(&s, c->members[m].id);
    for (size_t i = 0; i < c->below_count; i++)
        td_suggest_visit(&s, c->below[i].id);
    hint[0] = '\0';
    if (s.best != NULL)
        snprintf(hint, size, " (did you mean '%s'?)", s.best);
}

/* The member (cluster index) above each unit below the members, into
 * member_of (below_count entries), and how many units each member has below
 * it into res->units_below. Iterative: the tree comes from the data. */
static td_status resolve_units(td_eval *ev, size_t *member_of)
{
    const td_cluster *cl = ev->cluster;
    size_t nb = cl->below_count;
    const td_allocator *a = &ev->result->arena.alloc;
    unsigned char *state = td_alloc(a, nb > 0 ? nb : 1); /* 0 new, 1 on the current path, 2 done */
    size_t *path = td_alloc(a, (nb > 0 ? nb : 1) * sizeof *path);
    td_status rc = state == NULL || path == NULL ? td_error_nomem(ev->err) : TD_OK;
    if (state != NULL)
        memset(state, 0, nb);
    for (size_t i = 0; rc == TD_OK && i < nb; i++) {
        if (td_map_get_str(&cl->member_index, cl->below[i].id, NULL))
            rc = unit_error(cl, i, ev->err, "unit '%s' below the members has the id of a member of cluster '%s'%s",
                            cl->below[i].id, cl->id, "");
    }
    for (size_t i = 0; rc == TD_OK && i < nb; i++) {
        size_t depth = 0, u = i, member = TD_NONE;
        /* follow the parents to a member or a unit resolved before */
        while (rc == TD_OK) {
            if (state[u] == 2) {
                member = member_of[u];
                break;
            }
            if (state[u] == 1) {
                rc = unit_error(cl, u, ev->err, "units below the members form a cycle through unit '%s'%s%s",
                                cl->below[u].id, "", "");
                break;
            }
            state[u] = 1;
            path[depth++] = u;
            const char *parent = cl->below[u].parent;
            size_t next;
            if (td_map_get_str(&cl->member_index, parent, &member))
                break;
            if (!td_map_get_str(&cl->below_index, parent, &next)) {
                char hint[96];
                nearest_unit(hint, sizeof hint, cl, parent);
                rc = unit_error(cl, u, ev->err, "unit '%s' has parent '%s', which is neither a member nor a unit%s",
                                cl->below[u].id, parent, hint);
                break;
            }
            u = next;
        }
        for (size_t d = 0; rc == TD_OK && d < depth; d++) {
            state[path[d]] = 2;
            member_of[path[d]] = member;
        }
    }
    if (rc == TD_OK) {
        ev->result->units_below = td_arena_alloc(&ev->result->arena, ev->n * sizeof(size_t));
        if (ev->result->units_below == NULL)
            rc = td_error_nomem(ev->err);
        else
            memset(ev->result->units_below, 0, ev->n * sizeof(size_t));
        for (size_t i = 0; rc == TD_OK && i < nb; i++)
            ev->result->units_below[member_of[i]]++;
    }
    td_dealloc(a, state);
    td_dealloc(a, path);
    return rc;
}

/* Child j's (result order) index in its data, whose place errors name. */
static size_t child_at(const td_result *cres, size_t j)
{
    return td_result_member_at(cres, j)->cluster_index;
}

/* One roll-up: the children's evaluation, each child's member, and the
 * aggregates stored as the members' actuals. */
static td_status run_rollup(td_eval *ev, size_t k, const size_t *member_of)
{
    const td_rules *r = ev->rules;
    const td_cluster *cl = ev->cluster;
    const td_rollup *ru = &r->rollups[k];
    td_result *res = ev->result;
    td_rollup_result *out = &res->rollups[k];
    const td_cluster *children = td_cluster_children(cl, ru->id);
    if (children == NULL)
        return td_error_set(ev->err, TD_EDATA,
                            "cluster '%s' gives no child data for roll-up '%s' of rulebook '%s' (the data's "
                            "'rollups: {%s: {data: [...]}}')",
                            cl->id, ru->id, r->id, ru->id);
    if (children->period != cl->period)
        return td_error_set(ev->err, TD_EDATA,
                            "the child data of roll-up '%s' is for period %lld, cluster '%s' for %lld: children "
                            "are evaluated for the cluster's period",
                            ru->id, (long long)children->period, cl->id, (long long)cl->period);
    if (children->member_count == 0)
        return td_error_set(ev->err, TD_EDATA,
                            "the child data of roll-up '%s' lists no child: give its children (member tables with "
                            "an 'id' and a 'unit' column, one row per child)",
                            ru->id);
    td_eval_options o = TD_EVAL_OPTIONS_INIT;
    if (ev->opts != NULL) {
        size_t given = ev->opts->version == 1   ? offsetof(td_eval_options, explain)
                       : ev->opts->version == 2 ? offsetof(td_eval_options, max_cells)
                       : ev->opts->version == 3 ? offsetof(td_eval_options, children_numbers_only)
                                                : sizeof o;
        memcpy(&o, ev->opts, given < sizeof o ? given : sizeof o);
        o.version = TD_EVAL_OPTIONS_VERSION;
    }
    /* numbers only: what the children's result says of them is not read */
    o.explain = res->explain_mode == TD_EXPLAIN_NONE || o.children_numbers_only ? TD_EXPLAIN_NONE
                                                                                 : TD_EXPLAIN_ON_DEMAND;
    o.formulas = ev->formulas;
    td_error local;
    td_status rc = td_evaluate(&out->children, ru->child, children, &o, &local);
    if (rc != TD_OK) {
        *ev->err = local;
        return rc == TD_ENOMEM ? rc : td_error_prefix(ev->err, rc, "roll-up '%s' (rulebook '%s')", ru->id,
                                                      ru->child->rules.id);
    }
    const td_result *cres = out->children;
    size_t nc = td_result_member_count(cres);
    const td_allocator *a = &res->arena.alloc;
    out->child_count = td_arena_alloc(&res->arena, ev->n * sizeof(size_t));
    size_t *parent = td_alloc(a, (nc > 0 ? nc : 1) * sizeof *parent);
    size_t *count = td_alloc(a, ev->n * sizeof *count);
    td_decimal *sum = td_alloc(a, ev->n * sizeof *sum);
    if (out->child_count == NULL || parent == NULL || count == NULL || sum == NULL) {
        rc = td_error_nomem(ev->err);
        goto done;
    }
    memset(out->child_count, 0, ev->n * sizeof(size_t));
    for (size_t j = 0; j < nc && rc == TD_OK; j++) {
        const char *unit = td_result_member_group(cres, j);
        size_t m, u;
        if (unit == NULL) {
            rc = td_cluster_member_error(children, child_at(cres, j), ev->err, TD_EDATA,
                                         "child '%s' of roll-up '%s' names no unit: each child belongs to a "
                                         "member or a unit below one (the 'unit' column)",
                                         td_result_member_unit(cres, j), ru->id);
        } else if (td_map_get_str(&cl->member_index, unit, &m)) {
            parent[j] = m;
        } else if (td_map_get_str(&cl->below_index, unit, &u)) {
            parent[j] = member_of[u];
        } else {
            char hint[96];
            nearest_unit(hint, sizeof hint, cl, unit);
            rc = td_cluster_member_error(children, child_at(cres, j), ev->err, TD_EDATA,
                                         "child '%s' of roll-up '%s' names unit '%s', which is neither a member "
                                         "of cluster '%s' nor a unit below one%s",
                                         td_result_member_unit(cres, j), ru->id, unit, cl->id, hint);
        }
        if (rc == TD_OK)
            out->child_count[parent[j]]++;
    }
    for (size_t q = 0; q < ru->measure_count && rc == TD_OK; q++) {
        const td_rollup_measure *rm = &ru->measures[q];
        memset(count, 0, ev->n * sizeof *count);
        for (size_t m = 0; m < ev->n; m++)
            sum[m] = td_decimal_zero();
        size_t j = 0;
        for (; j < nc && rc == TD_OK; j++) {
            td_value v;
            if (rm->cond != NULL) {
                rc = td_expr_eval(&v, rm->cond, cres, j, NULL, 0, &local);
                if (rc != TD_OK)
                    break;
                if (!v.boolean)
                    continue;
            }
            if (rm->value != NULL) {
                if ((rc = td_expr_eval(&v, rm->value, cres, j, NULL, 0, &local)) != TD_OK ||
                    (rc = td_decimal_add(&sum[parent[j]], sum[parent[j]], v.number, &local)) != TD_OK)
                    break;
            }
            count[parent[j]]++;
        }
        if (rc == TD_ENOMEM) {
            rc = td_error_nomem(ev->err);
            break;
        }
        if (rc != TD_OK) {
            rc = td_cluster_member_error(children, child_at(cres, j), ev->err, rc,
                                         "roll-up measure '%s' = %s, child '%s': %.300s", rm->id, rm->text,
                                         td_result_member_unit(cres, j), local.message);
            break;
        }
        for (size_t m = 0; m < ev->n && rc == TD_OK; m++) {
            td_decimal value;
            if (rm->agg == TD_AGG_SUM) {
                value = sum[m];
            } else if (rm->agg == TD_AGG_COUNT) {
                value = td_decimal_from_int((int64_t)count[m]);
            } else if (out->child_count[m] == 0) {
                rc = td_cluster_member_error(cl, m, ev->err, TD_EDATA,
                                             "roll-up measure '%s' = %s: unit '%s' has no child in roll-up '%s', "
                                             "so no share",
                                             rm->id, rm->text, cl->members[m].id, ru->id);
                break;
            } else {
                rc = td_decimal_div(&value, td_decimal_from_int((int64_t)count[m]),
                                    td_decimal_from_int((int64_t)out->child_count[m]), 6, TD_ROUNDING_HALF_UP, ev->err);
                if (rc != TD_OK)
                    break;
            }
            rc = td_mvalue_set(res, rm->measure_index, m, false, value, ev->err);
        }
    }
done:
    td_dealloc(a, parent);
    td_dealloc(a, count);
    td_dealloc(a, sum);
    return rc;
}

td_status td_eval_rollups(td_eval *ev)
{
    const td_rules *r = ev->rules;
    td_result *res = ev->result;
    if (r->rollup_count > 0) {
        res->rollups = td_arena_alloc(&res->arena, r->rollup_count * sizeof *res->rollups);
        if (res->rollups == NULL)
            return td_error_nomem(ev->err);
        memset(res->rollups, 0, r->rollup_count * sizeof *res->rollups);
    }
    /* child data for a roll-up the rulebook does not have */
    for (size_t i = 0; i < ev->cluster->children_count; i++) {
        const char *id = ev->cluster->children[i].rollup;
        bool known = false;
        for (size_t k = 0; k < r->rollup_count && !known; k++)
            known = strcmp(r->rollups[k].id, id) == 0;
        if (!known) {
            td_suggestion s;
            td_suggest_init(&s, id);
            for (size_t k = 0; k < r->rollup_count; k++)
                td_suggest_visit(&s, r->rollups[k].id);
            return td_error_set(ev->err, TD_EDATA, "the data gives child data for roll-up '%s', which rulebook '%s' "
                                "does not have%s%s%s",
                                id, r->id, s.best != NULL ? " (did you mean '" : "", s.best != NULL ? s.best : "",
                                s.best != NULL ? "'?)" : "");
        }
    }
    const td_allocator *a = &res->arena.alloc;
    size_t nb = ev->cluster->below_count;
    size_t *member_of = td_alloc(a, (nb > 0 ? nb : 1) * sizeof *member_of);
    if (member_of == NULL)
        return td_error_nomem(ev->err);
    td_status rc = resolve_units(ev, member_of);
    for (size_t k = 0; k < r->rollup_count && rc == TD_OK; k++)
        rc = run_rollup(ev, k, member_of);
    td_dealloc(a, member_of);
    return rc;
}

void td_rollups_free_result(td_result *res)
{
    if (res->rollups == NULL)
        return;
    for (size_t k = 0; k < res->rulebook->rules.rollup_count; k++)
        td_result_free(res->rollups[k].children);
}

/* ---- the result ---- */

size_t td_result_rollup_count(const td_result *res)
{
    return res != NULL && res->rollups != NULL ? res->rulebook->rules.rollup_count : 0;
}

const td_result *td_result_rollup_children(const td_result *res, size_t r)
{
    return r < td_result_rollup_count(res) ? res->rollups[r].children : NULL;
}

size_t td_result_rollup_child_count(const td_result *res, size_t r, size_t m)
{
    if (r >= td_result_rollup_count(res) || m >= res->member_count)
        return 0;
    return res->rollups[r].child_count[res->order[m]];
}

size_t td_result_member_unit_count(const td_result *res, size_t m)
{
    if (res == NULL || res->units_below == NULL || m >= res->member_count)
        return 0;
    return res->units_below[res->order[m]];
}

bool td_result_rollup_value(td_decimal *out, const td_result *res, size_t r, size_t k, size_t m)
{
    if (out == NULL || r >= td_result_rollup_count(res) || m >= res->member_count ||
        k >= res->rulebook->rules.rollups[r].measure_count)
        return false;
    td_mvalue v;
    td_mvalue_get(&v, res, res->rulebook->rules.rollups[r].measures[k].measure_index, res->order[m]);
    if (!v.has_actual)
        return false;
    *out = v.actual;
    return true;
}

td_status td_result_rollup_explain(char *buf, size_t size, size_t *needed, const td_result *res, size_t r,
                                   size_t k, size_t m, td_lang lang, td_error *err)
{
    td_decimal value;
    if (res == NULL || (buf == NULL && size > 0))
        return td_error_set(err, TD_EINVAL, "%s", res == NULL ? "the result is NULL" : "buf is NULL");
    if (!td_result_rollup_value(&value, res, r, k, m))
        return td_error_set(err, TD_EINVAL, "no roll-up %zu, measure %zu or member %zu in the result", r, k, m);
    const td_rollup_measure *rm = &res->rulebook->rules.rollups[r].measures[k];
    size_t children = td_result_rollup_child_count(res, r, m), units = td_result_member_unit_count(res, m);
    const char *unit = td_result_member_unit(res, m);
    /* the aggregate as written, without the blanks around it */
    const char *text = rm->text;
    size_t len = strlen(text);
    while (len > 0 && is_space(*text))
        text++, len--;
    while (len > 0 && is_space(text[len - 1]))
        len--;
    td_buf b;
    td_buf_init(&b, &res->arena.alloc);
    td_buf_appendf(&b, "%s = %.*s", rm->id, (int)len, text);
    td_buf_append(&b, td_phrase_text(TD_PH_ROLLUP_OVER, lang));
    td_buf_appendf(&b, "%zu", children);
    td_buf_append(&b, td_phrase_text(children == 1 ? TD_PH_ROLLUP_CHILD_OF : TD_PH_ROLLUP_CHILDREN_OF, lang));
    td_buf_append(&b, unit);
    if (units > 0) {
        td_buf_append(&b, td_phrase_text(TD_PH_ROLLUP_AND, lang));
        td_buf_appendf(&b, "%zu", units);
        td_buf_append(&b, td_phrase_text(units == 1 ? TD_PH_ROLLUP_UNIT_BELOW : TD_PH_ROLLUP_UNITS_BELOW, lang));
    }
    td_buf_append(&b, " = ");
    td_buf_decimal(&b, value);
    if (td_buf_failed(&b)) {
        td_buf_free(&b);
        return td_error_nomem(err);
    }
    if (needed != NULL)
        *needed = b.len;
    if (size > 0)
        td_copy_text(buf, size, td_buf_text(&b));
    td_buf_free(&b);
    return TD_OK;
}
