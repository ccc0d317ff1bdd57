/*
 * The catalogue of the command line's messages (messages.h): each English
 * text beside its Vietnamese, and the help of each command in Vietnamese.
 * Formats keep their conversions in the same order in both languages.
 */
#include "messages.h"

#include <stdlib.h>
#include <string.h>

/* Set once by messages_init(), before anything is printed: the program's
 * own setting, not the library's (which keeps no state). */
static bool vietnamese;

static const struct message {
    const char *en, *vi;
} catalogue[] = {
    /* usage errors (main.c) */
    {"\nTry 'thidua %s%s--help' for more information.\n", "\nXem 'thidua %s%s--help' để biết thêm.\n"},
    {"unknown option '%%s' (did you mean '--%s'?)", "không có tùy chọn '%%s' (có phải là '--%s'?)"},
    {"unknown option '%s'", "không có tùy chọn '%s'"},
    {"unknown option '%s' (expected a command first)", "không có tùy chọn '%s' (cần một lệnh trước)"},
    {"unknown command '%%s' (did you mean '%s'?)", "không có lệnh '%%s' (có phải là '%s'?)"},
    {"unknown command '%s'", "không có lệnh '%s'"},
    {"no command given", "chưa có lệnh"},
    {"unknown limit in '--limit %%s'%s%s%s (known: bytes, total, line, depth, nodes, keys, rows, members, "
     "criteria, measures, expr-bytes, expr-depth, cells)",
     "không có giới hạn như trong '--limit %%s'%s%s%s (các giới hạn: bytes, total, line, depth, nodes, keys, rows, "
     "members, criteria, measures, expr-bytes, expr-depth, cells)"},
    {"'--explain %s': expected words or formula", "'--explain %s': cần words (lời) hoặc formula (công thức)"},
    {" (did you mean '", " (có phải là '"},
    {"'?)", "'?)"},
    {"'--limit %s' needs a positive whole number (such as 64, 512K or 16M)",
     "'--limit %s' cần một số nguyên dương (như 64, 512K hay 16M)"},
    {"'--width %s' needs a number of columns from 40 to 100000, or 0 for no limit",
     "'--width %s' cần một số cột từ 40 đến 100000, hoặc 0 để không giới hạn"},
    {"%s needs a file name", "%s cần một tên tệp"},
    {"unknown language '%s' (expected vi or en)", "không có ngôn ngữ '%s' (cần vi hoặc en)"},
    {"--child takes ROLLUP:ID, a roll-up and one of its children (found '%s')",
     "--child cần ROLLUP:ID, một phép tổng hợp và một đơn vị con của nó (gặp '%s')"},
    {"'--threads %s' needs a whole number of threads from 1 to 1024",
     "'--threads %s' cần một số luồng nguyên từ 1 đến 1024"},
    {"'--signer %s' needs ROLE|TITLE|NAME: at most two '|'", "'--signer %s' cần ROLE|TITLE|NAME: nhiều nhất hai dấu '|'"},
    {"--%s takes no value (found '%%s')", "--%s không nhận giá trị (gặp '%%s')"},
    {"%%s needs %s", "%%s cần %s"},
    {"no rulebook given", "chưa có bộ luật chấm (RULEBOOK)"},
    {"no data given", "chưa có dữ liệu (DATA)"},
    {"give --unit ID or --child ROLLUP:ID, not both", "hãy cho --unit ID hoặc --child ROLLUP:ID, không cho cả hai"},
    {"explain needs --unit ID (or --child ROLLUP:ID)", "explain cần --unit ID (hoặc --child ROLLUP:ID)"},
    {"only one input can be read from standard input ('-')", "chỉ một đầu vào được đọc từ đầu vào chuẩn ('-')"},
    {"unknown format '%s' (expected table, json, csv, md, html, xlsx, pdf or statuses)",
     "không có định dạng '%s' (cần table, json, csv, md, html, xlsx, pdf hoặc statuses)"},
    {"the output '%s' has an extension no report format uses (.txt, .json, .csv, .md, .html, .xlsx, .pdf); give "
     "--format, or another name",
     "tệp ra '%s' có phần mở rộng không định dạng báo cáo nào dùng (.txt, .json, .csv, .md, .html, .xlsx, .pdf); "
     "hãy cho --format, hoặc đặt tên khác"},
    {"--format %s conflicts with the extension of the output '%%s'",
     "--format %s mâu thuẫn với phần mở rộng của tệp ra '%%s'"},
    {"the output '%s' is one of the inputs", "tệp ra '%s' là một trong các đầu vào"},
    {"--excel is a flavour of CSV, not of %s: give --format csv (or -o FILE.csv)",
     "--excel là một kiểu CSV, không dùng được với %s: hãy cho --format csv (hoặc -o FILE.csv)"},
    {"template writes an xlsx workbook: give -o FILE.xlsx", "template ghi một tệp Excel (xlsx): hãy cho -o FILE.xlsx"},
    {"xlsx is a binary file: give -o FILE.xlsx (or -o - to write it anyway)",
     "xlsx là tệp nhị phân: hãy cho -o FILE.xlsx (hoặc -o - để vẫn ghi ra)"},
    {"pdf is a binary file: give -o FILE.pdf (or -o - to write it anyway)",
     "pdf là tệp nhị phân: hãy cho -o FILE.pdf (hoặc -o - để vẫn ghi ra)"},
    /* what an option with a value needs (main.c's table of options) */
    {"a file name", "một tên tệp"},
    {"a format (table, json, csv, md, html, xlsx or pdf)", "một định dạng (table, json, csv, md, html, xlsx hoặc pdf)"},
    {"vi or en", "vi hoặc en"},
    {"a unit id", "một mã đơn vị"},
    {"NAME=N (a limit and its value)", "NAME=N (một giới hạn và giá trị của nó)"},
    {"a number of threads (1 to 1024)", "một số luồng (1 đến 1024)"},
    {"how to explain conditions (words or formula)", "cách giải thích điều kiện (words hoặc formula)"},
    {"ROLLUP:ID (a roll-up and one of its children)", "ROLLUP:ID (một phép tổng hợp và một đơn vị con của nó)"},
    {"a roll-up id", "mã của một phép tổng hợp"},
    {"a line of the issuing body", "một dòng tên cơ quan ban hành"},
    {"a place", "một địa danh"},
    {"a date (YYYY-MM-DD)", "một ngày (YYYY-MM-DD)"},
    {"a title", "một tiêu đề"},
    {"ROLE|TITLE|NAME (a signature block)", "ROLE|TITLE|NAME (một khối chữ ký)"},
    {"a number of columns (0: no limit, else at least 40)", "một số cột (0: không giới hạn, còn lại ít nhất 40)"},
    /* running */
    {"thidua: out of memory\n", "thidua: hết bộ nhớ\n"},
    {"thidua: %zu warning(s), and --strict makes warnings errors\n",
     "thidua: %zu cảnh báo, và --strict coi cảnh báo là lỗi\n"},
    {"thidua: unit '", "thidua: đơn vị '"},
    {"' is not a member of cluster '%s' (members:", "' không phải thành viên của cụm '%s' (các thành viên:"},
    {"thidua: rulebook '%s' has no roll-up '%s' (roll-ups:",
     "thidua: bộ luật chấm '%s' không có phép tổng hợp '%s' (các phép tổng hợp:"},
    {" none", " không có"},
    {"thidua: roll-up '%s' has no child '%s'\n", "thidua: phép tổng hợp '%s' không có đơn vị con '%s'\n"},
    /* check's summary */
    {"%s: rulebook '%s' is valid: %zu section(s), %zu criteria, ",
     "%s: bộ luật chấm '%s' hợp lệ: %zu phần, %zu tiêu chí, "},
    {"%zu group(s) of criteria, ", "%zu nhóm tiêu chí, "},
    {"inputs ", "đầu vào "},
    {"parameters ", "tham số "},
    {"%sroll-up %s (rulebook '%s', %zu measure(s))%s", "%stổng hợp %s (bộ luật chấm '%s', %zu chỉ số)%s"},
    {"%zu award(s)\n", "%zu hình thức khen thưởng\n"},
    {"roll-up '%s': %zu child(ren) evaluated\n", "tổng hợp '%s': đã chấm %zu đơn vị con\n"},
    {"cluster '%s', period %lld: %zu member(s) evaluated without error\n",
     "cụm '%s', kỳ %lld: đã chấm %zu thành viên, không có lỗi\n"},
    /* what -o refuses (output.c) */
    {"thidua: cannot write to standard output: ", "thidua: không ghi được ra đầu ra chuẩn: "},
    {"thidua: cannot write the report to '%s': ", "thidua: không ghi được báo cáo vào '%s': "},
    {"descriptor %d is not open", "bộ mô tả tệp %d chưa mở"},
    {"it is a symbolic link to a file that does not exist", "đó là liên kết tượng trưng tới một tệp không tồn tại"},
    {"it is a symbolic link to %s, not a regular file", "đó là liên kết tượng trưng tới %s, không phải tệp thường"},
    {"it is %s, not a regular file", "đó là %s, không phải tệp thường"},
    {"out of memory", "hết bộ nhớ"},
    {"it is write-protected (mode %04o): make it writable or remove it first",
     "tệp đang chống ghi (quyền %04o): hãy cho phép ghi hoặc xoá nó trước"},
    {"cannot create a temporary file next to it", "không tạo được tệp tạm bên cạnh nó"},
    {"it is now %s, not a regular file", "giờ đó là %s, không phải tệp thường"},
    {"a directory", "một thư mục"},
    {"a character device", "một thiết bị ký tự"},
    {"a block device", "một thiết bị khối"},
    {"a named pipe (FIFO)", "một ống có tên (FIFO)"},
    {"a socket", "một socket"},
    {"a special file", "một tệp đặc biệt"},
};

static const char usage_main_vi[] =
    "Cách dùng: thidua LỆNH [TÙY CHỌN] RULEBOOK [DATA...]\n"
    "\n"
    "Chấm điểm thi đua, khen thưởng một cụm theo một bộ luật chấm (RULEBOOK).\n"
    "\n"
    "Lệnh:\n"
    "  check RULEBOOK [DATA...]       kiểm tra bộ luật chấm và, khi có dữ liệu, cả cụm\n"
    "  eval RULEBOOK DATA...          chấm điểm cụm và ghi báo cáo\n"
    "  explain RULEBOOK DATA... --unit ID\n"
    "                                 giải thích mọi con số của một đơn vị\n"
    "  template RULEBOOK [DATA...] -o FILE.xlsx\n"
    "                                 tệp Excel nhập liệu để cán bộ điền\n"
    "\n"
    "Tùy chọn:\n"
    "  -h, --help     xem hướng dẫn (thidua LỆNH --help: các tùy chọn của một lệnh)\n"
    "  -V, --version  xem phiên bản\n"
    "  --lang vi|en   ngôn ngữ của thông báo và của báo cáo; mặc định: thông báo theo\n"
    "                 locale (LC_ALL, LC_MESSAGES, LANG), báo cáo tiếng Việt\n"
    "\n"
    "RULEBOOK là YAML hoặc JSON; tệp DATA là YAML, JSON, CSV (unit,measure,target,actual)\n"
    "hoặc tệp Excel (xlsx) theo mẫu 'thidua template' ghi ra, và có thể chia thành nhiều\n"
    "tệp. '-' đọc một trong số đó từ đầu vào chuẩn.\n"
    "\n"
    "Giới hạn (--limit NAME=N, lặp lại được; N có thể kết thúc bằng K, M hoặc G): bytes (một\n"
    "tài liệu, mặc định 256M), total (mọi tài liệu cộng lại, 1G), line (một dòng, 1M), depth\n"
    "(độ lồng, 64), nodes (số nút của một tài liệu, kể cả bí danh đã mở, 10000000), keys (số\n"
    "khoá của một ánh xạ, 1000000), rows (số dòng của một tệp CSV, 10000000), members (số\n"
    "thành viên và đơn vị, 1000000), criteria (tiêu chí, nhóm và khoản cộng trừ của bộ luật,\n"
    "10000), measures (chỉ số, đầu vào và tham số của nó, 100000), expr-bytes (một biểu\n"
    "thức, 4096), expr-depth (độ lồng của nó, 64), cells (số ô một lần chấm: thành viên x\n"
    "mục được chấm, 100000000).\n"
    "\n"
    "Mã thoát: 0 thành công, 1 bộ luật chấm hoặc dữ liệu không hợp lệ (không ghi gì), 2 lỗi\n"
    "cách dùng, 3 một đầu vào vượt giới hạn (không ghi gì).\n";

static const char usage_check_vi[] =
    "Cách dùng: thidua check RULEBOOK [DATA...] [--decimal-comma] [--notes] [-q]\n"
    "\n"
    "Kiểm tra RULEBOOK và, khi có DATA, dữ liệu của cụm theo bộ luật đó, rồi chấm\n"
    "thử, để báo cả những lỗi chỉ lúc chấm mới thấy (thiếu chỉ tiêu).\n"
    "Lỗi ghi ra đầu ra lỗi chuẩn dạng FILE:LINE:COL: thông báo.\n"
    "\n"
    "Tùy chọn:\n"
    "  --decimal-comma  số trong CSV viết 3.563,5 (',' thập phân, '.' hàng nghìn)\n"
    "  --lang vi|en     ngôn ngữ của thông báo (mặc định: theo locale)\n"
    "  --limit NAME=N   hạ hoặc nâng một giới hạn của bộ đọc (xem thidua --help)\n"
    "  --strict         cảnh báo (docs/warnings.md) là lỗi: mã thoát 1\n"
    "  --notes          in cả các ghi chú về bộ luật: khóa ghi đúng giá trị\n"
    "                   mặc định, có thể bỏ đi\n"
    "  -q, --quiet      không in gì khi thành công\n"
    "  -h, --help       xem hướng dẫn này\n";

static const char usage_eval_vi[] =
    "Cách dùng: thidua eval RULEBOOK DATA... [--format FORMAT] [-o FILE] [--lang vi|en]\n"
    "\n"
    "Chấm điểm cụm và ghi báo cáo.\n"
    "\n"
    "Tùy chọn:\n"
    "  -f, --format FORMAT  table (mặc định), json, csv, md, html, xlsx, pdf hoặc statuses;\n"
    "                       không có thì định dạng theo phần mở rộng của -o FILE\n"
    "                       (.txt, .json, .csv, .md, .html, .xlsx, .pdf), nếu không là table;\n"
    "                       -o FILE có phần mở rộng của định dạng khác, hoặc không rõ,\n"
    "                       bị từ chối; statuses: CSV gồm id, unit, xếp loại và trạng\n"
    "                       thái khen thưởng\n"
    "  --children ROLLUP    báo cáo các đơn vị con của một phép tổng hợp (luật 1.1), ví dụ\n"
    "                       --children sxkd --format statuses -o ho-ket-qua.csv\n"
    "  -o, --output FILE    ghi báo cáo vào FILE ('-': đầu ra chuẩn, mặc định); FILE chỉ\n"
    "                       bị thay khi cả báo cáo đã xong, và giữ quyền của nó; FILE\n"
    "                       phải là tệp thường (hoặc /dev/stdout)\n"
    "  --lang vi|en         ngôn ngữ của tiêu đề và lời giải thích (mặc định vi) và của\n"
    "                       thông báo (mặc định: theo locale)\n"
    "  --decimal-comma      số trong CSV viết 3.563,5 (',' thập phân, '.' hàng nghìn)\n"
    "  --excel              với csv: CSV để Excel mở theo locale tiếng Việt (BOM UTF-8,\n"
    "                       ';' giữa các trường, số viết 12,5)\n"
    "  --width N            table: mỗi dòng nhiều nhất N cột (ít nhất 40; 0: không giới\n"
    "                       hạn); mặc định: bề rộng của terminal ($COLUMNS, nếu không thì\n"
    "                       của chính terminal) khi đầu ra chuẩn là terminal, nếu không\n"
    "                       thì không giới hạn\n"
    "  --limit NAME=N       hạ hoặc nâng một giới hạn của bộ đọc (xem thidua --help)\n"
    "  --threads N          chấm bằng tối đa N luồng (mỗi phần ít nhất 512 thành viên;\n"
    "                       báo cáo như nhau với mọi N; mặc định 1)\n"
    "  --explain words|formula\n"
    "                       điều kiện giải thích bằng lời (mặc định: \"xếp hạng 6 (yêu cầu\n"
    "                       1)\") hoặc bằng công thức (\"rank = 6 != 1\")\n"
    "  --strict             cảnh báo là lỗi: mã thoát 1, không ghi gì\n"
    "  -h, --help           xem hướng dẫn này\n"
    "\n"
    "Khối văn bản (html, pdf; tùy chọn nào có thì thay trường tương ứng của 'report:' trong\n"
    "dữ liệu):\n"
    "  --organisation LINE  một dòng tên cơ quan ban hành, góc trên bên trái (lặp lại để\n"
    "                       thêm dòng)\n"
    "  --place PLACE        địa danh của dòng ngày tháng (\"Lai Châu, ngày 15 tháng 12 năm 2023\")\n"
    "  --date YYYY-MM-DD    ngày của văn bản\n"
    "  --title TEXT         tiêu đề, thay cho tiêu đề thường của báo cáo\n"
    "  --signer ROLE|TITLE|NAME\n"
    "                       một khối chữ ký (lặp lại để thêm, từ trái sang phải); ROLE và\n"
    "                       TITLE có thể để trống (\"||Nguyễn Văn A\"); '--signer \"\"' bỏ hết\n";

static const char usage_explain_vi[] =
    "Cách dùng: thidua explain RULEBOOK DATA... --unit ID|--child ROLLUP:ID [--lang vi|en] [-o FILE]\n"
    "\n"
    "In mọi lời giải thích của một thành viên: hạng, tổng điểm, xếp loại, điểm của\n"
    "từng tiêu chí và từng quyết định khen thưởng.\n"
    "\n"
    "Tùy chọn:\n"
    "  -u, --unit ID       mã đơn vị của thành viên, hoặc tên của nó\n"
    "  --child ROLLUP:ID   thay vào đó, một đơn vị con của phép tổng hợp (luật 1.1): một\n"
    "                      hộ, một người, chấm theo bộ luật riêng của phép tổng hợp\n"
    "  --lang vi|en        ngôn ngữ của lời giải thích (mặc định vi) và của thông báo\n"
    "                      (mặc định: theo locale)\n"
    "  -o, --output FILE   ghi vào FILE (một tệp thường) thay vì đầu ra chuẩn\n"
    "  --decimal-comma     số trong CSV viết 3.563,5 (',' thập phân, '.' hàng nghìn)\n"
    "  --limit NAME=N      hạ hoặc nâng một giới hạn của bộ đọc (xem thidua --help)\n"
    "  --threads N         chấm bằng tối đa N luồng (mặc định 1)\n"
    "  --explain words|formula\n"
    "                      điều kiện giải thích bằng lời (mặc định) hoặc bằng công thức\n"
    "  --strict            cảnh báo là lỗi: mã thoát 1\n"
    "  -h, --help          xem hướng dẫn này\n";

static const char usage_template_vi[] =
    "Cách dùng: thidua template RULEBOOK [DATA...] -o FILE.xlsx\n"
    "\n"
    "Ghi tệp Excel nhập liệu để cán bộ điền: mỗi thành viên của DATA một dòng (không có\n"
    "DATA: 30 dòng trống), cặp cột Kế hoạch / Thực hiện dưới tên tiêu chí của từng chỉ số,\n"
    "các sheet chấm điểm của hội đồng, sự kiện, lịch sử và hướng dẫn.\n"
    "Tệp đã điền là DATA của check, eval và explain.\n"
    "\n"
    "Tùy chọn:\n"
    "  -o, --output FILE  tệp cần ghi (.xlsx; chỉ bị thay khi đã ghi xong)\n"
    "  --lang vi|en       ngôn ngữ của tiêu đề và hướng dẫn (mặc định vi) và của thông báo\n"
    "  --decimal-comma    số trong CSV của DATA viết 3.563,5\n"
    "  --limit NAME=N     hạ hoặc nâng một giới hạn của bộ đọc (xem thidua --help)\n"
    "  -h, --help         xem hướng dẫn này\n";

/* The language a locale name gives: "vi", "vi_VN", "vi_VN.UTF-8"... */
static bool vietnamese_locale(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v != NULL && v[0] != '\0')
            return v[0] == 'v' && v[1] == 'i' && (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == '@');
    }
    return false;
}

void messages_init(int argc, char **argv)
{
    vietnamese = vietnamese_locale();
    /* --lang vi|en anywhere before "--" (the last one wins, as the parser
     * takes it); a wrong value is the parser's usage error */
    for (int i = 1; i < argc; i++) {
        const char *value = NULL;
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            value = argv[++i];
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            value = argv[i] + 7;
        if (value != NULL && (strcmp(value, "vi") == 0 || strcmp(value, "en") == 0))
            vietnamese = value[0] == 'v';
    }
}

bool messages_vietnamese(void)
{
    return vietnamese;
}

const char *tr(const char *english)
{
    if (!vietnamese)
        return english;
    for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++)
        if (strcmp(catalogue[i].en, english) == 0)
            return catalogue[i].vi;
    return english;
}

const char *usage_text(int which, const char *english)
{
    static const char *const vi[] = {usage_main_vi, usage_check_vi, usage_eval_vi, usage_explain_vi,
                                     usage_template_vi};
    return vietnamese && which >= 0 && which < 5 ? vi[which] : english;
}
