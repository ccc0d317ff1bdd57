/*
 * Built without libzip and expat (THIDUA_XLSX_INPUT off): xlsx workbooks
 * are refused with a clear error (thidua/features.h: TD_HAVE_XLSX_INPUT 0).
 */
#include "dataset.h"

td_status td_xlsx_read(const char *file, const char *bytes, size_t len, const td_limits *limits, td_arena *arena,
                       const td_allocator *a, td_dparts *p, td_error *err)
{
    (void)bytes, (void)len, (void)limits, (void)arena, (void)a, (void)p;
    return td_error_set_at(err, TD_EINVAL, file, 0, 0,
                           "this build of thidua reads no xlsx workbooks (built without libzip and expat); save "
                           "the sheets as CSV");
}
