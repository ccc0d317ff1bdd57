/*
 * Internal: the rulebook reader's state, shared by rulebook_load.c (the
 * document, awards, classification, errors of the compiler) and
 * rulebook_sections.c (sections, criteria and their rules). Not installed.
 */
#ifndef THIDUA_LIB_LOAD_RBREAD_H
#define THIDUA_LIB_LOAD_RBREAD_H

#include "scalar.h"
#include "thidua/sys/origin.h"

/* Where an expression came from: the builder names it in compile errors
 * with this prefix ("award 'x' when"), the node gives the position. */
typedef struct td_expr_site {
    char prefix[192];
    const td_yn *node;
    bool plain; /* an id's site (the error at the node), not an expression's */
} td_expr_site;

typedef struct td_rbread {
    td_rd rd;
    td_rulebook_builder *b;
    const td_limits *limits;
    const td_allocator *alloc;
    td_expr_site *sites;
    size_t site_count, site_cap;
    const td_load_options *opts; /* as given (NULL: the defaults): a child rulebook's file is read with them */
    int depth;                   /* 1.1 roll-ups: 0 for the document's rulebook, 1 for one inline in it */
    size_t criteria, measures;   /* read so far, against limits->max_criteria and max_measures */
} td_rbread;

/* Counts one more criterion, group or adjustment item (`criterion` true),
 * or derived measure, input or parameter, at node n: TD_ELIMIT beyond the
 * limit. */
td_status td_rb_count(td_rbread *r, const td_yn *n, bool criterion);

/* Gives a builder error the position of node n (out of memory passes through). */
td_status td_rb_at(td_rbread *r, const td_yn *n, td_status rc);

/* Notes (td_rulebook_builder_add_note(), code "default-value") that key
 * `key` of `where`, at node n, is written with its default value: harmless,
 * the key can be left out. Nothing when n is NULL. */
td_status td_rb_default(td_rbread *r, const td_yn *n, const char *where, const char *key);

/* Reads expression text at node n: text, within the loader's length and
 * depth limits, remembered as a site named by printf-style `fmt` and `id`. */
/* Remembers that build errors about `fmt` with `id` (up to a space, as
 * "parameter 'x' has the id of a criterion") belong at node n. */
td_status td_rb_site(td_rbread *r, const td_yn *n, const char *fmt, const char *id);
td_status td_rb_expr(td_rbread *r, const td_yn *n, const char *where, const char *key,
                     const char *fmt, const char *id, const char **out);

/* Tells the builder where the expression of `owner` (see origin.h)
 * stands: the first `len` bytes of the value of node n, so that evaluation
 * faults point into the document as compile errors do. */
td_status td_rb_origin(td_rbread *r, const td_yn *n, size_t len, td_expr_owner owner, const char *id);
/* Tells the builder where value n (of `place` of `id`, band `index`) stands,
 * for the warnings about it; nothing when n is NULL. */
td_status td_rb_place(td_rbread *r, td_place place, const char *id, size_t index, const td_yn *n);

/* The `sections` list with their criteria. */
td_status td_rb_sections(td_rbread *r, const td_yn *sections);

#endif
