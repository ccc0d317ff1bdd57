"""Rulebooks: defined in code with :class:`RulebookBuilder`, or read from a
YAML/JSON document with :meth:`Rulebook.load`; compiled into an immutable
:class:`Rulebook` that any number of threads may evaluate with at once."""

from __future__ import annotations

import re
import warnings as _warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Dict, Literal, Mapping, Optional, Sequence, Tuple, Union

from . import _thidua as _c
from ._numbers import Number, number
from .errors import RulebookNote, RulebookWarning, _warnings_of
from .enums import AdjustmentKind, BandsOf, BestOf, DeputyRule, Direction, Lang, LeaderRule, Rounding, RuleKind, Step, choice
from .rules import (
    Bands,
    Best,
    Bonus,
    Expr,
    Manual,
    Proportional,
    Quota,
    Rank,
    Rule,
    Shortfall,
    Threshold,
    bonus_from_mapping,
    quota_from_value,
    rule_from_mapping,
)

if TYPE_CHECKING:  # pragma: no cover
    from .cluster import Cluster
    from .expr import Expression
    from .result import Result

__all__ = [
    "Rulebook",
    "RulebookBuilder",
    "Section",
    "Node",
    "Criterion",
    "Adjustment",
    "Classification",
    "Award",
    "RankingKey",
    "Rollup",
]


@dataclass(frozen=True)
class Section:
    """A section of the scoring table."""

    id: str
    name: str
    max: Optional[Decimal]  #: cap on the sum of its criteria's points; None: no cap
    criteria: Tuple[str, ...]  #: ids of its criteria, in order


@dataclass(frozen=True)
class Node:
    """A group node of criteria (rulebook 1.1 nested score tables): its
    points are the sum of its children's, capped at ``max``."""

    id: str
    name: str
    max: Decimal
    section: str  #: the section's id
    parent: Optional[str]  #: the node holding it; None directly below the section
    level: int  #: 1 directly below the section, 2 inside a level-1 node
    criteria: Tuple[str, ...]  #: ids of the criteria directly in it, in order
    nodes: Tuple[str, ...]  #: ids of the nodes directly in it, in order


@dataclass(frozen=True)
class Criterion:
    """A criterion (one row of the scoring table). Its ``rule`` carries the
    rule's parameters, e.g. ``Shortfall(deduct=Decimal('1'), per=Decimal('5'),
    step=Step.CEIL, min=Decimal('0'))``."""

    id: str
    name: str
    section: str  #: the section's id
    measure: str  #: the key of targets and results it reads
    max: Decimal
    rule: Rule  #: the scoring rule with its parameters (:mod:`thidua.rules`)
    direction: Direction
    bonus: Optional[Bonus] = None  #: the bonus for exceeding the target; None: none
    parent: Optional[str] = None  #: 1.1: the group node holding it; None directly below the section

    @property
    def kind(self) -> RuleKind:
        """The rule's kind."""
        return RuleKind(self.rule.kind)

    @property
    def bands_of(self) -> Optional[BandsOf]:
        """What a ``bands`` rule compares (attainment or actual); None for other rules."""
        return BandsOf(self.rule.of) if isinstance(self.rule, Bands) else None


@dataclass(frozen=True)
class Adjustment:
    """A bonus or deduction item that cluster data reports as events."""

    id: str
    kind: AdjustmentKind
    name: str = ""
    points: Decimal = Decimal(0)  #: points per event
    max: Optional[Decimal] = None  #: cap per member; None: none


@dataclass(frozen=True)
class Classification:
    """A classification entry (first matching entry wins)."""

    id: str
    name: str
    min: Optional[Decimal] = None  #: the total needed; None: none
    when: Optional[str] = None  #: the condition; None: none


@dataclass(frozen=True)
class Award:
    """An award, decided in the listed order."""

    id: str
    name: str
    when: Optional[str] = None  #: the condition; None: every member is a candidate
    quota: Optional[Quota] = None  #: the limit on places; None: every candidate
    excludes: Tuple[str, ...] = ()  #: awards it excludes (both ways)
    order: Optional[str] = None  #: the expression candidates are taken by ("votes": 1.1); None: by rank
    #: 1.1: the council's ballot, (min as a ratio, "council" or "cast"); None: no ballot
    ballot: Optional[Tuple[Decimal, str]] = None


@dataclass(frozen=True)
class RankingKey:
    """A ranking key: an expression, highest first when ``descending``."""

    expr: str
    descending: bool = True


@dataclass(frozen=True)
class Rollup:
    """A roll-up (rulebook 1.1): children (households, people) scored by
    their own rulebook, ``child``, and counted into the members by the
    aggregates of ``measures``, which become the members' actuals."""

    id: str  #: names the child data in the cluster (:meth:`Cluster.set_children`)
    child: "Rulebook"  #: the rulebook that scores the children
    #: measure id → its aggregate (``"count(classification != 'none')"``), in the order added
    measures: Mapping[str, str]


def _node_id(rb: Any, index: int) -> Optional[str]:
    """The id of group node ``index``, None for (size_t)-1 (no node)."""
    return None if index >= _c.td_rulebook_node_count(rb) else _c.td_rulebook_node_id(rb, index)


def _rule_of(d: Mapping[str, Any]) -> Rule:
    """A rule dataclass from the low-level module's dict of td_rule."""
    kind = RuleKind.from_c(d["kind"])
    if kind is RuleKind.PROPORTIONAL:
        return Proportional(cap=d["cap"])
    if kind is RuleKind.THRESHOLD:
        return Threshold(at=d["at"])
    if kind is RuleKind.SHORTFALL:
        return Shortfall(deduct=d["deduct"], per=d["per"], step=Step.from_c(d["step"]), min=d["min"])
    if kind is RuleKind.BANDS:
        return Bands(tuple(zip(d["band_at"], d["band_points"])), of=BandsOf.from_c(d["bands_of"]))
    if kind is RuleKind.BEST:
        return Best(of=BestOf.from_c(d["best_of"]))
    if kind is RuleKind.RANK:
        return Rank(tuple(d["rank_points"]))
    if kind is RuleKind.MANUAL:
        return Manual()
    return Expr(d["expr"])


def _quota_of(d: Mapping[str, Any], of: str = "members", per_group: bool = False) -> Optional[Quota]:
    """A Quota from the low-level module's dict of td_quota (and what a
    percent is counted on, and whether per group); None without a quota."""
    per = "group" if per_group else None
    if d["kind"] == _c.TD_QUOTA_COUNT:
        return Quota(count=d["count"], per=per)
    if d["kind"] == _c.TD_QUOTA_PERCENT:
        return Quota(percent=d["percent"], rounding=Rounding.from_c(d["rounding"]), min=d["min"], of=of, per=per)
    return None


def _ballot_of(rb: Any, i: int) -> Optional[Tuple[Decimal, str]]:
    """Award i's ballot as (min, "council" or "cast"); None without one."""
    min = _c.td_rulebook_award_ballot_min(rb, i)
    if min is None:
        return None
    return (min, "cast" if _c.td_rulebook_award_ballot_of(rb, i) == _c.TD_BALLOT_OF_CAST else "council")


class Rulebook:
    """A compiled rulebook: immutable, safe to share between threads.

    Make one with :class:`RulebookBuilder`, :meth:`load` or :meth:`loads`.
    Results keep their rulebook alive, so a rulebook may be dropped while
    its results are still in use.
    """

    __slots__ = ("_c", "__weakref__")

    def __init__(self, handle: Any) -> None:
        """Wraps a compiled rulebook of the low-level module (internal)."""
        if not isinstance(handle, _c.td_rulebook):
            raise TypeError("use RulebookBuilder.build(), Rulebook.load() or Rulebook.loads()")
        self._c = handle

    # ---- reading documents -------------------------------------------------

    @classmethod
    def load(cls, path: Any, **options: Any) -> "Rulebook":
        """Reads and compiles the rulebook in a YAML or JSON file.

        ``options`` are those of :class:`thidua.LoadOptions` (``format``,
        limits). Raises :class:`~thidua.FileError` when the file cannot be
        read, :class:`~thidua.ParseError` for a syntax or type error and
        :class:`~thidua.ValidationError` for an inconsistent rulebook, each
        with the file, line and column."""
        from .io import _load_rulebook_file

        return cls(_load_rulebook_file(path, options))._warned()

    @classmethod
    def loads(cls, text: Union[str, bytes], *, name: Optional[str] = None, **options: Any) -> "Rulebook":
        """Reads and compiles a rulebook from YAML or JSON text. ``name`` is
        what errors give as the file (``"<string>"`` by default)."""
        from .io import _load_rulebook_text

        return cls(_load_rulebook_text(text, name, options))._warned()

    def to_yaml(self) -> str:
        """The rulebook as a YAML document of the contract's format; loading
        it back gives a rulebook with the same results. A rulebook with
        roll-ups (1.1) is written with each child rulebook inline."""
        from .io import _rulebook_to_yaml

        return _rulebook_to_yaml(self._c)

    def template(self, cluster: Any = None, *, lang: Union[Lang, str] = Lang.VI) -> bytes:
        """The input workbook an officer fills in (xlsx bytes, as ``thidua
        template`` writes): a row per member of ``cluster`` (a
        :class:`~thidua.Cluster`; 30 empty rows when None), the column pair
        "Kế hoạch" / "Thực hiện" (``target`` / ``actual`` in English) per
        measure, sheets for council scores, events and history, and
        instructions. Read the filled workbook
        back like any data file (``load_dataset``, ``Dataset.add``)."""
        from .io import _require_io

        _require_io()
        options = {"lang": choice(Lang, lang, "lang").c_value}
        if cluster is None:
            return _c.td_template_render(self._c, None, options)
        with cluster._reading() as handle:
            return _c.td_template_render(self._c, handle, options)

    def write_template(self, path: Any, cluster: Any = None, *, lang: Union[Lang, str] = Lang.VI) -> None:
        """Writes :meth:`template`'s workbook to ``path`` atomically (nothing
        is left behind on failure)."""
        from .io import _path, _require_io

        _require_io()
        options = {"lang": choice(Lang, lang, "lang").c_value}
        if cluster is None:
            _c.td_template_write_file(self._c, None, options, _path(path))
            return
        with cluster._reading() as handle:
            _c.td_template_write_file(self._c, handle, options, _path(path))

    def __reduce__(self) -> Tuple[Callable[[str], "Rulebook"], Tuple[str]]:
        # A rulebook pickles as its YAML text (needs the file readers).
        return (_from_yaml, (self.to_yaml(),))

    # ---- warnings ----------------------------------------------------------

    @property
    def warnings(self) -> Tuple[RulebookWarning, ...]:
        """Definitions that are valid but probably not what was meant
        (:class:`~thidua.RulebookWarning`), with where they stand when the
        rulebook came from a file."""
        return _warnings_of(RulebookWarning, _c.td_rulebook_warning_count, _c.td_rulebook_warning, self._c)

    @property
    def notes(self) -> Tuple[RulebookNote, ...]:
        """What the rulebook's file says that needs no change
        (:class:`~thidua.RulebookNote`): keys written with their default
        value, with where they stand. A rulebook built in code has none."""
        return _warnings_of(RulebookNote, _c.td_rulebook_note_count, _c.td_rulebook_note, self._c)

    def _warned(self) -> "Rulebook":
        # issued where the rulebook was loaded or built: the caller's line
        for w in self.warnings:
            _warnings.warn(w, stacklevel=3)
        return self

    # ---- what it defines ---------------------------------------------------

    @property
    def id(self) -> str:
        """The rulebook's id."""
        return _c.td_rulebook_id(self._c)

    @property
    def name(self) -> str:
        """The rulebook's name ("" when none)."""
        return _c.td_rulebook_name(self._c)

    @property
    def precision(self) -> int:
        """Decimals that criterion points and bonus are rounded to."""
        return _c.td_rulebook_precision(self._c)

    @property
    def criteria(self) -> Tuple[Criterion, ...]:
        """Every criterion, section by section (the order results use), with
        its rule's parameters and its bonus."""
        rb = self._c
        out = []
        for i in range(_c.td_rulebook_criterion_count(rb)):
            bonus = _c.td_rulebook_criterion_bonus(rb, i)
            out.append(Criterion(
                id=_c.td_rulebook_criterion_id(rb, i),
                name=_c.td_rulebook_criterion_name(rb, i),
                section=_c.td_rulebook_section_id(rb, _c.td_rulebook_criterion_section(rb, i)),
                measure=_c.td_rulebook_criterion_measure(rb, i),
                max=_c.td_rulebook_criterion_max(rb, i),
                rule=_rule_of(_c.td_rulebook_criterion_rule(rb, i)),
                direction=Direction.from_c(_c.td_rulebook_criterion_direction(rb, i)),
                bonus=Bonus(**bonus) if bonus is not None else None,
                parent=_node_id(rb, _c.td_rulebook_criterion_parent(rb, i)),
            ))
        return tuple(out)

    @property
    def nodes(self) -> Tuple[Node, ...]:
        """The group nodes of criteria (rulebook 1.1), in rulebook order:
        depth first, a node's parent before it; empty for a flat table."""
        rb = self._c
        count = _c.td_rulebook_node_count(rb)
        if count == 0:
            return ()
        parents = [_node_id(rb, _c.td_rulebook_criterion_parent(rb, i))
                   for i in range(_c.td_rulebook_criterion_count(rb))]
        criteria = [_c.td_rulebook_criterion_id(rb, i) for i in range(len(parents))]
        node_parents = [_node_id(rb, _c.td_rulebook_node_parent(rb, n)) for n in range(count)]
        out = []
        for n in range(count):
            nid = _c.td_rulebook_node_id(rb, n)
            out.append(Node(
                id=nid,
                name=_c.td_rulebook_node_name(rb, n),
                max=_c.td_rulebook_node_max(rb, n),
                section=_c.td_rulebook_section_id(rb, _c.td_rulebook_node_section(rb, n)),
                parent=node_parents[n],
                level=_c.td_rulebook_node_level(rb, n),
                criteria=tuple(c for c, p in zip(criteria, parents) if p == nid),
                nodes=tuple(_c.td_rulebook_node_id(rb, k) for k in range(count) if node_parents[k] == nid),
            ))
        return tuple(out)

    @property
    def rollups(self) -> Tuple[Rollup, ...]:
        """The roll-ups (rulebook 1.1), in the order declared; empty without."""
        rb = self._c
        return tuple(
            Rollup(id=_c.td_rulebook_rollup_id(rb, r),
                   child=Rulebook(_c.td_rulebook_rollup_child(rb, r)),
                   measures={_c.td_rulebook_rollup_measure_id(rb, r, k):
                             _c.td_rulebook_rollup_measure_aggregate(rb, r, k)
                             for k in range(_c.td_rulebook_rollup_measure_count(rb, r))})
            for r in range(_c.td_rulebook_rollup_count(rb)))

    def rollup(self, id: str) -> Rollup:
        """The roll-up with this id (rulebook 1.1); :class:`~thidua.NotFoundError` if none."""
        return self.rollups[_c.td_rulebook_find_rollup(self._c, id)]

    def node(self, id: str) -> Node:
        """The group node with this id (rulebook 1.1); :class:`~thidua.NotFoundError` if none."""
        index = _c.td_rulebook_find_node(self._c, id)
        return self.nodes[index]

    @property
    def sections(self) -> Tuple[Section, ...]:
        """The sections, in order, with their criteria's ids."""
        rb = self._c
        criteria = self.criteria
        out = []
        for s in range(_c.td_rulebook_section_count(rb)):
            sid = _c.td_rulebook_section_id(rb, s)
            out.append(Section(
                id=sid,
                name=_c.td_rulebook_section_name(rb, s),
                max=_c.td_rulebook_section_max(rb, s),
                criteria=tuple(c.id for c in criteria if c.section == sid),
            ))
        return tuple(out)

    @property
    def measures(self) -> Mapping[str, Optional[str]]:
        """Every measure the rulebook reads, id → formula (None for a base
        measure, given in the data); derived measures first."""
        rb = self._c
        return {_c.td_rulebook_measure_id(rb, i): _c.td_rulebook_measure_formula(rb, i)
                for i in range(_c.td_rulebook_measure_count(rb))}

    @property
    def measure_sides(self) -> Mapping[str, Tuple[Optional[str], Optional[str]]]:
        """Every measure, id → (the formula deriving its target, the one
        deriving its actual); None where the data gives that side (rulebook
        1.1; a version 1 derived measure has its one formula on both)."""
        rb = self._c
        return {_c.td_rulebook_measure_id(rb, i): (_c.td_rulebook_measure_target_formula(rb, i),
                                                   _c.td_rulebook_measure_actual_formula(rb, i))
                for i in range(_c.td_rulebook_measure_count(rb))}

    @property
    def titles(self) -> Mapping[str, str]:
        """The titles (rulebook 1.1), id → name ("" when none): ids decided by
        other bodies that history may record."""
        rb = self._c
        return {_c.td_rulebook_title_id(rb, i): _c.td_rulebook_title_name(rb, i)
                for i in range(_c.td_rulebook_title_count(rb))}

    @property
    def inputs(self) -> Tuple[str, ...]:
        """The inputs (rulebook 1.1): measures no criterion scores, read by
        expressions (``actual(id)``, ``has(id)``, bare in formulas)."""
        rb = self._c
        return tuple(_c.td_rulebook_input_id(rb, i) for i in range(_c.td_rulebook_input_count(rb)))

    @property
    def parameters(self) -> Mapping[str, Decimal]:
        """The parameters (rulebook 1.1), id → the rulebook's value, in the
        order declared; a cluster's data may replace them for its period."""
        rb = self._c
        return {_c.td_rulebook_parameter_id(rb, i): _c.td_rulebook_parameter_value(rb, i)
                for i in range(_c.td_rulebook_parameter_count(rb))}

    @property
    def adjustments(self) -> Tuple[Adjustment, ...]:
        """The bonus and deduction items."""
        rb = self._c
        return tuple(
            Adjustment(_c.td_rulebook_adjustment_id(rb, i),
                       AdjustmentKind.from_c(_c.td_rulebook_adjustment_kind(rb, i)),
                       name=_c.td_rulebook_adjustment_name(rb, i),
                       points=_c.td_rulebook_adjustment_points(rb, i),
                       max=_c.td_rulebook_adjustment_max(rb, i))
            for i in range(_c.td_rulebook_adjustment_count(rb)))

    @property
    def bonus_max(self) -> Optional[Decimal]:
        """The cap on all bonus (criterion bonus plus bonus items); None: none."""
        return _c.td_rulebook_bonus_max(self._c)

    @property
    def classifications(self) -> Tuple[Classification, ...]:
        """The classification entries, in order (the first that matches wins)."""
        rb = self._c
        return tuple(
            Classification(_c.td_rulebook_classification_id(rb, i), _c.td_rulebook_classification_name(rb, i),
                           min=_c.td_rulebook_classification_min(rb, i),
                           when=_c.td_rulebook_classification_when(rb, i))
            for i in range(_c.td_rulebook_classification_count(rb)))

    @property
    def ranking(self) -> Tuple[RankingKey, ...]:
        """The ranking keys in order; empty: by total, highest first."""
        rb = self._c
        return tuple(RankingKey(_c.td_rulebook_ranking_key(rb, i), _c.td_rulebook_ranking_key_descending(rb, i))
                     for i in range(_c.td_rulebook_ranking_key_count(rb)))

    @property
    def awards(self) -> Tuple[Award, ...]:
        """The awards, in the order they are decided."""
        rb = self._c
        return tuple(
            Award(_c.td_rulebook_award_id(rb, i), _c.td_rulebook_award_name(rb, i),
                  when=_c.td_rulebook_award_when(rb, i),
                  quota=_quota_of(_c.td_rulebook_award_quota(rb, i), _c.td_rulebook_award_quota_of(rb, i),
                                  _c.td_rulebook_award_quota_per_group(rb, i)),
                  excludes=tuple(_c.td_rulebook_award_exclusion(rb, i, k)
                                 for k in range(_c.td_rulebook_award_exclusion_count(rb, i))),
                  order="votes" if _c.td_rulebook_award_order_votes(rb, i) else _c.td_rulebook_award_order(rb, i),
                  ballot=_ballot_of(rb, i))
            for i in range(_c.td_rulebook_award_count(rb)))

    @property
    def leader_rule(self) -> LeaderRule:
        """How the next period's leader is chosen."""
        return LeaderRule.from_c(_c.td_rulebook_leader_rule(self._c))

    @property
    def deputy_rule(self) -> DeputyRule:
        """How the next period's deputy is chosen (rulebook 1.1)."""
        return DeputyRule.from_c(_c.td_rulebook_deputy_rule(self._c))

    @property
    def leader_order(self) -> Tuple[str, ...]:
        """The rotation order of units (``leader.rule: rotation``); empty otherwise."""
        rb = self._c
        return tuple(_c.td_rulebook_leader_order_unit(rb, i) for i in range(_c.td_rulebook_leader_order_count(rb)))

    def criterion(self, id: str) -> Criterion:
        """The criterion with this id; :class:`~thidua.NotFoundError` if none."""
        index = _c.td_rulebook_find_criterion(self._c, id)
        return self.criteria[index]

    # ---- using it ----------------------------------------------------------

    def evaluate(self, cluster: "Cluster", *, lang: Union[Lang, str] = Lang.VI,
                 explain: Union[bool, Literal["on_demand"]] = True, threads: int = 1,
                 max_cells: int = 0, formulas: bool = False, explain_children: bool = True) -> "Result":
        """Scores ``cluster`` with this rulebook; see :func:`thidua.evaluate`."""
        from .result import _evaluate

        return _evaluate(self, cluster, lang, explain, threads, stacklevel=3, max_cells=max_cells,
                         formulas=formulas, explain_children=explain_children)

    def compile(self, text: str, *, variables: Sequence[str] = (), max_bytes: int = 0,
                max_depth: int = 0) -> "Expression":
        """Compiles an expression against this rulebook's names; see
        :class:`thidua.Expression`."""
        from .expr import Expression

        return Expression(self, text, variables=variables, max_bytes=max_bytes, max_depth=max_depth)

    def __repr__(self) -> str:
        n_sections = _c.td_rulebook_section_count(self._c)
        n_criteria = _c.td_rulebook_criterion_count(self._c)
        n_awards = _c.td_rulebook_award_count(self._c)
        name = f" {self.name!r}" if self.name else ""
        return (f"<Rulebook {self.id!r}{name}: {n_sections} section{'s' * (n_sections != 1)}, "
                f"{n_criteria} criteri{'a' if n_criteria != 1 else 'on'}, "
                f"{n_awards} award{'s' * (n_awards != 1)}>")


def _from_yaml(text: str) -> Rulebook:
    return Rulebook.loads(text, name="<pickled rulebook>")


class RulebookBuilder:
    """Defines a rulebook in code, then compiles it with :meth:`build`.

    Every method checks what it is given at once (raising the library's
    exception, e.g. :class:`~thidua.DuplicateError` for an id given twice)
    and returns the builder, so calls chain::

        rb = (RulebookBuilder("demo", name="Bảng chấm điểm")
              .add_section("A", "Phong trào SXKD giỏi", max=40)
              .add_criterion("A", "hh", "Số hộ đăng ký", max=10, rule=Proportional())
              .build())

    A method that fails leaves the builder as it was: each makes one call
    of the library, which applies the whole definition (a criterion with its
    rule and bonus, an award with its quota, exclusions and ballot) or
    nothing. The builder stays usable after :meth:`build`. Use it from one
    thread at a time.
    """

    def __init__(self, id: str, *, name: Optional[str] = None, precision: Optional[int] = None) -> None:
        self._id = id
        self._c = _c.td_rulebook_builder_new(id)
        self._definitions = 0  # how many methods succeeded (for repr)
        if name is not None:
            self.set_name(name)
        if precision is not None:
            self.set_precision(precision)

    def _call(self, fn: Callable[..., Any], *args: Any) -> "RulebookBuilder":
        # the one C call of a method: it applies the whole definition or raises
        # and changes nothing
        fn(self._c, *args)
        self._definitions += 1
        return self

    # ---- the rulebook itself -----------------------------------------------

    def set_name(self, name: str) -> "RulebookBuilder":
        return self._call(_c.td_rulebook_builder_set_name, name)

    def set_precision(self, precision: int) -> "RulebookBuilder":
        """Decimals that points and bonus are rounded to (0–12; default 2)."""
        return self._call(_c.td_rulebook_builder_set_precision, precision)

    def set_expression_limits(self, *, max_bytes: int = 0, max_depth: int = 0) -> "RulebookBuilder":
        """Limits every expression of the rulebook: its length in bytes and its
        nesting depth (0 keeps the default: 4096 bytes, 64 levels)."""
        return self._call(_c.td_rulebook_builder_set_expression_limits, max_bytes, max_depth)

    def set_bonus_max(self, max: Optional[Number]) -> "RulebookBuilder":
        """Caps the sum of all bonus (criterion bonus + bonus items); None removes the cap."""
        value = None if max is None else number(max, "bonus_max")
        return self._call(_c.td_rulebook_builder_set_bonus_max, value)

    # ---- sections, criteria, measures --------------------------------------

    def add_section(self, id: str, name: Optional[str] = None, *, max: Optional[Number] = None) -> "RulebookBuilder":
        """Appends a section; ``max`` caps its criteria's points (bonus excluded)."""
        value = None if max is None else number(max, f"section {id!r} max")
        return self._call(_c.td_rulebook_builder_add_section, id, name, value)

    def add_criterion(
        self,
        section: str,
        id: str,
        name: Optional[str] = None,
        *,
        max: Number,
        rule: Union[Rule, Mapping[str, Any]],
        measure: Optional[str] = None,
        direction: Union[Direction, str, None] = None,
        bonus: Union[Bonus, Mapping[str, Any], None] = None,
    ) -> "RulebookBuilder":
        """Appends a criterion to ``section`` (or, rulebook 1.1, to a group
        node added by :meth:`add_node`) with its maximum points and rule.

        ``measure`` is the key of targets and results it reads (default: its
        id); ``direction`` ``"lower"`` when a lower actual is better;
        ``bonus`` a :class:`~thidua.rules.Bonus` for exceeding the target."""
        spec: Dict[str, Any] = {"parent_id": section, "id": id, "name": name,
                                "max": number(max, f"criterion {id!r} max"), "measure": measure}
        if direction is not None:
            spec["direction"] = choice(Direction, direction, f"criterion {id!r} direction").c_value
        spec["rule"] = _rule_dict(id, rule)
        if bonus is not None:
            spec["bonus"] = _bonus_dict(id, bonus)
        return self._call(_c.td_rulebook_builder_add_criterion_spec, spec)

    def add_node(self, parent: str, id: str, name: Optional[str] = None, *, max: Number) -> "RulebookBuilder":
        """Appends a group node of criteria (rulebook 1.1 nested score
        tables) below a section or a level-1 node ``parent``: its points are
        the sum of its children's, capped at ``max``; add criteria (or, below
        a section, nodes) to it by naming its id. At most 3 levels of
        criteria below a section; node ids are unique across sections,
        criteria and nodes."""
        return self._call(_c.td_rulebook_builder_add_node, parent, id, name, number(max, f"group {id!r} max"))

    def set_rule(self, criterion: str, rule: Union[Rule, Mapping[str, Any]]) -> "RulebookBuilder":
        """Replaces a criterion's rule."""
        return self._call(_c.td_rulebook_builder_set_rule, criterion, _rule_dict(criterion, rule))

    def set_bonus(self, criterion: str, bonus: Union[Bonus, Mapping[str, Any]]) -> "RulebookBuilder":
        """Gives a criterion a bonus for exceeding its target."""
        b = _bonus_dict(criterion, bonus)
        return self._call(_c.td_rulebook_builder_set_bonus, criterion, b["per"], b["points"], b["max"])

    def add_measure(self, id: str, formula: str) -> "RulebookBuilder":
        """Adds a derived measure, e.g. ``add_measure("hh_rate", "hh_achieved / hh_registered")``."""
        return self._call(_c.td_rulebook_builder_add_measure, id, formula)

    def add_measure_sides(self, id: str, *, target: Optional[str] = None,
                          actual: Optional[str] = None) -> "RulebookBuilder":
        """Adds a derived measure with a formula per side (rulebook 1.1), e.g.
        ``add_measure_sides("loan_rate", actual="repaid / lent")``: the side
        without a formula comes from the data, like a base measure's."""
        return self._call(_c.td_rulebook_builder_add_measure_sides, id, target, actual)

    def add_title(self, id: str, name: Optional[str] = None) -> "RulebookBuilder":
        """Declares a title decided by another body (rulebook 1.1): history
        may record it; once a rulebook has titles, a history record whose id
        is no award, classification entry or title is an error."""
        return self._call(_c.td_rulebook_builder_add_title, id, name)

    def add_input(self, id: str) -> "RulebookBuilder":
        """Declares an input (rulebook 1.1): a measure of the data that no
        criterion scores, read by expressions (``actual("months")``,
        ``has("discipline")``, bare in formulas). Once a rulebook has inputs,
        a measure in the data that it does not know is an error."""
        return self._call(_c.td_rulebook_builder_add_input, id)

    def add_rollup(self, id: str, child: Rulebook) -> "RulebookBuilder":
        """Declares a roll-up (rulebook 1.1): children (households, people)
        scored by their own rulebook ``child`` and counted into the members by
        the measures :meth:`add_rollup_measure` gives. ``id`` names the child
        data in the cluster (:meth:`Cluster.set_children`). A child rulebook
        may not have roll-ups or a leader rule (:class:`~thidua.ValidationError`)."""
        if not isinstance(child, Rulebook):
            raise TypeError(f"add_rollup: the child rulebook must be a thidua.Rulebook, got {type(child).__name__}")
        return self._call(_c.td_rulebook_builder_add_rollup, id, child._c)

    def add_rollup_measure(self, rollup: str, measure: str, aggregate: str) -> "RulebookBuilder":
        """Adds to roll-up ``rollup`` the measure ``measure``, whose actual for
        each member is ``aggregate`` over its children (those whose unit is the
        member or a unit below it): ``count()``, ``count(cond)``,
        ``sum(value)``, ``sum(value, cond)`` or ``share(cond)`` (count(cond) ÷
        count(), 6 decimals). ``cond`` and ``value`` are expressions of the
        child rulebook (classification, total, ``award()``, ``actual()``,
        ``has()``...); a mistake is a :class:`~thidua.ParseError` with the
        column in ``aggregate``. The measure's target still comes from the
        data."""
        return self._call(_c.td_rulebook_builder_add_rollup_measure, rollup, measure, aggregate)

    def add_parameter(self, id: str, value: Number) -> "RulebookBuilder":
        """Declares a parameter (rulebook 1.1): a named number every
        expression reads bare (``total >= min_total``); a cluster's data may
        replace it for its period (:meth:`Cluster.set_parameter`)."""
        return self._call(_c.td_rulebook_builder_add_parameter, id, number(value, "parameter"))

    # ---- adjustments, classification, ranking ------------------------------

    def add_adjustment(
        self,
        id: str,
        name: Optional[str] = None,
        *,
        kind: Union[AdjustmentKind, str],
        points: Number,
        max: Optional[Number] = None,
    ) -> "RulebookBuilder":
        """Appends a bonus or deduction item: ``points`` per event, at most ``max`` per member."""
        k = choice(AdjustmentKind, kind, f"adjustment {id!r} kind")
        cap = None if max is None else number(max, f"adjustment {id!r} max")
        return self._call(_c.td_rulebook_builder_add_adjustment,
                          id, name, k.c_value, number(points, f"adjustment {id!r} points"), cap)

    def add_classification(
        self, id: str, name: Optional[str] = None, *, min: Optional[Number] = None, when: Optional[str] = None
    ) -> "RulebookBuilder":
        """Appends a classification entry: total ≥ ``min`` and ``when`` holds.
        The last entry must have neither."""
        low = None if min is None else number(min, f"classification {id!r} min")
        return self._call(_c.td_rulebook_builder_add_classification_spec,
                          {"id": id, "name": name, "min": low, "when": when})

    def add_ranking_key(self, expr: str, *, descending: Optional[bool] = None) -> "RulebookBuilder":
        """Appends a ranking key. ``"count_met() desc"`` and ``"total asc"``
        are read as in the rulebook format; without a suffix the key is
        descending unless ``descending=False``."""
        text = expr.strip()
        desc = True
        suffix = re.fullmatch(r"(.*?)[ \t]+(desc|asc)", text, re.IGNORECASE | re.DOTALL)
        if suffix is not None:  # a space or a tab before it, as the format reads it
            text, desc = suffix.group(1), suffix.group(2).lower() == "desc"
        if descending is not None:
            desc = descending
        return self._call(_c.td_rulebook_builder_add_ranking_key, text, desc)

    # ---- awards and the leader ---------------------------------------------

    def add_award(
        self,
        id: str,
        name: Optional[str] = None,
        *,
        when: Optional[str] = None,
        quota: Union[Quota, Mapping[str, Any], int, None] = None,
        excludes: Sequence[str] = (),
        order: Optional[str] = None,
        ballot: Optional[Mapping[str, Any]] = None,
    ) -> "RulebookBuilder":
        """Appends an award, decided after those added before it.

        ``when`` is its condition (None: every member is a candidate);
        ``quota`` an int (a count), a :class:`~thidua.rules.Quota` or the
        format's mapping; ``excludes`` awards it is exclusive with;
        ``order`` an expression ordering candidates (ascending) instead of
        rank."""
        spec: Dict[str, Any] = {"id": id, "name": name, "when": when}
        if quota is not None:
            q = quota_from_value(quota, f"award {id!r} quota")
            spec["quota"] = _quota_dict(id, q)
            if q.of != "members":
                spec["quota_of"] = q.of
            if q.per is not None:
                if q.per != "group":
                    raise ValueError(f"award {id!r} quota: 'per' is 'group', got {q.per!r}")
                spec["quota_per_group"] = True
        if isinstance(excludes, str):
            excludes = [excludes]
        spec["excludes"] = list(excludes)
        if ballot is not None:
            # 1.1: {"min": "90%", "of": "council" | "cast"}
            unknown = set(ballot) - {"min", "of"}
            if unknown or "min" not in ballot:
                raise ValueError(f"award {id!r} ballot: give 'min' (and 'of'), got {sorted(ballot)}")
            of = ballot.get("of", "council")
            if of not in ("council", "cast"):
                raise ValueError(f"award {id!r} ballot: 'of' is 'council' or 'cast', got {of!r}")
            spec["ballot_min"] = number(ballot["min"], f"award {id!r} ballot min")
            spec["ballot_of"] = _c.TD_BALLOT_OF_CAST if of == "cast" else _c.TD_BALLOT_OF_COUNCIL
        if order == "votes":
            spec["order_votes"] = True
        elif order is not None:
            spec["order"] = order
        return self._call(_c.td_rulebook_builder_add_award_spec, spec)

    def set_leader(self, rule: Union[LeaderRule, str], order: Sequence[str] = (), *,
                   deputy: Union[DeputyRule, str, None] = None) -> "RulebookBuilder":
        """Sets how the next leader is chosen; ``order`` is the rotation order
        (it serves the deputy rules too); ``deputy`` (rulebook 1.1) how the
        next deputy is chosen.

        Each call replaces every leader setting made before: the leader
        rule, the deputy rule (None: no deputy decision) and the whole
        order (empty: none). A failing call (a unit twice in ``order``)
        keeps the earlier settings."""
        r = choice(LeaderRule, rule, "leader rule")
        d = DeputyRule.NONE if deputy is None else choice(DeputyRule, deputy, "deputy rule")
        if isinstance(order, str):
            order = [order]
        return self._call(_c.td_rulebook_builder_set_leader_spec,
                          {"rule": r.c_value, "deputy": d.c_value, "order": list(order)})

    # ---- compiling ---------------------------------------------------------

    def build(self) -> Rulebook:
        """Checks the whole rulebook and compiles it.

        Raises :class:`~thidua.ValidationError` for an inconsistent rulebook
        (also an expression using what is computed after it, such as ``rank``
        in a classification condition) and :class:`~thidua.ParseError` for a
        bad expression, both with the column within the expression text."""
        return Rulebook(_c.td_rulebook_builder_build(self._c))._warned()

    def __repr__(self) -> str:
        return f"<RulebookBuilder {self._id!r}: {self._definitions} definitions>"


def _rule_dict(criterion: str, rule: Union[Rule, Mapping[str, Any]]) -> Dict[str, Any]:
    """A rule as the low-level module's dict of td_rule (typemaps.i), for
    td_rulebook_builder_set_rule() and a criterion spec's ``rule``."""
    what = f"criterion {criterion!r} rule"
    r = rule_from_mapping(rule, what)
    d: Dict[str, Any] = {"kind": RuleKind(r.kind).c_value}
    if isinstance(r, Proportional):
        d["cap"] = number(r.cap, f"{what} cap")
    elif isinstance(r, Threshold):
        d["at"] = number(r.at, f"{what} at")
    elif isinstance(r, Shortfall):
        d.update(deduct=number(r.deduct, f"{what} deduct"), per=number(r.per, f"{what} per", percent_ok=False),
                 step=choice(Step, r.step, f"{what} step").c_value, min=number(r.min, f"{what} min"))
    elif isinstance(r, Bands):
        at, points = [], []
        for band in r.bands:
            if isinstance(band, Mapping):
                unknown = set(band) - {"at", "points"}
                if unknown or not {"at", "points"} <= set(band):
                    raise ValueError(f"{what}: a band needs exactly 'at' and 'points', got {dict(band)!r}")
                a, p = band["at"], band["points"]
            else:
                a, p = band
            at.append(number(a, f"{what} band at"))
            points.append(number(p, f"{what} band points"))
        d.update(bands_of=choice(BandsOf, r.of, f"{what} of").c_value, band_at=at, band_points=points)
    elif isinstance(r, Best):
        d["best_of"] = choice(BestOf, r.of, f"{what} of").c_value
    elif isinstance(r, Rank):
        d["rank_points"] = [number(p, f"{what} points") for p in r.points]
    elif isinstance(r, Expr):
        d["expr"] = r.expr
    return d


def _bonus_dict(criterion: str, bonus: Union[Bonus, Mapping[str, Any]]) -> Dict[str, Any]:
    """A bonus as the low-level module's dict of td_bonus (per, points, max)."""
    what = f"criterion {criterion!r} bonus"
    b = bonus_from_mapping(bonus, what)
    cap = None if b.max is None else number(b.max, f"{what} max")
    return {"per": number(b.per, f"{what} per", percent_ok=False), "points": number(b.points, f"{what} points"),
            "max": cap}


def _quota_dict(award: str, q: Quota) -> Dict[str, Any]:
    """A quota as the low-level module's dict of td_quota (kind, count,
    percent, rounding, min)."""
    what = f"award {award!r} quota"
    if q.count is not None and q.percent is not None:
        from .errors import ValidationError

        raise ValidationError(f"{what}: give either count or percent, not both")
    if q.count is not None:
        return {"kind": _c.TD_QUOTA_COUNT, "count": q.count}
    if q.percent is None:
        raise ValueError(f"{what}: give count or percent")
    rounding = choice(Rounding, q.rounding, f"{what} rounding")
    return {"kind": _c.TD_QUOTA_PERCENT, "percent": number(q.percent, f"{what} percent", percent_ok=False),
            "rounding": rounding.c_value, "min": q.min}
