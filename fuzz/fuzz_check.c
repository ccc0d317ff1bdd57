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
