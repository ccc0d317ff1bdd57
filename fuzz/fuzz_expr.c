/*
 * The public expression API on arbitrary text: td_expr_compile against the
 * fixed case (fuzz_case.h) with two host variables, then, for every member
 * of its evaluated cluster, td_expr_eval and td_expr_explain.
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 * - every failure follows the error contract, and a failed compile leaves
 *   *out alone;
 * - a value has the expression's type; eval and explain agree on success
 *   or failure; an explanation is valid UTF-8, its length is what `needed`
 *   said, and a truncated one is a prefix that does not cut a character;
 * - the canonical form compiles again (with the ceilings as limits, since
 *   it adds parentheses) to the same canonical form, and gives the same
 *   value or the same error for every member.
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */

#include <stdlib.h>
#include <string.h>

#include "fuzz_case.h"
#include "fuzz_check.h"

static td_rulebook *rulebook;
static td_result *result;
static const char *const variables[] = {"x", "y"};
static td_decimal values[2];

static void setup(void)
{
    td_error err;
    if (result)
        return;
    if (fuzz_case_rulebook(&rulebook, NULL, &err) != TD_OK)
        fuzz_fail("the case's rulebook does not build: %s", err.message);
    td_cluster *c = fuzz_case_cluster();
    if (td_evaluate(&result, rulebook, c, NULL, &err) != TD_OK)
        fuzz_fail("the case does not evaluate: %s", err.message);
    td_cluster_free(c);
    if (td_decimal_parse(&values[0], "2.5", NULL) != TD_OK || td_decimal_parse(&values[1], "-3", NULL) != TD_OK)
        fuzz_fail("the host values do not parse");
}

void fuzz_cleanup(void)
{
    td_result_free(result);
    td_rulebook_free(rulebook);
    result = NULL;
    rulebook = NULL;
}

static int same_value(const td_value *a, const td_value *b)
{
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case TD_VALUE_NUMBER:
        return td_decimal_cmp(a->number, b->number) == 0 &&
               td_decimal_scale(a->number) == td_decimal_scale(b->number);
    case TD_VALUE_BOOLEAN: return a->boolean == b->boolean;
    case TD_VALUE_TEXT: return strcmp(a->text, b->text) == 0;
    }
    return 0;
}

static void check_explain(const td_expr *e, size_t m, td_status eval_rc)
{
    td_error err;
    size_t needed = 0;
    td_status rc = td_expr_explain(NULL, 0, &needed, e, result, m, values, 2, &err);
    fuzz_check_status(rc, &err, "td_expr_explain");
    if (rc != eval_rc)
        fuzz_fail("member %zu of '%s': td_expr_eval gave %d but td_expr_explain %d", m,
                  td_expr_text(e), (int)eval_rc, (int)rc);
    if (rc != TD_OK)
        return;
    char *full = malloc(needed + 1);
    if (!full)
        abort();
    size_t again = 0;
    rc = td_expr_explain(full, needed + 1, &again, e, result, m, values, 2, &err);
    if (rc != TD_OK || again != needed || strlen(full) != needed)
        fuzz_fail("member %zu of '%s': explain's length changed (%zu, then %zu)", m, td_expr_text(e),
                  needed, again);
    if (!fuzz_utf8_valid(full, needed))
        fuzz_fail("member %zu of '%s': the explanation is not UTF-8: %s", m, td_expr_text(e), full);
    char small[8];
    rc = td_expr_explain(small, sizeof small, NULL, e, result, m, values, 2, &err);
    size_t n = strnlen(small, sizeof small);
    if (rc != TD_OK || n == sizeof small || strncmp(small, full, n) != 0 || !fuzz_utf8_valid(small, n) ||
        (needed >= sizeof small && n + 4 < sizeof small - 1))
        fuzz_fail("member %zu of '%s': a truncated explanation is '%s' of '%s'", m, td_expr_text(e),
                  small, full);
    free(full);
}

static void check_canonical(const td_expr *e, const td_status *rcs, const td_value *vals, size_t count)
{
    const char *canon = td_expr_canonical(e);
    td_expr_options opts = TD_EXPR_OPTIONS_INIT;
    opts.variables = variables;
    opts.variable_count = 2;
    opts.max_bytes = TD_EXPR_MAX_BYTES_LIMIT;
    opts.max_depth = TD_EXPR_MAX_DEPTH_LIMIT;
    td_expr *e2 = NULL;
    td_error err;
    td_status rc = td_expr_compile(&e2, rulebook, canon, &opts, &err);
    fuzz_check_status(rc, &err, "td_expr_compile (canonical)");
    if (rc == TD_ELIMIT)
        return; /* the added parentheses may nest beyond even the ceiling */
    if (rc != TD_OK)
        fuzz_fail("the canonical form '%s' of '%s' does not compile: %s", canon, td_expr_text(e),
                  err.message);
    if (strcmp(td_expr_canonical(e2), canon) != 0)
        fuzz_fail("the canonical form '%s' of '%s' has the canonical form '%s'", canon, td_expr_text(e),
                  td_expr_canonical(e2));
    if (td_expr_type(e2) != td_expr_type(e))
        fuzz_fail("the canonical form '%s' of '%s' has another type", canon, td_expr_text(e));
    for (size_t m = 0; m < count; m++) {
        td_value v;
        rc = td_expr_eval(&v, e2, result, m, values, 2, &err);
        if (rc != rcs[m] || (rc == TD_OK && !same_value(&v, &vals[m])))
            fuzz_fail("member %zu: '%s' and its canonical form '%s' evaluate differently (%d, %d)", m,
                      td_expr_text(e), canon, (int)rcs[m], (int)rc);
    }
    td_expr_free(e2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    char *text = fuzz_strndup(data, size);
    td_expr_options opts = TD_EXPR_OPTIONS_INIT;
    opts.variables = variables;
    opts.variable_count = 2;
    td_expr *e = (td_expr *)&opts; /* a sentinel: a failed compile must not write it */
    td_error err;
    td_status rc = td_expr_compile(&e, rulebook, text, &opts, &err);
    fuzz_check_status(rc, &err, "td_expr_compile");
    if (rc != TD_OK) {
        if (e != (td_expr *)&opts)
            fuzz_fail("a failed td_expr_compile wrote *out");
        free(text);
        return 0;
    }
    td_value_type type = td_expr_type(e);
    const char *canon = td_expr_canonical(e);
    if (type != TD_VALUE_NUMBER && type != TD_VALUE_BOOLEAN && type != TD_VALUE_TEXT)
        fuzz_fail("'%s' compiled to type %d", text, (int)type);
    if (strcmp(td_expr_text(e), text) != 0)
        fuzz_fail("td_expr_text is not the text compiled");
    if (!canon || !fuzz_utf8_valid(canon, strlen(canon)))
        fuzz_fail("the canonical form of '%s' is missing or not UTF-8", text);

    enum { MEMBERS = 4 };
    size_t count = td_result_member_count(result);
    if (count != MEMBERS)
        fuzz_fail("the case has %zu members", count);
    td_status rcs[MEMBERS];
    td_value vals[MEMBERS];
    for (size_t m = 0; m < count; m++) {
        rcs[m] = td_expr_eval(&vals[m], e, result, m, values, 2, &err);
        fuzz_check_status(rcs[m], &err, "td_expr_eval");
        if (rcs[m] == TD_OK) {
            if (vals[m].type != type)
                fuzz_fail("'%s' has type %d but evaluated to type %d", text, (int)type, (int)vals[m].type);
            if (type == TD_VALUE_TEXT && (!vals[m].text || !fuzz_utf8_valid(vals[m].text, strlen(vals[m].text))))
                fuzz_fail("'%s' evaluated to a missing or invalid text", text);
        }
        check_explain(e, m, rcs[m]);
    }
    td_value v;
    if (td_expr_eval(&v, e, result, count, values, 2, &err) != TD_EINVAL ||
        td_expr_eval(&v, e, result, 0, values, 1, &err) != TD_EINVAL)
        fuzz_fail("td_expr_eval accepted a member out of range or a wrong value count");
    check_canonical(e, rcs, vals, count);
    td_expr_free(e);
    free(text);
    return 0;
}
