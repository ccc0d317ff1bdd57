"""xlsx workbooks: the input workbook of ``thidua template``
(Rulebook.template), filled in by a script the way an officer fills it,
reads back as cluster data and gives the same result as the YAML and CSV
data; broken workbooks are refused at FILE:SHEET!CELL."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

import thidua

pytestmark = [pytest.mark.skipif(not hasattr(thidua._thidua, "td_template_render"),
                                 reason="this build has no file readers (THIDUA_IO=OFF)"),
              pytest.mark.usefixtures("xlsx_writer")]  # every test starts from a template

CASE = Path(__file__).resolve().parents[3] / "examples" / "lai-chau"


def _strings(book: zipfile.ZipFile) -> list:
    xml = book.read("xl/sharedStrings.xml").decode()
    return [re.sub(r"<[^>]+>", "", si) for si in re.findall(r"<si>(.*?)</si>", xml)]


def fill(template: bytes, values: dict) -> bytes:
    """The template with values[(member id, measure, side)] typed into its
    empty number cells, every other part as it was."""
    src = zipfile.ZipFile(io.BytesIO(template))
    strings = _strings(src)
    sheet = src.read("xl/worksheets/sheet1.xml").decode()
    cells = dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="s"[^>]*><v>(\d+)</v></c>', sheet))
    measure, side = {}, {}
    for ref, k in cells.items():
        col, row = re.match(r"([A-Z]+)(\d+)", ref).groups()
        if row == "1" and strings[int(k)].endswith("]"):
            measure[col] = strings[int(k)].rsplit("[", 1)[1][:-1]
        elif row == "2":
            side[col] = "target" if strings[int(k)] == "Kế hoạch" else "actual"
    for col in sorted(side, key=lambda c: (len(c), c)):  # the pair's second column
        if col not in measure:
            prev = chr(ord(col) - 1)
            measure[col] = measure[prev]
    ids = {ref[1:]: strings[int(k)] for ref, k in cells.items() if ref[0] == "A" and int(ref[1:]) > 2}

    def typed(m: re.Match) -> str:
        col, row, style = m.group(1), m.group(2), m.group(3)
        value = values.get((ids.get(row), measure.get(col), side.get(col)))
        if value is None:
            return m.group(0)
        return f'<c r="{col}{row}"{style}><v>{value}</v></c>'

    sheet = re.sub(r'<c r="([A-Z]+)(\d+)"( s="\d+")?/>', typed, sheet)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info.filename, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def case():
    rb = thidua.Rulebook.load(CASE / "rulebook.yaml")
    members = thidua.Cluster.load(CASE / "data.yaml", rulebook=rb)
    by_name = {m.name: m.id for m in members.members}
    values = {}
    with open(CASE / "results.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            for side in ("target", "actual"):
                if row[side]:
                    values[(by_name[row["unit"]], row["measure"], side)] = row[side]
    return rb, members, values


def test_the_template_is_the_same_bytes_each_time(case, tmp_path):
    rb, members, _ = case
    book = rb.template(members)
    assert book[:4] == b"PK\x03\x04"
    assert rb.template(members) == book
    rb.write_template(tmp_path / "t.xlsx", members)
    assert (tmp_path / "t.xlsx").read_bytes() == book
    assert rb.template(lang="en") != rb.template()
    with pytest.raises(ValueError, match="lang"):
        rb.template(lang="fr")


def test_the_template_fills_the_datas_targets(tmp_path):
    rb = thidua.Rulebook.load(CASE / "rulebook.yaml")
    data = thidua.Cluster.load(CASE / "data.yaml", CASE / "results.csv", rulebook=rb)
    assert data.target("tan-uyen", "hh_registered") == 900
    assert data.actual("tan-uyen", "hh_registered") == 905
    assert data.target("tan-uyen", "no_such_measure") is None
    rb.write_template(tmp_path / "t.xlsx", data)
    back = thidua.Cluster.load(CASE / "data.yaml", tmp_path / "t.xlsx")
    assert back.target("tan-uyen", "hh_registered") == 900
    assert back.actual("tan-uyen", "hh_registered") is None


def test_a_filled_template_gives_the_result_of_the_data(case, tmp_path):
    rb, members, values = case
    filled = fill(rb.template(members), values)
    path = tmp_path / "nhap-lieu.xlsx"
    path.write_bytes(filled)
    want = thidua.evaluate(rb, thidua.Cluster.load(CASE / "data.yaml", CASE / "results.csv", rulebook=rb))
    got = thidua.evaluate(rb, thidua.Cluster.load(CASE / "data.yaml", path, rulebook=rb))
    assert got.render("json") == want.render("json")
    # as bytes, sniffed by their magic or named
    data = (CASE / "data.yaml").read_text(encoding="utf-8")
    again = thidua.Cluster.loads(data, filled, rulebook=rb)
    assert thidua.evaluate(rb, again).to_dict() == want.to_dict()
    # format="xlsx" reads every text as a workbook: the YAML is none
    with pytest.raises(thidua.ParseError, match=r"<string>\[0\]: not an xlsx workbook"):
        thidua.Cluster.loads(data, filled, rulebook=rb, format="xlsx")


def test_a_bad_cell_is_refused_at_its_place(case, tmp_path):
    rb, members, values = case
    bad = dict(values)
    bad[("tan-uyen", "loans", "actual")] = "#N/A"
    filled = fill(rb.template(members), bad)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(filled)
    with pytest.raises(thidua.DataError) as e:
        thidua.Cluster.load(CASE / "data.yaml", path, rulebook=rb)
    assert e.value.file == f"{path}:'Số liệu'!H3"
    assert "actual of unit 'tan-uyen' for 'loans'" in str(e.value)
    (tmp_path / "text.xlsx").write_text("id,loans\n")
    with pytest.raises(thidua.ParseError, match="not an xlsx workbook"):
        thidua.Cluster.load(CASE / "data.yaml", tmp_path / "text.xlsx")


def test_the_template_describes_the_cluster_and_stands_alone(case, tmp_path):
    # the template's cluster sheet holds the data's header, and its data sheet's
    # rows are the members: the filled workbook alone is the cluster
    rb, members, values = case
    filled = fill(rb.template(members), values)
    book = zipfile.ZipFile(io.BytesIO(filled))
    assert "Cụm" in book.read("xl/workbook.xml").decode()
    assert {"Mã cụm (khối) [id]", "Năm [period]", "Cụm (khối) trưởng, mã đơn vị [leader]"} <= set(_strings(book))
    path = tmp_path / "nhap-lieu.xlsx"
    path.write_bytes(filled)
    alone = thidua.Cluster.load(path, rulebook=rb)
    assert (alone.id, alone.name, alone.period, alone.leader) == (members.id, members.name, 2023, "tan-uyen")
    assert [(m.id, m.name) for m in alone.members] == [(m.id, m.name) for m in members.members]
    assert alone.actual("tan-uyen", "hh_registered") == Decimal(values[("tan-uyen", "hh_registered", "actual")])
    # beside the data that describe the cluster, the sheet must agree with them
    other = (CASE / "data.yaml").read_text(encoding="utf-8").replace("period: 2023", "period: 2024")
    with pytest.raises(thidua.DataError, match=r"the cluster sheet gives period 2023, but the data give 2024"):
        thidua.Cluster.loads(other, filled, rulebook=rb)
