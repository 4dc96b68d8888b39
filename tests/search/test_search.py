"""Search over a catalogue of real excerpts: identifiers first, words in any language, filters, facets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import tantivy
from tests.conftest import EXCERPTS, import_bundled

from stdbridge.catalog import Catalog
from stdbridge.errors import UsageError
from stdbridge.language.text import cjk_bigrams
from stdbridge.search import Filters, SearchRequest, SearchResults
from stdbridge.search.index import INDEX_VERSION, WORK_SAMPLE


def ids(results: SearchResults) -> list[str]:
    return [hit.standard.identifier for hit in results.hits]


# identifiers ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("ISO 9001:2015", "ISO 9001:2015"),
        ("iso9001 2015", "ISO 9001:2015"),
        ("ISO 9001", "ISO 9001:2015"),  # undated: the current edition
        ("iso9001", "ISO 9001:2015"),
        ("ＩＳＯ　９００１：２０１５", "ISO 9001:2015"),
        ("ISO 9001:2008", "ISO 9001:2008"),  # a withdrawn edition asked by date comes first
        ("GB／T 22080－2016", "GB/T 22080-2016"),
        ("gbt22080", "GB/T 22080-2025"),
        ("GB 22080-2016", "GB/T 22080-2016"),  # typed without /T
        ("ISO 27001:2022", "ISO/IEC 27001:2022"),  # typed without the co-publisher
        ("X.509", "ITU-T X.509 (10/2019)"),
        ("x.509 2016", "ITU-T X.509 (10/2016)"),
        ("ITU-T Rec. X.509", "ITU-T X.509 (10/2019)"),
        ("9001 2015", "ISO 9001:2015"),  # a bare number: the international original first
        ("JIS Q 9001", "JIS Q 9001:2015"),
    ],
)
def test_identifier_queries_put_the_named_standard_first(catalog: Catalog, query: str, first: str) -> None:
    results = catalog.search(query)
    assert ids(results)[0] == first
    assert results.hits[0].matched_by == "identifier"


def test_a_bare_number_lists_every_body_that_uses_it(catalog: Catalog) -> None:
    assert ids(catalog.search("9001 2015"))[:2] == ["ISO 9001:2015", "JIS Q 9001:2015"]


def test_a_work_lists_its_editions_when_asked_for_all_editions(catalog: Catalog) -> None:
    found = ids(catalog.search(SearchRequest("ISO 9001", group=False, limit=50)))
    assert found[0] == "ISO 9001:2015"
    assert {"ISO 9001:2008", "ISO 9001:2000", "ISO 9001:1994"} <= set(found)
    grouped = catalog.search("ISO 9001")
    assert ids(grouped).count("ISO 9001:2008") == 0 and grouped.hits[0].more_editions >= 4


def test_a_prefix_lists_the_parts(catalog: Catalog) -> None:
    found = catalog.search("IEC 61000-4")
    assert found.understood["identifier"] == "prefix"
    assert "IEC 61000-4-2:2025" in ids(found)


def test_an_edition_that_does_not_exist_offers_the_real_ones(catalog: Catalog) -> None:
    found = catalog.search("ISO 9001:2014")
    assert [s.identifier for s in found.did_you_mean][:1] == ["ISO 9001:2015"]


def test_a_near_miss_offers_the_nearest_identifiers(catalog: Catalog) -> None:
    found = catalog.search("ISO 14002")
    assert "ISO 14001:2015" in [s.identifier for s in found.did_you_mean] or "ISO 14001:2015" in ids(found)


# words ---------------------------------------------------------------------------------------
def test_english_words_find_the_current_international_standard_first(catalog: Catalog) -> None:
    found = catalog.search("quality management systems requirements")
    assert ids(found)[0] == "ISO 9001:2015"
    assert found.hits[0].matched_by == "keyword"


def test_a_title_phrase_ranks_before_scattered_words(catalog: Catalog) -> None:
    found = ids(catalog.search("environmental management systems"))
    assert found[0].startswith("ISO 14001")


def test_chinese_words_find_records_with_english_titles_only(catalog: Catalog) -> None:
    found = catalog.search("质量管理体系 要求")
    assert "ISO 9001:2015" in ids(found)[:3]
    assert "质量管理体系" in found.understood["translations"]
    assert catalog.get("ISO 9001:2015").titles.keys() == {"en", "fr"}


def test_electromagnetic_compatibility_in_chinese_finds_iec_61000(catalog: Catalog) -> None:
    found = ids(catalog.search("电磁兼容 静电放电抗扰度"))
    assert "GB/T 17626.2-2018" in found[:3]
    assert any(i.startswith("IEC 61000-4-2") for i in found[:5])


def test_english_words_find_chinese_only_records(catalog: Catalog) -> None:
    found = catalog.search("biological evaluation of medical devices")
    gb = [i for i in ids(found) if i.startswith("GB/T 16886")]
    assert gb, ids(found)
    assert all(not catalog.get(i).titles.get("en") for i in gb)


def test_japanese_titles_are_searchable(catalog: Catalog) -> None:
    assert ids(catalog.search("品質マネジメントシステム"))[0] == "JIS Q 9001:2015"


def test_french_titles_are_searchable(catalog: Catalog) -> None:
    assert ids(catalog.search("systèmes de management de la qualité exigences"))[0] == "ISO 9001:2015"


def test_a_misspelled_word_is_corrected(catalog: Catalog) -> None:
    found = catalog.search("quality managment systems")
    assert found.understood["corrections"] == {"managment": "management"}
    assert ids(found)[0] == "ISO 9001:2015"


def test_matches_are_marked_and_titles_escaped(catalog: Catalog) -> None:
    hit = catalog.search("quality management systems requirements").hits[0]
    assert hit.highlights["en"] == (
        "<mark>Quality</mark> <mark>management</mark> <mark>systems</mark> - <mark>Requirements</mark>"
    )
    chinese = catalog.search(SearchRequest("信息安全管理体系", group=False)).hits
    marked = next(h.highlights["zh"] for h in chinese if "zh" in h.highlights)
    assert "<mark>信息安全管理体系</mark>" in marked


# filters, facets, sorting --------------------------------------------------------------------
def test_filters_restrict_and_facets_count(catalog: Catalog) -> None:
    everything = catalog.search("quality management")
    bodies = {v.value: v.count for v in everything.facets["body"]}
    assert {"ISO", "SAC", "JISC"} <= set(bodies)
    only_gb = catalog.search("quality management", body=("SAC",))
    assert only_gb.total == bodies["SAC"]
    assert {h.standard.body for h in only_gb.hits} == {"SAC"}
    assert [v.value for v in only_gb.facets["body"]] == ["SAC"]


def test_ics_facets_carry_their_titles_and_filter_by_any_level(catalog: Catalog) -> None:
    found = catalog.search("quality management")
    ics = {v.value: v for v in found.facets["ics"]}
    assert ics["03.120.10"].titles["en"] == "Quality management and quality assurance"
    assert "03" in ics and "03.120" in ics
    narrowed = catalog.search("quality management", ics=("03.120",))
    assert narrowed.total == ics["03.120"].count
    assert all(any(c.startswith("03.120") for c in h.standard.ics) for h in narrowed.hits)


def test_status_type_year_and_adoption_filters(catalog: Catalog) -> None:
    withdrawn = catalog.search("quality management systems requirements", status=("withdrawn", "replaced"))
    assert withdrawn.hits and all(h.standard.status.value in ("withdrawn", "replaced") for h in withdrawn.hits)
    dated = catalog.search("quality management", year_from=2000, year_to=2009)
    assert dated.hits and all(2000 <= (h.standard.year or 0) <= 2009 for h in dated.hits)
    adopting = catalog.search("management systems", adoption=("adopts-IDT",))
    assert adopting.hits and all(h.standard.country == "CN" for h in adopting.hits)
    # the excerpts hold no technical report: amendments and corrigenda are the other kinds they have
    amendments = catalog.search("environmental management systems", doctype=("amendment",))
    assert amendments.hits and all(h.standard.doctype.value == "amendment" for h in amendments.hits)
    corrigenda = catalog.search("quality management systems", doctype=("corrigendum", "amendment"))
    kinds = {h.standard.doctype.value for h in corrigenda.hits}
    assert kinds == {"corrigendum", "amendment"}


def test_sorting_by_date(catalog: Catalog) -> None:
    newest = catalog.search(SearchRequest("quality management", sort="newest", group=False, limit=30))
    dates = [h.standard.published or str(h.standard.year or "") for h in newest.hits]
    dated = [d[:4] for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert all(dates[: len(dated)])  # undated records come last
    oldest = catalog.search(SearchRequest("quality management", sort="oldest", group=False, limit=5))
    assert (oldest.hits[0].standard.published or "")[:4] <= dated[-1]


def test_pages_do_not_overlap(catalog: Catalog) -> None:
    first = ids(catalog.search(SearchRequest("quality", limit=5)))
    second = ids(catalog.search(SearchRequest("quality", offset=5, limit=5)))
    assert first and second and not set(first) & set(second)


# bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        'title:(foo AND "bar',
        "ISO 9001\x00\x07\x1b[31m",
        "质量 quality 品質 качество",
        "🙂🙂🙂",
        "*?~^",
        "x" * 5000,
        "<script>alert(1)</script>",
        "DROP TABLE standards;",
    ],
)
def test_odd_queries_answer_without_error(catalog: Catalog, query: str) -> None:
    found = catalog.search(query)
    assert found.total >= 0 and len(found.hits) <= 20


@pytest.mark.parametrize("query", ["", "   ", "\x00\x01"])
def test_an_empty_query_says_what_to_type(catalog: Catalog, query: str) -> None:
    with pytest.raises(UsageError, match="type something"):
        catalog.search(query)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Filters(status=("valid",)), "unknown status"),
        (lambda: Filters(doctype=("book",)), "unknown document type"),
        (lambda: Filters(year_from=2020, year_to=2010), "year range"),
        (lambda: SearchRequest("x", limit=0), "page size"),
        (lambda: SearchRequest("x", limit=1000), "page size"),
        (lambda: SearchRequest("x", offset=10**6), "paged up to"),
        (lambda: SearchRequest("x", sort="popular"), "unknown sort"),
    ],
)
def test_bad_requests_are_refused_clearly(make: object, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        make()  # type: ignore[operator]


# the index follows the catalogue ---------------------------------------------------------------------
def test_an_import_is_searchable_at_once(catalog: Catalog, tmp_path: Path) -> None:
    catalog.search("warm the index up")
    source = tmp_path / "gb.csv"
    source.write_text(
        "标准号,中文标准名称,英文标准名称,标准状态,发布日期,采用国际标准号,采用程度\n"
        "GB/T 19001-2016,质量管理体系 要求,Quality management systems—Requirements,现行,2016-12-30,"
        "ISO 9001:2015,IDT\n",
        encoding="utf-8",
    )
    catalog.import_path(source, "gb", rejects_dir=tmp_path)
    assert ids(catalog.search("GB/T 19001-2016"))[0] == "GB/T 19001-2016"
    # the adopted original learns that it is adopted, and comes first for its own words
    assert ids(catalog.search("ISO 9001:2015", adoption=("adopted",)))[0] == "ISO 9001:2015"
    words = ids(catalog.search("quality management systems requirements"))
    assert words.index("ISO 9001:2015") < words.index("GB/T 19001-2016")


def test_an_adopted_original_comes_just_before_its_adoption(catalog: Catalog, tmp_path: Path) -> None:
    # GB/T 19001-2016 adopts one standard, GB/T 99999-2024 two
    source = tmp_path / "gb.csv"
    source.write_text(
        "标准号,中文标准名称,英文标准名称,标准状态,发布日期,采用国际标准号,采用程度\n"
        "GB/T 19001-2016,质量管理体系 要求,Quality management systems—Requirements,现行,2016-12-30,ISO 9001:2015,IDT\n"
        "GB/T 99999-2024,质量和环境管理体系,Quality and environmental management systems,现行,2024-01-01,"
        '"ISO 9001:2015;ISO 14001:2015","IDT;IDT"\n',
        encoding="utf-8",
    )
    catalog.import_path(source, "gb", rejects_dir=tmp_path)
    engine, store = catalog.search_engine(), catalog.store
    keys = ["GB/T 19001-2016", "GB/T 99999-2024", "ISO 9001:2015", "ISO 14001:2015", "ISO 14001:2004"]
    named = {s.identifier: s.id for s in store.standards_by_keys(keys).values()}
    assert len(store.adoption_targets([named["GB/T 99999-2024"]])) == 2
    searcher = engine.index.searcher()
    wanted = tantivy.Query.term_set_query(engine.index.schema, "sid", list(named.values()))
    found, _total = engine._run(searcher, wanted, 10, "relevance", set())
    by_id = {m.sid: m for m in found}
    for adopter, originals in (("GB/T 19001-2016", ["ISO 9001:2015"]),
                               ("GB/T 99999-2024", ["ISO 9001:2015", "ISO 14001:2015"])):  # fmt: skip
        rest = [by_id[named[i]] for i in named if i not in (adopter, *originals)]
        ranked = [by_id[named[adopter]], *rest, *(by_id[named[i]] for i in originals)]  # the adoption ranked first
        order = [m.sid for m in engine._originals_first(ranked)]
        for original in originals:
            assert order.index(named[original]) < order.index(named[adopter]), (adopter, original)
    # without the edition adopted among the results, another edition of its work stands for it
    ranked = [by_id[named["GB/T 99999-2024"]], by_id[named["ISO 14001:2004"]]]
    assert [m.sid for m in engine._originals_first(ranked)] == [m.sid for m in reversed(ranked)]


def test_one_work_in_work_sample_is_sampled_with_its_own_hash(catalog: Catalog) -> None:
    # the works of a large result are estimated from the sampled ones (search.works): a record carries its own
    # work's hash there when, and only when, that work is one of the sampled
    searcher = catalog.search_engine().index.searcher()
    everything = searcher.search(tantivy.Query.all_query(), searcher.num_docs).hits
    addresses = [address for _, address in everything]
    works = searcher.fast_field_values("work", addresses)
    samples = searcher.fast_field_values("work_sample", addresses)
    assert len(works) > 300 and any(sample is not None for sample in samples)
    assert all(sample == (w if w % WORK_SAMPLE == 0 else None) for w, sample in zip(works, samples, strict=True))


def test_a_missing_index_is_rebuilt(catalog: Catalog) -> None:
    catalog.search("quality")
    shutil.rmtree(catalog.index.path)
    fresh = Catalog(catalog.store, catalog.index.path)
    assert ids(fresh.search("ISO 9001:2015"))[0] == "ISO 9001:2015"
    assert json.loads(fresh.index.meta_path.read_text())["seq"] >= 1  # the last change of the feed taken in


def test_an_index_of_an_older_layout_is_rebuilt(catalog: Catalog) -> None:
    catalog.search("quality")
    meta = json.loads(catalog.index.meta_path.read_text())
    older = {**meta, "version": INDEX_VERSION - 1}  # as an older stdbridge left it
    catalog.index.meta_path.write_text(json.dumps(older))
    fresh = Catalog(catalog.store, catalog.index.path)
    assert ids(fresh.search("ISO 9001:2015"))[0] == "ISO 9001:2015"
    assert json.loads(fresh.index.meta_path.read_text())["version"] == INDEX_VERSION


# abbreviations and English phrases across languages -------------------------------------------------------
def test_an_abbreviation_is_also_searched_as_its_expansion(catalog: Catalog) -> None:
    plan = catalog.search_engine().analyzer.analyze("EV charging")
    ev = plan.concepts[0]
    assert ev.text == "EV"
    assert ("en", ("electr", "vehicl")) in {(alt.field, alt.terms) for alt in ev.alternatives}
    assert "电动汽车" in plan.cjk_words  # and in Chinese titles through the lexicon
    # a two-letter word typed in lower case is not taken for an abbreviation ("it", "pp", "ac")
    it = catalog.search_engine().analyzer.analyze("it security").concepts[0]
    assert all(alt.terms != ("inform", "technolog") for alt in it.alternatives)


def test_english_words_that_translate_together_match_one_chinese_term(catalog: Catalog) -> None:
    plan = catalog.search_engine().analyzer.analyze("fugitive emission control of volatile organic compounds")
    by_word = {concept.text: concept for concept in plan.concepts}
    terms = {"无组织排放": ("fugitive", "emission"), "挥发性有机物": ("volatile", "organic", "compounds")}
    for term, words in terms.items():  # a title holding the term matches each of its words
        pairs = set(cjk_bigrams(term))
        for word in words:
            assert any(alt.field == "cjk" and set(alt.terms) <= pairs for alt in by_word[word].alternatives), word
    assert any(alt.terms[:1] == ("无组",) for alt in by_word["fugitive"].alternatives)  # alone it has no Chinese
    for concept in plan.concepts:  # a phrase is left out of a word whose own Chinese word it holds: no more matches
        words = {(alt.field, alt.terms[0]) for alt in concept.alternatives if len(alt.terms) == 1}
        phrases = [alt for alt in concept.alternatives if len(alt.terms) > 1]
        assert not any((alt.field, term) in words for alt in phrases for term in alt.terms), concept.text
    assert plan.translations["volatile organic compounds"] == ["挥发性有机物"]


def test_the_phrases_of_a_query_are_chinese_terms_not_the_query_as_typed(catalog: Catalog) -> None:
    # the whole query as a title phrase, English or Chinese, ranked the judged queries worse (query.py): not matched
    plan = catalog.search_engine().analyzer.analyze("quality management systems")
    assert [(alt.field, alt.translated) for alt in plan.phrases] == [("cjk", True)] * len(plan.phrases)
    assert "质量管理" in plan.cjk_words  # "quality management" as one Chinese term, a phrase of its character pairs
    assert catalog.search_engine().analyzer.analyze("家用电器安全").phrases == []


def test_a_chinese_abbreviation_equivalent_matches_only_as_itself(catalog: Catalog) -> None:
    # 信息安全管理体系 is "ISMS" too, but "isms" stems to "ism", which is something else (ITU-R SM ... ISM bands)
    plan = catalog.search_engine().analyzer.analyze("信息安全管理体系")
    terms = {alt.terms for concept in plan.concepts for alt in concept.alternatives}
    assert ("ism",) not in terms
    assert ("inform", "secur", "manag", "system") in terms


def test_an_abbreviation_typed_matches_as_written_not_as_its_stem(catalog: Catalog, tmp_path: Path) -> None:
    # "UPS" stems to "up", which titles hold for something else ("Intrusion and hold-up systems", "Set-up
    # procedures"): typed, an abbreviation matches the English titles that write it ("Uninterruptible power systems
    # (UPS)") and its expansion, not its stem; one whose stem is itself ("EMC") is matched through its stem as before
    import_bundled(catalog, "iec", ("IEC 62040-1:2017", "IEC 62642-6:2011"), tmp_path)
    import_bundled(catalog, "iso", ("ISO 7176-22:2014",), tmp_path)
    analyzer = catalog.search_engine().analyzer
    terms = {(alt.field, alt.terms) for alt in analyzer.analyze("UPS").concepts[0].alternatives}
    assert ("en_w", ("up",)) not in terms and ("words_en", ("ups",)) in terms
    assert ("en_w", ("emc",)) in {(alt.field, alt.terms) for alt in analyzer.analyze("EMC").concepts[0].alternatives}
    listed = ids(catalog.search("UPS"))
    assert listed[0] == "IEC 62040-1:2017"
    assert "IEC 62642-6:2011" not in listed and "ISO 7176-22:2014" not in listed
    assert "IEC 62642-6:2011" in ids(catalog.search("hold-up systems"))  # the word itself still finds them


def test_ics_titles_imported_after_the_standards_show_at_once(empty_catalog: Catalog, tmp_path: Path) -> None:
    from stdbridge.importers.bundled import bundled_path
    from stdbridge.importers.classifications import IcsImporter

    empty_catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    before = empty_catalog.search("quality management").facets["ics"]
    assert before and not any(v.titles for v in before)  # no classification imported yet
    empty_catalog.import_path(bundled_path(IcsImporter.bundled_file), "ics", rejects_dir=tmp_path)
    after = empty_catalog.search("quality management").facets["ics"]
    assert [v.value for v in after] == [v.value for v in before]
    assert all(v.titles.get("en") for v in after)
