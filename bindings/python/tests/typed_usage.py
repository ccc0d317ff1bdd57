"""A user's script: scores the Lai Châu case of examples/lai-chau/ and
prints the ranking.

test_typing.py type-checks it with ``mypy --strict`` together with the
package, so the public types must let ordinary code pass without casts or
ignores and say what it reads: a function declared to return ``Decimal``
that returned ``Any`` would be an error (``no-any-return``), and text that
may be missing is ``Optional``. test_typing.py also runs it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import thidua

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "lai-chau"


def evaluate_example(lang: str = "en") -> thidua.Result:
    rulebook = thidua.Rulebook.load(EXAMPLE / "rulebook.yaml")
    cluster = thidua.Cluster.load(EXAMPLE / "data.yaml", EXAMPLE / "results.csv", rulebook=rulebook)
    return thidua.evaluate(rulebook, cluster, lang=lang)


def top_total(result: thidua.Result) -> Decimal:
    return result.members[0].total


def ranking(result: thidua.Result) -> List[Tuple[int, str, Decimal, Optional[str]]]:
    return [(m.rank, m.unit, m.total, m.classification) for m in result]


def points(result: thidua.Result, unit: str, criterion: str) -> Tuple[Decimal, Optional[Decimal], str]:
    c = result[unit].criterion(criterion)
    return c.points, c.attainment, c.explain


def selected(result: thidua.Result) -> Dict[str, Tuple[str, ...]]:
    return {a.id: a.selected for a in result.awards if a.quota is None or a.quota > 0}


def margin(result: thidua.Result, unit: str, threshold: int) -> thidua.expr.Value:
    return result.rulebook.compile("total - threshold", variables=["threshold"]).evaluate(
        result, unit, threshold=threshold)


def main() -> None:
    result = evaluate_example()
    for rank, unit, total, classification in ranking(result):
        print(f"{rank:>2}  {unit:<12} {total:>8}  {classification or ''}")
    leader: Optional[str] = result.next_leader
    print("next leader:", leader if leader is not None else "none")
    top = result.members[0]
    print(f"top: {top.unit} {top_total(result).quantize(Decimal('0.01'))}, "
          f"{margin(result, top.unit, 90)} above 90")
    for award, units in selected(result).items():
        print(f"{award}: {', '.join(units) or '—'}")


if __name__ == "__main__":
    main()
