"""The generated documentation stays true: docs/python.md's API reference and
the stub thidua/_thidua.pyi match the package (regenerate them with the
tools in bindings/python/tools/ when this fails)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1] / "tools"


def tool(name):
    spec = importlib.util.spec_from_file_location(f"thidua_tool_{name}", TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_reference_in_docs_matches_the_package():
    api = tool("api_reference")
    assert api.current_text() == api.reference(), \
        "docs/python.md is stale: run python bindings/python/tools/api_reference.py --update"


def test_stub_matches_the_headers():
    stubgen = tool("stubgen")
    assert stubgen.STUB.read_text(encoding="utf-8") == stubgen.stub(), \
        "thidua/_thidua.pyi is stale: run python bindings/python/tools/stubgen.py --update"


def test_stub_describes_the_module():
    import re

    from thidua import _thidua

    stub = tool("stubgen").STUB.read_text(encoding="utf-8")
    declared = set(re.findall(r"^(?:def |class )?(\w+)", stub, re.M))
    module = {n for n in dir(_thidua) if n.startswith(("td_", "TD_"))}
    assert module - declared == set()
    # what the stub has and this module lacks can only be the file readers
    # and report writers of a build without lib/io
    io_names = set()
    for header in ("io.h", "report.h"):
        text = (Path(__file__).resolve().parents[3] / "include" / "thidua" / header).read_text(encoding="utf-8")
        io_names |= set(re.findall(r"\b((?:td|TD)_\w+)", text))
    assert (declared & {n for n in declared if n.startswith(("td_", "TD_"))}) - module <= io_names


def test_every_public_name_is_documented():
    import thidua

    for name in thidua.__all__:
        obj = getattr(thidua, name)
        if name.startswith("__") or isinstance(obj, str):
            continue
        assert (obj.__doc__ or "").strip(), f"thidua.{name} has no docstring"
