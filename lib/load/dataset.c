/*
 * td_dataset: data read from any number of documents, in any order. Each
 * document is read into its own records and string arena, checked against
 * what came before (a value given twice names both places), and only then
 * merged, so a document that fails leaves the dataset as it was.
 */
#include <stdio.h>
#include <string.h>

#include "dataset.h"
#include "decimal_internal.h"

/* The values' index for the duplicate checks: open addressing over value
 * numbers (the dataset's values, then those of the document being
 * checked), compared by kind, unit and key in the records themselves. A
 * slot is 8 bytes: the key's hash in the high half, 1 + the value's number
 * in the low half (0: empty); no key is copied. */
typedef struct vindex {
    uint64_t *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} vindex;

struct td_dataset {
    td_allocator alloc;
    td_limits limits;
    td_doc_format format;
    bool decimal_comma;
    td_arena *arenas; /* one per document: its strings */
    size_t arena_count, arena_cap;
    td_dparts all;
    /* all.vals and all.members by key, for the duplicate checks of the next
     * document (rebuilding them for each document made adding n documents
     * quadratic). They may lag behind `all` after running out of memory and
     * catch up on the next call. */
    vindex val_index;
    td_map member_index;
    size_t indexed_vals, indexed_members;
    size_t bytes; /* of the documents read, against limits.max_total_bytes */
};

/* ---- records ---- */

#define PUSH(p, a, arr, count, cap, rec, err)                                                      \
    do {                                                                                           \
        void *items_ = (p)->arr;                                                                   \
        td_status rc_ = td_reserve((a), &items_, &(p)->cap, (p)->count + 1, sizeof *(rec), (err)); \
        if (rc_ != TD_OK)                                                                          \
            return rc_;                                                                            \
        (p)->arr = items_;                                                                         \
        (p)->arr[(p)->count++] = *(rec);                                                           \
        return TD_OK;                                                                              \
    } while (0)

/* A place of a value in `file`: a workbook cell's place is its own file's
 * name (line 0), kept as such with `cell` set in *cells; any other place is
 * a line and column of the value's file. */
static td_dspot spot_of(const td_dpos *at, const char *file, unsigned cell, unsigned *cells)
{
    td_dspot s;
    if (at->file != file && at->line == 0 && at->column == 0) {
        s.cell = at->file;
        *cells |= cell;
    } else {
        s.lc.line = at->line;
        s.lc.column = at->column;
    }
    return s;
}

/* ---- packed values (dataset.h, td_dvals) ----
 *
 * A value is written against the one before it (`prev`; an all-zero
 * td_dval at the start of a block) as:
 *   a byte of flags: kind (3 bits), blank, cells (2 bits), big, raw;
 *   a byte of scale, a byte of decimals; with a raw text, its status;
 *   unit, key, file (and raw) as the zigzag difference of their
 *   addresses from the previous value's;
 *   the coefficient (zigzag);
 *   at: the line's difference from the previous value's, the column;
 *   unit_at and key_at: a cell's address as the difference from the
 *   previous value's place if it was a cell too (else from 0), or a line
 *   as its difference from at's line, and a column;
 *   the column of a member table.
 * Each number is an unsigned LEB128 variable-length integer. */

#define DVAL_MAX_BYTES 128 /* 4 bytes and at most 13 integers of at most 10 bytes each */

static uint64_t zig(uint64_t d)
{
    return (d << 1) ^ (0 - (d >> 63));
}

static uint64_t unzig(uint64_t z)
{
    return (z >> 1) ^ (0 - (z & 1));
}

static uint64_t addr(const void *ptr)
{
    return (uint64_t)(uintptr_t)ptr;
}

static const char *at_addr(uint64_t a)
{
    return (const char *)(uintptr_t)a; /* the integer an address of the same string gave */
}

static size_t put_uint(unsigned char *out, uint64_t x)
{
    size_t n = 0;
    while (x >= 0x80) {
        out[n++] = (unsigned char)(x | 0x80);
        x >>= 7;
    }
    out[n++] = (unsigned char)x;
    return n;
}

/* The integer at *q, which moves past it: one byte for most. */
static inline uint64_t get_uint(const unsigned char **q)
{
    const unsigned char *in = *q;
    uint64_t x = *in++;
    if (x >= 0x80) {
        x &= 0x7F;
        for (unsigned shift = 7;; shift += 7) {
            uint64_t b = *in++;
            x |= (b & 0x7F) << shift;
            if (b < 0x80 || shift >= 63)
                break;
        }
    }
    *q = in;
    return x;
}

/* A place that is no cell, written as its line's difference from at's and its column. */
static size_t put_spot(unsigned char *out, const td_dval *v, const td_dspot *s, bool cell, const td_dspot *prev,
                       bool prev_cell)
{
    if (cell)
        return put_uint(out, zig(addr(s->cell) - (prev_cell ? addr(prev->cell) : 0)));
    size_t n = put_uint(out, zig((uint64_t)s->lc.line - v->at.lc.line));
    return n + put_uint(out + n, s->lc.column);
}

static inline void get_spot(const unsigned char **q, unsigned at_line, td_dspot *s, bool cell, const td_dspot *prev,
                            bool prev_cell)
{
    if (cell) {
        s->cell = at_addr((prev_cell ? addr(prev->cell) : 0) + unzig(get_uint(q)));
        return;
    }
    s->lc.line = (unsigned)(at_line + unzig(get_uint(q)));
    s->lc.column = (unsigned)get_uint(q);
}

/* Writes v against prev into out (at least DVAL_MAX_BYTES); returns the bytes written. */
static size_t put_dval(unsigned char *out, const td_dval *v, const td_dval *prev)
{
    size_t n = 0;
    bool raw = v->raw != NULL;
    out[n++] = (unsigned char)(v->kind | v->blank << 3 | v->cells << 4 | v->big << 6 | (unsigned)raw << 7);
    out[n++] = (unsigned char)v->scale;
    out[n++] = (unsigned char)v->decimals;
    if (raw)
        out[n++] = (unsigned char)(signed char)v->raw_status;
    n += put_uint(out + n, zig(addr(v->unit) - addr(prev->unit)));
    n += put_uint(out + n, zig(addr(v->key) - addr(prev->key)));
    n += put_uint(out + n, zig(addr(v->file) - addr(prev->file)));
    if (raw)
        n += put_uint(out + n, zig(addr(v->raw) - addr(prev->raw)));
    n += put_uint(out + n, zig((uint64_t)v->coef));
    n += put_uint(out + n, zig((uint64_t)v->at.lc.line - prev->at.lc.line));
    n += put_uint(out + n, v->at.lc.column);
    n += put_spot(out + n, v, &v->unit_at, v->cells & TD_DVAL_CELL_unit_at, &prev->unit_at,
                  prev->cells & TD_DVAL_CELL_unit_at);
    n += put_spot(out + n, v, &v->key_at, v->cells & TD_DVAL_CELL_key_at, &prev->key_at,
                  prev->cells & TD_DVAL_CELL_key_at);
    n += put_uint(out + n, v->column);
    return n;
}

/* Reads the value at *q (written against prev) into v; *q moves past it. */
static inline void get_dval(const unsigned char **q, td_dval *v, const td_dval *prev)
{
    const unsigned char *in = *q;
    unsigned flags = in[0];
    bool raw = (flags >> 7) != 0;
    v->kind = flags & 7u;
    v->blank = (flags >> 3) & 1u;
    v->cells = (flags >> 4) & 3u;
    v->big = (flags >> 6) & 1u;
    v->scale = in[1] & 63u;
    v->decimals = in[2];
    v->raw_status = raw ? (signed char)in[3] : 0;
    *q = in + 3 + raw;
    v->unit = at_addr(addr(prev->unit) + unzig(get_uint(q)));
    v->key = at_addr(addr(prev->key) + unzig(get_uint(q)));
    v->file = at_addr(addr(prev->file) + unzig(get_uint(q)));
    v->raw = raw ? at_addr(addr(prev->raw) + unzig(get_uint(q))) : NULL;
    v->coef = (int64_t)unzig(get_uint(q));
    v->at.lc.line = (unsigned)(prev->at.lc.line + unzig(get_uint(q)));
    v->at.lc.column = (unsigned)get_uint(q);
    get_spot(q, v->at.lc.line, &v->unit_at, v->cells & TD_DVAL_CELL_unit_at, &prev->unit_at,
             prev->cells & TD_DVAL_CELL_unit_at);
    get_spot(q, v->at.lc.line, &v->key_at, v->cells & TD_DVAL_CELL_key_at, &prev->key_at,
             prev->cells & TD_DVAL_CELL_key_at);
    v->column = (uint32_t)get_uint(q);
}

/* Appends v as value number p->val_count (its block's mark and its bytes'
 * room made first: on failure nothing changes). */
static td_status vals_push(td_dparts *p, const td_allocator *a, const td_dval *v, td_error *err)
{
    td_dvals *vs = &p->vals;
    bool starts = p->val_count % TD_DVALS_BLOCK == 0;
    td_status rc;
    if (starts) {
        void *items = vs->marks;
        if ((rc = td_reserve(a, &items, &vs->mark_cap, p->val_count / TD_DVALS_BLOCK + 1, sizeof *vs->marks, err)))
            return rc;
        vs->marks = items;
    }
    void *bytes = vs->bytes;
    if ((rc = td_reserve(a, &bytes, &vs->cap, vs->len + DVAL_MAX_BYTES, 1, err)) != TD_OK)
        return rc;
    vs->bytes = bytes;
    static const td_dval none = {0};
    if (starts)
        vs->marks[p->val_count / TD_DVALS_BLOCK] = vs->len;
    vs->len += put_dval(vs->bytes + vs->len, v, starts ? &none : &vs->last);
    vs->last = *v;
    p->val_count++;
    return TD_OK;
}

void td_dval_iter_init(td_dval_iter *it, const td_dparts *p, size_t from)
{
    if (from > p->val_count)
        from = p->val_count;
    size_t block = from / TD_DVALS_BLOCK;
    *it = (td_dval_iter){p, block * TD_DVALS_BLOCK, 0, {0}};
    if (it->next < p->val_count)
        it->off = p->vals.marks[block];
    td_dval skip;
    while (it->next < from)
        (void)td_dval_next(it, &skip);
}

bool td_dval_next(td_dval_iter *it, td_dval *out)
{
    if (it->next >= it->p->val_count)
        return false;
    if (it->next % TD_DVALS_BLOCK == 0)
        it->prev = (td_dval){0};
    const unsigned char *q = it->p->vals.bytes + it->off;
    get_dval(&q, out, &it->prev);
    it->off = (size_t)(q - it->p->vals.bytes);
    it->prev = *out;
    it->next++;
    return true;
}

td_dval td_dparts_val_at(const td_dparts *p, size_t i)
{
    td_dval_iter it;
    td_dval v = {0};
    td_dval_iter_init(&it, p, i);
    (void)td_dval_next(&it, &v);
    return v;
}

static void vals_free(td_dvals *vs, const td_allocator *a)
{
    td_dealloc(a, vs->bytes);
    td_dealloc(a, vs->marks);
    *vs = (td_dvals){0};
}

td_status td_dparts_val(td_dparts *p, const td_allocator *a, const td_dval_in *v, td_error *err)
{
    if (td_size_over_u32(v->column))
        return td_error_set_at(err, TD_ELIMIT, v->pos.file, v->pos.line, v->pos.column,
                               "more than %lu columns in the documents of one data set", (unsigned long)UINT32_MAX);
    const char *file = v->pos.file != NULL ? v->pos.file : v->unit_pos.file;
    td_dval rec = {
        .unit = v->unit,
        .key = v->key,
        .file = file,
        .raw = v->raw,
        .at = {.lc = {v->pos.line, v->pos.column}},
        .column = (uint32_t)v->column,
        .kind = (unsigned)v->kind & 7u,
        .blank = v->blank,
        .decimals = v->decimals,
        .raw_status = v->raw != NULL ? (signed char)v->raw_status : 0, /* kept with its text only */
    };
    int64_t coef;
    int scale = td_decimal_scale(v->value);
    if (td_decimal__to_int64(&coef, v->value) && scale >= 0 && scale < 64) {
        rec.coef = coef;
        rec.scale = (unsigned)scale & 63u;
    } else {
        void *items = p->bigs;
        td_status rc = td_reserve(a, &items, &p->big_cap, p->big_count + 1, sizeof *p->bigs, err);
        if (rc != TD_OK)
            return rc;
        p->bigs = items;
        p->bigs[p->big_count] = v->value;
        rec.coef = (int64_t)p->big_count++;
        rec.big = 1;
    }
    unsigned cells = 0;
    rec.unit_at = spot_of(&v->unit_pos, file, TD_DVAL_CELL_unit_at, &cells);
    rec.key_at = spot_of(&v->key_pos, file, TD_DVAL_CELL_key_at, &cells);
    rec.cells = cells & 3u;
    return vals_push(p, a, &rec, err);
}

td_decimal td_dval_value(const td_dparts *p, const td_dval *v)
{
    return v->big ? p->bigs[v->coef] : td_decimal__from_int64(v->coef, (int)v->scale);
}

td_status td_dparts_member(td_dparts *p, const td_allocator *a, const td_dmember *m, td_error *err)
{
    PUSH(p, a, members, member_count, member_cap, m, err);
}

td_status td_dparts_event(td_dparts *p, const td_allocator *a, const td_devent *e, td_error *err)
{
    PUSH(p, a, events, event_count, event_cap, e, err);
}

td_status td_dparts_hist(td_dparts *p, const td_allocator *a, const td_dhist *h, td_error *err)
{
    PUSH(p, a, hist, hist_count, hist_cap, h, err);
}

td_status td_dparts_unit(td_dparts *p, const td_allocator *a, const td_dunit *u, td_error *err)
{
    PUSH(p, a, units, unit_count, unit_cap, u, err);
}

td_status td_dparts_rollup(td_dparts *p, const td_allocator *a, const td_drollup *r, td_error *err)
{
    PUSH(p, a, rollups, rollup_count, rollup_cap, r, err);
}

td_status td_dparts_link(td_dparts *p, const td_allocator *a, const td_dlink *l, td_error *err)
{
    PUSH(p, a, links, link_count, link_cap, l, err);
}

td_status td_dparts_param(td_dparts *p, const td_allocator *a, const td_dparam *v, td_error *err)
{
    PUSH(p, a, params, param_count, param_cap, v, err);
}

td_status td_dparts_ballot(td_dparts *p, const td_allocator *a, const td_dballot *v, td_error *err)
{
    PUSH(p, a, ballots, ballot_count, ballot_cap, v, err);
}

td_status td_dparts_vote(td_dparts *p, const td_allocator *a, const td_dvote *v, td_error *err)
{
    PUSH(p, a, votes, vote_count, vote_cap, v, err);
}

td_status td_dparts_column(td_dparts *p, const td_allocator *a, const td_dcolumn *v, td_error *err)
{
    PUSH(p, a, columns, column_count, column_cap, v, err);
}

td_status td_dparts_group(td_dparts *p, const td_allocator *a, const td_dgroup *v, td_error *err)
{
    PUSH(p, a, groups, group_count, group_cap, v, err);
}

void td_dparts_free(td_dparts *p, const td_allocator *a)
{
    td_dealloc(a, p->columns);
    td_dealloc(a, p->groups);
    td_dealloc(a, p->ballots);
    td_dealloc(a, p->votes);
    td_dealloc(a, p->params);
    vals_free(&p->vals, a);
    td_dealloc(a, p->bigs);
    td_dealloc(a, p->members);
    td_dealloc(a, p->events);
    td_dealloc(a, p->hist);
    td_dealloc(a, p->links);
    td_dealloc(a, p->units);
    td_dealloc(a, p->rollups);
    memset(p, 0, sizeof *p);
}

td_dpos td_dpos_of(const char *file, const td_yn *n)
{
    return (td_dpos){file, n->line, n->column};
}

const char *td_dval_what(int kind)
{
    static const char *const what[] = {"target", "actual", "self-scoring points",
                                       "cross-scoring points", "final-review points"};
    return kind >= 0 && kind <= TD_DV_FINAL ? what[kind] : "value";
}

/* ---- the dataset ---- */

td_status td_dataset_new(td_dataset **out, const td_load_options *opts, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    td_limits limits;
    td_status rc = td_limits_resolve(&limits, opts, err);
    if (rc != TD_OK)
        return rc;
    td_allocator a;
    td_allocator_resolve(&a, opts != NULL ? opts->allocator : NULL);
    td_dataset *d = td_alloc(&a, sizeof *d);
    if (d == NULL)
        return td_error_nomem(err);
    memset(d, 0, sizeof *d);
    d->alloc = a;
    d->limits = limits;
    d->format = opts != NULL ? opts->format : TD_DOC_FORMAT_AUTO;
    d->decimal_comma = opts != NULL && opts->decimal_comma;
    td_map_init(&d->member_index, &d->alloc);
    *out = d;
    return TD_OK;
}

void td_dataset_free(td_dataset *d)
{
    if (d == NULL)
        return;
    td_allocator a = d->alloc;
    for (size_t i = 0; i < d->arena_count; i++)
        td_arena_free(&d->arenas[i]);
    td_dealloc(&a, d->arenas);
    td_dparts_free(&d->all, &a);
    td_dealloc(&a, d->val_index.slots);
    td_map_free(&d->member_index);
    td_dealloc(&a, d);
}

const char *td_dpos_text(char *buf, size_t size, const td_dpos *p)
{
    const char *file = p->file != NULL ? p->file : "";
    if (p->line == 0)
        snprintf(buf, size, "%s", file);
    else
        snprintf(buf, size, "%s:%u:%u", file, p->line, p->column);
    return buf;
}

static void pos_text(char *buf, size_t size, const td_dpos *p)
{
    td_dpos_text(buf, size, p);
}

static td_status fail_pos(td_error *err, const td_dpos *p, td_status code, const char *fmt, ...)
    TD_PRINTF(4, 5);

static td_status fail_pos(td_error *err, const td_dpos *p, td_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(err, code, p->file, p->line, p->column, fmt, ap);
    va_end(ap);
    return code;
}

const char *td_dval_key(td_arena *keys, int kind, const char *unit, const char *key, size_t *len)
{
    size_t ul = strlen(unit), kl = strlen(key);
    char *k = td_arena_alloc(keys, ul + kl + 3);
    if (k == NULL)
        return NULL;
    k[0] = (char)('0' + kind);
    memcpy(k + 1, unit, ul);
    k[1 + ul] = '\x1F';
    memcpy(k + 2 + ul, key, kl);
    *len = ul + kl + 2;
    return k;
}

/* Whether a value takes part in the duplicate checks: given, and not a
 * member table's (checked once its column is known to be read). */
static bool indexed_value(const td_dval *v)
{
    return !v->blank && v->column == 0;
}

static uint32_t val_hash(const td_dval *v)
{
    char kind = (char)('0' + v->kind);
    uint64_t h = td_hash_add(TD_HASH_START, &kind, 1);
    h = td_hash_add(h, v->unit, strlen(v->unit));
    h = td_hash_add(h, "\x1F", 1); /* no id holds a control character */
    h = td_hash_add(h, v->key, strlen(v->key));
    return (uint32_t)td_hash_end(h);
}

/* Value n of the dataset (n < base) or of the document being checked (the
 * dataset's own values are indexed with doc &d->all and base their count). */
static td_dval val_at(const td_dataset *d, const td_dparts *doc, size_t base, size_t n)
{
    return n < base ? td_dparts_val_at(&d->all, n) : td_dparts_val_at(doc, n - base);
}

static void vindex_place(vindex *ix, uint64_t slot)
{
    size_t mask = ix->cap - 1;
    size_t i = (size_t)(slot >> 32) & mask;
    while (ix->slots[i] != 0)
        i = (i + 1) & mask;
    ix->slots[i] = slot;
}

/* Room for `more` values beyond those indexed, at a load below 3/4. */
static td_status vindex_reserve(td_dataset *d, size_t more, td_error *err)
{
    vindex *ix = &d->val_index;
    if (more > UINT32_MAX - 1 - ix->count) /* numbers fit the slot's low half */
        return td_error_set(err, TD_ELIMIT, "more than %lu values in the documents of one data set",
                            (unsigned long)(UINT32_MAX - 1));
    size_t need = ix->count + more;
    if (need * 4 <= ix->cap * 3)
        return TD_OK;
    size_t ncap = ix->cap == 0 ? 16 : ix->cap;
    while (need * 4 > ncap * 3)
        ncap *= 2; /* need < 2^32: no overflow */
    if (ncap > SIZE_MAX / sizeof(uint64_t))
        return td_error_nomem(err);
    uint64_t *old = ix->slots;
    size_t ocap = ix->cap;
    ix->slots = td_alloc(&d->alloc, ncap * sizeof *ix->slots);
    if (ix->slots == NULL) {
        ix->slots = old;
        return td_error_nomem(err);
    }
    memset(ix->slots, 0, ncap * sizeof *ix->slots);
    ix->cap = ncap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i] != 0)
            vindex_place(ix, old[i]);
    td_dealloc(&d->alloc, old);
    return TD_OK;
}

/* Whether a value with the kind, unit and key of value n (*v) is indexed
 * (*first its number); if not, puts n (room made first). */
static bool vindex_put_or_get_hashed(td_dataset *d, const td_dparts *doc, size_t base, size_t n, const td_dval *v,
                                     uint32_t h, size_t *first)
{
    vindex *ix = &d->val_index;
    size_t mask = ix->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint64_t s = ix->slots[i];
        if (s == 0) {
            ix->slots[i] = (uint64_t)h << 32 | (uint64_t)(n + 1);
            ix->count++;
            return false;
        }
        size_t at = (size_t)(s & UINT32_MAX) - 1;
        if ((uint32_t)(s >> 32) != h)
            continue;
        td_dval f = val_at(d, doc, base, at); /* on a hash's match only: a block decoded */
        if (f.kind == v->kind && strcmp(f.unit, v->unit) == 0 && strcmp(f.key, v->key) == 0) {
            *first = at;
            return true;
        }
    }
}

/* Asks the processor to fetch the index's slot for hash h: the slots are
 * visited in no order, so a large index misses the cache at each value. */
static void vindex_prefetch(const vindex *ix, uint32_t h)
{
#if defined(__GNUC__)
    __builtin_prefetch(&ix->slots[h & (ix->cap - 1)]);
#else
    (void)ix;
    (void)h;
#endif
}

/* The values are indexed in batches: the slots of a batch are fetched
 * while its hashes are computed, then visited in the values' order. */
enum { BATCH = 8 };

/* The next batch of at most `most` (<= BATCH) values of `it`, with the
 * hashes of those indexed; returns their number. */
static size_t next_batch(td_dval_iter *it, const vindex *ix, size_t most, td_dval *batch, uint32_t *hash)
{
    size_t got = 0;
    for (; got < most && td_dval_next(it, &batch[got]); got++) {
        hash[got] = 0;
        if (indexed_value(&batch[got]))
            vindex_prefetch(ix, hash[got] = val_hash(&batch[got]));
    }
    return got;
}

/* Puts the dataset's values [from, to) in the index, unchecked (they were
 * checked when their document came; room made first). */
static void index_values(td_dataset *d, size_t from, size_t to)
{
    td_dval_iter it;
    td_dval batch[BATCH];
    uint32_t hash[BATCH];
    td_dval_iter_init(&it, &d->all, from);
    for (size_t n = from, got = BATCH; n < to && got == BATCH;) {
        size_t most = to - n < BATCH ? to - n : BATCH;
        got = next_batch(&it, &d->val_index, most, batch, hash);
        for (size_t k = 0; k < got; k++, n++) {
            size_t first;
            if (indexed_value(&batch[k]))
                (void)vindex_put_or_get_hashed(d, &d->all, d->all.val_count, n, &batch[k], hash[k], &first);
        }
    }
}

/* Makes the indexes cover every record merged so far: the values' when
 * `values`, the members' when `members` (an index is made when a document
 * needs it: the first document's records are not indexed until a second
 * one brings values or members). */
static td_status index_catch_up(td_dataset *d, bool values, bool members, td_error *err)
{
    if (values && d->indexed_vals < d->all.val_count) {
        td_status rc = vindex_reserve(d, d->all.val_count - d->indexed_vals, err);
        if (rc != TD_OK)
            return rc;
        index_values(d, d->indexed_vals, d->all.val_count);
        d->indexed_vals = d->all.val_count;
    }
    while (members && d->indexed_members < d->all.member_count) {
        const char *id = d->all.members[d->indexed_members].id;
        td_status rc = td_map_put(&d->member_index, id, strlen(id), d->indexed_members, err);
        if (rc != TD_OK)
            return rc;
        d->indexed_members++;
    }
    return TD_OK;
}

/* Takes a document's values back out of the index: makes it again from
 * the dataset's values, in place. Allocates nothing. */
static void unindex_document(td_dataset *d)
{
    vindex *ix = &d->val_index;
    if (ix->cap == 0)
        return;
    memset(ix->slots, 0, ix->cap * sizeof *ix->slots);
    ix->count = 0;
    index_values(d, 0, d->indexed_vals);
}

static void vindex_free(td_dataset *d)
{
    td_dealloc(&d->alloc, d->val_index.slots);
    d->val_index = (vindex){NULL, 0, 0};
}

/* Checks a document's values and members against the dataset's and its
 * own. The document's values go into the dataset's index as they are
 * checked (at the numbers merge() will give them), so that one index
 * serves both checks; on failure they are taken back out. */
static td_status check_duplicates(td_dataset *d, const td_dparts *doc, td_error *err)
{
    td_status rc = index_catch_up(d, doc->val_count > 0, doc->member_count > 0, err);
    if (rc != TD_OK)
        return rc;
    /* room for every value at once: the index reaches its size without
     * holding its old and new slots together at each doubling */
    if (doc->val_count > 0 && (rc = vindex_reserve(d, doc->val_count, err)) != TD_OK)
        return rc;
    td_map members;
    td_map_init(&members, &d->alloc);
    char where[TD_ERROR_FILE_SIZE + 32];
    size_t base = d->all.val_count, i = 0;
    td_dval_iter it;
    td_dval_iter_init(&it, doc, 0);
    td_dval batch[BATCH];
    uint32_t hash[BATCH];
    for (size_t got = BATCH; rc == TD_OK && got == BATCH;) {
        got = next_batch(&it, &d->val_index, BATCH, batch, hash);
        for (size_t k = 0; k < got && rc == TD_OK; k++, i++) {
            const td_dval *v = &batch[k];
            size_t first;
            if (indexed_value(v) && vindex_put_or_get_hashed(d, doc, base, base + i, v, hash[k], &first)) {
                td_dval f = val_at(d, doc, base, first);
                pos_text(where, sizeof where, TD_DVAL_POS(&f, at));
                rc = fail_pos(err, TD_DVAL_POS(v, at), TD_EEXISTS,
                              "the %s of unit '%s' for '%s' is given twice: here and at %s",
                              td_dval_what(v->kind), v->unit, v->key, where);
            }
        }
    }
    if (rc != TD_OK) {
        unindex_document(d);
        return rc;
    }
    for (size_t j = 0; j < doc->member_count && rc == TD_OK; j++) {
        const td_dmember *m = &doc->members[j];
        size_t first;
        const td_dmember *f = NULL;
        if (td_map_get_str(&d->member_index, m->id, &first))
            f = &d->all.members[first];
        else if (td_map_get_str(&members, m->id, &first))
            f = &doc->members[first];
        else
            rc = td_map_put(&members, m->id, strlen(m->id), j, err);
        if (f != NULL) {
            pos_text(where, sizeof where, &f->pos);
            rc = fail_pos(err, &m->pos, TD_EEXISTS, "unit '%s' is listed as a member twice: here and at %s",
                          m->id, where);
        }
    }
    td_map_free(&members);
    if (rc != TD_OK)
        unindex_document(d);
    return rc;
}

/* The single-valued parts (cluster, period, next leader) given twice. */
static td_status check_header(const td_dataset *d, const td_dparts *doc, td_error *err)
{
    char where[TD_ERROR_FILE_SIZE + 32];
    const td_dparts *all = &d->all;
    if (all->has_cluster && doc->has_cluster) {
        pos_text(where, sizeof where, &all->cluster_pos);
        return fail_pos(err, &doc->cluster_pos, TD_EEXISTS,
                        "the cluster is described twice: here and at %s", where);
    }
    if (all->has_period && doc->has_period && all->period != doc->period) {
        pos_text(where, sizeof where, &all->period_pos);
        return fail_pos(err, &doc->period_pos, TD_EEXISTS,
                        "the period is %lld here but %lld at %s", (long long)doc->period,
                        (long long)all->period, where);
    }
    if (all->has_report && doc->has_report) {
        pos_text(where, sizeof where, &all->report_pos);
        return fail_pos(err, &doc->report_pos, TD_EEXISTS, "the report block is given twice: here and at %s",
                        where);
    }
    if (all->sheet.has && doc->sheet.has) {
        pos_text(where, sizeof where, &all->sheet.pos);
        return fail_pos(err, &doc->sheet.pos, TD_EEXISTS, "the cluster sheet is given twice: here and at %s", where);
    }
    if (all->has_next && doc->has_next) {
        pos_text(where, sizeof where, &all->next_pos);
        return fail_pos(err, &doc->next_pos, TD_EEXISTS, "next_leader is given twice: here and at %s",
                        where);
    }
    return TD_OK;
}

#define RESERVE(arr, count, cap, extra)                                                            \
    do {                                                                                           \
        void *items_ = d->all.arr;                                                                 \
        if ((rc = td_reserve(&d->alloc, &items_, &d->all.cap, d->all.count + (extra),              \
                             sizeof *d->all.arr, err)) != TD_OK)                                   \
            return rc;                                                                             \
        d->all.arr = items_;                                                                       \
    } while (0)

#define APPEND(arr, count)                                                                         \
    do {                                                                                           \
        if (doc->count > 0)                                                                        \
            memcpy(d->all.arr + d->all.count, doc->arr, doc->count * sizeof *doc->arr);            \
        d->all.count += doc->count;                                                                \
    } while (0)

/* Value v of a document as the dataset keeps it: the document's columns
 * and wide numbers follow the dataset's. */
static void rebase(td_dval *v, size_t column_base, size_t big_base)
{
    if (v->column != 0)
        v->column += (uint32_t)column_base; /* below UINT32_MAX - the document's: checked by merge() */
    if (v->big)
        v->coef += (int64_t)big_base;
}

/* Appends doc's values to `to`. On failure `to` holds the values it had
 * (only its arrays' room may have grown). */
static td_status vals_append(td_dparts *to, const td_dparts *doc, size_t column_base, size_t big_base,
                             const td_allocator *a, td_error *err)
{
    size_t len = to->vals.len, count = to->val_count;
    td_dval last = to->vals.last, v;
    td_dval_iter it;
    for (td_dval_iter_init(&it, doc, 0); td_dval_next(&it, &v);) {
        rebase(&v, column_base, big_base);
        td_status rc = vals_push(to, a, &v, err);
        if (rc != TD_OK) {
            to->vals.len = len;
            to->vals.last = last;
            to->val_count = count;
            return rc;
        }
    }
    return TD_OK;
}

/* Gives back the room a reader left for more values (a shrinking realloc
 * that fails changes nothing). */
static void vals_fit(td_dvals *vs, const td_allocator *a)
{
    if (vs->cap > vs->len + vs->len / 8 + DVAL_MAX_BYTES) {
        unsigned char *fit = a->realloc(a->ctx, vs->bytes, vs->len);
        if (fit != NULL) {
            vs->bytes = fit;
            vs->cap = vs->len;
        }
    }
}

/* Merges a checked document: room is made first and the values, the last
 * step that can fail, are taken back on failure, so nothing fails halfway. */
static td_status merge(td_dataset *d, td_dparts *doc, td_arena *arena, td_error *err)
{
    td_status rc;
    if (doc->column_count > UINT32_MAX - d->all.column_count) /* td_dval::column */
        return td_error_set(err, TD_ELIMIT, "more than %lu columns in the documents of one data set",
                            (unsigned long)UINT32_MAX);
    size_t column_base = d->all.column_count, big_base = d->all.big_count;
    /* the first document with values gives its own (no copy of the largest part) */
    bool take_vals = d->all.val_count == 0 && doc->val_count > 0 && column_base == 0 && big_base == 0;
    RESERVE(bigs, big_count, big_cap, doc->big_count);
    RESERVE(members, member_count, member_cap, doc->member_count);
    RESERVE(events, event_count, event_cap, doc->event_count);
    RESERVE(hist, hist_count, hist_cap, doc->hist_count);
    RESERVE(links, link_count, link_cap, doc->link_count);
    RESERVE(params, param_count, param_cap, doc->param_count);
    RESERVE(ballots, ballot_count, ballot_cap, doc->ballot_count);
    RESERVE(votes, vote_count, vote_cap, doc->vote_count);
    RESERVE(columns, column_count, column_cap, doc->column_count);
    RESERVE(groups, group_count, group_cap, doc->group_count);
    RESERVE(units, unit_count, unit_cap, doc->unit_count);
    RESERVE(rollups, rollup_count, rollup_cap, doc->rollup_count);
    void *items = d->arenas;
    if ((rc = td_reserve(&d->alloc, &items, &d->arena_cap, d->arena_count + 1, sizeof(td_arena), err)))
        return rc;
    d->arenas = items;
    if (take_vals) {
        td_dvals mine = d->all.vals;
        d->all.vals = doc->vals;
        d->all.val_count = doc->val_count;
        doc->vals = mine; /* freed with the document (which is only freed now) */
        vals_fit(&d->all.vals, &d->alloc);
    } else if ((rc = vals_append(&d->all, doc, column_base, big_base, &d->alloc, err)) != TD_OK) {
        return rc;
    }
    APPEND(bigs, big_count);
    APPEND(columns, column_count);
    APPEND(groups, group_count);
    APPEND(units, unit_count);
    APPEND(rollups, rollup_count);
    APPEND(members, member_count);
    APPEND(events, event_count);
    APPEND(hist, hist_count);
    APPEND(links, link_count);
    APPEND(params, param_count);
    APPEND(ballots, ballot_count);
    APPEND(votes, vote_count);
    d->arenas[d->arena_count++] = *arena;
    if (doc->has_cluster) {
        d->all.has_cluster = true;
        d->all.cluster_id = doc->cluster_id;
        d->all.cluster_name = doc->cluster_name;
        d->all.cluster_kind = doc->cluster_kind;
        d->all.leader = doc->leader;
        d->all.deputy = doc->deputy;
        d->all.deputy_pos = doc->deputy_pos;
        d->all.cluster_pos = doc->cluster_pos;
        d->all.leader_pos = doc->leader_pos;
    }
    if (doc->has_period && !d->all.has_period) {
        d->all.has_period = true;
        d->all.period = doc->period;
        d->all.period_pos = doc->period_pos;
    }
    if (doc->has_next) {
        d->all.has_next = true;
        d->all.next_leader = doc->next_leader;
        d->all.next_pos = doc->next_pos;
    }
    if (doc->has_report) {
        d->all.has_report = true;
        d->all.report_pos = doc->report_pos;
        memcpy(d->all.report_fields, doc->report_fields, sizeof doc->report_fields);
        memcpy(d->all.report_field_pos, doc->report_field_pos, sizeof doc->report_field_pos);
        memcpy(d->all.signers, doc->signers, sizeof doc->signers);
        memcpy(d->all.signer_pos, doc->signer_pos, sizeof doc->signer_pos);
        d->all.signer_count = doc->signer_count;
    }
    if (doc->next_deputy != NULL) {
        d->all.next_deputy = doc->next_deputy;
        d->all.next_deputy_pos = doc->next_deputy_pos;
    }
    if (doc->sheet.has)
        d->all.sheet = doc->sheet;
    return TD_OK;
}

/* The members and units of the dataset with a new document's within the limit. */
/* How many more members the dataset may take (the limit of members). */
static size_t members_left(const td_dataset *d)
{
    size_t max = d->limits.max_members;
    return max - (d->all.member_count < max ? d->all.member_count : max);
}

/* The member at `at` is beyond the limit of members. */
static td_status too_many_members(const td_dataset *d, const td_dpos *at, td_error *err)
{
    return fail_pos(err, at, TD_ELIMIT, "more than %zu members (the limit of members, --limit members)",
                    d->limits.max_members);
}

static td_status check_counts(const td_dataset *d, const td_dparts *doc, td_error *err)
{
    size_t max = d->limits.max_members;
    if (doc->member_count > members_left(d))
        return too_many_members(d, &doc->members[members_left(d)].pos, err);
    if (doc->unit_count > max - (d->all.unit_count < max ? d->all.unit_count : max))
        return fail_pos(err, &doc->units[max - d->all.unit_count].pos, TD_ELIMIT,
                        "more than %zu units (the limit of members and units, --limit members)", max);
    return TD_OK;
}

size_t td_dataset_bytes(const td_dataset *d)
{
    return d->bytes;
}

/* The cluster's members as a YAML or JSON document streams in: each item
 * of `cluster: members:` is read as soon as it is complete and its nodes
 * are not kept (doc.h, td_tb_sink): a list of 10^6 members costs its
 * records, not a tree of five nodes a member. */
typedef struct member_sink {
    td_dataset *d;
    td_dparts *doc;
    td_arena *arena; /* the document's strings */
    const char *file; /* the document's name in `arena`, made at the first member */
} member_sink;

static td_status stream_member(void *ctx, td_doc *tree, const td_yn *item, size_t index, td_error *err)
{
    member_sink *s = ctx;
    if (s->file == NULL && (s->file = td_arena_strdup(s->arena, tree->src.name)) == NULL)
        return td_error_nomem(err);
    /* the limit as check_counts() applies it, at the first member beyond it, before reading more */
    if (s->doc->member_count >= members_left(s->d))
        return too_many_members(s->d, &(td_dpos){s->file, item->line, item->column}, err);
    td_rd rd = {tree, err, s->arena};
    return td_data_read_member(&rd, s->file, &s->d->alloc, s->doc, item, index);
}

static td_status add(td_dataset *d, const char *path, const char *text, size_t len, const char *name,
                     td_doc_format format, td_error *err)
{
    td_error local;
    td_error_clear(&local);
    td_arena arena;
    td_arena_init(&arena, &d->alloc);
    td_dparts doc;
    memset(&doc, 0, sizeof doc);
    td_doc tree;
    td_doc_format used;
    td_limits limits = d->limits;
    limits.total_left = d->limits.max_total_bytes - d->bytes;
    static const char *const members_path[] = {"cluster", "members", NULL};
    member_sink ms = {d, &doc, &arena, NULL};
    const td_tb_sink sink = {members_path, stream_member, &ms};
    td_status rc = td_doc_load(&tree, path, text, len, name != NULL ? name : "<string>", format, true,
                               &limits, &d->alloc, &sink, &used, &local);
    size_t doc_bytes = rc == TD_OK ? tree.src.len : 0;
    const char *file = ms.file;
    if (rc == TD_OK && file == NULL) {
        file = td_arena_strdup(&arena, tree.src.name);
        if (file == NULL)
            rc = td_error_nomem(&local);
    }
    if (rc == TD_OK && used == TD_DOC_FORMAT_XLSX) {
        rc = td_xlsx_read(file, tree.src.text, tree.src.len, &d->limits, &arena, &d->alloc, &doc, &local);
    } else if (rc == TD_OK && used == TD_DOC_FORMAT_CSV) {
        rc = td_csv_read(&tree.src, &arena, file, d->decimal_comma, d->limits.max_rows, &d->alloc, &doc, &local);
    } else if (rc == TD_OK) {
        td_rd rd = {&tree, &local, &arena};
        rc = td_data_read(&rd, file, &d->alloc, &doc);
    }
    td_doc_free(&tree);
    if (rc == TD_OK)
        rc = check_counts(d, &doc, &local);
    if (rc == TD_OK)
        rc = check_header(d, &doc, &local);
    if (rc == TD_OK)
        rc = check_duplicates(d, &doc, &local);
    if (rc == TD_OK) {
        rc = merge(d, &doc, &arena, &local);
        if (rc != TD_OK)
            unindex_document(d);
    }
    if (rc == TD_OK) {
        /* the document is in, its values indexed (its members are indexed
         * when another document with members comes) */
        d->indexed_vals = d->all.val_count;
        if (doc.val_count > 0 && d->all.val_count == doc.val_count) {
            /* the only values so far: their index is not kept (often the
             * one large document), index_catch_up() makes it again when
             * another document with values comes */
            vindex_free(d);
            d->indexed_vals = 0;
        }
        d->bytes += doc_bytes;
    }
    td_dparts_free(&doc, &d->alloc);
    if (rc != TD_OK) {
        td_arena_free(&arena);
        if (err != NULL)
            *err = local;
    }
    return rc;
}

td_status td_dataset_add_file(td_dataset *d, const char *path, td_error *err)
{
    if (d == NULL || path == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", d == NULL ? "the dataset" : "path");
    return add(d, path, NULL, 0, NULL, d->format, err);
}

td_status td_dataset_add_string(td_dataset *d, const char *text, size_t len, const char *name,
                                td_doc_format format, td_error *err)
{
    if (d == NULL || text == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", d == NULL ? "the dataset" : "text");
    if (format < TD_DOC_FORMAT_AUTO || format > TD_DOC_FORMAT_XLSX)
        return td_error_set(err, TD_EINVAL, "unknown document format %d", (int)format);
    return add(d, NULL, text, len, name, format, err);
}

void td_dataset_options(const td_dataset *d, td_load_options *out)
{
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.allocator = &d->alloc;
    o.decimal_comma = d->decimal_comma;
    o.max_bytes = d->limits.max_bytes;
    o.max_depth = d->limits.max_depth;
    o.max_nodes = d->limits.max_nodes;
    o.max_line_bytes = d->limits.max_line_bytes;
    o.expr_max_bytes = d->limits.expr_max_bytes;
    o.expr_max_depth = d->limits.expr_max_depth;
    o.max_total_bytes = d->limits.max_total_bytes;
    o.max_keys = d->limits.max_keys;
    o.max_rows = d->limits.max_rows;
    o.max_members = d->limits.max_members;
    o.max_criteria = d->limits.max_criteria;
    o.max_measures = d->limits.max_measures;
    *out = o;
}

const td_dparts *td_dataset_parts(const td_dataset *d)
{
    return &d->all;
}

const td_allocator *td_dataset_allocator(const td_dataset *d)
{
    return &d->alloc;
}

/* The values are most of a large data file's memory: keep their record small. */
_Static_assert(sizeof(void *) != 8 || sizeof(td_dval) <= 72, "td_dval grew beyond 72 bytes");
