"""The package's types hold: ``mypy --strict`` passes on the package that is
imported (the installed one, or the build tree's under ctest) and on a
user's script that reads its public types (typed_usage.py).

The check needs mypy and pandas-stubs (the package's pandas code is checked
too); the ``test`` extra installs both. Without them the test is skipped,
or fails when THIDUA_REQUIRE_MYPY=1 (scripts/test.sh sets it).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from decimal import Decimal
from pathlib import Path

import pytest

import thidua

USAGE = Path(__file__).resolve().parent / "typed_usage.py"


def require_type_checker() -> None:
    missing = [name for name, found in (("mypy", importlib.util.find_spec("mypy") is not None),
                                        ("pandas-stubs", _installed("pandas-stubs"))) if not found]
    if not missing:
        return
    message = f"the type check needs {' and '.join(missing)} (pip install 'thidua[test]')"
    if os.environ.get("THIDUA_REQUIRE_MYPY") == "1":
        pytest.fail(f"{message}; THIDUA_REQUIRE_MYPY=1 makes its absence a failure", pytrace=False)
    pytest.skip(f"{message}; set THIDUA_REQUIRE_MYPY=1 to make this a failure")


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _python_files(folder: str, names: list) -> list:
    """shutil.copytree's ignore: keep folders and the files mypy reads."""
    return [n for n in names
            if n == "__pycache__" or not (os.path.isdir(os.path.join(folder, n))
                                          or n.endswith((".py", ".pyi")) or n == "py.typed")]


def test_mypy_strict_passes_on_the_package_and_a_typed_script(tmp_path):
    require_type_checker()
    package = Path(thidua.__file__).resolve().parent
    # mypy is given a copy of the package's files: given the folder itself,
    # inside site-packages, it would take the whole of site-packages as a
    # source root, where other distributions' modules (typing_extensions.py)
    # shadow the standard library's and stop the check.
    shutil.copytree(package, tmp_path / "thidua", ignore=_python_files)
    env = {k: v for k, v in os.environ.items() if k != "MYPYPATH"}
    command = [sys.executable, "-m", "mypy", "--strict", "--no-color-output",
               "--cache-dir", str(tmp_path / "mypy-cache"), "thidua", str(USAGE)]
    run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    assert run.returncode == 0, f"mypy --strict failed on {package} (checked as a copy) and {USAGE.name}:\n{output}"
    assert "Success" in run.stdout


def test_the_typed_script_runs():
    if not hasattr(thidua._thidua, "td_rulebook_load_file"):
        pytest.skip("the script reads files: this build has no file readers (THIDUA_IO=OFF)")
    spec = importlib.util.spec_from_file_location("thidua_typed_usage", USAGE)
    assert spec is not None and spec.loader is not None
    usage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(usage)
    result = usage.evaluate_example()
    assert isinstance(usage.top_total(result), Decimal) and len(usage.ranking(result)) == len(result)
    out = io.StringIO()
    with redirect_stdout(out):
        usage.main()
    assert out.getvalue().startswith(" 1  ")
