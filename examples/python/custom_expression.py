"""Embedding a custom expression in a script: questions the rulebook does not
ask, answered with the rulebook's own language and exact numbers.

After the Lai Châu evaluation (lai_chau.py), the provincial board wants to
know, for each member:

- how far it is from the "excellent" line of 90 points, with the line as a
  variable of the script (a host variable), so the same compiled expression
  serves every scenario;
- whether it would qualify for a stricter Emulation Flag: excellent, ranked
  in the top half, and no criterion below 80 % of its maximum;
- the household movement's rate, rounded as the report prints it.

Each expression is compiled once against the rulebook: a typo is an error
with its column before anything runs. Each value comes with its
explanation, in the expression's own symbols.

Run:  python examples/python/custom_expression.py [LINE]
"""

from __future__ import annotations

import sys
from decimal import Decimal

import thidua
from lai_chau import load_case


def main(line: Decimal) -> None:
    rulebook, cluster = load_case()
    result = thidua.evaluate(rulebook, cluster, lang="en")

    margin = rulebook.compile("total - line", variables=["line"])
    flag = rulebook.compile("classification == 'xuat_sac' and rank <= members / 2 and min_share() >= 80%")
    rate = rulebook.compile("round(actual(hh_achieved) / actual(hh_registered) * 100, 2)")

    print(f"{'unit':<13} {'margin':>7}  {'flag':<5} {'rate %':>7}  why (flag)")
    for m in result:
        print(f"{m.unit:<13} {margin.evaluate(result, m.unit, line=line):>7}  "
              f"{str(flag.evaluate(result, m.unit)):<5} {rate.evaluate(result, m.unit):>7}  "
              f"{flag.explain(result, m.unit)}")

    print(f"\n{margin.canonical} for tp-lai-chau: {margin.explain(result, 'tp-lai-chau', line=line)}")

    # A typo is caught when compiling, with its position.
    try:
        rulebook.compile("totl - line", variables=["line"])
    except thidua.ParseError as error:
        print(f"\ncompile error: {error}")


if __name__ == "__main__":
    main(Decimal(sys.argv[1]) if len(sys.argv) > 1 else Decimal(90))
