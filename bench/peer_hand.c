/*
 * peer_hand — the floor of the peer comparison (bench/run): the benchmark
 * workload's totals computed by a hand-written loop over plain arrays in
 * int64 fixed point, with the exact rounding of docs/scoring.md. It knows
 * the scheme of scheme.c by heart (no rulebook, no explanations, no
 * classification, ranking or awards): 40 criteria in 4 sections of 10
 * (section max 100), criterion c of kind c % 8 and max 10:
 *
 *   0 proportional, cap 1.2, bonus 0.5 per 5 points over 100 % (max 10)
 *   1 threshold at 1          2 shortfall, lower is better, 1 per 5, ceil
 *   3 bands 1 → 10, 0.8 → 7, 0 → 3                4 best of attainment
 *   5 rank, points 10, 8, 6   6 manual (final score)
 *   7 expr if(met(c), 10, 10 * attainment(c))
 *
 * bonus capped at 5, deduction 1 per "late" event, precision 2.
 *
 *   peer_hand MEMBERS [REPEAT] [TOTALS]
 *
 * Values are tenths (peer.h), attainments millionths, points hundredths.
 * TOTALS and the JSON line on stdout are as peer_thidua's.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "peer.h"

enum { CRITERIA = 40, KINDS = 8, SECTION = 10 };
enum { K_PROPORTIONAL, K_THRESHOLD, K_SHORTFALL, K_BANDS, K_BEST, K_RANK, K_MANUAL, K_EXPR };

#define ONE 1000000 /* attainment 1 in millionths */

typedef struct data {
    size_t n;
    int64_t *target, *actual; /* n x CRITERIA, tenths; a manual criterion's actual is its score */
    uint8_t *late;            /* events per member */
} data;

static void *alloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p == NULL) {
        fprintf(stderr, "peer_hand: out of memory\n");
        exit(1);
    }
    return p;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fill(data *d, size_t n)
{
    d->n = n;
    d->target = alloc(n * CRITERIA, sizeof *d->target);
    d->actual = alloc(n * CRITERIA, sizeof *d->actual);
    d->late = alloc(n, 1);
    for (size_t m = 0; m < n; m++) {
        for (size_t c = 0; c < CRITERIA; c++) {
            if (c % KINDS == K_MANUAL) {
                d->actual[m * CRITERIA + c] = (int64_t)bench_value_tenths(m, c, 5, 5);
                continue;
            }
            d->target[m * CRITERIA + c] = (int64_t)bench_value_tenths(m, c, 100, 50);
            d->actual[m * CRITERIA + c] = (int64_t)bench_value_tenths(m + 7, c, 80, 90);
        }
        d->late[m] = m % 10 == 3;
    }
}

/* x / y rounded half away from zero, for x >= 0 and y > 0. */
static inline int64_t div_round(int64_t x, int64_t y)
{
    return (2 * x + y) / (2 * y);
}

/* The three highest distinct values of a column and how many members hold each. */
typedef struct top3 {
    int64_t v[3];
    int64_t n[3];
} top3;

static inline void top3_add(top3 *t, int64_t x)
{
    for (int i = 0; i < 3; i++) {
        if (x == t->v[i]) {
            t->n[i]++;
            return;
        }
        if (x > t->v[i]) {
            for (int j = 2; j > i; j--) {
                t->v[j] = t->v[j - 1];
                t->n[j] = t->n[j - 1];
            }
            t->v[i] = x;
            t->n[i] = 1;
            return;
        }
    }
}

/* Every member's total in hundredths; r is scratch of n x CRITERIA. */
BENCH_NOINLINE static void evaluate(const data *d, int64_t *r, int64_t *total)
{
    size_t n = d->n;
    int64_t best[CRITERIA] = {0};
    top3 top[CRITERIA];
    for (size_t c = 0; c < CRITERIA; c++)
        top[c] = (top3){{-1, -1, -1}, {0, 0, 0}};
    /* attainments (6 decimals, half away from zero) and the column aggregates */
    for (size_t m = 0; m < n; m++) {
        const int64_t *t = d->target + m * CRITERIA, *a = d->actual + m * CRITERIA;
        int64_t *rm = r + m * CRITERIA;
        for (size_t c = 0; c < CRITERIA; c++) {
            int kind = (int)(c % KINDS);
            if (kind == K_MANUAL)
                continue;
            int64_t x;
            if (t[c] == 0)
                x = kind == K_SHORTFALL ? (a[c] == 0 ? ONE : 0) : ONE;
            else if (kind == K_SHORTFALL)
                x = 2 * t[c] - a[c] <= 0 ? 0 : div_round((2 * t[c] - a[c]) * ONE, t[c]);
            else
                x = div_round(a[c] * ONE, t[c]);
            rm[c] = x;
            if (kind == K_BEST && x > best[c])
                best[c] = x;
            else if (kind == K_RANK)
                top3_add(&top[c], x);
        }
    }
    static const int64_t rank_points[3] = {1000, 800, 600};
    for (size_t m = 0; m < n; m++) {
        const int64_t *rm = r + m * CRITERIA, *a = d->actual + m * CRITERIA;
        int64_t base = 0, section = 0, bonus = 0;
        for (size_t c = 0; c < CRITERIA; c++) {
            int64_t x = rm[c], p;
            switch (c % KINDS) {
            case K_PROPORTIONAL:
                p = div_round(x < 1200000 ? x : 1200000, 1000); /* 10 x min(r, 1.2), in hundredths */
                if (x > ONE) {
                    int64_t b = 50 * ((x - ONE) / 50000); /* 0.5 x floor((r - 1) x 100 / 5) */
                    bonus += b < 1000 ? b : 1000;
                }
                break;
            case K_THRESHOLD:
                p = x >= ONE ? 1000 : 0;
                break;
            case K_SHORTFALL:
                if (x >= ONE) {
                    p = 1000;
                } else {
                    int64_t s = (ONE - x + 49999) / 50000; /* ceil((1 - r) x 100 / 5) */
                    p = s >= 10 ? 0 : (10 - s) * 100;
                }
                break;
            case K_BANDS:
                p = x >= ONE ? 1000 : x >= 800000 ? 700 : 300;
                break;
            case K_BEST:
                p = best[c] == 0 ? 0 : div_round(1000 * x, best[c]);
                break;
            case K_RANK: {
                const top3 *tp = &top[c];
                p = x == tp->v[0]                        ? rank_points[0]
                    : x == tp->v[1] && tp->n[0] < 3      ? rank_points[tp->n[0]]
                    : x == tp->v[2] && tp->n[0] + tp->n[1] < 3 ? rank_points[tp->n[0] + tp->n[1]]
                                                         : 0;
                break;
            }
            case K_MANUAL:
                p = a[c] * 10;
                break;
            default: /* expr: if(met(c), 10, 10 * attainment(c)), clamped to [0, 10] */
                p = x >= ONE ? 1000 : div_round(x, 1000);
                break;
            }
            section += p;
            if (c % SECTION == SECTION - 1 || c == CRITERIA - 1) {
                base += section < 10000 ? section : 10000;
                section = 0;
            }
        }
        int64_t sum = base + (bonus < 500 ? bonus : 500) - 100 * (int64_t)d->late[m];
        total[m] = sum > 0 ? sum : 0;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: peer_hand MEMBERS [REPEAT] [TOTALS]\n");
        return 2;
    }
    size_t members = strtoul(argv[1], NULL, 10);
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    const char *path = argc > 3 && strcmp(argv[3], "-") != 0 ? argv[3] : NULL;
    if (members < 1 || repeat < 1) {
        fprintf(stderr, "peer_hand: MEMBERS >= 1, REPEAT >= 1\n");
        return 2;
    }
    data d;
    double t0 = now();
    fill(&d, members);
    double fill_s = now() - t0;
    int64_t *r = alloc(members * CRITERIA, sizeof *r), *total = alloc(members, sizeof *total);
    double best = 1e300;
    printf("{\"members\": %zu, \"criteria\": %d, \"fill_seconds\": %.6f, \"runs\": [", members, CRITERIA, fill_s);
    for (int k = 0; k < repeat; k++) {
        double s = now();
        evaluate(&d, r, total);
        double e = now() - s;
        if (e < best)
            best = e;
        printf("%s%.6f", k ? ", " : "", e);
    }
    if (path != NULL) {
        FILE *f = fopen(path, "w");
        if (f == NULL) {
            perror(path);
            return 1;
        }
        for (size_t m = 0; m < members; m++)
            fprintf(f, "%lld.%02lld\n", (long long)(total[m] / 100), (long long)(total[m] % 100));
        if (fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    printf("], \"seconds\": %.6f, \"peak_rss_kb\": %ld}\n", best, bench_peak_rss_kb());
    free(r);
    free(total);
    free(d.target);
    free(d.actual);
    free(d.late);
    return 0;
}
