/*
 * The xlsx workbook (a zip of the expected parts, the same bytes every
 * time) and td_report_write_file(): the whole report or nothing, an
 * existing file untouched on failure, no temporary file left behind.
 * The tests of the workbook skip in a build without libxlsxwriter
 * (TD_HAVE_XLSX 0), where one checks instead that xlsx is refused.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_fixture.h"
#include "report_internal.h"
#include "td_test.h"

static void xlsx_is_a_workbook_with_the_same_bytes_every_time(void **state)
{
    (void)state;
    if (!TD_HAVE_XLSX)
        skip();
    td_result *res = lai_chau_result();
    size_t len1, len2;
    char *x1 = render(res, TD_REPORT_FORMAT_XLSX, TD_LANG_VI, NULL, &len1);
    char *x2 = render(res, TD_REPORT_FORMAT_XLSX, TD_LANG_VI, NULL, &len2);
    assert_true(len1 > 4000);
    assert_memory_equal(x1, "PK\x03\x04", 4);
    assert_int_equal(len1, len2);
    assert_memory_equal(x1, x2, len1);
    const char *parts[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                           "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml",
                           "xl/sharedStrings.xml", "xl/styles.xml", "docProps/core.xml"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (!zip_has(x1, len1, parts[i]))
            fail_msg("no %s in the workbook", parts[i]);
    /* the English workbook differs (sheet names and headings) */
    size_t len3;
    char *x3 = render(res, TD_REPORT_FORMAT_XLSX, TD_LANG_EN, NULL, &len3);
    assert_true(len3 != len1 || memcmp(x1, x3, len1) != 0);
    td_free(x1);
    td_free(x2);
    td_free(x3);
    td_result_free(res);

    /* no awards: no award sheet */
    res = nasty_result();
    x1 = render(res, TD_REPORT_FORMAT_XLSX, TD_LANG_VI, NULL, &len1);
    assert_true(zip_has(x1, len1, "xl/worksheets/sheet3.xml"));
    assert_false(zip_has(x1, len1, "xl/worksheets/sheet4.xml"));
    td_free(x1);
    td_result_free(res);
}

/*
 * A workbook's creation date is 1 January of the year after the period,
 * 00:00 UTC (1980 out of range), so that the same result gives the same
 * bytes. libxlsxwriter takes it as a time_t: where that has 32 bits (i386),
 * the range ends with 1 January 2038, and a later year gives 1980 too,
 * never a date wrapped round to 1901.
 */
static void workbook_dates_are_1_january_after_the_period(void **state)
{
    (void)state;
#if TD_HAVE_XLSX
    const bool wide = sizeof(time_t) >= 8;
    assert_int_equal(td_report__xlsx_date(2023), 1704067200LL); /* 2024-01-01 */
    assert_int_equal(td_report__xlsx_date(1979), 315532800LL);  /* 1980-01-01 */
    assert_int_equal(td_report__xlsx_date(1978), 315532800LL);
    assert_int_equal(td_report__xlsx_date(0), 315532800LL);
    assert_int_equal(td_report__xlsx_date(-5), 315532800LL);
    assert_int_equal(td_report__xlsx_date(2036), 2114380800LL); /* 2037-01-01 */
    assert_int_equal(td_report__xlsx_date(2037), 2145916800LL); /* 2038-01-01, the last a 32-bit time_t holds */
    assert_int_equal(td_report__xlsx_date(2038), wide ? 2177452800LL : 315532800LL);  /* 2039-01-01 */
    assert_int_equal(td_report__xlsx_date(2998), wide ? 32472144000LL : 315532800LL); /* 2999-01-01 */
    assert_int_equal(td_report__xlsx_date(2999), 315532800LL);
    assert_int_equal(td_report__xlsx_date(INT64_MAX), 315532800LL);
    assert_int_equal(td_report__xlsx_date(INT64_MIN), 315532800LL);
    /* what libxlsxwriter is given holds every date above */
    assert_true((long long)(time_t)td_report__xlsx_date(2037) == 2145916800LL);
#else
    skip(); /* a build without libxlsxwriter */
#endif
}

/* Threads writing workbooks (reports and input templates) at once get the
 * bytes of one alone: libxlsxwriter's gmtime() is called one thread at a
 * time (td_report__xlsx_close(); ThreadSanitizer checks the race in
 * scripts/test.sh). */
static char *slurp(const char *path, size_t *len);

typedef struct xjob {
    const td_result *res;
    const td_rulebook *rb;
    char *bytes, *template_path;
    size_t len;
    td_status rc;
} xjob;

static void *xlsx_job(void *arg)
{
    xjob *j = arg;
    td_error err;
    j->rc = td_report_render(&j->bytes, &j->len, j->res, TD_REPORT_FORMAT_XLSX, NULL, &err);
    if (j->rc == TD_OK)
        j->rc = td_template_write_file(j->rb, NULL, NULL, j->template_path, &err);
    return NULL;
}

static void threads_write_the_same_workbooks(void **state)
{
    (void)state;
    if (!TD_HAVE_XLSX)
        skip();
    td_result *res = lai_chau_result();
    size_t len;
    char *alone = render(res, TD_REPORT_FORMAT_XLSX, TD_LANG_VI, NULL, &len);
    enum { N = 4 };
    xjob jobs[N];
    pthread_t threads[N];
    char paths[N][64];
    for (size_t i = 0; i < N; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/thidua-template-%ld-%zu.xlsx",
                 getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 24 ? getenv("TMPDIR") : "/tmp", (long)getpid(), i);
        jobs[i] = (xjob){res, td_result_rulebook(res), NULL, paths[i], 0, TD_ERROR};
        assert_int_equal(pthread_create(&threads[i], NULL, xlsx_job, &jobs[i]), 0);
    }
    size_t tlen0 = 0;
    char *t0 = NULL;
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(jobs[i].rc, TD_OK);
        assert_int_equal(jobs[i].len, len);
        assert_memory_equal(jobs[i].bytes, alone, len);
        td_free(jobs[i].bytes);
        size_t tlen;
        char *t = slurp(paths[i], &tlen);
        assert_true(zip_has(t, tlen, "docProps/core.xml"));
        if (t0 == NULL) {
            t0 = t;
            tlen0 = tlen;
        } else {
            assert_int_equal(tlen, tlen0);
            assert_memory_equal(t, t0, tlen);
            free(t);
        }
        unlink(paths[i]);
    }
    free(t0);
    td_free(alone);
    td_result_free(res);
}

typedef struct tmpdir {
    char path[64];
} tmpdir;

static void make_dir(tmpdir *d)
{
    const char *base = getenv("TMPDIR");
    snprintf(d->path, sizeof d->path, "%s/thidua-test-XXXXXX", base && strlen(base) < 32 ? base : "/tmp");
    assert_non_null(mkdtemp(d->path));
}

/* Number of entries in the directory besides . and .. */
static size_t entries(const tmpdir *d)
{
    DIR *dir = opendir(d->path);
    assert_non_null(dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dir);
    return n;
}

static char *file_path(const tmpdir *d, const char *name)
{
    char *p = malloc(strlen(d->path) + strlen(name) + 2);
    assert_non_null(p);
    sprintf(p, "%s/%s", d->path, name);
    return p;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void clean_dir(tmpdir *d)
{
    DIR *dir = opendir(d->path);
    struct dirent *e;
    while (dir != NULL && (e = readdir(dir)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            char *p = file_path(d, e->d_name);
            unlink(p);
            free(p);
        }
    if (dir != NULL)
        closedir(dir);
    rmdir(d->path);
}

static void write_file_writes_the_report_and_leaves_nothing_else(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    tmpdir d;
    make_dir(&d);
    char *json = file_path(&d, "kết quả.json"), *xlsx = file_path(&d, "ket-qua.xlsx");
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    td_error e;
    assert_ok(td_report_write_file(res, TD_REPORT_FORMAT_JSON, &o, json, &e), e);
    size_t len, want_len;
    char *got = slurp(json, &len);
    char *want = render(res, TD_REPORT_FORMAT_JSON, TD_LANG_VI, NULL, &want_len);
    assert_int_equal(len, want_len);
    assert_memory_equal(got, want, len);
    free(got);
    td_free(want);
    assert_int_equal(entries(&d), 1);

    /* replacing an existing file */
    o.lang = TD_LANG_EN;
    assert_ok(td_report_write_file(res, TD_REPORT_FORMAT_JSON, &o, json, &e), e);
    got = slurp(json, &len);
    assert_non_null(strstr(got, "(met)"));
    free(got);
    assert_int_equal(entries(&d), 1);

    /* xlsx goes through libxlsxwriter's own file, and the same way */
    if (TD_HAVE_XLSX) {
        assert_ok(td_report_write_file(res, TD_REPORT_FORMAT_XLSX, &o, xlsx, &e), e);
        got = slurp(xlsx, &len);
        want = render(res, TD_REPORT_FORMAT_XLSX, TD_LANG_EN, NULL, &want_len);
        assert_int_equal(len, want_len);
        assert_memory_equal(got, want, len);
        free(got);
        td_free(want);
        assert_int_equal(entries(&d), 2);
    }

    /* the file gets the usual permissions, not a temporary file's 0600 */
    struct stat st;
    assert_int_equal(stat(json, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(st.st_mode & 0777, 0666 & ~mask);

    free(json);
    free(xlsx);
    clean_dir(&d);
    td_result_free(res);
}

static void a_failed_write_leaves_an_existing_file_untouched(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    tmpdir d;
    make_dir(&d);
    char *out = file_path(&d, "report.txt");
    spit(out, "the old report\n");
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    td_error e;
    size_t len;

    /* explaining a unit that is not a member */
    o.unit = "muong-te";
    assert_error(td_report_write_file(res, TD_REPORT_FORMAT_EXPLAIN, &o, out, &e), TD_ENOTFOUND, e, "muong-te");
    char *got = slurp(out, &len);
    assert_string_equal(got, "the old report\n");
    free(got);
    assert_int_equal(entries(&d), 1);

    /* a directory that does not exist: TD_EIO naming the file, nothing created */
    char *missing = file_path(&d, "no/such/dir/report.json");
    assert_error(td_report_write_file(res, TD_REPORT_FORMAT_JSON, NULL, missing, &e), TD_EIO, e, "No such file");
    assert_string_equal(e.file, missing);
    if (TD_HAVE_XLSX)
        assert_error(td_report_write_file(res, TD_REPORT_FORMAT_XLSX, NULL, missing, &e), TD_EIO, e, "no/such/dir");
    free(missing);

    /* the target is a directory: rename fails, the temporary file goes */
    char *sub = file_path(&d, "sub");
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_error(td_report_write_file(res, TD_REPORT_FORMAT_CSV, NULL, sub, &e), TD_EIO, e, "sub");
    assert_int_equal(entries(&d), 2);
    rmdir(sub);
    free(sub);

    /* arguments */
    assert_error(td_report_write_file(res, TD_REPORT_FORMAT_JSON, NULL, NULL, &e), TD_EINVAL, e, "path");
    assert_error(td_report_write_file(res, TD_REPORT_FORMAT_JSON, NULL, "", &e), TD_EINVAL, e, "path");
    assert_error(td_report_write_file(NULL, TD_REPORT_FORMAT_JSON, NULL, out, &e), TD_EINVAL, e, "result");
    got = slurp(out, &len);
    assert_string_equal(got, "the old report\n");
    free(got);
    assert_int_equal(entries(&d), 1);

    free(out);
    clean_dir(&d);
    td_result_free(res);
}

/*
 * A sheet holds 16,384 columns: the Criterion points sheet (three columns,
 * then one per member) takes at most 16,381 members. One more is refused
 * with TD_ELIMIT naming the sheet and the count, and no file appears.
 */
static void xlsx_refuses_a_result_wider_than_a_sheet(void **state)
{
    (void)state;
    if (!TD_HAVE_XLSX)
        skip();
    td_result *res = wide_result(16382);
    tmpdir d;
    make_dir(&d);
    char *out = file_path(&d, "wide.xlsx");
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.lang = TD_LANG_EN;
    td_error e;
    assert_error(td_report_write_file(res, TD_REPORT_FORMAT_XLSX, &o, out, &e), TD_ELIMIT, e, "16382 members");
    assert_non_null(strstr(e.message, "'Criterion points'"));
    assert_non_null(strstr(e.message, "at most 16381 members"));
    assert_int_equal(entries(&d), 0);
    char *text = NULL;
    assert_error(td_report_render(&text, NULL, res, TD_REPORT_FORMAT_XLSX, NULL, &e), TD_ELIMIT, e, "'Điểm tiêu chí'");
    assert_null(text);
    /* the other formats have no such limit */
    char *csv = file_path(&d, "wide.csv");
    assert_ok(td_report_write_file(res, TD_REPORT_FORMAT_CSV, NULL, csv, &e), e);
    assert_int_equal(entries(&d), 1);
    free(csv);
    free(out);
    clean_dir(&d);
    td_result_free(res);

    /* exactly as many members as fit: a workbook */
    res = wide_result(16381);
    size_t len;
    char *x = render(res, TD_REPORT_FORMAT_XLSX, TD_LANG_VI, NULL, &len);
    assert_memory_equal(x, "PK\x03\x04", 4);
    td_free(x);
    td_result_free(res);
}

/* Every format shows explanations: a result without them is refused,
 * and nothing is written. */
static void a_result_without_explanations_is_refused_by_every_format(void **state)
{
    (void)state;
    td_result *res = lai_chau_result_with(TD_EXPLAIN_NONE);
    assert_false(td_result_has_explanations(res));
    tmpdir d;
    make_dir(&d);
    char *out = file_path(&d, "report.out");
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.unit = "tan-uyen";
    for (int f = TD_REPORT_FORMAT_TABLE; f <= TD_REPORT_FORMAT_EXPLAIN; f++) {
        td_error e;
        char *text = NULL;
        assert_error(td_report_render(&text, NULL, res, (td_report_format)f, &o, &e), TD_EINVAL, e,
                     "the result has no explanations (it was evaluated with TD_EXPLAIN_NONE)");
        assert_null(text);
        assert_error(td_report_write_file(res, (td_report_format)f, &o, out, &e), TD_EINVAL, e,
                     "every report shows them");
    }
    assert_int_equal(entries(&d), 0);
    free(out);
    clean_dir(&d);
    td_result_free(res);
}

/* A result whose criteria are explained on demand gives the same reports,
 * byte for byte. */
static void on_demand_explanations_give_the_same_reports(void **state)
{
    (void)state;
    td_result *all = lai_chau_result();
    for (int f = TD_REPORT_FORMAT_TABLE; f <= TD_REPORT_FORMAT_EXPLAIN; f++) {
        if (f == TD_REPORT_FORMAT_XLSX)
            continue; /* compared by its own test's bytes */
        td_result *lazy = lai_chau_result_with(TD_EXPLAIN_ON_DEMAND);
        size_t la = 0, lb = 0;
        char *a = render(all, (td_report_format)f, TD_LANG_EN, "tan-uyen", &la);
        char *b = render(lazy, (td_report_format)f, TD_LANG_EN, "tan-uyen", &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(a, b, la);
        td_free(a);
        td_free(b);
        td_result_free(lazy);
    }
    td_result_free(all);
}

/*
 * A build without libxlsxwriter (TD_HAVE_XLSX 0) knows the format's name
 * but refuses the workbook and the input template with TD_EINVAL, saying
 * why, before any file is made: an existing file is left as it was.
 */
static void without_libxlsxwriter_workbooks_are_refused(void **state)
{
    (void)state;
    if (TD_HAVE_XLSX)
        skip();
    td_report_format f;
    td_error e;
    assert_ok(td_report_format_parse(&f, "xlsx", &e), e);
    assert_int_equal(f, TD_REPORT_FORMAT_XLSX);
    td_result *res = lai_chau_result();
    tmpdir d;
    make_dir(&d);
    char *out = file_path(&d, "report.xlsx");
    spit(out, "the old report\n");
    const char *why = "has no xlsx report (built without libxlsxwriter, THIDUA_XLSX=OFF)";
    char *text = NULL;
    size_t len = 0;
    assert_error(td_report_render(&text, &len, res, TD_REPORT_FORMAT_XLSX, NULL, &e), TD_EINVAL, e, why);
    assert_null(text);
    assert_error(td_report_write_file(res, TD_REPORT_FORMAT_XLSX, NULL, out, &e), TD_EINVAL, e, why);
    const char *no_template = "has no xlsx input template (built without libxlsxwriter, THIDUA_XLSX=OFF)";
    const td_rulebook *rb = td_result_rulebook(res);
    assert_error(td_template_render(&text, &len, rb, NULL, NULL, &e), TD_EINVAL, e, no_template);
    assert_null(text);
    assert_error(td_template_write_file(rb, NULL, NULL, out, &e), TD_EINVAL, e, no_template);
    char *got = slurp(out, &len);
    assert_string_equal(got, "the old report\n");
    free(got);
    assert_int_equal(entries(&d), 1);
    free(out);
    clean_dir(&d);
    td_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xlsx_is_a_workbook_with_the_same_bytes_every_time),
        cmocka_unit_test(workbook_dates_are_1_january_after_the_period),
        cmocka_unit_test(threads_write_the_same_workbooks),
        cmocka_unit_test(write_file_writes_the_report_and_leaves_nothing_else),
        cmocka_unit_test(a_failed_write_leaves_an_existing_file_untouched),
        cmocka_unit_test(xlsx_refuses_a_result_wider_than_a_sheet),
        cmocka_unit_test(a_result_without_explanations_is_refused_by_every_format),
        cmocka_unit_test(on_demand_explanations_give_the_same_reports),
        cmocka_unit_test(without_libxlsxwriter_workbooks_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
