"""Every definition of a rulebook reads back in Python as it was written:
rules with their parameters, bonuses, measures, adjustment items, the bonus
cap, classification, ranking keys, awards and the leader order."""

from __future__ import annotations

import warnings
from decimal import Decimal

import pytest

import thidua
from thidua.rules import Bands, Best, Bonus, Expr, Manual, Proportional, Quota, Rank, Shortfall, Threshold

HAS_READERS = hasattr(thidua._thidua, "td_rulebook_load_string")

FULL = """
thidua: 1
id: full
measures:
  rate: "prop / thr"
sections:
  - id: A
    criteria:
      - {id: prop, max: 10, rule: {kind: proportional, cap: 1.2}, bonus: {per: 10, points: 0.5, max: 2}}
      - {id: thr, max: 10, rule: {kind: threshold, at: 85%}, bonus: {per: 5, points: 1}}
      - {id: short, max: 10, direction: lower, rule: {kind: shortfall, deduct: 1, per: 5, step: ceil, min: 2}}
      - {id: bands, max: 10, rule: {kind: bands, of: actual, bands: [{at: 80, points: 10}, {at: 60, points: 7.5}]}}
  - id: B
    max: 40
    criteria:
      - {id: best, max: 10, rule: {kind: best, of: actual}}
      - {id: rank, max: 10, rule: {kind: rank, points: [10, 8, 6]}}
      - {id: man, max: 10, rule: {kind: manual}}
      - {id: ex, max: 10, rule: {kind: expr, expr: "attainment(prop) * 10"}}
adjustments:
  - {id: flag, name: "Cờ", kind: bonus, points: 10}
  - {id: late, kind: deduction, points: 1, max: 8}
bonus_max: 5
classification:
  - {id: xs, name: "Xuất sắc", min: 80, when: "min_share() >= 85%"}
  - {id: ht}
ranking:
  by: ["total desc", "deduction asc"]
awards:
  - {id: flag_award, name: "Cờ thi đua", when: "rank == 1", quota: {count: 1}}
  - {id: cert, quota: {percent: 50, rounding: ceil, min: 1}, excludes: [flag_award], order: "deduction"}
  - {id: open}
leader: {rule: rotation, order: [u2, u1]}
"""

pytestmark = pytest.mark.skipif(not HAS_READERS, reason="this build has no file readers (THIDUA_IO=OFF)")


@pytest.fixture
def full() -> thidua.Rulebook:
    return thidua.Rulebook.loads(FULL, name="full.yaml")


def test_rules_read_back_with_their_parameters(full):
    rules = {c.id: c.rule for c in full.criteria}
    assert rules["prop"] == Proportional(cap=Decimal("1.2"))
    assert rules["thr"] == Threshold(at=Decimal("0.85"))
    assert rules["short"] == Shortfall(deduct=1, per=5, step=thidua.Step.CEIL, min=2)
    assert rules["bands"] == Bands(((Decimal(80), Decimal(10)), (Decimal(60), Decimal("7.5"))),
                                   of=thidua.BandsOf.ACTUAL)
    assert rules["best"] == Best(of=thidua.BestOf.ACTUAL)
    assert rules["rank"] == Rank((Decimal(10), Decimal(8), Decimal(6)))
    assert rules["man"] == Manual()
    assert rules["ex"] == Expr("attainment(prop) * 10")
    assert [c.kind.value for c in full.criteria] == [
        "proportional", "threshold", "shortfall", "bands", "best", "rank", "manual", "expr"]
    assert full.criterion("bands").bands_of is thidua.BandsOf.ACTUAL
    assert full.criterion("prop").bands_of is None


def test_a_criterion_repr_shows_its_rule_and_parameters(full):
    text = repr(full.criterion("short"))
    assert "Shortfall(deduct=Decimal('1'), per=Decimal('5'), step=Step.CEIL, min=Decimal('2'))" in text
    assert "direction=Direction.LOWER" in text


def test_bonuses_adjustments_and_measures_read_back(full):
    assert full.criterion("prop").bonus == Bonus(per=10, points=Decimal("0.5"), max=2)
    assert full.criterion("thr").bonus == Bonus(per=5, points=1, max=None)
    assert full.criterion("short").bonus is None
    assert full.adjustments == (
        thidua.Adjustment("flag", thidua.AdjustmentKind.BONUS, name="Cờ", points=Decimal(10), max=None),
        thidua.Adjustment("late", thidua.AdjustmentKind.DEDUCTION, name="", points=Decimal(1), max=Decimal(8)),
    )
    assert full.bonus_max == 5
    measures = full.measures
    assert list(measures)[0] == "rate" and measures["rate"] == "prop / thr"
    assert measures["prop"] is None and measures["man"] is None


def test_classification_ranking_awards_and_leader_read_back(full):
    assert full.classifications == (
        thidua.Classification("xs", "Xuất sắc", min=Decimal(80), when="min_share() >= 85%"),
        thidua.Classification("ht", "", min=None, when=None),
    )
    assert full.ranking == (thidua.RankingKey("total", True), thidua.RankingKey("deduction", False))
    flag, cert, open_ = full.awards
    assert flag == thidua.Award("flag_award", "Cờ thi đua", when="rank == 1", quota=Quota(count=1))
    assert cert.quota == Quota(percent=Decimal(50), rounding=thidua.Rounding.CEIL, min=1)
    assert cert.excludes == ("flag_award",) and cert.order == "deduction" and cert.when is None
    assert open_.quota is None and open_.excludes == () and open_.order is None
    assert full.leader_rule is thidua.LeaderRule.ROTATION
    assert full.leader_order == ("u2", "u1")


def test_low_level_reads_check_their_arguments(full):
    c = thidua._thidua
    rb = full._c
    with pytest.raises(thidua.InvalidArgumentError):
        c.td_rulebook_criterion_rule(rb, 99)
    with pytest.raises(thidua.InvalidArgumentError):
        c.td_rulebook_award_quota(rb, 99)
    assert c.td_rulebook_criterion_bonus(rb, 99) is None
    with pytest.raises(thidua.NotFoundError, match="unknown measure 'nothing'"):
        c.td_rulebook_find_measure(rb, "nothing")
    with pytest.raises(thidua.NotFoundError, match="unknown adjustment item 'lte'"):
        c.td_rulebook_find_adjustment(rb, "lte")
    assert c.td_rulebook_find_adjustment(rb, "late") == 1


def test_a_rulebook_rebuilt_from_what_it_reads_writes_the_same_yaml(full):
    """The read API says everything: a builder fed from it alone gives the same rulebook."""
    b = thidua.RulebookBuilder(full.id, name=full.name)
    for f, formula in full.measures.items():
        if formula is not None:
            b.add_measure(f, formula)
    for s in full.sections:
        b.add_section(s.id, max=s.max)
        for cid in s.criteria:
            c = full.criterion(cid)
            b.add_criterion(s.id, c.id, max=c.max, rule=c.rule, direction=c.direction, bonus=c.bonus)
    for a in full.adjustments:
        b.add_adjustment(a.id, kind=a.kind, points=a.points, max=a.max, name=a.name or None)
    b.set_bonus_max(full.bonus_max)
    for e in full.classifications:
        b.add_classification(e.id, name=e.name or None, min=e.min, when=e.when)
    for k in full.ranking:
        b.add_ranking_key(k.expr, descending=k.descending)
    for a in full.awards:
        b.add_award(a.id, name=a.name or None, when=a.when, quota=a.quota, excludes=a.excludes, order=a.order)
    b.set_leader(full.leader_rule, order=full.leader_order)
    assert b.build().to_yaml() == full.to_yaml()


def test_a_rule_set_as_a_dict_reads_back_the_same():
    """td_rulebook_builder_set_rule() takes the dict td_rulebook_criterion_rule() gives."""
    c = thidua._thidua
    b = c.td_rulebook_builder_new("r")
    c.td_rulebook_builder_add_section(b, "A", None, None)
    c.td_rulebook_builder_add_criterion(b, "A", "x", None, 10)
    rule = {"kind": c.TD_RULE_BANDS, "bands_of": c.TD_BANDS_OF_ACTUAL,
            "band_at": [80, "60.5"], "band_points": [10, Decimal("7.5")]}
    c.td_rulebook_builder_set_rule(b, "x", rule)
    got = c.td_rulebook_criterion_rule(c.td_rulebook_builder_build(b), 0)
    assert got["kind"] == c.TD_RULE_BANDS and got["bands_of"] == c.TD_BANDS_OF_ACTUAL
    assert got["band_at"] == [Decimal(80), Decimal("60.5")] and got["band_points"] == [Decimal(10), Decimal("7.5")]
    c.td_rulebook_builder_set_rule(b, "x", {"kind": c.TD_RULE_EXPR, "expr": "attainment(x) * 10"})
    assert c.td_rulebook_criterion_rule(c.td_rulebook_builder_build(b), 0)["expr"] == "attainment(x) * 10"


def test_set_rule_refuses_bad_rules_and_keeps_the_old_one():
    c = thidua._thidua
    b = c.td_rulebook_builder_new("r")
    c.td_rulebook_builder_add_section(b, "A", None, None)
    c.td_rulebook_builder_add_criterion(b, "A", "x", None, 10)
    c.td_rulebook_builder_set_rule(b, "x", {"kind": c.TD_RULE_MANUAL})
    with pytest.raises(ValueError, match="2 band 'at' values but 1 band points"):
        c.td_rulebook_builder_set_rule(b, "x", {"kind": c.TD_RULE_BANDS, "band_at": [1, 0], "band_points": [5]})
    with pytest.raises(thidua.ValidationError, match="descending 'at': 0.9 follows 0.8"):
        c.td_rulebook_builder_set_rule(b, "x", {"kind": c.TD_RULE_BANDS, "band_at": ["0.8", "0.9"],
                                                "band_points": [5, 4]})
    with pytest.raises(thidua.ValidationError, match="rank points 11 of criterion 'x' exceeds its max 10"):
        c.td_rulebook_builder_set_rule(b, "x", {"kind": c.TD_RULE_RANK, "rank_points": [11]})
    with pytest.raises(thidua.InvalidArgumentError, match="unknown rule kind 42"):
        c.td_rulebook_builder_set_rule(b, "x", {"kind": 42})
    with pytest.raises(TypeError, match="expected a dict"):
        c.td_rulebook_builder_set_rule(b, "x", [1])
    with pytest.raises(thidua.NotFoundError):
        c.td_rulebook_builder_set_rule(b, "nope", {"kind": c.TD_RULE_MANUAL})
    # every refusal left the manual rule in place
    assert c.td_rulebook_criterion_rule(c.td_rulebook_builder_build(b), 0)["kind"] == c.TD_RULE_MANUAL


WARNED = """thidua: 1
id: w
sections:
  - id: A
    max: 100
    criteria:
      - {id: a, max: 50, rule: {kind: threshold, at: 85}}
      - {id: b, max: 50, rule: {kind: bands, bands: [{at: 90, points: 50}, {at: 0.8, points: 30}]}}
classification:
  - {id: xs, min: 120}
  - {id: kha, min: 90%}
  - {id: ht}
awards:
  - {id: k, quota: {percent: 0.3}}
"""


def test_likely_mistakes_are_warnings_with_their_place():
    with pytest.warns(thidua.RulebookWarning) as caught:
        rb = thidua.Rulebook.loads(WARNED, name="w.yaml")
    codes = [w.code for w in rb.warnings]
    assert codes == ["threshold-at-above-3", "band-at-above-3", "classification-min-above-maximum",
                     "classification-min-below-1", "quota-percent-below-1"]
    assert "did you mean 'min: 90'?" in rb.warnings[3].message
    assert [w.message.code for w in caught] == codes  # each issued through Python's warnings
    first = rb.warnings[0]
    assert (first.file, first.line, first.column) == ("w.yaml", 7, 54)
    assert "did you mean 85%?" in first.message
    assert str(first).startswith("w.yaml:7:54: criterion 'a': the threshold 'at: 85'")
    assert "did you mean 30?" in rb.warnings[4].message
    assert "the highest total this rulebook can give (100)" in rb.warnings[2].message


def test_warnings_can_be_errors_and_a_clean_rulebook_has_none(full):
    import warnings

    assert full.warnings == ()
    with warnings.catch_warnings():
        warnings.simplefilter("error", thidua.RulebookWarning)
        with pytest.raises(thidua.RulebookWarning, match="threshold-at-above-3"):
            thidua.Rulebook.loads(WARNED)
    # built in code: the same warnings, without a place
    with pytest.warns(thidua.RulebookWarning):
        rb = (thidua.RulebookBuilder("w").add_section("A")
              .add_criterion("A", "a", max=10, rule={"kind": "threshold", "at": 85}).build())
    assert [(w.code, w.file, w.line) for w in rb.warnings] == [("threshold-at-above-3", None, None)]


def test_keys_with_their_default_value_are_notes_not_warnings():
    text = ("thidua: 1\nid: d\nprecision: 2\nsections:\n  - id: A\n    criteria:\n"
            "      - {id: p, direction: higher, max: 10, rule: {kind: proportional, cap: 1.2}}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a note is no warning
        rb = thidua.Rulebook.loads(text, name="d.yaml")
    assert [(n.code, n.line, n.column) for n in rb.notes] == [("default-value", 3, 12), ("default-value", 7, 28)]
    assert isinstance(rb.notes[0], thidua.RulebookNote) and rb.warnings == ()
    assert str(rb.notes[1]) == ("d.yaml:7:28: criterion 'p': direction 'higher' is the default value: "
                                "the key can be left out [default-value]")
    built = (thidua.RulebookBuilder("b").add_section("A")
             .add_criterion("A", "c", max=1, rule={"kind": "manual"}, direction="higher").build())
    assert built.notes == ()  # a rulebook built in code has none
