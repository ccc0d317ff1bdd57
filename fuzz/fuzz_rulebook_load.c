/*
 * td_rulebook_load_string on arbitrary bytes (YAML or JSON, sniffed), with
 * the default limits: those are what protect a host from hostile files.
 *
 * Checks: a failure follows the error contract and writes no rulebook; a
 * loaded rulebook is written with td_rulebook_to_yaml, that YAML loads
 * again, and writing the second rulebook gives the same YAML (the writer's
 * promise that loading its output gives the same definitions).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

void fuzz_cleanup(void) {}

static char *to_yaml(const td_rulebook *rb, size_t *len, const char *what)
{
    char *yaml = NULL;
    td_error err;
    td_status rc = td_rulebook_to_yaml(rb, &yaml, len, &err);
    fuzz_check_status(rc, &err, what);
    if (rc != TD_OK)
        fuzz_fail("%s failed: %s", what, err.message);
    if (strlen(yaml) != *len || !fuzz_utf8_valid(yaml, *len))
        fuzz_fail("%s gave %zu bytes that are not UTF-8 text of that length", what, *len);
    return yaml;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
    td_free(yaml1);
    td_free(yaml2);
    td_rulebook_free(again);
    td_rulebook_free(rb);
    return 0;
}
