/*
 * thidua/columns.h for Python: each column crosses in one call.
 *
 * td_result_decimals() gives a list (Decimal, or None when absent),
 * td_result_doubles() the bytes of a float64 array (numpy.frombuffer),
 * td_result_export_arrow() a pair of PyCapsules "arrow_schema" and
 * "arrow_array" (the Arrow PyCapsule interface, which pyarrow, polars and
 * nanoarrow read): a capsule whose struct was not moved out by a consumer
 * releases it when collected. td_cluster_add_arrow() takes such a pair.
 */

%ignore ArrowSchema;
%ignore ArrowArray;
%ignore td_result_decimals;
%ignore td_result_doubles;
%ignore td_result_export_arrow;
%ignore td_cluster_add_arrow;

%{
/* Room for the n values of a column (at least one entry). */
static void *td_py_column_alloc(size_t n, size_t size)
{
    if (n > PY_SSIZE_T_MAX / (size > 0 ? size : 1))
        return NULL;
    return PyMem_Malloc((n > 0 ? n : 1) * size);
}

static PyObject *td_py_result_decimals(const td_result *result, td_result_field field, size_t criterion)
{
    size_t n = td_result_member_count(result);
    td_decimal *values = td_py_column_alloc(n, sizeof *values);
    bool *present = td_py_column_alloc(n, sizeof *present);
    PyObject *list = NULL;
    if (values == NULL || present == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    td_error err;
    td_error_clear(&err);
    td_status rc = td_result_decimals(values, present, n, result, field, criterion, &err);
    if (rc != TD_OK) {
        td_py_raise(rc, &err);
        goto done;
    }
    list = PyList_New((Py_ssize_t)n);
    for (size_t m = 0; list != NULL && m < n; m++) {
        PyObject *item = present[m] ? td_py_from_decimal(values[m]) : (Py_INCREF(Py_None), Py_None);
        if (item == NULL)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)m, item);
    }
done:
    PyMem_Free(values);
    PyMem_Free(present);
    return list;
}

static PyObject *td_py_result_doubles(const td_result *result, td_result_field field, size_t criterion)
{
    size_t n = td_result_member_count(result);
    if (n > PY_SSIZE_T_MAX / sizeof(double))
        return PyErr_NoMemory();
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(n * sizeof(double)));
    if (bytes == NULL)
        return NULL;
    td_error err;
    td_error_clear(&err);
    /* a NULL result has no members: the library names the fault */
    double none;
    td_status rc = td_result_doubles(n > 0 ? (double *)(void *)PyBytes_AS_STRING(bytes) : &none, n, result,
                                     field, criterion, &err);
    if (rc != TD_OK) {
        Py_DECREF(bytes);
        td_py_raise(rc, &err);
        return NULL;
    }
    return bytes;
}

static void td_py_schema_capsule_free(PyObject *capsule)
{
    struct ArrowSchema *schema = (struct ArrowSchema *)PyCapsule_GetPointer(capsule, "arrow_schema");
    if (schema != NULL && schema->release != NULL)
        schema->release(schema);
    PyMem_Free(schema);
}

static void td_py_array_capsule_free(PyObject *capsule)
{
    struct ArrowArray *array = (struct ArrowArray *)PyCapsule_GetPointer(capsule, "arrow_array");
    if (array != NULL && array->release != NULL)
        array->release(array);
    PyMem_Free(array);
}

static PyObject *td_py_result_export_arrow(const td_result *result, td_result_field field, size_t criterion, int scale)
{
    struct ArrowSchema *schema = PyMem_Malloc(sizeof *schema);
    struct ArrowArray *array = PyMem_Malloc(sizeof *array);
    if (schema == NULL || array == NULL) {
        PyMem_Free(schema);
        PyMem_Free(array);
        return PyErr_NoMemory();
    }
    td_error err;
    td_error_clear(&err);
    td_status rc = td_result_export_arrow(array, schema, result, field, criterion, scale, &err);
    if (rc != TD_OK) {
        PyMem_Free(schema);
        PyMem_Free(array);
        td_py_raise(rc, &err);
        return NULL;
    }
    /* from here each capsule owns its struct, released or not */
    PyObject *s = PyCapsule_New(schema, "arrow_schema", td_py_schema_capsule_free);
    if (s == NULL) {
        schema->release(schema);
        PyMem_Free(schema);
        array->release(array);
        PyMem_Free(array);
        return NULL;
    }
    PyObject *a = PyCapsule_New(array, "arrow_array", td_py_array_capsule_free);
    if (a == NULL) {
        Py_DECREF(s);
        array->release(array);
        PyMem_Free(array);
        return NULL;
    }
    return Py_BuildValue("(NN)", s, a);
}

/* td_cluster_add_arrow() from the capsules of __arrow_c_array__(): they
 * stay their owner's (the batch is only read). */
static PyObject *td_py_cluster_add_arrow(td_cluster *cluster, PyObject *schema, PyObject *batch)
{
    const struct ArrowSchema *s = PyCapsule_GetPointer(schema, "arrow_schema");
    const struct ArrowArray *a = s != NULL ? PyCapsule_GetPointer(batch, "arrow_array") : NULL;
    if (s == NULL || a == NULL)
        return NULL; /* PyCapsule_GetPointer set a ValueError or TypeError */
    td_error err;
    td_error_clear(&err);
    td_status rc = td_cluster_add_arrow(cluster, s, a, &err);
    if (rc != TD_OK) {
        td_py_raise(rc, &err);
        return NULL;
    }
    Py_RETURN_NONE;
}
%}

%typemap(in, numinputs=0, noblock=1) td_result_field *out (td_result_field temp = TD_RESULT_FIELD_TOTAL) {
  $1 = &temp;
}
%typemap(argout, noblock=1) td_result_field *out {
  $result = td_py_replace($result, PyLong_FromLong((long)*$1));
  if ($result == NULL)
    SWIG_fail;
}

%rename(td_cluster_add_arrow) td_py_cluster_add_arrow;
PyObject *td_py_cluster_add_arrow(td_cluster *cluster, PyObject *schema, PyObject *batch);
%rename(td_result_decimals) td_py_result_decimals;
%rename(td_result_doubles) td_py_result_doubles;
%rename(td_result_export_arrow) td_py_result_export_arrow;
PyObject *td_py_result_decimals(const td_result *result, td_result_field field, size_t criterion);
PyObject *td_py_result_doubles(const td_result *result, td_result_field field, size_t criterion);
PyObject *td_py_result_export_arrow(const td_result *result, td_result_field field, size_t criterion, int scale);

%include "thidua/columns.h"
