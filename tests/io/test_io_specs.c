/*
 * Definitions in one call (td_rulebook_builder_add_criterion_spec(),
 * _add_classification_spec(), _add_award_spec(), _set_leader_spec()): they give
 * the rulebook that the per-part calls give, and a spec that fails at any
 * part, or runs out of memory at any allocation, leaves the builder as it
 * was (the rulebook built afterwards is the reference, byte for byte in the
 * rulebook writer's YAML, and nothing leaks).
 */
#include <stdlib.h>
#include <string.h>

#include "td_test.h"

#define OK(call) assert_ok((call), err)

static const td_band BANDS[] = {{{8, 0, 1}, {10, 0, 0}}, {{6, 0, 1}, {75, 0, 1}}};

/* The sections and the group node every builder starts with. */
static td_status start(td_rulebook_builder **out, const td_allocator *alloc, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_status rc = td_rulebook_builder_new(&b, "specs", alloc, err);
    td_decimal forty = D("40");
    if (rc == TD_OK)
        rc = td_rulebook_builder_add_section(b, "A", "Phần A", NULL, err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_add_section(b, "B", NULL, &forty, err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_add_node(b, "A", "A1", "Nhóm 1", D("20"), err);
    if (rc != TD_OK) {
        td_rulebook_builder_free(b);
        return rc;
    }
    *out = b;
    return TD_OK;
}

/* The reference: every definition through the per-part calls. */
static td_rulebook_builder *by_parts(void)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    OK(start(&b, NULL, &err));
    OK(td_rulebook_builder_add_criterion(b, "A1", "loans", "Cho vay", D("10"), &err));
    OK(td_rulebook_builder_set_measure(b, "loans", "du_no", &err));
    OK(tr_rule_proportional(b, "loans", D("1.2"), &err));
    td_decimal two = D("2");
    OK(td_rulebook_builder_set_bonus(b, "loans", D("10"), D("0.5"), &two, &err));
    OK(td_rulebook_builder_add_criterion(b, "A1", "poor", NULL, D("10"), &err));
    OK(td_rulebook_builder_set_direction(b, "poor", TD_DIRECTION_LOWER, &err));
    OK(tr_rule_bands_of(b, "poor", TD_BANDS_OF_ATTAINMENT, &err));
    OK(tr_add_band(b, "poor", D("0.8"), D("10"), &err));
    OK(tr_add_band(b, "poor", D("0.6"), D("7.5"), &err));
    OK(td_rulebook_builder_add_criterion(b, "B", "council", NULL, D("30"), &err));
    OK(tr_rule_manual(b, "council", &err));
    td_decimal ninety = D("90");
    OK(td_rulebook_builder_add_classification(b, "xs", "Xuất sắc", &ninety, &err));
    OK(td_rulebook_builder_set_classification_when(b, "xs", "min_share() >= 85%", &err));
    OK(td_rulebook_builder_add_classification(b, "ht", NULL, NULL, &err));
    OK(td_rulebook_builder_add_award(b, "flag", "Cờ thi đua", "rank == 1", &err));
    OK(td_rulebook_builder_set_award_quota_count(b, "flag", 1, &err));
    OK(td_rulebook_builder_add_award(b, "cert", NULL, "classification == 'xs'", &err));
    OK(td_rulebook_builder_set_award_quota_percent(b, "cert", D("50"), TD_ROUNDING_CEIL, 1, &err));
    OK(td_rulebook_builder_set_award_quota_of(b, "cert", "candidates", &err));
    OK(td_rulebook_builder_add_award_exclusion(b, "cert", "flag", &err));
    OK(td_rulebook_builder_set_award_order(b, "cert", "deduction", &err));
    OK(td_rulebook_builder_add_award(b, "voted", NULL, NULL, &err));
    OK(td_rulebook_builder_set_award_ballot(b, "voted", D("0.9"), TD_BALLOT_OF_CAST, &err));
    OK(td_rulebook_builder_set_award_order_votes(b, "voted", &err));
    OK(td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ROTATION, &err));
    OK(td_rulebook_builder_set_deputy_rule(b, TD_DEPUTY_RULE_SUCCESSION, &err));
    OK(td_rulebook_builder_add_leader_order(b, "u2", &err));
    OK(td_rulebook_builder_add_leader_order(b, "u1", &err));
    return b;
}

/* The same definitions as specs, in the same order. */
typedef struct specs {
    td_rule loans_rule, poor_rule, council_rule;
    td_bonus loans_bonus;
    td_criterion_spec criteria[3];
    td_classification_spec classes[2];
    td_quota quotas[2];
    td_award_spec awards[3];
    td_leader_spec leader;
} specs;

static const char *const CERT_EXCLUDES[] = {"flag"};
static const char *const ORDER[] = {"u2", "u1"};

static void make_specs(specs *s)
{
    static const td_rule rule0 = TD_RULE_INIT;
    static const td_criterion_spec crit0 = TD_CRITERION_SPEC_INIT;
    static const td_classification_spec class0 = TD_CLASSIFICATION_SPEC_INIT;
    static const td_award_spec award0 = TD_AWARD_SPEC_INIT;
    static const td_leader_spec leader0 = TD_LEADER_SPEC_INIT;
    s->loans_rule = s->poor_rule = s->council_rule = rule0;
    s->loans_rule.kind = TD_RULE_PROPORTIONAL;
    s->loans_rule.cap = D("1.2");
    s->poor_rule.kind = TD_RULE_BANDS;
    s->poor_rule.bands = BANDS;
    s->poor_rule.band_count = 2;
    s->council_rule.kind = TD_RULE_MANUAL;
    s->loans_bonus = (td_bonus){D("10"), D("0.5"), true, D("2")};
    for (int i = 0; i < 3; i++)
        s->criteria[i] = crit0;
    s->criteria[0].parent_id = "A1";
    s->criteria[0].id = "loans";
    s->criteria[0].name = "Cho vay";
    s->criteria[0].max = D("10");
    s->criteria[0].measure = "du_no";
    s->criteria[0].rule = &s->loans_rule;
    s->criteria[0].bonus = &s->loans_bonus;
    s->criteria[1].parent_id = "A1";
    s->criteria[1].id = "poor";
    s->criteria[1].max = D("10");
    s->criteria[1].direction = TD_DIRECTION_LOWER;
    s->criteria[1].rule = &s->poor_rule;
    s->criteria[2].parent_id = "B";
    s->criteria[2].id = "council";
    s->criteria[2].max = D("30");
    s->criteria[2].rule = &s->council_rule;
    s->classes[0] = s->classes[1] = class0;
    s->classes[0].id = "xs";
    s->classes[0].name = "Xuất sắc";
    s->classes[0].has_min = true;
    s->classes[0].min = D("90");
    s->classes[0].when = "min_share() >= 85%";
    s->classes[1].id = "ht";
    for (int i = 0; i < 3; i++)
        s->awards[i] = award0;
    s->awards[0].id = "flag";
    s->awards[0].name = "Cờ thi đua";
    s->awards[0].when = "rank == 1";
    static const td_quota quota0 = TD_QUOTA_INIT;
    s->quotas[0] = s->quotas[1] = quota0;
    s->quotas[0].kind = TD_QUOTA_COUNT;
    s->quotas[0].count = 1;
    s->awards[0].quota = &s->quotas[0];
    s->awards[1].id = "cert";
    s->awards[1].when = "classification == 'xs'";
    s->quotas[1].kind = TD_QUOTA_PERCENT;
    s->quotas[1].percent = D("50");
    s->quotas[1].rounding = TD_ROUNDING_CEIL;
    s->quotas[1].min = 1;
    s->awards[1].quota = &s->quotas[1];
    s->awards[1].quota_of = "candidates";
    s->awards[1].excludes = CERT_EXCLUDES;
    s->awards[1].exclude_count = 1;
    s->awards[1].order = "deduction";
    s->awards[2].id = "voted";
    s->awards[2].has_ballot = true;
    s->awards[2].ballot_min = D("0.9");
    s->awards[2].ballot_of = TD_BALLOT_OF_CAST;
    s->awards[2].order_votes = true;
    s->leader = leader0;
    s->leader.rule = TD_LEADER_RULE_ROTATION;
    s->leader.deputy = TD_DEPUTY_RULE_SUCCESSION;
    s->leader.order = ORDER;
    s->leader.order_count = 2;
}

/* Spec number k of the sequence (0..8), or -1 past the end. */
enum { SPEC_COUNT = 9 };
static td_status apply(td_rulebook_builder *b, const specs *s, int k, td_error *err)
{
    if (k < 3)
        return td_rulebook_builder_add_criterion_spec(b, &s->criteria[k], err);
    if (k < 5)
        return td_rulebook_builder_add_classification_spec(b, &s->classes[k - 3], err);
    if (k < 8)
        return td_rulebook_builder_add_award_spec(b, &s->awards[k - 5], err);
    return td_rulebook_builder_set_leader_spec(b, &s->leader, err);
}

/* The YAML of the rulebook a builder builds (caller frees). */
static char *yaml_of(const td_rulebook_builder *b)
{
    td_error err;
    td_rulebook *rb = NULL;
    char *yaml = NULL;
    OK(td_rulebook_builder_build(&rb, b, &err));
    OK(td_rulebook_to_yaml(&yaml, NULL, rb, &err));
    td_rulebook_free(rb);
    return yaml;
}

static char *reference_yaml(void)
{
    td_rulebook_builder *b = by_parts();
    char *yaml = yaml_of(b);
    td_rulebook_builder_free(b);
    return yaml;
}

static void specs_give_the_rulebook_of_the_per_part_calls(void **state)
{
    (void)state;
    td_error err;
    specs s;
    make_specs(&s);
    td_rulebook_builder *b = NULL;
    OK(start(&b, NULL, &err));
    for (int k = 0; k < SPEC_COUNT; k++)
        OK(apply(b, &s, k, &err));
    char *got = yaml_of(b), *want = reference_yaml();
    assert_string_equal(got, want);
    /* and every part reads back */
    td_rulebook *rb = NULL;
    OK(td_rulebook_builder_build(&rb, b, &err));
    assert_string_equal(td_rulebook_criterion_measure(rb, 0), "du_no");
    assert_int_equal(td_rulebook_criterion_direction(rb, 1), TD_DIRECTION_LOWER);
    assert_int_equal(td_rulebook_award_exclusion_count(rb, 1), 1);
    assert_true(td_rulebook_award_order_votes(rb, 2));
    assert_int_equal(td_rulebook_leader_order_count(rb), 2);
    assert_int_equal(td_rulebook_deputy_rule(rb), TD_DEPUTY_RULE_SUCCESSION);
    td_rulebook_free(rb);
    td_free(got);
    td_free(want);
    td_rulebook_builder_free(b);
}

/* A spec that fails (with `code`, its message containing `words`) before
 * the good one at position k: the builder is as it was, so that the good
 * spec and the rest give the reference. */
static void failing_spec_changes_nothing(int k, td_status code, const char *words,
                                         td_status (*bad)(td_rulebook_builder *b, td_error *err))
{
    td_error err;
    specs s;
    make_specs(&s);
    td_rulebook_builder *b = NULL;
    OK(start(&b, NULL, &err));
    for (int i = 0; i < SPEC_COUNT; i++) {
        if (i == k) {
            td_status rc = bad(b, &err);
            if (rc != code || strstr(err.message, words) == NULL)
                fail_msg("spec before %d: got %d '%s', expected %d with '%s'", k, rc, err.message, code, words);
        }
        OK(apply(b, &s, i, &err));
    }
    char *got = yaml_of(b), *want = reference_yaml();
    assert_string_equal(got, want);
    td_free(got);
    td_free(want);
    td_rulebook_builder_free(b);
}

/* ---- the failing specs: each fails at a later part of its definition ---- */

static td_status bad_bonus(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.loans_bonus.per = D("0"); /* the last part */
    return td_rulebook_builder_add_criterion_spec(b, &s.criteria[0], err);
}

static td_status bad_rule(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.poor_rule.kind = (td_rule_kind)99; /* after the direction was set */
    return td_rulebook_builder_add_criterion_spec(b, &s.criteria[1], err);
}

static td_status bad_measure(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.criteria[0].measure = "du no\x01";
    return td_rulebook_builder_add_criterion_spec(b, &s.criteria[0], err);
}

static td_status bad_direction(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.criteria[1].direction = (td_direction)7;
    return td_rulebook_builder_add_criterion_spec(b, &s.criteria[1], err);
}

static td_status bad_when(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.classes[0].when = "min_share() >= \xff";
    return td_rulebook_builder_add_classification_spec(b, &s.classes[0], err);
}

static td_status excludes_itself_after_another(td_rulebook_builder *b, td_error *err)
{
    static const char *const two[] = {"flag", "cert"};
    specs s;
    make_specs(&s);
    s.awards[1].excludes = two; /* "flag" is indexed, then "cert" fails */
    s.awards[1].exclude_count = 2;
    return td_rulebook_builder_add_award_spec(b, &s.awards[1], err);
}

static td_status bad_percent(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.quotas[1].percent = D("101");
    return td_rulebook_builder_add_award_spec(b, &s.awards[1], err);
}

static td_status bad_ballot(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.awards[2].ballot_min = D("2");
    return td_rulebook_builder_add_award_spec(b, &s.awards[2], err);
}

static td_status bad_quota_kind(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.quotas[0].kind = (td_quota_kind)5;
    return td_rulebook_builder_add_award_spec(b, &s.awards[0], err);
}

static td_status unit_twice(td_rulebook_builder *b, td_error *err)
{
    static const char *const order[] = {"u9", "u2", "u9"};
    td_leader_spec l = TD_LEADER_SPEC_INIT;
    l.rule = TD_LEADER_RULE_ELECTION;
    l.order = order;
    l.order_count = 3;
    return td_rulebook_builder_set_leader_spec(b, &l, err);
}

static td_status bad_unit(td_rulebook_builder *b, td_error *err)
{
    static const char *const order[] = {"u1", ""};
    td_leader_spec l = TD_LEADER_SPEC_INIT;
    l.order = order;
    l.order_count = 2;
    return td_rulebook_builder_set_leader_spec(b, &l, err);
}

static td_status bad_deputy(td_rulebook_builder *b, td_error *err)
{
    td_leader_spec l = TD_LEADER_SPEC_INIT;
    l.deputy = (td_deputy_rule)9;
    return td_rulebook_builder_set_leader_spec(b, &l, err);
}

static td_status new_version(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.criteria[0].version = TD_CRITERION_SPEC_VERSION + 1;
    return td_rulebook_builder_add_criterion_spec(b, &s.criteria[0], err);
}

static td_status null_spec(td_rulebook_builder *b, td_error *err)
{
    return td_rulebook_builder_add_award_spec(b, NULL, err);
}

static td_status old_quota(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.quotas[1].version = TD_QUOTA_VERSION + 1;
    return td_rulebook_builder_add_award_spec(b, &s.awards[1], err);
}

/* per group, then a ballot that fails: the per-group mark goes with the award */
static td_status per_group_then_bad_ballot(td_rulebook_builder *b, td_error *err)
{
    specs s;
    make_specs(&s);
    s.awards[1].quota_per_group = true;
    s.awards[1].has_ballot = true;
    s.awards[1].ballot_min = D("1.5");
    return td_rulebook_builder_add_award_spec(b, &s.awards[1], err);
}

static td_status bad_leader_rule(td_rulebook_builder *b, td_error *err)
{
    td_leader_spec l = TD_LEADER_SPEC_INIT;
    l.rule = (td_leader_rule)8;
    return td_rulebook_builder_set_leader_spec(b, &l, err);
}

static void a_failing_part_takes_the_whole_definition_back(void **state)
{
    (void)state;
    failing_spec_changes_nothing(0, TD_ERANGE, "per", bad_bonus);
    failing_spec_changes_nothing(1, TD_EINVAL, "rule", bad_rule);
    failing_spec_changes_nothing(0, TD_EINVAL, "measure id", bad_measure);
    failing_spec_changes_nothing(1, TD_EINVAL, "direction", bad_direction);
    failing_spec_changes_nothing(3, TD_EINVAL, "UTF-8", bad_when);
    failing_spec_changes_nothing(6, TD_EINVAL, "cannot exclude itself", excludes_itself_after_another);
    failing_spec_changes_nothing(6, TD_ERANGE, "101", bad_percent);
    failing_spec_changes_nothing(7, TD_ERANGE, "ballot", bad_ballot);
    failing_spec_changes_nothing(5, TD_EINVAL, "quota kind", bad_quota_kind);
    failing_spec_changes_nothing(0, TD_EINVAL, "version", new_version);
    failing_spec_changes_nothing(5, TD_EINVAL, "NULL", null_spec);
    failing_spec_changes_nothing(6, TD_EINVAL, "the quota of award 'cert' has version 2", old_quota);
    failing_spec_changes_nothing(6, TD_ERANGE, "ballot", per_group_then_bad_ballot);
    failing_spec_changes_nothing(8, TD_EINVAL, "unknown leader rule 8", bad_leader_rule);
    /* no builder */
    td_error err;
    specs s;
    make_specs(&s);
    assert_error(td_rulebook_builder_add_criterion_spec(NULL, &s.criteria[0], &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_set_leader_spec(NULL, &s.leader, &err), TD_EINVAL, err, "NULL");
}

static void a_failing_leader_keeps_the_leader_given_before(void **state)
{
    (void)state;
    /* after the leader spec (k = SPEC_COUNT - 1 applied), a bad one changes nothing */
    td_status (*bad[])(td_rulebook_builder *, td_error *) = {unit_twice, bad_unit, bad_deputy};
    const char *words[] = {"appears twice", "unit id", "deputy rule"};
    td_status codes[] = {TD_EEXISTS, TD_EINVAL, TD_EINVAL};
    char *want = reference_yaml();
    for (int i = 0; i < 3; i++) {
        td_error err;
        specs s;
        make_specs(&s);
        td_rulebook_builder *b = NULL;
        OK(start(&b, NULL, &err));
        for (int k = 0; k < SPEC_COUNT; k++)
            OK(apply(b, &s, k, &err));
        td_status rc = bad[i](b, &err);
        assert_int_equal(rc, codes[i]);
        assert_non_null(strstr(err.message, words[i]));
        char *got = yaml_of(b);
        assert_string_equal(got, want);
        td_free(got);
        td_rulebook_builder_free(b);
    }
    td_free(want);
}

static void set_leader_replaces_rule_deputy_and_order(void **state)
{
    (void)state;
    td_error err;
    specs s;
    make_specs(&s);
    td_rulebook_builder *b = NULL;
    OK(start(&b, NULL, &err));
    for (int k = 0; k < SPEC_COUNT - 1; k++)
        OK(apply(b, &s, k, &err));
    static const char *const first[] = {"u1", "u3", "u2"};
    td_leader_spec l = TD_LEADER_SPEC_INIT;
    l.rule = TD_LEADER_RULE_ELECTION;
    l.deputy = TD_DEPUTY_RULE_ELECTION;
    l.order = first;
    l.order_count = 3;
    OK(td_rulebook_builder_set_leader_spec(b, &l, &err));
    /* u2 and u1 again: no "appears twice", the old order is gone */
    OK(td_rulebook_builder_set_leader_spec(b, &s.leader, &err));
    char *got = yaml_of(b), *want = reference_yaml();
    assert_string_equal(got, want);
    td_free(got);
    td_free(want);
    /* an empty spec clears all three; the per-part call still appends after it */
    td_leader_spec none = TD_LEADER_SPEC_INIT;
    OK(td_rulebook_builder_set_leader_spec(b, &none, &err));
    OK(td_rulebook_builder_add_leader_order(b, "u1", &err));
    td_rulebook *rb = NULL;
    OK(td_rulebook_builder_build(&rb, b, &err));
    assert_int_equal(td_rulebook_leader_rule(rb), TD_LEADER_RULE_NONE);
    assert_int_equal(td_rulebook_deputy_rule(rb), TD_DEPUTY_RULE_NONE);
    assert_int_equal(td_rulebook_leader_order_count(rb), 1);
    td_rulebook_free(rb);
    /* the order's pointer and count must agree */
    td_leader_spec broken = TD_LEADER_SPEC_INIT;
    broken.order_count = 2;
    assert_int_equal(td_rulebook_builder_set_leader_spec(b, &broken, &err), TD_EINVAL);
    assert_non_null(strstr(err.message, "order is NULL"));
    td_rulebook_builder_free(b);
}

static void a_failed_spec_can_be_given_again(void **state)
{
    (void)state;
    td_error err;
    specs s;
    make_specs(&s);
    td_rulebook_builder *b = NULL;
    OK(start(&b, NULL, &err));
    td_award_spec dup = s.awards[1];
    dup.excludes = NULL;
    dup.exclude_count = 1;
    assert_int_equal(td_rulebook_builder_add_award_spec(b, &dup, &err), TD_EINVAL);
    assert_non_null(strstr(err.message, "excludes is NULL"));
    /* an id refused once is free; a spec given twice is a duplicate */
    OK(td_rulebook_builder_add_award_spec(b, &s.awards[0], &err));
    assert_int_equal(td_rulebook_builder_add_award_spec(b, &s.awards[0], &err), TD_EEXISTS);
    OK(td_rulebook_builder_add_award_spec(b, &s.awards[1], &err));
    assert_int_equal(td_rulebook_builder_add_criterion_spec(b, &s.criteria[0], &err), TD_OK);
    assert_int_equal(td_rulebook_builder_add_criterion_spec(b, &s.criteria[0], &err), TD_EEXISTS);
    /* a criterion without a rule yet: set later, as with the per-part calls */
    td_criterion_spec later = TD_CRITERION_SPEC_INIT;
    later.parent_id = "B";
    later.id = "later";
    later.max = D("5");
    OK(td_rulebook_builder_add_criterion_spec(b, &later, &err));
    td_rulebook *rb = NULL;
    assert_int_equal(td_rulebook_builder_build(&rb, b, &err), TD_ERULEBOOK);
    OK(tr_rule_manual(b, "later", &err));
    td_rulebook_builder_free(b);
}

/* Every allocation of every spec fails once in turn: the spec fails with
 * TD_ENOMEM and nothing else, and given again (the allocator fails only
 * once) it succeeds, which it could not if a part had stayed; the rulebook
 * is the reference and no block is left. */
static void out_of_memory_at_any_allocation_changes_nothing(void **state)
{
    (void)state;
    char *want = reference_yaml();
    size_t failed[SPEC_COUNT] = {0};
    for (size_t n = 1;; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        td_error err;
        specs s;
        make_specs(&s);
        td_rulebook_builder *b = NULL;
        if (start(&b, &t.allocator, &err) != TD_OK) {
            assert_int_equal(t.live, 0);
            continue;
        }
        for (int k = 0; k < SPEC_COUNT; k++) {
            td_status rc = apply(b, &s, k, &err);
            if (rc != TD_OK) {
                assert_int_equal(rc, TD_ENOMEM);
                failed[k]++;
                OK(apply(b, &s, k, &err));
            }
        }
        td_rulebook *rb = NULL;
        td_status rc = td_rulebook_builder_build(&rb, b, &err);
        if (rc == TD_OK) {
            char *yaml = NULL;
            OK(td_rulebook_to_yaml(&yaml, NULL, rb, &err));
            assert_string_equal(yaml, want);
            td_free(yaml);
            td_rulebook_free(rb);
        } else {
            assert_int_equal(rc, TD_ENOMEM);
        }
        td_rulebook_builder_free(b);
        assert_int_equal(t.live, 0);
        if (t.calls < n)
            break; /* the Nth allocation was never reached: every one has failed once */
    }
    /* each kind of spec met an allocation failure */
    assert_true(failed[0] > 0 && failed[3] > 0 && failed[5] > 0 && failed[8] > 0);
    td_free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(specs_give_the_rulebook_of_the_per_part_calls),
        cmocka_unit_test(a_failing_part_takes_the_whole_definition_back),
        cmocka_unit_test(a_failing_leader_keeps_the_leader_given_before),
        cmocka_unit_test(set_leader_replaces_rule_deputy_and_order),
        cmocka_unit_test(a_failed_spec_can_be_given_again),
        cmocka_unit_test(out_of_memory_at_any_allocation_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
