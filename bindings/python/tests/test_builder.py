"""RulebookBuilder and Rulebook: defining a rulebook in code and reading it back."""

from __future__ import annotations

from decimal import Decimal

import pytest

import thidua
from thidua.rules import Bands, Best, Bonus, Expr, Manual, Proportional, Quota, Rank, Shortfall, Threshold


def test_builder_chains_and_the_rulebook_describes_itself(lai_chau_rulebook):
    rb = lai_chau_rulebook
    assert rb.id == "hnd-cum2" and rb.name == "Bảng chấm điểm thi đua Cụm số 2"
    assert rb.precision == 2
    assert [s.id for s in rb.sections] == ["A", "B", "C"]
    assert rb.sections[0].max == 40 and rb.sections[0].criteria == ("hh_registered", "hh_achieved", "loans")
    poverty = rb.criterion("poverty")
    assert poverty.measure == "poverty_rate" and poverty.direction is thidua.Direction.LOWER
    assert poverty.kind is thidua.RuleKind.SHORTFALL and poverty.section == "B" and poverty.max == 10
    assert [c.kind.value for c in rb.criteria] == [
        "proportional", "proportional", "shortfall", "bands", "shortfall", "manual", "best", "rank", "threshold"]
    assert [(a.id, a.kind.value) for a in rb.adjustments] == [("national_award", "bonus"), ("late_report", "deduction")]
    assert [c.id for c in rb.classifications] == ["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]
    assert [a.id for a in rb.awards] == ["bang_khen"]
    assert rb.leader_rule is thidua.LeaderRule.ROTATION
    assert repr(rb) == "<Rulebook 'hnd-cum2' 'Bảng chấm điểm thi đua Cụm số 2': 3 sections, 9 criteria, 1 award>"
    with pytest.raises(thidua.NotFoundError):
        rb.criterion("nope")


def test_rules_from_mappings_give_the_same_rulebook_as_dataclasses():
    def build(rule, bonus):
        return (thidua.RulebookBuilder("rb").add_section("A")
                .add_criterion("A", "c", max=10, rule=rule, bonus=bonus).build())

    cluster = thidua.Cluster("k", 2023).add_member("u").set_target("u", "c", 80).set_actual("u", "c", 92)
    pairs = [
        (Shortfall(deduct=1, per=5, step="ceil"), {"kind": "shortfall", "deduct": 1, "per": 5, "step": "ceil"}),
        (Bands([(1, 10), ("0.9", 8)]), {"kind": "bands", "bands": [{"at": 1, "points": 10}, {"at": "90%", "points": 8}]}),
        (Threshold(at="1.1"), {"kind": "threshold", "at": "110%"}),
        (Proportional(cap="1.2"), {"kind": "proportional", "cap": 1.2}),
    ]
    for as_class, as_mapping in pairs:
        a = thidua.evaluate(build(as_class, Bonus(per=5, points=1, max=2)), cluster)
        b = thidua.evaluate(build(as_mapping, {"per": 5, "points": 1, "max": 2}), cluster)
        assert a.to_dict() == b.to_dict()


def test_every_rule_kind_scores():
    rb = (thidua.RulebookBuilder("all", precision=1)
          .add_section("A")
          .add_criterion("A", "p", max=10, rule=Proportional())
          .add_criterion("A", "t", max=10, rule=Threshold())
          .add_criterion("A", "s", max=10, rule=Shortfall(deduct=2, per=10, step="floor", min=1))
          .add_criterion("A", "b", max=10, rule=Bands([("0.5", 4)]))
          .add_criterion("A", "best", max=10, rule=Best())
          .add_criterion("A", "r", max=10, rule=Rank([10, 5]))
          .add_criterion("A", "m", max=10, rule=Manual())
          .add_criterion("A", "e", max=10, rule=Expr("attainment(p) * 20"))
          .build())
    c = thidua.Cluster("k", 2023).add_member("u").add_member("v")
    for unit, (t_, a_) in {"u": (100, 75), "v": (100, 50)}.items():
        for measure in ("p", "t", "s", "b", "best", "r", "e"):
            c.set_target(unit, measure, t_).set_actual(unit, measure, a_)
        c.set_score(unit, "m", 7, source="self").set_score(unit, "m", 6, source="final")
    u = thidua.evaluate(rb, c, lang="en")["u"]
    points = {x.id: x.points for x in u.criteria}
    assert points == {"p": Decimal("7.5"), "t": 0, "s": 6, "b": 4, "best": 10, "r": 10, "m": 6, "e": 10}
    assert "= 15 → clamped to [0, 10] = 10" in u.criterion("e").explain


def test_bands_of_actual_compare_the_value_itself():
    rb = (thidua.RulebookBuilder("rates").add_section("A")
          # a rate in percent: at in the measure's own unit
          .add_criterion("A", "rate", max=4, rule=Bands([(80, 4), (60, 3)], of="actual"))
          # a ratio, as the format's mapping: 80% is 0.8
          .add_criterion("A", "ratio", max=4, rule={"kind": "bands", "of": "actual",
                                                    "bands": [{"at": "80%", "points": 4}, {"at": 0, "points": 2}]})
          .add_criterion("A", "plain", max=4, rule=Bands([("80%", 4)]))
          .build())
    assert rb.criterion("rate").bands_of is thidua.BandsOf.ACTUAL
    assert rb.criterion("ratio").bands_of is thidua.BandsOf.ACTUAL
    assert rb.criterion("plain").bands_of is thidua.BandsOf.ATTAINMENT
    c = thidua.Cluster("k", 2024)
    for unit, rate, ratio in (("u", "80", "0.832016"), ("v", "79.99", "0.59"), ("w", "59.5", "0")):
        (c.add_member(unit).set_actual(unit, "rate", rate).set_actual(unit, "ratio", ratio)
         .set_target(unit, "plain", 100).set_actual(unit, "plain", rate))
    res = thidua.evaluate(rb, c, lang="en")
    got = {m.unit: (m.criterion("rate").points, m.criterion("ratio").points) for m in res.members}
    assert got == {"u": (4, 4), "v": (3, 2), "w": (0, 2)}
    u = res["u"].criterion("rate")
    assert u.target is None and u.attainment is None and u.met is None and u.actual == 80
    assert u.explain == "actual 80 ≥ 80 → band 1 = 4.00"
    assert res["w"].criterion("rate").explain == "actual 59.5 < 60 (below every band) → 0 = 0.00"
    assert res["u"].criterion("plain").points == 4  # 80 / 100 = 0.8 ≥ 0.8
    # the YAML keeps `of` and reads back to the same results
    if not hasattr(thidua._thidua, "td_rulebook_to_yaml"):
        return  # a build without the io floors has no YAML
    text = rb.to_yaml()
    assert "{kind: bands, of: actual, bands: [{at: 80, points: 4}, {at: 60, points: 3}]}" in text
    assert "{kind: bands, bands: [{at: 0.8, points: 4}]}" in text
    assert thidua.evaluate(thidua.Rulebook.loads(text), c, lang="en").to_dict() == res.to_dict()


def test_bands_of_actual_take_targets_for_all_members_or_none():
    rb = (thidua.RulebookBuilder("rates").add_section("A")
          .add_criterion("A", "rate", max=4, rule=Bands([(80, 4)], of=thidua.BandsOf.ACTUAL)).build())
    c = thidua.Cluster("k", 2024).add_member("u").add_member("v")
    c.set_actual("u", "rate", 90).set_actual("v", "rate", 70).set_target("u", "rate", 85)
    with pytest.raises(thidua.DataError, match="given for 1 of 2 members but unit 'v' has none"):
        thidua.evaluate(rb, c)
    c.set_target("v", "rate", 85)
    u = thidua.evaluate(rb, c)["u"].criterion("rate")
    assert u.attainment == Decimal("1.058824") and u.met is True and u.points == 4
    with pytest.raises(ValueError, match="expected one of 'attainment', 'actual', got 'actuals'"):
        thidua.RulebookBuilder("x").add_section("A").add_criterion("A", "c", max=4, rule=Bands([(1, 4)], of="actuals"))
    with pytest.raises(ValueError, match="unknown key 'off'"):
        thidua.RulebookBuilder("x").add_section("A").add_criterion(
            "A", "c", max=4, rule={"kind": "bands", "off": "actual", "bands": [[1, 4]]})


def test_a_failed_compound_definition_leaves_the_builder_unchanged():
    b = thidua.RulebookBuilder("rb").add_section("A")
    with pytest.raises(thidua.ValidationError):
        # the criterion is added, then its second band fails: nothing stays
        b.add_criterion("A", "c", max=10, rule=Bands([(1, 10), (2, 5)]))
    b.add_criterion("A", "c", max=10, rule=Proportional())  # the id is free again
    rb = b.build()
    assert [c.id for c in rb.criteria] == ["c"]
    assert repr(b) == "<RulebookBuilder 'rb': 2 definitions>"  # the section and the criterion


def test_builder_repr_counts_definitions_not_calls():
    b = (thidua.RulebookBuilder("rb", name="Bảng")
         .add_section("A").add_criterion("A", "c", max=10, rule=Bands([(1, 10), ("0.5", 5)]), measure="m"))
    assert repr(b) == "<RulebookBuilder 'rb': 3 definitions>"


def test_builder_stays_usable_after_build():
    b = thidua.RulebookBuilder("rb").add_section("A").add_criterion("A", "c", max=10, rule=Proportional())
    first = b.build()
    second = b.add_criterion("A", "d", max=5, rule=Manual()).build()
    assert len(first.criteria) == 1 and len(second.criteria) == 2


def test_ranking_keys_read_the_format_suffixes():
    b = (thidua.RulebookBuilder("rb").add_section("A").add_criterion("A", "c", max=10, rule=Proportional())
         .add_ranking_key("total asc"))
    rb = b.build()
    c = (thidua.Cluster("k", 2023).add_member("hi").add_member("lo")
         .set_target("hi", "c", 10).set_actual("hi", "c", 10)
         .set_target("lo", "c", 10).set_actual("lo", "c", 5))
    assert [m.unit for m in thidua.evaluate(rb, c)] == ["lo", "hi"]
    # a tab before the suffix, as in the format
    rb = (thidua.RulebookBuilder("rb").add_section("A").add_criterion("A", "c", max=10, rule=Proportional())
          .add_ranking_key("total\tasc").build())
    assert [m.unit for m in thidua.evaluate(rb, c)] == ["lo", "hi"]


def test_awards_quota_exclusion_and_order():
    rb = (thidua.RulebookBuilder("rb").add_section("A").add_criterion("A", "c", max=10, rule=Proportional())
          .add_award("flag", "Cờ", when="rank == 1", quota=1)
          .add_award("merit", "Bằng khen", when="total >= 5", excludes=["flag"],
                     quota=Quota(percent=50, rounding="ceil"))
          .add_award("order", when="total >= 0", quota={"count": 1}, order="total")
          .build())
    c = thidua.Cluster("k", 2023)
    for unit, actual in (("a", 10), ("b", 8), ("c", 6)):
        c.add_member(unit).set_target(unit, "c", 10).set_actual(unit, "c", actual)
    r = thidua.evaluate(rb, c)
    assert [(a.id, a.quota, a.selected) for a in r.awards] == [
        ("flag", 1, ("a",)), ("merit", 2, ("b", "c")), ("order", 1, ("c",))]
    assert r["a"].award("merit").status is thidua.AwardStatus.EXCLUDED


def test_quota_needs_count_or_percent_not_both():
    b = thidua.RulebookBuilder("rb").add_section("A").add_criterion("A", "c", max=10, rule=Proportional())
    with pytest.raises(thidua.ValidationError):
        b.add_award("x", quota=Quota(count=1, percent=50))
    with pytest.raises(ValueError):
        b.add_award("y", quota=Quota())


def test_derived_measure():
    rb = (thidua.RulebookBuilder("rb").add_measure("rate", "done / registered").add_section("A")
          .add_criterion("A", "rate", max=10, rule=Proportional()).build())
    c = (thidua.Cluster("k", 2023).add_member("u")
         .set_target("u", "done", 90).set_target("u", "registered", 100)
         .set_actual("u", "done", 3425).set_actual("u", "registered", 3563))
    crit = thidua.evaluate(rb, c)["u"].criterion("rate")
    assert crit.actual == Decimal("0.961269") and crit.target == Decimal("0.9")


def test_rulebook_cannot_be_made_directly():
    with pytest.raises(TypeError):
        thidua.Rulebook(object())
