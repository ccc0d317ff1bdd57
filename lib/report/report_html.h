/*
 * Internal: shared by the HTML page (report_html.c) and its SVG charts
 * (report_svg.c).
 */
#ifndef THIDUA_REPORT_HTML_H
#define THIDUA_REPORT_HTML_H

#include "report_internal.h"

/* Appends s escaped for HTML text and attribute values (& < > " '), in
 * NFC, with control characters turned into spaces. */
void td_report__html_text(td_buf *out, const char *s);

/* The colour of classification entry `index`: blue, green, amber, red, then others. */
const char *td_report__html_classification_colour(size_t index);
/* The index of member m's classification entry, or (size_t)-1 when none. */
size_t td_report__html_classification_index(const td_result *res, size_t m);

/* An inline <svg> bar chart of every member's total, coloured by classification. */
void td_report__svg_totals_chart(td_buf *out, const td_result *res, td_lang lang, int places);
/*
 * One small <svg> bar chart per criterion that has an attainment: every
 * member's attainment against the 100 % line, green when met, orange when
 * not. Writes nothing when no criterion has an attainment.
 */
void td_report__svg_attainment_charts(td_buf *out, const td_result *res, td_lang lang);
/* Whether td_report__svg_attainment_charts() draws anything (a criterion
 * some member has an attainment for). */
bool td_report__svg_has_attainment_charts(const td_result *res);

#endif
