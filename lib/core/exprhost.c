/*
 * What names and functions of the expression language read for a member.
 */
#include <stdint.h>
#include <string.h>

#include "exprhost.h"

td_status td_compute_attainment(td_decimal t, td_decimal a, td_direction direction, td_decimal *r,
                                td_error *err)
{
    td_decimal one = td_decimal_from_int(1);
    if (td_decimal_is_zero(t)) {
        *r = (direction == TD_DIRECTION_HIGHER || td_decimal_is_zero(a)) ? one : td_decimal_zero();
        return TD_OK;
    }
    if (direction == TD_DIRECTION_HIGHER)
        return td_decimal_div(r, a, t, 6, TD_ROUNDING_HALF_UP, err);
    /* r = max(0, 2 - A/T) = max(0, (2T - A) / T), rounded once from the exact quotient */
    td_decimal num;
    td_status rc = td_decimal_add(&num, t, t, err);
    if (rc == TD_OK)
        rc = td_decimal_sub(&num, num, a, err);
    if (rc != TD_OK)
        return rc;
    if (td_decimal_sign(num) <= 0) {
        *r = td_decimal_zero();
        return TD_OK;
    }
    return td_decimal_div(r, num, t, 6, TD_ROUNDING_HALF_UP, err);
}

static td_status var(void *ctx, const td_node *node, td_xvalue *out, td_error *err)
{
    td_member_ctx *cx = ctx;
    if (node->kind == TD_N_PARAM) {
        out->number = cx->res->params[node->ref];
        return TD_OK;
    }
    td_mvalue v;
    td_mvalue_get(&v, cx->res, node->ref, cx->m);
    bool has = cx->targets ? v.has_target : v.has_actual;
    if (!has) /* an absent input: the derived measure has no value (not an error) */
        return td_error_set(err, TD_ENOTFOUND, "unit '%s' has no %s for measure '%s'",
                            cx->members[cx->m].unit, cx->targets ? "target" : "actual", node->text);
    out->number = cx->targets ? v.target : v.actual;
    return TD_OK;
}

/* Whether record id `id` is one the call names (its id, or one of its list). */
static bool named(const td_node *node, const char *id)
{
    if (node->id_count == 0)
        return strcmp(node->text, id) == 0;
    for (size_t i = 0; i < node->id_count; i++)
        if (strcmp(node->ids[i], id) == 0)
            return true;
    return false;
}

/* Records of the member (and its predecessors) that the call names in period p. */
static bool had(const td_member_result *mr, const td_node *node, int64_t p)
{
    for (size_t i = 0; i < mr->record_count; i++)
        if (mr->records[i].period == p && named(node, mr->records[i].id))
            return true;
    return false;
}

static td_status measure_value(const td_member_ctx *cx, const td_node *node, const td_xvalue *args,
                               td_xvalue *out, td_error *err)
{
    const td_rules *r = cx->rules;
    const td_member_result *mr = &cx->members[cx->m];
    const char *fn = td_builtin_name(node->builtin);
    bool is_criterion = (size_t)node->ref < r->criterion_count;
    td_decimal t, a;
    bool has_t, has_a;
    td_direction direction = TD_DIRECTION_HIGHER;
    if (is_criterion) {
        td_cell copy;
        td_cell_get(&copy, cx->res, node->ref, cx->m);
        const td_cell *cell = &copy;
        if (node->builtin == TD_B_ATTAINMENT || node->builtin == TD_B_MET) {
            if (node->builtin == TD_B_MET) {
                out->boolean = cell->met == 1;
                return TD_OK;
            }
            if (!cell->has_attainment)
                return td_error_set(err, TD_EEVAL, "%s(%s) has no value for unit '%s' (no target)", fn,
                                    node->text, mr->unit);
            out->number = cell->attainment;
            return TD_OK;
        }
        has_t = cell->has_target;
        has_a = cell->has_actual;
        t = cell->target;
        a = cell->actual;
        direction = r->criteria[node->ref].direction;
    } else {
        td_mvalue v;
        td_mvalue_get(&v, cx->res, (size_t)node->ref - r->criterion_count, cx->m);
        has_t = v.has_target;
        has_a = v.has_actual;
        t = v.target;
        a = v.actual;
    }
    switch (node->builtin) {
    case TD_B_HAS:
        out->boolean = has_a;
        return TD_OK;
    case TD_B_TARGET:
        if (!has_t)
            return td_error_set(err, TD_EEVAL, "unit '%s' has no target for '%s'", mr->unit, node->text);
        out->number = t;
        return TD_OK;
    case TD_B_ACTUAL:
        if (!has_a && node->nargs == 1) { /* actual(id, default) */
            out->number = args[0].number;
            return TD_OK;
        }
        if (!has_a)
            return td_error_set(err, TD_EEVAL, "unit '%s' has no actual for '%s'", mr->unit, node->text);
        out->number = a;
        return TD_OK;
    default: {
        /* attainment or met of a measure that no criterion scores */
        if (!has_t || !has_a) {
            if (node->builtin == TD_B_MET) {
                out->boolean = false;
                return TD_OK;
            }
            return td_error_set(err, TD_EEVAL, "%s(%s) has no value for unit '%s' (no %s)", fn, node->text,
                                mr->unit, has_t ? "actual" : "target");
        }
        td_decimal rr;
        td_status rc = td_compute_attainment(t, a, direction, &rr, err);
        if (rc != TD_OK)
            return rc;
        if (node->builtin == TD_B_MET)
            out->boolean = td_decimal_cmp(rr, td_decimal_from_int(1)) >= 0;
        else
            out->number = rr;
        return TD_OK;
    }
    }
}

/* points(ref): a criterion's cell, a group node's or a section's points
 * (the ref as td_rulebook_resolve_ref() numbers them). */
static td_decimal points_of(const td_member_ctx *cx, long ref)
{
    const td_rules *r = cx->rules;
    size_t k = (size_t)ref;
    if (k < r->criterion_count)
        return td_numcol_get(&cx->res->cells[k].points, cx->m);
    k -= r->criterion_count;
    if (k < r->node_count)
        return cx->members[cx->m].node_points[k];
    return cx->members[cx->m].section_points[k - r->node_count];
}

/* The items min_share(level) looks at, numbered 0 .. share_count(): the
 * criteria ('leaf'); the criteria and then the group nodes, of which those
 * directly below a section count ('group', 1.1); the sections ('section',
 * 1.1). share_item() gives item i's points and max, false when the item
 * does not count: not at that level, no max, or a max of 0. */
static size_t share_count(const td_rules *r, long level)
{
    if (level == TD_LEVEL_SECTION)
        return r->section_count;
    return r->criterion_count + (level == TD_LEVEL_GROUP ? r->node_count : 0);
}

static bool share_item(const td_member_ctx *cx, long level, size_t i, td_decimal *points, td_decimal *max)
{
    const td_rules *r = cx->rules;
    const td_member_result *mr = &cx->members[cx->m];
    if (level == TD_LEVEL_SECTION) {
        *points = mr->section_points[i];
        *max = r->sections[i].max;
        return r->sections[i].has_max && !td_decimal_is_zero(*max);
    }
    if (i < r->criterion_count) {
        const td_criterion *c = &r->criteria[i];
        *points = td_numcol_get(&cx->res->cells[i].points, cx->m);
        *max = c->max;
        return (level != TD_LEVEL_GROUP || c->parent == TD_NONE) && !td_decimal_is_zero(*max);
    }
    const td_cnode *nd = &r->nodes[i - r->criterion_count];
    *points = mr->node_points[i - r->criterion_count];
    *max = nd->max;
    return nd->parent == TD_NONE && !td_decimal_is_zero(*max);
}

/* min_share(level): the lowest points / max (12 decimals) over the items
 * of the level with a max above 0, computed when an expression asks (most
 * rulebooks never do). */
static td_status min_share(const td_member_ctx *cx, long level, td_decimal *out, td_error *err)
{
    static const char *const what[] = {"criterion", "criterion or group directly below a section", "section"};
    bool found = false;
    if (level < 0)
        level = TD_LEVEL_LEAF;
    for (size_t i = 0, n = share_count(cx->rules, level); i < n; i++) {
        td_decimal points, max, share;
        if (!share_item(cx, level, i, &points, &max))
            continue;
        td_status rc = td_decimal_div(&share, points, max, 12, TD_ROUNDING_HALF_UP, err);
        if (rc != TD_OK)
            return rc;
        if (!found || td_decimal_cmp(share, *out) < 0)
            *out = share;
        found = true;
    }
    if (!found && level == TD_LEVEL_LEAF)
        return td_error_set(err, TD_EEVAL, "min_share() has no value: every criterion has max 0");
    if (!found)
        return td_error_set(err, TD_EEVAL, "min_share('%s') has no value: no %s has a max above 0",
                            level == TD_LEVEL_GROUP ? "group" : "section", what[level]);
    return TD_OK;
}

static td_status data(void *ctx, const td_node *node, const td_xvalue *args, td_xvalue *out,
                      td_error *err)
{
    td_member_ctx *cx = ctx;
    const td_rules *r = cx->rules;
    const td_member_result *mr = &cx->members[cx->m];
    switch (node->builtin) {
    case TD_B_TOTAL: out->number = mr->total; return TD_OK;
    case TD_B_BASE: out->number = mr->base; return TD_OK;
    case TD_B_BONUS: out->number = mr->bonus; return TD_OK;
    case TD_B_DEDUCTION: out->number = mr->deduction; return TD_OK;
    case TD_B_RANK: out->number = td_decimal_from_int((int64_t)mr->rank); return TD_OK;
    case TD_B_CLASSIFICATION:
        out->text = mr->classification >= 0 ? r->classes[mr->classification].id : "";
        return TD_OK;
    case TD_B_MEMBERS: out->number = td_decimal_from_int((int64_t)cx->n); return TD_OK;
    case TD_B_IS_LEADER: out->boolean = mr->is_leader; return TD_OK;
    case TD_B_IS_DEPUTY: out->boolean = mr->is_deputy; return TD_OK;
    case TD_B_GROUP: out->text = mr->group != NULL ? mr->group : ""; return TD_OK;
    case TD_B_GROUP_SIZE: out->number = td_decimal_from_int((int64_t)mr->group_size); return TD_OK;
    case TD_B_GROUP_RANK: out->number = td_decimal_from_int((int64_t)mr->group_rank); return TD_OK;
    case TD_B_ATTAINMENT:
    case TD_B_ACTUAL:
    case TD_B_TARGET:
    case TD_B_MET:
    case TD_B_HAS:
        return measure_value(cx, node, args, out, err);
    case TD_B_POINTS: out->number = points_of(cx, node->ref); return TD_OK;
    case TD_B_ALL_MET: out->boolean = mr->all_met; return TD_OK;
    case TD_B_COUNT_MET: out->number = td_decimal_from_int((int64_t)mr->count_met); return TD_OK;
    case TD_B_EVENTS: out->number = td_decimal_from_int(mr->event_counts[node->ref]); return TD_OK;
    case TD_B_AWARD: out->boolean = mr->awards[node->ref].status == TD_AWARD_SELECTED; return TD_OK;
    case TD_B_HISTORY: {
        int64_t n;
        td_decimal want = args[0].number;
        if (td_decimal_to_int64(&n, want, NULL) != TD_OK)
            /* a whole window wider than any period range covers them all */
            n = td_decimal_is_integer(want) && td_decimal_sign(want) > 0 ? INT64_MAX : 0;
        if (n < 1) {
            char text[TD_DECIMAL_STRING_SIZE];
            td_decimal_format(text, sizeof text, args[0].number);
            return td_error_set(err, TD_EEVAL, "history() needs a whole number of periods >= 1, got %s",
                                text);
        }
        /* distinct periods in [period - n, period - 1] with the record */
        int64_t count = 0;
        for (size_t i = 0; i < mr->record_count; i++) {
            const td_record *rec = &mr->records[i];
            if (!named(node, rec->id) || rec->period >= cx->period)
                continue;
            /* the distance back, exact in unsigned arithmetic (period - n may overflow) */
            if ((uint64_t)cx->period - (uint64_t)rec->period > (uint64_t)n)
                continue;
            /* a period counts once, whichever of the listed ids it has */
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = mr->records[j].period == rec->period && named(node, mr->records[j].id);
            count += !seen;
        }
        out->number = td_decimal_from_int(count);
        return TD_OK;
    }
    case TD_B_CONSECUTIVE: {
        int64_t k = 0;
        for (int64_t p = cx->period; k < (int64_t)mr->record_count && p > INT64_MIN && had(mr, node, p - 1); p--)
            k++;
        out->number = td_decimal_from_int(k);
        return TD_OK;
    }
    case TD_B_SINCE: {
        /* how many periods back the latest record is (1: the previous one), or the default */
        bool found = false;
        int64_t latest = 0;
        for (size_t i = 0; i < mr->record_count; i++) {
            const td_record *rec = &mr->records[i];
            if (rec->period < cx->period && named(node, rec->id) && (!found || rec->period > latest)) {
                latest = rec->period;
                found = true;
            }
        }
        if (!found) {
            out->number = args[0].number;
            return TD_OK;
        }
        /* exact in unsigned arithmetic (periods may be 2^63 apart) */
        uint64_t back = (uint64_t)cx->period - (uint64_t)latest;
        if (back <= (uint64_t)INT64_MAX) {
            out->number = td_decimal_from_int((int64_t)back);
            return TD_OK;
        }
        td_decimal half = td_decimal_from_int((int64_t)(back / 2));
        td_status rc = td_decimal_add(&out->number, half, half, err);
        if (rc == TD_OK && back % 2 == 1)
            rc = td_decimal_add(&out->number, out->number, td_decimal_from_int(1), err);
        return rc;
    }
    case TD_B_MIN_SHARE:
        return min_share(cx, node->ref, &out->number, err);
    default:
        return td_error_set(err, TD_ERROR, "no data for %s", td_builtin_name(node->builtin));
    }
}

/* count_group(cond), share_group(cond) (1.1): cond for every member of the
 * member's group, the member itself included; the share rounded half away
 * from zero to 6 decimals. */
static td_status group(void *ctx, const td_cexpr *e, const td_node *node, td_xvalue *out, td_error *err)
{
    const td_member_ctx *cx = ctx;
    const char *mine = cx->members[cx->m].group;
    if (mine == NULL)
        return td_error_set(err, TD_EEVAL, "%s() needs groups, and unit '%s' has none", td_builtin_name(node->builtin),
                            cx->members[cx->m].unit);
    int64_t count = 0, size = 0;
    for (size_t k = 0; k < cx->n; k++) {
        const char *theirs = cx->members[k].group;
        if (theirs == NULL || strcmp(theirs, mine) != 0)
            continue;
        td_member_ctx other = *cx;
        other.m = k;
        td_expr_host host = td_member_host(&other);
        td_xvalue v;
        td_status rc = td_cexpr_eval_node(e, &host, node->args[0], &v, err);
        if (rc != TD_OK)
            return rc;
        count += v.boolean;
        size++;
    }
    if (node->builtin == TD_B_COUNT_GROUP) {
        out->number = td_decimal_from_int(count);
        return TD_OK;
    }
    return td_decimal_div(&out->number, td_decimal_from_int(count), td_decimal_from_int(size), 6, TD_ROUNDING_HALF_UP,
                          err);
}

/* The explanations' note on min_share(level) (1.1, written with its level:
 * version 1's min_share() keeps its text): the id of the item with the
 * lowest share (on a tie the first: criteria before group nodes). */
static const char *note(void *ctx, const td_node *node)
{
    const td_member_ctx *cx = ctx;
    if (node->builtin != TD_B_MIN_SHARE || node->ref < 0)
        return NULL;
    const td_rules *r = cx->rules;
    const char *id = NULL;
    td_decimal low = td_decimal_zero();
    for (size_t i = 0, n = share_count(r, node->ref); i < n; i++) {
        td_decimal points, max, share;
        if (!share_item(cx, node->ref, i, &points, &max) ||
            td_decimal_div(&share, points, max, 12, TD_ROUNDING_HALF_UP, NULL) != TD_OK)
            continue;
        if (id == NULL || td_decimal_cmp(share, low) < 0) {
            low = share;
            id = node->ref == TD_LEVEL_SECTION ? r->sections[i].id
                 : i < r->criterion_count     ? r->criteria[i].id
                                              : r->nodes[i - r->criterion_count].id;
        }
    }
    return id;
}

td_expr_host td_member_host(td_member_ctx *ctx)
{
    td_expr_host host = {var, data, ctx, group, note};
    return host;
}

/* ---- expressions in 64 bits ---- */

/* A value of td_member_eval_fast(). */
typedef struct fx_value {
    td_fx number;
    bool boolean;
    const char *text;
} fx_value;

static bool fx_eval(const td_member_ctx *cx, const td_node *n, fx_value *out);

static bool fx_number(const td_member_ctx *cx, const td_node *n, td_fx *out)
{
    fx_value v;
    if (!fx_eval(cx, n, &v))
        return false;
    *out = v.number;
    return true;
}

/* attainment, met, actual (with its default when the call gives one:
 * *fallback), target and has of a criterion or a measure, where the
 * general code finds a value (no error) and the numbers fit. */
static bool fx_measure(const td_member_ctx *cx, const td_node *n, const td_fx *fallback, fx_value *out)
{
    const td_rules *r = cx->rules;
    const td_result *res = cx->res;
    size_t ref = (size_t)n->ref, m = cx->m, measure;
    if (ref < r->criterion_count) {
        unsigned f = res->cells[ref].flags[m];
        if (n->builtin == TD_B_MET) {
            out->boolean = (f & TD_CELL_ATTAINMENT) && (f & TD_CELL_MET);
            return true;
        }
        if (n->builtin == TD_B_ATTAINMENT)
            return (f & TD_CELL_ATTAINMENT) && td_fx_get(&res->cells[ref].attainment, m, &out->number);
        measure = r->criteria[ref].measure_index;
    } else {
        measure = ref - r->criterion_count;
        if (n->builtin == TD_B_MET || n->builtin == TD_B_ATTAINMENT)
            return false; /* of a measure no criterion scores: rare, the general code */
    }
    const td_mcol *col = &res->measures[measure];
    if (n->builtin == TD_B_HAS) {
        out->boolean = (col->flags[m] & TD_CELL_ACTUAL) != 0;
        return true;
    }
    if (n->builtin == TD_B_TARGET)
        return (col->flags[m] & TD_CELL_TARGET) && td_fx_get(&col->target, m, &out->number);
    if (!(col->flags[m] & TD_CELL_ACTUAL) && fallback != NULL) {
        out->number = *fallback;
        return true;
    }
    return (col->flags[m] & TD_CELL_ACTUAL) && td_fx_get(&col->actual, m, &out->number);
}

/* min_share(level) (see above) in 64 bits. */
static bool fx_min_share(const td_member_ctx *cx, long level, td_fx *out)
{
    bool found = false;
    if (level < 0)
        level = TD_LEVEL_LEAF;
    for (size_t i = 0, n = share_count(cx->rules, level); i < n; i++) {
        td_decimal dp, dm;
        td_fx points, max, share;
        if (!share_item(cx, level, i, &dp, &dm))
            continue;
        if (!td_fx_of(dp, &points) || !td_fx_of(dm, &max) || !td_fx_div(points, max, 12, TD_ROUNDING_HALF_UP, &share))
            return false;
        if (!found || td_fx_cmp(share, *out) < 0)
            *out = share;
        found = true;
    }
    return found;
}

/* A count as a number, unless it reaches TD_FX_MAX. Where size_t has 32
 * bits every count is below it (and (size_t)TD_FX_MAX would be 0). */
static bool fx_count(size_t count, td_fx *out)
{
#if SIZE_MAX > UINT32_MAX
    if (count >= (size_t)TD_FX_MAX)
        return false;
#endif
    *out = td_fx_int((int64_t)count);
    return true;
}

static bool fx_data(const td_member_ctx *cx, const td_node *n, fx_value *out)
{
    const td_member_result *mr = &cx->members[cx->m];
    switch (n->builtin) {
    case TD_B_TOTAL: return td_fx_of(mr->total, &out->number);
    case TD_B_BASE: return td_fx_of(mr->base, &out->number);
    case TD_B_BONUS: return td_fx_of(mr->bonus, &out->number);
    case TD_B_DEDUCTION: return td_fx_of(mr->deduction, &out->number);
    case TD_B_RANK: return fx_count(mr->rank, &out->number);
    case TD_B_CLASSIFICATION:
        out->text = mr->classification >= 0 ? cx->rules->classes[mr->classification].id : "";
        return true;
    case TD_B_MEMBERS: return fx_count(cx->n, &out->number);
    case TD_B_IS_LEADER: out->boolean = mr->is_leader; return true;
    case TD_B_IS_DEPUTY: out->boolean = mr->is_deputy; return true;
    case TD_B_GROUP: out->text = mr->group != NULL ? mr->group : ""; return true;
    case TD_B_GROUP_SIZE: out->number = td_fx_int((int64_t)mr->group_size); return true;
    case TD_B_GROUP_RANK: out->number = td_fx_int((int64_t)mr->group_rank); return true;
    case TD_B_ATTAINMENT:
    case TD_B_ACTUAL:
    case TD_B_TARGET:
    case TD_B_HAS:
    case TD_B_MET: return fx_measure(cx, n, NULL, out);
    case TD_B_POINTS: return td_fx_of(points_of(cx, n->ref), &out->number);
    case TD_B_ALL_MET: out->boolean = mr->all_met; return true;
    case TD_B_COUNT_MET: out->number = td_fx_int((int64_t)mr->count_met); return true;
    case TD_B_EVENTS:
        out->number = td_fx_int(mr->event_counts[n->ref]);
        return td_fx_ok(mr->event_counts[n->ref]);
    case TD_B_AWARD: out->boolean = mr->awards[n->ref].status == TD_AWARD_SELECTED; return true;
    case TD_B_MIN_SHARE: return fx_min_share(cx, n->ref, &out->number);
    default: return false; /* history, consecutive: the general code */
    }
}

static bool fx_call(const td_member_ctx *cx, const td_node *n, fx_value *out)
{
    switch (n->builtin) {
    case TD_B_MIN:
    case TD_B_MAX: {
        td_fx best, v;
        if (!fx_number(cx, n->args[0], &best))
            return false;
        for (size_t i = 1; i < n->nargs; i++) {
            if (!fx_number(cx, n->args[i], &v))
                return false;
            best = n->builtin == TD_B_MIN ? td_fx_min(best, v) : td_fx_max(best, v);
        }
        out->number = best;
        return true;
    }
    case TD_B_ABS:
        if (!fx_number(cx, n->args[0], &out->number))
            return false;
        out->number.c = out->number.c < 0 ? -out->number.c : out->number.c;
        return true;
    case TD_B_ROUND: {
        td_fx x, d;
        if (!fx_number(cx, n->args[0], &x) || !fx_number(cx, n->args[1], &d))
            return false;
        d = td_fx_norm(d);
        /* whole places of 0..18, or the general code (and its error) */
        return d.s == 0 && d.c >= 0 && d.c <= 18 && td_fx_round(x, (int)d.c, TD_ROUNDING_HALF_UP, &out->number);
    }
    case TD_B_IF: {
        fx_value cond;
        if (!fx_eval(cx, n->args[0], &cond))
            return false;
        return fx_eval(cx, cond.boolean ? n->args[1] : n->args[2], out);
    }
    default:
        if (n->builtin == TD_B_ACTUAL && n->nargs == 1) {
            /* actual(id, default): the default evaluated first, as the general code does */
            td_fx fallback;
            return fx_number(cx, n->args[0], &fallback) && fx_measure(cx, n, &fallback, out);
        }
        return n->nargs == 0 && fx_data(cx, n, out);
    }
}

static bool fx_arith(const td_member_ctx *cx, const td_node *n, td_fx *acc)
{
    if (!fx_number(cx, n->args[0], acc))
        return false;
    for (size_t i = 1; i < n->nargs; i++) {
        td_fx v;
        bool ok;
        if (!fx_number(cx, n->args[i], &v))
            return false;
        switch (n->ops[i]) {
        case '+': ok = td_fx_add(*acc, v, acc); break;
        case '-': ok = td_fx_sub(*acc, v, acc); break;
        case '*': ok = td_fx_mul(*acc, v, acc); break;
        default: ok = td_fx_div(*acc, v, TD_EXPR_QUOTIENT_PLACES, TD_ROUNDING_HALF_UP, acc); break;
        }
        if (!ok)
            return false;
    }
    return true;
}

static bool fx_equal(const td_node *n, const fx_value *a, const fx_value *b)
{
    switch (n->type) {
    case TD_XT_NUMBER: return td_fx_cmp(a->number, b->number) == 0;
    case TD_XT_BOOL: return a->boolean == b->boolean;
    default: return strcmp(a->text != NULL ? a->text : "", b->text != NULL ? b->text : "") == 0;
    }
}

static bool fx_compare(const td_member_ctx *cx, const td_node *n, fx_value *out)
{
    fx_value a, b;
    const td_node *left = n->args[0];
    if (!fx_eval(cx, left, &a))
        return false;
    if (n->kind == TD_N_IN) {
        const td_node *list = n->args[1];
        out->boolean = false;
        for (size_t i = 0; i < list->nargs && !out->boolean; i++) {
            if (!fx_eval(cx, list->args[i], &b))
                return false;
            out->boolean = fx_equal(left, &a, &b);
        }
        return true;
    }
    if (!fx_eval(cx, n->args[1], &b))
        return false;
    int c = left->type == TD_XT_NUMBER ? td_fx_cmp(a.number, b.number) : 0;
    switch (n->kind) {
    case TD_N_EQ: out->boolean = fx_equal(left, &a, &b); break;
    case TD_N_NE: out->boolean = !fx_equal(left, &a, &b); break;
    case TD_N_LT: out->boolean = c < 0; break;
    case TD_N_LE: out->boolean = c <= 0; break;
    case TD_N_GT: out->boolean = c > 0; break;
    default: out->boolean = c >= 0; break;
    }
    return true;
}

/* eval() of lib/expr/eval.c for the member host, in 64 bits; the tree's
 * height is bounded by the parser's nesting limit, as there. */
static bool fx_eval(const td_member_ctx *cx, const td_node *n, fx_value *out)
{
    fx_value a;
    out->boolean = false;
    out->text = NULL;
    out->number = td_fx_int(0);
    switch (n->kind) {
    case TD_N_NUMBER: return td_fx_of(n->number, &out->number);
    case TD_N_BOOL: out->boolean = n->boolean; return true;
    case TD_N_TEXT: out->text = n->text; return true;
    case TD_N_VAR: {
        const td_mcol *col = &cx->res->measures[n->ref];
        unsigned has = cx->targets ? TD_CELL_TARGET : TD_CELL_ACTUAL;
        return (col->flags[cx->m] & has) && td_fx_get(cx->targets ? &col->target : &col->actual, cx->m, &out->number);
    }
    case TD_N_PARAM: return td_fx_of(cx->res->params[n->ref], &out->number);
    case TD_N_NAME: return fx_data(cx, n, out);
    case TD_N_CALL: return fx_call(cx, n, out);
    case TD_N_NOT:
        if (!fx_eval(cx, n->args[0], &a))
            return false;
        out->boolean = !a.boolean;
        return true;
    case TD_N_NEG:
        if (!fx_eval(cx, n->args[0], &a))
            return false;
        out->number = a.number;
        out->number.c = -a.number.c;
        return true;
    case TD_N_SUM:
    case TD_N_PRODUCT: return fx_arith(cx, n, &out->number);
    case TD_N_AND:
    case TD_N_OR: {
        bool decisive = n->kind == TD_N_OR;
        out->boolean = !decisive;
        for (size_t i = 0; i < n->nargs; i++) {
            if (!fx_eval(cx, n->args[i], &a))
                return false;
            if (a.boolean == decisive) {
                out->boolean = decisive;
                break;
            }
        }
        return true;
    }
    case TD_N_LIST: return false;
    default: return fx_compare(cx, n, out);
    }
}

bool td_member_eval_fast(const td_cexpr *e, const td_member_ctx *cx, td_fx *number, bool *boolean)
{
    fx_value v;
    if (!fx_eval(cx, e->root, &v))
        return false;
    *number = v.number;
    *boolean = v.boolean;
    return true;
}
