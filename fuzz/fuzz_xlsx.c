/*
 * xlsx workbooks as cluster data (lib/load/xlsx.c). The first byte picks
 * how the rest becomes a workbook:
 *
 *   0x00  the bytes are the workbook itself (a zip archive, or not);
 *   else  the bytes are split at NUL bytes into the parts xl/workbook.xml,
 *         xl/_rels/workbook.xml.rels, xl/sharedStrings.xml and
 *         xl/worksheets/sheet1.xml .. sheet3.xml, stored (not deflated) in
 *         a zip archive made here with libzip, so that mutations reach the
 *         XML and the tables rather than the archive's checksums.
 *
 * The workbook is read into a dataset that already holds a cluster header
 * (members u1 and u2), with a small max_bytes (64 KiB: a zip bomb is cut
 * short) and max_nodes; on success the dataset becomes a cluster without
 * a rulebook and checked against the Lai Châu rulebook. It is also read
 * alone, where a cluster sheet describes the cluster (its rows the
 * members), with the same checks of each call.
 *
 * Checks: every failure follows the error contract (fuzz_check_status_in:
 * a status td_dataset_add_string() documents) and a failed read leaves
 * the dataset as it was (its conversion gives what a dataset that never
 * saw the workbook gives); the checked conversion fails only where the
 * unchecked one does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "fuzz_check.h"
#include "fuzz_convert.h"

#ifndef FUZZ_RULEBOOK_PATH
#error "FUZZ_RULEBOOK_PATH must name the rulebook the data is checked against"
#endif

#define HEADER                                                                                     \
    "thidua: 1\nperiod: 2024\ncluster:\n  id: c\n  leader: u1\n  members:\n"                       \
    "    - {id: u1, name: \"Một\"}\n    - {id: u2, name: \"Hai\"}\n"

enum { PARTS = 6 };

static const char *const part_names[PARTS] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                              "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                                              "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"};

static td_rulebook *rulebook;

void fuzz_cleanup(void)
{
    td_rulebook_free(rulebook);
    rulebook = NULL;
}

/* A zip archive (malloc'd) of the parts, stored; NULL when libzip fails. */
static char *make_zip(const char *const *part, const size_t *len, size_t count, size_t *out_len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_error_fini(&ze);
    if (src == NULL)
        return NULL;
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
    if (za == NULL) {
        zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src);
    for (size_t i = 0; i < count; i++) {
        zip_source_t *s = zip_source_buffer(za, part[i], len[i], 0);
        zip_int64_t idx = s != NULL ? zip_file_add(za, part_names[i], s, ZIP_FL_OVERWRITE) : -1;
        if (idx < 0)
            zip_source_free(s);
        else
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    char *bytes = NULL;
    zip_stat_t st;
    if (zip_close(za) != 0) {
        zip_discard(za);
    } else if (zip_source_stat(src, &st) == 0 && st.size < SIZE_MAX && zip_source_open(src) == 0) {
        /* (the archive's size as a size_t: it may not fit one of 32 bits) */
        bytes = malloc((size_t)st.size + 1);
        if (bytes != NULL && zip_source_read(src, bytes, st.size) != (zip_int64_t)st.size) {
            free(bytes);
            bytes = NULL;
        }
        *out_len = (size_t)st.size;
        zip_source_close(src);
    }
    zip_source_free(src);
    return bytes;
}

static td_dataset *with_header(const td_load_options *opts)
{
    td_error err;
    td_dataset *d = NULL;
    if (td_dataset_new(&d, opts, &err) != TD_OK ||
        td_dataset_add_string(d, HEADER, strlen(HEADER), "h.yaml", TD_DOC_FORMAT_YAML, &err) != TD_OK)
        fuzz_fail("the header does not load: %s", err.message);
    return d;
}

/* The outcome of converting the dataset, without and with the rulebook. */
static long convert(const td_dataset *d)
{
    td_status rc[2];
    td_cluster_free(fuzz_convert(d, rulebook, rc));
    return (long)rc[0] * 100 + (long)rc[1];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_error err;
    if (!rulebook && td_rulebook_load_file(&rulebook, FUZZ_RULEBOOK_PATH, NULL, &err) != TD_OK)
        fuzz_fail("%s does not load: %s", FUZZ_RULEBOOK_PATH, err.message);
    if (size == 0)
        return 0;
    bool raw = data[0] == 0;
    data++;
    size--;
    const char *bytes = (const char *)data;
    size_t len = size;
    char *made = NULL;
    if (!raw) {
        const char *part[PARTS];
        size_t plen[PARTS];
        size_t count = fuzz_split(data, size, PARTS, part, plen);
        if ((made = make_zip(part, plen, count, &len)) == NULL)
            return 0;
        bytes = made;
    }
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.max_bytes = 64 * 1024;
    opts.max_nodes = 100000;
    td_dataset *d = with_header(&opts);
    td_status rc = td_dataset_add_string(d, bytes, len, "f.xlsx", TD_DOC_FORMAT_XLSX, &err);
    fuzz_check_status_in(rc, &err, "td_dataset_add_string (xlsx)",
                         FUZZ_ST(TD_EPARSE) | FUZZ_ST(TD_ERANGE) | FUZZ_ST(TD_EEXISTS) | FUZZ_ST(TD_ELIMIT) |
                             FUZZ_ST(TD_EDATA));
    long outcome = convert(d);
    td_dataset_free(d);
    if (rc != TD_OK) {
        /* a workbook that failed left no trace */
        td_dataset *clean = with_header(&opts);
        long outcome2 = convert(clean);
        td_dataset_free(clean);
        if (outcome2 != outcome)
            fuzz_fail("a failed workbook changed the dataset: %ld, without it %ld", outcome, outcome2);
    } else {
        /* the workbook alone: its cluster sheet, if any, describes the cluster */
        td_dataset *alone = NULL;
        if (td_dataset_new(&alone, &opts, &err) != TD_OK)
            fuzz_fail("td_dataset_new failed: %s", err.message);
        rc = td_dataset_add_string(alone, bytes, len, "f.xlsx", TD_DOC_FORMAT_XLSX, &err);
        fuzz_check_status_in(rc, &err, "td_dataset_add_string (xlsx alone)",
                             FUZZ_ST(TD_EPARSE) | FUZZ_ST(TD_ERANGE) | FUZZ_ST(TD_EEXISTS) | FUZZ_ST(TD_ELIMIT) |
                                 FUZZ_ST(TD_EDATA));
        (void)convert(alone);
        td_dataset_free(alone);
    }
    free(made);
    return 0;
}
