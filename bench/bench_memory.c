/*
 * bench_memory — what a result keeps, in bytes per member x criterion, for
 * each td_explain mode, on the benchmark scheme (scheme.h):
 *
 *   bench_memory MEMBERS
 *
 * Evaluates the cluster of MEMBERS members x 40 criteria three times
 * through a counting allocator (td_eval_options.allocator) and prints the
 * bytes the result holds once evaluated, and the most held at any moment
 * of the evaluation, divided by the cells. The cluster (the input) is not
 * counted. Exact, repeatable counts (docs/performance.md).
 */
#include <stdio.h>
#include <stdlib.h>

#include "scheme.h"

typedef struct counter {
    size_t live, peak;
} counter;

/* Each block carries its size, so that free and realloc can count. */
typedef struct header {
    size_t size;
    size_t pad; /* keeps the block aligned for any type */
} header;

static void *count_malloc(void *ctx, size_t n)
{
    counter *c = ctx;
    header *h = malloc(sizeof *h + n);
    if (h == NULL)
        return NULL;
    h->size = n;
    c->live += n;
    if (c->live > c->peak)
        c->peak = c->live;
    return h + 1;
}

static void *count_realloc(void *ctx, void *p, size_t n)
{
    counter *c = ctx;
    if (p == NULL)
        return count_malloc(ctx, n);
    header *h = (header *)p - 1;
    size_t old = h->size;
    header *moved = realloc(h, sizeof *h + n);
    if (moved == NULL)
        return NULL;
    moved->size = n;
    c->live = c->live - old + n;
    if (c->live > c->peak)
        c->peak = c->live;
    return moved + 1;
}

static void count_free(void *ctx, void *p)
{
    counter *c = ctx;
    if (p == NULL)
        return;
    header *h = (header *)p - 1;
    c->live -= h->size;
    free(h);
}

int main(int argc, char **argv)
{
    if (argc != 2 || atol(argv[1]) < 1) {
        fprintf(stderr, "usage: bench_memory MEMBERS\n");
        return 2;
    }
    size_t members = (size_t)atol(argv[1]), cells = members * 40;
    td_rulebook *rb = bench_rulebook(40);
    td_cluster *cl = bench_cluster(members, 40);
    static const char *const modes[] = {"all", "none", "on_demand"};
    for (int e = 0; e < 3; e++) {
        counter c = {0, 0};
        td_allocator a = {count_malloc, count_realloc, count_free, &c};
        td_eval_options opts = TD_EVAL_OPTIONS_INIT;
        opts.allocator = &a;
        opts.explain = (td_explain)e;
        td_result *res = NULL;
        td_error err;
        bench_check(td_evaluate(&res, rb, cl, &opts, &err), &err, "evaluate");
        printf("explain %-9s %zu members: the result keeps %.1f bytes per cell (%.1f MiB), "
               "at most %.1f during the evaluation\n",
               modes[e], members, (double)c.live / (double)cells, (double)c.live / 1048576.0,
               (double)c.peak / (double)cells);
        td_result_free(res);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return 0;
}
