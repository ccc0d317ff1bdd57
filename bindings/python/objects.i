/*
 * objects.i — the library's objects as Python proxies: who owns what, the
 * option structs, and the calls that release the GIL. Included by thidua.i
 * after typemaps.i, before the headers.
 */

TD_HANDLE(td_rulebook_builder, td_rulebook_builder_free)
TD_HANDLE(td_rulebook, td_rulebook_free)
TD_HANDLE(td_cluster, td_cluster_free)
TD_HANDLE(td_result, td_result_free)

/* Objects borrowed from another object: a result's rulebook, a roll-up's
 * child rulebook, a cluster's child data, a result's evaluation of a
 * roll-up's children. The proxy keeps its owner (the first argument)
 * alive, and the free functions refuse it (Python does not own it). */
%define TD_BORROWED(TYPE, FUNC)
%typemap(out, noblock=1) const TYPE *FUNC {
  $result = SWIG_NewPointerObj(SWIG_as_voidptr($1), $descriptor, 0);
  if ($result != NULL && $result != Py_None &&
      PyObject_SetAttrString($result, "_thidua_owner", swig_obj[0]) < 0) {
    Py_CLEAR($result);
    SWIG_fail;
  }
}
%enddef
TD_BORROWED(td_rulebook, td_result_rulebook)
TD_BORROWED(td_rulebook, td_rulebook_rollup_child)
TD_BORROWED(td_cluster, td_cluster_children)
TD_BORROWED(td_result, td_result_rollup_children)

/* td_cluster_set_children() takes the child data over when it succeeds
 * (and leaves it to the caller when it fails): the proxy must own it
 * before the call, and gives it up after a success, holding NULL from
 * then on, so that the object is freed once, with its new owner. */
%typemap(in, noblock=1) td_cluster *children (void *argp = 0, int res = 0) {
  res = SWIG_ConvertPtr($input, &argp, $descriptor, 0);
  if (!SWIG_IsOK(res)) {
    %argument_fail(res, "$type", $symname, $argnum);
  }
  if (argp != NULL) {
    SwigPyObject *sobj = SWIG_Python_GetSwigThis($input);
    if (sobj == NULL || !sobj->own) {
      PyErr_SetString(PyExc_ValueError, "$symname(): the children are not owned by Python (borrowed from another object, or handed over already)");
      SWIG_fail;
    }
  }
  $1 = ($ltype)argp;
}
%typemap(argout, noblock=1) td_cluster *children {
  if (!SWIG_IsOK(SWIG_ConvertPtr($input, NULL, $descriptor, SWIG_POINTER_RELEASE))) {
    PyErr_SetString(PyExc_SystemError, "$symname(): the children changed owner during the call");
    SWIG_fail;
  }
}

/* Option structs: built with their defaults by the constructor (the
 * library's _init function), so the version field is always right. Python
 * objects use the C library's allocator. */
%ignore td_eval_options::allocator;
%immutable td_eval_options::version;
%extend td_eval_options {
  td_eval_options() {
    td_eval_options *opts = (td_eval_options *)calloc(1, sizeof *opts);
    if (opts != NULL)
      td_eval_options_init(opts, TD_EVAL_OPTIONS_VERSION);
    return opts;
  }
  ~td_eval_options() { free($self); }
}

/* The calls that do real work run without the GIL. The call keeps its
 * arguments alive; what it reads is immutable (a rulebook, a result, an
 * expression) or kept from changing by the package (thidua.Cluster refuses
 * changes while it is evaluated; a dataset never leaves the function that
 * fills it). td_rulebook_builder_build() keeps the GIL: a builder is
 * mutable, another thread could change it while the library reads it, and
 * building takes milliseconds. */
%thread td_evaluate;

TD_HANDLE(td_expr, td_expr_free)
%thread td_expr_compile;
%thread td_expr_eval;
%thread td_expr_explain;

#ifdef TD_SWIG_WITH_IO
TD_HANDLE(td_dataset, td_dataset_free)
%ignore td_load_options::allocator;
%immutable td_load_options::version;
%extend td_load_options {
  td_load_options() {
    td_load_options *opts = (td_load_options *)calloc(1, sizeof *opts);
    if (opts != NULL)
      td_load_options_init(opts, TD_LOAD_OPTIONS_VERSION);
    return opts;
  }
  ~td_load_options() { free($self); }
}
%thread td_rulebook_load_file;
%thread td_rulebook_load_string;
%thread td_rulebook_to_yaml;
%thread td_dataset_add_file;
%thread td_dataset_add_string;
%thread td_dataset_to_cluster;
%thread td_cluster_load_file;
%thread td_report_render;
%thread td_report_write_file;
%thread td_template_render;
%thread td_template_write_file;
#endif
