/*
 * The xlsx report and the input workbook of `thidua template` in a build
 * without libxlsxwriter (CMake THIDUA_XLSX=OFF): refused, saying why, so
 * that the format's name stays known everywhere. The checks refuse them
 * before any file is made, as the size checks of report_xlsx.c and
 * template_xlsx.c do.
 */
#include "error.h"
#include "report_internal.h"

td_status td_report__xlsx_check(const td_result *res, const td_report_options *o, td_error *err)
{
    (void)res;
    (void)o;
    return td_error_set(err, TD_EINVAL,
                        "report: this build of thidua has no xlsx report (built without libxlsxwriter, "
                        "THIDUA_XLSX=OFF)");
}

td_status td_report__xlsx_file(const td_result *res, const td_report_options *o, const char *path,
                               const char *shown, td_error *err)
{
    (void)path;
    (void)shown;
    return td_report__xlsx_check(res, o, err);
}

td_status td_report__template_check(const td_rulebook *rb, const td_cluster *cluster, td_error *err)
{
    (void)rb;
    (void)cluster;
    return td_error_set(err, TD_EINVAL,
                        "template: this build of thidua has no xlsx input template (built without "
                        "libxlsxwriter, THIDUA_XLSX=OFF)");
}

td_status td_report__template_file(const td_rulebook *rb, const td_cluster *cluster, td_lang lang,
                                   const char *path, const char *shown, td_error *err)
{
    (void)lang;
    (void)path;
    (void)shown;
    return td_report__template_check(rb, cluster, err);
}
