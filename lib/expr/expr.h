/*
 * Internal: the expression language — lexer, parser with static type
 * checking, evaluator with exact decimals, printer and explainer. Names and
 * data come from the caller through a scope (at compile time) and a host
 * (at evaluation time), so the same compiled form serves derived measures,
 * rules, classification, ranking, awards and the public td_expr API.
 *
 * Recursion everywhere (parser, evaluator, printer, explainer) is bounded
 * by the nesting limit: chains of one operator (a + b - c, a and b and c)
 * are single nodes with many operands, walked by loops, so only nesting
 * (parentheses, brackets, calls, unary operators) makes the tree deeper.
 */
#ifndef THIDUA_LIB_EXPR_H
#define THIDUA_LIB_EXPR_H

#include "thidua/expr.h"
#include "thidua/sys/origin.h"
#include "util.h"

/* Value types; lists only appear on the right of `in`. */
enum { TD_XT_NUMBER = 1, TD_XT_BOOL = 2, TD_XT_TEXT = 4, TD_XT_LIST = 8 };

/* What an evaluation stage has computed; a name needs its stage or later. */
typedef enum td_stage {
    TD_STAGE_MEASURE = 0,   /* derived measures: bare measure names, arithmetic */
    TD_STAGE_CRITERION = 1, /* expr rules: attainment, actual, target, met, events, history */
    TD_STAGE_CLASSIFY = 2,  /* + points, totals, min_share */
    TD_STAGE_RANK = 3,      /* + classification */
    TD_STAGE_AWARD = 4      /* + rank, award() */
} td_stage;

/* Built-in names and functions. */
typedef enum td_builtin {
    TD_B_NONE = 0,
    /* names */
    TD_B_TOTAL, TD_B_BASE, TD_B_BONUS, TD_B_DEDUCTION, TD_B_RANK, TD_B_CLASSIFICATION,
    TD_B_MEMBERS, TD_B_IS_LEADER, TD_B_IS_DEPUTY, TD_B_GROUP, TD_B_GROUP_SIZE, TD_B_GROUP_RANK,
    /* functions over member data */
    TD_B_ATTAINMENT, TD_B_ACTUAL, TD_B_TARGET, TD_B_POINTS, TD_B_MET, TD_B_ALL_MET,
    TD_B_COUNT_MET, TD_B_EVENTS, TD_B_AWARD, TD_B_HISTORY, TD_B_CONSECUTIVE, TD_B_MIN_SHARE,
    TD_B_HAS, TD_B_SINCE, TD_B_COUNT_GROUP, TD_B_SHARE_GROUP, /* rulebook 1.1 */
    /* pure functions */
    TD_B_MIN, TD_B_MAX, TD_B_ABS, TD_B_ROUND, TD_B_IF,
    TD_B_COUNT_
} td_builtin;

/* What the id argument of a data function (or a text compared with
 * `classification`) names. */
typedef enum td_ref_kind {
    TD_REF_MEASURE = 1,   /* attainment, actual, target, met: a criterion or measure */
    TD_REF_CRITERION = 2, /* points */
    TD_REF_ITEM = 3,      /* events: an adjustment item */
    TD_REF_AWARD = 4,     /* award: an award listed before */
    TD_REF_RECORD = 5,    /* history, consecutive: an award or classification id */
    TD_REF_CLASS = 6,     /* a text compared with classification */
    TD_REF_LEVEL = 7      /* min_share's level (1.1): the parser resolves it, see td_share_level */
} td_ref_kind;

/* min_share(level)'s levels (rulebook 1.1), the node's ref; min_share()
 * alone is TD_LEVEL_LEAF (ref -1). */
enum { TD_LEVEL_LEAF = 0, TD_LEVEL_GROUP = 1, TD_LEVEL_SECTION = 2 };

typedef enum td_node_kind {
    TD_N_NUMBER, TD_N_BOOL, TD_N_TEXT, TD_N_LIST,
    TD_N_VAR,  /* a bare name resolved by the scope (measure or host variable) */
    TD_N_PARAM, /* a bare name the scope resolves as a parameter (rulebook 1.1); the host's
                 * var() gives its value */
    TD_N_NAME, /* a built-in name */
    TD_N_CALL, /* a built-in function */
    TD_N_NOT, TD_N_NEG,
    TD_N_SUM,     /* args[0] ops[1] args[1] ops[2] ...: '+' and '-', left to right */
    TD_N_PRODUCT, /* likewise with '*' and '/' */
    TD_N_EQ, TD_N_NE, TD_N_LT, TD_N_LE, TD_N_GT, TD_N_GE, TD_N_IN, /* two operands */
    TD_N_AND, TD_N_OR /* two or more operands, short-circuit */
} td_node_kind;

typedef struct td_node td_node;
struct td_node {
    td_node_kind kind;
    int type;              /* TD_XT_* of the value */
    int elem_type;         /* for lists: the element type */
    unsigned start, end;   /* byte offsets of the node's text in the source */
    td_decimal number;     /* TD_N_NUMBER */
    bool boolean;          /* TD_N_BOOL */
    const char *text;      /* TD_N_TEXT (NUL-terminated copy), TD_N_VAR's name, or the ref id */
    td_builtin builtin;    /* TD_N_NAME, TD_N_CALL */
    long ref;              /* TD_N_VAR, TD_N_PARAM: scope index; data functions: the ref's index */
    td_node **args;        /* operands, call arguments (after the id) or list items */
    const char *ops;       /* TD_N_SUM, TD_N_PRODUCT: ops[i] precedes args[i] (i >= 1) */
    size_t nargs;
    const char **ids;      /* a list of record ids (1.1: history(['a', 'b'], n)): ids[0] is
                            * `text`; NULL for one id */
    size_t id_count;
};

/* Visits names for "did you mean" suggestions. */
typedef void (*td_name_visit)(void *v, const char *name);

/* Compile-time names. resolve_var returns the index of a bare name (and its
 * type in *type), or -1; resolve_ref the index of a function's id argument,
 * or -1. Either may be NULL (nothing resolves). each_name, which may be
 * NULL, visits the known bare names (kind 0) or ids of a kind, to suggest
 * the nearest one in errors. */
typedef struct td_expr_scope {
    td_stage stage;
    const char *stage_name; /* for messages: "a classification condition" */
    long (*resolve_var)(void *ctx, const char *name, int *type);
    long (*resolve_ref)(void *ctx, td_ref_kind kind, const char *name);
    void *ctx;
    size_t max_bytes; /* 0: TD_EXPR_DEFAULT_MAX_BYTES */
    size_t max_depth; /* 0: TD_EXPR_DEFAULT_MAX_DEPTH */
    void (*each_name)(void *ctx, int kind, td_name_visit visit, void *v);
    /* The index of a parameter with this bare name, or -1 (may be NULL):
     * asked before resolve_var, at every stage. */
    long (*resolve_param)(void *ctx, const char *name);
} td_expr_scope;

/* The default limits and their ceilings are public (thidua/expr.h). */
/* round(x, d) takes 0 <= d <= this; quotients are carried to 12 places. */
#define TD_EXPR_MAX_ROUND_PLACES TD_DECIMAL_MAX_SCALE
#define TD_EXPR_QUOTIENT_PLACES 12

/* A value during evaluation. Text is borrowed (from the expression or the host). */
typedef struct td_xvalue {
    int type;
    bool boolean;
    td_decimal number;
    const char *text;
} td_xvalue;

/* Evaluation-time data: `var` gives a bare name's value, `data` the value
 * of a built-in name or data function (args holds the evaluated non-ref
 * arguments, e.g. n of history). A missing value is TD_EEVAL with a message
 * saying what is missing; the evaluator adds the position. */
typedef struct td_cexpr td_cexpr;

typedef struct td_expr_host {
    td_status (*var)(void *ctx, const td_node *node, td_xvalue *out, td_error *err);
    td_status (*data)(void *ctx, const td_node *node, const td_xvalue *args, td_xvalue *out,
                      td_error *err);
    void *ctx;
    /* 1.1 count_group(cond) and share_group(cond): evaluates node's condition
     * (node->args[0], of expression e) for every member of the member's
     * group; NULL: the host has no groups (an evaluation error) */
    td_status (*group)(void *ctx, const td_cexpr *e, const td_node *node, td_xvalue *out, td_error *err);
    /* Optional (NULL: none): a few words that explanations add in brackets
     * after a data function's value, or NULL for none (1.1: the item
     * min_share(level) found lowest). The text outlives the explanation. */
    const char *(*note)(void *ctx, const td_node *node);
} td_expr_host;

/* td_text_span and td_expr_origin (where an expression's text stands in a
 * document) are public: thidua/sys/origin.h. */

/* The document position of byte `off` of the expression. */
void td_expr_origin_pos(const td_expr_origin *o, size_t off, unsigned *line, unsigned *column);

/* A compiled expression: immutable once compiled. */
typedef struct td_cexpr {
    td_arena arena;
    const char *source; /* NUL-terminated copy */
    size_t source_len;
    td_node *root;
    /* NULL: faults are at line 1 and the column within the expression, with
     * no file. Otherwise they carry the origin's file and the document
     * position (set once, right after compiling; the origin must outlive
     * the expression). */
    const td_expr_origin *origin;
} td_cexpr;

/* Compiles `text` (len bytes) in `scope`. `want` is the set of accepted
 * result types (TD_XT_* or'ed), 0 for any. On error, err->line is 1 and
 * err->column the 1-based byte column in text. Limits above the
 * TD_EXPR_*_LIMIT ceilings are clamped to them. */
td_status td_cexpr_compile(td_cexpr **out, const char *text, size_t len, const td_expr_scope *scope,
                           int want, const td_allocator *alloc, td_error *err);
void td_cexpr_free(td_cexpr *e);

/* Evaluates node n of e (a part of it) with the host: what explanations
 * and count_group() use. Errors as td_cexpr_eval(). */
td_status td_cexpr_eval_node(const td_cexpr *e, const td_expr_host *host, const td_node *n, td_xvalue *out,
                             td_error *err);

/* Evaluates; errors name the expression and the column in their message,
 * and carry the position (see td_cexpr::origin). Never allocates. */
td_status td_cexpr_eval(const td_cexpr *e, const td_expr_host *host, td_xvalue *out, td_error *err);

/* Appends the canonical text: every operator's operands in parentheses,
 * numbers in shortest form, ids quoted. */
void td_cexpr_print(const td_cexpr *e, td_buf *buf);

/* Explains the expression's value for the host's member, in symbols that
 * read the same in every language. A condition that fails names the failing
 * part with its values ("attainment(hh_rate) = 0.961269 < 1"); one that
 * holds, the values it used ("rank = 1 == 1; classification = 'a' == 'a'");
 * a number or text, "source = value". Appends to buf. */
td_status td_cexpr_explain(const td_cexpr *e, const td_expr_host *host, td_buf *buf, td_error *err);

/* The words of td_cexpr_explain_words() in one language (lib/core's
 * phrase catalogue fills them). */
typedef struct td_expr_words {
    const char *needs;      /* before a requirement: "yêu cầu" */
    const char *other_than; /* the requirement of !=: "khác" */
    const char *one_of;     /* of in: "một trong" */
    const char *or_;        /* between the parts of a failed `or`: " hoặc " */
    const char *yes, *no;   /* a condition's own value */
    /* a built-in's words, by td_builtin; "%s" stands for a data function's
     * id; NULL: the expression's own text */
    const char *const *builtin;
    const char *levels[3]; /* min_share's levels, by TD_LEVEL_*: "nhóm" for 'group' */
} td_expr_words;

/* As td_cexpr_explain(), a condition in words for people: each comparison
 * as the value and what is required ("xếp hạng 6 (yêu cầu 1)", "total
 * 96.66 (needs ≥ 90)"), a condition alone as its value ("all targets met:
 * no"); the parts of `and` and `or` as td_cexpr_explain() picks them. An
 * operand the words do not name (arithmetic, a measure) is "source =
 * value". A number or text expression is explained as td_cexpr_explain()
 * does. */
td_status td_cexpr_explain_words(const td_cexpr *e, const td_expr_host *host, const td_expr_words *words,
                                 td_buf *buf, td_error *err);

/* When the whole expression is a built-in that `words` names ("total",
 * "count_met()", "points('a')"), appends those words ("tổng điểm", "số
 * chỉ tiêu đạt", "điểm a") and returns true; else appends nothing. */
bool td_cexpr_words_name(const td_cexpr *e, const td_expr_words *words, td_buf *buf);

/* true when the expression uses built-in `b` anywhere (NULL: false). */
bool td_cexpr_uses(const td_cexpr *e, td_builtin b);

/* The name of a built-in, e.g. "attainment". */
const char *td_builtin_name(td_builtin b);

/* true when `name` is a keyword or a built-in name or function. */
bool td_expr_reserved(const char *name);

/* true when the len bytes form an identifier of the language. */
bool td_expr_identifier(const char *name, size_t len);

/* Appends a value as text ("0.961269", "true", "'xuat_sac'"). */
void td_xvalue_print(const td_xvalue *v, td_buf *buf);

#endif
