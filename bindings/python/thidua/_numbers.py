"""Numbers as the Python layer accepts them.

The C module converts decimal.Decimal, int and str exactly, and float
through the library's own conversion (the shortest text that reads back as
the same double). This module adds what the rulebook format allows on top:
``"95%"`` for 0.95 where a percentage makes sense.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Union

from . import _thidua as _c
from .errors import ParseError

#: What every function taking a number accepts.
Number = Union[Decimal, int, str, float]


def number(value: Number, what: str, *, percent_ok: bool = True) -> Number:
    """Passes ``value`` on for the C module, turning ``"95%"`` into
    ``Decimal("0.95")``. A bool is refused (it is an int to Python)."""
    if isinstance(value, bool):
        raise TypeError(f"{what}: expected a number, got a bool")
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            if not percent_ok:
                raise ParseError(f"{what}: '%' is not allowed here: {value!r}")
            # As the rulebook reader does it: the library's number, divided
            # by 100 exactly (Python's decimal context would round it).
            try:
                body = _c.td_decimal_parse(text[:-1].strip())
                return _c.td_decimal_div(body, 100, _c.td_decimal_scale(body) + 2, _c.TD_ROUNDING_HALF_UP)
            except ParseError:
                raise ParseError(f"{what}: {value!r} is not a percentage") from None
        return text
    return value
