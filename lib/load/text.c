/*
 * Text helpers of the readers: Unicode NFC through utf8proc (with the
 * caller's allocator, not utf8proc's malloc), and nearest-key suggestions.
 */
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "scalar.h"

td_status td_nfc(td_arena *arena, const char *s, size_t len, const char **out, td_error *err)
{
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (ascii) {
        char *copy = td_arena_alloc_bytes(arena, len + 1);
        if (copy == NULL)
            return td_error_nomem(err);
        memcpy(copy, s, len);
        copy[len] = '\0';
        *out = copy;
        return TD_OK;
    }
    const utf8proc_option_t options = (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, NULL,
                                            0, options);
    if (n < 0)
        return td_error_set(err, TD_EINVAL, "text is not valid UTF-8: %s", utf8proc_errmsg(n));
    /* utf8proc_reencode writes the UTF-8 result over the code point buffer */
    utf8proc_int32_t *buf = td_alloc(&arena->alloc, ((size_t)n + 1) * sizeof *buf);
    if (buf == NULL)
        return td_error_nomem(err);
    utf8proc_ssize_t m = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, buf, n,
                                            options);
    if (m >= 0 && m <= n)
        m = utf8proc_reencode(buf, m, options);
    td_status rc = TD_OK;
    if (m < 0 || m > n * 4) {
        rc = td_error_set(err, TD_EINVAL, "text could not be normalised");
    } else {
        char *copy = td_arena_alloc(arena, (size_t)m + 1);
        if (copy == NULL) {
            rc = td_error_nomem(err);
        } else {
            memcpy(copy, buf, (size_t)m);
            copy[m] = '\0';
            *out = copy;
        }
    }
    td_dealloc(&arena->alloc, buf);
    return rc;
}

/* Optimal string alignment distance (edits: insert, delete, substitute,
 * swap two neighbours), ASCII case ignored. Long words are not compared. */
static size_t edit_distance(const char *a, const char *b)
{
    enum { MAX = 48 };
    size_t n = strlen(a), m = strlen(b);
    if (n >= MAX || m >= MAX)
        return (size_t)-1;
    size_t d[MAX + 1][MAX + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            char x = a[i - 1], y = b[j - 1];
            x = (char)(x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x);
            y = (char)(y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
            size_t best = d[i - 1][j - 1] + (x != y);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

const char *td_nearest(const char *word, const char *const *candidates, size_t count)
{
    size_t len = strlen(word);
    /* a third of the word may be wrong, at least one edit, at most three */
    size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < count; i++) {
        if (candidates[i] == NULL)
            continue;
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best_d <= limit ? best : NULL;
}

void td_did_you_mean(char *buf, size_t size, const char *word, const char *const *candidates,
                     size_t count)
{
    const char *near = td_nearest(word, candidates, count);
    if (near != NULL)
        snprintf(buf, size, " (did you mean '%s'?)", near);
    else if (size > 0)
        buf[0] = '\0';
}
