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

Each system's editions are read once per state of the catalogue with their days in force, which the store keeps
(``Store.edition_spans``: ``lifecycle.in_force_span`` worked out by every write, ``store.spans_sql``); a pair reads
the adoption and equivalence edges around its two sides' standards, a group every edge of the catalogue, once per
state (``connectivity_links``); every date comes from one sorted pass over the spans. A group's matrix shares
those reads and is worked out in one walk over the group's standards (``connectivity_links.group_marks``). Answers
are kept in the process and in the store (``Store.keep_answer``) under the catalogue's state
(``catalogue_state``): an import, a decision, a release published or symbiosis recorded makes them stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
import time
import uuid
import weakref
from bisect import bisect_right
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from stdbridge.analytics.compatibility import Scope
from stdbridge.analytics.compatibility.scope import no_members_message
from stdbridge.analytics.connectivity_links import Bridges, Link, group_marks, recognised_links
from stdbridge.catalog import Catalog
from stdbridge.errors import MissingExtra, NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.recognition.model import Stage
from stdbridge.runtime import now_iso, without_cycle_collection
from stdbridge.search.index import work_hash
from stdbridge.search.selection import standard_ids, work_hashes
from stdbridge.store import Store

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

    @classmethod
    def from_json(cls, found: dict[str, Any]) -> SideFigures:
        return cls(found["standards"], *(found[stage] for stage in STAGES))

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

    @classmethod
    def from_json(cls, found: dict[str, Any]) -> Connectivity:
        points = [
            Point(p["date"], SideFigures.from_json(p["a"]), SideFigures.from_json(p["b"]), p["information"],
                  {code: (SideFigures.from_json(f["a"]), SideFigures.from_json(f["b"]))
                   for code, f in p["fields"].items()})
            for p in found["points"]
        ]  # fmt: skip
        scope_a, scope_b = (Scope(found[s]["kind"], found[s]["code"]) for s in ("a", "b"))
        return cls(scope_a, scope_b, found["ics"], points, found["seconds"])

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
_cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_cache_lock = threading.Lock()
_tokens: weakref.WeakKeyDictionary[Store, str] = weakref.WeakKeyDictionary()
_bridges: dict[str, tuple[tuple[Any, ...], Bridges]] = {}  # store token -> (state, its edges): one state per store
_bridges_near: dict[str, tuple[tuple[Any, ...], frozenset[int], Bridges]] = {}  # ... the edges around some ids


def catalogue_state(catalog: Catalog) -> tuple[Any, ...]:
    """What changes whenever the figures may: the change feed's latest number and the store's revision (imports,
    decisions), and what the programmes have published and recorded at the stage symbiosis (``_Programmes``);
    not the audit log's head, which moves with actions that change no figure (a group saved)."""
    store = catalog.store
    return (_token_of(store), store.latest_change(), store.revision(), _programmes_state(store))


def _token_of(store: Store) -> str:
    """A name of this store object for the process's caches: unlike its ``id``, never that of another store
    opened after it was closed (two catalogues can have the same counts)."""
    with _cache_lock:
        token = _tokens.get(store)
        if token is None:
            token = _tokens[store] = uuid.uuid4().hex
    return token


def _programmes_state(store: Store) -> str:
    """The releases of every programme and its entries at the stage symbiosis, as a short digest."""
    parts = []
    for programme in store.list_programmes():
        if programme.id is not None:
            releases = [(r.number, r.published_at) for r in store.releases_of(programme.id)]
            entries = [(e.id, [s.edition_key for s in e.standards])
                       for e in store.entries_of(programme.id, stage=Stage.SYMBIOSIS)[0]]  # fmt: skip
            parts.append((programme.id, releases, entries))
    return hashlib.blake2b(orjson.dumps(parts), digest_size=12).hexdigest()


def _answer(catalog: Catalog, question: tuple[Any, ...], work: Any, rebuild: Any) -> Any:
    """The answer to ``question`` on the catalogue's present state: from the process's cache, else the one the
    store keeps for that state (``Store.kept_answer``), else worked out by ``work()`` and kept in both."""
    state = catalogue_state(catalog)
    key = (state, *question)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    stored_key, stored_state = orjson.dumps(question, default=str).decode(), ":".join(map(str, state[1:]))
    kept = catalog.store.kept_answer(stored_key, stored_state)
    if kept is not None:
        found = rebuild(kept)
    else:
        with without_cycle_collection():
            found = work(state)
        catalog.store.keep_answer(stored_key, stored_state, found.to_json(), now_iso())
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found


def connectivity(
    catalog: Catalog, a: Scope, b: Scope, dates: Sequence[dt.date], ics: str | None = None
) -> Connectivity:
    """The connectivity of ``a`` and ``b`` on each of ``dates`` (see the module), kept until the catalogue
    changes."""
    if not dates:
        raise UsageError(_("name at least one date"))
    days = sorted(set(dates))
    question = ("pair", str(a), str(b), tuple(d.isoformat() for d in days), ics)
    return _answer(catalog, question, lambda state: _connectivity(catalog, state, a, b, days, ics),  # type: ignore[no-any-return]
                   Connectivity.from_json)  # fmt: skip


def _bridges_of(catalog: Catalog, state: tuple[Any, ...]) -> Bridges:
    """The catalogue's adoption and equivalence edges, read once per state of the catalogue (and per store)."""
    held = _bridges.get(state[0])
    if held is not None and held[0] == state:
        return held[1]
    found = Bridges.read(catalog.store)
    _bridges[state[0]] = (state, found)
    return found


def _bridges_around(catalog: Catalog, state: tuple[Any, ...], ids: set[int]) -> Bridges:
    """The edges two sides' links run along: those of the whole catalogue when they are held for this state (a
    group's matrix read them), else those with an end among ``ids`` (a pair asks only about its own)."""
    held = _bridges.get(state[0])
    if held is not None and held[0] == state:
        return held[1]
    near = _bridges_near.get(state[0])
    if near is not None and near[0] == state and ids <= near[1]:
        return near[2]
    found = Bridges.read(catalog.store, around=ids)
    _bridges_near[state[0]] = (state, frozenset(ids), found)  # the last pair's, for its next questions
    return found


_scopes_read: dict[str, tuple[tuple[Any, ...], dict[tuple[Scope, str | None], _Members]]] = {}
_SCOPES_KEPT = 40


def _members(catalog: Catalog, state: tuple[Any, ...], scopes: Sequence[Scope], ics: str | None) -> _Members:
    """The editions of ``scopes``: the systems of one question read together, once per state of the catalogue,
    and kept for the next questions (a system is cut out of the group it was read with when a later question
    asks for it with others) until the catalogue changes."""
    held = _scopes_read.get(state[0])
    if held is None or held[0] != state:
        held = _scopes_read[state[0]] = (state, {})
    read = held[1]
    wanted = list(dict.fromkeys(scopes))
    missing = [scope for scope in wanted if (scope, ics) not in read]
    if missing:
        if len(read) + len(missing) > _SCOPES_KEPT:
            read.clear()
        fresh = _Members.read(catalog, missing, ics)
        read.update({(scope, ics): fresh for scope in missing})
    sources = [read[(scope, ics)] for scope in wanted]
    if all(source is sources[0] for source in sources) and set(sources[0].scopes) == set(wanted):
        return sources[0]  # read together for this very question
    return _Members.joined([source.part(scope) if len(source.scopes) > 1 else source
                            for scope, source in zip(wanted, sources, strict=True)])  # fmt: skip


@dataclass(slots=True)
class _Members:
    """The whole editions of the systems of a question, read once: their dates in force, works and fields."""

    scopes: dict[Scope, set[int]]  # the ids of each system's editions in force on some day
    held: set[Scope]  # the systems holding any edition
    spans: dict[int, tuple[str, str]]
    works: dict[int, int]
    fields: dict[int, tuple[str, ...]]
    keys: dict[str, list[int]]  # edition key -> ids

    @classmethod
    def read(cls, catalog: Catalog, scopes: Sequence[Scope], ics: str | None) -> _Members:
        index = catalog.search_engine().index
        ids_of: dict[Scope, list[int]] = {}
        for scope in dict.fromkeys(scopes):
            where: dict[str, str | list[str]] = {scope.kind: scope.code}
            if ics:
                where["ics"] = ics
            ids_of[scope] = standard_ids(index, where, {})
        rows = catalog.store.edition_spans(i for ids in ids_of.values() for i in ids)  # whole editions only
        spans = {r.id: r.span for r in rows if r.span is not None}
        works: dict[str, int] = {}
        keys: dict[str, list[int]] = defaultdict(list)
        for r in rows:
            if r.span is not None:
                works.setdefault(r.work_key, 0)
                keys[r.edition_key].append(r.id)
        works = {work: work_hash(work) for work in works}
        editions = {r.id for r in rows}
        return cls(
            {scope: {i for i in ids if i in spans} for scope, ids in ids_of.items()},
            {scope for scope, ids in ids_of.items() if any(i in editions for i in ids)}, spans,
            {r.id: works[r.work_key] for r in rows if r.span is not None},
            {r.id: r.fields for r in rows if r.span is not None}, dict(keys),
        )  # fmt: skip

    def part(self, scope: Scope) -> _Members:
        """What this holds of one of its systems."""
        ids = self.scopes[scope]
        keys: dict[str, list[int]] = defaultdict(list)
        for key, found in self.keys.items():
            for sid in found:
                if sid in ids:
                    keys[key].append(sid)
        return _Members({scope: ids}, self.held & {scope}, {i: self.spans[i] for i in ids},
                        {i: self.works[i] for i in ids}, {i: self.fields[i] for i in ids}, dict(keys))  # fmt: skip

    @classmethod
    def joined(cls, parts: Sequence[_Members]) -> _Members:
        if len(parts) == 1:
            return parts[0]
        found = cls({}, set(), {}, {}, {}, {})
        for part in parts:
            found.scopes.update(part.scopes)
            found.held |= part.held
            found.spans.update(part.spans)
            found.works.update(part.works)
            found.fields.update(part.fields)
        keys: dict[str, set[int]] = defaultdict(set)
        for part in parts:
            for key, ids in part.keys.items():
                keys[key].update(ids)
        found.keys = {key: sorted(ids) for key, ids in keys.items()}
        return found

    def side(self, catalog: Catalog, scope: Scope, ics: str | None, day: str | None = None) -> dict[int, int]:
        """The system's editions in force on some day (on ``day``, when given): id -> work hash."""
        ids = self.scopes[scope]
        if day is not None:
            ids = {i for i in ids if self.spans[i][0] <= day < self.spans[i][1]}
        if scope not in self.held:
            raise NotFound(no_members_message(catalog, scope, ics))
        return {i: self.works[i] for i in ids}

    def outside_works(self, catalog: Catalog) -> Any:
        def works_of(ids: Any) -> dict[int, int]:
            known = {i: self.works[i] for i in ids if i in self.works}
            return {**known, **work_hashes(catalog.search_engine().index, {i for i in ids if i not in known})}

        return works_of


@dataclass(slots=True)
class _Programmes:
    """The edition keys each mutual-recognition programme pairs: per release, the days it is the programme's
    latest (from its publication to the next one's), and the entries at the stage symbiosis (always)."""

    releases: list[tuple[str, str, list[list[str]]]]  # since, until, the edition keys of each entry
    symbiosis: list[list[str]]

    @classmethod
    def read(cls, catalog: Catalog) -> _Programmes:
        store = catalog.store
        releases: list[tuple[str, str, list[list[str]]]] = []
        symbiosis: list[list[str]] = []
        for programme in store.list_programmes():
            if programme.id is None:
                continue
            listed = sorted(store.releases_of(programme.id), key=lambda r: r.published_at)  # without documents
            for n, release in enumerate(listed):
                document = store.release_of(programme.id, release.number)
                entries: Any = (document.document if document else {}).get("entries") or []
                until = listed[n + 1].published_at[:10] if n + 1 < len(listed) else "9999-12-31"
                keys = [[s["edition_key"] for s in e.get("standards", ())] for e in entries]
                releases.append((release.published_at[:10], until, keys))
            for entry in store.entries_of(programme.id, stage=Stage.SYMBIOSIS)[0]:
                symbiosis.append([s.edition_key for s in entry.standards])
        return cls(releases, symbiosis)

    def pairs(self, members: _Members, a: Collection[int], b: Collection[int]) -> tuple[
        list[tuple[int, int, str, str]], list[tuple[int, int]]
    ]:  # fmt: skip
        """The (a id, b id, since, until) of the releases and the (a id, b id) of symbiosis."""

        def named(keys: list[str]) -> list[tuple[int, int]]:
            ids = [i for k in keys for i in members.keys.get(k, ())]
            return [(x, y) for x in ids if x in a for y in ids if y in b]

        shared = [(x, y, since, until) for since, until, entries in self.releases for keys in entries
                  for x, y in named(keys) if since < until]  # fmt: skip
        return shared, [p for keys in self.symbiosis for p in named(keys)]


def _connectivity(
    catalog: Catalog, state: tuple[Any, ...], a: Scope, b: Scope, days: list[dt.date], ics: str | None
) -> Connectivity:
    started = time.perf_counter()
    members = _members(catalog, state, [a, b], ics)
    side_a, side_b = members.side(catalog, a, ics), members.side(catalog, b, ics)
    links = recognised_links(_bridges_around(catalog, state, side_a.keys() | side_b.keys()), side_a, side_b,
                             members.outside_works(catalog))  # fmt: skip
    shared, symbiosis = _Programmes.read(catalog).pairs(members, side_a, side_b)
    sweep = _Sweep(members)
    for x in side_a:
        sweep.standard("a", x)
    for y in side_b:
        sweep.standard("b", y)
    for (x, y), (kind, steps) in links.items():
        stages = (
            ["recognised"] + (["common"] if kind in COMMON_KINDS else []) + (["same_original"] if steps == 2 else [])
        )
        sweep.pair(x, y, stages)
    for x, y, since, until in shared:
        sweep.pair(x, y, ["shared"], since, until)
    for x, y in symbiosis:
        sweep.pair(x, y, ["symbiotic"])
    points = sweep.points([d.isoformat() for d in days], links)
    return Connectivity(a, b, ics, points, time.perf_counter() - started)


class _Sweep:
    """Every date's figures from one sorted pass: each standard's days in force, and the days each of its stages
    holds (the union over its pairs of the days both ends are in force, and the pair counts), as the starts and
    ends of spans; the count on a day is the spans started by then less those ended."""

    def __init__(self, members: _Members) -> None:
        self.members = members
        self.marked: dict[tuple[str, str, int], list[tuple[str, str]]] = defaultdict(list)  # side, stage, id
        self.standards: dict[str, list[int]] = {"a": [], "b": []}

    def standard(self, side: str, sid: int) -> None:
        self.standards[side].append(sid)

    def pair(self, x: int, y: int, stages: list[str], since: str = "", until: str = "9999-12-31") -> None:
        (ax, bx), (ay, by) = self.members.spans[x], self.members.spans[y]
        low, high = max(ax, ay, since), min(bx, by, until)
        if low < high:
            for stage in stages:
                self.marked[("a", stage, x)].append((low, high))
                self.marked[("b", stage, y)].append((low, high))

    def points(self, days: list[str], links: dict[tuple[int, int], Link]) -> list[Point]:
        starts: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # side, stage, field ("" overall)
        ends: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        spans, fields = self.members.spans, self.members.fields

        def add(side: str, stage: str, sid: int, low: str, high: str) -> None:
            for code in ("", *fields[sid]):
                starts[(side, stage, code)].append(low)
                ends[(side, stage, code)].append(high)

        for side, ids in self.standards.items():
            for sid in ids:
                add(side, "standards", sid, *spans[sid])
        for (side, stage, sid), found in self.marked.items():
            for low, high in _union(found):
                add(side, stage, sid, low, high)
        for key in starts:
            starts[key].sort()
            ends[key].sort()
        codes = sorted({code for _side, _stage, code in starts if code})

        def figures(side: str, code: str, day: str) -> SideFigures:
            counts = []
            for stage in ("standards", *STAGES):
                key = (side, stage, code)
                counts.append(bisect_right(starts.get(key, ()), day) - bisect_right(ends.get(key, ()), day))
            return SideFigures(*counts)

        linked = []  # the days both ends of each link are in force
        for x, y in links:
            low, high = max(spans[x][0], spans[y][0]), min(spans[x][1], spans[y][1])
            if low < high:
                linked.append((low, high, x, y))
        points: list[Point] = []
        arrays: list[Any] = []
        for day in days:
            fa, fb = figures("a", "", day), figures("b", "", day)
            by_field = {code: (figures("a", code, day), figures("b", code, day)) for code in codes}
            by_field = {code: (f, g) for code, (f, g) in by_field.items() if f.standards or g.standards}
            information = _information(linked, day, fa.standards, fb.standards, arrays)
            points.append(Point(day, fa, fb, information, by_field))
        return points


def _link_stages(kind: str, steps: int) -> list[str]:
    """The stages a counted link marks: recognition always, commonality for the same document, IDT or MOD, the same
    original for a link through a common original."""
    return ["recognised", *(["common"] if kind in COMMON_KINDS else []), *(["same_original"] if steps == 2 else [])]


def _union(spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The days of overlapping spans, each day once."""
    merged: list[tuple[str, str]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


def _information(
    linked: list[tuple[str, str, int, int]], day: str, n: int, m: int, arrays: list[Any] | None = None
) -> float:
    """The symmetric normalised mutual information through the links whose two ends are in force on ``day``
    (``linked``: the days both are, and the two ends): ``compatibility.information``'s formulas, summed over
    arrays (numpy) rather than one standard at a time. ``arrays`` keeps ``linked`` as arrays for the next dates
    (made at the first date that needs them)."""
    if not n or not m or not linked:
        return 0.0
    np = _numpy()
    arrays = [] if arrays is None else arrays
    if not arrays:
        arrays += [np.array([low for low, _high, _x, _y in linked]), np.array([high for _low, high, _x, _y in linked]),
                   np.array([x for _low, _high, x, _y in linked], dtype=np.int64),
                   np.array([y for _low, _high, _x, y in linked], dtype=np.int64)]  # fmt: skip
    lows, highs, every_x, every_y = arrays
    alive = (lows <= day) & (day < highs)
    xs, ys = every_x[alive], every_y[alive]
    return (_normalised(np, xs, ys, n, m) + _normalised(np, ys, xs, m, n)) / 2


def _numpy() -> Any:
    try:
        import numpy
    except ImportError as missing:
        raise MissingExtra("bulk", missing) from None
    return numpy


def _normalised(np: Any, sources: Any, targets: Any, n: int, m: int) -> float:
    """``normalised_mutual_information`` of ``n`` sources over ``m`` targets, given the (source, target) pairs of
    their counterparts (each pair once)."""
    most = min(n, m)
    if most <= 1:
        return 0.0
    _ids, source_index = np.unique(sources, return_inverse=True)
    degree = np.bincount(source_index).astype(float)
    _targets, target_index = np.unique(targets, return_inverse=True)
    weights = np.bincount(target_index, weights=1.0 / degree[source_index])
    unmatched = n - len(degree)
    if len(weights) > m:
        raise ValueError(f"{len(weights)} distinct counterparts among {m} targets")
    spread = unmatched / m
    p = (weights + spread) / n
    entropy = -float(np.sum(p * np.log2(p)))
    if spread > 0:
        entropy -= (m - len(weights)) * (spread / n) * math.log2(spread / n)
    conditional = (float(np.sum(np.log2(degree))) + unmatched * math.log2(m)) / n
    return min(1.0, max(0.0, entropy - conditional) / math.log2(most))


# a group: every pair ------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Matrix:
    """The connectivity of every ordered pair of a group on one date: ``cells[i][j]`` is row system i's figures
    towards column system j (None on the diagonal and where a system holds no standards)."""

    scopes: list[Scope]
    date: str
    cells: list[list[SideFigures | None]]
    seconds: float = 0.0

    @classmethod
    def from_json(cls, found: dict[str, Any]) -> Matrix:
        cells = [[SideFigures.from_json(c) if c else None for c in row] for row in found["cells"]]
        return cls([Scope(s["kind"], s["code"]) for s in found["systems"]], found["date"], cells, found["seconds"])

    def to_json(self) -> dict[str, Any]:
        return {"systems": [s.to_json() for s in self.scopes], "date": self.date,
                "cells": [[c.to_json() if c else None for c in row] for row in self.cells],
                "seconds": round(self.seconds, 3)}  # fmt: skip

    def figures(self) -> list[list[Any]]:
        """Every figure of every cell, one row per ordered pair (row system towards column system): the table
        that CSV and XLSX downloads hold."""
        rows: list[list[Any]] = [["date", "system", "towards", "standards", *STAGES, *(f"{s}_share" for s in STAGES)]]
        for a, row in zip(self.scopes, self.cells, strict=True):
            for b, c in zip(self.scopes, row, strict=True):
                if c is not None:
                    rows.append([self.date, str(a), str(b), c.standards, *(getattr(c, s) for s in STAGES),
                                 *(round(c.share(s), 4) for s in STAGES)])  # fmt: skip
        return rows

    def rows(self, stage: str = "recognised") -> list[list[Any]]:
        """The share at ``stage`` of each row system towards each column system, as a square table."""
        header: list[Any] = ["", *(str(s) for s in self.scopes)]
        return [header, *([str(s), *(round(c.share(stage), 4) if c else "" for c in row)]
                          for s, row in zip(self.scopes, self.cells, strict=True))]  # fmt: skip


def matrix(catalog: Catalog, scopes: Sequence[Scope], day: dt.date, ics: str | None = None) -> Matrix:
    """The figures of every pair of ``scopes`` on ``day``, from one read of the group's standards and of the
    catalogue's edges (kept until the catalogue changes)."""
    if len(scopes) < 2:
        raise UsageError(_("a group needs at least two countries or bodies"))
    question = ("matrix", tuple(str(s) for s in scopes), day.isoformat(), ics)
    return _answer(catalog, question, lambda state: _matrix(catalog, state, list(scopes), day, ics),  # type: ignore[no-any-return]
                   Matrix.from_json)  # fmt: skip


def _matrix(catalog: Catalog, state: tuple[Any, ...], scopes: list[Scope], day: dt.date, ics: str | None) -> Matrix:
    """Every cell from one walk over the group's standards in force on ``day`` (``connectivity_links.group_marks``):
    each standard carries the systems it belongs to and those it reaches at each stage, as bit masks; standards
    alike in all of them are counted together."""
    started = time.perf_counter()
    when = day.isoformat()
    members = _members(catalog, state, scopes, ics)
    sides = [members.side(catalog, s, ics, when) if s in members.held else {} for s in scopes]
    alive: dict[int, int] = {}
    masks: dict[int, int] = defaultdict(int)
    for i, side in enumerate(sides):
        for x, work in side.items():
            alive[x] = work
            masks[x] |= 1 << i
    marks = group_marks(_bridges_of(catalog, state), alive, masks, members.outside_works(catalog))
    programmes = _Programmes.read(catalog)
    shared: dict[int, int] = defaultdict(int)
    symbiotic: dict[int, int] = defaultdict(int)
    named = [
        (shared, keys) for since, until, entries in programmes.releases if since <= when < until for keys in entries
    ]
    for marked, keys in [*named, *((symbiotic, keys) for keys in programmes.symbiosis)]:
        ids = [i for k in keys for i in members.keys.get(k, ()) if i in alive]
        reach = 0
        for x in ids:
            reach |= masks[x]
        for x in ids:
            marked[x] |= reach
    alike = Counter((masks[x], marks.recognised[x], marks.common[x], marks.same_original.get(x, 0), shared.get(x, 0),
                     symbiotic.get(x, 0)) for x in alive)  # fmt: skip
    size = len(scopes)
    counts = [[[0] * (1 + len(STAGES)) for _j in range(size)] for _i in range(size)]
    for (mask, *stage_masks), n in alike.items():
        for i in range(size):
            if not mask >> i & 1:
                continue
            for j in range(size):
                if j != i:
                    cell = counts[i][j]
                    cell[0] += n
                    for k, reached in enumerate(stage_masks):
                        cell[k + 1] += n if reached >> j & 1 else 0
    held = [s in members.held for s in scopes]
    cells: list[list[SideFigures | None]] = [
        [SideFigures(*counts[i][j]) if i != j and held[i] and held[j] else None for j in range(size)]
        for i in range(size)
    ]
    return Matrix(scopes, when, cells, time.perf_counter() - started)
