"""The Lai Châu case from Python: the figures of the provincial report, and
the same numbers and explanations as the C example (examples/lai_chau.c)."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal

import pytest

import thidua


@pytest.fixture(scope="module")
def result(lai_chau):
    return thidua.evaluate(lai_chau.build_rulebook(), thidua.Cluster.from_dict(lai_chau.cluster_data()))


def total_actual(result, criterion):
    return sum(m.criterion(criterion).actual for m in result)


def test_the_figures_of_the_report(result):
    registered = total_actual(result, "hh_registered")
    achieved = total_actual(result, "hh_achieved")
    assert (registered, achieved) == (3563, 3425)
    assert (achieved / registered * 100).quantize(Decimal("0.01")) == Decimal("96.13")
    assert total_actual(result, "collective_awards") == 143
    assert total_actual(result, "individual_awards") == 290
    assert {m.unit for m in result if m.all_met} == {"tp-lai-chau", "than-uyen"}
    assert result.awards[0].selected == ("tp-lai-chau", "tan-uyen")  # Certificate of Merit 2023
    assert result["tan-uyen"].is_leader and result.next_leader == "tam-duong"


def run_c_example(exe, lang):
    out = subprocess.run([str(exe), lang], check=True, capture_output=True, text=True, encoding="utf-8")
    return out.stdout


ROW = re.compile(r"^(\d+)\s+(.+?)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(yes|no)$")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_same_numbers_and_explanations_as_the_c_example(result, lai_chau_exe, lang):
    text = run_c_example(lai_chau_exe, lang)
    res = result.in_language(lang)
    by_name = {m.name: m for m in res}

    rows = [ROW.match(line) for line in text.splitlines()]
    rows = [r for r in rows if r]
    assert len(rows) == 4
    for r in rows:
        m = by_name[r[2]]
        assert (str(m.rank), *map(Decimal, r.group(3, 4, 5, 6))) == (r[1], m.base, m.bonus, m.deduction, m.total)
        assert r[7] == m.classification and (r[8] == "yes") == m.all_met

    assert "rate 3425 / 3563 = 96.13 %" in text
    assert f"leader {res.period + 1}: {res[res.next_leader].name}" in text
    assert f"  ({res.leader_explain})" in text
    for award in res.awards:
        assert f"  {award.quota_explain}\n" in text
        for m in res:
            assert re.search(rf"^  {re.escape(m.name)}\s+{re.escape(m.award(award.id).explain)}$", text, re.M)

    # every explanation of every member, word for word
    section = text.split("Explanations:\n", 1)[1]
    blocks = [b for b in section.strip("\n").split("\n\n") if b]
    assert len(blocks) == 4
    for block in blocks:
        name, *lines = block.splitlines()
        m = by_name[name]
        criteria = dict(re.match(r"^  (\S+)\s+(.*)$", line).groups() for line in lines[:9])
        assert criteria == {c.id: c.explain for c in m.criteria}
        assert [line.strip() for line in lines[9:]] == [m.explain, m.classification_explain, m.rank_explain]
