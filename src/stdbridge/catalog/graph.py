"""The graph of standards: families, supersession, status on a date, counterparts.

Edges are stored once (``adopts``, ``replaces``, ...) and read both ways.
A relation whose target is undated ("KS Q ISO 9001 adopts ISO 9001") points
at the work and reaches each of its editions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from stdbridge.catalog.lifecycle import StatusOn as StatusOn
from stdbridge.catalog.lifecycle import lifecycle, successors_for
from stdbridge.models import Degree, DocType, Evidence, Relation, RelationType, Standard, Status
from stdbridge.store import Store

_SUPPLEMENTS = (DocType.AMENDMENT, DocType.CORRIGENDUM)
_LIVE = (Status.IN_FORCE, Status.ANNOUNCED)
_BRIDGES = (RelationType.ADOPTS, RelationType.EQUIVALENT)
_COLLECTIONS = ("SER",)  # IEC's packages of all parts of a work


@dataclass(slots=True)
class Link:
    """A relation seen from one standard: its name from that side and the standard at the other end."""

    name: str  # "adopts", "adopted-as", "replaces", "replaced-by", ...
    other: Standard | None  # None when the other end is not in the catalogue
    other_text: str
    relation: Relation


@dataclass(slots=True)
class Family:
    standard: Standard
    current: Standard | None
    editions: list[Standard]
    drafts: list[Standard]
    supplements: list[Standard]
    # What it replaced and what replaced it, step by step, nearest step first. A step holds several standards
    # when one document replaced many (ISO 9001:2000 replaced ISO 9001, 9002 and 9003:1994) or was split.
    replaces_chain: list[list[Standard]]
    replaced_by_chain: list[list[Standard]]
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
        # a draft "replacing" a standard is a revision in progress, not a replacement that happened
        source = others.get(r.source_id) if r.source_id is not None else None
        by_project = r.type == RelationType.REPLACES and source is not None and _is_project(source)
        if r.source_id in ids:
            other = others.get(r.target_id) if r.target_id is not None else None
            found.append(Link("revises" if by_project else r.type.value, other, r.target_text, r))
        # an undated target ("adopts ISO 9001") stands for the work: only adoptions and equivalences say that
        undated = r.target_id is None and r.type in _BRIDGES and r.target_work_key in works
        if r.target_id in ids or (undated and r.source_id not in ids):
            other = others.get(r.source_id) if r.source_id is not None else None
            name = "revised-by" if by_project else r.type.inverse
            found.append(Link(name, other, other.identifier if other else r.source_key, r))
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
    """The edition a user means by an undated reference: the latest one in force, else the latest published.

    Amendments, corrigenda and drafts are not editions; nor, while a published edition exists, are projects
    (an undated record of a revision under way) and collections (IEC "SER": all parts in one package).
    """
    full = [s for s in editions if s.doctype not in (*_SUPPLEMENTS, DocType.DRAFT)]
    if not full:
        return None
    published = [s for s in full if not _is_project(s) and s.extra.get("suffix") not in _COLLECTIONS] or full
    live = [s for s in published if s.status in _LIVE] or published
    return max(live, key=lambda s: (s.published or str(s.year or ""), s.year or 0, s.edition_key))


def successors_of(store: Store, standard: Standard) -> list[Standard]:
    """What directly replaced ``standard`` (several when it was split), nearest first."""
    steps = _walk_replacements(store, standard, forward=True, limit=1)
    return steps[0] if steps else []


def _walk_replacements(store: Store, start: Standard, forward: bool, limit: int = 60) -> list[list[Standard]]:
    """Follow ``replaced-by`` (forward) or ``replaces`` (backward) edges from ``start``, one step at a time.

    Drafts are left out: a draft that "replaces" an edition has not replaced it yet. A step lists full
    editions; the amendments and corrigenda replaced with them belong to the family's supplements, so a
    step holds supplements only when nothing else was replaced (Cor 1 by Cor 2). Where a step holds
    several standards, the walk goes on from the one of the same work, else from the nearest in time.
    """
    chain: list[list[Standard]] = []
    seen = {start.id}
    current = start
    while len(chain) < limit and current.id is not None:
        rels = [r for r in store.relations_touching([current.id], []) if r.type == RelationType.REPLACES]
        here = [r for r in rels if (r.target_id if forward else r.source_id) == current.id]
        next_ids = [r.source_id if forward else r.target_id for r in here]
        candidates = [
            s
            for s in store.standards_by_ids(i for i in next_ids if i is not None).values()
            if s.id not in seen and not _is_project(s)
        ]
        if not candidates:
            break
        seen.update(s.id for s in candidates)
        full = [s for s in candidates if s.doctype not in _SUPPLEMENTS] or candidates
        nearest = sorted(full, key=_chrono, reverse=not forward)
        step = sorted(nearest, key=lambda s: s.work_key != current.work_key)  # stable: same work, then nearest
        chain.append(step)
        current = step[0]
    return chain


def _is_project(standard: Standard) -> bool:
    """A draft or abandoned project: not (yet) a standard anyone could apply."""
    return standard.doctype == DocType.DRAFT or standard.status in (Status.UNDER_DEVELOPMENT, Status.CANCELLED)


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
    """The status of ``standard`` on ``when``, from the source, its dates and the standards that replaced it
    (``lifecycle``: the one rule the record page, the search facets and ``family --as-of`` share)."""
    return lifecycle(standard, when, successors_for(store, standard))


def counterparts_of(
    store: Store, standard: Standard, *, country: str | None = None, body: str | None = None, max_hops: int = 4
) -> list[Counterpart]:
    """Standards elsewhere that adopt ``standard``, that it adopts, or that share an adopted original with it.

    A breadth-first walk over adoption and equivalence edges, one hop at a time: each hop costs two queries
    whatever the number of standards it reaches, which keeps a widely adopted standard fast to answer.
    """
    assert standard.id is not None
    paths: dict[int, list[Step]] = {standard.id: []}
    nodes: dict[int, Standard] = {standard.id: standard}
    frontier = [standard]
    for _hop in range(max_hops):
        reached: list[Standard] = []
        for node, name, other, relation in _bridges(store, frontier):
            if other.id is None or other.id in paths or node.id is None:
                continue
            step = Step(node.identifier, name, other.identifier, relation.degree, relation.evidence)
            paths[other.id] = [*paths[node.id], step]
            nodes[other.id] = other
            reached.append(other)
        if not reached:
            break
        frontier = reached
    found = [counterpart_along(nodes[node_id], path) for node_id, path in paths.items() if path]
    return select_counterparts(found, country=country, body=body)


def counterpart_along(standard: Standard, path: list[Step]) -> Counterpart:
    """A counterpart reached by ``path``: its degree is the weakest link's, unknown if any link's is."""
    degrees = [s.degree for s in path]
    degree = None if None in degrees else Degree.weakest([d for d in degrees if d is not None])
    return Counterpart(standard, path, degree, sorted({s.evidence.value for s in path}))


def select_counterparts(found: Iterable[Counterpart], *, country: str | None, body: str | None) -> list[Counterpart]:
    """The counterparts in ``country`` and of ``body`` (when given), nearest and strongest first."""
    wanted = [
        c
        for c in found
        if (not country or c.standard.country == country.upper())
        and (not body or c.standard.body.upper() == body.upper())
    ]
    return sorted(wanted, key=lambda c: (len(c.path), -(c.degree.strength if c.degree else 0), c.standard.identifier))


def _bridges(store: Store, frontier: list[Standard]) -> Iterator[tuple[Standard, str, Standard, Relation]]:
    """(node, relation name from the node's side, standard at the other end, relation) for every adoption or
    equivalence edge of the frontier. An undated end ("adopts ISO 9001") stands for the work's current edition."""
    by_id = {s.id: s for s in frontier if s.id is not None}
    by_work: dict[str, list[Standard]] = {}
    for s in frontier:
        by_work.setdefault(s.work_key, []).append(s)
    rels = [r for r in store.relations_touching(by_id, by_work) if r.type in _BRIDGES]
    others = store.standards_by_ids({i for r in rels for i in (r.source_id, r.target_id) if i is not None})
    current_of: dict[str, Standard | None] = {}
    for r in rels:
        source = others.get(r.source_id) if r.source_id is not None else None
        if r.source_id in by_id:
            target = others.get(r.target_id) if r.target_id is not None else None
            if target is None and r.target_id is None:
                if r.target_work_key not in current_of:
                    current_of[r.target_work_key] = current_edition(store.standards_of_work(r.target_work_key))
                target = current_of[r.target_work_key]
            if target is not None:
                yield by_id[r.source_id], r.type.value, target, r
        if source is None:
            continue
        if r.target_id in by_id:
            yield by_id[r.target_id], r.type.inverse, source, r
        elif r.target_id is None:
            for node in by_work.get(r.target_work_key, []):
                if node.id != r.source_id:
                    yield node, r.type.inverse, source, r
