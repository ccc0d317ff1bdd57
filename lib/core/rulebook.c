/*
 * Compiling a builder into an immutable rulebook, and reading it.
 */
#include <string.h>

#include "model.h"

/* ---- build ---- */

static td_status check_rules(const td_rules *r, const td_allocator *a, td_error *err)
{
    /* no section at all is a rulebook that only classifies or awards
     * (rulebook 1.1): base and criterion bonus are 0 */
    /* one pass over the criteria marks the sections that have one */
    bool *used = td_alloc(a, r->section_count * sizeof *used + 1);
    if (used == NULL)
        return td_error_nomem(err);
    memset(used, 0, r->section_count * sizeof *used);
    for (size_t i = 0; i < r->criterion_count; i++)
        used[r->criteria[i].section] = true;
    size_t empty = r->section_count;
    for (size_t s = 0; s < r->section_count && empty == r->section_count; s++)
        if (!used[s])
            empty = s;
    td_dealloc(a, used);
    if (empty < r->section_count)
        return td_error_set(err, TD_ERULEBOOK, "section '%s' has no criterion", r->sections[empty].id);
    for (size_t i = 0; i < r->criterion_count; i++) {
        const td_criterion *c = &r->criteria[i];
        if (c->rule == TD_RULE_NONE)
            return td_error_set(err, TD_ERULEBOOK, "criterion '%s' has no rule", c->id);
        if (c->rule == TD_RULE_BANDS && c->band_count == 0)
            return td_error_set(err, TD_ERULEBOOK, "criterion '%s' has the bands rule but no band",
                                c->id);
        if (c->rule == TD_RULE_RANK && c->rank_count == 0)
            return td_error_set(err, TD_ERULEBOOK,
                                "criterion '%s' has the rank rule but no points list", c->id);
    }
    for (size_t k = 0; k + 1 < r->class_count; k++)
        if (!r->classes[k].has_min && r->classes[k].when_text == NULL)
            return td_error_set(err, TD_ERULEBOOK,
                                "classification '%s' has no min and no condition, so it catches every "
                                "member and '%s' after it can never apply: only the last entry may "
                                "catch everyone",
                                r->classes[k].id, r->classes[k + 1].id);
    if (r->class_count > 0 && r->classes[r->class_count - 1].has_min)
        return td_error_set(err, TD_ERULEBOOK,
                            "the last classification entry ('%s') must have no min, so that every "
                            "member gets a classification",
                            r->classes[r->class_count - 1].id);
    if (r->leader_rule == TD_LEADER_RULE_ROTATION && r->leader_count == 0)
        return td_error_set(err, TD_ERULEBOOK, "the rotation leader rule needs an order of units");
    if (r->deputy_rule == TD_DEPUTY_RULE_ROTATION && r->leader_count == 0)
        return td_error_set(err, TD_ERULEBOOK, "the rotation deputy rule needs an order of units");
    return TD_OK;
}

/* Parameters and inputs may not take the id of a criterion, a measure or
 * each other's (rulebook 1.1): a bare name must mean one thing. Through
 * the builder's indexes. */
static td_status check_names(const td_rulebook_builder *b, td_error *err)
{
    const td_rules *r = &b->rules;
    for (size_t i = 0; i < r->input_count; i++) {
        const char *id = r->inputs[i];
        if (td_builder_find(b, TD_BID_CRITERION, id, NULL))
            return td_error_set(err, TD_ERULEBOOK, "input '%s' has the id of a criterion", id);
        if (td_builder_find(b, TD_BID_MEASURE, id, NULL))
            return td_error_set(err, TD_ERULEBOOK, "input '%s' has the id of a derived measure", id);
        if (td_builder_find(b, TD_BID_PARAM, id, NULL))
            return td_error_set(err, TD_ERULEBOOK, "input '%s' has the id of a parameter", id);
    }
    for (size_t i = 0; i < r->param_count; i++) {
        const char *id = r->params[i].id;
        if (td_builder_find(b, TD_BID_CRITERION, id, NULL))
            return td_error_set(err, TD_ERULEBOOK, "parameter '%s' has the id of a criterion", id);
        if (td_builder_find(b, TD_BID_MEASURE, id, NULL))
            return td_error_set(err, TD_ERULEBOOK, "parameter '%s' has the id of a derived measure", id);
    }
    for (size_t i = 0; i < r->title_count; i++) {
        const char *id = r->titles[i].id;
        if (td_builder_find(b, TD_BID_AWARD, id, NULL))
            return td_error_set(err, TD_ERULEBOOK, "title '%s' has the id of an award", id);
        if (td_builder_find(b, TD_BID_CLASS, id, NULL))
            return td_error_set(err, TD_ERULEBOOK, "title '%s' has the id of a classification entry", id);
    }
    for (size_t c = 0; c < r->criterion_count; c++) {
        size_t p;
        if (td_builder_find(b, TD_BID_PARAM, r->criteria[c].measure, &p))
            return td_error_set(err, TD_ERULEBOOK, "parameter '%s' has the id of criterion '%s''s measure",
                                r->params[p].id, r->criteria[c].id);
        if (td_builder_find(b, TD_BID_INPUT, r->criteria[c].measure, &p))
            return td_error_set(err, TD_ERULEBOOK, "input '%s' has the id of criterion '%s''s measure",
                                r->inputs[p], r->criteria[c].id);
    }
    return TD_OK;
}

/* Copies n elements of `size` bytes into the arena (NULL for n == 0). */
static void *arena_copy(td_arena *arena, const void *src, size_t n, size_t size, bool *ok)
{
    if (n == 0)
        return NULL;
    void *p = td_arena_alloc(arena, n * size);
    if (p == NULL) {
        *ok = false;
        return NULL;
    }
    memcpy(p, src, n * size);
    return p;
}

static const char *arena_str(td_arena *arena, const char *s, bool *ok)
{
    char *p = td_arena_strdup(arena, s);
    if (p == NULL)
        *ok = false;
    return p;
}

/* Deep-copies the definitions into the rulebook's arena, with criteria
 * ordered section by section (stable within a section). */
static bool copy_rules(td_arena *arena, td_rules *dst, const td_rules *src)
{
    bool ok = true;
    *dst = *src;
    dst->id = arena_str(arena, src->id, &ok);
    dst->name = arena_str(arena, src->name, &ok);
    dst->sections = arena_copy(arena, src->sections, src->section_count, sizeof(td_section), &ok);
    dst->criteria = arena_copy(arena, src->criteria, src->criterion_count, sizeof(td_criterion), &ok);
    dst->adjustments = arena_copy(arena, src->adjustments, src->adjustment_count,
                                  sizeof(td_adjustment), &ok);
    dst->classes = arena_copy(arena, src->classes, src->class_count, sizeof(td_class_entry), &ok);
    dst->leader_order = arena_copy(arena, (const void *)src->leader_order, src->leader_count,
                                   sizeof(char *), &ok);
    dst->measures = arena_copy(arena, src->measures, src->measure_count, sizeof(td_measure), &ok);
    dst->rank_keys = arena_copy(arena, src->rank_keys, src->rank_key_count, sizeof(td_rank_key), &ok);
    dst->awards = arena_copy(arena, src->awards, src->award_count, sizeof(td_award_def), &ok);
    dst->params = arena_copy(arena, src->params, src->param_count, sizeof(td_param), &ok);
    dst->inputs = arena_copy(arena, (const void *)src->inputs, src->input_count, sizeof(char *), &ok);
    dst->titles = arena_copy(arena, src->titles, src->title_count, sizeof(td_title), &ok);
    if (!ok)
        return false;
    dst->section_cap = dst->section_count;
    dst->criterion_cap = dst->criterion_count;
    dst->adjustment_cap = dst->adjustment_count;
    dst->class_cap = dst->class_count;
    dst->leader_cap = dst->leader_count;
    for (size_t s = 0; s < src->section_count; s++) {
        td_section *sec = &dst->sections[s];
        sec->id = arena_str(arena, sec->id, &ok);
        sec->name = arena_str(arena, sec->name, &ok);
    }
    /* criteria section by section, in the order they were added: the
     * start of each section's run, counted in one pass (a stable counting
     * sort, linear in sections + criteria) */
    size_t *next = src->section_count > 0 ? td_arena_alloc(arena, src->section_count * sizeof *next) : NULL;
    if (src->section_count > 0 && next == NULL)
        return false; /* zeroed: the counts start at 0 */
    for (size_t i = 0; i < src->criterion_count; i++)
        next[src->criteria[i].section]++;
    for (size_t s = 0, start = 0; s < src->section_count; s++) {
        size_t n = next[s];
        next[s] = start;
        start += n;
    }
    for (size_t i = 0; i < src->criterion_count; i++) {
        td_criterion *c = &dst->criteria[next[src->criteria[i].section]++];
        *c = src->criteria[i];
        bool same = c->measure == c->id;
        c->id = arena_str(arena, c->id, &ok);
        c->name = arena_str(arena, c->name, &ok);
        c->measure = same ? c->id : arena_str(arena, c->measure, &ok);
        c->expr_text = c->expr_text != NULL ? arena_str(arena, c->expr_text, &ok) : NULL;
        c->expr_origin = td_origin_copy(arena, c->expr_origin, &ok);
        c->expr = NULL;
        c->bands = arena_copy(arena, c->bands, c->band_count, sizeof(td_band), &ok);
        c->rank_points = arena_copy(arena, c->rank_points, c->rank_count, sizeof(td_decimal), &ok);
        c->band_cap = c->band_count;
        c->rank_cap = c->rank_count;
    }
    for (size_t i = 0; i < dst->adjustment_count; i++) {
        dst->adjustments[i].id = arena_str(arena, dst->adjustments[i].id, &ok);
        dst->adjustments[i].name = arena_str(arena, dst->adjustments[i].name, &ok);
    }
    for (size_t i = 0; i < dst->class_count; i++) {
        td_class_entry *e = &dst->classes[i];
        e->id = arena_str(arena, e->id, &ok);
        e->name = arena_str(arena, e->name, &ok);
        e->when_text = e->when_text != NULL ? arena_str(arena, e->when_text, &ok) : NULL;
        e->when_origin = td_origin_copy(arena, e->when_origin, &ok);
        e->when = NULL;
    }
    for (size_t i = 0; i < dst->measure_count; i++) {
        td_measure *ms = &dst->measures[i];
        ms->id = arena_str(arena, ms->id, &ok);
        bool both = ms->formula != NULL; /* version 1: both sides share the text and origin */
        for (int side = 0; side < 2; side++) {
            if (both && side == TD_SIDE_ACTUAL) {
                ms->side_formula[side] = ms->side_formula[TD_SIDE_TARGET];
                ms->origin[side] = ms->origin[TD_SIDE_TARGET];
            } else {
                ms->side_formula[side] = ms->side_formula[side] != NULL ? arena_str(arena, ms->side_formula[side], &ok)
                                                                        : NULL;
                ms->origin[side] = td_origin_copy(arena, ms->origin[side], &ok);
            }
            ms->expr[side] = NULL;
        }
        if (both)
            ms->formula = ms->side_formula[TD_SIDE_TARGET];
    }
    for (size_t i = 0; i < dst->rank_key_count; i++) {
        dst->rank_keys[i].text = arena_str(arena, dst->rank_keys[i].text, &ok);
        dst->rank_keys[i].origin = td_origin_copy(arena, dst->rank_keys[i].origin, &ok);
        dst->rank_keys[i].expr = NULL;
    }
    for (size_t i = 0; i < dst->award_count; i++) {
        td_award_def *a = &dst->awards[i];
        a->id = arena_str(arena, a->id, &ok);
        a->name = arena_str(arena, a->name, &ok);
        a->when_text = a->when_text != NULL ? arena_str(arena, a->when_text, &ok) : NULL;
        a->order_text = a->order_text != NULL ? arena_str(arena, a->order_text, &ok) : NULL;
        a->when_origin = td_origin_copy(arena, a->when_origin, &ok);
        a->order_origin = td_origin_copy(arena, a->order_origin, &ok);
        a->when = a->order = NULL;
        a->quota_of = a->quota_of != NULL ? arena_str(arena, a->quota_of, &ok) : NULL;
        a->quota_of_award = TD_NONE;
        a->excludes = arena_copy(arena, (const void *)a->excludes, a->exclude_count, sizeof(char *), &ok);
        for (size_t x = 0; ok && x < a->exclude_count; x++)
            a->excludes[x] = arena_str(arena, a->excludes[x], &ok);
        a->exclude_cap = a->exclude_count;
    }
    for (size_t i = 0; i < dst->leader_count; i++)
        dst->leader_order[i] = arena_str(arena, dst->leader_order[i], &ok);
    dst->param_cap = dst->param_count;
    for (size_t i = 0; i < dst->param_count; i++)
        dst->params[i].id = arena_str(arena, dst->params[i].id, &ok);
    dst->title_cap = dst->title_count;
    for (size_t i = 0; i < dst->title_count; i++) {
        dst->titles[i].id = arena_str(arena, dst->titles[i].id, &ok);
        dst->titles[i].name = arena_str(arena, dst->titles[i].name, &ok);
    }
    dst->input_cap = dst->input_count;
    for (size_t i = 0; i < dst->input_count; i++)
        dst->inputs[i] = arena_str(arena, dst->inputs[i], &ok);
    return ok;
}

/* Frees the memory of a rulebook whose expressions are freed or were never
 * compiled: after a failed copy_rules() its arrays may be missing while
 * their counts are not, so nothing here walks them. */
static void rulebook_release(td_rulebook *rb)
{
    td_allocator a = rb->arena.alloc;
    td_map_free(&rb->criterion_index);
    td_map_free(&rb->adjustment_index);
    td_map_free(&rb->measure_index);
    td_map_free(&rb->award_index);
    td_map_free(&rb->class_index);
    td_map_free(&rb->param_index);
    td_map_free(&rb->title_index);
    td_arena_free(&rb->arena);
    td_dealloc(&a, rb);
}

static void rulebook_destroy(td_rulebook *rb)
{
    td_rulebook_free_exprs(rb);
    rulebook_release(rb);
}

td_status td_rulebook_builder_build(td_rulebook **out, const td_rulebook_builder *b, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK && out == NULL)
        rc = td_error_set(err, TD_EINVAL, "out is NULL");
    if (rc == TD_OK)
        rc = check_rules(&b->rules, &b->arena.alloc, err);
    if (rc == TD_OK)
        rc = check_names(b, err);
    if (rc != TD_OK)
        return rc;
    const td_allocator *a = &b->arena.alloc;
    td_rulebook *rb = td_alloc(a, sizeof *rb);
    if (rb == NULL)
        return td_error_nomem(err);
    memset(rb, 0, sizeof *rb);
    td_arena_init(&rb->arena, a);
    td_map_init(&rb->criterion_index, a);
    td_map_init(&rb->adjustment_index, a);
    td_map_init(&rb->measure_index, a);
    td_map_init(&rb->award_index, a);
    td_map_init(&rb->class_index, a);
    td_map_init(&rb->param_index, a);
    td_map_init(&rb->title_index, a);
    atomic_init(&rb->refs, 1);
    if (!copy_rules(&rb->arena, &rb->rules, &b->rules)) {
        rulebook_release(rb);
        return td_error_nomem(err);
    }
    for (size_t i = 0; i < rb->rules.criterion_count && rc == TD_OK; i++) {
        const char *id = rb->rules.criteria[i].id;
        rc = td_map_put(&rb->criterion_index, id, strlen(id), i, err);
    }
    for (size_t i = 0; i < rb->rules.adjustment_count && rc == TD_OK; i++) {
        const char *id = rb->rules.adjustments[i].id;
        rc = td_map_put(&rb->adjustment_index, id, strlen(id), i, err);
    }
    for (size_t i = 0; i < rb->rules.award_count && rc == TD_OK; i++) {
        const char *id = rb->rules.awards[i].id;
        rc = td_map_put(&rb->award_index, id, strlen(id), i, err);
    }
    for (size_t i = 0; i < rb->rules.class_count && rc == TD_OK; i++) {
        const char *id = rb->rules.classes[i].id;
        rc = td_map_put(&rb->class_index, id, strlen(id), i, err);
    }
    for (size_t i = 0; i < rb->rules.param_count && rc == TD_OK; i++) {
        const char *id = rb->rules.params[i].id;
        rc = td_map_put(&rb->param_index, id, strlen(id), i, err);
    }
    for (size_t i = 0; i < rb->rules.title_count && rc == TD_OK; i++) {
        const char *id = rb->rules.titles[i].id;
        rc = td_map_put(&rb->title_index, id, strlen(id), i, err);
    }
    if (rc == TD_OK)
        rc = td_rulebook_compile(rb, err);
    if (rc == TD_OK)
        rc = td_rulebook_find_warnings(rb, b, err);
    if (rc != TD_OK) {
        rulebook_destroy(rb);
        return rc;
    }
    *out = rb;
    return TD_OK;
}

/* ---- compiled rulebook ---- */

void td_rulebook_retain(const td_rulebook *rulebook)
{
    /* The count is the one mutable part of a rulebook; it is atomic so that
     * results may be created and freed on any thread. */
    td_rulebook *rb = (td_rulebook *)rulebook;
    atomic_fetch_add_explicit(&rb->refs, 1, memory_order_relaxed);
}

void td_rulebook_free(td_rulebook *rb)
{
    if (rb == NULL)
        return;
    if (atomic_fetch_sub_explicit(&rb->refs, 1, memory_order_acq_rel) == 1)
        rulebook_destroy(rb);
}
