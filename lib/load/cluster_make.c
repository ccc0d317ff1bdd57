/*
 * Turning a dataset into a td_cluster. Units are referred to by id or by
 * name (both NFC); values are checked against the members and, when a
 * rulebook is given, against its measures, criteria and items, each error
 * at the position of the value that caused it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dataset.h"
#include "thidua/sys/origin.h"

/* Members by name, for references that are no id: most data name members
 * by id only, and these maps cost as much memory as the ids'. */
typedef struct by_name {
    td_map names;  /* → member index */
    td_map shared; /* names that two members share: no reference by name */
    int state;     /* 0: not made yet, 1: made, -1: out of memory making them */
} by_name;

typedef struct maker {
    const td_dparts *p;
    const td_rulebook *rb;
    const td_allocator *a;
    td_error *err;
    td_cluster *c;
    td_map ids;                 /* → member index */
    struct by_name *by_name;    /* made at the first reference that is no member's id */
    const char **member_ids;
    unsigned char *column_read; /* 1.1 member tables: by column, 1 when the rulebook reads it */
    size_t bytes_left;          /* of the dataset's max_total_bytes, for the roll-ups' child data */
} maker;

/* Gives a cluster error the position of the record (out of memory passes). */
static td_status at(td_error *err, const td_dpos *pos, td_status rc)
{
    if (rc != TD_OK && rc != TD_ENOMEM && err != NULL) {
        td_copy_text(err->file, sizeof err->file, pos->file);
        err->line = pos->line;
        err->column = pos->column;
    }
    return rc;
}

static td_status fail(td_error *err, const td_dpos *pos, td_status code, const char *fmt, ...)
    TD_PRINTF(4, 5);

static td_status fail(td_error *err, const td_dpos *pos, td_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(err, code, pos->file, pos->line, pos->column, fmt, ap);
    va_end(ap);
    return code;
}

/* A maker's indexes, with `names` for its maps of names (m->a set). */
static void maker_init(maker *m, by_name *names)
{
    td_map_init(&m->ids, m->a);
    td_map_init(&names->names, m->a);
    td_map_init(&names->shared, m->a);
    names->state = 0;
    m->by_name = names;
}

/* Frees what maker_init() and make() made beside the cluster; returns rc,
 * or TD_ENOMEM when references went unresolved for want of memory. */
static td_status maker_free(maker *m, td_status rc)
{
    if (m->by_name->state < 0)
        rc = td_error_nomem(m->err);
    td_map_free(&m->ids);
    td_map_free(&m->by_name->names);
    td_map_free(&m->by_name->shared);
    td_dealloc(m->a, (void *)m->member_ids);
    td_dealloc(m->a, m->column_read);
    m->member_ids = NULL;
    m->column_read = NULL;
    return rc;
}

static td_status index_names(const maker *m, by_name *b, td_error *err)
{
    td_status rc = TD_OK;
    for (size_t i = 0; i < m->p->member_count && rc == TD_OK; i++) {
        const char *name = m->p->members[i].name;
        size_t j;
        if (name == NULL || td_map_get_str(&m->ids, name, &j))
            continue;
        if (!td_map_get_str(&b->names, name, &j))
            rc = td_map_put(&b->names, name, strlen(name), i, err);
        else if (!td_map_get_str(&b->shared, name, &j))
            rc = td_map_put(&b->shared, name, strlen(name), i, err);
    }
    return rc;
}

/* Whether the maps of names are made (they are at the first call). Out of
 * memory, they are not, and td_dataset_to_cluster() fails with TD_ENOMEM
 * whatever the references without them gave. */
static bool names_made(const maker *m)
{
    by_name *b = m->by_name;
    if (b->state == 0) {
        td_error ignored;
        b->state = index_names(m, b, &ignored) == TD_OK ? 1 : -1;
    }
    return b->state == 1;
}

/* The member a unit reference names (by id, else by a unique name), or NULL. */
static const char *resolve(const maker *m, const char *unit)
{
    size_t i;
    if (td_map_get_str(&m->ids, unit, &i))
        return m->p->members[i].id;
    if (names_made(m) && !td_map_get_str(&m->by_name->shared, unit, &i) &&
        td_map_get_str(&m->by_name->names, unit, &i))
        return m->p->members[i].id;
    return NULL;
}

static td_status need_member(const maker *m, const char *unit, const td_dpos *pos, const char *what,
                             const char **out)
{
    *out = resolve(m, unit);
    if (*out != NULL)
        return TD_OK;
    size_t i;
    char q[64], hint[96];
    td_quote(q, sizeof q, unit);
    if (names_made(m) && td_map_get_str(&m->by_name->shared, unit, &i))
        return fail(m->err, pos, TD_EDATA,
                    "%s names unit %s, but two members have that name; use the member's id", what, q);
    td_did_you_mean(hint, sizeof hint, unit, m->member_ids, m->p->member_count);
    return fail(m->err, pos, TD_EDATA, "%s names unit %s, which is not a member of cluster '%s'%s", what,
                q, m->p->cluster_id, hint);
}

static td_status index_members(maker *m)
{
    td_status rc = TD_OK;
    m->member_ids = td_alloc(m->a, (m->p->member_count + 1) * sizeof(char *));
    if (m->member_ids == NULL)
        return td_error_nomem(m->err);
    for (size_t i = 0; i < m->p->member_count && rc == TD_OK; i++) {
        const td_dmember *mem = &m->p->members[i];
        m->member_ids[i] = mem->id;
        rc = td_map_put(&m->ids, mem->id, strlen(mem->id), i, m->err);
    }
    return rc;
}

/* ---- checks against the rulebook ---- */

static td_status suggest_fail(const maker *m, const td_dpos *pos, const char *word, const char **cands,
                              size_t n, const char *fmt_head, const char *unit)
{
    char q[64], hint[96];
    td_quote(q, sizeof q, word);
    td_did_you_mean(hint, sizeof hint, word, cands, n);
    return fail(m->err, pos, TD_EDATA, fmt_head, unit, q, td_rulebook_id(m->rb), hint);
}

/* The ids `count` and `id_at` list, as candidates for a suggestion (an
 * array from the maker's allocator), or NULL when out of memory. */
static const char **ids_of(const maker *m, size_t count, const char *(*id_at)(const td_rulebook *, size_t),
                           const char *(*skip_unless_null)(const td_rulebook *, size_t), size_t *n)
{
    const char **cands = td_alloc(m->a, (count + 1) * sizeof(char *));
    *n = 0;
    for (size_t i = 0; cands != NULL && i < count; i++)
        if (skip_unless_null == NULL || skip_unless_null(m->rb, i) == NULL)
            cands[(*n)++] = id_at(m->rb, i);
    return cands;
}

static td_status check_measure(const maker *m, const td_dval *v, const char *unit)
{
    td_error scratch;
    size_t mi;
    if (td_rulebook_find_measure(&mi, m->rb, v->key, &scratch) == TD_OK) {
        /* the side this value gives: derived from a formula, it may not come from the data */
        const char *formula = v->kind == TD_DV_TARGET ? td_rulebook_measure_target_formula(m->rb, mi)
                                                      : td_rulebook_measure_actual_formula(m->rb, mi);
        if (formula == NULL)
            return TD_OK;
        return fail(m->err, TD_DVAL_POS(v, key_at), TD_EDATA,
                    "the %s of unit '%s' gives measure '%s', which rulebook '%s' derives from the "
                    "formula '%s'; remove it from the data",
                    td_dval_what(v->kind), unit, v->key, td_rulebook_id(m->rb), formula);
    }
    /* the base measures: those the data may give */
    size_t n;
    const char **cands = ids_of(m, td_rulebook_measure_count(m->rb), td_rulebook_measure_id,
                                td_rulebook_measure_formula, &n);
    if (cands == NULL)
        return td_error_nomem(m->err);
    td_status rc = suggest_fail(m, TD_DVAL_POS(v, key_at), v->key, cands, n,
                                "the data of unit '%s' gives unknown measure %s: rulebook '%s' has no "
                                "criterion, input or formula that reads it%s",
                                unit);
    td_dealloc(m->a, (void *)cands);
    return rc;
}

static td_status check_points(const maker *m, const td_dval *v, const char *unit)
{
    td_error scratch;
    size_t ci;
    if (td_rulebook_find_criterion(&ci, m->rb, v->key, &scratch) != TD_OK) {
        size_t n;
        const char **cands = ids_of(m, td_rulebook_criterion_count(m->rb), td_rulebook_criterion_id, NULL,
                                    &n);
        if (cands == NULL)
            return td_error_nomem(m->err);
        td_status rc = suggest_fail(m, TD_DVAL_POS(v, key_at), v->key, cands, n,
                                    "points of unit '%s' name unknown criterion %s of rulebook '%s'%s",
                                    unit);
        td_dealloc(m->a, (void *)cands);
        return rc;
    }
    if (td_rulebook_criterion_rule_kind(m->rb, ci) != TD_RULE_MANUAL)
        return fail(m->err, TD_DVAL_POS(v, key_at), TD_EDATA,
                    "points of unit '%s' are given for criterion '%s', which is not manual: its "
                    "points are computed by its rule",
                    unit, v->key);
    td_decimal max = td_rulebook_criterion_max(m->rb, ci), points = td_dval_value(m->p, v);
    if (td_decimal_cmp(points, max) > 0) {
        char value[TD_DECIMAL_STRING_SIZE], max_text[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(value, sizeof value, points);
        td_decimal_format(max_text, sizeof max_text, max);
        return fail(m->err, TD_DVAL_POS(v, at), TD_EDATA,
                    "%s %s of unit '%s' for criterion '%s' are outside [0, %s], its max", td_dval_what(v->kind),
                    value, unit, v->key, max_text);
    }
    return TD_OK;
}

static td_status check_item(const maker *m, const td_devent *e, const char *unit)
{
    td_error scratch;
    size_t at;
    if (td_rulebook_find_adjustment(&at, m->rb, e->item, &scratch) == TD_OK)
        return TD_OK;
    size_t n;
    const char **cands = ids_of(m, td_rulebook_adjustment_count(m->rb), td_rulebook_adjustment_id, NULL, &n);
    if (cands == NULL)
        return td_error_nomem(m->err);
    td_status rc = suggest_fail(m, &e->item_pos, e->item, cands, n,
                                "an event of unit '%s' names unknown item %s: rulebook '%s' has no such "
                                "adjustment%s",
                                unit);
    td_dealloc(m->a, (void *)cands);
    return rc;
}

/* ---- member tables (rulebook 1.1 section 8) ---- */

/* Without a rulebook, a member table's column that gives a value given
 * elsewhere too (in the same column or another, or outside the tables) is
 * left out with a note, as one with a cell that is no number: a rulebook
 * that does not read the column would never see the conflict, so the
 * conversion without one must not fail on it. A value given twice outside
 * the tables stays an error (add_values()). Values are visited in order;
 * `slot` maps a value's key to the index of the value that holds it now. */
static td_status leave_out_given_twice(maker *m)
{
    const td_dparts *p = m->p;
    td_arena keys;
    td_arena_init(&keys, m->a);
    td_map seen;
    td_map_init(&seen, m->a);
    size_t *slot = td_alloc(m->a, (p->val_count + 1) * sizeof *slot), slots = 0;
    td_status rc = slot != NULL ? TD_OK : td_error_nomem(m->err);
    td_dval_iter it;
    td_dval vv, fv;
    td_dval_iter_init(&it, p, 0);
    for (size_t i = 0; rc == TD_OK && td_dval_next(&it, &vv); i++) {
        const td_dval *v = &vv;
        const char *unit = resolve(m, v->unit);
        if (v->blank || unit == NULL || (v->column != 0 && !m->column_read[v->column - 1]))
            continue; /* not given, not read, or an error of add_values() */
        size_t len, at;
        const char *k = td_dval_key(&keys, v->kind, unit, v->key, &len);
        if (k == NULL) {
            rc = td_error_nomem(m->err);
            break;
        }
        if ((rc = td_map_put_or_get(&seen, k, len, slots, &at, m->err)) == TD_OK) {
            slot[slots++] = i;
            continue;
        }
        if (rc != TD_EEXISTS)
            break;
        rc = TD_OK;
        fv = td_dparts_val_at(p, slot[at]);
        const td_dval *f = &fv;
        if (f->column != 0 && !m->column_read[f->column - 1]) {
            slot[at] = i; /* the first one's column is left out already */
            continue;
        }
        const td_dval *out = v->column != 0 ? v : f; /* the table's value whose column goes */
        if (out->column == 0)
            continue; /* both outside the tables: add_values() says so */
        if (out == f)
            slot[at] = i;
        const td_dcolumn *col = &p->columns[out->column - 1];
        m->column_read[out->column - 1] = 0;
        char q[64], here[TD_ERROR_FILE_SIZE + 32], there[TD_ERROR_FILE_SIZE + 32], text[880];
        td_quote(q, sizeof q, col->header);
        snprintf(text, sizeof text,
                 "the column %s is left out: without a rulebook to say whether it is read, its %s of unit '%s' at "
                 "%s is also given at %s",
                 q, td_dval_what(out->kind), unit, td_dpos_text(here, sizeof here, TD_DVAL_POS(out, at)),
                 td_dpos_text(there, sizeof there, out == v ? TD_DVAL_POS(f, at) : TD_DVAL_POS(v, at)));
        rc = td_cluster_add_note(m->c, "column-ignored", text, col->pos.file, col->pos.line, col->pos.column,
                                 m->err);
    }
    td_dealloc(m->a, slot);
    td_map_free(&seen);
    td_arena_free(&keys);
    return rc;
}

/* Which columns of the member tables the rulebook reads: a measure's (its
 * side not derived by a formula); one it does not read is ignored, with a
 * note, unless its name is a small edit away from a measure's, which would
 * silently empty that measure: an error with the suggestion. Without a
 * rulebook a column is read when its header is an id and every cell of it
 * is a number or blank; another is left out, with a note naming its first
 * cell that is no number (so that a conversion without the rulebook never
 * fails where the one checked against it passes: "STT" or "Ghi chú"
 * columns are ignored by every rulebook). */
static td_status judge_columns(maker *m)
{
    const td_dparts *p = m->p;
    if (p->column_count == 0)
        return TD_OK;
    m->column_read = td_alloc(m->a, p->column_count);
    if (m->column_read == NULL)
        return td_error_nomem(m->err);
    size_t n = 0;
    const char **cands = NULL;
    td_status rc = TD_OK;
    for (size_t i = 0; i < p->column_count && rc == TD_OK; i++) {
        const td_dcolumn *col = &p->columns[i];
        td_error scratch;
        size_t mi;
        char q[64]; /* the header quoted and escaped: it may hold anything */
        td_quote(q, sizeof q, col->header);
        m->column_read[i] = 1;
        if (m->rb == NULL) {
            m->column_read[i] = col->is_id;
            continue;
        }
        if (col->is_id && td_rulebook_find_measure(&mi, m->rb, col->key, &scratch) == TD_OK) {
            const char *formula = col->kind == TD_DV_TARGET ? td_rulebook_measure_target_formula(m->rb, mi)
                                                            : td_rulebook_measure_actual_formula(m->rb, mi);
            if (formula != NULL)
                rc = fail(m->err, &col->pos, TD_EDATA,
                          "the column %s gives the %s of measure '%s', which rulebook '%s' derives from the "
                          "formula '%s'; remove the column",
                          q, td_dval_what(col->kind), col->key, td_rulebook_id(m->rb), formula);
            continue;
        }
        if (cands == NULL &&
            (cands = ids_of(m, td_rulebook_measure_count(m->rb), td_rulebook_measure_id, td_rulebook_measure_formula,
                            &n)) == NULL) {
            rc = td_error_nomem(m->err);
            break;
        }
        char hint[96];
        td_did_you_mean(hint, sizeof hint, col->key, cands, n);
        if (col->is_id && hint[0] != '\0') {
            rc = fail(m->err, &col->pos, TD_EDATA,
                      "the column %s names no measure of rulebook '%s'%s; a column the rulebook does not "
                      "read is ignored, so a misspelt one would leave its measure empty: rename it",
                      q, td_rulebook_id(m->rb), hint);
            break;
        }
        m->column_read[i] = 0;
        char text[320];
        if (col->header[0] == '\0')
            snprintf(text, sizeof text, "a column without a header is ignored");
        else
            snprintf(text, sizeof text, "the column %s is ignored: rulebook '%s' reads no measure of that name", q,
                     td_rulebook_id(m->rb));
        rc = td_cluster_add_note(m->c, "column-ignored", text, col->pos.file, col->pos.line, col->pos.column,
                                 m->err);
    }
    /* without a rulebook: a column with a cell that is no number is left out */
    td_dval_iter it;
    td_dval vv;
    td_dval_iter_init(&it, p, 0);
    while (m->rb == NULL && rc == TD_OK && td_dval_next(&it, &vv)) {
        const td_dval *v = &vv;
        if (v->column == 0 || v->raw == NULL || !m->column_read[v->column - 1])
            continue;
        const td_dcolumn *col = &p->columns[v->column - 1];
        char q[64], text[880];
        td_quote(q, sizeof q, col->header);
        m->column_read[v->column - 1] = 0;
        char cell[TD_ERROR_FILE_SIZE + 32];
        if (v->at.lc.line == 0) /* a workbook's cell: its place says it all */
            snprintf(cell, sizeof cell, "%s", v->file != NULL ? v->file : "");
        else
            snprintf(cell, sizeof cell, "line %u, column %u", v->at.lc.line, v->at.lc.column);
        snprintf(text, sizeof text,
                 "the column %s is left out: without a rulebook to say whether it is read, its cell at %s is no "
                 "value (%.300s)",
                 q, cell, v->raw);
        rc = td_cluster_add_note(m->c, "column-ignored", text, col->pos.file, col->pos.line, col->pos.column,
                                 m->err);
    }
    td_dealloc(m->a, (void *)cands);
    if (rc == TD_OK && m->rb == NULL)
        rc = leave_out_given_twice(m);
    return rc;
}

/* The error of a member table's cell that is no value, in a column the
 * rulebook reads: a data error (TD_ERANGE for a negative number), as
 * making a cluster documents. */
static td_status bad_cell(const maker *m, const td_dval *v, const char *unit)
{
    return fail(m->err, TD_DVAL_POS(v, at), v->raw_status == TD_ERANGE ? TD_ERANGE : TD_EDATA, "%s of unit '%s' for '%s': %s",
                v->kind == TD_DV_TARGET ? "target" : "actual", unit, v->key, v->raw);
}

/* The rows of member tables: each names a member (whatever its cells,
 * as a version 1 row with blank values does), and the group a `unit` cell
 * gives must agree with the member's group given elsewhere. */
static td_status add_groups(maker *m)
{
    const td_dparts *p = m->p;
    if (p->group_count == 0)
        return TD_OK;
    const td_dpos **where = td_alloc(m->a, (p->member_count + 1) * sizeof *where);
    const char **group = td_alloc(m->a, (p->member_count + 1) * sizeof *group);
    td_status rc = where == NULL || group == NULL ? td_error_nomem(m->err) : TD_OK;
    for (size_t i = 0; rc == TD_OK && i < p->member_count; i++) {
        group[i] = p->members[i].group;
        where[i] = &p->members[i].group_pos;
    }
    for (size_t k = 0; rc == TD_OK && k < p->group_count; k++) {
        const td_dgroup *g = &p->groups[k];
        const char *unit;
        size_t i;
        if ((rc = need_member(m, g->unit, &g->unit_pos, "a member table's row", &unit)) != TD_OK)
            break;
        td_map_get_str(&m->ids, unit, &i);
        if (g->group == NULL)
            continue; /* a row without a `unit` cell: its id is checked, that is all */
        if (group[i] != NULL && strcmp(group[i], g->group) != 0) {
            char at[TD_ERROR_FILE_SIZE + 32];
            rc = fail(m->err, &g->pos, TD_EDATA, "unit '%s' is in group '%s' here and in group '%s' at %s", unit,
                      g->group, group[i], td_dpos_text(at, sizeof at, where[i]));
            break;
        }
        if (group[i] != NULL)
            continue;
        group[i] = g->group;
        where[i] = &g->pos;
        rc = at(m->err, &g->pos, td_cluster_set_member_group(m->c, unit, g->group, m->err));
    }
    td_dealloc(m->a, (void *)where);
    td_dealloc(m->a, (void *)group);
    return rc;
}

/* ---- filling the cluster ---- */

/* The cluster refused value i as given twice (by a unit's id and by its
 * name, or by a member table and a row): the error names where the first
 * was given. A scan, on the error path only. */
static td_status given_twice(maker *m, size_t i, const td_dval *v, const char *unit)
{
    td_dval_iter it;
    td_dval fv;
    td_dval_iter_init(&it, m->p, 0);
    for (size_t j = 0; j < i && td_dval_next(&it, &fv); j++) {
        const td_dval *f = &fv;
        const char *other;
        if (f->kind != v->kind || f->blank || f->raw != NULL || (f->column != 0 && !m->column_read[f->column - 1]) ||
            strcmp(f->key, v->key) != 0 || (other = resolve(m, f->unit)) == NULL || strcmp(other, unit) != 0)
            continue;
        char at[TD_ERROR_FILE_SIZE + 32];
        return fail(m->err, TD_DVAL_POS(v, at), TD_EEXISTS, "the %s of unit '%s' for '%s' is given twice: here and at %s",
                    td_dval_what(v->kind), unit, v->key, td_dpos_text(at, sizeof at, TD_DVAL_POS(f, at)));
    }
    return at(m->err, TD_DVAL_POS(v, at), TD_EEXISTS);
}

static td_status add_values(maker *m)
{
    td_status rc = TD_OK;
    static const td_score_source sources[] = {TD_SCORE_SOURCE_SELF, TD_SCORE_SOURCE_CROSS, TD_SCORE_SOURCE_FINAL};
    td_dval_iter it;
    td_dval vv;
    td_dval_iter_init(&it, m->p, 0);
    for (size_t i = 0; rc == TD_OK && td_dval_next(&it, &vv); i++) {
        const td_dval *v = &vv;
        if (v->column != 0 && !m->column_read[v->column - 1])
            continue; /* a member table's column the rulebook does not read */
        const char *unit = resolve(m, v->unit);
        if (unit == NULL) { /* what names the unit: for the error only */
            char what[64];
            snprintf(what, sizeof what, v->column != 0 ? "a member table's row" : "a %s", td_dval_what(v->kind));
            if ((rc = need_member(m, v->unit, TD_DVAL_POS(v, unit_at), what, &unit)) != TD_OK)
                break;
        }
        if (v->raw != NULL) {
            rc = bad_cell(m, v, unit);
            break;
        }
        if (m->rb != NULL &&
            (rc = v->kind <= TD_DV_ACTUAL ? check_measure(m, v, unit) : check_points(m, v, unit)))
            break;
        if (v->blank) /* not given: its unit and key are known, nothing to set */
            continue;
        /* the cluster refuses a value given twice (through an id and through a name) */
        td_decimal value = td_dval_value(m->p, v);
        if (v->kind == TD_DV_TARGET)
            rc = td_cluster_set_target(m->c, unit, v->key, value, m->err);
        else if (v->kind == TD_DV_ACTUAL)
            rc = td_cluster_set_actual(m->c, unit, v->key, value, m->err);
        else
            rc = td_cluster_set_score(m->c, sources[v->kind - TD_DV_SELF], unit, v->key, value, m->err);
        rc = rc == TD_EEXISTS ? given_twice(m, i, v, unit) : at(m->err, TD_DVAL_POS(v, at), rc);
    }
    return rc;
}

/* ---- warnings about the data (docs/warnings.md) ---- */

unsigned char td_written_decimals(const char *text, size_t len, bool decimal_comma)
{
    char sep = decimal_comma ? ',' : '.';
    const char *dot = memchr(text, sep, len);
    if (dot == NULL)
        return 0;
    size_t n = 0;
    for (const char *p = dot + 1; p < text + len && *p >= '0' && *p <= '9'; p++)
        n++;
    return (unsigned char)(n > 255 ? 255 : n);
}

static td_status warn_at(maker *m, const td_dpos *pos, const char *code, const char *fmt, ...) TD_PRINTF(4, 5);

static td_status warn_at(maker *m, const td_dpos *pos, const char *code, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return td_cluster_add_warning(m->c, code, text, pos->file, pos->line, pos->column, m->err);
}

/* Per measure and side (target or actual): how many values, how many whole. */
typedef struct column_stats {
    size_t count, whole, three; /* values; written whole; with exactly three decimals */
} column_stats;

/* A value written with exactly three decimals among whole numbers of the
 * same measure and side ("64.010" where the others are "64010"-like) is a
 * thousands separator read as a decimal point; a target of 0 for a measure
 * some criterion scores higher-is-better makes its attainment 1 whatever
 * the actual. Linear: one map of the measures per side (their values point
 * to the columns' stats) and one of the measures scored higher-is-better;
 * memory in the number of measures, not of values. */
static td_status add_warnings(maker *m)
{
    const td_dparts *p = m->p;
    td_map columns[2], higher; /* columns[kind]: a measure's target or actual values -> stats */
    td_map_init(&columns[0], m->a);
    td_map_init(&columns[1], m->a);
    td_map_init(&higher, m->a);
    column_stats *stats = NULL;
    size_t ncolumns = 0, stats_cap = 0;
    td_status rc = TD_OK;
    /* the measures some higher-is-better criterion scores */
    for (size_t c = 0; rc == TD_OK && m->rb != NULL && c < td_rulebook_criterion_count(m->rb); c++) {
        const char *measure = td_rulebook_criterion_measure(m->rb, c);
        if (td_rulebook_criterion_direction(m->rb, c) == TD_DIRECTION_HIGHER &&
            td_rulebook_criterion_rule_kind(m->rb, c) != TD_RULE_MANUAL && !td_map_get_str(&higher, measure, NULL))
            rc = td_map_put(&higher, measure, strlen(measure), c, m->err);
    }
    td_dval_iter it;
    td_dval vv;
    td_dval_iter_init(&it, p, 0);
    while (rc == TD_OK && td_dval_next(&it, &vv)) {
        const td_dval *v = &vv;
        if (v->blank || v->kind > TD_DV_ACTUAL)
            continue;
        size_t len = strlen(v->key), at;
        if (!td_map_get(&columns[v->kind], v->key, len, &at)) {
            void *items = stats;
            if ((rc = td_reserve(m->a, &items, &stats_cap, ncolumns + 1, sizeof *stats, m->err)) != TD_OK)
                break;
            stats = items;
            at = ncolumns++;
            stats[at] = (column_stats){0, 0, 0};
            if ((rc = td_map_put(&columns[v->kind], v->key, len, at, m->err)) != TD_OK)
                break;
        }
        TD_ANALYZER_ASSUME(stats != NULL); /* a measure in the maps has its stats */
        stats[at].count++;
        stats[at].whole += v->decimals == 0;
        stats[at].three += v->decimals == 3;
    }
    td_dval_iter_init(&it, p, 0);
    while (rc == TD_OK && td_dval_next(&it, &vv)) {
        const td_dval *v = &vv;
        size_t at;
        if (v->blank || v->kind > TD_DV_ACTUAL || !td_map_get_str(&columns[v->kind], v->key, &at))
            continue;
        TD_ANALYZER_ASSUME(stats != NULL); /* a measure in the maps has its stats */
        const column_stats *s = &stats[at];
        char value[TD_DECIMAL_STRING_SIZE];
        /* the others whole (most of them), so three decimals are no measure's precision */
        if (v->decimals == 3 && s->count >= 3 && s->whole + s->three == s->count && s->whole >= s->three) {
            td_decimal_format(value, sizeof value, td_dval_value(m->p, v)); /* for the warning only */
            rc = warn_at(m, TD_DVAL_POS(v, at), "three-decimals-among-whole-numbers",
                         "the %s of unit '%s' for '%s' is written with three decimals (read as %s) where the "
                         "other %ss of '%s' are whole numbers: a thousands separator? Numbers take no "
                         "thousands separator; write the whole number",
                         td_dval_what(v->kind), v->unit, v->key, value, td_dval_what(v->kind), v->key);
        } else if (v->kind == TD_DV_TARGET && td_decimal_is_zero(td_dval_value(p, v)) && td_map_get_str(&higher, v->key, NULL))
            rc = warn_at(m, TD_DVAL_POS(v, at), "target-zero",
                         "the target of unit '%s' for '%s' is 0: its attainment is then 1 (met, full points) "
                         "whatever the actual; leave the target out if there is none",
                         v->unit, v->key);
    }
    td_dealloc(m->a, stats);
    td_map_free(&columns[0]);
    td_map_free(&columns[1]);
    td_map_free(&higher);
    return rc;
}

/* A history id the rulebook does not know (rulebook 1.1): an error when it
 * declares titles, else a warning, with the nearest known id. */
static td_status check_history_id(maker *m, const td_dhist *h)
{
    size_t nc = td_rulebook_classification_count(m->rb), na = td_rulebook_award_count(m->rb),
           nt = td_rulebook_title_count(m->rb), n = 0;
    const char **cands = td_alloc(m->a, (nc + na + nt + 1) * sizeof(char *));
    if (cands == NULL)
        return td_error_nomem(m->err);
    for (size_t i = 0; i < na; i++)
        cands[n++] = td_rulebook_award_id(m->rb, i);
    for (size_t i = 0; i < nc; i++)
        cands[n++] = td_rulebook_classification_id(m->rb, i);
    for (size_t i = 0; i < nt; i++)
        cands[n++] = td_rulebook_title_id(m->rb, i);
    char hint[96];
    td_did_you_mean(hint, sizeof hint, h->id, cands, n);
    td_dealloc(m->a, (void *)cands);
    if (nt > 0)
        return fail(m->err, &h->id_pos, TD_EDATA,
                    "the history of unit '%s' records '%s', which is not an award, a classification entry or a "
                    "title of rulebook '%s'%s",
                    h->unit, h->id, td_rulebook_id(m->rb), hint);
    return warn_at(m, &h->id_pos, "history-id-unknown",
                   "the history of unit '%s' records '%s', which is not an award or a classification entry of "
                   "rulebook '%s'%s: no expression can count it; declare it under 'titles' if another body "
                   "decides it",
                   h->unit, h->id, td_rulebook_id(m->rb), hint);
}

static td_status add_rest(maker *m)
{
    const td_dparts *p = m->p;
    td_status rc = TD_OK;
    for (size_t i = 0; i < p->event_count && rc == TD_OK; i++) {
        const td_devent *e = &p->events[i];
        const char *unit;
        if ((rc = need_member(m, e->unit, &e->unit_pos, "an event", &unit)) ||
            (m->rb != NULL && (rc = check_item(m, e, unit))))
            break;
        rc = at(m->err, &e->item_pos, td_cluster_add_event(m->c, unit, e->item, e->count, m->err));
    }
    for (size_t i = 0; i < p->hist_count && rc == TD_OK; i++) {
        const td_dhist *h = &p->hist[i];
        const char *unit = resolve(m, h->unit); /* history may name a predecessor */
        if (m->rb != NULL && !td_rulebook_knows_history_id(m->rb, h->id) && (rc = check_history_id(m, h)) != TD_OK)
            break;
        rc = at(m->err, &h->pos,
                td_cluster_add_history(m->c, unit != NULL ? unit : h->unit, h->period, h->id, m->err));
    }
    for (size_t i = 0; i < p->link_count && rc == TD_OK; i++) {
        const td_dlink *l = &p->links[i];
        const char *unit = resolve(m, l->unit), *pred = resolve(m, l->pred);
        rc = at(m->err, &l->pos,
                td_cluster_add_predecessor(m->c, unit != NULL ? unit : l->unit,
                                           pred != NULL ? pred : l->pred, m->err));
    }
    if (rc == TD_OK && p->has_next) {
        const char *unit;
        if ((rc = need_member(m, p->next_leader, &p->next_pos, "next_leader", &unit)) == TD_OK)
            rc = at(m->err, &p->next_pos, td_cluster_set_next_leader(m->c, unit, m->err));
    }
    if (rc == TD_OK && p->next_deputy != NULL) {
        const char *unit;
        if ((rc = need_member(m, p->next_deputy, &p->next_deputy_pos, "next_deputy", &unit)) == TD_OK)
            rc = at(m->err, &p->next_deputy_pos, td_cluster_set_next_deputy(m->c, unit, m->err));
    }
    return rc;
}

/* The parameters the data sets (rulebook 1.1): each once, and, with a
 * rulebook, one it declares (the nearest suggested otherwise). */
static td_status add_parameters(maker *m)
{
    const td_dparts *p = m->p;
    for (size_t i = 0; i < p->param_count; i++) {
        const td_dparam *v = &p->params[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->params[j].id, v->id) == 0)
                return fail(m->err, &v->pos, TD_EDATA, "the data sets parameter '%s' twice (first at %s:%u:%u)",
                            v->id, p->params[j].pos.file != NULL ? p->params[j].pos.file : "",
                            p->params[j].pos.line, p->params[j].pos.column);
        size_t at_index;
        td_error scratch;
        if (m->rb != NULL && td_rulebook_find_parameter(&at_index, m->rb, v->id, &scratch) != TD_OK) {
            size_t n;
            const char **cands = ids_of(m, td_rulebook_parameter_count(m->rb), td_rulebook_parameter_id, NULL, &n);
            if (cands == NULL)
                return td_error_nomem(m->err);
            char hint[96];
            td_did_you_mean(hint, sizeof hint, v->id, cands, n);
            td_dealloc(m->a, (void *)cands);
            return fail(m->err, &v->pos, TD_EDATA, "the data sets parameter '%s', which rulebook '%s' does not declare%s",
                        v->id, td_rulebook_id(m->rb), hint);
        }
        td_status rc = at(m->err, &v->pos, td_cluster_set_parameter(m->c, v->id, v->value, m->err));
        if (rc == TD_OK)
            rc = td_cluster_set_parameter_origin(m->c, v->id, v->pos.file != NULL ? v->pos.file : "", v->pos.line,
                                                 v->pos.column, m->err);
        if (rc != TD_OK)
            return rc;
    }
    return TD_OK;
}

/* The councils' ballots and the members' votes (rulebook 1.1), each at its
 * place; the rulebook checks them when evaluating. */
static td_status add_ballots(maker *m)
{
    const td_dparts *p = m->p;
    td_status rc = TD_OK;
    for (size_t i = 0; rc == TD_OK && i < p->ballot_count; i++) {
        const td_dballot *b = &p->ballots[i];
        size_t ai = 0, na = m->rb != NULL ? td_rulebook_award_count(m->rb) : 0;
        td_ballot_of of = TD_BALLOT_OF_COUNCIL;
        while (ai < na && strcmp(td_rulebook_award_id(m->rb, ai), b->award) != 0)
            ai++;
        if (m->rb != NULL && ai < na)
            of = td_rulebook_award_ballot_of(m->rb, ai);
        if (m->rb != NULL && (ai == na || !td_rulebook_award_ballot_min(NULL, m->rb, ai)))
            return fail(m->err, &b->pos, TD_EDATA, "the data has a ballot on '%s', which rulebook '%s' puts to no ballot",
                        b->award, td_rulebook_id(m->rb));
        if (of == TD_BALLOT_OF_CAST && b->cast < 0)
            return fail(m->err, &b->pos, TD_EDATA,
                        "award '%s' counts the votes cast: the ballot needs 'cast', the number of votes cast", b->award);
        rc = at(m->err, &b->pos, td_cluster_set_ballot(m->c, b->award, b->council, b->cast, m->err));
    }
    for (size_t i = 0; rc == TD_OK && i < p->vote_count; i++) {
        const td_dvote *v = &p->votes[i];
        const char *unit;
        if ((rc = need_member(m, v->unit, &v->pos, "a ballot's votes", &unit)) == TD_OK)
            rc = at(m->err, &v->pos, td_cluster_set_votes(m->c, v->award, unit, v->votes, m->err));
    }
    return rc;
}

/* Units below the members (rulebook 1.1 section 6), each at its place; a
 * parent may be named by a member's name. Evaluation checks the tree. */
static td_status add_units(maker *m)
{
    const td_dparts *p = m->p;
    td_status rc = TD_OK;
    for (size_t i = 0; rc == TD_OK && i < p->unit_count; i++) {
        const td_dunit *u = &p->units[i];
        const char *parent = resolve(m, u->parent);
        rc = at(m->err, &u->pos, td_cluster_add_unit(m->c, u->id, u->name, parent != NULL ? parent : u->parent,
                                                     m->err));
        if (rc == TD_OK)
            rc = td_cluster_set_unit_origin(m->c, u->id, u->pos.file != NULL ? u->pos.file : "", u->pos.line,
                                            u->pos.column, m->err);
    }
    return rc;
}

static td_status make(maker *m);

/* The child data of one roll-up (rulebook 1.1 sections 4 and 8): its
 * member tables and history tables read with the dataset's options, each
 * row a child whose `unit` is its group, checked against the child
 * rulebook when there is a rulebook; the children's notes go to the
 * cluster's. */
static td_status make_children(maker *m, const td_dataset *ds, const td_drollup *ru)
{
    const td_rulebook *child_rb = NULL;
    if (m->rb != NULL) {
        size_t k;
        td_error scratch;
        if (td_rulebook_find_rollup(&k, m->rb, ru->id, &scratch) != TD_OK) {
            size_t n = td_rulebook_rollup_count(m->rb);
            const char **cands = td_alloc(m->a, (n + 1) * sizeof *cands);
            if (cands == NULL)
                return td_error_nomem(m->err);
            for (size_t i = 0; i < n; i++)
                cands[i] = td_rulebook_rollup_id(m->rb, i);
            char hint[96];
            td_did_you_mean(hint, sizeof hint, ru->id, cands, n);
            td_dealloc(m->a, (void *)cands);
            return fail(m->err, &ru->pos, TD_EDATA, "the data gives child data for roll-up '%s', which rulebook '%s' "
                        "does not have%s", ru->id, td_rulebook_id(m->rb), hint);
        }
        child_rb = td_rulebook_rollup_child(m->rb, k);
    }
    td_load_options o;
    td_dataset_options(ds, &o);
    /* the child data counts against the documents' total */
    o.max_total_bytes = m->bytes_left > 0 ? m->bytes_left : 1; /* 0 would be the default */
    td_dataset *cd = NULL;
    td_status rc = td_dataset_new(&cd, &o, m->err);
    for (size_t pass = 0; pass < 2 && rc == TD_OK; pass++) {
        const td_dfile *files = pass == 0 ? ru->data : ru->history;
        size_t count = pass == 0 ? ru->data_count : ru->history_count;
        for (size_t i = 0; i < count && rc == TD_OK; i++) {
            if (m->bytes_left == 0) {
                rc = fail(m->err, &files[i].pos, TD_ELIMIT, "roll-up '%s': no byte is left of the limit on all the "
                          "documents read together for its child data (--limit total)", ru->id);
                break;
            }
            td_error local;
            td_error_clear(&local);
            rc = td_dataset_add_file(cd, files[i].path, &local);
            if (rc == TD_EIO)
                rc = fail(m->err, &files[i].pos, TD_EIO, "roll-up '%s': %s", ru->id, local.message);
            else if (rc != TD_OK)
                *m->err = local;
        }
    }
    if (rc == TD_OK)
        m->bytes_left -= td_dataset_bytes(cd) < m->bytes_left ? td_dataset_bytes(cd) : m->bytes_left;
    const td_dparts *cp = rc == TD_OK ? td_dataset_parts(cd) : NULL;
    /* children come from member tables: a header, a list of members or
     * long-layout values would be another cluster's data */
    if (rc == TD_OK && (cp->has_cluster || cp->member_count > 0 || cp->event_count > 0 || cp->ballot_count > 0))
        rc = fail(m->err, &ru->pos, TD_EDATA, "roll-up '%s': child data are member tables (CSV with an 'id' column, one "
                  "row per child) and history tables (unit,period,id), not cluster data", ru->id);
    if (rc == TD_OK) {
        td_dval_iter it;
        td_dval cv;
        for (td_dval_iter_init(&it, cp, 0); rc == TD_OK && td_dval_next(&it, &cv);)
            if (cv.column == 0)
                rc = fail(m->err, TD_DVAL_POS(&cv, at), TD_EDATA, "roll-up '%s': child data are member tables (CSV "
                          "with an 'id' column, one row per child), not the long layout", ru->id);
    }
    td_dmember *members = NULL;
    td_dparts q;
    if (rc == TD_OK) {
        /* the rows' ids are the children, their `unit` cells their groups */
        q = *cp;
        members = td_alloc(m->a, (cp->group_count + 1) * sizeof *members);
        if (members == NULL)
            rc = td_error_nomem(m->err);
        for (size_t i = 0; rc == TD_OK && i < cp->group_count; i++) {
            const td_dgroup *g = &cp->groups[i];
            members[i] = (td_dmember){g->unit, "", g->unit_pos, g->group, g->pos};
        }
        q.members = members;
        q.member_count = cp->group_count;
        q.groups = NULL;
        q.group_count = 0;
        q.has_cluster = true;
        q.cluster_id = ru->id;
        q.cluster_name = NULL;
        q.cluster_pos = ru->pos;
        q.period = td_cluster_period(m->c);
        q.params = ru->params;
        q.param_count = ru->param_count;
        q.units = NULL;
        q.unit_count = 0;
        q.rollups = NULL;
        q.rollup_count = 0;
    }
    maker cm;
    memset(&cm, 0, sizeof cm);
    if (rc == TD_OK) {
        cm.p = &q;
        cm.rb = child_rb;
        cm.a = m->a;
        cm.err = m->err;
        by_name names;
        maker_init(&cm, &names);
        rc = maker_free(&cm, make(&cm));
    }
    for (size_t i = 0; rc == TD_OK && i < td_cluster_note_count(cm.c); i++) {
        td_warning w;
        td_cluster_note(&w, cm.c, i);
        rc = td_cluster_add_note(m->c, w.code, w.message, w.file, w.line, w.column, m->err);
    }
    for (size_t i = 0; rc == TD_OK && i < td_cluster_warning_count(cm.c); i++) {
        td_warning w;
        td_cluster_warning(&w, cm.c, i);
        rc = td_cluster_add_warning(m->c, w.code, w.message, w.file, w.line, w.column, m->err);
    }
    if (rc == TD_OK)
        rc = at(m->err, &ru->pos, td_cluster_set_children(m->c, ru->id, cm.c, m->err));
    if (rc != TD_OK)
        td_cluster_free(cm.c); /* set_children takes it only on success */
    td_dealloc(m->a, members);
    td_dataset_free(cd);
    return rc;
}

/* The report block (council documents), checked when read. */
static td_status add_report(maker *m)
{
    const td_dparts *p = m->p;
    td_status rc = TD_OK;
    for (size_t f = 0; rc == TD_OK && f < 4; f++)
        if (p->report_fields[f] != NULL)
            rc = at(m->err, &p->report_field_pos[f],
                    td_cluster_set_report_field(m->c, (td_report_field)f, p->report_fields[f], m->err));
    for (size_t i = 0; rc == TD_OK && i < p->signer_count; i++)
        rc = at(m->err, &p->signer_pos[i],
                td_cluster_add_report_signer(m->c, p->signers[i][0], p->signers[i][1], p->signers[i][2], m->err));
    return rc;
}

static td_status make(maker *m)
{
    const td_dparts *p = m->p;
    td_status rc = at(m->err, &p->cluster_pos,
                      td_cluster_new(&m->c, p->cluster_id, p->period, m->a, m->err));
    if (rc == TD_OK && p->cluster_name != NULL)
        rc = at(m->err, &p->cluster_pos, td_cluster_set_name(m->c, p->cluster_name, m->err));
    if (rc == TD_OK)
        rc = at(m->err, &p->cluster_pos, td_cluster_set_kind(m->c, (td_cluster_kind)p->cluster_kind, m->err));
    for (size_t i = 0; i < p->member_count && rc == TD_OK; i++) {
        const td_dpos *pos = &p->members[i].pos;
        rc = at(m->err, pos, td_cluster_add_member(m->c, p->members[i].id, p->members[i].name, m->err));
        /* evaluation reports a member's missing data at its entry */
        if (rc == TD_OK)
            rc = td_cluster_set_member_origin(m->c, p->members[i].id, pos->file != NULL ? pos->file : "",
                                              pos->line, pos->column, m->err);
        if (rc == TD_OK && p->members[i].group != NULL)
            rc = at(m->err, &p->members[i].group_pos,
                    td_cluster_set_member_group(m->c, p->members[i].id, p->members[i].group, m->err));
    }
    if (rc == TD_OK)
        rc = index_members(m);
    if (rc == TD_OK && p->leader != NULL) {
        const char *unit;
        if ((rc = need_member(m, p->leader, &p->leader_pos, "the cluster's leader", &unit)) == TD_OK)
            rc = at(m->err, &p->leader_pos, td_cluster_set_leader(m->c, unit, m->err));
    }
    if (rc == TD_OK && p->deputy != NULL) {
        const char *unit;
        if ((rc = need_member(m, p->deputy, &p->deputy_pos, "the cluster's deputy", &unit)) == TD_OK)
            rc = at(m->err, &p->deputy_pos, td_cluster_set_deputy(m->c, unit, m->err));
    }
    if (rc == TD_OK)
        rc = add_groups(m);
    if (rc == TD_OK)
        rc = judge_columns(m);
    if (rc == TD_OK)
        rc = add_values(m);
    if (rc == TD_OK)
        rc = add_parameters(m);
    if (rc == TD_OK)
        rc = add_ballots(m);
    if (rc == TD_OK)
        rc = add_rest(m);
    if (rc == TD_OK)
        rc = add_report(m);
    if (rc == TD_OK)
        rc = add_warnings(m);
    if (rc == TD_OK)
        rc = add_units(m);
    return rc;
}

/* A workbook's cluster sheet beside a document's `cluster:` must name the
 * same cluster and period (the document's header holds). */
static td_status sheet_agrees(const td_dparts *p, td_error *err)
{
    const td_dsheet *s = &p->sheet;
    char at[TD_ERROR_FILE_SIZE + 32];
    if (s->id != NULL && strcmp(s->id, p->cluster_id) != 0)
        return fail(err, &s->id_pos, TD_EDATA, "the cluster sheet names cluster '%s', but the data describe cluster '%s' "
                    "(at %s)", s->id, p->cluster_id, td_dpos_text(at, sizeof at, &p->cluster_pos));
    if (s->has_period && p->has_period && s->period != p->period)
        return fail(err, &s->period_pos, TD_EDATA, "the cluster sheet gives period %lld, but the data give %lld (at %s)",
                    (long long)s->period, (long long)p->period, td_dpos_text(at, sizeof at, &p->period_pos));
    return TD_OK;
}

/* The cluster a workbook's cluster sheet describes, into *q (a copy of p):
 * its header from the sheet, its members the member tables' rows (each id
 * once, in the order first given, with the row's name and `unit` cell);
 * *members (freed by the caller) holds them. */
static td_status from_sheet(const td_dparts *p, td_dparts *q, td_dmember **members, const td_allocator *a,
                            td_error *err)
{
    const td_dsheet *s = &p->sheet;
    if (s->id == NULL)
        return fail(err, &s->pos, TD_EDATA, "the cluster sheet gives no cluster id (the row 'id')");
    if (!s->has_period && !p->has_period)
        return fail(err, &s->pos, TD_EDATA, "the cluster sheet gives no period (the row 'period')");
    if (p->group_count == 0)
        return fail(err, &s->pos, TD_EDATA, "the cluster sheet describes cluster '%s', but no member table lists its "
                    "members: the rows of the data sheet are the members", s->id);
    *q = *p;
    if ((*members = td_alloc(a, p->group_count * sizeof **members)) == NULL)
        return td_error_nomem(err);
    td_map seen;
    td_map_init(&seen, a);
    td_status rc = TD_OK;
    size_t n = 0;
    for (size_t i = 0; i < p->group_count && rc == TD_OK; i++) {
        const td_dgroup *g = &p->groups[i];
        size_t first;
        if (td_map_get_str(&seen, g->unit, &first))
            continue; /* the same member in another table: its values join */
        (*members)[n] = (td_dmember){g->unit, g->name, g->unit_pos, g->group, g->pos};
        rc = td_map_put(&seen, g->unit, strlen(g->unit), n++, err);
    }
    td_map_free(&seen);
    q->members = *members;
    q->member_count = n;
    q->has_cluster = true;
    q->cluster_id = s->id;
    q->cluster_name = s->name;
    q->cluster_kind = s->kind;
    q->cluster_pos = s->id_pos;
    if (s->has_period) {
        q->has_period = true;
        q->period = s->period;
        q->period_pos = s->period_pos;
    }
    q->leader = s->leader;
    q->leader_pos = s->leader_pos;
    q->deputy = s->deputy;
    q->deputy_pos = s->deputy_pos;
    if (s->next_leader != NULL && !p->has_next) {
        q->has_next = true;
        q->next_leader = s->next_leader;
        q->next_pos = s->next_pos;
    }
    if (s->next_deputy != NULL && p->next_deputy == NULL) {
        q->next_deputy = s->next_deputy;
        q->next_deputy_pos = s->next_deputy_pos;
    }
    return rc;
}

td_status td_dataset_to_cluster(td_cluster **out, const td_dataset *dataset,
                                const td_rulebook *rulebook, td_error *err)
{
    if (dataset == NULL || out == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", dataset == NULL ? "the dataset" : "out");
    const td_dparts *p = td_dataset_parts(dataset);
    if (!p->has_cluster && !p->sheet.has)
        return td_error_set(err, TD_EDATA,
                            "no data document describes the cluster: one of them needs 'period' and "
                            "'cluster' with its 'id' and 'members' (or a workbook its cluster sheet)");
    td_dparts from;
    td_dmember *sheet_members = NULL;
    if (p->sheet.has) {
        td_error local;
        td_error_clear(&local);
        td_status rc = p->has_cluster ? sheet_agrees(p, &local)
                                      : from_sheet(p, &from, &sheet_members, td_dataset_allocator(dataset), &local);
        if (rc != TD_OK) {
            td_dealloc(td_dataset_allocator(dataset), sheet_members);
            if (err != NULL)
                *err = local;
            return rc;
        }
        if (!p->has_cluster)
            p = &from;
    }
    td_error local;
    td_error_clear(&local);
    maker m;
    memset(&m, 0, sizeof m);
    m.p = p;
    m.rb = rulebook;
    m.a = td_dataset_allocator(dataset);
    m.err = &local;
    {
        td_load_options o;
        td_dataset_options(dataset, &o);
        m.bytes_left = o.max_total_bytes - td_dataset_bytes(dataset);
    }
    by_name names;
    maker_init(&m, &names);
    td_status rc = make(&m);
    for (size_t i = 0; rc == TD_OK && i < p->rollup_count; i++) {
        for (size_t j = 0; j < i && rc == TD_OK; j++)
            if (strcmp(p->rollups[j].id, p->rollups[i].id) == 0)
                rc = fail(&local, &p->rollups[i].pos, TD_EEXISTS, "child data for roll-up '%s' is given twice (first "
                          "at %s:%u:%u)", p->rollups[i].id, p->rollups[j].pos.file != NULL ? p->rollups[j].pos.file : "",
                          p->rollups[j].pos.line, p->rollups[j].pos.column);
        if (rc == TD_OK)
            rc = make_children(&m, dataset, &p->rollups[i]);
    }
    rc = maker_free(&m, rc);
    td_dealloc(m.a, sheet_members);
    if (rc != TD_OK) {
        td_cluster_free(m.c);
        if (err != NULL)
            *err = local;
        return rc;
    }
    *out = m.c;
    return TD_OK;
}

td_status td_cluster_load_file(td_cluster **out, const char *path, const td_rulebook *rulebook,
                               const td_load_options *opts, td_error *err)
{
    td_dataset *d = NULL;
    td_status rc = td_dataset_new(&d, opts, err);
    if (rc == TD_OK)
        rc = td_dataset_add_file(d, path, err);
    if (rc == TD_OK)
        rc = td_dataset_to_cluster(out, d, rulebook, err);
    td_dataset_free(d);
    return rc;
}
