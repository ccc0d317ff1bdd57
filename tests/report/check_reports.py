#!/usr/bin/env python3
"""Reads every report of the test fixtures back with independent parsers.

Usage: check_reports.py REPORT_DUMP OUTDIR [--no-xlsx]

REPORT_DUMP writes NAME.LANG.FORMAT files into OUTDIR; this script checks
that the JSON follows the contract and agrees with the CSV, the HTML page
and the xlsx workbook, number for number, and that the Lai Châu data adds
up to the figures of the provincial report (3,563 households registered,
3,425 achieving the title, 143 collective and 290 individual
commendations). --no-xlsx: a build without libxlsxwriter, whose
REPORT_DUMP writes no workbook.
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from html.parser import HTMLParser

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)


TOP_KEYS = ["thidua", "rulebook", "period", "cluster", "members", "awards", "next_leader"]
MEMBER_KEYS = ["unit", "name", "rank", "total", "base", "bonus", "deduction", "classification", "criteria",
               "awards"]
CRITERION_KEYS = ["id", "target", "actual", "attainment", "met", "points", "bonus", "explain"]
AWARD_KEYS = ["id", "quota", "selected", "tied"]
STATUSES = {"selected", "not_eligible", "excluded", "over_quota", "tie_at_quota"}


def load_json(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Decimal keeps the exact text: 96.66 stays 96.66
    return json.loads(text, parse_float=Decimal, parse_int=Decimal, object_pairs_hook=lambda kv: kv)


def as_dict(pairs):
    return dict(pairs)


def check_json(name, doc):
    keys = [k for k, _ in doc]
    check(keys == TOP_KEYS, f"{name}: top keys {keys}")
    d = as_dict(doc)
    check(d["thidua"] == 1, f"{name}: thidua {d['thidua']}")
    members = [as_dict(m) for m in d["members"]]
    for pairs in d["members"]:
        check([k for k, _ in pairs] == MEMBER_KEYS, f"{name}: member keys {[k for k, _ in pairs]}")
    order = [(m["rank"], m["unit"].encode("utf-8")) for m in members]
    check(order == sorted(order), f"{name}: members not by rank then unit id: {order}")
    for m in members:
        check(m["total"] == max(Decimal(0), m["base"] + m["bonus"] - m["deduction"]),
              f"{name}: {m['unit']} total {m['total']} != max(0, base + bonus - deduction)")
        for cpairs in m["criteria"]:
            check([k for k, _ in cpairs] == CRITERION_KEYS, f"{name}: criterion keys {[k for k, _ in cpairs]}")
            c = as_dict(cpairs)
            if c["attainment"] is None:
                check(c["met"] is None, f"{name}: {m['unit']}/{c['id']} met without attainment")
            else:
                check(c["met"] == (c["attainment"] >= 1), f"{name}: {m['unit']}/{c['id']} met {c['met']}")
                check(c["target"] is not None and c["actual"] is not None,
                      f"{name}: {m['unit']}/{c['id']} attainment without target and actual")
                check(-c["attainment"].as_tuple().exponent <= 6, f"{name}: attainment {c['attainment']}")
        for apairs in m["awards"]:
            a = as_dict(apairs)
            check(a["status"] in STATUSES, f"{name}: status {a['status']}")
    units = [m["unit"] for m in members]
    for i, apairs in enumerate(d["awards"]):
        check([k for k, _ in apairs] == AWARD_KEYS, f"{name}: award keys {[k for k, _ in apairs]}")
        a = as_dict(apairs)
        for status, key in (("selected", "selected"), ("tie_at_quota", "tied")):
            want = [u for u, m in zip(units, members) if as_dict(m["awards"][i])["status"] == status]
            check(a[key] == want, f"{name}: award {a['id']} {key} {a[key]} != {want}")
        if a["quota"] is not None:
            check(len(a["selected"]) <= a["quota"], f"{name}: award {a['id']} over its quota")
    return d, members


def check_lai_chau(members):
    def total_actual(criterion):
        return sum(as_dict(c)["actual"] for m in members for c in m["criteria"] if as_dict(c)["id"] == criterion)

    check(total_actual("hh_registered") == 3563, "Lai Châu: households registered")
    check(total_actual("hh_achieved") == 3425, "Lai Châu: households achieving the title")
    check(total_actual("collective_awards") == 143, "Lai Châu: collective commendations")
    check(total_actual("individual_awards") == 290, "Lai Châu: individual commendations")
    rate = (Decimal(3425) / Decimal(3563) * 100).quantize(Decimal("0.01"))
    check(rate == Decimal("96.13"), f"Lai Châu: rate {rate}")
    met_all = {m["unit"] for m in members if all(as_dict(c)["met"] in (True, None) for c in m["criteria"])}
    check(met_all == {"tp-lai-chau", "than-uyen"}, f"Lai Châu: met every target: {met_all}")


def check_csv(name, path, members):
    with open(path, encoding="utf-8", newline="") as f:
        raw = f.read()
    check("\n" not in raw.replace("\r\n", "") or '"' in raw, f"{name}: bare line feed outside quotes")
    rows = list(csv.reader(io.StringIO(raw)))
    header = rows[0]
    check(header == ["rank", "unit", "unit_name", "kind", "id", "name", "max", "target", "actual", "attainment",
                     "met", "points", "bonus", "status", "explain"], f"{name}: csv header {header}")
    by_unit = {m["unit"]: m for m in members}
    seen_totals = 0
    for r in rows[1:]:
        check(len(r) == len(header), f"{name}: csv row of {len(r)} fields")
        row = dict(zip(header, r))
        m = by_unit[row["unit"]]
        check(Decimal(row["rank"]) == m["rank"], f"{name}: csv rank of {row['unit']}")
        if row["kind"] == "criterion":
            c = next(as_dict(c) for c in m["criteria"] if as_dict(c)["id"] == row["id"])
            for key in ("target", "actual", "attainment", "points", "bonus"):
                want = "" if c[key] is None else str(c[key])
                check(row[key] == want, f"{name}: csv {row['unit']}/{row['id']} {key} {row[key]!r} != {want!r}")
            want_met = "" if c["met"] is None else ("true" if c["met"] else "false")
            check(row["met"] == want_met, f"{name}: csv met {row['unit']}/{row['id']}")
            check(row["explain"] == c["explain"], f"{name}: csv explanation {row['unit']}/{row['id']}")
        elif row["kind"] in ("base", "bonus", "deduction", "total"):
            check(Decimal(row["points"]) == m[row["kind"]], f"{name}: csv {row['kind']} of {row['unit']}")
            seen_totals += row["kind"] == "total"
        elif row["kind"] == "award":
            a = next(as_dict(a) for a in m["awards"] if as_dict(a)["id"] == row["id"])
            check(row["status"] == a["status"], f"{name}: csv award status")
    check(seen_totals == len(members), f"{name}: csv totals {seen_totals}")


class Page(HTMLParser):
    VOID = {"meta", "br", "rect", "line", "path"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.cells, self.in_td, self.text = [], [], [], False, []
        self.external = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("src", "href") or (v and "url(" in v):
                self.external.append((tag, k, v))
        if tag in ("script", "link", "iframe", "img", "object"):
            self.external.append((tag, "", ""))
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag in ("td", "th"):
            self.in_td, self.text = True, []
        if tag == "br" and self.in_td:
            self.text.append(" ")

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag in ("td", "th"):
            self.cells.append("".join(self.text).strip())
            self.in_td = False

    def handle_data(self, data):
        if self.in_td:
            self.text.append(data)


def human_decimal(text, lang):
    """A number of a human report as a Decimal: Vietnamese writes "1.234,5"
    (',' the decimal mark, '.' between thousands), English "1234.5"."""
    if lang == "vi":
        check("," not in text or text.count(",") == 1, f"one decimal comma in {text!r}")
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)


def check_html(name, path, members, lang):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    page = Page()
    page.feed(text)
    page.close()
    check(not page.errors, f"{name}: html nesting {page.errors[:3]}")
    check(not page.stack, f"{name}: html unclosed {page.stack}")
    check(not page.external, f"{name}: html fetches {page.external[:3]}")
    check(f'<html lang="{lang}">' in text, f"{name}: html lang")
    cells = page.cells
    for m in members:
        # a ranking row: rank, the name with the unit id, then total, base, bonus and deduction as numbers
        rows = [i for i in range(len(cells) - 5)
                if cells[i] == str(m["rank"]) and m["unit"] in cells[i + 1].split()]
        ok = False
        for i in rows:
            try:
                got = [human_decimal(x, lang) for x in cells[i + 2:i + 6]]
            except ArithmeticError:
                continue
            ok |= got == [m["total"], m["base"], m["bonus"], m["deduction"]]
        check(ok, f"{name}: html ranking row of {m['unit']}")


NS = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


# a number with a decimal point, standing alone ("= 9.77", "(0.85, 1)"); not
# three digits after the point, which in Vietnamese are thousands ("2.150")
DOT_DECIMAL = re.compile(r"(?:^|[\s(\[])-?\d+\.(?:\d{1,2}|\d{4,})(?=[\s)\],;%]|$)")


def check_xlsx(name, path, members, lang):
    with zipfile.ZipFile(path) as z:
        check(z.testzip() is None, f"{name}: xlsx zip is damaged")
        core = z.read("docProps/core.xml").decode()
        check("2024-01-01T00:00:00Z" in core or "2025-01-01T00:00:00Z" in core or "2026-01-01T00:00:00Z" in core,
              f"{name}: xlsx document date not fixed: {core}")
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        sheets = [s.get("name") for s in wb.find("s:sheets", NS)]
        want = ["Tổng hợp", "Điểm tiêu chí", "Chi tiết"] if lang == "vi" else ["Summary", "Criterion points",
                                                                             "Details"]
        check(sheets[:3] == want, f"{name}: xlsx sheets {sheets}")
        strings = [("".join(t.text or "" for t in si.iter("{%s}t" % NS["s"])))
                   for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("s:si", NS)]
        # explanations are text for people: Vietnamese writes "0,85" and "min(0,976842; 1)"
        dotted = [t for t in strings if DOT_DECIMAL.search(t)]
        if lang == "vi":
            check(not dotted, f"{name}: xlsx text with a decimal point: {dotted[:2]}")
        elif any("×" in t for t in strings):
            check(dotted, f"{name}: xlsx English text without a decimal point")
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        check(sheet.find("s:sheetViews/s:sheetView/s:pane", NS).get("state") == "frozen",
              f"{name}: xlsx header not frozen")
        rows = {}
        for c in sheet.iter("{%s}c" % NS["s"]):
            v = c.find("s:v", NS)
            if v is None:
                continue
            # a cell holds a double: the shortest text that reads back as it must be the exact decimal
            rows[c.get("r")] = strings[int(v.text)] if c.get("t") == "s" else Decimal(repr(float(v.text)))
        for i, m in enumerate(members):
            r = 5 + i  # rows 1-2 title, 4 header
            check(rows.get(f"A{r}") == m["rank"], f"{name}: xlsx rank of row {r}")
            check(rows.get(f"B{r}") == m["unit"], f"{name}: xlsx unit of row {r}: {rows.get(f'B{r}')}")
            check(rows.get(f"D{r}") == m["total"], f"{name}: xlsx total of {m['unit']}: {rows.get(f'D{r}')}")
            check(rows.get(f"G{r}") == m["deduction"], f"{name}: xlsx deduction of {m['unit']}")
            for col in "CD":
                check(not isinstance(rows.get(f"{col}{r}"), str) or col == "C", f"{name}: numbers stored as text")
    return rows


def column_name(index):
    """Spreadsheet column letters of a 0-based column index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def check_many_awards(name, d, members, rows):
    """The Summary sheet has a column for every award, with each member's status."""
    awards = [as_dict(a)["id"] for a in d["awards"]]
    check(len(awards) == 60, f"{name}: {len(awards)} awards in the JSON")
    for i, award in enumerate(awards):
        col = column_name(9 + i)
        check(rows.get(f"{col}4") == f"Giải {i + 1}", f"{name}: Summary header {col}4: {rows.get(f'{col}4')!r}")
        for r, m in enumerate(members, start=5):
            status = as_dict(m["awards"][i])["status"]
            check(isinstance(rows.get(f"{col}{r}"), str) and rows.get(f"{col}{r}") != "",
                  f"{name}: no status of {m['unit']} for {award} in {col}{r} ({status})")


def main():
    dump, out = sys.argv[1], sys.argv[2]
    # a build without libxlsxwriter (THIDUA_XLSX=OFF): report_dump writes no workbook
    xlsx = "--no-xlsx" not in sys.argv[3:]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    subprocess.run([dump, out], check=True)
    for case in ("lai", "awards", "nasty", "many"):
        for lang in ("vi", "en"):
            name = f"{case}.{lang}"
            d, members = check_json(name, load_json(os.path.join(out, f"{name}.json")))
            if case == "lai":
                check_lai_chau(members)
            check_csv(name, os.path.join(out, f"{name}.csv"), members)
            check_html(name, os.path.join(out, f"{name}.html"), members, lang)
            if not xlsx:
                check(not os.path.exists(os.path.join(out, f"{name}.xlsx")), f"{name}: an xlsx without libxlsxwriter")
                continue
            rows = check_xlsx(name, os.path.join(out, f"{name}.xlsx"), members, lang)
            if case == "many":
                check_many_awards(name, d, members, rows)
    for f in FAILURES:
        print("FAIL:", f)
    print(f"check_reports: {len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
