"""The connectivity index of two standards systems: how far they are connected, stage by stage, at any date.

``connectivity(catalog, Scope("country", "CN"), Scope("country", "JP"), dates)`` answers with a ``Connectivity``:
for each date, overall and per ICS field, each side's figures of the four stages (docs/connectivity.md gives the
formulas and a worked example):

``standards``    the side's whole editions (``lifecycle.is_edition``) in force on the date (``lifecycle``)
``recognised``   of them, those with a declared counterpart on the other side also in force on the date (a link
                 ``compatibility.declared_links`` finds: same, IDT, MOD, EQV, NEQ or declared; not
                 ``related-edition``, whose works correspond but not these editions)
``common``       of them, those whose counterpart is the same document, IDT or MOD
``same_original`` of them, those linked through a common original both adopt (a two-step link)
``shared``       those named, with a standard of the other side in force, by an entry of the latest release a
                 mutual-recognition programme had published by the date
``symbiotic``    those named, with a standard of the other side in force, by a programme entry at the stage
                 symbiosis (jointly developed or revised)

and the normalised mutual information of the two systems through the declared links in force on the date
(``compatibility.information_between``, symmetric mean). Each stage's share is its count over ``standards``.

The standards and links of both sides are read once; the dates are swept in memory. Results are cached until the
catalogue changes (``Store.revision`` and ``Store.latest_change``) or a programme publishes or records symbiosis
(the audit log's head).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from stdbridge.analytics.compatibility import Scope, information_between, scope_members
from stdbridge.analytics.compatibility.links import declared_links
from stdbridge.analytics.compatibility.scope import no_members_message
from stdbridge.catalog import Catalog
from stdbridge.catalog.lifecycle import is_edition, lifecycle, successors_of_each
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.models import Standard, Status, date_floor
from stdbridge.recognition.model import Stage
from stdbridge.runtime import without_cycle_collection

STAGES = ("recognised", "common", "same_original", "shared", "symbiotic")
RECOGNISED_KINDS = frozenset({"same", "IDT", "MOD", "EQV", "NEQ", "declared"})
COMMON_KINDS = frozenset({"same", "IDT", "MOD"})
_CACHE_SIZE = 256
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(slots=True)
class SideFigures:
    """One side's counts on one date (see the module)."""

    standards: int = 0
    recognised: int = 0
    common: int = 0
    same_original: int = 0
    shared: int = 0
    symbiotic: int = 0

    def share(self, stage: str) -> float:
        count: int = getattr(self, stage)
        return count / self.standards if self.standards else 0.0

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"standards": self.standards}
        for stage in STAGES:
            found[stage] = getattr(self, stage)
            found[f"{stage}_share"] = round(self.share(stage), 4)
        return found


@dataclass(slots=True)
class Point:
    """The figures on one date: both sides overall, the mutual information, and both sides per ICS field."""

    date: str
    a: SideFigures
    b: SideFigures
    information: float
    fields: dict[str, tuple[SideFigures, SideFigures]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date, "a": self.a.to_json(), "b": self.b.to_json(),
            "information": round(self.information, 4),
            "fields": {code: {"a": fa.to_json(), "b": fb.to_json()} for code, (fa, fb) in sorted(self.fields.items())},
        }  # fmt: skip


@dataclass(slots=True)
class Connectivity:
    a: Scope
    b: Scope
    ics: str | None
    points: list[Point]
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a.to_json(), "b": self.b.to_json(), "ics": self.ics,
                "points": [p.to_json() for p in self.points], "seconds": round(self.seconds, 3)}  # fmt: skip

    def rows(self) -> list[list[Any]]:
        """One row per date, side and field ("" overall): the table that CSV and XLSX downloads hold."""
        header = ["date", "side", "system", "ics", "standards", *STAGES, *(f"{s}_share" for s in STAGES)]
        rows: list[list[Any]] = [[*header, "information"]]
        for p in self.points:
            parts = [("", p.a, p.b), *((code, fa, fb) for code, (fa, fb) in sorted(p.fields.items()))]
            for code, fa, fb in parts:
                for side, scope, figures in (("a", self.a, fa), ("b", self.b, fb)):
                    rows.append([p.date, side, str(scope), code, figures.standards,
                                 *(getattr(figures, s) for s in STAGES),
                                 *(round(figures.share(s), 4) for s in STAGES), round(p.information, 4)])  # fmt: skip
        return rows


def year_ends(first: int, last: int) -> list[dt.date]:
    """31 December of each year from ``first`` to ``last`` (a bad range is the caller's error, named)."""
    if not FIRST_YEAR <= first <= last <= LAST_YEAR:
        raise UsageError(_("years run from {first} to {last}, the first not after the last; not {value}").format(
            first=FIRST_YEAR, last=LAST_YEAR, value=f"{first}-{last}"))  # fmt: skip
    return [dt.date(year, 12, 31) for year in range(first, last + 1)]


# the cache: one entry per question and state of the catalogue --------------------------------------------------
_cache: OrderedDict[tuple[Any, ...], Connectivity] = OrderedDict()
_cache_lock = threading.Lock()


def catalogue_state(catalog: Catalog) -> tuple[Any, ...]:
    """What changes whenever the figures may: the change feed's latest number and the store's revision (imports,
    decisions), and the audit log's head (releases published, symbiosis recorded: audited actions)."""
    store = catalog.store
    return (id(store), store.latest_change(), store.revision(), store.audit_head()[0])


def connectivity(
    catalog: Catalog, a: Scope, b: Scope, dates: Sequence[dt.date], ics: str | None = None
) -> Connectivity:
    """The connectivity of ``a`` and ``b`` on each of ``dates`` (see the module), cached until the catalogue
    changes."""
    if not dates:
        raise UsageError(_("name at least one date"))
    key = (catalogue_state(catalog), a, b, tuple(dates), ics)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    with without_cycle_collection():
        found = _connectivity(catalog, a, b, sorted(dates), ics)
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found


def _connectivity(catalog: Catalog, a: Scope, b: Scope, dates: list[dt.date], ics: str | None) -> Connectivity:
    started = time.perf_counter()
    side_a, side_b = _side(catalog, a, ics), _side(catalog, b, ics)
    history = _History.read(catalog, side_a, side_b)
    points = [history.point(day) for day in dates]
    return Connectivity(a, b, ics, points, time.perf_counter() - started)


def _side(catalog: Catalog, scope: Scope, ics: str | None) -> dict[int, Standard]:
    """Every whole edition of the system, whatever its status today: the dates decide which count when."""
    side = {
        s.id: s for s in scope_members(catalog, scope, members="all", ics=ics) if s.id is not None and is_edition(s)
    }
    if not side:
        raise NotFound(no_members_message(catalog, scope, ics))
    return side


@dataclass(slots=True)
class _History:
    """What the sweep over the dates needs, read once: both sides, their successors, the declared links and the
    programme entries naming a standard of each side."""

    side_a: dict[int, Standard]
    side_b: dict[int, Standard]
    successors: dict[int, list[Any]]
    links: list[tuple[int, int, str, int]]  # a id, b id, kind, steps
    releases: list[tuple[str, list[tuple[int, int]]]]  # (published_at, pairs of the programme's latest release)
    symbiosis: list[tuple[int, int]]
    states: dict[int, tuple[bool, str | None, str]] = field(default_factory=dict)  # id -> (in force, until, asked on)

    @classmethod
    def read(cls, catalog: Catalog, side_a: dict[int, Standard], side_b: dict[int, Standard]) -> _History:
        store = catalog.store
        successors = successors_of_each(store, [*side_a.values(), *side_b.values()])
        declared = declared_links(catalog, side_a, side_b)
        links = [(x, y, d.kind, d.steps) for (x, y), d in declared.items() if d.kind in RECOGNISED_KINDS]
        a_keys = _by_key(side_a)
        b_keys = _by_key(side_b)

        def pairs(keys: Iterable[str]) -> list[tuple[int, int]]:
            named = list(keys)
            return [(x, y) for k in named for x in a_keys.get(k, ()) for m in named for y in b_keys.get(m, ())]

        releases: list[tuple[str, list[tuple[int, int]]]] = []
        symbiosis: list[tuple[int, int]] = []
        for programme in store.list_programmes():
            if programme.id is None:
                continue
            for listed in store.releases_of(programme.id):  # listed without their documents
                release = store.release_of(programme.id, listed.number)
                entries: Any = (release.document if release else {}).get("entries") or []
                found = [p for e in entries for p in pairs(s["edition_key"] for s in e.get("standards", ()))]
                releases.append((f"{programme.id:012d}{listed.published_at}", found))
            for entry in store.entries_of(programme.id, stage=Stage.SYMBIOSIS)[0]:
                symbiosis += pairs(s.edition_key for s in entry.standards)
        return cls(side_a, side_b, successors, links, releases, symbiosis)

    def point(self, day: dt.date) -> Point:
        live_a = {x for x, s in self.side_a.items() if self._in_force(s, day)}
        live_b = {y for y, s in self.side_b.items() if self._in_force(s, day)}
        marks: dict[str, set[tuple[str, int]]] = defaultdict(set)  # stage -> (side, id)
        a_counterparts: dict[int, set[int]] = {x: set() for x in live_a}
        b_counterparts: dict[int, set[int]] = {y: set() for y in live_b}
        for x, y, kind, steps in self.links:
            if x in live_a and y in live_b:
                a_counterparts[x].add(y)
                b_counterparts[y].add(x)
                for side, sid in (("a", x), ("b", y)):
                    marks["recognised"].add((side, sid))
                    if kind in COMMON_KINDS:
                        marks["common"].add((side, sid))
                    if steps == 2:
                        marks["same_original"].add((side, sid))
        for x, y in self._released_by(day):
            if x in live_a and y in live_b:
                marks["shared"] |= {("a", x), ("b", y)}
        for x, y in self.symbiosis:
            if x in live_a and y in live_b:
                marks["symbiotic"] |= {("a", x), ("b", y)}
        fa, fb = self._figures(live_a, self.side_a, "a", marks), self._figures(live_b, self.side_b, "b", marks)
        information = information_between(a_counterparts, b_counterparts).symmetric if live_a and live_b else 0.0
        fields: dict[str, tuple[SideFigures, SideFigures]] = {}
        by_field_a, by_field_b = _fields(live_a, self.side_a), _fields(live_b, self.side_b)
        for code in sorted(by_field_a.keys() | by_field_b.keys()):
            fields[code] = (
                self._figures(by_field_a.get(code, set()), self.side_a, "a", marks),
                self._figures(by_field_b.get(code, set()), self.side_b, "b", marks),
            )
        return Point(day.isoformat(), fa, fb, information, fields)

    def _in_force(self, standard: Standard, day: dt.date) -> bool:
        """Whether ``standard`` is in force on ``day``: ``lifecycle`` is asked again only once the date its last
        answer holds until is reached (the dates are swept in order, so most years cost a comparison)."""
        assert standard.id is not None
        when = day.isoformat()
        known = self.states.get(standard.id)
        if known is not None and known[2] <= when and (known[1] is None or when < known[1]):
            return known[0]
        status = lifecycle(standard, day, self.successors.get(standard.id, ()))
        until = date_floor(status.until)
        self.states[standard.id] = (status.status == Status.IN_FORCE.value, until.isoformat() if until else None, when)
        return status.status == Status.IN_FORCE.value

    def _released_by(self, day: dt.date) -> list[tuple[int, int]]:
        """The pairs of each programme's latest release published by ``day``."""
        latest: dict[str, list[tuple[int, int]]] = {}
        for stamp, pairs in sorted(self.releases):
            programme, published = stamp[:12], stamp[12:]
            if published[:10] <= day.isoformat():
                latest[programme] = pairs
        return [p for pairs in latest.values() for p in pairs]

    @staticmethod
    def _figures(
        ids: Iterable[int], side: dict[int, Standard], name: str, marks: dict[str, set[tuple[str, int]]]
    ) -> SideFigures:
        figures = SideFigures()
        for sid in ids:
            figures.standards += 1
            for stage in STAGES:
                if (name, sid) in marks[stage]:
                    setattr(figures, stage, getattr(figures, stage) + 1)
        return figures


def _fields(ids: Iterable[int], side: dict[int, Standard]) -> dict[str, set[int]]:
    """The standards of each ICS field (two digits); a standard in two fields counts in both."""
    found: dict[str, set[int]] = defaultdict(set)
    for sid in ids:
        for code in {c[:2] for c in side[sid].ics if len(c) >= 2}:
            found[code].add(sid)
    return found


def _by_key(side: dict[int, Standard]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = defaultdict(list)
    for sid, s in side.items():
        found[s.edition_key].append(sid)
    return found


# a group: every pair ------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Matrix:
    """The connectivity of every ordered pair of a group on one date: ``cells[i][j]`` is row system i's figures
    towards column system j (None on the diagonal and where a system holds no standards)."""

    scopes: list[Scope]
    date: str
    cells: list[list[SideFigures | None]]
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"systems": [s.to_json() for s in self.scopes], "date": self.date,
                "cells": [[c.to_json() if c else None for c in row] for row in self.cells],
                "seconds": round(self.seconds, 3)}  # fmt: skip

    def rows(self, stage: str = "recognised") -> list[list[Any]]:
        header: list[Any] = ["", *(str(s) for s in self.scopes)]
        return [header, *([str(s), *(round(c.share(stage), 4) if c else "" for c in row)]
                          for s, row in zip(self.scopes, self.cells, strict=True))]  # fmt: skip


def matrix(catalog: Catalog, scopes: Sequence[Scope], day: dt.date, ics: str | None = None) -> Matrix:
    """The figures of every pair of ``scopes`` on ``day``: one ``connectivity`` per unordered pair (cached)."""
    if len(scopes) < 2:
        raise UsageError(_("a group needs at least two countries or bodies"))
    started = time.perf_counter()
    cells: list[list[SideFigures | None]] = [[None] * len(scopes) for _s in scopes]
    for i, a in enumerate(scopes):
        for j in range(i + 1, len(scopes)):
            try:
                point = connectivity(catalog, a, scopes[j], [day], ics).points[0]
            except NotFound:
                continue
            cells[i][j], cells[j][i] = point.a, point.b
    return Matrix(list(scopes), day.isoformat(), cells, time.perf_counter() - started)
