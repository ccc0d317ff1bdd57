/*
 * The PDF report's drawing layer: pages, shaped text, the flow down the
 * page and tables that break between rows (see report_pdf.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_pdf.h"

/* Space inside a table cell, and between the text and the rules. */
#define PAD_X 4.0
#define PAD_Y 2.5
#define TABLE_TEXT 8.0
/* The narrowest a wrapped text column is made. */
#define MIN_TEXT_COLUMN 90.0
/* The most a header widens a column of numbers (a member's name over its points wraps). */
#define NUMBER_HEADER 56.0

bool td_pdf_begin(td_pdf *p, cairo_surface_t *surface, td_lang lang, int pages)
{
    memset(p, 0, sizeof *p);
    p->lang = lang;
    p->pages = pages;
    p->cr = cairo_create(surface);
    p->fonts = pango_cairo_font_map_new();
    p->ctx = p->fonts != NULL ? pango_font_map_create_context(p->fonts) : NULL;
    if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS || p->ctx == NULL) {
        td_pdf_end(p);
        return false;
    }
    /* points are user units; no hinting, so that text measures the same in both passes and on every machine */
    pango_cairo_context_set_resolution(p->ctx, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(p->ctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_update_context(p->cr, p->ctx);
    td_pdf_new_page(p);
    return true;
}

static void footer(td_pdf *p)
{
    char text[64];
    if (p->pages > 0)
        snprintf(text, sizeof text, "%s %d/%d", td_report__text(p->lang, TD_RP_PAGE), p->page, p->pages);
    else /* the first pass: the total is not known yet, and not needed */
        snprintf(text, sizeof text, "%s %d", td_report__text(p->lang, TD_RP_PAGE), p->page);
    td_pdf_style s = {8.0, false, false};
    td_pdf_text_at(p, TD_PDF_MARGIN, TD_PDF_PAGE_H - TD_PDF_MARGIN_FOOT + 16.0, text, s, TD_PDF_WIDTH, TD_PDF_CENTER);
}

void td_pdf_end(td_pdf *p)
{
    if (p->cr != NULL && p->page > 0 && p->ctx != NULL) {
        footer(p);
        cairo_show_page(p->cr);
    }
    if (p->ctx != NULL)
        g_object_unref(p->ctx);
    if (p->fonts != NULL)
        g_object_unref(p->fonts);
    if (p->cr != NULL)
        cairo_destroy(p->cr);
    p->ctx = NULL;
    p->fonts = NULL;
    p->cr = NULL;
}

void td_pdf_new_page(td_pdf *p)
{
    if (p->page > 0) {
        footer(p);
        cairo_show_page(p->cr);
    }
    p->page++;
    p->y = TD_PDF_MARGIN;
}

static double bottom(void)
{
    return TD_PDF_PAGE_H - TD_PDF_MARGIN_FOOT;
}

void td_pdf_need(td_pdf *p, double height)
{
    if (p->y + height > bottom() && p->y > TD_PDF_MARGIN)
        td_pdf_new_page(p);
}

/* A layout of `text` (NFC, control characters as spaces) in `style`, wrapped at `width` (0: not wrapped). */
static PangoLayout *layout(td_pdf *p, const char *text, td_pdf_style style, double width, td_pdf_align align)
{
    char *clean = td_report__clean_text(text != NULL ? text : "");
    if (clean == NULL) {
        p->failed = true;
        return NULL;
    }
    PangoLayout *l = pango_layout_new(p->ctx);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family_static(fd, TD_PDF_FONT);
    pango_font_description_set_absolute_size(fd, style.size * PANGO_SCALE);
    pango_font_description_set_weight(fd, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, align == TD_PDF_CENTER  ? PANGO_ALIGN_CENTER
                                  : align == TD_PDF_RIGHT ? PANGO_ALIGN_RIGHT
                                                          : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, clean, -1);
    free(clean);
    return l;
}

double td_pdf_text_height(td_pdf *p, const char *text, td_pdf_style style, double width)
{
    PangoLayout *l = layout(p, text, style, width, TD_PDF_LEFT);
    if (l == NULL)
        return 0;
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

double td_pdf_text_width(td_pdf *p, const char *text, td_pdf_style style)
{
    PangoLayout *l = layout(p, text, style, 0, TD_PDF_LEFT);
    if (l == NULL)
        return 0;
    int w, h;
    pango_layout_get_size(l, &w, &h);
    g_object_unref(l);
    return (double)w / PANGO_SCALE;
}

double td_pdf_text_at(td_pdf *p, double x, double y, const char *text, td_pdf_style style, double width,
                      td_pdf_align align)
{
    PangoLayout *l = layout(p, text, style, width, align);
    if (l == NULL)
        return 0;
    int w, h;
    pango_layout_get_size(l, &w, &h);
    cairo_move_to(p->cr, x, y);
    cairo_set_source_rgb(p->cr, 0.12, 0.16, 0.2);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

void td_pdf_paragraph(td_pdf *p, const char *text, td_pdf_style style, td_pdf_align align, double after)
{
    td_pdf_need(p, td_pdf_text_height(p, text, style, TD_PDF_WIDTH));
    p->y += td_pdf_text_at(p, TD_PDF_MARGIN, p->y, text, style, TD_PDF_WIDTH, align) + after;
}

void td_pdf_heading(td_pdf *p, const char *text, double size, double keep)
{
    td_pdf_style s = {size, true, false};
    double h = td_pdf_text_height(p, text, s, TD_PDF_WIDTH);
    p->y += size * 0.6; /* space above, dropped at the top of a page */
    td_pdf_need(p, h + 4.0 + keep);
    p->y += td_pdf_text_at(p, TD_PDF_MARGIN, p->y, text, s, TD_PDF_WIDTH, TD_PDF_LEFT) + 4.0;
}

void td_pdf_rule(td_pdf *p, double x0, double x1, double y)
{
    cairo_set_source_rgb(p->cr, 0.12, 0.16, 0.2);
    cairo_set_line_width(p->cr, 0.6);
    cairo_move_to(p->cr, x0, y);
    cairo_line_to(p->cr, x1, y);
    cairo_stroke(p->cr);
}

/* ---- tables -------------------------------------------------------------- */

void td_pdf_table_init(td_pdf_table *t, size_t ncols)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->right = calloc(ncols, sizeof *t->right);
    t->failed = t->right == NULL;
}

void td_pdf_table_free(td_pdf_table *t)
{
    for (size_t i = 0; t->cells != NULL && i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->flags);
    free(t->indent);
    free(t->right);
    memset(t, 0, sizeof *t);
}

void td_pdf_table_row(td_pdf_table *t, unsigned flags, double indent)
{
    if (t->failed)
        return;
    if (t->nrows == t->cap) {
        size_t cap = t->cap > 0 ? t->cap * 2 : 16;
        char **cells = realloc(t->cells, cap * t->ncols * sizeof *cells);
        if (cells != NULL)
            t->cells = cells;
        unsigned *fl = realloc(t->flags, cap * sizeof *fl);
        if (fl != NULL)
            t->flags = fl;
        double *in = realloc(t->indent, cap * sizeof *in);
        if (in != NULL)
            t->indent = in;
        if (cells == NULL || fl == NULL || in == NULL) {
            t->failed = true;
            return;
        }
        t->cap = cap;
    }
    for (size_t c = 0; c < t->ncols; c++)
        t->cells[t->nrows * t->ncols + c] = NULL;
    t->flags[t->nrows] = flags;
    t->indent[t->nrows] = indent;
    t->nrows++;
}

void td_pdf_table_cell(td_pdf_table *t, size_t col, const char *text)
{
    if (t->failed || t->nrows == 0 || col >= t->ncols)
        return;
    char **cell = &t->cells[(t->nrows - 1) * t->ncols + col];
    free(*cell);
    size_t n = text != NULL ? strlen(text) : 0;
    *cell = malloc(n + 1);
    if (*cell == NULL) {
        t->failed = true;
        return;
    }
    memcpy(*cell, text != NULL ? text : "", n);
    (*cell)[n] = '\0';
}

void td_pdf_table_number(td_pdf_table *t, size_t col, td_lang lang, td_decimal d, int places)
{
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    td_report__dec_places(&b, lang, d, places);
    if (td_buf_failed(&b))
        t->failed = true;
    else
        td_pdf_table_cell(t, col, td_buf_text(&b));
    td_buf_free(&b);
}

static const char *cell(const td_pdf_table *t, size_t r, size_t c)
{
    const char *s = t->cells[r * t->ncols + c];
    return s != NULL ? s : "";
}

static td_pdf_style row_style(const td_pdf_table *t, size_t r)
{
    td_pdf_style s = {TABLE_TEXT, r == 0 || (t->flags[r] & TD_PDF_ROW_BOLD) != 0, false};
    return s;
}

/* The columns' widths: each as wide as its widest line, headers whole, or
 * (`wrap_headers`) with headers allowed to wrap at their spaces, widening
 * a column only so far. Returns the sum; *texts and *widest those of the
 * text columns. */
static double natural(td_pdf *p, const td_pdf_table *t, double *w, bool wrap_headers, double *texts, double *widest)
{
    double sum = 0;
    *texts = *widest = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        w[c] = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            double x = td_pdf_text_width(p, cell(t, r, c), row_style(t, r)) + 2 * PAD_X + (c == 0 ? t->indent[r] : 0);
            double cap = t->right[c] ? NUMBER_HEADER : MIN_TEXT_COLUMN;
            if (r == 0 && wrap_headers)
                x = x < cap ? x : cap;
            if (x > w[c])
                w[c] = x;
        }
        sum += w[c];
        if (!t->right[c]) {
            *texts += w[c];
            *widest = w[c] > *widest ? w[c] : *widest;
        }
    }
    return sum;
}

/* Fits the columns to the width: each as wide as its widest line when they
 * fit; else headers wrap, and then the widest text columns give up the
 * room, all cut to one width (never below MIN_TEXT_COLUMN), and wrap: a
 * short name column keeps its width while a long explanation wraps. */
static void fit(td_pdf *p, const td_pdf_table *t, double *w)
{
    double texts, widest;
    if (natural(p, t, w, false, &texts, &widest) <= TD_PDF_WIDTH)
        return;
    double sum = natural(p, t, w, true, &texts, &widest);
    double numbers = sum - texts;
    if (sum <= TD_PDF_WIDTH || texts == 0)
        return;
    /* the cut: the widest width L with numbers + sum(min(w, L)) within the page */
    double lo = MIN_TEXT_COLUMN, hi = widest;
    for (int i = 0; i < 40; i++) {
        double mid = (lo + hi) / 2, total = numbers;
        for (size_t c = 0; c < t->ncols; c++)
            if (!t->right[c])
                total += w[c] < mid ? w[c] : mid;
        if (total <= TD_PDF_WIDTH)
            lo = mid;
        else
            hi = mid;
    }
    for (size_t c = 0; c < t->ncols; c++)
        if (!t->right[c] && w[c] > lo)
            w[c] = lo;
}

static double row_height(td_pdf *p, const td_pdf_table *t, size_t r, const double *w)
{
    double h = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        double in = c == 0 ? t->indent[r] : 0;
        double x = td_pdf_text_height(p, cell(t, r, c), row_style(t, r), w[c] - 2 * PAD_X - in);
        if (x > h)
            h = x;
    }
    return h + 2 * PAD_Y;
}

static void draw_row(td_pdf *p, const td_pdf_table *t, size_t r, const double *w, double h)
{
    double x = TD_PDF_MARGIN, total = 0;
    for (size_t c = 0; c < t->ncols; c++)
        total += w[c];
    if (r == 0 || (t->flags[r] & TD_PDF_ROW_SHADED)) {
        cairo_set_source_rgb(p->cr, r == 0 ? 0.93 : 0.97, r == 0 ? 0.95 : 0.976, r == 0 ? 0.97 : 0.984);
        cairo_rectangle(p->cr, x, p->y, total, h);
        cairo_fill(p->cr);
    }
    cairo_set_source_rgb(p->cr, 0.78, 0.81, 0.85);
    cairo_set_line_width(p->cr, 0.5);
    for (size_t c = 0; c < t->ncols; c++) {
        cairo_rectangle(p->cr, x, p->y, w[c], h);
        cairo_stroke(p->cr);
        double in = c == 0 ? t->indent[r] : 0;
        td_pdf_text_at(p, x + PAD_X + in, p->y + PAD_Y, cell(t, r, c), row_style(t, r), w[c] - 2 * PAD_X - in,
                       t->right[c] ? TD_PDF_RIGHT : TD_PDF_LEFT);
        x += w[c];
    }
    p->y += h;
}

void td_pdf_table_draw(td_pdf *p, td_pdf_table *t)
{
    if (t->failed) {
        p->failed = true;
        return;
    }
    if (t->nrows == 0)
        return;
    double *w = calloc(t->ncols, sizeof *w);
    if (w == NULL) {
        p->failed = true;
        return;
    }
    fit(p, t, w);
    double head = row_height(p, t, 0, w);
    for (size_t r = 1; r < t->nrows; r++) {
        double h = row_height(p, t, r, w);
        if (r == 1 || p->y + h > bottom()) {
            /* the header row with the first row of the table or of the page */
            if (r > 1 || p->y + head + h > bottom())
                td_pdf_new_page(p);
            draw_row(p, t, 0, w, head);
        }
        draw_row(p, t, r, w, h);
    }
    p->y += 8.0;
    free(w);
}
