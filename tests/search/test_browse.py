"""Browsing without a query (the ICS and CCS trees with their counts, committees), the facets professionals expect
(series of Chinese standards, CCS, committee, 主管部门), the honest answer to an identifier the catalogue does not
hold, and the number of works beside the number of records: through the catalogue, the API and the command line.

The catalogue is the excerpts of the bundled data, with the bundled ICS, CCS and ISO committees, and the official
GB layout excerpt (which names 归口单位 and 主管部门)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy
from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.conftest import DATA, import_bundled, load_excerpts

from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import CcsImporter, IsoCommitteesImporter
from stdbridge.search import Filters, SearchRequest
from stdbridge.search import engine as search_engine
from stdbridge.search import query as search_query
from stdbridge.search import works as search_works
from stdbridge.store import SqlStore
from stdbridge.web.search_page import ccs_within

TC_SAC = "全国质量管理和质量保证标准化技术委员会"
SAC = "国家标准化管理委员会"


@pytest.fixture(scope="module")
def where(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browse") / "catalog.db"


@pytest.fixture(scope="module")
def browsing(where: Path) -> Iterator[Catalog]:
    store = SqlStore(f"sqlite:///{where}")
    catalog = load_excerpts(Catalog(store), where.parent / "rejects")
    for name in CcsImporter.bundled_files:
        catalog.import_path(bundled_path(name), "ccs", rejects_dir=where.parent / "rejects")
    catalog.import_path(bundled_path(IsoCommitteesImporter.bundled_file), "iso-committees")
    catalog.import_path(DATA / "gb" / "gb_official.csv", "gb", rejects_dir=where.parent / "rejects")
    yield catalog
    store.close()


@pytest.fixture(scope="module")
def api(browsing: Catalog) -> Iterator[TestClient]:
    with TestClient(create_app(browsing)) as client:
        yield client


def _records(catalog: Catalog) -> list[dict[str, object]]:
    return [record for _, record in catalog.store.iter_records()]


def test_every_ics_node_counts_the_records_filed_under_it_and_lists_them(browsing: Catalog) -> None:
    records = _records(browsing)
    quality = browsing.browse("ics", "03.120")
    assert quality.node is not None and quality.node.entry.titles["en"] == "Quality"
    assert [a.code for a in quality.ancestors] == ["03"]
    by_code = {n.entry.code: n.records for n in quality.children}
    expected = sum(1 for r in records if any(str(c).startswith("03.120.10") for c in r["ics"]))  # type: ignore[attr-defined]
    assert by_code["03.120.10"] == expected > 0
    listed = browsing.search(SearchRequest("", Filters(ics=("03.120.10",)), limit=100, group=False))
    assert listed.total == expected and len(listed.hits) == expected
    assert all(any(c.startswith("03.120.10") for c in h.standard.ics) for h in listed.hits)
    # works: the distinct works of those records, and the grouped list shows one of each
    works = {r["work_key"] for r in records if any(str(c).startswith("03.120.10") for c in r["ics"])}  # type: ignore[attr-defined]
    grouped = browsing.search(SearchRequest("", Filters(ics=("03.120.10",)), limit=100))
    assert grouped.works == len(works) == len(grouped.hits)
    top = browsing.browse("ics")
    assert top.node is None and top.total == sum(1 for r in records if r["ics"])


def test_the_ccs_tree_counts_categories_groups_and_classes(browsing: Catalog) -> None:
    records = _records(browsing)
    held = [str(c) for r in records for c in r["ccs"]]  # type: ignore[attr-defined]
    assert "L06" in held
    category = browsing.browse("ccs", "L")
    groups = {n.entry.code: n.records for n in category.children}
    assert groups["L00/09"] == sum(1 for r in records if any(ccs_within(str(c), "L00/09") for c in r["ccs"]))  # type: ignore[attr-defined]
    group = browsing.browse("ccs", "L00/09")
    assert group.ancestors[0].code == "L" and group.node is not None
    assert {n.entry.code: n.records for n in group.children}["L06"] == sum(
        1
        for r in records
        if "L06" in r["ccs"]  # type: ignore[operator]
    )
    listed = browsing.search(SearchRequest("", Filters(ccs=("L00/09",)), limit=100, group=False))
    assert listed.total == groups["L00/09"]


def test_series_committee_and_department_facets(browsing: Catalog) -> None:
    records = _records(browsing)
    answer = browsing.search(SearchRequest("", Filters(country=("CN",)), limit=5))
    kinds = {v.value: v.count for v in answer.facets["kind"]}
    assert kinds["GB/T"] == sum(1 for r in records if str(r["identifier"]).startswith("GB/T "))
    assert kinds["GB"] == sum(1 for r in records if str(r["identifier"]).startswith("GB ")) > 0
    by_unit = browsing.search(SearchRequest("", Filters(committee=(TC_SAC,)), limit=10))
    assert {h.standard.identifier for h in by_unit.hits} == {"GB/T 19001-2016", "GB/T 19000-2016"}
    by_department = browsing.search(SearchRequest("", Filters(department=(SAC,)), limit=10))
    departed = {str(r["identifier"]) for r in records if (r["extra"] or {}).get("competent_department") == SAC}  # type: ignore[attr-defined]
    assert {h.standard.identifier for h in by_department.hits} == departed
    assert "GB/T 19001-2016" in departed
    idt = browsing.search(SearchRequest("", Filters(country=("CN",), adoption=("adopts-IDT",)), limit=100))
    assert idt.total > 0 and "GB/T 19001-2016" in {h.standard.identifier for h in idt.hits}


def test_a_committee_with_its_title_scope_and_standards(browsing: Catalog) -> None:
    records = _records(browsing)
    tc = browsing.committee("ISO/TC 176")
    assert tc.titles["en"] == "Quality management and quality assurance"
    assert "quality management" in str(tc.data["scope_en"])
    assert tc.records == sum(1 for r in records if str(r["committee"] or "").startswith("ISO/TC 176"))
    assert tc.published + tc.in_progress <= tc.records
    assert "ISO/TC 176/SC 2" in {n.entry.code for n in tc.under}
    assert [a.code for a in browsing.committee("ISO/TC 176/SC 2").above] == ["ISO/TC 176"]
    unit = browsing.committee(TC_SAC)  # a 归口单位 that only records name
    assert unit.titles == {} and unit.records == 2


def test_an_identifier_not_held_is_said_so_first(browsing: Catalog) -> None:
    answer = browsing.search("GB/T 22239-2019")
    assert answer.not_held is not None and answer.not_held.identifier == "GB/T 22239-2019"
    gost = browsing.search("ГОСТ Р ИСО 9001-2015")
    assert gost.not_held is not None
    assert [a.standard.identifier for a in gost.not_held.adopts] == ["ISO 9001:2015"]
    assert gost.hits[0].standard.identifier == "ISO 9001:2015"
    assert browsing.search("ISO 9001:2015").not_held is None


def test_a_query_that_names_a_committee_leads_to_it(browsing: Catalog, api: TestClient) -> None:
    assert browsing.search("iso/tc 176").understood["committee"]["code"] == "ISO/TC 176"
    assert browsing.search(TC_SAC).understood["committee"] == {"code": TC_SAC, "records": 2}
    assert browsing.search(SAC).understood["department"]["code"] == SAC
    assert "committee" not in browsing.search("quality management").understood
    page = api.get("/", params={"q": "ISO/TC 176"}).text
    assert 'href="/committee?code=ISO%2FTC+176"' in page


def test_scores_follow_the_ranking(browsing: Catalog) -> None:
    # "risk management": few records hold both words, and those that hold one follow with higher scores of their own
    for query in ("risk management", "quality management", "电磁兼容"):
        scores = [h.score for h in browsing.search(query).hits if h.matched_by == "keyword"]
        assert scores == sorted(scores, reverse=True), query


def test_the_api_browses_lists_and_answers_honestly(api: TestClient, browsing: Catalog) -> None:
    tree = api.get("/api/browse/ics", params={"code": "03.120"}).json()
    child = next(c for c in tree["children"] if c["code"] == "03.120.10")
    listed = api.get(child["list"] + "&limit=100&all_editions=true").json()
    assert listed["total"] == child["records"] == len(listed["results"]) > 0
    assert listed["query"] == "" and "kind" in listed["facets"]
    ccs = api.get("/api/browse/ccs").json()
    assert ccs["scheme"] == "CCS" and any(c["code"] == "L" and c["records"] > 0 for c in ccs["children"])
    assert api.get("/api/browse/ics", params={"code": "99.999"}).status_code == 404
    committee = api.get("/api/committee", params={"code": "ISO/TC 176"}).json()
    assert committee["titles"]["en"].startswith("Quality management") and committee["records"] > 0
    assert api.get("/api/committee", params={"code": "ISO/TC 99999"}).json()["error"]["code"] == "not-found"
    answer = api.get("/api/search", params={"q": "GB/T 22239-2019"}).json()
    assert answer["not_held"]["identifier"] == "GB/T 22239-2019" and answer["not_held"]["in_catalogue"] is False
    series = api.get("/api/search", params={"kind": "GB/T", "committee": TC_SAC}).json()
    assert {r["identifier"] for r in series["results"]} == {"GB/T 19001-2016", "GB/T 19000-2016"}
    assert series["works"] == 2


def test_the_command_line_lists_by_filter_and_answers_honestly(where: Path, browsing: Catalog) -> None:
    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", str(where), "search", *args])
        assert result.exit_code == 0, result.output
        return result.output

    listed = json.loads(run("--ics", "03.120.10", "--json", "--all-editions", "--limit", "100"))
    assert listed["total"] == browsing.browse("ics", "03.120").children[1].records
    text = run("GB/T 22239-2019")
    assert text.index("GB/T 22239-2019 is not in the catalogue.") < text.index("records match")
    assert "It adopts ISO 9001:2015 (IDT)." in run("ГОСТ Р ИСО 9001-2015")
    assert "GB/T 19001-2016" in run("--committee", TC_SAC, "--kind", "GB/T")
    failed = CliRunner().invoke(cli, ["--db", str(where), "search"])
    assert failed.exit_code == 2


def test_a_far_more_common_word_is_distributed_only_where_its_branches_read_less(browsing: Catalog) -> None:
    # The document frequencies of the 1.3 M-record benchmark catalogue (bench/bench_catalog.py): "Part" is held by
    # 634k English titles; beside "resistance" its branches read a third of that, beside "test methods" more
    plan_of = browsing.search_engine().analyzer.analyze
    held = {("en_w", "part"): 633_706, ("fr_w", "part"): 42_361, ("cjk", "部分"): 73_049, ("en_w", "resist"): 30_201,
            ("cjk", "电阻"): 5_100, ("en_w", "test"): 268_000, ("en_w", "method"): 249_000}  # fmt: skip

    def frequency(field: str, term: str) -> int:
        return held.get((field, term), 0)

    found = search_query._far_more_common(plan_of("resistance Part", lambda word: None).required, frequency)
    assert found is not None
    concept, alternatives = found
    assert concept.text == "Part"
    assert {(alt.field, alt.terms) for alt in alternatives} == {("en_w", ("part",)), ("fr_w", ("part",)),
                                                                ("cjk", ("部分",))}  # fmt: skip
    assert search_query._far_more_common(plan_of("test methods Part", lambda word: None).required, frequency) is None
    assert search_query._far_more_common(plan_of("Part", lambda word: None).required, frequency) is None


def test_works_counted_in_the_facets_pass_are_those_of_a_pass_of_their_own(
    browsing: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The facets' pass also counts the works when the terms' frequencies bound the matches low: the answers are
    # the same as when a pass of their own counts them, exactly and (with few works counted exactly) estimated
    engine = browsing.search_engine()
    searcher = engine.index.searcher()
    queries = ["Part", "safety", "electrical equipment", "requirements", "system", "information technology", "电"]
    queries += ["quality", "household appliances safety", "质量管理体系 要求", "test methods Part"]
    distributed = 0
    for query in queries:  # what counting reads matches what the ranking does; the bound is never below it
        plan = engine.analyzer.analyze(query, lambda word: None)
        for relaxed in (False, True):
            keyword = search_engine.keyword_query(engine.index.schema, plan, relaxed=relaxed)
            assert keyword is not None
            ranked = searcher.search(keyword, 10_000, count=True)
            matched = sorted(searcher.fast_field_values("sid", [address for _, address in ranked.hits]))
            with monkeypatch.context() as patched:  # the most common word distributed whenever there are two
                patched.setattr(search_query, "_DISTRIBUTED", 0)
                forms = [search_engine.match_query(engine.index.schema, plan, relaxed=relaxed, doc_freq=frequency)
                         for frequency in (None, searcher.doc_freq)]  # fmt: skip
            distributed += repr(forms[0]) != repr(forms[1])
            for counting in forms:
                assert counting is not None
                counted = searcher.search(counting, 10_000, count=True)
                assert sorted(searcher.fast_field_values("sid", [address for _, address in counted.hits])) == matched
            assert search_engine.most_matches(plan, searcher.doc_freq, relaxed=relaxed) >= len(matched)
    assert distributed >= 4  # the strict queries of two or more words

    def answers(in_pass: int, exact: int) -> list[tuple[int, int, bool, list[int]]]:
        monkeypatch.setattr(search_works, "COUNTED_IN_PASS", in_pass)
        monkeypatch.setattr(search_works, "EXACT_WORKS", exact)
        found = []
        for query in queries:
            engine._answers.clear()
            result = browsing.search(SearchRequest(query, limit=1))  # the ranking reads the first 48
            found.append((result.total, result.works, result.works_estimated, [h.standard.id for h in result.hits]))
        return found

    for exact in (6000, 88, 45, 37, 5, 2):  # 88, 45, 37: a few works fewer than some, which are counted exactly
        counted_apart = answers(0, exact)
        assert answers(10**9, exact) == counted_apart
        assert sum(total > 48 for total, *_ in counted_apart) >= 3  # beyond what the ranking reads
    assert any(estimated for _, _, estimated, _ in counted_apart)


def test_bonuses_added_one_at_a_time_score_what_they_add_beside_the_required_words(browsing: Catalog) -> None:
    # the ranked query adds each bonus (a function word, the translated phrases) to what matched before it, which
    # the engine reads faster: the matches and their scores are those of every bonus beside the required words
    engine = browsing.search_engine()
    searcher, schema = engine.index.searcher(), engine.index.schema
    occur = tantivy.Occur
    queries = [
        "safety of household and similar electrical appliances",
        "guidance for the use of",
        "equipment for testing",
        "电器 的 安全",
    ]
    for query in queries:
        plan = engine.analyzer.analyze(query, lambda word: None)
        optional = [c for c in plan.concepts if not c.required]
        assert optional, query  # the query has function words to add
        flat = tantivy.Query.boolean_query(
            [(occur.Must, search_query.concept_query(schema, c)) for c in plan.required]
            + [(occur.Should, search_query.concept_query(schema, c, bonus=True)) for c in optional]
            + ([(occur.Should, search_query.concept_query(schema, search_query.Concept("", False, plan.phrases)))]
               if plan.phrases else [])
        )  # fmt: skip
        nested = search_query.keyword_query(schema, plan)
        assert nested is not None
        expected, got = _scored(searcher, flat), _scored(searcher, nested)
        assert expected and got.keys() == expected.keys(), query
        assert all(abs(got[sid] - score) <= 1e-5 * score for sid, score in expected.items()), query


def _scored(searcher: tantivy.Searcher, query: tantivy.Query | None) -> dict[int, float]:
    """The store id and score of every record ``query`` matches."""
    assert query is not None
    found = searcher.search(query, 10_000, count=True)
    sids = searcher.fast_field_values("sid", [address for _, address in found.hits])
    return {int(sid): float(score) for (score, _), sid in zip(found.hits, sids, strict=True)}


def test_alternatives_no_record_holds_are_left_out_and_change_nothing(browsing: Catalog) -> None:
    # A word's stem in a language whose titles never use it ("safety" in the French ones), a translation no Chinese
    # title holds: the engine opened each in every segment for nothing. Left out, the matches and scores are the
    # same, strict and relaxed; a word no title holds at all still matches nothing.
    engine = browsing.search_engine()
    searcher, schema = engine.index.searcher(), engine.index.schema
    left_out = 0
    queries = ["safety of machinery", "household appliances", "电器 安全", "information technology security"]
    for query in [*queries, "zzqxv safety"]:
        plan = engine.analyzer.analyze(query, lambda word: None)
        held = search_query.held_only(plan, searcher.doc_freq)
        assert [c.text for c in held.concepts] == [c.text for c in plan.concepts]
        assert all(c.alternatives for c in held.concepts)
        left_out += sum(len(c.alternatives) for c in plan.concepts) - sum(len(c.alternatives) for c in held.concepts)
        for relaxed in (False, True):
            expected = _scored(searcher, search_query.keyword_query(schema, plan, relaxed=relaxed))
            got = _scored(searcher, search_query.keyword_query(schema, held, relaxed=relaxed))
            assert got.keys() == expected.keys(), query
            assert all(abs(got[sid] - score) <= 1e-5 * score for sid, score in expected.items()), query
            assert bool(got) == (relaxed or not query.startswith("zzqxv")), query
    assert left_out > 20


def test_all_but_one_read_apart_matches_and_scores_as_read_together(
    browsing: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relaxed search ("all but one" of three words or more) is read, where that costs less, as the conjunctions that
    # each leave one word out: the same records, and each record that misses one word (the only ones a relaxed
    # search lists after the strict matches) scores the same; one that holds every word scores the best n - 1 of them.
    # Which way costs less is _apart_reads_less's to say (its doctests): here it says apart every time.
    engine = browsing.search_engine()
    searcher, schema = engine.index.searcher(), engine.index.schema
    queries = ["household appliances safety general", "information technology security techniques"]
    queries += ["safety of machinery risk assessment", "质量管理体系 要求 指南", "电气 设备 安全 要求"]
    missing_one = 0
    for query in queries:
        plan = search_query.held_only(engine.analyzer.analyze(query, lambda word: None), searcher.doc_freq)
        assert len(plan.required) >= 3, query
        forms = {}
        for apart in (False, True):
            with monkeypatch.context() as patched:
                patched.setattr(search_query, "_apart_reads_less", lambda sizes, num_docs, apart=apart: apart)
                forms[apart] = [
                    form(schema, plan, relaxed=True, doc_freq=searcher.doc_freq, num_docs=searcher.num_docs)
                    for form in (search_query.keyword_query, search_query.match_query)
                ]
        assert repr(forms[False]) != repr(forms[True]), query
        expected, got = _scored(searcher, forms[False][0]), _scored(searcher, forms[True][0])
        assert expected and got.keys() == expected.keys(), query
        every_word = _scored(searcher, search_query.keyword_query(schema, plan))
        for sid, score in expected.items():
            if sid in every_word:
                assert got[sid] < score, query
            else:
                assert abs(got[sid] - score) <= 1e-5 * score, query
                missing_one += 1
        for read_together, read_apart in zip(forms[False], forms[True], strict=True):  # ranking, and counting alike
            assert _scored(searcher, read_together).keys() == _scored(searcher, read_apart).keys() == expected.keys()
    assert missing_one > 50


def test_a_phrase_with_words_between_matches_alike_where_it_is_ranked_and_where_it_is_counted(
    catalog: Catalog, tmp_path: Path
) -> None:
    # "UPS" is also "uninterruptible power system", each word within three of the one before it. Tantivy reads such
    # a phrase one way when it ranks (the whole phrase within three moves) and another when it only counts (each
    # pair), so IEC 61225's "static uninterruptible DC and AC power supply systems" was counted in the facets and
    # the total but never listed. Read in pairs both ways, it is listed after the titles holding the whole phrase,
    # and what the facets count is what the pages list.
    import_bundled(catalog, "iec", ("IEC 61225:2019", "IEC 62040-1:2017"), tmp_path)  # and "... systems (UPS)"
    found = catalog.search(SearchRequest("UPS", limit=100, group=False))
    listed = [hit.standard.identifier for hit in found.hits]
    assert "IEC 61225:2019" in listed and found.total == len(listed)
    assert sum(value.count for value in found.facets["status"]) == found.total
    phrase = "uninterruptible power system"
    whole = [i for i, hit in enumerate(found.hits) if phrase in hit.standard.titles["en"].lower()]
    assert whole and max(whole) < listed.index("IEC 61225:2019")  # the whole phrase ranks first
    engine = catalog.search_engine()
    searcher = engine.index.searcher()
    for query in ("UPS", "UPS safety requirements", "质量管理体系", "能源管理体系"):
        plan = engine.analyzer.analyze(query, lambda word: None)
        matching = search_engine.match_query(engine.index.schema, plan)
        keyword = search_engine.keyword_query(engine.index.schema, plan)
        assert matching is not None and keyword is not None
        counted = searcher.aggregate(matching, {"records": {"value_count": {"field": "sid"}}})["records"]["value"]
        assert search_engine._count(searcher.search(keyword, 1, count=True)) == counted, query


def test_works_are_those_two_matches_share_and_one_for_each_match_left(browsing: Catalog) -> None:
    # the engine returns a bucket only for the works that two matches or more share; each match that no bucket
    # holds is the only one of its work: the works are then those of every match, and none is counted twice
    engine = browsing.search_engine()
    searcher = engine.index.searcher()
    shared = singles = 0
    for query in ["Part", "safety", "electrical equipment", "quality", "电", "household appliances safety"]:
        plan = engine.analyzer.analyze(query, lambda word: None)
        keyword = search_engine.keyword_query(engine.index.schema, plan)
        assert keyword is not None
        every = searcher.search(keyword, 100_000, count=True)
        works = searcher.fast_field_values("work", [address for _, address in every.hits])
        held = {w: works.count(w) for w in set(works)}
        shared += sum(n > 1 for n in held.values())
        singles += sum(n == 1 for n in held.values())
        assert search_works.exact_works(searcher, keyword, len(works)) == len(held), query
    assert shared > 20 and singles > 50, (shared, singles)  # both kinds of work are counted


def test_works_counted_after_the_pass_are_shown_where_pages_reach_them_else_the_estimate() -> None:
    # works counted in the pass are shown while pages reach them; those counted after it (only where pages may
    # reach them) are shown as counted; else the pass's estimate is, as such
    sample = search_works.WORK_SAMPLE
    exact_limit = search_works.EXACT_WORKS
    far = {"works_sample": {"value": exact_limit * 2 // sample}}  # an estimate of twice what pages reach
    near = {"works_sample": {"value": exact_limit // sample + 1}}  # within the estimate's margin
    told = search_works.works_told
    assert told(far, 3 * exact_limit, None) == (2 * exact_limit, True)
    assert told(far, exact_limit + 10, None) == (exact_limit + 10, True)  # no more works than matches
    assert told(near, 2 * exact_limit, exact_limit + 1) == (exact_limit + 1, False)
    # the pass returns the works that two matches or more share (3 of them, 9 of the 12 matches); 3 hold one each
    matched = {"facets": {"buckets": [{"key": "ISO", "doc_count": 12}], "sum_other_doc_count": 0}}
    in_pass = {**far, **matched, "works": {"buckets": [{"key": k, "doc_count": 2 + k} for k in range(3)]}}
    assert told(in_pass, 12, None) == (6, False)
    assert told({}, 0, None) == (0, False)


def test_settled_waits_for_what_still_counts_beside_a_search() -> None:
    # a measurement waits until nothing a search started still counts on the pool's threads
    started = threading.Event()

    def counting() -> None:
        started.set()
        time.sleep(0.05)

    left = search_works.COUNTERS.submit(counting)
    started.wait()
    search_works.settled()
    assert left.done()


def test_an_engine_error_in_the_pass_reaches_the_search_that_waits_for_it() -> None:
    # the pass runs on another thread: what goes wrong there is raised where the search reads the counts
    class Failing:
        def aggregate(self, query: object, spec: object) -> object:
            raise ValueError("the engine refused the aggregation")

    counting = search_works.Counting(Failing(), {}, tantivy.Query.all_query(), read=200)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="refused"):
        counting.works(10)


def test_works_are_counted_after_the_pass_only_where_pages_may_reach_them(browsing: Catalog) -> None:
    # the count after the facets' pass is made when the matches, or the estimate of their works, are within what
    # pages reach, and neither when the ranking reads every match nor when the pass counted them
    searcher = browsing.search_engine().index.searcher()
    counting = search_works.Counting(searcher, {}, None, read=200)
    limit, sample = search_works.EXACT_WORKS, search_works.WORK_SAMPLE
    far = {"works_sample": {"value": 2 * limit // sample}}
    near = {"works_sample": {"value": limit // sample}}
    assert not counting._wanted(near, 150)  # the ranking reads them all
    assert counting._wanted(far, limit)  # no more matches than pages reach
    assert counting._wanted(near, 10 * limit) and not counting._wanted(far, 10 * limit)
    matched = {"facets": {"buckets": [{"key": "ISO", "doc_count": 500}], "sum_other_doc_count": 0}}
    assert not counting._wanted({**near, **matched, "works": {"buckets": [{"key": 1, "doc_count": 300}]}}, 500)
    assert counting.result() == {} and counting.works(0) == (0, False)


@pytest.mark.slow
def test_works_beyond_what_pages_reach_are_estimated_and_said_so(
    bundled_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Part" matches tens of thousands of records of the bundled catalogue: their works are more than pages reach,
    # so they are the engine's estimate, marked as one, a few per cent from the exact count; a narrower search is
    # counted exactly, as before
    engine = bundled_catalog.search_engine()
    engine._answers.clear()
    wide = bundled_catalog.search(SearchRequest("Part"))
    assert wide.works_estimated and wide.works > search_works.EXACT_WORKS
    monkeypatch.setattr(search_works, "EXACT_WORKS", 10**9)
    engine._answers.clear()
    exact = bundled_catalog.search(SearchRequest("Part"))
    assert not exact.works_estimated and abs(wide.works - exact.works) <= 0.05 * exact.works
    monkeypatch.undo()
    engine._answers.clear()
    narrow = bundled_catalog.search(SearchRequest("quality management systems"))
    assert not narrow.works_estimated and 0 < narrow.works <= narrow.total
    runner = CliRunner()
    location = bundled_catalog.store.location
    shown = runner.invoke(cli, ["--db", location, "search", "Part"])
    assert shown.exit_code == 0 and f"about {wide.works:,} works".replace(",", "") in shown.output.replace(",", "")
    answer = json.loads(runner.invoke(cli, ["--db", location, "search", "Part", "--json"]).output)
    assert answer["works_estimated"] is True


@pytest.mark.slow
def test_works_of_results_longer_than_the_ranking_reads_are_the_distinct_works_of_every_match(
    bundled_catalog: Catalog,
) -> None:
    # the ranking reads the first few hundred matches; the works of more (counted by the engine's aggregation) are
    # those of every match, as listed page by page; a query that names standards counts them with the rest
    engine = bundled_catalog.search_engine()
    for query in ("quality", "IEC 61000"):
        engine._answers.clear()
        found = bundled_catalog.search(SearchRequest(query))
        listed = {}
        for offset in range(0, found.total, 100):
            page = bundled_catalog.search(SearchRequest(query, offset=offset, limit=100, group=False))
            listed.update((hit.standard.id, hit.standard.work_key) for hit in page.hits)
        assert 200 < found.total == len(listed) <= search_engine.MAX_OFFSET
        assert not found.works_estimated and found.works == len(set(listed.values())) < found.total
    assert found.understood["identifier"] == "prefix"  # the second query names the parts of IEC 61000


@pytest.mark.parametrize("combinations", [search_engine._PACKED_VALUES, 2])
def test_facets_counted_packed_are_those_of_each_field_counted_apart(
    browsing: Catalog, combinations: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # body, country, type, status, adoption, kind and 主管部门 are counted from one column of their combinations;
    # the counts are those of each field's own terms (a co-published record counts for each body, a record that
    # adopts and is adopted for each tag), the most held first, as many as are shown; and so they are when the
    # combinations are more than one aggregation returns (here 2), counted from each field's terms then
    monkeypatch.setattr(search_engine, "_PACKED_VALUES", combinations)
    engine = browsing.search_engine()
    searcher = engine.index.searcher()
    requests = [SearchRequest("Part"), SearchRequest("质量管理体系"), SearchRequest("electrical equipment")]
    requests += [SearchRequest("", Filters(country=("CN",))), SearchRequest("", Filters(ics=("13",)))]
    cut: set[str] = set()
    for request in requests:
        engine._answers.clear()
        shown = browsing.search(request).facets
        query = counted_query(engine, request)
        fewer = engine._facets(searcher, query, size=1)  # fewer values than most facets hold: the cut is tested
        for name in search_engine.PACKED_FACETS:
            held = searcher.terms_with_prefix(name, "", filter_query=query, limit=10_000)  # from the field's terms
            by_count = sorted(((value, n) for value, n in held if n), key=lambda kv: (-kv[1], kv[0]))
            assert [(v.value, v.count) for v in shown[name]] == by_count[: search_engine._FACET_VALUES]
            assert [(v.value, v.count) for v in fewer[name]] == by_count[:1], (request.query, name)
            if len(by_count) > 1:
                cut.add(name)
    assert {"body", "country", "doctype", "status", "adoption", "kind"} <= cut  # the excerpt names one 主管部门
    total, every = engine.facet_counts(Filters(country=("CN",)))
    assert sum(v.count for v in every["kind"]) <= total and every["department"]
    assert any(v.value == "adopts-IDT" for v in every["adoption"])


def counted_query(engine: search_engine.Search, request: SearchRequest) -> search_engine.tantivy.Query:
    """What a search's facets count: its match query within its filters."""
    plan = engine.analyzer.analyze(request.query, lambda word: None)
    filters = search_engine._filter_clauses(engine.index.schema, request.filters)
    matched = search_engine.match_query(engine.index.schema, plan) if plan.text else None
    return search_engine._all_of([matched or search_engine.tantivy.Query.all_query(), *filters])
