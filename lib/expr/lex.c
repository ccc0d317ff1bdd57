/*
 * The lexer: numbers (with an optional percent sign), 'texts', identifiers,
 * keywords and operators. Errors say what was found and, for the usual
 * habits of other languages (=, &&, ", !), what to write instead.
 */
#include <stdio.h>
#include <string.h>

#include "syntax.h"

/* (name): the function, not syntax.h's macro of the same name */
td_status (td_parse_fail)(td_parser *p, td_status code, unsigned at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(p->err, code, NULL, 1, at + 1, fmt, ap);
    va_end(ap);
    return code;
}

const td_keyword td_keywords[TD_KEYWORD_COUNT] = {{"and", T_AND}, {"or", T_OR},     {"not", T_NOT},
                                                   {"in", T_IN},   {"true", T_TRUE}, {"false", T_FALSE}};

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The whole UTF-8 character at s[i] (the text is valid UTF-8). */
static const char *char_at(const td_parser *p, size_t i, char buf[8])
{
    uint32_t cp;
    size_t n = td_utf8_char(p->src + i, p->len - i, &cp);
    memcpy(buf, p->src + i, n);
    buf[n] = '\0';
    return buf;
}

static td_status lex_number(td_parser *p)
{
    const char *s = p->src;
    td_token *t = &p->tok;
    size_t i = p->pos;
    while (i < p->len && digit(s[i]))
        i++;
    if (i < p->len && s[i] == '.') {
        i++;
        while (i < p->len && digit(s[i]))
            i++;
    }
    size_t n = i - p->pos;
    if (i < p->len && (td_ident_char((unsigned char)s[i]) || s[i] == '.')) {
        char c[8];
        return td_parse_fail(p, TD_EPARSE, (unsigned)i, "unexpected '%s' after the number '%.*s'",
                             char_at(p, i, c), (int)n, s + p->pos);
    }
    bool percent = i < p->len && s[i] == '%';
    if (td_decimal_parse_n(&t->number, s + p->pos, n, NULL) != TD_OK ||
        (percent && td_decimal_scale(t->number) > TD_DECIMAL_MAX_SCALE - 2))
        return td_parse_fail(p, TD_EPARSE, t->start,
                             "the number '%.*s%s' has more than %d digits or %d decimals", (int)n,
                             s + p->pos, percent ? "%" : "", TD_DECIMAL_MAX_DIGITS,
                             percent ? TD_DECIMAL_MAX_SCALE - 2 : TD_DECIMAL_MAX_SCALE);
    if (percent) {
        /* exact: the scale grows by two and stays within the maximum */
        td_decimal_div(&t->number, t->number, td_decimal_from_int(100), TD_DECIMAL_MAX_SCALE,
                       TD_ROUNDING_HALF_UP, NULL);
        i++;
        if (i < p->len && (td_ident_char((unsigned char)s[i]) || s[i] == '.' || s[i] == '%')) {
            char c[8];
            return td_parse_fail(p, TD_EPARSE, (unsigned)i, "unexpected '%s' after '%.*s'",
                                 char_at(p, i, c), (int)(i - p->pos), s + p->pos);
        }
    }
    t->kind = T_NUM;
    p->pos = i;
    t->end = (unsigned)i;
    return TD_OK;
}

static td_status lex_text(td_parser *p)
{
    const char *s = p->src;
    td_token *t = &p->tok;
    /* find the closing quote first, so that the copy is no longer than the text */
    size_t i = p->pos + 1, n = 0;
    for (;; i++, n++) {
        if (i >= p->len)
            return td_parse_fail(p, TD_EPARSE, t->start,
                                 "the text starting here has no closing quote (')");
        if (s[i] == '\'')
            break;
        if (s[i] == '\\' && i + 1 < p->len && (s[i + 1] == '\'' || s[i + 1] == '\\'))
            i++;
    }
    char *text = td_arena_alloc_bytes(p->arena, n + 1);
    if (text == NULL)
        return td_error_nomem(p->err);
    n = 0;
    for (size_t j = p->pos + 1; j < i; j++) {
        if (s[j] == '\\' && (s[j + 1] == '\'' || s[j + 1] == '\\'))
            j++;
        text[n++] = s[j];
    }
    text[n] = '\0';
    t->kind = T_STR;
    t->text = text;
    p->pos = i + 1;
    t->end = (unsigned)p->pos;
    return TD_OK;
}

static td_status lex_word(td_parser *p)
{
    const char *s = p->src;
    td_token *t = &p->tok;
    size_t i = p->pos;
    while (i < p->len && td_ident_char((unsigned char)s[i]))
        i++;
    size_t n = i - p->pos;
    t->kind = T_IDENT;
    for (size_t k = 0; k < TD_KEYWORD_COUNT; k++)
        if (strlen(td_keywords[k].word) == n && memcmp(td_keywords[k].word, s + p->pos, n) == 0)
            t->kind = td_keywords[k].kind;
    if (t->kind == T_IDENT) {
        t->text = td_arena_alloc_bytes(p->arena, n + 1);
        if (t->text == NULL)
            return td_error_nomem(p->err);
        memcpy(t->text, s + p->pos, n);
    }
    p->pos = i;
    t->end = (unsigned)i;
    return TD_OK;
}

td_status td_lex_next(td_parser *p)
{
    const char *s = p->src;
    while (p->pos < p->len && (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' ||
                               s[p->pos] == '\r'))
        p->pos++;
    td_token *t = &p->tok;
    t->start = (unsigned)p->pos;
    t->text = NULL;
    if (p->pos >= p->len) {
        t->kind = T_END;
        t->end = t->start;
        return TD_OK;
    }
    unsigned char c = (unsigned char)s[p->pos];
    char c2 = p->pos + 1 < p->len ? s[p->pos + 1] : '\0';
    if (digit((char)c) || (c == '.' && digit(c2)))
        return lex_number(p);
    if (c == '\'')
        return lex_text(p);
    if (td_ident_start(c))
        return lex_word(p);
    td_tok_kind k;
    size_t w = 1;
    switch (c) {
    case '+': k = T_PLUS; break;
    case '-': k = T_MINUS; break;
    case '*': k = T_STAR; break;
    case '/': k = T_SLASH; break;
    case '(': k = T_LPAREN; break;
    case ')': k = T_RPAREN; break;
    case '[': k = T_LBRACK; break;
    case ']': k = T_RBRACK; break;
    case ',': k = T_COMMA; break;
    case '<': k = c2 == '=' ? T_LE : T_LT; w = c2 == '=' ? 2 : 1; break;
    case '>': k = c2 == '=' ? T_GE : T_GT; w = c2 == '=' ? 2 : 1; break;
    case '=':
        if (c2 != '=')
            return td_parse_fail(p, TD_EPARSE, t->start, "'=' is not an operator: compare with '=='");
        k = T_EQ;
        w = 2;
        break;
    case '!':
        if (c2 != '=')
            return td_parse_fail(p, TD_EPARSE, t->start, "'!' is not an operator: write 'not' or '!='");
        k = T_NE;
        w = 2;
        break;
    case '&':
        return td_parse_fail(p, TD_EPARSE, t->start, "'&' is not an operator: write 'and'");
    case '|':
        return td_parse_fail(p, TD_EPARSE, t->start, "'|' is not an operator: write 'or'");
    case '%':
        return td_parse_fail(p, TD_EPARSE, t->start,
                             "'%%' must follow a number directly, as in 95%%");
    case '"':
        return td_parse_fail(p, TD_EPARSE, t->start,
                             "texts are written in single quotes: 'like this'");
    default:
        if (c < 0x20 || c == 0x7F)
            return td_parse_fail(p, TD_EPARSE, t->start, "unexpected control character 0x%02X", c);
        return td_parse_fail(p, TD_EPARSE, t->start, "unexpected character '%c'", c);
    }
    t->kind = k;
    p->pos += w;
    t->end = (unsigned)p->pos;
    return TD_OK;
}

const char *td_token_desc(const td_parser *p, char *buf, size_t n)
{
    if (p->tok.kind == T_END)
        return "the end of the expression";
    unsigned len = p->tok.end - p->tok.start;
    snprintf(buf, n, "'%.*s%s'", td_excerpt_len(p->src + p->tok.start, len, 30), p->src + p->tok.start,
             len > 30 ? "..." : "");
    return buf;
}
