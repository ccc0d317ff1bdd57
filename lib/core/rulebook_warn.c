/*
 * Warnings: definitions that are valid but probably not what was meant
 * (docs/warnings.md), found once when a rulebook is built, each placed at
 * the value a reader told the builder of (td_rulebook_builder_set_place()).
 */
#include <stdio.h>
#include <string.h>

#include "model.h"

/* ---- places ---- */

/* "place\x1fid\x1findex", the key of a value's place, into `buf`. */
static void place_key(char *buf, size_t size, td_place place, const char *id, size_t index)
{
    snprintf(buf, size, "%d\x1f%s\x1f%zu", (int)place, id, index);
}

td_status td_rulebook_builder_set_place(td_rulebook_builder *b, td_place place, const char *id, size_t index,
                                        const char *file, unsigned int line, unsigned int column, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc == TD_OK)
        rc = td_check_id(id, "id", err);
    if (rc != TD_OK)
        return rc;
    if (file == NULL)
        return td_error_set(err, TD_EINVAL, "the file is NULL");
    if (place < TD_PLACE_RULE_AT || place > TD_PLACE_QUOTA_PERCENT)
        return td_error_set(err, TD_EINVAL, "unknown place %d", (int)place);
    size_t len = strlen(id) + 48;
    char *key = td_arena_alloc(&b->arena, len);
    const char *copy = td_arena_strdup(&b->arena, file);
    if (key == NULL || copy == NULL)
        return td_error_nomem(err);
    place_key(key, len, place, id, index);
    td_place_pos pos = {copy, line, column};
    size_t at;
    if (td_builder_find(b, TD_BID_PLACE, key, &at)) {
        b->places[at] = pos;
        return TD_OK;
    }
    void *items = b->places;
    rc = td_reserve(&b->arena.alloc, &items, &b->place_cap, b->place_count + 1, sizeof(td_place_pos), err);
    if (rc != TD_OK)
        return rc;
    b->places = items;
    if ((rc = td_builder_remember(b, TD_BID_PLACE, key, b->place_count, err)) != TD_OK)
        return rc;
    b->places[b->place_count++] = pos;
    return TD_OK;
}

/* ---- notes ---- */

bool td_remark_copy(td_warning *out, td_arena *arena, const td_warning *from)
{
    td_warning w = {td_arena_strdup(arena, from->code), td_arena_strdup(arena, from->message),
                    td_arena_strdup(arena, from->file != NULL ? from->file : ""), from->line, from->column};
    if (w.code == NULL || w.message == NULL || w.file == NULL)
        return false;
    *out = w;
    return true;
}

td_status td_remark_append(td_warning **list, size_t *count, size_t *cap, td_arena *arena,
                           const td_allocator *alloc, const char *code, const char *message, const char *file,
                           unsigned int line, unsigned int column, td_error *err)
{
    if (code == NULL || message == NULL)
        return td_error_set(err, TD_EINVAL, "the %s is NULL", code == NULL ? "code" : "message");
    td_warning w, given = {code, message, file, line, column};
    if (!td_remark_copy(&w, arena, &given))
        return td_error_nomem(err);
    void *items = *list;
    td_status rc = td_reserve(alloc, &items, cap, *count + 1, sizeof(td_warning), err);
    if (rc != TD_OK)
        return rc;
    *list = items;
    (*list)[(*count)++] = w;
    return TD_OK;
}

td_status td_rulebook_builder_add_note(td_rulebook_builder *b, const char *code, const char *message,
                                       const char *file, unsigned int line, unsigned int column, td_error *err)
{
    td_status rc = td_builder_check(b, err);
    if (rc != TD_OK)
        return rc;
    return td_remark_append(&b->notes, &b->note_count, &b->note_cap, &b->arena, &b->arena.alloc, code, message,
                            file, line, column, err);
}

/* The builder's notes into the compiled rulebook's arena. */
static td_status copy_notes(td_rulebook *rb, const td_rulebook_builder *b, td_error *err)
{
    if (b->note_count == 0)
        return TD_OK;
    rb->notes = td_arena_alloc(&rb->arena, b->note_count * sizeof *rb->notes);
    if (rb->notes == NULL)
        return td_error_nomem(err);
    for (size_t i = 0; i < b->note_count; i++) {
        if (!td_remark_copy(&rb->notes[rb->note_count], &rb->arena, &b->notes[i]))
            return td_error_nomem(err);
        rb->note_count++;
    }
    return TD_OK;
}

size_t td_rulebook_note_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->note_count : 0;
}

bool td_rulebook_note(td_warning *out, const td_rulebook *rb, size_t i)
{
    return rb != NULL && td_remark_at(out, rb->notes, rb->note_count, i);
}

/* ---- finding them ---- */

typedef struct finder {
    td_rulebook *rb;
    const td_rulebook_builder *b;
    size_t cap;
    td_error *err;
} finder;

static td_status add(finder *f, const char *code, td_place place, const char *id, size_t index,
                     const char *fmt, ...) TD_PRINTF(6, 7);

static td_status add(finder *f, const char *code, td_place place, const char *id, size_t index,
                     const char *fmt, ...)
{
    td_rulebook *rb = f->rb;
    if (rb->warning_count == f->cap) {
        size_t cap = f->cap == 0 ? 8 : 2 * f->cap;
        td_warning *grown = td_arena_alloc(&rb->arena, cap * sizeof *grown);
        if (grown == NULL)
            return td_error_nomem(f->err);
        if (rb->warning_count > 0)
            memcpy(grown, rb->warnings, rb->warning_count * sizeof *grown);
        rb->warnings = grown;
        f->cap = cap;
    }
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    td_warning w = {code, td_arena_strdup(&rb->arena, text), "", 0, 0};
    char key[256];
    size_t at;
    place_key(key, sizeof key, place, id, index);
    if (td_builder_find(f->b, TD_BID_PLACE, key, &at)) {
        w.file = td_arena_strdup(&rb->arena, f->b->places[at].file);
        w.line = f->b->places[at].line;
        w.column = f->b->places[at].column;
    }
    if (w.message == NULL || w.file == NULL)
        return td_error_nomem(f->err);
    rb->warnings[rb->warning_count++] = w;
    return TD_OK;
}

/* An attainment above 3 (300 %) as a rule's threshold: a ratio was meant
 * as a percentage. */
static bool looks_like_percent(td_decimal at)
{
    return td_decimal_cmp(at, td_decimal_from_int(3)) > 0;
}

static td_status criterion_warnings(finder *f, const td_criterion *c)
{
    char text[TD_DECIMAL_STRING_SIZE], pct[TD_DECIMAL_STRING_SIZE];
    td_decimal times;
    if (c->rule == TD_RULE_THRESHOLD && looks_like_percent(c->at) &&
        td_decimal_mul(&times, c->at, td_decimal_from_int(100), NULL) == TD_OK) {
        td_decimal_format(text, sizeof text, c->at);
        td_decimal_format(pct, sizeof pct, times);
        return add(f, "threshold-at-above-3", TD_PLACE_RULE_AT, c->id, 0,
                   "criterion '%s': the threshold 'at: %s' is an attainment (actual / target, 1 is 100 %%): a "
                   "member must reach %s %% of its target; did you mean %s%%?",
                   c->id, text, pct, text);
    }
    if (c->rule == TD_RULE_BANDS && c->bands_of == TD_BANDS_OF_ATTAINMENT)
        for (size_t k = 0; k < c->band_count; k++)
            if (looks_like_percent(c->bands[k].at)) {
                td_decimal_format(text, sizeof text, c->bands[k].at);
                return add(f, "band-at-above-3", TD_PLACE_BAND_AT, c->id, k,
                           "criterion '%s': band %zu 'at: %s' is an attainment (1 is 100 %%): did you mean "
                           "%s%%? (bands of the actual value itself take 'of: actual')",
                           c->id, k + 1, text, text);
            }
    return TD_OK;
}

/* The most points a criterion can give: its max, or max x cap for a
 * proportional rule that lets attainment above 100 % count. */
static bool criterion_most(const td_criterion *c, td_decimal *out)
{
    if (c->rule == TD_RULE_PROPORTIONAL && td_decimal_cmp(c->cap, td_decimal_from_int(1)) > 0)
        return td_decimal_mul(out, c->max, c->cap, NULL) == TD_OK;
    *out = c->max;
    return true;
}

/* The highest total the rulebook can give; false when it has no bound (a
 * bonus without a cap) or the sum does not fit a decimal. `sums` has room
 * for a sum per section and per group node (1.1): a node adds up its
 * children's most, capped at its max, into its parent, as evaluation does. */
static bool highest_total(const td_rules *r, td_decimal *sums, td_decimal *out)
{
    td_decimal total = td_decimal_zero(), *nodes = sums + r->section_count;
    for (size_t k = 0; k < r->section_count + r->node_count; k++)
        sums[k] = td_decimal_zero();
    for (size_t i = 0; i < r->criterion_count; i++) {
        const td_criterion *c = &r->criteria[i];
        td_decimal most, *sum = c->parent == TD_NONE ? &sums[c->section] : &nodes[c->parent];
        if (!criterion_most(c, &most) || td_decimal_add(sum, *sum, most, NULL) != TD_OK)
            return false;
    }
    for (size_t k = r->node_count; k-- > 0;) {
        const td_cnode *nd = &r->nodes[k];
        td_decimal *sum = nd->parent == TD_NONE ? &sums[nd->section] : &nodes[nd->parent];
        if (td_decimal_add(sum, *sum, td_decimal_min(nodes[k], nd->max), NULL) != TD_OK)
            return false;
    }
    for (size_t s = 0; s < r->section_count; s++) {
        td_decimal sum = sums[s];
        if (r->sections[s].has_max)
            sum = td_decimal_min(sum, r->sections[s].max);
        if (td_decimal_add(&total, total, sum, NULL) != TD_OK)
            return false;
    }
    td_decimal bonus = td_decimal_zero();
    if (r->has_bonus_max) {
        bonus = r->bonus_max;
    } else {
        for (size_t i = 0; i < r->criterion_count; i++) {
            const td_criterion *c = &r->criteria[i];
            if (c->has_bonus && (!c->bonus_has_max || td_decimal_add(&bonus, bonus, c->bonus_max, NULL) != TD_OK))
                return false;
        }
        for (size_t i = 0; i < r->adjustment_count; i++) {
            const td_adjustment *a = &r->adjustments[i];
            if (a->kind == TD_ADJUSTMENT_BONUS && (!a->has_max || td_decimal_add(&bonus, bonus, a->max, NULL) != TD_OK))
                return false;
        }
    }
    return td_decimal_add(out, total, bonus, NULL) == TD_OK;
}

td_status td_rulebook_find_warnings(td_rulebook *rb, const td_rulebook_builder *b, td_error *err)
{
    finder f = {rb, b, 0, err};
    const td_rules *r = &rb->rules;
    td_status rc = copy_notes(rb, b, err);
    for (size_t i = 0; rc == TD_OK && i < r->criterion_count; i++)
        rc = criterion_warnings(&f, &r->criteria[i]);
    td_decimal most, *sums = td_arena_alloc(&rb->arena, (r->section_count + r->node_count + 1) * sizeof *sums);
    if (sums == NULL)
        return td_error_nomem(err);
    bool bounded = highest_total(r, sums, &most);
    for (size_t i = 0; rc == TD_OK && bounded && i < r->class_count; i++) {
        const td_class_entry *e = &r->classes[i];
        if (!e->has_min || td_decimal_cmp(e->min, most) <= 0)
            continue;
        char min[TD_DECIMAL_STRING_SIZE], top[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(min, sizeof min, e->min);
        td_decimal_format(top, sizeof top, most);
        rc = add(&f, "classification-min-above-maximum", TD_PLACE_CLASS_MIN, e->id, 0,
                 "classification '%s': 'min: %s' is above the highest total this rulebook can give (%s), so no "
                 "member can be classified '%s'",
                 e->id, min, top, e->id);
    }
    /* a min below 1 point on a table of 10 points or more: a percent written for points */
    for (size_t i = 0; rc == TD_OK && i < r->class_count; i++) {
        const td_class_entry *e = &r->classes[i];
        td_decimal times;
        if (!e->has_min || td_decimal_sign(e->min) <= 0 || td_decimal_cmp(e->min, td_decimal_from_int(1)) >= 0 ||
            (bounded && td_decimal_cmp(most, td_decimal_from_int(10)) < 0) ||
            td_decimal_mul(&times, e->min, td_decimal_from_int(100), NULL) != TD_OK)
            continue;
        char min[TD_DECIMAL_STRING_SIZE], hundred[TD_DECIMAL_STRING_SIZE], top[TD_DECIMAL_STRING_SIZE + 48] = "";
        td_decimal_format(min, sizeof min, e->min);
        td_decimal_format(hundred, sizeof hundred, times);
        if (bounded) {
            char most_text[TD_DECIMAL_STRING_SIZE];
            td_decimal_format(most_text, sizeof most_text, most);
            snprintf(top, sizeof top, ", on a table whose total reaches %s", most_text);
        }
        rc = add(&f, "classification-min-below-1", TD_PLACE_CLASS_MIN, e->id, 0,
                 "classification '%s': 'min: %s' is %s points%s (a percent is a ratio: 90%% is 0.9), so nearly "
                 "every member reaches it: did you mean 'min: %s'?",
                 e->id, min, min, top, hundred);
    }
    for (size_t i = 0; rc == TD_OK && i < r->award_count; i++) {
        const td_award_def *a = &r->awards[i];
        if (a->quota_kind != 2 || td_decimal_sign(a->percent) <= 0 ||
            td_decimal_cmp(a->percent, td_decimal_from_int(1)) >= 0)
            continue;
        char p[TD_DECIMAL_STRING_SIZE], hundred[TD_DECIMAL_STRING_SIZE];
        td_decimal times;
        td_decimal_format(p, sizeof p, a->percent);
        if (td_decimal_mul(&times, a->percent, td_decimal_from_int(100), NULL) != TD_OK)
            continue;
        td_decimal_format(hundred, sizeof hundred, times);
        rc = add(&f, "quota-percent-below-1", TD_PLACE_QUOTA_PERCENT, a->id, 0,
                 "award '%s': 'percent: %s' is %s %% of the members (a number of percent: 30 means 30 %%): did "
                 "you mean %s?",
                 a->id, p, p, hundred);
    }
    return rc;
}

/* ---- reading them ---- */

size_t td_rulebook_warning_count(const td_rulebook *rb)
{
    return rb != NULL ? rb->warning_count : 0;
}

bool td_rulebook_warning(td_warning *out, const td_rulebook *rb, size_t i)
{
    return rb != NULL && td_remark_at(out, rb->warnings, rb->warning_count, i);
}
