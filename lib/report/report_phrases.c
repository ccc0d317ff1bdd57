/*
 * The report writers' phrase catalogue: every fixed text of the reports,
 * Vietnamese then English, one entry per td_report_phrase in the enum's
 * order (report_phrases.h says how texts are used; docs/architecture.md,
 * "Explanation wording", how to change them). Symbols that read the same
 * in both languages (" · ", "–", " — ") are not phrases: the writers
 * write them.
 */
#include "report_phrases.h"

const td_report_phrase_entry td_report__phrases[] = {
    /* the page */
    {TD_RP_LANGUAGE_TAG, {"vi", "en"}},
    {TD_RP_PERIOD, {"Năm", "Period"}},
    {TD_RP_PERIOD_LOWER, {"năm", "period"}},
    {TD_RP_RULEBOOK, {"Bảng điểm", "Rulebook"}},
    {TD_RP_GENERATED_BY, {"Lập bằng thidua", "Made with thidua"}},

    /* how numbers are written: Vietnamese "1.234,5", English "1234.5" (no
     * thousands separator: the English reports stay as they were); in a
     * Vietnamese explanation "min(0,95; 1)", since "min(0,95, 1)" would
     * leave the reader to guess which comma is the decimal mark */
    {TD_RP_DECIMAL_MARK, {",", "."}},
    {TD_RP_THOUSANDS_SEPARATOR, {".", ""}},
    {TD_RP_NUMBER_SEPARATOR, {"; ", ", "}},
    /* the administrative blocks of a council document: the national
     * heading, and the date line "Lai Châu, ngày 05 tháng 02 năm 2024" /
     * "Lai Châu, dated 05 February 2024" (days below 10 and the months
     * January and February take a leading 0, as Vietnamese administrative
     * documents write them) */
    {TD_RP_STATE_NAME, {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"}},
    {TD_RP_STATE_MOTTO, {"Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"}},
    {TD_RP_DATE_LEAD, {"ngày", "dated"}},
    {TD_RP_MONTH_1, {"tháng 01 năm", "January"}},
    {TD_RP_MONTH_2, {"tháng 02 năm", "February"}},
    {TD_RP_MONTH_3, {"tháng 3 năm", "March"}},
    {TD_RP_MONTH_4, {"tháng 4 năm", "April"}},
    {TD_RP_MONTH_5, {"tháng 5 năm", "May"}},
    {TD_RP_MONTH_6, {"tháng 6 năm", "June"}},
    {TD_RP_MONTH_7, {"tháng 7 năm", "July"}},
    {TD_RP_MONTH_8, {"tháng 8 năm", "August"}},
    {TD_RP_MONTH_9, {"tháng 9 năm", "September"}},
    {TD_RP_MONTH_10, {"tháng 10 năm", "October"}},
    {TD_RP_MONTH_11, {"tháng 11 năm", "November"}},
    {TD_RP_MONTH_12, {"tháng 12 năm", "December"}},
    {TD_RP_PAGE, {"Trang", "Page"}},

    /* parts of a report, sheets of the workbook, charts */
    {TD_RP_RANKING, {"Xếp hạng", "Ranking"}},
    {TD_RP_SUMMARY, {"Tổng hợp", "Summary"}},
    {TD_RP_CRITERION_POINTS, {"Điểm tiêu chí", "Criterion points"}},
    {TD_RP_AWARDS, {"Khen thưởng", "Awards"}},
    {TD_RP_DETAILS, {"Chi tiết", "Details"}},
    {TD_RP_EXPLANATION, {"Giải thích", "Explanation"}},
    {TD_RP_NEXT_LEADER, {"Cụm trưởng năm sau", "Next period's leader"}},
    {TD_RP_NEXT_DEPUTY, {"Cụm phó năm sau", "Next period's deputy"}},
    /* a block's leader and deputy (khối thi đua); English names neither */
    {TD_RP_NEXT_LEADER_BLOCK, {"Khối trưởng năm sau", "Next period's leader"}},
    {TD_RP_NEXT_DEPUTY_BLOCK, {"Khối phó năm sau", "Next period's deputy"}},
    {TD_RP_TOTALS_CHART, {"Tổng điểm theo đơn vị", "Total points by member"}},
    {TD_RP_ATTAINMENT_CHART, {"Tỷ lệ hoàn thành chỉ tiêu theo tiêu chí", "Attainment of targets by criterion"}},

    /* column headings and item labels */
    {TD_RP_RANK, {"Hạng", "Rank"}},
    {TD_RP_UNIT, {"Mã đơn vị", "Unit"}},
    {TD_RP_NAME, {"Đơn vị", "Name"}},
    {TD_RP_ITEM_NAME, {"Nội dung", "Name"}},
    {TD_RP_TOTAL, {"Tổng điểm", "Total"}},
    {TD_RP_BASE, {"Điểm cơ bản", "Base"}},
    {TD_RP_BONUS, {"Điểm thưởng", "Bonus"}},
    {TD_RP_DEDUCTION, {"Điểm trừ", "Deduction"}},
    {TD_RP_CLASSIFICATION, {"Xếp loại", "Classification"}},
    {TD_RP_TARGETS_MET, {"Chỉ tiêu đạt", "Targets met"}},
    {TD_RP_GROUP, {"Nhóm", "Group"}},
    {TD_RP_GROUP_RANK, {"Hạng trong nhóm", "Rank in group"}},
    /* Vietnamese has no plural: one text for a criterion and for several */
    {TD_RP_CRITERIA, {"Tiêu chí", "Criteria"}},
    {TD_RP_CRITERION, {"Tiêu chí", "Criterion"}},
    {TD_RP_SECTION, {"Phần", "Section"}},
    {TD_RP_MAX, {"Tối đa", "Max"}},
    {TD_RP_TARGET, {"Chỉ tiêu", "Target"}},
    {TD_RP_ACTUAL, {"Thực hiện", "Actual"}},
    {TD_RP_ATTAINMENT, {"Tỷ lệ (%)", "Attainment (%)"}},
    {TD_RP_MET, {"Đạt", "Met"}},
    {TD_RP_POINTS, {"Điểm", "Points"}},
    {TD_RP_CRITERION_BONUS, {"Thưởng", "Bonus"}},
    {TD_RP_AWARD, {"Hình thức", "Award"}},
    {TD_RP_STATUS, {"Kết quả", "Status"}},
    {TD_RP_EXPLAIN_RANK, {"Xếp hạng", "Rank"}},
    {TD_RP_ROLLUPS, {"Tổng hợp từ cấp dưới", "Rolled up from below"}},
    {TD_RP_CHILDREN, {"Số đối tượng", "Children"}},
    {TD_RP_UNITS_BELOW, {"Đơn vị trực thuộc", "Units below"}},
    {TD_RP_MEASURE, {"Chỉ số", "Measure"}},
    {TD_RP_VALUE, {"Giá trị", "Value"}},

    /* values in cells */
    {TD_RP_LEADER, {"cụm trưởng", "leader"}},
    {TD_RP_LEADER_BLOCK, {"khối trưởng", "leader"}},
    {TD_RP_MET_YES, {"đạt", "met"}},
    {TD_RP_MET_NO, {"chưa đạt", "not met"}},
    /* a group node capped at its max: "(*) …" under the table of points,
     * "Tổng các mục: 156,00 > tối đa 150" on the cell */
    {TD_RP_CAPPED_LEGEND,
     {"Nhóm tiêu chí đã tính bằng điểm tối đa: tổng điểm các mục vượt điểm tối đa của nhóm.",
      "Group capped at its maximum: its items add up to more."}},
    {TD_RP_ITEMS_SUM, {"Tổng các mục", "Sum of the items"}},
    {TD_RP_OVER_MAX, {"tối đa", "max"}},

    /* award statuses */
    {TD_RP_STATUS_NOT_ELIGIBLE, {"chưa đủ điều kiện", "not eligible"}},
    {TD_RP_STATUS_SELECTED, {"được chọn", "selected"}},
    {TD_RP_STATUS_EXCLUDED, {"bị loại trừ", "excluded"}},
    {TD_RP_STATUS_OVER_QUOTA, {"hết chỉ tiêu", "over the quota"}},
    {TD_RP_STATUS_TIE_AT_QUOTA, {"đồng hạng tại ngưỡng", "tied at the quota"}},
    {TD_RP_STATUS_PENDING_BALLOT, {"chờ bỏ phiếu", "pending the ballot"}},
    {TD_RP_STATUS_BALLOT_FAILED, {"không đủ số phiếu", "ballot failed"}},

    /* the input workbook */
    {TD_RP_TPL_SHEET_DATA, {"Số liệu", "Data"}},
    {TD_RP_TPL_SHEET_HISTORY, {"Lịch sử", "History"}},
    {TD_RP_TPL_SHEET_NOTES, {"Hướng dẫn", "Instructions"}},
    {TD_RP_TPL_ID, {"Mã đơn vị", "id"}},
    {TD_RP_TPL_NAME, {"Tên đơn vị", "name"}},
    {TD_RP_TPL_TARGET, {"Kế hoạch", "target"}},
    {TD_RP_TPL_ACTUAL, {"Thực hiện", "actual"}},
    /* the fixed tables' headers: the readers know both (lib/load/table.c) */
    {TD_RP_TPL_HISTORY_UNIT, {"Đơn vị", "unit"}},
    {TD_RP_TPL_HISTORY_PERIOD, {"Năm", "period"}},
    {TD_RP_TPL_HISTORY_ID, {"Danh hiệu", "id"}},
    {TD_RP_TPL_SHEET_SCORES, {"Chấm điểm", "Scores"}},
    {TD_RP_TPL_SHEET_EVENTS, {"Sự kiện", "Events"}},
    {TD_RP_TPL_CRITERION, {"Tiêu chí", "criterion"}},
    {TD_RP_TPL_SELF, {"Tự chấm", "self"}},
    {TD_RP_TPL_CROSS, {"Chấm chéo", "cross"}},
    {TD_RP_TPL_FINAL, {"Thẩm định", "final"}},
    {TD_RP_TPL_ITEM, {"Mục", "item"}},
    {TD_RP_TPL_COUNT, {"Số lần", "count"}},
    {TD_RP_TPL_BAD_NUMBER_TITLE, {"Số liệu không hợp lệ", "Not a valid number"}},
    {TD_RP_TPL_BAD_NUMBER, {"Nhập một số không âm, hoặc để trống.", "Enter a number of at least 0, or leave the cell empty."}},
    {TD_RP_TPL_BAD_YEAR_TITLE, {"Năm không hợp lệ", "Not a valid year"}},
    {TD_RP_TPL_BAD_YEAR, {"Nhập năm (một số nguyên), ví dụ 2022.", "Enter the year (a whole number), e.g. 2022."}},
    {TD_RP_TPL_SUBJECT, {"Nhập liệu thi đua", "Emulation data entry"}},
    {TD_RP_TPL_NOTE_DATA,
     {"Sheet đầu: mỗi đơn vị một dòng. Nhập chỉ tiêu vào cột \"Kế hoạch\" và kết quả vào cột \"Thực hiện\" của "
      "từng tiêu chí; để trống ô không có số liệu.",
      "First sheet: a row per member. Enter each criterion's target under \"target\" and its result under "
      "\"actual\"; leave a cell without data empty."}},
    {TD_RP_TPL_NOTE_NUMBERS,
     {"Chỉ nhập số không âm, không nhập chữ hay dấu phần trăm. Ô có công thức phải được tính và lưu lại trước khi nộp.",
      "Enter numbers of at least 0 only, no words and no percent signs. Cells with formulas must be computed and saved "
      "before the workbook is handed in."}},
    {TD_RP_TPL_NOTE_HEADER,
     {"Không đổi tên, xoá hay thêm cột: dòng tiêu đề (mã tiêu chí trong ngoặc vuông) cho biết mỗi cột là số liệu "
      "nào.",
      "Do not rename, delete or add columns: the header (the measure's id in square brackets) says what each "
      "column holds."}},
    {TD_RP_TPL_NOTE_HISTORY,
     {"Sheet lịch sử (không bắt buộc): danh hiệu, khen thưởng các năm trước, mỗi dòng một đơn vị, năm và mã "
      "danh hiệu.",
      "History sheet (optional): past titles and awards, a row per unit, period (a year) and the title's id."}},
    {TD_RP_TPL_NOTE_SCORES,
     {"Sheet chấm điểm: điểm các tiêu chí do hội đồng chấm, mỗi dòng một đơn vị và tiêu chí: điểm tự chấm, chấm "
      "chéo, thẩm định của hội đồng; để trống nguồn không chấm.",
      "Scores sheet: the points of the criteria a council grades, a row per unit and criterion: self-scoring "
      "(self), cross-scoring (cross), the final review (final); leave a source that did not score empty."}},
    {TD_RP_TPL_NOTE_EVENTS,
     {"Sheet sự kiện: các khoản cộng, trừ điểm, mỗi dòng một đơn vị, mã khoản (mục) và số lần (để trống: 1).",
      "Events sheet: the bonus and deduction items, a row per unit, item id (item) and times (count, 1 when "
      "empty)."}},
    {TD_RP_TPL_NOTE_CHECK,
     {"Kiểm tra tệp: thidua check RULEBOOK DATA nhap-lieu.xlsx",
      "Check the workbook: thidua check RULEBOOK DATA data.xlsx"}},
    {TD_RP_TPL_SHEET_CLUSTER, {"Cụm", "Cluster"}},
    {TD_RP_TPL_VALUE_HEAD, {"Giá trị", "value"}},
    {TD_RP_TPL_C_ID, {"Mã cụm (khối) [id]", "Cluster id [id]"}},
    {TD_RP_TPL_C_NAME, {"Tên cụm (khối) [name]", "Cluster name [name]"}},
    {TD_RP_TPL_C_KIND, {"Loại: cụm hoặc khối [kind]", "Kind: cluster or block [kind]"}},
    {TD_RP_TPL_C_PERIOD, {"Năm [period]", "Period, a year [period]"}},
    {TD_RP_TPL_C_LEADER, {"Cụm (khối) trưởng, mã đơn vị [leader]", "Leader, a unit id [leader]"}},
    {TD_RP_TPL_C_DEPUTY, {"Cụm (khối) phó, mã đơn vị [deputy]", "Deputy, a unit id [deputy]"}},
    {TD_RP_TPL_C_NEXT_LEADER, {"Trưởng năm sau, nếu bầu [next_leader]", "Next leader, when elected [next_leader]"}},
    {TD_RP_TPL_C_NEXT_DEPUTY, {"Phó năm sau, nếu bầu [next_deputy]", "Next deputy, when elected [next_deputy]"}},
    {TD_RP_TPL_KIND_CLUSTER, {"cụm", "cluster"}},
    {TD_RP_TPL_KIND_BLOCK, {"khối", "block"}},
    {TD_RP_TPL_NOTE_CLUSTER,
     {"Sheet cụm: mã và tên cụm, năm, cụm trưởng, cụm phó. Khi không kèm tệp dữ liệu mô tả cụm, sheet này mô tả "
      "cụm và các dòng của sheet số liệu là các đơn vị thành viên: thidua eval RULEBOOK nhap-lieu.xlsx",
      "Cluster sheet: the cluster's id and name, the period, the leader and deputy. Without a data file that "
      "describes the cluster, this sheet does, and the rows of the data sheet are its members: thidua eval "
      "RULEBOOK data.xlsx"}},
};

/* one entry per phrase, no more, no fewer (their order: tests/report/test_report_phrases.c) */
_Static_assert(sizeof td_report__phrases / sizeof td_report__phrases[0] == TD_RP_COUNT,
               "td_report__phrases must hold one entry per td_report_phrase");
