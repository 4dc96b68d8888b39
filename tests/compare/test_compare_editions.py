"""Whole comparisons of the constructed texts: two editions, a Chinese adoption, a text with itself, and the same
text as plain text, DOCX and PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from compare_fixtures import EDITION1, EDITION2, EDITION2_ZH, docx_from_text, paged, pdf_bytes, wrap

from stdbridge.compare import TextComparison, compare_plain_texts, compare_texts


def statuses(comparison: TextComparison) -> list[tuple[str, str | None, str | None]]:
    return [(p.status, p.a.key if p.a else None, p.b.key if p.b else None) for p in comparison.pairs]


def requirement_changes(comparison: TextComparison) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (
            (pair.b or pair.a).key,  # type: ignore[union-attr]
            change.change,
            change.before.text if change.before else None,
            change.after.text if change.after else None,
        )
        for pair, change in comparison.requirement_changes()
    ]


@pytest.fixture
def edition2_pdf(tmp_path: Path) -> Path:
    """The second edition as a PDF of several pages, with one word hyphenated across two lines."""
    lines = wrap(EDITION2.read_text(encoding="utf-8"))
    at = next(i for i, line in enumerate(lines) if "surroundings" in line)
    head, tail = lines[at].split("surroundings", 1)
    lines[at : at + 1] = [head + "surround-", "ings" + tail]
    path = tmp_path / "edition2.pdf"
    path.write_bytes(pdf_bytes(paged(lines)))
    return path


@pytest.fixture(scope="module")
def editions() -> TextComparison:
    return compare_texts(EDITION1, EDITION2, label_a="ISO 99999:2015", label_b="ISO 99999:2020")


def test_two_editions_clause_by_clause(editions: TextComparison) -> None:
    assert statuses(editions) == [
        ("changed", "front", "front"),  # the running title names the edition
        ("matched", "contents", "contents"),
        ("changed", "foreword", "foreword"),
        ("matched", "introduction", "introduction"),
        ("matched", "1", "1"),
        ("changed", "2", "2"),
        ("matched", "3", "3"),
        ("matched", "3.1", "3.1"),
        ("matched", "3.2", "3.2"),
        ("matched", "4", "4"),
        ("matched", "4.1", "4.1"),
        ("changed", "4.2", "4.2"),
        ("changed", "4.3", "4.3"),
        ("matched", "4.4", "4.4"),
        ("changed", "5", "5"),
        ("missing", "6", None),  # the moisture test was deleted ...
        ("matched", "7", "6"),  # ... so the heat test moved up, and is found by its content
        ("matched", "A", "A"),
        ("matched", "A.1", "A.1"),
        ("matched", "A.2", "A.2"),
        ("added", None, "B"),
        ("matched", "bibliography", "bibliography"),
    ]
    counts = editions.counts()
    assert {k: counts[k] for k in ("matched", "changed", "added", "missing", "aligned", "renumbered")} == {
        "matched": 14,
        "changed": 6,
        "added": 1,
        "missing": 1,
        "aligned": 0,
        "renumbered": 1,
    }
    assert not editions.identical
    assert not editions.cross_language


def test_renumbered_clause_is_paired_by_content(editions: TextComparison) -> None:
    heat = next(p for p in editions.pairs if p.b is not None and p.b.key == "6")
    assert heat.a is not None and heat.a.title == "Test for resistance to heat"
    assert heat.basis == "content"
    assert heat.renumbered
    assert heat.similarity == 1.0


def test_changed_limit_and_word_diff(editions: TextComparison) -> None:
    supply = next(p for p in editions.pairs if p.b is not None and p.b.key == "4.2")
    assert [(s.op, s.a, s.b) for s in supply.diff if s.op != "equal"] == [("replaced", "10 ", "6 ")]
    assert (supply.words_removed, supply.words_added) == (1, 1)
    assert supply.similarity == pytest.approx(0.9583, abs=1e-4)
    assert supply.basis == "number"


def test_numeric_requirement_changes(editions: TextComparison) -> None:
    assert requirement_changes(editions) == [
        ("4.2", "tightened", "230 V ± 10 %", "230 V ± 6 %"),
        ("4.3", "unit-changed", "0,75 mA", "750 µA"),  # the same 0.75 mA, written in µA
        ("5", "added", None, "15 s"),
        ("6", "removed", "10 min", None),
        ("6", "removed", "10 l/min", None),
        ("B", "added", None, "230 V"),
        ("B", "added", None, "2 000 W"),
    ]
    tightened = editions.requirement_changes()[0][1]
    assert tightened.before is not None and tightened.after is not None
    assert (str(tightened.before.low), str(tightened.before.high)) == ("207", "253")
    assert (str(tightened.after.low), str(tightened.after.high)) == ("216.2", "243.8")


def test_normative_references(editions: TextComparison) -> None:
    rows = [(r.status, r.a.identifier if r.a else None, r.b.identifier if r.b else None) for r in editions.references]
    assert rows == [
        ("edition-changed", "IEC 60335-1:2010", "IEC 60335-1:2020"),
        ("dating-changed", "IEC 60529", "IEC 60529:1989"),
        ("same", "ISO 7000:2014", "ISO 7000:2014"),
        ("only-in-b", None, "ISO 3864-1:2011"),
        ("same", None, None),  # a document without an identifier, compared as text
        ("only-in-a", "IEC 60068-2-1:2007", None),
    ]
    assert editions.references[4].b is not None
    assert editions.references[4].b.text == "Example Water Board, Guidelines for installers of water heaters"


def test_a_text_compared_with_itself() -> None:
    comparison = compare_texts(EDITION1, EDITION1)
    assert comparison.identical
    assert {p.status for p in comparison.pairs} == {"matched"}
    assert len(comparison.pairs) == 21
    assert comparison.requirement_changes() == []
    assert {r.status for r in comparison.references} == {"same"}
    assert [n.code for n in comparison.notices] == ["same-file", "identical"]


def test_two_copies_of_a_text_are_identical_without_the_same_file_notice(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(EDITION2.read_bytes())
    comparison = compare_texts(EDITION2, copy)
    assert [n.code for n in comparison.notices] == ["identical"]
    assert comparison.a.label == "edition2_en.txt" and comparison.b.label == "copy.txt"


def test_chinese_adoption_against_the_english_text() -> None:
    comparison = compare_texts(EDITION2, EDITION2_ZH)
    assert comparison.cross_language
    assert (comparison.a.language, comparison.b.language) == ("en", "zh")
    # The structure aligns clause for clause; the words are not compared, and no similarity is made up.
    assert [(a, b) for _status, a, b in statuses(comparison)] == [
        (key, key)
        for key in (
            "front contents foreword introduction 1 2 3 3.1 3.2 4 4.1 4.2 4.3 4.4 5 6 A A.1 A.2 B bibliography".split()
        )
    ]
    assert all(p.similarity is None for p in comparison.pairs)
    changed = [p.b.key for p in comparison.pairs if p.status == "changed" and p.b]
    assert changed == ["4.4"]  # the national deviation: 60 °C became 55 ℃
    assert comparison.counts()["aligned"] == 20
    assert requirement_changes(comparison) == [
        ("4.3", "unit-changed", "750 µA", "0.75 mA"),  # same value, decimal point in the Chinese text
        ("4.4", "tightened", "60 °C", "55 ℃"),
    ]
    assert [n.code for n in comparison.notices] == ["cross-language"]


def test_chinese_references_meet_the_international_ones_through_their_counterparts() -> None:
    comparison = compare_texts(EDITION2, EDITION2_ZH)
    rows = [
        (r.status, r.a.identifier if r.a else None, r.b.identifier if r.b else None, r.via)
        for r in comparison.references
    ]
    assert rows == [
        ("edition-changed", "IEC 60335-1:2020", "GB 4706.1-2005", "IEC 60335-1:2004, IDT"),
        ("edition-changed", "IEC 60529:1989", "GB/T 4208-2017", "IEC 60529:2013, IDT"),
        ("same", "ISO 7000:2014", "ISO 7000:2014", None),
        ("same", "ISO 3864-1:2011", "GB/T 2893.1", "ISO 3864-1:2011, MOD"),
        ("only-in-b", None, None, None),
        ("only-in-a", None, None, None),
    ]


def test_gb18030_text_reads_as_the_utf8_one(tmp_path: Path) -> None:
    legacy = tmp_path / "edition2_zh.gb18030.txt"
    legacy.write_bytes(EDITION2_ZH.read_text(encoding="utf-8").encode("gb18030"))
    comparison = compare_texts(EDITION2_ZH, legacy)
    assert comparison.b.encoding == "gb18030"
    assert comparison.identical


@pytest.mark.parametrize("automatic_numbers", [False, True], ids=["typed-numbers", "word-numbering"])
def test_docx_of_a_text_is_identical_to_the_text(tmp_path: Path, automatic_numbers: bool) -> None:
    text = EDITION2.read_text(encoding="utf-8")
    document = docx_from_text(text, tmp_path / "edition2.docx", automatic_numbers=automatic_numbers)
    comparison = compare_texts(EDITION2, document)
    assert comparison.b.format == "docx"
    assert statuses(comparison) == statuses(compare_texts(EDITION2, EDITION2))
    assert comparison.identical


def test_pdf_of_a_text_is_identical_to_the_text(edition2_pdf: Path) -> None:
    comparison = compare_texts(EDITION2, edition2_pdf)
    assert (comparison.b.format, comparison.b.pages) == ("pdf", 3)
    assert comparison.identical
    notices = {n.code: n.message for n in comparison.b.notices}
    assert notices["running-lines-dropped"] == "6 running header and footer lines repeated on most pages were dropped"
    assert notices["hyphenation-joined"] == "1 word hyphenated at a line end was joined"


def test_pdf_of_the_second_edition_against_the_first(edition2_pdf: Path) -> None:
    from_pdf = compare_texts(EDITION1, edition2_pdf)
    from_text = compare_texts(EDITION1, EDITION2)
    assert statuses(from_pdf) == statuses(from_text)
    assert requirement_changes(from_pdf) == requirement_changes(from_text)


def test_text_without_clauses_is_compared_as_one_block() -> None:
    prose = "This is a letter about water heaters.\nIt has no clauses at all, only 230 V."
    comparison = compare_plain_texts(prose, EDITION1.read_text(encoding="utf-8"), label_a="letter", label_b="ed1")
    assert [n.code for n in comparison.a.notices] == ["no-clauses"]
    assert not comparison.a.numbered
    assert statuses(comparison)[0] == ("changed", "front", "front")
    assert comparison.counts()["added"] == 20
    assert [n.code for n in comparison.notices] == ["no-references-clause"]
    assert (
        comparison.notices[0].message
        == "letter has no normative references clause: its references could not be compared"
    )


def test_two_chinese_texts_are_compared_word_by_word() -> None:
    original = EDITION2_ZH.read_text(encoding="utf-8")
    revised = original.replace("易触及表面的温度应不超过55 ℃。", "易触及表面的温度应不超过50 ℃。")
    comparison = compare_plain_texts(original, revised, label_a="2021", label_b="draft")
    assert not comparison.cross_language and comparison.a.language == "zh"
    changed = [p for p in comparison.pairs if p.status != "matched"]
    assert [p.b.key for p in changed if p.b] == ["4.4"]
    assert [(s.op, s.a, s.b) for s in changed[0].diff if s.op != "equal"] == [("replaced", "55 ", "50 ")]
    assert requirement_changes(comparison) == [("4.4", "tightened", "55 ℃", "50 ℃")]
