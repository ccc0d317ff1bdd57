/*
 * The document tree shared by the YAML and JSON parsers: nodes with
 * positions, the depth and expanded-size limits, duplicate keys, and
 * positions inside scalars.
 */
#include <stdio.h>
#include <string.h>

#include "doc.h"

void td_tb_init(td_tb *tb, td_doc *doc, const td_limits *limits, const td_allocator *alloc,
                td_error *err)
{
    memset(tb, 0, sizeof *tb);
    tb->doc = doc;
    tb->limits = limits;
    tb->alloc = alloc;
    tb->err = err;
}

void td_tb_free(td_tb *tb)
{
    for (size_t i = 0; i < tb->depth; i++)
        td_dealloc(tb->alloc, tb->stack[i].kids);
    td_dealloc(tb->alloc, tb->stack);
    tb->stack = NULL;
    tb->depth = tb->cap = 0;
}

/* (name): the function, not doc.h's macro of the same name */
td_status (td_tb_fail)(td_tb *tb, size_t off, td_status code, const char *fmt, ...)
{
    unsigned line, column;
    td_src_pos(&tb->doc->src, off, &line, &column);
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(tb->err, code, tb->doc->src.name, line, column, fmt, ap);
    va_end(ap);
    return code;
}

td_yn *td_tb_node(td_tb *tb, td_yn_kind kind, size_t off)
{
    td_yn *n = td_arena_alloc(&tb->doc->arena, sizeof *n);
    if (n == NULL) {
        td_error_nomem(tb->err);
        return NULL;
    }
    n->kind = kind;
    n->style = n->written = TD_YS_PLAIN;
    n->offset = n->end = off;
    n->weight = 1;
    td_src_pos(&tb->doc->src, off, &n->line, &n->column);
    return n;
}

td_status td_tb_text(td_tb *tb, td_yn *n, const char *text, size_t len)
{
    if (memchr(text, '\0', len) != NULL)
        return td_tb_fail(tb, n->offset, TD_EPARSE, "the text contains a NUL character");
    char *copy = td_arena_alloc_bytes(&tb->doc->arena, len + 1);
    if (copy == NULL)
        return td_error_nomem(tb->err);
    memcpy(copy, text, len);
    copy[len] = '\0';
    n->text = copy;
    n->len = len;
    return TD_OK;
}

static size_t add_weight(size_t a, size_t b)
{
    return a > (size_t)-1 - b ? (size_t)-1 : a + b;
}

/* Counts `weight` more nodes against the limit. */
static td_status count_nodes(td_tb *tb, size_t weight, size_t off)
{
    tb->total = add_weight(tb->total, weight);
    if (tb->total > tb->limits->max_nodes)
        return td_tb_fail(tb, off, TD_ELIMIT,
                          "the document has more than %zu nodes once its aliases are expanded; "
                          "the limit protects against alias bombs",
                          tb->limits->max_nodes);
    return TD_OK;
}

/* Hands a complete item of a streamed sequence to the sink, then takes
 * its nodes back, unless it defined an anchor (a later alias may name a
 * node of it): the arena's mark then moves past it. */
static td_status stream_item(td_tb *tb, td_tb_frame *f, const td_yn *n)
{
    td_status rc = tb->sink->item(tb->sink->ctx, tb->doc, n, f->items++, tb->err);
    if (rc != TD_OK)
        return rc;
    if (tb->anchors == f->anchors) {
        td_arena_rewind(&tb->doc->arena, f->mark);
    } else {
        f->mark = td_arena_mark_now(&tb->doc->arena);
        f->anchors = tb->anchors;
    }
    return TD_OK;
}

/* Whether a sequence opened now (the innermost frame) is at the sink's
 * path: each mapping above it waits for the value of the path's key. */
static bool at_sink_path(const td_tb *tb)
{
    const char *const *path = tb->sink != NULL ? tb->sink->path : NULL;
    if (path == NULL || tb->anchored)
        return false;
    size_t depth = tb->depth - 1; /* the frames above the sequence */
    for (size_t i = 0; i < depth; i++) {
        const td_tb_frame *f = &tb->stack[i];
        if (path[i] == NULL || f->node->kind != TD_YN_MAP || f->count % 2 == 0 ||
            strcmp(f->kids[f->count - 1]->text, path[i]) != 0)
            return false;
    }
    return path[depth] == NULL;
}

/* Appends n to the innermost open container, or makes it the root. */
static td_status attach(td_tb *tb, td_yn *n)
{
    if (tb->depth == 0) {
        tb->root = n;
        return TD_OK;
    }
    td_tb_frame *f = &tb->stack[tb->depth - 1];
    if (f->streamed)
        return stream_item(tb, f, n);
    if (f->node->kind == TD_YN_MAP && f->count % 2 == 0 && n->kind != TD_YN_SCALAR)
        return td_tb_fail(tb, n->offset, TD_EPARSE, "a mapping key must be text, found %s",
                          n->kind == TD_YN_MAP ? "a mapping" : "a list");
    if (f->node->kind == TD_YN_MAP && f->count % 2 == 0 && f->count / 2 >= tb->limits->max_keys)
        return td_tb_fail(tb, n->offset, TD_ELIMIT, "the mapping has more than %zu keys (the limit of keys in "
                          "one mapping)", tb->limits->max_keys);
    void *items = f->kids;
    td_status rc = td_reserve(tb->alloc, &items, &f->cap, f->count + 1, sizeof(td_yn *), tb->err);
    if (rc != TD_OK)
        return rc;
    f->kids = items;
    f->kids[f->count++] = n;
    return TD_OK;
}

td_status td_tb_open(td_tb *tb, td_yn *n)
{
    if (tb->depth >= tb->limits->max_depth)
        return td_tb_fail(tb, n->offset, TD_ELIMIT,
                          "mappings and lists are nested deeper than the limit of %zu levels",
                          tb->limits->max_depth);
    td_status rc = count_nodes(tb, 1, n->offset);
    if (rc != TD_OK)
        return rc;
    void *items = tb->stack;
    rc = td_reserve(tb->alloc, &items, &tb->cap, tb->depth + 1, sizeof(td_tb_frame), tb->err);
    if (rc != TD_OK)
        return rc;
    tb->stack = items;
    tb->stack[tb->depth++] = (td_tb_frame){.node = n};
    td_tb_frame *f = &tb->stack[tb->depth - 1];
    if (n->kind == TD_YN_SEQ && at_sink_path(tb)) {
        f->streamed = true;
        f->mark = td_arena_mark_now(&tb->doc->arena);
        f->anchors = tb->anchors;
    }
    tb->anchored = false;
    return TD_OK;
}

td_status td_tb_add(td_tb *tb, td_yn *n, bool alias, const td_yn *alias_at)
{
    if (alias && !n->complete)
        return td_tb_fail(tb, alias_at->offset, TD_EPARSE,
                          "this alias refers to a node that contains it (a cycle)");
    td_status rc = count_nodes(tb, alias ? n->weight : 1, alias ? alias_at->offset : n->offset);
    if (rc != TD_OK)
        return rc;
    n->complete = true;
    return attach(tb, n);
}

/* A duplicate key in a finished mapping is an error naming both keys. */
static td_status check_duplicate_keys(td_tb *tb, const td_yn *map)
{
    if (map->count < 2)
        return TD_OK;
    td_map seen;
    td_map_init(&seen, tb->alloc);
    td_status rc = TD_OK;
    for (size_t i = 0; i < map->count && rc == TD_OK; i++) {
        const td_yn *k = map->pairs[i].key;
        size_t first;
        if (td_map_get(&seen, k->text, k->len, &first)) {
            const td_yn *f = map->pairs[first].key;
            char q[64];
            td_quote(q, sizeof q, k->text);
            /* `{n: 1,000,000}`: the parts after the commas are keys without values */
            const td_yn *v = map->pairs[i].value, *fv = map->pairs[first].value;
            bool split = k->style == TD_YS_PLAIN && k->len > 0 &&
                         strspn(k->text, "0123456789") == k->len && v->kind == TD_YN_SCALAR &&
                         v->style == TD_YS_PLAIN && v->len == 0 && fv->kind == TD_YN_SCALAR &&
                         fv->style == TD_YS_PLAIN && fv->len == 0;
            rc = td_tb_fail(tb, k->offset, TD_EEXISTS,
                            "key %s is given twice in this mapping (first at %u:%u)%s", q, f->line,
                            f->column,
                            split ? "; neither has a value: a thousands separator or a decimal "
                                    "comma inside a flow mapping? There ',' separates entries; "
                                    "numbers take '.' before the decimals and no thousands separator"
                                  : "");
        } else {
            rc = td_map_put(&seen, k->text, k->len, i, tb->err);
        }
    }
    td_map_free(&seen);
    return rc;
}

_Static_assert(sizeof(void *) != 8 || sizeof(td_yn) <= 72, "td_yn grew beyond 72 bytes");

td_status td_tb_close(td_tb *tb, size_t end)
{
    td_tb_frame f = tb->stack[--tb->depth];
    td_yn *n = f.node;
    td_status rc = TD_OK;
    n->end = end;
    size_t weight = 1;
    for (size_t i = 0; i < f.count; i++)
        weight = add_weight(weight, f.kids[i]->weight);
    n->weight = weight;
    size_t count = n->kind == TD_YN_MAP ? f.count / 2 : f.count;
    if (td_size_over_u32(count)) { /* td_yn::count; the limits of nodes and keys come first by default */
        td_dealloc(tb->alloc, f.kids);
        return td_tb_fail(tb, n->offset, TD_ELIMIT, "this %s has more than %lu entries",
                          n->kind == TD_YN_MAP ? "mapping" : "list", (unsigned long)UINT32_MAX);
    }
    if (n->kind == TD_YN_MAP) {
        n->count = (uint32_t)count;
        if (n->count > 0) {
            n->pairs = td_arena_alloc(&tb->doc->arena, n->count * sizeof(td_ypair));
            if (n->pairs == NULL)
                rc = td_error_nomem(tb->err);
        }
        for (size_t i = 0; rc == TD_OK && i < n->count; i++)
            n->pairs[i] = (td_ypair){f.kids[2 * i], f.kids[2 * i + 1]};
        if (rc == TD_OK)
            rc = check_duplicate_keys(tb, n);
    } else {
        n->count = (uint32_t)count;
        if (n->count > 0) {
            n->items = td_arena_alloc(&tb->doc->arena, n->count * sizeof(td_yn *));
            if (n->items == NULL)
                rc = td_error_nomem(tb->err);
            else
                memcpy(n->items, f.kids, n->count * sizeof(td_yn *));
        }
    }
    td_dealloc(tb->alloc, f.kids);
    if (rc != TD_OK)
        return rc;
    n->complete = true;
    return attach(tb, n);
}

td_status td_doc_parse(td_doc *doc, const char *name, const char *text, size_t len,
                       td_doc_format format, const td_limits *limits, const td_allocator *alloc,
                       const td_tb_sink *sink, td_error *err)
{
    td_src_init(&doc->src, name, text, len);
    td_tb tb;
    td_tb_init(&tb, doc, limits, alloc, err);
    tb.sink = sink;
    td_status rc = format == TD_DOC_FORMAT_JSON ? td_json_parse(&tb) : td_yaml_parse(&tb);
    if (rc == TD_OK)
        doc->root = tb.root;
    td_tb_free(&tb);
    return rc;
}

/* ---- positions inside scalars ---- */

static int hex_digits(char e)
{
    return e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
}

/* The bytes a code point takes in UTF-8. */
static size_t utf8_len(unsigned long cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* One character of a quoted scalar's source at byte i: *take_src source
 * bytes that decode to *take_dec bytes of the value. */
static void quoted_step(const char *s, const td_yn *n, size_t i, size_t *take_src, size_t *take_dec)
{
    *take_src = 1;
    *take_dec = 1;
    if (n->written == TD_YS_SINGLE && s[i] == '\'' && i + 1 < n->end && s[i + 1] == '\'') {
        *take_src = 2;
    } else if (n->written == TD_YS_DOUBLE && s[i] == '\\' && i + 1 < n->end) {
        int digits = hex_digits(s[i + 1]);
        *take_src = 2 + (size_t)digits;
        if (digits > 0) {
            unsigned long cp = 0;
            for (int d = 0; d < digits && i + 2 + (size_t)d < n->end; d++) {
                char c = s[i + 2 + (size_t)d];
                cp = cp * 16 + (unsigned long)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
            }
            *take_dec = utf8_len(cp);
            /* a JSON surrogate pair: \uD83D\uDE00 is one 4-byte character */
            if (digits == 4 && cp >= 0xD800 && cp <= 0xDBFF && i + 7 < n->end && s[i + 6] == '\\') {
                *take_src = 12;
                *take_dec = 4;
            }
        } else if (s[i + 1] == 'N' || s[i + 1] == '_') {
            *take_dec = 2;
        } else if (s[i + 1] == 'L' || s[i + 1] == 'P') {
            *take_dec = 3;
        }
    }
}

/* Moves (*i, *decoded), the source byte and value offset of a quoted
 * scalar's character, forward over the characters that end at or before
 * value offset `off`: *i is then the source byte of value byte `off` (of the
 * character holding it, inside an escape). */
static void quoted_advance(const td_src *src, const td_yn *n, size_t off, size_t *i, size_t *decoded)
{
    while (*i < n->end && *decoded < off) {
        size_t take_src, take_dec;
        quoted_step(src->text, n, *i, &take_src, &take_dec);
        if (*decoded + take_dec > off)
            break;
        *i += take_src;
        *decoded += take_dec;
    }
}

/* Walks a one-line quoted scalar's source from its opening quote to the
 * source offset of decoded byte `off`. */
static size_t quoted_source_offset(const td_src *src, const td_yn *n, size_t off)
{
    size_t i = n->offset + 1, decoded = 0;
    quoted_advance(src, n, off, &i, &decoded);
    return i;
}

static bool single_line(const td_src *src, const td_yn *n)
{
    for (size_t i = n->offset; i < n->end && i < src->len; i++)
        if (src->text[i] == '\n' || src->text[i] == '\r')
            return false;
    return true;
}

/* libyaml takes a raw U+0085 (NEL), U+2028 (LS) or U+2029 (PS) inside a
 * scalar for a line break and folds or keeps it as one, so the value no
 * longer follows the source byte for byte from there on. Such a scalar's
 * positions are its own start, as for folded and multi-line scalars. */
static bool has_unicode_break(const td_src *src, const td_yn *n)
{
    const unsigned char *s = (const unsigned char *)src->text;
    size_t end = n->end < src->len ? n->end : src->len;
    for (size_t i = n->offset; i + 1 < end; i++) {
        if (s[i] == 0xC2 && s[i + 1] == 0x85)
            return true;
        if (s[i] == 0xE2 && i + 2 < end && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
            return true;
    }
    return false;
}

/* The length of the source line starting at byte i, without its break. */
static size_t line_length(const td_src *src, size_t i)
{
    size_t j = i;
    while (j < src->len && src->text[j] != '\n' && src->text[j] != '\r')
        j++;
    return j - i;
}

/* The start of the source line after the one holding byte i (src->len at the end). */
static size_t next_line(const td_src *src, size_t i)
{
    const char *s = src->text;
    i += line_length(src, i);
    if (i < src->len && s[i] == '\r' && i + 1 < src->len && s[i + 1] == '\n')
        return i + 2;
    return i < src->len ? i + 1 : i;
}

/* Literal block scalars keep their lines: decoded line k is source line
 * (header line + 1 + k), shifted right by the block's indentation. A source
 * line holding a non-empty value line is the indentation followed by exactly
 * that value line, so the indentation is the difference of their lengths.
 * (An indentation indicator such as `|2` is relative to the parent node's
 * indentation, which the scalar does not know; the source tells it.) */
static bool literal_pos(td_src *src, const td_yn *n, size_t off, unsigned *line, unsigned *column)
{
    size_t k = 0, col = 0;
    for (size_t j = 0; j < off && j < n->len; j++) {
        if (n->text[j] == '\n') {
            k++;
            col = 0;
        } else {
            col++;
        }
    }
    /* the first value line that is not empty, and its source line */
    size_t indent = 0, at = 0, vline = 0;
    while (at < n->len && n->text[at] == '\n') {
        at++;
        vline++;
    }
    if (at < n->len) {
        size_t vlen = 0;
        while (at + vlen < n->len && n->text[at + vlen] != '\n')
            vlen++;
        size_t p = next_line(src, n->offset);
        for (size_t v = 0; v < vline && p < src->len; v++)
            p = next_line(src, p);
        size_t slen = line_length(src, p);
        if (slen < vlen)
            return false; /* not the source of this value (cannot happen) */
        indent = slen - vlen;
    }
    unsigned header_line, unused;
    td_src_pos(src, n->offset, &header_line, &unused);
    *line = header_line + 1 + (unsigned)k;
    *column = (unsigned)(indent + col + 1);
    return true;
}

bool td_yn_text_pos(td_doc *doc, const td_yn *n, size_t off, unsigned *line, unsigned *column)
{
    td_src *src = &doc->src;
    *line = n->line;
    *column = n->column;
    if (n->kind != TD_YN_SCALAR || has_unicode_break(src, n))
        return false;
    switch (n->written) {
    case TD_YS_PLAIN:
        if (!single_line(src, n))
            return false;
        *column = n->column + (unsigned)off;
        return true;
    case TD_YS_SINGLE:
    case TD_YS_DOUBLE:
        if (!single_line(src, n))
            return false;
        td_src_pos(src, quoted_source_offset(src, n, off), line, column);
        return true;
    case TD_YS_LITERAL:
        return literal_pos(src, n, off, line, column);
    case TD_YS_FOLDED:
        return false;
    }
    return false;
}

size_t td_yn_text_spans(td_doc *doc, const td_yn *n, size_t len, td_text_span *out)
{
    unsigned line, column;
    if (len > n->len)
        len = n->len;
    if (!td_yn_text_pos(doc, n, 0, &line, &column))
        return 0;
    size_t count = 0;
    out[count++] = (td_text_span){0, line, column};
    switch (n->written) {
    case TD_YS_PLAIN:
        /* one line, one column per byte */
        break;
    case TD_YS_LITERAL:
        /* each line of the value starts one line lower, at the block's indentation */
        for (size_t k = 0; k < len; k++)
            if (n->text[k] == '\n') {
                out[count] = (td_text_span){(unsigned)(k + 1), line + (unsigned)count, column};
                count++;
            }
        break;
    case TD_YS_SINGLE:
    case TD_YS_DOUBLE: {
        /* a new span wherever an escape breaks the run of one byte per byte */
        size_t i = n->offset + 1, decoded = 0, last = i;
        for (size_t off = 1; off <= len; off++) {
            quoted_advance(&doc->src, n, off, &i, &decoded);
            if (i != last + 1) {
                td_src_pos(&doc->src, i, &line, &column);
                out[count++] = (td_text_span){(unsigned)off, line, column};
            }
            last = i;
        }
        break;
    }
    case TD_YS_FOLDED:
        return 0;
    }
    return count;
}
