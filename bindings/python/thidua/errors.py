"""Exceptions raised by thidua.

Every failure of the C library becomes one of these, chosen by its status
code. Each carries the library's message (what was expected, what was found,
the offending value) and, when the value came from a document or an
expression, where: ``file``, ``line`` and ``column`` (1-based; ``None`` when
unknown). ``str(error)`` reads like the command line's diagnostics::

    rulebook.yaml:12:14: criterion 'loans': unknown key 'maxx' (did you mean 'max'?)

All of them derive from :class:`Error`, and also from the closest built-in
exception (``ValueError``, ``LookupError``, ``OSError``...), so code that
catches those keeps working.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Tuple, Type, TypeVar, Union

__all__ = [
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
    "DataWarning",
    "ResultWarning",
    "DataNote",
    "RulebookNote",
]


class Error(Exception):
    """Base class of every thidua error (status ``TD_ERROR`` itself: an
    unexpected internal failure).

    Attributes:
        message: the library's explanation, without the position.
        file: the document the value came from, or ``None``.
        line: 1-based line, or ``None``.
        column: 1-based column (in bytes of UTF-8), or ``None``.
        code: the C status code (a negative int, see :class:`thidua.Status`).
    """

    code: int = -1
    status: str = "TD_ERROR"

    def __init__(
        self,
        message: str,
        *,
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file or None
        self.line = line or None
        self.column = column or None

    @property
    def position(self) -> str:
        """``file:line:column`` with the parts that are known, or ``""``."""
        parts = [str(p) for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.position
        return f"{where}: {self.message}" if where else self.message

    def __repr__(self) -> str:
        fields = [repr(self.message)]
        for name in ("file", "line", "column"):
            value = getattr(self, name)
            if value is not None:
                fields.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(fields)})"

    def __reduce__(self) -> Tuple[Callable[..., Error], Tuple[Any, ...]]:
        # keyword-only fields survive pickling
        return (_rebuild, (type(self), self.message, self.file, self.line, self.column))


_E = TypeVar("_E", bound=Error)


def _rebuild(cls: Type[_E], message: str, file: Optional[str], line: Optional[int],
             column: Optional[int]) -> _E:
    return cls(message, file=file, line=line, column=column)


class OutOfMemoryError(Error, MemoryError):
    """The library's allocator failed (``TD_ENOMEM``)."""

    code, status = -2, "TD_ENOMEM"


class InvalidArgumentError(Error, ValueError):
    """An invalid argument: an empty id, invalid UTF-8, an unknown option (``TD_EINVAL``)."""

    code, status = -3, "TD_EINVAL"


class NotFoundError(Error, LookupError):
    """An id that names nothing: an unknown section, criterion or member (``TD_ENOTFOUND``)."""

    code, status = -4, "TD_ENOTFOUND"


class DuplicateError(Error, ValueError):
    """An id or a value given twice (``TD_EEXISTS``)."""

    code, status = -5, "TD_EEXISTS"


class RangeError(Error, ValueError):
    """A number out of its allowed range (a negative target, precision 13) or an
    arithmetic overflow (``TD_ERANGE``)."""

    code, status = -6, "TD_ERANGE"


class ParseError(Error, ValueError):
    """Malformed text: a number, an expression or a document (``TD_EPARSE``)."""

    code, status = -7, "TD_EPARSE"


class ValidationError(Error, ValueError):
    """The rulebook is inconsistent (``TD_ERULEBOOK``)."""

    code, status = -8, "TD_ERULEBOOK"


class DataError(Error, ValueError):
    """The cluster data does not fit the rulebook (``TD_EDATA``)."""

    code, status = -9, "TD_EDATA"


class LimitError(Error, ValueError):
    """A configured limit was exceeded: document size, nesting, expression
    length (``TD_ELIMIT``)."""

    code, status = -10, "TD_ELIMIT"


class EvaluationError(Error, ArithmeticError):
    """An evaluation fault, e.g. a division by zero in an expression (``TD_EEVAL``).

    For a rulebook loaded from a file (``Rulebook.load``), ``file``, ``line``
    and ``column`` are the place of the failing part of the expression in
    that file; for one built with ``RulebookBuilder``, ``file`` is ``None``,
    ``line`` 1 and ``column`` the column within the expression.
    """

    code, status = -11, "TD_EEVAL"


class FileError(Error, OSError):
    """A file could not be read or written (``TD_EIO``)."""

    code, status = -12, "TD_EIO"

    def __str__(self) -> str:  # OSError's own __str__ would drop the position
        return Error.__str__(self)


_BY_CODE = {cls.code: cls for cls in (
    Error, OutOfMemoryError, InvalidArgumentError, NotFoundError, DuplicateError, RangeError,
    ParseError, ValidationError, DataError, LimitError, EvaluationError, FileError,
)}


def _from_c(code: int, message: str, file: str, line: int, column: int) -> Error:
    """Called by the extension module to build the exception of a failed call."""
    cls = _BY_CODE.get(code, Error)
    return cls(message, file=file, line=line, column=column)


class _Placed:
    """A code and a message, with where they stand: what a warning and a
    note have in common."""

    def __init__(self, code: str, message: str, *, file: Optional[str] = None, line: Optional[int] = None,
                 column: Optional[int] = None) -> None:
        self.code = code
        self.message = message
        self.file = file or None
        self.line = line or None
        self.column = column or None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        return f"{where + ': ' if where else ''}{self.message} [{self.code}]"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r}, file={self.file!r}, " \
               f"line={self.line!r}, column={self.column!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, _Placed) and (
            self.code, self.message, self.file, self.line, self.column) == (
            other.code, other.message, other.file, other.line, other.column)


class ThiduaWarning(_Placed, UserWarning):
    """Something valid that is probably not what was meant, with the likely
    fix (docs/warnings.md lists them): the base of :class:`RulebookWarning`
    and :class:`DataWarning`.

    Attributes:
        code: a stable name, e.g. ``"threshold-at-above-3"``.
        message: what looks wrong, and the likely fix.
        file, line, column: where the value stands (``None`` when unknown).
    """

    def __init__(self, code: str, message: str, *, file: Optional[str] = None, line: Optional[int] = None,
                 column: Optional[int] = None) -> None:
        UserWarning.__init__(self, message)
        _Placed.__init__(self, code, message, file=file, line=line, column=column)

    __str__ = _Placed.__str__  # UserWarning's would show the message alone

    def __hash__(self) -> int:
        return hash((type(self), self.code, self.message, self.file, self.line, self.column))


_W = TypeVar("_W", bound="Union[ThiduaWarning, DataNote, RulebookNote]")


def _warnings_of(kind: Type[_W], count: Callable[[Any], int], get: Callable[[Any, int], Any],
                 handle: Any) -> Tuple[_W, ...]:
    """The warnings of a C object as ``kind`` instances: ``count(handle)``
    of them, each ``get(handle, i)`` (a dict, or None out of range)."""
    out = []
    for i in range(count(handle)):
        w = get(handle, i)
        if w is not None:
            out.append(kind(w["code"], w["message"], file=w["file"], line=w["line"], column=w["column"]))
    return tuple(out)


class DataNote(_Placed):
    """A fact about how cluster data were read that needs no action, unlike
    a warning: a member table's column that the rulebook does not read
    (``"STT"``, ``"Họ tên"``) is ignored, code ``"column-ignored"``
    (rulebook 1.1). :attr:`thidua.Cluster.notes` holds them.

    Attributes:
        code, message, file, line, column: as :class:`ThiduaWarning`'s.
    """

    __hash__ = None  # type: ignore[assignment]


class RulebookNote(_Placed):
    """A fact about how a rulebook file is written that needs no change,
    unlike a warning: a key written with its default value
    (``precision: 2``, ``direction: higher``, ``cap: 1``), which can be left
    out, code ``"default-value"``. :attr:`thidua.Rulebook.notes` holds them;
    they are never issued through :mod:`warnings`.

    Attributes:
        code, message, file, line, column: as :class:`ThiduaWarning`'s.
    """

    __hash__ = None  # type: ignore[assignment]


class RulebookWarning(ThiduaWarning):
    """A rulebook definition that is valid but probably not what was meant
    (a threshold ``at: 85`` where 85 % was meant).

    :attr:`thidua.Rulebook.warnings` holds them, and loading or building a
    rulebook issues each through Python's :mod:`warnings`."""


class DataWarning(ThiduaWarning):
    """A value of cluster data that is valid but probably not what was meant
    (``64.010`` among whole numbers: a thousands separator?).

    :attr:`thidua.Cluster.warnings` holds them for a cluster read from files,
    and reading it issues each through Python's :mod:`warnings`."""


class ResultWarning(ThiduaWarning):
    """An outcome of an evaluation that is valid but probably not what was
    meant: an award whose condition holds for no member (a number on
    another scale in its ``when``?).

    :attr:`thidua.Result.warnings` holds them, and evaluating issues each
    through Python's :mod:`warnings`; the place is the award's ``when`` in
    the rulebook file, when the rulebook was read from one."""
