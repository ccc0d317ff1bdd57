/*
 * The evaluation pipeline: checks the data against the rulebook, then
 * attainment → points → totals → classification → ranking → next leader,
 * and lays the result out in rank order.
 */
#include <assert.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "exprhost.h"
#include "syntax.h"
#include "standings.h"

/* The size of each version of td_eval_options: a caller built against an
 * older header passes a smaller struct. */
/* td_eval_options.max_cells when 0 */
#define TD_DEFAULT_MAX_CELLS ((size_t)100 * 1000 * 1000)

static size_t options_size(unsigned int version)
{
    switch (version) {
    case 1: return offsetof(td_eval_options, explain);
    case 2: return offsetof(td_eval_options, max_cells);
    case 3: return offsetof(td_eval_options, children_numbers_only);
    case TD_EVAL_OPTIONS_VERSION: return sizeof(td_eval_options);
    default: return 0;
    }
}

td_status td_eval_options_init(td_eval_options *opts, unsigned int version)
{
    size_t size = options_size(version);
    if (opts == NULL || size == 0)
        return TD_EINVAL;
    td_eval_options defaults = TD_EVAL_OPTIONS_INIT;
    defaults.version = version;
    memcpy(opts, &defaults, size);
    return TD_OK;
}

/* ---- explanation text ---- */

td_status td_eval_keep_text(td_eval *ev, const char *out[2])
{
    if (!ev->say) {
        if (out != NULL)
            out[0] = out[1] = NULL;
        return TD_OK;
    }
    if (out == NULL) { /* a member's texts where the result keeps none: the text goes, as if kept */
        td_buf_reset(&ev->text[0]);
        td_buf_reset(&ev->text[1]);
        return TD_OK;
    }
    for (int l = 0; l < 2; l++) {
        if (td_buf_failed(&ev->text[l]))
            return td_error_nomem(ev->err);
        /* the buffer knows its length: no strlen() of every text */
        out[l] = td_arena_strndup(ev->arena, ev->text[l].data, ev->text[l].len);
        if (out[l] == NULL)
            return td_error_nomem(ev->err);
    }
    td_buf_reset(&ev->text[0]);
    td_buf_reset(&ev->text[1]);
    return TD_OK;
}

/* Copies what the Vietnamese text gained since `before` to the English one. */
static void same_in_english(td_eval *ev, size_t before)
{
    td_buf *vi = &ev->text[TD_LANG_VI];
    if (td_buf_failed(vi))
        ev->text[TD_LANG_EN].failed = true;
    else
        td_buf_append_n(&ev->text[TD_LANG_EN], vi->data + before, vi->len - before);
}

void td_eval_both_(td_eval *ev, const char *fmt, ...)
{
    /* Format once, copy the same bytes to the other language. */
    td_buf *vi = &ev->text[TD_LANG_VI];
    size_t before = vi->len;
    va_list ap;
    va_start(ap, fmt);
    td_buf_vappendf(vi, fmt, ap);
    va_end(ap);
    same_in_english(ev, before);
}

void td_eval_lit_(td_eval *ev, const char *text, size_t len)
{
    td_buf_append_n(&ev->text[TD_LANG_VI], text, len);
    td_buf_append_n(&ev->text[TD_LANG_EN], text, len);
}

td_status td_eval_explain(td_eval *ev, const td_cexpr *e, const td_expr_host *host)
{
    if (!ev->say)
        return TD_OK;
    if (!ev->formulas) {
        TRY(td_cexpr_explain_words(e, host, td_phrase_expr_words(TD_LANG_VI), &ev->text[TD_LANG_VI], ev->err));
        return td_cexpr_explain_words(e, host, td_phrase_expr_words(TD_LANG_EN), &ev->text[TD_LANG_EN], ev->err);
    }
    size_t before = ev->text[TD_LANG_VI].len;
    TRY(td_cexpr_explain(e, host, &ev->text[TD_LANG_VI], ev->err));
    same_in_english(ev, before);
    return TD_OK;
}

void td_eval_key(td_eval *ev, const td_cexpr *e, const char *text, td_decimal x)
{
    if (!ev->say)
        return;
    bool is_bool = e->root->type == TD_XT_BOOL;
    for (int lang = 0; lang < 2; lang++) {
        const td_expr_words *w = td_phrase_expr_words((td_lang)lang);
        td_buf *b = &ev->text[lang];
        bool named = !ev->formulas && td_cexpr_words_name(e, w, b);
        if (!named)
            td_buf_appendf(b, "%s =", text);
        td_buf_append(b, is_bool && named ? ": " : " ");
        if (is_bool)
            td_buf_append(b, td_decimal_is_zero(x) ? (ev->formulas ? "false" : w->no) : (ev->formulas ? "true" : w->yes));
        else
            td_buf_decimal(b, x);
    }
}

void td_eval_phrase_(td_eval *ev, td_phrase id)
{
    td_buf_append(&ev->text[TD_LANG_VI], td_phrase_text(id, TD_LANG_VI));
    td_buf_append(&ev->text[TD_LANG_EN], td_phrase_text(id, TD_LANG_EN));
}

void td_eval_phrasef_(td_eval *ev, td_phrase id, ...)
{
    va_list ap, again;
    va_start(ap, id);
    va_copy(again, ap);
    td_buf_vappendf(&ev->text[TD_LANG_VI], td_phrase_text(id, TD_LANG_VI), ap);
    td_buf_vappendf(&ev->text[TD_LANG_EN], td_phrase_text(id, TD_LANG_EN), again);
    va_end(again);
    va_end(ap);
}

void td_eval_texts(td_eval *ev, const char *const text[2])
{
    if (!ev->say)
        return;
    td_buf_append(&ev->text[TD_LANG_VI], text[TD_LANG_VI]);
    td_buf_append(&ev->text[TD_LANG_EN], text[TD_LANG_EN]);
}

void td_eval_units(td_eval *ev, td_unit_at at, const void *ctx, size_t from, size_t to, size_t skip,
                   const char *sep)
{
    if (!ev->say)
        return;
    /* names the first TD_UNITS_SHOWN and counts the rest without walking
     * them: a tie group may hold every member */
    size_t shown = 0, i = from;
    for (; i < to && shown < TD_UNITS_SHOWN; i++) {
        if (i == skip)
            continue;
        td_eval_both(ev, "%s%s", shown == 0 ? " " : sep, at(ctx, i));
        shown++;
    }
    size_t rest = to - i - (skip >= i && skip < to ? 1 : 0);
    if (rest > 0) {
        td_eval_phrasef(ev, TD_PH_AND_N_MORE, rest);
    }
}

/* A number is written the same in both languages: formatted once. */
void td_eval_decimal_(td_eval *ev, td_decimal d)
{
    char text[TD_DECIMAL_STRING_SIZE];
    size_t len = td_decimal_format(text, sizeof text, d);
    td_buf_append_n(&ev->text[0], text, len);
    td_buf_append_n(&ev->text[1], text, len);
}

void td_eval_fixed_(td_eval *ev, td_decimal d, int places)
{
    char text[TD_DECIMAL_STRING_SIZE];
    size_t len = td_decimal_format_fixed(text, sizeof text, d, places);
    td_buf_append_n(&ev->text[0], text, len);
    td_buf_append_n(&ev->text[1], text, len);
}

void td_eval_points(td_eval *ev, td_decimal d)
{
    td_eval_fixed(ev, d, ev->rules->precision);
}

/* ---- checks of the data against the rulebook ---- */

/* Indexes the cluster's names by number: the criterion and the measure of
 * the rulebook each names (TD_NONE: none), so that one pass over the
 * cluster's values places every value without a look-up per value. */
static td_status index_names(td_eval *ev)
{
    const td_cluster *cl = ev->cluster;
    const td_rules *r = ev->rules;
    size_t count = cl->name_count;
    if (count > SIZE_MAX / 2 / sizeof(size_t))
        return td_error_nomem(ev->err);
    ev->name_criterion = td_alloc(&ev->result->arena.alloc, 2 * count * sizeof(size_t) + 1);
    if (ev->name_criterion == NULL)
        return td_error_nomem(ev->err);
    ev->name_measure = ev->name_criterion + count;
    for (size_t i = 0; i < 2 * count; i++)
        ev->name_criterion[i] = TD_NONE;
    size_t number;
    for (size_t c = 0; c < r->criterion_count; c++)
        if (td_cluster_name_number(cl, r->criteria[c].id, &number))
            ev->name_criterion[number] = c;
    for (size_t i = 0; i < r->measure_count; i++)
        if (td_cluster_name_number(cl, r->measures[i].id, &number))
            ev->name_measure[number] = i;
    return TD_OK;
}

static td_status check_scores_and_events(td_eval *ev, const td_rulebook *rb)
{
    const td_cluster *cl = ev->cluster;
    /* points for what is no manual criterion: the first given of them */
    size_t bad = TD_NONE;
    for (size_t k = 0; k < cl->name_count * TD_VALUE_KINDS; k++) {
        if (k % TD_VALUE_KINDS < TD_VALUE_SCORE || !td_cluster_vcol_used(cl, k))
            continue;
        size_t ci = ev->name_criterion[k / TD_VALUE_KINDS];
        if ((ci == TD_NONE || ev->rules->criteria[ci].rule != TD_RULE_MANUAL) &&
            (bad == TD_NONE || cl->vcols[k].first_seq < cl->vcols[bad].first_seq))
            bad = k;
    }
    if (bad != TD_NONE) {
        const char *unit = cl->members[cl->vcols[bad].first_member].id, *name = cl->names[bad / TD_VALUE_KINDS];
        if (ev->name_criterion[bad / TD_VALUE_KINDS] == TD_NONE)
            return td_error_set(ev->err, TD_EDATA, "points of unit '%s' name unknown criterion '%s'", unit, name);
        return td_error_set(ev->err, TD_EDATA,
                            "points of unit '%s' are given for criterion '%s', which is not "
                            "manual (its points are computed)",
                            unit, name);
    }
    for (size_t i = 0; i < cl->event_count; i++) {
        const td_event_rec *e = &cl->events[i];
        if (!td_map_get_str(&rb->adjustment_index, e->item, NULL))
            return td_error_set(ev->err, TD_EDATA,
                                "event of unit '%s' names unknown adjustment item '%s'",
                                cl->members[e->member].id, e->item);
    }
    /* rulebook 1.1: with titles declared, every history id must be known */
    for (size_t u = 0; ev->rules->title_count > 0 && u < cl->unit_count; u++)
        for (size_t h = cl->units[u].first_record; h != TD_NONE; h = cl->history[h].next) {
            const char *id = cl->history[h].id;
            if (td_rulebook_knows_history_id(rb, id))
                continue;
            td_suggestion s;
            td_suggest_init(&s, id);
            td_rulebook_each_ref(rb, ev->rules->award_count, TD_REF_RECORD, td_suggest_visit, &s);
            char hint[96] = "";
            if (s.best != NULL)
                snprintf(hint, sizeof hint, " (did you mean '%s'?)", s.best);
            return td_error_set(ev->err, TD_EDATA,
                                "the history of unit '%s' records '%s' in %lld, which is not an award, a "
                                "classification entry or a title of rulebook '%s'%s",
                                cl->units[u].id, id, (long long)cl->history[h].period, ev->rules->id, hint);
        }
    return TD_OK;
}

/* ---- result layout ---- */

/* Zeroed room for a x b items of `size` bytes in the arena, or NULL. */
static void *alloc_table(td_arena *arena, size_t a, size_t b, size_t size)
{
    if (a > 0 && b > 0 && (a > SIZE_MAX / b || a * b > SIZE_MAX / size))
        return NULL;
    return td_arena_alloc(arena, a * b * size);
}

typedef struct member_tables {
    td_decimal *sections, *nodes;
    int64_t *events;
    td_award_cell *awards;
    td_member_texts *texts; /* NULL: no explanation kept */
} member_tables;

/* Members [lo, hi) of the result: their units and names copied, their
 * places in the tables (a stage of member ranges: each thread copies into
 * its own arena of the result). */
static td_status member_range(td_eval *ev, void *ctx, size_t lo, size_t hi)
{
    const member_tables *t = ctx;
    const td_cluster *cl = ev->cluster;
    const td_rules *r = ev->rules;
    for (size_t m = lo; m < hi; m++) {
        td_member_result *mr = &ev->members[m];
        mr->unit = td_arena_strdup(ev->arena, cl->members[m].id);
        mr->name = td_arena_strdup(ev->arena, cl->members[m].name);
        if (mr->unit == NULL || mr->name == NULL)
            return td_error_nomem(ev->err);
        mr->section_points = t->sections + m * r->section_count;
        mr->node_points = t->nodes + m * r->node_count;
        mr->event_counts = t->events + m * r->adjustment_count;
        mr->awards = t->awards + m * r->award_count;
        mr->texts = t->texts != NULL ? &t->texts[m] : NULL;
        mr->is_leader = cl->leader == (long)m;
        mr->is_deputy = cl->deputy == (long)m;
        if (cl->members[m].group != NULL && (mr->group = td_arena_strdup(ev->arena, cl->members[m].group)) == NULL)
            return td_error_nomem(ev->err);
        mr->classification = -1;
        mr->cluster_index = (uint32_t)m; /* below UINT32_MAX members: evaluate() */
    }
    return TD_OK;
}

/* The members' results, with their cells and measure values in columns
 * (one per criterion, one per measure: model.h, store.c) and the rest of
 * what they hold in one block per kind: no allocation per member. */
static td_status allocate_members(td_eval *ev)
{
    const td_rules *r = ev->rules;
    td_result *res = ev->result;
    td_arena *arena = &res->arena;
    size_t n = ev->n;
    res->member_count = n;
    ev->members = alloc_table(arena, n, 1, sizeof(td_member_result));
    td_decimal *sections = alloc_table(arena, r->section_count, n, sizeof(td_decimal));
    int64_t *events = alloc_table(arena, r->adjustment_count, n, sizeof(int64_t));
    td_award_cell *awards = alloc_table(arena, r->award_count, n, sizeof(td_award_cell));
    td_decimal *nodes = alloc_table(arena, r->node_count, n, sizeof(td_decimal));
    td_member_texts *texts = NULL;
    if (res->explain_mode != TD_EXPLAIN_NONE && (texts = alloc_table(arena, n, 1, sizeof *texts)) == NULL)
        return td_error_nomem(ev->err);
    if (ev->members == NULL || sections == NULL || events == NULL || awards == NULL || nodes == NULL)
        return td_error_nomem(ev->err);
    TRY(td_result_alloc_columns(res, n, res->explain_mode == TD_EXPLAIN_ALL, ev->err));
    member_tables tables = {sections, nodes, events, awards, texts};
    return td_eval_members(ev, member_range, &tables);
}

/* Numbers the manual criteria and finds the cluster's column of each one's
 * points from each source (ev->score_col, TD_NONE: none given). */
static td_status allocate_scores(td_eval *ev)
{
    const td_rules *r = ev->rules;
    const td_allocator *a = &ev->result->arena.alloc;
    ev->manual_slot = td_alloc(a, r->criterion_count * sizeof(size_t) + 1);
    if (ev->manual_slot == NULL)
        return td_error_nomem(ev->err);
    for (size_t c = 0; c < r->criterion_count; c++)
        ev->manual_slot[c] = r->criteria[c].rule == TD_RULE_MANUAL ? ev->manual_count++ : TD_NONE;
    if (ev->manual_count == 0)
        return TD_OK;
    if (ev->manual_count > SIZE_MAX / 3 / sizeof(size_t))
        return td_error_nomem(ev->err);
    ev->score_col = td_alloc(a, ev->manual_count * 3 * sizeof(size_t));
    if (ev->score_col == NULL)
        return td_error_nomem(ev->err);
    for (size_t c = 0; c < r->criterion_count; c++) {
        size_t slot = ev->manual_slot[c], number;
        if (slot == TD_NONE)
            continue;
        bool named = td_cluster_name_number(ev->cluster, r->criteria[c].id, &number);
        for (size_t s = 0; s < 3; s++) {
            size_t k = named ? number * TD_VALUE_KINDS + TD_VALUE_SCORE + s : TD_NONE;
            ev->score_col[slot * 3 + s] = k != TD_NONE && td_cluster_vcol_used(ev->cluster, k) ? k : TD_NONE;
        }
    }
    return TD_OK;
}

/* Event counts by adjustment index. */
static void count_events(td_eval *ev, const td_rulebook *rb)
{
    for (size_t e = 0; e < ev->cluster->event_count; e++) {
        const td_event_rec *rec = &ev->cluster->events[e];
        size_t item;
        if (td_map_get_str(&rb->adjustment_index, rec->item, &item))
            ev->members[rec->member].event_counts[item] = rec->count;
    }
}

/* The history records of each member and of its predecessors. */
static td_status collect_records(td_eval *ev)
{
    const td_cluster *cl = ev->cluster;
    size_t nu = cl->unit_count;
    if (cl->history_count == 0)
        return TD_OK;
    if (nu > SIZE_MAX / 2 / sizeof(size_t))
        return td_error_nomem(ev->err);
    /* one walk per member, each with its own stamp: the marks start zeroed */
    size_t *mark = td_arena_alloc(&ev->result->arena, 2 * nu * sizeof(size_t));
    if (mark == NULL)
        return td_error_nomem(ev->err);
    size_t *lineage = mark + nu;
    for (size_t m = 0; m < ev->n; m++) {
        td_member_result *mr = &ev->members[m];
        size_t start;
        if (!td_map_get_str(&cl->unit_index, cl->members[m].id, &start))
            continue; /* neither history nor predecessors */
        size_t reached = td_cluster_lineage(cl, start, mark, m + 1, lineage);
        size_t count = 0;
        for (size_t u = 0; u < reached; u++)
            for (size_t h = cl->units[lineage[u]].first_record; h != TD_NONE; h = cl->history[h].next)
                count++;
        if (count == 0)
            continue;
        mr->records = td_arena_alloc(&ev->result->arena, count * sizeof(td_record));
        if (mr->records == NULL)
            return td_error_nomem(ev->err);
        for (size_t u = 0; u < reached; u++)
            for (size_t h = cl->units[lineage[u]].first_record; h != TD_NONE; h = cl->history[h].next) {
                const char *id = td_arena_strdup(&ev->result->arena, cl->history[h].id);
                if (id == NULL)
                    return td_error_nomem(ev->err);
                mr->records[mr->record_count++] = (td_record){cl->history[h].period, id};
            }
    }
    return TD_OK;
}

/* Derived measure *ctx of members [lo, hi), once over targets and once
 * over actuals (a stage of member ranges). */
static td_status derive_range(td_eval *ev, void *ctx, size_t lo, size_t hi)
{
    size_t i = *(const size_t *)ctx;
    const td_rules *r = ev->rules;
    const td_measure *ms = &r->measures[i];
    for (size_t m = lo; m < hi; m++) {
        for (int side = 0; side < 2; side++) {
            /* side 1: targets; a side without a formula comes from the data (1.1) */
            const td_cexpr *e = ms->expr[side == 1 ? TD_SIDE_TARGET : TD_SIDE_ACTUAL];
            if (e == NULL)
                continue;
            td_member_ctx cx = {ev->result, r, ev->members, ev->n, m, ev->period, side == 1};
            td_fx fast;
            bool unused;
            if (ev->fast && td_member_eval_fast(e, &cx, &fast, &unused) &&
                td_fx_round(fast, 6, TD_ROUNDING_HALF_UP, &fast)) {
                td_mcol *col = &ev->result->measures[i];
                col->flags[m] |= side == 1 ? TD_CELL_TARGET : TD_CELL_ACTUAL;
                td_fx_put(side == 1 ? &col->target : &col->actual, m, fast);
                continue;
            }
            atomic_fetch_add_explicit(&ev->result->general_path, 1, memory_order_relaxed);
            td_expr_host host = td_member_host(&cx);
            td_xvalue x;
            td_error local;
            td_status rc = td_cexpr_eval(e, &host, &x, &local);
            if (rc == TD_ENOTFOUND)
                continue; /* an input is missing: no value on this side */
            if (rc == TD_OK)
                rc = td_decimal_round(&x.number, x.number, 6, TD_ROUNDING_HALF_UP, &local);
            if (rc == TD_ENOMEM)
                return td_error_nomem(ev->err);
            if (rc != TD_OK) {
                /* a fault of a formula read from a file keeps its place in the
                 * file; otherwise (a formula given in code, a rounding overflow)
                 * the error has no position */
                bool placed = local.file[0] != '\0';
                return td_error_set_at(ev->err, TD_EDATA, local.file, placed ? local.line : 0,
                                       placed ? local.column : 0, "derived measure '%s' of unit '%s' (%s): %s",
                                       ms->id, ev->members[m].unit, side == 1 ? "targets" : "actuals",
                                       local.message);
            }
            /* the other side reads other measures only: stored at once */
            TRY(td_mvalue_set(ev->result, i, m, side == 1, x.number, ev->err));
        }
    }
    return TD_OK;
}

/* A value of a measure the rulebook does not know, when it declares
 * inputs (rulebook 1.1): a data error, with the nearest known id. */
static td_status unknown_measure(td_eval *ev, size_t number, size_t member)
{
    const td_rules *r = ev->rules;
    const char *name = ev->cluster->names[number];
    td_suggestion s;
    td_suggest_init(&s, name);
    for (size_t i = 0; i < r->measure_count; i++)
        td_suggest_visit(&s, r->measures[i].id);
    char hint[96] = "";
    if (s.best != NULL)
        snprintf(hint, sizeof hint, " (did you mean '%s'?)", s.best);
    return td_cluster_member_error(ev->cluster, member, ev->err, TD_EDATA,
                                   "unit '%s' gives measure '%s', which rulebook '%s' does not know: with "
                                   "inputs declared, every measure of the data must be a criterion's, an "
                                   "input or one a formula names%s",
                                   ev->cluster->members[member].id, name, r->id, hint);
}

/* The lowest member with a value in column k (it has one). */
static size_t lowest_member(const td_cluster *cl, size_t k)
{
    const td_vcol *col = &cl->vcols[k];
    size_t low = TD_NONE;
    for (size_t m = 0; m < col->len && col->count > 0; m++)
        if (col->scale[m] != TD_VCOL_ABSENT) {
            low = m;
            break;
        }
    for (size_t i = 0; col->spilled > 0 && i < cl->spill_count; i++)
        if (cl->spill[i].col == k && cl->spill[i].member < low)
            low = cl->spill[i].member;
    return low;
}

/* The data's errors about measures, each found by column: a measure the
 * rulebook does not know (with inputs declared) or an actual a roll-up
 * gives, the first given of them; then data for a side a formula derives,
 * the first by measure, then by member. */
static td_status check_measure_data(td_eval *ev)
{
    const td_rules *r = ev->rules;
    const td_cluster *cl = ev->cluster;
    size_t first = TD_NONE, bad = TD_NONE, bad_member = TD_NONE;
    for (size_t k = 0; k < cl->name_count * TD_VALUE_KINDS; k++) {
        int kind = (int)(k % TD_VALUE_KINDS);
        if (kind >= TD_VALUE_SCORE || !td_cluster_vcol_used(cl, k))
            continue;
        size_t i = ev->name_measure[k / TD_VALUE_KINDS];
        bool wrong = (i == TD_NONE && r->input_count > 0) ||
                     (i != TD_NONE && kind == TD_VALUE_ACTUAL && r->measures[i].rollup &&
                      r->measures[i].side_formula[TD_SIDE_ACTUAL] == NULL);
        if (wrong && (first == TD_NONE || cl->vcols[k].first_seq < cl->vcols[first].first_seq))
            first = k;
        if (i == TD_NONE || r->measures[i].side_formula[kind == TD_VALUE_TARGET ? TD_SIDE_TARGET : TD_SIDE_ACTUAL] == NULL)
            continue;
        size_t low = lowest_member(cl, k), bi = bad == TD_NONE ? TD_NONE : ev->name_measure[bad / TD_VALUE_KINDS];
        if (bad == TD_NONE || i < bi ||
            (i == bi && (low < bad_member ||
                         (low == bad_member && cl->vcols[k].first_seq < cl->vcols[bad].first_seq)))) {
            bad = k;
            bad_member = low;
        }
    }
    if (first != TD_NONE) {
        size_t i = ev->name_measure[first / TD_VALUE_KINDS], member = cl->vcols[first].first_member;
        if (i == TD_NONE)
            return unknown_measure(ev, first / TD_VALUE_KINDS, member);
        return td_cluster_member_error(cl, member, ev->err, TD_EDATA,
                                       "the data of unit '%s' gives the actual of measure '%s', which a "
                                       "roll-up gives (given twice)",
                                       cl->members[member].id, r->measures[i].id);
    }
    if (bad == TD_NONE)
        return TD_OK;
    const td_measure *me = &r->measures[ev->name_measure[bad / TD_VALUE_KINDS]];
    if (me->formula != NULL)
        return td_error_set(ev->err, TD_EDATA,
                            "the data of unit '%s' gives measure '%s', which the rulebook "
                            "derives from the formula '%s'",
                            cl->members[bad_member].id, me->id, me->formula);
    int side = bad % TD_VALUE_KINDS == TD_VALUE_TARGET ? TD_SIDE_TARGET : TD_SIDE_ACTUAL;
    return td_error_set(ev->err, TD_EDATA,
                        "the data of unit '%s' gives the %s of measure '%s', which the rulebook "
                        "derives from the formula '%s'",
                        cl->members[bad_member].id, side == TD_SIDE_TARGET ? "target" : "actual", me->id,
                        me->side_formula[side]);
}

/* Member m's value v of measure i (a target or an actual) into the result. */
static td_status place_value(td_eval *ev, size_t i, size_t m, bool target, td_decimal v)
{
    td_fx x;
    if (ev->fast && td_fx_of(v, &x)) {
        td_mcol *col = &ev->result->measures[i];
        col->flags[m] |= target ? TD_CELL_TARGET : TD_CELL_ACTUAL;
        td_numcol *to = target ? &col->target : &col->actual;
        to->coef[m] = x.c;
        to->scale[m] = (signed char)x.s;
        return TD_OK;
    }
    return td_mvalue_set(ev->result, i, m, target, v, ev->err);
}

/* The cluster column k that gives measure *i's targets (*target) or
 * actuals from the data; false when it gives none. */
static bool data_column(const td_eval *ev, size_t k, size_t *i, bool *target)
{
    const td_rules *r = ev->rules;
    int kind = (int)(k % TD_VALUE_KINDS);
    *i = ev->name_measure[k / TD_VALUE_KINDS];
    *target = kind == TD_VALUE_TARGET;
    /* not a measure of the rulebook (version 1: ignored), spilled (placed one by one), or a formula's */
    return kind < TD_VALUE_SCORE && *i != TD_NONE && ev->cluster->vcols[k].count > 0 &&
           r->measures[*i].side_formula[*target ? TD_SIDE_TARGET : TD_SIDE_ACTUAL] == NULL;
}

typedef struct copy_job {
    _Atomic size_t others; /* values left for place_value() */
} copy_job;

/* The values of members [lo, hi) that a column keeps in 64 bits, as they
 * are (normalised already), in every data column: a stage of member
 * ranges, so that each member's flags are written by one thread. */
static td_status copy_range(td_eval *ev, void *ctx, size_t lo, size_t hi)
{
    copy_job *job = ctx;
    const td_cluster *cl = ev->cluster;
    size_t others = 0;
    for (size_t k = 0; k < cl->name_count * TD_VALUE_KINDS; k++) {
        size_t i;
        bool target;
        if (!data_column(ev, k, &i, &target))
            continue;
        const td_vcol *from = &cl->vcols[k];
        td_mcol *col = &ev->result->measures[i];
        td_numcol *to = target ? &col->target : &col->actual;
        unsigned char flag = target ? TD_CELL_TARGET : TD_CELL_ACTUAL;
        for (size_t m = lo; m < hi && m < from->len; m++) {
            signed char s = from->scale[m];
            if (s == TD_VCOL_ABSENT)
                continue;
            if (s >= 0 && td_fx_ok(from->coef[m])) {
                col->flags[m] |= flag;
                to->coef[m] = from->coef[m];
                to->scale[m] = s;
            } else {
                others++;
            }
        }
    }
    atomic_fetch_add_explicit(&job->others, others, memory_order_relaxed);
    return TD_OK;
}

/* Base measures from the data, column by column, then derived measures
 * from their formulas, once over targets and once over actuals. */
static td_status compute_measures(td_eval *ev)
{
    const td_rules *r = ev->rules;
    const td_cluster *cl = ev->cluster;
    TRY(check_measure_data(ev));
    /* the fast path copies what fits in member ranges (threads); the rest, in
     * the order of the columns, is placed below, where an error can arise */
    copy_job job;
    atomic_init(&job.others, 0);
    if (ev->fast)
        TRY(td_eval_members(ev, copy_range, &job));
    for (size_t k = 0; k < cl->name_count * TD_VALUE_KINDS && (!ev->fast || atomic_load(&job.others) > 0); k++) {
        size_t i;
        bool target;
        if (!data_column(ev, k, &i, &target))
            continue;
        const td_vcol *from = &cl->vcols[k];
        for (size_t m = 0; m < from->len; m++) {
            signed char s = from->scale[m];
            if (s == TD_VCOL_ABSENT || (ev->fast && s >= 0 && td_fx_ok(from->coef[m])))
                continue; /* absent, or copied above */
            td_decimal v;
            td_cluster_vcol_value(cl, k, m, &v);
            TRY(place_value(ev, i, m, target, v));
        }
    }
    for (size_t e = 0; e < cl->spill_count; e++) {
        const td_spill *sp = &cl->spill[e];
        int kind = (int)(sp->col % TD_VALUE_KINDS);
        size_t i = ev->name_measure[sp->col / TD_VALUE_KINDS];
        bool target = kind == TD_VALUE_TARGET;
        if (kind >= TD_VALUE_SCORE || i == TD_NONE ||
            r->measures[i].side_formula[target ? TD_SIDE_TARGET : TD_SIDE_ACTUAL] != NULL)
            continue;
        TRY(place_value(ev, i, sp->member, target, sp->value));
    }
    /* 1.1: roll-ups give their measures' actuals, before the formulas read them */
    if (r->rollup_count > 0 || ev->cluster->below_count > 0) /* units below are checked even without roll-ups */
        TRY(td_eval_rollups(ev));
    /* derived measures in order: each may use the ones before it */
    for (size_t i = 0; i < r->measure_count; i++)
        if (td_measure_derived(&r->measures[i]))
            TRY(td_eval_members(ev, derive_range, &i));
    return TD_OK;
}

/* Met counts over the criteria that have an attainment, of members [lo,
 * hi): 256 members at a time, each criterion's flags read in a row. */
static td_status count_met(td_eval *ev, void *ctx, size_t lo, size_t hi)
{
    (void)ctx;
    enum { BLOCK = 256 };
    size_t met[BLOCK];
    bool all[BLOCK];
    for (size_t start = lo; start < hi; start += BLOCK) {
        size_t count = hi - start < BLOCK ? hi - start : BLOCK;
        for (size_t i = 0; i < count; i++) {
            met[i] = 0;
            all[i] = true;
        }
        for (size_t c = 0; c < ev->rules->criterion_count; c++) {
            const unsigned char *flags = ev->result->cells[c].flags + start;
            for (size_t i = 0; i < count; i++) {
                bool has = (flags[i] & TD_CELL_ATTAINMENT) != 0, hit = (flags[i] & TD_CELL_MET) != 0;
                met[i] += has && hit;
                all[i] = all[i] && (!has || hit);
            }
        }
        for (size_t i = 0; i < count; i++) {
            ev->members[start + i].count_met = (uint32_t)met[i]; /* at most the criteria */
            ev->members[start + i].all_met = all[i];
        }
    }
    return TD_OK;
}

/* Orders members by unit id (byte order = code-point order). */
static int by_unit(const void *ctx, size_t ia, size_t ib)
{
    const td_member_result *a = (const td_member_result *)ctx + ia, *b = (const td_member_result *)ctx + ib;
    return strcmp(a->unit, b->unit);
}

/* The result's index of units: a copy of the cluster's, whose keys are
 * the same bytes (one per member, its cluster index as value), with each
 * key and value replaced by the result's copy of the unit and its place
 * in `order`: no unit hashed again. Errors: TD_ENOMEM. */
typedef struct index_job {
    td_map_slot *slots;
    size_t cap, parts;
    const size_t *place;
} index_job;

/* Part t of the copied slots (a task: the parts go to the threads). */
static td_status index_part(td_eval *ev, void *ctx, size_t t)
{
    const index_job *job = ctx;
    size_t lo = job->cap / job->parts * t, hi = t + 1 == job->parts ? job->cap : job->cap / job->parts * (t + 1);
    for (size_t i = lo; i < hi; i++) {
        td_map_slot *slot = &job->slots[i];
        if (slot->key == NULL)
            continue;
        size_t m = slot->value;
        assert(m < ev->n && strcmp(ev->members[m].unit, slot->key) == 0);
        slot->key = ev->members[m].unit;
        slot->value = job->place[m];
    }
    return TD_OK;
}

static td_status index_units(td_eval *ev, const size_t *order, size_t *place)
{
    const td_map *from = &ev->cluster->member_index;
    td_map *to = &ev->result->member_index;
    assert(from->count == ev->n && from->cap > 0);
    for (size_t i = 0; i < ev->n; i++)
        place[order[i]] = i;
    td_map_slot *slots = td_alloc(&to->alloc, from->cap * sizeof *slots);
    if (slots == NULL)
        return td_error_nomem(ev->err);
    memcpy(slots, from->slots, from->cap * sizeof *slots);
    index_job job = {slots, from->cap, ev->worker_count + 1, place};
    td_status rc = td_eval_tasks(ev, job.parts, index_part, &job);
    assert(rc == TD_OK); /* no part allocates or reports */
    (void)rc;
    to->slots = slots;
    to->cap = from->cap;
    to->count = from->count;
    return TD_OK;
}

/* The result order: the members stay where their columns are (cluster
 * order) and an index gives them by rank, then unit id: the ranking's
 * order with each tie sorted by unit. */
static td_status finish_layout(td_eval *ev)
{
    td_result *res = ev->result;
    if (ev->n > SIZE_MAX / 2 / sizeof(size_t))
        return td_error_nomem(ev->err);
    size_t *order = td_arena_alloc(&res->arena, 2 * ev->n * sizeof(size_t));
    if (order == NULL)
        return td_error_nomem(ev->err);
    memcpy(order, ev->rank_order, ev->n * sizeof *order);
    for (size_t gs = 0, ge; gs < ev->n; gs = ge) {
        for (ge = gs + 1; ge < ev->n && ev->members[order[ge]].rank == ev->members[order[gs]].rank; ge++)
            ;
        if (ge - gs > 1)
            td_sort_indices(order + gs, ge - gs, by_unit, ev->members, order + ev->n);
    }
    res->members = ev->members;
    res->order = order;
    res->member_count = ev->n;
    return index_units(ev, order, order + ev->n);
}

/* The parameters' values (rulebook 1.1): the rulebook's, replaced by those
 * the cluster's data sets for its period; one the rulebook does not
 * declare is an error at the place the data set it. */
static td_status resolve_parameters(td_eval *ev, const td_rulebook *rb)
{
    const td_rules *r = ev->rules;
    const td_cluster *cl = ev->cluster;
    td_result *res = ev->result;
    if (r->param_count > 0 && (res->params = td_arena_alloc(&res->arena, r->param_count * sizeof(td_decimal))) == NULL)
        return td_error_nomem(ev->err);
    for (size_t i = 0; i < r->param_count; i++)
        res->params[i] = r->params[i].value;
    for (size_t i = 0; i < cl->param_count; i++) {
        const td_param *given = &cl->params[i];
        size_t p;
        if (td_map_get_str(&rb->param_index, given->id, &p)) {
            res->params[p] = given->value;
            continue;
        }
        td_suggestion s;
        td_suggest_init(&s, given->id);
        td_rulebook_each_parameter(rb, td_suggest_visit, &s);
        char hint[96] = "";
        if (s.best != NULL)
            snprintf(hint, sizeof hint, " (did you mean '%s'?)", s.best);
        return td_error_set_at(ev->err, TD_EDATA, given->file, given->line, given->column,
                               "cluster '%s' sets parameter '%s', which rulebook '%s' does not declare%s", cl->id,
                               given->id, r->id, hint);
    }
    return TD_OK;
}

/* The members' groups (rulebook 1.1): each one's size, and its index for
 * the group ranks (ev->group_of); a rulebook that reads groups needs every
 * member in one. */
static td_status count_groups(td_eval *ev)
{
    const td_cluster *cl = ev->cluster;
    size_t n = ev->n, groups = 0;
    bool any = false;
    for (size_t m = 0; m < n && !any; m++)
        any = ev->members[m].group != NULL;
    if (ev->rules->uses_groups)
        for (size_t m = 0; m < n; m++)
            if (ev->members[m].group == NULL)
                return td_cluster_member_error(cl, m, ev->err, TD_EDATA,
                                               "unit '%s' has no group, and rulebook '%s' reads the members' groups "
                                               "(group, group_size, group_rank or a quota per: group): give every "
                                               "member a group",
                                               ev->members[m].unit, ev->rules->id);
    if (!any)
        return TD_OK;
    td_map index;
    td_map_init(&index, &ev->result->arena.alloc);
    size_t *size = td_arena_alloc(&ev->result->arena, n * sizeof *size);
    ev->group_of = td_arena_alloc(&ev->result->arena, n * sizeof *ev->group_of);
    td_status rc = size == NULL || ev->group_of == NULL ? td_error_nomem(ev->err) : TD_OK;
    for (size_t m = 0; rc == TD_OK && m < n; m++) {
        const char *g = ev->members[m].group;
        size_t at = TD_NONE;
        if (g != NULL && !td_map_get_str(&index, g, &at)) {
            at = groups++;
            rc = td_map_put(&index, g, strlen(g), at, ev->err);
        }
        ev->group_of[m] = at;
        if (at != TD_NONE)
            size[at]++;
    }
    td_map_free(&index);
    for (size_t m = 0; rc == TD_OK && m < n; m++)
        ev->members[m].group_size = ev->group_of[m] != TD_NONE ? (uint32_t)size[ev->group_of[m]] : 0;
    ev->group_count = groups;
    return rc;
}

/* TD_EXPLAIN_ON_DEMAND: room for the texts rendered later. */
static td_status prepare_on_demand(td_eval *ev)
{
    td_result *res = ev->result;
    if (res->explain_mode != TD_EXPLAIN_ON_DEMAND)
        return TD_OK;
    size_t nc = ev->rules->criterion_count;
    res->cell_texts = alloc_table(&res->arena, nc, ev->n, sizeof *res->cell_texts);
    if (res->cell_texts == NULL)
        return td_error_nomem(ev->err);
    for (size_t i = 0; i < nc * ev->n; i++)
        atomic_init(&res->cell_texts[i], NULL);
    return TD_OK;
}

/* The cluster's report block into the result's arena: reports read the result only. */
static td_status copy_report_block(td_result *res, const td_report_block *from, td_error *err)
{
    td_report_block *to = &res->report;
    for (size_t f = 0; f < TD_REPORT_FIELD_COUNT; f++)
        if (from->fields[f] != NULL && (to->fields[f] = td_arena_strdup(&res->arena, from->fields[f])) == NULL)
            return td_error_nomem(err);
    for (size_t i = 0; i < from->signer_count; i++)
        for (size_t f = 0; f < TD_SIGNER_FIELD_COUNT; f++)
            if ((to->signers[i][f] = td_arena_strdup(&res->arena, from->signers[i][f])) == NULL)
                return td_error_nomem(err);
    to->signer_count = from->signer_count;
    return TD_OK;
}

static td_status run(td_eval *ev, const td_rulebook *rb)
{
    const td_cluster *cl = ev->cluster;
    if (cl->member_count == 0)
        return td_error_set(ev->err, TD_EDATA, "cluster '%s' has no member", cl->id);
    TRY(index_names(ev));
    TRY(check_scores_and_events(ev, rb));
    td_result *res = ev->result;
    res->cluster_id = td_arena_strdup(&res->arena, cl->id);
    res->cluster_name = td_arena_strdup(&res->arena, cl->name);
    res->cluster_kind = cl->kind;
    if (res->cluster_id == NULL || res->cluster_name == NULL)
        return td_error_nomem(ev->err);
    TRY(copy_report_block(res, &cl->report, ev->err));
    res->period = cl->period;
    TRY(resolve_parameters(ev, rb));
    TRY(allocate_members(ev));
    TRY(count_groups(ev));
    TRY(allocate_scores(ev));
    count_events(ev, rb);
    TRY(collect_records(ev));
    TRY(compute_measures(ev));
    for (size_t c = 0; c < ev->rules->criterion_count; c++)
        TRY(td_attain_criterion(ev, c));
    TRY(td_eval_members(ev, count_met, NULL));
    TRY(td_rank_criteria(ev));
    /* on demand, the criteria are explained when asked (td_render_cell()) */
    TRY(prepare_on_demand(ev));
    ev->say = res->explain_mode == TD_EXPLAIN_ALL;
    for (size_t c = 0; c < ev->rules->criterion_count; c++)
        TRY(td_score_criterion(ev, c));
    ev->say = res->explain_mode != TD_EXPLAIN_NONE;
    TRY(td_compute_totals(ev));
    TRY(td_classify(ev));
    TRY(td_rank(ev));
    TRY(td_decide_awards(ev));
    TRY(td_choose_leader(ev));
    return finish_layout(ev);
}

static td_status evaluate(td_result **out, const td_rulebook *rb, const td_cluster *cl,
                         const td_eval_options *opts, bool fast, td_error *err)
{
    if (out == NULL || rb == NULL || cl == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL",
                            out == NULL ? "out" : rb == NULL ? "the rulebook" : "the cluster");
    if (opts != NULL && options_size(opts->version) == 0)
        return td_error_set(err, TD_EINVAL, "unknown td_eval_options version %u", opts->version);
    td_explain explain = opts != NULL && opts->version >= 2 ? opts->explain : TD_EXPLAIN_ALL;
    unsigned threads = opts != NULL && opts->version >= 2 ? opts->threads : 1;
    if (explain != TD_EXPLAIN_ALL && explain != TD_EXPLAIN_NONE && explain != TD_EXPLAIN_ON_DEMAND)
        return td_error_set(err, TD_EINVAL, "unknown td_eval_options explain value %d", (int)explain);
    size_t max_cells = opts != NULL && opts->version >= 3 && opts->max_cells != 0 ? opts->max_cells
                                                                                    : TD_DEFAULT_MAX_CELLS;
    size_t per_member = rb->rules.criterion_count + rb->rules.node_count + rb->rules.measure_count +
                        rb->rules.award_count + 1;
    if (cl->member_count >= UINT32_MAX) /* td_member_result's counts are 32-bit */
        return td_error_set(err, TD_ELIMIT, "evaluating %zu members: at most %lu members can be evaluated at once",
                            cl->member_count, (unsigned long)UINT32_MAX - 1);
    if (cl->member_count > max_cells / per_member)
        return td_error_set(err, TD_ELIMIT,
                            "evaluating %zu members by rulebook '%s' computes more than %zu cells (%zu per member; "
                            "the limit of one evaluation's work, td_eval_options.max_cells)",
                            cl->member_count, rb->rules.id, max_cells, per_member);
    td_allocator a;
    td_allocator_resolve(&a, opts != NULL ? opts->allocator : NULL);
    td_result *res = td_alloc(&a, sizeof *res);
    if (res == NULL)
        return td_error_nomem(err);
    memset(res, 0, sizeof *res);
    atomic_init(&res->general_path, 0);
    td_arena_init(&res->arena, &a);
    td_map_init(&res->member_index, &a);
    td_rulebook_retain(rb);
    res->rulebook = rb;
    res->explain_mode = explain;

    td_eval ev;
    memset(&ev, 0, sizeof ev);
    ev.rules = &rb->rules;
    ev.cluster = cl;
    ev.result = res;
    ev.n = cl->member_count;
    ev.err = err;
    ev.say = explain != TD_EXPLAIN_NONE;
    ev.fast = fast;
    /* versions 1 and 2 explained conditions as formulas */
    ev.formulas = opts != NULL && (opts->version < 3 || opts->formulas);
    ev.period = cl->period;
    ev.opts = opts;
    ev.arena = &res->arena;
    td_buf_init(&ev.text[0], &res->arena.alloc);
    td_buf_init(&ev.text[1], &res->arena.alloc);
    td_status rc = td_eval_start_workers(&ev, threads);
    if (rc == TD_OK)
        rc = run(&ev, rb);
    td_eval_stop_workers(&ev);
    td_buf_free(&ev.text[0]);
    td_buf_free(&ev.text[1]);
    td_dealloc(&a, ev.name_criterion);
    td_dealloc(&a, ev.manual_slot);
    td_dealloc(&a, ev.score_col);
    if (rc != TD_OK) {
        td_result_free(res);
        return rc;
    }
    *out = res;
    return TD_OK;
}

td_status td_evaluate(td_result **out, const td_rulebook *rb, const td_cluster *cl,
                      const td_eval_options *opts, td_error *err)
{
    return evaluate(out, rb, cl, opts, true, err);
}

td_status td_evaluate__general(td_result **out, const td_rulebook *rb, const td_cluster *cl,
                               const td_eval_options *opts, td_error *err)
{
    return evaluate(out, rb, cl, opts, false, err);
}
