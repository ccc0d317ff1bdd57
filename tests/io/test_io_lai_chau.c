/*
 * The Lai Châu example as files (examples/lai-chau/) gives exactly what the
 * C example (examples/lai_chau.c) builds through the API: the same rulebook
 * definitions, and the same numbers and explanations for every member.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "td_test.h"

/* The example's builders, without its main(). */
#define main lai_chau_example_main
int lai_chau_example_main(int argc, char **argv);
#include "../../examples/lai_chau.c"
#undef main

#define LAI_CHAU TD_SOURCE_DIR "/examples/lai-chau"

static td_status load_files(td_rulebook **rb, td_cluster **cl, td_error *err)
{
    td_dataset *ds = NULL;
    td_status rc = td_rulebook_load_file(rb, LAI_CHAU "/rulebook.yaml", NULL, err);
    if (rc == TD_OK)
        rc = td_dataset_new(&ds, NULL, err);
    /* the results first: the order of the documents does not matter */
    if (rc == TD_OK)
        rc = td_dataset_add_file(ds, LAI_CHAU "/results.csv", err);
    if (rc == TD_OK)
        rc = td_dataset_add_file(ds, LAI_CHAU "/data.yaml", err);
    if (rc == TD_OK)
        rc = td_dataset_to_cluster(cl, ds, *rb, err);
    td_dataset_free(ds);
    return rc;
}

static void files_give_the_same_rulebook_as_the_c_example(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *from_c = NULL, *from_file = NULL;
    td_cluster *cl = NULL;
    char *yaml_c, *yaml_file;
    assert_ok(build_rulebook(&from_c, &err), err);
    assert_ok(load_files(&from_file, &cl, &err), err);
    assert_ok(td_rulebook_to_yaml(&yaml_c, NULL, from_c, &err), err);
    assert_ok(td_rulebook_to_yaml(&yaml_file, NULL, from_file, &err), err);
    assert_string_equal(yaml_file, yaml_c);
    td_free(yaml_c);
    td_free(yaml_file);
    td_cluster_free(cl);
    td_rulebook_free(from_c);
    td_rulebook_free(from_file);
}

static void files_give_the_same_numbers_as_the_c_example(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb_c = NULL, *rb_f = NULL;
    td_cluster *cl_c = NULL, *cl_f = NULL;
    td_result *res_c = NULL, *res_f = NULL;
    assert_ok(build_rulebook(&rb_c, &err), err);
    assert_ok(build_cluster(&cl_c, &err), err);
    assert_ok(load_files(&rb_f, &cl_f, &err), err);
    assert_ok(td_evaluate(&res_c, rb_c, cl_c, NULL, &err), err);
    assert_ok(td_evaluate(&res_f, rb_f, cl_f, NULL, &err), err);
    char *dump_c = fixture_dump(res_c), *dump_f = fixture_dump(res_f);
    assert_string_equal(dump_f, dump_c);
    free(dump_c);
    free(dump_f);

    /* the reported figures: 3,563 registered, 3,425 achieving (96.13 %),
     * 143 collective and 290 individual commendations */
    const char *measures[] = {"hh_registered", "hh_achieved", "collective_awards", "individual_awards"};
    const char *sums[] = {"3563", "3425", "143", "290"};
    for (size_t k = 0; k < 4; k++) {
        size_t c;
        assert_ok(td_rulebook_find_criterion(&c, rb_f, measures[k], &err), err);
        td_decimal sum = td_decimal_zero(), a;
        for (size_t m = 0; m < td_result_member_count(res_f); m++) {
            assert_true(td_result_actual(&a, res_f, m, c));
            assert_ok(td_decimal_add(&sum, sum, a, &err), err);
        }
        assert_decimal(sum, sums[k]);
    }
    /* Lai Châu city and Than Uyên met all their targets; the Certificate of
     * Merit goes to Lai Châu city and Tân Uyên; Tam Đường leads in 2024 */
    for (size_t m = 0; m < td_result_member_count(res_f); m++) {
        const char *unit = td_result_member_unit(res_f, m);
        bool met = strcmp(unit, "tp-lai-chau") == 0 || strcmp(unit, "than-uyen") == 0;
        bool merit = strcmp(unit, "tp-lai-chau") == 0 || strcmp(unit, "tan-uyen") == 0;
        assert_int_equal(td_result_member_all_met(res_f, m), met);
        assert_int_equal(td_result_award_status(res_f, m, 0) == TD_AWARD_SELECTED, merit);
    }
    assert_string_equal(td_result_next_leader(res_f), "tam-duong");
    td_result_free(res_c);
    td_result_free(res_f);
    td_cluster_free(cl_c);
    td_cluster_free(cl_f);
    td_rulebook_free(rb_c);
    td_rulebook_free(rb_f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_give_the_same_rulebook_as_the_c_example),
        cmocka_unit_test(files_give_the_same_numbers_as_the_c_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
