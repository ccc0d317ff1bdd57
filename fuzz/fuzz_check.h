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

/* Whether the n bytes at s are valid UTF-8 (no overlongs, no surrogates). */
int fuzz_utf8_valid(const char *s, size_t n);

/* A copy of the input, NUL-terminated, from malloc; aborts when out of memory. */
char *fuzz_strndup(const uint8_t *data, size_t size);

#endif
