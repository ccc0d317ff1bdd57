"""Semantic parity: Result.to_dict(), built in Python from the accessors,
equals the JSON that the library's report writer and the command line give
for every example, and the other report formats come through render() and
write()."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import thidua

ROOT = Path(__file__).resolve().parents[3]
HAS_READERS = hasattr(thidua._thidua, "td_rulebook_load_file")
HAS_REPORTS = hasattr(thidua._thidua, "td_report_render")


def examples():
    """(name, rulebook file, data files) of every example with files."""
    out = []
    for rulebook in sorted((ROOT / "examples").glob("*/rulebook.yaml")):
        data = sorted(p for p in rulebook.parent.iterdir()
                      if p.suffix in (".yaml", ".yml", ".json", ".csv") and p.name != rulebook.name)
        out.append(pytest.param(rulebook, data, id=rulebook.parent.name))
    return out


def evaluate_files(rulebook, data, lang="vi"):
    rb = thidua.Rulebook.load(rulebook)
    return thidua.evaluate(rb, thidua.Cluster.load(*data, rulebook=rb), lang=lang)


def exact(text):
    return json.loads(text, parse_float=Decimal)


@pytest.mark.skipif(not HAS_REPORTS, reason="this build has no report writers (lib/io)")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_to_dict_equals_the_json_report_writer(lai_chau, lang):
    result = thidua.evaluate(lai_chau.build_rulebook(), lai_chau.cluster_data(), lang=lang)
    assert result.to_dict() == exact(result.render("json"))


@pytest.mark.skipif(not (HAS_READERS and HAS_REPORTS), reason="this build has no file readers or reports")
@pytest.mark.parametrize("rulebook, data", examples())
def test_every_example_file_set_matches_the_report_writer(rulebook, data):
    result = evaluate_files(rulebook, data)
    assert result.to_dict() == exact(result.render("json"))


@pytest.mark.skipif(not HAS_READERS, reason="this build has no file readers (lib/io)")
@pytest.mark.parametrize("rulebook, data", examples())
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_example_matches_the_command_line(cli_exe, rulebook, data, lang):
    out = subprocess.run([str(cli_exe), "eval", str(rulebook), *map(str, data), "--format", "json",
                          "--lang", lang], capture_output=True, text=True, encoding="utf-8", check=True)
    assert evaluate_files(rulebook, data, lang).to_dict() == exact(out.stdout)


@pytest.mark.skipif(not HAS_REPORTS, reason="this build has no report writers (lib/io)")
def test_render_and_write_every_format(lai_chau, tmp_path):
    result = thidua.evaluate(lai_chau.build_rulebook(), lai_chau.cluster_data(), lang="en")
    table = result.render()
    assert isinstance(table, str) and "HND thành phố Lai Châu" in table and "96.66" in table
    for fmt in ("csv", "md", "html"):
        assert isinstance(result.render(fmt), str)
    xlsx = result.render("xlsx")
    assert isinstance(xlsx, bytes) and xlsx.startswith(b"PK")
    explain = result.render("explain", unit="tan-uyen")
    assert result["tan-uyen"].criteria[0].explain in explain
    with pytest.raises(thidua.InvalidArgumentError, match="pdf"):
        result.render("pdf")
    with pytest.raises(thidua.NotFoundError):
        result.render("explain", unit="nobody")
    for name in ("r.json", "r.html", "r.xlsx", "r.txt"):
        result.write(tmp_path / name)
    assert exact((tmp_path / "r.json").read_text(encoding="utf-8")) == result.to_dict()
    assert (tmp_path / "r.xlsx").read_bytes().startswith(b"PK")
    with pytest.raises(thidua.FileError):
        result.write(tmp_path / "missing-folder" / "r.json")
    assert not (tmp_path / "missing-folder").exists()
