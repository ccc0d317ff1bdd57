/*
 * Rulebook 1.1, section 7 (ballots): after the condition and exclusions,
 * before the quota, a candidate without votes is pending_ballot, one below
 * the minimum share of the council (or of the votes cast) ballot_failed;
 * `order: votes` takes the others by votes, then rank.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit.h"
#include "td_test.h"

#define OK(call) assert_ok((call), k.err)

/* Members a..e scoring 90, 80, 70, 60, 50; award "cstd" for total >= 60
 * (a..d) put to a ballot of 90 % of the council of 11. */
static void kit_ballot(kit *k, const char *min, td_ballot_of of)
{
    kit_init(k, 2025);
    kit_award(k, "cstd", "total >= 60");
    assert_ok(td_rulebook_builder_set_award_ballot(k->b, "cstd", D(min), of, &k->err), k->err);
    static const char *const units[] = {"a", "b", "c", "d", "e"}, *const scores[] = {"90", "80", "70", "60", "50"};
    for (size_t i = 0; i < 5; i++)
        kit_member(k, units[i], scores[i]);
}

static void the_ballot_decides_before_the_quota(void **state)
{
    (void)state;
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        kit k;
        kit_ballot(&k, "0.9", TD_BALLOT_OF_COUNCIL);
        OK(td_cluster_set_ballot(k.c, "cstd", 11, 10, &k.err));
        OK(td_cluster_set_votes(k.c, "cstd", "a", 10, &k.err)); /* 10/11 >= 9.9 */
        OK(td_cluster_set_votes(k.c, "cstd", "b", 9, &k.err));  /* 9/11 < 9.9 */
        OK(td_cluster_set_votes(k.c, "cstd", "e", 10, &k.err)); /* not a candidate: ignored */
        /* c and d: no votes */
        OK(td_rulebook_builder_build(&k.rb, k.b, &k.err));
        td_eval_options opts;
        OK(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION));
        opts.explain = modes[i];
        OK(td_evaluate(&k.res, k.rb, k.c, &opts, &k.err));
        assert_int_equal(kit_status(&k, "a", "cstd"), TD_AWARD_SELECTED);
        assert_int_equal(kit_status(&k, "b", "cstd"), TD_AWARD_BALLOT_FAILED);
        assert_int_equal(kit_status(&k, "c", "cstd"), TD_AWARD_PENDING_BALLOT);
        assert_int_equal(kit_status(&k, "d", "cstd"), TD_AWARD_PENDING_BALLOT);
        assert_int_equal(kit_status(&k, "e", "cstd"), TD_AWARD_NOT_ELIGIBLE);
        assert_int_equal(td_result_award_votes(k.res, kit_index(&k, "b"), 0), 9);
        assert_int_equal(td_result_award_votes(k.res, kit_index(&k, "c"), 0), -1);
        if (modes[i] == TD_EXPLAIN_ALL) {
            assert_contains(kit_explain(&k, "b", "cstd", TD_LANG_EN),
                            "but the ballot failed: 9/11 = 81.82 % < 90 % of the council");
            assert_contains(kit_explain(&k, "b", "cstd", TD_LANG_VI),
                            "nhưng không đủ số phiếu: 9/11 = 81.82 % < 90 % số thành viên hội đồng");
            assert_contains(kit_explain(&k, "c", "cstd", TD_LANG_EN),
                            "but pending the council's ballot: the data has no votes yet");
            assert_contains(kit_explain(&k, "a", "cstd", TD_LANG_EN), "; votes 10/11 = 90.91 % ≥ 90 % of the council");
        }
        kit_free(&k);
    }
}

static void exactly_at_the_threshold_passes(void **state)
{
    (void)state;
    kit k;
    /* 90 % of 10 cast = 9: 9 votes pass, 8 fail */
    kit_ballot(&k, "0.9", TD_BALLOT_OF_CAST);
    OK(td_cluster_set_ballot(k.c, "cstd", 12, 10, &k.err));
    OK(td_cluster_set_votes(k.c, "cstd", "a", 9, &k.err));
    OK(td_cluster_set_votes(k.c, "cstd", "b", 8, &k.err));
    kit_run_ok(&k);
    assert_int_equal(kit_status(&k, "a", "cstd"), TD_AWARD_SELECTED);
    assert_int_equal(kit_status(&k, "b", "cstd"), TD_AWARD_BALLOT_FAILED);
    assert_contains(kit_explain(&k, "a", "cstd", TD_LANG_EN), "9/10 = 90 % ≥ 90 % of the votes cast");
    kit_free(&k);
}

static void order_by_votes_then_rank_and_quotas_count_every_candidate(void **state)
{
    (void)state;
    kit k;
    kit_ballot(&k, "0.5", TD_BALLOT_OF_COUNCIL);
    OK(td_rulebook_builder_set_award_order_votes(k.b, "cstd", &k.err));
    /* 50 % of the 4 candidates (the ballot's pending one counted) = 2 places */
    kit_quota_percent(&k, "cstd", "50", TD_ROUNDING_FLOOR, 0);
    OK(td_rulebook_builder_set_award_quota_of(k.b, "cstd", "candidates", &k.err));
    OK(td_cluster_set_ballot(k.c, "cstd", 10, -1, &k.err));
    OK(td_cluster_set_votes(k.c, "cstd", "a", 6, &k.err));
    OK(td_cluster_set_votes(k.c, "cstd", "b", 9, &k.err));
    OK(td_cluster_set_votes(k.c, "cstd", "c", 9, &k.err)); /* b and c: 9 votes; b ranks before c */
    kit_run_ok(&k);
    assert_int_equal(td_result_award_quota(k.res, 0), 2);
    assert_int_equal(kit_status(&k, "b", "cstd"), TD_AWARD_SELECTED);
    assert_int_equal(kit_status(&k, "c", "cstd"), TD_AWARD_SELECTED);
    assert_int_equal(kit_status(&k, "a", "cstd"), TD_AWARD_OVER_QUOTA);
    assert_int_equal(kit_status(&k, "d", "cstd"), TD_AWARD_PENDING_BALLOT);
    assert_string_equal(kit_quota_explain(&k, "cstd", TD_LANG_EN), "quota 50 % × 4 candidates = 2 → 2 (floor)");
    assert_contains(kit_explain(&k, "a", "cstd", TD_LANG_EN),
                    "but over the quota: 6 votes, rank 1 is past the cut-off 9 votes, rank 3");
    assert_contains(kit_explain(&k, "b", "cstd", TD_LANG_VI), "9 phiếu, hạng 2, suất 1/2");
    assert_true(td_rulebook_award_order_votes(k.rb, 0));
    td_decimal min;
    assert_true(td_rulebook_award_ballot_min(&min, k.rb, 0));
    assert_decimal(min, "0.5");
    assert_int_equal(td_rulebook_award_ballot_of(k.rb, 0), TD_BALLOT_OF_COUNCIL);
    assert_false(td_rulebook_award_ballot_min(&min, k.rb, 1));
    kit_free(&k);
}

static void a_pending_ballot_does_not_exclude_later_awards(void **state)
{
    (void)state;
    kit k;
    kit_ballot(&k, "0.9", TD_BALLOT_OF_COUNCIL);
    kit_award(&k, "bk", "total >= 60");
    kit_excludes(&k, "bk", "cstd");
    OK(td_cluster_set_ballot(k.c, "cstd", 11, -1, &k.err));
    OK(td_cluster_set_votes(k.c, "cstd", "a", 11, &k.err));
    kit_run_ok(&k);
    assert_int_equal(kit_status(&k, "a", "bk"), TD_AWARD_EXCLUDED);
    assert_int_equal(kit_status(&k, "b", "bk"), TD_AWARD_SELECTED); /* pending on cstd */
    kit_free(&k);
}

static void ballots_are_checked(void **state)
{
    (void)state;
    kit k;
    kit_ballot(&k, "0.9", TD_BALLOT_OF_CAST);
    OK(td_cluster_set_ballot(k.c, "cstd", 11, -1, &k.err));
    assert_error(kit_run(&k), TD_EDATA, k.err, "award 'cstd' counts the votes cast, but the ballot");
    kit_free(&k);
    kit_ballot(&k, "0.9", TD_BALLOT_OF_COUNCIL);
    OK(td_cluster_set_ballot(k.c, "other", 11, -1, &k.err));
    assert_error(kit_run(&k), TD_EDATA, k.err, "has a ballot on 'other', which rulebook 'kit' puts to no ballot");
    assert_error(td_cluster_set_ballot(k.c, "cstd", 0, -1, &k.err), TD_ERANGE, k.err, "at least 1 member");
    assert_error(td_cluster_set_ballot(k.c, "cstd", 5, 6, &k.err), TD_ERANGE, k.err, "from 0 to the council's 5");
    OK(td_cluster_set_ballot(k.c, "cstd", 11, 10, &k.err));
    assert_error(td_cluster_set_votes(k.c, "cstd", "a", 11, &k.err), TD_ERANGE, k.err, "from 0 to 10 (the votes cast)");
    assert_error(td_cluster_set_votes(k.c, "cstd", "zz", 1, &k.err), TD_ENOTFOUND, k.err, "zz");
    assert_error(td_cluster_set_votes(k.c, "none", "a", 1, &k.err), TD_ENOTFOUND, k.err, "no ballot on 'none'");
    OK(td_cluster_set_votes(k.c, "cstd", "a", 7, &k.err));
    assert_error(td_cluster_set_votes(k.c, "cstd", "a", 7, &k.err), TD_EEXISTS, k.err, "twice");
    assert_error(td_cluster_set_ballot(k.c, "cstd", 11, 6, &k.err), TD_ERANGE, k.err, "7 votes");
    kit_free(&k);
    kit_init(&k, 2025);
    kit_award(&k, "x", NULL);
    assert_error(td_rulebook_builder_set_award_ballot(k.b, "x", D("1.5"), TD_BALLOT_OF_COUNCIL, &k.err), TD_ERANGE,
                 k.err, "a ratio from 0 to 1");
    assert_error(td_rulebook_builder_set_award_ballot(k.b, "x", D("0.5"), (td_ballot_of)4, &k.err), TD_EINVAL, k.err,
                 "ballot base");
    OK(td_rulebook_builder_set_award_order_votes(k.b, "x", &k.err));
    kit_member(&k, "a", "1");
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err, "'order: votes' needs a ballot");
    kit_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_ballot_decides_before_the_quota),
        cmocka_unit_test(exactly_at_the_threshold_passes),
        cmocka_unit_test(order_by_votes_then_rank_and_quotas_count_every_candidate),
        cmocka_unit_test(a_pending_ballot_does_not_exclude_later_awards),
        cmocka_unit_test(ballots_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
