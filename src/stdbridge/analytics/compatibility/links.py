"""The links between two standards systems: their kinds (strongest first, see the package), the declared links
found by whole-catalogue passes, and the suggested ones sought for the standards left without.

Declared links come from whole-catalogue passes over the ``adopts`` and ``equivalent`` relations
(``Store.relation_ends``), never from a walk per standard: the direct links between A and B, and the two-step
paths through a common neighbour — a common original most often (A adopts X, B adopts X) — met at its *work*, so
that "KS Q ISO 9001" (adopts the undated ISO 9001) meets "BS ISO 9001:2015" (adopts its 2015 edition). When a
relation's end is an edition outside the scope (GB/T X-2016 adopts ISO Y:2008, and ISO Y:2015 is the edition in
force) the scope's editions of that work stand in for it, provided the other end is itself in its scope; such a
link, and a two-step path through two editions of its original, is marked ``other_edition`` and graded
``related-edition`` (``catalog.links``: the works correspond, not these editions; never counted as IDT or any
degree). An edition not held ("GB 4706.1-2024 adopts IEC 60335-1:2016") is such an edition outside the scope,
named by its key, never the work; an undated end ("adopts IEC 60529") stands for the work (``links.end_of`` reads
the ends, ``links.kind_of`` grades the paths, as for the counterparts of one standard). A link is a pair: found
from either side, it counts for both.
Suggested links are only sought for standards with no declared link, with ``counterparts.bulk.BulkSuggester``
(``explain=False``: scores as ``Suggester.score`` gives them, without its clues).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from stdbridge.catalog import Catalog
from stdbridge.catalog.links import DECLARED_KINDS as LINK_KINDS
from stdbridge.catalog.links import end_of, kind_of
from stdbridge.counterparts.bulk import BulkSuggester, TitleCache
from stdbridge.counterparts.suggest import Suggestion
from stdbridge.i18n import ngettext
from stdbridge.models import Degree, RelationType, Standard
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.search.index import work_hash
from stdbridge.search.selection import work_hashes
from stdbridge.store import Store

KINDS = ("same", *LINK_KINDS, "suggested", "none")  # same, IDT, MOD, EQV, NEQ, declared, related-edition, ...
DECLARED_KINDS = KINDS[:7]
STRENGTH = {kind: len(KINDS) - i for i, kind in enumerate(KINDS)}
_BRIDGES = (RelationType.ADOPTS, RelationType.EQUIVALENT)
_COUNTED_EVERY = 1000  # standards sought suggestions for between two reports of progress, at least ...
_REPORTS = 20  # ... and at most this many reports a side: each block has a cost of its own


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

    @classmethod
    def of(cls, degrees: list[Degree | None], steps: int, other_edition: bool) -> Declared:
        """The link of a path of ``steps`` relations of these degrees, graded as ``links.kind_of`` grades it."""
        return cls(kind_of(degrees, other_edition=other_edition), steps, other_edition)

    def rank(self) -> tuple[int, int, bool]:
        return (STRENGTH[self.kind], -self.steps, not self.other_edition)


Node = int | str  # an edition by store id, a work by key (an undated end), an edition not held by its edition key


def declared_links(
    catalog: Catalog, side_a: dict[int, Standard], side_b: dict[int, Standard]
) -> dict[tuple[int, int], Declared]:
    """Every declared link between the two sides (see the module), the best one per pair (a id, b id).

    Works are compared by the 64-bit hash of their key that the search index holds for every record
    (``search.index.work_hash``): the work of a relation end outside both sides is read there, not by loading
    the standard."""
    edges, unheld_work = _bridge_edges(catalog.store)
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
                undated[node] = work_hash(unheld_work.get(node, node))
            return undated[node]
        return works.get(node)

    def is_work(node: Node) -> bool:
        return isinstance(node, str) and node not in unheld_work

    a_by_work, b_by_work = _by_work(side_a, works), _by_work(side_b, works)
    # one step
    for u, v, degree in edges:
        for x, y in ((u, v), (v, u)):
            for a, a_stand_in in _stand_ins(x, side_a, a_by_work, work_of, is_work):
                for b, b_stand_in in _stand_ins(y, side_b, b_by_work, work_of, is_work):
                    if a != b and not (a_stand_in and b_stand_in):
                        keep((a, b), Declared.of([degree], 1, a_stand_in or b_stand_in))
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
                    other = a_end != b_end and not is_work(a_end) and not is_work(b_end)
                    keep((a, b), Declared.of([first, second], 2, other))
    return found


def _bridge_edges(store: Store) -> tuple[list[tuple[Node, Node, Degree | None]], dict[str, str]]:
    """(source, target, degree) of every adoption and equivalence whose source is in the catalogue, and the work of
    each edition not held that they name: an undated target is its work, a dated one not held its edition key."""
    edges: list[tuple[Node, Node, Degree | None]] = []
    unheld_work: dict[str, str] = {}
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
            if r.source_id is None or r.target_id is not None or not r.target_work_key:
                continue
            if end_of(r) == "not-held":
                unheld_work[r.target_key] = r.target_work_key
                edges.append((r.source_id, r.target_key, r.degree))
            else:
                edges.append((r.source_id, r.target_work_key, r.degree))
    return edges, unheld_work


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
    node: Node, side: dict[int, Standard], by_work: dict[int, list[int]], work_of: Callable[[Node], int | None],
    is_work: Callable[[Node], bool],
) -> list[tuple[int, bool]]:  # fmt: skip
    """The standards of ``side`` a relation end stands for, each with whether it stands in for another edition (an
    edition outside the side, held or not; an undated end is the work, no other edition)."""
    if isinstance(node, int) and node in side:
        return [(node, False)]
    work = work_of(node)
    return [(x, not is_work(node)) for x in by_work.get(work, ())] if work is not None else []


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
