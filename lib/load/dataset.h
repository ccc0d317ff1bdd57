/*
 * Internal: cluster data gathered from documents, each value with the
 * place it came from, so that duplicates and errors found later (when the
 * members or the rulebook are known) can still name file:line:column.
 * Not installed.
 */
#ifndef THIDUA_LIB_LOAD_DATASET_H
#define THIDUA_LIB_LOAD_DATASET_H

#include "scalar.h"

typedef struct td_dpos {
    const char *file;
    unsigned line, column;
} td_dpos;

/* What a value is: a target, an actual, or manual points of a source. */
enum { TD_DV_TARGET = 0, TD_DV_ACTUAL = 1, TD_DV_SELF = 2, TD_DV_CROSS = 3, TD_DV_FINAL = 4 };

/* A value as a reader makes it, with its places in full: the reader's
 * record, given to td_dparts_val(), which keeps it as a td_dval. */
typedef struct td_dval_in {
    int kind;
    const char *unit, *key; /* key: a measure, or a criterion for points */
    td_decimal value;
    bool blank; /* a null value: not given, but its unit and key are checked */
    unsigned char decimals; /* fraction digits as written ("64.010": 3), for the warnings */
    td_dpos unit_pos, key_pos, pos; /* in one file */
    size_t column;   /* 1.1 member tables: 1 + the index of its column in td_dparts::columns; 0: none */
    const char *raw; /* 1.1 member tables: why the cell is no value (it is no number, a
                      * percentage, negative), an error only if the rulebook reads the column;
                      * else NULL */
    td_status raw_status;
} td_dval_in;

/* A place of a value: a line and column in the value's file, or (a
 * workbook's cell, whose place is all in its name: td_dpos line 0) a file
 * of its own. td_dval::cells says which. */
typedef union td_dspot {
    struct {
        unsigned line, column;
    } lc;
    const char *cell;
} td_dspot;

/* A value as the documents and the dataset give it back (td_dval_next(),
 * td_dparts_val_at()): a td_dval_in with the file of its places written
 * once, its number as a 64-bit coefficient and a scale (a wider number is
 * kept in td_dparts::bigs) and its small fields narrowed. TD_DVAL_POS()
 * gives the td_dpos of a place, td_dval_value() the number. The values
 * are not kept as such: td_dvals packs them. */
typedef struct td_dval {
    const char *unit, *key;
    const char *file; /* of `at`, and of unit_at and key_at unless `cells` says otherwise */
    const char *raw;  /* as td_dval_in::raw */
    int64_t coef;     /* the number's coefficient, or when `big` its index in td_dparts::bigs */
    td_dspot unit_at, key_at, at; /* of the unit, the key, and the value (the key's when blank) */
    uint32_t column;              /* as td_dval_in::column */
    unsigned kind : 3;
    unsigned blank : 1;
    unsigned cells : 2; /* TD_DVAL_CELL_unit_at | TD_DVAL_CELL_key_at: that place is a `cell` */
    unsigned decimals : 8;
    signed raw_status : 8; /* a td_status, as td_dval_in::raw_status (0 without `raw`) */
    unsigned scale : 6;    /* the number's, 0 to TD_DECIMAL_MAX_SCALE */
    unsigned big : 1;      /* the number is td_dparts::bigs[coef] */
} td_dval;

/* The values of a td_dparts, packed: each is written as the difference
 * from the one before it (the same unit, key and file cost a byte each;
 * a line or column, a number's coefficient a few), in variable-length
 * integers, some 15 bytes where a td_dval takes 72. Every
 * TD_DVALS_BLOCK-th value is written against nothing, and `marks` keeps
 * where each such block starts, so that value i is found by decoding at
 * most TD_DVALS_BLOCK values. The strings stay where the readers put them
 * (their arenas); a pointer is written as its difference from the one
 * before, as an integer, and read back to the same pointer. */
#define TD_DVALS_BLOCK 16
typedef struct td_dvals {
    unsigned char *bytes;
    size_t len, cap;
    size_t *marks; /* marks[b]: the offset in `bytes` of value b * TD_DVALS_BLOCK */
    size_t mark_cap;
    td_dval last; /* the last value written, which the next one is written against */
} td_dvals;

#define TD_DVAL_CELL_at 0u
#define TD_DVAL_CELL_unit_at 1u
#define TD_DVAL_CELL_key_at 2u

static inline const td_dpos *td_dval_pos(const td_dval *v, const td_dspot *s, unsigned cell, td_dpos *out)
{
    if ((v->cells & cell) != 0)
        *out = (td_dpos){s->cell, 0, 0};
    else
        *out = (td_dpos){v->file, s->lc.line, s->lc.column};
    return out;
}

/* The td_dpos of a place of a td_dval v (`unit_at`, `key_at` or `at`), in
 * a compound literal that lives until the end of the enclosing block. */
#define TD_DVAL_POS(v, place) td_dval_pos((v), &(v)->place, TD_DVAL_CELL_##place, &(td_dpos){NULL, 0, 0})

/* A column of a member table (rulebook 1.1 section 8): a measure's actual
 * or (`target:<measure>`) target, or a column the rulebook may not read. */
typedef struct td_dcolumn {
    const char *header; /* as written (NFC) */
    const char *key;    /* the measure it gives */
    int kind;           /* TD_DV_TARGET or TD_DV_ACTUAL */
    bool is_id;         /* a valid id: a measure may have its name */
    td_dpos pos;        /* of its header cell */
} td_dcolumn;

/* A member table's row (rulebook 1.1): the member it names and the group
 * its `unit` cell gives (NULL: none). */
typedef struct td_dgroup {
    const char *unit, *group;
    td_dpos unit_pos, pos; /* of the id, of the `unit` cell */
    const char *name;      /* its `name` cell (NFC), or NULL */
} td_dgroup;

/* A workbook's cluster sheet (an extension of rulebook 1.1 section 8:
 * docs/rulebook.md, "Workbooks"): the cluster's header as item / value
 * rows. Without a `cluster:` in another document, it describes the
 * cluster and the member tables' rows are its members; beside one, it must
 * name the same cluster and period, and the other document's header holds. */
typedef struct td_dsheet {
    bool has;
    const char *id, *name, *leader, *deputy, *next_leader, *next_deputy; /* NULL: not given */
    int kind;                      /* td_cluster_kind */
    bool has_kind;
    bool has_period;
    int64_t period;
    td_dpos pos, id_pos, period_pos, leader_pos, deputy_pos, next_pos, next_deputy_pos;
} td_dsheet;

typedef struct td_dmember {
    const char *id, *name; /* NFC */
    td_dpos pos;
    const char *group;     /* 1.1: NULL when not given */
    td_dpos group_pos;
} td_dmember;

typedef struct td_devent {
    const char *unit, *item;
    int64_t count;
    td_dpos unit_pos, item_pos;
} td_devent;

typedef struct td_dhist {
    const char *unit, *id;
    int64_t period;
    td_dpos pos;    /* of the period */
    td_dpos id_pos; /* of the id */
} td_dhist;

typedef struct td_dlink {
    const char *unit, *pred;
    td_dpos pos;
} td_dlink;

/* A council's ballot on an award, and one member's votes in it (rulebook 1.1). */
typedef struct td_dballot {
    const char *award;
    int64_t council, cast; /* cast -1: not given */
    td_dpos pos;           /* of the award's key */
} td_dballot;

typedef struct td_dvote {
    const char *award, *unit;
    int64_t votes;
    td_dpos pos; /* of the unit's key */
} td_dvote;

/* A parameter the data sets for its period (rulebook 1.1). */
typedef struct td_dparam {
    const char *id;
    td_decimal value;
    td_dpos pos; /* of its key */
} td_dparam;

/* A unit below the members (rulebook 1.1 section 6). */
typedef struct td_dunit {
    const char *id, *name, *parent; /* name NULL: none */
    td_dpos pos;                    /* of its id */
    td_dpos parent_pos;
} td_dunit;

/* A file a roll-up's entry names, resolved against the document's directory. */
typedef struct td_dfile {
    const char *path;
    td_dpos pos;
} td_dfile;

/* A roll-up's entry in the data (rulebook 1.1 sections 4 and 8): its child
 * data (member tables), the children's history tables, and parameters
 * that override the child rulebook's. The arrays live in the document's
 * arena. */
typedef struct td_drollup {
    const char *id;
    td_dpos pos; /* of its key */
    td_dfile *data, *history;
    size_t data_count, history_count;
    td_dparam *params;
    size_t param_count;
} td_drollup;

/* The records of one document, or of the whole dataset. */
typedef struct td_dparts {
    td_dvals vals; /* td_dval_next(), td_dparts_val_at() */
    size_t val_count;
    td_decimal *bigs; /* the values' numbers with more than 64 bits of coefficient */
    size_t big_count, big_cap;
    td_dmember *members;
    size_t member_count, member_cap;
    size_t members_streamed; /* of member_count, read as the document streamed in */
    td_devent *events;
    size_t event_count, event_cap;
    td_dhist *hist;
    size_t hist_count, hist_cap;
    td_dlink *links;
    size_t link_count, link_cap;
    td_dparam *params;
    size_t param_count, param_cap;
    td_dballot *ballots;
    size_t ballot_count, ballot_cap;
    td_dvote *votes;
    size_t vote_count, vote_cap;
    td_dcolumn *columns; /* 1.1 member tables */
    size_t column_count, column_cap;
    td_dgroup *groups;   /* 1.1 member tables' `unit` cells */
    size_t group_count, group_cap;
    td_dunit *units;     /* 1.1 units below members */
    size_t unit_count, unit_cap;
    td_drollup *rollups; /* 1.1 roll-ups' child data */
    size_t rollup_count, rollup_cap;
    td_dsheet sheet;     /* a workbook's cluster sheet */
    bool has_cluster;
    const char *cluster_id, *cluster_name, *leader;
    int cluster_kind; /* td_cluster_kind: `kind: cluster` (default) or `block` */
    td_dpos cluster_pos, leader_pos;
    bool has_period;
    int64_t period;
    td_dpos period_pos;
    bool has_next;
    const char *next_leader;
    td_dpos next_pos;
    const char *deputy, *next_deputy; /* 1.1; NULL: not given */
    td_dpos deputy_pos, next_deputy_pos;
    /* the report block (council documents): td_report_field's fields,
     * NULL when not given; signers' role, title, name ("" when not given) */
    bool has_report;
    td_dpos report_pos;
    const char *report_fields[4];
    td_dpos report_field_pos[4];
    const char *signers[TD_REPORT_SIGNERS_MAX][3];
    td_dpos signer_pos[TD_REPORT_SIGNERS_MAX];
    size_t signer_count;
} td_dparts;

/* The records gathered so far, and the dataset's allocator (cluster_make.c). */
const td_dparts *td_dataset_parts(const td_dataset *d);
const td_allocator *td_dataset_allocator(const td_dataset *d);
/* The options the dataset reads with (its allocator, limits and decimal
 * commas; the format AUTO): a roll-up's child data is read with them. */
void td_dataset_options(const td_dataset *d, td_load_options *out);
/* The bytes of the documents read into the dataset (what counts against
 * max_total_bytes). */
size_t td_dataset_bytes(const td_dataset *d);

/* Appends a record (the arrays grow with `a`). */
td_status td_dparts_val(td_dparts *p, const td_allocator *a, const td_dval_in *v, td_error *err);
/* The number of p's value v. */
td_decimal td_dval_value(const td_dparts *p, const td_dval *v);

/* Reads p's values in order, from value `from` (at most p->val_count):
 *     td_dval_iter it;
 *     td_dval v;
 *     for (td_dval_iter_init(&it, p, 0); td_dval_next(&it, &v);) ...
 * The iterator holds no memory; p must not change while it is used. */
typedef struct td_dval_iter {
    const td_dparts *p;
    size_t next; /* the number of the value td_dval_next() gives next */
    size_t off;  /* its offset in p->vals.bytes */
    td_dval prev;
} td_dval_iter;
void td_dval_iter_init(td_dval_iter *it, const td_dparts *p, size_t from);
bool td_dval_next(td_dval_iter *it, td_dval *out);
/* Value i (< p->val_count), decoding at most TD_DVALS_BLOCK values. */
td_dval td_dparts_val_at(const td_dparts *p, size_t i);
td_status td_dparts_member(td_dparts *p, const td_allocator *a, const td_dmember *m, td_error *err);
td_status td_dparts_event(td_dparts *p, const td_allocator *a, const td_devent *e, td_error *err);
td_status td_dparts_hist(td_dparts *p, const td_allocator *a, const td_dhist *h, td_error *err);
td_status td_dparts_link(td_dparts *p, const td_allocator *a, const td_dlink *l, td_error *err);
td_status td_dparts_unit(td_dparts *p, const td_allocator *a, const td_dunit *u, td_error *err);
td_status td_dparts_rollup(td_dparts *p, const td_allocator *a, const td_drollup *r, td_error *err);
td_status td_dparts_param(td_dparts *p, const td_allocator *a, const td_dparam *v, td_error *err);
td_status td_dparts_ballot(td_dparts *p, const td_allocator *a, const td_dballot *v, td_error *err);
td_status td_dparts_vote(td_dparts *p, const td_allocator *a, const td_dvote *v, td_error *err);
td_status td_dparts_column(td_dparts *p, const td_allocator *a, const td_dcolumn *v, td_error *err);
td_status td_dparts_group(td_dparts *p, const td_allocator *a, const td_dgroup *v, td_error *err);
void td_dparts_free(td_dparts *p, const td_allocator *a);

/* The fraction digits a number is written with ("64.010": 3; with a
 * decimal comma, after the ','), at most 255. */
unsigned char td_written_decimals(const char *text, size_t len, bool decimal_comma);

/* A place as messages give it, into buf: "file:line:column", or "file"
 * alone when the line is 0 (a workbook's cell, whose place
 * "book.xlsx:'Sheet'!B3" is all in `file`). Returns buf. */
const char *td_dpos_text(char *buf, size_t size, const td_dpos *p);

/* The position of node n. */
td_dpos td_dpos_of(const char *file, const td_yn *n);

/* The key under which a value is given once: its kind, unit and key
 * (measure or criterion) as "kind unit\x1Fkey", copied into `keys`; *len
 * receives its length. NULL when out of memory. */
const char *td_dval_key(td_arena *keys, int kind, const char *unit, const char *key, size_t *len);

/* "targets", "results", "self-scoring points"... for messages. */
const char *td_dval_what(int kind);

/* Reads a YAML/JSON data document into p; strings go to rd->arena, `file`
 * is the document's name as kept there. The cluster's members may have
 * been read already as the document streamed in (td_data_read_member(),
 * p->members_streamed): its `members` list is then empty in the tree. */
td_status td_data_read(td_rd *rd, const char *file, const td_allocator *a, td_dparts *p);
/* Reads item `index` of the cluster's `members` list into p as the
 * document streams in (a td_tb_sink's item: the list's nodes are not kept). */
td_status td_data_read_member(td_rd *rd, const char *file, const td_allocator *a, td_dparts *p, const td_yn *item,
                              size_t index);

/* Reads a CSV document (long layout, member or history table) into p;
 * more than max_rows rows after the header is TD_ELIMIT at the first one
 * beyond. */
td_status td_csv_read(td_src *src, td_arena *arena, const char *file, bool decimal_comma, size_t max_rows,
                      const td_allocator *a, td_dparts *p, td_error *err);

/* Reads an xlsx workbook (`len` bytes) into p: each sheet that is a member
 * table or a history table (xlsx.c; without libzip and expat, xlsx_none.c
 * refuses it with TD_EINVAL). Strings go to `arena`, `file` is the
 * document's name as kept there. */
td_status td_xlsx_read(const char *file, const char *bytes, size_t len, const td_limits *limits, td_arena *arena,
                       const td_allocator *a, td_dparts *p, td_error *err);

#endif
