/*
 * What changed between two versions of a scoring table: criteria added or
 * removed, a maximum, a rule or its parameters, a bonus, a classification
 * threshold or condition, an award's condition or quota. Written on the
 * rulebook read API alone (thidua/rulebook.h), as an editor or a review
 * tool would be.
 *
 * Usage: rulebook_diff OLD.yaml NEW.yaml   (exit 0: same definitions, 1: changes, 2: error)
 *
 * Build against an installed library:
 *   cc rulebook_diff.c $(pkg-config --cflags --libs thidua-io)
 */
#include <stdio.h>
#include <string.h>

#include <thidua/thidua.h>

/* A number as text; `buf` holds TD_DECIMAL_STRING_SIZE bytes. */
static const char *num(td_decimal d, char *buf)
{
    td_decimal_format(buf, TD_DECIMAL_STRING_SIZE, d);
    return buf;
}

/* Criterion i's rule and parameters in one line, as the YAML writes them. */
static void describe_rule(const td_rulebook *rb, size_t i, char *out, size_t size)
{
    static const char *const steps[] = {"linear", "ceil", "floor"};
    char a[TD_DECIMAL_STRING_SIZE], b[TD_DECIMAL_STRING_SIZE], c[TD_DECIMAL_STRING_SIZE];
    td_rule r = TD_RULE_INIT;
    td_error err;
    if (td_rulebook_criterion_rule(&r, rb, i, &err) != TD_OK) {
        snprintf(out, size, "? (%.100s)", err.message);
        return;
    }
    size_t n = 0;
    switch (r.kind) {
    case TD_RULE_PROPORTIONAL:
        snprintf(out, size, "proportional, cap %s", num(r.cap, a));
        break;
    case TD_RULE_THRESHOLD:
        snprintf(out, size, "threshold at %s", num(r.at, a));
        break;
    case TD_RULE_SHORTFALL:
        snprintf(out, size, "shortfall: %s per %s points (%s), min %s", num(r.deduct, a), num(r.per, b),
                 steps[r.step], num(r.min, c));
        break;
    case TD_RULE_BANDS:
        n = (size_t)snprintf(out, size, "bands of %s:",
                             r.bands_of == TD_BANDS_OF_ACTUAL ? "actual" : "attainment");
        for (size_t k = 0; k < r.band_count && n < size; k++)
            n += (size_t)snprintf(out + n, size - n, " %s→%s", num(r.bands[k].at, a),
                                  num(r.bands[k].points, b));
        break;
    case TD_RULE_BEST:
        snprintf(out, size, "best %s", r.best_of == TD_BEST_OF_ACTUAL ? "actual" : "attainment");
        break;
    case TD_RULE_RANK:
        n = (size_t)snprintf(out, size, "rank points");
        for (size_t k = 0; k < r.rank_point_count && n < size; k++)
            n += (size_t)snprintf(out + n, size - n, " %s", num(r.rank_points[k], a));
        break;
    case TD_RULE_MANUAL:
        snprintf(out, size, "manual");
        break;
    default:
        snprintf(out, size, "expr %s", r.expr);
        break;
    }
}

static void describe_bonus(const td_rulebook *rb, size_t i, char *out, size_t size)
{
    char a[TD_DECIMAL_STRING_SIZE], b[TD_DECIMAL_STRING_SIZE], c[TD_DECIMAL_STRING_SIZE];
    td_bonus bonus;
    if (!td_rulebook_criterion_bonus(&bonus, rb, i))
        snprintf(out, size, "none");
    else
        snprintf(out, size, "%s per %s points above 100 %%, max %s", num(bonus.points, a), num(bonus.per, b),
                 bonus.has_max ? num(bonus.max, c) : "none");
}

static void describe_quota(const td_rulebook *rb, size_t i, char *out, size_t size)
{
    static const char *const roundings[] = {"half_up", "floor", "ceil", "down"};
    char a[TD_DECIMAL_STRING_SIZE];
    td_quota q = TD_QUOTA_INIT;
    td_error err;
    if (td_rulebook_award_quota(&q, rb, i, &err) != TD_OK)
        snprintf(out, size, "? (%.100s)", err.message);
    else if (q.kind == TD_QUOTA_COUNT)
        snprintf(out, size, "%lld member(s)", (long long)q.count);
    else if (q.kind == TD_QUOTA_PERCENT)
        snprintf(out, size, "%s %% (%s), at least %lld", num(q.percent, a), roundings[q.rounding],
                 (long long)q.min);
    else
        snprintf(out, size, "none");
}

static void describe_min(const td_rulebook *rb, size_t i, char *out, size_t size)
{
    char a[TD_DECIMAL_STRING_SIZE];
    td_decimal min;
    snprintf(out, size, "%s", td_rulebook_classification_min(&min, rb, i) ? num(min, a) : "none");
}

static const char *or_none(const char *s)
{
    return s != NULL ? s : "none";
}

static int changes;

/* Prints "WHAT 'ID': FIELD OLD → NEW" when the two texts differ. */
static void compare(const char *what, const char *id, const char *field, const char *old, const char *new)
{
    if (strcmp(old, new) != 0) {
        printf("%s '%s': %s %s → %s\n", what, id, field, old, new);
        changes++;
    }
}

/* The index of the entry with this id in the other rulebook, or (size_t)-1. */
static size_t find(const td_rulebook *rb, size_t count, const char *(*id_at)(const td_rulebook *, size_t),
                   const char *id)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(id_at(rb, i), id) == 0)
            return i;
    return (size_t)-1;
}

static void diff_criteria(const td_rulebook *a, const td_rulebook *b)
{
    char x[512], y[512], m1[TD_DECIMAL_STRING_SIZE], m2[TD_DECIMAL_STRING_SIZE];
    size_t na = td_rulebook_criterion_count(a), nb = td_rulebook_criterion_count(b);
    for (size_t i = 0; i < na; i++) {
        const char *id = td_rulebook_criterion_id(a, i);
        size_t j = find(b, nb, td_rulebook_criterion_id, id);
        if (j == (size_t)-1) {
            printf("criterion '%s': removed\n", id);
            changes++;
            continue;
        }
        compare("criterion", id, "max", num(td_rulebook_criterion_max(a, i), m1),
                num(td_rulebook_criterion_max(b, j), m2));
        describe_rule(a, i, x, sizeof x);
        describe_rule(b, j, y, sizeof y);
        compare("criterion", id, "rule", x, y);
        describe_bonus(a, i, x, sizeof x);
        describe_bonus(b, j, y, sizeof y);
        compare("criterion", id, "bonus", x, y);
    }
    for (size_t j = 0; j < nb; j++) {
        const char *id = td_rulebook_criterion_id(b, j);
        if (find(a, na, td_rulebook_criterion_id, id) == (size_t)-1) {
            describe_rule(b, j, y, sizeof y);
            printf("criterion '%s': added in section '%s', max %s, %s\n", id,
                   td_rulebook_section_id(b, td_rulebook_criterion_section(b, j)),
                   num(td_rulebook_criterion_max(b, j), m2), y);
            changes++;
        }
    }
}

static void diff_classification(const td_rulebook *a, const td_rulebook *b)
{
    char x[TD_DECIMAL_STRING_SIZE], y[TD_DECIMAL_STRING_SIZE];
    size_t na = td_rulebook_classification_count(a), nb = td_rulebook_classification_count(b);
    for (size_t i = 0; i < na; i++) {
        const char *id = td_rulebook_classification_id(a, i);
        size_t j = find(b, nb, td_rulebook_classification_id, id);
        if (j == (size_t)-1) {
            printf("classification '%s': removed\n", id);
            changes++;
            continue;
        }
        describe_min(a, i, x, sizeof x);
        describe_min(b, j, y, sizeof y);
        compare("classification", id, "min", x, y);
        compare("classification", id, "when", or_none(td_rulebook_classification_when(a, i)),
                or_none(td_rulebook_classification_when(b, j)));
    }
}

static void diff_awards(const td_rulebook *a, const td_rulebook *b)
{
    char x[128], y[128];
    size_t na = td_rulebook_award_count(a), nb = td_rulebook_award_count(b);
    for (size_t i = 0; i < na; i++) {
        const char *id = td_rulebook_award_id(a, i);
        size_t j = find(b, nb, td_rulebook_award_id, id);
        if (j == (size_t)-1) {
            printf("award '%s': removed\n", id);
            changes++;
            continue;
        }
        compare("award", id, "when", or_none(td_rulebook_award_when(a, i)),
                or_none(td_rulebook_award_when(b, j)));
        describe_quota(a, i, x, sizeof x);
        describe_quota(b, j, y, sizeof y);
        compare("award", id, "quota", x, y);
    }
    for (size_t j = 0; j < nb; j++)
        if (find(a, na, td_rulebook_award_id, td_rulebook_award_id(b, j)) == (size_t)-1) {
            printf("award '%s': added\n", td_rulebook_award_id(b, j));
            changes++;
        }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: rulebook_diff OLD.yaml NEW.yaml\n");
        return 2;
    }
    td_error err;
    td_rulebook *a = NULL, *b = NULL;
    if (td_rulebook_load_file(&a, argv[1], NULL, &err) != TD_OK ||
        td_rulebook_load_file(&b, argv[2], NULL, &err) != TD_OK) {
        fprintf(stderr, "%s:%u:%u: %s\n", err.file, err.line, err.column, err.message);
        td_rulebook_free(a);
        return 2;
    }
    diff_criteria(a, b);
    diff_classification(a, b);
    diff_awards(a, b);
    if (changes == 0)
        printf("same definitions\n");
    td_rulebook_free(a);
    td_rulebook_free(b);
    return changes > 0 ? 1 : 0;
}
