#include "fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static td_decimal N(const char *text)
{
    td_decimal d = td_decimal_zero();
    td_decimal_parse(&d, text, NULL);
    return d;
}

td_status fixture_rulebook(td_rulebook **out, const td_allocator *alloc, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_status rc = td_rulebook_builder_new(&b, "fixture", alloc, err);
    if (rc != TD_OK)
        return rc;
    td_decimal sec_a = N("30"), two = N("2"), three = N("3"), bmax = N("4"), m80 = N("80"),
               m50 = N("50");
    if ((rc = td_rulebook_builder_set_name(b, "Bảng điểm thử", err)) ||
        (rc = td_rulebook_builder_set_precision(b, 2, err)) ||
        (rc = td_rulebook_builder_add_section(b, "A", "Phần A", &sec_a, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "prop", "Tỷ lệ", N("10"), err)) ||
        (rc = tr_rule_proportional(b, "prop", N("1.2"), err)) ||
        (rc = td_rulebook_builder_set_bonus(b, "prop", N("5"), N("0.5"), &two, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "thr", "Ngưỡng", N("10"), err)) ||
        (rc = tr_rule_threshold(b, "thr", N("1"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "short", "Thiếu hụt", N("10"), err)) ||
        (rc = tr_rule_shortfall(b, "short", N("1"), N("5"), TD_SHORTFALL_STEP_CEIL, N("2"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "poverty", "Hộ nghèo", N("10"), err)) ||
        (rc = td_rulebook_builder_set_measure(b, "poverty", "poverty_rate", err)) ||
        (rc = td_rulebook_builder_set_direction(b, "poverty", TD_DIRECTION_LOWER, err)) ||
        (rc = tr_rule_shortfall(b, "poverty", N("0.5"), N("3"), TD_SHORTFALL_STEP_LINEAR, N("0"), err)) ||
        (rc = td_rulebook_builder_add_section(b, "B", "Phần B", NULL, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "bands", "Mức", N("4"), err)) ||
        (rc = tr_rule_bands(b, "bands", err)) ||
        (rc = tr_add_band(b, "bands", N("0.8"), N("4"), err)) ||
        (rc = tr_add_band(b, "bands", N("0.6"), N("3"), err)) ||
        (rc = tr_add_band(b, "bands", N("0"), N("2"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "best", "Tốt nhất", N("10"), err)) ||
        (rc = tr_rule_best(b, "best", TD_BEST_OF_ATTAINMENT, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "low", "Thấp nhất", N("5"), err)) ||
        (rc = td_rulebook_builder_set_direction(b, "low", TD_DIRECTION_LOWER, err)) ||
        (rc = tr_rule_best(b, "low", TD_BEST_OF_ACTUAL, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "rank", "Xếp hạng", N("6"), err)) ||
        (rc = tr_rule_rank(b, "rank", err)) ||
        (rc = tr_add_rank_points(b, "rank", N("6"), err)) ||
        (rc = tr_add_rank_points(b, "rank", N("4"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "manual", "Thẩm định", N("10"), err)) ||
        (rc = tr_rule_manual(b, "manual", err)) ||
        (rc = td_rulebook_builder_add_adjustment(b, "flag", "Cờ thi đua", TD_ADJUSTMENT_BONUS, N("2"), &three, err)) ||
        (rc = td_rulebook_builder_add_adjustment(b, "late", "Chậm báo cáo", TD_ADJUSTMENT_DEDUCTION, N("1.5"), NULL, err)) ||
        (rc = td_rulebook_builder_set_bonus_max(b, &bmax, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "good", "Tốt", &m80, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "fair", "Khá", &m50, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "weak", "Yếu", NULL, err)) ||
        (rc = td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ROTATION, err)) ||
        (rc = td_rulebook_builder_add_leader_order(b, "u1", err)) ||
        (rc = td_rulebook_builder_add_leader_order(b, "u3", err)) ||
        (rc = td_rulebook_builder_add_leader_order(b, "u2", err)))
        goto done;
    rc = td_rulebook_builder_build(out, b, err);
done:
    td_rulebook_builder_free(b);
    return rc;
}

static const char *const units[] = {"u1", "u2", "u3"};
static const struct {
    const char *measure;
    const char *target[3];
    const char *actual[3];
} values[] = {
    {"prop", {"100", "100", "0"}, {"130", "95", "7"}},
    {"thr", {"10", "10", "10"}, {"10", "9.99", "12"}},
    {"short", {"200", "200", "200"}, {"150", "199", "220"}},
    {"poverty_rate", {"5", "4", "6"}, {"4.2", "4.5", "6"}},
    {"bands", {"100", "100", "100"}, {"85", "60", "10"}},
    {"best", {"50", "40", "30"}, {"55", "40", "27"}},
    {"rank", {"8", "8", "8"}, {"9", "9", "7"}},
};

td_status fixture_cluster(td_cluster **out, const td_allocator *alloc, td_error *err)
{
    td_cluster *c = NULL;
    td_status rc = td_cluster_new(&c, "cum", 2024, alloc, err);
    if (rc != TD_OK)
        return rc;
    if ((rc = td_cluster_set_name(c, "Cụm thử", err)) ||
        (rc = td_cluster_add_member(c, "u1", "Đơn vị 1", err)) ||
        (rc = td_cluster_add_member(c, "u2", "Đơn vị 2", err)) ||
        (rc = td_cluster_add_member(c, "u3", NULL, err)) ||
        (rc = td_cluster_set_leader(c, "u3", err)))
        goto done;
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
        for (size_t m = 0; m < 3; m++)
            if ((rc = td_cluster_set_target(c, units[m], values[v].measure, N(values[v].target[m]), err)) ||
                (rc = td_cluster_set_actual(c, units[m], values[v].measure, N(values[v].actual[m]), err)))
                goto done;
    if ((rc = td_cluster_set_actual(c, "u1", "low", N("3"), err)) ||
        (rc = td_cluster_set_actual(c, "u2", "low", N("0"), err)) ||
        (rc = td_cluster_set_actual(c, "u3", "low", N("6"), err)) ||
        (rc = td_cluster_set_score(c, TD_SCORE_SOURCE_SELF, "u1", "manual", N("9"), err)) ||
        (rc = td_cluster_set_score(c, TD_SCORE_SOURCE_CROSS, "u1", "manual", N("8.5"), err)) ||
        (rc = td_cluster_set_score(c, TD_SCORE_SOURCE_FINAL, "u2", "manual", N("7.125"), err)) ||
        (rc = td_cluster_set_score(c, TD_SCORE_SOURCE_SELF, "u3", "manual", N("10"), err)) ||
        (rc = td_cluster_add_event(c, "u1", "flag", 1, err)) ||
        (rc = td_cluster_add_event(c, "u1", "flag", 1, err)) ||
        (rc = td_cluster_add_event(c, "u2", "late", 3, err)) ||
        (rc = td_cluster_add_history(c, "u1", 2023, "good", err)) ||
        (rc = td_cluster_add_predecessor(c, "u1", "old-u1", err)))
        goto done;
    *out = c;
    c = NULL;
done:
    td_cluster_free(c);
    return rc;
}

td_status fixture_awards_rulebook(td_rulebook **out, const td_allocator *alloc, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_status rc = td_rulebook_builder_new(&b, "fixture-awards", alloc, err);
    if (rc != TD_OK)
        return rc;
    td_decimal thirty = N("30"), two = N("2"), four = N("4"), m25 = N("25"), m15 = N("15");
    if ((rc = td_rulebook_builder_add_measure(b, "hh_rate", "hh_achieved / hh_registered", err)) ||
        (rc = td_rulebook_builder_add_section(b, "A", "Phần A", &thirty, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "hh_rate", "Tỷ lệ hộ đạt", N("10"), err)) ||
        (rc = tr_rule_proportional(b, "hh_rate", N("1"), err)) ||
        (rc = td_rulebook_builder_set_bonus(b, "hh_rate", N("5"), N("1"), &two, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "mix", "Biểu thức", N("10"), err)) ||
        /* an expr criterion needs a target and an actual like any other: it scores hh_rate's */
        (rc = td_rulebook_builder_set_measure(b, "mix", "hh_rate", err)) ||
        (rc = tr_rule_expr(b, "mix", "if(met(hh_rate), 10, attainment(hh_rate) * 10) - events('late')", err)) ||
        (rc = td_rulebook_builder_add_section(b, "B", NULL, NULL, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "rep", NULL, N("10"), err)) ||
        (rc = tr_rule_manual(b, "rep", err)) ||
        (rc = td_rulebook_builder_add_adjustment(b, "flag", NULL, TD_ADJUSTMENT_BONUS, N("2"), &four, err)) ||
        (rc = td_rulebook_builder_add_adjustment(b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, N("1"), NULL, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "xs", "Xuất sắc", &m25, err)) ||
        (rc = td_rulebook_builder_set_classification_when(b, "xs", "all_met() and min_share() >= 50%", err)) ||
        (rc = td_rulebook_builder_add_classification(b, "tot", "Tốt", &m15, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "rest", NULL, NULL, err)) ||
        (rc = td_rulebook_builder_add_ranking_key(b, "total", true, err)) ||
        (rc = td_rulebook_builder_add_ranking_key(b, "count_met()", true, err)) ||
        (rc = td_rulebook_builder_add_ranking_key(b, "is_leader", false, err)) ||
        (rc = td_rulebook_builder_add_award(b, "flag_award", "Cờ", "rank == 1 and classification == 'xs'", err)) ||
        (rc = td_rulebook_builder_set_award_quota_count(b, "flag_award", 1, err)) ||
        (rc = td_rulebook_builder_add_award(b, "merit", "Bằng khen", "classification != 'rest' and consecutive('xs') >= 1", err)) ||
        (rc = td_rulebook_builder_set_award_quota_percent(b, "merit", N("50"), TD_ROUNDING_HALF_UP, 1, err)) ||
        (rc = td_rulebook_builder_add_award_exclusion(b, "merit", "flag_award", err)) ||
        (rc = td_rulebook_builder_add_award(b, "paper", NULL, "not award('merit') and history('merit', 3) == 0", err)) ||
        (rc = td_rulebook_builder_set_award_order(b, "paper", "total", err)) ||
        (rc = td_rulebook_builder_set_award_quota_count(b, "paper", 1, err)) ||
        (rc = td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ELECTION, err)))
        goto done;
    rc = td_rulebook_builder_build(out, b, err);
done:
    td_rulebook_builder_free(b);
    return rc;
}

td_status fixture_awards_cluster(td_cluster **out, const td_allocator *alloc, td_error *err)
{
    static const char *const ids[] = {"u1", "u2", "u3", "u4"};
    static const char *const reg[][2] = {{"100", "120"}, {"100", "100"}, {"80", "60"}, {"90", "95"}};
    static const char *const ach[][2] = {{"90", "115"}, {"90", "99"}, {"70", "40"}, {"80", "85"}};
    static const char *const rep[] = {"9", "8", "6", "9"};
    td_cluster *c = NULL;
    td_status rc = td_cluster_new(&c, "cum-awards", 2024, alloc, err);
    if (rc != TD_OK)
        return rc;
    for (size_t m = 0; m < 4; m++)
        if ((rc = td_cluster_add_member(c, ids[m], NULL, err)) ||
            (rc = td_cluster_set_target(c, ids[m], "hh_registered", N(reg[m][0]), err)) ||
            (rc = td_cluster_set_actual(c, ids[m], "hh_registered", N(reg[m][1]), err)) ||
            (rc = td_cluster_set_target(c, ids[m], "hh_achieved", N(ach[m][0]), err)) ||
            (rc = td_cluster_set_actual(c, ids[m], "hh_achieved", N(ach[m][1]), err)) ||
            (rc = td_cluster_set_score(c, TD_SCORE_SOURCE_SELF, ids[m], "rep", N(rep[m]), err)))
            goto done;
    if ((rc = td_cluster_set_leader(c, "u2", err)) ||
        (rc = td_cluster_set_next_leader(c, "u4", err)) ||
        (rc = td_cluster_add_event(c, "u1", "flag", 1, err)) ||
        (rc = td_cluster_add_event(c, "u3", "late", 2, err)) ||
        (rc = td_cluster_add_history(c, "u1", 2023, "xs", err)) ||
        (rc = td_cluster_add_history(c, "u2", 2023, "xs", err)) ||
        (rc = td_cluster_add_history(c, "u2", 2022, "merit", err)) ||
        (rc = td_cluster_add_history(c, "old-u4", 2023, "xs", err)) ||
        (rc = td_cluster_add_history(c, "older-u4", 2022, "xs", err)) ||
        (rc = td_cluster_add_predecessor(c, "u4", "old-u4", err)) ||
        (rc = td_cluster_add_predecessor(c, "old-u4", "older-u4", err)))
        goto done;
    *out = c;
    c = NULL;
done:
    td_cluster_free(c);
    return rc;
}

typedef struct dump {
    char *data;
    size_t len, cap;
} dump;

static void put(dump *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (d->len + (size_t)n + 1 > d->cap) {
        d->cap = (d->len + (size_t)n + 1) * 2;
        d->data = realloc(d->data, d->cap);
        if (d->data == NULL)
            abort();
    }
    va_start(ap, fmt);
    vsnprintf(d->data + d->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    d->len += (size_t)n;
}

static void put_decimal(dump *d, td_decimal v)
{
    char buf[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(buf, sizeof buf, v);
    put(d, " %s", buf);
}

/* The text of an explanation, or "" when `texts` is false. */
static const char *said(bool texts, const char *text)
{
    return texts && text != NULL ? text : "";
}

static char *dump_result(const td_result *res, bool texts)
{
    dump d = {NULL, 0, 0};
    put(&d, "%s %lld next=%s\n", td_result_cluster_id(res), (long long)td_result_period(res),
        td_result_next_leader(res) ? td_result_next_leader(res) : "-");
    for (int l = 0; l < 2; l++)
        put(&d, "%s\n", said(texts, td_result_leader_explain(res, (td_lang)l)));
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        put(&d, "%s %zu", td_result_member_unit(res, m), td_result_member_rank(res, m));
        put_decimal(&d, td_result_member_total(res, m));
        put_decimal(&d, td_result_member_base(res, m));
        put_decimal(&d, td_result_member_bonus(res, m));
        put_decimal(&d, td_result_member_deduction(res, m));
        put(&d, " %s\n", td_result_member_classification(res, m) ? td_result_member_classification(res, m) : "-");
        for (int l = 0; l < 2; l++)
            put(&d, "%s\n%s\n%s\n", said(texts, td_result_member_explain(res, m, (td_lang)l)),
                said(texts, td_result_classification_explain(res, m, (td_lang)l)),
                said(texts, td_result_rank_explain(res, m, (td_lang)l)));
        for (size_t c = 0; c < td_result_criterion_count(res); c++) {
            td_decimal r;
            put(&d, "  %s", td_rulebook_criterion_id(td_result_rulebook(res), c));
            if (td_result_attainment(&r, res, m, c))
                put_decimal(&d, r);
            put(&d, " met=%d", td_result_met(res, m, c));
            put_decimal(&d, td_result_points(res, m, c));
            put_decimal(&d, td_result_criterion_bonus(res, m, c));
            put(&d, "\n  %s\n  %s\n", said(texts, td_result_criterion_explain(res, m, c, TD_LANG_VI)),
                said(texts, td_result_criterion_explain(res, m, c, TD_LANG_EN)));
        }
        for (size_t a = 0; a < td_result_award_count(res); a++)
            put(&d, "  award %s %s\n  %s\n  %s\n", td_rulebook_award_id(td_result_rulebook(res), a),
                td_award_status_name(td_result_award_status(res, m, a)),
                said(texts, td_result_award_explain(res, m, a, TD_LANG_VI)),
                said(texts, td_result_award_explain(res, m, a, TD_LANG_EN)));
    }
    for (size_t a = 0; a < td_result_award_count(res); a++)
        put(&d, "quota %lld\n%s\n%s\n", (long long)td_result_award_quota(res, a),
            said(texts, td_result_award_quota_explain(res, a, TD_LANG_VI)),
            said(texts, td_result_award_quota_explain(res, a, TD_LANG_EN)));
    return d.data;
}

char *fixture_dump(const td_result *res)
{
    return dump_result(res, true);
}

char *fixture_dump_numbers(const td_result *res)
{
    return dump_result(res, false);
}
