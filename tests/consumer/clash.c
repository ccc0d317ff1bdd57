/* A downstream program that happens to define functions with the names the
 * library uses inside (its report buffer, its hash map, a table grid),
 * linked against the static archive. It links and runs only because the
 * archive keeps nothing global but the API: every internal name in it is
 * local. It renders the library's JSON report (whose code calls the
 * library's own functions of these names) and checks the result. */
#include <stdio.h>
#include <string.h>

#include <thidua/thidua.h>

/* This program's own functions, with names the library uses inside (or
 * used to: rbuf_put was an internal name of the report writers). */
int rbuf_put(const char *s);
int td_buf_init(int x);
int td_map_put(int x);
int td_report__grid_init(void);
int td_report__json(void);

int rbuf_put(const char *s)
{
    return (int)strlen(s);
}
int td_buf_init(int x)
{
    return x + 1;
}
int td_map_put(int x)
{
    return x * 2;
}
int td_report__grid_init(void)
{
    return 7;
}
int td_report__json(void)
{
    return 11;
}

int main(void)
{
    static const char yaml[] = "thidua: 1\nid: demo\nsections:\n  - id: A\n    criteria:\n"
                               "      - {id: hh, max: 10, rule: {kind: proportional}}\n";
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    char *json = NULL;
    size_t len = 0;
    int ok = 0;
    if (td_rulebook_load_string(&rb, yaml, sizeof yaml - 1, "demo.yaml", NULL, &err) == TD_OK &&
        td_cluster_new(&cl, "c", 2023, NULL, &err) == TD_OK &&
        td_cluster_add_member(cl, "u", "Unit", &err) == TD_OK &&
        td_cluster_set_target(cl, "u", "hh", td_decimal_from_int(900), &err) == TD_OK &&
        td_cluster_set_actual(cl, "u", "hh", td_decimal_from_int(450), &err) == TD_OK &&
        td_evaluate(&res, rb, cl, NULL, &err) == TD_OK &&
        td_report_render(&json, &len, res, TD_REPORT_FORMAT_JSON, NULL, &err) == TD_OK) {
        ok = strstr(json, "\"total\": 5") != NULL;
        if (!ok)
            fprintf(stderr, "clash: unexpected report:\n%s\n", json);
    } else {
        fprintf(stderr, "clash: %s\n", err.message);
    }
    /* this program's own functions are the ones it calls */
    ok = ok && rbuf_put("abc") == 3 && td_buf_init(1) == 2 && td_map_put(4) == 8 &&
         td_report__grid_init() == 7 && td_report__json() == 11;
    td_free(json);
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    printf("clash: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
