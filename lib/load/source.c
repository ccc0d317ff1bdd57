/*
 * Source text: reading files, checking encoding and line lengths before any
 * parser sees the text, telling formats apart, and turning offsets into
 * line:column positions.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "thidua/expr.h"

/* ---- options ---- */

td_status td_load_options_init(td_load_options *opts, unsigned int version)
{
    if (opts == NULL)
        return TD_EINVAL;
    if (version != 1 && version != TD_LOAD_OPTIONS_VERSION)
        return TD_EINVAL;
    const td_load_options init = TD_LOAD_OPTIONS_INIT;
    /* a program built against version 1 has the shorter struct */
    memcpy(opts, &init, version == 1 ? offsetof(td_load_options, max_total_bytes) : sizeof init);
    opts->version = version;
    return TD_OK;
}

static size_t or_default(size_t v, size_t def)
{
    return v != 0 ? v : def;
}

td_status td_limits_resolve(td_limits *out, const td_load_options *opts, td_error *err)
{
    td_load_options defaults = TD_LOAD_OPTIONS_INIT;
    if (opts == NULL)
        opts = &defaults;
    if (opts->version != 1 && opts->version != TD_LOAD_OPTIONS_VERSION)
        return td_error_set(err, TD_EINVAL, "unknown td_load_options version %u (expected 1 to %u)",
                            opts->version, TD_LOAD_OPTIONS_VERSION);
    bool v2 = opts->version >= 2;
    if (opts->format < TD_DOC_FORMAT_AUTO || opts->format > TD_DOC_FORMAT_XLSX)
        return td_error_set(err, TD_EINVAL, "unknown document format %d", (int)opts->format);
    if (opts->expr_max_bytes > TD_EXPR_MAX_BYTES_LIMIT || opts->expr_max_depth > TD_EXPR_MAX_DEPTH_LIMIT)
        return td_error_set(err, TD_EINVAL,
                            "expression limits above the largest allowed (%zu bytes, depth %d)",
                            (size_t)TD_EXPR_MAX_BYTES_LIMIT, TD_EXPR_MAX_DEPTH_LIMIT);
    out->max_bytes = or_default(opts->max_bytes, TD_IO_DEFAULT_MAX_BYTES);
    out->max_depth = or_default(opts->max_depth, TD_IO_DEFAULT_MAX_DEPTH);
    out->max_nodes = or_default(opts->max_nodes, TD_IO_DEFAULT_MAX_NODES);
    out->max_line_bytes = or_default(opts->max_line_bytes, TD_IO_DEFAULT_MAX_LINE);
    out->expr_max_bytes = or_default(opts->expr_max_bytes, 4096);
    out->expr_max_depth = or_default(opts->expr_max_depth, 64);
    out->max_total_bytes = or_default(v2 ? opts->max_total_bytes : 0, TD_IO_DEFAULT_MAX_TOTAL_BYTES);
    out->max_keys = or_default(v2 ? opts->max_keys : 0, TD_IO_DEFAULT_MAX_KEYS);
    out->max_rows = or_default(v2 ? opts->max_rows : 0, TD_IO_DEFAULT_MAX_ROWS);
    out->max_members = or_default(v2 ? opts->max_members : 0, TD_IO_DEFAULT_MAX_MEMBERS);
    out->max_criteria = or_default(v2 ? opts->max_criteria : 0, TD_IO_DEFAULT_MAX_CRITERIA);
    out->max_measures = or_default(v2 ? opts->max_measures : 0, TD_IO_DEFAULT_MAX_MEASURES);
    out->total_left = SIZE_MAX;
    return TD_OK;
}

/* ---- positions ---- */

void td_src_init(td_src *src, const char *name, const char *text, size_t len)
{
    src->name = name;
    src->text = text;
    src->len = len;
    src->cur_off = src->cur_chars = src->cur_line_start = 0;
    src->cur_line = 1;
    src->steps = 0;
}

/* Moves the cursor one byte forward, counting characters and line breaks
 * ("\n", "\r\n" and a lone "\r" each end a line). */
static void cursor_step(td_src *src)
{
    unsigned char c = (unsigned char)src->text[src->cur_off];
    if ((c & 0xC0) != 0x80)
        src->cur_chars++;
    src->cur_off++;
    src->steps++;
    if (c == '\n' || (c == '\r' && (src->cur_off >= src->len || src->text[src->cur_off] != '\n'))) {
        src->cur_line++;
        src->cur_line_start = src->cur_off;
    }
}

/* Whether a line starts at byte `off` (0 < off <= len). */
static bool line_starts_at(const td_src *src, size_t off)
{
    char before = src->text[off - 1];
    return before == '\n' || (before == '\r' && (off >= src->len || src->text[off] != '\n'));
}

/* Moves the cursor one byte back. Crossing a line break leaves the start of
 * the line now current unknown (SIZE_MAX) until cursor_line_start finds it:
 * a parser steps back over the scalar it has just read, and scanning for a
 * line's start only when a column is asked keeps each move proportional to
 * its distance. */
static void cursor_step_back(td_src *src)
{
    if (line_starts_at(src, src->cur_off)) {
        src->cur_line--;
        src->cur_line_start = SIZE_MAX;
    }
    src->cur_off--;
    src->steps++;
    if (((unsigned char)src->text[src->cur_off] & 0xC0) != 0x80)
        src->cur_chars--;
}

static size_t cursor_line_start(td_src *src)
{
    if (src->cur_line_start == SIZE_MAX) {
        size_t i = src->cur_off;
        while (i > 0 && !line_starts_at(src, i)) {
            i--;
            src->steps++;
        }
        src->cur_line_start = i;
    }
    return src->cur_line_start;
}

/* Moves the cursor to byte `off`, forward or back: the work is proportional
 * to the distance (plus, going back over a line break, the length of the
 * line reached), never a restart from the top, so that parsers that look
 * back at the start of what they have just read stay linear. */
static void cursor_move(td_src *src, size_t off)
{
    while (src->cur_off < off)
        cursor_step(src);
    while (src->cur_off > off)
        cursor_step_back(src);
}

void td_src_pos(td_src *src, size_t off, unsigned *line, unsigned *column)
{
    if (off > src->len)
        off = src->len;
    cursor_move(src, off);
    *line = (unsigned)src->cur_line;
    *column = (unsigned)(off - cursor_line_start(src) + 1);
}

size_t td_src_char_offset(td_src *src, size_t chars)
{
    /* back to the start of the character (or the text's start) at or before it */
    while (src->cur_off > 0 &&
           (src->cur_chars > chars ||
            (src->cur_off < src->len && ((unsigned char)src->text[src->cur_off] & 0xC0) == 0x80)))
        cursor_step_back(src);
    while (src->cur_off < src->len) {
        if (src->cur_chars == chars && ((unsigned char)src->text[src->cur_off] & 0xC0) != 0x80)
            break;
        cursor_step(src);
    }
    return src->cur_off;
}

/* ---- files ---- */

/* The error of a document of `len` bytes (or more) beyond a limit. */
static td_status too_large(td_error *err, const char *name, const char *what, size_t max_bytes,
                           size_t total_left)
{
    if (total_left < max_bytes)
        return td_error_set_at(err, TD_ELIMIT, name, 0, 0,
                               "%s is larger than the %zu bytes left of the limit on all the documents read "
                               "together (--limit total)", what, total_left);
    return td_error_set_at(err, TD_ELIMIT, name, 0, 0, "%s is larger than the limit of %zu bytes", what,
                           max_bytes);
}

td_status td_read_file(const char *path, size_t max_bytes, size_t total_left, const td_allocator *a,
                       char **out, size_t *len, td_error *err)
{
    const char *what = "the file";
    size_t limit = max_bytes < total_left ? max_bytes : total_left;
    /* Opened without blocking, so that a FIFO nobody writes to cannot hang
     * the caller in open(): it reads as empty. Reads block again after. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f = NULL;
    if (fd >= 0) {
        int flags = fcntl(fd, F_GETFL);
        if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1 || (f = fdopen(fd, "rb")) == NULL)
            close(fd);
    }
    if (f == NULL) {
        char reason[128];
        if (strerror_r(errno, reason, sizeof reason) != 0)
            snprintf(reason, sizeof reason, "error %d", errno);
        return td_error_set_at(err, TD_EIO, path, 0, 0, "cannot open '%s': %s", path, reason);
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)limit) {
        fclose(f);
        return too_large(err, path, what, max_bytes, total_left);
    }
    size_t cap = 0, n = 0;
    char *buf = NULL;
    td_status rc = TD_OK;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            void *items = buf;
            rc = td_reserve(a, &items, &cap, n + 65536 + 1, 1, err);
            if (rc != TD_OK)
                break;
            buf = items;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > limit) {
            rc = too_large(err, path, what, max_bytes, total_left);
            break;
        }
        if (got == 0) {
            if (ferror(f)) {
                char reason[128];
                if (strerror_r(errno, reason, sizeof reason) != 0)
                    snprintf(reason, sizeof reason, "error %d", errno);
                rc = td_error_set_at(err, TD_EIO, path, 0, 0, "cannot read '%s': %s", path, reason);
            }
            break;
        }
    }
    fclose(f);
    if (rc != TD_OK) {
        td_dealloc(a, buf);
        return rc;
    }
    if (buf == NULL) { /* not reached: the loop reserves before reading */
        buf = td_alloc(a, 1);
        if (buf == NULL)
            return td_error_nomem(err);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return TD_OK;
}

/* ---- checks before parsing ---- */

td_status td_text_check(const char *name, const char *text, size_t len, size_t max_line,
                        size_t *start, td_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    /* UTF-32's byte order marks first: the little-endian one starts with UTF-16's */
    if (len >= 4 && ((s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0) ||
                     (s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF)))
        return td_error_set_at(err, TD_EPARSE, name, 1, 1,
                               "the text is UTF-32 (it starts with a UTF-32 byte order mark); "
                               "save it as UTF-8");
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return td_error_set_at(err, TD_EPARSE, name, 1, 1,
                               "the text is UTF-16 (it starts with a UTF-16 byte order mark); "
                               "save it as UTF-8");
    size_t i = 0;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        i = 3;
    *start = i;
    size_t line = 1, line_start = i;
    while (i < len) {
        unsigned char c = s[i];
        if (c == '\n' || c == '\r') {
            i++;
            if (c == '\r' && i < len && s[i] == '\n')
                i++;
            line++;
            line_start = i;
            continue;
        }
        if (i - line_start >= max_line)
            return td_error_set_at(err, TD_ELIMIT, name, (unsigned)line, (unsigned)(max_line + 1),
                                   "line %zu is longer than the limit of %zu bytes", line, max_line);
        unsigned column = (unsigned)(i - line_start + 1);
        if (c == 0)
            return td_error_set_at(err, TD_EPARSE, name, (unsigned)line, column,
                                   "a NUL byte in the text (is this a binary, UTF-16 or UTF-32 file?)");
        uint32_t cp;
        size_t n = td_utf8_char(text + i, len - i, &cp);
        if (n == 0)
            return td_error_set_at(err, TD_EPARSE, name, (unsigned)line, column,
                                   "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", c);
        if (cp == 0xFEFF)
            return td_error_set_at(err, TD_EPARSE, name, (unsigned)line, column,
                                   "a byte order mark (U+FEFF) in the middle of the text; were "
                                   "two files joined? Remove it");
        i += n;
    }
    return TD_OK;
}

/* ---- formats ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

td_doc_format td_format_of_path(const char *path)
{
    if (ends_with(path, ".yaml") || ends_with(path, ".yml"))
        return TD_DOC_FORMAT_YAML;
    if (ends_with(path, ".json"))
        return TD_DOC_FORMAT_JSON;
    if (ends_with(path, ".csv"))
        return TD_DOC_FORMAT_CSV;
    if (ends_with(path, ".xlsx"))
        return TD_DOC_FORMAT_XLSX;
    return TD_DOC_FORMAT_AUTO;
}

/* true when the first line, split at ',' or ';', names both `unit` and
 * `measure` (the long layout), or `id` (1.1: a member table or a history
 * table), or `unit` and `criterion` (council scores) or `item` (events):
 * ASCII case-insensitive, spaces and quotes ignored. */
static bool looks_like_csv_header(const char *text, size_t len)
{
    char field[16];
    size_t n = 0;
    bool unit = false, measure = false, id = false, other = false, overflow = false;
    for (size_t i = 0; i <= len; i++) {
        char c = i < len ? text[i] : '\n';
        if (c == ',' || c == ';' || c == '\n' || c == '\r') {
            field[n] = '\0';
            if (!overflow) {
                /* spaces are skipped and ASCII lowered: "Đơn vị" is "Đơnvị", "Mã đơn vị" "mãđơnvị" */
                unit = unit || strcmp(field, "unit") == 0 || strcmp(field, "Đơnvị") == 0;
                measure = measure || strcmp(field, "measure") == 0;
                id = id || strcmp(field, "id") == 0 || strcmp(field, "mãđơnvị") == 0;
                other = other || strcmp(field, "criterion") == 0 || strcmp(field, "item") == 0 ||
                        strcmp(field, "tiêuchí") == 0 || strcmp(field, "mục") == 0 || strcmp(field, "năm") == 0;
            }
            n = 0;
            overflow = false;
            if (c == '\n' || c == '\r')
                break;
            continue;
        }
        if (c == ' ' || c == '"' || c == '\t')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (n + 1 < sizeof field)
            field[n++] = c;
        else
            overflow = true;
    }
    return (unit && (measure || other)) || id;
}

td_doc_format td_format_sniff(const char *text, size_t len, bool allow_csv)
{
    size_t i = 0;
    if (len >= 4 && memcmp(text, "PK\3\4", 4) == 0)
        return TD_DOC_FORMAT_XLSX; /* a zip's first bytes: a workbook */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (allow_csv && looks_like_csv_header(text + i, len - i))
        return TD_DOC_FORMAT_CSV;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i < len && (text[i] == '{' || text[i] == '['))
        return TD_DOC_FORMAT_JSON;
    return TD_DOC_FORMAT_YAML;
}

/* ---- loading ---- */

td_status td_doc_load(td_doc *doc, const char *path, const char *text, size_t len,
                      const char *name, td_doc_format format, bool allow_csv,
                      const td_limits *limits, const td_allocator *alloc,
                      const td_tb_sink *sink, td_doc_format *format_out, td_error *err)
{
    memset(doc, 0, sizeof *doc);
    td_arena_init(&doc->arena, alloc);
    td_status rc;
    if (path != NULL) {
        rc = td_read_file(path, limits->max_bytes, limits->total_left, alloc, &doc->buffer, &len, err);
        if (rc != TD_OK)
            return rc;
        text = doc->buffer;
        name = path;
        /* a workbook by its bytes, whatever its name says */
        if (format == TD_DOC_FORMAT_AUTO && !(len >= 4 && memcmp(text, "PK\3\4", 4) == 0))
            format = td_format_of_path(path);
    } else if (len > limits->max_bytes || len > limits->total_left) {
        return too_large(err, name, "the text", limits->max_bytes, limits->total_left);
    }
    /* the name must outlive the caller's string: keep a copy */
    name = td_arena_strdup(&doc->arena, name);
    if (name == NULL)
        return td_error_nomem(err);
    if (format == TD_DOC_FORMAT_AUTO)
        format = td_format_sniff(text, len, allow_csv);
    if ((format == TD_DOC_FORMAT_CSV || format == TD_DOC_FORMAT_XLSX) && !allow_csv)
        return td_error_set_at(err, TD_EINVAL, name, 0, 0, "a rulebook cannot be read from %s; use YAML or JSON",
                               format == TD_DOC_FORMAT_CSV ? "CSV" : "an xlsx workbook");
    if (format == TD_DOC_FORMAT_XLSX) { /* binary: read as it is (xlsx.c) */
        *format_out = format;
        td_src_init(&doc->src, name, text, len);
        return TD_OK;
    }
    /* programs often write JSON on one line: only its size is limited */
    size_t start;
    rc = td_text_check(name, text, len, format == TD_DOC_FORMAT_JSON ? (size_t)-1 : limits->max_line_bytes,
                       &start, err);
    if (rc != TD_OK)
        return rc;
    *format_out = format;
    td_src_init(&doc->src, name, text + start, len - start);
    if (format == TD_DOC_FORMAT_CSV)
        return TD_OK;
    return td_doc_parse(doc, name, text + start, len - start, format, limits, alloc, sink, err);
}

void td_doc_free(td_doc *doc)
{
    if (doc == NULL)
        return;
    td_allocator a = doc->arena.alloc;
    td_dealloc(&a, doc->buffer);
    td_arena_free(&doc->arena);
    doc->buffer = NULL;
    doc->root = NULL;
}
