/*
 * The HTML report: one self-contained page (inline CSS and SVG, no script,
 * no link to anything outside it) with the ranking, the points of every
 * criterion, the award decisions and every explanation. Every text that
 * comes from a rulebook or data is escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "report_html.h"

void td_report__html_text(td_buf *out, const char *s)
{
    char *clean = td_report__clean_text(s);
    if (clean == NULL) {
        out->failed = true;
        return;
    }
    const char *run = clean;
    for (const char *p = clean; *p != '\0'; p++) {
        const char *rep;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        td_buf_append_n(out, run, (size_t)(p - run));
        td_buf_append(out, rep);
        run = p + 1;
    }
    td_buf_append(out, run);
    free(clean);
}

const char *td_report__html_classification_colour(size_t index)
{
    /* best first: blue, green, amber, red, then colours that rank nothing */
    static const char *const colours[] = {"#1565c0", "#2e7d32", "#f9a825", "#c62828", "#6a1b9a", "#00838f", "#5d4037"};
    return colours[index % (sizeof colours / sizeof colours[0])];
}

size_t td_report__html_classification_index(const td_result *res, size_t m)
{
    const char *id = td_result_member_classification(res, m);
    const td_rulebook *rb = td_result_rulebook(res);
    if (id != NULL)
        for (size_t i = 0; i < td_rulebook_classification_count(rb); i++)
            if (strcmp(td_rulebook_classification_id(rb, i), id) == 0)
                return i;
    return (size_t)-1;
}

static const char style[] =
    "<style>\n"
    ":root{--ink:#1f2933;--muted:#5f6b7a;--line:#d9dee5;--head:#eef2f7;--accent:#1565c0}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;padding:24px 32px 40px;color:var(--ink);background:#fff;"
    "font:14px/1.45 \"Segoe UI\",Roboto,\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif}\n"
    "main{max-width:1100px;margin:0 auto}\n"
    "h1{font-size:22px;margin:0 0 4px}\n"
    "h2{font-size:17px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--accent)}\n"
    "h3{font-size:15px;margin:18px 0 6px}\n"
    ".sub{color:var(--muted);margin:0 0 8px}\n"
    "table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}\n"
    "th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}\n"
    "th{background:var(--head);font-weight:600}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.n{white-space:nowrap}\n"
    "tr.sec td{background:#f7f9fb;font-weight:600}\n"
    "tr.sum td{font-weight:600;border-top:2px solid #aab4c0}\n"
    "td.c{padding-left:22px}\n"
    "td.nm{white-space:nowrap}\n"
    "td.x{color:var(--muted);font-size:12px}\n"
    ".id{color:var(--muted);font-size:12px}\n"
    ".badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;"
    "white-space:nowrap}\n"
    ".st{white-space:nowrap;font-weight:600}\n"
    ".st-selected{color:#2e7d32}.st-tie_at_quota{color:#b26a00}.st-over_quota{color:#ef6c00}\n"
    ".st-excluded{color:#6a1b9a}.st-not_eligible{color:var(--muted)}\n"
    ".met{color:#2e7d32}.unmet{color:#c62828}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:12px 24px}\n"
    ".chart{flex:0 1 460px}\n"
    ".chart.totals{flex-basis:100%;max-width:760px}\n"
    "div.wide{overflow-x:auto}\n"
    "table.pts td:first-child{min-width:240px}\n"
    "svg{display:block;width:100%;height:auto}\n"
    "svg text{font-family:\"Segoe UI\",Roboto,\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif}\n"
    "details{margin:10px 0;border:1px solid var(--line);border-radius:6px;padding:6px 12px}\n"
    "summary{cursor:pointer;font-weight:600}\n"
    "ul.ex{margin:6px 0;padding-left:20px}\n"
    "footer{margin-top:32px;color:var(--muted);font-size:12px}\n"
    "header.doc{display:flex;justify-content:space-between;gap:24px;margin:0 0 18px;text-align:center}\n"
    "header.doc p{margin:0}\n"
    ".org{flex:0 1 42%}.org p:last-of-type{font-weight:700}\n"
    ".state{flex:0 1 52%}.state .nation{font-weight:700}.state .motto{font-weight:700;font-size:15px}\n"
    "header.doc hr{width:34%;margin:4px auto 6px;border:0;border-top:1px solid var(--ink)}\n"
    ".dateline{font-style:italic}\n"
    "h1.doc{text-align:center;text-transform:uppercase}\n"
    "p.sub.doc{text-align:center}\n"
    ".signers{display:flex;justify-content:space-around;gap:24px;margin:36px 0 8px;text-align:center}\n"
    ".signer{flex:0 1 320px}.signer p{margin:0;font-weight:700}.signer:only-child{margin-left:auto}\n"
    ".signer .sign{height:96px}\n"
    "@page{size:A4 landscape;margin:14mm 14mm 16mm}\n"
    "@media print{body{padding:0;font-size:12px}main{max-width:none}"
    "h1,h2,h3,summary{break-after:avoid}"
    "tr,figure,svg,header.doc,.signers,ul.ex li{break-inside:avoid}"
    "thead{display:table-header-group}div.wide{overflow:visible}"
    "details{border:0;padding:0}}\n"
    "</style>\n";

typedef struct page {
    td_buf *out;
    const td_result *res;
    const td_rulebook *rb;
    td_lang lang;
    int places;         /* fraction digits of scores */
    int percent_places; /* fraction digits of attainment percentages */
} page;

static void put(page *p, const char *s)
{
    td_buf_append(p->out, s);
}

static void text(page *p, const char *s)
{
    td_report__html_text(p->out, s);
}

/* An explanation, its numbers as the page's language writes them. */
static void explanation(page *p, const char *s)
{
    char *t = td_report__numbers_text(p->lang, s);
    if (t == NULL)
        p->out->failed = true;
    else
        text(p, t);
    free(t);
}

static void num_cell(page *p, td_decimal d, int places)
{
    put(p, "<td class=\"n\">");
    td_report__dec_places(p->out, p->lang, d, places);
    put(p, "</td>");
}

/* 1.1: a group node's points after its cap, the mark after them and, on
 * hovering, its items' sum: "Tổng các mục: 156,00 > tối đa 150". */
static void capped_cell(page *p, td_decimal d, td_decimal sum, td_decimal max)
{
    td_buf note;
    td_buf_init(&note, &td_libc_allocator);
    td_report__capped_note(&note, p->lang, sum, max, p->places);
    if (note.failed)
        p->out->failed = true;
    put(p, "<td class=\"n capped\" title=\"");
    text(p, note.failed ? "" : note.data);
    put(p, "\">");
    td_report__dec_places(p->out, p->lang, d, p->places);
    put(p, " " TD_REPORT_CAPPED_MARK "</td>");
    td_buf_free(&note);
}

static void th(page *p, const char *label, bool numeric)
{
    put(p, numeric ? "<th class=\"n\">" : "<th>");
    text(p, label);
    put(p, "</th>");
}

static void badge(page *p, size_t m)
{
    size_t idx = td_report__html_classification_index(p->res, m);
    const char *id = td_result_member_classification(p->res, m);
    if (id == NULL)
        return;
    td_buf_appendf(p->out, "<span class=\"badge\" style=\"background:%s\">",
                   td_report__html_classification_colour(idx));
    text(p, td_report__classification_name(p->res, id));
    put(p, "</span>");
}

static const char *title_of(const page *p)
{
    return td_report__title(p->res);
}

/* Text given as lines joined by '\n', each in a paragraph; the last one
 * (the issuing body itself) set in bold by the style sheet. */
static void lines(page *p, const char *s)
{
    while (s != NULL) {
        const char *nl = strchr(s, '\n');
        size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);
        char *line = malloc(n + 1);
        if (line == NULL) {
            p->out->failed = true;
            return;
        }
        memcpy(line, s, n);
        line[n] = '\0';
        put(p, "<p>");
        text(p, line);
        put(p, "</p>");
        free(line);
        s = nl != NULL ? nl + 1 : NULL;
    }
}

/* The administrative heading of a council document: the issuing body upper
 * left, the national heading upper right with the date line under it. */
static void document_heading(page *p)
{
    const char *org = td_result_report_field(p->res, TD_REPORT_FIELD_ORGANISATION);
    put(p, "<header class=\"doc\">\n<div class=\"org\">");
    if (org != NULL) {
        lines(p, org);
        put(p, "<hr>");
    }
    put(p, "</div>\n<div class=\"state\"><p class=\"nation\">");
    text(p, td_report__text(p->lang, TD_RP_STATE_NAME));
    put(p, "</p><p class=\"motto\">");
    text(p, td_report__text(p->lang, TD_RP_STATE_MOTTO));
    put(p, "</p><hr>");
    td_buf line;
    td_buf_init(&line, &td_libc_allocator);
    td_report__date_line(&line, p->lang, p->res);
    if (line.failed)
        p->out->failed = true;
    if (line.len > 0) {
        put(p, "<p class=\"dateline\">");
        text(p, td_buf_text(&line));
        put(p, "</p>");
    }
    td_buf_free(&line);
    put(p, "</div>\n</header>\n");
}

/* The signature blocks, left to right: role, title, room to sign, name. */
static void signatures(page *p)
{
    size_t n = td_result_report_signer_count(p->res);
    if (n == 0)
        return;
    put(p, "<section class=\"signers\">\n");
    for (size_t i = 0; i < n; i++) {
        put(p, "<div class=\"signer\">");
        for (int f = TD_SIGNER_FIELD_ROLE; f <= TD_SIGNER_FIELD_NAME; f++) {
            const char *part = td_result_report_signer(p->res, i, (td_signer_field)f);
            if (f == TD_SIGNER_FIELD_NAME)
                put(p, "<div class=\"sign\"></div>");
            if (part != NULL && part[0] != '\0') {
                put(p, "<p>");
                text(p, part);
                put(p, "</p>");
            }
        }
        put(p, "</div>\n");
    }
    put(p, "</section>\n");
}

static void heading(page *p)
{
    const char *cluster = td_result_cluster_name(p->res);
    put(p, "<!DOCTYPE html>\n<html lang=\"");
    put(p, td_report__text(p->lang, TD_RP_LANGUAGE_TAG));
    put(p, "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    text(p, title_of(p));
    put(p, " — ");
    text(p, cluster[0] != '\0' ? cluster : td_result_cluster_id(p->res));
    td_buf_appendf(p->out, " %lld</title>\n", (long long)td_result_period(p->res));
    put(p, style);
    put(p, "</head>\n<body>\n<main>\n");
    bool block = td_report__has_block(p->res);
    if (block)
        document_heading(p);
    put(p, block ? "<h1 class=\"doc\">" : "<h1>");
    text(p, title_of(p));
    put(p, block ? "</h1>\n<p class=\"sub doc\">" : "</h1>\n<p class=\"sub\">");
    if (cluster[0] != '\0') {
        text(p, cluster);
        put(p, " <span class=\"id\">(");
        text(p, td_result_cluster_id(p->res));
        put(p, ")</span>");
    } else {
        text(p, td_result_cluster_id(p->res));
    }
    put(p, " · ");
    text(p, td_report__text(p->lang, TD_RP_PERIOD));
    td_buf_appendf(p->out, " %lld · ", (long long)td_result_period(p->res));
    text(p, td_report__text(p->lang, TD_RP_RULEBOOK));
    put(p, " <span class=\"id\">");
    text(p, td_rulebook_id(p->rb));
    put(p, "</span></p>\n");
}

static void ranking(page *p)
{
    const td_lang lang = p->lang;
    td_report_phrase cols[TD_REPORT_STANDING_MAX];
    size_t nc = td_report__standing_columns(p->res, cols);
    put(p, "<h2>");
    text(p, td_report__text(lang, TD_RP_RANKING));
    put(p, "</h2>\n<div class=\"wide\"><table>\n<thead><tr>");
    for (size_t c = 0; c < nc; c++)
        if (cols[c] != TD_RP_UNIT) /* the unit's id goes under its name */
            th(p, td_report__text(lang, cols[c]),
               cols[c] != TD_RP_NAME && cols[c] != TD_RP_CLASSIFICATION && cols[c] != TD_RP_GROUP);
    put(p, "</tr></thead>\n<tbody>\n");
    for (size_t m = 0; m < td_result_member_count(p->res); m++) {
        const char *g = td_result_member_group(p->res, m);
        put(p, "<tr>");
        for (size_t c = 0; c < nc; c++) {
            switch (cols[c]) {
            case TD_RP_RANK: td_buf_appendf(p->out, "<td class=\"n\">%zu</td>", td_result_member_rank(p->res, m)); break;
            case TD_RP_UNIT: break;
            case TD_RP_NAME:
                put(p, "<td class=\"nm\">");
                text(p, td_report__member_label(p->res, m));
                put(p, "<br><span class=\"id\">");
                text(p, td_result_member_unit(p->res, m));
                if (td_result_member_is_leader(p->res, m)) {
                    put(p, " · ");
                    text(p, td_report__text(lang, td_report__role(p->res, TD_RP_LEADER)));
                }
                put(p, "</span></td>");
                break;
            case TD_RP_TOTAL: num_cell(p, td_result_member_total(p->res, m), p->places); break;
            case TD_RP_BASE: num_cell(p, td_result_member_base(p->res, m), p->places); break;
            case TD_RP_BONUS: num_cell(p, td_result_member_bonus(p->res, m), p->places); break;
            case TD_RP_DEDUCTION: num_cell(p, td_result_member_deduction(p->res, m), p->places); break;
            case TD_RP_CLASSIFICATION:
                put(p, "<td>");
                badge(p, m);
                put(p, "</td>");
                break;
            case TD_RP_TARGETS_MET:
                td_buf_appendf(p->out, "<td class=\"n\">%zu/%zu</td>", td_result_member_count_met(p->res, m),
                               td_report__count_with_attainment(p->res, m));
                break;
            case TD_RP_GROUP:
                put(p, "<td>");
                text(p, g != NULL ? g : "");
                put(p, "</td>");
                break;
            default: /* TD_RP_GROUP_RANK */
                if (g != NULL)
                    td_buf_appendf(p->out, "<td class=\"n\">%zu</td>", td_result_member_group_rank(p->res, m));
                else
                    put(p, "<td class=\"n\"></td>");
                break;
            }
        }
        put(p, "</tr>\n");
    }
    put(p, "</tbody>\n</table></div>\n");
    if (!td_report__scores(p->res)) /* 1.1: no points, no chart of totals */
        return;
    put(p, "<div class=\"charts\"><figure class=\"chart totals\" style=\"margin:0\">\n");
    td_report__svg_totals_chart(p->out, p->res, p->lang, p->places);
    put(p, "</figure></div>\n");
}

static void points(page *p)
{
    const td_lang lang = p->lang;
    size_t nm = td_result_member_count(p->res);
    put(p, "<h2>");
    text(p, td_report__text(lang, TD_RP_CRITERION_POINTS));
    put(p, "</h2>\n<div class=\"wide\"><table class=\"pts\">\n<thead><tr>");
    th(p, td_report__text(lang, TD_RP_CRITERION), false);
    th(p, td_report__text(lang, TD_RP_MAX), true);
    for (size_t m = 0; m < nm; m++) {
        put(p, "<th class=\"n\">");
        text(p, td_report__member_label(p->res, m));
        put(p, "</th>");
    }
    put(p, "</tr></thead>\n<tbody>\n");
    td_report__rows rows;
    td_report__row row;
    td_report__rows_init(&rows, p->rb);
    while (td_report__rows_next(&rows, &row)) {
        const char *id = td_report__row_id(p->rb, &row), *name = td_report__row_name(p->rb, &row);
        if (row.kind == TD_REPORT_ROW_SECTION) {
            put(p, "<tr class=\"sec\"><td>");
            text(p, id);
            put(p, ". ");
            text(p, name);
        } else {
            /* 1.1 group nodes in bold, nested rows indented a step further each */
            put(p, row.kind == TD_REPORT_ROW_NODE ? "<tr style=\"font-weight:600\">" : "<tr>");
            if (row.level > 1)
                td_buf_appendf(p->out, "<td class=\"c\" style=\"padding-left:%upx\">", 22 * row.level);
            else
                put(p, "<td class=\"c\">");
            if (name[0] != '\0') {
                text(p, name);
                put(p, " <span class=\"id\">");
                text(p, id);
                put(p, "</span>");
            } else {
                text(p, id);
            }
        }
        put(p, "</td>");
        td_decimal max;
        if (td_report__row_max(p->rb, &row, &max))
            num_cell(p, max, 0);
        else
            put(p, "<td></td>");
        for (size_t m = 0; m < nm; m++) {
            td_decimal sum;
            if (td_report__row_capped(p->res, m, &row, &sum))
                capped_cell(p, td_report__row_points(p->res, m, &row), sum, max);
            else
                num_cell(p, td_report__row_points(p->res, m, &row), p->places);
        }
        put(p, "</tr>\n");
    }
    static const td_report_phrase labels[] = {TD_RP_BASE, TD_RP_BONUS, TD_RP_DEDUCTION, TD_RP_TOTAL};
    td_decimal (*values[])(const td_result *, size_t) = {td_result_member_base, td_result_member_bonus,
                                                         td_result_member_deduction, td_result_member_total};
    for (size_t k = 0; k < 4; k++) {
        put(p, k == 0 || k == 3 ? "<tr class=\"sum\"><td>" : "<tr><td>");
        text(p, td_report__text(lang, labels[k]));
        put(p, "</td><td></td>");
        for (size_t m = 0; m < nm; m++)
            num_cell(p, values[k](p->res, m), p->places);
        put(p, "</tr>\n");
    }
    put(p, "</tbody>\n</table></div>\n");
    if (td_report__any_capped(p->res)) { /* 1.1: what the mark of a capped group means */
        td_buf legend;
        td_buf_init(&legend, &td_libc_allocator);
        td_report__capped_legend(&legend, lang);
        if (legend.failed)
            p->out->failed = true;
        put(p, "<p class=\"sub\">");
        text(p, legend.failed ? "" : legend.data);
        put(p, "</p>\n");
        td_buf_free(&legend);
    }
    if (td_report__svg_has_attainment_charts(p->res)) { /* drawn straight into the page, which may stream */
        put(p, "<h3>");
        text(p, td_report__text(lang, TD_RP_ATTAINMENT_CHART));
        put(p, "</h3>\n");
        td_report__svg_attainment_charts(p->out, p->res, p->lang);
    }
}

static void status_cell(page *p, td_award_status st)
{
    td_buf_appendf(p->out, "<td class=\"st st-%s\">", td_award_status_name(st));
    text(p, td_report__status_label(p->lang, st));
    put(p, "</td>");
}

static void awards(page *p)
{
    size_t na = td_result_award_count(p->res);
    if (na == 0)
        return;
    put(p, "<h2>");
    text(p, td_report__text(p->lang, TD_RP_AWARDS));
    put(p, "</h2>\n");
    for (size_t a = 0; a < na; a++) {
        const char *name = td_rulebook_award_name(p->rb, a);
        put(p, "<h3>");
        text(p, name[0] != '\0' ? name : td_rulebook_award_id(p->rb, a));
        put(p, " <span class=\"id\">");
        text(p, td_rulebook_award_id(p->rb, a));
        put(p, "</span></h3>\n<p class=\"sub\">");
        explanation(p, td_result_award_quota_explain(p->res, a, p->lang));
        put(p, "</p>\n<div class=\"wide\"><table>\n<thead><tr>");
        th(p, td_report__text(p->lang, TD_RP_RANK), true);
        th(p, td_report__text(p->lang, TD_RP_NAME), false);
        th(p, td_report__text(p->lang, TD_RP_STATUS), false);
        th(p, td_report__text(p->lang, TD_RP_EXPLANATION), false);
        put(p, "</tr></thead>\n<tbody>\n");
        for (size_t m = 0; m < td_result_member_count(p->res); m++) {
            td_buf_appendf(p->out, "<tr><td class=\"n\">%zu</td><td class=\"nm\">",
                           td_result_member_rank(p->res, m));
            text(p, td_report__member_label(p->res, m));
            put(p, "</td>");
            status_cell(p, td_result_award_status(p->res, m, a));
            put(p, "<td class=\"x\">");
            explanation(p, td_result_award_explain(p->res, m, a, p->lang));
            put(p, "</td></tr>\n");
        }
        put(p, "</tbody>\n</table></div>\n");
    }
}

/* Rulebook 1.1 roll-ups: per roll-up, each member's children, the units
 * below it and the measures the roll-up gave it. */
static void rollups(page *p)
{
    for (size_t r = 0; r < td_result_rollup_count(p->res); r++) {
        const td_rulebook *child = td_rulebook_rollup_child(p->rb, r);
        const char *name = td_rulebook_name(child)[0] != '\0' ? td_rulebook_name(child) : td_rulebook_id(child);
        size_t nk = td_rulebook_rollup_measure_count(p->rb, r);
        put(p, "<h2>");
        text(p, td_report__text(p->lang, TD_RP_ROLLUPS));
        put(p, ": ");
        text(p, name);
        put(p, " <span class=\"id\">");
        text(p, td_rulebook_rollup_id(p->rb, r));
        put(p, "</span></h2>\n<div class=\"wide\"><table>\n<thead><tr>");
        th(p, td_report__text(p->lang, TD_RP_NAME), false);
        th(p, td_report__text(p->lang, TD_RP_CHILDREN), true);
        th(p, td_report__text(p->lang, TD_RP_UNITS_BELOW), true);
        for (size_t k = 0; k < nk; k++)
            th(p, td_rulebook_rollup_measure_id(p->rb, r, k), true);
        put(p, "</tr></thead>\n<tbody>\n");
        for (size_t m = 0; m < td_result_member_count(p->res); m++) {
            put(p, "<tr><td class=\"nm\">");
            text(p, td_report__member_label(p->res, m));
            put(p, "</td>");
            num_cell(p, td_decimal_from_int((int64_t)td_result_rollup_child_count(p->res, r, m)), 0);
            num_cell(p, td_decimal_from_int((int64_t)td_result_member_unit_count(p->res, m)), 0);
            for (size_t k = 0; k < nk; k++) {
                td_decimal d;
                if (td_result_rollup_value(&d, p->res, r, k, m))
                    num_cell(p, d, 0);
                else
                    put(p, "<td></td>");
            }
            put(p, "</tr>\n");
        }
        put(p, "</tbody>\n</table></div>\n");
    }
}

/* The next leader, or the next deputy (rulebook 1.1). */
static void role(page *p, bool deputy)
{
    const char *next = deputy ? td_result_next_deputy(p->res) : td_result_next_leader(p->res);
    if (next == NULL)
        return;
    put(p, "<h2>");
    text(p, td_report__text(p->lang, td_report__role(p->res, deputy ? TD_RP_NEXT_DEPUTY : TD_RP_NEXT_LEADER)));
    put(p, "</h2>\n<p><strong>");
    size_t m;
    if (td_result_find_member(&m, p->res, next, NULL) == TD_OK) {
        text(p, td_report__member_label(p->res, m));
        put(p, "</strong> <span class=\"id\">");
        text(p, next);
        put(p, "</span>");
    } else {
        text(p, next);
        put(p, "</strong>");
    }
    put(p, "<br><span class=\"x\">");
    explanation(p, deputy ? td_result_deputy_explain(p->res, p->lang) : td_result_leader_explain(p->res, p->lang));
    put(p, "</span></p>\n");
}

static void optional_num_cell(page *p, bool has, td_decimal d)
{
    if (has)
        num_cell(p, d, 0);
    else
        put(p, "<td class=\"n\">–</td>");
}

static void member_details(page *p, size_t m)
{
    const td_lang lang = p->lang;
    td_buf_appendf(p->out, "<details open>\n<summary>%zu. ", td_result_member_rank(p->res, m));
    text(p, td_report__member_label(p->res, m));
    put(p, " — ");
    td_report__dec_places(p->out, p->lang, td_result_member_total(p->res, m), p->places);
    put(p, " ");
    badge(p, m);
    put(p, "</summary>\n<div class=\"wide\"><table>\n<thead><tr>");
    th(p, td_report__text(lang, TD_RP_CRITERION), false);
    th(p, td_report__text(lang, TD_RP_TARGET), true);
    th(p, td_report__text(lang, TD_RP_ACTUAL), true);
    th(p, td_report__text(lang, TD_RP_ATTAINMENT), true);
    th(p, td_report__text(lang, TD_RP_POINTS), true);
    th(p, td_report__text(lang, TD_RP_CRITERION_BONUS), true);
    th(p, td_report__text(lang, TD_RP_EXPLANATION), false);
    put(p, "</tr></thead>\n<tbody>\n");
    for (size_t c = 0; c < td_result_criterion_count(p->res); c++) {
        td_decimal d;
        bool has;
        put(p, "<tr><td>");
        text(p, td_rulebook_criterion_id(p->rb, c));
        put(p, "</td>");
        has = td_result_target(&d, p->res, m, c);
        optional_num_cell(p, has, d);
        has = td_result_actual(&d, p->res, m, c);
        optional_num_cell(p, has, d);
        if (td_result_attainment(&d, p->res, m, c)) {
            put(p, td_result_met(p->res, m, c) ? "<td class=\"n met\">" : "<td class=\"n unmet\">");
            td_report__percent(p->out, p->lang, d, p->percent_places);
            put(p, "</td>");
        } else {
            put(p, "<td class=\"n\">–</td>");
        }
        num_cell(p, td_result_points(p->res, m, c), p->places);
        num_cell(p, td_result_criterion_bonus(p->res, m, c), p->places);
        put(p, "<td class=\"x\">");
        char stack[TD_REPORT_EXPLAIN_STACK], *heap;
        const char *explain = td_report__criterion_explain(p->res, m, c, p->lang, stack, &heap);
        if (explain == NULL)
            p->out->failed = true;
        else
            explanation(p, explain);
        td_free(heap);
        put(p, "</td></tr>\n");
    }
    put(p, "</tbody>\n</table></div>\n<ul class=\"ex\">\n<li>");
    text(p, td_report__text(lang, TD_RP_TOTAL));
    put(p, ": ");
    explanation(p, td_result_member_explain(p->res, m, p->lang));
    const char *cls = td_result_classification_explain(p->res, m, p->lang);
    if (cls != NULL) {
        put(p, "</li>\n<li>");
        text(p, td_report__text(lang, TD_RP_CLASSIFICATION));
        put(p, ": ");
        explanation(p, cls);
    }
    put(p, "</li>\n<li>");
    text(p, td_report__text(lang, TD_RP_EXPLAIN_RANK));
    put(p, ": ");
    explanation(p, td_result_rank_explain(p->res, m, p->lang));
    put(p, "</li>\n</ul>\n</details>\n");
}

td_status td_report__html(const td_result *res, const td_report_options *o, td_buf *out, td_error *err)
{
    (void)err;
    page p = {out, res, td_result_rulebook(res), o->lang,
              td_report__score_places(res), td_report__percent_places(res)};
    heading(&p);
    ranking(&p);
    if (td_report__scores(res)) /* 1.1: a rulebook that only classifies or awards has no points */
        points(&p);
    rollups(&p);
    awards(&p);
    role(&p, false);
    role(&p, true);
    put(&p, "<h2>");
    text(&p, td_report__text(p.lang, TD_RP_EXPLANATION));
    put(&p, "</h2>\n");
    for (size_t m = 0; m < td_result_member_count(res); m++)
        member_details(&p, m);
    signatures(&p);
    put(&p, "<footer>");
    text(&p, td_report__text(p.lang, TD_RP_GENERATED_BY));
    put(&p, "</footer>\n</main>\n</body>\n</html>\n");
    return TD_OK;
}
