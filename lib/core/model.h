/*
 * Internal: the layout of rulebooks, clusters and results. Not installed.
 */
#ifndef THIDUA_LIB_MODEL_H
#define THIDUA_LIB_MODEL_H

#include <stdatomic.h>

#include "thidua/cluster.h"
#include "thidua/result.h"
#include "thidua/rulebook.h"
#include "util.h"

/* ---- rulebook ---- */

typedef struct td_band {
    td_decimal at;
    td_decimal points;
} td_band;

typedef struct td_criterion {
    const char *id;
    const char *name;
    const char *measure;
    size_t section;
    td_decimal max;
    td_direction direction;
    td_rule_kind rule;
    /* rule parameters; which are used depends on `rule` */
    td_decimal cap;           /* proportional */
    td_decimal at;            /* threshold */
    td_decimal deduct, per, floor_points; /* shortfall (floor_points is `min`) */
    td_shortfall_step step;   /* shortfall */
    td_best_of best_of;       /* best */
    td_band *bands;           /* bands */
    size_t band_count, band_cap;
    td_decimal *rank_points;  /* rank */
    size_t rank_count, rank_cap;
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
} td_class_entry;

/* The definitions shared by the builder and the compiled rulebook. */
typedef struct td_rules {
    const char *id;
    const char *name;
    int precision;
    td_section *sections;
    size_t section_count, section_cap;
    td_criterion *criteria;
    size_t criterion_count, criterion_cap;
    td_adjustment *adjustments;
    size_t adjustment_count, adjustment_cap;
    bool has_bonus_max;
    td_decimal bonus_max;
    td_class_entry *classes;
    size_t class_count, class_cap;
    td_leader_rule leader_rule;
    const char **leader_order;
    size_t leader_count, leader_cap;
} td_rules;

struct td_rulebook_builder {
    td_arena arena; /* strings */
    td_rules rules; /* arrays grown with the arena's allocator */
};

struct td_rulebook {
    td_arena arena; /* everything, including the arrays */
    atomic_size_t refs;
    td_rules rules;
    td_map criterion_index; /* criterion id → index */
    td_map adjustment_index;
};

void td_rulebook_retain(const td_rulebook *rulebook);

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
} td_member;

typedef struct td_event_rec {
    size_t member;
    const char *item;
    int64_t count;
} td_event_rec;

typedef struct td_history_rec {
    const char *unit;
    int64_t period;
    const char *id;
} td_history_rec;

typedef struct td_link {
    const char *unit;
    const char *predecessor;
} td_link;

/* One value of a member: a target, an actual or a score, keyed by member,
 * kind and name in td_cluster::values_index. */
typedef struct td_value_rec {
    size_t member;
    int kind; /* VALUE_TARGET, VALUE_ACTUAL, VALUE_SCORE + source */
    const char *name;
    td_decimal value;
} td_value_rec;

enum { TD_VALUE_TARGET = 0, TD_VALUE_ACTUAL = 1, TD_VALUE_SCORE = 2 /* + td_score_source */ };

struct td_cluster {
    td_arena arena;
    const char *id;
    const char *name;
    int64_t period;
    td_member *members;
    size_t member_count, member_cap;
    td_map member_index;
    long leader;      /* member index or -1 */
    long next_leader; /* member index or -1 */
    td_value_rec *values;
    size_t value_count, value_cap;
    td_map value_index; /* key: member (size_t) + kind (int) + name bytes */
    td_event_rec *events;
    size_t event_count, event_cap;
    td_map event_index; /* key: member + item */
    td_history_rec *history;
    size_t history_count, history_cap;
    td_link *links;
    size_t link_count, link_cap;
};

/* Looks a member's value up; false when absent. */
bool td_cluster_value(const td_cluster *cluster, size_t member, int kind, const char *name,
                      td_decimal *out);

/* ---- result ---- */

typedef struct td_cell {
    bool has_target, has_actual, has_attainment;
    signed char met; /* 1, 0, or -1 without attainment */
    td_decimal target, actual, attainment, points, bonus;
    const char *explain[2];
} td_cell;

typedef struct td_member_result {
    const char *unit;
    const char *name;
    size_t rank;
    bool is_leader;
    td_decimal base, bonus, deduction, total;
    size_t count_met;
    bool all_met;
    long classification; /* index into the rulebook's classes, or -1 */
    td_decimal *section_points;
    td_cell *cells;
    const char *explain[2];
    const char *class_explain[2];
    const char *rank_explain[2];
} td_member_result;

struct td_result {
    td_arena arena;
    const td_rulebook *rulebook;
    const char *cluster_id;
    const char *cluster_name;
    int64_t period;
    size_t member_count;
    td_member_result *members; /* in result order */
    td_map member_index;       /* unit id → result index */
    const char *next_leader;
    const char *leader_explain[2];
};

#endif
