#include "one_criterion.h"

#include <stdio.h>

td_rulebook_builder *one_criterion(const char *max)
{
    td_rulebook_builder *b = NULL;
    td_error err;
    assert_ok(td_rulebook_builder_new(&b, "one", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "S", "c", NULL, D(max), &err), err);
    return b;
}

td_status one_run(td_rulebook_builder *b, size_t n, const char *const *targets,
                  const char *const *actuals, td_result **out, td_error *err)
{
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_status rc = td_rulebook_builder_build(&rb, b, err);
    td_rulebook_builder_free(b);
    if (rc == TD_OK)
        rc = td_cluster_new(&cl, "k", 2024, NULL, err);
    for (size_t m = 0; rc == TD_OK && m < n; m++) {
        char unit[32];
        snprintf(unit, sizeof unit, "m%zu", m + 1);
        rc = td_cluster_add_member(cl, unit, NULL, err);
        const char *measure = rc == TD_OK ? td_rulebook_criterion_measure(rb, 0) : "c";
        if (rc == TD_OK && targets != NULL && targets[m][0] != '\0')
            rc = td_cluster_set_target(cl, unit, measure, D(targets[m]), err);
        if (rc == TD_OK && actuals != NULL && actuals[m][0] != '\0')
            rc = td_cluster_set_actual(cl, unit, measure, D(actuals[m]), err);
    }
    if (rc == TD_OK)
        rc = td_evaluate(out, rb, cl, NULL, err);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return rc;
}

static size_t index_of(const td_result *res, const char *unit)
{
    size_t m = 0;
    td_error err;
    assert_ok(td_result_find_member(&m, res, unit, &err), err);
    return m;
}

td_decimal unit_points(const td_result *res, const char *unit)
{
    return td_result_points(res, index_of(res, unit), 0);
}

td_decimal unit_bonus(const td_result *res, const char *unit)
{
    return td_result_criterion_bonus(res, index_of(res, unit), 0);
}

const char *unit_explain(const td_result *res, const char *unit, td_lang lang)
{
    return td_result_criterion_explain(res, index_of(res, unit), 0, lang);
}

int unit_met(const td_result *res, const char *unit)
{
    return td_result_met(res, index_of(res, unit), 0);
}

const char *unit_attainment(const td_result *res, const char *unit, char buf[TD_DECIMAL_STRING_SIZE])
{
    td_decimal r;
    if (!td_result_attainment(&r, res, index_of(res, unit), 0))
        return "-";
    td_decimal_format(buf, TD_DECIMAL_STRING_SIZE, r);
    return buf;
}
