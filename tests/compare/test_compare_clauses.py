"""Cutting texts into clauses as ISO/IEC Directives Part 2 and GB/T 1.1 number them."""

from __future__ import annotations

from stdbridge.compare.clauses import ClauseSplit, split_clauses
from stdbridge.compare.documents import Line, document_from_text


def split(text: str) -> ClauseSplit:
    return split_clauses(document_from_text(text))


def keys(text: str) -> list[tuple[str, str]]:
    return [(c.key, c.title) for c in split(text).clauses]


def test_clauses_subclauses_and_untitled_subclauses() -> None:
    text = "\n".join(
        [
            "1 Scope",
            "This document applies to kettles.",
            "4 Requirements",
            "4.1 General",
            "4.1.1 The kettle shall be stable when placed on a surface inclined at 10° to the horizontal.",
            "It shall not tip over.",
            "4.1.2 Handles shall be fixed.",
        ]
    )
    clauses = split(text).clauses
    assert [(c.key, c.title, c.text) for c in clauses] == [
        ("1", "Scope", "This document applies to kettles."),
        ("4", "Requirements", ""),
        ("4.1", "General", ""),
        (
            "4.1.1",
            "",
            "The kettle shall be stable when placed on a surface inclined at 10° to the horizontal.\n"
            "It shall not tip over.",
        ),
        ("4.1.2", "", "Handles shall be fixed."),
    ]
    assert [c.part for c in clauses] == ["body"] * 5
    assert clauses[2].parent_key == "4" and clauses[2].depth == 2


def test_lines_that_start_with_a_number_are_not_headings() -> None:
    text = "\n".join(
        [
            "1 Scope",
            "The voltage applied is",
            "10 V shall be applied for",  # a wrapped line starting with a value
            "2 mm thick plates are used.",
            "20 30 40",  # a table row
            "3 samples are tested.",  # lower case after the number? no: "samples" -> not a title either
            "2 Normative references",
            "99 Bottles",  # 99 cannot follow 2
        ]
    )
    assert keys(text) == [("1", "Scope"), ("2", "Normative references")]
    assert split(text).clauses[0].text.split("\n")[-1] == "3 samples are tested."


def test_terms_are_a_number_alone_then_the_term() -> None:
    text = (
        "3 Terms and definitions\n3.1\nrated voltage\nvoltage assigned by the manufacturer\n3.2\nleakage current\n..."
    )
    assert keys(text) == [("3", "Terms and definitions"), ("3.1", "rated voltage"), ("3.2", "leakage current")]
    assert split(text).clauses[1].text == "voltage assigned by the manufacturer"


def test_front_and_back_matter() -> None:
    text = "\n".join(
        [
            "ISO 1234:2020(E)",
            "Contents",
            "Foreword ............ iv",
            "1 Scope ............. 1",
            "Annex A (normative) Tests ...... 9",
            "Foreword",
            "ISO is a federation.",
            "Introduction",
            "Why this document exists.",
            "1 Scope",
            "Text.",
            "Annex A",
            "(normative)",
            "Tests",
            "A.1 General",
            "Annex text.",
            "Bibliography",
            "[1] ISO 9000",
        ]
    )
    result = split(text)
    assert [(c.key, c.part, c.title) for c in result.clauses] == [
        ("front", "front", ""),
        ("contents", "front", "Contents"),
        ("foreword", "front", "Foreword"),
        ("introduction", "front", "Introduction"),
        ("1", "body", "Scope"),
        ("A", "annex", "Tests"),
        ("A.1", "annex", "General"),
        ("bibliography", "back", "Bibliography"),
    ]
    assert result.clauses[5].annex_status == "normative"
    assert result.clauses[5].heading == "Annex A (normative) Tests"
    assert [(n.code, n.message) for n in result.notices] == [
        ("contents-dropped", "3 table-of-contents lines were left out")
    ]


def test_annex_forms() -> None:
    one_line = "1 Scope\nx\nAnnex A (informative) Examples\nText.\nAnnex B (normative) Tests\nA.1 Wrong letter"
    assert keys(one_line) == [("1", "Scope"), ("A", "Examples"), ("B", "Tests")]
    sentence = "1 Scope\nAnnex B gives examples of marking.\nAnnex A (informative) shows more."
    assert keys(sentence) == [("1", "Scope")]  # no status, or a title in lower case: sentences


def test_chinese_structure_with_full_width_forms() -> None:
    text = "\n".join(
        [
            "前　　言",
            "本文件按照GB/T 1.1—2020的规定起草。",
            "１　范围",
            "本文件规定了要求。",
            "２　规范性引用文件",
            "２．１　总则",  # full-width digits and dot
            "附录A（规范性附录）",  # the form of GB/T 1.1-2009
            "试验方法",
            "A.1　总则",
            "参　考　文　献",
        ]
    )
    result = split(text)
    assert [(c.key, c.title) for c in result.clauses] == [
        ("foreword", "前 言"),  # white space is collapsed, ideographic spaces too
        ("1", "范围"),
        ("2", "规范性引用文件"),
        ("2.1", "总则"),
        ("A", "试验方法"),
        ("A.1", "总则"),
        ("bibliography", "参 考 文 献"),
    ]
    assert result.find("A") is not None and result.find("A").annex_status == "normative"  # type: ignore[union-attr]


def test_titles_keep_their_full_width_punctuation() -> None:
    text = "1　范围\n本文件，适用于器具。\n2　外壳防护等级（IP代码）\nx"
    clauses = split(text).clauses
    assert clauses[0].text == "本文件，适用于器具。"
    assert clauses[1].title == "外壳防护等级（IP代码）"


def test_text_that_starts_after_clause_1() -> None:
    result = split("4 Requirements\n4.1 General\nText.\n5 Marking\nMore.")
    assert [c.key for c in result.clauses] == ["4", "4.1", "5"]
    assert [n.code for n in result.notices] == ["no-clause-1"]


def test_text_without_any_clause() -> None:
    result = split("Dear reader,\nthis letter has no clauses.")
    assert [(c.key, c.part) for c in result.clauses] == [("front", "front")]
    assert not result.numbered
    assert [(n.code, n.message) for n in result.notices] == [
        ("no-clauses", "no clause numbering was found: the text is compared as one block")
    ]


def test_a_repeated_heading_gets_a_key_of_its_own() -> None:
    result = split("Foreword\nA.\n1 Scope\nB.\nBibliography\n[1]\nBibliography\n[2]")
    assert [c.key for c in result.clauses] == ["foreword", "1", "bibliography", "bibliography#2"]


def test_word_headings_numbered_automatically() -> None:
    from stdbridge.compare.documents import DocumentText

    lines = (
        Line("Foreword", heading_level=1),
        Line("Text."),
        Line("Scope", heading_level=1),
        Line("Text."),
        Line("Terms and definitions", heading_level=1),
        Line("", heading_level=2),
        Line("rated voltage"),
        Line("voltage assigned"),
        Line("Requirements", heading_level=1),
        Line("General", heading_level=2),
        Line("Details", heading_level=3),
        Line("Marking", heading_level=2),
        Line("(normative)", heading_level=1, annex_heading=True),
        Line("Routine tests"),
        Line("General", heading_level=2),
        Line("Annex B", heading_level=1, annex_heading=True),
        Line("(informative)"),
        Line("Examples"),
    )
    result = split_clauses(DocumentText("test.docx", "docx", lines))
    assert [(c.key, c.title, c.annex_status) for c in result.clauses] == [
        ("foreword", "Foreword", None),
        ("1", "Scope", None),
        ("2", "Terms and definitions", None),
        ("2.1", "rated voltage", None),
        ("3", "Requirements", None),
        ("3.1", "General", None),
        ("3.1.1", "Details", None),
        ("3.2", "Marking", None),
        ("A", "Routine tests", "normative"),
        ("A.1", "General", None),
        ("B", "Examples", "informative"),
    ]


def test_headings_and_short_names_are_in_the_current_language() -> None:
    from stdbridge.i18n import set_language

    clauses = split("Title page\nForeword\nz\n1 Scope\nx\nAnnex A\n(normative)\nTests\nA.1 General\ny").clauses
    front, _, scope, annex, _ = clauses
    assert [c.heading for c in clauses] == [
        "Title page and front matter", "Foreword", "1 Scope", "Annex A (normative) Tests", "A.1 General",
    ]  # fmt: skip
    assert [c.short_name for c in clauses[1:]] == ["Foreword", "1", "Annex A", "A.1"]
    set_language("zh")
    assert (annex.heading, annex.short_name, scope.heading) == ("附录A (规范性) Tests", "附录A", "1 Scope")
    assert front.heading == "封面和前置内容"
