/*
 * The built-in names and functions of the expression language with their
 * arity, types and the stage from which each is known; identifiers and
 * keywords; "did you mean" suggestions.
 */
#include <string.h>

#include "syntax.h"

static const td_builtin_info builtins[TD_B_COUNT_] = {
    [TD_B_TOTAL] = {"total", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CLASSIFY, 0, "totals"},
    [TD_B_BASE] = {"base", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CLASSIFY, 0, "totals"},
    [TD_B_BONUS] = {"bonus", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CLASSIFY, 0, "totals"},
    [TD_B_DEDUCTION] = {"deduction", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CLASSIFY, 0, "totals"},
    [TD_B_RANK] = {"rank", false, 0, 0, TD_XT_NUMBER, TD_STAGE_AWARD, 0, "ranks"},
    [TD_B_CLASSIFICATION] = {"classification", false, 0, 0, TD_XT_TEXT, TD_STAGE_RANK, 0,
                             "classifications"},
    [TD_B_MEMBERS] = {"members", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CRITERION, 0, "members"},
    [TD_B_IS_LEADER] = {"is_leader", false, 0, 0, TD_XT_BOOL, TD_STAGE_CRITERION, 0, "members"},
    [TD_B_IS_DEPUTY] = {"is_deputy", false, 0, 0, TD_XT_BOOL, TD_STAGE_CRITERION, 0, "members"},
    [TD_B_GROUP] = {"group", false, 0, 0, TD_XT_TEXT, TD_STAGE_CRITERION, 0, "members"},
    [TD_B_GROUP_SIZE] = {"group_size", false, 0, 0, TD_XT_NUMBER, TD_STAGE_CRITERION, 0, "members"},
    [TD_B_GROUP_RANK] = {"group_rank", false, 0, 0, TD_XT_NUMBER, TD_STAGE_AWARD, 0, "ranks"},
    [TD_B_ATTAINMENT] = {"attainment", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_MEASURE,
                         "attainments"},
    [TD_B_ACTUAL] = {"actual", true, 1, 2, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_MEASURE,
                     "measures"},
    [TD_B_TARGET] = {"target", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_MEASURE,
                     "measures"},
    [TD_B_POINTS] = {"points", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CLASSIFY, TD_REF_CRITERION,
                     "points"},
    [TD_B_MET] = {"met", true, 1, 1, TD_XT_BOOL, TD_STAGE_CRITERION, TD_REF_MEASURE, "attainments"},
    [TD_B_ALL_MET] = {"all_met", true, 0, 0, TD_XT_BOOL, TD_STAGE_CRITERION, 0, "attainments"},
    [TD_B_COUNT_MET] = {"count_met", true, 0, 0, TD_XT_NUMBER, TD_STAGE_CRITERION, 0, "attainments"},
    [TD_B_EVENTS] = {"events", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_ITEM, "events"},
    [TD_B_AWARD] = {"award", true, 1, 1, TD_XT_BOOL, TD_STAGE_AWARD, TD_REF_AWARD, "awards"},
    [TD_B_HISTORY] = {"history", true, 2, 2, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_RECORD,
                      "histories"},
    [TD_B_CONSECUTIVE] = {"consecutive", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_RECORD,
                          "histories"},
    [TD_B_MIN_SHARE] = {"min_share", true, 0, 1, TD_XT_NUMBER, TD_STAGE_CLASSIFY, TD_REF_LEVEL, "points"},
    [TD_B_HAS] = {"has", true, 1, 1, TD_XT_BOOL, TD_STAGE_CRITERION, TD_REF_MEASURE, "measures"},
    [TD_B_SINCE] = {"since", true, 2, 2, TD_XT_NUMBER, TD_STAGE_CRITERION, TD_REF_RECORD, "histories"},
    [TD_B_COUNT_GROUP] = {"count_group", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, 0, "members"},
    [TD_B_SHARE_GROUP] = {"share_group", true, 1, 1, TD_XT_NUMBER, TD_STAGE_CRITERION, 0, "members"},
    [TD_B_MIN] = {"min", true, 1, -1, TD_XT_NUMBER, TD_STAGE_MEASURE, 0, ""},
    [TD_B_MAX] = {"max", true, 1, -1, TD_XT_NUMBER, TD_STAGE_MEASURE, 0, ""},
    [TD_B_ABS] = {"abs", true, 1, 1, TD_XT_NUMBER, TD_STAGE_MEASURE, 0, ""},
    [TD_B_ROUND] = {"round", true, 2, 2, TD_XT_NUMBER, TD_STAGE_MEASURE, 0, ""},
    [TD_B_IF] = {"if", true, 3, 3, 0, TD_STAGE_MEASURE, 0, ""},
};

const td_builtin_info *td_builtin_info_of(td_builtin b)
{
    return (b > TD_B_NONE && b < TD_B_COUNT_) ? &builtins[b] : NULL;
}

const char *td_builtin_name(td_builtin b)
{
    return (b > TD_B_NONE && b < TD_B_COUNT_) ? builtins[b].name : "?";
}

td_builtin td_builtin_find(const char *name)
{
    for (int b = TD_B_NONE + 1; b < TD_B_COUNT_; b++)
        if (strcmp(builtins[b].name, name) == 0)
            return (td_builtin)b;
    return TD_B_NONE;
}

bool td_expr_reserved(const char *name)
{
    for (size_t k = 0; k < TD_KEYWORD_COUNT; k++)
        if (strcmp(td_keywords[k].word, name) == 0)
            return true;
    return td_builtin_find(name) != TD_B_NONE;
}

bool td_expr_identifier(const char *name, size_t len)
{
    if (len == 0 || !td_ident_start((unsigned char)name[0]) || !td_utf8_valid(name, len))
        return false;
    for (size_t i = 1; i < len; i++)
        if (!td_ident_char((unsigned char)name[i]))
            return false;
    return true;
}

/* Edit distance of short names (longer ones are never suggested). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return SIZE_MAX;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

void td_suggest_init(td_suggestion *s, const char *name)
{
    s->name = name;
    s->best = NULL;
    /* a third of the name's length, at least one and at most three edits:
     * "totl" finds "total", but "x" finds nothing */
    size_t allowed = strlen(name) / 3;
    s->best_distance = (allowed < 1 ? 1 : allowed > 3 ? 3 : allowed) + 1;
}

void td_suggest_visit(void *v, const char *candidate)
{
    td_suggestion *s = v;
    if (strcmp(candidate, s->name) == 0)
        return;
    size_t d = distance(s->name, candidate);
    if (d < s->best_distance) {
        s->best_distance = d;
        s->best = candidate;
    }
}

void td_suggest_builtins(td_suggestion *s, bool call)
{
    for (int b = TD_B_NONE + 1; b < TD_B_COUNT_; b++)
        if (builtins[b].function == call)
            td_suggest_visit(s, builtins[b].name);
    if (!call)
        for (size_t k = 0; k < TD_KEYWORD_COUNT; k++)
            td_suggest_visit(s, td_keywords[k].word);
}
