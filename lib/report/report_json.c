/*
 * The contract's JSON result ("JSON result" in docs/rulebook.md): keys in
 * the contract's order, numbers as exact decimal text, members by rank then
 * unit id (the result's order), `null` where a value does not exist.
 * Indented by two spaces, one key per line, so that results diff well.
 */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

static void json_string(td_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    td_buf_append_char(b, '"');
    const char *run = s;
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        td_buf_append_n(b, run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case '"': td_buf_append(b, "\\\""); break;
        case '\\': td_buf_append(b, "\\\\"); break;
        case '\n': td_buf_append(b, "\\n"); break;
        case '\r': td_buf_append(b, "\\r"); break;
        case '\t': td_buf_append(b, "\\t"); break;
        case '\b': td_buf_append(b, "\\b"); break;
        case '\f': td_buf_append(b, "\\f"); break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], '\0'};
            td_buf_append(b, u);
            break;
        }
        }
    }
    td_buf_append(b, run);
    td_buf_append_char(b, '"');
}

static void json_string_or_null(td_buf *b, const char *s)
{
    if (s == NULL)
        td_buf_append(b, "null");
    else
        json_string(b, s);
}

/* `"key": ` at the given indentation, after a comma unless it is the first key. */
static void key(td_buf *b, int indent, bool first, const char *k)
{
    td_buf_append(b, first ? "\n" : ",\n");
    td_buf_spaces(b, (size_t)indent);
    td_buf_append_char(b, '"');
    td_buf_append(b, k);
    td_buf_append(b, "\": ");
}

static void optional_decimal(td_buf *b, bool present, td_decimal d)
{
    if (present)
        td_buf_decimal(b, d);
    else
        td_buf_append(b, "null");
}

static void criterion(td_buf *b, const td_result *res, size_t m, size_t c, td_lang lang)
{
    const td_rulebook *rb = td_result_rulebook(res);
    td_decimal d;
    bool has;
    td_buf_spaces(b, 8);
    td_buf_append_char(b, '{');
    key(b, 10, true, "id");
    json_string(b, td_rulebook_criterion_id(rb, c));
    key(b, 10, false, "target");
    has = td_result_target(&d, res, m, c);
    optional_decimal(b, has, d);
    key(b, 10, false, "actual");
    has = td_result_actual(&d, res, m, c);
    optional_decimal(b, has, d);
    key(b, 10, false, "attainment");
    has = td_result_attainment(&d, res, m, c);
    optional_decimal(b, has, d);
    key(b, 10, false, "met");
    int met = td_result_met(res, m, c);
    td_buf_append(b, met < 0 ? "null" : met ? "true" : "false");
    key(b, 10, false, "points");
    td_buf_decimal(b, td_result_points(res, m, c));
    key(b, 10, false, "bonus");
    td_buf_decimal(b, td_result_criterion_bonus(res, m, c));
    key(b, 10, false, "explain");
    char stack[TD_REPORT_EXPLAIN_STACK], *heap;
    const char *explain = td_report__criterion_explain(res, m, c, lang, stack, &heap);
    if (explain == NULL)
        b->failed = true;
    else
        json_string(b, explain);
    td_free(heap);
    td_buf_append(b, "\n        }");
}

static void member(td_buf *b, const td_result *res, size_t m, td_lang lang)
{
    const td_rulebook *rb = td_result_rulebook(res);
    td_buf_append(b, "    {");
    key(b, 6, true, "unit");
    json_string(b, td_result_member_unit(res, m));
    key(b, 6, false, "name");
    json_string(b, td_result_member_name(res, m));
    key(b, 6, false, "rank");
    td_buf_appendf(b, "%zu", td_result_member_rank(res, m));
    const char *group = td_result_member_group(res, m);
    if (group != NULL) { /* 1.1 */
        key(b, 6, false, "group");
        json_string(b, group);
        key(b, 6, false, "group_rank");
        td_buf_appendf(b, "%zu", td_result_member_group_rank(res, m));
    }
    key(b, 6, false, "total");
    td_buf_decimal(b, td_result_member_total(res, m));
    key(b, 6, false, "base");
    td_buf_decimal(b, td_result_member_base(res, m));
    key(b, 6, false, "bonus");
    td_buf_decimal(b, td_result_member_bonus(res, m));
    key(b, 6, false, "deduction");
    td_buf_decimal(b, td_result_member_deduction(res, m));
    key(b, 6, false, "classification");
    json_string_or_null(b, td_result_member_classification(res, m));
    key(b, 6, false, "criteria");
    size_t nc = td_result_criterion_count(res);
    if (nc == 0) {
        td_buf_append(b, "[]");
    } else {
        td_buf_append(b, "[\n");
        for (size_t c = 0; c < nc; c++) {
            criterion(b, res, m, c, lang);
            td_buf_append(b, c + 1 < nc ? ",\n" : "\n");
        }
        td_buf_append(b, "      ]");
    }
    size_t nn = td_rulebook_node_count(rb);
    if (nn > 0) { /* 1.1: group nodes of criteria */
        key(b, 6, false, "nodes");
        td_buf_append(b, "[\n");
        for (size_t n = 0; n < nn; n++) {
            td_buf_spaces(b, 8);
            td_buf_append_char(b, '{');
            key(b, 10, true, "id");
            json_string(b, td_rulebook_node_id(rb, n));
            key(b, 10, false, "points");
            td_buf_decimal(b, td_result_node_points(res, m, n));
            key(b, 10, false, "max");
            td_buf_decimal(b, td_rulebook_node_max(rb, n));
            td_buf_append(b, n + 1 < nn ? "\n        },\n" : "\n        }\n");
        }
        td_buf_append(b, "      ]");
    }
    key(b, 6, false, "awards");
    size_t na = td_result_award_count(res);
    if (na == 0) {
        td_buf_append(b, "[]");
    } else {
        td_buf_append(b, "[\n");
        for (size_t a = 0; a < na; a++) {
            td_buf_spaces(b, 8);
            td_buf_append_char(b, '{');
            key(b, 10, true, "id");
            json_string(b, td_rulebook_award_id(rb, a));
            key(b, 10, false, "status");
            json_string(b, td_award_status_name(td_result_award_status(res, m, a)));
            int64_t votes = td_result_award_votes(res, m, a);
            if (votes >= 0) { /* 1.1: a ballot's votes */
                key(b, 10, false, "votes");
                td_buf_appendf(b, "%lld", (long long)votes);
            }
            key(b, 10, false, "explain");
            json_string(b, td_result_award_explain(res, m, a, lang));
            td_buf_append(b, a + 1 < na ? "\n        },\n" : "\n        }\n");
        }
        td_buf_append(b, "      ]");
    }
    td_buf_append(b, "\n    }");
}

/* The members of award a with status `want`, in result order: ["a", "b"]. */
/* The units with status `want` for award a, in result order; only those
 * of `group` when it is not NULL (1.1). */
static void unit_list(td_buf *b, const td_result *res, size_t a, td_award_status want, const char *group)
{
    td_buf_append_char(b, '[');
    bool first = true;
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        if (td_result_award_status(res, m, a) != want)
            continue;
        if (group != NULL && strcmp(td_result_member_group(res, m), group) != 0)
            continue;
        if (!first)
            td_buf_append(b, ", ");
        json_string(b, td_result_member_unit(res, m));
        first = false;
    }
    td_buf_append_char(b, ']');
}

/* Rulebook 1.1 roll-ups: each one's children, how many of them each child
 * classification holds (every entry, 0 included), and each member's
 * children and measures, members in the cluster's order. */
static void rollups(td_buf *b, const td_result *res)
{
    const td_rulebook *rb = td_result_rulebook(res);
    size_t nm = td_result_member_count(res);
    size_t *at = td_report__cluster_order(res);
    if (at == NULL) {
        b->failed = true;
        return;
    }
    key(b, 2, false, "rollups");
    td_buf_append(b, "[");
    for (size_t r = 0; r < td_result_rollup_count(res); r++) {
        const td_result *kids = td_result_rollup_children(res, r);
        const td_rulebook *child = td_result_rulebook(kids);
        size_t nk = td_result_member_count(kids);
        td_buf_append(b, r == 0 ? "\n    {" : ",\n    {");
        key(b, 6, true, "id");
        json_string(b, td_rulebook_rollup_id(rb, r));
        key(b, 6, false, "children");
        td_buf_appendf(b, "%zu", nk);
        key(b, 6, false, "classification");
        size_t classes = td_rulebook_classification_count(child);
        td_buf_append(b, classes == 0 ? "{}" : "{");
        for (size_t k = 0; k < classes; k++) {
            const char *id = td_rulebook_classification_id(child, k);
            size_t count = 0;
            for (size_t j = 0; j < nk; j++) {
                const char *c = td_result_member_classification(kids, j);
                count += c != NULL && strcmp(c, id) == 0;
            }
            td_buf_append(b, k == 0 ? "" : ", ");
            json_string(b, id);
            td_buf_appendf(b, ": %zu", count);
        }
        if (classes > 0)
            td_buf_append(b, "}");
        key(b, 6, false, "members");
        td_buf_append(b, "[");
        for (size_t i = 0; i < nm; i++) {
            size_t m = at[i]; /* the member i-th in the cluster's order */
            td_buf_append(b, i == 0 ? "\n        {" : ",\n        {");
            key(b, 10, true, "unit");
            json_string(b, td_result_member_unit(res, m));
            key(b, 10, false, "children");
            td_buf_appendf(b, "%zu", td_result_rollup_child_count(res, r, m));
            key(b, 10, false, "measures");
            td_buf_append(b, "{");
            for (size_t k = 0; k < td_rulebook_rollup_measure_count(rb, r); k++) {
                td_decimal v;
                td_buf_append(b, k == 0 ? "" : ", ");
                json_string(b, td_rulebook_rollup_measure_id(rb, r, k));
                td_buf_append(b, ": ");
                optional_decimal(b, td_result_rollup_value(&v, res, r, k, m), v);
            }
            td_buf_append(b, "}\n        }");
        }
        td_buf_append(b, nm == 0 ? "]" : "\n      ]");
        td_buf_append(b, "\n    }");
    }
    td_buf_append(b, "\n  ]");
    td_dealloc(&td_libc_allocator, at);
}

td_status td_report__json(const td_result *res, const td_report_options *o, td_buf *b, td_error *err)
{
    (void)err;
    const td_rulebook *rb = td_result_rulebook(res);
    td_buf_append_char(b, '{');
    key(b, 2, true, "thidua");
    td_buf_append(b, "1");
    key(b, 2, false, "rulebook");
    json_string(b, td_rulebook_id(rb));
    key(b, 2, false, "period");
    td_buf_appendf(b, "%lld", (long long)td_result_period(res));
    key(b, 2, false, "cluster");
    json_string(b, td_result_cluster_id(res));
    key(b, 2, false, "members");
    size_t nm = td_result_member_count(res);
    td_buf_append(b, "[\n");
    for (size_t m = 0; m < nm; m++) {
        member(b, res, m, o->lang);
        td_buf_append(b, m + 1 < nm ? ",\n" : "\n");
    }
    td_buf_append(b, "  ]");
    key(b, 2, false, "awards");
    size_t na = td_result_award_count(res);
    if (na == 0) {
        td_buf_append(b, "[]");
    } else {
        td_buf_append(b, "[\n");
        for (size_t a = 0; a < na; a++) {
            td_buf_append(b, "    {");
            key(b, 6, true, "id");
            json_string(b, td_rulebook_award_id(rb, a));
            key(b, 6, false, "quota");
            int64_t quota = td_result_award_quota(res, a);
            if (quota < 0)
                td_buf_append(b, "null");
            else
                td_buf_appendf(b, "%lld", (long long)quota);
            key(b, 6, false, "selected");
            unit_list(b, res, a, TD_AWARD_SELECTED, NULL);
            key(b, 6, false, "tied");
            unit_list(b, res, a, TD_AWARD_TIE_AT_QUOTA, NULL);
            size_t groups = td_result_award_group_count(res, a);
            if (groups > 0) { /* 1.1 `per: group` */
                key(b, 6, false, "groups");
                td_buf_append(b, "[");
                for (size_t k = 0; k < groups; k++) {
                    const char *g = td_result_award_group(res, a, k);
                    td_buf_append(b, k == 0 ? "\n        {" : ",\n        {");
                    key(b, 10, true, "group");
                    json_string(b, g);
                    key(b, 10, false, "quota");
                    td_buf_appendf(b, "%lld", (long long)td_result_award_group_quota(res, a, k));
                    key(b, 10, false, "selected");
                    unit_list(b, res, a, TD_AWARD_SELECTED, g);
                    key(b, 10, false, "tied");
                    unit_list(b, res, a, TD_AWARD_TIE_AT_QUOTA, g);
                    td_buf_append(b, "\n        }");
                }
                td_buf_append(b, "\n      ]");
            }
            td_buf_append(b, a + 1 < na ? "\n    },\n" : "\n    }\n");
        }
        td_buf_append(b, "  ]");
    }
    key(b, 2, false, "next_leader");
    json_string_or_null(b, td_result_next_leader(res));
    if (td_rulebook_deputy_rule(td_result_rulebook(res)) != TD_DEPUTY_RULE_NONE) { /* 1.1 */
        key(b, 2, false, "next_deputy");
        json_string_or_null(b, td_result_next_deputy(res));
    }
    if (td_result_rollup_count(res) > 0) /* 1.1 */
        rollups(b, res);
    td_buf_append(b, "\n}\n");
    return TD_OK;
}
