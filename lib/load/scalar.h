/*
 * Internal: reading typed values out of a document tree with errors that
 * name the file, line and column, the key and the value; YAML 1.2 core
 * schema resolution of plain scalars; NFC normalisation; "did you mean"
 * suggestions. Not installed.
 */
#ifndef THIDUA_LIB_LOAD_SCALAR_H
#define THIDUA_LIB_LOAD_SCALAR_H

#include "doc.h"

/* ---- text helpers (text.c) ---- */

/* The Unicode NFC form of the len bytes at s (valid UTF-8), copied into the
 * arena. Errors: TD_EINVAL (invalid UTF-8), TD_ENOMEM. */
td_status td_nfc(td_arena *arena, const char *s, size_t len, const char **out, td_error *err);

/* The candidate nearest to `word` by edit distance, or NULL when none is
 * close enough to be a likely misspelling. */
const char *td_nearest(const char *word, const char *const *candidates, size_t count);

/* Appends " (did you mean 'x'?)" for the nearest candidate, or nothing. */
void td_did_you_mean(char *buf, size_t size, const char *word, const char *const *candidates,
                     size_t count);

/* Bytes enough for td_rd_quote() of a name in a message. */
#define TD_RD_QUOTE_SIZE 88

/* s in single quotes, shortened on a character boundary (with "...") to fit
 * `size` bytes: a name built into a message stays whole UTF-8 and leaves
 * room for the key and value that follow it, however long the name. */
void td_rd_quote(char *dst, size_t size, const char *s);

/* ---- scalars ---- */

/* What a scalar resolves to under the YAML 1.2 core schema. */
typedef enum td_sv_kind {
    TD_SV_NULL,
    TD_SV_BOOL,
    TD_SV_NUMBER, /* decimal integer or float */
    TD_SV_NONDECIMAL, /* 0x1F, 0o17: valid YAML, refused as numbers here */
    TD_SV_SPECIAL,    /* .inf, .nan */
    TD_SV_TEXT
} td_sv_kind;

td_sv_kind td_scalar_kind(const td_yn *n);

/* ---- the reader ---- */

typedef struct td_rd {
    td_doc *doc;
    td_error *err;
    td_arena *arena; /* where strings read out of the document are kept */
} td_rd;

/* Number flags. */
enum {
    TD_RD_PERCENT = 1,  /* "95%" allowed, meaning 0.95 */
    TD_RD_NONNEG = 2,   /* >= 0 */
    TD_RD_POSITIVE = 4, /* > 0 */
    TD_RD_NO_PERCENT_HINT = 8 /* a '%' is refused because the value is a percent already */
};

/* Sets the error at node n (its position in the document). */
td_status td_rd_fail(td_rd *rd, const td_yn *n, td_status code, const char *fmt, ...) TD_PRINTF(4, 5);
/* Its value is `code` to the static analyzers too (as td_error_set's, error.h). */
#define td_rd_fail(rd, n, code, ...) td_error__code(td_rd_fail(rd, n, code, __VA_ARGS__), code)

/* "a mapping", "a list", "null", "the number 5", "the text 'abc'"... */
void td_rd_describe(const td_yn *n, char *buf, size_t size);

/* The value of `key` in mapping `map`, or NULL. */
const td_yn *td_rd_get(const td_yn *map, const char *key);

/* Fails on the first key of `map` that is not in the NULL-terminated
 * `allowed`, suggesting the nearest allowed key. `where` prefixes the
 * message ("criterion 'loans'"). */
td_status td_rd_keys(td_rd *rd, const td_yn *map, const char *where, const char *const *allowed);

/* Fails unless n is a mapping / a list (key names the value in messages). */
td_status td_rd_map(td_rd *rd, const td_yn *n, const char *where, const char *key);
td_status td_rd_seq(td_rd *rd, const td_yn *n, const char *where, const char *key);

/* The value of a required key; fails at the mapping when it is missing. */
td_status td_rd_need(td_rd *rd, const td_yn *map, const char *key, const char *where,
                     const td_yn **out);

/* Text: any scalar but null (ids may be written as numbers: `id: 1`);
 * `nfc` normalises it. The copy lives in rd->arena (it outlives the document). */
td_status td_rd_text(td_rd *rd, const td_yn *n, const char *where, const char *key, bool nfc,
                     const char **out);

/* An id: text as td_rd_text reads it, refused (TD_EPARSE, at the character)
 * when it holds a control, bidirectional-control or invisible character
 * (td_char_hidden). */
td_status td_rd_id(td_rd *rd, const td_yn *n, const char *where, const char *key, bool nfc,
                   const char **out);

/* A display name: text as td_rd_text reads it, refused (TD_EPARSE, at the
 * character) when it holds a control character other than tab, LF and CR;
 * any other Unicode is kept. */
td_status td_rd_name(td_rd *rd, const td_yn *n, const char *where, const char *key, bool nfc,
                     const char **out);

/* Pair i of mapping `map` when it is the second half of a number that a
 * comma split in a flow mapping (`{hh: 3.563,5}` is hh: 3.563 and a key
 * "5" without a value): fails with a hint naming both parts and what to
 * write. TD_OK when the pair has another shape. */
td_status td_rd_split_number(td_rd *rd, const td_yn *map, size_t i, const char *where);

/* A number from a plain scalar's text (never through binary floating
 * point), or "95%" in any scalar when TD_RD_PERCENT. */
td_status td_rd_number(td_rd *rd, const td_yn *n, const char *where, const char *key, unsigned flags,
                       td_decimal *out);

/* An integer within [min, max]. */
td_status td_rd_int(td_rd *rd, const td_yn *n, const char *where, const char *key, int64_t min,
                    int64_t max, int64_t *out);

/* One of the NULL-terminated `names`; *out receives its index. */
td_status td_rd_enum(td_rd *rd, const td_yn *n, const char *where, const char *key,
                     const char *const *names, int *out);

/* A plain empty scalar or null: "not given" (NULL too, as td_rd_get()
 * gives for a missing key). Inline, so that the static analyzers see that a
 * node it calls given is not NULL. */
static inline bool td_rd_is_null(const td_yn *n)
{
    return n == NULL || (n->kind == TD_YN_SCALAR && td_scalar_kind(n) == TD_SV_NULL);
}

/* Checks the root of a document: a mapping, not an empty document. */
td_status td_rd_root(td_rd *rd, const char *what);

/*
 * Parses a number written as text (CSV cells, YAML scalars): decimal
 * digits, an optional fraction and exponent. `decimal_comma` reads
 * "3.563,5" as 3563.5. Errors are TD_EPARSE with a message saying what is
 * wrong (NaN, infinity, hexadecimal, a comma...), without position.
 */
td_status td_parse_number_text(const char *text, size_t len, bool decimal_comma, td_decimal *out,
                               td_error *err);

#endif
