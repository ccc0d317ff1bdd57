"""The whole public C API is reachable from Python.

Reads include/thidua/*.h as a C reader would (comments removed) and checks
that thidua._thidua offers every TD_EXTERN function and every enum
constant, except the functions of the one exclusion list, NOT_WRAPPED in
bindings/python/tools/stubgen.py, where each entry says why, and that the
option structs that cross as objects offer every field. A function added to
a header without a binding fails here.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from thidua import _thidua

ROOT = Path(__file__).resolve().parents[3]
HEADERS = sorted((ROOT / "include" / "thidua").glob("*.h"))
# The file readers and report writers, which a build without the io floors
# (THIDUA_IO=OFF) has none of.
IO_HEADERS = ("io.h", "report.h")
HAS_IO = hasattr(_thidua, "td_rulebook_load_file")


def _not_wrapped():
    path = ROOT / "bindings" / "python" / "tools" / "stubgen.py"
    spec = importlib.util.spec_from_file_location("thidua_tool_stubgen", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.NOT_WRAPPED


NOT_WRAPPED = _not_wrapped()


def _code(header: Path) -> str:
    return re.sub(r"/\*.*?\*/|//[^\n]*", " ", header.read_text(encoding="utf-8"), flags=re.S)


def functions(header: Path):
    """The TD_EXTERN functions a header declares."""
    return re.findall(r"\bTD_EXTERN\b[^;{}]*?\b(td_\w+)\s*\(", _code(header))


def enum_constants(header: Path):
    """The constants of the enums a header declares."""
    names = []
    for body in re.findall(r"\benum\b\s*\w*\s*\{([^}]*)\}", _code(header)):
        names += [m.group(1) for m in re.finditer(r"(?:^|,)\s*(\w+)", body)]
    return names


def test_the_headers_are_read():
    # the readers above must see what a C compiler sees, or the checks below prove nothing
    by_name = {h.name: h for h in HEADERS}
    assert "td_evaluate" in functions(by_name["result.h"])
    assert "td_decimal_parse_n" in functions(by_name["decimal.h"])
    assert enum_constants(by_name["common.h"])[:2] == ["TD_OK", "TD_ERROR"]
    assert "TD_EIO" in enum_constants(by_name["common.h"])
    assert sum(len(functions(h)) for h in HEADERS) > 150


@pytest.mark.parametrize("header", HEADERS, ids=lambda h: h.name)
def test_every_public_function_and_enum_constant_is_reachable(header):
    declared = functions(header) + enum_constants(header)
    wanted = [n for n in declared if n not in NOT_WRAPPED]
    if header.name in IO_HEADERS and not HAS_IO:
        # all or nothing: a build without the io floors wraps none of them
        assert [n for n in wanted if hasattr(_thidua, n)] == []
        pytest.skip("this build has no file readers or report writers (THIDUA_IO=OFF)")
    missing = [n for n in wanted if not hasattr(_thidua, n)]
    assert missing == [], (
        f"{header.name}: not reachable from thidua._thidua: {', '.join(missing)}. Wrap them "
        f"(bindings/python/thidua.i, typemaps.i), or add them with the reason to NOT_WRAPPED "
        f"in bindings/python/tools/stubgen.py")
    for name in functions(header):
        if name not in NOT_WRAPPED:
            assert callable(getattr(_thidua, name)), name


def test_the_exclusions_are_public_functions_that_are_not_wrapped():
    declared = {n for h in HEADERS for n in functions(h)}
    for name, reason in NOT_WRAPPED.items():
        assert name in declared, f"NOT_WRAPPED names {name}, which no header declares"
        assert not hasattr(_thidua, name), f"{name} is wrapped: remove it from NOT_WRAPPED"
        assert reason.strip(), f"NOT_WRAPPED gives no reason for {name}"


def struct_fields(header: Path, name: str):
    m = re.search(r"typedef\s+struct\s+" + name + r"\s*\{([^}]*)\}", _code(header))
    if m is None:
        return []
    return [re.search(r"(\w+)\s*$", decl).group(1) for decl in m.group(1).split(";") if decl.strip()]


@pytest.mark.parametrize("name", ["td_eval_options", "td_load_options"])
def test_option_structs_offer_every_field_but_the_allocator(name):
    fields = [f for h in HEADERS for f in struct_fields(h, name)]
    if name == "td_load_options" and not HAS_IO:
        pytest.skip("this build has no file readers (THIDUA_IO=OFF)")
    assert "version" in fields and "allocator" in fields
    opts = getattr(_thidua, name)()
    assert [f for f in fields if f != "allocator" and not hasattr(opts, f)] == []


@pytest.mark.skipif(not HAS_IO, reason="this build has no file readers (THIDUA_IO=OFF)")
def test_load_options_of_the_package_cover_the_c_options():
    from dataclasses import fields

    from thidua import LoadOptions

    c_fields = {f for h in HEADERS for f in struct_fields(h, "td_load_options")} - {"version", "allocator"}
    assert c_fields - {f.name for f in fields(LoadOptions)} == set()
