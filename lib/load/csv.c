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

#include "dataset.h"

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
} csv;

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
    td_dval rec;
    memset(&rec, 0, sizeof rec);
    const char *text[COL_COUNT] = {NULL, NULL, NULL, NULL};
    size_t len[COL_COUNT] = {0};
    /* Positions in the order of the cells: td_src only moves forward cheaply,
     * and a header such as measure,unit,actual,target would otherwise send
     * it back to the top of the file for every row. */
    td_dpos pos[COL_COUNT];
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
    size_t bad = td_name_refused_at(text[COL_UNIT], len[COL_UNIT], &cp);
    if (bad < len[COL_UNIT]) {
        td_quote(q, sizeof q, text[COL_UNIT]);
        return fail_pos(c, &pos[COL_UNIT], TD_EPARSE,
                        "the unit %s contains U+%04X, a control character (byte %zu)", q,
                        (unsigned)cp, bad + 1);
    }
    bad = td_id_refused_at(text[COL_MEASURE], len[COL_MEASURE], &cp, &why);
    if (bad < len[COL_MEASURE]) {
        td_quote(q, sizeof q, text[COL_MEASURE]);
        return fail_pos(c, &pos[COL_MEASURE], TD_EPARSE, "the measure %s contains U+%04X, %s (byte %zu); %s",
                        q, (unsigned)cp, why, bad + 1, TD_ID_RULE);
    }
    td_status rc = td_nfc(arena, text[COL_UNIT], len[COL_UNIT], &rec.unit, c->err);
    if (rc == TD_OK)
        rec.key = td_arena_strdup(arena, text[COL_MEASURE]);
    if (rc == TD_OK && rec.key == NULL)
        rc = td_error_nomem(c->err);
    if (rc != TD_OK)
        return rc;
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

/* ---- member tables (rulebook 1.1 section 8) ---- */

/* strncmp ignoring ASCII case (the C library's depends on the locale). */
static int ascii_casecmp_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        x += x >= 'A' && x <= 'Z' ? 'a' - 'A' : 0;
        y += y >= 'A' && y <= 'Z' ? 'a' - 'A' : 0;
        if (x != y || x == 0)
            return x - y;
    }
    return 0;
}

/* What a member table's column holds: these, or a value column (>= 0, the
 * index of its td_dcolumn in the document). */
enum { MT_ID = -1, MT_NAME = -2, MT_UNIT = -3 };

/* true when the header has an `id` column and no `measure` column. */
static bool member_table(csv *c)
{
    bool id = false;
    for (size_t k = 0; k < c->count; k++) {
        size_t n;
        const char *t = cell_text(c, k, &n);
        if (n == 2 && (t[0] | 0x20) == 'i' && (t[1] | 0x20) == 'd')
            id = true;
        if (n == 7 && ascii_casecmp_n(t, "measure", 7) == 0)
            return false;
    }
    return id;
}

static td_status table_header(csv *c, td_arena *arena, int *map, td_dparts *p)
{
    static const char *const reserved[] = {"id", "name", "unit"};
    td_status rc = TD_OK;
    size_t first = p->column_count;
    bool once[3] = {false, false, false};
    td_map seen;
    td_map_init(&seen, c->a);
    for (size_t k = 0; k < c->count && rc == TD_OK; k++) {
        size_t n;
        const char *t = cell_text(c, k, &n);
        unsigned line, column;
        td_src_pos(c->src, c->cells[k].offset, &line, &column);
        map[k] = 0;
        for (int r = 0; r < 3; r++)
            if (strlen(reserved[r]) == n && ascii_casecmp_n(t, reserved[r], n) == 0)
                map[k] = -1 - r;
        td_dcolumn col = {NULL, NULL, TD_DV_ACTUAL, false, {c->file, line, column}};
        if ((rc = td_nfc(arena, t, n, &col.header, c->err)) != TD_OK)
            break;
        size_t prev;
        if (n > 0 && td_map_get_str(&seen, col.header, &prev)) {
            rc = fail_at(c, c->cells[k].offset, TD_EPARSE, "the column '%s' appears twice in the header", col.header);
            break;
        }
        if (n > 0 && (rc = td_map_put(&seen, col.header, strlen(col.header), k, c->err)) != TD_OK)
            break;
        if (map[k] < 0 && once[-1 - map[k]]) {
            rc = fail_at(c, c->cells[k].offset, TD_EPARSE, "the column '%s' appears twice in the header",
                         reserved[-1 - map[k]]);
            break;
        }
        if (map[k] < 0) {
            once[-1 - map[k]] = true;
            continue;
        }
        col.key = col.header;
        if (n > 7 && ascii_casecmp_n(col.header, "target:", 7) == 0) {
            col.kind = TD_DV_TARGET;
            col.key = col.header + 7;
            while (*col.key == ' ')
                col.key++;
        }
        uint32_t cp;
        const char *why;
        size_t len = strlen(col.key);
        col.is_id = len > 0 && td_id_refused_at(col.key, len, &cp, &why) == len;
        map[k] = (int)(p->column_count - first);
        rc = td_dparts_column(p, c->a, &col, c->err);
    }
    td_map_free(&seen);
    return rc;
}

static td_status table_row(csv *c, td_arena *arena, const int *map, size_t ncols, size_t first_column,
                           bool decimal_comma, td_dparts *p)
{
    if (c->count != ncols)
        return fail_at(c, c->cells[0].offset, TD_EPARSE, "this row has %zu fields, the header has %zu",
                       c->count, ncols);
    /* the id first: every value of the row names it */
    const char *unit = NULL;
    td_dpos unit_pos = {c->file, 0, 0};
    td_status rc = TD_OK;
    for (size_t k = 0; k < ncols && unit == NULL; k++) {
        if (map[k] != MT_ID)
            continue;
        size_t n;
        const char *t = cell_text(c, k, &n);
        td_src_pos(c->src, c->cells[k].offset, &unit_pos.line, &unit_pos.column);
        if (n == 0)
            return fail_pos(c, &unit_pos, TD_EPARSE, "the id is empty: every row of a member table names its member");
        uint32_t cp;
        size_t bad = td_name_refused_at(t, n, &cp);
        if (bad < n) {
            char q[64];
            td_quote(q, sizeof q, t);
            return fail_pos(c, &unit_pos, TD_EPARSE, "the id %s contains U+%04X, a control character (byte %zu)", q,
                            (unsigned)cp, bad + 1);
        }
        if ((rc = td_nfc(arena, t, n, &unit, c->err)) != TD_OK)
            return rc;
    }
    /* the row itself: its id is checked against the cluster even when it gives no value */
    td_dgroup row = {unit, NULL, unit_pos, unit_pos};
    for (size_t k = 0; k < ncols && rc == TD_OK; k++) {
        if (map[k] == MT_ID || map[k] == MT_NAME)
            continue;
        size_t n;
        const char *t = cell_text(c, k, &n);
        if (n == 0)
            continue; /* an empty cell: no value */
        td_dpos pos = {c->file, 0, 0};
        td_src_pos(c->src, c->cells[k].offset, &pos.line, &pos.column);
        if (map[k] == MT_UNIT) {
            row.pos = pos;
            rc = td_nfc(arena, t, n, &row.group, c->err);
            continue;
        }
        const td_dcolumn *col = &p->columns[first_column + (size_t)map[k]];
        td_dval rec;
        memset(&rec, 0, sizeof rec);
        rec.kind = col->kind;
        rec.unit = unit;
        rec.key = col->key;
        rec.unit_pos = unit_pos;
        rec.key_pos = col->pos;
        rec.pos = pos;
        rec.column = first_column + (size_t)map[k] + 1;
        td_error local;
        /* a number, else why not: an error only if the rulebook reads the column */
        char why[TD_ERROR_MESSAGE_SIZE];
        why[0] = '\0';
        if (t[n - 1] == '%') {
            rec.raw_status = TD_EPARSE;
            snprintf(why, sizeof why, "a percentage is not accepted in data; write the number itself (4.2 for 4.2 %%)");
        } else if ((rec.raw_status = td_parse_number_text(t, n, decimal_comma, &rec.value, &local)) != TD_OK) {
            snprintf(why, sizeof why, "%s", local.message);
        } else if (td_decimal_sign(rec.value) < 0) {
            rec.raw_status = TD_ERANGE;
            snprintf(why, sizeof why, "must not be negative, found %.*s", (int)(n < 64 ? n : 64), t);
        } else {
            rec.decimals = td_written_decimals(t, n, decimal_comma);
        }
        if (why[0] != '\0' && (rec.raw = td_arena_strdup(arena, why)) == NULL)
            return td_error_nomem(c->err);
        rc = td_dparts_val(p, c->a, &rec, c->err);
    }
    if (rc == TD_OK)
        rc = td_dparts_group(p, c->a, &row, c->err);
    return rc;
}

/* ---- history tables (rulebook 1.1 section 8): unit,period,id ---- */

enum { HT_UNIT, HT_PERIOD, HT_ID };
static const char *const history_columns[] = {"unit", "period", "id"};

/* true when the header is unit, period and id in any order; map[k] says which. */
static bool history_table(csv *c, int *map)
{
    if (c->count != 3)
        return false;
    bool seen[3] = {false, false, false};
    for (size_t k = 0; k < 3; k++) {
        size_t n;
        const char *t = cell_text(c, k, &n);
        map[k] = -1;
        for (int i = 0; i < 3; i++)
            if (strlen(history_columns[i]) == n && ascii_casecmp_n(t, history_columns[i], n) == 0 && !seen[i]) {
                map[k] = i;
                seen[i] = true;
            }
        if (map[k] < 0)
            return false;
    }
    return true;
}

static td_status history_row(csv *c, td_arena *arena, const int *map, td_dparts *p)
{
    if (c->count != 3)
        return fail_at(c, c->cells[0].offset, TD_EPARSE, "this row has %zu fields, the header has 3", c->count);
    const char *text[3];
    size_t len[3];
    td_dpos pos[3];
    for (size_t k = 0; k < 3; k++) {
        text[map[k]] = cell_text(c, k, &len[map[k]]);
        pos[map[k]] = (td_dpos){c->file, 0, 0};
        td_src_pos(c->src, c->cells[k].offset, &pos[map[k]].line, &pos[map[k]].column);
    }
    for (int i = 0; i < 3; i++)
        if (len[i] == 0)
            return fail_pos(c, &pos[i], TD_EPARSE, "the %s is empty", history_columns[i]);
    td_dhist rec = {NULL, NULL, 0, pos[HT_PERIOD], pos[HT_ID]};
    uint32_t cp;
    const char *why;
    char q[64];
    size_t bad = td_name_refused_at(text[HT_UNIT], len[HT_UNIT], &cp);
    if (bad < len[HT_UNIT]) {
        td_quote(q, sizeof q, text[HT_UNIT]);
        return fail_pos(c, &pos[HT_UNIT], TD_EPARSE, "the unit %s contains U+%04X, a control character (byte %zu)",
                        q, (unsigned)cp, bad + 1);
    }
    bad = td_id_refused_at(text[HT_ID], len[HT_ID], &cp, &why);
    if (bad < len[HT_ID]) {
        td_quote(q, sizeof q, text[HT_ID]);
        return fail_pos(c, &pos[HT_ID], TD_EPARSE, "the id %s contains U+%04X, %s (byte %zu); %s", q,
                        (unsigned)cp, why, bad + 1, TD_ID_RULE);
    }
    td_decimal period;
    td_error local;
    if (td_parse_number_text(text[HT_PERIOD], len[HT_PERIOD], false, &period, &local) != TD_OK ||
        td_decimal_to_int64(&rec.period, period, NULL) != TD_OK || rec.period < 0) {
        td_quote(q, sizeof q, text[HT_PERIOD]);
        return fail_pos(c, &pos[HT_PERIOD], TD_EPARSE, "the period must be a whole number >= 0 (a year), found %s",
                        q);
    }
    td_status rc = td_nfc(arena, text[HT_UNIT], len[HT_UNIT], &rec.unit, c->err);
    if (rc == TD_OK && (rec.id = td_arena_strdup(arena, text[HT_ID])) == NULL)
        rc = td_error_nomem(c->err);
    if (rc == TD_OK)
        rc = td_dparts_hist(p, c->a, &rec, c->err);
    return rc;
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
    int *map = NULL;
    size_t ncols = 0, first_column = p->column_count;
    bool more = c.len > 0, header = false, table = false, history = false;
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
            history = history_table(&c, map);
            table = !history && member_table(&c);
            if (history) {
                /* map says which column is which */
            } else if (table) {
                ncols = c.count;
                rc = table_header(&c, arena, map, p);
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
            rc = history_row(&c, arena, map, p);
        } else if (table) {
            rc = table_row(&c, arena, map, ncols, first_column, decimal_comma, p);
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
    td_dealloc(a, c.cells);
    return rc;
}
