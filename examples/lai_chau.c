/*
 * The Lai Châu case: emulation Cluster No. 2 of the Lai Châu provincial
 * Farmers' Association (Hội Nông dân, HND), year 2023, built through the C
 * API and scored.
 *
 * From the provincial report: four members; 3,563 households registered in
 * the "good production & business household" movement and 3,425 achieving
 * the title (96.13 %); 143 collective and 290 individual commendations;
 * Lai Châu city and Than Uyên met all their targets; Tân Uyên led the
 * cluster in 2023 and Tam Đường leads it in 2024.
 *
 * The review proposed the provincial Certificate of Merit 2023 for Lai Châu
 * city and Tân Uyên. Here the rulebook decides it: the award "bang_khen"
 * goes to members classified "xuat_sac", at most 50 % of the cluster
 * (rounded down, at least 1), best ranked first; the program prints the
 * quota arithmetic and every member's status with its explanation.
 *
 * INVENTED: the report gives only the cluster figures above. Every
 * per-member target and result below, the reporting scores, the events and
 * the scoring table itself are invented for this example; they are chosen so
 * that the per-member numbers add up to the reported figures exactly.
 *
 * Build: part of the project (examples/), or against an installed library:
 *   cc lai_chau.c $(pkg-config --cflags --libs thidua)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <thidua/thidua.h>

#define CHECK(call)                                                                                \
    do {                                                                                           \
        if ((call) != TD_OK) {                                                                     \
            fprintf(stderr, "lai_chau: %s\n", err.message);                                        \
            goto done;                                                                             \
        }                                                                                          \
    } while (0)

static td_decimal num(const char *text)
{
    td_decimal d = td_decimal_zero();
    if (td_decimal_parse(&d, text, NULL) != TD_OK) {
        fprintf(stderr, "lai_chau: bad number %s\n", text);
        exit(1);
    }
    return d;
}

/* ---- the scoring table (invented) ---- */

static td_status build_rulebook(td_rulebook **out, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_status rc = td_rulebook_builder_new(&b, "hnd-cum2", NULL, err);
    if (rc != TD_OK)
        return rc;
    td_decimal forty = num("40"), thirty = num("30"), two = num("2"), four = num("4"), five = num("5");
    td_decimal m90 = num("90"), m70 = num("70"), m50 = num("50");
    const char *order[] = {"tan-uyen", "tam-duong", "than-uyen", "tp-lai-chau"};
    /* The scoring rules, as td_rule values: TD_RULE_INIT holds every
     * default (cap 1, at 1, linear steps, min 0); set the kind and what
     * differs. The builder copies them. */
    td_rule proportional = TD_RULE_INIT, threshold = TD_RULE_INIT, manual = TD_RULE_INIT;
    proportional.kind = TD_RULE_PROPORTIONAL;
    threshold.kind = TD_RULE_THRESHOLD;
    manual.kind = TD_RULE_MANUAL;
    td_rule loans = TD_RULE_INIT; /* one point off per started 5 percentage points short */
    loans.kind = TD_RULE_SHORTFALL;
    loans.deduct = num("1");
    loans.per = num("5");
    loans.step = TD_SHORTFALL_STEP_CEIL;
    td_rule poverty = loans; /* the same, counted exactly */
    poverty.step = TD_SHORTFALL_STEP_LINEAR;
    td_band member_bands[] = {{num("1"), num("10")}, {num("0.9"), num("8")}, {num("0.8"), num("6")}};
    td_rule bands = TD_RULE_INIT;
    bands.kind = TD_RULE_BANDS;
    bands.bands = member_bands;
    bands.band_count = sizeof member_bands / sizeof member_bands[0];
    td_rule best = TD_RULE_INIT;
    best.kind = TD_RULE_BEST;
    best.best_of = TD_BEST_OF_ACTUAL;
    td_decimal rank_points[] = {num("10"), num("8"), num("6"), num("4")};
    td_rule rank = TD_RULE_INIT;
    rank.kind = TD_RULE_RANK;
    rank.rank_points = rank_points;
    rank.rank_point_count = sizeof rank_points / sizeof rank_points[0];
    /* Each call runs only while the ones before it succeeded. */
    if ((rc = td_rulebook_builder_set_name(b, "Bảng chấm điểm thi đua Cụm số 2", err)) ||
        /* A: the good production & business household movement */
        (rc = td_rulebook_builder_add_section(b, "A", "Phong trào SXKD giỏi", &forty, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "hh_registered", "Số hộ đăng ký", num("10"), err)) ||
        (rc = td_rulebook_builder_set_rule(b, "hh_registered", &proportional, err)) ||
        (rc = td_rulebook_builder_set_bonus(b, "hh_registered", num("1"), num("0.5"), &two, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "hh_achieved", "Số hộ đạt danh hiệu", num("15"), err)) ||
        (rc = td_rulebook_builder_set_rule(b, "hh_achieved", &proportional, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "A", "loans", "Vốn vay hỗ trợ hội viên (triệu đồng)", num("15"), err)) ||
        (rc = td_rulebook_builder_set_rule(b, "loans", &loans, err)) ||
        /* B: building the association */
        (rc = td_rulebook_builder_add_section(b, "B", "Xây dựng tổ chức Hội", &thirty, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "new_members", "Phát triển hội viên mới", num("10"), err)) ||
        (rc = td_rulebook_builder_set_rule(b, "new_members", &bands, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "poverty", "Tỷ lệ hộ nghèo (%)", num("10"), err)) ||
        (rc = td_rulebook_builder_set_measure(b, "poverty", "poverty_rate", err)) ||
        (rc = td_rulebook_builder_set_direction(b, "poverty", TD_DIRECTION_LOWER, err)) ||
        (rc = td_rulebook_builder_set_rule(b, "poverty", &poverty, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "B", "reporting", "Chế độ thông tin, báo cáo", num("10"), err)) ||
        (rc = td_rulebook_builder_set_rule(b, "reporting", &manual, err)) ||
        /* C: emulation and commendation work */
        (rc = td_rulebook_builder_add_section(b, "C", "Công tác thi đua, khen thưởng", &thirty, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "C", "collective_awards", "Khen thưởng tập thể (lượt)", num("10"), err)) ||
        (rc = td_rulebook_builder_set_rule(b, "collective_awards", &best, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "C", "individual_awards", "Khen thưởng cá nhân (lượt)", num("10"), err)) ||
        (rc = td_rulebook_builder_set_rule(b, "individual_awards", &rank, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "C", "rural_models", "Mô hình nông thôn mới", num("10"), err)) ||
        (rc = td_rulebook_builder_set_rule(b, "rural_models", &threshold, err)) ||
        /* bonus and deduction items, classification, leader */
        (rc = td_rulebook_builder_add_adjustment(b, "national_award", "Khen thưởng cấp Trung ương", TD_ADJUSTMENT_BONUS, two, &four, err)) ||
        (rc = td_rulebook_builder_add_adjustment(b, "late_report", "Nộp báo cáo chậm", TD_ADJUSTMENT_DEDUCTION, num("1"), NULL, err)) ||
        (rc = td_rulebook_builder_set_bonus_max(b, &five, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "xuat_sac", "Hoàn thành xuất sắc nhiệm vụ", &m90, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "tot", "Hoàn thành tốt nhiệm vụ", &m70, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "hoan_thanh", "Hoàn thành nhiệm vụ", &m50, err)) ||
        (rc = td_rulebook_builder_add_classification(b, "khong_hoan_thanh", "Không hoàn thành nhiệm vụ", NULL, err)) ||
        /* ranking: total, then the number of targets met */
        (rc = td_rulebook_builder_add_ranking_key(b, "total", true, err)) ||
        (rc = td_rulebook_builder_add_ranking_key(b, "count_met()", true, err)) ||
        /* the provincial Certificate of Merit: half of the cluster, among the excellent */
        (rc = td_rulebook_builder_add_award(b, "bang_khen", "Bằng khen của Ban Chấp hành Hội Nông dân tỉnh",
                                            "classification == 'xuat_sac'", err)) ||
        (rc = td_rulebook_builder_set_award_quota_percent(b, "bang_khen", num("50"), TD_ROUNDING_FLOOR, 1, err)) ||
        /* the report says Tam Đường was elected; rotating in this order
         * (invented) gives the same leader for 2024 */
        (rc = td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ROTATION, err)))
        goto done;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if ((rc = td_rulebook_builder_add_leader_order(b, order[i], err)) != TD_OK)
            goto done;
    rc = td_rulebook_builder_build(out, b, err);
done:
    td_rulebook_builder_free(b);
    return rc;
}

/* ---- the cluster's 2023 data (per-member numbers invented) ---- */

static const struct {
    const char *id, *name;
} members[] = {
    {"tan-uyen", "HND huyện Tân Uyên"},
    {"tp-lai-chau", "HND thành phố Lai Châu"},
    {"than-uyen", "HND huyện Than Uyên"},
    {"tam-duong", "HND huyện Tam Đường"},
};

/* measure, then target and actual for each member in the order above */
static const struct {
    const char *measure;
    const char *target[4];
    const char *actual[4];
} values[] = {
    {"hh_registered", {"900", "700", "1000", "950"}, {"905", "720", "1010", "928"}},
    {"hh_achieved", {"860", "680", "960", "905"}, {"850", "700", "975", "900"}},
    {"loans", {"2500", "2000", "2400", "2200"}, {"2600", "2150", "2400", "2010"}},
    {"new_members", {"300", "250", "280", "260"}, {"310", "262", "281", "221"}},
    {"poverty_rate", {"9.5", "3.0", "8.0", "10.5"}, {"9.1", "2.6", "7.4", "10.9"}},
    {"individual_awards", {"80", "75", "60", "62"}, {"85", "80", "65", "60"}},
    {"rural_models", {"4", "3", "4", "4"}, {"5", "3", "4", "3"}},
};

/* collective commendations: results only (the best rule compares actuals) */
static const char *const collective[4] = {"42", "45", "30", "26"};
/* reporting points by source: self, cross, final ("" = not given) */
static const char *const reporting[4][3] = {
    {"10", "9.5", "9.5"}, {"10", "10", ""}, {"9", "8", "7.5"}, {"9", "8.5", "8"}};

static td_status build_cluster(td_cluster **out, td_error *err)
{
    td_cluster *c = NULL;
    td_status rc = td_cluster_new(&c, "cum-2", 2023, NULL, err);
    if (rc != TD_OK)
        return rc;
    if ((rc = td_cluster_set_name(c, "Cụm thi đua số 2 — Hội Nông dân tỉnh Lai Châu", err)))
        goto done;
    for (size_t m = 0; m < 4; m++)
        if ((rc = td_cluster_add_member(c, members[m].id, members[m].name, err)))
            goto done;
    if ((rc = td_cluster_set_leader(c, "tan-uyen", err)))
        goto done;
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
        for (size_t m = 0; m < 4; m++)
            if ((rc = td_cluster_set_target(c, members[m].id, values[v].measure, num(values[v].target[m]), err)) ||
                (rc = td_cluster_set_actual(c, members[m].id, values[v].measure, num(values[v].actual[m]), err)))
                goto done;
    for (size_t m = 0; m < 4; m++) {
        if ((rc = td_cluster_set_actual(c, members[m].id, "collective_awards", num(collective[m]), err)))
            goto done;
        for (int s = 0; s < 3; s++)
            if (reporting[m][s][0] != '\0' &&
                (rc = td_cluster_set_score(c, (td_score_source)s, members[m].id, "reporting",
                                           num(reporting[m][s]), err)))
                goto done;
    }
    if ((rc = td_cluster_add_event(c, "tan-uyen", "national_award", 1, err)) ||
        (rc = td_cluster_add_event(c, "tam-duong", "late_report", 1, err)))
        goto done;
    *out = c;
    c = NULL;
done:
    td_cluster_free(c);
    return rc;
}

/* ---- printing ---- */

/* Prints s left-aligned in `width` terminal columns (one column per code point). */
static void print_cell(const char *s, int width)
{
    int cols = 0;
    for (const char *p = s; *p != '\0'; p++)
        cols += ((unsigned char)*p & 0xC0) != 0x80;
    printf("%s%*s", s, width > cols ? width - cols : 0, "");
}

static const char *text(td_decimal d, char buf[TD_DECIMAL_STRING_SIZE])
{
    td_decimal_format(buf, TD_DECIMAL_STRING_SIZE, d);
    return buf;
}

/* Sums a criterion's actual results over the members. */
static td_status sum_actual(const td_result *res, const char *criterion, td_decimal *sum, td_error *err)
{
    size_t c;
    td_status rc = td_rulebook_find_criterion(&c, td_result_rulebook(res), criterion, err);
    *sum = td_decimal_zero();
    for (size_t m = 0; rc == TD_OK && m < td_result_member_count(res); m++) {
        td_decimal a;
        if (td_result_actual(&a, res, m, c))
            rc = td_decimal_add(sum, *sum, a, err);
    }
    return rc;
}

/* The name of a member given its unit id ("" when it is not one). */
static const char *name_of(const td_result *res, const char *unit)
{
    size_t m;
    if (unit == NULL || td_result_find_member(&m, res, unit, NULL) != TD_OK)
        return "";
    return td_result_member_name(res, m);
}

/* Each award: its quota, who is proposed, and every member's explanation
 * (which starts with its status: selected, not eligible, excluded, over the
 * quota or tied at the quota). */
static void print_awards(const td_rulebook *rb, const td_result *res, td_lang lang)
{
    for (size_t a = 0; a < td_result_award_count(res); a++) {
        printf("\n%s (%s)\n  %s\n  proposed:", td_rulebook_award_name(rb, a), td_rulebook_award_id(rb, a),
               td_result_award_quota_explain(res, a, lang));
        const char *sep = " ";
        for (size_t m = 0; m < td_result_member_count(res); m++)
            if (td_result_award_status(res, m, a) == TD_AWARD_SELECTED) {
                printf("%s%s", sep, td_result_member_name(res, m));
                sep = ", ";
            }
        printf("\n");
        for (size_t m = 0; m < td_result_member_count(res); m++) {
            printf("  ");
            print_cell(td_result_member_name(res, m), 26);
            printf("%s\n", td_result_award_explain(res, m, a, lang));
        }
    }
}

int main(int argc, char **argv)
{
    td_lang lang = (argc > 1 && strcmp(argv[1], "en") == 0) ? TD_LANG_EN : TD_LANG_VI;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    int status = 1;
    char b1[TD_DECIMAL_STRING_SIZE], b2[TD_DECIMAL_STRING_SIZE], b3[TD_DECIMAL_STRING_SIZE],
        b4[TD_DECIMAL_STRING_SIZE];

    CHECK(build_rulebook(&rb, &err));
    CHECK(build_cluster(&cl, &err));
    CHECK(td_evaluate(&res, rb, cl, NULL, &err));

    printf("%s — %s %lld (thidua %s)\n\n", td_result_cluster_name(res), td_rulebook_name(rb),
           (long long)td_result_period(res), td_version());
    printf("%-4s ", "#");
    print_cell("Đơn vị / unit", 26);
    printf("%7s %6s %6s %7s  %-17s %s\n", "base", "bonus", "ded.", "total", "classification",
           "all targets met");
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        printf("%-4zu ", td_result_member_rank(res, m));
        print_cell(td_result_member_name(res, m), 26);
        printf("%7s %6s %6s %7s  %-17s %s\n", text(td_result_member_base(res, m), b1),
               text(td_result_member_bonus(res, m), b2), text(td_result_member_deduction(res, m), b3),
               text(td_result_member_total(res, m), b4), td_result_member_classification(res, m),
               td_result_member_all_met(res, m) ? "yes" : "no");
    }

    td_decimal registered, achieved, rate, percent, collective_sum, individual_sum;
    CHECK(sum_actual(res, "hh_registered", &registered, &err));
    CHECK(sum_actual(res, "hh_achieved", &achieved, &err));
    CHECK(sum_actual(res, "collective_awards", &collective_sum, &err));
    CHECK(sum_actual(res, "individual_awards", &individual_sum, &err));
    CHECK(td_decimal_div(&rate, achieved, registered, 6, TD_ROUNDING_HALF_UP, &err));
    CHECK(td_decimal_mul(&percent, rate, td_decimal_from_int(100), &err));
    td_decimal_format_fixed(b3, sizeof b3, percent, 2);
    printf("\nHouseholds registered: %s; achieving the title: %s; rate %s / %s = %s %%\n",
           text(registered, b1), text(achieved, b2), b2, b1, b3);
    printf("Commendations: %s collective, %s individual\n", text(collective_sum, b1),
           text(individual_sum, b2));
    printf("Met all their targets:");
    const char *sep = " ";
    for (size_t m = 0; m < td_result_member_count(res); m++)
        if (td_result_member_all_met(res, m)) {
            printf("%s%s", sep, td_result_member_name(res, m));
            sep = ", ";
        }
    printf("\nLeader %lld: %s; leader %lld: %s\n  (%s)\n", (long long)td_result_period(res),
           name_of(res, td_cluster_leader(cl)), (long long)td_result_period(res) + 1,
           name_of(res, td_result_next_leader(res)), td_result_leader_explain(res, lang));

    print_awards(rb, res, lang);

    printf("\nExplanations:\n");
    for (size_t m = 0; m < td_result_member_count(res); m++) {
        printf("\n%s\n", td_result_member_name(res, m));
        for (size_t c = 0; c < td_result_criterion_count(res); c++)
            printf("  %-18s %s\n", td_rulebook_criterion_id(rb, c),
                   td_result_criterion_explain(res, m, c, lang));
        printf("  %s\n  %s\n  %s\n", td_result_member_explain(res, m, lang),
               td_result_classification_explain(res, m, lang), td_result_rank_explain(res, m, lang));
    }
    status = 0;
done:
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return status;
}
