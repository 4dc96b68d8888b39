"""The quality checks on real sentences: ISO/TC 211 definitions (zh/en, from the MLGT), GB and IEC titles, IEV
terms with their deprecated synonyms. Each check passes a correct translation and fails a wrong one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.translation.engine_cases import ConceptLookup, iev_concepts

from stdbridge.i18n import set_language
from stdbridge.translation.engines import OfflineEngine
from stdbridge.translation.model import Segment
from stdbridge.translation.quality import Check, Finding, Waiver, check_document, check_segment, without_waived

TERMS = ConceptLookup(iev_concepts())
# ISO 19136-1:2020, 3.1.61 (UML application schema) and ISO 19108, Gregorian calendar, as the MLGT gives them
UML_EN = "application schema written in UML in accordance with ISO 19109"
UML_ZH = "根据ISO 19109标准用UML编写的应用模式。"
CALENDAR_ZH = "1582年引入的通用日历，所定义的年比儒略历的更接近回归年。"
CALENDAR_EN = ("calendar in general use; first introduced in 1582 to define a year that more closely approximated the "
               "tropical year than the Julian calendar")  # fmt: skip
# GB 17625.1-2012's titles
HARMONICS_EN = ("Electromagnetic compatibility—Limits—Limits for harmonic current emissions(equipment input current "
                "≤16 A per phase)")  # fmt: skip
HARMONICS_ZH = "电磁兼容 限值 谐波电流发射限值（设备每相输入电流≤16 A）"
# GB/Z 43202.2-2023's titles
ROBOTS_ZH = "机器人 <g1>GB/T 36530</g1>的应用 第2部分：应用指南"
ROBOTS_EN = "Robotics—Application of <g1>GB/T 36530</g1>—Part 2: Application guidelines"


def findings(source: str, target: str, source_lang: str, target_lang: str) -> list[tuple[Check, str, str]]:
    segment = Segment(7, 3, "t1/r2/c1/p0/s0", source, target, id=41)
    found = check_segment(segment, source_lang, target_lang, terms=TERMS)
    assert all((f.key, f.position, f.segment_id) == ("t1/r2/c1/p0/s0", 3, 41) for f in found)
    return [(f.check, f.found, f.expected) for f in found]


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang"),
    [
        (UML_EN, UML_ZH, "en", "zh"),
        (CALENDAR_ZH, CALENDAR_EN, "zh", "en"),
        (HARMONICS_EN, HARMONICS_ZH, "en", "zh"),
        (ROBOTS_ZH, ROBOTS_EN, "zh", "en"),
        ("失效模式和影响分析", "failure modes and effects analysis", "zh", "en"),
    ],
)
def test_a_faithful_translation_has_no_findings(source: str, target: str, source_lang: str, target_lang: str) -> None:
    assert findings(source, target, source_lang, target_lang) == []


def test_a_changed_limit_and_a_changed_number() -> None:
    assert findings(HARMONICS_EN, HARMONICS_ZH.replace("≤", "≥"), "en", "zh") == [
        (Check.REQUIREMENTS, "≥ 16 A", "≤ 16 A")]  # fmt: skip
    assert findings(HARMONICS_EN, HARMONICS_ZH.replace("16 A", "32 A"), "en", "zh") == [
        (Check.REQUIREMENTS, "≤ 32 A", "≤ 16 A")]  # fmt: skip
    assert findings(CALENDAR_ZH, CALENDAR_EN.replace("1582", "1852"), "zh", "en") == [
        (Check.NUMBERS, "1852", "1582"), (Check.NUMBERS, "1852", "1582")]  # fmt: skip


def test_identifiers_and_clause_references_must_stay() -> None:
    assert findings(UML_EN, UML_ZH.replace("19109", "19136"), "en", "zh") == [
        (Check.IDENTIFIERS, "ISO 19136", "ISO 19109"), (Check.IDENTIFIERS, "ISO 19136", "ISO 19109")]  # fmt: skip
    assert findings("见表3和5.2.1。", "see Table 3 and 5.2.1.", "zh", "en") == []
    assert findings("见表3和5.2.1。", "see Table 4 and 5.2.1.", "zh", "en")[0] == (
        Check.CLAUSE_REFERENCES, "table 4", "table 3")  # fmt: skip


def test_empty_untranslated_and_unchanged_targets() -> None:
    assert findings(UML_EN, "<g1></g1>", "en", "zh") == [(Check.EMPTY, "", "")]
    assert findings(CALENDAR_ZH, CALENDAR_ZH, "zh", "en")[0][0] == Check.SAME_AS_SOURCE
    left = findings(CALENDAR_ZH, CALENDAR_EN.replace("tropical year", "回归年"), "zh", "en")
    assert left == [(Check.UNTRANSLATED, "回归年", "")]
    assert findings(UML_EN, "根据ISO 19109 application schema written in UML", "en", "zh")[0][0] == Check.UNTRANSLATED
    assert findings("ISO 19109", "ISO 19109", "en", "zh") == []  # an identifier alone is its own translation


def test_approved_and_deprecated_terms() -> None:
    assert findings("失效模式和影响分析", "fault mode and effects analysis", "zh", "en") == [
        (Check.TERMS, "", "failure modes and effects analysis"),
        (Check.DEPRECATED_TERM, "fault mode and effects analysis", "failure modes and effects analysis / FMEA"),
    ]
    assert findings("失效模式和影响分析", "FMEA", "zh", "en") == []  # a preferred synonym
    assert findings("平均恢复时间", "mean time to repair", "zh", "en")[1][:2] == (
        Check.DEPRECATED_TERM, "mean time to repair")  # fmt: skip


def test_tags_complete_and_nested() -> None:
    assert findings(ROBOTS_ZH, ROBOTS_EN.replace("</g1>", ""), "zh", "en") == [
        (Check.TAGS, "<g1>", "<g1> </g1>"), (Check.TAGS, "<g1>", "<g1> </g1>")]  # fmt: skip
    crossed = findings("<g1>机器人</g1> <g2>GB/T 36530</g2>", "<g1>Robotics <g2></g1>GB/T 36530</g2>", "zh", "en")
    assert [check for check, _f, _e in crossed] == [Check.TAGS]
    assert findings(ROBOTS_ZH + "<x3/>", ROBOTS_EN, "zh", "en")[0][0] == Check.TAGS


def test_punctuation_by_target_language() -> None:
    assert findings(UML_EN, UML_ZH.replace("。", "."), "en", "zh") == [(Check.PUNCTUATION, ".", "。")]
    assert findings(CALENDAR_ZH, CALENDAR_EN.replace(";", "；"), "zh", "en") == [(Check.PUNCTUATION, "；", "")]


def test_consistency_across_the_document_and_waivers() -> None:
    document = [
        Segment(7, 0, "p0/s0", "失效模式和影响分析", "failure modes and effects analysis"),
        Segment(7, 1, "p5/s0", "失效模式和影响分析", "FMEA"),
        Segment(7, 2, "p9/s0", "失效模式和影响分析", "failure modes and effects analysis"),
        Segment(7, 3, "p9/s1", CALENDAR_ZH, ""),
    ]
    found = check_document(document, "zh", "en", terms=TERMS)
    assert [(f.check, f.key, f.found, f.expected) for f in found] == [
        (Check.CONSISTENCY, "p5/s0", "FMEA", "failure modes and effects analysis"),
        (Check.EMPTY, "p9/s1", "", ""),
    ]
    assert "p0/s0" in found[0].message
    waiver = Waiver(Check.CONSISTENCY, "p5/s0", "the abbreviation is defined in 3.1", "translator", "2026-12-04T20:00Z")
    assert without_waived(found, [waiver]) == [found[1]]
    other = Waiver(Check.EMPTY, "p5/s0", "wrong segment", "translator", "2026-12-04T20:00Z")
    assert without_waived(found, [other]) == found


def test_findings_speak_the_users_language() -> None:
    set_language("zh")
    [finding] = check_segment(Segment(7, 0, "p0", UML_EN, ""), "en", "zh")
    assert isinstance(finding, Finding) and finding.message == "该句段没有译文"
    assert finding.to_json()["label"] == "空译文"


@settings(max_examples=150, deadline=None)
@given(
    source=st.text(
        alphabet=st.sampled_from(list("电磁兼容≤±%°C VAmkg0123456789.,;:：，。()（）<>/g1x2-–— ISO GB/T \n😀")),
        max_size=60,
    ),
    target=st.text(max_size=60),
)
def test_junk_never_breaks_the_checks_or_the_draft(source: str, target: str) -> None:
    for source_lang, target_lang in (("zh", "en"), ("en", "zh")):
        found = check_document([Segment(1, 0, "p0", source, target)], source_lang, target_lang, terms=TERMS)
        assert all(isinstance(f, Finding) and f.key == "p0" for f in found)
        [draft] = OfflineEngine().translate([source], source_lang, target_lang)
        assert isinstance(draft.text, str)


def test_with_the_real_termbase_once_it_is_merged() -> None:
    termbase = pytest.importorskip("stdbridge.translation.termbase", reason="tr-terms' Termbase is not merged yet")
    real = termbase.Termbase(iev_concepts())
    segment = Segment(7, 0, "p0", "平均恢复时间", "mean time to repair")
    found = [(f.check, f.found) for f in check_segment(segment, "zh", "en", terms=real)]
    assert found == [(Check.TERMS, ""), (Check.DEPRECATED_TERM, "mean time to repair")]
    [draft] = OfflineEngine(None, real).translate(["产品的失效模式和影响分析"], "zh", "en")
    assert "failure modes and effects analysis" in draft.text


def test_words_that_only_look_like_references_are_not_read_as_ones() -> None:
    # ISO 10110-10's title: "Table representing" names no table R
    title = ("Optics and photonics - Preparation of drawings for optical elements and systems - Part 10: Table "
             "representing data")  # fmt: skip
    assert findings(title, "光学和光子学 光学元件和系统制图 第10部分：表示数据的表格", "en", "zh") == []
    # an amendment of ISO 10542-1: "Annexes K, L, M" is annex K
    assert findings("Amendment 1: Annexes K, L, M", "修正案1：附录K，L，M", "en", "zh") == []
    assert findings("Amendment 1: Annexes K, L, M", "修正案1：附录L，M", "en", "zh")[0][:2] == (
        Check.CLAUSE_REFERENCES, "annex L")  # fmt: skip


# GB 3836.1-2000's titles: its part number in digits in English, in Chinese numerals in Chinese
EXPLOSIVE_ZH = "爆炸性气体环境用电气设备第一部分：通用要求"
EXPLOSIVE_EN = "Electrical apparatus for explosive gas atmospheres-Part 1: General requirements"


@pytest.mark.parametrize(
    ("source", "target", "source_lang", "target_lang"),
    [(EXPLOSIVE_EN, EXPLOSIVE_ZH, "en", "zh"), (EXPLOSIVE_ZH, EXPLOSIVE_EN, "zh", "en")],
)
def test_a_number_in_chinese_numerals_is_the_same_number(source: str, target: str, source_lang: str,
                                                         target_lang: str) -> None:  # fmt: skip
    assert findings(source, target, source_lang, target_lang) == []


def test_a_number_changed_in_chinese_numerals_is_still_found() -> None:
    assert findings(EXPLOSIVE_EN, EXPLOSIVE_ZH.replace("第一", "第二"), "en", "zh") == [(Check.NUMBERS, "", "1")]
    assert findings(EXPLOSIVE_ZH, EXPLOSIVE_EN.replace("Part 1", "Part 12"), "zh", "en") == [(Check.NUMBERS, "12", "")]
    # GB 13000.1-93: "第一部分" with numerals in words ("多八位"), and ten parts rather than one
    ucs = "信息技术 通用多八位编码字符集(UCS) 第一部分：体系结构与基本多文种平面"

    def numbers(source: str, target: str) -> list[tuple[Check, str, str]]:
        return [f for f in findings(source, target, "en", "zh") if f[0] is Check.NUMBERS]

    assert numbers("Part 1: Architecture and Basic Multilingual Plane", ucs) == []
    assert numbers("Part 10: Architecture and Basic Multilingual Plane", ucs) == [(Check.NUMBERS, "", "10")]
    assert numbers("Part 10: Architecture and Basic Multilingual Plane", ucs.replace("第一", "第十")) == []
    # numerals that are words, not numbers, are never reported on their own
    assert findings("Electrical apparatus — General requirements", "电气设备 统一要求", "en", "zh") == []
