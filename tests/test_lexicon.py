"""The bilingual lexicon: equivalents both ways, ranking, segmentation, robustness and title coverage."""

from __future__ import annotations

import doctest
import gzip
import importlib.util
import json
import re
import time
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stdbridge.language.lexicon
from stdbridge.language.lexicon import Lexicon, english_key
from stdbridge.language.text import unpacked_text

ROOT = Path(__file__).resolve().parent.parent
EXCERPTS = Path(__file__).parent / "data" / "excerpts"
GB_SAMPLE = ROOT / "src" / "stdbridge" / "data" / "gb_records.jsonl.gz"

# Measured on the bundled GB sample (76 records with both titles): 71.0 % of words, 81.3 % of Han characters;
# without the glossary 57.0 % and 61.5 %. The floors leave a little room for changes of jieba or CC-CEDICT.
COVERAGE_WORD_FLOOR = 0.68
COVERAGE_CHARACTER_FLOOR = 0.78


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.bundled()


def excerpt_titles(name: str, *identifiers: str) -> dict[str, dict[str, str]]:
    """Records of a test excerpt by identifier (``id`` or ``designation``)."""
    found = {}
    for line in (EXCERPTS / name).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        key = record.get("id") or record.get("designation")
        if key in identifiers:
            found[key] = record
    assert set(found) == set(identifiers)
    return found


def english_words(pairs: list[tuple[str, list[str]]]) -> set[str]:
    return {word for _, equivalents in pairs for term in equivalents for word in english_key(term).split()}


# --- the examples of the product issue ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chinese", "expected"),
    [
        ("电磁兼容", "electromagnetic compatibility"),
        ("抗扰度", "immunity"),
        ("试验方法", "test methods"),
        ("信息安全", "information security"),
        ("术语", "vocabulary"),
        ("家用电器", "household appliances"),
        ("质量管理体系", "quality management systems"),
        ("要求", "requirements"),
        ("质量管理", "quality management"),
    ],
)
def test_english_for_gives_the_title_wording_first(lexicon: Lexicon, chinese: str, expected: str) -> None:
    assert lexicon.english_for(chinese)[0] == expected


def test_english_for_keeps_the_other_usual_equivalents(lexicon: Lexicon) -> None:
    assert "emc" in lexicon.english_for("电磁兼容")
    assert {"vocabulary", "terms", "terminology"} <= set(lexicon.english_for("术语"))
    assert "test method" in lexicon.english_for("试验方法")


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        ("requirements", "要求"),
        ("Requirement", "要求"),
        ("appliances", "电器"),
        ("immunity", "抗扰度"),
        ("quality management", "质量管理"),
        ("household appliances", "家用电器"),
        ("Test Methods", "试验方法"),
        ("electromagnetic compatibility", "电磁兼容"),
        ("EMC", "电磁兼容"),
        ("vocabulary", "术语"),
        ("safety", "安全"),
        ("testing", "试验"),
        ("lamp", "灯"),
    ],
)
def test_chinese_for_handles_case_and_inflection(lexicon: Lexicon, english: str, expected: str) -> None:
    assert lexicon.chinese_for(english)[0] == expected


def test_chinese_for_appliances_gives_both_usual_words(lexicon: Lexicon) -> None:
    assert {"电器", "器具"} <= set(lexicon.chinese_for("appliances")[:3])


def test_chinese_for_falls_back_to_the_stem_of_ing_and_ed_forms(lexicon: Lexicon) -> None:
    assert lexicon.chinese_for("calibrating") == lexicon.chinese_for("calibrated") == lexicon.chinese_for("calibrate")
    assert lexicon.chinese_for("classifying")[0] == "分类"


def test_english_query_becomes_chinese_terms(lexicon: Lexicon) -> None:
    pairs = lexicon.chinese_for_text("household appliances safety")
    assert [(phrase, chinese[0]) for phrase, chinese in pairs] == [
        ("household appliances", "家用电器"),
        ("safety", "安全"),
    ]
    pairs = lexicon.chinese_for_text("Quality management")
    assert [(phrase, chinese[0]) for phrase, chinese in pairs] == [("quality management", "质量管理")]


def test_english_query_skips_stop_words_but_keeps_them_inside_phrases(lexicon: Lexicon) -> None:
    pairs = lexicon.chinese_for_text("Safety of household and similar electrical appliances")
    assert [phrase for phrase, _ in pairs] == ["safety", "household and similar electrical appliances"]
    assert pairs[1][1][0] == "家用和类似用途电器"


# --- end to end on real titles (test excerpts of the bundled catalogues) -----------------------------------


def test_chinese_title_of_gb_t_19001_reaches_every_word_of_iso_9001(lexicon: Lexicon) -> None:
    iso = excerpt_titles("iso_catalog.jsonl", "ISO 9001:2015")["ISO 9001:2015"]
    gb = excerpt_titles("gb_records.jsonl", "GB/T 19001-2008")["GB/T 19001-2008"]
    assert gb["title_zh"] == "质量管理体系 要求"
    assert set(english_key(iso["title_en"]).split()) <= english_words(lexicon.english_for_text(gb["title_zh"]))


def test_chinese_query_reaches_iec_61000_4_2(lexicon: Lexicon) -> None:
    iec = excerpt_titles("iec_catalog.jsonl", "IEC 61000-4-2:2008")["IEC 61000-4-2:2008"]
    title = english_key(iec["title_en"])
    for query in ("电磁兼容", "静电放电抗扰度试验", "试验和测量技术"):
        words = english_words(lexicon.english_for_text(query))
        assert words and words <= set(title.split()) | {"emc", "esd", "tests"}, query


def test_chinese_query_reaches_iec_60335_1(lexicon: Lexicon) -> None:
    iec = excerpt_titles("iec_catalog.jsonl", "IEC 60335-1:2020")["IEC 60335-1:2020"]
    title = f" {english_key(iec['title_en'])} "
    for word, equivalents in lexicon.english_for_text("家用和类似用途电器的安全 第1部分：通用要求"):
        if word not in ("的", "第"):
            assert any(f" {english_key(term)} " in title for term in equivalents), word


def test_english_title_of_iso_9001_reaches_the_chinese_title(lexicon: Lexicon) -> None:
    iso = excerpt_titles("iso_catalog.jsonl", "ISO 9001:2015")["ISO 9001:2015"]
    chinese = [equivalents[0] for _, equivalents in lexicon.chinese_for_text(iso["title_en"])]
    assert chinese == ["质量管理体系", "要求"]


# --- segmentation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("designation", "words"),
    [
        ("GB/T 19001-2008", ["质量管理体系", "要求"]),
        ("GB/T 17626.2-2018", ["电磁兼容", "试验和测量技术", "静电放电", "抗扰度试验"]),
        ("GB/T 22080-2016", ["信息技术", "安全技术", "信息安全管理体系", "要求"]),
        ("GB/T 19000-2016", ["质量管理体系", "基础和术语"]),
        ("GB/T 24001-2004", ["环境管理体系", "要求", "及", "使用指南"]),
        ("GB/T 16886.5-2017", ["医疗器械", "生物学评价", "第", "5", "部分", "体外", "细胞", "毒性", "试验"]),
    ],
)
def test_segment_keeps_domain_terms_whole(lexicon: Lexicon, designation: str, words: list[str]) -> None:
    record = excerpt_titles("gb_records.jsonl", designation)[designation]
    assert lexicon.segment(record["title_zh"]) == words


def test_segment_parts_adds_the_words_inside_terms(lexicon: Lexicon) -> None:
    assert lexicon.segment("质量管理体系 要求", parts=True) == [
        "质量",
        "管理",
        "质量管理",
        "体系",
        "质量管理体系",
        "要求",
    ]


def test_segment_remembers_runs_per_way_of_cutting_them(lexicon: Lexicon) -> None:
    # a run segmented once is read from memory after (indexing segments every Chinese title): asked again in
    # another way it is segmented that way, and a caller changing its list changes nothing for the next one
    first = lexicon.segment("质量管理体系 要求")
    first.append("改")
    assert lexicon.segment("质量管理体系 要求") == ["质量管理体系", "要求"]
    assert lexicon.segment("质量管理体系", parts=True) == ["质量", "管理", "质量管理", "体系", "质量管理体系"]
    assert lexicon.segment("标准化工作指南", split_unknown=False) == ["标准化", "工作指南"]
    assert lexicon.segment("标准化工作指南") == ["标准化", "工作", "指南"]


def test_segment_splits_words_the_lexicon_does_not_know_into_words_it_knows(lexicon: Lexicon) -> None:
    words = lexicon.segment("标准化工作指南")
    assert words == ["标准化", "工作", "指南"]
    assert all(lexicon.english_for(word) for word in words)


def test_segment_keeps_designations_and_latin_runs_whole(lexicon: Lexicon) -> None:
    assert lexicon.segment("GB/T 17626.2—2018《电磁兼容》") == ["GB/T", "17626.2", "2018", "电磁兼容"]
    assert lexicon.segment("ＩＥＣ　６１０００－４－２：２００８") == ["IEC", "61000-4-2", "2008"]
    assert lexicon.segment("新型冠状病毒（SARS-CoV-2）") == ["新型", "冠状病毒", "SARS-CoV-2"]


def test_english_for_text_gives_latin_words_as_themselves(lexicon: Lexicon) -> None:
    assert lexicon.english_for_text("IP代码") == [("IP", ["ip"]), ("代码", lexicon.english_for("代码"))]


# --- robustness --------------------------------------------------------------------------------------------

JUNK = [
    "",
    " ",
    "quality management",
    "😀🚀",
    "电磁😀兼容",
    "\x00\x01\x07\x1b[31m",
    "\ufeff\u200b\u3000",
    "\ud800",
    "ｑｕａｌｉｔｙ",
    "《》、，。！？",
    "電磁兼容",
    "ꙮ𠀀𪚥",
    "ひらがな한국어",
    "1" * 1000,
]


@pytest.mark.parametrize("text", JUNK)
def test_junk_never_crashes(lexicon: Lexicon, text: str) -> None:
    for word in lexicon.segment(text) + lexicon.segment(text, parts=True):
        assert word and word.strip() == word
    assert isinstance(lexicon.english_for(text), list)
    assert isinstance(lexicon.chinese_for(text), list)
    assert isinstance(lexicon.english_for_text(text), list)
    assert isinstance(lexicon.chinese_for_text(text), list)


def test_empty_and_unknown_give_empty_lists(lexicon: Lexicon) -> None:
    assert lexicon.segment("") == []
    assert lexicon.english_for("") == []
    assert lexicon.chinese_for("") == []
    assert lexicon.english_for("不存在的词语组合") == []
    assert lexicon.chinese_for("zzzxqj") == []
    assert lexicon.segment("😀 \x00 。") == []


@pytest.mark.slow
def test_very_long_input_is_handled_quickly(lexicon: Lexicon) -> None:
    text = "电磁兼容试验和测量技术静电放电抗扰度试验" * 5_000  # 100,000 characters without a break
    started = time.perf_counter()
    words = lexicon.segment(text)
    assert words[:2] == ["电磁兼容", "试验和测量技术"] and len(words) == 20_000
    assert time.perf_counter() - started < 30
    assert lexicon.english_for(text) == []
    assert lexicon.chinese_for("test " * 20_000) == []
    assert len(lexicon.chinese_for_text("immunity test " * 5_000)) == 5_000


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_segmented_without_losing_han_characters(text: str) -> None:
    lexicon = Lexicon.bundled()
    words = lexicon.segment(text)
    assert all(words)
    han = "".join(stdbridge.language.lexicon._HAN_RUN.findall(stdbridge.language.lexicon.normalise_chinese(text)))
    assert "".join("".join(stdbridge.language.lexicon._HAN_RUN.findall(word)) for word in words) == han
    lexicon.chinese_for_text(text)


# --- ranking, loading, data --------------------------------------------------------------------------------


def test_domain_sources_rank_before_the_dictionary() -> None:
    lexicon = Lexicon(
        [
            ("G", "抗扰度", ["immunity"]),
            ("I", "函数", ["function"]),
            ("C", "免疫", ["immunity"]),
            ("C", "抗扰度", ["disturbance resistance"]),
            ("C", "功能", ["function", "capability"]),
        ]
    )
    assert lexicon.english_for("抗扰度") == ["immunity", "disturbance resistance"]
    assert lexicon.chinese_for("immunity") == ["抗扰度", "免疫"]
    assert lexicon.chinese_for("functions") == ["函数", "功能"]
    assert len(lexicon) == 4 and "免疫" in lexicon and "免" not in lexicon


def test_bundled_lexicon_loads_fast_and_once() -> None:
    stdbridge.language.lexicon._bundled.cache_clear()
    started = time.perf_counter()
    lexicon = Lexicon.bundled()
    elapsed = time.perf_counter() - started
    assert lexicon is Lexicon.bundled()
    assert len(lexicon) > 90_000
    assert elapsed < 1.0, f"loading took {elapsed:.2f} s"


def test_bundled_file_names_its_sources_and_licence() -> None:
    data = (ROOT / "src" / "stdbridge" / "data" / "lexicon.tsv.gz").read_bytes()
    assert len(data) < 3_000_000
    header = [line for line in gzip.decompress(data).decode("utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    assert "CC-CEDICT 2023-11-07" in text and "CC BY-SA 4.0" in text and "do not edit by hand" in text
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert "2023-11-07" in notice and "CC BY-SA 4.0" in notice and "--without-termbases" in notice


def test_jieba_cache_goes_to_the_cache_dir_and_nothing_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STDBRIDGE_CACHE_DIR", str(tmp_path / "cache"))
    lexicon = Lexicon([("G", "电磁兼容", ["electromagnetic compatibility"])])
    assert lexicon.segment("电磁兼容试验") == ["电磁兼容", "试", "验"]
    assert [path.name for path in (tmp_path / "cache").iterdir()] == ["jieba.cache"]
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_build_script_examples() -> None:  # the package's own examples run in test_doctests.py
    result = doctest.testmod(build_script())
    assert result.attempted > 1 and result.failed == 0


# --- the build script's gloss cleaning --------------------------------------------------------------------


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_lexicon", ROOT / "scripts" / "build_lexicon.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("definition", "glosses"),
    [
        ("to request/to require/requirement/CL:點|点[dian3]", ["request", "require", "requirement"]),
        ("variant of 詞彙|词汇[ci2 hui4]", []),
        ("see 標準|标准[biao1 zhun3]", []),
        ("(literary) but; however/(physics) mass", ["mass"]),
        ("safe; secure/safety; security", ["safe", "secure", "safety", "security"]),
        ("(electrical) appliance/device", ["appliance", "device"]),
        ("a proverb meaning that one who works hard will surely be rewarded in the end", []),
        ("surname Wang/king", ["king"]),
    ],
)
def test_cedict_glosses_are_cleaned(definition: str, glosses: list[str]) -> None:
    assert build_script().cedict_glosses(definition) == glosses


# --- how much of Chinese titles the lexicon carries over to their English titles ---------------------------------
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


class Coverage(NamedTuple):
    """How much of Chinese titles the lexicon carries over to their English titles (see ``title_coverage``)."""

    words: int
    words_found: int
    characters: int
    characters_found: int

    @property
    def word_share(self) -> float:
        """The share of Chinese words that have an equivalent in the English title."""
        return self.words_found / self.words if self.words else 0.0

    @property
    def character_share(self) -> float:
        """The same share counted in Han characters, which does not depend on how words are cut."""
        return self.characters_found / self.characters if self.characters else 0.0


def title_coverage(lexicon: Lexicon, titles: Iterable[tuple[str, str]]) -> Coverage:
    """How many words of Chinese titles have an English equivalent found in the English title.

    ``titles`` are (Chinese title, English title) pairs of the same standards. Only words with Han
    characters count; an equivalent is found when its words (``english_key``) occur in a row in the
    English title.
    """
    words = words_found = characters = characters_found = 0
    for title_zh, title_en in titles:
        english = f" {english_key(title_en)} "
        for word in lexicon.segment(title_zh):
            size = sum(len(run) for run in HAN_RUN.findall(word))
            if not size:
                continue
            words += 1
            characters += size
            if any(f" {english_key(term)} " in english for term in lexicon.english_for(word)):
                words_found += 1
                characters_found += size
    return Coverage(words, words_found, characters, characters_found)


def test_title_coverage_of_the_gb_sample_stays_above_its_floor(lexicon: Lexicon) -> None:
    with gzip.open(GB_SAMPLE, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    titles = [(r["title_zh"], r["title_en"]) for r in records if r.get("title_zh") and r.get("title_en")]
    assert len(titles) >= 70
    coverage = title_coverage(lexicon, titles)
    assert coverage.word_share >= COVERAGE_WORD_FLOOR, coverage
    assert coverage.character_share >= COVERAGE_CHARACTER_FLOOR, coverage


def test_english_lookups_by_scanning_give_what_the_reverse_index_gives() -> None:
    """A command line run looks a few English words up by scanning the rows; a long run builds the reverse index.
    Both must give the same Chinese in the same order, plurals, hyphens and -ing forms included."""
    indexed = Lexicon.bundled()
    keys = sorted(indexed._reverse_index())
    words = [*keys[::1500], "Batteries", "x-ray", "test methods", "testing", "measured", "household appliances"]
    words += ["quality management systems", "electromagnetic compatibility", "ies", "no such wordz"]
    text = unpacked_text((files("stdbridge.data") / "lexicon.tsv.gz").read_bytes())
    for start in range(0, len(words), 40):  # a fresh lexicon scans its first lookups of words of 3 letters or more
        scanning = Lexicon.from_tsv(text)
        chunk = [word for word in words[start : start + 40] if max(map(len, english_key(word).split())) >= 3]
        for word in chunk:
            assert scanning.chinese_for(word) == indexed.chinese_for(word), word
        assert scanning._reverse is None
        for word in words[start : start + 40]:  # shorter ones build the reverse index
            assert scanning.chinese_for(word) == indexed.chinese_for(word), word


# --- abbreviations (source A) -------------------------------------------------------------------------------


def test_abbreviations_expand_in_english_and_translate_to_chinese(lexicon: Lexicon) -> None:
    assert lexicon.expansions("LPG") == ["liquefied petroleum gas"]
    assert lexicon.expansions("lpg") == lexicon.expansions("Lpg") == ["liquefied petroleum gas"]
    assert lexicon.expansions("IoT") == ["internet of things"]
    assert lexicon.expansions("EV") == ["electric vehicle"]
    assert lexicon.expansions("ev") == lexicon.expansions("it") == []  # two letters: as written only
    assert lexicon.expansions("safety") == []
    assert lexicon.chinese_for("EV")[0] == "电动汽车"
    assert lexicon.chinese_for("LPG")[0] == "液化石油气"
    assert lexicon.english_for("液化石油气")[0] == "liquefied petroleum gas"
    assert lexicon.english_for("UPS")[0] == "uninterruptible power system"
    assert "液化石油气" in lexicon.segment("液化石油气钢瓶")  # the Chinese expansion is kept whole


def test_a_bad_abbreviation_line_is_refused_with_file_and_line(tmp_path: Path) -> None:
    table = tmp_path / "abbreviations.tsv"
    table.write_text("# comment\nEV\telectric vehicle\t电动汽车\nev\telectric vehicle\t电动车\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"abbreviations.tsv:3: 'ev' is no abbreviation"):
        build_script().read_abbreviations(table)
    table.write_text("EV\telectric vehicle\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"abbreviations.tsv:1: expected abbreviation<TAB>english<TAB>chinese"):
        build_script().read_abbreviations(table)
    table.write_text("EV\telectric vehicle\t电动汽车\nEVS\telectric vehicles\t电动汽车\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"abbreviations.tsv:2: 电动汽车 given twice"):
        build_script().read_abbreviations(table)


def test_the_abbreviation_table_reads_as_rows_of_source_a() -> None:
    rows = build_script().read_abbreviations(ROOT / "scripts" / "lexicon_abbreviations.tsv")
    assert rows["EMC"] == rows["电磁兼容"] == ["electromagnetic compatibility", "emc"]
    assert len(rows) >= 90


def test_unknown_words_can_be_kept_whole_for_alignment(lexicon: Lexicon) -> None:
    # 储运 is in jieba's dictionary, not in the lexicon: split for translation, whole for learning it
    assert "储运" not in lexicon
    assert "储运" not in lexicon.segment("包装储运图示标志")
    assert "储运" in lexicon.segment("包装储运图示标志", split_unknown=False)
