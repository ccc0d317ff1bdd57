/*
 * Internal: a parsed YAML or JSON document as a tree of nodes with source
 * positions, the source text itself (for mapping positions inside scalars),
 * and the limits every reader applies. Not installed.
 *
 * YAML aliases are shared nodes: the tree is a DAG whose expanded size is
 * counted (td_yn::weight) and bounded, so an alias bomb costs neither time
 * nor memory beyond the limit.
 */
#ifndef THIDUA_LIB_LOAD_DOC_H
#define THIDUA_LIB_LOAD_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "thidua/io.h"
#include "util.h"
#include "thidua/sys/origin.h"

/* The limits of td_load_options with the defaults filled in. */
typedef struct td_limits {
    size_t max_bytes;
    size_t max_depth;
    size_t max_nodes;
    size_t max_line_bytes;
    size_t expr_max_bytes;
    size_t expr_max_depth;
    size_t max_total_bytes;
    size_t max_keys;
    size_t max_rows;
    size_t max_members;
    size_t max_criteria;
    size_t max_measures;
    /* what is left of max_total_bytes for the next document (SIZE_MAX
     * outside a dataset): a document beyond it is refused as it is read */
    size_t total_left;
} td_limits;

#define TD_IO_DEFAULT_MAX_BYTES ((size_t)256 * 1024 * 1024)
#define TD_IO_DEFAULT_MAX_DEPTH 64
#define TD_IO_DEFAULT_MAX_NODES ((size_t)10 * 1000 * 1000)
#define TD_IO_DEFAULT_MAX_LINE ((size_t)1024 * 1024)
#define TD_IO_DEFAULT_MAX_TOTAL_BYTES ((size_t)1024 * 1024 * 1024)
#define TD_IO_DEFAULT_MAX_KEYS ((size_t)1000 * 1000)
#define TD_IO_DEFAULT_MAX_ROWS ((size_t)10 * 1000 * 1000)
#define TD_IO_DEFAULT_MAX_MEMBERS ((size_t)1000 * 1000)
#define TD_IO_DEFAULT_MAX_CRITERIA ((size_t)10 * 1000)
#define TD_IO_DEFAULT_MAX_MEASURES ((size_t)100 * 1000)

/* Checks opts (NULL: defaults) and resolves its limits. */
td_status td_limits_resolve(td_limits *out, const td_load_options *opts, td_error *err);

/* ---- source text ---- */

/* A document's text (after a leading BOM) and a cursor that turns byte
 * offsets (or libyaml's character indexes) into 1-based lines and byte
 * columns. The cursor moves both ways at a cost proportional to the
 * distance; `steps` counts its moves for the growth tests. */
typedef struct td_src {
    const char *name; /* for errors */
    const char *text;
    size_t len;
    /* cursor */
    size_t cur_off, cur_chars, cur_line, cur_line_start; /* line start SIZE_MAX: not known yet */
    size_t steps;
} td_src;

void td_src_init(td_src *src, const char *name, const char *text, size_t len);
/* Line and byte column of byte offset `off` (clamped to the text). */
void td_src_pos(td_src *src, size_t off, unsigned *line, unsigned *column);
/* The byte offset of the character with index `chars` (libyaml's marks). */
size_t td_src_char_offset(td_src *src, size_t chars);

/*
 * Reads a whole file into memory from the allocator (NUL-terminated).
 * A regular file larger than a limit is refused before it is read, any
 * other as soon as it passes one.
 * Errors: TD_EIO with the system's reason, TD_ELIMIT beyond max_bytes or
 * beyond total_left (what is left of a dataset's max_total_bytes), TD_ENOMEM.
 */
td_status td_read_file(const char *path, size_t max_bytes, size_t total_left, const td_allocator *a,
                       char **out, size_t *len, td_error *err);

/*
 * Checks text before parsing: UTF-16/32 byte order marks, invalid UTF-8, a
 * BOM or NUL byte after the start, lines longer than max_line. Skips a
 * leading UTF-8 BOM: *start receives its length (0 or 3). Errors are
 * TD_EPARSE / TD_ELIMIT with the position in `name`.
 */
td_status td_text_check(const char *name, const char *text, size_t len, size_t max_line,
                        size_t *start, td_error *err);

/* The format of `path` by its extension, or TD_DOC_FORMAT_AUTO. */
td_doc_format td_format_of_path(const char *path);
/* Sniffs a document's syntax: an xlsx workbook when it starts as a zip
 * does ("PK\3\4"), JSON when it starts with '{' or '[', CSV when allow_csv
 * and its first line is a long-layout header, else YAML. td_doc_load()
 * reads a text given as AUTO by what this says. */
td_doc_format td_format_sniff(const char *text, size_t len, bool allow_csv);

/* ---- the tree ---- */

typedef enum td_yn_kind { TD_YN_SCALAR, TD_YN_MAP, TD_YN_SEQ } td_yn_kind;

/* How a scalar was written. Only plain scalars are resolved (null, bool,
 * numbers); every other style is text. JSON strings are DOUBLE, JSON
 * numbers, true, false and null are PLAIN. */
typedef enum td_yn_style {
    TD_YS_PLAIN,
    TD_YS_SINGLE,
    TD_YS_DOUBLE,
    TD_YS_LITERAL,
    TD_YS_FOLDED
} td_yn_style;

typedef struct td_yn td_yn;

typedef struct td_ypair {
    td_yn *key; /* always a scalar */
    td_yn *value;
} td_ypair;

/* A node: 64 bytes on 64-bit targets, a multiple of the arena's
 * alignment (a document's tree is most of its memory while it is read:
 * keep it small). */
struct td_yn {
    unsigned char kind;     /* a td_yn_kind */
    unsigned char style;    /* a td_yn_style: how the value is read (a plain scalar tagged !!str is SINGLE) */
    unsigned char written;  /* a td_yn_style: how the scalar is written in the source, for positions in it */
    bool complete;          /* its end was seen (an alias to it is no cycle) */
    uint32_t count;         /* pairs or items (td_tb_close() refuses more) */
    unsigned line, column;  /* 1-based; the column in bytes */
    size_t offset, end;     /* byte range in the source */
    const char *text;       /* scalars: NUL-terminated value */
    size_t len;
    union {                 /* by kind: */
        td_ypair *pairs;    /* maps */
        td_yn **items;      /* sequences */
    };
    size_t weight;          /* nodes in the subtree with aliases expanded (saturating) */
};
_Static_assert(sizeof(void *) != 8 || sizeof(td_yn) == 64, "a node is 64 bytes on 64-bit targets");

typedef struct td_tb_sink td_tb_sink; /* below */

typedef struct td_doc {
    td_arena arena; /* every node and text */
    td_src src;
    char *buffer;   /* the file's bytes when read from a file (owned) */
    td_yn *root;
} td_doc;

/*
 * Parses YAML (libyaml events) or JSON (a strict RFC 8259 reader) into a
 * tree. `text` must outlive the document. Errors (with position): TD_EPARSE
 * for syntax, an empty document, a second document, a duplicate key
 * (TD_EEXISTS), an unknown alias; TD_ELIMIT for depth and expanded size;
 * TD_ENOMEM.
 */
td_status td_doc_parse(td_doc *doc, const char *name, const char *text, size_t len,
                       td_doc_format format, const td_limits *limits, const td_allocator *alloc,
                       const td_tb_sink *sink, td_error *err);

/* Reads a file or takes text, checks it, and parses it; on success the
 * document owns the file's buffer. `format` AUTO picks by extension or
 * content. *format_out receives the syntax used (it may be CSV, in which case
 * nothing is parsed and doc->root is NULL). */
td_status td_doc_load(td_doc *doc, const char *path, const char *text, size_t len,
                      const char *name, td_doc_format format, bool allow_csv,
                      const td_limits *limits, const td_allocator *alloc,
                      const td_tb_sink *sink, td_doc_format *format_out, td_error *err);

void td_doc_free(td_doc *doc);

/* ---- building the tree (for the YAML and JSON parsers) ---- */

/*
 * A long list read as it streams in: the items of the sequence at `path`
 * (the keys of the mappings from the root down: {"cluster", "members",
 * NULL}) are handed to `item` one by one as each is complete, and are not
 * kept in the tree, whose sequence there stays empty: its nodes are taken
 * back (unless the item defines an anchor, which a later alias may name).
 * A sequence that is itself anchored is kept whole. An error of `item`
 * stops the parse.
 */
struct td_tb_sink {
    const char *const *path;
    td_status (*item)(void *ctx, td_doc *doc, const td_yn *item, size_t index, td_error *err);
    void *ctx;
};

typedef struct td_tb_frame {
    td_yn *node;
    td_yn **kids; /* maps: key, value, key, value... */
    size_t count, cap;
    bool streamed;      /* a sequence whose items go to the sink */
    size_t items;       /* of a streamed sequence: handed so far */
    td_arena_mark mark; /* of a streamed sequence: the arena before its next item */
    size_t anchors;     /* of a streamed sequence: td_tb::anchors at `mark` */
} td_tb_frame;

typedef struct td_tb {
    td_doc *doc;
    const td_limits *limits;
    const td_allocator *alloc;
    td_error *err;
    td_tb_frame *stack;
    size_t depth, cap;
    size_t total; /* nodes so far, aliases expanded */
    td_yn *root;
    const td_tb_sink *sink; /* NULL: every node is kept */
    size_t anchors;         /* anchors defined so far (the YAML parser counts them) */
    bool anchored;          /* the node td_tb_open() opens next has an anchor */
} td_tb;

void td_tb_init(td_tb *tb, td_doc *doc, const td_limits *limits, const td_allocator *alloc,
                td_error *err);
/* Frees the stack (the nodes live in the document's arena). */
void td_tb_free(td_tb *tb);
/* A new node at byte offset `off`, or NULL (out of memory, err set). */
td_yn *td_tb_node(td_tb *tb, td_yn_kind kind, size_t off);
/* Copies scalar text into node n. Errors: TD_EPARSE (a NUL character), TD_ENOMEM. */
td_status td_tb_text(td_tb *tb, td_yn *n, const char *text, size_t len);
/* Opens a mapping or sequence (checks the depth limit). */
td_status td_tb_open(td_tb *tb, td_yn *n);
/* Adds a finished scalar, or an alias to an earlier node when `alias`. */
td_status td_tb_add(td_tb *tb, td_yn *n, bool alias, const td_yn *alias_at);
/* Closes the innermost mapping or sequence, whose text ends at `end`. */
td_status td_tb_close(td_tb *tb, size_t end);
/* An error at byte offset `off`. */
td_status td_tb_fail(td_tb *tb, size_t off, td_status code, const char *fmt, ...) TD_PRINTF(4, 5);
/* Its value is `code` to the static analyzers too (as td_error_set's, error.h). */
#define td_tb_fail(tb, off, code, ...) td_error__code(td_tb_fail(tb, off, code, __VA_ARGS__), code)

td_status td_yaml_parse(td_tb *tb);
td_status td_json_parse(td_tb *tb);

/*
 * The source position of byte `off` of scalar n's value. Exact (true) for
 * plain and quoted scalars on one line and for literal block scalars;
 * otherwise (folded or multi-line scalars) the scalar's own position and
 * false.
 */
bool td_yn_text_pos(td_doc *doc, const td_yn *n, size_t off, unsigned *line, unsigned *column);

/*
 * The positions of the first `len` bytes of scalar n's value (and of the
 * offset `len` itself) as runs of td_text_span (thidua/sys/origin.h) that
 * give, for every offset, what td_yn_text_pos() gives. `out` has room for
 * len + 1 spans. Returns the number written, or 0 when td_yn_text_pos() is
 * not exact for this scalar. Linear in len.
 */
size_t td_yn_text_spans(td_doc *doc, const td_yn *n, size_t len, td_text_span *out);

#endif
