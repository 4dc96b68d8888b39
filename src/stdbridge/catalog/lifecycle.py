"""The status of an edition on a date: the source's word where it gives one, else what its dates and the
standards that replaced it say.

One function, ``lifecycle``, decides it for the record page, the command line, the API, ``family --as-of`` and
the search index's status facet alike; it reads no store (the callers hand it the successors), so the index can
decide the status of a whole catalogue in one pass.

The rules, in order:

1. A project (under development, cancelled) stays what the source says.
2. Before its publication date an edition is not yet published; between publication and its implementation date
   it is to be implemented (announced, GB 即将实施).
3. From its withdrawal date, or from the day a standard that replaced it came into force, it is withdrawn or
   replaced. A successor is a standard whose relation says it replaced this one, or — when the source gives no
   status — a later edition of the same work (a new edition of a GB, ISO, IEC or ITU number replaces the last).
4. Otherwise a status the source states holds (once withdrawn or replaced, from the day the source was read);
   an edition the source gives no status for is in force from its implementation (or publication) date, when the
   source gives such a date: the year of the identifier alone does not say it was not withdrawn since.

A status is *derived* when it is not the one the source states: the caller shows it marked as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from stdbridge.i18n import _
from stdbridge.models import DocType, RelationType, Standard, Status, date_floor

if TYPE_CHECKING:
    from stdbridge.store import Store

_PROJECTS = (Status.UNDER_DEVELOPMENT, Status.CANCELLED)
_ENDED = (Status.WITHDRAWN, Status.REPLACED)
NOT_YET_PUBLISHED = "not-yet-published"


@dataclass(slots=True)
class StatusOn:
    """The state of an edition on a given date, and what that rests on.

    ``status`` is a ``Status`` value or ``not-yet-published``; ``derived`` is true when it is not what the source
    states (``stated``); ``until`` is the next date on which it changes, when one is known."""

    date: str
    status: str
    since: str | None
    until: str | None
    basis: str
    derived: bool = False
    stated: str = Status.UNKNOWN.value


@dataclass(frozen=True, slots=True)
class Successor:
    """A standard that replaced an edition: its identifier, the date it came into force (partial ISO date or
    None), and whether a relation says so (else it is a later edition of the same work)."""

    identifier: str
    in_force: str | None
    declared: bool


_STATUSES = {s.value: s for s in Status}
_DOCTYPES = {d.value: d for d in DocType}
_PROJECT_VALUES = frozenset(s.value for s in _PROJECTS)
_NOT_WHOLE_VALUES = frozenset(d.value for d in (DocType.AMENDMENT, DocType.CORRIGENDUM, DocType.DRAFT))
_DRAFT_VALUE = DocType.DRAFT.value


def dated_standard(sid: int, record: dict[str, Any]) -> Standard:
    """What ``lifecycle`` and ``Edition.of`` read of a stored record (``standard_to_record``), without its titles
    and other fields: the search index decides the status of every record of a catalogue with it."""
    suffix = (record.get("extra") or {}).get("suffix")
    return Standard(
        identifier=record["identifier"], edition_key=record["edition_key"], work_key=record["work_key"],
        body=record["body"], country=record["country"], doctype=_DOCTYPES[record["doctype"]], number=record["number"],
        year=record.get("year"), status=_STATUSES[record["status"]], published=record.get("published"),
        implemented=record.get("implemented"), withdrawn=record.get("withdrawn"),
        extra={"suffix": suffix} if suffix else {}, id=sid,
    )  # fmt: skip


def stated_lifecycle(
    sid: int, record: dict[str, Any], when: dt.date, known: dict[tuple[Any, ...], StatusOn]
) -> StatusOn:
    """``lifecycle`` on ``when`` of a stored record whose source states its status, with no successors: a function
    of that status and of its dates alone, so decided once for each of them (``known``: a catalogue of a million
    records has a few tens of thousands), the answer shared by the records that have them."""
    key = (record["status"], record.get("published"), record.get("implemented"), record.get("withdrawn"),
           record.get("year"))  # fmt: skip
    found = known.get(key)
    if found is None:
        found = known[key] = lifecycle(dated_standard(sid, record), when)
    return found


def in_force_date(standard: Standard) -> str | None:
    """When ``standard`` came (or comes) into force, as precisely as the source says: implementation date,
    else publication date, else the year of its identifier."""
    return standard.implemented or standard.published or (str(standard.year) if standard.year else None)


def successor(standard: Standard | Edition, *, declared: bool) -> Successor:
    if isinstance(standard, Edition):
        return Successor(standard.identifier, standard.in_force, declared)
    return Successor(standard.identifier, in_force_date(standard), declared)


@dataclass(slots=True)
class Edition:
    """What the choice of successors needs of a record: kept for every record while the index is built."""

    id: int | None
    identifier: str
    year: int | None
    published: str | None
    in_force: str | None
    whole: bool  # a whole, published document (``is_edition``)
    project: bool  # a draft or a project: it has replaced nothing yet

    @classmethod
    def of(cls, standard: Standard) -> Edition:
        project = standard.status in _PROJECTS or standard.doctype == DocType.DRAFT
        return cls(standard.id, standard.identifier, standard.year, standard.published, in_force_date(standard),
                   is_edition(standard), project)  # fmt: skip

    @classmethod
    def of_record(cls, sid: int, record: dict[str, Any]) -> Edition:
        """``Edition.of(dated_standard(sid, record))`` read from the stored record without making a ``Standard``:
        the search index keeps one of every record of a catalogue."""
        status, doctype = record["status"], record["doctype"]
        year, published = record.get("year"), record.get("published")
        project = status in _PROJECT_VALUES
        whole = doctype not in _NOT_WHOLE_VALUES and not project and (record.get("extra") or {}).get("suffix") != "SER"
        in_force = record.get("implemented") or published or (str(year) if year else None)
        return cls(sid, record["identifier"], year, published, in_force, whole, project or doctype == _DRAFT_VALUE)


def is_edition(standard: Standard) -> bool:
    """A whole, published document: not an amendment, corrigenda, draft, project or IEC collection."""
    return (
        standard.doctype not in (DocType.AMENDMENT, DocType.CORRIGENDUM, DocType.DRAFT)
        and standard.status not in _PROJECTS
        and standard.extra.get("suffix") != "SER"
    )


def later_editions(standard: Standard, editions: Iterable[Edition]) -> list[Edition]:
    """The editions of ``standard``'s work published after it (a later year, else a later publication date):
    the successors of an edition whose source gives no status."""
    if standard.status != Status.UNKNOWN or not is_edition(standard):
        return []
    found = []
    for other in editions:
        if other.id == standard.id or not other.whole:
            continue
        if other.year and standard.year:
            later = other.year > standard.year
        else:
            later = bool(other.published and standard.published and other.published > standard.published)
        if later:
            found.append(other)
    return found


def successors_for(store: Store, standard: Standard) -> list[Successor]:
    """The standards that replaced ``standard``: by a relation, and, when the source gives no status, the later
    editions of its work."""
    return successors_of_each(store, [standard]).get(standard.id or -1, [])


def successors_of_each(
    store: Store, standards: Iterable[Standard], *, replacing: dict[int, list[int]] | None = None
) -> dict[int, list[Successor]]:
    """``successors_for`` of each of ``standards``, by id, read at once: a relation query, a read of the
    replacing standards and one of the works' editions for all of them, however many. ``replacing`` (the ids
    of the standards that replaced each, by id) spares the relation query to a caller that has read them."""
    # a status the source states is kept: only these two read their successors (``_end``)
    wanted = {s.id: s for s in standards if s.id is not None and s.status in (Status.UNKNOWN, Status.REPLACED)}
    if not wanted:
        return {}
    if replacing is None:
        replacing = {}
        for r in store.relations_touching(list(wanted), []):
            if r.type == RelationType.REPLACES and r.target_id in wanted and r.source_id:
                replacing.setdefault(r.target_id, []).append(r.source_id)
    sources = store.standards_by_ids(i for ids in replacing.values() for i in ids)
    works = store.standards_of_works(s.work_key for s in wanted.values() if s.status == Status.UNKNOWN)
    found: dict[int, list[Successor]] = {}
    for sid, standard in wanted.items():
        declared = [sources[i] for i in dict.fromkeys(replacing.get(sid, [])) if i in sources]
        found[sid] = [successor(e, declared=True) for e in map(Edition.of, declared) if not e.project]
        if standard.status == Status.UNKNOWN:
            editions = map(Edition.of, works.get(standard.work_key, []))
            found[sid] += [successor(s, declared=False) for s in later_editions(standard, editions)]
    return found


def status_now(store: Store, standard: Standard, when: dt.date | None = None) -> StatusOn:
    """The status of ``standard`` today (or on ``when``): ``lifecycle`` with its successors from ``store``."""
    return lifecycle(standard, when or dt.date.today(), successors_for(store, standard))


def status_now_of_each(store: Store, standards: Iterable[Standard], when: dt.date | None = None) -> dict[int, StatusOn]:
    """``status_now`` of each of ``standards`` (those with an id), by id, their successors read at once."""
    day, chosen = when or dt.date.today(), {s.id: s for s in standards if s.id is not None}
    successors = successors_of_each(store, chosen.values())
    return {sid: lifecycle(s, day, successors.get(sid, [])) for sid, s in chosen.items()}


def statuses_now(store: Store, standards: Iterable[Standard], when: dt.date | None = None) -> dict[int, StatusOn]:
    """The status today of each of ``standards`` (those with an id), by id: ``status_now``, but reading successors
    only for an edition whose source gives no status (of one it states, they change the dates, not the status)."""
    day, chosen = when or dt.date.today(), {s.id: s for s in standards if s.id is not None}
    successors = successors_of_each(store, [s for s in chosen.values() if s.status == Status.UNKNOWN])
    return {sid: lifecycle(s, day, successors.get(sid, [])) for sid, s in chosen.items()}


def lifecycle(standard: Standard, when: dt.date, successors: Sequence[Successor] = ()) -> StatusOn:
    """The status of ``standard`` on ``when`` (see the module's rules), given the standards that replaced it."""
    day, stated = when.isoformat(), standard.status

    def found(status: str, since: str | None, until: str | None, basis: str) -> StatusOn:
        return StatusOn(day, status, since, until, basis, derived=status != stated.value, stated=stated.value)

    if stated in _PROJECTS:
        return found(stated.value, None, None, _("a project, never published"))
    published = date_floor(standard.published)
    start = date_floor(standard.implemented) or published
    first = published or (dt.date(standard.year, 1, 1) if standard.year else None) or start
    end_text, end_status, end_basis = _end(standard, successors)
    end = date_floor(end_text)
    if first is not None and when < first:
        return found(NOT_YET_PUBLISHED, None, first.isoformat(), _("publication date in the source"))
    if start is not None and when < start:
        return found(Status.ANNOUNCED.value, (first or start).isoformat(), start.isoformat(),
                     _("published, implementation date not reached"))  # fmt: skip
    if end is not None and when >= end:
        return found(end_status.value, end_text, None, end_basis)
    until = end.isoformat() if end is not None else None
    if stated in _ENDED and when >= (date_floor(standard.imported_at) or when):  # the source's word, once read
        return found(stated.value, None, None, _("the source says so; it gives no date"))
    if stated in _ENDED and end is None:
        basis = _("{status} on a date the source does not give").format(status=_(stated.value))
        return found(Status.UNKNOWN.value, start.isoformat() if start else None, None, basis)
    if start is not None:
        if stated == Status.UNKNOWN:
            basis = _("in force from its implementation date; no withdrawal or replacement is known")
            if standard.implemented is None:
                basis = _("in force from its publication date; no withdrawal or replacement is known")
        else:
            basis = _("in force from its publication or implementation date")
        return found(Status.IN_FORCE.value, start.isoformat(), until, basis)
    if stated == Status.UNKNOWN and end is not None and first is not None:  # its replacement is yet to come
        basis = _("published, and what replaces it comes into force on {date}").format(date=end.isoformat())
        return found(Status.IN_FORCE.value, None, until, basis)
    if stated == Status.UNKNOWN:
        if standard.year:
            basis = _("the source gives no status and no date, and no later edition is known")
        else:
            basis = _("the source gives no status and no date")
        return found(Status.UNKNOWN.value, None, until, basis)
    if when >= (date_floor(standard.imported_at) or when):
        return found(stated.value, None, until, _("the source says so; it gives no date"))
    return found(Status.UNKNOWN.value, None, until, _("the source gives no publication date"))


def _end(standard: Standard, successors: Sequence[Successor]) -> tuple[str | None, Status, str]:
    """When the edition stopped being in force, as what, and on what basis (None: no end known)."""
    if standard.withdrawn:
        status = Status.REPLACED if standard.status == Status.REPLACED or successors else Status.WITHDRAWN
        return standard.withdrawn, status, _("withdrawal date in the source")
    if standard.status not in (Status.UNKNOWN, Status.REPLACED):
        return None, Status.REPLACED, ""
    dated = sorted((s for s in successors if s.in_force), key=lambda s: date_floor(s.in_force) or dt.date.max)
    if not dated:
        return None, Status.REPLACED, ""
    first = dated[0]
    if first.declared:
        basis = _("{identifier}, which replaced it, came into force").format(identifier=first.identifier)
    else:
        basis = _("{identifier}, a later edition of the same work, came into force").format(
            identifier=first.identifier)  # fmt: skip
    return first.in_force, Status.REPLACED, basis


_floor = lru_cache(maxsize=1 << 16)(date_floor)  # whole systems' dates: few distinct values, read many times


def in_force_span(standard: Standard, successors: Sequence[Successor] = ()) -> tuple[str, str] | None:
    """The days ``standard`` is in force by ``lifecycle``'s rules, as ISO dates ``[since, until)`` ("" for no
    start, "9999-12-31" for no end), or None when it never is: ``lifecycle(standard, day).status`` is in force
    exactly when ``since <= day.isoformat() < until`` (every rule is a bound on the day, so the days form one
    span). The connectivity index decides the days of whole systems with one call per edition."""
    stated = standard.status
    if stated in _PROJECTS:
        return None
    published = _floor(standard.published)
    start = _floor(standard.implemented) or published
    first = published or (dt.date(standard.year, 1, 1) if standard.year else None) or start
    end = _floor(_end(standard, successors)[0])
    imported = _floor(standard.imported_at[:10]) if standard.imported_at else None
    lows = [d for d in (first, start) if d is not None]
    highs = [d for d in (end,) if d is not None]
    if stated in _ENDED:  # the source's word holds from the day it was read
        if imported is None or end is None or start is None:
            return None
        highs.append(imported)
    elif start is None:
        if stated == Status.UNKNOWN:
            if end is None or first is None:
                return None
        elif stated == Status.IN_FORCE:
            if imported is not None:
                lows.append(imported)
        else:
            return None
    since, until = max(lows, default=None), min(highs, default=None)
    if since is not None and until is not None and since >= until:
        return None
    return (since.isoformat() if since else "", until.isoformat() if until else "9999-12-31")
