/*
 * A table of text cells, drawn either as aligned columns for a terminal or
 * as a Markdown table. Widths are display widths, so Vietnamese letters with
 * diacritics (one column each, whatever their byte length) and wide East
 * Asian characters (two columns) line up.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_grid.h"

void grid_init(grid *g, size_t cols)
{
    memset(g, 0, sizeof *g);
    g->cols = cols;
    g->right = calloc(cols ? cols : 1, sizeof *g->right);
    if (g->right == NULL)
        g->failed = true;
}

void grid_free(grid *g)
{
    if (g->cells != NULL)
        for (size_t i = 0; i < g->rows * g->cols; i++)
            free(g->cells[i]);
    free(g->cells);
    free(g->right);
    memset(g, 0, sizeof *g);
}

void grid_align_right(grid *g, size_t col)
{
    if (!g->failed && col < g->cols)
        g->right[col] = true;
}

size_t grid_add_row(grid *g)
{
    if (g->failed)
        return 0;
    if (g->rows == g->cap_rows) {
        size_t cap = g->cap_rows ? g->cap_rows * 2 : 8;
        char **cells = realloc(g->cells, cap * g->cols * sizeof *cells);
        if (cells == NULL) {
            g->failed = true;
            return 0;
        }
        memset(cells + g->cap_rows * g->cols, 0, (cap - g->cap_rows) * g->cols * sizeof *cells);
        g->cells = cells;
        g->cap_rows = cap;
    }
    return g->rows++;
}

void grid_set(grid *g, size_t row, size_t col, const char *text)
{
    if (g->failed || row >= g->rows || col >= g->cols)
        return;
    char *clean = report_clean_text(text);
    if (clean == NULL) {
        g->failed = true;
        return;
    }
    free(g->cells[row * g->cols + col]);
    g->cells[row * g->cols + col] = clean;
}

void grid_setf(grid *g, size_t row, size_t col, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    grid_set(g, row, col, buf);
}

void grid_set_dec(grid *g, size_t row, size_t col, td_decimal d, int places)
{
    rbuf b;
    rbuf_init(&b);
    rbuf_dec_places(&b, d, places);
    if (b.failed)
        g->failed = true;
    else
        grid_set(g, row, col, b.data);
    rbuf_free(&b);
}

static const char *cell(const grid *g, size_t row, size_t col)
{
    const char *s = g->cells[row * g->cols + col];
    return s != NULL ? s : "";
}

/* Markdown-escaped text of a cell: table pipes, inline markup and HTML. */
static void md_escape(rbuf *out, const char *s)
{
    for (const char *p = s; *p != '\0'; p++) {
        char c = *p;
        bool word_prev = p > s && ((p[-1] >= '0' && p[-1] <= '9') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                                   (p[-1] >= 'a' && p[-1] <= 'z'));
        bool word_next = (p[1] >= '0' && p[1] <= '9') || (p[1] >= 'A' && p[1] <= 'Z') ||
                         (p[1] >= 'a' && p[1] <= 'z');
        switch (c) {
        case '&': rbuf_put(out, "&amp;"); break;
        case '<': rbuf_put(out, "&lt;"); break;
        case '>': rbuf_put(out, "&gt;"); break;
        case '|': case '\\': case '*': case '`': case '[': case ']': case '~':
            rbuf_putc(out, '\\');
            rbuf_putc(out, c);
            break;
        case '_':
            /* An underscore inside a word (unit and criterion ids) is not emphasis. */
            if (!(word_prev && word_next))
                rbuf_putc(out, '\\');
            rbuf_putc(out, c);
            break;
        default: rbuf_putc(out, c); break;
        }
    }
}

void md_text(rbuf *out, const char *s)
{
    char *clean = report_clean_text(s);
    if (clean == NULL) {
        out->failed = true;
        return;
    }
    md_escape(out, clean);
    free(clean);
}

/* The cells as they will be printed (escaped for Markdown), and their widths. */
static bool prepare(const grid *g, bool md, char ***shown, size_t **widths)
{
    size_t n = g->rows * g->cols;
    char **text = calloc(n ? n : 1, sizeof *text);
    size_t *w = calloc(g->cols ? g->cols : 1, sizeof *w);
    bool ok = text != NULL && w != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        rbuf b;
        rbuf_init(&b);
        if (md)
            md_escape(&b, cell(g, i / g->cols, i % g->cols));
        else
            rbuf_put(&b, cell(g, i / g->cols, i % g->cols));
        text[i] = rbuf_take(&b, NULL);
        if (text[i] == NULL)
            ok = false;
        if (ok) {
            size_t width = report_display_width(text[i]);
            if (width > w[i % g->cols])
                w[i % g->cols] = width;
        }
    }
    if (md)
        for (size_t c = 0; ok && c < g->cols; c++)
            if (w[c] < 3) /* the delimiter row needs three dashes */
                w[c] = 3;
    if (!ok) {
        for (size_t i = 0; text != NULL && i < n; i++)
            free(text[i]);
        free(text);
        free(w);
        return false;
    }
    *shown = text;
    *widths = w;
    return true;
}

static void release(const grid *g, char **shown, size_t *widths)
{
    for (size_t i = 0; i < g->rows * g->cols; i++)
        free(shown[i]);
    free(shown);
    free(widths);
}

void grid_render_text(const grid *g, rbuf *out, size_t indent)
{
    char **shown;
    size_t *w;
    if (g->failed || !prepare(g, false, &shown, &w)) {
        out->failed = true;
        return;
    }
    for (size_t r = 0; r < g->rows; r++) {
        size_t pending = indent; /* spaces owed before the next visible text */
        for (size_t c = 0; c < g->cols; c++) {
            const char *s = shown[r * g->cols + c];
            size_t pad = w[c] - report_display_width(s);
            if (c > 0)
                pending += 2;
            if (g->right[c])
                pending += pad;
            if (s[0] != '\0') {
                rbuf_spaces(out, pending);
                rbuf_put(out, s);
                pending = 0;
            }
            if (!g->right[c])
                pending += pad;
        }
        rbuf_putc(out, '\n');
        if (r == 0) { /* the rule under the header */
            rbuf_spaces(out, indent);
            for (size_t c = 0; c < g->cols; c++) {
                if (c > 0)
                    rbuf_put(out, "  ");
                for (size_t i = 0; i < w[c]; i++)
                    rbuf_put(out, "\xe2\x94\x80"); /* U+2500 box drawing horizontal */
            }
            rbuf_putc(out, '\n');
        }
    }
    release(g, shown, w);
}

void grid_render_md(const grid *g, rbuf *out)
{
    char **shown;
    size_t *w;
    if (g->failed || !prepare(g, true, &shown, &w)) {
        out->failed = true;
        return;
    }
    for (size_t r = 0; r < g->rows; r++) {
        rbuf_putc(out, '|');
        for (size_t c = 0; c < g->cols; c++) {
            const char *s = shown[r * g->cols + c];
            size_t pad = w[c] - report_display_width(s);
            rbuf_putc(out, ' ');
            if (g->right[c])
                rbuf_spaces(out, pad);
            rbuf_put(out, s);
            if (!g->right[c])
                rbuf_spaces(out, pad);
            rbuf_put(out, " |");
        }
        rbuf_putc(out, '\n');
        if (r == 0) {
            rbuf_putc(out, '|');
            for (size_t c = 0; c < g->cols; c++) {
                rbuf_putc(out, ' ');
                for (size_t i = 0; i + 1 < w[c]; i++)
                    rbuf_putc(out, '-');
                rbuf_putc(out, g->right[c] ? ':' : '-');
                rbuf_put(out, " |");
            }
            rbuf_putc(out, '\n');
        }
    }
    release(g, shown, w);
}
