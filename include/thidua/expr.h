/*
 * thidua/expr.h — the expression language for custom tools: compile an
 * expression against a rulebook's names, evaluate it for one member of an
 * evaluated cluster, and explain the value. See docs/expressions.md.
 *
 * Everything a rulebook expression may use is available (the expression
 * is evaluated after the whole evaluation): total, rank, classification,
 * attainment(c), award('id'), history('id', n)... A host program may also
 * declare extra read-only numeric variables, whose values it passes per
 * evaluation.
 *
 * A td_expr is immutable and may be evaluated from any number of threads.
 * It keeps its rulebook alive.
 */
#ifndef THIDUA_EXPR_H
#define THIDUA_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "thidua/common.h"
#include "thidua/decimal.h"
#include "thidua/result.h"
#include "thidua/rulebook.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A compiled expression. */
typedef struct td_expr td_expr;

/** The type of an expression's value. */
typedef enum td_value_type {
    TD_VALUE_NUMBER = 1,  /**< an exact decimal */
    TD_VALUE_BOOLEAN = 2, /**< true or false */
    TD_VALUE_TEXT = 4     /**< UTF-8 text, e.g. a classification id */
} td_value_type;

/** A value. `text` is borrowed from the expression or the result. */
typedef struct td_value {
    td_value_type type;
    td_decimal number;
    bool boolean;
    const char *text;
} td_value;

/** Options of td_expr_compile(). Initialise with TD_EXPR_OPTIONS_INIT. */
typedef struct td_expr_options {
    unsigned int version;            /**< TD_EXPR_OPTIONS_VERSION */
    const char *const *variables;    /**< names of host variables (numbers), or NULL */
    size_t variable_count;           /**< how many names `variables` holds */
    size_t max_bytes;                /**< the longest accepted text; 0: 4096 */
    size_t max_depth;                /**< the deepest accepted nesting; 0: 64 */
    const td_allocator *allocator;   /**< NULL: malloc/realloc/free */
} td_expr_options;

/** The default limit on an expression's length, in bytes. */
#define TD_EXPR_DEFAULT_MAX_BYTES 4096
/** The default limit on nesting (parentheses, brackets, calls, not and unary -). */
#define TD_EXPR_DEFAULT_MAX_DEPTH 64
/** The largest max_bytes accepted. */
#define TD_EXPR_MAX_BYTES_LIMIT ((size_t)1 << 30)
/**
 * The largest max_depth accepted: compiling and evaluating use stack in
 * proportion to the nesting, a few hundred bytes per level.
 */
#define TD_EXPR_MAX_DEPTH_LIMIT 256

#define TD_EXPR_OPTIONS_VERSION 1
#define TD_EXPR_OPTIONS_INIT {TD_EXPR_OPTIONS_VERSION, NULL, 0, 0, 0, NULL}

/** Fills *opts with the defaults. Errors: TD_EINVAL (NULL or unknown version). */
TD_EXTERN td_status td_expr_options_init(td_expr_options *opts, unsigned int version);

/**
 * Compiles NUL-terminated `text` against the names of `rulebook` and the
 * host variables of `opts` (may be NULL). Host variable names must be
 * distinct identifiers and not built-in names.
 * Ownership: *out belongs to the caller (td_expr_free()); it holds a
 * reference to the rulebook.
 * Errors: TD_EINVAL (NULL argument, a bad variable name, unknown options
 * version), TD_EPARSE (syntax, unknown name, arity or type; err->line is 1
 * and err->column the 1-based byte column), TD_ELIMIT (length or nesting
 * beyond the limits), TD_ENOMEM.
 */
TD_EXTERN td_status td_expr_compile(td_expr **out, const td_rulebook *rulebook, const char *text,
                                    const td_expr_options *opts, td_error *err);

/** Frees the expression and releases its rulebook reference. Accepts NULL. */
TD_EXTERN void td_expr_free(td_expr *expr);

/** The source text as given. */
TD_EXTERN const char *td_expr_text(const td_expr *expr);

/**
 * The canonical form: fully parenthesised, numbers in shortest form, ids
 * quoted ("((total >= 90) and met('hh'))"). Compiling it gives an
 * expression with the same value.
 */
TD_EXTERN const char *td_expr_canonical(const td_expr *expr);

/** The type of the expression's value. */
TD_EXTERN td_value_type td_expr_type(const td_expr *expr);

/**
 * Evaluates the expression for member `member` (result order) of `result`,
 * which must come from the expression's rulebook. `values` gives the host
 * variables in the order they were declared (`value_count` must equal the
 * declared count; NULL when there are none).
 * Errors: TD_EINVAL (NULL, another rulebook, member out of range, wrong
 * value count), TD_EEVAL (division by zero, a value the member does not
 * have, e.g. attainment of a criterion without target; the message names
 * the expression and the column), TD_ERANGE, TD_ENOMEM.
 * Thread-safety: reads the expression and the result only.
 */
TD_EXTERN td_status td_expr_eval(const td_expr *expr, const td_result *result, size_t member,
                                 const td_decimal *values, size_t value_count, td_value *out,
                                 td_error *err);

/**
 * Writes an explanation of the value for that member into buf (UTF-8,
 * NUL-terminated, truncated to `size`; *needed, if not NULL, receives the
 * full length without the NUL). For a condition that fails it names the
 * failing part with its values ("attainment(hh_rate) = 0.961269 < 1"); for
 * one that holds, the values it used; for a number or text, "<text> = value".
 * Errors as td_expr_eval().
 */
TD_EXTERN td_status td_expr_explain(const td_expr *expr, const td_result *result, size_t member,
                                    const td_decimal *values, size_t value_count, char *buf,
                                    size_t size, size_t *needed, td_error *err);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_EXPR_H */
