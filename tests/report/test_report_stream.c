/*
 * td_report_write(): the report's bytes handed over in pieces as they are
 * made, the same bytes as td_report_render(); the streaming formats never
 * hold the whole report (measured by the C library's count of bytes in
 * use while the sink runs, where it keeps one); a sink that stops the
 * report stops it at once with TD_EIO; and td_report_write_file(), which
 * streams into its temporary file, leaves nothing behind when the file
 * cannot grow.
 */
#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_fixture.h"
#include "td_test.h"
#include "thidua/features.h"

/* ---- a sink that keeps what it gets ---- */

typedef struct kept {
    char *data;
    size_t len, cap;
    size_t pieces, largest;
    size_t stop_at; /* the piece whose call returns ENOSPC (1-based); 0: none */
    size_t base, most_in_use; /* bytes in use: before the call, and the most seen in the sink beyond it */
} kept;

static size_t in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static int keep(void *ctx, const void *bytes, size_t len)
{
    kept *k = ctx;
    k->pieces++;
    size_t now = in_use();
    if (now > k->base && now - k->base > k->most_in_use)
        k->most_in_use = now - k->base;
    if (k->stop_at != 0 && k->pieces == k->stop_at)
        return ENOSPC;
    if (len > k->largest)
        k->largest = len;
    if (k->len + len + 1 > k->cap) {
        k->cap = 2 * (k->len + len) + 64;
        k->data = realloc(k->data, k->cap);
        assert_non_null(k->data);
    }
    memcpy(k->data + k->len, bytes, len);
    k->len += len;
    return 0;
}

static td_status write_kept(const td_result *res, td_report_format f, td_lang lang, kept *k, td_error *err)
{
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    o.lang = lang;
    o.unit = "tan-uyen";
    k->base = in_use();
    return td_report_write(res, f, &o, keep, k, err);
}

static bool built(td_report_format f)
{
#if !TD_HAVE_PDF
    if (f == TD_REPORT_FORMAT_PDF)
        return false;
#endif
#if defined(TD_HAVE_XLSX) && !TD_HAVE_XLSX
    if (f == TD_REPORT_FORMAT_XLSX)
        return false;
#endif
    (void)f;
    return true;
}

static void pieces_make_the_rendered_report(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    for (int f = TD_REPORT_FORMAT_TABLE; f <= TD_REPORT_FORMAT_PDF; f++) {
        if (!built((td_report_format)f))
            continue;
        for (int l = 0; l < 2; l++) {
            size_t len;
            char *want = render(res, (td_report_format)f, (td_lang)l, "tan-uyen", &len);
            kept k = {0};
            td_error err;
            assert_ok(write_kept(res, (td_report_format)f, (td_lang)l, &k, &err), err);
            if (k.len != len || memcmp(k.data, want, len) != 0)
                fail_msg("%s (%s): the pieces differ from the rendered report", td_report_format_name(f),
                         l ? "en" : "vi");
            free(k.data);
            td_free(want);
        }
    }
    td_result_free(res);
}

/* A report of some megabytes: the streaming formats hand it over in
 * pieces of about 64 KiB while it is made, the others once made. */
static void large_reports_stream(void **state)
{
    (void)state;
    td_result *res = wide_result(td_test_quick() ? 4000 : 20000);
    static const td_report_format streamed[] = {TD_REPORT_FORMAT_JSON, TD_REPORT_FORMAT_CSV, TD_REPORT_FORMAT_HTML,
                                                TD_REPORT_FORMAT_STATUSES};
    /* whether the C library's count sees this program's blocks (not under
     * a sanitizer or valgrind, which bring their own allocator) */
    size_t before = in_use();
    char *probe = malloc((size_t)8 << 20);
    assert_non_null(probe);
    memset(probe, 1, (size_t)8 << 20);
    bool counted = in_use() >= before + ((size_t)8 << 20);
    free(probe);
    if (!counted)
        print_message("the C library's count of bytes in use does not see this program's: not checked\n");
    for (size_t i = 0; i < sizeof streamed / sizeof streamed[0]; i++) {
        size_t len;
        char *want = render(res, streamed[i], TD_LANG_EN, NULL, &len);
        td_free(want);
        kept k = {0};
        td_error err;
        assert_ok(write_kept(res, streamed[i], TD_LANG_EN, &k, &err), err);
        assert_int_equal(k.len, len);
        assert_true(k.pieces >= len / (2 * 64 * 1024));
        assert_true(k.largest <= 2 * 64 * 1024);
        print_message("%s: %zu bytes in %zu pieces; at most %zu bytes more in use in the sink\n",
                      td_report_format_name(streamed[i]), len, k.pieces, k.most_in_use);
        /* the kept copy grows too: what the report holds is the rest */
        if (counted && k.most_in_use > k.cap + len / 4)
            fail_msg("%s: %zu bytes in use beyond the sink's copy (%zu) of a %zu-byte report",
                     td_report_format_name(streamed[i]), k.most_in_use - k.cap, k.cap, len);
        free(k.data);
    }
    /* the table is made whole, then handed over in pieces of 64 KiB */
    size_t len;
    char *want = render(res, TD_REPORT_FORMAT_TABLE, TD_LANG_EN, NULL, &len);
    td_free(want);
    kept k = {0};
    td_error err;
    assert_ok(write_kept(res, TD_REPORT_FORMAT_TABLE, TD_LANG_EN, &k, &err), err);
    assert_int_equal(k.len, len);
    assert_int_equal(k.pieces, (len + 64 * 1024 - 1) / (64 * 1024));
    if (counted)
        assert_true(k.most_in_use >= len); /* whole before the first piece */
    free(k.data);
    td_result_free(res);
}

static void a_sink_that_stops_stops_the_report(void **state)
{
    (void)state;
    td_result *res = wide_result(4000);
    static const td_report_format formats[] = {TD_REPORT_FORMAT_JSON, TD_REPORT_FORMAT_TABLE};
    for (size_t i = 0; i < 2; i++) {
        kept k = {0};
        k.stop_at = 2;
        td_error err;
        assert_error(write_kept(res, formats[i], TD_LANG_VI, &k, &err), TD_EIO, err, strerror(ENOSPC));
        assert_int_equal(k.pieces, 2); /* no piece after the refusal */
        free(k.data);
    }
    /* the arguments are checked before any piece */
    kept k = {0};
    td_error err;
    td_report_options o = TD_REPORT_OPTIONS_INIT;
    assert_error(td_report_write(res, TD_REPORT_FORMAT_EXPLAIN, &o, keep, &k, &err), TD_EINVAL, err, "no unit");
    assert_error(td_report_write(res, (td_report_format)99, NULL, keep, &k, &err), TD_EINVAL, err, "format");
    assert_error(td_report_write(NULL, TD_REPORT_FORMAT_JSON, NULL, keep, &k, &err), TD_EINVAL, err, "result");
    assert_error(td_report_write(res, TD_REPORT_FORMAT_JSON, NULL, NULL, NULL, &err), TD_EINVAL, err, "sink");
    assert_int_equal(k.pieces, 0);
    td_result_free(res);
}

/* ---- the file, when it cannot grow ---- */

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void a_file_that_cannot_grow_is_left_as_it_was(void **state)
{
    (void)state;
    char dir[64];
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/thidua-stream-XXXXXX", base && strlen(base) < 32 ? base : "/tmp");
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/out.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("old", f);
    fclose(f);
    td_result *res = wide_result(4000);
    /* files of this process may not pass 100 KiB: write() fails with EFBIG */
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    struct rlimit small = {100 * 1024, old.rlim_max};
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    td_error err;
    td_status rc = td_report_write_file(res, TD_REPORT_FORMAT_JSON, NULL, path, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, was);
    assert_error(rc, TD_EIO, err, strerror(EFBIG));
    assert_non_null(strstr(err.message, "out.json"));
    assert_int_equal(entries(dir), 1); /* no temporary file */
    char buf[8] = {0};
    f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "old");
    /* and without the limit, the file is the report */
    assert_ok(td_report_write_file(res, TD_REPORT_FORMAT_JSON, NULL, path, &err), err);
    size_t len;
    char *want = render(res, TD_REPORT_FORMAT_JSON, TD_LANG_VI, NULL, &len);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal((size_t)st.st_size, len);
    td_free(want);
    unlink(path);
    rmdir(dir);
    td_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pieces_make_the_rendered_report),
        cmocka_unit_test(large_reports_stream),
        cmocka_unit_test(a_sink_that_stops_stops_the_report),
        cmocka_unit_test(a_file_that_cannot_grow_is_left_as_it_was),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
