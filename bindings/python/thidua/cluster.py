"""Cluster data: one cluster's members, targets, results, manual scores,
events and history for one period.

A :class:`Cluster` is filled in code, from a mapping in the data format
(:meth:`Cluster.from_dict`, e.g. what a YAML parser returns), from a pandas
DataFrame in the long layout ``unit, measure, target, actual``
(:meth:`Cluster.from_dataframe`), or from YAML/JSON/CSV files
(:meth:`Cluster.load`). Every value is checked as it is added: a negative
number is a :class:`~thidua.RangeError`, the same value given twice a
:class:`~thidua.DuplicateError`, a unit that is not a member a
:class:`~thidua.NotFoundError`.
"""

from __future__ import annotations

import math
from decimal import Decimal
import threading
import unicodedata
import warnings as _warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, Mapping, Optional, Sequence, Tuple, Union

from . import _thidua as _c
from ._numbers import Number, number
from .enums import ClusterKind, ScoreSource, choice
from .errors import DataError, DataNote, DataWarning, Error, InvalidArgumentError, LimitError, ParseError, _warnings_of
from .report_block import ReportBlock, _read

if TYPE_CHECKING:  # pragma: no cover
    from .rulebook import Rulebook

__all__ = ["Cluster", "Member", "Unit"]


@dataclass(frozen=True)
class Member:
    """A member unit of a cluster."""

    id: str
    name: str


@dataclass(frozen=True)
class Unit:
    """A unit below the members (rulebook 1.1): a commune union under a
    district, a branch under a commune. It has no scores of its own;
    roll-ups count its children into the member above it."""

    id: str
    name: str  #: "" when none
    parent: str  #: a member or another unit


_DATA_KEYS = ("thidua", "period", "cluster", "targets", "results", "scores", "events", "history",
              "next_leader", "predecessors", "parameters", "next_deputy", "ballots", "report")
_MEMBERS_ARG = Union[Mapping[str, str], Iterable[Union[str, Tuple[str, str], Mapping[str, Any]]]]


def _nfc(value: Any) -> Any:
    """Text in Unicode NFC, as the file readers put the text that names a unit
    or the cluster; any other value as it is (the call it goes to checks it)."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _as_is(value: Any) -> Any:
    return value


def _in_context(where: str, fn: Callable[..., Any], *args: Any) -> None:
    """Calls fn; a library error gets ``where`` (a key path) in front of its message."""
    try:
        fn(*args)
    except Error as e:
        raise type(e)(f"{where}: {e.message}", file=e.file, line=e.line, column=e.column) from None
    except (TypeError, ValueError) as e:
        raise type(e)(f"{where}: {e}") from None


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and value.strip() == "":
        return True
    try:  # pandas.NA, pandas.NaT, numpy.nan
        import pandas

        return bool(pandas.isna(value)) if not isinstance(value, (str, bytes)) else False
    except (ImportError, TypeError, ValueError):
        return False


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ParseError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _sequence(value: Any, where: str) -> Sequence[Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ParseError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _check_keys(data: Mapping[str, Any], known: Iterable[str], where: str) -> None:
    known = tuple(known)
    for key in data:
        if key not in known:
            raise ParseError(f"{where}: unknown key {key!r} (known: {', '.join(known)})")


def _pyarrow(what: str) -> Tuple[Any, Any]:
    try:
        import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
        import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]
    except ModuleNotFoundError as e:
        raise ModuleNotFoundError(f"{what} needs pyarrow: install it with  pip install 'thidua[arrow]'  "
                                  "(or pip install pyarrow)", name=e.name) from e
    return pa, pc


def _arrow_table(pa: Any, data: Any, what: str) -> Any:
    """``data`` as a pyarrow Table: a Table, a RecordBatch, or an object of
    the Arrow PyCapsule interface."""
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    if hasattr(data, "__arrow_c_array__"):
        return pa.Table.from_batches([pa.record_batch(data)])
    raise TypeError(f"{what}: expected a pyarrow Table or RecordBatch, or Arrow data "
                    f"(__arrow_c_array__, __arrow_c_stream__), got {type(data).__name__}")


def _check_frame(frame: Any, unit: str, measure: str, target: str, actual: str) -> None:
    columns = list(frame.columns)
    for col in (unit, measure):
        if col not in columns:
            raise DataError(f"frame: missing column {col!r} (columns: {', '.join(map(str, columns))})")
    if target not in columns and actual not in columns:
        raise DataError(f"frame: needs a {target!r} or an {actual!r} column")


class Cluster:
    """One cluster's data for one period (mutable).

    Methods that add data return the cluster, so calls chain. Evaluating
    only reads the cluster: several threads may evaluate it at once, but it
    cannot be changed while an evaluation runs (that raises RuntimeError).

    A cluster handed to another as the child data of a roll-up
    (:meth:`set_children`) belongs to that cluster from then on: it stays
    readable (and may be evaluated), keeps its new owner alive, and refuses
    changes.
    """

    __slots__ = ("_c", "_lock", "_readers", "_ids", "_owner", "__weakref__")

    def __init__(self, id: str, period: int, *, name: Optional[str] = None,
                 kind: Union[ClusterKind, str, None] = None) -> None:
        """An empty cluster with an id and a period (a year); ``kind`` says
        whether it is a cluster (cụm, the default) or a block (khối)."""
        if isinstance(period, bool) or not isinstance(period, int):
            raise TypeError(f"cluster {id!r}: period must be an int (a year), got {period!r}")
        self._init(_c.td_cluster_new(id, period))
        if name is not None:
            self.set_name(name)
        if kind is not None:
            self.set_kind(kind)

    def _init(self, handle: Any, owner: Optional[Tuple["Cluster", str]] = None) -> None:
        self._c = handle
        self._lock = threading.Lock()
        self._readers = 0
        self._ids: Optional[Dict[str, str]] = None  # NFC form of each member id -> the id
        # the cluster that owns this one and the roll-up it is the child data
        # of; None for a cluster of its own
        self._owner = owner

    @classmethod
    def _from_handle(cls, handle: Any) -> "Cluster":
        self = cls.__new__(cls)
        self._init(handle)
        return self

    # ---- guarding changes against running evaluations ----------------------

    def _root(self) -> "Cluster":
        """The cluster that owns this one's memory, whose lock guards it: this
        one, or the cluster it was handed to (set_children), at any depth."""
        c = self
        while c._owner is not None:
            c = c._owner[0]
        return c

    def _check_changeable(self) -> None:
        """Raises RuntimeError when the cluster may not change (called with the lock held)."""
        if self._owner is not None:
            owner, rollup = self._owner
            raise RuntimeError(f"cluster {self.id!r} is the child data of roll-up {rollup!r} of cluster "
                               f"{owner.id!r} (set_children() took it over): it can be read, not changed; "
                               f"complete it before handing it over")
        if self._readers:
            raise RuntimeError(f"cluster {self.id!r} is being evaluated in another thread; "
                               f"change it after the evaluation")

    def _change(self, fn: Callable[..., Any], *args: Any) -> "Cluster":
        with self._lock:
            self._check_changeable()
            fn(self._c, *args)
        return self

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        # the owner's count: evaluating child data blocks changes to its owner
        root = self._root()
        with root._lock:
            root._readers += 1
        try:
            yield self._c
        finally:
            with root._lock:
                root._readers -= 1

    def _set_values(self, key: str, set_value: Callable[..., Any], what: str, unit: Any,
                    values: Mapping[str, Any]) -> None:
        """One unit's targets or actuals of a data mapping (``update``): as
        set_target / set_actual with the key path in front of an error
        message, the unit looked up and the cluster locked once for all its
        values rather than once a value."""
        member = self._unit(_nfc(unit))
        with self._lock:
            for measure, value in values.items():
                if value is None:
                    continue
                try:
                    self._check_changeable()
                    set_value(self._c, member, measure, number(value, what, percent_ok=False))
                except Error as e:
                    raise type(e)(f"{key}.{unit}.{measure}: {e.message}", file=e.file, line=e.line,
                                  column=e.column) from None
                except (TypeError, ValueError) as e:
                    raise type(e)(f"{key}.{unit}.{measure}: {e}") from None

    def _unit(self, unit: Any) -> Any:
        """The member id that ``unit`` names when the two are equal after
        Unicode NFC (as the file readers compare units), else ``unit`` as given
        (a unit that is no member, e.g. a predecessor in history, or a value
        the library will refuse with its own message)."""
        if not isinstance(unit, str):
            return unit
        ids = self._ids
        if ids is None:
            ids = {}
            for m in self.members:
                ids.setdefault(unicodedata.normalize("NFC", m.id), m.id)
            self._ids = ids
        return ids.get(unicodedata.normalize("NFC", unit), unit)

    # ---- filling it in code ------------------------------------------------

    def set_name(self, name: str) -> "Cluster":
        return self._change(_c.td_cluster_set_name, name)

    def set_kind(self, kind: Union[ClusterKind, str]) -> "Cluster":
        """Makes the cluster a cluster (cụm, ``"cluster"``) or a block (khối,
        ``"block"``): the Vietnamese reports and explanations then name its
        leader and deputy "Cụm trưởng / Cụm phó" or "Khối trưởng / Khối phó".
        No number depends on it."""
        return self._change(_c.td_cluster_set_kind, choice(ClusterKind, kind, "cluster kind").c_value)

    def add_member(self, unit: str, name: Optional[str] = None, *, group: Optional[str] = None) -> "Cluster":
        """Adds a member unit, in ``group`` (rulebook 1.1) when given. Members
        must be added before values that name them. The other methods find a
        member by its id compared after Unicode NFC."""
        self._change(_c.td_cluster_add_member, unit, name)
        if self._ids is not None and isinstance(unit, str):
            self._ids.setdefault(unicodedata.normalize("NFC", unit), unit)
        if group is not None:
            self.set_member_group(unit, group)
        return self

    def set_member_group(self, unit: str, group: str) -> "Cluster":
        """Puts a member in a group (rulebook 1.1: its block or cluster when a
        province's units are evaluated in one run)."""
        return self._change(_c.td_cluster_set_member_group, self._unit(unit), group)

    def add_members(self, members: _MEMBERS_ARG) -> "Cluster":
        """Adds several members: ids, ``(id, name)`` pairs, ``{"id", "name"}``
        mappings, or one mapping of id to name."""
        return self._add_members(members, _as_is)

    def _add_members(self, members: _MEMBERS_ARG, text: Callable[[Any], Any]) -> "Cluster":
        # text(): how ids and names are taken (as they are, or in NFC)
        if isinstance(members, Mapping):
            items: Iterable[Any] = members.items()
        else:
            items = members
        for i, m in enumerate(items):
            if isinstance(m, str):
                self.add_member(text(m))
            elif isinstance(m, Mapping):
                _check_keys(m, ("id", "name", "group"), f"members[{i}]")
                if "id" not in m:
                    raise ParseError(f"members[{i}]: missing key 'id'")
                _in_context(f"members[{i}]", self.add_member, text(m["id"]), text(m.get("name")))
                if m.get("group") is not None:
                    _in_context(f"members[{i}].group", self.set_member_group, text(m["id"]), text(m["group"]))
            else:
                unit, name = m
                self.add_member(text(unit), text(name))
        return self

    def set_leader(self, unit: str) -> "Cluster":
        """Sets this period's cluster leader (cụm trưởng)."""
        return self._change(_c.td_cluster_set_leader, self._unit(unit))

    def set_target(self, unit: str, measure: str, value: Number) -> "Cluster":
        """Sets a member's target for a measure (≥ 0)."""
        return self._change(_c.td_cluster_set_target, self._unit(unit), measure, number(value, "target", percent_ok=False))

    def set_actual(self, unit: str, measure: str, value: Number) -> "Cluster":
        """Sets a member's actual result for a measure (≥ 0)."""
        return self._change(_c.td_cluster_set_actual, self._unit(unit), measure, number(value, "actual", percent_ok=False))

    def set_score(self, unit: str, criterion: str, points: Number,
                  source: Union[ScoreSource, str] = ScoreSource.FINAL) -> "Cluster":
        """Gives a member manual points for a criterion from one source
        (``"self"``, ``"cross"`` or ``"final"``; final wins)."""
        s = choice(ScoreSource, source, "score source")
        return self._change(_c.td_cluster_set_score, s.c_value, self._unit(unit), criterion,
                            number(points, "score", percent_ok=False))

    def add_event(self, unit: str, item: str, count: int = 1) -> "Cluster":
        """Records ``count`` events of an adjustment item (bonus or deduction) for a member."""
        return self._change(_c.td_cluster_add_event, self._unit(unit), item, count)

    def add_history(self, unit: str, period: int, id: str) -> "Cluster":
        """Records that a unit had award or classification ``id`` in an earlier period."""
        return self._change(_c.td_cluster_add_history, self._unit(unit), period, id)

    def set_deputy(self, unit: str) -> "Cluster":
        """Sets this period's deputy (cụm phó, rulebook 1.1)."""
        return self._change(_c.td_cluster_set_deputy, self._unit(unit))

    def set_next_deputy(self, unit: str) -> "Cluster":
        """Names the next period's deputy (the election deputy rule, or succession without an order)."""
        return self._change(_c.td_cluster_set_next_deputy, self._unit(unit))

    @property
    def deputy(self) -> Optional[str]:
        """This period's deputy, or None."""
        return _c.td_cluster_deputy(self._c)

    def set_ballot(self, award: str, council: int, cast: Optional[int] = None,
                   votes: Optional[Mapping[str, int]] = None) -> "Cluster":
        """Records a council's ballot on an award (rulebook 1.1): the council's
        size, the votes cast (None: not given) and each member's votes."""
        self._change(_c.td_cluster_set_ballot, award, council, -1 if cast is None else cast)
        for unit, n in (votes or {}).items():
            self._change(_c.td_cluster_set_votes, award, self._unit(unit), n)
        return self

    def set_next_leader(self, unit: str) -> "Cluster":
        """Names the next period's leader (for the election rule, or to settle a top_rank tie)."""
        return self._change(_c.td_cluster_set_next_leader, self._unit(unit))

    def set_parameter(self, id: str, value: Number) -> "Cluster":
        """Sets a parameter of the rulebook for this cluster's period
        (rulebook 1.1), replacing the rulebook's value; evaluation refuses
        one the rulebook does not declare."""
        return self._change(_c.td_cluster_set_parameter, id, number(value, "parameter", percent_ok=False))

    @property
    def parameters(self) -> Mapping[str, Decimal]:
        """The parameters this cluster sets, id → value."""
        c = self._c
        return {_c.td_cluster_parameter_id(c, i): _c.td_cluster_parameter_value(c, i)
                for i in range(_c.td_cluster_parameter_count(c))}

    def target(self, unit: str, measure: str) -> Optional[Decimal]:
        """A member's target for a measure, as the data set it, or None."""
        return _c.td_cluster_target(self._c, self._unit(unit), measure)

    def actual(self, unit: str, measure: str) -> Optional[Decimal]:
        """A member's actual result for a measure, as the data set it, or None."""
        return _c.td_cluster_actual(self._c, self._unit(unit), measure)

    def set_report_block(self, block: Union[ReportBlock, Mapping[str, Any], None]) -> "Cluster":
        """Replaces the report block (the administrative blocks of the HTML
        and PDF reports) with ``block``: a :class:`ReportBlock`, a mapping
        as the data's ``report:`` key (see :meth:`ReportBlock.from_dict`),
        or None for none. To change one field:
        ``cl.set_report_block(dataclasses.replace(cl.report_block, place="Lai Châu"))``.
        Errors: InvalidArgumentError (a date that is no day, a control
        character), LimitError (more than 8 signers), DataError (an unknown
        key); the cluster is unchanged then."""
        if block is None:
            block = ReportBlock()
        elif not isinstance(block, ReportBlock):
            block = ReportBlock.from_dict(block)
        if len(block.signers) > _c.TD_REPORT_SIGNERS_MAX:
            raise LimitError(f"report block: {len(block.signers)} signers, at most {_c.TD_REPORT_SIGNERS_MAX}")
        fields = [(_c.TD_REPORT_FIELD_ORGANISATION, "\n".join(block.organisation) or None),
                  (_c.TD_REPORT_FIELD_PLACE, block.place),
                  (_c.TD_REPORT_FIELD_DATE, block.date.isoformat() if block.date is not None else None),
                  (_c.TD_REPORT_FIELD_TITLE, block.title)]
        # checked on a scratch cluster first, so that a bad value changes nothing
        probe = _c.td_cluster_new("probe", 0)
        try:
            for field, value in fields:
                _c.td_cluster_set_report_field(probe, field, value)
            for signer in block.signers:
                _c.td_cluster_add_report_signer(probe, signer.role, signer.title, signer.name)
        finally:
            _c.td_cluster_free(probe)
        for field, value in fields:
            self._change(_c.td_cluster_set_report_field, field, value)
        self._change(_c.td_cluster_clear_report_signers)
        for signer in block.signers:
            self._change(_c.td_cluster_add_report_signer, signer.role, signer.title, signer.name)
        return self

    @property
    def report_block(self) -> ReportBlock:
        """The report block (empty, and false, when none was given)."""
        return _read(self._c, _c.td_cluster_report_field, _c.td_cluster_report_signer_count,
                     _c.td_cluster_report_signer)

    def add_predecessor(self, unit: str, predecessor: str) -> "Cluster":
        """Records that ``unit`` succeeds ``predecessor`` (a merger or renaming)."""
        return self._change(_c.td_cluster_add_predecessor, self._unit(unit), self._unit(predecessor))

    # ---- roll-ups (rulebook 1.1) ---------------------------------------------

    def add_unit(self, id: str, parent: str, name: Optional[str] = None) -> "Cluster":
        """Adds a unit below the members (rulebook 1.1): ``parent`` is a member
        or another unit (which may be added later). Units have no scores;
        roll-ups count the children of a unit into the member above it.
        Evaluation refuses an unknown parent, a cycle, and a unit with a
        member's id (:class:`~thidua.DataError`)."""
        return self._change(_c.td_cluster_add_unit, id, name, self._unit(parent))

    @property
    def units(self) -> Tuple[Unit, ...]:
        """The units below the members (rulebook 1.1), in the order added."""
        c = self._c
        return tuple(Unit(_c.td_cluster_unit_id(c, i), _c.td_cluster_unit_name(c, i),
                          _c.td_cluster_unit_parent(c, i))
                     for i in range(_c.td_cluster_unit_count(c)))

    def set_children(self, rollup: str, children: "Cluster") -> "Cluster":
        """Gives the child data of roll-up ``rollup`` (rulebook 1.1): a
        cluster of the same period whose members are the children
        (households, people), each in the group of its unit (a member of
        this cluster or a unit below one), with their values.

        This cluster takes ``children`` over: from then on the object
        passed reads the data this cluster holds (as :meth:`Cluster.children`
        does) and refuses changes, so fill it first. On failure it stays as
        it was.
        """
        if not isinstance(children, Cluster):
            raise TypeError(f"set_children: expected a thidua.Cluster, got {type(children).__name__}")
        if self._root() is children:
            raise InvalidArgumentError(f"set_children: cluster {children.id!r} cannot be the children of "
                                       f"itself or of a cluster it holds")
        with children._lock:
            if children._owner is not None:
                owner, of = children._owner
                raise InvalidArgumentError(f"set_children: cluster {children.id!r} is the child data of roll-up "
                                           f"{of!r} of cluster {owner.id!r} already")
            if children._readers:
                raise RuntimeError(f"cluster {children.id!r} is being evaluated in another thread; "
                                   f"hand it over after the evaluation")
            self._change(_c.td_cluster_set_children, rollup, children._c)
            # the low-level proxy gave the C object up; read it through this
            # cluster from now on (the borrowed proxy keeps this one alive)
            children._c = _c.td_cluster_children(self._c, rollup)
            children._owner = (self, rollup)
        return self

    def children(self, rollup: str) -> Optional[Cluster]:
        """The child data of roll-up ``rollup`` (rulebook 1.1), read-only, or
        None when none is given. It keeps this cluster alive."""
        handle = _c.td_cluster_children(self._c, rollup)
        if handle is None:
            return None
        view = Cluster.__new__(Cluster)
        view._init(handle, (self, rollup))
        return view

    # ---- from mappings (the data format) -----------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Cluster":
        """A cluster from a mapping in the cluster data format (docs/rulebook.md)::

            {"thidua": 1, "period": 2023,
             "cluster": {"id": "cum-2", "name": "…", "leader": "tan-uyen",
                         "members": [{"id": "tan-uyen", "name": "HND huyện Tân Uyên"}, …]},
             "targets": {"tan-uyen": {"hh_registered": 900}},
             "results": {"tan-uyen": {"hh_registered": 905}},
             "scores": {"final": {"tan-uyen": {"reporting": 9.5}}},
             "events": [{"unit": "tan-uyen", "item": "national_award", "count": 1}],
             "history": [{"unit": "tp-lai-chau", "period": 2022, "id": "xuat_sac"}],
             "next_leader": "tam-duong",
             "predecessors": {"tan-uyen-moi": ["tan-uyen", "than-uyen"]}}

        Errors name the key path (``targets.tan-uyen.hh_registered: …``).
        As the file readers do, text that names a unit or the cluster (ids
        and names of the cluster and its members, and every unit the data
        names: keys of ``targets``, ``results`` and ``scores``, the ``unit``
        of events and history, ``leader``, ``next_leader``,
        ``predecessors``) is put in Unicode NFC first, so "Tân Uyên" typed
        with combining marks names the same unit as the precomposed form.
        Measures, criteria, items and history ids are compared with the
        rulebook's byte for byte, as the file readers compare them. A unit
        is named by its id; the file readers (:meth:`load`) also take a
        member's name.
        """
        data = _mapping(data, "cluster data")
        _check_keys(data, _DATA_KEYS, "cluster data")
        version = data.get("thidua", 1)
        if version != 1 or isinstance(version, bool):
            raise ParseError(f"thidua: unsupported format version {version!r} (this library reads 1)")
        for key in ("period", "cluster"):
            if key not in data:
                raise DataError(f"cluster data: missing key {key!r}")
        header = _mapping(data["cluster"], "cluster")
        _check_keys(header, ("id", "name", "kind", "leader", "deputy", "members"), "cluster")
        if "id" not in header:
            raise DataError("cluster: missing key 'id'")
        period = data["period"]
        if isinstance(period, bool) or not isinstance(period, int):
            raise ParseError(f"period: expected an integer year, got {period!r}")
        kind = header.get("kind")
        if kind is not None and kind not in ("cluster", "block"):  # as the file readers spell it
            raise ParseError(f"cluster.kind: expected one of 'cluster', 'block', got {kind!r}")
        self = cls(_nfc(header["id"]), period, name=_nfc(header.get("name")), kind=kind)
        self._add_members(_sequence(header.get("members", []), "cluster.members"), _nfc)
        if header.get("leader") is not None:
            _in_context("cluster.leader", self.set_leader, _nfc(header["leader"]))
        if header.get("deputy") is not None:
            _in_context("cluster.deputy", self.set_deputy, _nfc(header["deputy"]))
        rest = {k: v for k, v in data.items() if k not in ("thidua", "period", "cluster")}
        return self.update(rest)

    def update(self, data: Mapping[str, Any]) -> "Cluster":
        """Adds the values of a data mapping without a cluster header
        (``targets``, ``results``, ``scores``, ``events``, ``history``,
        ``next_leader``, ``predecessors``, ``parameters``), e.g. a second data file. Units
        are put in Unicode NFC first, as in :meth:`from_dict`."""
        data = _mapping(data, "cluster data")
        _check_keys(data, _DATA_KEYS[3:], "cluster data")
        for key, set_value, what in (("targets", _c.td_cluster_set_target, "target"),
                                     ("results", _c.td_cluster_set_actual, "actual")):
            for unit, values in _mapping(data.get(key, {}), key).items():
                self._set_values(key, set_value, what, unit, _mapping(values, f"{key}.{unit}"))
        for source, by_unit in _mapping(data.get("scores", {}), "scores").items():
            s = choice(ScoreSource, source, "scores")
            for unit, values in _mapping(by_unit, f"scores.{source}").items():
                for criterion, points in _mapping(values, f"scores.{source}.{unit}").items():
                    _in_context(f"scores.{source}.{unit}.{criterion}", self.set_score, _nfc(unit), criterion,
                                points, s)
        for i, event in enumerate(_sequence(data.get("events", []), "events")):
            where = f"events[{i}]"
            event = _mapping(event, where)
            _check_keys(event, ("unit", "item", "count"), where)
            for key in ("unit", "item"):
                if key not in event:
                    raise DataError(f"{where}: missing key {key!r}")
            _in_context(where, self.add_event, _nfc(event["unit"]), event["item"], event.get("count", 1))
        for i, record in enumerate(_sequence(data.get("history", []), "history")):
            where = f"history[{i}]"
            record = _mapping(record, where)
            _check_keys(record, ("unit", "period", "id"), where)
            for key in ("unit", "period", "id"):
                if key not in record:
                    raise DataError(f"{where}: missing key {key!r}")
            _in_context(where, self.add_history, _nfc(record["unit"]), record["period"], record["id"])
        if data.get("next_leader") is not None:
            _in_context("next_leader", self.set_next_leader, _nfc(data["next_leader"]))
        if data.get("next_deputy") is not None:
            _in_context("next_deputy", self.set_next_deputy, _nfc(data["next_deputy"]))
        for award, b in _mapping(data.get("ballots", {}), "ballots").items():
            where = f"ballots.{award}"
            b = _mapping(b, where)
            _check_keys(b, ("council", "cast", "votes"), where)
            if "council" not in b:
                raise DataError(f"{where}: missing key 'council'")
            votes = {_nfc(u): n for u, n in _mapping(b.get("votes", {}), f"{where}.votes").items()}
            _in_context(where, self.set_ballot, award, b["council"], b.get("cast"), votes)
        for id, value in _mapping(data.get("parameters", {}), "parameters").items():
            if value is None:
                raise DataError(f"parameters.{id}: no value")
            _in_context(f"parameters.{id}", self.set_parameter, id, value)
        if data.get("report") is not None:
            _in_context("report", self.set_report_block, _mapping(data["report"], "report"))
        for unit, predecessors in _mapping(data.get("predecessors", {}), "predecessors").items():
            if isinstance(predecessors, str):
                predecessors = [predecessors]
            for p in _sequence(predecessors, f"predecessors.{unit}"):
                _in_context(f"predecessors.{unit}", self.add_predecessor, _nfc(unit), _nfc(p))
        return self

    # ---- from pandas -------------------------------------------------------

    @classmethod
    def _with_members(cls, id: str, period: int, name: Optional[str], members: _MEMBERS_ARG,
                      leader: Optional[str]) -> "Cluster":
        """A new cluster with its members and leader, ids in NFC (from_dataframe, from_arrow)."""
        self = cls(_nfc(id), period, name=_nfc(name))
        self._add_members(members, _nfc)
        if leader is not None:
            self.set_leader(_nfc(leader))
        return self

    @classmethod
    def from_dataframe(
        cls,
        frame: Any,
        *,
        id: str,
        period: int,
        name: Optional[str] = None,
        members: Optional[_MEMBERS_ARG] = None,
        leader: Optional[str] = None,
        unit: str = "unit",
        measure: str = "measure",
        target: str = "target",
        actual: str = "actual",
    ) -> "Cluster":
        """A cluster from a DataFrame in the long layout of the CSV format:
        one row per unit and measure, columns ``unit, measure, target,
        actual`` (other names through the keyword arguments; other columns
        are ignored). An empty or NaN cell means "not given".

        ``members`` lists the members (see :meth:`add_members`); by default
        they are the frame's units in order of first appearance. Add manual
        scores, events and history with the methods or :meth:`update`.
        As in :meth:`from_dict`, the cluster's ``id`` and ``name``, the
        members, ``leader`` and the ``unit`` column are put in Unicode NFC
        first; measures are taken as they are."""
        _check_frame(frame, unit, measure, target, actual)
        if members is None:
            members = list(dict.fromkeys(_nfc(str(u)) for u in frame[unit]))
        self = cls._with_members(id, period, name, members, leader)
        return self.add_frame(frame, unit=unit, measure=measure, target=target, actual=actual)

    def add_frame(
        self,
        frame: Any,
        *,
        unit: str = "unit",
        measure: str = "measure",
        target: str = "target",
        actual: str = "actual",
    ) -> "Cluster":
        """Adds targets and actuals from a DataFrame in the long layout (see
        :meth:`from_dataframe`). Integers and Decimals are exact; floats go
        through the library's shortest round-trip conversion (so 0.1 is
        0.1); text such as ``"3563.5"`` is read exactly. For exact input,
        read CSV files with ``dtype=str``. Units are put in Unicode NFC
        first, as the CSV reader does."""
        _check_frame(frame, unit, measure, target, actual)
        columns = list(frame.columns)
        has_target, has_actual = target in columns, actual in columns
        if self._add_frame_through_arrow(frame, [unit, measure] + [c for c in (target, actual) if c in columns],
                                         unit, measure, target, actual):
            return self
        for row_number, row in enumerate(frame.to_dict("records"), start=1):
            u, m = row[unit], row[measure]
            where = f"frame row {row_number} ({u}, {m})"
            if _is_missing(u) or _is_missing(m):
                raise DataError(f"frame row {row_number}: empty {unit!r} or {measure!r}")
            if has_target and not _is_missing(row[target]):
                _in_context(where, self.set_target, _nfc(str(u)), str(m), row[target])
            if has_actual and not _is_missing(row[actual]):
                _in_context(where, self.set_actual, _nfc(str(u)), str(m), row[actual])
        return self

    def _add_frame_through_arrow(self, frame: Any, columns: Sequence[str], unit: str, measure: str, target: str,
                                 actual: str) -> bool:
        """add_frame's fast path: the frame as one Arrow record batch, read by
        the C library in one pass. False, having added nothing (a batch is
        added whole or not at all), when pyarrow is missing, the frame does
        not convert, or the library refuses a row: the row-by-row path then
        adds the values, or raises its own error about the row."""
        try:
            import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
        except ModuleNotFoundError:
            return False
        try:
            table = pa.Table.from_pandas(frame[list(columns)], preserve_index=False).combine_chunks()
        except (pa.ArrowException, TypeError, ValueError):
            return False
        if table.num_rows > 0 and len(table.to_batches()) != 1:
            return False  # one batch, so that a refusal leaves nothing behind
        try:
            self.add_arrow(table, unit=unit, measure=measure, target=target, actual=actual)
        except Error:
            return False
        return True

    # ---- from Arrow --------------------------------------------------------

    @classmethod
    def from_arrow(
        cls,
        data: Any,
        *,
        id: str,
        period: int,
        name: Optional[str] = None,
        members: Optional[_MEMBERS_ARG] = None,
        leader: Optional[str] = None,
        unit: str = "unit",
        measure: str = "measure",
        target: str = "target",
        actual: str = "actual",
    ) -> "Cluster":
        """A cluster from Arrow data in the long layout (a pyarrow ``Table``
        or ``RecordBatch``, a polars frame...): as :meth:`from_dataframe`,
        the values read by the C library in one pass per record batch, with
        no Python object per value (:meth:`add_arrow`). ``members`` defaults
        to the units in order of first appearance. Needs pyarrow."""
        pa, pc = _pyarrow("from_arrow()")
        table = _arrow_table(pa, data, "from_arrow()")
        if unit not in table.column_names:
            raise InvalidArgumentError(f"from_arrow(): no column {unit!r} (the long layout: unit, measure, "
                                       f"target, actual)")
        if members is None:
            members = list(dict.fromkeys(_nfc(u) for u in pc.unique(table.column(unit)).to_pylist() if u is not None))
        self = cls._with_members(id, period, name, members, leader)
        return self.add_arrow(table, unit=unit, measure=measure, target=target, actual=actual)

    def add_arrow(
        self,
        data: Any,
        *,
        unit: str = "unit",
        measure: str = "measure",
        target: str = "target",
        actual: str = "actual",
    ) -> "Cluster":
        """Adds targets and actuals from Arrow data in the long layout:
        columns ``unit`` and ``measure`` (strings), ``target`` and
        ``actual`` (decimal128, int64, int32, float64 or decimal text; a
        null is "not given"; one of them may be absent); other columns are
        ignored. Each record batch is added whole or not at all; an error
        names the row, unit, measure and value. Takes a pyarrow ``Table`` or
        ``RecordBatch``, or any object of the Arrow PyCapsule interface
        (``__arrow_c_array__`` giving a record batch, ``__arrow_c_stream__``).
        Units are put in Unicode NFC first, as the CSV reader does."""
        pa, pc = _pyarrow("add_arrow()")
        table = _arrow_table(pa, data, "add_arrow()")
        wanted = {unit: "unit", measure: "measure", target: "target", actual: "actual"}
        names = table.column_names
        for column in (unit, measure):
            if column not in names:
                raise InvalidArgumentError(f"add_arrow(): no column {column!r} (the long layout: unit, measure, "
                                           f"target, actual)")
        keep = [n for n in wanted if n in names]
        table = table.select(keep).rename_columns([wanted[n] for n in keep])
        units = table.column("unit")
        if not pa.types.is_string(units.type) and not pa.types.is_large_string(units.type):
            raise InvalidArgumentError(f"add_arrow(): column {unit!r} must hold strings, not {units.type}")
        distinct = pc.unique(units).to_pylist()
        if any(u is not None and not unicodedata.is_normalized("NFC", u) for u in distinct):
            table = table.set_column(0, "unit", pc.utf8_normalize(units, "NFC"))
        for batch in table.to_batches():
            schema, array = batch.__arrow_c_array__()
            self._change(_c.td_cluster_add_arrow, schema, array)
        return self

    # ---- from files ----------------------------------------------------------

    @classmethod
    def load(cls, *paths: Any, rulebook: Optional[Rulebook] = None, **options: Any) -> "Cluster":
        """Reads cluster data from one or more YAML, JSON or CSV files (the
        one with the cluster header may come in any position). With
        ``rulebook`` the data is also checked against it. ``options`` are
        those of :class:`thidua.LoadOptions` (``decimal_comma=True`` for
        ``3.563,5``, ``format``, limits). Errors carry file, line and column."""
        from .io import _load_cluster_files

        return cls._from_handle(_load_cluster_files(paths, rulebook, options))._warned()

    @classmethod
    def loads(cls, *texts: Union[str, bytes], rulebook: Optional[Rulebook] = None,
              name: Optional[str] = None, **options: Any) -> "Cluster":
        """As :meth:`load`, from document texts (syntax sniffed unless
        ``format`` is given)."""
        from .io import _load_cluster_texts

        return cls._from_handle(_load_cluster_texts(texts, rulebook, name, options))._warned()

    @property
    def warnings(self) -> Tuple[DataWarning, ...]:
        """Values that are valid but probably not what was meant
        (:class:`~thidua.DataWarning`), with where they stand: found when the
        cluster is read from files; a cluster filled in code has none."""
        return _warnings_of(DataWarning, _c.td_cluster_warning_count, _c.td_cluster_warning, self._c)

    @property
    def notes(self) -> Tuple[DataNote, ...]:
        """How the data were read, where it needs no action
        (:class:`~thidua.DataNote`): a member table's columns that the
        rulebook does not read, which are ignored (rulebook 1.1)."""
        return _warnings_of(DataNote, _c.td_cluster_note_count, _c.td_cluster_note, self._c)

    def _warned(self) -> "Cluster":
        # issued where the cluster was read: the caller's line
        for w in self.warnings:
            _warnings.warn(w, stacklevel=3)
        return self

    # ---- reading it ----------------------------------------------------------

    @property
    def id(self) -> str:
        """The cluster's id."""
        return _c.td_cluster_id(self._c)

    @property
    def name(self) -> str:
        """The cluster's name ("" when none)."""
        return _c.td_cluster_name(self._c)

    @property
    def kind(self) -> ClusterKind:
        """Whether the cluster is a cluster (cụm, the default) or a block
        (khối); settable, as :meth:`set_kind`."""
        return ClusterKind.from_c(_c.td_cluster_kind_of(self._c))

    @kind.setter
    def kind(self, kind: Union[ClusterKind, str]) -> None:
        self.set_kind(kind)

    @property
    def period(self) -> int:
        """The period (a year)."""
        return _c.td_cluster_period(self._c)

    @property
    def leader(self) -> Optional[str]:
        """This period's leader, or None."""
        return _c.td_cluster_leader(self._c)

    @property
    def members(self) -> Tuple[Member, ...]:
        """The members in the order they were added."""
        c = self._c
        return tuple(Member(_c.td_cluster_member_id(c, i), _c.td_cluster_member_name(c, i))
                     for i in range(_c.td_cluster_member_count(c)))

    def __len__(self) -> int:
        return _c.td_cluster_member_count(self._c)

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def __repr__(self) -> str:
        n = len(self)
        name = f" {self.name!r}" if self.name else ""
        return f"<Cluster {self.id!r}{name} {self.period}: {n} member{'s' * (n != 1)}>"
