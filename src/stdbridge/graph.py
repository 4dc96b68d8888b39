"""The graph of standards: families, supersession, status on a date, counterparts.

Edges are stored once (``adopts``, ``replaces``, ...) and read both ways.
A relation whose target is undated ("KS Q ISO 9001 adopts ISO 9001") points
at the work and reaches each of its editions.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from stdbridge.models import Degree, DocType, Evidence, Relation, RelationType, Standard, Status, date_floor
from stdbridge.store import Store

_SUPPLEMENTS = (DocType.AMENDMENT, DocType.CORRIGENDUM)
_LIVE = (Status.IN_FORCE, Status.ANNOUNCED)
_BRIDGES = (RelationType.ADOPTS, RelationType.EQUIVALENT)


@dataclass(slots=True)
class Link:
    """A relation seen from one standard: its name from that side and the standard at the other end."""

    name: str  # "adopts", "adopted-as", "replaces", "replaced-by", ...
    other: Standard | None  # None when the other end is not in the catalogue
    other_text: str
    relation: Relation


@dataclass(slots=True)
class StatusOn:
    """The state of an edition on a given date, and what that rests on."""

    date: str
    status: str  # a Status value, or "not-yet-published"
    since: str | None
    until: str | None
    basis: str


@dataclass(slots=True)
class Family:
    standard: Standard
    current: Standard | None
    editions: list[Standard]
    drafts: list[Standard]
    supplements: list[Standard]
    replaces_chain: list[Standard]  # what it replaced, nearest first
    replaced_by_chain: list[Standard]  # what replaced it, nearest first
    adoptions: list[Link]  # both directions, for every edition of the work
    status_on: dict[str, StatusOn] = field(default_factory=dict)  # by edition key, when a date was asked


@dataclass(slots=True)
class Step:
    source: str
    relation: str
    target: str
    degree: Degree | None
    evidence: Evidence


@dataclass(slots=True)
class Counterpart:
    standard: Standard
    path: list[Step]
    degree: Degree | None  # the weakest link; None when a link's degree is unknown
    evidence: list[str]


def links_of(store: Store, standard: Standard) -> list[Link]:
    """Every relation touching ``standard``, named from its side, each once."""
    assert standard.id is not None
    rels = store.relations_touching([standard.id], [standard.work_key])
    return _links(store, rels, {standard.id}, {standard.work_key})


def _links(store: Store, rels: Iterable[Relation], ids: set[int], works: set[str]) -> list[Link]:
    rels = _unique(rels)
    wanted = {r.source_id for r in rels} | {r.target_id for r in rels}
    others = store.standards_by_ids(i for i in wanted if i is not None)
    found: list[Link] = []
    for r in rels:
        if r.source_id in ids:
            other = others.get(r.target_id) if r.target_id is not None else None
            found.append(Link(r.type.value, other, r.target_text, r))
        if r.target_id in ids or (r.target_id is None and r.target_work_key in works and r.source_id not in ids):
            other = others.get(r.source_id) if r.source_id is not None else None
            found.append(Link(r.type.inverse, other, other.identifier if other else r.source_key, r))
    return found


def _unique(rels: Iterable[Relation]) -> list[Relation]:
    """One relation per (source, type, target): two datasets stating the same edge keep the first, declared first."""
    best: dict[tuple[str, str, str], Relation] = {}
    order = {Evidence.DECLARED: 0, Evidence.IDENTIFIER: 1, Evidence.DERIVED: 2}
    for r in rels:
        key = (r.source_key, r.type.value, r.target_key)
        if key not in best or order[r.evidence] < order[best[key].evidence]:
            best[key] = r
    return list(best.values())


def current_edition(editions: Iterable[Standard]) -> Standard | None:
    """The edition a user means by an undated reference: the latest one in force, else the latest."""
    full = [s for s in editions if s.doctype not in (*_SUPPLEMENTS, DocType.DRAFT)]
    if not full:
        return None
    live = [s for s in full if s.status in _LIVE] or full
    return max(live, key=lambda s: (s.published or str(s.year or ""), s.year or 0, s.edition_key))


def _walk_replacements(store: Store, start: Standard, forward: bool, limit: int = 60) -> list[Standard]:
    """Follow ``replaced-by`` (forward) or ``replaces`` (backward) edges from ``start``."""
    chain: list[Standard] = []
    seen = {start.id}
    current = start
    while len(chain) < limit and current.id is not None:
        rels = [r for r in store.relations_touching([current.id], []) if r.type == RelationType.REPLACES]
        nxt_ids = [r.source_id if forward else r.target_id for r in rels if (r.target_id if forward else r.source_id) == current.id]
        candidates = [s for s in store.standards_by_ids(i for i in nxt_ids if i is not None).values() if s.id not in seen]
        if not candidates:
            break
        # several successors (a split) or predecessors (a merger): follow the earliest, list all
        candidates.sort(key=lambda s: (s.published or str(s.year or ""), s.edition_key))
        chain.extend(candidates)
        seen.update(s.id for s in candidates)
        current = candidates[0] if forward else candidates[-1]
    return chain


def family_of(store: Store, standard: Standard, as_of: dt.date | None = None) -> Family:
    members = store.standards_of_work(standard.work_key)
    editions = sorted((s for s in members if s.doctype not in (*_SUPPLEMENTS, DocType.DRAFT)), key=_chrono)
    drafts = sorted((s for s in members if s.doctype == DocType.DRAFT), key=_chrono)
    supplements = sorted((s for s in members if s.doctype in _SUPPLEMENTS), key=_chrono)
    ids = {s.id for s in members if s.id is not None}
    rels = [r for r in store.relations_touching(ids, [standard.work_key]) if r.type in _BRIDGES]
    family = Family(
        standard=standard,
        current=current_edition(editions),
        editions=editions,
        drafts=drafts,
        supplements=supplements,
        replaces_chain=_walk_replacements(store, standard, forward=False),
        replaced_by_chain=_walk_replacements(store, standard, forward=True),
        adoptions=_links(store, rels, ids, {standard.work_key}),
    )
    if as_of is not None:
        for s in [*editions, *supplements]:
            family.status_on[s.edition_key] = status_on(store, s, as_of)
    return family


def _chrono(s: Standard) -> tuple[str, str]:
    return (s.published or str(s.year or ""), s.edition_key)


def status_on(store: Store, standard: Standard, when: dt.date) -> StatusOn:
    """The status of ``standard`` on ``when``, from its dates and, where it has none, its replacement's."""
    day = when.isoformat()
    published = date_floor(standard.published) or (dt.date(standard.year, 1, 1) if standard.year else None)
    in_force = date_floor(standard.implemented) or published
    until, basis = standard.withdrawn, "withdrawal date in the source"
    if until is None and standard.status == Status.REPLACED:
        successors = _walk_replacements(store, standard, forward=True, limit=1)
        if successors:
            until = successors[0].implemented or successors[0].published
            basis = f"publication of {successors[0].identifier}, which replaced it"
    end = date_floor(until)
    if standard.status in (Status.UNDER_DEVELOPMENT, Status.CANCELLED):
        return StatusOn(day, standard.status.value, None, None, "a project, never published")
    if published is None:
        return StatusOn(day, Status.UNKNOWN.value, None, until, "the source gives no publication date")
    if when < published:
        return StatusOn(day, "not-yet-published", None, published.isoformat(), "publication date in the source")
    if in_force and when < in_force:
        return StatusOn(day, Status.ANNOUNCED.value, published.isoformat(), in_force.isoformat(), "published, implementation date not reached")
    if end is not None and when >= end:
        status = Status.REPLACED if standard.status == Status.REPLACED else Status.WITHDRAWN
        return StatusOn(day, status.value, until, None, basis)
    if standard.status in (Status.WITHDRAWN, Status.REPLACED) and end is None:
        return StatusOn(day, Status.UNKNOWN.value, (in_force or published).isoformat(), None,
                        f"{standard.status.value} on a date the source does not give")  # fmt: skip
    return StatusOn(day, Status.IN_FORCE.value, (in_force or published).isoformat(), until, "in force from its publication or implementation date")


def counterparts_of(
    store: Store, standard: Standard, *, country: str | None = None, body: str | None = None, max_hops: int = 4
) -> list[Counterpart]:
    """Standards elsewhere that adopt ``standard``, that it adopts, or that share an adopted original with it."""
    assert standard.id is not None
    paths: dict[int, list[Step]] = {standard.id: []}
    nodes: dict[int, Standard] = {standard.id: standard}
    frontier = deque([standard])
    while frontier:
        node = frontier.popleft()
        if len(paths[node.id or 0]) >= max_hops or node.id is None:
            continue
        for link in _links(store, [r for r in store.relations_touching([node.id], [node.work_key]) if r.type in _BRIDGES], {node.id}, {node.work_key}):
            other = link.other
            if other is None or other.id is None or other.id in paths:
                continue
            step = Step(node.identifier, link.name, other.identifier, link.relation.degree, link.relation.evidence)
            paths[other.id] = [*paths[node.id], step]
            nodes[other.id] = other
            frontier.append(other)
    found = []
    for node_id, path in paths.items():
        other = nodes[node_id]
        if not path or (country and other.country != country.upper()) or (body and other.body.upper() != body.upper()):
            continue
        degrees = [s.degree for s in path]
        degree = None if any(d is None for d in degrees) else Degree.weakest([d for d in degrees if d is not None])
        evidence = sorted({s.evidence.value for s in path})
        found.append(Counterpart(other, path, degree, evidence))
    found.sort(key=lambda c: (len(c.path), -(c.degree.strength if c.degree else 0), c.standard.identifier))
    return found
