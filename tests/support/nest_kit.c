#include "nest_kit.h"

#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

const nest_line nest_table[NEST_LINES] = {
    {'S', NULL, "A", "45"},   {'N', "A", "A1", "20"},    {'C', "A1", "a11", "15"},  {'C', "A1", "a12", "10"},
    {'C', "A", "a2", "20"},   {'N', "A", "A3", "22"},    {'N', "A3", "A31", "12"},  {'C', "A31", "a311", "8"},
    {'C', "A31", "a312", "8"}, {'C', "A3", "a32", "13"}, {'S', NULL, "B", NULL},     {'N', "B", "B1", "27"},
    {'P', "B1", "p", "20"},   {'C', "B1", "b1", "10"},   {'C', "B", "b2", "5"},
};

static td_status add_line(td_rulebook_builder *b, const nest_line *l, td_error *err)
{
    td_decimal max;
    if (l->max != NULL && td_decimal_parse(&max, l->max, err) != TD_OK)
        return err->code;
    td_status rc;
    switch (l->kind) {
    case 'S': return td_rulebook_builder_add_section(b, l->id, NULL, l->max != NULL ? &max : NULL, err);
    case 'N': return td_rulebook_builder_add_node(b, l->parent, l->id, NULL, max, err);
    case 'C':
        rc = td_rulebook_builder_add_criterion(b, l->parent, l->id, NULL, max, err);
        return rc == TD_OK ? tr_rule_manual(b, l->id, err) : rc;
    default: {
        rc = td_rulebook_builder_add_criterion(b, l->parent, l->id, NULL, max, err);
        if (rc != TD_OK)
            return rc;
        td_rule r = TD_RULE_INIT;
        r.kind = TD_RULE_PROPORTIONAL;
        if ((rc = td_decimal_parse(&r.cap, "1.5", err)) != TD_OK)
            return rc;
        if ((rc = td_rulebook_builder_set_rule(b, l->id, &r, err)) != TD_OK)
            return rc;
        return td_rulebook_builder_set_bonus(b, l->id, td_decimal_from_int(10), td_decimal_from_int(1), NULL, err);
    }
    }
}

td_status nest_builder(td_rulebook_builder **out, const nest_line *lines, size_t n, const td_allocator *alloc,
                       td_error *err)
{
    td_status rc = td_rulebook_builder_new(out, "nest", alloc, err);
    for (size_t i = 0; rc == TD_OK && i < n; i++)
        rc = add_line(*out, &lines[i], err);
    return rc;
}

td_rulebook *nest_build(const nest_line *lines, size_t n)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(nest_builder(&b, lines, n, NULL, &err), err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    return rb;
}

const char *const nest_manual_ids[8] = {"a11", "a12", "a2", "a311", "a312", "a32", "b1", "b2"};
static const char *const u1_points[] = {"14", "9", "18", "8", "7", "12", "5", "5"};
static const char *const u2_points[] = {"5", "5", "10", "2", "3", "6", "2", "4"};

td_status nest_cluster(td_cluster **out, const td_allocator *alloc, td_error *err)
{
    td_cluster *c = NULL;
    td_status rc = td_cluster_new(&c, "k", 2025, alloc, err);
    static const char *const units[] = {"u1", "u2"}, *const actual[] = {"140", "50"};
    for (size_t m = 0; rc == TD_OK && m < 2; m++) {
        if ((rc = td_cluster_add_member(c, units[m], NULL, err)) ||
            (rc = td_cluster_set_target(c, units[m], "p", td_decimal_from_int(100), err)))
            break;
        td_decimal a;
        if ((rc = td_decimal_parse(&a, actual[m], err)) || (rc = td_cluster_set_actual(c, units[m], "p", a, err)))
            break;
        for (size_t i = 0; rc == TD_OK && i < 8; i++) {
            td_decimal v;
            rc = td_decimal_parse(&v, (m == 0 ? u1_points : u2_points)[i], err);
            if (rc == TD_OK)
                rc = td_cluster_set_score(c, TD_SCORE_SOURCE_FINAL, units[m], nest_manual_ids[i], v, err);
        }
    }
    if (rc == TD_OK)
        *out = c;
    else
        td_cluster_free(c);
    return rc;
}

size_t nest_member(const td_result *res, const char *unit)
{
    size_t m = 0;
    td_error err;
    assert_ok(td_result_find_member(&m, res, unit, &err), err);
    return m;
}

size_t nest_node(const td_rulebook *rb, const char *id)
{
    size_t n = 0;
    td_error err;
    assert_ok(td_rulebook_find_node(&n, rb, id, &err), err);
    return n;
}

td_value nest_value(const td_result *res, const char *unit, const char *text)
{
    td_error err;
    td_expr *x = NULL;
    assert_ok(td_expr_compile(&x, td_result_rulebook(res), text, NULL, &err), err);
    td_value v;
    assert_ok(td_expr_eval(&v, x, res, nest_member(res, unit), NULL, 0, &err), err);
    td_expr_free(x);
    return v;
}

char *nest_dump(const td_result *res, bool texts)
{
    char *base = texts ? fixture_dump(res) : fixture_dump_numbers(res);
    const td_rulebook *rb = td_result_rulebook(res);
    size_t len = strlen(base), cap = len + 64 + td_result_member_count(res) *
                                                     (td_rulebook_section_count(rb) + td_rulebook_node_count(rb)) *
                                                     (2 * TD_DECIMAL_STRING_SIZE + 48);
    char *out = malloc(cap);
    assert_non_null(out);
    memcpy(out, base, len + 1);
    free(base);
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        for (size_t s = 0; s < td_rulebook_section_count(rb); s++) {
            char d[TD_DECIMAL_STRING_SIZE];
            td_decimal_format(d, sizeof d, td_result_section_points(res, m, s));
            len += (size_t)snprintf(out + len, cap - len, "%zu section %s %s\n", m, td_rulebook_section_id(rb, s), d);
        }
        for (size_t n = 0; n < td_rulebook_node_count(rb); n++) {
            char d[TD_DECIMAL_STRING_SIZE], sum[TD_DECIMAL_STRING_SIZE];
            td_decimal_format(d, sizeof d, td_result_node_points(res, m, n));
            td_decimal_format(sum, sizeof sum, td_result_node_sum(res, m, n));
            len += (size_t)snprintf(out + len, cap - len, "%zu node %s %s of %s\n", m, td_rulebook_node_id(rb, n), d,
                                    sum);
        }
    }
    return out;
}
