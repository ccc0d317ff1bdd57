/*
 * Totals, classification, ranking and the next leader.
 */
#include <stdio.h>
#include <string.h>

#include "exprhost.h"
#include "fixed.h"
#include "standings.h"

/* ---- totals ---- */

/* Sums points x count of one member's adjustment items of `kind`, each
 * capped by its own max, and explains them ("late_report 1 × 2 = 2").
 * Items in rulebook order, so that the explanation is stable. */
static td_status sum_items(td_eval *ev, size_t m, td_adjustment_kind kind, td_decimal *sum)
{
    const int64_t *counts = ev->members[m].event_counts;
    *sum = td_decimal_zero();
    bool first = true;
    for (size_t i = 0; i < ev->rules->adjustment_count; i++) {
        const td_adjustment *adj = &ev->rules->adjustments[i];
        if (adj->kind != kind || counts[i] == 0)
            continue;
        td_decimal amount;
        TRY(td_decimal_mul(&amount, adj->points, td_decimal_from_int(counts[i]), ev->err));
        td_eval_both(ev, "%s%s ", first ? "" : " + ", adj->id);
        if (adj->has_max) {
            td_eval_lit(ev, "min(");
            td_eval_decimal(ev, adj->max);
            td_eval_lit(ev, ", ");
        }
        td_eval_decimal(ev, adj->points);
        td_eval_both(ev, " × %lld", (long long)counts[i]);
        if (adj->has_max) {
            td_eval_lit(ev, ")");
            amount = td_decimal_min(amount, adj->max);
        }
        TRY(td_decimal_add(sum, *sum, amount, ev->err));
        first = false;
    }
    return TD_OK;
}

/* true when member m has an event of an item of `kind`. */
static bool has_items(const td_eval *ev, size_t m, td_adjustment_kind kind)
{
    for (size_t i = 0; i < ev->rules->adjustment_count; i++)
        if (ev->rules->adjustments[i].kind == kind && ev->members[m].event_counts[i] > 0)
            return true;
    return false;
}

static td_status member_totals(td_eval *ev, size_t m)
{
    const td_rules *r = ev->rules;
    td_member_result *mr = &ev->members[m];
    /* base: sections, each capped; a group node's children add up into
     * it, capped at its max, and it into its parent (1.1): nodes come after
     * their parent, so a backward pass adds children before parents */
    td_eval_phrase(ev, TD_PH_BASE);
    mr->base = td_decimal_zero();
    for (size_t s = 0; s < r->section_count; s++)
        mr->section_points[s] = td_decimal_zero();
    for (size_t k = 0; k < r->node_count; k++)
        mr->node_points[k] = td_decimal_zero();
    for (size_t c = 0; c < r->criterion_count; c++) {
        const td_criterion *cr = &r->criteria[c];
        td_decimal *sum = cr->parent == TD_NONE ? &mr->section_points[cr->section] : &mr->node_points[cr->parent];
        TRY(td_decimal_add(sum, *sum, td_numcol_get(&ev->result->cells[c].points, m), ev->err));
    }
    for (size_t k = r->node_count; k-- > 0;) {
        const td_cnode *nd = &r->nodes[k];
        td_decimal *sum = nd->parent == TD_NONE ? &mr->section_points[nd->section] : &mr->node_points[nd->parent];
        TRY(td_decimal_add(sum, *sum, td_decimal_min(mr->node_points[k], nd->max), ev->err));
    }
    for (size_t s = 0; s < r->section_count; s++) {
        td_decimal sum = mr->section_points[s];
        const td_section *sec = &r->sections[s];
        td_decimal capped = sec->has_max ? td_decimal_min(sum, sec->max) : sum;
        mr->section_points[s] = capped;
        TRY(td_decimal_add(&mr->base, mr->base, capped, ev->err));
        td_eval_both(ev, "%s%s ", s == 0 ? "= " : " + ", sec->id);
        if (sec->has_max && td_decimal_cmp(sum, sec->max) > 0) {
            td_eval_lit(ev, "min(");
            td_eval_decimal(ev, sec->max);
            td_eval_lit(ev, ", ");
            td_eval_decimal(ev, sum);
            td_eval_lit(ev, ") = ");
        }
        td_eval_decimal(ev, capped);
    }
    td_eval_lit(ev, " = ");
    td_eval_decimal(ev, mr->base);
    if (r->node_count > 0)
        td_eval_phrase(ev, TD_PH_NODES);
    /* level-2 nodes in brackets after their level-1 node: "I2 147.5 (ntm 87.5), I3 …" */
    bool inner = false;
    for (size_t k = 0; k < r->node_count; k++) {
        const td_cnode *nd = &r->nodes[k];
        td_decimal sum = mr->node_points[k];
        mr->node_points[k] = td_decimal_min(sum, nd->max);
        const char *sep = k == 0 ? "" : ", ";
        if (nd->level > 1 && !inner)
            sep = " (";
        else if (nd->level == 1 && inner)
            sep = "), ";
        inner = nd->level > 1;
        td_eval_both(ev, "%s%s ", sep, nd->id);
        if (td_decimal_cmp(sum, nd->max) > 0) {
            td_eval_lit(ev, "min(");
            td_eval_decimal(ev, nd->max);
            td_eval_lit(ev, ", ");
            td_eval_decimal(ev, sum);
            td_eval_lit(ev, ") = ");
        }
        td_eval_decimal(ev, mr->node_points[k]);
    }
    if (inner)
        td_eval_lit(ev, ")");

    /* bonus: criterion bonus plus bonus items, capped overall */
    td_decimal crit_bonus = td_decimal_zero(), items;
    for (size_t c = 0; c < r->criterion_count; c++)
        if (ev->rules->criteria[c].has_bonus) /* otherwise none, and no column */
            TRY(td_decimal_add(&crit_bonus, crit_bonus, td_numcol_get(&ev->result->cells[c].bonus, m), ev->err));
    td_eval_phrase(ev, TD_PH_BONUS_IS);
    if (r->has_bonus_max) {
        td_eval_lit(ev, "min(");
        td_eval_decimal(ev, r->bonus_max);
        td_eval_lit(ev, ", ");
    }
    td_eval_phrase(ev, TD_PH_CRITERIA);
    td_eval_decimal(ev, crit_bonus);
    items = td_decimal_zero();
    if (has_items(ev, m, TD_ADJUSTMENT_BONUS)) {
        td_eval_lit(ev, " + ");
        TRY(sum_items(ev, m, TD_ADJUSTMENT_BONUS, &items));
    }
    TRY(td_decimal_add(&mr->bonus, crit_bonus, items, ev->err));
    if (r->has_bonus_max) {
        mr->bonus = td_decimal_min(mr->bonus, r->bonus_max);
        td_eval_lit(ev, ")");
    }
    td_eval_lit(ev, " = ");
    td_eval_decimal(ev, mr->bonus);

    /* deduction: the items, each capped by its own max */
    td_eval_phrase(ev, TD_PH_DEDUCTION_IS);
    mr->deduction = td_decimal_zero();
    if (has_items(ev, m, TD_ADJUSTMENT_DEDUCTION)) {
        TRY(sum_items(ev, m, TD_ADJUSTMENT_DEDUCTION, &mr->deduction));
        td_eval_lit(ev, " = ");
    }
    td_eval_decimal(ev, mr->deduction);

    /* total = max(0, base + bonus - deduction) */
    td_decimal t;
    TRY(td_decimal_add(&t, mr->base, mr->bonus, ev->err));
    TRY(td_decimal_sub(&t, t, mr->deduction, ev->err));
    mr->total = td_decimal_max(td_decimal_zero(), t);
    td_eval_phrase(ev, TD_PH_TOTAL_IS_MAX);
    td_eval_decimal(ev, mr->base);
    td_eval_lit(ev, " + ");
    td_eval_decimal(ev, mr->bonus);
    td_eval_lit(ev, " − ");
    td_eval_decimal(ev, mr->deduction);
    td_eval_lit(ev, ") = ");
    td_eval_decimal(ev, mr->total);

    return td_eval_keep_text(ev, TD_MEMBER_TEXT(mr, explain));
}

/* The sum of member m's adjustment items of `kind` (sum_items() in 64 bits). */
static bool items_fast(const td_eval *ev, size_t m, td_adjustment_kind kind, td_fx *sum)
{
    const int64_t *counts = ev->members[m].event_counts;
    *sum = td_fx_int(0);
    for (size_t i = 0; i < ev->rules->adjustment_count; i++) {
        const td_adjustment *adj = &ev->rules->adjustments[i];
        td_fx points, amount, max;
        if (adj->kind != kind || counts[i] == 0)
            continue;
        if (!td_fx_ok(counts[i]) || !td_fx_of(adj->points, &points) ||
            !td_fx_mul(points, td_fx_int(counts[i]), &amount))
            return false;
        if (adj->has_max) {
            if (!td_fx_of(adj->max, &max))
                return false;
            amount = td_fx_min(amount, max);
        }
        if (!td_fx_add(*sum, amount, sum))
            return false;
    }
    return true;
}

/* Sections with more than this many members' sums use the general code. */
#define FAST_SECTIONS 64

/* The end of member_totals() in 64 bits, from member m's criterion sums
 * by section and by group node and its criteria's bonus: the caps, the
 * items, the total; false (nothing written) when a number does not fit. */
static bool finish_totals(td_eval *ev, size_t m, td_fx *sums, td_fx *nodes, td_fx crit_bonus)
{
    const td_rules *r = ev->rules;
    size_t ns = r->section_count, nn = r->node_count;
    td_fx base = td_fx_int(0), items, bonus, deduction, total;
    for (size_t k = nn; k-- > 0;) {
        const td_cnode *nd = &r->nodes[k];
        td_fx max, *sum = nd->parent == TD_NONE ? &sums[nd->section] : &nodes[nd->parent];
        if (!td_fx_of(nd->max, &max))
            return false;
        nodes[k] = td_fx_min(nodes[k], max);
        if (!td_fx_add(*sum, nodes[k], sum))
            return false;
    }
    for (size_t s = 0; s < ns; s++) {
        td_fx max;
        if (r->sections[s].has_max) {
            if (!td_fx_of(r->sections[s].max, &max))
                return false;
            sums[s] = td_fx_min(sums[s], max);
        }
        if (!td_fx_add(base, sums[s], &base))
            return false;
    }
    if (!items_fast(ev, m, TD_ADJUSTMENT_BONUS, &items) || !td_fx_add(crit_bonus, items, &bonus))
        return false;
    if (r->has_bonus_max) {
        td_fx max;
        if (!td_fx_of(r->bonus_max, &max))
            return false;
        bonus = td_fx_min(bonus, max);
    }
    if (!items_fast(ev, m, TD_ADJUSTMENT_DEDUCTION, &deduction) || !td_fx_add(base, bonus, &total) ||
        !td_fx_sub(total, deduction, &total))
        return false;
    td_member_result *mr = &ev->members[m];
    for (size_t s = 0; s < ns; s++)
        mr->section_points[s] = td_fx_decimal(sums[s]);
    for (size_t k = 0; k < nn; k++)
        mr->node_points[k] = td_fx_decimal(nodes[k]);
    mr->base = td_fx_decimal(base);
    mr->bonus = td_fx_decimal(bonus);
    mr->deduction = td_fx_decimal(deduction);
    mr->total = td_fx_decimal(td_fx_max(td_fx_int(0), total));
    return true;
}

/* Sections or group nodes beyond this many use the general code. */
#define FAST_SECTIONS 64

/* member_totals() in 64 bits, without text: false (nothing written) when
 * a number does not fit, and the general code computes them all. */
static bool totals_fast(td_eval *ev, size_t m)
{
    const td_rules *r = ev->rules;
    const td_result *res = ev->result;
    size_t ns = r->section_count, nn = r->node_count;
    td_fx sums[FAST_SECTIONS], nodes[FAST_SECTIONS], crit_bonus = td_fx_int(0);
    if (ns > FAST_SECTIONS || nn > FAST_SECTIONS)
        return false;
    for (size_t s = 0; s < ns; s++)
        sums[s] = td_fx_int(0);
    for (size_t k = 0; k < nn; k++)
        nodes[k] = td_fx_int(0);
    for (size_t c = 0; c < r->criterion_count; c++) {
        td_fx points, extra;
        const td_criterion *cr = &r->criteria[c];
        td_fx *sum = cr->parent == TD_NONE ? &sums[cr->section] : &nodes[cr->parent];
        if (!td_fx_get(&res->cells[c].points, m, &points) || !td_fx_add(*sum, points, sum))
            return false;
        if (cr->has_bonus && /* otherwise none, and no column */
            (!td_fx_get(&res->cells[c].bonus, m, &extra) || !td_fx_add(crit_bonus, extra, &crit_bonus)))
            return false;
    }
    return finish_totals(ev, m, sums, nodes, crit_bonus);
}

/* Members summed together, column by column, by sum_columns(). */
#define TOTALS_BLOCK 256

/* Adds column `col` of members [lo, lo + count) at scale `places` into
 * acc[0 .. count): false when a value is wide, has more decimals, or a
 * sum leaves 62 bits. */
static bool add_column(const td_numcol *col, size_t lo, size_t count, int places, int64_t *acc)
{
    bool ok = true;
    for (size_t i = 0; i < count; i++) {
        int s = col->scale[lo + i];
        int64_t v;
        if (s < 0 || s > places) /* TD_NUMCOL_WIDE among them */
            return false;
        ok &= !__builtin_mul_overflow(col->coef[lo + i], td_fx_pow10[places - s], &v);
        ok &= !__builtin_add_overflow(acc[i], v, &acc[i]);
        ok &= td_fx_ok(acc[i]);
    }
    return ok;
}

/* The criterion sums of members [lo, lo + count), column by column at the
 * rulebook's precision (every points and bonus value is rounded to it):
 * acc holds (sections + nodes + 1) rows of TOTALS_BLOCK sums, the last
 * the criteria's bonus. false when a value does not fit (the members then
 * go one by one). */
static bool sum_columns(td_eval *ev, size_t lo, size_t count, int64_t *acc)
{
    const td_rules *r = ev->rules;
    const td_result *res = ev->result;
    size_t rows = r->section_count + r->node_count + 1;
    memset(acc, 0, rows * TOTALS_BLOCK * sizeof *acc);
    for (size_t c = 0; c < r->criterion_count; c++) {
        const td_criterion *cr = &r->criteria[c];
        size_t row = cr->parent == TD_NONE ? cr->section : r->section_count + cr->parent;
        if (!add_column(&res->cells[c].points, lo, count, r->precision, acc + row * TOTALS_BLOCK))
            return false;
        /* a criterion without a bonus has none in any cell */
        if (cr->has_bonus &&
            !add_column(&res->cells[c].bonus, lo, count, r->precision, acc + (rows - 1) * TOTALS_BLOCK))
            return false;
    }
    return true;
}

static td_status member_totals_general(td_eval *ev, size_t m)
{
    if (ev->fast && !ev->say)
        atomic_fetch_add_explicit(&ev->result->general_path, 1, memory_order_relaxed);
    td_status rc = member_totals(ev, m);
    if (rc == TD_ERANGE)
        return td_error_prefix(ev->err, rc, "totals of unit '%s'", ev->members[m].unit);
    return rc;
}

/* Totals of members [lo, hi) without text, TOTALS_BLOCK at a time. */
static td_status totals_fast_range(td_eval *ev, size_t lo, size_t hi)
{
    const td_rules *r = ev->rules;
    size_t ns = r->section_count, nn = r->node_count, rows = ns + nn + 1;
    const td_allocator *a = &ev->result->arena.alloc;
    int64_t *acc = NULL;
    if (ns <= FAST_SECTIONS && nn <= FAST_SECTIONS && r->precision <= 18)
        acc = td_alloc(a, rows * TOTALS_BLOCK * sizeof *acc); /* none: one by one */
    td_status rc = TD_OK;
    for (size_t start = lo; start < hi && rc == TD_OK; start += TOTALS_BLOCK) {
        size_t count = hi - start < TOTALS_BLOCK ? hi - start : TOTALS_BLOCK;
        bool block = acc != NULL && sum_columns(ev, start, count, acc);
        for (size_t i = 0; i < count && rc == TD_OK; i++) {
            size_t m = start + i;
            td_fx sums[FAST_SECTIONS], nodes[FAST_SECTIONS];
            bool done;
            if (block) {
                for (size_t s = 0; s < ns; s++)
                    sums[s] = (td_fx){acc[s * TOTALS_BLOCK + i], r->precision};
                for (size_t k = 0; k < nn; k++)
                    nodes[k] = (td_fx){acc[(ns + k) * TOTALS_BLOCK + i], r->precision};
                done = finish_totals(ev, m, sums, nodes, (td_fx){acc[(rows - 1) * TOTALS_BLOCK + i], r->precision});
            } else {
                done = totals_fast(ev, m);
            }
            if (!done)
                rc = member_totals_general(ev, m);
        }
    }
    td_dealloc(a, acc);
    return rc;
}

static td_status totals_of(td_eval *ev, void *ctx, size_t lo, size_t hi)
{
    (void)ctx;
    if (ev->fast && !ev->say)
        return totals_fast_range(ev, lo, hi);
    for (size_t m = lo; m < hi; m++)
        TRY(member_totals_general(ev, m));
    return TD_OK;
}

td_status td_compute_totals(td_eval *ev)
{
    return td_eval_members(ev, totals_of, NULL);
}

/* ---- classification ---- */

/* Evaluates a condition for member m into *holds and explains it: "<sep><the
 * values that make it hold>" or " but <the failing part with its values>". */
static td_status condition(td_eval *ev, const td_cexpr *e, size_t m, const char *sep, bool *holds)
{
    td_member_ctx cx = {ev->result, ev->rules, ev->members, ev->n, m, ev->cluster->period, false};
    td_fx unused;
    if (ev->fast && !ev->say) {
        if (td_member_eval_fast(e, &cx, &unused, holds))
            return TD_OK; /* nothing to explain */
        atomic_fetch_add_explicit(&ev->result->general_path, 1, memory_order_relaxed);
    }
    td_expr_host host = td_member_host(&cx);
    td_xvalue v;
    TRY(td_cexpr_eval(e, &host, &v, ev->err));
    *holds = v.boolean;
    if (v.boolean)
        td_eval_both(ev, "%s", sep);
    else
        td_eval_phrase(ev, TD_PH_CONDITION_FAILS);
    return td_eval_explain(ev, e, &host);
}

/* Classifies members [lo, hi). */
static td_status classify_members(td_eval *ev, void *ctx, size_t lo, size_t hi)
{
    (void)ctx;
    const td_rules *r = ev->rules;
    for (size_t m = lo; m < hi; m++) {
        td_member_result *mr = &ev->members[m];
        td_eval_phrase(ev, TD_PH_TOTAL);
        td_eval_decimal(ev, mr->total);
        for (size_t k = 0; k < r->class_count; k++) {
            const td_class_entry *e = &r->classes[k];
            if (e->has_min && td_decimal_cmp(mr->total, e->min) < 0) {
                td_eval_lit(ev, " < ");
                td_eval_decimal(ev, e->min);
                td_eval_both(ev, " (%s);", e->id);
                continue;
            }
            if (e->has_min) {
                td_eval_lit(ev, " ≥ ");
                td_eval_decimal(ev, e->min);
            }
            if (e->when != NULL) {
                bool holds;
                /* after "(id);" of an entry passed over, no comma */
                td_status rc = condition(ev, e->when, m, k > 0 && !e->has_min ? " " : ", ", &holds);
                if (rc != TD_OK)
                    return td_error_prefix(ev->err, rc, "classification '%s' of unit '%s'", e->id, mr->unit);
                if (!holds) {
                    td_eval_both(ev, " (%s);", e->id);
                    continue;
                }
            }
            td_eval_both(ev, " → %s", e->id);
            if (e->name[0] != '\0')
                td_eval_both(ev, " (%s)", e->name);
            mr->classification = (int32_t)k; /* classes: at most the rulebook's criteria limit */
            break;
        }
        TRY(td_eval_keep_text(ev, TD_MEMBER_TEXT(mr, class_explain)));
    }
    return TD_OK;
}

td_status td_classify(td_eval *ev)
{
    if (ev->rules->class_count == 0)
        return TD_OK;
    return td_eval_members(ev, classify_members, NULL);
}

/* ---- ranking ---- */

/* Fills v with the ranking keys of every member: key k of member m at
 * [m * keys + k], booleans as 1 and 0 and ascending keys negated, so that
 * higher is better. */
typedef struct key_job {
    size_t keys;
    td_decimal *v;
} key_job;

/* The ranking keys of members [lo, hi) (a stage of member ranges). */
static td_status key_range(td_eval *ev, void *ctx, size_t lo, size_t hi)
{
    const key_job *job = ctx;
    size_t keys = job->keys;
    td_decimal *v = job->v;
    const td_rules *r = ev->rules;
    for (size_t m = lo; m < hi; m++) {
        for (size_t k = 0; k < keys; k++) {
            td_decimal x = ev->members[m].total;
            if (r->rank_key_count > 0) {
                td_member_ctx cx = {ev->result, r, ev->members, ev->n, m, ev->period, false};
                const td_cexpr *e = r->rank_keys[k].expr;
                td_fx number;
                bool boolean;
                if (ev->fast && td_member_eval_fast(e, &cx, &number, &boolean)) {
                    x = e->root->type == TD_XT_BOOL ? td_decimal_from_int(boolean) : td_fx_decimal(number);
                    v[m * keys + k] = r->rank_keys[k].descending ? x : td_decimal_neg(x);
                    continue;
                }
                if (ev->fast)
                    atomic_fetch_add_explicit(&ev->result->general_path, 1, memory_order_relaxed);
                td_expr_host host = td_member_host(&cx);
                td_xvalue val;
                td_status rc = td_cexpr_eval(r->rank_keys[k].expr, &host, &val, ev->err);
                if (rc != TD_OK)
                    return td_error_prefix(ev->err, rc, "ranking key of unit '%s'", ev->members[m].unit);
                x = val.type == TD_XT_BOOL ? td_decimal_from_int(val.boolean) : val.number;
                if (!r->rank_keys[k].descending)
                    x = td_decimal_neg(x);
            }
            v[m * keys + k] = x;
        }
    }
    return TD_OK;
}

static td_status key_values(td_eval *ev, size_t keys, td_decimal *v)
{
    key_job job = {keys, v};
    return td_eval_members(ev, key_range, &job);
}

static int compare_keys(const td_decimal *a, const td_decimal *b, size_t keys)
{
    for (size_t k = 0; k < keys; k++) {
        int c = td_decimal_cmp(a[k], b[k]);
        if (c != 0)
            return c;
    }
    return 0;
}

typedef struct key_table {
    const td_decimal *v;
    size_t keys;
} key_table;

/* Better keys first. */
static int by_keys(const void *ctx, size_t a, size_t b)
{
    const key_table *t = ctx;
    return compare_keys(&t->v[b * t->keys], &t->v[a * t->keys], t->keys);
}

typedef struct ranking {
    const td_member_result *members;
    const size_t *order; /* member indices, best first */
} ranking;

/* The unit of the i-th member in ranking order. */
static const char *ranked_unit(const void *ctx, size_t i)
{
    const ranking *r = ctx;
    return r->members[r->order[i]].unit;
}

/* Ranks within groups (rulebook 1.1): the members taken in the order of
 * the ranking, each group counting its own; equal keys share a rank. */
static td_status group_ranks(td_eval *ev, const key_table *table, const size_t *order)
{
    if (ev->group_of == NULL)
        return TD_OK;
    size_t groups = ev->group_count;
    size_t *seen = td_arena_alloc(&ev->result->arena, 2 * groups * sizeof *seen + 1);
    if (seen == NULL)
        return td_error_nomem(ev->err);
    size_t *last = seen + groups;
    for (size_t g = 0; g < groups; g++)
        last[g] = TD_NONE;
    for (size_t i = 0; i < ev->n; i++) {
        size_t m = order[i], g = ev->group_of[m];
        if (g == TD_NONE)
            continue;
        seen[g]++;
        td_member_result *mr = &ev->members[m];
        mr->group_rank = last[g] != TD_NONE && by_keys(table, last[g], m) == 0 ? ev->members[last[g]].group_rank
                                                                              : (uint32_t)seen[g];
        last[g] = m;
    }
    return TD_OK;
}

/* Key k of every member as a 64-bit sort key, better first: the values at
 * the column's largest scale; false when one does not fit in 62 bits. */
static bool sort_keys(const key_table *t, size_t n, size_t k, uint64_t *out)
{
    int scale = 0;
    for (size_t m = 0; m < n; m++) {
        td_fx x;
        if (!td_fx_of(t->v[m * t->keys + k], &x))
            return false;
        scale = x.s > scale ? x.s : scale;
    }
    for (size_t m = 0; m < n; m++) {
        td_fx x;
        int64_t c;
        if (!td_fx_of(t->v[m * t->keys + k], &x) || !td_fx_at(x, scale, &c))
            return false;
        out[m] = ((uint64_t)1 << 63) - (uint64_t)c; /* higher first, as unsigned (|c| < 2^62) */
    }
    return true;
}

/* The stable sort of `order` (0 .. n-1) by_keys() gives, by radix sorts
 * of 64-bit keys, the last key first (each pass stable); false, order
 * untouched, when a key does not fit or memory runs out. */
static bool sort_fast(td_eval *ev, const key_table *t, size_t *order)
{
    size_t n = ev->n;
    const td_allocator *a = &ev->result->arena.alloc;
    if (n > SIZE_MAX / 4 / sizeof(uint64_t))
        return false;
    uint64_t *mkeys = td_alloc(a, 3 * n * sizeof(uint64_t) + 1), *keys = mkeys + n;
    size_t *scratch = td_alloc(a, n * sizeof(size_t) + 1);
    bool ok = mkeys != NULL && scratch != NULL;
    for (size_t k = t->keys; ok && k-- > 0;) {
        ok = sort_keys(t, n, k, mkeys);
        for (size_t i = 0; ok && i < n; i++)
            keys[i] = mkeys[order[i]];
        if (ok)
            td_sort_by_keys(order, keys, n, scratch, keys + n);
    }
    if (!ok)
        for (size_t m = 0; m < n; m++)
            order[m] = m;
    td_dealloc(a, mkeys);
    td_dealloc(a, scratch);
    return ok;
}

td_status td_rank(td_eval *ev)
{
    const td_rules *r = ev->rules;
    size_t n = ev->n;
    size_t keys = r->rank_key_count > 0 ? r->rank_key_count : 1;
    if (n > SIZE_MAX / keys / sizeof(td_decimal))
        return td_error_nomem(ev->err);
    td_decimal *v = td_arena_alloc(&ev->result->arena, n * keys * sizeof(td_decimal));
    size_t *order = td_arena_alloc(&ev->result->arena, 2 * n * sizeof(size_t));
    if (v == NULL || order == NULL)
        return td_error_nomem(ev->err);
    TRY(key_values(ev, keys, v));
    /* Sorting makes ranking O(n log n): a block of thousands of members
     * must not cost n² comparisons. The sort is stable, so tied members
     * stay in cluster order, as their explanations list them. */
    key_table table = {v, keys};
    for (size_t m = 0; m < n; m++)
        order[m] = m;
    if (!ev->fast || !sort_fast(ev, &table, order))
        td_sort_indices(order, n, by_keys, &table, order + n);
    ev->rank_order = order;
    for (size_t gs = 0, ge; gs < n; gs = ge) {
        for (ge = gs + 1; ge < n && by_keys(&table, order[gs], order[ge]) == 0; ge++)
            ;
        for (size_t i = gs; i < ge; i++) {
            size_t m = order[i];
            td_member_result *mr = &ev->members[m];
            mr->rank = (uint32_t)(gs + 1); /* below UINT32_MAX members: td_evaluate() */
            if (r->rank_key_count == 0) {
                td_eval_phrase(ev, TD_PH_TOTAL);
                td_eval_decimal(ev, mr->total);
            } else {
                for (size_t k = 0; k < keys; k++) {
                    /* "tổng điểm 96.66, số chỉ tiêu đạt 6"; as formulas "total = 96.66, count_met() = 6" */
                    td_decimal x = r->rank_keys[k].descending ? v[m * keys + k]
                                                              : td_decimal_neg(v[m * keys + k]);
                    td_eval_both(ev, "%s", k == 0 ? "" : ", ");
                    td_eval_key(ev, r->rank_keys[k].expr, r->rank_keys[k].text, x);
                    if (r->rank_keys[k].descending)
                        continue;
                    if (ev->formulas)
                        td_eval_lit(ev, " (asc)");
                    else
                        td_eval_phrase(ev, TD_PH_RANK_ASCENDING);
                }
            }
            td_eval_phrasef(ev, TD_PH_RANK_OF, (size_t)mr->rank, n);
            if (ge - gs > 1) {
                const ranking by = {ev->members, order};
                td_eval_phrase(ev, TD_PH_RANK_SHARED_WITH);
                td_eval_units(ev, ranked_unit, &by, gs, ge, i, " ");
                td_eval_lit(ev, ")");
            }
            TRY(td_eval_keep_text(ev, TD_MEMBER_TEXT(mr, rank_explain)));
        }
    }
    return group_ranks(ev, &table, order);
}

/* ---- next leader ---- */

static long member_index(const td_eval *ev, const char *unit)
{
    size_t m;
    return td_map_get_str(&ev->cluster->member_index, unit, &m) ? (long)m : -1;
}

/* The rotation order lists every member once ("rotation", "the deputy
 * rotation", "succession" in messages). */
static td_status check_order(td_eval *ev, const char *rule)
{
    const td_rules *r = ev->rules;
    const td_cluster *cl = ev->cluster;
    for (size_t i = 0; i < r->leader_count; i++)
        if (member_index(ev, r->leader_order[i]) < 0)
            return td_error_set(ev->err, TD_EDATA, "the %s order names '%s', which is not a member of cluster '%s'",
                                rule, r->leader_order[i], cl->id);
    for (size_t m = 0; m < cl->member_count; m++) {
        bool listed = false;
        for (size_t i = 0; i < r->leader_count && !listed; i++)
            listed = strcmp(r->leader_order[i], cl->members[m].id) == 0;
        if (!listed)
            return td_error_set(ev->err, TD_EDATA,
                                "the %s order must list every member of cluster '%s' once; '%s' is missing", rule,
                                cl->id, cl->members[m].id);
    }
    return TD_OK;
}

/* The place of `unit` in the order (check_order() ran). */
static size_t order_at(const td_rules *r, const char *unit)
{
    size_t at = 0;
    while (strcmp(r->leader_order[at], unit) != 0)
        at++;
    return at;
}

static void say_order(td_eval *ev)
{
    for (size_t i = 0; i < ev->rules->leader_count; i++)
        td_eval_both(ev, "%s%s", i == 0 ? "" : ", ", ev->rules->leader_order[i]);
    td_eval_lit(ev, "]");
}

static td_status rotation(td_eval *ev, long *next)
{
    const td_rules *r = ev->rules;
    const td_cluster *cl = ev->cluster;
    if (cl->leader < 0)
        return td_error_set(ev->err, TD_EDATA,
                            "the rotation rule needs the current leader of cluster '%s'", cl->id);
    /* the builder refuses duplicates, so listing every member makes a permutation */
    TRY(check_order(ev, "rotation"));
    const char *current = cl->members[cl->leader].id;
    const char *chosen = r->leader_order[(order_at(r, current) + 1) % r->leader_count];
    *next = member_index(ev, chosen);
    td_eval_phrasef(ev, TD_PH_ROTATION, current, chosen);
    say_order(ev);
    return TD_OK;
}

/* Unit ids in code-point order, the order results use. */
static int by_unit(const void *ctx, size_t a, size_t b)
{
    const td_member_result *members = ctx;
    return strcmp(members[a].unit, members[b].unit);
}

/* The ids of the tied members, quoted and comma-separated; whole ids only,
 * then "...", when they do not all fit (a cut id could end inside a
 * character). */
static void tied_text(const td_eval *ev, const size_t *tied, size_t count, char *out, size_t size)
{
    size_t len = 0, room = size - (sizeof ", ..." - 1); /* the ellipsis always fits after */
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        int n = snprintf(out + len, room - len, "%s'%s'", len == 0 ? "" : ", ", ev->members[tied[i]].unit);
        if (n < 0 || (size_t)n >= room - len) {
            snprintf(out + len, size - len, "%s...", len == 0 ? "" : ", ");
            return;
        }
        len += (size_t)n;
    }
}

static td_status top_rank(td_eval *ev, long *next)
{
    const td_cluster *cl = ev->cluster;
    size_t firsts = 0;
    long only = -1;
    for (size_t m = 0; m < ev->n; m++)
        if (ev->members[m].rank == 1) {
            firsts++;
            only = (long)m;
        }
    if (firsts == 1) {
        *next = only;
        td_eval_phrasef(ev, TD_PH_RANKED_FIRST, ev->members[only].unit);
        return TD_OK;
    }
    /* the tied members by unit id, sorted once (a tie may be large) */
    size_t *tied = td_arena_alloc(&ev->result->arena, 2 * firsts * sizeof(size_t));
    if (tied == NULL)
        return td_error_nomem(ev->err);
    for (size_t m = 0, k = 0; m < ev->n; m++)
        if (ev->members[m].rank == 1)
            tied[k++] = m;
    td_sort_indices(tied, firsts, by_unit, ev->members, tied + firsts);
    char names[256];
    tied_text(ev, tied, firsts, names, sizeof names);
    if (cl->next_leader < 0)
        return td_error_set(ev->err, TD_EDATA,
                            "%s share rank 1, so the top_rank leader rule needs next_leader in the data "
                            "naming one of them",
                            names);
    if (ev->members[cl->next_leader].rank != 1)
        return td_error_set(ev->err, TD_EDATA,
                            "next_leader '%s' is not one of the members that share rank 1 (%s)",
                            cl->members[cl->next_leader].id, names);
    *next = cl->next_leader;
    td_eval_phrase(ev, TD_PH_RANK_1_SHARED_BY);
    for (size_t i = 0; i < firsts; i++)
        td_eval_both(ev, "%s%s", i == 0 ? "" : ", ", ev->members[tied[i]].unit);
    td_eval_phrasef(ev, TD_PH_DATA_NAMES, cl->members[cl->next_leader].id);
    return TD_OK;
}

/* The next deputy (rulebook 1.1) once the next leader (-1: none) is known. */
static td_status choose_deputy(td_eval *ev, long leader)
{
    const td_rules *r = ev->rules;
    const td_cluster *cl = ev->cluster;
    long next = -1;
    switch (r->deputy_rule) {
    case TD_DEPUTY_RULE_NONE: return TD_OK;
    case TD_DEPUTY_RULE_ROTATION: {
        if (cl->deputy < 0)
            return td_error_set(ev->err, TD_EDATA, "the rotation deputy rule needs the current deputy of cluster '%s'",
                                cl->id);
        TRY(check_order(ev, "deputy rotation"));
        const char *current = cl->members[cl->deputy].id;
        size_t at = (order_at(r, current) + 1) % r->leader_count;
        const char *skipped = NULL;
        if (leader >= 0 && strcmp(r->leader_order[at], cl->members[leader].id) == 0) {
            skipped = r->leader_order[at];
            at = (at + 1) % r->leader_count;
        }
        next = member_index(ev, r->leader_order[at]);
        if (cl->kind == TD_CLUSTER_BLOCK)
            td_eval_phrasef(ev, TD_PH_DEPUTY_ROTATION_BLOCK, current, r->leader_order[at]);
        else
            td_eval_phrasef(ev, TD_PH_DEPUTY_ROTATION, current, r->leader_order[at]);
        say_order(ev);
        if (skipped != NULL && cl->kind == TD_CLUSTER_BLOCK)
            td_eval_phrasef(ev, TD_PH_SKIPS_NEXT_LEADER_BLOCK, skipped);
        else if (skipped != NULL)
            td_eval_phrasef(ev, TD_PH_SKIPS_NEXT_LEADER, skipped);
        break;
    }
    case TD_DEPUTY_RULE_SUCCESSION:
    case TD_DEPUTY_RULE_ELECTION:
        if (r->deputy_rule == TD_DEPUTY_RULE_SUCCESSION && r->leader_count > 0) {
            TRY(check_order(ev, "succession"));
            const char *new_leader = cl->members[leader].id;
            const char *chosen = r->leader_order[(order_at(r, new_leader) + 1) % r->leader_count];
            next = member_index(ev, chosen);
            if (cl->kind == TD_CLUSTER_BLOCK)
                td_eval_phrasef(ev, TD_PH_AFTER_NEW_LEADER_BLOCK, new_leader, chosen);
            else
                td_eval_phrasef(ev, TD_PH_AFTER_NEW_LEADER, new_leader, chosen);
            say_order(ev);
            break;
        }
        /* election, and succession without an order: the data names the next deputy */
        if (cl->next_deputy < 0)
            return td_error_set(ev->err, TD_EDATA, "the %s deputy rule needs next_deputy in the data of cluster '%s'",
                                r->deputy_rule == TD_DEPUTY_RULE_ELECTION ? "election" : "succession", cl->id);
        next = cl->next_deputy;
        if (cl->kind == TD_CLUSTER_BLOCK)
            td_eval_phrasef(ev, TD_PH_DEPUTY_ELECTED_BLOCK, cl->members[next].id);
        else
            td_eval_phrasef(ev, TD_PH_DEPUTY_ELECTED, cl->members[next].id);
        break;
    }
    if (cl->next_deputy >= 0 && cl->next_deputy != next)
        return td_error_set(ev->err, TD_EDATA,
                            "next_deputy '%s' in the data of cluster '%s' contradicts the deputy rule, which chooses "
                            "'%s'",
                            cl->members[cl->next_deputy].id, cl->id, cl->members[next].id);
    if (next == leader)
        return td_error_set(ev->err, TD_EDATA, "unit '%s' would be both the next leader and the next deputy of "
                            "cluster '%s'",
                            cl->members[next].id, cl->id);
    ev->result->next_deputy = td_arena_strdup(&ev->result->arena, cl->members[next].id);
    if (ev->result->next_deputy == NULL)
        return td_error_nomem(ev->err);
    return td_eval_keep_text(ev, ev->result->deputy_explain);
}

td_status td_choose_leader(td_eval *ev)
{
    const td_cluster *cl0 = ev->cluster;
    if (cl0->deputy >= 0 && cl0->deputy == cl0->leader)
        return td_error_set(ev->err, TD_EDATA, "unit '%s' is both the leader and the deputy of cluster '%s'",
                            cl0->members[cl0->deputy].id, cl0->id);
    long next = -1;
    if (ev->rules->deputy_rule == TD_DEPUTY_RULE_SUCCESSION) {
        /* the deputy becomes the leader, whatever the leader rule says */
        if (cl0->deputy < 0)
            return td_error_set(ev->err, TD_EDATA, "the succession deputy rule needs the current deputy of cluster '%s'",
                                cl0->id);
        next = cl0->deputy;
        if (cl0->kind == TD_CLUSTER_BLOCK)
            td_eval_phrasef(ev, TD_PH_SUCCESSION_BLOCK, cl0->members[next].id);
        else
            td_eval_phrasef(ev, TD_PH_SUCCESSION, cl0->members[next].id);
        if (cl0->next_leader >= 0 && cl0->next_leader != next)
            return td_error_set(ev->err, TD_EDATA,
                                "next_leader '%s' in the data of cluster '%s' contradicts the succession deputy rule, "
                                "which makes the deputy '%s' the leader",
                                cl0->members[cl0->next_leader].id, cl0->id, cl0->members[next].id);
        ev->result->next_leader = td_arena_strdup(&ev->result->arena, cl0->members[next].id);
        if (ev->result->next_leader == NULL)
            return td_error_nomem(ev->err);
        TRY(td_eval_keep_text(ev, ev->result->leader_explain));
        return choose_deputy(ev, next);
    }
    switch (ev->rules->leader_rule) {
    case TD_LEADER_RULE_NONE:
        return choose_deputy(ev, -1);
    case TD_LEADER_RULE_ROTATION:
        TRY(rotation(ev, &next));
        break;
    case TD_LEADER_RULE_ELECTION:
        if (ev->cluster->next_leader < 0)
            return td_error_set(ev->err, TD_EDATA,
                                "the election leader rule needs next_leader in the data of cluster '%s'",
                                ev->cluster->id);
        next = ev->cluster->next_leader;
        td_eval_phrasef(ev, TD_PH_ELECTED, ev->cluster->members[next].id);
        break;
    case TD_LEADER_RULE_TOP_RANK:
        TRY(top_rank(ev, &next));
        break;
    }
    /* next_leader that the rule did not choose would be silently dropped:
     * the data and the rulebook disagree */
    const td_cluster *cl = ev->cluster;
    if (cl->next_leader >= 0 && cl->next_leader != next)
        return td_error_set(ev->err, TD_EDATA,
                            "next_leader '%s' in the data of cluster '%s' contradicts the %s leader rule, "
                            "which chooses '%s'",
                            cl->members[cl->next_leader].id, cl->id,
                            ev->rules->leader_rule == TD_LEADER_RULE_ROTATION ? "rotation" : "top_rank",
                            cl->members[next].id);
    ev->result->next_leader = td_arena_strdup(&ev->result->arena, ev->cluster->members[next].id);
    if (ev->result->next_leader == NULL)
        return td_error_nomem(ev->err);
    TRY(td_eval_keep_text(ev, ev->result->leader_explain));
    return choose_deputy(ev, next);
}
