/*
 * Award decisions: for each award in the rulebook's order, the candidates
 * (condition holds, not excluded), the quota, selection by rank or by the
 * award's order, and the tied group at the quota boundary left to the
 * council. Every member gets one status per award, with its explanation.
 */
#include <stdlib.h>
#include <string.h>

#include "exprhost.h"
#include "standings.h"

/* The award selected for member m that excludes award ai, or -1. */
static long excluded_by(const td_eval *ev, size_t ai, size_t m)
{
    const td_rules *r = ev->rules;
    const td_award_def *a = &r->awards[ai];
    for (size_t o = 0; o < ai; o++) {
        if (ev->members[m].awards[o].status != TD_AWARD_SELECTED)
            continue;
        const td_award_def *other = &r->awards[o];
        for (size_t x = 0; x < a->exclude_count; x++)
            if (strcmp(a->excludes[x], other->id) == 0)
                return (long)o;
        for (size_t x = 0; x < other->exclude_count; x++)
            if (strcmp(other->excludes[x], a->id) == 0)
                return (long)o;
    }
    return -1;
}

/* The quota (-1: none) and its explanation. */
static td_status quota(td_eval *ev, size_t ai, int64_t *q)
{
    const td_award_def *a = &ev->rules->awards[ai];
    if (a->quota_kind == 0) {
        *q = -1;
        td_eval_say(ev, "không giới hạn số lượng", "no quota");
        return TD_OK;
    }
    if (a->quota_kind == 1) {
        *q = a->count;
        td_eval_say(ev, "chỉ tiêu ", "quota ");
        td_eval_both(ev, "%lld", (long long)a->count);
        return TD_OK;
    }
    td_decimal raw, rounded;
    TRY(td_decimal_mul(&raw, a->percent, td_decimal_from_int((int64_t)ev->n), ev->err));
    TRY(td_decimal_div(&raw, raw, td_decimal_from_int(100), TD_DECIMAL_MAX_SCALE, TD_ROUND_HALF_UP, ev->err));
    TRY(td_decimal_round(&rounded, raw, 0, a->rounding, ev->err));
    int64_t value;
    TRY(td_decimal_to_int64(rounded, &value, ev->err));
    static const char *const vi_round[] = {"làm tròn", "làm tròn xuống", "làm tròn lên", ""};
    static const char *const en_round[] = {"half up", "floor", "ceil", ""};
    td_eval_say(ev, "chỉ tiêu ", "quota ");
    td_eval_decimal(ev, a->percent);
    td_eval_both(ev, " %% × %zu = ", ev->n);
    td_eval_decimal(ev, raw);
    td_eval_both(ev, " → %lld (", (long long)value);
    td_eval_say(ev, vi_round[a->rounding], en_round[a->rounding]);
    td_eval_both(ev, ")");
    if (a->min > value) {
        td_eval_say(ev, ", tối thiểu ", ", at least ");
        td_eval_both(ev, "%lld", (long long)a->min);
        value = a->min;
    }
    *q = value;
    return TD_OK;
}

typedef struct candidate {
    size_t member;
    td_decimal key;
    const char *unit;
} candidate;

static int by_key_then_unit(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    int c = td_decimal_cmp(a->key, b->key);
    return c != 0 ? c : strcmp(a->unit, b->unit);
}

/* Appends why the condition holds ("rank = 1 == 1; …") or "no condition". */
static td_status holds_text(td_eval *ev, const td_award_def *a, size_t m)
{
    if (a->when == NULL) {
        td_eval_say(ev, "không có điều kiện", "no condition");
        return TD_OK;
    }
    td_member_ctx cx = {ev->rules, ev->members, ev->n, m, ev->cluster->period, false};
    td_expr_host host = td_member_host(&cx);
    for (int l = 0; l < 2; l++)
        TRY(td_cexpr_explain(a->when, &host, &ev->text[l], ev->err));
    return TD_OK;
}

static td_status decide(td_eval *ev, size_t ai, candidate *cands)
{
    const td_award_def *a = &ev->rules->awards[ai];
    td_result *res = ev->result;
    int64_t q;
    TRY(quota(ev, ai, &q));
    res->award_quota[ai] = q;
    TRY(td_eval_keep_text(ev, res->quota_explain[ai]));

    /* candidates, and the statuses decided without the quota */
    size_t nc = 0;
    for (size_t m = 0; m < ev->n; m++) {
        td_award_cell *cell = &ev->members[m].awards[ai];
        long by = excluded_by(ev, ai, m);
        if (by >= 0) {
            cell->status = TD_AWARD_EXCLUDED;
            td_eval_say(ev, "bị loại trừ: đã được chọn cho ", "excluded: already selected for ");
            td_eval_both(ev, "%s", ev->rules->awards[by].id);
            TRY(td_eval_keep_text(ev, cell->explain));
            continue;
        }
        td_member_ctx cx = {ev->rules, ev->members, ev->n, m, ev->cluster->period, false};
        td_expr_host host = td_member_host(&cx);
        td_xvalue v = {TD_XT_BOOL, true, td_decimal_zero(), NULL};
        if (a->when != NULL)
            TRY(td_cexpr_eval(a->when, &host, &v, ev->err));
        if (!v.boolean) {
            cell->status = TD_AWARD_NOT_ELIGIBLE;
            td_eval_say(ev, "không đủ điều kiện: ", "not eligible: ");
            for (int l = 0; l < 2; l++)
                TRY(td_cexpr_explain(a->when, &host, &ev->text[l], ev->err));
            TRY(td_eval_keep_text(ev, cell->explain));
            continue;
        }
        candidate *c = &cands[nc++];
        c->member = m;
        c->unit = ev->members[m].unit;
        c->key = td_decimal_from_int((int64_t)ev->members[m].rank);
        if (a->order != NULL) {
            td_xvalue k;
            TRY(td_cexpr_eval(a->order, &host, &k, ev->err));
            c->key = k.type == TD_XT_BOOL ? td_decimal_from_int(k.boolean) : k.number;
        }
    }
    qsort(cands, nc, sizeof *cands, by_key_then_unit);

    /* walk groups of equal keys against the quota */
    size_t taken = 0;
    bool tied = false;
    for (size_t g = 0; g < nc;) {
        size_t end = g + 1;
        while (end < nc && td_decimal_cmp(cands[end].key, cands[g].key) == 0)
            end++;
        size_t size = end - g;
        td_award_status status;
        if (tied || (q >= 0 && taken >= (size_t)q))
            status = TD_AWARD_OVER_QUOTA;
        else if (q < 0 || taken + size <= (size_t)q)
            status = TD_AWARD_SELECTED;
        else
            status = TD_AWARD_TIE_AT_QUOTA;
        for (size_t i = g; i < end; i++) {
            size_t m = cands[i].member;
            td_award_cell *cell = &ev->members[m].awards[ai];
            cell->status = status;
            switch (status) {
            case TD_AWARD_SELECTED:
                td_eval_say(ev, "được chọn: ", "selected: ");
                TRY(holds_text(ev, a, m));
                if (q >= 0)
                    td_eval_both(ev, "; %zu/%lld", taken + 1 + (i - g), (long long)q);
                break;
            case TD_AWARD_OVER_QUOTA:
                td_eval_say(ev, "đủ điều kiện (", "eligible (");
                TRY(holds_text(ev, a, m));
                td_eval_say(ev, ") nhưng hết chỉ tiêu ", ") but over the quota of ");
                td_eval_both(ev, "%lld", (long long)q);
                break;
            default:
                td_eval_say(ev, "đủ điều kiện (", "eligible (");
                TRY(holds_text(ev, a, m));
                td_eval_say(ev, ") nhưng đồng hạng với", ") but tied with");
                for (size_t k = g; k < end; k++)
                    if (k != i)
                        td_eval_both(ev, " %s", cands[k].unit);
                td_eval_both(ev, " ");
                td_eval_say(ev, "cho ", "for the last ");
                td_eval_both(ev, "%lld", (long long)(q - (int64_t)taken));
                td_eval_say(ev, " suất cuối của chỉ tiêu ", " place(s) of the quota of ");
                td_eval_both(ev, "%lld", (long long)q);
                td_eval_say(ev, ": hội đồng quyết định; đơn vị vẫn có thể được xét các giải sau",
                            ": the council decides; the unit may still qualify for later awards");
                break;
            }
            TRY(td_eval_keep_text(ev, cell->explain));
        }
        if (status == TD_AWARD_SELECTED)
            taken += size;
        if (status == TD_AWARD_TIE_AT_QUOTA)
            tied = true;
        g = end;
    }
    return TD_OK;
}

td_status td_decide_awards(td_eval *ev)
{
    const td_rules *r = ev->rules;
    td_result *res = ev->result;
    if (r->award_count == 0)
        return TD_OK;
    res->award_quota = td_arena_alloc(&res->arena, r->award_count * sizeof(int64_t));
    res->quota_explain = td_arena_alloc(&res->arena, r->award_count * sizeof *res->quota_explain);
    candidate *cands = td_arena_alloc(&res->arena, ev->n * sizeof(candidate));
    if (res->award_quota == NULL || res->quota_explain == NULL || cands == NULL)
        return td_error_nomem(ev->err);
    for (size_t ai = 0; ai < r->award_count; ai++) {
        td_status rc = decide(ev, ai, cands);
        if (rc == TD_EEVAL || rc == TD_ERANGE)
            return td_error_prefix(ev->err, rc, "award '%s'", r->awards[ai].id);
        if (rc != TD_OK)
            return rc;
    }
    return TD_OK;
}
