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

void td_report__grid_init(grid *g, size_t cols)
{
    memset(g, 0, sizeof *g);
    g->cols = cols;
    g->right = calloc(cols ? cols : 1, sizeof *g->right);
    if (g->right == NULL)
        g->failed = true;
}

void td_report__grid_free(grid *g)
{
    if (g->cells != NULL)
        for (size_t i = 0; i < g->rows * g->cols; i++)
            free(g->cells[i]);
    free(g->cells);
    free(g->right);
    memset(g, 0, sizeof *g);
}

void td_report__grid_align_right(grid *g, size_t col)
{
    if (!g->failed && col < g->cols)
        g->right[col] = true;
}

size_t td_report__grid_add_row(grid *g)
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

void td_report__grid_set(grid *g, size_t row, size_t col, const char *text)
{
    if (g->failed || row >= g->rows || col >= g->cols)
        return;
    char *clean = td_report__clean_text(text);
    if (clean == NULL) {
        g->failed = true;
        return;
    }
    free(g->cells[row * g->cols + col]);
    g->cells[row * g->cols + col] = clean;
}

void td_report__grid_setf(grid *g, size_t row, size_t col, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    td_report__grid_set(g, row, col, buf);
}

void td_report__grid_set_dec(grid *g, size_t row, size_t col, td_lang lang, td_decimal d, int places)
{
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    td_report__dec_places(&b, lang, d, places);
    char *text = td_buf_take(&b, NULL);
    if (text == NULL) {
        g->failed = true;
        return;
    }
    td_report__grid_set(g, row, col, text);
    free(text);
}

static const char *cell(const grid *g, size_t row, size_t col)
{
    const char *s = g->cells[row * g->cols + col];
    return s != NULL ? s : "";
}

/* Markdown-escaped text of a cell: table pipes, inline markup and HTML. */
static void md_escape(td_buf *out, const char *s)
{
    for (const char *p = s; *p != '\0'; p++) {
        char c = *p;
        bool word_prev = p > s && ((p[-1] >= '0' && p[-1] <= '9') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                                   (p[-1] >= 'a' && p[-1] <= 'z'));
        bool word_next = (p[1] >= '0' && p[1] <= '9') || (p[1] >= 'A' && p[1] <= 'Z') ||
                         (p[1] >= 'a' && p[1] <= 'z');
        switch (c) {
        case '&': td_buf_append(out, "&amp;"); break;
        case '<': td_buf_append(out, "&lt;"); break;
        case '>': td_buf_append(out, "&gt;"); break;
        case '|': case '\\': case '*': case '`': case '[': case ']': case '~':
            td_buf_append_char(out, '\\');
            td_buf_append_char(out, c);
            break;
        case '_':
            /* An underscore inside a word (unit and criterion ids) is not emphasis. */
            if (!(word_prev && word_next))
                td_buf_append_char(out, '\\');
            td_buf_append_char(out, c);
            break;
        default: td_buf_append_char(out, c); break;
        }
    }
}

void td_report__md_text(td_buf *out, const char *s)
{
    char *clean = td_report__clean_text(s);
    if (clean == NULL) {
        out->failed = true;
        return;
    }
    md_escape(out, clean);
    free(clean);
}

/* The cells as they will be printed, their widths and the columns' widths.
 * Cells are NFC already (td_report__grid_set()); only Markdown needs a copy, escaped. */
typedef struct layout {
    const grid *g;
    char **escaped; /* Markdown: per cell; NULL for text */
    size_t *width;  /* per cell */
    size_t *col;    /* per column */
} layout;

static const char *shown(const layout *lay, size_t i)
{
    return lay->escaped != NULL ? lay->escaped[i] : cell(lay->g, i / lay->g->cols, i % lay->g->cols);
}

static void release(layout *lay)
{
    size_t n = lay->g->rows * lay->g->cols;
    for (size_t i = 0; lay->escaped != NULL && i < n; i++)
        free(lay->escaped[i]);
    free(lay->escaped);
    free(lay->width);
    free(lay->col);
}

static bool prepare(const grid *g, bool md, layout *lay)
{
    size_t n = g->rows * g->cols;
    lay->g = g;
    lay->escaped = md ? calloc(n ? n : 1, sizeof *lay->escaped) : NULL;
    lay->width = calloc(n ? n : 1, sizeof *lay->width);
    lay->col = calloc(g->cols ? g->cols : 1, sizeof *lay->col);
    bool ok = (!md || lay->escaped != NULL) && lay->width != NULL && lay->col != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        if (md) {
            td_buf b;
            td_buf_init(&b, &td_libc_allocator);
            md_escape(&b, cell(g, i / g->cols, i % g->cols));
            ok = (lay->escaped[i] = td_buf_take(&b, NULL)) != NULL;
        }
        if (ok) {
            lay->width[i] = td_report__text_width(shown(lay, i));
            if (lay->width[i] > lay->col[i % g->cols])
                lay->col[i % g->cols] = lay->width[i];
        }
    }
    for (size_t c = 0; md && ok && c < g->cols; c++)
        if (lay->col[c] < 3) /* the delimiter row needs three dashes */
            lay->col[c] = 3;
    if (!ok)
        release(lay);
    return ok;
}

void td_report__grid_render_text(const grid *g, td_buf *out, size_t indent)
{
    layout lay;
    if (g->failed || !prepare(g, false, &lay)) {
        out->failed = true;
        return;
    }
    for (size_t r = 0; r < g->rows; r++) {
        size_t pending = indent; /* spaces owed before the next visible text */
        for (size_t c = 0; c < g->cols; c++) {
            size_t i = r * g->cols + c;
            const char *s = shown(&lay, i);
            size_t pad = lay.col[c] - lay.width[i];
            if (c > 0)
                pending += 2;
            if (g->right[c])
                pending += pad;
            if (s[0] != '\0') {
                td_buf_spaces(out, pending);
                td_buf_append(out, s);
                pending = 0;
            }
            if (!g->right[c])
                pending += pad;
        }
        td_buf_append_char(out, '\n');
        if (r == 0) { /* the rule under the header */
            td_buf_spaces(out, indent);
            for (size_t c = 0; c < g->cols; c++) {
                if (c > 0)
                    td_buf_append(out, "  ");
                for (size_t i = 0; i < lay.col[c]; i++)
                    td_buf_append(out, "\xe2\x94\x80"); /* U+2500 box drawing horizontal */
            }
            td_buf_append_char(out, '\n');
        }
    }
    release(&lay);
}

void td_report__grid_render_md(const grid *g, td_buf *out)
{
    layout lay;
    if (g->failed || !prepare(g, true, &lay)) {
        out->failed = true;
        return;
    }
    for (size_t r = 0; r < g->rows; r++) {
        td_buf_append_char(out, '|');
        for (size_t c = 0; c < g->cols; c++) {
            size_t i = r * g->cols + c;
            const char *s = shown(&lay, i);
            size_t pad = lay.col[c] - lay.width[i];
            td_buf_append_char(out, ' ');
            if (g->right[c])
                td_buf_spaces(out, pad);
            td_buf_append(out, s);
            if (!g->right[c])
                td_buf_spaces(out, pad);
            td_buf_append(out, " |");
        }
        td_buf_append_char(out, '\n');
        if (r == 0) {
            td_buf_append_char(out, '|');
            for (size_t c = 0; c < g->cols; c++) {
                td_buf_append_char(out, ' ');
                for (size_t i = 0; i + 1 < lay.col[c]; i++)
                    td_buf_append_char(out, '-');
                td_buf_append_char(out, g->right[c] ? ':' : '-');
                td_buf_append(out, " |");
            }
            td_buf_append_char(out, '\n');
        }
    }
    release(&lay);
}
