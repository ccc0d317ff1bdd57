#include "fuzz_case.h"

#include "fuzz_check.h"

const char *const fuzz_case_default[FUZZ_SLOTS] = {
    "done / planned",
    "if(actual(models) >= target(models), 30, 30 * actual(models) / max(target(models), 1))",
    "min_share() >= 50%",
    "count_met()",
    "classification in ['xuat_sac', 'tot'] and consecutive('xuat_sac') >= 1",
    "rank",
};

static td_decimal N(const char *text)
{
    td_decimal d = td_decimal_zero();
    if (td_decimal_parse(&d, text, NULL) != TD_OK)
        fuzz_fail("the case's number '%s' does not parse", text);
    return d;
}

static const char *slot(const char *const *slots, int i)
{
    return slots && slots[i] ? slots[i] : fuzz_case_default[i];
}

/* A call that takes fuzzed text: it may fail, but only by the contract. */
#define SLOT_CALL(call, what)                                                                      \
    do {                                                                                           \
        rc = (call);                                                                               \
        fuzz_check_status(rc, err, what);                                                          \
        if (rc != TD_OK)                                                                           \
            goto done;                                                                             \
    } while (0)

/* A call with fixed arguments: it must succeed. */
#define FIXED_CALL(call)                                                                           \
    do {                                                                                           \
        rc = (call);                                                                               \
        if (rc != TD_OK)                                                                           \
            fuzz_fail("%s failed: %s", #call, err->message);                                      \
    } while (0)

td_status fuzz_case_rulebook(td_rulebook **out, const char *const *slots, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_decimal sixty = N("60"), four = N("4"), m90 = N("90"), m70 = N("70");
    static const char *const order[] = {"tan-uyen", "tam-duong", "than-uyen", "tp-lai-chau"};
    td_status rc = td_rulebook_builder_new(&b, "fuzz-case", NULL, err);
    if (rc != TD_OK)
        fuzz_fail("td_rulebook_builder_new failed: %s", err->message);
    SLOT_CALL(td_rulebook_builder_add_measure(b, "rate", slot(slots, FUZZ_SLOT_MEASURE), err),
              "td_rulebook_builder_add_measure");
    FIXED_CALL(td_rulebook_builder_add_section(b, "A", "Phong trào", &sixty, err));
    FIXED_CALL(td_rulebook_builder_add_criterion(b, "A", "planned", NULL, N("10"), err));
    td_rule rule = TD_RULE_INIT;
    rule.kind = TD_RULE_PROPORTIONAL;
    FIXED_CALL(td_rulebook_builder_set_rule(b, "planned", &rule, err));
    FIXED_CALL(td_rulebook_builder_add_criterion(b, "A", "loans", NULL, N("15"), err));
    rule.kind = TD_RULE_THRESHOLD;
    FIXED_CALL(td_rulebook_builder_set_rule(b, "loans", &rule, err));
    FIXED_CALL(td_rulebook_builder_add_criterion(b, "A", "rate", "Tỷ lệ", N("20"), err));
    rule.kind = TD_RULE_SHORTFALL;
    rule.deduct = N("2");
    rule.per = N("5");
    rule.step = TD_SHORTFALL_STEP_CEIL;
    FIXED_CALL(td_rulebook_builder_set_rule(b, "rate", &rule, err));
    FIXED_CALL(td_rulebook_builder_add_section(b, "B", "Tổ chức", NULL, err));
    FIXED_CALL(td_rulebook_builder_add_criterion(b, "B", "reporting", NULL, N("30"), err));
    rule.kind = TD_RULE_MANUAL;
    FIXED_CALL(td_rulebook_builder_set_rule(b, "reporting", &rule, err));
    FIXED_CALL(td_rulebook_builder_add_criterion(b, "B", "models", NULL, N("30"), err));
    rule.kind = TD_RULE_EXPR;
    rule.expr = slot(slots, FUZZ_SLOT_RULE);
    SLOT_CALL(td_rulebook_builder_set_rule(b, "models", &rule, err), "td_rulebook_builder_set_rule (expr)");
    FIXED_CALL(td_rulebook_builder_add_adjustment(b, "national_award", NULL, TD_ADJUSTMENT_BONUS,
                                                  N("2"), &four, err));
    FIXED_CALL(td_rulebook_builder_add_adjustment(b, "late_report", NULL, TD_ADJUSTMENT_DEDUCTION,
                                                  N("1.5"), NULL, err));
    FIXED_CALL(td_rulebook_builder_add_classification(b, "xuat_sac", "Xuất sắc", &m90, err));
    SLOT_CALL(td_rulebook_builder_set_classification_when(b, "xuat_sac",
                                                          slot(slots, FUZZ_SLOT_CLASS_WHEN), err),
              "td_rulebook_builder_set_classification_when");
    FIXED_CALL(td_rulebook_builder_add_classification(b, "tot", NULL, &m70, err));
    FIXED_CALL(td_rulebook_builder_add_classification(b, "khong_hoan_thanh", NULL, NULL, err));
    FIXED_CALL(td_rulebook_builder_add_ranking_key(b, "total", true, err));
    SLOT_CALL(td_rulebook_builder_add_ranking_key(b, slot(slots, FUZZ_SLOT_RANKING_KEY), true, err),
              "td_rulebook_builder_add_ranking_key");
    SLOT_CALL(td_rulebook_builder_add_award(b, "co_thi_dua", NULL,
                                            "rank == 1 and classification == 'xuat_sac'", err),
              "td_rulebook_builder_add_award");
    FIXED_CALL(td_rulebook_builder_set_award_quota_count(b, "co_thi_dua", 1, err));
    SLOT_CALL(td_rulebook_builder_add_award(b, "bang_khen", "Bằng khen", slot(slots, FUZZ_SLOT_AWARD_WHEN),
                                            err),
              "td_rulebook_builder_add_award");
    FIXED_CALL(td_rulebook_builder_add_award_exclusion(b, "bang_khen", "co_thi_dua", err));
    FIXED_CALL(td_rulebook_builder_set_award_quota_percent(b, "bang_khen", N("50"), TD_ROUNDING_FLOOR, 1, err));
    FIXED_CALL(td_rulebook_builder_add_award(b, "giay_khen", NULL, "not award('bang_khen')", err));
    SLOT_CALL(td_rulebook_builder_set_award_order(b, "giay_khen", slot(slots, FUZZ_SLOT_AWARD_ORDER), err),
              "td_rulebook_builder_set_award_order");
    FIXED_CALL(td_rulebook_builder_set_award_quota_count(b, "giay_khen", 2, err));
    FIXED_CALL(td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ROTATION, err));
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        FIXED_CALL(td_rulebook_builder_add_leader_order(b, order[i], err));
    rc = td_rulebook_builder_build(out, b, err);
    fuzz_check_status(rc, err, "td_rulebook_builder_build");
done:
    td_rulebook_builder_free(b);
    return rc;
}

static const char *const units[4] = {"tan-uyen", "tp-lai-chau", "than-uyen", "tam-duong"};
static const struct {
    const char *measure;
    const char *target[4]; /* NULL: not given */
    const char *actual[4];
} values[] = {
    {"planned", {"1000", "800", "900", "3563"}, {"1000", "820", "880", "3563"}},
    {"done", {"900", "700", "800", "3563"}, {"950", "720", "790", "3425"}},
    {"loans", {"10", "8", "6", "0"}, {"12", "8", "5", "0"}},
    {"models", {"4", "3", "4", "0"}, {"5", "3", "4", "3"}},
};
static const char *const reporting[4] = {"28", "29.5", "25", "0"};

td_cluster *fuzz_case_cluster(void)
{
    td_error e, *err = &e;
    td_cluster *c = NULL;
    td_status rc;
    FIXED_CALL(td_cluster_new(&c, "cum-2", 2023, NULL, err));
    for (size_t m = 0; m < 4; m++) {
        FIXED_CALL(td_cluster_add_member(c, units[m], m == 0 ? "Tân Uyên" : NULL, err));
        FIXED_CALL(td_cluster_set_score(c, TD_SCORE_SOURCE_FINAL, units[m], "reporting", N(reporting[m]), err));
    }
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
        for (size_t m = 0; m < 4; m++) {
            if (values[v].target[m])
                FIXED_CALL(td_cluster_set_target(c, units[m], values[v].measure, N(values[v].target[m]), err));
            FIXED_CALL(td_cluster_set_actual(c, units[m], values[v].measure, N(values[v].actual[m]), err));
        }
    FIXED_CALL(td_cluster_set_leader(c, "tan-uyen", err));
    FIXED_CALL(td_cluster_add_event(c, "tan-uyen", "national_award", 3, err));
    FIXED_CALL(td_cluster_add_event(c, "tam-duong", "late_report", 2, err));
    FIXED_CALL(td_cluster_add_history(c, "tan-uyen", 2022, "xuat_sac", err));
    FIXED_CALL(td_cluster_add_history(c, "tp-lai-chau", 2022, "xuat_sac", err));
    FIXED_CALL(td_cluster_add_history(c, "tp-lai-chau", 2021, "xuat_sac", err));
    FIXED_CALL(td_cluster_add_history(c, "tp-lai-chau", 2022, "bang_khen", err));
    FIXED_CALL(td_cluster_add_history(c, "thi-xa-lai-chau", 2020, "xuat_sac", err));
    FIXED_CALL(td_cluster_add_predecessor(c, "tp-lai-chau", "thi-xa-lai-chau", err));
    FIXED_CALL(td_cluster_add_history(c, "than-uyen", 2021, "xuat_sac", err));
    FIXED_CALL(td_cluster_add_history(c, "than-uyen", 2022, "tot", err));
    return c;
}
