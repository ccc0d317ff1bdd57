/*
 * bench_load — the path of a command-line run, timed step by step: the
 * synthetic rulebook (scheme.h) written as YAML and loaded back, cluster
 * data for `members` units as a YAML document (members, manual scores,
 * events) plus a CSV of every target and actual in the long layout, read
 * into a td_dataset and made into a cluster checked against the rulebook,
 * evaluated, and rendered as the contract's JSON.
 *
 *   bench_load MEMBERS [CRITERIA]
 *
 * Prints one line of tab-separated figures for scripts/bench.sh: members,
 * criteria, CSV values, CSV MiB, load rulebook ms, read data ms, make
 * cluster ms, evaluate ms, render JSON ms, JSON MiB, peak RSS KiB.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "scheme.h"

/* A growable text, enough for the generated documents. */
typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void put(text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->data = realloc(t->data, t->cap);
        if (t->data == NULL) {
            fprintf(stderr, "bench_load: out of memory\n");
            exit(1);
        }
    }
    memcpy(t->data + t->len, s, n + 1);
    t->len += n;
}

/* The cluster document: members, the manual criteria's final scores, events. */
static void data_yaml(text *t, size_t members, size_t criteria)
{
    char line[160], v[32];
    put(t, "thidua: 1\nperiod: 2025\ncluster:\n  id: bench\n  members:\n");
    for (size_t m = 0; m < members; m++) {
        snprintf(line, sizeof line, "    - {id: unit-%06zu, name: \"Đơn vị %zu\"}\n", m, m);
        put(t, line);
    }
    put(t, "scores:\n  final:\n");
    for (size_t m = 0; m < members; m++) {
        snprintf(line, sizeof line, "    unit-%06zu: {", m);
        put(t, line);
        const char *sep = "";
        for (size_t c = K_MANUAL; c < criteria; c += K_COUNT) {
            bench_value(v, sizeof v, m, c, 5, 5);
            snprintf(line, sizeof line, "%sc%zu: %s", sep, c, v);
            put(t, line);
            sep = ", ";
        }
        put(t, "}\n");
    }
    put(t, "events:\n");
    for (size_t m = 3; m < members; m += 10) {
        snprintf(line, sizeof line, "  - {unit: unit-%06zu, item: late}\n", m);
        put(t, line);
    }
}

/* Targets and actuals of every other criterion, as a spreadsheet saves them. */
static size_t data_csv(text *t, size_t members, size_t criteria)
{
    char line[160], tv[32], av[32];
    size_t values = 0;
    put(t, "unit,measure,target,actual\r\n");
    for (size_t m = 0; m < members; m++)
        for (size_t c = 0; c < criteria; c++) {
            if (c % K_COUNT == K_MANUAL)
                continue;
            bench_value(tv, sizeof tv, m, c, 100, 50);
            bench_value(av, sizeof av, m + 7, c, 80, 90);
            snprintf(line, sizeof line, "unit-%06zu,c%zu,%s,%s\r\n", m, c, tv, av);
            put(t, line);
            values += 2;
        }
    return values;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_load MEMBERS [CRITERIA]\n");
        return 2;
    }
    size_t members = strtoul(argv[1], NULL, 10);
    size_t criteria = argc > 2 ? strtoul(argv[2], NULL, 10) : 40;
    if (members < 1 || criteria < 2) {
        fprintf(stderr, "bench_load: MEMBERS >= 1, CRITERIA >= 2\n");
        return 2;
    }
    td_error err;

    /* the rulebook as a user's file would hold it */
    td_rulebook *built = bench_rulebook(criteria);
    char *yaml;
    size_t yaml_len;
    bench_check(td_rulebook_to_yaml(&yaml, &yaml_len, built, &err), &err, "to_yaml");
    td_rulebook_free(built);

    text doc = {0}, csv = {0};
    data_yaml(&doc, members, criteria);
    size_t values = data_csv(&csv, members, criteria);

    double t0 = bench_now();
    td_rulebook *rb;
    bench_check(td_rulebook_load_string(&rb, yaml, yaml_len, "rulebook.yaml", NULL, &err), &err,
                "load rulebook");
    double t1 = bench_now();
    td_dataset *ds;
    bench_check(td_dataset_new(&ds, NULL, &err), &err, "dataset");
    bench_check(td_dataset_add_string(ds, doc.data, doc.len, "data.yaml", TD_DOC_FORMAT_YAML, &err), &err,
                "data.yaml");
    bench_check(td_dataset_add_string(ds, csv.data, csv.len, "results.csv", TD_DOC_FORMAT_CSV, &err), &err,
                "results.csv");
    double t2 = bench_now();
    td_cluster *cl;
    bench_check(td_dataset_to_cluster(&cl, ds, rb, &err), &err, "to_cluster");
    double t3 = bench_now();
    td_result *res;
    bench_check(td_evaluate(&res, rb, cl, NULL, &err), &err, "evaluate");
    double t4 = bench_now();
    char *json;
    size_t json_len;
    bench_check(td_report_render(&json, &json_len, res, TD_REPORT_FORMAT_JSON, NULL, &err), &err, "json");
    double t5 = bench_now();

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%zu\t%zu\t%zu\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%ld\n", members, criteria, values,
           (double)csv.len / 1048576.0, (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3,
           (t4 - t3) * 1e3, (t5 - t4) * 1e3, (double)json_len / 1048576.0, ru.ru_maxrss);

    td_free(json);
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(ds);
    td_rulebook_free(rb);
    td_free(yaml);
    free(doc.data);
    free(csv.data);
    return 0;
}
