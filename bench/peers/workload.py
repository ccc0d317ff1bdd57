"""The workloads of the peer comparison (bench/run), in a registry.

A workload says what every engine computes and gives its data. Only
``cluster`` exists today: the synthetic 40-criterion scheme of
bench/scheme.c. A roll-up workload (household records summed into unit
results before scoring) can be added beside it with its own engines.

This module needs the standard library only (numpy is used when present,
to make the data quickly); the ctest of bench/ imports it with the
system Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Sequence, Tuple

MASK64 = (1 << 64) - 1

# ---- the cluster workload: the scheme of bench/scheme.c -------------------

CRITERIA = 40
SECTION_SIZE = 10          # criteria per section, section max 100
KINDS = ("proportional", "threshold", "shortfall", "bands", "best", "rank", "manual", "expr")
(K_PROPORTIONAL, K_THRESHOLD, K_SHORTFALL, K_BANDS, K_BEST, K_RANK, K_MANUAL, K_EXPR) = range(8)
ONE = 1_000_000            # attainment 1 in millionths

#: criterion c's rule kind (scheme.c: c % K_COUNT)
KIND_OF = tuple(c % len(KINDS) for c in range(CRITERIA))


def tenths(m: int, c: int, lo: int, span: int) -> int:
    """bench_value() of scheme.c (bench/peer.h) as a count of tenths."""
    h = ((m * 2654435761) & MASK64) ^ ((c * 40503 + 17) & MASK64)
    h = ((h ^ (h >> 13)) * 0x5BD1E995) & MASK64
    return (lo + (h >> 8) % span) * 10 + (h >> 3) % 10


def values_python(n: int) -> Tuple[List[List[int]], List[List[int]], List[int]]:
    """targets, actuals (manual criteria: the final score) in tenths, and late events per member."""
    t = [[0] * CRITERIA for _ in range(n)]
    a = [[0] * CRITERIA for _ in range(n)]
    for m in range(n):
        tm, am = t[m], a[m]
        for c in range(CRITERIA):
            if KIND_OF[c] == K_MANUAL:
                am[c] = tenths(m, c, 5, 5)
            else:
                tm[c] = tenths(m, c, 100, 50)
                am[c] = tenths(m + 7, c, 80, 90)
    late = [1 if m % 10 == 3 else 0 for m in range(n)]
    return t, a, late


def values_numpy(n: int):  # -> (t, a, late) as int64 arrays, t and a of shape (n, CRITERIA)
    """As values_python(), as NumPy int64 arrays (same numbers)."""
    import numpy as np

    m = np.arange(n, dtype=np.uint64)[:, None]
    c = np.arange(CRITERIA, dtype=np.uint64)[None, :]

    def value(mm, lo: int, span: int):
        h = (mm * np.uint64(2654435761)) ^ (c * np.uint64(40503) + np.uint64(17))
        h = (h ^ (h >> np.uint64(13))) * np.uint64(0x5BD1E995)
        return ((np.uint64(lo) + (h >> np.uint64(8)) % np.uint64(span)) * np.uint64(10)
                + (h >> np.uint64(3)) % np.uint64(10)).astype(np.int64)

    manual = np.array([k == K_MANUAL for k in KIND_OF])[None, :]
    t = np.where(manual, 0, value(m, 100, 50))
    a = np.where(manual, value(m, 5, 5), value(m + np.uint64(7), 80, 90))
    late = (np.arange(n) % 10 == 3).astype(np.int64)
    return t, a, late


def _div_round(x: int, y: int) -> int:
    """x / y rounded half away from zero (x >= 0, y > 0)."""
    return (2 * x + y) // (2 * y)


def attainment(kind: int, t: int, a: int) -> int:
    """The rounded attainment in millionths (docs/scoring.md, "Attainment")."""
    if kind == K_SHORTFALL:  # lower is better
        if t == 0:
            return ONE if a == 0 else 0
        return 0 if 2 * t - a <= 0 else _div_round((2 * t - a) * ONE, t)
    return ONE if t == 0 else _div_round(a * ONE, t)


def reference_totals(n: int) -> List[int]:
    """Every member's total in hundredths, computed plainly with Python
    integers (rank by sorting and bisecting): the stdlib reference."""
    import bisect

    t, a, late = values_python(n)
    r = [[attainment(KIND_OF[c], t[m][c], a[m][c]) if KIND_OF[c] != K_MANUAL else 0
          for c in range(CRITERIA)] for m in range(n)]
    best = {c: max(r[m][c] for m in range(n)) for c in range(CRITERIA) if KIND_OF[c] == K_BEST}
    ordered = {c: sorted(r[m][c] for m in range(n)) for c in range(CRITERIA) if KIND_OF[c] == K_RANK}
    totals = []
    for m in range(n):
        sections = [0] * (CRITERIA // SECTION_SIZE)
        bonus = 0
        for c in range(CRITERIA):
            x, kind = r[m][c], KIND_OF[c]
            if kind == K_PROPORTIONAL:
                p = _div_round(min(x, 1_200_000), 1000)
                if x > ONE:
                    bonus += min(1000, 50 * ((x - ONE) // 50_000))
            elif kind == K_THRESHOLD:
                p = 1000 if x >= ONE else 0
            elif kind == K_SHORTFALL:
                steps = -(-(ONE - x) // 50_000)
                p = 1000 if x >= ONE else max(0, 10 - steps) * 100
            elif kind == K_BANDS:
                p = 1000 if x >= ONE else 700 if x >= 800_000 else 300
            elif kind == K_BEST:
                p = 0 if best[c] == 0 else _div_round(1000 * x, best[c])
            elif kind == K_RANK:
                rank = 1 + n - bisect.bisect_right(ordered[c], x)
                p = (1000, 800, 600)[rank - 1] if rank <= 3 else 0
            elif kind == K_MANUAL:
                p = a[m][c] * 10
            else:
                p = 1000 if x >= ONE else _div_round(x, 1000)
            sections[c // SECTION_SIZE] += p
        base = sum(min(10_000, s) for s in sections)
        totals.append(max(0, base + min(500, bonus) - 100 * late[m]))
    return totals


# ---- the same scheme for thidua's Python package ---------------------------

def thidua_rulebook(thidua):  # -> thidua.Rulebook
    """bench_rulebook(40) of scheme.c, built with the Python package."""
    from thidua.rules import Bands, Best, Bonus, Expr, Manual, Proportional, Rank, Shortfall, Threshold

    b = thidua.RulebookBuilder("bench")
    for c in range(CRITERIA):
        if c % SECTION_SIZE == 0:
            b.add_section(f"S{c // SECTION_SIZE}", max=100)
        cid, section, kind = f"c{c}", f"S{c // SECTION_SIZE}", KIND_OF[c]
        kw = {}
        if kind == K_PROPORTIONAL:
            rule, kw["bonus"] = Proportional(cap="1.2"), Bonus(per=5, points="0.5", max=10)
        elif kind == K_THRESHOLD:
            rule = Threshold(at=1)
        elif kind == K_SHORTFALL:
            rule, kw["direction"] = Shortfall(deduct=1, per=5, step="ceil", min=0), "lower"
        elif kind == K_BANDS:
            rule = Bands([(1, 10), ("0.8", 7), (0, 3)])
        elif kind == K_BEST:
            rule = Best()
        elif kind == K_RANK:
            rule = Rank([10, 8, 6])
        elif kind == K_MANUAL:
            rule = Manual()
        else:
            rule = Expr(f"if(met({cid}), 10, 10 * attainment({cid}))")
        b.add_criterion(section, cid, max=10, rule=rule, **kw)
    b.add_measure("share", "c0 / c1")
    b.add_adjustment("late", kind="deduction", points=1)
    b.set_bonus_max(5)
    b.add_classification("xs", min=CRITERIA * 9, when="min_share() >= 50%")
    b.add_classification("tot", min=CRITERIA * 7)
    b.add_classification("ht")
    b.add_ranking_key("total", descending=True)
    b.add_ranking_key("count_met()", descending=True)
    b.add_award("flag", when="rank == 1", quota=1)
    b.add_award("merit", when="classification == 'xs'",
                quota={"percent": 20, "rounding": "floor", "min": 1}, excludes=["flag"])
    return b.build()


def _fmt(x: int) -> str:
    return f"{x // 10}.{x % 10}"


def thidua_documents(n: int) -> Tuple[str, str]:
    """The cluster as thidua's file formats hold it (as bench_load.c writes
    it): a YAML document (members, manual scores, events) and a CSV of every
    target and actual in the long layout."""
    t, a, late = values_python(n) if n < 2000 else _lists(values_numpy(n))
    doc = ["thidua: 1\nperiod: 2025\ncluster:\n  id: bench\n  members:\n"]
    doc.extend(f"    - {{id: unit-{m:06d}}}\n" for m in range(n))
    doc.append("scores:\n  final:\n")
    manual = [c for c in range(CRITERIA) if KIND_OF[c] == K_MANUAL]
    for m in range(n):
        doc.append(f"    unit-{m:06d}: {{" + ", ".join(f"c{c}: {_fmt(a[m][c])}" for c in manual) + "}\n")
    doc.append("events:\n")
    doc.extend(f"  - {{unit: unit-{m:06d}, item: late}}\n" for m in range(n) if late[m])
    scored = [c for c in range(CRITERIA) if KIND_OF[c] != K_MANUAL]
    csv = ["unit,measure,target,actual\n"]
    for m in range(n):
        tm, am = t[m], a[m]
        csv.extend(f"unit-{m:06d},c{c},{_fmt(tm[c])},{_fmt(am[c])}\n" for c in scored)
    return "".join(doc), "".join(csv)


def _lists(arrays):
    t, a, late = arrays
    return t.tolist(), a.tolist(), late.tolist()


# ---- the registry -------------------------------------------------------------

@dataclass(frozen=True)
class Workload:
    name: str
    criteria: int
    summary: str
    #: what every engine computes and compares, and what it leaves out
    totals: str
    left_out: str
    reference: Callable[[int], List[int]]
    #: engine name -> module attribute in peers.engines_<name> (see engines_cluster.py)
    engines: Sequence[str] = field(default_factory=tuple)


WORKLOADS: Dict[str, Workload] = {
    "cluster": Workload(
        name="cluster",
        criteria=CRITERIA,
        summary=("the 40-criterion scheme of bench/scheme.c: 4 sections of 10 criteria (max 100 each), "
                 "criterion c of rule kind c % 8 — proportional (cap 1.2, bonus 0.5 per 5 points over "
                 "100 %, max 10), threshold, shortfall on a lower-is-better measure (1 per 5 points, "
                 "ceil), bands (1 → 10, 0.8 → 7, 0 → 3), best of attainment, rank (10, 8, 6), manual "
                 "(final score), expr `if(met(c), 10, 10 * attainment(c))` — bonus cap 5, deduction "
                 "1 per `late` event (every member m with m % 10 = 3)"),
        totals=("each member's total = max(0, Σ min(100, section points) + min(5, Σ bonus) − deduction), "
                "attainment rounded to 6 decimals and every criterion's points and bonus to 2, half away "
                "from zero, compared exactly (hundredths)"),
        left_out=("only thidua computes the derived measure `share` (c0 / c1, used by no rule), the "
                  "classification (`min_share()` condition), the ranking by two keys, the two awards "
                  "and the explanations: none of them changes a total"),
        reference=reference_totals,
        engines=("thidua-c", "thidua-c-noexplain", "thidua-python", "hand-c", "numpy", "pandas",
                 "duckdb", "zen-engine"),
    ),
}
