/*
 * The PDF report in a build without Cairo and Pango (CMake THIDUA_PDF=OFF):
 * refused, saying why, so that the format's name stays known everywhere.
 */
#include "error.h"
#include "report_internal.h"

td_status td_report__pdf(const td_result *res, const td_report_options *o, td_buf *out, td_error *err)
{
    (void)res;
    (void)o;
    (void)out;
    return td_error_set(err, TD_EINVAL,
                        "report: this build of thidua has no PDF report (built without Cairo and Pango, "
                        "THIDUA_PDF=OFF)");
}
