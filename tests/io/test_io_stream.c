/*
 * The cluster's members read as a YAML or JSON document streams in
 * (lib/load/doc.h, td_tb_sink; dataset.c): the items of `cluster:
 * members:` are read one by one and their nodes taken back. The records
 * must be those of the same document read whole (a list with an anchor is
 * kept whole), in YAML and JSON; an item that defines an anchor keeps its
 * nodes for a later alias; errors name the same member and place; the
 * limit of members stops at the first member beyond it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "td_test.h"
#include "thidua/io.h"

/* The members of a document read into a new data set, as text: "id|name|group|line:column" a line. */
static char *members_of(const char *text, const char *name, td_doc_format format)
{
    td_error err;
    td_dataset *ds = NULL;
    assert_ok(td_dataset_new(&ds, NULL, &err), err);
    assert_ok(td_dataset_add_string(ds, text, strlen(text), name, format, &err), err);
    const td_dparts *p = td_dataset_parts(ds);
    size_t cap = 64 + p->member_count * 128, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < p->member_count; i++) {
        const td_dmember *m = &p->members[i];
        int n = snprintf(out + len, cap - len, "%s|%s|%s|%s:%u:%u|%u:%u\n", m->id, m->name ? m->name : "-",
                         m->group ? m->group : "-", m->pos.file, m->pos.line, m->pos.column, m->group_pos.line,
                         m->group_pos.column);
        assert_true(n > 0 && (size_t)n < cap - len);
        len += (size_t)n;
    }
    td_dataset_free(ds);
    return out;
}

/* The head of a data document whose cluster's member list follows (an
 * anchored() copy puts its anchor after "members:"). */
#define MEMBERS "thidua: 1\nperiod: 2024\ncluster:\n  id: k\n  members:\n"

static const char streamed[] = MEMBERS
                               "    - {id: a, name: Ánh}\n" /* NFC made of a decomposed name below */
                               "    - id: b\n"
                               "      name: \"Bi\\u0300nh\"\n"
                               "      group: g1\n"
                               "    - c\n"
                               "    - {id: d, name: 'Đông', group: g2}\n"
                               "  leader: b\n"
                               "next_leader: c\n";

/* The same document with its list anchored: kept whole, read as before. */
static char *anchored(const char *text)
{
    const char *at = strstr(text, "members:\n");
    assert_non_null(at);
    size_t head = (size_t)(at - text) + strlen("members:");
    char *out = malloc(strlen(text) + 8);
    assert_non_null(out);
    memcpy(out, text, head);
    strcpy(out + head, " &all");
    strcat(out, text + head);
    return out;
}

static void streamed_members_are_those_of_the_whole_list(void **state)
{
    (void)state;
    char *whole = anchored(streamed);
    char *got = members_of(streamed, "d.yaml", TD_DOC_FORMAT_YAML), *want = members_of(whole, "d.yaml", TD_DOC_FORMAT_YAML);
    assert_string_equal(got, want);
    assert_non_null(strstr(got, "b|B\xC3\xACnh|g1|d.yaml:7:7|9:14\n")); /* NFC, its place, its group's place */
    assert_non_null(strstr(got, "c|-|-|d.yaml:10:7|10:7\n"));          /* a bare id */
    free(got);
    free(want);
    free(whole);
}

static void json_members_stream_too(void **state)
{
    (void)state;
    static const char json[] = "{\"thidua\": 1, \"period\": 2024, \"cluster\": {\"id\": \"k\", \"members\": [\n"
                               "  {\"id\": \"a\", \"name\": \"A\"},\n"
                               "  \"b\",\n"
                               "  {\"id\": \"c\", \"group\": \"g\"}\n"
                               "]}}\n";
    /* JSON has no anchors to keep a list whole: the records are checked against the document itself */
    char *got = members_of(json, "d.json", TD_DOC_FORMAT_JSON);
    assert_string_equal(got, "a|A|-|d.json:2:3|2:3\n"
                             "b|-|-|d.json:3:3|3:3\n"
                             "c|-|g|d.json:4:3|4:24\n");
    free(got);
}

/* An item that defines an anchor keeps its nodes: a later item's alias reads them. */
static void an_anchor_in_an_item_outlives_it(void **state)
{
    (void)state;
    static const char text[] = MEMBERS
                               "    - {id: a, name: &n Một tên dài để thấy vùng nhớ bị dùng lại}\n"
                               "    - {id: b, name: Hai}\n"
                               "    - {id: c, name: Ba}\n"
                               "    - {id: d, name: *n}\n"
                               "    - {id: e, group: &g nhóm-1}\n"
                               "    - {id: f, group: *g}\n";
    char *got = members_of(text, "d.yaml", TD_DOC_FORMAT_YAML);
    assert_non_null(strstr(got, "d|Một tên dài để thấy vùng nhớ bị dùng lại|-|"));
    assert_non_null(strstr(got, "f|-|nhóm-1|"));
    char *whole = anchored(text), *want = members_of(whole, "d.yaml", TD_DOC_FORMAT_YAML);
    assert_string_equal(got, want);
    free(got);
    free(want);
    free(whole);
}

static td_status add_error(const char *text, td_doc_format format, const td_load_options *o, td_error *err)
{
    td_dataset *ds = NULL;
    assert_ok(td_dataset_new(&ds, o, err), *err);
    td_status rc = td_dataset_add_string(ds, text, strlen(text), "d.yaml", format, err);
    td_dataset_free(ds);
    return rc;
}

/* A bad member is the same error, at the same place, streamed or not. */
static void a_bad_member_is_the_same_error(void **state)
{
    (void)state;
    static const char text[] = MEMBERS
                               "    - {id: a}\n"
                               "    - {id: b, name: B}\n"
                               "    - {id: [c], name: C}\n"
                               "    - {id: e}\n";
    char *whole = anchored(text);
    td_error e1, e2;
    assert_int_equal(add_error(text, TD_DOC_FORMAT_YAML, NULL, &e1), add_error(whole, TD_DOC_FORMAT_YAML, NULL, &e2));
    assert_int_equal(e1.code, TD_EPARSE);
    assert_string_equal(e1.message, e2.message);
    assert_int_equal(e1.line, 8);
    assert_int_equal(e1.line, e2.line);
    assert_int_equal(e1.column, e2.column);
    assert_non_null(strstr(e1.message, "cluster member 3"));
    /* an unknown key of an item */
    static const char key[] = MEMBERS "    - {id: a, nmae: A}\n";
    assert_int_equal(add_error(key, TD_DOC_FORMAT_YAML, NULL, &e1), TD_EPARSE);
    assert_int_equal(e1.line, 6);
    free(whole);
}

/* An empty list is still refused; a document with no cluster reads no member. */
static void an_empty_list_is_refused(void **state)
{
    (void)state;
    td_error err;
    static const char empty[] = "thidua: 1\nperiod: 2024\ncluster:\n  id: k\n  members: []\n";
    assert_int_equal(add_error(empty, TD_DOC_FORMAT_YAML, NULL, &err), TD_EDATA);
    assert_non_null(strstr(err.message, "must list at least one unit"));
    /* a list named `members` elsewhere is no cluster's: kept in the tree, and refused as an unknown key */
    static const char elsewhere[] = "thidua: 1\nperiod: 2024\nmembers:\n  - a\n";
    assert_int_equal(add_error(elsewhere, TD_DOC_FORMAT_YAML, NULL, &err), TD_EPARSE);
    assert_int_equal(err.line, 3);
}

/* The limit of members stops the read at the first member beyond it. */
static void the_limit_stops_at_the_first_member_beyond(void **state)
{
    (void)state;
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.max_members = 3;
    td_error err;
    static const char text[] = MEMBERS "    - a\n    - b\n    - c\n    - d\n    - {id: e, name: [not, text]}\n";
    assert_int_equal(add_error(text, TD_DOC_FORMAT_YAML, &o, &err), TD_ELIMIT);
    assert_int_equal(err.line, 9);
    assert_int_equal(err.column, 7);
    assert_non_null(strstr(err.message, "more than 3 members"));
    /* before the bad item after it, which the whole list reads first */
    char *whole = anchored(text);
    td_error e2;
    assert_int_equal(add_error(whole, TD_DOC_FORMAT_YAML, &o, &e2), TD_EPARSE);
    assert_int_equal(e2.line, 10);
    free(whole);
    /* without it, the whole list's check (after reading) gives the same error at the same place */
    static const char four[] = MEMBERS "    - a\n    - b\n    - c\n    - d\n";
    whole = anchored(four);
    assert_int_equal(add_error(whole, TD_DOC_FORMAT_YAML, &o, &e2), TD_ELIMIT);
    assert_int_equal(add_error(four, TD_DOC_FORMAT_YAML, &o, &err), TD_ELIMIT);
    assert_string_equal(err.message, e2.message);
    assert_int_equal(err.line, e2.line);
    assert_int_equal(err.column, e2.column);
    free(whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(streamed_members_are_those_of_the_whole_list),
        cmocka_unit_test(json_members_stream_too),
        cmocka_unit_test(an_anchor_in_an_item_outlives_it),
        cmocka_unit_test(a_bad_member_is_the_same_error),
        cmocka_unit_test(an_empty_list_is_refused),
        cmocka_unit_test(the_limit_stops_at_the_first_member_beyond),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
