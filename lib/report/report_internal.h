/*
 * Shared by the report writers (lib/report/report*.c): a growable output
 * buffer, number and text helpers; the headings in both languages are the
 * phrase catalogue (report_phrases.h).
 *
 * Writers read the result through the public API only (thidua/result.h,
 * thidua/rulebook.h), so a report can never show a number the library did
 * not compute.
 */
#ifndef THIDUA_REPORT_INTERNAL_H
#define THIDUA_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "thidua/report.h"
#include "thidua/result.h"
#include "thidua/rulebook.h"
#include "report_phrases.h"
#include "util.h"

/*
 * Output text is base's td_buf over the C library's malloc
 * (td_buf_init(b, &td_libc_allocator)), because the caller frees a rendered
 * report with td_free(). A failed allocation sets `failed`; every later
 * write is ignored, so writers check once, at the end (td_buf_take()).
 * Internal names of this floor start with td_report__.
 */

/* ---- numbers --------------------------------------------------------- */

/*
 * The human formats (table, md, explain, html) write numbers as their
 * language does: Vietnamese "1.234,5" (',' the decimal mark, '.' between
 * thousands), English "1234.5" (as the library writes them). JSON, CSV and
 * xlsx cells keep the library's text ("1234.5"): programs read them.
 */

/* `plain`, a number as the library writes it ("-1234.50"), as `lang` writes it ("-1.234,50"). */
void td_report__number(td_buf *b, td_lang lang, const char *plain);
/* d with at least `places` fraction digits, never rounded (more when d has more), as `lang` writes it. */
void td_report__dec_places(td_buf *b, td_lang lang, td_decimal d, int places);
/* d's shortest exact text, as `lang` writes it ("0,85"). */
void td_report__decimal(td_buf *b, td_lang lang, td_decimal d);
/* r x 100 as exact text with at least `places` decimals: "96.13", "105.8824" ("96,13" in Vietnamese). */
void td_report__percent(td_buf *b, td_lang lang, td_decimal r, int places);
/*
 * Appends the explanation text s with its numbers written as `lang` writes
 * them: "2010 / 2200 = 91.36 % → min(0.913636, 1)" becomes in Vietnamese
 * "2.010 / 2.200 = 91,36 % → min(0,913636; 1)". A number is a run of digits
 * with at most one fraction, standing alone: digits that belong to an id
 * or a word ("cum-2", "a1", "2b", "1.2.3") and a quoted value ('2.5') are
 * left as they are; ", " between two numbers becomes "; ", so that a
 * decimal comma is never mistaken for a separator. English text is
 * appended unchanged.
 */
void td_report__put_numbers(td_buf *b, td_lang lang, const char *s);
/* td_report__put_numbers() into a new malloc'd string ("" for NULL); NULL when out of memory. */
char *td_report__numbers_text(td_lang lang, const char *s);
/* td_result_rollup_explain() of measure k of roll-up r for member m into a
 * new malloc'd string; NULL when out of memory. */
char *td_report__rollup_explain(const td_result *res, size_t r, size_t k, size_t m, td_lang lang);
/* Member m's explanation of criterion c (td_result_criterion_explain_to():
 * a result explained on demand keeps nothing of it): in `stack` when it
 * fits, else in a new malloc'd string that *heap gets too (free it with
 * td_free(); NULL otherwise); NULL when out of memory. */
#define TD_REPORT_EXPLAIN_STACK 512
const char *td_report__criterion_explain(const td_result *res, size_t m, size_t c, td_lang lang,
                                         char stack[TD_REPORT_EXPLAIN_STACK], char **heap);
/* By cluster index, the member's result index (td_result_member_cluster_index()
 * inverted): a new array from td_libc_allocator, NULL when out of memory. */
size_t *td_report__cluster_order(const td_result *res);
/* The fraction digits that show every attainment of the result as an exact percentage (at least 2). */
int td_report__percent_places(const td_result *res);

/*
 * The number of fraction digits scores are shown with in the human
 * formats: the rulebook's precision, or more when a value (an adjustment
 * item of finer points) has more, so that nothing shown is rounded.
 */
int td_report__score_places(const td_result *res);

/* ---- text ------------------------------------------------------------ */

/*
 * Terminal columns `s` takes (East Asian wide characters count 2, combining
 * marks and control characters 0), measured on its NFC form.
 */
size_t td_report__display_width(const char *s);
/* As td_report__display_width(), for text already in NFC (no copy is made). */
size_t td_report__text_width(const char *s);
/* The narrowest td_report_options::width. */
#define TD_REPORT_MIN_WIDTH 40
/* As td_report__text_width(), for the first `len` bytes of s. */
size_t td_report__text_width_n(const char *s, size_t len);
/*
 * The length in bytes of the longest start of `s` (already NFC) that takes
 * at most `cols` terminal columns, measured as td_report__display_width() does.
 * One pass over s: cutting text to a width must not be quadratic.
 */
size_t td_report__prefix_within(const char *s, size_t cols);
/*
 * s in Unicode NFC, with control characters (tabs, line breaks) turned into
 * spaces so that one value stays on one line. malloc'd; NULL when out of
 * memory. Invalid UTF-8 (never in a result) is copied byte by byte.
 */
char *td_report__clean_text(const char *s);
/* The result index of the member `unit` names, comparing ids after NFC;
 * TD_ENOTFOUND (from td_result_find_member()) when none. */
td_status td_report__find_unit(const td_result *res, const char *unit, size_t *m, td_error *err);
/* Appends td_report__clean_text(s). */
void td_report__put_clean(td_buf *b, const char *s);

/* ---- the rows of the points table ------------------------------------- */

/*
 * The points table's rows: each section, then its criteria in rulebook
 * order with the group nodes (rulebook 1.1) that hold them, each node's
 * row before its first criterion. `level` is 0 for a section, 1 for what
 * stands directly below it, 2 and 3 inside nodes.
 */
typedef enum { TD_REPORT_ROW_SECTION, TD_REPORT_ROW_NODE, TD_REPORT_ROW_CRITERION } td_report__row_kind;
typedef struct td_report__row {
    td_report__row_kind kind;
    size_t index; /* of the section, node or criterion */
    unsigned level;
} td_report__row;
typedef struct td_report__rows {
    const td_rulebook *rb;
    size_t s, c;                         /* the current section, the next criterion */
    bool in_section;                     /* the section's row was given */
    size_t open[TD_CRITERIA_MAX_LEVELS]; /* the nodes given above the next criterion */
    size_t depth;
} td_report__rows;
void td_report__rows_init(td_report__rows *it, const td_rulebook *rb);
/* The next row into *row; false after the last. */
bool td_report__rows_next(td_report__rows *it, td_report__row *row);
const char *td_report__row_id(const td_rulebook *rb, const td_report__row *row);
const char *td_report__row_name(const td_rulebook *rb, const td_report__row *row);
/* The row's max into *max; false for a section without one. */
bool td_report__row_max(const td_rulebook *rb, const td_report__row *row, td_decimal *max);
/* Member m's points on the row (a section's and a node's after their caps). */
td_decimal td_report__row_points(const td_result *res, size_t m, const td_report__row *row);

/*
 * 1.1: a group node whose children add up to more than its max shows its
 * points (the max) with a mark after them, "150,00 *", in the table,
 * Markdown, HTML and PDF; the xlsx cell, a number, gets a comment instead.
 * A legend under the table of points, TD_REPORT_CAPPED_MARK in brackets
 * and TD_RP_CAPPED_LEGEND, says what the mark means, and only when a cell
 * has it.
 */
#define TD_REPORT_CAPPED_MARK "*"
/* Whether member m's points on the row were capped: a group node's whose
 * td_result_node_sum() is above its points; that sum into *sum (may be NULL) when so. */
bool td_report__row_capped(const td_result *res, size_t m, const td_report__row *row, td_decimal *sum);
/* Whether some group node of member m was capped. */
bool td_report__member_capped(const td_result *res, size_t m);
/* Whether some group node of some member was capped: the legend is shown. */
bool td_report__any_capped(const td_result *res);
/* "(*) Nhóm tiêu chí đã tính bằng điểm tối đa: …", plain text. */
void td_report__capped_legend(td_buf *b, td_lang lang);
/* "Tổng các mục: 156,00 > tối đa 150": the sum with `places` fraction
 * digits at least, the max shortest, as `lang` writes them; plain text. */
void td_report__capped_note(td_buf *b, td_lang lang, td_decimal sum, td_decimal max, int places);

/* ---- the result, as reports show it ------------------------------------ */

/* The display name of classification `id` ("" when none; the id when it has no name). */
const char *td_report__classification_name(const td_result *res, const char *id);
/* The name of member m, or its unit id when the member has no name. */
const char *td_report__member_label(const td_result *res, size_t m);
/* Number of criteria of member m that have an attainment. */
size_t td_report__count_with_attainment(const td_result *res, size_t m);
/* Whether some member has a group (rulebook 1.1): the standings then show
 * each member's group and rank in it. */
bool td_report__has_groups(const td_result *res);
/*
 * true when the rulebook gives points: it has a criterion or an adjustment
 * item. A rulebook of version 1.1 that only classifies or awards (no
 * section, no item) does not, and the reports leave out what would be
 * zeros: the totals, the targets met, the criterion points.
 */
bool td_report__scores(const td_result *res);
/*
 * The columns of the standings before the awards', in order, into cols
 * (room for TD_REPORT_STANDING_MAX); returns how many. Rank, unit and
 * name; total, base, bonus, deduction, classification and targets met
 * when the rulebook gives points (else classification when it has any);
 * group and rank in group when some member has a group (1.1).
 */
enum { TD_REPORT_STANDING_MAX = 11 };
size_t td_report__standing_columns(const td_result *res, td_report_phrase *cols);
/*
 * The phrase of a leader's or deputy's role (TD_RP_NEXT_LEADER,
 * TD_RP_NEXT_DEPUTY, TD_RP_LEADER) for the result's cluster: its block
 * variant ("Khối trưởng năm sau") when the cluster is a block (khối), else
 * `role` ("Cụm trưởng năm sau").
 */
td_report_phrase td_report__role(const td_result *res, td_report_phrase role);
/* "" instead of NULL. */
const char *td_report__str(const char *s);
/* The name of an award status in `lang` ("được chọn", "over the quota");
 * "?" for a value outside td_award_status. */
const char *td_report__status_label(td_lang lang, td_award_status s);

/* ---- the report block (council documents) ------------------------------ */

/* Whether the result carries a report block (any field or signer): the
 * HTML and PDF reports then print the administrative heading and the
 * signature blocks. */
bool td_report__has_block(const td_result *res);
/* The date line, "Lai Châu, ngày 15 tháng 12 năm 2023" (its place, its
 * date, or both; nothing when neither is set), plain text. */
void td_report__date_line(td_buf *b, td_lang lang, const td_result *res);
/* The report's title: the block's, else the rulebook's name, else its id. */
const char *td_report__title(const td_result *res);

/* ---- the writers ------------------------------------------------------- */

td_status td_report__table(const td_result *res, const td_report_options *o, td_buf *out, td_error *err);
td_status td_report__explain(const td_result *res, const td_report_options *o, td_buf *out, td_error *err);
td_status td_report__json(const td_result *res, const td_report_options *o, td_buf *out, td_error *err);
td_status td_report__csv(const td_result *res, const td_report_options *o, td_buf *out, td_error *err);
/* TD_REPORT_FORMAT_STATUSES: id, unit, classification and award statuses (report_csv.c). */
td_status td_report__statuses(const td_result *res, const td_report_options *o, td_buf *out, td_error *err);
td_status td_report__md(const td_result *res, const td_report_options *o, td_buf *out, td_error *err);
td_status td_report__html(const td_result *res, const td_report_options *o, td_buf *out, td_error *err);
/* The PDF report (report_pdf.c; report_pdf_none.c, which refuses it, in a build without Cairo and Pango). */
td_status td_report__pdf(const td_result *res, const td_report_options *o, td_buf *out, td_error *err);
/* The input workbook (template_xlsx.c): whether it fits a sheet, and the
 * workbook written to `path` (`shown` in errors). In a build without
 * libxlsxwriter (report_xlsx_none.c) the check refuses it with TD_EINVAL. */
td_status td_report__template_check(const td_rulebook *rb, const td_cluster *cluster, td_error *err);
td_status td_report__template_file(const td_rulebook *rb, const td_cluster *cluster, td_lang lang,
                                   const char *path, const char *shown, td_error *err);

/* workbook_close() of libxlsxwriter, one thread at a time (its gmtime()
 * is not thread-safe): every workbook this library writes closes here. */
#ifdef __LXW_XLSXWRITER_H__
lxw_error td_report__xlsx_close(lxw_workbook *wb);
#endif

/* The creation date of a workbook for `period` (report_xlsx.c, built with
 * libxlsxwriter only): 1 January of the year after it (of 1980 out of
 * 1979–2998, or out of 1979–2037 where time_t has 32 bits, as on i386:
 * libxlsxwriter takes a time_t), 00:00 UTC, as seconds since 1970 (no time
 * zone involved), so that the same input gives the same bytes. */
long long td_report__xlsx_date(int64_t period);

/* TD_ELIMIT when the result does not fit a sheet's rows or columns (checked
 * before any file is made); TD_EINVAL in a build without libxlsxwriter
 * (report_xlsx_none.c, CMake THIDUA_XLSX=OFF). */
td_status td_report__xlsx_check(const td_result *res, const td_report_options *o, td_error *err);
/*
 * Writes the workbook to `path` (which the caller created and will remove on
 * failure); errors name `shown`, the file the caller's user asked for.
 */
td_status td_report__xlsx_file(const td_result *res, const td_report_options *o, const char *path,
                               const char *shown, td_error *err);

#endif
