"""The days each whole edition is in force, kept as rows (migration 0019): what the connectivity index reads of a
system's editions instead of working their status out from their records and successors at every question.

A row per whole edition (``lifecycle.is_edition``): its edition and work keys, its ICS fields (the first two
characters of each code, sorted, one after the other) and ``lifecycle.in_force_span``'s days ``[since, until)``
(both None when it is never in force). The span of an edition follows from its own record and from its
successors (the standards whose ``replaces`` relation names it, and, when its source gives no status, the later
editions of its work), so a write marks as stale the editions it can move: the records saved and the other
editions of their works (before and after), the targets of the ``replaces`` relations they declare (those
removed too), and the records relations are linked to. Within a transaction (``SqlStore.transaction``) the marks
gather and the rows are worked out again once, before it commits; a write on its own does it at once.
``stdbridge db upgrade`` fills the rows of a catalogue built before they were (``fill_spans``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, delete, insert, select

from stdbridge.models import RelationType, Standard
from stdbridge.store.connectivity_sql import dated_by, one_of
from stdbridge.store.tables import relations, standards

spans_metadata = MetaData()

edition_spans = Table(
    "edition_spans",
    spans_metadata,
    Column("standard_id", Integer, primary_key=True),  # the edition's id in ``standards``
    Column("edition_key", String, nullable=False),
    Column("work_key", String, nullable=False),
    Column("fields", String, nullable=False),  # ICS fields (their first two characters), one after the other
    Column("since", String),  # "" for no start; None (with ``until``) when never in force
    Column("until", String),  # "9999-12-31" for no end
)

_CHUNK = 20_000
_READ = select(
    edition_spans.c.standard_id, edition_spans.c.edition_key, edition_spans.c.work_key, edition_spans.c.fields,
    edition_spans.c.since, edition_spans.c.until,
)  # fmt: skip
_REPLACES = relations.c.type == RelationType.REPLACES.value


@dataclass(frozen=True, slots=True)
class EditionSpan:
    """A whole edition's row: its days in force ``[since, until)`` as ISO dates, or None when it never is."""

    id: int
    edition_key: str
    work_key: str
    fields: tuple[str, ...]
    span: tuple[str, str] | None


@dataclass(slots=True)
class StaleSpans:
    """What the writes of a transaction may have moved: standards by id, by edition key, and whole works."""

    ids: set[int] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    works: set[str] = field(default_factory=set)
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.ids or self.keys or self.works or self.everything)


def read_spans(conn: Connection, ids: Iterable[int]) -> list[EditionSpan]:
    """The rows of the whole editions among ``ids`` (the others have none)."""
    found: list[EditionSpan] = []
    for condition, chunk in one_of(conn, edition_spans.c.standard_id, sorted(set(ids))):
        for sid, key, work, fields, since, until in conn.execute(_READ.where(condition), chunk).fetchall():
            span = (since, until) if since is not None else None
            found.append(EditionSpan(sid, key, work, tuple(fields[i : i + 2] for i in range(0, len(fields), 2)), span))
    return found


def old_works(conn: Connection, edition_keys: Iterable[str]) -> set[str]:
    """The works these editions belong to now (before a write that may move them to another)."""
    return _values(conn, select(standards.c.work_key), standards.c.edition_key, edition_keys)


def replaced_targets(conn: Connection, keys: Iterable[str], dataset: str | None = None) -> set[int]:
    """The standards named by the ``replaces`` relations that ``keys`` declare (as their origin, or as their
    source), of ``dataset`` only when given: their successors change when those relations do."""
    query = select(relations.c.target_id).where(_REPLACES, relations.c.target_id.is_not(None))
    if dataset is not None:
        return _values(conn, query.where(relations.c.dataset == dataset), relations.c.origin_key, keys)
    return _values(conn, query, relations.c.origin_key, keys) | _values(conn, query, relations.c.source_key, keys)


def refresh_spans(conn: Connection, stale: StaleSpans) -> int:
    """Work out again the rows of what ``stale`` names (see the module); returns how many editions were."""
    if stale.everything:
        return fill_spans(conn)
    if not stale:
        return 0
    ids = set(stale.ids) | _values(conn, select(standards.c.id), standards.c.edition_key, stale.keys)
    works = set(stale.works) | _values(conn, select(standards.c.work_key), standards.c.id, ids)
    ids |= _values(conn, select(standards.c.id), standards.c.work_key, works)
    replaced = select(relations.c.target_id).where(_REPLACES, relations.c.target_id.is_not(None))
    ids |= _values(conn, replaced, relations.c.source_id, ids)
    return _write(conn, sorted(ids))


def fill_spans(conn: Connection) -> int:
    """Every row afresh (``stdbridge db upgrade`` of a catalogue built before they were kept)."""
    conn.execute(delete(edition_spans))
    every = list(conn.execute(select(standards.c.id).order_by(standards.c.id)).scalars())
    return sum(_write(conn, every[start : start + _CHUNK * 5], wipe=False)
               for start in range(0, len(every), _CHUNK * 5))  # fmt: skip


def _values(conn: Connection, query: Any, column: Any, values: Iterable[Any]) -> set[Any]:
    """The first column of ``query``'s rows whose ``column`` is one of ``values``."""
    found: set[Any] = set()
    for condition, chunk in one_of(conn, column, sorted(set(values))):
        found.update(v for v in conn.execute(query.where(condition), chunk).scalars() if v is not None)
    return found


def _write(conn: Connection, ids: list[int], *, wipe: bool = True) -> int:
    """The rows of ``ids`` (those that are whole editions) from their records and successors."""
    from stdbridge.catalog.lifecycle import in_force_span, is_edition, successors_of_each  # the store's callers'

    if wipe:
        for condition, chunk in one_of(conn, edition_spans.c.standard_id, ids):
            conn.execute(delete(edition_spans).where(condition), chunk)
    editions = [s for s in dated_by(conn, standards.c.id, ids) if is_edition(s)]
    replacing: dict[int, list[int]] = defaultdict(list)
    replacers = select(relations.c.target_id, relations.c.source_id).where(
        _REPLACES, relations.c.source_id.is_not(None)
    )
    for condition, chunk in one_of(conn, relations.c.target_id, [s.id for s in editions]):
        for target, source in conn.execute(replacers.where(condition), chunk):
            replacing[target].append(source)
    successors = successors_of_each(_LeanReads(conn), editions, replacing=replacing)  # type: ignore[arg-type]
    rows = []
    for s in editions:
        assert s.id is not None
        span = in_force_span(s, successors.get(s.id, ()))
        fields = "".join(sorted({c[:2] for c in s.ics if len(c) >= 2}))
        rows.append({"standard_id": s.id, "edition_key": s.edition_key, "work_key": s.work_key, "fields": fields,
                     "since": span[0] if span else None, "until": span[1] if span else None})  # fmt: skip
    for start in range(0, len(rows), 5000):
        conn.execute(insert(edition_spans), rows[start : start + 5000])
    return len(rows)


class _LeanReads:
    """The two reads ``lifecycle.successors_of_each`` makes of a store, on one connection and lean (the fields of
    ``dated_by``, all that choosing successors reads)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def standards_by_ids(self, ids: Iterable[int]) -> dict[int, Standard]:
        return {s.id: s for s in dated_by(self.conn, standards.c.id, sorted(set(ids))) if s.id is not None}

    def standards_of_works(self, work_keys: Iterable[str]) -> dict[str, list[Standard]]:
        wanted = sorted(set(work_keys))
        found: dict[str, list[Standard]] = {key: [] for key in wanted}
        for s in dated_by(self.conn, standards.c.work_key, wanted):
            found[s.work_key].append(s)
        return found
