/*
 * The PDF report: a valid PDF of A4 landscape pages, numbered "Trang n/N",
 * whose text (read back with poppler's pdftotext) holds the administrative
 * heading, the members, their totals, the award decisions, the next leader
 * and the signers; long tables go on over pages with their header row
 * again; the same bytes every time. pdftotext and pdfinfo come from
 * poppler-utils (scripts/deps.sh).
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_fixture.h"
#include "td_test.h"

/* The PDF written to a scratch file, whose name goes into `path` (PATH_SIZE bytes). */
enum { PATH_SIZE = 256 };
static void write_scratch(const char *pdf, size_t len, char *path)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, PATH_SIZE, "%s/thidua-test-XXXXXX", dir != NULL && dir[0] != '\0' ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pdf, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

/* The whole output of `command` (run by the shell), malloc'd. */
static char *output_of(const char *command)
{
    FILE *f = popen(command, "r");
    assert_non_null(f);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t got;
    while ((got = fread(out + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
    }
    out[n] = '\0';
    assert_int_equal(pclose(f), 0);
    return out;
}

/* The text of pages first..last (0: all) of the PDF at `path`, as pdftotext reads it. */
static char *pdf_text(const char *path, int first, int last)
{
    char command[PATH_SIZE + 64];
    if (first > 0)
        snprintf(command, sizeof command, "pdftotext -f %d -l %d '%s' -", first, last, path);
    else
        snprintf(command, sizeof command, "pdftotext '%s' -", path);
    return output_of(command);
}

/* Pages of the PDF at `path`, from pdfinfo, which also checks that poppler reads it whole. */
static int pdf_pages(const char *path, char **info)
{
    char command[PATH_SIZE + 32];
    snprintf(command, sizeof command, "pdfinfo '%s'", path);
    *info = output_of(command);
    const char *at = strstr(*info, "\nPages:");
    assert_non_null(at);
    return atoi(at + 7);
}

static void lai_chau_pdf_is_a_signed_document_of_two_pages(void **state)
{
    (void)state;
    td_result *res = lai_chau_document_result();
    size_t len;
    char *pdf = render(res, TD_REPORT_FORMAT_PDF, TD_LANG_VI, NULL, &len);
    assert_true(len > 10000);
    assert_memory_equal(pdf, "%PDF-1.", 7);
    assert_non_null(strstr(pdf + len - 8, "%%EOF"));
    char path[PATH_SIZE], *info;
    write_scratch(pdf, len, path);
    assert_int_equal(pdf_pages(path, &info), 2);
    assert_non_null(strstr(info, "Page size:       841.89 x 595.28 pts (A4)"));
    /* the document's date is the block's, never the clock */
    assert_non_null(strstr(info, "CreationDate:    Wed Dec  6 00:00:00 2023"));
    assert_non_null(strstr(info, "Title:           Kết quả chấm điểm <thi đua> năm 2023"));
    free(info);
    char *text = pdf_text(path, 0, 0);
    static const char *const expected[] = {
        /* the administrative heading, the title in capitals */
        "HỘI NÔNG DÂN TỈNH LAI CHÂU", "CỤM THI ĐUA SỐ 2", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Tân Uyên, ngày 06 tháng 12 năm 2023", "KẾT QUẢ CHẤM ĐIỂM <THI ĐUA> NĂM 2023",
        /* the ranking: every member with its total */
        "Xếp hạng", "HND thành phố Lai Châu", "HND huyện Tân Uyên (cụm trưởng)", "HND huyện Than Uyên",
        "HND huyện Tam Đường", "99,00", "96,66", "94,67", "69,71", "Hoàn thành xuất sắc nhiệm vụ",
        /* the criterion points, the awards with their reasons, the next leader */
        "Điểm tiêu chí", "Số hộ đăng ký (hh_registered)", "Khen thưởng", "được chọn", "hết chỉ tiêu",
        "Cụm trưởng năm sau", "HND huyện Tam Đường (tam-duong)",
        /* the signers, the page numbers */
        "TM. CỤM THI ĐUA", "CỤM TRƯỞNG", "Nguyễn Văn A", "THƯ KÝ", "Trần Thị B & C", "Trang 1/2", "Trang 2/2"};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (strstr(text, expected[i]) == NULL)
            fail_msg("the PDF's text lacks '%s'", expected[i]);
    /* the signers come last, after the next leader */
    assert_true(strstr(text, "Nguyễn Văn A") > strstr(text, "Cụm trưởng năm sau"));
    free(text);
    unlink(path);
    /* the same bytes every time */
    size_t len2;
    char *again = render(res, TD_REPORT_FORMAT_PDF, TD_LANG_VI, NULL, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(pdf, again, len);
    td_free(again);
    td_free(pdf);
    td_result_free(res);
}

static void english_pdf_has_the_english_heading_and_page_numbers(void **state)
{
    (void)state;
    td_result *res = lai_chau_document_result();
    size_t len;
    char *pdf = render(res, TD_REPORT_FORMAT_PDF, TD_LANG_EN, NULL, &len);
    char path[PATH_SIZE];
    write_scratch(pdf, len, path);
    char *text = pdf_text(path, 0, 0);
    assert_non_null(strstr(text, "SOCIALIST REPUBLIC OF VIET NAM"));
    assert_non_null(strstr(text, "Independence - Freedom - Happiness"));
    assert_non_null(strstr(text, "Tân Uyên, dated 06 December 2023"));
    assert_non_null(strstr(text, "Ranking"));
    assert_non_null(strstr(text, "Page 1/2"));
    free(text);
    unlink(path);
    td_free(pdf);
    td_result_free(res);
}

static void pdf_without_a_report_block_has_no_administrative_blocks(void **state)
{
    (void)state;
    td_result *res = lai_chau_result();
    size_t len;
    char *pdf = render(res, TD_REPORT_FORMAT_PDF, TD_LANG_VI, NULL, &len);
    char path[PATH_SIZE], *info;
    write_scratch(pdf, len, path);
    char *text = pdf_text(path, 0, 0);
    assert_null(strstr(text, "CỘNG HÒA"));
    assert_null(strstr(text, "Nguyễn Văn A"));
    assert_non_null(strstr(text, "Bảng chấm điểm thi đua Cụm số 2"));
    assert_non_null(strstr(text, "Trang 1/"));
    free(text);
    /* no block, no date: 1 January after the period */
    pdf_pages(path, &info);
    assert_non_null(strstr(info, "CreationDate:    Mon Jan  1 00:00:00 2024"));
    free(info);
    unlink(path);
    td_free(pdf);
    td_result_free(res);
}

/* An example of examples/ read from its files and evaluated. */
static td_result *example_result(const char *dir, const char *const *files, size_t n, bool decimal_comma)
{
    char path[PATH_SIZE];
    td_error err;
    td_rulebook *rb = NULL;
    snprintf(path, sizeof path, "%s/examples/%s/rulebook.yaml", TD_SOURCE_DIR, dir);
    if (td_rulebook_load_file(&rb, path, NULL, &err) != TD_OK)
        fail_msg("%s", err.message);
    td_load_options o = TD_LOAD_OPTIONS_INIT;
    o.decimal_comma = decimal_comma;
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    assert_int_equal(td_dataset_new(&ds, &o, &err), TD_OK);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/examples/%s/%s", TD_SOURCE_DIR, dir, files[i]);
        if (td_dataset_add_file(ds, path, &err) != TD_OK)
            fail_msg("%s: %s", path, err.message);
    }
    if (td_dataset_to_cluster(&cl, ds, rb, &err) != TD_OK || td_evaluate(&res, rb, cl, NULL, &err) != TD_OK)
        fail_msg("%s", err.message);
    td_cluster_free(cl);
    td_dataset_free(ds);
    td_rulebook_free(rb);
    return res;
}

/* The text of a result's PDF in Vietnamese. */
static char *vi_pdf_text(const td_result *res)
{
    char path[PATH_SIZE], *info;
    size_t len;
    char *pdf = render(res, TD_REPORT_FORMAT_PDF, TD_LANG_VI, NULL, &len);
    write_scratch(pdf, len, path);
    (void)pdf_pages(path, &info);
    free(info);
    char *text = pdf_text(path, 0, 0);
    unlink(path);
    td_free(pdf);
    return text;
}

/* A block (cluster: {kind: block}): its leader is the khối trưởng, as in
 * the other reports for people. */
static void a_block_pdf_names_the_khoi_truong(void **state)
{
    (void)state;
    static const char *const files[] = {"data.yaml", "scores.yaml", "targets.csv", "results.csv"};
    td_result *res = example_result("departments", files, 4, true);
    char *text = vi_pdf_text(res);
    assert_non_null(strstr(text, "(khối trưởng)"));
    assert_non_null(strstr(text, "Khối trưởng năm sau"));
    assert_null(strstr(text, "cụm trưởng"));
    assert_null(strstr(text, "Cụm trưởng"));
    free(text);
    td_result_free(res);
}

/* Rulebook 1.1 roll-ups: a table per roll-up, each member's children,
 * units below and measures, numbers written the Vietnamese way. */
static void a_pdf_shows_the_rollups(void **state)
{
    (void)state;
    if (td_test_quick()) /* 3,563 households: too slow under valgrind; the table's code runs in the other cases */
        skip();
    static const char *const files[] = {"data.yaml", "results.csv"};
    td_result *res = example_result("lai-chau-households", files, 2, false);
    char *text = vi_pdf_text(res);
    const char *at = strstr(text, "Tổng hợp từ cấp dưới: Hộ sản xuất, kinh doanh giỏi");
    assert_non_null(at);
    assert_non_null(strstr(at, "Số đối tượng"));
    assert_non_null(strstr(at, "hh_achieved"));
    assert_non_null(strstr(at, "1.010"));
    free(text);
    td_result_free(res);
}

/* 120 members: the ranking runs over pages, each starting with the header row; no row is split. */
static void long_tables_repeat_their_header_row_on_every_page(void **state)
{
    (void)state;
    td_result *res = wide_result(120);
    size_t len;
    char *pdf = render(res, TD_REPORT_FORMAT_PDF, TD_LANG_VI, NULL, &len);
    char path[PATH_SIZE], *info;
    write_scratch(pdf, len, path);
    int pages = pdf_pages(path, &info);
    free(info);
    assert_true(pages >= 4);
    for (int page = 1; page <= 3; page++) {
        char *text = pdf_text(path, page, page);
        /* the ranking's header row ("Hạng" … "Tổng điểm") at the top of each of its pages */
        assert_non_null(strstr(text, "Hạng"));
        assert_non_null(strstr(text, "Tổng điểm"));
        char number[32];
        snprintf(number, sizeof number, "Trang %d/%d", page, pages);
        assert_non_null(strstr(text, number));
        free(text);
    }
    /* the last member is in the ranking (its unit and its name, which is its id) and heads a
     * column of the criterion points (again on each page that table runs onto); how
     * pdftotext joins cells into lines varies, so its id is counted wherever it stands */
    char *text = pdf_text(path, 0, 0);
    assert_true(count_of(text, "u119") >= 3);
    free(text);
    unlink(path);
    td_free(pdf);
    td_result_free(res);
}

static void pdf_is_written_atomically_like_every_report(void **state)
{
    (void)state;
    td_result *res = lai_chau_document_result();
    char path[PATH_SIZE];
    write_scratch("old", 3, path);
    td_error err;
    assert_ok(td_report_write_file(res, TD_REPORT_FORMAT_PDF, NULL, path, &err), err);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char head[8] = {0};
    assert_int_equal(fread(head, 1, 7, f), 7);
    fclose(f);
    assert_string_equal(head, "%PDF-1.");
    unlink(path);
    td_report_format fmt;
    assert_ok(td_report_format_parse(&fmt, "pdf", &err), err);
    assert_int_equal(fmt, TD_REPORT_FORMAT_PDF);
    assert_string_equal(td_report_format_name(TD_REPORT_FORMAT_PDF), "pdf");
    td_result_free(res);
}

/* Threads rendering PDFs of one result at once get the bytes of one rendering alone. */
typedef struct job {
    const td_result *res;
    char *pdf;
    size_t len;
    td_status rc;
} job;

static void *render_job(void *arg)
{
    job *j = arg;
    td_error err;
    j->rc = td_report_render(&j->pdf, &j->len, j->res, TD_REPORT_FORMAT_PDF, NULL, &err);
    return NULL;
}

static void threads_render_the_same_pdf(void **state)
{
    (void)state;
    td_result *res = lai_chau_document_result();
    size_t len;
    char *alone = render(res, TD_REPORT_FORMAT_PDF, TD_LANG_VI, NULL, &len);
    enum { N = 4 };
    job jobs[N];
    pthread_t threads[N];
    size_t n = td_test_quick() ? 2 : N;
    for (size_t i = 0; i < n; i++) {
        jobs[i] = (job){res, NULL, 0, TD_ERROR};
        assert_int_equal(pthread_create(&threads[i], NULL, render_job, &jobs[i]), 0);
    }
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(jobs[i].rc, TD_OK);
        assert_int_equal(jobs[i].len, len);
        assert_memory_equal(jobs[i].pdf, alone, len);
        td_free(jobs[i].pdf);
    }
    td_free(alone);
    td_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lai_chau_pdf_is_a_signed_document_of_two_pages),
        cmocka_unit_test(english_pdf_has_the_english_heading_and_page_numbers),
        cmocka_unit_test(pdf_without_a_report_block_has_no_administrative_blocks),
        cmocka_unit_test(a_block_pdf_names_the_khoi_truong),
        cmocka_unit_test(a_pdf_shows_the_rollups),
        cmocka_unit_test(long_tables_repeat_their_header_row_on_every_page),
        cmocka_unit_test(pdf_is_written_atomically_like_every_report),
        cmocka_unit_test(threads_render_the_same_pdf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
