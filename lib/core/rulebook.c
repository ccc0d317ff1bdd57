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
    if (r->node_count > 0) {
        /* every group node holds a criterion, directly or below another node */
        bool *held = td_alloc(a, r->node_count * sizeof *held);
        if (held == NULL)
            return td_error_nomem(err);
        memset(held, 0, r->node_count * sizeof *held);
        for (size_t i = 0; i < r->criterion_count; i++)
            for (size_t p = r->criteria[i].parent; p != TD_NONE && !held[p]; p = r->nodes[p].parent)
                held[p] = true;
        size_t bare = r->node_count;
        for (size_t k = 0; k < r->node_count && bare == r->node_count; k++)
            if (!held[k])
                bare = k;
        td_dealloc(a, held);
        if (bare < r->node_count)
            return td_error_set(err, TD_ERULEBOOK, "group '%s' has no criterion", r->nodes[bare].id);
    }
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
    /* group nodes (1.1): unique across the rulebook (sections, criteria and
     * nodes are refused as they are added) */
    static const struct {
        td_bid kind;
        const char *what;
    } others[] = {{TD_BID_PARAM, "a parameter"},       {TD_BID_INPUT, "an input"},
                  {TD_BID_MEASURE, "a derived measure"}, {TD_BID_ADJUSTMENT, "an adjustment item"},
                  {TD_BID_CLASS, "a classification entry"}, {TD_BID_AWARD, "an award"},
                  {TD_BID_TITLE, "a title"}};
    for (size_t n = 0; n < r->node_count; n++)
        for (size_t k = 0; k < sizeof others / sizeof others[0]; k++)
            if (td_builder_find(b, others[k].kind, r->nodes[n].id, NULL))
                return td_error_set(err, TD_ERULEBOOK,
                                    "group '%s' has the id of %s: a group's id is unique across the rulebook",
                                    r->nodes[n].id, others[k].what);
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

/* Copies criterion src->criteria[i] into its place *c, its strings into the arena. */
static void copy_criterion(td_arena *arena, td_criterion *c, const td_criterion *from, bool *ok)
{
    *c = *from;
    bool same = c->measure == c->id;
    c->id = arena_str(arena, c->id, ok);
    c->name = arena_str(arena, c->name, ok);
    c->measure = same ? c->id : arena_str(arena, c->measure, ok);
    c->expr_text = c->expr_text != NULL ? arena_str(arena, c->expr_text, ok) : NULL;
    c->expr_origin = td_origin_copy(arena, c->expr_origin, ok);
    c->expr = NULL;
    c->bands = arena_copy(arena, c->bands, c->band_count, sizeof(td_band), ok);
    c->rank_points = arena_copy(arena, c->rank_points, c->rank_count, sizeof(td_decimal), ok);
    c->band_cap = c->band_count;
    c->rank_cap = c->rank_count;
}

/* The children of every section and group node in the order they were
 * added, as a counting sort: the children of container k (a section
 * k < S, or node k − S) are kids[start[k] .. start[k + 1]), each a
 * criterion index i < C or a node C + j. */
typedef struct tree_walk {
    const td_rules *src;
    size_t *start, *kids;
    size_t *crit_new, *node_new; /* builder index → rulebook order */
    size_t crit_next, node_next;
    size_t *below;               /* by builder node index: crit_begin, crit_end, node_end */
} tree_walk;

/* Numbers the children of container k depth first (at most
 * TD_CRITERIA_MAX_LEVELS deep: nodes hold no node below level 2). */
static void number_children(tree_walk *w, size_t k)
{
    size_t nc = w->src->criterion_count, ns = w->src->section_count;
    for (size_t x = w->start[k]; x < w->start[k + 1]; x++) {
        size_t v = w->kids[x];
        if (v < nc) {
            w->crit_new[v] = w->crit_next++;
        } else {
            size_t *below = &w->below[3 * (v - nc)];
            w->node_new[v - nc] = w->node_next++;
            below[0] = w->crit_next;
            number_children(w, ns + (v - nc));
            below[1] = w->crit_next;
            below[2] = w->node_next;
        }
    }
}

/* Copies criteria and group nodes in rulebook order: section by section,
 * each section's children in the order they were added, each node's
 * children where the node stands (a version 1 rulebook: its criteria
 * section by section, stable within a section). Linear in sections +
 * nodes + criteria. */
static bool order_tree(td_arena *arena, td_rules *dst, const td_rules *src)
{
    size_t ns = src->section_count, nn = src->node_count, nc = src->criterion_count;
    size_t nk = ns + nn;
    bool ok = true;
    tree_walk w = {src, td_arena_alloc(arena, (nk + 1) * sizeof(size_t)),
                   td_arena_alloc(arena, (nc + nn + 1) * sizeof(size_t)),
                   td_arena_alloc(arena, (nc + 1) * sizeof(size_t)), td_arena_alloc(arena, (nn + 1) * sizeof(size_t)),
                   0, 0, td_arena_alloc(arena, (3 * nn + 1) * sizeof(size_t))};
    dst->nodes = arena_copy(arena, src->nodes, nn, sizeof(td_cnode), &ok);
    if (!ok || w.start == NULL || w.kids == NULL || w.crit_new == NULL || w.node_new == NULL || w.below == NULL)
        return false;
    /* zeroed: count each container's children into start[k + 1] */
#define CONTAINER(x) ((x).parent == TD_NONE ? (x).section : ns + (x).parent)
    for (size_t i = 0; i < nc; i++)
        w.start[CONTAINER(src->criteria[i]) + 1]++;
    for (size_t j = 0; j < nn; j++)
        w.start[CONTAINER(src->nodes[j]) + 1]++;
    for (size_t k = 0; k < nk; k++)
        w.start[k + 1] += w.start[k];
    /* fill in the order children were added (both arrays are in that order) */
    size_t *fill = td_arena_alloc(arena, (nk + 1) * sizeof(size_t));
    if (fill == NULL)
        return false;
    memcpy(fill, w.start, (nk + 1) * sizeof(size_t));
    for (size_t i = 0, j = 0; i < nc || j < nn;) {
        if (j == nn || (i < nc && src->criteria[i].seq < src->nodes[j].seq)) {
            w.kids[fill[CONTAINER(src->criteria[i])]++] = i;
            i++;
        } else {
            w.kids[fill[CONTAINER(src->nodes[j])]++] = nc + j;
            j++;
        }
    }
#undef CONTAINER
    for (size_t s = 0; s < ns; s++)
        number_children(&w, s);
    for (size_t i = 0; i < nc; i++) {
        td_criterion *c = &dst->criteria[w.crit_new[i]];
        copy_criterion(arena, c, &src->criteria[i], &ok);
        c->parent = c->parent == TD_NONE ? TD_NONE : w.node_new[c->parent];
    }
    for (size_t j = 0; j < nn; j++) {
        td_cnode *n = &dst->nodes[w.node_new[j]];
        *n = src->nodes[j];
        n->id = arena_str(arena, n->id, &ok);
        n->name = arena_str(arena, n->name, &ok);
        n->parent = n->parent == TD_NONE ? TD_NONE : w.node_new[n->parent];
        n->crit_begin = w.below[3 * j];
        n->crit_end = w.below[3 * j + 1];
        n->node_end = w.below[3 * j + 2];
    }
    dst->node_cap = nn;
    return ok;
}

/* Deep-copies the definitions into the rulebook's arena, with criteria
 * and group nodes in rulebook order (order_tree()). */
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
    if (!ok || !td_rollups_copy(arena, dst, src))
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
    if (!order_tree(arena, dst, src))
        return false;
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
    /* last, when nothing can fail any more: the rulebook's own references
     * to its child rulebooks, which td_rulebook_free_exprs() releases */
    for (size_t i = 0; ok && i < dst->rollup_count; i++)
        td_rulebook_retain(dst->rollups[i].child);
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
    td_map_free(&rb->node_index);
    td_map_free(&rb->section_index);
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
    td_map_init(&rb->node_index, a);
    td_map_init(&rb->section_index, a);
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
    for (size_t i = 0; i < rb->rules.node_count && rc == TD_OK; i++) {
        const char *id = rb->rules.nodes[i].id;
        rc = td_map_put(&rb->node_index, id, strlen(id), i, err);
    }
    for (size_t i = 0; i < rb->rules.section_count && rc == TD_OK; i++) {
        const char *id = rb->rules.sections[i].id;
        rc = td_map_put(&rb->section_index, id, strlen(id), i, err);
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
