/*
 * Large structured inputs, for super-linear behaviour. The input is not a
 * document but a generator of two: split at NUL bytes into a prefix, a
 * first fragment, a middle, a second fragment and a suffix, it makes
 *
 *     prefix + frag1(0) … frag1(n-1) + middle + frag2(0) … frag2(n-1) + suffix
 *
 * where every '#' of a fragment is the repetition's number, for n = N and
 * n = 8N (N = 32, 64, 128 or 256 by the first byte's low bits; the
 * document of 8N at most 4 MiB). The first byte's bit 2 says what the
 * document is: cluster data (bit clear: read into a data set, made into a
 * cluster without a rulebook, and, when it fits the harness's one-criterion
 * rulebook, evaluated and reported in JSON through td_report_write()) or a
 * rulebook (td_rulebook_load_string()). The harness's rulebook scores
 * the actual of measure `m` in bands, so data giving every member an
 * actual of `m` (and nothing else it does not know) is evaluated.
 *
 * Checks: the work of 8N is at most about 8 times the work of N, counted
 * without a clock: the calls and bytes of the allocator every object is
 * made with (an allocation per element left in a quadratic loop, or a
 * table rebuilt for each element, shows there), unless it stays within a
 * few allocations a byte of the document (below: why); and, while fuzzing
 * (not in the corpus replay of ctest, which must not depend on timing),
 * the CPU time: 8N taking over 25 times as long as N, over 0.25 s and over
 * a microsecond a byte is a failure (a quadratic loop without
 * allocations: 64 times). Sizes that end
 * with different statuses (a limit passed, a number that grows out of
 * range) are not compared. libFuzzer's -timeout catches the rest.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz_check.h"

enum { PARTS = 5, MAX_DOC = 4 << 20 };

/* ---- an allocator that counts ---- */

typedef struct counter {
    size_t calls, bytes;
} counter;

static void *count_malloc(void *ctx, size_t size)
{
    counter *c = ctx;
    c->calls++;
    c->bytes += size;
    return malloc(size);
}

static void *count_realloc(void *ctx, void *ptr, size_t size)
{
    counter *c = ctx;
    c->calls++;
    c->bytes += size;
    return realloc(ptr, size);
}

static void count_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

/* ---- the documents ---- */

/* Appends the n bytes at s to the document, or fails when it is too large. */
static int put(char *doc, size_t *len, const char *s, size_t n)
{
    if (n > MAX_DOC - *len)
        return 0;
    memcpy(doc + *len, s, n);
    *len += n;
    return 1;
}

/* fragment with each '#' replaced by i */
static int put_fragment(char *doc, size_t *len, const char *frag, size_t n, size_t i)
{
    char num[24];
    int k = snprintf(num, sizeof num, "%zu", i);
    for (size_t at = 0; at < n;) {
        const char *hash = memchr(frag + at, '#', n - at);
        size_t run = hash != NULL ? (size_t)(hash - (frag + at)) : n - at;
        if (!put(doc, len, frag + at, run))
            return 0;
        at += run;
        if (hash != NULL) {
            if (!put(doc, len, num, (size_t)k))
                return 0;
            at++;
        }
    }
    return 1;
}

/* The document of n repetitions into doc (MAX_DOC bytes); 0 when too large. */
static int make(char *doc, size_t *len, const char *const *part, const size_t *plen, size_t n)
{
    *len = 0;
    if (!put(doc, len, part[0], plen[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!put_fragment(doc, len, part[1], plen[1], i))
            return 0;
    if (!put(doc, len, part[2], plen[2]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!put_fragment(doc, len, part[3], plen[3], i))
            return 0;
    return put(doc, len, part[4], plen[4]);
}

/* ---- the work ---- */

static const char rulebook_text[] = "thidua: 1\nid: g\nsections:\n  - id: S\n    criteria:\n"
                                    "      - {id: m, max: 10, rule: {kind: bands, of: actual, bands: [{at: 100, points: 10}, "
                                    "{at: 50, points: 5}, {at: 0, points: 1}]}}\n"
                                    "classification:\n  - {id: tot, when: 'total >= 5'}\n  - {id: none}\n"
                                    "awards:\n  - {id: cup, when: \"classification == 'tot'\", quota: {count: 3}}\n";
static td_rulebook *rulebook;

void fuzz_cleanup(void)
{
    td_rulebook_free(rulebook);
    rulebook = NULL;
}

static int discard(void *ctx, const void *bytes, size_t len)
{
    (void)bytes;
    *(size_t *)ctx += len;
    return 0;
}

/* Reads the document as data, makes the cluster, evaluates and reports
 * it when it fits the rulebook. The status of the first step that fails. */
static td_status run_data(const char *doc, size_t len, const td_allocator *a)
{
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.allocator = a;
    td_error err;
    td_dataset *ds = NULL;
    td_status rc = td_dataset_new(&ds, &o, &err);
    if (rc != TD_OK)
        fuzz_fail("td_dataset_new failed: %s", err.message);
    rc = td_dataset_add_string(ds, doc, len, "growth", TD_DOC_FORMAT_AUTO, &err);
    fuzz_check_status(rc, &err, "td_dataset_add_string");
    td_cluster *cl = NULL;
    if (rc == TD_OK) {
        rc = td_dataset_to_cluster(&cl, ds, NULL, &err);
        fuzz_check_status(rc, &err, "td_dataset_to_cluster");
        td_cluster_free(cl);
        cl = NULL;
    }
    if (rc == TD_OK) {
        rc = td_dataset_to_cluster(&cl, ds, rulebook, &err);
        fuzz_check_status(rc, &err, "td_dataset_to_cluster (rulebook)");
    }
    td_dataset_free(ds);
    if (rc != TD_OK)
        return rc;
    td_eval_options eo = TD_EVAL_OPTIONS_INIT;
    eo.allocator = a;
    eo.explain = TD_EXPLAIN_ON_DEMAND;
    td_result *res = NULL;
    rc = td_evaluate(&res, rulebook, cl, &eo, &err);
    fuzz_check_status(rc, &err, "td_evaluate");
    td_cluster_free(cl);
    if (rc == TD_OK) {
        size_t written = 0;
        rc = td_report_write(res, TD_REPORT_FORMAT_JSON, NULL, discard, &written, &err);
        if (rc != TD_OK)
            fuzz_fail("the JSON report of an evaluated result fails: %s", err.message);
        td_result_free(res);
    }
    return rc;
}

static td_status run_rulebook(const char *doc, size_t len, const td_allocator *a)
{
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.allocator = a;
    td_error err;
    td_rulebook *rb = NULL;
    td_status rc = td_rulebook_load_string(&rb, doc, len, "growth", &o, &err);
    fuzz_check_status(rc, &err, "td_rulebook_load_string");
    td_rulebook_free(rb);
    return rc;
}

typedef struct work {
    td_status rc;
    counter c;
    double cpu; /* seconds */
} work;

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static work measure(const char *doc, size_t len, bool as_rulebook)
{
    work w = {TD_OK, {0, 0}, 0};
    td_allocator a = {count_malloc, count_realloc, count_free, &w.c};
    double t0 = cpu_now();
    w.rc = as_rulebook ? run_rulebook(doc, len, &a) : run_data(doc, len, &a);
    w.cpu = cpu_now() - t0;
    return w;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (rulebook == NULL) {
        td_error err;
        if (td_rulebook_load_string(&rulebook, rulebook_text, strlen(rulebook_text), "growth.yaml", NULL, &err) !=
            TD_OK)
            fuzz_fail("the harness's rulebook does not load: %s", err.message);
    }
    unsigned flags = data[0];
    size_t n = (size_t)32 << (flags & 3);
    bool as_rulebook = (flags & 4) != 0;
    const char *part[PARTS] = {"", "", "", "", ""};
    size_t plen[PARTS] = {0, 0, 0, 0, 0};
    fuzz_split(data + 1, size - 1, PARTS, part, plen);
    if (plen[1] + plen[3] == 0)
        return 0; /* nothing repeats */
    char *doc = malloc(MAX_DOC);
    if (doc == NULL)
        fuzz_fail("out of memory");
    size_t len1, len8;
    if (!make(doc, &len8, part, plen, 8 * n)) {
        free(doc);
        return 0; /* too large */
    }
    work w8 = measure(doc, len8, as_rulebook);
    make(doc, &len1, part, plen, n);
    work w1 = measure(doc, len1, as_rulebook);
    free(doc);
    if (getenv("FUZZ_GROWTH_VERBOSE") != NULL) /* what a corpus exercises */
        fprintf(stderr, "%s, %zu / %zu repetitions, %zu / %zu bytes: status %d / %d, %zu / %zu allocations, %.3f / %.3f s\n",
                as_rulebook ? "rulebook" : "data", n, 8 * n, len1, len8, (int)w1.rc, (int)w8.rc, w1.c.calls, w8.c.calls,
                w1.cpu, w8.cpu);
    if (w1.rc != w8.rc)
        return 0; /* the sizes end differently (a limit, a number that grows): no comparison */
    /* linear: 8 times the elements, at most about 8 times the allocations
     * and bytes (plus what doubling tables add). A ratio alone is not
     * enough: a size that fails early (libyaml reads its input in chunks,
     * and a bad character is found before any token in a small document,
     * after the tokens of the first chunks in a large one) does next to no
     * work, and the same failure in 8N does work in proportion to the
     * document; so also more than two allocations, or 256 bytes, for each
     * byte of the document (a quadratic at 8N: thousands) */
    size_t extra_calls = 4096, extra_bytes = (size_t)4 << 20;
    if (w8.c.calls > 12 * w1.c.calls + extra_calls && w8.c.calls > 2 * len8)
        fuzz_fail("super-linear: %zu allocations for %zu repetitions (%zu bytes), %zu for %zu (%zu bytes)",
                  w1.c.calls, n, len1, w8.c.calls, 8 * n, len8);
    if (w8.c.bytes > 12 * w1.c.bytes + extra_bytes && w8.c.bytes > 256 * len8)
        fuzz_fail("super-linear: %zu bytes allocated for %zu repetitions (%zu bytes), %zu for %zu (%zu bytes)",
                  w1.c.bytes, n, len1, w8.c.bytes, 8 * n, len8);
#ifndef FUZZ_REPLAY
    /* and over a microsecond a byte of the document */
    double base = w1.cpu > 0.001 ? w1.cpu : 0.001;
    if (w8.cpu > 0.25 && w8.cpu > 25 * base && w8.cpu > 1e-6 * (double)len8)
        fuzz_fail("super-linear: %.3f s of CPU for %zu repetitions (%zu bytes), %.3f s for %zu (%zu bytes)", w1.cpu, n,
                  len1, w8.cpu, 8 * n, len8);
#endif
    return 0;
}
