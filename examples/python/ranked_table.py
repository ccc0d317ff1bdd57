"""A pandas workflow: read the cluster's sheet as Excel saves it, score it,
write the ranked table back for Excel.

The sheet (data/cum2_2023.csv) is what a Vietnamese-locale Excel writes for
"CSV UTF-8": a byte-order mark, ';' between fields, CRLF, numbers with a
decimal comma and a thousands dot ("2.500" is 2500, "9,5" is 9.5), one row
per member unit and two columns per measure: "<measure> (chỉ tiêu)" for the
target and "<measure> (thực hiện)" for the result, then the manual
reporting points by source and the counts of bonus/deduction events.

Numbers are read as text and converted exactly (no float on the way), the
table is reshaped into the long layout unit, measure, target, actual that
thidua.Cluster.from_dataframe reads, and the result comes back as a
DataFrame. The rulebook is the Lai Châu one (examples/lai-chau/rulebook.yaml).

Run:  python examples/python/ranked_table.py [SHEET.csv] [-o RANKED.csv] [--lang en]
"""

from __future__ import annotations

import argparse
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

import thidua
from lai_chau import CASE

HERE = Path(__file__).resolve().parent
SOURCES = {"tự chấm": "self", "chấm chéo": "cross", "thẩm định": "final"}
HEADER = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*) \((?P<what>[^)]*)\)$")


def excel_number(text: str) -> str:
    """'3.563,5' → '3563.5': Excel's Vietnamese number text as exact decimal text."""
    return text.strip().replace(".", "").replace(",", ".")


def read_sheet(path: Path) -> pd.DataFrame:
    # dtype=str keeps every cell as typed; "" stays "" (not NaN)
    return pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)


def cluster_from_sheet(sheet: pd.DataFrame) -> thidua.Cluster:
    sheet = sheet.rename(columns={"Mã đơn vị": "unit", "Tên đơn vị": "name"})
    values, scores, events = [], [], []
    for column in sheet.columns[2:]:
        match = HEADER.match(column)
        if match is None:
            raise ValueError(f"column {column!r}: expected 'measure (chỉ tiêu|thực hiện|lần|<source>)'")
        name, what = match["name"], match["what"]
        for unit, cell in zip(sheet["unit"], sheet[column]):
            if cell.strip() == "":
                continue
            number = excel_number(cell)
            if what in ("chỉ tiêu", "thực hiện"):
                values.append({"unit": unit, "measure": name, "kind": what, "value": number})
            elif what in SOURCES:
                scores.append((unit, name, number, SOURCES[what]))
            elif what == "lần":
                events.append((unit, name, int(number)))
            else:
                raise ValueError(f"column {column!r}: unknown kind {what!r}")

    # the long layout: one row per unit and measure, target and actual side by side
    long = (pd.DataFrame(values)
            .pivot_table(index=["unit", "measure"], columns="kind", values="value", aggfunc="first")
            .rename(columns={"chỉ tiêu": "target", "thực hiện": "actual"})
            .reset_index())
    cluster = thidua.Cluster.from_dataframe(
        long, id="cum-2", period=2023, name="Cụm thi đua số 2 — Hội Nông dân tỉnh Lai Châu",
        members=dict(zip(sheet["unit"], sheet["name"])), leader="tan-uyen")
    for unit, criterion, points, source in scores:
        cluster.set_score(unit, criterion, points, source)
    for unit, item, count in events:
        cluster.add_event(unit, item, count)
    return cluster


def ranked_table(result: thidua.Result) -> pd.DataFrame:
    table = result.to_pandas()
    awards = [a.id for a in result.awards]
    return table[["rank", "unit", "name", "base", "bonus", "deduction", "total", "classification", *awards]]


def write_for_excel(table: pd.DataFrame, path: Path) -> None:
    # Decimal cells are written as exact text with a decimal comma
    out = table.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, Decimal)).all():
            out[column] = out[column].map(lambda d: format(d, "f").replace(".", ","))
    out.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sheet", nargs="?", type=Path, default=HERE / "data" / "cum2_2023.csv")
    parser.add_argument("-o", "--output", type=Path, help="write the ranked table here (Excel CSV)")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    args = parser.parse_args()

    cluster = cluster_from_sheet(read_sheet(args.sheet))
    result = thidua.evaluate(thidua.Rulebook.load(CASE / "rulebook.yaml"), cluster, lang=args.lang)
    table = ranked_table(result)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string(index=False))
    if args.output is not None:
        write_for_excel(table, args.output)
        print(f"\nwritten: {args.output}")


if __name__ == "__main__":
    main()
