"""The report block (the administrative blocks of a council document) from
Python: set on a cluster, read back from the cluster and the result, read
from the data's ``report:`` key and files, and printed by the HTML report."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

import thidua
from thidua import ReportBlock, Signer

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "lai-chau"


def test_a_cluster_has_no_report_block_until_one_is_set(lai_chau_cluster):
    block = lai_chau_cluster.report_block
    assert block == ReportBlock() and not block


def test_the_block_is_set_replaced_and_removed(lai_chau_cluster):
    cl = lai_chau_cluster
    block = ReportBlock(organisation=("HỘI NÔNG DÂN TỈNH LAI CHÂU", "CỤM THI ĐUA SỐ 2"), place="Lai Châu",
                        date=datetime.date(2023, 12, 15),
                        signers=(Signer("TM. CỤM THI ĐUA", "CỤM TRƯỞNG", "Nguyễn Văn A"), Signer(name="Lê C")))
    assert cl.set_report_block(block) is cl
    assert cl.report_block == block and cl.report_block
    # one field changed, the others kept
    cl.set_report_block(dataclasses.replace(cl.report_block, place=None, title="Kết quả"))
    assert cl.report_block.place is None and cl.report_block.title == "Kết quả"
    assert cl.report_block.signers == block.signers
    # from a mapping, as the data's report key: lines in one text, a date as text, signers in three forms
    cl.set_report_block({"organisation": "A\nB", "date": "2024-02-29",
                         "signers": [{"title": "THƯ KÝ", "name": "Trần Thị B"}, ("TM.", "CỤM TRƯỞNG", "X"), "Y"]})
    assert cl.report_block == ReportBlock(("A", "B"), None, datetime.date(2024, 2, 29), None,
                                          (Signer("", "THƯ KÝ", "Trần Thị B"), Signer("TM.", "CỤM TRƯỞNG", "X"),
                                           Signer(name="Y")))
    cl.set_report_block(None)
    assert cl.report_block == ReportBlock()


@pytest.mark.parametrize("date", ["2023-02-29", "2023-13-01", "15/12/2023", "2023-1-5"])
def test_a_date_that_is_no_day_is_refused_and_changes_nothing(lai_chau_cluster, date):
    lai_chau_cluster.set_report_block({"place": "Lai Châu"})
    with pytest.raises(thidua.InvalidArgumentError, match=f"report date '{date}' is not a day written YYYY-MM-DD"):
        lai_chau_cluster.set_report_block({"place": "Tân Uyên", "date": date})
    assert lai_chau_cluster.report_block.place == "Lai Châu"


def test_bad_blocks_are_refused_and_change_nothing(lai_chau_cluster):
    with pytest.raises(thidua.LimitError, match="9 signers, at most 8"):
        lai_chau_cluster.set_report_block({"signers": ["n"] * 9})
    with pytest.raises(thidua.DataError, match="signers\\[0\\]: unknown key 'nmae'"):
        lai_chau_cluster.set_report_block({"signers": [{"nmae": "A"}]})
    with pytest.raises(thidua.DataError, match="report: unknown key 'plaec'"):
        lai_chau_cluster.set_report_block({"plaec": "A"})
    with pytest.raises(thidua.InvalidArgumentError, match="signer name"):
        lai_chau_cluster.set_report_block(ReportBlock(place="P", signers=(Signer(name="a\x01b"),)))
    with pytest.raises(TypeError, match="expected a date"):
        lai_chau_cluster.set_report_block({"date": datetime.datetime(2023, 12, 15, 8, 0)})
    assert lai_chau_cluster.report_block == ReportBlock()


def test_the_result_carries_the_block_and_the_html_prints_it(lai_chau_rulebook, lai_chau_cluster):
    lai_chau_cluster.set_report_block({"organisation": "HỘI NÔNG DÂN TỈNH LAI CHÂU", "place": "Tân Uyên",
                                       "date": "2023-12-06",
                                       "signers": [Signer("TM. CỤM THI ĐUA", "CỤM TRƯỞNG", "Nguyễn Văn A")]})
    result = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster)
    # the result keeps its copy when the cluster changes
    lai_chau_cluster.set_report_block({"place": "Lai Châu"})
    assert result.report_block.place == "Tân Uyên"
    assert result.report_block.signers[0].name == "Nguyễn Văn A"
    page = result.render("html")
    assert "Tân Uyên, ngày 06 tháng 12 năm 2023" in page
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "<p>Nguyễn Văn A</p>" in page
    assert "Tân Uyên, dated 06 December 2023" in result.render("html", lang="en")


def test_the_data_key_and_files_give_the_block(lai_chau):
    data = dict(lai_chau.cluster_data())
    data["report"] = {"organisation": ["A", "B"], "date": "2023-12-15",
                      "signers": [{"role": "TM.", "title": "CỤM TRƯỞNG", "name": "X"}]}
    block = thidua.Cluster.from_dict(data).report_block
    assert block.organisation == ("A", "B") and block.signers == (Signer("TM.", "CỤM TRƯỞNG", "X"),)
    data["report"] = {"plaec": "X"}
    with pytest.raises(thidua.Error, match="report: unknown key 'plaec'"):
        thidua.Cluster.from_dict(data)
    rb = thidua.Rulebook.load(EXAMPLE / "rulebook.yaml")
    cl = thidua.Cluster.load(EXAMPLE / "data.yaml", EXAMPLE / "results.csv", rulebook=rb)
    block = cl.report_block
    assert block.organisation == ("HỘI NÔNG DÂN TỈNH LAI CHÂU", "CỤM THI ĐUA SỐ 2")
    assert block.date == datetime.date(2023, 12, 6) and block.place == "Tân Uyên"
    assert block.title == "Kết quả chấm điểm thi đua năm 2023"


def test_a_bad_date_in_a_file_names_its_place(tmp_path):
    bad = tmp_path / "report.yaml"
    bad.write_text("report:\n  date: 2023-02-30\n", encoding="utf-8")
    rb = thidua.Rulebook.load(EXAMPLE / "rulebook.yaml")
    with pytest.raises(thidua.ParseError) as e:
        thidua.Cluster.load(EXAMPLE / "data.yaml", EXAMPLE / "results.csv", bad, rulebook=rb)
    assert (Path(e.value.file).name, e.value.line, e.value.column) == ("report.yaml", 2, 9)
    assert "found '2023-02-30'" in str(e.value)


def test_the_pdf_report_is_bytes_with_the_block(lai_chau_rulebook, lai_chau_cluster, tmp_path):
    lai_chau_cluster.set_report_block({"place": "Tân Uyên", "date": "2023-12-06", "signers": ["Nguyễn Văn A"]})
    result = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster)
    try:
        pdf = result.render("pdf")
    except thidua.InvalidArgumentError as e:
        if "has no PDF report" in str(e):
            pytest.skip("the library is built without the PDF report (THIDUA_PDF=OFF)")
        raise
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-1.") and pdf.rstrip().endswith(b"%%EOF")
    assert result.render("pdf") == pdf  # the same bytes every time
    result.write(tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes() == pdf
