/*
 * td_report_render() and td_report_write_file(): picking the writer, and
 * writing files so that a reader never sees half a report.
 *
 * A report file is written under a fresh name in the target's directory,
 * flushed to disk, then renamed over the target: rename() within one
 * directory is atomic, so the target is either the old file or the whole
 * new one, and a failure leaves the old file untouched.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "report_internal.h"

static const char *const format_names[] = {"table", "json", "csv", "md", "html", "xlsx", "explain", "statuses", "pdf"};
#define FORMAT_COUNT (sizeof format_names / sizeof format_names[0])

/* The size of each version of td_report_options: a caller built against
 * an older header passes a smaller struct. 0: an unknown version. */
static size_t options_size(unsigned int version)
{
    switch (version) {
    case 1: return offsetof(td_report_options, excel);
    case TD_REPORT_OPTIONS_VERSION: return sizeof(td_report_options);
    default: return 0;
    }
}

td_status td_report_options_init(td_report_options *opts, unsigned int version)
{
    if (opts == NULL)
        return td_error_set(NULL, TD_EINVAL, "opts is NULL");
    size_t size = options_size(version);
    if (size == 0)
        return TD_EINVAL;
    td_report_options init = TD_REPORT_OPTIONS_INIT;
    init.version = version;
    memcpy(opts, &init, size);
    return TD_OK;
}

/* The caller's options (NULL: the defaults) as a whole struct of this
 * version in *full: the fields an older version lacks get their defaults. */
static td_status full_options(td_report_options *full, const td_report_options *opts, td_error *err)
{
    td_report_options init = TD_REPORT_OPTIONS_INIT;
    *full = init;
    if (opts == NULL)
        return TD_OK;
    size_t size = options_size(opts->version);
    if (size == 0)
        return td_error_set(err, TD_EINVAL, "report: unknown options version %u", opts->version);
    memcpy(full, opts, size);
    full->version = TD_REPORT_OPTIONS_VERSION;
    return TD_OK;
}

td_status td_report_format_parse(td_report_format *out, const char *name, td_error *err)
{
    if (name == NULL || out == NULL)
        return td_error_set(err, TD_EINVAL, "report format: NULL argument");
    for (size_t i = 0; i < FORMAT_COUNT; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *out = (td_report_format)i;
            return TD_OK;
        }
    char quoted[64];
    td_copy_text(quoted, sizeof quoted, name);
    return td_error_set(err, TD_EINVAL,
                        "unknown report format '%s' (expected table, json, csv, md, html, xlsx, explain or pdf)",
                        quoted);
}

const char *td_report_format_name(td_report_format format)
{
    return (unsigned)format < FORMAT_COUNT ? format_names[format] : NULL;
}

static td_status check_args(const td_result *result, td_report_format format,
                            const td_report_options *opts, td_error *err)
{
    if (result == NULL)
        return td_error_set(err, TD_EINVAL, "report: result is NULL");
    if ((unsigned)format >= FORMAT_COUNT)
        return td_error_set(err, TD_EINVAL, "report: unknown format %d", (int)format);
    if (opts->lang != TD_LANG_VI && opts->lang != TD_LANG_EN)
        return td_error_set(err, TD_EINVAL, "report: unknown language %d", (int)opts->lang);
    if (opts->width > 0 && opts->width < TD_REPORT_MIN_WIDTH)
        return td_error_set(err, TD_EINVAL, "report: a width of %u columns is too narrow (0: no limit, else at least %d)",
                            opts->width, TD_REPORT_MIN_WIDTH);
    if (format == TD_REPORT_FORMAT_STATUSES)
        return TD_OK; /* statuses only: no explanation is read */
    if (!td_result_has_explanations(result))
        return td_error_set(err, TD_EINVAL,
                            "report: the result has no explanations (it was evaluated with "
                            "TD_EXPLAIN_NONE), and every report shows them");
    /* a result explained on demand: each criterion's text is rendered as
     * the writer reaches it and not kept (td_report__criterion_explain()),
     * out of memory an error of the report */
    if (format == TD_REPORT_FORMAT_EXPLAIN) {
        if (opts->unit == NULL || opts->unit[0] == '\0')
            return td_error_set(err, TD_EINVAL, "report explain: no unit given");
        size_t m;
        td_status rc = td_report__find_unit(result, opts->unit, &m, err);
        if (rc != TD_OK)
            return rc;
    }
    return TD_OK;
}

/* Renders a text format (every format but xlsx) into b. */
static td_status render_into(const td_result *res, td_report_format format, const td_report_options *o, td_buf *b,
                             td_error *err)
{
    switch (format) {
    case TD_REPORT_FORMAT_TABLE: return td_report__table(res, o, b, err);
    case TD_REPORT_FORMAT_JSON: return td_report__json(res, o, b, err);
    case TD_REPORT_FORMAT_CSV: return td_report__csv(res, o, b, err);
    case TD_REPORT_FORMAT_MD: return td_report__md(res, o, b, err);
    case TD_REPORT_FORMAT_HTML: return td_report__html(res, o, b, err);
    case TD_REPORT_FORMAT_EXPLAIN: return td_report__explain(res, o, b, err);
    case TD_REPORT_FORMAT_STATUSES: return td_report__statuses(res, o, b, err);
    case TD_REPORT_FORMAT_PDF: return td_report__pdf(res, o, b, err);
    default: return td_error_set(err, TD_EINVAL, "report: unknown format %d", (int)format);
    }
}

static td_status render_text(const td_result *res, td_report_format format,
                             const td_report_options *o, char **out, size_t *len, td_error *err)
{
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    td_status rc = render_into(res, format, o, &b, err);
    if (rc != TD_OK) {
        td_buf_free(&b);
        return rc;
    }
    size_t n = 0;
    char *text = td_buf_take(&b, &n);
    if (text == NULL)
        return td_error_nomem(err);
    *out = text;
    if (len != NULL)
        *len = n;
    return TD_OK;
}

/* ---- streaming -------------------------------------------------------------- */

typedef struct stream_to {
    td_report_sink sink;
    void *ctx;
    int errnum; /* what the sink returned to stop, 0: it did not */
} stream_to;

static bool to_sink(void *ctx, const char *data, size_t len)
{
    stream_to *s = ctx;
    int e = s->sink(s->ctx, data, len);
    if (e == 0)
        return true;
    s->errnum = e;
    return false;
}

/* The formats whose writers never read back what they wrote: they stream.
 * The table, Markdown and explain formats wrap and align what they wrote;
 * xlsx is a zip libxlsxwriter assembles in a file. */
static bool streams(td_report_format format)
{
    return format == TD_REPORT_FORMAT_JSON || format == TD_REPORT_FORMAT_CSV || format == TD_REPORT_FORMAT_HTML ||
           format == TD_REPORT_FORMAT_STATUSES || format == TD_REPORT_FORMAT_PDF;
}

/* The system's text of errnum into reason (128 bytes). */
static const char *reason_of(char reason[128], int errnum)
{
    if (strerror_r(errnum, reason, 128) != 0)
        snprintf(reason, 128, "error %d", errnum);
    return reason;
}

static td_status sink_error(td_error *err, int errnum)
{
    char reason[128];
    return td_error_set(err, TD_EIO, "report: the output stopped it: %s", reason_of(reason, errnum));
}

/* ---- temporary files ---------------------------------------------------- */

static td_status io_error(td_error *err, const char *path, const char *what, int errnum)
{
    char reason[128];
    return td_error_set_at(err, TD_EIO, path, 0, 0, "cannot %s '%s': %s", what, path, reason_of(reason, errnum));
}

/*
 * Creates a new, empty file next to `target` (same directory, so that the
 * final rename stays within one file system) and returns its malloc'd path
 * and open descriptor. The name is made unique by O_EXCL and retried;
 * the mode is 0666 less the umask, as for any file a program creates.
 */
static td_status temp_create(const char *target, char **path_out, int *fd_out, td_error *err)
{
    const char *slash = strrchr(target, '/');
    size_t dir_len = slash != NULL ? (size_t)(slash - target) + 1 : 0;
    const char *base = target + dir_len;
    size_t base_len = strlen(base);
    if (base_len > 200)
        base_len = 200;
    size_t size = dir_len + base_len + 48;
    char *path = malloc(size);
    if (path == NULL)
        return td_error_nomem(err);
    /* Unpredictable enough to avoid collisions between processes and threads. */
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40) ^
                    (uint64_t)(uintptr_t)&ts;
    for (int attempt = 0; attempt < 100; attempt++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        snprintf(path, size, "%.*s.%.*s.%08lx.tmp", (int)dir_len, target, (int)base_len, base,
                 (unsigned long)(seed >> 32));
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *path_out = path;
            *fd_out = fd;
            return TD_OK;
        }
        if (errno != EEXIST) {
            td_status rc = io_error(err, target, "create a file next to", errno);
            free(path);
            return rc;
        }
    }
    free(path);
    return td_error_set_at(err, TD_EIO, target, 0, 0,
                           "cannot create a temporary file next to '%s'", target);
}

/* Reads the whole file at `path` into malloc'd memory. */
static td_status read_all(const char *path, char **out, size_t *len, td_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return io_error(err, path, "read", errno);
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    char chunk[16384];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        td_buf_append_n(&b, chunk, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        td_buf_free(&b);
        return io_error(err, path, "read", EIO);
    }
    size_t got = 0;
    char *data = td_buf_take(&b, &got);
    if (data == NULL)
        return td_error_nomem(err);
    *out = data;
    if (len != NULL)
        *len = got;
    return TD_OK;
}

/* ---- workbooks: libxlsxwriter writes files only ---- */

/* Writes a workbook at `file`, naming `shown` in errors. */
typedef td_status (*book_writer)(const void *ctx, const char *file, const char *shown, td_error *err);

/* Makes the temporary file next to `path` the file at `path`: flushed
 * through fd (closed here, when >= 0), then renamed over it; on any
 * failure (rc, or one here) the temporary file is removed. Frees tmp. */
static td_status finish_file(td_status rc, int fd, char *tmp, const char *path, td_error *err)
{
    if (fd >= 0) {
        if (rc == TD_OK && fsync(fd) != 0 && errno != EINVAL)
            rc = io_error(err, path, "flush", errno);
        if (close(fd) != 0 && rc == TD_OK)
            rc = io_error(err, path, "write", errno);
    }
    if (rc == TD_OK && rename(tmp, path) != 0)
        rc = io_error(err, path, "replace", errno);
    if (rc != TD_OK)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* A workbook written whole next to `path`, then put in its place. */
static td_status book_to_file(book_writer write, const void *ctx, const char *path, td_error *err)
{
    char *tmp = NULL;
    int fd = -1;
    td_status rc = temp_create(path, &tmp, &fd, err);
    if (rc != TD_OK)
        return rc;
    close(fd);
    fd = -1;
    rc = write(ctx, tmp, path, err);
    if (rc == TD_OK && (fd = open(tmp, O_RDONLY | O_CLOEXEC)) < 0)
        rc = io_error(err, path, "reopen the file written for", errno);
    return finish_file(rc, fd, tmp, path, err);
}

/* A workbook in memory: written to a scratch file of $TMPDIR (else /tmp)
 * named after `stem`, read back, removed. */
static td_status book_to_memory(book_writer write, const void *ctx, const char *stem, char **out, size_t *len,
                                td_error *err)
{
    const char *dir = getenv("TMPDIR");
    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    size_t size = strlen(dir) + strlen(stem) + 8;
    char *target = malloc(size);
    if (target == NULL)
        return td_error_nomem(err);
    snprintf(target, size, "%s/%s.xlsx", dir, stem);
    char *tmp = NULL;
    int fd = -1;
    td_status rc = temp_create(target, &tmp, &fd, err);
    free(target);
    if (rc != TD_OK)
        return rc;
    close(fd);
    rc = write(ctx, tmp, "xlsx", err);
    if (rc == TD_OK)
        rc = read_all(tmp, out, len, err);
    unlink(tmp);
    free(tmp);
    return rc;
}

typedef struct report_book {
    const td_result *result;
    const td_report_options *opts;
} report_book;

static td_status write_report_book(const void *ctx, const char *file, const char *shown, td_error *err)
{
    const report_book *r = ctx;
    return td_report__xlsx_file(r->result, r->opts, file, shown, err);
}

/* What both entry points take: the caller's options completed into *full
 * (full_options()), then the arguments checked against them (check_args()),
 * and a workbook's size against a sheet's (td_report__xlsx_check()). */
static td_status report_args(td_report_options *full, const td_result *result, td_report_format format,
                             const td_report_options *opts, td_error *err)
{
    td_status rc = full_options(full, opts, err);
    if (rc == TD_OK)
        rc = check_args(result, format, full, err);
    if (rc == TD_OK && format == TD_REPORT_FORMAT_XLSX)
        rc = td_report__xlsx_check(result, full, err);
    return rc;
}

/* The report in one block; opts checked already. */
static td_status render_whole(const td_result *result, td_report_format format, const td_report_options *opts,
                              char **out, size_t *len, td_error *err)
{
    if (format != TD_REPORT_FORMAT_XLSX)
        return render_text(result, format, opts, out, len, err);
    const report_book book = {result, opts};
    return book_to_memory(write_report_book, &book, "thidua-report", out, len, err);
}

/* The report's bytes to the sink; opts checked already (report_args()). */
static td_status write_checked(const td_result *result, td_report_format format, const td_report_options *opts,
                               stream_to *st, td_error *err)
{
    td_status rc;
    if (!streams(format)) {
        char *text = NULL;
        size_t len = 0;
        rc = render_whole(result, format, opts, &text, &len, err);
        for (size_t at = 0, piece; rc == TD_OK && at < len; at += piece) {
            piece = len - at < TD_BUF_PIECE ? len - at : TD_BUF_PIECE;
            if (!to_sink(st, text + at, piece))
                rc = sink_error(err, st->errnum);
        }
        free(text);
        return rc;
    }
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    td_buf_stream(&b, to_sink, st);
    rc = render_into(result, format, opts, &b, err);
    if (rc == TD_OK && !td_buf_flush(&b))
        rc = td_error_nomem(err);
    if (st->errnum != 0) /* the writer saw a failed buffer: the sink's doing */
        rc = sink_error(err, st->errnum);
    td_buf_free(&b);
    return rc;
}

/* ---- public -------------------------------------------------------------- */

td_status td_report_render(char **out, size_t *len,
                           const td_result *result, td_report_format format, const td_report_options *opts, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "report: out is NULL");
    td_report_options full;
    td_status rc = report_args(&full, result, format, opts, err);
    if (rc != TD_OK)
        return rc;
    return render_whole(result, format, &full, out, len, err);
}

td_status td_report_write(const td_result *result, td_report_format format, const td_report_options *opts,
                          td_report_sink sink, void *ctx, td_error *err)
{
    if (sink == NULL)
        return td_error_set(err, TD_EINVAL, "report: sink is NULL");
    td_report_options full;
    td_status rc = report_args(&full, result, format, opts, err);
    if (rc != TD_OK)
        return rc;
    stream_to st = {sink, ctx, 0};
    return write_checked(result, format, &full, &st, err);
}

/* td_report_write_file()'s sink: the temporary file (ctx: its descriptor). */
static int to_file(void *ctx, const void *bytes, size_t len)
{
    int fd = *(const int *)ctx;
    const char *p = bytes;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

td_status td_report_write_file(const td_result *result, td_report_format format,
                               const td_report_options *opts, const char *path, td_error *err)
{
    if (path == NULL || path[0] == '\0')
        return td_error_set(err, TD_EINVAL, "report: no output path");
    td_report_options full;
    td_status rc = report_args(&full, result, format, opts, err);
    if (rc != TD_OK)
        return rc;
    opts = &full;

    if (format == TD_REPORT_FORMAT_XLSX) {
        const report_book book = {result, opts};
        return book_to_file(write_report_book, &book, path, err);
    }
    char *tmp = NULL;
    int fd = -1;
    if ((rc = temp_create(path, &tmp, &fd, err)) != TD_OK)
        return rc;
    /* streamed into the file: the report is never whole in memory */
    stream_to st = {to_file, &fd, 0};
    rc = write_checked(result, format, opts, &st, err);
    if (rc != TD_OK && st.errnum != 0)
        rc = io_error(err, path, "write", st.errnum);
    return finish_file(rc, fd, tmp, path, err);
}

/* ---- input workbooks ------------------------------------------------------ */

typedef struct template_book {
    const td_rulebook *rulebook;
    const td_cluster *cluster;
    td_lang lang;
} template_book;

static td_status write_template_book(const void *ctx, const char *file, const char *shown, td_error *err)
{
    const template_book *t = ctx;
    return td_report__template_file(t->rulebook, t->cluster, t->lang, file, shown, err);
}

/* The template's options (NULL: defaults into *defaults). */
static td_status template_options(const td_report_options **opts, td_report_options *defaults, td_error *err)
{
    td_report_options d = TD_REPORT_OPTIONS_INIT;
    *defaults = d;
    if (*opts == NULL)
        *opts = defaults;
    if ((*opts)->version != TD_REPORT_OPTIONS_VERSION)
        return td_error_set(err, TD_EINVAL, "template: unknown options version %u", (*opts)->version);
    if ((*opts)->lang != TD_LANG_VI && (*opts)->lang != TD_LANG_EN)
        return td_error_set(err, TD_EINVAL, "template: unknown language %d", (int)(*opts)->lang);
    return TD_OK;
}

td_status td_template_render(char **out, size_t *len, const td_rulebook *rulebook, const td_cluster *cluster,
                             const td_report_options *opts, td_error *err)
{
    if (out == NULL || rulebook == NULL)
        return td_error_set(err, TD_EINVAL, "template: %s is NULL", out == NULL ? "out" : "the rulebook");
    td_report_options defaults;
    td_status rc = template_options(&opts, &defaults, err);
    if (rc != TD_OK)
        return rc;
    rc = td_report__template_check(rulebook, cluster, err);
    if (rc != TD_OK)
        return rc;
    const template_book book = {rulebook, cluster, opts->lang};
    return book_to_memory(write_template_book, &book, "thidua-template", out, len, err);
}

td_status td_template_write_file(const td_rulebook *rulebook, const td_cluster *cluster,
                                 const td_report_options *opts, const char *path, td_error *err)
{
    if (rulebook == NULL)
        return td_error_set(err, TD_EINVAL, "template: the rulebook is NULL");
    if (path == NULL || path[0] == '\0')
        return td_error_set(err, TD_EINVAL, "template: no output path");
    td_report_options defaults;
    td_status rc = template_options(&opts, &defaults, err);
    if (rc != TD_OK)
        return rc;
    rc = td_report__template_check(rulebook, cluster, err);
    if (rc != TD_OK)
        return rc;
    const template_book book = {rulebook, cluster, opts->lang};
    return book_to_file(write_template_book, &book, path, err);
}
