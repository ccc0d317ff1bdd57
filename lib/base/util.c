#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocation ---- */

static void *libc_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void *libc_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return realloc(ptr, size);
}

static void libc_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

const td_allocator td_libc_allocator = {libc_malloc, libc_realloc, libc_free, NULL};

void td_allocator_resolve(td_allocator *dst, const td_allocator *src)
{
    if (src != NULL && src->malloc != NULL && src->realloc != NULL && src->free != NULL)
        *dst = *src;
    else
        *dst = td_libc_allocator;
}

void *td_alloc(const td_allocator *a, size_t size)
{
    return a->malloc(a->ctx, size == 0 ? 1 : size);
}

void td_dealloc(const td_allocator *a, void *ptr)
{
    if (ptr != NULL)
        a->free(a->ctx, ptr);
}

td_status td_reserve(const td_allocator *a, void **items, size_t *cap, size_t need, size_t elem,
                     td_error *err)
{
    if (need <= *cap)
        return TD_OK;
    size_t ncap = *cap < 8 ? 8 : *cap;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return td_error_nomem(err);
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / elem)
        return td_error_nomem(err);
    void *p = a->realloc(a->ctx, *items, ncap * elem);
    if (p == NULL)
        return td_error_nomem(err);
    *items = p;
    *cap = ncap;
    return TD_OK;
}

/* ---- arena ---- */

struct td_arena_block {
    td_arena_block *next;
    size_t used;
    size_t size;
    _Alignas(max_align_t) unsigned char data[];
};

#define ARENA_BLOCK 4096

void td_arena_init(td_arena *arena, const td_allocator *alloc)
{
    td_allocator_resolve(&arena->alloc, alloc);
    arena->head = NULL;
}

void td_arena_free(td_arena *arena)
{
    td_arena_block *b = arena->head;
    while (b != NULL) {
        td_arena_block *next = b->next;
        td_dealloc(&arena->alloc, b);
        b = next;
    }
    arena->head = NULL;
}

/* A zeroed block. The C library's allocator gives it with calloc(), which
 * need not touch fresh pages from the system: the large columns of a
 * result are then first written by the stage that fills them (in its
 * threads), not cleared beforehand by the calling thread. */
static td_arena_block *block_zeroed(const td_allocator *a, size_t size)
{
    if (a->malloc == libc_malloc)
        return calloc(1, size);
    td_arena_block *b = td_alloc(a, size);
    if (b != NULL)
        memset(b, 0, size);
    return b;
}

/* `size` bytes (> 0) at a multiple of `align` (a power of two, at most
 * max_align_t's) in the arena. */
static void *arena_take(td_arena *arena, size_t size, size_t align)
{
    td_arena_block *b = arena->head;
    size_t start = b != NULL ? (b->used + align - 1) & ~(align - 1) : 0;
    if (b == NULL || start > b->size || b->size - start < size) {
        size_t bsize = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        if (bsize > SIZE_MAX - sizeof(td_arena_block))
            return NULL;
        td_arena_block *nb = block_zeroed(&arena->alloc, sizeof(td_arena_block) + bsize);
        if (nb == NULL)
            return NULL;
        nb->used = 0;
        nb->size = bsize;
        /* A big allocation goes behind the current block so that the
         * current block's free space stays usable. */
        if (b != NULL && bsize > ARENA_BLOCK) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            arena->head = nb;
        }
        b = nb;
        start = 0;
    }
    /* zeroed already: the block was, and the arena never hands out memory twice */
    void *p = b->data + start;
    b->used = start + size;
    return p;
}

void *td_arena_alloc(td_arena *arena, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    if (size > SIZE_MAX - align)
        return NULL;
    return arena_take(arena, size == 0 ? 1 : size, align);
}

void *td_arena_alloc_bytes(td_arena *arena, size_t size)
{
    return arena_take(arena, size == 0 ? 1 : size, 1);
}

td_arena_mark td_arena_mark_now(const td_arena *arena)
{
    td_arena_block *b = arena->head;
    return (td_arena_mark){b, b != NULL ? b->next : NULL, b != NULL ? b->used : 0};
}

/* Frees the blocks from `from` up to `to` (not included) in a list. */
static void free_blocks(td_arena *arena, td_arena_block *from, const td_arena_block *to)
{
    while (from != NULL && from != to) {
        td_arena_block *next = from->next;
        td_dealloc(&arena->alloc, from);
        from = next;
    }
}

void td_arena_rewind(td_arena *arena, td_arena_mark mark)
{
    /* blocks made since went in front of the head, or (large ones) right behind it */
    free_blocks(arena, arena->head, mark.head);
    arena->head = mark.head;
    if (mark.head == NULL)
        return;
    free_blocks(arena, mark.head->next, mark.next);
    mark.head->next = mark.next;
    memset(mark.head->data + mark.used, 0, mark.head->used - mark.used);
    mark.head->used = mark.used;
}

char *td_arena_strndup(td_arena *arena, const char *s, size_t n)
{
    char *p = n < SIZE_MAX ? td_arena_alloc_bytes(arena, n + 1) : NULL;
    if (p != NULL) {
        if (n > 0)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *td_arena_strdup(td_arena *arena, const char *s)
{
    if (s == NULL)
        s = "";
    return td_arena_strndup(arena, s, strlen(s));
}

/* ---- map ---- */

uint64_t td_hash_add(uint64_t h, const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++) { /* FNV-1a */
        h ^= (unsigned char)bytes[i];
        h *= 1099511628211u;
    }
    return h;
}

uint64_t td_hash_end(uint64_t h)
{
    /* FNV's low bits, which pick the slot, mix poorly on keys that differ
     * only at the end ("unit-000123"): fold the high half in. */
    return h ^ (h >> 32);
}

static uint32_t hash_bytes(const char *key, size_t len)
{
    return (uint32_t)td_hash_end(td_hash_add(TD_HASH_START, key, len));
}

void td_map_init(td_map *map, const td_allocator *alloc)
{
    td_allocator_resolve(&map->alloc, alloc);
    map->slots = NULL;
    map->cap = 0;
    map->count = 0;
}

void td_map_free(td_map *map)
{
    td_dealloc(&map->alloc, map->slots);
    map->slots = NULL;
    map->cap = 0;
    map->count = 0;
}

/* The slot holding `key`, or the empty slot where its probe ends. */
static size_t map_find(const td_map *map, const char *key, size_t len, uint32_t h)
{
    size_t mask = map->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const td_map_slot *s = &map->slots[i];
        if (s->key == NULL || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return i;
    }
}

bool td_map_get(const td_map *map, const char *key, size_t len, size_t *value)
{
    if (map->cap == 0)
        return false;
    const td_map_slot *s = &map->slots[map_find(map, key, len, hash_bytes(key, len))];
    if (s->key == NULL)
        return false;
    if (value != NULL)
        *value = s->value;
    return true;
}

bool td_map_get_str(const td_map *map, const char *key, size_t *value)
{
    return td_map_get(map, key, strlen(key), value);
}

static void map_insert(td_map_slot *slots, size_t cap, td_map_slot slot)
{
    size_t mask = cap - 1;
    size_t i = (size_t)slot.hash & mask;
    while (slots[i].key != NULL)
        i = (i + 1) & mask;
    slots[i] = slot;
}

bool td_map_remove(td_map *map, const char *key, size_t len)
{
    if (map->cap == 0)
        return false;
    size_t mask = map->cap - 1, i = map_find(map, key, len, hash_bytes(key, len));
    if (map->slots[i].key == NULL)
        return false;
    /* backward shift: move up each later key of the run whose home slot
     * does not lie in (i, j], so that no probe meets a hole before it */
    for (size_t j = (i + 1) & mask; map->slots[j].key != NULL; j = (j + 1) & mask) {
        size_t home = (size_t)map->slots[j].hash & mask;
        bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (!stays) {
            map->slots[i] = map->slots[j];
            i = j;
        }
    }
    map->slots[i].key = NULL;
    map->count--;
    return true;
}

td_status td_map_reserve(td_map *map, size_t more, td_error *err)
{
    if (more > SIZE_MAX / 4 - map->count)
        return td_error_nomem(err);
    size_t need = map->count + more;
    if (need * 4 <= map->cap * 3) /* keep the load below 3/4 */
        return TD_OK;
    size_t ncap = map->cap == 0 ? 16 : map->cap;
    while (need * 4 > ncap * 3) {
        if (ncap > SIZE_MAX / 2 / sizeof(td_map_slot))
            return td_error_nomem(err);
        ncap *= 2;
    }
    td_map_slot *ns = td_alloc(&map->alloc, ncap * sizeof *ns);
    if (ns == NULL)
        return td_error_nomem(err);
    memset(ns, 0, ncap * sizeof *ns);
    for (size_t i = 0; i < map->cap; i++)
        if (map->slots[i].key != NULL)
            map_insert(ns, ncap, map->slots[i]);
    td_dealloc(&map->alloc, map->slots);
    map->slots = ns;
    map->cap = ncap;
    return TD_OK;
}

static td_status long_key(size_t len, td_error *err)
{
    return td_error_set(err, TD_ELIMIT, "a key of %zu bytes is too long for an index (at most 4 GiB)", len);
}

td_status td_map_put_or_get(td_map *map, const char *key, size_t len, size_t value, size_t *existing,
                            td_error *err)
{
    if (td_size_over_u32(len))
        return long_key(len, err);
    td_status rc = td_map_reserve(map, 1, err);
    if (rc != TD_OK)
        return rc;
    uint32_t h = hash_bytes(key, len);
    td_map_slot *s = &map->slots[map_find(map, key, len, h)];
    if (s->key != NULL) {
        *existing = s->value;
        return TD_EEXISTS;
    }
    *s = (td_map_slot){key, value, h, (uint32_t)len};
    map->count++;
    return TD_OK;
}

td_status td_map_put(td_map *map, const char *key, size_t len, size_t value, td_error *err)
{
    if (td_size_over_u32(len))
        return long_key(len, err);
    td_status rc = td_map_reserve(map, 1, err);
    if (rc != TD_OK)
        return rc;
    map_insert(map->slots, map->cap, (td_map_slot){key, value, hash_bytes(key, len), (uint32_t)len});
    map->count++;
    return TD_OK;
}

/* ---- text buffer ---- */

void td_buf_init(td_buf *buf, const td_allocator *alloc)
{
    buf->alloc = alloc;
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
    buf->failed = false;
    buf->sink = NULL;
    buf->sink_ctx = NULL;
}

void td_buf_stream(td_buf *buf, td_buf_sink sink, void *ctx)
{
    buf->sink = sink;
    buf->sink_ctx = ctx;
}

bool td_buf_flush(td_buf *buf)
{
    if (buf->failed)
        return false;
    if (buf->sink != NULL && buf->data != NULL && buf->len > 0) {
        if (!buf->sink(buf->sink_ctx, buf->data, buf->len)) {
            buf->failed = true;
            return false;
        }
        buf->len = 0;
        buf->data[0] = '\0';
    }
    return true;
}

void td_buf_free(td_buf *buf)
{
    td_dealloc(buf->alloc, buf->data);
    td_buf_init(buf, buf->alloc);
}

void td_buf_reset(td_buf *buf)
{
    buf->len = 0;
    if (buf->data != NULL)
        buf->data[0] = '\0';
}

static bool buf_room(td_buf *buf, size_t extra)
{
    if (buf->failed)
        return false;
    if (buf->cap - buf->len > extra) /* room for the text and its NUL already: the commonest case */
        return true;
    if (buf->sink != NULL && buf->len > 0 && buf->cap >= TD_BUF_PIECE) {
        /* streaming, a piece made: handed over instead of growing */
        if (!td_buf_flush(buf))
            return false;
        if (buf->cap - buf->len > extra)
            return true;
    }
    if (extra > SIZE_MAX - buf->len - 1) {
        buf->failed = true;
        return false;
    }
    void *items = buf->data;
    if (td_reserve(buf->alloc, &items, &buf->cap, buf->len + extra + 1, 1, NULL) != TD_OK) {
        buf->failed = true;
        return false;
    }
    buf->data = items;
    return true;
}

void td_buf_append_n(td_buf *buf, const char *text, size_t n)
{
    if (!buf_room(buf, n))
        return;
    if (n > 0)
        memcpy(buf->data + buf->len, text, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
}

void td_buf_append(td_buf *buf, const char *text)
{
    if (text != NULL)
        td_buf_append_n(buf, text, strlen(text));
}

void td_buf_append_char(td_buf *buf, char c)
{
    td_buf_append_n(buf, &c, 1);
}

void td_buf_spaces(td_buf *buf, size_t n)
{
    static const char spaces[] = "                                ";
    while (n > 0 && !buf->failed) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        td_buf_append_n(buf, spaces, k);
        n -= k;
    }
}

char *td_buf_take(td_buf *buf, size_t *len)
{
    td_buf_append_n(buf, "", 0); /* an empty text still gets its NUL */
    if (buf->failed) {
        td_buf_free(buf);
        return NULL;
    }
    char *p = buf->data;
    if (len != NULL)
        *len = buf->len;
    td_buf_init(buf, buf->alloc);
    return p;
}

/* Whether every conversion of fmt is one that simple_format() knows:
 * %%, %s, %d, %u, %ld, %lu, %lld, %llu, %zu (no flags, width or precision). */
static bool simple_conversions(const char *fmt)
{
    for (const char *p = strchr(fmt, '%'); p != NULL; p = strchr(p, '%')) {
        p++;
        if (*p == 'l')
            p += p[1] == 'l' ? 2 : 1;
        else if (*p == 'z' && p[1] == 'u')
            p++;
        if (*p != '%' && *p != 's' && *p != 'd' && *p != 'u')
            return false;
        if (*p == '%' && p[-1] != '%')
            return false; /* "%l%" */
        if (*p == 's' && p[-1] != '%')
            return false; /* "%ls" */
        p++;
    }
    return true;
}

/* Appends the digits of v. */
static void append_unsigned(td_buf *buf, bool negative, unsigned long long v)
{
    char text[24];
    size_t i = sizeof text;
    do {
        text[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    if (negative)
        text[--i] = '-';
    td_buf_append_n(buf, text + i, sizeof text - i);
}

static void append_signed(td_buf *buf, long long v)
{
    append_unsigned(buf, v < 0, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v);
}

/* vsnprintf() for the formats simple_conversions() accepts, without the
 * cost of stdio: explanations append millions of short pieces. */
static void simple_format(td_buf *buf, const char *fmt, va_list ap)
{
    const char *p = fmt;
    for (;;) {
        const char *pct = strchr(p, '%');
        if (pct == NULL) {
            td_buf_append(buf, p);
            return;
        }
        td_buf_append_n(buf, p, (size_t)(pct - p));
        p = pct + 1;
        int longs = 0;
        bool size = false;
        while (*p == 'l') {
            longs++;
            p++;
        }
        if (*p == 'z') {
            size = true;
            p++;
        }
        switch (*p++) {
        case '%': td_buf_append_char(buf, '%'); break;
        case 's': {
            const char *text = va_arg(ap, const char *);
            td_buf_append(buf, text != NULL ? text : "(null)"); /* as glibc prints it */
            break;
        }
        case 'd':
            append_signed(buf, longs == 2 ? va_arg(ap, long long) : longs == 1 ? va_arg(ap, long) : va_arg(ap, int));
            break;
        default: /* 'u' */
            append_unsigned(buf, false,
                            size         ? va_arg(ap, size_t)
                            : longs == 2 ? va_arg(ap, unsigned long long)
                            : longs == 1 ? va_arg(ap, unsigned long)
                                         : va_arg(ap, unsigned));
            break;
        }
    }
}

void td_buf_vappendf(td_buf *buf, const char *fmt, va_list ap)
{
    if (buf->failed)
        return;
    if (simple_conversions(fmt)) {
        simple_format(buf, fmt, ap);
        return;
    }
    /* Format straight into the free room; only text that does not fit is
     * formatted a second time (explanations are built from many short
     * pieces, and measuring each first doubled their cost). */
    size_t avail = buf->data != NULL ? buf->cap - buf->len : 0;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(avail > 0 ? buf->data + buf->len : NULL, avail, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        buf->failed = true;
        return;
    }
    if ((size_t)n < avail) {
        buf->len += (size_t)n;
        return;
    }
    if (!buf_room(buf, (size_t)n))
        return;
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    buf->len += (size_t)n;
}

void td_buf_appendf(td_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_buf_vappendf(buf, fmt, ap);
    va_end(ap);
}

void td_buf_decimal(td_buf *buf, td_decimal d)
{
    char text[TD_DECIMAL_STRING_SIZE];
    td_buf_append_n(buf, text, td_decimal_format(text, sizeof text, d));
}

void td_buf_fixed(td_buf *buf, td_decimal d, int places)
{
    char text[TD_DECIMAL_STRING_SIZE];
    td_buf_append_n(buf, text, td_decimal_format_fixed(text, sizeof text, d, places));
}

bool td_buf_failed(const td_buf *buf)
{
    return buf->failed;
}

const char *td_buf_text(const td_buf *buf)
{
    return (buf->data == NULL || buf->failed) ? "" : buf->data;
}

/* ---- UTF-8 and ids ---- */

size_t td_utf8_char(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[0];
    size_t need;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4, v = c & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t k = 1; k < need; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need;
}

size_t td_utf8_invalid_at(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t w = td_utf8_char(s + i, len - i, &cp);
        if (w == 0)
            return i;
        i += w;
    }
    return len;
}

bool td_utf8_valid(const char *s, size_t len)
{
    return td_utf8_invalid_at(s, len) == len;
}

/* ---- characters refused in ids and escaped in messages ---- */

typedef struct cp_range {
    uint32_t lo, hi;
} cp_range;

/* Bidi_Control (Unicode 15.1, PropList.txt). */
static const cp_range bidi_controls[] = {
    {0x061C, 0x061C}, {0x200E, 0x200F}, {0x202A, 0x202E}, {0x2066, 0x2069},
};

/* Default_Ignorable_Code_Point (Unicode 15.1, DerivedCoreProperties.txt)
 * less the bidi controls above: characters that render as nothing. */
static const cp_range ignorables[] = {
    {0x00AD, 0x00AD},   {0x034F, 0x034F},   {0x115F, 0x1160},   {0x17B4, 0x17B5},
    {0x180B, 0x180F},   {0x200B, 0x200D},   {0x2060, 0x2065},   {0x206A, 0x206F},
    {0x3164, 0x3164},   {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},
    {0xFFF0, 0xFFF8},   {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

static bool in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return true;
    return false;
}

bool td_char_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

const char *td_char_hidden(uint32_t cp)
{
    if (td_char_is_control(cp))
        return "a control character";
    if (in_ranges(cp, bidi_controls, sizeof bidi_controls / sizeof bidi_controls[0]))
        return "a bidirectional control";
    if (cp == 0x2028 || cp == 0x2029)
        return "a line or paragraph separator";
    if (in_ranges(cp, ignorables, sizeof ignorables / sizeof ignorables[0]))
        return "an invisible (zero-width or default-ignorable) character";
    return NULL;
}

size_t td_escape(char *dst, size_t n, const char *s, size_t len, size_t *used)
{
    size_t k = 0, i = 0;
    if (n == 0) {
        if (used != NULL)
            *used = 0;
        return 0;
    }
    while (i < len) {
        char piece[16];
        size_t plen, w;
        uint32_t cp;
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            w = 1;
            cp = c;
        } else {
            w = td_utf8_char(s + i, len - i, &cp);
        }
        if (w == 0) { /* a byte that is not UTF-8 */
            snprintf(piece, sizeof piece, "\\x%02x", c);
            w = 1;
        } else if (cp == '\t' || cp == '\n' || cp == '\r') {
            snprintf(piece, sizeof piece, "\\%c", cp == '\t' ? 't' : cp == '\n' ? 'n' : 'r');
        } else if (cp < 0x80 && td_char_hidden(cp) != NULL) {
            snprintf(piece, sizeof piece, "\\x%02x", (unsigned)cp);
        } else if (td_char_hidden(cp) != NULL) {
            snprintf(piece, sizeof piece, "\\u{%x}", (unsigned)cp);
        } else {
            piece[0] = '\0';
        }
        plen = piece[0] != '\0' ? strlen(piece) : w;
        if (k + plen >= n)
            break; /* only whole characters and escapes */
        memcpy(dst + k, piece[0] != '\0' ? piece : s + i, plen);
        k += plen;
        i += w;
    }
    dst[k] = '\0';
    if (used != NULL)
        *used = i;
    return k;
}

size_t td_id_refused_at(const char *s, size_t len, uint32_t *cp, const char **why)
{
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t w = td_utf8_char(s + i, len - i, &c);
        if (w == 0)
            return len; /* invalid UTF-8 is another check's */
        const char *reason = td_char_hidden(c);
        if (reason != NULL) {
            *cp = c;
            *why = reason;
            return i;
        }
        i += w;
    }
    return len;
}

size_t td_name_refused_at(const char *s, size_t len, uint32_t *cp)
{
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t w = td_utf8_char(s + i, len - i, &c);
        if (w == 0)
            return len;
        if (td_char_is_control(c) && c != '\t' && c != '\n' && c != '\r') {
            *cp = c;
            return i;
        }
        i += w;
    }
    return len;
}

void td_quote(char *dst, size_t n, const char *s)
{
    char excerpt[48];
    size_t used;
    if (s == NULL)
        s = "";
    size_t len = strlen(s);
    td_escape(excerpt, 41, s, len, &used); /* at most 40 bytes, escapes whole */
    snprintf(dst, n, "'%s%s'", excerpt, used < len ? "..." : "");
}

td_status td_check_text(const char *text, const char *what, td_error *err)
{
    if (text == NULL)
        return TD_OK;
    if (!td_utf8_valid(text, strlen(text)))
        return td_error_set(err, TD_EINVAL, "%s is not valid UTF-8", what);
    return TD_OK;
}

bool td_iso_date_valid(const char *s)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

td_status td_check_name(const char *text, const char *what, td_error *err)
{
    td_status rc = td_check_text(text, what, err);
    if (rc != TD_OK || text == NULL)
        return rc;
    size_t len = strlen(text);
    uint32_t cp;
    size_t at = td_name_refused_at(text, len, &cp);
    if (at < len) {
        char q[64];
        td_quote(q, sizeof q, text);
        return td_error_set(err, TD_EINVAL,
                            "%s %s contains U+%04X, a control character (byte %zu); names may "
                            "hold tabs and line breaks but no other control characters",
                            what, q, (unsigned)cp, at + 1);
    }
    return TD_OK;
}

td_status td_check_id(const char *id, const char *what, td_error *err)
{
    if (id == NULL)
        return td_error_set(err, TD_EINVAL, "%s is missing (NULL)", what);
    if (id[0] == '\0')
        return td_error_set(err, TD_EINVAL, "%s is empty", what);
    size_t len = strlen(id);
    if (!td_utf8_valid(id, len)) {
        char q[64];
        td_quote(q, sizeof q, id);
        return td_error_set(err, TD_EINVAL, "%s %s is not valid UTF-8 (byte %zu)", what, q,
                            td_utf8_invalid_at(id, len) + 1);
    }
    uint32_t cp = 0; /* set when at < len: initialized for gcc -O2's -Wmaybe-uninitialized */
    const char *why = "";
    size_t at = td_id_refused_at(id, len, &cp, &why);
    if (at < len) {
        char q[64];
        td_quote(q, sizeof q, id);
        return td_error_set(err, TD_EINVAL, "%s %s contains U+%04X, %s (byte %zu); %s", what, q,
                            (unsigned)cp, why, at + 1, TD_ID_RULE);
    }
    return TD_OK;
}

void td_sort_by_keys(size_t *idx, uint64_t *keys, size_t n, size_t *idx_scratch, uint64_t *key_scratch)
{
    if (n < 2)
        return;
    /* the bytes in which some key differs from the first: only they are sorted on */
    uint64_t differ = 0;
    for (size_t i = 1; i < n; i++)
        differ |= keys[i] ^ keys[0];
    size_t *src_i = idx, *dst_i = idx_scratch;
    uint64_t *src_k = keys, *dst_k = key_scratch;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        if ((differ >> shift & 0xFF) == 0)
            continue;
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[src_k[i] >> shift & 0xFF]++;
        size_t at = 0;
        for (size_t b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++) {
            size_t to = count[src_k[i] >> shift & 0xFF]++;
            dst_k[to] = src_k[i];
            dst_i[to] = src_i[i];
        }
        size_t *ti = src_i;
        src_i = dst_i;
        dst_i = ti;
        uint64_t *tk = src_k;
        src_k = dst_k;
        dst_k = tk;
    }
    if (src_i != idx) {
        memcpy(idx, src_i, n * sizeof *idx);
        memcpy(keys, src_k, n * sizeof *keys);
    }
}

void td_sort_indices(size_t *idx, size_t n, int (*cmp)(const void *ctx, size_t a, size_t b),
                     const void *ctx, size_t *scratch)
{
    /* bottom-up merge sort, ping-ponging between idx and scratch */
    size_t *src = idx, *dst = scratch;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = cmp(ctx, src[j], src[i]) < 0 ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        size_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != idx)
        memcpy(idx, src, n * sizeof *idx);
}
