/*
 * Internal: the PDF report's drawing layer (report_pdf_draw.c): A4
 * landscape pages drawn with Cairo, text shaped and wrapped by Pango, a
 * flow that moves down the page and starts a new one when a block does not
 * fit, and tables whose rows never split and whose header row is repeated
 * on every page. report_pdf.c says what goes on the pages.
 *
 * Every PDF is laid out twice: first into a surface whose bytes are thrown
 * away, to count the pages ("Trang 1/3" needs the last number), then for
 * real. Both passes run the same code on the same fonts, so they break
 * pages at the same places.
 *
 * No state outside a td_pdf: each rendering makes its own Pango font map.
 * (Fontconfig, which Pango asks for fonts, keeps a process-wide cache of
 * its own; see tests/support/valgrind-pdf.supp.)
 */
#ifndef THIDUA_LIB_REPORT_PDF_H
#define THIDUA_LIB_REPORT_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "report_internal.h"

/* A4 landscape in points, and the margins (14 mm at the sides and top, 16 mm at the foot). */
#define TD_PDF_PAGE_W 841.89
#define TD_PDF_PAGE_H 595.28
#define TD_PDF_MARGIN 40.0
#define TD_PDF_MARGIN_FOOT 46.0
#define TD_PDF_WIDTH (TD_PDF_PAGE_W - 2 * TD_PDF_MARGIN)

/* The font of every text: DejaVu Sans covers Vietnamese (Debian's fonts-dejavu-core). */
#define TD_PDF_FONT "DejaVu Sans"

typedef enum { TD_PDF_LEFT, TD_PDF_CENTER, TD_PDF_RIGHT } td_pdf_align;

/* How a text is set: size in points, bold, italic. */
typedef struct td_pdf_style {
    double size;
    bool bold, italic;
} td_pdf_style;

typedef struct td_pdf {
    cairo_t *cr;
    PangoFontMap *fonts;
    PangoContext *ctx;
    td_lang lang;
    double y;     /* the flow's position from the top of the page */
    int page;     /* the current page, from 1 (0 before the first) */
    int pages;    /* the total, known in the second pass (0 in the first) */
    bool failed;  /* out of memory while building a text */
} td_pdf;

/* Sets up p to draw on the surface (its own font map and Pango context). false when out of memory. */
bool td_pdf_begin(td_pdf *p, cairo_surface_t *surface, td_lang lang, int pages);
/* Draws the last page's footer and releases what td_pdf_begin() made (not the surface). */
void td_pdf_end(td_pdf *p);

/* Ends the page (footer "Trang n/N") and starts the next. */
void td_pdf_new_page(td_pdf *p);
/* Starts a new page unless `height` more points fit on this one. */
void td_pdf_need(td_pdf *p, double height);

/* The height of `text` set in `style`, wrapped at `width`. */
double td_pdf_text_height(td_pdf *p, const char *text, td_pdf_style style, double width);
/* The width of `text` on one line. */
double td_pdf_text_width(td_pdf *p, const char *text, td_pdf_style style);
/* Draws `text` at (x, y) wrapped at `width`; returns its height. */
double td_pdf_text_at(td_pdf *p, double x, double y, const char *text, td_pdf_style style, double width,
                      td_pdf_align align);
/* A paragraph of the flow, over the whole width, `after` points below it;
 * moved to the next page whole when it does not fit (unless taller than a page). */
void td_pdf_paragraph(td_pdf *p, const char *text, td_pdf_style style, td_pdf_align align, double after);
/* A heading of the flow, kept on one page with the `keep` points that follow it. */
void td_pdf_heading(td_pdf *p, const char *text, double size, double keep);
/* A horizontal rule from x0 to x1 at y. */
void td_pdf_rule(td_pdf *p, double x0, double x1, double y);

/* ---- tables ------------------------------------------------------------ */

enum { TD_PDF_ROW_BOLD = 1, TD_PDF_ROW_SHADED = 2 };

/* A table being filled: its header cells, then rows of cells, all copied. */
typedef struct td_pdf_table {
    size_t ncols;
    char **cells;       /* header row first, then every row: ncols cells each */
    size_t nrows, cap;  /* rows including the header */
    unsigned *flags;    /* per row: TD_PDF_ROW_* */
    double *indent;     /* per row: points before the first cell's text */
    bool *right;        /* per column: numbers, right-aligned */
    bool failed;
} td_pdf_table;

void td_pdf_table_init(td_pdf_table *t, size_t ncols);
void td_pdf_table_free(td_pdf_table *t);
/* Starts a row (the first is the header) with its flags and indent. */
void td_pdf_table_row(td_pdf_table *t, unsigned flags, double indent);
/* Sets cell `col` of the current row (copied; NULL is ""). */
void td_pdf_table_cell(td_pdf_table *t, size_t col, const char *text);
/* Sets cell `col` of the current row to a score with `places` decimals, through the reports' number helper. */
void td_pdf_table_number(td_pdf_table *t, size_t col, td_lang lang, td_decimal d, int places);
/* Draws the table in the flow: columns fitted to the width (text columns
 * wrapped when they must), rows kept whole, the header row repeated at the
 * top of every page the table runs onto. */
void td_pdf_table_draw(td_pdf *p, td_pdf_table *t);

#endif
