/*
 * A what-if run: the council asks "what if savings weighed 40 points
 * instead of 30?" The program scores the same cluster under both versions
 * of the scoring table and prints whose rank, classification and award
 * change. Compiled rulebooks are immutable, so each variant is its own
 * rulebook; the cluster is shared by both evaluations.
 *
 * INVENTED: the scheme and every number below are made up for the example.
 *
 * Build against an installed library:
 *   cc what_if.c $(pkg-config --cflags --libs thidua-io)
 */
#include <stdio.h>
#include <string.h>

#include <thidua/thidua.h>

/* The scoring table with the weight of `savings` left open. */
static const char rulebook_template[] =
    "thidua: 1\n"
    "id: khoi-2\n"
    "sections:\n"
    "  - id: A\n"
    "    criteria:\n"
    "      - {id: new_members, max: 30, rule: {kind: proportional}}\n"
    "      - {id: savings, max: %s, rule: {kind: proportional}}\n"
    "classification:\n"
    "  - {id: xuat_sac, min: 55}\n"
    "  - {id: hoan_thanh}\n"
    "awards:\n"
    "  - {id: giay_khen, when: \"classification == 'xuat_sac'\", quota: {count: 1}}\n";

static const struct {
    const char *unit, *measure, *target, *actual;
} rows[] = {
    {"xa-a", "new_members", "100", "100"}, {"xa-a", "savings", "100", "80"},
    {"xa-b", "new_members", "100", "85"},  {"xa-b", "savings", "100", "100"},
    {"xa-c", "new_members", "100", "95"},  {"xa-c", "savings", "100", "90"},
};

/* A member's classification, or "-" for a rulebook without classification. */
static const char *class_of(const td_result *res, size_t m)
{
    const char *c = td_result_member_classification(res, m);
    return c != NULL ? c : "-";
}

static td_status variant(td_result **out, const td_cluster *cl, const char *savings_max, td_error *err)
{
    char text[sizeof rulebook_template + 16];
    snprintf(text, sizeof text, rulebook_template, savings_max);
    td_rulebook *rb = NULL;
    td_status rc = td_rulebook_load_string(&rb, text, strlen(text), "what-if", NULL, err);
    if (rc == TD_OK)
        rc = td_evaluate(out, rb, cl, NULL, err);
    td_rulebook_free(rb); /* the result keeps what it needs of the rulebook */
    return rc;
}

int main(void)
{
    td_error err;
    td_cluster *cl = NULL;
    td_result *now = NULL, *alt = NULL;
    int status = 1;
    td_status rc = td_cluster_new(&cl, "khoi-2", 2024, NULL, &err);
    for (size_t i = 0; rc == TD_OK && i < sizeof rows / sizeof rows[0]; i++) {
        td_decimal t, a;
        if (i % 2 == 0)
            rc = td_cluster_add_member(cl, rows[i].unit, NULL, &err);
        if (rc == TD_OK && (rc = td_decimal_parse(&t, rows[i].target, &err)) == TD_OK &&
            (rc = td_decimal_parse(&a, rows[i].actual, &err)) == TD_OK &&
            (rc = td_cluster_set_target(cl, rows[i].unit, rows[i].measure, t, &err)) == TD_OK)
            rc = td_cluster_set_actual(cl, rows[i].unit, rows[i].measure, a, &err);
    }
    if (rc != TD_OK || variant(&now, cl, "30", &err) != TD_OK || variant(&alt, cl, "40", &err) != TD_OK) {
        fprintf(stderr, "what_if: %s\n", err.message);
        goto done;
    }
    printf("savings max 30 → 40:\n");
    for (size_t m = 0; m < td_result_member_count(now); m++) {
        const char *unit = td_result_member_unit(now, m);
        size_t k;
        if (td_result_find_member(&k, alt, unit, &err) != TD_OK)
            goto done;
        char t1[TD_DECIMAL_STRING_SIZE], t2[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(t1, sizeof t1, td_result_member_total(now, m));
        td_decimal_format(t2, sizeof t2, td_result_member_total(alt, k));
        td_award_status s1 = td_result_award_status(now, m, 0), s2 = td_result_award_status(alt, k, 0);
        const char *c1 = class_of(now, m), *c2 = class_of(alt, k);
        bool changed = td_result_member_rank(now, m) != td_result_member_rank(alt, k) || s1 != s2 ||
                       strcmp(c1, c2) != 0;
        printf("  %s  total %s → %s, rank %zu → %zu, %s → %s, giay_khen %s → %s%s\n", unit, t1, t2,
               td_result_member_rank(now, m), td_result_member_rank(alt, k), c1, c2,
               td_award_status_name(s1), td_award_status_name(s2), changed ? "   (changed)" : "");
    }
    status = 0;
done:
    td_result_free(now);
    td_result_free(alt);
    td_cluster_free(cl);
    return status;
}
