"""The counterparts the connectivity index counts, found for any two systems of a group from one read of the
catalogue's adoption and equivalence edges.

``Bridges.read(store)`` reads every ``adopts`` and ``equivalent`` relation once (``Store.relation_edges``: one
lean query per kind) and indexes them by the standards at their ends; ``recognised_links(bridges, a, b, works)``
then finds the links of two sides by walking only the edges of their own standards. It answers what
``compatibility.declared_links`` answers, less the links it grades ``related-edition`` (another edition of a work
stood in for the one named: never a counterpart the index counts, and never stronger than one it does): the best
link of each pair, ``same`` for a standard of both sides, else one step (a relation between them, or to the
undated work whose editions the other side holds), else two steps through a common neighbour met at its work
(the same end, or an undated one). ``tests/test_connectivity_links.py`` checks the two agree on the bundled data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass

from stdbridge.analytics.compatibility.links import STRENGTH
from stdbridge.catalog.links import kind_of
from stdbridge.models import Degree, RelationType
from stdbridge.search.index import work_hash
from stdbridge.store import Store

Node = int | str  # an edition by store id; an undated work by its key; an edition not held by its edition key
_BRIDGES = (RelationType.ADOPTS, RelationType.EQUIVALENT)
_DEGREES = {d.value: d for d in Degree}


@dataclass(slots=True)
class Bridges:
    """Every adoption and equivalence of the catalogue, by the held standards at their ends."""

    by_node: dict[int, list[tuple[Node, Degree | None]]]
    unheld_work: dict[str, str]  # edition key not held -> its work key
    edges: int

    @classmethod
    def read(cls, store: Store) -> Bridges:
        by_node: dict[int, list[tuple[Node, Degree | None]]] = defaultdict(list)
        unheld_work: dict[str, str] = {}
        count = 0
        for rtype in _BRIDGES:
            for source, target, target_key, target_work, degree_text in store.relation_edges(rtype):
                degree = _DEGREES.get(degree_text) if degree_text else None
                if target is not None:
                    by_node[source].append((target, degree))
                    by_node[target].append((source, degree))
                elif not target_work:
                    continue
                elif target_key != target_work:  # a dated edition the catalogue lacks
                    unheld_work[target_key] = target_work
                    by_node[source].append((target_key, degree))
                else:  # an undated end: the work
                    by_node[source].append((target_work, degree))
                count += 1
        return cls(dict(by_node), unheld_work, count)


Link = tuple[str, int]  # kind, steps


def recognised_links(
    bridges: Bridges, side_a: dict[int, int], side_b: dict[int, int],
    outside_works: Callable[[Collection[int]], dict[int, int]],
) -> dict[tuple[int, int], Link]:  # fmt: skip
    """The best counted link (kind, steps) of each pair (a id, b id) of the two sides (each: id -> work hash);
    ``outside_works`` gives the work hashes of relation ends outside both sides (see the module)."""
    found: dict[tuple[int, int], Link] = {}
    rank: dict[tuple[int, int], tuple[int, int]] = {}

    def keep(pair: tuple[int, int], kind: str, steps: int) -> None:
        strength = (STRENGTH[kind], -steps)
        if pair not in rank or strength > rank[pair]:
            rank[pair], found[pair] = strength, (kind, steps)

    for joint in side_a.keys() & side_b.keys():
        keep((joint, joint), "same", 0)
    by_node = bridges.by_node
    a_by_work, b_by_work = _by_work(side_a), _by_work(side_b)
    undated: dict[str, int] = {}

    def hash_of(node: str) -> int:
        if node not in undated:
            undated[node] = work_hash(bridges.unheld_work.get(node, node))
        return undated[node]

    outside = {w for side in (side_a, side_b) for x in side for w, _d in by_node.get(x, ())
               if isinstance(w, int) and w not in side_a and w not in side_b}  # fmt: skip
    works = outside_works(outside)
    near: tuple[dict[int, list[tuple[int, Degree | None, Node]]], ...] = (defaultdict(list), defaultdict(list))
    for n, (side, other, other_by_work) in enumerate(((side_a, side_b, b_by_work), (side_b, side_a, a_by_work))):
        for x in side:
            for w, degree in by_node.get(x, ()):
                if isinstance(w, int):  # a held edition: a counterpart when it is the other side's
                    middle = side_a[w] if w in side_a else side_b[w] if w in side_b else works.get(w)
                    if w in other and w != x:
                        keep((x, w) if n == 0 else (w, x), kind_of([degree]), 1)
                else:
                    middle = hash_of(w)
                    if w not in bridges.unheld_work:  # the undated work: each edition the other side holds
                        for y in other_by_work.get(middle, ()):
                            if y != x:
                                keep((x, y) if n == 0 else (y, x), kind_of([degree]), 1)
                if middle is not None:
                    near[n][middle].append((x, degree, w))
    a_near, b_near = near
    for middle in a_near.keys() & b_near.keys():
        for a, first, a_end in a_near[middle]:
            for b, second, b_end in b_near[middle]:
                if a == b:
                    continue
                if a_end != b_end and not _is_work(a_end, bridges) and not _is_work(b_end, bridges):
                    continue  # through two editions of the original: related-edition, not counted
                keep((a, b), kind_of([first, second]), 2)
    return found


def _is_work(node: Node, bridges: Bridges) -> bool:
    return isinstance(node, str) and node not in bridges.unheld_work


def _by_work(side: dict[int, int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for x, work in side.items():
        found[work].append(x)
    return found
