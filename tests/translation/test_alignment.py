"""Alignment of a real zh/en document pair whose pairing is known: the ISO/TC 211 glossary's terms and
definitions of ISO 19136-1:2020 (clause, term, definition) in Chinese and English, one English definition dropped
so that the aligner must find a 1-0 bead."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from stdbridge.translation.alignment import (
    NO_ANCHORS,
    AlignedPair,
    Anchors,
    align,
    band_of,
    merged,
    split_pair,
    split_sentences,
)

DATA = Path(__file__).parent.parent / "data" / "translation"
DROPPED = 7  # the English line left out


def _documents() -> tuple[list[str], list[str]]:
    zh = (DATA / "iso19136-1_2020_definitions.zh.txt").read_text(encoding="utf-8").splitlines()
    en = (DATA / "iso19136-1_2020_definitions.en.txt").read_text(encoding="utf-8").splitlines()
    return zh, en[:DROPPED] + en[DROPPED + 1 :]


def _correct(pairs: list[AlignedPair]) -> tuple[int, int]:
    """(correct 1-1 pairs, all 1-1 pairs) against the known pairing."""
    one_to_one = [(p.zh[0], p.en[0]) for p in pairs if len(p.zh) == 1 and len(p.en) == 1]
    known = {i: (i if i < DROPPED else i - 1) for i in range(len(_documents()[0])) if i != DROPPED}
    return sum(1 for z, e in one_to_one if known.get(z) == e), len(one_to_one)


def test_anchored_alignment_makes_no_wrong_pair_where_length_alone_does() -> None:
    zh, en = _documents()
    correct, found = _correct(align(zh, en))
    assert correct == found and correct >= len(zh) - 2
    correct_plain, found_plain = _correct(align(zh, en, anchors=NO_ANCHORS))
    assert correct_plain < found_plain


@pytest.mark.parametrize("anchor", ["clauses", "lexicon"])
def test_each_anchor_alone_corrects_the_length_alignment(anchor: str) -> None:
    zh, en = _documents()
    correct, found = _correct(align(zh, en, anchors=dataclasses.replace(NO_ANCHORS, **{anchor: True})))
    assert correct == found


def test_pairs_cover_both_documents_in_order_and_flag_low_confidence() -> None:
    zh, en = _documents()
    pairs = align(zh, en)
    assert [k for p in pairs for k in p.zh] == list(range(len(zh)))
    assert [k for p in pairs for k in p.en] == list(range(len(en)))
    assert any(p.flagged for p in pairs if DROPPED in p.zh)  # where the English line is missing
    assert all(0.0 <= p.confidence <= 1.0 for p in pairs)
    assert pairs[0].to_json()["zh_text"] == "3.1.3 属性<XML>"


def test_sentences_are_cut_at_chinese_and_english_stops() -> None:
    zh, _ = _documents()
    assert split_sentences(zh[5]) == [zh[5]]
    assert split_sentences("在边的边界中对应于边的起点的结点。边作为曲线。") == [
        "在边的边界中对应于边的起点的结点。",
        "边作为曲线。",
    ]
    assert Anchors() != NO_ANCHORS


def _long_documents(times: int) -> tuple[list[str], list[str]]:
    """The glossary documents again and again (``times``), one English line dropped in each copy: a long pair
    whose alignment drifts from the diagonal."""
    zh, en = _documents()
    return zh * times, en * times


def test_the_band_finds_the_pairs_of_the_whole_table() -> None:
    zh, en = _long_documents(4)
    banded = align(zh, en, band=5)
    assert [p.to_json() for p in banded] == [p.to_json() for p in align(zh, en, band=None)]
    correct, found = _correct([p for p in banded if p.zh and p.zh[0] < len(_documents()[0])])
    assert correct == found


def test_the_band_is_narrow_walkable_and_widened_by_clause_anchors() -> None:
    zh, en = _long_documents(4)
    zh_lengths, en_lengths = [len(s) for s in zh], [len(s) for s in en]
    ratio = sum(en_lengths) / sum(zh_lengths)
    rows = band_of(zh_lengths, en_lengths, ratio, 5)
    assert rows[0][0] == 0 and rows[-1][1] == len(en)
    assert max(hi - lo for lo, hi in rows) < len(en) // 4  # a band, not the table
    assert all(lo <= next_lo <= hi for (lo, hi), (next_lo, _hi) in itertools.pairwise(rows))
    assert all(hi <= next_hi for (_lo, hi), (_lo2, next_hi) in itertools.pairwise(rows))
    # an anchor far from the diagonal: its row takes it in, and the rows before can walk there
    far = (len(zh) // 2, len(en) - 3)
    widened = band_of(zh_lengths, en_lengths, ratio, 5, [far])
    assert widened[far[0]][0] <= far[1] <= widened[far[0]][1]
    assert widened[far[0] - 1][1] >= rows[far[0] - 1][1]
    assert band_of(zh_lengths, en_lengths, ratio, None) == [(0, len(en))] * (len(zh) + 1)
    # one very long Chinese sentence: the band still reaches from row to row
    lopsided = band_of([1, 5000, 1], [1] * 40, 1.0, 2)
    assert all(lo <= next_lo <= hi for (lo, hi), (next_lo, _hi) in itertools.pairwise(lopsided))


def test_a_person_merges_two_pairs_and_splits_one() -> None:
    zh, en = _documents()
    pairs = align(zh, en)
    term, definition = pairs[0], pairs[1]
    joined = merged(term, definition)
    assert joined.zh == (0, 1) and joined.en == (0, 1)
    assert joined.zh_text == "3.1.3 属性<XML>一个元素中包含的名称-值对。"
    assert joined.en_text == "3.1.3 attribute <XML> name-value pair contained in an element"
    assert joined.confidence == min(term.confidence, definition.confidence)
    # split where the person put a line break; else after the first sentence
    first, second = split_pair(joined)
    assert (first.zh_text, first.en_text) == (
        "3.1.3 属性<XML>一个元素中包含的名称-值对。",
        "3.1.3 attribute <XML> name-value pair contained in an element",
    )
    assert second.zh_text == "" and second.en_text == ""  # one sentence each: nothing to cut
    broken = dataclasses.replace(joined, zh_text="3.1.3 属性<XML>\n一个元素中包含的名称-值对。",
                                 en_text="3.1.3 attribute <XML>\nname-value pair contained in an element")  # fmt: skip
    first, second = split_pair(broken)
    assert (first.zh_text, first.en_text) == ("3.1.3 属性<XML>", "3.1.3 attribute <XML>")
    assert (second.zh_text, second.en_text) == (
        "一个元素中包含的名称-值对。",
        "name-value pair contained in an element",
    )
    assert first.zh == (0,) and second.zh == (1,)
    sentences = dataclasses.replace(joined, zh_text="在边的边界中对应于边的起点的结点。边作为曲线。")
    first, second = split_pair(sentences)
    assert (first.zh_text, second.zh_text) == ("在边的边界中对应于边的起点的结点。", "边作为曲线。")
