/*
 * Loading a rulebook document (YAML or JSON) through the builder: the
 * top-level keys, derived measures, adjustments, classification, ranking,
 * awards and leader. Every builder and compiler error gets the position of
 * the node it came from; expression errors point inside the expression.
 */
#include <stdio.h>
#include <string.h>

#include "rbread.h"

enum { WHERE = 160 };

td_status td_rb_at(td_rbread *r, const td_yn *n, td_status rc)
{
    if (rc == TD_OK || rc == TD_ENOMEM || n == NULL)
        return rc;
    td_error *e = r->rd.err;
    td_copy_text(e->file, sizeof e->file, r->rd.doc->src.name);
    e->line = n->line;
    e->column = n->column;
    return rc;
}

td_status td_rb_count(td_rbread *r, const td_yn *n, bool criterion)
{
    size_t *count = criterion ? &r->criteria : &r->measures;
    size_t max = criterion ? r->limits->max_criteria : r->limits->max_measures;
    if (++*count <= max)
        return TD_OK;
    return td_rd_fail(&r->rd, n, TD_ELIMIT,
                      criterion ? "the rulebook has more than %zu criteria, groups and adjustment items (the limit, "
                                  "--limit criteria)"
                                : "the rulebook has more than %zu derived measures, inputs and parameters (the limit, "
                                  "--limit measures)",
                      max);
}

/* Moves an error at column c of an expression to its place in the document. */
static td_status at_expr_column(td_rbread *r, const td_yn *n, td_status rc)
{
    td_error *e = r->rd.err;
    unsigned c = e->column > 0 ? e->column : 1, line, column;
    bool exact = td_yn_text_pos(r->rd.doc, n, c - 1, &line, &column);
    if (!exact) {
        char note[48];
        snprintf(note, sizeof note, " (at column %u of the expression)", c);
        if (strlen(e->message) + strlen(note) < sizeof e->message)
            strcat(e->message, note);
    }
    td_copy_text(e->file, sizeof e->file, r->rd.doc->src.name);
    e->line = line;
    e->column = column;
    return rc;
}

td_status td_rb_expr(td_rbread *r, const td_yn *n, const char *where, const char *key,
                     const char *fmt, const char *id, const char **out)
{
    td_status rc = td_rd_text(&r->rd, n, where, key, false, out);
    if (rc != TD_OK)
        return rc;
    if (n->len > r->limits->expr_max_bytes)
        return td_rd_fail(&r->rd, n, TD_ELIMIT, "%s: '%s' is %zu bytes long; the limit is %zu", where,
                          key, n->len, r->limits->expr_max_bytes);
    void *items = r->sites;
    rc = td_reserve(r->alloc, &items, &r->site_cap, r->site_count + 1, sizeof(td_expr_site), r->rd.err);
    if (rc != TD_OK)
        return rc;
    r->sites = items;
    td_expr_site *s = &r->sites[r->site_count++];
    snprintf(s->prefix, sizeof s->prefix, fmt, id);
    s->node = n;
    s->plain = false;
    return TD_OK;
}

td_status td_rb_origin(td_rbread *r, const td_yn *n, size_t len, td_expr_owner owner, const char *id)
{
    td_doc *doc = r->rd.doc;
    td_expr_origin o = {.file = doc->src.name};
    td_text_span *spans = td_alloc(r->alloc, (len + 1) * sizeof *spans);
    if (spans == NULL)
        return td_error_nomem(r->rd.err);
    o.span_count = td_yn_text_spans(doc, n, len, spans);
    o.spans = spans;
    /* the first byte's place, or the scalar's when columns cannot be followed */
    td_yn_text_pos(doc, n, 0, &o.line, &o.column);
    td_status rc = td_rulebook_builder_set_origin(r->b, owner, id, &o, r->rd.err);
    td_dealloc(r->alloc, spans);
    return td_rb_at(r, n, rc);
}

td_status td_rb_default(td_rbread *r, const td_yn *n, const char *where, const char *key)
{
    if (td_rd_is_null(n) || n->kind != TD_YN_SCALAR)
        return TD_OK;
    char value[TD_RD_QUOTE_SIZE], message[WHERE + TD_RD_QUOTE_SIZE + 96];
    td_rd_quote(value, sizeof value, n->text);
    snprintf(message, sizeof message, "%s: %s %s is the default value: the key can be left out", where, key, value);
    return td_rulebook_builder_add_note(r->b, "default-value", message, r->rd.doc->src.name, n->line, n->column,
                                        r->rd.err);
}

td_status td_rb_place(td_rbread *r, td_place place, const char *id, size_t index, const td_yn *n)
{
    if (n == NULL)
        return TD_OK;
    return td_rb_at(r, n, td_rulebook_builder_set_place(r->b, place, id, index, r->rd.doc->src.name, n->line,
                                                        n->column, r->rd.err));
}

/* Finds the expression a compile error names and points into it. */
static td_status map_build_error(td_rbread *r, const td_yn *root, td_status rc)
{
    if (rc == TD_ENOMEM)
        return rc;
    const char *msg = r->rd.err->message;
    for (size_t i = 0; i < r->site_count; i++) {
        const td_expr_site *s = &r->sites[i];
        size_t len = strlen(s->prefix);
        bool truncated = len + 1 >= sizeof s->prefix;
        if (s->plain && strncmp(msg, s->prefix, len) == 0 && msg[len] == ' ')
            return td_rb_at(r, s->node, rc);
        if (!s->plain && strncmp(msg, s->prefix, len) == 0 && (truncated || msg[len] == ':'))
            return at_expr_column(r, s->node, rc);
    }
    return td_rb_at(r, root, rc);
}

/* ---- measures, adjustments, classification, ranking ---- */

/* measure: {target: "…", actual: "…"}, either or both (rulebook 1.1). */
static td_status read_measure_sides(td_rbread *r, const td_yn *k, const td_yn *v, const char *where)
{
    static const char *const keys[] = {"target", "actual", NULL};
    static const char *const sites[] = {"measure '%s' target", "measure '%s' actual"};
    static const td_expr_owner owners[] = {TD_EXPR_OWNER_MEASURE_TARGET, TD_EXPR_OWNER_MEASURE_ACTUAL};
    td_status rc = td_rd_keys(&r->rd, v, where, keys);
    const td_yn *side[2] = {td_rd_get(v, "target"), td_rd_get(v, "actual")};
    const char *formula[2] = {NULL, NULL};
    if (rc == TD_OK && td_rd_is_null(side[0]) && td_rd_is_null(side[1]))
        rc = td_rd_fail(&r->rd, v, TD_ERULEBOOK, "%s: give a 'target' formula, an 'actual' formula or both", where);
    for (int s = 0; rc == TD_OK && s < 2; s++)
        if (!td_rd_is_null(side[s]))
            rc = td_rb_expr(r, side[s], where, keys[s], sites[s], k->text, &formula[s]);
    if (rc == TD_OK)
        rc = td_rb_count(r, k, false);
    if (rc == TD_OK)
        rc = td_rb_at(r, k, td_rulebook_builder_add_measure_sides(r->b, k->text, formula[0], formula[1], r->rd.err));
    for (int s = 0; rc == TD_OK && s < 2; s++)
        if (formula[s] != NULL)
            rc = td_rb_origin(r, side[s], side[s]->len, owners[s], k->text);
    return rc;
}

static td_status read_measures(td_rbread *r, const td_yn *m)
{
    td_status rc = td_rd_map(&r->rd, m, "the rulebook", "measures");
    for (size_t i = 0; rc == TD_OK && i < m->count; i++) {
        const td_yn *k = m->pairs[i].key, *v = m->pairs[i].value;
        const char *formula;
        char where[WHERE], q[TD_RD_QUOTE_SIZE];
        td_rd_quote(q, sizeof q, k->text);
        snprintf(where, sizeof where, "measure %s", q);
        const char *id;
        rc = td_rd_id(&r->rd, k, "measures", "measure", false, &id);
        if (rc == TD_OK && v->kind == TD_YN_MAP) {
            rc = read_measure_sides(r, k, v, where);
            continue;
        }
        if (rc == TD_OK)
            rc = td_rb_expr(r, v, where, "formula", "measure '%s'", k->text, &formula);
        if (rc == TD_OK)
            rc = td_rb_count(r, k, false);
        if (rc == TD_OK)
            rc = td_rb_at(r, k, td_rulebook_builder_add_measure(r->b, k->text, formula, r->rd.err));
        if (rc == TD_OK)
            rc = td_rb_origin(r, v, v->len, TD_EXPR_OWNER_MEASURE, k->text);
    }
    return rc;
}

td_status td_rb_site(td_rbread *r, const td_yn *n, const char *fmt, const char *id)
{
    void *items = r->sites;
    td_status rc = td_reserve(r->alloc, &items, &r->site_cap, r->site_count + 1, sizeof(td_expr_site), r->rd.err);
    if (rc != TD_OK)
        return rc;
    r->sites = items;
    td_expr_site *s = &r->sites[r->site_count++];
    snprintf(s->prefix, sizeof s->prefix, fmt, id);
    s->node = n;
    s->plain = true;
    return TD_OK;
}

/* inputs: [id, ...] (rulebook 1.1) */
static td_status read_inputs(td_rbread *r, const td_yn *list)
{
    td_status rc = td_rd_seq(&r->rd, list, "the rulebook", "inputs");
    for (size_t i = 0; rc == TD_OK && i < list->count; i++) {
        const td_yn *item = list->items[i];
        const char *id;
        rc = td_rd_id(&r->rd, item, "the rulebook", "inputs", false, &id);
        if (rc == TD_OK)
            rc = td_rb_count(r, item, false);
        if (rc == TD_OK)
            rc = td_rb_at(r, item, td_rulebook_builder_add_input(r->b, id, r->rd.err));
        if (rc == TD_OK)
            rc = td_rb_site(r, item, "input '%s'", id);
    }
    return rc;
}

/* titles: [{id, name}] (rulebook 1.1): ids decided by other bodies */
static td_status read_titles(td_rbread *r, const td_yn *list)
{
    static const char *const keys[] = {"id", "name", NULL};
    td_status rc = td_rd_seq(&r->rd, list, "the rulebook", "titles");
    for (size_t i = 0; rc == TD_OK && i < list->count; i++) {
        const td_yn *t = list->items[i], *v;
        const char *id, *name = NULL;
        char where[WHERE];
        snprintf(where, sizeof where, "titles[%zu]", i);
        if ((rc = td_rd_map(&r->rd, t, "the rulebook", "titles")) || (rc = td_rd_keys(&r->rd, t, where, keys)) ||
            (rc = td_rd_need(&r->rd, t, "id", where, &v)) || (rc = td_rd_id(&r->rd, v, where, "id", false, &id)))
            break;
        const td_yn *n = td_rd_get(t, "name");
        if (!td_rd_is_null(n) && (rc = td_rd_name(&r->rd, n, where, "name", false, &name)) != TD_OK)
            break;
        rc = td_rb_at(r, v, td_rulebook_builder_add_title(r->b, id, name, r->rd.err));
        if (rc == TD_OK)
            rc = td_rb_site(r, v, "title '%s'", id);
    }
    return rc;
}

/* parameters: {id: number} (rulebook 1.1) */
static td_status read_parameters(td_rbread *r, const td_yn *m)
{
    td_status rc = td_rd_map(&r->rd, m, "the rulebook", "parameters");
    for (size_t i = 0; rc == TD_OK && i < m->count; i++) {
        const td_yn *k = m->pairs[i].key, *v = m->pairs[i].value;
        const char *id;
        td_decimal value;
        if ((rc = td_rd_split_number(&r->rd, m, i, "the rulebook's parameters")) ||
            (rc = td_rd_id(&r->rd, k, "parameters", "parameter", false, &id)))
            break;
        if (td_rd_is_null(v))
            rc = td_rd_fail(&r->rd, k, TD_ERULEBOOK, "the rulebook: parameter '%s' has no value", id);
        else if ((rc = td_rd_number(&r->rd, v, "the rulebook's parameters", id, TD_RD_PERCENT, &value)) == TD_OK &&
                 (rc = td_rb_count(r, k, false)) == TD_OK)
            rc = td_rb_at(r, k, td_rulebook_builder_add_parameter(r->b, id, value, r->rd.err));
        if (rc == TD_OK)
            rc = td_rb_site(r, k, "parameter '%s'", id);
    }
    return rc;
}

static td_status read_adjustments(td_rbread *r, const td_yn *list)
{
    static const char *const keys[] = {"id", "name", "kind", "points", "max", NULL};
    static const char *const kinds[] = {"bonus", "deduction", NULL};
    td_status rc = td_rd_seq(&r->rd, list, "the rulebook", "adjustments");
    for (size_t i = 0; rc == TD_OK && i < list->count; i++) {
        const td_yn *a = list->items[i], *idn, *v;
        char where[WHERE];
        snprintf(where, sizeof where, "adjustment %zu", i + 1);
        const char *id, *name = NULL;
        int kind;
        td_decimal points, max;
        if ((rc = td_rd_map(&r->rd, a, where, NULL)) || (rc = td_rd_need(&r->rd, a, "id", where, &idn)) ||
            (rc = td_rd_id(&r->rd, idn, where, "id", false, &id)))
            break;
        char q[TD_RD_QUOTE_SIZE];
        td_rd_quote(q, sizeof q, id);
        snprintf(where, sizeof where, "adjustment %s", q);
        if ((rc = td_rd_keys(&r->rd, a, where, keys)) || (rc = td_rd_need(&r->rd, a, "kind", where, &v)) ||
            (rc = td_rd_enum(&r->rd, v, where, "kind", kinds, &kind)) ||
            (rc = td_rd_need(&r->rd, a, "points", where, &v)) ||
            (rc = td_rd_number(&r->rd, v, where, "points", TD_RD_NONNEG | TD_RD_PERCENT, &points)))
            break;
        if (!td_rd_is_null(v = td_rd_get(a, "name")) &&
            (rc = td_rd_name(&r->rd, v, where, "name", false, &name)) != TD_OK)
            break;
        bool has_max = !td_rd_is_null(v = td_rd_get(a, "max"));
        if (has_max && (rc = td_rd_number(&r->rd, v, where, "max", TD_RD_NONNEG | TD_RD_PERCENT, &max)))
            break;
        if ((rc = td_rb_count(r, idn, true)) != TD_OK)
            break;
        rc = td_rb_at(r, idn, td_rulebook_builder_add_adjustment(
                                  r->b, id, name, kind == 1 ? TD_ADJUSTMENT_DEDUCTION : TD_ADJUSTMENT_BONUS,
                                  points, has_max ? &max : NULL, r->rd.err));
    }
    return rc;
}

static td_status read_classification(td_rbread *r, const td_yn *list)
{
    static const char *const keys[] = {"id", "name", "min", "when", NULL};
    td_status rc = td_rd_seq(&r->rd, list, "the rulebook", "classification");
    for (size_t i = 0; rc == TD_OK && i < list->count; i++) {
        const td_yn *e = list->items[i], *idn, *v, *when;
        char where[WHERE];
        snprintf(where, sizeof where, "classification entry %zu", i + 1);
        const char *id, *name = NULL, *cond;
        td_decimal min;
        if ((rc = td_rd_map(&r->rd, e, where, NULL)) || (rc = td_rd_need(&r->rd, e, "id", where, &idn)) ||
            (rc = td_rd_id(&r->rd, idn, where, "id", false, &id)))
            break;
        char q[TD_RD_QUOTE_SIZE];
        td_rd_quote(q, sizeof q, id);
        snprintf(where, sizeof where, "classification %s", q);
        if ((rc = td_rd_keys(&r->rd, e, where, keys)) != TD_OK)
            break;
        if (!td_rd_is_null(v = td_rd_get(e, "name")) &&
            (rc = td_rd_name(&r->rd, v, where, "name", false, &name)) != TD_OK)
            break;
        bool has_min = !td_rd_is_null(v = td_rd_get(e, "min"));
        if (has_min && (rc = td_rd_number(&r->rd, v, where, "min", TD_RD_NONNEG | TD_RD_PERCENT, &min)))
            break;
        bool last = i + 1 == list->count;
        when = td_rd_get(e, "when");
        if (last && has_min)
            return td_rd_fail(&r->rd, v, TD_ERULEBOOK,
                              "%s: the last classification entry must have no 'min', so that every "
                              "member gets a classification",
                              where);
        if (last && !td_rd_is_null(when))
            return td_rd_fail(&r->rd, when, TD_ERULEBOOK,
                              "%s: the last classification entry must have no 'when', so that every "
                              "member gets a classification",
                              where);
        if (!last && !has_min && td_rd_is_null(when))
            return td_rd_fail(&r->rd, e, TD_ERULEBOOK,
                              "%s has no 'min' and no 'when', so it catches every member and the "
                              "entries after it could never apply: only the last entry may catch "
                              "everyone",
                              where);
        if ((rc = td_rb_at(r, idn, td_rulebook_builder_add_classification(r->b, id, name,
                                                                           has_min ? &min : NULL,
                                                                           r->rd.err))) != TD_OK ||
            (has_min && (rc = td_rb_place(r, TD_PLACE_CLASS_MIN, id, 0, v)) != TD_OK))
            break;
        if (!td_rd_is_null(when) &&
            ((rc = td_rb_expr(r, when, where, "when", "classification '%s' when", id, &cond)) ||
             (rc = td_rb_at(r, when, td_rulebook_builder_set_classification_when(r->b, id, cond,
                                                                                  r->rd.err))) ||
             (rc = td_rb_origin(r, when, when->len, TD_EXPR_OWNER_CLASS_WHEN, id))))
            break;
    }
    return rc;
}

/* One ranking key: "expression [desc|asc]". */
static td_status read_ranking_key(td_rbread *r, const td_yn *n)
{
    const char *text;
    td_status rc = td_rd_text(&r->rd, n, "ranking", "by", false, &text);
    if (rc != TD_OK)
        return rc;
    size_t len = n->len;
    bool descending = true;
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    size_t word = len;
    while (word > 0 && text[word - 1] != ' ' && text[word - 1] != '\t')
        word--;
    bool desc = len - word == 4 && strncmp(text + word, "desc", 4) == 0;
    bool asc = len - word == 3 && strncmp(text + word, "asc", 3) == 0;
    if (word > 0 && (desc || asc)) {
        descending = desc;
        len = word;
        while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
            len--;
    }
    char *expr = td_arena_alloc_bytes(r->rd.arena, len + 1);
    if (expr == NULL)
        return td_error_nomem(r->rd.err);
    memcpy(expr, text, len);
    expr[len] = '\0';
    /* the expression is a prefix of the scalar, so columns map the same way */
    const char *unused;
    if ((rc = td_rb_expr(r, n, "ranking", "by", "ranking key '%s'", expr, &unused)) != TD_OK)
        return rc;
    if ((rc = td_rb_at(r, n, td_rulebook_builder_add_ranking_key(r->b, expr, descending, r->rd.err))))
        return rc;
    return td_rb_origin(r, n, len, TD_EXPR_OWNER_RANK_KEY, NULL);
}

static td_status read_ranking(td_rbread *r, const td_yn *ranking)
{
    static const char *const keys[] = {"by", NULL};
    const td_yn *by;
    td_status rc;
    if ((rc = td_rd_map(&r->rd, ranking, "the rulebook", "ranking")) ||
        (rc = td_rd_keys(&r->rd, ranking, "ranking", keys)) ||
        (rc = td_rd_need(&r->rd, ranking, "by", "ranking", &by)))
        return rc;
    if (by->kind == TD_YN_SCALAR)
        return read_ranking_key(r, by);
    if ((rc = td_rd_seq(&r->rd, by, "ranking", "by")) != TD_OK)
        return rc;
    for (size_t i = 0; rc == TD_OK && i < by->count; i++)
        rc = read_ranking_key(r, by->items[i]);
    return rc;
}

/* ---- awards and leader ---- */

/* ballot: {min: 90%, of: council | cast} (rulebook 1.1) */
static td_status read_ballot(td_rbread *r, const char *id, const td_yn *v, const char *award_where)
{
    static const char *const keys[] = {"min", "of", NULL};
    static const char *const bases[] = {"council", "cast", NULL};
    char where[WHERE + 8];
    snprintf(where, sizeof where, "%s ballot", award_where);
    const td_yn *min, *of;
    td_decimal m;
    int base = 0;
    td_status rc;
    if ((rc = td_rd_map(&r->rd, v, award_where, "ballot")) || (rc = td_rd_keys(&r->rd, v, where, keys)) ||
        (rc = td_rd_need(&r->rd, v, "min", where, &min)) ||
        (rc = td_rd_number(&r->rd, min, where, "min", TD_RD_NONNEG | TD_RD_PERCENT, &m)))
        return rc;
    if (!td_rd_is_null(of = td_rd_get(v, "of")) &&
        ((rc = td_rd_enum(&r->rd, of, where, "of", bases, &base)) ||
         (base == 0 && (rc = td_rb_default(r, of, where, "of")))))
        return rc;
    if (td_decimal_cmp(m, td_decimal_from_int(1)) > 0)
        return td_rd_fail(&r->rd, min, TD_ERULEBOOK,
                          "%s: 'min' is a share of the %s, at most 1 (100%%), got %s: did you mean %s%%?", where,
                          bases[base], min->text, min->text);
    return td_rb_at(r, min, td_rulebook_builder_set_award_ballot(r->b, id, m, (td_ballot_of)base, r->rd.err));
}

static td_status read_quota(td_rbread *r, const char *id, const td_yn *q, const char *award_where)
{
    static const char *const keys[] = {"count", "percent", "rounding", "min", "of", "per", NULL};
    static const char *const pers[] = {"group", NULL};
    static const char *const roundings[] = {"floor", "ceil", "half_up", NULL};
    static const td_rounding rounding_of[] = {TD_ROUNDING_FLOOR, TD_ROUNDING_CEIL, TD_ROUNDING_HALF_UP};
    char where[WHERE + 8];
    snprintf(where, sizeof where, "%s quota", award_where);
    td_status rc;
    if ((rc = td_rd_map(&r->rd, q, award_where, "quota")) || (rc = td_rd_keys(&r->rd, q, where, keys)))
        return rc;
    const td_yn *count = td_rd_get(q, "count"), *percent = td_rd_get(q, "percent");
    const td_yn *rounding = td_rd_get(q, "rounding"), *min = td_rd_get(q, "min"), *of = td_rd_get(q, "of");
    if (count != NULL && percent != NULL)
        return td_rd_fail(&r->rd, percent, TD_ERULEBOOK,
                          "%s: give 'count' or 'percent', not both", where);
    if (count == NULL && percent == NULL)
        return td_rd_fail(&r->rd, q, TD_EPARSE, "%s: missing key 'count' or 'percent'", where);
    const td_yn *per = td_rd_get(q, "per");
    int per_kind;
    if (!td_rd_is_null(per) && ((rc = td_rd_enum(&r->rd, per, where, "per", pers, &per_kind)) ||
                                (rc = td_rb_at(r, per, td_rulebook_builder_set_award_quota_per_group(r->b, id, r->rd.err)))))
        return rc;
    if (count != NULL) {
        const td_yn *extra = rounding != NULL ? rounding : min != NULL ? min : of;
        if (extra != NULL)
            return td_rd_fail(&r->rd, extra, extra == of ? TD_ERULEBOOK : TD_EPARSE,
                              "%s: '%s' applies to a 'percent' quota only", where,
                              extra == rounding ? "rounding" : extra == min ? "min" : "of");
        int64_t n;
        if ((rc = td_rd_int(&r->rd, count, where, "count", 0, INT64_MAX, &n)) != TD_OK)
            return rc;
        return td_rb_at(r, count, td_rulebook_builder_set_award_quota_count(r->b, id, n, r->rd.err));
    }
    td_decimal p;
    int rmode = 0;
    int64_t m = 0;
    if ((rc = td_rd_number(&r->rd, percent, where, "percent", TD_RD_NONNEG | TD_RD_NO_PERCENT_HINT, &p)))
        return rc;
    if (rounding != NULL && ((rc = td_rd_enum(&r->rd, rounding, where, "rounding", roundings, &rmode)) ||
                             (rmode == 0 && (rc = td_rb_default(r, rounding, where, "rounding")))))
        return rc;
    if (min != NULL && ((rc = td_rd_int(&r->rd, min, where, "min", 0, INT64_MAX, &m)) ||
                        (m == 0 && (rc = td_rb_default(r, min, where, "min")))))
        return rc;
    rc = td_rb_at(r, percent, td_rulebook_builder_set_award_quota_percent(r->b, id, p, rounding_of[rmode], m,
                                                                          r->rd.err));
    if (rc == TD_OK && !td_rd_is_null(of)) {
        /* 1.1: members, candidates or an earlier award; checked when built, at this place */
        const char *base;
        char prefix[160];
        if ((rc = td_rd_id(&r->rd, of, where, "of", false, &base)) == TD_OK)
            rc = td_rb_at(r, of, td_rulebook_builder_set_award_quota_of(r->b, id, base, r->rd.err));
        if (rc == TD_OK && strcmp(base, "members") == 0)
            rc = td_rb_default(r, of, where, "of");
        snprintf(prefix, sizeof prefix, "award '%s'", id);
        if (rc == TD_OK)
            rc = td_rb_site(r, of, "%s: the quota is counted", prefix);
    }
    return rc == TD_OK ? td_rb_place(r, TD_PLACE_QUOTA_PERCENT, id, 0, percent) : rc;
}

/* The ids of every award, for checking `excludes` (which may name a later award). */
static size_t award_ids(const td_yn *list, const char **ids, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count && n < cap; i++) {
        const td_yn *id = td_rd_get(list->items[i], "id");
        if (id != NULL && id->kind == TD_YN_SCALAR)
            ids[n++] = id->text;
    }
    return n;
}

static td_status read_excludes(td_rbread *r, const char *id, const td_yn *x, const char *where,
                               const char **ids, size_t id_count)
{
    size_t n = x->kind == TD_YN_SEQ ? x->count : 1;
    td_status rc = x->kind == TD_YN_MAP ? td_rd_seq(&r->rd, x, where, "excludes") : TD_OK;
    for (size_t i = 0; rc == TD_OK && i < n; i++) {
        const td_yn *item = x->kind == TD_YN_SEQ ? x->items[i] : x;
        const char *other;
        if ((rc = td_rd_id(&r->rd, item, where, "excludes", false, &other)) != TD_OK)
            break;
        bool known = false;
        for (size_t k = 0; k < id_count && !known; k++)
            known = strcmp(ids[k], other) == 0;
        if (!known) {
            char q[64], hint[96];
            td_quote(q, sizeof q, other);
            td_did_you_mean(hint, sizeof hint, other, ids, id_count);
            return td_rd_fail(&r->rd, item, TD_ERULEBOOK, "%s: 'excludes' names %s, which is not an award%s",
                              where, q, hint);
        }
        rc = td_rb_at(r, item, td_rulebook_builder_add_award_exclusion(r->b, id, other, r->rd.err));
    }
    return rc;
}

static td_status read_awards(td_rbread *r, const td_yn *list)
{
    static const char *const keys[] = {"id", "name", "when", "quota", "excludes", "order", "ballot", NULL};
    td_status rc = td_rd_seq(&r->rd, list, "the rulebook", "awards");
    if (rc != TD_OK)
        return rc;
    const char **ids = td_alloc(r->alloc, (list->count + 1) * sizeof(char *));
    if (ids == NULL)
        return td_error_nomem(r->rd.err);
    size_t id_count = award_ids(list, ids, list->count);
    for (size_t i = 0; rc == TD_OK && i < list->count; i++) {
        const td_yn *a = list->items[i], *idn, *v, *when;
        char where[WHERE];
        snprintf(where, sizeof where, "award %zu", i + 1);
        const char *id, *name = NULL, *cond = NULL, *order;
        if ((rc = td_rd_map(&r->rd, a, where, NULL)) || (rc = td_rd_need(&r->rd, a, "id", where, &idn)) ||
            (rc = td_rd_id(&r->rd, idn, where, "id", false, &id)))
            break;
        char q[TD_RD_QUOTE_SIZE];
        td_rd_quote(q, sizeof q, id);
        snprintf(where, sizeof where, "award %s", q);
        if ((rc = td_rd_keys(&r->rd, a, where, keys)) != TD_OK)
            break;
        if (!td_rd_is_null(v = td_rd_get(a, "name")) &&
            (rc = td_rd_name(&r->rd, v, where, "name", false, &name)) != TD_OK)
            break;
        if (!td_rd_is_null(when = td_rd_get(a, "when")) &&
            (rc = td_rb_expr(r, when, where, "when", "award '%s' when", id, &cond)) != TD_OK)
            break;
        if ((rc = td_rb_at(r, idn, td_rulebook_builder_add_award(r->b, id, name, cond, r->rd.err))) ||
            (cond != NULL && (rc = td_rb_origin(r, when, when->len, TD_EXPR_OWNER_AWARD_WHEN, id))))
            break;
        if (!td_rd_is_null(v = td_rd_get(a, "quota")) && (rc = read_quota(r, id, v, where)))
            break;
        if (!td_rd_is_null(v = td_rd_get(a, "excludes")) &&
            (rc = read_excludes(r, id, v, where, ids, id_count)))
            break;
        if (!td_rd_is_null(v = td_rd_get(a, "ballot")) && (rc = read_ballot(r, id, v, where)))
            break;
        v = td_rd_get(a, "order");
        if (v != NULL && v->kind == TD_YN_SCALAR && strcmp(v->text, "votes") == 0) {
            /* 1.1: candidates by votes, then rank */
            if ((rc = td_rb_at(r, v, td_rulebook_builder_set_award_order_votes(r->b, id, r->rd.err))) ||
                (rc = td_rb_site(r, v, "award '%s': 'order: votes'", id)))
                break;
            continue;
        }
        if (!td_rd_is_null(v) &&
            ((rc = td_rb_expr(r, v, where, "order", "award '%s' order", id, &order)) ||
             (rc = td_rb_at(r, v, td_rulebook_builder_set_award_order(r->b, id, order, r->rd.err))) ||
             (rc = td_rb_origin(r, v, v->len, TD_EXPR_OWNER_AWARD_ORDER, id))))
            break;
    }
    td_dealloc(r->alloc, (void *)ids);
    return rc;
}

static td_status read_leader(td_rbread *r, const td_yn *leader)
{
    static const char *const keys[] = {"rule", "order", "deputy", NULL};
    static const char *const rules[] = {"rotation", "election", "top_rank", NULL};
    static const td_leader_rule rule_of[] = {TD_LEADER_RULE_ROTATION, TD_LEADER_RULE_ELECTION, TD_LEADER_RULE_TOP_RANK};
    static const char *const deputies[] = {"rotation", "election", "succession", NULL};
    static const td_deputy_rule deputy_of[] = {TD_DEPUTY_RULE_ROTATION, TD_DEPUTY_RULE_ELECTION,
                                               TD_DEPUTY_RULE_SUCCESSION};
    const td_yn *rv, *order, *dv;
    int rule, deputy = -1;
    td_status rc;
    if ((rc = td_rd_map(&r->rd, leader, "the rulebook", "leader")) ||
        (rc = td_rd_keys(&r->rd, leader, "leader", keys)) ||
        (rc = td_rd_need(&r->rd, leader, "rule", "leader", &rv)) ||
        (rc = td_rd_enum(&r->rd, rv, "leader", "rule", rules, &rule)) ||
        (rc = td_rb_at(r, rv, td_rulebook_builder_set_leader_rule(r->b, rule_of[rule], r->rd.err))))
        return rc;
    /* rulebook 1.1: the deputy rule; 'order' serves every rule */
    if (!td_rd_is_null(dv = td_rd_get(leader, "deputy")) &&
        ((rc = td_rd_enum(&r->rd, dv, "leader", "deputy", deputies, &deputy)) ||
         (rc = td_rb_at(r, dv, td_rulebook_builder_set_deputy_rule(r->b, deputy_of[deputy], r->rd.err)))))
        return rc;
    order = td_rd_get(leader, "order");
    if (td_rd_is_null(order)) {
        if (rule == 0)
            return td_rd_fail(&r->rd, leader, TD_ERULEBOOK, "leader: the rotation rule needs 'order', the units in turn");
        if (deputy == 0)
            return td_rd_fail(&r->rd, dv, TD_ERULEBOOK,
                              "leader: the rotation deputy rule needs 'order', the units in turn");
        return TD_OK;
    }
    if ((rc = td_rd_seq(&r->rd, order, "leader", "order")) != TD_OK)
        return rc;
    if (order->count == 0)
        return td_rd_fail(&r->rd, order, TD_ERULEBOOK, "leader: 'order' must list at least one unit");
    for (size_t i = 0; rc == TD_OK && i < order->count; i++) {
        const char *unit;
        rc = td_rd_id(&r->rd, order->items[i], "leader", "order", true, &unit);
        if (rc == TD_OK)
            rc = td_rb_at(r, order->items[i], td_rulebook_builder_add_leader_order(r->b, unit, r->rd.err));
    }
    return rc;
}

/* ---- roll-ups (rulebook 1.1 section 4) ---- */

static td_status read_rulebook(td_rbread *r, const td_yn *root, td_rulebook **out);

/* The child rulebook of a roll-up: a path relative to this rulebook's file
 * (the directory of the name a text was given under, else the current
 * one), or (an extension: what td_rulebook_to_yaml() writes) the rulebook
 * itself, inline. */
static td_status read_child(td_rbread *r, const td_yn *n, const char *where, td_rulebook **child)
{
    if (n->kind == TD_YN_MAP) {
        if (r->depth > 0)
            return td_rd_fail(&r->rd, n, TD_ERULEBOOK, "%s: a child rulebook may not have roll-ups", where);
        td_rbread inner;
        memset(&inner, 0, sizeof inner);
        inner.rd = r->rd;
        inner.limits = r->limits;
        inner.alloc = r->alloc;
        inner.opts = r->opts;
        inner.depth = r->depth + 1;
        td_status rc = read_rulebook(&inner, n, child);
        td_rulebook_builder_free(inner.b);
        td_dealloc(r->alloc, inner.sites);
        return rc;
    }
    const char *path;
    td_status rc = td_rd_text(&r->rd, n, where, "rulebook", false, &path);
    if (rc != TD_OK)
        return rc;
    const char *name = r->rd.doc->src.name;
    const char *slash = strrchr(name, '/');
    size_t dir = path[0] == '/' || slash == NULL ? 0 : (size_t)(slash - name) + 1;
    char *full = td_alloc(r->alloc, dir + strlen(path) + 1);
    if (full == NULL)
        return td_error_nomem(r->rd.err);
    memcpy(full, name, dir);
    strcpy(full + dir, path);
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    if (r->opts != NULL)
        o = *r->opts;
    o.format = TD_DOC_FORMAT_AUTO;
    td_error local;
    td_error_clear(&local);
    rc = td_rulebook_load_file(child, full, &o, &local);
    if (rc == TD_EIO)
        rc = td_rd_fail(&r->rd, n, TD_EIO, "%s: the child rulebook '%s' cannot be read: %s", where, full,
                        local.message);
    else if (rc != TD_OK) {
        *r->rd.err = local;
        rc = td_error_prefix(r->rd.err, rc, "%s, child rulebook", where);
    }
    td_dealloc(r->alloc, full);
    return rc;
}

/* rollups: [{id, rulebook, measures: {measure: "count(…)"}}] */
static td_status read_rollups(td_rbread *r, const td_yn *list)
{
    static const char *const keys[] = {"id", "rulebook", "measures", NULL};
    if (r->depth > 0)
        return td_rd_fail(&r->rd, list, TD_ERULEBOOK,
                          "the rulebook: a child rulebook may not have roll-ups of its own");
    td_status rc = td_rd_seq(&r->rd, list, "the rulebook", "rollups");
    for (size_t i = 0; rc == TD_OK && i < list->count; i++) {
        const td_yn *item = list->items[i], *idn, *rbn, *ms;
        const char *id;
        char where[WHERE];
        snprintf(where, sizeof where, "rollups[%zu]", i);
        if ((rc = td_rd_map(&r->rd, item, "the rulebook", "rollups")) ||
            (rc = td_rd_keys(&r->rd, item, where, keys)) || (rc = td_rd_need(&r->rd, item, "id", where, &idn)) ||
            (rc = td_rd_id(&r->rd, idn, where, "id", false, &id)) ||
            (rc = td_rd_need(&r->rd, item, "rulebook", where, &rbn)) ||
            (rc = td_rd_need(&r->rd, item, "measures", where, &ms)))
            break;
        snprintf(where, sizeof where, "roll-up '%s'", id);
        td_rulebook *child = NULL;
        if ((rc = read_child(r, rbn, where, &child)) != TD_OK)
            break;
        rc = td_rb_at(r, rbn, td_rulebook_builder_add_rollup(r->b, id, child, r->rd.err));
        td_rulebook_free(child); /* the builder holds its own reference */
        if (rc == TD_OK)
            rc = td_rb_site(r, idn, "roll-up '%s'", id);
        if (rc == TD_OK)
            rc = td_rd_map(&r->rd, ms, where, "measures");
        for (size_t k = 0; rc == TD_OK && k < ms->count; k++) {
            const td_yn *key = ms->pairs[k].key, *v = ms->pairs[k].value;
            const char *measure, *text;
            if ((rc = td_rd_id(&r->rd, key, where, "measures", false, &measure)) ||
                (rc = td_rd_text(&r->rd, v, where, measure, false, &text)))
                break;
            rc = td_rulebook_builder_add_rollup_measure(r->b, id, measure, text, r->rd.err);
            if (rc == TD_EPARSE || rc == TD_ELIMIT)
                rc = at_expr_column(r, v, rc);
            else
                rc = td_rb_at(r, key, rc);
        }
    }
    return rc;
}

/* ---- the document ---- */

static td_status read_rulebook(td_rbread *r, const td_yn *root, td_rulebook **out)
{
    static const char *const keys[] = {"thidua", "id", "name", "precision", "inputs", "parameters", "measures",
                                       "sections", "adjustments", "bonus_max", "classification", "ranking",
                                       "awards", "titles", "leader", "rollups", NULL};
    td_rd *rd = &r->rd;
    td_status rc = TD_OK;
    const td_yn *v, *sections;
    int64_t version, precision;
    const char *id, *name;
    if ((rc = td_rd_keys(rd, root, "the rulebook", keys)) ||
        (rc = td_rd_need(rd, root, "thidua", "the rulebook", &v)))
        return rc;
    if ((rc = td_rd_int(rd, v, "the rulebook", "thidua", 1, 1, &version)) != TD_OK) {
        if (rc == TD_ERANGE)
            rc = td_rd_fail(rd, v, TD_EPARSE,
                            "the rulebook: format version 'thidua: %s' is not supported; this library "
                            "reads version 1",
                            v->text);
        return rc;
    }
    if ((rc = td_rd_need(rd, root, "id", "the rulebook", &v)) ||
        (rc = td_rd_id(rd, v, "the rulebook", "id", false, &id)) ||
        (rc = td_rb_at(r, v, td_rulebook_builder_new(&r->b, id, r->alloc, rd->err))) ||
        (rc = td_rulebook_builder_set_expression_limits(r->b, r->limits->expr_max_bytes,
                                                        r->limits->expr_max_depth, rd->err)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "name")) &&
        ((rc = td_rd_name(rd, v, "the rulebook", "name", false, &name)) ||
         (rc = td_rb_at(r, v, td_rulebook_builder_set_name(r->b, name, rd->err)))))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "precision")) &&
        ((rc = td_rd_int(rd, v, "the rulebook", "precision", 0, TD_MAX_PRECISION, &precision)) ||
         (rc = td_rb_at(r, v, td_rulebook_builder_set_precision(r->b, (int)precision, rd->err))) ||
         (precision == 2 && (rc = td_rb_default(r, v, "the rulebook", "precision")))))
        return rc;
    if ((!td_rd_is_null(v = td_rd_get(root, "inputs")) && (rc = read_inputs(r, v))) ||
        (!td_rd_is_null(v = td_rd_get(root, "parameters")) && (rc = read_parameters(r, v))))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "measures")) && (rc = read_measures(r, v)))
        return rc;
    /* rulebook 1.1: a rulebook that only classifies or awards has no section */
    if (!td_rd_is_null(sections = td_rd_get(root, "sections")) && (rc = td_rb_sections(r, sections)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "adjustments")) && (rc = read_adjustments(r, v)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "bonus_max"))) {
        td_decimal max;
        if ((rc = td_rd_number(rd, v, "the rulebook", "bonus_max", TD_RD_NONNEG | TD_RD_PERCENT, &max)) ||
            (rc = td_rb_at(r, v, td_rulebook_builder_set_bonus_max(r->b, &max, rd->err))))
            return rc;
    }
    if (!td_rd_is_null(v = td_rd_get(root, "classification")) && (rc = read_classification(r, v)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "ranking")) && (rc = read_ranking(r, v)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "awards")) && (rc = read_awards(r, v)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "titles")) && (rc = read_titles(r, v)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "leader")) && (rc = read_leader(r, v)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(root, "rollups")) && (rc = read_rollups(r, v)))
        return rc;
    rc = td_rulebook_builder_build(out, r->b, rd->err);
    return rc == TD_OK ? TD_OK : map_build_error(r, root, rc);
}

static td_status load(td_rulebook **out, const char *path, const char *text, size_t len,
                      const char *name, const td_load_options *opts, td_error *err)
{
    td_error local;
    td_error_clear(&local);
    td_limits limits;
    td_status rc = td_limits_resolve(&limits, opts, &local);
    if (rc == TD_OK && out == NULL)
        rc = td_error_set(&local, TD_EINVAL, "out is NULL");
    if (rc == TD_OK && path == NULL && text == NULL)
        rc = td_error_set(&local, TD_EINVAL, "the text is NULL");
    if (rc != TD_OK) {
        if (err != NULL)
            *err = local;
        return rc;
    }
    td_allocator alloc;
    td_allocator_resolve(&alloc, opts != NULL ? opts->allocator : NULL);
    td_doc doc;
    td_doc_format format;
    td_arena strings;
    td_arena_init(&strings, &alloc);
    td_rbread r;
    memset(&r, 0, sizeof r);
    r.rd = (td_rd){&doc, &local, &strings};
    r.limits = &limits;
    r.alloc = &alloc;
    rc = td_doc_load(&doc, path, text, len, name != NULL ? name : "<string>",
                     opts != NULL ? opts->format : TD_DOC_FORMAT_AUTO, false, &limits, &alloc, NULL, &format,
                     &local);
    r.opts = opts;
    if (rc == TD_OK)
        rc = td_rd_root(&r.rd, "a rulebook");
    if (rc == TD_OK)
        rc = read_rulebook(&r, doc.root, out);
    td_rulebook_builder_free(r.b);
    td_dealloc(&alloc, r.sites);
    td_arena_free(&strings);
    td_doc_free(&doc);
    if (rc != TD_OK && err != NULL)
        *err = local;
    return rc;
}

td_status td_rulebook_load_file(td_rulebook **out, const char *path, const td_load_options *opts,
                                td_error *err)
{
    if (path == NULL)
        return td_error_set(err, TD_EINVAL, "path is NULL");
    return load(out, path, NULL, 0, NULL, opts, err);
}

td_status td_rulebook_load_string(td_rulebook **out, const char *text, size_t len, const char *name,
                                  const td_load_options *opts, td_error *err)
{
    if (text == NULL)
        return td_error_set(err, TD_EINVAL, "text is NULL");
    return load(out, NULL, text, len, name, opts, err);
}
