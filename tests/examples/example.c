#include "example.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#include "thidua/expr.h"

#define EXAMPLES TD_SOURCE_DIR "/examples/"

const char *example_path(const char *dir, const char *file)
{
    static char path[1024];
    int n = snprintf(path, sizeof path, "%s%s/%s", EXAMPLES, dir, file);
    if (n < 0 || (size_t)n >= sizeof path)
        fail_msg("path too long: %s/%s", dir, file);
    return path;
}

/* Fails unless d prints as `want`; `what` and `unit` say which number. */
static void check(td_decimal d, const char *want, const char *what, const char *unit)
{
    char buf[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(buf, sizeof buf, d);
    if (strcmp(buf, want) != 0)
        fail_msg("%s of %s: %s, want %s", what, unit, buf, want);
}

static void fail_at(const td_error *err)
{
    fail_msg("%s:%u:%u: %s", err->file, err->line, err->column, err->message);
}

/* Reads the data files and evaluates them with ex->rulebook. */
static void evaluate(example *ex, const char *dir, const td_load_options *opts, const char *const *files)
{
    td_error err;
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    if (td_dataset_new(&ds, opts, &err) != TD_OK)
        fail_at(&err);
    for (size_t i = 0; files[i] != NULL; i++)
        if (td_dataset_add_file(ds, example_path(dir, files[i]), &err) != TD_OK)
            fail_at(&err);
    if (td_dataset_to_cluster(&cl, ds, ex->rulebook, &err) != TD_OK)
        fail_at(&err);
    td_dataset_free(ds);
    if (td_evaluate(&ex->result, ex->rulebook, cl, NULL, &err) != TD_OK)
        fail_at(&err);
    td_cluster_free(cl);
}

void example_load(example *ex, const char *dir, bool decimal_comma, const char *const *files)
{
    td_error err;
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.decimal_comma = decimal_comma;
    ex->rulebook = NULL;
    ex->result = NULL;
    if (td_rulebook_load_file(&ex->rulebook, example_path(dir, "rulebook.yaml"), &opts, &err) != TD_OK)
        fail_at(&err);
    evaluate(ex, dir, &opts, files);
}

void example_assert_round_trip(const example *ex, const char *dir, bool decimal_comma,
                               const char *const *files)
{
    td_error err;
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.decimal_comma = decimal_comma;
    char *yaml = NULL;
    size_t len = 0;
    example again = {NULL, NULL};
    if (td_rulebook_to_yaml(&yaml, &len, ex->rulebook, &err) != TD_OK)
        fail_at(&err);
    if (td_rulebook_load_string(&again.rulebook, yaml, len, "written.yaml", &opts, &err) != TD_OK)
        fail_at(&err);
    td_free(yaml);
    evaluate(&again, dir, &opts, files);
    char *want = fixture_dump(ex->result), *got = fixture_dump(again.result);
    assert_string_equal(got, want);
    free(want);
    free(got);
    example_free(&again);
}

void example_free(example *ex)
{
    td_result_free(ex->result);
    td_rulebook_free(ex->rulebook);
    ex->result = NULL;
    ex->rulebook = NULL;
}

size_t example_member(const example *ex, const char *unit)
{
    size_t m;
    td_error err;
    if (td_result_find_member(&m, ex->result, unit, &err) != TD_OK)
        fail_msg("no member '%s': %s", unit, err.message);
    return m;
}

size_t example_criterion(const example *ex, const char *id)
{
    size_t c;
    td_error err;
    if (td_rulebook_find_criterion(&c, ex->rulebook, id, &err) != TD_OK)
        fail_msg("no criterion '%s': %s", id, err.message);
    return c;
}

size_t example_award(const example *ex, const char *id)
{
    for (size_t a = 0; a < td_rulebook_award_count(ex->rulebook); a++)
        if (strcmp(td_rulebook_award_id(ex->rulebook, a), id) == 0)
            return a;
    fail_msg("no award '%s'", id);
    return 0;
}

static td_value eval(const example *ex, const char *unit, const char *expression, td_value_type want)
{
    td_error err;
    td_expr *e = NULL;
    td_value v;
    if (td_expr_compile(&e, ex->rulebook, expression, NULL, &err) != TD_OK)
        fail_msg("%s: %s", expression, err.message);
    td_status rc = td_expr_eval(&v, e, ex->result, example_member(ex, unit), NULL, 0, &err);
    td_expr_free(e);
    if (rc != TD_OK)
        fail_msg("%s for %s: %s", expression, unit, err.message);
    if (v.type != want)
        fail_msg("%s for %s: a value of type %d, want %d", expression, unit, (int)v.type, (int)want);
    return v;
}

td_decimal example_number(const example *ex, const char *unit, const char *expression)
{
    return eval(ex, unit, expression, TD_VALUE_NUMBER).number;
}

void example_assert_number(const example *ex, const char *unit, const char *expression,
                           const char *want)
{
    check(example_number(ex, unit, expression), want, expression, unit);
}

bool example_boolean(const example *ex, const char *unit, const char *expression)
{
    return eval(ex, unit, expression, TD_VALUE_BOOLEAN).boolean;
}

void example_assert_standings(const example *ex, const example_row *rows, size_t count)
{
    const td_result *r = ex->result;
    size_t awards = td_result_award_count(r);
    assert_true(awards <= 4);
    assert_int_equal(td_result_member_count(r), count);
    for (size_t m = 0; m < count; m++) {
        const example_row *row = &rows[m];
        if (strcmp(td_result_member_unit(r, m), row->unit) != 0)
            fail_msg("member %zu is %s, want %s", m, td_result_member_unit(r, m), row->unit);
        if (td_result_member_rank(r, m) != row->rank)
            fail_msg("rank of %s: %zu, want %zu", row->unit, td_result_member_rank(r, m), row->rank);
        check(td_result_member_total(r, m), row->total, "total", row->unit);
        check(td_result_member_base(r, m), row->base, "base", row->unit);
        check(td_result_member_bonus(r, m), row->bonus, "bonus", row->unit);
        check(td_result_member_deduction(r, m), row->deduction, "deduction", row->unit);
        if (strcmp(td_result_member_classification(r, m), row->classification) != 0)
            fail_msg("classification of %s: %s, want %s", row->unit,
                     td_result_member_classification(r, m), row->classification);
        for (size_t a = 0; a < awards; a++)
            if (td_result_award_status(r, m, a) != row->awards[a])
                fail_msg("%s, award '%s': %s, want %s", row->unit, td_rulebook_award_id(ex->rulebook, a),
                         td_award_status_name(td_result_award_status(r, m, a)),
                         td_award_status_name(row->awards[a]));
    }
}

void example_assert_criterion(const example *ex, const char *unit, const char *criterion,
                              const char *attainment, const char *points, const char *bonus)
{
    size_t m = example_member(ex, unit), c = example_criterion(ex, criterion);
    char what[128];
    td_decimal r;
    bool has = td_result_attainment(&r, ex->result, m, c);
    snprintf(what, sizeof what, "attainment on %s", criterion);
    if (strcmp(attainment, "-") == 0) {
        if (has)
            fail_msg("%s of %s: present, want none", what, unit);
    } else {
        if (!has)
            fail_msg("%s of %s: none, want %s", what, unit, attainment);
        check(r, attainment, what, unit);
    }
    snprintf(what, sizeof what, "points on %s", criterion);
    check(td_result_points(ex->result, m, c), points, what, unit);
    snprintf(what, sizeof what, "bonus on %s", criterion);
    check(td_result_criterion_bonus(ex->result, m, c), bonus, what, unit);
}
