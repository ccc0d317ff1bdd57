/*
 * What each member gets (worked out by hand; the tests pin these numbers):
 *
 *   unit         A      reporting  models  bonus  deduction  total  class     rank
 *   tan-uyen     40     28         30      2      0          100    xuat_sac  1
 *   tp-lai-chau  40     29         30      0      0          99     xuat_sac  2
 *   tam-duong    39.42  20         22.5    0      1          80.92  tot       3
 *   than-uyen    24.59  25         30      0      0          79.59  tot       4
 *
 * tam-duong: hh_rate = 3425 / 3563 = 0.961269 against a target rate of 1,
 * so attainment(hh_rate) = 0.961269. co_thi_dua goes to tan-uyen, which is
 * then excluded from bang_khen; bang_khen (quota 50 % of 4 = 2) goes to
 * tp-lai-chau only, as the others are not xuat_sac. consecutive('xuat_sac')
 * is 3 for tp-lai-chau (2022, 2021, and 2020 through its predecessor), 1
 * for tan-uyen, 0 for than-uyen (2022 missing) and tam-duong.
 */
#include "expr_case.h"

#include <stdio.h>

#include "td_test.h"

static td_decimal N(const char *text)
{
    td_decimal d = td_decimal_zero();
    td_decimal_parse(&d, text, NULL);
    return d;
}

td_status expr_case_rulebook(td_rulebook **out, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_status rc = td_rulebook_builder_new(&b, "expr-case", NULL, err);
    if (rc != TD_OK)
        return rc;
    td_decimal forty = N("40"), four = N("4"), m90 = N("90"), m70 = N("70"), m50 = N("50");
    const char *order[] = {"tan-uyen", "tam-duong", "than-uyen", "tp-lai-chau"};
    if ((rc = td_rulebook_builder_add_measure(b, "hh_rate", "hh_achieved / hh_registered", err)) ||
        (rc = td_rulebook_builder_add_section(b, "A", "Phong trào", &forty, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "hh_registered", NULL, N("10"), err)) ||
        (rc = tr_rule_proportional(b, "hh_registered", N("1"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "hh_achieved", NULL, N("15"), err)) ||
        (rc = tr_rule_proportional(b, "hh_achieved", N("1"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "loans", NULL, N("15"), err)) ||
        (rc = tr_rule_threshold(b, "loans", N("1"), err)) ||
        (rc = td_rulebook_builder_add_section(b, "B", "Tổ chức", NULL, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "reporting", NULL, N("30"), err)) ||
        (rc = tr_rule_manual(b, "reporting", err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "models", NULL, N("30"), err)) ||
        (rc = tr_rule_expr(
             b, "models", "if(actual(models) >= target(models), 30, 30 * actual(models) / target(models))",
             err)) ||
        (rc = td_rulebook_builder_add_adjustment(b, "national_award", NULL, TD_ADJUSTMENT_BONUS, N("2"), &four, err)) ||
        (rc = td_rulebook_builder_add_adjustment(b, "late_report", NULL, TD_ADJUSTMENT_DEDUCTION, N("1"), NULL, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "xuat_sac", NULL, &m90, err)) ||
        (rc = td_rulebook_builder_set_classification_when(b, "xuat_sac", "min_share() >= 85%", err)) ||
        (rc = td_rulebook_builder_add_classification(b, "tot", NULL, &m70, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "hoan_thanh", NULL, &m50, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "khong_hoan_thanh", NULL, NULL, err)) ||
        (rc = td_rulebook_builder_add_ranking_key(b, "total", true, err)) ||
        (rc = td_rulebook_builder_add_ranking_key(b, "count_met()", true, err)) ||
        (rc = td_rulebook_builder_add_award(b, "co_thi_dua", NULL,
                                            "rank == 1 and classification == 'xuat_sac'", err)) ||
        (rc = td_rulebook_builder_set_award_quota_count(b, "co_thi_dua", 1, err)) ||
        (rc = td_rulebook_builder_add_award(
             b, "bang_khen", NULL, "classification == 'xuat_sac' and consecutive('xuat_sac') >= 1", err)) ||
        (rc = td_rulebook_builder_add_award_exclusion(b, "bang_khen", "co_thi_dua", err)) ||
        (rc = td_rulebook_builder_set_award_quota_percent(b, "bang_khen", N("50"), TD_ROUNDING_FLOOR, 1, err)) ||
        (rc = td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ROTATION, err)))
        goto done;
    for (size_t i = 0; i < 4; i++)
        if ((rc = td_rulebook_builder_add_leader_order(b, order[i], err)) != TD_OK)
            goto done;
    rc = td_rulebook_builder_build(out, b, err);
done:
    td_rulebook_builder_free(b);
    return rc;
}

static const char *const units[4] = {"tan-uyen", "tp-lai-chau", "than-uyen", "tam-duong"};
static const struct {
    const char *measure;
    const char *target[4];
    const char *actual[4];
} values[] = {
    {"hh_registered", {"1000", "800", "900", "3563"}, {"1000", "820", "880", "3563"}},
    {"hh_achieved", {"900", "700", "800", "3563"}, {"950", "720", "790", "3425"}},
    {"loans", {"10", "8", "6", "5"}, {"12", "8", "5", "5"}},
    {"models", {"4", "3", "4", "4"}, {"5", "3", "4", "3"}},
};
static const char *const reporting[4] = {"28", "29", "25", "20"};

static td_status fill(td_cluster *c, td_error *err)
{
    td_status rc;
    for (size_t m = 0; m < 4; m++)
        if ((rc = td_cluster_add_member(c, units[m], NULL, err)) ||
            (rc = td_cluster_set_score(c, TD_SCORE_SOURCE_FINAL, units[m], "reporting", N(reporting[m]), err)))
            return rc;
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
        for (size_t m = 0; m < 4; m++)
            if ((rc = td_cluster_set_target(c, units[m], values[v].measure, N(values[v].target[m]), err)) ||
                (rc = td_cluster_set_actual(c, units[m], values[v].measure, N(values[v].actual[m]), err)))
                return rc;
    if ((rc = td_cluster_set_leader(c, "tan-uyen", err)) ||
        (rc = td_cluster_add_event(c, "tan-uyen", "national_award", 1, err)) ||
        (rc = td_cluster_add_event(c, "tam-duong", "late_report", 1, err)) ||
        (rc = td_cluster_add_history(c, "tan-uyen", 2022, "xuat_sac", err)) ||
        (rc = td_cluster_add_history(c, "tp-lai-chau", 2022, "xuat_sac", err)) ||
        (rc = td_cluster_add_history(c, "tp-lai-chau", 2021, "xuat_sac", err)) ||
        (rc = td_cluster_add_history(c, "tp-lai-chau", 2022, "bang_khen", err)) ||
        (rc = td_cluster_add_history(c, "thi-xa-lai-chau", 2020, "xuat_sac", err)) ||
        (rc = td_cluster_add_predecessor(c, "tp-lai-chau", "thi-xa-lai-chau", err)) ||
        (rc = td_cluster_add_history(c, "than-uyen", 2021, "xuat_sac", err)) ||
        (rc = td_cluster_add_history(c, "than-uyen", 2022, "tot", err)))
        return rc;
    return TD_OK;
}

void expr_case_open(expr_case *c)
{
    td_error err;
    td_cluster *cl = NULL;
    c->rulebook = NULL;
    c->result = NULL;
    assert_ok(expr_case_rulebook(&c->rulebook, &err), err);
    assert_ok(td_cluster_new(&cl, "cum-2", 2023, NULL, &err), err);
    td_status rc = fill(cl, &err);
    if (rc == TD_OK)
        rc = td_evaluate(&c->result, c->rulebook, cl, NULL, &err);
    td_cluster_free(cl);
    if (rc != TD_OK)
        fail_msg("the expression test case does not evaluate: %s", err.message);
}

void expr_case_close(expr_case *c)
{
    td_result_free(c->result);
    td_rulebook_free(c->rulebook);
    c->result = NULL;
    c->rulebook = NULL;
}

size_t expr_case_member(const expr_case *c, const char *unit)
{
    size_t m = 0;
    td_error err;
    assert_ok(td_result_find_member(&m, c->result, unit, &err), err);
    return m;
}

const char *expr_value_text(const td_value *v, char *buf, size_t n)
{
    switch (v->type) {
    case TD_VALUE_NUMBER: td_decimal_format(buf, n, v->number); break;
    case TD_VALUE_BOOLEAN: snprintf(buf, n, "%s", v->boolean ? "true" : "false"); break;
    case TD_VALUE_TEXT: snprintf(buf, n, "'%s'", v->text); break;
    default: snprintf(buf, n, "?%d", (int)v->type); break;
    }
    return buf;
}
