"""The termbase in the store (SQLite and PostgreSQL): concepts kept with their terms, found by term in any language
(exact, prefix, part), seen only by who may see them, iterated, changed and removed; real IEC Electropedia and
ISO/TC 211 entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stdbridge.store import SqlStore, Store
from stdbridge.translation.model import Concept, Term, TermStatus, UnitScope
from stdbridge.translation.term_files import read_iev, read_mlgt

TERMBASES = Path(__file__).parent.parent / "data" / "termbases"
AT = "2026-12-04T19:00:00+00:00"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def real_concepts() -> list[Concept]:
    return [*read_iev(TERMBASES / "iev_excerpt.csv"), *read_mlgt(TERMBASES / "mlgt_excerpt.jsonl")]


def test_concepts_are_kept_with_their_terms_and_read_back(store: Store) -> None:
    concepts = real_concepts()
    store.add_concepts(concepts, AT)
    assert all(c.id is not None and all(t.id is not None for t in c.terms) for c in concepts)
    unit = next(c for c in concepts if c.terms[0].text == "unit of measurement")
    found = store.concepts_by_id([unit.id or 0, 99999])
    assert list(found) == [unit.id]
    assert found[unit.id or 0] == unit  # terms in order with their status, source, domain, origin
    assert [(t.lang, t.text, t.status) for t in found[unit.id or 0].terms][-3:] == [
        ("zh", "测量单位", TermStatus.PREFERRED), ("zh", "计量单位", TermStatus.ADMITTED),
        ("zh", "单位", TermStatus.ADMITTED)]  # fmt: skip
    assert store.count_concepts() == len(concepts)
    assert store.count_concepts(origin="ISO/TC 211 glossary") == 10
    assert [c.id for c in store.iter_concepts(batch=7)] == [c.id for c in concepts]
    assert {c.origin for c in store.iter_concepts(origin="IEC Electropedia")} == {"IEC Electropedia"}


def test_terms_are_found_by_text_in_any_language(store: Store) -> None:
    store.add_concepts(real_concepts(), AT)
    by_prefix = store.find_concepts("reliab")
    assert [c.terms[0].text for c in by_prefix] == ["reliability", "reliability"]  # 192-01-24 and 192-05-05
    assert [c.terms[-1].text for c in store.find_concepts("可靠")] == ["可靠性", "可靠度"]
    assert [c.terms[0].text for c in store.find_concepts("UML", match="exact")] == []
    assert [c.terms[0].text for c in store.find_concepts("uml 应用模式", match="exact")] == []
    assert [c.terms[0].text for c in store.find_concepts("ＵＭＬ应用模式", match="exact")] == ["UML application schema"]
    contains = [c.terms[0].text for c in store.find_concepts("应用模式", match="contains")]
    assert contains == ["application schema", "UML application schema"]  # the shortest term first
    assert store.find_concepts("应用模式", lang="en", match="contains") == []
    assert store.find_concepts("100%") == [] and store.find_concepts("_") == []  # LIKE's wildcards are text
    with pytest.raises(ValueError, match="match is one of"):
        store.find_concepts("unit", match="fuzzy")


def test_a_concept_is_seen_by_its_owner_and_members_only(store: Store) -> None:
    platform, personal, organisation = real_concepts()[:3]
    personal.scope, personal.owner_id = UnitScope.PERSONAL, 7
    organisation.scope, organisation.owner_id = UnitScope.ORGANISATION, 3
    store.add_concepts([platform, personal, organisation], AT)

    def seen(user_id: int | None, organisations: tuple[int, ...] = ()) -> set[str]:
        found = store.find_concepts("", match="contains", user_id=user_id, organisation_ids=organisations)
        found += [
            c
            for text in ("function", "distribution", "quantity")
            for c in store.find_concepts(text, match="exact", user_id=user_id, organisation_ids=organisations)
        ]
        return {c.terms[0].text for c in found}  # fmt: skip

    assert seen(None) == {"function"}
    assert seen(7) == {"function", "distribution"}
    assert seen(8, (3,)) == {"function", "quantity"}
    assert seen(7, (3,)) == {"function", "distribution", "quantity"}


def test_a_concept_is_changed_and_removed(store: Store) -> None:
    concepts = real_concepts()
    store.add_concepts(concepts, AT)
    stamp = store.termbase_stamp()
    # ISO 19115:2003's entry of "metadata", superseded: its terms deprecated, filed under geographic information
    item = next(c for c in concepts if c.terms[0].text == "metadata")
    for term in item.terms:
        term.status = TermStatus.DEPRECATED
    item.terms.append(Term("zh", "元数据 (ISO 19115:2003)", TermStatus.DEPRECATED))
    item.domain = "35.240.70"
    assert store.update_concept(item, "2026-12-04T19:30:00+00:00")
    assert store.termbase_stamp() != stamp
    again = store.concepts_by_id([item.id or 0])[item.id or 0]
    assert again == item and again.domain == "35.240.70" and item.terms[-1].id is not None
    assert [t.status for t in again.terms] == [TermStatus.DEPRECATED] * 3
    assert [c.id for c in store.find_concepts("元数据 (iso", match="prefix")] == [item.id]
    assert store.delete_concept(item.id or 0)
    assert not store.delete_concept(item.id or 0)
    assert store.concepts_by_id([item.id or 0]) == {} and store.find_concepts("元数据", match="exact") == []
    item.id = 99999
    assert not store.update_concept(item, AT)
    assert store.count_concepts() == len(concepts) - 1
