"""Title words: foreign titles in English words, phrase matching, codes, robustness and held-out quality."""

from __future__ import annotations

import gzip
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stdbridge.language.title_words import TitleWords, foreign_key

ROOT = Path(__file__).resolve().parent.parent

# Measured on the test split of the bundled catalogues (F1 of english_key words, numbers left out):
# fr 0.762 (3,333 pairs), es 0.752 (540), ja 0.611 (770). The floors leave a little room for rebuilds.
HELD_OUT_F1_FLOORS = {"fr": 0.74, "es": 0.72, "ja": 0.58}


@pytest.fixture(scope="module")
def title_words() -> TitleWords:
    return TitleWords.bundled()


@pytest.mark.parametrize(
    ("title", "lang", "expected"),
    [
        # ISO 9001 in French, Spanish and Japanese (JIS Q 9001).
        ("Systèmes de management de la qualité — Exigences", "fr", {"quality", "management", "system", "requirement"}),
        ("Sistemas de gestión de la calidad. Requisitos", "es", {"quality", "management", "system", "requirement"}),
        ("品質マネジメントシステム―要求事項", "ja", {"quality", "management", "system", "requirement"}),
        # JIS C 9335-1, IEC 60335-1.
        ("家庭用及びこれに類する電気機器の安全性―第1部：通則", "ja", {"household", "electrical", "safety", "part"}),
        # IEC 61000-4-2 in French.
        (
            "Compatibilité électromagnétique (CEM) - Partie 4-2: Techniques d'essai et de mesure - Essai d'immunité "
            "aux décharges électrostatiques",
            "fr",
            {"electromagnetic", "compatibility", "test", "measurement", "immunity", "electrostatic", "discharge"},
        ),
        # ISO/TC 211 glossary terms (concepts of the training split).
        ("топологический примитив", "ru", {"topological", "primitive"}),
        ("каталог типов графического отображения", "ru", {"portrayal", "catalogue"}),
        ("hierarchisches Register", "de", {"hierarchical", "register"}),
        # IEC Electropedia, IEV 112-02-06 and 192-06-20.
        ("Kilogramm", "de", {"kilogram"}),
        ("Fehlzustandsdiagnose", "de", {"diagnosis"}),
    ],
)
def test_english_for_title(title_words: TitleWords, title: str, lang: str, expected: set[str]) -> None:
    assert expected <= set(title_words.english_for_title(title, lang))


def test_order_is_kept_and_words_come_once(title_words: TitleWords) -> None:
    words = title_words.english_for_title("Essais — Méthodes d'essai — Essais de qualité", "fr")
    assert words == ["test", "method", "quality"]


def test_numbers_and_codes_stand_for_themselves(title_words: TitleWords) -> None:
    assert title_words.english_for_title("IEC 60335-2-3 Xyzzyqué", "fr") == ["IEC", "60335-2-3"]
    assert title_words.english_for_title("CEM", "fr") == ["emc"]  # a code with an entry is translated
    # Outside Latin-script languages, any Latin word is taken to be English or a code.
    words = title_words.english_for_title("LED照明 EMC 61000-4-2", "ja")
    assert words[0] == "LED" and words[-2:] == ["EMC", "61000-4-2"]
    assert title_words.english_for_title("Xyzzy 12 Топологический", "ru") == ["Xyzzy", "12", "topological"]


def test_unknown_words_are_skipped(title_words: TitleWords) -> None:
    assert title_words.english_for_title("Xyzzyqué plombifère", "fr") == []
    assert title_words.english_for_text("Xyzzyqué 12", "fr") == [("Xyzzyqué", []), ("12", ["12"])]
    assert title_words.english_for_title("ゑゑゑ", "ja") == []
    # A language without entries gives its numbers and capitalised codes only.
    assert title_words.english_for_title("Systèmes de management EMC 12", "xx") == ["EMC", "12"]


def test_languages(title_words: TitleWords) -> None:
    assert {"de", "es", "fr", "ja", "ru"} <= set(title_words.languages())
    assert "zh" not in title_words.languages()  # Chinese goes through the lexicon


def test_english_for_ignores_case_accents_and_inflection(title_words: TitleWords) -> None:
    assert title_words.english_for("Essais", "fr")[0] == "test"
    assert title_words.english_for("ESSAI", "fr")[0] == "test"
    assert title_words.english_for("Electriques", "fr") == title_words.english_for("électrique", "fr")
    assert title_words.english_for("Xyzzyqué", "fr") == []


def test_longest_phrase_wins() -> None:
    rows = [
        ("fr", foreign_key("chemin de fer", "fr"), ["railway"]),
        ("fr", foreign_key("chemin", "fr"), ["path"]),
        ("fr", foreign_key("fer", "fr"), ["iron"]),
    ]
    title_words = TitleWords(rows)
    assert title_words.english_for_title("Chemins de fer — Fer et chemin", "fr") == ["railway", "iron", "path"]
    assert title_words.english_for_text("Chemins de fer", "fr") == [("Chemins de fer", ["railway"])]


def test_a_function_word_is_no_entry_alone() -> None:
    # Spanish "para" (for) and "par" (pair) have the same stem.
    title_words = TitleWords([("es", foreign_key("par", "es"), ["pair"])])
    assert foreign_key("para", "es") == foreign_key("par", "es")
    assert title_words.english_for_title("Par de pilas para relojes", "es") == ["pair"]


def test_japanese_is_cut_into_the_fewest_known_words() -> None:
    rows = [
        ("ja", "安全", ["safe"]),
        ("ja", "安全性", ["safety"]),
        ("ja", "性試験", ["wrong"]),
        ("ja", "試験", ["test"]),
    ]
    title_words = TitleWords(rows)
    assert title_words.english_for_text("安全性試験の方法", "ja") == [
        ("安全性", ["safety"]),
        ("試験", ["test"]),
        ("の", []),
        ("方", []),
        ("法", []),
    ]


def test_equivalents_of_repeated_keys_are_merged() -> None:
    title_words = TitleWords([("fr", "essai", ["test"]), ("fr", "essai", ["trial", "test"])])
    assert title_words.english_for("essai", "fr") == ["test", "trial"]
    assert len(title_words) == 1


def test_from_file_reads_what_the_build_writes(tmp_path: Path) -> None:
    text = "# a comment\nfr\tessai\ttest|trial\nja\t試験\ttest\nbad line\n"
    path = tmp_path / "words.tsv.gz"
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    title_words = TitleWords.from_file(path)
    assert title_words.languages() == ["fr", "ja"]
    assert title_words.english_for("ESSAI", "fr") == ["test", "trial"]
    assert TitleWords.from_file(path).english_for("試験", "ja") == ["test"]


def test_bundled_file_is_small_and_loads_once() -> None:
    path = ROOT / "src" / "stdbridge" / "data" / "title_words.tsv.gz"
    assert path.stat().st_size < 3_000_000
    assert TitleWords.bundled() is TitleWords.bundled()


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=60), lang=st.sampled_from(["fr", "es", "ja", "ru", "de", "ko", "ar", "xx", ""]))
def test_any_text_gives_a_list_of_words(title_words: TitleWords, title: str, lang: str) -> None:
    words = title_words.english_for_title(title, lang)
    assert isinstance(words, list)
    assert all(isinstance(word, str) and word for word in words)


@pytest.mark.parametrize("junk", ["", "   ", "😀🚀", "\x00\x1f\u200b", "———：（）", "ー々〆"])
def test_junk_gives_nothing(title_words: TitleWords, junk: str) -> None:
    for lang in ("fr", "ja", "ru"):
        assert title_words.english_for_title(junk, lang) == []


@pytest.fixture(scope="module")
def build_script() -> Iterator[ModuleType]:
    """scripts/build_title_words.py, imported with its folder on the path (it imports build_lexicon beside it).

    Both scripts leave sys.modules afterwards: test_lexicon loads build_lexicon from its file on its own.
    """
    saved_path = list(sys.path)
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        yield importlib.import_module("build_title_words")
    finally:
        sys.path[:] = saved_path
        for name in ("build_title_words", "build_lexicon"):
            sys.modules.pop(name, None)


@pytest.mark.slow
def test_held_out_titles_keep_their_words(title_words: TitleWords, build_script: ModuleType) -> None:
    build = build_script
    pairs = [pair for pair in build.title_pairs(build.CATALOGUES) if build.split_of(pair.group) == "test"]
    for lang, floor in HELD_OUT_F1_FLOORS.items():
        distinct = list({(pair.foreign, pair.english): pair for pair in pairs if pair.lang == lang}.values())
        assert len(distinct) > 300
        assert build.overlap(title_words, distinct).f1 >= floor, lang


def test_english_copies_and_placeholders_are_not_training_pairs(build_script: ModuleType) -> None:
    build = build_script
    assert build.is_english_copy("Plastics - Symbols", "Plastics - Symbols")
    assert not build.is_english_copy("Plastiques - Symboles", "Plastics - Symbols")
    assert not build.is_english_copy("Terminologie - Vocabulaire", "Terminology - Vocabulary")
    assert build.SPANISH_PREFIX.sub("", "VERSION OFICIAL EN ESPANOL - Fusibles") == "Fusibles"
    assert build.series_of("ISO/DIS 10303-209:2014") == build.series_of("ISO 10303-1:1994") == "ISO 10303"
