/*
 * Internal: the layout of rulebooks, clusters and results. Not installed.
 */
#ifndef THIDUA_LIB_MODEL_H
#define THIDUA_LIB_MODEL_H

#include <stdatomic.h>

#include "thidua/cluster.h"
#include "thidua/result.h"
#include "thidua/rulebook.h"
#include "thidua/sys/origin.h"
#include "decimal_internal.h"
#include "int128.h"
#include "util.h"
#include "expr.h"

/* ---- rulebook ---- */

typedef struct td_criterion {
    const char *id;
    const char *name;
    const char *measure;
    size_t section;
    size_t parent;            /* rulebook 1.1: the group node holding it, or TD_NONE */
    size_t seq;               /* builder: the order sections' children were added in */
    td_decimal max;
    td_direction direction;
    td_rule_kind rule;
    /* rule parameters; which are used depends on `rule` */
    td_decimal cap;           /* proportional */
    td_decimal at;            /* threshold */
    td_decimal deduct, per, floor_points; /* shortfall (floor_points is `min`) */
    td_shortfall_step step;   /* shortfall */
    td_best_of best_of;       /* best */
    td_bands_of bands_of;     /* bands */
    td_band *bands;           /* bands */
    size_t band_count, band_cap;
    td_decimal *rank_points;  /* rank */
    size_t rank_count, rank_cap;
    const char *expr_text;    /* expr */
    const td_expr_origin *expr_origin; /* where expr_text came from, or NULL */
    td_cexpr *expr;           /* compiled rulebook only */
    size_t measure_index;     /* compiled rulebook only: into td_rules::measures */
    /* optional bonus */
    bool has_bonus;
    td_decimal bonus_per, bonus_points;
    bool bonus_has_max;
    td_decimal bonus_max;
} td_criterion;

typedef struct td_section {
    const char *id;
    const char *name;
    bool has_max;
    td_decimal max;
} td_section;

/* A group node of criteria (rulebook 1.1 nested score tables): its points
 * are the sum of its children's, capped at max. In a compiled rulebook the
 * nodes are in rulebook order (pre-order, section by section) and a node's
 * parent comes before it. */
typedef struct td_cnode {
    const char *id;
    const char *name;
    td_decimal max;
    size_t section;
    size_t parent;  /* the group node holding it, or TD_NONE: directly below the section */
    unsigned level; /* 1: directly below the section */
    size_t seq;     /* builder: see td_criterion::seq */
    /* compiled rulebook only: what stands below it, in rulebook order, its
     * children and theirs: criteria [crit_begin, crit_end), nodes
     * (its own index, node_end) */
    size_t crit_begin, crit_end, node_end;
} td_cnode;

typedef struct td_adjustment {
    const char *id;
    const char *name;
    td_adjustment_kind kind;
    td_decimal points;
    bool has_max;
    td_decimal max;
} td_adjustment;

typedef struct td_class_entry {
    const char *id;
    const char *name;
    bool has_min;
    td_decimal min;
    const char *when_text; /* NULL: no condition */
    const td_expr_origin *when_origin;
    td_cexpr *when;        /* compiled rulebook only */
} td_class_entry;

/* A measure known to the rulebook: a criterion's measure, a derived measure,
 * or a base measure named in a derived measure's formula. */
enum { TD_SIDE_TARGET = 0, TD_SIDE_ACTUAL = 1 };

typedef struct td_measure {
    const char *id;
    const char *formula;         /* version 1: the one formula of both sides, else NULL */
    bool input;                  /* compiled rulebook: declared as an input (rulebook 1.1) */
    bool rollup;                 /* compiled rulebook: a roll-up gives its actual (rulebook 1.1) */
    const char *side_formula[2]; /* by TD_SIDE_*: the formula deriving that side (version 1:
                                  * `formula` for both); NULL: the data gives that side */
    td_cexpr *expr[2];           /* compiled rulebook only: side_formula compiled */
    const td_expr_origin *origin[2];
} td_measure;

/* A derived measure: at least one side comes from a formula. */
static inline bool td_measure_derived(const td_measure *m)
{
    return m->side_formula[TD_SIDE_TARGET] != NULL || m->side_formula[TD_SIDE_ACTUAL] != NULL;
}

/* A parameter (rulebook 1.1): a named number expressions read bare. In a
 * cluster, `file`, `line` and `column` are where the data set it (file NULL
 * when not known). */
typedef struct td_param {
    const char *id;
    td_decimal value;
    const char *file;
    unsigned line, column;
} td_param;

/* One group's quota of an award `per: group` (rulebook 1.1). */
typedef struct td_group_quota {
    const char *group;
    int64_t quota;          /* -1: none */
    const char *explain[2]; /* the group's quota text */
} td_group_quota;

/* A council's ballot on an award (rulebook 1.1): its size, the votes cast
 * (-1: not given) and each member's votes (by member index, -1: none). */
typedef struct td_ballot {
    const char *award;
    int64_t council, cast;
    int64_t *votes; /* member_cap entries, grown with the members */
    size_t votes_cap;
} td_ballot;

/* A title decided by another body (rulebook 1.1): history may name it. */
typedef struct td_title {
    const char *id;
    const char *name;
} td_title;

typedef struct td_rank_key {
    const char *text;
    bool descending;
    td_cexpr *expr; /* compiled rulebook only */
    const td_expr_origin *origin;
} td_rank_key;

typedef struct td_award_def {
    const char *id;
    const char *name;
    const char *when_text;
    const td_expr_origin *when_origin;
    td_cexpr *when;
    int quota_kind; /* 0 none, 1 count, 2 percent */
    int64_t count;
    td_decimal percent;
    td_rounding rounding;
    int64_t min;
    const char *quota_of;    /* 1.1: NULL or "members" (the default), "candidates", or an award id */
    bool per_group;          /* 1.1: `per: group` */
    bool has_ballot;         /* 1.1: a council's ballot after `when`, before the quota */
    td_decimal ballot_min;   /* a ratio 0..1 */
    td_ballot_of ballot_of;
    bool order_votes;        /* 1.1: `order: votes` */
    size_t quota_of_award;   /* compiled rulebook: the index of that award, or TD_NONE */
    const char **excludes;
    size_t exclude_count, exclude_cap;
    const char *order_text; /* NULL: by rank */
    const td_expr_origin *order_origin;
    td_cexpr *order;
} td_award_def;

/* A roll-up's aggregate (rulebook 1.1 section 4): count(cond), count(),
 * sum(value), sum(value, cond) or share(cond), over the children of a
 * parent member; the arguments are expressions of the child rulebook at
 * the award stage (thidua/expr.h). */
typedef enum td_agg { TD_AGG_COUNT = 0, TD_AGG_SUM = 1, TD_AGG_SHARE = 2 } td_agg;

typedef struct td_rollup_measure {
    const char *id;         /* the parent's measure it gives (an actual) */
    const char *text;       /* the aggregate as written */
    td_agg agg;
    const char *value_text; /* sum()'s value, else NULL */
    const char *cond_text;  /* the condition, or NULL (every child) */
    unsigned value_off, cond_off; /* their byte offsets in `text` */
    struct td_expr *value, *cond; /* compiled rulebook only, against the child rulebook */
    size_t measure_index;   /* compiled rulebook only: into td_rules::measures */
} td_rollup_measure;

typedef struct td_rollup {
    const char *id;            /* names the child data in the parent's data */
    const td_rulebook *child;  /* a reference (builder and compiled rulebook alike) */
    td_rollup_measure *measures;
    size_t measure_count, measure_cap;
} td_rollup;

/* The definitions shared by the builder and the compiled rulebook.
 * Expression origins (the *_origin and origin fields: where a rulebook
 * file gave the text, see thidua/sys/origin.h) live in the builder's or the
 * rulebook's arena; they are not part of a rulebook's identity. */
typedef struct td_rules {
    const char *id;
    const char *name;
    int precision;
    td_section *sections;
    size_t section_count, section_cap;
    td_criterion *criteria;
    size_t criterion_count, criterion_cap;
    td_cnode *nodes;                       /* rulebook 1.1 group nodes of criteria */
    size_t node_count, node_cap;
    size_t next_seq;                       /* builder: the next child's td_criterion::seq */
    td_adjustment *adjustments;
    size_t adjustment_count, adjustment_cap;
    bool has_bonus_max;
    td_decimal bonus_max;
    td_class_entry *classes;
    size_t class_count, class_cap;
    td_leader_rule leader_rule;
    const char **leader_order;
    size_t leader_count, leader_cap;
    /* derived measures in the builder; every known measure in a compiled
     * rulebook (derived ones flagged by their formula) */
    td_measure *measures;
    size_t measure_count, measure_cap;
    td_rank_key *rank_keys;
    size_t rank_key_count, rank_key_cap;
    td_award_def *awards;
    size_t award_count, award_cap;
    size_t expr_max_bytes, expr_max_depth; /* limits of every expression; 0: the defaults */
    td_param *params;                      /* rulebook 1.1 parameters, as declared */
    size_t param_count, param_cap;
    const char **inputs;                   /* rulebook 1.1 inputs, as declared */
    size_t input_count, input_cap;
    td_title *titles;                      /* rulebook 1.1 titles, as declared */
    size_t title_count, title_cap;
    td_deputy_rule deputy_rule;            /* rulebook 1.1 */
    bool uses_groups;                      /* compiled: an expression reads group, group_size or group_rank */
    td_rollup *rollups;                    /* rulebook 1.1 roll-ups, as declared */
    size_t rollup_count, rollup_cap;
} td_rules;

/* What the builder indexes by id, so that every lookup and duplicate check
 * is a hash look-up: a rulebook of 10^5 measures builds in linear time. */
typedef enum td_bid {
    TD_BID_SECTION,
    TD_BID_CRITERION,
    TD_BID_MEASURE,    /* derived measures */
    TD_BID_ADJUSTMENT,
    TD_BID_CLASS,
    TD_BID_AWARD,
    TD_BID_LEADER,     /* units of the rotation order */
    TD_BID_EXCLUSION,  /* "award\x1fother" of each exclusion */
    TD_BID_PLACE,      /* "place\x1fid\x1findex" of a value's place → index into places */
    TD_BID_PARAM,      /* parameters */
    TD_BID_INPUT,      /* inputs */
    TD_BID_TITLE,      /* titles */
    TD_BID_NODE,       /* group nodes of criteria */
    TD_BID_ROLLUP,     /* roll-ups */
    TD_BID_ROLLUP_MEASURE, /* the measures roll-ups give */
    TD_BID_COUNT
} td_bid;

/* Where a value of a definition stands in a document (set_place). */
typedef struct td_place_pos {
    const char *file;
    unsigned line, column;
} td_place_pos;

struct td_rulebook_builder {
    td_arena arena; /* strings */
    td_rules rules; /* arrays grown with the arena's allocator */
    td_map ids[TD_BID_COUNT]; /* id (in the arena) → index into its array */
    td_place_pos *places;     /* the places of values (TD_BID_PLACE) */
    size_t place_count, place_cap;
    td_warning *notes;        /* td_rulebook_builder_add_note(), strings in the arena */
    size_t note_count, note_cap;
};

/* The index of `id` among the builder's definitions of `kind`. */
bool td_builder_find(const td_rulebook_builder *b, td_bid kind, const char *id, size_t *index);
/* Indexes `key` (a string of the builder's arena) as entry `index` of `kind`.
 * Errors: TD_ENOMEM (nothing indexed). */
td_status td_builder_remember(td_rulebook_builder *b, td_bid kind, const char *key, size_t index,
                              td_error *err);

struct td_rulebook {
    td_arena arena; /* everything, including the arrays */
    atomic_size_t refs;
    td_rules rules;
    td_map criterion_index; /* criterion id → index */
    td_map adjustment_index;
    td_map measure_index;   /* measure id → index into rules.measures */
    td_map award_index;     /* award id → index */
    td_map class_index;     /* classification entry id → index */
    td_map param_index;     /* parameter id → index */
    td_map title_index;     /* title id → index */
    td_map node_index;      /* group node id → index */
    td_map section_index;   /* section id → index */
    td_warning *warnings;   /* found by td_rulebook_find_warnings(), in the arena */
    size_t warning_count;
    td_warning *notes;      /* the builder's, copied into the arena */
    size_t note_count;
};

/* Finds the compiled rulebook's warnings (docs/warnings.md), placing each
 * at the value's place the builder was told of. Errors: TD_ENOMEM. */
td_status td_rulebook_find_warnings(td_rulebook *rb, const td_rulebook_builder *b, td_error *err);

/* Warnings and notes (rulebooks, builders, clusters, results): `from` with
 * its strings copied into `arena`; false when out of memory. */
bool td_remark_copy(td_warning *out, td_arena *arena, const td_warning *from);
/* Appends a remark (code, message, its place; `file` NULL for none), its
 * strings copied into `arena`, to *list (count and cap, grown with
 * `alloc`). Errors: TD_EINVAL (NULL code or message), TD_ENOMEM; on error
 * the list is as it was. */
td_status td_remark_append(td_warning **list, size_t *count, size_t *cap, td_arena *arena,
                           const td_allocator *alloc, const char *code, const char *message, const char *file,
                           unsigned int line, unsigned int column, td_error *err);
/* Remark i of list[0 .. count) into *out; false when out is NULL or i out of range. */
static inline bool td_remark_at(td_warning *out, const td_warning *list, size_t count, size_t i)
{
    if (out == NULL || i >= count)
        return false;
    *out = list[i];
    return true;
}

void td_rulebook_retain(const td_rulebook *rulebook);

/* Compiles the expressions of a freshly copied rulebook (rulebook_compile.c). */
td_status td_rulebook_compile(td_rulebook *rb, td_error *err);
/* The index a data function's id argument resolves to (see expr.h), or -1;
 * award() sees the awards before award_limit. */
long td_rulebook_resolve_ref(const td_rulebook *rb, size_t award_limit, td_ref_kind kind,
                             const char *name);
/* Sets rules.uses_groups from the compiled expressions (rulebook_compile.c). */
void td_rulebook_find_group_uses(td_rulebook *rb);
/* The index of the parameter with this bare name, or -1. */
long td_rulebook_resolve_parameter(const td_rulebook *rb, const char *name);
/* Visits the parameters' ids, for suggestions. */
void td_rulebook_each_parameter(const td_rulebook *rb, td_name_visit visit, void *v);
/* Visits the ids a data function's argument may name, for suggestions. */
void td_rulebook_each_ref(const td_rulebook *rb, size_t award_limit, td_ref_kind kind,
                          td_name_visit visit, void *v);
/* Deep-copies an expression origin into the arena (NULL gives NULL);
 * *ok becomes false when out of memory. */
const td_expr_origin *td_origin_copy(td_arena *arena, const td_expr_origin *src, bool *ok);

/* Frees the compiled expressions (they own arenas of their own). */
void td_rulebook_free_exprs(td_rulebook *rb);

/* The builder's criterion with this id, or TD_ENOTFOUND naming it. */
td_status td_builder_criterion(td_rulebook_builder *b, const char *id, td_criterion **out,
                               td_error *err);
/* Drops what the criterion's rule set before (its band or rank lists, its
 * expression) before a new rule is set. */
void td_builder_clear_rule(td_rulebook_builder *b, td_criterion *c);
/* TD_ERANGE naming `what` of `owner` when v < 0. */
td_status td_check_nonneg(td_decimal v, const char *what, const char *owner, td_error *err);

static inline td_status td_builder_check(const td_rulebook_builder *b, td_error *err)
{
    if (b == NULL)
        return td_error_set(err, TD_EINVAL, "the rulebook builder is NULL");
    return TD_OK;
}

/* ---- cluster ---- */

typedef struct td_member {
    const char *id;
    const char *name;
    const char *group;           /* 1.1: its group, or NULL */
    const char *file;            /* where the member was declared (thidua/sys/origin.h), or NULL */
    unsigned int line, column;   /* 1-based; 0 when not known */
} td_member;

typedef struct td_event_rec {
    size_t member;
    const char *item;
    int64_t count;
} td_event_rec;

/* A unit named by history or predecessor links, member or not: a node of
 * the graph that history() follows. */
typedef struct td_unit {
    const char *id;
    size_t first_link;   /* its latest td_link, or TD_NONE */
    size_t first_record; /* its latest td_history_rec, or TD_NONE */
} td_unit;

#define TD_NONE ((size_t)-1)

typedef struct td_history_rec {
    int64_t period;
    const char *id;
    size_t next; /* the unit's record before this one, or TD_NONE */
} td_history_rec;

/* The unit whose td_unit::first_link chain holds this link succeeds `pred`. */
typedef struct td_link {
    size_t pred; /* index into td_cluster::units */
    size_t next; /* the unit's link before this one, or TD_NONE */
} td_link;

/* A cluster's values of one name and kind (td_cluster::vcols[name number x
 * TD_VALUE_KINDS + kind]), by member: a coefficient and a scale for each
 * member below `len` (TD_VCOL_ABSENT: no value; TD_VCOL_WIDE: the value is
 * td_cluster::wide[coef], its coefficient needing more than 62 bits). A
 * value whose member lies beyond `len`, when growing the column to it
 * would leave the column mostly empty, is spilled to td_cluster::spill (a
 * hash map by column and member): memory follows the values given, not
 * members x names. */
#define TD_VCOL_ABSENT (-128)
#define TD_VCOL_WIDE (-127)
typedef struct td_vcol {
    int64_t *coef;
    signed char *scale;
    size_t len;          /* members 0 .. len-1 have a place in the arrays */
    size_t count;        /* values in the arrays */
    size_t spilled;      /* values in td_cluster::spill */
    size_t first_seq;    /* when the column's first value came (td_cluster::value_count then): */
    size_t first_member; /* errors name the value given first, as the data gave them */
} td_vcol;

/* A spilled value (td_vcol). */
typedef struct td_spill {
    size_t col, member;
    td_decimal value;
} td_spill;

enum { TD_VALUE_TARGET = 0, TD_VALUE_ACTUAL = 1, TD_VALUE_SCORE = 2 /* + td_score_source */, TD_VALUE_KINDS = 5 };

/* The administrative blocks of council documents (thidua/cluster.h,
 * td_report_field): copied strings (in the owner's arena), NULL when not
 * set; a signer's parts are "" when not given. */
enum { TD_REPORT_FIELD_COUNT = 4, TD_SIGNER_FIELD_COUNT = 3 };
typedef struct td_report_block {
    const char *fields[TD_REPORT_FIELD_COUNT];
    const char *signers[TD_REPORT_SIGNERS_MAX][TD_SIGNER_FIELD_COUNT];
    size_t signer_count;
} td_report_block;

struct td_cluster {
    td_arena arena;
    td_warning *warnings; /* a reader's (td_cluster_add_warning()), strings in the arena */
    size_t warning_count, warning_cap;
    td_warning *notes;    /* a reader's (td_cluster_add_note()), strings in the arena */
    size_t note_count, note_cap;
    const char *id;
    const char *name;
    td_cluster_kind kind;
    int64_t period;
    td_member *members;
    size_t member_count, member_cap;
    td_map member_index;
    long leader;      /* member index or -1 */
    long next_leader; /* member index or -1 */
    long deputy;      /* member index or -1 (rulebook 1.1) */
    long next_deputy; /* member index or -1 */
    const char **names; /* the measures, criteria and items that values and events name */
    size_t name_count, name_cap;
    td_map name_index;  /* name → index into names */
    td_vcol *vcols;      /* name_count x TD_VALUE_KINDS columns (td_vcol) */
    size_t vcol_cap;
    size_t value_count;  /* values given so far */
    td_decimal *wide;    /* values too wide for a column's 64 bits */
    size_t wide_count, wide_cap;
    td_spill *spill;     /* values of sparse columns (td_vcol) */
    size_t spill_count, spill_cap;
    td_map spill_index;  /* key: column and member (cluster.c) → index into spill */
    td_event_rec *events;
    size_t event_count, event_cap;
    td_map event_index; /* key: member and the item's name index */
    td_unit *units;
    size_t unit_count, unit_cap;
    td_map unit_index; /* unit id → index into units */
    td_history_rec *history;
    size_t history_count, history_cap;
    td_link *links;
    size_t link_count, link_cap;
    td_param *params; /* the parameters the data sets for the period (rulebook 1.1) */
    size_t param_count, param_cap;
    td_ballot *ballots; /* 1.1: the councils' ballots, by award */
    size_t ballot_count, ballot_cap;
    struct td_below *below; /* 1.1 section 6: units below members, as added */
    size_t below_count, below_cap;
    td_map below_index;     /* unit id → index into below */
    struct td_children *children; /* 1.1 section 4: each roll-up's child data */
    size_t children_count, children_cap;
    td_report_block report; /* council documents' blocks (no part in evaluation) */
};

/* A unit below the members (rulebook 1.1 section 6): no scores of its own;
 * roll-ups count its children into the member above it. */
typedef struct td_below {
    const char *id, *name, *parent;
    const char *file; /* where the data declared it, or NULL */
    unsigned line, column;
} td_below;

/* A roll-up's child data: a cluster of children (owned), each member's
 * group its unit. */
typedef struct td_children {
    const char *rollup;
    td_cluster *cluster;
} td_children;

/* Writes unit `start` and every unit it succeeds through predecessor
 * links, transitively, each once, to out[0 .. the count returned). A unit
 * is taken when its mark differs from `stamp` (nonzero) and then marked
 * with it, so that one zeroed mark array serves many walks. mark and out
 * have unit_count entries. Linear in the units and links reached, without
 * recursion: the graph comes from the data. */
size_t td_cluster_lineage(const td_cluster *cluster, size_t start, size_t *mark, size_t stamp,
                          size_t *out);

/* Looks a member's value up; false when absent. */
bool td_cluster_value(const td_cluster *cluster, size_t member, int kind, const char *name,
                      td_decimal *out);
/* The number the cluster gives a measure, criterion or item name; false
 * when no value or event names it. */
bool td_cluster_name_number(const td_cluster *cluster, const char *name, size_t *number);
/* td_cluster_value() by name number, for looking one name up for every member. */
bool td_cluster_value_of(const td_cluster *cluster, size_t member, int kind, size_t number,
                         td_decimal *out);
/* The value of column `col` (name number x TD_VALUE_KINDS + kind) for a member; false when absent. */
bool td_cluster_vcol_value(const td_cluster *cluster, size_t col, size_t member, td_decimal *out);
/* Whether column `col` has any value. */
static inline bool td_cluster_vcol_used(const td_cluster *cluster, size_t col)
{
    return cluster->vcols[col].count + cluster->vcols[col].spilled > 0;
}

/* ---- result ---- */

/* A member's cell of one criterion, as the scoring reads and writes it
 * (a copy: the result keeps cells in compact columns, td_cellcol). */
typedef struct td_cell {
    bool has_target, has_actual, has_attainment;
    signed char met;    /* 1, 0, or -1 without attainment */
    signed char source; /* a manual criterion's points: their td_score_source */
    td_decimal target, actual, attainment, points, bonus;
} td_cell;

/* A member's value of one measure of the rulebook's measure table (a copy,
 * as td_cell). */
typedef struct td_mvalue {
    bool has_target, has_actual;
    td_decimal target, actual;
} td_mvalue;

/* A column of exact numbers, one per member (cluster order), compact: a
 * value's coefficient in 64 bits and its scale in a byte; a value whose
 * coefficient needs more bits (19 digits and more) goes to the wide copy,
 * allocated for the column when the first such value comes. */
#define TD_NUMCOL_WIDE 127
typedef struct td_numcol {
    int64_t *coef;
    signed char *scale; /* TD_NUMCOL_WIDE: the value is wide[i] */
    td_decimal *_Atomic wide;
} td_numcol;

/* Flags of a cell (td_cellcol::flags) and of a measure value. */
enum {
    TD_CELL_TARGET = 1,     /* has_target */
    TD_CELL_ACTUAL = 2,     /* has_actual */
    TD_CELL_ATTAINMENT = 4, /* has_attainment */
    TD_CELL_MET = 8,        /* met (with an attainment) */
    TD_CELL_SOURCE = 4      /* shift of the manual points' source (2 bits) */
};

/* A criterion's cells: about 19 bytes per member, 28 with a bonus (target
 * and actual are the measure's, in td_mcol). */
typedef struct td_cellcol {
    td_numcol attainment, points;
    td_numcol bonus; /* no arrays (coef NULL) when the criterion has no bonus: every cell's is 0 */
    unsigned char *flags; /* TD_CELL_ATTAINMENT, TD_CELL_MET, the source */
    const char *(*explain)[2]; /* TD_EXPLAIN_ALL: each member's texts; else NULL */
} td_cellcol;

/* A measure's values: about 19 bytes per member. */
typedef struct td_mcol {
    td_numcol target, actual;
    unsigned char *flags; /* TD_CELL_TARGET, TD_CELL_ACTUAL */
} td_mcol;

typedef struct td_record {
    int64_t period;
    const char *id;
} td_record;

typedef struct td_award_cell {
    td_award_status status;
    const char *explain[2];
    int64_t votes; /* 1.1: the member's votes in the award's ballot, -1: none */
} td_award_cell;

/* A member's texts (td_member_result::texts): kept only by a result
 * that keeps explanations. */
typedef struct td_member_texts {
    const char *explain[2];
    const char *class_explain[2];
    const char *rank_explain[2];
} td_member_texts;

/* A member's result: 208 bytes on 64-bit targets (280 before its texts
 * and counts were narrowed) (a result holds one per
 * member: keep it small). Its counts are 32-bit: td_evaluate() refuses a
 * cluster of UINT32_MAX members or more. */
typedef struct td_member_result {
    const char *unit;
    const char *name;
    const char *group;           /* 1.1: its group, or NULL */
    td_member_texts *texts;      /* NULL when the result keeps no explanation */
    td_decimal base, bonus, deduction, total;
    td_decimal *section_points;
    td_decimal *node_points; /* rulebook 1.1: by group node, after its cap */
    /* The cells and measure values live in the result's columns (one per
     * criterion and per measure, td_cellcol and td_mcol), at the member's
     * cluster_index: a stage that goes through one criterion for every
     * member reads contiguous memory. */
    int64_t *event_counts;   /* by adjustment index */
    td_record *records;      /* history of the unit and its predecessors */
    size_t record_count;
    td_award_cell *awards;   /* by award index */
    uint32_t rank;
    uint32_t group_rank, group_size; /* 1.1: 0 without a group */
    uint32_t count_met;
    uint32_t cluster_index;  /* position in the cluster's member list */
    int32_t classification;  /* index into the rulebook's classes, or -1 */
    bool is_leader;
    bool is_deputy;
    bool all_met;
} td_member_result;
_Static_assert(sizeof(void *) != 8 || sizeof(td_member_result) == 208, "a member's result is 208 bytes on 64-bit targets");

struct td_result {
    td_arena arena;
    const td_rulebook *rulebook;
    const char *cluster_id;
    const char *cluster_name;
    td_cluster_kind cluster_kind;
    td_report_block report; /* the cluster's, copied */
    int64_t period;
    size_t member_count;
    td_member_result *members; /* in cluster order (their columns' order) */
    size_t *order;             /* result index → cluster index: by rank, then unit id */
    td_map member_index;       /* unit id → result index */
    const char *next_leader;
    const char *leader_explain[2];
    const char *next_deputy;       /* rulebook 1.1: NULL without a deputy rule */
    const char *deputy_explain[2];
    int64_t *award_quota;           /* by award index; -1: no quota */
    struct td_group_quota **group_quotas; /* 1.1: by award index, one per group in id order; NULL: not per group */
    size_t group_count;                   /* 1.1: how many groups the members form */
    const char *(*quota_explain)[2]; /* by award index */
    td_warning *warnings;            /* at most one per award (awards.c) */
    size_t warning_count;
    td_cellcol *cells;               /* by criterion */
    td_mcol *measures;               /* by the rulebook's measure index */
    td_arena *arenas;                /* the texts kept by worker threads (parallel.c) */
    size_t arena_count;
    td_explain explain_mode;
    /* What a criterion's points and explanation need beyond the cells,
     * found before the criteria are scored (td_rank_criteria()) */
    size_t *best_member;             /* by criterion: `best`'s holder (cluster index) */
    size_t **crit_ranks;             /* by criterion: `rank`'s ranks by cluster index, or NULL */
    /* TD_EXPLAIN_ON_DEMAND: the texts rendered so far (result.c) */
    struct td_cell_texts *_Atomic *cell_texts; /* by criterion x n + cluster index; NULL: not yet */
    /* The numbers the 64-bit fast paths (fixed.h) left to the general
     * code: attainments, cells scored without text, members' totals,
     * derived measure values, expression values. The tests read it;
     * ordinary data never leaves the fast paths. */
    atomic_size_t general_path;
    td_decimal *params; /* by the rulebook's parameter index: the values evaluated with */
    struct td_rollup_result *rollups; /* 1.1: by the rulebook's roll-up index; NULL: none */
    size_t *units_below;              /* 1.1: by cluster index, the units below each member */
};

/* A roll-up's outcome: the children's own evaluation and how many children
 * each parent member counted (by cluster index). */
typedef struct td_rollup_result {
    td_result *children;
    size_t *child_count;
} td_rollup_result;

/* Rulebook 1.1 roll-ups (rollup.c): evaluates each roll-up's children with
 * the child rulebook, then stores every roll-up measure's aggregate as the
 * actual of each member. */
struct td_eval;
td_status td_eval_rollups(struct td_eval *ev);
/* Frees a rulebook's compiled aggregates and releases its child rulebooks;
 * the builder's arrays are freed by td_rollups_free_builder(). */
void td_rollups_free_compiled(td_rules *r);
void td_rollups_free_builder(td_rulebook_builder *b);
/* Copies the roll-ups into a rulebook's arena (references not taken:
 * copy_rules() takes them when the whole copy succeeded). */
bool td_rollups_copy(td_arena *arena, td_rules *dst, const td_rules *src);
/* Compiles the aggregates of a copied rulebook against the child
 * rulebooks; the measure table's roll-up measures come in build_measures(). */
td_status td_rollups_compile(td_rulebook *rb, td_error *err);
/* Frees a result's roll-up outcomes. */
void td_rollups_free_result(td_result *res);
/* Frees a cluster's units below and child data. */
void td_cluster_free_rollups(td_cluster *c);

/* td_evaluate() with the fast paths of fixed.h off: the general code
 * alone, the reference the tests compare the fast paths with. */
td_status td_evaluate__general(td_result **out, const td_rulebook *rb, const td_cluster *cl,
                               const td_eval_options *opts, td_error *err);

/* A criterion's explanation rendered on demand, both languages in one block. */
typedef struct td_cell_texts {
    const char *text[2]; /* by td_lang, pointing into data */
    char data[];
} td_cell_texts;

/* Renders member mr's (a member of res) explanation of criterion c in both
 * languages into text[0..1] (scoring.c). Errors: TD_ENOMEM. */
td_status td_render_cell(const td_result *res, const td_member_result *mr, size_t c, td_buf text[2],
                         td_error *err);

/* Allocates the columns of n members for every criterion and measure in
 * the result's arena. Errors: TD_ENOMEM. */
td_status td_result_alloc_columns(td_result *res, size_t n, bool texts, td_error *err);
/* Frees the wide copies of the columns. */
void td_result_free_columns(td_result *res);
/* A copy of member m's (cluster index) cell of criterion c. */
void td_cell_get(td_cell *out, const td_result *res, size_t c, size_t m);
/* Stores a cell's attainment (and met), or its points, bonus and source:
 * what a stage computes. Storing may allocate a column's wide copy
 * (TD_ENOMEM); it is safe from threads storing other members. */
td_status td_cell_set_attainment(td_result *res, size_t c, size_t m, td_decimal r, bool met, td_error *err);
td_status td_cell_set_points(td_result *res, size_t c, size_t m, const td_cell *cell, td_error *err);
/* Stores one side (a target, else an actual) of member m's value of measure i. */
td_status td_mvalue_set(td_result *res, size_t i, size_t m, bool target, td_decimal v, td_error *err);
/* A copy of member m's value of measure i. */
void td_mvalue_get(td_mvalue *out, const td_result *res, size_t i, size_t m);
/* One number of a column. */
static inline td_decimal td_numcol_get(const td_numcol *col, size_t m)
{
    signed char s = col->scale[m];
    if (s != TD_NUMCOL_WIDE)
        return td_decimal__from_int64(col->coef[m], s);
    return atomic_load_explicit(&col->wide, memory_order_acquire)[m];
}

/* Compares values i and j of a column (as td_decimal_cmp()): in 128-bit
 * integers when both are compact and their scales differ by at most 18,
 * as the sorts of `rank` and `best` compare millions of pairs. */
static inline int td_numcol_cmp(const td_numcol *col, size_t i, size_t j)
{
    signed char si = col->scale[i], sj = col->scale[j];
    int diff = si - sj;
    if (si != TD_NUMCOL_WIDE && sj != TD_NUMCOL_WIDE && diff <= 18 && diff >= -18) {
        td_i128 a = td_i128_of(col->coef[i]), b = td_i128_of(col->coef[j]);
        static const int64_t p10[19] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                                        1000000000, 10000000000, 100000000000, 1000000000000,
                                        10000000000000, 100000000000000, 1000000000000000,
                                        10000000000000000, 100000000000000000, 1000000000000000000};
        if (diff < 0) /* |coef| x 10^18 < 2^63 x 2^60: no overflow */
            a = td_i128_mul(a, td_i128_of(p10[-diff]));
        else
            b = td_i128_mul(b, td_i128_of(p10[diff]));
        return td_i128_cmp(a, b);
    }
    return td_decimal_cmp(td_numcol_get(col, i), td_numcol_get(col, j));
}

/* The member at result index m (m < member_count). */
static inline const td_member_result *td_result_member_at(const td_result *res, size_t m)
{
    return &res->members[res->order[m]];
}

/*
 * Sets `err` to `code` and the formatted message, at the origin of member
 * `m` (an index in the cluster's member order) when a reader recorded one
 * (td_cluster_set_member_origin() of thidua/sys/origin.h), else with no
 * position. Returns `code`.
 */
td_status td_cluster_member_error(const td_cluster *c, size_t m, td_error *err, td_status code,
                                  const char *fmt, ...) TD_PRINTF(5, 6);

#endif
