"""Scoring many households at once, numbers only, through Arrow.

A commune scores every household of the "cultured family" movement on
three criteria (invented data: 20,000 households, each with a target and
a result per criterion). The data comes as an Arrow table in the long
layout, the evaluation writes no explanation (``explain=False``) and uses
two threads, and the totals go back as an exact Arrow table, from which the
households that reach 90 points are counted per hamlet.

    python examples/python/households_arrow.py [HOUSEHOLDS]

Needs pyarrow (pip install 'thidua[arrow]').
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc

import thidua

households = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000

rulebook = (
    thidua.RulebookBuilder("gia-dinh-van-hoa", name="Gia đình văn hóa (ví dụ)")
    .add_section("A", "Kinh tế và nếp sống", max=100)
    .add_criterion("A", "thu_nhap", "Thu nhập so với kế hoạch", max=40, rule={"kind": "proportional"})
    .add_criterion("A", "ve_sinh", "Vệ sinh môi trường (ngày)", max=30, rule={"kind": "threshold", "at": "0.9"})
    .add_criterion("A", "hoc_tap", "Con em đi học đúng độ tuổi", max=30,
                   rule={"kind": "shortfall", "deduct": 5, "per": 10, "step": "ceil"})
    .build()
)

# The long layout: one row per household and criterion (a deterministic
# spread of results, so that every run gives the same counts).
units, measures, targets, actuals = [], [], [], []
for h in range(households):
    unit = f"ho-{h:06d}"
    for c, (criterion, target) in enumerate((("thu_nhap", 120), ("ve_sinh", 365), ("hoc_tap", 4))):
        units.append(unit)
        measures.append(criterion)
        targets.append(target)
        actuals.append(target * (70 + (h * 7 + c * 13) % 41) // 100)
table = pa.table({"unit": units, "measure": measures,
                  "target": pa.array(targets, pa.int64()), "actual": pa.array(actuals, pa.int64())})

start = time.perf_counter()
cluster = thidua.Cluster.from_arrow(table, id="xa-vi-du", period=2025)
loaded = time.perf_counter() - start
result = rulebook.evaluate(cluster, explain=False, threads=2)
evaluated = time.perf_counter() - start - loaded

totals = result.to_arrow()  # unit, name, rank, ..., total: decimal128, exact
hamlet = pc.utf8_slice_codeunits(totals.column("unit"), 3, 6)  # "ho-012345": hamlet "012" (a thousand each)
reached = pc.greater_equal(totals.column("total"), pa.scalar(Decimal(90), pa.decimal128(38, 2)))
per_hamlet = pa.table({"hamlet": hamlet, "reached": reached}).group_by("hamlet").aggregate([("reached", "sum")])

print(f"{households} households, {households * 3} values: loaded in {loaded:.2f} s, evaluated in {evaluated:.2f} s")
print(f"households with 90 points or more: {pc.sum(reached).as_py()}")
print(f"best total: {pc.max(totals.column('total')).as_py()}, lowest: {pc.min(totals.column('total')).as_py()}")
print("per hamlet (first five):", per_hamlet.sort_by("hamlet").slice(0, 5).to_pylist())
