/*
 * Attainment, the scoring rules and the criterion bonus, with their
 * explanations. See docs/scoring.md for the formulas.
 */
#include <string.h>

#include "pipeline.h"
#include "exprhost.h"
#include "fixed.h"

#define ATTAINMENT_PLACES 6

static int precision(const td_eval *ev)
{
    return ev->rules->precision;
}

static td_status round_points(td_eval *ev, td_decimal exact, td_decimal *out)
{
    return td_decimal_round(out, exact, precision(ev), TD_ROUNDING_HALF_UP, ev->err);
}

/* ---- presence of targets and actuals ---- */

static td_status missing(td_eval *ev, size_t m, const td_criterion *c, const char *what)
{
    return td_cluster_member_error(ev->cluster, m, ev->err, TD_EDATA,
                                   "unit '%s' has no %s for measure '%s' (criterion '%s')", ev->members[m].unit,
                                   what, c->measure, c->id);
}

/* Checks that every member has the targets and actuals the rule needs
 * (the cells read them from the measure's column): see "Details that
 * decide numbers" in the contract. */
static td_status gather(td_eval *ev, size_t ci)
{
    const td_criterion *c = &ev->rules->criteria[ci];
    const unsigned char *flags = ev->result->measures[c->measure_index].flags;
    size_t targets = 0;
    for (size_t m = 0; m < ev->n; m++)
        targets += (flags[m] & TD_CELL_TARGET) != 0;
    /* contract: every rule but manual needs a target and an actual (expr too) */
    bool manual = c->rule == TD_RULE_MANUAL;
    bool actual_only = (c->rule == TD_RULE_BEST && c->best_of == TD_BEST_OF_ACTUAL) ||
                       (c->rule == TD_RULE_BANDS && c->bands_of == TD_BANDS_OF_ACTUAL);
    for (size_t m = 0; m < ev->n; m++) {
        bool has_target = (flags[m] & TD_CELL_TARGET) != 0, has_actual = (flags[m] & TD_CELL_ACTUAL) != 0;
        if (!manual && !has_actual)
            return missing(ev, m, c, "actual result");
        if (!manual && !actual_only && !has_target)
            return missing(ev, m, c, "target");
        if ((manual || actual_only) && targets > 0 && !has_target)
            return td_cluster_member_error(ev->cluster, m, ev->err, TD_EDATA,
                                           "criterion '%s': targets for measure '%s' are given for %zu of %zu "
                                           "members but unit '%s' has none; give them for all members or none",
                                           c->id, c->measure, targets, ev->n, ev->members[m].unit);
    }
    return TD_OK;
}

/* ---- attainment ---- */

static td_decimal one(void)
{
    return td_decimal_from_int(1);
}

/* td_compute_attainment() in 64 bits: false when member m's numbers do
 * not fit (the general code then computes it, with the same value). */
static bool attain_fast(const td_mcol *measure, size_t m, td_direction direction, td_fx *r)
{
    td_fx t, a;
    if (!td_fx_get(&measure->target, m, &t) || !td_fx_get(&measure->actual, m, &a))
        return false;
    if (t.c == 0) {
        *r = td_fx_int(direction == TD_DIRECTION_HIGHER || a.c == 0 ? 1 : 0);
        return true;
    }
    if (direction == TD_DIRECTION_HIGHER)
        return td_fx_div(a, t, 6, TD_ROUNDING_HALF_UP, r);
    td_fx num;
    if (!td_fx_add(t, t, &num) || !td_fx_sub(num, a, &num))
        return false;
    if (td_fx_sign(num) <= 0) {
        *r = td_fx_int(0);
        return true;
    }
    return td_fx_div(num, t, 6, TD_ROUNDING_HALF_UP, r);
}

/* Computes the attainment on criterion *ctx of members [lo, hi) (no text yet). */
static td_status attain(td_eval *ev, void *ctx, size_t lo, size_t hi)
{
    size_t ci = *(const size_t *)ctx;
    const td_criterion *c = &ev->rules->criteria[ci];
    const td_mcol *measure = &ev->result->measures[c->measure_index];
    td_cellcol *cells = &ev->result->cells[ci];
    for (size_t m = lo; m < hi; m++) {
        if ((measure->flags[m] & (TD_CELL_TARGET | TD_CELL_ACTUAL)) != (TD_CELL_TARGET | TD_CELL_ACTUAL))
            continue; /* no attainment */
        td_fx fast;
        if (ev->fast && attain_fast(measure, m, c->direction, &fast)) {
            bool met = td_fx_cmp_one(fast) >= 0;
            cells->flags[m] = (unsigned char)((cells->flags[m] & ~(TD_CELL_ATTAINMENT | TD_CELL_MET)) |
                                              TD_CELL_ATTAINMENT | (met ? TD_CELL_MET : 0));
            td_fx_put(&cells->attainment, m, fast);
            continue;
        }
        atomic_fetch_add_explicit(&ev->result->general_path, 1, memory_order_relaxed);
        td_decimal r;
        td_status rc = td_compute_attainment(td_numcol_get(&measure->target, m), td_numcol_get(&measure->actual, m),
                                             c->direction, &r, ev->err);
        if (rc != TD_OK)
            return td_error_prefix(ev->err, rc, "criterion '%s', unit '%s'", c->id, ev->members[m].unit);
        TRY(td_cell_set_attainment(ev->result, ci, m, r, td_decimal_cmp(r, one()) >= 0, ev->err));
    }
    return TD_OK;
}

/* Explains how the cell's attainment came about. */
static td_status attainment_text(td_eval *ev, const td_criterion *c, const td_cell *cell)
{
    if (!cell->has_attainment) {
        if (cell->has_actual && (c->rule == TD_RULE_BEST || c->rule == TD_RULE_BANDS)) {
            td_eval_phrase(ev, TD_PH_ACTUAL);
            td_eval_decimal(ev, cell->actual);
        } else if (c->rule == TD_RULE_MANUAL) {
            td_eval_phrase(ev, TD_PH_SCORED_DIRECTLY);
        } else {
            td_eval_phrase(ev, TD_PH_NO_TARGET);
        }
        return TD_OK;
    }
    td_decimal t = cell->target, a = cell->actual, r = cell->attainment;
    bool lower = c->direction == TD_DIRECTION_LOWER;
    if (td_decimal_is_zero(t)) {
        if (lower) {
            td_eval_phrase(ev, TD_PH_LOWER_TARGET_ZERO);
            td_eval_decimal(ev, a);
            td_eval_both(ev, " → r = %s", td_decimal_is_zero(r) ? "0" : "1");
        } else {
            td_eval_phrase(ev, TD_PH_TARGET_ZERO);
        }
    } else {
        if (lower)
            td_eval_phrase(ev, TD_PH_LOWER_RATIO);
        td_eval_decimal(ev, a);
        td_eval_lit(ev, " / ");
        td_eval_decimal(ev, t);
        td_eval_both(ev, lower ? ") = " : " = ");
        td_decimal pct;
        TRY(td_decimal_mul(&pct, r, td_decimal_from_int(100), ev->err));
        td_eval_fixed(ev, pct, 2);
        td_eval_lit(ev, " %");
    }
    td_eval_phrase(ev, cell->met ? TD_PH_MET : TD_PH_NOT_MET);
    return TD_OK;
}

/* ---- the rules ---- */

static td_status rule_proportional(td_eval *ev, const td_criterion *c, td_cell *cell,
                                   td_decimal *exact)
{
    td_decimal capped = td_decimal_min(cell->attainment, c->cap);
    TRY(td_decimal_mul(exact, c->max, capped, ev->err));
    td_eval_lit(ev, " → min(");
    td_eval_decimal(ev, cell->attainment);
    td_eval_lit(ev, ", ");
    td_eval_decimal(ev, c->cap);
    td_eval_lit(ev, ") × ");
    td_eval_decimal(ev, c->max);
    return TD_OK;
}

static td_status rule_threshold(td_eval *ev, const td_criterion *c, td_cell *cell, td_decimal *exact)
{
    bool reached = td_decimal_cmp(cell->attainment, c->at) >= 0;
    *exact = reached ? c->max : td_decimal_zero();
    td_eval_lit(ev, " → ");
    td_eval_decimal(ev, cell->attainment);
    td_eval_both(ev, reached ? " ≥ " : " < ");
    td_eval_decimal(ev, c->at);
    td_eval_phrase(ev, reached ? TD_PH_THRESHOLD_FULL : TD_PH_THRESHOLD_ZERO);
    if (reached)
        td_eval_decimal(ev, c->max);
    return TD_OK;
}

/* " → max(min, M − deduct × steps)": the shortfall rule's points, as both
 * its forms (exact steps and rounded steps) end. */
static void say_shortfall_points(td_eval *ev, const td_criterion *c, td_decimal steps)
{
    td_eval_lit(ev, " → max(");
    td_eval_decimal(ev, c->floor_points);
    td_eval_lit(ev, ", ");
    td_eval_decimal(ev, c->max);
    td_eval_lit(ev, " − ");
    td_eval_decimal(ev, c->deduct);
    td_eval_lit(ev, " × ");
    td_eval_decimal(ev, steps);
    td_eval_lit(ev, ")");
}

static td_status rule_shortfall(td_eval *ev, const td_criterion *c, td_cell *cell, td_decimal *exact)
{
    if (cell->met) {
        *exact = c->max;
        td_eval_phrase(ev, TD_PH_NO_SHORTFALL_FULL);
        td_eval_decimal(ev, c->max);
        return TD_OK;
    }
    /* gap = (1 - r) x 100 percentage points; s = gap / per steps. */
    td_decimal gap, steps_x_per, deduct_x;
    TRY(td_decimal_sub(&gap, one(), cell->attainment, ev->err));
    TRY(td_decimal_mul(&gap, gap, td_decimal_from_int(100), ev->err));
    td_eval_phrase(ev, TD_PH_SHORTFALL);
    td_eval_decimal(ev, cell->attainment);
    td_eval_lit(ev, ") × 100 / ");
    td_eval_decimal(ev, c->per);
    td_decimal floor_x_per, max_x_per, num;
    if (c->step == TD_SHORTFALL_STEP_LINEAR) {
        /* points = (M x per - deduct x gap) / per, exact until the one rounding */
        td_decimal shown;
        TRY(td_decimal_div(&shown, gap, c->per, 6, TD_ROUNDING_HALF_UP, ev->err));
        TRY(td_decimal_mul(&steps_x_per, shown, c->per, ev->err));
        td_eval_both(ev, td_decimal_cmp(steps_x_per, gap) == 0 ? " = " : " ≈ ");
        td_eval_decimal(ev, shown);
        TRY(td_decimal_mul(&deduct_x, c->deduct, gap, ev->err));
        TRY(td_decimal_mul(&max_x_per, c->max, c->per, ev->err));
        TRY(td_decimal_sub(&num, max_x_per, deduct_x, ev->err));
        TRY(td_decimal_mul(&floor_x_per, c->floor_points, c->per, ev->err));
        if (td_decimal_cmp(num, floor_x_per) < 0)
            *exact = c->floor_points;
        else
            TRY(td_decimal_div(exact, num, c->per, precision(ev), TD_ROUNDING_HALF_UP, ev->err));
        say_shortfall_points(ev, c, shown);
        return TD_OK;
    }
    td_decimal s, lost, left;
    TRY(td_decimal_div(&s, gap, c->per, 0, c->step == TD_SHORTFALL_STEP_CEIL ? TD_ROUNDING_CEIL : TD_ROUNDING_FLOOR,
                       ev->err));
    td_eval_lit(ev, " → ");
    td_eval_decimal(ev, s);
    bool one = td_decimal_cmp(s, td_decimal_from_int(1)) == 0;
    if (c->step == TD_SHORTFALL_STEP_CEIL)
        td_eval_phrase(ev, one ? TD_PH_STEP_ROUNDED_UP : TD_PH_STEPS_ROUNDED_UP);
    else
        td_eval_phrase(ev, one ? TD_PH_STEP_ROUNDED_DOWN : TD_PH_STEPS_ROUNDED_DOWN);
    TRY(td_decimal_mul(&lost, c->deduct, s, ev->err));
    TRY(td_decimal_sub(&left, c->max, lost, ev->err));
    *exact = td_decimal_max(c->floor_points, left);
    say_shortfall_points(ev, c, s);
    return TD_OK;
}

static td_status rule_bands(td_eval *ev, const td_criterion *c, td_cell *cell, td_decimal *exact)
{
    bool of_actual = c->bands_of == TD_BANDS_OF_ACTUAL;
    td_decimal v = of_actual ? cell->actual : cell->attainment;
    /* Without an attainment the text so far is "actual v": go on from v.
     * With one it ends with the attainment, so name the actual compared. */
    if (!of_actual || cell->has_attainment) {
        td_eval_lit(ev, " → ");
        if (of_actual)
            td_eval_phrase(ev, TD_PH_ACTUAL);
        td_eval_decimal(ev, v);
    }
    size_t i = 0;
    while (i < c->band_count && td_decimal_cmp(v, c->bands[i].at) < 0)
        i++;
    if (i < c->band_count) {
        *exact = c->bands[i].points;
        td_eval_lit(ev, " ≥ ");
        td_eval_decimal(ev, c->bands[i].at);
        td_eval_phrasef(ev, TD_PH_BAND, i + 1);
        return TD_OK;
    }
    *exact = td_decimal_zero();
    td_eval_lit(ev, " < ");
    td_eval_decimal(ev, c->bands[c->band_count - 1].at);
    td_eval_phrase(ev, TD_PH_BELOW_EVERY_BAND);
    return TD_OK;
}

/* The value `best` compares for member m: its actual or its attainment. */
static td_decimal best_value(const td_eval *ev, const td_criterion *c, size_t m)
{
    const td_result *res = ev->result;
    size_t ci = (size_t)(c - ev->rules->criteria);
    if (c->best_of == TD_BEST_OF_ACTUAL)
        return td_numcol_get(&res->measures[c->measure_index].actual, m);
    return td_numcol_get(&res->cells[ci].attainment, m);
}

static td_status rule_best(td_eval *ev, size_t ci, size_t m, td_decimal *exact)
{
    const td_criterion *c = &ev->rules->criteria[ci];
    bool lowest = c->best_of == TD_BEST_OF_ACTUAL && c->direction == TD_DIRECTION_LOWER;
    size_t who = ev->result->best_member[ci];
    td_decimal best = best_value(ev, c, who);
    td_decimal v = best_value(ev, c, m);
    const char *best_unit = ev->members[who].unit;
    td_eval_lit(ev, " → ");
    if (lowest) {
        if (td_decimal_is_zero(v)) {
            *exact = c->max;
            td_eval_phrase(ev, TD_PH_LOWEST_ZERO_FULL);
            td_eval_decimal(ev, c->max);
            return TD_OK;
        }
        /* the quotient rounded to the precision is the one rounding */
        TRY(td_decimal_mul(exact, c->max, best, ev->err));
        TRY(td_decimal_div(exact, *exact, v, precision(ev), TD_ROUNDING_HALF_UP, ev->err));
        td_eval_decimal(ev, c->max);
        td_eval_lit(ev, " × ");
        td_eval_decimal(ev, best);
        td_eval_lit(ev, " / ");
        td_eval_decimal(ev, v);
        td_eval_phrasef(ev, TD_PH_LOWEST_HELD_BY, best_unit);
        return TD_OK;
    }
    if (td_decimal_is_zero(best)) {
        *exact = td_decimal_zero();
        td_eval_phrase(ev, TD_PH_BEST_ZERO);
        return TD_OK;
    }
    td_eval_decimal(ev, c->max);
    td_eval_lit(ev, " × ");
    td_eval_decimal(ev, v);
    td_eval_lit(ev, " / ");
    td_eval_decimal(ev, best);
    td_eval_phrasef(ev, TD_PH_BEST_HELD_BY, best_unit);
    TRY(td_decimal_mul(exact, c->max, v, ev->err));
    return td_decimal_div(exact, *exact, best, precision(ev), TD_ROUNDING_HALF_UP, ev->err);
}

static td_status rule_rank(td_eval *ev, size_t ci, size_t m, td_decimal *exact)
{
    const td_criterion *c = &ev->rules->criteria[ci];
    size_t rank = ev->result->crit_ranks[ci][m];
    *exact = rank <= c->rank_count ? c->rank_points[rank - 1] : td_decimal_zero();
    td_eval_phrasef(ev, TD_PH_RANK_OF, rank, ev->n);
    if (rank > c->rank_count)
        td_eval_phrase(ev, TD_PH_BEYOND_POINTS_LIST);
    return TD_OK;
}

static td_status rule_manual(td_eval *ev, size_t ci, size_t m, td_cell *cell, td_decimal *exact)
{
    /* the sources by td_source */
    static const td_phrase source[] = {TD_PH_SOURCE_SELF, TD_PH_SOURCE_CROSS, TD_PH_SOURCE_FINAL};
    const td_criterion *c = &ev->rules->criteria[ci];
    if (ev->rendering) {
        /* the points and their source were found when evaluating */
        *exact = cell->points;
        td_eval_phrase(ev, TD_PH_POINTS_FROM);
        td_eval_phrase(ev, source[cell->source]);
        return TD_OK;
    }
    int chosen = -1;
    const size_t *at = &ev->score_col[ev->manual_slot[ci] * 3];
    for (int s = TD_SCORE_SOURCE_FINAL; s >= TD_SCORE_SOURCE_SELF; s--) {
        td_decimal v;
        if (at[s] == TD_NONE || !td_cluster_vcol_value(ev->cluster, at[s], m, &v))
            continue;
        if (td_decimal_cmp(v, c->max) > 0) {
            char text[TD_DECIMAL_STRING_SIZE], max[TD_DECIMAL_STRING_SIZE];
            td_decimal_format(text, sizeof text, v);
            td_decimal_format(max, sizeof max, c->max);
            return td_error_set(ev->err, TD_EDATA,
                                "%s points %s of unit '%s' for criterion '%s' are outside [0, %s]",
                                td_phrase_text(source[s], TD_LANG_EN), text, ev->members[m].unit, c->id,
                                max);
        }
        if (chosen < 0) {
            chosen = s;
            *exact = v;
        }
    }
    if (chosen < 0)
        return td_cluster_member_error(ev->cluster, m, ev->err, TD_EDATA,
                                       "unit '%s' has no points for manual criterion '%s' from any source",
                                       ev->members[m].unit, c->id);
    cell->source = (signed char)chosen;
    td_eval_phrase(ev, TD_PH_POINTS_FROM);
    td_eval_phrase(ev, source[chosen]);
    return TD_OK;
}

static td_status rule_expr(td_eval *ev, size_t ci, size_t m, td_decimal *exact)
{
    const td_criterion *c = &ev->rules->criteria[ci];
    td_member_ctx cx = {ev->result, ev->rules, ev->members, ev->n, m, ev->period, false};
    td_expr_host host = td_member_host(&cx);
    td_xvalue v;
    TRY(td_cexpr_eval(c->expr, &host, &v, ev->err));
    td_eval_both(ev, " → %s = ", c->expr->source);
    td_eval_decimal(ev, v.number);
    *exact = v.number;
    if (td_decimal_sign(v.number) < 0 || td_decimal_cmp(v.number, c->max) > 0) {
        *exact = td_decimal_sign(v.number) < 0 ? td_decimal_zero() : c->max;
        td_eval_phrase(ev, TD_PH_CLAMPED);
        td_eval_decimal(ev, c->max);
        td_eval_lit(ev, "]");
    }
    return TD_OK;
}

static td_status criterion_bonus(td_eval *ev, const td_criterion *c, td_cell *cell)
{
    cell->bonus = td_decimal_zero();
    if (!c->has_bonus || !cell->has_attainment || td_decimal_cmp(cell->attainment, one()) <= 0)
        return TD_OK;
    td_decimal over, steps, amount;
    TRY(td_decimal_sub(&over, cell->attainment, one(), ev->err));
    TRY(td_decimal_mul(&over, over, td_decimal_from_int(100), ev->err));
    TRY(td_decimal_div(&steps, over, c->bonus_per, 0, TD_ROUNDING_FLOOR, ev->err));
    TRY(td_decimal_mul(&amount, c->bonus_points, steps, ev->err));
    td_eval_phrase(ev, TD_PH_CRITERION_BONUS);
    if (c->bonus_has_max) {
        td_eval_lit(ev, "min(");
        td_eval_decimal(ev, c->bonus_max);
        td_eval_lit(ev, ", ");
    }
    td_eval_decimal(ev, c->bonus_points);
    td_eval_lit(ev, " × ⌊(");
    td_eval_decimal(ev, cell->attainment);
    td_eval_lit(ev, " − 1) × 100 / ");
    td_eval_decimal(ev, c->bonus_per);
    td_eval_lit(ev, "⌋");
    if (c->bonus_has_max) {
        td_eval_lit(ev, ")");
        amount = td_decimal_min(amount, c->bonus_max);
    }
    TRY(round_points(ev, amount, &cell->bonus));
    td_eval_lit(ev, " = ");
    td_eval_points(ev, cell->bonus);
    return TD_OK;
}

/* Scores member m on criterion ci into *cell and explains it into the
 * text buffers (the same steps whether evaluating or rendering). */
static td_status score_cell(td_eval *ev, size_t ci, size_t m, td_cell *cell)
{
    const td_criterion *c = &ev->rules->criteria[ci];
    td_buf_reset(&ev->text[0]);
    td_buf_reset(&ev->text[1]);
    TRY(attainment_text(ev, c, cell));
    td_decimal exact = td_decimal_zero();
    switch (c->rule) {
    case TD_RULE_PROPORTIONAL: TRY(rule_proportional(ev, c, cell, &exact)); break;
    case TD_RULE_THRESHOLD: TRY(rule_threshold(ev, c, cell, &exact)); break;
    case TD_RULE_SHORTFALL: TRY(rule_shortfall(ev, c, cell, &exact)); break;
    case TD_RULE_BANDS: TRY(rule_bands(ev, c, cell, &exact)); break;
    case TD_RULE_BEST: TRY(rule_best(ev, ci, m, &exact)); break;
    case TD_RULE_RANK: TRY(rule_rank(ev, ci, m, &exact)); break;
    case TD_RULE_MANUAL: TRY(rule_manual(ev, ci, m, cell, &exact)); break;
    case TD_RULE_EXPR: TRY(rule_expr(ev, ci, m, &exact)); break;
    default:
        return td_error_set(ev->err, TD_ERROR, "criterion '%s' has an unsupported rule", c->id);
    }
    TRY(round_points(ev, exact, &cell->points));
    td_eval_lit(ev, " = ");
    td_eval_points(ev, cell->points);
    return criterion_bonus(ev, c, cell);
}

static td_status score_member(td_eval *ev, size_t ci, size_t m)
{
    td_cell cell;
    td_cell_get(&cell, ev->result, ci, m);
    TRY(score_cell(ev, ci, m, &cell));
    TRY(td_cell_set_points(ev->result, ci, m, &cell, ev->err));
    const char *(*texts)[2] = ev->result->cells[ci].explain;
    return texts != NULL ? td_eval_keep_text(ev, texts[m]) : TD_OK; /* none kept: none written */
}

td_status td_render_cell(const td_result *res, const td_member_result *mr, size_t ci, td_buf text[2],
                         td_error *err)
{
    td_eval ev;
    memset(&ev, 0, sizeof ev);
    ev.rules = &res->rulebook->rules;
    ev.result = (td_result *)res; /* read only: a rendering writes nothing of it */
    ev.n = res->member_count;
    ev.members = (td_member_result *)res->members;
    ev.period = res->period;
    ev.rendering = true;
    ev.say = true;
    ev.text[0] = text[0];
    ev.text[1] = text[1];
    ev.err = err;
    /* the same steps on a copy of the cell: the result stays as it is */
    td_cell cell;
    td_cell_get(&cell, res, ci, mr->cluster_index);
    td_status rc = score_cell(&ev, ci, mr->cluster_index, &cell);
    text[0] = ev.text[0];
    text[1] = ev.text[1];
    if (rc == TD_OK && (td_buf_failed(&text[0]) || td_buf_failed(&text[1])))
        rc = td_error_nomem(err);
    return rc;
}

td_status td_attain_criterion(td_eval *ev, size_t ci)
{
    TRY(gather(ev, ci));
    return td_eval_members(ev, attain, &ci);
}

/* The member with the best value of a `best` criterion (the first of equals). */
static size_t find_best(td_eval *ev, size_t ci)
{
    const td_criterion *c = &ev->rules->criteria[ci];
    bool lowest = c->best_of == TD_BEST_OF_ACTUAL && c->direction == TD_DIRECTION_LOWER;
    size_t who = 0;
    td_decimal best = best_value(ev, c, 0);
    for (size_t k = 1; k < ev->n; k++) {
        td_decimal v = best_value(ev, c, k);
        int cmp = td_decimal_cmp(v, best);
        if (lowest ? cmp < 0 : cmp > 0) {
            who = k;
            best = v;
        }
    }
    return who;
}

typedef struct attainment_table {
    td_eval *ev;
    size_t ci;
} attainment_table;

/* Higher attainment first. */
static int by_attainment(const void *ctx, size_t a, size_t b)
{
    const attainment_table *t = ctx;
    return td_numcol_cmp(&t->ev->result->cells[t->ci].attainment, b, a);
}

/* The sort keys of the attainments of criterion ci, higher first: each
 * attainment has at most 6 decimals (td_compute_attainment()), so that
 * coefficient x 10^(6 - scale) orders them; false when one does not fit. */
static bool attainment_keys(const td_eval *ev, size_t ci, uint64_t *keys)
{
    const td_numcol *col = &ev->result->cells[ci].attainment;
    for (size_t m = 0; m < ev->n; m++) {
        td_fx r;
        int64_t at6;
        if (!td_fx_get(col, m, &r) || r.s > 6 || !td_fx_at(r, 6, &at6))
            return false;
        keys[m] = ((uint64_t)1 << 63) - (uint64_t)at6; /* descending, as unsigned */
    }
    return true;
}

/* Criterion number t of the list: a `best` one's best member, or the
 * ranks on a `rank` one: 1 + the number of members with a strictly higher
 * attainment, by sorting (not n² comparisons), into the result's
 * crit_ranks. */
static td_status rank_task(td_eval *ev, void *ctx, size_t t)
{
    size_t ci = ((const size_t *)ctx)[t], n = ev->n;
    if (ev->rules->criteria[ci].rule == TD_RULE_BEST) {
        ev->result->best_member[ci] = find_best(ev, ci);
        return TD_OK;
    }
    const td_allocator *a = &ev->result->arena.alloc;
    uint64_t *keys = td_alloc(a, 2 * n * (sizeof(size_t) + sizeof(uint64_t)) + 1);
    if (keys == NULL)
        return td_error_nomem(ev->err);
    size_t *order = (size_t *)(keys + 2 * n);
    size_t *rank = ev->result->crit_ranks[ci];
    attainment_table table = {ev, ci};
    for (size_t m = 0; m < n; m++)
        order[m] = m;
    if (ev->fast && attainment_keys(ev, ci, keys)) {
        /* equal keys, equal attainments: one rank */
        td_sort_by_keys(order, keys, n, order + n, keys + n);
        for (size_t i = 0; i < n; i++)
            rank[order[i]] = i > 0 && keys[i - 1] == keys[i] ? rank[order[i - 1]] : i + 1;
    } else {
        td_sort_indices(order, n, by_attainment, &table, order + n);
        for (size_t i = 0; i < n; i++)
            rank[order[i]] =
                i > 0 && by_attainment(&table, order[i - 1], order[i]) == 0 ? rank[order[i - 1]] : i + 1;
    }
    td_dealloc(a, keys);
    return TD_OK;
}

td_status td_rank_criteria(td_eval *ev)
{
    const td_rules *r = ev->rules;
    size_t nc = r->criterion_count, count = 0, n = ev->n;
    if (n > SIZE_MAX / 2 / (sizeof(size_t) + sizeof(uint64_t)))
        return td_error_nomem(ev->err);
    td_result *res = ev->result;
    td_arena *arena = &res->arena;
    res->best_member = td_arena_alloc(arena, nc * sizeof *res->best_member);
    res->crit_ranks = td_arena_alloc(arena, nc * sizeof *res->crit_ranks);
    size_t *list = td_arena_alloc(arena, nc * sizeof *list);
    if (res->best_member == NULL || res->crit_ranks == NULL || list == NULL)
        return td_error_nomem(ev->err);
    /* a task per `best` criterion (its best member) and per `rank` criterion (its sort) */
    for (size_t c = 0; c < nc; c++) {
        if (r->criteria[c].rule == TD_RULE_RANK &&
            (res->crit_ranks[c] = td_arena_alloc(arena, n * sizeof(size_t))) == NULL)
            return td_error_nomem(ev->err);
        if (r->criteria[c].rule == TD_RULE_BEST || r->criteria[c].rule == TD_RULE_RANK)
            list[count++] = c;
    }
    return td_eval_tasks(ev, count, rank_task, list);
}

/* ---- the rules in 64 bits, when no text is written ---- */

/* The value `best` compares for member m, in 64 bits. */
static bool best_fast(const td_eval *ev, const td_criterion *c, size_t ci, size_t m, td_fx *out)
{
    const td_result *res = ev->result;
    if (c->best_of == TD_BEST_OF_ACTUAL)
        return td_fx_get(&res->measures[c->measure_index].actual, m, out);
    return td_fx_get(&res->cells[ci].attainment, m, out);
}

/* A criterion's constants in 64 bits, converted once for all its cells. */
#define FAST_BANDS 16
typedef struct fast_rule {
    const td_criterion *c;
    size_t ci;
    int places;
    td_fx max, cap, at, per, deduct, floor_points;
    td_fx bonus_per, bonus_points, bonus_max;
    td_fx band_at[FAST_BANDS], band_points[FAST_BANDS];
} fast_rule;

/* false when a constant does not fit: every cell goes to the general code. */
static bool prepare_fast(const td_eval *ev, size_t ci, fast_rule *f)
{
    const td_criterion *c = &ev->rules->criteria[ci];
    f->c = c;
    f->ci = ci;
    f->places = precision(ev);
    if (f->places > 18 || !td_fx_of(c->max, &f->max))
        return false;
    switch (c->rule) {
    case TD_RULE_PROPORTIONAL:
        if (!td_fx_of(c->cap, &f->cap))
            return false;
        break;
    case TD_RULE_THRESHOLD:
        if (!td_fx_of(c->at, &f->at))
            return false;
        break;
    case TD_RULE_SHORTFALL:
        if (!td_fx_of(c->per, &f->per) || !td_fx_of(c->deduct, &f->deduct) ||
            !td_fx_of(c->floor_points, &f->floor_points))
            return false;
        break;
    case TD_RULE_BANDS:
        if (c->band_count > FAST_BANDS)
            return false;
        for (size_t i = 0; i < c->band_count; i++)
            if (!td_fx_of(c->bands[i].at, &f->band_at[i]) || !td_fx_of(c->bands[i].points, &f->band_points[i]))
                return false;
        break;
    default: break;
    }
    if (c->has_bonus && (!td_fx_of(c->bonus_per, &f->bonus_per) || !td_fx_of(c->bonus_points, &f->bonus_points) ||
                         (c->bonus_has_max && !td_fx_of(c->bonus_max, &f->bonus_max))))
        return false;
    return true;
}

/* The manual points of member m from the last source given (final, cross,
 * self), each within [.., max]; false when any is out of range or none is
 * given: the general code reports it. */
static bool manual_fast(const td_eval *ev, const fast_rule *f, size_t m, td_fx *exact, unsigned *source)
{
    const size_t *at = &ev->score_col[ev->manual_slot[f->ci] * 3];
    bool chosen = false;
    for (int s = TD_SCORE_SOURCE_FINAL; s >= TD_SCORE_SOURCE_SELF; s--) {
        td_fx v;
        if (at[s] == TD_NONE)
            continue;
        int found = td_fx_vcol(ev->cluster, at[s], m, &v);
        if (found == 0)
            continue;
        if (found < 0) {
            td_decimal d;
            if (!td_cluster_vcol_value(ev->cluster, at[s], m, &d))
                continue;
            if (!td_fx_of(d, &v))
                return false;
        }
        if (td_fx_cmp(v, f->max) > 0)
            return false;
        if (!chosen) {
            chosen = true;
            *exact = v;
            *source = (unsigned)s;
        }
    }
    return chosen;
}

/* The unrounded points of member m by the rules of scoring.md (rule_*
 * above, without their texts); false when a number does not fit in 64
 * bits. */
static bool rule_fast(const td_eval *ev, const fast_rule *f, size_t m, td_fx r, bool met, td_fx *exact,
                      unsigned *source)
{
    const td_criterion *c = f->c;
    td_fx zero = td_fx_int(0), one = td_fx_int(1), hundred = td_fx_int(100);
    switch (c->rule) {
    case TD_RULE_PROPORTIONAL: return td_fx_mul(f->max, td_fx_min(r, f->cap), exact);
    case TD_RULE_THRESHOLD: *exact = td_fx_cmp(r, f->at) >= 0 ? f->max : zero; return true;
    case TD_RULE_SHORTFALL: {
        if (met) {
            *exact = f->max;
            return true;
        }
        td_fx gap;
        if (!td_fx_sub(one, r, &gap) || !td_fx_mul(gap, hundred, &gap))
            return false;
        if (c->step == TD_SHORTFALL_STEP_LINEAR) {
            td_fx deduct_x, max_x_per, num, floor_x_per;
            if (!td_fx_mul(f->deduct, gap, &deduct_x) || !td_fx_mul(f->max, f->per, &max_x_per) ||
                !td_fx_sub(max_x_per, deduct_x, &num) || !td_fx_mul(f->floor_points, f->per, &floor_x_per))
                return false;
            if (td_fx_cmp(num, floor_x_per) < 0) {
                *exact = f->floor_points;
                return true;
            }
            return td_fx_div(num, f->per, f->places, TD_ROUNDING_HALF_UP, exact);
        }
        td_fx steps, lost, left;
        td_rounding mode = c->step == TD_SHORTFALL_STEP_CEIL ? TD_ROUNDING_CEIL : TD_ROUNDING_FLOOR;
        if (!td_fx_div(gap, f->per, 0, mode, &steps) || !td_fx_mul(f->deduct, steps, &lost) ||
            !td_fx_sub(f->max, lost, &left))
            return false;
        *exact = td_fx_max(f->floor_points, left);
        return true;
    }
    case TD_RULE_BANDS: {
        td_fx v = r;
        if (c->bands_of == TD_BANDS_OF_ACTUAL && !td_fx_get(&ev->result->measures[c->measure_index].actual, m, &v))
            return false;
        for (size_t i = 0; i < c->band_count; i++)
            if (td_fx_cmp(v, f->band_at[i]) >= 0) {
                *exact = f->band_points[i];
                return true;
            }
        *exact = zero;
        return true;
    }
    case TD_RULE_BEST: {
        td_fx best, v, num;
        if (!best_fast(ev, c, f->ci, ev->result->best_member[f->ci], &best) || !best_fast(ev, c, f->ci, m, &v))
            return false;
        if (c->best_of == TD_BEST_OF_ACTUAL && c->direction == TD_DIRECTION_LOWER) {
            if (v.c == 0) {
                *exact = f->max;
                return true;
            }
            return td_fx_mul(f->max, best, &num) && td_fx_div(num, v, f->places, TD_ROUNDING_HALF_UP, exact);
        }
        if (best.c == 0) {
            *exact = zero;
            return true;
        }
        return td_fx_mul(f->max, v, &num) && td_fx_div(num, best, f->places, TD_ROUNDING_HALF_UP, exact);
    }
    case TD_RULE_RANK: {
        size_t rank = ev->result->crit_ranks[f->ci][m];
        if (rank > c->rank_count) {
            *exact = zero;
            return true;
        }
        return td_fx_of(c->rank_points[rank - 1], exact);
    }
    case TD_RULE_MANUAL: return manual_fast(ev, f, m, exact, source);
    case TD_RULE_EXPR: {
        td_member_ctx cx = {ev->result, ev->rules, ev->members, ev->n, m, ev->period, false};
        bool unused;
        if (!td_member_eval_fast(c->expr, &cx, exact, &unused))
            return false;
        /* clamped to [0, max] */
        if (td_fx_sign(*exact) < 0)
            *exact = zero;
        else if (td_fx_cmp(*exact, f->max) > 0)
            *exact = f->max;
        return true;
    }
    default: return false;
    }
}

/* criterion_bonus() in 64 bits. */
static bool bonus_fast(const fast_rule *f, bool has_attainment, td_fx r, td_fx *bonus)
{
    td_fx one = td_fx_int(1);
    *bonus = td_fx_int(0);
    if (!f->c->has_bonus || !has_attainment || td_fx_cmp_one(r) <= 0)
        return true;
    td_fx over, steps, amount;
    if (!td_fx_sub(r, one, &over) || !td_fx_mul(over, td_fx_int(100), &over) ||
        !td_fx_div(over, f->bonus_per, 0, TD_ROUNDING_FLOOR, &steps) || !td_fx_mul(f->bonus_points, steps, &amount))
        return false;
    if (f->c->bonus_has_max)
        amount = td_fx_min(amount, f->bonus_max);
    return td_fx_round(amount, f->places, TD_ROUNDING_HALF_UP, bonus);
}

/* Scores member m in 64 bits, without text, into the result's columns;
 * false (nothing written) when the general code must. */
static bool score_fast(td_eval *ev, const fast_rule *f, size_t m)
{
    td_cellcol *col = &ev->result->cells[f->ci];
    unsigned flags = col->flags[m];
    bool has_attainment = (flags & TD_CELL_ATTAINMENT) != 0;
    td_fx r = td_fx_int(0), exact, points, bonus;
    unsigned source = flags >> TD_CELL_SOURCE & 3;
    if ((has_attainment && !td_fx_get(&col->attainment, m, &r)) ||
        !rule_fast(ev, f, m, r, (flags & TD_CELL_MET) != 0, &exact, &source) ||
        !td_fx_round(exact, f->places, TD_ROUNDING_HALF_UP, &points) || !bonus_fast(f, has_attainment, r, &bonus))
        return false;
    td_fx_put(&col->points, m, points);
    if (f->c->has_bonus) /* otherwise zero, as the column starts */
        td_fx_put(&col->bonus, m, bonus);
    col->flags[m] = (unsigned char)((flags & ~(3u << TD_CELL_SOURCE)) | source << TD_CELL_SOURCE);
    return true;
}

/* ---- the commonest rules over a column, attainments at 6 decimals ---- */

/* A rule that reads only its cell's attainment, with its constants at the
 * attainment's 6 decimals and its points already rounded: a cell is then
 * a comparison or a product, without the scale of each operand. */
typedef struct kernel {
    bool on;
    int64_t at6, cap6, band6[FAST_BANDS];
    td_fx points, band_points[FAST_BANDS]; /* rounded to the precision and normalised */
} kernel;

static bool at6(td_fx x, int64_t *out)
{
    return x.s <= ATTAINMENT_PLACES && td_fx_at(x, ATTAINMENT_PLACES, out);
}

static bool rounded(td_fx x, int places, td_fx *out)
{
    if (!td_fx_round(x, places, TD_ROUNDING_HALF_UP, out))
        return false;
    *out = td_fx_norm(*out);
    return true;
}

static void prepare_kernel(const fast_rule *f, kernel *k)
{
    const td_criterion *c = f->c;
    k->on = false;
    switch (c->rule) {
    case TD_RULE_THRESHOLD: k->on = at6(f->at, &k->at6) && rounded(f->max, f->places, &k->points); break;
    case TD_RULE_PROPORTIONAL: k->on = at6(f->cap, &k->cap6); break;
    case TD_RULE_BANDS:
        if (c->bands_of != TD_BANDS_OF_ATTAINMENT)
            break;
        k->on = true;
        for (size_t i = 0; i < c->band_count; i++)
            k->on = k->on && at6(f->band_at[i], &k->band6[i]) && rounded(f->band_points[i], f->places, &k->band_points[i]);
        break;
    default: break;
    }
}

/* Member m by the kernel: false (nothing written) when the cell is not
 * plain (no attainment, a number too wide), and score_fast() takes it. */
static inline bool score_kernel(td_eval *ev, const fast_rule *f, const kernel *k, size_t m)
{
    td_cellcol *col = &ev->result->cells[f->ci];
    int s = col->attainment.scale[m];
    int64_t r6;
    if (!(col->flags[m] & TD_CELL_ATTAINMENT) || s < 0 || s > ATTAINMENT_PLACES ||
        __builtin_mul_overflow(col->attainment.coef[m], td_fx_pow10[ATTAINMENT_PLACES - s], &r6))
        return false;
    td_fx points = td_fx_int(0), bonus = td_fx_int(0);
    if (f->c->has_bonus && !bonus_fast(f, true, (td_fx){r6, ATTAINMENT_PLACES}, &bonus))
        return false;
    switch (f->c->rule) {
    case TD_RULE_THRESHOLD:
        if (r6 >= k->at6)
            points = k->points;
        break;
    case TD_RULE_PROPORTIONAL: {
        /* max x min(r, cap) at max.s + 6 decimals, rounded half up to the precision */
        int64_t exact;
        if (__builtin_mul_overflow(f->max.c, r6 < k->cap6 ? r6 : k->cap6, &exact) || !td_fx_ok(exact) ||
            !rounded((td_fx){exact, f->max.s + ATTAINMENT_PLACES}, f->places, &points))
            return false;
        break;
    }
    default:
        for (size_t i = 0; i < f->c->band_count; i++)
            if (r6 >= k->band6[i]) {
                points = k->band_points[i];
                break;
            }
        break;
    }
    col->points.coef[m] = points.c;
    col->points.scale[m] = (signed char)points.s;
    if (f->c->has_bonus) /* otherwise it stays zero, as the column starts */
        td_fx_put(&col->bonus, m, bonus);
    /* the source is not a manual one: the flags stay */
    return true;
}

/* Scores members [lo, hi) on criterion *ctx. */
static td_status score_members(td_eval *ev, void *ctx, size_t lo, size_t hi)
{
    size_t ci = *(const size_t *)ctx;
    const td_criterion *c = &ev->rules->criteria[ci];
    fast_rule f;
    kernel k;
    memset(&f, 0, sizeof f); /* read only when prepared; set for the compilers that cannot see it */
    k.on = false;
    bool try_fast = ev->fast && !ev->say, fast = try_fast && prepare_fast(ev, ci, &f);
    if (fast)
        prepare_kernel(&f, &k);
    for (size_t m = lo; m < hi; m++) {
        if (try_fast) {
            if (k.on && score_kernel(ev, &f, &k, m))
                continue;
            if (fast && score_fast(ev, &f, m))
                continue;
            atomic_fetch_add_explicit(&ev->result->general_path, 1, memory_order_relaxed);
        }
        td_status rc = score_member(ev, ci, m);
        if (rc == TD_ERANGE || rc == TD_EEVAL)
            return td_error_prefix(ev->err, rc, "criterion '%s', unit '%s'", c->id, ev->members[m].unit);
        if (rc != TD_OK)
            return rc;
    }
    return TD_OK;
}

td_status td_score_criterion(td_eval *ev, size_t ci)
{
    return td_eval_members(ev, score_members, &ci);
}
