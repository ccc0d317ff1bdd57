/*
 * The xlsx workbook (libxlsxwriter): the file a cluster's secretary sends
 * to the level above. Four sheets: a summary (ranking, award proposals,
 * next leader), the criterion points of every member (the scoring table as
 * it is printed for a review), the details of every criterion with its
 * explanation, and every award decision.
 *
 * Numbers are stored as numbers (an xlsx cell holds a double; every value
 * of a result has at most 38 significant digits and in practice far fewer,
 * so the double reads back as the same decimal) with formats that show
 * them as the other reports do. The document's creation date is fixed
 * (1 January of the year after the period, 00:00 UTC) and libxlsxwriter
 * writes fixed dates into the zip, so the same result gives the same bytes.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "error.h"
#include "report_internal.h"

#define MAX_COLS 64          /* widths are tracked for this many columns */
#define MAX_CELL_BYTES 32000 /* Excel's limit is 32767 characters per cell */
#define WRAP_WIDTH 80.0      /* columns of explanation text wrap at this width */

typedef struct sheet {
    lxw_worksheet *ws;
    double width[MAX_COLS];
    double max_width[MAX_COLS]; /* 0: no limit of its own; text in wrapping cells wraps at it */
    lxw_row_t tall_row;          /* the row whose height was last raised, and its lines */
    size_t tall_lines;
} sheet;

typedef struct book {
    lxw_workbook *wb;
    const td_result *res;
    const td_rulebook *rb;
    td_lang lang;
    lxw_error failed;
    lxw_format *title, *subtitle, *bold_plain, *head, *head_num, *head_center, *text, *bold, *wrap, *score, *score_bold, *plain_num,
        *max, *percent, *integer, *section, *section_score, *section_max, *center;
} book;

static void check(book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->failed == LXW_NO_ERROR)
        b->failed = e;
}

static void widen(sheet *s, lxw_col_t col, double w)
{
    if (col >= MAX_COLS)
        return;
    if (s->max_width[col] > 0 && w > s->max_width[col])
        w = s->max_width[col];
    if (w > s->width[col])
        s->width[col] = w;
}

/* Columns a text of `cols` display columns takes: bold and wide letters need a little more than one unit each. */
static double text_width(size_t cols)
{
    return (double)cols * 1.2 + 2.5;
}

/*
 * Spreadsheets do not grow a row for wrapped text they did not lay out
 * themselves, so the height is set here: one line of 15 points per
 * `max_width` columns of text.
 */
static void fit_row(book *b, sheet *s, lxw_row_t row, lxw_col_t col, double w)
{
    if (col >= MAX_COLS || s->max_width[col] <= 0 || w <= s->max_width[col] * 1.15)
        return;
    /* a column of width N holds about 1.15 N letters of running text */
    size_t lines = (size_t)(w / (s->max_width[col] * 1.15)) + 1;
    if (lines > 30)
        lines = 30;
    if (row == s->tall_row && lines <= s->tall_lines)
        return;
    s->tall_row = row;
    s->tall_lines = lines;
    check(b, worksheet_set_row(s->ws, row, 15.0 * (double)lines + 1, NULL));
}

static void put_text(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f)
{
    char *clean = td_report__clean_text(text);
    if (clean == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    size_t len = strlen(clean);
    if (len > MAX_CELL_BYTES) { /* cut on a character boundary */
        len = MAX_CELL_BYTES;
        while (len > 0 && ((unsigned char)clean[len] & 0xC0) == 0x80)
            len--;
        clean[len] = '\0';
    }
    if (clean[0] == '\0')
        check(b, worksheet_write_blank(s->ws, row, col, f));
    else
        check(b, worksheet_write_string(s->ws, row, col, clean, f));
    size_t cols = td_report__text_width(clean);
    widen(s, col, text_width(cols));
    if (f == b->wrap || f == b->head || f == b->head_num || f == b->head_center)
        fit_row(b, s, row, col, (double)cols + 1);
    free(clean);
}

static void put_number(book *b, sheet *s, lxw_row_t row, lxw_col_t col, td_decimal d, lxw_format *f,
                       int places)
{
    char buf[TD_DECIMAL_STRING_SIZE];
    int scale = td_decimal_scale(d);
    size_t n = td_decimal_format_fixed(buf, sizeof buf, d, scale > places ? scale : places);
    check(b, worksheet_write_number(s->ws, row, col, td_decimal_to_double(d), f));
    widen(s, col, (double)n * 1.2 + 3);
}

static void put_int(book *b, sheet *s, lxw_row_t row, lxw_col_t col, size_t v, lxw_format *f)
{
    check(b, worksheet_write_number(s->ws, row, col, (double)v, f));
    char buf[32];
    widen(s, col, (double)snprintf(buf, sizeof buf, "%zu", v) + 3);
}

static void put_blank(book *b, sheet *s, lxw_row_t row, lxw_col_t col, lxw_format *f)
{
    check(b, worksheet_write_blank(s->ws, row, col, f));
}

static void finish(book *b, sheet *s, lxw_col_t cols)
{
    for (lxw_col_t c = 0; c < cols && c < MAX_COLS; c++) {
        double w = s->width[c] < 6 ? 6 : s->width[c];
        check(b, worksheet_set_column(s->ws, c, c, w, NULL));
    }
}

static sheet new_sheet(book *b, const char *name)
{
    sheet s;
    memset(&s, 0, sizeof s);
    s.tall_row = (lxw_row_t)-1;
    s.ws = workbook_add_worksheet(b->wb, name);
    if (s.ws == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return s;
    }
    worksheet_set_landscape(s.ws);
    worksheet_set_paper(s.ws, 9); /* A4 */
    worksheet_fit_to_pages(s.ws, 1, 0);
    worksheet_set_margins(s.ws, 0.4, 0.4, 0.5, 0.5);
    return s;
}

/* Title and subtitle in rows 0 and 1 (not counted in column widths). */
static void sheet_title(book *b, sheet *s, const char *subtitle_label)
{
    const char *name = td_rulebook_name(b->rb);
    char *title = td_report__clean_text(name[0] != '\0' ? name : td_rulebook_id(b->rb));
    td_buf sub;
    td_buf_init(&sub, &td_libc_allocator);
    const char *cluster = td_result_cluster_name(b->res);
    td_report__put_clean(&sub, cluster[0] != '\0' ? cluster : td_result_cluster_id(b->res));
    td_buf_appendf(&sub, " · %s %lld · %s", td_report__text(b->lang, TD_RP_PERIOD),
                   (long long)td_result_period(b->res),
                   subtitle_label);
    if (title == NULL || sub.failed) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        check(b, worksheet_write_string(s->ws, 0, 0, title, b->title));
        check(b, worksheet_write_string(s->ws, 1, 0, sub.data, b->subtitle));
    }
    free(title);
    td_buf_free(&sub);
}

/* The texts of phrases ids[0..n) in the workbook's language, into out. */
static void texts_of(const book *b, const td_report_phrase *ids, size_t n, const char **out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = td_report__text(b->lang, ids[i]);
}

/* align: per column 'l', 'r' or 'c', as the column's values are aligned. */
static void header_row(book *b, sheet *s, lxw_row_t row, const char *const *labels, const char *align,
                       lxw_col_t n)
{
    for (lxw_col_t c = 0; c < n; c++)
        put_text(b, s, row, c, labels[c],
                 align[c] == 'r' ? b->head_num : align[c] == 'c' ? b->head_center : b->head);
    check(b, worksheet_repeat_rows(s->ws, row, row));
    worksheet_freeze_panes(s->ws, row + 1, 0);
}

static const char *award_title(const book *b, size_t a)
{
    const char *name = td_rulebook_award_name(b->rb, a);
    return name[0] != '\0' ? name : td_rulebook_award_id(b->rb, a);
}

/* ---- sheets ---------------------------------------------------------------- */

/* A line of text below a table, outside the grid (not counted in column widths). */
static void note(book *b, sheet *s, lxw_row_t row, const char *text, lxw_format *f)
{
    char *clean = td_report__clean_text(text);
    if (clean == NULL)
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        check(b, worksheet_write_string(s->ws, row, 0, clean, f));
    free(clean);
}

/* An explanation in a cell: text for people, so its numbers are written as
 * the book's language writes them ("0,85"), while the cells of numbers stay
 * numbers that Excel shows in the reader's own locale. */
static void put_explanation(book *b, sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *f)
{
    char *t = td_report__numbers_text(b->lang, text);
    if (t == NULL)
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        put_text(b, s, row, col, t, f);
    free(t);
}

/* note() of an explanation, its numbers as the book's language writes them. */
static void note_explanation(book *b, sheet *s, lxw_row_t row, const char *text)
{
    char *t = td_report__numbers_text(b->lang, text);
    if (t == NULL)
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        note(b, s, row, t, NULL);
    free(t);
}

static void summary_sheet(book *b, int places)
{
    const td_lang lang = b->lang;
    sheet s = new_sheet(b, td_report__text(lang, TD_RP_SUMMARY));
    if (s.ws == NULL)
        return;
    sheet_title(b, &s, td_report__text(lang, TD_RP_SUMMARY));
    size_t na = td_result_award_count(b->res); /* one column each (td_report__xlsx_check: they fit) */
    td_report_phrase fixed[TD_REPORT_STANDING_MAX];
    size_t nf = td_report__standing_columns(b->res, fixed); /* 1.1: group and rank in it; no points without any */
    const char **heads = malloc((nf + na) * sizeof *heads);
    char *align = malloc(nf + na + 1);
    if (heads == NULL || align == NULL) {
        free(heads);
        free(align);
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    texts_of(b, fixed, nf, heads);
    for (size_t c = 0; c < nf; c++)
        align[c] = fixed[c] == TD_RP_RANK ? 'c'
                   : fixed[c] == TD_RP_UNIT || fixed[c] == TD_RP_NAME || fixed[c] == TD_RP_CLASSIFICATION ||
                           fixed[c] == TD_RP_GROUP
                       ? 'l'
                       : 'r';
    for (size_t a = 0; a < na; a++) {
        heads[nf + a] = award_title(b, a);
        align[nf + a] = 'l';
    }
    align[nf + na] = '\0';
    lxw_row_t row = 3;
    lxw_col_t cols = (lxw_col_t)(nf + na);
    for (lxw_col_t c = (lxw_col_t)nf; c < cols && c < MAX_COLS; c++)
        s.max_width[c] = 24; /* award names wrap in the header */
    header_row(b, &s, row, heads, align, cols);
    free(heads);
    free(align);
    size_t nm = td_result_member_count(b->res);
    for (size_t m = 0; m < nm; m++) {
        row++;
        const char *group = td_result_member_group(b->res, m);
        for (size_t c = 0; c < nf; c++) {
            lxw_col_t col = (lxw_col_t)c;
            char met[48];
            switch (fixed[c]) {
            case TD_RP_RANK: put_int(b, &s, row, col, td_result_member_rank(b->res, m), b->integer); break;
            case TD_RP_UNIT: put_text(b, &s, row, col, td_result_member_unit(b->res, m), b->text); break;
            case TD_RP_NAME: put_text(b, &s, row, col, td_result_member_name(b->res, m), b->text); break;
            case TD_RP_TOTAL: put_number(b, &s, row, col, td_result_member_total(b->res, m), b->score_bold, places); break;
            case TD_RP_BASE: put_number(b, &s, row, col, td_result_member_base(b->res, m), b->score, places); break;
            case TD_RP_BONUS: put_number(b, &s, row, col, td_result_member_bonus(b->res, m), b->score, places); break;
            case TD_RP_DEDUCTION:
                put_number(b, &s, row, col, td_result_member_deduction(b->res, m), b->score, places);
                break;
            case TD_RP_CLASSIFICATION:
                put_text(b, &s, row, col,
                         td_report__classification_name(b->res, td_result_member_classification(b->res, m)), b->text);
                break;
            case TD_RP_TARGETS_MET:
                snprintf(met, sizeof met, "%zu/%zu", td_result_member_count_met(b->res, m),
                         td_report__count_with_attainment(b->res, m));
                put_text(b, &s, row, col, met, b->plain_num);
                break;
            case TD_RP_GROUP:
                if (group != NULL)
                    put_text(b, &s, row, col, group, b->text);
                break;
            default: /* TD_RP_GROUP_RANK */
                if (group != NULL)
                    put_int(b, &s, row, col, td_result_member_group_rank(b->res, m), b->integer);
                break;
            }
        }
        for (size_t a = 0; a < na; a++) {
            td_award_status st = td_result_award_status(b->res, m, a);
            put_text(b, &s, row, (lxw_col_t)(nf + a), td_report__status_label(lang, st),
                     st == TD_AWARD_SELECTED ? b->bold : b->text);
        }
    }
    row++;
    for (size_t a = 0; a < td_result_award_count(b->res); a++) {
        td_buf line;
        td_buf_init(&line, &td_libc_allocator);
        td_buf_append(&line, award_title(b, a));
        td_buf_append(&line, ": ");
        td_report__put_numbers(&line, b->lang, td_report__str(td_result_award_quota_explain(b->res, a, b->lang)));
        if (line.failed)
            check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else
            note(b, &s, ++row, line.data, NULL);
        td_buf_free(&line);
    }
    for (int deputy = 0; deputy < 2; deputy++) {
        /* the next leader, then the next deputy (rulebook 1.1) */
        const char *next = deputy ? td_result_next_deputy(b->res) : td_result_next_leader(b->res);
        if (next == NULL)
            continue;
        row += 2;
        td_buf line;
        td_buf_init(&line, &td_libc_allocator);
        td_buf_appendf(&line, "%s: ",
                       td_report__text(lang, td_report__role(b->res, deputy ? TD_RP_NEXT_DEPUTY : TD_RP_NEXT_LEADER)));
        size_t m;
        if (td_result_find_member(&m, b->res, next, NULL) == TD_OK &&
            td_result_member_name(b->res, m)[0] != '\0') {
            td_buf_append(&line, td_result_member_name(b->res, m));
            td_buf_append(&line, " (");
            td_buf_append(&line, next);
            td_buf_append(&line, ")");
        } else {
            td_buf_append(&line, next);
        }
        if (line.failed)
            check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else
            note(b, &s, row, line.data, b->bold_plain);
        td_buf_free(&line);
        note_explanation(b, &s, row + 1,
                         deputy ? td_result_deputy_explain(b->res, b->lang) : td_result_leader_explain(b->res, b->lang));
        row++;
    }
    finish(b, &s, cols);
}

/* 1.1: a capped group node's cell holds a number, so the mark the other
 * reports put after it is a comment: "(*) Tổng các mục: 156,00 > tối đa 150". */
static void capped_comment(book *b, sheet *s, lxw_row_t row, lxw_col_t col, td_decimal sum, td_decimal max,
                           int places)
{
    td_buf text;
    td_buf_init(&text, &td_libc_allocator);
    td_buf_append(&text, "(" TD_REPORT_CAPPED_MARK ") ");
    td_report__capped_note(&text, b->lang, sum, max, places);
    if (text.failed)
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        check(b, worksheet_write_comment(s->ws, row, col, text.data));
    td_buf_free(&text);
}

static void points_sheet(book *b, int places)
{
    const td_lang lang = b->lang;
    sheet s = new_sheet(b, td_report__text(lang, TD_RP_CRITERION_POINTS));
    if (s.ws == NULL)
        return;
    s.max_width[1] = 48;
    sheet_title(b, &s, td_report__text(lang, TD_RP_CRITERION_POINTS));
    size_t nm = td_result_member_count(b->res);
    lxw_row_t row = 3;
    put_text(b, &s, row, 0, td_report__text(lang, TD_RP_CRITERION), b->head);
    put_text(b, &s, row, 1, td_report__text(lang, TD_RP_ITEM_NAME), b->head);
    put_text(b, &s, row, 2, td_report__text(lang, TD_RP_MAX), b->head_num);
    for (size_t m = 0; m < nm; m++) {
        if (3 + m < MAX_COLS)
            s.max_width[3 + m] = 16; /* long names wrap in the header */
        put_text(b, &s, row, (lxw_col_t)(3 + m), td_report__member_label(b->res, m), b->head_num);
    }
    check(b, worksheet_repeat_rows(s.ws, row, row));
    worksheet_freeze_panes(s.ws, row + 1, 3);
    td_report__rows rows;
    td_report__row r;
    td_report__rows_init(&rows, b->rb);
    while (td_report__rows_next(&rows, &r)) {
        row++;
        const char *id = td_report__row_id(b->rb, &r), *name = td_report__row_name(b->rb, &r);
        td_decimal max;
        if (r.kind == TD_REPORT_ROW_SECTION) {
            put_text(b, &s, row, 0, id, b->section);
            put_text(b, &s, row, 1, name, b->section);
            if (td_report__row_max(b->rb, &r, &max))
                put_number(b, &s, row, 2, max, b->section_max, 0);
            else
                put_blank(b, &s, row, 2, b->section_score);
            for (size_t m = 0; m < nm; m++)
                put_number(b, &s, row, (lxw_col_t)(3 + m), td_report__row_points(b->res, m, &r), b->section_score,
                           places);
            continue;
        }
        /* 1.1: nested rows' ids two spaces further in per level, group nodes in bold */
        bool node = r.kind == TD_REPORT_ROW_NODE;
        if (r.level > 1) {
            char shown[128];
            snprintf(shown, sizeof shown, "%*s%s", (int)(2 * (r.level - 1)), "", id);
            put_text(b, &s, row, 0, strlen(id) + 2 * (r.level - 1) < sizeof shown ? shown : id,
                     node ? b->bold : b->text);
        } else {
            put_text(b, &s, row, 0, id, node ? b->bold : b->text);
        }
        put_text(b, &s, row, 1, name, node ? b->bold : b->wrap);
        td_report__row_max(b->rb, &r, &max);
        put_number(b, &s, row, 2, max, b->max, 0);
        for (size_t m = 0; m < nm; m++) {
            td_decimal sum;
            put_number(b, &s, row, (lxw_col_t)(3 + m), td_report__row_points(b->res, m, &r),
                       node ? b->score_bold : b->score, places);
            if (td_report__row_capped(b->res, m, &r, &sum))
                capped_comment(b, &s, row, (lxw_col_t)(3 + m), sum, max, places);
        }
    }
    static const td_report_phrase labels[] = {TD_RP_BASE, TD_RP_BONUS, TD_RP_DEDUCTION, TD_RP_TOTAL};
    td_decimal (*values[])(const td_result *, size_t) = {td_result_member_base, td_result_member_bonus,
                                                         td_result_member_deduction, td_result_member_total};
    for (size_t k = 0; k < 4; k++) {
        row++;
        lxw_format *f = k == 3 ? b->score_bold : b->score;
        put_blank(b, &s, row, 0, k == 3 ? b->bold : b->text);
        put_text(b, &s, row, 1, td_report__text(lang, labels[k]), k == 3 ? b->bold : b->text);
        put_blank(b, &s, row, 2, f);
        for (size_t m = 0; m < nm; m++)
            put_number(b, &s, row, (lxw_col_t)(3 + m), values[k](b->res, m), f, places);
    }
    row++;
    put_blank(b, &s, row, 0, b->text);
    put_text(b, &s, row, 1, td_report__text(lang, TD_RP_RANK), b->text);
    put_blank(b, &s, row, 2, b->text);
    for (size_t m = 0; m < nm; m++)
        put_int(b, &s, row, (lxw_col_t)(3 + m), td_result_member_rank(b->res, m), b->plain_num);
    if (td_report__any_capped(b->res)) { /* 1.1: what the comments on capped groups mean */
        td_buf legend;
        td_buf_init(&legend, &td_libc_allocator);
        td_report__capped_legend(&legend, lang);
        if (legend.failed)
            check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else
            note(b, &s, row + 2, legend.data, NULL);
        td_buf_free(&legend);
    }
    finish(b, &s, (lxw_col_t)(3 + nm));
}

static void details_sheet(book *b, int places)
{
    const td_lang lang = b->lang;
    sheet s = new_sheet(b, td_report__text(lang, TD_RP_DETAILS));
    if (s.ws == NULL)
        return;
    s.max_width[5] = 40;
    s.max_width[13] = WRAP_WIDTH;
    sheet_title(b, &s, td_report__text(lang, TD_RP_DETAILS));
    static const td_report_phrase ids[] = {TD_RP_RANK, TD_RP_UNIT, TD_RP_NAME, TD_RP_SECTION,
                                           TD_RP_CRITERION, TD_RP_ITEM_NAME, TD_RP_MAX, TD_RP_TARGET,
                                           TD_RP_ACTUAL, TD_RP_ATTAINMENT, TD_RP_MET, TD_RP_POINTS,
                                           TD_RP_CRITERION_BONUS, TD_RP_EXPLANATION};
    const char *heads[14];
    texts_of(b, ids, 14, heads);
    lxw_row_t row = 3, first = 3;
    header_row(b, &s, row, heads, "clllllrrrrcrrl", 14);
    for (size_t m = 0; m < td_result_member_count(b->res); m++)
        for (size_t c = 0; c < td_result_criterion_count(b->res); c++) {
            td_decimal d;
            row++;
            put_int(b, &s, row, 0, td_result_member_rank(b->res, m), b->integer);
            put_text(b, &s, row, 1, td_result_member_unit(b->res, m), b->text);
            put_text(b, &s, row, 2, td_result_member_name(b->res, m), b->text);
            put_text(b, &s, row, 3, td_rulebook_section_id(b->rb, td_rulebook_criterion_section(b->rb, c)),
                     b->text);
            put_text(b, &s, row, 4, td_rulebook_criterion_id(b->rb, c), b->text);
            put_text(b, &s, row, 5, td_rulebook_criterion_name(b->rb, c), b->wrap);
            put_number(b, &s, row, 6, td_rulebook_criterion_max(b->rb, c), b->max, 0);
            if (td_result_target(&d, b->res, m, c))
                put_number(b, &s, row, 7, d, b->plain_num, 0);
            else
                put_blank(b, &s, row, 7, b->plain_num);
            if (td_result_actual(&d, b->res, m, c))
                put_number(b, &s, row, 8, d, b->plain_num, 0);
            else
                put_blank(b, &s, row, 8, b->plain_num);
            int met = td_result_met(b->res, m, c);
            if (td_result_attainment(&d, b->res, m, c))
                put_number(b, &s, row, 9, d, b->percent, 6);
            else
                put_blank(b, &s, row, 9, b->percent);
            put_text(b, &s, row, 10, met < 0 ? "" : td_report__text(lang, met ? TD_RP_MET_YES : TD_RP_MET_NO),
                     b->center);
            put_number(b, &s, row, 11, td_result_points(b->res, m, c), b->score, places);
            put_number(b, &s, row, 12, td_result_criterion_bonus(b->res, m, c), b->score, places);
            char stack[TD_REPORT_EXPLAIN_STACK], *heap;
            const char *explain = td_report__criterion_explain(b->res, m, c, b->lang, stack, &heap);
            if (explain == NULL)
                check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
            else
                put_explanation(b, &s, row, 13, explain, b->wrap);
            td_free(heap);
        }
    check(b, worksheet_autofilter(s.ws, first, 0, row, 13));
    finish(b, &s, 14);
}

static void awards_sheet(book *b)
{
    const td_lang lang = b->lang;
    size_t na = td_result_award_count(b->res);
    if (na == 0)
        return;
    sheet s = new_sheet(b, td_report__text(lang, TD_RP_AWARDS));
    if (s.ws == NULL)
        return;
    s.max_width[1] = 48;
    s.max_width[6] = WRAP_WIDTH;
    sheet_title(b, &s, td_report__text(lang, TD_RP_AWARDS));
    static const td_report_phrase ids[] = {TD_RP_AWARD, TD_RP_ITEM_NAME, TD_RP_RANK, TD_RP_UNIT,
                                           TD_RP_NAME, TD_RP_STATUS, TD_RP_EXPLANATION};
    const char *heads[7];
    texts_of(b, ids, 7, heads);
    lxw_row_t row = 3, first = 3;
    header_row(b, &s, row, heads, "llcllll", 7);
    for (size_t a = 0; a < na; a++)
        for (size_t m = 0; m < td_result_member_count(b->res); m++) {
            row++;
            put_text(b, &s, row, 0, td_rulebook_award_id(b->rb, a), b->text);
            put_text(b, &s, row, 1, award_title(b, a), b->wrap);
            put_int(b, &s, row, 2, td_result_member_rank(b->res, m), b->integer);
            put_text(b, &s, row, 3, td_result_member_unit(b->res, m), b->text);
            put_text(b, &s, row, 4, td_result_member_name(b->res, m), b->text);
            td_award_status st = td_result_award_status(b->res, m, a);
            put_text(b, &s, row, 5, td_report__status_label(lang, st),
                     st == TD_AWARD_SELECTED ? b->bold : b->text);
            put_explanation(b, &s, row, 6, td_result_award_explain(b->res, m, a, b->lang), b->wrap);
        }
    row += 2;
    for (size_t a = 0; a < na; a++, row++) {
        td_buf line;
        td_buf_init(&line, &td_libc_allocator);
        td_buf_append(&line, td_rulebook_award_id(b->rb, a));
        td_buf_append(&line, ": ");
        char *quota = td_report__numbers_text(b->lang, td_result_award_quota_explain(b->res, a, b->lang));
        if (quota == NULL)
            line.failed = true;
        else
            td_report__put_clean(&line, quota);
        free(quota);
        if (line.failed)
            check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else
            note(b, &s, row, line.data, NULL);
        td_buf_free(&line);
    }
    check(b,
          worksheet_autofilter(s.ws, first, 0, first + (lxw_row_t)(na * td_result_member_count(b->res)), 6));
    finish(b, &s, 7);
}

/* 1.1 roll-ups: one row per roll-up, member and measure, with the member's
 * children, the units below it, the value and how it was counted. */
static void rollups_sheet(book *b)
{
    const td_lang lang = b->lang;
    size_t nr = td_result_rollup_count(b->res), nm = td_result_member_count(b->res);
    if (nr == 0)
        return;
    sheet s = new_sheet(b, td_report__text(lang, TD_RP_ROLLUPS));
    if (s.ws == NULL)
        return;
    s.max_width[8] = WRAP_WIDTH;
    sheet_title(b, &s, td_report__text(lang, TD_RP_ROLLUPS));
    static const td_report_phrase ids[] = {TD_RP_ROLLUPS, TD_RP_RANK, TD_RP_UNIT, TD_RP_NAME, TD_RP_CHILDREN,
                                           TD_RP_UNITS_BELOW, TD_RP_MEASURE, TD_RP_VALUE, TD_RP_EXPLANATION};
    const char *heads[9];
    texts_of(b, ids, 9, heads);
    lxw_row_t row = 3, first = 3;
    header_row(b, &s, row, heads, "lcllrrlrl", 9);
    for (size_t r = 0; r < nr; r++)
        for (size_t m = 0; m < nm; m++)
            for (size_t k = 0; k < td_rulebook_rollup_measure_count(b->rb, r); k++) {
                td_decimal v;
                row++;
                put_text(b, &s, row, 0, td_rulebook_rollup_id(b->rb, r), b->text);
                put_int(b, &s, row, 1, td_result_member_rank(b->res, m), b->integer);
                put_text(b, &s, row, 2, td_result_member_unit(b->res, m), b->text);
                put_text(b, &s, row, 3, td_result_member_name(b->res, m), b->text);
                put_int(b, &s, row, 4, td_result_rollup_child_count(b->res, r, m), b->integer);
                put_int(b, &s, row, 5, td_result_member_unit_count(b->res, m), b->integer);
                put_text(b, &s, row, 6, td_rulebook_rollup_measure_id(b->rb, r, k), b->text);
                if (td_result_rollup_value(&v, b->res, r, k, m))
                    put_number(b, &s, row, 7, v, b->plain_num, 0);
                else
                    put_blank(b, &s, row, 7, b->plain_num);
                char *why = td_report__rollup_explain(b->res, r, k, m, lang);
                if (why != NULL)
                    put_explanation(b, &s, row, 8, why, b->wrap);
                else
                    check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
                td_dealloc(&td_libc_allocator, why);
            }
    check(b, worksheet_autofilter(s.ws, first, 0, row, 8));
    finish(b, &s, 9);
}

/* ---- formats and the workbook ------------------------------------------------ */

static lxw_format *cell_format(book *b, const char *num_format, bool bold, bool wrap)
{
    lxw_format *f = workbook_add_format(b->wb);
    if (f == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    format_set_border(f, LXW_BORDER_THIN);
    format_set_border_color(f, 0xB7C0CC);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (num_format != NULL)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    if (wrap)
        format_set_text_wrap(f);
    return f;
}

/* "#,##0.00" style number formats with `places` decimals, then `suffix`. */
static void number_format(char *buf, size_t size, const char *integer, int places, const char *suffix)
{
    snprintf(buf, size, "%s", integer);
    size_t n = strlen(buf);
    if (places > 0 && n + 2 < size) {
        buf[n++] = '.';
        for (int i = 0; i < places && n + 1 < size; i++)
            buf[n++] = '0';
        buf[n] = '\0';
    }
    snprintf(buf + n, size - n, "%s", suffix);
}

static void make_formats(book *b, int places)
{
    char score[64], percent[64];
    number_format(score, sizeof score, "#,##0", places, "");
    number_format(percent, sizeof percent, "0", td_report__percent_places(b->res), "%");
    b->title = workbook_add_format(b->wb);
    b->subtitle = workbook_add_format(b->wb);
    b->bold_plain = workbook_add_format(b->wb);
    if (b->title == NULL || b->subtitle == NULL || b->bold_plain == NULL) {
        check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    format_set_font_color(b->title, 0x1F3864);
    format_set_bold(b->bold_plain);
    format_set_italic(b->subtitle);
    format_set_font_color(b->subtitle, 0x44546A);
    b->head = cell_format(b, NULL, true, true);
    b->head_num = cell_format(b, NULL, true, true);
    b->head_center = cell_format(b, NULL, true, true);
    b->text = cell_format(b, NULL, false, false);
    b->bold = cell_format(b, NULL, true, false);
    b->wrap = cell_format(b, NULL, false, true);
    b->score = cell_format(b, score, false, false);
    b->score_bold = cell_format(b, score, true, false);
    b->plain_num = cell_format(b, "General", false, false);
    b->max = cell_format(b, "General", false, false);
    b->percent = cell_format(b, percent, false, false);
    b->integer = cell_format(b, "0", false, false);
    b->section = cell_format(b, NULL, true, false);
    b->section_score = cell_format(b, score, true, false);
    b->section_max = cell_format(b, "General", true, false);
    b->center = cell_format(b, NULL, false, false);
    if (b->failed != LXW_NO_ERROR)
        return;
    format_set_bg_color(b->head, 0xDCE6F1);
    format_set_bg_color(b->head_num, 0xDCE6F1);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(b->head_num, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(b->head_num, LXW_ALIGN_RIGHT);
    format_set_bg_color(b->head_center, 0xDCE6F1);
    format_set_align(b->head_center, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(b->head_center, LXW_ALIGN_CENTER);
    format_set_align(b->plain_num, LXW_ALIGN_RIGHT);
    format_set_bg_color(b->section, 0xF2F4F7);
    format_set_bg_color(b->section_score, 0xF2F4F7);
    format_set_bg_color(b->section_max, 0xF2F4F7);
    format_set_align(b->center, LXW_ALIGN_CENTER);
    format_set_align(b->integer, LXW_ALIGN_CENTER);
    /* a little room between a right-aligned number and the text after it */
    format_set_indent(b->text, 1);
    format_set_indent(b->wrap, 1);
    format_set_indent(b->bold, 1);
    format_set_indent(b->section, 1);
    format_set_indent(b->head, 1);
}

/* libxlsxwriter's workbook_close() formats the creation date with
 * gmtime(), whose result is one buffer for the whole process: two threads
 * closing workbooks at once write it together. This lock, the library's
 * only state beyond its objects (it holds nothing), makes the workbooks of
 * this library close one at a time; gmtime() called elsewhere in the same
 * process at that moment is the application's to avoid (reliability.md). */
static pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;

lxw_error td_report__xlsx_close(lxw_workbook *wb)
{
    pthread_mutex_lock(&close_lock);
    lxw_error e = workbook_close(wb);
    pthread_mutex_unlock(&close_lock);
    return e;
}

long long td_report__xlsx_date(int64_t period)
{
    /* libxlsxwriter takes the date as a time_t: where it has 32 bits (i386),
     * 1 January 2038 is the last one it holds */
    const int64_t last = sizeof(time_t) >= 8 ? 2999 : 2038;
    int64_t year = period >= 1979 && period < last ? period + 1 : 1980;
    int64_t days = 0;
    for (int64_t y = 1970; y < year; y++)
        days += (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365;
    return days * 86400;
}

/*
 * Excel's grid holds 1,048,576 rows and 16,384 columns per sheet. A result
 * that does not fit is refused before anything is written, naming the sheet
 * and the count, rather than giving a workbook with rows or columns missing.
 */
td_status td_report__xlsx_check(const td_result *res, const td_report_options *o, td_error *err)
{
    /* the sheets' names, as the user sees them */
    const char *summary = td_report__text(o->lang, TD_RP_SUMMARY);
    const char *points = td_report__text(o->lang, TD_RP_CRITERION_POINTS);
    const char *details = td_report__text(o->lang, TD_RP_DETAILS);
    const char *awards = td_report__text(o->lang, TD_RP_AWARDS);
    const td_rulebook *rb = td_result_rulebook(res);
    uint64_t nm = td_result_member_count(res), nc = td_result_criterion_count(res);
    uint64_t ns = td_rulebook_section_count(rb) + td_rulebook_node_count(rb), na = td_result_award_count(res);
    const uint64_t rows = LXW_ROW_MAX, cols = LXW_COL_MAX;
    /* the first row of data is row 4 (title, subtitle, a blank row, the header) */
    if (3 + nm > cols)
        return td_error_set(err, TD_ELIMIT,
                            "xlsx: %llu members do not fit the sheet '%s' (one column per member; a sheet holds "
                            "%llu columns, so at most %llu members); write csv or json instead",
                            (unsigned long long)nm, points, (unsigned long long)cols,
                            (unsigned long long)(cols - 3));
    td_report_phrase standing[TD_REPORT_STANDING_MAX];
    uint64_t fixed = td_report__standing_columns(res, standing); /* 1.1: a group and a rank in it */
    if (fixed + na > cols)
        return td_error_set(err, TD_ELIMIT,
                            "xlsx: %llu awards do not fit the sheet '%s' (one column per award after %llu others; a "
                            "sheet holds %llu columns)",
                            (unsigned long long)na, summary, (unsigned long long)fixed, (unsigned long long)cols);
    /* rows 4 .. 3 + nm, a line per award, a blank row, the next leader and why, the next
     * deputy and why (1.1): the last is 9 + nm + na */
    if (10 + nm + na > rows)
        return td_error_set(err, TD_ELIMIT,
                            "xlsx: %llu members do not fit the sheet '%s' (a sheet holds %llu rows)",
                            (unsigned long long)nm, summary, (unsigned long long)rows);
    /* a row per section, group node (1.1) and criterion, then base, bonus, deduction, total and rank */
    if (3 + ns + nc + 5 > rows - 1)
        return td_error_set(err, TD_ELIMIT,
                            "xlsx: %llu sections and criteria do not fit the sheet '%s' (a sheet holds %llu rows)",
                            (unsigned long long)(ns + nc), points, (unsigned long long)rows);
    if (nc != 0 && nm > (rows - 4) / nc)
        return td_error_set(err, TD_ELIMIT,
                            "xlsx: %llu members x %llu criteria = %llu rows do not fit the sheet '%s' (a sheet holds "
                            "%llu rows); write csv or json instead",
                            (unsigned long long)nm, (unsigned long long)nc, (unsigned long long)(nm * nc),
                            details, (unsigned long long)rows);
    /* rows 4 .. 3 + na × nm, a blank row, a line per award quota */
    if (na != 0 && nm > (rows - 5 - na) / na)
        return td_error_set(err, TD_ELIMIT,
                            "xlsx: %llu members x %llu awards = %llu rows do not fit the sheet '%s' (a sheet holds "
                            "%llu rows); write csv or json instead",
                            (unsigned long long)nm, (unsigned long long)na, (unsigned long long)(nm * na),
                            awards, (unsigned long long)rows);
    return TD_OK;
}

td_status td_report__xlsx_file(const td_result *res, const td_report_options *o, const char *path,
                               const char *shown, td_error *err)
{
    book b;
    memset(&b, 0, sizeof b);
    b.res = res;
    b.rb = td_result_rulebook(res);
    b.lang = o->lang;
    b.wb = workbook_new(path);
    if (b.wb == NULL)
        return td_error_set_at(err, TD_EIO, shown, 0, 0, "cannot start the workbook '%s'", shown);
    int places = td_report__score_places(res);
    char *title = td_report__clean_text(td_rulebook_name(b.rb)[0] != '\0' ? td_rulebook_name(b.rb) : td_rulebook_id(b.rb));
    char *subject = td_report__clean_text(td_result_cluster_name(res)[0] != '\0' ? td_result_cluster_name(res)
                                                                             : td_result_cluster_id(res));
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = title;
    props.subject = subject;
    props.comments = (char *)td_report__text(b.lang, TD_RP_GENERATED_BY);
    props.created = (time_t)td_report__xlsx_date(td_result_period(res));
    if (title == NULL || subject == NULL)
        check(&b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    else
        check(&b, workbook_set_properties(b.wb, &props));
    make_formats(&b, places);
    if (b.failed == LXW_NO_ERROR)
        summary_sheet(&b, places);
    /* 1.1: a rulebook that only classifies or awards has no points to show */
    if (b.failed == LXW_NO_ERROR && td_report__scores(res))
        points_sheet(&b, places);
    if (b.failed == LXW_NO_ERROR && td_report__scores(res))
        details_sheet(&b, places);
    if (b.failed == LXW_NO_ERROR)
        rollups_sheet(&b);
    if (b.failed == LXW_NO_ERROR)
        awards_sheet(&b);
    lxw_error e = td_report__xlsx_close(b.wb); /* writes the file, and frees the workbook in any case */
    free(title);
    free(subject);
    if (b.failed == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return td_error_nomem(err);
    if (b.failed != LXW_NO_ERROR)
        return td_error_set_at(err, TD_EIO, shown, 0, 0, "cannot build the workbook: %s",
                               lxw_strerror(b.failed));
    if (e != LXW_NO_ERROR)
        return td_error_set_at(err, TD_EIO, shown, 0, 0, "cannot write the workbook '%s': %s", shown,
                               lxw_strerror(e));
    return TD_OK;
}
