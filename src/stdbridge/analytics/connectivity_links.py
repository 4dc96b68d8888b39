"""The counterparts the connectivity index counts, found for any two systems of a group from one read of the
catalogue's adoption and equivalence edges.

``Bridges.read(store)`` reads every ``adopts`` and ``equivalent`` relation once (``Store.relation_edges``: one
lean query per kind), or those touching two sides' standards (``around``), and indexes them by the standards at
their ends; ``recognised_links(bridges, a, b, works)``
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
_KIND_OF_ONE: dict[Degree | None, str] = {d: kind_of([d]) for d in (*Degree, None)}
_KIND_OF_TWO: dict[tuple[Degree | None, Degree | None], str] = {
    (d, e): kind_of([d, e]) for d in (*Degree, None) for e in (*Degree, None)
}


@dataclass(slots=True)
class Bridges:
    """Every adoption and equivalence of the catalogue, by the held standards at their ends."""

    by_node: dict[int, list[tuple[Node, Degree | None]]]
    unheld_work: dict[str, str]  # edition key not held -> its work key
    edges: int

    @classmethod
    def read(cls, store: Store, around: Collection[int] | None = None) -> Bridges:
        """Every edge, or (``around``) those with an end among these ids: all that ``recognised_links`` walks of
        two sides whose standards they are."""
        by_node: dict[int, list[tuple[Node, Degree | None]]] = defaultdict(list)
        unheld_work: dict[str, str] = {}
        count = 0
        for rtype in _BRIDGES:
            edges = store.relation_edges(rtype) if around is None else store.relation_edges_around(rtype, around)
            for source, target, target_key, target_work, degree_text in edges:
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
                        keep((x, w) if n == 0 else (w, x), _KIND_OF_ONE[degree], 1)
                else:
                    middle = hash_of(w)
                    if w not in bridges.unheld_work:  # the undated work: each edition the other side holds
                        for y in other_by_work.get(middle, ()):
                            if y != x:
                                keep((x, y) if n == 0 else (y, x), _KIND_OF_ONE[degree], 1)
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
                keep((a, b), _KIND_OF_TWO[(first, second)], 2)
    return found


def _is_work(node: Node, bridges: Bridges) -> bool:
    return isinstance(node, str) and node not in bridges.unheld_work


def _by_work(side: dict[int, int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for x, work in side.items():
        found[work].append(x)
    return found


_COMMON_DEGREES = frozenset({Degree.IDT, Degree.MOD})


@dataclass(slots=True)
class GroupMarks:
    """For each standard of a group (in force on the day asked), the systems of the group it reaches at each
    stage, as bit masks over the group's systems (bit i: system i): ``recognised`` (any counted link, itself
    included when it belongs to that system too), ``common`` (a link of the same document, IDT or MOD),
    ``same_original`` (a pair whose best link runs through a common original)."""

    recognised: dict[int, int]
    common: dict[int, int]
    same_original: dict[int, int]


def group_marks(
    bridges: Bridges, alive: dict[int, int], masks: dict[int, int],
    outside_works: Callable[[Collection[int]], dict[int, int]],
) -> GroupMarks:  # fmt: skip
    """What ``recognised_links`` finds for every pair of systems of a group at once (``alive``: id -> work hash of
    the group's standards; ``masks``: id -> the systems holding it), from one walk over their edges: a pair's
    links do not depend on which two systems are asked about, only which of them hold its ends."""
    by_node, unheld = bridges.by_node, bridges.unheld_work
    by_work = _by_work(alive)
    recognised, common = dict(masks), dict(masks)  # a standard of both systems is its own counterpart ("same")
    same_original: dict[int, int] = defaultdict(int)
    direct: dict[tuple[int, int], int] = {}  # (low id, high id) -> strength of the best one-step link
    partners: dict[int, set[int]] = defaultdict(set)
    undated: dict[str, int] = {}
    outside = {w for x in alive for w, _d in by_node.get(x, ()) if isinstance(w, int) and w not in alive}
    works = outside_works(outside)

    def hash_of(node: str) -> int:
        if node not in undated:
            undated[node] = work_hash(unheld.get(node, node))
        return undated[node]

    def one_step(x: int, y: int, degree: Degree | None) -> None:
        kind = _KIND_OF_ONE[degree]
        recognised[x] |= masks[y]
        recognised[y] |= masks[x]
        if kind in ("IDT", "MOD"):
            common[x] |= masks[y]
            common[y] |= masks[x]
        key = (x, y) if x < y else (y, x)
        direct[key] = max(direct.get(key, 0), STRENGTH[kind])
        partners[x].add(y)
        partners[y].add(x)

    near: dict[int, list[tuple[int, Degree | None, Node]]] = defaultdict(list)
    for x in alive:
        for w, degree in by_node.get(x, ()):
            if isinstance(w, int):
                middle = alive[w] if w in alive else works.get(w)
                if w in alive and w != x:
                    one_step(x, w, degree)
            else:
                middle = hash_of(w)
                if w not in unheld:
                    for y in by_work.get(middle, ()):
                        if y != x:
                            one_step(x, y, degree)
            if middle is not None:
                near[middle].append((x, degree, w))
    for entries in near.values():
        if len(entries) < 2:
            continue
        # two entries link when they name the same end or one names the undated work (else: related-edition)
        reach: dict[Node, int] = defaultdict(int)  # end -> systems of the standards naming it
        reach_common: dict[Node, int] = defaultdict(int)  # ... by an IDT or MOD relation
        ids_by_end: dict[Node, set[int]] = defaultdict(set)
        for x, degree, end in entries:
            reach[end] |= masks[x]
            if degree in _COMMON_DEGREES:
                reach_common[end] |= masks[x]
            ids_by_end[end].add(x)
        ids_all = {x for x, _d, _e in entries}
        ids = ids_all
        ids_work = {x for end, found in ids_by_end.items() if _is_work(end, bridges) for x in found}
        works_reach = works_common = every = every_common = 0
        for end, mask in reach.items():
            every |= mask
            every_common |= reach_common.get(end, 0)
            if isinstance(end, str) and end not in unheld:
                works_reach |= mask
                works_common |= reach_common.get(end, 0)
        for x, degree, end in entries:
            is_work = isinstance(end, str) and end not in unheld
            found = every if is_work else reach[end] | works_reach
            recognised[x] |= found
            if degree in _COMMON_DEGREES:
                common[x] |= every_common if is_work else reach_common.get(end, 0) | works_common
            if partners.get(x, set()).isdisjoint(ids):  # no pair of it is linked directly: any other reaches it
                others = ids_all if is_work else (ids_by_end[end] | ids_work)
                for y in others:
                    if y != x:
                        same_original[x] |= masks[y]
                continue
            for y, other_degree, other_end in entries:  # a pair linked directly too: the stronger link is its best
                if y == x or (end != other_end and not is_work and not _is_work(other_end, bridges)):
                    continue
                key = (x, y) if x < y else (y, x)
                if key not in direct or STRENGTH[_KIND_OF_TWO[(degree, other_degree)]] > direct[key]:
                    same_original[x] |= masks[y]
    return GroupMarks(recognised, common, dict(same_original))
