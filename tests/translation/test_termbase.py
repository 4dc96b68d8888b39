"""Finding termbase terms in source texts: Chinese by word segmentation with the terms kept whole, English by
lemma, the longest where terms overlap, only what the user may see; real IEC Electropedia and ISO/TC 211 entries
and sentences of real standards."""

from __future__ import annotations

from pathlib import Path

import pytest

from stdbridge.store import SqlStore
from stdbridge.translation.interfaces import TermLookup
from stdbridge.translation.model import Concept, TermStatus, UnitScope
from stdbridge.translation.term_files import read_iev, read_mlgt
from stdbridge.translation.termbase import Termbase, deprecated_terms, preferred_terms
from stdbridge.translation.terms import glossary_concepts

TERMBASES = Path(__file__).parent.parent / "data" / "termbases"


def real_concepts() -> list[Concept]:
    concepts = [*read_iev(TERMBASES / "iev_excerpt.csv"), *read_mlgt(TERMBASES / "mlgt_excerpt.jsonl")]
    for number, concept in enumerate(concepts, 1):
        concept.id = number
    return concepts


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return Termbase(real_concepts())


def found(termbase: Termbase, text: str, source: str, target: str, user_id: int | None = None) -> list[tuple[str, str]]:
    hits = termbase.terms_in(text, source, target, user_id=user_id)
    return [(text[h.start : h.end], "/".join(t.text for t in preferred_terms(h.concept, target))) for h in hits]


def test_it_is_a_term_lookup(termbase: Termbase) -> None:
    lookup: TermLookup = termbase
    assert lookup.terms_in("", "en", "zh") == []


def test_english_terms_are_found_by_lemma_longest_first(termbase: Termbase) -> None:
    # ISO/IEC Guide 99 (VIM), 1.3's note; "systems of quantities" is the term "system of quantities" in the plural
    text = (
        "Ordinal quantities, such as Rockwell C hardness, are usually not considered to be part of systems of "
        "quantities."
    )
    assert found(termbase, text, "en", "zh") == [("quantities", "量"), ("systems of quantities", "量制")]
    # IEC 60050-192: a deprecated synonym is found, and the hit names the term to use instead
    [hit] = termbase.terms_in("The repaired items were returned to service.", "en", "zh")
    assert hit.found.text == "repaired item" and hit.found.status is TermStatus.DEPRECATED
    assert [t.text for t in preferred_terms(hit.concept, "en")] == ["repairable item"]
    assert [t.text for t in deprecated_terms(hit.concept, "en")] == ["repaired item"]
    assert [t.text for t in preferred_terms(hit.concept, "zh")] == ["可修复产品"]


def test_case_is_ignored_except_in_abbreviations(termbase: Termbase) -> None:
    assert found(termbase, "Coordinate Reference Systems", "en", "zh") == [
        ("Coordinate Reference Systems", "坐标参照系")
    ]
    assert found(termbase, "SI units", "en", "zh")[0] == ("SI", "国际单位制")
    assert ("si", "国际单位制") not in found(termbase, "si units", "en", "zh")


def test_two_concepts_of_one_term_are_both_found(termbase: Termbase) -> None:
    # "reliability" is both the ability (192-01-24, 可靠性) and the probability (192-05-05, 可靠度)
    assert found(termbase, "reliability", "en", "zh") == [("reliability", "可靠性"), ("reliability", "可靠度")]


def test_chinese_terms_are_found_whole_at_word_boundaries(termbase: Termbase) -> None:
    # GB/T 17694 (ISO 19101) wording: the application schema inside "UML应用模式" is not found on its own
    text = "UML应用模式应符合应用模式的规则，要素和地理信息的元数据。"
    assert found(termbase, text, "zh", "en") == [
        ("UML应用模式", "UML application schema"), ("应用模式", "application schema"), ("要素", "feature"),
        ("地理信息", "geographic information"), ("元数据", "metadata")]  # fmt: skip
    # full-width letters are the half-width term
    assert found(termbase, "ＵＭＬ应用模式", "zh", "en") == [("ＵＭＬ应用模式", "UML application schema")]
    # 量 is a term, but not inside 量制 or 测量单位
    assert found(termbase, "量制中的测量单位", "zh", "en") == [
        ("量制", "system of quantities"), ("测量单位", "unit of measurement/measurement unit/unit")]  # fmt: skip


def test_only_what_the_user_may_see_is_found() -> None:
    concepts = real_concepts()
    personal = next(c for c in concepts if c.terms[0].text == "failure")
    personal.scope, personal.owner_id = UnitScope.PERSONAL, 7
    organisation = next(c for c in concepts if c.terms[0].text == "fault")
    organisation.scope, organisation.owner_id = UnitScope.ORGANISATION, 3
    termbase = Termbase(concepts, organisations_of=lambda user_id: [3] if user_id == 8 else [])
    text = "失效和故障的可靠性"
    assert [t for t, _e in found(termbase, text, "zh", "en")] == ["可靠性"]
    assert [t for t, _e in found(termbase, text, "zh", "en", user_id=7)] == ["失效", "可靠性"]
    assert [t for t, _e in found(termbase, text, "zh", "en", user_id=8)] == ["故障", "可靠性"]


def test_the_stores_termbase_is_read_again_when_it_changed(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    concepts = [*read_iev(TERMBASES / "iev_excerpt.csv")]
    store.add_concepts(concepts[:5], "2026-12-04T19:00:00+00:00")
    first = Termbase.of_store(store)
    assert Termbase.of_store(store) is first and len(first) == 5
    store.add_concepts(concepts[5:], "2026-12-04T19:01:00+00:00")
    again = Termbase.of_store(store)
    assert again is not first and len(again) == len(concepts)
    assert [h.found.text for h in again.terms_in("Dependability of an item", "en", "zh")] == ["dependability", "item"]
    store.close()


def test_the_glossary_in_titles_and_clauses() -> None:
    concepts = glossary_concepts()
    for number, concept in enumerate(concepts, 1):
        concept.id = number
    termbase = Termbase(concepts)
    # IEC 60335-1's wording: plural terms found by lemma, and two concepts of one English term both given
    text = "Routine tests and type tests are carried out by the test methods given in IEC 60335-1."
    assert found(termbase, text, "en", "zh") == [
        ("Routine tests", "例行试验"), ("type tests", "型式试验"), ("test methods", "试验方法"),
        ("test methods", "测试方法")]  # fmt: skip
    # GB 4706.1-2024's title: no term ends on the space
    assert [t for t, _e in found(termbase, "家用和类似用途电器的安全 第1部分：通用要求", "zh", "en")] == [
        "家用和类似用途电器", "安全", "部分", "通用要求"]  # fmt: skip


@pytest.mark.parametrize("junk", ["", " ", "😀\x00🚀", "\ufeff", "<g1>安全</g1>", "x" * 20_000, "。" * 5_000])
@pytest.mark.parametrize("lang", ["zh", "en", "ja", "zh-CN"])
def test_junk_is_answered(termbase: Termbase, junk: str, lang: str) -> None:
    hits = termbase.terms_in(junk, lang, "en")
    assert all(0 <= h.start < h.end <= len(junk) for h in hits)
