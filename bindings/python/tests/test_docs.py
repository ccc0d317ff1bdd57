"""The documentation stays true: docs/python.md's tour runs as written and
gives the values its comments show; its API reference and the stub
thidua/_thidua.pyi match the package (regenerate them with the tools in
bindings/python/tools/ when this fails)."""

from __future__ import annotations

import ast
import importlib.util
import io
import re
import tokenize
from decimal import Decimal
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"
ROOT = Path(__file__).resolve().parents[3]


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
    # and report writers of a build without the io floors
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


def test_the_tour_runs_as_written(monkeypatch):
    """The code blocks of docs/python.md's tour, run in order from the
    repository's root; an expression whose comment is a Python value
    (``top.base  # Decimal('98')``) must give that value."""
    import thidua

    pytest.importorskip("pandas")
    if not hasattr(thidua._thidua, "td_rulebook_load_file"):
        pytest.skip("the tour reads files: this build has no file readers (THIDUA_IO=OFF)")
    doc = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    tour = doc.split("\n## A tour\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", tour, re.S)
    assert len(blocks) >= 5
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    values = {**vars(thidua), "Decimal": Decimal}
    checked = 0
    for block in blocks:
        comments = {tok.start[0]: tok.string[1:].strip()
                    for tok in tokenize.generate_tokens(io.StringIO(block).readline)
                    if tok.type == tokenize.COMMENT}
        for node in ast.parse(block).body:
            if not isinstance(node, ast.Expr):
                exec(compile(ast.Module([node], []), "docs/python.md", "exec"), namespace)
                continue
            got = eval(compile(ast.Expression(node.value), "docs/python.md", "eval"), namespace)
            try:
                expected = eval(comments.get(node.end_lineno, ""), values)
            except Exception:  # a comment in words
                continue
            assert got == expected, ast.get_source_segment(block, node)
            checked += 1
    assert checked >= 5
