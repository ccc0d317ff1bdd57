/* The number and text helpers of the report writers, and the names of award statuses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "report_internal.h"

/* ---- numbers ----------------------------------------------------------- */

void td_report__number(td_buf *b, td_lang lang, const char *plain)
{
    const char *sep = td_report__text(lang, TD_RP_THOUSANDS_SEPARATOR);
    const char *p = plain;
    if (*p == '-')
        td_buf_append_char(b, *p++);
    size_t digits = strspn(p, "0123456789");
    for (size_t i = 0; i < digits; i++) {
        if (i > 0 && (digits - i) % 3 == 0)
            td_buf_append(b, sep);
        td_buf_append_char(b, p[i]);
    }
    p += digits;
    if (*p == '.') {
        td_buf_append(b, td_report__text(lang, TD_RP_DECIMAL_MARK));
        p++;
    }
    td_buf_append(b, p);
}

void td_report__dec_places(td_buf *b, td_lang lang, td_decimal d, int places)
{
    char text[TD_DECIMAL_STRING_SIZE];
    int scale = td_decimal_scale(d);
    td_decimal_format_fixed(text, sizeof text, d, scale > places ? scale : places);
    td_report__number(b, lang, text);
}

void td_report__decimal(td_buf *b, td_lang lang, td_decimal d)
{
    td_report__dec_places(b, lang, d, 0);
}

/* ---- numbers inside explanations ---------------------------------------- */

/* Letters, marks, digits and '_': what ids and words are made of. */
static bool word_char(utf8proc_int32_t cp)
{
    if (cp == '_')
        return true;
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t k = utf8proc_category(cp);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_NO;
}

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The code point at s (at most `left` bytes) into *cp and its length; a
 * stray byte is one "character" that is no letter. */
static size_t next_cp(const char *s, size_t left, utf8proc_int32_t *cp)
{
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)left, cp);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    return (size_t)n;
}

void td_report__put_numbers(td_buf *b, td_lang lang, const char *s)
{
    const char *mark = td_report__text(lang, TD_RP_DECIMAL_MARK);
    const char *sep = td_report__text(lang, TD_RP_THOUSANDS_SEPARATOR);
    if (strcmp(mark, ".") == 0 && sep[0] == '\0') { /* written as the library writes them */
        td_buf_append(b, s);
        return;
    }
    size_t len = strlen(s), i = 0, number_end = (size_t)-1;
    bool glued = false; /* the previous character belongs to a word or an id ("cum-2", "a1.5") */
    while (i < len) {
        char c = s[i];
        if (c == '\'' && !glued) { /* a quoted value ('xuat_sac', '2.5') is the data's own text */
            const char *close = strchr(s + i + 1, '\'');
            if (close != NULL) {
                size_t n = (size_t)(close - (s + i)) + 1;
                td_buf_append_n(b, s + i, n);
                i += n;
                glued = false;
                continue;
            }
        }
        if (digit(c) && !glued) {
            size_t j = i;
            while (j < len && digit(s[j]))
                j++;
            if (j + 1 < len && s[j] == '.' && digit(s[j + 1]))
                for (j++; j < len && digit(s[j]); j++)
                    ;
            utf8proc_int32_t after = -1;
            if (j < len)
                next_cp(s + j, len - j, &after);
            bool id_like = after >= 0 && (word_char(after) || ((after == '.' || after == '-') && j + 1 < len &&
                                                                  (digit(s[j + 1]) || word_char((unsigned char)s[j + 1]))));
            if (!id_like) {
                char plain[TD_DECIMAL_STRING_SIZE + 8];
                if (j - i < sizeof plain) {
                    memcpy(plain, s + i, j - i);
                    plain[j - i] = '\0';
                    td_report__number(b, lang, plain);
                    i = number_end = j;
                    glued = false;
                    continue;
                }
            }
            /* part of an id ("2b", "1.2.3"): as it is, up to where the id goes on */
            td_buf_append_n(b, s + i, j - i);
            i = j;
            glued = true;
            continue;
        }
        /* ", " between two numbers: "min(0,95; 1)" */
        if (c == ',' && i == number_end && i + 2 < len && s[i + 1] == ' ' &&
            (digit(s[i + 2]) || (s[i + 2] == '-' && i + 3 < len && digit(s[i + 3])))) {
            td_buf_append(b, td_report__text(lang, TD_RP_NUMBER_SEPARATOR));
            i += 2;
            glued = false;
            continue;
        }
        utf8proc_int32_t cp;
        size_t n = next_cp(s + i, len - i, &cp);
        td_buf_append_n(b, s + i, n);
        glued = cp >= 0 && (word_char(cp) || ((cp == '-' || cp == '.') && glued));
        i += n;
    }
}

char *td_report__numbers_text(td_lang lang, const char *s)
{
    td_buf b;
    td_buf_init(&b, &td_libc_allocator);
    td_report__put_numbers(&b, lang, s != NULL ? s : "");
    return td_buf_take(&b, NULL);
}

/* r x 100, exactly (r has at most 6 decimals and a few integer digits). */
static bool percent_of(td_decimal r, td_decimal *p)
{
    return td_decimal_mul(p, r, td_decimal_from_int(100), NULL) == TD_OK;
}

void td_report__percent(td_buf *b, td_lang lang, td_decimal r, int places)
{
    td_decimal p;
    if (!percent_of(r, &p)) {
        td_report__decimal(b, lang, r);
        return;
    }
    td_report__dec_places(b, lang, p, places);
}

int td_report__percent_places(const td_result *res)
{
    int places = 2;
    for (size_t m = 0; m < td_result_member_count(res); m++)
        for (size_t c = 0; c < td_result_criterion_count(res); c++) {
            td_decimal r, p;
            if (td_result_attainment(&r, res, m, c) && percent_of(r, &p) && td_decimal_scale(p) > places)
                places = td_decimal_scale(p);
        }
    return places;
}

static int max_scale(int places, td_decimal d)
{
    int s = td_decimal_scale(d);
    return s > places ? s : places;
}

int td_report__score_places(const td_result *res)
{
    int places = td_rulebook_precision(td_result_rulebook(res));
    size_t nm = td_result_member_count(res), nc = td_result_criterion_count(res);
    size_t ns = td_rulebook_section_count(td_result_rulebook(res));
    for (size_t m = 0; m < nm; m++) {
        places = max_scale(places, td_result_member_total(res, m));
        places = max_scale(places, td_result_member_base(res, m));
        places = max_scale(places, td_result_member_bonus(res, m));
        places = max_scale(places, td_result_member_deduction(res, m));
        for (size_t s = 0; s < ns; s++)
            places = max_scale(places, td_result_section_points(res, m, s));
        for (size_t n = 0; n < td_rulebook_node_count(td_result_rulebook(res)); n++)
            places = max_scale(places, td_result_node_points(res, m, n));
        for (size_t c = 0; c < nc; c++) {
            places = max_scale(places, td_result_points(res, m, c));
            places = max_scale(places, td_result_criterion_bonus(res, m, c));
        }
    }
    return places;
}

/* ---- the rows of the points table --------------------------------------- */

void td_report__rows_init(td_report__rows *it, const td_rulebook *rb)
{
    memset(it, 0, sizeof *it);
    it->rb = rb;
}

bool td_report__rows_next(td_report__rows *it, td_report__row *row)
{
    const td_rulebook *rb = it->rb;
    for (;;) {
        if (it->s >= td_rulebook_section_count(rb))
            return false;
        if (!it->in_section) {
            it->in_section = true;
            it->depth = 0;
            *row = (td_report__row){TD_REPORT_ROW_SECTION, it->s, 0};
            return true;
        }
        if (it->c < td_rulebook_criterion_count(rb) && td_rulebook_criterion_section(rb, it->c) == it->s)
            break;
        it->s++;
        it->in_section = false;
    }
    /* the nodes above criterion c, top down */
    size_t path[TD_CRITERIA_MAX_LEVELS], len = 0;
    for (size_t p = td_rulebook_criterion_parent(rb, it->c); p != (size_t)-1 && len < TD_CRITERIA_MAX_LEVELS;
         p = td_rulebook_node_parent(rb, p))
        path[len++] = p;
    for (size_t i = 0; i < len / 2; i++) {
        size_t t = path[i];
        path[i] = path[len - 1 - i];
        path[len - 1 - i] = t;
    }
    size_t keep = 0;
    while (keep < it->depth && keep < len && it->open[keep] == path[keep])
        keep++;
    it->depth = keep;
    if (it->depth < len) {
        it->open[it->depth] = path[it->depth];
        it->depth++;
        *row = (td_report__row){TD_REPORT_ROW_NODE, path[it->depth - 1], (unsigned)it->depth};
        return true;
    }
    *row = (td_report__row){TD_REPORT_ROW_CRITERION, it->c++, (unsigned)len + 1};
    return true;
}

const char *td_report__row_id(const td_rulebook *rb, const td_report__row *row)
{
    switch (row->kind) {
    case TD_REPORT_ROW_SECTION: return td_rulebook_section_id(rb, row->index);
    case TD_REPORT_ROW_NODE: return td_rulebook_node_id(rb, row->index);
    default: return td_rulebook_criterion_id(rb, row->index);
    }
}

const char *td_report__row_name(const td_rulebook *rb, const td_report__row *row)
{
    switch (row->kind) {
    case TD_REPORT_ROW_SECTION: return td_rulebook_section_name(rb, row->index);
    case TD_REPORT_ROW_NODE: return td_rulebook_node_name(rb, row->index);
    default: return td_rulebook_criterion_name(rb, row->index);
    }
}

bool td_report__row_max(const td_rulebook *rb, const td_report__row *row, td_decimal *max)
{
    switch (row->kind) {
    case TD_REPORT_ROW_SECTION: return td_rulebook_section_max(max, rb, row->index);
    case TD_REPORT_ROW_NODE: *max = td_rulebook_node_max(rb, row->index); return true;
    default: *max = td_rulebook_criterion_max(rb, row->index); return true;
    }
}

td_decimal td_report__row_points(const td_result *res, size_t m, const td_report__row *row)
{
    switch (row->kind) {
    case TD_REPORT_ROW_SECTION: return td_result_section_points(res, m, row->index);
    case TD_REPORT_ROW_NODE: return td_result_node_points(res, m, row->index);
    default: return td_result_points(res, m, row->index);
    }
}

bool td_report__row_capped(const td_result *res, size_t m, const td_report__row *row, td_decimal *sum)
{
    if (row->kind != TD_REPORT_ROW_NODE)
        return false;
    td_decimal s = td_result_node_sum(res, m, row->index);
    if (td_decimal_cmp(s, td_result_node_points(res, m, row->index)) <= 0)
        return false;
    if (sum != NULL)
        *sum = s;
    return true;
}

bool td_report__member_capped(const td_result *res, size_t m)
{
    for (size_t n = 0; n < td_rulebook_node_count(td_result_rulebook(res)); n++) {
        td_report__row row = {TD_REPORT_ROW_NODE, n, 1};
        if (td_report__row_capped(res, m, &row, NULL))
            return true;
    }
    return false;
}

bool td_report__any_capped(const td_result *res)
{
    if (td_rulebook_node_count(td_result_rulebook(res)) == 0)
        return false;
    for (size_t m = 0; m < td_result_member_count(res); m++)
        if (td_report__member_capped(res, m))
            return true;
    return false;
}

void td_report__capped_legend(td_buf *b, td_lang lang)
{
    td_buf_append(b, "(" TD_REPORT_CAPPED_MARK ") ");
    td_buf_append(b, td_report__text(lang, TD_RP_CAPPED_LEGEND));
}

void td_report__capped_note(td_buf *b, td_lang lang, td_decimal sum, td_decimal max, int places)
{
    td_buf_append(b, td_report__text(lang, TD_RP_ITEMS_SUM));
    td_buf_append(b, ": ");
    td_report__dec_places(b, lang, sum, places);
    td_buf_append(b, " > ");
    td_buf_append(b, td_report__text(lang, TD_RP_OVER_MAX));
    td_buf_append_char(b, ' ');
    td_report__decimal(b, lang, max);
}

/* ---- text -------------------------------------------------------------- */

char *td_report__clean_text(const char *s)
{
    if (s == NULL)
        s = "";
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
    char *out;
    if (nfc != NULL) {
        out = (char *)nfc;
    } else {
        /* Not valid UTF-8 (results only hold valid text): keep the bytes. */
        out = malloc(strlen(s) + 1);
        if (out == NULL)
            return NULL;
        memcpy(out, s, strlen(s) + 1);
    }
    for (char *p = out; *p != '\0'; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    return out;
}

td_status td_report__find_unit(const td_result *res, const char *unit, size_t *m, td_error *err)
{
    if (td_result_find_member(m, res, unit, NULL) == TD_OK)
        return TD_OK;
    /* Unit ids compare after NFC, as the readers do: "Tân" typed with a
     * combining circumflex names the same unit. */
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)unit);
    bool found = nfc != NULL && td_result_find_member(m, res, (const char *)nfc, NULL) == TD_OK;
    /* not an id: a member's name (also NFC), when exactly one member has it */
    size_t named = 0, first = 0;
    for (size_t i = 0; !found && nfc != NULL && i < td_result_member_count(res); i++)
        if (strcmp(td_result_member_name(res, i), (const char *)nfc) == 0 && named++ == 0)
            first = i;
    free(nfc);
    if (found)
        return TD_OK;
    if (named == 1) {
        *m = first;
        return TD_OK;
    }
    if (named > 1)
        return td_error_set(err, TD_EINVAL, "%zu members are named '%s': give the unit id", named, unit);
    return td_result_find_member(m, res, unit, err);
}

void td_report__put_clean(td_buf *b, const char *s)
{
    char *clean = td_report__clean_text(s);
    if (clean == NULL) {
        b->failed = true;
        return;
    }
    td_buf_append(b, clean);
    free(clean);
}

size_t td_report__text_width(const char *s)
{
    return td_report__text_width_n(s, strlen(s));
}

size_t td_report__text_width_n(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    size_t width = 0;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) { /* a stray byte: one column, as terminals show a replacement */
            width++;
            n = 1;
        } else {
            width += (size_t)utf8proc_charwidth(cp);
        }
        p += n;
        left -= n;
    }
    return width;
}

size_t td_report__display_width(const char *s)
{
    if (s == NULL)
        return 0;
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
    size_t width = td_report__text_width(nfc != NULL ? (const char *)nfc : s);
    free(nfc);
    return width;
}

size_t td_report__prefix_within(const char *s, size_t cols)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    size_t width = 0, len = 0;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + len, left, &cp);
        size_t w = 1;
        if (n <= 0)
            n = 1;
        else
            w = (size_t)utf8proc_charwidth(cp);
        if (width + w > cols)
            break;
        width += w;
        len += (size_t)n;
        left -= n;
    }
    return len;
}

/* ---- the result -------------------------------------------------------- */

td_report_phrase td_report__role(const td_result *res, td_report_phrase role)
{
    if (td_result_cluster_kind(res) != TD_CLUSTER_BLOCK)
        return role;
    switch (role) {
    case TD_RP_NEXT_LEADER: return TD_RP_NEXT_LEADER_BLOCK;
    case TD_RP_NEXT_DEPUTY: return TD_RP_NEXT_DEPUTY_BLOCK;
    case TD_RP_LEADER: return TD_RP_LEADER_BLOCK;
    default: return role;
    }
}

const char *td_report__str(const char *s)
{
    return s != NULL ? s : "";
}

const char *td_report__classification_name(const td_result *res, const char *id)
{
    if (id == NULL)
        return "";
    const td_rulebook *rb = td_result_rulebook(res);
    for (size_t i = 0; i < td_rulebook_classification_count(rb); i++)
        if (strcmp(td_rulebook_classification_id(rb, i), id) == 0) {
            const char *name = td_rulebook_classification_name(rb, i);
            return name != NULL && name[0] != '\0' ? name : id;
        }
    return id;
}

const char *td_report__member_label(const td_result *res, size_t m)
{
    const char *name = td_result_member_name(res, m);
    return name != NULL && name[0] != '\0' ? name : td_report__str(td_result_member_unit(res, m));
}

bool td_report__has_groups(const td_result *res)
{
    for (size_t m = 0; m < td_result_member_count(res); m++)
        if (td_result_member_group(res, m) != NULL)
            return true;
    return false;
}

bool td_report__scores(const td_result *res)
{
    const td_rulebook *rb = td_result_rulebook(res);
    return td_rulebook_criterion_count(rb) > 0 || td_rulebook_adjustment_count(rb) > 0;
}

size_t td_report__standing_columns(const td_result *res, td_report_phrase *cols)
{
    size_t n = 0;
    cols[n++] = TD_RP_RANK;
    cols[n++] = TD_RP_UNIT;
    cols[n++] = TD_RP_NAME;
    if (td_report__scores(res)) {
        static const td_report_phrase scored[] = {TD_RP_TOTAL, TD_RP_BASE, TD_RP_BONUS, TD_RP_DEDUCTION,
                                                  TD_RP_CLASSIFICATION, TD_RP_TARGETS_MET};
        for (size_t i = 0; i < sizeof scored / sizeof scored[0]; i++)
            cols[n++] = scored[i];
    } else if (td_rulebook_classification_count(td_result_rulebook(res)) > 0) {
        cols[n++] = TD_RP_CLASSIFICATION;
    }
    if (td_report__has_groups(res)) {
        cols[n++] = TD_RP_GROUP;
        cols[n++] = TD_RP_GROUP_RANK;
    }
    return n;
}

size_t td_report__count_with_attainment(const td_result *res, size_t m)
{
    size_t n = 0;
    for (size_t c = 0; c < td_result_criterion_count(res); c++)
        n += td_result_met(res, m, c) >= 0;
    return n;
}

/* ---- award statuses ---------------------------------------------------- */

const char *td_report__status_label(td_lang lang, td_award_status s)
{
    static const td_report_phrase names[] = {
        [TD_AWARD_NOT_ELIGIBLE] = TD_RP_STATUS_NOT_ELIGIBLE, [TD_AWARD_SELECTED] = TD_RP_STATUS_SELECTED,
        [TD_AWARD_EXCLUDED] = TD_RP_STATUS_EXCLUDED,         [TD_AWARD_OVER_QUOTA] = TD_RP_STATUS_OVER_QUOTA,
        [TD_AWARD_TIE_AT_QUOTA] = TD_RP_STATUS_TIE_AT_QUOTA, [TD_AWARD_PENDING_BALLOT] = TD_RP_STATUS_PENDING_BALLOT,
        [TD_AWARD_BALLOT_FAILED] = TD_RP_STATUS_BALLOT_FAILED,
    };
    return (unsigned)s < sizeof names / sizeof names[0] ? td_report__text(lang, names[s]) : "?";
}

/* ---- the report block ---------------------------------------------------- */

bool td_report__has_block(const td_result *res)
{
    for (int f = TD_REPORT_FIELD_ORGANISATION; f <= TD_REPORT_FIELD_TITLE; f++)
        if (td_result_report_field(res, (td_report_field)f) != NULL)
            return true;
    return td_result_report_signer_count(res) > 0;
}

void td_report__date_line(td_buf *b, td_lang lang, const td_result *res)
{
    static const td_report_phrase months[12] = {TD_RP_MONTH_1, TD_RP_MONTH_2,  TD_RP_MONTH_3,  TD_RP_MONTH_4,
                                                TD_RP_MONTH_5, TD_RP_MONTH_6,  TD_RP_MONTH_7,  TD_RP_MONTH_8,
                                                TD_RP_MONTH_9, TD_RP_MONTH_10, TD_RP_MONTH_11, TD_RP_MONTH_12};
    const char *place = td_result_report_field(res, TD_REPORT_FIELD_PLACE);
    const char *date = td_result_report_field(res, TD_REPORT_FIELD_DATE);
    if (place != NULL)
        td_buf_append(b, place);
    if (date == NULL) /* checked YYYY-MM-DD when set */
        return;
    int month = (date[5] - '0') * 10 + (date[6] - '0');
    if (month < 1 || month > 12)
        return;
    if (place != NULL)
        td_buf_append(b, ", ");
    td_buf_appendf(b, "%s %.2s %s %.4s", td_report__text(lang, TD_RP_DATE_LEAD), date + 8,
                   td_report__text(lang, months[month - 1]), date);
}

const char *td_report__title(const td_result *res)
{
    const char *title = td_result_report_field(res, TD_REPORT_FIELD_TITLE);
    if (title != NULL)
        return title;
    const td_rulebook *rb = td_result_rulebook(res);
    const char *name = td_rulebook_name(rb);
    return name[0] != '\0' ? name : td_rulebook_id(rb);
}

char *td_report__rollup_explain(const td_result *res, size_t r, size_t k, size_t m, td_lang lang)
{
    size_t need = 0;
    if (td_result_rollup_explain(NULL, 0, &need, res, r, k, m, lang, NULL) != TD_OK)
        return NULL;
    char *text = td_alloc(&td_libc_allocator, need + 1);
    if (text != NULL && td_result_rollup_explain(text, need + 1, NULL, res, r, k, m, lang, NULL) != TD_OK) {
        td_dealloc(&td_libc_allocator, text);
        text = NULL;
    }
    return text;
}

const char *td_report__criterion_explain(const td_result *res, size_t m, size_t c, td_lang lang,
                                         char stack[TD_REPORT_EXPLAIN_STACK], char **heap)
{
    /* most texts fit the caller's stack: one render, no allocation */
    size_t need = 0;
    *heap = NULL;
    if (td_result_criterion_explain_to(stack, TD_REPORT_EXPLAIN_STACK, &need, res, m, c, lang, NULL) != TD_OK)
        return NULL;
    if (need < TD_REPORT_EXPLAIN_STACK)
        return stack;
    char *text = td_alloc(&td_libc_allocator, need + 1);
    if (text != NULL && td_result_criterion_explain_to(text, need + 1, NULL, res, m, c, lang, NULL) != TD_OK) {
        td_dealloc(&td_libc_allocator, text);
        text = NULL;
    }
    *heap = text;
    return text;
}

size_t *td_report__cluster_order(const td_result *res)
{
    size_t n = td_result_member_count(res);
    size_t *at = td_alloc(&td_libc_allocator, (n > 0 ? n : 1) * sizeof *at);
    for (size_t m = 0; at != NULL && m < n; m++)
        at[td_result_member_cluster_index(res, m)] = m;
    return at;
}
