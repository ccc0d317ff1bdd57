/*
 * Member tables and history tables (rulebook 1.1 section 8), row by row,
 * whatever they are read from: csv.c gives the rows of a CSV file, xlsx.c
 * those of a workbook's sheet (table.h).
 */
#include <stdio.h>
#include <string.h>

#include "table.h"

static td_status fail_pos(const td_dpos *pos, td_error *err, td_status code, const char *fmt, ...) TD_PRINTF(4, 5);

static td_status fail_pos(const td_dpos *pos, td_error *err, td_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    td_error_vset_at(err, code, pos->file, pos->line, pos->column, fmt, ap);
    va_end(ap);
    return code;
}

int td_ascii_casecmp_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        x += x >= 'A' && x <= 'Z' ? 'a' - 'A' : 0;
        y += y >= 'A' && y <= 'Z' ? 'a' - 'A' : 0;
        if (x != y || x == 0)
            return x - y;
    }
    return 0;
}

/* ---- member tables ---- */

bool td_table_is_member(const td_trow *r)
{
    bool id = false;
    for (size_t k = 0; k < r->count; k++) {
        size_t n;
        const char *t = r->text(r->ctx, k, &n);
        if (n == 2 && (t[0] | 0x20) == 'i' && (t[1] | 0x20) == 'd')
            id = true;
        if (n == 7 && td_ascii_casecmp_n(t, "measure", 7) == 0)
            return false;
    }
    return id;
}

td_status td_table_header(const td_trow *r, td_arena *arena, int *map, const td_allocator *a, td_dparts *p,
                          td_error *err)
{
    static const char *const reserved[] = {"id", "name", "unit"};
    td_status rc = TD_OK;
    size_t first = p->column_count;
    bool once[3] = {false, false, false};
    td_map seen;
    td_map_init(&seen, a);
    for (size_t k = 0; k < r->count && rc == TD_OK; k++) {
        size_t n;
        const char *t = r->text(r->ctx, k, &n);
        td_dcolumn col = {NULL, NULL, TD_DV_ACTUAL, false, {NULL, 0, 0}};
        r->pos(r->ctx, k, &col.pos);
        map[k] = 0;
        for (int i = 0; i < 3; i++)
            if (strlen(reserved[i]) == n && td_ascii_casecmp_n(t, reserved[i], n) == 0)
                map[k] = -1 - i;
        if ((rc = td_nfc(arena, t, n, &col.header, err)) != TD_OK)
            break;
        size_t prev;
        if (n > 0 && td_map_get_str(&seen, col.header, &prev)) {
            rc = fail_pos(&col.pos, err, TD_EPARSE, "the column '%s' appears twice in the header", col.header);
            break;
        }
        if (n > 0 && (rc = td_map_put(&seen, col.header, strlen(col.header), k, err)) != TD_OK)
            break;
        if (map[k] < 0 && once[-1 - map[k]]) {
            rc = fail_pos(&col.pos, err, TD_EPARSE, "the column '%s' appears twice in the header",
                          reserved[-1 - map[k]]);
            break;
        }
        if (map[k] < 0) {
            once[-1 - map[k]] = true;
            continue;
        }
        col.key = col.header;
        if (n > 7 && td_ascii_casecmp_n(col.header, "target:", 7) == 0) {
            col.kind = TD_DV_TARGET;
            col.key = col.header + 7;
            while (*col.key == ' ')
                col.key++;
        }
        uint32_t cp;
        const char *why;
        size_t len = strlen(col.key);
        col.is_id = len > 0 && td_id_refused_at(col.key, len, &cp, &why) == len;
        map[k] = (int)(p->column_count - first);
        rc = td_dparts_column(p, a, &col, err);
    }
    td_map_free(&seen);
    return rc;
}

td_status td_table_row(const td_trow *r, td_arena *arena, const int *map, size_t first_column,
                       bool decimal_comma, const td_allocator *a, td_dparts *p, td_error *err)
{
    /* the id first: every value of the row names it */
    const char *unit = NULL;
    td_dpos unit_pos = {NULL, 0, 0};
    td_status rc = TD_OK;
    for (size_t k = 0; k < r->count && unit == NULL; k++) {
        if (map[k] != TD_MT_ID)
            continue;
        size_t n;
        const char *t = r->text(r->ctx, k, &n);
        r->pos(r->ctx, k, &unit_pos);
        if (n == 0)
            return fail_pos(&unit_pos, err, TD_EPARSE, "the id is empty: every row of a member table names its member");
        uint32_t cp;
        size_t bad = td_name_refused_at(t, n, &cp);
        if (bad < n) {
            char q[64];
            td_quote(q, sizeof q, t);
            return fail_pos(&unit_pos, err, TD_EPARSE, "the id %s contains U+%04X, a control character (byte %zu)", q,
                            (unsigned)cp, bad + 1);
        }
        if ((rc = td_nfc(arena, t, n, &unit, err)) != TD_OK)
            return rc;
    }
    /* the row itself: its id is checked against the cluster even when it gives no value */
    td_dgroup row = {unit, NULL, unit_pos, unit_pos, NULL};
    for (size_t k = 0; k < r->count && rc == TD_OK; k++) {
        if (map[k] == TD_MT_ID)
            continue;
        size_t n;
        const char *t = r->text(r->ctx, k, &n);
        if (n == 0)
            continue; /* an empty cell: no value */
        if (map[k] == TD_MT_NAME) { /* the member's name, when a workbook's rows are the members */
            rc = td_nfc(arena, t, n, &row.name, err);
            continue;
        }
        td_dpos pos;
        r->pos(r->ctx, k, &pos);
        if (map[k] == TD_MT_UNIT) {
            row.pos = pos;
            rc = td_nfc(arena, t, n, &row.group, err);
            continue;
        }
        const td_dcolumn *col = &p->columns[first_column + (size_t)map[k]];
        td_dval_in rec;
        memset(&rec, 0, sizeof rec);
        rec.kind = col->kind;
        rec.unit = unit;
        rec.key = col->key;
        rec.unit_pos = unit_pos;
        rec.key_pos = col->pos;
        rec.pos = pos;
        rec.column = first_column + (size_t)map[k] + 1;
        td_error local;
        /* a number, else why not: an error only if the rulebook reads the column */
        char why[TD_ERROR_MESSAGE_SIZE];
        why[0] = '\0';
        if (t[n - 1] == '%') {
            rec.raw_status = TD_EPARSE;
            snprintf(why, sizeof why, "a percentage is not accepted in data; write the number itself (4.2 for 4.2 %%)");
        } else if ((rec.raw_status = td_parse_number_text(t, n, decimal_comma, &rec.value, &local)) != TD_OK) {
            snprintf(why, sizeof why, "%s", local.message);
        } else if (td_decimal_sign(rec.value) < 0) {
            rec.raw_status = TD_ERANGE;
            snprintf(why, sizeof why, "must not be negative, found %.*s", (int)(n < 64 ? n : 64), t);
        } else {
            rec.decimals = td_written_decimals(t, n, decimal_comma);
        }
        if (why[0] != '\0' && (rec.raw = td_arena_strdup(arena, why)) == NULL)
            return td_error_nomem(err);
        rc = td_dparts_val(p, a, &rec, err);
    }
    if (rc == TD_OK)
        rc = td_dparts_group(p, a, &row, err);
    return rc;
}

/* ---- history tables: unit,period,id ---- */

enum { HT_UNIT, HT_PERIOD, HT_ID };
static const char *const history_columns[] = {"unit", "period", "id"};
/* The Vietnamese headers of the fixed tables, as `thidua template` writes
 * them in Vietnamese (compared as written, in NFC), beside the English. */
static const char *const history_columns_vi[] = {"Đơn vị", "Năm", "Danh hiệu"};

/* true when header cell t (n bytes) is `en` (ASCII case ignored) or `vi`. */
static bool header_is(const char *t, size_t n, const char *en, const char *vi)
{
    return (strlen(en) == n && td_ascii_casecmp_n(t, en, n) == 0) || (strlen(vi) == n && memcmp(t, vi, n) == 0);
}

bool td_table_is_history(const td_trow *r, int *map)
{
    if (r->count != 3)
        return false;
    bool seen[3] = {false, false, false};
    for (size_t k = 0; k < 3; k++) {
        size_t n;
        const char *t = r->text(r->ctx, k, &n);
        map[k] = -1;
        for (int i = 0; i < 3; i++)
            if (header_is(t, n, history_columns[i], history_columns_vi[i]) && !seen[i]) {
                map[k] = i;
                seen[i] = true;
            }
        if (map[k] < 0)
            return false;
    }
    return true;
}

td_status td_history_row(const td_trow *r, td_arena *arena, const int *map, const td_allocator *a,
                         td_dparts *p, td_error *err)
{
    const char *text[3];
    size_t len[3];
    td_dpos pos[3];
    for (size_t k = 0; k < 3; k++) {
        text[map[k]] = r->text(r->ctx, k, &len[map[k]]);
        r->pos(r->ctx, k, &pos[map[k]]);
    }
    for (int i = 0; i < 3; i++)
        if (len[i] == 0)
            return fail_pos(&pos[i], err, TD_EPARSE, "the %s is empty", history_columns[i]);
    td_dhist rec = {NULL, NULL, 0, pos[HT_PERIOD], pos[HT_ID]};
    uint32_t cp;
    const char *why;
    char q[64];
    size_t bad = td_name_refused_at(text[HT_UNIT], len[HT_UNIT], &cp);
    if (bad < len[HT_UNIT]) {
        td_quote(q, sizeof q, text[HT_UNIT]);
        return fail_pos(&pos[HT_UNIT], err, TD_EPARSE, "the unit %s contains U+%04X, a control character (byte %zu)",
                        q, (unsigned)cp, bad + 1);
    }
    bad = td_id_refused_at(text[HT_ID], len[HT_ID], &cp, &why);
    if (bad < len[HT_ID]) {
        td_quote(q, sizeof q, text[HT_ID]);
        return fail_pos(&pos[HT_ID], err, TD_EPARSE, "the id %s contains U+%04X, %s (byte %zu); %s", q,
                        (unsigned)cp, why, bad + 1, TD_ID_RULE);
    }
    td_decimal period;
    td_error local;
    if (td_parse_number_text(text[HT_PERIOD], len[HT_PERIOD], false, &period, &local) != TD_OK ||
        td_decimal_to_int64(&rec.period, period, NULL) != TD_OK || rec.period < 0) {
        td_quote(q, sizeof q, text[HT_PERIOD]);
        return fail_pos(&pos[HT_PERIOD], err, TD_EPARSE, "the period must be a whole number >= 0 (a year), found %s",
                        q);
    }
    td_status rc = td_nfc(arena, text[HT_UNIT], len[HT_UNIT], &rec.unit, err);
    if (rc == TD_OK && (rec.id = td_arena_strdup(arena, text[HT_ID])) == NULL)
        rc = td_error_nomem(err);
    if (rc == TD_OK)
        rc = td_dparts_hist(p, a, &rec, err);
    return rc;
}

/* ---- council scores and events ---- */

enum { SC_UNIT, SC_CRITERION, SC_SELF, SC_CROSS, SC_FINAL, SC_COUNT };
static const char *const score_columns[] = {"unit", "criterion", "self", "cross", "final"};
static const char *const score_columns_vi[] = {"Đơn vị", "Tiêu chí", "Tự chấm", "Chấm chéo", "Thẩm định"};
enum { EV_UNIT, EV_ITEM, EV_COUNT_COL, EV_COUNT };
static const char *const event_columns[] = {"unit", "item", "count"};
static const char *const event_columns_vi[] = {"Đơn vị", "Mục", "Số lần"};

/* true when every cell of the header is one of `names` (ASCII case
 * ignored), each once, and the first `required` of them are there. */
static bool fixed_header(const td_trow *r, const char *const *names, const char *const *names_vi, int n, int required,
                         int *map)
{
    bool seen[SC_COUNT] = {false};
    if (r->count > (size_t)n)
        return false;
    for (size_t k = 0; k < r->count; k++) {
        size_t len;
        const char *t = r->text(r->ctx, k, &len);
        map[k] = -1;
        for (int i = 0; i < n && map[k] < 0; i++)
            if (header_is(t, len, names[i], names_vi[i]) && !seen[i])
                map[k] = i;
        if (map[k] < 0)
            return false;
        seen[map[k]] = true;
    }
    for (int i = 0; i < required; i++)
        if (!seen[i])
            return false;
    return true;
}

bool td_table_is_scores(const td_trow *r, int *map)
{
    if (!fixed_header(r, score_columns, score_columns_vi, SC_COUNT, 2, map))
        return false;
    return r->count > 2; /* at least one source of points */
}

bool td_table_is_events(const td_trow *r, int *map)
{
    return fixed_header(r, event_columns, event_columns_vi, EV_COUNT, 2, map);
}

/* The unit cell of a row: not empty, no control character, NFC. */
static td_status unit_cell(const td_trow *r, size_t k, td_arena *arena, const char **out, td_dpos *pos,
                           td_error *err)
{
    size_t n;
    const char *t = r->text(r->ctx, k, &n);
    r->pos(r->ctx, k, pos);
    if (n == 0)
        return fail_pos(pos, err, TD_EPARSE, "the unit is empty");
    uint32_t cp;
    size_t bad = td_name_refused_at(t, n, &cp);
    if (bad < n) {
        char q[64];
        td_quote(q, sizeof q, t);
        return fail_pos(pos, err, TD_EPARSE, "the unit %s contains U+%04X, a control character (byte %zu)", q,
                        (unsigned)cp, bad + 1);
    }
    return td_nfc(arena, t, n, out, err);
}

/* An id cell (a criterion, an item): not empty, a valid id, copied. */
static td_status id_cell(const td_trow *r, size_t k, const char *what, td_arena *arena, const char **out,
                         td_dpos *pos, td_error *err)
{
    size_t n;
    const char *t = r->text(r->ctx, k, &n);
    r->pos(r->ctx, k, pos);
    if (n == 0)
        return fail_pos(pos, err, TD_EPARSE, "the %s is empty", what);
    uint32_t cp;
    const char *why;
    size_t bad = td_id_refused_at(t, n, &cp, &why);
    if (bad < n) {
        char q[64];
        td_quote(q, sizeof q, t);
        return fail_pos(pos, err, TD_EPARSE, "the %s %s contains U+%04X, %s (byte %zu); %s", what, q, (unsigned)cp,
                        why, bad + 1, TD_ID_RULE);
    }
    return (*out = td_arena_strdup(arena, t)) != NULL ? TD_OK : td_error_nomem(err);
}

td_status td_scores_row(const td_trow *r, td_arena *arena, const int *map, bool decimal_comma,
                        const td_allocator *a, td_dparts *p, td_error *err)
{
    td_dval_in rec;
    memset(&rec, 0, sizeof rec);
    size_t col[SC_COUNT] = {0};
    for (size_t k = 0; k < r->count; k++)
        col[map[k]] = k;
    td_status rc = unit_cell(r, col[SC_UNIT], arena, &rec.unit, &rec.unit_pos, err);
    if (rc == TD_OK)
        rc = id_cell(r, col[SC_CRITERION], "criterion", arena, &rec.key, &rec.key_pos, err);
    size_t given = 0;
    for (size_t k = 0; k < r->count && rc == TD_OK; k++) {
        if (map[k] < SC_SELF)
            continue;
        size_t n;
        const char *t = r->text(r->ctx, k, &n);
        if (n == 0)
            continue;
        given++;
        r->pos(r->ctx, k, &rec.pos);
        rec.kind = TD_DV_SELF + (map[k] - SC_SELF);
        const char *what = td_dval_what(rec.kind);
        td_error local;
        if (t[n - 1] == '%')
            return fail_pos(&rec.pos, err, TD_EPARSE,
                            "%s of unit '%s' for '%s': a percentage is not accepted in data; write the number "
                            "itself",
                            what, rec.unit, rec.key);
        if ((rc = td_parse_number_text(t, n, decimal_comma, &rec.value, &local)) != TD_OK)
            return fail_pos(&rec.pos, err, rc, "%s of unit '%s' for '%s': %s", what, rec.unit, rec.key,
                            local.message);
        if (td_decimal_sign(rec.value) < 0)
            return fail_pos(&rec.pos, err, TD_ERANGE, "%s of unit '%s' for '%s' must not be negative, found %s",
                            what, rec.unit, rec.key, t);
        rec.decimals = td_written_decimals(t, n, decimal_comma);
        rc = td_dparts_val(p, a, &rec, err);
    }
    if (rc == TD_OK && given == 0) { /* no points, but the unit and the criterion are checked */
        rec.kind = TD_DV_SELF;
        rec.blank = true;
        rec.pos = rec.key_pos;
        rc = td_dparts_val(p, a, &rec, err);
    }
    return rc;
}

td_status td_events_row(const td_trow *r, td_arena *arena, const int *map, const td_allocator *a, td_dparts *p,
                        td_error *err)
{
    td_devent rec = {NULL, NULL, 1, {NULL, 0, 0}, {NULL, 0, 0}};
    size_t col[EV_COUNT] = {0, 0, SIZE_MAX};
    for (size_t k = 0; k < r->count; k++)
        col[map[k]] = k;
    td_status rc = unit_cell(r, col[EV_UNIT], arena, &rec.unit, &rec.unit_pos, err);
    if (rc == TD_OK)
        rc = id_cell(r, col[EV_ITEM], "item", arena, &rec.item, &rec.item_pos, err);
    size_t n = 0;
    const char *t = rc == TD_OK && col[EV_COUNT_COL] != SIZE_MAX ? r->text(r->ctx, col[EV_COUNT_COL], &n) : "";
    if (n > 0) {
        td_decimal count;
        td_error local;
        if (td_parse_number_text(t, n, false, &count, &local) != TD_OK ||
            td_decimal_to_int64(&rec.count, count, NULL) != TD_OK || rec.count < 1) {
            td_dpos pos;
            r->pos(r->ctx, col[EV_COUNT_COL], &pos);
            char q[64];
            td_quote(q, sizeof q, t);
            return fail_pos(&pos, err, TD_EPARSE, "the count of event '%s' of unit '%s' must be a whole number >= 1, "
                            "found %s", rec.item, rec.unit, q);
        }
    }
    if (rc == TD_OK)
        rc = td_dparts_event(p, a, &rec, err);
    return rc;
}

/* ---- a workbook's cluster sheet: item, value ---- */

bool td_table_is_cluster_sheet(const td_trow *r)
{
    if (r->count != 2)
        return false;
    size_t n0, n1;
    const char *item = r->text(r->ctx, 0, &n0), *value = r->text(r->ctx, 1, &n1);
    return header_is(item, n0, "item", "Mục") && header_is(value, n1, "value", "Giá trị");
}

enum { CS_ID, CS_NAME, CS_KIND, CS_PERIOD, CS_LEADER, CS_DEPUTY, CS_NEXT_LEADER, CS_NEXT_DEPUTY, CS_COUNT };
static const char *const cluster_items[CS_COUNT] = {"id",     "name",   "kind",        "period",
                                                    "leader", "deputy", "next_leader", "next_deputy"};

td_status td_cluster_sheet_row(const td_trow *r, td_arena *arena, td_dparts *p, td_error *err)
{
    size_t n, vn;
    const char *label = r->text(r->ctx, 0, &n), *value = r->text(r->ctx, 1, &vn);
    td_dpos lpos, vpos;
    r->pos(r->ctx, 0, &lpos);
    r->pos(r->ctx, 1, &vpos);
    /* the key: the whole label, or what its trailing brackets hold */
    const char *key = label;
    size_t kn = n;
    if (n > 2 && label[n - 1] == ']') {
        const char *open = NULL;
        for (size_t i = n - 1; i-- > 0 && open == NULL;)
            if (label[i] == '[')
                open = label + i;
        if (open != NULL) {
            key = open + 1;
            kn = (size_t)(label + n - 1 - key);
        }
    }
    int item = -1;
    for (int i = 0; i < CS_COUNT && item < 0; i++)
        if (strlen(cluster_items[i]) == kn && td_ascii_casecmp_n(key, cluster_items[i], kn) == 0)
            item = i;
    char q[64];
    if (item < 0) {
        if (n == 0)
            return vn == 0 ? TD_OK : fail_pos(&lpos, err, TD_EPARSE, "the cluster sheet's row has a value but no item");
        td_quote(q, sizeof q, label);
        return fail_pos(&lpos, err, TD_EPARSE,
                        "the cluster sheet has no item %s: its items are id, name, kind, period, leader, deputy, "
                        "next_leader and next_deputy (or a label ending in one in brackets, \"Mã cụm [id]\")",
                        q);
    }
    if (vn == 0)
        return TD_OK; /* not given */
    td_dsheet *s = &p->sheet;
    const char **text[CS_COUNT] = {&s->id,     &s->name,   NULL,           NULL,
                                   &s->leader, &s->deputy, &s->next_leader, &s->next_deputy};
    td_dpos *where[CS_COUNT] = {&s->id_pos,     NULL,           NULL,          &s->period_pos,
                                &s->leader_pos, &s->deputy_pos, &s->next_pos, &s->next_deputy_pos};
    bool given = item == CS_KIND ? s->has_kind : item == CS_PERIOD ? s->has_period : *text[item] != NULL;
    if (given)
        return fail_pos(&lpos, err, TD_EEXISTS, "the cluster sheet gives '%s' twice", cluster_items[item]);
    if (where[item] != NULL)
        *where[item] = vpos;
    if (item == CS_PERIOD) {
        td_decimal d;
        int64_t period;
        td_error local;
        if (td_parse_number_text(value, vn, false, &d, &local) != TD_OK ||
            td_decimal_to_int64(&period, d, &local) != TD_OK || period < 0) {
            td_quote(q, sizeof q, value);
            return fail_pos(&vpos, err, TD_EPARSE, "the cluster sheet's period is a year (a whole number), found %s", q);
        }
        s->has_period = true;
        s->period = period;
        return TD_OK;
    }
    if (item == CS_KIND) {
        if (header_is(value, vn, "cluster", "cụm"))
            s->kind = 0;
        else if (header_is(value, vn, "block", "khối"))
            s->kind = 1;
        else {
            td_quote(q, sizeof q, value);
            return fail_pos(&vpos, err, TD_EPARSE, "the cluster sheet's kind is cluster (cụm) or block (khối), found %s",
                            q);
        }
        s->has_kind = true;
        return TD_OK;
    }
    td_status rc = td_nfc(arena, value, vn, text[item], err);
    if (rc == TD_OK && item == CS_ID) {
        td_error local;
        if (td_check_id(*text[item], "cluster id", &local) != TD_OK)
            return fail_pos(&vpos, err, TD_EPARSE, "the cluster sheet: %s", local.message);
    }
    return rc;
}
