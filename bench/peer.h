/*
 * Header-only helpers of the benchmarks that need no library.
 *
 * bench_value_tenths(): the deterministic member values, a value in
 * [lo, lo + span) with one decimal for member m and criterion c, as a count
 * of tenths. scheme.c prints it as text for thidua; the hand-written loop
 * (peer_hand.c) uses the integer; bench/peers/workload.py computes the same
 * formula in Python.
 *
 * bench_peak_rss_kb(): the process's own peak resident memory (VmHWM). Not
 * getrusage()'s ru_maxrss, which on Linux keeps the high-water mark of the
 * process image before exec (the Python of bench/run that started it).
 */
#ifndef THIDUA_BENCH_PEER_H
#define THIDUA_BENCH_PEER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static inline uint64_t bench_value_tenths(size_t m, size_t c, unsigned lo, unsigned span)
{
    /* 64-bit arithmetic modulo 2^64, as size_t and unsigned long are on the benchmark machines */
    uint64_t h = (uint64_t)m * 2654435761u ^ ((uint64_t)c * 40503u + 17u);
    h = (h ^ (h >> 13)) * 0x5bd1e995u;
    return (lo + (h >> 8) % span) * 10 + (h >> 3) % 10;
}

/* Keeps a function out of line, so that callgrind can count it alone (bench/run --callgrind). */
#if defined(__GNUC__)
#define BENCH_NOINLINE __attribute__((noinline))
#else
#define BENCH_NOINLINE
#endif

static inline long bench_peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    if (f != NULL) {
        while (fgets(line, sizeof line, f) != NULL)
            if (strncmp(line, "VmHWM:", 6) == 0 && sscanf(line + 6, "%ld", &kb) == 1)
                break;
        fclose(f);
    }
    if (kb < 0) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        kb = ru.ru_maxrss;
    }
    return kb;
}

#endif
