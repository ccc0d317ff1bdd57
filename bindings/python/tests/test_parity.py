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
    """(name, rulebook file, data files, CLI options) of every example scheme,
    from tests/cli/examples.tsv: the one list the golden reports use too."""
    out = []
    manifest = ROOT / "tests" / "cli" / "examples.tsv"
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _unit, options, files = line.split("\t")
        paths = [ROOT / "examples" / name / f for f in files.split()]
        opts = [] if options == "-" else options.split()
        out.append(pytest.param(paths[0], paths[1:], opts, id=name))
    return out


def load_options(cli_options):
    """The Python options that match the command line's."""
    unknown = set(cli_options) - {"--decimal-comma"}
    assert not unknown, f"examples.tsv uses options the parity test does not map: {unknown}"
    return {"decimal_comma": True} if "--decimal-comma" in cli_options else {}


def evaluate_files(rulebook, data, cli_options=(), lang="vi"):
    rb = thidua.Rulebook.load(rulebook)
    cluster = thidua.Cluster.load(*data, rulebook=rb, **load_options(cli_options))
    return thidua.evaluate(rb, cluster, lang=lang)


def exact(text):
    return json.loads(text, parse_float=Decimal)


@pytest.mark.skipif(not HAS_REPORTS, reason="this build has no report writers (THIDUA_IO=OFF)")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_to_dict_equals_the_json_report_writer(lai_chau, lang):
    result = thidua.evaluate(lai_chau.build_rulebook(), lai_chau.cluster_data(), lang=lang)
    assert result.to_dict() == exact(result.render("json"))


@pytest.mark.skipif(not (HAS_READERS and HAS_REPORTS), reason="this build has no file readers or reports")
@pytest.mark.parametrize("rulebook, data, options", examples())
def test_every_example_file_set_matches_the_report_writer(rulebook, data, options):
    result = evaluate_files(rulebook, data, options)
    assert result.to_dict() == exact(result.render("json"))


@pytest.mark.skipif(not HAS_READERS, reason="this build has no file readers (THIDUA_IO=OFF)")
@pytest.mark.parametrize("rulebook, data, options", examples())
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_example_matches_the_command_line(cli_exe, rulebook, data, options, lang):
    out = subprocess.run([str(cli_exe), "eval", str(rulebook), *map(str, data), *options, "--format", "json",
                          "--lang", lang], capture_output=True, text=True, encoding="utf-8", check=True)
    assert evaluate_files(rulebook, data, options, lang).to_dict() == exact(out.stdout)


@pytest.mark.skipif(not HAS_REPORTS, reason="this build has no report writers (THIDUA_IO=OFF)")
def test_render_and_write_every_format(lai_chau, tmp_path, have_xlsx):
    result = thidua.evaluate(lai_chau.build_rulebook(), lai_chau.cluster_data(), lang="en")
    table = result.render()
    assert isinstance(table, str) and "HND thành phố Lai Châu" in table and "96.66" in table
    for fmt in ("csv", "md", "html"):
        assert isinstance(result.render(fmt), str)
    if have_xlsx:
        xlsx = result.render("xlsx")
        assert isinstance(xlsx, bytes) and xlsx.startswith(b"PK")
    else:  # a build without libxlsxwriter: refused, nothing written
        with pytest.raises(thidua.InvalidArgumentError, match="has no xlsx report"):
            result.render("xlsx")
        with pytest.raises(thidua.InvalidArgumentError, match="has no xlsx report"):
            result.write(tmp_path / "r.xlsx")
        assert not (tmp_path / "r.xlsx").exists()
    explain = result.render("explain", unit="tan-uyen")
    assert result["tan-uyen"].criteria[0].explain in explain
    with pytest.raises(thidua.InvalidArgumentError, match="docx"):
        result.render("docx")
    with pytest.raises(thidua.NotFoundError):
        result.render("explain", unit="nobody")
    for name in ("r.json", "r.html", "r.xlsx", "r.txt"):
        if name.endswith(".xlsx") and not have_xlsx:
            continue
        result.write(tmp_path / name)
    assert exact((tmp_path / "r.json").read_text(encoding="utf-8")) == result.to_dict()
    if have_xlsx:
        assert (tmp_path / "r.xlsx").read_bytes().startswith(b"PK")
    with pytest.raises(thidua.FileError):
        result.write(tmp_path / "missing-folder" / "r.json")
    assert not (tmp_path / "missing-folder").exists()
