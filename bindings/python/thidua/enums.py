"""The named choices of the library, as string enums.

Every function that takes one of these also accepts its plain string value
(``"lower"``, ``"en"``, ``"rotation"``...), the spelling of the rulebook
format.
"""

from __future__ import annotations

import enum
from typing import Dict, Type, TypeVar, Union

from . import _thidua as _c

__all__ = [
    "Lang",
    "Direction",
    "RuleKind",
    "Step",
    "BestOf",
    "BandsOf",
    "AdjustmentKind",
    "LeaderRule",
    "DeputyRule",
    "ClusterKind",
    "ScoreSource",
    "AwardStatus",
    "Rounding",
    "Status",
]

_ChoiceT = TypeVar("_ChoiceT", bound="_Choice")


class _Choice(str, enum.Enum):
    """A choice with a string value and the C constant it stands for."""

    _value_: str  # every member's value is its spelling in the rulebook format

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    @property
    def c_value(self) -> int:
        return _C_VALUES[type(self)][self]

    @classmethod
    def from_c(cls: Type[_ChoiceT], value: int) -> _ChoiceT:
        c_values = _C_VALUES[cls]
        for member in cls:
            if c_values.get(member) == value:
                return member
        raise ValueError(f"{cls.__name__}: unknown C value {value}")


class Lang(_Choice):
    """The language of explanations."""

    VI = "vi"  #: Vietnamese (the default)
    EN = "en"  #: English


class Direction(_Choice):
    """Whether a higher or a lower actual value is better."""

    HIGHER = "higher"  #: r = A / T
    LOWER = "lower"  #: r = max(0, 2 - A / T), e.g. a poverty rate


class RuleKind(_Choice):
    """A criterion's scoring rule."""

    PROPORTIONAL = "proportional"
    THRESHOLD = "threshold"
    SHORTFALL = "shortfall"
    BANDS = "bands"
    BEST = "best"
    RANK = "rank"
    MANUAL = "manual"
    EXPR = "expr"


class Step(_Choice):
    """How the shortfall rule counts steps of ``per`` percentage points."""

    LINEAR = "linear"  #: the exact fraction of steps
    CEIL = "ceil"  #: every started step counts
    FLOOR = "floor"  #: only whole steps count


class BestOf(_Choice):
    """What the ``best`` rule compares."""

    ATTAINMENT = "attainment"
    ACTUAL = "actual"


class BandsOf(_Choice):
    """What the ``bands`` rule compares with the bands' ``at``."""

    ATTAINMENT = "attainment"  #: the attainment r (``at`` a ratio: 0.8 or ``"80%"``)
    ACTUAL = "actual"  #: the actual value, in the measure's own unit (no target needed)


class AdjustmentKind(_Choice):
    """Whether an adjustment item adds or subtracts points."""

    BONUS = "bonus"
    DEDUCTION = "deduction"


class LeaderRule(_Choice):
    """How the next period's cluster leader is chosen."""

    NONE = "none"
    ROTATION = "rotation"
    ELECTION = "election"
    TOP_RANK = "top_rank"


class DeputyRule(_Choice):
    """How the next period's deputy (cụm phó) is chosen (rulebook 1.1)."""

    NONE = "none"
    ROTATION = "rotation"  #: the unit after the current deputy in the order, skipping the next leader
    ELECTION = "election"  #: the data names next_deputy
    SUCCESSION = "succession"  #: the deputy becomes the leader; the next deputy follows the new leader


class ClusterKind(_Choice):
    """What kind of emulation group a cluster is (rulebook 1.1 data key
    ``cluster: {kind: ...}``): it changes only the Vietnamese wording of the
    leader and deputy ("Khối trưởng" in a block, "Cụm trưởng" in a cluster)."""

    CLUSTER = "cluster"  #: cụm thi đua, grouped by geography (the default)
    BLOCK = "block"  #: khối thi đua, grouped by function (a province's departments)


class ScoreSource(_Choice):
    """Where manual points come from; final wins over cross, cross over self."""

    SELF = "self"  #: tự chấm
    CROSS = "cross"  #: chấm chéo
    FINAL = "final"  #: thẩm định


class AwardStatus(_Choice):
    """A member's status for one award."""

    NOT_ELIGIBLE = "not_eligible"
    SELECTED = "selected"
    EXCLUDED = "excluded"
    OVER_QUOTA = "over_quota"
    TIE_AT_QUOTA = "tie_at_quota"
    PENDING_BALLOT = "pending_ballot"  #: 1.1: eligible, no votes in the data yet
    BALLOT_FAILED = "ballot_failed"  #: 1.1: eligible, votes below the ballot's minimum


class Rounding(_Choice):
    """How a quota percentage (and td_decimal rounding) drops digits."""

    HALF_UP = "half_up"  #: half away from zero (the contract's rule)
    FLOOR = "floor"
    CEIL = "ceil"
    DOWN = "down"  #: towards zero


class Status(enum.IntEnum):
    """The C library's status codes (``td_status``)."""

    OK = _c.TD_OK
    ERROR = _c.TD_ERROR
    ENOMEM = _c.TD_ENOMEM
    EINVAL = _c.TD_EINVAL
    ENOTFOUND = _c.TD_ENOTFOUND
    EEXISTS = _c.TD_EEXISTS
    ERANGE = _c.TD_ERANGE
    EPARSE = _c.TD_EPARSE
    ERULEBOOK = _c.TD_ERULEBOOK
    EDATA = _c.TD_EDATA
    ELIMIT = _c.TD_ELIMIT
    EEVAL = _c.TD_EEVAL
    EIO = _c.TD_EIO


_C_VALUES: Dict[type, Dict[enum.Enum, int]] = {
    Lang: {Lang.VI: _c.TD_LANG_VI, Lang.EN: _c.TD_LANG_EN},
    Direction: {Direction.HIGHER: _c.TD_DIRECTION_HIGHER, Direction.LOWER: _c.TD_DIRECTION_LOWER},
    RuleKind: {
        RuleKind.PROPORTIONAL: _c.TD_RULE_PROPORTIONAL,
        RuleKind.THRESHOLD: _c.TD_RULE_THRESHOLD,
        RuleKind.SHORTFALL: _c.TD_RULE_SHORTFALL,
        RuleKind.BANDS: _c.TD_RULE_BANDS,
        RuleKind.BEST: _c.TD_RULE_BEST,
        RuleKind.RANK: _c.TD_RULE_RANK,
        RuleKind.MANUAL: _c.TD_RULE_MANUAL,
        RuleKind.EXPR: _c.TD_RULE_EXPR,
    },
    Step: {Step.LINEAR: _c.TD_SHORTFALL_STEP_LINEAR, Step.CEIL: _c.TD_SHORTFALL_STEP_CEIL, Step.FLOOR: _c.TD_SHORTFALL_STEP_FLOOR},
    BestOf: {BestOf.ATTAINMENT: _c.TD_BEST_OF_ATTAINMENT, BestOf.ACTUAL: _c.TD_BEST_OF_ACTUAL},
    BandsOf: {BandsOf.ATTAINMENT: _c.TD_BANDS_OF_ATTAINMENT, BandsOf.ACTUAL: _c.TD_BANDS_OF_ACTUAL},
    AdjustmentKind: {
        AdjustmentKind.BONUS: _c.TD_ADJUSTMENT_BONUS,
        AdjustmentKind.DEDUCTION: _c.TD_ADJUSTMENT_DEDUCTION,
    },
    LeaderRule: {
        LeaderRule.NONE: _c.TD_LEADER_RULE_NONE,
        LeaderRule.ROTATION: _c.TD_LEADER_RULE_ROTATION,
        LeaderRule.ELECTION: _c.TD_LEADER_RULE_ELECTION,
        LeaderRule.TOP_RANK: _c.TD_LEADER_RULE_TOP_RANK,
    },
    ClusterKind: {ClusterKind.CLUSTER: _c.TD_CLUSTER_CLUSTER, ClusterKind.BLOCK: _c.TD_CLUSTER_BLOCK},
    DeputyRule: {
        DeputyRule.NONE: _c.TD_DEPUTY_RULE_NONE,
        DeputyRule.ROTATION: _c.TD_DEPUTY_RULE_ROTATION,
        DeputyRule.ELECTION: _c.TD_DEPUTY_RULE_ELECTION,
        DeputyRule.SUCCESSION: _c.TD_DEPUTY_RULE_SUCCESSION,
    },
    ScoreSource: {
        ScoreSource.SELF: _c.TD_SCORE_SOURCE_SELF,
        ScoreSource.CROSS: _c.TD_SCORE_SOURCE_CROSS,
        ScoreSource.FINAL: _c.TD_SCORE_SOURCE_FINAL,
    },
    AwardStatus: {
        AwardStatus.NOT_ELIGIBLE: _c.TD_AWARD_NOT_ELIGIBLE,
        AwardStatus.SELECTED: _c.TD_AWARD_SELECTED,
        AwardStatus.EXCLUDED: _c.TD_AWARD_EXCLUDED,
        AwardStatus.OVER_QUOTA: _c.TD_AWARD_OVER_QUOTA,
        AwardStatus.TIE_AT_QUOTA: _c.TD_AWARD_TIE_AT_QUOTA,
        AwardStatus.PENDING_BALLOT: _c.TD_AWARD_PENDING_BALLOT,
        AwardStatus.BALLOT_FAILED: _c.TD_AWARD_BALLOT_FAILED,
    },
    Rounding: {
        Rounding.HALF_UP: _c.TD_ROUNDING_HALF_UP,
        Rounding.FLOOR: _c.TD_ROUNDING_FLOOR,
        Rounding.CEIL: _c.TD_ROUNDING_CEIL,
        Rounding.DOWN: _c.TD_ROUNDING_DOWN,
    },
}

E = TypeVar("E", bound=_Choice)


def choice(cls: Type[E], value: Union[E, str], what: str) -> E:
    """``value`` as a member of ``cls``; a string is matched by its value
    (case-insensitive). Raises ValueError naming the choices."""
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        try:
            return cls(value.lower())
        except ValueError:
            pass
    known = ", ".join(repr(m.value) for m in cls)
    raise ValueError(f"{what}: expected one of {known}, got {value!r}")
