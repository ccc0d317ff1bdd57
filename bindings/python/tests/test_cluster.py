"""Cluster: filled in code and from mappings of the data format."""

from __future__ import annotations

import copy
import json
import unicodedata
from decimal import Decimal

import pytest

import thidua


def test_from_dict_reads_every_part_of_the_format(lai_chau, lai_chau_rulebook):
    data = lai_chau.cluster_data()
    data["history"] = [{"unit": "tp-lai-chau", "period": 2022, "id": "xuat_sac"}]
    data["predecessors"] = {"tan-uyen": ["tan-uyen-cu"]}
    cluster = thidua.Cluster.from_dict(data)
    assert cluster.id == "cum-2" and cluster.period == 2023 and cluster.leader == "tan-uyen"
    assert cluster.name.startswith("Cụm thi đua số 2")
    assert [m.id for m in cluster] == ["tan-uyen", "tp-lai-chau", "than-uyen", "tam-duong"]
    assert len(cluster) == 4
    assert repr(cluster) == "<Cluster 'cum-2' 'Cụm thi đua số 2 — Hội Nông dân tỉnh Lai Châu' 2023: 4 members>"
    r = thidua.evaluate(lai_chau_rulebook, cluster)
    assert r["tan-uyen"].bonus == 2 and r["tam-duong"].deduction == 1
    assert r["tan-uyen"].criterion("reporting").points == Decimal("9.5")  # final wins
    assert r["tp-lai-chau"].criterion("reporting").points == 10  # cross when no final


def test_evaluate_accepts_the_mapping_itself(lai_chau, lai_chau_rulebook, lai_chau_cluster):
    a = thidua.evaluate(lai_chau_rulebook, lai_chau.cluster_data())
    b = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster)
    assert a.to_dict() == b.to_dict()


def test_update_merges_a_second_document(lai_chau):
    data = lai_chau.cluster_data()
    header = {k: data[k] for k in ("thidua", "period", "cluster")}
    rest = {k: data[k] for k in ("targets", "results", "scores", "events")}
    cluster = thidua.Cluster.from_dict(header).update(rest)
    with pytest.raises(thidua.DuplicateError, match=r"^targets\.tan-uyen\.hh_registered: "):
        cluster.update({"targets": {"tan-uyen": {"hh_registered": 1}}})


@pytest.mark.parametrize("path, value, error, where", [
    (("targets", "tan-uyen", "loans"), -5, thidua.RangeError, "targets.tan-uyen.loans"),
    (("results", "nobody"), {"loans": 1}, thidua.NotFoundError, "results.nobody.loans"),
    (("results", "tan-uyen", "loans"), "12,5", thidua.ParseError, "results.tan-uyen.loans"),
    (("scores", "final", "tan-uyen", "reporting"), "x", thidua.ParseError, "scores.final.tan-uyen.reporting"),
    (("events",), [{"unit": "tan-uyen", "item": "late_report", "count": 0}], thidua.RangeError, "events[0]"),
    (("cluster", "leader"), "nobody", thidua.NotFoundError, "cluster.leader"),
    (("targets", "tan-uyen", "loans"), True, TypeError, "targets.tan-uyen.loans"),
])
def test_errors_in_a_mapping_name_the_key_path(lai_chau, path, value, error, where):
    data = copy.deepcopy(lai_chau.cluster_data())
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(error) as info:
        thidua.Cluster.from_dict(data)
    assert str(info.value).startswith(where + ":")


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.pop("period"), "missing key 'period'"),
    (lambda d: d.update(thidua=2), "unsupported format version 2"),
    (lambda d: d.update(extra=1), "unknown key 'extra'"),
    (lambda d: d.update(period="2023"), "expected an integer year"),
    (lambda d: d["cluster"].update(colour="red"), "cluster: unknown key 'colour'"),
    (lambda d: d.update(events={"unit": "x"}), "events: expected a list"),
    (lambda d: d.update(scores={"peer": {}}), "scores: expected one of 'self', 'cross', 'final'"),
])
def test_malformed_mappings_are_refused(lai_chau, mutate, message):
    data = copy.deepcopy(lai_chau.cluster_data())
    mutate(data)
    with pytest.raises((thidua.Error, ValueError), match=message):
        thidua.Cluster.from_dict(data)


def test_members_in_every_accepted_shape():
    shapes = [
        ["a", "b"],
        [("a", "A"), ("b", "B")],
        [{"id": "a", "name": "A"}, {"id": "b"}],
        {"a": "A", "b": "B"},
    ]
    for members in shapes:
        c = thidua.Cluster("k", 2023).add_members(members)
        assert [m.id for m in c.members] == ["a", "b"]


def test_history_predecessors_and_consecutive_years():
    rb = (thidua.RulebookBuilder("rb").add_section("A")
          .add_criterion("A", "c", max=10, rule={"kind": "proportional"})
          .add_classification("top", min=5).add_classification("rest")
          .add_award("streak", when="consecutive('top') >= 2").build())
    c = (thidua.Cluster("k", 2025).add_member("new").set_target("new", "c", 1).set_actual("new", "c", 1)
         .add_predecessor("new", "old-a").add_predecessor("new", "old-b")
         .add_history("old-a", 2024, "top").add_history("old-b", 2023, "top"))
    assert thidua.evaluate(rb, c)["new"].award("streak").selected
    with pytest.raises(thidua.DataError, match="cycle"):
        c.add_predecessor("old-a", "new")


def test_changes_are_refused_while_an_evaluation_reads_the_cluster():
    c = thidua.Cluster("k", 2023).add_member("u")
    with c._reading():
        with pytest.raises(RuntimeError, match="being evaluated"):
            c.add_member("v")
    c.add_member("v")
    assert len(c) == 2


def test_period_must_be_an_int():
    with pytest.raises(TypeError):
        thidua.Cluster("k", "2023")
    with pytest.raises(TypeError):
        thidua.Cluster("k", True)


def test_leader_election_and_next_leader(lai_chau_rulebook):
    rb = (thidua.RulebookBuilder("rb").add_section("A").add_criterion("A", "c", max=10, rule={"kind": "manual"})
          .set_leader("election").build())
    c = (thidua.Cluster("k", 2023).add_members(["a", "b"]).set_leader("a").set_next_leader("b")
         .set_score("a", "c", 5).set_score("b", "c", 4, "cross"))
    r = thidua.evaluate(rb, c)
    assert r.next_leader == "b" and r["a"].is_leader and not r["b"].is_leader


# ---- Unicode NFC -----------------------------------------------------------

def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_rulebook():
    """Units and a criterion id with Vietnamese marks; the rotation order
    names the units in NFC."""
    return (thidua.RulebookBuilder("nfc").add_section("A")
            .add_criterion("A", "hh", max=10, rule={"kind": "proportional"})
            .add_criterion("A", nfd("điểm"), max=10, rule={"kind": "manual"})
            .add_adjustment("khen", kind="bonus", points=1)
            .add_award("top", quota=1)
            .set_leader("rotation", order=[nfc("Tân Uyên"), nfc("Tam Đường")])
            .build())


def nfc_data(unit):
    """The cluster data with every text that names a unit or the cluster
    passed through ``unit``; the criterion id stays as the rulebook has it."""
    tu, td = unit("Tân Uyên"), unit("Tam Đường")
    return {
        "period": 2023,
        "cluster": {"id": unit("Cụm thi đua số 2"), "name": unit("Cụm số 2 — Lai Châu"), "leader": tu,
                    "members": [{"id": tu, "name": unit("HND huyện Tân Uyên")}, td]},
        "targets": {tu: {"hh": 900}, td: {"hh": 800}},
        "results": {tu: {"hh": 950}, td: {"hh": 700}},
        "scores": {"final": {tu: {nfd("điểm"): 8}, td: {nfd("điểm"): 9}}},
        "events": [{"unit": td, "item": "khen", "count": 2}],
        "history": [{"unit": unit("Tân Uyên cũ"), "period": 2022, "id": "top"}],
        "next_leader": td,
        "predecessors": {tu: [unit("Tân Uyên cũ")]},
    }


def test_from_dict_puts_units_in_nfc():
    assert nfd("Tân Uyên") != nfc("Tân Uyên")
    rulebook = nfc_rulebook()
    composed = thidua.Cluster.from_dict(nfc_data(nfc))
    decomposed = thidua.Cluster.from_dict(nfc_data(nfd))
    assert decomposed.id == nfc("Cụm thi đua số 2") and decomposed.name == nfc("Cụm số 2 — Lai Châu")
    assert decomposed.members == (thidua.Member(nfc("Tân Uyên"), nfc("HND huyện Tân Uyên")),
                                  thidua.Member(nfc("Tam Đường"), ""))
    assert decomposed.leader == nfc("Tân Uyên")
    expected = thidua.evaluate(rulebook, composed)
    assert thidua.evaluate(rulebook, decomposed).to_dict() == expected.to_dict()
    assert expected[nfc("Tân Uyên")].is_leader and expected.next_leader == nfc("Tam Đường")
    # members decomposed, the values that name them composed: the same units
    mixed = nfc_data(nfc)
    mixed["cluster"]["members"] = [{"id": nfd("Tân Uyên"), "name": nfd("HND huyện Tân Uyên")}, nfd("Tam Đường")]
    assert thidua.evaluate(rulebook, mixed).to_dict() == expected.to_dict()
    # update() too
    header = {k: v for k, v in nfc_data(nfc).items() if k in ("period", "cluster")}
    rest = {k: v for k, v in nfc_data(nfd).items() if k not in ("period", "cluster")}
    updated = thidua.Cluster.from_dict(header).update(rest)
    assert thidua.evaluate(rulebook, updated).to_dict() == expected.to_dict()


def test_members_added_in_code_are_found_after_nfc():
    # add_member keeps the id as given; what names the member later may use
    # either form, in code, in update() and in frames
    rulebook = (thidua.RulebookBuilder("nfc").add_section("A")
                .add_criterion("A", "hh", max=10, rule={"kind": "proportional"})
                .add_criterion("A", nfd("điểm"), max=10, rule={"kind": "manual"})
                .add_adjustment("khen", kind="bonus", points=1).build())
    for member, later in ((nfd, nfc), (nfc, nfd), (nfd, nfd)):
        tu, td = member("Tân Uyên"), member("Tam Đường")
        c = thidua.Cluster("c", 2023).add_member(tu).add_member(td)
        c.update({"targets": {later("Tân Uyên"): {"hh": 900}, later("Tam Đường"): {"hh": 800}},
                  "results": {later("Tân Uyên"): {"hh": 950}}})
        c.set_actual(later("Tam Đường"), "hh", 700).set_score(later("Tân Uyên"), nfd("điểm"), 8)
        c.set_score(later("Tam Đường"), nfd("điểm"), 9).add_event(later("Tam Đường"), "khen", 2)
        c.set_leader(later("Tân Uyên"))
        assert [m.id for m in c.members] == [tu, td]
        assert c.leader == tu
        result = thidua.evaluate(rulebook, c)
        assert result[tu].criterion("hh").actual == Decimal(950)
        assert result[td].total == Decimal("8.75") + 9 + 2
    # a unit that is no member stays as given, and is refused as before
    c = thidua.Cluster("c", 2023).add_member("a")
    with pytest.raises(thidua.NotFoundError, match="'b'"):
        c.set_target("b", "hh", 1)


def test_from_dict_reads_text_as_the_file_readers_do():
    if not hasattr(thidua._thidua, "td_rulebook_load_file"):
        pytest.skip("this build has no file readers (THIDUA_IO=OFF)")
    rulebook = nfc_rulebook()
    for unit in (nfc, nfd):
        data = nfc_data(unit)
        read = thidua.Cluster.loads(json.dumps(data, ensure_ascii=False), format="json")
        assert thidua.evaluate(rulebook, thidua.Cluster.from_dict(data)).to_dict() == \
            thidua.evaluate(rulebook, read).to_dict()


def test_likely_data_mistakes_are_warnings_with_their_place():
    if not hasattr(thidua._thidua, "td_dataset_new"):
        pytest.skip("this build has no file readers (THIDUA_IO=OFF)")
    rb = thidua.Rulebook.loads("thidua: 1\nid: r\nsections: [{id: A, criteria: [{id: hh, max: 10, "
                               "rule: {kind: proportional}}]}]\n")
    members = "thidua: 1\nperiod: 2024\ncluster: {id: k, members: [{id: a}, {id: b}, {id: c}]}\n"
    csv = "unit,measure,target,actual\na,hh,100,120\nb,hh,0,64.010\nc,hh,90,91\n"
    with pytest.warns(thidua.DataWarning) as caught:
        c = thidua.Cluster.loads(members, csv, rulebook=rb)
    assert [w.code for w in c.warnings] == ["target-zero", "three-decimals-among-whole-numbers"]
    assert [w.message.code for w in caught] == ["target-zero", "three-decimals-among-whole-numbers"]
    w = c.warnings[1]
    assert (w.line, w.column) == (3, 8) and isinstance(w, thidua.ThiduaWarning)
    assert "read as 64.01" in w.message
    # a cluster filled in code has none
    assert thidua.Cluster("k", 2024).add_member("a").warnings == ()
