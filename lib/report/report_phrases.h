/*
 * Internal: the report writers' phrase catalogue, every fixed text of the
 * reports (headings, column labels, status names) in Vietnamese and
 * English, in one table (report_phrases.c), so that wording is reviewed,
 * changed and translated without touching the writers.
 *
 * This is the report floor's own catalogue: reports stand on base and on
 * libthidua's public API, not on lib/core, whose explanation phrases
 * (lib/core/phrases.h) have the same shape. A report phrase is plain text,
 * never a printf format: a '%' in it is a percent sign ("Tỷ lệ (%)"), and
 * the writers put numbers and names next to it. Anything that differs by
 * language lives here, down to the language tag of the HTML page, so the
 * writers never test the language. tests/report/test_report_phrases.c
 * checks the table; tests/report/check_report_phrases.py checks the
 * writers. See "Explanation wording" in docs/architecture.md.
 */
#ifndef THIDUA_LIB_REPORT_PHRASES_H
#define THIDUA_LIB_REPORT_PHRASES_H

#include "thidua/common.h"

/* In the order of the table, grouped by where the reports show them. */
typedef enum td_report_phrase {
    /* the page */
    TD_RP_LANGUAGE_TAG, /* BCP 47, for <html lang="…"> */
    TD_RP_PERIOD,       /* "Period 2023" */
    TD_RP_PERIOD_LOWER, /* "…, period 2023" in a line of text */
    TD_RP_RULEBOOK,
    TD_RP_GENERATED_BY,

    /* how numbers are written in the human formats (report_util.c) */
    TD_RP_DECIMAL_MARK,       /* "102,43" / "102.43" */
    TD_RP_THOUSANDS_SEPARATOR, /* "1.234,5"; English: none, as before ("1234.5") */
    TD_RP_NUMBER_SEPARATOR,   /* between two numbers in an explanation: "min(0,95; 1)" */
    /* the administrative blocks of a council document (the report block) */
    TD_RP_STATE_NAME,  /* the national heading, upper right */
    TD_RP_STATE_MOTTO, /* under it */
    TD_RP_DATE_LEAD,   /* before the day of the date line */
    TD_RP_MONTH_1,     /* the month after the day, with what comes before the year */
    TD_RP_MONTH_2,
    TD_RP_MONTH_3,
    TD_RP_MONTH_4,
    TD_RP_MONTH_5,
    TD_RP_MONTH_6,
    TD_RP_MONTH_7,
    TD_RP_MONTH_8,
    TD_RP_MONTH_9,
    TD_RP_MONTH_10,
    TD_RP_MONTH_11,
    TD_RP_MONTH_12,
    TD_RP_PAGE,        /* "Trang 1/3": before the page numbers */

    /* parts of a report, sheets of the workbook, charts */
    TD_RP_RANKING,
    TD_RP_SUMMARY,
    TD_RP_CRITERION_POINTS,
    TD_RP_AWARDS,
    TD_RP_DETAILS,
    TD_RP_EXPLANATION,
    TD_RP_NEXT_LEADER,
    TD_RP_NEXT_DEPUTY,
    TD_RP_NEXT_LEADER_BLOCK, /* the same two for a block (khối thi đua): td_report__role() */
    TD_RP_NEXT_DEPUTY_BLOCK,
    TD_RP_TOTALS_CHART,
    TD_RP_ATTAINMENT_CHART,

    /* column headings and item labels */
    TD_RP_RANK,
    TD_RP_UNIT,
    TD_RP_NAME, /* of a member */
    TD_RP_ITEM_NAME, /* of a criterion, a section or an award */
    TD_RP_TOTAL,
    TD_RP_BASE,
    TD_RP_BONUS,
    TD_RP_DEDUCTION,
    TD_RP_CLASSIFICATION,
    TD_RP_TARGETS_MET,
    TD_RP_GROUP,      /* 1.1 */
    TD_RP_GROUP_RANK,
    TD_RP_CRITERIA,
    TD_RP_CRITERION,
    TD_RP_SECTION,
    TD_RP_MAX,
    TD_RP_TARGET,
    TD_RP_ACTUAL,
    TD_RP_ATTAINMENT,
    TD_RP_MET,
    TD_RP_POINTS,
    TD_RP_CRITERION_BONUS,
    TD_RP_AWARD,
    TD_RP_STATUS,
    TD_RP_EXPLAIN_RANK, /* the rank's explanation, after those of total and classification */
    TD_RP_ROLLUPS,      /* 1.1: the measures counted from the children */
    TD_RP_CHILDREN,     /* 1.1: a member's number of children in a roll-up */
    TD_RP_UNITS_BELOW,  /* 1.1: the units below a member */
    TD_RP_MEASURE,      /* 1.1: a measure a roll-up gives (xlsx) */
    TD_RP_VALUE,        /* its value */

    /* values in cells */
    TD_RP_LEADER, /* marks the next period's leader in the ranking */
    TD_RP_LEADER_BLOCK, /* the same in a block */
    TD_RP_MET_YES,
    TD_RP_MET_NO,
    /* 1.1: a group node whose items add up to more than its max: the
     * legend of the mark on its points (TD_REPORT_CAPPED_MARK), and the
     * note "Tổng các mục: 156,00 > tối đa 150" (xlsx comment, HTML title) */
    TD_RP_CAPPED_LEGEND,
    TD_RP_ITEMS_SUM,
    TD_RP_OVER_MAX,

    /* award statuses (td_report__status_label() maps td_award_status to them) */
    TD_RP_STATUS_NOT_ELIGIBLE,
    TD_RP_STATUS_SELECTED,
    TD_RP_STATUS_EXCLUDED,
    TD_RP_STATUS_OVER_QUOTA,
    TD_RP_STATUS_TIE_AT_QUOTA,
    TD_RP_STATUS_PENDING_BALLOT,
    TD_RP_STATUS_BALLOT_FAILED,

    /* the input workbook (thidua template): sheet names and the header
     * words lib/load/xlsx.c reads back in either language */
    TD_RP_TPL_SHEET_DATA,
    TD_RP_TPL_SHEET_HISTORY,
    TD_RP_TPL_SHEET_NOTES,
    TD_RP_TPL_ID,
    TD_RP_TPL_NAME,
    TD_RP_TPL_TARGET,
    TD_RP_TPL_ACTUAL,
    TD_RP_TPL_HISTORY_UNIT,
    TD_RP_TPL_HISTORY_PERIOD,
    TD_RP_TPL_HISTORY_ID,
    TD_RP_TPL_SHEET_SCORES,
    TD_RP_TPL_SHEET_EVENTS,
    TD_RP_TPL_CRITERION,
    TD_RP_TPL_SELF,
    TD_RP_TPL_CROSS,
    TD_RP_TPL_FINAL,
    TD_RP_TPL_ITEM,
    TD_RP_TPL_COUNT,
    TD_RP_TPL_BAD_NUMBER_TITLE,
    TD_RP_TPL_BAD_NUMBER,
    TD_RP_TPL_BAD_YEAR_TITLE,
    TD_RP_TPL_BAD_YEAR,
    TD_RP_TPL_SUBJECT,
    TD_RP_TPL_NOTE_DATA,
    TD_RP_TPL_NOTE_NUMBERS,
    TD_RP_TPL_NOTE_HEADER,
    TD_RP_TPL_NOTE_HISTORY,
    TD_RP_TPL_NOTE_SCORES,
    TD_RP_TPL_NOTE_EVENTS,
    TD_RP_TPL_NOTE_CHECK,
    TD_RP_TPL_SHEET_CLUSTER,
    TD_RP_TPL_VALUE_HEAD,
    TD_RP_TPL_C_ID,
    TD_RP_TPL_C_NAME,
    TD_RP_TPL_C_KIND,
    TD_RP_TPL_C_PERIOD,
    TD_RP_TPL_C_LEADER,
    TD_RP_TPL_C_DEPUTY,
    TD_RP_TPL_C_NEXT_LEADER,
    TD_RP_TPL_C_NEXT_DEPUTY,
    TD_RP_TPL_KIND_CLUSTER,
    TD_RP_TPL_KIND_BLOCK,
    TD_RP_TPL_NOTE_CLUSTER,

    TD_RP_COUNT
} td_report_phrase;

/* One entry of the catalogue: the phrase it holds (its index in the table)
 * and its text per td_lang. */
typedef struct td_report_phrase_entry {
    td_report_phrase id;
    const char *text[2]; /* [TD_LANG_VI], [TD_LANG_EN] */
} td_report_phrase_entry;

/* The catalogue, indexed by td_report_phrase: TD_RP_COUNT entries
 * (report_phrases.c checks the count when it compiles). Constant: no state. */
extern const td_report_phrase_entry td_report__phrases[];

/* The text of phrase `id` in `lang` (a language td_report_render() has
 * checked: TD_LANG_VI or TD_LANG_EN). */
static inline const char *td_report__text(td_lang lang, td_report_phrase id)
{
    return td_report__phrases[id].text[lang];
}

#endif
