"""RulebookBuilder: every method is one call of the library, which applies
the whole definition or nothing (rulebook.h, "Definitions in one call").

A composite method (a criterion with its rule and bonus, an award with its
quota, exclusions and ballot, a classification entry with its condition,
the leader with its order) that fails at any part leaves the builder
exactly as before: the same id can be added next, and the rulebook built is
the one a builder that never saw the failed call gives.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from decimal import Decimal
from typing import Any, Callable, Dict, List

import pytest

import thidua
from thidua import _thidua
from thidua.rules import Bands, Bonus, Proportional, Quota, Shortfall

HAS_YAML = hasattr(_thidua, "td_rulebook_to_yaml")


def describe(rb: thidua.Rulebook) -> Any:
    """Everything a rulebook defines, comparable: its YAML when this build
    writes YAML, and what it reads back in any build."""
    parts = (rb.id, rb.name, rb.precision, rb.sections, rb.nodes, rb.criteria, rb.measures, rb.adjustments,
             rb.classifications, rb.ranking, rb.awards, rb.leader_rule, rb.deputy_rule, rb.leader_order)
    return (rb.to_yaml() if HAS_YAML else None, parts)


def base() -> thidua.RulebookBuilder:
    """A builder that builds, with a node, a criterion and an award."""
    return (thidua.RulebookBuilder("rb", name="Bảng")
            .add_section("A", "Phần A", max=30)
            .add_node("A", "g", "Nhóm", max=10)
            .add_criterion("A", "c", max=10, rule=Proportional())
            .add_criterion("g", "d", max=10, rule=Proportional())
            .add_award("first", when="rank == 1", quota=1))


def assert_unchanged_then(b: thidua.RulebookBuilder, before: Any,
                          then: Callable[[thidua.RulebookBuilder], Any]) -> None:
    """b builds as before; `then` succeeds on it and gives what it gives on a
    builder that never saw the failed call."""
    assert describe(b.build()) == before
    then(b)
    fresh = base()
    then(fresh)
    assert describe(b.build()) == describe(fresh.build())
    assert repr(b) == repr(fresh)


# ---- criteria ---------------------------------------------------------------

CRITERION_FAILURES = [
    # (the failing keyword arguments, the exception): the criterion itself is
    # valid; a later part fails in the library (after the criterion was added
    # there) or in Python before any call
    (dict(rule=Proportional(), bonus=Bonus(per=0, points=1)), thidua.RangeError),
    (dict(rule=Proportional(), bonus={"per": 5, "points": -1}), thidua.RangeError),
    (dict(rule=Bands([(1, 10), (2, 5)])), thidua.ValidationError),
    (dict(rule=Bands([(1, 11)])), thidua.ValidationError),
    (dict(rule=Shortfall(deduct=1, per=5, min=11)), thidua.ValidationError),
    (dict(rule=Proportional(cap=0)), thidua.RangeError),
    (dict(rule={"kind": "proportional", "capp": 1}), ValueError),
    (dict(rule=Proportional(), measure="m\x07"), thidua.InvalidArgumentError),
    (dict(rule=Proportional(), direction="sideways"), ValueError),
    (dict(rule=Proportional(), bonus={"per": 5}), (TypeError, ValueError)),
]


@pytest.mark.parametrize("parent", ["A", "g"])
@pytest.mark.parametrize("kwargs,error", CRITERION_FAILURES)
def test_a_criterion_failing_at_any_part_is_not_added(parent, kwargs, error):
    b = base()
    before = describe(b.build())
    with pytest.raises(error):
        b.add_criterion(parent, "e", "Tiêu chí", max=10, **kwargs)
    assert_unchanged_then(b, before, lambda x: x.add_criterion(
        parent, "e", "Tiêu chí", max=10, rule=Bands([(1, 10), ("0.5", 5)]), measure="m", direction="lower",
        bonus=Bonus(per=5, points=1, max=2)))


def test_a_failed_criterion_keeps_the_earlier_ones_and_their_order():
    b = base()
    with pytest.raises(thidua.RangeError):
        b.add_criterion("A", "e", max=10, rule=Proportional(), bonus=Bonus(per=0, points=1))
    b.add_criterion("A", "f", max=5, rule=Proportional())
    rb = b.build()
    assert [c.id for c in rb.criteria] == ["d", "c", "f"]  # the node 'g' (holding d) came first
    assert rb.criterion("c").bonus is None


def test_a_criterion_with_every_part_reads_back():
    rb = (base().add_criterion("g", "e", "Tiêu chí", max=10, rule=Shortfall(deduct=1, per=5, step="ceil", min=2),
                               measure="rate", direction="lower", bonus={"per": 5, "points": 1, "max": 2})
          .build())
    e = rb.criterion("e")
    assert (e.name, e.parent, e.measure, e.direction) == ("Tiêu chí", "g", "rate", thidua.Direction.LOWER)
    assert e.rule == Shortfall(deduct=1, per=5, step=thidua.Step.CEIL, min=2)
    assert e.bonus == Bonus(per=5, points=1, max=2)


def test_a_duplicate_criterion_fails_before_anything():
    b = base()
    before = describe(b.build())
    with pytest.raises(thidua.DuplicateError):
        b.add_criterion("A", "c", max=10, rule=Proportional(), bonus=Bonus(per=5, points=1))
    assert describe(b.build()) == before
    assert b.build().criterion("c").bonus is None


# ---- classification -----------------------------------------------------------

@pytest.mark.parametrize("kwargs,error", [
    (dict(min=8, when="total >= 1\x00"), ValueError),             # NUL: refused before the call
    (dict(min=8, when="total >= 1 \ud800"), ValueError),          # not encodable as UTF-8
    (dict(min=-1, when="total >= 1"), thidua.RangeError),
    (dict(min=8, when=3), TypeError),
])
def test_a_classification_entry_failing_is_not_added(kwargs, error):
    b = base().add_classification("tot", min=5)
    with pytest.raises(error):
        b.add_classification("xs", "Xuất sắc", **kwargs)
    # the builder is as before: with a catch-all it builds what it built
    assert describe(b.add_classification("rest").build()) == describe(
        base().add_classification("tot", min=5).add_classification("rest").build())
    # and the same id can be added (before another catch-all: a fresh builder)
    b = base().add_classification("tot", min=5)
    with pytest.raises(error):
        b.add_classification("xs", "Xuất sắc", **kwargs)
    b.add_classification("xs", "Xuất sắc", min=8, when="all_met()").add_classification("rest")
    fresh = (base().add_classification("tot", min=5)
             .add_classification("xs", "Xuất sắc", min=8, when="all_met()").add_classification("rest"))
    assert describe(b.build()) == describe(fresh.build())
    assert repr(b) == repr(fresh)
    assert b.build().classifications[1] == thidua.Classification("xs", "Xuất sắc", min=8, when="all_met()")


def test_a_classification_taking_an_award_id_is_not_added():
    b = base()
    with pytest.raises(thidua.DuplicateError):
        b.add_classification("first", min=1, when="all_met()")
    b.add_classification("rest")
    assert [c.id for c in b.build().classifications] == ["rest"]


# ---- awards -------------------------------------------------------------------

AWARD_FAILURES = [
    (dict(excludes=["new"]), thidua.InvalidArgumentError),                  # excludes itself
    (dict(excludes=["first", "first"]), thidua.DuplicateError),
    (dict(excludes=["first", "new"]), thidua.InvalidArgumentError),         # fails after one exclusion
    (dict(quota=Quota(percent=150)), thidua.RangeError),
    (dict(quota=Quota(percent=50, min=-1)), thidua.RangeError),
    (dict(quota={"count": -1}), thidua.RangeError),
    (dict(quota=Quota(count=1, percent=50)), thidua.ValidationError),       # refused in Python
    (dict(quota=Quota(percent=50, per="team")), ValueError),
    (dict(quota=Quota(percent=50, of="x\x07")), thidua.InvalidArgumentError),
    (dict(excludes=["first"], ballot={"min": 2}), thidua.RangeError),     # after the exclusion
    (dict(excludes=["first"], ballot={"min": "90%", "of": "all"}), ValueError),
    (dict(excludes=["first"], quota=1, order="votes", ballot={"min": "150%"}), thidua.RangeError),
    (dict(excludes=["first", 3]), TypeError),
]


@pytest.mark.parametrize("kwargs,error", AWARD_FAILURES)
def test_an_award_failing_at_any_part_is_not_added(kwargs, error):
    b = base()
    before = describe(b.build())
    with pytest.raises(error):
        b.add_award("new", "Mới", when="total >= 1", **kwargs)
    # the exclusion of 'first' made before the failure is gone too: adding it
    # again is no duplicate
    assert_unchanged_then(b, before, lambda x: x.add_award(
        "new", "Mới", when="total >= 1", excludes=["first"], quota=Quota(percent=50, rounding="ceil", min=1),
        ballot={"min": "90%", "of": "cast"}, order="votes"))


def test_an_award_with_every_part_reads_back():
    rb = (base().add_award("second", "Nhì", when="total >= 1", excludes=("first",),
                           quota={"percent": 50, "of": "candidates", "per": "group", "rounding": "half_up"},
                           ballot={"min": "90%"}, order="votes")
          .add_award("third", order="total", quota=2).build())
    second, third = rb.awards[1:]
    assert second.excludes == ("first",) and second.order == "votes"
    assert second.quota == Quota(percent=50, rounding=thidua.Rounding.HALF_UP, of="candidates", per="group")
    assert second.ballot == (Decimal("0.9"), "council")
    assert third.order == "total" and third.quota == Quota(count=2) and third.when is None


def test_an_award_taking_a_classification_id_is_not_added():
    b = base().add_classification("rest")
    before = describe(b.build())
    with pytest.raises(thidua.DuplicateError):
        b.add_award("rest", quota=1, excludes=["first"])
    assert describe(b.build()) == before


# ---- the leader -----------------------------------------------------------------

def test_set_leader_with_a_unit_twice_keeps_the_earlier_settings():
    b = base().set_leader("rotation", ["a", "b", "c"], deputy="rotation")
    before = describe(b.build())
    for order, error in ((["x", "y", "x"], thidua.DuplicateError), (["x", "y\x07"], thidua.InvalidArgumentError),
                         (["x", None], TypeError)):
        with pytest.raises(error):
            b.set_leader("election", order, deputy="election")
        assert describe(b.build()) == before
    with pytest.raises(ValueError):
        b.set_leader("coin-toss", ["x"])
    rb = b.build()
    assert (rb.leader_rule, rb.deputy_rule, rb.leader_order) == (
        thidua.LeaderRule.ROTATION, thidua.DeputyRule.ROTATION, ("a", "b", "c"))


def test_set_leader_replaces_the_rule_the_deputy_rule_and_the_order():
    b = base().set_leader("rotation", ["a", "b", "c"], deputy="rotation")
    b.set_leader("rotation", ["c", "a"])  # the same units again: no duplicate, a new order
    rb = b.build()
    assert (rb.leader_rule, rb.deputy_rule, rb.leader_order) == (
        thidua.LeaderRule.ROTATION, thidua.DeputyRule.NONE, ("c", "a"))
    rb = b.set_leader("election").build()
    assert (rb.leader_rule, rb.deputy_rule, rb.leader_order) == (thidua.LeaderRule.ELECTION, thidua.DeputyRule.NONE, ())
    rb = b.set_leader("top_rank", "a", deputy="succession").build()  # one unit as a str
    assert (rb.leader_rule, rb.deputy_rule, rb.leader_order) == (
        thidua.LeaderRule.TOP_RANK, thidua.DeputyRule.SUCCESSION, ("a",))
    assert describe(rb) == describe(base().set_leader("top_rank", ["a"], deputy="succession").build())


# ---- no replay log ------------------------------------------------------------

def test_the_builder_keeps_no_replay_log():
    b = base().set_leader("rotation", ["a"])
    assert not hasattr(b, "_log") and not hasattr(b, "_apply")
    assert repr(b) == "<RulebookBuilder 'rb': 7 definitions>"  # the name and six definitions
    with pytest.raises(thidua.RangeError):
        b.add_criterion("A", "e", max=10, rule=Proportional(), bonus=Bonus(per=0, points=1))
    assert repr(b) == "<RulebookBuilder 'rb': 7 definitions>"


def _count_calls(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    calls: List[str] = []
    for name in dir(_thidua):
        if name.startswith("td_rulebook_builder_") and name not in ("td_rulebook_builder_new",
                                                                   "td_rulebook_builder_build"):
            fn = getattr(_thidua, name)

            def counted(*args: Any, _fn: Callable[..., Any] = fn, _name: str = name) -> Any:
                calls.append(_name)
                return _fn(*args)

            monkeypatch.setattr(_thidua, name, counted)
    return calls


METHODS: Dict[str, Callable[[thidua.RulebookBuilder], Any]] = {
    "add_criterion": lambda b: b.add_criterion("A", "e", max=10, rule=Bands([(1, 10)]), measure="m",
                                               direction="lower", bonus=Bonus(per=5, points=1, max=2)),
    "add_classification": lambda b: b.add_classification("xs", min=5, when="all_met()"),
    "add_award": lambda b: b.add_award("new", when="total > 0", quota=Quota(percent=50, of="candidates",
                                                                            per="group"),
                                       excludes=["first"], ballot={"min": "90%"}, order="votes"),
    "set_leader": lambda b: b.set_leader("rotation", ["a", "b"], deputy="rotation"),
    "set_rule": lambda b: b.set_rule("c", Shortfall(deduct=1, per=5)),
    "set_bonus": lambda b: b.set_bonus("c", Bonus(per=5, points=1)),
}


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_makes_one_call(method, monkeypatch):
    b = base()
    calls = _count_calls(monkeypatch)
    METHODS[method](b)
    assert len(calls) == 1, calls


# ---- the dicts of the low-level module ------------------------------------------

def builder() -> Any:
    b = _thidua.td_rulebook_builder_new("low")
    _thidua.td_rulebook_builder_add_section(b, "A", None, None)
    return b


@pytest.mark.parametrize("fn,spec,error,match", [
    ("add_criterion_spec", {"parent_id": "A", "id": "c", "max": 1, "maxx": 2}, TypeError, r"unknown key 'maxx'"),
    ("add_criterion_spec", {"parent_id": "A", "id": "c", "max": True}, TypeError, r"key 'max': expected a number"),
    ("add_criterion_spec", {"parent_id": "A", "id": 3, "max": 1}, TypeError, r"key 'id': expected str or None"),
    ("add_criterion_spec", {"parent_id": "A", "id": "c\x00", "max": 1}, ValueError, r"key 'id': .*NUL"),
    ("add_criterion_spec", {"parent_id": "A", "id": "c", "max": 1, "direction": 2 ** 40}, OverflowError,
     r"key 'direction'"),
    ("add_criterion_spec", {"parent_id": "A", "id": "c", "max": 1, "bonus": {"per": 1, "pts": 1}}, TypeError,
     r"key 'bonus': unknown key 'pts'"),
    ("add_criterion_spec", {"parent_id": "A", "id": "c", "max": 1, "rule": [1]}, TypeError, r"expected a dict"),
    ("add_criterion_spec", ["A", "c"], TypeError, r"argument 2: expected a dict"),
    ("add_classification_spec", {"id": "k", "when": "x\ud800"}, ValueError, r"key 'when': .*UTF-8"),
    ("add_classification_spec", {"id": "k", "min": "a"}, ValueError, r"'a' is not a number"),
    ("add_award_spec", {"id": "a", "excludes": "b"}, TypeError, r"key 'excludes': expected a sequence of str"),
    ("add_award_spec", {"id": "a", "excludes": ["b", 1]}, TypeError, r"key 'excludes', item 1: expected str,"),
    ("add_award_spec", {"id": "a", "quota_per_group": 1}, TypeError, r"key 'quota_per_group': expected a bool"),
    ("add_award_spec", {"id": "a", "quota": {"kind": 1, "count": "2"}}, TypeError,
     r"key 'quota', key 'count': expected an int"),
    ("add_award_spec", {"id": "a", "quota": {"kind": 9}}, thidua.InvalidArgumentError, r"unknown quota kind 9"),
    ("set_leader_spec", {"rule": 1, "order": ["a", "a"]}, thidua.DuplicateError, r"appears twice"),
    ("set_leader_spec", {"rule": 1, "order": ("a", None)}, TypeError, r"key 'order', item 1"),
    ("set_leader_spec", {"rule": 7}, thidua.InvalidArgumentError, r"unknown leader rule 7"),
    ("set_leader_spec", {"rules": 1}, TypeError, r"unknown key 'rules' \(known: rule, deputy, order\)"),
])
def test_a_spec_dict_of_the_wrong_shape_raises_naming_the_key(fn, spec, error, match):
    with pytest.raises(error, match=match):
        getattr(_thidua, f"td_rulebook_builder_{fn}")(builder(), spec)


def test_the_spec_dicts_take_the_fields_of_their_struct():
    b = builder()
    _thidua.td_rulebook_builder_add_criterion_spec(b, {
        "parent_id": "A", "id": "c", "name": "C", "max": "10", "measure": "m", "direction": _thidua.TD_DIRECTION_LOWER,
        "rule": {"kind": _thidua.TD_RULE_RANK, "rank_points": [10, 5]}, "bonus": {"per": 5, "points": 1, "max": None}})
    _thidua.td_rulebook_builder_add_classification_spec(b, {"id": "k", "min": None, "when": None})
    _thidua.td_rulebook_builder_add_award_spec(b, {"id": "a", "quota": {"kind": _thidua.TD_QUOTA_COUNT, "count": 1}})
    _thidua.td_rulebook_builder_add_award_spec(b, {
        "id": "b", "name": None, "when": "total > 0", "excludes": ("a",), "ballot_min": "0.5",
        "ballot_of": _thidua.TD_BALLOT_OF_CAST, "order_votes": True, "quota_per_group": False,
        "quota": {"kind": _thidua.TD_QUOTA_PERCENT, "percent": 50, "rounding": _thidua.TD_ROUNDING_CEIL, "min": 1},
        "quota_of": "candidates", "order": None})
    _thidua.td_rulebook_builder_set_leader_spec(b, {"rule": _thidua.TD_LEADER_RULE_ROTATION, "order": ["u", "v"]})
    rb = thidua.Rulebook(_thidua.td_rulebook_builder_build(b))
    c = rb.criterion("c")
    assert (c.name, c.measure, c.direction, c.bonus) == ("C", "m", thidua.Direction.LOWER, Bonus(per=5, points=1))
    a, bb = rb.awards
    assert a.quota == Quota(count=1) and bb.excludes == ("a",) and bb.order == "votes"
    assert bb.quota == Quota(percent=50, rounding=thidua.Rounding.CEIL, min=1, of="candidates")
    assert bb.ballot is not None and bb.ballot[1] == "cast"
    assert rb.leader_order == ("u", "v") and rb.deputy_rule is thidua.DeputyRule.NONE


def test_the_spec_conversions_leak_nothing():
    texts = ["id-" + "x" * 40 + str(i) for i in range(4)]
    specs = [
        ("add_criterion_spec", {"parent_id": "A", "id": texts[0], "name": texts[1], "max": 1, "measure": texts[2],
                                "rule": {"kind": _thidua.TD_RULE_BANDS, "band_at": [1, 2], "band_points": [1, 1]},
                                "bonus": {"per": 0, "points": 1}}),   # fails in the library
        ("add_criterion_spec", {"parent_id": "A", "id": texts[0], "max": 1,
                                "rule": {"kind": _thidua.TD_RULE_EXPR, "expr": texts[3]}, "bonus": {"pts": 1}}),
        ("add_award_spec", {"id": texts[0], "excludes": [texts[1], texts[2], 5]}),
        ("add_award_spec", {"id": texts[0], "excludes": [texts[1], texts[0]], "quota_of": texts[3]}),
        ("add_classification_spec", {"id": texts[0], "name": texts[1], "when": texts[2] + "\x00"}),
        ("set_leader_spec", {"rule": 1, "order": texts + texts}),
        ("set_leader_spec", {"rule": 1, "order": texts + [None]}),
    ]
    b = builder()

    def run() -> None:
        for fn, spec in specs:
            with pytest.raises(Exception):
                getattr(_thidua, f"td_rulebook_builder_{fn}")(b, spec)

    before = [sys.getrefcount(t) for t in texts]
    for _ in range(50):
        run()
    gc.collect()
    tracemalloc.start()
    try:
        first, _ = tracemalloc.get_traced_memory()
        for _ in range(2000):
            run()
        gc.collect()
        last, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert last - first < 64 * 1024
    assert [sys.getrefcount(t) for t in texts] == before
