"""WTO TBT notifications from a CSV or XLSX export, read through a field mapping.

The mapping names the column of each field, as the tabular importer's does (``stdbridge.importers.tabular``: a
column name, or ``{"column": ..., "separator": ...}`` for a list): ``symbol`` (required), ``member``, ``date``
(distribution), ``deadline`` (final date for comments), ``title``, ``description``, ``objective``, ``type``,
``products``, ``hs``, ``ics``, ``links``, ``documents`` (relevant documents: kept with the description, whose
standards are linked), ``language`` (a column) or ``language_value`` (one language for the
file). Files are read with the tabular importer's ``read_rows`` (UTF-8 or GB18030, XLSX), dates with its
``parse_date``.

``EPING`` is the default: the column headings of the notification export of the WTO's ePing platform
(``Document symbol``, ``Notifying Member``, ``Distribution date``, ``Final date for comments``, ``Title``,
``Description``, ``Objectives``, ``Notification type``, ``Notified document``). No real export is shipped in the
repository: these headings are those that published code reading ePing's spreadsheet uses. HS and ICS codes are
read from any column the mapping names for them, and from the products and description texts as WTO notification
forms write them: "(HS code(s): 100310; 100410); (ICS code(s): 65.020.01)".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stdbridge.errors import MissingColumns, UsageError
from stdbridge.i18n import _
from stdbridge.importers.cells import parse_date, split_values
from stdbridge.importers.tabular import read_rows
from stdbridge.models import Rejected
from stdbridge.notices.countries import country_code
from stdbridge.notices.model import Notice, NoticeKind, parse_symbol

EPING: dict[str, Any] = {
    "symbol": "Document symbol",
    "member": "Notifying Member",
    "date": "Distribution date",
    "deadline": "Final date for comments",
    "title": "Title",
    "description": "Description",
    "objective": "Objectives",
    "type": "Notification type",
    "links": {"column": "Notified document", "separator": "\n"},
    "language_value": "en",
}
FIELDS = ("symbol", "member", "date", "deadline", "title", "description", "objective", "type", "products", "hs",
          "ics", "links", "language", "documents")  # fmt: skip
_HS = re.compile(r"HS(?:\s+codes?(?:\(s\))?)?\s*[:：]\s*([\d.;,\s]+)", re.IGNORECASE)
_ICS = re.compile(r"ICS(?:\s+codes?(?:\(s\))?)?\s*[:：]\s*([\d.;,\s]+)", re.IGNORECASE)


def check_mapping(mapping: dict[str, Any], where: str) -> dict[str, Any]:
    """The mapping, or ``UsageError`` naming the key that is wrong."""
    for key, spec in mapping.items():
        if key == "language_value":
            continue
        if key not in FIELDS:
            raise UsageError(_("{where}: key '{key}' is unknown; the known keys are {keys}").format(
                where=where, key=key, keys=", ".join((*FIELDS, "language_value"))))  # fmt: skip
        if not (isinstance(spec, str) or (isinstance(spec, dict) and isinstance(spec.get("column"), str))):
            raise UsageError(_('{where}: key \'{key}\' must be a column name or {{"column": ..., "separator": ...}}')
                             .format(where=where, key=key))  # fmt: skip
    if not mapping.get("symbol"):
        raise UsageError(_("{where}: key 'symbol' is required (the column of the document symbol)").format(where=where))
    return mapping


def column(spec: str | dict[str, str]) -> str:
    return spec if isinstance(spec, str) else spec["column"]


def codes_in(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [code for match in pattern.finditer(text) for code in re.split(r"[;,\s]+", match[1]) if code.strip(".")]


class BadCell(ValueError):
    def __init__(self, value: str, reason: str) -> None:
        super().__init__(reason)
        self.value, self.reason = value, reason


def _date(cells: dict[str, str], mapping: dict[str, Any], key: str) -> str | None:
    if key not in mapping:
        return None
    text = cells.get(column(mapping[key]), "")
    try:
        return parse_date(text)
    except ValueError as exc:
        raise BadCell(text, _("'{value}' in '{column}' is not a date ({reason})").format(
            value=text, column=column(mapping[key]), reason=exc)) from exc  # fmt: skip


def read_notifications(path: Path, mapping: dict[str, Any] | None = None) -> Iterator[Notice | Rejected]:
    """Each row of the export as a ``Notice`` (without its citations: the service resolves them), or a
    ``Rejected`` naming the file, line, value and reason."""
    m = check_mapping(mapping or EPING, _("the mapping"))
    header, rows = read_rows(path)
    missing = sorted({column(spec) for key, spec in m.items() if key != "language_value"} - set(header))
    if missing:
        raise MissingColumns(_("columns named in the mapping are missing: {missing}; the columns found are: {found}")
                             .format(missing=", ".join(missing), found=", ".join(repr(c) for c in header if c)),
                             source=str(path))  # fmt: skip

    def cell(cells: dict[str, str], key: str) -> str:
        return cells.get(column(m[key]), "").strip() if key in m else ""

    def values(cells: dict[str, str], key: str) -> tuple[str, ...]:
        if key not in m:
            return ()
        spec = m[key]
        return split_values(cells.get(column(spec), ""), None if isinstance(spec, str) else spec.get("separator"))

    for line, cells in rows:
        if isinstance(cells, Rejected):
            yield cells
            continue
        raw = cell(cells, "symbol")
        try:
            symbol, parent = parse_symbol(raw)
            member = cell(cells, "member")
            country = country_code(member) or country_code(symbol.split("/")[3])
            if member and country_code(member) is None and country is None:
                raise BadCell(member, _("'{value}' is not a WTO member this knows").format(value=member))
            title = cell(cells, "title")
            if not title:
                raise BadCell("", _("the title column '{column}' is empty").format(column=column(m.get("title", ""))))
            products, description = cell(cells, "products"), cell(cells, "description")
            if cell(cells, "documents") not in ("", "-"):
                description += "\n" + _("Relevant documents: {documents}").format(documents=cell(cells, "documents"))
            hs = list(values(cells, "hs")) + codes_in(f"{products}\n{description}", _HS)
            ics = list(values(cells, "ics")) + codes_in(f"{products}\n{description}", _ICS)
            yield Notice(
                NoticeKind.TBT, symbol, title, _date(cells, m, "date"), country, None, description, symbol, parent,
                products, tuple(dict.fromkeys(hs)), tuple(dict.fromkeys(ics)), _date(cells, m, "deadline"),
                tuple(v for v in values(cells, "links") if v.startswith(("http://", "https://"))),
                cell(cells, "language") or m.get("language_value"), cell(cells, "objective"), cell(cells, "type"),
                f"{path.name}:{line}")  # fmt: skip
        except ValueError as exc:
            value, reason = (exc.value, exc.reason) if isinstance(exc, BadCell) else (raw, str(exc))
            yield Rejected(str(path), line, value, reason)
