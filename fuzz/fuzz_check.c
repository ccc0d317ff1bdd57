#define _POSIX_C_SOURCE 200809L /* strnlen */

#include "fuzz_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz invariant broken: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

int fuzz_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t len;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4, min = 0x10000;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        unsigned cp = c & (0x7Fu >> len);
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

void fuzz_check_status(td_status rc, const td_error *err, const char *what)
{
    if (rc == TD_OK)
        return;
    if (rc > TD_OK || rc < TD_EIO)
        fuzz_fail("%s returned %d, which is not a td_status code", what, (int)rc);
    if (err->code != rc)
        fuzz_fail("%s returned %d but err->code is %d", what, (int)rc, (int)err->code);
    size_t len = strnlen(err->message, sizeof err->message);
    if (len == sizeof err->message)
        fuzz_fail("%s: the error message is not NUL-terminated", what);
    if (len == 0)
        fuzz_fail("%s returned %d (%s) with an empty message", what, (int)rc, td_strerror(rc));
    if (!fuzz_utf8_valid(err->message, len))
        fuzz_fail("%s: the error message is not valid UTF-8: %s", what, err->message);
    if (strnlen(err->file, sizeof err->file) == sizeof err->file)
        fuzz_fail("%s: err->file is not NUL-terminated", what);
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

void fuzz_check_status_in(td_status rc, const td_error *err, const char *what, unsigned allowed)
{
    fuzz_check_status(rc, err, what);
    if (rc != TD_OK && !(allowed & FUZZ_ST(rc)))
        fuzz_fail("%s returned %s (%s), which its documentation does not list", what, td_strerror(rc),
                  err->message);
}

static void check_text(const char *text, const char *what, size_t i)
{
    if (!text)
        fuzz_fail("%s of member %zu is NULL", what, i);
    if (!fuzz_utf8_valid(text, strlen(text)))
        fuzz_fail("%s of member %zu is not UTF-8: %s", what, i, text);
}

void fuzz_check_explanations(const td_result *res)
{
    size_t members = td_result_member_count(res);
    size_t criteria = td_result_criterion_count(res);
    size_t awards = td_result_award_count(res);
    bool classified = td_rulebook_classification_count(td_result_rulebook(res)) > 0;
    for (int l = 0; l < 2; l++) {
        td_lang lang = l ? TD_LANG_EN : TD_LANG_VI;
        for (size_t m = 0; m < members; m++) {
            check_text(td_result_member_explain(res, m, lang), "the explanation", m);
            if (classified) {
                check_text(td_result_classification_explain(res, m, lang), "the classification explanation", m);
                check_text(td_result_member_classification(res, m), "the classification", m);
            } else if (td_result_classification_explain(res, m, lang) || td_result_member_classification(res, m)) {
                fuzz_fail("member %zu has a classification, but the rulebook defines none", m);
            }
            check_text(td_result_rank_explain(res, m, lang), "the rank explanation", m);
            for (size_t c = 0; c < criteria; c++)
                check_text(td_result_criterion_explain(res, m, c, lang), "a criterion explanation", m);
            for (size_t a = 0; a < awards; a++)
                check_text(td_result_award_explain(res, m, a, lang), "an award explanation", m);
        }
        for (size_t a = 0; a < awards; a++)
            check_text(td_result_award_quota_explain(res, a, lang), "a quota explanation", a);
        const char *leader = td_result_leader_explain(res, lang);
        if (leader)
            check_text(leader, "the leader explanation", 0);
    }
}

bool fuzz_take_decimal_comma(const uint8_t **data, size_t *size)
{
    if (*size == 0 || (*data)[0] != 0x01)
        return false;
    (*data)++;
    (*size)--;
    return true;
}

size_t fuzz_split(const uint8_t *data, size_t size, size_t max, const char **part, size_t *len)
{
    size_t count = 0, at = 0;
    while (count < max && (at < size || count == 0)) {
        const uint8_t *nul = count + 1 < max && at < size ? memchr(data + at, '\0', size - at) : NULL;
        size_t n = nul ? (size_t)(nul - (data + at)) : size - at;
        part[count] = (const char *)data + at;
        len[count++] = n;
        at += n + 1;
        if (!nul)
            break;
    }
    return count;
}
