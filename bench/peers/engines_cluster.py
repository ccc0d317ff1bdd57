"""The engines of the `cluster` workload (peers/workload.py), each in two
steps run by peers/child.py in a process of its own:

- ``prepare(n, threads)`` makes the data and puts it in the engine's
  native form (timed as "load", not as evaluation);
- ``evaluate(native, threads)`` computes every member's total and returns
  them in hundredths, in member order (timed, best of the repeats).

The C engines (thidua-c, hand-c) are programs built by CMake
(bench/peer_thidua.c, bench/peer_hand.c); bench/run starts them directly.
Every engine uses exact integer or decimal arithmetic: values in tenths,
attainments in millionths, points in hundredths, each rounded half away
from zero from the exact quotient, as docs/scoring.md says.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

from .workload import (CRITERIA, K_BANDS, K_BEST, K_EXPR, K_MANUAL, K_PROPORTIONAL, K_RANK, K_SHORTFALL,
                       K_THRESHOLD, KIND_OF, ONE, SECTION_SIZE, thidua_documents, thidua_rulebook, values_numpy)

# What each Python engine imports (bench/run reports an engine "not available" without it).
REQUIRES = {
    "thidua-python": "thidua",
    "numpy": "numpy",
    "pandas": "pandas",
    "duckdb": "duckdb",
    "zen-engine": "zen",
}

# ---- thidua, Python package ---------------------------------------------------


def thidua_python_prepare(n: int, threads: int) -> Any:
    import thidua

    rb = thidua_rulebook(thidua)
    doc, csv = thidua_documents(n)
    cl = thidua.Cluster.loads(doc, csv, rulebook=rb)
    return thidua, rb, cl


def thidua_python_evaluate(native: Any, threads: int) -> Any:
    thidua, rb, cl = native
    return thidua.evaluate(rb, cl, threads=threads)


def thidua_python_totals(native: Any, result: Any) -> List[int]:
    """Every member's total from the result (not timed: the result is in rank order)."""
    from thidua import _thidua as low

    n = low.td_result_member_count(result._c)
    out = [0] * n
    for i in range(n):
        m = int(low.td_result_member_unit(result._c, i)[len("unit-"):])
        out[m] = int(low.td_result_member_total(result._c, i) * 100)
    return out


# ---- NumPy: the whole cluster as two (members x criteria) int64 arrays ----------

def numpy_prepare(n: int, threads: int) -> Any:
    return values_numpy(n)


def _cols(kind: int) -> List[int]:
    return [c for c in range(CRITERIA) if KIND_OF[c] == kind]


def numpy_evaluate(native: Any, threads: int) -> Any:
    import numpy as np

    t, a, late = native
    n = t.shape[0]
    safe_t = np.where(t > 0, t, 1)
    # attainment in millionths, half away from zero: (2x + y) // (2y)
    r = np.where(t > 0, (2 * a * ONE + safe_t) // (2 * safe_t), ONE)
    sf = _cols(K_SHORTFALL)
    ts, as_ = t[:, sf], a[:, sf]
    lower = np.where(2 * ts - as_ <= 0, 0, (2 * (2 * ts - as_) * ONE + ts) // np.where(ts > 0, 2 * ts, 1))
    r[:, sf] = np.where(ts > 0, lower, np.where(as_ == 0, ONE, 0))

    p = np.empty_like(r)
    pc = _cols(K_PROPORTIONAL)
    x = r[:, pc]
    p[:, pc] = (np.minimum(x, 1_200_000) + 500) // 1000
    bonus = np.where(x > ONE, np.minimum(1000, 50 * ((x - ONE) // 50_000)), 0).sum(axis=1)
    p[:, _cols(K_THRESHOLD)] = np.where(r[:, _cols(K_THRESHOLD)] >= ONE, 1000, 0)
    x = r[:, sf]
    p[:, sf] = np.where(x >= ONE, 1000, np.maximum(0, 10 - (ONE - x + 49_999) // 50_000) * 100)
    x = r[:, _cols(K_BANDS)]
    p[:, _cols(K_BANDS)] = np.where(x >= ONE, 1000, np.where(x >= 800_000, 700, 300))
    x = r[:, _cols(K_BEST)]
    best = x.max(axis=0)
    p[:, _cols(K_BEST)] = np.where(best > 0, (2000 * x + best) // np.where(best > 0, 2 * best, 1), 0)
    points = np.array([1000, 800, 600, 0], dtype=np.int64)
    for c in _cols(K_RANK):
        col = r[:, c]
        rank = 1 + n - np.searchsorted(np.sort(col), col, side="right")  # 1 + members strictly higher
        p[:, c] = points[np.minimum(rank, 4) - 1]
    p[:, _cols(K_MANUAL)] = a[:, _cols(K_MANUAL)] * 10
    x = r[:, _cols(K_EXPR)]
    p[:, _cols(K_EXPR)] = np.where(x >= ONE, 1000, (x + 500) // 1000)

    base = np.minimum(10_000, p.reshape(n, CRITERIA // SECTION_SIZE, SECTION_SIZE).sum(axis=2)).sum(axis=1)
    return np.maximum(0, base + np.minimum(500, bonus) - 100 * late)


# ---- pandas: one wide DataFrame (t0..t39, a0..a39, late), column by column ----

def pandas_prepare(n: int, threads: int) -> Any:
    import pandas as pd

    t, a, late = values_numpy(n)
    frame = {f"t{c}": t[:, c] for c in range(CRITERIA)}
    frame.update({f"a{c}": a[:, c] for c in range(CRITERIA)})
    frame["late"] = late
    return pd.DataFrame(frame)


def pandas_evaluate(df: Any, threads: int) -> Any:
    import pandas as pd

    sections = [pd.Series(0, index=df.index, dtype="int64") for _ in range(CRITERIA // SECTION_SIZE)]
    bonus = pd.Series(0, index=df.index, dtype="int64")
    for c in range(CRITERIA):
        kind, t, a = KIND_OF[c], df[f"t{c}"], df[f"a{c}"]
        if kind == K_MANUAL:
            sections[c // SECTION_SIZE] += a * 10
            continue
        safe_t = t.where(t > 0, 1)
        if kind == K_SHORTFALL:
            d = 2 * t - a
            r = ((2 * d * ONE + safe_t) // (2 * safe_t)).where(d > 0, 0)
            r = r.where(t > 0, (a == 0) * ONE)
        else:
            r = ((2 * a * ONE + safe_t) // (2 * safe_t)).where(t > 0, ONE)
        met = r >= ONE
        if kind == K_PROPORTIONAL:
            p = (r.clip(upper=1_200_000) + 500) // 1000
            bonus += (50 * ((r - ONE) // 50_000)).clip(upper=1000).where(r > ONE, 0)
        elif kind == K_THRESHOLD:
            p = met * 1000
        elif kind == K_SHORTFALL:
            p = ((10 - (ONE - r + 49_999) // 50_000).clip(lower=0) * 100).where(~met, 1000)
        elif kind == K_BANDS:
            p = pd.Series(300, index=df.index).where(r < 800_000, 700).where(~met, 1000)
        elif kind == K_BEST:
            best = int(r.max())
            p = (2000 * r + best) // (2 * best) if best > 0 else r * 0
        elif kind == K_RANK:
            rank = r.rank(method="min", ascending=False).astype("int64")
            p = rank.map({1: 1000, 2: 800, 3: 600}).fillna(0).astype("int64")
        else:  # expr
            p = ((r + 500) // 1000).where(~met, 1000)
        sections[c // SECTION_SIZE] += p
    base = sum(s.clip(upper=10_000) for s in sections)
    return (base + bonus.clip(upper=500) - 100 * df["late"]).clip(lower=0)


# ---- DuckDB: SQL over a long table (member, criterion, target, actual) -------

_DUCKDB_SQL = f"""
WITH r AS (
  SELECT v.member, v.c, k.kind, k.section, v.a,
    CASE WHEN k.kind = {K_MANUAL} THEN NULL
         WHEN k.kind = {K_SHORTFALL} THEN
           CASE WHEN v.t = 0 THEN CASE WHEN v.a = 0 THEN {ONE} ELSE 0 END
                WHEN 2 * v.t - v.a <= 0 THEN 0
                ELSE (2 * (2 * v.t - v.a) * {ONE} + v.t) // (2 * v.t) END
         WHEN v.t = 0 THEN {ONE}
         ELSE (2 * v.a * {ONE} + v.t) // (2 * v.t) END AS r
  FROM vals v JOIN crit k ON k.c = v.c
), ranked AS (
  SELECT member, c, rank() OVER (PARTITION BY c ORDER BY r DESC) AS rnk FROM r WHERE kind = {K_RANK}
), best AS (
  SELECT c, max(r) AS best FROM r WHERE kind = {K_BEST} GROUP BY c
), p AS (
  SELECT r.member, r.section,
    CASE r.kind
      WHEN {K_PROPORTIONAL} THEN (least(r.r, 1200000) + 500) // 1000
      WHEN {K_THRESHOLD} THEN CASE WHEN r.r >= {ONE} THEN 1000 ELSE 0 END
      WHEN {K_SHORTFALL} THEN CASE WHEN r.r >= {ONE} THEN 1000
                              ELSE greatest(0, 10 - ({ONE} - r.r + 49999) // 50000) * 100 END
      WHEN {K_BANDS} THEN CASE WHEN r.r >= {ONE} THEN 1000 WHEN r.r >= 800000 THEN 700 ELSE 300 END
      WHEN {K_BEST} THEN CASE WHEN b.best = 0 THEN 0 ELSE (2000 * r.r + b.best) // (2 * b.best) END
      WHEN {K_RANK} THEN CASE k.rnk WHEN 1 THEN 1000 WHEN 2 THEN 800 WHEN 3 THEN 600 ELSE 0 END
      WHEN {K_MANUAL} THEN r.a * 10
      ELSE CASE WHEN r.r >= {ONE} THEN 1000 ELSE (r.r + 500) // 1000 END
    END AS p,
    CASE WHEN r.kind = {K_PROPORTIONAL} AND r.r > {ONE}
         THEN least(1000, 50 * ((r.r - {ONE}) // 50000)) ELSE 0 END AS bonus
  FROM r
  LEFT JOIN best b ON b.c = r.c
  LEFT JOIN ranked k ON k.member = r.member AND k.c = r.c
), s AS (
  SELECT member, section, least(10000, sum(p)) AS sp, sum(bonus) AS bonus FROM p GROUP BY member, section
)
SELECT s.member, greatest(0, sum(s.sp) + least(500, sum(s.bonus)) - 100 * any_value(m.late)) AS total
FROM s JOIN members m ON m.member = s.member
GROUP BY s.member ORDER BY s.member
"""


def duckdb_prepare(n: int, threads: int) -> Any:
    import duckdb
    import numpy as np

    t, a, late = values_numpy(n)
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    member = np.repeat(np.arange(n, dtype=np.int64), CRITERIA)
    crit = np.tile(np.arange(CRITERIA, dtype=np.int64), n)
    vals = {"member": member, "c": crit, "t": t.reshape(-1), "a": a.reshape(-1)}
    con.register("vals_np", vals)
    con.execute("CREATE TABLE vals AS SELECT member, c, t, a FROM vals_np")
    con.unregister("vals_np")
    con.register("members_np", {"member": np.arange(n, dtype=np.int64), "late": late})
    con.execute("CREATE TABLE members AS SELECT * FROM members_np")
    con.unregister("members_np")
    con.execute("CREATE TABLE crit (c BIGINT, kind BIGINT, section BIGINT)")
    con.executemany("INSERT INTO crit VALUES (?, ?, ?)",
                    [(c, KIND_OF[c], c // SECTION_SIZE) for c in range(CRITERIA)])
    return con


def duckdb_evaluate(con: Any, threads: int) -> Any:
    return con.execute(_DUCKDB_SQL).fetchnumpy()["total"]


# ---- zen-engine: a decision graph (JDM), one evaluation per member -----------
#
# zen's expressions compute in decimals (rust_decimal, 28 digits) and its
# round(x, d) rounds half away from zero, so the rules are written as they
# read in docs/scoring.md, in points. The cross-member values (best's
# highest attainment, rank's three highest attainments and how many share
# them) come from one more zen evaluation over the whole cluster first.
# Values are passed in tenths (integers: a JSON float would not be exact);
# the output is the total x 100, an integer.

def _zen_attainment(c: int) -> str:
    if KIND_OF[c] == K_SHORTFALL:
        return (f"t[{c}] == 0 ? (a[{c}] == 0 ? 1 : 0) : "
                f"max([0, round((2 * t[{c}] - a[{c}]) / t[{c}], 6)])")
    return f"t[{c}] == 0 ? 1 : round(a[{c}] / t[{c}], 6)"


def _zen_points(c: int) -> str:
    r, kind = f"$.r{c}", KIND_OF[c]
    if kind == K_PROPORTIONAL:
        return f"round(10 * min([{r}, 1.2]), 2)"
    if kind == K_THRESHOLD:
        return f"{r} >= 1 ? 10 : 0"
    if kind == K_SHORTFALL:
        return f"{r} >= 1 ? 10 : round(max([0, 10 - 1 * ceil((1 - {r}) * 100 / 5)]), 2)"
    if kind == K_BANDS:
        return f"{r} >= 1 ? 10 : ({r} >= 0.8 ? 7 : 3)"
    if kind == K_BEST:
        return f"agg.best{c} == 0 ? 0 : round(10 * {r} / agg.best{c}, 2)"
    if kind == K_RANK:
        g = f"agg.rank{c}"
        return (f"{r} == {g}.v0 ? 10 : ({r} == {g}.v1 ? ({g}.n0 == 1 ? 8 : ({g}.n0 == 2 ? 6 : 0)) : "
                f"({r} == {g}.v2 and {g}.n0 + {g}.n1 == 2 ? 6 : 0))")
    if kind == K_MANUAL:
        return f"round(a[{c}] / 10, 2)"
    return f"round(max([0, min([10, {r} >= 1 ? 10 : 10 * {r}])]), 2)"


def _zen_graph(expressions: List[Tuple[str, str]]) -> str:
    node = {"id": "score", "type": "expressionNode", "name": "score", "position": {"x": 300, "y": 0},
            "content": {"expressions": [{"id": f"e{i}", "key": k, "value": v}
                                        for i, (k, v) in enumerate(expressions)]}}
    return json.dumps({
        "nodes": [{"id": "in", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
                  node,
                  {"id": "out", "type": "outputNode", "name": "response", "position": {"x": 600, "y": 0}}],
        "edges": [{"id": "e-in", "sourceId": "in", "targetId": "score", "type": "edge"},
                  {"id": "e-out", "sourceId": "score", "targetId": "out", "type": "edge"}],
    })


def zen_member_graph() -> str:
    ex: List[Tuple[str, str]] = []
    for c in range(CRITERIA):
        if KIND_OF[c] != K_MANUAL:
            ex.append((f"r{c}", _zen_attainment(c)))
    for c in range(CRITERIA):
        ex.append((f"p{c}", _zen_points(c)))
    for s in range(CRITERIA // SECTION_SIZE):
        terms = " + ".join(f"$.p{c}" for c in range(s * SECTION_SIZE, (s + 1) * SECTION_SIZE))
        ex.append((f"s{s}", f"min([100, {terms}])"))
    bonuses = [f"($.r{c} > 1 ? round(min([10, 0.5 * floor(($.r{c} - 1) * 100 / 5)]), 2) : 0)"
               for c in range(CRITERIA) if KIND_OF[c] == K_PROPORTIONAL]
    ex.append(("bonus", f"min([5, {' + '.join(bonuses)}])"))
    base = " + ".join(f"$.s{s}" for s in range(CRITERIA // SECTION_SIZE))
    ex.append(("total", f"max([0, {base} + $.bonus - 1 * late])"))
    ex.append(("total100", "$.total * 100"))
    return _zen_graph(ex)


def zen_cluster_graph() -> str:
    """One evaluation over every member: the attainments best and rank need."""
    ex: List[Tuple[str, str]] = []
    for c in range(CRITERIA):
        if KIND_OF[c] in (K_BEST, K_RANK):
            ex.append((f"col{c}", f"map(members, {_zen_attainment(c).replace('t[', '#.t[').replace('a[', '#.a[')})"))
    for c in range(CRITERIA):
        if KIND_OF[c] == K_BEST:
            ex.append((f"best{c}", f"max($.col{c})"))
        elif KIND_OF[c] == K_RANK:
            col = f"$.col{c}"
            ex.append((f"v0_{c}", f"max({col})"))
            ex.append((f"v1_{c}", f"count({col}, # < $.v0_{c}) > 0 ? max(filter({col}, # < $.v0_{c})) : -1"))
            ex.append((f"v2_{c}", f"count({col}, # < $.v1_{c}) > 0 ? max(filter({col}, # < $.v1_{c})) : -1"))
            ex.append((f"rank{c}", f"{{v0: $.v0_{c}, v1: $.v1_{c}, v2: $.v2_{c}, "
                                   f"n0: count({col}, # == $.v0_{c}), n1: count({col}, # == $.v1_{c})}}"))
    return _zen_graph(ex)


def zen_prepare(n: int, threads: int) -> Any:
    import zen

    t, a, late = values_numpy(n)
    members = [{"t": tm, "a": am, "late": lm} for tm, am, lm in zip(t.tolist(), a.tolist(), late.tolist())]
    engine = zen.ZenEngine()
    return engine.create_decision(zen_cluster_graph()), engine.create_decision(zen_member_graph()), members


def zen_evaluate(native: Any, threads: int) -> List[int]:
    cluster, member, members = native
    out = cluster.evaluate({"members": members})["result"]
    agg = {k: v for k, v in out.items() if k.startswith(("best", "rank"))}
    totals = []
    for m in members:
        m["agg"] = agg
        totals.append(member.evaluate(m)["result"]["total100"])
    return totals


ENGINES: Dict[str, Dict[str, Any]] = {
    "thidua-python": {"prepare": thidua_python_prepare, "evaluate": thidua_python_evaluate,
                      "totals": thidua_python_totals, "threads": True},
    "numpy": {"prepare": numpy_prepare, "evaluate": numpy_evaluate, "threads": False},
    "pandas": {"prepare": pandas_prepare, "evaluate": pandas_evaluate, "threads": False},
    "duckdb": {"prepare": duckdb_prepare, "evaluate": duckdb_evaluate, "threads": True},
    "zen-engine": {"prepare": zen_prepare, "evaluate": zen_evaluate, "threads": False},
}
