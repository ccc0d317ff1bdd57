/*
 * Internal: filling td_error. Not installed.
 */
#ifndef THIDUA_LIB_ERROR_H
#define THIDUA_LIB_ERROR_H

#include <stdarg.h>

#include "thidua/common.h"

#if defined(__GNUC__)
#  define TD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define TD_PRINTF(f, a)
#endif

/* Sets err (if not NULL) to code and the formatted message, with no position.
 * Returns code so that callers can write `return td_error_set(err, ...)`. */
td_status td_error_set(td_error *err, td_status code, const char *fmt, ...) TD_PRINTF(3, 4);

/* As td_error_set, with a source position (file may be NULL or ""). */
td_status td_error_set_at(td_error *err, td_status code, const char *file, unsigned line,
                          unsigned column, const char *fmt, ...) TD_PRINTF(6, 7);

td_status td_error_vset_at(td_error *err, td_status code, const char *file, unsigned line,
                           unsigned column, const char *fmt, va_list ap);

/* Sets the out-of-memory error. */
td_status td_error_nomem(td_error *err);

/* Copies at most n-1 bytes of src into dst and NUL-terminates, never cutting a
 * UTF-8 sequence in half. */
void td_copy_text(char *dst, size_t n, const char *src);

/* Prepends "prefix: " to err's message (when err is not NULL), keeping the
 * code and position. Returns err's code, or `code` when err is NULL. */
td_status td_error_prefix(td_error *err, td_status code, const char *fmt, ...) TD_PRINTF(3, 4);

/* Appends formatted text to err's message (when err is not NULL), cut at a
 * whole character when it does not fit. */
void td_error_append(td_error *err, const char *fmt, ...) TD_PRINTF(2, 3);

/* The static analyzers (gcc -fanalyzer and clang's scan-build, run by
 * scripts/test.sh) read one file at a time and so do not see that the
 * functions above return `code`: to them, `return td_error_set(err, TD_EINVAL,
 * ...)` may return TD_OK, and every caller that reads an out-parameter after
 * `if (rc != TD_OK) return rc;` would dereference NULL. These macros give the
 * value of a call as `code` itself, which the function returns anyway; `code`
 * is evaluated twice: pass a constant or a plain variable. The definitions
 * put the function's name in parentheses, which a macro does not expand. */
static inline td_status td_error__code(td_status returned, td_status code)
{
    (void)returned;
    return code;
}
#define td_error_set(err, code, ...) td_error__code(td_error_set(err, code, __VA_ARGS__), code)
#define td_error_set_at(err, code, ...) td_error__code(td_error_set_at(err, code, __VA_ARGS__), code)
#define td_error_nomem(err) td_error__code(td_error_nomem(err), TD_ENOMEM)

/* Tells scan-build a fact it cannot find, where it would otherwise report a
 * path that cannot happen; nothing in a real build. Say beside it why it
 * cannot find it (docs/reliability.md, "Static analysis"). */
#if defined(__clang_analyzer__)
#  define TD_ANALYZER_ASSUME(cond) __builtin_assume(cond)
#else
#  define TD_ANALYZER_ASSUME(cond) ((void)0)
#endif

#endif
