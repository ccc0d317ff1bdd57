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
            size_t len = strlen(s), shown_len = len;
            while (shown_len > 0 && s[shown_len - 1] == ' ')
                shown_len--;
            if (shown_len > 0) {
                td_buf_spaces(out, pending);
                td_buf_append_n(out, s, shown_len);
                pending = len - shown_len; /* a cell's trailing spaces, written only before more text */
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

/* ---- fitting a width ----------------------------------------------------- */

void td_report__wrap_piece(const char *s, size_t cols, size_t *len, size_t *next)
{
    size_t total = strlen(s), fit = td_report__prefix_within(s, cols), lead = strspn(s, " ");
    if (fit >= total) {
        *len = *next = total;
        return;
    }
    for (size_t i = fit; i > lead; i--) {
        if (s[i] == ' ' && s[i - 1] != ' ') {
            *len = i;
            *next = i + strspn(s + i, " ");
            return;
        }
        if ((s[i - 1] == '-' || s[i - 1] == '_' || s[i - 1] == '/') && i - 1 > lead) {
            *len = i;
            *next = i + strspn(s + i, " ");
            return;
        }
    }
    /* no break within the width: cut the word, taking at least one character */
    /* one character, wide or not (a stray byte takes one column) */
    for (size_t c = 1; fit == 0 && c <= 2; c++)
        fit = td_report__prefix_within(s, c);
    *len = fit;
    *next = fit + strspn(s + fit, " ");
}

/* The widest word (between spaces) of s, in columns. */
static size_t widest_word(const char *s)
{
    size_t best = 0;
    while (*s != '\0') {
        size_t n = strcspn(s, " ");
        size_t w = td_report__text_width_n(s, n);
        if (w > best)
            best = w;
        s += n + strspn(s + n, " ");
    }
    return best;
}

/* The width the columns `which` (n of them, two spaces apart) take. */
static size_t span(const size_t *w, const size_t *which, size_t n)
{
    size_t sum = n > 0 ? 2 * (n - 1) : 0;
    for (size_t i = 0; i < n; i++)
        sum += w[which[i]];
    return sum;
}

/* The width the columns `which` take when none of those `only` selects
 * (all when NULL) is wider than `level` nor narrower than its least width. */
static size_t span_at(const size_t *w, const size_t *least, const size_t *which, size_t n, size_t level,
                      const bool *only)
{
    size_t sum = n > 0 ? 2 * (n - 1) : 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = which[i], x = w[c] < level ? w[c] : level;
        sum += only != NULL && !only[c] ? w[c] : x > least[c] ? x : least[c];
    }
    return sum;
}

/* Narrows the columns `which` (n) that `only` selects (all when NULL), the
 * widest first and none below its least width, until they all take at most
 * `room` columns (or those are at their least): the widest level that fits,
 * found by bisection, then the columns cut to it given back the columns
 * that are left, left to right. */
static void narrow_some(size_t *w, const size_t *least, const size_t *which, size_t n, size_t room, const bool *only)
{
    if (span(w, which, n) <= room)
        return;
    size_t lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++)
        if (w[which[i]] > hi)
            hi = w[which[i]];
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (span_at(w, least, which, n, mid, only) <= room)
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t have = span_at(w, least, which, n, lo, only);
    for (size_t i = 0; i < n; i++) {
        size_t c = which[i], x = w[c] < lo ? w[c] : lo;
        if (only != NULL && !only[c])
            continue;
        bool cut = w[c] > lo;
        w[c] = x > least[c] ? x : least[c];
        if (cut && w[c] == lo && have < room) { /* one more column where one is left */
            w[c]++;
            have++;
        }
    }
}

/* Narrows the number columns first (their headers wrap), then all. */
static void narrow(size_t *w, const size_t *least, const size_t *which, size_t n, size_t room, const bool *right)
{
    narrow_some(w, least, which, n, room, right);
    narrow_some(w, least, which, n, room, NULL);
}

/* One block: the columns `which` (n) at widths w, every row wrapped in them. */
static void render_block(const layout *lay, const size_t *w, const size_t *which, size_t n, const char **at,
                         td_buf *out)
{
    const grid *g = lay->g;
    for (size_t r = 0; r < g->rows; r++) {
        for (size_t k = 0; k < n; k++)
            at[k] = shown(lay, r * g->cols + which[k]);
        bool more = true;
        while (more) {
            more = false;
            size_t pending = 0;
            for (size_t k = 0; k < n; k++) {
                size_t c = which[k], len, next;
                td_report__wrap_piece(at[k], w[c], &len, &next);
                size_t shown_w = td_report__text_width_n(at[k], len);
                size_t pad = w[c] > shown_w ? w[c] - shown_w : 0;
                if (k > 0)
                    pending += 2;
                if (g->right[c])
                    pending += pad;
                size_t shown_len = len;
                while (shown_len > 0 && at[k][shown_len - 1] == ' ')
                    shown_len--;
                if (shown_len > 0) {
                    td_buf_spaces(out, pending);
                    td_buf_append_n(out, at[k], shown_len);
                    pending = len - shown_len; /* as in td_report__grid_render_text() */
                }
                if (!g->right[c])
                    pending += pad;
                at[k] += next;
                more = more || at[k][0] != '\0';
            }
            td_buf_append_char(out, '\n');
        }
        if (r == 0)
            for (size_t k = 0; k < n; k++) {
                if (k > 0)
                    td_buf_append(out, "  ");
                for (size_t i = 0; i < w[which[k]]; i++)
                    td_buf_append(out, "\xe2\x94\x80"); /* U+2500 box drawing horizontal */
                if (k + 1 == n)
                    td_buf_append_char(out, '\n');
            }
    }
}

void td_report__grid_render_fit(const grid *g, td_buf *out, size_t width, size_t keep)
{
    if (width == 0) {
        td_report__grid_render_text(g, out, 0);
        return;
    }
    layout lay;
    if (g->failed || !prepare(g, false, &lay)) {
        out->failed = true;
        return;
    }
    size_t cols = g->cols, *w = NULL, *least = NULL, *data = NULL, *which = NULL;
    const char **at = NULL;
    if (keep > cols)
        keep = cols;
    bool ok = cols > 0 && (w = malloc(cols * sizeof *w)) != NULL && (least = malloc(cols * sizeof *least)) != NULL &&
              (data = calloc(cols, sizeof *data)) != NULL && (which = calloc(cols, sizeof *which)) != NULL &&
              (at = malloc(cols * sizeof *at)) != NULL;
    if (!ok) {
        if (cols > 0)
            out->failed = true;
        goto done;
    }
    /* the least width of each column: text wraps down to 8 columns (less
     * when it is narrower); a number column keeps its numbers and its
     * header's longest word */
    for (size_t i = g->cols; i < g->rows * g->cols; i++)
        if (lay.width[i] > data[i % cols])
            data[i % cols] = lay.width[i];
    for (size_t c = 0; c < cols; c++) {
        w[c] = lay.col[c];
        which[c] = c;
        if (g->right[c]) {
            size_t head = g->rows > 0 ? widest_word(shown(&lay, c)) : 0;
            least[c] = data[c] > head ? data[c] : head;
        } else {
            least[c] = w[c] < 8 ? w[c] : 8;
        }
    }
    if (span(w, which, cols) <= width) { /* it fits: the usual table */
        td_report__grid_render_text(g, out, 0);
        goto done;
    }
    if (span(least, which, cols) <= width) { /* one block, its cells wrapped */
        narrow(w, least, which, cols, width, g->right);
        render_block(&lay, w, which, cols, at, out);
        goto done;
    }
    /* blocks: the first `keep` columns in at most half the width, in each
     * block, then as many of the others as fit at their least widths, and
     * those narrowed to fill the width */
    narrow(w, least, which, keep, width / 2, g->right);
    size_t keys = span(w, which, keep), gap = keep > 0 ? 2 : 0;
    size_t room = width > keys + gap ? width - keys - gap : 1;
    for (size_t c = keep; c < cols; c++) {
        /* a column alone beside the keys fits, but for numbers wider than that */
        size_t cap = g->right[c] && data[c] > room ? data[c] : room;
        if (w[c] > cap)
            w[c] = cap;
        if (least[c] > w[c])
            least[c] = w[c];
    }
    for (size_t from = keep; from < cols;) {
        size_t n = keep, used = keys;
        while (from < cols && (n == keep || used + 2 + least[from] <= width)) {
            used += (n > 0 ? 2 : 0) + least[from];
            which[n++] = from++;
        }
        narrow(w, least, which + keep, n - keep, room, g->right);
        render_block(&lay, w, which, n, at, out);
        if (from < cols)
            td_buf_append_char(out, '\n');
    }
done:
    release(&lay);
    free(w);
    free(least);
    free(data);
    free(which);
    free(at);
}
