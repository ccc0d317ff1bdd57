# The report writers (include/thidua/report.h): utf8proc for display widths
# and NFC, libxlsxwriter for the xlsx workbook.
list(APPEND THIDUA_IO_SOURCES
  io/report.c
  io/report_util.c
  io/report_grid.c
  io/report_text.c
  io/report_json.c
  io/report_csv.c
  io/report_html.c
  io/report_svg.c
  io/report_xlsx.c
)
list(APPEND THIDUA_IO_PKGS libutf8proc xlsxwriter)
