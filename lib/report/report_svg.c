/*
 * SVG bar charts for the HTML report. Geometry is computed in doubles
 * (drawing is the one place where binary floating point is fine: it decides
 * pixels, never a score) and written as whole pixels with %d, so the output
 * does not depend on the C locale. Every label that shows a number shows
 * the result's exact text, or a percentage cut (never rounded up) to two
 * decimals, so that a bar below 100 % is never labelled "100.00 %".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_html.h"

#define WIDTH 760
#define LABEL_PX_PER_COL 7.0 /* rough width of one character at 12px */
#define MAX_LABEL_COLS 34

/* A step of 1, 2, 2.5 or 5 times a power of ten that cuts [0, max] into at most 6 parts. */
static double nice_step(double max)
{
    if (!(max > 0) || max > 1e300)
        return 1;
    double raw = max / 5, mag = 1;
    while (mag > raw)
        mag /= 10;
    while (mag * 10 <= raw)
        mag *= 10;
    const double mult[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < 5; i++)
        if (mult[i] * mag >= raw)
            return mult[i] * mag;
    return 10 * mag;
}

/* v rounded to the nearest whole number (half away from zero). In long
 * long, which has 64 bits everywhere: long has 32 on 32-bit targets,
 * where converting 9e18 to it would be undefined. */
static long long round_ll(double v)
{
    /* Geometry stays within the picture; this only keeps absurd totals defined. */
    if (!(v > -9e18 && v < 9e18))
        return v > 0 ? 9000000000000000000LL : -9000000000000000000LL;
    return v < 0 ? -(long long)(-v + 0.5) : (long long)(v + 0.5);
}

static int px(double v)
{
    return (int)round_ll(v);
}

/* The smallest whole number >= v (v >= 0, of a sensible size). */
static double ceil_pos(double v)
{
    if (!(v < 9e18))
        return v;
    double t = (double)(long long)v;
    return t < v ? t + 1 : t;
}

/* Text shortened to `cols` display columns with an ellipsis. */
static void label(td_buf *out, const char *s, size_t cols)
{
    char *clean = td_report__clean_text(s);
    if (clean == NULL) {
        out->failed = true;
        return;
    }
    if (td_report__text_width(clean) > cols) {
        /* whole characters that fit with the ellipsis */
        size_t len = td_report__prefix_within(clean, cols > 0 ? cols - 1 : 0);
        clean[len] = '\0';
        while (len > 0 && clean[len - 1] == ' ')
            clean[--len] = '\0';
        td_report__html_text(out, clean);
        td_buf_append(out, "…");
    } else {
        td_report__html_text(out, clean);
    }
    free(clean);
}

static size_t label_cols(const char *s)
{
    size_t w = td_report__display_width(s);
    return w > MAX_LABEL_COLS ? MAX_LABEL_COLS : w;
}

/* A number of the axis: whole numbers without a fraction, else one or two decimals. */
static void axis_number(td_buf *out, td_lang lang, double v, bool percent)
{
    long long hundredths = round_ll(v * (percent ? 10000 : 100));
    char plain[48];
    int n = snprintf(plain, sizeof plain, "%lld", hundredths / 100);
    if (hundredths % 100 != 0 && n > 0 && (size_t)n < sizeof plain) {
        long long frac = llabs(hundredths % 100);
        if (frac % 10 == 0)
            snprintf(plain + n, sizeof plain - (size_t)n, ".%lld", frac / 10);
        else
            snprintf(plain + n, sizeof plain - (size_t)n, ".%02lld", frac);
    }
    td_report__number(out, lang, plain);
    if (percent)
        td_buf_append(out, " %");
}

static void axis(td_buf *out, td_lang lang, int x0, int x1, int top, int bottom, double max, bool percent)
{
    double step = nice_step(max);
    for (int i = 0;; i++) {
        double v = step * i;
        if (v > max * 1.000001)
            break;
        int x = x0 + px((x1 - x0) * v / max);
        td_buf_appendf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>", x, top, x,
                       bottom, i == 0 ? "#8a96a3" : "#e3e7ec");
        td_buf_appendf(out,
                       "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#5f6b7a\" text-anchor=\"middle\">", x,
                       bottom + 14);
        axis_number(out, lang, v, percent);
        td_buf_append(out, "</text>\n");
    }
}

void td_report__svg_totals_chart(td_buf *out, const td_result *res, td_lang lang, int places)
{
    const td_rulebook *rb = td_result_rulebook(res);
    size_t nm = td_result_member_count(res), ncls = td_rulebook_classification_count(rb);
    size_t cols = 8;
    double max = 0;
    for (size_t m = 0; m < nm; m++) {
        size_t w = label_cols(td_report__member_label(res, m));
        cols = w > cols ? w : cols;
        double t = td_decimal_to_double(td_result_member_total(res, m));
        max = t > max ? t : max;
    }
    double step = nice_step(max);
    max = step * ceil_pos(max / step - 1e-9);
    if (!(max > 0))
        max = 1;
    int x0 = px((double)cols * LABEL_PX_PER_COL) + 16, x1 = WIDTH - 70, top = ncls > 0 ? 48 : 30, row = 26;
    int bottom = top + (int)nm * row, height = bottom + 26;
    td_buf_appendf(out,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\">\n<title>",
                   WIDTH, height);
    td_report__html_text(out, td_report__text(lang, TD_RP_TOTALS_CHART));
    td_buf_appendf(out,
                   "</title>\n<text x=\"0\" y=\"16\" font-size=\"13\" font-weight=\"600\" fill=\"#1f2933\">");
    td_report__html_text(out, td_report__text(lang, TD_RP_TOTALS_CHART));
    td_buf_append(out, "</text>\n");
    /* legend: one swatch per classification entry */
    int lx = 0;
    for (size_t i = 0; i < ncls; i++) {
        const char *name = td_report__classification_name(res, td_rulebook_classification_id(rb, i));
        td_buf_appendf(out, "<rect x=\"%d\" y=\"26\" width=\"10\" height=\"10\" fill=\"%s\"/>", lx,
                       td_report__html_classification_colour(i));
        td_buf_appendf(out, "<text x=\"%d\" y=\"35\" font-size=\"11\" fill=\"#1f2933\">", lx + 14);
        td_report__html_text(out, name);
        td_buf_append(out, "</text>\n");
        lx += 14 + px((double)td_report__display_width(name) * 6.2) + 18;
    }
    axis(out, lang, x0, x1, top - 4, bottom, max, false);
    for (size_t m = 0; m < nm; m++) {
        int y = top + (int)m * row;
        double t = td_decimal_to_double(td_result_member_total(res, m));
        int w = px((x1 - x0) * t / max);
        size_t idx = td_report__html_classification_index(res, m);
        td_buf_appendf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1f2933\" text-anchor=\"end\">",
                       x0 - 8, y + 15);
        label(out, td_report__member_label(res, m), MAX_LABEL_COLS);
        td_buf_appendf(out,
                       "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" rx=\"2\" fill=\"%s\"/>", x0,
                       y + 2, w, idx == (size_t)-1 ? "#1565c0" : td_report__html_classification_colour(idx));
        td_buf_appendf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1f2933\">", x0 + w + 6, y + 15);
        td_report__dec_places(out, lang, td_result_member_total(res, m), places);
        td_buf_append(out, "</text>\n");
    }
    td_buf_append(out, "</svg>\n");
}

/* r x 100 cut to two decimals: 0.999996 gives "99.99", never "100.00". */
static void percent_label(td_buf *out, td_lang lang, td_decimal r)
{
    td_decimal p;
    if (td_decimal_mul(&p, r, td_decimal_from_int(100), NULL) != TD_OK ||
        td_decimal_round(&p, p, 2, TD_ROUNDING_DOWN, NULL) != TD_OK) {
        td_report__decimal(out, lang, r);
        return;
    }
    char buf[TD_DECIMAL_STRING_SIZE];
    td_decimal_format_fixed(buf, sizeof buf, p, 2);
    td_report__number(out, lang, buf);
    td_buf_append(out, " %");
}

/* Whether criterion c has a member with an attainment: a panel to draw. */
static bool has_panel(const td_result *res, size_t c)
{
    for (size_t m = 0, nm = td_result_member_count(res); m < nm; m++)
        if (td_result_met(res, m, c) >= 0)
            return true;
    return false;
}

bool td_report__svg_has_attainment_charts(const td_result *res)
{
    for (size_t c = 0, nc = td_result_criterion_count(res); c < nc; c++)
        if (has_panel(res, c))
            return true;
    return false;
}

void td_report__svg_attainment_charts(td_buf *out, const td_result *res, td_lang lang)
{
    const td_rulebook *rb = td_result_rulebook(res);
    size_t nm = td_result_member_count(res), nc = td_result_criterion_count(res);
    /* One scale for every panel, so that bars compare across criteria: at
     * least 120 %, at most 200 % (longer bars are cut and marked). */
    double max = 1.2;
    size_t cols = 8;
    for (size_t m = 0; m < nm; m++) {
        size_t w = label_cols(td_report__member_label(res, m));
        cols = w > cols ? w : cols;
        for (size_t c = 0; c < nc; c++) {
            td_decimal r;
            if (td_result_attainment(&r, res, m, c) && td_decimal_to_double(r) > max)
                max = td_decimal_to_double(r);
        }
    }
    max = max > 2 ? 2 : ceil_pos(max * 10 - 1e-9) / 10;
    const int width = 520, row = 22;
    int x0 = px((double)cols * LABEL_PX_PER_COL) + 12, x1 = width - 74;
    bool any = false;
    for (size_t c = 0; c < nc; c++) {
        if (!has_panel(res, c))
            continue;
        if (!any)
            td_buf_append(out, "<div class=\"charts\">\n");
        any = true;
        int top = 28, bottom = top + (int)nm * row, height = bottom + 22;
        td_buf_appendf(out,
                       "<figure class=\"chart\" style=\"margin:0\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
                         "viewBox=\"0 0 %d %d\" role=\"img\">\n<title>",
                       width, height);
        const char *name = td_rulebook_criterion_name(rb, c);
        td_report__html_text(out, name[0] != '\0' ? name : td_rulebook_criterion_id(rb, c));
        td_buf_append(out,
                      "</title>\n<text x=\"0\" y=\"15\" font-size=\"13\" font-weight=\"600\" fill=\"#1f2933\">");
        label(out, name[0] != '\0' ? name : td_rulebook_criterion_id(rb, c), 52);
        if (name[0] != '\0') {
            td_buf_append(out, " <tspan font-weight=\"400\" fill=\"#5f6b7a\" font-size=\"11\">");
            td_report__html_text(out, td_rulebook_criterion_id(rb, c));
            td_buf_append(out, "</tspan>");
        }
        td_buf_append(out, "</text>\n");
        axis(out, lang, x0, x1, top - 4, bottom, max, true);
        int x100 = x0 + px((x1 - x0) / max);
        td_buf_appendf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f2933\" "
                         "stroke-dasharray=\"4 3\"/>\n",
                       x100, top - 6, x100, bottom);
        for (size_t m = 0; m < nm; m++) {
            int y = top + (int)m * row;
            td_decimal r;
            td_buf_appendf(out,
                           "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1f2933\" text-anchor=\"end\">",
                           x0 - 8, y + 14);
            label(out, td_report__member_label(res, m), MAX_LABEL_COLS);
            td_buf_append(out, "</text>");
            if (!td_result_attainment(&r, res, m, c)) {
                td_buf_appendf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#5f6b7a\">–</text>\n",
                               x0 + 4,
                               y + 14);
                continue;
            }
            double v = td_decimal_to_double(r);
            bool cut = v > max;
            int w = px((x1 - x0) * (cut ? max : v) / max);
            const char *colour = td_result_met(res, m, c) ? "#43a047" : "#ef6c00";
            td_buf_appendf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" rx=\"2\" fill=\"%s\"/>",
                           x0,
                           y + 2, w, colour);
            if (cut) /* a white zigzag marks a bar longer than the axis */
                td_buf_appendf(out,
                               "<path d=\"M%d %dl4 4l-4 4l4 4l-4 4\" stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/>",
                               x0 + w - 10, y + 2);
            /* a white halo keeps the 100 % line from crossing the label */
            td_buf_appendf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1f2933\" stroke=\"#fff\" "
                             "stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\">",
                           x0 + w + 6, y + 14);
            percent_label(out, lang, r);
            td_buf_append(out, "</text>\n");
        }
        td_buf_append(out, "</svg></figure>\n");
    }
    if (any)
        td_buf_append(out, "</div>\n");
}
