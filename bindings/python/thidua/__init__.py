"""thidua: emulation targets, scores, rankings and award eligibility
(thi đua, khen thưởng) for clusters of peer units — exact, explainable, fast.

A rulebook says how a cluster is scored; cluster data gives each member's
targets and results for one period; evaluating gives points, totals,
classification, rank, award statuses and the next leader, with an
explanation of every number in Vietnamese and English::

    import thidua
    from thidua.rules import Proportional

    rb = (thidua.RulebookBuilder("demo")
          .add_section("A", "Phong trào SXKD giỏi")
          .add_criterion("A", "hh", "Số hộ đăng ký", max=10, rule=Proportional())
          .build())
    cl = (thidua.Cluster("cum-2", 2023)
          .add_member("tan-uyen", "HND huyện Tân Uyên")
          .set_target("tan-uyen", "hh", 900)
          .set_actual("tan-uyen", "hh", 950))
    result = thidua.evaluate(rb, cl, lang="en")
    print(result["tan-uyen"].criterion("hh").explain)
    # 950 / 900 = 105.56 % (met) → min(1.055556, 1) × 10 = 10.00

Numbers are exact ``decimal.Decimal`` values; failures raise
:class:`thidua.Error` subclasses that carry file, line and column. See
docs/python.md.
"""

from . import _thidua
from . import rules
from .cluster import Cluster, Member, Unit
from .report_block import ReportBlock, Signer
from .enums import (
    AdjustmentKind,
    AwardStatus,
    BandsOf,
    BestOf,
    Direction,
    Lang,
    LeaderRule,
    DeputyRule,
    ClusterKind,
    Rounding,
    RuleKind,
    ScoreSource,
    Status,
    Step,
)
from .errors import (
    DataError,
    DuplicateError,
    Error,
    EvaluationError,
    FileError,
    InvalidArgumentError,
    LimitError,
    NotFoundError,
    OutOfMemoryError,
    ParseError,
    RangeError,
    DataNote,
    RulebookNote,
    DataWarning,
    ResultWarning,
    RulebookWarning,
    ThiduaWarning,
    ValidationError,
)
from .expr import Expression
from .io import LoadOptions
from .result import (ArrowColumn, AwardOutcome, AwardResult, CriterionResult, MemberResult, NodeResult, Result,
                     RollupMember, RollupResult, evaluate)
from .rulebook import (Adjustment, Award, Classification, Criterion, Node, RankingKey, Rollup, Rulebook,
                       RulebookBuilder, Section)

#: The version of the library inside this package ("MAJOR.MINOR.PATCH").
__version__: str = _thidua.td_version()

__all__ = [
    "__version__",
    # rulebooks
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
    "rules",
    # data
    "Cluster",
    "Member",
    "Unit",
    "LoadOptions",
    "ReportBlock",
    "Signer",
    # evaluation
    "evaluate",
    "Result",
    "MemberResult",
    "CriterionResult",
    "NodeResult",
    "AwardOutcome",
    "AwardResult",
    "RollupResult",
    "RollupMember",
    "ArrowColumn",
    # expressions
    "Expression",
    # choices
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
    # errors
    "Error",
    "OutOfMemoryError",
    "InvalidArgumentError",
    "NotFoundError",
    "DuplicateError",
    "RangeError",
    "ParseError",
    "ValidationError",
    "DataError",
    "LimitError",
    "EvaluationError",
    "FileError",
    "ThiduaWarning",
    "RulebookWarning",
    "DataNote",
    "RulebookNote",
    "DataWarning",
    "ResultWarning",
]
