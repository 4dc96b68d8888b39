"""The overview figures of a body or country, checked against the records themselves."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from stdbridge.analytics.overview import DEGREES, Overview, ics_field_names_zh, overview
from stdbridge.catalog import Catalog
from stdbridge.catalog.lifecycle import status_now
from stdbridge.errors import NotFound, UsageError
from stdbridge.importers.bundled import bundled_path
from stdbridge.importers.classifications import IcsImporter
from stdbridge.models import RelationType, Standard


def _records(catalog: Catalog, keep: Callable[[Standard], bool]) -> list[Standard]:
    return [s for s in catalog.store.iter_standards() if keep(s)]


def _year(s: Standard) -> int | None:
    if s.year:
        return s.year
    return int(s.published[:4]) if s.published and s.published[:4].isdigit() else None


@pytest.fixture
def classified(catalog: Catalog) -> Catalog:
    """The excerpt catalogue with the ICS titles."""
    catalog.import_path(bundled_path(IcsImporter.bundled_file), "ics")
    return catalog


def test_a_country_overview_counts_its_records(classified: Catalog) -> None:
    chinese = _records(classified, lambda s: s.country == "CN")
    view = overview(classified, "country", "cn", lang="zh")
    assert view.code == "CN" and view.scope == "country"
    assert view.records == len(chinese) > 20
    # by status as the records show it today: stated, else derived (``catalog.lifecycle``)
    assert {c.key: c.count for c in view.by_status} == Counter(status_now(classified.store, s).status for s in chinese)
    assert {c.key: c.count for c in view.by_type} == Counter(s.doctype.value for s in chinese)
    assert sum(c.count for c in view.by_status) == view.records
    assert [c.count for c in view.by_status] == sorted((c.count for c in view.by_status), reverse=True)
    assert view.bodies[0].key == "SAC" and view.countries[0].key == "CN"


def test_ics_fields_count_each_record_once_per_field_with_chinese_names(classified: Catalog) -> None:
    chinese = _records(classified, lambda s: s.country == "CN")
    expected = Counter(field for s in chinese for field in {code[:2] for code in s.ics})
    view = overview(classified, "country", "CN")
    assert {c.key: c.count for c in view.ics_fields} == expected
    assert view.unclassified == sum(1 for s in chinese if not s.ics) > 0
    by_code = {c.key: c for c in view.ics_fields}
    assert by_code["35"].titles["en"] == "Information technology"
    assert by_code["35"].titles["zh"] == "信息技术"
    assert by_code["03"].titles["zh"].startswith("服务")


def test_the_publication_trend_runs_year_by_year_without_gaps(classified: Catalog) -> None:
    japanese = _records(classified, lambda s: s.country == "JP")
    expected = Counter(year for s in japanese if (year := _year(s)))
    view = overview(classified, "country", "JP")
    years = [int(c.key) for c in view.by_year]
    assert years == list(range(min(expected), max(expected) + 1))
    assert {int(c.key): c.count for c in view.by_year if c.count} == expected
    assert view.undated == sum(1 for s in japanese if not _year(s))


def test_a_body_overview_counts_co_published_standards(classified: Catalog) -> None:
    iec = _records(classified, lambda s: s.body == "IEC" or "IEC" in s.copublishers)
    view = overview(classified, "body", "IEC")
    assert view.records == len(iec)
    assert {c.key for c in view.bodies} >= {"IEC", "ISO"}  # ISO/IEC standards count for both
    assert not view.adoption.national


def test_adoption_share_of_a_national_scope(classified: Catalog) -> None:
    chinese = {s.id: s for s in _records(classified, lambda s: s.country == "CN") if s.id is not None}
    adopts = [
        r
        for r in classified.store.relations_touching(set(chinese), [])
        if r.type == RelationType.ADOPTS and r.source_id in chinese
    ]
    adopting = {r.source_id for r in adopts}
    view = overview(classified, "country", "CN")
    a = view.adoption
    assert a.national
    assert a.adopting == len(adopting) > 0
    assert a.share == pytest.approx(len(adopting) / len(chinese))
    idt = {r.source_id for r in adopts if r.degree is not None and r.degree.value == "IDT"}
    assert a.by_degree["IDT"] == len(idt)
    assert set(a.by_degree) == {*DEGREES, "unknown"}
    assert sum(a.by_degree.values()) >= a.adopting


def test_international_standards_adopted_elsewhere(classified: Catalog) -> None:
    view = overview(classified, "body", "ISO")
    adopted_ids = {
        r.target_id
        for r in classified.store.relations_touching({s.id for s in classified.store.iter_standards() if s.id}, [])
        if r.type == RelationType.ADOPTS and r.target_id is not None
    }
    iso = _records(classified, lambda s: s.body == "ISO" or "ISO" in s.copublishers)
    assert view.adoption.adopted == sum(1 for s in iso if s.id in adopted_ids) > 0


def _words(view: Overview) -> dict[str, int]:
    return {w.word: w.count for w in view.hot_words}


def test_hot_words_in_chinese_come_from_chinese_titles(classified: Catalog) -> None:
    view = overview(classified, "country", "CN", lang="zh")
    assert view.hot_words_lang == "zh"
    words = _words(view)
    assert "医疗器械" in words
    titles = [s.titles.get("zh", "") for s in _records(classified, lambda s: s.country == "CN")]
    assert words["医疗器械"] == sum("医疗器械" in t for t in titles)
    assert next(w for w in view.hot_words if w.word == "医疗器械").gloss == "medical devices"
    assert "部分" not in words  # a generic word of titles
    counts = [w.count for w in view.hot_words]
    assert counts == sorted(counts, reverse=True)


def test_hot_words_in_english_leave_french_out(classified: Catalog) -> None:
    view = overview(classified, "body", "ISO", lang="en")
    assert view.hot_words_lang == "en"
    words = _words(view)
    assert "safety" in words and "quality" in words
    assert not {"sécurité", "systèmes", "exigences", "dans", "qualité"} & set(words)
    titles = [s.titles.get("en", "").lower() for s in _records(classified, lambda s: s.body == "ISO")]
    assert words["quality"] <= sum("quality" in t for t in titles)


def test_hot_words_fall_back_to_the_language_the_titles_have(classified: Catalog) -> None:
    view = overview(classified, "body", "ITU-T", lang="zh")  # ITU titles are English and French only
    assert view.hot_words_lang == "en" and view.hot_words


def test_unknown_scopes_and_codes_fail_clearly(classified: Catalog) -> None:
    with pytest.raises(NotFound, match="XX"):
        overview(classified, "country", "XX")
    with pytest.raises(NotFound):
        overview(classified, "body", "<script>")
    with pytest.raises(UsageError, match="planet"):
        overview(classified, "planet", "CN")


def test_the_chinese_ics_names_cover_every_top_level_field(classified: Catalog) -> None:
    fields = {entry.code for entry in classified.classification_children("ICS")}
    names = ics_field_names_zh()
    assert set(names) == fields and len(fields) == 40
    assert all(name and not name.isascii() for name in names.values())
    assert names["01"] == "综合、术语学、标准化、文献"
    assert names["97"] == "家用和商用设备、文娱、体育"
