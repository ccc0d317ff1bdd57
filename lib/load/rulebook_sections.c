/*
 * Reading a rulebook's sections, criteria, scoring rules and criterion
 * bonus into the builder.
 */
#include <stdio.h>
#include <string.h>

#include "rbread.h"

enum { WHERE = 160 };

static const char *const rule_kinds[] = {"proportional", "threshold", "shortfall", "bands", "best",
                                         "rank", "manual", "expr", NULL};

/* An optional number: *out keeps its default when the key is absent or null. */
static td_status opt_number(td_rbread *r, const td_yn *map, const char *key, const char *where,
                            unsigned flags, td_decimal *out, const td_yn **node)
{
    const td_yn *v = td_rd_get(map, key);
    if (node != NULL)
        *node = v != NULL ? v : map;
    if (td_rd_is_null(v))
        return TD_OK;
    return td_rd_number(&r->rd, v, where, key, flags, out);
}

static td_status need_number(td_rbread *r, const td_yn *map, const char *key, const char *where,
                             unsigned flags, td_decimal *out, const td_yn **node)
{
    const td_yn *v;
    td_status rc = td_rd_need(&r->rd, map, key, where, &v);
    if (rc == TD_OK)
        rc = td_rd_number(&r->rd, v, where, key, flags, out);
    if (node != NULL)
        *node = v;
    return rc;
}

/* A non-empty list under `key`. */
static td_status need_list(td_rbread *r, const td_yn *map, const char *key, const char *where,
                           const td_yn **out)
{
    const td_yn *v;
    td_status rc = td_rd_need(&r->rd, map, key, where, &v);
    if (rc == TD_OK)
        rc = td_rd_seq(&r->rd, v, where, key);
    if (rc == TD_OK && v->count == 0)
        rc = td_rd_fail(&r->rd, v, TD_ERULEBOOK, "%s: '%s' must list at least one entry", where, key);
    if (rc == TD_OK)
        *out = v;
    return rc;
}

static const char *const value_ofs[] = {"attainment", "actual", NULL};

/* The node at which a rule's parameters were refused by the builder with
 * TD_ERULEBOOK: the builder checks bands (and rank points) one by one in
 * order, each `at` against the one before it, then its points against the
 * criterion's max, so the first entry that breaks either is the one. */
static const td_yn *refused_entry(const td_rule *rule, td_decimal max, const td_yn *list, bool bands)
{
    size_t n = bands ? rule->band_count : rule->rank_point_count;
    for (size_t k = 0; k < n; k++) {
        const td_yn *item = list->items[k];
        if (bands && k > 0 && td_decimal_cmp(rule->bands[k].at, rule->bands[k - 1].at) >= 0)
            return td_rd_get(item, "at");
        td_decimal points = bands ? rule->bands[k].points : rule->rank_points[k];
        if (td_decimal_cmp(points, max) > 0)
            return bands ? td_rd_get(item, "points") : item;
    }
    return list;
}

static td_status read_bands(td_rbread *r, const td_yn *rule, const char *where, td_rule *out,
                            const td_yn **list)
{
    const td_yn *bands = NULL, *ofn = td_rd_get(rule, "of");
    int of = 0;
    td_status rc = need_list(r, rule, "bands", where, &bands);
    if (rc == TD_OK && !td_rd_is_null(ofn))
        rc = td_rd_enum(&r->rd, ofn, where, "of", value_ofs, &of);
    if (rc != TD_OK)
        return rc;
    td_band *items = td_alloc(r->alloc, bands->count * sizeof *items);
    if (items == NULL)
        return td_error_nomem(r->rd.err);
    static const char *const keys[] = {"at", "points", NULL};
    for (size_t i = 0; rc == TD_OK && i < bands->count; i++) {
        const td_yn *band = bands->items[i];
        char bw[WHERE + 32];
        snprintf(bw, sizeof bw, "%s band %zu", where, i + 1);
        if ((rc = td_rd_map(&r->rd, band, bw, NULL)) || (rc = td_rd_keys(&r->rd, band, bw, keys)) ||
            (rc = need_number(r, band, "at", bw, TD_RD_NONNEG | TD_RD_PERCENT, &items[i].at, NULL)))
            break;
        rc = need_number(r, band, "points", bw, TD_RD_NONNEG | TD_RD_PERCENT, &items[i].points, NULL);
    }
    if (rc != TD_OK) {
        td_dealloc(r->alloc, items);
        return rc;
    }
    out->bands_of = of == 1 ? TD_BANDS_OF_ACTUAL : TD_BANDS_OF_ATTAINMENT;
    out->bands = items;
    out->band_count = bands->count;
    *list = bands;
    return TD_OK;
}

static td_status read_rank_points(td_rbread *r, const td_yn *rule, const char *where, td_rule *out,
                                  const td_yn **list)
{
    const td_yn *points;
    td_status rc = need_list(r, rule, "points", where, &points);
    if (rc != TD_OK)
        return rc;
    td_decimal *items = td_alloc(r->alloc, points->count * sizeof *items);
    if (items == NULL)
        return td_error_nomem(r->rd.err);
    for (size_t i = 0; rc == TD_OK && i < points->count; i++)
        rc = td_rd_number(&r->rd, points->items[i], where, "points", TD_RD_NONNEG | TD_RD_PERCENT, &items[i]);
    if (rc != TD_OK) {
        td_dealloc(r->alloc, items);
        return rc;
    }
    out->rank_points = items;
    out->rank_point_count = points->count;
    *list = points;
    return TD_OK;
}

/* Notes for the rule's keys written with their default value. */
static td_status rule_defaults(td_rbread *r, const td_yn *rule, const char *where, const td_rule *out)
{
    char rwhere[WHERE + 8];
    snprintf(rwhere, sizeof rwhere, "%s", where);
    td_decimal one = td_decimal_from_int(1);
    td_status rc = TD_OK;
    switch (out->kind) {
    case TD_RULE_PROPORTIONAL:
        if (td_decimal_cmp(out->cap, one) == 0)
            rc = td_rb_default(r, td_rd_get(rule, "cap"), rwhere, "cap");
        break;
    case TD_RULE_THRESHOLD:
        if (td_decimal_cmp(out->at, one) == 0)
            rc = td_rb_default(r, td_rd_get(rule, "at"), rwhere, "at");
        break;
    case TD_RULE_SHORTFALL:
        if (out->step == TD_SHORTFALL_STEP_LINEAR)
            rc = td_rb_default(r, td_rd_get(rule, "step"), rwhere, "step");
        if (rc == TD_OK && td_decimal_sign(out->min) == 0)
            rc = td_rb_default(r, td_rd_get(rule, "min"), rwhere, "min");
        break;
    case TD_RULE_BANDS:
        if (out->bands_of == TD_BANDS_OF_ATTAINMENT)
            rc = td_rb_default(r, td_rd_get(rule, "of"), rwhere, "of");
        break;
    case TD_RULE_BEST:
        if (out->best_of == TD_BEST_OF_ATTAINMENT)
            rc = td_rb_default(r, td_rd_get(rule, "of"), rwhere, "of");
        break;
    default:
        break;
    }
    return rc;
}

static td_status read_shortfall(td_rbread *r, const td_yn *rule, const char *where, td_rule *out,
                                const td_yn **at)
{
    static const char *const steps[] = {"linear", "ceil", "floor", NULL};
    static const td_shortfall_step step_of[] = {TD_SHORTFALL_STEP_LINEAR, TD_SHORTFALL_STEP_CEIL, TD_SHORTFALL_STEP_FLOOR};
    int step = 0;
    const td_yn *min_node, *sv = td_rd_get(rule, "step");
    td_status rc;
    if ((rc = need_number(r, rule, "deduct", where, TD_RD_NONNEG | TD_RD_PERCENT, &out->deduct, NULL)) ||
        (rc = need_number(r, rule, "per", where, TD_RD_POSITIVE | TD_RD_NO_PERCENT_HINT, &out->per, NULL)) ||
        (rc = opt_number(r, rule, "min", where, TD_RD_NONNEG | TD_RD_PERCENT, &out->min, &min_node)))
        return rc;
    if (!td_rd_is_null(sv) && (rc = td_rd_enum(&r->rd, sv, where, "step", steps, &step)) != TD_OK)
        return rc;
    out->step = step_of[step];
    *at = min_node; /* the builder refuses only a min above the max */
    return TD_OK;
}

/* Reads a criterion's rule into one td_rule and sets it; an error the
 * builder finds is placed at the part of the rule it is about. */
static td_status read_rule(td_rbread *r, const char *id, td_decimal max, const td_yn *rule,
                           const char *criterion)
{
    char where[WHERE];
    char q[TD_RD_QUOTE_SIZE];
    td_rd_quote(q, sizeof q, id);
    snprintf(where, sizeof where, "criterion %s rule", q);
    td_status rc = td_rd_map(&r->rd, rule, criterion, "rule");
    const td_yn *kv;
    int kind = 0;
    if (rc == TD_OK)
        rc = td_rd_need(&r->rd, rule, "kind", where, &kv);
    if (rc == TD_OK)
        rc = td_rd_enum(&r->rd, kv, where, "kind", rule_kinds, &kind);
    if (rc != TD_OK)
        return rc;
    static const char *const keys[][6] = {
        {"kind", "cap", NULL},
        {"kind", "at", NULL},
        {"kind", "deduct", "per", "step", "min", NULL},
        {"kind", "bands", "of", NULL},
        {"kind", "of", NULL},
        {"kind", "points", NULL},
        {"kind", NULL},
        {"kind", "expr", NULL},
    };
    static const td_rule_kind kinds[] = {TD_RULE_PROPORTIONAL, TD_RULE_THRESHOLD, TD_RULE_SHORTFALL,
                                         TD_RULE_BANDS,        TD_RULE_BEST,      TD_RULE_RANK,
                                         TD_RULE_MANUAL,       TD_RULE_EXPR};
    char kwhere[WHERE + 32];
    snprintf(kwhere, sizeof kwhere, "%s (kind %s)", where, rule_kinds[kind]);
    if ((rc = td_rd_keys(&r->rd, rule, kwhere, keys[kind])) != TD_OK)
        return rc;
    td_rule out = TD_RULE_INIT;
    out.kind = kinds[kind];
    const td_yn *at = rule, *list = NULL, *node = rule;
    int of = 0;
    switch (out.kind) {
    case TD_RULE_PROPORTIONAL:
        rc = opt_number(r, rule, "cap", where, TD_RD_POSITIVE | TD_RD_PERCENT, &out.cap, &at);
        break;
    case TD_RULE_THRESHOLD:
        rc = opt_number(r, rule, "at", where, TD_RD_NONNEG | TD_RD_PERCENT, &out.at, &at);
        break;
    case TD_RULE_SHORTFALL:
        rc = read_shortfall(r, rule, where, &out, &at);
        break;
    case TD_RULE_BANDS:
        rc = read_bands(r, rule, where, &out, &list);
        break;
    case TD_RULE_BEST:
        node = td_rd_get(rule, "of");
        if (!td_rd_is_null(node))
            rc = td_rd_enum(&r->rd, node, where, "of", value_ofs, &of);
        out.best_of = of == 1 ? TD_BEST_OF_ACTUAL : TD_BEST_OF_ATTAINMENT;
        break;
    case TD_RULE_RANK:
        rc = read_rank_points(r, rule, where, &out, &list);
        break;
    case TD_RULE_EXPR:
        if ((rc = td_rd_need(&r->rd, rule, "expr", where, &node)) == TD_OK)
            rc = td_rb_expr(r, node, where, "expr", "criterion '%s' expr", id, &out.expr);
        at = node;
        break;
    default:
        break;
    }
    if (rc == TD_OK) {
        rc = td_rulebook_builder_set_rule(r->b, id, &out, r->rd.err);
        if (rc == TD_ERULEBOOK && list != NULL)
            at = refused_entry(&out, max, list, out.kind == TD_RULE_BANDS);
        rc = td_rb_at(r, at, rc);
    }
    if (rc == TD_OK)
        rc = rule_defaults(r, rule, where, &out);
    /* where the values a warning may be about stand */
    if (rc == TD_OK && out.kind == TD_RULE_THRESHOLD)
        rc = td_rb_place(r, TD_PLACE_RULE_AT, id, 0, td_rd_get(rule, "at"));
    const td_yn *bands = out.kind == TD_RULE_BANDS ? list : NULL; /* the list read_bands() read */
    for (size_t k = 0; rc == TD_OK && bands != NULL && k < bands->count; k++)
        rc = td_rb_place(r, TD_PLACE_BAND_AT, id, k, td_rd_get(bands->items[k], "at"));
    td_dealloc(r->alloc, (void *)out.bands);
    td_dealloc(r->alloc, (void *)out.rank_points);
    if (rc == TD_OK && out.kind == TD_RULE_EXPR)
        rc = td_rb_origin(r, at, at->len, TD_EXPR_OWNER_RULE, id);
    return rc;
}

static td_status read_bonus(td_rbread *r, const char *id, const td_yn *bonus, const char *criterion)
{
    char where[WHERE];
    char q[TD_RD_QUOTE_SIZE];
    td_rd_quote(q, sizeof q, id);
    snprintf(where, sizeof where, "criterion %s bonus", q);
    static const char *const keys[] = {"per", "points", "max", NULL};
    td_decimal per, points, max;
    const td_yn *max_node = td_rd_get(bonus, "max");
    td_status rc;
    if ((rc = td_rd_map(&r->rd, bonus, criterion, "bonus")) || (rc = td_rd_keys(&r->rd, bonus, where,
                                                                                keys)) ||
        (rc = need_number(r, bonus, "per", where, TD_RD_POSITIVE | TD_RD_NO_PERCENT_HINT, &per, NULL)) ||
        (rc = need_number(r, bonus, "points", where, TD_RD_NONNEG | TD_RD_PERCENT, &points, NULL)))
        return rc;
    bool has_max = !td_rd_is_null(max_node);
    if (has_max && (rc = td_rd_number(&r->rd, max_node, where, "max", TD_RD_NONNEG | TD_RD_PERCENT,
                                      &max)) != TD_OK)
        return rc;
    return td_rb_at(r, bonus,
                    td_rulebook_builder_set_bonus(r->b, id, per, points, has_max ? &max : NULL, r->rd.err));
}

static td_status read_criteria(td_rbread *r, const char *parent, bool in_group, const td_yn *list);

/* A group node (1.1): `criteria:` instead of a rule. */
static td_status read_node(td_rbread *r, const char *parent, const td_yn *c, const td_yn *idn, const char *id)
{
    static const char *const keys[] = {"id", "name", "max", "criteria", NULL};
    char where[WHERE];
    char q[TD_RD_QUOTE_SIZE];
    td_rd_quote(q, sizeof q, id);
    snprintf(where, sizeof where, "group %s", q);
    const td_yn *v, *criteria;
    const char *name = NULL;
    td_decimal max;
    td_status rc;
    if ((rc = td_rd_keys(&r->rd, c, where, keys)) ||
        (rc = need_number(r, c, "max", where, TD_RD_NONNEG | TD_RD_PERCENT, &max, NULL)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(c, "name")) &&
        (rc = td_rd_name(&r->rd, v, where, "name", false, &name)) != TD_OK)
        return rc;
    if ((rc = td_rb_count(r, idn, true)) ||
        (rc = td_rb_at(r, idn, td_rulebook_builder_add_node(r->b, parent, id, name, max, r->rd.err))) ||
        (rc = td_rb_site(r, idn, "group '%s'", id)) || /* errors at build: no criterion, an id taken */
        (rc = need_list(r, c, "criteria", where, &criteria)))
        return rc;
    return read_criteria(r, id, true, criteria);
}

static td_status read_criterion(td_rbread *r, const char *section, bool in_group, const td_yn *c, size_t index)
{
    static const char *const keys[] = {"id", "name", "measure", "direction", "max", "rule", "bonus", NULL};
    static const char *const directions[] = {"higher", "lower", NULL};
    char where[WHERE];
    char q[TD_RD_QUOTE_SIZE];
    td_rd_quote(q, sizeof q, section);
    snprintf(where, sizeof where, "%s %s criterion %zu", in_group ? "group" : "section", q, index + 1);
    const td_yn *idn, *v, *rule;
    const char *id, *text = NULL;
    td_decimal max;
    td_status rc;
    if ((rc = td_rd_map(&r->rd, c, where, NULL)) || (rc = td_rd_need(&r->rd, c, "id", where, &idn)) ||
        (rc = td_rd_id(&r->rd, idn, where, "id", false, &id)))
        return rc;
    if (td_rd_get(c, "criteria") != NULL) {
        if ((v = td_rd_get(c, "rule")) != NULL)
            return td_rd_fail(&r->rd, v, TD_ERULEBOOK,
                              "group '%s' has 'criteria', so it has no 'rule': its points are the sum of its "
                              "criteria's, capped at its max",
                              id);
        return read_node(r, section, c, idn, id);
    }
    td_rd_quote(q, sizeof q, id);
    snprintf(where, sizeof where, "criterion %s", q);
    if ((rc = td_rd_keys(&r->rd, c, where, keys)) ||
        (rc = need_number(r, c, "max", where, TD_RD_NONNEG | TD_RD_PERCENT, &max, NULL)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(c, "name")) &&
        (rc = td_rd_name(&r->rd, v, where, "name", false, &text)) != TD_OK)
        return rc;
    if ((rc = td_rb_count(r, idn, true)) ||
        (rc = td_rb_at(r, idn, td_rulebook_builder_add_criterion(r->b, section, id, text, max, r->rd.err))))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(c, "measure"))) {
        if ((rc = td_rd_id(&r->rd, v, where, "measure", false, &text)) ||
            (rc = td_rb_at(r, v, td_rulebook_builder_set_measure(r->b, id, text, r->rd.err))) ||
            (strcmp(text, id) == 0 && (rc = td_rb_default(r, v, where, "measure"))))
            return rc;
    }
    if (!td_rd_is_null(v = td_rd_get(c, "direction"))) {
        int dir;
        if ((rc = td_rd_enum(&r->rd, v, where, "direction", directions, &dir)) ||
            (rc = td_rb_at(r, v, td_rulebook_builder_set_direction(
                                     r->b, id, dir == 1 ? TD_DIRECTION_LOWER : TD_DIRECTION_HIGHER,
                                     r->rd.err))) ||
            (dir == 0 && (rc = td_rb_default(r, v, where, "direction"))))
            return rc;
    }
    if ((rc = td_rd_need(&r->rd, c, "rule", where, &rule)) || (rc = read_rule(r, id, max, rule, where)))
        return rc;
    if (!td_rd_is_null(v = td_rd_get(c, "bonus")))
        rc = read_bonus(r, id, v, where);
    return rc;
}

static td_status read_section(td_rbread *r, const td_yn *s, size_t index)
{
    static const char *const keys[] = {"id", "name", "max", "criteria", NULL};
    char where[WHERE];
    snprintf(where, sizeof where, "section %zu", index + 1);
    const td_yn *idn, *v, *criteria;
    const char *id, *name = NULL;
    td_decimal max;
    bool has_max;
    td_status rc;
    if ((rc = td_rd_map(&r->rd, s, where, NULL)) || (rc = td_rd_need(&r->rd, s, "id", where, &idn)) ||
        (rc = td_rd_id(&r->rd, idn, where, "id", false, &id)))
        return rc;
    char q[TD_RD_QUOTE_SIZE];
    td_rd_quote(q, sizeof q, id);
    snprintf(where, sizeof where, "section %s", q);
    if ((rc = td_rd_keys(&r->rd, s, where, keys)) != TD_OK)
        return rc;
    if (!td_rd_is_null(v = td_rd_get(s, "name")) &&
        (rc = td_rd_name(&r->rd, v, where, "name", false, &name)) != TD_OK)
        return rc;
    has_max = !td_rd_is_null(v = td_rd_get(s, "max"));
    if (has_max && (rc = td_rd_number(&r->rd, v, where, "max", TD_RD_NONNEG | TD_RD_PERCENT, &max)))
        return rc;
    if ((rc = td_rb_at(r, idn, td_rulebook_builder_add_section(r->b, id, name, has_max ? &max : NULL,
                                                                r->rd.err))) ||
        (rc = need_list(r, s, "criteria", where, &criteria)))
        return rc;
    return read_criteria(r, id, false, criteria);
}

static td_status read_criteria(td_rbread *r, const char *parent, bool in_group, const td_yn *list)
{
    td_status rc = TD_OK;
    for (size_t i = 0; rc == TD_OK && i < list->count; i++)
        rc = read_criterion(r, parent, in_group, list->items[i], i);
    return rc;
}

td_status td_rb_sections(td_rbread *r, const td_yn *sections)
{
    td_status rc = td_rd_seq(&r->rd, sections, "the rulebook", "sections");
    for (size_t i = 0; rc == TD_OK && i < sections->count; i++)
        rc = read_section(r, sections->items[i], i);
    return rc;
}
