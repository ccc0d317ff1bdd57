/*
 * CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a
 * quote, a line break or edge spaces). One table in long layout, one row per
 * member and item, the `kind` column telling what a row holds; see
 * docs/reports.md for the columns each kind fills. Numbers are exact decimal
 * text with a '.' point, so that any program reads them back unchanged.
 * A rulebook with group nodes (1.1) adds a last column, `parent`: the node
 * or section holding a criterion or node row, so that the tree can be
 * rebuilt from the file alone (a version 1 rulebook's CSV is unchanged).
 *
 * td_report_options::excel: the same table as Excel in a Vietnamese locale
 * reads it: a UTF-8 byte order mark, ';' between fields (a field holding
 * ';' is quoted instead of one holding ','), numbers with a decimal comma.
 */
#include <string.h>

#include "report_internal.h"

enum { COL_RANK, COL_UNIT, COL_UNIT_NAME, COL_KIND, COL_ID, COL_NAME, COL_MAX, COL_TARGET, COL_ACTUAL,
       COL_ATTAINMENT, COL_MET, COL_POINTS, COL_BONUS, COL_STATUS, COL_EXPLAIN, COL_PARENT, COLS };

static const char *const header[COLS] = {"rank",   "unit",       "unit_name", "kind",   "id",
                                         "name",   "max",        "target",    "actual", "attainment",
                                         "met",    "points",     "bonus",     "status", "explain",
                                         "parent"};

/* One row being assembled: each field is a slice of `text`. */
typedef struct row {
    td_buf text;
    size_t start[COLS], end[COLS];
    int cols; /* the columns written: COLS with group nodes, else without `parent` */
    bool excel; /* td_report_options::excel */
} row;

/* The separator between fields. */
static char separator(bool excel)
{
    return excel ? ';' : ',';
}

static void field_begin(row *r, int col)
{
    r->start[col] = r->text.len;
}

static void field_end(row *r, int col)
{
    r->end[col] = r->text.len;
}

static void set_str(row *r, int col, const char *s)
{
    field_begin(r, col);
    /* A spreadsheet runs a cell that starts with = + - @ (or a tab or CR
     * before one) as a formula: text from the data must never become one,
     * so such text gets a leading apostrophe, which spreadsheets show as
     * text (the OWASP advice for CSV injection). Numbers are never text. */
    if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
        td_buf_append_char(&r->text, '\'');
    td_buf_append(&r->text, s);
    field_end(r, col);
}

static void set_dec(row *r, int col, td_decimal d)
{
    field_begin(r, col);
    td_buf_decimal(&r->text, d);
    field_end(r, col);
    /* Excel in a Vietnamese locale: a decimal comma (the text has no other '.') */
    for (size_t i = r->start[col]; r->excel && !r->text.failed && i < r->end[col]; i++)
        if (r->text.data[i] == '.')
            r->text.data[i] = ',';
}

static void row_reset(row *r)
{
    td_buf_reset(&r->text);
    /* r->excel stays */
    memset(r->start, 0, sizeof r->start);
    memset(r->end, 0, sizeof r->end);
}

static bool needs_quotes(const char *s, size_t n, char sep)
{
    if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
        return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == sep || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    return false;
}

/* One field of n bytes, in double quotes (each '"' doubled) when it must be. */
static void put_field(td_buf *out, const char *s, size_t n, char sep)
{
    if (!needs_quotes(s, n, sep)) {
        td_buf_append_n(out, s, n);
        return;
    }
    td_buf_append_char(out, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            td_buf_append_char(out, '"');
        td_buf_append_char(out, s[i]);
    }
    td_buf_append_char(out, '"');
}

static void emit(td_buf *out, row *r)
{
    if (r->text.failed) {
        out->failed = true;
        return;
    }
    for (int c = 0; c < r->cols; c++) {
        if (c > 0)
            td_buf_append_char(out, separator(r->excel));
        put_field(out, r->text.data + r->start[c], r->end[c] - r->start[c], separator(r->excel));
    }
    td_buf_append(out, "\r\n");
}

/* Starts a row of member m: rank, unit, unit name and kind. */
static void begin(row *r, const td_result *res, size_t m, const char *kind)
{
    row_reset(r);
    field_begin(r, COL_RANK);
    td_buf_appendf(&r->text, "%zu", td_result_member_rank(res, m));
    field_end(r, COL_RANK);
    set_str(r, COL_UNIT, td_result_member_unit(res, m));
    set_str(r, COL_UNIT_NAME, td_result_member_name(res, m));
    set_str(r, COL_KIND, kind);
}

static void criterion_row(row *r, td_buf *out, const td_result *res, size_t m, size_t c, td_lang lang)
{
    const td_rulebook *rb = td_result_rulebook(res);
    td_decimal d;
    begin(r, res, m, "criterion");
    set_str(r, COL_ID, td_rulebook_criterion_id(rb, c));
    set_str(r, COL_NAME, td_rulebook_criterion_name(rb, c));
    set_dec(r, COL_MAX, td_rulebook_criterion_max(rb, c));
    if (td_result_target(&d, res, m, c))
        set_dec(r, COL_TARGET, d);
    if (td_result_actual(&d, res, m, c))
        set_dec(r, COL_ACTUAL, d);
    if (td_result_attainment(&d, res, m, c))
        set_dec(r, COL_ATTAINMENT, d);
    int met = td_result_met(res, m, c);
    if (met >= 0)
        set_str(r, COL_MET, met ? "true" : "false");
    set_dec(r, COL_POINTS, td_result_points(res, m, c));
    set_dec(r, COL_BONUS, td_result_criterion_bonus(res, m, c));
    char stack[TD_REPORT_EXPLAIN_STACK], *heap;
    const char *explain = td_report__criterion_explain(res, m, c, lang, stack, &heap);
    if (explain == NULL)
        r->text.failed = true;
    else
        set_str(r, COL_EXPLAIN, explain);
    td_free(heap);
    if (r->cols == COLS) {
        size_t p = td_rulebook_criterion_parent(rb, c);
        set_str(r, COL_PARENT, p != (size_t)-1 ? td_rulebook_node_id(rb, p)
                                               : td_rulebook_section_id(rb, td_rulebook_criterion_section(rb, c)));
    }
    emit(out, r);
}

static void member_rows(row *r, td_buf *out, const td_result *res, size_t m, td_lang lang)
{
    const td_rulebook *rb = td_result_rulebook(res);
    for (size_t s = 0; s < td_rulebook_section_count(rb); s++) {
        for (size_t c = 0; c < td_result_criterion_count(res); c++)
            if (td_rulebook_criterion_section(rb, c) == s)
                criterion_row(r, out, res, m, c, lang);
        for (size_t n = 0; n < td_rulebook_node_count(rb); n++) { /* 1.1: its group nodes */
            if (td_rulebook_node_section(rb, n) != s)
                continue;
            begin(r, res, m, "node");
            set_str(r, COL_ID, td_rulebook_node_id(rb, n));
            set_str(r, COL_NAME, td_rulebook_node_name(rb, n));
            set_dec(r, COL_MAX, td_rulebook_node_max(rb, n));
            set_dec(r, COL_POINTS, td_result_node_points(res, m, n));
            size_t p = td_rulebook_node_parent(rb, n);
            set_str(r, COL_PARENT, p != (size_t)-1 ? td_rulebook_node_id(rb, p) : td_rulebook_section_id(rb, s));
            emit(out, r);
        }
        begin(r, res, m, "section");
        set_str(r, COL_ID, td_rulebook_section_id(rb, s));
        set_str(r, COL_NAME, td_rulebook_section_name(rb, s));
        td_decimal max;
        if (td_rulebook_section_max(&max, rb, s))
            set_dec(r, COL_MAX, max);
        set_dec(r, COL_POINTS, td_result_section_points(res, m, s));
        emit(out, r);
    }
    const char *kinds[] = {"base", "bonus", "deduction", "total"};
    td_decimal values[] = {td_result_member_base(res, m), td_result_member_bonus(res, m),
                           td_result_member_deduction(res, m), td_result_member_total(res, m)};
    for (size_t k = 0; k < 4; k++) {
        begin(r, res, m, kinds[k]);
        set_dec(r, COL_POINTS, values[k]);
        if (k == 3)
            set_str(r, COL_EXPLAIN, td_result_member_explain(res, m, lang));
        emit(out, r);
    }
    const char *cls = td_result_member_classification(res, m);
    if (cls != NULL) {
        begin(r, res, m, "classification");
        set_str(r, COL_ID, cls);
        set_str(r, COL_NAME, td_report__classification_name(res, cls));
        set_str(r, COL_EXPLAIN, td_result_classification_explain(res, m, lang));
        emit(out, r);
    }
    begin(r, res, m, "rank");
    set_str(r, COL_EXPLAIN, td_result_rank_explain(res, m, lang));
    emit(out, r);
    /* 1.1 roll-ups: a row per measure a roll-up gave the member, the
     * roll-up's id as its name, the value as its actual */
    for (size_t ru = 0; ru < td_result_rollup_count(res); ru++)
        for (size_t k = 0; k < td_rulebook_rollup_measure_count(rb, ru); k++) {
            td_decimal v;
            begin(r, res, m, "rollup");
            set_str(r, COL_ID, td_rulebook_rollup_measure_id(rb, ru, k));
            set_str(r, COL_NAME, td_rulebook_rollup_id(rb, ru));
            if (td_result_rollup_value(&v, res, ru, k, m))
                set_dec(r, COL_ACTUAL, v);
            char *why = td_report__rollup_explain(res, ru, k, m, lang);
            if (why != NULL)
                set_str(r, COL_EXPLAIN, why);
            else
                r->text.failed = true;
            td_dealloc(&td_libc_allocator, why);
            emit(out, r);
        }
    for (size_t a = 0; a < td_result_award_count(res); a++) {
        begin(r, res, m, "award");
        set_str(r, COL_ID, td_rulebook_award_id(rb, a));
        set_str(r, COL_NAME, td_rulebook_award_name(rb, a));
        set_str(r, COL_STATUS, td_award_status_name(td_result_award_status(res, m, a)));
        set_str(r, COL_EXPLAIN, td_result_award_explain(res, m, a, lang));
        emit(out, r);
    }
}

td_status td_report__csv(const td_result *res, const td_report_options *o, td_buf *out, td_error *err)
{
    (void)err;
    row r;
    memset(&r, 0, sizeof r);
    r.excel = o->excel;
    r.cols = td_rulebook_node_count(td_result_rulebook(res)) > 0 ? COLS : COLS - 1;
    if (o->excel)
        td_buf_append(out, "\xEF\xBB\xBF"); /* U+FEFF: Excel then reads UTF-8 */
    for (int c = 0; c < r.cols; c++) {
        td_buf_append(out, header[c]);
        if (c + 1 < r.cols)
            td_buf_append_char(out, separator(o->excel));
    }
    td_buf_append(out, "\r\n");
    td_buf_init(&r.text, &td_libc_allocator);
    for (size_t m = 0; m < td_result_member_count(res); m++)
        member_rows(&r, out, res, m, o->lang);
    td_buf_free(&r.text);
    return TD_OK;
}

/* One field of the statuses file, quoted when it must be. */
static void cell(td_buf *out, const char *s, bool last)
{
    if (s != NULL)
        put_field(out, s, strlen(s), ',');
    td_buf_append(out, last ? "\r\n" : ",");
}

td_status td_report__statuses(const td_result *res, const td_report_options *o, td_buf *out, td_error *err)
{
    (void)o;
    const td_rulebook *rb = td_result_rulebook(res);
    size_t nm = td_result_member_count(res), na = td_result_award_count(res);
    cell(out, "id", false);
    cell(out, "unit", false);
    cell(out, "classification", na == 0);
    for (size_t a = 0; a < na; a++)
        cell(out, td_rulebook_award_id(rb, a), a + 1 == na);
    size_t *at = td_report__cluster_order(res);
    if (at == NULL)
        return td_error_nomem(err);
    for (size_t i = 0; i < nm; i++) {
        size_t m = at[i];
        cell(out, td_result_member_unit(res, m), false);
        cell(out, td_result_member_group(res, m), false);
        cell(out, td_result_member_classification(res, m), na == 0);
        for (size_t a = 0; a < na; a++)
            cell(out, td_award_status_name(td_result_award_status(res, m, a)), a + 1 == na);
    }
    td_dealloc(&td_libc_allocator, at);
    return TD_OK;
}
