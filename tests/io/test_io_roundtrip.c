/*
 * td_rulebook_to_yaml: rulebooks built in code, written as YAML and read
 * back, give the same text when written again and the same numbers and
 * explanations when evaluated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "td_test.h"

/* The fixture's criteria and more: derived measures, an expr rule, every
 * shortfall step, conditions, ranking keys both ways, awards with every
 * quota, exclusions and an order, the election leader rule. */
static td_status everything_rulebook(td_rulebook **out, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_status rc = td_rulebook_builder_new(&b, "everything", NULL, err);
    if (rc != TD_OK)
        return rc;
    td_decimal d30 = D("30"), d3 = D("3"), d4 = D("4.5"), d20 = D("20"), d10 = D("10"), d2 = D("2");
    if ((rc = td_rulebook_builder_set_name(b, "Mọi thứ \"đầy đủ\"", err)) ||
        (rc = td_rulebook_builder_set_precision(b, 3, err)) ||
        (rc = td_rulebook_builder_add_measure(b, "ratio", "prop / thr", err)) ||
        (rc = td_rulebook_builder_add_measure(b, "ratio2", "round(ratio * 100, 1)", err)) ||
        (rc = td_rulebook_builder_add_section(b, "A", "Phần A", &d30, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "prop", "Tỷ lệ", D("10"), err)) ||
        (rc = tr_rule_proportional(b, "prop", D("1.2"), err)) ||
        (rc = td_rulebook_builder_set_bonus(b, "prop", D("5"), D("0.5"), NULL, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "thr", NULL, D("10"), err)) ||
        (rc = tr_rule_threshold(b, "thr", D("0.95"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "short", "Thiếu", D("10"), err)) ||
        (rc = tr_rule_shortfall(b, "short", D("1"), D("5"), TD_SHORTFALL_STEP_FLOOR, D("2"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "poverty", "Hộ nghèo", D("10"), err)) ||
        (rc = td_rulebook_builder_set_measure(b, "poverty", "poverty_rate", err)) ||
        (rc = td_rulebook_builder_set_direction(b, "poverty", TD_DIRECTION_LOWER, err)) ||
        (rc = tr_rule_shortfall(b, "poverty", D("0.5"), D("3"), TD_SHORTFALL_STEP_CEIL, D("0"), err)) ||
        (rc = td_rulebook_builder_add_section(b, "B", NULL, NULL, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "bands", "Mức", D("4"), err)) ||
        (rc = tr_rule_bands(b, "bands", err)) ||
        (rc = tr_add_band(b, "bands", D("0.8"), D("4"), err)) ||
        (rc = tr_add_band(b, "bands", D("0.6"), D("3"), err)) ||
        (rc = tr_add_band(b, "bands", D("0"), D("2"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "best", "Tốt nhất", D("10"), err)) ||
        (rc = tr_rule_best(b, "best", TD_BEST_OF_ATTAINMENT, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "low", NULL, D("5"), err)) ||
        (rc = td_rulebook_builder_set_direction(b, "low", TD_DIRECTION_LOWER, err)) ||
        (rc = tr_rule_best(b, "low", TD_BEST_OF_ACTUAL, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "lowband", "Mức thấp", D("3"), err)) ||
        (rc = td_rulebook_builder_set_measure(b, "lowband", "low", err)) ||
        (rc = td_rulebook_builder_set_direction(b, "lowband", TD_DIRECTION_LOWER, err)) ||
        (rc = tr_rule_bands_of(b, "lowband", TD_BANDS_OF_ACTUAL, err)) ||
        (rc = tr_add_band(b, "lowband", D("5"), D("0"), err)) ||
        (rc = tr_add_band(b, "lowband", D("2.5"), D("1"), err)) ||
        (rc = tr_add_band(b, "lowband", D("0"), D("3"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "rank", "Xếp hạng", D("6"), err)) ||
        (rc = tr_rule_rank(b, "rank", err)) ||
        (rc = tr_add_rank_points(b, "rank", D("6"), err)) ||
        (rc = tr_add_rank_points(b, "rank", D("4.25"), err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "manual", "Thẩm định", D("10"), err)) ||
        (rc = tr_rule_manual(b, "manual", err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "ex", "Biểu thức", D("8"), err)) ||
        (rc = tr_rule_expr(b, "ex", "attainment(prop) * 5 + events('flag')", err)) ||
        (rc = td_rulebook_builder_set_measure(b, "ex", "prop", err)) || /* expr needs target and actual */
        (rc = td_rulebook_builder_add_criterion(b, "B", "ratio", "Tỷ số", D("3"), err)) ||
        (rc = tr_rule_threshold(b, "ratio", D("1"), err)) ||
        (rc = td_rulebook_builder_add_adjustment(b, "flag", "Cờ", TD_ADJUSTMENT_BONUS, D("2"), &d3, err)) ||
        (rc = td_rulebook_builder_add_adjustment(b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, D("1.5"), NULL, err)) ||
        (rc = td_rulebook_builder_set_bonus_max(b, &d4, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "good", "Tốt", &d20, err)) ||
        (rc = td_rulebook_builder_set_classification_when(b, "good", "min_share() >= 50% and all_met() == false", err)) ||
        (rc = td_rulebook_builder_add_classification(b, "fair", NULL, &d10, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "weak", "Yếu", NULL, err)) ||
        (rc = td_rulebook_builder_add_ranking_key(b, "total", true, err)) ||
        (rc = td_rulebook_builder_add_ranking_key(b, "count_met()", true, err)) ||
        (rc = td_rulebook_builder_add_ranking_key(b, "bonus", false, err)) ||
        (rc = td_rulebook_builder_add_award(b, "a1", "Giải một", "rank <= 2", err)) ||
        (rc = td_rulebook_builder_set_award_quota_count(b, "a1", 1, err)) ||
        (rc = td_rulebook_builder_add_award(b, "a2", NULL, "classification == 'good' or classification == 'fair'", err)) ||
        (rc = td_rulebook_builder_set_award_quota_percent(b, "a2", D("50"), TD_ROUNDING_HALF_UP, 1, err)) ||
        (rc = td_rulebook_builder_add_award_exclusion(b, "a2", "a1", err)) ||
        (rc = td_rulebook_builder_set_award_order(b, "a2", "0 - total", err)) ||
        (rc = td_rulebook_builder_add_award(b, "a3", "Giải ba", "history('good', 1) >= 1 and not award('a1')", err)) ||
        (rc = td_rulebook_builder_set_award_quota_percent(b, "a3", D("34"), TD_ROUNDING_CEIL, 0, err)) ||
        (rc = td_rulebook_builder_add_award(b, "a4", NULL, NULL, err)) ||
        (rc = td_rulebook_builder_set_award_quota_percent(b, "a4", D("12.5"), TD_ROUNDING_FLOOR, 2, err)) ||
        (rc = td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ELECTION, err)))
        goto done;
    (void)d2;
    rc = td_rulebook_builder_build(out, b, err);
done:
    td_rulebook_builder_free(b);
    return rc;
}

/* Writes rb, reads it back, writes again: the texts must match. *back
 * receives the rulebook read back. */
static void write_read_write(const td_rulebook *rb, td_rulebook **back)
{
    td_error err;
    char *first, *second;
    size_t len;
    assert_ok(td_rulebook_to_yaml(&first, &len, rb, &err), err);
    assert_int_equal(len, strlen(first));
    if (td_rulebook_load_string(back, first, len, "written.yaml", NULL, &err) != TD_OK)
        fail_msg("the written rulebook does not load: %s:%u:%u: %s\n%s", err.file, err.line, err.column,
                 err.message, first);
    assert_ok(td_rulebook_to_yaml(&second, NULL, *back, &err), err);
    assert_string_equal(second, first);
    td_free(first);
    td_free(second);
}

/* Evaluates both rulebooks on the fixture's cluster: same dump. */
static void same_results(const td_rulebook *a, const td_rulebook *b, const char *next_leader)
{
    td_error err;
    td_cluster *cl = NULL;
    td_result *ra = NULL, *rb = NULL;
    assert_ok(fixture_cluster(&cl, NULL, &err), err);
    if (next_leader != NULL)
        assert_ok(td_cluster_set_next_leader(cl, next_leader, &err), err);
    assert_ok(td_evaluate(&ra, a, cl, NULL, &err), err);
    assert_ok(td_evaluate(&rb, b, cl, NULL, &err), err);
    char *da = fixture_dump(ra), *db = fixture_dump(rb);
    assert_string_equal(db, da);
    for (size_t x = 0; x < td_result_award_count(ra); x++)
        for (size_t m = 0; m < td_result_member_count(ra); m++) {
            assert_int_equal(td_result_award_status(ra, m, x), td_result_award_status(rb, m, x));
            assert_string_equal(td_result_award_explain(ra, m, x, TD_LANG_EN),
                                td_result_award_explain(rb, m, x, TD_LANG_EN));
        }
    free(da);
    free(db);
    td_result_free(ra);
    td_result_free(rb);
    td_cluster_free(cl);
}

static void fixture_rulebook_round_trips(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL, *back = NULL;
    assert_ok(fixture_rulebook(&rb, NULL, &err), err);
    write_read_write(rb, &back);
    same_results(rb, back, NULL);
    td_rulebook_free(rb);
    td_rulebook_free(back);
}

static void rulebook_with_every_feature_round_trips(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL, *back = NULL;
    assert_ok(everything_rulebook(&rb, &err), err);
    write_read_write(rb, &back);
    same_results(rb, back, "u2");
    assert_int_equal(td_rulebook_leader_rule(back), TD_LEADER_RULE_ELECTION);
    assert_int_equal(td_rulebook_award_count(back), 4);
    assert_int_equal(td_rulebook_precision(back), 3);
    size_t lowband = 0;
    assert_ok(td_rulebook_find_criterion(&lowband, back, "lowband", &err), err);
    assert_int_equal(td_rulebook_criterion_bands_of(back, lowband), TD_BANDS_OF_ACTUAL);
    size_t bands = 0;
    assert_ok(td_rulebook_find_criterion(&bands, back, "bands", &err), err);
    assert_int_equal(td_rulebook_criterion_bands_of(back, bands), TD_BANDS_OF_ATTAINMENT);
    td_rulebook_free(rb);
    td_rulebook_free(back);
}

/* The written form of a few definitions, as users will read it. */
static void written_yaml_reads_like_the_contract(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    char *text;
    assert_ok(everything_rulebook(&rb, &err), err);
    assert_ok(td_rulebook_to_yaml(&text, NULL, rb, &err), err);
    const char *expected[] = {
        "thidua: 1\nid: everything\nname: \"Mọi thứ \\\"đầy đủ\\\"\"\nprecision: 3\n",
        "measures:\n  ratio: \"prop / thr\"\n  ratio2: \"round(ratio * 100, 1)\"\n",
        "      - id: prop\n        name: \"Tỷ lệ\"\n        max: 10\n        rule: {kind: proportional, cap: 1.2}\n"
        "        bonus: {per: 5, points: 0.5}\n",
        "        rule: {kind: shortfall, deduct: 1, per: 5, step: floor, min: 2}\n",
        "        measure: poverty_rate\n        direction: lower\n",
        "  - id: B\n    criteria:\n",
        "rule: {kind: bands, bands: [{at: 0.8, points: 4}, {at: 0.6, points: 3}, {at: 0, points: 2}]}",
        "      - id: lowband\n        name: \"Mức thấp\"\n        measure: low\n        direction: lower\n"
        "        max: 3\n        rule: {kind: bands, of: actual, bands: [{at: 5, points: 0}, {at: 2.5, points: 1}, "
        "{at: 0, points: 3}]}\n",
        "rule: {kind: best, of: actual}",
        "rule: {kind: rank, points: [6, 4.25]}",
        "rule: {kind: expr, expr: \"attainment(prop) * 5 + events('flag')\"}",
        "  - {id: flag, name: \"Cờ\", kind: bonus, points: 2, max: 3}\n"
        "  - {id: late, kind: deduction, points: 1.5}\nbonus_max: 4.5\n",
        "  - {id: good, name: \"Tốt\", min: 20, when: \"min_share() >= 50% and all_met() == false\"}\n",
        "ranking:\n  by: [\"total desc\", \"count_met() desc\", \"bonus asc\"]\n",
        "    quota: {count: 1}\n",
        "    quota: {percent: 50, rounding: half_up, min: 1}\n    excludes: [a1]\n    order: \"0 - total\"\n",
        "    quota: {percent: 34, rounding: ceil, min: 0}\n",
        "  - id: a4\n    quota: {percent: 12.5, rounding: floor, min: 2}\n",
        "leader: {rule: election}\n",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (strstr(text, expected[i]) == NULL)
            fail_msg("the YAML lacks:\n%s\n--- it is:\n%s", expected[i], text);
    td_free(text);
    td_rulebook_free(rb);
}

/* Ids and names that YAML would misread unquoted, and characters a YAML
 * reader refuses or folds, survive the round trip byte for byte. */
static void awkward_ids_and_names_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = {
        "quote \" and backslash \\", "line\nbreak\tand tab\r\n", "separators \xE2\x80\xA8\xE2\x80\xA9",
        "zero\xE2\x80\x8Bwidth and \xE2\x80\xAEoverride", "BOM \xEF\xBB\xBF inside",
        "emoji \xF0\x9F\x8C\xBE and Vi\xE1\xBB\x87t", "  leading and trailing  ", "# not a comment", "",
    };
    static const char *const ids[] = {"yes", "No", "on", "1", "1.5", "null", "~", "a b", "Đội-1", "x:y", "-a"};
    td_error err;
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL, *back = NULL;
    assert_ok(td_rulebook_builder_new(&b, "true", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), err);
    char id[32];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(id, sizeof id, "n%zu", i);
        assert_ok(td_rulebook_builder_add_criterion(b, "S", id, names[i], D("1"), &err), err);
        assert_ok(tr_rule_manual(b, id, &err), err);
    }
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        assert_ok(td_rulebook_builder_add_criterion(b, "S", ids[i], NULL, D("1"), &err), err);
        assert_ok(tr_rule_manual(b, ids[i], &err), err);
    }
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    write_read_write(rb, &back);
    assert_string_equal(td_rulebook_id(back), "true");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_string_equal(td_rulebook_criterion_name(back, i), names[i]);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        assert_string_equal(td_rulebook_criterion_id(back, sizeof names / sizeof names[0] + i), ids[i]);
    td_rulebook_free(rb);
    td_rulebook_free(back);
    td_rulebook_builder_free(b);
}

static void writing_checks_its_arguments(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    char *text = NULL;
    assert_error(td_rulebook_to_yaml(&text, NULL, NULL, &err), TD_EINVAL, err, "NULL");
    assert_null(text);
    assert_ok(fixture_rulebook(&rb, NULL, &err), err);
    assert_error(td_rulebook_to_yaml(NULL, NULL, rb, &err), TD_EINVAL, err, "out");
    td_rulebook_free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixture_rulebook_round_trips),
        cmocka_unit_test(rulebook_with_every_feature_round_trips),
        cmocka_unit_test(written_yaml_reads_like_the_contract),
        cmocka_unit_test(awkward_ids_and_names_round_trip),
        cmocka_unit_test(writing_checks_its_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
