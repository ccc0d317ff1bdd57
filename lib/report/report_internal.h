/*
 * Shared by the report writers (lib/report/report*.c): a growable output
 * buffer, number and text helpers, and the headings in both languages.
 *
 * Writers read the result through the public API only (thidua/result.h,
 * thidua/rulebook.h), so a report can never show a number the library did
 * not compute.
 */
#ifndef THIDUA_REPORT_INTERNAL_H
#define THIDUA_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "thidua/report.h"
#include "thidua/result.h"
#include "thidua/rulebook.h"
#include "util.h"

/*
 * Output text: lib/core's td_buf over the C library's malloc, because the
 * caller frees a rendered report with td_free(). A failed allocation sets
 * `failed`; every later write is ignored, so writers check once, at the end.
 */
typedef td_buf rbuf;

/* An empty buffer (no memory until the first write). */
void rbuf_init(rbuf *b);
void rbuf_putn(rbuf *b, const char *s, size_t n);
/* Appends s; NULL appends nothing. */
void rbuf_put(rbuf *b, const char *s);
void rbuf_putc(rbuf *b, char c);
void rbuf_printf(rbuf *b, const char *fmt, ...) TD_PRINTF(2, 3);
/* `n` spaces. */
void rbuf_spaces(rbuf *b, size_t n);
/* Hands the text over (NUL-terminated, from malloc) and empties the buffer;
 * NULL when writing failed. */
char *rbuf_take(rbuf *b, size_t *len);
void rbuf_free(rbuf *b);

/* ---- numbers --------------------------------------------------------- */

/* The shortest exact text of d ("10", "9.5"), as JSON and CSV print it. */
void rbuf_dec(rbuf *b, td_decimal d);
/* d with at least `places` fraction digits, never rounded (more when d has more). */
void rbuf_dec_places(rbuf *b, td_decimal d, int places);
/* r x 100 as exact text with at least `places` decimals: "96.13", "105.8824". */
void rbuf_percent(rbuf *b, td_decimal r, int places);
/* The fraction digits that show every attainment of the result as an exact percentage (at least 2). */
int report_percent_places(const td_result *res);

/*
 * The number of fraction digits scores are shown with in the human
 * formats: the rulebook's precision, or more when a value (an adjustment
 * item of finer points) has more, so that nothing shown is rounded.
 */
int report_score_places(const td_result *res);

/* ---- text ------------------------------------------------------------ */

/*
 * Terminal columns `s` takes (East Asian wide characters count 2, combining
 * marks and control characters 0), measured on its NFC form.
 */
size_t report_display_width(const char *s);
/* As report_display_width(), for text already in NFC (no copy is made). */
size_t report_text_width(const char *s);
/*
 * The length in bytes of the longest start of `s` (already NFC) that takes
 * at most `cols` terminal columns, measured as report_display_width() does.
 * One pass over s: cutting text to a width must not be quadratic.
 */
size_t report_prefix_within(const char *s, size_t cols);
/*
 * s in Unicode NFC, with control characters (tabs, line breaks) turned into
 * spaces so that one value stays on one line. malloc'd; NULL when out of
 * memory. Invalid UTF-8 (never in a result) is copied byte by byte.
 */
char *report_clean_text(const char *s);
/* The result index of the member `unit` names, comparing ids after NFC;
 * TD_ENOTFOUND (from td_result_find_member()) when none. */
td_status report_find_unit(const td_result *res, const char *unit, size_t *m, td_error *err);
/* Appends report_clean_text(s). */
void rbuf_put_clean(rbuf *b, const char *s);

/* ---- the result, as reports show it ------------------------------------ */

/* The display name of classification `id` ("" when none; the id when it has no name). */
const char *report_classification_name(const td_result *res, const char *id);
/* The name of member m, or its unit id when the member has no name. */
const char *report_member_label(const td_result *res, size_t m);
/* Number of criteria of member m that have an attainment. */
size_t report_count_with_attainment(const td_result *res, size_t m);
/* "" instead of NULL. */
const char *report_str(const char *s);

/* ---- headings -------------------------------------------------------- */

typedef struct report_labels {
    const char *title, *item_name, *ranking, *cluster, *period, *rulebook, *rank, *unit, *name, *total, *base, *bonus,
        *deduction, *classification, *targets_met, *criteria, *criterion, *section, *max, *target,
        *actual, *attainment, *met, *points, *criterion_bonus, *awards, *award, *quota, *no_quota,
        *selected, *tied, *none, *status, *explanation, *next_leader, *leader, *yes, *no,
        *not_applicable, *summary, *criterion_points, *award_decisions, *details, *totals_chart,
        *attainment_chart, *explain_total, *explain_classification, *explain_rank, *member,
        *generated_by, *subtotal;
    const char *status_names[5]; /* indexed by td_award_status */
} report_labels;

const report_labels *report_labels_for(td_lang lang);
/* The localised name of an award status ("được chọn", "over the quota"). */
const char *report_status_label(const report_labels *l, td_award_status s);

/* ---- the writers ------------------------------------------------------- */

td_status report_table(const td_result *res, const td_report_options *o, rbuf *out, td_error *err);
td_status report_explain(const td_result *res, const td_report_options *o, rbuf *out, td_error *err);
td_status report_json(const td_result *res, const td_report_options *o, rbuf *out, td_error *err);
td_status report_csv(const td_result *res, const td_report_options *o, rbuf *out, td_error *err);
td_status report_md(const td_result *res, const td_report_options *o, rbuf *out, td_error *err);
td_status report_html(const td_result *res, const td_report_options *o, rbuf *out, td_error *err);
/* TD_ELIMIT when the result does not fit a sheet's rows or columns (checked before any file is made). */
td_status report_xlsx_check(const td_result *res, const td_report_options *o, td_error *err);
/*
 * Writes the workbook to `path` (which the caller created and will remove on
 * failure); errors name `shown`, the file the caller's user asked for.
 */
td_status report_xlsx_file(const td_result *res, const td_report_options *o, const char *path,
                           const char *shown, td_error *err);

#endif
