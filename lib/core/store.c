/*
 * The result's columns: a criterion's cells and a measure's values for
 * every member, as compact numbers (model.h: td_numcol, td_cellcol,
 * td_mcol).
 */
#include <stdatomic.h>
#include <string.h>

#include "decimal_internal.h"
#include "fixed.h"
#include "model.h"

const int64_t td_fx_pow10[19] = {1,
                                 10,
                                 100,
                                 1000,
                                 10000,
                                 100000,
                                 1000000,
                                 10000000,
                                 100000000,
                                 1000000000,
                                 10000000000,
                                 100000000000,
                                 1000000000000,
                                 10000000000000,
                                 100000000000000,
                                 1000000000000000,
                                 10000000000000000,
                                 100000000000000000,
                                 1000000000000000000};

static bool numcol_alloc(td_numcol *col, td_arena *arena, size_t n)
{
    col->coef = td_arena_alloc(arena, n * sizeof *col->coef);
    col->scale = td_arena_alloc(arena, n * sizeof *col->scale);
    atomic_init(&col->wide, NULL);
    return col->coef != NULL && col->scale != NULL;
}

static void numcol_free(td_numcol *col, const td_allocator *a)
{
    td_dealloc(a, atomic_load_explicit(&col->wide, memory_order_relaxed));
}

td_status td_result_alloc_columns(td_result *res, size_t n, bool texts, td_error *err)
{
    const td_rules *r = &res->rulebook->rules;
    td_arena *arena = &res->arena;
    size_t nc = r->criterion_count, nm = r->measure_count;
    if (n > SIZE_MAX / 16 || (nc > 0 && nc > SIZE_MAX / sizeof(td_cellcol)) ||
        (nm > 0 && nm > SIZE_MAX / sizeof(td_mcol)))
        return td_error_nomem(err);
    res->cells = td_arena_alloc(arena, nc * sizeof *res->cells);
    res->measures = td_arena_alloc(arena, nm * sizeof *res->measures);
    if (res->cells == NULL || res->measures == NULL)
        return td_error_nomem(err);
    for (size_t c = 0; c < nc; c++) {
        td_cellcol *col = &res->cells[c];
        /* every column made ready, even after a failure: freeing walks them all */
        bool ok = numcol_alloc(&col->attainment, arena, n);
        ok = numcol_alloc(&col->points, arena, n) && ok;
        /* a criterion without a bonus has none: no column (td_cell_get() reads 0) */
        if (r->criteria[c].has_bonus)
            ok = numcol_alloc(&col->bonus, arena, n) && ok;
        else
            atomic_init(&col->bonus.wide, NULL);
        col->flags = td_arena_alloc(arena, n);
        if (texts)
            col->explain = td_arena_alloc(arena, n * sizeof *col->explain);
        if (!ok || col->flags == NULL || (texts && col->explain == NULL))
            return td_error_nomem(err);
    }
    for (size_t i = 0; i < nm; i++) {
        td_mcol *col = &res->measures[i];
        bool ok = numcol_alloc(&col->target, arena, n);
        ok = numcol_alloc(&col->actual, arena, n) && ok;
        col->flags = td_arena_alloc(arena, n);
        if (!ok || col->flags == NULL)
            return td_error_nomem(err);
    }
    return TD_OK;
}

void td_result_free_columns(td_result *res)
{
    /* the tables start zeroed: a column never made has no wide copy */
    const td_allocator *a = &res->arena.alloc;
    const td_rules *r = &res->rulebook->rules;
    for (size_t c = 0; res->cells != NULL && c < r->criterion_count; c++) {
        numcol_free(&res->cells[c].attainment, a);
        numcol_free(&res->cells[c].points, a);
        numcol_free(&res->cells[c].bonus, a);
    }
    for (size_t i = 0; res->measures != NULL && i < r->measure_count; i++) {
        numcol_free(&res->measures[i].target, a);
        numcol_free(&res->measures[i].actual, a);
    }
}

/* Stores value v of member m; the wide copy is made when first needed,
 * installed with compare-and-swap as threads store other members. */
static td_status numcol_set(td_numcol *col, size_t m, size_t n, td_decimal v, const td_allocator *a,
                            td_error *err)
{
    int64_t coef;
    if (td_decimal__to_int64(&coef, v)) {
        col->coef[m] = coef;
        col->scale[m] = (signed char)td_decimal_scale(v);
        return TD_OK;
    }
    td_decimal *wide = atomic_load_explicit(&col->wide, memory_order_acquire);
    if (wide == NULL) {
        td_decimal *mine = td_alloc(a, n * sizeof *mine);
        if (mine == NULL)
            return td_error_nomem(err);
        memset(mine, 0, n * sizeof *mine);
        if (atomic_compare_exchange_strong_explicit(&col->wide, &wide, mine, memory_order_acq_rel,
                                                    memory_order_acquire))
            wide = mine;
        else
            td_dealloc(a, mine); /* another thread's came first: wide holds it */
    }
    wide[m] = v;
    col->scale[m] = TD_NUMCOL_WIDE;
    return TD_OK;
}

void td_cell_get(td_cell *out, const td_result *res, size_t c, size_t m)
{
    const td_cellcol *col = &res->cells[c];
    unsigned f = col->flags[m];
    /* target and actual are the measure's */
    td_mvalue v;
    td_mvalue_get(&v, res, res->rulebook->rules.criteria[c].measure_index, m);
    out->has_target = v.has_target;
    out->has_actual = v.has_actual;
    out->has_attainment = (f & TD_CELL_ATTAINMENT) != 0;
    out->met = out->has_attainment ? (f & TD_CELL_MET) != 0 : -1;
    out->source = (signed char)(f >> TD_CELL_SOURCE & 3);
    out->target = v.target; /* zero when absent: columns start zeroed */
    out->actual = v.actual;
    out->attainment = td_numcol_get(&col->attainment, m);
    out->points = td_numcol_get(&col->points, m);
    out->bonus = col->bonus.coef != NULL ? td_numcol_get(&col->bonus, m) : td_decimal_zero();
}

td_status td_cell_set_attainment(td_result *res, size_t c, size_t m, td_decimal r, bool met, td_error *err)
{
    td_cellcol *col = &res->cells[c];
    col->flags[m] = (unsigned char)((col->flags[m] & ~(TD_CELL_ATTAINMENT | TD_CELL_MET)) | TD_CELL_ATTAINMENT |
                                    (met ? TD_CELL_MET : 0));
    return numcol_set(&col->attainment, m, res->member_count, r, &res->arena.alloc, err);
}

td_status td_cell_set_points(td_result *res, size_t c, size_t m, const td_cell *cell, td_error *err)
{
    td_cellcol *col = &res->cells[c];
    const td_allocator *a = &res->arena.alloc;
    col->flags[m] = (unsigned char)((col->flags[m] & ~(3u << TD_CELL_SOURCE)) |
                                    ((unsigned)(cell->source & 3) << TD_CELL_SOURCE));
    td_status rc = numcol_set(&col->points, m, res->member_count, cell->points, a, err);
    if (rc == TD_OK && col->bonus.coef != NULL) /* without a column, the bonus is 0 */
        rc = numcol_set(&col->bonus, m, res->member_count, cell->bonus, a, err);
    return rc;
}

td_status td_mvalue_set(td_result *res, size_t i, size_t m, bool target, td_decimal v, td_error *err)
{
    td_mcol *col = &res->measures[i];
    col->flags[m] |= target ? TD_CELL_TARGET : TD_CELL_ACTUAL;
    return numcol_set(target ? &col->target : &col->actual, m, res->member_count, v, &res->arena.alloc, err);
}

void td_mvalue_get(td_mvalue *out, const td_result *res, size_t i, size_t m)
{
    const td_mcol *col = &res->measures[i];
    unsigned f = col->flags[m];
    out->has_target = (f & TD_CELL_TARGET) != 0;
    out->has_actual = (f & TD_CELL_ACTUAL) != 0;
    out->target = td_numcol_get(&col->target, m);
    out->actual = td_numcol_get(&col->actual, m);
}

