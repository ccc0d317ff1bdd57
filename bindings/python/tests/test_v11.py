"""Rulebook 1.1, section 1: inputs, parameters, has(), actual(id, default)
and rulebooks without sections, from Python."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
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


def test_cluster_kind_block_names_khoi_truong():
    """A block (khối) says "Khối trưởng / Khối phó" where a cluster (cụm) says
    "Cụm trưởng / Cụm phó"; English, JSON keys and every number stay the same."""
    rb = (thidua.RulebookBuilder("roles").add_award("pho", when="is_deputy")
          .set_leader("rotation", ["a", "b", "c"], deputy="succession").build())
    plain = thidua.Cluster("k", 2025).add_members(["a", "b", "c"]).set_leader("a").set_deputy("b")
    assert plain.kind is thidua.ClusterKind.CLUSTER
    block = thidua.Cluster("k", 2025, kind="block").add_members(["a", "b", "c"]).set_leader("a").set_deputy("b")
    assert block.kind is thidua.ClusterKind.BLOCK and block.kind == "block"
    vi = rb.evaluate(plain), rb.evaluate(block)
    assert vi[0].cluster_kind is thidua.ClusterKind.CLUSTER and vi[1].cluster_kind is thidua.ClusterKind.BLOCK
    assert vi[0].leader_explain == "kế nhiệm: cụm phó b làm cụm trưởng"
    assert vi[1].leader_explain == "kế nhiệm: khối phó b làm khối trưởng"
    assert vi[1].deputy_explain == "kế nhiệm: sau khối trưởng mới b là c theo thứ tự [a, b, c]"
    assert (vi[0].next_leader, vi[0].next_deputy) == (vi[1].next_leader, vi[1].next_deputy) == ("b", "c")
    table = vi[1].render("table")
    assert "Khối trưởng năm sau: b" in table and "Khối phó năm sau: c" in table and "ụm" not in table
    assert "Cụm trưởng năm sau: b" in vi[0].render("table")
    assert vi[0].render("table", lang="en") == vi[1].render("table", lang="en")
    # the property sets it too, and takes the enum or its spelling
    plain.kind = thidua.ClusterKind.BLOCK
    assert plain.kind is thidua.ClusterKind.BLOCK
    plain.kind = "cluster"
    assert plain.kind is thidua.ClusterKind.CLUSTER
    with pytest.raises(ValueError, match="cluster kind: expected one of 'cluster', 'block', got 'khoi'"):
        plain.set_kind("khoi")
    assert plain.kind is thidua.ClusterKind.CLUSTER


def test_cluster_kind_in_data():
    data = {"thidua": 1, "period": 2025, "cluster": {"id": "k", "kind": "block", "members": ["a"]}}
    assert thidua.Cluster.from_dict(data).kind is thidua.ClusterKind.BLOCK
    del data["cluster"]["kind"]
    assert thidua.Cluster.from_dict(data).kind is thidua.ClusterKind.CLUSTER
    data["cluster"]["kind"] = "Block"  # spelt as the file readers spell it, or refused
    with pytest.raises(thidua.ParseError, match="cluster.kind: expected one of 'cluster', 'block', got 'Block'"):
        thidua.Cluster.from_dict(data)
    text = "thidua: 1\nperiod: 2025\ncluster: {id: k, kind: block, members: [a]}\n"
    assert thidua.Cluster.loads(text).kind is thidua.ClusterKind.BLOCK
    with pytest.raises(thidua.ParseError) as info:
        thidua.Cluster.loads(text.replace("kind: block", "kind: khoi"), name="d.yaml")
    assert (info.value.line, info.value.column) == (3, 24)
    assert "'kind' must be one of cluster, block, found the text 'khoi'" in str(info.value)


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


def _nested() -> thidua.Rulebook:
    # A: node g1 (max 20) of two items; item a2; node g3 (max 25) holding
    # node g31 (max 12) of two items, and item a32. Children added out of
    # order on purpose: g31's second item after a32.
    return (thidua.RulebookBuilder("n").add_section("A", max=60)
            .add_node("A", "g1", "Nhóm 1", max=20)
            .add_criterion("g1", "a11", max=15, rule={"kind": "manual"})
            .add_criterion("g1", "a12", max=10, rule={"kind": "manual"})
            .add_criterion("A", "a2", max=20, rule={"kind": "manual"})
            .add_node("A", "g3", max=25)
            .add_node("g3", "g31", max=12)
            .add_criterion("g31", "a311", max=8, rule={"kind": "manual"})
            .add_criterion("g3", "a32", max=13, rule={"kind": "manual"})
            .add_criterion("g31", "a312", max=8, rule={"kind": "manual"})
            .add_classification("tot", min=50, when="min_share('group') >= 0.85")
            .add_classification("kem")
            .build())


def _nested_scores(**scores: dict) -> thidua.Cluster:
    return thidua.Cluster.from_dict({
        "thidua": 1, "period": 2025, "cluster": {"id": "c", "members": list(scores)},
        "scores": {"final": scores}})


def test_nested_criteria():
    rb = _nested()
    # rulebook order: depth first, each node's criteria where the node stands
    assert [c.id for c in rb.criteria] == ["a11", "a12", "a2", "a311", "a312", "a32"]
    assert [(c.id, c.parent) for c in rb.criteria][3:] == [("a311", "g31"), ("a312", "g31"), ("a32", "g3")]
    assert rb.node("g31") == thidua.Node(id="g31", name="", max=Decimal(12), section="A", parent="g3", level=2,
                                         criteria=("a311", "a312"), nodes=())
    assert [n.id for n in rb.nodes] == ["g1", "g3", "g31"] and rb.node("g3").nodes == ("g31",)
    res = rb.evaluate(_nested_scores(
        u1={"a11": 14, "a12": 9, "a2": 18, "a311": 8, "a312": 7, "a32": 12},
        u2={"a11": 10, "a12": 5, "a2": 20, "a311": 3, "a312": 2, "a32": 13}), lang="en")
    u1, u2 = res["u1"], res["u2"]
    # g1 = min(20, 23); g31 = min(12, 15); g3 = 12 + 12; A = min(60, 20 + 18 + 24)
    assert u1.nodes == {"g1": Decimal(20), "g3": Decimal(24), "g31": Decimal(12)}
    assert u1.sections == {"A": Decimal(60)} and u1.total == Decimal(60)
    assert "; groups of criteria: g1 min(20, 23) = 20, g3 24 (g31 min(12, 15) = 12)" in u1.explain
    # u2: g3 = 5 + 13 = 18 of 25 = 0.72 < 0.85 although the total is 53
    assert u2.nodes == {"g1": Decimal(15), "g3": Decimal(18), "g31": Decimal(5)}
    # each node's points with the sum of its children before the cap
    assert u1.node("g1") == thidua.NodeResult(id="g1", name="Nhóm 1", max=Decimal(20), points=Decimal(20),
                                              sum=Decimal(23))
    assert u1.node("g1").capped and u1.node("g31").capped and u1.node("g31").sum == Decimal(15)
    assert u1.node("g3").sum == Decimal(24) and not u1.node("g3").capped  # g31 counts after its cap: 12 + 12
    assert list(u1.node_results) == ["g1", "g3", "g31"]
    assert {n: r.points for n, r in u1.node_results.items()} == u1.nodes
    assert [r.sum for r in u2.node_results.values()] == [Decimal(15), Decimal(18), Decimal(5)]
    assert not any(r.capped for r in u2.node_results.values())
    with pytest.raises(KeyError):
        u1.node("a11")
    assert (u1.classification, u2.classification) == ("tot", "kem")
    assert thidua.Expression(rb, "min_share('group')").evaluate(res, "u2") == Decimal("0.72")
    assert thidua.Expression(rb, "min_share('section')").evaluate(res, "u2") == Decimal("0.883333333333")
    assert thidua.Expression(rb, "points('g31') + points('A')").evaluate(res, "u2") == Decimal(58)
    d = res.to_dict()
    assert d["members"][0]["nodes"] == [{"id": "g1", "points": Decimal(20), "max": Decimal(20)},
                                        {"id": "g3", "points": Decimal(24), "max": Decimal(25)},
                                        {"id": "g31", "points": Decimal(12), "max": Decimal(12)}]
    assert d == json.loads(res.render("json"), parse_float=Decimal)
    # the file format round trip keeps the tree
    again = thidua.Rulebook.loads(rb.to_yaml())
    assert again.nodes == rb.nodes and again.criteria == rb.criteria


def test_capped_groups_are_marked_in_the_reports(have_xlsx):
    res = _nested().evaluate(_nested_scores(
        u1={"a11": 14, "a12": 9, "a2": 18, "a311": 8, "a312": 7, "a32": 12},
        u2={"a11": 10, "a12": 5, "a2": 20, "a311": 3, "a312": 2, "a32": 13}))
    legend = "(*) Nhóm tiêu chí đã tính bằng điểm tối đa: tổng điểm các mục vượt điểm tối đa của nhóm."
    table = res.render("table")
    assert "20,00 *" in table and "12,00 *" in table and table.count(" *") == 2 and legend in table
    assert "(*) Group capped at its maximum: its items add up to more." in res.render("table", lang="en")
    html = res.render("html")
    assert 'title="Tổng các mục: 23,00 &gt; tối đa 20">20,00 *</td>' in html
    calm = _nested().evaluate(_nested_scores(u2={"a11": 10, "a12": 5, "a2": 20, "a311": 3, "a312": 2, "a32": 13}))
    assert " *" not in calm.render("table") and "(*)" not in calm.render("html")
    if not have_xlsx:
        return  # a build without libxlsxwriter (THIDUA_XLSX=OFF)
    # the workbook's cells are numbers: a comment on each capped one, the legend under the table
    book = zipfile.ZipFile(io.BytesIO(res.render("xlsx")))
    comments = ET.fromstring(book.read("xl/comments1.xml"))
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    got = {c.get("ref"): "".join(t.text for t in c.iterfind(".//x:t", ns))
           for c in comments.iterfind(".//x:comment", ns)}
    # u1 is the first member column (D): g1's row and g31's
    assert got == {"D6": "(*) Tổng các mục: 23,00 > tối đa 20", "D11": "(*) Tổng các mục: 15,00 > tối đa 12"}
    assert legend in book.read("xl/sharedStrings.xml").decode()
    assert "(*) Sum of the items: 23.00 > max 20" in zipfile.ZipFile(
        io.BytesIO(res.render("xlsx", lang="en"))).read("xl/comments1.xml").decode().replace("&gt;", ">")
    # nothing capped: no mark (above), no comment, no legend
    assert "xl/comments1.xml" not in zipfile.ZipFile(io.BytesIO(calm.render("xlsx"))).namelist()


def test_nested_criteria_mistakes():
    b = (thidua.RulebookBuilder("n").add_section("A").add_criterion("A", "x", max=1, rule={"kind": "manual"})
         .add_node("A", "g1", max=10).add_node("g1", "g2", max=5))
    with pytest.raises(thidua.ValidationError, match="at most 3 levels"):
        b.add_node("g2", "g3", max=1)
    with pytest.raises(thidua.NotFoundError, match="unknown section or group 'nope'"):
        b.add_node("nope", "g4", max=1)
    with pytest.raises(thidua.DuplicateError, match="takes the id of a group"):
        b.add_criterion("g2", "g1", max=1, rule={"kind": "manual"})
    with pytest.raises(thidua.ValidationError, match="group 'g1' has no criterion"):
        b.build()
    with pytest.raises(thidua.ParseError, match="did you mean 'group'"):
        thidua.Expression(_nested(), "min_share('grop')")


# ---- rulebook 1.1, section 8: member tables and history tables in CSV ----

_LAI_CHAU = Path(__file__).resolve().parents[3] / "examples" / "lai-chau"
_TABLES = Path(__file__).resolve().parents[3] / "tests" / "data" / "member-table"


@pytest.mark.parametrize("table, options", [("lai-chau.csv", {}), ("lai-chau-comma.csv", {"decimal_comma": True})])
def test_a_member_table_gives_the_long_layout_result(table, options):
    rb = thidua.Rulebook.load(_LAI_CHAU / "rulebook.yaml")
    want = rb.evaluate(thidua.Cluster.load(_LAI_CHAU / "data.yaml", _LAI_CHAU / "results.csv", rulebook=rb))
    cluster = thidua.Cluster.load(_TABLES / table, _LAI_CHAU / "data.yaml", rulebook=rb, **options)
    got = rb.evaluate(cluster)
    assert got.to_dict() == want.to_dict()
    assert got.to_dict(lang="en") == want.to_dict(lang="en")
    assert got.member("tp-lai-chau").criterion("poverty").actual == Decimal("2.6")
    # the table's own columns: STT and Ghi chú are ignored, `name` is no data
    path = str(_TABLES / table)
    assert cluster.notes == (
        thidua.DataNote("column-ignored",
                        "the column 'STT' is ignored: rulebook 'hnd-cum2' reads no measure of that name",
                        file=path, line=1, column=1),
        thidua.DataNote("column-ignored",
                        "the column 'Ghi chú' is ignored: rulebook 'hnd-cum2' reads no measure of that name",
                        file=path, line=1, column=281),
    )
    assert cluster.warnings == ()


def _table_files(tmp_path, table: str) -> list:
    header = tmp_path / "cluster.yaml"
    header.write_text("thidua: 1\nperiod: 2024\ncluster:\n  id: cum\n  members:\n"
                      "    - {id: u1, name: \"Đơn vị Một\"}\n    - {id: u2, name: \"Đơn vị Hai\"}\n",
                      encoding="utf-8")
    path = tmp_path / "table.csv"
    path.write_bytes(table.encode("utf-8"))
    return [header, path]


def _loans() -> thidua.Rulebook:
    return (thidua.RulebookBuilder("loans")
            .add_section("A").add_criterion("A", "loans", max=10, rule={"kind": "proportional"})
            .build())


def test_data_notes(tmp_path):
    files = _table_files(tmp_path, "STT;id;Họ tên;loans;target:loans;\r\n1;u1;An;90;100;x\r\n2;Đơn vị Hai;Bình;;;\r\n")
    cluster = thidua.Cluster.load(*files, rulebook=_loans())
    path = str(files[1])
    first, name, blank = cluster.notes
    assert (first.code, first.file, first.line, first.column) == ("column-ignored", path, 1, 1)
    assert first.message == "the column 'STT' is ignored: rulebook 'loans' reads no measure of that name"
    assert str(first) == f"{path}:1:1: {first.message} [column-ignored]"
    assert (name.column, blank.column) == (8, 37)
    assert "'Họ tên'" in name.message
    assert blank.message == "a column without a header is ignored"
    assert repr(blank) == (f"DataNote('column-ignored', 'a column without a header is ignored', file={path!r}, "
                           "line=1, column=37)")
    assert name != blank and name == thidua.DataNote(name.code, name.message, file=path, line=1, column=8)
    assert not isinstance(first, Warning)  # a note is no warning: nothing is issued
    # a note without a place prints its message alone; notes are not hashable
    assert str(thidua.DataNote("c", "m")) == "m [c]"
    with pytest.raises(TypeError):
        hash(first)
    # the values read, and no note without a rulebook or in a cluster built in code
    rb = _loans()
    assert rb.evaluate(cluster.set_actual("u2", "loans", 1).set_target("u2", "loans", 1)).member("u1").total \
        == Decimal(9)
    assert thidua.Cluster.load(*_table_files(tmp_path, "id,loans\nu1,1\n")).notes == ()
    assert thidua.Cluster("k", 2024).add_member("u").notes == ()


def test_member_table_mistakes(tmp_path):
    rb = _loans()
    files = _table_files(tmp_path, "id,STT,loan,target:loans\nu1,1,90,100\n")
    with pytest.raises(thidua.DataError, match=r"the column 'loan' names no measure of rulebook 'loans' "
                                               r"\(did you mean 'loans'\?\)") as caught:
        thidua.Cluster.load(*files, rulebook=rb)
    assert (caught.value.file, caught.value.line, caught.value.column) == (str(files[1]), 1, 8)
    # without the rulebook the misspelt column is read under its own name
    assert thidua.Cluster.load(*files).notes == ()
    # a bad cell where the rulebook reads, and a unit the cluster does not list
    with pytest.raises(thidua.DataError, match="actual of unit 'u2' for 'loans': a percentage") as caught:
        thidua.Cluster.load(*_table_files(tmp_path, "id,loans\nĐơn vị Hai,90%\n"), rulebook=rb)
    assert (caught.value.line, caught.value.column) == (2, 16)
    with pytest.raises(thidua.RangeError, match="target of unit 'u1' for 'loans': must not be negative"):
        thidua.Cluster.load(*_table_files(tmp_path, "id,target:loans\nu1,-1\n"), rulebook=rb)
    # without the rulebook, the column with that cell is left out with a note
    files = _table_files(tmp_path, "id,loans,target:loans\nĐơn vị Hai,90%,100\nu1,5,10\n")
    cluster = thidua.Cluster.load(*files)
    (note,) = cluster.notes
    assert (note.code, note.line, note.column) == ("column-ignored", 1, 4)
    assert note.message == ("the column 'loans' is left out: without a rulebook to say whether it is read, its "
                            "cell at line 2, column 16 is no value (a percentage is not accepted in data; write "
                            "the number itself (4.2 for 4.2 %))")
    assert rb.evaluate(cluster.set_actual("u1", "loans", 5).set_actual("u2", "loans", 90)).member("u1").total \
        == Decimal(5)
    with pytest.raises(thidua.DataError, match="names unit 'u3', which is not a member"):
        thidua.Cluster.load(*_table_files(tmp_path, "id,loans\nu3,1\n"), rulebook=rb)
    with pytest.raises(thidua.ParseError, match="the id is empty") as caught:
        thidua.Cluster.load(*_table_files(tmp_path, "loans,id\n1,\n"), rulebook=rb)
    assert (caught.value.line, caught.value.column) == (2, 3)
    with pytest.raises(thidua.ParseError, match="the period must be a whole number >= 0"):
        thidua.Cluster.load(*_table_files(tmp_path, "unit,period,id\nu1,2023.5,tot\n"))


def test_groups_and_history_from_tables(tmp_path):
    files = _table_files(tmp_path, "id,unit,loans,target:loans\nu1,k1,90,100\nu2,k2,80,100\n")
    history = tmp_path / "history.csv"
    history.write_text("Period;ID;Unit\n2023;xuat_sac;u1\n", encoding="utf-8")
    rb = (thidua.RulebookBuilder("loans")
          .add_section("A").add_criterion("A", "loans", max=10, rule={"kind": "proportional"})
          .add_classification("xuat_sac", min=5).add_classification("khac")
          .add_award("again", when="consecutive('xuat_sac') >= 1")
          .build())
    res = rb.evaluate(thidua.Cluster.load(*files, history, rulebook=rb))
    assert [(m.unit, m.group, m.group_rank) for m in res.members] == [("u1", "k1", 1), ("u2", "k2", 1)]
    assert res.awards[0].selected == ("u1",)
    assert res.to_dict()["members"][0]["group"] == "k1"
