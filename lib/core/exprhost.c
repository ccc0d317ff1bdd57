/*
 * What names and functions of the expression language read for a member.
 */
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
    td_mvalue v;
    td_mvalue_get(&v, cx->res, node->ref, cx->m);
    bool has = cx->targets ? v.has_target : v.has_actual;
    if (!has) /* an absent input: the derived measure has no value (not an error) */
        return td_error_set(err, TD_ENOTFOUND, "unit '%s' has no %s for measure '%s'",
                            cx->members[cx->m].unit, cx->targets ? "target" : "actual", node->text);
    out->number = cx->targets ? v.target : v.actual;
    return TD_OK;
}

/* Records of the member (and its predecessors) with this id in period p. */
static bool had(const td_member_result *mr, const char *id, int64_t p)
{
    for (size_t i = 0; i < mr->record_count; i++)
        if (mr->records[i].period == p && strcmp(mr->records[i].id, id) == 0)
            return true;
    return false;
}

static td_status measure_value(const td_member_ctx *cx, const td_node *node, td_xvalue *out,
                               td_error *err)
{
    const td_rules *r = cx->rules;
    const td_member_result *mr = &cx->members[cx->m];
    const char *fn = td_builtin_name(node->builtin);
    bool is_criterion = (size_t)node->ref < r->criterion_count;
    td_decimal t = td_decimal_zero(), a = td_decimal_zero();
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
    case TD_B_TARGET:
        if (!has_t)
            return td_error_set(err, TD_EEVAL, "unit '%s' has no target for '%s'", mr->unit, node->text);
        out->number = t;
        return TD_OK;
    case TD_B_ACTUAL:
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

/* min_share(): the lowest points / max (12 decimals) over the criteria
 * with a max above 0, computed when an expression asks (most rulebooks
 * never do). */
static td_status min_share(const td_member_ctx *cx, td_decimal *out, td_error *err)
{
    const td_rules *r = cx->rules;
    bool found = false;
    for (size_t c = 0; c < r->criterion_count; c++) {
        if (td_decimal_is_zero(r->criteria[c].max))
            continue;
        td_decimal share;
        td_status rc = td_decimal_div(&share, td_numcol_get(&cx->res->cells[c].points, cx->m), r->criteria[c].max, 12,
                                      TD_ROUNDING_HALF_UP, err);
        if (rc != TD_OK)
            return rc;
        if (!found || td_decimal_cmp(share, *out) < 0)
            *out = share;
        found = true;
    }
    if (!found)
        return td_error_set(err, TD_EEVAL, "min_share() has no value: every criterion has max 0");
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
    case TD_B_ATTAINMENT:
    case TD_B_ACTUAL:
    case TD_B_TARGET:
    case TD_B_MET:
        return measure_value(cx, node, out, err);
    case TD_B_POINTS: out->number = td_numcol_get(&cx->res->cells[node->ref].points, cx->m); return TD_OK;
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
            if (strcmp(rec->id, node->text) != 0 || rec->period >= cx->period)
                continue;
            /* the distance back, exact in unsigned arithmetic (period - n may overflow) */
            if ((uint64_t)cx->period - (uint64_t)rec->period > (uint64_t)n)
                continue;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = mr->records[j].period == rec->period && strcmp(mr->records[j].id, rec->id) == 0;
            count += !seen;
        }
        out->number = td_decimal_from_int(count);
        return TD_OK;
    }
    case TD_B_CONSECUTIVE: {
        int64_t k = 0;
        for (int64_t p = cx->period; k < (int64_t)mr->record_count && p > INT64_MIN && had(mr, node->text, p - 1); p--)
            k++;
        out->number = td_decimal_from_int(k);
        return TD_OK;
    }
    case TD_B_MIN_SHARE:
        return min_share(cx, &out->number, err);
    default:
        return td_error_set(err, TD_ERROR, "no data for %s", td_builtin_name(node->builtin));
    }
}

td_expr_host td_member_host(td_member_ctx *ctx)
{
    td_expr_host host = {var, data, ctx};
    return host;
}
