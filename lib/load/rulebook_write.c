/*
 * Writing a compiled rulebook back as YAML of the contract's format. The
 * output is deterministic: every rule parameter is written (defaults too),
 * ids that could be misread are quoted, names and expressions are always
 * double-quoted. Loading the text gives the same definitions, so writing
 * that rulebook again gives the same text.
 */
#include <string.h>

#include "model.h"
#include "scalar.h"

/* Ids that read back as text under both YAML 1.2 and YAML 1.1 (PyYAML)
 * resolution are written plain; anything else is quoted. */
static bool plain_safe(const char *s)
{
    static const char *const reserved[] = {"true", "false", "null", "yes", "no", "on", "off", "y", "n",
                                           "~", NULL};
    if (s[0] == '\0')
        return false;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return false;
    for (const char *p = s; *p != '\0'; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-'))
            return false;
    }
    for (size_t i = 0; reserved[i] != NULL; i++) {
        const char *w = reserved[i];
        size_t k = 0;
        while (s[k] != '\0' && w[k] != '\0' &&
               (s[k] == w[k] || (s[k] >= 'A' && s[k] <= 'Z' && s[k] - 'A' + 'a' == w[k])))
            k++;
        if (s[k] == '\0' && w[k] == '\0')
            return false;
    }
    return true;
}

/* The inside of a double-quoted YAML string. Characters that a YAML reader
 * would refuse or fold (controls, U+0085, U+2028/9, U+FEFF, U+FFFE/F) are
 * escaped. */
static void put_escaped(td_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            td_buf_appendf(b, "\\%c", c);
            p++;
        } else if (c == '\n') {
            td_buf_append(b, "\\n");
            p++;
        } else if (c == '\t') {
            td_buf_append(b, "\\t");
            p++;
        } else if (c < 0x20 || c == 0x7F) {
            td_buf_appendf(b, "\\x%02X", c);
            p++;
        } else if (c < 0x80) {
            char one[2] = {(char)c, '\0'};
            td_buf_append(b, one);
            p++;
        } else {
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            unsigned long cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
            for (size_t i = 1; i < n && p[i] != '\0'; i++)
                cp = (cp << 6) | (p[i] & 0x3F);
            if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
                cp == 0xFFFE || cp == 0xFFFF) {
                td_buf_appendf(b, "\\u%04lX", cp);
            } else {
                char seq[5];
                memcpy(seq, p, n);
                seq[n] = '\0';
                td_buf_append(b, seq);
            }
            p += n;
        }
    }
}

static void put_quoted(td_buf *b, const char *s)
{
    td_buf_append(b, "\"");
    put_escaped(b, s);
    td_buf_append(b, "\"");
}

static void put_id(td_buf *b, const char *s)
{
    if (plain_safe(s))
        td_buf_append(b, s);
    else
        put_quoted(b, s);
}

static void put_num(td_buf *b, td_decimal d)
{
    td_buf_decimal(b, d);
}

static void put_rule(td_buf *b, const td_criterion *c)
{
    static const char *const steps[] = {"linear", "ceil", "floor"};
    td_buf_append(b, "        rule: {kind: ");
    switch (c->rule) {
    case TD_RULE_PROPORTIONAL:
        td_buf_append(b, "proportional, cap: ");
        put_num(b, c->cap);
        break;
    case TD_RULE_THRESHOLD:
        td_buf_append(b, "threshold, at: ");
        put_num(b, c->at);
        break;
    case TD_RULE_SHORTFALL:
        td_buf_append(b, "shortfall, deduct: ");
        put_num(b, c->deduct);
        td_buf_append(b, ", per: ");
        put_num(b, c->per);
        td_buf_appendf(b, ", step: %s, min: ", steps[c->step]);
        put_num(b, c->floor_points);
        break;
    case TD_RULE_BANDS:
        /* `of` only when not the default, so that the text stays what
         * contract v1 readers accept whenever it can */
        td_buf_append(b, c->bands_of == TD_BANDS_OF_ACTUAL ? "bands, of: actual, bands: ["
                                                           : "bands, bands: [");
        for (size_t i = 0; i < c->band_count; i++) {
            td_buf_append(b, i > 0 ? ", {at: " : "{at: ");
            put_num(b, c->bands[i].at);
            td_buf_append(b, ", points: ");
            put_num(b, c->bands[i].points);
            td_buf_append(b, "}");
        }
        td_buf_append(b, "]");
        break;
    case TD_RULE_BEST:
        td_buf_append(b, c->best_of == TD_BEST_OF_ACTUAL ? "best, of: actual" : "best, of: attainment");
        break;
    case TD_RULE_RANK:
        td_buf_append(b, "rank, points: [");
        for (size_t i = 0; i < c->rank_count; i++) {
            if (i > 0)
                td_buf_append(b, ", ");
            put_num(b, c->rank_points[i]);
        }
        td_buf_append(b, "]");
        break;
    case TD_RULE_MANUAL:
        td_buf_append(b, "manual");
        break;
    default:
        td_buf_append(b, "expr, expr: ");
        put_quoted(b, c->expr_text);
        break;
    }
    td_buf_append(b, "}\n");
}

static void put_criterion(td_buf *b, const td_criterion *c)
{
    td_buf_append(b, "      - id: ");
    put_id(b, c->id);
    if (c->name[0] != '\0') {
        td_buf_append(b, "\n        name: ");
        put_quoted(b, c->name);
    }
    if (strcmp(c->measure, c->id) != 0) {
        td_buf_append(b, "\n        measure: ");
        put_id(b, c->measure);
    }
    if (c->direction == TD_DIRECTION_LOWER)
        td_buf_append(b, "\n        direction: lower");
    td_buf_append(b, "\n        max: ");
    put_num(b, c->max);
    td_buf_append(b, "\n");
    put_rule(b, c);
    if (c->has_bonus) {
        td_buf_append(b, "        bonus: {per: ");
        put_num(b, c->bonus_per);
        td_buf_append(b, ", points: ");
        put_num(b, c->bonus_points);
        if (c->bonus_has_max) {
            td_buf_append(b, ", max: ");
            put_num(b, c->bonus_max);
        }
        td_buf_append(b, "}\n");
    }
}

static void put_sections(td_buf *b, const td_rules *r)
{
    td_buf_append(b, "sections:\n");
    for (size_t s = 0; s < r->section_count; s++) {
        const td_section *sec = &r->sections[s];
        td_buf_append(b, "  - id: ");
        put_id(b, sec->id);
        if (sec->name[0] != '\0') {
            td_buf_append(b, "\n    name: ");
            put_quoted(b, sec->name);
        }
        if (sec->has_max) {
            td_buf_append(b, "\n    max: ");
            put_num(b, sec->max);
        }
        td_buf_append(b, "\n    criteria:\n");
        for (size_t i = 0; i < r->criterion_count; i++)
            if (r->criteria[i].section == s)
                put_criterion(b, &r->criteria[i]);
    }
}

static void put_adjustments(td_buf *b, const td_rules *r)
{
    if (r->adjustment_count > 0)
        td_buf_append(b, "adjustments:\n");
    for (size_t i = 0; i < r->adjustment_count; i++) {
        const td_adjustment *a = &r->adjustments[i];
        td_buf_append(b, "  - {id: ");
        put_id(b, a->id);
        if (a->name[0] != '\0') {
            td_buf_append(b, ", name: ");
            put_quoted(b, a->name);
        }
        td_buf_append(b, a->kind == TD_ADJUSTMENT_DEDUCTION ? ", kind: deduction, points: "
                                                            : ", kind: bonus, points: ");
        put_num(b, a->points);
        if (a->has_max) {
            td_buf_append(b, ", max: ");
            put_num(b, a->max);
        }
        td_buf_append(b, "}\n");
    }
    if (r->has_bonus_max) {
        td_buf_append(b, "bonus_max: ");
        put_num(b, r->bonus_max);
        td_buf_append(b, "\n");
    }
}

static void put_classification(td_buf *b, const td_rules *r)
{
    if (r->class_count > 0)
        td_buf_append(b, "classification:\n");
    for (size_t i = 0; i < r->class_count; i++) {
        const td_class_entry *e = &r->classes[i];
        td_buf_append(b, "  - {id: ");
        put_id(b, e->id);
        if (e->name[0] != '\0') {
            td_buf_append(b, ", name: ");
            put_quoted(b, e->name);
        }
        if (e->has_min) {
            td_buf_append(b, ", min: ");
            put_num(b, e->min);
        }
        if (e->when_text != NULL) {
            td_buf_append(b, ", when: ");
            put_quoted(b, e->when_text);
        }
        td_buf_append(b, "}\n");
    }
}

static void put_ranking(td_buf *b, const td_rules *r)
{
    if (r->rank_key_count == 0)
        return;
    td_buf_append(b, "ranking:\n  by: [");
    for (size_t i = 0; i < r->rank_key_count; i++) {
        td_buf_append(b, i > 0 ? ", \"" : "\"");
        put_escaped(b, r->rank_keys[i].text);
        td_buf_append(b, r->rank_keys[i].descending ? " desc\"" : " asc\"");
    }
    td_buf_append(b, "]\n");
}

static void put_awards(td_buf *b, const td_rules *r)
{
    static const char *const roundings[] = {"half_up", "floor", "ceil"};
    if (r->award_count > 0)
        td_buf_append(b, "awards:\n");
    for (size_t i = 0; i < r->award_count; i++) {
        const td_award_def *a = &r->awards[i];
        td_buf_append(b, "  - id: ");
        put_id(b, a->id);
        if (a->name[0] != '\0') {
            td_buf_append(b, "\n    name: ");
            put_quoted(b, a->name);
        }
        if (a->when_text != NULL) {
            td_buf_append(b, "\n    when: ");
            put_quoted(b, a->when_text);
        }
        if (a->quota_kind == 1) {
            td_buf_appendf(b, "\n    quota: {count: %lld}", (long long)a->count);
        } else if (a->quota_kind == 2) {
            td_buf_append(b, "\n    quota: {percent: ");
            put_num(b, a->percent);
            td_buf_appendf(b, ", rounding: %s, min: %lld}",
                           a->rounding <= TD_ROUND_CEIL ? roundings[a->rounding] : "floor",
                           (long long)a->min);
        }
        if (a->exclude_count > 0) {
            td_buf_append(b, "\n    excludes: [");
            for (size_t x = 0; x < a->exclude_count; x++) {
                if (x > 0)
                    td_buf_append(b, ", ");
                put_id(b, a->excludes[x]);
            }
            td_buf_append(b, "]");
        }
        if (a->order_text != NULL) {
            td_buf_append(b, "\n    order: ");
            put_quoted(b, a->order_text);
        }
        td_buf_append(b, "\n");
    }
}

static void put_leader(td_buf *b, const td_rules *r)
{
    static const char *const rules[] = {"", "rotation", "election", "top_rank"};
    if (r->leader_rule == TD_LEADER_NONE)
        return;
    td_buf_appendf(b, "leader: {rule: %s", rules[r->leader_rule]);
    if (r->leader_rule == TD_LEADER_ROTATION) {
        td_buf_append(b, ", order: [");
        for (size_t i = 0; i < r->leader_count; i++) {
            if (i > 0)
                td_buf_append(b, ", ");
            put_id(b, r->leader_order[i]);
        }
        td_buf_append(b, "]");
    }
    td_buf_append(b, "}\n");
}

td_status td_rulebook_to_yaml(const td_rulebook *rulebook, char **out, size_t *len, td_error *err)
{
    if (rulebook == NULL || out == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", rulebook == NULL ? "the rulebook" : "out");
    const td_rules *r = &rulebook->rules;
    /* td_free() releases the text: it must come from the C library's malloc */
    td_allocator libc;
    td_allocator_resolve(&libc, NULL);
    td_buf b;
    td_buf_init(&b, &libc);
    td_buf_append(&b, "thidua: 1\nid: ");
    put_id(&b, r->id);
    if (r->name[0] != '\0') {
        td_buf_append(&b, "\nname: ");
        put_quoted(&b, r->name);
    }
    td_buf_appendf(&b, "\nprecision: %d\n", r->precision);
    bool any = false;
    for (size_t i = 0; i < r->measure_count; i++) {
        if (r->measures[i].formula == NULL)
            continue;
        td_buf_append(&b, any ? "  " : "measures:\n  ");
        any = true;
        put_id(&b, r->measures[i].id);
        td_buf_append(&b, ": ");
        put_quoted(&b, r->measures[i].formula);
        td_buf_append(&b, "\n");
    }
    put_sections(&b, r);
    put_adjustments(&b, r);
    put_classification(&b, r);
    put_ranking(&b, r);
    put_awards(&b, r);
    put_leader(&b, r);
    if (td_buf_failed(&b)) {
        td_buf_free(&b);
        return td_error_nomem(err);
    }
    if (len != NULL)
        *len = b.len;
    *out = b.data;
    return TD_OK;
}
