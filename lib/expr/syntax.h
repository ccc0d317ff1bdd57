/*
 * Private to lib/expr: the built-in table, tokens and the parser state
 * shared by the lexer (lex.c) and the parser (parse.c).
 */
#ifndef THIDUA_LIB_EXPR_SYNTAX_H
#define THIDUA_LIB_EXPR_SYNTAX_H

#include "expr.h"

/* Error paths are kept out of line, so that the message buffers they use
 * do not sit in every frame of the recursive descent and evaluation. */
#if defined(__GNUC__)
#  define TD_COLD __attribute__((cold, noinline))
#  define TD_NOINLINE __attribute__((noinline))
#else
#  define TD_COLD
#  define TD_NOINLINE
#endif

/* How many of the len bytes at s to quote in a message: at most max, and
 * never part of a UTF-8 character (the text is valid UTF-8). */
static inline int td_excerpt_len(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return (int)len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/* ---- identifiers ---- */

/* Identifiers start with a letter or '_' (any byte of a non-ASCII UTF-8
 * letter counts), then letters, digits or '_'. */
static inline bool td_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static inline bool td_ident_char(unsigned char c)
{
    return td_ident_start(c) || (c >= '0' && c <= '9');
}

/* ---- built-ins (builtins.c) ---- */

typedef struct td_builtin_info {
    const char *name;
    bool function;
    int min_args, max_args; /* counting the id argument; -1: any number */
    int type;               /* result type; 0: the type of if's branches */
    td_stage stage;
    td_ref_kind ref;        /* kind of the first argument when it is an id, else 0 */
    const char *computed;   /* what it needs, for "not computed yet" messages */
} td_builtin_info;

const td_builtin_info *td_builtin_info_of(td_builtin b);
td_builtin td_builtin_find(const char *name);

/* Keeps the candidate nearest to a misspelt name (see td_suggest_visit). */
typedef struct td_suggestion {
    const char *name;
    const char *best;
    size_t best_distance;
} td_suggestion;

void td_suggest_init(td_suggestion *s, const char *name);
/* A td_name_visit over a td_suggestion. Names are copied by pointer: they
 * must outlive the suggestion. */
void td_suggest_visit(void *s, const char *candidate);
/* Offers the built-in functions (call) or the built-in names and keywords. */
void td_suggest_builtins(td_suggestion *s, bool call);

/* ---- tokens (lex.c) ---- */

typedef enum td_tok_kind {
    T_END, T_NUM, T_STR, T_IDENT, T_AND, T_OR, T_NOT, T_IN, T_TRUE, T_FALSE,
    T_PLUS, T_MINUS, T_STAR, T_SLASH, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_COMMA,
    T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE
} td_tok_kind;

/* The keywords and their tokens (lex.c). */
typedef struct td_keyword {
    const char *word;
    td_tok_kind kind;
} td_keyword;

#define TD_KEYWORD_COUNT 6
extern const td_keyword td_keywords[TD_KEYWORD_COUNT];

typedef struct td_token {
    td_tok_kind kind;
    unsigned start, end;
    td_decimal number;
    char *text; /* T_STR: unescaped, T_IDENT: the name (arena copies) */
} td_token;

typedef struct td_parser {
    const char *src;
    size_t len;
    size_t pos;
    td_token tok;
    td_arena *arena;
    const td_expr_scope *scope;
    size_t depth, max_depth;
    td_error *err;
} td_parser;

/* Reads the next token into p->tok. */
td_status td_lex_next(td_parser *p);

/* Sets a positioned error at byte offset `at` and returns code. */
TD_COLD td_status td_parse_fail(td_parser *p, td_status code, unsigned at, const char *fmt, ...)
    TD_PRINTF(4, 5);
/* Its value is `code` to the static analyzers too (as td_error_set's, error.h). */
#define td_parse_fail(p, code, ...) td_error__code(td_parse_fail(p, code, __VA_ARGS__), code)

/* Describes the current token for messages ("'foo'", "the end of the expression"). */
const char *td_token_desc(const td_parser *p, char *buf, size_t n);

/* ---- evaluation (eval.c) ---- */

/* td_cexpr_eval_node(), the subexpression n of e, is in expr.h. */

#endif
