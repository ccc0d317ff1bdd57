/*
 * Reading an evaluation result, and freeing it.
 */
#include <stdatomic.h>
#include <string.h>

#include "model.h"

static const td_member_result *member_at(const td_result *res, size_t m)
{
    return (res != NULL && m < res->member_count) ? td_result_member_at(res, m) : NULL;
}

/* Member m's (result index) cell of criterion c into *out; false when
 * either is out of range. */
static bool cell_at(td_cell *out, const td_result *res, size_t m, size_t c)
{
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || c >= res->rulebook->rules.criterion_count)
        return false;
    td_cell_get(out, res, c, mr->cluster_index);
    return true;
}

static const char *in_lang(const char *const texts[2], td_lang lang)
{
    return texts[lang == TD_LANG_EN ? TD_LANG_EN : TD_LANG_VI];
}

void td_result_free(td_result *res)
{
    if (res == NULL)
        return;
    td_allocator a = res->arena.alloc;
    td_map_free(&res->member_index);
    if (res->cell_texts != NULL) {
        size_t count = res->rulebook->rules.criterion_count * res->member_count;
        for (size_t i = 0; i < count; i++)
            td_dealloc(&a, atomic_load_explicit(&res->cell_texts[i], memory_order_relaxed));
    }
    td_result_free_columns(res);
    td_rollups_free_result(res);
    td_rulebook_free((td_rulebook *)res->rulebook);
    for (size_t i = 0; i < res->arena_count; i++)
        td_arena_free(&res->arenas[i]);
    td_dealloc(&a, res->arenas);
    td_arena_free(&res->arena);
    td_dealloc(&a, res);
}

size_t td_result_member_cluster_index(const td_result *res, size_t m)
{
    if (res == NULL)
        return 0;
    return m < res->member_count ? res->order[m] : res->member_count;
}

const td_rulebook *td_result_rulebook(const td_result *res)
{
    return res != NULL ? res->rulebook : NULL;
}

const char *td_result_cluster_id(const td_result *res)
{
    return res != NULL ? res->cluster_id : NULL;
}

const char *td_result_cluster_name(const td_result *res)
{
    return res != NULL ? res->cluster_name : NULL;
}

td_cluster_kind td_result_cluster_kind(const td_result *res)
{
    return res != NULL ? res->cluster_kind : TD_CLUSTER_CLUSTER;
}

int64_t td_result_period(const td_result *res)
{
    return res != NULL ? res->period : 0;
}

size_t td_result_member_count(const td_result *res)
{
    return res != NULL ? res->member_count : 0;
}

td_status td_result_find_member(size_t *index, const td_result *res, const char *unit_id,
                                td_error *err)
{
    if (res == NULL || index == NULL)
        return td_error_set(err, TD_EINVAL, "result or index is NULL");
    td_status rc = td_check_id(unit_id, "unit id", err);
    if (rc != TD_OK)
        return rc;
    if (!td_map_get_str(&res->member_index, unit_id, index)) {
        char q[64];
        td_quote(q, sizeof q, unit_id);
        return td_error_set(err, TD_ENOTFOUND, "unit %s is not a member of cluster '%s'", q,
                            res->cluster_id);
    }
    return TD_OK;
}

const char *td_result_member_unit(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->unit : NULL;
}

const char *td_result_member_name(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->name : NULL;
}

size_t td_result_member_rank(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->rank : 0;
}

bool td_result_member_is_leader(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL && mr->is_leader;
}

const char *td_result_member_group(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->group : NULL;
}

size_t td_result_member_group_rank(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->group_rank : 0;
}

bool td_result_member_is_deputy(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL && mr->is_deputy;
}

td_decimal td_result_member_total(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->total : td_decimal_zero();
}

td_decimal td_result_member_base(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->base : td_decimal_zero();
}

td_decimal td_result_member_bonus(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->bonus : td_decimal_zero();
}

td_decimal td_result_member_deduction(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->deduction : td_decimal_zero();
}

td_decimal td_result_section_points(const td_result *res, size_t m, size_t s)
{
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || s >= res->rulebook->rules.section_count)
        return td_decimal_zero();
    return mr->section_points[s];
}

td_decimal td_result_node_points(const td_result *res, size_t m, size_t n)
{
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || n >= res->rulebook->rules.node_count)
        return td_decimal_zero();
    return mr->node_points[n];
}

/* Computed from the points the result keeps rather than kept itself (a
 * number per member and node more): the node's criteria in rulebook order,
 * then its nodes after their caps from the last, as member_totals() adds
 * them up. Exact, like that sum, so the same value as its explanation's
 * "min(max, sum)"; it cannot overflow, as the evaluation added the same
 * numbers. */
td_decimal td_result_node_sum(const td_result *res, size_t m, size_t n)
{
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || n >= res->rulebook->rules.node_count)
        return td_decimal_zero();
    const td_rules *r = &res->rulebook->rules;
    const td_cnode *nd = &r->nodes[n];
    td_decimal sum = td_decimal_zero();
    for (size_t c = nd->crit_begin; c < nd->crit_end; c++)
        if (r->criteria[c].parent == n)
            (void)td_decimal_add(&sum, sum, td_numcol_get(&res->cells[c].points, mr->cluster_index), NULL);
    for (size_t k = nd->node_end; k-- > n + 1;)
        if (r->nodes[k].parent == n)
            (void)td_decimal_add(&sum, sum, mr->node_points[k], NULL);
    return sum;
}

const char *td_result_member_classification(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || mr->classification < 0)
        return NULL;
    return res->rulebook->rules.classes[mr->classification].id;
}

size_t td_result_member_count_met(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL ? mr->count_met : 0;
}

bool td_result_member_all_met(const td_result *res, size_t m)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL && mr->all_met;
}

bool td_result_has_explanations(const td_result *res)
{
    return res != NULL && res->explain_mode != TD_EXPLAIN_NONE;
}

const char *td_result_member_explain(const td_result *res, size_t m, td_lang lang)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL && mr->texts != NULL ? in_lang(mr->texts->explain, lang) : NULL;
}

const char *td_result_classification_explain(const td_result *res, size_t m, td_lang lang)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL && mr->classification >= 0 && mr->texts != NULL ? in_lang(mr->texts->class_explain, lang)
                                                                        : NULL;
}

const char *td_result_rank_explain(const td_result *res, size_t m, td_lang lang)
{
    const td_member_result *mr = member_at(res, m);
    return mr != NULL && mr->texts != NULL ? in_lang(mr->texts->rank_explain, lang) : NULL;
}

size_t td_result_criterion_count(const td_result *res)
{
    return res != NULL ? res->rulebook->rules.criterion_count : 0;
}

static bool give(bool present, td_decimal value, td_decimal *out)
{
    if (present && out != NULL)
        *out = value;
    return present;
}

bool td_result_target(td_decimal *out, const td_result *res, size_t m, size_t c)
{
    td_cell cell;
    return cell_at(&cell, res, m, c) && give(cell.has_target, cell.target, out);
}

bool td_result_actual(td_decimal *out, const td_result *res, size_t m, size_t c)
{
    td_cell cell;
    return cell_at(&cell, res, m, c) && give(cell.has_actual, cell.actual, out);
}

bool td_result_attainment(td_decimal *out, const td_result *res, size_t m, size_t c)
{
    td_cell cell;
    return cell_at(&cell, res, m, c) && give(cell.has_attainment, cell.attainment, out);
}

int td_result_met(const td_result *res, size_t m, size_t c)
{
    td_cell cell;
    return cell_at(&cell, res, m, c) ? cell.met : -1;
}

td_decimal td_result_points(const td_result *res, size_t m, size_t c)
{
    td_cell cell;
    return cell_at(&cell, res, m, c) ? cell.points : td_decimal_zero();
}

td_decimal td_result_criterion_bonus(const td_result *res, size_t m, size_t c)
{
    td_cell cell;
    return cell_at(&cell, res, m, c) ? cell.bonus : td_decimal_zero();
}

/* Where member mr's text of criterion c is kept once rendered (TD_EXPLAIN_ON_DEMAND). */
static struct td_cell_texts *_Atomic *cell_slot(const td_result *res, const td_member_result *mr, size_t c)
{
    return &res->cell_texts[c * res->member_count + (size_t)(mr - res->members)];
}

/* Member mr's explanation of criterion c, rendered the first time any
 * thread asks for it (TD_EXPLAIN_ON_DEMAND): threads that race render it
 * each, one installs its copy and the others free theirs. NULL when out
 * of memory. */
static const char *on_demand(const td_result *res, const td_member_result *mr, size_t c, td_lang lang)
{
    struct td_cell_texts *_Atomic *slot = cell_slot(res, mr, c);
    td_cell_texts *t = atomic_load_explicit(slot, memory_order_acquire);
    if (t == NULL) {
        const td_allocator *a = &res->arena.alloc;
        td_buf text[2];
        td_buf_init(&text[0], a);
        td_buf_init(&text[1], a);
        td_error err;
        if (td_render_cell(res, mr, c, text, &err) == TD_OK &&
            text[0].len < SIZE_MAX / 4 && text[1].len < SIZE_MAX / 4 &&
            (t = td_alloc(a, sizeof *t + text[0].len + text[1].len + 2)) != NULL) {
            memcpy(t->data, td_buf_text(&text[0]), text[0].len + 1);
            memcpy(t->data + text[0].len + 1, td_buf_text(&text[1]), text[1].len + 1);
            t->text[0] = t->data;
            t->text[1] = t->data + text[0].len + 1;
            td_cell_texts *expected = NULL;
            if (!atomic_compare_exchange_strong_explicit(slot, &expected, t, memory_order_acq_rel,
                                                         memory_order_acquire)) {
                td_dealloc(a, t);
                t = expected;
            }
        }
        td_buf_free(&text[0]);
        td_buf_free(&text[1]);
        if (t == NULL)
            return NULL;
    }
    return in_lang(t->text, lang);
}

td_status td_result_criterion_explain_to(char *buf, size_t size, size_t *needed, const td_result *res, size_t m,
                                         size_t c, td_lang lang, td_error *err)
{
    if (res == NULL || (buf == NULL && size > 0))
        return td_error_set(err, TD_EINVAL, "%s", res == NULL ? "the result is NULL" : "buf is NULL");
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || c >= res->rulebook->rules.criterion_count)
        return td_error_set(err, TD_EINVAL, "no member %zu or criterion %zu in the result", m, c);
    if (lang != TD_LANG_VI && lang != TD_LANG_EN)
        return td_error_set(err, TD_EINVAL, "unknown language %d", (int)lang);
    if (res->explain_mode == TD_EXPLAIN_NONE)
        return td_error_set(err, TD_EINVAL, "the result has no explanations (it was evaluated with TD_EXPLAIN_NONE)");
    const char *kept = NULL;
    if (res->explain_mode == TD_EXPLAIN_ON_DEMAND) {
        const td_cell_texts *t = atomic_load_explicit(cell_slot(res, mr, c), memory_order_acquire);
        if (t != NULL)
            kept = in_lang(t->text, lang);
    } else {
        kept = in_lang(res->cells[c].explain[mr->cluster_index], lang);
    }
    if (kept != NULL) {
        if (needed != NULL)
            *needed = strlen(kept);
        if (size > 0)
            td_copy_text(buf, size, kept);
        return TD_OK;
    }
    td_buf text[2];
    td_buf_init(&text[0], &res->arena.alloc);
    td_buf_init(&text[1], &res->arena.alloc);
    td_status rc = td_render_cell(res, mr, c, text, err);
    if (rc == TD_OK && td_buf_failed(&text[lang]))
        rc = td_error_nomem(err);
    if (rc == TD_OK) {
        if (needed != NULL)
            *needed = text[lang].len;
        if (size > 0)
            td_copy_text(buf, size, td_buf_text(&text[lang]));
    }
    td_buf_free(&text[0]);
    td_buf_free(&text[1]);
    return rc;
}

td_status td_result_render_explanations(const td_result *res, td_error *err)
{
    if (res == NULL)
        return td_error_set(err, TD_EINVAL, "the result is NULL");
    if (res->explain_mode != TD_EXPLAIN_ON_DEMAND)
        return TD_OK;
    for (size_t m = 0; m < res->member_count; m++)
        for (size_t c = 0; c < res->rulebook->rules.criterion_count; c++)
            if (on_demand(res, td_result_member_at(res, m), c, TD_LANG_VI) == NULL)
                return td_error_nomem(err);
    return TD_OK;
}

const char *td_result_criterion_explain(const td_result *res, size_t m, size_t c, td_lang lang)
{
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || c >= res->rulebook->rules.criterion_count)
        return NULL;
    if (res->explain_mode == TD_EXPLAIN_ON_DEMAND)
        return on_demand(res, mr, c, lang);
    if (res->cells[c].explain == NULL)
        return NULL; /* TD_EXPLAIN_NONE */
    return in_lang(res->cells[c].explain[mr->cluster_index], lang);
}

const char *td_result_next_leader(const td_result *res)
{
    return res != NULL ? res->next_leader : NULL;
}

const char *td_result_leader_explain(const td_result *res, td_lang lang)
{
    if (res == NULL || res->next_leader == NULL)
        return NULL;
    return in_lang(res->leader_explain, lang);
}

size_t td_result_award_group_count(const td_result *res, size_t a)
{
    if (res == NULL || a >= res->rulebook->rules.award_count || res->group_quotas == NULL ||
        res->group_quotas[a] == NULL)
        return 0;
    return res->group_count;
}

const char *td_result_award_group(const td_result *res, size_t a, size_t k)
{
    return k < td_result_award_group_count(res, a) ? res->group_quotas[a][k].group : NULL;
}

int64_t td_result_award_group_quota(const td_result *res, size_t a, size_t k)
{
    return k < td_result_award_group_count(res, a) ? res->group_quotas[a][k].quota : -1;
}

int64_t td_result_award_votes(const td_result *res, size_t m, size_t a)
{
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || a >= res->rulebook->rules.award_count)
        return -1;
    return mr->awards[a].votes;
}

const char *td_result_next_deputy(const td_result *res)
{
    return res != NULL ? res->next_deputy : NULL;
}

const char *td_result_deputy_explain(const td_result *res, td_lang lang)
{
    if (res == NULL || res->next_deputy == NULL)
        return NULL;
    return in_lang(res->deputy_explain, lang);
}

size_t td_result_award_count(const td_result *res)
{
    return res != NULL ? res->rulebook->rules.award_count : 0;
}

int64_t td_result_award_quota(const td_result *res, size_t a)
{
    return (res != NULL && a < res->rulebook->rules.award_count) ? res->award_quota[a] : -1;
}

const char *td_result_award_quota_explain(const td_result *res, size_t a, td_lang lang)
{
    if (res == NULL || a >= res->rulebook->rules.award_count)
        return NULL;
    return in_lang(res->quota_explain[a], lang);
}

size_t td_result_warning_count(const td_result *res)
{
    return res != NULL ? res->warning_count : 0;
}

bool td_result_warning(td_warning *out, const td_result *res, size_t i)
{
    return res != NULL && td_remark_at(out, res->warnings, res->warning_count, i);
}

td_award_status td_result_award_status(const td_result *res, size_t m, size_t a)
{
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || a >= res->rulebook->rules.award_count)
        return TD_AWARD_NOT_ELIGIBLE;
    return mr->awards[a].status;
}

const char *td_result_award_explain(const td_result *res, size_t m, size_t a, td_lang lang)
{
    const td_member_result *mr = member_at(res, m);
    if (mr == NULL || a >= res->rulebook->rules.award_count)
        return NULL;
    return in_lang(mr->awards[a].explain, lang);
}

const char *td_award_status_name(td_award_status status)
{
    switch (status) {
    case TD_AWARD_NOT_ELIGIBLE: return "not_eligible";
    case TD_AWARD_SELECTED: return "selected";
    case TD_AWARD_EXCLUDED: return "excluded";
    case TD_AWARD_OVER_QUOTA: return "over_quota";
    case TD_AWARD_TIE_AT_QUOTA: return "tie_at_quota";
    case TD_AWARD_PENDING_BALLOT: return "pending_ballot";
    case TD_AWARD_BALLOT_FAILED: return "ballot_failed";
    default: return NULL;
    }
}

const char *td_result_report_field(const td_result *res, td_report_field field)
{
    return res != NULL && (unsigned)field < TD_REPORT_FIELD_COUNT ? res->report.fields[field] : NULL;
}

size_t td_result_report_signer_count(const td_result *res)
{
    return res != NULL ? res->report.signer_count : 0;
}

const char *td_result_report_signer(const td_result *res, size_t i, td_signer_field field)
{
    if (res == NULL || i >= res->report.signer_count || (unsigned)field >= TD_SIGNER_FIELD_COUNT)
        return NULL;
    return res->report.signers[i][field];
}
