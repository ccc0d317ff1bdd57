"""Reading rulebooks and cluster data from YAML, JSON and CSV documents.

Used through :meth:`Rulebook.load`, :meth:`Rulebook.loads`,
:meth:`Cluster.load` and :meth:`Cluster.loads`; their keyword options are
the fields of :class:`LoadOptions`. Errors name the file, line and column
of the offending value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Union

from . import _thidua as _c

if TYPE_CHECKING:  # pragma: no cover
    from .rulebook import Rulebook

__all__ = ["LoadOptions"]

_FORMATS = ("auto", "yaml", "json", "csv", "xlsx")


@dataclass(frozen=True)
class LoadOptions:
    """Options of the loaders (0 means the library's default limit)."""

    format: str = "auto"  #: "auto" (by extension; text: sniffed), "yaml", "json" or "csv"
    decimal_comma: bool = False  #: CSV numbers written "3.563,5" (',' decimal, '.' thousands)
    max_bytes: int = 0  #: largest document; 0: 256 MiB
    max_depth: int = 0  #: deepest nesting; 0: 64
    max_nodes: int = 0  #: most nodes after YAML alias expansion; 0: 10,000,000
    expr_max_bytes: int = 0  #: longest expression; 0: 4096
    expr_max_depth: int = 0  #: deepest expression nesting; 0: 64
    max_line_bytes: int = 0  #: longest line; 0: 1 MiB
    max_total_bytes: int = 0  #: all documents of one data set together, roll-ups' child data included; 0: 1 GiB
    max_keys: int = 0  #: most keys in one mapping; 0: 1,000,000
    max_rows: int = 0  #: most rows of one CSV document; 0: 10,000,000
    max_members: int = 0  #: most members (and units); 0: 1,000,000
    max_criteria: int = 0  #: a rulebook's most criteria, groups and adjustment items; 0: 10,000
    max_measures: int = 0  #: a rulebook's most derived measures, inputs and parameters; 0: 100,000


def _require_io() -> None:
    if not hasattr(_c, "td_rulebook_load_file"):
        raise NotImplementedError("this build of thidua has no file readers or report writers (THIDUA_IO=OFF)")


def _format(name: str) -> int:
    key = name.lower() if isinstance(name, str) else None
    if key not in _FORMATS:
        raise ValueError(f"format: expected one of {', '.join(map(repr, _FORMATS))}, got {name!r}")
    # looked up here, not at import: a build without the io floors lacks them
    codes = {"auto": _c.TD_DOC_FORMAT_AUTO, "yaml": _c.TD_DOC_FORMAT_YAML, "json": _c.TD_DOC_FORMAT_JSON, "csv": _c.TD_DOC_FORMAT_CSV,
             "xlsx": _c.TD_DOC_FORMAT_XLSX}
    return codes[key]


def _options(options: Mapping[str, Any]) -> Any:
    _require_io()
    known = {f.name for f in fields(LoadOptions)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"unknown option {unknown[0]!r} (known: {', '.join(sorted(known))})")
    chosen = LoadOptions(**options)
    opts = _c.td_load_options()
    opts.format = _format(chosen.format)
    opts.decimal_comma = bool(chosen.decimal_comma)
    for name in ("max_bytes", "max_depth", "max_nodes", "expr_max_bytes", "expr_max_depth", "max_line_bytes",
                 "max_total_bytes", "max_keys", "max_rows", "max_members", "max_criteria", "max_measures"):
        value = getattr(chosen, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name}: expected a whole number >= 0 (0: the default), got {value!r}")
        setattr(opts, name, value)
    return opts


def _path(path: Any) -> str:
    p = os.fspath(path)
    return os.fsdecode(p) if isinstance(p, bytes) else p


def _load_rulebook_file(path: Any, options: Mapping[str, Any]) -> Any:
    return _c.td_rulebook_load_file(_path(path), _options(options))


def _load_rulebook_text(text: Union[str, bytes], name: Optional[str], options: Mapping[str, Any]) -> Any:
    return _c.td_rulebook_load_string(text, name, _options(options))


def _rulebook_to_yaml(handle: Any) -> str:
    _require_io()
    return _c.td_rulebook_to_yaml(handle).decode("utf-8")


def _to_cluster(dataset: Any, rulebook: Optional[Rulebook]) -> Any:
    from .rulebook import Rulebook

    if rulebook is not None and not isinstance(rulebook, Rulebook):
        raise TypeError(f"rulebook: expected a thidua.Rulebook, got {type(rulebook).__name__}")
    return _c.td_dataset_to_cluster(dataset, None if rulebook is None else rulebook._c)


def _load_cluster_files(paths: Iterable[Any], rulebook: Optional[Rulebook], options: Mapping[str, Any]) -> Any:
    paths = list(paths)
    if not paths:
        raise TypeError("Cluster.load: give at least one file")
    dataset = _c.td_dataset_new(_options(options))
    for p in paths:
        _c.td_dataset_add_file(dataset, _path(p))
    return _to_cluster(dataset, rulebook)


def _load_cluster_texts(texts: Iterable[Union[str, bytes]], rulebook: Optional[Rulebook], name: Optional[str],
                        options: Mapping[str, Any]) -> Any:
    texts = list(texts)
    if not texts:
        raise TypeError("Cluster.loads: give at least one document")
    opts = _options(options)
    dataset = _c.td_dataset_new(opts)
    for i, text in enumerate(texts):
        label = name if name is not None and len(texts) == 1 else (f"{name or '<string>'}[{i}]")
        _c.td_dataset_add_string(dataset, text, label, opts.format)
    return _to_cluster(dataset, rulebook)
