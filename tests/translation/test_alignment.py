"""Alignment of a real zh/en document pair whose pairing is known: the ISO/TC 211 glossary's terms and
definitions of ISO 19136-1:2020 (clause, term, definition) in Chinese and English, one English definition dropped
so that the aligner must find a 1-0 bead."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from stdbridge.translation.alignment import NO_ANCHORS, AlignedPair, Anchors, align, split_sentences

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
