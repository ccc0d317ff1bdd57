"""Rulebook 1.1, section 1: inputs, parameters, has(), actual(id, default)
and rulebooks without sections, from Python."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import thidua


def _titles(min_months: int = 10) -> thidua.Rulebook:
    return (thidua.RulebookBuilder("titles", name="Danh hiệu cá nhân")
            .add_input("months").add_input("discipline")
            .add_parameter("min_months", min_months)
            .add_adjustment("initiative", kind="bonus", points=5)
            .add_award("ldtt", "Lao động tiên tiến",
                       when="actual(months, 0) >= min_months and not has(discipline)")
            .build())


def _people() -> thidua.Cluster:
    return thidua.Cluster.from_dict({
        "thidua": 1, "period": 2025,
        "cluster": {"id": "phong", "members": [{"id": "an"}, {"id": "binh"}, {"id": "chi"}]},
        "results": {"an": {"months": 12}, "binh": {"months": 9}, "chi": {"months": 12, "discipline": 1}},
    })


def test_the_rulebook_describes_its_inputs_and_parameters():
    rb = _titles()
    assert rb.inputs == ("months", "discipline")
    assert rb.parameters == {"min_months": Decimal(10)}
    assert rb.sections == ()
    assert "months" in rb.measures


@pytest.mark.parametrize("explain", [True, False, "on_demand"])
def test_parameters_from_the_rulebook_and_from_the_data(explain):
    rb = _titles()
    selected = rb.evaluate(_people(), explain=explain).awards[0].selected
    assert selected == ("an",)  # binh: 9 months < 10; chi: discipline
    data = _people().set_parameter("min_months", 9)
    assert data.parameters == {"min_months": Decimal(9)}
    assert rb.evaluate(data, explain=explain).awards[0].selected == ("an", "binh")
    # the same through the data format
    again = thidua.Cluster.from_dict({
        "thidua": 1, "period": 2025, "cluster": {"id": "phong", "members": [{"id": "binh"}]},
        "results": {"binh": {"months": 9}}, "parameters": {"min_months": 9}})
    assert rb.evaluate(again).awards[0].selected == ("binh",)


def test_expressions_read_parameters_and_inputs():
    rb = _titles()
    res = rb.evaluate(_people().set_parameter("min_months", 11))
    x = thidua.Expression(rb, "actual(months, 0) - min_months")
    assert x.evaluate(res, "an") == Decimal(1)
    assert thidua.Expression(rb, "has(discipline)").evaluate(res, "chi") is True
    assert thidua.Expression(rb, "actual(discipline, 7)").evaluate(res, "an") == Decimal(7)
    assert res.member("binh").total == 0


def test_mistakes_are_named():
    rb = _titles()
    with pytest.raises(thidua.DataError, match=r"parameter 'min_month'.*did you mean 'min_months'"):
        rb.evaluate(_people().set_parameter("min_month", 9))
    bad = thidua.Cluster("phong", 2025).add_member("an").set_actual("an", "month", 12)
    with pytest.raises(thidua.DataError, match=r"measure 'month'.*did you mean 'months'"):
        rb.evaluate(bad)
    with pytest.raises(thidua.InvalidArgumentError, match="name of the expression language"):
        thidua.RulebookBuilder("x").add_parameter("total", 1)
    with pytest.raises(thidua.InvalidArgumentError, match="name of the expression language"):
        thidua.RulebookBuilder("x").add_input("rank")
    with pytest.raises(thidua.ValidationError, match="has the id of a parameter"):
        thidua.RulebookBuilder("x").add_parameter("p", 1).add_input("p").build()
    with pytest.raises(thidua.ParseError, match=r"actual\(\)'s default"):
        thidua.RulebookBuilder("x").add_input("m").add_award("a", when="actual(m, 'x') > 0").build()
    with pytest.raises(thidua.DataError, match="parameters.min_months: no value"):
        thidua.Cluster.from_dict({"thidua": 1, "period": 2025, "cluster": {"id": "k", "members": ["a"]},
                                  "parameters": {"min_months": None}})


def test_files_round_trip(tmp_path):
    rb = _titles()
    path = tmp_path / "titles.yaml"
    path.write_text(rb.to_yaml(), encoding="utf-8")
    back = thidua.Rulebook.load(path)
    assert back.inputs == rb.inputs and back.parameters == rb.parameters
    assert back.to_yaml() == rb.to_yaml()


def test_a_measure_may_derive_one_side():
    rb = (thidua.RulebookBuilder("loans")
          .add_measure_sides("loan_rate", actual="repaid / lent")
          .add_section("A").add_criterion("A", "loan_rate", max=10, rule={"kind": "proportional"})
          .build())
    assert rb.measure_sides["loan_rate"] == (None, "repaid / lent")
    cluster = (thidua.Cluster("k", 2025).add_member("u").set_target("u", "loan_rate", "0.95")
               .set_actual("u", "repaid", 99).set_actual("u", "lent", 100))
    assert rb.evaluate(cluster).member("u").criterion("loan_rate").attainment == Decimal("1.042105")
    with pytest.raises(thidua.DataError, match="gives the actual of measure 'loan_rate'"):
        rb.evaluate(cluster.set_actual("u", "loan_rate", "0.9"))
    with pytest.raises(thidua.InvalidArgumentError, match="give a target formula"):
        thidua.RulebookBuilder("x").add_measure_sides("m")


def test_history_over_several_titles():
    rb = (thidua.RulebookBuilder("titles").add_title("cstdcs", "Chiến sĩ thi đua cơ sở").add_title("bk_tinh")
          .add_award("cstd_tinh", when="consecutive(['cstdcs']) >= 3 and since('bk_tinh', 99) > 2")
          .build())
    assert rb.titles == {"cstdcs": "Chiến sĩ thi đua cơ sở", "bk_tinh": ""}
    cluster = thidua.Cluster("k", 2025).add_member("a").add_member("b")
    for p in (2022, 2023, 2024):
        cluster.add_history("a", p, "cstdcs").add_history("b", p, "cstdcs")
    cluster.add_history("b", 2024, "bk_tinh")
    res = rb.evaluate(cluster)
    assert res.awards[0].selected == ("a",)
    assert thidua.Expression(rb, "since(['bk_tinh', 'cstdcs'], 0)").evaluate(res, "a") == 1
    with pytest.raises(thidua.DataError, match=r"records 'cstdsc'.*did you mean 'cstdcs'"):
        rb.evaluate(cluster.add_history("a", 2021, "cstdsc"))


def test_a_quota_counted_on_an_earlier_award():
    rb = (thidua.RulebookBuilder("titles")
          .add_award("ldtt", when="total >= 86")
          .add_award("cstdcs", when="total >= 90", quota={"percent": 15, "of": "ldtt"})
          .add_section("A").add_criterion("A", "score", max=100, rule={"kind": "manual"})
          .build())
    assert rb.awards[1].quota == thidua.rules.Quota(percent=15, rounding="floor", min=0, of="ldtt")
    assert rb.awards[0].quota is None
    cluster = thidua.Cluster("k", 2025)
    for i in range(20):
        cluster.add_member(f"u{i:02d}").set_score(f"u{i:02d}", "score", 100 - i)
    res = rb.evaluate(cluster, lang="en")
    assert len(res.awards[0].selected) == 15 and res.awards[1].quota == 2
    assert res.awards[1].quota_explain == "quota 15 % × 15 selected for 'ldtt' = 2.25 → 2 (floor)"
    with pytest.raises(thidua.ValidationError, match="not decided yet"):
        thidua.RulebookBuilder("x").add_award("a", quota={"percent": 10, "of": "b"}).add_award("b").build()


def test_deputies():
    rb = (thidua.RulebookBuilder("roles").add_award("pho", when="is_deputy")
          .set_leader("election", ["a", "b", "c"], deputy="rotation").build())
    assert rb.deputy_rule is thidua.DeputyRule.ROTATION and rb.leader_order == ("a", "b", "c")
    cluster = thidua.Cluster.from_dict({
        "thidua": 1, "period": 2025,
        "cluster": {"id": "k", "leader": "a", "deputy": "b", "members": ["a", "b", "c"]},
        "next_leader": "c"})
    assert cluster.deputy == "b"
    res = rb.evaluate(cluster, lang="en")
    assert res.next_leader == "c" and res.next_deputy == "a"
    assert res.deputy_explain == ("deputy rotation: after b comes a in the order [a, b, c]; "
                                  "c, the next leader, is skipped")
    assert res.member("b").is_deputy and not res.member("a").is_deputy
    assert res.awards[0].selected == ("b",)
    with pytest.raises(thidua.DataError, match="both the leader and the deputy"):
        rb.evaluate(thidua.Cluster("k", 2025).add_member("a").set_leader("a").set_deputy("a"))


def test_ballots():
    rb = (thidua.RulebookBuilder("b").add_section("A")
          .add_criterion("A", "score", max=100, rule={"kind": "manual"})
          .add_award("cstd", when="total >= 60", ballot={"min": "90%", "of": "council"}, order="votes")
          .build())
    assert rb.awards[0].ballot == (Decimal("0.9"), "council") and rb.awards[0].order == "votes"
    cluster = thidua.Cluster.from_dict({
        "thidua": 1, "period": 2025, "cluster": {"id": "k", "members": ["a", "b", "c"]},
        "scores": {"final": {"a": {"score": 90}, "b": {"score": 80}, "c": {"score": 70}}},
        "ballots": {"cstd": {"council": 11, "votes": {"a": 10, "b": 9}}}})
    res = rb.evaluate(cluster, lang="en")
    statuses = {m.unit: m.award("cstd").status for m in res.members}
    assert statuses == {"a": thidua.AwardStatus.SELECTED, "b": thidua.AwardStatus.BALLOT_FAILED,
                        "c": thidua.AwardStatus.PENDING_BALLOT}
    assert "9/11 = 81.82 % < 90 % of the council" in res.member("b").award("cstd").explain
    with pytest.raises(thidua.RangeError, match="from 0 to 11"):
        thidua.Cluster("k", 2025).add_member("a").set_ballot("cstd", 11, votes={"a": 12})


def test_groups():
    rb = (thidua.RulebookBuilder("g").add_section("A")
          .add_criterion("A", "s", max=100, rule={"kind": "manual"})
          .add_award("co", when="group_rank == 1").build())
    cluster = thidua.Cluster.from_dict({
        "thidua": 1, "period": 2025,
        "cluster": {"id": "tinh", "members": [{"id": "a", "group": "k1"}, {"id": "b", "group": "k1"},
                                              {"id": "c", "group": "k2"}]},
        "scores": {"final": {"a": {"s": 80}, "b": {"s": 90}, "c": {"s": 10}}}})
    res = rb.evaluate(cluster)
    assert [(m.unit, m.rank, m.group, m.group_rank) for m in res.members] == [
        ("b", 1, "k1", 1), ("a", 2, "k1", 2), ("c", 3, "k2", 1)]
    assert res.awards[0].selected == ("b", "c")
    with pytest.raises(thidua.DataError, match="unit 'd' has no group"):
        rb.evaluate(thidua.Cluster("t", 2025).add_member("d").set_score("d", "s", 1))


def test_quotas_per_group():
    rb = (thidua.RulebookBuilder("g").add_section("A")
          .add_criterion("A", "s", max=100, rule={"kind": "manual"})
          .add_award("co", quota={"count": 1, "per": "group"}).build())
    assert rb.awards[0].quota == thidua.rules.Quota(count=1, per="group")
    cluster = thidua.Cluster.from_dict({
        "thidua": 1, "period": 2025,
        "cluster": {"id": "tinh", "members": [{"id": "a", "group": "k1"}, {"id": "b", "group": "k1"},
                                              {"id": "c", "group": "k2"}]},
        "scores": {"final": {"a": {"s": 80}, "b": {"s": 90}, "c": {"s": 10}}}})
    res = rb.evaluate(cluster, lang="en")
    assert res.awards[0].selected == ("b", "c") and res.awards[0].quota == 2
    assert res.awards[0].groups == (("k1", 1), ("k2", 1))
    assert res.to_dict()["awards"][0]["groups"] == [
        {"group": "k1", "quota": 1, "selected": ["b"], "tied": []},
        {"group": "k2", "quota": 1, "selected": ["c"], "tied": []}]
    assert res.to_dict() == json.loads(res.render("json"), parse_float=Decimal)
