/*
 * The contract's JSON result ("JSON result" in docs/rulebook.md): keys in
 * the contract's order, numbers as exact decimal text, members by rank then
 * unit id (the result's order), `null` where a value does not exist.
 * Indented by two spaces, one key per line, so that results diff well.
 */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

static void json_string(rbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    rbuf_putc(b, '"');
    const char *run = s;
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        rbuf_putn(b, run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case '"': rbuf_put(b, "\\\""); break;
        case '\\': rbuf_put(b, "\\\\"); break;
        case '\n': rbuf_put(b, "\\n"); break;
        case '\r': rbuf_put(b, "\\r"); break;
        case '\t': rbuf_put(b, "\\t"); break;
        case '\b': rbuf_put(b, "\\b"); break;
        case '\f': rbuf_put(b, "\\f"); break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], '\0'};
            rbuf_put(b, u);
            break;
        }
        }
    }
    rbuf_put(b, run);
    rbuf_putc(b, '"');
}

static void json_string_or_null(rbuf *b, const char *s)
{
    if (s == NULL)
        rbuf_put(b, "null");
    else
        json_string(b, s);
}

/* `"key": ` at the given indentation, after a comma unless it is the first key. */
static void key(rbuf *b, int indent, bool first, const char *k)
{
    rbuf_put(b, first ? "\n" : ",\n");
    rbuf_spaces(b, (size_t)indent);
    rbuf_putc(b, '"');
    rbuf_put(b, k);
    rbuf_put(b, "\": ");
}

static void optional_decimal(rbuf *b, bool present, td_decimal d)
{
    if (present)
        rbuf_dec(b, d);
    else
        rbuf_put(b, "null");
}

static void criterion(rbuf *b, const td_result *res, size_t m, size_t c, td_lang lang)
{
    const td_rulebook *rb = td_result_rulebook(res);
    td_decimal d;
    bool has;
    rbuf_spaces(b, 8);
    rbuf_putc(b, '{');
    key(b, 10, true, "id");
    json_string(b, td_rulebook_criterion_id(rb, c));
    key(b, 10, false, "target");
    has = td_result_target(res, m, c, &d);
    optional_decimal(b, has, d);
    key(b, 10, false, "actual");
    has = td_result_actual(res, m, c, &d);
    optional_decimal(b, has, d);
    key(b, 10, false, "attainment");
    has = td_result_attainment(res, m, c, &d);
    optional_decimal(b, has, d);
    key(b, 10, false, "met");
    int met = td_result_met(res, m, c);
    rbuf_put(b, met < 0 ? "null" : met ? "true" : "false");
    key(b, 10, false, "points");
    rbuf_dec(b, td_result_points(res, m, c));
    key(b, 10, false, "bonus");
    rbuf_dec(b, td_result_criterion_bonus(res, m, c));
    key(b, 10, false, "explain");
    json_string(b, td_result_criterion_explain(res, m, c, lang));
    rbuf_put(b, "\n        }");
}

static void member(rbuf *b, const td_result *res, size_t m, td_lang lang)
{
    const td_rulebook *rb = td_result_rulebook(res);
    rbuf_put(b, "    {");
    key(b, 6, true, "unit");
    json_string(b, td_result_member_unit(res, m));
    key(b, 6, false, "name");
    json_string(b, td_result_member_name(res, m));
    key(b, 6, false, "rank");
    rbuf_printf(b, "%zu", td_result_member_rank(res, m));
    key(b, 6, false, "total");
    rbuf_dec(b, td_result_member_total(res, m));
    key(b, 6, false, "base");
    rbuf_dec(b, td_result_member_base(res, m));
    key(b, 6, false, "bonus");
    rbuf_dec(b, td_result_member_bonus(res, m));
    key(b, 6, false, "deduction");
    rbuf_dec(b, td_result_member_deduction(res, m));
    key(b, 6, false, "classification");
    json_string_or_null(b, td_result_member_classification(res, m));
    key(b, 6, false, "criteria");
    size_t nc = td_result_criterion_count(res);
    if (nc == 0) {
        rbuf_put(b, "[]");
    } else {
        rbuf_put(b, "[\n");
        for (size_t c = 0; c < nc; c++) {
            criterion(b, res, m, c, lang);
            rbuf_put(b, c + 1 < nc ? ",\n" : "\n");
        }
        rbuf_put(b, "      ]");
    }
    key(b, 6, false, "awards");
    size_t na = td_result_award_count(res);
    if (na == 0) {
        rbuf_put(b, "[]");
    } else {
        rbuf_put(b, "[\n");
        for (size_t a = 0; a < na; a++) {
            rbuf_spaces(b, 8);
            rbuf_putc(b, '{');
            key(b, 10, true, "id");
            json_string(b, td_rulebook_award_id(rb, a));
            key(b, 10, false, "status");
            json_string(b, td_award_status_name(td_result_award_status(res, m, a)));
            key(b, 10, false, "explain");
            json_string(b, td_result_award_explain(res, m, a, lang));
            rbuf_put(b, a + 1 < na ? "\n        },\n" : "\n        }\n");
        }
        rbuf_put(b, "      ]");
    }
    rbuf_put(b, "\n    }");
}

/* The members of award a with status `want`, in result order: ["a", "b"]. */
static void unit_list(rbuf *b, const td_result *res, size_t a, td_award_status want)
{
    rbuf_putc(b, '[');
    bool first = true;
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        if (td_result_award_status(res, m, a) != want)
            continue;
        if (!first)
            rbuf_put(b, ", ");
        json_string(b, td_result_member_unit(res, m));
        first = false;
    }
    rbuf_putc(b, ']');
}

td_status report_json(const td_result *res, const td_report_options *o, rbuf *b, td_error *err)
{
    (void)err;
    const td_rulebook *rb = td_result_rulebook(res);
    rbuf_putc(b, '{');
    key(b, 2, true, "thidua");
    rbuf_put(b, "1");
    key(b, 2, false, "rulebook");
    json_string(b, td_rulebook_id(rb));
    key(b, 2, false, "period");
    rbuf_printf(b, "%lld", (long long)td_result_period(res));
    key(b, 2, false, "cluster");
    json_string(b, td_result_cluster_id(res));
    key(b, 2, false, "members");
    size_t nm = td_result_member_count(res);
    rbuf_put(b, "[\n");
    for (size_t m = 0; m < nm; m++) {
        member(b, res, m, o->lang);
        rbuf_put(b, m + 1 < nm ? ",\n" : "\n");
    }
    rbuf_put(b, "  ]");
    key(b, 2, false, "awards");
    size_t na = td_result_award_count(res);
    if (na == 0) {
        rbuf_put(b, "[]");
    } else {
        rbuf_put(b, "[\n");
        for (size_t a = 0; a < na; a++) {
            rbuf_put(b, "    {");
            key(b, 6, true, "id");
            json_string(b, td_rulebook_award_id(rb, a));
            key(b, 6, false, "quota");
            int64_t quota = td_result_award_quota(res, a);
            if (quota < 0)
                rbuf_put(b, "null");
            else
                rbuf_printf(b, "%lld", (long long)quota);
            key(b, 6, false, "selected");
            unit_list(b, res, a, TD_AWARD_SELECTED);
            key(b, 6, false, "tied");
            unit_list(b, res, a, TD_AWARD_TIE_AT_QUOTA);
            rbuf_put(b, a + 1 < na ? "\n    },\n" : "\n    }\n");
        }
        rbuf_put(b, "  ]");
    }
    key(b, 2, false, "next_leader");
    json_string_or_null(b, td_result_next_leader(res));
    rbuf_put(b, "\n}\n");
    return TD_OK;
}
