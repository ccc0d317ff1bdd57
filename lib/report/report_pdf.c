/*
 * The PDF report: an A4 landscape document a council signs. The
 * administrative heading (when the result has a report block), the title,
 * the ranking, the criterion points, the award proposals with their
 * reasons, the next leader, the signature blocks, and "Trang n/N" at the
 * foot of every page. Drawn with Cairo; text shaped by Pango, so that
 * Vietnamese letters with their marks come out whole in any font that has
 * them (report_pdf_draw.c).
 *
 * The bytes are the same for the same result, fonts and libraries: the
 * document's creation date is the report block's date, else 1 January of
 * the year after the period (as the xlsx workbook's), never the clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "error.h"
#include "report_pdf.h"

typedef struct doc {
    td_pdf *p;
    const td_result *res;
    const td_rulebook *rb;
    td_lang lang;
    int places;
} doc;

/* Room a heading keeps with it: a table's header row and first row. */
#define KEEP_TABLE 42.0

static const char *text(const doc *d, td_report_phrase id)
{
    return td_report__text(d->lang, id);
}

/* An explanation as a paragraph, its numbers as the report's language
 * writes them (as in the other reports for people). */
static void explained(const doc *d, const char *s, td_pdf_style style, double after)
{
    char *t = td_report__numbers_text(d->lang, s);
    if (t == NULL) {
        d->p->failed = true;
        return;
    }
    td_pdf_paragraph(d->p, t, style, TD_PDF_LEFT, after);
    free(t);
}

/* The lines of `s` (joined by '\n') drawn centred in [x, x + w] from y; the
 * last in bold when `last_bold`; returns the y under them. */
static double lines_at(doc *d, const char *s, double x, double w, double y, td_pdf_style style, bool last_bold)
{
    while (s != NULL) {
        const char *nl = strchr(s, '\n');
        size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);
        char *line = malloc(n + 1);
        if (line == NULL) {
            d->p->failed = true;
            return y;
        }
        memcpy(line, s, n);
        line[n] = '\0';
        td_pdf_style st = style;
        st.bold = style.bold || (last_bold && nl == NULL);
        y += td_pdf_text_at(d->p, x, y, line, st, w, TD_PDF_CENTER);
        free(line);
        s = nl != NULL ? nl + 1 : NULL;
    }
    return y;
}

/* Issuing body upper left, national heading upper right, the date line under it. */
static void administrative_heading(doc *d)
{
    td_pdf *p = d->p;
    const double left_w = TD_PDF_WIDTH * 0.42, right_x = TD_PDF_MARGIN + TD_PDF_WIDTH * 0.46;
    const double right_w = TD_PDF_WIDTH * 0.54;
    td_pdf_style normal = {10.5, false, false}, bold = {10.5, true, false}, motto = {11.5, true, false};
    double y0 = p->y, left = y0, right = y0;
    const char *org = td_result_report_field(d->res, TD_REPORT_FIELD_ORGANISATION);
    if (org != NULL) {
        left = lines_at(d, org, TD_PDF_MARGIN, left_w, y0, normal, true) + 3.0;
        double mid = TD_PDF_MARGIN + left_w / 2;
        td_pdf_rule(p, mid - left_w / 6, mid + left_w / 6, left);
        left += 4.0;
    }
    right += td_pdf_text_at(p, right_x, right, text(d, TD_RP_STATE_NAME), bold, right_w, TD_PDF_CENTER);
    right += td_pdf_text_at(p, right_x, right, text(d, TD_RP_STATE_MOTTO), motto, right_w, TD_PDF_CENTER) + 2.0;
    /* the rule under the motto is as long as the motto */
    double mw = td_pdf_text_width(p, text(d, TD_RP_STATE_MOTTO), motto), mid = right_x + right_w / 2;
    td_pdf_rule(p, mid - mw / 2, mid + mw / 2, right);
    right += 6.0;
    td_buf line;
    td_buf_init(&line, &td_libc_allocator);
    td_report__date_line(&line, d->lang, d->res);
    if (td_buf_failed(&line))
        p->failed = true;
    else if (line.len > 0) {
        td_pdf_style italic = {10.5, false, true};
        right += td_pdf_text_at(p, right_x, right, td_buf_text(&line), italic, right_w, TD_PDF_CENTER);
    }
    td_buf_free(&line);
    p->y = (left > right ? left : right) + 18.0;
}

/* The title (the block's, else the rulebook's name), and the cluster, period and rulebook under it. */
static void title(doc *d, bool block)
{
    td_pdf_style big = {15.0, true, false}, sub = {9.5, false, false};
    const char *t = td_report__title(d->res);
    if (block) {
        /* a council document's title is set in capitals */
        char *upper = g_utf8_strup(t, -1);
        td_pdf_paragraph(d->p, upper != NULL ? upper : t, big, TD_PDF_CENTER, 3.0);
        g_free(upper);
    } else {
        td_pdf_paragraph(d->p, t, big, TD_PDF_LEFT, 3.0);
    }
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    const char *cluster = td_result_cluster_name(d->res);
    if (cluster[0] != '\0')
        td_buf_appendf(&b, "%s (%s)", cluster, td_result_cluster_id(d->res));
    else
        td_buf_append(&b, td_result_cluster_id(d->res));
    td_buf_appendf(&b, " · %s %lld · %s %s", text(d, TD_RP_PERIOD), (long long)td_result_period(d->res),
                   text(d, TD_RP_RULEBOOK), td_rulebook_id(d->rb));
    if (td_buf_failed(&b))
        d->p->failed = true;
    else
        td_pdf_paragraph(d->p, td_buf_text(&b), sub, block ? TD_PDF_CENTER : TD_PDF_LEFT, 8.0);
    td_buf_free(&b);
}

static void ranking(doc *d)
{
    td_report_phrase cols[TD_REPORT_STANDING_MAX];
    size_t nc = td_report__standing_columns(d->res, cols);
    td_pdf_table t;
    td_pdf_table_init(&t, nc);
    td_pdf_table_row(&t, 0, 0);
    for (size_t c = 0; c < nc && !t.failed; c++) {
        td_pdf_table_cell(&t, c, text(d, cols[c]));
        t.right[c] = cols[c] == TD_RP_RANK || cols[c] == TD_RP_TOTAL || cols[c] == TD_RP_BASE ||
                     cols[c] == TD_RP_BONUS || cols[c] == TD_RP_DEDUCTION || cols[c] == TD_RP_TARGETS_MET ||
                     cols[c] == TD_RP_GROUP_RANK;
    }
    char n[64];
    for (size_t m = 0; m < td_result_member_count(d->res); m++) {
        const char *g = td_result_member_group(d->res, m);
        td_pdf_table_row(&t, 0, 0);
        for (size_t c = 0; c < nc; c++) {
            switch (cols[c]) {
            case TD_RP_RANK:
                snprintf(n, sizeof n, "%zu", td_result_member_rank(d->res, m));
                td_pdf_table_cell(&t, c, n);
                break;
            case TD_RP_UNIT: td_pdf_table_cell(&t, c, td_result_member_unit(d->res, m)); break;
            case TD_RP_NAME: {
                td_buf b;
                td_buf_init(&b, &td_libc_allocator);
                td_buf_append(&b, td_report__member_label(d->res, m));
                if (td_result_member_is_leader(d->res, m))
                    td_buf_appendf(&b, " (%s)", text(d, td_report__role(d->res, TD_RP_LEADER)));
                if (td_buf_failed(&b))
                    t.failed = true;
                td_pdf_table_cell(&t, c, td_buf_text(&b));
                td_buf_free(&b);
                break;
            }
            case TD_RP_TOTAL: td_pdf_table_number(&t, c, d->lang, td_result_member_total(d->res, m), d->places); break;
            case TD_RP_BASE: td_pdf_table_number(&t, c, d->lang, td_result_member_base(d->res, m), d->places); break;
            case TD_RP_BONUS: td_pdf_table_number(&t, c, d->lang, td_result_member_bonus(d->res, m), d->places); break;
            case TD_RP_DEDUCTION:
                td_pdf_table_number(&t, c, d->lang, td_result_member_deduction(d->res, m), d->places);
                break;
            case TD_RP_CLASSIFICATION:
                td_pdf_table_cell(&t, c, td_report__classification_name(
                                             d->res, td_report__str(td_result_member_classification(d->res, m))));
                break;
            case TD_RP_TARGETS_MET:
                snprintf(n, sizeof n, "%zu/%zu", td_result_member_count_met(d->res, m),
                         td_report__count_with_attainment(d->res, m));
                td_pdf_table_cell(&t, c, n);
                break;
            case TD_RP_GROUP: td_pdf_table_cell(&t, c, g); break;
            default: /* TD_RP_GROUP_RANK */
                if (g != NULL) {
                    snprintf(n, sizeof n, "%zu", td_result_member_group_rank(d->res, m));
                    td_pdf_table_cell(&t, c, n);
                }
                break;
            }
        }
    }
    td_pdf_heading(d->p, text(d, TD_RP_RANKING), 12.0, KEEP_TABLE);
    td_pdf_table_draw(d->p, &t);
    td_pdf_table_free(&t);
}

/* The points of every criterion, one column per member by rank; members
 * that do not fit the width go to a further table with the same rows. */
static void points(doc *d)
{
    size_t nm = td_result_member_count(d->res);
    const size_t per_table = 9; /* member columns that fit beside the criterion's name and max */
    td_pdf_heading(d->p, text(d, TD_RP_CRITERION_POINTS), 12.0, KEEP_TABLE);
    for (size_t first = 0; first < nm; first += per_table) {
        size_t count = nm - first < per_table ? nm - first : per_table;
        td_pdf_table t;
        td_pdf_table_init(&t, 2 + count);
        td_pdf_table_row(&t, 0, 0);
        td_pdf_table_cell(&t, 0, text(d, TD_RP_CRITERION));
        td_pdf_table_cell(&t, 1, text(d, TD_RP_MAX));
        for (size_t c = 1; c < 2 + count && !t.failed; c++)
            t.right[c] = true;
        for (size_t k = 0; k < count; k++)
            td_pdf_table_cell(&t, 2 + k, td_report__member_label(d->res, first + k));
        td_report__rows rows;
        td_report__row row;
        td_report__rows_init(&rows, d->rb);
        while (td_report__rows_next(&rows, &row)) {
            bool section = row.kind == TD_REPORT_ROW_SECTION;
            td_pdf_table_row(&t, section ? TD_PDF_ROW_BOLD | TD_PDF_ROW_SHADED
                                 : row.kind == TD_REPORT_ROW_NODE ? TD_PDF_ROW_BOLD : 0,
                             12.0 * row.level);
            const char *id = td_report__row_id(d->rb, &row), *name = td_report__row_name(d->rb, &row);
            td_buf b;
            td_buf_init(&b, &td_libc_allocator);
            if (name[0] == '\0')
                td_buf_append(&b, id);
            else if (section)
                td_buf_appendf(&b, "%s. %s", id, name);
            else
                td_buf_appendf(&b, "%s (%s)", name, id);
            if (td_buf_failed(&b))
                t.failed = true;
            td_pdf_table_cell(&t, 0, td_buf_text(&b));
            td_buf_free(&b);
            td_decimal max;
            if (td_report__row_max(d->rb, &row, &max))
                td_pdf_table_number(&t, 1, d->lang, max, 0);
            for (size_t k = 0; k < count; k++) {
                td_decimal points = td_report__row_points(d->res, first + k, &row);
                if (td_report__row_capped(d->res, first + k, &row, NULL)) { /* 1.1: "150,00 *" */
                    td_buf_init(&b, &td_libc_allocator);
                    td_report__dec_places(&b, d->lang, points, d->places);
                    td_buf_append(&b, " " TD_REPORT_CAPPED_MARK);
                    if (td_buf_failed(&b))
                        t.failed = true;
                    td_pdf_table_cell(&t, 2 + k, td_buf_text(&b));
                    td_buf_free(&b);
                } else {
                    td_pdf_table_number(&t, 2 + k, d->lang, points, d->places);
                }
            }
        }
        static const td_report_phrase labels[] = {TD_RP_BASE, TD_RP_BONUS, TD_RP_DEDUCTION, TD_RP_TOTAL};
        td_decimal (*values[])(const td_result *, size_t) = {td_result_member_base, td_result_member_bonus,
                                                             td_result_member_deduction, td_result_member_total};
        for (size_t i = 0; i < 4; i++) {
            td_pdf_table_row(&t, i == 0 || i == 3 ? TD_PDF_ROW_BOLD : 0, 0);
            td_pdf_table_cell(&t, 0, text(d, labels[i]));
            for (size_t k = 0; k < count; k++)
                td_pdf_table_number(&t, 2 + k, d->lang, values[i](d->res, first + k), d->places);
        }
        td_pdf_table_draw(d->p, &t);
        td_pdf_table_free(&t);
    }
    if (td_report__any_capped(d->res)) { /* 1.1: what the mark of a capped group means, under the last table */
        td_buf b;
        td_buf_init(&b, &td_libc_allocator);
        td_report__capped_legend(&b, d->lang);
        if (td_buf_failed(&b))
            d->p->failed = true;
        td_pdf_style small = {9.0, false, false};
        td_pdf_paragraph(d->p, td_buf_text(&b), small, TD_PDF_LEFT, 6.0);
        td_buf_free(&b);
    }
}

/* Each award: its quota and how it was computed, then every member's status and why. */
static void awards(doc *d)
{
    size_t na = td_result_award_count(d->res);
    if (na == 0)
        return;
    td_pdf_heading(d->p, text(d, TD_RP_AWARDS), 12.0, 60.0 + KEEP_TABLE);
    for (size_t a = 0; a < na; a++) {
        const char *name = td_rulebook_award_name(d->rb, a);
        td_buf b;
        td_buf_init(&b, &td_libc_allocator);
        td_buf_appendf(&b, "%s (%s)", name[0] != '\0' ? name : td_rulebook_award_id(d->rb, a),
                       td_rulebook_award_id(d->rb, a));
        if (td_buf_failed(&b))
            d->p->failed = true;
        td_pdf_heading(d->p, td_buf_text(&b), 10.5, 20.0 + KEEP_TABLE);
        td_buf_free(&b);
        td_pdf_style small = {9.0, false, false};
        explained(d, td_result_award_quota_explain(d->res, a, d->lang), small, 4.0);
        td_pdf_table t;
        td_pdf_table_init(&t, 4);
        td_pdf_table_row(&t, 0, 0);
        td_pdf_table_cell(&t, 0, text(d, TD_RP_RANK));
        td_pdf_table_cell(&t, 1, text(d, TD_RP_NAME));
        td_pdf_table_cell(&t, 2, text(d, TD_RP_STATUS));
        td_pdf_table_cell(&t, 3, text(d, TD_RP_EXPLANATION));
        if (!t.failed)
            t.right[0] = true;
        char n[32];
        for (size_t m = 0; m < td_result_member_count(d->res); m++) {
            td_award_status st = td_result_award_status(d->res, m, a);
            td_pdf_table_row(&t, st == TD_AWARD_SELECTED ? TD_PDF_ROW_BOLD : 0, 0);
            snprintf(n, sizeof n, "%zu", td_result_member_rank(d->res, m));
            td_pdf_table_cell(&t, 0, n);
            td_pdf_table_cell(&t, 1, td_report__member_label(d->res, m));
            td_pdf_table_cell(&t, 2, td_report__status_label(d->lang, st));
            char *why = td_report__numbers_text(d->lang, td_result_award_explain(d->res, m, a, d->lang));
            if (why == NULL)
                t.failed = true;
            td_pdf_table_cell(&t, 3, why != NULL ? why : "");
            free(why);
        }
        td_pdf_table_draw(d->p, &t);
        td_pdf_table_free(&t);
    }
}

/* The next leader (or deputy): the member's name and id, and why. */
static void role(doc *d, bool deputy)
{
    const char *next = deputy ? td_result_next_deputy(d->res) : td_result_next_leader(d->res);
    if (next == NULL)
        return;
    td_pdf_heading(d->p, text(d, td_report__role(d->res, deputy ? TD_RP_NEXT_DEPUTY : TD_RP_NEXT_LEADER)), 12.0,
                   30.0);
    size_t m;
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    if (td_result_find_member(&m, d->res, next, NULL) == TD_OK)
        td_buf_appendf(&b, "%s (%s)", td_report__member_label(d->res, m), next);
    else
        td_buf_append(&b, next);
    if (td_buf_failed(&b))
        d->p->failed = true;
    td_pdf_style bold = {10.0, true, false}, small = {9.0, false, false};
    td_pdf_paragraph(d->p, td_buf_text(&b), bold, TD_PDF_LEFT, 2.0);
    td_buf_free(&b);
    explained(d, deputy ? td_result_deputy_explain(d->res, d->lang) : td_result_leader_explain(d->res, d->lang),
              small, 6.0);
}

/* The signature blocks side by side (a single one on the right), kept on one page. */
static void signatures(doc *d)
{
    size_t n = td_result_report_signer_count(d->res);
    if (n == 0)
        return;
    td_pdf *p = d->p;
    td_pdf_style bold = {10.5, true, false};
    const double gap = 62.0; /* room to sign */
    double w = n == 1 ? TD_PDF_WIDTH / 2 : TD_PDF_WIDTH / (double)n;
    double x0 = n == 1 ? TD_PDF_MARGIN + TD_PDF_WIDTH / 2 : TD_PDF_MARGIN;
    double need = 0;
    for (size_t i = 0; i < n; i++) {
        double h = gap;
        for (int f = TD_SIGNER_FIELD_ROLE; f <= TD_SIGNER_FIELD_NAME; f++)
            h += td_pdf_text_height(p, td_result_report_signer(d->res, i, (td_signer_field)f), bold, w - 12.0);
        need = h > need ? h : need;
    }
    p->y += 18.0;
    td_pdf_need(p, need);
    double bottom = p->y;
    for (size_t i = 0; i < n; i++) {
        double x = x0 + w * (double)i + 6.0, y = p->y;
        for (int f = TD_SIGNER_FIELD_ROLE; f <= TD_SIGNER_FIELD_NAME; f++) {
            const char *part = td_result_report_signer(d->res, i, (td_signer_field)f);
            if (f == TD_SIGNER_FIELD_NAME)
                y += gap;
            if (part != NULL && part[0] != '\0')
                y += td_pdf_text_at(p, x, y, part, bold, w - 12.0, TD_PDF_CENTER);
        }
        bottom = y > bottom ? y : bottom;
    }
    p->y = bottom;
}

/* Rulebook 1.1 roll-ups: per roll-up, each member's children, the units
 * below it and the measures the roll-up gave it. */
static void rollups(doc *d)
{
    for (size_t r = 0; r < td_result_rollup_count(d->res); r++) {
        const td_rulebook *child = td_rulebook_rollup_child(d->rb, r);
        size_t nk = td_rulebook_rollup_measure_count(d->rb, r);
        td_pdf_table t;
        td_pdf_table_init(&t, 3 + nk);
        td_pdf_table_row(&t, 0, 0);
        td_pdf_table_cell(&t, 0, text(d, TD_RP_NAME));
        td_pdf_table_cell(&t, 1, text(d, TD_RP_CHILDREN));
        td_pdf_table_cell(&t, 2, text(d, TD_RP_UNITS_BELOW));
        for (size_t k = 0; k < nk; k++)
            td_pdf_table_cell(&t, 3 + k, td_rulebook_rollup_measure_id(d->rb, r, k));
        for (size_t c = 1; !t.failed && c < 3 + nk; c++)
            t.right[c] = true;
        for (size_t m = 0; m < td_result_member_count(d->res); m++) {
            td_pdf_table_row(&t, 0, 0);
            td_pdf_table_cell(&t, 0, td_report__member_label(d->res, m));
            td_pdf_table_number(&t, 1, d->lang,
                                td_decimal_from_int((int64_t)td_result_rollup_child_count(d->res, r, m)), 0);
            td_pdf_table_number(&t, 2, d->lang, td_decimal_from_int((int64_t)td_result_member_unit_count(d->res, m)),
                                0);
            for (size_t k = 0; k < nk; k++) {
                td_decimal v;
                if (td_result_rollup_value(&v, d->res, r, k, m))
                    td_pdf_table_number(&t, 3 + k, d->lang, v, 0);
            }
        }
        td_buf b;
        td_buf_init(&b, &td_libc_allocator);
        td_buf_appendf(&b, "%s: %s", text(d, TD_RP_ROLLUPS),
                       td_rulebook_name(child)[0] != '\0' ? td_rulebook_name(child) : td_rulebook_id(child));
        if (td_buf_failed(&b))
            d->p->failed = true;
        td_pdf_heading(d->p, td_buf_text(&b), 12.0, KEEP_TABLE);
        td_buf_free(&b);
        td_pdf_table_draw(d->p, &t);
        td_pdf_table_free(&t);
    }
}

static void document(td_pdf *p, const td_result *res, td_lang lang)
{
    doc d = {p, res, td_result_rulebook(res), lang, td_report__score_places(res)};
    bool block = td_report__has_block(res);
    if (block)
        administrative_heading(&d);
    title(&d, block);
    ranking(&d);
    if (td_report__scores(res)) /* 1.1: a rulebook that only classifies or awards has no points */
        points(&d);
    rollups(&d);
    awards(&d);
    role(&d, false);
    role(&d, true);
    signatures(&d);
}

/* ---- the surfaces ---------------------------------------------------------- */

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    td_buf *b = closure;
    td_buf_append_n(b, (const char *)data, length);
    return td_buf_failed(b) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_nothing(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/* Lays the document out on a PDF surface writing to `write`; *pages gets the count. */
static td_status run(const td_result *res, td_lang lang, cairo_write_func_t write, void *closure, int total,
                     int *pages, td_error *err)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write, closure, TD_PDF_PAGE_W, TD_PDF_PAGE_H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return td_error_nomem(err);
    }
    /* no clock in the file: the block's date, else 1 January after the period */
    char date[48];
    const char *day = td_result_report_field(res, TD_REPORT_FIELD_DATE);
    long long year = td_result_period(res) >= 1 && td_result_period(res) < 9999 ? td_result_period(res) + 1 : 9999;
    if (day != NULL)
        snprintf(date, sizeof date, "%.10sT00:00:00", day);
    else
        snprintf(date, sizeof date, "%04lld-01-01T00:00:00", year);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, td_report__title(res));
    td_pdf p;
    bool ok = td_pdf_begin(&p, s, lang, total);
    if (ok)
        document(&p, res, lang);
    *pages = p.page;
    bool failed = !ok || p.failed;
    td_pdf_end(&p);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (failed || st == CAIRO_STATUS_NO_MEMORY || st == CAIRO_STATUS_WRITE_ERROR)
        return td_error_nomem(err);
    if (st != CAIRO_STATUS_SUCCESS)
        return td_error_set(err, TD_ERROR, "pdf: cairo failed: %s", cairo_status_to_string(st));
    return TD_OK;
}

td_status td_report__pdf(const td_result *res, const td_report_options *o, td_buf *out, td_error *err)
{
    int pages = 0, again = 0;
    td_status rc = run(res, o->lang, to_nothing, NULL, 0, &pages, err);
    if (rc == TD_OK)
        rc = run(res, o->lang, to_buf, out, pages, &again, err);
    if (rc == TD_OK && again != pages) /* both passes lay out the same pages: a bug otherwise */
        rc = td_error_set(err, TD_ERROR, "pdf: %d pages laid out, then %d", pages, again);
    return rc;
}
