/*
 * Rulebook expressions through the builder: the input is split at NUL
 * bytes into up to six texts, which replace in turn the derived measure's
 * formula, the expr rule, a classification condition, a ranking key, an
 * award condition and an award order of the fixed case (fuzz_case.h); an
 * empty part keeps the default. The rulebook is built and, when that
 * succeeds, evaluated on the case's cluster.
 *
 * Checks: every failing call follows the error contract; a failed build
 * or evaluation writes no object; a result's every explanation (member,
 * criterion, classification, rank, awards, quotas, leader, in both
 * languages) is present and valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_case.h"
#include "fuzz_check.h"

static td_cluster *cluster;

void fuzz_cleanup(void)
{
    td_cluster_free(cluster);
    cluster = NULL;
}

static void check_text(const char *text, const char *what, size_t m)
{
    if (!text)
        fuzz_fail("%s of member %zu is NULL", what, m);
    if (!fuzz_utf8_valid(text, strlen(text)))
        fuzz_fail("%s of member %zu is not UTF-8: %s", what, m, text);
}

static void check_result(const td_result *res)
{
    size_t members = td_result_member_count(res);
    size_t criteria = td_result_criterion_count(res);
    size_t awards = td_result_award_count(res);
    for (int l = 0; l < 2; l++) {
        td_lang lang = l ? TD_LANG_EN : TD_LANG_VI;
        for (size_t m = 0; m < members; m++) {
            check_text(td_result_member_explain(res, m, lang), "the explanation", m);
            check_text(td_result_classification_explain(res, m, lang), "the classification explanation", m);
            check_text(td_result_rank_explain(res, m, lang), "the rank explanation", m);
            check_text(td_result_member_classification(res, m), "the classification", m);
            for (size_t c = 0; c < criteria; c++)
                check_text(td_result_criterion_explain(res, m, c, lang), "a criterion explanation", m);
            for (size_t a = 0; a < awards; a++)
                check_text(td_result_award_explain(res, m, a, lang), "an award explanation", m);
        }
        for (size_t a = 0; a < awards; a++)
            check_text(td_result_award_quota_explain(res, a, lang), "a quota explanation", a);
        const char *leader = td_result_leader_explain(res, lang);
        if (leader)
            check_text(leader, "the leader explanation", 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!cluster)
        cluster = fuzz_case_cluster();
    /* The parts are NUL-terminated already, except the last: copy once. */
    char *text = fuzz_strndup(data, size);
    const char *slots[FUZZ_SLOTS] = {NULL};
    size_t at = 0;
    for (int i = 0; i < FUZZ_SLOTS && at <= size; i++) {
        size_t len = strlen(text + at);
        if (len > 0)
            slots[i] = text + at;
        at += len + 1;
    }
    td_rulebook *rb = (td_rulebook *)&slots; /* sentinel: a failed build must not write it */
    td_error err;
    td_status rc = fuzz_case_rulebook(&rb, slots, &err);
    if (rc != TD_OK) {
        if (rb != (td_rulebook *)&slots)
            fuzz_fail("a failed build wrote *out");
        free(text);
        return 0;
    }
    td_result *res = (td_result *)&slots;
    rc = td_evaluate(&res, rb, cluster, NULL, &err);
    fuzz_check_status(rc, &err, "td_evaluate");
    if (rc == TD_OK) {
        check_result(res);
        td_result_free(res);
    } else if (res != (td_result *)&slots) {
        fuzz_fail("a failed td_evaluate wrote *out");
    }
    td_rulebook_free(rb);
    free(text);
    return 0;
}
