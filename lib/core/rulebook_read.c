/*
 * Reading a compiled rulebook's definitions back: every id, name, maximum,
 * rule parameter, bonus, measure, adjustment item, classification entry,
 * ranking key, award and the leader rule (include/thidua/rulebook.h).
 */
#include <stdio.h>
#include <string.h>

#include "model.h"

const char *td_rulebook_id(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.id : NULL;
}

const char *td_rulebook_name(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.name : NULL;
}

int td_rulebook_precision(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.precision : 0;
}

size_t td_rulebook_section_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.section_count : 0;
}

static const td_section *section_at(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.section_count) ? &rb->rules.sections[i] : NULL;
}

const char *td_rulebook_section_id(const td_rulebook *rb, size_t i)
{
    const td_section *s = section_at(rb, i);
    return s != NULL ? s->id : NULL;
}

const char *td_rulebook_section_name(const td_rulebook *rb, size_t i)
{
    const td_section *s = section_at(rb, i);
    return s != NULL ? s->name : NULL;
}

bool td_rulebook_section_max(td_decimal *max, const td_rulebook *rb, size_t i)
{
    const td_section *s = section_at(rb, i);
    if (s == NULL || !s->has_max)
        return false;
    if (max != NULL)
        *max = s->max;
    return true;
}

size_t td_rulebook_criterion_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.criterion_count : 0;
}

static const td_criterion *criterion_at(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.criterion_count) ? &rb->rules.criteria[i] : NULL;
}

const char *td_rulebook_criterion_id(const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    return c != NULL ? c->id : NULL;
}

const char *td_rulebook_criterion_name(const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    return c != NULL ? c->name : NULL;
}

const char *td_rulebook_criterion_measure(const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    return c != NULL ? c->measure : NULL;
}

size_t td_rulebook_criterion_section(const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    return c != NULL ? c->section : (size_t)-1;
}

td_decimal td_rulebook_criterion_max(const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    return c != NULL ? c->max : td_decimal_zero();
}

td_rule_kind td_rulebook_criterion_rule_kind(const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    return c != NULL ? c->rule : TD_RULE_NONE;
}

td_direction td_rulebook_criterion_direction(const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    return c != NULL ? c->direction : TD_DIRECTION_HIGHER;
}

td_bands_of td_rulebook_criterion_bands_of(const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    return c != NULL && c->rule == TD_RULE_BANDS ? c->bands_of : TD_BANDS_OF_ATTAINMENT;
}

/* An id looked up in one of the rulebook's indexes. */
static td_status find_in(const td_rulebook *rb, const td_map *index_of, const char *what,
                         const char *id, size_t *index, td_error *err)
{
    if (rb == NULL || index == NULL)
        return td_error_set(err, TD_EINVAL, "rulebook or index is NULL");
    /* an id the index holds is valid: checked only when it is not there
     * (the data's values look their measures up one by one) */
    if (id != NULL && td_map_get_str(index_of, id, index))
        return TD_OK;
    char label[32];
    snprintf(label, sizeof label, "%s id", what);
    td_status rc = td_check_id(id, label, err);
    if (rc != TD_OK)
        return rc;
    char q[64];
    td_quote(q, sizeof q, id);
    return td_error_set(err, TD_ENOTFOUND, "unknown %s %s", what, q);
}

td_status td_rulebook_find_criterion(size_t *index, const td_rulebook *rb, const char *id,
                                     td_error *err)
{
    return find_in(rb, rb != NULL ? &rb->criterion_index : NULL, "criterion", id, index, err);
}

size_t td_rulebook_criterion_parent(const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    return c != NULL ? c->parent : (size_t)-1;
}

/* ---- group nodes (rulebook 1.1) ---- */

static const td_cnode *node_at(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.node_count) ? &rb->rules.nodes[i] : NULL;
}

size_t td_rulebook_node_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.node_count : 0;
}

const char *td_rulebook_node_id(const td_rulebook *rb, size_t i)
{
    const td_cnode *n = node_at(rb, i);
    return n != NULL ? n->id : NULL;
}

const char *td_rulebook_node_name(const td_rulebook *rb, size_t i)
{
    const td_cnode *n = node_at(rb, i);
    return n != NULL ? n->name : NULL;
}

td_decimal td_rulebook_node_max(const td_rulebook *rb, size_t i)
{
    const td_cnode *n = node_at(rb, i);
    return n != NULL ? n->max : td_decimal_zero();
}

size_t td_rulebook_node_section(const td_rulebook *rb, size_t i)
{
    const td_cnode *n = node_at(rb, i);
    return n != NULL ? n->section : (size_t)-1;
}

size_t td_rulebook_node_parent(const td_rulebook *rb, size_t i)
{
    const td_cnode *n = node_at(rb, i);
    return n != NULL ? n->parent : (size_t)-1;
}

unsigned td_rulebook_node_level(const td_rulebook *rb, size_t i)
{
    const td_cnode *n = node_at(rb, i);
    return n != NULL ? n->level : 0;
}

td_status td_rulebook_find_node(size_t *index, const td_rulebook *rb, const char *id, td_error *err)
{
    return find_in(rb, rb != NULL ? &rb->node_index : NULL, "group node", id, index, err);
}

td_status td_rulebook_criterion_rule(td_rule *out, const td_rulebook *rb, size_t i, td_error *err)
{
    const td_criterion *c = criterion_at(rb, i);
    if (out == NULL || c == NULL)
        return td_error_set(err, TD_EINVAL, out == NULL ? "the rule is NULL" : "no criterion %zu", i);
    if (out->version != TD_RULE_VERSION)
        return td_error_set(err, TD_EINVAL, "unknown td_rule version %u (expected %u)", out->version,
                            TD_RULE_VERSION);
    const td_rule defaults = TD_RULE_INIT;
    *out = defaults;
    out->kind = c->rule;
    switch (c->rule) {
    case TD_RULE_PROPORTIONAL:
        out->cap = c->cap;
        break;
    case TD_RULE_THRESHOLD:
        out->at = c->at;
        break;
    case TD_RULE_SHORTFALL:
        out->deduct = c->deduct;
        out->per = c->per;
        out->step = c->step;
        out->min = c->floor_points;
        break;
    case TD_RULE_BANDS:
        out->bands_of = c->bands_of;
        out->bands = c->bands;
        out->band_count = c->band_count;
        break;
    case TD_RULE_BEST:
        out->best_of = c->best_of;
        break;
    case TD_RULE_RANK:
        out->rank_points = c->rank_points;
        out->rank_point_count = c->rank_count;
        break;
    case TD_RULE_EXPR:
        out->expr = c->expr_text;
        break;
    default:
        break;
    }
    return TD_OK;
}

bool td_rulebook_criterion_bonus(td_bonus *out, const td_rulebook *rb, size_t i)
{
    const td_criterion *c = criterion_at(rb, i);
    if (out == NULL || c == NULL || !c->has_bonus)
        return false;
    out->per = c->bonus_per;
    out->points = c->bonus_points;
    out->has_max = c->bonus_has_max;
    out->max = c->bonus_has_max ? c->bonus_max : td_decimal_zero();
    return true;
}

size_t td_rulebook_adjustment_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.adjustment_count : 0;
}

static const td_adjustment *adjustment_at(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.adjustment_count) ? &rb->rules.adjustments[i] : NULL;
}

const char *td_rulebook_adjustment_id(const td_rulebook *rb, size_t i)
{
    const td_adjustment *a = adjustment_at(rb, i);
    return a != NULL ? a->id : NULL;
}

td_adjustment_kind td_rulebook_adjustment_kind(const td_rulebook *rb, size_t i)
{
    const td_adjustment *a = adjustment_at(rb, i);
    return a != NULL ? a->kind : TD_ADJUSTMENT_BONUS;
}

const char *td_rulebook_adjustment_name(const td_rulebook *rb, size_t i)
{
    const td_adjustment *a = adjustment_at(rb, i);
    return a != NULL ? a->name : NULL;
}

td_decimal td_rulebook_adjustment_points(const td_rulebook *rb, size_t i)
{
    const td_adjustment *a = adjustment_at(rb, i);
    return a != NULL ? a->points : td_decimal_zero();
}

bool td_rulebook_adjustment_max(td_decimal *out, const td_rulebook *rb, size_t i)
{
    const td_adjustment *a = adjustment_at(rb, i);
    if (out == NULL || a == NULL || !a->has_max)
        return false;
    *out = a->max;
    return true;
}

td_status td_rulebook_find_adjustment(size_t *index, const td_rulebook *rb, const char *id,
                                      td_error *err)
{
    return find_in(rb, rb != NULL ? &rb->adjustment_index : NULL, "adjustment item", id, index, err);
}

bool td_rulebook_bonus_max(td_decimal *out, const td_rulebook *rb)
{
    if (out == NULL || rb == NULL || !rb->rules.has_bonus_max)
        return false;
    *out = rb->rules.bonus_max;
    return true;
}

size_t td_rulebook_measure_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.measure_count : 0;
}

const char *td_rulebook_measure_id(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.measure_count) ? rb->rules.measures[i].id : NULL;
}

const char *td_rulebook_measure_target_formula(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.measure_count) ? rb->rules.measures[i].side_formula[TD_SIDE_TARGET] : NULL;
}

const char *td_rulebook_measure_actual_formula(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.measure_count) ? rb->rules.measures[i].side_formula[TD_SIDE_ACTUAL] : NULL;
}

const char *td_rulebook_measure_formula(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.measure_count) ? rb->rules.measures[i].formula : NULL;
}

td_status td_rulebook_find_measure(size_t *index, const td_rulebook *rb, const char *id, td_error *err)
{
    return find_in(rb, rb != NULL ? &rb->measure_index : NULL, "measure", id, index, err);
}

size_t td_rulebook_title_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.title_count : 0;
}

const char *td_rulebook_title_id(const td_rulebook *rb, size_t i)
{
    return rb != NULL && i < rb->rules.title_count ? rb->rules.titles[i].id : NULL;
}

const char *td_rulebook_title_name(const td_rulebook *rb, size_t i)
{
    return rb != NULL && i < rb->rules.title_count ? rb->rules.titles[i].name : NULL;
}

bool td_rulebook_knows_history_id(const td_rulebook *rb, const char *id)
{
    return rb != NULL && id != NULL && td_rulebook_resolve_ref(rb, rb->rules.award_count, TD_REF_RECORD, id) >= 0;
}

size_t td_rulebook_input_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.input_count : 0;
}

const char *td_rulebook_input_id(const td_rulebook *rb, size_t i)
{
    return rb != NULL && i < rb->rules.input_count ? rb->rules.inputs[i] : NULL;
}

size_t td_rulebook_parameter_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.param_count : 0;
}

const char *td_rulebook_parameter_id(const td_rulebook *rb, size_t i)
{
    return rb != NULL && i < rb->rules.param_count ? rb->rules.params[i].id : NULL;
}

td_decimal td_rulebook_parameter_value(const td_rulebook *rb, size_t i)
{
    return rb != NULL && i < rb->rules.param_count ? rb->rules.params[i].value : td_decimal_zero();
}

td_status td_rulebook_find_parameter(size_t *index, const td_rulebook *rb, const char *id, td_error *err)
{
    return find_in(rb, rb != NULL ? &rb->param_index : NULL, "parameter", id, index, err);
}

static const td_class_entry *class_at(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.class_count) ? &rb->rules.classes[i] : NULL;
}

size_t td_rulebook_classification_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.class_count : 0;
}

const char *td_rulebook_classification_id(const td_rulebook *rb, size_t i)
{
    const td_class_entry *e = class_at(rb, i);
    return e != NULL ? e->id : NULL;
}

const char *td_rulebook_classification_name(const td_rulebook *rb, size_t i)
{
    const td_class_entry *e = class_at(rb, i);
    return e != NULL ? e->name : NULL;
}

bool td_rulebook_classification_min(td_decimal *out, const td_rulebook *rb, size_t i)
{
    const td_class_entry *e = class_at(rb, i);
    if (out == NULL || e == NULL || !e->has_min)
        return false;
    *out = e->min;
    return true;
}

const char *td_rulebook_classification_when(const td_rulebook *rb, size_t i)
{
    const td_class_entry *e = class_at(rb, i);
    return e != NULL ? e->when_text : NULL;
}

size_t td_rulebook_ranking_key_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.rank_key_count : 0;
}

const char *td_rulebook_ranking_key(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.rank_key_count) ? rb->rules.rank_keys[i].text : NULL;
}

bool td_rulebook_ranking_key_descending(const td_rulebook *rb, size_t i)
{
    return rb != NULL && i < rb->rules.rank_key_count && rb->rules.rank_keys[i].descending;
}

td_leader_rule td_rulebook_leader_rule(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.leader_rule : TD_LEADER_RULE_NONE;
}

td_deputy_rule td_rulebook_deputy_rule(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.deputy_rule : TD_DEPUTY_RULE_NONE;
}

size_t td_rulebook_leader_order_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.leader_count : 0;
}

const char *td_rulebook_leader_order_unit(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.leader_count) ? rb->rules.leader_order[i] : NULL;
}

size_t td_rulebook_award_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->rules.award_count : 0;
}

static const td_award_def *award_at(const td_rulebook *rb, size_t i)
{
    return (rb != NULL && i < rb->rules.award_count) ? &rb->rules.awards[i] : NULL;
}

const char *td_rulebook_award_id(const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    return a != NULL ? a->id : NULL;
}

const char *td_rulebook_award_name(const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    return a != NULL ? a->name : NULL;
}

const char *td_rulebook_award_when(const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    return a != NULL ? a->when_text : NULL;
}

const char *td_rulebook_award_order(const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    return a != NULL ? a->order_text : NULL;
}

bool td_rulebook_award_ballot_min(td_decimal *out, const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    if (a == NULL || !a->has_ballot)
        return false;
    if (out != NULL)
        *out = a->ballot_min;
    return true;
}

td_ballot_of td_rulebook_award_ballot_of(const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    return a != NULL && a->has_ballot ? a->ballot_of : TD_BALLOT_OF_COUNCIL;
}

bool td_rulebook_award_quota_per_group(const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    return a != NULL && a->per_group;
}

bool td_rulebook_award_order_votes(const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    return a != NULL && a->order_votes;
}

const char *td_rulebook_award_quota_of(const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    return a == NULL ? NULL : a->quota_of != NULL ? a->quota_of : "members";
}

td_status td_rulebook_award_quota(td_quota *out, const td_rulebook *rb, size_t i, td_error *err)
{
    const td_award_def *a = award_at(rb, i);
    if (out == NULL || a == NULL)
        return td_error_set(err, TD_EINVAL, out == NULL ? "the quota is NULL" : "no award %zu", i);
    if (out->version != TD_QUOTA_VERSION)
        return td_error_set(err, TD_EINVAL, "unknown td_quota version %u (expected %u)", out->version,
                            TD_QUOTA_VERSION);
    const td_quota defaults = TD_QUOTA_INIT;
    *out = defaults;
    if (a->quota_kind == 1) {
        out->kind = TD_QUOTA_COUNT;
        out->count = a->count;
    } else if (a->quota_kind == 2) {
        out->kind = TD_QUOTA_PERCENT;
        out->percent = a->percent;
        out->rounding = a->rounding;
        out->min = a->min;
    }
    return TD_OK;
}

size_t td_rulebook_award_exclusion_count(const td_rulebook *rb, size_t i)
{
    const td_award_def *a = award_at(rb, i);
    return a != NULL ? a->exclude_count : 0;
}

const char *td_rulebook_award_exclusion(const td_rulebook *rb, size_t i, size_t k)
{
    const td_award_def *a = award_at(rb, i);
    return a != NULL && k < a->exclude_count ? a->excludes[k] : NULL;
}
