/*
 * Internal: a table of text cells for the table and Markdown reports. Row 0
 * is the header. Cells are copied, normalised to NFC and cleaned of control
 * characters. An allocation failure sets `failed`; rendering a failed grid
 * fails the output buffer.
 */
#ifndef THIDUA_REPORT_GRID_H
#define THIDUA_REPORT_GRID_H

#include "report_internal.h"

typedef struct grid {
    size_t cols, rows, cap_rows;
    char **cells; /* rows x cols, NULL for an empty cell */
    bool *right;  /* per column: right-aligned */
    bool failed;
} grid;

void td_report__grid_init(grid *g, size_t cols);
void td_report__grid_free(grid *g);
void td_report__grid_align_right(grid *g, size_t col);
/* Appends an empty row and returns its index. */
size_t td_report__grid_add_row(grid *g);
void td_report__grid_set(grid *g, size_t row, size_t col, const char *text);
void td_report__grid_setf(grid *g, size_t row, size_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* d with at least `places` decimals, as `lang` writes numbers (td_report__dec_places()). */
void td_report__grid_set_dec(grid *g, size_t row, size_t col, td_lang lang, td_decimal d, int places);

/* Aligned columns two spaces apart, a rule under the header, no trailing
 * spaces: a cell's own trailing spaces take room in its column (a number
 * beside one with a mark after it, "150,00 *") but are written only
 * before more text. */
void td_report__grid_render_text(const grid *g, td_buf *out, size_t indent);
/*
 * As td_report__grid_render_text() (indent 0), in lines of at most `width`
 * terminal columns (0: no limit, the same bytes as td_report__grid_render_text()).
 * A grid that is wider first wraps its cells: text (left-aligned) columns at
 * spaces or after '-', '_' and '/' (a longer word is cut), the headers of
 * number (right-aligned) columns at their spaces; numbers never. When the
 * columns cannot be narrowed enough, the columns after the first `keep` go
 * into blocks one below the other, each block repeating the first `keep`
 * columns, a blank line between blocks. Widths under 40 are not promised.
 */
void td_report__grid_render_fit(const grid *g, td_buf *out, size_t width, size_t keep);
/*
 * Where the next line of `s` ends when it may take `cols` columns: *len
 * bytes to show, *next the bytes used (spaces at a break are dropped).
 * Breaks at the last space, or after the last '-', '_' or '/', within the
 * width, never inside the leading spaces; a word wider than `cols` is cut
 * (at least one character is always taken).
 */
void td_report__wrap_piece(const char *s, size_t cols, size_t *len, size_t *next);
/* A GitHub-flavoured Markdown table, padded so that the source lines up too. */
void td_report__grid_render_md(const grid *g, td_buf *out);
/* Markdown-escaped, NFC-normalised text (for headings and lists). */
void td_report__md_text(td_buf *out, const char *s);

#endif
