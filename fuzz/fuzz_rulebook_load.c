/*
 * td_rulebook_load_string on arbitrary bytes (YAML or JSON, sniffed), with
 * the default limits: those are what protect a host from hostile files.
 *
 * Checks: a failure follows the error contract and writes no rulebook; a
 * loaded rulebook is written with td_rulebook_to_yaml, that YAML loads
 * again, and writing the second rulebook gives the same YAML (the writer's
 * promise that loading its output gives the same definitions).
 *
 * A loaded rulebook is also evaluated on the Lai Châu example's data
 * (examples/lai-chau, read once without checks), so that inputs mutated
 * from the example's rulebook drive the scoring with arbitrary maxima,
 * caps, bands, bonuses, precisions and quotas. The evaluation follows the
 * error contract, and the rulebook read back from its YAML gives the same
 * outcome and, on success, the same JSON report.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

#ifndef FUZZ_DATA_DIR
#error "FUZZ_DATA_DIR must name the folder of the example's data.yaml and results.csv"
#endif

static td_cluster *cluster;

void fuzz_cleanup(void)
{
    td_cluster_free(cluster);
    cluster = NULL;
}

static void setup(void)
{
    td_dataset *ds = NULL;
    td_error err;
    if (cluster)
        return;
    if (td_dataset_new(&ds, NULL, &err) != TD_OK ||
        td_dataset_add_file(ds, FUZZ_DATA_DIR "/data.yaml", &err) != TD_OK ||
        td_dataset_add_file(ds, FUZZ_DATA_DIR "/results.csv", &err) != TD_OK ||
        td_dataset_to_cluster(&cluster, ds, NULL, &err) != TD_OK)
        fuzz_fail("the example's data does not load: %s", err.message);
    td_dataset_free(ds);
}

/* Evaluates and renders the JSON report; returns the status, *json the
 * report (td_free()) on success. */
static td_status evaluate(const td_rulebook *rb, char **json, size_t *len)
{
    td_result *res = NULL;
    td_error err;
    td_status rc = td_evaluate(&res, rb, cluster, NULL, &err);
    fuzz_check_status(rc, &err, "td_evaluate");
    if (rc != TD_OK)
        return rc;
    rc = td_report_render(json, len, res, TD_REPORT_FORMAT_JSON, NULL, &err);
    fuzz_check_status(rc, &err, "td_report_render");
    if (rc != TD_OK)
        fuzz_fail("the JSON report of an evaluated result fails: %s", err.message);
    if (strlen(*json) != *len || !fuzz_utf8_valid(*json, *len))
        fuzz_fail("the JSON report is not UTF-8 text of its length");
    td_result_free(res);
    return TD_OK;
}

static char *to_yaml(const td_rulebook *rb, size_t *len, const char *what)
{
    char *yaml = NULL;
    td_error err;
    td_status rc = td_rulebook_to_yaml(&yaml, len, rb, &err);
    fuzz_check_status(rc, &err, what);
    if (rc != TD_OK)
        fuzz_fail("%s failed: %s", what, err.message);
    if (strlen(yaml) != *len || !fuzz_utf8_valid(yaml, *len))
        fuzz_fail("%s gave %zu bytes that are not UTF-8 text of that length", what, *len);
    return yaml;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    td_rulebook *rb = (td_rulebook *)&size; /* sentinel: a failure must not write it */
    td_error err;
    td_status rc = td_rulebook_load_string(&rb, (const char *)data, size, "fuzz.yaml", NULL, &err);
    fuzz_check_status(rc, &err, "td_rulebook_load_string");
    if (rc != TD_OK) {
        if (rb != (td_rulebook *)&size)
            fuzz_fail("a failed td_rulebook_load_string wrote *out");
        return 0;
    }
    size_t len1 = 0, len2 = 0;
    char *yaml1 = to_yaml(rb, &len1, "td_rulebook_to_yaml");
    td_rulebook *again = NULL;
    rc = td_rulebook_load_string(&again, yaml1, len1, "written.yaml", NULL, &err);
    if (rc != TD_OK)
        fuzz_fail("the written rulebook does not load again: %s:%u:%u: %s\n%s", err.file, err.line,
                  err.column, err.message, yaml1);
    char *yaml2 = to_yaml(again, &len2, "td_rulebook_to_yaml (again)");
    if (len1 != len2 || memcmp(yaml1, yaml2, len1) != 0)
        fuzz_fail("writing the rulebook read back from its YAML gives other YAML:\n%s\n----\n%s", yaml1, yaml2);
    char *json1 = NULL, *json2 = NULL;
    size_t jlen1 = 0, jlen2 = 0;
    td_status rc1 = evaluate(rb, &json1, &jlen1);
    td_status rc2 = evaluate(again, &json2, &jlen2);
    if (rc1 != rc2)
        fuzz_fail("the rulebook evaluates with status %d, read back from its YAML %d:\n%s", (int)rc1,
                  (int)rc2, yaml1);
    if (rc1 == TD_OK && (jlen1 != jlen2 || memcmp(json1, json2, jlen1) != 0))
        fuzz_fail("the rulebook read back from its YAML gives other results:\n%s", yaml1);
    td_free(json1);
    td_free(json2);
    td_free(yaml1);
    td_free(yaml2);
    td_rulebook_free(again);
    td_rulebook_free(rb);
    return 0;
}
