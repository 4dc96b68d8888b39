"""Sentence segmentation of standards' text: each case below is a rule of ``segmentation``, on real sentences (the
bundled catalogue's titles, ISO/TC 211 definitions, clauses of ISO 14001 and GB 4706.1); each fails when its rule
is taken out."""

from __future__ import annotations

import pytest

from stdbridge.translation import segmentation
from stdbridge.translation.model import TAG, tags_of
from stdbridge.translation.segmentation import is_formula, join_sentences, note_label, split_sentences


def test_chinese_sentences_end_at_full_width_stops_and_semicolons() -> None:
    text = "本文件规定了环境管理体系的要求。本文件适用于任何组织；不规定具体的环境绩效准则！是否适用？"
    assert split_sentences(text) == [
        "本文件规定了环境管理体系的要求。",
        "本文件适用于任何组织；",
        "不规定具体的环境绩效准则！",
        "是否适用？",
    ]


def test_a_closing_quote_or_bracket_stays_with_its_sentence() -> None:
    text = "本部分等同采用IEC 60335-1:2016（见附录A。）以下称“通用要求。”其余条款适用。"
    assert split_sentences(text) == [
        "本部分等同采用IEC 60335-1:2016（见附录A。）",
        "以下称“通用要求。”",
        "其余条款适用。",
    ]


def test_english_sentences_end_at_a_stop_followed_by_a_space_and_a_capital() -> None:
    text = (
        "This document specifies requirements for an environmental management system. It is applicable to any "
        "organization! Does it apply? yes, in part."
    )
    assert split_sentences(text) == [
        "This document specifies requirements for an environmental management system.",
        "It is applicable to any organization!",
        "Does it apply? yes, in part.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tests are described in Fig. A.1 of the standard.",
        "Use a reference standard, e.g. ISO 9001:2015 for quality management.",
        "The requirement applies to the body, i.e. The organization that operates it.",
        "See No. 5 in Table B.2 for the values.",
        "Smith et al. Reported the first method of evaluating the quality of a dataset.",
    ],
)
def test_an_abbreviation_does_not_end_a_sentence(text: str) -> None:
    assert split_sentences(text) == [text]


def test_abbreviations_are_the_rule_that_keeps_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segmentation, "ABBREVIATIONS", frozenset())
    assert len(split_sentences("Tests are described in Fig. A.1 of the standard.")) == 2


@pytest.mark.parametrize(
    "text",
    ["5.2. General requirements for the management system", "1. Scope of the document", "A.3. Tests of the appliance"],
)
def test_a_clause_or_list_number_opening_a_sentence_is_not_its_end(text: str) -> None:
    assert split_sentences(text) == [text]


def test_a_note_or_table_label_opening_a_sentence_is_not_its_end() -> None:
    text = "NOTE 2. The organization can choose the method of evaluating the quality of a dataset."
    assert split_sentences(text) == [text]
    title = "Table 3. Degrees of protection provided by enclosure (IP code)"
    assert split_sentences(title) == [title]


def test_a_number_at_the_end_of_a_sentence_still_ends_it() -> None:
    """Only a number that opens the sentence is a clause number: 'shall be 5. The' ends there."""
    text = "The number of test specimens shall be 5. The tests are made in the order of the clauses."
    assert len(split_sentences(text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "The rated voltage is 1.5 kV ± 0.1 kV and the clearance 10 mm ± 0,5 mm for the enclosure.",
        "Electromagnetic compatibility tests are made according to GB/T 17626.2-2018 and IEC 61000-4-3:2020.",
        "Appliances complying with IEC 60335-1 and ISO 9001:2015 are accepted.",
        "电器的额定电压为1.5 kV ± 0.1 kV，试验按GB/T 17626.2-2018进行",
    ],
)
def test_numbers_units_tolerances_and_identifiers_are_never_cut(text: str) -> None:
    assert split_sentences(text) == [text]


def test_a_formula_is_one_segment() -> None:
    assert is_formula("U = R × I (3)")
    assert split_sentences("U = R × I. (3)") == ["U = R × I. (3)"]
    assert not is_formula("The organization shall determine = the scope.")


@pytest.mark.parametrize(
    ("text", "note"),
    [("NOTE 1 The organization can choose.", True), ("注：本部分不适用于。", True), ("注1：见附录A。", True),
     ("Note 1 to entry: see 3.1.", True), ("Notes on the edition", False), ("注意事项", False)],
)  # fmt: skip
def test_notes_are_recognised(text: str, note: bool) -> None:
    assert note_label(text) is note


def test_a_cut_inside_a_pair_closes_it_and_opens_it_again() -> None:
    text = "<g1>This document specifies requirements. It is applicable to any organization</g1> that wishes."
    pieces = split_sentences(text)
    assert pieces == [
        "<g1>This document specifies requirements.</g1>",
        "<g1>It is applicable to any organization</g1> that wishes.",
    ]
    for piece in pieces:
        opened = [t for t in tags_of(piece) if t.startswith("<g")]
        closed = [t for t in tags_of(piece) if t.startswith("</g")]
        assert len(opened) == len(closed)


def test_tags_after_a_sentence_end_stay_with_it_and_are_never_cut() -> None:
    text = "It is applicable to any organization.<x3/> The area is given in m<g4>2</g4>. Then <g5>bold</g5>."
    assert split_sentences(text) == [
        "It is applicable to any organization.<x3/>",
        "The area is given in m<g4>2</g4>.",
        "Then <g5>bold</g5>.",
    ]
    for piece in split_sentences(text):
        assert TAG.sub("", piece) == TAG.sub("", piece).strip()


def test_a_chinese_sentence_ends_before_a_footnote_reference_moves_with_it() -> None:
    assert split_sentences("本文件代替GB/T 24001-1996。<x1/>本文件等同采用ISO 14001:2015。") == [
        "本文件代替GB/T 24001-1996。<x1/>",
        "本文件等同采用ISO 14001:2015。",
    ]


def test_joined_translations_use_no_space_in_chinese_except_after_latin_text() -> None:
    assert join_sentences(["范围。", "本文件规定了要求。"], "zh-CN") == "范围。本文件规定了要求。"
    assert join_sentences(["Scope.", "This document applies."], "en") == "Scope. This document applies."
    mixed = join_sentences(["It applies to ISO 14001:1996.<x3/>", "面积以m<g4>2</g4>计。"], "zh")
    assert mixed == "It applies to ISO 14001:1996.<x3/> 面积以m<g4>2</g4>计。"
    assert split_sentences(mixed) == ["It applies to ISO 14001:1996.<x3/>", "面积以m<g4>2</g4>计。"]


def test_empty_and_blank_texts_give_no_segment() -> None:
    assert split_sentences("") == [] and split_sentences("   ") == []
    assert split_sentences("<x1/>") == ["<x1/>"]


def test_half_width_stops_after_chinese_end_a_sentence() -> None:
    text = "a) 电磁兼容 试验和测量技术;b) 外壳防护等级(IP代码)!其余适用"
    assert split_sentences(text) == ["a) 电磁兼容 试验和测量技术;", "b) 外壳防护等级(IP代码)!", "其余适用"]


def test_a_formatted_run_ending_in_a_space_after_the_stop_stays_whole() -> None:
    """Word's bold run often ends with the space after the full stop: no empty pair starts the next sentence."""
    text = (
        "<g1>Water quality - Marine algal growth inhibition test with Skeletonema sp. and Phaeodactylum "
        "tricornutum. </g1>Air cargo and ground equipment - Vocabulary."
    )
    assert split_sentences(text) == [
        "<g1>Water quality - Marine algal growth inhibition test with Skeletonema sp. and Phaeodactylum "
        "tricornutum.</g1>",
        "Air cargo and ground equipment - Vocabulary.",
    ]


def test_a_pair_cut_between_two_sentences_is_whole_again_when_they_are_joined() -> None:
    pieces = split_sentences("<g1>Quantities and units. Information science and technology.</g1> Vocabulary.")
    assert pieces[:2] == ["<g1>Quantities and units.</g1>", "<g1>Information science and technology.</g1>"]
    joined = join_sentences(["<g1>量和单位。</g1>", "<g1>信息科学和技术。</g1>", "词汇。"], "zh")
    assert joined == "<g1>量和单位。信息科学和技术。</g1>词汇。"
