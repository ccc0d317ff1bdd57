/*
 * What every harness shares: the libFuzzer entry point's prototype, the
 * invariants checked on every call, and the hook that frees a harness's
 * static state when the corpus replay ends (so that valgrind sees no
 * reachable block).
 *
 * A broken invariant prints what was expected and what was found, then
 * aborts: libFuzzer keeps the input as a crash, and a replay test fails.
 */
#ifndef THIDUA_FUZZ_CHECK_H
#define THIDUA_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "thidua/thidua.h"

/* Each harness defines these two. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void fuzz_cleanup(void);

/* Prints "fuzz invariant broken: ..." and aborts. */
#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 1, 2)))
#endif
void fuzz_fail(const char *fmt, ...);

/*
 * The contract of a failing call: a negative status among the known codes,
 * err->code equal to it, a non-empty NUL-terminated message of valid UTF-8.
 * `what` names the call in the report. Does nothing when rc is TD_OK.
 */
void fuzz_check_status(td_status rc, const td_error *err, const char *what);

/* The bit of a status in the masks of fuzz_check_status_in(). */
#define FUZZ_ST(status) (1u << (unsigned)-(status))

/*
 * fuzz_check_status(), and the status must be one of `allowed` (FUZZ_ST()
 * bits: the errors the function's documentation lists).
 */
void fuzz_check_status_in(td_status rc, const td_error *err, const char *what, unsigned allowed);

/*
 * Every explanation of a result that has them (member, classification,
 * rank, criterion, award, quota, leader; both languages) is present and
 * valid UTF-8, and so is every member's classification, which with its
 * explanation is NULL when (and only when) the rulebook defines none.
 */
void fuzz_check_explanations(const td_result *res);

/*
 * The input of the multi-document harnesses: a first byte 0x01 is dropped
 * (data and size advance) and means decimal_comma; returns whether it was
 * there.
 */
bool fuzz_take_decimal_comma(const uint8_t **data, size_t *size);

/*
 * Splits the input at NUL bytes into at most `max` parts (part[i], len[i]:
 * pointers into data, not NUL-terminated). The last part runs to the end of
 * the input, NUL bytes included; a NUL at the very end starts no empty part.
 * Returns the number of parts, at least 1 (an empty input is one empty part).
 */
size_t fuzz_split(const uint8_t *data, size_t size, size_t max, const char **part, size_t *len);

/* Whether the n bytes at s are valid UTF-8 (no overlongs, no surrogates). */
int fuzz_utf8_valid(const char *s, size_t n);

/* A copy of the input, NUL-terminated, from malloc; aborts when out of memory. */
char *fuzz_strndup(const uint8_t *data, size_t size);

#endif
