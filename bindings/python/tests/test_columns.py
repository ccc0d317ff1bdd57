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
