/*
 * Award decisions: for each award in the rulebook's order, the candidates
 * (condition holds, not excluded), the quota, selection by rank or by the
 * award's order, and the tied group at the quota boundary left to the
 * council. Every member gets one status per award, with an explanation that
 * shows the condition's values, the quota arithmetic and the cut-off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exprhost.h"
#include "standings.h"

/* true when awards x and y exclude each other (either one names the other). */
static bool exclusive(const td_rules *r, size_t x, size_t y)
{
    const td_award_def *a = &r->awards[x], *b = &r->awards[y];
    for (size_t i = 0; i < a->exclude_count; i++)
        if (strcmp(a->excludes[i], b->id) == 0)
            return true;
    for (size_t i = 0; i < b->exclude_count; i++)
        if (strcmp(b->excludes[i], a->id) == 0)
            return true;
    return false;
}

/* The earlier award selected for member m that excludes award ai, or -1.
 * Only `selected` counts: a member pending a tie is not excluded. */
static long excluded_by(const td_eval *ev, size_t ai, size_t m)
{
    for (size_t o = 0; o < ai; o++)
        if (ev->members[m].awards[o].status == TD_AWARD_SELECTED && exclusive(ev->rules, ai, o))
            return (long)o;
    return -1;
}

/* The count a percent quota is taken of (rulebook 1.1 `of`): the members,
 * this award's candidates (nc, pending and failed ballots included), or the
 * selected of an earlier award; within group g when g is not TD_NONE. */
static size_t quota_base(const td_eval *ev, const td_award_def *a, size_t nc, size_t g)
{
    if (a->quota_of != NULL && strcmp(a->quota_of, "candidates") == 0)
        return nc;
    size_t n = 0;
    for (size_t m = 0; m < ev->n; m++) {
        if (g != TD_NONE && ev->group_of[m] != g)
            continue;
        n += a->quota_of_award == TD_NONE || ev->members[m].awards[a->quota_of_award].status == TD_AWARD_SELECTED;
    }
    return n;
}

/* The quota (-1: none) and its explanation, e.g. "quota 50 % × 4 = 2 → 2
 * (floor)", a percent taken of `base` (quota_base()). */
static td_status quota(td_eval *ev, size_t ai, size_t base, int64_t *q)
{
    const td_award_def *a = &ev->rules->awards[ai];
    if (a->quota_kind == 0) {
        *q = -1;
        td_eval_phrase(ev, TD_PH_NO_QUOTA);
        return TD_OK;
    }
    td_eval_phrase(ev, TD_PH_QUOTA);
    if (a->quota_kind == 1) {
        *q = a->count;
        td_eval_both(ev, "%lld", (long long)a->count);
        return TD_OK;
    }
    /* round P × n ÷ 100 once, on the exact quotient; `raw` is for the text */
    td_decimal product, raw, rounded;
    TRY(td_decimal_mul(&product, a->percent, td_decimal_from_int((int64_t)base), ev->err));
    TRY(td_decimal_div(&rounded, product, td_decimal_from_int(100), 0, a->rounding, ev->err));
    TRY(td_decimal_div(&raw, product, td_decimal_from_int(100), TD_DECIMAL_MAX_SCALE, TD_ROUNDING_HALF_UP, ev->err));
    int64_t value;
    TRY(td_decimal_to_int64(&value, rounded, ev->err));
    /* by td_rounding: the builder allows half_up, floor and ceil for quotas */
    static const td_phrase round_text[] = {TD_PH_ROUND_HALF_UP, TD_PH_ROUND_FLOOR, TD_PH_ROUND_CEIL};
    td_eval_decimal(ev, a->percent);
    td_decimal back;
    bool exact = td_decimal_mul(&back, raw, td_decimal_from_int(100), NULL) == TD_OK &&
                 td_decimal_cmp(back, product) == 0;
    if (a->quota_of_award != TD_NONE) {
        td_eval_lit(ev, " % × ");
        td_eval_phrasef(ev, TD_PH_QUOTA_OF_AWARD, base, ev->rules->awards[a->quota_of_award].id);
        td_eval_both(ev, " %s ", exact ? "=" : "≈");
    } else if (a->quota_of != NULL && strcmp(a->quota_of, "candidates") == 0) {
        td_eval_lit(ev, " % × ");
        td_eval_phrasef(ev, TD_PH_QUOTA_OF_CANDIDATES, base);
        td_eval_both(ev, " %s ", exact ? "=" : "≈");
    } else {
        td_eval_both(ev, " %% × %zu %s ", base, exact ? "=" : "≈"); /* version 1's text */
    }
    td_eval_decimal(ev, raw);
    td_eval_both(ev, " → %lld (", (long long)value);
    td_eval_phrase(ev, round_text[a->rounding]);
    td_eval_lit(ev, ")");
    if (a->min > value) {
        td_eval_phrasef(ev, TD_PH_QUOTA_AT_LEAST, (long long)a->min, (long long)a->min);
        value = a->min;
    }
    *q = value;
    return TD_OK;
}

typedef struct candidate {
    size_t member;
    td_decimal key; /* rank, or the order's value (booleans as 0 and 1) */
    const char *unit;
} candidate;

static int by_key_then_unit(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    int c = td_decimal_cmp(a->key, b->key);
    return c != 0 ? c : strcmp(a->unit, b->unit);
}

/* How the candidates of one award fell against its quota. Candidates are
 * sorted, so the selected ones come first: cands[0 .. taken). */
typedef struct walk {
    const td_award_def *def;
    size_t ai;
    int64_t q;
    candidate *cands;
    size_t nc;
    size_t excluded;            /* members excluded by an earlier award */
    size_t taken;               /* selected candidates */
    size_t tie_start, tie_end;  /* the tied group, when tie_end > tie_start */
    const char *const *quota_text; /* 1.1 `per: group`: the group's quota text; NULL: the award's */
    const char *group;             /* 1.1 `per: group`: the group's id */
} walk;

/* ---- explanation pieces ---- */

/* "rank 3" / "hạng 3", the order's value: "total = 40", or (1.1, `order:
 * votes`) "10 votes, rank 2". */
static void say_key(td_eval *ev, const walk *w, const candidate *c)
{
    if (w->def->order_votes) {
        const td_member_result *mr = &ev->members[c->member];
        td_eval_phrasef(ev, TD_PH_VOTES_AND_RANK, (long long)mr->awards[w->ai].votes, (size_t)mr->rank);
        return;
    }
    if (w->def->order == NULL) {
        td_eval_phrase(ev, TD_PH_RANK);
        td_eval_decimal(ev, c->key);
        return;
    }
    td_eval_key(ev, w->def->order, w->def->order->source, c->key);
}

/* "tied at rank 2" / "đồng hạng 2", or "tied at total = 40" / "bằng nhau ở total = 40". */
static void say_tied_key(td_eval *ev, const walk *w, const candidate *c)
{
    td_eval_phrase(ev, w->def->order == NULL && !w->def->order_votes ? TD_PH_TIED_AT_RANK : TD_PH_TIED_AT_VALUE);
    say_key(ev, w, c);
}

/* The award's quota text, as kept for td_result_award_quota_explain(). */
static void say_quota(td_eval *ev, const walk *w)
{
    if (w->group != NULL) /* 1.1 `per: group`: "k1: quota 15 % × 9 … → 1 (floor)" */
        td_eval_both(ev, "%s: ", w->group);
    td_eval_texts(ev, w->quota_text != NULL ? w->quota_text : ev->result->quota_explain[w->ai]);
}

/* Appends why the condition holds ("rank = 1 == 1; …") or "no condition". */
static td_status holds_text(td_eval *ev, const td_award_def *a, size_t m)
{
    if (a->when == NULL) {
        td_eval_phrase(ev, TD_PH_NO_CONDITION);
        return TD_OK;
    }
    td_member_ctx cx = {ev->result, ev->rules, ev->members, ev->n, m, ev->cluster->period, false};
    td_expr_host host = td_member_host(&cx);
    return td_eval_explain(ev, a->when, &host);
}

/* Notes an earlier exclusive award for which member m is pending a tie:
 * if the council chooses it there, this award is excluded. */
static void pending_notes(td_eval *ev, size_t ai, size_t m)
{
    const td_rules *r = ev->rules;
    for (size_t o = 0; o < ai; o++) {
        if (ev->members[m].awards[o].status != TD_AWARD_TIE_AT_QUOTA || !exclusive(r, ai, o))
            continue;
        const char *other = r->awards[o].id, *self = r->awards[ai].id;
        td_eval_phrasef(ev, TD_PH_PENDING_TIE_EXCLUDES, other, other, self);
    }
}

static td_status explain_selected(td_eval *ev, const walk *w, size_t i)
{
    const candidate *c = &w->cands[i];
    td_eval_phrase(ev, TD_PH_SELECTED);
    TRY(holds_text(ev, w->def, c->member));
    td_eval_lit(ev, "; ");
    if (w->q < 0) {
        say_quota(ev, w);
        return TD_OK;
    }
    say_key(ev, w, c);
    td_eval_phrasef(ev, TD_PH_PLACE_OF, i + 1, (long long)w->q);
    say_quota(ev, w);
    td_eval_lit(ev, ")");
    return TD_OK;
}

static const char *candidate_unit(const void *ctx, size_t i)
{
    return ((const candidate *)ctx)[i].unit;
}

static td_status explain_tied(td_eval *ev, const walk *w, size_t i)
{
    const candidate *c = &w->cands[i];
    td_eval_phrase(ev, TD_PH_ELIGIBLE);
    TRY(holds_text(ev, w->def, c->member));
    td_eval_phrase(ev, TD_PH_ELIGIBLE_BUT);
    say_tied_key(ev, w, c);
    td_eval_phrase(ev, TD_PH_TIED_WITH);
    td_eval_units(ev, candidate_unit, w->cands, w->tie_start, w->tie_end, i, " ");
    td_eval_phrasef(ev, TD_PH_FOR_LAST_PLACES, (long long)(w->q - (int64_t)w->taken));
    say_quota(ev, w);
    td_eval_phrase(ev, TD_PH_COUNCIL_DECIDES);
    /* only worth saying when an award is decided after this one */
    if (w->ai + 1 < ev->rules->award_count)
        td_eval_phrase(ev, TD_PH_MAY_QUALIFY_LATER);
    return TD_OK;
}

static td_status explain_over(td_eval *ev, const walk *w, size_t i)
{
    const candidate *c = &w->cands[i];
    td_eval_phrase(ev, TD_PH_ELIGIBLE);
    TRY(holds_text(ev, w->def, c->member));
    td_eval_phrase(ev, TD_PH_BUT_OVER_QUOTA);
    if (w->tie_end > w->tie_start) {
        /* after a tie at the boundary nobody further down is selected */
        say_key(ev, w, c);
        td_eval_phrase(ev, TD_PH_COMES_AFTER_GROUP);
        say_tied_key(ev, w, &w->cands[w->tie_start]);
        td_eval_phrase(ev, TD_PH_LAST_PLACES_OF);
        say_quota(ev, w);
        td_eval_phrase(ev, TD_PH_NOBODY_FURTHER);
    } else if (w->taken == 0) {
        say_quota(ev, w);
        td_eval_phrase(ev, TD_PH_LEAVES_NO_PLACE);
    } else {
        say_key(ev, w, c);
        td_eval_phrase(ev, TD_PH_PAST_CUTOFF);
        say_key(ev, w, &w->cands[w->taken - 1]);
        td_eval_lit(ev, " (");
        say_quota(ev, w);
        td_eval_phrase(ev, TD_PH_FILLED_BY);
        td_eval_units(ev, candidate_unit, w->cands, 0, w->taken, TD_NONE, ", ");
        td_eval_lit(ev, ")");
    }
    return TD_OK;
}

/* ---- one award ---- */

/* Statuses decided without the quota (excluded, not eligible) and the
 * candidates with their keys. */
/* An evaluation fault of an award's expression names the award and the
 * unit, as criterion and classification faults do. */
static td_status unit_fault(td_eval *ev, const td_award_def *a, size_t m, td_status rc)
{
    if (rc == TD_EEVAL || rc == TD_ERANGE)
        return td_error_prefix(ev->err, rc, "award '%s', unit '%s'", a->id, ev->members[m].unit);
    return rc;
}

static td_status gather_candidates(td_eval *ev, walk *w)
{
    const td_award_def *a = w->def;
    w->nc = 0;
    w->excluded = 0;
    for (size_t m = 0; m < ev->n; m++) {
        td_award_cell *cell = &ev->members[m].awards[w->ai];
        long by = excluded_by(ev, w->ai, m);
        if (by >= 0) {
            /* precedence: excluded, whether or not the condition holds */
            const char *other = ev->rules->awards[by].id;
            cell->status = TD_AWARD_EXCLUDED;
            w->excluded++;
            td_eval_phrasef(ev, TD_PH_EXCLUDED_BY, other, a->id, other);
            TRY(td_eval_keep_text(ev, cell->explain));
            continue;
        }
        td_member_ctx cx = {ev->result, ev->rules, ev->members, ev->n, m, ev->cluster->period, false};
        td_expr_host host = td_member_host(&cx);
        td_xvalue v = {TD_XT_BOOL, true, td_decimal_zero(), NULL};
        td_fx unused;
        if (a->when != NULL && !(ev->fast && td_member_eval_fast(a->when, &cx, &unused, &v.boolean))) {
            if (ev->fast)
                atomic_fetch_add_explicit(&ev->result->general_path, 1, memory_order_relaxed);
            TRY(unit_fault(ev, a, m, td_cexpr_eval(a->when, &host, &v, ev->err)));
        }
        if (!v.boolean) {
            cell->status = TD_AWARD_NOT_ELIGIBLE;
            td_eval_phrase(ev, TD_PH_NOT_ELIGIBLE);
            TRY(td_eval_explain(ev, a->when, &host));
            pending_notes(ev, w->ai, m);
            TRY(td_eval_keep_text(ev, cell->explain));
            continue;
        }
        candidate *c = &w->cands[w->nc++];
        c->member = m;
        c->unit = ev->members[m].unit;
        c->key = td_decimal_from_int((int64_t)ev->members[m].rank);
        if (a->order != NULL) {
            td_xvalue k;
            TRY(unit_fault(ev, a, m, td_cexpr_eval(a->order, &host, &k, ev->err)));
            c->key = k.type == TD_XT_BOOL ? td_decimal_from_int(k.boolean) : k.number;
        }
    }
    qsort(w->cands, w->nc, sizeof *w->cands, by_key_then_unit);
    return TD_OK;
}

/* Walks groups of equal keys against the quota: whole groups are selected
 * while they fit; the group that straddles the boundary is tied; everyone
 * after is over the quota. */
static void apply_quota(td_eval *ev, walk *w)
{
    bool closed = false;
    for (size_t g = 0; g < w->nc;) {
        size_t end = g + 1;
        while (end < w->nc && td_decimal_cmp(w->cands[end].key, w->cands[g].key) == 0)
            end++;
        td_award_status status;
        if (closed || (w->q >= 0 && w->taken >= (size_t)w->q)) {
            status = TD_AWARD_OVER_QUOTA;
        } else if (w->q < 0 || w->taken + (end - g) <= (size_t)w->q) {
            status = TD_AWARD_SELECTED;
            w->taken += end - g;
        } else {
            status = TD_AWARD_TIE_AT_QUOTA;
            w->tie_start = g;
            w->tie_end = end;
            closed = true;
        }
        for (size_t i = g; i < end; i++)
            ev->members[w->cands[i].member].awards[w->ai].status = status;
        g = end;
    }
}

/* The warning "award-nobody-eligible": the award's condition held for no
 * member, and no member was excluded by an earlier award (an excluded
 * member might have met it), so nobody can receive the award; placed at
 * the condition's text when a reader recorded where it stands. */
static td_status warn_nobody(td_eval *ev, const walk *w)
{
    const td_award_def *a = w->def;
    if (a->when == NULL || w->nc > 0 || w->excluded > 0 || ev->n == 0)
        return TD_OK;
    td_result *res = ev->result;
    char text[512];
    snprintf(text, sizeof text,
             "award '%s': its condition (when) holds for none of the %zu members of cluster '%s', so nobody "
             "can receive it; check the condition against the results (a number on another scale, such as "
             "'total >= 95' on a 50-point table, or 90 written for 90%%?)",
             a->id, ev->n, ev->cluster->id);
    td_warning wn = {"award-nobody-eligible", td_arena_strdup(&res->arena, text), "", 0, 0};
    if (a->when_origin != NULL) {
        wn.file = td_arena_strdup(&res->arena, a->when_origin->file != NULL ? a->when_origin->file : "");
        wn.line = a->when_origin->line;
        wn.column = a->when_origin->column;
    }
    if (wn.message == NULL || wn.file == NULL)
        return td_error_nomem(ev->err);
    res->warnings[res->warning_count++] = wn;
    return TD_OK;
}

/* ---- ballots (1.1) ---- */

/* The council's size or the votes cast: what the ballot's minimum is a share of. */
static int64_t ballot_base(const td_award_def *a, const td_ballot *b)
{
    return a->ballot_of == TD_BALLOT_OF_CAST ? b->cast : b->council;
}

/* "9/11 = 81.82 % < 90 % of the council": votes, ratio, comparison. */
static td_status say_votes(td_eval *ev, const td_award_def *a, int64_t votes, int64_t base, bool passed)
{
    td_decimal pct, min_pct;
    TRY(td_decimal_mul(&pct, td_decimal_from_int(votes), td_decimal_from_int(100), ev->err));
    TRY(td_decimal_div(&pct, pct, td_decimal_from_int(base), 2, TD_ROUNDING_HALF_UP, ev->err));
    TRY(td_decimal_mul(&min_pct, a->ballot_min, td_decimal_from_int(100), ev->err));
    td_eval_both(ev, "%lld/%lld = ", (long long)votes, (long long)base);
    td_eval_decimal(ev, pct);
    td_eval_both(ev, " %% %s ", passed ? "≥" : "<");
    td_eval_decimal(ev, min_pct);
    td_eval_lit(ev, " %");
    td_eval_phrase(ev, a->ballot_of == TD_BALLOT_OF_CAST ? TD_PH_OF_CAST : TD_PH_OF_COUNCIL);
    return TD_OK;
}

/* The ballot's verdict on candidate i (after `when` and exclusion, before
 * the quota): pending without votes, failed below the minimum, else it
 * stays a candidate (true in *stays). */
static td_status ballot(td_eval *ev, walk *w, const td_ballot *b, size_t i, bool *stays)
{
    const td_award_def *a = w->def;
    size_t m = w->cands[i].member;
    td_award_cell *cell = &ev->members[m].awards[w->ai];
    *stays = false;
    if (cell->votes < 0) {
        cell->status = TD_AWARD_PENDING_BALLOT;
        td_eval_phrase(ev, TD_PH_ELIGIBLE);
        TRY(holds_text(ev, a, m));
        td_eval_phrase(ev, TD_PH_PENDING_BALLOT);
    } else {
        /* exact: votes >= min x N */
        int64_t base = ballot_base(a, b);
        td_decimal need;
        TRY(td_decimal_mul(&need, a->ballot_min, td_decimal_from_int(base), ev->err));
        if (td_decimal_cmp(td_decimal_from_int(cell->votes), need) >= 0) {
            *stays = true;
            return TD_OK;
        }
        cell->status = TD_AWARD_BALLOT_FAILED;
        td_eval_phrase(ev, TD_PH_ELIGIBLE);
        TRY(holds_text(ev, a, m));
        td_eval_phrase(ev, TD_PH_BALLOT_FAILED);
        TRY(say_votes(ev, a, cell->votes, base, false));
    }
    pending_notes(ev, w->ai, m);
    return td_eval_keep_text(ev, cell->explain);
}

/* Puts the candidates to the award's ballot; those that stay keep their
 * order, keyed by votes then rank under `order: votes`. */
static td_status put_to_ballot(td_eval *ev, walk *w, const td_ballot *b)
{
    size_t kept = 0;
    for (size_t i = 0; i < w->nc; i++) {
        bool stays;
        TRY(ballot(ev, w, b, i, &stays));
        if (stays)
            w->cands[kept++] = w->cands[i];
    }
    w->nc = kept;
    if (w->def->order_votes) {
        /* most votes first, then rank: key = -votes x (n + 1) + rank, exact */
        for (size_t i = 0; i < w->nc; i++) {
            const td_member_result *mr = &ev->members[w->cands[i].member];
            int64_t votes = mr->awards[w->ai].votes;
            TRY(td_decimal_mul(&w->cands[i].key, td_decimal_from_int(-votes), td_decimal_from_int((int64_t)ev->n + 1),
                               ev->err));
            TRY(td_decimal_add(&w->cands[i].key, w->cands[i].key, td_decimal_from_int((int64_t)mr->rank), ev->err));
        }
        qsort(w->cands, w->nc, sizeof *w->cands, by_key_then_unit);
    }
    return TD_OK;
}

/* The cluster's ballot on award ai, or NULL. */
static const td_ballot *ballot_on(const td_eval *ev, size_t ai)
{
    const td_cluster *cl = ev->cluster;
    for (size_t i = 0; i < cl->ballot_count; i++)
        if (strcmp(cl->ballots[i].award, ev->rules->awards[ai].id) == 0)
            return &cl->ballots[i];
    return NULL;
}

/* Explains every candidate's status against the quota (after apply_quota()). */
static td_status explain_candidates(td_eval *ev, const walk *w, const td_ballot *b)
{
    for (size_t i = 0; i < w->nc; i++) {
        td_award_cell *cell = &ev->members[w->cands[i].member].awards[w->ai];
        switch (cell->status) {
        case TD_AWARD_SELECTED: TRY(explain_selected(ev, w, i)); break;
        case TD_AWARD_TIE_AT_QUOTA: TRY(explain_tied(ev, w, i)); break;
        default: TRY(explain_over(ev, w, i)); break;
        }
        if (w->def->has_ballot) { /* 1.1: the votes that kept it a candidate */
            td_eval_phrase(ev, TD_PH_BALLOT_VOTES);
            TRY(say_votes(ev, w->def, cell->votes, ballot_base(w->def, b), true));
        }
        pending_notes(ev, w->ai, w->cands[i].member);
        TRY(td_eval_keep_text(ev, cell->explain));
    }
    return TD_OK;
}

/* Orders group indices by their ids (the groups' order in results). */
static int by_group_id(const void *ctx, size_t a, size_t b)
{
    const char *const *names = ctx;
    return strcmp(names[a], names[b]);
}

/* 1.1 `per: group`: the quota computed and filled inside each group, in
 * group id order; the award's quota is their sum, its text theirs. */
static td_status decide_per_group(td_eval *ev, walk *w, const td_ballot *b)
{
    td_result *res = ev->result;
    size_t groups = ev->group_count, n = ev->n, ai = w->ai;
    const char **names = td_arena_alloc(&res->arena, (groups + 1) * sizeof *names);
    size_t *order = td_arena_alloc(&res->arena, 2 * (groups + 1) * sizeof *order);
    candidate *sub = td_arena_alloc(&res->arena, (n + 1) * sizeof *sub);
    td_group_quota *gq = td_arena_alloc(&res->arena, (groups + 1) * sizeof *gq);
    if (res->group_quotas == NULL)
        res->group_quotas = td_arena_alloc(&res->arena, ev->rules->award_count * sizeof *res->group_quotas);
    if (names == NULL || order == NULL || sub == NULL || gq == NULL || res->group_quotas == NULL)
        return td_error_nomem(ev->err);
    for (size_t m = n; m-- > 0;)
        names[ev->group_of[m]] = ev->members[m].group; /* every member has a group (count_groups()) */
    for (size_t g = 0; g < groups; g++)
        order[g] = g;
    td_sort_indices(order, groups, by_group_id, names, order + groups);
    res->group_quotas[ai] = gq;
    res->group_count = groups;
    int64_t total = 0;
    for (size_t k = 0; k < groups; k++) {
        size_t g = order[k];
        /* the group's candidates, in the award's order; those the ballot set aside count in N too */
        walk ws = *w;
        ws.cands = sub;
        ws.nc = ws.taken = ws.tie_start = ws.tie_end = 0;
        for (size_t i = 0; i < w->nc; i++)
            if (ev->group_of[w->cands[i].member] == g)
                sub[ws.nc++] = w->cands[i];
        size_t in_group = ws.nc;
        for (size_t m = 0; m < n; m++) {
            td_award_status st = ev->members[m].awards[ai].status;
            in_group += ev->group_of[m] == g && w->def->has_ballot &&
                        (st == TD_AWARD_PENDING_BALLOT || st == TD_AWARD_BALLOT_FAILED);
        }
        td_status rc = quota(ev, ai, quota_base(ev, w->def, in_group, g), &ws.q);
        if (rc == TD_EEVAL || rc == TD_ERANGE)
            return td_error_prefix(ev->err, rc, "award '%s', group '%s'", w->def->id, names[g]);
        TRY(rc);
        gq[k] = (td_group_quota){names[g], ws.q, {NULL, NULL}};
        TRY(td_eval_keep_text(ev, gq[k].explain));
        ws.quota_text = gq[k].explain;
        ws.group = names[g];
        apply_quota(ev, &ws);
        TRY(explain_candidates(ev, &ws, b));
        total += ws.q;
    }
    res->award_quota[ai] = total;
    /* "k1: quota 15 % × 9 … → 1 (floor); k2: quota …" */
    for (size_t k = 0; k < groups; k++) {
        td_eval_both(ev, "%s%s: ", k == 0 ? "" : "; ", gq[k].group);
        td_eval_texts(ev, gq[k].explain);
    }
    return td_eval_keep_text(ev, res->quota_explain[ai]);
}

static td_status decide(td_eval *ev, size_t ai, candidate *cands)
{
    walk w;
    memset(&w, 0, sizeof w);
    w.def = &ev->rules->awards[ai];
    w.ai = ai;
    w.cands = cands;
    /* the candidates first: a quota may be counted on them (1.1), pending
     * and failed ballots included */
    TRY(gather_candidates(ev, &w));
    TRY(warn_nobody(ev, &w)); /* on the condition alone, before any ballot */
    size_t candidates = w.nc;
    const td_ballot *b = ballot_on(ev, ai);
    if (w.def->has_ballot) {
        static const td_ballot none = {NULL, 1, -1, NULL, 0};
        TRY(put_to_ballot(ev, &w, b != NULL ? b : &none));
    }
    if (w.def->per_group)
        return decide_per_group(ev, &w, b);
    td_status rc = quota(ev, ai, quota_base(ev, w.def, candidates, TD_NONE), &w.q);
    if (rc == TD_EEVAL || rc == TD_ERANGE)
        return td_error_prefix(ev->err, rc, "award '%s'", w.def->id);
    TRY(rc);
    ev->result->award_quota[ai] = w.q;
    TRY(td_eval_keep_text(ev, ev->result->quota_explain[ai]));
    apply_quota(ev, &w);
    return explain_candidates(ev, &w, b);
}

/* The ballots of the data (1.1): each on an award the rulebook puts to a
 * ballot, with the votes cast when the minimum is a share of them; each
 * member's votes into its award cells (-1 where none). */
static td_status read_ballots(td_eval *ev)
{
    const td_rules *r = ev->rules;
    const td_cluster *cl = ev->cluster;
    for (size_t m = 0; m < ev->n; m++)
        for (size_t ai = 0; ai < r->award_count; ai++)
            ev->members[m].awards[ai].votes = -1;
    for (size_t i = 0; i < cl->ballot_count; i++) {
        const td_ballot *b = &cl->ballots[i];
        size_t ai;
        for (ai = 0; ai < r->award_count && strcmp(r->awards[ai].id, b->award) != 0; ai++)
            ;
        if (ai == r->award_count || !r->awards[ai].has_ballot)
            return td_error_set(ev->err, TD_EDATA,
                                "the data of cluster '%s' has a ballot on '%s', which rulebook '%s' puts to no ballot",
                                cl->id, b->award, r->id);
        if (r->awards[ai].ballot_of == TD_BALLOT_OF_CAST && b->cast < 0)
            return td_error_set(ev->err, TD_EDATA,
                                "award '%s' counts the votes cast, but the ballot in the data of cluster '%s' gives no "
                                "'cast'",
                                b->award, cl->id);
        for (size_t m = 0; m < ev->n && m < b->votes_cap; m++)
            ev->members[m].awards[ai].votes = b->votes[m];
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
    res->warnings = td_arena_alloc(&res->arena, r->award_count * sizeof *res->warnings); /* one per award */
    candidate *cands = td_arena_alloc(&res->arena, ev->n * sizeof(candidate));
    if (res->award_quota == NULL || res->quota_explain == NULL || res->warnings == NULL || cands == NULL)
        return td_error_nomem(ev->err);
    TRY(read_ballots(ev));
    for (size_t ai = 0; ai < r->award_count; ai++) {
        TRY(decide(ev, ai, cands));
    }
    return TD_OK;
}
