/*
 * td_cluster_add_arrow on record batches made from the input: byte 0
 * picks the type of the value columns (decimal128 at a scale, int64,
 * int32, float64 or decimal text) and whether each is there; the rest is
 * cut at '\n' into fields taken four at a time as unit, measure, target
 * and actual (a field "-" is a null). The arrays are well formed (the C
 * data interface cannot be checked for buffer sizes): what varies is every
 * byte of every string and number. The cluster has the members "a", "b",
 * "c" and "ti\xe1\xba\xbfng" (tiếng).
 *
 * Checks: a failure follows the error contract and leaves no value of the
 * batch in the cluster; a success adds every non-null value of the batch,
 * which the cluster then gives back (counted over the batch's measures).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "model.h"

enum { MAX_ROWS = 32 };

void fuzz_cleanup(void)
{
}

typedef struct field {
    const char *p;
    size_t n;
} field;

typedef struct batch {
    struct ArrowSchema schema, child_schema[4], *schema_children[4];
    struct ArrowArray array, child[4], *children[4];
    const void *buffers[4][3];
    const void *batch_buffers[1];
    int32_t offsets[4][MAX_ROWS + 1];
    char text[4][MAX_ROWS * 64];
    unsigned char validity[4][(MAX_ROWS + 7) / 8];
    unsigned char values[4][MAX_ROWS * 16];
    char format[16];
} batch;

static bool is_null(field f)
{
    return f.n == 1 && f.p[0] == '-';
}

static void strings(batch *b, int k, const char *name, const field *rows, size_t count)
{
    b->child_schema[k] = (struct ArrowSchema){"u", name, NULL, 2, 0, NULL, NULL, NULL, NULL};
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        b->offsets[k][i] = (int32_t)at;
        if (is_null(rows[i])) {
            b->child[k].null_count++;
            continue;
        }
        size_t n = rows[i].n < 63 ? rows[i].n : 63;
        memcpy(b->text[k] + at, rows[i].p, n);
        at += n;
        b->validity[k][i / 8] |= (unsigned char)(1u << (i % 8));
    }
    b->offsets[k][count] = (int32_t)at;
    b->buffers[k][0] = b->validity[k];
    b->buffers[k][1] = b->offsets[k];
    b->buffers[k][2] = b->text[k];
    b->child[k].n_buffers = 3;
}

/* A number column of the type `kind` picks, from each field's bytes. */
static void numbers(batch *b, int k, const char *name, int kind, const field *rows, size_t count)
{
    static const char *const formats[] = {"l", "i", "g", "d:38,2", "d:38,0", "d:38,36"};
    if (kind == 6) {
        strings(b, k, name, rows, count);
        return;
    }
    b->child_schema[k] = (struct ArrowSchema){formats[kind], name, NULL, 2, 0, NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < count; i++) {
        if (is_null(rows[i])) {
            b->child[k].null_count++;
            continue;
        }
        b->validity[k][i / 8] |= (unsigned char)(1u << (i % 8));
        size_t width = kind == 0 || kind == 2 ? 8 : kind == 1 ? 4 : 16;
        unsigned char bytes[16] = {0};
        memcpy(bytes, rows[i].p, rows[i].n < width ? rows[i].n : width);
        memcpy(b->values[k] + width * i, bytes, width);
    }
    b->buffers[k][0] = b->validity[k];
    b->buffers[k][1] = b->values[k];
    b->child[k].n_buffers = 2;
}

static td_cluster *members(void)
{
    td_cluster *c = NULL;
    td_error err;
    static const char *const ids[] = {"a", "b", "c", "ti\xe1\xba\xbfng"};
    if (td_cluster_new(&c, "k", 2024, NULL, &err) != TD_OK)
        fuzz_fail("td_cluster_new: %s", err.message);
    for (int i = 0; i < 4; i++)
        if (td_cluster_add_member(c, ids[i], NULL, &err) != TD_OK)
            fuzz_fail("td_cluster_add_member: %s", err.message);
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    int kind = (int)(mode % 7);
    bool has_target = (mode & 0x10) == 0, has_actual = (mode & 0x20) == 0 || !has_target;
    field fields[MAX_ROWS * 4];
    size_t nf = 0;
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    while (p <= end && nf < MAX_ROWS * 4) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl != NULL ? nl : end;
        fields[nf++] = (field){p, (size_t)(stop - p)};
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    size_t rows = nf / 4;
    field cols[4][MAX_ROWS];
    for (size_t i = 0; i < rows; i++)
        for (int k = 0; k < 4; k++)
            cols[k][i] = fields[4 * i + k];

    batch *b = calloc(1, sizeof *b);
    if (b == NULL)
        fuzz_fail("out of memory");
    int n = 0;
    strings(b, n++, "unit", cols[0], rows);
    strings(b, n++, "measure", cols[1], rows);
    if (has_target)
        numbers(b, n++, "target", kind, cols[2], rows);
    if (has_actual)
        numbers(b, n++, "actual", kind, cols[3], rows);
    for (int k = 0; k < n; k++) {
        b->child[k].length = (int64_t)rows;
        b->child[k].buffers = b->buffers[k];
        b->schema_children[k] = &b->child_schema[k];
        b->children[k] = &b->child[k];
    }
    b->schema = (struct ArrowSchema){"+s", "", NULL, 0, n, b->schema_children, NULL, NULL, NULL};
    b->array = (struct ArrowArray){(int64_t)rows, 0, 0, 1, n, b->batch_buffers, b->children, NULL, NULL, NULL};

    td_cluster *c = members();
    td_error err;
    td_status rc = td_cluster_add_arrow(c, &b->schema, &b->array, &err);
    fuzz_check_status(rc, &err, "td_cluster_add_arrow");
    /* what the cluster holds after: every value of the batch, or none */
    size_t given = 0, held = 0;
    char seen[MAX_ROWS][64];
    size_t distinct = 0;
    for (size_t i = 0; i < rows; i++) {
        given += (has_target && !is_null(cols[2][i])) + (has_actual && !is_null(cols[3][i]));
        field f = cols[1][i];
        f.n = f.n < 63 ? f.n : 63; /* as strings() put it in the batch */
        if (is_null(f) || f.n == 0 || memchr(f.p, '\0', f.n) != NULL)
            continue;
        char measure[64];
        memcpy(measure, f.p, f.n);
        measure[f.n] = '\0';
        bool again = false;
        for (size_t j = 0; j < distinct && !again; j++)
            again = strcmp(seen[j], measure) == 0;
        if (again)
            continue;
        strcpy(seen[distinct++], measure);
        for (size_t m = 0; m < 4; m++)
            for (int side = 0; side < 2; side++) {
                td_decimal v;
                held += td_cluster_value(c, m, side, measure, &v);
            }
    }
    if (rc != TD_OK && held != 0)
        fuzz_fail("a refused batch left %zu values in the cluster", held);
    if (rc == TD_OK && held != given)
        fuzz_fail("an accepted batch of %zu values left %zu in the cluster", given, held);
    td_cluster_free(c);
    free(b);
    return 0;
}
