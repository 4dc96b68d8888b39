"""Everything that changed in a period (``stdbridge changes``, ``/api/changes``): the change events since a date,
filtered by body, country or ICS field (a field and everything under it) of the record they concern."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.models import ChangeEvent
from stdbridge.store import Store
from stdbridge.watch.matching import fold, ics_prefixes

MOST = 100000


@dataclass(frozen=True, slots=True)
class ChangeFilter:
    since: str
    body: str | None = None
    country: str | None = None
    ics: str | None = None


def parse_since(text: str) -> str:
    """An ISO date (or date and time); a clear error otherwise."""
    try:
        day = dt.datetime.fromisoformat(text.strip()) if "T" in text else dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(_("--since takes a date such as 2026-11-01, not '{value}'").format(value=text)) from None
    return day.isoformat()


def changes(store: Store, wanted: ChangeFilter, limit: int = MOST) -> list[dict[str, Any]]:
    """The events since ``wanted.since`` concerning records that pass the filters, the oldest first, each with the
    record's body, country and ICS codes."""
    found: list[ChangeEvent] = list(reversed(store.events(since=wanted.since, limit=limit)))
    records = store.standards_by_keys({e.edition_key for e in found})
    out = []
    for event in found:
        standard = records.get(event.edition_key)
        if standard is None:
            continue
        if wanted.body and fold(standard.body) != fold(wanted.body):
            continue
        if wanted.country and fold(standard.country) != fold(wanted.country):
            continue
        if wanted.ics and not any(wanted.ics in ics_prefixes(code) for code in standard.ics):
            continue
        out.append({
            "at": event.at, "kind": event.kind.value, "identifier": event.identifier,
            "edition_key": event.edition_key, "body": standard.body, "country": standard.country,
            "ics": list(standard.ics), "status": standard.status.value, "detail": event.detail,
        })  # fmt: skip
    return out
