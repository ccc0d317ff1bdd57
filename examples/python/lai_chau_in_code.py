"""The Lai Châu case defined in code: the rulebook through
thidua.RulebookBuilder and the data as a mapping of the data format, as
examples/lai_chau.c builds them through the C API and examples/lai-chau/
writes them as files (lai_chau.py loads those; the results are identical).

Emulation Cluster No. 2 of the Lai Châu provincial Farmers' Association
(Hội Nông dân, HND), year 2023.

From the provincial report: four members; 3,563 households registered in the
"good production & business household" movement and 3,425 achieving the
title (96.13 %); 143 collective and 290 individual commendations; Lai Châu
city and Than Uyên met all their targets; Tân Uyên led the cluster in 2023
and Tam Đường leads it in 2024. The review proposed the provincial
Certificate of Merit 2023 for Lai Châu city and Tân Uyên.

INVENTED: the report gives only the cluster figures above. Every per-member
target and result, the reporting scores, the events and the scoring table
itself are invented (the same as in examples/lai_chau.c); they are chosen so
that the per-member numbers add up to the reported figures exactly.

Run:  python examples/python/lai_chau_in_code.py [en]
"""

from __future__ import annotations

import sys
from decimal import Decimal

import thidua
from thidua.rules import Bands, Best, Bonus, Manual, Proportional, Quota, Rank, Shortfall, Threshold


def build_rulebook() -> thidua.Rulebook:
    """The scoring table (invented), as examples/lai_chau.c defines it."""
    return (
        thidua.RulebookBuilder("hnd-cum2", name="Bảng chấm điểm thi đua Cụm số 2")
        # A: the good production & business household movement
        .add_section("A", "Phong trào SXKD giỏi", max=40)
        .add_criterion("A", "hh_registered", "Số hộ đăng ký", max=10,
                       rule=Proportional(cap=1), bonus=Bonus(per=1, points="0.5", max=2))
        .add_criterion("A", "hh_achieved", "Số hộ đạt danh hiệu", max=15, rule=Proportional(cap=1))
        .add_criterion("A", "loans", "Vốn vay hỗ trợ hội viên (triệu đồng)", max=15,
                       rule=Shortfall(deduct=1, per=5, step="ceil"))
        # B: building the association
        .add_section("B", "Xây dựng tổ chức Hội", max=30)
        .add_criterion("B", "new_members", "Phát triển hội viên mới", max=10,
                       rule=Bands([(1, 10), ("0.9", 8), ("0.8", 6)]))
        .add_criterion("B", "poverty", "Tỷ lệ hộ nghèo (%)", max=10, measure="poverty_rate",
                       direction="lower", rule=Shortfall(deduct=1, per=5))
        .add_criterion("B", "reporting", "Chế độ thông tin, báo cáo", max=10, rule=Manual())
        # C: emulation and commendation work
        .add_section("C", "Công tác thi đua, khen thưởng", max=30)
        .add_criterion("C", "collective_awards", "Khen thưởng tập thể (lượt)", max=10, rule=Best(of="actual"))
        .add_criterion("C", "individual_awards", "Khen thưởng cá nhân (lượt)", max=10, rule=Rank([10, 8, 6, 4]))
        .add_criterion("C", "rural_models", "Mô hình nông thôn mới", max=10, rule=Threshold(at=1))
        # bonus and deduction items, classification, ranking
        .add_adjustment("national_award", "Khen thưởng cấp Trung ương", kind="bonus", points=2, max=4)
        .add_adjustment("late_report", "Nộp báo cáo chậm", kind="deduction", points=1)
        .set_bonus_max(5)
        .add_classification("xuat_sac", "Hoàn thành xuất sắc nhiệm vụ", min=90)
        .add_classification("tot", "Hoàn thành tốt nhiệm vụ", min=70)
        .add_classification("hoan_thanh", "Hoàn thành nhiệm vụ", min=50)
        .add_classification("khong_hoan_thanh", "Không hoàn thành nhiệm vụ")
        .add_ranking_key("total desc")
        .add_ranking_key("count_met() desc")
        # the provincial Certificate of Merit: half of the cluster, among the excellent
        .add_award("bang_khen", "Bằng khen của Ban Chấp hành Hội Nông dân tỉnh",
                   when="classification == 'xuat_sac'", quota=Quota(percent=50, rounding="floor", min=1))
        .set_leader("rotation", order=["tan-uyen", "tam-duong", "than-uyen", "tp-lai-chau"])
        .build()
    )


MEMBERS = {
    "tan-uyen": "HND huyện Tân Uyên",
    "tp-lai-chau": "HND thành phố Lai Châu",
    "than-uyen": "HND huyện Than Uyên",
    "tam-duong": "HND huyện Tam Đường",
}

# measure → (targets, actuals), members in the order of MEMBERS (invented)
VALUES = {
    "hh_registered": (("900", "700", "1000", "950"), ("905", "720", "1010", "928")),
    "hh_achieved": (("860", "680", "960", "905"), ("850", "700", "975", "900")),
    "loans": (("2500", "2000", "2400", "2200"), ("2600", "2150", "2400", "2010")),
    "new_members": (("300", "250", "280", "260"), ("310", "262", "281", "221")),
    "poverty_rate": (("9.5", "3.0", "8.0", "10.5"), ("9.1", "2.6", "7.4", "10.9")),
    "individual_awards": (("80", "75", "60", "62"), ("85", "80", "65", "60")),
    "rural_models": (("4", "3", "4", "4"), ("5", "3", "4", "3")),
}
# collective commendations: results only (the best rule compares actuals)
COLLECTIVE = ("42", "45", "30", "26")
# reporting points by source (None: not given)
REPORTING = {
    "self": ("10", "10", "9", "9"),
    "cross": ("9.5", "10", "8", "8.5"),
    "final": ("9.5", None, "7.5", "8"),
}


def cluster_data() -> dict:
    """The cluster's 2023 data as a mapping of the data format (per-member
    numbers invented): what a YAML parser gives for a data file."""
    units = list(MEMBERS)
    return {
        "thidua": 1,
        "period": 2023,
        "cluster": {
            "id": "cum-2",
            "name": "Cụm thi đua số 2 — Hội Nông dân tỉnh Lai Châu",
            "leader": "tan-uyen",
            "members": [{"id": u, "name": n} for u, n in MEMBERS.items()],
        },
        "targets": {u: {m: Decimal(t[i]) for m, (t, _) in VALUES.items()} for i, u in enumerate(units)},
        "results": {
            u: {**{m: Decimal(a[i]) for m, (_, a) in VALUES.items()}, "collective_awards": Decimal(COLLECTIVE[i])}
            for i, u in enumerate(units)
        },
        "scores": {
            source: {u: {"reporting": Decimal(p[i])} for i, u in enumerate(units) if p[i] is not None}
            for source, p in REPORTING.items()
        },
        "events": [
            {"unit": "tan-uyen", "item": "national_award", "count": 1},
            {"unit": "tam-duong", "item": "late_report", "count": 1},
        ],
    }


def main(lang: str = "vi") -> None:
    from lai_chau import print_report

    cluster = thidua.Cluster.from_dict(cluster_data())
    print_report(thidua.evaluate(build_rulebook(), cluster, lang=lang), cluster)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "vi")
