"""The one reading of declared links between standards: what a relation's end names, the counterparts of a
standard (adoptions and equivalences, followed over several steps), and what links two standards. The record page,
``show``, ``family``, ``counterparts``, the pairwise comparison, the batch matrix and the compatibility of two
systems all read links here, so that one question gets one answer wherever it is asked.

**What a relation's end names** (``end_of``). A relation names exactly the edition its source declares:

``held``       an edition the catalogue holds;
``undated``    an undated reference ("KS Q ISO 9001 adopts ISO 9001"): the work, read as its current edition;
``not-held``   a dated edition the catalogue does not hold ("GB 4706.1-2024 adopts IEC 60335-1:2016 (IDT)"): it is
               named as declared and said to be absent, with the current edition of its work beside it (``current``);
               it is never read as that current edition.

**Counterparts** (``counterparts_of``). A breadth-first walk over adoption and equivalence relations, one hop at a
time (two store queries a hop, whatever the number of standards reached), up to four hops. An edition not held is a
node of the walk like any other: two standards declaring the same absent edition are counterparts through it. A
counterpart reached this way has the degree of its weakest step (IDT, MOD, EQV, NEQ), or ``declared`` when the
degree of a step is not given.

**Related editions.** A counterpart reached through *another edition of the same work* — GB/T 19001-2008 adopts
ISO 9001:2008, asked about ISO 9001:2015; GB 4706.1-2024 adopts IEC 60335-1:2016, asked about IEC 60335-1:2020 — is
graded ``related-edition``, whatever the degrees of its steps (they are kept on the steps): it says that the works
correspond, not these editions, and it is never counted as IDT (or any degree) to the edition asked about. Its path
starts (or ends) with an ``edition-of`` step naming the edition the relation declares. ``related-edition`` ranks
below every degree and below ``declared``.

**What links two standards** (``pair_link``). The best of what each one's counterparts say of the other
(``link_to``): the other itself (its grade), or another edition of the other's work (``related-edition``, with the
edition the relation names); ``same`` and ``edition`` (two editions of one work) come first. The pairwise
comparison asks it of one pair; the batch matrix asks it of every pair its lists hold, from the same counterparts,
so that both answer alike (``tests/test_links_agreement.py`` checks it over 1,000 pairs of the bundled
catalogue).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from stdbridge.catalog.graph import current_edition, end_of, is_live, is_project
from stdbridge.errors import IdentifierError
from stdbridge.i18n import _
from stdbridge.models import Degree, DocType, Evidence, Relation, RelationType, Standard
from stdbridge.store import Store

BRIDGES = (RelationType.ADOPTS, RelationType.EQUIVALENT)
RELATED_EDITION = "related-edition"
DECLARED = "declared"
EDITION_STEP = "edition-of"  # the step from an edition to another edition of its work
DEGREE_KINDS = tuple(d.value for d in Degree)  # IDT, MOD, EQV, NEQ
DECLARED_KINDS = (*DEGREE_KINDS, DECLARED, RELATED_EDITION)  # the grades of a declared link, strongest first
PAIR_KINDS = ("same", "edition", *DECLARED_KINDS)  # what links two standards, strongest first
PAIR_RANK = {kind: i for i, kind in enumerate(PAIR_KINDS)}
_SUPPLEMENTS = (DocType.AMENDMENT, DocType.CORRIGENDUM, DocType.DRAFT)

Key = int | str  # a node of the walk: a held edition by store id, an edition not held by its edition key


# what a relation's end names -----------------------------------------------------------------------------------------
def unheld_standard(identifier: str) -> Standard | None:
    """An edition the catalogue does not hold, as its identifier describes it (body, country, number, year; no
    title, status unknown, no store id); None when the text is no identifier."""
    from stdbridge.importers.base import build_standard  # the importers load only when an absent edition is named

    try:
        return build_standard(identifier, dataset="", source_record="")
    except IdentifierError:
        return None


def absent_note(identifier: str, current: Standard | None) -> str:
    """The sentence that says an edition a relation declares is not held, and which edition of its work is."""
    if current is None or current.identifier == identifier:
        return _("{identifier} is not in the catalogue").format(identifier=identifier)
    if is_live(current):
        said = _("{identifier} is not in the catalogue; the current edition of that work is {current}")
    else:  # none in force that the catalogue knows of: not to be called current (现行)
        said = _("{identifier} is not in the catalogue; the latest edition of that work it holds is {current}")
    return said.format(identifier=identifier, current=current.identifier)


def kind_label(kind: str) -> str:
    """The name of a kind of link for people, in the current language (degrees are written as they are)."""
    labels = {
        "same": _("same standard"),
        "edition": _("another edition of the work"),
        "declared": _("declared, degree not given"),
        RELATED_EDITION: _("through another edition"),
        "suggested": _("suggested"),
        "none": _("no counterpart"),
    }
    return labels.get(kind, kind)


def kind_of(degrees: Iterable[Degree | None], *, other_edition: bool = False) -> str:
    """The grade of a path of declared links: ``related-edition`` when it goes through another edition of a work,
    else the degree of its weakest link, ``declared`` when a link's degree is not known."""
    if other_edition:
        return RELATED_EDITION
    found = list(degrees)
    if not found or any(d is None for d in found):
        return DECLARED
    weakest = Degree.weakest([d for d in found if d is not None])
    return weakest.value if weakest else DECLARED


# counterparts -----------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Step:
    source: str
    relation: str  # the relation's name from the source's side ("adopts", "adopted-as", "edition-of", ...)
    target: str
    degree: Degree | None
    evidence: Evidence
    source_held: bool = True
    target_held: bool = True


@dataclass(slots=True)
class Counterpart:
    """A standard reached from another by declared steps. ``standard`` has no store id when the catalogue does not
    hold it (it is an edition a relation declares: ``current`` is then its work's current edition, when held)."""

    standard: Standard
    path: list[Step]
    degree: Degree | None  # the weakest link's; None when a link's is unknown, or through another edition
    evidence: list[str]
    current: Standard | None = None

    @property
    def held(self) -> bool:
        return self.standard.id is not None

    @property
    def kind(self) -> str:
        """Its grade: a degree, ``declared`` or ``related-edition`` (see the module)."""
        other_edition = any(s.relation == EDITION_STEP for s in self.path)
        return kind_of((s.degree for s in self.path), other_edition=other_edition)


def counterpart_along(standard: Standard, path: list[Step], current: Standard | None = None) -> Counterpart:
    """A counterpart reached by ``path``: its degree is the weakest link's, unknown if any link's is, none through
    another edition."""
    kind = kind_of((s.degree for s in path), other_edition=any(s.relation == EDITION_STEP for s in path))
    degree = Degree(kind) if kind in DEGREE_KINDS else None
    return Counterpart(standard, path, degree, sorted({s.evidence.value for s in path}), current)


def select_counterparts(found: Iterable[Counterpart], *, country: str | None, body: str | None) -> list[Counterpart]:
    """The counterparts in ``country`` and of ``body`` (when given): declared ones before related editions, then
    nearest and strongest first."""
    wanted = [
        c
        for c in found
        if (not country or c.standard.country == country.upper())
        and (not body or c.standard.body.upper() == body.upper())
    ]
    return sorted(wanted, key=lambda c: (c.kind == RELATED_EDITION, len(c.path),
                                         -(c.degree.strength if c.degree else 0), c.standard.identifier))  # fmt: skip


def counterparts_of(
    store: Store,
    standard: Standard,
    *,
    country: str | None = None,
    body: str | None = None,
    max_hops: int = 4,
    related: bool = True,
) -> list[Counterpart]:
    """Standards elsewhere that adopt ``standard``, that it adopts, or that share an adopted original with it
    (editions not held included, named as declared); with ``related``, also those of the other editions of its
    work, graded ``related-edition`` (see the module)."""
    assert standard.id is not None
    walk = _Walk(store)
    found = walk.reach({standard.id: ([], standard)}, max_hops, skip=set(), skip_work=None)
    if related:
        seeds = walk.other_editions(standard)
        skip = {standard.id, *found}
        beyond = walk.reach(seeds, max_hops, skip=skip, skip_work=standard.work_key)
        # the other editions themselves are no counterparts: what they lead to is
        found.update((key, reached) for key, reached in beyond.items() if key not in seeds)
    counterparts = [walk.counterpart(node, found[node]) for node, (path, _s) in found.items() if path]
    return select_counterparts(counterparts, country=country, body=body)


class _Walk:
    """One walk over the adoption and equivalence relations, remembering what it read (current editions, editions
    not held)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._current: dict[str, Standard | None] = {}
        self._unheld: dict[str, Standard | None] = {}

    def current(self, work_key: str) -> Standard | None:
        if work_key not in self._current:
            self._current[work_key] = current_edition(self.store.standards_of_work(work_key))
        return self._current[work_key]

    def unheld(self, relation: Relation) -> Standard | None:
        if relation.target_key not in self._unheld:
            self._unheld[relation.target_key] = unheld_standard(relation.target_text)
        return self._unheld[relation.target_key]

    def counterpart(self, node: Key, found: tuple[list[Step], Standard]) -> Counterpart:
        path, standard = found
        current = self.current(standard.work_key) if isinstance(node, str) else None
        return counterpart_along(standard, path, current)

    def reach(
        self, start: dict[Key, tuple[list[Step], Standard]], max_hops: int, *, skip: set[Key], skip_work: str | None
    ) -> dict[Key, tuple[list[Step], Standard]]:
        """Every node reached from ``start`` (each with its path and standard) in at most ``max_hops`` hops,
        the nodes of ``skip`` and of work ``skip_work`` left out; the start is kept with its path."""
        paths = dict(start)
        frontier = dict(start)
        for _hop in range(max_hops):
            reached: dict[Key, tuple[list[Step], Standard]] = {}
            for node, name, other_key, other, relation in self._bridges({k: s for k, (_p, s) in frontier.items()}):
                if other_key in paths or other_key in skip or other_key in reached:
                    continue
                if skip_work is not None and other.work_key == skip_work:
                    continue
                here = paths[node][1]
                step = Step(here.identifier, name, other.identifier, relation.degree, relation.evidence,
                            source_held=here.id is not None, target_held=other.id is not None)  # fmt: skip
                reached[other_key] = ([*paths[node][0], step], other)
            if not reached:
                break
            paths.update(reached)
            frontier = reached
        return paths

    def other_editions(self, standard: Standard) -> dict[Key, tuple[list[Step], Standard]]:
        """The other editions of ``standard``'s work, held or only declared by a relation, each with the step that
        leads to it: where the walk through another edition starts."""
        seeds: dict[Key, tuple[list[Step], Standard]] = {}

        def seed(key: Key, other: Standard) -> None:
            step = Step(standard.identifier, EDITION_STEP, other.identifier, None, Evidence.DERIVED,
                        target_held=other.id is not None)  # fmt: skip
            seeds[key] = ([step], other)

        for other in self.store.standards_of_work(standard.work_key):
            if other.id not in (None, standard.id) and other.doctype not in _SUPPLEMENTS and not is_project(other):
                assert other.id is not None
                seed(other.id, other)
        for r in self.store.relations_touching([], [standard.work_key]):
            if r.type in BRIDGES and end_of(r) == "not-held" and r.target_key != standard.edition_key:
                absent = self.unheld(r)
                if absent is not None and absent.doctype not in _SUPPLEMENTS:
                    seed(r.target_key, absent)
        return seeds

    def _bridges(self, frontier: dict[Key, Standard]) -> Iterator[tuple[Key, str, Key, Standard, Relation]]:
        """(node, relation name from its side, the other end's key and standard, relation) for every adoption or
        equivalence of the frontier. An undated end stands for its work's current edition, both ways; an edition
        not held is a node of its own, reached by the relations that name it."""
        by_id = {s.id: k for k, s in frontier.items() if s.id is not None}
        unheld = {k: s for k, s in frontier.items() if isinstance(k, str)}
        works = {s.work_key for s in frontier.values()}
        rels = [r for r in self.store.relations_touching(list(by_id), works) if r.type in BRIDGES]
        others = self.store.standards_by_ids({i for r in rels for i in (r.source_id, r.target_id) if i is not None})
        for r in rels:
            source = others.get(r.source_id) if r.source_id is not None else None
            if r.source_id in by_id:
                end = end_of(r)
                if end == "held":
                    target = others.get(r.target_id) if r.target_id is not None else None
                    if target is not None and target.id is not None:
                        yield by_id[r.source_id], r.type.value, target.id, target, r
                elif end == "undated":
                    target = self.current(r.target_work_key)
                    if target is not None and target.id is not None:
                        yield by_id[r.source_id], r.type.value, target.id, target, r
                else:
                    absent = self.unheld(r)
                    if absent is not None:
                        yield by_id[r.source_id], r.type.value, r.target_key, absent, r
            if source is None or source.id is None:
                continue
            if r.target_id is not None:
                if r.target_id in by_id:
                    yield by_id[r.target_id], r.type.inverse, source.id, source, r
            elif end_of(r) == "undated":
                current = self.current(r.target_work_key)
                held = current.id if current is not None else None
                if held is not None and held in by_id and held != r.source_id:
                    yield by_id[held], r.type.inverse, source.id, source, r
            elif r.target_key in unheld:
                yield r.target_key, r.type.inverse, source.id, source, r


# what links two standards ------------------------------------------------------------------------------------------
@dataclass(slots=True)
class PairLink:
    """What links standard A to standard B (``pair_link``): its kind (one of ``PAIR_KINDS``), the path of the
    declared relations from the side it was found from, and, for ``related-edition``, the edition the relation
    names (``declared_edition``, ``declared_held``)."""

    kind: str
    found_from: str  # "a", "b" or "both"
    path: list[Step] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    declared_edition: str | None = None
    declared_held: bool = True
    current: Standard | None = None  # the current edition of the declared edition's work, when it is not held
    declared_for: str | None = None  # the standard of A or B of whose work the declared edition is another edition

    @property
    def degree(self) -> Degree | None:
        return Degree(self.kind) if self.kind in DEGREE_KINDS else None


def link_to(counterpart: Counterpart, other: Standard, side: str) -> PairLink | None:
    """What ``counterpart`` (of a standard of side ``side``) says of ``other``: that it is ``other`` (its grade),
    or another edition of ``other``'s work (``related-edition``, naming the edition the relation declares)."""
    found = counterpart.standard
    if found.id is not None and found.id == other.id:
        return PairLink(counterpart.kind, side, list(counterpart.path), list(counterpart.evidence))
    if found.work_key == other.work_key:
        return PairLink(RELATED_EDITION, side, list(counterpart.path), list(counterpart.evidence),
                        declared_edition=found.identifier, declared_held=found.id is not None,
                        current=counterpart.current, declared_for=other.identifier)  # fmt: skip
    return None


def best_link(found: Iterable[PairLink]) -> PairLink | None:
    """The strongest of what was found of one pair (nearest, then exact, on a tie), ``found_from`` "both" when
    either side's counterparts told of it."""
    links = list(found)
    if not links:
        return None
    best = min(links, key=lambda p: (PAIR_RANK[p.kind], p.declared_edition is not None, len(p.path)))
    sides = {p.found_from for p in links}
    best.found_from = "both" if len(sides) > 1 or "both" in sides else best.found_from
    return best


def pair_link(
    a: Standard, b: Standard, found_a: list[Counterpart] | None = None, found_b: list[Counterpart] | None = None,
    *, store: Store | None = None,
) -> PairLink | None:  # fmt: skip
    """What links ``a`` to ``b``: ``same``, ``edition``, else the best declared link either's counterparts tell
    (``found_a``, ``found_b``: their counterparts without related editions, read from ``store`` when not given);
    None when nothing declared links them."""
    if a.edition_key == b.edition_key:
        return PairLink("same", "both")
    if a.work_key == b.work_key:
        return PairLink("edition", "both")
    if found_a is None or found_b is None:
        assert store is not None, "give the counterparts or the store to read them from"
        found_a = found_a if found_a is not None else pair_counterparts(store, a)
        found_b = found_b if found_b is not None else pair_counterparts(store, b)
    links = [link for c in found_a if (link := link_to(c, b, "a")) is not None]
    links += [link for c in found_b if (link := link_to(c, a, "b")) is not None]
    return best_link(links)


def pair_counterparts(store: Store, standard: Standard) -> list[Counterpart]:
    """The counterparts ``pair_link`` reads of a standard: declared ones, related editions left out (another edition
    of the other's work is recognised by ``link_to``)."""
    return counterparts_of(store, standard, related=False) if standard.id is not None else []


__all__ = [
    "BRIDGES",
    "DECLARED_KINDS",
    "PAIR_KINDS",
    "RELATED_EDITION",
    "Counterpart",
    "PairLink",
    "Step",
    "absent_note",
    "best_link",
    "counterpart_along",
    "counterparts_of",
    "end_of",
    "kind_label",
    "kind_of",
    "link_to",
    "pair_counterparts",
    "pair_link",
    "select_counterparts",
    "unheld_standard",
]
