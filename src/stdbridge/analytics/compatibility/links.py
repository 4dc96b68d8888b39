"""The links between two standards systems: their kinds (strongest first, see the package), the declared links
found by whole-catalogue passes, and the suggested ones sought for the standards left without.

Declared links come from whole-catalogue passes over the ``adopts`` and ``equivalent`` relations
(``Store.relation_ends``), never from a walk per standard: the direct links between A and B, and the two-step
paths through a common neighbour — a common original most often (A adopts X, B adopts X) — met at its *work*, so
that "KS Q ISO 9001" (adopts the undated ISO 9001) meets "BS ISO 9001:2015" (adopts its 2015 edition). When a
relation's end is an edition outside the scope (GB/T X-2016 adopts ISO Y:2008, and ISO Y:2015 is the edition in
force) the scope's editions of that work stand in for it, provided the other end is itself in its scope; such a
link, and a two-step path through two editions of its original, is marked ``other_edition``. An undated end
("adopts IEC 60529") stands for the work. A link is a pair: found from either side, it counts for both.
Suggested links are only sought for standards with no declared link, with ``counterparts.bulk.BulkSuggester``
(``explain=False``: scores as ``Suggester.score`` gives them, without its clues).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from stdbridge.catalog import Catalog
from stdbridge.counterparts.bulk import BulkSuggester, TitleCache
from stdbridge.counterparts.suggest import Suggestion
from stdbridge.i18n import _, ngettext
from stdbridge.models import Degree, RelationType, Standard
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.search.index import work_hash
from stdbridge.search.selection import work_hashes
from stdbridge.store import Store

KINDS = ("same", "IDT", "MOD", "EQV", "NEQ", "declared", "suggested", "none")
DECLARED_KINDS = KINDS[:6]
STRENGTH = {kind: len(KINDS) - i for i, kind in enumerate(KINDS)}
_BRIDGES = (RelationType.ADOPTS, RelationType.EQUIVALENT)
_COUNTED_EVERY = 1000  # standards sought suggestions for between two reports of progress, at least ...
_REPORTS = 20  # ... and at most this many reports a side: each block has a cost of its own


def kind_label(kind: str) -> str:
    """The name of a kind of link for people, in the current language (degrees are written as they are)."""
    labels = {
        "same": _("same standard"),
        "edition": _("another edition of the work"),
        "declared": _("declared, degree not given"),
        "suggested": _("suggested"),
        "none": _("no counterpart"),
    }
    return labels.get(kind, kind)


@dataclass(frozen=True, slots=True)
class Link:
    """One pair of counterparts between the two systems."""

    a: str  # identifiers
    b: str
    kind: str  # one of KINDS but "none"
    steps: int  # 0 for "same", 1 for a direct relation, 2 through a common neighbour; 0 for suggested
    other_edition: bool = False  # a relation of another edition of one side's work stood in for it
    score: float | None = None  # suggested links

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "kind": self.kind, "steps": self.steps,
                "other_edition": self.other_edition, "score": self.score}  # fmt: skip


# declared links: whole-catalogue passes ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Declared:
    """The best declared link of one pair: its kind, its length and whether another edition stood in."""

    kind: str
    steps: int
    other_edition: bool

    def rank(self) -> tuple[int, int, bool]:
        return (STRENGTH[self.kind], -self.steps, not self.other_edition)


Node = int | str  # an edition by store id, or a work by key (the undated end of a relation)


def declared_links(
    catalog: Catalog, side_a: dict[int, Standard], side_b: dict[int, Standard]
) -> dict[tuple[int, int], Declared]:
    """Every declared link between the two sides (see the module), the best one per pair (a id, b id).

    Works are compared by the 64-bit hash of their key that the search index holds for every record
    (``search.index.work_hash``): the work of a relation end outside both sides is read there, not by loading
    the standard."""
    edges = _bridge_edges(catalog.store)
    found: dict[tuple[int, int], Declared] = {}

    def keep(pair: tuple[int, int], link: Declared) -> None:
        held = found.get(pair)
        if held is None or link.rank() > held.rank():
            found[pair] = link

    for joint in side_a.keys() & side_b.keys():
        keep((joint, joint), Declared("same", 0, False))
    works = {x: work_hash(s.work_key) for side in (side_a, side_b) for x, s in side.items()}
    works.update(_work_hashes(catalog, _outside_ends(edges, works.keys())))
    undated: dict[str, int] = {}

    def work_of(node: Node) -> int | None:
        if isinstance(node, str):
            if node not in undated:
                undated[node] = work_hash(node)
            return undated[node]
        return works.get(node)

    a_by_work, b_by_work = _by_work(side_a, works), _by_work(side_b, works)
    # one step
    for u, v, degree in edges:
        kind = _kind_of([degree])
        for x, y in ((u, v), (v, u)):
            for a, a_stand_in in _stand_ins(x, side_a, a_by_work, work_of):
                for b, b_stand_in in _stand_ins(y, side_b, b_by_work, work_of):
                    if a != b and not (a_stand_in and b_stand_in):
                        keep((a, b), Declared(kind, 1, a_stand_in or b_stand_in))
    # two steps, through a common neighbour (a common original, most often), met at its work: "KS Q ISO 9001"
    # adopts the undated "ISO 9001" and "BS ISO 9001:2015" its 2015 edition; two relations naming two editions
    # of the original link their adoptions as well, marked as resting on another edition
    a_near: dict[int, list[tuple[int, Degree | None, Node]]] = defaultdict(list)
    b_near: dict[int, list[tuple[int, Degree | None, Node]]] = defaultdict(list)
    for u, v, degree in edges:
        for x, y in ((u, v), (v, u)):
            if not isinstance(x, int) or (x not in side_a and x not in side_b):
                continue
            middle = work_of(y)
            if middle is not None:
                if x in side_a:
                    a_near[middle].append((x, degree, y))
                if x in side_b:
                    b_near[middle].append((x, degree, y))
    for middle in a_near.keys() & b_near.keys():
        for a, first, a_end in a_near[middle]:
            for b, second, b_end in b_near[middle]:
                if a != b:
                    other = isinstance(a_end, int) and isinstance(b_end, int) and a_end != b_end
                    keep((a, b), Declared(_kind_of([first, second]), 2, other))
    return found


def _bridge_edges(store: Store) -> list[tuple[Node, Node, Degree | None]]:
    """(source, target, degree) of every adoption and equivalence whose source is in the catalogue; an open
    target (an edition not in the catalogue, or an undated reference) is its work."""
    edges: list[tuple[Node, Node, Degree | None]] = []
    for rtype in _BRIDGES:
        open_sources = []
        for source, target, degree in store.relation_ends(rtype):
            if source is None:
                continue
            if target is None:
                open_sources.append(source)
            else:
                edges.append((source, target, _degree(degree)))
        for r in store.relations_from(open_sources, rtype) if open_sources else ():
            if r.source_id is not None and r.target_id is None and r.target_work_key:
                edges.append((r.source_id, r.target_work_key, r.degree))
    return edges


def _outside_ends(edges: list[tuple[Node, Node, Degree | None]], inside: Collection[int]) -> set[int]:
    """The relation ends outside both sides whose other end is inside one: their work's editions in the scope
    may stand in for them, and adoptions of the same original meet at their work."""
    wanted = set()
    for u, v, _degree in edges:
        for x, y in ((u, v), (v, u)):
            if isinstance(x, int) and x not in inside and y in inside:
                wanted.add(x)
    return wanted


def _work_hashes(catalog: Catalog, ids: set[int]) -> dict[int, int]:
    """The work hash of each of these standards, from the search index's fast fields."""
    return work_hashes(catalog.search_engine().index, ids)


def _stand_ins(
    node: Node, side: dict[int, Standard], by_work: dict[int, list[int]], work_of: Callable[[Node], int | None]
) -> list[tuple[int, bool]]:
    """The standards of ``side`` a relation end stands for, each with whether it stands in for another edition."""
    if isinstance(node, int) and node in side:
        return [(node, False)]
    work = work_of(node)
    return [(x, isinstance(node, int)) for x in by_work.get(work, ())] if work is not None else []


def _by_work(side: dict[int, Standard], works: dict[int, int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for x in side:
        found[works[x]].append(x)
    return found


def _degree(value: str | None) -> Degree | None:
    try:
        return Degree(value) if value else None
    except ValueError:
        return None


def _kind_of(degrees: list[Degree | None]) -> str:
    """The kind of a path: the degree of its weakest link, "declared" when a link's degree is not known."""
    if any(d is None for d in degrees):
        return "declared"
    weakest = Degree.weakest([d for d in degrees if d is not None])
    return weakest.value if weakest else "declared"


# suggested links ---------------------------------------------------------------------------------------------------
def suggested_links(
    catalog: Catalog, side_a: dict[int, Standard], side_b: dict[int, Standard],
    declared: dict[tuple[int, int], Declared], threshold: float, progress: Progress = NO_PROGRESS,
) -> dict[tuple[int, int], float]:  # fmt: skip
    """The best suggestion of every standard without a declared link, each side against the other; ``progress``
    counts the standards sought for, side by side (in blocks of at least ``_COUNTED_EVERY``: each standard's
    suggestions are worked out alone, so the blocks change nothing but when progress is told)."""
    linked_a = {a for a, _b in declared}
    linked_b = {b for _a, b in declared}
    suggester = catalog.suggester()
    cache = TitleCache()
    found: dict[tuple[int, int], float] = {}
    for sources, targets, flip in ((side_a, side_b, False), (side_b, side_a, True)):
        linked = linked_b if flip else linked_a
        need = [s for x, s in sources.items() if x not in linked]
        if not need:
            continue
        seeking = ngettext(
            "Seeking suggested counterparts of {count:,} standard",
            "Seeking suggested counterparts of {count:,} standards",
            len(need),
        )
        progress.step(seeking.format(count=len(need)), len(need))
        bulk = BulkSuggester(suggester, targets.values(), cache=cache)
        size = max(_COUNTED_EVERY, -(-len(need) // _REPORTS))
        for start in range(0, len(need), size):
            block = need[start : start + size]
            _keep_best(found, block, bulk.best(block, threshold=threshold, explain=False), flip)
            progress.advance(len(block))
    return found


def _keep_best(
    found: dict[tuple[int, int], float], sources: list[Standard], bests: list[list[Suggestion]], flip: bool
) -> None:
    for source, best in zip(sources, bests, strict=True):
        for suggestion in best:
            assert source.id is not None and suggestion.standard.id is not None
            pair = (suggestion.standard.id, source.id) if flip else (source.id, suggestion.standard.id)
            found[pair] = max(found.get(pair, 0.0), suggestion.score)


def link_list(
    side_a: dict[int, Standard], side_b: dict[int, Standard], declared: dict[tuple[int, int], Declared],
    suggested: dict[tuple[int, int], float],
) -> list[Link]:  # fmt: skip
    links = [
        Link(side_a[a].identifier, side_b[b].identifier, d.kind, d.steps, d.other_edition)
        for (a, b), d in declared.items()
    ]
    links += [
        Link(side_a[a].identifier, side_b[b].identifier, "suggested", 0, score=score)
        for (a, b), score in suggested.items()
        if (a, b) not in declared
    ]
    return sorted(links, key=lambda link: (link.a, -STRENGTH[link.kind], link.b))
