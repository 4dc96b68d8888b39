"""Wording in both languages: Chinese messages written with Chinese punctuation and without stray spaces, English
counts in the plural they need, and a Chinese title, with its source, for every ICS code."""

from __future__ import annotations

import csv
import gzip
import re
from importlib.resources import files
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from tests.chinese_typography import typography_problems

from stdbridge.cli import cli
from stdbridge.i18n import _, labelled, listed, ngettext, pgettext, sentences, set_language, spaced
from stdbridge.language.ics_titles import SOURCES, chinese_ics_title, chinese_ics_titles

PO = Path(__file__).parent.parent / "src" / "stdbridge" / "locale" / "zh_CN" / "LC_MESSAGES" / "stdbridge.po"


def chinese_messages() -> list[tuple[str, str]]:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_CN")
    found = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        found += [(english, form) for form in forms]
    return found


def test_the_check_finds_what_a_reader_sees_as_wrong() -> None:
    assert typography_problems("2 条记录匹配.")
    assert typography_problems("读作 SAC（国家标准化管理委员会） 的 GB 系列")
    assert typography_problems("标准号: GB/T 19001-2016")
    assert typography_problems("采用 (IDT)")
    assert typography_problems("您是否要找： ISO 9001")
    assert typography_problems("两处各计一次。 830 条记录")
    assert typography_problems("旧版 Word(.doc)或其他文件")
    # ASCII where it belongs: identifiers, numbers, addresses, options, placeholders, file names
    assert not typography_problems("98 条记录匹配；同一标准的各版本合并显示。")
    assert not typography_problems("中国的 818 项标准：ISO 9001:2015、GB/T 19001-2016（IDT）")
    assert not typography_problems("工作簿不能输出到终端：请给出 --output 文件.xlsx")
    assert not typography_problems("见 https://www.iso.org/standard/62085.html?browse=tc。")
    assert not typography_problems("相隔 {years} 年；{count} 条记录（{share}）")


def test_no_chinese_message_has_ascii_punctuation_or_stray_spaces() -> None:
    messages = chinese_messages()
    assert len(messages) > 600
    problems = [f"{english!r}: {problem}" for english, chinese in messages for problem in typography_problems(chinese)]
    assert problems == []


COUNTED = re.compile(
    r"\{(?:count|total|years|records|standards|rows|values|n)(?::[^}]*)?\} (?:[a-z-]+ )?(?:records|standards|years|"
    r"editions|lines|clauses|rows|values|characters|pages|relations|words|candidates|references|differences)\b"
)
# Counts that are never one: a list longer than the most allowed, a PDF longer than the pages read.
MORE_THAN_ONE = (
    "list {name} has {count} lines; compare at most {most} at a time",
    "the PDF has {count} pages; at most {limit} are read",
    "the {lang} title has {count:,} characters; at most {limit:,} are accepted",
)


def test_every_message_with_a_count_in_english_has_a_plural_form() -> None:
    """A message that counts ("{count} records") is an ngettext message, so one is "1 record", not "1 records"."""
    with PO.open("rb") as handle:
        catalog = list(read_po(handle, locale="zh_CN"))
    singular_only = [m.id for m in catalog if isinstance(m.id, str) and m.id and COUNTED.search(m.id)]
    plural = [m.id[1] for m in catalog if isinstance(m.id, tuple)]
    assert [english for english in singular_only if english not in MORE_THAN_ONE] == []
    assert len(plural) > 30 and all(COUNTED.search(english) or "{" in english for english in plural)


def test_counts_read_as_english_writes_them() -> None:
    set_language("en")
    assert ngettext("{count} record matches", "{count} records match", 1).format(count=1) == "1 record matches"
    assert ngettext("{count} record matches", "{count} records match", 2).format(count=2) == "2 records match"
    assert ngettext("{years} year apart", "{years} years apart", 1).format(years=1) == "1 year apart"
    set_language("zh")
    assert ngettext("{count} record matches", "{count} records match", 1).format(count=1) == "1 条记录匹配"
    assert ngettext("{years} year apart", "{years} years apart", 3).format(years=3) == "相隔 3 年"


def test_pieces_of_text_are_joined_as_each_language_writes_them() -> None:
    set_language("en")
    assert listed(["ISO", "IEC"]) == "ISO, IEC"
    assert labelled("Status", "in force") == "Status: in force"
    assert sentences("One.", "Two.") == "One. Two."
    assert spaced(_("Did you mean:")) == "Did you mean: "
    set_language("zh")
    assert listed(["ISO", "IEC"]) == "ISO、IEC"
    assert labelled("状态", "现行") == "状态：现行"
    assert sentences("两处各计一次。", "3 条记录没有 ICS 代码。") == "两处各计一次。3 条记录没有 ICS 代码。"
    assert spaced(_("Did you mean:")) == "您是否要找："
    assert pgettext("between the items of a list", ", ") == "、"


@pytest.fixture(scope="module")
def ics_codes() -> dict[str, str]:
    """Every ICS code of the bundled classification, with its English title."""
    with gzip.open(str(files("stdbridge.data") / "ics.csv.gz"), "rt", encoding="utf-8") as handle:
        return {row["identifier"]: row["titleEn"] for row in csv.DictReader(handle)}


def test_every_ics_code_has_a_chinese_title_and_says_where_it_comes_from(ics_codes: dict[str, str]) -> None:
    titles = chinese_ics_titles()
    assert len(ics_codes) == 1381 and set(titles) == set(ics_codes)
    for code, found in titles.items():
        assert found.source in SOURCES, code
        assert found.title and not found.title.isascii() and typography_problems(found.title) == [], code
        official = len(code) == 2
        assert found.source.startswith("chinese-edition") == official, code
    assert chinese_ics_title("01") == ("综合、术语学、标准化、文献", "chinese-edition")
    assert chinese_ics_title("35.240.60") == ("信息技术在运输中的应用", "stdbridge")


def test_the_chinese_ics_titles_follow_the_patterns_of_the_chinese_edition(ics_codes: dict[str, str]) -> None:
    """An "… in general" group is "…综合", a ".99" sub-group "其他…" or "有关…的其他标准", 01.040.xx the field name with
    "（词汇）", as the Chinese edition writes them."""
    titles = {code: found.title for code, found in chinese_ics_titles().items()}
    for code, english in ics_codes.items():
        if english.endswith(" in general") and not english.startswith(("General", "Other")):
            assert titles[code].endswith("综合"), (code, titles[code])
        if code.endswith(".99") and english.startswith("Other"):
            assert titles[code].startswith(("其他", "有关")) or "其他" in titles[code], (code, titles[code])
        if code.startswith("01.040."):
            assert titles[code] == titles[code[-2:]] + "（词汇）", code
    assert len({titles[c] for c in ics_codes if len(c) == 2}) == 40  # no two fields alike


def test_chinese_pages_name_ics_codes_in_chinese_and_say_where_the_names_come_from() -> None:
    from stdbridge.web.names import ics_title, ics_title_source, ics_titles_note

    set_language("zh")
    assert ics_title("13.220.20", {"en": "Fire protection"}) == "消防"
    assert "stdbridge" in ics_title_source("13.220.20") and "国际标准分类法" in ics_title_source("13")
    assert "非官方" in ics_titles_note()
    set_language("en")
    assert ics_title("13.220.20", {"en": "Fire protection"}) == "Fire protection"
    assert ics_title_source("13.220.20") == "" and ics_titles_note() == ""


COMMANDS = [
    ("search", "质量管理体系", "--limit", "3"),
    ("search", "iso9001", "--body", "GB"),
    ("search", "quality", "--country", "GB"),
    ("show", "GB/T 19001-2008"),
    ("show", "ISO 90011"),
    ("family", "ISO 9001:2015"),
    ("counterparts", "ISO 9001:2015"),
    ("compare", "IEC 60335-1:2010", "IEC 60335-1:2020"),
    ("stats",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command))
def test_the_command_line_writes_chinese_as_chinese(db: str, command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, ["--db", db, "--lang", "zh", "--no-progress", *command])
    # a table's cells are apart by its rules or by two spaces or more
    cells = [" ".join(cell.split()) for line in result.output.splitlines() for cell in re.split(r"[│┃]| {2,}", line)]
    assert any(re.search("[\u4e00-\u9fff]", cell) for cell in cells), result.output
    assert [problem for cell in cells for problem in typography_problems(cell)] == []


def test_an_error_on_the_command_line_says_so_in_chinese(db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, "--lang", "zh", "show", "ISO 90011"])
    assert result.exit_code == 1 and result.output.startswith("错误：没有与“ISO 90011”匹配的标准")
    english = CliRunner().invoke(cli, ["--db", db, "--lang", "en", "show", "ISO 90011"])
    assert english.output.startswith("Error: no standard matches 'ISO 90011'")
