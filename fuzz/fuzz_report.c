#include "fuzz_report.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

/* td_report_write()'s pieces, kept. */
typedef struct pieces {
    char *data;
    size_t len, cap;
} pieces;

static int keep(void *ctx, const void *bytes, size_t len)
{
    pieces *p = ctx;
    if (p->len + len > p->cap) {
        size_t cap = 2 * (p->len + len);
        char *more = realloc(p->data, cap);
        if (more == NULL)
            return 12; /* ENOMEM */
        p->data = more;
        p->cap = cap;
    }
    memcpy(p->data + p->len, bytes, len);
    p->len += len;
    return 0;
}

char *fuzz_render(const td_result *res, td_report_format format, td_lang lang, const char *unit, size_t *len)
{
    td_report_options opts = TD_REPORT_OPTIONS_INIT;
    opts.lang = lang;
    opts.unit = unit;
    const char *name = td_report_format_name(format);
    char *text = NULL;
    *len = 0;
    td_error err;
    td_status rc = td_report_render(&text, len, res, format, &opts, &err);
    fuzz_check_status_in(rc, &err, "td_report_render",
                         FUZZ_ST(TD_EINVAL) | FUZZ_ST(TD_ENOTFOUND) | FUZZ_ST(TD_ELIMIT) | FUZZ_ST(TD_EIO) |
                             FUZZ_ST(TD_ENOMEM));
    if (rc != TD_OK)
        fuzz_fail("the %s report (%s) of an evaluated result fails: %s", name, lang == TD_LANG_EN ? "en" : "vi",
                  err.message);
    if (!text)
        fuzz_fail("the %s report returned TD_OK and no text", name);
    if (format == TD_REPORT_FORMAT_XLSX) {
        if (*len < 2 || memcmp(text, "PK", 2) != 0)
            fuzz_fail("the xlsx report (%zu bytes) does not start with \"PK\"", *len);
    } else if (strlen(text) != *len || !fuzz_utf8_valid(text, *len)) {
        fuzz_fail("the %s report is not UTF-8 text of its length %zu", name, *len);
    }
    /* streamed, the same bytes */
    pieces got = {NULL, 0, 0};
    rc = td_report_write(res, format, &opts, keep, &got, &err);
    if (rc != TD_OK)
        fuzz_fail("the %s report streamed fails where rendered it did not: %s", name, err.message);
    if (got.len != *len || (got.len > 0 && memcmp(got.data, text, got.len) != 0))
        fuzz_fail("the %s report streamed (%zu bytes) differs from the rendered one (%zu bytes)", name, got.len, *len);
    free(got.data);
    return text;
}
