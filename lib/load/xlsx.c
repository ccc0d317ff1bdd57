/*
 * Cluster data from an xlsx workbook (Office Open XML, ECMA-376): the
 * member tables and history tables of rulebook 1.1 section 8, one per
 * sheet, laid out as `thidua template` writes them (docs/rulebook.md,
 * "Workbooks"). Our own small sheet-to-cells layer: libzip opens the
 * archive, expat reads xl/workbook.xml, its relationships, the shared
 * strings and each worksheet as a stream, and the cells, each with its
 * place FILE:SHEET!B3, go row by row through table.c as a CSV file's do.
 *
 * Hostile input: the bytes unpacked are counted while inflating and
 * bounded by max_bytes (a zip bomb stops at the limit, not after it), no
 * DTD is accepted (no entity expansion), cell references are checked
 * (A1 to XFD1048576), and the table's grid (rows times header columns) is
 * bounded by max_nodes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "table.h"

#define XLSX_MAX_ROW 1048576u
#define XLSX_MAX_COL 16384u
#define XLSX_POS_SIZE 320 /* a cell's place: file, sheet and reference */

typedef struct xcell {
    uint32_t row, col;
    size_t at, len; /* text in the sheet's buffer */
} xcell;

typedef struct xsheet {
    const char *name, *rid, *part;
} xsheet;

typedef struct xrel {
    const char *id, *target;
} xrel;

/* The kinds of XML part, for the handlers. */
enum { PART_WORKBOOK, PART_RELS, PART_STRINGS, PART_STYLES, PART_SHEET };

/* What a cell style's number format shows a number as (xl/styles.xml). */
enum { SHOW_NUMBER = 0, SHOW_DATE = 1, SHOW_PERCENT = 2 };

typedef struct xfmt {
    unsigned long id;
    unsigned char show;
} xfmt;

typedef struct xlsx {
    const char *file; /* the document's name (in the arena) */
    td_arena *arena;
    const td_allocator *a;
    td_error *err;
    td_status rc; /* a handler's failure */
    zip_t *zip;
    size_t budget; /* bytes left to unpack */
    size_t max_bytes;
    size_t max_grid;
    size_t max_rows; /* a sheet's table rows, as a CSV document's (td_load_options.max_rows) */
    /* the part being read */
    XML_Parser parser;
    const char *part;
    int kind;
    td_buf text; /* collected character data */
    bool collect;
    unsigned skip; /* depth inside an element whose text is not read (rPh, rubies) */
    /* workbook and relationships */
    xsheet *sheets;
    size_t sheet_count, sheet_cap;
    xrel *rels;
    size_t rel_count, rel_cap;
    /* shared strings */
    td_buf sst;
    size_t *sst_at;
    size_t sst_count, sst_cap;
    bool in_si;
    /* styles: the custom number formats, and what each cell style shows */
    xfmt *fmts;
    size_t fmt_count, fmt_cap;
    unsigned char *xf_show;
    size_t xf_count, xf_cap;
    bool in_xfs;
    /* the sheet being read */
    const xsheet *sheet;
    const char *prefix; /* "file:'Sheet'!" */
    td_buf cells_text;
    xcell *cells;
    size_t cell_count, cell_cap;
    uint32_t row, next_col;
    bool in_cell, has_v, has_f;
    uint32_t cell_row, cell_col;
    char cell_type[12];
    unsigned char cell_show;
    /* rows of the table */
    const char **row_text;
    size_t *row_len;
    const char **row_pos;
    char scratch[4][XLSX_POS_SIZE];
    unsigned scratch_next;
    size_t row_count_cols;
    uint32_t cur_row;
} xlsx;

/* ---- errors and places ---- */

static td_status fail_at(xlsx *x, const char *file, unsigned line, unsigned col, td_status code, const char *fmt,
                         ...) TD_PRINTF(6, 7);

static td_status fail_at(xlsx *x, const char *file, unsigned line, unsigned col, td_status code, const char *fmt,
                         ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(x->err, code, file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

/* Column letters of col (1-based) into buf (room for 4). */
static void col_letters(char *buf, uint32_t col)
{
    char rev[4];
    size_t n = 0;
    while (col > 0) { /* at most XFD: three letters */
        rev[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = rev[n - 1 - i];
    buf[n] = '\0';
}

/* "file:'Sheet'!B3" into buf. */
static void cell_place(const xlsx *x, char *buf, size_t size, uint32_t row, uint32_t col)
{
    char letters[4];
    col_letters(letters, col);
    snprintf(buf, size, "%s%s%u", x->prefix, letters, (unsigned)row);
}

static td_status fail_cell(xlsx *x, uint32_t row, uint32_t col, td_status code, const char *fmt, ...)
    TD_PRINTF(5, 6);

static td_status fail_cell(xlsx *x, uint32_t row, uint32_t col, td_status code, const char *fmt, ...)
{
    char place[XLSX_POS_SIZE];
    cell_place(x, place, sizeof place, row, col);
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(x->err, code, place, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

/* An error of the part being parsed, at the parser's line and column. */
static void fail_xml(xlsx *x, td_status code, const char *fmt, ...) TD_PRINTF(3, 4);

static void fail_xml(xlsx *x, td_status code, const char *fmt, ...)
{
    if (x->rc != TD_OK)
        return;
    char where[TD_ERROR_FILE_SIZE];
    snprintf(where, sizeof where, "%s:%s", x->file, x->part);
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(x->err, code, where, (unsigned)XML_GetCurrentLineNumber(x->parser),
                     (unsigned)XML_GetCurrentColumnNumber(x->parser) + 1, fmt, ap);
    va_end(ap);
    x->rc = code;
    XML_StopParser(x->parser, XML_FALSE);
}

static void nomem(xlsx *x)
{
    if (x->rc == TD_OK) {
        x->rc = td_error_nomem(x->err);
        XML_StopParser(x->parser, XML_FALSE);
    }
}

/* ---- XML helpers ---- */

/* The local part of an expanded name "uri|local". */
static const char *local_name(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar != NULL ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i] != NULL; i += 2)
        if (strcmp(local_name(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

static const char *keep(xlsx *x, const char *s)
{
    const char *k = td_arena_strdup(x->arena, s);
    if (k == NULL)
        nomem(x);
    return k;
}

/* A cell reference "B3": *row and *col, or false. */
static bool parse_ref(const char *r, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, n = 0;
    size_t i = 0;
    for (; r[i] >= 'A' && r[i] <= 'Z' && i < 4; i++)
        c = c * 26 + (uint32_t)(r[i] - 'A' + 1);
    if (i == 0 || i > 3 || c > XLSX_MAX_COL)
        return false;
    size_t d = i;
    for (; r[i] >= '0' && r[i] <= '9' && i - d < 8; i++)
        n = n * 10 + (uint32_t)(r[i] - '0');
    if (i == d || r[i] != '\0' || n == 0 || n > XLSX_MAX_ROW)
        return false;
    *row = n;
    *col = c;
    return true;
}

/* ---- handlers ---- */

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                       int internal)
{
    (void)name, (void)sysid, (void)pubid, (void)internal;
    fail_xml(ud, TD_EPARSE, "a document type declaration (DTD) is not accepted in a workbook");
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    xlsx *x = ud;
    if (x->collect && x->skip == 0) {
        td_buf_append_n(&x->text, s, (size_t)len);
        if (td_buf_failed(&x->text))
            nomem(x);
    }
}

static td_status push(xlsx *x, void **items, size_t *cap, size_t count, size_t size)
{
    return td_reserve(x->a, items, cap, count + 1, size, x->err);
}

static void workbook_start(xlsx *x, const char *name, const char **atts)
{
    if (x->kind == PART_WORKBOOK && strcmp(name, "sheet") == 0) {
        const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
        if (sname == NULL || rid == NULL) {
            fail_xml(x, TD_EPARSE, "a sheet without a name or a relationship id");
            return;
        }
        void *items = x->sheets;
        if ((x->rc = push(x, &items, &x->sheet_cap, x->sheet_count, sizeof(xsheet))) != TD_OK) {
            XML_StopParser(x->parser, XML_FALSE);
            return;
        }
        x->sheets = items;
        xsheet s = {keep(x, sname), keep(x, rid), NULL};
        x->sheets[x->sheet_count++] = s;
    } else if (x->kind == PART_RELS && strcmp(name, "Relationship") == 0) {
        const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
        if (id == NULL || target == NULL)
            return; /* not one a sheet can name */
        void *items = x->rels;
        if ((x->rc = push(x, &items, &x->rel_cap, x->rel_count, sizeof(xrel))) != TD_OK) {
            XML_StopParser(x->parser, XML_FALSE);
            return;
        }
        x->rels = items;
        xrel r = {keep(x, id), keep(x, target)};
        x->rels[x->rel_count++] = r;
    }
}

static void strings_start(xlsx *x, const char *name)
{
    if (strcmp(name, "si") == 0) {
        td_buf_reset(&x->text);
        x->in_si = true;
        x->skip = 0;
    } else if (strcmp(name, "rPh") == 0 || strcmp(name, "phoneticPr") == 0) {
        x->skip++;
    } else if (x->in_si && strcmp(name, "t") == 0) {
        x->collect = true;
    }
}

static void strings_end(xlsx *x, const char *name)
{
    if (strcmp(name, "t") == 0) {
        x->collect = false;
    } else if (strcmp(name, "rPh") == 0 || strcmp(name, "phoneticPr") == 0) {
        x->skip -= x->skip > 0;
    } else if (strcmp(name, "si") == 0 && x->in_si) {
        x->in_si = false;
        void *items = x->sst_at;
        if ((x->rc = push(x, &items, &x->sst_cap, x->sst_count, sizeof(size_t))) != TD_OK) {
            XML_StopParser(x->parser, XML_FALSE);
            return;
        }
        x->sst_at = items;
        x->sst_at[x->sst_count++] = x->sst.len;
        td_buf_append_n(&x->sst, x->text.data != NULL ? x->text.data : "", x->text.len);
        td_buf_append_n(&x->sst, "", 1);
        if (td_buf_failed(&x->sst))
            nomem(x);
    }
}

/* ---- styles ---- */

/* What a number format code shows: a date when it has a date or time
 * letter (d, m, y, h, s) outside quotes, brackets and escapes, a
 * percentage when it has '%' there; else a number. */
static unsigned char code_shows(const char *code)
{
    bool date = false, percent = false;
    for (const char *c = code; *c != '\0'; c++) {
        if (*c == '"') {
            while (c[1] != '\0' && c[1] != '"')
                c++;
            c += c[1] != '\0';
        } else if (*c == '[') {
            while (c[1] != '\0' && c[1] != ']')
                c++;
        } else if (*c == '\\' || *c == '_' || *c == '*') {
            c += c[1] != '\0';
        } else if (*c == '%') {
            percent = true;
        } else if (strchr("dDmMyYhHsS", *c) != NULL) {
            date = true;
        }
    }
    return date ? SHOW_DATE : percent ? SHOW_PERCENT : SHOW_NUMBER;
}

/* The built-in formats: 9 and 10 percentages, 14 to 22 and 45 to 47 dates and times. */
static unsigned char builtin_shows(unsigned long id)
{
    if (id == 9 || id == 10)
        return SHOW_PERCENT;
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47))
        return SHOW_DATE;
    return SHOW_NUMBER;
}

static void styles_start(xlsx *x, const char *name, const char **atts)
{
    if (strcmp(name, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (id == NULL || code == NULL)
            return;
        void *items = x->fmts;
        if ((x->rc = push(x, &items, &x->fmt_cap, x->fmt_count, sizeof(xfmt))) != TD_OK) {
            XML_StopParser(x->parser, XML_FALSE);
            return;
        }
        x->fmts = items;
        x->fmts[x->fmt_count++] = (xfmt){strtoul(id, NULL, 10), code_shows(code)};
    } else if (strcmp(name, "cellXfs") == 0) {
        x->in_xfs = true;
    } else if (x->in_xfs && strcmp(name, "xf") == 0) {
        const char *id = attr(atts, "numFmtId");
        unsigned long n = id != NULL ? strtoul(id, NULL, 10) : 0;
        unsigned char show = builtin_shows(n);
        for (size_t i = 0; i < x->fmt_count; i++)
            if (x->fmts[i].id == n)
                show = x->fmts[i].show;
        void *items = x->xf_show;
        if ((x->rc = push(x, &items, &x->xf_cap, x->xf_count, 1)) != TD_OK) {
            XML_StopParser(x->parser, XML_FALSE);
            return;
        }
        x->xf_show = items;
        x->xf_show[x->xf_count++] = show;
    }
}

/* ---- numbers ---- */

/*
 * Excel writes a number cell's value as the shortest text that reads back
 * as the same binary double: 0.1 is "0.1", but a computed 0.1+0.2 is
 * "0.30000000000000004". Excel itself shows 15 significant digits; so do
 * we: a value with more is rounded to 15 significant digits (half away from
 * zero) on its decimal text, never through a double. Writes the text to
 * use into buf and returns it (the value itself when it needs no rounding
 * or is no plain number).
 */
static const char *round15(const char *v, char *buf, size_t size)
{
    const char *s = v;
    bool neg = *s == '-';
    s += neg || *s == '+';
    char digits[400];
    size_t nd = 0;
    long before = 0; /* digits before the point, less the zeros after it that lead */
    bool point = false, any = false;
    for (; (*s >= '0' && *s <= '9') || (*s == '.' && !point); s++) {
        if (*s == '.') {
            point = true;
            continue;
        }
        any = true;
        if (nd == 0 && *s == '0') { /* a leading zero */
            before -= point;
            continue;
        }
        if (nd >= sizeof digits)
            return v;
        digits[nd++] = *s;
        if (!point)
            before++;
    }
    long exp10 = 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        bool eneg = *s == '-';
        s += eneg || *s == '+';
        if (*s < '0' || *s > '9')
            return v;
        for (; *s >= '0' && *s <= '9'; s++)
            if ((exp10 = exp10 * 10 + (*s - '0')) > 1000)
                return v;
        exp10 = eneg ? -exp10 : exp10;
    }
    while (nd > 0 && digits[nd - 1] == '0')
        nd--;
    if (!any || *s != '\0' || nd <= 15)
        return v;
    /* value = 0.digits × 10^e */
    long e = before + exp10;
    bool up = digits[15] >= '5';
    nd = 15;
    for (size_t i = nd; up && i-- > 0;) {
        if (digits[i] == '9') {
            digits[i] = '0';
            if (i == 0) { /* 999...9 rounds to 1000...0 */
                digits[0] = '1';
                e++;
            }
        } else {
            digits[i]++;
            up = false;
        }
    }
    while (nd > 0 && digits[nd - 1] == '0')
        nd--;
    if (e < -340 || e > 340)
        return v;
    size_t o = 0;
    if (neg)
        buf[o++] = '-';
    if (e <= 0) {
        buf[o++] = '0';
        buf[o++] = '.';
        for (long i = 0; i < -e; i++)
            buf[o++] = '0';
        memcpy(buf + o, digits, nd);
        o += nd;
    } else if ((size_t)e >= nd) {
        memcpy(buf + o, digits, nd);
        o += nd;
        for (size_t i = nd; i < (size_t)e; i++)
            buf[o++] = '0';
    } else {
        memcpy(buf + o, digits, (size_t)e);
        o += (size_t)e;
        buf[o++] = '.';
        memcpy(buf + o, digits + e, nd - (size_t)e);
        o += nd - (size_t)e;
    }
    (void)size;
    buf[o] = '\0';
    return buf;
}

/* ---- worksheets ---- */

static void sheet_start(xlsx *x, const char *name, const char **atts)
{
    if (strcmp(name, "row") == 0) {
        const char *r = attr(atts, "r");
        uint32_t row = x->row + 1;
        if (r != NULL) {
            char *end;
            unsigned long n = strtoul(r, &end, 10);
            if (*r < '0' || *r > '9' || *end != '\0' || n == 0 || n > XLSX_MAX_ROW) {
                char q[64];
                td_quote(q, sizeof q, r);
                fail_xml(x, TD_EPARSE, "the row number %s is not one of a worksheet (1 to %u)", q, XLSX_MAX_ROW);
                return;
            }
            row = (uint32_t)n;
        }
        if (row > XLSX_MAX_ROW) {
            fail_xml(x, TD_EPARSE, "a row after the last row of a worksheet (%u)", XLSX_MAX_ROW);
            return;
        }
        x->row = row;
        x->next_col = 1;
    } else if (strcmp(name, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        uint32_t row = x->row, col = x->next_col;
        if (r != NULL && !parse_ref(r, &row, &col)) {
            char q[64];
            td_quote(q, sizeof q, r);
            fail_xml(x, TD_EPARSE, "the cell reference %s is not a cell of a worksheet (columns A to XFD, rows 1 "
                     "to %u)", q, XLSX_MAX_ROW);
            return;
        }
        if (r == NULL && (row == 0 || col > XLSX_MAX_COL)) {
            fail_xml(x, TD_EPARSE, "a cell without a reference outside a row or after column XFD");
            return;
        }
        x->cell_row = row;
        x->cell_col = col;
        x->next_col = col + 1;
        snprintf(x->cell_type, sizeof x->cell_type, "%s", t != NULL ? t : "n");
        const char *style = attr(atts, "s");
        unsigned long xf = style != NULL ? strtoul(style, NULL, 10) : 0;
        x->cell_show = xf < x->xf_count ? x->xf_show[xf] : SHOW_NUMBER;
        x->in_cell = true;
        x->has_v = x->has_f = false;
        x->skip = 0;
        td_buf_reset(&x->text);
    } else if (x->in_cell && strcmp(name, "v") == 0) {
        x->has_v = true;
        x->collect = true;
    } else if (x->in_cell && strcmp(name, "f") == 0) {
        x->has_f = true;
    } else if (x->in_cell && (strcmp(name, "rPh") == 0 || strcmp(name, "phoneticPr") == 0)) {
        x->skip++;
    } else if (x->in_cell && strcmp(name, "t") == 0) {
        x->has_v = true;
        x->collect = true;
    }
}

static void add_cell(xlsx *x, const char *text, size_t len)
{
    void *items = x->cells;
    if ((x->rc = push(x, &items, &x->cell_cap, x->cell_count, sizeof(xcell))) != TD_OK) {
        XML_StopParser(x->parser, XML_FALSE);
        return;
    }
    x->cells = items;
    x->cells[x->cell_count++] = (xcell){x->cell_row, x->cell_col, x->cells_text.len, len};
    td_buf_append_n(&x->cells_text, text, len);
    td_buf_append_n(&x->cells_text, "", 1);
    if (td_buf_failed(&x->cells_text))
        nomem(x);
}

static void end_cell(xlsx *x)
{
    x->in_cell = false;
    const char *v = x->text.data != NULL ? x->text.data : "";
    size_t len = x->text.len;
    const char *t = x->cell_type;
    char q[64], buf[512];
    if (strcmp(t, "s") == 0) {
        if (!x->has_v)
            return;
        char *end;
        unsigned long long i = strtoull(v, &end, 10);
        if (*v < '0' || *v > '9' || *end != '\0' || i >= x->sst_count) {
            td_quote(q, sizeof q, v);
            x->rc = fail_cell(x, x->cell_row, x->cell_col, TD_EPARSE,
                              "the shared string index %s is out of range (the workbook has %zu shared "
                              "strings)", q, x->sst_count);
            XML_StopParser(x->parser, XML_FALSE);
            return;
        }
        const char *s = x->sst.data + x->sst_at[i];
        add_cell(x, s, strlen(s));
    } else if (strcmp(t, "e") == 0) {
        td_quote(q, sizeof q, v);
        x->rc = fail_cell(x, x->cell_row, x->cell_col, TD_EPARSE,
                          "the cell holds the error value %s; correct its formula or clear it", q);
        XML_StopParser(x->parser, XML_FALSE);
    } else if (strcmp(t, "b") == 0) {
        if (x->has_v)
            add_cell(x, strcmp(v, "0") == 0 ? "FALSE" : "TRUE", strcmp(v, "0") == 0 ? 5 : 4);
    } else if (strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0 || strcmp(t, "d") == 0) {
        if (x->has_v)
            add_cell(x, v, len);
        else if (x->has_f)
            goto no_value;
    } else if (strcmp(t, "n") == 0) {
        if (!x->has_v && x->has_f)
            goto no_value;
        if (x->has_v && x->cell_show == SHOW_DATE) {
            /* no number to a reader: an error if its column is read */
            snprintf(buf, sizeof buf, "a date (serial %.40s)", v);
            add_cell(x, buf, strlen(buf));
        } else if (x->has_v) {
            const char *r = round15(v, buf, sizeof buf - 1);
            size_t n = strlen(r);
            if (x->cell_show == SHOW_PERCENT) { /* refused as a percentage is in CSV, if read */
                if (r != buf)
                    snprintf(buf, sizeof buf - 1, "%.400s", v);
                n = strlen(buf);
                buf[n++] = '%';
                buf[n] = '\0';
                r = buf;
            }
            add_cell(x, r, n);
        }
    } else {
        td_quote(q, sizeof q, t);
        x->rc = fail_cell(x, x->cell_row, x->cell_col, TD_EPARSE, "unknown cell type %s", q);
        XML_StopParser(x->parser, XML_FALSE);
    }
    return;
no_value:
    x->rc = fail_cell(x, x->cell_row, x->cell_col, TD_EPARSE,
                      "the cell holds a formula without its computed value; open the workbook in Excel or "
                      "LibreOffice and save it, so that the values are stored");
    XML_StopParser(x->parser, XML_FALSE);
}

static void sheet_end(xlsx *x, const char *name)
{
    if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
        x->collect = false;
    } else if (strcmp(name, "rPh") == 0 || strcmp(name, "phoneticPr") == 0) {
        x->skip -= x->skip > 0;
    } else if (strcmp(name, "c") == 0 && x->in_cell) {
        end_cell(x);
    }
}

static void on_start(void *ud, const XML_Char *qname, const XML_Char **atts)
{
    xlsx *x = ud;
    if (x->rc != TD_OK)
        return;
    const char *name = local_name(qname);
    if (x->kind == PART_WORKBOOK || x->kind == PART_RELS)
        workbook_start(x, name, atts);
    else if (x->kind == PART_STRINGS)
        strings_start(x, name);
    else if (x->kind == PART_STYLES)
        styles_start(x, name, atts);
    else
        sheet_start(x, name, atts);
}

static void on_end(void *ud, const XML_Char *qname)
{
    xlsx *x = ud;
    if (x->rc != TD_OK)
        return;
    const char *name = local_name(qname);
    if (x->kind == PART_STRINGS)
        strings_end(x, name);
    else if (x->kind == PART_STYLES && strcmp(name, "cellXfs") == 0)
        x->in_xfs = false;
    else if (x->kind == PART_SHEET)
        sheet_end(x, name);
}

/* ---- parts ---- */

static td_status zip_failure(xlsx *x, zip_error_t *ze, const char *what)
{
    td_status rc = fail_at(x, x->file, 0, 0, TD_EPARSE, "%s %s: %s", what, x->part, zip_error_strerror(ze));
    return rc;
}

/* Streams part `name` through expat with the handlers of `kind`. An absent
 * part is an error when `required`, else nothing. */
static td_status read_part(xlsx *x, const char *name, int kind, bool required)
{
    x->part = name;
    x->kind = kind;
    zip_int64_t idx = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return required ? fail_at(x, x->file, 0, 0, TD_EPARSE,
                                  "the workbook lacks its part %s; is it an xlsx workbook?", name)
                        : TD_OK;
    zip_file_t *f = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (f == NULL)
        return zip_failure(x, zip_get_error(x->zip), "cannot open the part");
    x->parser = XML_ParserCreateNS(NULL, '|');
    if (x->parser == NULL) {
        zip_fclose(f);
        return td_error_nomem(x->err);
    }
    XML_SetUserData(x->parser, x);
    XML_SetElementHandler(x->parser, on_start, on_end);
    XML_SetCharacterDataHandler(x->parser, on_text);
    XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
    x->rc = TD_OK;
    x->collect = false;
    x->skip = 0;
    x->in_si = x->in_cell = false;
    x->row = 0;
    x->next_col = 1;
    char chunk[16384];
    td_status rc = TD_OK;
    for (;;) {
        zip_int64_t n = zip_fread(f, chunk, sizeof chunk);
        if (n < 0) {
            rc = zip_failure(x, zip_file_get_error(f), "cannot unpack the part");
            break;
        }
        if ((size_t)n > x->budget) {
            rc = fail_at(x, x->file, 0, 0, TD_ELIMIT,
                         "the workbook unpacks to more than the limit of %zu bytes (in part %s); a zip bomb, or "
                         "raise max_bytes", x->max_bytes, name);
            break;
        }
        x->budget -= (size_t)n;
        if (XML_Parse(x->parser, chunk, (int)n, n == 0) != XML_STATUS_OK) {
            if (x->rc == TD_OK) {
                char where[TD_ERROR_FILE_SIZE];
                snprintf(where, sizeof where, "%s:%s", x->file, name);
                enum XML_Error code = XML_GetErrorCode(x->parser);
                x->rc = code == XML_ERROR_NO_MEMORY ? td_error_nomem(x->err)
                                                    : fail_at(x, where, (unsigned)XML_GetCurrentLineNumber(x->parser),
                                                              (unsigned)XML_GetCurrentColumnNumber(x->parser) + 1,
                                                              TD_EPARSE, "malformed XML: %s",
                                                              XML_ErrorString(code));
            }
            rc = x->rc;
            break;
        }
        if (x->rc != TD_OK || n == 0) {
            rc = x->rc;
            break;
        }
    }
    XML_ParserFree(x->parser);
    x->parser = NULL;
    zip_fclose(f);
    return rc;
}

/* The part a sheet's relationship points to: "xl/worksheets/sheet1.xml". */
static td_status resolve_sheets(xlsx *x)
{
    for (size_t i = 0; i < x->sheet_count; i++) {
        xsheet *s = &x->sheets[i];
        const xrel *r = NULL;
        for (size_t j = 0; j < x->rel_count && r == NULL; j++)
            if (strcmp(x->rels[j].id, s->rid) == 0)
                r = &x->rels[j];
        if (r == NULL)
            return fail_at(x, x->file, 0, 0, TD_EPARSE,
                           "the workbook lists sheet '%s' (relationship %s), but xl/_rels/workbook.xml.rels "
                           "does not say where it is", s->name, s->rid);
        const char *t = r->target;
        size_t len = strlen(t) + 4;
        char *part = td_arena_alloc(x->arena, len);
        if (part == NULL)
            return td_error_nomem(x->err);
        if (t[0] == '/')
            snprintf(part, len, "%s", t + 1);
        else
            snprintf(part, len, "xl/%s", t);
        s->part = part;
    }
    return TD_OK;
}

/* ---- tables ---- */

static int cell_order(const void *pa, const void *pb)
{
    const xcell *a = pa, *b = pb;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

/* Cell text trimmed of spaces and tabs. */
static const char *trimmed(xlsx *x, const xcell *c, size_t *len)
{
    char *t = x->cells_text.data + c->at;
    size_t n = c->len;
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\0'))
        t[--n] = '\0';
    while (*t == ' ' || *t == '\t')
        t++, n--;
    *len = n;
    return t;
}

static const char *row_text(void *ctx, size_t k, size_t *len)
{
    xlsx *x = ctx;
    *len = x->row_len[k];
    return x->row_text[k];
}

static void row_pos(void *ctx, size_t k, td_dpos *out)
{
    xlsx *x = ctx;
    const char *p = x->row_pos[k];
    if (p == NULL) { /* an empty cell: only ever named at once by an error */
        char *s = x->scratch[x->scratch_next++ % 4];
        cell_place(x, s, XLSX_POS_SIZE, x->cur_row, (uint32_t)k + 1);
        p = s;
    }
    *out = (td_dpos){p, 0, 0};
}

static const char *place_of(xlsx *x, uint32_t row, uint32_t col)
{
    char buf[XLSX_POS_SIZE];
    cell_place(x, buf, sizeof buf, row, col);
    const char *p = td_arena_strdup(x->arena, buf);
    if (p == NULL)
        (void)td_error_nomem(x->err);
    return p;
}

static bool is_side(const char *t, size_t n, int *kind)
{
    static const char *const targets[] = {"Kế hoạch", "kế hoạch", "KẾ HOẠCH"};
    static const char *const actuals[] = {"Thực hiện", "thực hiện", "THỰC HIỆN"};
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(t, targets[i]) == 0 || strcmp(t, actuals[i]) == 0) {
            *kind = strcmp(t, targets[i]) == 0 ? TD_DV_TARGET : TD_DV_ACTUAL;
            return true;
        }
    }
    if (n == 6 && (td_ascii_casecmp_n(t, "target", 6) == 0 || td_ascii_casecmp_n(t, "actual", 6) == 0)) {
        *kind = (t[0] | 0x20) == 't' ? TD_DV_TARGET : TD_DV_ACTUAL;
        return true;
    }
    return false;
}

/* What a header label names: the id in trailing brackets ("Số hộ đăng ký
 * [hh_registered]"), the reserved columns under their Vietnamese names,
 * else the label itself. */
static const char *label_key(xlsx *x, const char *label, size_t n)
{
    if (strcmp(label, "Mã đơn vị") == 0)
        return "id";
    if (strcmp(label, "Tên đơn vị") == 0)
        return "name";
    if (strcmp(label, "Nhóm") == 0)
        return "unit";
    const char *open = n > 2 && label[n - 1] == ']' ? strrchr(label, '[') : NULL;
    if (open == NULL)
        return label;
    const char *s = open + 1, *e = label + n - 1;
    while (s < e && *s == ' ')
        s++;
    while (e > s && e[-1] == ' ')
        e--;
    char *k = td_arena_alloc(x->arena, (size_t)(e - s) + 1);
    if (k == NULL)
        return NULL;
    memcpy(k, s, (size_t)(e - s));
    k[e - s] = '\0';
    return k;
}

/* The header of a table whose first row holds cells[start]: the texts of
 * its columns, as a CSV header would have them, into x->row_* (allocated
 * here for h->width columns; freed by free_row()). */
typedef struct header {
    uint32_t row;       /* its first row */
    size_t width;       /* its columns */
    size_t data;        /* the first cell after it */
    size_t next;        /* the first cell after its first row */
} header;

static void free_row(xlsx *x)
{
    td_dealloc(x->a, x->row_text);
    td_dealloc(x->a, x->row_len);
    td_dealloc(x->a, (void *)x->row_pos);
    x->row_text = NULL;
    x->row_len = NULL;
    x->row_pos = NULL;
}

static td_status header_at(xlsx *x, size_t start, header *h)
{
    uint32_t hrow = x->cells[start].row;
    size_t i = start, ncols = 0;
    for (; i < x->cell_count && x->cells[i].row == hrow; i++)
        ncols = x->cells[i].col;
    size_t h2 = i, h2end;
    bool two = false;
    for (; i < x->cell_count && x->cells[i].row == hrow + 1; i++) {
        size_t n;
        int kind;
        const char *t = trimmed(x, &x->cells[i], &n), *nfc;
        if (n > 0 && td_nfc(x->arena, t, n, &nfc, x->err) != TD_OK)
            return TD_ENOMEM;
        two = two || (n > 0 && is_side(nfc, strlen(nfc), &kind));
    }
    h2end = two ? i : h2;
    for (size_t j = h2; j < h2end; j++)
        if (x->cells[j].col > ncols)
            ncols = x->cells[j].col;
    *h = (header){hrow, ncols, h2end, h2};
    x->row_text = td_alloc(x->a, (ncols + 3) * sizeof *x->row_text);
    x->row_len = td_alloc(x->a, (ncols + 3) * sizeof *x->row_len);
    x->row_pos = td_alloc(x->a, (ncols + 3) * sizeof *x->row_pos);
    if (x->row_text == NULL || x->row_len == NULL || x->row_pos == NULL)
        return td_error_nomem(x->err);
    td_status rc = TD_OK;
    const char *label = NULL; /* the last label seen, for the sides of a merged cell */
    size_t j1 = start, j2 = h2;
    for (uint32_t col = 1; col <= ncols && rc == TD_OK; col++) {
        const xcell *c1 = j1 < h2 && x->cells[j1].col == col ? &x->cells[j1++] : NULL;
        const xcell *c2 = two && j2 < h2end && x->cells[j2].col == col ? &x->cells[j2++] : NULL;
        size_t n1 = 0, n2 = 0;
        const char *t1 = c1 != NULL ? trimmed(x, c1, &n1) : "";
        const char *t2 = c2 != NULL ? trimmed(x, c2, &n2) : "";
        const char *nfc1 = "";
        if (n1 > 0 && (rc = td_nfc(x->arena, t1, n1, &nfc1, x->err)) != TD_OK)
            break;
        if (n1 > 0)
            label = nfc1;
        const char *head = nfc1;
        int kind;
        const char *nfc2 = "";
        if (n2 > 0 && (rc = td_nfc(x->arena, t2, n2, &nfc2, x->err)) != TD_OK)
            break;
        if (n2 > 0 && is_side(nfc2, strlen(nfc2), &kind)) {
            if (label == NULL) {
                rc = fail_cell(x, hrow + 1, col, TD_EPARSE,
                               "'%s' under no measure: the row above names the measure of its column pair", nfc2);
                break;
            }
            const char *key = label_key(x, label, strlen(label));
            size_t len = key != NULL ? strlen(key) + 8 : 0;
            char *text = key != NULL ? td_arena_alloc(x->arena, len) : NULL;
            if (text == NULL) {
                rc = td_error_nomem(x->err);
                break;
            }
            snprintf(text, len, "%s%s", kind == TD_DV_TARGET ? "target:" : "", key);
            head = text;
        } else if (n2 > 0) {
            head = nfc2;
        } else if (n1 > 0 && (head = label_key(x, nfc1, strlen(nfc1))) == NULL) {
            rc = td_error_nomem(x->err);
            break;
        }
        x->row_text[col - 1] = head;
        x->row_len[col - 1] = strlen(head);
        x->row_pos[col - 1] = place_of(x, n2 > 0 ? hrow + 1 : hrow, col);
        if (x->row_pos[col - 1] == NULL)
            rc = TD_ENOMEM;
    }
    return rc;
}

/* Rows above a table that a header is looked for in (a title, a date). */
#define XLSX_HEADER_ROWS 10

/* Reads the sheet's cells (sorted) as a member table or a history table;
 * *found tells whether it was one. The header is the first of the sheet's
 * first XLSX_HEADER_ROWS rows with cells that is a table's header (an `id`
 * column, or unit, period and id): title rows above it are skipped. */
static td_status read_table(xlsx *x, td_dparts *p, bool *found)
{
    *found = false;
    if (x->cell_count == 0)
        return TD_OK;
    qsort(x->cells, x->cell_count, sizeof(xcell), cell_order);
    for (size_t i = 1; i < x->cell_count; i++)
        if (cell_order(&x->cells[i - 1], &x->cells[i]) == 0)
            return fail_cell(x, x->cells[i].row, x->cells[i].col, TD_EPARSE, "the cell is given twice");
    td_status rc = TD_OK;
    int *map = NULL;
    header h = {0, 0, 0, 0};
    bool history = false, scores = false, events = false, table = false, cluster = false;
    for (size_t start = 0, tries = 0; start < x->cell_count && tries < XLSX_HEADER_ROWS && rc == TD_OK; tries++) {
        free_row(x);
        td_dealloc(x->a, map);
        map = NULL; /* freed again at the end when the next header fails */
        if ((rc = header_at(x, start, &h)) != TD_OK)
            break;
        if ((map = td_alloc(x->a, (h.width + 3) * sizeof *map)) == NULL) {
            rc = td_error_nomem(x->err);
            break;
        }
        x->cur_row = h.row;
        td_trow row = {h.width, row_text, row_pos, x};
        history = td_table_is_history(&row, map);
        scores = !history && td_table_is_scores(&row, map);
        events = !history && !scores && td_table_is_events(&row, map);
        table = !history && !scores && !events && td_table_is_member(&row);
        cluster = !history && !scores && !events && !table && td_table_is_cluster_sheet(&row);
        if (history || scores || events || table || cluster)
            break;
        start = h.next;
    }
    if (rc != TD_OK || (!history && !scores && !events && !table && !cluster))
        goto done; /* not a table: a sheet of notes or instructions */
    *found = true;
    if (cluster) {
        if (p->sheet.has) {
            rc = fail_cell(x, h.row, 1, TD_EEXISTS, "the workbook has a second cluster sheet");
            goto done;
        }
        p->sheet.has = true;
        if ((p->sheet.pos.file = place_of(x, h.row, 1)) == NULL) {
            rc = TD_ENOMEM;
            goto done;
        }
    }
    size_t width = h.width, nrows = 0, first_column = p->column_count;
    for (size_t j = h.data; j < x->cell_count; j++)
        nrows += j == h.data || x->cells[j].row != x->cells[j - 1].row;
    if (nrows > x->max_rows) {
        rc = fail_cell(x, h.row, 1, TD_ELIMIT, "the table has %zu rows, more than the limit of %zu (--limit rows)",
                       nrows, x->max_rows);
        goto done;
    }
    if (nrows > x->max_grid / width) { /* width >= 1: the table has an id column */
        rc = fail_cell(x, h.row, 1, TD_ELIMIT,
                       "the table has %zu rows of %zu columns, more cells than the limit of %zu (max_nodes)", nrows,
                       width, x->max_grid);
        goto done;
    }
    td_trow row = {width, row_text, row_pos, x};
    if (table && (rc = td_table_header(&row, x->arena, map, x->a, p, x->err)) != TD_OK)
        goto done;
    for (size_t j = h.data; j < x->cell_count && rc == TD_OK;) {
        uint32_t r = x->cells[j].row;
        x->cur_row = r;
        for (size_t k = 0; k < width; k++) {
            x->row_text[k] = "";
            x->row_len[k] = 0;
            x->row_pos[k] = NULL;
        }
        for (; j < x->cell_count && x->cells[j].row == r && rc == TD_OK; j++) {
            const xcell *c = &x->cells[j];
            size_t n;
            const char *t = trimmed(x, c, &n);
            if (n == 0)
                continue;
            if (c->col > width) {
                char q[64];
                td_quote(q, sizeof q, t);
                rc = fail_cell(x, r, c->col, TD_EPARSE,
                               "the cell holds %s, but its column has no header; give the column a header or "
                               "clear the cell", q);
                break;
            }
            x->row_text[c->col - 1] = t;
            x->row_len[c->col - 1] = n;
            if ((x->row_pos[c->col - 1] = place_of(x, r, c->col)) == NULL)
                rc = TD_ENOMEM;
        }
        bool blank = true;
        for (size_t k = 0; k < width && blank; k++)
            blank = x->row_len[k] == 0;
        if (rc != TD_OK || blank)
            continue;
        if (history)
            rc = td_history_row(&row, x->arena, map, x->a, p, x->err);
        else if (scores)
            rc = td_scores_row(&row, x->arena, map, false, x->a, p, x->err);
        else if (events)
            rc = td_events_row(&row, x->arena, map, x->a, p, x->err);
        else if (cluster)
            rc = td_cluster_sheet_row(&row, x->arena, p, x->err);
        else
            rc = td_table_row(&row, x->arena, map, first_column, false, x->a, p, x->err);
    }
done:
    free_row(x);
    td_dealloc(x->a, map);
    return rc;
}

/* "file:'Sheet'!" (the quotes when the name is not plain ASCII letters,
 * digits, '_' and '.', a quote inside doubled, as Excel writes references). */
static const char *sheet_prefix(xlsx *x, const char *name)
{
    bool plain = name[0] != '\0';
    for (const char *s = name; *s != '\0'; s++)
        plain = plain && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
                          *s == '_' || *s == '.');
    td_buf b;
    td_buf_init(&b, x->a);
    td_buf_append_n(&b, x->file, strlen(x->file));
    td_buf_append_n(&b, ":'", plain ? 1 : 2);
    for (const char *s = name; *s != '\0'; s++)
        td_buf_append_n(&b, *s == '\'' ? "''" : s, *s == '\'' ? 2 : 1);
    td_buf_append_n(&b, "'!" + plain, plain ? 1 : 2);
    td_buf_append_n(&b, "", 1);
    const char *out = td_buf_failed(&b) ? NULL : td_arena_strdup(x->arena, b.data);
    td_buf_free(&b);
    if (out == NULL)
        (void)td_error_nomem(x->err);
    return out;
}

td_status td_xlsx_read(const char *file, const char *bytes, size_t len, const td_limits *limits, td_arena *arena,
                       const td_allocator *a, td_dparts *p, td_error *err)
{
    xlsx x;
    memset(&x, 0, sizeof x);
    x.file = file;
    x.arena = arena;
    x.a = a;
    x.err = err;
    x.budget = x.max_bytes = limits->max_bytes;
    x.max_grid = limits->max_nodes;
    x.max_rows = limits->max_rows;
    x.part = "";
    td_buf_init(&x.text, a);
    td_buf_init(&x.sst, a);
    td_buf_init(&x.cells_text, a);
    zip_error_t ze;
    zip_error_init(&ze);
    td_status rc = TD_OK;
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
    if (src == NULL) {
        rc = td_error_nomem(err);
    } else if ((x.zip = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
        zip_source_free(src);
        rc = fail_at(&x, file, 0, 0, TD_EPARSE, "not an xlsx workbook: %s", zip_error_strerror(&ze));
    }
    zip_error_fini(&ze);
    if (rc == TD_OK)
        rc = read_part(&x, "xl/workbook.xml", PART_WORKBOOK, true);
    if (rc == TD_OK)
        rc = read_part(&x, "xl/_rels/workbook.xml.rels", PART_RELS, true);
    if (rc == TD_OK && x.sheet_count == 0)
        rc = fail_at(&x, file, 0, 0, TD_EPARSE, "the workbook has no sheet");
    if (rc == TD_OK)
        rc = resolve_sheets(&x);
    if (rc == TD_OK)
        rc = read_part(&x, "xl/sharedStrings.xml", PART_STRINGS, false);
    if (rc == TD_OK)
        rc = read_part(&x, "xl/styles.xml", PART_STYLES, false);
    size_t tables = 0;
    for (size_t i = 0; i < x.sheet_count && rc == TD_OK; i++) {
        x.sheet = &x.sheets[i];
        x.cell_count = 0;
        td_buf_reset(&x.cells_text);
        if ((x.prefix = sheet_prefix(&x, x.sheet->name)) == NULL) {
            rc = TD_ENOMEM;
            break;
        }
        if ((rc = read_part(&x, x.sheet->part, PART_SHEET, true)) != TD_OK)
            break;
        bool found;
        rc = read_table(&x, p, &found);
        tables += found;
    }
    if (rc == TD_OK && tables == 0)
        rc = fail_at(&x, file, 0, 0, TD_EPARSE,
                     "no sheet of the workbook is a member table (a column 'id' or 'Mã đơn vị'), a history "
                     "table (unit, period, id), council scores (unit, criterion, self, cross, final) or events "
                     "(unit, item, count)");
    if (x.zip != NULL)
        zip_discard(x.zip);
    td_buf_free(&x.text);
    td_buf_free(&x.sst);
    td_buf_free(&x.cells_text);
    td_dealloc(a, x.sheets);
    td_dealloc(a, x.rels);
    td_dealloc(a, x.sst_at);
    td_dealloc(a, x.fmts);
    td_dealloc(a, x.xf_show);
    td_dealloc(a, x.cells);
    return rc;
}
