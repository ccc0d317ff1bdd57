"""Rulebook 1.1 sections 4 and 6 from Python: roll-ups (children scored by a
child rulebook and counted into the parent's members by count(), sum() and
share()), units below members, their errors, and who owns what.

The case is tests/core/test_v11_rollup.c's, worked by hand there: households
(children) scored by a manual "score" out of 100 and classified xuat_sac
(>= 90), kha (>= 70) or none; award ldtt goes to xuat_sac households. Three
districts d1..d3; x1 is a commune below d1 and x2 a branch below x1.

    child  unit  score  class     registered  income
    h1     d1    95     xuat_sac  1           10.5
    h2     x1    75     kha       1           20.25
    h3     x2    50     none      0           -
    h4     d2    92     xuat_sac  1           7
    h5     d2    60     none      -           3
    h6     d3    80     kha       -           -

    member  children  hh_registered  hh_achieved  hh_income  ldtt_share  households
    d1      3         2              2            30.75      0.333333    3
    d2      2         1              1            7          0.5         2
    d3      1         0              1            0          0           1

With targets 2, 2 and 1 for hh_achieved (max 10, proportional capped at 1):
d1 10, d2 5, d3 10.
"""

from __future__ import annotations

import gc
import weakref
from decimal import ROUND_HALF_UP, Decimal

import pytest

import thidua
from thidua.rules import Manual, Proportional

#: (id, unit, score, registered, income)
HOUSEHOLDS = [
    ("h1", "d1", "95", "1", "10.5"),
    ("h2", "x1", "75", "1", "20.25"),
    ("h3", "x2", "50", "0", None),
    ("h4", "d2", "92", "1", "7"),
    ("h5", "d2", "60", None, "3"),
    ("h6", "d3", "80", None, None),
]
UNITS = [("x2", "x1", "Chi hội 2"), ("x1", "d1", "Xã 1")]  # a unit may name a parent added after it
TARGETS = {"d1": 2, "d2": 2, "d3": 1}
MEASURES = {
    "hh_registered": "count(has(registered) and actual(registered) == 1)",
    "hh_achieved": "count(classification != 'none')",
    "hh_income": " sum( actual(income, 0) , classification != 'none' ) ",
    "ldtt_share": "share(award('ldtt'))",
    "households": "count()",
}
#: the hand-worked table above
WORKED = {
    "d1": (3, {"hh_registered": "2", "hh_achieved": "2", "hh_income": "30.75", "ldtt_share": "0.333333",
               "households": "3"}),
    "d2": (2, {"hh_registered": "1", "hh_achieved": "1", "hh_income": "7", "ldtt_share": "0.5", "households": "2"}),
    "d3": (1, {"hh_registered": "0", "hh_achieved": "1", "hh_income": "0", "ldtt_share": "0", "households": "1"}),
}


def child_rulebook() -> thidua.Rulebook:
    return (thidua.RulebookBuilder("ho")
            .add_section("H")
            .add_criterion("H", "score", max=100, rule=Manual())
            .add_input("registered").add_input("income")
            .add_classification("xuat_sac", min=90)
            .add_classification("kha", min=70)
            .add_classification("none")
            .add_award("ldtt", when="classification == 'xuat_sac'")
            .build())


def parent_builder(child: thidua.Rulebook) -> thidua.RulebookBuilder:
    return (thidua.RulebookBuilder("cum")
            .add_section("A")
            .add_criterion("A", "ach", max=10, measure="hh_achieved", rule=Proportional(cap=1))
            .add_rollup("sxkd", child))


def parent_rulebook(child: thidua.Rulebook) -> thidua.Rulebook:
    b = parent_builder(child)
    for measure, aggregate in MEASURES.items():
        b.add_rollup_measure("sxkd", measure, aggregate)
    return b.build()


def households(period: int = 2024, count: int = len(HOUSEHOLDS)) -> thidua.Cluster:
    kids = thidua.Cluster("ho-2024", period)
    for hid, unit, score, registered, income in HOUSEHOLDS[:count]:
        kids.add_member(hid, group=unit).set_score(hid, "score", score)
        if registered is not None:
            kids.set_actual(hid, "registered", registered)
        if income is not None:
            kids.set_actual(hid, "income", income)
    return kids


def districts(children: bool = True) -> thidua.Cluster:
    cl = thidua.Cluster("cum-2", 2024)
    for unit, target in TARGETS.items():
        cl.add_member(unit).set_target(unit, "hh_achieved", target)
    for unit, parent, name in UNITS:
        cl.add_unit(unit, parent, name)
    if children:
        cl.set_children("sxkd", households())
    return cl


def by_hand() -> dict:
    """The aggregates computed here from HOUSEHOLDS, independently of the
    library: each household's district through the unit tree, its
    classification from its score."""
    parent = {u: p for u, p, _ in UNITS}

    def district(unit):
        while unit in parent:
            unit = parent[unit]
        return unit

    out = {}
    for d in TARGETS:
        mine = [h for h in HOUSEHOLDS if district(h[1]) == d]
        achieving = [h for h in mine if Decimal(h[2]) >= 70]
        ldtt = [h for h in mine if Decimal(h[2]) >= 90]
        out[d] = (len(mine), {
            "hh_registered": Decimal(sum(1 for h in mine if h[3] == "1")),
            "hh_achieved": Decimal(len(achieving)),
            "hh_income": sum((Decimal(h[4] or 0) for h in achieving), Decimal(0)),
            "ldtt_share": (Decimal(len(ldtt)) / len(mine)).quantize(Decimal("0.000001"), ROUND_HALF_UP),
            "households": Decimal(len(mine)),
        })
    return out


@pytest.fixture(scope="module")
def rulebook() -> thidua.Rulebook:
    return parent_rulebook(child_rulebook())


# ---- the worked case -----------------------------------------------------------


@pytest.mark.parametrize("explain", [True, False, "on_demand"])
def test_children_are_scored_and_counted_into_their_members(rulebook, explain):
    res = rulebook.evaluate(districts(), explain=explain, threads=3)
    hand = by_hand()
    assert [r.id for r in res.rollups] == ["sxkd"]
    sxkd = res.rollup("sxkd")
    assert sxkd.measures == tuple(MEASURES)
    for unit, (children, values) in WORKED.items():
        got = res[unit].rollup("sxkd")
        assert (got.rollup, got.unit, got.children) == ("sxkd", unit, children)
        assert got.values == {k: Decimal(v) for k, v in values.items()}
        assert (got.children, got.values) == hand[unit]
        assert sxkd.member(unit) == got
    assert [m.unit for m in sxkd.members] == list(res.units)
    assert res["d1"].unit_count == 2 and res["d2"].unit_count == 0 and res["d3"].unit_count == 0
    # the parent is scored on the rolled-up actual: min(actual / target, 1) × 10
    for unit, (_, values) in WORKED.items():
        crit = res[unit].criterion("ach")
        assert crit.actual == Decimal(values["hh_achieved"])
        assert crit.points == min(crit.actual / TARGETS[unit], 1) * 10
    assert [res[u].criterion("ach").points for u in ("d1", "d2", "d3")] == [10, 5, 10]


def test_the_children_have_their_own_result(rulebook):
    res = rulebook.evaluate(districts())
    kids = res.rollups[0].children
    assert isinstance(kids, thidua.Result)
    assert kids is res.rollups[0].children  # wrapped once
    assert kids.rulebook.id == "ho"
    assert len(kids) == len(HOUSEHOLDS)
    for hid, unit, score, _, _ in HOUSEHOLDS:
        assert kids[hid].group == unit
        assert kids[hid].total == Decimal(score)
        expected = "xuat_sac" if Decimal(score) >= 90 else "kha" if Decimal(score) >= 70 else "none"
        assert kids[hid].classification == expected
        assert kids[hid].award("ldtt").selected == (expected == "xuat_sac")
    assert kids.lang is res.lang
    assert kids.rollups == ()
    # expressions of the child rulebook read it, as any result of that rulebook
    flag = rulebook.rollups[0].child.compile("total >= 90 and award('ldtt')")
    assert flag.evaluate_all(kids) == {h[0]: Decimal(h[2]) >= 90 for h in HOUSEHOLDS}
    assert all(m.unit_count == 0 and m.rollups == {} for m in kids)


def test_the_child_result_file_lists_statuses_in_the_children_order(rulebook):
    kids = rulebook.evaluate(districts()).rollups[0].children
    text = kids.render("statuses")
    lines = text.split("\r\n")
    assert lines[0] == "id,unit,classification,ldtt"
    want = []
    for hid, unit, score, _, _ in HOUSEHOLDS:
        cls = "xuat_sac" if Decimal(score) >= 90 else "kha" if Decimal(score) >= 70 else "none"
        want.append(f"{hid},{unit},{cls},{'selected' if cls == 'xuat_sac' else 'not_eligible'}")
    assert lines[1:-1] == want and lines[-1] == ""


def test_rolled_up_values_are_explained_in_both_languages(rulebook):
    res = rulebook.evaluate(districts(), lang="en")
    assert res["d1"].rollup("sxkd").explain["hh_achieved"] == \
        "hh_achieved = count(classification != 'none') over 3 children of d1 (and 2 units below it) = 2"
    assert res["d2"].rollup("sxkd").explain["households"] == "households = count() over 2 children of d2 = 2"
    assert res["d3"].rollup("sxkd").explain["ldtt_share"] == "ldtt_share = share(award('ldtt')) over 1 child of d3 = 0"
    vi = res.in_language("vi")
    assert vi["d3"].rollup("sxkd").explain["ldtt_share"] == \
        "ldtt_share = share(award('ldtt')) trên 1 đối tượng của d3 = 0"
    assert vi["d1"].rollup("sxkd").explain["hh_registered"].endswith(
        "trên 3 đối tượng của d1 (và 2 đơn vị trực thuộc) = 2")
    # the children's explanations follow the language too
    assert "xuat_sac" in vi.rollups[0].children["h1"].classification_explain
    assert vi.rollups[0].children.lang is thidua.Lang.VI
    # numbers only: the values without explanations, as every explain field
    quiet = rulebook.evaluate(districts(), explain=False)
    assert quiet["d1"].rollup("sxkd").values == res["d1"].rollup("sxkd").values
    assert set(quiet["d1"].rollup("sxkd").explain.values()) == {""}


def test_children_for_their_numbers_only(rulebook):
    full = rulebook.evaluate(districts(), lang="en")
    lean = rulebook.evaluate(districts(), lang="en", explain_children=False)
    # the cluster's numbers and texts, what the roll-ups count among them, are the same
    assert lean.to_dict() == full.to_dict()
    for unit in WORKED:
        assert lean[unit].rollup("sxkd").explain == full[unit].rollup("sxkd").explain
        assert lean[unit].criterion("ach").explain == full[unit].criterion("ach").explain
    # the children: the same numbers and statuses, no texts (and no report that shows them)
    kids, full_kids = lean.rollups[0].children, full.rollups[0].children
    for hid, *_ in HOUSEHOLDS:
        assert kids[hid].total == full_kids[hid].total
        assert kids[hid].classification == full_kids[hid].classification
        assert not kids[hid].classification_explain
        assert full_kids[hid].classification_explain
    assert not kids.has_explanations and full_kids.has_explanations
    assert kids.render("statuses") == full_kids.render("statuses")
    with pytest.raises(thidua.Error):
        kids.render("json")
    with pytest.raises(TypeError, match="explain_children must be True or False"):
        rulebook.evaluate(districts(), explain_children=0)
    with pytest.raises(TypeError, match="explain_children must be True or False"):
        thidua.evaluate(rulebook, districts(), explain_children="no")


def test_the_json_result_has_the_rollups(rulebook):
    res = rulebook.evaluate(districts(), lang="en")
    d = res.to_dict()
    (entry,) = d["rollups"]
    assert entry["id"] == "sxkd"
    assert entry["children"] == len(HOUSEHOLDS)
    assert entry["classification"] == {"xuat_sac": 2, "kha": 2, "none": 2}
    assert [m["unit"] for m in entry["members"]] == list(TARGETS)  # the cluster's order
    assert entry["members"][0] == {"unit": "d1", "children": 3,
                                   "measures": {k: Decimal(v) for k, v in WORKED["d1"][1].items()}}
    if hasattr(thidua._thidua, "td_report_render"):
        import json

        assert json.loads(res.render("json"), parse_float=Decimal, parse_int=Decimal)["rollups"] == \
            json.loads(res.to_json(), parse_float=Decimal, parse_int=Decimal)["rollups"]
    # a rulebook without roll-ups: no key, as the JSON writer
    plain = res.rollups[0].children
    assert "rollups" not in plain.to_dict()


# ---- reading definitions back ------------------------------------------------------


def test_the_rulebook_and_the_cluster_read_back(rulebook):
    (r,) = rulebook.rollups
    assert isinstance(r, thidua.Rollup)
    assert r.id == "sxkd"
    assert r.measures == MEASURES  # the aggregates as given, in order
    assert list(r.measures) == list(MEASURES)
    assert r.child.id == "ho" and [a.id for a in r.child.awards] == ["ldtt"]
    assert rulebook.rollup("sxkd").measures == MEASURES
    with pytest.raises(thidua.NotFoundError, match="has no roll-up 'sx'"):
        rulebook.rollup("sx")
    assert r.child.rollups == ()
    cl = districts()
    assert cl.units == tuple(thidua.Unit(u, name, p) for u, p, name in UNITS)
    assert thidua.Cluster("c", 2024).add_member("a").add_unit("b", "a").units == (thidua.Unit("b", "", "a"),)
    kids = cl.children("sxkd")
    assert [m.id for m in kids.members] == [h[0] for h in HOUSEHOLDS]
    assert cl.children("other") is None


def test_the_child_rulebook_outlives_its_objects():
    child = child_rulebook()
    rb = parent_rulebook(child)
    ref = weakref.ref(child)
    del child
    gc.collect()
    assert ref() is None  # the parent holds its own reference in C
    only = rb.rollups[0].child
    del rb
    gc.collect()
    assert only.id == "ho"  # the borrowed child keeps the parent rulebook alive
    res = only.evaluate(households())
    assert res["h1"].classification == "xuat_sac"


# ---- errors --------------------------------------------------------------------------


@pytest.mark.parametrize("aggregate, column, part", [
    ("avg(total)", 1, "'avg' is no aggregate"),
    ("  total", 3, "'total' is no aggregate"),
    ("count(total >= 90", 6, "this '(' is not closed"),
    ("count(total > 1) + 1", 18, "text after the aggregate's ')'"),
    ("sum(total, )", 11, "an argument is empty"),
    ("count(total)", 7, "the condition must be true or false, got a number"),
    ("count(clasification != 'none')", 7, "clasification"),
    ("share(award('ldt'))", 13, "ldt"),
])
def test_a_bad_aggregate_is_a_parse_error_at_its_column(aggregate, column, part):
    b = parent_builder(child_rulebook())
    with pytest.raises(thidua.ParseError, match="roll-up measure 'm'") as e:
        b.add_rollup_measure("sxkd", "m", aggregate)
    assert part in e.value.message
    assert (e.value.line, e.value.column) == (1, column)
    # the builder is as it was: the same measure is added afterwards
    b.add_rollup_measure("sxkd", "m", "count()")


def test_builder_errors():
    child = child_rulebook()
    b = parent_builder(child)
    with pytest.raises(thidua.NotFoundError, match="unknown roll-up 'nope'"):
        b.add_rollup_measure("nope", "m", "count()")
    with pytest.raises(thidua.DuplicateError, match="declared twice"):
        b.add_rollup("sxkd", child)
    with pytest.raises(TypeError, match="must be a thidua.Rulebook"):
        b.add_rollup("r2", "ho.yaml")  # type: ignore[arg-type]
    b.add_rollup_measure("sxkd", "hh_achieved", "count()")
    with pytest.raises(thidua.DuplicateError, match="a roll-up gives measure 'hh_achieved' already"):
        b.add_rollup_measure("sxkd", "hh_achieved", "count()")
    parent = b.build()
    with pytest.raises(thidua.ValidationError, match="has roll-ups of its own"):
        parent_builder(child).add_rollup("r2", parent)
    # at build: a roll-up measure that is a derived measure
    b = parent_builder(child).add_rollup_measure("sxkd", "hh_achieved", "count()")
    b.add_measure("rate", "hh_achieved / 2").add_rollup_measure("sxkd", "rate", "count()")
    with pytest.raises(thidua.ValidationError, match="roll-up 'sxkd' gives measure 'rate', which is a derived measure"):
        b.build()


def _one_district() -> thidua.Cluster:
    return thidua.Cluster("c", 2024).add_member("d1").set_target("d1", "hh_achieved", 1)


def test_data_errors_name_the_rollup(rulebook):
    with pytest.raises(thidua.DataError, match="cluster 'c' gives no child data for roll-up 'sxkd' of rulebook 'cum'"):
        rulebook.evaluate(_one_district())
    with pytest.raises(thidua.DataError, match=r"child data for roll-up 'sxk', which rulebook 'cum' does not have "
                                               r"\(did you mean 'sxkd'\?\)"):
        rulebook.evaluate(_one_district().set_children("sxk", households(count=1)))
    with pytest.raises(thidua.DataError,
                       match="the child data of roll-up 'sxkd' is for period 2023, cluster 'c' for 2024"):
        rulebook.evaluate(_one_district().set_children("sxkd", households(2023, count=1)))
    # h2's unit x1 is no unit of this cluster
    with pytest.raises(thidua.DataError, match="child 'h2' of roll-up 'sxkd' names unit 'x1', which is neither a "
                                               "member of cluster 'c' nor a unit below one"):
        rulebook.evaluate(_one_district().add_unit("x11", "d1").set_children("sxkd", households(count=2)))
    # share() of a member without children
    cl = _one_district().add_member("d9").set_target("d9", "hh_achieved", 1)
    with pytest.raises(thidua.DataError, match="unit 'd9' has no child in roll-up 'sxkd', so no share"):
        rulebook.evaluate(cl.set_children("sxkd", households(count=1)))
    # the data giving a rolled-up actual too
    with pytest.raises(thidua.DataError, match="which a roll-up gives \\(given twice\\)"):
        rulebook.evaluate(districts().set_actual("d2", "hh_achieved", 1))
    # unit trees
    with pytest.raises(thidua.DataError, match="unit 'y2' has parent 'd7', which is neither a member nor a unit"):
        rulebook.evaluate(districts().add_unit("y2", "d7"))
    with pytest.raises(thidua.DataError, match="units below the members form a cycle"):
        rulebook.evaluate(districts().add_unit("y1", "y3").add_unit("y2", "y1").add_unit("y3", "y2"))
    deeper = rulebook.evaluate(districts().add_unit("y2", "y1").add_unit("y1", "x2"))
    assert deeper["d1"].unit_count == 4
    assert deeper["d1"].rollup("sxkd").explain["households"].endswith("(và 4 đơn vị trực thuộc) = 3")


def test_unit_and_children_arguments_are_checked():
    cl = thidua.Cluster("c", 2024).add_member("d1")
    with pytest.raises(thidua.DuplicateError, match="is a member of cluster 'c'"):
        cl.add_unit("d1", "d2")
    with pytest.raises(thidua.InvalidArgumentError, match="its own parent"):
        cl.add_unit("x", "x")
    cl.add_unit("x", "d1")
    with pytest.raises(thidua.DuplicateError, match="added twice"):
        cl.add_unit("x", "d1")
    with pytest.raises(TypeError, match="expected a thidua.Cluster"):
        cl.set_children("sxkd", None)  # type: ignore[arg-type]
    with pytest.raises(thidua.InvalidArgumentError, match="cannot be the children of itself"):
        cl.set_children("sxkd", cl)


def test_unknown_rollup_results():
    res = parent_rulebook(child_rulebook()).evaluate(districts())
    with pytest.raises(thidua.NotFoundError, match="has no roll-up 'other'"):
        res.rollup("other")
    with pytest.raises(KeyError):
        res["d1"].rollup("other")


# ---- ownership -----------------------------------------------------------------------


def test_handed_over_children_are_read_through_their_new_owner(rulebook):
    kids = households()
    low = kids._c
    cl = districts(children=False).set_children("sxkd", kids)
    # the low-level proxy gave the object up: it holds NULL, a free is refused
    assert thidua._thidua.td_cluster_member_count(low) == 0
    with pytest.raises(ValueError, match="not owned by Python"):
        thidua._thidua.td_cluster_free(low)
    # the Python object reads the same data, through the cluster that owns it
    assert len(kids) == len(HOUSEHOLDS)
    assert [m.id for m in kids] == [m.id for m in cl.children("sxkd")]
    # and refuses changes, saying why
    with pytest.raises(RuntimeError, match="child data of roll-up 'sxkd' of cluster 'cum-2'"):
        kids.add_member("h7")
    with pytest.raises(RuntimeError, match="can be read, not changed"):
        cl.children("sxkd").set_actual("h1", "income", 1)
    with pytest.raises(RuntimeError, match="can be read, not changed"):  # a data mapping's values alike
        cl.children("sxkd").update({"results": {"h1": {"income": 1}}})
    # nor can it be handed over again
    other = districts(children=False)
    with pytest.raises(thidua.InvalidArgumentError, match="is the child data of roll-up 'sxkd' of cluster 'cum-2' "
                                                          "already"):
        other.set_children("sxkd", kids)
    assert other.children("sxkd") is None
    # dropping the owner first: the children keep it alive
    ref = weakref.ref(cl)
    del cl, low
    gc.collect()
    assert ref() is not None
    assert kids.members[0].id == "h1"
    # the children alone may be evaluated with the child rulebook
    alone = rulebook.rollups[0].child.evaluate(kids)
    assert alone["h4"].classification == "xuat_sac"
    del kids, alone
    gc.collect()
    assert ref() is None  # and everything goes once nothing refers to it


def test_a_refused_hand_over_leaves_the_children_with_the_caller():
    cl = districts()
    again = households()
    with pytest.raises(thidua.DuplicateError, match="given twice"):
        cl.set_children("sxkd", again)
    again.add_member("h7")  # still its own
    assert len(again) == len(HOUSEHOLDS) + 1
    del again
    gc.collect()
    assert len(cl.children("sxkd")) == len(HOUSEHOLDS)


def test_the_owner_is_dropped_after_the_hand_over(rulebook):
    # the parent cluster freed (collected) with its children: once, no crash
    for _ in range(50):
        cl = districts()
        res = rulebook.evaluate(cl)
        del cl
        gc.collect()
        assert res["d2"].rollup("sxkd").children == 2
        del res
    gc.collect()


def test_low_level_hand_over_refuses_borrowed_children():
    low = thidua._thidua
    parent = districts()
    borrowed = low.td_cluster_children(parent._c, "sxkd")
    other = low.td_cluster_new("o", 2024)
    with pytest.raises(ValueError, match="not owned by Python"):
        low.td_cluster_set_children(other, "sxkd", borrowed)
    with pytest.raises(ValueError, match="not owned by Python"):
        low.td_cluster_free(borrowed)
    # a refusal by the library leaves the object owned by Python
    mine = low.td_cluster_new("k", 2024)
    with pytest.raises(thidua.InvalidArgumentError, match="roll-up id"):
        low.td_cluster_set_children(other, "", mine)
    low.td_cluster_free(mine)
    with pytest.raises(ValueError, match="not owned by Python"):
        low.td_cluster_free(mine)


def test_a_childrens_result_keeps_its_parent_alive(rulebook):
    res = rulebook.evaluate(districts(), lang="en")
    kids = res.rollups[0].children
    parent_ref = weakref.ref(res)
    handle = res._c
    del res
    gc.collect()
    assert parent_ref() is None  # the Python object is gone...
    del handle
    gc.collect()
    # ...and the C result lives on through the children's borrowed handle
    assert kids["h2"].classification == "kha"
    assert kids["h2"].group == "x1"
    assert kids.rulebook.id == "ho"
    assert "kha" in kids["h2"].classification_explain
    assert kids.to_dict()["members"][0]["unit"] == "h1"
    # the borrowed result cannot be freed from Python
    with pytest.raises(ValueError, match="not owned by Python"):
        thidua._thidua.td_result_free(kids._c)


def test_children_keep_working_after_the_cluster_is_dropped(rulebook):
    cl = districts()
    res = rulebook.evaluate(cl)
    kids = res.rollups[0].children
    del cl, res
    gc.collect()
    # the result copied what it needs: the clusters are gone
    assert len(kids) == len(HOUSEHOLDS)
    assert kids["h4"].award("ldtt").selected


def test_children_cannot_be_handed_over_while_evaluated(rulebook):
    kids = households()
    with kids._reading():  # as an evaluation in another thread does
        with pytest.raises(RuntimeError, match="being evaluated in another thread"):
            districts(children=False).set_children("sxkd", kids)
    cl = districts()
    view = cl.children("sxkd")
    with view._reading():  # evaluating the children blocks changes to their owner
        with pytest.raises(RuntimeError, match="being evaluated in another thread"):
            cl.add_member("d4")
        with pytest.raises(RuntimeError, match="being evaluated in another thread"):
            cl.update({"targets": {"d1": {"income": 5}}})
    cl.add_member("d4")


@pytest.mark.skipif(not hasattr(thidua._thidua, "td_rulebook_to_yaml"),
                    reason="this build has no file readers (THIDUA_IO=OFF)")
def test_a_rulebook_with_rollups_is_written_and_pickled_with_its_children(rulebook):
    import pickle

    text = rulebook.to_yaml()
    assert "rollups:\n  - id: sxkd\n    rulebook:\n      thidua: 1\n" in text
    back = pickle.loads(pickle.dumps(rulebook))
    assert back.to_yaml() == text
    assert [r.id for r in back.rollups] == ["sxkd"]
    assert dict(back.rollups[0].measures) == dict(rulebook.rollups[0].measures)
    # the child rulebook alone is written, and pickles
    child = rulebook.rollups[0].child
    back = pickle.loads(pickle.dumps(child))
    assert back.to_yaml() == child.to_yaml()
