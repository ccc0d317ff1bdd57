/*
 * typemaps.i — how values cross between Python and the C API of thidua.
 * Included by thidua.i before the headers; the helpers in the %{ %} block
 * exist only to serve these typemaps.
 */

%{
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* decimal.Decimal, looked up on first use and kept for the module's life. */
static PyObject *td_py_decimal_class;

static PyObject *td_py_decimal_type(void)
{
    if (td_py_decimal_class == NULL) {
        PyObject *module = PyImport_ImportModule("decimal");
        if (module == NULL)
            return NULL;
        td_py_decimal_class = PyObject_GetAttrString(module, "Decimal");
        Py_DECREF(module);
    }
    return td_py_decimal_class;
}

/* Library text is UTF-8; a file name may hold bytes that are not. */
static PyObject *td_py_text_or_none(const char *text, const char *errors)
{
    if (text == NULL)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), errors);
}

/*
 * Raises the exception for a failed call: thidua.errors builds it (the
 * classes are plain Python, so they can be documented, subclassed and
 * pickled like any other). A Python exception already pending, e.g. from a
 * conversion, is kept as it is.
 */
static void td_py_raise(td_status code, const td_error *err)
{
    if (PyErr_Occurred())
        return;
    const char *message = (err != NULL && err->message[0] != '\0') ? err->message : td_strerror(code);
    PyObject *module = PyImport_ImportModule("thidua.errors");
    if (module == NULL)
        return;
    PyObject *exc = PyObject_CallMethod(
        module, "_from_c", "iNNII", (int)code, td_py_text_or_none(message, "replace"),
        td_py_text_or_none(err != NULL ? err->file : "", "surrogateescape"),
        err != NULL ? err->line : 0u, err != NULL ? err->column : 0u);
    Py_DECREF(module);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
}

/* The td_error of the call being wrapped. The wrapper of every function
 * that takes a td_error declares a local of this name (see the td_error
 * typemap) that shadows this NULL, so that the one td_status typemap finds
 * the details wherever there are some. */
static td_error *const td_py_err = NULL;

static PyObject *td_py_from_decimal(td_decimal value)
{
    char text[TD_DECIMAL_STRING_SIZE];
    PyObject *type = td_py_decimal_type();
    if (type == NULL)
        return NULL;
    td_decimal_format(text, sizeof text, value);
    return PyObject_CallFunction(type, "s", text);
}

static int td_py_parse_decimal(PyObject *text_object, td_decimal *out)
{
    Py_ssize_t len = 0;
    const char *text = PyUnicode_AsUTF8AndSize(text_object, &len);
    if (text == NULL)
        return -1;
    td_error err;
    td_error_clear(&err);
    td_status rc = td_decimal_parse_n(out, text, (size_t)len, &err);
    if (rc != TD_OK) {
        td_py_raise(rc, &err);
        return -1;
    }
    return 0;
}

/*
 * A number from Python: decimal.Decimal, int (or anything with __index__,
 * such as numpy integers) and str cross through their exact text; a float
 * goes through td_decimal_from_double(), the library's own edge conversion,
 * so that a float gives the same value here as in C. bool is refused: True
 * is not a score.
 */
static int td_py_to_decimal(PyObject *o, td_decimal *out, const char *where)
{
    PyObject *type = td_py_decimal_type();
    if (type == NULL)
        return -1;
    if (PyBool_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a number, got a bool", where);
        return -1;
    }
    if (PyFloat_Check(o)) {
        td_error err;
        td_error_clear(&err);
        td_status rc = td_decimal_from_double(out, PyFloat_AS_DOUBLE(o), &err);
        if (rc != TD_OK) {
            td_py_raise(rc, &err);
            return -1;
        }
        return 0;
    }
    if (PyUnicode_Check(o))
        return td_py_parse_decimal(o, out);
    int is_decimal = PyObject_IsInstance(o, type);
    if (is_decimal < 0)
        return -1;
    PyObject *text = NULL;
    if (is_decimal) {
        text = PyObject_Str(o);
    } else if (PyIndex_Check(o)) {
        PyObject *integer = PyNumber_Index(o);
        if (integer == NULL)
            return -1;
        text = PyObject_Str(integer);
        Py_DECREF(integer);
    } else {
        PyErr_Format(PyExc_TypeError,
                     "%s: expected a number (decimal.Decimal, int, str or float), got %.100s", where,
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    if (text == NULL)
        return -1;
    int rc = td_py_parse_decimal(text, out);
    Py_DECREF(text);
    return rc;
}

/* UTF-8 text of a str argument (None gives NULL when allowed). The buffer
 * belongs to the str object, which the call's arguments keep alive. */
static int td_py_as_text(PyObject *o, const char **out, const char *where, int none_ok)
{
    if (o == Py_None && none_ok) {
        *out = NULL;
        return 0;
    }
    if (!PyUnicode_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s: expected str%s, got %.100s", where,
                     none_ok ? " or None" : "", Py_TYPE(o)->tp_name);
        return -1;
    }
    Py_ssize_t len = 0;
    const char *text = PyUnicode_AsUTF8AndSize(o, &len);
    if (text == NULL)
        return -1;
    if ((size_t)len != strlen(text)) {
        PyErr_Format(PyExc_ValueError, "%s: text contains a NUL character", where);
        return -1;
    }
    *out = text;
    return 0;
}

/* Bytes of a str (as UTF-8) or bytes argument, NUL characters allowed. */
static int td_py_as_buffer(PyObject *o, const char **out, size_t *len, const char *where)
{
    Py_ssize_t n = 0;
    if (PyUnicode_Check(o)) {
        *out = PyUnicode_AsUTF8AndSize(o, &n);
        if (*out == NULL)
            return -1;
    } else if (PyBytes_Check(o)) {
        char *bytes = NULL;
        if (PyBytes_AsStringAndSize(o, &bytes, &n) < 0)
            return -1;
        *out = bytes;
    } else {
        PyErr_Format(PyExc_TypeError, "%s: expected str or bytes, got %.100s", where,
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    *len = (size_t)n;
    return 0;
}

/* The host variables' values of td_expr_eval(): a sequence of numbers. */
static int td_py_decimals(PyObject *o, td_decimal **out, size_t *count, const char *where)
{
    *out = NULL;
    *count = 0;
    if (o == Py_None)
        return 0;
    PyObject *seq = PySequence_Fast(o, "expected a sequence of numbers");
    if (seq == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n > 0) {
        *out = (td_decimal *)PyMem_Malloc((size_t)n * sizeof **out);
        if (*out == NULL) {
            Py_DECREF(seq);
            PyErr_NoMemory();
            return -1;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (td_py_to_decimal(PySequence_Fast_GET_ITEM(seq, i), &(*out)[i], where) < 0) {
            Py_DECREF(seq);
            PyMem_Free(*out);
            *out = NULL;
            return -1;
        }
    }
    Py_DECREF(seq);
    *count = (size_t)n;
    return 0;
}

/* td_expr_options from a mapping; *names keeps the variable names alive. */
static int td_py_expr_options(PyObject *o, td_expr_options *opts, PyObject **names, const char ***vars,
                              const char *where)
{
    if (!PyDict_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s: expected None or a dict, got %.100s", where, Py_TYPE(o)->tp_name);
        return -1;
    }
    td_expr_options_init(opts, TD_EXPR_OPTIONS_VERSION);
    PyObject *key = NULL, *value = NULL;
    Py_ssize_t pos = 0;
    while (PyDict_Next(o, &pos, &key, &value)) {
        const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        if (name == NULL) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_TypeError, "%s: option names are str", where);
            return -1;
        }
        if (strcmp(name, "max_bytes") == 0 || strcmp(name, "max_depth") == 0) {
            size_t n = PyLong_AsSize_t(value);
            if (n == (size_t)-1 && PyErr_Occurred())
                return -1;
            *(name[4] == 'b' ? &opts->max_bytes : &opts->max_depth) = n;
        } else if (strcmp(name, "variables") == 0) {
            *names = PySequence_Tuple(value);
            if (*names == NULL)
                return -1;
            Py_ssize_t n = PyTuple_GET_SIZE(*names);
            *vars = (const char **)PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof **vars);
            if (*vars == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            for (Py_ssize_t i = 0; i < n; i++)
                if (td_py_as_text(PyTuple_GET_ITEM(*names, i), &(*vars)[i], where, 0) < 0)
                    return -1;
            opts->variables = *vars;
            opts->variable_count = (size_t)n;
        } else {
            PyErr_Format(PyExc_TypeError, "%s: unknown option '%s' (known: variables, max_bytes, max_depth)",
                         where, name);
            return -1;
        }
    }
    return 0;
}

static PyObject *td_py_from_value(const td_value *value)
{
    switch (value->type) {
    case TD_VALUE_NUMBER: return td_py_from_decimal(value->number);
    case TD_VALUE_BOOLEAN: return PyBool_FromLong(value->boolean);
    case TD_VALUE_TEXT: return td_py_text_or_none(value->text, "strict");
    }
    PyErr_Format(PyExc_SystemError, "unknown td_value type %d", (int)value->type);
    return NULL;
}

/* A dict of the fields in `names` (NULL-terminated) and their values
 * (new references; NULL on failure, which releases the rest). */
static PyObject *td_py_dict(const char *const *names, PyObject **values)
{
    PyObject *d = PyDict_New();
    int ok = d != NULL;
    for (size_t i = 0; names[i] != NULL; i++) {
        if (ok && (values[i] == NULL || PyDict_SetItemString(d, names[i], values[i]) < 0))
            ok = 0;
        Py_XDECREF(values[i]);
    }
    if (!ok) {
        Py_XDECREF(d);
        return NULL;
    }
    return d;
}

/* A list of `n` decimals taken `stride` bytes apart from `first`. */
static PyObject *td_py_decimal_list(const td_decimal *first, size_t n, size_t stride)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list != NULL && i < n; i++) {
        PyObject *v = td_py_from_decimal(*(const td_decimal *)(const void *)((const char *)first + i * stride));
        if (v == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, v);
    }
    return list;
}

/* A rule as a dict of every field (the Python layer keeps those of its kind). */
static PyObject *td_py_from_rule(const td_rule *r)
{
    static const char *const names[] = {"kind", "cap", "at", "deduct", "per", "step", "min", "bands_of",
                                        "band_at", "band_points", "best_of", "rank_points", "expr", NULL};
    PyObject *values[] = {
        PyLong_FromLong((long)r->kind),
        td_py_from_decimal(r->cap),
        td_py_from_decimal(r->at),
        td_py_from_decimal(r->deduct),
        td_py_from_decimal(r->per),
        PyLong_FromLong((long)r->step),
        td_py_from_decimal(r->min),
        PyLong_FromLong((long)r->bands_of),
        r->band_count > 0 ? td_py_decimal_list(&r->bands[0].at, r->band_count, sizeof(td_band)) : PyList_New(0),
        r->band_count > 0 ? td_py_decimal_list(&r->bands[0].points, r->band_count, sizeof(td_band)) : PyList_New(0),
        PyLong_FromLong((long)r->best_of),
        r->rank_point_count > 0 ? td_py_decimal_list(r->rank_points, r->rank_point_count, sizeof(td_decimal))
                                : PyList_New(0),
        td_py_text_or_none(r->expr, "strict"),
    };
    return td_py_dict(names, values);
}

static PyObject *td_py_from_bonus(const td_bonus *b)
{
    static const char *const names[] = {"per", "points", "max", NULL};
    PyObject *values[] = {td_py_from_decimal(b->per), td_py_from_decimal(b->points),
                          b->has_max ? td_py_from_decimal(b->max) : SWIG_Py_Void()};
    return td_py_dict(names, values);
}

static PyObject *td_py_from_warning(const td_warning *w)
{
    static const char *const names[] = {"code", "message", "file", "line", "column", NULL};
    PyObject *values[] = {td_py_text_or_none(w->code, "strict"), td_py_text_or_none(w->message, "replace"),
                          td_py_text_or_none(w->file, "surrogateescape"), PyLong_FromUnsignedLong(w->line),
                          PyLong_FromUnsignedLong(w->column)};
    return td_py_dict(names, values);
}

static PyObject *td_py_from_quota(const td_quota *q)
{
    static const char *const names[] = {"kind", "count", "percent", "rounding", "min", NULL};
    PyObject *values[] = {PyLong_FromLong((long)q->kind), PyLong_FromLongLong((long long)q->count),
                          td_py_from_decimal(q->percent), PyLong_FromLong((long)q->rounding),
                          PyLong_FromLongLong((long long)q->min)};
    return td_py_dict(names, values);
}

/*
 * A td_rule from a dict with the keys td_py_from_rule() gives (kind, cap,
 * at, deduct, per, step, min, bands_of, band_at, band_points, best_of,
 * rank_points, expr); a missing key keeps TD_RULE_INIT's default. The
 * arrays come from PyMem (td_py_rule_free()); the expression's text
 * belongs to the dict's str, which *text holds until the call returns.
 */
static int td_py_rule_int(PyObject *d, const char *key, int *out, const char *where)
{
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL)
        return 0;
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred())
        return -1;
    if (x < INT_MIN || x > INT_MAX) {
        PyErr_Format(PyExc_OverflowError, "%s: %s %ld is out of range", where, key, x);
        return -1;
    }
    *out = (int)x;
    return 0;
}

static int td_py_rule_dec(PyObject *d, const char *key, td_decimal *out, const char *where)
{
    PyObject *v = PyDict_GetItemString(d, key);
    return v == NULL ? 0 : td_py_to_decimal(v, out, where);
}

static void td_py_rule_free(td_rule *r)
{
    PyMem_Free((void *)r->bands);
    PyMem_Free((void *)r->rank_points);
    r->bands = NULL;
    r->rank_points = NULL;
}

static int td_py_to_rule(PyObject *d, td_rule *r, PyObject **text, const char *where)
{
    const td_rule init = TD_RULE_INIT;
    *r = init;
    if (!PyDict_Check(d)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a dict, got %.100s", where, Py_TYPE(d)->tp_name);
        return -1;
    }
    int kind = 0, step = 0, bands_of = 0, best_of = 0;
    if (td_py_rule_int(d, "kind", &kind, where) < 0 || td_py_rule_int(d, "step", &step, where) < 0 ||
        td_py_rule_int(d, "bands_of", &bands_of, where) < 0 || td_py_rule_int(d, "best_of", &best_of, where) < 0 ||
        td_py_rule_dec(d, "cap", &r->cap, where) < 0 || td_py_rule_dec(d, "at", &r->at, where) < 0 ||
        td_py_rule_dec(d, "deduct", &r->deduct, where) < 0 || td_py_rule_dec(d, "per", &r->per, where) < 0 ||
        td_py_rule_dec(d, "min", &r->min, where) < 0)
        return -1;
    r->kind = (td_rule_kind)kind;
    r->step = (td_shortfall_step)step;
    r->bands_of = (td_bands_of)bands_of;
    r->best_of = (td_best_of)best_of;
    td_decimal *at = NULL, *points = NULL, *rank = NULL;
    size_t n_at = 0, n_points = 0, n_rank = 0;
    PyObject *v;
    if (((v = PyDict_GetItemString(d, "band_at")) != NULL && td_py_decimals(v, &at, &n_at, where) < 0) ||
        ((v = PyDict_GetItemString(d, "band_points")) != NULL && td_py_decimals(v, &points, &n_points, where) < 0) ||
        ((v = PyDict_GetItemString(d, "rank_points")) != NULL && td_py_decimals(v, &rank, &n_rank, where) < 0))
        goto fail;
    if (n_at != n_points) {
        PyErr_Format(PyExc_ValueError, "%s: %zu band 'at' values but %zu band points", where, n_at, n_points);
        goto fail;
    }
    if (n_at > 0) {
        td_band *bands = (td_band *)PyMem_Malloc(n_at * sizeof *bands);
        if (bands == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
        for (size_t i = 0; i < n_at; i++)
            bands[i] = (td_band){at[i], points[i]};
        r->bands = bands;
        r->band_count = n_at;
    }
    PyMem_Free(at);
    PyMem_Free(points);
    r->rank_points = rank;
    r->rank_point_count = n_rank;
    if ((v = PyDict_GetItemString(d, "expr")) != NULL && v != Py_None) {
        if (td_py_as_text(v, &r->expr, where, 0) < 0) {
            td_py_rule_free(r);
            return -1;
        }
        Py_INCREF(v);
        Py_XSETREF(*text, v);
    }
    return 0;
fail:
    PyMem_Free(at);
    PyMem_Free(points);
    PyMem_Free(rank);
    return -1;
}

/*
 * The definitions in one call (td_rulebook_builder_add_criterion_spec()
 * and the others of "Definitions in one call" in thidua/rulebook.h) take
 * their struct as a dict whose keys are the struct's fields; a missing key
 * (or None for an optional one) keeps the default of the struct's _INIT
 * macro, an unknown key is a TypeError. Each text crosses as a UTF-8 bytes
 * object held in `keep` until the call returns, and each array of ids is
 * allocated from PyMem: the td_py_*_spec structs below hold everything the
 * C struct borrows, and their _free() releases it (safe on a struct that
 * was only initialised, or converted half-way).
 */
#define TD_PY_WHERE_SIZE 256

/* "<where>, key '<key>'": where a value of a spec's dict is wrong. */
static const char *td_py_key_where(char *buf, const char *where, const char *key)
{
    snprintf(buf, TD_PY_WHERE_SIZE, "%s, key '%s'", where, key);
    return buf;
}

/* Checks that `d` is a dict whose keys are all in `known` (NULL-terminated). */
static int td_py_spec_dict(PyObject *d, const char *const *known, const char *where)
{
    if (!PyDict_Check(d)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a dict, got %.100s", where, Py_TYPE(d)->tp_name);
        return -1;
    }
    PyObject *key = NULL, *value = NULL;
    Py_ssize_t pos = 0;
    while (PyDict_Next(d, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            PyErr_Format(PyExc_TypeError, "%s: keys are str, got %.100s", where, Py_TYPE(key)->tp_name);
            return -1;
        }
        Py_ssize_t len = 0;
        const char *name = PyUnicode_AsUTF8AndSize(key, &len);
        if (name == NULL)
            return -1;
        size_t i = 0;
        while (known[i] != NULL && !((size_t)len == strlen(known[i]) && memcmp(name, known[i], (size_t)len) == 0))
            i++;
        if (known[i] == NULL) {
            char list[TD_PY_WHERE_SIZE] = "";
            size_t used = 0;
            for (size_t k = 0; known[k] != NULL && used < sizeof list; k++) {
                int n = snprintf(list + used, sizeof list - used, "%s%s", k > 0 ? ", " : "", known[k]);
                if (n < 0)
                    break;
                used += (size_t)n;
            }
            PyErr_Format(PyExc_TypeError, "%s: unknown key %R (known: %s)", where, key, list);
            return -1;
        }
    }
    return 0;
}

/* The UTF-8 bytes of a str, appended to `keep`, whose buffer *out borrows
 * (`none_ok` only says what the message of a wrong type asks for). */
static int td_py_keep_text(PyObject *v, const char **out, PyObject *keep, const char *where, int none_ok)
{
    if (!PyUnicode_Check(v)) {
        PyErr_Format(PyExc_TypeError, "%s: expected str%s, got %.100s", where, none_ok ? " or None" : "",
                     Py_TYPE(v)->tp_name);
        return -1;
    }
    PyObject *bytes = PyUnicode_AsUTF8String(v);
    if (bytes == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
            return -1;
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError, "%s: the text cannot be encoded as UTF-8 (a lone surrogate)", where);
        return -1;
    }
    const char *text = PyBytes_AS_STRING(bytes);
    if ((size_t)PyBytes_GET_SIZE(bytes) != strlen(text)) {
        Py_DECREF(bytes);
        PyErr_Format(PyExc_ValueError, "%s: text contains a NUL character", where);
        return -1;
    }
    int rc = PyList_Append(keep, bytes);
    Py_DECREF(bytes); /* the list holds it */
    if (rc < 0)
        return -1;
    *out = text;
    return 0;
}

/* d[key] as text; absent or None keeps *out. */
static int td_py_spec_text(PyObject *d, const char *key, const char **out, PyObject *keep, const char *where)
{
    PyObject *v = PyDict_GetItemString(d, key);
    char w[TD_PY_WHERE_SIZE];
    if (v == NULL || v == Py_None)
        return 0;
    return td_py_keep_text(v, out, keep, td_py_key_where(w, where, key), 1);
}

/* d[key] as a sequence of text (not a str itself) into a PyMem array that
 * *out owns; absent or None keeps *out NULL and *count 0. */
static int td_py_spec_texts(PyObject *d, const char *key, const char ***out, size_t *count, PyObject *keep,
                            const char *where)
{
    PyObject *v = PyDict_GetItemString(d, key);
    char w[TD_PY_WHERE_SIZE];
    td_py_key_where(w, where, key);
    if (v == NULL || v == Py_None)
        return 0;
    if (PyUnicode_Check(v) || PyBytes_Check(v) || !PySequence_Check(v)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a sequence of str, got %.100s", w, Py_TYPE(v)->tp_name);
        return -1;
    }
    PyObject *seq = PySequence_Fast(v, "expected a sequence of str");
    if (seq == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    *out = (const char **)PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof **out);
    if (*out == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        char item[TD_PY_WHERE_SIZE + 32];
        snprintf(item, sizeof item, "%s, item %zd", w, i);
        if (td_py_keep_text(PySequence_Fast_GET_ITEM(seq, i), &(*out)[i], keep, item, 0) < 0) {
            Py_DECREF(seq);
            return -1;
        }
    }
    Py_DECREF(seq);
    *count = (size_t)n;
    return 0;
}

/* d[key] as a number; absent keeps *out. With `present`, None is allowed
 * too and *present says whether a number was given. */
static int td_py_spec_dec(PyObject *d, const char *key, td_decimal *out, bool *present, const char *where)
{
    PyObject *v = PyDict_GetItemString(d, key);
    char w[TD_PY_WHERE_SIZE];
    if (present != NULL)
        *present = false;
    if (v == NULL || (present != NULL && v == Py_None))
        return 0;
    if (td_py_to_decimal(v, out, td_py_key_where(w, where, key)) < 0)
        return -1;
    if (present != NULL)
        *present = true;
    return 0;
}

/* d[key] as an int in [lo, hi] (not a bool); absent keeps *out. */
static int td_py_spec_int(PyObject *d, const char *key, long long lo, long long hi, long long *out,
                          const char *where)
{
    PyObject *v = PyDict_GetItemString(d, key);
    char w[TD_PY_WHERE_SIZE];
    if (v == NULL)
        return 0;
    td_py_key_where(w, where, key);
    if (PyBool_Check(v) || !PyIndex_Check(v)) {
        PyErr_Format(PyExc_TypeError, "%s: expected an int, got %.100s", w, Py_TYPE(v)->tp_name);
        return -1;
    }
    PyObject *integer = PyNumber_Index(v);
    if (integer == NULL)
        return -1;
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(integer, &overflow);
    if (x == -1 && PyErr_Occurred()) {
        Py_DECREF(integer);
        return -1;
    }
    if (overflow != 0 || x < lo || x > hi) {
        PyErr_Format(PyExc_OverflowError, "%s: %S is out of range", w, integer);
        Py_DECREF(integer);
        return -1;
    }
    Py_DECREF(integer);
    *out = x;
    return 0;
}

/* An enum field: d[key] as an int of C's int range. */
static int td_py_spec_enum(PyObject *d, const char *key, int *out, const char *where)
{
    long long x = *out;
    if (td_py_spec_int(d, key, INT_MIN, INT_MAX, &x, where) < 0)
        return -1;
    *out = (int)x;
    return 0;
}

/* d[key] as a bool (True or False only); absent keeps *out. */
static int td_py_spec_bool(PyObject *d, const char *key, bool *out, const char *where)
{
    PyObject *v = PyDict_GetItemString(d, key);
    char w[TD_PY_WHERE_SIZE];
    if (v == NULL)
        return 0;
    if (!PyBool_Check(v)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a bool, got %.100s", td_py_key_where(w, where, key),
                     Py_TYPE(v)->tp_name);
        return -1;
    }
    *out = v == Py_True;
    return 0;
}

/* A td_bonus from a dict with the keys td_py_from_bonus() gives: per,
 * points, max (None or absent: no cap of its own). */
static int td_py_to_bonus(PyObject *d, td_bonus *b, const char *where)
{
    static const char *const keys[] = {"per", "points", "max", NULL};
    memset(b, 0, sizeof *b);
    if (td_py_spec_dict(d, keys, where) < 0 || td_py_spec_dec(d, "per", &b->per, NULL, where) < 0 ||
        td_py_spec_dec(d, "points", &b->points, NULL, where) < 0 ||
        td_py_spec_dec(d, "max", &b->max, &b->has_max, where) < 0)
        return -1;
    return 0;
}

/* A td_quota from a dict with the keys td_py_from_quota() gives: kind,
 * count, percent, rounding, min; absent keys keep TD_QUOTA_INIT's. */
static int td_py_to_quota(PyObject *d, td_quota *q, const char *where)
{
    static const char *const keys[] = {"kind", "count", "percent", "rounding", "min", NULL};
    const td_quota init = TD_QUOTA_INIT;
    *q = init;
    int kind = (int)q->kind, rounding = (int)q->rounding;
    long long count = q->count, min = q->min;
    if (td_py_spec_dict(d, keys, where) < 0 || td_py_spec_enum(d, "kind", &kind, where) < 0 ||
        td_py_spec_int(d, "count", INT64_MIN, INT64_MAX, &count, where) < 0 ||
        td_py_spec_dec(d, "percent", &q->percent, NULL, where) < 0 ||
        td_py_spec_enum(d, "rounding", &rounding, where) < 0 ||
        td_py_spec_int(d, "min", INT64_MIN, INT64_MAX, &min, where) < 0)
        return -1;
    q->kind = (td_quota_kind)kind;
    q->rounding = (td_rounding)rounding;
    q->count = (int64_t)count;
    q->min = (int64_t)min;
    return 0;
}

/* td_criterion_spec: parent_id, id, name, max, measure, direction, rule (a
 * dict as td_py_to_rule() reads it, or None), bonus (a dict as
 * td_py_to_bonus() reads it, or None). */
typedef struct td_py_criterion_spec {
    td_criterion_spec spec;
    td_rule rule;
    td_bonus bonus;
    PyObject *keep; /* what the texts belong to */
} td_py_criterion_spec;

#define TD_PY_CRITERION_SPEC_INIT {TD_CRITERION_SPEC_INIT, TD_RULE_INIT, {{0, 0, 0}, {0, 0, 0}, false, {0, 0, 0}}, NULL}

static void td_py_criterion_spec_free(td_py_criterion_spec *s)
{
    td_py_rule_free(&s->rule);
    Py_CLEAR(s->keep);
}

static int td_py_to_criterion_spec(PyObject *d, td_py_criterion_spec *s, const char *where)
{
    static const char *const keys[] = {"parent_id", "id", "name", "max", "measure", "direction", "rule", "bonus",
                                       NULL};
    char w[TD_PY_WHERE_SIZE];
    int direction = (int)s->spec.direction;
    if (td_py_spec_dict(d, keys, where) < 0 || (s->keep = PyList_New(0)) == NULL ||
        td_py_spec_text(d, "parent_id", &s->spec.parent_id, s->keep, where) < 0 ||
        td_py_spec_text(d, "id", &s->spec.id, s->keep, where) < 0 ||
        td_py_spec_text(d, "name", &s->spec.name, s->keep, where) < 0 ||
        td_py_spec_dec(d, "max", &s->spec.max, NULL, where) < 0 ||
        td_py_spec_text(d, "measure", &s->spec.measure, s->keep, where) < 0 ||
        td_py_spec_enum(d, "direction", &direction, where) < 0)
        return -1;
    s->spec.direction = (td_direction)direction;
    PyObject *v = PyDict_GetItemString(d, "rule");
    if (v != NULL && v != Py_None) {
        PyObject *text = NULL;
        if (td_py_to_rule(v, &s->rule, &text, td_py_key_where(w, where, "rule")) < 0)
            return -1;
        if (text != NULL) {
            int rc = PyList_Append(s->keep, text);
            Py_DECREF(text);
            if (rc < 0)
                return -1;
        }
        s->spec.rule = &s->rule;
    }
    v = PyDict_GetItemString(d, "bonus");
    if (v != NULL && v != Py_None) {
        if (td_py_to_bonus(v, &s->bonus, td_py_key_where(w, where, "bonus")) < 0)
            return -1;
        s->spec.bonus = &s->bonus;
    }
    return 0;
}

/* td_classification_spec: id, name, min (None: no minimum), when. */
typedef struct td_py_classification_spec {
    td_classification_spec spec;
    PyObject *keep;
} td_py_classification_spec;

#define TD_PY_CLASSIFICATION_SPEC_INIT {TD_CLASSIFICATION_SPEC_INIT, NULL}

static void td_py_classification_spec_free(td_py_classification_spec *s)
{
    Py_CLEAR(s->keep);
}

static int td_py_to_classification_spec(PyObject *d, td_py_classification_spec *s, const char *where)
{
    static const char *const keys[] = {"id", "name", "min", "when", NULL};
    if (td_py_spec_dict(d, keys, where) < 0 || (s->keep = PyList_New(0)) == NULL ||
        td_py_spec_text(d, "id", &s->spec.id, s->keep, where) < 0 ||
        td_py_spec_text(d, "name", &s->spec.name, s->keep, where) < 0 ||
        td_py_spec_dec(d, "min", &s->spec.min, &s->spec.has_min, where) < 0 ||
        td_py_spec_text(d, "when", &s->spec.when, s->keep, where) < 0)
        return -1;
    return 0;
}

/* td_award_spec: id, name, when, quota (a dict as td_py_to_quota() reads
 * it, or None), quota_of, quota_per_group, excludes (a sequence of ids),
 * ballot_min (None: no ballot), ballot_of, order, order_votes. */
typedef struct td_py_award_spec {
    td_award_spec spec;
    td_quota quota;        /* spec.quota points here when given */
    const char **excludes; /* PyMem */
    PyObject *keep;
} td_py_award_spec;

#define TD_PY_AWARD_SPEC_INIT {TD_AWARD_SPEC_INIT, TD_QUOTA_INIT, NULL, NULL}

static void td_py_award_spec_free(td_py_award_spec *s)
{
    PyMem_Free((void *)s->excludes);
    s->excludes = NULL;
    Py_CLEAR(s->keep);
}

static int td_py_to_award_spec(PyObject *d, td_py_award_spec *s, const char *where)
{
    static const char *const keys[] = {"id", "name", "when", "quota", "quota_of", "quota_per_group", "excludes",
                                       "ballot_min", "ballot_of", "order", "order_votes", NULL};
    char w[TD_PY_WHERE_SIZE];
    int ballot_of = (int)s->spec.ballot_of;
    if (td_py_spec_dict(d, keys, where) < 0 || (s->keep = PyList_New(0)) == NULL ||
        td_py_spec_text(d, "id", &s->spec.id, s->keep, where) < 0 ||
        td_py_spec_text(d, "name", &s->spec.name, s->keep, where) < 0 ||
        td_py_spec_text(d, "when", &s->spec.when, s->keep, where) < 0)
        return -1;
    PyObject *v = PyDict_GetItemString(d, "quota");
    if (v != NULL && v != Py_None) {
        if (td_py_to_quota(v, &s->quota, td_py_key_where(w, where, "quota")) < 0)
            return -1;
        s->spec.quota = &s->quota;
    }
    if (td_py_spec_text(d, "quota_of", &s->spec.quota_of, s->keep, where) < 0 ||
        td_py_spec_bool(d, "quota_per_group", &s->spec.quota_per_group, where) < 0 ||
        td_py_spec_texts(d, "excludes", &s->excludes, &s->spec.exclude_count, s->keep, where) < 0 ||
        td_py_spec_dec(d, "ballot_min", &s->spec.ballot_min, &s->spec.has_ballot, where) < 0 ||
        td_py_spec_enum(d, "ballot_of", &ballot_of, where) < 0 ||
        td_py_spec_text(d, "order", &s->spec.order, s->keep, where) < 0 ||
        td_py_spec_bool(d, "order_votes", &s->spec.order_votes, where) < 0)
        return -1;
    s->spec.excludes = s->excludes;
    s->spec.ballot_of = (td_ballot_of)ballot_of;
    return 0;
}

/* td_leader_spec: rule, deputy, order (a sequence of unit ids). */
typedef struct td_py_leader_spec {
    td_leader_spec spec;
    const char **order; /* PyMem */
    PyObject *keep;
} td_py_leader_spec;

#define TD_PY_LEADER_SPEC_INIT {TD_LEADER_SPEC_INIT, NULL, NULL}

static void td_py_leader_spec_free(td_py_leader_spec *s)
{
    PyMem_Free((void *)s->order);
    s->order = NULL;
    Py_CLEAR(s->keep);
}

static int td_py_to_leader_spec(PyObject *d, td_py_leader_spec *s, const char *where)
{
    static const char *const keys[] = {"rule", "deputy", "order", NULL};
    int rule = (int)s->spec.rule, deputy = (int)s->spec.deputy;
    if (td_py_spec_dict(d, keys, where) < 0 || (s->keep = PyList_New(0)) == NULL ||
        td_py_spec_enum(d, "rule", &rule, where) < 0 || td_py_spec_enum(d, "deputy", &deputy, where) < 0 ||
        td_py_spec_texts(d, "order", &s->order, &s->spec.order_count, s->keep, where) < 0)
        return -1;
    s->spec.rule = (td_leader_rule)rule;
    s->spec.deputy = (td_deputy_rule)deputy;
    s->spec.order = s->order;
    return 0;
}

/* Replaces a wrapper's result object (the placeholder None of td_status). */
static PyObject *td_py_replace(PyObject *old, PyObject *value)
{
    Py_XDECREF(old);
    return value;
}
%}

/* ---- status and errors ------------------------------------------------ */

/* The td_error argument disappears from Python; its local shadows the
 * file-level td_py_err (noblock: the declaration must stay in the
 * wrapper's scope for the td_status typemap below). */
%typemap(in, numinputs=0, noblock=1) td_error *err (td_error temp) {
  td_error_clear(&temp);
  $1 = &temp;
  td_error *const td_py_err = $1;
}

/* Every function that returns td_status: a failure raises, success gives
 * None (or the outputs that argout typemaps put in its place). */
%typemap(out, noblock=1) td_status {
  if ($1 != TD_OK) {
    td_py_raise($1, td_py_err);
    SWIG_fail;
  }
  $result = SWIG_Py_Void();
}

/* td_error lives in the wrapper; Python sees exceptions instead. */
%ignore td_error;
%ignore td_error_clear;

/* Python objects use the C library's allocator. */
%ignore td_allocator;
%typemap(in, numinputs=0) const td_allocator *alloc "$1 = NULL;"

/* ---- text ------------------------------------------------------------- */

%typemap(in, noblock=1) const char * (const char *text = NULL) {
  if (td_py_as_text($input, &text, "$symname() argument $argnum", 1) < 0)
    SWIG_fail;
  $1 = ($1_ltype)text;
}
%typemap(freearg) const char * "";

/* A document or number as text with its length: str (sent as UTF-8) or bytes. */
%typemap(in, noblock=1) (const char *text, size_t len) (const char *bytes = NULL) {
  if (td_py_as_buffer($input, &bytes, &$2, "$symname() argument $argnum") < 0)
    SWIG_fail;
  $1 = ($1_ltype)bytes;
}
%typemap(freearg) (const char *text, size_t len) "";

/* Text allocated by the library: returned as bytes (a report may be
 * binary), then released with td_free(), so Python never holds memory it
 * would have to free and td_free() itself is not wrapped. */
%ignore td_free;
%typemap(in, numinputs=0, noblock=1) (char **out, size_t *len) (char *temp = NULL, size_t templen = 0) {
  $1 = &temp;
  $2 = &templen;
}
%typemap(argout, noblock=1) (char **out, size_t *len) {
  $result = td_py_replace($result, PyBytes_FromStringAndSize(*$1 != NULL ? *$1 : "", (Py_ssize_t)*$2));
  td_free(*$1);
  *$1 = NULL;
  if ($result == NULL)
    SWIG_fail;
}
%typemap(freearg, noblock=1) (char **out, size_t *len) {
  td_free(*$1);
}

/* td_decimal_format() and td_decimal_format_fixed() return the text. */
%typemap(in, numinputs=0, noblock=1) (char *buf, size_t size) (char temp[TD_DECIMAL_STRING_SIZE]) {
  temp[0] = '\0';
  $1 = temp;
  $2 = sizeof temp;
}
%typemap(argout, noblock=1) (char *buf, size_t size) {
  $result = td_py_replace($result, td_py_text_or_none($1, "strict"));
  if ($result == NULL)
    SWIG_fail;
}

/* ---- exact decimals ---------------------------------------------------- */

%ignore td_decimal;

%typemap(in, noblock=1) td_decimal {
  if (td_py_to_decimal($input, &$1, "$symname() argument $argnum") < 0)
    SWIG_fail;
}

/* An optional number: None gives NULL ("no cap", "no minimum"). */
%typemap(in, noblock=1) const td_decimal * (td_decimal temp) {
  if ($input == Py_None) {
    $1 = NULL;
  } else {
    if (td_py_to_decimal($input, &temp, "$symname() argument $argnum") < 0)
      SWIG_fail;
    $1 = &temp;
  }
}

/* Only the non-const pointers below are outputs. */
%typemap(argout) const td_decimal *, const td_decimal *max, const td_decimal *out "";

%typemap(out, noblock=1) td_decimal {
  $result = td_py_from_decimal($1);
  if ($result == NULL)
    SWIG_fail;
}

/*
 * A number written through a pointer. For functions that return td_status
 * it is the result; for accessors that return false when there is no value
 * (td_result_target(), td_rulebook_section_max()...), the result is the
 * number or None.
 */
%typemap(in, numinputs=0, noblock=1) td_decimal *out (td_decimal temp), td_decimal *max (td_decimal temp) {
  temp = td_decimal_zero();
  $1 = &temp;
}
%typemap(argout, noblock=1) td_decimal *out, td_decimal *max {
  if ($result == Py_False) {
    $result = td_py_replace($result, SWIG_Py_Void());
  } else {
    $result = td_py_replace($result, td_py_from_decimal(*$1));
    if ($result == NULL)
      SWIG_fail;
  }
}

/* ---- other outputs ----------------------------------------------------- */

%typemap(in, numinputs=0, noblock=1) size_t *index (size_t temp = 0) {
  $1 = &temp;
}
%typemap(argout, noblock=1) size_t *index {
  $result = td_py_replace($result, PyLong_FromSize_t(*$1));
  if ($result == NULL)
    SWIG_fail;
}

%typemap(in, numinputs=0, noblock=1) int64_t *out (int64_t temp = 0) {
  $1 = &temp;
}
%typemap(argout, noblock=1) int64_t *out {
  $result = td_py_replace($result, PyLong_FromLongLong((long long)*$1));
  if ($result == NULL)
    SWIG_fail;
}

/* ---- definitions read back from a rulebook ---------------------------------- */

/* td_rulebook_criterion_rule() and td_rulebook_award_quota() return a dict
 * of the struct's fields; td_rulebook_criterion_bonus() a dict, or None
 * when the criterion has no bonus. td_rulebook_builder_set_rule() takes a
 * td_rule as the same dict. */
%ignore td_rule;
%ignore td_warning;
%typemap(in, numinputs=0, noblock=1) td_warning *out (td_warning temp) {
  memset(&temp, 0, sizeof temp);
  $1 = &temp;
}
/* a dict of the warning, or None when out of range */
%typemap(argout, noblock=1) td_warning *out {
  if ($result == Py_False) {
    $result = td_py_replace($result, SWIG_Py_Void());
  } else {
    $result = td_py_replace($result, td_py_from_warning($1));
    if ($result == NULL)
      SWIG_fail;
  }
}
%ignore td_band;
%ignore td_bonus;
%ignore td_quota;
%typemap(in, numinputs=0, noblock=1) td_rule *out (td_rule temp = TD_RULE_INIT) {
  $1 = &temp;
}
%typemap(argout, noblock=1) td_rule *out {
  $result = td_py_replace($result, td_py_from_rule($1));
  if ($result == NULL)
    SWIG_fail;
}
%typemap(in, noblock=1) const td_rule *rule (td_rule temp = TD_RULE_INIT, PyObject *text = NULL) {
  if (td_py_to_rule($input, &temp, &text, "$symname() argument $argnum") < 0)
    SWIG_fail;
  $1 = &temp;
}
%typemap(freearg, noblock=1) const td_rule *rule {
  td_py_rule_free(&temp$argnum);
  Py_XDECREF(text$argnum);
}

/*
 * The definitions in one call (td_rulebook_builder_add_criterion_spec(),
 * _add_classification_spec(), _add_award_spec() and _set_leader_spec()) take
 * their struct as a dict of its fields but `version` (the wrapper sets it):
 *
 *   criterion:      parent_id, id, name, max, measure, direction, rule (the
 *                   dict of td_rule above, or None), bonus ({per, points,
 *                   max}, or None)
 *   classification: id, name, min (None: no minimum), when
 *   award:          id, name, when, quota ({kind, count, percent, rounding,
 *                   min}, or None), quota_of, quota_per_group, excludes (a
 *                   sequence of award ids), ballot_min (None: no ballot),
 *                   ballot_of, order, order_votes
 *   leader:         rule, deputy, order (a sequence of unit ids)
 *
 * A missing key keeps the default of the struct's _INIT macro; an unknown
 * key, or a value of the wrong type, raises TypeError (ValueError for text
 * holding a NUL character) naming the key. The texts and arrays the struct
 * borrows live in the td_py_*_spec helper until the call returns.
 */
%ignore td_criterion_spec;
%ignore td_classification_spec;
%ignore td_award_spec;
%ignore td_leader_spec;
%typemap(in, noblock=1) const td_criterion_spec *spec (td_py_criterion_spec temp = TD_PY_CRITERION_SPEC_INIT) {
  if (td_py_to_criterion_spec($input, &temp, "$symname() argument $argnum") < 0)
    SWIG_fail;
  $1 = &temp.spec;
}
%typemap(freearg, noblock=1) const td_criterion_spec *spec {
  td_py_criterion_spec_free(&temp$argnum);
}
%typemap(in, noblock=1) const td_classification_spec *spec (td_py_classification_spec temp = TD_PY_CLASSIFICATION_SPEC_INIT) {
  if (td_py_to_classification_spec($input, &temp, "$symname() argument $argnum") < 0)
    SWIG_fail;
  $1 = &temp.spec;
}
%typemap(freearg, noblock=1) const td_classification_spec *spec {
  td_py_classification_spec_free(&temp$argnum);
}
%typemap(in, noblock=1) const td_award_spec *spec (td_py_award_spec temp = TD_PY_AWARD_SPEC_INIT) {
  if (td_py_to_award_spec($input, &temp, "$symname() argument $argnum") < 0)
    SWIG_fail;
  $1 = &temp.spec;
}
%typemap(freearg, noblock=1) const td_award_spec *spec {
  td_py_award_spec_free(&temp$argnum);
}
%typemap(in, noblock=1) const td_leader_spec *spec (td_py_leader_spec temp = TD_PY_LEADER_SPEC_INIT) {
  if (td_py_to_leader_spec($input, &temp, "$symname() argument $argnum") < 0)
    SWIG_fail;
  $1 = &temp.spec;
}
%typemap(freearg, noblock=1) const td_leader_spec *spec {
  td_py_leader_spec_free(&temp$argnum);
}
%typemap(in, numinputs=0, noblock=1) td_quota *out (td_quota temp = TD_QUOTA_INIT) {
  $1 = &temp;
}
%typemap(argout, noblock=1) td_quota *out {
  $result = td_py_replace($result, td_py_from_quota($1));
  if ($result == NULL)
    SWIG_fail;
}
%typemap(in, numinputs=0, noblock=1) td_bonus *out (td_bonus temp) {
  memset(&temp, 0, sizeof temp);
  $1 = &temp;
}
%typemap(argout, noblock=1) td_bonus *out {
  if ($result == Py_False) {
    $result = td_py_replace($result, SWIG_Py_Void());
  } else {
    $result = td_py_replace($result, td_py_from_bonus($1));
    if ($result == NULL)
      SWIG_fail;
  }
}

/* ---- expressions --------------------------------------------------------- */

/*
 * td_expr_compile()'s options: None for the defaults, or a mapping with
 * any of "variables" (a sequence of str), "max_bytes" and "max_depth". The
 * names live in a tuple the wrapper holds until the call returns.
 */
%ignore td_expr_options;
%ignore td_expr_options_init;
%typemap(in, noblock=1) const td_expr_options *opts (td_expr_options temp, PyObject *names = NULL, const char **vars = NULL) {
  if ($input == Py_None) {
    $1 = NULL;
  } else {
    if (td_py_expr_options($input, &temp, &names, &vars, "$symname() argument $argnum") < 0)
      SWIG_fail;
    $1 = &temp;
  }
}
%typemap(freearg, noblock=1) const td_expr_options *opts {
  PyMem_Free(vars$argnum);
  Py_XDECREF(names$argnum);
}

/* The values of host variables: a sequence of numbers, or None for none. */
%typemap(in, noblock=1) (const td_decimal *values, size_t value_count) (td_decimal *temp = NULL) {
  if (td_py_decimals($input, &temp, &$2, "$symname() argument $argnum") < 0)
    SWIG_fail;
  $1 = temp;
}
%typemap(freearg, noblock=1) (const td_decimal *values, size_t value_count) {
  PyMem_Free(temp$argnum);
}

/* A value: decimal.Decimal, bool or str by its type. */
%ignore td_value;
%typemap(in, numinputs=0, noblock=1) td_value *out (td_value temp) {
  memset(&temp, 0, sizeof temp);
  $1 = &temp;
}
%typemap(argout, noblock=1) td_value *out {
  $result = td_py_replace($result, td_py_from_value($1));
  if ($result == NULL)
    SWIG_fail;
}

/* td_expr_explain(): Python gives the buffer size and gets (text, needed);
 * text is complete when needed < size. */
%typemap(in, noblock=1) (char *buf, size_t size, size_t *needed) (size_t tempneeded = 0) {
  $2 = PyLong_AsSize_t($input);
  if ($2 == (size_t)-1 && PyErr_Occurred())
    SWIG_fail;
  $1 = (char *)PyMem_Malloc($2 > 0 ? $2 : 1);
  if ($1 == NULL) {
    PyErr_NoMemory();
    SWIG_fail;
  }
  $1[0] = '\0';
  $3 = &tempneeded;
}
%typemap(argout, noblock=1) (char *buf, size_t size, size_t *needed) {
  $result = td_py_replace($result, Py_BuildValue("(Nn)", td_py_text_or_none($1, "replace"), (Py_ssize_t)*$3));
  if ($result == NULL)
    SWIG_fail;
}
%typemap(freearg, noblock=1) (char *buf, size_t size, size_t *needed) {
  PyMem_Free($1);
}

/* ---- reports ----------------------------------------------------------- */

#ifdef TD_SWIG_WITH_IO
%{
/* td_report_options from a mapping. The unit's text belongs to its str,
 * which *unit holds until the call returns: the call runs without the GIL,
 * and another thread could replace the mapping's value meanwhile. */
static int td_py_report_options(PyObject *o, td_report_options *opts, PyObject **unit, const char *where)
{
    if (!PyDict_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s: expected None or a dict, got %.100s", where, Py_TYPE(o)->tp_name);
        return -1;
    }
    td_report_options_init(opts, TD_REPORT_OPTIONS_VERSION);
    PyObject *key = NULL, *value = NULL;
    Py_ssize_t pos = 0;
    while (PyDict_Next(o, &pos, &key, &value)) {
        const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        if (name == NULL) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_TypeError, "%s: option names are str", where);
            return -1;
        }
        if (strcmp(name, "lang") == 0) {
            /* passed on as given: the library refuses an unknown language */
            long lang = PyLong_AsLong(value);
            if (lang == -1 && PyErr_Occurred())
                return -1;
            if (lang < INT_MIN || lang > INT_MAX) {
                PyErr_Format(PyExc_OverflowError, "%s: lang %ld is out of range", where, lang);
                return -1;
            }
            opts->lang = (td_lang)lang;
        } else if (strcmp(name, "unit") == 0) {
            if (td_py_as_text(value, &opts->unit, where, 1) < 0)
                return -1;
            Py_INCREF(value);
            Py_XSETREF(*unit, value);
        } else if (strcmp(name, "width") == 0) {
            /* passed on as given: the library refuses 1 to 39 */
            unsigned long width = PyLong_AsUnsignedLong(value);
            if (width == (unsigned long)-1 && PyErr_Occurred())
                return -1;
            if (width > UINT_MAX) {
                PyErr_Format(PyExc_OverflowError, "%s: width %lu is out of range", where, width);
                return -1;
            }
            opts->width = (unsigned int)width;
        } else if (strcmp(name, "excel") == 0) {
            int excel = PyObject_IsTrue(value);
            if (excel < 0)
                return -1;
            opts->excel = excel != 0;
        } else {
            PyErr_Format(PyExc_TypeError, "%s: unknown option '%s' (known: lang, unit, excel, width)", where, name);
            return -1;
        }
    }
    return 0;
}
%}
#endif

/* td_report_write(): the sink is a Python object's write() method (a
 * binary file, io.BytesIO, sys.stdout.buffer), called with bytes objects;
 * an exception it raises stops the report and is the one raised. The call
 * keeps the GIL (it calls Python). */
%{
#include <errno.h>

static int td_py_write_sink(void *ctx, const void *bytes, size_t len)
{
    PyObject *data = PyBytes_FromStringAndSize((const char *)bytes, (Py_ssize_t)len);
    PyObject *r = data != NULL ? PyObject_CallMethod((PyObject *)ctx, "write", "O", data) : NULL;
    Py_XDECREF(data);
    if (r == NULL)
        return EIO;
    Py_DECREF(r);
    return 0;
}
%}
%typemap(in, noblock=1) (td_report_sink sink, void *ctx) {
  if (!PyObject_HasAttrString($input, "write")) {
    PyErr_Format(PyExc_TypeError, "$symname(): expected an object with a write() method, got %s",
                 Py_TYPE($input)->tp_name);
    SWIG_fail;
  }
  $1 = td_py_write_sink;
  $2 = $input;
}

/* td_report_render() and td_report_write_file() options: None for the
 * defaults, or a mapping with "lang" (a td_lang), "unit" (str) and
 * "excel" (bool: the CSV for Excel in a Vietnamese locale) and "width"
 * (int: the table's most columns, 0 no limit). */
%ignore td_report_options;
%ignore td_report_options_init;
%typemap(in, noblock=1) const td_report_options *opts (td_report_options temp, PyObject *unit = NULL) {
  if ($input == Py_None) {
    $1 = NULL;
  } else {
    if (td_py_report_options($input, &temp, &unit, "$symname() argument $argnum") < 0)
      SWIG_fail;
    $1 = &temp;
  }
}
%typemap(freearg, noblock=1) const td_report_options *opts {
  Py_XDECREF(unit$argnum);
}

%typemap(in, numinputs=0, noblock=1) td_report_format *out (td_report_format temp = TD_REPORT_FORMAT_TABLE) {
  $1 = &temp;
}
%typemap(argout, noblock=1) td_report_format *out {
  $result = td_py_replace($result, PyLong_FromLong((long)*$1));
  if ($result == NULL)
    SWIG_fail;
}

/* ---- owned objects ----------------------------------------------------- */

/*
 * TD_HANDLE(TYPE, FREE): an opaque library object as a Python proxy.
 * Objects that come back through `TYPE **out` are owned by Python: the
 * proxy frees them when it is collected. FREE() may be called earlier; it
 * takes the object from its proxy (which then holds NULL, which every
 * accessor of the library accepts), and refuses an object that Python does
 * not own (freed already, or borrowed from another object), so nothing is
 * ever freed twice.
 */
%define TD_HANDLE(TYPE, FREE)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
  ~TYPE() { FREE($self); }
}
%delobject FREE;

%typemap(in, numinputs=0, noblock=1) TYPE **out (TYPE *temp = NULL) {
  $1 = &temp;
}
%typemap(argout, noblock=1) TYPE **out {
  $result = td_py_replace($result, SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $*descriptor, SWIG_POINTER_OWN));
  if ($result == NULL) {
    FREE(*$1);
    SWIG_fail;
  }
}

%typemap(in, noblock=1) TYPE *(void *argp = 0, int res = 0) {
  res = SWIG_ConvertPtr($input, &argp, $descriptor, $disown | ($disown ? SWIG_POINTER_CLEAR : 0));
  if (res == SWIG_ERROR_RELEASE_NOT_OWNED) {
    PyErr_SetString(PyExc_ValueError, "$symname(): the object is not owned by Python (freed already, or borrowed from another object)");
    SWIG_fail;
  }
  if (!SWIG_IsOK(res)) {
    %argument_fail(res, "$type", $symname, $argnum);
  }
  $1 = ($ltype)argp;
}
%enddef
