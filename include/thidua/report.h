/*
 * thidua/report.h — turning a td_result into a report: an aligned text
 * table, the contract's JSON, CSV, Markdown, a self-contained HTML page, an
 * xlsx workbook, or the full explanation of one member.
 *
 * Reports are rendered from the result's public accessors only, in the
 * language asked for. Numbers are exact decimal text. Rendering only reads
 * the result, so any number of threads may render from one result at once.
 * xlsx workbooks (reports and templates) are closed one at a time behind
 * the library's one lock: libxlsxwriter formats their date with gmtime(),
 * whose buffer the whole process shares (an application thread calling
 * gmtime() at that moment is not covered).
 */
#ifndef THIDUA_REPORT_H
#define THIDUA_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "thidua/cluster.h"
#include "thidua/common.h"
#include "thidua/result.h"
#include "thidua/rulebook.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The kinds of report. */
typedef enum td_report_format {
    TD_REPORT_FORMAT_TABLE = 0,  /**< aligned columns for a terminal (display width aware) */
    TD_REPORT_FORMAT_JSON = 1,   /**< the contract's JSON result */
    TD_REPORT_FORMAT_CSV = 2,    /**< one row per member and criterion, RFC 4180 */
    TD_REPORT_FORMAT_MD = 3,     /**< Markdown tables */
    TD_REPORT_FORMAT_HTML = 4,   /**< one self-contained page with SVG charts (no network) */
    TD_REPORT_FORMAT_XLSX = 5,   /**< an Excel workbook (binary; written with libxlsxwriter: only when
                                      TD_HAVE_XLSX, thidua/features.h) */
    TD_REPORT_FORMAT_EXPLAIN = 6, /**< every explanation of one member (td_report_options::unit) */
    /**
     * CSV, one row per member in the cluster's order: `id`, `unit` (its
     * group), `classification`, then one column per award with its status
     * (td_award_status_name()). The child result file of a roll-up (rulebook
     * 1.1, td_result_rollup_children()): what a council approves and next
     * period's history; no explanations are needed or rendered.
     */
    TD_REPORT_FORMAT_STATUSES = 7,
    TD_REPORT_FORMAT_PDF = 8      /**< an A4 landscape document to sign (binary; drawn with Cairo and Pango:
                                       only when TD_HAVE_PDF, thidua/features.h) */
} td_report_format;

/* The names of 0.1.0, before the enum prefixes were aligned, kept for source
 * compatibility; define TD_NO_DEPRECATED_NAMES to hide them. */
#if !defined(TD_NO_DEPRECATED_NAMES) && !defined(SWIG)
#define TD_REPORT_TABLE   TD_REPORT_FORMAT_TABLE
#define TD_REPORT_JSON    TD_REPORT_FORMAT_JSON
#define TD_REPORT_CSV     TD_REPORT_FORMAT_CSV
#define TD_REPORT_MD      TD_REPORT_FORMAT_MD
#define TD_REPORT_HTML    TD_REPORT_FORMAT_HTML
#define TD_REPORT_XLSX    TD_REPORT_FORMAT_XLSX
#define TD_REPORT_EXPLAIN TD_REPORT_FORMAT_EXPLAIN
#endif

/**
 * Options of the report functions. Initialise with TD_REPORT_OPTIONS_INIT
 * or td_report_options_init(). Version 1 (no `excel` and `width` fields)
 * is still accepted and means the plain CSV and no width limit.
 */
typedef struct td_report_options {
    unsigned int version; /**< TD_REPORT_OPTIONS_VERSION */
    td_lang lang;         /**< language of headings and explanations */
    /** TD_REPORT_FORMAT_EXPLAIN: the member's unit id, or its name when exactly one
     *  member has that name (required; both compared after NFC) */
    const char *unit;
    /**
     * Since version 2, TD_REPORT_FORMAT_CSV only (other formats ignore it):
     * the CSV Excel opens as a table in a Vietnamese locale: a UTF-8 byte
     * order mark first, ';' between fields, a decimal comma in numbers
     * (12,5; no thousands separator). Fields holding ';' are quoted; the
     * rows, columns and texts are those of the plain CSV. Default false:
     * the plain RFC 4180 CSV (',' and a decimal point).
     */
    bool excel;
    /**
     * Since version 2, TD_REPORT_FORMAT_TABLE only: the most terminal
     * columns a line may take (display width: a Vietnamese letter is one
     * column, an East Asian wide character two), at least 40; 0 (the
     * default): no limit, the lines as long as the table needs. A table
     * wider than `width` wraps the text of its cells (names, classifications;
     * number columns' headers at their spaces; numbers never), and when
     * that is not enough shows its columns in blocks one below the other,
     * each block repeating the rank, unit and name columns (criterion, name
     * and max in the points table); lines of free text (title, awards'
     * quotas, the next leader) wrap at spaces, further lines two spaces in.
     * The library reads no terminal: the caller passes its width
     * (`thidua` does, when standard output is a terminal).
     */
    unsigned int width;
} td_report_options;

#define TD_REPORT_OPTIONS_VERSION 2
#define TD_REPORT_OPTIONS_INIT {TD_REPORT_OPTIONS_VERSION, TD_LANG_VI, NULL, false, 0}

/**
 * Fills *opts with the defaults of options `version` (1 or 2: a program
 * built against an older header passes the version it knows, and only the
 * fields of that version are written). Errors: TD_EINVAL (NULL or unknown
 * version).
 */
TD_EXTERN td_status td_report_options_init(td_report_options *opts, unsigned int version);

/**
 * The format named `name` ("table", "json", "csv", "md", "html", "xlsx",
 * "explain", "pdf") into *out (also in a build without the PDF report,
 * whose td_report_render() refuses it). Errors: TD_EINVAL (NULL, or an unknown name: the
 * message lists the known ones).
 */
TD_EXTERN td_status td_report_format_parse(td_report_format *out, const char *name, td_error *err);

/** The name of a format ("json"...), or NULL for an unknown one. */
TD_EXTERN const char *td_report_format_name(td_report_format format);

/**
 * Renders the report into memory. *out is allocated by the library and
 * NUL-terminated (xlsx and pdf are binary: use *len); free it with td_free().
 * `opts` may be NULL for defaults (Vietnamese). The layouts of the formats
 * are those of docs/reports.md. An xlsx workbook is assembled in a scratch
 * file in $TMPDIR (else /tmp), removed before the function returns.
 * Errors: TD_EINVAL (NULL, unknown format, options version (1 and 2 are
 * known), language or width (1 to 39),
 * TD_REPORT_FORMAT_EXPLAIN without a unit, a result evaluated with
 * TD_EXPLAIN_NONE: every format shows explanations, the statuses format
 * aside), TD_ENOTFOUND (the unit is not a
 * member), TD_ELIMIT (xlsx: the result does not fit a sheet's 1,048,576
 * rows or 16,384 columns, e.g. more than 16,381 members; nothing is made),
 * TD_EIO (xlsx scratch file), TD_ENOMEM.
 * A result evaluated with TD_EXPLAIN_ON_DEMAND gives the same report: each
 * criterion's text is rendered as the report reaches it
 * (td_result_criterion_explain_to()) and not kept in the result.
 * PDF (docs/reports.md, "pdf"): the report block's administrative heading
 * and signature blocks when the result has one, the ranking, criterion
 * points, awards and next leader on A4 landscape pages numbered "Trang
 * 1/3"; the same bytes for the same result, fonts and libraries (no clock
 * in the file). Cairo and Pango keep process-wide caches (fontconfig's
 * fonts) but no state of this library; rendering PDFs from several threads
 * at once is safe as Pango's own font maps are made per call. A build
 * without the PDF report (TD_HAVE_PDF 0) returns TD_EINVAL for it, and one
 * without the xlsx workbook (TD_HAVE_XLSX 0) for xlsx (nothing is made).
 */
TD_EXTERN td_status td_report_render(char **out, size_t *len,
                                     const td_result *result, td_report_format format, const td_report_options *opts,
                                     td_error *err);

/**
 * Where td_report_write() hands a report's bytes over, in order: returns
 * 0 to go on, or an errno value (ENOSPC, EPIPE...) that stops the report.
 */
typedef int (*td_report_sink)(void *ctx, const void *bytes, size_t len);

/**
 * Renders the report as td_report_render() does and hands its bytes to
 * sink(ctx, ...) in pieces as they are made, instead of returning them in
 * one block: the JSON, CSV, HTML, statuses and PDF formats hold about 64
 * KiB of the report at a time (the result's size in memory, not the
 * report's: a JSON report of 10^6 members is some 1.4 GB); the table,
 * Markdown, explain and xlsx formats are made whole first, then handed
 * over in pieces. The same bytes as td_report_render(). Pieces handed
 * over before a failure stay the caller's to discard (td_report_write_file()
 * writes them to a temporary file it removes).
 * Errors: as td_report_render() (the argument checks before any piece),
 * TD_EINVAL (NULL sink), and TD_EIO when the sink returns an errno value
 * (the message carries the system's text of it).
 */
TD_EXTERN td_status td_report_write(const td_result *result, td_report_format format,
                                    const td_report_options *opts, td_report_sink sink, void *ctx,
                                    td_error *err);

/**
 * Renders the report and writes it to `path` atomically: into a temporary
 * file in the same directory, flushed to disk, then renamed over `path`.
 * On failure nothing is left behind and an existing file at `path` is
 * untouched. The file gets mode 0666 less the umask; a symbolic link at
 * `path` is replaced, not followed.
 * Errors: as td_report_render(), and TD_EIO (td_error::file is `path`; the
 * message carries the system's reason).
 */
TD_EXTERN td_status td_report_write_file(const td_result *result, td_report_format format,
                                         const td_report_options *opts, const char *path,
                                         td_error *err);

/* ---- Input workbooks ------------------------------------------------- */

/**
 * Makes the input workbook an officer fills in for `rulebook` (xlsx,
 * binary; docs/rulebook.md, "Workbooks") in the language of `opts` (NULL:
 * Vietnamese; its `unit` is not used): a sheet "Số liệu" with a row per
 * member of `cluster` (its id and name; 30 empty rows when `cluster` is
 * NULL) and, per measure the data gives, the column pair "Kế hoạch" /
 * "Thực hiện" (target / actual) under the measure's criterion name and
 * its id in brackets ("Số hộ đăng ký [hh_registered]"), a side a formula
 * derives left out; number cells accept decimals >= 0 only (data
 * validation), the headers are locked and frozen. A sheet "Chấm điểm"
 * (manual criteria only) has a row per member and manual criterion for
 * the council's points (self, cross, final), "Sự kiện" (adjustment items
 * only) takes events (unit, item, count), "Lịch sử" history records (unit,
 * period, id) and "Hướng dẫn" says how to fill the book. td_dataset_add_file() reads the filled workbook back. The same
 * bytes for the same arguments (the document's date is 1 January after the
 * cluster's period, or of 1980). *out is allocated by the library (free
 * it with td_free()); the workbook is assembled in a scratch file in
 * $TMPDIR (else /tmp), removed before the function returns.
 * In English the headers are "id", "name", "target", "actual" and the
 * sheets "Data", "History", "Instructions"; both read back alike.
 * Errors: TD_EINVAL (NULL out or rulebook, bad options, a build without
 * libxlsxwriter: TD_HAVE_XLSX 0 in thidua/features.h), TD_ELIMIT (more members or
 * measures than a sheet holds), TD_EIO (the scratch file), TD_ENOMEM.
 */
TD_EXTERN td_status td_template_render(char **out, size_t *len, const td_rulebook *rulebook,
                                       const td_cluster *cluster, const td_report_options *opts,
                                       td_error *err);

/**
 * As td_template_render(), written to `path` atomically (as
 * td_report_write_file() writes: nothing is left behind on failure).
 * Errors: as td_template_render(), and TD_EINVAL for a NULL or empty path,
 * TD_EIO (td_error::file is `path`).
 */
TD_EXTERN td_status td_template_write_file(const td_rulebook *rulebook, const td_cluster *cluster,
                                           const td_report_options *opts, const char *path,
                                           td_error *err);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_REPORT_H */
