/*
 * Embedding thidua in administrative software: the scoring table is text
 * compiled into the program (or kept in its database), and the cluster is
 * filled from the program's own records, as software would from the rows
 * of its tables. One rulebook, compiled once, can score any number of
 * clusters, from any number of threads.
 *
 * INVENTED: the scheme and every number below are made up for the example.
 *
 * Build against an installed library:
 *   cc embedded.c $(pkg-config --cflags --libs thidua-io)
 */
#include <stdio.h>
#include <string.h>

#include <thidua/thidua.h>

/* The scoring table, as the software ships it. */
static const char rulebook_yaml[] =
    "thidua: 1\n"
    "id: hoi-phu-nu-khoi-2\n"
    "name: \"Bảng chấm điểm Khối 2\"\n"
    "sections:\n"
    "  - id: A\n"
    "    max: 60\n"
    "    criteria:\n"
    "      - {id: new_members, name: \"Hội viên mới\", max: 30, rule: {kind: proportional}}\n"
    "      - {id: savings, name: \"Tiết kiệm (triệu đồng)\", max: 30,\n"
    "         rule: {kind: shortfall, deduct: 3, per: 5, step: ceil}}\n"
    "classification:\n"
    "  - {id: xuat_sac, name: \"Hoàn thành xuất sắc\", min: 50}\n"
    "  - {id: hoan_thanh, name: \"Hoàn thành\"}\n"
    "awards:\n"
    "  - {id: giay_khen, name: \"Giấy khen\", when: \"classification == 'xuat_sac'\", quota: {count: 1}}\n";

/* The software's own records: one row per unit and measure. */
typedef struct record {
    const char *unit, *name, *measure;
    const char *target, *actual; /* exact decimal text, as stored */
} record;

static const record rows[] = {
    {"xa-a", "Hội LHPN xã A", "new_members", "120", "131"},
    {"xa-a", "Hội LHPN xã A", "savings", "500", "470.5"},
    {"xa-b", "Hội LHPN xã B", "new_members", "80", "80"},
    {"xa-b", "Hội LHPN xã B", "savings", "300", "312"},
    {"xa-c", "Hội LHPN xã C", "new_members", "100", "74"},
    {"xa-c", "Hội LHPN xã C", "savings", "400", "401"},
};

/* Adds the records (grouped by unit) to the cluster; the first failure
 * stops with its error. */
static td_status fill(td_cluster *cl, const record *r, size_t n, td_error *err)
{
    td_status rc = TD_OK;
    for (size_t i = 0; rc == TD_OK && i < n; i++) {
        td_decimal target, actual;
        /* a unit becomes a member at its first row */
        if (i == 0 || strcmp(r[i].unit, r[i - 1].unit) != 0)
            rc = td_cluster_add_member(cl, r[i].unit, r[i].name, err);
        if (rc == TD_OK)
            rc = td_decimal_parse(&target, r[i].target, err);
        if (rc == TD_OK)
            rc = td_decimal_parse(&actual, r[i].actual, err);
        if (rc == TD_OK)
            rc = td_cluster_set_target(cl, r[i].unit, r[i].measure, target, err);
        if (rc == TD_OK)
            rc = td_cluster_set_actual(cl, r[i].unit, r[i].measure, actual, err);
    }
    return rc;
}

int main(void)
{
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL, *bad = NULL;
    td_result *res = NULL;
    int status = 1;

    /* compile once; the name is what errors in the text are reported against */
    if (td_rulebook_load_string(&rb, rulebook_yaml, sizeof rulebook_yaml - 1, "embedded:khoi-2",
                                NULL, &err) != TD_OK ||
        td_cluster_new(&cl, "khoi-2", 2024, NULL, &err) != TD_OK ||
        fill(cl, rows, sizeof rows / sizeof rows[0], &err) != TD_OK ||
        td_cluster_set_leader(cl, "xa-a", &err) != TD_OK ||
        td_evaluate(&res, rb, cl, NULL, &err) != TD_OK) {
        fprintf(stderr, "embedded: %s\n", err.message);
        goto done;
    }
    printf("%-5s %-6s %7s  %-13s %s\n", "rank", "unit", "total", "Giấy khen", "name");
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        char total[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(total, sizeof total, td_result_member_total(res, m));
        printf("%-5zu %-6s %7s  %-13s %s\n", td_result_member_rank(res, m), td_result_member_unit(res, m),
               total, td_award_status_name(td_result_award_status(res, m, 0)), td_result_member_name(res, m));
    }
    /* why the second-ranked unit did not get the award, in Vietnamese */
    printf("\n%s: %s\n", td_result_member_unit(res, 1), td_result_award_explain(res, 1, 0, TD_LANG_VI));

    /* a bad record (a negative target typed into the software) is refused,
     * naming the unit, the measure and the value */
    static const record typo[] = {{"xa-d", "Hội LHPN xã D", "savings", "-300", "10"}};
    if (td_cluster_new(&bad, "khoi-2", 2024, NULL, &err) == TD_OK &&
        fill(bad, typo, 1, &err) != TD_OK)
        printf("\nrefused: %s\n", err.message);
    status = 0;
done:
    td_result_free(res);
    td_cluster_free(bad);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return status;
}
