/*
 * The phrase catalogue: every fixed text of the explanations, Vietnamese
 * then English, one entry per td_phrase in the enum's order (phrases.h says
 * how texts are used; docs/architecture.md, "Explanation wording", how to
 * change them). Symbols, ids and numbers that read the same in both
 * languages ("min(", " × ", " = ") are not phrases: the code writes them.
 */
#include "phrases.h"

const td_phrase_entry td_phrase_table[] = {
    /* lists of units: "a, b, c and 4 more" */
    {TD_PH_AND_N_MORE, {" và %zu đơn vị khác", " and %zu more"}},

    /* attainment */
    {TD_PH_ACTUAL, {"thực hiện ", "actual "}},
    {TD_PH_SCORED_DIRECTLY, {"chấm điểm trực tiếp", "scored directly"}},
    {TD_PH_NO_TARGET, {"không có chỉ tiêu", "no target"}},
    {TD_PH_LOWER_TARGET_ZERO,
     {"càng thấp càng tốt, chỉ tiêu 0, thực hiện ", "lower is better, target 0, actual "}},
    {TD_PH_TARGET_ZERO, {"chỉ tiêu 0 → r = 1", "target 0 → r = 1"}},
    {TD_PH_LOWER_RATIO, {"càng thấp càng tốt: max(0, 2 − ", "lower is better: max(0, 2 − "}},
    {TD_PH_MET, {" (đạt)", " (met)"}},
    {TD_PH_NOT_MET, {" (chưa đạt)", " (not met)"}},

    /* the scoring rules */
    {TD_PH_THRESHOLD_FULL, {" → đủ điểm ", " → full "}},
    {TD_PH_THRESHOLD_ZERO, {" → 0 điểm", " → 0"}},
    {TD_PH_NO_SHORTFALL_FULL, {" → không thiếu, đủ điểm ", " → no shortfall, full "}},
    {TD_PH_SHORTFALL, {" → thiếu (1 − ", " → shortfall (1 − "}},
    /* Vietnamese has no plural: one text for 1 step and for several */
    {TD_PH_STEP_ROUNDED_UP, {" bậc (làm tròn lên)", " step (rounded up)"}},
    {TD_PH_STEPS_ROUNDED_UP, {" bậc (làm tròn lên)", " steps (rounded up)"}},
    {TD_PH_STEP_ROUNDED_DOWN, {" bậc (làm tròn xuống)", " step (rounded down)"}},
    {TD_PH_STEPS_ROUNDED_DOWN, {" bậc (làm tròn xuống)", " steps (rounded down)"}},
    {TD_PH_BAND, {" → mức %zu", " → band %zu"}},
    {TD_PH_BELOW_EVERY_BAND, {" (dưới mọi mức) → 0", " (below every band) → 0"}},
    {TD_PH_LOWEST_ZERO_FULL, {"giá trị thấp nhất là 0 → đủ điểm ", "lowest value 0 → full "}},
    {TD_PH_LOWEST_HELD_BY, {" (thấp nhất: %s)", " (lowest: %s)"}},
    {TD_PH_BEST_ZERO, {"giá trị cao nhất là 0 → 0", "best value is 0 → 0"}},
    {TD_PH_BEST_HELD_BY, {" (cao nhất: %s)", " (best: %s)"}},
    {TD_PH_RANK_OF, {" → hạng %zu/%zu", " → rank %zu/%zu"}},
    {TD_PH_BEYOND_POINTS_LIST, {" (ngoài danh sách điểm) → 0", " (beyond the points list) → 0"}},
    {TD_PH_POINTS_FROM, {" → điểm ", " → points from "}},
    {TD_PH_SOURCE_SELF, {"tự chấm", "self-scoring"}},
    {TD_PH_SOURCE_CROSS, {"chấm chéo", "cross-scoring"}},
    {TD_PH_SOURCE_FINAL, {"thẩm định", "final review"}},
    {TD_PH_CLAMPED, {" → giới hạn trong [0, ", " → clamped to [0, "}},
    {TD_PH_CRITERION_BONUS, {"; thưởng ", "; bonus "}},

    /* totals, classification, ranking */
    {TD_PH_BASE, {"điểm cơ bản ", "base "}},
    {TD_PH_BONUS_IS, {"; điểm thưởng = ", "; bonus = "}},
    {TD_PH_CRITERIA, {"tiêu chí ", "criteria "}},
    {TD_PH_NODES, {"; nhóm tiêu chí: ", "; groups of criteria: "}},
    {TD_PH_DEDUCTION_IS, {"; điểm trừ = ", "; deduction = "}},
    {TD_PH_TOTAL_IS_MAX, {"; tổng điểm = max(0, ", "; total = max(0, "}},
    {TD_PH_CONDITION_FAILS, {" nhưng ", " but "}},
    {TD_PH_TOTAL, {"tổng điểm ", "total "}},
    {TD_PH_RANK_SHARED_WITH, {" (đồng hạng với", " (shared with"}},
    {TD_PH_RANK_ASCENDING, {" (thấp hơn xếp trên)", " (lower first)"}},

    /* the next leader */
    {TD_PH_ROTATION,
     {"luân phiên: sau %s là %s theo thứ tự [", "rotation: after %s comes %s in the order ["}},
    {TD_PH_RANKED_FIRST, {"xếp hạng nhất: %s", "ranked first: %s"}},
    {TD_PH_RANK_1_SHARED_BY, {"đồng hạng nhất: ", "rank 1 is shared by "}},
    {TD_PH_DATA_NAMES, {"; dữ liệu chọn %s", "; the data names %s"}},
    {TD_PH_ELECTED, {"bầu chọn: %s", "elected: %s"}},
    /* the next deputy (1.1) */
    {TD_PH_SUCCESSION, {"kế nhiệm: cụm phó %s làm cụm trưởng", "succession: the deputy %s becomes the leader"}},
    {TD_PH_DEPUTY_ROTATION,
     {"luân phiên cụm phó: sau %s là %s theo thứ tự [", "deputy rotation: after %s comes %s in the order ["}},
    {TD_PH_SKIPS_NEXT_LEADER, {"; bỏ qua %s (cụm trưởng kỳ sau)", "; %s, the next leader, is skipped"}},
    {TD_PH_AFTER_NEW_LEADER,
     {"kế nhiệm: sau cụm trưởng mới %s là %s theo thứ tự [", "succession: after the new leader %s comes %s in the order ["}},
    {TD_PH_DEPUTY_ELECTED, {"bầu chọn cụm phó: %s", "elected deputy: %s"}},
    /* the same in a block (khối thi đua): its leader is the khối trưởng, its
     * deputy the khối phó; English names neither a cluster nor a block */
    {TD_PH_SUCCESSION_BLOCK, {"kế nhiệm: khối phó %s làm khối trưởng", "succession: the deputy %s becomes the leader"}},
    {TD_PH_DEPUTY_ROTATION_BLOCK,
     {"luân phiên khối phó: sau %s là %s theo thứ tự [", "deputy rotation: after %s comes %s in the order ["}},
    {TD_PH_SKIPS_NEXT_LEADER_BLOCK, {"; bỏ qua %s (khối trưởng kỳ sau)", "; %s, the next leader, is skipped"}},
    {TD_PH_AFTER_NEW_LEADER_BLOCK,
     {"kế nhiệm: sau khối trưởng mới %s là %s theo thứ tự [", "succession: after the new leader %s comes %s in the order ["}},
    {TD_PH_DEPUTY_ELECTED_BLOCK, {"bầu chọn khối phó: %s", "elected deputy: %s"}},

    /* awards: the quota */
    {TD_PH_NO_QUOTA, {"không giới hạn số lượng", "no quota"}},
    {TD_PH_QUOTA, {"chỉ tiêu ", "quota "}},
    {TD_PH_ROUND_HALF_UP, {"làm tròn", "half up"}},
    {TD_PH_ROUND_FLOOR, {"làm tròn xuống", "floor"}},
    {TD_PH_ROUND_CEIL, {"làm tròn lên", "ceil"}},
    {TD_PH_QUOTA_AT_LEAST, {", tối thiểu %lld → %lld", ", at least %lld → %lld"}},
    {TD_PH_QUOTA_OF_AWARD, {"%zu đơn vị được chọn cho '%s'", "%zu selected for '%s'"}},
    {TD_PH_QUOTA_OF_CANDIDATES, {"%zu đơn vị đủ điều kiện", "%zu candidates"}},
    {TD_PH_PENDING_BALLOT,
     {") nhưng chờ kết quả bỏ phiếu của hội đồng: dữ liệu chưa có số phiếu",
      ") but pending the council's ballot: the data has no votes yet"}},
    {TD_PH_BALLOT_FAILED, {") nhưng không đủ số phiếu: ", ") but the ballot failed: "}},
    {TD_PH_BALLOT_VOTES, {"; số phiếu ", "; votes "}},
    {TD_PH_OF_COUNCIL, {" số thành viên hội đồng", " of the council"}},
    {TD_PH_OF_CAST, {" số phiếu bầu", " of the votes cast"}},
    {TD_PH_VOTES_AND_RANK, {"%lld phiếu, hạng %zu", "%lld votes, rank %zu"}},
    /* awards: a member's status */
    {TD_PH_RANK, {"hạng ", "rank "}},
    /* the same English for both ties; Vietnamese says "đồng hạng 2" but "bằng nhau ở total = 40" */
    {TD_PH_TIED_AT_RANK, {"đồng ", "tied at "}},
    {TD_PH_TIED_AT_VALUE, {"bằng nhau ở ", "tied at "}},
    {TD_PH_NO_CONDITION, {"không có điều kiện", "no condition"}},
    {TD_PH_PENDING_TIE_EXCLUDES,
     {"; đang chờ: đồng hạng ở suất cuối của '%s' (hội đồng quyết định); nếu được chọn cho '%s' thì bị loại "
      "trừ khỏi '%s'",
      "; pending: tied at the quota of '%s' (the council decides); if chosen for '%s', it is excluded from "
      "'%s'"}},
    {TD_PH_SELECTED, {"được chọn: ", "selected: "}},
    {TD_PH_PLACE_OF, {", suất %zu/%lld (", ", place %zu of %lld ("}},
    {TD_PH_ELIGIBLE, {"đủ điều kiện (", "eligible ("}},
    {TD_PH_ELIGIBLE_BUT, {") nhưng ", ") but "}},
    {TD_PH_TIED_WITH, {" với", " with"}},
    {TD_PH_FOR_LAST_PLACES, {" cho %lld suất cuối của ", " for the last %lld place(s) of the "}},
    {TD_PH_COUNCIL_DECIDES, {": hội đồng quyết định", ": the council decides"}},
    {TD_PH_MAY_QUALIFY_LATER,
     {"; đơn vị vẫn có thể được xét các danh hiệu sau", "; the unit may still qualify for later awards"}},
    {TD_PH_BUT_OVER_QUOTA, {") nhưng vượt chỉ tiêu: ", ") but over the quota: "}},
    {TD_PH_COMES_AFTER_GROUP, {" đứng sau nhóm ", " comes after the group "}},
    {TD_PH_LAST_PLACES_OF, {" ở suất cuối của ", " for the last place(s) of the "}},
    {TD_PH_NOBODY_FURTHER, {": không chọn đơn vị nào sau đó", ": nobody further down is selected"}},
    {TD_PH_LEAVES_NO_PLACE, {" không có suất nào", " leaves no place"}},
    {TD_PH_PAST_CUTOFF, {" sau mức cắt ", " is past the cut-off "}},
    {TD_PH_FILLED_BY, {", đã chọn", ", filled by"}},
    {TD_PH_EXCLUDED_BY,
     {"bị loại trừ: đã được chọn cho '%s'; '%s' và '%s' loại trừ nhau",
      "excluded: already selected for '%s'; '%s' and '%s' exclude each other"}},
    {TD_PH_NOT_ELIGIBLE, {"chưa đủ điều kiện: ", "not eligible: "}},

    /* roll-ups (rollup.c) */
    {TD_PH_ROLLUP_OVER, {" trên ", " over "}},
    {TD_PH_ROLLUP_CHILD_OF, {" đối tượng của ", " child of "}},
    {TD_PH_ROLLUP_CHILDREN_OF, {" đối tượng của ", " children of "}},
    {TD_PH_ROLLUP_AND, {" (và ", " (and "}},
    {TD_PH_ROLLUP_UNIT_BELOW, {" đơn vị trực thuộc)", " unit below it)"}},
    {TD_PH_ROLLUP_UNITS_BELOW, {" đơn vị trực thuộc)", " units below it)"}},
};

/* one entry per phrase, no more, no fewer (their order: tests/core/test_phrases.c) */
_Static_assert(sizeof td_phrase_table / sizeof td_phrase_table[0] == TD_PH_COUNT,
               "td_phrase_table must hold one entry per td_phrase");

/* ---- conditions in words (td_cexpr_explain_words) ---- */

/* A built-in's words, "%s" for a data function's id; NULL: its own text
 * (functions of several arguments, and the pure ones). */
static const char *const builtin_words[2][TD_B_COUNT_] = {
    [TD_LANG_VI] =
        {
            [TD_B_TOTAL] = "tổng điểm",
            [TD_B_BASE] = "điểm cơ bản",
            [TD_B_BONUS] = "điểm thưởng",
            [TD_B_DEDUCTION] = "điểm trừ",
            [TD_B_RANK] = "xếp hạng",
            [TD_B_CLASSIFICATION] = "xếp loại",
            [TD_B_MEMBERS] = "số đơn vị",
            [TD_B_IS_LEADER] = "là đơn vị trưởng",
            [TD_B_IS_DEPUTY] = "là đơn vị phó",
            [TD_B_GROUP] = "nhóm",
            [TD_B_GROUP_SIZE] = "số đơn vị của nhóm",
            [TD_B_GROUP_RANK] = "hạng trong nhóm",
            [TD_B_ATTAINMENT] = "mức hoàn thành %s",
            [TD_B_ACTUAL] = "thực hiện %s",
            [TD_B_TARGET] = "chỉ tiêu %s",
            [TD_B_POINTS] = "điểm %s",
            [TD_B_MET] = "đạt chỉ tiêu %s",
            [TD_B_ALL_MET] = "đạt mọi chỉ tiêu",
            [TD_B_COUNT_MET] = "số chỉ tiêu đạt",
            [TD_B_EVENTS] = "số lần %s",
            [TD_B_AWARD] = "được chọn %s",
            [TD_B_CONSECUTIVE] = "số năm liên tục đạt %s",
            [TD_B_MIN_SHARE] = "tỷ lệ điểm thấp nhất theo %s",
            [TD_B_HAS] = "có số liệu %s",
        },
    [TD_LANG_EN] =
        {
            [TD_B_TOTAL] = "total",
            [TD_B_BASE] = "base points",
            [TD_B_BONUS] = "bonus",
            [TD_B_DEDUCTION] = "deduction",
            [TD_B_RANK] = "rank",
            [TD_B_CLASSIFICATION] = "classification",
            [TD_B_MEMBERS] = "members",
            [TD_B_IS_LEADER] = "is the leader",
            [TD_B_IS_DEPUTY] = "is the deputy",
            [TD_B_GROUP] = "group",
            [TD_B_GROUP_SIZE] = "group size",
            [TD_B_GROUP_RANK] = "rank in group",
            [TD_B_ATTAINMENT] = "attainment of %s",
            [TD_B_ACTUAL] = "actual %s",
            [TD_B_TARGET] = "target %s",
            [TD_B_POINTS] = "points of %s",
            [TD_B_MET] = "%s met",
            [TD_B_ALL_MET] = "all targets met",
            [TD_B_COUNT_MET] = "targets met",
            [TD_B_EVENTS] = "%s events",
            [TD_B_AWARD] = "selected for %s",
            [TD_B_CONSECUTIVE] = "consecutive years of %s",
            [TD_B_MIN_SHARE] = "lowest share of points by %s",
            [TD_B_HAS] = "has %s",
        },
};

static const td_expr_words expr_words[2] = {
    [TD_LANG_VI] = {"yêu cầu", "khác", "một trong", " hoặc ", "có", "không", builtin_words[TD_LANG_VI],
                    {"tiêu chí", "nhóm", "phần"}},
    [TD_LANG_EN] = {"needs", "other than", "one of", " or ", "yes", "no", builtin_words[TD_LANG_EN],
                    {"leaf", "group", "section"}},
};

const td_expr_words *td_phrase_expr_words(td_lang lang)
{
    return &expr_words[lang == TD_LANG_EN ? TD_LANG_EN : TD_LANG_VI];
}
