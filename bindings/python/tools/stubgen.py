"""Writes thidua/_thidua.pyi, the type stub of the SWIG module, from the C
headers and the typemap rules of typemaps.i.

    python bindings/python/tools/stubgen.py            # print it
    python bindings/python/tools/stubgen.py --update   # rewrite bindings/python/thidua/_thidua.pyi

The stub describes the whole public API as the headers declare it, less
what thidua.i leaves out (NOT_WRAPPED); a build without the io floors lacks the file
and report functions. A test checks that the committed stub matches.

Text a function returns (`const char *`) is `str` when its doc comment in
the header promises text for valid arguments (a live object, an index in
range, a known code), and `Optional[str]` when NULL answers a valid call
(TEXT_MAY_BE_NULL); without a doc comment of its own it stays Optional. A
doc comment that mentions NULL in any other way stops the generator until
the function is classified here.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
HEADERS = ROOT / "include" / "thidua"
STUB = HERE.parent / "thidua" / "_thidua.pyi"

HANDLES = ("td_rulebook_builder", "td_rulebook", "td_cluster", "td_result", "td_expr", "td_dataset")
OPTIONS = ("td_eval_options", "td_load_options")
ENUMS = ("td_status", "td_lang", "td_direction", "td_rule_kind", "td_shortfall_step", "td_best_of",
         "td_bands_of", "td_adjustment_kind", "td_leader_rule", "td_deputy_rule", "td_cluster_kind", "td_ballot_of", "td_quota_kind", "td_score_source", "td_rounding",
         "td_award_status", "td_value_type", "td_doc_format", "td_report_format", "td_explain",
         "td_result_field", "td_report_field", "td_signer_field")
# The definitions in one call take their struct as a dict of its fields (typemaps.i).
SPECS = ("td_criterion_spec", "td_classification_spec", "td_award_spec", "td_leader_spec")
# The public functions that thidua._thidua does not offer, each with the
# reason: the wrapper does their job itself (typemaps.i). The stub leaves
# them out, and tests/test_coverage.py fails for any other public function
# or enum constant of the headers that the module lacks: wrap a new one, or
# add it here with its reason.
NOT_WRAPPED = {
    "td_error_clear": "each wrapper clears its own td_error, which Python sees as an exception",
    "td_free": "library-allocated text comes back as bytes; the wrapper frees the C copy",
    "td_expr_options_init": "td_expr_compile() takes its options as a dict; the wrapper fills the struct",
    "td_report_options_init": "the report functions take their options as a dict; the wrapper fills the struct",
}
# The functions returning text whose headers document NULL as the answer to
# a valid call, with the header's words: the stub gives them
# Optional[str], and the Python layer handles None.
TEXT_MAY_BE_NULL = {
    "td_cluster_leader": "NULL when none is set",
    "td_cluster_report_field": "NULL when it is not set",
    "td_result_report_field": "NULL when it is not set",
    "td_cluster_deputy": "NULL when none is set",
    "td_cluster_member_group": "NULL when it has none",
    "td_result_member_group": "NULL when it has none",
    "td_result_next_deputy": "NULL when the rulebook has no deputy rule",
    "td_result_deputy_explain": "NULL when there is no deputy rule",
    "td_result_member_classification": "NULL when the rulebook has none",
    "td_result_classification_explain": "NULL when out of range or none",
    "td_result_next_leader": "NULL when the rulebook has no leader rule",
    "td_result_leader_explain": "NULL when there is no leader rule",
    "td_rulebook_measure_formula": "NULL for a base measure (given in data)",
    "td_rulebook_measure_target_formula": "NULL when the data gives it",
    "td_rulebook_measure_actual_formula": "NULL when the data gives it",
    "td_rulebook_classification_when": "NULL when it has none",
    "td_rulebook_award_when": "NULL when every member is a candidate",
    "td_rulebook_award_order": "NULL when candidates are taken by rank",
}
# How a header says that text is never NULL, or NULL only for an invalid
# argument (the stub types valid calls; the wrapper turns NULL into None).
TEXT_NOT_NULL = re.compile(
    r"Never (?:returns )?NULL"
    r"|NULL (?:when [im] is out of range|when out of range|for NULL|for an unknown \w+)(?=[.;:])")
# Option structs cross as proxies with every field but the allocator (objects.i).
HIDDEN_FIELDS = ("allocator",)
INTS = ("int", "unsigned int", "size_t", "int64_t", "int32_t", "uint64_t", "long", "unsigned")

PROTOTYPE = re.compile(r"TD_EXTERN\s+([^;{]*?)\b(td_\w+)\s*\(([^;]*?)\)\s*;", re.S)
TEXT_PROTOTYPE = re.compile(r"(/\*\*(?:(?!\*/).)*?\*/)\s*TD_EXTERN\s+const\s+char\s*\*\s*(td_\w+)\s*\(", re.S)


def _split_param(param: str):
    param = " ".join(param.split())
    m = re.match(r"^(.*?)(\w+)$", param)
    if not m or param == "void":
        return param, ""
    ctype, name = m.group(1).strip(), m.group(2)
    return ctype.replace(" *", "*").replace("* ", "*"), name


def _base(ctype: str) -> str:
    return ctype.replace("const", "").replace("struct", "").replace("*", "").strip()


def _in_type(ctype: str, name: str) -> str:
    base, pointers = _base(ctype), ctype.count("*")
    if base == "td_decimal":
        return "Number" if pointers == 0 else "Optional[Number]"
    if base == "char" and pointers == 1:
        return "Optional[str]"
    if base in HANDLES and pointers == 1:
        return f"Optional[{base}]"
    if base in OPTIONS and pointers == 1:
        return f"Optional[{base}]"
    if base == "td_rule" and pointers == 1:
        return "Mapping[str, object]"  # the fields of td_rule (typemaps.i)
    if base in SPECS and pointers == 1:
        return "Mapping[str, object]"  # the fields of the spec but its version (typemaps.i)
    if base in ("td_expr_options", "td_report_options") and pointers == 1:
        return "Optional[Mapping[str, object]]"  # options with text cross as a mapping
    if base in ENUMS or base in INTS:
        return "int"
    if base == "bool":
        return "bool"
    if base == "double":
        return "float"
    if base in ("ArrowSchema", "ArrowArray") and pointers == 1:
        return "object"  # a PyCapsule of the Arrow PyCapsule interface (columns.i)
    raise ValueError(f"no Python type for parameter {ctype} {name}")


def _out_type(ctype: str) -> str:
    base, pointers = _base(ctype), ctype.count("*")
    if base == "td_decimal" and pointers == 0:
        return "Decimal"
    if base == "char" and pointers == 1:
        return "Optional[str]"
    if base in HANDLES and pointers == 1:
        return f"Optional[{base}]"
    if base in ENUMS or base in INTS:
        return "int"
    if base == "bool":
        return "bool"
    if base == "double":
        return "float"
    if base == "void" and pointers == 0:
        return "None"
    raise ValueError(f"no Python type for a return of {ctype}")


def text_returns(raw: str) -> dict:
    """The Python type of each `const char *` function of a header (its
    text with the comments), read from the function's doc comment."""
    types = {}
    for doc, name in TEXT_PROTOTYPE.findall(raw):
        doc = " ".join(re.sub(r"^\s*\*+(?!/)|^/\*\*|\*/$", " ", doc, flags=re.M).split())
        if name in TEXT_MAY_BE_NULL:
            if TEXT_MAY_BE_NULL[name] not in doc:
                raise ValueError(f"{name}: its doc comment no longer says {TEXT_MAY_BE_NULL[name]!r}; "
                                 f"check TEXT_MAY_BE_NULL")
            types[name] = "Optional[str]"
        elif "NULL" in TEXT_NOT_NULL.sub("", doc):
            raise ValueError(f"{name} may return NULL ({doc!r}): add it to TEXT_MAY_BE_NULL when NULL "
                             f"answers a valid call, or say when in words TEXT_NOT_NULL knows")
        else:
            types[name] = "str"
    return types


def function_stub(ret: str, name: str, params: str, text: str = "Optional[str]") -> str:
    ret = " ".join(ret.split())
    items = [_split_param(p) for p in params.split(",")] if params.strip() not in ("", "void") else []
    args, result = [], None
    i = 0
    while i < len(items):
        ctype, pname = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else ("", "")
        base = _base(ctype)
        if base == "td_error" or base == "td_allocator":
            i += 1
            continue
        if (ctype, pname) == ("char**", "out") and nxt[1] == "len":
            result, i = "bytes", i + 2
            continue
        if (ctype, pname) == ("const char*", "text") and nxt[1] == "len":
            args.append("text: Union[str, bytes]")
            i += 2
            continue
        if (ctype, pname) == ("char*", "buf") and nxt[1] == "size":
            if i + 2 < len(items) and items[i + 2][1] == "needed":
                args.append("size: int")
                result, i = "Tuple[str, int]", i + 3
            else:
                result, i = "str", i + 2
            continue
        if (ctype, pname) == ("td_report_sink", "sink") and nxt[1] == "ctx":
            args.append("out: object")  # an object with write(bytes) (typemaps.i)
            i += 2
            continue
        if (ctype, pname) == ("const td_decimal*", "values") and nxt[1] == "value_count":
            args.append("values: Optional[Sequence[Number]]")
            i += 2
            continue
        # columns.i: a whole column comes back in one value
        if (ctype, pname) == ("td_decimal*", "out") and nxt == ("bool*", "present"):
            result, i = "List[Optional[Decimal]]", i + 3  # out, present, count
            continue
        if (ctype, pname) == ("double*", "out") and nxt[1] == "count":
            result, i = "bytes", i + 2  # float64 values for numpy.frombuffer
            continue
        if (ctype, pname) == ("struct ArrowArray*", "array") and nxt[1] == "schema":
            result, i = "Tuple[object, object]", i + 2  # PyCapsules "arrow_schema", "arrow_array"
            continue
        if ctype.count("*") == 2 and base in HANDLES:
            result = base
        elif ctype == "td_decimal*" and pname in ("out", "max"):
            result = "Optional[Decimal]" if ret == "bool" else "Decimal"
        elif ctype in ("size_t*", "int64_t*", "td_report_format*", "td_result_field*"):
            result = "int"
        elif ctype == "td_value*":
            result = "Union[Decimal, bool, str]"
        elif ctype in ("td_rule*", "td_quota*"):
            result = "Dict[str, Any]"  # the struct's fields (typemaps.i)
        elif ctype in ("td_bonus*", "td_warning*"):
            result = "Optional[Dict[str, Any]]"
        else:
            args.append(f"{pname}: {_in_type(ctype, pname)}")
        i += 1
    if result is None:
        if ret == "td_status":
            result = "None"
        elif _base(ret) == "char" and ret.count("*") == 1:
            result = text
        else:
            result = _out_type(ret)
    return f"def {name}({', '.join(args)}) -> {result}: ..."


def _constants(text: str):
    """Enum constants and integer #defines of a header (comments removed)."""
    for name in re.findall(r"^\s*(TD_[A-Z0-9_]+)\s*=\s*-?\d+", text, re.M):
        yield name
    for name, value in re.findall(r"^#define\s+(TD_[A-Z0-9_]+)\s+(.+)$", text, re.M):
        if re.fullmatch(r"-?[0-9]+", value.strip()):  # SWIG wraps plain integers, not casts
            yield name


def struct_fields(text: str, name: str):
    """(C type, name) of each field of `typedef struct name {...}` in a header
    (comments removed), or nothing when the header does not define it."""
    m = re.search(r"typedef\s+struct\s+" + name + r"\s*\{([^}]*)\}", text)
    if m is None:
        return []
    return [_split_param(decl) for decl in m.group(1).split(";") if decl.strip()]


def stub() -> str:
    lines = [
        '"""Type stub of thidua._thidua (generated by bindings/python/tools/stubgen.py).',
        "",
        "Returned text is `str` where the C header promises text for valid",
        "arguments (a live object, an index in range, a known code), and",
        "`Optional[str]` where NULL answers a valid call (no leader, no",
        "classification...). Invalid arguments may still give None.",
        '"""',
        "",
        "from decimal import Decimal",
        "from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union",
        "",
        "Number = Union[Decimal, int, str, float]",
        "",
    ]
    headers = [h for h in sorted(HEADERS.glob("*.h")) if h.name not in ("export.h", "thidua.h")]
    raws = {h: h.read_text(encoding="utf-8") for h in headers}
    texts = {h: re.sub(r"/\*.*?\*/", "", raw, flags=re.S) for h, raw in raws.items()}
    text_types = {name: ty for raw in raws.values() for name, ty in text_returns(raw).items()}
    constants = sorted({c for t in texts.values() for c in _constants(t)})
    lines += [f"{c}: int" for c in constants] + [""]
    for cls in HANDLES:
        if any(f"typedef struct {cls} {cls};" in t for t in texts.values()):
            lines += [f"class {cls}:", "    def __init__(self) -> None: ...", ""]
    for cls in OPTIONS:
        fields = [f for t in texts.values() for f in struct_fields(t, cls) if f[1] not in HIDDEN_FIELDS]
        if fields:
            lines += [f"class {cls}:", "    def __init__(self) -> None: ..."]
            lines += [f"    {name}: {_out_type(ctype)}" for ctype, name in fields] + [""]
    seen = set()
    for header in headers:
        for ret, name, params in PROTOTYPE.findall(texts[header]):
            if name in seen or name in NOT_WRAPPED:
                continue
            seen.add(name)
            lines.append(function_stub(ret, name, params, text_types.get(name, "Optional[str]")))
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite thidua/_thidua.pyi")
    args = parser.parse_args()
    text = stub()
    if args.update:
        STUB.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
