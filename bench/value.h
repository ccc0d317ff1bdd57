/*
 * The benchmarks' deterministic member values (header only, no library):
 * a value in [lo, lo + span) with one decimal for member m and criterion c,
 * as a count of tenths. scheme.c prints it as text for thidua; the
 * hand-written loop (peer_hand.c) uses the integer; bench/peers/cluster.py
 * computes the same formula in Python.
 */
#ifndef THIDUA_BENCH_VALUE_H
#define THIDUA_BENCH_VALUE_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t bench_value_tenths(size_t m, size_t c, unsigned lo, unsigned span)
{
    /* 64-bit arithmetic modulo 2^64, as size_t and unsigned long are on the benchmark machines */
    uint64_t h = (uint64_t)m * 2654435761u ^ ((uint64_t)c * 40503u + 17u);
    h = (h ^ (h >> 13)) * 0x5bd1e995u;
    return (lo + (h >> 8) % span) * 10 + (h >> 3) % 10;
}

#endif
