/*
 * Numbers only, for many members: a district scores the 2,400 households of
 * its "cultured family" movement, reads every total in one call, hands
 * the points of one criterion to an Arrow consumer, and explains one
 * household only when the council asks about it.
 *
 *   - td_eval_options.explain = TD_EXPLAIN_ON_DEMAND: no criterion text is
 *     written while scoring; td_result_criterion_explain() renders one when
 *     asked (the same text as with every explanation written);
 *   - td_eval_options.threads = 2: the result is the same for any count;
 *   - thidua/columns.h: td_result_decimals() for a whole column,
 *     td_result_export_arrow() for an exact decimal128 Arrow array.
 *
 * INVENTED: the scheme and every number below are made up for the example.
 *
 * Build against an installed library:
 *   cc numbers_only.c $(pkg-config --cflags --libs thidua-io)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <thidua/thidua.h>

enum { HOUSEHOLDS = 2400 };

static const char rulebook_text[] =
    "thidua: 1\n"
    "id: gia-dinh-van-hoa\n"
    "sections:\n"
    "  - id: A\n"
    "    criteria:\n"
    "      - {id: thu_nhap, max: 40, rule: {kind: proportional}}\n"
    "      - {id: ve_sinh, max: 30, rule: {kind: threshold, at: 0.9}}\n"
    "      - {id: hoc_tap, max: 30, rule: {kind: shortfall, deduct: 5, per: 10, step: ceil}}\n";

static int fail(const char *what, const td_error *err)
{
    fprintf(stderr, "%s: %s\n", what, err->message);
    return 1;
}

int main(void)
{
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    td_decimal *totals = NULL;
    int rc = 1;
    if (td_rulebook_load_string(&rb, rulebook_text, strlen(rulebook_text), "gia-dinh-van-hoa.yaml", NULL, &err) !=
        TD_OK)
        return fail("rulebook", &err);
    if (td_cluster_new(&cl, "xa-vi-du", 2025, NULL, &err) != TD_OK) {
        rc = fail("cluster", &err);
        goto done;
    }
    /* targets and results from the program's own records: a fixed spread */
    static const char *const criteria[] = {"thu_nhap", "ve_sinh", "hoc_tap"};
    static const int64_t target[] = {120, 365, 4};
    for (int h = 0; h < HOUSEHOLDS; h++) {
        char unit[16];
        snprintf(unit, sizeof unit, "ho-%04d", h);
        if (td_cluster_add_member(cl, unit, NULL, &err) != TD_OK) {
            rc = fail(unit, &err);
            goto done;
        }
        for (int c = 0; c < 3; c++) {
            int64_t actual = target[c] * (70 + (h * 7 + c * 13) % 41) / 100;
            if (td_cluster_set_target(cl, unit, criteria[c], td_decimal_from_int(target[c]), &err) != TD_OK ||
                td_cluster_set_actual(cl, unit, criteria[c], td_decimal_from_int(actual), &err) != TD_OK) {
                rc = fail(unit, &err);
                goto done;
            }
        }
    }
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.explain = TD_EXPLAIN_ON_DEMAND;
    opts.threads = 2;
    if (td_evaluate(&res, rb, cl, &opts, &err) != TD_OK) {
        rc = fail("evaluate", &err);
        goto done;
    }

    /* every total in one call, in result order (by rank) */
    size_t n = td_result_member_count(res);
    totals = malloc(n * sizeof *totals);
    if (totals == NULL || td_result_decimals(totals, NULL, n, res, TD_RESULT_FIELD_TOTAL, 0, &err) != TD_OK) {
        rc = fail("totals", &err);
        goto done;
    }
    size_t reached = 0;
    for (size_t m = 0; m < n; m++)
        reached += td_decimal_cmp(totals[m], td_decimal_from_int(90)) >= 0;
    char best[TD_DECIMAL_STRING_SIZE], last[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(best, sizeof best, totals[0]);
    td_decimal_format(last, sizeof last, totals[n - 1]);
    printf("%zu households: %zu with 90 points or more; totals from %s (%s) down to %s\n", n, reached, best,
           td_result_member_unit(res, 0), last);

    /* the points of one criterion as an Arrow array (decimal128, exact) */
    struct ArrowArray array;
    struct ArrowSchema schema;
    if (td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_POINTS, 0, 2, &err) != TD_OK) {
        rc = fail("arrow", &err);
        goto done;
    }
    printf("arrow: %s '%s', %lld values, %lld null\n", schema.format, schema.name, (long long)array.length,
           (long long)array.null_count);
    array.release(&array); /* an Arrow library would take them over instead */
    schema.release(&schema);

    /* the council asks about one household: only its texts are rendered */
    size_t m;
    if (td_result_find_member(&m, res, "ho-0042", &err) != TD_OK) {
        rc = fail("ho-0042", &err);
        goto done;
    }
    for (size_t c = 0; c < td_result_criterion_count(res); c++)
        printf("ho-0042 %-8s %s\n", td_rulebook_criterion_id(rb, c),
               td_result_criterion_explain(res, m, c, TD_LANG_EN));
    rc = 0;
done:
    free(totals);
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return rc;
}
