/*
 * Internal: allocation through td_allocator, an arena for strings and
 * fixed-size records, a string → index hash map, a growable text buffer and
 * UTF-8 checks. Not installed.
 */
#ifndef THIDUA_LIB_UTIL_H
#define THIDUA_LIB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "thidua/common.h"
#include "thidua/decimal.h"

/* malloc, realloc and free of the C library (what td_free() releases). */
extern const td_allocator td_libc_allocator;

/* Copies *src, or td_libc_allocator when src is NULL or incomplete. */
void td_allocator_resolve(td_allocator *dst, const td_allocator *src);

void *td_alloc(const td_allocator *a, size_t size);
void td_dealloc(const td_allocator *a, void *ptr);

/* Ensures *items has room for `need` elements of `elem` bytes, growing *cap
 * geometrically. On failure *items and *cap are unchanged. */
td_status td_reserve(const td_allocator *a, void **items, size_t *cap, size_t need, size_t elem,
                     td_error *err);

/* Sorts idx[0..n) stably by cmp(ctx, a, b) (negative: a first), using
 * scratch[0..n) as work space. O(n log n), no recursion, no allocation:
 * ranking large clusters must not be quadratic. */
void td_sort_indices(size_t *idx, size_t n, int (*cmp)(const void *ctx, size_t a, size_t b),
                     const void *ctx, size_t *scratch);

/* Sorts idx[0..n) and keys[0..n) together, stably, by ascending key
 * (keys[i] is the key of idx[i]), using the scratch arrays as work space:
 * a radix sort over the key bytes that differ, O(n) per such byte, for
 * the sorts of millions of members by a 64-bit number. */
void td_sort_by_keys(size_t *idx, uint64_t *keys, size_t n, size_t *idx_scratch, uint64_t *key_scratch);

/* An arena: allocations live until td_arena_free. */
typedef struct td_arena_block td_arena_block;
typedef struct td_arena {
    td_allocator alloc;
    td_arena_block *head;
} td_arena;

void td_arena_init(td_arena *arena, const td_allocator *alloc);
void td_arena_free(td_arena *arena);
/* Zeroed memory aligned for any type, or NULL. */
void *td_arena_alloc(td_arena *arena, size_t size);
/* Zeroed bytes with no alignment (texts: a short one then takes its
 * length, not a multiple of 16), or NULL. */
void *td_arena_alloc_bytes(td_arena *arena, size_t size);
/* A point in an arena's allocations, to take back what came after it
 * (td_arena_rewind()). */
typedef struct td_arena_mark {
    td_arena_block *head, *next; /* the current block and the one behind it */
    size_t used;
} td_arena_mark;
td_arena_mark td_arena_mark_now(const td_arena *arena);
/* Frees or clears every allocation made since `mark` (which must be of
 * this arena, and no rewind to an earlier mark in between): the arena is
 * as it was then, its free space zeroed again. */
void td_arena_rewind(td_arena *arena, td_arena_mark mark);
/* Copies s (NULL gives ""), or NULL when out of memory. */
char *td_arena_strdup(td_arena *arena, const char *s);
/* Copies the n bytes at s and a NUL, or NULL when out of memory. */
char *td_arena_strndup(td_arena *arena, const char *s, size_t n);

/* Whether n does not fit 32 bits (never where size_t has 32 bits: no
 * comparison that is always false there). */
static inline bool td_size_over_u32(size_t n)
{
#if SIZE_MAX > UINT32_MAX
    return n > UINT32_MAX;
#else
    (void)n;
    return false;
#endif
}

/* The maps' hash of byte strings (FNV-1a), for tables of other keys:
 * td_hash_end(td_hash_add(td_hash_add(TD_HASH_START, a, na), b, nb)) hashes
 * the bytes of a then b; td_hash_end() mixes the high bits into the low
 * ones that pick a slot. */
#define TD_HASH_START UINT64_C(14695981039346656037)
uint64_t td_hash_add(uint64_t h, const char *bytes, size_t len);
uint64_t td_hash_end(uint64_t h);

/* An open-addressing hash map from byte strings to size_t. Keys are borrowed:
 * they must outlive the map (keep them in an arena). */
typedef struct td_map_slot {
    const char *key; /* NULL: an empty slot */
    size_t value;
    uint32_t hash;   /* of the key: probes compare it before the bytes, growing reuses it */
    uint32_t len;    /* keys are shorter than 4 GiB (td_map_put() refuses longer ones) */
} td_map_slot;

typedef struct td_map {
    td_allocator alloc;
    td_map_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} td_map;

void td_map_init(td_map *map, const td_allocator *alloc);
void td_map_free(td_map *map);
bool td_map_get(const td_map *map, const char *key, size_t len, size_t *value);
bool td_map_get_str(const td_map *map, const char *key, size_t *value);
/* Inserts a key that is not present yet. Fails (TD_ENOMEM) only when it
 * must grow, or (TD_ELIMIT) for a key of 4 GiB or more: after
 * td_map_reserve(map, k), k puts of shorter keys cannot fail. */
td_status td_map_put(td_map *map, const char *key, size_t len, size_t value, td_error *err);
/* Makes room for `more` keys beyond those present. Errors: TD_ENOMEM. */
td_status td_map_reserve(td_map *map, size_t more, td_error *err);
/* Inserts `key` unless present, in one probe: TD_EEXISTS (err untouched)
 * with *existing its value when it is. Allocates only as td_map_put(). */
td_status td_map_put_or_get(td_map *map, const char *key, size_t len, size_t value, size_t *existing,
                            td_error *err);
/* Removes a key; false when it is not present. Never allocates. */
bool td_map_remove(td_map *map, const char *key, size_t len);

/* A growable NUL-terminated text buffer. On the first allocation failure it
 * stays failed: later appends do nothing and td_buf_failed() is true. */
/* Where a streaming td_buf hands its text over: false stops it (the
 * buffer is failed from then on). */
typedef bool (*td_buf_sink)(void *ctx, const char *data, size_t len);

typedef struct td_buf {
    const td_allocator *alloc;
    char *data;
    size_t len;
    size_t cap;
    bool failed;
    td_buf_sink sink; /* NULL: the buffer keeps all its text */
    void *sink_ctx;
} td_buf;

/* A streaming buffer holds about this much: beyond it, an append hands the
 * text so far to the sink and starts again empty. */
#define TD_BUF_PIECE ((size_t)64 * 1024)

void td_buf_init(td_buf *buf, const td_allocator *alloc);
/* Makes buf stream its text to sink(ctx, ...) in pieces of about
 * TD_BUF_PIECE bytes as it is appended, instead of keeping it: a writer of
 * a streaming buffer must not read back what it appended (data and len
 * hold only the piece not handed over yet). td_buf_flush() hands over the
 * rest. */
void td_buf_stream(td_buf *buf, td_buf_sink sink, void *ctx);
/* Hands a streaming buffer's text over; false when the buffer is failed. */
bool td_buf_flush(td_buf *buf);
void td_buf_free(td_buf *buf);
void td_buf_reset(td_buf *buf);
/* Appends text; NULL appends nothing. */
void td_buf_append(td_buf *buf, const char *text);
void td_buf_append_n(td_buf *buf, const char *text, size_t n);
void td_buf_append_char(td_buf *buf, char c);
/* Appends `n` spaces. */
void td_buf_spaces(td_buf *buf, size_t n);
/* Hands the text over (NUL-terminated, from the buffer's allocator; "" when
 * nothing was written) and leaves the buffer empty; NULL, with the buffer
 * freed, when writing failed. *len (if not NULL) receives its length. */
char *td_buf_take(td_buf *buf, size_t *len);
void td_buf_appendf(td_buf *buf, const char *fmt, ...) TD_PRINTF(2, 3);
void td_buf_vappendf(td_buf *buf, const char *fmt, va_list ap);
/* Appends the shortest text of d. */
void td_buf_decimal(td_buf *buf, td_decimal d);
/* Appends d with exactly `places` decimals. */
void td_buf_fixed(td_buf *buf, td_decimal d, int places);
bool td_buf_failed(const td_buf *buf);
/* The text so far ("" when empty or failed). */
const char *td_buf_text(const td_buf *buf);

/* The length of the well-formed UTF-8 character at s (of at most n >= 1
 * bytes) with its code point in *cp, or 0 when it is not one (overlong, a
 * surrogate, beyond U+10FFFF, cut short). */
size_t td_utf8_char(const char *s, size_t n, uint32_t *cp);
/* The offset of the first byte of s that is not well-formed UTF-8, or len. */
size_t td_utf8_invalid_at(const char *s, size_t len);
/* true when the len bytes are well-formed UTF-8 (no overlongs, no surrogates). */
bool td_utf8_valid(const char *s, size_t len);

/* Control characters: C0 (U+0000-U+001F), DEL and C1 (U+007F-U+009F). */
bool td_char_is_control(uint32_t cp);

/* Why code point cp is hidden or harmful on a terminal ("a control
 * character", "a bidirectional control", "a line or paragraph separator",
 * "an invisible (zero-width or default-ignorable) character"), or NULL for
 * an ordinary character. These are refused in ids (UTS #39 / UAX #31:
 * controls, Bidi_Control, Default_Ignorable_Code_Point) and escaped in
 * messages. */
const char *td_char_hidden(uint32_t cp);

/* Copies the len bytes at s into dst (n >= 1 bytes, NUL-terminated) with
 * what a terminal would not show faithfully escaped: bytes that are not
 * UTF-8 and C0 controls and DEL as \x1b (tab, LF and CR as \t, \n, \r),
 * other hidden characters
 * (td_char_hidden) as \u{202e}. Stops before a character or escape that
 * does not fit; *used (if not NULL) receives the bytes of s consumed.
 * Returns the length written. Text without such characters is copied as
 * it is, so escaping twice changes nothing. */
size_t td_escape(char *dst, size_t n, const char *s, size_t len, size_t *used);

/* The offset of the first character of s (len bytes of UTF-8) refused in an
 * id (td_char_hidden), with it in *cp and the reason in *why; len when none. */
size_t td_id_refused_at(const char *s, size_t len, uint32_t *cp, const char **why);
/* The offset of the first control character of s other than tab, LF and CR
 * (refused in names), or len. */
size_t td_name_refused_at(const char *s, size_t len, uint32_t *cp);

/* What an id may not contain, for the end of messages. */
#define TD_ID_RULE \
    "ids may not contain control, bidirectional-control or invisible characters"

/* Checks an id: not NULL, not empty, valid UTF-8, none of the characters of
 * td_char_hidden (the message names it as U+XXXX and its byte).
 * `what` names the kind of id in the message ("unit id"). */
td_status td_check_id(const char *id, const char *what, td_error *err);
/* Checks optional text: NULL allowed, otherwise valid UTF-8. */
td_status td_check_text(const char *text, const char *what, td_error *err);
/* Checks an optional display name: as td_check_text, and no control
 * characters but tab, LF and CR (a line break in a spreadsheet cell); other
 * Unicode is free. */
td_status td_check_name(const char *text, const char *what, td_error *err);

/* true when s is "YYYY-MM-DD" naming a real day of years 1 to 9999 (the
 * report block's date: thidua/cluster.h). */
bool td_iso_date_valid(const char *s);

/* Writes a short quoted excerpt of s for messages (at most 40 bytes of it,
 * escaped as td_escape does, "..." when cut). */
void td_quote(char *dst, size_t n, const char *s);

#endif
