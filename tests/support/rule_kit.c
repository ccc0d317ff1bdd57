#include "rule_kit.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"

static td_status set(td_rulebook_builder *b, const char *id, const td_rule *r, td_error *err)
{
    return td_rulebook_builder_set_rule(b, id, r, err);
}

td_status tr_rule_proportional(td_rulebook_builder *b, const char *id, td_decimal cap, td_error *err)
{
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_PROPORTIONAL;
    r.cap = cap;
    return set(b, id, &r, err);
}

td_status tr_rule_threshold(td_rulebook_builder *b, const char *id, td_decimal at, td_error *err)
{
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_THRESHOLD;
    r.at = at;
    return set(b, id, &r, err);
}

td_status tr_rule_shortfall(td_rulebook_builder *b, const char *id, td_decimal deduct, td_decimal per,
                            td_shortfall_step step, td_decimal min, td_error *err)
{
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_SHORTFALL;
    r.deduct = deduct;
    r.per = per;
    r.step = step;
    r.min = min;
    return set(b, id, &r, err);
}

td_status tr_rule_bands(td_rulebook_builder *b, const char *id, td_error *err)
{
    return tr_rule_bands_of(b, id, TD_BANDS_OF_ATTAINMENT, err);
}

td_status tr_rule_bands_of(td_rulebook_builder *b, const char *id, td_bands_of of, td_error *err)
{
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_BANDS;
    r.bands_of = of;
    return set(b, id, &r, err);
}

/* The builder's criterion `id` (NULL when none: the builder's own call then
 * gives the error). */
static const td_criterion *criterion_of(const td_rulebook_builder *b, const char *id)
{
    if (b == NULL || id == NULL)
        return NULL;
    for (size_t i = 0; i < b->rules.criterion_count; i++)
        if (strcmp(b->rules.criteria[i].id, id) == 0)
            return &b->rules.criteria[i];
    return NULL;
}

td_status tr_add_band(td_rulebook_builder *b, const char *id, td_decimal at, td_decimal points, td_error *err)
{
    const td_criterion *c = criterion_of(b, id);
    if (c != NULL && c->rule != TD_RULE_BANDS)
        return td_error_set(err, TD_ERULEBOOK, "criterion '%s' does not use the bands rule", id);
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_BANDS;
    size_t n = c != NULL ? c->band_count : 0;
    td_band *bands = malloc((n + 1) * sizeof *bands);
    if (bands == NULL)
        return td_error_set(err, TD_ENOMEM, "out of memory");
    if (n > 0)
        memcpy(bands, c->bands, n * sizeof *bands);
    bands[n] = (td_band){at, points};
    r.bands_of = c != NULL ? c->bands_of : TD_BANDS_OF_ATTAINMENT;
    r.bands = bands;
    r.band_count = n + 1;
    td_status rc = set(b, id, &r, err);
    free(bands);
    return rc;
}

td_status tr_rule_best(td_rulebook_builder *b, const char *id, td_best_of of, td_error *err)
{
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_BEST;
    r.best_of = of;
    return set(b, id, &r, err);
}

td_status tr_rule_rank(td_rulebook_builder *b, const char *id, td_error *err)
{
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_RANK;
    return set(b, id, &r, err);
}

td_status tr_add_rank_points(td_rulebook_builder *b, const char *id, td_decimal points, td_error *err)
{
    const td_criterion *c = criterion_of(b, id);
    if (c != NULL && c->rule != TD_RULE_RANK)
        return td_error_set(err, TD_ERULEBOOK, "criterion '%s' does not use the rank rule", id);
    size_t n = c != NULL ? c->rank_count : 0;
    td_decimal *list = malloc((n + 1) * sizeof *list);
    if (list == NULL)
        return td_error_set(err, TD_ENOMEM, "out of memory");
    if (n > 0)
        memcpy(list, c->rank_points, n * sizeof *list);
    list[n] = points;
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_RANK;
    r.rank_points = list;
    r.rank_point_count = n + 1;
    td_status rc = set(b, id, &r, err);
    free(list);
    return rc;
}

td_status tr_rule_manual(td_rulebook_builder *b, const char *id, td_error *err)
{
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_MANUAL;
    return set(b, id, &r, err);
}

td_status tr_rule_expr(td_rulebook_builder *b, const char *id, const char *expr, td_error *err)
{
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_EXPR;
    r.expr = expr;
    return set(b, id, &r, err);
}
