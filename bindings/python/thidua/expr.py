"""Compiled expressions: the rulebook's expression language in a script.

An :class:`Expression` is compiled once against a rulebook's names (so a
typo is a :class:`~thidua.ParseError` with its column before anything runs)
and evaluated for any member of any result of that rulebook::

    margin = rulebook.compile("total - threshold", variables=["threshold"])
    margin.evaluate(result, "tan-uyen", threshold=90)      # Decimal('6.66')
    margin.explain(result, "tan-uyen", threshold=90)       # 'total - threshold = 6.66'
    margin.evaluate_all(result, threshold=90)              # {'tp-lai-chau': Decimal('9'), …}

It sees everything a rulebook expression may use after a whole evaluation
(total, rank, classification, attainment(c), award('id'), history('id', n)…)
plus the host variables it declares. See docs/expressions.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Dict, List, Mapping, Sequence, Tuple, Union

from . import _thidua as _c
from ._numbers import Number, number

if TYPE_CHECKING:  # pragma: no cover
    from .result import Result
    from .rulebook import Rulebook

__all__ = ["Expression", "Value"]

#: What an expression gives: a number, a boolean or a text.
Value = Union[Decimal, bool, str]

_TYPES = {_c.TD_VALUE_NUMBER: "number", _c.TD_VALUE_BOOLEAN: "boolean", _c.TD_VALUE_TEXT: "text"}


class Expression:
    """An expression compiled against a rulebook (immutable, thread-safe).

    ``variables`` declares host variables (numbers) whose values each
    evaluation passes by name; ``max_bytes`` and ``max_depth`` change the
    limits (0: 4096 bytes, 64 levels). The expression keeps its rulebook
    alive."""

    __slots__ = ("_c", "_rulebook", "_variables", "__weakref__")

    def __init__(self, rulebook: "Rulebook", text: str, *, variables: Sequence[str] = (),
                 max_bytes: int = 0, max_depth: int = 0) -> None:
        from .rulebook import Rulebook

        if not isinstance(rulebook, Rulebook):
            raise TypeError(f"Expression: expected a thidua.Rulebook, got {type(rulebook).__name__}")
        if isinstance(variables, str):
            variables = [variables]
        self._variables: Tuple[str, ...] = tuple(variables)
        options = {"variables": self._variables, "max_bytes": max_bytes, "max_depth": max_depth}
        self._c = _c.td_expr_compile(rulebook._c, text, options)
        self._rulebook = rulebook

    @property
    def text(self) -> str:
        """The source text as given."""
        return _c.td_expr_text(self._c)

    @property
    def canonical(self) -> str:
        """The canonical form: every operator with its operands in parentheses,
        numbers in shortest form, ids quoted: ``((total >= 90) and met('hh'))``."""
        return _c.td_expr_canonical(self._c)

    @property
    def type(self) -> str:
        """``"number"``, ``"boolean"`` or ``"text"``."""
        return _TYPES[_c.td_expr_type(self._c)]

    @property
    def variables(self) -> Tuple[str, ...]:
        """The declared host variables, in order."""
        return self._variables

    @property
    def rulebook(self) -> "Rulebook":
        """The rulebook it was compiled against."""
        return self._rulebook

    def _args(self, result: "Result", unit: Union[str, int],
              values: Mapping[str, Number]) -> Tuple[_c.td_result, int, List[Number]]:
        from .result import Result

        if not isinstance(result, Result):
            raise TypeError(f"expected a thidua.Result, got {type(result).__name__}")
        missing = [v for v in self._variables if v not in values]
        extra = sorted(set(values) - set(self._variables))
        if missing or extra:
            problem = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}"
            declared = ", ".join(self._variables) or "none"
            raise TypeError(f"expression {self.text!r}: {problem} (declared variables: {declared})")
        member = unit if isinstance(unit, int) else _c.td_result_find_member(result._c, unit)
        args = [number(values[v], v, percent_ok=False) for v in self._variables]
        return result._c, member, args

    def evaluate(self, result: "Result", unit: Union[str, int], **values: Number) -> Value:
        """The value for one member (a unit id, or an index in result order)
        of a result computed with this expression's rulebook. Raises
        :class:`~thidua.EvaluationError` for a division by zero or a value the
        member does not have, with the column in the expression."""
        res, member, args = self._args(result, unit, values)
        return _c.td_expr_eval(self._c, res, member, args)

    def explain(self, result: "Result", unit: Union[str, int], **values: Number) -> str:
        """How the value came about for one member, in the expression's own
        symbols: ``"attainment(hh_rate) = 0.961269 < 1"``."""
        res, member, args = self._args(result, unit, values)
        size = 512
        while True:
            text, needed = _c.td_expr_explain(size, self._c, res, member, args)
            if needed < size:
                return text
            size = needed + 1

    def evaluate_all(self, result: "Result", **values: Number) -> Dict[str, Value]:
        """The value for every member, by unit id, in result order."""
        res, _, args = self._args(result, 0, values)
        return {_c.td_result_member_unit(res, m): _c.td_expr_eval(self._c, res, m, args)
                for m in range(_c.td_result_member_count(res))}

    def __repr__(self) -> str:
        variables = f", variables={list(self._variables)!r}" if self._variables else ""
        return f"<Expression {self.text!r} ({self.type}{variables})>"

