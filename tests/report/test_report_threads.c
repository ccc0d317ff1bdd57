/*
 * Threads sharing one result (and its rulebook) render every report
 * format in both languages at once, each in its own order, and get the
 * bytes of a render alone: a result is immutable, and a result explained
 * on demand renders its texts once whichever thread asks first.
 * scripts/test.sh runs this test under ThreadSanitizer too, without the
 * PDF: Pango, GLib and fontconfig synchronise their own threads with
 * futexes and atomic operations not built with ThreadSanitizer, which
 * then reports races inside them on every PDF (even from one thread of
 * ours); the PDF's threads are checked by the bytes of the plain run.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"
#include "td_test.h"
#include "thidua/features.h"

enum { THREADS = 4, ROUNDS = 2 }; /* quick runs (valgrind, ThreadSanitizer): 2 threads, 1 round */

/* The formats this build writes (the PDF and xlsx writers are optional). */
static size_t formats(td_report_format *out)
{
    size_t n = 0;
    for (int f = TD_REPORT_FORMAT_TABLE; f <= TD_REPORT_FORMAT_PDF; f++) {
#if !TD_HAVE_PDF || defined(__SANITIZE_THREAD__)
        if (f == TD_REPORT_FORMAT_PDF)
            continue;
#endif
#if defined(TD_HAVE_XLSX) && !TD_HAVE_XLSX
        if (f == TD_REPORT_FORMAT_XLSX)
            continue;
#endif
        out[n++] = (td_report_format)f;
    }
    return n;
}

typedef struct job {
    const td_result *res;
    const td_report_format *formats;
    size_t nformats, first; /* each thread starts at another format */
    size_t rounds;
    char *const (*want)[2];
    const size_t (*want_len)[2];
    size_t mismatches;
    td_status rc;
} job;

static void *render_all(void *arg)
{
    job *j = arg;
    j->rc = TD_OK;
    for (size_t round = 0; round < j->rounds; round++)
        for (size_t k = 0; k < j->nformats; k++) {
            size_t f = (j->first + k) % j->nformats;
            for (int l = 0; l < 2; l++) {
                td_lang lang = (j->first + k + (size_t)l) % 2 == 0 ? TD_LANG_VI : TD_LANG_EN;
                td_report_options o = TD_REPORT_OPTIONS_INIT;
                o.lang = lang;
                o.unit = "tan-uyen"; /* the explain format's member; the others ignore it */
                char *out = NULL;
                size_t len = 0;
                td_error err;
                td_status rc = td_report_render(&out, &len, j->res, j->formats[f], &o, &err);
                if (rc != TD_OK) {
                    j->rc = rc;
                    return NULL;
                }
                if (len != j->want_len[f][lang] || memcmp(out, j->want[f][lang], len) != 0)
                    j->mismatches++;
                td_free(out);
            }
        }
    return NULL;
}

static void every_report_in_threads_is_the_report_of_one(void **state)
{
    (void)state;
    td_report_format fmt[16];
    size_t nf = formats(fmt);
    assert_true(nf >= 7);
    td_result *alone = lai_chau_result();
    char *want[16][2];
    size_t want_len[16][2];
    for (size_t f = 0; f < nf; f++)
        for (int l = 0; l < 2; l++)
            want[f][l] = render(alone, fmt[f], (td_lang)l, "tan-uyen", &want_len[f][l]);
    /* a result explained in full, then one explained on demand: its first
     * renders race to make the texts */
    td_result *shared[2] = {lai_chau_result(), lai_chau_result_with(TD_EXPLAIN_ON_DEMAND)};
    for (size_t s = 0; s < 2; s++) {
        job jobs[THREADS];
        pthread_t threads[THREADS];
        size_t nthreads = td_test_quick() ? 2 : THREADS;
        for (size_t i = 0; i < nthreads; i++) {
            jobs[i] = (job){shared[s], fmt, nf, i * 3, td_test_quick() ? 1 : ROUNDS, (char *const (*)[2])want,
                            (const size_t (*)[2])want_len, 0, TD_ERROR};
            assert_int_equal(pthread_create(&threads[i], NULL, render_all, &jobs[i]), 0);
        }
        for (size_t i = 0; i < nthreads; i++) {
            assert_int_equal(pthread_join(threads[i], NULL), 0);
            assert_int_equal(jobs[i].rc, TD_OK);
            if (jobs[i].mismatches != 0)
                fail_msg("result %zu, thread %zu: %zu reports differ from the render alone", s, i,
                         jobs[i].mismatches);
        }
        td_result_free(shared[s]);
    }
    for (size_t f = 0; f < nf; f++)
        for (int l = 0; l < 2; l++)
            td_free(want[f][l]);
    td_result_free(alone);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_report_in_threads_is_the_report_of_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
