/*
 * The rulebook builder: definitions are checked as they are added.
 */
#include <stdint.h>
#include <string.h>

#include "model.h"

/* ---- helpers ---- */

static const td_allocator *builder_alloc(const td_rulebook_builder *b)
{
    return &b->arena.alloc;
}

bool td_builder_find(const td_rulebook_builder *b, td_bid kind, const char *id, size_t *index)
{
    size_t unused;
    return id != NULL && td_map_get_str(&b->ids[kind], id, index != NULL ? index : &unused);
}

td_status td_builder_remember(td_rulebook_builder *b, td_bid kind, const char *key, size_t index,
                              td_error *err)
{
    return td_map_put(&b->ids[kind], key, strlen(key), index, err);
}

/* Looks up a criterion for a setter, with the errors every setter shares. */
td_status td_builder_criterion(td_rulebook_builder *b, const char *id, td_criterion **out,
                               td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "criterion id", err);
    if (rc != TD_OK)
        return rc;
    size_t i;
    if (!td_builder_find(b, TD_BID_CRITERION, id, &i)) {
        char q[64];
        td_quote(q, sizeof q, id);
        return td_error_set(err, TD_ENOTFOUND, "unknown criterion %s", q);
    }
    *out = &b->rules.criteria[i];
    return TD_OK;
}

td_status td_check_nonneg(td_decimal v, const char *what, const char *owner, td_error *err)
{
    if (td_decimal_sign(v) < 0) {
        char text[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(text, sizeof text, v);
        return td_error_set(err, TD_ERANGE, "%s of '%s' must be >= 0, got %s", what, owner, text);
    }
    return TD_OK;
}

static td_status check_positive(td_decimal v, const char *what, const char *owner, td_error *err)
{
    if (td_decimal_sign(v) <= 0) {
        char text[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(text, sizeof text, v);
        return td_error_set(err, TD_ERANGE, "%s of '%s' must be > 0, got %s", what, owner, text);
    }
    return TD_OK;
}

static td_status check_at_most_max(td_decimal v, const td_criterion *c, const char *what,
                                   td_error *err)
{
    if (td_decimal_cmp(v, c->max) > 0) {
        char text[TD_DECIMAL_STRING_SIZE], max[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(text, sizeof text, v);
        td_decimal_format(max, sizeof max, c->max);
        return td_error_set(err, TD_ERULEBOOK, "%s %s of criterion '%s' exceeds its max %s", what, text,
                            c->id, max);
    }
    return TD_OK;
}

void td_builder_clear_rule(td_rulebook_builder *b, td_criterion *c)
{
    td_dealloc(builder_alloc(b), c->bands);
    td_dealloc(builder_alloc(b), c->rank_points);
    c->bands = NULL;
    c->band_count = c->band_cap = 0;
    c->rank_points = NULL;
    c->rank_count = c->rank_cap = 0;
    c->bands_of = TD_BANDS_OF_ATTAINMENT;
    c->expr_text = NULL;
    c->expr_origin = NULL;
}

/* ---- builder ---- */

td_status td_rulebook_builder_new(td_rulebook_builder **out, const char *id,
                                  const td_allocator *alloc, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    td_status rc = td_check_id(id, "rulebook id", err);
    if (rc != TD_OK)
        return rc;
    td_allocator a;
    td_allocator_resolve(&a, alloc);
    td_rulebook_builder *b = td_alloc(&a, sizeof *b);
    if (b == NULL)
        return td_error_nomem(err);
    memset(b, 0, sizeof *b);
    td_arena_init(&b->arena, &a);
    for (int k = 0; k < TD_BID_COUNT; k++)
        td_map_init(&b->ids[k], &b->arena.alloc);
    b->rules.precision = 2;
    b->rules.id = td_arena_strdup(&b->arena, id);
    b->rules.name = td_arena_strdup(&b->arena, "");
    if (b->rules.id == NULL || b->rules.name == NULL) {
        td_rulebook_builder_free(b);
        return td_error_nomem(err);
    }
    *out = b;
    return TD_OK;
}

void td_rulebook_builder_free(td_rulebook_builder *b)
{
    if (b == NULL)
        return;
    const td_allocator *a = builder_alloc(b);
    for (size_t i = 0; i < b->rules.criterion_count; i++)
        td_builder_clear_rule(b, &b->rules.criteria[i]);
    td_dealloc(a, b->rules.sections);
    td_dealloc(a, b->rules.criteria);
    td_dealloc(a, b->rules.nodes);
    td_dealloc(a, b->rules.adjustments);
    td_dealloc(a, b->rules.classes);
    td_dealloc(a, b->rules.leader_order);
    td_dealloc(a, b->rules.measures);
    td_dealloc(a, b->rules.rank_keys);
    td_dealloc(a, b->rules.params);
    td_dealloc(a, (void *)b->rules.inputs);
    td_dealloc(a, b->rules.titles);
    td_rollups_free_builder(b);
    for (size_t i = 0; i < b->rules.award_count; i++)
        td_dealloc(a, b->rules.awards[i].excludes);
    td_dealloc(a, b->rules.awards);
    td_dealloc(a, b->places);
    td_dealloc(a, b->notes);
    for (int k = 0; k < TD_BID_COUNT; k++)
        td_map_free(&b->ids[k]);
    td_allocator copy = *a;
    td_arena_free(&b->arena);
    td_dealloc(&copy, b);
}

td_status td_rulebook_builder_set_name(td_rulebook_builder *b, const char *name, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK && name == NULL)
        rc = td_error_set(err, TD_EINVAL, "name is NULL");
    if (rc == TD_OK)
        rc = td_check_name(name, "rulebook name", err);
    if (rc != TD_OK)
        return rc;
    const char *copy = td_arena_strdup(&b->arena, name);
    if (copy == NULL)
        return td_error_nomem(err);
    b->rules.name = copy;
    return TD_OK;
}

td_status td_rulebook_builder_set_precision(td_rulebook_builder *b, int precision, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc != TD_OK)
        return rc;
    if (precision < 0 || precision > TD_MAX_PRECISION)
        return td_error_set(err, TD_ERANGE, "precision must be 0..%d, got %d", TD_MAX_PRECISION,
                            precision);
    b->rules.precision = precision;
    return TD_OK;
}

td_status td_rulebook_builder_add_section(td_rulebook_builder *b, const char *id, const char *name,
                                          const td_decimal *max, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "section id", err);
    if (rc == TD_OK)
        rc = td_check_name(name, "section name", err);
    if (rc == TD_OK && max != NULL)
        rc = td_check_nonneg(*max, "max", id, err);
    if (rc != TD_OK)
        return rc;
    if (td_builder_find(b, TD_BID_SECTION, id, NULL))
        return td_error_set(err, TD_EEXISTS, "section '%s' is defined twice", id);
    if (td_builder_find(b, TD_BID_NODE, id, NULL))
        return td_error_set(err, TD_EEXISTS, "section '%s' takes the id of a group of criteria", id);
    void *items = b->rules.sections;
    rc = td_reserve(builder_alloc(b), &items, &b->rules.section_cap, b->rules.section_count + 1,
                    sizeof(td_section), err);
    if (rc != TD_OK)
        return rc;
    b->rules.sections = items;
    td_section s = {0};
    s.id = td_arena_strdup(&b->arena, id);
    s.name = td_arena_strdup(&b->arena, name);
    if (s.id == NULL || s.name == NULL)
        return td_error_nomem(err);
    if (max != NULL) {
        s.has_max = true;
        s.max = *max;
    }
    if ((rc = td_builder_remember(b, TD_BID_SECTION, s.id, b->rules.section_count, err)) != TD_OK)
        return rc;
    b->rules.sections[b->rules.section_count++] = s;
    return TD_OK;
}

td_status td_rulebook_builder_add_criterion(td_rulebook_builder *b, const char *section_id,
                                            const char *id, const char *name, td_decimal max,
                                            td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(section_id, "section id", err);
    if (rc == TD_OK)
        rc = td_check_id(id, "criterion id", err);
    if (rc == TD_OK)
        rc = td_check_name(name, "criterion name", err);
    if (rc == TD_OK)
        rc = td_check_nonneg(max, "max", id, err);
    if (rc != TD_OK)
        return rc;
    size_t s, parent = TD_NONE;
    if (td_builder_find(b, TD_BID_NODE, section_id, &parent)) {
        s = b->rules.nodes[parent].section;
    } else if (!td_builder_find(b, TD_BID_SECTION, section_id, &s)) {
        char q[64];
        td_quote(q, sizeof q, section_id);
        return td_error_set(err, TD_ENOTFOUND, "criterion '%s' names unknown section or group %s", id, q);
    }
    if (td_builder_find(b, TD_BID_CRITERION, id, NULL))
        return td_error_set(err, TD_EEXISTS, "criterion '%s' is defined twice", id);
    if (td_builder_find(b, TD_BID_NODE, id, NULL))
        return td_error_set(err, TD_EEXISTS, "criterion '%s' takes the id of a group of criteria", id);
    void *items = b->rules.criteria;
    rc = td_reserve(builder_alloc(b), &items, &b->rules.criterion_cap,
                    b->rules.criterion_count + 1, sizeof(td_criterion), err);
    if (rc != TD_OK)
        return rc;
    b->rules.criteria = items;
    td_criterion c;
    memset(&c, 0, sizeof c);
    c.id = td_arena_strdup(&b->arena, id);
    c.name = td_arena_strdup(&b->arena, name);
    if (c.id == NULL || c.name == NULL)
        return td_error_nomem(err);
    c.measure = c.id;
    c.section = s;
    c.parent = parent;
    c.seq = b->rules.next_seq;
    c.max = max;
    c.direction = TD_DIRECTION_HIGHER;
    c.rule = TD_RULE_NONE;
    if ((rc = td_builder_remember(b, TD_BID_CRITERION, c.id, b->rules.criterion_count, err)) != TD_OK)
        return rc;
    b->rules.criteria[b->rules.criterion_count++] = c;
    b->rules.next_seq++;
    return TD_OK;
}

td_status td_rulebook_builder_add_node(td_rulebook_builder *b, const char *parent_id, const char *id,
                                       const char *name, td_decimal max, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(parent_id, "section or group id", err);
    if (rc == TD_OK)
        rc = td_check_id(id, "group id", err);
    if (rc == TD_OK)
        rc = td_check_name(name, "group name", err);
    if (rc == TD_OK)
        rc = td_check_nonneg(max, "max", id, err);
    if (rc != TD_OK)
        return rc;
    td_cnode n = {0};
    n.parent = TD_NONE;
    n.level = 1;
    if (td_builder_find(b, TD_BID_NODE, parent_id, &n.parent)) {
        const td_cnode *up = &b->rules.nodes[n.parent];
        n.section = up->section;
        n.level = up->level + 1;
        if (n.level >= TD_CRITERIA_MAX_LEVELS)
            return td_error_set(err, TD_ERULEBOOK,
                                "group '%s' would stand %u levels below its section: a section holds at "
                                "most %d levels of criteria, so group '%s' may hold criteria but no group",
                                id, n.level, TD_CRITERIA_MAX_LEVELS, parent_id);
    } else if (!td_builder_find(b, TD_BID_SECTION, parent_id, &n.section)) {
        char q[64];
        td_quote(q, sizeof q, parent_id);
        return td_error_set(err, TD_ENOTFOUND, "group '%s' names unknown section or group %s", id, q);
    }
    if (td_builder_find(b, TD_BID_NODE, id, NULL))
        return td_error_set(err, TD_EEXISTS, "group '%s' is defined twice", id);
    if (td_builder_find(b, TD_BID_CRITERION, id, NULL))
        return td_error_set(err, TD_EEXISTS, "group '%s' takes the id of a criterion", id);
    if (td_builder_find(b, TD_BID_SECTION, id, NULL))
        return td_error_set(err, TD_EEXISTS, "group '%s' takes the id of a section", id);
    void *items = b->rules.nodes;
    rc = td_reserve(builder_alloc(b), &items, &b->rules.node_cap, b->rules.node_count + 1, sizeof(td_cnode),
                    err);
    if (rc != TD_OK)
        return rc;
    b->rules.nodes = items;
    n.id = td_arena_strdup(&b->arena, id);
    n.name = td_arena_strdup(&b->arena, name);
    if (n.id == NULL || n.name == NULL)
        return td_error_nomem(err);
    n.max = max;
    n.seq = b->rules.next_seq;
    if ((rc = td_builder_remember(b, TD_BID_NODE, n.id, b->rules.node_count, err)) != TD_OK)
        return rc;
    b->rules.nodes[b->rules.node_count++] = n;
    b->rules.next_seq++;
    return TD_OK;
}

td_status td_rulebook_builder_set_measure(td_rulebook_builder *b, const char *criterion_id,
                                          const char *measure, td_error *err)
{
    td_criterion *c = NULL;
    td_status rc = td_builder_criterion(b, criterion_id, &c, err);
    if (rc == TD_OK)
        rc = td_check_id(measure, "measure id", err);
    if (rc != TD_OK)
        return rc;
    const char *copy = td_arena_strdup(&b->arena, measure);
    if (copy == NULL)
        return td_error_nomem(err);
    c->measure = copy;
    return TD_OK;
}

td_status td_rulebook_builder_set_direction(td_rulebook_builder *b, const char *criterion_id,
                                            td_direction direction, td_error *err)
{
    td_criterion *c = NULL;
    td_status rc = td_builder_criterion(b, criterion_id, &c, err);
    if (rc != TD_OK)
        return rc;
    if (direction != TD_DIRECTION_HIGHER && direction != TD_DIRECTION_LOWER)
        return td_error_set(err, TD_EINVAL, "unknown direction %d for criterion '%s'", (int)direction,
                            criterion_id);
    c->direction = direction;
    return TD_OK;
}

/* Checks one rule's parameters for criterion c, in the order a reader of
 * the rulebook format meets them (so the first error is the one it would
 * place first). */
static td_status check_rule(const td_criterion *c, const td_rule *r, td_error *err)
{
    const char *id = c->id;
    td_status rc = TD_OK;
    switch (r->kind) {
    case TD_RULE_PROPORTIONAL:
        return check_positive(r->cap, "cap", id, err);
    case TD_RULE_THRESHOLD:
        return td_check_nonneg(r->at, "at", id, err);
    case TD_RULE_SHORTFALL:
        rc = td_check_nonneg(r->deduct, "deduct", id, err);
        if (rc == TD_OK)
            rc = check_positive(r->per, "per", id, err);
        if (rc == TD_OK)
            rc = td_check_nonneg(r->min, "min", id, err);
        if (rc == TD_OK)
            rc = check_at_most_max(r->min, c, "shortfall min", err);
        if (rc == TD_OK && r->step != TD_SHORTFALL_STEP_LINEAR && r->step != TD_SHORTFALL_STEP_CEIL && r->step != TD_SHORTFALL_STEP_FLOOR)
            rc = td_error_set(err, TD_EINVAL, "unknown shortfall step %d for criterion '%s'", (int)r->step,
                              id);
        return rc;
    case TD_RULE_BANDS:
        if (r->bands_of != TD_BANDS_OF_ATTAINMENT && r->bands_of != TD_BANDS_OF_ACTUAL)
            return td_error_set(err, TD_EINVAL, "unknown bands 'of' %d for criterion '%s'", (int)r->bands_of,
                                id);
        if (r->band_count > 0 && r->bands == NULL)
            return td_error_set(err, TD_EINVAL, "the bands of criterion '%s' are NULL", id);
        for (size_t k = 0; rc == TD_OK && k < r->band_count; k++) {
            rc = td_check_nonneg(r->bands[k].at, "band at", id, err);
            if (rc == TD_OK)
                rc = td_check_nonneg(r->bands[k].points, "band points", id, err);
            /* the order before the cap: a reader places an order error at `at`, a cap error at `points` */
            if (rc == TD_OK && k > 0 && td_decimal_cmp(r->bands[k].at, r->bands[k - 1].at) >= 0) {
                char now[TD_DECIMAL_STRING_SIZE], prev[TD_DECIMAL_STRING_SIZE];
                td_decimal_format(now, sizeof now, r->bands[k].at);
                td_decimal_format(prev, sizeof prev, r->bands[k - 1].at);
                rc = td_error_set(err, TD_ERULEBOOK,
                                  "bands of criterion '%s' must be in descending 'at': %s follows %s", id, now,
                                  prev);
            }
            if (rc == TD_OK)
                rc = check_at_most_max(r->bands[k].points, c, "band points", err);
        }
        return rc;
    case TD_RULE_BEST:
        if (r->best_of != TD_BEST_OF_ATTAINMENT && r->best_of != TD_BEST_OF_ACTUAL)
            return td_error_set(err, TD_EINVAL, "unknown 'of' %d for criterion '%s'", (int)r->best_of, id);
        return TD_OK;
    case TD_RULE_RANK:
        if (r->rank_point_count > 0 && r->rank_points == NULL)
            return td_error_set(err, TD_EINVAL, "the rank points of criterion '%s' are NULL", id);
        for (size_t k = 0; rc == TD_OK && k < r->rank_point_count; k++) {
            rc = td_check_nonneg(r->rank_points[k], "rank points", id, err);
            if (rc == TD_OK)
                rc = check_at_most_max(r->rank_points[k], c, "rank points", err);
        }
        return rc;
    case TD_RULE_MANUAL:
        return TD_OK;
    case TD_RULE_EXPR:
        if (r->expr == NULL)
            return td_error_set(err, TD_EINVAL, "the expression of criterion '%s' is NULL", id);
        return td_check_text(r->expr, "the expression", err);
    default:
        return td_error_set(err, TD_EINVAL, "unknown rule kind %d for criterion '%s'", (int)r->kind, id);
    }
}

/* A copy of `count` elements of `size` bytes from the builder's allocator
 * (NULL for none); *ok false when out of memory. */
static void *copy_items(td_rulebook_builder *b, const void *items, size_t count, size_t size, bool *ok)
{
    if (count == 0)
        return NULL;
    void *copy = count <= SIZE_MAX / size ? td_alloc(builder_alloc(b), count * size) : NULL;
    if (copy == NULL)
        *ok = false;
    else
        memcpy(copy, items, count * size);
    return copy;
}

td_status td_rulebook_builder_set_rule(td_rulebook_builder *b, const char *criterion_id, const td_rule *rule,
                                       td_error *err)
{
    td_criterion *c = NULL;
    td_status rc = td_builder_criterion(b, criterion_id, &c, err);
    if (rc != TD_OK)
        return rc;
    if (rule == NULL)
        return td_error_set(err, TD_EINVAL, "the rule of criterion '%s' is NULL", criterion_id);
    if (rule->version != TD_RULE_VERSION)
        return td_error_set(err, TD_EINVAL, "unknown td_rule version %u (expected %u)", rule->version,
                            TD_RULE_VERSION);
    if ((rc = check_rule(c, rule, err)) != TD_OK)
        return rc;
    /* everything that can fail before the old rule is dropped */
    bool ok = true;
    const char *expr = rule->kind == TD_RULE_EXPR ? td_arena_strdup(&b->arena, rule->expr) : NULL;
    if (rule->kind == TD_RULE_EXPR && expr == NULL)
        ok = false;
    td_band *bands = rule->kind == TD_RULE_BANDS ? copy_items(b, rule->bands, rule->band_count,
                                                              sizeof(td_band), &ok)
                                                 : NULL;
    td_decimal *points = rule->kind == TD_RULE_RANK
                             ? copy_items(b, rule->rank_points, rule->rank_point_count, sizeof(td_decimal),
                                          &ok)
                             : NULL;
    if (!ok) {
        td_dealloc(builder_alloc(b), bands);
        td_dealloc(builder_alloc(b), points);
        return td_error_nomem(err);
    }
    td_builder_clear_rule(b, c);
    c->rule = rule->kind;
    c->cap = rule->cap;
    c->at = rule->at;
    c->deduct = rule->deduct;
    c->per = rule->per;
    c->step = rule->step;
    c->floor_points = rule->min;
    c->bands_of = rule->bands_of;
    c->best_of = rule->best_of;
    c->bands = bands;
    c->band_count = c->band_cap = bands != NULL ? rule->band_count : 0;
    c->rank_points = points;
    c->rank_count = c->rank_cap = points != NULL ? rule->rank_point_count : 0;
    c->expr_text = expr;
    return TD_OK;
}

td_status td_rulebook_builder_set_bonus(td_rulebook_builder *b, const char *criterion_id,
                                        td_decimal per, td_decimal points, const td_decimal *max,
                                        td_error *err)
{
    td_criterion *c = NULL;
    td_status rc = td_builder_criterion(b, criterion_id, &c, err);
    if (rc == TD_OK)
        rc = check_positive(per, "bonus per", criterion_id, err);
    if (rc == TD_OK)
        rc = td_check_nonneg(points, "bonus points", criterion_id, err);
    if (rc == TD_OK && max != NULL)
        rc = td_check_nonneg(*max, "bonus max", criterion_id, err);
    if (rc != TD_OK)
        return rc;
    c->has_bonus = true;
    c->bonus_per = per;
    c->bonus_points = points;
    c->bonus_has_max = max != NULL;
    c->bonus_max = max != NULL ? *max : td_decimal_zero();
    return TD_OK;
}

td_status td_rulebook_builder_add_adjustment(td_rulebook_builder *b, const char *id,
                                             const char *name, td_adjustment_kind kind,
                                             td_decimal points, const td_decimal *max,
                                             td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "adjustment id", err);
    if (rc == TD_OK)
        rc = td_check_name(name, "adjustment name", err);
    if (rc == TD_OK)
        rc = td_check_nonneg(points, "points", id, err);
    if (rc == TD_OK && max != NULL)
        rc = td_check_nonneg(*max, "max", id, err);
    if (rc != TD_OK)
        return rc;
    if (kind != TD_ADJUSTMENT_BONUS && kind != TD_ADJUSTMENT_DEDUCTION)
        return td_error_set(err, TD_EINVAL, "unknown adjustment kind %d for '%s'", (int)kind, id);
    if (td_builder_find(b, TD_BID_ADJUSTMENT, id, NULL))
        return td_error_set(err, TD_EEXISTS, "adjustment '%s' is defined twice", id);
    void *items = b->rules.adjustments;
    rc = td_reserve(builder_alloc(b), &items, &b->rules.adjustment_cap,
                    b->rules.adjustment_count + 1, sizeof(td_adjustment), err);
    if (rc != TD_OK)
        return rc;
    b->rules.adjustments = items;
    td_adjustment a = {0};
    a.id = td_arena_strdup(&b->arena, id);
    a.name = td_arena_strdup(&b->arena, name);
    if (a.id == NULL || a.name == NULL)
        return td_error_nomem(err);
    a.kind = kind;
    a.points = points;
    a.has_max = max != NULL;
    a.max = max != NULL ? *max : td_decimal_zero();
    if ((rc = td_builder_remember(b, TD_BID_ADJUSTMENT, a.id, b->rules.adjustment_count, err)) != TD_OK)
        return rc;
    b->rules.adjustments[b->rules.adjustment_count++] = a;
    return TD_OK;
}

td_status td_rulebook_builder_set_bonus_max(td_rulebook_builder *b, const td_decimal *max,
                                            td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK && max != NULL)
        rc = td_check_nonneg(*max, "bonus_max", b->rules.id, err);
    if (rc != TD_OK)
        return rc;
    b->rules.has_bonus_max = max != NULL;
    b->rules.bonus_max = max != NULL ? *max : td_decimal_zero();
    return TD_OK;
}

td_status td_rulebook_builder_add_classification(td_rulebook_builder *b, const char *id,
                                                 const char *name, const td_decimal *min,
                                                 td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "classification id", err);
    if (rc == TD_OK)
        rc = td_check_name(name, "classification name", err);
    if (rc != TD_OK)
        return rc;
    if (td_builder_find(b, TD_BID_CLASS, id, NULL))
        return td_error_set(err, TD_EEXISTS, "classification '%s' is defined twice", id);
    if (td_builder_find(b, TD_BID_AWARD, id, NULL))
        return td_error_set(err, TD_EEXISTS,
                                "classification '%s' has the id of an award; award and classification "
                                "ids must differ so that history() is unambiguous",
                                id);
    if (min != NULL && (rc = td_check_nonneg(*min, "min", id, err)) != TD_OK)
        return rc;
    /* Whether an entry without min catches everyone depends on a condition
     * that may be set later: td_rulebook_builder_build() checks the order. */
    void *items = b->rules.classes;
    rc = td_reserve(builder_alloc(b), &items, &b->rules.class_cap, b->rules.class_count + 1,
                    sizeof(td_class_entry), err);
    if (rc != TD_OK)
        return rc;
    b->rules.classes = items;
    td_class_entry e = {0};
    e.id = td_arena_strdup(&b->arena, id);
    e.name = td_arena_strdup(&b->arena, name);
    if (e.id == NULL || e.name == NULL)
        return td_error_nomem(err);
    e.has_min = min != NULL;
    e.min = min != NULL ? *min : td_decimal_zero();
    if ((rc = td_builder_remember(b, TD_BID_CLASS, e.id, b->rules.class_count, err)) != TD_OK)
        return rc;
    b->rules.classes[b->rules.class_count++] = e;
    return TD_OK;
}

td_status td_rulebook_builder_set_leader_rule(td_rulebook_builder *b, td_leader_rule rule,
                                              td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc != TD_OK)
        return rc;
    if (rule < TD_LEADER_RULE_NONE || rule > TD_LEADER_RULE_TOP_RANK)
        return td_error_set(err, TD_EINVAL, "unknown leader rule %d", (int)rule);
    b->rules.leader_rule = rule;
    return TD_OK;
}

td_status td_rulebook_builder_set_deputy_rule(td_rulebook_builder *b, td_deputy_rule rule, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc != TD_OK)
        return rc;
    if (rule < TD_DEPUTY_RULE_NONE || rule > TD_DEPUTY_RULE_SUCCESSION)
        return td_error_set(err, TD_EINVAL, "unknown deputy rule %d", (int)rule);
    b->rules.deputy_rule = rule;
    return TD_OK;
}

td_status td_rulebook_builder_add_leader_order(td_rulebook_builder *b, const char *unit_id,
                                               td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(unit_id, "unit id", err);
    if (rc != TD_OK)
        return rc;
    if (td_builder_find(b, TD_BID_LEADER, unit_id, NULL))
        return td_error_set(err, TD_EEXISTS, "unit '%s' appears twice in the leader order", unit_id);
    void *items = (void *)b->rules.leader_order;
    rc = td_reserve(builder_alloc(b), &items, &b->rules.leader_cap, b->rules.leader_count + 1,
                    sizeof(char *), err);
    if (rc != TD_OK)
        return rc;
    b->rules.leader_order = items;
    const char *copy = td_arena_strdup(&b->arena, unit_id);
    if (copy == NULL)
        return td_error_nomem(err);
    if ((rc = td_builder_remember(b, TD_BID_LEADER, copy, b->rules.leader_count, err)) != TD_OK)
        return rc;
    b->rules.leader_order[b->rules.leader_count++] = copy;
    return TD_OK;
}

