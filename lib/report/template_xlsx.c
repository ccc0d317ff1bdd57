/*
 * The input workbook an officer fills in (`thidua template`): a member
 * table with a column pair "Kế hoạch" / "Thực hiện" (target / actual) under
 * each measure's name, a history table, and a sheet of instructions; laid
 * out as lib/load/xlsx.c reads it back (docs/rulebook.md, "Workbooks").
 * Written with libxlsxwriter from the rulebook's and the cluster's public
 * accessors only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "report_internal.h"
#include "report_phrases.h"

#define TEMPLATE_EMPTY_ROWS 30 /* rows to fill when no cluster names the members */
#define TEMPLATE_HISTORY_ROWS 100

typedef struct tbook {
    lxw_workbook *wb;
    td_lang lang;
    lxw_error failed;
    lxw_format *head, *side, *locked_text, *text_in, *num_in, *note;
} tbook;

static void check(tbook *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->failed == LXW_NO_ERROR)
        b->failed = e;
}

/* A measure's column pair: its label and which sides the data gives. */
typedef struct tcol {
    const char *id;
    char *label; /* "Số hộ đăng ký [hh_registered]" */
    bool target, actual;
} tcol;

/* The label of measure `id`: the name of the first criterion that reads it, with the id in brackets. */
static char *measure_label(const td_rulebook *rb, const char *id)
{
    const char *name = NULL;
    for (size_t i = 0; i < td_rulebook_criterion_count(rb) && name == NULL; i++) {
        const char *m = td_rulebook_criterion_measure(rb, i);
        const char *n = td_rulebook_criterion_name(rb, i);
        if (m != NULL && strcmp(m, id) == 0 && n != NULL && n[0] != '\0')
            name = n;
    }
    char *clean = td_report__clean_text(name != NULL ? name : "");
    if (clean == NULL)
        return NULL;
    size_t size = strlen(clean) + strlen(id) + 4;
    char *label = malloc(size);
    if (label != NULL) {
        if (clean[0] != '\0')
            snprintf(label, size, "%s [%s]", clean, id);
        else
            snprintf(label, size, "%s", id);
    }
    free(clean);
    return label;
}

static void make_formats(tbook *b)
{
    lxw_format **all[] = {&b->head, &b->side, &b->locked_text, &b->text_in, &b->num_in, &b->note};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if ((*all[i] = workbook_add_format(b->wb)) == NULL) {
            check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
    lxw_format *heads[] = {b->head, b->side};
    for (size_t i = 0; i < 2; i++) {
        format_set_bold(heads[i]);
        format_set_border(heads[i], LXW_BORDER_THIN);
        format_set_bg_color(heads[i], 0xDDEBF7);
        format_set_align(heads[i], LXW_ALIGN_CENTER);
        format_set_align(heads[i], LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(heads[i]);
    }
    format_set_border(b->locked_text, LXW_BORDER_THIN);
    format_set_bg_color(b->locked_text, 0xF2F2F2);
    format_set_border(b->text_in, LXW_BORDER_THIN);
    format_set_unlocked(b->text_in);
    format_set_num_format(b->text_in, "@"); /* ids are text, even "01" */
    format_set_border(b->num_in, LXW_BORDER_THIN);
    format_set_unlocked(b->num_in);
    format_set_text_wrap(b->note);
    format_set_align(b->note, LXW_ALIGN_VERTICAL_TOP);
}

/* true when d reads back exactly from a cell: a cell holds a double, and
 * the readers round its text to 15 significant digits (lib/load/xlsx.c). */
static bool fits_a_cell(td_decimal d)
{
    char text[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(text, sizeof text, d);
    size_t digits = 0;
    bool leading = true;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            continue;
        if (*p != '0')
            leading = false;
        digits += !leading;
    }
    return digits <= 15;
}

/* Fills the target cells of row `row` with member r's targets in the data
 * (set at the start of a period, before the results are known); a target
 * that a cell cannot hold exactly is left for the officer. */
static void fill_targets(tbook *b, lxw_worksheet *ws, lxw_row_t row, const td_cluster *cluster, size_t r,
                         const tcol *cols, size_t ncols)
{
    lxw_col_t c = 2;
    for (size_t i = 0; i < ncols; i++) {
        td_decimal d;
        if (cols[i].target && td_cluster_target(&d, cluster, td_cluster_member_id(cluster, r), cols[i].id) &&
            fits_a_cell(d))
            check(b, worksheet_write_number(ws, row, c, td_decimal_to_double(d), b->num_in));
        c = (lxw_col_t)(c + cols[i].target + cols[i].actual);
    }
}

/* Locks the sheet's locked cells (the headers, the members' ids and
 * names); formatting columns and rows stays allowed, and inserting rows
 * where the rows are the officer's own. */
static void protect(lxw_worksheet *ws, bool insert_rows)
{
    lxw_protection prot;
    memset(&prot, 0, sizeof prot);
    prot.format_columns = 1;
    prot.format_rows = 1;
    prot.insert_rows = insert_rows;
    worksheet_protect(ws, NULL, &prot);
}

/* Printed, a sheet is A4 landscape, one page wide, its header rows
 * repeated on every page (the data sheet's two, the others' one). */
static void print_setup(tbook *b, lxw_worksheet *ws, lxw_row_t header_rows)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    check(b, worksheet_repeat_rows(ws, 0, (lxw_row_t)(header_rows - 1)));
}

/* Cells [r0..r1] x [c0..c1] accept numbers of `type` (decimal or integer)
 * of at least `min`, else Excel shows the `title` / `message` phrases. */
static void at_least(tbook *b, lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1,
                     uint8_t type, double min, td_report_phrase title, td_report_phrase message)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.validate = type;
    v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    v.value_number = min;
    v.error_title = (char *)td_report__text(b->lang, title);
    v.error_message = (char *)td_report__text(b->lang, message);
    check(b, r0 == r1 && c0 == c1 ? worksheet_data_validation_cell(ws, r0, c0, &v)
                                  : worksheet_data_validation_range(ws, r0, c0, r1, c1, &v));
}

static void members_sheet(tbook *b, const td_cluster *cluster, const tcol *cols, size_t ncols)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, td_report__text(b->lang, TD_RP_TPL_SHEET_DATA));
    if (ws == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    check(b, worksheet_merge_range(ws, 0, 0, 1, 0, td_report__text(b->lang, TD_RP_TPL_ID), b->head));
    check(b, worksheet_merge_range(ws, 0, 1, 1, 1, td_report__text(b->lang, TD_RP_TPL_NAME), b->head));
    check(b, worksheet_set_column(ws, 0, 0, 18, NULL));
    check(b, worksheet_set_column(ws, 1, 1, 30, NULL));
    lxw_col_t c = 2;
    for (size_t i = 0; i < ncols; i++) {
        const tcol *m = &cols[i];
        lxw_col_t width = (lxw_col_t)(m->target + m->actual);
        if (width == 2)
            check(b, worksheet_merge_range(ws, 0, c, 0, (lxw_col_t)(c + 1), m->label, b->head));
        else
            check(b, worksheet_write_string(ws, 0, c, m->label, b->head));
        if (m->target)
            check(b, worksheet_write_string(ws, 1, c, td_report__text(b->lang, TD_RP_TPL_TARGET), b->side));
        if (m->actual)
            check(b, worksheet_write_string(ws, 1, (lxw_col_t)(c + (m->target ? 1 : 0)), td_report__text(b->lang, TD_RP_TPL_ACTUAL), b->side));
        c = (lxw_col_t)(c + width);
    }
    if (c > 2)
        check(b, worksheet_set_column(ws, 2, (lxw_col_t)(c - 1), 14, NULL));
    check(b, worksheet_set_row(ws, 0, 48, NULL));
    size_t rows = cluster != NULL ? td_cluster_member_count(cluster) : TEMPLATE_EMPTY_ROWS;
    for (size_t r = 0; r < rows && b->failed == LXW_NO_ERROR; r++) {
        lxw_row_t row = (lxw_row_t)(2 + r);
        if (cluster != NULL) {
            char *id = td_report__clean_text(td_cluster_member_id(cluster, r));
            char *name = td_report__clean_text(td_cluster_member_name(cluster, r));
            if (id == NULL || name == NULL)
                check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
            else {
                check(b, worksheet_write_string(ws, row, 0, id, b->locked_text));
                if (name[0] != '\0')
                    check(b, worksheet_write_string(ws, row, 1, name, b->locked_text));
                else
                    check(b, worksheet_write_blank(ws, row, 1, b->locked_text));
            }
            free(id);
            free(name);
        } else {
            check(b, worksheet_write_blank(ws, row, 0, b->text_in));
            check(b, worksheet_write_blank(ws, row, 1, b->text_in));
        }
        for (lxw_col_t k = 2; k < c; k++)
            check(b, worksheet_write_blank(ws, row, k, b->num_in));
        if (cluster != NULL)
            fill_targets(b, ws, row, cluster, r, cols, ncols);
    }
    if (c > 2 && rows > 0)
        at_least(b, ws, 2, 2, (lxw_row_t)(2 + rows - 1), (lxw_col_t)(c - 1), LXW_VALIDATION_TYPE_DECIMAL, 0,
                 TD_RP_TPL_BAD_NUMBER_TITLE, TD_RP_TPL_BAD_NUMBER);
    worksheet_freeze_panes(ws, 2, 2);
    print_setup(b, ws, 2);
    protect(ws, cluster == NULL);
}

/* The cluster's header as item / value rows (lib/load/table.c reads the
 * key in each label's brackets): filled from the data when given, else
 * left for the officer. */
static void cluster_sheet(tbook *b, const td_cluster *cluster)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, td_report__text(b->lang, TD_RP_TPL_SHEET_CLUSTER));
    if (ws == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    check(b, worksheet_write_string(ws, 0, 0, td_report__text(b->lang, TD_RP_TPL_ITEM), b->head));
    check(b, worksheet_write_string(ws, 0, 1, td_report__text(b->lang, TD_RP_TPL_VALUE_HEAD), b->head));
    static const td_report_phrase items[] = {TD_RP_TPL_C_ID,     TD_RP_TPL_C_NAME,   TD_RP_TPL_C_KIND,
                                             TD_RP_TPL_C_PERIOD, TD_RP_TPL_C_LEADER, TD_RP_TPL_C_DEPUTY,
                                             TD_RP_TPL_C_NEXT_LEADER, TD_RP_TPL_C_NEXT_DEPUTY};
    const char *values[8] = {NULL};
    if (cluster != NULL) {
        values[0] = td_cluster_id(cluster);
        values[1] = td_cluster_name(cluster);
        values[2] = td_report__text(b->lang, td_cluster_kind_of(cluster) == TD_CLUSTER_BLOCK ? TD_RP_TPL_KIND_BLOCK
                                                                                                : TD_RP_TPL_KIND_CLUSTER);
        values[4] = td_cluster_leader(cluster);
        values[5] = td_cluster_deputy(cluster);
    }
    for (lxw_row_t r = 0; r < 8 && b->failed == LXW_NO_ERROR; r++) {
        check(b, worksheet_write_string(ws, r + 1, 0, td_report__text(b->lang, items[r]), b->locked_text));
        if (r == 3 && cluster != NULL) {
            check(b, worksheet_write_number(ws, r + 1, 1, (double)td_cluster_period(cluster), b->num_in));
            continue;
        }
        char *text = values[r] != NULL && values[r][0] != '\0' ? td_report__clean_text(values[r]) : NULL;
        if (values[r] != NULL && values[r][0] != '\0' && text == NULL)
            check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else if (text != NULL)
            check(b, worksheet_write_string(ws, r + 1, 1, text, r == 3 ? b->num_in : b->text_in));
        else
            check(b, worksheet_write_blank(ws, r + 1, 1, r == 3 ? b->num_in : b->text_in));
        free(text);
    }
    at_least(b, ws, 4, 1, 4, 1, LXW_VALIDATION_TYPE_INTEGER, 0, TD_RP_TPL_BAD_YEAR_TITLE, TD_RP_TPL_BAD_YEAR);
    check(b, worksheet_set_column(ws, 0, 0, 40, NULL));
    check(b, worksheet_set_column(ws, 1, 1, 40, NULL));
    print_setup(b, ws, 1);
    protect(ws, false);
}

static void history_sheet(tbook *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, td_report__text(b->lang, TD_RP_TPL_SHEET_HISTORY));
    if (ws == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    static const td_report_phrase head[] = {TD_RP_TPL_HISTORY_UNIT, TD_RP_TPL_HISTORY_PERIOD, TD_RP_TPL_HISTORY_ID};
    for (lxw_col_t k = 0; k < 3; k++)
        check(b, worksheet_write_string(ws, 0, k, td_report__text(b->lang, head[k]), b->head));
    for (lxw_row_t r = 1; r <= TEMPLATE_HISTORY_ROWS; r++)
        for (lxw_col_t k = 0; k < 3; k++)
            check(b, worksheet_write_blank(ws, r, k, k == 1 ? b->num_in : b->text_in));
    check(b, worksheet_set_column(ws, 0, 0, 24, NULL));
    check(b, worksheet_set_column(ws, 1, 1, 10, NULL));
    check(b, worksheet_set_column(ws, 2, 2, 24, NULL));
    at_least(b, ws, 1, 1, TEMPLATE_HISTORY_ROWS, 1, LXW_VALIDATION_TYPE_INTEGER, 0, TD_RP_TPL_BAD_YEAR_TITLE,
             TD_RP_TPL_BAD_YEAR);
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(b, ws, 1);
    protect(ws, true);
}

/* A sheet of a fixed header (`head`) and `rows` rows; the rows' first
 * cells given by `first` (two texts a row, NULL: empty and unlocked), the
 * others empty number cells. Returns the sheet, or NULL (b->failed set). */
static lxw_worksheet *fixed_sheet(tbook *b, td_report_phrase name, const td_report_phrase *head, lxw_col_t ncols,
                                  const char *const *first, lxw_row_t rows)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, td_report__text(b->lang, name));
    if (ws == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    for (lxw_col_t k = 0; k < ncols; k++) {
        check(b, worksheet_write_string(ws, 0, k, td_report__text(b->lang, head[k]), b->head));
        check(b, worksheet_set_column(ws, k, k, k < 2 ? 24 : 10, NULL));
    }
    for (lxw_row_t r = 0; r < rows; r++)
        for (lxw_col_t k = 0; k < ncols; k++) {
            const char *text = first != NULL && k < 2 ? first[2 * r + k] : NULL;
            if (text != NULL)
                check(b, worksheet_write_string(ws, r + 1, k, text, b->locked_text));
            else
                check(b, worksheet_write_blank(ws, r + 1, k, k < 2 ? b->text_in : b->num_in));
        }
    worksheet_freeze_panes(ws, 1, 0);
    print_setup(b, ws, 1);
    protect(ws, first == NULL);
    return ws;
}

/* Council scores: a row per member (of the cluster) and manual criterion,
 * points of each source to fill; without a cluster, empty rows. */
static void scores_sheet(tbook *b, const td_rulebook *rb, const td_cluster *cluster)
{
    size_t manual = 0, nc = td_rulebook_criterion_count(rb);
    for (size_t i = 0; i < nc; i++)
        manual += td_rulebook_criterion_rule_kind(rb, i) == TD_RULE_MANUAL;
    if (manual == 0)
        return;
    size_t members = cluster != NULL ? td_cluster_member_count(cluster) : 0;
    size_t rows = cluster != NULL ? members * manual : TEMPLATE_HISTORY_ROWS;
    const char **first = NULL;
    if (cluster != NULL && (first = calloc(2 * rows + 1, sizeof *first)) == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (size_t m = 0, r = 0; m < members; m++)
        for (size_t i = 0; i < nc; i++)
            if (td_rulebook_criterion_rule_kind(rb, i) == TD_RULE_MANUAL) {
                first[2 * r] = td_cluster_member_id(cluster, m);
                first[2 * r + 1] = td_rulebook_criterion_id(rb, i);
                r++;
            }
    static const td_report_phrase head[] = {TD_RP_TPL_HISTORY_UNIT, TD_RP_TPL_CRITERION, TD_RP_TPL_SELF,
                                            TD_RP_TPL_CROSS, TD_RP_TPL_FINAL};
    lxw_worksheet *ws = fixed_sheet(b, TD_RP_TPL_SHEET_SCORES, head, 5, first, (lxw_row_t)rows);
    if (ws != NULL && rows > 0)
        at_least(b, ws, 1, 2, (lxw_row_t)rows, 4, LXW_VALIDATION_TYPE_DECIMAL, 0, TD_RP_TPL_BAD_NUMBER_TITLE,
                 TD_RP_TPL_BAD_NUMBER);
    free(first);
}

/* Events: empty rows of unit, item and count, when the rulebook has adjustment items. */
static void events_sheet(tbook *b, const td_rulebook *rb)
{
    if (td_rulebook_adjustment_count(rb) == 0)
        return;
    static const td_report_phrase head[] = {TD_RP_TPL_HISTORY_UNIT, TD_RP_TPL_ITEM, TD_RP_TPL_COUNT};
    lxw_worksheet *ws = fixed_sheet(b, TD_RP_TPL_SHEET_EVENTS, head, 3, NULL, TEMPLATE_HISTORY_ROWS);
    if (ws != NULL)
        at_least(b, ws, 1, 2, TEMPLATE_HISTORY_ROWS, 2, LXW_VALIDATION_TYPE_INTEGER, 1, TD_RP_TPL_BAD_NUMBER_TITLE,
                 TD_RP_TPL_BAD_YEAR);
}

static void notes_sheet(tbook *b, const td_rulebook *rb)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, td_report__text(b->lang, TD_RP_TPL_SHEET_NOTES));
    if (ws == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    char *name = td_report__clean_text(td_rulebook_name(rb)[0] != '\0' ? td_rulebook_name(rb) : td_rulebook_id(rb));
    if (name == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    check(b, worksheet_write_string(ws, 0, 0, name, b->head));
    free(name);
    static const td_report_phrase lines[] = {TD_RP_TPL_NOTE_DATA,   TD_RP_TPL_NOTE_NUMBERS, TD_RP_TPL_NOTE_HEADER,
                                             TD_RP_TPL_NOTE_CLUSTER, TD_RP_TPL_NOTE_SCORES, TD_RP_TPL_NOTE_EVENTS,
                                             TD_RP_TPL_NOTE_HISTORY, TD_RP_TPL_NOTE_CHECK};
    for (lxw_row_t r = 0; r < sizeof lines / sizeof lines[0]; r++)
        check(b, worksheet_write_string(ws, r + 2, 0, td_report__text(b->lang, lines[r]), b->note));
    check(b, worksheet_set_column(ws, 0, 0, 110, NULL));
}

td_status td_report__template_check(const td_rulebook *rb, const td_cluster *cluster, td_error *err)
{
    uint64_t cols = 2;
    for (size_t i = 0; i < td_rulebook_measure_count(rb); i++)
        cols += 2;
    if (cols > LXW_COL_MAX)
        return td_error_set(err, TD_ELIMIT,
                            "template: %llu columns do not fit a sheet (a sheet holds %llu columns)",
                            (unsigned long long)cols, (unsigned long long)LXW_COL_MAX);
    uint64_t manual = 0;
    for (size_t i = 0; i < td_rulebook_criterion_count(rb); i++)
        manual += td_rulebook_criterion_rule_kind(rb, i) == TD_RULE_MANUAL;
    /* the members' rows below two header rows; a row per member and manual criterion below one */
    if (cluster != NULL && ((uint64_t)td_cluster_member_count(cluster) + 2 > LXW_ROW_MAX ||
                            (uint64_t)td_cluster_member_count(cluster) * manual + 1 > LXW_ROW_MAX))
        return td_error_set(err, TD_ELIMIT, "template: %zu members do not fit a sheet (a sheet holds %llu rows)",
                            td_cluster_member_count(cluster), (unsigned long long)LXW_ROW_MAX);
    return TD_OK;
}

td_status td_report__template_file(const td_rulebook *rb, const td_cluster *cluster, td_lang lang,
                                   const char *path, const char *shown, td_error *err)
{
    size_t nm = td_rulebook_measure_count(rb), ncols = 0;
    tcol *cols = calloc(nm + 1, sizeof *cols);
    if (cols == NULL)
        return td_error_nomem(err);
    tbook b;
    memset(&b, 0, sizeof b);
    b.lang = lang;
    for (size_t i = 0; i < nm && b.failed == LXW_NO_ERROR; i++) {
        tcol m = {td_rulebook_measure_id(rb, i), NULL, td_rulebook_measure_target_formula(rb, i) == NULL,
                  td_rulebook_measure_actual_formula(rb, i) == NULL};
        if (!m.target && !m.actual)
            continue; /* derived: the data gives neither side */
        if ((m.label = measure_label(rb, m.id)) == NULL)
            check(&b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else
            cols[ncols++] = m;
    }
    lxw_error closed = LXW_NO_ERROR;
    bool started = false;
    if (b.failed == LXW_NO_ERROR && (b.wb = workbook_new(path)) != NULL) {
        started = true;
        char *title = td_report__clean_text(td_rulebook_name(rb)[0] != '\0' ? td_rulebook_name(rb) : td_rulebook_id(rb));
        lxw_doc_properties props;
        memset(&props, 0, sizeof props);
        props.title = title;
        props.subject = (char *)td_report__text(lang, TD_RP_TPL_SUBJECT);
        props.comments = (char *)td_report__text(lang, TD_RP_GENERATED_BY);
        props.created = (time_t)td_report__xlsx_date(cluster != NULL ? td_cluster_period(cluster) : 0);
        check(&b, title == NULL ? LXW_ERROR_MEMORY_MALLOC_FAILED : workbook_set_properties(b.wb, &props));
        make_formats(&b);
        if (b.failed == LXW_NO_ERROR)
            members_sheet(&b, cluster, cols, ncols);
        if (b.failed == LXW_NO_ERROR)
            cluster_sheet(&b, cluster);
        if (b.failed == LXW_NO_ERROR)
            scores_sheet(&b, rb, cluster);
        if (b.failed == LXW_NO_ERROR)
            events_sheet(&b, rb);
        if (b.failed == LXW_NO_ERROR)
            history_sheet(&b);
        if (b.failed == LXW_NO_ERROR)
            notes_sheet(&b, rb);
        closed = td_report__xlsx_close(b.wb); /* writes the file, and frees the workbook in any case */
        free(title);
    }
    for (size_t i = 0; i < ncols; i++)
        free(cols[i].label);
    free(cols);
    if (b.failed == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return td_error_nomem(err);
    if (b.failed != LXW_NO_ERROR)
        return td_error_set_at(err, TD_EIO, shown, 0, 0, "cannot build the workbook: %s", lxw_strerror(b.failed));
    if (!started)
        return td_error_set_at(err, TD_EIO, shown, 0, 0, "cannot start the workbook '%s'", shown);
    if (closed != LXW_NO_ERROR)
        return td_error_set_at(err, TD_EIO, shown, 0, 0, "cannot write the workbook '%s': %s", shown,
                               lxw_strerror(closed));
    return TD_OK;
}
