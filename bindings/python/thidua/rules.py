"""Scoring rules, criterion bonus and award quotas, for the rulebook builder.

Each rule is a small frozen dataclass named after the rulebook format's
``rule.kind``; :func:`rule_from_mapping` reads the format's mapping
(``{"kind": "shortfall", "deduct": 1, "per": 5}``) into one, so a rule can be
written either way::

    Shortfall(deduct=1, per=5, step="ceil")
    {"kind": "shortfall", "deduct": 1, "per": 5, "step": "ceil"}

Numbers may be ``decimal.Decimal``, ``int``, ``str`` (``"0.5"``, or
``"95%"`` for 0.95 where the format allows it) or ``float``. See
docs/scoring.md for what every rule computes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Sequence, Tuple, Type, TypeVar, Union

from ._numbers import Number
from .enums import BandsOf, BestOf, Rounding, Step

if TYPE_CHECKING:  # pragma: no cover
    from _typeshed import DataclassInstance

__all__ = [
    "Rule",
    "Proportional",
    "Threshold",
    "Shortfall",
    "Bands",
    "Best",
    "Rank",
    "Manual",
    "Expr",
    "Bonus",
    "Quota",
    "rule_from_mapping",
]


@dataclass(frozen=True)
class Proportional:
    """M × min(r, cap)."""

    cap: Number = 1
    kind = "proportional"


@dataclass(frozen=True)
class Threshold:
    """M when r ≥ at, else 0."""

    at: Number = 1
    kind = "threshold"


@dataclass(frozen=True)
class Shortfall:
    """M when r ≥ 1; else max(min, M − deduct × s), s = (1 − r) × 100 ÷ per,
    kept (``linear``), rounded up (``ceil``) or down (``floor``)."""

    deduct: Number
    per: Number
    step: Union[Step, str] = Step.LINEAR
    min: Number = 0
    kind = "shortfall"


@dataclass(frozen=True)
class Bands:
    """The points of the first band with v ≥ at, 0 if none; bands in
    descending ``at``.

    ``bands`` holds ``(at, points)`` pairs or ``{"at": …, "points": …}``
    mappings. v is the attainment r (``of="attainment"``, the default) or
    the actual value itself (``of="actual"``: ``at`` in the measure's own
    unit, no target needed)::

        Bands([("80%", 4), ("60%", 3), (0, 2)], of="actual")  # a ratio measure
    """

    bands: Sequence[Union[Tuple[Number, Number], Mapping[str, Number]]]
    of: Union[BandsOf, str] = BandsOf.ATTAINMENT
    kind = "bands"


@dataclass(frozen=True)
class Best:
    """M × v ÷ best over the members, v the attainment or the actual."""

    of: Union[BestOf, str] = BestOf.ATTAINMENT
    kind = "best"


@dataclass(frozen=True)
class Rank:
    """The points at the member's rank on this criterion (rank 1 first)."""

    points: Sequence[Number]
    kind = "rank"


@dataclass(frozen=True)
class Manual:
    """Points given in the cluster data by source (self, cross, final)."""

    kind = "manual"


@dataclass(frozen=True)
class Expr:
    """The value of an expression, clamped to [0, M]."""

    expr: str
    kind = "expr"


Rule = Union[Proportional, Threshold, Shortfall, Bands, Best, Rank, Manual, Expr]


@dataclass(frozen=True)
class Bonus:
    """A criterion bonus: points × ⌊(r − 1) × 100 ÷ per⌋ when r > 1, at most ``max``."""

    per: Number
    points: Number
    max: Optional[Number] = None


@dataclass(frozen=True)
class Quota:
    """An award quota: ``count`` members, or ``percent`` of the members rounded
    by ``rounding`` but at least ``min``; ``of`` counts a percent on
    something else (rulebook 1.1): ``"candidates"`` (the award's own) or the
    id of an award decided before (its selected members); ``per="group"``
    computes and fills it inside each group of members."""

    count: Optional[int] = None
    percent: Optional[Number] = None
    rounding: Union[Rounding, str] = Rounding.FLOOR
    min: int = 0
    of: str = "members"
    per: Optional[str] = None  #: 1.1: "group" computes and fills the quota inside each group


_RULE_TYPES = (Proportional, Threshold, Shortfall, Bands, Best, Rank, Manual, Expr)
_RULES: Dict[str, Type[Rule]] = {cls.kind: cls for cls in _RULE_TYPES}

_T = TypeVar("_T", bound="DataclassInstance")


def _from_mapping(cls: Type[_T], data: Mapping[str, Any], what: str, skip: Tuple[str, ...] = ()) -> _T:
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - names - set(skip))
    if unknown:
        known = ", ".join(sorted(names)) or "none"
        raise ValueError(f"{what}: unknown key {unknown[0]!r} (known: {known})")
    try:
        return cls(**{k: v for k, v in data.items() if k in names})
    except TypeError as e:
        raise ValueError(f"{what}: {e}") from None


def rule_from_mapping(data: Union[Rule, Mapping[str, Any]], what: str = "rule") -> Rule:
    """A rule from the rulebook format's mapping (or a rule, returned as is)."""
    if isinstance(data, _RULE_TYPES):
        return data
    if not isinstance(data, Mapping):
        raise TypeError(f"{what}: expected a rule (e.g. thidua.rules.Proportional()) or a mapping "
                        f"with 'kind', got {type(data).__name__}")
    kind = data.get("kind")
    cls = _RULES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(_RULES)
        raise ValueError(f"{what}: unknown kind {kind!r} (known: {known})")
    return _from_mapping(cls, data, f"{what} ({kind})", skip=("kind",))


def bonus_from_mapping(data: Union[Bonus, Mapping[str, Any]], what: str = "bonus") -> Bonus:
    """A criterion bonus from the format's mapping (or a Bonus, returned as is)."""
    if isinstance(data, Bonus):
        return data
    if not isinstance(data, Mapping):
        raise TypeError(f"{what}: expected thidua.rules.Bonus or a mapping, got {type(data).__name__}")
    return _from_mapping(Bonus, data, what)


def quota_from_value(data: Union[Quota, Mapping[str, Any], int], what: str = "quota") -> Quota:
    """A quota from an int (a count), the format's mapping, or a Quota."""
    if isinstance(data, Quota):
        return data
    if isinstance(data, int) and not isinstance(data, bool):
        return Quota(count=data)
    if not isinstance(data, Mapping):
        raise TypeError(f"{what}: expected an int, thidua.rules.Quota or a mapping, got {type(data).__name__}")
    return _from_mapping(Quota, data, what)
