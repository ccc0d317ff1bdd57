/*
 * Internal: the state of one evaluation, shared by the pipeline
 * (evaluate.c), the scoring rules (scoring.c) and the standings (standings.c).
 */
#ifndef THIDUA_LIB_CORE_PIPELINE_H
#define THIDUA_LIB_CORE_PIPELINE_H

#include "model.h"
#include "phrases.h"

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        td_status try_rc_ = (expr);                                                                \
        if (try_rc_ != TD_OK)                                                                      \
            return try_rc_;                                                                        \
    } while (0)

typedef struct td_worker td_worker;

typedef struct td_eval {
    const td_rules *rules;
    const td_cluster *cluster;
    td_result *result;
    size_t n;                 /* members */
    td_member_result *members; /* in cluster order during evaluation */
    int64_t period;           /* the cluster's */
    bool rendering;           /* td_render_cell(): explaining a finished result's cell,
                               * whose numbers are read, not written */
    bool fast;                /* take the 64-bit paths of fixed.h where they fit
                               * (false: td_evaluate__general(), the tests' reference) */
    bool say;                 /* write explanations (td_explain); when false the
                                 * td_eval_* text functions do nothing and
                                 * td_eval_keep_text() keeps NULLs */
    bool formulas;            /* explain conditions as formulas (td_eval_options.formulas), else in words */
    td_buf text[2];           /* scratch for explanations, by td_lang */
    td_arena *arena;          /* where kept texts go: the result's, or a worker's (parallel.c) */
    td_worker *workers;       /* the threads beside the calling one (parallel.c) */
    size_t worker_count;
    /* Scratch freed when the evaluation ends: */
    size_t *name_criterion;   /* by cluster name number: the criterion of that id, or TD_NONE */
    size_t *name_measure;     /* by cluster name number: the measure of that id, or TD_NONE */
    size_t *manual_slot;      /* by criterion: its number among the manual ones, or TD_NONE */
    size_t manual_count;
    size_t *score_col;        /* by (manual slot, source): the cluster's column of those
                               * points (td_vcol), or TD_NONE when none are given */
    size_t *group_of;         /* 1.1: by member, the index of its group or TD_NONE; NULL: no groups */
    size_t group_count;
    const size_t *rank_order; /* by td_rank(): the members best first, tied ones in cluster
                               * order (in the result's arena) */
    const td_eval_options *opts; /* as given (NULL: the defaults); 1.1 roll-ups evaluate their
                                  * children with them */
    td_error *err;
} td_eval;


/* Threads take member ranges only when each gets at least this many
 * members: below, starting them costs more than they save. */
#define TD_MEMBERS_PER_THREAD 512

/* Prepares up to `threads` - 1 workers beside the calling thread (none for
 * a small cluster), each with an arena of the result for its texts.
 * Errors: TD_ENOMEM. */
td_status td_eval_start_workers(td_eval *ev, unsigned threads);
/* Frees the workers' scratch (their arenas stay with the result). */
void td_eval_stop_workers(td_eval *ev);
/* A stage's work on members [lo, hi), on `ev` or a worker's copy of it. */
typedef td_status (*td_member_range_fn)(td_eval *ev, void *ctx, size_t lo, size_t hi);
/* Runs fn over [0, n), in the workers' threads when there are some; the
 * failure of the lowest failing member wins, as in one thread. */
td_status td_eval_members(td_eval *ev, td_member_range_fn fn, void *ctx);
/* A task of td_eval_tasks(): task number t, on `ev` or a worker's copy. */
typedef td_status (*td_task_fn)(td_eval *ev, void *ctx, size_t t);
/* Runs tasks 0 .. count - 1, spread over the workers' threads when there
 * are some; the failure of the lowest failing task wins, as in one thread. */
td_status td_eval_tasks(td_eval *ev, size_t count, td_task_fn fn, void *ctx);
/* The holder of every `best` criterion's best value and the ranks of every
 * `rank` criterion, into the result (scoring.c); the sorts run in threads. */
td_status td_rank_criteria(td_eval *ev);

/* Copies the scratch texts into the result arena as cell/member explanations. */
td_status td_eval_keep_text(td_eval *ev, const char *out[2]);
/* Where member mr's text `field` (td_member_texts) is kept: NULL when the
 * result keeps no explanation (td_eval_keep_text() then keeps nothing). */
#define TD_MEMBER_TEXT(mr, field) ((mr)->texts != NULL ? (mr)->texts->field : NULL)

/* The text helpers: each appends to both language buffers, and does
 * nothing, without even being called, when the evaluation writes no text
 * (ev->say false: the macros test it). */

/* Appends the same formatted text to both language buffers. */
void td_eval_both_(td_eval *ev, const char *fmt, ...) TD_PRINTF(2, 3);
#define td_eval_both(ev, ...) ((ev)->say ? td_eval_both_((ev), __VA_ARGS__) : (void)0)
/* Appends the same string literal to both language buffers, its length
 * known at compile time (no formatting, no strlen). */
void td_eval_lit_(td_eval *ev, const char *text, size_t len);
#define td_eval_lit(ev, literal) ((ev)->say ? td_eval_lit_((ev), "" literal "", sizeof(literal) - 1) : (void)0)
/* Appends phrase `id` of the catalogue (phrases.h), a text without '%',
 * in each language. */
void td_eval_phrase_(td_eval *ev, td_phrase id);
#define td_eval_phrase(ev, ...) ((ev)->say ? td_eval_phrase_((ev), __VA_ARGS__) : (void)0)
/* Appends phrase `id`, a printf format, formatted with the same arguments
 * in each language (the catalogue's formats take the same conversions in
 * the same order in both; tests/core/check_phrases.py counts the
 * arguments of every call). */
void td_eval_phrasef_(td_eval *ev, td_phrase id, ...);
#define td_eval_phrasef(ev, ...) ((ev)->say ? td_eval_phrasef_((ev), __VA_ARGS__) : (void)0)
/* Appends texts kept earlier in the result, one per td_lang (the quota's
 * explanation inside the award statuses). */
void td_eval_texts(td_eval *ev, const char *const text[2]);
/* Appends the explanation of expression e's value to both languages: a
 * condition in each language's words (td_cexpr_explain_words()), or with
 * ev->formulas in the expression's own symbols (td_cexpr_explain()), the
 * same in both, so computed once. */
td_status td_eval_explain(td_eval *ev, const td_cexpr *e, const td_expr_host *host);
/* Appends the value `x` of a key expression e (a ranking key, an award's
 * order) written `text`: in words when e is a built-in the words name
 * ("tổng điểm 96.66", "là đơn vị trưởng: có"), else "text = value"; as a
 * formula ("total = 96.66", "is_leader = true") with ev->formulas. */
void td_eval_key(td_eval *ev, const td_cexpr *e, const char *text, td_decimal x);
/* The unit id of item i of some group (a callback, as groups are kept in
 * different tables). */
typedef const char *(*td_unit_at)(const void *ctx, size_t i);
/* At most this many units of a group are named in one explanation. */
#define TD_UNITS_SHOWN 8
/* Appends the units of items [from, to) but `skip` (TD_NONE: none), the
 * first after " " and the others after `sep`; beyond TD_UNITS_SHOWN it
 * counts the rest ("and 4 more"): in a block of thousands, naming a whole
 * group in every member's explanation would grow the texts quadratically. */
void td_eval_units(td_eval *ev, td_unit_at at, const void *ctx, size_t from, size_t to, size_t skip,
                   const char *sep);
void td_eval_decimal_(td_eval *ev, td_decimal d);
#define td_eval_decimal(ev, ...) ((ev)->say ? td_eval_decimal_((ev), __VA_ARGS__) : (void)0)
void td_eval_fixed_(td_eval *ev, td_decimal d, int places);
#define td_eval_fixed(ev, ...) ((ev)->say ? td_eval_fixed_((ev), __VA_ARGS__) : (void)0)
/* Appends points at the rulebook's precision. */
void td_eval_points(td_eval *ev, td_decimal d);

/* Gathers target and actual of criterion c for every member, checks that
 * the rule has what it needs, and computes attainment and met. */
td_status td_attain_criterion(td_eval *ev, size_t c);

/* Computes points and bonus of criterion c for every member, with the
 * explanations (every criterion's attainment is known by then). */
td_status td_score_criterion(td_eval *ev, size_t c);

#endif
