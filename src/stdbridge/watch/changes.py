"""Everything that changed in a period (``stdbridge changes``, ``/api/changes``): the change events since a date,
filtered by body, country or ICS field (a field and everything under it) of the record they concern, a page at a
time, oldest first.

Bodies and countries are the stored codes (``Catalog.read_target`` reads ``JIS`` as JISC, 日本 as JP); the store
filters by them, so a page holds ``limit`` changes that pass, however few of all events do. The records of an ICS
field are those the search index files under it. ``ChangesPage.after`` is where the next page starts (an event id,
None when this is the last); ``total`` is how many changes pass in all, counted by the store (None for an ICS field
of very many records: every event would have to be read).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from stdbridge.catalog import Catalog
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.search import Filters

MOST = 10_000  # changes on one page, at most
_READ = 20_000  # events read at a time while an ICS field of many records leaves some out
_BY_RECORDS = 20_000  # records of an ICS field whose events are read by record


@dataclass(frozen=True, slots=True)
class ChangeFilter:
    since: str
    body: str | None = None  # a stored code (JISC), as read from what people type
    country: str | None = None  # likewise (JP)
    ics: str | None = None


@dataclass(frozen=True, slots=True)
class ChangesPage:
    changes: list[dict[str, Any]]
    total: int | None  # changes that pass in all; None for an ICS field of very many records
    after: int | None  # the event id the next page starts after; None on the last page


def parse_since(text: str) -> str:
    """An ISO date (or date and time); a clear error otherwise."""
    try:
        day = dt.datetime.fromisoformat(text.strip()) if "T" in text else dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(_("--since takes a date such as 2026-11-01, not '{value}'").format(value=text)) from None
    return day.isoformat()


def changes(catalog: Catalog, wanted: ChangeFilter, limit: int = 1000, after: int = 0) -> ChangesPage:
    """The first ``limit`` events since ``wanted.since`` with an id above ``after`` concerning records that pass the
    filters, the oldest first, each with its id and the record's body, country, ICS codes and status.

    The records of an ICS field are those the search index files under it (``Search.ids_of``): up to _BY_RECORDS of
    them, the store reads their events alone, and counts them; beyond, most events pass, and the store's events
    are read until the page is full (the total is then not counted: None)."""
    if not 1 <= limit <= MOST:
        raise UsageError(_("a page holds from 1 to {most} changes").format(most=MOST))
    store = catalog.store
    bodies = [wanted.body] if wanted.body else []
    countries = [wanted.country] if wanted.country else []
    within = catalog.search_engine().ids_of(Filters(ics=(wanted.ics,))) if wanted.ics else None
    # an ICS field of very many records: its events are those of every record, some left out here
    scanning = within is not None and len(within) > _BY_RECORDS
    asked = None if scanning else within
    found: list[dict[str, Any]] = []
    cursor, more = after, True
    while more and len(found) < limit:
        batch = max(limit - len(found), _READ) if scanning else limit - len(found)
        events = store.events_of_records(
            wanted.since, after_id=cursor, bodies=bodies, countries=countries, ids=asked, limit=batch + 1
        )
        more = len(events) > batch
        events = events[:batch]
        kept = [(i, e) for i, e, sid in events if within is None or sid in within]
        records = store.standards_by_keys({e.edition_key for _i, e in kept})
        cursor = events[-1][0] if events else cursor
        for at, (event_id, event) in enumerate(kept):
            standard = records.get(event.edition_key)  # only events of records held are read: unless removed since
            if standard is None:
                continue
            found.append({
                "id": event_id, "at": event.at, "kind": event.kind.value, "identifier": event.identifier,
                "edition_key": event.edition_key, "body": standard.body, "country": standard.country,
                "ics": list(standard.ics), "status": standard.status.value, "detail": event.detail,
            })  # fmt: skip
            if len(found) == limit:
                more = more or at < len(kept) - 1  # those left of this batch pass too
                cursor = event_id
                break
    total = (
        None if scanning else store.count_events_of_records(wanted.since, bodies=bodies, countries=countries, ids=asked)
    )
    return ChangesPage(found, total, cursor if more else None)


def page_json(wanted: ChangeFilter, page: ChangesPage) -> dict[str, Any]:
    """A page of changes as ``/api/changes`` and ``stdbridge changes --json`` give it."""
    return {
        "since": wanted.since, "count": len(page.changes), "total": page.total, "after": page.after,
        "changes": page.changes,
    }  # fmt: skip
