"""Evaluating a cluster, and the result as plain Python objects.

:func:`evaluate` scores a :class:`~thidua.Cluster` with a
:class:`~thidua.Rulebook` and returns a :class:`Result`: per member the
points of every criterion, the totals, classification, rank and award
statuses, each with its explanation in Vietnamese or English. Every number
is an exact ``decimal.Decimal``.
"""

from __future__ import annotations

import html
import json
import unicodedata
import warnings as _warnings
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Literal, Mapping, Optional, Tuple, Union

from . import _thidua as _c
from .enums import AwardStatus, ClusterKind, DeputyRule, Lang, choice
from .report_block import ReportBlock, _read
from .errors import InvalidArgumentError, NotFoundError, RangeError, ResultWarning, _warnings_of
from .rulebook import Rulebook

__all__ = ["evaluate", "Result", "MemberResult", "CriterionResult", "NodeResult", "AwardOutcome", "AwardResult",
           "RollupMember", "RollupResult"]


@dataclass(frozen=True)
class CriterionResult:
    """One member's outcome on one criterion."""

    id: str
    name: str
    section: str
    measure: str
    max: Decimal
    target: Optional[Decimal]  #: None when no target was given
    actual: Optional[Decimal]  #: None when no actual was given
    attainment: Optional[Decimal]  #: r, rounded to 6 decimals; None without target and actual
    met: Optional[bool]  #: r ≥ 1; None without attainment
    points: Decimal
    bonus: Decimal
    #: how the points came about ("" when evaluated with ``explain=False``)
    explain: str = field(repr=False)


@dataclass(frozen=True)
class NodeResult:
    """One member's points on one group node of criteria (rulebook 1.1
    nested score tables): the sum of its children's points, capped at
    ``max``."""

    id: str
    name: str
    max: Decimal
    points: Decimal  #: after the cap: min(sum, max)
    #: its criteria's points (bonus excluded) and its nodes' after their own caps, before its cap
    sum: Decimal

    @property
    def capped(self) -> bool:
        """True when the cap took points away: the children add up to more than ``max``
        (the reports mark such a group's points "150,00 *")."""
        return self.sum > self.points


@dataclass(frozen=True)
class AwardOutcome:
    """One member's status for one award, and why."""

    id: str
    name: str
    status: AwardStatus
    #: why ("" when evaluated with ``explain=False``)
    explain: str = field(repr=False)
    #: 1.1: the votes in the award's ballot; None when it has none or the data gives none
    votes: Optional[int] = None

    @property
    def selected(self) -> bool:
        """True when the member was selected for the award."""
        return self.status is AwardStatus.SELECTED


@dataclass(frozen=True)
class RollupMember:
    """What one roll-up (rulebook 1.1) counted into one member."""

    rollup: str  #: the roll-up's id
    unit: str  #: the member
    children: int  #: the children counted: the member's and those of the units below it
    values: Mapping[str, Decimal]  #: measure id → the value, the member's actual of that measure
    #: measure id → how the value came about ("" when evaluated with ``explain=False``)
    explain: Mapping[str, str] = field(repr=False)


@dataclass(frozen=True, repr=False)
class MemberResult:
    """Everything the evaluation found for one member."""

    unit: str
    name: str
    rank: int
    is_leader: bool  #: leads the cluster in the evaluated period
    total: Decimal  #: max(0, base + bonus − deduction)
    base: Decimal
    bonus: Decimal
    deduction: Decimal
    classification: Optional[str]  #: the entry's id; None when the rulebook has none
    classification_name: Optional[str]
    count_met: int
    all_met: bool
    sections: Mapping[str, Decimal]  #: section id → points after the section cap
    criteria: Tuple[CriterionResult, ...]
    awards: Tuple[AwardOutcome, ...]
    #: how base, bonus, deduction and total came about ("" when evaluated with ``explain=False``)
    explain: str
    classification_explain: Optional[str]  #: None without a classification or explanations
    rank_explain: str
    is_deputy: bool = False  #: the cluster's deputy in the evaluated period (rulebook 1.1)
    group: Optional[str] = None  #: its group (rulebook 1.1); None without one
    group_rank: int = 0  #: its rank within its group (rulebook 1.1); 0 without a group
    #: group node id → points after the node's cap (rulebook 1.1 nested criteria), in rulebook order
    nodes: Mapping[str, Decimal] = field(default_factory=dict)
    unit_count: int = 0  #: the units below the member, at any depth (rulebook 1.1)
    #: roll-up id → what it counted into the member (rulebook 1.1), in rulebook order
    rollups: Mapping[str, RollupMember] = field(default_factory=dict)
    #: group node id → its points with the sum before the cap (rulebook 1.1), in rulebook order
    node_results: Mapping[str, NodeResult] = field(default_factory=dict)

    def criterion(self, id: str) -> CriterionResult:
        """The outcome on criterion ``id`` (KeyError if none)."""
        for c in self.criteria:
            if c.id == id:
                return c
        raise KeyError(id)

    def award(self, id: str) -> AwardOutcome:
        """The status for award ``id`` (KeyError if none)."""
        for a in self.awards:
            if a.id == id:
                return a
        raise KeyError(id)

    def rollup(self, id: str) -> RollupMember:
        """What roll-up ``id`` counted into the member (KeyError if none)."""
        return self.rollups[id]

    def node(self, id: str) -> NodeResult:
        """The points on group node ``id``, with their sum before the cap (KeyError if none)."""
        return self.node_results[id]

    def __repr__(self) -> str:
        awards = "".join(f", {a.id}={a.status.value}" for a in self.awards)
        return (f"MemberResult(rank={self.rank}, unit={self.unit!r}, total={_text(self.total)}, "
                f"base={_text(self.base)}, bonus={_text(self.bonus)}, deduction={_text(self.deduction)}, "
                f"classification={self.classification!r}{awards})")


@dataclass(frozen=True)
class AwardResult:
    """An award's outcome over the cluster."""

    id: str
    name: str
    quota: Optional[int]  #: number of members, None when the award has no quota
    quota_explain: str = field(repr=False)
    selected: Tuple[str, ...] = ()  #: units selected, in result order
    tied: Tuple[str, ...] = ()  #: units tied at the quota boundary (the council decides)
    #: 1.1 `per: group`: each group's (id, quota), in group id order; empty otherwise
    groups: Tuple[Tuple[str, int], ...] = ()


class RollupResult:
    """A roll-up's outcome (rulebook 1.1): the evaluation of its children
    by the child rulebook, and what it counted into each member."""

    __slots__ = ("_result", "_r", "_id", "_children")

    def __init__(self, result: "Result", r: int) -> None:
        """Roll-up r of a result (internal; use :attr:`Result.rollups`)."""
        self._result = result
        self._r = r
        self._id: str = _c.td_rulebook_rollup_id(result._rulebook._c, r)
        self._children: Optional[Result] = None

    @property
    def id(self) -> str:
        """The roll-up's id."""
        return self._id

    @property
    def measures(self) -> Tuple[str, ...]:
        """The ids of the measures it gives, in the order added."""
        rb = self._result._rulebook._c
        return tuple(_c.td_rulebook_rollup_measure_id(rb, self._r, k)
                     for k in range(_c.td_rulebook_rollup_measure_count(rb, self._r)))

    @property
    def children(self) -> "Result":
        """The children's result under the child rulebook (classification,
        awards, explanations in the same language), every child in result
        order. It keeps the result it belongs to alive."""
        if self._children is None:
            handle = _c.td_result_rollup_children(self._result._c, self._r)
            self._children = Result(handle, Rulebook(_c.td_result_rulebook(handle)), self._result._lang)
        return self._children

    @property
    def members(self) -> Tuple[RollupMember, ...]:
        """What it counted into each member, in result order."""
        return tuple(m.rollups[self._id] for m in self._result.members)

    def member(self, unit: str) -> RollupMember:
        """What it counted into the member ``unit`` (as :meth:`Result.member` finds it)."""
        return self._result.member(unit).rollups[self._id]

    def _to_dict(self) -> Dict[str, Any]:
        # the JSON result's entry: children per classification entry (0
        # included), members in the cluster's order
        res = self._result._c
        kids = self.children
        classes = [c.id for c in kids.rulebook.classifications]
        counted = [_c.td_result_member_classification(kids._c, j) for j in range(len(kids))]
        order = sorted(range(_c.td_result_member_count(res)), key=lambda m: _c.td_result_member_cluster_index(res, m))
        members = self._result.members
        return {
            "id": self._id,
            "children": len(kids),
            "classification": {c: counted.count(c) for c in classes},
            "members": [{"unit": members[m].unit, "children": members[m].rollups[self._id].children,
                         "measures": dict(members[m].rollups[self._id].values)} for m in order],
        }

    def __repr__(self) -> str:
        return f"<RollupResult {self._id!r}: {len(self.children)} children>"


def _votes(n: int) -> Optional[int]:
    return None if n < 0 else n


def _text(value: Optional[Decimal]) -> str:
    return "—" if value is None else format(value, "f")


def _lang(lang: Union[Lang, str]) -> Lang:
    return choice(Lang, lang, "lang")


class ArrowColumn:
    """One number of every member of a :class:`Result`, in result order, as
    an Arrow array through the Arrow PyCapsule interface
    (:meth:`Result.arrow_column`). It keeps the result alive; each
    ``__arrow_c_array__`` call exports the values afresh."""

    __slots__ = ("_result", "_field", "_criterion", "_scale")

    def __init__(self, result: "Result", field: int, criterion: int, scale: int) -> None:
        self._result = result
        self._field = field
        self._criterion = criterion
        self._scale = scale

    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]:
        # a requested schema is a wish the protocol lets a producer ignore:
        # the column is decimal128 at its own scale
        return _c.td_result_export_arrow(self._result._c, self._field, self._criterion, self._scale)

    def __len__(self) -> int:
        return int(_c.td_result_member_count(self._result._c))

    def __repr__(self) -> str:
        return f"<ArrowColumn {_c.td_result_field_name(self._field)} of {len(self)} members>"


class Result:
    """An evaluated cluster (immutable, thread-safe).

    Iterating gives the members in result order (by rank, then unit id);
    ``result["tan-uyen"]`` or ``result[0]`` gives one. Explanations are in
    :attr:`lang`; :meth:`in_language` gives the same result in the other
    language. The result keeps its rulebook alive.
    """

    __slots__ = ("_c", "_rulebook", "_lang", "_members", "_awards", "_rollups", "__weakref__")

    def __init__(self, handle: Any, rulebook: Rulebook, lang: Union[Lang, str] = Lang.VI) -> None:
        """Wraps a result of the low-level module (internal; use :func:`evaluate`)."""
        if not isinstance(handle, _c.td_result):
            raise TypeError("use thidua.evaluate() to make a Result")
        self._c = handle
        self._rulebook = rulebook
        self._lang = _lang(lang)
        self._members: Optional[Tuple[MemberResult, ...]] = None
        self._awards: Optional[Tuple[AwardResult, ...]] = None
        self._rollups: Optional[Tuple[RollupResult, ...]] = None

    # ---- about the evaluation ----------------------------------------------

    @property
    def rulebook(self) -> Rulebook:
        """The rulebook the result was computed with."""
        return self._rulebook

    @property
    def lang(self) -> Lang:
        """The language of the explanations."""
        return self._lang

    def in_language(self, lang: Union[Lang, str]) -> "Result":
        """The same result with explanations in ``lang`` (shares the computation)."""
        return Result(self._c, self._rulebook, lang)

    @property
    def has_explanations(self) -> bool:
        """False when the result was evaluated with ``explain=False``: every
        ``explain`` field is then "" (None where it may be None), and reports, :meth:`explain`,
        :meth:`to_dict` and :meth:`to_json` refuse it."""
        return bool(_c.td_result_has_explanations(self._c))

    def _need_explanations(self, what: str) -> None:
        if not self.has_explanations:
            raise InvalidArgumentError(
                f"{what}: the result has no explanations (it was evaluated with explain=False); "
                "evaluate again with explain=True")

    @property
    def warnings(self) -> Tuple[ResultWarning, ...]:
        """Outcomes that are valid but probably not what was meant
        (:class:`~thidua.ResultWarning`): an award whose condition holds for
        no member. Evaluating issues each through Python's :mod:`warnings`."""
        return _warnings_of(ResultWarning, _c.td_result_warning_count, _c.td_result_warning, self._c)

    @property
    def cluster_id(self) -> str:
        """The cluster's id."""
        return _c.td_result_cluster_id(self._c)

    @property
    def cluster_name(self) -> str:
        """The cluster's name ("" when none)."""
        return _c.td_result_cluster_name(self._c)

    @property
    def cluster_kind(self) -> "ClusterKind":
        """Whether the evaluated cluster is a cluster (cụm) or a block (khối)."""
        return ClusterKind.from_c(_c.td_result_cluster_kind(self._c))

    @property
    def period(self) -> int:
        """The evaluated period (a year)."""
        return _c.td_result_period(self._c)

    @property
    def report_block(self) -> ReportBlock:
        """The cluster's report block, as evaluated (empty, and false, when none)."""
        return _read(self._c, _c.td_result_report_field, _c.td_result_report_signer_count,
                     _c.td_result_report_signer)

    @property
    def next_leader(self) -> Optional[str]:
        """The next period's leader; None when the rulebook has no leader rule."""
        return _c.td_result_next_leader(self._c)

    @property
    def leader_explain(self) -> Optional[str]:
        """How the next leader was chosen; None without a leader rule."""
        return _c.td_result_leader_explain(self._c, self._lang.c_value)

    @property
    def next_deputy(self) -> Optional[str]:
        """The next period's deputy (rulebook 1.1); None without a deputy rule."""
        return _c.td_result_next_deputy(self._c)

    @property
    def deputy_explain(self) -> Optional[str]:
        """How the next deputy was chosen; None without a deputy rule."""
        return _c.td_result_deputy_explain(self._c, self._lang.c_value)

    # ---- members and awards ------------------------------------------------

    @property
    def members(self) -> Tuple[MemberResult, ...]:
        """Every member, by rank, then unit id."""
        if self._members is None:
            self._members = tuple(self._member(m) for m in range(_c.td_result_member_count(self._c)))
        return self._members

    @property
    def awards(self) -> Tuple[AwardResult, ...]:
        """Every award of the rulebook, in the order they were decided."""
        if self._awards is None:
            res, lang = self._c, self._lang.c_value
            rb = self._rulebook._c
            n_members = _c.td_result_member_count(res)
            out = []
            for a in range(_c.td_result_award_count(res)):
                quota = _c.td_result_award_quota(res, a)
                statuses = [(_c.td_result_member_unit(res, m), _c.td_result_award_status(res, m, a))
                            for m in range(n_members)]
                out.append(AwardResult(
                    id=_c.td_rulebook_award_id(rb, a),
                    name=_c.td_rulebook_award_name(rb, a),
                    quota=None if quota < 0 else quota,
                    quota_explain=_c.td_result_award_quota_explain(res, a, lang) or "",
                    selected=tuple(u for u, s in statuses if s == _c.TD_AWARD_SELECTED),
                    tied=tuple(u for u, s in statuses if s == _c.TD_AWARD_TIE_AT_QUOTA),
                    groups=tuple((_c.td_result_award_group(res, a, k), _c.td_result_award_group_quota(res, a, k))
                                 for k in range(_c.td_result_award_group_count(res, a))),
                ))
            self._awards = tuple(out)
        return self._awards

    @property
    def rollups(self) -> Tuple[RollupResult, ...]:
        """The roll-ups of the rulebook (1.1), in its order: each one's
        children's result and what it counted into each member."""
        if self._rollups is None:
            self._rollups = tuple(RollupResult(self, r) for r in range(_c.td_result_rollup_count(self._c)))
        return self._rollups

    def rollup(self, id: str) -> RollupResult:
        """The roll-up with this id (1.1); :class:`~thidua.NotFoundError` if none."""
        return self.rollups[_c.td_rulebook_find_rollup(self._rulebook._c, id)]

    def member(self, unit: str) -> MemberResult:
        """The member with this unit id, or the one member with this name
        (both compared after NFC): :class:`~thidua.NotFoundError` if none,
        :class:`~thidua.InvalidArgumentError` when several members have the
        name."""
        try:
            index = _c.td_result_find_member(self._c, unit)
            # one member's objects only, unless all are built already
            return self.members[index] if self._members is not None else self._member(index)
        except NotFoundError:
            name = unicodedata.normalize("NFC", unit) if isinstance(unit, str) else unit
            named = [m for m in self.members if m.name == name]
            if len(named) == 1:
                return named[0]
            if named:
                raise InvalidArgumentError(f"{len(named)} members are named {unit!r}: give the unit id") from None
            raise

    def __getitem__(self, key: Union[int, str]) -> MemberResult:
        if isinstance(key, str):
            return self.member(key)
        return self.members[key]

    def __len__(self) -> int:
        return _c.td_result_member_count(self._c)

    def __iter__(self) -> Iterator[MemberResult]:
        return iter(self.members)

    def _member(self, m: int) -> MemberResult:
        res, lang = self._c, self._lang.c_value
        rb = self._rulebook._c
        classification = _c.td_result_member_classification(res, m)
        class_name = None
        if classification is not None:
            for i in range(_c.td_rulebook_classification_count(rb)):
                if _c.td_rulebook_classification_id(rb, i) == classification:
                    class_name = _c.td_rulebook_classification_name(rb, i)
        criteria = []
        for c in range(_c.td_result_criterion_count(res)):
            met = _c.td_result_met(res, m, c)
            criteria.append(CriterionResult(
                id=_c.td_rulebook_criterion_id(rb, c),
                name=_c.td_rulebook_criterion_name(rb, c),
                section=_c.td_rulebook_section_id(rb, _c.td_rulebook_criterion_section(rb, c)),
                measure=_c.td_rulebook_criterion_measure(rb, c),
                max=_c.td_rulebook_criterion_max(rb, c),
                target=_c.td_result_target(res, m, c),
                actual=_c.td_result_actual(res, m, c),
                attainment=_c.td_result_attainment(res, m, c),
                met=None if met < 0 else bool(met),
                points=_c.td_result_points(res, m, c),
                bonus=_c.td_result_criterion_bonus(res, m, c),
                explain=_c.td_result_criterion_explain(res, m, c, lang) or "",
            ))
        awards = tuple(
            AwardOutcome(
                id=_c.td_rulebook_award_id(rb, a),
                name=_c.td_rulebook_award_name(rb, a),
                status=AwardStatus.from_c(_c.td_result_award_status(res, m, a)),
                explain=_c.td_result_award_explain(res, m, a, lang) or "",
                votes=_votes(_c.td_result_award_votes(res, m, a)),
            )
            for a in range(_c.td_result_award_count(res)))
        sections = {_c.td_rulebook_section_id(rb, s): _c.td_result_section_points(res, m, s)
                    for s in range(_c.td_rulebook_section_count(rb))}
        node_results = {}
        for n in range(_c.td_rulebook_node_count(rb)):
            nid = _c.td_rulebook_node_id(rb, n)
            node_results[nid] = NodeResult(
                id=nid,
                name=_c.td_rulebook_node_name(rb, n),
                max=_c.td_rulebook_node_max(rb, n),
                points=_c.td_result_node_points(res, m, n),
                sum=_c.td_result_node_sum(res, m, n),
            )
        nodes = {nid: r.points for nid, r in node_results.items()}
        unit = _c.td_result_member_unit(res, m)
        explained = _c.td_result_has_explanations(res)
        rollups = {}
        for r in range(_c.td_result_rollup_count(res)):
            rid = _c.td_rulebook_rollup_id(rb, r)
            ids = [_c.td_rulebook_rollup_measure_id(rb, r, k)
                   for k in range(_c.td_rulebook_rollup_measure_count(rb, r))]
            values: Dict[str, Decimal] = {}
            for k, mid in enumerate(ids):
                value = _c.td_result_rollup_value(res, r, k, m)
                if value is not None:  # every member has each value: a roll-up measure is never absent
                    values[mid] = value
            rollups[rid] = RollupMember(
                rollup=rid,
                unit=unit,
                children=_c.td_result_rollup_child_count(res, r, m),
                values=values,
                explain={mid: _rollup_explain(res, r, k, m, lang) if explained else "" for k, mid in enumerate(ids)},
            )
        return MemberResult(
            unit=unit,
            name=_c.td_result_member_name(res, m),
            rank=_c.td_result_member_rank(res, m),
            is_leader=_c.td_result_member_is_leader(res, m),
            is_deputy=_c.td_result_member_is_deputy(res, m),
            group=_c.td_result_member_group(res, m),
            group_rank=_c.td_result_member_group_rank(res, m),
            total=_c.td_result_member_total(res, m),
            base=_c.td_result_member_base(res, m),
            bonus=_c.td_result_member_bonus(res, m),
            deduction=_c.td_result_member_deduction(res, m),
            classification=classification,
            classification_name=class_name,
            count_met=_c.td_result_member_count_met(res, m),
            all_met=_c.td_result_member_all_met(res, m),
            sections=sections,
            nodes=nodes,
            node_results=node_results,
            criteria=tuple(criteria),
            awards=awards,
            explain=_c.td_result_member_explain(res, m, lang) or "",
            classification_explain=_c.td_result_classification_explain(res, m, lang),
            rank_explain=_c.td_result_rank_explain(res, m, lang) or "",
            unit_count=_c.td_result_member_unit_count(res, m),
            rollups=rollups,
        )

    # ---- columns ---------------------------------------------------------------

    def _column(self, field: str, criterion: Optional[str]) -> Tuple[int, int]:
        if not isinstance(field, str):
            raise TypeError(f"column: field must be a str, got {type(field).__name__}")
        code = _c.td_result_field_parse(field)
        if _c.td_result_field_has_criterion(code):
            if criterion is None:
                raise InvalidArgumentError(f"column '{field}' belongs to a criterion: give criterion=<its id>")
            return code, _c.td_rulebook_find_criterion(self._rulebook._c, criterion)
        if criterion is not None:
            raise InvalidArgumentError(f"column '{field}' is a member's number: leave criterion out")
        return code, 0

    @property
    def units(self) -> Tuple[str, ...]:
        """The unit ids in result order: the order of every column."""
        res = self._c
        return tuple(_c.td_result_member_unit(res, m) for m in range(_c.td_result_member_count(res)))

    def values(self, field: str, criterion: Optional[str] = None) -> List[Optional[Decimal]]:
        """Every member's number ``field`` in result order, exact, in one
        call (no object is built per member): ``"total"``, ``"base"``,
        ``"bonus"``, ``"deduction"``, or with ``criterion=`` (a criterion
        id) ``"target"``, ``"actual"``, ``"attainment"``, ``"points"``,
        ``"criterion_bonus"``. An absent value (no target, no attainment)
        is None."""
        code, index = self._column(field, criterion)
        values: List[Optional[Decimal]] = _c.td_result_decimals(self._c, code, index)
        return values

    def to_numpy(self, field: str, criterion: Optional[str] = None) -> Any:
        """:meth:`values` as a NumPy float64 array (approximate, for
        plotting and statistics; NaN where absent). Needs numpy."""
        try:
            import numpy as np
        except ModuleNotFoundError as e:
            raise ModuleNotFoundError("to_numpy() needs numpy: pip install numpy", name=e.name) from e
        code, index = self._column(field, criterion)
        return np.frombuffer(_c.td_result_doubles(self._c, code, index), dtype=np.float64)

    def to_arrow(self, field: Optional[str] = None, criterion: Optional[str] = None, *,
                 scale: Optional[int] = None) -> Any:
        """Exact Arrow data, through the Arrow C data interface (no copy
        through Python objects). With ``field``: that column as a
        ``pyarrow.Array`` of type decimal128(38, s), s = ``scale`` or, by
        default, the largest scale of its values. Without: a
        ``pyarrow.Table`` with one row per member in result order and the
        columns unit, name, rank, classification, total, base, bonus,
        deduction and ``points.<criterion id>`` for each criterion, numbers
        at the rulebook's precision (or more where a value needs more), so
        that tables of many clusters concatenate. A value is never rounded:
        a ``scale`` below its decimals raises :class:`~thidua.RangeError`.
        Needs pyarrow (``pip install 'thidua[arrow]'``). Any other Arrow
        library reads :meth:`arrow_column` directly."""
        try:
            import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
        except ModuleNotFoundError as e:
            raise ModuleNotFoundError("to_arrow() needs pyarrow: install it with  pip install 'thidua[arrow]'  "
                                      "(or pip install pyarrow)", name=e.name) from e
        if field is not None:
            return pa.array(self.arrow_column(field, criterion, scale=scale))
        if criterion is not None or scale is not None:
            raise InvalidArgumentError("to_arrow(): criterion and scale go with a field")
        res, rb = self._c, self._rulebook._c
        precision = self._rulebook.precision

        def numbers(name: str, cid: Optional[str] = None) -> Any:
            try:
                return pa.array(self.arrow_column(name, cid, scale=precision))
            except RangeError:  # a value with more decimals than the precision
                return pa.array(self.arrow_column(name, cid))

        n = _c.td_result_member_count(res)
        columns: Dict[str, Any] = {
            "unit": pa.array(self.units, pa.string()),
            "name": pa.array([_c.td_result_member_name(res, m) for m in range(n)], pa.string()),
            "rank": pa.array([_c.td_result_member_rank(res, m) for m in range(n)], pa.int64()),
            "classification": pa.array([_c.td_result_member_classification(res, m) for m in range(n)],
                                       pa.string()),
        }
        for name in ("total", "base", "bonus", "deduction"):
            columns[name] = numbers(name)
        for c in range(_c.td_rulebook_criterion_count(rb)):
            cid = _c.td_rulebook_criterion_id(rb, c)
            columns[f"points.{cid}"] = numbers("points", cid)
        return pa.table(columns)

    def arrow_column(self, field: str, criterion: Optional[str] = None, *,
                     scale: Optional[int] = None) -> "ArrowColumn":
        """The column ``field`` (as :meth:`values`) as an object of the
        Arrow PyCapsule interface (``__arrow_c_array__``), which pyarrow,
        polars, nanoarrow and DuckDB read without copying through Python:
        decimal128(38, s), exact, null where absent; s as in
        :meth:`to_arrow`."""
        code, index = self._column(field, criterion)
        if scale is not None and (not isinstance(scale, int) or isinstance(scale, bool)):
            raise TypeError(f"arrow_column: scale must be an int, got {type(scale).__name__}")
        return ArrowColumn(self, code, index, -1 if scale is None else scale)

    # ---- explanations --------------------------------------------------------

    def explain(self, unit: str) -> str:
        """Every explanation of one member as text: each criterion, the
        totals, classification, rank and each award. Raises
        :class:`~thidua.InvalidArgumentError` for a result evaluated with
        ``explain=False``."""
        self._need_explanations("explain()")
        m = self.member(unit)
        width = max((len(c.id) for c in m.criteria), default=0)
        lines = [f"{m.name} ({m.unit})" if m.name else m.unit]
        lines += [f"  {c.id:<{width}}  {c.explain}" for c in m.criteria]
        lines.append(f"  {m.explain}")
        if m.classification_explain:
            lines.append(f"  {m.classification_explain}")
        lines.append(f"  {m.rank_explain}")
        # an award's explanation starts with its status ("not eligible: …")
        lines += [f"  {a.id}: {a.explain}" for a in m.awards]
        return "\n".join(lines)

    # ---- export --------------------------------------------------------------

    def to_dict(self, lang: Union[Lang, str, None] = None) -> Dict[str, Any]:
        """The result in the schema of the command line's JSON output
        (``thidua eval --format json``), with numbers as ``Decimal``.
        Explanations are in ``lang`` (default: :attr:`lang`). Raises
        :class:`~thidua.InvalidArgumentError` for a result evaluated with
        ``explain=False`` (the schema has an explanation for every number)."""
        self._need_explanations("to_dict()")
        result = self if lang is None else self.in_language(lang)
        members: List[Dict[str, Any]] = []
        node_max = {n.id: n.max for n in self._rulebook.nodes}  # 1.1 group nodes
        for m in result.members:
            entry: Dict[str, Any] = {"unit": m.unit, "name": m.name, "rank": m.rank}
            if m.group is not None:  # 1.1, as the JSON writer gives them
                entry["group"] = m.group
                entry["group_rank"] = m.group_rank
            members.append({
                **entry,
                "total": m.total,
                "base": m.base,
                "bonus": m.bonus,
                "deduction": m.deduction,
                "classification": m.classification,
                "criteria": [{
                    "id": c.id,
                    "target": c.target,
                    "actual": c.actual,
                    "attainment": c.attainment,
                    "met": c.met,
                    "points": c.points,
                    "bonus": c.bonus,
                    "explain": c.explain,
                } for c in m.criteria],
                **({"nodes": [{"id": n, "points": p, "max": node_max[n]}
                              for n, p in m.nodes.items()]} if m.nodes else {}),
                "awards": [{"id": a.id, "status": a.status.value,
                            **({"votes": a.votes} if a.votes is not None else {}), "explain": a.explain}
                           for a in m.awards],
            })
        return {
            "thidua": 1,
            "rulebook": self._rulebook.id,
            "period": result.period,
            "cluster": result.cluster_id,
            "members": members,
            "awards": [{"id": a.id, "quota": a.quota, "selected": list(a.selected), "tied": list(a.tied),
                        **({"groups": [{"group": g, "quota": q,
                                        "selected": [u for u in a.selected if result[u].group == g],
                                        "tied": [u for u in a.tied if result[u].group == g]}
                                       for g, q in a.groups]} if a.groups else {})}
                       for a in result.awards],
            "next_leader": result.next_leader,
            **({"next_deputy": result.next_deputy} if self._rulebook.deputy_rule is not DeputyRule.NONE else {}),
            **({"rollups": [r._to_dict() for r in result.rollups]} if result.rollups else {}),  # 1.1
        }

    def to_json(self, lang: Union[Lang, str, None] = None, *, indent: Optional[int] = None) -> str:
        """:meth:`to_dict` as JSON text, numbers written as exact decimal text."""
        return _dump_json(self.to_dict(lang), indent)

    def to_pandas(self, kind: str = "members", *, exact: bool = True) -> Any:
        """The result as a pandas DataFrame.

        ``kind``: ``"members"`` (one row per member in result order, with a
        column per award holding the status), ``"criteria"`` (one row per
        member and criterion: the long layout ``unit, measure, target,
        actual`` plus attainment, met, points, bonus, which
        :meth:`Cluster.from_dataframe` reads back) or ``"awards"`` (one row
        per member and award). Numbers are ``Decimal`` (object columns);
        ``exact=False`` gives float64 columns for plotting."""
        try:
            import pandas as pd
        except ModuleNotFoundError as e:
            raise ModuleNotFoundError(
                "to_pandas() needs pandas: install it with  pip install 'thidua[pandas]'  (or pip install "
                "pandas)", name=e.name) from e

        num = (lambda v: v) if exact else (lambda v: None if v is None else float(v))
        rows: List[Dict[str, Any]] = []
        if kind == "members":
            for m in self.members:
                row: Dict[str, Any] = {
                    "rank": m.rank, "unit": m.unit, "name": m.name, "total": num(m.total),
                    "base": num(m.base), "bonus": num(m.bonus), "deduction": num(m.deduction),
                    "classification": m.classification, "count_met": m.count_met, "all_met": m.all_met,
                    "is_leader": m.is_leader,
                }
                for a in m.awards:
                    row[a.id] = a.status.value
                rows.append(row)
        elif kind == "criteria":
            for m in self.members:
                for c in m.criteria:
                    rows.append({
                        "unit": m.unit, "criterion": c.id, "section": c.section, "measure": c.measure,
                        "target": num(c.target), "actual": num(c.actual), "attainment": num(c.attainment),
                        "met": c.met, "points": num(c.points), "bonus": num(c.bonus), "max": num(c.max),
                    })
        elif kind == "awards":
            for m in self.members:
                for a in m.awards:
                    rows.append({"unit": m.unit, "award": a.id, "status": a.status.value,
                                 "explain": a.explain})
        else:
            raise ValueError(f"to_pandas: kind must be 'members', 'criteria' or 'awards', got {kind!r}")
        return pd.DataFrame(rows)

    # ---- reports (the command line's renderers) -------------------------------

    def _report(self, format: str, lang: Union[Lang, str, None],
                unit: Optional[str], excel: bool = False, width: int = 0) -> Tuple[int, Dict[str, Any]]:
        from .io import _require_io

        _require_io()
        code = _c.td_report_format_parse(format)
        if excel and code != _c.TD_REPORT_FORMAT_CSV:
            raise ValueError(f"excel=True is a flavour of CSV, not of {format!r}: give format='csv'")
        options: Dict[str, Any] = {"lang": (self._lang if lang is None else _lang(lang)).c_value}
        if unit is not None:
            options["unit"] = unit
        if excel:
            options["excel"] = True
        if width:
            options["width"] = width
        return code, options

    def render(self, format: str = "table", *, lang: Union[Lang, str, None] = None,
               unit: Optional[str] = None, excel: bool = False, width: int = 0) -> Union[str, bytes]:
        """The report the command line writes with ``--format``: ``"table"``,
        ``"json"``, ``"csv"``, ``"md"``, ``"html"``, ``"xlsx"`` (bytes), ``"pdf"``
        (bytes; the library built with Cairo and Pango), ``"explain"`` (every
        explanation of ``unit``) or ``"statuses"`` (CSV: id, unit,
        classification and each award's status, in the cluster's order: a
        roll-up's child result file). Text formats give str.

        ``excel=True`` (``"csv"`` only, else ValueError) gives the CSV that
        Excel opens in a Vietnamese locale: a byte order mark (``"\\ufeff"``
        first in the str), ``;`` between fields and a decimal comma
        (``12,5``), as ``thidua eval --excel``.

        ``width`` (``"table"``; other formats ignore it): the most terminal
        columns a line takes, at least 40 (0, the default: no limit), as
        ``thidua eval --width``: cells wrap, and columns go into blocks
        when that is not enough (docs/reports.md, "table")."""
        code, options = self._report(format, lang, unit, excel, width)
        data = _c.td_report_render(self._c, code, options)
        binary = (_c.TD_REPORT_FORMAT_XLSX, _c.TD_REPORT_FORMAT_PDF)
        return data if code in binary else data.decode("utf-8")

    def write(self, path: Any, format: Optional[str] = None, *, lang: Union[Lang, str, None] = None,
              unit: Optional[str] = None, excel: bool = False) -> None:
        """Writes a report to ``path`` atomically (nothing is left behind on
        failure). ``format`` defaults to the file's extension: .json, .csv,
        .md, .html, .xlsx, .pdf, else the text table. ``excel`` as for
        :meth:`render`.

        ``path`` may also be a binary file object (``open(..., "wb")``,
        ``io.BytesIO``, ``sys.stdout.buffer``; ``format`` then defaults to
        the table): the report goes to its ``write()`` in pieces as it is
        made, and the json, csv, html, statuses and pdf formats are never
        whole in memory, as a file at ``path`` is not either. An exception
        raised by ``write()`` stops the report and is raised; what was
        written before stays written."""
        import os

        from .io import _path

        if hasattr(path, "write") and not isinstance(path, (str, bytes, os.PathLike)):
            code, options = self._report(format or "table", lang, unit, excel)
            _c.td_report_write(self._c, code, options, path)
            return
        target = _path(path)
        if format is None:
            ext = os.path.splitext(target)[1].lower().lstrip(".")
            format = {"json": "json", "csv": "csv", "md": "md", "html": "html", "htm": "html",
                      "xlsx": "xlsx", "pdf": "pdf"}.get(ext, "table")
        code, options = self._report(format, lang, unit, excel)
        _c.td_report_write_file(self._c, code, options, target)

    # ---- display ---------------------------------------------------------------

    def __repr__(self) -> str:
        head = (f"<Result {self.cluster_id!r} {self.period} ({self._rulebook.id}): "
                f"{len(self)} member{'s' * (len(self) != 1)}")
        if self.next_leader is not None:
            head += f", next leader {self.next_leader}"
        width = max((len(m.unit) for m in self.members), default=0)
        lines = [head]
        for m in self.members:
            selected = " ".join(a.id for a in m.awards if a.selected)
            lines.append(f"  {m.rank:>3}  {m.unit:<{width}}  {_text(m.total):>8}  "
                         f"{m.classification or '':<18}{selected}".rstrip())
        return "\n".join(lines) + ">"

    def _repr_html_(self) -> str:
        e = html.escape
        awards = [a.id for a in self.awards]
        head = ["#", "unit", "name", "base", "bonus", "deduction", "total", "classification"] + awards
        out = [f"<p><b>{e(self.cluster_name or self.cluster_id)}</b> — {e(self._rulebook.name or self._rulebook.id)}, "
               f"{self.period}" + (f"; next leader: {e(self.next_leader)}" if self.next_leader else "") + "</p>",
               "<table>", "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead>", "<tbody>"]
        for m in self.members:
            cells = [str(m.rank), e(m.unit), e(m.name), _text(m.base), _text(m.bonus), _text(m.deduction),
                     f"<b>{_text(m.total)}</b>", e(m.classification or "")]
            cells += [e(a.status.value) for a in m.awards]
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        out += ["</tbody>", "</table>"]
        return "\n".join(out)


def evaluate(rulebook: Rulebook, cluster: Any, *, lang: Union[Lang, str] = Lang.VI,
             explain: Union[bool, Literal["on_demand"]] = True, threads: int = 1, max_cells: int = 0,
             formulas: bool = False, explain_children: bool = True) -> Result:
    """Scores ``cluster`` (a :class:`~thidua.Cluster`, or a mapping in the
    data format) with ``rulebook``.

    Runs without the GIL: threads may evaluate at once. Raises
    :class:`~thidua.DataError` when the data does not fit the rulebook (a
    missing target, manual points out of range, an event for an unknown
    item...), naming the unit, the criterion or measure and the value.
    Issues a :class:`~thidua.ResultWarning` for an award nobody can receive
    (also in :attr:`Result.warnings`).

    ``explain=False`` writes no explanation (every ``explain`` field is
    "", reports refuse the result): the numbers are the same, evaluation
    is several times faster and the result smaller. ``explain="on_demand"``
    is as fast, and renders a criterion's explanation when it is first read
    (``result.explain(unit)`` renders that member's only; reading
    ``result.members`` renders them all). ``threads`` is the
    most threads the library may use (members split into ranges of at
    least 512): the result is the same for every count. ``max_cells``
    limits the work: members × (criteria + groups + measures + awards + 1)
    beyond it raises :class:`~thidua.LimitError` before anything is
    computed (0: 100,000,000). Conditions (classification and award
    ``when``) are explained in words ("rank 6 (needs 1)"), or with
    ``formulas=True`` as formulas ("rank = 6 != 1"). ``explain_children=False``
    evaluates the roll-ups' children (rulebook 1.1) for their numbers only:
    what the roll-ups count and every text of the cluster are the same, the
    children's :attr:`RollupResult.children` has no explanation; a roll-up
    of many households then takes several times less memory."""
    return _evaluate(rulebook, cluster, lang, explain, threads, stacklevel=3, max_cells=max_cells, formulas=formulas,
                     explain_children=explain_children)


def _evaluate(rulebook: Rulebook, cluster: Any, lang: Union[Lang, str], explain: Union[bool, str],
              threads: int, *, stacklevel: int, max_cells: int = 0, formulas: bool = False,
              explain_children: bool = True) -> Result:
    # stacklevel: the caller's frame for the warnings, counted from here
    from .cluster import Cluster

    if not isinstance(rulebook, Rulebook):
        raise TypeError(f"evaluate: expected a thidua.Rulebook, got {type(rulebook).__name__}")
    if isinstance(cluster, Mapping):
        cluster = Cluster.from_dict(cluster)
    if not isinstance(cluster, Cluster):
        raise TypeError(f"evaluate: expected a thidua.Cluster or a mapping, got {type(cluster).__name__}")
    language = _lang(lang)
    if not isinstance(explain, bool) and explain != "on_demand":
        raise TypeError(f"evaluate: explain must be True, False or 'on_demand', got {explain!r}")
    if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
        raise ValueError(f"evaluate: threads must be a whole number >= 1, got {threads!r}")
    options = _c.td_eval_options()
    options.explain = (_c.TD_EXPLAIN_ON_DEMAND if explain == "on_demand"
                       else _c.TD_EXPLAIN_ALL if explain else _c.TD_EXPLAIN_NONE)
    options.threads = min(threads, 1 << 16)
    if not isinstance(max_cells, int) or isinstance(max_cells, bool) or max_cells < 0:
        raise ValueError(f"evaluate: max_cells must be a whole number >= 0 (0: the default), got {max_cells!r}")
    options.max_cells = min(max_cells, (1 << 64) - 1)
    if not isinstance(formulas, bool):
        raise TypeError(f"evaluate: formulas must be True or False, got {formulas!r}")
    options.formulas = formulas
    if not isinstance(explain_children, bool):
        raise TypeError(f"evaluate: explain_children must be True or False, got {explain_children!r}")
    options.children_numbers_only = not explain_children
    with cluster._reading() as handle:
        handle_result = _c.td_evaluate(rulebook._c, handle, options)
    result = Result(handle_result, rulebook, language)
    for w in result.warnings:
        _warnings.warn(w, stacklevel=stacklevel)
    return result


def _rollup_explain(res: Any, r: int, k: int, m: int, lang: int) -> str:
    """td_result_rollup_explain() into a buffer large enough (as Expression.explain)."""
    size = 256
    while True:
        text, needed = _c.td_result_rollup_explain(size, res, r, k, m, lang)
        if needed < size:
            return str(text)
        size = needed + 1


def _dump_json(value: Any, indent: Optional[int], level: int = 0) -> str:
    # json cannot write a Decimal as a number; this writes exact text.
    pad = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    sep = ", " if indent is None else ","
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {_dump_json(v, indent, level + 1)}"
                 for k, v in value.items()]
        return "{" + sep.join(items) + end + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + sep.join(f"{pad}{_dump_json(v, indent, level + 1)}" for v in value) + end + "]"
    return json.dumps(value, ensure_ascii=False)
