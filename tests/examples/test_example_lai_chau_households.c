/*
 * examples/lai-chau-households: the Lai Châu case with hh_registered and
 * hh_achieved counted from 3,563 households (rulebook 1.1 roll-ups and
 * units below members). Every figure its README states is asserted here,
 * and that its JSON result, without the `rollups` section, is byte for
 * byte the one of examples/lai-chau.
 */
#include "example.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR "lai-chau-households"

static const char *const files[] = {"data.yaml", "results.csv", NULL};
static const char *const lai_chau_files[] = {"data.yaml", "results.csv", NULL};

static char *json_of(const td_result *res)
{
    td_error err;
    char *text = NULL;
    size_t len;
    assert_ok(td_report_render(&text, &len, res, TD_REPORT_FORMAT_JSON, NULL, &err), err);
    return text;
}

/* The same result as examples/lai-chau, plus the roll-up. */
static void the_result_is_the_lai_chau_case(void **state)
{
    (void)state;
    example hh, lc;
    example_load(&hh, DIR, false, files);
    example_load(&lc, "lai-chau", false, lai_chau_files);
    char *a = json_of(hh.result), *b = json_of(lc.result);
    /* "next_leader": "tam-duong" ends both; then this one's roll-ups */
    const char *cut = strstr(a, ",\n  \"rollups\": [");
    assert_non_null(cut);
    size_t head = (size_t)(cut - a);
    assert_int_equal(strlen(b), head + 3); /* b ends with "\n}\n" */
    assert_int_equal(memcmp(a, b, head), 0);
    assert_string_equal(b + head, "\n}\n");
    td_free(a);
    td_free(b);
    example_free(&lc);
    example_free(&hh);
}

/* The README's table: households by level and district. */
static void households_by_level_and_district(void **state)
{
    (void)state;
    example ex;
    example_load(&ex, DIR, false, files);
    const td_result *kids = td_result_rollup_children(ex.result, 0);
    assert_non_null(kids);
    assert_int_equal(td_result_member_count(kids), 3563);
    static const char *const districts[] = {"tan-uyen", "tp-lai-chau", "than-uyen", "tam-duong"};
    static const char *const levels[] = {"trung_uong", "tinh", "huyen", "xa", "none"};
    static const size_t want[4][5] = {
        {2, 40, 210, 598, 55}, {3, 45, 180, 472, 20}, {1, 35, 240, 699, 35}, {2, 30, 200, 668, 28}};
    size_t got[4][5];
    memset(got, 0, sizeof got);
    for (size_t j = 0; j < td_result_member_count(kids); j++) {
        const char *unit = td_result_member_group(kids, j), *cls = td_result_member_classification(kids, j);
        size_t d = 0, l = 0;
        while (d < 4 && strncmp(unit, districts[d], strlen(districts[d])) != 0)
            d++;
        while (l < 5 && strcmp(cls, levels[l]) != 0)
            l++;
        assert_true(d < 4 && l < 5);
        got[d][l]++;
    }
    size_t achieved = 0, registered = 0;
    for (size_t d = 0; d < 4; d++) {
        size_t m = example_member(&ex, districts[d]), ach = 0;
        for (size_t l = 0; l < 5; l++) {
            if (got[d][l] != want[d][l])
                fail_msg("%s, level %s: %zu households, want %zu", districts[d], levels[l], got[d][l], want[d][l]);
            ach += l < 4 ? got[d][l] : 0;
        }
        td_decimal v;
        char text[TD_DECIMAL_STRING_SIZE], n[32];
        assert_true(td_result_rollup_value(&v, ex.result, 0, 1, m));
        td_decimal_format(text, sizeof text, v);
        snprintf(n, sizeof n, "%zu", ach);
        assert_string_equal(text, n);
        assert_int_equal(td_result_rollup_child_count(ex.result, 0, m), ach + got[d][4]);
        assert_int_equal(td_result_member_unit_count(ex.result, m), 5);
        achieved += ach;
        registered += ach + got[d][4];
    }
    /* the report's figures */
    assert_int_equal(registered, 3563);
    assert_int_equal(achieved, 3425);
    /* the README's explanations */
    size_t tu = example_member(&ex, "tan-uyen");
    char buf[256];
    td_error err;
    assert_ok(td_result_rollup_explain(buf, sizeof buf, NULL, ex.result, 0, 1, tu, TD_LANG_VI, &err), err);
    assert_string_equal(buf, "hh_achieved = count(classification != 'none') trên 905 đối tượng của tan-uyen (và 5 "
                             "đơn vị trực thuộc) = 850");
    size_t h;
    assert_ok(td_result_find_member(&h, kids, "TU-0003", &err), err);
    assert_string_equal(td_result_member_classification(kids, h), "tinh");
    assert_string_equal(td_result_classification_explain(kids, h, TD_LANG_VI),
                        "tổng điểm 0 nhưng thực hiện thu_nhap 109500000 (yêu cầu ≥ 3 * ref_income = 126000000) "
                        "(trung_uong); thực hiện thu_nhap 109500000 (yêu cầu ≥ 2.5 * ref_income = 105000000) → "
                        "tinh (Cấp tỉnh)");
    example_free(&ex);
}

/* Written back and read again, the rulebook (its child inline) gives the same result. */
static void the_rulebook_round_trips(void **state)
{
    (void)state;
    if (td_test_quick()) /* two more evaluations of 3,563 households under valgrind; tests/io/test_io_rollup.c
                          * round-trips a small case there */
        skip();
    example ex;
    example_load(&ex, DIR, false, files);
    example_assert_round_trip(&ex, DIR, false, files);
    example_free(&ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_result_is_the_lai_chau_case),
        cmocka_unit_test(households_by_level_and_district),
        cmocka_unit_test(the_rulebook_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
