/*
 * thidua.i — the single source of the low-level module thidua._thidua.
 *
 * It wraps the public C API as it is, one Python function per C function,
 * and changes only how values cross (typemaps.i):
 *
 *   - a failing td_status raises thidua.errors.Error (a subclass per code)
 *     carrying the td_error's message, file, line and column; the td_error
 *     argument disappears from the Python signature;
 *   - `T **out` arguments disappear and the object comes back as the
 *     return value, owned by Python (freed by the garbage collector, or
 *     earlier by td_T_free(), after which the proxy holds NULL);
 *   - td_decimal crosses as decimal.Decimal through its exact text;
 *   - text is UTF-8 str; library-allocated text comes back as bytes or str
 *     and is released with td_free();
 *   - the GIL is released while the library loads, evaluates and
 *     renders, so Python threads run those in parallel (objects.i).
 *
 * The friendly API is the pure Python package around this module
 * (bindings/python/thidua/); nobody needs to see these proxies.
 */
%module(package="thidua", threads="1") _thidua

/* Release the GIL only around the calls that do real work (listed at the
 * end), not around every accessor. */
%nothread;

/* Docstrings: the argument names as Python sees them, then the header's
 * doc comment (swig -doxygen). */
%feature("autodoc", "0");

/* Keep headers as the C compiler sees them, but without the export marker. */
#define TD_EXTERN

%include <stdint.i>

%{
#include <thidua/thidua.h>
%}

%include "typemaps.i"
%include "objects.i"

%include "thidua/common.h"
%include "thidua/decimal.h"
%include "thidua/rulebook.h"
%include "thidua/cluster.h"
%include "thidua/result.h"
%include "thidua/expr.h"
%include "columns.i"
#ifdef TD_SWIG_WITH_IO
%include "thidua/io.h"
%include "thidua/report.h"
#endif
