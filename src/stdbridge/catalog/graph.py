"""The graph of standards: the relations of a record, families, supersession, status on a date.

Edges are stored once (``adopts``, ``replaces``, ...) and read both ways. A relation whose target is undated
("KS Q ISO 9001 adopts ISO 9001") points at the work: it is a relation of the work's current edition. A dated target
the catalogue does not hold ("adopts IEC 60335-1:2016") is named as declared, with its work's current edition
beside it, never in its place. Counterparts, and what links two standards, are read in ``links``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from stdbridge.catalog.lifecycle import StatusOn as StatusOn
from stdbridge.catalog.lifecycle import lifecycle, successors_for, successors_of_each
from stdbridge.i18n import _, aside, listed
from stdbridge.models import DocType, Evidence, Relation, RelationType, Standard, Status
from stdbridge.store import Store

_SUPPLEMENTS = (DocType.AMENDMENT, DocType.CORRIGENDUM)
_LIVE = (Status.IN_FORCE, Status.ANNOUNCED)
_BRIDGES = (RelationType.ADOPTS, RelationType.EQUIVALENT)
_COLLECTIONS = ("SER",)  # IEC's packages of all parts of a work


@dataclass(slots=True)
class Link:
    """A relation seen from one standard: its name from that side and the standard at the other end.

    ``other`` is None when the other end is not in the catalogue; an adoption of an edition not held then names it
    as declared (``other_text``) and gives the current edition of its work (``current``), never standing in for
    it. ``declared`` is the edition of this side's work the relation names, when it is not this edition (a family's
    adoptions of its other editions, and of editions not held). ``stages`` are the earlier records of the same
    document at other stages (the project "ISO 9001:2015/Amd 1" of the published "ISO 9001:2015/Amd 1:2024").
    """

    name: str  # "adopts", "adopted-as", "replaces", "replaced-by", ...
    other: Standard | None  # None when the other end is not in the catalogue
    other_text: str
    relation: Relation
    current: Standard | None = None
    declared: str | None = None
    stages: list[Standard] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        return self.other.identifier if self.other else self.other_text


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
    # the project records of supplements held as published too, by the published one's key (``fold_stages``)
    stages: dict[str, list[Standard]] = field(default_factory=dict)

    @property
    def current_in_force(self) -> bool:
        """Whether ``current`` is in force (or announced to be): else it is only the latest edition the catalogue
        holds, whose status the source did not give or that is no longer in force, and pages must not call it
        current (现行)."""
        return self.current is not None and is_live(self.current)


def links_of(store: Store, standard: Standard) -> list[Link]:
    """Every relation touching ``standard``, named from its side; each other document once, in its most specific
    role (``listed_once``). An undated adoption of its work ("adopts ISO 9001") is a relation of the work's
    current edition only, as the counterparts read it (``catalog.links``)."""
    assert standard.id is not None
    rels = store.relations_touching([standard.id], [standard.work_key])
    current = current_edition(store.standards_of_work(standard.work_key))
    is_current = current is not None and current.id == standard.id
    return listed_once(_links(store, rels, {standard.id}, {standard.work_key} if is_current else set(), whole=False))


# The roles a relation gives another document, most specific first: a draft that revises an edition is also
# "another edition" of its work, and is listed as what it does.
_ROLE_ORDER = (
    "revises", "revised-by", "replaces", "replaced-by", "amends", "amended-by", "corrects", "corrected-by",
    "adopts", "adopted-as", "equivalent", "edition-of", "references", "referenced-by",
)  # fmt: skip


def end_of(relation: Relation) -> str:
    """What the target end of ``relation`` names: ``held`` (an edition the catalogue holds), ``undated`` (the
    work: "adopts ISO 9001") or ``not-held`` (a dated edition the catalogue lacks: "adopts IEC 60335-1:2016").
    ``links`` reads every relation's end through it."""
    if relation.target_id is not None:
        return "held"
    return "undated" if relation.target_key == relation.target_work_key else "not-held"


def listed_once(links: list[Link]) -> list[Link]:
    """Each other document once, in its most specific role (``_ROLE_ORDER``); a project supplement of which a
    published one exists ("ISO 9001:2015/Amd 1", under development, and "ISO 9001:2015/Amd 1:2024") is a stage of
    it (``Link.stages``), not a second supplement."""
    best: dict[object, Link] = {}
    for link in links:
        key = (link.other.id if link.other else link.other_text, link.declared)
        held = best.get(key)
        if held is None or _role_rank(link.name) < _role_rank(held.name):
            best[key] = link
    kept = list(best.values())
    others = [link.other for link in kept if link.other is not None]
    _kept, stages = fold_stages(others)
    folded = {s.id for found in stages.values() for s in found}
    for link in kept:
        if link.other is not None:
            link.stages = stages.get(link.other.edition_key, [])
    return [link for link in kept if link.other is None or link.other.id not in folded]


def link_notes(link: Link) -> list[str]:
    """What a reader must know of a link beyond its name and its other end: that the edition it names is not in the
    catalogue (and which edition of that work is current), and the earlier stages of the same document."""
    from stdbridge.catalog.links import absent_note

    notes = []
    r = link.relation
    if r.type in _BRIDGES and end_of(r) == "not-held":
        notes.append(absent_note(r.target_text, link.current))
    if link.stages:
        notes.append(stages_note(link.stages))
    return notes


def stages_note(stages: list[Standard]) -> str:
    """The sentence naming the earlier stages of one document (project records folded into the published one)."""
    from stdbridge.fields import status_label

    shown = listed(aside(s.identifier, status_label(s.status.value)) for s in stages)
    return _("the same document at an earlier stage: {stages}").format(stages=shown)


def _role_rank(name: str) -> int:
    return _ROLE_ORDER.index(name) if name in _ROLE_ORDER else len(_ROLE_ORDER)


def fold_stages(standards: list[Standard]) -> tuple[list[Standard], dict[str, list[Standard]]]:
    """``standards`` without the project records of supplements that are also held as published (an undated
    project "ISO 9001:2015/Amd 1" of "ISO 9001:2015/Amd 1:2024"), and those projects by the published one's
    edition key: one document at two stages, listed once."""
    published = [s for s in standards if s.doctype in _SUPPLEMENTS and not is_project(s)]
    stages: dict[str, list[Standard]] = {}
    folded: set[int | None] = set()
    for s in standards:
        if s.doctype not in _SUPPLEMENTS or not is_project(s):
            continue
        later = [p for p in published if p.edition_key.startswith(s.edition_key + ":")]
        if later:
            stages.setdefault(later[0].edition_key, []).append(s)
            folded.add(s.id)
    return [s for s in standards if s.id not in folded or s.id is None], stages


def _links(store: Store, rels: Iterable[Relation], ids: set[int], works: set[str], *, whole: bool) -> list[Link]:
    """The relations ``rels`` seen from the editions ``ids``; open targets in ``works`` are theirs too: undated
    ones (the work), and, for a whole family (``whole``), editions of the work not held, each named."""
    rels = _unique(rels)
    wanted = {r.source_id for r in rels} | {r.target_id for r in rels}
    others = store.standards_by_ids(i for i in wanted if i is not None)
    current = {
        work: current_edition(editions)
        for work, editions in store.standards_of_works(_works_not_held(rels, others, ids, works, whole)).items()
    }
    found: list[Link] = []
    for r in rels:
        # a draft "replacing" a standard is a revision in progress, not a replacement that happened
        source = others.get(r.source_id) if r.source_id is not None else None
        by_project = r.type == RelationType.REPLACES and source is not None and is_project(source)
        undated = end_of(r) == "undated"
        if r.source_id in ids:
            other = others.get(r.target_id) if r.target_id is not None else None
            link = Link("revises" if by_project else r.type.value, other, r.target_text, r)
            if whole and source is not None:
                link.declared = source.identifier
            if other is None and not undated and r.type in _BRIDGES:  # an edition not held: its work's current one
                link.current = current[r.target_work_key]
            found.append(link)
        # an open target ("adopts ISO 9001", "adopts IEC 60335-1:2016") is a relation of the work: only adoptions
        # and equivalences say that; an undated one is the work's, a dated one the edition's it names
        open_end = r.target_id is None and r.type in _BRIDGES and r.target_work_key in works and (undated or whole)
        if r.target_id in ids or (open_end and r.source_id not in ids):
            other = others.get(r.source_id) if r.source_id is not None else None
            name = "revised-by" if by_project else r.type.inverse
            link = Link(name, other, other.identifier if other else r.source_key, r)
            if whole:
                link.declared = r.target_text
                if r.target_id is None and not undated:  # an edition of this work not held: name the current one
                    link.current = current[r.target_work_key]
            found.append(link)
    return found


def _works_not_held(rels: list[Relation], others: dict[int, Standard], ids: set[int], works: set[str],
                    whole: bool) -> set[str]:  # fmt: skip
    """The works whose current edition ``_links`` names in place of a dated edition not held, read at once."""
    found: set[str] = set()
    for r in rels:
        if end_of(r) == "undated":
            continue
        if r.source_id in ids and r.type in _BRIDGES and (r.target_id is None or r.target_id not in others):
            found.add(r.target_work_key)
        open_end = r.target_id is None and r.type in _BRIDGES and r.target_work_key in works and whole
        if whole and r.target_id is None and (r.target_id in ids or (open_end and r.source_id not in ids)):
            found.add(r.target_work_key)
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
    published = [s for s in full if not is_project(s) and s.extra.get("suffix") not in _COLLECTIONS] or full
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
    if start.id is None:
        return []
    # every relation the walk may follow, and the standards they lead to, in two reads however long the chain
    leaving: dict[int, list[Relation]] = {}
    for r in store.replacement_relations(start.id, forward=forward, steps=limit):
        origin = r.target_id if forward else r.source_id
        if origin is not None:
            leaving.setdefault(origin, []).append(r)
    ends = store.standards_by_ids(
        i for rels in leaving.values() for r in rels if (i := r.source_id if forward else r.target_id) is not None
    )
    chain: list[list[Standard]] = []
    seen = {start.id}
    current = start
    while len(chain) < limit and current.id is not None:
        next_ids = [r.source_id if forward else r.target_id for r in leaving.get(current.id, [])]
        candidates = [
            s
            for i in dict.fromkeys(next_ids)
            if i is not None and (s := ends.get(i)) is not None
            if s.id not in seen and not is_project(s)
        ]
        if not candidates:
            break
        seen.update(s.id for s in candidates if s.id is not None)
        full = [s for s in candidates if s.doctype not in _SUPPLEMENTS] or candidates
        nearest = sorted(full, key=_chrono, reverse=not forward)
        step = sorted(nearest, key=lambda s: s.work_key != current.work_key)  # stable: same work, then nearest
        chain.append(step)
        current = step[0]
    return chain


def is_live(standard: Standard) -> bool:
    """In force, or published and announced to come into force, as its source says."""
    return standard.status in _LIVE


def is_project(standard: Standard) -> bool:
    """A draft or abandoned project: not (yet) a standard anyone could apply."""
    return standard.doctype == DocType.DRAFT or standard.status in (Status.UNDER_DEVELOPMENT, Status.CANCELLED)


def family_of(store: Store, standard: Standard, as_of: dt.date | None = None) -> Family:
    members = store.standards_of_work(standard.work_key)
    editions = sorted((s for s in members if s.doctype not in (*_SUPPLEMENTS, DocType.DRAFT)), key=_chrono)
    drafts = sorted((s for s in members if s.doctype == DocType.DRAFT), key=_chrono)
    supplements, stages = fold_stages(sorted((s for s in members if s.doctype in _SUPPLEMENTS), key=_chrono))
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
        adoptions=listed_once(_links(store, rels, ids, {standard.work_key}, whole=True)),
        stages=stages,
    )
    if as_of is not None:  # the successors of every edition read at once, not two reads an edition
        successors = successors_of_each(store, [*editions, *supplements])
        for s in [*editions, *supplements]:
            family.status_on[s.edition_key] = lifecycle(s, as_of, successors.get(s.id or -1, []))
    return family


def _chrono(s: Standard) -> tuple[str, str]:
    return (s.published or str(s.year or ""), s.edition_key)


def status_on(store: Store, standard: Standard, when: dt.date) -> StatusOn:
    """The status of ``standard`` on ``when``, from the source, its dates and the standards that replaced it
    (``lifecycle``: the one rule the record page, the search facets and ``family --as-of`` share)."""
    return lifecycle(standard, when, successors_for(store, standard))
