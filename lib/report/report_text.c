/*
 * The text reports: `table` (aligned columns for a terminal), `md`
 * (Markdown: the same tables plus every explanation) and `explain` (every
 * explanation of one member). Table and Markdown share the grids built
 * below, so they always show the same numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "report_grid.h"

typedef struct view {
    const td_result *res;
    const td_rulebook *rb;
    td_lang lang;
    int places;   /* fraction digits of scores */
    size_t width; /* table: the most columns a line takes; 0: no limit */
} view;

static void view_init(view *v, const td_result *res, const td_report_options *o)
{
    v->res = res;
    v->rb = td_result_rulebook(res);
    v->lang = o->lang;
    v->places = td_report__score_places(res);
    v->width = o->width;
}

/* Explanation text with its numbers as the report's language writes them
 * (td_report__put_numbers()); malloc'd, NULL when out of memory. */
static char *numbers(const view *v, const char *s)
{
    return td_report__numbers_text(v->lang, s);
}

/* td_report__md_text() of an explanation, its numbers in the report's language. */
static void md_numbers(const view *v, td_buf *out, const char *s)
{
    char *t = numbers(v, s);
    if (t == NULL)
        out->failed = true;
    else
        td_report__md_text(out, t);
    free(t);
}

/* td_report__put_clean() of an explanation, its numbers in the report's language. */
static void put_numbers(const view *v, td_buf *out, const char *s)
{
    char *t = numbers(v, s);
    if (t == NULL)
        out->failed = true;
    else
        td_report__put_clean(out, t);
    free(t);
}

static const char *rulebook_title(const view *v)
{
    const char *name = td_rulebook_name(v->rb);
    return name != NULL && name[0] != '\0' ? name : td_rulebook_id(v->rb);
}

/* "Cụm thi đua số 2 (cum-2), năm 2023" */
static void cluster_line(const view *v, td_buf *b, bool md)
{
    const char *name = td_result_cluster_name(v->res);
    const char *id = td_result_cluster_id(v->res);
    if (name != NULL && name[0] != '\0') {
        if (md)
            td_report__md_text(b, name);
        else
            td_report__put_clean(b, name);
        td_buf_append(b, " (");
    }
    if (md)
        td_report__md_text(b, id);
    else
        td_report__put_clean(b, id);
    if (name != NULL && name[0] != '\0')
        td_buf_append_char(b, ')');
    td_buf_appendf(b, ", %s %lld", td_report__text(v->lang, TD_RP_PERIOD_LOWER),
                   (long long)td_result_period(v->res));
}

/* ---- the grids ----------------------------------------------------------- */

static void ranking_grid(const view *v, grid *g)
{
    const td_lang lang = v->lang;
    td_report_phrase cols[TD_REPORT_STANDING_MAX];
    size_t nc = td_report__standing_columns(v->res, cols);
    td_report__grid_init(g, nc);
    size_t h = td_report__grid_add_row(g);
    for (size_t c = 0; c < nc; c++) {
        td_report__grid_set(g, h, c, td_report__text(lang, cols[c]));
        if (cols[c] != TD_RP_UNIT && cols[c] != TD_RP_NAME && cols[c] != TD_RP_CLASSIFICATION &&
            cols[c] != TD_RP_GROUP)
            td_report__grid_align_right(g, c);
    }
    for (size_t m = 0; m < td_result_member_count(v->res); m++) {
        size_t r = td_report__grid_add_row(g);
        const char *group = td_result_member_group(v->res, m);
        for (size_t c = 0; c < nc; c++) {
            switch (cols[c]) {
            case TD_RP_RANK: td_report__grid_setf(g, r, c, "%zu", td_result_member_rank(v->res, m)); break;
            case TD_RP_UNIT: td_report__grid_set(g, r, c, td_result_member_unit(v->res, m)); break;
            case TD_RP_NAME: td_report__grid_set(g, r, c, td_result_member_name(v->res, m)); break;
            case TD_RP_TOTAL: td_report__grid_set_dec(g, r, c, v->lang, td_result_member_total(v->res, m), v->places); break;
            case TD_RP_BASE: td_report__grid_set_dec(g, r, c, v->lang, td_result_member_base(v->res, m), v->places); break;
            case TD_RP_BONUS: td_report__grid_set_dec(g, r, c, v->lang, td_result_member_bonus(v->res, m), v->places); break;
            case TD_RP_DEDUCTION:
                td_report__grid_set_dec(g, r, c, v->lang, td_result_member_deduction(v->res, m), v->places);
                break;
            case TD_RP_CLASSIFICATION:
                td_report__grid_set(g, r, c,
                                    td_report__classification_name(v->res, td_result_member_classification(v->res, m)));
                break;
            case TD_RP_TARGETS_MET:
                td_report__grid_setf(g, r, c, "%zu/%zu", td_result_member_count_met(v->res, m),
                                     td_report__count_with_attainment(v->res, m));
                break;
            case TD_RP_GROUP:
                if (group != NULL)
                    td_report__grid_set(g, r, c, group);
                break;
            default: /* TD_RP_GROUP_RANK */
                if (group != NULL)
                    td_report__grid_setf(g, r, c, "%zu", td_result_member_group_rank(v->res, m));
                break;
            }
        }
    }
}

/* Member m's points on a row of the points grid: a capped group node's
 * (1.1) with the mark after them, "150,00 *"; in the table, the other
 * numbers of a column with a mark end in as many spaces, which are never
 * written at the end of a line, so that the decimal marks stay in line. */
static void points_cell(const view *v, grid *g, size_t r, size_t col, td_decimal d, bool capped, bool marks, bool md)
{
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    td_report__dec_places(&b, v->lang, d, v->places);
    if (capped)
        td_buf_append(&b, " " TD_REPORT_CAPPED_MARK);
    else if (marks && !md)
        td_buf_spaces(&b, 1 + sizeof TD_REPORT_CAPPED_MARK - 1);
    if (b.failed)
        g->failed = true;
    else
        td_report__grid_set(g, r, col, b.data);
    td_buf_free(&b);
}

/* Sections and their criteria as rows, members (by rank) as columns. */
static void points_grid(const view *v, grid *g, bool md)
{
    const td_lang lang = v->lang;
    size_t nm = td_result_member_count(v->res);
    bool *marks = calloc(nm ? nm : 1, sizeof *marks); /* 1.1: the member's column has a capped group */
    if (marks == NULL) {
        td_report__grid_init(g, 0);
        g->failed = true;
        return;
    }
    for (size_t m = 0; m < nm; m++)
        marks[m] = td_report__member_capped(v->res, m);
    td_report__grid_init(g, 3 + nm);
    size_t h = td_report__grid_add_row(g);
    td_report__grid_set(g, h, 0, td_report__text(lang, TD_RP_CRITERION));
    td_report__grid_set(g, h, 1, td_report__text(lang, TD_RP_ITEM_NAME));
    td_report__grid_set(g, h, 2, td_report__text(lang, TD_RP_MAX));
    for (size_t c = 2; c < 3 + nm; c++)
        td_report__grid_align_right(g, c);
    for (size_t m = 0; m < nm; m++)
        td_report__grid_set(g, h, 3 + m, td_result_member_unit(v->res, m));
    /* Markdown drops leading spaces, so criteria are marked with a dash
     * there; a dash or two spaces per level of nesting */
    const char *indent = md ? "– " : "  ";
    td_report__rows rows;
    td_report__row row;
    td_report__rows_init(&rows, v->rb);
    while (td_report__rows_next(&rows, &row)) {
        size_t r = td_report__grid_add_row(g);
        const char *id = td_report__row_id(v->rb, &row);
        if (row.level == 0)
            td_report__grid_set(g, r, 0, id);
        else
            td_report__grid_setf(g, r, 0, "%s%s%s%s", indent, row.level > 1 ? indent : "", row.level > 2 ? indent : "",
                                 id);
        td_report__grid_set(g, r, 1, td_report__row_name(v->rb, &row));
        td_decimal max;
        if (td_report__row_max(v->rb, &row, &max))
            td_report__grid_set_dec(g, r, 2, v->lang, max, 0);
        for (size_t m = 0; m < nm; m++)
            points_cell(v, g, r, 3 + m, td_report__row_points(v->res, m, &row),
                        td_report__row_capped(v->res, m, &row, NULL), marks[m], md);
    }
    static const td_report_phrase labels[] = {TD_RP_BASE, TD_RP_BONUS, TD_RP_DEDUCTION, TD_RP_TOTAL};
    td_decimal (*values[])(const td_result *, size_t) = {td_result_member_base, td_result_member_bonus,
                                                         td_result_member_deduction, td_result_member_total};
    for (size_t k = 0; k < 4; k++) {
        size_t r = td_report__grid_add_row(g);
        td_report__grid_set(g, r, 1, td_report__text(lang, labels[k]));
        for (size_t m = 0; m < nm; m++)
            points_cell(v, g, r, 3 + m, values[k](v->res, m), false, marks[m], md);
    }
    free(marks);
}

/* 1.1: under the points, what the mark of a capped group means, when a cell has it. */
static void capped_legend(const view *v, td_buf *out, bool md)
{
    if (!td_report__any_capped(v->res))
        return;
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    td_report__capped_legend(&b, v->lang);
    if (b.failed) {
        out->failed = true;
    } else if (md) { /* a paragraph of its own: a line right under a table would be one of its rows */
        td_buf_append_char(out, '\n');
        td_report__md_text(out, b.data);
        td_buf_append_char(out, '\n');
    } else {
        td_report__put_clean(out, b.data);
        td_buf_append_char(out, '\n');
    }
    td_buf_free(&b);
}

/* 1.1 roll-up r: members (by rank) as rows; their children, the units
 * below them and each measure the roll-up gave them as columns. */
static void rollup_grid(const view *v, grid *g, size_t r)
{
    size_t nk = td_rulebook_rollup_measure_count(v->rb, r);
    td_report__grid_init(g, 4 + nk);
    size_t h = td_report__grid_add_row(g);
    td_report__grid_set(g, h, 0, td_report__text(v->lang, TD_RP_UNIT));
    td_report__grid_set(g, h, 1, td_report__text(v->lang, TD_RP_NAME));
    td_report__grid_set(g, h, 2, td_report__text(v->lang, TD_RP_CHILDREN));
    td_report__grid_set(g, h, 3, td_report__text(v->lang, TD_RP_UNITS_BELOW));
    for (size_t c = 2; c < 4 + nk; c++)
        td_report__grid_align_right(g, c);
    for (size_t k = 0; k < nk; k++)
        td_report__grid_set(g, h, 4 + k, td_rulebook_rollup_measure_id(v->rb, r, k));
    for (size_t m = 0; m < td_result_member_count(v->res); m++) {
        size_t row = td_report__grid_add_row(g);
        td_report__grid_set(g, row, 0, td_result_member_unit(v->res, m));
        td_report__grid_set(g, row, 1, td_result_member_name(v->res, m));
        td_report__grid_set_dec(g, row, 2, v->lang, td_decimal_from_int((int64_t)td_result_rollup_child_count(v->res, r, m)), 0);
        td_report__grid_set_dec(g, row, 3, v->lang, td_decimal_from_int((int64_t)td_result_member_unit_count(v->res, m)), 0);
        for (size_t k = 0; k < nk; k++) {
            td_decimal d;
            if (td_result_rollup_value(&d, v->res, r, k, m))
                td_report__grid_set_dec(g, row, 4 + k, v->lang, d, 0);
        }
    }
}

static void render_grid(const view *v, grid *g, td_buf *out, bool md, size_t keep);

/* Each roll-up under its heading: "Tổng hợp từ cấp dưới: sxkd (Hộ sản
 * xuất, kinh doanh giỏi)", then its grid. */
static void rollups_section(const view *v, td_buf *out, bool md)
{
    for (size_t r = 0; r < td_result_rollup_count(v->res); r++) {
        const td_rulebook *child = td_rulebook_rollup_child(v->rb, r);
        const char *name = td_rulebook_name(child)[0] != '\0' ? td_rulebook_name(child) : td_rulebook_id(child);
        td_buf_append(out, md ? "\n## " : "\n");
        td_buf_appendf(out, "%s: ", td_report__text(v->lang, TD_RP_ROLLUPS));
        if (md) {
            td_report__md_text(out, td_rulebook_rollup_id(v->rb, r));
            td_buf_append(out, " (");
            td_report__md_text(out, name);
            td_buf_append(out, ")\n\n");
        } else {
            td_report__put_clean(out, td_rulebook_rollup_id(v->rb, r));
            td_buf_append(out, " (");
            td_report__put_clean(out, name);
            td_buf_append(out, ")\n");
        }
        grid g;
        rollup_grid(v, &g, r);
        render_grid(v, &g, out, md, 2); /* unit and name in every block */
    }
}

/* Members (by rank) as rows, each award's status as a column. */
static void awards_grid(const view *v, grid *g)
{
    size_t na = td_result_award_count(v->res);
    td_report__grid_init(g, 3 + na);
    size_t h = td_report__grid_add_row(g);
    td_report__grid_set(g, h, 0, td_report__text(v->lang, TD_RP_RANK));
    td_report__grid_set(g, h, 1, td_report__text(v->lang, TD_RP_UNIT));
    td_report__grid_set(g, h, 2, td_report__text(v->lang, TD_RP_NAME));
    td_report__grid_align_right(g, 0);
    for (size_t a = 0; a < na; a++)
        td_report__grid_set(g, h, 3 + a, td_rulebook_award_id(v->rb, a));
    for (size_t m = 0; m < td_result_member_count(v->res); m++) {
        size_t r = td_report__grid_add_row(g);
        td_report__grid_setf(g, r, 0, "%zu", td_result_member_rank(v->res, m));
        td_report__grid_set(g, r, 1, td_result_member_unit(v->res, m));
        td_report__grid_set(g, r, 2, td_result_member_name(v->res, m));
        for (size_t a = 0; a < na; a++)
            td_report__grid_set(g, r, 3 + a,
                                td_report__status_label(v->lang, td_result_award_status(v->res, m, a)));
    }
}

static const char *award_title(const view *v, size_t a)
{
    const char *name = td_rulebook_award_name(v->rb, a);
    return name != NULL && name[0] != '\0' ? name : td_rulebook_award_id(v->rb, a);
}

/* ---- table --------------------------------------------------------------- */

/* The grid in Markdown, or as text within the table's width, the first
 * `keep` columns repeated in each block when the columns must be split. */
static void render_grid(const view *v, grid *g, td_buf *out, bool md, size_t keep)
{
    if (md)
        td_report__grid_render_md(g, out);
    else
        td_report__grid_render_fit(g, out, v->width, keep);
    if (g->failed)
        out->failed = true;
    td_report__grid_free(g);
}

/* The next leader, or the next deputy (rulebook 1.1). */
static void role_line(const view *v, td_buf *out, bool md, bool deputy)
{
    const char *next = deputy ? td_result_next_deputy(v->res) : td_result_next_leader(v->res);
    if (next == NULL)
        return;
    const char *why = td_report__str(deputy ? td_result_deputy_explain(v->res, v->lang)
                                            : td_result_leader_explain(v->res, v->lang));
    td_report_phrase label = td_report__role(v->res, deputy ? TD_RP_NEXT_DEPUTY : TD_RP_NEXT_LEADER);
    if (md) {
        td_buf_appendf(out, "\n## ");
        td_report__md_text(out, td_report__text(v->lang, label));
        td_buf_append(out, "\n\n**");
        td_report__md_text(out, next);
        td_buf_append(out, "**: ");
        md_numbers(v, out, why);
        td_buf_append_char(out, '\n');
    } else {
        td_buf_appendf(out, "\n%s: ", td_report__text(v->lang, label));
        td_report__put_clean(out, next);
        td_buf_append(out, " (");
        put_numbers(v, out, why);
        td_buf_append(out, ")\n");
    }
}

static void awards_section(const view *v, td_buf *out, bool md)
{
    size_t na = td_result_award_count(v->res);
    if (na == 0)
        return;
    if (md) {
        td_buf_append(out, "\n## ");
        td_report__md_text(out, td_report__text(v->lang, TD_RP_AWARDS));
        td_buf_append(out, "\n\n");
    } else {
        td_buf_appendf(out, "\n%s\n", td_report__text(v->lang, TD_RP_AWARDS));
    }
    for (size_t a = 0; a < na; a++) {
        const char *quota = td_report__str(td_result_award_quota_explain(v->res, a, v->lang));
        if (md) {
            td_buf_append(out, "- **");
            td_report__md_text(out, td_rulebook_award_id(v->rb, a));
            td_buf_append(out, "**: ");
            td_report__md_text(out, award_title(v, a));
            td_buf_append(out, " (");
            md_numbers(v, out, quota);
            td_buf_append(out, ")\n");
        } else {
            char *t = td_report__clean_text(award_title(v, a)), *n = numbers(v, quota);
            char *q = n != NULL ? td_report__clean_text(n) : NULL;
            free(n);
            if (t == NULL || q == NULL)
                out->failed = true;
            else
                td_buf_appendf(out, "  %s: %s (%s)\n", td_rulebook_award_id(v->rb, a), t, q);
            free(t);
            free(q);
        }
    }
    td_buf_append_char(out, '\n');
    grid g;
    awards_grid(v, &g);
    render_grid(v, &g, out, md, 3); /* rank, unit and name in every block */
}

/* The lines of `out` the grids did not fit (title, cluster, awards'
 * quotas, the next leader), wrapped at spaces within `width` columns, each
 * further line two spaces further in than the line's own indent. */
static td_status wrap_lines(td_buf *out, size_t width, td_error *err)
{
    if (out->failed)
        return TD_OK; /* reported by the caller */
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    char *line = NULL;
    for (size_t at = 0; at < out->len;) {
        const char *nl = memchr(out->data + at, '\n', out->len - at);
        size_t len = nl != NULL ? (size_t)(nl - (out->data + at)) : out->len - at;
        if (td_report__text_width_n(out->data + at, len) <= width) {
            td_buf_append_n(&b, out->data + at, len);
        } else {
            line = malloc(len + 1);
            if (line == NULL) {
                b.failed = true;
                break;
            }
            memcpy(line, out->data + at, len);
            line[len] = '\0';
            size_t lead = strspn(line, " "), indent = lead + 2 < width / 2 ? lead + 2 : width / 2, piece, next;
            const char *p = line;
            td_report__wrap_piece(p, width, &piece, &next);
            td_buf_append_n(&b, p, piece);
            for (p += next; *p != '\0'; p += next) {
                td_buf_append_char(&b, '\n');
                td_buf_spaces(&b, indent);
                td_report__wrap_piece(p, width - indent, &piece, &next);
                td_buf_append_n(&b, p, piece);
            }
            free(line);
            line = NULL;
        }
        if (nl != NULL)
            td_buf_append_char(&b, '\n');
        at += len + (nl != NULL);
    }
    size_t len = 0;
    char *text = b.failed ? NULL : td_buf_take(&b, &len);
    if (text == NULL) {
        td_buf_free(&b);
        return td_error_nomem(err);
    }
    td_buf_reset(out);
    td_buf_append_n(out, text, len);
    free(text);
    return TD_OK;
}

td_status td_report__table(const td_result *res, const td_report_options *o, td_buf *out, td_error *err)
{
    view v;
    view_init(&v, res, o);
    td_report__put_clean(out, rulebook_title(&v));
    td_buf_append_char(out, '\n');
    cluster_line(&v, out, false);
    td_buf_append(out, "\n\n");
    grid g;
    ranking_grid(&v, &g);
    render_grid(&v, &g, out, false, 3); /* rank, unit and name in every block */
    if (td_report__scores(res)) { /* 1.1: a rulebook that only classifies or awards has no points */
        td_buf_appendf(out, "\n%s\n", td_report__text(v.lang, TD_RP_CRITERION_POINTS));
        points_grid(&v, &g, false);
        render_grid(&v, &g, out, false, 3); /* criterion, name and max in every block */
        capped_legend(&v, out, false);
    }
    rollups_section(&v, out, false);
    awards_section(&v, out, false);
    role_line(&v, out, false, false);
    role_line(&v, out, false, true);
    return v.width > 0 ? wrap_lines(out, v.width, err) : TD_OK;
}

/* ---- Markdown ------------------------------------------------------------ */

/* "- label: explanation", the explanation's numbers in the report's language */
static void md_item(const view *v, td_buf *out, const char *label, const char *text)
{
    td_buf_append(out, "- ");
    td_report__md_text(out, label);
    td_buf_append(out, ": ");
    md_numbers(v, out, text);
    td_buf_append_char(out, '\n');
}

static void md_member(const view *v, td_buf *out, size_t m)
{
    td_buf_appendf(out, "\n### %zu. ", td_result_member_rank(v->res, m));
    td_report__md_text(out, td_report__member_label(v->res, m));
    td_buf_append(out, " (");
    td_report__md_text(out, td_result_member_unit(v->res, m));
    td_buf_append(out, ")\n\n");
    for (size_t c = 0; c < td_result_criterion_count(v->res); c++) {
        td_buf_append(out, "- **");
        td_report__md_text(out, td_rulebook_criterion_id(v->rb, c));
        td_buf_append(out, "** ");
        td_report__md_text(out, td_rulebook_criterion_name(v->rb, c));
        td_buf_append(out, ": ");
        char stack[TD_REPORT_EXPLAIN_STACK], *heap;
        const char *explain = td_report__criterion_explain(v->res, m, c, v->lang, stack, &heap);
        if (explain == NULL)
            out->failed = true;
        else
            md_numbers(v, out, explain);
        td_free(heap);
        td_buf_append_char(out, '\n');
    }
    md_item(v, out, td_report__text(v->lang, TD_RP_TOTAL),
            td_report__str(td_result_member_explain(v->res, m, v->lang)));
    const char *cls = td_result_classification_explain(v->res, m, v->lang);
    if (cls != NULL)
        md_item(v, out, td_report__text(v->lang, TD_RP_CLASSIFICATION), cls);
    md_item(v, out, td_report__text(v->lang, TD_RP_EXPLAIN_RANK),
            td_report__str(td_result_rank_explain(v->res, m, v->lang)));
    for (size_t a = 0; a < td_result_award_count(v->res); a++)
        md_item(v, out, award_title(v, a), td_report__str(td_result_award_explain(v->res, m, a, v->lang)));
}

td_status td_report__md(const td_result *res, const td_report_options *o, td_buf *out, td_error *err)
{
    (void)err;
    view v;
    view_init(&v, res, o);
    td_buf_append(out, "# ");
    td_report__md_text(out, rulebook_title(&v));
    td_buf_append(out, "\n\n");
    cluster_line(&v, out, true);
    td_buf_append(out, "\n\n## ");
    td_report__md_text(out, td_report__text(v.lang, TD_RP_RANKING));
    td_buf_append(out, "\n\n");
    grid g;
    ranking_grid(&v, &g);
    render_grid(&v, &g, out, true, 0);
    if (td_report__scores(res)) { /* 1.1: a rulebook that only classifies or awards has no points */
        td_buf_append(out, "\n## ");
        td_report__md_text(out, td_report__text(v.lang, TD_RP_CRITERION_POINTS));
        td_buf_append(out, "\n\n");
        points_grid(&v, &g, true);
        render_grid(&v, &g, out, true, 0);
        capped_legend(&v, out, true);
    }
    rollups_section(&v, out, true);
    awards_section(&v, out, true);
    role_line(&v, out, true, false);
    role_line(&v, out, true, true);
    td_buf_append(out, "\n## ");
    td_report__md_text(out, td_report__text(v.lang, TD_RP_EXPLANATION));
    td_buf_append_char(out, '\n');
    for (size_t m = 0; m < td_result_member_count(res); m++)
        md_member(&v, out, m);
    return TD_OK;
}

/* ---- explain ------------------------------------------------------------- */

/* "label: text" with text cleaned to one line, then a newline. */
static void line(td_buf *out, const char *indent, const char *label, const char *text)
{
    char *clean = td_report__clean_text(text);
    if (clean == NULL) {
        out->failed = true;
        return;
    }
    td_buf_append(out, indent);
    if (label != NULL) {
        td_buf_append(out, label);
        td_buf_append(out, ": ");
    }
    td_buf_append(out, clean);
    td_buf_append_char(out, '\n');
    free(clean);
}

/* An explanation on a line of its own, its numbers in the report's language. */
static void explained(const view *v, td_buf *out, const char *indent, const char *text)
{
    char *t = numbers(v, text);
    if (t == NULL)
        out->failed = true;
    else
        line(out, indent, NULL, t);
    free(t);
}

/* explained() of member m's criterion c. */
static void criterion_explained(const view *v, td_buf *out, const char *indent, size_t m, size_t c)
{
    char stack[TD_REPORT_EXPLAIN_STACK], *heap;
    const char *explain = td_report__criterion_explain(v->res, m, c, v->lang, stack, &heap);
    if (explain == NULL)
        out->failed = true;
    else
        explained(v, out, indent, explain);
    td_free(heap);
}

/* 1.1 nested criteria in `explain`: the table's tree, each section and
 * group node with its points / max, each criterion two more spaces in
 * with its explanation below it. */
static void explain_tree(const view *v, td_buf *out, size_t m)
{
    static const char spaces[] = "          ";
    td_report__rows rows;
    td_report__row row;
    td_report__rows_init(&rows, v->rb);
    while (td_report__rows_next(&rows, &row)) {
        const char *indent = spaces + sizeof spaces - 1 - 2 * (row.level + 1);
        const char *id = td_report__row_id(v->rb, &row), *name = td_report__row_name(v->rb, &row);
        td_buf b;
        td_buf_init(&b, &td_libc_allocator);
        td_buf_append(&b, id);
        if (name[0] != '\0') {
            td_buf_append(&b, " ");
            td_buf_append(&b, name);
        }
        if (row.kind != TD_REPORT_ROW_CRITERION) {
            td_decimal max;
            td_buf_append(&b, ": ");
            td_report__dec_places(&b, v->lang, td_report__row_points(v->res, m, &row), v->places);
            if (td_report__row_max(v->rb, &row, &max)) {
                td_buf_append(&b, " / ");
                td_report__decimal(&b, v->lang, max);
            }
        }
        if (b.failed)
            out->failed = true;
        else
            line(out, indent, NULL, b.data);
        td_buf_free(&b);
        if (row.kind == TD_REPORT_ROW_CRITERION)
            criterion_explained(v, out, indent - 2, m, row.index);
    }
}

td_status td_report__explain(const td_result *res, const td_report_options *o, td_buf *out, td_error *err)
{
    view v;
    view_init(&v, res, o);
    size_t m;
    td_status rc = td_report__find_unit(res, o->unit, &m, err);
    if (rc != TD_OK)
        return rc;
    char *name = td_report__clean_text(td_report__member_label(res, m));
    if (name == NULL)
        return td_error_nomem(err);
    td_buf_appendf(out, "%s (%s)\n", name, td_result_member_unit(res, m));
    free(name);
    cluster_line(&v, out, false);
    td_buf_append(out, "; ");
    td_report__put_clean(out, rulebook_title(&v));
    td_buf_append(out, "\n\n");

    td_buf b;

    td_buf_init(&b, &td_libc_allocator);
    td_buf_appendf(&b, "%zu", td_result_member_rank(res, m));
    line(out, "", td_report__text(v.lang, TD_RP_RANK), b.data);
    td_buf_reset(&b);
    explained(&v, out, "  ", td_result_rank_explain(res, m, v.lang));
    const char *group = td_result_member_group(res, m);
    if (group != NULL) { /* 1.1 */
        line(out, "", td_report__text(v.lang, TD_RP_GROUP), group);
        td_buf_appendf(&b, "%zu", td_result_member_group_rank(res, m));
        line(out, "", td_report__text(v.lang, TD_RP_GROUP_RANK), b.data);
        td_buf_reset(&b);
    }
    td_report__dec_places(&b, v.lang, td_result_member_total(res, m), v.places);
    line(out, "", td_report__text(v.lang, TD_RP_TOTAL), b.data);
    td_buf_free(&b);
    explained(&v, out, "  ", td_result_member_explain(res, m, v.lang));
    const char *cls = td_result_member_classification(res, m);
    if (cls != NULL) {
        line(out, "", td_report__text(v.lang, TD_RP_CLASSIFICATION),
             td_report__classification_name(res, cls));
        explained(&v, out, "  ", td_result_classification_explain(res, m, v.lang));
    }

    td_buf_appendf(out, "\n%s\n", td_report__text(v.lang, TD_RP_CRITERIA));
    if (td_rulebook_node_count(v.rb) == 0) {
        for (size_t c = 0; c < td_result_criterion_count(res); c++) {
            const char *cname = td_rulebook_criterion_name(v.rb, c);
            if (cname != NULL && cname[0] != '\0')
                line(out, "  ", td_rulebook_criterion_id(v.rb, c), cname);
            else
                line(out, "  ", NULL, td_rulebook_criterion_id(v.rb, c));
            criterion_explained(&v, out, "    ", m, c);
        }
    } else {
        explain_tree(&v, out, m);
    }
    if (td_result_rollup_count(res) > 0) { /* 1.1: each measure counted from the children */
        td_buf_appendf(out, "\n%s\n", td_report__text(v.lang, TD_RP_ROLLUPS));
        for (size_t r = 0; r < td_result_rollup_count(res); r++)
            for (size_t k = 0; k < td_rulebook_rollup_measure_count(v.rb, r); k++) {
                char *text = td_report__rollup_explain(res, r, k, m, v.lang);
                if (text == NULL)
                    return td_error_nomem(err);
                line(out, "  ", td_rulebook_rollup_id(v.rb, r), text);
                td_dealloc(&td_libc_allocator, text);
            }
    }
    if (td_result_award_count(res) > 0) {
        td_buf_appendf(out, "\n%s\n", td_report__text(v.lang, TD_RP_AWARDS));
        for (size_t a = 0; a < td_result_award_count(res); a++) {
            td_buf_appendf(out, "  %s: ", td_rulebook_award_id(v.rb, a));
            line(out, "", award_title(&v, a),
                 td_report__status_label(v.lang, td_result_award_status(res, m, a)));
            explained(&v, out, "    ", td_result_award_explain(res, m, a, v.lang));
        }
    }
    role_line(&v, out, false, false);
    role_line(&v, out, false, true);
    return TD_OK;
}
