/*
 * Cluster data: members first, every value once, nothing negative.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"
#include "model.h"

typedef struct fixture {
    td_cluster *c;
    td_error err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_ok(td_cluster_new(&f->c, "cum-2", 2023, NULL, &f->err), f->err);
    assert_ok(td_cluster_add_member(f->c, "tan-uyen", "HND huyện Tân Uyên", &f->err), f->err);
    assert_ok(td_cluster_add_member(f->c, "tam-duong", NULL, &f->err), f->err);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    td_cluster_free(f->c);
    free(f);
    return 0;
}

static void new_checks_its_arguments(void **state)
{
    (void)state;
    td_error err;
    td_cluster *c = NULL;
    assert_error(td_cluster_new(NULL, "x", 2023, NULL, &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_cluster_new(&c, "", 2023, NULL, &err), TD_EINVAL, err, "cluster id is empty");
    assert_error(td_cluster_new(&c, "\xFF", 2023, NULL, &err), TD_EINVAL, err, "not valid UTF-8");
    assert_null(c);
    td_cluster_free(NULL);
}

static void null_cluster_is_an_error_in_every_setter(void **state)
{
    (void)state;
    td_error err;
    td_decimal one = D("1");
    assert_error(td_cluster_set_name(NULL, "n", &err), TD_EINVAL, err, "NULL");
    assert_error(td_cluster_add_member(NULL, "u", NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_cluster_set_leader(NULL, "u", &err), TD_EINVAL, err, "NULL");
    assert_error(td_cluster_set_target(NULL, "u", "m", one, &err), TD_EINVAL, err, "NULL");
    assert_error(td_cluster_set_actual(NULL, "u", "m", one, &err), TD_EINVAL, err, "NULL");
    assert_error(td_cluster_set_score(NULL, TD_SCORE_SOURCE_SELF, "u", "c", one, &err), TD_EINVAL, err, "NULL");
    assert_error(td_cluster_add_event(NULL, "u", "i", 1, &err), TD_EINVAL, err, "NULL");
    assert_error(td_cluster_add_history(NULL, "u", 2020, "x", &err), TD_EINVAL, err, "NULL");
    assert_error(td_cluster_set_next_leader(NULL, "u", &err), TD_EINVAL, err, "NULL");
    assert_error(td_cluster_add_predecessor(NULL, "u", "p", &err), TD_EINVAL, err, "NULL");
    assert_null(td_cluster_id(NULL));
    assert_int_equal(td_cluster_member_count(NULL), 0);
}

static void members_are_unique_and_readable(void **state)
{
    fixture *f = *state;
    assert_error(td_cluster_add_member(f->c, "tan-uyen", "again", &f->err), TD_EEXISTS, f->err,
                 "unit 'tan-uyen' is a member of cluster 'cum-2' twice");
    assert_error(td_cluster_add_member(f->c, "x", "bad \xC0\x80 name", &f->err), TD_EINVAL, f->err,
                 "member name is not valid UTF-8");
    assert_int_equal(td_cluster_member_count(f->c), 2);
    assert_string_equal(td_cluster_id(f->c), "cum-2");
    assert_int_equal(td_cluster_period(f->c), 2023);
    assert_string_equal(td_cluster_member_id(f->c, 0), "tan-uyen");
    assert_string_equal(td_cluster_member_name(f->c, 0), "HND huyện Tân Uyên");
    assert_string_equal(td_cluster_member_name(f->c, 1), "");
    assert_null(td_cluster_member_id(f->c, 2));
    assert_ok(td_cluster_set_name(f->c, "Cụm thi đua số 2", &f->err), f->err);
    assert_string_equal(td_cluster_name(f->c), "Cụm thi đua số 2");
}

static void values_name_members(void **state)
{
    fixture *f = *state;
    assert_error(td_cluster_set_target(f->c, "lai-chau", "hh", D("1"), &f->err), TD_ENOTFOUND, f->err,
                 "target names unit 'lai-chau', which is not a member of cluster 'cum-2'");
    assert_error(td_cluster_set_actual(f->c, "lai-chau", "hh", D("1"), &f->err), TD_ENOTFOUND, f->err,
                 "actual names unit 'lai-chau'");
    assert_error(td_cluster_set_score(f->c, TD_SCORE_SOURCE_FINAL, "lai-chau", "c", D("1"), &f->err), TD_ENOTFOUND,
                 f->err, "final score names unit 'lai-chau'");
    assert_error(td_cluster_add_event(f->c, "lai-chau", "late", 1, &f->err), TD_ENOTFOUND, f->err,
                 "event names unit 'lai-chau'");
    assert_error(td_cluster_set_leader(f->c, "lai-chau", &f->err), TD_ENOTFOUND, f->err,
                 "leader names unit 'lai-chau'");
    assert_error(td_cluster_set_next_leader(f->c, "lai-chau", &f->err), TD_ENOTFOUND, f->err,
                 "next leader names unit");
}

static void negative_values_are_rejected_with_the_value(void **state)
{
    fixture *f = *state;
    assert_error(td_cluster_set_target(f->c, "tan-uyen", "hh", D("-850"), &f->err), TD_ERANGE, f->err,
                 "target of unit 'tan-uyen' for 'hh' must be >= 0, got -850");
    assert_error(td_cluster_set_actual(f->c, "tan-uyen", "hh", D("-0.5"), &f->err), TD_ERANGE, f->err,
                 "got -0.5");
    assert_error(td_cluster_set_score(f->c, TD_SCORE_SOURCE_SELF, "tan-uyen", "c", D("-1"), &f->err), TD_ERANGE,
                 f->err, "self score of unit 'tan-uyen'");
    assert_error(td_cluster_add_event(f->c, "tan-uyen", "late", 0, &f->err), TD_ERANGE, f->err,
                 "must be a positive integer, got 0");
    assert_error(td_cluster_add_event(f->c, "tan-uyen", "late", -2, &f->err), TD_ERANGE, f->err, "got -2");
    assert_error(td_cluster_set_score(f->c, (td_score_source)5, "tan-uyen", "c", D("1"), &f->err), TD_EINVAL,
                 f->err, "unknown score source 5");
}

static void the_same_value_twice_is_an_error(void **state)
{
    fixture *f = *state;
    assert_ok(td_cluster_set_target(f->c, "tan-uyen", "hh", D("850"), &f->err), f->err);
    assert_error(td_cluster_set_target(f->c, "tan-uyen", "hh", D("850"), &f->err), TD_EEXISTS, f->err,
                 "target of unit 'tan-uyen' for 'hh' is given twice (850, then 850)");
    /* a target and an actual of the same measure are different values */
    assert_ok(td_cluster_set_actual(f->c, "tan-uyen", "hh", D("900"), &f->err), f->err);
    assert_ok(td_cluster_set_target(f->c, "tam-duong", "hh", D("700"), &f->err), f->err);
    /* each score source is its own value */
    assert_ok(td_cluster_set_score(f->c, TD_SCORE_SOURCE_SELF, "tan-uyen", "rep", D("9"), &f->err), f->err);
    assert_ok(td_cluster_set_score(f->c, TD_SCORE_SOURCE_FINAL, "tan-uyen", "rep", D("8"), &f->err), f->err);
    assert_error(td_cluster_set_score(f->c, TD_SCORE_SOURCE_FINAL, "tan-uyen", "rep", D("7"), &f->err), TD_EEXISTS,
                 f->err, "final score of unit 'tan-uyen' for 'rep' is given twice (8, then 7)");
    assert_ok(td_cluster_set_leader(f->c, "tan-uyen", &f->err), f->err);
    assert_error(td_cluster_set_leader(f->c, "tam-duong", &f->err), TD_EEXISTS, f->err,
                 "leader of cluster 'cum-2' is given twice ('tan-uyen', then 'tam-duong')");
    assert_string_equal(td_cluster_leader(f->c), "tan-uyen");
    assert_ok(td_cluster_set_next_leader(f->c, "tam-duong", &f->err), f->err);
    assert_error(td_cluster_set_next_leader(f->c, "tam-duong", &f->err), TD_EEXISTS, f->err, "twice");
}

/* Column cells (places in the arrays) of a cluster of n members with n
 * measures, measure i given to one member only, and one measure given to
 * every member. */
static size_t cells_of_sparse_cluster(size_t n, size_t *spilled)
{
    td_error err;
    td_cluster *c = NULL;
    assert_ok(td_cluster_new(&c, "sparse", 2024, NULL, &err), err);
    char unit[32], measure[32];
    for (size_t m = 0; m < n; m++) {
        snprintf(unit, sizeof unit, "u%zu", m);
        assert_ok(td_cluster_add_member(c, unit, NULL, &err), err);
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(unit, sizeof unit, "u%zu", i * 7919 % n);
        snprintf(measure, sizeof measure, "m%zu", i);
        assert_ok(td_cluster_set_actual(c, unit, measure, D("1"), &err), err);
        snprintf(unit, sizeof unit, "u%zu", i);
        assert_ok(td_cluster_set_target(c, unit, "everyone", D("2"), &err), err);
    }
    size_t cells = 0;
    for (size_t k = 0; k < c->name_count * TD_VALUE_KINDS; k++)
        cells += c->vcols[k].len;
    *spilled = c->spill_count;
    /* every value reads back */
    td_decimal v;
    snprintf(unit, sizeof unit, "u%zu", (n - 1) * 7919 % n);
    snprintf(measure, sizeof measure, "m%zu", n - 1);
    assert_true(td_cluster_actual(&v, c, unit, measure));
    assert_decimal(v, "1");
    td_cluster_free(c);
    return cells;
}

/* Memory follows the values given, not members x measures: a measure
 * that few members have is spilled instead of getting a column as long as
 * the members (n^2 places here). */
static void sparse_measures_do_not_take_members_x_measures(void **state)
{
    (void)state;
    size_t spilled1, spilled8;
    size_t n = td_test_quick() ? 500 : 2000;
    size_t cells1 = cells_of_sparse_cluster(n, &spilled1), cells8 = cells_of_sparse_cluster(8 * n, &spilled8);
    /* at most 16 places per value and 64 per column used: about 80 per
     * measure, against n per measure with a place for every member */
    assert_true(cells1 <= 80 * n + 2 * n);
    assert_true(cells8 <= 9 * cells1);
    assert_true(spilled1 > n / 2 && spilled8 > 4 * n);
}

static void long_measure_names_work(void **state)
{
    fixture *f = *state;
    char name[300];
    memset(name, 'm', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    assert_ok(td_cluster_set_target(f->c, "tan-uyen", name, D("3"), &f->err), f->err);
    assert_error(td_cluster_set_target(f->c, "tan-uyen", name, D("4"), &f->err), TD_EEXISTS, f->err,
                 "given twice (3, then 4)");
}

static void events_add_up_and_overflow_is_caught(void **state)
{
    fixture *f = *state;
    assert_ok(td_cluster_add_event(f->c, "tan-uyen", "late", 2, &f->err), f->err);
    assert_ok(td_cluster_add_event(f->c, "tan-uyen", "late", 3, &f->err), f->err);
    assert_error(td_cluster_add_event(f->c, "tan-uyen", "late", INT64_MAX, &f->err), TD_ERANGE, f->err,
                 "overflows");
}

static void history_must_be_earlier_and_may_name_non_members(void **state)
{
    fixture *f = *state;
    assert_ok(td_cluster_add_history(f->c, "old-unit", 2022, "xuat_sac", &f->err), f->err);
    assert_error(td_cluster_add_history(f->c, "tan-uyen", 2023, "xuat_sac", &f->err), TD_ERANGE, f->err,
                 "must be before the period 2023");
    assert_error(td_cluster_add_history(f->c, "tan-uyen", 2020, "", &f->err), TD_EINVAL, f->err,
                 "award or classification id is empty");
}

static void predecessor_cycles_are_data_errors(void **state)
{
    fixture *f = *state;
    assert_error(td_cluster_add_predecessor(f->c, "a", "a", &f->err), TD_EINVAL, f->err,
                 "cannot be its own predecessor");
    assert_ok(td_cluster_add_predecessor(f->c, "tan-uyen", "a", &f->err), f->err);
    assert_ok(td_cluster_add_predecessor(f->c, "a", "b", &f->err), f->err);
    assert_error(td_cluster_add_predecessor(f->c, "tan-uyen", "a", &f->err), TD_EEXISTS, f->err,
                 "already a predecessor");
    assert_error(td_cluster_add_predecessor(f->c, "b", "tan-uyen", &f->err), TD_EDATA, f->err,
                 "creates a cycle in predecessors");
    /* a merger: two predecessors of one unit */
    assert_ok(td_cluster_add_predecessor(f->c, "tan-uyen", "c", &f->err), f->err);
}

/* The search for a cycle needs memory of its own: without it the link is
 * refused with TD_ENOMEM, and the cluster stays as it was. */
static void a_cycle_search_out_of_memory_changes_nothing(void **state)
{
    (void)state;
    td_error err;
    test_alloc t;
    test_alloc_init(&t, 0);
    td_cluster *c = NULL;
    assert_ok(td_cluster_new(&c, "k", 2024, &t.allocator, &err), err);
    assert_ok(td_cluster_add_predecessor(c, "a", "b", &err), err);
    assert_ok(td_cluster_add_predecessor(c, "b", "c", &err), err);
    t.fail_at = t.calls + 1;
    assert_error(td_cluster_add_predecessor(c, "c", "a", &err), TD_ENOMEM, err, "out of memory");
    t.fail_at = 0;
    assert_error(td_cluster_add_predecessor(c, "c", "a", &err), TD_EDATA, err, "creates a cycle");
    assert_ok(td_cluster_add_predecessor(c, "d", "a", &err), err);
    assert_error(td_cluster_add_predecessor(c, "d", "a", &err), TD_EEXISTS, err, "already a predecessor");
    td_cluster_free(c);
    assert_int_equal(t.live, 0);
}


static void report_block_fields_are_set_replaced_and_removed(void **state)
{
    fixture *f = *state;
    assert_null(td_cluster_report_field(f->c, TD_REPORT_FIELD_PLACE));
    assert_ok(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_ORGANISATION,
                                          "HỘI NÔNG DÂN TỈNH LAI CHÂU\nCỤM THI ĐUA SỐ 2", &f->err), f->err);
    assert_ok(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_PLACE, "Lai Châu", &f->err), f->err);
    assert_ok(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_PLACE, "Tân Uyên", &f->err), f->err);
    assert_ok(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_DATE, "2024-02-29", &f->err), f->err);
    assert_ok(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_TITLE, "Kết quả", &f->err), f->err);
    assert_string_equal(td_cluster_report_field(f->c, TD_REPORT_FIELD_ORGANISATION),
                        "HỘI NÔNG DÂN TỈNH LAI CHÂU\nCỤM THI ĐUA SỐ 2");
    assert_string_equal(td_cluster_report_field(f->c, TD_REPORT_FIELD_PLACE), "Tân Uyên");
    assert_string_equal(td_cluster_report_field(f->c, TD_REPORT_FIELD_DATE), "2024-02-29");
    assert_ok(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_TITLE, "", &f->err), f->err);
    assert_null(td_cluster_report_field(f->c, TD_REPORT_FIELD_TITLE));
    assert_ok(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_PLACE, NULL, &f->err), f->err);
    assert_null(td_cluster_report_field(f->c, TD_REPORT_FIELD_PLACE));
    assert_null(td_cluster_report_field(f->c, (td_report_field)4));
    assert_null(td_cluster_report_field(NULL, TD_REPORT_FIELD_DATE));
}

static void report_dates_must_be_days_written_iso(void **state)
{
    fixture *f = *state;
    static const char *const bad[] = {"2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "0000-01-01",
                                      "2023-1-5",   "15/12/2023", "2023-12-15T00:00", "2023-12-1x", " 2023-12-15"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_error(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_DATE, bad[i], &f->err), TD_EINVAL, f->err,
                     "is not a day written YYYY-MM-DD");
        assert_non_null(strstr(f->err.message, bad[i]));
    }
    assert_ok(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_DATE, "2000-02-29", &f->err), f->err);
    assert_ok(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_DATE, "9999-12-31", &f->err), f->err);
    assert_error(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_DATE, "1900-02-29", &f->err), TD_EINVAL, f->err,
                 "'1900-02-29'");
    /* a failed set leaves the value as it was */
    assert_string_equal(td_cluster_report_field(f->c, TD_REPORT_FIELD_DATE), "9999-12-31");
    assert_error(td_cluster_set_report_field(f->c, TD_REPORT_FIELD_PLACE, "a\x01" "b", &f->err), TD_EINVAL, f->err,
                 "report place");
    assert_error(td_cluster_set_report_field(f->c, (td_report_field)9, "x", &f->err), TD_EINVAL, f->err,
                 "unknown field 9");
    assert_error(td_cluster_set_report_field(NULL, TD_REPORT_FIELD_PLACE, "x", &f->err), TD_EINVAL, f->err, "NULL");
}

static void report_signers_are_kept_in_order_up_to_the_limit(void **state)
{
    fixture *f = *state;
    assert_int_equal(td_cluster_report_signer_count(f->c), 0);
    assert_ok(td_cluster_add_report_signer(f->c, "TM. CỤM THI ĐUA", "CỤM TRƯỞNG", "Nguyễn Văn A", &f->err), f->err);
    assert_ok(td_cluster_add_report_signer(f->c, NULL, NULL, "", &f->err), f->err);
    assert_int_equal(td_cluster_report_signer_count(f->c), 2);
    assert_string_equal(td_cluster_report_signer(f->c, 0, TD_SIGNER_FIELD_ROLE), "TM. CỤM THI ĐUA");
    assert_string_equal(td_cluster_report_signer(f->c, 0, TD_SIGNER_FIELD_TITLE), "CỤM TRƯỞNG");
    assert_string_equal(td_cluster_report_signer(f->c, 0, TD_SIGNER_FIELD_NAME), "Nguyễn Văn A");
    assert_string_equal(td_cluster_report_signer(f->c, 1, TD_SIGNER_FIELD_ROLE), "");
    assert_null(td_cluster_report_signer(f->c, 2, TD_SIGNER_FIELD_NAME));
    assert_null(td_cluster_report_signer(f->c, 0, (td_signer_field)3));
    assert_error(td_cluster_add_report_signer(f->c, "r", "t", NULL, &f->err), TD_EINVAL, f->err, "name is NULL");
    assert_error(td_cluster_add_report_signer(f->c, "r\x7f", "t", "n", &f->err), TD_EINVAL, f->err, "signer role");
    assert_int_equal(td_cluster_report_signer_count(f->c), 2);
    for (size_t i = 2; i < TD_REPORT_SIGNERS_MAX; i++)
        assert_ok(td_cluster_add_report_signer(f->c, NULL, NULL, "n", &f->err), f->err);
    assert_error(td_cluster_add_report_signer(f->c, NULL, NULL, "n", &f->err), TD_ELIMIT, f->err, "more than 8");
    td_cluster_clear_report_signers(f->c);
    td_cluster_clear_report_signers(NULL);
    assert_int_equal(td_cluster_report_signer_count(f->c), 0);
    assert_int_equal(td_cluster_report_signer_count(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_checks_its_arguments),
        cmocka_unit_test(null_cluster_is_an_error_in_every_setter),
        cmocka_unit_test_setup_teardown(members_are_unique_and_readable, setup, teardown),
        cmocka_unit_test_setup_teardown(values_name_members, setup, teardown),
        cmocka_unit_test_setup_teardown(negative_values_are_rejected_with_the_value, setup, teardown),
        cmocka_unit_test_setup_teardown(the_same_value_twice_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(long_measure_names_work, setup, teardown),
        cmocka_unit_test(sparse_measures_do_not_take_members_x_measures),
        cmocka_unit_test_setup_teardown(events_add_up_and_overflow_is_caught, setup, teardown),
        cmocka_unit_test_setup_teardown(history_must_be_earlier_and_may_name_non_members, setup, teardown),
        cmocka_unit_test_setup_teardown(predecessor_cycles_are_data_errors, setup, teardown),
        cmocka_unit_test(a_cycle_search_out_of_memory_changes_nothing),
        cmocka_unit_test_setup_teardown(report_block_fields_are_set_replaced_and_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(report_dates_must_be_days_written_iso, setup, teardown),
        cmocka_unit_test_setup_teardown(report_signers_are_kept_in_order_up_to_the_limit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
