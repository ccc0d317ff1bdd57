/*
 * CSV in the long layout `unit,measure,target,actual`, or (rulebook 1.1) a
 * member table (an `id` column and a column per measure) or a history
 * table (`unit,period,id`), as spreadsheet
 * programs save it: UTF-8 with or without a BOM (removed before this file
 * sees the text), ',' or ';' between fields (whichever the header uses),
 * fields in double quotes with "" inside, LF, CRLF or CR line ends, and
 * optionally decimal commas ("3.563,5").
 */
#include <stdio.h>
#include <string.h>

#include "table.h"

typedef struct cell {
    size_t at;     /* start in the record buffer */
    size_t len;
    size_t offset; /* where the field starts in the source */
} cell;

typedef struct csv {
    td_src *src;
    const char *s;
    size_t len, i;
    char delim;
    const char *file;
    td_error *err;
    const td_allocator *a;
    td_buf text;  /* the current record's fields, NUL-separated */
    cell *cells;
    size_t count, cap;
    /* The long layout's repeated strings, kept once: the last row's unit
     * (rows are most often grouped by unit), and each measure, up to
     * CSV_MEASURES of them, by their text (the value: the kept copy). */
    const char *last_unit;
    size_t last_unit_len;
    td_map measures;
} csv;

enum { CSV_MEASURES = 4096 };

static td_status fail_at(csv *c, size_t off, td_status code, const char *fmt, ...) TD_PRINTF(4, 5);

static td_status fail_at(csv *c, size_t off, td_status code, const char *fmt, ...)
{
    unsigned line, column;
    td_src_pos(c->src, off, &line, &column);
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(c->err, code, c->file, line, column, fmt, ap);
    va_end(ap);
    return code;
}

static td_status fail_pos(csv *c, const td_dpos *pos, td_status code, const char *fmt, ...) TD_PRINTF(4, 5);

/* As fail_at(), at a position already known (no walk through the text). */
static td_status fail_pos(csv *c, const td_dpos *pos, td_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(c->err, code, pos->file, pos->line, pos->column, fmt, ap);
    va_end(ap);
    return code;
}

/* The delimiter the header line uses most, outside quotes (',' by default). */
static char detect_delimiter(const char *s, size_t len)
{
    size_t commas = 0, semis = 0;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
            break;
        else if (!quoted && s[i] == ',')
            commas++;
        else if (!quoted && s[i] == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

static td_status push_cell(csv *c, size_t at, size_t offset)
{
    if (td_buf_failed(&c->text))
        return td_error_nomem(c->err);
    void *items = c->cells;
    td_status rc = td_reserve(c->a, &items, &c->cap, c->count + 1, sizeof(cell), c->err);
    if (rc != TD_OK)
        return rc;
    c->cells = items;
    c->cells[c->count++] = (cell){at, c->text.len - at, offset};
    td_buf_append_n(&c->text, "\x1F", 1); /* a separator that no valid field needs */
    return td_buf_failed(&c->text) ? td_error_nomem(c->err) : TD_OK;
}

/* Reads one record into c->cells; *more is false at the end of the text. */
static td_status read_record(csv *c, bool *more)
{
    td_buf_reset(&c->text);
    c->count = 0;
    for (;;) {
        size_t start = c->i, at = c->text.len;
        if (c->i < c->len && c->s[c->i] == '"') {
            c->i++;
            for (;;) {
                if (c->i >= c->len)
                    return fail_at(c, start, TD_EPARSE, "a quoted field is not closed");
                size_t run = c->i;
                while (run < c->len && c->s[run] != '"')
                    run++;
                td_buf_append_n(&c->text, c->s + c->i, run - c->i);
                c->i = run;
                if (c->i + 1 < c->len && c->s[c->i + 1] == '"') {
                    td_buf_append_n(&c->text, "\"", 1);
                    c->i += 2;
                } else if (c->i < c->len) {
                    c->i++;
                    break;
                }
            }
            while (c->i < c->len && (c->s[c->i] == ' ' || c->s[c->i] == '\t'))
                c->i++;
            if (c->i < c->len && c->s[c->i] != c->delim && c->s[c->i] != '\n' && c->s[c->i] != '\r')
                return fail_at(c, c->i, TD_EPARSE,
                               "unexpected text after the closing quote of a field (expected '%c' "
                               "or the end of the line)",
                               c->delim);
        } else {
            size_t run = c->i;
            while (run < c->len && c->s[run] != c->delim && c->s[run] != '\n' && c->s[run] != '\r') {
                if (c->s[run] == '"')
                    return fail_at(c, run, TD_EPARSE,
                                   "a quote inside an unquoted field; put the whole field in quotes "
                                   "and double the quote inside");
                run++;
            }
            td_buf_append_n(&c->text, c->s + c->i, run - c->i);
            c->i = run;
        }
        td_status rc = push_cell(c, at, start);
        if (rc != TD_OK)
            return rc;
        if (c->i < c->len && c->s[c->i] == c->delim) {
            c->i++;
            continue;
        }
        if (c->i < c->len && c->s[c->i] == '\r')
            c->i++;
        if (c->i < c->len && c->s[c->i] == '\n')
            c->i++;
        *more = c->i < c->len;
        return TD_OK;
    }
}

/* Cell k's text, trimmed of spaces and tabs, NUL-terminated in place. */
static const char *cell_text(csv *c, size_t k, size_t *len)
{
    char *t = c->text.data + c->cells[k].at;
    size_t n = c->cells[k].len;
    t[n] = '\0';
    /* a second call sees the NULs the first one wrote */
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\0'))
        t[--n] = '\0';
    while (*t == ' ' || *t == '\t')
        t++, n--;
    *len = n;
    return t;
}

static bool blank_record(csv *c)
{
    for (size_t k = 0; k < c->count; k++) {
        size_t n;
        cell_text(c, k, &n);
        if (n > 0)
            return false;
    }
    return true;
}

enum { COL_UNIT, COL_MEASURE, COL_TARGET, COL_ACTUAL, COL_COUNT };
static const char *const columns[] = {"unit", "measure", "target", "actual", NULL};

static td_status read_header(csv *c, int *map, size_t *ncols)
{
    int seen[COL_COUNT] = {-1, -1, -1, -1};
    for (size_t k = 0; k < c->count; k++) {
        size_t n;
        const char *t = cell_text(c, k, &n);
        char lower[32];
        size_t j = 0;
        for (; j < n && j + 1 < sizeof lower; j++)
            lower[j] = (char)(t[j] >= 'A' && t[j] <= 'Z' ? t[j] - 'A' + 'a' : t[j]);
        lower[j] = '\0';
        int col = -1;
        for (int i = 0; i < COL_COUNT && j == n; i++)
            if (strcmp(lower, columns[i]) == 0)
                col = i;
        if (col < 0) {
            char q[64], hint[96];
            td_quote(q, sizeof q, t);
            td_did_you_mean(hint, sizeof hint, lower, columns, COL_COUNT);
            return fail_at(c, c->cells[k].offset, TD_EPARSE,
                           "unknown column %s in the CSV header%s; the long layout is "
                           "unit%cmeasure%ctarget%cactual",
                           q, hint, c->delim, c->delim, c->delim);
        }
        if (seen[col] >= 0)
            return fail_at(c, c->cells[k].offset, TD_EPARSE, "the column '%s' appears twice in the header",
                           columns[col]);
        seen[col] = (int)k;
        map[k] = col;
    }
    for (int i = 0; i < 2; i++)
        if (seen[i] < 0)
            return fail_at(c, 0, TD_EPARSE,
                           "the CSV header lacks the column '%s'; expected unit%cmeasure%ctarget%cactual",
                           columns[i], c->delim, c->delim, c->delim);
    if (seen[COL_TARGET] < 0 && seen[COL_ACTUAL] < 0)
        return fail_at(c, 0, TD_EPARSE, "the CSV header needs a 'target' or an 'actual' column");
    *ncols = c->count;
    return TD_OK;
}

static td_status read_row(csv *c, td_arena *arena, const int *map, size_t ncols, bool decimal_comma,
                          td_dparts *p)
{
    if (c->count != ncols)
        return fail_at(c, c->cells[0].offset, TD_EPARSE, "this row has %zu fields, the header has %zu",
                       c->count, ncols);
    td_dval_in rec;
    memset(&rec, 0, sizeof rec);
    const char *text[COL_COUNT] = {NULL, NULL, NULL, NULL};
    size_t len[COL_COUNT] = {0};
    /* Positions in the order of the cells: td_src only moves forward cheaply,
     * and a header such as measure,unit,actual,target would otherwise send
     * it back to the top of the file for every row. */
    td_dpos pos[COL_COUNT] = {{c->file, 0, 0}, {c->file, 0, 0}, {c->file, 0, 0}, {c->file, 0, 0}};
    for (size_t k = 0; k < ncols; k++) {
        text[map[k]] = cell_text(c, k, &len[map[k]]);
        unsigned line, column;
        td_src_pos(c->src, c->cells[k].offset, &line, &column);
        pos[map[k]] = (td_dpos){c->file, line, column};
    }
    for (int i = 0; i < 2; i++)
        if (len[i] == 0)
            return fail_pos(c, &pos[i], TD_EPARSE, "the %s is empty", columns[i]);
    uint32_t cp;
    const char *why;
    char q[64];
    td_status rc = TD_OK;
    if (c->last_unit != NULL && len[COL_UNIT] == c->last_unit_len &&
        memcmp(text[COL_UNIT], c->last_unit, c->last_unit_len) == 0) {
        rec.unit = c->last_unit; /* checked when first read, and these bytes are their own NFC */
    } else {
        size_t bad = td_name_refused_at(text[COL_UNIT], len[COL_UNIT], &cp);
        if (bad < len[COL_UNIT]) {
            td_quote(q, sizeof q, text[COL_UNIT]);
            return fail_pos(c, &pos[COL_UNIT], TD_EPARSE,
                            "the unit %s contains U+%04X, a control character (byte %zu)", q,
                            (unsigned)cp, bad + 1);
        }
        if ((rc = td_nfc(arena, text[COL_UNIT], len[COL_UNIT], &rec.unit, c->err)) != TD_OK)
            return rc;
        bool same = strlen(rec.unit) == len[COL_UNIT] && memcmp(rec.unit, text[COL_UNIT], len[COL_UNIT]) == 0;
        c->last_unit = same ? rec.unit : NULL;
        c->last_unit_len = len[COL_UNIT];
    }
    size_t kept;
    if (td_map_get(&c->measures, text[COL_MEASURE], len[COL_MEASURE], &kept)) {
        rec.key = (const char *)(uintptr_t)kept; /* checked when first read */
    } else {
        size_t bad = td_id_refused_at(text[COL_MEASURE], len[COL_MEASURE], &cp, &why);
        if (bad < len[COL_MEASURE]) {
            td_quote(q, sizeof q, text[COL_MEASURE]);
            return fail_pos(c, &pos[COL_MEASURE], TD_EPARSE, "the measure %s contains U+%04X, %s (byte %zu); %s",
                            q, (unsigned)cp, why, bad + 1, TD_ID_RULE);
        }
        char *key = td_arena_strndup(arena, text[COL_MEASURE], len[COL_MEASURE]);
        if (key == NULL)
            return td_error_nomem(c->err);
        rec.key = key;
        /* keeping fewer measures only costs memory: a failure is no error */
        td_error ignored;
        if (c->measures.count < CSV_MEASURES)
            (void)td_map_put(&c->measures, key, len[COL_MEASURE], (size_t)(uintptr_t)key, &ignored);
    }
    rec.unit_pos = pos[COL_UNIT];
    rec.key_pos = pos[COL_MEASURE];
    size_t given = 0;
    for (int col = COL_TARGET; col <= COL_ACTUAL && rc == TD_OK; col++) {
        if (text[col] == NULL || len[col] == 0)
            continue; /* a blank cell: not given */
        given++;
        td_error local;
        if (text[col][len[col] - 1] == '%')
            return fail_pos(c, &pos[col], TD_EPARSE,
                            "%s of unit '%s' for '%s': a percentage is not accepted in data; write the "
                            "number itself (4.2 for 4.2 %%)",
                            columns[col], rec.unit, rec.key);
        if ((rc = td_parse_number_text(text[col], len[col], decimal_comma, &rec.value, &local)) != TD_OK)
            return fail_pos(c, &pos[col], rc, "%s of unit '%s' for '%s': %s", columns[col], rec.unit,
                            rec.key, local.message);
        if (td_decimal_sign(rec.value) < 0)
            return fail_pos(c, &pos[col], TD_ERANGE,
                            "%s of unit '%s' for '%s' must not be negative, found %s",
                            columns[col], rec.unit, rec.key, text[col]);
        rec.kind = col == COL_TARGET ? TD_DV_TARGET : TD_DV_ACTUAL;
        rec.pos = pos[col];
        rec.decimals = td_written_decimals(text[col], len[col], decimal_comma);
        rc = td_dparts_val(p, c->a, &rec, c->err);
    }
    if (rc == TD_OK && given == 0) { /* nothing given, but the unit and measure are checked */
        rec.kind = TD_DV_TARGET;
        rec.blank = true;
        rec.pos = rec.key_pos;
        rc = td_dparts_val(p, c->a, &rec, c->err);
    }
    return rc;
}

/* ---- member tables and history tables (rulebook 1.1 section 8, table.c) ---- */

static const char *row_text(void *ctx, size_t k, size_t *len)
{
    return cell_text(ctx, k, len);
}

/* Positions are asked for in the order of the cells: td_src only moves
 * forward cheaply. */
static void row_pos(void *ctx, size_t k, td_dpos *out)
{
    csv *c = ctx;
    *out = (td_dpos){c->file, 0, 0};
    td_src_pos(c->src, c->cells[k].offset, &out->line, &out->column);
}

static td_trow row_of(csv *c)
{
    return (td_trow){c->count, row_text, row_pos, c};
}

static td_status check_width(csv *c, size_t ncols)
{
    if (c->count != ncols)
        return fail_at(c, c->cells[0].offset, TD_EPARSE, "this row has %zu fields, the header has %zu",
                       c->count, ncols);
    return TD_OK;
}

td_status td_csv_read(td_src *src, td_arena *arena, const char *file, bool decimal_comma, size_t max_rows,
                      const td_allocator *a, td_dparts *p, td_error *err)
{
    size_t rows = 0;
    csv c;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.s = src->text;
    c.len = src->len;
    c.file = file;
    c.err = err;
    c.a = a;
    c.delim = detect_delimiter(c.s, c.len);
    td_buf_init(&c.text, a);
    td_map_init(&c.measures, a);
    int *map = NULL;
    size_t ncols = 0, first_column = p->column_count;
    bool more = c.len > 0, header = false, table = false, history = false, scores = false, events = false;
    td_status rc = TD_OK;
    while (rc == TD_OK && more) {
        if ((rc = read_record(&c, &more)) != TD_OK || blank_record(&c))
            continue;
        if (!header) {
            header = true;
            if ((map = td_alloc(a, (c.count + 3) * sizeof *map)) == NULL) {
                rc = td_error_nomem(err);
                break;
            }
            td_trow row = row_of(&c);
            history = td_table_is_history(&row, map);
            scores = !history && td_table_is_scores(&row, map);
            events = !history && !scores && td_table_is_events(&row, map);
            table = !history && !scores && !events && td_table_is_member(&row);
            ncols = c.count;
            if (history || scores || events) {
                /* map says which column is which */
            } else if (table) {
                ncols = c.count;
                rc = td_table_header(&row, arena, map, a, p, err);
            } else if (c.count > 64) {
                rc = fail_at(&c, c.cells[0].offset, TD_EPARSE, "the CSV header has %zu columns; expected "
                             "unit%cmeasure%ctarget%cactual, or a member table with an 'id' column", c.count,
                             c.delim, c.delim, c.delim);
            } else {
                rc = read_header(&c, map, &ncols);
            }
        } else if (++rows > max_rows) {
            rc = fail_at(&c, c.cells[0].offset, TD_ELIMIT, "the CSV document has more than %zu rows (the limit of "
                         "rows of one document, --limit rows)", max_rows);
        } else if (history) {
            td_trow row = row_of(&c);
            if ((rc = check_width(&c, 3)) == TD_OK)
                rc = td_history_row(&row, arena, map, a, p, err);
        } else if (scores || events) {
            td_trow row = row_of(&c);
            if ((rc = check_width(&c, ncols)) == TD_OK)
                rc = scores ? td_scores_row(&row, arena, map, decimal_comma, a, p, err)
                            : td_events_row(&row, arena, map, a, p, err);
        } else if (table) {
            td_trow row = row_of(&c);
            if ((rc = check_width(&c, ncols)) == TD_OK)
                rc = td_table_row(&row, arena, map, first_column, decimal_comma, a, p, err);
        } else {
            rc = read_row(&c, arena, map, ncols, decimal_comma, p);
        }
    }
    if (rc == TD_OK && !header)
        rc = td_error_set_at(err, TD_EPARSE, file, 1, 1,
                             "the CSV file is empty: expected the header unit,measure,target,actual "
                             "or a member table's (id, then a column per measure)");
    td_dealloc(a, map);
    td_buf_free(&c.text);
    td_map_free(&c.measures);
    td_dealloc(a, c.cells);
    return rc;
}
