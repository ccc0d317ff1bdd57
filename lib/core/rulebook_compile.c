/*
 * Compiling the expressions of a rulebook: the measure table, then every
 * formula, rule, condition, key and order against the names that are known
 * at its point in the order of computation.
 */
#include <string.h>

#include "model.h"

typedef struct compile_ctx {
    td_rulebook *rb;
    size_t derived_limit; /* formulas see derived measures before this index */
    size_t award_limit;   /* award() sees awards before this index */
    size_t measure_cap;
    bool nomem;
} compile_ctx;

static long add_measure(compile_ctx *cx, const char *name)
{
    td_rules *r = &cx->rb->rules;
    if (r->measure_count == cx->measure_cap)
        return -1;
    const char *copy = td_arena_strdup(&cx->rb->arena, name);
    if (copy == NULL ||
        td_map_put(&cx->rb->measure_index, copy, strlen(copy), r->measure_count, NULL) != TD_OK) {
        cx->nomem = true;
        return -1;
    }
    r->measures[r->measure_count] = (td_measure){.id = copy};
    return (long)r->measure_count++;
}

/* Bare names in a formula: base measures, or derived measures defined before. */
static long formula_var(void *ctx, const char *name, int *type)
{
    compile_ctx *cx = ctx;
    const td_rules *r = &cx->rb->rules;
    *type = TD_XT_NUMBER;
    size_t index;
    if (td_map_get_str(&cx->rb->measure_index, name, &index)) {
        if (td_measure_derived(&r->measures[index]) && index >= cx->derived_limit)
            return -1;
        return (long)index;
    }
    return add_measure(cx, name);
}

static long resolve_ref(void *ctx, td_ref_kind kind, const char *name)
{
    compile_ctx *cx = ctx;
    return td_rulebook_resolve_ref(cx->rb, cx->award_limit, kind, name);
}

long td_rulebook_resolve_ref(const td_rulebook *rb, size_t award_limit, td_ref_kind kind,
                             const char *name)
{
    const td_rules *r = &rb->rules;
    size_t index;
    switch (kind) {
    case TD_REF_MEASURE:
        if (td_map_get_str(&rb->criterion_index, name, &index))
            return (long)index;
        if (td_map_get_str(&rb->measure_index, name, &index))
            return (long)(r->criterion_count + index);
        return -1;
    case TD_REF_CRITERION:
        /* points(id): a criterion, a group node (1.1), a section (1.1) */
        if (td_map_get_str(&rb->criterion_index, name, &index))
            return (long)index;
        if (td_map_get_str(&rb->node_index, name, &index))
            return (long)(r->criterion_count + index);
        if (td_map_get_str(&rb->section_index, name, &index))
            return (long)(r->criterion_count + r->node_count + index);
        return -1;
    case TD_REF_LEVEL:
        return -1; /* the parser's own */
    case TD_REF_ITEM:
        return td_map_get_str(&rb->adjustment_index, name, &index) ? (long)index : -1;
    case TD_REF_AWARD:
        /* only awards decided before the expression's own */
        return td_map_get_str(&rb->award_index, name, &index) && index < award_limit ? (long)index : -1;
    case TD_REF_RECORD:
    case TD_REF_CLASS:
        if (td_map_get_str(&rb->class_index, name, &index))
            return (long)index;
        if (kind == TD_REF_RECORD && td_map_get_str(&rb->award_index, name, &index))
            return (long)(r->class_count + index);
        if (kind == TD_REF_RECORD && td_map_get_str(&rb->title_index, name, &index))
            return (long)(r->class_count + r->award_count + index);
        return -1;
    }
    return -1;
}

void td_rulebook_each_ref(const td_rulebook *rb, size_t award_limit, td_ref_kind kind,
                          td_name_visit visit, void *v)
{
    const td_rules *r = &rb->rules;
    if (kind == TD_REF_MEASURE)
        for (size_t i = 0; i < r->measure_count; i++)
            visit(v, r->measures[i].id);
    if (kind == TD_REF_MEASURE || kind == TD_REF_CRITERION)
        for (size_t i = 0; i < r->criterion_count; i++)
            visit(v, r->criteria[i].id);
    if (kind == TD_REF_CRITERION) {
        for (size_t i = 0; i < r->node_count; i++)
            visit(v, r->nodes[i].id);
        for (size_t i = 0; i < r->section_count; i++)
            visit(v, r->sections[i].id);
    }
    if (kind == TD_REF_ITEM)
        for (size_t i = 0; i < r->adjustment_count; i++)
            visit(v, r->adjustments[i].id);
    if (kind == TD_REF_AWARD || kind == TD_REF_RECORD)
        for (size_t i = 0; i < r->award_count && (kind == TD_REF_RECORD || i < award_limit); i++)
            visit(v, r->awards[i].id);
    if (kind == TD_REF_RECORD || kind == TD_REF_CLASS)
        for (size_t i = 0; i < r->class_count; i++)
            visit(v, r->classes[i].id);
    if (kind == TD_REF_RECORD)
        for (size_t i = 0; i < r->title_count; i++)
            visit(v, r->titles[i].id);
}

static void each_name(void *ctx, int kind, td_name_visit visit, void *v)
{
    compile_ctx *cx = ctx;
    if (kind != 0)
        td_rulebook_each_ref(cx->rb, cx->award_limit, (td_ref_kind)kind, visit, v);
    else
        td_rulebook_each_parameter(cx->rb, visit, v);
}

static long resolve_param(void *ctx, const char *name)
{
    compile_ctx *cx = ctx;
    return td_rulebook_resolve_parameter(cx->rb, name);
}

long td_rulebook_resolve_parameter(const td_rulebook *rb, const char *name)
{
    size_t index;
    return td_map_get_str(&rb->param_index, name, &index) ? (long)index : -1;
}

void td_rulebook_each_parameter(const td_rulebook *rb, td_name_visit visit, void *v)
{
    for (size_t i = 0; i < rb->rules.param_count; i++)
        visit(v, rb->rules.params[i].id);
}

/* Compiles one expression; a compiled one reports its evaluation faults at
 * `origin` (NULL: within the expression). */
static td_status compile_one(compile_ctx *cx, const char *text, const td_expr_origin *origin,
                             td_stage stage, const char *stage_name, int want, td_cexpr **out,
                             td_error *err, const char *where_fmt, const char *where_id)
{
    td_expr_scope scope;
    memset(&scope, 0, sizeof scope);
    scope.stage = stage;
    scope.stage_name = stage_name;
    scope.resolve_var = stage == TD_STAGE_MEASURE ? formula_var : NULL;
    scope.resolve_ref = resolve_ref;
    scope.each_name = each_name;
    scope.resolve_param = resolve_param;
    scope.ctx = cx;
    scope.max_bytes = cx->rb->rules.expr_max_bytes;
    scope.max_depth = cx->rb->rules.expr_max_depth;
    td_status rc = td_cexpr_compile(out, text, strlen(text), &scope, want, &cx->rb->arena.alloc, err);
    if (cx->nomem) {
        td_cexpr_free(*out);
        *out = NULL;
        return td_error_nomem(err);
    }
    if (rc != TD_OK && rc != TD_ENOMEM)
        return td_error_prefix(err, rc, where_fmt, where_id);
    if (rc == TD_OK)
        (*out)->origin = origin;
    return rc;
}

static size_t formula_bytes(const td_rules *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->measure_count; i++)
        for (int side = 0; side < 2; side++)
            n += r->measures[i].side_formula[side] != NULL ? strlen(r->measures[i].side_formula[side]) : 0;
    return n;
}

/* The measure table: derived measures first, then the criteria's measures;
 * base measures named in formulas join while those compile. */
static td_status build_measures(compile_ctx *cx, const td_measure *derived, size_t derived_count,
                                td_error *err)
{
    td_rulebook *rb = cx->rb;
    td_rules *r = &rb->rules;
    size_t rolled = 0;
    for (size_t k = 0; k < r->rollup_count; k++)
        rolled += r->rollups[k].measure_count;
    cx->measure_cap = derived_count + r->criterion_count + r->input_count + rolled + formula_bytes(r) + 1;
    /* the table starts empty, so that a failure leaves nothing for
     * td_rulebook_free_exprs() to walk but what was compiled */
    r->measure_count = 0;
    r->measures = td_arena_alloc(&rb->arena, cx->measure_cap * sizeof(td_measure));
    if (r->measures == NULL)
        return td_error_nomem(err);
    for (size_t i = 0; i < derived_count; i++) {
        r->measures[i] = derived[i];
        r->measures[i].expr[TD_SIDE_TARGET] = r->measures[i].expr[TD_SIDE_ACTUAL] = NULL;
        td_status rc = td_map_put(&rb->measure_index, derived[i].id, strlen(derived[i].id), i, err);
        if (rc != TD_OK)
            return rc;
        r->measure_count++;
    }
    for (size_t c = 0; c < r->criterion_count; c++) {
        td_criterion *crit = &r->criteria[c];
        size_t index;
        if (!td_map_get_str(&rb->measure_index, crit->measure, &index)) {
            long added = add_measure(cx, crit->measure);
            if (added < 0)
                return td_error_nomem(err);
            index = (size_t)added;
        }
        crit->measure_index = index;
    }
    /* the inputs, which formulas and data functions read like base measures */
    for (size_t i = 0; i < r->input_count; i++) {
        long added = add_measure(cx, r->inputs[i]);
        if (added < 0)
            return td_error_nomem(err);
        r->measures[added].input = true;
    }
    /* 1.1 roll-up measures: base measures whose actual the roll-up gives */
    for (size_t k = 0; k < r->rollup_count; k++) {
        td_rollup *ru = &r->rollups[k];
        for (size_t j = 0; j < ru->measure_count; j++) {
            td_rollup_measure *rm = &ru->measures[j];
            size_t index;
            if (td_map_get_str(&rb->measure_index, rm->id, &index)) {
                const td_measure *ms = &r->measures[index];
                if (td_measure_derived(ms) || ms->input)
                    return td_error_set(err, TD_ERULEBOOK,
                                        "roll-up '%s' gives measure '%s', which is %s: a roll-up's measure is a "
                                        "base measure whose actual the roll-up gives",
                                        ru->id, rm->id, ms->input ? "an input" : "a derived measure");
            } else {
                long added = add_measure(cx, rm->id);
                if (added < 0)
                    return td_error_nomem(err);
                index = (size_t)added;
            }
            r->measures[index].rollup = true;
            rm->measure_index = index;
        }
    }
    for (size_t i = 0; i < derived_count; i++) {
        cx->derived_limit = i;
        td_measure *ms = &r->measures[i];
        /* each side's formula; a version 1 formula once per side (the same text) */
        for (int side = 0; side < 2; side++) {
            if (ms->side_formula[side] == NULL)
                continue;
            const char *what = ms->formula != NULL ? "measure '%s'"
                               : side == TD_SIDE_TARGET ? "measure '%s' target"
                                                        : "measure '%s' actual";
            td_status rc = compile_one(cx, ms->side_formula[side], ms->origin[side], TD_STAGE_MEASURE,
                                       "a derived measure", TD_XT_NUMBER, &ms->expr[side], err, what, ms->id);
            if (rc != TD_OK)
                return rc;
        }
    }
    return TD_OK;
}

td_status td_rulebook_compile(td_rulebook *rb, td_error *err)
{
    td_rules *r = &rb->rules;
    compile_ctx cx;
    memset(&cx, 0, sizeof cx);
    cx.rb = rb;
    /* the derived measures as the builder had them, before the table replaces them */
    const td_measure *derived = r->measures;
    size_t derived_count = r->measure_count;
    td_status rc = td_rollups_compile(rb, err);
    if (rc == TD_OK)
        rc = build_measures(&cx, derived, derived_count, err);
    for (size_t c = 0; rc == TD_OK && c < r->criterion_count; c++)
        if (r->criteria[c].rule == TD_RULE_EXPR)
            rc = compile_one(&cx, r->criteria[c].expr_text, r->criteria[c].expr_origin,
                             TD_STAGE_CRITERION, "an expr rule", TD_XT_NUMBER, &r->criteria[c].expr, err,
                             "criterion '%s' expr", r->criteria[c].id);
    for (size_t k = 0; rc == TD_OK && k < r->class_count; k++) {
        td_class_entry *e = &r->classes[k];
        if (e->when_text == NULL)
            continue;
        if (k + 1 == r->class_count)
            return td_error_set(err, TD_ERULEBOOK,
                                "the last classification entry ('%s') must have no condition, so "
                                "that every member gets a classification",
                                e->id);
        rc = compile_one(&cx, e->when_text, e->when_origin, TD_STAGE_CLASSIFY, "a classification condition",
                         TD_XT_BOOL, &e->when, err, "classification '%s' when", e->id);
    }
    for (size_t k = 0; rc == TD_OK && k < r->rank_key_count; k++)
        rc = compile_one(&cx, r->rank_keys[k].text, r->rank_keys[k].origin, TD_STAGE_RANK, "a ranking key",
                         TD_XT_NUMBER | TD_XT_BOOL, &r->rank_keys[k].expr, err, "ranking key '%s'",
                         r->rank_keys[k].text);
    for (size_t a = 0; rc == TD_OK && a < r->award_count; a++) {
        td_award_def *aw = &r->awards[a];
        cx.award_limit = a;
        if (aw->quota_of != NULL && strcmp(aw->quota_of, "members") != 0 && strcmp(aw->quota_of, "candidates") != 0) {
            /* 1.1: counted on an award decided before this one */
            size_t of;
            if (!td_map_get_str(&rb->award_index, aw->quota_of, &of))
                return td_error_set(err, TD_ERULEBOOK,
                                    "award '%s': the quota is counted 'of' '%s', which is no award (write "
                                    "members, candidates or the id of an award listed before)",
                                    aw->id, aw->quota_of);
            if (of >= a)
                return td_error_set(err, TD_ERULEBOOK,
                                    "award '%s': the quota is counted 'of' award '%s', which is not decided yet "
                                    "(it must be listed before)",
                                    aw->id, aw->quota_of);
            aw->quota_of_award = of;
        }
        if (aw->per_group && aw->quota_kind == 0)
            return td_error_set(err, TD_ERULEBOOK, "award '%s': 'per: group' divides a quota; give a count or a percent",
                                aw->id);
        if (aw->order_votes && !aw->has_ballot)
            return td_error_set(err, TD_ERULEBOOK, "award '%s': 'order: votes' needs a ballot", aw->id);
        if (aw->order_votes && aw->order_text != NULL)
            return td_error_set(err, TD_ERULEBOOK, "award '%s': give 'order: votes' or an order expression, not both",
                                aw->id);
        if (aw->quota_of != NULL && aw->quota_kind != 2)
            return td_error_set(err, TD_ERULEBOOK,
                                "award '%s': 'of' counts a percent quota; a count quota is a number of places", aw->id);
        for (size_t x = 0; x < aw->exclude_count; x++) {
            if (!td_map_get_str(&rb->award_index, aw->excludes[x], NULL))
                return td_error_set(err, TD_ERULEBOOK, "award '%s' excludes unknown award '%s'", aw->id,
                                    aw->excludes[x]);
        }
        if (aw->when_text != NULL)
            rc = compile_one(&cx, aw->when_text, aw->when_origin, TD_STAGE_AWARD, "an award condition",
                             TD_XT_BOOL, &aw->when, err, "award '%s' when", aw->id);
        if (rc == TD_OK && aw->order_text != NULL)
            rc = compile_one(&cx, aw->order_text, aw->order_origin, TD_STAGE_AWARD, "an award order",
                             TD_XT_NUMBER | TD_XT_BOOL, &aw->order, err, "award '%s' order", aw->id);
    }
    if (rc == TD_OK)
        td_rulebook_find_group_uses(rb);
    return rc;
}

/* Whether any expression of the rulebook reads the members' groups. */
static bool uses(const td_cexpr *e)
{
    return td_cexpr_uses(e, TD_B_GROUP) || td_cexpr_uses(e, TD_B_GROUP_SIZE) || td_cexpr_uses(e, TD_B_GROUP_RANK) ||
           td_cexpr_uses(e, TD_B_COUNT_GROUP) || td_cexpr_uses(e, TD_B_SHARE_GROUP);
}

void td_rulebook_find_group_uses(td_rulebook *rb)
{
    td_rules *r = &rb->rules;
    bool found = false;
    for (size_t i = 0; i < r->measure_count && !found; i++)
        found = uses(r->measures[i].expr[0]) || uses(r->measures[i].expr[1]);
    for (size_t c = 0; c < r->criterion_count && !found; c++)
        found = uses(r->criteria[c].expr);
    for (size_t k = 0; k < r->class_count && !found; k++)
        found = uses(r->classes[k].when);
    for (size_t k = 0; k < r->rank_key_count && !found; k++)
        found = uses(r->rank_keys[k].expr);
    for (size_t a = 0; a < r->award_count && !found; a++)
        found = uses(r->awards[a].when) || uses(r->awards[a].order) || r->awards[a].per_group;
    r->uses_groups = found;
}

void td_rulebook_free_exprs(td_rulebook *rb)
{
    td_rules *r = &rb->rules;
    td_rollups_free_compiled(r);
    for (size_t i = 0; i < r->measure_count; i++)
        for (int side = 0; side < 2; side++)
            td_cexpr_free(r->measures[i].expr[side]);
    for (size_t c = 0; c < r->criterion_count; c++)
        td_cexpr_free(r->criteria[c].expr);
    for (size_t k = 0; k < r->class_count; k++)
        td_cexpr_free(r->classes[k].when);
    for (size_t k = 0; k < r->rank_key_count; k++)
        td_cexpr_free(r->rank_keys[k].expr);
    for (size_t a = 0; a < r->award_count; a++) {
        td_cexpr_free(r->awards[a].when);
        td_cexpr_free(r->awards[a].order);
    }
}
