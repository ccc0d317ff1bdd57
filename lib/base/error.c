#include "error.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void td_error_clear(td_error *err)
{
    if (err == NULL)
        return;
    err->code = TD_OK;
    err->line = 0;
    err->column = 0;
    err->file[0] = '\0';
    err->message[0] = '\0';
}

const char *td_strerror(int code)
{
    switch (code) {
    case TD_OK: return "success";
    case TD_ERROR: return "internal error";
    case TD_ENOMEM: return "out of memory";
    case TD_EINVAL: return "invalid argument";
    case TD_ENOTFOUND: return "not found";
    case TD_EEXISTS: return "already exists";
    case TD_ERANGE: return "value out of range";
    case TD_EPARSE: return "parse error";
    case TD_ERULEBOOK: return "invalid rulebook";
    case TD_EDATA: return "invalid data";
    case TD_ELIMIT: return "limit exceeded";
    case TD_EEVAL: return "evaluation error";
    case TD_EIO: return "input/output error";
    default: return "unknown error";
    }
}

/* Backs up over a partial UTF-8 sequence at the end of a truncated string. */
static void trim_partial_utf8(char *s, size_t len)
{
    size_t i = len;
    size_t cont = 0;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
        cont++;
    }
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (need != cont)
        s[need > cont ? i - 1 : len] = '\0';
}

void td_copy_text(char *dst, size_t n, const char *src)
{
    if (n == 0)
        return;
    if (src == NULL)
        src = "";
    size_t len = strlen(src);
    if (len < n) {
        memcpy(dst, src, len + 1);
        return;
    }
    memcpy(dst, src, n - 1);
    dst[n - 1] = '\0';
    trim_partial_utf8(dst, n - 1);
}

/* Copies formatted text (which may have been cut mid-character) into dst
 * with unprintable characters escaped (td_escape): whatever a message
 * quotes, it reaches a terminal as plain text. */
static void set_escaped(char *dst, size_t n, char *text, size_t size, int len)
{
    if (len < 0)
        text[0] = '\0';
    else if ((size_t)len >= size) /* cut: not a partial character at the end */
        trim_partial_utf8(text, size - 1);
    td_escape(dst, n, text, strlen(text), NULL);
}

td_status td_error_vset_at(td_error *err, td_status code, const char *file, unsigned line,
                           unsigned column, const char *fmt, va_list ap)
{
    if (err == NULL)
        return code;
    char text[TD_ERROR_MESSAGE_SIZE];
    err->code = code;
    err->line = line;
    err->column = column;
    td_copy_text(err->file, sizeof err->file, file);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    set_escaped(err->message, sizeof err->message, text, sizeof text, n);
    return code;
}

/* (name): the function, not error.h's macro of the same name */
td_status (td_error_set_at)(td_error *err, td_status code, const char *file, unsigned line,
                            unsigned column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(err, code, file, line, column, fmt, ap);
    va_end(ap);
    return code;
}

td_status (td_error_set)(td_error *err, td_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(err, code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

td_status (td_error_nomem)(td_error *err)
{
    return td_error_set(err, TD_ENOMEM, "out of memory");
}

td_status td_error_prefix(td_error *err, td_status code, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    char prefix[TD_ERROR_MESSAGE_SIZE];
    char message[TD_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(message, err->message, sizeof message);
    size_t plen = strlen(prefix);
    int n = snprintf(prefix + plen, sizeof prefix - plen, ": %s", message);
    set_escaped(err->message, sizeof err->message, prefix, sizeof prefix,
                n < 0 ? -1 : (int)plen + n);
    return err->code;
}

void td_error_append(td_error *err, const char *fmt, ...)
{
    if (err == NULL)
        return;
    size_t len = strlen(err->message);
    char text[TD_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    set_escaped(err->message + len, sizeof err->message - len, text, sizeof text, n);
}

void td_free(void *ptr)
{
    free(ptr);
}
