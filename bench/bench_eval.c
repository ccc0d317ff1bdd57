/*
 * bench_eval — how long building a rulebook, filling a cluster and
 * evaluating it take, and how much memory the process peaks at, for a
 * synthetic scheme of `criteria` criteria (every rule kind in turn, a
 * derived measure, classification conditions, two ranking keys, two awards
 * with quotas) and a cluster of `members` units.
 *
 *   bench_eval MEMBERS [CRITERIA] [REPEAT]
 *
 * Prints one line of tab-separated figures (see scripts/bench.sh, which
 * runs a series of sizes and writes docs/performance.md). The numbers are
 * deterministic: member i's values come from a fixed formula, so every run
 * evaluates the same cluster.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "scheme.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_eval MEMBERS [CRITERIA] [REPEAT]\n");
        return 2;
    }
    size_t members = strtoul(argv[1], NULL, 10);
    size_t criteria = argc > 2 ? strtoul(argv[2], NULL, 10) : 40;
    int repeat = argc > 3 ? atoi(argv[3]) : 3;
    if (members < 1 || criteria < 2 || repeat < 1) {
        fprintf(stderr, "bench_eval: MEMBERS >= 1, CRITERIA >= 2, REPEAT >= 1\n");
        return 2;
    }

    double t0 = bench_now();
    td_rulebook *rb = bench_rulebook(criteria);
    double t1 = bench_now();
    td_cluster *cl = bench_cluster(members, criteria);
    double t2 = bench_now();
    double best = 1e300;
    td_error err;
    for (int r = 0; r < repeat; r++) {
        td_result *res;
        double s = bench_now();
        bench_check(td_evaluate(&res, rb, cl, NULL, &err), &err, "evaluate");
        double e = bench_now() - s;
        if (e < best)
            best = e;
        td_result_free(res);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* members, criteria, build ms, fill ms, evaluate ms (best of REPEAT), peak RSS KiB */
    printf("%zu\t%zu\t%.2f\t%.2f\t%.2f\t%ld\n", members, criteria, (t1 - t0) * 1e3, (t2 - t1) * 1e3,
           best * 1e3, ru.ru_maxrss);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return 0;
}
