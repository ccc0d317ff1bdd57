/*
 * thidua/expr.h — the expression language for custom tools: compile an
 * expression against a rulebook's names, evaluate it for one member of an
 * evaluated cluster, and explain the value. The language is described in
 * docs/expressions.md.
 *
 * An expression compiled here sees everything a rulebook expression may
 * use after a whole evaluation: total, base, bonus, deduction, rank,
 * classification, members, is_leader, attainment(c), actual(c), target(c),
 * points(c), met(c), all_met(), count_met(), min_share(), events('item'),
 * award('id') for every award of the rulebook, history('id', n) and
 * consecutive('id'), and the pure functions min, max, abs, round and if. A
 * host program may also declare read-only numeric variables of its own,
 * whose values it passes with each evaluation.
 *
 * Life cycle: td_expr_compile() → td_expr_eval() / td_expr_explain(), any
 * number of times, from any number of threads → td_expr_free(). A td_expr
 * never changes after compilation and keeps its rulebook alive (it holds a
 * reference), so the rulebook may be freed first.
 *
 * Positions: errors in the text carry line 1 and the 1-based column in
 * bytes of UTF-8 (a Vietnamese letter such as "ê" counts two or three).
 *
 * Stack: compiling and evaluating recurse once per level of nesting (see
 * max_depth), using at most about 2 KB of stack per level: some 128 KB at
 * the default limit of 64. Long chains of one operator (a + b + c ...) do
 * not nest.
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

/** A compiled expression (immutable, thread-safe). */
typedef struct td_expr td_expr;

/** The type of an expression's value. */
typedef enum td_value_type {
    TD_VALUE_NUMBER = 1,  /**< an exact decimal */
    TD_VALUE_BOOLEAN = 2, /**< true or false */
    TD_VALUE_TEXT = 4     /**< UTF-8 text, e.g. a classification id */
} td_value_type;

/**
 * A value. Only the field of `type` is meaningful: `number` is zero,
 * `boolean` false and `text` NULL otherwise. `text` is borrowed from the
 * expression (a literal) or from the result's rulebook (a classification
 * id): it lives as long as both the expression and the result.
 */
typedef struct td_value {
    td_value_type type;
    td_decimal number;
    bool boolean;
    const char *text;
} td_value;

/** The default limit on an expression's length, in bytes. */
#define TD_EXPR_DEFAULT_MAX_BYTES 4096
/**
 * The default limit on nesting: each parenthesis, list bracket, function
 * call, `not` and unary `-` opens one level inside the one around it.
 */
#define TD_EXPR_DEFAULT_MAX_DEPTH 64
/** The largest max_bytes accepted. */
#define TD_EXPR_MAX_BYTES_LIMIT ((size_t)1 << 30)
/** The largest max_depth accepted (see "Stack" above). */
#define TD_EXPR_MAX_DEPTH_LIMIT 256

/**
 * Options of td_expr_compile(). Initialise with TD_EXPR_OPTIONS_INIT or
 * td_expr_options_init(), then set the fields you need.
 */
typedef struct td_expr_options {
    unsigned int version;            /**< TD_EXPR_OPTIONS_VERSION */
    /**
     * Names of host variables (numbers), or NULL. Each is an identifier (a
     * letter or '_', then letters, digits or '_'; letters may be any
     * non-ASCII UTF-8), not a keyword or built-in name, and declared once.
     * The names are read during td_expr_compile() only.
     */
    const char *const *variables;
    size_t variable_count;           /**< how many names `variables` holds */
    size_t max_bytes;                /**< the longest accepted text; 0: TD_EXPR_DEFAULT_MAX_BYTES */
    size_t max_depth;                /**< the deepest accepted nesting; 0: TD_EXPR_DEFAULT_MAX_DEPTH */
    /**
     * Used for everything the expression allocates, at compilation and by
     * td_expr_explain(); NULL: malloc/realloc/free. It must stay usable
     * until td_expr_free(), and be thread-safe if the expression is
     * explained from several threads.
     */
    const td_allocator *allocator;
} td_expr_options;

#define TD_EXPR_OPTIONS_VERSION 1
#define TD_EXPR_OPTIONS_INIT {TD_EXPR_OPTIONS_VERSION, NULL, 0, 0, 0, NULL}

/**
 * Fills *opts with the defaults of options `version`.
 * Errors: TD_EINVAL (opts NULL or an unknown version).
 * Thread-safety: touches only *opts.
 */
TD_EXTERN td_status td_expr_options_init(td_expr_options *opts, unsigned int version);

/**
 * Compiles NUL-terminated UTF-8 `text` against the names of `rulebook`
 * and the host variables of `opts` (NULL: no variables, default limits).
 * Names, arities and types are all checked here, so that evaluation can
 * fail only on data. The value must be a number, a boolean or a text (a
 * list only appears on the right of `in`).
 *
 * Ownership: *out belongs to the caller (td_expr_free()); it holds a
 * reference to the rulebook. *out is written only on success.
 * Errors: TD_EINVAL (a NULL argument, an unknown options version,
 * variable_count without variables, a bad or repeated variable name — the
 * message names it —, a limit above its ceiling), TD_EPARSE (syntax, an
 * unknown name or id with the nearest known one suggested, arity or type;
 * err->line is 1 and err->column the byte column), TD_ELIMIT (text longer
 * than max_bytes, reported at column max_bytes + 1, or nesting deeper than
 * max_depth, reported where the level opens), TD_ENOMEM.
 * Thread-safety: reads the rulebook only; any number of threads may
 * compile against one rulebook at once.
 */
TD_EXTERN td_status td_expr_compile(td_expr **out, const td_rulebook *rulebook, const char *text,
                                    const td_expr_options *opts, td_error *err);

/**
 * Frees the expression and releases its rulebook reference (freeing the
 * rulebook if it was the last one). Accepts NULL.
 */
TD_EXTERN void td_expr_free(td_expr *expr);

/** The source text as given (borrowed), or NULL for NULL. */
TD_EXTERN const char *td_expr_text(const td_expr *expr);

/**
 * The canonical form (borrowed), or NULL for NULL: every operator with its
 * operands in parentheses, a chain of one level kept together
 * ("(a + b - c)"), numbers in shortest form (95% becomes 0.95), ids quoted,
 * single spaces: "((total >= 90) and met('hh'))". Compiling it gives the
 * same canonical form and the same value (with max_depth large enough for
 * the parentheses it adds, and max_bytes for its length).
 */
TD_EXTERN const char *td_expr_canonical(const td_expr *expr);

/** The type of the expression's value; 0 for NULL. */
TD_EXTERN td_value_type td_expr_type(const td_expr *expr);

/**
 * Evaluates the expression for member `member` (an index in result order,
 * as td_result_member_unit()) of `result`, which must have been computed
 * with the rulebook the expression was compiled against (the same object).
 * `values` gives the host variables in the order they were declared;
 * `value_count` must equal the declared count (values may be NULL when it
 * is 0). Quotients are carried to 12 decimals, rounded half away from
 * zero; `and`, `or` and `if` evaluate only what decides their value.
 *
 * *out is written only on success.
 * Errors: TD_EINVAL (a NULL argument, a result of another rulebook, member
 * out of range, wrong value count), TD_EEVAL (division by zero, a value
 * the member does not have such as the attainment of a criterion without
 * a target, round() places or a history() count out of range; the message
 * quotes the expression and names the column, which err->column holds too),
 * TD_ERANGE (a result beyond 38 digits or 36 decimals, at its column).
 * Never allocates. Thread-safety: reads the expression and the result only.
 */
TD_EXTERN td_status td_expr_eval(td_value *out, const td_expr *expr, const td_result *result,
                                 size_t member, const td_decimal *values, size_t value_count,
                                 td_error *err);

/**
 * Writes an explanation of the value for that member into buf: UTF-8,
 * NUL-terminated, truncated to `size` bytes without cutting a character
 * (buf may be NULL when size is 0). *needed, if not NULL, receives the full
 * length without the NUL. The text is made of the expression's own symbols,
 * so it reads the same in Vietnamese and English:
 * - a condition that fails names the part that decided it with its values:
 *   "attainment(hh_rate) = 0.961269 < 1";
 * - one that holds, the values it used:
 *   "rank = 1 == 1; classification = 'xuat_sac' == 'xuat_sac'";
 * - a number or text: "total * 2 = 185.34".
 * Errors as td_expr_eval(), and TD_EINVAL for buf NULL with size > 0,
 * TD_ENOMEM. Thread-safety: as td_expr_eval() (it allocates through the
 * expression's allocator).
 */
TD_EXTERN td_status td_expr_explain(char *buf, size_t size, size_t *needed,
                                    const td_expr *expr, const td_result *result, size_t member,
                                    const td_decimal *values, size_t value_count, td_error *err);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_EXPR_H */
