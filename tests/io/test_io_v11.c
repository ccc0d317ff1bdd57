/*
 * Rulebook 1.1, section 1, in files: `inputs`, `parameters` and an empty
 * `sections` in rulebooks (YAML and JSON alike, written back by the
 * rulebook writer), `parameters` in data, and every new kind of bad input
 * at its FILE:LINE:COL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "td_test.h"

#define RULEBOOK                                                                                   \
    "thidua: 1\n"                                                                                  \
    "id: titles\n"                                                                                 \
    "inputs: [months, discipline]\n"                                                           \
    "parameters: {min_months: 10, share: 15%}\n"                                                  \
    "sections: []\n"                                                                               \
    "adjustments:\n"                                                                               \
    "  - {id: initiative, kind: bonus, points: 5}\n"                                               \
    "awards:\n"                                                                                    \
    "  - id: ldtt\n"                                                                               \
    "    when: \"actual(months, 0) >= min_months and not has(discipline)\"\n"                      \
    "  - id: cstdcs\n"                                                                             \
    "    when: \"award('ldtt') and total >= 10 * share / 0.15\"\n"

static td_rulebook *load(const char *text, const char *name)
{
    td_error err;
    td_rulebook *rb = NULL;
    if (td_rulebook_load_string(&rb, text, strlen(text), name, NULL, &err) != TD_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return rb;
}

static td_error load_error(const char *text)
{
    td_error err;
    td_error_clear(&err);
    td_rulebook *rb = NULL;
    if (td_rulebook_load_string(&rb, text, strlen(text), "t.yaml", NULL, &err) == TD_OK)
        fail_msg("loaded although it is wrong:\n%s", text);
    return err;
}

#define assert_error_at(e, status, ln, col, part)                                                  \
    do {                                                                                           \
        td_error e_ = (e);                                                                         \
        if (e_.code != (status) || e_.line != (ln) || e_.column != (col) ||                        \
            strstr(e_.message, (part)) == NULL)                                                    \
            fail_msg("got %d at %u:%u: %s\nwant %d at %u:%u: ...%s...", e_.code, e_.line,          \
                     e_.column, e_.message, (status), (ln), (col), (part));                        \
    } while (0)

static void inputs_and_parameters_load_and_write_back(void **state)
{
    (void)state;
    td_rulebook *y = load(RULEBOOK, "t.yaml");
    assert_int_equal(td_rulebook_input_count(y), 2);
    assert_string_equal(td_rulebook_input_id(y, 0), "months");
    assert_int_equal(td_rulebook_parameter_count(y), 2);
    assert_string_equal(td_rulebook_parameter_id(y, 1), "share");
    assert_decimal(td_rulebook_parameter_value(y, 1), "0.15"); /* 15% in a rulebook */
    assert_int_equal(td_rulebook_section_count(y), 0);
    /* the same in JSON */
    const char *json = "{\"thidua\": 1, \"id\": \"titles\", \"inputs\": [\"months\", \"discipline\"],"
                       " \"parameters\": {\"min_months\": 10, \"share\": 0.15}, \"sections\": [],"
                       " \"adjustments\": [{\"id\": \"initiative\", \"kind\": \"bonus\", \"points\": 5}],"
                       " \"awards\": [{\"id\": \"ldtt\", \"when\": \"actual(months, 0) >= min_months and not"
                       " has(discipline)\"}, {\"id\": \"cstdcs\", \"when\": \"award('ldtt') and total >= 10 *"
                       " share / 0.15\"}]}";
    td_rulebook *j = load(json, "t.json");
    td_error err;
    char *ty = NULL, *tj = NULL, *again = NULL;
    assert_ok(td_rulebook_to_yaml(&ty, NULL, y, &err), err);
    assert_ok(td_rulebook_to_yaml(&tj, NULL, j, &err), err);
    assert_string_equal(ty, tj);
    assert_non_null(strstr(ty, "inputs: [months, discipline]\nparameters:\n  min_months: 10\n  share: 0.15\n"));
    assert_non_null(strstr(ty, "sections: []\n"));
    /* the writer's text loads into the same rulebook */
    td_rulebook *back = load(ty, "back.yaml");
    assert_ok(td_rulebook_to_yaml(&again, NULL, back, &err), err);
    assert_string_equal(again, ty);
    td_free(ty);
    td_free(tj);
    td_free(again);
    td_rulebook_free(back);
    td_rulebook_free(j);
    td_rulebook_free(y);
    /* no 'sections' key at all: the same */
    td_rulebook *none = load("thidua: 1\nid: t\nawards: [{id: a, when: \"total >= 0\"}]\n", "t.yaml");
    assert_int_equal(td_rulebook_section_count(none), 0);
    td_rulebook_free(none);
}

static void bad_inputs_and_parameters_are_placed(void **state)
{
    (void)state;
    assert_error_at(load_error("thidua: 1\nid: t\ninputs: months\n"), TD_EPARSE, 3, 9, "inputs");
    assert_error_at(load_error("thidua: 1\nid: t\ninputs: [months, rank]\n"), TD_EINVAL, 3, 18,
                    "input id 'rank' is a name of the expression language");
    assert_error_at(load_error("thidua: 1\nid: t\ninputs: [months, months]\n"), TD_EEXISTS, 3, 18, "twice");
    assert_error_at(load_error("thidua: 1\nid: t\nparameters: [a]\n"), TD_EPARSE, 3, 13, "parameters");
    assert_error_at(load_error("thidua: 1\nid: t\nparameters:\n  size: eleven\n"), TD_EPARSE, 4, 9, "size");
    assert_error_at(load_error("thidua: 1\nid: t\nparameters:\n  size:\n"), TD_ERULEBOOK, 4, 3,
                    "parameter 'size' has no value");
    assert_error_at(load_error("thidua: 1\nid: t\nparameters:\n  total: 1\n"), TD_EINVAL, 4, 3,
                    "name of the expression language");
    assert_error_at(load_error("thidua: 1\nid: t\nparameters: {council size: 1}\n"), TD_EINVAL, 3, 14,
                    "not a name expressions can read");
    /* found when the rulebook is built, still placed at the parameter */
    assert_error_at(load_error("thidua: 1\nid: t\nparameters:\n  hh: 1\n"
                               "sections:\n  - id: A\n    criteria:\n      - {id: hh, max: 10, rule: "
                               "{kind: proportional}}\n"),
                    TD_ERULEBOOK, 4, 3, "parameter 'hh' has the id of a criterion");
    assert_error_at(load_error("thidua: 1\nid: t\ninputs: [x, hh]\n"
                               "sections:\n  - id: A\n    criteria:\n      - {id: hh, max: 10, rule: "
                               "{kind: proportional}}\n"),
                    TD_ERULEBOOK, 3, 13, "input 'hh' has the id of a criterion");
    /* a misspelt parameter inside an expression */
    assert_error_at(load_error("thidua: 1\nid: t\nparameters: {min_months: 10}\n"
                               "awards:\n  - {id: a, when: \"total >= min_month\"}\n"),
                    TD_EPARSE, 5, 29, "did you mean 'min_months'?");
}

/* Loads the rulebook and a cluster from data text; returns the status. */
static td_status cluster_of(const td_rulebook *rb, const char *data, td_cluster **out, td_error *err)
{
    td_dataset *d = NULL;
    td_status rc = td_dataset_new(&d, NULL, err);
    if (rc == TD_OK)
        rc = td_dataset_add_string(d, data, strlen(data), "data.yaml", TD_DOC_FORMAT_AUTO, err);
    if (rc == TD_OK)
        rc = td_dataset_to_cluster(out, d, rb, err);
    td_dataset_free(d);
    return rc;
}

#define DATA                                                                                       \
    "thidua: 1\n"                                                                                  \
    "period: 2025\n"                                                                               \
    "cluster:\n"                                                                                   \
    "  id: phong\n"                                                                                \
    "  members: [{id: an}, {id: binh}]\n"                                                          \
    "results:\n"                                                                                   \
    "  an: {months: 12}\n"                                                                         \
    "  binh: {months: 9}\n"                                                                        \
    "events:\n"                                                                                    \
    "  - {unit: an, item: initiative, count: 2}\n"

static void data_sets_parameters_for_its_period(void **state)
{
    (void)state;
    td_rulebook *rb = load(RULEBOOK, "t.yaml");
    td_error err;
    for (int override = 0; override < 2; override++) {
        const char *extra = override ? "parameters: {min_months: 9}\n" : "";
        char data[1024];
        snprintf(data, sizeof data, "%s%s", DATA, extra);
        td_cluster *cl = NULL;
        assert_ok(cluster_of(rb, data, &cl, &err), err);
        td_result *res = NULL;
        assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
        size_t binh;
        assert_ok(td_result_find_member(&binh, res, "binh", &err), err);
        /* 9 months: enough only when the data lowers the bar to 9 */
        assert_int_equal(td_result_award_status(res, binh, 0), override ? TD_AWARD_SELECTED : TD_AWARD_NOT_ELIGIBLE);
        td_result_free(res);
        td_cluster_free(cl);
    }
    td_cluster *cl = NULL;
    /* a parameter the rulebook does not declare, at its key, with the nearest */
    assert_error_at((cluster_of(rb, DATA "parameters:\n  min_month: 9\n", &cl, &err), err), TD_EDATA, 12, 3,
                    "the data sets parameter 'min_month', which rulebook 'titles' does not declare (did you "
                    "mean 'min_months'?)");
    /* no '%' in data */
    assert_error_at((cluster_of(rb, DATA "parameters: {share: 20%}\n", &cl, &err), err), TD_EPARSE, 11, 21, "%");
    assert_error_at((cluster_of(rb, DATA "parameters: {share: }\n", &cl, &err), err), TD_EPARSE, 11, 14,
                    "parameter 'share' has no value");
    /* an unknown measure with inputs declared names the input */
    assert_error_at((cluster_of(rb, DATA "targets:\n  an: {month: 12}\n", &cl, &err), err), TD_EDATA, 12, 8,
                    "(did you mean 'months'?)");
    /* twice, in two documents */
    td_dataset *d = NULL;
    assert_ok(td_dataset_new(&d, NULL, &err), err);
    const char *one = DATA "parameters: {min_months: 9}\n", *two = "thidua: 1\nparameters: {min_months: 8}\n";
    assert_ok(td_dataset_add_string(d, one, strlen(one), "one.yaml", TD_DOC_FORMAT_AUTO, &err), err);
    assert_ok(td_dataset_add_string(d, two, strlen(two), "two.yaml", TD_DOC_FORMAT_AUTO, &err), err);
    assert_error_at((td_dataset_to_cluster(&cl, d, rb, &err), err), TD_EDATA, 2, 14,
                    "sets parameter 'min_months' twice (first at one.yaml:11:14)");
    assert_string_equal(err.file, "two.yaml");
    td_dataset_free(d);
    td_rulebook_free(rb);
}

#define SIDES                                                                                      \
    "thidua: 1\n"                                                                                  \
    "id: loans\n"                                                                                  \
    "measures:\n"                                                                                  \
    "  hh_rate: hh_achieved / hh_registered\n"                                                     \
    "  loan_rate: {actual: \"repaid / lent\"}\n"                                                   \
    "  need:\n"                                                                                    \
    "    target: households * 2\n"                                                                 \
    "sections:\n"                                                                                  \
    "  - id: A\n"                                                                                  \
    "    criteria:\n"                                                                              \
    "      - {id: loan_rate, max: 10, rule: {kind: proportional}}\n"

static void measures_with_a_formula_per_side(void **state)
{
    (void)state;
    td_rulebook *rb = load(SIDES, "t.yaml");
    td_error err;
    size_t m;
    assert_ok(td_rulebook_find_measure(&m, rb, "loan_rate", &err), err);
    assert_string_equal(td_rulebook_measure_actual_formula(rb, m), "repaid / lent");
    assert_null(td_rulebook_measure_target_formula(rb, m));
    char *text = NULL, *again = NULL;
    assert_ok(td_rulebook_to_yaml(&text, NULL, rb, &err), err);
    assert_non_null(strstr(text, "  hh_rate: \"hh_achieved / hh_registered\"\n"
                                 "  loan_rate: {actual: \"repaid / lent\"}\n"
                                 "  need: {target: \"households * 2\"}\n"));
    td_rulebook *back = load(text, "back.yaml");
    assert_ok(td_rulebook_to_yaml(&again, NULL, back, &err), err);
    assert_string_equal(again, text);
    td_free(text);
    td_free(again);
    td_rulebook_free(back);
    /* the target from the data, the actual computed; giving the actual is an error at its key */
    td_cluster *cl = NULL;
    const char *data = "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [u]}\n"
                       "targets:\n  u: {loan_rate: 0.95}\nresults:\n  u: {repaid: 99, lent: 100}\n";
    assert_ok(cluster_of(rb, data, &cl, &err), err);
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    td_decimal r;
    assert_true(td_result_attainment(&r, res, 0, 0));
    assert_decimal(r, "1.042105"); /* 0.99 / 0.95 */
    td_result_free(res);
    td_cluster_free(cl);
    const char *bad = "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [u]}\n"
                      "targets:\n  u: {loan_rate: 0.95}\nresults:\n  u: {loan_rate: 0.9}\n";
    assert_error_at((cluster_of(rb, bad, &cl, &err), err), TD_EDATA, 7, 7,
                    "gives measure 'loan_rate', which rulebook 'loans' derives from the formula 'repaid / lent'");
    td_rulebook_free(rb);
    /* bad forms, each at its place */
    assert_error_at(load_error("thidua: 1\nid: t\nmeasures:\n  x: {}\n"), TD_ERULEBOOK, 4, 6,
                    "give a 'target' formula, an 'actual' formula or both");
    assert_error_at(load_error("thidua: 1\nid: t\nmeasures:\n  x: {actul: a}\n"), TD_EPARSE, 4, 7,
                    "did you mean 'actual'?");
    assert_error_at(load_error("thidua: 1\nid: t\nmeasures:\n  x: {target: a, actual: \"b +\"}\n"), TD_EPARSE, 4,
                    30, "measure 'x' actual");
}

#define TITLES                                                                                     \
    "thidua: 1\n"                                                                                  \
    "id: titles\n"                                                                                 \
    "sections: []\n"                                                                               \
    "awards:\n"                                                                                    \
    "  - {id: ldtt, when: \"total >= 0\"}\n"                                                      \
    "  - {id: cstd, when: \"consecutive([cstdcs, bk_tinh]) >= 2 and since(['ldtt', cstdcs], 9) <= 1\"}\n"  \
    "titles:\n"                                                                                    \
    "  - {id: cstdcs, name: \"Chiến sĩ thi đua cơ sở\"}\n"                                        \
    "  - {id: bk_tinh}\n"

#define TITLE_DATA                                                                                 \
    "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [u]}\n"                                     \
    "history:\n  - {unit: u, period: 2024, id: cstdcs}\n  - {unit: u, period: 2023, id: bk_tinh}\n"

static void titles_in_files(void **state)
{
    (void)state;
    td_rulebook *rb = load(TITLES, "t.yaml");
    td_error err;
    assert_int_equal(td_rulebook_title_count(rb), 2);
    char *text = NULL, *again = NULL;
    assert_ok(td_rulebook_to_yaml(&text, NULL, rb, &err), err);
    assert_non_null(strstr(text, "titles:\n  - id: cstdcs\n    name: \"Chiến sĩ thi đua cơ sở\"\n  - id: bk_tinh\n"));
    assert_non_null(strstr(text, "consecutive([cstdcs, bk_tinh])")); /* kept as written */
    td_rulebook *back = load(text, "back.yaml");
    assert_ok(td_rulebook_to_yaml(&again, NULL, back, &err), err);
    assert_string_equal(again, text);
    td_free(text);
    td_free(again);
    td_rulebook_free(back);
    td_cluster *cl = NULL;
    assert_ok(cluster_of(rb, TITLE_DATA, &cl, &err), err);
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    assert_int_equal(td_result_award_status(res, 0, 1), TD_AWARD_SELECTED);
    td_result_free(res);
    td_cluster_free(cl);
    /* a misspelt history id: an error at the record, with the titles declared */
    assert_error_at((cluster_of(rb, TITLE_DATA "  - {unit: u, period: 2022, id: cstdsc}\n", &cl, &err), err), TD_EDATA,
                    7, 33, "records 'cstdsc', which is not an award, a classification entry or a title of rulebook "
                          "'titles' (did you mean 'cstdcs'?)");
    td_rulebook_free(rb);
    /* without titles (version 1): kept, with a warning at the record */
    rb = load("thidua: 1\nid: v1\nawards: [{id: ldtt, when: \"history('ldtt', 3) >= 0\"}]\n", "v1.yaml");
    assert_ok(cluster_of(rb, TITLE_DATA, &cl, &err), err);
    assert_int_equal(td_cluster_warning_count(cl), 2);
    td_warning w;
    assert_true(td_cluster_warning(&w, cl, 0));
    assert_string_equal(w.code, "history-id-unknown");
    assert_int_equal(w.line, 5);
    assert_non_null(strstr(w.message, "records 'cstdcs', which is not an award or a classification entry of rulebook "
                                      "'v1'"));
    td_cluster_free(cl);
    td_rulebook_free(rb);
    /* a title with an award's id, at the title */
    assert_error_at(load_error("thidua: 1\nid: t\nawards: [{id: a}]\ntitles:\n  - {id: a}\n"), TD_ERULEBOOK, 5, 10,
                    "title 'a' has the id of an award");
    assert_error_at(load_error("thidua: 1\nid: t\ntitles:\n  - {name: x}\n"), TD_EPARSE, 4, 5, "missing key 'id'");
}

static void quotas_counted_on_another_award_in_files(void **state)
{
    (void)state;
    const char *text = "thidua: 1\nid: q\nawards:\n  - {id: ldtt, when: \"total >= 0\"}\n"
                       "  - id: cstdcs\n    quota: {percent: 15, rounding: ceil, of: ldtt}\n"
                       "  - id: cand\n    when: \"total >= 0\"\n    quota: {percent: 50, of: candidates}\n";
    td_rulebook *rb = load(text, "q.yaml");
    assert_string_equal(td_rulebook_award_quota_of(rb, 1), "ldtt");
    assert_string_equal(td_rulebook_award_quota_of(rb, 2), "candidates");
    td_error err;
    char *out = NULL, *again = NULL;
    assert_ok(td_rulebook_to_yaml(&out, NULL, rb, &err), err);
    assert_non_null(strstr(out, "quota: {percent: 15, rounding: ceil, min: 0, of: ldtt}"));
    assert_non_null(strstr(out, "quota: {percent: 50, rounding: floor, min: 0, of: candidates}"));
    td_rulebook *back = load(out, "back.yaml");
    assert_ok(td_rulebook_to_yaml(&again, NULL, back, &err), err);
    assert_string_equal(again, out);
    td_free(out);
    td_free(again);
    td_rulebook_free(back);
    td_rulebook_free(rb);
    /* a later award, at 'of' */
    assert_error_at(load_error("thidua: 1\nid: q\nawards:\n  - id: a\n    quota: {percent: 15, of: b}\n  - id: b\n"),
                    TD_ERULEBOOK, 5, 30, "the quota is counted 'of' award 'b', which is not decided yet");
    assert_error_at(load_error("thidua: 1\nid: q\nawards:\n  - id: a\n    quota: {count: 2, of: b}\n"),
                    TD_ERULEBOOK, 5, 27, "'of' applies to a 'percent' quota only");
}

static char *report(const td_result *res, td_report_format format, td_lang lang)
{
    td_error err;
    td_report_options opts = TD_REPORT_OPTIONS_INIT;
    opts.lang = lang;
    char *text = NULL;
    assert_ok(td_report_render(&text, NULL, res, format, &opts, &err), err);
    return text;
}

static void deputies_in_files_and_reports(void **state)
{
    (void)state;
    const char *rulebook = "thidua: 1\nid: d\nawards: [{id: pho, when: is_deputy}]\n"
                           "leader: {rule: election, order: [a, b, c], deputy: rotation}\n";
    td_rulebook *rb = load(rulebook, "d.yaml");
    td_error err;
    assert_int_equal(td_rulebook_deputy_rule(rb), TD_DEPUTY_RULE_ROTATION);
    char *text = NULL, *again = NULL;
    assert_ok(td_rulebook_to_yaml(&text, NULL, rb, &err), err);
    assert_non_null(strstr(text, "leader: {rule: election, order: [a, b, c], deputy: rotation}\n"));
    td_rulebook *back = load(text, "back.yaml");
    assert_ok(td_rulebook_to_yaml(&again, NULL, back, &err), err);
    assert_string_equal(again, text);
    td_free(text);
    td_free(again);
    td_rulebook_free(back);
    td_cluster *cl = NULL;
    const char *data = "thidua: 1\nperiod: 2025\ncluster: {id: k, leader: a, deputy: b, members: [a, b, c]}\n"
                       "next_leader: c\n";
    assert_ok(cluster_of(rb, data, &cl, &err), err);
    assert_string_equal(td_cluster_deputy(cl), "b");
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    /* after b comes c, the next leader: skipped, so a */
    assert_string_equal(td_result_next_deputy(res), "a");
    char *json = report(res, TD_REPORT_FORMAT_JSON, TD_LANG_EN);
    assert_non_null(strstr(json, "\"next_leader\": \"c\",\n  \"next_deputy\": \"a\"\n}"));
    td_free(json);
    char *table = report(res, TD_REPORT_FORMAT_TABLE, TD_LANG_EN);
    assert_non_null(strstr(table, "Next period's deputy: a (deputy rotation: after b comes a in the order [a, b, c]; "
                                  "c, the next leader, is skipped)"));
    td_free(table);
    char *md = report(res, TD_REPORT_FORMAT_MD, TD_LANG_VI);
    assert_non_null(strstr(md, "## Cụm phó năm sau"));
    td_free(md);
    td_result_free(res);
    td_cluster_free(cl);
    /* the data's next deputy, and its errors at their places */
    assert_error_at((cluster_of(rb, "thidua: 1\nperiod: 2025\ncluster: {id: k, deputy: z, members: [a, b]}\n", &cl,
                                &err),
                     err),
                    TD_EDATA, 3, 26, "the cluster's deputy names unit 'z'");
    td_rulebook_free(rb);
    /* a version 1 rulebook has no next_deputy in its JSON */
    rb = load("thidua: 1\nid: v1\nawards: [{id: x}]\nleader: {rule: election}\n", "v1.yaml");
    assert_ok(cluster_of(rb, "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [a]}\nnext_leader: a\n", &cl, &err),
              err);
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    json = report(res, TD_REPORT_FORMAT_JSON, TD_LANG_EN);
    assert_null(strstr(json, "next_deputy"));
    td_free(json);
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    assert_error_at(load_error("thidua: 1\nid: t\nleader: {rule: election, deputy: rotation}\n"), TD_ERULEBOOK, 3,
                    34, "the rotation deputy rule needs 'order'");
    assert_error_at(load_error("thidua: 1\nid: t\nleader: {rule: election, deputy: vote}\n"), TD_EPARSE, 3, 34,
                    "deputy");
}

/* `cluster: {kind: block}`: a block's leader and deputy are "khối trưởng" and
 * "khối phó" in Vietnamese reports and explanations; JSON, English and every
 * number are those of the same data without the key. */
static void block_kind_in_files_and_reports(void **state)
{
    (void)state;
    const char *rulebook = "thidua: 1\nid: d\nawards: [{id: pho, when: is_deputy}]\n"
                           "leader: {rule: rotation, order: [a, b, c], deputy: succession}\n";
    td_rulebook *rb = load(rulebook, "d.yaml");
    td_error err;
    static const char *const clusters[] = {
        "cluster: {id: k, leader: a, deputy: b, members: [a, b, c]}\n",
        "cluster: {id: k, kind: cluster, leader: a, deputy: b, members: [a, b, c]}\n",
        "cluster: {id: k, kind: block, leader: a, deputy: b, members: [a, b, c]}\n",
    };
    char *json[3], *en[3], *table[3], *md[3], *html[3], *explain[3];
    for (int i = 0; i < 3; i++) {
        char data[256];
        snprintf(data, sizeof data, "thidua: 1\nperiod: 2025\n%s", clusters[i]);
        td_cluster *cl = NULL;
        td_result *res = NULL;
        assert_ok(cluster_of(rb, data, &cl, &err), err);
        assert_int_equal(td_cluster_kind_of(cl), i == 2 ? TD_CLUSTER_BLOCK : TD_CLUSTER_CLUSTER);
        assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
        assert_int_equal(td_result_cluster_kind(res), i == 2 ? TD_CLUSTER_BLOCK : TD_CLUSTER_CLUSTER);
        json[i] = report(res, TD_REPORT_FORMAT_JSON, TD_LANG_VI);
        en[i] = report(res, TD_REPORT_FORMAT_TABLE, TD_LANG_EN);
        table[i] = report(res, TD_REPORT_FORMAT_TABLE, TD_LANG_VI);
        md[i] = report(res, TD_REPORT_FORMAT_MD, TD_LANG_VI);
        html[i] = report(res, TD_REPORT_FORMAT_HTML, TD_LANG_VI);
        td_report_options o = TD_REPORT_OPTIONS_INIT;
        o.unit = "b";
        assert_ok(td_report_render(&explain[i], NULL, res, TD_REPORT_FORMAT_EXPLAIN, &o, &err), err);
        td_result_free(res);
        td_cluster_free(cl);
    }
    /* `kind: cluster` is the default: everything byte for byte */
    assert_string_equal(json[1], json[0]);
    assert_string_equal(table[1], table[0]);
    assert_string_equal(html[1], html[0]);
    assert_non_null(strstr(table[0], "Cụm trưởng năm sau: b (kế nhiệm: cụm phó b làm cụm trưởng)"));
    assert_non_null(strstr(table[0], "Cụm phó năm sau: c (kế nhiệm: sau cụm trưởng mới b là c theo thứ tự [a, b, c])"));
    /* a block */
    assert_non_null(strstr(table[2], "Khối trưởng năm sau: b (kế nhiệm: khối phó b làm khối trưởng)"));
    assert_non_null(strstr(table[2], "Khối phó năm sau: c (kế nhiệm: sau khối trưởng mới b là c theo thứ tự [a, b, c])"));
    assert_null(strstr(table[2], "Cụm"));
    assert_null(strstr(table[2], "cụm"));
    assert_non_null(strstr(md[2], "## Khối trưởng năm sau\n"));
    assert_non_null(strstr(md[2], "## Khối phó năm sau\n"));
    assert_null(strstr(md[2], "ụm"));
    assert_non_null(strstr(html[2], "<h2>Khối trưởng năm sau</h2>"));
    assert_non_null(strstr(html[2], "a · khối trưởng")); /* the current leader in the ranking */
    assert_non_null(strstr(html[0], "a · cụm trưởng"));
    assert_null(strstr(html[2], "ụm"));
    assert_non_null(strstr(explain[2], "Khối trưởng năm sau: b (kế nhiệm: khối phó b làm khối trưởng)"));
    /* English names neither; JSON differs only in the Vietnamese words of the explanations */
    assert_string_equal(en[2], en[0]);
    assert_non_null(strstr(json[2], "\"next_leader\": \"b\",\n  \"next_deputy\": \"c\""));
    assert_null(strstr(json[2], "kind"));
    for (int i = 0; i < 3; i++) {
        td_free(json[i]);
        td_free(en[i]);
        td_free(table[i]);
        td_free(md[i]);
        td_free(html[i]);
        td_free(explain[i]);
    }
    /* anything else is an error at the value, naming it and the allowed ones */
    td_cluster *cl = NULL;
    assert_error_at((cluster_of(rb, "thidua: 1\nperiod: 2025\ncluster:\n  id: k\n  kind: Block\n  members: [a, b, c]\n",
                                &cl, &err),
                     err),
                    TD_EPARSE, 5, 9, "'kind' must be one of cluster, block, found the text 'Block'");
    assert_null(cl);
    td_rulebook_free(rb);
}

static void ballots_in_files(void **state)
{
    (void)state;
    const char *rulebook = "thidua: 1\nid: b\nawards:\n  - id: cstd\n    ballot: {min: 90%, of: cast}\n"
                           "    order: votes\n";
    td_rulebook *rb = load(rulebook, "b.yaml");
    td_error err;
    char *text = NULL, *again = NULL;
    assert_ok(td_rulebook_to_yaml(&text, NULL, rb, &err), err);
    assert_non_null(strstr(text, "    ballot: {min: 0.9, of: cast}\n    order: votes\n"));
    td_rulebook *back = load(text, "back.yaml");
    assert_ok(td_rulebook_to_yaml(&again, NULL, back, &err), err);
    assert_string_equal(again, text);
    td_free(text);
    td_free(again);
    td_rulebook_free(back);
    const char *data = "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [a, b, c]}\n"
                       "ballots:\n  cstd: {council: 11, cast: 10, votes: {a: 9, b: 10}}\n";
    td_cluster *cl = NULL;
    assert_ok(cluster_of(rb, data, &cl, &err), err);
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    char *json = report(res, TD_REPORT_FORMAT_JSON, TD_LANG_EN);
    assert_non_null(strstr(json, "\"status\": \"selected\",\n          \"votes\": 10,"));
    assert_non_null(strstr(json, "\"status\": \"pending_ballot\",\n          \"explain\""));
    td_free(json);
    td_result_free(res);
    td_cluster_free(cl);
    /* errors at their places */
    assert_error_at((cluster_of(rb, "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [a]}\n"
                                    "ballots:\n  cstd: {council: 11, votes: {a: 9}}\n",
                                &cl, &err),
                     err),
                    TD_EDATA, 5, 3, "award 'cstd' counts the votes cast: the ballot needs 'cast'");
    assert_error_at((cluster_of(rb, "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [a]}\n"
                                    "ballots:\n  cstd: {council: 11, cast: 10, votes: {a: 11}}\n",
                                &cl, &err),
                     err),
                    TD_EDATA, 5, 44, "unit 'a' has 11 votes, more than the 10 votes cast");
    assert_error_at((cluster_of(rb, "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [a]}\n"
                                    "ballots:\n  cstd: {council: 11, cast: 10, votes: {x: 1}}\n",
                                &cl, &err),
                     err),
                    TD_EDATA, 5, 41, "unit 'x'");
    assert_error_at((cluster_of(rb, "thidua: 1\nperiod: 2025\ncluster: {id: k, members: [a]}\n"
                                    "ballots:\n  cstd: {council: 9, cast: 10}\n",
                                &cl, &err),
                     err),
                    TD_EDATA, 5, 28, "10 votes cast by a council of 9");
    td_rulebook_free(rb);
    assert_error_at(load_error("thidua: 1\nid: t\nawards:\n  - {id: a, ballot: {min: 90}}\n"), TD_ERULEBOOK, 4, 27,
                    "did you mean 90%?");
    assert_error_at(load_error("thidua: 1\nid: t\nawards:\n  - {id: a, order: votes}\n"), TD_ERULEBOOK, 4, 20,
                    "'order: votes' needs a ballot");
}

static void groups_in_files(void **state)
{
    (void)state;
    td_rulebook *rb = load("thidua: 1\nid: g\nsections:\n  - id: A\n    criteria:\n      - {id: s, max: 100, rule: "
                           "{kind: manual}}\nawards: [{id: co, when: \"group_rank == 1\"}]\n",
                           "g.yaml");
    td_error err;
    const char *data = "thidua: 1\nperiod: 2025\ncluster:\n  id: tinh\n  members:\n"
                       "    - {id: a, group: k1}\n    - {id: b, group: k1}\n    - {id: c, group: k2}\n"
                       "scores:\n  final: {a: {s: 80}, b: {s: 90}, c: {s: 10}}\n";
    td_cluster *cl = NULL;
    assert_ok(cluster_of(rb, data, &cl, &err), err);
    assert_string_equal(td_cluster_member_group(cl, 2), "k2");
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    char *json = report(res, TD_REPORT_FORMAT_JSON, TD_LANG_EN);
    assert_non_null(strstr(json, "\"unit\": \"a\",\n      \"name\": \"\",\n      \"rank\": 2,\n      \"group\": \"k1\",\n"
                                 "      \"group_rank\": 2,"));
    td_free(json);
    td_result_free(res);
    td_cluster_free(cl);
    /* a quota per group, written back and in the JSON */
    td_rulebook_free(rb);
    rb = load("thidua: 1\nid: g\nsections:\n  - id: A\n    criteria:\n      - {id: s, max: 100, rule: {kind: manual}}\n"
              "awards: [{id: co, quota: {count: 1, per: group}}]\n",
              "g.yaml");
    char *text = NULL;
    assert_ok(td_rulebook_to_yaml(&text, NULL, rb, &err), err);
    assert_non_null(strstr(text, "quota: {count: 1, per: group}"));
    td_free(text);
    assert_ok(cluster_of(rb, data, &cl, &err), err);
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    json = report(res, TD_REPORT_FORMAT_JSON, TD_LANG_EN);
    assert_non_null(strstr(json, "\"quota\": 2,\n      \"selected\": [\"b\", \"c\"],\n      \"tied\": [],\n"
                                 "      \"groups\": [\n        {\n          \"group\": \"k1\",\n          \"quota\": 1,\n"
                                 "          \"selected\": [\"b\"],\n          \"tied\": []\n        },\n        {\n"
                                 "          \"group\": \"k2\","));
    td_free(json);
    td_result_free(res);
    td_cluster_free(cl);
    assert_error_at(load_error("thidua: 1\nid: t\nawards: [{id: a, quota: {count: 1, per: unit}}]\n"), TD_EPARSE, 3,
                    41, "'per' must be one of group");
    /* a member without a group, at its entry */
    assert_ok(cluster_of(rb,
                         "thidua: 1\nperiod: 2025\ncluster:\n  id: tinh\n  members:\n    - {id: a, group: k1}\n"
                         "    - {id: b}\nscores:\n  final: {a: {s: 80}, b: {s: 90}}\n",
                         &cl, &err),
              err);
    assert_error_at((td_evaluate(&res, rb, cl, NULL, &err), err), TD_EDATA, 7, 7, "unit 'b' has no group");
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* A rulebook with roll-ups built in code is written with each child
 * rulebook inline (there is no file to name), and reads back the same. */
static void a_rulebook_with_rollups_is_written_with_its_children(void **state)
{
    (void)state;
    td_rulebook *child = load("thidua: 1\nid: ho\nawards: [{id: a, when: \"total >= 0\"}]\n", "ho.yaml");
    td_error err;
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_new(&b, "cum", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_rollup(b, "sxkd", child, &err), err);
    assert_ok(td_rulebook_builder_add_rollup_measure(b, "sxkd", "households", "count()", &err), err);
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    char *text = NULL;
    size_t len = 7;
    assert_ok(td_rulebook_to_yaml(&text, &len, rb, &err), err);
    assert_non_null(strstr(text, "rollups:\n  - id: sxkd\n    rulebook:\n      thidua: 1\n      id: ho\n"));
    assert_non_null(strstr(text, "    measures:\n      households: \"count()\"\n"));
    td_rulebook *back = load(text, "back.yaml");
    assert_int_equal(td_rulebook_rollup_count(back), 1);
    assert_string_equal(td_rulebook_id(td_rulebook_rollup_child(back, 0)), "ho");
    assert_string_equal(td_rulebook_rollup_measure_aggregate(back, 0, 0), "count()");
    char *again = NULL;
    assert_ok(td_rulebook_to_yaml(&again, NULL, back, &err), err);
    assert_string_equal(again, text);
    td_free(again);
    td_rulebook_free(back);
    td_free(text);
    /* the child rulebook alone is written as before */
    assert_ok(td_rulebook_to_yaml(&text, NULL, td_rulebook_rollup_child(rb, 0), &err), err);
    assert_non_null(strstr(text, "id: ho\n"));
    td_free(text);
    td_rulebook_free(rb);
    td_rulebook_free(child);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inputs_and_parameters_load_and_write_back),
        cmocka_unit_test(bad_inputs_and_parameters_are_placed),
        cmocka_unit_test(data_sets_parameters_for_its_period),
        cmocka_unit_test(measures_with_a_formula_per_side),
        cmocka_unit_test(titles_in_files),
        cmocka_unit_test(quotas_counted_on_another_award_in_files),
        cmocka_unit_test(deputies_in_files_and_reports),
        cmocka_unit_test(block_kind_in_files_and_reports),
        cmocka_unit_test(ballots_in_files),
        cmocka_unit_test(groups_in_files),
        cmocka_unit_test(a_rulebook_with_rollups_is_written_with_its_children),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
