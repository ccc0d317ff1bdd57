"""Rulebooks and cluster data from YAML, JSON and CSV: the Lai Châu files
give the same result as the case built in code, and every bad document is
refused with its file, line and column."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

import pytest

import thidua

pytestmark = pytest.mark.skipif(not hasattr(thidua._thidua, "td_rulebook_load_file"),
                                reason="this build has no file readers (THIDUA_IO=OFF)")

CASE = Path(__file__).resolve().parents[3] / "examples" / "lai-chau"


@pytest.fixture(scope="module")
def files_result():
    rb = thidua.Rulebook.load(CASE / "rulebook.yaml")
    cluster = thidua.Cluster.load(CASE / "data.yaml", CASE / "results.csv", rulebook=rb)
    return thidua.evaluate(rb, cluster)


def test_the_case_from_files_equals_the_case_in_code(files_result, lai_chau):
    in_code = thidua.evaluate(lai_chau.build_rulebook(), lai_chau.cluster_data())
    assert files_result.to_dict() == in_code.to_dict()
    assert files_result.to_dict("en") == in_code.to_dict("en")


def test_documents_may_come_in_any_order(files_result):
    rb = files_result.rulebook
    cluster = thidua.Cluster.load(str(CASE / "results.csv"), str(CASE / "data.yaml"))
    assert thidua.evaluate(rb, cluster).to_dict() == files_result.to_dict()


def test_loads_reads_text_and_bytes(files_result):
    rb = thidua.Rulebook.loads((CASE / "rulebook.yaml").read_text(encoding="utf-8"))
    cluster = thidua.Cluster.loads((CASE / "data.yaml").read_bytes(), (CASE / "results.csv").read_bytes())
    assert thidua.evaluate(rb, cluster).to_dict() == files_result.to_dict()


def test_yaml_round_trip_and_pickling(files_result):
    rb = files_result.rulebook
    again = thidua.Rulebook.loads(rb.to_yaml())
    cluster = thidua.Cluster.load(CASE / "data.yaml", CASE / "results.csv")
    assert thidua.evaluate(again, cluster).to_dict() == files_result.to_dict()
    unpickled = pickle.loads(pickle.dumps(rb))
    assert thidua.evaluate(unpickled, cluster).to_dict() == files_result.to_dict()


def test_decimal_comma_csv(tmp_path):
    rb = thidua.Rulebook.loads(RULEBOOK)
    head = "thidua: 1\nperiod: 2023\ncluster: {id: c, members: [{id: u}]}\n"
    data = write(tmp_path, "data.yaml", head)
    sheet = tmp_path / "values.csv"
    sheet.write_bytes("\ufeffunit;measure;target;actual\r\nu;hh;3.563;3.425,5\r\n".encode())
    cluster = thidua.Cluster.load(data, sheet, decimal_comma=True)
    c = thidua.evaluate(rb, cluster)["u"].criterion("hh")
    assert (c.target, c.actual) == (3563, Decimal("3425.5"))
    with pytest.raises(thidua.ParseError) as info:
        thidua.Cluster.load(data, sheet)  # "3.425,5" is not a number without decimal_comma
    assert info.value.file == str(sheet) and info.value.line == 2


def test_yaml_data_as_a_frame_evaluates_the_same(files_result):
    pytest.importorskip("pandas")
    frame = files_result.to_pandas("criteria")
    cluster = thidua.Cluster.load(CASE / "data.yaml")  # header, scores, events: no targets or results
    cluster.add_frame(frame)
    assert thidua.evaluate(files_result.rulebook, cluster).to_dict() == files_result.to_dict()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


RULEBOOK = """thidua: 1
id: rb
sections:
  - id: A
    criteria:
      - {id: hh, max: 10, rule: {kind: proportional}}
"""


@pytest.mark.parametrize("text, error, line, column, words", [
    (RULEBOOK.replace("max: 10", "maxx: 10"), thidua.ParseError, 6, None, "did you mean 'max'"),
    (RULEBOOK + "sections_extra: [\n", thidua.ParseError, None, None, "YAML"),
    (RULEBOOK.replace("      - {id: hh, max: 10, rule: {kind: proportional}}\n", "        []\n"),
     thidua.ValidationError, 6, None, "'criteria' must list at least one entry"),
    (RULEBOOK + "classification:\n  - {id: a, min: 1, when: 'totl > 1'}\n  - {id: b}\n",
     thidua.ParseError, 8, None, "totl"),
])
def test_bad_rulebook_files_name_their_position(tmp_path, text, error, line, column, words):
    path = write(tmp_path, "rulebook.yaml", text)
    with pytest.raises(error) as info:
        thidua.Rulebook.load(path)
    e = info.value
    assert e.file == str(path) and words in e.message
    if line is not None:
        assert e.line == line
    assert e.column is not None and str(e).startswith(f"{path}:{e.line}:{e.column}: ")


@pytest.mark.parametrize("name, text, error, words", [
    ("rulebook.yaml", RULEBOOK + "      - id: c2\n        max: 10\n        measure: hh\n"
     "        rule: {kind: expr, expr: \"actual(hh) / (target(hh) - 100)\"}\n",
     thidua.EvaluationError, "criterion 'c2', unit 'a': division by zero"),
    ("rulebook.yaml", RULEBOOK + "classification:\n  - id: good\n    when: |\n      total >= 0 and\n"
     "        total / (target(hh) - 100) > 1\n  - id: other\n",
     thidua.EvaluationError, "classification 'good' of unit 'a': division by zero"),
    ("rulebook.yaml", "thidua: 1\nid: rb\nmeasures:\n  r: hh / (hh - 100)\n" + RULEBOOK[len("thidua: 1\nid: rb\n"):],
     thidua.DataError, "derived measure 'r' of unit 'a' (targets): division by zero"),
    ("rulebook.json", '{"thidua": 1, "id": "rb", "sections": [{"id": "A", "criteria": '
     '[{"id": "hh", "max": 10, "rule": {"kind": "proportional"}}]}],\n'
     ' "awards": [{"id": "x", "when": "rank \\u003e= 1 and rank / (target(hh) - 100) > 0"}]}\n',
     thidua.EvaluationError, "award 'x', unit 'a': division by zero"),
])
def test_evaluation_faults_point_into_the_rulebook_file(tmp_path, name, text, error, words):
    # the failing part is the divisor: its line and column in the file
    path = write(tmp_path, name, text)
    at = text.index("(target(hh) - 100)") if "(target(hh)" in text else text.index("(hh - 100)")
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    rb = thidua.Rulebook.load(path)
    data = write(tmp_path, "data.yaml", "thidua: 1\nperiod: 2023\ncluster: {id: c, members: [{id: a}]}\n"
                 "targets: {a: {hh: 100}}\nresults: {a: {hh: 90}}\n")
    cluster = thidua.Cluster.load(data, rulebook=rb)
    with pytest.raises(error) as info:
        thidua.evaluate(rb, cluster)
    e = info.value
    assert words in e.message
    assert (e.file, e.line, e.column) == (str(path), line, column)
    assert str(e).startswith(f"{path}:{line}:{column}: ")


def test_bad_data_files_name_their_position(tmp_path):
    rb = thidua.Rulebook.loads(RULEBOOK)
    data = "thidua: 1\nperiod: 2023\ncluster: {id: c, members: [{id: a}]}\n"
    cases = [
        ("results: {a: {hh: -1}}\n", thidua.RangeError, 4),
        ("results: {a: {hh: 1}}\nresults2: 1\n", thidua.ParseError, 5),
        ("targets: {a: {hh: 1}}\nresults: {b: {hh: 1}}\n", thidua.DataError, 5),
        ("targets: {a: {hh: 1, hh: 2}}\n", None, 4),
    ]
    for extra, error, line in cases:
        path = write(tmp_path, "data.yaml", data + extra)
        with pytest.raises(thidua.Error) as info:
            thidua.Cluster.load(path, rulebook=rb)
        if error is not None:
            assert isinstance(info.value, error), (extra, info.value)
        assert info.value.file == str(path) and info.value.line == line, (extra, info.value)


def test_missing_data_is_reported_at_the_member_entry(tmp_path):
    # found at evaluation, named at the member's entry in the file declaring the members
    rb = thidua.Rulebook.loads(RULEBOOK)
    header = write(tmp_path, "cluster.yaml", "thidua: 1\nperiod: 2023\ncluster:\n  id: c\n  members:\n"
                                             "    - {id: a}\n    - {id: b}\n")
    values = write(tmp_path, "values.csv", "unit,measure,target,actual\na,hh,10,9\nb,hh,10,\n")
    cluster = thidua.Cluster.load(values, header, rulebook=rb)
    with pytest.raises(thidua.DataError, match="unit 'b' has no actual result for measure 'hh'") as info:
        thidua.evaluate(rb, cluster)
    assert (info.value.file, info.value.line, info.value.column) == (str(header), 7, 7)
    # built in code, the same cluster has no place to name
    in_code = thidua.Cluster("c", 2023).add_members(["a", "b"])
    in_code.set_target("a", "hh", 10).set_actual("a", "hh", 9).set_target("b", "hh", 10)
    with pytest.raises(thidua.DataError) as info:
        thidua.evaluate(rb, in_code)
    assert (info.value.file, info.value.line, info.value.column) == (None, None, None)


def test_value_given_twice_across_files(tmp_path):
    a = write(tmp_path, "a.yaml", "thidua: 1\nperiod: 2023\ncluster: {id: c, members: [{id: u}]}\n"
                                  "results: {u: {hh: 1}}\n")
    b = write(tmp_path, "b.csv", "unit,measure,target,actual\nu,hh,1,2\n")
    with pytest.raises(thidua.DuplicateError) as info:
        thidua.Cluster.load(a, b)
    assert info.value.file == str(b) and info.value.line == 2


def test_missing_file_is_a_file_error(tmp_path):
    with pytest.raises(thidua.FileError) as info:
        thidua.Rulebook.load(tmp_path / "nope.yaml")
    assert isinstance(info.value, OSError) and info.value.file == str(tmp_path / "nope.yaml")


def test_limits_are_limit_errors(tmp_path):
    with pytest.raises(thidua.LimitError):
        thidua.Rulebook.load(CASE / "rulebook.yaml", max_bytes=64)
    deep = "thidua: 1\nid: x\nsections: " + "[" * 100 + "]" * 100 + "\n"
    with pytest.raises(thidua.LimitError) as info:
        thidua.Rulebook.loads(deep, name="deep.yaml")
    assert info.value.file == "deep.yaml" and info.value.line == 3


def test_line_length_limit(tmp_path):
    long_name = RULEBOOK + "name: '" + "x" * 100 + "'\n"
    assert thidua.Rulebook.loads(long_name).name == "x" * 100
    with pytest.raises(thidua.LimitError, match="longer than the limit of 60 bytes") as info:
        thidua.Rulebook.loads(long_name, name="long.yaml", max_line_bytes=60)
    assert (info.value.file, info.value.line, info.value.column) == ("long.yaml", 7, 61)
    data = write(tmp_path, "data.yaml", "thidua: 1\nperiod: 2023\ncluster: {id: c, members: [{id: u}]}\n"
                                         "results: {u: {hh: " + "1" * 30 + "}}\n")
    with pytest.raises(thidua.LimitError) as info:
        thidua.Cluster.load(data, max_line_bytes=40)
    assert (info.value.file, info.value.line) == (str(data), 4)


def test_limits_of_counts_and_totals(tmp_path):
    rb = thidua.Rulebook.load(CASE / "rulebook.yaml")
    files = (CASE / "data.yaml", CASE / "results.csv")
    total = sum(f.stat().st_size for f in files)
    assert len(thidua.Cluster.load(*files, rulebook=rb, max_total_bytes=total)) == 4
    with pytest.raises(thidua.LimitError, match="larger than the 1570 bytes left") as info:
        thidua.Cluster.load(*files, rulebook=rb, max_total_bytes=total - 1)
    assert info.value.file == str(CASE / "results.csv")
    with pytest.raises(thidua.LimitError, match="more than 3 members") as info:
        thidua.Cluster.load(*files, max_members=3)
    assert (info.value.file, info.value.line) == (str(CASE / "data.yaml"), 23)
    with pytest.raises(thidua.LimitError, match="more than 5 rows"):
        thidua.Cluster.load(*files, max_rows=5)
    with pytest.raises(thidua.LimitError, match="more than 2 keys"):
        thidua.Rulebook.loads(RULEBOOK, max_keys=2)
    with pytest.raises(thidua.LimitError, match="more than 1 criteria"):
        thidua.Rulebook.load(CASE / "rulebook.yaml", max_criteria=1)
    with pytest.raises(ValueError, match="max_rows: expected a whole number >= 0"):
        thidua.Cluster.load(*files, max_rows=-1)
    cluster = thidua.Cluster.load(*files, rulebook=rb)
    assert rb.evaluate(cluster, max_cells=80).members
    with pytest.raises(thidua.LimitError, match="computes more than 79 cells"):
        rb.evaluate(cluster, max_cells=79)
    with pytest.raises(thidua.LimitError, match="computes more than 79 cells"):
        thidua.evaluate(rb, cluster, max_cells=79)
    with pytest.raises(ValueError, match="max_cells must be a whole number"):
        rb.evaluate(cluster, max_cells=-5)


def test_conditions_in_words_or_formulas():
    rb = thidua.Rulebook.load(CASE / "rulebook.yaml")
    cluster = thidua.Cluster.load(CASE / "data.yaml", CASE / "results.csv", rulebook=rb)
    words = rb.evaluate(cluster, lang="en")
    formulas = thidua.evaluate(rb, cluster, lang="en", formulas=True)
    w, f = words.member("tam-duong").awards[0], formulas.member("tam-duong").awards[0]
    assert w.explain == "not eligible: classification 'hoan_thanh' (needs 'xuat_sac')"
    assert f.explain == "not eligible: classification = 'hoan_thanh' != 'xuat_sac'"
    assert w.status == f.status and words.member("tam-duong").total == formulas.member("tam-duong").total
    vi = rb.evaluate(cluster).member("tam-duong").awards[0].explain
    assert vi == "chưa đủ điều kiện: xếp loại 'hoan_thanh' (yêu cầu 'xuat_sac')"
    with pytest.raises(TypeError, match="formulas must be True or False"):
        rb.evaluate(cluster, formulas="yes")


def test_unknown_load_option_is_a_type_error():
    with pytest.raises(TypeError, match="unknown option 'colour'"):
        thidua.Rulebook.loads(RULEBOOK, colour="red")
    with pytest.raises(ValueError, match="format"):
        thidua.Rulebook.loads(RULEBOOK, format="toml")


def test_numbers_from_files_are_exact(files_result):
    tan_uyen = files_result["tan-uyen"]
    assert tan_uyen.criterion("poverty").actual == Decimal("9.1")
    assert tan_uyen.total == Decimal("96.66")
