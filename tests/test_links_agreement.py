"""One answer to one question, over the bundled catalogue: the pairwise comparison and the batch matrix say the
same of 1,000 pairs drawn reproducibly, and the counterparts listings agree with them (issue 9: "pairwise and batch
comparison agree on 1,000 random pairs").

The bundled catalogue declares few adoptions (those of its GB sample), so the pairs are drawn from two lists built
around them: list A holds every standard declaring an adoption and standards drawn at random; list B what they
adopt, every edition of the works they adopt, the adopting standards again, and standards drawn at random. The
batch matrix compares every pair of A x B; the 1,000 pairs checked are every pair linked by construction (an
adoption, an adoption of another edition, two adoptions of one original), the rest drawn at random from A x B.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from stdbridge.analytics.compatibility import Scope, compatibility
from stdbridge.catalog import Catalog
from stdbridge.catalog.links import BRIDGES, RELATED_EDITION, counterparts_of, pair_link
from stdbridge.compare.lists import compare_lists
from stdbridge.compare.records import connection
from stdbridge.models import DocType, Standard

PAIRS = 1000
SEED = 20261204
RANDOM_STANDARDS = 40
_NOT_EDITIONS = (DocType.AMENDMENT, DocType.CORRIGENDUM, DocType.DRAFT)


def draw_lists(catalog: Catalog, seed: int) -> tuple[list[Standard], list[Standard], list[tuple[int, int]]]:
    """Lists A and B (see the module) and the pairs to check, as (index in A, index in B), reproducibly."""
    store, rng = catalog.store, random.Random(seed)
    relations = [r for t in BRIDGES for r in store.relations_from(_all_ids(catalog), t) if r.source_id is not None]
    relations.sort(key=lambda r: (r.source_key, r.target_key))
    sources = sorted({r.source_id for r in relations if r.source_id is not None})
    every = sorted(_all_ids(catalog))
    a_ids = list(dict.fromkeys([*sources, *rng.sample(every, RANDOM_STANDARDS)]))
    works = sorted({r.target_work_key for r in relations})
    editions = [s.id for w in works for s in store.standards_of_work(w) if s.doctype not in _NOT_EDITIONS]
    b_ids = list(dict.fromkeys([*(i for i in editions if i is not None), *sources,
                                *rng.sample(every, RANDOM_STANDARDS)]))  # fmt: skip
    found = store.standards_by_ids({*a_ids, *b_ids})
    a, b = [found[i] for i in a_ids], [found[i] for i in b_ids]
    at_a, at_b = {s.id: n for n, s in enumerate(a)}, {s.id: n for n, s in enumerate(b)}
    linked: set[tuple[int, int]] = set()
    by_work: dict[str, list[int]] = {}
    for r in relations:
        by_work.setdefault(r.target_work_key, []).append(r.source_id or 0)
        for other in b:  # an adoption, of the edition it names or of another edition of the work
            if other.work_key == r.target_work_key:
                linked.add((at_a[r.source_id], at_b[other.id]))
    for adopters in by_work.values():  # two adoptions of one original (editions alike or not)
        linked.update((at_a[x], at_b[y]) for x in adopters for y in adopters if x != y)
    chosen = sorted(linked)
    rng.shuffle(chosen)
    chosen = chosen[: PAIRS // 2]
    product = [(i, j) for i in range(len(a)) for j in range(len(b)) if (i, j) not in linked]
    chosen += rng.sample(product, PAIRS - len(chosen))
    return a, b, chosen


def _all_ids(catalog: Catalog) -> list[int]:
    return [i for i, _record in catalog.store.iter_records()]


@pytest.mark.slow
def test_pairwise_and_batch_agree_on_1000_pairs_of_the_bundled_catalogue(bundled_catalog: Catalog) -> None:
    catalog = bundled_catalog
    list_a, list_b, pairs = draw_lists(catalog, SEED)
    assert len(pairs) == PAIRS == len(set(pairs))
    matrix = compare_lists(catalog, [s.identifier for s in list_a], [s.identifier for s in list_b])
    # every identifier reads back as the standard drawn (a record an identifier cannot single out is left out)
    read_a = {e.line - 1: e.standard.id for e in matrix.a}
    read_b = {e.line - 1: e.standard.id for e in matrix.b}
    pairs = [(i, j) for i, j in pairs if read_a.get(i) == list_a[i].id and read_b.get(j) == list_b[j].id]
    assert len(pairs) >= 0.95 * PAIRS
    batch = {(p.a.line - 1, p.b.line - 1): p for p in matrix.pairs if p.kind != "suggested"}
    kinds: Counter[str] = Counter()
    for i, j in pairs:
        a, b = list_a[i], list_b[j]
        answer = pair_link(a, b, store=catalog.store)
        held = batch.get((i, j))
        if answer is None:
            assert held is None, (a.identifier, b.identifier, held.kind if held else None)
            kinds["none"] += 1
            continue
        kinds[answer.kind] += 1
        assert held is not None, (a.identifier, b.identifier, answer.kind)
        assert (held.kind, held.declared_edition, held.path, held.found_from) == (
            answer.kind, answer.declared_edition, answer.path, answer.found_from,
        ), (a.identifier, b.identifier)  # fmt: skip
        # the comparison page says the same (it reads the same answer)
        shown = connection(catalog, a, b)
        if answer.kind in ("same", "edition"):
            assert shown.kind == "edition"
        else:
            assert shown.kind == (RELATED_EDITION if answer.kind == RELATED_EDITION else "declared")
            assert (shown.degree.value if shown.degree else None) == answer.degree and shown.path == answer.path
        # and the counterparts listings hold the pair: one side lists the other, or another edition of its work
        if answer.kind not in ("same", "edition"):
            listed_a = {c.standard.work_key for c in counterparts_of(catalog.store, a)}
            listed_b = {c.standard.work_key for c in counterparts_of(catalog.store, b)}
            assert b.work_key in listed_a or a.work_key in listed_b, (a.identifier, b.identifier)
    # the draw reaches every kind of answer, and not only one
    assert kinds["IDT"] >= 20 and kinds[RELATED_EDITION] >= 100 and kinds["none"] >= 300 and len(kinds) >= 7, kinds


@pytest.mark.slow
@pytest.mark.parametrize("other", ["body:ISO", "body:IEC"])
def test_compatibility_grades_its_links_as_the_pairwise_answer_does(bundled_catalog: Catalog, other: str) -> None:
    """Every declared link compatibility finds between China's standards and ISO's or IEC's, over the bundled
    catalogue, is what the comparison of the two standards says (the converse, over every pair of the two systems,
    is checked on the excerpts: tests/test_links.py)."""
    catalog = bundled_catalog
    result = compatibility(catalog, Scope("country", "CN"), Scope.read(catalog, other)[0], threshold=None)
    links = [link for link in result.links if link.kind != "same"]
    assert len(links) >= 20 and any(link.kind == RELATED_EDITION for link in links)
    for link in links:
        answer = pair_link(catalog.get(link.a), catalog.get(link.b), store=catalog.store)
        assert answer is not None and answer.kind == link.kind, (link.a, link.b, link.kind)
