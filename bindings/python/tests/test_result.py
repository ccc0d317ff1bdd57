"""Result: plain objects, to_dict in the CLI's JSON schema, JSON, pandas, reprs."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest

import thidua


@pytest.fixture()
def result(lai_chau_rulebook, lai_chau_cluster):
    return thidua.evaluate(lai_chau_rulebook, lai_chau_cluster, lang="en")


def test_members_in_rank_order_with_their_details(result):
    assert [m.unit for m in result] == ["tp-lai-chau", "tan-uyen", "than-uyen", "tam-duong"]
    assert [m.rank for m in result] == [1, 2, 3, 4]
    top = result[0]
    assert top is result["tp-lai-chau"] and top.name == "HND thành phố Lai Châu"
    assert (top.total, top.base, top.bonus, top.deduction) == (99, 98, 1, 0)
    assert top.classification == "xuat_sac" and top.classification_name == "Hoàn thành xuất sắc nhiệm vụ"
    assert top.all_met and top.count_met == 7  # manual and best-of-actual have no attainment
    assert top.sections == {"A": 40, "B": 30, "C": 28}
    assert all(isinstance(v, Decimal) for v in (top.total, top.base, top.bonus, top.deduction))
    hh = top.criterion("hh_registered")
    assert (hh.target, hh.actual, hh.attainment, hh.met, hh.points, hh.bonus) == (
        700, 720, Decimal("1.028571"), True, 10, 1)
    collective = top.criterion("collective_awards")  # best of actual: no target, no attainment
    assert collective.target is None and collective.attainment is None and collective.met is None
    assert result["tan-uyen"].is_leader
    with pytest.raises(thidua.NotFoundError):
        result["nobody"]
    with pytest.raises(KeyError):
        top.criterion("nope")


def test_awards_and_leader(result):
    (award,) = result.awards
    assert (award.id, award.quota, award.selected, award.tied) == ("bang_khen", 2, ("tp-lai-chau", "tan-uyen"), ())
    assert award.quota_explain.startswith("quota 50 % × 4 = 2")
    statuses = [m.award("bang_khen").status for m in result]
    assert statuses == [thidua.AwardStatus.SELECTED, thidua.AwardStatus.SELECTED,
                        thidua.AwardStatus.OVER_QUOTA, thidua.AwardStatus.NOT_ELIGIBLE]
    assert result.next_leader == "tam-duong"
    assert "tan-uyen" in result.leader_explain


def test_language_of_explanations(result):
    vi = result.in_language("vi")
    assert vi.lang is thidua.Lang.VI and result.lang is thidua.Lang.EN
    assert "(met)" in result[0].criteria[0].explain
    assert "(đạt)" in vi[0].criteria[0].explain
    assert vi.to_dict()["members"][0]["total"] == result.to_dict()["members"][0]["total"]
    with pytest.raises(ValueError, match="lang"):
        result.in_language("fr")


def test_to_dict_follows_the_json_schema(result):
    d = result.to_dict()
    assert list(d) == ["thidua", "rulebook", "period", "cluster", "members", "awards", "next_leader"]
    assert (d["thidua"], d["rulebook"], d["period"], d["cluster"]) == (1, "hnd-cum2", 2023, "cum-2")
    member = d["members"][1]
    assert list(member) == ["unit", "name", "rank", "total", "base", "bonus", "deduction", "classification",
                            "criteria", "awards"]
    assert list(member["criteria"][0]) == ["id", "target", "actual", "attainment", "met", "points", "bonus",
                                           "explain"]
    assert member["awards"] == [{"id": "bang_khen", "status": "selected",
                                 "explain": result["tan-uyen"].award("bang_khen").explain}]
    assert d["awards"] == [{"id": "bang_khen", "quota": 2, "selected": ["tp-lai-chau", "tan-uyen"], "tied": []}]
    assert d["next_leader"] == "tam-duong"
    assert d["members"][0]["criteria"][6]["attainment"] is None


def test_to_json_writes_exact_numbers(result):
    text = result.to_json()
    back = json.loads(text, parse_float=Decimal)
    assert back["members"][1]["total"] == Decimal("96.66")
    assert '"attainment": 1.028571' in text and "96.66" in text and "0.30000000000000004" not in text
    assert back == _decimals(result.to_dict())
    assert json.loads(result.to_json(indent=2), parse_float=Decimal) == back


def _decimals(value):
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


def test_explain_one_member(result):
    text = result.explain("tam-duong")
    lines = text.splitlines()
    assert lines[0] == "HND huyện Tam Đường (tam-duong)"
    assert len(lines) == 1 + 9 + 3 + 1
    # the status is said once, by the explanation itself
    assert any(line.strip().startswith("bang_khen: not eligible: classification 'hoan_thanh' (needs 'xuat_sac')")
               for line in lines)
    assert not any("not_eligible" in line for line in lines)


def test_reprs_read_well(result):
    text = repr(result)
    assert text.splitlines()[0] == "<Result 'cum-2' 2023 (hnd-cum2): 4 members, next leader tam-duong"
    assert "tp-lai-chau" in text.splitlines()[1] and "bang_khen" in text.splitlines()[1]
    assert repr(result[0]).startswith("MemberResult(rank=1, unit='tp-lai-chau', total=99,")
    assert "explain" not in repr(result[0].criteria[0])
    page = result._repr_html_()
    assert page.count("<tr>") == 5 and "<b>96.66</b>" in page and "HND huyện Tân Uyên" in page


def test_to_pandas_members_criteria_awards(result):
    pd = pytest.importorskip("pandas")
    members = result.to_pandas()
    assert list(members["unit"]) == ["tp-lai-chau", "tan-uyen", "than-uyen", "tam-duong"]
    assert members.loc[1, "total"] == Decimal("96.66") and members.loc[0, "bang_khen"] == "selected"
    floats = result.to_pandas(exact=False)
    assert floats["total"].dtype == "float64" and floats.loc[1, "total"] == 96.66
    criteria = result.to_pandas("criteria")
    assert len(criteria) == 4 * 9
    assert {"unit", "measure", "target", "actual", "attainment", "met", "points"} <= set(criteria.columns)
    awards = result.to_pandas("awards")
    assert list(awards["status"]) == ["selected", "selected", "over_quota", "not_eligible"]
    with pytest.raises(ValueError):
        result.to_pandas("nope")
    assert isinstance(members, pd.DataFrame)


def test_results_are_cached_and_consistent(result):
    assert result.members is result.members
    assert len(result) == 4 and list(result) == list(result.members)


def test_a_member_is_found_by_its_id_or_by_its_one_name():
    rb = (thidua.RulebookBuilder("r").add_section("A")
          .add_criterion("A", "m", max=10, rule={"kind": "manual"}).build())
    c = thidua.Cluster("k", 2024)
    for unit, name, points in (("a", "Trùng tên", 5), ("b", "Trùng tên", 6), ("t", "Tân Uyên", 7)):
        c.add_member(unit, name).set_score(unit, "m", points)
    res = thidua.evaluate(rb, c)
    assert res.member("t").unit == "t"
    assert res.member("Tân Uyên").unit == "t"
    # a name typed with combining marks names the same member
    assert res.member("Ta\u0302n Uye\u0302n").unit == "t"
    assert res["Tân Uyên"].criterion("m").points == 7
    assert "Tân Uyên (t)" in res.explain("Tân Uyên")
    with pytest.raises(thidua.InvalidArgumentError, match="2 members are named 'Trùng tên': give the unit id"):
        res.member("Trùng tên")
    with pytest.raises(thidua.NotFoundError):
        res.member("nobody")


def test_to_pandas_without_pandas_says_what_to_install(result, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'thidua\[pandas\]'"):
        result.to_pandas()


def _numbers(member):
    return (member.unit, member.rank, member.total, member.base, member.bonus, member.deduction,
            member.classification, member.sections,
            [(c.id, c.target, c.actual, c.attainment, c.met, c.points, c.bonus) for c in member.criteria],
            [(a.id, a.status) for a in member.awards])


def test_explain_false_gives_the_same_numbers_and_no_text(lai_chau_rulebook, lai_chau_cluster, tmp_path):
    full = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster)
    bare = lai_chau_rulebook.evaluate(lai_chau_cluster, explain=False)
    assert full.has_explanations and not bare.has_explanations
    assert [_numbers(m) for m in bare] == [_numbers(m) for m in full]
    assert [(a.id, a.quota, a.selected, a.tied) for a in bare.awards] == [
        (a.id, a.quota, a.selected, a.tied) for a in full.awards]
    assert bare.next_leader == full.next_leader == "tam-duong"
    assert bare.leader_explain is None and bare.awards[0].quota_explain == ""
    for m in bare:
        assert m.explain == m.rank_explain == "" and m.classification_explain is None
        assert all(c.explain == "" for c in m.criteria)
        assert all(a.explain == "" for a in m.awards)
    # numbers-only exports work; the texts' exports say why they cannot
    pd = pytest.importorskip("pandas")
    assert isinstance(bare.to_pandas("criteria"), pd.DataFrame)
    assert list(bare.to_pandas()["total"]) == list(full.to_pandas()["total"])
    for call in (lambda: bare.explain("tan-uyen"), bare.to_dict, bare.to_json):
        with pytest.raises(thidua.InvalidArgumentError, match="evaluated with explain=False"):
            call()
    for fmt in ("table", "json", "csv", "md", "html", "xlsx"):
        with pytest.raises(thidua.InvalidArgumentError, match="no explanations"):
            bare.render(fmt)
    with pytest.raises(thidua.InvalidArgumentError, match="no explanations"):
        bare.write(tmp_path / "out.json")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(TypeError, match="explain must be True, False or 'on_demand'"):
        thidua.evaluate(lai_chau_rulebook, lai_chau_cluster, explain="no")


def test_explain_on_demand_gives_the_same_texts(lai_chau_rulebook, lai_chau_cluster):
    full = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster, lang="en")
    lazy = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster, lang="en", explain="on_demand")
    assert lazy.has_explanations
    assert lazy.explain("tan-uyen") == full.explain("tan-uyen")  # that member's texts only
    # the C call that renders every text now (the reports make it first)
    assert thidua._thidua.td_result_render_explanations(lazy._c) is None
    with pytest.raises(thidua.InvalidArgumentError, match="NULL"):
        thidua._thidua.td_result_render_explanations(None)
    assert lazy.to_dict() == full.to_dict()
    assert lazy.render("json") == full.render("json")


def test_csv_for_excel(lai_chau_rulebook, lai_chau_cluster, tmp_path):
    res = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster, lang="en")
    plain = res.render("csv")
    excel = res.render("csv", excel=True)
    # a byte order mark, ';' between fields, decimal commas; the same rows
    assert excel.startswith("\ufeffrank;unit;unit_name;kind;id;") and not plain.startswith("\ufeff")
    assert ";total;;;;;;;;69,71;;;\"base = A 37.69" in excel
    assert ",total,,,,,,,,69.71,,," in plain
    assert excel.count("\r\n") == plain.count("\r\n")
    assert res.render("csv", excel=False) == plain
    res.write(tmp_path / "x.csv", excel=True)
    assert (tmp_path / "x.csv").read_bytes() == excel.encode("utf-8")
    assert (tmp_path / "x.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    for fmt in ("json", "table", "statuses"):
        with pytest.raises(ValueError, match="excel=True is a flavour of CSV"):
            res.render(fmt, excel=True)
    with pytest.raises(ValueError, match="flavour of CSV"):
        res.write(tmp_path / "x.json", excel=True)
    # the low-level options mapping takes it too; a value is truthy or not
    raw = thidua._thidua.td_report_render(res._c, thidua._thidua.TD_REPORT_FORMAT_CSV, {"excel": 1})
    assert raw.startswith(b"\xef\xbb\xbf")


def test_csv_for_excel_option_errors(lai_chau_rulebook, lai_chau_cluster):
    res = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster)

    class Bad:
        def __bool__(self):
            raise RuntimeError("no truth")

    with pytest.raises(RuntimeError, match="no truth"):
        thidua._thidua.td_report_render(res._c, thidua._thidua.TD_REPORT_FORMAT_CSV, {"excel": Bad()})
    with pytest.raises(TypeError, match="known: lang, unit, excel"):
        thidua._thidua.td_report_render(res._c, thidua._thidua.TD_REPORT_FORMAT_CSV, {"exel": True})


def test_table_at_a_width(lai_chau_rulebook, lai_chau_cluster):
    import unicodedata

    def widest(text):
        return max(sum(0 if unicodedata.combining(ch) else 1 for ch in line) for line in text.split("\n"))

    res = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster)
    natural = res.render("table")
    assert widest(natural) > 120
    for width in (40, 60, 80, 120):
        table = res.render("table", width=width)
        assert widest(table) <= width and "69,71" in table
    assert res.render("table", width=0) == natural
    assert res.render("json", width=60) == res.render("json")
    with pytest.raises(thidua.InvalidArgumentError, match="a width of 39 columns is too narrow"):
        res.render("table", width=39)
    with pytest.raises(OverflowError):
        res.render("table", width=-1)
    with pytest.raises(OverflowError, match="out of range"):
        res.render("table", width=2**40)
    with pytest.raises(TypeError):
        res.render("table", width="80")


def test_write_to_a_binary_file_object(result):
    for fmt in ("json", "csv", "html", "statuses", "table", "md", "xlsx"):
        out = io.BytesIO()
        result.write(out, fmt)
        want = result.render(fmt)
        assert out.getvalue() == (want if isinstance(want, bytes) else want.encode("utf-8")), fmt
    out = io.BytesIO()
    result.write(out, lang="en")  # the table by default
    assert out.getvalue().decode("utf-8") == result.render("table", lang="en")


def test_a_failing_write_stops_the_report_with_its_exception(result):
    class Full:
        calls = 0

        def write(self, data):
            Full.calls += 1
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        result.write(Full(), "json")
    assert Full.calls == 1
    # a text stream takes no bytes: its own TypeError
    with pytest.raises(TypeError):
        result.write(io.StringIO(), "csv")

