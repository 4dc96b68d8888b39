"""Suggested counterparts on real records: ITU-T and ISO/IEC common texts, JIS and the ISO original, CENELEC
adoptions that keep the IEC number, GB standards known by their Chinese titles; accepting and rejecting."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from stdbridge.catalog import Catalog
from stdbridge.errors import NotFound, UnknownName, UsageError
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import IsoCommitteesImporter
from stdbridge.models import Degree, Verdict

DATA = Path(__file__).parent / "data" / "suggest"


@pytest.fixture
def with_cenelec(catalog: Catalog, tmp_path: Path) -> Catalog:
    catalog.import_path(
        DATA / "cenelec_sample.jsonl", "tabular", mapping=str(DATA / "cenelec_mapping.json"), rejects_dir=tmp_path
    )
    return catalog


def first(catalog: Catalog, identifier: str, **target: str) -> str:
    found = catalog.suggest(identifier, **target).suggestions  # type: ignore[arg-type]
    assert found, f"no suggestion for {identifier}"
    return found[0].standard.identifier


def test_an_itu_recommendation_finds_its_iso_iec_twin(catalog: Catalog) -> None:
    suggestion = catalog.suggest("ITU-T X.509 (10/2019)", body="ISO", limit=5).suggestions[0]
    assert suggestion.standard.work_key == "ISO/IEC 9594-8"
    assert suggestion.status == "suggested"
    title = next(c for c in suggestion.clues if c.kind == "title")
    assert title.value > 0.9 and "certif" in title.detail
    assert suggestion.score == pytest.approx(sum(c.points for c in suggestion.clues), abs=0.002)


def test_the_edition_closest_in_time_stands_for_the_work(catalog: Catalog) -> None:
    editions = [s.standard.identifier for s in catalog.suggest("ITU-T X.509 (10/2016)", body="ISO").suggestions[:1]]
    assert editions and editions[0].startswith("ISO/IEC 9594-8:201")


def test_a_jis_finds_the_iso_standard_it_is_based_on(catalog: Catalog) -> None:
    assert first(catalog, "JIS Q 9001:2015", body="ISO") == "ISO 9001:2015"
    assert first(catalog, "JIS C 61000-4-2:2012", body="IEC").startswith("IEC 61000-4-2:")
    assert first(catalog, "ISO 9001:2015", country="JP") == "JIS Q 9001:2015"


def test_cenelec_adoptions_without_a_declared_link(with_cenelec: Catalog) -> None:
    assert first(with_cenelec, "EN 60335-1:2012", body="IEC").startswith("IEC 60335-1:")
    assert first(with_cenelec, "EN 61000-4-2:2009", body="IEC") == "IEC 61000-4-2:2008"
    assert first(with_cenelec, "EN 29001:1987", body="ISO") == "ISO 9001:1987"
    # what an identifier names comes first, marked as named by the identifier, not as suggested or declared
    found = with_cenelec.suggest("BS EN 61000-4-2:2009", country="EU")
    assert [(s.standard.identifier, s.status) for s in found.suggestions[:1]] == [("EN 61000-4-2:2009", "identifier")]
    assert "EN 61000-4-2:2009" not in [c.standard.identifier for c in found.declared]


def test_a_chinese_title_finds_the_original_across_languages(catalog: Catalog) -> None:
    gb = catalog.get("GB/T 22080-2016")
    chinese_only = dataclasses.replace(gb, titles={"zh": gb.titles["zh"]})
    found = catalog.suggester().suggest(chinese_only, body="ISO", limit=5, ignore_declared=True)
    assert "ISO/IEC 27001" in [s.standard.work_key for s in found.suggestions]


def test_declared_counterparts_are_not_suggested(catalog: Catalog) -> None:
    found = catalog.suggest("GB/T 22080-2016", body="ISO")
    assert [c.standard.identifier for c in found.declared] == ["ISO/IEC 27001:2013"]
    assert "ISO/IEC 27001" not in [s.standard.work_key for s in found.suggestions]


def test_other_editions_drafts_and_amendments_are_not_suggested(catalog: Catalog) -> None:
    found = catalog.suggest("ISO 9001:2015", body="ISO", limit=20).suggestions
    assert all(s.standard.work_key != "ISO 9001" for s in found)
    assert all(s.standard.doctype.value not in ("amendment", "corrigendum", "draft") for s in found)


def test_accepting_makes_a_declared_equivalent_and_rejecting_is_remembered(catalog: Catalog) -> None:
    twin = catalog.suggest("ITU-T X.509 (10/2019)", body="ISO").suggestions[0].standard
    decision = catalog.decide(
        "ITU-T X.509 (10/2019)", twin.identifier, Verdict.ACCEPTED, by="Li Wei", degree=Degree.IDT
    )
    assert decision.by == "Li Wei" and decision.degree == Degree.IDT
    links = [link for link in catalog.links(catalog.get("ITU-T X.509 (10/2019)")) if link.name == "equivalent"]
    assert [(link.other_text, link.relation.degree) for link in links] == [(twin.identifier, Degree.IDT)]
    assert links[0].relation.note and "Li Wei" in links[0].relation.note
    again = catalog.suggest("ITU-T X.509 (10/2019)", body="ISO")
    assert twin.work_key in [c.standard.work_key for c in again.declared]
    assert twin.work_key not in [s.standard.work_key for s in again.suggestions]
    assert next(c.standard.identifier for c in catalog.counterparts("ITU-T X.509 (10/2019)")) == twin.identifier
    # and the other side sees it too
    assert "ITU-T X.509 (10/2019)" in [c.standard.identifier for c in catalog.counterparts(twin.identifier)]


def test_a_rejected_work_is_not_suggested_again(catalog: Catalog) -> None:
    second = catalog.suggest("JIS Q 9001:2015", body="ISO").suggestions[1].standard
    assert second.identifier == "ISO 9000:2015"
    catalog.decide(
        "JIS Q 9001:2015", "ISO 9000:2015", Verdict.REJECTED, by="Li Wei", note="the vocabulary, not the requirements"
    )
    later = catalog.suggest("JIS Q 9001:2015", body="ISO")
    assert "ISO 9000" not in [s.standard.work_key for s in later.suggestions]
    assert later.rejected == 1
    # the rejection is about the pair of works, whichever side asks
    assert "JIS Q 9001" not in [s.standard.work_key for s in catalog.suggest("ISO 9000:2015", country="JP").suggestions]


def test_changing_ones_mind_removes_the_relation(catalog: Catalog) -> None:
    catalog.decide("JIS Q 9001:2015", "ISO 9001:2015", Verdict.ACCEPTED, by="A", degree=Degree.IDT)
    catalog.decide("JIS Q 9001:2015", "ISO 9001:2015", Verdict.REJECTED, by="B")
    assert [link for link in catalog.links(catalog.get("JIS Q 9001:2015")) if link.name == "equivalent"] == []


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda c: c.suggest("ISO 99999:2099"), NotFound, "no standard matches"),
        (lambda c: c.suggest("ISO 9001:2015", limit=0), UsageError, "between 1 and 100"),
        (lambda c: c.decide("ISO 9001:2015", "ISO 9001:2008", Verdict.ACCEPTED, by="x", degree=Degree.IDT),
         UsageError, "one work"),
        (lambda c: c.decide("JIS Q 9001:2015", "ISO 9001:2015", Verdict.ACCEPTED, by="x"), UsageError, "degree"),
        (lambda c: c.decide("JIS Q 9001:2015", "ISO 9001:2015", Verdict.REJECTED, by=" "), UsageError, "who"),
    ],
)  # fmt: skip
def test_bad_requests_say_what_is_wrong(catalog: Catalog, call: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call(catalog)  # type: ignore[operator]


def test_a_body_without_records_gives_no_suggestions_and_an_unknown_one_an_error(catalog: Catalog) -> None:
    assert catalog.suggest("ISO 9001:2015", body="BSI").suggestions == []
    with pytest.raises(UnknownName, match="unknown body or series 'NOBODY'; nearest known: "):
        catalog.suggest("ISO 9001:2015", body="NOBODY")


def test_standards_the_catalogue_does_not_hold_are_asked_about_too(catalog: Catalog) -> None:
    # an edition it lacks: the nearest edition of the work stands for it
    found = catalog.suggest("ITU-T X.509 (02/2021)", body="ISO")
    assert found.standard.identifier == "ITU-T X.509 (10/2019)"
    assert found.suggestions[0].standard.work_key == "ISO/IEC 9594-8"
    # a national adoption it does not hold: what its identifier names comes first, marked so; the rest is
    # suggested on the title it borrows from its original
    found = catalog.suggest("BS EN ISO 9001:2015", limit=5)
    first, second = found.suggestions[:2]
    assert (first.standard.identifier, first.status, first.score, first.degree_hint) == (
        "ISO 9001:2015",
        "identifier",
        1.0,
        Degree.IDT,
    )
    assert first.clues[0].kind == "identifier" and "BS EN ISO 9001:2015" in first.clues[0].detail
    assert sum(c.points for c in first.clues) == 1.0  # the other clues are shown, adding nothing
    assert (second.standard.identifier, second.status) == ("JIS Q 9001:2015", "suggested")
    assert "ISO 9001:2015" not in [c.standard.identifier for c in found.declared]
    # asked for another body, the original is not in the target
    assert catalog.suggest("EN ISO 9001:2015", body="JISC").suggestions[0].status == "suggested"
    with pytest.raises(NotFound):
        catalog.suggest("ISO 99999:2099")


@pytest.mark.parametrize(
    ("identifier", "keep", "body", "expected"),
    [
        ("JIS Q 9001:2015", "ja", "ISO", "ISO 9001"),  # 品質マネジメントシステム―要求事項
        ("IEC 61000-4-2:2008", "fr", "JISC", "JIS C 61000-4-2"),  # Compatibilité électromagnétique (CEM) ...
        ("ITU-T X.509 (10/2019)", "en", "ISO", "ISO/IEC 9594-8"),
    ],
)
def test_titles_in_other_languages_cross_into_english(
    catalog: Catalog, identifier: str, keep: str, body: str, expected: str
) -> None:
    standard = catalog.get(identifier)
    only = dataclasses.replace(standard, titles={keep: standard.titles[keep]}, number="0", part=None)
    found = catalog.suggester().suggest(only, body=body, limit=5, ignore_declared=True)
    assert expected in [s.standard.work_key for s in found.suggestions]
    title = next(c for c in found.suggestions[0].clues if c.kind == "title")
    assert title.value > 0.3 and (keep == "en" or "(" in title.detail)  # the foreign word is shown


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("质量管理体系 要求", "zh"),
        ("品質マネジメントシステム―要求事項", "ja"),
        ("Системы менеджмента качества. Требования", "ru"),
        ("Systèmes de management de la qualité - Exigences", "fr"),
        ("Sistemas de gestión de la calidad — Requisitos", "es"),  # de, la: French words too
        ("Quality management systems - Requirements", "en"),
    ],
)
def test_a_title_alone_is_asked_about_in_its_language(catalog: Catalog, title: str, language: str) -> None:
    assert catalog.suggester().title_language(title) == language
    found = catalog.suggest(title, body="ISO", limit=5)
    assert found.standard.titles == {language: title} and found.standard.identifier == title
    # with no year to go by, the latest edition of the work stands for it
    assert found.suggestions[0].standard.identifier == "ISO 9001:2015"


@pytest.mark.parametrize(
    ("title", "language"),
    [("Qualitätsmanagementsysteme — Anforderungen", "de"), ("품질경영시스템", "ko"), ("Information technology", "en")],
)
def test_the_language_of_a_title_is_the_one_whose_words_are_known(catalog: Catalog, title: str, language: str) -> None:
    assert catalog.suggester().title_language(title) == language


def test_a_word_or_two_of_junk_is_not_a_title(catalog: Catalog) -> None:
    for junk in ("???junk", "zzqx", "要求"):
        with pytest.raises(NotFound, match="no standard matches"):
            catalog.suggest(junk)


def test_the_scope_of_the_committee_is_evidence_when_only_one_side_names_one(catalog: Catalog, tmp_path: Path) -> None:
    committees = bundled_path(IsoCommitteesImporter.bundled_file)
    catalog.import_path(committees, "iso-committees", rejects_dir=tmp_path)
    suggester = catalog.suggester()
    quality = catalog.suggest("质量管理体系 要求", body="ISO").suggestions[0]
    committee = next(c for c in quality.clues if c.kind == "committee")
    assert quality.standard.committee == "ISO/TC 176/SC 2"
    assert committee.value > 0.7 and "ISO/TC 176/SC 2 (Quality systems)" in committee.detail
    assert "quality (质量管理体系)" in committee.detail
    # the same title against standards of other committees: the further their scope, the less it covers
    query = catalog.suggest("质量管理体系 要求", body="ISO").standard
    covers = {
        other: next(c.value for c in suggester.score(query, catalog.get(other)).clues if c.kind == "committee")
        for other in ("ISO 9000:2000", "ISO 14001:1996", "ISO 7010:2003")  # TC 176/SC 1, TC 207/SC 1, TC 145/SC 2
    }
    assert covers["ISO 9000:2000"] > covers["ISO 14001:1996"] > covers["ISO 7010:2003"]
    assert covers["ISO 7010:2003"] < 0.3
    # two sides with committees: same or different, scope aside
    same = suggester.score(catalog.get("ISO 9000:1987"), catalog.get("ISO 9001:2015"))  # both TC 176/SC 2
    assert next(c.value for c in same.clues if c.kind == "committee") == 1.0


@pytest.mark.slow
@pytest.mark.parametrize(("recommendation", "twin"), [("ITU-T X.860", "ISO/IEC 10026-1:1998"),
                                                      ("ITU-T X.861", "ISO/IEC 10026-2:1998")])  # fmt: skip
def test_an_acronym_its_own_title_spells_out_does_not_push_the_twin_down(
    bundled_catalog: Catalog, recommendation: str, twin: str
) -> None:
    """ISO/IEC 10026-1 is "... Distributed Transaction Processing -- Part 1: OSI TP Model"; X.860 says "Distributed
    Transaction Processing: Model" without "OSI TP". Counted as rare words X.860 lacks, the acronyms put Part 3
    (whose title repeats none) first; spelled out by the title itself, they add nothing. (The bundled catalogue:
    the words' rarity over the whole catalogue decides.)"""
    assert first(bundled_catalog, recommendation, body="ISO") == twin
