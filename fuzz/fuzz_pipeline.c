/*
 * The whole pipeline, as the command line runs it: documents → rulebook and
 * cluster → evaluation → every report.
 *
 * The input is split at NUL bytes (fuzz_split()) into a rulebook (YAML or
 * JSON) and up to three data documents (YAML, JSON or CSV: the long layout,
 * member tables, history tables); a first byte 0x01 is dropped and turns
 * decimal_comma on, as in the dataset harness. Then:
 *
 *  1. the rulebook is loaded (sniffed), and again with each syntax forced:
 *     the sniffed one gives the same outcome and the same rulebook, CSV is
 *     TD_EINVAL; a loaded rulebook is written with td_rulebook_to_yaml(),
 *     read back, and written again to the same YAML;
 *  2. the data documents are read into one dataset sniffed and into another
 *     with the format the sniffer picks given explicitly (each document
 *     gives the same status and error in both), and each document alone
 *     with every other format forced (the error contract only);
 *  3. each dataset becomes a cluster with td_dataset_to_cluster(), without
 *     the rulebook and checked against it (same outcome for both datasets;
 *     the check only fails more);
 *  4. the cluster (checked when that worked, else the unchecked one: the C
 *     API evaluates any cluster) is evaluated with explanations all, none
 *     and on demand, in 1 and 2 threads: the same status and error for
 *     every mode; on success the same numbers with TD_EXPLAIN_NONE (whose
 *     result every report refuses with TD_EINVAL), and the same JSON report
 *     for all and on demand, 1 and 2 threads, the cluster of the explicit
 *     formats and the rulebook read back from its YAML;
 *  5. every report (table, JSON, CSV, Markdown, HTML, xlsx) in both
 *     languages, and the explanation of one member, renders (fuzz_render():
 *     never TD_OK without text, UTF-8 text of its length, xlsx a zip);
 *     xlsx only in a build with libxlsxwriter (TD_HAVE_XLSX).
 *
 * Every failure follows the error contract with a status that the
 * function's documentation lists (fuzz_check_status_in()) and writes no
 * object. Everything is freed on every path (LeakSanitizer, valgrind).
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h" /* td_format_sniff(): the syntax lib/load picks for a text */
#include "fuzz_check.h"
#include "fuzz_report.h"

enum { PARTS = 4, DOCS = PARTS - 1 }; /* the rulebook, then up to three data documents */

/* The errors each function documents (thidua/io.h, thidua/result.h); TD_EIO
 * is left out of the readers': text is never read from a file. */
/* TD_EIO: a roll-up's child rulebook given as a path that cannot be read */
#define ALLOW_LOAD                                                                                                \
    (FUZZ_ST(TD_EINVAL) | FUZZ_ST(TD_EPARSE) | FUZZ_ST(TD_ERANGE) | FUZZ_ST(TD_EEXISTS) | FUZZ_ST(TD_ERULEBOOK) | \
     FUZZ_ST(TD_ELIMIT) | FUZZ_ST(TD_EIO) | FUZZ_ST(TD_ENOMEM))
#define ALLOW_ADD                                                                                                 \
    (FUZZ_ST(TD_EINVAL) | FUZZ_ST(TD_EPARSE) | FUZZ_ST(TD_ERANGE) | FUZZ_ST(TD_EEXISTS) | FUZZ_ST(TD_EDATA) |     \
     FUZZ_ST(TD_ELIMIT) | FUZZ_ST(TD_ENOMEM))
#define ALLOW_CLUSTER \
    (FUZZ_ST(TD_EINVAL) | FUZZ_ST(TD_EDATA) | FUZZ_ST(TD_EEXISTS) | FUZZ_ST(TD_ERANGE) | FUZZ_ST(TD_ENOMEM))
#define ALLOW_EVAL \
    (FUZZ_ST(TD_EINVAL) | FUZZ_ST(TD_EDATA) | FUZZ_ST(TD_EEVAL) | FUZZ_ST(TD_ERANGE) | FUZZ_ST(TD_ENOMEM))

static const td_doc_format syntaxes[] = {TD_DOC_FORMAT_YAML, TD_DOC_FORMAT_JSON, TD_DOC_FORMAT_CSV};

void fuzz_cleanup(void)
{
}

static const char *syntax_name(td_doc_format f)
{
    return f == TD_DOC_FORMAT_YAML   ? "YAML"
           : f == TD_DOC_FORMAT_JSON ? "JSON"
           : f == TD_DOC_FORMAT_CSV  ? "CSV"
           : f == TD_DOC_FORMAT_XLSX ? "xlsx"
                                     : "auto";
}

/* Whether two calls failed alike: the same status, and for an error the same
 * message and position. */
static int same_outcome(td_status a, const td_error *ea, td_status b, const td_error *eb)
{
    if (a != b)
        return 0;
    return a == TD_OK || (ea->line == eb->line && ea->column == eb->column && strcmp(ea->file, eb->file) == 0 &&
                          strcmp(ea->message, eb->message) == 0);
}

static char *to_yaml(const td_rulebook *rb, size_t *len, const char *what)
{
    char *yaml = NULL;
    td_error err;
    td_status rc = td_rulebook_to_yaml(&yaml, len, rb, &err);
    fuzz_check_status_in(rc, &err, what, FUZZ_ST(TD_EINVAL) | FUZZ_ST(TD_ENOMEM));
    if (rc != TD_OK)
        fuzz_fail("%s failed: %s", what, err.message);
    if (!yaml || strlen(yaml) != *len || !fuzz_utf8_valid(yaml, *len))
        fuzz_fail("%s gave %zu bytes that are not UTF-8 text of that length", what, *len);
    return yaml;
}

/* td_rulebook_load_string() under the contract; NULL on failure. */
static td_rulebook *load(const char *text, size_t len, const char *name, td_doc_format format, td_status *rc,
                         td_error *err, const char *what)
{
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.format = format;
    td_rulebook *rb = (td_rulebook *)err; /* sentinel: a failure must not write it */
    *rc = td_rulebook_load_string(&rb, text, len, name, &opts, err);
    fuzz_check_status_in(*rc, err, what, ALLOW_LOAD);
    if (*rc == TD_OK)
        return rb;
    if (rb != (td_rulebook *)err)
        fuzz_fail("a failed %s wrote *out", what);
    return NULL;
}

/* Step 1. Returns the rulebook (NULL when it does not load), *yaml its YAML
 * and *again the rulebook read back from it. */
static td_rulebook *load_rulebook(const char *text, size_t len, char **yaml, td_rulebook **again)
{
    td_status rc;
    td_error err;
    td_rulebook *rb = load(text, len, "rulebook", TD_DOC_FORMAT_AUTO, &rc, &err, "td_rulebook_load_string");
    size_t ylen = 0;
    *yaml = rb ? to_yaml(rb, &ylen, "td_rulebook_to_yaml") : NULL;
    td_doc_format sniffed = td_format_sniff(text, len, false);
    if (sniffed == TD_DOC_FORMAT_XLSX && rc != TD_EINVAL)
        fuzz_fail("a rulebook that starts as a workbook gives %s, not TD_EINVAL", td_strerror(rc));
    for (size_t i = 0; i < sizeof syntaxes / sizeof syntaxes[0]; i++) {
        td_status frc;
        td_error ferr;
        td_rulebook *forced =
            load(text, len, "rulebook", syntaxes[i], &frc, &ferr, "td_rulebook_load_string (syntax given)");
        if (syntaxes[i] == TD_DOC_FORMAT_CSV && frc != TD_EINVAL)
            fuzz_fail("a rulebook read as CSV gives %s, not TD_EINVAL", td_strerror(frc));
        if (syntaxes[i] == sniffed) {
            if (!same_outcome(frc, &ferr, rc, &err))
                fuzz_fail("the rulebook read as %s gives %s (%s), sniffed %s (%s)", syntax_name(sniffed),
                          td_strerror(frc), frc ? ferr.message : "", td_strerror(rc), rc ? err.message : "");
            if (forced) {
                size_t flen = 0;
                char *fyaml = to_yaml(forced, &flen, "td_rulebook_to_yaml (syntax given)");
                if (flen != ylen || memcmp(fyaml, *yaml, ylen) != 0)
                    fuzz_fail("the rulebook read as %s is not the one sniffed", syntax_name(sniffed));
                td_free(fyaml);
            }
        }
        td_rulebook_free(forced);
    }
    *again = NULL;
    if (!rb)
        return NULL;
    *again = load(*yaml, ylen, "written.yaml", TD_DOC_FORMAT_AUTO, &rc, &err, "td_rulebook_load_string (written)");
    if (!*again)
        fuzz_fail("the written rulebook does not load again: %s:%u:%u: %s\n%s", err.file, err.line, err.column,
                  err.message, *yaml);
    size_t len2 = 0;
    char *yaml2 = to_yaml(*again, &len2, "td_rulebook_to_yaml (again)");
    if (len2 != ylen || memcmp(yaml2, *yaml, ylen) != 0)
        fuzz_fail("writing the rulebook read back from its YAML gives other YAML:\n%s\n----\n%s", *yaml, yaml2);
    td_free(yaml2);
    return rb;
}

/* A dataset of the documents, each read sniffed or with the format the
 * sniffer picks given explicitly; rc[i], err[i]: how document i went. */
static td_dataset *read_data(const td_load_options *opts, const char *const *doc, const size_t *len, size_t n,
                             int explicit_format, td_status *rc, td_error *err)
{
    td_dataset *ds = NULL;
    td_error e;
    if (td_dataset_new(&ds, opts, &e) != TD_OK)
        fuzz_fail("td_dataset_new failed: %s", e.message);
    for (size_t i = 0; i < n; i++) {
        char name[8] = "data1";
        name[4] = (char)('1' + i);
        td_doc_format f = explicit_format ? td_format_sniff(doc[i], len[i], true) : TD_DOC_FORMAT_AUTO;
        rc[i] = td_dataset_add_string(ds, doc[i], len[i], name, f, &err[i]);
        fuzz_check_status_in(rc[i], &err[i], "td_dataset_add_string", ALLOW_ADD);
    }
    return ds;
}

/* Each document alone, with each format the sniffer does not pick forced. */
static void read_forced(const td_load_options *opts, const char *const *doc, const size_t *len, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        td_doc_format sniffed = td_format_sniff(doc[i], len[i], true);
        for (size_t s = 0; s < sizeof syntaxes / sizeof syntaxes[0]; s++) {
            if (syntaxes[s] == sniffed)
                continue;
            td_dataset *ds = NULL;
            td_error err;
            if (td_dataset_new(&ds, opts, &err) != TD_OK)
                fuzz_fail("td_dataset_new failed: %s", err.message);
            td_status rc = td_dataset_add_string(ds, doc[i], len[i], "forced", syntaxes[s], &err);
            fuzz_check_status_in(rc, &err, "td_dataset_add_string (format forced)", ALLOW_ADD);
            td_dataset_free(ds);
        }
    }
}

/* td_dataset_to_cluster() under the contract; NULL on failure. */
static td_cluster *make_cluster(const td_dataset *ds, const td_rulebook *rb, td_status *rc, td_error *err)
{
    td_cluster *c = (td_cluster *)err; /* sentinel */
    *rc = td_dataset_to_cluster(&c, ds, rb, err);
    fuzz_check_status_in(*rc, err, rb ? "td_dataset_to_cluster (rulebook)" : "td_dataset_to_cluster",
                         ALLOW_CLUSTER);
    if (*rc == TD_OK)
        return c;
    if (c != (td_cluster *)err)
        fuzz_fail("a failed td_dataset_to_cluster wrote *out");
    return NULL;
}

/* Step 3 for one dataset: the cluster to evaluate (checked when the rulebook
 * accepts it, else unchecked; NULL when neither works), and the outcomes of
 * the conversions. */
typedef struct conversion {
    td_status plain_rc, checked_rc;
    td_error plain_err, checked_err;
} conversion;

static td_cluster *convert(const td_dataset *ds, const td_rulebook *rb, conversion *cv)
{
    td_cluster *plain = make_cluster(ds, NULL, &cv->plain_rc, &cv->plain_err);
    cv->checked_rc = TD_OK;
    if (!rb)
        return plain;
    td_cluster *checked = make_cluster(ds, rb, &cv->checked_rc, &cv->checked_err);
    if (checked && !plain)
        fuzz_fail("the data passes the rulebook's check but fails without it: %s", cv->plain_err.message);
    if (checked) {
        td_cluster_free(plain);
        return checked;
    }
    return plain;
}

static td_result *evaluate(const td_rulebook *rb, const td_cluster *c, td_explain explain, unsigned threads,
                           td_status *rc, td_error *err)
{
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.explain = explain;
    opts.threads = threads;
    td_result *res = (td_result *)err; /* sentinel */
    *rc = td_evaluate(&res, rb, c, &opts, err);
    fuzz_check_status_in(*rc, err, "td_evaluate", ALLOW_EVAL);
    if (*rc == TD_OK)
        return res;
    if (res != (td_result *)err)
        fuzz_fail("a failed td_evaluate wrote *out");
    return NULL;
}

/* Both NULL, or the same text. */
static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* A result of TD_EXPLAIN_NONE has the numbers of one with explanations, no
 * text, and every report refuses it. */
static void check_numbers_only(const td_result *none, const td_result *all)
{
    size_t n = td_result_member_count(all), criteria = td_result_criterion_count(all);
    size_t awards = td_result_award_count(all);
    if (td_result_has_explanations(none) || !td_result_has_explanations(all))
        fuzz_fail("td_result_has_explanations is wrong for explain none or all");
    if (td_result_member_count(none) != n || td_result_criterion_count(none) != criteria ||
        td_result_award_count(none) != awards)
        fuzz_fail("explain none gives other counts of members, criteria or awards");
    for (size_t m = 0; m < n; m++) {
        const char *cls = td_result_member_classification(none, m);
        if (strcmp(td_result_member_unit(none, m), td_result_member_unit(all, m)) != 0 ||
            td_result_member_rank(none, m) != td_result_member_rank(all, m) ||
            td_decimal_cmp(td_result_member_total(none, m), td_result_member_total(all, m)) != 0 ||
            td_decimal_cmp(td_result_member_base(none, m), td_result_member_base(all, m)) != 0 ||
            td_decimal_cmp(td_result_member_bonus(none, m), td_result_member_bonus(all, m)) != 0 ||
            td_decimal_cmp(td_result_member_deduction(none, m), td_result_member_deduction(all, m)) != 0 ||
            !same_text(cls, td_result_member_classification(all, m)) ||
            !same_text(td_result_member_group(none, m), td_result_member_group(all, m)) ||
            td_result_member_group_rank(none, m) != td_result_member_group_rank(all, m) ||
            td_result_member_is_deputy(none, m) != td_result_member_is_deputy(all, m) ||
            td_result_member_is_leader(none, m) != td_result_member_is_leader(all, m))
            fuzz_fail("member %zu's numbers differ between explain none and all", m);
        for (size_t c = 0; c < criteria; c++)
            if (td_decimal_cmp(td_result_points(none, m, c), td_result_points(all, m, c)) != 0 ||
                td_decimal_cmp(td_result_criterion_bonus(none, m, c), td_result_criterion_bonus(all, m, c)) != 0 ||
                td_result_met(none, m, c) != td_result_met(all, m, c))
                fuzz_fail("member %zu's criterion %zu differs between explain none and all", m, c);
        for (size_t a = 0; a < awards; a++)
            if (td_result_award_status(none, m, a) != td_result_award_status(all, m, a))
                fuzz_fail("member %zu's award %zu differs between explain none and all", m, a);
        if (td_result_member_explain(none, m, TD_LANG_VI) || td_result_rank_explain(none, m, TD_LANG_EN))
            fuzz_fail("a result of explain none has an explanation");
    }
    if (!same_text(td_result_next_leader(none), td_result_next_leader(all)) ||
        !same_text(td_result_next_deputy(none), td_result_next_deputy(all)))
        fuzz_fail("the next leader or deputy differs between explain none and all");
    static const td_report_format refused[] = {TD_REPORT_FORMAT_JSON, TD_REPORT_FORMAT_XLSX, TD_REPORT_FORMAT_EXPLAIN};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        td_report_options opts = TD_REPORT_OPTIONS_INIT;
        opts.unit = n ? td_result_member_unit(all, 0) : "none";
        char *text = NULL;
        size_t len = 0;
        td_error err;
        td_status rc = td_report_render(&text, &len, none, refused[i], &opts, &err);
        fuzz_check_status(rc, &err, "td_report_render (explain none)");
        if (rc != TD_EINVAL || text)
            fuzz_fail("the %s report of a result without explanations gives %s, not TD_EINVAL",
                      td_report_format_name(refused[i]), td_strerror(rc));
    }
}

/* The JSON report of `res` must be `ref`. */
static void check_same_json(const td_result *res, const char *ref, size_t ref_len, const char *what)
{
    size_t len;
    char *json = fuzz_render(res, TD_REPORT_FORMAT_JSON, TD_LANG_VI, NULL, &len);
    if (len != ref_len || memcmp(json, ref, len) != 0)
        fuzz_fail("the JSON report of %s differs from the one of explain all in one thread", what);
    td_free(json);
}

/* Step 5: every report of `res`; returns the Vietnamese JSON (td_free()). */
static char *render_all(const td_result *res, size_t *json_len)
{
    static const td_report_format formats[] = {TD_REPORT_FORMAT_TABLE, TD_REPORT_FORMAT_JSON, TD_REPORT_FORMAT_CSV,
                                               TD_REPORT_FORMAT_MD,    TD_REPORT_FORMAT_HTML, TD_REPORT_FORMAT_XLSX,
                                               TD_REPORT_FORMAT_EXPLAIN};
    size_t n = td_result_member_count(res);
    const char *unit = n ? td_result_member_unit(res, n / 2) : "none";
    char *json = NULL;
    for (int l = 0; l < 2; l++) {
        td_lang lang = l ? TD_LANG_EN : TD_LANG_VI;
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
            if (!TD_HAVE_XLSX && formats[i] == TD_REPORT_FORMAT_XLSX)
                continue; /* refused by a build without libxlsxwriter */
            size_t len;
            char *text = fuzz_render(res, formats[i], lang, unit, &len);
            if (formats[i] == TD_REPORT_FORMAT_JSON && lang == TD_LANG_VI) {
                json = text;
                *json_len = len;
            } else {
                td_free(text);
            }
        }
    }
    return json;
}

/* Step 4 and 5. `twin`: the cluster of the explicit formats (may be NULL). */
static void run(const td_rulebook *rb, const td_rulebook *again, const td_cluster *cluster, const td_cluster *twin)
{
    static const struct {
        td_explain explain;
        unsigned threads;
        const char *name;
    } modes[] = {{TD_EXPLAIN_ALL, 1, "explain all, 1 thread"},
                 {TD_EXPLAIN_ALL, 2, "explain all, 2 threads"},
                 {TD_EXPLAIN_ON_DEMAND, 1, "explain on demand, 1 thread"},
                 {TD_EXPLAIN_ON_DEMAND, 2, "explain on demand, 2 threads"},
                 {TD_EXPLAIN_NONE, 1, "explain none, 1 thread"},
                 {TD_EXPLAIN_NONE, 2, "explain none, 2 threads"}};
    enum { MODES = sizeof modes / sizeof modes[0] };
    td_result *res[MODES];
    td_status rc[MODES];
    td_error err[MODES];
    for (size_t i = 0; i < MODES; i++) {
        res[i] = evaluate(rb, cluster, modes[i].explain, modes[i].threads, &rc[i], &err[i]);
        if (i > 0 && !same_outcome(rc[i], &err[i], rc[0], &err[0]))
            fuzz_fail("the evaluation with %s gives %s (%s), with %s %s (%s)", modes[i].name, td_strerror(rc[i]),
                      rc[i] ? err[i].message : "", modes[0].name, td_strerror(rc[0]), rc[0] ? err[0].message : "");
    }
    td_status rc_twin = TD_OK, rc_again;
    td_error err_twin, err_again;
    td_result *res_twin = twin ? evaluate(rb, twin, TD_EXPLAIN_ALL, 1, &rc_twin, &err_twin) : NULL;
    if (twin && !same_outcome(rc_twin, &err_twin, rc[0], &err[0]))
        fuzz_fail("the data read with the formats given evaluates to %s (%s), sniffed to %s (%s)",
                  td_strerror(rc_twin), rc_twin ? err_twin.message : "", td_strerror(rc[0]),
                  rc[0] ? err[0].message : "");
    /* Read back, the rulebook's expressions stand elsewhere: compare the status. */
    td_result *res_again = evaluate(again, cluster, TD_EXPLAIN_ALL, 1, &rc_again, &err_again);
    if (rc_again != rc[0])
        fuzz_fail("the rulebook read back from its YAML evaluates to %s (%s), the original to %s (%s)",
                  td_strerror(rc_again), rc_again ? err_again.message : "", td_strerror(rc[0]),
                  rc[0] ? err[0].message : "");
    if (rc[0] == TD_OK) {
        fuzz_check_explanations(res[0]);
        fuzz_check_explanations(res[3]);
        size_t ref_len = 0;
        char *ref = render_all(res[0], &ref_len);
        for (size_t i = 1; i < 4; i++)
            check_same_json(res[i], ref, ref_len, modes[i].name);
        if (res_twin)
            check_same_json(res_twin, ref, ref_len, "the data read with the formats given");
        check_same_json(res_again, ref, ref_len, "the rulebook read back from its YAML");
        check_numbers_only(res[4], res[0]);
        check_numbers_only(res[5], res[0]);
        td_free(ref);
    }
    for (size_t i = 0; i < MODES; i++)
        td_result_free(res[i]);
    td_result_free(res_twin);
    td_result_free(res_again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.decimal_comma = fuzz_take_decimal_comma(&data, &size);
    const char *part[PARTS];
    size_t len[PARTS];
    size_t docs = fuzz_split(data, size, PARTS, part, len) - 1;

    char *yaml = NULL;
    td_rulebook *again = NULL;
    td_rulebook *rb = load_rulebook(part[0], len[0], &yaml, &again);

    td_status rc[DOCS], rc2[DOCS];
    td_error err[DOCS], err2[DOCS];
    td_dataset *sniffed = read_data(&opts, part + 1, len + 1, docs, 0, rc, err);
    td_dataset *given = read_data(&opts, part + 1, len + 1, docs, 1, rc2, err2);
    for (size_t i = 0; i < docs; i++)
        if (!same_outcome(rc2[i], &err2[i], rc[i], &err[i]))
            fuzz_fail("data document %zu read as %s gives %s (%s), sniffed %s (%s)", i + 1,
                      syntax_name(td_format_sniff(part[i + 1], len[i + 1], true)), td_strerror(rc2[i]),
                      rc2[i] ? err2[i].message : "", td_strerror(rc[i]), rc[i] ? err[i].message : "");
    read_forced(&opts, part + 1, len + 1, docs);

    conversion cv, cv2;
    td_cluster *cluster = convert(sniffed, rb, &cv);
    td_cluster *twin = convert(given, rb, &cv2);
    if (!same_outcome(cv2.plain_rc, &cv2.plain_err, cv.plain_rc, &cv.plain_err) ||
        !same_outcome(cv2.checked_rc, &cv2.checked_err, cv.checked_rc, &cv.checked_err))
        fuzz_fail("the data read with the formats given converts otherwise than sniffed");
    td_dataset_free(sniffed);
    td_dataset_free(given);

    if (rb && cluster)
        run(rb, again, cluster, twin);

    td_cluster_free(cluster);
    td_cluster_free(twin);
    td_rulebook_free(again);
    td_rulebook_free(rb);
    td_free(yaml);
    return 0;
}
