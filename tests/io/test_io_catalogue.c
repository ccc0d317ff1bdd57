/*
 * The bad-input catalogue (tests/data/bad/catalogue.tsv): every case must
 * fail with the listed status, at the listed file, line and column, with a
 * message containing the listed text, and must hand nothing back.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"

#ifndef TD_SOURCE_DIR
#  error "TD_SOURCE_DIR must name the source tree"
#endif
#ifndef TD_GENERATED_DIR
#  error "TD_GENERATED_DIR must name the directory of generate.sh's output"
#endif

#define BAD_DIR TD_SOURCE_DIR "/tests/data/bad"

typedef struct tcase {
    char *field[9]; /* case kind options files status file line column message */
} tcase;

enum { F_CASE, F_KIND, F_OPTIONS, F_FILES, F_STATUS, F_FILE, F_LINE, F_COLUMN, F_MESSAGE };

static const char *status_name(td_status s)
{
    static const char *const names[] = {"TD_OK", "TD_ERROR", "TD_ENOMEM", "TD_EINVAL", "TD_ENOTFOUND",
                                        "TD_EEXISTS", "TD_ERANGE", "TD_EPARSE", "TD_ERULEBOOK",
                                        "TD_EDATA", "TD_ELIMIT", "TD_EEVAL", "TD_EIO"};
    int i = -(int)s;
    return i >= 0 && i < (int)(sizeof names / sizeof names[0]) ? names[i] : "?";
}

/* The path of a file named in the manifest. */
static void path_of(const char *name, char *buf, size_t size)
{
    if (strncmp(name, "generated/", 10) == 0)
        snprintf(buf, size, "%s/%s", TD_GENERATED_DIR, name + 10);
    else
        snprintf(buf, size, "%s/%s", BAD_DIR, name);
}

/* Runs a case: the first failure of load → check → evaluate lands in err.
 * A rulebook case is evaluated with data.yaml when it loads (its fault may
 * be found at evaluation only); a data case with rulebook.yaml. */
static td_status run_case(const tcase *t, td_error *err)
{
    char path[1024];
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.decimal_comma = strstr(t->field[F_OPTIONS], "decimal-comma") != NULL;
    td_rulebook *rb = NULL;
    td_status rc;
    bool rulebook_case = strcmp(t->field[F_KIND], "rulebook") == 0;
    if (rulebook_case) {
        path_of(t->field[F_FILES], path, sizeof path);
        rc = td_rulebook_load_file(&rb, path, &opts, err);
        if (rc != TD_OK) {
            assert_null(rb);
            return rc;
        }
    } else {
        path_of("rulebook.yaml", path, sizeof path);
        assert_ok(td_rulebook_load_file(&rb, path, &opts, err), *err);
    }
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    assert_ok(td_dataset_new(&ds, &opts, err), *err);
    char files[1024];
    snprintf(files, sizeof files, "%s", rulebook_case ? "data.yaml" : t->field[F_FILES]);
    rc = TD_OK;
    for (char *save = NULL, *f = strtok_r(files, " ", &save); f != NULL && rc == TD_OK;
         f = strtok_r(NULL, " ", &save)) {
        path_of(f, path, sizeof path);
        rc = td_dataset_add_file(ds, path, err);
    }
    if (rc == TD_OK) {
        rc = td_dataset_to_cluster(&cl, ds, rb, err);
        if (rc != TD_OK)
            assert_null(cl);
    }
    if (rc == TD_OK) {
        rc = td_evaluate(&res, rb, cl, NULL, err);
        if (rc != TD_OK)
            assert_null(res);
    }
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(ds);
    td_rulebook_free(rb);
    return rc;
}

/* Checks one case; returns false (and says why) when it does not behave as listed. */
static bool check_case(const tcase *t)
{
    td_error err;
    td_error_clear(&err);
    td_status rc = run_case(t, &err);
    char want_file[1024] = "";
    if (strcmp(t->field[F_FILE], "-") != 0)
        path_of(t->field[F_FILE], want_file, sizeof want_file);
    unsigned line = (unsigned)strtoul(t->field[F_LINE], NULL, 10);
    unsigned column = (unsigned)strtoul(t->field[F_COLUMN], NULL, 10);
    bool ok = strcmp(status_name(rc), t->field[F_STATUS]) == 0 && err.code == rc &&
              strcmp(err.file, want_file) == 0 && err.line == line && err.column == column &&
              strstr(err.message, t->field[F_MESSAGE]) != NULL;
    if (!ok)
        print_message("case %s: got %s at %s:%u:%u: %s\n  want %s at %s:%u:%u: ...%s...\n",
                      t->field[F_CASE], status_name(rc), err.file, err.line, err.column, err.message,
                      t->field[F_STATUS], want_file, line, column, t->field[F_MESSAGE]);
    return ok;
}

static size_t read_manifest(tcase **out, char **text)
{
    FILE *f = fopen(BAD_DIR "/catalogue.tsv", "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    *text = malloc((size_t)size + 1);
    assert_non_null(*text);
    assert_int_equal(fread(*text, 1, (size_t)size, f), (size_t)size);
    (*text)[size] = '\0';
    fclose(f);
    size_t count = 0, cap = 512;
    tcase *cases = malloc(cap * sizeof *cases);
    assert_non_null(cases);
    for (char *save = NULL, *line = strtok_r(*text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        assert_true(count < cap);
        tcase *t = &cases[count++];
        char *p = line;
        for (int i = 0; i < 9; i++) {
            t->field[i] = p;
            char *tab = strchr(p, '\t');
            if (i < 8) {
                if (tab == NULL)
                    fail_msg("manifest line '%s' has fewer than 9 fields", line);
                *tab = '\0';
                p = tab + 1;
            } else if (tab != NULL) {
                fail_msg("manifest line of case '%s' has more than 9 fields", t->field[0]);
            }
        }
    }
    *out = cases;
    return count;
}

static void every_catalogued_bad_input_fails_where_it_says(void **state)
{
    (void)state;
    tcase *cases;
    char *text;
    size_t n = read_manifest(&cases, &text);
    if (n < 40)
        fail_msg("the catalogue has %zu cases; it must have at least 40", n);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++)
            if (strcmp(cases[i].field[F_CASE], cases[j].field[F_CASE]) == 0)
                fail_msg("case '%s' is listed twice", cases[i].field[F_CASE]);
        if (!check_case(&cases[i]))
            failed++;
    }
    free(cases);
    free(text);
    if (failed > 0)
        fail_msg("%zu of %zu catalogue cases misbehaved", failed, n);
}

/* The pair the rulebook and data cases are loaded with must itself be fine. */
static void catalogue_rulebook_and_data_are_valid(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    assert_ok(td_rulebook_load_file(&rb, BAD_DIR "/rulebook.yaml", NULL, &err), err);
    assert_ok(td_cluster_load_file(&cl, BAD_DIR "/data.yaml", rb, NULL, &err), err);
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    assert_int_equal(td_result_member_count(res), 3);
    /* u1: proportional 10 (110 of 100, capped), rate 99/110 = 0.9 of 90/100 = 0.9
     * → attainment 1 ≥ 95 % → 10, final-review reporting points 8 */
    assert_string_equal(td_result_member_unit(res, 0), "u1");
    assert_decimal(td_result_member_total(res, 0), "28");
    assert_string_equal(td_result_member_classification(res, 2), "other");
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(catalogue_rulebook_and_data_are_valid),
        cmocka_unit_test(every_catalogued_bad_input_fails_where_it_says),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
