"""Turning changes into notifications for the watchlists they concern.

- ``fan_out``: the change events written since the last run (an import writes them; the cursor ``events`` keeps
  the last event id done), matched through a ``WatchIndex`` against the changed records, read in batches. A
  "changed" event that comes with a "replaced" or "withdrawn" one for the same edition is said once, by the
  latter. A watchlist hears of the changes of imports that started when it existed, not of older ones.
  Notifications and the cursor are written in one transaction: a run that fails leaves nothing half done.
- ``fan_out_dated``: the statuses that changed with a date since the last run (the cursor ``dates`` keeps the day
  last checked): an announced standard that comes into force on its implementation date, one that ends on its
  withdrawal date. Its notifications have ``event_id`` 0 and the kind ``in-force``, ``withdrawn`` or ``replaced``.

Each notification carries what replaces the record (the identifier of its first successor) when it ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stdbridge.catalog.lifecycle import lifecycle, successors_of_each
from stdbridge.models import ChangeEvent, ChangeKind, Standard, Status
from stdbridge.runtime import now_iso as _now
from stdbridge.store import Store
from stdbridge.watch.matching import WatchIndex
from stdbridge.watch.model import Notification

EVENTS_CURSOR = "events"
DATES_CURSOR = "dates"
ENDED = (ChangeKind.REPLACED, ChangeKind.WITHDRAWN)


@dataclass(slots=True)
class FanOut:
    """What a run did: events read, notifications written, the last event id done."""

    events: int = 0
    notifications: int = 0
    cursor: int = 0


def replacements(store: Store, standards: Iterable[Standard]) -> dict[str, str]:
    """The identifier of what replaces each of ``standards`` that has a successor, by edition key."""
    chosen = [s for s in standards if s.id is not None]
    found = successors_of_each(store, chosen)
    return {s.edition_key: found[s.id][0].identifier for s in chosen if s.id is not None and found.get(s.id)}


def notifications_for(store: Store, index: WatchIndex, batch: Sequence[tuple[int, ChangeEvent]]) -> list[Notification]:
    keys = {e.edition_key for _, e in batch}
    standards = store.standards_by_keys(keys)
    ended = {(e.edition_key, e.at) for _, e in batch if e.kind in ENDED}
    replaced_by = replacements(store, [standards[k] for k in {e.edition_key for _, e in batch if e.kind in ENDED}
                                       if k in standards])  # fmt: skip
    found = []
    for event_id, event in batch:
        standard = standards.get(event.edition_key)
        if standard is None or (event.kind == ChangeKind.CHANGED and (event.edition_key, event.at) in ended):
            continue
        for watchlist_id in sorted(index.watchers(standard)):
            if event.at < index.created.get(watchlist_id, ""):
                continue  # the watchlist did not exist yet
            found.append(Notification(
                watchlist_id, event_id, event.kind.value, event.edition_key, event.identifier, event.at,
                dict(event.detail), replaced_by.get(event.edition_key) if event.kind in ENDED else None))  # fmt: skip
    return found


def fan_out(store: Store, *, batch: int = 10000, now: str | None = None) -> FanOut:
    """Notify the watchlists of every change event written since the last run."""
    done = FanOut(cursor=int(store.watch_cursor(EVENTS_CURSOR) or 0))
    index: WatchIndex | None = None
    while True:
        found = store.events_after(done.cursor, batch)
        if not found:
            return done
        if index is None:
            index = WatchIndex.of(store.all_watchlists())
        notes = notifications_for(store, index, found) if len(index) else []
        with store.transaction():
            done.notifications += store.add_notifications(notes, now or _now())
            store.set_watch_cursor(EVENTS_CURSOR, str(found[-1][0]))
        done.events += len(found)
        done.cursor = found[-1][0]


def _in_window(value: str | None, after: dt.date, upto: dt.date) -> bool:
    if not value or len(value) < 10:
        return False
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return after < day <= upto


def dated_changes(standards: Iterable[Standard], after: dt.date, upto: dt.date) -> list[tuple[Standard, str]]:
    """The standards whose status on ``upto`` differs from that on ``after`` because a date of theirs (its
    implementation or withdrawal) fell in between, with the status they reached."""
    found = []
    for s in standards:
        if not (_in_window(s.implemented, after, upto) or _in_window(s.withdrawn, after, upto)):
            continue
        before, now = lifecycle(s, after), lifecycle(s, upto)
        if before.status != now.status and now.status in (Status.IN_FORCE, Status.WITHDRAWN, Status.REPLACED):
            found.append((s, now.status))
    return found


def fan_out_dated(store: Store, today: dt.date | None = None, *, now: str | None = None) -> FanOut:
    """Notify the watchlists of the statuses that changed with a date since the day last checked (the first run
    only notes today: it has nothing to compare with). Reads every record once: a daily job."""
    day = today or dt.date.today()
    last = store.watch_cursor(DATES_CURSOR)
    done = FanOut()
    if last is not None and dt.date.fromisoformat(last) < day:
        index = WatchIndex.of(store.all_watchlists())
        changed = dated_changes(store.iter_standards(), dt.date.fromisoformat(last), day) if len(index) else []
        replaced_by = replacements(store, [s for s, status in changed if status != Status.IN_FORCE])
        notes = []
        for s, status in changed:
            date = s.implemented if status == Status.IN_FORCE else s.withdrawn
            for watchlist_id in sorted(index.watchers(s)):
                notes.append(Notification(
                    watchlist_id, 0, status, s.edition_key, s.identifier, day.isoformat(), {"date": date},
                    replaced_by.get(s.edition_key) if status != Status.IN_FORCE else None))  # fmt: skip
        done.events = len(changed)
        with store.transaction():
            done.notifications = store.add_notifications(notes, now or _now())
            store.set_watch_cursor(DATES_CURSOR, day.isoformat())
        return done
    if last is None or dt.date.fromisoformat(last) < day:
        store.set_watch_cursor(DATES_CURSOR, day.isoformat())
    return done
