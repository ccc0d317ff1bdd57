/*
 * Internal: the tables of rulebook 1.1 section 8 (member tables and
 * history tables) read row by row from any source: a CSV file (csv.c) or a
 * sheet of an xlsx workbook (xlsx.c). The source gives each row's cells as
 * trimmed text and their places; these functions judge headers, read the
 * cells and add the records. Not installed.
 */
#ifndef THIDUA_LIB_LOAD_TABLE_H
#define THIDUA_LIB_LOAD_TABLE_H

#include "dataset.h"

/* A row of cells: cell k's text (trimmed of spaces and tabs, NUL-terminated;
 * "" when empty) and its place. */
typedef struct td_trow {
    size_t count;
    const char *(*text)(void *ctx, size_t k, size_t *len);
    void (*pos)(void *ctx, size_t k, td_dpos *out);
    void *ctx;
} td_trow;

/* What a member table's column holds: these, or a value column (>= 0, the
 * index of its td_dcolumn among the table's). */
enum { TD_MT_ID = -1, TD_MT_NAME = -2, TD_MT_UNIT = -3 };

/* strncmp ignoring ASCII case (the C library's depends on the locale). */
int td_ascii_casecmp_n(const char *a, const char *b, size_t n);

/* true when the header is unit, period and id in any order (ASCII case
 * ignored); map[k] (room for 3) says which column is which. */
bool td_table_is_history(const td_trow *r, int *map);
/* true when the header has an `id` column and no `measure` column. */
bool td_table_is_member(const td_trow *r);

/* Reads a member table's header into p's columns; map[k] (room for
 * r->count) receives what column k holds. */
td_status td_table_header(const td_trow *r, td_arena *arena, int *map, const td_allocator *a, td_dparts *p,
                          td_error *err);
/* Reads a member table's row: its id, `unit` and value cells (a cell that
 * is no number keeps why in td_dval::raw). first_column: the index in p of
 * the table's first column. */
td_status td_table_row(const td_trow *r, td_arena *arena, const int *map, size_t first_column,
                       bool decimal_comma, const td_allocator *a, td_dparts *p, td_error *err);
/* Reads a history table's row (unit, period, id by map). */
td_status td_history_row(const td_trow *r, td_arena *arena, const int *map, const td_allocator *a,
                         td_dparts *p, td_error *err);

/* Council scores (unit, criterion, then any of self, cross, final) and
 * events (unit, item, and optionally count): true when every header cell
 * is one of these, each once, with the required ones; map[k] (room for
 * r->count) says which. */
bool td_table_is_scores(const td_trow *r, int *map);
/* A workbook's cluster sheet (td_dsheet): a header of exactly "item" and
 * "value" (ASCII case ignored) or "Mục" and "Giá trị". */
bool td_table_is_cluster_sheet(const td_trow *r);
/* Reads a cluster sheet's row: an item (its key, or a label ending in the
 * key in brackets: "Mã cụm [id]") and its value, into p->sheet (an empty
 * value is not given). */
td_status td_cluster_sheet_row(const td_trow *r, td_arena *arena, td_dparts *p, td_error *err);
bool td_table_is_events(const td_trow *r, int *map);
/* Reads a scores row: each points cell given (a number >= 0) is a value of
 * its source; a row with none still names its unit and criterion. */
td_status td_scores_row(const td_trow *r, td_arena *arena, const int *map, bool decimal_comma,
                        const td_allocator *a, td_dparts *p, td_error *err);
/* Reads an events row: unit, item, count (empty: 1; else a whole number >= 1). */
td_status td_events_row(const td_trow *r, td_arena *arena, const int *map, const td_allocator *a, td_dparts *p,
                        td_error *err);

#endif
