/* A downstream program built against the installed library: it scores one
 * criterion for one member and checks the result, once built in code and,
 * when the library has its io floors (TD_HAVE_IO) and the program links
 * libthidua-io (not CONSUMER_CORE_ONLY), once read from YAML. */
#include <stdio.h>
#include <string.h>

#include <thidua/thidua.h>

int main(void)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    td_decimal ten = td_decimal_from_int(10);
    td_rule proportional = TD_RULE_INIT; /* cap 1 */
    proportional.kind = TD_RULE_PROPORTIONAL;
    int ok = 0;
    if (td_rulebook_builder_new(&b, "demo", NULL, &err) == TD_OK &&
        td_rulebook_builder_add_section(b, "A", "A", NULL, &err) == TD_OK &&
        td_rulebook_builder_add_criterion(b, "A", "hh", "households", ten, &err) == TD_OK &&
        td_rulebook_builder_set_rule(b, "hh", &proportional, &err) == TD_OK &&
        td_rulebook_builder_build(&rb, b, &err) == TD_OK &&
        td_cluster_new(&cl, "c", 2023, NULL, &err) == TD_OK &&
        td_cluster_add_member(cl, "u", "Unit", &err) == TD_OK &&
        td_cluster_set_target(cl, "u", "hh", td_decimal_from_int(900), &err) == TD_OK &&
        td_cluster_set_actual(cl, "u", "hh", td_decimal_from_int(450), &err) == TD_OK &&
        td_evaluate(&res, rb, cl, NULL, &err) == TD_OK) {
        char total[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(total, sizeof total, td_result_member_total(res, 0));
        printf("thidua %s: total %s\n", td_version(), total);
        ok = strcmp(total, "5") == 0 && strcmp(td_version(), TD_VERSION) == 0;
        /* the headers are this version: at least it, and not a later one */
        ok = ok && TD_VERSION_CHECK(TD_VERSION_MAJOR, TD_VERSION_MINOR, TD_VERSION_PATCH) &&
             TD_VERSION_CHECK(0, 0, 0) && !TD_VERSION_CHECK(TD_VERSION_MAJOR + 1, 0, 0) &&
             !TD_VERSION_CHECK(TD_VERSION_MAJOR, TD_VERSION_MINOR, TD_VERSION_PATCH + 1);
    } else {
        fprintf(stderr, "consumer: %s\n", err.message);
    }
#if TD_HAVE_IO && !defined(CONSUMER_CORE_ONLY)
    static const char yaml[] = "thidua: 1\nid: demo\nsections:\n  - id: A\n    criteria:\n"
                               "      - {id: hh, name: \"Số hộ\", max: 10, rule: {kind: proportional}}\n";
    td_rulebook *loaded = NULL;
    td_result *again = NULL;
    if (ok && td_rulebook_load_string(&loaded, yaml, sizeof yaml - 1, "demo.yaml", NULL, &err) == TD_OK &&
        td_evaluate(&again, loaded, cl, NULL, &err) == TD_OK) {
        ok = td_decimal_cmp(td_result_member_total(again, 0), td_decimal_from_int(5)) == 0 &&
             strcmp(td_rulebook_criterion_name(loaded, 0), "Số hộ") == 0;
    } else if (ok) {
        ok = 0;
        fprintf(stderr, "consumer: %s\n", err.message);
    }
    td_result_free(again);
    td_rulebook_free(loaded);
#endif
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    td_rulebook_builder_free(b);
    return ok ? 0 : 1;
}
