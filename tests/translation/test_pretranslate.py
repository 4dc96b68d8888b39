"""The offline engine and pre-translation of a document, with the real translation memory (GB titles) and real
termbase entries (IEV): exact and fuzzy matches marked with their scores, drafts marked as drafts that carry
numbers, identifiers and tags over, a person's work never overwritten, an engine failure leaving its segments as
they were and reported, progress reported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.translation.engine_cases import ConceptLookup, Served, iev_concepts, local_server
from tests.translation.memory_cases import gb_title_units

from stdbridge.deadline import Deadline
from stdbridge.errors import WorkStopped
from stdbridge.progress import ProgressLog
from stdbridge.store import SqlStore
from stdbridge.translation.engines import OfflineEngine
from stdbridge.translation.engines.libretranslate import LibreTranslateEngine
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import Segment, SegmentStatus, TargetOrigin
from stdbridge.translation.pretranslate import pretranslate
from stdbridge.translation.quality import Check, check_segment

ISMS_ZH = "信息技术 安全技术 信息安全管理体系 要求"
ISMS_EN = "Information technology -- Security techniques -- Information security management systems -- Requirements"


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    store = SqlStore(f"sqlite:///{tmp_path / 'catalog.db'}")
    store.add_units(gb_title_units())
    yield TranslationMemory(store, refresh_interval=0)
    store.close()


def segments(*sources: str) -> list[Segment]:
    return [Segment(1, i, f"p{i}/s0", source) for i, source in enumerate(sources)]


def test_the_offline_engine_fills_memory_matches_and_marks_drafts(memory: TranslationMemory) -> None:
    engine = OfflineEngine(memory, ConceptLookup(iev_concepts()))
    texts = [ISMS_ZH, "信息技术 安全技术 信息安全管理体系 要求和指南", "失效模式和影响分析"]
    exact, fuzzy, draft = engine.translate(texts, "zh", "en")
    assert (exact.text, exact.origin, exact.score) == (ISMS_EN, TargetOrigin.MEMORY_EXACT, 100)
    assert fuzzy.origin == TargetOrigin.MEMORY_FUZZY and 75 <= (fuzzy.score or 0) < 100 and fuzzy.text == ISMS_EN
    assert (draft.text, draft.origin, draft.score) == (
        "Failure modes and effects analysis", TargetOrigin.TERMBASE_DRAFT, None)  # fmt: skip


def test_a_draft_carries_numbers_identifiers_and_tags_over() -> None:
    engine = OfflineEngine()
    # GB/Z 43202.2-2023's title, with a tag pair around the standard it names, and GB 17625.1-2012's limit
    [result] = engine.translate(["机器人 <g1>GB/T 36530</g1>的应用 第2部分：应用指南<x2/>"], "zh", "en")
    assert result.origin == TargetOrigin.TERMBASE_DRAFT
    assert "<g1>GB/T 36530</g1>" in result.text and result.text.endswith("<x2/>") and " 2" in result.text
    assert result.text.startswith("Robots") and "application guidelines" in result.text and "：" not in result.text
    [english] = engine.translate(["Limits for harmonic current emissions (equipment input current ≤16 A per phase)"],
                                 "en", "zh")  # fmt: skip
    assert "16 A" in english.text and "谐波" in english.text and "（" in english.text


def test_pretranslate_fills_from_memory_then_the_engine_and_never_over_a_person(memory: TranslationMemory) -> None:
    document = segments(
        ISMS_ZH, "信息技术 安全技术 信息安全管理体系 要求和指南", "失效模式和影响分析", ISMS_ZH, "电磁兼容"
    )
    document[3].target, document[3].status = (
        "Information security management systems: requirements",
        SegmentStatus.TRANSLATED,
    )
    document[4].target, document[4].status, document[4].origin = "EMC", SegmentStatus.DRAFT, TargetOrigin.HUMAN
    log = ProgressLog()
    engine = OfflineEngine(None, ConceptLookup(iev_concepts()))
    report = pretranslate(document, "zh", "en", memory=memory, engine=engine, progress=log)
    assert [(s.origin, s.status) for s in document[:3]] == [
        (TargetOrigin.MEMORY_EXACT, SegmentStatus.DRAFT), (TargetOrigin.MEMORY_FUZZY, SegmentStatus.DRAFT),
        (TargetOrigin.TERMBASE_DRAFT, SegmentStatus.DRAFT)]  # fmt: skip
    assert document[0].score == 100 and document[2].engine == "offline" and document[0].engine is None
    assert document[3].target == "Information security management systems: requirements"  # a person's: kept
    assert (document[4].target, document[4].origin) == ("EMC", TargetOrigin.HUMAN)
    assert (report.memory_exact, report.memory_fuzzy, report.engine, report.drafts, report.kept) == (1, 1, 1, 1, 2)
    assert log.snapshot()["step"] == 2 and log.snapshot()["done"] == log.snapshot()["total"] == 1


def test_an_engine_failure_leaves_its_segments_and_reports_them(memory: TranslationMemory) -> None:
    def answer(path: str, request: dict[str, list[str]]) -> tuple[int, bytes]:
        if "电磁兼容" in request["q"]:
            return 500, b'{"error": "model crashed"}'
        return 200, json.dumps({"translatedText": [f"[{q}]" for q in request["q"]]}).encode()

    document = segments(ISMS_ZH, "电磁兼容", "航天器接地要求", "航天系统电磁兼容性要求", "电磁环境控制限值")
    with local_server(Served(answer)) as url:
        report = pretranslate(document, "zh", "en", memory=memory, engine=LibreTranslateEngine(url), batch_size=2)
    assert document[0].origin == TargetOrigin.MEMORY_EXACT
    failed = [(f.key, f.engine) for f in report.failures]
    assert failed == [("p1/s0", "libretranslate"), ("p2/s0", "libretranslate")]
    assert "model crashed" in report.failures[0].reason
    assert [(s.target, s.status, s.origin) for s in document[1:3]] == [("", SegmentStatus.NEW, None)] * 2
    assert [(s.target, s.engine) for s in document[3:]] == [
        ("[航天系统电磁兼容性要求]", "libretranslate"), ("[电磁环境控制限值]", "libretranslate")]  # fmt: skip


def test_after_three_failed_batches_the_rest_is_reported_not_tried() -> None:
    document = segments(
        "电磁兼容", "航天器接地要求", "电磁环境控制限值", "环境管理体系 规范及使用指南", "电工术语 电磁兼容"
    )
    with local_server(Served(lambda p, r: (503, b'{"error": "busy"}'))) as url:
        report = pretranslate(document, "zh", "en", engine=LibreTranslateEngine(url), batch_size=1)
    assert len(report.failures) == 5 and "not tried" in report.failures[4].reason
    assert all(s.status == SegmentStatus.NEW and s.target == "" for s in document)


def test_pretranslation_stops_at_its_deadline() -> None:
    document = segments("电磁兼容", "航天器接地要求")
    with pytest.raises(WorkStopped):
        Deadline(seconds=0).run(pretranslate, document, "zh", "en", engine=OfflineEngine())
    assert all(s.status == SegmentStatus.NEW for s in document)


@pytest.mark.parametrize(
    "title",
    [  # the titles of IEC 60695-11-10:1999, IEC 60796-1:1990 and ISO 1004-1:2013 in the bundled catalogues
        "Fire hazard testing - Part 11-10: Test flames - 50 W horizontal and vertical flame test methods",
        "Microprocessor system bus - 8-bit and 16-bit data (MULTIBUS I) - Part 1: Functional description with "
        "electrical and timing specifications",
        "Information processing - Magnetic ink character recognition - Part 1: Print specifications for E13B",
    ],
)
def test_a_draft_passes_the_number_checks_of_its_title(title: str) -> None:
    [draft] = OfflineEngine().translate([title], "en", "zh")
    found = check_segment(Segment(1, 0, "p0", title, draft.text), "en", "zh")
    assert [f for f in found if f.check in (Check.NUMBERS, Check.REQUIREMENTS, Check.PUNCTUATION)] == []
    assert "—" in draft.text and "-5" not in draft.text and "-8" not in draft.text
