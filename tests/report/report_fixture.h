/*
 * Results for the report tests, built through the public C API:
 * - the Lai Châu case (Cluster No. 2 of the Lai Châu provincial Farmers'
 *   Association, 2023; per-member numbers invented, as in examples/);
 * - a cluster with two exclusive awards, a tie at the quota boundary and a
 *   criterion without attainment (manual points);
 * - a cluster whose names hold markup, separators, control characters,
 *   decomposed Vietnamese letters and wide characters, with no
 *   classification, no awards and no leader rule.
 */
#ifndef THIDUA_TEST_REPORT_FIXTURE_H
#define THIDUA_TEST_REPORT_FIXTURE_H

#include "thidua/thidua.h"
#include "rule_kit.h"

td_result *lai_chau_result(void);
/* The same, evaluated with td_eval_options::explain = `explain`. */
td_result *lai_chau_result_with(td_explain explain);
/* The Lai Châu case with a report block: organisation in two lines, place
 * Tân Uyên, date 2023-12-06, a title holding markup, two signers (the
 * second with no role and a '&' in the name). */
td_result *lai_chau_document_result(void);
td_result *awards_result(void);
td_result *nasty_result(void);
/* Names and ids that start with = + - @, which spreadsheets run as formulas. */
td_result *formula_result(void);
/* One member whose id, "tân-uyên", is precomposed (NFC). */
td_result *accented_id_result(void);

/* Two members and 60 awards a01..a60 (odd ones need total >= 9), quota 1 each. */
td_result *many_awards_result(void);
/* `members` members u0, u1, … scored on one proportional criterion. */
td_result *wide_result(size_t members);

/* The report as text (fails the test on error); free with td_free(). *len may be NULL. */
char *render(const td_result *res, td_report_format format, td_lang lang, const char *unit, size_t *len);

/* true when the zip archive zip[0..len) holds an entry of this name (names are stored uncompressed). */
bool zip_has(const char *zip, size_t len, const char *name);

/* Number of times `needle` occurs in `hay`. */
size_t count_of(const char *hay, const char *needle);

/*
 * Terminal columns of the first `n` bytes of s, counted independently of the
 * library: combining marks (U+0300..U+036F) take none, CJK ideographs
 * (U+4E00..U+9FFF) two, everything else one.
 */
size_t columns(const char *s, size_t n);

#endif
