/*
 * report_dump OUTDIR: writes every report of the test fixtures into OUTDIR
 * (NAME.LANG.FORMAT, e.g. lai.vi.json), for check_reports.py to read back
 * with independent parsers (json, csv, html.parser, zipfile). In a build
 * without libxlsxwriter (TD_HAVE_XLSX 0) no .xlsx is written: the format
 * must be refused with TD_EINVAL and no file made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_fixture.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: report_dump OUTDIR\n");
        return 2;
    }
    struct {
        const char *name;
        td_result *(*make)(void);
        const char *unit;
    } cases[] = {{"lai", lai_chau_result, "tam-duong"}, {"awards", awards_result, "c"}, {"nasty", nasty_result, "q"},
                 {"many", many_awards_result, "u2"}};
    const char *langs[] = {"vi", "en"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        td_result *res = cases[i].make();
        for (int l = 0; l < 2; l++)
            for (int f = TD_REPORT_FORMAT_TABLE; f <= TD_REPORT_FORMAT_EXPLAIN; f++) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%s.%s.%s", argv[1], cases[i].name, langs[l],
                         td_report_format_name((td_report_format)f));
                td_report_options o = TD_REPORT_OPTIONS_INIT;
                o.lang = (td_lang)l;
                o.unit = cases[i].unit;
                td_error e;
                if (!TD_HAVE_XLSX && f == TD_REPORT_FORMAT_XLSX) {
                    td_status rc = td_report_write_file(res, TD_REPORT_FORMAT_XLSX, &o, path, &e);
                    FILE *made = fopen(path, "rb");
                    if (rc != TD_EINVAL || made != NULL) {
                        fprintf(stderr, "%s: a build without libxlsxwriter gave %d and %s a file\n", path, (int)rc,
                                made != NULL ? "made" : "no");
                        if (made != NULL)
                            fclose(made);
                        return 1;
                    }
                    continue;
                }
                if (td_report_write_file(res, (td_report_format)f, &o, path, &e) != TD_OK) {
                    fprintf(stderr, "%s: %s\n", path, e.message);
                    return 1;
                }
            }
        td_result_free(res);
    }
    return 0;
}
