"""The administrative blocks of a council document: the issuing body, the
place and date, the title and the signature blocks that the HTML and PDF
reports print around the tables (docs/reports.md, "The report block").

A :class:`ReportBlock` is read from a cluster (:attr:`Cluster.report_block`)
or a result (:attr:`Result.report_block`) and set on a cluster with
:meth:`Cluster.set_report_block` or the data's ``report:`` key.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Tuple

from . import _thidua as _c
from .errors import DataError

__all__ = ["ReportBlock", "Signer"]


@dataclass(frozen=True)
class Signer:
    """A signature block: on behalf of whom (``role``, e.g. "TM. CỤM THI ĐUA"),
    the signer's office (``title``, e.g. "CỤM TRƯỞNG") and ``name``; any may be ""."""

    role: str = ""
    title: str = ""
    name: str = ""


@dataclass(frozen=True)
class ReportBlock:
    """The report block of a cluster or result; empty when none was given."""

    organisation: Tuple[str, ...] = ()
    place: Optional[str] = None
    date: Optional[datetime.date] = None
    title: Optional[str] = None
    signers: Tuple[Signer, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.organisation or self.place or self.date or self.title or self.signers)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ReportBlock":
        """A block from a mapping in the data's ``report:`` format:
        ``organisation`` (one text, its lines separated by line breaks, or a
        list of lines), ``place``, ``date`` (a :class:`datetime.date` or
        "YYYY-MM-DD"), ``title``, ``signers`` (a list of mappings with
        ``role``, ``title``, ``name``, of (role, title, name) tuples, or of
        names). Errors: DataError (an unknown key), InvalidArgumentError (a
        date that is no day)."""
        return _from_dict(data)


def _read(handle: Any, field: Callable[..., Any], count: Callable[..., Any],
          signer: Callable[..., Any]) -> ReportBlock:
    org = field(handle, _c.TD_REPORT_FIELD_ORGANISATION)
    date = field(handle, _c.TD_REPORT_FIELD_DATE)
    return ReportBlock(
        organisation=tuple(org.split("\n")) if org else (),
        place=field(handle, _c.TD_REPORT_FIELD_PLACE),
        date=datetime.date.fromisoformat(date) if date else None,
        title=field(handle, _c.TD_REPORT_FIELD_TITLE),
        signers=tuple(Signer(signer(handle, i, _c.TD_SIGNER_FIELD_ROLE),
                             signer(handle, i, _c.TD_SIGNER_FIELD_TITLE),
                             signer(handle, i, _c.TD_SIGNER_FIELD_NAME))
                      for i in range(count(handle))))


def _organisation(value: Any) -> Tuple[str, ...]:
    if value is None:
        return ()
    lines = value.split("\n") if isinstance(value, str) else list(value)
    for line in lines:
        if not isinstance(line, str):
            raise TypeError(f"report organisation: expected text lines, got {line!r}")
    return tuple(lines)


def _date(value: Any) -> Optional[datetime.date]:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        raise TypeError(f"report date: expected a date, got the date and time {value!r}")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        probe = _c.td_cluster_new("probe", 0)
        try:  # the library's check and message, as for a date in a file
            _c.td_cluster_set_report_field(probe, _c.TD_REPORT_FIELD_DATE, value)
        finally:
            _c.td_cluster_free(probe)
        return datetime.date.fromisoformat(value)
    raise TypeError(f"report date: expected a date or 'YYYY-MM-DD', got {value!r}")


def _signer(value: Any, where: str) -> Signer:
    if isinstance(value, Signer):
        return value
    if isinstance(value, str):
        return Signer(name=value)
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"role", "title", "name"})
        if unknown:
            raise DataError(f"{where}: unknown key {unknown[0]!r} (expected role, title, name)")
        return Signer(value.get("role") or "", value.get("title") or "", value.get("name") or "")
    parts = list(value)
    if not 1 <= len(parts) <= 3:
        raise DataError(f"{where}: expected (role, title, name), got {value!r}")
    return Signer(*([""] * (3 - len(parts)) + parts))


def _from_dict(data: Mapping[str, Any]) -> ReportBlock:
    unknown = sorted(set(data) - {"organisation", "place", "date", "title", "signers"})
    if unknown:
        raise DataError(f"report: unknown key {unknown[0]!r} (expected organisation, place, date, title, signers)")
    return ReportBlock(organisation=_organisation(data.get("organisation")), place=data.get("place") or None,
                       date=_date(data.get("date")), title=data.get("title") or None,
                       signers=tuple(_signer(s, f"report signers[{i}]")
                                     for i, s in enumerate(data.get("signers") or ())))
