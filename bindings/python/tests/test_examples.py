"""The Python examples run as users run them, and python -m thidua."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import thidua

ROOT = Path(__file__).resolve().parents[3]
FOLDER = ROOT / "examples" / "python"
# the examples read examples/lai-chau/ (all but lai_chau_in_code.py)
needs_io = pytest.mark.skipif(not hasattr(thidua._thidua, "td_rulebook_load_file"),
                              reason="this build has no file readers (THIDUA_IO=OFF)")


def run(*args, cwd=None):
    # the child finds the same thidua package as this test process
    env = dict(os.environ, PYTHONPATH=str(Path(thidua.__file__).resolve().parents[1]), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=cwd, timeout=120)


@pytest.mark.parametrize("script", ["lai_chau.py", "lai_chau_in_code.py"])
@pytest.mark.parametrize("lang, met", [("vi", "đạt"), ("en", "met")])
def test_lai_chau_examples(script, lang, met):
    if script == "lai_chau.py" and not hasattr(thidua._thidua, "td_rulebook_load_file"):
        pytest.skip("this build has no file readers (THIDUA_IO=OFF)")
    out = run(FOLDER / script, lang)
    assert out.returncode == 0, out.stderr
    assert "rate 3425 / 3563 = 96.13 %" in out.stdout
    assert "leader 2024: HND huyện Tam Đường" in out.stdout
    assert f"({met})" in out.stdout


@needs_io
def test_ranked_table_example_writes_an_excel_csv(tmp_path):
    pytest.importorskip("pandas")  # the example is a pandas workflow
    target = tmp_path / "ranked.csv"
    out = run(FOLDER / "ranked_table.py", "-o", target, "--lang", "en")
    assert out.returncode == 0, out.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "rank;unit;name;base;bonus;deduction;total;classification;bang_khen"
    assert lines[2] == "2;tan-uyen;HND huyện Tân Uyên;94,66;2;0;96,66;xuat_sac;selected"


def test_python_m_thidua_without_a_packaged_cli_says_so():
    from thidua.__main__ import cli_path

    out = run("-m", "thidua", "--help")
    if cli_path() is None:
        assert out.returncode == 2 and "no command-line executable" in out.stderr
    else:
        assert out.returncode in (0, 2) and "thidua" in (out.stdout + out.stderr)


def test_python_m_thidua_into_a_closed_pipe_ends_quietly():
    from thidua.__main__ import cli_path

    if cli_path() is None or os.name != "posix":
        pytest.skip("needs the packaged command line on a POSIX system")
    lai = ROOT / "examples" / "lai-chau"
    env = dict(os.environ, PYTHONPATH=str(Path(thidua.__file__).resolve().parents[1]))
    # the reader is gone before anything is written, as with `| head -1` on long output
    proc = subprocess.Popen([sys.executable, "-m", "thidua", "eval", lai / "rulebook.yaml", lai / "data.yaml",
                             lai / "results.csv", "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert b"Broken pipe" not in err, err
    assert proc.returncode == -signal.SIGPIPE


@needs_io
def test_custom_expression_example():
    out = run(FOLDER / "custom_expression.py", "95")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[1].split()[:3] == ["tp-lai-chau", "4", "True"]
    assert "compile error: 1:1: unknown name 'totl' (did you mean 'total'?)" in out.stdout


def test_households_arrow_example_counts_what_a_plain_evaluation_counts(monkeypatch):
    pytest.importorskip("pyarrow")
    out = run(FOLDER / "households_arrow.py", 3000)
    assert out.returncode == 0, out.stderr
    reached = int(out.stdout.split("households with 90 points or more: ")[1].split()[0])
    # the same households through the per-value API and the member objects
    spec = {}
    monkeypatch.setattr(sys, "argv", ["households_arrow.py"])  # the example's own argument parsing
    exec(compile((FOLDER / "households_arrow.py").read_text(encoding="utf-8").split("# The long layout")[0],
                 "households_arrow.py", "exec"), spec)
    cluster = thidua.Cluster("xa-vi-du", 2025)
    for h in range(3000):
        unit = f"ho-{h:06d}"
        cluster.add_member(unit)
        for c, (criterion, target) in enumerate((("thu_nhap", 120), ("ve_sinh", 365), ("hoc_tap", 4))):
            cluster.set_target(unit, criterion, target)
            cluster.set_actual(unit, criterion, target * (70 + (h * 7 + c * 13) % 41) // 100)
    result = spec["rulebook"].evaluate(cluster)
    assert reached == sum(1 for m in result if m.total >= 90) > 0
    assert "per hamlet (first five): [{'hamlet': '000'" in out.stdout
