"""Result columns: values/to_numpy/to_arrow/arrow_column read every member's
number in one call and agree with the per-member objects."""

from __future__ import annotations

import gc
from decimal import Decimal

import pytest

import thidua


@pytest.fixture()
def result(lai_chau_rulebook, lai_chau_cluster):
    return thidua.evaluate(lai_chau_rulebook, lai_chau_cluster, explain=False)


MEMBER_FIELDS = ("total", "base", "bonus", "deduction")
CRITERION_FIELDS = {"target": "target", "actual": "actual", "attainment": "attainment", "points": "points",
                    "criterion_bonus": "bonus"}


def test_values_agree_with_the_member_objects(result):
    assert result.units == tuple(m.unit for m in result)
    for field in MEMBER_FIELDS:
        assert result.values(field) == [getattr(m, field) for m in result]
    for crit in result.rulebook.criteria:
        for field, attr in CRITERION_FIELDS.items():
            assert result.values(field, crit.id) == [getattr(m.criterion(crit.id), attr) for m in result]
    # best of actual: no target, no attainment
    assert result.values("attainment", "collective_awards") == [None] * 4
    assert all(isinstance(v, Decimal) for v in result.values("total"))


def test_numpy_columns(result):
    np = pytest.importorskip("numpy")
    totals = result.to_numpy("total")
    assert totals.dtype == np.float64 and totals.shape == (4,)
    assert totals.tolist() == [float(v) for v in result.values("total")]
    assert np.isnan(result.to_numpy("target", "collective_awards")).all()


def test_arrow_arrays_are_exact(result):
    pa = pytest.importorskip("pyarrow")
    totals = result.to_arrow("total")
    assert totals.type == pa.decimal128(38, 2)
    assert totals.to_pylist() == result.values("total")
    attain = result.to_arrow("attainment", "hh_registered")
    assert attain.type == pa.decimal128(38, 6) and attain.to_pylist()[0] == Decimal("1.028571")
    missing = result.to_arrow("target", "collective_awards")
    assert missing.null_count == 4
    fixed = result.to_arrow("total", scale=4)
    assert fixed.type == pa.decimal128(38, 4) and fixed.to_pylist() == result.values("total")
    with pytest.raises(thidua.RangeError, match="never rounded"):
        result.to_arrow("attainment", "hh_registered", scale=2)


def test_arrow_table_of_the_members(result):
    pa = pytest.importorskip("pyarrow")
    table = result.to_arrow()
    assert table.num_rows == 4
    assert table.column("unit").to_pylist() == list(result.units)
    assert table.column("rank").to_pylist() == [1, 2, 3, 4]
    assert table.column("classification").to_pylist() == [m.classification for m in result]
    assert table.column("total").to_pylist() == result.values("total")
    # numbers at the rulebook's precision: tables of two results concatenate
    assert table.schema.field("deduction").type == pa.decimal128(38, result.rulebook.precision)
    assert table.column("points.loans").to_pylist() == result.values("points", "loans")
    both = pa.concat_tables([table, result.to_arrow()])
    assert both.num_rows == 8
    with pytest.raises(thidua.InvalidArgumentError, match="go with a field"):
        result.to_arrow(scale=2)


def test_an_arrow_column_outlives_its_result(lai_chau_rulebook, lai_chau_cluster):
    pa = pytest.importorskip("pyarrow")
    want = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster).values("points", "loans")
    column = thidua.evaluate(lai_chau_rulebook, lai_chau_cluster).arrow_column("points", "loans")
    gc.collect()  # the column keeps its result alive
    assert len(column) == 4 and "points of 4 members" in repr(column)
    array = pa.array(column)
    del column
    gc.collect()  # the array owns its buffers
    assert array.to_pylist() == want and len(want) == 4


def test_capsules_released_without_a_consumer(result):
    schema, array = result.arrow_column("total").__arrow_c_array__()
    assert type(schema).__name__ == "PyCapsule" and type(array).__name__ == "PyCapsule"
    del schema, array  # their destructors release the structs (checked by ASan and valgrind runs)


def test_bad_columns_say_why(result):
    with pytest.raises(thidua.InvalidArgumentError, match="unknown result field 'totals'"):
        result.values("totals")
    with pytest.raises(thidua.InvalidArgumentError, match="give criterion="):
        result.values("points")
    with pytest.raises(thidua.InvalidArgumentError, match="leave criterion out"):
        result.values("total", "loans")
    with pytest.raises(thidua.NotFoundError):
        result.values("points", "nope")
    with pytest.raises(TypeError, match="field must be a str"):
        result.values(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="scale must be an int"):
        result.arrow_column("total", scale="2")  # type: ignore[arg-type]


def test_to_arrow_refuses_a_scale_out_of_range(result):
    pytest.importorskip("pyarrow")
    with pytest.raises(thidua.InvalidArgumentError, match="scale must be -1 .. 36"):
        result.to_arrow("total", scale=40)


def test_threads_give_the_same_result():
    # 1,100 members: two ranges of at least 512
    rulebook = (thidua.RulebookBuilder("t").add_section("S")
                .add_criterion("S", "c", max=10, rule={"kind": "proportional"})
                .add_criterion("S", "r", max=5, rule={"kind": "rank", "points": [5, 3, 1]})
                .build())
    cluster = thidua.Cluster("k", 2024)
    for m in range(1100):
        unit = f"u{m:04d}"
        cluster.add_member(unit)
        for crit in ("c", "r"):
            cluster.set_target(unit, crit, 100)
            cluster.set_actual(unit, crit, 50 + (m * 37) % 80)
    one = rulebook.evaluate(cluster)
    two = rulebook.evaluate(cluster, threads=2)
    assert one.to_dict() == two.to_dict()
    assert one.values("total") == two.values("total")
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="threads must be a whole number"):
            rulebook.evaluate(cluster, threads=bad)  # type: ignore[arg-type]


# ---- Arrow in ---------------------------------------------------------------------

EXAMPLE = "examples/lai-chau"


def _example_path(root, name):
    import os
    return os.path.join(root, EXAMPLE, name)


@pytest.fixture()
def repo_root():
    import os
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_add_arrow_gives_what_add_frame_gives(lai_chau_rulebook, lai_chau_cluster, repo_root):
    pa = pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    # the long layout with unit ids, as the tour of docs/python.md makes it
    frame = lai_chau_rulebook.evaluate(lai_chau_cluster).to_pandas("criteria")
    frame = frame[["unit", "measure", "target", "actual"]]
    header = _example_path(repo_root, "data.yaml")
    by_frame = thidua.Cluster.load(header).add_frame(frame)
    by_arrow = thidua.Cluster.load(header).add_arrow(pa.Table.from_pandas(frame, preserve_index=False))
    want = lai_chau_rulebook.evaluate(by_frame).to_dict()
    assert lai_chau_rulebook.evaluate(by_arrow).to_dict() == want
    # typed columns under other names: decimal128 targets, float64 actuals, text, a record batch
    typed = pa.record_batch({
        "don_vi": frame["unit"].tolist(),
        "chi_tieu": frame["measure"].tolist(),
        "ke_hoach": pa.array(frame["target"].tolist(), pa.decimal128(20, 2)),
        "thuc_hien": pa.array([None if v is None else float(v) for v in frame["actual"]], pa.float64()),
        "ghi_chu": ["x"] * len(frame),
    })
    again = thidua.Cluster.load(header).add_arrow(
        typed, unit="don_vi", measure="chi_tieu", target="ke_hoach", actual="thuc_hien")
    assert lai_chau_rulebook.evaluate(again).to_dict() == want
    texts = pa.table({"unit": frame["unit"].tolist(), "measure": frame["measure"].tolist(),
                      "target": [None if v is None else str(v) for v in frame["target"]],
                      "actual": [None if v is None else str(v) for v in frame["actual"]]})
    assert lai_chau_rulebook.evaluate(thidua.Cluster.load(header).add_arrow(texts)).to_dict() == want


def test_from_arrow_makes_the_members_and_normalises_units():
    pa = pytest.importorskip("pyarrow")
    decomposed = "ta\u0302n-uye\u0302n"  # NFD: what some spreadsheets write
    table = pa.table({"unit": ["a", decomposed, "a"], "measure": ["m", "m", "n"],
                      "target": pa.array([10, 20, 30], pa.int64()), "actual": ["11", None, "30.5"]})
    cluster = thidua.Cluster.from_arrow(table, id="k", period=2024)
    assert [m.id for m in cluster.members] == ["a", "tân-uyên"]
    rulebook = (thidua.RulebookBuilder("r").add_section("S")
                .add_criterion("S", "m", max=10, rule={"kind": "proportional"}).build())
    with pytest.raises(thidua.DataError, match="no actual"):
        rulebook.evaluate(cluster)  # tân-uyên's actual of m is null: not given


class _Capsules:
    """Any producer of the Arrow PyCapsule interface (here: wrapping pyarrow)."""

    def __init__(self, batch):
        self._batch = batch

    def __arrow_c_array__(self, requested_schema=None):
        return self._batch.__arrow_c_array__(requested_schema)


def test_a_bad_batch_changes_nothing_and_names_the_row():
    pa = pytest.importorskip("pyarrow")
    cluster = thidua.Cluster("k", 2024).add_member("a").add_member("b")
    bad = pa.record_batch({"unit": ["a", "b", "a"], "measure": ["m", "m", "n"], "target": [1, 2, -3]})
    with pytest.raises(thidua.RangeError, match=r"arrow batch row 3 \(unit 'a', measure 'n'\): "
                                                r"the target must be >= 0, got -3"):
        cluster.add_arrow(_Capsules(bad))
    stranger = pa.record_batch({"unit": ["a", "zz"], "measure": ["m", "m"], "actual": [1.5, 2.0]})
    with pytest.raises(thidua.NotFoundError, match="arrow batch row 2: a row names unit 'zz', which is not a member"):
        cluster.add_arrow(stranger)
    twice = pa.record_batch({"unit": ["a", "a"], "measure": ["m", "m"], "actual": ["1", "2"]})
    with pytest.raises(thidua.DuplicateError, match="given twice in the batch"):
        cluster.add_arrow(twice)
    # the rows of the failed batches were not kept: the same values go in now
    good = pa.record_batch({"unit": ["a", "b", "a"], "measure": ["m", "m", "m"],
                            "target": [1, 2, None], "actual": [None, 2, 1]})
    cluster.add_arrow(_Capsules(good))
    with pytest.raises(thidua.InvalidArgumentError, match="no column 'measure'"):
        cluster.add_arrow(pa.table({"unit": ["a"], "target": [1]}))
    with pytest.raises(thidua.InvalidArgumentError, match="must hold strings"):
        cluster.add_arrow(pa.table({"unit": [1], "measure": ["m"], "target": [1]}))
    with pytest.raises(thidua.InvalidArgumentError, match="column 'target' has format 'f'"):
        cluster.add_arrow(pa.table({"unit": ["b"], "measure": ["x"], "target": pa.array([1.0], pa.float32())}))
    with pytest.raises(TypeError, match="expected a pyarrow Table"):
        cluster.add_arrow([("a", "m", 1)])


def test_add_frame_goes_through_arrow_and_keeps_its_own_errors(monkeypatch):
    pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    calls = []
    real = thidua.Cluster.add_arrow

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(thidua.Cluster, "add_arrow", counting)
    frame = pd.DataFrame({"unit": ["a", "b"], "measure": ["m", "m"], "target": [10, 20],
                          "actual": [Decimal("10.5"), None]})
    cluster = thidua.Cluster.from_dataframe(frame, id="k", period=2024)
    assert calls == [1]  # one batch, through the C library
    rulebook = (thidua.RulebookBuilder("r").add_section("S")
                .add_criterion("S", "m", max=10, rule={"kind": "best", "of": "actual"}).build())
    # b has no actual: the frame's None is "not given", as row by row
    with pytest.raises(thidua.DataError, match="unit 'b' has no actual"):
        rulebook.evaluate(cluster)
    # an empty text cell is "not given" too: the batch is refused, the rows go one by one
    calls.clear()
    text = pd.DataFrame({"unit": ["a", "b"], "measure": ["m", "m"], "target": ["10", ""], "actual": ["1", "2"]})
    again = thidua.Cluster.from_dataframe(text, id="k", period=2024)
    assert calls == [1]
    assert [m.id for m in again.members] == ["a", "b"]
    # errors keep the row-by-row wording
    bad = pd.DataFrame({"unit": ["a", "b"], "measure": ["m", "m"], "target": [10, -5]})
    with pytest.raises(thidua.RangeError, match=r"frame row 2 \(b, m\)"):
        thidua.Cluster.from_dataframe(bad, id="k", period=2024)


def test_a_measure_few_members_have_and_a_30_digit_value_load_and_evaluate():
    # the cluster keeps such values apart from its columns (spilled, wide):
    # they read back and evaluate as the data gave them
    pa = pytest.importorskip("pyarrow")
    units = [f"m{i:03d}" for i in range(300)]
    table = pa.table({"unit": units + ["m299", "m150"], "measure": ["months"] * 300 + ["discipline"] * 2,
                      "actual": ["120000000000000000000000000000"] + ["12"] * 299 + ["3", "1"]})
    cluster = thidua.Cluster.from_arrow(table, id="k", period=2024)
    assert cluster.actual("m299", "discipline") == Decimal("3")
    assert cluster.actual("m298", "discipline") is None
    assert cluster.actual("m000", "months") == Decimal("120000000000000000000000000000")
    with pytest.raises(thidua.DuplicateError, match=r"given twice \(1 before, then 2\)"):
        cluster.add_arrow(pa.table({"unit": ["m150"], "measure": ["discipline"], "actual": ["2"]}))
    rulebook = (thidua.RulebookBuilder("r").add_input("months").add_input("discipline")
                .add_classification("good", when="actual(months) >= 12 and not has(discipline)")
                .add_classification("fair", when="actual(discipline, 0) < 2")
                .add_classification("other").build())
    result = thidua.evaluate(rulebook, cluster, explain=False)
    classes = {m.unit: m.classification for m in result.members}
    assert (classes["m000"], classes["m001"], classes["m150"], classes["m299"]) == ("good", "good", "fair", "other")
