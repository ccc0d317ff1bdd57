/*
 * Cluster data: members, values, events, history and predecessor links.
 */
#include <stdio.h>
#include <string.h>

#include "thidua/columns.h"
#include "decimal_internal.h"
#include "fixed.h"
#include "model.h"

static const td_allocator *cluster_alloc(const td_cluster *c)
{
    return &c->arena.alloc;
}

static td_status need_cluster(const td_cluster *c, td_error *err)
{
    if (c == NULL)
        return td_error_set(err, TD_EINVAL, "the cluster is NULL");
    return TD_OK;
}

/* Finds a member by id; TD_ENOTFOUND names the unit and what needed it. */
static td_status member_of(const td_cluster *c, const char *unit_id, const char *what,
                           size_t *index, td_error *err)
{
    /* a member's id was checked when it was added: only an unknown one is checked here */
    if (unit_id != NULL && td_map_get_str(&c->member_index, unit_id, index))
        return TD_OK;
    td_status rc = td_check_id(unit_id, "unit id", err);
    if (rc != TD_OK)
        return rc;
    char q[64];
    td_quote(q, sizeof q, unit_id);
    return td_error_set(err, TD_ENOTFOUND, "%s names unit %s, which is not a member of cluster '%s'", what, q,
                        c->id);
}

/* The lookup key of a member's value or event: fixed-size, whatever the
 * name's length, because names are numbered once (c->names). The kind
 * (TD_VALUE_*, below 8) shares a word with the name's number, so that a
 * key takes 16 bytes of the arena. */
typedef struct value_key {
    size_t member, name_kind;
} value_key;

static value_key key_of(size_t member, int kind, size_t name)
{
    return (value_key){member, name << 3 | (size_t)kind};
}

bool td_cluster_name_number(const td_cluster *c, const char *name, size_t *out)
{
    return td_map_get_str(&c->name_index, name, out);
}

/* The number of a value or item name, given one when new. */
static td_status number_name(td_cluster *c, const char *name, size_t *out, td_error *err)
{
    if (td_cluster_name_number(c, name, out))
        return TD_OK;
    void *items = (void *)c->names;
    td_status rc = td_reserve(cluster_alloc(c), &items, &c->name_cap, c->name_count + 1,
                              sizeof(char *), err);
    if (rc != TD_OK)
        return rc;
    c->names = items;
    if ((c->name_count + 1) > SIZE_MAX / TD_VALUE_KINDS)
        return td_error_nomem(err);
    void *cols = c->vcols;
    if ((rc = td_reserve(cluster_alloc(c), &cols, &c->vcol_cap, (c->name_count + 1) * TD_VALUE_KINDS,
                         sizeof(td_vcol), err)) != TD_OK)
        return rc;
    c->vcols = cols;
    const char *copy = td_arena_strdup(&c->arena, name);
    if (copy == NULL)
        return td_error_nomem(err);
    if ((rc = td_map_put(&c->name_index, copy, strlen(copy), c->name_count, err)) != TD_OK)
        return rc;
    memset(&c->vcols[c->name_count * TD_VALUE_KINDS], 0, TD_VALUE_KINDS * sizeof(td_vcol));
    c->names[c->name_count] = copy;
    *out = c->name_count++;
    return TD_OK;
}

/* ---- values: a column per name and kind (model.h, td_vcol) ---- */

static size_t col_of(size_t number, int kind)
{
    return number * TD_VALUE_KINDS + (size_t)kind;
}

typedef struct spill_key {
    size_t col, member;
} spill_key;

bool td_cluster_vcol_value(const td_cluster *c, size_t k, size_t m, td_decimal *out)
{
    const td_vcol *col = &c->vcols[k];
    if (m < col->len) {
        signed char s = col->scale[m];
        if (s != TD_VCOL_ABSENT) {
            *out = s == TD_VCOL_WIDE ? c->wide[col->coef[m]] : td_decimal__from_int64(col->coef[m], s);
            return true;
        }
    }
    if (col->spilled == 0)
        return false;
    spill_key key = {k, m};
    size_t i;
    if (!td_map_get(&c->spill_index, (const char *)&key, sizeof key, &i))
        return false;
    *out = c->spill[i].value;
    return true;
}

/* Whether member m has a place in column `col`'s arrays, growing them to
 * it (by doubling, up to the members) unless that would leave the column
 * less than 1/16 full: its values are then spilled. */
static td_status vcol_room(td_cluster *c, td_vcol *col, size_t m, bool *dense, td_error *err)
{
    *dense = m < col->len;
    if (*dense)
        return TD_OK;
    size_t want = col->len < 8 ? 16 : col->len * 2;
    if (want < m + 1)
        want = m + 1;
    if (want > c->member_count)
        want = c->member_count;
    size_t values = col->count + col->spilled + 1;
    if (values > SIZE_MAX / 32 || want > 16 * values + 64)
        return TD_OK;
    if (want > SIZE_MAX / sizeof(int64_t))
        return td_error_nomem(err);
    const td_allocator *a = cluster_alloc(c);
    int64_t *coef = a->realloc(a->ctx, col->coef, want * sizeof *coef);
    if (coef == NULL)
        return td_error_nomem(err);
    col->coef = coef;
    signed char *scale = a->realloc(a->ctx, col->scale, want);
    if (scale == NULL)
        return td_error_nomem(err); /* the coefficients' room is larger, len unchanged: consistent */
    memset(scale + col->len, TD_VCOL_ABSENT, want - col->len);
    col->scale = scale;
    col->len = want;
    *dense = true;
    return TD_OK;
}

/* Adds member m's value v to column k. TD_EEXISTS (err untouched) with
 * the value given before in *prev when there is one. *dense tells where
 * it went (an Arrow batch takes its values back on failure). On any other
 * failure nothing is added. */
static td_status vcol_put(td_cluster *c, size_t k, size_t m, td_decimal v, td_decimal *prev, bool *dense,
                          td_error *err)
{
    if (td_cluster_vcol_value(c, k, m, prev))
        return TD_EEXISTS;
    td_vcol *col = &c->vcols[k];
    td_status rc = vcol_room(c, col, m, dense, err);
    if (rc != TD_OK)
        return rc;
    const td_allocator *a = cluster_alloc(c);
    td_fx x;
    if (!*dense) {
        void *items = c->spill;
        if ((rc = td_reserve(a, &items, &c->spill_cap, c->spill_count + 1, sizeof(td_spill), err)) != TD_OK)
            return rc;
        c->spill = items;
        spill_key *key = td_arena_alloc(&c->arena, sizeof *key);
        if (key == NULL)
            return td_error_nomem(err);
        *key = (spill_key){k, m};
        if ((rc = td_map_put(&c->spill_index, (const char *)key, sizeof *key, c->spill_count, err)) != TD_OK)
            return rc;
        c->spill[c->spill_count++] = (td_spill){k, m, v};
        col->spilled++;
    } else if (td_fx_of(v, &x)) {
        col->coef[m] = x.c;
        col->scale[m] = (signed char)x.s;
        col->count++;
    } else {
        void *items = c->wide;
        if ((rc = td_reserve(a, &items, &c->wide_cap, c->wide_count + 1, sizeof(td_decimal), err)) != TD_OK)
            return rc;
        c->wide = items;
        c->wide[c->wide_count] = v;
        col->coef[m] = (int64_t)c->wide_count++;
        col->scale[m] = TD_VCOL_WIDE;
        col->count++;
    }
    if (col->count + col->spilled == 1) {
        col->first_seq = c->value_count;
        col->first_member = m;
    }
    c->value_count++;
    return TD_OK;
}

/* Adds `key` to `map` with `value`, the key kept in the arena (maps borrow their keys). */
static td_status put_key(td_cluster *c, td_map *map, value_key key, size_t value, td_error *err)
{
    value_key *kept = td_arena_alloc(&c->arena, sizeof key);
    if (kept == NULL)
        return td_error_nomem(err);
    *kept = key;
    return td_map_put(map, (const char *)kept, sizeof key, value, err);
}

td_status td_cluster_new(td_cluster **out, const char *id, int64_t period,
                         const td_allocator *alloc, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    td_status rc = td_check_id(id, "cluster id", err);
    if (rc != TD_OK)
        return rc;
    td_allocator a;
    td_allocator_resolve(&a, alloc);
    td_cluster *c = td_alloc(&a, sizeof *c);
    if (c == NULL)
        return td_error_nomem(err);
    memset(c, 0, sizeof *c);
    td_arena_init(&c->arena, &a);
    td_map_init(&c->member_index, &a);
    td_map_init(&c->spill_index, &a);
    td_map_init(&c->event_index, &a);
    td_map_init(&c->name_index, &a);
    td_map_init(&c->unit_index, &a);
    td_map_init(&c->below_index, &a);
    c->period = period;
    c->leader = -1;
    c->next_leader = -1;
    c->deputy = -1;
    c->next_deputy = -1;
    c->id = td_arena_strdup(&c->arena, id);
    c->name = td_arena_strdup(&c->arena, "");
    if (c->id == NULL || c->name == NULL) {
        td_cluster_free(c);
        return td_error_nomem(err);
    }
    *out = c;
    return TD_OK;
}

void td_cluster_free(td_cluster *c)
{
    if (c == NULL)
        return;
    td_allocator a = *cluster_alloc(c);
    td_map_free(&c->member_index);
    td_map_free(&c->spill_index);
    td_map_free(&c->event_index);
    td_map_free(&c->name_index);
    td_map_free(&c->unit_index);
    td_dealloc(&a, c->members);
    td_dealloc(&a, c->warnings);
    td_dealloc(&a, c->notes);
    td_dealloc(&a, (void *)c->names);
    for (size_t k = 0; k < c->name_count * TD_VALUE_KINDS; k++) {
        td_dealloc(&a, c->vcols[k].coef);
        td_dealloc(&a, c->vcols[k].scale);
    }
    td_dealloc(&a, c->vcols);
    td_dealloc(&a, c->wide);
    td_dealloc(&a, c->spill);
    td_dealloc(&a, c->events);
    td_dealloc(&a, c->units);
    td_dealloc(&a, c->history);
    td_dealloc(&a, c->links);
    td_dealloc(&a, c->params);
    for (size_t i = 0; i < c->ballot_count; i++)
        td_dealloc(&a, c->ballots[i].votes);
    td_dealloc(&a, c->ballots);
    td_cluster_free_rollups(c);
    td_arena_free(&c->arena);
    td_dealloc(&a, c);
}

td_status td_cluster_set_name(td_cluster *c, const char *name, td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK && name == NULL)
        rc = td_error_set(err, TD_EINVAL, "name is NULL");
    if (rc == TD_OK)
        rc = td_check_name(name, "cluster name", err);
    if (rc != TD_OK)
        return rc;
    const char *copy = td_arena_strdup(&c->arena, name);
    if (copy == NULL)
        return td_error_nomem(err);
    c->name = copy;
    return TD_OK;
}

td_status td_cluster_set_kind(td_cluster *c, td_cluster_kind kind, td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc != TD_OK)
        return rc;
    if (kind != TD_CLUSTER_CLUSTER && kind != TD_CLUSTER_BLOCK)
        return td_error_set(err, TD_EINVAL, "unknown cluster kind %d (expected TD_CLUSTER_CLUSTER or TD_CLUSTER_BLOCK)",
                            (int)kind);
    c->kind = kind;
    return TD_OK;
}

td_status td_cluster_add_member(td_cluster *c, const char *unit_id, const char *name,
                                td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = td_check_id(unit_id, "unit id", err);
    if (rc == TD_OK)
        rc = td_check_name(name, "member name", err);
    if (rc != TD_OK)
        return rc;
    if (td_map_get_str(&c->member_index, unit_id, NULL))
        return td_error_set(err, TD_EEXISTS, "unit '%s' is a member of cluster '%s' twice", unit_id,
                            c->id);
    void *items = c->members;
    rc = td_reserve(cluster_alloc(c), &items, &c->member_cap, c->member_count + 1, sizeof(td_member),
                    err);
    if (rc != TD_OK)
        return rc;
    c->members = items;
    td_member m;
    m.id = td_arena_strdup(&c->arena, unit_id);
    m.name = td_arena_strdup(&c->arena, name);
    m.group = NULL;
    m.file = NULL;
    m.line = m.column = 0;
    if (m.id == NULL || m.name == NULL)
        return td_error_nomem(err);
    rc = td_map_put(&c->member_index, m.id, strlen(m.id), c->member_count, err);
    if (rc != TD_OK)
        return rc;
    c->members[c->member_count++] = m;
    return TD_OK;
}

td_status td_cluster_set_member_origin(td_cluster *c, const char *unit_id, const char *file,
                                       unsigned int line, unsigned int column, td_error *err)
{
    size_t m;
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK && file == NULL)
        rc = td_error_set(err, TD_EINVAL, "member origin: file is NULL");
    if (rc == TD_OK)
        rc = member_of(c, unit_id, "member origin", &m, err);
    if (rc != TD_OK)
        return rc;
    /* members declared in one file share one copy of its name */
    const char *kept = m > 0 && c->members[m - 1].file != NULL && strcmp(c->members[m - 1].file, file) == 0
                           ? c->members[m - 1].file
                           : td_arena_strdup(&c->arena, file);
    if (kept == NULL)
        return td_error_nomem(err);
    c->members[m].file = kept;
    c->members[m].line = line;
    c->members[m].column = column;
    return TD_OK;
}

/* The index of parameter `id` among those the cluster sets, or TD_NONE
 * (a few per cluster: a scan). */
static size_t param_at(const td_cluster *c, const char *id)
{
    for (size_t i = 0; i < c->param_count; i++)
        if (strcmp(c->params[i].id, id) == 0)
            return i;
    return TD_NONE;
}

td_status td_cluster_set_parameter(td_cluster *c, const char *id, td_decimal value, td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "parameter id", err);
    if (rc != TD_OK)
        return rc;
    size_t i = param_at(c, id);
    if (i != TD_NONE) {
        c->params[i].value = value;
        return TD_OK;
    }
    void *items = c->params;
    if ((rc = td_reserve(cluster_alloc(c), &items, &c->param_cap, c->param_count + 1, sizeof(td_param), err)) !=
        TD_OK)
        return rc;
    c->params = items;
    td_param p = {td_arena_strdup(&c->arena, id), value, NULL, 0, 0};
    if (p.id == NULL)
        return td_error_nomem(err);
    c->params[c->param_count++] = p;
    return TD_OK;
}

td_status td_cluster_set_parameter_origin(td_cluster *c, const char *id, const char *file, unsigned int line,
                                          unsigned int column, td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK && (file == NULL || id == NULL))
        rc = td_error_set(err, TD_EINVAL, "parameter origin: %s is NULL", file == NULL ? "file" : "id");
    if (rc != TD_OK)
        return rc;
    size_t i = param_at(c, id);
    if (i == TD_NONE) {
        char q[64];
        td_quote(q, sizeof q, id);
        return td_error_set(err, TD_ENOTFOUND, "parameter origin: the cluster sets no parameter %s", q);
    }
    const char *kept = td_arena_strdup(&c->arena, file);
    if (kept == NULL)
        return td_error_nomem(err);
    c->params[i].file = kept;
    c->params[i].line = line;
    c->params[i].column = column;
    return TD_OK;
}

/* The cluster's ballot on award `id`, or NULL. */
static td_ballot *ballot_of(const td_cluster *c, const char *id)
{
    for (size_t i = 0; i < c->ballot_count; i++)
        if (strcmp(c->ballots[i].award, id) == 0)
            return &c->ballots[i];
    return NULL;
}

td_status td_cluster_set_ballot(td_cluster *c, const char *award_id, int64_t council, int64_t cast, td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = td_check_id(award_id, "award id", err);
    if (rc != TD_OK)
        return rc;
    if (council < 1)
        return td_error_set(err, TD_ERANGE, "the council of the ballot on '%s' must have at least 1 member, got %lld",
                            award_id, (long long)council);
    if (cast < -1 || cast > council)
        return td_error_set(err, TD_ERANGE,
                            "the votes cast in the ballot on '%s' must be from 0 to the council's %lld, got %lld",
                            award_id, (long long)council, (long long)cast);
    td_ballot *b = ballot_of(c, award_id);
    if (b == NULL) {
        void *items = c->ballots;
        if ((rc = td_reserve(cluster_alloc(c), &items, &c->ballot_cap, c->ballot_count + 1, sizeof(td_ballot), err)))
            return rc;
        c->ballots = items;
        const char *id = td_arena_strdup(&c->arena, award_id);
        if (id == NULL)
            return td_error_nomem(err);
        b = &c->ballots[c->ballot_count++];
        *b = (td_ballot){id, council, cast, NULL, 0};
    }
    for (size_t m = 0; m < c->member_count && m < b->votes_cap; m++)
        if (b->votes[m] > (cast >= 0 ? cast : council))
            return td_error_set(err, TD_ERANGE, "unit '%s' has %lld votes in the ballot on '%s', more than %lld",
                                c->members[m].id, (long long)b->votes[m], award_id,
                                (long long)(cast >= 0 ? cast : council));
    b->council = council;
    b->cast = cast;
    return TD_OK;
}

td_status td_cluster_set_votes(td_cluster *c, const char *award_id, const char *unit_id, int64_t votes, td_error *err)
{
    size_t m;
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = td_check_id(award_id, "award id", err);
    if (rc == TD_OK)
        rc = member_of(c, unit_id, "votes", &m, err);
    if (rc != TD_OK)
        return rc;
    td_ballot *b = ballot_of(c, award_id);
    if (b == NULL)
        return td_error_set(err, TD_ENOTFOUND, "votes for unit '%s' on '%s': the data has no ballot on '%s'", unit_id,
                            award_id, award_id);
    int64_t most = b->cast >= 0 ? b->cast : b->council;
    if (votes < 0 || votes > most)
        return td_error_set(err, TD_ERANGE, "unit '%s' has %lld votes in the ballot on '%s': from 0 to %lld (%s)",
                            unit_id, (long long)votes, award_id, (long long)most,
                            b->cast >= 0 ? "the votes cast" : "the council");
    if (m >= b->votes_cap) {
        size_t cap = b->votes_cap, need = c->member_cap > m ? c->member_cap : m + 1;
        void *items = b->votes;
        if ((rc = td_reserve(cluster_alloc(c), &items, &cap, need, sizeof(int64_t), err)) != TD_OK)
            return rc;
        b->votes = items;
        for (size_t i = b->votes_cap; i < cap; i++)
            b->votes[i] = -1;
        b->votes_cap = cap;
    }
    if (b->votes[m] >= 0)
        return td_error_set(err, TD_EEXISTS, "the votes of unit '%s' on '%s' are given twice", unit_id, award_id);
    b->votes[m] = votes;
    return TD_OK;
}

size_t td_cluster_parameter_count(const td_cluster *c)
{
    return c != NULL ? c->param_count : 0;
}

const char *td_cluster_parameter_id(const td_cluster *c, size_t i)
{
    return c != NULL && i < c->param_count ? c->params[i].id : NULL;
}

td_decimal td_cluster_parameter_value(const td_cluster *c, size_t i)
{
    return c != NULL && i < c->param_count ? c->params[i].value : td_decimal_zero();
}

td_status td_cluster_member_error(const td_cluster *c, size_t m, td_error *err, td_status code,
                                  const char *fmt, ...)
{
    const td_member *member = &c->members[m];
    va_list ap;
    va_start(ap, fmt);
    td_status rc = td_error_vset_at(err, code, member->file, member->line, member->column, fmt, ap);
    va_end(ap);
    return rc;
}

static td_status set_role(td_cluster *c, long *slot, const char *role, const char *unit_id,
                          td_error *err)
{
    size_t m;
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = member_of(c, unit_id, role, &m, err);
    if (rc != TD_OK)
        return rc;
    if (*slot >= 0)
        return td_error_set(err, TD_EEXISTS, "the %s of cluster '%s' is given twice ('%s', then '%s')",
                            role, c->id, c->members[*slot].id, unit_id);
    *slot = (long)m;
    return TD_OK;
}

td_status td_cluster_set_leader(td_cluster *c, const char *unit_id, td_error *err)
{
    return set_role(c, c != NULL ? &c->leader : NULL, "leader", unit_id, err);
}

td_status td_cluster_set_next_leader(td_cluster *c, const char *unit_id, td_error *err)
{
    return set_role(c, c != NULL ? &c->next_leader : NULL, "next leader", unit_id, err);
}

td_status td_cluster_set_deputy(td_cluster *c, const char *unit_id, td_error *err)
{
    return set_role(c, c != NULL ? &c->deputy : NULL, "deputy", unit_id, err);
}

td_status td_cluster_set_next_deputy(td_cluster *c, const char *unit_id, td_error *err)
{
    return set_role(c, c != NULL ? &c->next_deputy : NULL, "next deputy", unit_id, err);
}

td_status td_cluster_set_member_group(td_cluster *c, const char *unit_id, const char *group, td_error *err)
{
    size_t m;
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = member_of(c, unit_id, "member group", &m, err);
    if (rc == TD_OK)
        rc = td_check_id(group, "group id", err);
    if (rc != TD_OK)
        return rc;
    const char *copy = td_arena_strdup(&c->arena, group);
    if (copy == NULL)
        return td_error_nomem(err);
    c->members[m].group = copy;
    return TD_OK;
}

const char *td_cluster_member_group(const td_cluster *c, size_t i)
{
    return c != NULL && i < c->member_count ? c->members[i].group : NULL;
}

const char *td_cluster_deputy(const td_cluster *c)
{
    return (c != NULL && c->deputy >= 0) ? c->members[c->deputy].id : NULL;
}

static const char *value_kind_name(int kind)
{
    switch (kind) {
    case TD_VALUE_TARGET: return "target";
    case TD_VALUE_ACTUAL: return "actual";
    case TD_VALUE_SCORE + TD_SCORE_SOURCE_SELF: return "self score";
    case TD_VALUE_SCORE + TD_SCORE_SOURCE_CROSS: return "cross score";
    default: return "final score";
    }
}

static td_status set_value(td_cluster *c, int kind, const char *unit_id, const char *name,
                           const char *name_what, td_decimal value, td_error *err)
{
    size_t m;
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = member_of(c, unit_id, value_kind_name(kind), &m, err);
    if (rc != TD_OK)
        return rc;
    /* a name numbered already was checked when it was first given */
    size_t number;
    bool known = name != NULL && td_cluster_name_number(c, name, &number);
    if (!known && (rc = td_check_id(name, name_what, err)) != TD_OK)
        return rc;
    if (td_decimal_sign(value) < 0) {
        char text[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(text, sizeof text, value);
        return td_error_set(err, TD_ERANGE, "%s of unit '%s' for '%s' must be >= 0, got %s",
                            value_kind_name(kind), unit_id, name, text);
    }
    /* a new name without values is invisible: failing after it is harmless */
    if (!known && (rc = number_name(c, name, &number, err)) != TD_OK)
        return rc;
    td_decimal before = td_decimal_zero(); /* set when the value was given before */
    bool dense;
    rc = vcol_put(c, col_of(number, kind), m, value, &before, &dense, err);
    if (rc == TD_EEXISTS) {
        char prev[TD_DECIMAL_STRING_SIZE], now[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(prev, sizeof prev, before);
        td_decimal_format(now, sizeof now, value);
        return td_error_set(err, TD_EEXISTS, "%s of unit '%s' for '%s' is given twice (%s, then %s)",
                            value_kind_name(kind), unit_id, name, prev, now);
    }
    return rc;
}

td_status td_cluster_set_target(td_cluster *c, const char *unit_id, const char *measure,
                                td_decimal value, td_error *err)
{
    return set_value(c, TD_VALUE_TARGET, unit_id, measure, "measure id", value, err);
}

td_status td_cluster_set_actual(td_cluster *c, const char *unit_id, const char *measure,
                                td_decimal value, td_error *err)
{
    return set_value(c, TD_VALUE_ACTUAL, unit_id, measure, "measure id", value, err);
}

td_status td_cluster_set_score(td_cluster *c, td_score_source source, const char *unit_id,
                               const char *criterion_id, td_decimal points, td_error *err)
{
    if (source != TD_SCORE_SOURCE_SELF && source != TD_SCORE_SOURCE_CROSS && source != TD_SCORE_SOURCE_FINAL)
        return td_error_set(err, TD_EINVAL, "unknown score source %d", (int)source);
    return set_value(c, TD_VALUE_SCORE + (int)source, unit_id, criterion_id, "criterion id", points,
                     err);
}

static bool value_by_ids(td_decimal *out, const td_cluster *c, const char *unit_id, const char *measure, int kind)
{
    size_t m, number;
    if (out == NULL || c == NULL || unit_id == NULL || measure == NULL ||
        !td_map_get_str(&c->member_index, unit_id, &m) || !td_cluster_name_number(c, measure, &number))
        return false;
    return td_cluster_value_of(c, m, kind, number, out);
}

bool td_cluster_target(td_decimal *out, const td_cluster *c, const char *unit_id, const char *measure)
{
    return value_by_ids(out, c, unit_id, measure, TD_VALUE_TARGET);
}

bool td_cluster_actual(td_decimal *out, const td_cluster *c, const char *unit_id, const char *measure)
{
    return value_by_ids(out, c, unit_id, measure, TD_VALUE_ACTUAL);
}

bool td_cluster_value_of(const td_cluster *c, size_t member, int kind, size_t number, td_decimal *out)
{
    return number < c->name_count && kind >= 0 && kind < TD_VALUE_KINDS &&
           td_cluster_vcol_value(c, col_of(number, kind), member, out);
}

bool td_cluster_value(const td_cluster *c, size_t member, int kind, const char *name,
                      td_decimal *out)
{
    size_t number;
    return td_cluster_name_number(c, name, &number) && td_cluster_value_of(c, member, kind, number, out);
}

td_status td_cluster_add_event(td_cluster *c, const char *unit_id, const char *item, int64_t count,
                               td_error *err)
{
    size_t m;
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = member_of(c, unit_id, "event", &m, err);
    if (rc == TD_OK)
        rc = td_check_id(item, "adjustment item", err);
    if (rc != TD_OK)
        return rc;
    if (count < 1)
        return td_error_set(err, TD_ERANGE,
                            "event count of unit '%s' for '%s' must be a positive integer, got %lld",
                            unit_id, item, (long long)count);
    size_t number;
    if ((rc = number_name(c, item, &number, err)) != TD_OK)
        return rc;
    value_key key = key_of(m, 0, number);
    size_t existing;
    if (td_map_get(&c->event_index, (const char *)&key, sizeof key, &existing)) {
        td_event_rec *e = &c->events[existing];
        if (e->count > INT64_MAX - count)
            return td_error_set(err, TD_ERANGE, "event count of unit '%s' for '%s' overflows",
                                unit_id, item);
        e->count += count;
        return TD_OK;
    }
    void *items = c->events;
    rc = td_reserve(cluster_alloc(c), &items, &c->event_cap, c->event_count + 1,
                    sizeof(td_event_rec), err);
    if (rc != TD_OK)
        return rc;
    c->events = items;
    if ((rc = put_key(c, &c->event_index, key, c->event_count, err)) != TD_OK)
        return rc;
    c->events[c->event_count++] = (td_event_rec){m, c->names[number], count};
    return TD_OK;
}

/* The index of unit `id` in c->units, added when new. */
static td_status unit_of(td_cluster *c, const char *id, size_t *out, td_error *err)
{
    if (td_map_get_str(&c->unit_index, id, out))
        return TD_OK;
    void *items = c->units;
    td_status rc = td_reserve(cluster_alloc(c), &items, &c->unit_cap, c->unit_count + 1,
                              sizeof(td_unit), err);
    if (rc != TD_OK)
        return rc;
    c->units = items;
    const char *copy = td_arena_strdup(&c->arena, id);
    if (copy == NULL)
        return td_error_nomem(err);
    rc = td_map_put(&c->unit_index, copy, strlen(copy), c->unit_count, err);
    if (rc != TD_OK)
        return rc;
    c->units[c->unit_count] = (td_unit){copy, TD_NONE, TD_NONE};
    *out = c->unit_count++;
    return TD_OK;
}

td_status td_cluster_add_history(td_cluster *c, const char *unit_id, int64_t period, const char *id,
                                 td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = td_check_id(unit_id, "unit id", err);
    if (rc == TD_OK)
        rc = td_check_id(id, "award or classification id", err);
    if (rc != TD_OK)
        return rc;
    if (period >= c->period)
        return td_error_set(err, TD_ERANGE,
                            "history of unit '%s' ('%s' in %lld) must be before the period %lld",
                            unit_id, id, (long long)period, (long long)c->period);
    size_t unit;
    void *items = c->history;
    rc = td_reserve(cluster_alloc(c), &items, &c->history_cap, c->history_count + 1,
                    sizeof(td_history_rec), err);
    if (rc != TD_OK)
        return rc;
    c->history = items;
    const char *copy = td_arena_strdup(&c->arena, id);
    if (copy == NULL)
        return td_error_nomem(err);
    /* a new unit without records is invisible: failing after it is harmless */
    if ((rc = unit_of(c, unit_id, &unit, err)) != TD_OK)
        return rc;
    c->history[c->history_count] = (td_history_rec){period, copy, c->units[unit].first_record};
    c->units[unit].first_record = c->history_count++;
    return TD_OK;
}

size_t td_cluster_lineage(const td_cluster *c, size_t start, size_t *mark, size_t stamp, size_t *out)
{
    /* breadth first: out is the queue and, when it ends, the answer */
    size_t n = 0;
    mark[start] = stamp;
    out[n++] = start;
    for (size_t head = 0; head < n; head++)
        for (size_t l = c->units[out[head]].first_link; l != TD_NONE; l = c->links[l].next) {
            size_t p = c->links[l].pred;
            if (mark[p] != stamp) {
                mark[p] = stamp;
                out[n++] = p;
            }
        }
    return n;
}

/* true when unit `from` succeeds unit `to`, transitively (or is it). */
static td_status succeeds(const td_cluster *c, size_t from, size_t to, bool *yes, td_error *err)
{
    *yes = from == to;
    if (*yes || c->units[from].first_link == TD_NONE)
        return TD_OK;
    size_t n = c->unit_count;
    if (n > SIZE_MAX / 2 / sizeof(size_t))
        return td_error_nomem(err);
    size_t *scratch = td_alloc(cluster_alloc(c), 2 * n * sizeof(size_t));
    if (scratch == NULL)
        return td_error_nomem(err);
    memset(scratch, 0, n * sizeof(size_t));
    td_cluster_lineage(c, from, scratch, 1, scratch + n);
    *yes = scratch[to] == 1;
    td_dealloc(cluster_alloc(c), scratch);
    return TD_OK;
}

td_status td_cluster_add_predecessor(td_cluster *c, const char *unit_id, const char *predecessor_id,
                                     td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK)
        rc = td_check_id(unit_id, "unit id", err);
    if (rc == TD_OK)
        rc = td_check_id(predecessor_id, "predecessor unit id", err);
    if (rc != TD_OK)
        return rc;
    if (strcmp(unit_id, predecessor_id) == 0)
        return td_error_set(err, TD_EINVAL, "unit '%s' cannot be its own predecessor", unit_id);
    size_t unit, pred;
    bool known = td_map_get_str(&c->unit_index, unit_id, &unit) &&
                 td_map_get_str(&c->unit_index, predecessor_id, &pred);
    if (known) {
        /* a unit new to the graph has no links: it can neither repeat one
         * nor close a cycle */
        for (size_t l = c->units[unit].first_link; l != TD_NONE; l = c->links[l].next)
            if (c->links[l].pred == pred)
                return td_error_set(err, TD_EEXISTS, "'%s' is already a predecessor of '%s'",
                                    predecessor_id, unit_id);
        bool cycle;
        if ((rc = succeeds(c, pred, unit, &cycle, err)) != TD_OK)
            return rc;
        if (cycle)
            return td_error_set(err, TD_EDATA,
                                "making '%s' a predecessor of '%s' creates a cycle in predecessors",
                                predecessor_id, unit_id);
    }
    void *items = c->links;
    rc = td_reserve(cluster_alloc(c), &items, &c->link_cap, c->link_count + 1, sizeof(td_link), err);
    if (rc != TD_OK)
        return rc;
    c->links = items;
    /* new units without links are invisible: failing after them is harmless */
    if ((rc = unit_of(c, unit_id, &unit, err)) != TD_OK ||
        (rc = unit_of(c, predecessor_id, &pred, err)) != TD_OK)
        return rc;
    c->links[c->link_count] = (td_link){pred, c->units[unit].first_link};
    c->units[unit].first_link = c->link_count++;
    return TD_OK;
}

const char *td_cluster_id(const td_cluster *c)
{
    return c != NULL ? c->id : NULL;
}

const char *td_cluster_name(const td_cluster *c)
{
    return c != NULL ? c->name : NULL;
}

td_cluster_kind td_cluster_kind_of(const td_cluster *c)
{
    return c != NULL ? c->kind : TD_CLUSTER_CLUSTER;
}

int64_t td_cluster_period(const td_cluster *c)
{
    return c != NULL ? c->period : 0;
}

size_t td_cluster_member_count(const td_cluster *c)
{
    return c != NULL ? c->member_count : 0;
}

const char *td_cluster_member_id(const td_cluster *c, size_t i)
{
    return (c != NULL && i < c->member_count) ? c->members[i].id : NULL;
}

const char *td_cluster_member_name(const td_cluster *c, size_t i)
{
    return (c != NULL && i < c->member_count) ? c->members[i].name : NULL;
}

const char *td_cluster_leader(const td_cluster *c)
{
    return (c != NULL && c->leader >= 0) ? c->members[c->leader].id : NULL;
}

/* ---- warnings ---- */

/* Appends a warning or note to *list (strings copied into the arena). */
static td_status add_remark(td_cluster *c, td_warning **list, size_t *count, size_t *cap, const char *code,
                            const char *message, const char *file, unsigned int line, unsigned int column,
                            td_error *err)
{
    if (c == NULL)
        return td_error_set(err, TD_EINVAL, "the cluster is NULL");
    return td_remark_append(list, count, cap, &c->arena, cluster_alloc(c), code, message, file, line, column, err);
}

td_status td_cluster_add_warning(td_cluster *c, const char *code, const char *message, const char *file,
                                 unsigned int line, unsigned int column, td_error *err)
{
    return add_remark(c, c != NULL ? &c->warnings : NULL, c != NULL ? &c->warning_count : NULL,
                      c != NULL ? &c->warning_cap : NULL, code, message, file, line, column, err);
}

td_status td_cluster_add_note(td_cluster *c, const char *code, const char *message, const char *file,
                              unsigned int line, unsigned int column, td_error *err)
{
    return add_remark(c, c != NULL ? &c->notes : NULL, c != NULL ? &c->note_count : NULL,
                      c != NULL ? &c->note_cap : NULL, code, message, file, line, column, err);
}

size_t td_cluster_warning_count(const td_cluster *c)
{
    return c != NULL ? c->warning_count : 0;
}

bool td_cluster_warning(td_warning *out, const td_cluster *c, size_t i)
{
    return c != NULL && td_remark_at(out, c->warnings, c->warning_count, i);
}

size_t td_cluster_note_count(const td_cluster *c)
{
    return c != NULL ? c->note_count : 0;
}

bool td_cluster_note(td_warning *out, const td_cluster *c, size_t i)
{
    return c != NULL && td_remark_at(out, c->notes, c->note_count, i);
}

/* ---- targets and actuals from an Arrow record batch (thidua/columns.h) ---- */

typedef enum arrow_type { AT_UTF8, AT_LARGE_UTF8, AT_DECIMAL, AT_INT64, AT_INT32, AT_FLOAT64 } arrow_type;

/* A child column of the batch, read in the batch's row numbers. */
typedef struct arrow_col {
    const struct ArrowArray *a;
    arrow_type type;
    int scale;     /* decimal128 */
    int64_t start; /* the column's index of the batch's row 0 */
    const char *name;
} arrow_col;

static td_status arrow_fault(td_error *err, const char *fmt, const char *what)
{
    return td_error_set(err, TD_EINVAL, fmt, what);
}

/* Reads the format of column `name` and checks the array's shape. */
static td_status arrow_column(arrow_col *col, const struct ArrowSchema *s, const struct ArrowArray *a,
                              const struct ArrowArray *batch, bool text_only, td_error *err)
{
    const char *f = s->format != NULL ? s->format : "";
    int precision = 0, scale = 0, bits = 128;
    if (strcmp(f, "u") == 0) {
        col->type = AT_UTF8;
    } else if (strcmp(f, "U") == 0) {
        col->type = AT_LARGE_UTF8;
    } else if (text_only) {
        return td_error_set(err, TD_EINVAL, "arrow batch: column '%s' must be strings (utf8), its format is '%s'",
                            col->name, f);
    } else if (strcmp(f, "l") == 0) {
        col->type = AT_INT64;
    } else if (strcmp(f, "i") == 0) {
        col->type = AT_INT32;
    } else if (strcmp(f, "g") == 0) {
        col->type = AT_FLOAT64;
    } else if (f[0] == 'd' && f[1] == ':' &&
               (sscanf(f, "d:%d,%d,%d", &precision, &scale, &bits) == 3 ||
                sscanf(f, "d:%d,%d", &precision, &scale) == 2) &&
               bits == 128 && scale >= 0 && scale <= TD_DECIMAL_MAX_SCALE) {
        col->type = AT_DECIMAL;
        col->scale = scale;
    } else {
        return td_error_set(err, TD_EINVAL,
                            "arrow batch: column '%s' has format '%s'; numbers are decimal128 (scale 0..%d), "
                            "int64, int32, float64 or decimal text (utf8)",
                            col->name, f, TD_DECIMAL_MAX_SCALE);
    }
    bool text = col->type == AT_UTF8 || col->type == AT_LARGE_UTF8;
    if (a == NULL || a->offset < 0 || a->length < 0 || a->n_buffers != (text ? 3 : 2) || a->buffers == NULL ||
        a->buffers[1] == NULL || (text && a->buffers[2] == NULL) || (a->null_count != 0 && a->buffers[0] == NULL))
        return arrow_fault(err, "arrow batch: column '%s' is not a well-formed array", col->name);
    if (a->length < batch->offset + batch->length)
        return arrow_fault(err, "arrow batch: column '%s' is shorter than the batch", col->name);
    col->a = a;
    col->start = a->offset + batch->offset;
    return TD_OK;
}

static bool arrow_bit(const void *bitmap, int64_t i)
{
    return ((const unsigned char *)bitmap)[i / 8] >> (i % 8) & 1;
}

/* Whether the column has a value at batch row i. */
static bool arrow_has(const arrow_col *col, int64_t i)
{
    return col->a->null_count == 0 || arrow_bit(col->a->buffers[0], col->start + i);
}

/* The bytes of string row i. */
static td_status arrow_text(const arrow_col *col, int64_t i, const char **text, size_t *len, td_error *err)
{
    int64_t at = col->start + i, from, to;
    if (col->type == AT_UTF8) {
        const int32_t *offsets = col->a->buffers[1];
        from = offsets[at];
        to = offsets[at + 1];
    } else {
        const int64_t *offsets = col->a->buffers[1];
        from = offsets[at];
        to = offsets[at + 1];
    }
    if (from < 0 || to < from)
        return arrow_fault(err, "arrow batch: column '%s' has offsets that go backwards", col->name);
    *text = (const char *)col->a->buffers[2] + from;
    *len = (size_t)(to - from);
    return TD_OK;
}

/* Row i's string as a NUL-terminated id in `buf`, checked as td_check_id() does. */
static td_status arrow_id(td_buf *buf, const arrow_col *col, int64_t i, const char *what, td_error *err)
{
    const char *text = NULL;
    size_t len = 0;
    td_status rc = arrow_text(col, i, &text, &len, err);
    if (rc != TD_OK)
        return rc;
    if (memchr(text, '\0', len) != NULL)
        return td_error_set(err, TD_EINVAL, "the %s holds a NUL byte", what);
    td_buf_reset(buf);
    td_buf_append_n(buf, text, len);
    if (td_buf_failed(buf))
        return td_error_nomem(err);
    return td_check_id(td_buf_text(buf), what, err);
}

/* Row i's number. */
static td_status arrow_number(td_decimal *out, const arrow_col *col, int64_t i, td_error *err)
{
    int64_t at = col->start + i;
    switch (col->type) {
    case AT_INT64: *out = td_decimal_from_int(((const int64_t *)col->a->buffers[1])[at]); return TD_OK;
    case AT_INT32: *out = td_decimal_from_int(((const int32_t *)col->a->buffers[1])[at]); return TD_OK;
    case AT_FLOAT64: return td_decimal_from_double(out, ((const double *)col->a->buffers[1])[at], err);
    case AT_DECIMAL: {
        if (!td_decimal__from_decimal128(out, (const unsigned char *)col->a->buffers[1] + 16 * at, col->scale))
            return td_error_set(err, TD_ERANGE, "a decimal128 value has more than %d digits",
                                TD_DECIMAL_MAX_DIGITS);
        return TD_OK;
    }
    default: {
        const char *text = NULL;
        size_t len = 0;
        td_status rc = arrow_text(col, i, &text, &len, err);
        if (rc != TD_OK)
            return rc;
        return td_decimal_parse_n(out, text, len, err);
    }
    }
}

/* What the rows of one batch share: the last unit and measure read (long
 * layouts repeat them row after row), and where the batch's values start. */
typedef struct arrow_state {
    td_buf unit, measure; /* the last row's, NUL-terminated */
    size_t member, number;
    bool have_unit, have_measure;
    size_t first_value;   /* c->value_count before the batch */
    size_t first_spill, first_wide; /* c->spill_count and c->wide_count before it */
    spill_key *placed;    /* the batch's values placed in column arrays, */
    size_t placed_count;  /* to take them back when a row fails */
} arrow_state;

/* Whether the batch gave column k's value of member m (the value given
 * twice: an error path, so a scan). */
static bool arrow_gave(const td_cluster *c, const arrow_state *st, size_t k, size_t m)
{
    for (size_t i = 0; i < st->placed_count; i++)
        if (st->placed[i].col == k && st->placed[i].member == m)
            return true;
    for (size_t i = st->first_spill; i < c->spill_count; i++)
        if (c->spill[i].col == k && c->spill[i].member == m)
            return true;
    return false;
}

/* Takes the batch's values back out. Allocates nothing. */
static void arrow_undo(td_cluster *c, const arrow_state *st)
{
    for (size_t i = 0; i < st->placed_count; i++) {
        td_vcol *col = &c->vcols[st->placed[i].col];
        col->scale[st->placed[i].member] = TD_VCOL_ABSENT;
        col->count--;
    }
    for (size_t i = st->first_spill; i < c->spill_count; i++) {
        spill_key key = {c->spill[i].col, c->spill[i].member};
        td_map_remove(&c->spill_index, (const char *)&key, sizeof key);
        c->vcols[key.col].spilled--;
    }
    c->spill_count = st->first_spill;
    c->wide_count = st->first_wide;
    c->value_count = st->first_value;
}

/* Reads an id column at row i into `buf` unless it holds the same bytes
 * already; *same tells which. */
static td_status arrow_same_id(td_buf *buf, bool have, const arrow_col *col, int64_t i, const char *what,
                               bool *same, td_error *err)
{
    const char *text = NULL;
    size_t len = 0;
    td_status rc = arrow_text(col, i, &text, &len, err);
    if (rc != TD_OK)
        return rc;
    *same = have && buf->len == len && memcmp(td_buf_text(buf), text, len) == 0;
    return *same ? TD_OK : arrow_id(buf, col, i, what, err);
}

/* Checks batch row i and adds its values (undone by the caller when a
 * later row fails). */
static td_status arrow_row(td_cluster *c, const arrow_col cols[4], int64_t i, arrow_state *st, td_error *err)
{
    bool same;
    td_status rc = arrow_same_id(&st->unit, st->have_unit, &cols[0], i, "unit id", &same, err);
    if (rc == TD_OK && !same) {
        st->have_unit = false;
        rc = member_of(c, td_buf_text(&st->unit), "a row", &st->member, err);
        st->have_unit = rc == TD_OK;
    }
    if (rc == TD_OK)
        rc = arrow_same_id(&st->measure, st->have_measure, &cols[1], i, "measure", &same, err);
    if (rc == TD_OK && !same) { /* a name without values is invisible: numbering it is harmless */
        st->have_measure = false;
        rc = number_name(c, td_buf_text(&st->measure), &st->number, err);
        st->have_measure = rc == TD_OK;
    }
    for (int k = 0; rc == TD_OK && k < 2; k++) {
        const arrow_col *col = &cols[2 + k];
        if (col->a == NULL || !arrow_has(col, i))
            continue;
        int kind = k == 0 ? TD_VALUE_TARGET : TD_VALUE_ACTUAL;
        td_decimal v;
        if ((rc = arrow_number(&v, col, i, err)) != TD_OK)
            break;
        char text[TD_DECIMAL_STRING_SIZE], prev[TD_DECIMAL_STRING_SIZE];
        if (td_decimal_sign(v) < 0) {
            td_decimal_format(text, sizeof text, v);
            rc = td_error_set(err, TD_ERANGE, "the %s must be >= 0, got %s", value_kind_name(kind), text);
            break;
        }
        size_t at = col_of(st->number, kind);
        td_decimal before = td_decimal_zero(); /* set when the value was given before */
        bool dense;
        rc = vcol_put(c, at, st->member, v, &before, &dense, err);
        if (rc == TD_EEXISTS) {
            td_decimal_format(text, sizeof text, v);
            td_decimal_format(prev, sizeof prev, before);
            bool here = arrow_gave(c, st, at, st->member);
            rc = td_error_set(err, TD_EEXISTS, "the %s is given twice%s (%s%s, then %s)", value_kind_name(kind),
                              here ? " in the batch" : "", prev, here ? "" : " before", text);
            break;
        }
        if (rc == TD_OK && dense) /* room was made for every value of the batch */
            st->placed[st->placed_count++] = (spill_key){at, st->member};
    }
    if (rc != TD_OK && rc != TD_ENOMEM) {
        /* name the row: its unit and measure when they were read */
        if (!st->have_unit || !st->have_measure)
            return td_error_prefix(err, rc, "arrow batch row %lld", (long long)i + 1);
        char qu[64], qm[64];
        td_quote(qu, sizeof qu, td_buf_text(&st->unit));
        td_quote(qm, sizeof qm, td_buf_text(&st->measure));
        return td_error_prefix(err, rc, "arrow batch row %lld (unit %s, measure %s)", (long long)i + 1, qu, qm);
    }
    return rc;
}

td_status td_cluster_add_arrow(td_cluster *c, const struct ArrowSchema *schema, const struct ArrowArray *batch,
                               td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc != TD_OK)
        return rc;
    if (schema == NULL || batch == NULL)
        return td_error_set(err, TD_EINVAL, "arrow batch: the %s is NULL", schema == NULL ? "schema" : "array");
    if (schema->format == NULL || strcmp(schema->format, "+s") != 0 || schema->n_children < 0 ||
        (schema->n_children > 0 && schema->children == NULL))
        return td_error_set(err, TD_EINVAL, "arrow batch: expected a record batch (a struct array, format '+s'), "
                                            "got format '%s'", schema->format != NULL ? schema->format : "");
    if (batch->n_children != schema->n_children || (batch->n_children > 0 && batch->children == NULL) ||
        batch->offset < 0 || batch->length < 0 || (batch->null_count != 0 && (batch->n_buffers < 1 ||
                                                                              batch->buffers == NULL ||
                                                                              batch->buffers[0] == NULL)))
        return td_error_set(err, TD_EINVAL, "arrow batch: the array does not match its schema");
    static const char *const names[4] = {"unit", "measure", "target", "actual"};
    arrow_col cols[4];
    memset(cols, 0, sizeof cols);
    for (int k = 0; k < 4; k++)
        cols[k].name = names[k];
    for (int64_t i = 0; i < schema->n_children; i++) {
        const struct ArrowSchema *s = schema->children[i];
        if (s == NULL)
            return td_error_set(err, TD_EINVAL, "arrow batch: the array does not match its schema");
        for (int k = 0; k < 4; k++) {
            if (s->name == NULL || strcmp(s->name, names[k]) != 0)
                continue;
            if (cols[k].a != NULL)
                return arrow_fault(err, "arrow batch: two columns are named '%s'", names[k]);
            if ((rc = arrow_column(&cols[k], s, batch->children[i], batch, k < 2, err)) != TD_OK)
                return rc;
        }
    }
    for (int k = 0; k < 2; k++)
        if (cols[k].a == NULL)
            return arrow_fault(err, "arrow batch: no column named '%s' (the long layout: unit, measure, "
                                    "target, actual)", names[k]);
    if (cols[2].a == NULL && cols[3].a == NULL)
        return td_error_set(err, TD_EINVAL, "arrow batch: no column named 'target' or 'actual'");

    int64_t rows = batch->length;
    if ((uint64_t)rows > SIZE_MAX / 4 / sizeof(spill_key))
        return td_error_nomem(err);
    size_t most = 2 * (size_t)rows; /* a target and an actual per row */
    const td_allocator *a = cluster_alloc(c);
    arrow_state st;
    memset(&st, 0, sizeof st);
    td_buf_init(&st.unit, a);
    td_buf_init(&st.measure, a);
    st.first_value = c->value_count;
    st.first_spill = c->spill_count;
    st.first_wide = c->wide_count;
    if (most > 0 && (st.placed = td_alloc(a, most * sizeof *st.placed)) == NULL)
        rc = td_error_nomem(err);
    for (int64_t i = 0; rc == TD_OK && i < rows; i++) {
        if (batch->null_count != 0 && !arrow_bit(batch->buffers[0], batch->offset + i))
            continue; /* a null row */
        rc = arrow_row(c, cols, i, &st, err);
    }
    if (rc != TD_OK) /* the batch is refused whole */
        arrow_undo(c, &st);
    td_dealloc(a, st.placed);
    td_buf_free(&st.unit);
    td_buf_free(&st.measure);
    return rc;
}

/* ---- the report block (council documents) ------------------------------- */

static const char *const report_field_names[TD_REPORT_FIELD_COUNT] = {"organisation", "place", "date", "title"};

td_status td_cluster_set_report_field(td_cluster *c, td_report_field field, const char *value, td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc != TD_OK)
        return rc;
    if ((unsigned)field >= TD_REPORT_FIELD_COUNT)
        return td_error_set(err, TD_EINVAL, "report block: unknown field %d", (int)field);
    if (value == NULL || value[0] == '\0') {
        c->report.fields[field] = NULL;
        return TD_OK;
    }
    char what[48];
    snprintf(what, sizeof what, "report %s", report_field_names[field]);
    if ((rc = td_check_name(value, what, err)) != TD_OK)
        return rc;
    if (field == TD_REPORT_FIELD_DATE && !td_iso_date_valid(value)) {
        char q[64];
        td_quote(q, sizeof q, value);
        return td_error_set(err, TD_EINVAL, "report date %s is not a day written YYYY-MM-DD (such as 2023-12-15)",
                            q);
    }
    const char *copy = td_arena_strdup(&c->arena, value);
    if (copy == NULL)
        return td_error_nomem(err);
    c->report.fields[field] = copy;
    return TD_OK;
}

const char *td_cluster_report_field(const td_cluster *c, td_report_field field)
{
    return c != NULL && (unsigned)field < TD_REPORT_FIELD_COUNT ? c->report.fields[field] : NULL;
}

td_status td_cluster_add_report_signer(td_cluster *c, const char *role, const char *title, const char *name,
                                       td_error *err)
{
    td_status rc = need_cluster(c, err);
    if (rc == TD_OK && name == NULL)
        rc = td_error_set(err, TD_EINVAL, "report signer: name is NULL");
    if (rc != TD_OK)
        return rc;
    if (c->report.signer_count == TD_REPORT_SIGNERS_MAX)
        return td_error_set(err, TD_ELIMIT, "report block: more than %d signers", TD_REPORT_SIGNERS_MAX);
    const char *parts[TD_SIGNER_FIELD_COUNT] = {role != NULL ? role : "", title != NULL ? title : "", name};
    static const char *const what[TD_SIGNER_FIELD_COUNT] = {"signer role", "signer title", "signer name"};
    for (size_t i = 0; i < TD_SIGNER_FIELD_COUNT; i++)
        if ((rc = td_check_name(parts[i], what[i], err)) != TD_OK)
            return rc;
    const char *copies[TD_SIGNER_FIELD_COUNT];
    for (size_t i = 0; i < TD_SIGNER_FIELD_COUNT; i++)
        if ((copies[i] = td_arena_strdup(&c->arena, parts[i])) == NULL)
            return td_error_nomem(err);
    memcpy(c->report.signers[c->report.signer_count++], copies, sizeof copies);
    return TD_OK;
}

void td_cluster_clear_report_signers(td_cluster *c)
{
    if (c != NULL)
        c->report.signer_count = 0;
}

size_t td_cluster_report_signer_count(const td_cluster *c)
{
    return c != NULL ? c->report.signer_count : 0;
}

const char *td_cluster_report_signer(const td_cluster *c, size_t i, td_signer_field field)
{
    if (c == NULL || i >= c->report.signer_count || (unsigned)field >= TD_SIGNER_FIELD_COUNT)
        return NULL;
    return c->report.signers[i][field];
}
