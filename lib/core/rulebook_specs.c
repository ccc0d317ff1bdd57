/*
 * Definitions in one call (thidua/rulebook.h, td_*_spec): each is the
 * per-part calls in the order of its struct, and a failure takes back what
 * the earlier parts did, so that the builder is as it was.
 */
#include <stdint.h>
#include <string.h>

#include "model.h"

static td_status check_spec(const td_rulebook_builder *b, const void *spec, unsigned int version,
                            unsigned int expected, const char *what, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc != TD_OK)
        return rc;
    if (spec == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", what);
    if (version != expected)
        return td_error_set(err, TD_EINVAL, "%s has version %u; this library knows version %u", what, version,
                            expected);
    return TD_OK;
}

static void forget(td_rulebook_builder *b, td_bid kind, const char *id)
{
    td_map_remove(&b->ids[kind], id, strlen(id));
}

/* ---- criteria ---- */

/* Takes back the last criterion added (its rule's arrays, its id, its place in the order). */
static void drop_last_criterion(td_rulebook_builder *b)
{
    td_criterion *c = &b->rules.criteria[b->rules.criterion_count - 1];
    td_builder_clear_rule(b, c);
    forget(b, TD_BID_CRITERION, c->id);
    b->rules.criterion_count--;
    b->rules.next_seq--;
}

td_status td_rulebook_builder_add_criterion_spec(td_rulebook_builder *b, const td_criterion_spec *spec,
                                                 td_error *err)
{
    td_status rc = check_spec(b, spec, spec != NULL ? spec->version : 0, TD_CRITERION_SPEC_VERSION,
                              "the criterion spec", err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_add_criterion(b, spec->parent_id, spec->id, spec->name, spec->max, err);
    if (rc != TD_OK)
        return rc;
    if (spec->measure != NULL)
        rc = td_rulebook_builder_set_measure(b, spec->id, spec->measure, err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_set_direction(b, spec->id, spec->direction, err);
    if (rc == TD_OK && spec->rule != NULL)
        rc = td_rulebook_builder_set_rule(b, spec->id, spec->rule, err);
    if (rc == TD_OK && spec->bonus != NULL)
        rc = td_rulebook_builder_set_bonus(b, spec->id, spec->bonus->per, spec->bonus->points,
                                           spec->bonus->has_max ? &spec->bonus->max : NULL, err);
    if (rc != TD_OK)
        drop_last_criterion(b);
    return rc;
}

/* ---- classification ---- */

td_status td_rulebook_builder_add_classification_spec(td_rulebook_builder *b, const td_classification_spec *spec,
                                                      td_error *err)
{
    td_status rc = check_spec(b, spec, spec != NULL ? spec->version : 0, TD_CLASSIFICATION_SPEC_VERSION,
                              "the classification spec", err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_add_classification(b, spec->id, spec->name, spec->has_min ? &spec->min : NULL,
                                                    err);
    if (rc != TD_OK || spec->when == NULL)
        return rc;
    rc = td_rulebook_builder_set_classification_when(b, spec->id, spec->when, err);
    if (rc != TD_OK) {
        forget(b, TD_BID_CLASS, b->rules.classes[b->rules.class_count - 1].id);
        b->rules.class_count--;
    }
    return rc;
}

/* ---- awards ---- */

/* Takes back the last award added, with the exclusion pairs it indexed. */
static void drop_last_award(td_rulebook_builder *b)
{
    td_award_def *a = &b->rules.awards[b->rules.award_count - 1];
    size_t skip = strlen(a->id) + 1;
    for (size_t k = 0; k < a->exclude_count; k++)
        forget(b, TD_BID_EXCLUSION, a->excludes[k] - skip); /* the pair "award\x1fother" holds the other id */
    td_dealloc(&b->arena.alloc, a->excludes);
    forget(b, TD_BID_AWARD, a->id);
    b->rules.award_count--;
}

static td_status award_parts(td_rulebook_builder *b, const td_award_spec *s, td_error *err)
{
    const char *id = s->id;
    td_status rc = TD_OK;
    const td_quota *q = s->quota;
    if (q != NULL && q->version != TD_QUOTA_VERSION)
        return td_error_set(err, TD_EINVAL, "the quota of award '%s' has version %u; this library knows version %u",
                            id, q->version, TD_QUOTA_VERSION);
    switch (q != NULL ? q->kind : TD_QUOTA_NONE) {
    case TD_QUOTA_NONE: break;
    case TD_QUOTA_COUNT: rc = td_rulebook_builder_set_award_quota_count(b, id, q->count, err); break;
    case TD_QUOTA_PERCENT:
        rc = td_rulebook_builder_set_award_quota_percent(b, id, q->percent, q->rounding, q->min, err);
        break;
    default: return td_error_set(err, TD_EINVAL, "unknown quota kind %d for award '%s'", (int)q->kind, id);
    }
    if (rc == TD_OK && s->quota_of != NULL)
        rc = td_rulebook_builder_set_award_quota_of(b, id, s->quota_of, err);
    if (rc == TD_OK && s->quota_per_group)
        rc = td_rulebook_builder_set_award_quota_per_group(b, id, err);
    if (rc == TD_OK && s->exclude_count > 0 && s->excludes == NULL)
        return td_error_set(err, TD_EINVAL, "award '%s': excludes is NULL but exclude_count is %zu", id,
                            s->exclude_count);
    for (size_t k = 0; rc == TD_OK && k < s->exclude_count; k++)
        rc = td_rulebook_builder_add_award_exclusion(b, id, s->excludes[k], err);
    if (rc == TD_OK && s->has_ballot)
        rc = td_rulebook_builder_set_award_ballot(b, id, s->ballot_min, s->ballot_of, err);
    if (rc == TD_OK && s->order != NULL)
        rc = td_rulebook_builder_set_award_order(b, id, s->order, err);
    if (rc == TD_OK && s->order_votes)
        rc = td_rulebook_builder_set_award_order_votes(b, id, err);
    return rc;
}

td_status td_rulebook_builder_add_award_spec(td_rulebook_builder *b, const td_award_spec *spec, td_error *err)
{
    td_status rc = check_spec(b, spec, spec != NULL ? spec->version : 0, TD_AWARD_SPEC_VERSION,
                              "the award spec", err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_add_award(b, spec->id, spec->name, spec->when, err);
    if (rc != TD_OK)
        return rc;
    if ((rc = award_parts(b, spec, err)) != TD_OK)
        drop_last_award(b);
    return rc;
}

/* ---- the leader ---- */

td_status td_rulebook_builder_set_leader_spec(td_rulebook_builder *b, const td_leader_spec *spec, td_error *err)
{
    td_status rc = check_spec(b, spec, spec != NULL ? spec->version : 0, TD_LEADER_SPEC_VERSION,
                              "the leader spec", err);
    if (rc != TD_OK)
        return rc;
    if (spec->rule < TD_LEADER_RULE_NONE || spec->rule > TD_LEADER_RULE_TOP_RANK)
        return td_error_set(err, TD_EINVAL, "unknown leader rule %d", (int)spec->rule);
    if (spec->deputy < TD_DEPUTY_RULE_NONE || spec->deputy > TD_DEPUTY_RULE_SUCCESSION)
        return td_error_set(err, TD_EINVAL, "unknown deputy rule %d", (int)spec->deputy);
    size_t n = spec->order_count;
    if (n > 0 && spec->order == NULL)
        return td_error_set(err, TD_EINVAL, "order is NULL but order_count is %zu", n);
    if (n > SIZE_MAX / sizeof(char *))
        return td_error_nomem(err);
    /* the new order beside the old one, which stays until everything is checked */
    const td_allocator *a = &b->arena.alloc;
    const char **order = NULL;
    td_map index;
    td_map_init(&index, a);
    if (n > 0 && (order = td_alloc(a, n * sizeof *order)) == NULL)
        return td_error_nomem(err);
    for (size_t i = 0; rc == TD_OK && i < n; i++) {
        if ((rc = td_check_id(spec->order[i], "unit id", err)) != TD_OK)
            break;
        size_t seen;
        if (td_map_get_str(&index, spec->order[i], &seen)) {
            rc = td_error_set(err, TD_EEXISTS, "unit '%s' appears twice in the leader order", spec->order[i]);
            break;
        }
        if ((order[i] = td_arena_strdup(&b->arena, spec->order[i])) == NULL)
            rc = td_error_nomem(err);
        else
            rc = td_map_put(&index, order[i], strlen(order[i]), i, err);
    }
    if (rc != TD_OK) {
        td_dealloc(a, (void *)order);
        td_map_free(&index);
        return rc;
    }
    td_dealloc(a, (void *)b->rules.leader_order);
    td_map_free(&b->ids[TD_BID_LEADER]);
    b->ids[TD_BID_LEADER] = index;
    b->rules.leader_order = order;
    b->rules.leader_count = b->rules.leader_cap = n;
    b->rules.leader_rule = spec->rule;
    b->rules.deputy_rule = spec->deputy;
    return TD_OK;
}
