"""The title words aligned over the GB sample's parallel titles (scripts/title_alignment.py, lexicon source T)."""

from __future__ import annotations

import dataclasses
import importlib
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest

from stdbridge.language.lexicon import BUNDLED_NAME, Lexicon
from stdbridge.language.text import unpacked_text

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture(scope="module")
def alignment() -> Iterator[ModuleType]:
    """scripts/title_alignment.py, imported with its folder on the path (it imports build_title_words beside it)."""
    saved_path = list(sys.path)
    sys.path.insert(0, str(SCRIPTS))
    try:
        yield importlib.import_module("title_alignment")
    finally:
        sys.path[:] = saved_path


@pytest.fixture(scope="module")
def lexicon_tsv() -> str:
    return unpacked_text((files("stdbridge.data") / BUNDLED_NAME).read_bytes())


@pytest.fixture(scope="module")
def anchor(alignment: ModuleType, lexicon_tsv: str) -> Lexicon:
    return alignment.anchor_lexicon(lexicon_tsv)  # type: ignore[no-any-return]


def test_the_gb_sample_gives_parallel_titles_with_the_originals_english_title(alignment: ModuleType) -> None:
    pairs = alignment.parallel_titles()
    assert len(pairs) >= 75
    by_designation = {pair.designation: pair for pair in pairs}
    iso_14001 = by_designation["GB/T 24001-1996"]  # IDT ISO 14001:1996: its own English title and ISO's
    assert iso_14001.chinese == "环境管理体系 规范及使用指南"
    assert "Environmental management systems - Specification with guidance for use" in iso_14001.english
    assert iso_14001.works == ("GB/T 24001", "ISO 14001")
    assert by_designation["GB 43473-2023"].works == ("GB 43473",)  # both titles, no adoption


def test_titles_teach_the_equivalent_they_use(alignment: ModuleType, anchor: Lexicon) -> None:
    # CC-CEDICT gives 产品 "item" first; "products" in GB/T 27065 (ISO/IEC 17065) and other titles says otherwise
    assert anchor.english_for("产品")[0] != "product"
    pairs = alignment.parallel_titles()
    learned = alignment.aligned_words(anchor, pairs)
    assert learned["产品"] == ["product"]
    attesting = [pair for pair in pairs if "产品" in pair.chinese]
    left_out = {pair.works[0] for pair in attesting[1:]}  # one title alone is not enough
    assert "产品" not in alignment.aligned_words(anchor, pairs, leave_out=left_out)


def test_the_bundled_lexicon_carries_the_learned_words_before_cc_cedict(
    alignment: ModuleType, lexicon_tsv: str, anchor: Lexicon
) -> None:
    rows = [line.split("\t") for line in lexicon_tsv.splitlines() if line.startswith("T\t")]
    assert {chinese: english.split("|") for _, chinese, english in rows} == alignment.aligned_words(
        anchor, alignment.parallel_titles()
    )
    assert Lexicon.bundled().english_for("产品")[0] == "product"


def test_one_series_is_one_piece_of_evidence_for_a_new_word(alignment: ModuleType, anchor: Lexicon) -> None:
    # GB 191 and GB/T 191 (包装储运图示标志, "Packaging - Pictorial marking for handling of goods") are one series:
    # 储运, a word the lexicon lacks, is linked twice but within one series, so it is not learned
    pairs = alignment.parallel_titles()
    packaging = [n for n, pair in enumerate(pairs) if pair.chinese == "包装储运图示标志"]
    assert len({pairs[n].works[0] for n in packaging}) == 2
    assert "储运" not in alignment.aligned_words(anchor, pairs)
    # were GB 191 another series, the two links would pass MIN_LINKS
    apart = list(pairs)
    first = apart[packaging[-1]]
    apart[packaging[-1]] = dataclasses.replace(first, designation="GB 1910-1981", works=("GB 1910",))
    assert "储运" in alignment.aligned_words(anchor, apart)
