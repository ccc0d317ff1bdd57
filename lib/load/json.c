/*
 * A strict JSON (RFC 8259) reader into the document tree. It is iterative:
 * nesting lives in the tree builder's stack, bounded by the depth limit, so
 * no input can exhaust the C stack. Numbers keep their text so that they
 * become exact decimals later.
 */
#include <stdio.h>
#include <string.h>

#include "doc.h"

typedef struct jp {
    td_tb *tb;
    const char *s;
    size_t len, i;
} jp;

static void skip_ws(jp *p)
{
    while (p->i < p->len &&
           (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
        p->i++;
}

/* Describes what stands at the cursor, for "found ..." */
static void found(const jp *p, char *buf, size_t size)
{
    if (p->i >= p->len) {
        snprintf(buf, size, "the end of the text");
        return;
    }
    size_t n = 1;
    while (p->i + n < p->len && ((unsigned char)p->s[p->i + n] & 0xC0) == 0x80)
        n++;
    if ((p->s[p->i] >= 'a' && p->s[p->i] <= 'z') || (p->s[p->i] >= 'A' && p->s[p->i] <= 'Z'))
        while (p->i + n < p->len && n < 24 &&
               ((p->s[p->i + n] >= 'a' && p->s[p->i + n] <= 'z') ||
                (p->s[p->i + n] >= 'A' && p->s[p->i + n] <= 'Z')))
            n++;
    snprintf(buf, size, "'%.*s'", (int)n, p->s + p->i);
}

static td_status fail_expected(jp *p, const char *expected)
{
    char what[48];
    found(p, what, sizeof what);
    const char *hint = "";
    if (p->i < p->len && p->s[p->i] == '/')
        hint = " (JSON has no comments)";
    else if (p->i < p->len && p->s[p->i] == '\'')
        hint = " (JSON strings use double quotes)";
    return td_tb_fail(p->tb, p->i, TD_EPARSE, "JSON syntax: expected %s, found %s%s", expected, what,
                      hint);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool read_hex4(jp *p, size_t at, unsigned long *out)
{
    if (at + 4 > p->len)
        return false;
    unsigned long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = hexval(p->s[at + k]);
        if (h < 0)
            return false;
        v = v * 16 + (unsigned long)h;
    }
    *out = v;
    return true;
}

static size_t put_utf8(char *dst, unsigned long cp)
{
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | (cp >> 6));
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | (cp >> 12));
        dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | (cp >> 18));
    dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A string at the cursor (on its opening quote) into a scalar node. */
static td_status read_string(jp *p, td_yn **out)
{
    td_yn *n = td_tb_node(p->tb, TD_YN_SCALAR, p->i);
    if (n == NULL)
        return TD_ENOMEM;
    n->style = n->written = TD_YS_DOUBLE;
    size_t start = ++p->i, end = start;
    while (end < p->len && p->s[end] != '"')
        end += p->s[end] == '\\' ? 2 : 1;
    /* decoded text is never longer than its source */
    char *buf = td_arena_alloc(&p->tb->doc->arena, (end > p->len ? p->len : end) - start + 1);
    if (buf == NULL)
        return td_error_nomem(p->tb->err);
    size_t k = 0;
    for (;;) {
        if (p->i >= p->len)
            return td_tb_fail(p->tb, n->offset, TD_EPARSE, "JSON syntax: a string is not closed");
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"')
            break;
        if (c < 0x20)
            return td_tb_fail(p->tb, p->i, TD_EPARSE,
                              "JSON syntax: a control character (0x%02X) inside a string; write it "
                              "as an escape such as \\n",
                              c);
        if (c != '\\') {
            buf[k++] = (char)c;
            p->i++;
            continue;
        }
        char e = p->i + 1 < p->len ? p->s[p->i + 1] : '\0';
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e != '\0' && simple != NULL) {
            static const char decoded[] = "\"\\/\b\f\n\r\t";
            buf[k++] = decoded[simple - "\"\\/bfnrt"];
            p->i += 2;
            continue;
        }
        unsigned long cp, lo;
        if (e != 'u' || !read_hex4(p, p->i + 2, &cp))
            return td_tb_fail(p->tb, p->i, TD_EPARSE, "JSON syntax: an invalid escape in a string");
        size_t used = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (p->i + 7 < p->len && p->s[p->i + 6] == '\\' && p->s[p->i + 7] == 'u' &&
                read_hex4(p, p->i + 8, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                used = 12;
            } else {
                return td_tb_fail(p->tb, p->i, TD_EPARSE,
                                  "JSON syntax: a lone surrogate escape \\u%04lX", cp);
            }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return td_tb_fail(p->tb, p->i, TD_EPARSE, "JSON syntax: a lone surrogate escape \\u%04lX",
                              cp);
        }
        k += put_utf8(buf + k, cp);
        p->i += used;
    }
    p->i++;
    n->end = p->i;
    buf[k] = '\0';
    if (memchr(buf, '\0', k) != NULL)
        return td_tb_fail(p->tb, n->offset, TD_EPARSE, "the text contains a NUL character");
    n->text = buf;
    n->len = k;
    *out = n;
    return TD_OK;
}

static bool is_digit(const jp *p, size_t at)
{
    return at < p->len && p->s[at] >= '0' && p->s[at] <= '9';
}

/* A number, true, false or null at the cursor: a plain scalar (resolved later). */
static td_status read_atom(jp *p, td_yn **out)
{
    size_t start = p->i, i = p->i;
    char c = p->s[i];
    if (c == '-' || (c >= '0' && c <= '9')) {
        if (p->s[i] == '-')
            i++;
        if (!is_digit(p, i)) {
            p->i = i;
            return fail_expected(p, "a digit");
        }
        if (p->s[i] == '0' && is_digit(p, i + 1))
            return td_tb_fail(p->tb, start, TD_EPARSE, "JSON syntax: a number may not start with 0");
        while (is_digit(p, i))
            i++;
        if (i < p->len && p->s[i] == '.') {
            if (!is_digit(p, ++i)) {
                p->i = i;
                return fail_expected(p, "a digit after the decimal point");
            }
            while (is_digit(p, i))
                i++;
        }
        if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
            i++;
            if (i < p->len && (p->s[i] == '+' || p->s[i] == '-'))
                i++;
            if (!is_digit(p, i)) {
                p->i = i;
                return fail_expected(p, "a digit in the exponent");
            }
            while (is_digit(p, i))
                i++;
        }
    } else {
        static const char *const words[] = {"true", "false", "null"};
        size_t w = 0;
        for (; w < 3; w++) {
            size_t n = strlen(words[w]);
            if (p->len - i >= n && memcmp(p->s + i, words[w], n) == 0 &&
                !(i + n < p->len && ((p->s[i + n] | 0x20) >= 'a' && (p->s[i + n] | 0x20) <= 'z'))) {
                i += n;
                break;
            }
        }
        if (w == 3)
            return fail_expected(p, "a value (a string in double quotes, a number, true, false, "
                                    "null, an object or an array)");
    }
    td_yn *n = td_tb_node(p->tb, TD_YN_SCALAR, start);
    if (n == NULL)
        return TD_ENOMEM;
    n->end = i;
    td_status rc = td_tb_text(p->tb, n, p->s + start, i - start);
    if (rc != TD_OK)
        return rc;
    p->i = i;
    *out = n;
    return TD_OK;
}

enum { WANT_VALUE, WANT_KEY, AFTER_VALUE };

static td_status open_container(jp *p, td_yn_kind kind, int *state)
{
    td_yn *n = td_tb_node(p->tb, kind, p->i);
    if (n == NULL)
        return TD_ENOMEM;
    td_status rc = td_tb_open(p->tb, n);
    if (rc != TD_OK)
        return rc;
    p->i++;
    skip_ws(p);
    char close = kind == TD_YN_MAP ? '}' : ']';
    if (p->i < p->len && p->s[p->i] == close) {
        p->i++;
        *state = AFTER_VALUE;
        return td_tb_close(p->tb, p->i);
    }
    *state = kind == TD_YN_MAP ? WANT_KEY : WANT_VALUE;
    return TD_OK;
}

static td_status step(jp *p, int *state)
{
    td_tb *tb = p->tb;
    td_yn *n = NULL;
    td_status rc;
    skip_ws(p);
    char c = p->i < p->len ? p->s[p->i] : '\0';
    switch (*state) {
    case WANT_VALUE:
        if (p->i >= p->len)
            return fail_expected(p, "a value");
        if (c == '{')
            return open_container(p, TD_YN_MAP, state);
        if (c == '[')
            return open_container(p, TD_YN_SEQ, state);
        rc = c == '"' ? read_string(p, &n) : read_atom(p, &n);
        if (rc == TD_OK)
            rc = td_tb_add(tb, n, false, NULL);
        *state = AFTER_VALUE;
        return rc;
    case WANT_KEY:
        if (c != '"')
            return fail_expected(p, "a member name in double quotes");
        rc = read_string(p, &n);
        if (rc == TD_OK)
            rc = td_tb_add(tb, n, false, NULL);
        if (rc != TD_OK)
            return rc;
        skip_ws(p);
        if (p->i >= p->len || p->s[p->i] != ':')
            return fail_expected(p, "':' after the member name");
        p->i++;
        *state = WANT_VALUE;
        return TD_OK;
    default: {
        bool in_map = tb->stack[tb->depth - 1].node->kind == TD_YN_MAP;
        char close = in_map ? '}' : ']';
        if (c == close) {
            p->i++;
            return td_tb_close(tb, p->i);
        }
        if (c != ',')
            return fail_expected(p, in_map ? "',' or '}'" : "',' or ']'");
        size_t comma = p->i++;
        skip_ws(p);
        if (p->i < p->len && (p->s[p->i] == '}' || p->s[p->i] == ']'))
            return td_tb_fail(tb, comma, TD_EPARSE, "JSON syntax: a trailing comma before '%c'",
                              p->s[p->i]);
        *state = in_map ? WANT_KEY : WANT_VALUE;
        return TD_OK;
    }
    }
}

td_status td_json_parse(td_tb *tb)
{
    jp p = {tb, tb->doc->src.text, tb->doc->src.len, 0};
    skip_ws(&p);
    if (p.i >= p.len)
        return td_error_set_at(tb->err, TD_EPARSE, tb->doc->src.name, 1, 1,
                               "the document is empty (no JSON value)");
    int state = WANT_VALUE;
    td_status rc = TD_OK;
    while (rc == TD_OK && !(state == AFTER_VALUE && tb->depth == 0))
        rc = step(&p, &state);
    if (rc != TD_OK)
        return rc;
    skip_ws(&p);
    if (p.i < p.len)
        return fail_expected(&p, "the end of the text after the JSON value");
    return TD_OK;
}
