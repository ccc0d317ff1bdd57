/*
 * Typed values out of a document tree. Plain scalars are resolved by the
 * YAML 1.2 core schema (so `yes`, `no` and `on` are text); numbers are read
 * from their text into exact decimals; every error names the position, the
 * key and the value.
 */
#include <stdio.h>
#include <string.h>

#include "scalar.h"

/* ---- core schema ---- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool all_of(const char *s, size_t n, const char *set)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strchr(set, s[i]) == NULL || s[i] == '\0')
            return false;
    return true;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool is_core_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < n && is_digit(s[i]))
        i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        size_t frac = 0;
        while (i < n && is_digit(s[i]))
            i++, frac++;
        if (digits == 0 && frac == 0)
            return false;
    } else if (digits == 0) {
        return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp = 0;
        while (i < n && is_digit(s[i]))
            i++, exp++;
        if (exp == 0)
            return false;
    }
    return i == n;
}

static bool is_one_of(const char *s, const char *const *words)
{
    for (size_t i = 0; words[i] != NULL; i++)
        if (strcmp(s, words[i]) == 0)
            return true;
    return false;
}

td_sv_kind td_scalar_kind(const td_yn *n)
{
    if (n->kind != TD_YN_SCALAR || n->style != TD_YS_PLAIN)
        return TD_SV_TEXT;
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", NULL};
    static const char *const specials[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
                                           "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", NULL};
    const char *s = n->text;
    if (is_one_of(s, nulls))
        return TD_SV_NULL;
    if (is_one_of(s, bools))
        return TD_SV_BOOL;
    if (is_one_of(s, specials))
        return TD_SV_SPECIAL;
    if (n->len > 2 && s[0] == '0' && ((s[1] == 'o' && all_of(s + 2, n->len - 2, "01234567")) ||
                                      (s[1] == 'x' && all_of(s + 2, n->len - 2, "0123456789abcdefABCDEF"))))
        return TD_SV_NONDECIMAL;
    if (is_core_number(s, n->len))
        return TD_SV_NUMBER;
    return TD_SV_TEXT;
}

/* ---- numbers from text ---- */

static bool ieq(const char *s, size_t n, const char *word)
{
    if (strlen(word) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

/* "3.563,5" → "3563.5": '.' separates groups of three digits, ',' is the
 * decimal point. Returns false when the grouping is not regular. */
static bool from_decimal_comma(const char *s, size_t n, char *out, size_t size)
{
    size_t i = 0, k = 0, group = 0, groups = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        out[k++] = s[i++];
    for (; i < n && s[i] != ',' && s[i] != 'e' && s[i] != 'E'; i++) {
        if (k + 2 >= size)
            return false;
        if (s[i] == '.') {
            if (group == 0 || (groups > 0 && group != 3) || (groups == 0 && group > 3))
                return false;
            groups++;
            group = 0;
            continue;
        }
        out[k++] = s[i];
        group++;
    }
    if (groups > 0 && group != 3)
        return false;
    if (i < n && s[i] == ',') {
        out[k++] = '.';
        i++;
    }
    for (; i < n; i++) {
        if (k + 2 >= size || s[i] == ',' || s[i] == '.')
            return false;
        out[k++] = s[i];
    }
    out[k] = '\0';
    return true;
}

/* The number's text (its first 60 bytes) quoted into q, for an error. */
static const char *quoted(char q[64], const char *text, size_t len)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)(len < 60 ? len : 60), text);
    td_quote(q, 64, buf);
    return q;
}

td_status td_parse_number_text(const char *text, size_t len, bool decimal_comma, td_decimal *out,
                               td_error *err)
{
    char q[64]; /* quoted() only for an error: a number's parse is hot */
    char buf[TD_DECIMAL_STRING_SIZE + 48];
    if (len == 0)
        return td_error_set(err, TD_EPARSE, "expected a number, found nothing");
    size_t skip = (text[0] == '+' || text[0] == '-') ? 1 : 0;
    const char *body = text + skip;
    size_t blen = len - skip;
    if (ieq(body, blen, "nan") || ieq(body, blen, ".nan"))
        return td_error_set(err, TD_EPARSE, "%s is NaN (not a number), which is not accepted", quoted(q, text, len));
    if (ieq(body, blen, "inf") || ieq(body, blen, ".inf") || ieq(body, blen, "infinity"))
        return td_error_set(err, TD_EPARSE, "%s is infinite, which is not accepted", quoted(q, text, len));
    if (blen > 1 && body[0] == '0' && strchr("xXoObB", body[1]) != NULL && body[1] != '\0')
        return td_error_set(err, TD_EPARSE,
                            "%s is a hexadecimal, octal or binary number; write it in decimal digits",
                            quoted(q, text, len));
    const char *digits = text;
    size_t dlen = len;
    if (decimal_comma) {
        if (!from_decimal_comma(text, len, buf, sizeof buf))
            return td_error_set(err, TD_EPARSE,
                                "%s is not a number in decimal-comma form (e.g. 3.563,5: ',' before "
                                "the decimals, '.' between groups of three digits)",
                                quoted(q, text, len));
        digits = buf;
        dlen = strlen(buf);
    } else if (memchr(text, ',', len) != NULL) {
        return td_error_set(err, TD_EPARSE,
                            "%s has a comma: numbers use '.' before the decimals and no thousands "
                            "separator (for a CSV file written with decimal commas such as 3.563,5, "
                            "use the decimal-comma option)",
                            quoted(q, text, len));
    }
    td_error local;
    td_status rc = td_decimal_parse_n(out, digits, dlen, &local);
    if (rc == TD_ERANGE)
        return td_error_set(err, TD_ERANGE, "%s has more digits than an exact decimal can hold (%d)", quoted(q, text, len),
                            TD_DECIMAL_MAX_DIGITS);
    if (rc != TD_OK)
        return td_error_set(err, TD_EPARSE, "expected a number, found %s", quoted(q, text, len));
    return TD_OK;
}

/* ---- the reader ---- */

/* (name): the function, not scalar.h's macro of the same name */
td_status (td_rd_fail)(td_rd *rd, const td_yn *n, td_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(rd->err, code, rd->doc->src.name, n != NULL ? n->line : 1,
                     n != NULL ? n->column : 1, fmt, ap);
    va_end(ap);
    return code;
}

void td_rd_describe(const td_yn *n, char *buf, size_t size)
{
    char q[64];
    if (n->kind == TD_YN_MAP) {
        snprintf(buf, size, "a mapping");
        return;
    }
    if (n->kind == TD_YN_SEQ) {
        snprintf(buf, size, "a list");
        return;
    }
    td_quote(q, sizeof q, n->text);
    switch (td_scalar_kind(n)) {
    case TD_SV_NULL: snprintf(buf, size, "null (nothing)"); break;
    case TD_SV_BOOL: snprintf(buf, size, "the boolean %s", n->text); break;
    case TD_SV_NUMBER: snprintf(buf, size, "the number %s", q); break;
    case TD_SV_NONDECIMAL:
    case TD_SV_SPECIAL: snprintf(buf, size, "the value %s", q); break;
    case TD_SV_TEXT: snprintf(buf, size, "the text %s", q); break;
    }
}

void td_rd_quote(char *dst, size_t size, const char *s)
{
    if (size < 8) {
        if (size > 0)
            dst[0] = '\0';
        return;
    }
    size_t len = strlen(s), used, k;
    dst[0] = '\'';
    k = td_escape(dst + 1, size - 2, s, len, &used); /* escaped: see td_escape */
    if (used < len) /* stops before a cut character or escape */
        k = td_escape(dst + 1, size - 5, s, len, NULL);
    snprintf(dst + 1 + k, size - 1 - k, "%s", used < len ? "...'" : "'");
}

/* Room for a `where` (WHERE bytes in the readers) and a quoted key. */
enum { SUBJECT = 160 + TD_RD_QUOTE_SIZE };

/* "where: 'key'", "where", or "'key'". */
static void subject(char *buf, size_t size, const char *where, const char *key)
{
    char q[TD_RD_QUOTE_SIZE];
    td_rd_quote(q, sizeof q, key != NULL ? key : "value");
    if (where != NULL && key != NULL)
        snprintf(buf, size, "%s: %s", where, q);
    else if (where != NULL)
        snprintf(buf, size, "%s", where);
    else
        snprintf(buf, size, "%s", q);
}

const td_yn *td_rd_get(const td_yn *map, const char *key)
{
    if (map == NULL || map->kind != TD_YN_MAP)
        return NULL;
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0)
            return map->pairs[i].value;
    return NULL;
}

td_status td_rd_keys(td_rd *rd, const td_yn *map, const char *where, const char *const *allowed)
{
    size_t count = 0;
    while (allowed[count] != NULL)
        count++;
    for (size_t i = 0; i < map->count; i++) {
        const td_yn *k = map->pairs[i].key;
        bool known = false;
        for (size_t a = 0; a < count && !known; a++)
            known = strcmp(k->text, allowed[a]) == 0;
        if (known)
            continue;
        td_status split = td_rd_split_number(rd, map, i, where);
        if (split != TD_OK)
            return split;
        char q[64], hint[96];
        td_quote(q, sizeof q, k->text);
        td_did_you_mean(hint, sizeof hint, k->text, allowed, count);
        if (hint[0] != '\0')
            return td_rd_fail(rd, k, TD_EPARSE, "%s: unknown key %s%s", where, q, hint);
        char list[256];
        size_t used = 0;
        list[0] = '\0';
        for (size_t a = 0; a < count && used + 1 < sizeof list; a++) {
            int w = snprintf(list + used, sizeof list - used, "%s%s", a > 0 ? ", " : "", allowed[a]);
            if (w < 0)
                break;
            used += (size_t)w;
        }
        return td_rd_fail(rd, k, TD_EPARSE, "%s: unknown key %s (expected one of: %s)", where, q, list);
    }
    return TD_OK;
}

static td_status want_kind(td_rd *rd, const td_yn *n, td_yn_kind kind, const char *what,
                           const char *where, const char *key)
{
    if (n->kind == kind)
        return TD_OK;
    char s[SUBJECT], d[96];
    subject(s, sizeof s, where, key);
    td_rd_describe(n, d, sizeof d);
    return td_rd_fail(rd, n, TD_EPARSE, "%s must be %s, found %s", s, what, d);
}

td_status td_rd_map(td_rd *rd, const td_yn *n, const char *where, const char *key)
{
    return want_kind(rd, n, TD_YN_MAP, "a mapping (key: value pairs)", where, key);
}

td_status td_rd_seq(td_rd *rd, const td_yn *n, const char *where, const char *key)
{
    return want_kind(rd, n, TD_YN_SEQ, "a list", where, key);
}

td_status td_rd_need(td_rd *rd, const td_yn *map, const char *key, const char *where,
                     const td_yn **out)
{
    const td_yn *v = td_rd_get(map, key);
    if (v == NULL)
        return td_rd_fail(rd, map, TD_EPARSE, "%s: missing key '%s'", where, key);
    *out = v;
    return TD_OK;
}

td_status td_rd_text(td_rd *rd, const td_yn *n, const char *where, const char *key, bool nfc,
                     const char **out)
{
    if (n->kind != TD_YN_SCALAR || td_scalar_kind(n) == TD_SV_NULL) {
        char s[SUBJECT], d[96];
        subject(s, sizeof s, where, key);
        td_rd_describe(n, d, sizeof d);
        return td_rd_fail(rd, n, TD_EPARSE, "%s must be text, found %s", s, d);
    }
    if (!nfc) {
        char *copy = td_arena_alloc_bytes(rd->arena, n->len + 1);
        if (copy == NULL)
            return td_error_nomem(rd->err);
        memcpy(copy, n->text, n->len + 1);
        *out = copy;
        return TD_OK;
    }
    td_status rc = td_nfc(rd->arena, n->text, n->len, out, rd->err);
    if (rc != TD_OK && rc != TD_ENOMEM)
        return td_rd_fail(rd, n, rc, "%s", rd->err->message);
    return rc;
}

td_status td_rd_id(td_rd *rd, const td_yn *n, const char *where, const char *key, bool nfc,
                   const char **out)
{
    td_status rc = td_rd_text(rd, n, where, key, nfc, out);
    if (rc != TD_OK)
        return rc;
    uint32_t cp;
    const char *why;
    size_t at = td_id_refused_at(n->text, n->len, &cp, &why);
    if (at == n->len)
        return TD_OK;
    unsigned line, column;
    td_yn_text_pos(rd->doc, n, at, &line, &column);
    char s[SUBJECT], q[TD_RD_QUOTE_SIZE];
    subject(s, sizeof s, where, key);
    td_rd_quote(q, sizeof q, n->text);
    return td_error_set_at(rd->err, TD_EPARSE, rd->doc->src.name, line, column,
                           "%s: the id %s contains U+%04X, %s (byte %zu); %s", s, q, (unsigned)cp, why,
                           at + 1, TD_ID_RULE);
}

td_status td_rd_name(td_rd *rd, const td_yn *n, const char *where, const char *key, bool nfc,
                     const char **out)
{
    td_status rc = td_rd_text(rd, n, where, key, nfc, out);
    if (rc != TD_OK)
        return rc;
    uint32_t cp;
    size_t at = td_name_refused_at(n->text, n->len, &cp);
    if (at == n->len)
        return TD_OK;
    unsigned line, column;
    td_yn_text_pos(rd->doc, n, at, &line, &column);
    char s[SUBJECT], q[TD_RD_QUOTE_SIZE];
    subject(s, sizeof s, where, key);
    td_rd_quote(q, sizeof q, n->text);
    return td_error_set_at(rd->err, TD_EPARSE, rd->doc->src.name, line, column,
                           "%s: %s contains U+%04X, a control character (byte %zu); names may hold "
                           "tabs and line breaks but no other control characters",
                           s, q, (unsigned)cp, at + 1);
}

static bool all_digits(const char *s, size_t n)
{
    return all_of(s, n, "0123456789");
}

/* What "HEAD,TAIL" most likely meant, as a number with '.' before the
 * decimals: "3.563,5" → "3563.5", "1,000" → "1000" (a thousands separator
 * when three digits follow a plain integer), "4,2" → "4.2". "" when the two
 * parts do not make a number. */
static void joined_number(const char *head, const char *tail, char *out, size_t size)
{
    char text[TD_DECIMAL_STRING_SIZE + 8], buf[TD_DECIMAL_STRING_SIZE + 8];
    size_t hl = strlen(head), tl = strlen(tail);
    out[0] = '\0';
    if (hl + tl + 2 > sizeof text || !all_digits(tail, tl))
        return;
    size_t skip = (head[0] == '+' || head[0] == '-') ? 1 : 0;
    if (tl == 3 && all_digits(head + skip, hl - skip)) {
        snprintf(out, size, "%s%s", head, tail);
        return;
    }
    snprintf(text, sizeof text, "%s,%s", head, tail);
    if (from_decimal_comma(text, strlen(text), buf, sizeof buf))
        snprintf(out, size, "%s", buf);
}

td_status td_rd_split_number(td_rd *rd, const td_yn *map, size_t i, const char *where)
{
    if (i == 0 || map->kind != TD_YN_MAP || i >= map->count)
        return TD_OK;
    const td_yn *k = map->pairs[i].key, *v = map->pairs[i].value;
    const td_yn *pk = map->pairs[i - 1].key, *pv = map->pairs[i - 1].value;
    if (!td_rd_is_null(v) || k->kind != TD_YN_SCALAR || k->style != TD_YS_PLAIN ||
        !all_digits(k->text, k->len) || pv->kind != TD_YN_SCALAR ||
        td_scalar_kind(pv) != TD_SV_NUMBER || pv->line != k->line)
        return TD_OK;
    char q[TD_RD_QUOTE_SIZE], as_written[TD_RD_QUOTE_SIZE], as_read[TD_RD_QUOTE_SIZE];
    char text[3 * TD_RD_QUOTE_SIZE], joined[TD_DECIMAL_STRING_SIZE + 8];
    char write[TD_DECIMAL_STRING_SIZE + 48] = "";
    td_rd_quote(q, sizeof q, k->text);
    snprintf(text, sizeof text, "%.80s: %.60s,%.60s", pk->text, pv->text, k->text);
    td_rd_quote(as_written, sizeof as_written, text);
    snprintf(text, sizeof text, "%.80s: %.60s", pk->text, pv->text);
    td_rd_quote(as_read, sizeof as_read, text);
    joined_number(pv->text, k->text, joined, sizeof joined);
    if (joined[0] != '\0')
        snprintf(write, sizeof write, "write %s; ", joined);
    return td_rd_fail(rd, k, TD_EPARSE,
                      "%s: key %s has no value: a decimal comma or a thousands separator inside a "
                      "flow mapping? There ',' separates entries, so %s is read as %s and a key "
                      "%s; %snumbers take '.' before the decimals and no thousands separator",
                      where, q, as_written, as_read, q, write);
}

/* The number part of "95%" / "95 %", or 0 when the text is no percent. */
static size_t percent_body(const td_yn *n)
{
    if (n->kind != TD_YN_SCALAR || n->len < 2 || n->text[n->len - 1] != '%')
        return 0;
    size_t body = n->len - 1;
    if (body > 1 && n->text[body - 1] == ' ')
        body--;
    return is_core_number(n->text, body) ? body : 0;
}

static td_status check_range(td_rd *rd, const td_yn *n, const char *s, unsigned flags, td_decimal v)
{
    char text[TD_DECIMAL_STRING_SIZE];
    if ((flags & TD_RD_POSITIVE) && td_decimal_sign(v) <= 0) {
        td_decimal_format(text, sizeof text, v);
        return td_rd_fail(rd, n, TD_ERANGE, "%s must be greater than 0, found %s", s, text);
    }
    if ((flags & TD_RD_NONNEG) && td_decimal_sign(v) < 0) {
        td_decimal_format(text, sizeof text, v);
        return td_rd_fail(rd, n, TD_ERANGE, "%s must not be negative, found %s", s, text);
    }
    return TD_OK;
}

td_status td_rd_number(td_rd *rd, const td_yn *n, const char *where, const char *key, unsigned flags,
                       td_decimal *out)
{
    char s[SUBJECT], d[96];
    subject(s, sizeof s, where, key);
    if (n->kind != TD_YN_SCALAR || td_scalar_kind(n) == TD_SV_NULL || td_scalar_kind(n) == TD_SV_BOOL) {
        td_rd_describe(n, d, sizeof d);
        return td_rd_fail(rd, n, TD_EPARSE, "%s must be a number, found %s", s, d);
    }
    td_error local;
    td_decimal v;
    size_t body = percent_body(n);
    if (body > 0) {
        char q[64];
        td_quote(q, sizeof q, n->text);
        if (flags & TD_RD_NO_PERCENT_HINT)
            return td_rd_fail(rd, n, TD_EPARSE,
                              "%s is a number of percentage points already: write %.*s, not %s", s,
                              (int)body, n->text, q);
        if (!(flags & TD_RD_PERCENT))
            return td_rd_fail(rd, n, TD_EPARSE, "%s must be a plain number, found the percentage %s",
                              s, q);
        td_status rc = td_decimal_parse_n(&v, n->text, body, &local);
        if (rc == TD_OK) /* exact: two more decimals */
            rc = td_decimal_div(&v, v, td_decimal_from_int(100), td_decimal_scale(v) + 2,
                                TD_ROUNDING_HALF_UP, &local);
        if (rc != TD_OK)
            return td_rd_fail(rd, n, rc, "%s: %s", s, local.message);
    } else if (td_scalar_kind(n) == TD_SV_NUMBER) {
        td_status rc = td_decimal_parse_n(&v, n->text, n->len, &local);
        if (rc != TD_OK) {
            char q[64];
            td_quote(q, sizeof q, n->text);
            return td_rd_fail(rd, n, rc, "%s: the number %s has more digits than an exact decimal "
                              "can hold (%d)", s, q, TD_DECIMAL_MAX_DIGITS);
        }
    } else if (n->style != TD_YS_PLAIN && is_core_number(n->text, n->len)) {
        char q[64];
        td_quote(q, sizeof q, n->text);
        return td_rd_fail(rd, n, TD_EPARSE,
                          "%s must be a number, found the text %s in quotes; remove the quotes", s, q);
    } else {
        td_status rc = td_parse_number_text(n->text, n->len, false, &v, &local);
        if (rc == TD_OK || strncmp(local.message, "expected a number", 17) == 0) {
            td_rd_describe(n, d, sizeof d);
            return td_rd_fail(rd, n, TD_EPARSE, "%s must be a number, found %s", s, d);
        }
        return td_rd_fail(rd, n, rc, "%s: %s", s, local.message); /* rc: local.code */
    }
    td_status rc = check_range(rd, n, s, flags, v);
    if (rc == TD_OK)
        *out = v;
    return rc;
}

td_status td_rd_int(td_rd *rd, const td_yn *n, const char *where, const char *key, int64_t min,
                    int64_t max, int64_t *out)
{
    td_decimal v;
    td_status rc = td_rd_number(rd, n, where, key, 0, &v);
    if (rc != TD_OK)
        return rc;
    char s[SUBJECT];
    subject(s, sizeof s, where, key);
    int64_t i;
    td_error local;
    if (!td_decimal_is_integer(v) || td_decimal_to_int64(&i, v, &local) != TD_OK) {
        char q[64];
        td_quote(q, sizeof q, n->text);
        return td_rd_fail(rd, n, TD_EPARSE, "%s must be a whole number, found %s", s, q);
    }
    if (i < min || i > max) {
        if (max == INT64_MAX)
            return td_rd_fail(rd, n, TD_ERANGE, "%s must be at least %lld, found %lld", s,
                              (long long)min, (long long)i);
        return td_rd_fail(rd, n, TD_ERANGE, "%s must be between %lld and %lld, found %lld", s,
                          (long long)min, (long long)max, (long long)i);
    }
    *out = i;
    return TD_OK;
}

td_status td_rd_enum(td_rd *rd, const td_yn *n, const char *where, const char *key,
                     const char *const *names, int *out)
{
    char s[SUBJECT], d[96];
    subject(s, sizeof s, where, key);
    size_t count = 0;
    while (names[count] != NULL)
        count++;
    if (n->kind == TD_YN_SCALAR) {
        for (size_t i = 0; i < count; i++)
            if (strcmp(n->text, names[i]) == 0) {
                *out = (int)i;
                return TD_OK;
            }
    }
    char list[200];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < count && used + 1 < sizeof list; i++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", i > 0 ? ", " : "", names[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    td_rd_describe(n, d, sizeof d);
    char hint[96] = "";
    if (n->kind == TD_YN_SCALAR)
        td_did_you_mean(hint, sizeof hint, n->text, names, count);
    return td_rd_fail(rd, n, TD_EPARSE, "%s must be one of %s, found %s%s", s, list, d, hint);
}

td_status td_rd_root(td_rd *rd, const char *what)
{
    const td_yn *root = rd->doc->root;
    if (root == NULL || (root->kind == TD_YN_SCALAR && td_scalar_kind(root) == TD_SV_NULL))
        return td_error_set_at(rd->err, TD_EPARSE, rd->doc->src.name, 1, 1,
                               "the document is empty: expected %s", what);
    if (root->kind != TD_YN_MAP) {
        char d[96];
        td_rd_describe(root, d, sizeof d);
        return td_rd_fail(rd, root, TD_EPARSE, "expected %s (a mapping of keys), found %s", what, d);
    }
    return TD_OK;
}
