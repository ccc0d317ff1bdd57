/*
 * Rendering reports in the document harnesses (the io layer's report
 * floor): a report of a result evaluated with explanations must render,
 * and what it gives must be what td_report_render() promises.
 */
#ifndef THIDUA_FUZZ_REPORT_H
#define THIDUA_FUZZ_REPORT_H

#include <stddef.h>

#include "thidua/thidua.h"

/*
 * Renders `format` of `res` in `lang` (`unit`: the member of
 * TD_REPORT_FORMAT_EXPLAIN) and checks it: the call succeeds with text
 * (never TD_OK and NULL); a text format is NUL-terminated valid UTF-8 of
 * the length *len; an xlsx workbook is a zip archive (starts with "PK").
 * Returns the report, to be freed with td_free(); aborts on a broken
 * promise.
 */
char *fuzz_render(const td_result *res, td_report_format format, td_lang lang, const char *unit, size_t *len);

#endif
