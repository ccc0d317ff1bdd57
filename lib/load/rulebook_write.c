/*
 * Writing a compiled rulebook back as YAML of the contract's format, through
 * the public read API alone (include/thidua/rulebook.h). The output is
 * deterministic: every rule parameter is written (defaults too),
 * ids that could be misread are quoted, names and expressions are always
 * double-quoted. Loading the text gives the same definitions, so writing
 * that rulebook again gives the same text.
 */
#include <string.h>

#include "thidua/io.h"
#include "util.h"

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

/* `lead` and the id, then, when the name is not empty, `before_name` and
 * the quoted name: the start of every entry of the file. */
static void put_head(td_buf *b, const char *lead, const char *id, const char *before_name, const char *name)
{
    td_buf_append(b, lead);
    put_id(b, id);
    if (name[0] != '\0') {
        td_buf_append(b, before_name);
        put_quoted(b, name);
    }
}

static void put_num(td_buf *b, td_decimal d)
{
    td_buf_decimal(b, d);
}

/* `key` on a line of its own, `ind` spaces in. */
static void put_key(td_buf *b, size_t ind, const char *key)
{
    td_buf_append(b, "\n");
    td_buf_spaces(b, ind);
    td_buf_append(b, key);
}

static void put_rule(td_buf *b, const td_rule *r, size_t ind)
{
    static const char *const steps[] = {"linear", "ceil", "floor"};
    td_buf_spaces(b, ind);
    td_buf_append(b, "rule: {kind: ");
    switch (r->kind) {
    case TD_RULE_PROPORTIONAL:
        td_buf_append(b, "proportional, cap: ");
        put_num(b, r->cap);
        break;
    case TD_RULE_THRESHOLD:
        td_buf_append(b, "threshold, at: ");
        put_num(b, r->at);
        break;
    case TD_RULE_SHORTFALL:
        td_buf_append(b, "shortfall, deduct: ");
        put_num(b, r->deduct);
        td_buf_append(b, ", per: ");
        put_num(b, r->per);
        td_buf_appendf(b, ", step: %s, min: ", steps[r->step]);
        put_num(b, r->min);
        break;
    case TD_RULE_BANDS:
        /* `of` only when not the default, so that the text stays what
         * contract v1 readers accept whenever it can */
        td_buf_append(b, r->bands_of == TD_BANDS_OF_ACTUAL ? "bands, of: actual, bands: ["
                                                           : "bands, bands: [");
        for (size_t i = 0; i < r->band_count; i++) {
            td_buf_append(b, i > 0 ? ", {at: " : "{at: ");
            put_num(b, r->bands[i].at);
            td_buf_append(b, ", points: ");
            put_num(b, r->bands[i].points);
            td_buf_append(b, "}");
        }
        td_buf_append(b, "]");
        break;
    case TD_RULE_BEST:
        td_buf_append(b, r->best_of == TD_BEST_OF_ACTUAL ? "best, of: actual" : "best, of: attainment");
        break;
    case TD_RULE_RANK:
        td_buf_append(b, "rank, points: [");
        for (size_t i = 0; i < r->rank_point_count; i++) {
            if (i > 0)
                td_buf_append(b, ", ");
            put_num(b, r->rank_points[i]);
        }
        td_buf_append(b, "]");
        break;
    case TD_RULE_MANUAL:
        td_buf_append(b, "manual");
        break;
    default:
        td_buf_append(b, "expr, expr: ");
        put_quoted(b, r->expr);
        break;
    }
    td_buf_append(b, "}\n");
}

/* Criterion c as an entry of a list whose dashes stand `ind` spaces in. */
static td_status put_criterion(td_buf *b, const td_rulebook *rb, size_t c, size_t ind, td_error *err)
{
    const char *id = td_rulebook_criterion_id(rb, c), *name = td_rulebook_criterion_name(rb, c);
    const char *measure = td_rulebook_criterion_measure(rb, c);
    td_buf_spaces(b, ind);
    td_buf_append(b, "- id: ");
    put_id(b, id);
    if (name[0] != '\0') {
        put_key(b, ind + 2, "name: ");
        put_quoted(b, name);
    }
    if (strcmp(measure, id) != 0) {
        put_key(b, ind + 2, "measure: ");
        put_id(b, measure);
    }
    if (td_rulebook_criterion_direction(rb, c) == TD_DIRECTION_LOWER)
        put_key(b, ind + 2, "direction: lower");
    put_key(b, ind + 2, "max: ");
    put_num(b, td_rulebook_criterion_max(rb, c));
    td_buf_append(b, "\n");
    td_rule rule = TD_RULE_INIT;
    td_status rc = td_rulebook_criterion_rule(&rule, rb, c, err);
    if (rc != TD_OK)
        return rc;
    put_rule(b, &rule, ind + 2);
    td_bonus bonus;
    if (td_rulebook_criterion_bonus(&bonus, rb, c)) {
        td_buf_spaces(b, ind + 2);
        td_buf_append(b, "bonus: {per: ");
        put_num(b, bonus.per);
        td_buf_append(b, ", points: ");
        put_num(b, bonus.points);
        if (bonus.has_max) {
            td_buf_append(b, ", max: ");
            put_num(b, bonus.max);
        }
        td_buf_append(b, "}\n");
    }
    return TD_OK;
}

/* Group node n's head (1.1), its criteria to follow `ind` + 4 spaces in. */
static void put_node(td_buf *b, const td_rulebook *rb, size_t n, size_t ind)
{
    const char *name = td_rulebook_node_name(rb, n);
    td_buf_spaces(b, ind);
    td_buf_append(b, "- id: ");
    put_id(b, td_rulebook_node_id(rb, n));
    if (name[0] != '\0') {
        put_key(b, ind + 2, "name: ");
        put_quoted(b, name);
    }
    put_key(b, ind + 2, "max: ");
    put_num(b, td_rulebook_node_max(rb, n));
    put_key(b, ind + 2, "criteria:\n");
}

/* A section's criteria in rulebook order, each inside the group nodes that
 * hold it: before a criterion, the nodes on its path that are not open yet
 * are opened (every node holds a criterion, and criteria come depth first,
 * so a node's criteria follow each other). */
static td_status put_section_criteria(td_buf *b, const td_rulebook *rb, size_t s, size_t *c, td_error *err)
{
    size_t open[TD_CRITERIA_MAX_LEVELS], depth = 0;
    for (; *c < td_rulebook_criterion_count(rb) && td_rulebook_criterion_section(rb, *c) == s; (*c)++) {
        size_t path[TD_CRITERIA_MAX_LEVELS], len = 0;
        for (size_t p = td_rulebook_criterion_parent(rb, *c); p != (size_t)-1 && len < TD_CRITERIA_MAX_LEVELS;
             p = td_rulebook_node_parent(rb, p))
            path[len++] = p; /* bottom up */
        size_t keep = 0;
        while (keep < depth && keep < len && open[keep] == path[len - 1 - keep])
            keep++;
        for (depth = keep; depth < len; depth++) {
            open[depth] = path[len - 1 - depth];
            put_node(b, rb, open[depth], 6 + 4 * depth);
        }
        td_status rc = put_criterion(b, rb, *c, 6 + 4 * len, err);
        if (rc != TD_OK)
            return rc;
    }
    return TD_OK;
}

static td_status put_sections(td_buf *b, const td_rulebook *rb, td_error *err)
{
    if (td_rulebook_section_count(rb) == 0) {
        td_buf_append(b, "sections: []\n"); /* rulebook 1.1: no section */
        return TD_OK;
    }
    td_buf_append(b, "sections:\n");
    size_t c = 0;
    for (size_t s = 0; s < td_rulebook_section_count(rb); s++) {
        const char *name = td_rulebook_section_name(rb, s);
        td_decimal max;
        put_head(b, "  - id: ", td_rulebook_section_id(rb, s), "\n    name: ", name);
        if (td_rulebook_section_max(&max, rb, s)) {
            td_buf_append(b, "\n    max: ");
            put_num(b, max);
        }
        td_buf_append(b, "\n    criteria:\n");
        td_status rc = put_section_criteria(b, rb, s, &c, err);
        if (rc != TD_OK)
            return rc;
    }
    return TD_OK;
}

static void put_adjustments(td_buf *b, const td_rulebook *rb)
{
    size_t n = td_rulebook_adjustment_count(rb);
    if (n > 0)
        td_buf_append(b, "adjustments:\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = td_rulebook_adjustment_name(rb, i);
        td_decimal max;
        put_head(b, "  - {id: ", td_rulebook_adjustment_id(rb, i), ", name: ", name);
        td_buf_append(b, td_rulebook_adjustment_kind(rb, i) == TD_ADJUSTMENT_DEDUCTION
                             ? ", kind: deduction, points: "
                             : ", kind: bonus, points: ");
        put_num(b, td_rulebook_adjustment_points(rb, i));
        if (td_rulebook_adjustment_max(&max, rb, i)) {
            td_buf_append(b, ", max: ");
            put_num(b, max);
        }
        td_buf_append(b, "}\n");
    }
    td_decimal cap;
    if (td_rulebook_bonus_max(&cap, rb)) {
        td_buf_append(b, "bonus_max: ");
        put_num(b, cap);
        td_buf_append(b, "\n");
    }
}

static void put_classification(td_buf *b, const td_rulebook *rb)
{
    size_t n = td_rulebook_classification_count(rb);
    if (n > 0)
        td_buf_append(b, "classification:\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = td_rulebook_classification_name(rb, i);
        const char *when = td_rulebook_classification_when(rb, i);
        td_decimal min;
        put_head(b, "  - {id: ", td_rulebook_classification_id(rb, i), ", name: ", name);
        if (td_rulebook_classification_min(&min, rb, i)) {
            td_buf_append(b, ", min: ");
            put_num(b, min);
        }
        if (when != NULL) {
            td_buf_append(b, ", when: ");
            put_quoted(b, when);
        }
        td_buf_append(b, "}\n");
    }
}

static void put_ranking(td_buf *b, const td_rulebook *rb)
{
    size_t n = td_rulebook_ranking_key_count(rb);
    if (n == 0)
        return;
    td_buf_append(b, "ranking:\n  by: [");
    for (size_t i = 0; i < n; i++) {
        td_buf_append(b, i > 0 ? ", \"" : "\"");
        put_escaped(b, td_rulebook_ranking_key(rb, i));
        td_buf_append(b, td_rulebook_ranking_key_descending(rb, i) ? " desc\"" : " asc\"");
    }
    td_buf_append(b, "]\n");
}

static td_status put_awards(td_buf *b, const td_rulebook *rb, td_error *err)
{
    static const char *const roundings[] = {"half_up", "floor", "ceil"};
    size_t n = td_rulebook_award_count(rb);
    if (n > 0)
        td_buf_append(b, "awards:\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = td_rulebook_award_name(rb, i), *when = td_rulebook_award_when(rb, i);
        const char *order = td_rulebook_award_order(rb, i);
        put_head(b, "  - id: ", td_rulebook_award_id(rb, i), "\n    name: ", name);
        if (when != NULL) {
            td_buf_append(b, "\n    when: ");
            put_quoted(b, when);
        }
        td_quota q = TD_QUOTA_INIT;
        td_status rc = td_rulebook_award_quota(&q, rb, i, err);
        if (rc != TD_OK)
            return rc;
        const char *per = td_rulebook_award_quota_per_group(rb, i) ? ", per: group" : ""; /* 1.1 */
        if (q.kind == TD_QUOTA_COUNT) {
            td_buf_appendf(b, "\n    quota: {count: %lld%s}", (long long)q.count, per);
        } else if (q.kind == TD_QUOTA_PERCENT) {
            td_buf_append(b, "\n    quota: {percent: ");
            put_num(b, q.percent);
            td_buf_appendf(b, ", rounding: %s, min: %lld",
                           q.rounding <= TD_ROUNDING_CEIL ? roundings[q.rounding] : "floor", (long long)q.min);
            const char *of = td_rulebook_award_quota_of(rb, i);
            if (of != NULL && strcmp(of, "members") != 0) { /* 1.1 */
                td_buf_append(b, ", of: ");
                put_id(b, of);
            }
            td_buf_appendf(b, "%s}", per);
        }
        size_t excludes = td_rulebook_award_exclusion_count(rb, i);
        if (excludes > 0) {
            td_buf_append(b, "\n    excludes: [");
            for (size_t x = 0; x < excludes; x++) {
                if (x > 0)
                    td_buf_append(b, ", ");
                put_id(b, td_rulebook_award_exclusion(rb, i, x));
            }
            td_buf_append(b, "]");
        }
        td_decimal ballot_min;
        if (td_rulebook_award_ballot_min(&ballot_min, rb, i)) { /* 1.1 */
            td_buf_append(b, "\n    ballot: {min: ");
            put_num(b, ballot_min);
            td_buf_appendf(b, ", of: %s}", td_rulebook_award_ballot_of(rb, i) == TD_BALLOT_OF_CAST ? "cast" : "council");
        }
        if (td_rulebook_award_order_votes(rb, i))
            td_buf_append(b, "\n    order: votes");
        if (order != NULL) {
            td_buf_append(b, "\n    order: ");
            put_quoted(b, order);
        }
        td_buf_append(b, "\n");
    }
    return TD_OK;
}

static void put_leader(td_buf *b, const td_rulebook *rb)
{
    static const char *const rules[] = {"", "rotation", "election", "top_rank"};
    static const char *const deputies[] = {"", "rotation", "election", "succession"};
    td_leader_rule rule = td_rulebook_leader_rule(rb);
    td_deputy_rule deputy = td_rulebook_deputy_rule(rb);
    if (rule == TD_LEADER_RULE_NONE)
        return;
    td_buf_appendf(b, "leader: {rule: %s", rules[rule]);
    if (td_rulebook_leader_order_count(rb) > 0) { /* 1.1: an order may serve any rule */
        td_buf_append(b, ", order: [");
        for (size_t i = 0; i < td_rulebook_leader_order_count(rb); i++) {
            if (i > 0)
                td_buf_append(b, ", ");
            put_id(b, td_rulebook_leader_order_unit(rb, i));
        }
        td_buf_append(b, "]");
    }
    if (deputy != TD_DEPUTY_RULE_NONE)
        td_buf_appendf(b, ", deputy: %s", deputies[deputy]);
    td_buf_append(b, "}\n");
}

/* Rulebook 1.1 roll-ups, each child rulebook written inline (the document
 * stands alone: no file beside it to name). */
static td_status put_rollups(td_buf *b, const td_rulebook *rb, td_error *err)
{
    for (size_t r = 0; r < td_rulebook_rollup_count(rb); r++) {
        td_buf_append(b, r == 0 ? "rollups:\n  - id: " : "  - id: ");
        put_id(b, td_rulebook_rollup_id(rb, r));
        td_buf_append(b, "\n    rulebook:\n");
        char *child;
        size_t len;
        td_status rc = td_rulebook_to_yaml(&child, &len, td_rulebook_rollup_child(rb, r), err);
        if (rc != TD_OK)
            return rc;
        for (const char *line = child; *line != '\0';) {
            const char *end = strchr(line, '\n');
            size_t n = end != NULL ? (size_t)(end - line) : strlen(line);
            td_buf_spaces(b, 6);
            td_buf_append_n(b, line, n);
            td_buf_append_char(b, '\n');
            line += n + (end != NULL);
        }
        td_free(child);
        td_buf_append(b, "    measures:\n");
        for (size_t k = 0; k < td_rulebook_rollup_measure_count(rb, r); k++) {
            td_buf_spaces(b, 6);
            put_id(b, td_rulebook_rollup_measure_id(rb, r, k));
            td_buf_append(b, ": ");
            put_quoted(b, td_rulebook_rollup_measure_aggregate(rb, r, k));
            td_buf_append(b, "\n");
        }
    }
    return TD_OK;
}

td_status td_rulebook_to_yaml(char **out, size_t *len, const td_rulebook *rulebook, td_error *err)
{
    if (rulebook == NULL || out == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", rulebook == NULL ? "the rulebook" : "out");
    const td_rulebook *rb = rulebook;
    /* td_free() releases the text: it must come from the C library's malloc */
    td_allocator libc;
    td_allocator_resolve(&libc, NULL);
    td_buf b;
    td_buf_init(&b, &libc);
    const char *name = td_rulebook_name(rb);
    put_head(&b, "thidua: 1\nid: ", td_rulebook_id(rb), "\nname: ", name);
    td_buf_appendf(&b, "\nprecision: %d\n", td_rulebook_precision(rb));
    /* rulebook 1.1 keys, only when used: a version 1 rulebook is written as before */
    for (size_t i = 0; i < td_rulebook_input_count(rb); i++) {
        td_buf_append(&b, i == 0 ? "inputs: [" : ", ");
        put_id(&b, td_rulebook_input_id(rb, i));
    }
    if (td_rulebook_input_count(rb) > 0)
        td_buf_append(&b, "]\n");
    for (size_t i = 0; i < td_rulebook_parameter_count(rb); i++) {
        td_buf_append(&b, i == 0 ? "parameters:\n  " : "  ");
        put_id(&b, td_rulebook_parameter_id(rb, i));
        td_buf_append(&b, ": ");
        put_num(&b, td_rulebook_parameter_value(rb, i));
        td_buf_append(&b, "\n");
    }
    bool any = false;
    for (size_t i = 0; i < td_rulebook_measure_count(rb); i++) {
        const char *formula = td_rulebook_measure_formula(rb, i);
        const char *target = td_rulebook_measure_target_formula(rb, i);
        const char *actual = td_rulebook_measure_actual_formula(rb, i);
        if (target == NULL && actual == NULL)
            continue; /* a base measure or an input */
        td_buf_append(&b, any ? "  " : "measures:\n  ");
        any = true;
        put_id(&b, td_rulebook_measure_id(rb, i));
        td_buf_append(&b, ": ");
        if (formula != NULL) {
            put_quoted(&b, formula);
        } else {
            /* rulebook 1.1: a formula per side */
            td_buf_append(&b, "{");
            if (target != NULL) {
                td_buf_append(&b, "target: ");
                put_quoted(&b, target);
            }
            if (actual != NULL) {
                td_buf_append(&b, target != NULL ? ", actual: " : "actual: ");
                put_quoted(&b, actual);
            }
            td_buf_append(&b, "}");
        }
        td_buf_append(&b, "\n");
    }
    td_status rc = put_sections(&b, rb, err);
    if (rc == TD_OK) {
        put_adjustments(&b, rb);
        put_classification(&b, rb);
        put_ranking(&b, rb);
        rc = put_awards(&b, rb, err);
    }
    for (size_t i = 0; rc == TD_OK && i < td_rulebook_title_count(rb); i++) {
        /* rulebook 1.1: titles decided by other bodies */
        put_head(&b, i == 0 ? "titles:\n  - id: " : "  - id: ", td_rulebook_title_id(rb, i), "\n    name: ",
                 td_rulebook_title_name(rb, i));
        td_buf_append(&b, "\n");
    }
    if (rc == TD_OK)
        put_leader(&b, rb);
    if (rc == TD_OK)
        rc = put_rollups(&b, rb, err);
    if (rc == TD_OK && td_buf_failed(&b))
        rc = td_error_nomem(err);
    if (rc != TD_OK) {
        td_buf_free(&b);
        return rc;
    }
    if (len != NULL)
        *len = b.len;
    *out = b.data;
    return TD_OK;
}
