"""pandas round trips: a DataFrame of results becomes a Cluster that
evaluates the same as the document data."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

import thidua

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")


def reference(lai_chau):
    rulebook = lai_chau.build_rulebook()
    data = lai_chau.cluster_data()
    return rulebook, data, thidua.evaluate(rulebook, data)


def rest_of(data):
    """The parts of the data that are not targets and results."""
    return {k: data[k] for k in ("scores", "events")}


def test_result_frame_becomes_a_cluster_that_evaluates_the_same(lai_chau):
    rulebook, data, expected = reference(lai_chau)
    frame = expected.to_pandas("criteria")  # unit, measure, target, actual, … per member and criterion
    cluster = thidua.Cluster.from_dataframe(
        frame, id="cum-2", period=2023, name=data["cluster"]["name"],
        members={m["id"]: m["name"] for m in data["cluster"]["members"]}, leader="tan-uyen")
    cluster.update(rest_of(data))
    assert thidua.evaluate(rulebook, cluster).to_dict() == expected.to_dict()


def test_float_frames_read_the_numbers_as_written(lai_chau):
    rulebook, data, expected = reference(lai_chau)
    rows = []
    for kind, column in (("targets", "target"), ("results", "actual")):
        for unit, values in data[kind].items():
            for measure, value in values.items():
                rows.append({"unit": unit, "measure": measure, column: float(value)})
    frame = pd.DataFrame(rows)  # NaN where a row has only a target or only an actual
    assert frame["target"].dtype == "float64"
    cluster = thidua.Cluster.from_dataframe(
        frame, id="cum-2", period=2023, name=data["cluster"]["name"],
        members={m["id"]: m["name"] for m in data["cluster"]["members"]}, leader="tan-uyen")
    cluster.update(rest_of(data))
    got = thidua.evaluate(rulebook, cluster)
    assert got.to_dict() == expected.to_dict()
    assert got["tan-uyen"].criterion("poverty").actual == Decimal("9.1")  # not 9.0999999999999996


def test_numpy_integers_decimals_and_text_cells():
    rb = (thidua.RulebookBuilder("rb").add_section("A")
          .add_criterion("A", "a", max=10, rule={"kind": "proportional"})
          .add_criterion("A", "b", max=10, rule={"kind": "proportional"}).build())
    frame = pd.DataFrame({
        "unit": ["u", "u"],
        "measure": ["a", "b"],
        "target": pd.array([np.int64(8), np.int64(3)], dtype=object),
        "actual": [Decimal("6.5"), "2.25"],
    })
    r = thidua.evaluate(rb, thidua.Cluster.from_dataframe(frame, id="k", period=2023))
    assert r["u"].criterion("a").attainment == Decimal("0.8125")
    assert r["u"].criterion("b").attainment == Decimal("0.75")


def test_frames_with_other_column_names_and_missing_columns():
    frame = pd.DataFrame({"đơn vị": ["u"], "chỉ tiêu": ["hh"], "kế hoạch": [10], "thực hiện": [12]})
    c = thidua.Cluster.from_dataframe(frame, id="k", period=2023, unit="đơn vị", measure="chỉ tiêu",
                                      target="kế hoạch", actual="thực hiện")
    assert [m.id for m in c] == ["u"]
    with pytest.raises(thidua.DataError, match="missing column 'unit'"):
        thidua.Cluster.from_dataframe(frame, id="k", period=2023)


def test_errors_in_a_frame_name_the_row(lai_chau):
    frame = pd.DataFrame({"unit": ["u", "u"], "measure": ["a", "b"], "target": [1, -2], "actual": [1, 1]})
    with pytest.raises(thidua.RangeError, match=r"^frame row 2 \(u, b\): "):
        thidua.Cluster.from_dataframe(frame, id="k", period=2023)


def test_excel_sheet_of_the_pandas_example(lai_chau, example):
    ranked_table = example("ranked_table")
    rulebook, data, expected = reference(lai_chau)
    sheet = ranked_table.read_sheet(ranked_table.HERE / "data" / "cum2_2023.csv")
    assert ranked_table.excel_number("3.563,5") == "3563.5"
    got = thidua.evaluate(rulebook, ranked_table.cluster_from_sheet(sheet))
    assert got.to_dict() == expected.to_dict()
    table = ranked_table.ranked_table(got)
    assert list(table["unit"]) == ["tp-lai-chau", "tan-uyen", "than-uyen", "tam-duong"]


def test_frame_units_are_put_in_nfc():
    def nfd(text):
        return unicodedata.normalize("NFD", text)

    def nfc(text):
        return unicodedata.normalize("NFC", text)

    rulebook = (thidua.RulebookBuilder("nfc").add_section("A")
                .add_criterion("A", "hh", max=10, rule={"kind": "proportional"})
                .set_leader("rotation", order=[nfc("Tân Uyên"), nfc("Tam Đường")]).build())

    def cluster(unit, members=None):
        frame = pd.DataFrame({"unit": [unit("Tân Uyên"), unit("Tam Đường")], "measure": ["hh", "hh"],
                              "target": [900, 800], "actual": [950, 700]})
        return thidua.Cluster.from_dataframe(frame, id=unit("Cụm số 2"), period=2023, name=unit("Cụm thi đua"),
                                             members=members, leader=unit("Tân Uyên"))

    composed, decomposed = cluster(nfc), cluster(nfd)
    assert decomposed.id == nfc("Cụm số 2") and decomposed.name == nfc("Cụm thi đua")
    assert [m.id for m in decomposed] == [nfc("Tân Uyên"), nfc("Tam Đường")]
    expected = thidua.evaluate(rulebook, composed).to_dict()
    assert thidua.evaluate(rulebook, decomposed).to_dict() == expected
    named = {"Tân Uyên": "HND huyện Tân Uyên", "Tam Đường": "HND huyện Tam Đường"}
    given = [cluster(unit, members={unit(u): unit(n) for u, n in named.items()}) for unit in (nfc, nfd)]
    assert given[1].members == given[0].members
    assert thidua.evaluate(rulebook, given[1]).to_dict() == thidua.evaluate(rulebook, given[0]).to_dict()
