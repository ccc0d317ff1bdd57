/*
 * Cluster data documents: the input is split at NUL bytes into up to four
 * documents (YAML, JSON or CSV, sniffed), each read with
 * td_dataset_add_string into one dataset; a first byte 0x01 is dropped and
 * turns decimal_comma on. The dataset becomes a cluster with
 * td_dataset_to_cluster, without a rulebook and checked against the Lai
 * Châu example's rulebook (examples/lai-chau/rulebook.yaml, loaded once);
 * a cluster that passes the check is evaluated.
 *
 * Checks: every failure follows the error contract and writes no object;
 * a document that fails leaves the dataset as it was (reading the
 * remaining documents into it and into a dataset that never saw the bad
 * one gives the same outcome); the check against the rulebook only fails
 * when the unchecked conversion succeeded; every explanation of a result
 * is valid UTF-8, and so is every text report of it (table, JSON, CSV,
 * Markdown, HTML, one member's explanations) in both languages, whatever
 * names the documents gave (xlsx is left out: it goes through a file).
 * Each YAML or JSON document is also read by lib/load's internals twice,
 * its `cluster: members:` list streamed item by item (doc.h, td_tb_sink)
 * and kept whole: both must succeed or both fail, with the same member
 * records.
 */
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "fuzz_check.h"
#include "fuzz_convert.h"
#include "fuzz_report.h"

#ifndef FUZZ_RULEBOOK_PATH
#error "FUZZ_RULEBOOK_PATH must name the rulebook the data is checked against"
#endif

enum { DOCS = 4 };

static td_rulebook *rulebook;

void fuzz_cleanup(void)
{
    td_rulebook_free(rulebook);
    rulebook = NULL;
}

static void check_result(const td_result *res)
{
    static const td_report_format formats[] = {TD_REPORT_FORMAT_TABLE, TD_REPORT_FORMAT_JSON, TD_REPORT_FORMAT_CSV,
                                               TD_REPORT_FORMAT_MD, TD_REPORT_FORMAT_HTML, TD_REPORT_FORMAT_EXPLAIN};
    const char *unit = td_result_member_count(res) ? td_result_member_unit(res, 0) : "none";
    fuzz_check_explanations(res);
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
            size_t len;
            td_free(fuzz_render(res, formats[i], l ? TD_LANG_EN : TD_LANG_VI, unit, &len));
        }
}

/* Reads the documents whose bit is set in `use` into a new dataset; returns
 * the bits of those that failed. */
static unsigned read_docs(td_dataset **out, const td_load_options *opts, const char *const *doc,
                          const size_t *len, size_t count, unsigned use)
{
    td_error err;
    td_status rc = td_dataset_new(out, opts, &err);
    if (rc != TD_OK)
        fuzz_fail("td_dataset_new failed: %s", err.message);
    unsigned failed = 0;
    for (size_t i = 0; i < count; i++) {
        if (!(use & (1u << i)))
            continue;
        char name[16] = "doc0";
        name[3] = (char)('0' + i);
        rc = td_dataset_add_string(*out, doc[i], len[i], name, TD_DOC_FORMAT_AUTO, &err);
        fuzz_check_status(rc, &err, "td_dataset_add_string");
        if (rc != TD_OK)
            failed |= 1u << i;
    }
    return failed;
}

/* ---- the member list streamed or kept whole ---- */

typedef struct stream_ctx {
    td_arena *arena;
    td_dparts *p;
    const char *file;
} stream_ctx;

static td_status stream_item(void *ctx, td_doc *doc, const td_yn *item, size_t index, td_error *err)
{
    stream_ctx *s = ctx;
    if (s->file == NULL && (s->file = td_arena_strdup(s->arena, doc->src.name)) == NULL)
        return td_error_nomem(err);
    td_rd rd = {doc, err, s->arena};
    return td_data_read_member(&rd, s->file, &td_libc_allocator, s->p, item, index);
}

/* Reads a YAML or JSON data document into p, its member list streamed or
 * not; *skip when the text is CSV or xlsx (no tree). */
static td_status read_members(const char *text, size_t len, bool stream, td_arena *arena, td_dparts *p,
                              bool *skip, td_error *err)
{
    static const char *const path[] = {"cluster", "members", NULL};
    td_limits limits;
    if (td_limits_resolve(&limits, NULL, err) != TD_OK)
        fuzz_fail("td_limits_resolve: %s", err->message);
    stream_ctx sc = {arena, p, NULL};
    const td_tb_sink sink = {path, stream_item, &sc};
    td_doc doc;
    td_doc_format used;
    td_status rc = td_doc_load(&doc, NULL, text, len, "doc", TD_DOC_FORMAT_AUTO, true, &limits, &td_libc_allocator,
                               stream ? &sink : NULL, &used, err);
    *skip = rc == TD_OK && (used == TD_DOC_FORMAT_CSV || used == TD_DOC_FORMAT_XLSX);
    if (rc == TD_OK && !*skip) {
        const char *file = sc.file != NULL ? sc.file : td_arena_strdup(arena, doc.src.name);
        td_rd rd = {&doc, err, arena};
        rc = file != NULL ? td_data_read(&rd, file, &td_libc_allocator, p) : td_error_nomem(err);
    }
    td_doc_free(&doc);
    return rc;
}

static bool same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void check_streaming(const char *text, size_t len)
{
    td_arena arena[2];
    td_dparts parts[2];
    td_status rc[2];
    bool skip[2];
    td_error err[2];
    for (int s = 0; s < 2; s++) {
        td_arena_init(&arena[s], NULL);
        memset(&parts[s], 0, sizeof parts[s]);
        rc[s] = read_members(text, len, s == 1, &arena[s], &parts[s], &skip[s], &err[s]);
    }
    if (!skip[0] && (rc[0] == TD_OK) != (rc[1] == TD_OK))
        fuzz_fail("the member list read whole gives %d (%s), streamed %d (%s)", (int)rc[0],
                  rc[0] ? err[0].message : "", (int)rc[1], rc[1] ? err[1].message : "");
    if (!skip[0] && rc[0] == TD_OK) {
        if (parts[0].member_count != parts[1].member_count)
            fuzz_fail("%zu members read whole, %zu streamed", parts[0].member_count, parts[1].member_count);
        for (size_t i = 0; i < parts[0].member_count; i++) {
            const td_dmember *a = &parts[0].members[i], *b = &parts[1].members[i];
            if (!same_text(a->id, b->id) || !same_text(a->name, b->name) || !same_text(a->group, b->group) ||
                a->pos.line != b->pos.line || a->pos.column != b->pos.column || a->group_pos.line != b->group_pos.line ||
                a->group_pos.column != b->group_pos.column)
                fuzz_fail("member %zu differs streamed: '%s' at %u:%u, whole '%s' at %u:%u", i, b->id, b->pos.line,
                          b->pos.column, a->id, a->pos.line, a->pos.column);
        }
    }
    for (int s = 0; s < 2; s++) {
        td_dparts_free(&parts[s], &td_libc_allocator);
        td_arena_free(&arena[s]);
    }
}

/* td_dataset_to_cluster, without and with the rulebook; evaluates on
 * success. Returns a summary of the outcome: 0, or the failing status of
 * each step, so that two datasets can be compared. */
static long convert(const td_dataset *ds)
{
    td_error err;
    td_status rc[2];
    td_cluster *checked = fuzz_convert(ds, rulebook, rc);
    td_status rc1 = rc[0], rc2 = rc[1], rc3 = TD_OK;
    if (checked != NULL) {
        td_result *res = NULL;
        rc3 = td_evaluate(&res, rulebook, checked, NULL, &err);
        fuzz_check_status(rc3, &err, "td_evaluate");
        if (rc3 == TD_OK) {
            check_result(res);
            td_result_free(res);
        }
        td_cluster_free(checked);
    }
    return (long)rc1 * 10000 + (long)rc2 * 100 + (long)rc3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_error err;
    if (!rulebook && td_rulebook_load_file(&rulebook, FUZZ_RULEBOOK_PATH, NULL, &err) != TD_OK)
        fuzz_fail("%s does not load: %s", FUZZ_RULEBOOK_PATH, err.message);
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.decimal_comma = fuzz_take_decimal_comma(&data, &size);
    const char *doc[DOCS];
    size_t len[DOCS];
    size_t count = fuzz_split(data, size, DOCS, doc, len);
    for (size_t i = 0; i < count; i++)
        check_streaming(doc[i], len[i]);
    td_dataset *all = NULL;
    unsigned all_docs = (1u << count) - 1;
    unsigned failed = read_docs(&all, &opts, doc, len, count, all_docs);
    long outcome = convert(all);
    td_dataset_free(all);
    if (failed && failed != all_docs) {
        /* A document that failed must have left no trace. */
        td_dataset *good = NULL;
        unsigned failed2 = read_docs(&good, &opts, doc, len, count, all_docs & ~failed);
        long outcome2 = convert(good);
        td_dataset_free(good);
        if (failed2 != 0 || outcome2 != outcome)
            fuzz_fail("a document that failed changed the dataset (outcome %ld, without it %ld)", outcome,
                      outcome2);
    }
    return 0;
}
