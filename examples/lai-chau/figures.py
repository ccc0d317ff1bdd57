#!/usr/bin/env python3
"""The Lai Châu case's cluster figures, read from the JSON report of
`thidua eval`, as a script consuming thidua's output would:

    thidua eval rulebook.yaml data.yaml results.csv --format json > report.json
    python3 figures.py report.json        (or the JSON on standard input)

Prints the households registered and achieving the title with their share,
the members meeting all their targets, each award's proposals and the next
period's leader. Needs nothing beyond the Python standard library.
"""
import json
import sys
from decimal import ROUND_HALF_UP, Decimal


def figures(report):
    """The figures of a JSON report (numbers read as Decimal)."""
    actual = {}
    for m in report["members"]:
        for c in m["criteria"]:
            actual.setdefault(c["id"], {})[m["unit"]] = c["actual"]
    registered = sum(actual["hh_registered"].values())
    achieved = sum(actual["hh_achieved"].values())
    return {
        "registered": registered,
        "achieved": achieved,
        "rate": (Decimal(achieved) * 100 / registered).quantize(Decimal("0.01"), ROUND_HALF_UP),
        # every criterion with a target met (criteria without one have met null)
        "all_met": [m["unit"] for m in report["members"]
                    if all(c["met"] is not False for c in m["criteria"]) and any(c["met"] for c in m["criteria"])],
        "awards": [(a["id"], a["quota"], a["selected"]) for a in report["awards"]],
        "next_leader": report["next_leader"],
    }


def main(argv):
    if len(argv) > 1:
        with open(argv[1], encoding="utf-8") as f:
            report = json.load(f, parse_float=Decimal)
    else:
        report = json.load(sys.stdin, parse_float=Decimal)
    f = figures(report)
    print(f"households registered: {f['registered']:,}; achieving the title: {f['achieved']:,} ({f['rate']} %)")
    print("members meeting all their targets:", ", ".join(f["all_met"]))
    for award, quota, selected in f["awards"]:
        print(f"{award}: quota {quota}, proposed: {', '.join(selected) or '-'}")
    print("next period's leader:", f["next_leader"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
