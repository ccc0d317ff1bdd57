/* The names of 0.1.0 still compile and mean the same constants
 * (docs/conventions.md, "Names"). */
#include <thidua/thidua.h>
#include <thidua/sys/origin.h>

_Static_assert(TD_ROUND_HALF_UP == TD_ROUNDING_HALF_UP && TD_ROUND_FLOOR == TD_ROUNDING_FLOOR &&
                   TD_ROUND_CEIL == TD_ROUNDING_CEIL && TD_ROUND_DOWN == TD_ROUNDING_DOWN,
               "td_rounding");
_Static_assert(TD_SOURCE_SELF == TD_SCORE_SOURCE_SELF && TD_SOURCE_CROSS == TD_SCORE_SOURCE_CROSS &&
                   TD_SOURCE_FINAL == TD_SCORE_SOURCE_FINAL,
               "td_score_source");
_Static_assert(TD_STEP_LINEAR == TD_SHORTFALL_STEP_LINEAR && TD_STEP_CEIL == TD_SHORTFALL_STEP_CEIL &&
                   TD_STEP_FLOOR == TD_SHORTFALL_STEP_FLOOR,
               "td_shortfall_step");
_Static_assert(TD_LEADER_NONE == TD_LEADER_RULE_NONE && TD_LEADER_ROTATION == TD_LEADER_RULE_ROTATION &&
                   TD_LEADER_ELECTION == TD_LEADER_RULE_ELECTION && TD_LEADER_TOP_RANK == TD_LEADER_RULE_TOP_RANK,
               "td_leader_rule");
_Static_assert(TD_OWNER_MEASURE == TD_EXPR_OWNER_MEASURE && TD_OWNER_AWARD_ORDER == TD_EXPR_OWNER_AWARD_ORDER,
               "td_expr_owner");
#if TD_HAVE_IO
_Static_assert(TD_DOC_AUTO == TD_DOC_FORMAT_AUTO && TD_DOC_CSV == TD_DOC_FORMAT_CSV, "td_doc_format");
_Static_assert(TD_REPORT_TABLE == TD_REPORT_FORMAT_TABLE && TD_REPORT_EXPLAIN == TD_REPORT_FORMAT_EXPLAIN,
               "td_report_format");
#endif

int deprecated_names_ok;
