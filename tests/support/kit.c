#include "kit.h"

#include <stdlib.h>

#define KIT_OK(k, call)                                                                            \
    do {                                                                                           \
        if ((call) != TD_OK)                                                                       \
            fail_msg("%s:%d: %s failed: %s", __FILE__, __LINE__, #call, (k)->err.message);         \
    } while (0)

void kit_init(kit *k, int64_t period)
{
    memset(k, 0, sizeof *k);
    KIT_OK(k, td_rulebook_builder_new(&k->b, "kit", NULL, &k->err));
    KIT_OK(k, td_rulebook_builder_add_section(k->b, "S", NULL, NULL, &k->err));
    KIT_OK(k, td_rulebook_builder_add_criterion(k->b, "S", "score", NULL, D("100"), &k->err));
    KIT_OK(k, tr_rule_manual(k->b, "score", &k->err));
    KIT_OK(k, td_cluster_new(&k->c, "k", period, NULL, &k->err));
}

void kit_free(kit *k)
{
    td_result_free(k->res);
    td_rulebook_free(k->rb);
    td_cluster_free(k->c);
    td_rulebook_builder_free(k->b);
    memset(k, 0, sizeof *k);
}

void kit_member(kit *k, const char *unit, const char *score)
{
    KIT_OK(k, td_cluster_add_member(k->c, unit, NULL, &k->err));
    KIT_OK(k, td_cluster_set_score(k->c, TD_SCORE_SOURCE_FINAL, unit, "score", D(score), &k->err));
}

void kit_measure(kit *k, const char *unit, const char *measure, const char *target, const char *actual)
{
    KIT_OK(k, td_cluster_set_target(k->c, unit, measure, D(target), &k->err));
    KIT_OK(k, td_cluster_set_actual(k->c, unit, measure, D(actual), &k->err));
}

void kit_derived(kit *k, const char *id, const char *formula)
{
    KIT_OK(k, td_rulebook_builder_add_measure(k->b, id, formula, &k->err));
}

void kit_class(kit *k, const char *id, const char *min, const char *when)
{
    td_decimal m = min != NULL ? D(min) : td_decimal_zero();
    KIT_OK(k, td_rulebook_builder_add_classification(k->b, id, NULL, min != NULL ? &m : NULL, &k->err));
    if (when != NULL)
        KIT_OK(k, td_rulebook_builder_set_classification_when(k->b, id, when, &k->err));
}

void kit_award(kit *k, const char *id, const char *when)
{
    KIT_OK(k, td_rulebook_builder_add_award(k->b, id, NULL, when, &k->err));
}

void kit_quota_count(kit *k, const char *award, int64_t count)
{
    KIT_OK(k, td_rulebook_builder_set_award_quota_count(k->b, award, count, &k->err));
}

void kit_quota_percent(kit *k, const char *award, const char *percent, td_rounding rounding, int64_t min)
{
    KIT_OK(k, td_rulebook_builder_set_award_quota_percent(k->b, award, D(percent), rounding, min, &k->err));
}

void kit_excludes(kit *k, const char *award, const char *other)
{
    KIT_OK(k, td_rulebook_builder_add_award_exclusion(k->b, award, other, &k->err));
}

void kit_history(kit *k, const char *unit, int64_t period, const char *id)
{
    KIT_OK(k, td_cluster_add_history(k->c, unit, period, id, &k->err));
}

void kit_predecessor(kit *k, const char *unit, const char *predecessor)
{
    KIT_OK(k, td_cluster_add_predecessor(k->c, unit, predecessor, &k->err));
}

td_status kit_run(kit *k)
{
    td_result_free(k->res);
    td_rulebook_free(k->rb);
    k->res = NULL;
    k->rb = NULL;
    td_error_clear(&k->err);
    td_status rc = td_rulebook_builder_build(&k->rb, k->b, &k->err);
    /* the kit's tests assert the explanations' formulas ("rank = 2 != 1");
     * conditions in words have their own tests (test_words.c) */
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.formulas = !k->words;
    if (rc == TD_OK)
        rc = td_evaluate(&k->res, k->rb, k->c, &opts, &k->err);
    return rc;
}

void kit_run_ok(kit *k)
{
    KIT_OK(k, kit_run(k));
}

size_t kit_index(const kit *k, const char *unit)
{
    size_t m = 0;
    td_error err;
    if (td_result_find_member(&m, k->res, unit, &err) != TD_OK)
        fail_msg("%s", err.message);
    return m;
}

size_t kit_award_index(const kit *k, const char *award)
{
    for (size_t a = 0; a < td_rulebook_award_count(k->rb); a++)
        if (strcmp(td_rulebook_award_id(k->rb, a), award) == 0)
            return a;
    fail_msg("no award '%s'", award);
    return 0;
}

td_award_status kit_status(const kit *k, const char *unit, const char *award)
{
    return td_result_award_status(k->res, kit_index(k, unit), kit_award_index(k, award));
}

const char *kit_explain(const kit *k, const char *unit, const char *award, td_lang lang)
{
    return td_result_award_explain(k->res, kit_index(k, unit), kit_award_index(k, award), lang);
}

const char *kit_quota_explain(const kit *k, const char *award, td_lang lang)
{
    return td_result_award_quota_explain(k->res, kit_award_index(k, award), lang);
}

void kit_assert_contains(const char *text, const char *part, const char *file, int line)
{
    if (text == NULL || strstr(text, part) == NULL)
        fail_msg("%s:%d: \"%s\" lacks \"%s\"", file, line, text ? text : "(null)", part);
}

void kit_assert_award(const kit *k, const char *unit, const char *award, td_award_status status,
                      const char *en, const char *vi, const char *file, int line)
{
    td_award_status got = kit_status(k, unit, award);
    if (got != status)
        fail_msg("%s:%d: %s for '%s' is %s, want %s (%s)", file, line, unit, award, td_award_status_name(got),
                 td_award_status_name(status), kit_explain(k, unit, award, TD_LANG_EN));
    if (en != NULL)
        kit_assert_contains(kit_explain(k, unit, award, TD_LANG_EN), en, file, line);
    if (vi != NULL)
        kit_assert_contains(kit_explain(k, unit, award, TD_LANG_VI), vi, file, line);
}
