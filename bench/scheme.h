/*
 * The synthetic scheme of the benchmarks: `criteria` criteria that cycle
 * through every rule kind (proportional with bonus, threshold, shortfall on
 * a lower-is-better measure, bands, best, rank, manual, expr), a derived
 * measure, a deduction item, a bonus cap, classification with a
 * min_share() condition, two ranking keys and two awards (a count quota,
 * and a percent quota excluding the first). Member values come from a
 * fixed formula, so every run computes the same numbers.
 */
#ifndef THIDUA_BENCH_SCHEME_H
#define THIDUA_BENCH_SCHEME_H

#include <stddef.h>

#include <thidua/thidua.h>

/* The rule kinds cycled through, one per criterion (criterion c has kind c % K_COUNT). */
enum { K_PROPORTIONAL, K_THRESHOLD, K_SHORTFALL, K_BANDS, K_BEST, K_RANK, K_MANUAL, K_EXPR, K_COUNT };

/* Monotonic seconds. */
double bench_now(void);
/* Exits with the error's message when rc is not TD_OK. */
void bench_check(td_status rc, const td_error *err, const char *what);
/* The decimal of text (exits on error). */
td_decimal bench_dec(const char *text);
/* The synthetic rulebook (exits on error). */
td_rulebook *bench_rulebook(size_t criteria);
/* A deterministic value in [lo, lo + span) with one decimal for member m and criterion c. */
void bench_value(char *buf, size_t size, size_t m, size_t c, unsigned lo, unsigned span);

/*
 * The benchmark cluster of `members` units "unit-000000", …: for member m and
 * criterion c (not manual) target bench_value(m, c, 100, 50) and actual
 * bench_value(m + 7, c, 80, 90); manual criteria get the final score
 * bench_value(m, c, 5, 5); every member with m % 10 == 3 has one "late" event.
 */
td_cluster *bench_cluster(size_t members, size_t criteria);

#endif
