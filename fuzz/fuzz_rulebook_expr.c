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
        fuzz_check_explanations(res);
        td_result_free(res);
    } else if (res != (td_result *)&slots) {
        fuzz_fail("a failed td_evaluate wrote *out");
    }
    td_rulebook_free(rb);
    free(text);
    return 0;
}
