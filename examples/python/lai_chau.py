"""The Lai Châu case from Python: emulation Cluster No. 2 of the Lai Châu
provincial Farmers' Association (Hội Nông dân, HND), year 2023, read from
the files in examples/lai-chau/ (the same ones `thidua eval` reads) and
scored.

From the provincial report: four members; 3,563 households registered in the
"good production & business household" movement and 3,425 achieving the
title (96.13 %); 143 collective and 290 individual commendations; Lai Châu
city and Than Uyên met all their targets; Tân Uyên led the cluster in 2023
and Tam Đường leads it in 2024. The review proposed the provincial
Certificate of Merit 2023 for Lai Châu city and Tân Uyên.

INVENTED: the report gives only the cluster figures above; the scoring table,
every per-member target and result, the reporting points and the events are
invented (see examples/lai-chau/README.md), chosen so that the per-member
numbers add up to the reported figures exactly. lai_chau_in_code.py defines
the same case in code.

Run:  python examples/python/lai_chau.py [en]
"""

from __future__ import annotations

import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Tuple

import thidua

CASE = Path(__file__).resolve().parents[1] / "lai-chau"


def load_case() -> Tuple[thidua.Rulebook, thidua.Cluster]:
    """The rulebook and the cluster data, read from examples/lai-chau/."""
    rulebook = thidua.Rulebook.load(CASE / "rulebook.yaml")
    cluster = thidua.Cluster.load(CASE / "data.yaml", CASE / "results.csv", rulebook=rulebook)
    return rulebook, cluster


def print_report(result: thidua.Result, cluster: thidua.Cluster) -> None:
    """Prints the ranking, the report's figures, the awards and every explanation."""
    rulebook = result.rulebook
    print(f"{result.cluster_name} — {rulebook.name} {result.period} (thidua {thidua.__version__})\n")
    print(f"{'#':<4} {'Đơn vị / unit':<26}{'base':>7} {'bonus':>6} {'ded.':>6} {'total':>7}  "
          f"{'classification':<17} all targets met")
    for m in result:
        print(f"{m.rank:<4} {m.name:<26}{m.base:>7} {m.bonus:>6} {m.deduction:>6} {m.total:>7}  "
              f"{m.classification:<17} {'yes' if m.all_met else 'no'}")

    def total_actual(criterion: str) -> Decimal:
        return sum((m.criterion(criterion).actual or Decimal(0) for m in result), Decimal(0))

    registered, achieved = total_actual("hh_registered"), total_actual("hh_achieved")
    # as examples/lai_chau.c: the ratio to 6 decimals, then the percentage to
    # 2, half away from zero (the library's rule; Python's default is half even)
    ratio = (achieved / registered).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    rate = (ratio * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    print(f"\nHouseholds registered: {registered}; achieving the title: {achieved}; "
          f"rate {achieved} / {registered} = {rate} %")
    print(f"Commendations: {total_actual('collective_awards')} collective, "
          f"{total_actual('individual_awards')} individual")
    print("Met all their targets:", ", ".join(m.name for m in result if m.all_met))
    name = {m.unit: m.name for m in result}
    print(f"Leader {result.period}: {name[cluster.leader]}; "
          f"leader {result.period + 1}: {name[result.next_leader]}")
    print(f"  ({result.leader_explain})")

    for award in result.awards:
        print(f"\n{award.name} ({award.id})\n  {award.quota_explain}")
        print("  proposed:", ", ".join(name[u] for u in award.selected))
        for m in result:
            print(f"  {m.name:<26}{m.award(award.id).explain}")

    print("\nExplanations:\n")
    for m in result:
        print(result.explain(m.unit), end="\n\n")


def main(lang: str = "vi") -> None:
    rulebook, cluster = load_case()
    print_report(thidua.evaluate(rulebook, cluster, lang=lang), cluster)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "vi")
