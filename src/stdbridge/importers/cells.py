"""Reading the values of table cells: dates, degrees of adoption, lists of identifiers and codes.

Shared by the GB importer and the mapped tabular importer. A value that makes
a row unusable (its identifier, a date, a status) raises ``BadValue`` and the
row is rejected; a value that only adds to a row (an adopted or replaced
standard, a degree) is left out when unreadable and reported through
``Dropped``, so that the standard itself is not lost.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from stdbridge import identifiers
from stdbridge.errors import IdentifierError
from stdbridge.models import Degree, Rejected


class BadValue(ValueError):
    """A cell that cannot be read; the importer turns it into a ``Rejected``."""

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(reason)
        self.value = value
        self.reason = reason


_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
    re.compile(r"(?P<y>\d{4})(?:[-/.](?P<m>\d{1,2})|\s*年\s*(?P<m2>\d{1,2})\s*月)?"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(text: str) -> str | None:
    """ISO text of a date written as 2016-12-30, 2016/12/30, 2016.12.30, 2016年12月30日, 20161230, an Excel
    serial (42734), or a partial date (2016, 2016-12). None for an empty cell; ValueError if impossible."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    if re.fullmatch(r"\d{5}(?:\.0+)?", value):
        return (_EXCEL_EPOCH + dt.timedelta(days=int(float(value)))).isoformat()
    for form in _DATE_FORMS:
        match = form.fullmatch(value)
        if match:
            parts = match.groupdict()
            year, month, day = parts["y"], parts.get("m") or parts.get("m2"), parts.get("d")
            if not 1000 <= int(year) <= 2999:
                raise ValueError(f"year {year} is out of range")
            if day:
                return dt.date(int(year), int(month or 0), int(day)).isoformat()
            if month:
                return dt.date(int(year), int(month), 1).isoformat()[:7]
            return year
    raise ValueError("not a date")


_DEGREE_WORDS = {
    "IDT": Degree.IDT, "等同": Degree.IDT, "等同采用": Degree.IDT, "IDENTICAL": Degree.IDT,
    "MOD": Degree.MOD, "修改": Degree.MOD, "修改采用": Degree.MOD, "MODIFIED": Degree.MOD,
    "EQV": Degree.EQV, "等效": Degree.EQV, "等效采用": Degree.EQV, "EQUIVALENT": Degree.EQV,
    "NEQ": Degree.NEQ, "非等效": Degree.NEQ, "非等效采用": Degree.NEQ, "NOT EQUIVALENT": Degree.NEQ,
}  # fmt: skip


def parse_degrees(text: str) -> list[Degree]:
    """The degrees of adoption in a cell, in order: "IDT", "等同", "IDT 等同" (one value in two forms),
    "IDT; MOD", "ｉｄｔ". Raises ValueError naming the word it does not know."""
    value = unicodedata.normalize("NFKC", text).upper().replace("NOT EQUIVALENT", "NEQ")
    tokens = re.findall(r"[A-Z]+|[\u4e00-\u9fff]+|[^\sA-Z\u4e00-\u9fff,;、()\[\]/]+", value)
    found: list[tuple[Degree, bool, bool]] = []  # (degree, written in Latin letters, already paired)
    for token in tokens:
        degree = _DEGREE_WORDS.get(token)
        if degree is None:
            raise ValueError(f"unknown degree of adoption {token!r}")
        latin = token.isascii()
        if found and found[-1][0] == degree and found[-1][1] != latin and not found[-1][2]:
            found[-1] = (degree, latin, True)  # "IDT 等同": one degree written as code and in words
        else:
            found.append((degree, latin, False))
    return [degree for degree, _, _ in found]


_LIST_SPLIT = re.compile(r"(\s*[,，;；、\n\r]+\s*|(?<=\d)\s+(?=[A-Z][A-Za-z]*(?:/[A-Za-z]+)*\s*\d))")


def split_identifiers(text: str, separator: str | None = None) -> tuple[list[tuple[str, str]], list[IdentifierError]]:
    """Split a cell listing identifiers into ``(text, canonical)`` pairs, and the pieces that are none.

    Without ``separator`` the cell may use , ， ; ； 、 newlines, or spaces between complete identifiers. A piece
    is read together with the next ones when that makes one identifier ("ISO/IEC Directives, Part 2:2018");
    a piece that reads neither alone nor joined is given up as an ``IdentifierError`` whose ``value`` is the
    piece, and consecutive pieces given up make one error.
    """
    text = unicodedata.normalize("NFKC", text)
    parts = re.split(f"({re.escape(separator)}|\n)", text) if separator else _LIST_SPLIT.split(text)
    pieces, seps = [p.strip() for p in parts[::2]], parts[1::2]
    found: list[tuple[str, str]] = []
    unreadable: list[IdentifierError] = []
    given_up_at = -2
    i = 0
    while i < len(pieces):
        if not pieces[i]:
            i += 1
            continue
        error: IdentifierError | None = None
        for j in range(min(i + 2, len(pieces) - 1), i - 1, -1):  # the longest reading first
            candidate = "".join(pieces[k] + (seps[k] if k < j else "") for k in range(i, j + 1)).strip()
            try:
                found.append((candidate, identifiers.parse(candidate).render()))
                i = j + 1
                break
            except IdentifierError as exc:
                error = exc  # the last tried: the piece alone
        else:
            assert error is not None
            if unreadable and given_up_at == i - 1:  # the previous piece was given up too: one bad value
                last = unreadable[-1]
                joined = last.value + seps[i - 1] + pieces[i]
                unreadable[-1] = type(last)(last.message, value=joined, position=last.position)
            else:
                unreadable.append(type(error)(error.message, value=pieces[i], position=error.position))
            given_up_at = i
            i += 1
    return found, unreadable


def split_values(text: str, separator: str | None = None) -> tuple[str, ...]:
    """Codes listed in a cell (ICS, CCS): split on ``separator`` (or any list separator and spaces) and newlines."""
    pattern = f"{re.escape(separator)}|\n" if separator else r"[,，;；、\s]+"
    return tuple(piece.strip() for piece in re.split(pattern, text) if piece.strip())


class Dropped:
    """The values left out of a row that is still imported, each reported with the row's file and line."""

    def __init__(self, source: str, line: int) -> None:
        self.source = source
        self.line = line
        self.found: list[Rejected] = []

    def add(self, value: str, reason: str) -> None:
        self.found.append(Rejected(self.source, self.line, value, f"{reason}; the row is imported without it"))


def identifier_list(text: str, column: str, dropped: Dropped, separator: str | None = None) -> list[str]:
    """The canonical identifiers listed in a cell of ``column``; a piece that is none goes to ``dropped``."""
    found, unreadable = split_identifiers(text, separator)
    for error in unreadable:
        dropped.add(error.value, f"{error.value!r} in {column} is not a standard identifier: {error.message}")
    return [canonical for _, canonical in found]


def pair_degrees(targets: list[str], text: str, column: str, dropped: Dropped) -> list[Degree | None]:
    """One degree per target: a single degree applies to all, as many as targets pair in order.

    A degree that cannot be read, or a count that pairs with nothing, leaves the degrees unknown and is
    reported in ``dropped``: the adoptions themselves are kept.
    """
    unknown: list[Degree | None] = [None] * len(targets)
    try:
        degrees: list[Degree | None] = list(parse_degrees(text))
    except ValueError as exc:
        dropped.add(text, f"{text!r} in {column} is not a degree of adoption: {exc}")
        return unknown
    if len(degrees) <= 1:
        return (degrees or [None]) * len(targets)
    if len(degrees) != len(targets):
        dropped.add(text, f"{column} gives {len(degrees)} degrees for {len(targets)} adopted standards; "
                    "give one for all or one for each")  # fmt: skip
        return unknown
    return degrees
