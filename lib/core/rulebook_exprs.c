/*
 * Builder functions that take expressions: derived measures, expr rules,
 * classification conditions, ranking keys and awards. The text is kept as
 * given; td_rulebook_builder_build() compiles it.
 */
#include <string.h>

#include "model.h"

static const td_allocator *alloc_of(const td_rulebook_builder *b)
{
    return &b->arena.alloc;
}

/* Copies expression text into the builder's arena. */
static td_status keep_text(td_rulebook_builder *b, const char *text, const char *what,
                           const char **out, td_error *err)
{
    if (text == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", what);
    td_status rc = td_check_text(text, what, err);
    if (rc != TD_OK)
        return rc;
    const char *copy = td_arena_strdup(&b->arena, text);
    if (copy == NULL)
        return td_error_nomem(err); /* *out keeps what it had */
    *out = copy;
    return TD_OK;
}

td_status td_rulebook_builder_set_expression_limits(td_rulebook_builder *b, size_t max_bytes,
                                                   size_t max_depth, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc != TD_OK)
        return rc;
    if (max_bytes > TD_EXPR_MAX_BYTES_LIMIT)
        return td_error_set(err, TD_EINVAL, "max_bytes %zu is above the largest allowed, %zu", max_bytes,
                            (size_t)TD_EXPR_MAX_BYTES_LIMIT);
    if (max_depth > TD_EXPR_MAX_DEPTH_LIMIT)
        return td_error_set(err, TD_EINVAL, "max_depth %zu is above the largest allowed, %d", max_depth,
                            TD_EXPR_MAX_DEPTH_LIMIT);
    b->rules.expr_max_bytes = max_bytes;
    b->rules.expr_max_depth = max_depth;
    return TD_OK;
}

/* Adds derived measure `id` with these formulas (NULL: that side from the
 * data); `both` when one formula gives both sides (version 1). */
static td_status add_measure(td_rulebook_builder *b, const char *id, const char *target, const char *actual,
                             bool both, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "measure id", err);
    if (rc != TD_OK)
        return rc;
    if (td_builder_find(b, TD_BID_MEASURE, id, NULL))
        return td_error_set(err, TD_EEXISTS, "measure '%s' is defined twice", id);
    if (!both && target == NULL && actual == NULL)
        return td_error_set(err, TD_EINVAL, "measure '%s': give a target formula, an actual formula or both", id);
    td_measure m = {0};
    if ((target != NULL || both) &&
        (rc = keep_text(b, target, both ? "the formula" : "the target formula", &m.side_formula[TD_SIDE_TARGET], err)) !=
            TD_OK)
        return rc;
    if (both)
        m.formula = m.side_formula[TD_SIDE_ACTUAL] = m.side_formula[TD_SIDE_TARGET];
    else if (actual != NULL &&
             (rc = keep_text(b, actual, "the actual formula", &m.side_formula[TD_SIDE_ACTUAL], err)) != TD_OK)
        return rc;
    void *items = b->rules.measures;
    rc = td_reserve(alloc_of(b), &items, &b->rules.measure_cap, b->rules.measure_count + 1,
                    sizeof(td_measure), err);
    if (rc != TD_OK)
        return rc;
    b->rules.measures = items;
    m.id = td_arena_strdup(&b->arena, id);
    if (m.id == NULL)
        return td_error_nomem(err);
    if ((rc = td_builder_remember(b, TD_BID_MEASURE, m.id, b->rules.measure_count, err)) != TD_OK)
        return rc;
    b->rules.measures[b->rules.measure_count++] = m;
    return TD_OK;
}

td_status td_rulebook_builder_add_measure(td_rulebook_builder *b, const char *id, const char *formula,
                                          td_error *err)
{
    return add_measure(b, id, formula, formula, true, err);
}

td_status td_rulebook_builder_add_measure_sides(td_rulebook_builder *b, const char *id, const char *target_formula,
                                                const char *actual_formula, td_error *err)
{
    return add_measure(b, id, target_formula, actual_formula, false, err);
}

td_status td_rulebook_builder_add_title(td_rulebook_builder *b, const char *id, const char *name, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "title id", err);
    if (rc == TD_OK && name != NULL)
        rc = td_check_name(name, "title name", err);
    if (rc != TD_OK)
        return rc;
    if (td_builder_find(b, TD_BID_TITLE, id, NULL))
        return td_error_set(err, TD_EEXISTS, "title '%s' is declared twice", id);
    void *items = b->rules.titles;
    rc = td_reserve(alloc_of(b), &items, &b->rules.title_cap, b->rules.title_count + 1, sizeof(td_title), err);
    if (rc != TD_OK)
        return rc;
    b->rules.titles = items;
    td_title t = {td_arena_strdup(&b->arena, id), td_arena_strdup(&b->arena, name != NULL ? name : "")};
    if (t.id == NULL || t.name == NULL)
        return td_error_nomem(err);
    if ((rc = td_builder_remember(b, TD_BID_TITLE, t.id, b->rules.title_count, err)) != TD_OK)
        return rc;
    b->rules.titles[b->rules.title_count++] = t;
    return TD_OK;
}

td_status td_rulebook_builder_add_input(td_rulebook_builder *b, const char *id, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "input id", err);
    if (rc != TD_OK)
        return rc;
    if (td_expr_reserved(id))
        return td_error_set(err, TD_EINVAL, "input id '%s' is a name of the expression language; choose another",
                            id);
    if (td_builder_find(b, TD_BID_INPUT, id, NULL))
        return td_error_set(err, TD_EEXISTS, "input '%s' is declared twice", id);
    void *items = (void *)b->rules.inputs;
    rc = td_reserve(alloc_of(b), &items, &b->rules.input_cap, b->rules.input_count + 1, sizeof(char *), err);
    if (rc != TD_OK)
        return rc;
    b->rules.inputs = items;
    const char *copy = td_arena_strdup(&b->arena, id);
    if (copy == NULL)
        return td_error_nomem(err);
    if ((rc = td_builder_remember(b, TD_BID_INPUT, copy, b->rules.input_count, err)) != TD_OK)
        return rc;
    b->rules.inputs[b->rules.input_count++] = copy;
    return TD_OK;
}

td_status td_rulebook_builder_add_parameter(td_rulebook_builder *b, const char *id, td_decimal value,
                                            td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "parameter id", err);
    if (rc != TD_OK)
        return rc;
    if (!td_expr_identifier(id, strlen(id)))
        return td_error_set(err, TD_EINVAL,
                            "parameter id '%s' is not a name expressions can read (a letter or '_', then "
                            "letters, digits or '_')",
                            id);
    if (td_expr_reserved(id))
        return td_error_set(err, TD_EINVAL,
                            "parameter id '%s' is a name of the expression language; choose another", id);
    if (td_builder_find(b, TD_BID_PARAM, id, NULL))
        return td_error_set(err, TD_EEXISTS, "parameter '%s' is declared twice", id);
    void *items = b->rules.params;
    rc = td_reserve(alloc_of(b), &items, &b->rules.param_cap, b->rules.param_count + 1, sizeof(td_param), err);
    if (rc != TD_OK)
        return rc;
    b->rules.params = items;
    td_param p = {td_arena_strdup(&b->arena, id), value, NULL, 0, 0};
    if (p.id == NULL)
        return td_error_nomem(err);
    if ((rc = td_builder_remember(b, TD_BID_PARAM, p.id, b->rules.param_count, err)) != TD_OK)
        return rc;
    b->rules.params[b->rules.param_count++] = p;
    return TD_OK;
}

td_status td_rulebook_builder_set_classification_when(td_rulebook_builder *b,
                                                      const char *classification_id, const char *when,
                                                      td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(classification_id, "classification id", err);
    if (rc != TD_OK)
        return rc;
    size_t i;
    if (!td_builder_find(b, TD_BID_CLASS, classification_id, &i))
        return td_error_set(err, TD_ENOTFOUND, "unknown classification '%s'", classification_id);
    rc = keep_text(b, when, "the condition", &b->rules.classes[i].when_text, err);
    if (rc == TD_OK)
        b->rules.classes[i].when_origin = NULL;
    return rc;
}

td_status td_rulebook_builder_add_ranking_key(td_rulebook_builder *b, const char *expr,
                                              bool descending, td_error *err)
{
    td_rank_key key = {0};
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = keep_text(b, expr, "the ranking key", &key.text, err);
    if (rc != TD_OK)
        return rc;
    key.descending = descending;
    void *items = b->rules.rank_keys;
    rc = td_reserve(alloc_of(b), &items, &b->rules.rank_key_cap, b->rules.rank_key_count + 1,
                    sizeof(td_rank_key), err);
    if (rc != TD_OK)
        return rc;
    b->rules.rank_keys = items;
    b->rules.rank_keys[b->rules.rank_key_count++] = key;
    return TD_OK;
}

td_status td_rulebook_builder_add_award(td_rulebook_builder *b, const char *id, const char *name,
                                        const char *when, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "award id", err);
    if (rc == TD_OK)
        rc = td_check_name(name, "award name", err);
    if (rc != TD_OK)
        return rc;
    if (td_builder_find(b, TD_BID_AWARD, id, NULL))
        return td_error_set(err, TD_EEXISTS, "award '%s' is defined twice", id);
    if (td_builder_find(b, TD_BID_CLASS, id, NULL))
        return td_error_set(err, TD_EEXISTS,
                                "award '%s' has the id of a classification entry; award and "
                                "classification ids must differ so that history() is unambiguous",
                                id);
    td_award_def a;
    memset(&a, 0, sizeof a);
    if (when != NULL && (rc = keep_text(b, when, "the condition", &a.when_text, err)) != TD_OK)
        return rc;
    void *items = b->rules.awards;
    rc = td_reserve(alloc_of(b), &items, &b->rules.award_cap, b->rules.award_count + 1,
                    sizeof(td_award_def), err);
    if (rc != TD_OK)
        return rc;
    b->rules.awards = items;
    a.id = td_arena_strdup(&b->arena, id);
    a.name = td_arena_strdup(&b->arena, name);
    if (a.id == NULL || a.name == NULL)
        return td_error_nomem(err);
    a.rounding = TD_ROUNDING_FLOOR;
    if ((rc = td_builder_remember(b, TD_BID_AWARD, a.id, b->rules.award_count, err)) != TD_OK)
        return rc;
    b->rules.awards[b->rules.award_count++] = a;
    return TD_OK;
}

static td_status award_for(td_rulebook_builder *b, const char *id, td_award_def **out, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "award id", err);
    if (rc != TD_OK)
        return rc;
    size_t i;
    if (td_builder_find(b, TD_BID_AWARD, id, &i)) {
        *out = &b->rules.awards[i];
        return TD_OK;
    }
    char q[64];
    td_quote(q, sizeof q, id);
    return td_error_set(err, TD_ENOTFOUND, "unknown award %s", q);
}

td_status td_rulebook_builder_set_award_quota_count(td_rulebook_builder *b, const char *award_id,
                                                    int64_t count, td_error *err)
{
    td_award_def *a = NULL;
    td_status rc = award_for(b, award_id, &a, err);
    if (rc != TD_OK)
        return rc;
    if (count < 0)
        return td_error_set(err, TD_ERANGE, "quota count of award '%s' must be >= 0, got %lld", award_id,
                            (long long)count);
    if (a->quota_kind == 2)
        return td_error_set(err, TD_ERULEBOOK, "award '%s' has a percent quota already: give a count or "
                            "a percent, not both", award_id);
    a->quota_kind = 1;
    a->count = count;
    return TD_OK;
}

td_status td_rulebook_builder_set_award_quota_percent(td_rulebook_builder *b, const char *award_id,
                                                      td_decimal percent, td_rounding rounding,
                                                      int64_t min, td_error *err)
{
    td_award_def *a = NULL;
    td_status rc = award_for(b, award_id, &a, err);
    if (rc != TD_OK)
        return rc;
    if (rounding != TD_ROUNDING_FLOOR && rounding != TD_ROUNDING_CEIL && rounding != TD_ROUNDING_HALF_UP)
        return td_error_set(err, TD_EINVAL, "quota rounding of award '%s' must be floor, ceil or half_up",
                            award_id);
    if (td_decimal_sign(percent) < 0 || td_decimal_cmp(percent, td_decimal_from_int(100)) > 0) {
        char text[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(text, sizeof text, percent);
        return td_error_set(err, TD_ERANGE, "quota percent of award '%s' must be 0..100, got %s", award_id,
                            text);
    }
    if (min < 0)
        return td_error_set(err, TD_ERANGE, "quota min of award '%s' must be >= 0, got %lld", award_id,
                            (long long)min);
    if (a->quota_kind == 1)
        return td_error_set(err, TD_ERULEBOOK, "award '%s' has a count quota already: give a count or "
                            "a percent, not both", award_id);
    a->quota_kind = 2;
    a->percent = percent;
    a->rounding = rounding;
    a->min = min;
    return TD_OK;
}

td_status td_rulebook_builder_set_award_quota_of(td_rulebook_builder *b, const char *award_id, const char *of,
                                                 td_error *err)
{
    td_award_def *a = NULL;
    td_status rc = award_for(b, award_id, &a, err);
    if (rc == TD_OK)
        rc = td_check_id(of, "the quota's 'of'", err);
    if (rc != TD_OK)
        return rc;
    const char *copy = td_arena_strdup(&b->arena, of);
    if (copy == NULL)
        return td_error_nomem(err);
    a->quota_of = copy;
    return TD_OK;
}

td_status td_rulebook_builder_add_award_exclusion(td_rulebook_builder *b, const char *award_id,
                                                  const char *other_id, td_error *err)
{
    td_award_def *a = NULL;
    td_status rc = award_for(b, award_id, &a, err);
    if (rc == TD_OK)
        rc = td_check_id(other_id, "award id", err);
    if (rc != TD_OK)
        return rc;
    if (strcmp(award_id, other_id) == 0)
        return td_error_set(err, TD_EINVAL, "award '%s' cannot exclude itself", award_id);
    /* the pair as one key, "award\x1fother" (ids hold no control characters) */
    size_t la = strlen(award_id), lo = strlen(other_id);
    char *pair = td_arena_alloc(&b->arena, la + lo + 2);
    if (pair == NULL)
        return td_error_nomem(err);
    memcpy(pair, award_id, la);
    pair[la] = '\x1f';
    memcpy(pair + la + 1, other_id, lo + 1);
    if (td_builder_find(b, TD_BID_EXCLUSION, pair, NULL))
        return td_error_set(err, TD_EEXISTS, "award '%s' excludes '%s' twice", award_id, other_id);
    void *items = (void *)a->excludes;
    rc = td_reserve(alloc_of(b), &items, &a->exclude_cap, a->exclude_count + 1, sizeof(char *), err);
    if (rc != TD_OK)
        return rc;
    a->excludes = items;
    const char *copy = pair + la + 1; /* the other id, inside the pair */
    if ((rc = td_builder_remember(b, TD_BID_EXCLUSION, pair, 0, err)) != TD_OK)
        return rc;
    a->excludes[a->exclude_count++] = copy;
    return TD_OK;
}

td_status td_rulebook_builder_set_award_order(td_rulebook_builder *b, const char *award_id,
                                              const char *order, td_error *err)
{
    td_award_def *a = NULL;
    td_status rc = award_for(b, award_id, &a, err);
    if (rc != TD_OK)
        return rc;
    rc = keep_text(b, order, "the order", &a->order_text, err);
    if (rc == TD_OK)
        a->order_origin = NULL;
    return rc;
}

td_status td_rulebook_builder_set_award_ballot(td_rulebook_builder *b, const char *award_id, td_decimal min,
                                              td_ballot_of of, td_error *err)
{
    td_award_def *a = NULL;
    td_status rc = award_for(b, award_id, &a, err);
    if (rc != TD_OK)
        return rc;
    if (of != TD_BALLOT_OF_COUNCIL && of != TD_BALLOT_OF_CAST)
        return td_error_set(err, TD_EINVAL, "unknown ballot base %d", (int)of);
    if (td_decimal_sign(min) < 0 || td_decimal_cmp(min, td_decimal_from_int(1)) > 0) {
        char text[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(text, sizeof text, min);
        return td_error_set(err, TD_ERANGE,
                            "the ballot minimum of award '%s' is a ratio from 0 to 1 (90%% or 0.9), got %s", award_id,
                            text);
    }
    a->has_ballot = true;
    a->ballot_min = min;
    a->ballot_of = of;
    return TD_OK;
}

td_status td_rulebook_builder_set_award_quota_per_group(td_rulebook_builder *b, const char *award_id, td_error *err)
{
    td_award_def *a = NULL;
    td_status rc = award_for(b, award_id, &a, err);
    if (rc == TD_OK)
        a->per_group = true;
    return rc;
}

td_status td_rulebook_builder_set_award_order_votes(td_rulebook_builder *b, const char *award_id, td_error *err)
{
    td_award_def *a = NULL;
    td_status rc = award_for(b, award_id, &a, err);
    if (rc == TD_OK)
        a->order_votes = true;
    return rc;
}

/* ---- origins ---- */

const td_expr_origin *td_origin_copy(td_arena *arena, const td_expr_origin *src, bool *ok)
{
    if (src == NULL)
        return NULL;
    td_expr_origin *o = td_arena_alloc(arena, sizeof *o);
    td_text_span *spans = NULL;
    const char *file = td_arena_strdup(arena, src->file != NULL ? src->file : "");
    if (src->span_count > 0 && (spans = td_arena_alloc(arena, src->span_count * sizeof *spans)) != NULL)
        memcpy(spans, src->spans, src->span_count * sizeof *spans);
    if (o == NULL || file == NULL || (src->span_count > 0 && spans == NULL)) {
        *ok = false;
        return NULL;
    }
    *o = *src;
    o->file = file;
    o->spans = spans;
    return o;
}

/* Where the origin of an expression goes; *slot2, when not NULL, gets the
 * same origin (a version 1 formula compiled for both sides). */
static td_status owner_slot(td_rulebook_builder *b, td_expr_owner owner, const char *id,
                            const td_expr_origin ***slot, const td_expr_origin ***slot2, td_error *err)
{
    td_rules *r = &b->rules;
    size_t i;
    switch (owner) {
    case TD_EXPR_OWNER_MEASURE:
    case TD_EXPR_OWNER_MEASURE_TARGET:
    case TD_EXPR_OWNER_MEASURE_ACTUAL:
        if (td_builder_find(b, TD_BID_MEASURE, id, &i)) {
            int side = owner == TD_EXPR_OWNER_MEASURE_TARGET ? TD_SIDE_TARGET : TD_SIDE_ACTUAL;
            if (owner != TD_EXPR_OWNER_MEASURE && r->measures[i].side_formula[side] == NULL)
                break; /* no formula on that side */
            *slot = &r->measures[i].origin[side];
            if (owner == TD_EXPR_OWNER_MEASURE) /* version 1: one text for both sides */
                *slot2 = &r->measures[i].origin[TD_SIDE_TARGET];
            return TD_OK;
        }
        break;
    case TD_EXPR_OWNER_RULE:
        if (td_builder_find(b, TD_BID_CRITERION, id, &i) && r->criteria[i].expr_text != NULL) {
            *slot = &r->criteria[i].expr_origin;
            return TD_OK;
        }
        break;
    case TD_EXPR_OWNER_CLASS_WHEN:
        if (td_builder_find(b, TD_BID_CLASS, id, &i) && r->classes[i].when_text != NULL) {
            *slot = &r->classes[i].when_origin;
            return TD_OK;
        }
        break;
    case TD_EXPR_OWNER_RANK_KEY:
        if (r->rank_key_count > 0) {
            *slot = &r->rank_keys[r->rank_key_count - 1].origin;
            return TD_OK;
        }
        break;
    case TD_EXPR_OWNER_AWARD_WHEN:
    case TD_EXPR_OWNER_AWARD_ORDER:
        if (td_builder_find(b, TD_BID_AWARD, id, &i)) {
            td_award_def *a = &r->awards[i];
            if (owner == TD_EXPR_OWNER_AWARD_WHEN && a->when_text != NULL) {
                *slot = &a->when_origin;
                return TD_OK;
            }
            if (owner == TD_EXPR_OWNER_AWARD_ORDER && a->order_text != NULL) {
                *slot = &a->order_origin;
                return TD_OK;
            }
        }
        break;
    }
    return td_error_set(err, TD_ENOTFOUND, "no expression of kind %d named '%s' to give an origin",
                        (int)owner, id != NULL ? id : "");
}

td_status td_rulebook_builder_set_origin(td_rulebook_builder *b, td_expr_owner owner, const char *id,
                                         const td_expr_origin *origin, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc != TD_OK)
        return rc;
    if (origin == NULL)
        return td_error_set(err, TD_EINVAL, "the origin is NULL");
    const td_expr_origin **slot = NULL, **slot2 = NULL;
    if ((rc = owner_slot(b, owner, id, &slot, &slot2, err)) != TD_OK)
        return rc;
    bool ok = true;
    const td_expr_origin *copy = td_origin_copy(&b->arena, origin, &ok);
    if (!ok)
        return td_error_nomem(err);
    *slot = copy;
    if (slot2 != NULL)
        *slot2 = copy;
    return TD_OK;
}
