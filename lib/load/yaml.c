/*
 * YAML through libyaml's event parser. libyaml checks the syntax; this file
 * builds the tree with positions, resolves anchors and aliases (without
 * copying: see doc.h), and refuses what the formats never need: several
 * documents in one file, tags other than the core schema's.
 *
 * libyaml's marks count characters; td_src turns them into byte offsets.
 */
#include <string.h>

#include <yaml.h>

#include "doc.h"

typedef struct anchors {
    td_map index; /* anchor name → node index in `nodes` */
    td_yn **nodes;
    size_t count, cap;
} anchors;

static size_t offset_of(td_tb *tb, yaml_mark_t mark)
{
    return td_src_char_offset(&tb->doc->src, mark.index);
}

static td_status syntax_error(td_tb *tb, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR)
        return td_error_nomem(tb->err);
    const char *problem = p->problem != NULL ? p->problem : "malformed YAML";
    size_t off = offset_of(tb, p->problem_mark);
    if (p->context != NULL) {
        unsigned line, column;
        td_src_pos(&tb->doc->src, offset_of(tb, p->context_mark), &line, &column);
        return td_tb_fail(tb, off, TD_EPARSE, "YAML syntax: %s (%s at %u:%u)", problem, p->context,
                          line, column);
    }
    return td_tb_fail(tb, off, TD_EPARSE, "YAML syntax: %s", problem);
}

static td_status remember_anchor(td_tb *tb, anchors *an, const yaml_char_t *name, td_yn *n)
{
    if (name == NULL)
        return TD_OK;
    tb->anchors++; /* a streamed list keeps the nodes of an item that defines one (doc.c) */
    void *items = an->nodes;
    td_status rc = td_reserve(tb->alloc, &items, &an->cap, an->count + 1, sizeof(td_yn *), tb->err);
    if (rc != TD_OK)
        return rc;
    an->nodes = items;
    const char *key = td_arena_strdup(&tb->doc->arena, (const char *)name);
    if (key == NULL)
        return td_error_nomem(tb->err);
    size_t existing;
    /* a redefined anchor replaces the earlier one for later aliases (YAML 1.2 §3.2.2.2) */
    if (td_map_get_str(&an->index, key, &existing)) {
        an->nodes[existing] = n;
        return TD_OK;
    }
    rc = td_map_put(&an->index, key, strlen(key), an->count, tb->err);
    if (rc == TD_OK)
        an->nodes[an->count++] = n;
    return rc;
}

/* Only the core schema's tags are accepted; !!str makes a scalar text. */
static td_status check_tag(td_tb *tb, const yaml_char_t *tag, size_t off, bool *is_str)
{
    *is_str = false;
    if (tag == NULL || strcmp((const char *)tag, "!") == 0)
        return TD_OK;
    static const char *const core[] = {"str", "int", "float", "bool", "null", "map", "seq"};
    const char *prefix = "tag:yaml.org,2002:";
    if (strncmp((const char *)tag, prefix, strlen(prefix)) == 0) {
        const char *t = (const char *)tag + strlen(prefix);
        for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
            if (strcmp(t, core[i]) == 0) {
                *is_str = i == 0;
                return TD_OK;
            }
    }
    char q[64];
    td_quote(q, sizeof q, (const char *)tag);
    return td_tb_fail(tb, off, TD_EPARSE, "the tag %s is not supported (only the YAML core schema)", q);
}

static bool is_space_or_break(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The byte offset of a scalar's own first character (its opening quote,
 * block indicator or first plain character) when libyaml's start mark is
 * at its properties: an anchor `&name` and a tag `!tag`, in either order,
 * each followed by white space, line breaks or comments. Positions inside
 * the scalar are counted from there. Never beyond the scalar's end (an
 * empty scalar with only properties keeps its start). */
static size_t skip_properties(const td_src *src, size_t start, size_t end)
{
    const char *s = src->text;
    size_t i = start;
    for (int props = 0; props < 2 && i < end && (s[i] == '&' || s[i] == '!'); props++) {
        if (s[i] == '!' && i + 1 < end && s[i + 1] == '<') {
            while (i < end && s[i] != '>')
                i++;
            if (i < end)
                i++;
        } else {
            /* anchor names and tags end at white space or a flow indicator */
            while (i < end && !is_space_or_break(s[i]) && strchr(",[]{}", s[i]) == NULL)
                i++;
        }
        for (;;) {
            while (i < end && is_space_or_break(s[i]))
                i++;
            if (i < end && s[i] == '#' && is_space_or_break(s[i - 1])) {
                while (i < end && s[i] != '\n' && s[i] != '\r')
                    i++;
                continue;
            }
            break;
        }
    }
    return i < end ? i : start;
}

static td_status on_scalar(td_tb *tb, anchors *an, const yaml_event_t *ev)
{
    size_t off = offset_of(tb, ev->start_mark), end = offset_of(tb, ev->end_mark);
    bool is_str;
    td_status rc = check_tag(tb, ev->data.scalar.tag, off, &is_str);
    if (rc != TD_OK)
        return rc;
    if (ev->data.scalar.anchor != NULL || ev->data.scalar.tag != NULL)
        off = skip_properties(&tb->doc->src, off, end);
    td_yn *n = td_tb_node(tb, TD_YN_SCALAR, off);
    if (n == NULL)
        return TD_ENOMEM;
    n->end = end;
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = TD_YS_SINGLE; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = TD_YS_DOUBLE; break;
    case YAML_LITERAL_SCALAR_STYLE: n->style = TD_YS_LITERAL; break;
    case YAML_FOLDED_SCALAR_STYLE: n->style = TD_YS_FOLDED; break;
    default: n->style = TD_YS_PLAIN; break;
    }
    n->written = n->style;
    if (is_str && n->style == TD_YS_PLAIN)
        n->style = TD_YS_SINGLE; /* never resolved: text (positions follow `written`) */
    rc = td_tb_text(tb, n, (const char *)ev->data.scalar.value, ev->data.scalar.length);
    if (rc == TD_OK)
        rc = remember_anchor(tb, an, ev->data.scalar.anchor, n);
    if (rc == TD_OK)
        rc = td_tb_add(tb, n, false, NULL);
    return rc;
}

static td_status on_alias(td_tb *tb, anchors *an, const yaml_event_t *ev)
{
    size_t off = offset_of(tb, ev->start_mark);
    size_t index;
    const char *name = (const char *)ev->data.alias.anchor;
    if (!td_map_get_str(&an->index, name, &index)) {
        return td_tb_fail(tb, off, TD_EPARSE, "the alias '*%.40s' names no anchor defined before it",
                          name);
    }
    /* a stand-in carrying the alias's position, for the cycle error */
    td_yn at;
    memset(&at, 0, sizeof at);
    at.offset = off;
    return td_tb_add(tb, an->nodes[index], true, &at);
}

static td_status on_start(td_tb *tb, anchors *an, const yaml_event_t *ev, td_yn_kind kind)
{
    size_t off = offset_of(tb, ev->start_mark);
    const yaml_char_t *tag = kind == TD_YN_MAP ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    const yaml_char_t *anchor =
        kind == TD_YN_MAP ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    bool is_str;
    td_status rc = check_tag(tb, tag, off, &is_str);
    if (rc != TD_OK)
        return rc;
    td_yn *n = td_tb_node(tb, kind, off);
    if (n == NULL)
        return TD_ENOMEM;
    rc = remember_anchor(tb, an, anchor, n);
    tb->anchored = anchor != NULL; /* an anchored list is kept whole (doc.h, td_tb_sink) */
    if (rc == TD_OK)
        rc = td_tb_open(tb, n);
    return rc;
}

static td_status on_event(td_tb *tb, anchors *an, const yaml_event_t *ev, int *documents, bool *done)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++*documents > 1)
            return td_tb_fail(tb, offset_of(tb, ev->start_mark), TD_EPARSE,
                              "a second YAML document in the same file; give one document per file");
        return TD_OK;
    case YAML_SCALAR_EVENT:
        return on_scalar(tb, an, ev);
    case YAML_ALIAS_EVENT:
        return on_alias(tb, an, ev);
    case YAML_MAPPING_START_EVENT:
        return on_start(tb, an, ev, TD_YN_MAP);
    case YAML_SEQUENCE_START_EVENT:
        return on_start(tb, an, ev, TD_YN_SEQ);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        return td_tb_close(tb, offset_of(tb, ev->end_mark));
    case YAML_STREAM_END_EVENT:
        *done = true;
        return TD_OK;
    default:
        return TD_OK;
    }
}

td_status td_yaml_parse(td_tb *tb)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return td_error_nomem(tb->err);
    yaml_parser_set_input_string(&parser, (const unsigned char *)tb->doc->src.text, tb->doc->src.len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    anchors an;
    memset(&an, 0, sizeof an);
    td_map_init(&an.index, tb->alloc);
    int documents = 0;
    bool done = false;
    td_status rc = TD_OK;
    while (rc == TD_OK && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = syntax_error(tb, &parser);
            break;
        }
        rc = on_event(tb, &an, &ev, &documents, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    td_map_free(&an.index);
    td_dealloc(tb->alloc, an.nodes);
    if (rc == TD_OK && tb->root == NULL)
        rc = td_error_set_at(tb->err, TD_EPARSE, tb->doc->src.name, 1, 1,
                             "the document is empty (no YAML content)");
    return rc;
}
