"""The relevance set that measures search (``tests/data/relevance``) and the scoring in ``bench/relevance.py``.

The set must be large and varied enough to mean something, and every judgment must name a record the
bundled catalogue really holds, written as the catalogue renders it. The scoring is checked on a small
example worked by hand.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from stdbridge import identifiers
from stdbridge.catalog import Catalog
from stdbridge.models import Status

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILE = Path(__file__).parent / "data" / "relevance" / "queries.jsonl"


def _load_relevance() -> ModuleType:
    spec = importlib.util.spec_from_file_location("relevance", ROOT / "bench" / "relevance.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


relevance = _load_relevance()
QUERIES = relevance.load_queries(QUERY_FILE)
EXPECTED = sorted({ident for q in QUERIES for ident in q.expected})
YEAR = re.compile(r"(19|20)\d\d")


# the set ------------------------------------------------------------------------------
def test_the_set_is_large_and_varied() -> None:
    kinds = Counter(q.kind for q in QUERIES)
    langs = Counter(q.lang for q in QUERIES)
    styles = Counter(q.style for q in QUERIES)
    assert len(QUERIES) >= 120
    assert langs["zh"] >= 30
    assert langs["en"] >= 40
    assert langs["ja"] >= 5 and langs["fr"] >= 5
    assert kinds["identifier"] >= 40
    assert kinds["keyword"] >= 75
    assert styles["cross-language"] >= 15
    for style in ("exact", "sloppy", "partial", "old-edition", "typo"):
        assert styles[style] >= 5, style
    assert sum(1 for q in QUERIES if q.filters) >= 8
    cross_langs = {q.lang for q in QUERIES if q.style == "cross-language"}
    assert {"zh", "en"} <= cross_langs


def test_ids_are_unique_and_numbered() -> None:
    ids = [q.id for q in QUERIES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"q\d{3}", i) for i in ids)


def test_no_query_is_judged_twice() -> None:
    asked = Counter((q.query, json.dumps(q.filters, sort_keys=True)) for q in QUERIES)
    assert [key for key, n in asked.items() if n > 1] == []


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.id)
def test_fields_are_valid(query: object) -> None:
    q = query
    assert isinstance(q, relevance.Query)
    assert q.query.strip() == q.query and q.query
    assert q.kind in relevance.KINDS
    assert q.lang in relevance.LANGS
    assert q.style in relevance.STYLES
    assert set(q.filters) <= set(relevance.FILTER_KEYS)
    assert all(value for value in q.filters.values())
    assert q.expected and len(set(q.expected)) == len(q.expected)
    assert q.note
    if q.style == "old-edition":
        assert q.kind == "identifier" and YEAR.search(q.query)


def test_every_file_line_has_the_documented_keys() -> None:
    keys = {"id", "query", "kind", "lang", "style", "filters", "expected", "note"}
    for line in QUERY_FILE.read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)) - {"set"} == keys


@pytest.mark.parametrize("ident", EXPECTED)
def test_expected_identifiers_are_canonical(ident: str) -> None:
    assert identifiers.parse(ident).render() == ident


# the set against the bundled catalogue ------------------------------------------------
@pytest.fixture
def bundled(bundled_catalog: Catalog) -> Catalog:
    return bundled_catalog


@pytest.mark.slow
def test_expected_records_exist_in_the_bundled_catalogue(bundled: Catalog) -> None:
    wrong = {}
    for ident in EXPECTED:
        found = bundled.store.standards_by_keys([identifiers.parse(ident).edition_key])
        standard = next(iter(found.values()), None)
        if standard is None or standard.identifier != ident:
            wrong[ident] = standard.identifier if standard else None
    assert wrong == {}


@pytest.mark.slow
def test_expected_records_pass_the_query_filters(bundled: Catalog) -> None:
    failing = [
        (q.id, ident)
        for q in QUERIES
        if q.filters
        for ident in q.expected
        if not relevance.satisfies(bundled.get(ident), q.filters)
    ]
    assert failing == []


@pytest.mark.slow
def test_cross_language_answers_have_no_title_in_the_query_language(bundled: Catalog) -> None:
    titled = [
        (q.id, ident)
        for q in QUERIES
        if q.style == "cross-language"
        for ident in q.expected
        if bundled.get(ident).titles.get(q.lang)
    ]
    assert titled == []


@pytest.mark.slow
def test_the_preferred_answer_is_in_force_unless_an_old_edition_is_asked(bundled: Catalog) -> None:
    gone = {Status.REPLACED, Status.WITHDRAWN, Status.CANCELLED}
    stale = [
        (q.id, q.expected[0])
        for q in QUERIES
        if not (q.style == "old-edition" or YEAR.search(q.query) or "year" in q.filters)
        and bundled.get(q.expected[0]).status in gone
    ]
    assert stale == []


# scoring ------------------------------------------------------------------------------
def _query(qid: str, expected: list[str], kind: str = "keyword", lang: str = "en") -> object:
    return relevance.Query(qid, f"text of {qid}", kind, lang, "exact", {}, tuple(expected), "")


def test_score_on_a_hand_worked_example() -> None:
    queries = [
        _query("a", ["ISO 9001:2015"], kind="identifier"),  # first: 1/1
        _query("b", ["IEC 61000-4-2:2025", "GB/T 17626.2-2018"], lang="zh"),  # second expected at rank 3: 1/3
        _query("c", ["ISO 14001:2015"]),  # at rank 11, past the cut-off: 0
        _query("d", ["ISO 31000:2018"], lang="zh"),  # absent: 0
    ]
    ten = [f"ISO {n}:2000" for n in range(1, 11)]
    answers = {
        "text of a": ["ISO 9001:2015", "ISO 9001:2008"],
        "text of b": ["ISO 1:2000", "ISO 2:2000", "GB/T 17626.2-2018", "IEC 61000-4-2:2025"],
        "text of c": [*ten, "ISO 14001:2015"],
        "text of d": ["ISO 31000"],  # undated text is not the canonical identifier of the edition
    }
    metrics = relevance.score(queries, lambda text, filters: answers[text])
    assert metrics.hit_at_1 == pytest.approx(1 / 4)
    assert metrics.hit_at_10 == pytest.approx(2 / 4)
    assert metrics.mrr == pytest.approx((1 + 1 / 3) / 4)
    assert metrics.by_kind["identifier"].count == 1 and metrics.by_kind["identifier"].mrr == 1.0
    assert metrics.by_kind["keyword"].hit_at_10 == pytest.approx(1 / 3)
    assert metrics.by_lang["zh"].mrr == pytest.approx((1 / 3) / 2)
    assert metrics.by_style["exact"].count == 4
    assert [(m.query.id, m.rank) for m in metrics.misses] == [("b", 3), ("c", None), ("d", None)]
    assert metrics.misses[0].returned == ("ISO 1:2000", "ISO 2:2000", "GB/T 17626.2-2018")


def test_score_passes_query_text_and_filters_to_the_run() -> None:
    seen: list[tuple[str, dict[str, str]]] = []

    def run(text: str, filters: dict[str, str]) -> list[str]:
        seen.append((text, filters))
        return []

    query = relevance.Query("q", "safety signs", "keyword", "en", "exact", {"body": "ISO"}, ("ISO 7010:2019",), "")
    relevance.score([query], run)
    assert seen == [("safety signs", {"body": "ISO"})]


def test_empty_runs_and_empty_sets_score_zero() -> None:
    assert relevance.score([], lambda text, filters: []).mrr == 0.0
    metrics = relevance.score([_query("a", ["ISO 9001:2015"])], lambda text, filters: [])
    assert (metrics.hit_at_1, metrics.hit_at_10, metrics.mrr) == (0.0, 0.0, 0.0)


def test_first_hit_rank() -> None:
    assert relevance.first_hit_rank(["B", "C"], ["A", "C", "B"]) == 2
    assert relevance.first_hit_rank(["B"], ["A"] * 10 + ["B"]) is None
    assert relevance.first_hit_rank(["B"], ["A", "B"], cutoff=1) is None
    assert relevance.first_hit_rank(["iso 9001:2015"], ["ISO 9001:2015"]) is None


def test_print_report_shows_the_figures_and_the_misses() -> None:
    queries = [_query("a", ["ISO 9001:2015"]), _query("b", ["ISO 14001:2015"], lang="zh")]
    metrics = relevance.score(queries, lambda text, filters: ["ISO 9001:2015"])
    out = io.StringIO()
    relevance.print_report(metrics, out)
    text = out.getvalue()
    assert re.search(r"^all\s+2\s+0\.500\s+0\.500\s+0\.500$", text, re.M)
    assert re.search(r"^lang=zh\s+1\s+0\.000\s+0\.000\s+0\.000$", text, re.M)
    assert "b absent" in text and "want ISO 14001:2015; got ISO 9001:2015" in text


def test_load_queries_names_the_bad_line(tmp_path: Path) -> None:
    good = {"id": "q001", "query": "x", "kind": "keyword", "lang": "en", "style": "exact", "filters": {}}
    path = tmp_path / "queries.jsonl"
    path.write_text(
        json.dumps({**good, "expected": ["ISO 9001:2015"], "note": "n"}) + "\n" + json.dumps({**good, "expected": []}),
        encoding="utf-8",
    )
    with pytest.raises(relevance.QueryFileError, match=r"queries\.jsonl:2: expected"):
        relevance.load_queries(path)
