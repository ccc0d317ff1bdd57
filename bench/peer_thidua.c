/*
 * peer_thidua — thidua C's entry in the peer comparison (bench/run): fills
 * the benchmark cluster (scheme.h: bench_cluster) through the C API, then
 * times td_evaluate() alone, best of REPEAT, and writes every member's total.
 *
 *   peer_thidua MEMBERS [REPEAT] [TOTALS] [EXPLAIN] [THREADS]
 *
 * TOTALS (a path, "-" for none; default none) receives one line per member
 * in member order (unit-000000 first): the total with the rulebook's
 * precision (2 decimals). EXPLAIN is "all" (the default: every
 * explanation in both languages, "thidua C (explanations on)"), "none"
 * (td_eval_options::explain = TD_EXPLAIN_NONE) or "on_demand"
 * (TD_EXPLAIN_ON_DEMAND: none of the criteria's is rendered); THREADS is
 * td_eval_options::threads (default 1). Prints one JSON object on
 * stdout: members, criteria, fill and evaluate seconds (best and every
 * run) and the peak RSS of the process in KiB.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peer.h"
#include "scheme.h"

enum { CRITERIA = 40 };

static void write_totals(const td_result *res, size_t members, const char *path)
{
    td_decimal *totals = calloc(members, sizeof *totals);
    if (totals == NULL) {
        fprintf(stderr, "peer_thidua: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < members; i++) {
        const char *unit = td_result_member_unit(res, i);
        size_t m = strtoul(unit + strlen("unit-"), NULL, 10);
        if (m >= members) {
            fprintf(stderr, "peer_thidua: unexpected unit %s\n", unit);
            exit(1);
        }
        totals[m] = td_result_member_total(res, i);
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    char buf[64];
    for (size_t m = 0; m < members; m++) {
        td_decimal_format_fixed(buf, sizeof buf, totals[m], 2);
        fprintf(f, "%s\n", buf);
    }
    if (fclose(f) != 0) {
        perror(path);
        exit(1);
    }
    free(totals);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: peer_thidua MEMBERS [REPEAT] [TOTALS] [all|none|on_demand] [THREADS]\n");
        return 2;
    }
    size_t members = strtoul(argv[1], NULL, 10);
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    const char *totals = argc > 3 && strcmp(argv[3], "-") != 0 ? argv[3] : NULL;
    const char *explain = argc > 4 ? argv[4] : "all";
    int threads = argc > 5 ? atoi(argv[5]) : 1;
    if (members < 1 || repeat < 1 || threads < 1 ||
        (strcmp(explain, "all") != 0 && strcmp(explain, "none") != 0 && strcmp(explain, "on_demand") != 0)) {
        fprintf(stderr, "peer_thidua: MEMBERS >= 1, REPEAT >= 1, EXPLAIN all, none or on_demand, THREADS >= 1\n");
        return 2;
    }
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.explain = strcmp(explain, "none") == 0        ? TD_EXPLAIN_NONE
                   : strcmp(explain, "on_demand") == 0 ? TD_EXPLAIN_ON_DEMAND
                                                       : TD_EXPLAIN_ALL;
    opts.threads = (unsigned)threads;
    td_rulebook *rb = bench_rulebook(CRITERIA);
    double t0 = bench_now();
    td_cluster *cl = bench_cluster(members, CRITERIA);
    double fill = bench_now() - t0;
    double best = 1e300;
    td_error err;
    printf("{\"members\": %zu, \"criteria\": %d, \"threads\": %d, \"fill_seconds\": %.6f, \"runs\": [", members,
           CRITERIA, threads, fill);
    for (int r = 0; r < repeat; r++) {
        td_result *res;
        double s = bench_now();
        bench_check(td_evaluate(&res, rb, cl, &opts, &err), &err, "evaluate");
        double e = bench_now() - s;
        if (e < best)
            best = e;
        printf("%s%.6f", r ? ", " : "", e);
        if (r == repeat - 1 && totals != NULL)
            write_totals(res, members, totals);
        td_result_free(res);
    }
    printf("], \"seconds\": %.6f, \"peak_rss_kb\": %ld}\n", best, bench_peak_rss_kb());
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return 0;
}
