/*
 * Reading a YAML or JSON cluster data document into records with
 * positions. Unit ids and names are normalised to NFC here; whether a
 * unit is a member, and whether a measure or item exists, is checked when
 * the dataset becomes a cluster (the members and the rulebook may come
 * from elsewhere).
 */
#include <stdio.h>
#include <string.h>

#include "dataset.h"

enum { WHERE = 160 };

typedef struct dread {
    td_rd *rd;
    const char *file;
    const td_allocator *a;
    td_dparts *p;
} dread;

/* Text that names a unit, by its id or its name: NFC, no control characters
 * (a reference that is neither is refused when the members are known). */
static td_status unit_text(dread *d, const td_yn *n, const char *where, const char *key,
                           const char **out)
{
    return td_rd_name(d->rd, n, where, key, true, out);
}

/* A unit's id where it is declared: NFC, the characters of an id. */
static td_status unit_id(dread *d, const td_yn *n, const char *where, const char *key,
                         const char **out)
{
    return td_rd_id(d->rd, n, where, key, true, out);
}

static td_status read_member(dread *d, const td_yn *m, size_t index)
{
    static const char *const keys[] = {"id", "name", "group", NULL};
    char where[WHERE];
    snprintf(where, sizeof where, "cluster member %zu", index + 1);
    td_dmember rec = {NULL, NULL, td_dpos_of(d->file, m), NULL, td_dpos_of(d->file, m)};
    td_status rc;
    const td_yn *idn, *v;
    if (m->kind == TD_YN_SCALAR) { /* a bare id */
        rc = unit_id(d, m, where, "id", &rec.id);
    } else if ((rc = td_rd_map(d->rd, m, where, NULL)) || (rc = td_rd_keys(d->rd, m, where, keys)) ||
               (rc = td_rd_need(d->rd, m, "id", where, &idn)) || (rc = unit_id(d, idn, where, "id",
                                                                               &rec.id))) {
        return rc;
    } else {
        if (!td_rd_is_null(v = td_rd_get(m, "name")))
            rc = td_rd_name(d->rd, v, where, "name", true, &rec.name);
        if (rc == TD_OK && !td_rd_is_null(v = td_rd_get(m, "group"))) { /* 1.1 */
            rc = td_rd_id(d->rd, v, where, "group", true, &rec.group);
            rec.group_pos = td_dpos_of(d->file, v);
        }
    }
    if (rc == TD_OK)
        rc = td_dparts_member(d->p, d->a, &rec, d->rd->err);
    return rc;
}

static td_status read_cluster(dread *d, const td_yn *c)
{
    static const char *const keys[] = {"id", "name", "kind", "leader", "deputy", "members", NULL};
    /* in td_cluster_kind's order */
    static const char *const kinds[] = {"cluster", "block", NULL};
    const td_yn *v, *members;
    td_status rc;
    if ((rc = td_rd_map(d->rd, c, "the data", "cluster")) || (rc = td_rd_keys(d->rd, c, "cluster", keys)) ||
        (rc = td_rd_need(d->rd, c, "id", "cluster", &v)) ||
        (rc = td_rd_id(d->rd, v, "cluster", "id", true, &d->p->cluster_id)))
        return rc;
    d->p->has_cluster = true;
    d->p->cluster_pos = td_dpos_of(d->file, c);
    if (!td_rd_is_null(v = td_rd_get(c, "name")) &&
        (rc = td_rd_name(d->rd, v, "cluster", "name", true, &d->p->cluster_name)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(c, "kind")) && /* 1.1: a block (khối) or a cluster (cụm) */
        (rc = td_rd_enum(d->rd, v, "cluster", "kind", kinds, &d->p->cluster_kind)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(c, "leader"))) {
        if ((rc = unit_text(d, v, "cluster", "leader", &d->p->leader)) != TD_OK)
            return rc;
        d->p->leader_pos = td_dpos_of(d->file, v);
    }
    if (!td_rd_is_null(v = td_rd_get(c, "deputy"))) { /* 1.1 */
        if ((rc = unit_text(d, v, "cluster", "deputy", &d->p->deputy)) != TD_OK)
            return rc;
        d->p->deputy_pos = td_dpos_of(d->file, v);
    }
    if ((rc = td_rd_need(d->rd, c, "members", "cluster", &members)) ||
        (rc = td_rd_seq(d->rd, members, "cluster", "members")))
        return rc;
    if (members->count == 0 && d->p->members_streamed == 0)
        return td_rd_fail(d->rd, members, TD_EDATA, "cluster: 'members' must list at least one unit");
    for (size_t i = 0; rc == TD_OK && i < members->count; i++)
        rc = read_member(d, members->items[i], i);
    return rc;
}

/* unit → key → number, for targets, results and the points of one source. */
static td_status read_values(dread *d, const td_yn *m, int kind, const char *what)
{
    td_status rc = td_rd_map(d->rd, m, "the data", what);
    for (size_t u = 0; rc == TD_OK && u < m->count; u++) {
        const td_yn *uk = m->pairs[u].key, *vals = m->pairs[u].value;
        td_dval_in rec;
        memset(&rec, 0, sizeof rec);
        rec.kind = kind;
        char where[WHERE], q[TD_RD_QUOTE_SIZE];
        td_rd_quote(q, sizeof q, uk->text);
        snprintf(where, sizeof where, "%s of unit %s", what, q);
        if ((rc = unit_text(d, uk, what, "unit", &rec.unit)) || (rc = td_rd_map(d->rd, vals, where, NULL)))
            break;
        rec.unit_pos = td_dpos_of(d->file, uk);
        for (size_t i = 0; rc == TD_OK && i < vals->count; i++) {
            const td_yn *k = vals->pairs[i].key, *v = vals->pairs[i].value;
            /* a blank value is "not given", but its key is still checked
             * (an unknown measure is no less unknown for being blank), and
             * `{hh: 3.563,5}` is a number split by a comma, not a blank */
            if ((rc = td_rd_split_number(d->rd, vals, i, where)) ||
                (rc = td_rd_id(d->rd, k, where, kind <= TD_DV_ACTUAL ? "measure" : "criterion", false,
                               &rec.key)))
                break;
            rec.key_pos = td_dpos_of(d->file, k);
            rec.pos = td_dpos_of(d->file, td_rd_is_null(v) ? k : v);
            rec.blank = td_rd_is_null(v);
            rec.decimals = rec.blank || v->kind != TD_YN_SCALAR ? 0 : td_written_decimals(v->text, v->len, false);
            if (rec.blank ||
                (rc = td_rd_number(d->rd, v, where, k->text, TD_RD_NONNEG, &rec.value)) == TD_OK)
                rc = td_dparts_val(d->p, d->a, &rec, d->rd->err);
        }
    }
    return rc;
}

static td_status read_scores(dread *d, const td_yn *s)
{
    static const char *const sources[] = {"self", "cross", "final", NULL};
    static const char *const what[] = {"self-scoring points", "cross-scoring points", "final-review points"};
    td_status rc;
    if ((rc = td_rd_map(d->rd, s, "the data", "scores")) || (rc = td_rd_keys(d->rd, s, "scores", sources)))
        return rc;
    for (size_t i = 0; rc == TD_OK && i < s->count; i++) {
        /* one of the three, as td_rd_keys() refused any other key: the last
         * when not one of the first two (which the static analyzers, not
         * seeing td_rd_keys(), cannot tell) */
        int src = 0;
        while (src < 2 && strcmp(sources[src], s->pairs[i].key->text) != 0)
            src++;
        if (!td_rd_is_null(s->pairs[i].value))
            rc = read_values(d, s->pairs[i].value, TD_DV_SELF + src, what[src]);
    }
    return rc;
}

static td_status read_events(dread *d, const td_yn *list)
{
    static const char *const keys[] = {"unit", "item", "count", NULL};
    td_status rc = td_rd_seq(d->rd, list, "the data", "events");
    for (size_t i = 0; rc == TD_OK && i < list->count; i++) {
        const td_yn *e = list->items[i], *u, *it, *c;
        char where[WHERE];
        snprintf(where, sizeof where, "event %zu", i + 1);
        td_devent rec = {NULL, NULL, 1, {0}, {0}};
        if ((rc = td_rd_map(d->rd, e, where, NULL)) || (rc = td_rd_keys(d->rd, e, where, keys)) ||
            (rc = td_rd_need(d->rd, e, "unit", where, &u)) || (rc = unit_text(d, u, where, "unit",
                                                                              &rec.unit)) ||
            (rc = td_rd_need(d->rd, e, "item", where, &it)) ||
            (rc = td_rd_id(d->rd, it, where, "item", false, &rec.item)))
            break;
        if (!td_rd_is_null(c = td_rd_get(e, "count")) &&
            (rc = td_rd_int(d->rd, c, where, "count", 1, INT64_MAX, &rec.count)))
            break;
        rec.unit_pos = td_dpos_of(d->file, u);
        rec.item_pos = td_dpos_of(d->file, it);
        rc = td_dparts_event(d->p, d->a, &rec, d->rd->err);
    }
    return rc;
}

static td_status read_history(dread *d, const td_yn *list)
{
    static const char *const keys[] = {"unit", "period", "id", NULL};
    td_status rc = td_rd_seq(d->rd, list, "the data", "history");
    for (size_t i = 0; rc == TD_OK && i < list->count; i++) {
        const td_yn *h = list->items[i], *v;
        char where[WHERE];
        snprintf(where, sizeof where, "history entry %zu", i + 1);
        td_dhist rec = {NULL, NULL, 0, td_dpos_of(d->file, h), td_dpos_of(d->file, h)};
        if ((rc = td_rd_map(d->rd, h, where, NULL)) || (rc = td_rd_keys(d->rd, h, where, keys)) ||
            (rc = td_rd_need(d->rd, h, "unit", where, &v)) || (rc = unit_text(d, v, where, "unit",
                                                                              &rec.unit)) ||
            (rc = td_rd_need(d->rd, h, "id", where, &v)) ||
            (rc = td_rd_id(d->rd, v, where, "id", false, &rec.id)))
            break;
        rec.id_pos = td_dpos_of(d->file, v);
        if ((rc = td_rd_need(d->rd, h, "period", where, &v)) ||
            (rc = td_rd_int(d->rd, v, where, "period", 0, INT64_MAX, &rec.period)))
            break;
        rec.pos = td_dpos_of(d->file, v);
        rc = td_dparts_hist(d->p, d->a, &rec, d->rd->err);
    }
    return rc;
}

static td_status read_predecessors(dread *d, const td_yn *m)
{
    td_status rc = td_rd_map(d->rd, m, "the data", "predecessors");
    for (size_t i = 0; rc == TD_OK && i < m->count; i++) {
        const td_yn *k = m->pairs[i].key, *v = m->pairs[i].value;
        const char *unit;
        char where[WHERE], q[TD_RD_QUOTE_SIZE];
        td_rd_quote(q, sizeof q, k->text);
        snprintf(where, sizeof where, "predecessors of unit %s", q);
        if ((rc = unit_text(d, k, "predecessors", "unit", &unit)) != TD_OK)
            break;
        size_t n = v->kind == TD_YN_SEQ ? v->count : 1;
        if (v->kind == TD_YN_MAP)
            rc = td_rd_seq(d->rd, v, where, NULL);
        for (size_t j = 0; rc == TD_OK && j < n; j++) {
            const td_yn *item = v->kind == TD_YN_SEQ ? v->items[j] : v;
            td_dlink rec = {unit, NULL, td_dpos_of(d->file, item)};
            if ((rc = unit_text(d, item, where, NULL, &rec.pred)) == TD_OK)
                rc = td_dparts_link(d->p, d->a, &rec, d->rd->err);
        }
    }
    return rc;
}

/* parameters: {id: number}, the rulebook's replaced for the period
 * (rulebook 1.1; no '%' in data, as every number of the data). */
static td_status read_parameters(dread *d, const td_yn *m)
{
    td_status rc = td_rd_map(d->rd, m, "the data", "parameters");
    for (size_t i = 0; rc == TD_OK && i < m->count; i++) {
        const td_yn *k = m->pairs[i].key, *v = m->pairs[i].value;
        td_dparam rec;
        memset(&rec, 0, sizeof rec);
        if ((rc = td_rd_split_number(d->rd, m, i, "the data's parameters")) ||
            (rc = td_rd_id(d->rd, k, "parameters", "parameter", false, &rec.id)))
            break;
        rec.pos = td_dpos_of(d->file, k);
        if (td_rd_is_null(v))
            rc = td_rd_fail(d->rd, k, TD_EPARSE, "the data: parameter '%s' has no value", k->text);
        else if ((rc = td_rd_number(d->rd, v, "the data's parameters", k->text, 0, &rec.value)) == TD_OK)
            rc = td_dparts_param(d->p, d->a, &rec, d->rd->err);
    }
    return rc;
}

/* units: [{id, name, parent}] (rulebook 1.1 section 6): units below the
 * members, which roll-ups count into the member above them. */
static td_status read_units(dread *d, const td_yn *list)
{
    static const char *const keys[] = {"id", "name", "parent", NULL};
    td_status rc = td_rd_seq(d->rd, list, "the data", "units");
    for (size_t i = 0; rc == TD_OK && i < list->count; i++) {
        const td_yn *u = list->items[i], *idn, *pn, *v;
        char where[WHERE];
        snprintf(where, sizeof where, "units[%zu]", i);
        td_dunit rec;
        memset(&rec, 0, sizeof rec);
        if ((rc = td_rd_map(d->rd, u, "the data", "units")) || (rc = td_rd_keys(d->rd, u, where, keys)) ||
            (rc = td_rd_need(d->rd, u, "id", where, &idn)) || (rc = unit_id(d, idn, where, "id", &rec.id)) ||
            (rc = td_rd_need(d->rd, u, "parent", where, &pn)) || (rc = unit_text(d, pn, where, "parent", &rec.parent)))
            break;
        if (!td_rd_is_null(v = td_rd_get(u, "name")) && (rc = td_rd_name(d->rd, v, where, "name", true, &rec.name)))
            break;
        rec.pos = td_dpos_of(d->file, idn);
        rec.parent_pos = td_dpos_of(d->file, pn);
        rc = td_dparts_unit(d->p, d->a, &rec, d->rd->err);
    }
    return rc;
}

/* A list of file names (or one name), each resolved against the directory
 * of the document, into the document's arena. */
static td_status read_files(dread *d, const td_yn *n, const char *where, const char *key, td_dfile **out,
                            size_t *count)
{
    const td_yn *const *items = &n;
    size_t total = 1;
    if (n->kind == TD_YN_SEQ) {
        items = (const td_yn *const *)n->items;
        total = n->count;
    }
    td_dfile *files = total > 0 ? td_arena_alloc(d->rd->arena, total * sizeof *files) : NULL;
    if (total > 0 && files == NULL)
        return td_error_nomem(d->rd->err);
    const char *slash = d->file != NULL ? strrchr(d->file, '/') : NULL;
    size_t dir = slash != NULL ? (size_t)(slash - d->file) + 1 : 0;
    for (size_t i = 0; i < total; i++) {
        const char *path;
        td_status rc = td_rd_text(d->rd, items[i], where, key, false, &path);
        if (rc != TD_OK)
            return rc;
        size_t keep = path[0] == '/' ? 0 : dir;
        char *full = td_arena_alloc(d->rd->arena, keep + strlen(path) + 1);
        if (full == NULL)
            return td_error_nomem(d->rd->err);
        if (keep > 0) /* d->file is not NULL when it has a directory */
            memcpy(full, d->file, keep);
        strcpy(full + keep, path);
        files[i] = (td_dfile){full, td_dpos_of(d->file, items[i])};
    }
    *out = files;
    *count = total;
    return TD_OK;
}

/* rollups: {id: {data: [files], history: [files], parameters: {id: n}}}
 * (rulebook 1.1 sections 4 and 8): each roll-up's child data. */
static td_status read_rollups(dread *d, const td_yn *m)
{
    static const char *const keys[] = {"data", "history", "parameters", NULL};
    td_status rc = td_rd_map(d->rd, m, "the data", "rollups");
    for (size_t i = 0; rc == TD_OK && i < m->count; i++) {
        const td_yn *k = m->pairs[i].key, *e = m->pairs[i].value, *v;
        td_drollup rec;
        memset(&rec, 0, sizeof rec);
        char where[WHERE];
        if ((rc = td_rd_id(d->rd, k, "rollups", "roll-up", false, &rec.id)))
            break;
        snprintf(where, sizeof where, "the data's roll-up '%s'", rec.id);
        rec.pos = td_dpos_of(d->file, k);
        if ((rc = td_rd_map(d->rd, e, "the data's rollups", rec.id)) || (rc = td_rd_keys(d->rd, e, where, keys)) ||
            (rc = td_rd_need(d->rd, e, "data", where, &v)) ||
            (rc = read_files(d, v, where, "data", &rec.data, &rec.data_count)))
            break;
        if (!td_rd_is_null(v = td_rd_get(e, "history")) &&
            (rc = read_files(d, v, where, "history", &rec.history, &rec.history_count)))
            break;
        if (!td_rd_is_null(v = td_rd_get(e, "parameters"))) {
            /* read as the data's own parameters, then moved to the roll-up */
            size_t before = d->p->param_count;
            if ((rc = read_parameters(d, v)) != TD_OK)
                break;
            rec.param_count = d->p->param_count - before;
            rec.params = td_arena_alloc(d->rd->arena, (rec.param_count > 0 ? rec.param_count : 1) * sizeof *rec.params);
            if (rec.params == NULL) {
                rc = td_error_nomem(d->rd->err);
                break;
            }
            if (rec.param_count > 0)
                memcpy(rec.params, d->p->params + before, rec.param_count * sizeof *rec.params);
            d->p->param_count = before;
        }
        rc = td_dparts_rollup(d->p, d->a, &rec, d->rd->err);
    }
    return rc;
}

/* ballots: {award: {council: N, cast: N, votes: {unit: N}}} (rulebook 1.1) */
static td_status read_ballots(dread *d, const td_yn *m)
{
    static const char *const keys[] = {"council", "cast", "votes", NULL};
    td_status rc = td_rd_map(d->rd, m, "the data", "ballots");
    for (size_t i = 0; rc == TD_OK && i < m->count; i++) {
        const td_yn *k = m->pairs[i].key, *b = m->pairs[i].value, *v;
        char where[WHERE], q[TD_RD_QUOTE_SIZE];
        td_rd_quote(q, sizeof q, k->text);
        snprintf(where, sizeof where, "the ballot on %s", q);
        td_dballot rec = {NULL, 0, -1, td_dpos_of(d->file, k)};
        if ((rc = td_rd_id(d->rd, k, "ballots", "award", false, &rec.award)) ||
            (rc = td_rd_map(d->rd, b, "ballots", NULL)) || (rc = td_rd_keys(d->rd, b, where, keys)) ||
            (rc = td_rd_need(d->rd, b, "council", where, &v)) ||
            (rc = td_rd_int(d->rd, v, where, "council", 1, INT64_MAX, &rec.council)))
            break;
        if (!td_rd_is_null(v = td_rd_get(b, "cast")) &&
            (rc = td_rd_int(d->rd, v, where, "cast", 0, INT64_MAX, &rec.cast)))
            break;
        if (rec.cast > rec.council) {
            rc = td_rd_fail(d->rd, v, TD_EDATA, "%s: %lld votes cast by a council of %lld", where, (long long)rec.cast,
                            (long long)rec.council);
            break;
        }
        if ((rc = td_dparts_ballot(d->p, d->a, &rec, d->rd->err)) != TD_OK)
            break;
        const td_yn *votes = td_rd_get(b, "votes");
        if (td_rd_is_null(votes))
            continue;
        if ((rc = td_rd_map(d->rd, votes, where, "votes")) != TD_OK)
            break;
        int64_t most = rec.cast >= 0 ? rec.cast : rec.council;
        for (size_t j = 0; rc == TD_OK && j < votes->count; j++) {
            const td_yn *uk = votes->pairs[j].key, *n = votes->pairs[j].value;
            td_dvote vote = {rec.award, NULL, 0, td_dpos_of(d->file, uk)};
            if ((rc = unit_text(d, uk, where, "votes", &vote.unit)) ||
                (rc = td_rd_int(d->rd, n, where, uk->text, 0, INT64_MAX, &vote.votes)))
                break;
            if (vote.votes > most) {
                rc = td_rd_fail(d->rd, n, TD_EDATA, "%s: unit '%s' has %lld votes, more than the %lld %s", where,
                                uk->text, (long long)vote.votes, (long long)most,
                                rec.cast >= 0 ? "votes cast" : "members of the council");
                break;
            }
            rc = td_dparts_vote(d->p, d->a, &vote, d->rd->err);
        }
    }
    return rc;
}

/* report: the administrative blocks of council documents (docs/reports.md,
 * "The report block"): organisation (a text or a list of lines), place,
 * date (YYYY-MM-DD), title, signers ([{role, title, name}]). */
static td_status read_report(dread *d, const td_yn *r)
{
    static const char *const keys[] = {"organisation", "place", "date", "title", "signers", NULL};
    static const char *const signer_keys[] = {"role", "title", "name", NULL};
    td_dparts *p = d->p;
    td_status rc;
    const td_yn *v;
    if ((rc = td_rd_map(d->rd, r, "the data", "report")) || (rc = td_rd_keys(d->rd, r, "report", keys)))
        return rc;
    p->has_report = true;
    p->report_pos = td_dpos_of(d->file, r);
    if (!td_rd_is_null(v = td_rd_get(r, "organisation"))) {
        p->report_field_pos[TD_REPORT_FIELD_ORGANISATION] = td_dpos_of(d->file, v);
        if (v->kind != TD_YN_SEQ) {
            rc = td_rd_name(d->rd, v, "report", "organisation", true, &p->report_fields[TD_REPORT_FIELD_ORGANISATION]);
        } else {
            /* the lines, joined by '\n' as td_cluster_set_report_field() takes them */
            td_buf b;
            td_buf_init(&b, d->a);
            for (size_t i = 0; rc == TD_OK && i < v->count; i++) {
                const char *line;
                if ((rc = td_rd_name(d->rd, v->items[i], "report", "organisation", true, &line)) == TD_OK) {
                    if (i > 0)
                        td_buf_append(&b, "\n");
                    td_buf_append(&b, line);
                }
            }
            if (rc == TD_OK && (td_buf_failed(&b) || (p->report_fields[TD_REPORT_FIELD_ORGANISATION] =
                                                          td_arena_strdup(d->rd->arena, td_buf_text(&b))) == NULL))
                rc = td_error_nomem(d->rd->err);
            td_buf_free(&b);
        }
        if (rc != TD_OK)
            return rc;
    }
    static const struct {
        const char *key;
        td_report_field field;
    } texts[] = {{"place", TD_REPORT_FIELD_PLACE}, {"date", TD_REPORT_FIELD_DATE}, {"title", TD_REPORT_FIELD_TITLE}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (td_rd_is_null(v = td_rd_get(r, texts[i].key)))
            continue;
        if ((rc = td_rd_name(d->rd, v, "report", texts[i].key, true, &p->report_fields[texts[i].field])) != TD_OK)
            return rc;
        p->report_field_pos[texts[i].field] = td_dpos_of(d->file, v);
        if (texts[i].field == TD_REPORT_FIELD_DATE && !td_iso_date_valid(p->report_fields[TD_REPORT_FIELD_DATE]))
            return td_rd_fail(d->rd, v, TD_EPARSE,
                              "report: 'date' must be a day written YYYY-MM-DD (such as 2023-12-15), found '%s'",
                              p->report_fields[TD_REPORT_FIELD_DATE]);
    }
    const td_yn *signers = td_rd_get(r, "signers");
    if (td_rd_is_null(signers))
        return TD_OK;
    if ((rc = td_rd_seq(d->rd, signers, "report", "signers")) != TD_OK)
        return rc;
    if (signers->count > TD_REPORT_SIGNERS_MAX)
        return td_rd_fail(d->rd, signers->items[TD_REPORT_SIGNERS_MAX], TD_ELIMIT,
                          "report: %zu signers, at most %d signature blocks fit a page", (size_t)signers->count,
                          TD_REPORT_SIGNERS_MAX);
    for (size_t i = 0; i < signers->count; i++) {
        const td_yn *s = signers->items[i];
        char where[WHERE];
        snprintf(where, sizeof where, "report signer %zu", i + 1);
        if ((rc = td_rd_map(d->rd, s, where, NULL)) || (rc = td_rd_keys(d->rd, s, where, signer_keys)))
            return rc;
        for (size_t k = 0; k < 3; k++) {
            p->signers[i][k] = "";
            if (!td_rd_is_null(v = td_rd_get(s, signer_keys[k])) &&
                (rc = td_rd_name(d->rd, v, where, signer_keys[k], true, &p->signers[i][k])) != TD_OK)
                return rc;
        }
        p->signer_pos[i] = td_dpos_of(d->file, s);
    }
    p->signer_count = signers->count;
    return TD_OK;
}

td_status td_data_read_member(td_rd *rd, const char *file, const td_allocator *a, td_dparts *p, const td_yn *item,
                              size_t index)
{
    dread d = {rd, file, a, p};
    td_status rc = read_member(&d, item, index);
    if (rc == TD_OK)
        p->members_streamed++;
    return rc;
}

td_status td_data_read(td_rd *rd, const char *file, const td_allocator *a, td_dparts *p)
{
    static const char *const keys[] = {"thidua", "period", "cluster", "targets", "results", "scores",
                                       "events", "history", "next_leader", "predecessors", "parameters",
                                       "next_deputy", "ballots", "units", "rollups", "report", NULL};
    td_status rc = td_rd_root(rd, "cluster data");
    if (rc != TD_OK)
        return rc;
    dread d = {rd, file, a, p};
    const td_yn *root = rd->doc->root, *v;
    int64_t version;
    if ((rc = td_rd_keys(rd, root, "the data", keys)) != TD_OK)
        return rc;
    if ((v = td_rd_get(root, "thidua")) != NULL &&
        (rc = td_rd_int(rd, v, "the data", "thidua", 1, 1, &version)) != TD_OK) {
        if (rc == TD_ERANGE)
            rc = td_rd_fail(rd, v, TD_EPARSE,
                            "the data: format version 'thidua: %s' is not supported; this library "
                            "reads version 1",
                            v->text);
        return rc;
    }
    if (!td_rd_is_null(v = td_rd_get(root, "period"))) {
        if ((rc = td_rd_int(rd, v, "the data", "period", 0, INT64_MAX, &p->period)) != TD_OK)
            return rc;
        p->has_period = true;
        p->period_pos = td_dpos_of(file, v);
    }
    if (!td_rd_is_null(v = td_rd_get(root, "cluster"))) {
        if (!p->has_period)
            return td_rd_fail(rd, v, TD_EPARSE,
                              "the data: the document with 'cluster' must also give 'period'");
        if ((rc = read_cluster(&d, v)) != TD_OK)
            return rc;
    }
    if ((!td_rd_is_null(v = td_rd_get(root, "targets")) && (rc = read_values(&d, v, TD_DV_TARGET,
                                                                             "targets"))) ||
        (!td_rd_is_null(v = td_rd_get(root, "results")) && (rc = read_values(&d, v, TD_DV_ACTUAL,
                                                                             "results"))) ||
        (!td_rd_is_null(v = td_rd_get(root, "scores")) && (rc = read_scores(&d, v))) ||
        (!td_rd_is_null(v = td_rd_get(root, "events")) && (rc = read_events(&d, v))) ||
        (!td_rd_is_null(v = td_rd_get(root, "history")) && (rc = read_history(&d, v))) ||
        (!td_rd_is_null(v = td_rd_get(root, "predecessors")) && (rc = read_predecessors(&d, v))) ||
        (!td_rd_is_null(v = td_rd_get(root, "parameters")) && (rc = read_parameters(&d, v))) ||
        (!td_rd_is_null(v = td_rd_get(root, "ballots")) && (rc = read_ballots(&d, v))) ||
        (!td_rd_is_null(v = td_rd_get(root, "units")) && (rc = read_units(&d, v))) ||
        (!td_rd_is_null(v = td_rd_get(root, "rollups")) && (rc = read_rollups(&d, v))))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "report")) && (rc = read_report(&d, v)) != TD_OK)
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "next_leader"))) {
        if ((rc = unit_text(&d, v, "the data", "next_leader", &p->next_leader)) != TD_OK)
            return rc;
        p->has_next = true;
        p->next_pos = td_dpos_of(file, v);
    }
    if (!td_rd_is_null(v = td_rd_get(root, "next_deputy"))) { /* 1.1 */
        if ((rc = unit_text(&d, v, "the data", "next_deputy", &p->next_deputy)) != TD_OK)
            return rc;
        p->next_deputy_pos = td_dpos_of(file, v);
    }
    return TD_OK;
}
