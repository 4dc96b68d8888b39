"""Quality and speed of suggested counterparts (``stdbridge suggest``), on evaluation sets from the bundled data.

    python bench/bench_suggest.py [--db CATALOG] [--folds 5]   # the bundled catalogue (built afresh, ~30 s)

The sets (a hit is any edition of the expected work, within the first one or five suggestions):

``itu-iso``  ITU-T Recommendations and the ISO/IEC standard published with the same text
             (tests/data/suggest/itu_iso_common_texts.tsv), asked as ``suggest REC --body ISO``.
``itu-iso-2`` the same for the held-out pairs of tests/data/suggest/itu_iso_common_texts_heldout.tsv.
``jis-iso``  JIS standards in force whose number and part are those of an ISO or IEC standard with a nearly
             identical English title (title similarity >= 0.8): the JIS adoptions of their originals, asked
             with the body of the original. These pairs are found with two of the clues the suggester uses, so
             the set checks ranking among look-alikes rather than discovery.
``gb-iso``   GB standards of the sample that declare the ISO or IEC standard they adopt, asked by their Chinese
             title only (English title and declared relation hidden): the hard, cross-language case.
``gb-title`` the same, asked by the Chinese title alone as a user types it (``suggest "信息技术 …" --body ISO``).
``ja-iso``   the jis-iso pairs of series that ``title_words`` held out of its training, asked by the Japanese
             title alone with the number hidden, so that only the cross-language title clue can find them.
``fr-itu``   the ISO/IEC side of the itu-iso pairs asked by its French title alone, for the ITU-T Recommendation
             (``title_words`` learned from ISO's English/French titles, these included unless held out).
``en-iso``   European and British adoptions the catalogue does not hold, asked by identifier alone
             ("EN ISO 14001:2015", "BS EN ISO 9001:2015" for every 150th ISO standard in force): the
             identifier names the original, which must come first, marked "identifier".
``edition``  the itu-iso Recommendations asked by an edition the catalogue lacks (the year after its latest):
             the nearest edition held stands for it, so the twin must still be found.

It prints recall@1 and recall@5 per set, the misses, and p50 / p95 latency of one suggestion.

The lexicon's aligned title words (source T) are learned from the same GB records as gb-iso and gb-title. With
``--folds K`` those two sets are also asked without that leakage, as ``gb-iso-kf`` and ``gb-title-kf``: the cases
are split into K folds by the work of the expected original, and each fold is asked with a lexicon whose T rows
were aligned without the title pairs of its cases (neither the GB record's work nor its original's).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from stdbridge import identifiers
from stdbridge.catalog import Catalog
from stdbridge.counterparts.suggest import Suggester
from stdbridge.errors import StdbridgeError
from stdbridge.language.lexicon import BUNDLED_NAME
from stdbridge.language.text import unpacked_text
from stdbridge.models import DocType, Standard, Status

ROOT = Path(__file__).resolve().parent.parent
ITU_ISO = ROOT / "tests" / "data" / "suggest" / "itu_iso_common_texts.tsv"
ITU_ISO_HELD_OUT = ROOT / "tests" / "data" / "suggest" / "itu_iso_common_texts_heldout.tsv"
HIDDEN = ("gb-iso", "ja-iso", "fr-itu")  # sets asked with part of the record hidden: declared links hidden too

sys.path.insert(0, str(ROOT / "scripts"))
from build_title_words import series_of, split_of  # noqa: E402  (the split title_words was built with)
from title_alignment import aligned_words, anchor_lexicon, parallel_titles, with_aligned  # noqa: E402


@dataclass(frozen=True, slots=True)
class Case:
    name: str  # the evaluation set
    source: Standard
    expected_work: str
    body: str
    asked: str | None = None  # asked by this text through Catalog.suggest (a standard the catalogue lacks)


def itu_cases(catalog: Catalog, path: Path = ITU_ISO, name: str = "itu-iso") -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        itu, iso = line.split("\t")
        cases.append(Case(name, catalog.get(itu), identifiers.parse(iso).work_key, "ISO"))
    return cases


def jis_cases(catalog: Catalog, suggester: Suggester, limit: int = 400) -> list[Case]:
    cases: list[Case] = []
    for jis in catalog.store.iter_standards(20_000):
        if jis.body != "JISC" or jis.status != Status.IN_FORCE or not jis.titles.get("en"):
            continue
        number = identifiers.compact_key(jis.number + (jis.part or ""))
        for original in catalog.store.standards_by_ids(catalog.store.standard_ids_by_lookup_key("#" + number)).values():
            if original.country != "INT" or (original.part or "") != (jis.part or "") or original.number != jis.number:
                continue
            similarity, _ = suggester.title_similarity(suggester.stems_of(jis), suggester.stems_of(original))
            if similarity >= 0.8:
                cases.append(Case("jis-iso", jis, original.work_key, original.body))
                break
        if len(cases) >= limit:
            break
    return cases


def gb_cases(catalog: Catalog) -> list[Case]:
    cases = []
    with gzip.open(str(files("stdbridge.data") / "gb_records.jsonl.gz"), "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not record.get("adopted_from") or not record.get("title_zh"):
                continue
            try:
                gb = catalog.get(record["designation"])
                original = catalog.get(record["adopted_from"].replace("；", ";").split(";")[0].strip())
            except StdbridgeError:
                continue
            chinese_only = dataclasses.replace(gb, titles={"zh": record["title_zh"]})
            cases.append(Case("gb-iso", chinese_only, original.work_key, original.body))
    return cases


def gb_title_cases(gb: list[Case]) -> list[Case]:
    """The gb-iso cases asked by the Chinese title as typed, with nothing else: no number, ICS or date."""
    return [dataclasses.replace(c, name="gb-title", asked=c.source.titles["zh"]) for c in gb]


def japanese_cases(jis: list[Case]) -> list[Case]:
    """The jis-iso pairs whose series ``title_words`` was not trained on, asked by the Japanese title alone and
    with the number hidden: the title clue must carry them."""
    held_out = [c for c in jis if split_of(series_of(c.source.identifier)) != "train" and c.source.titles.get("ja")]
    return [
        Case("ja-iso", dataclasses.replace(c.source, titles={"ja": c.source.titles["ja"]}, number="0", part=None),
             c.expected_work, c.body)
        for c in held_out
    ]  # fmt: skip


def french_cases(catalog: Catalog) -> list[Case]:
    """The ISO/IEC standards of the itu-iso pairs, asked by their French title alone, for the ITU-T
    Recommendation (title_words was trained on ISO's English/French titles, these among them, unless held out)."""
    cases = []
    for line in ITU_ISO.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        itu, iso = line.split("\t")
        source = catalog.get(iso)
        if source.titles.get("fr"):
            french = dataclasses.replace(source, titles={"fr": source.titles["fr"]})
            cases.append(Case("fr-itu", french, identifiers.parse(itu).work_key, "ITU-T"))
    return cases


def european_cases(catalog: Catalog, every: int = 150) -> list[Case]:
    """EN ISO and BS EN ISO adoptions, not held, of every ``every``-th whole ISO standard in force."""
    cases = []
    isos = (
        s for s in catalog.store.iter_standards(20_000)
        if s.body == "ISO" and not s.copublishers and s.status == Status.IN_FORCE and s.year
        and s.doctype == DocType.STANDARD
    )  # fmt: skip
    for n, iso in enumerate(isos):
        if n % every == 0:
            prefix = "BS EN" if n % (2 * every) else "EN"
            text = f"{prefix} ISO {iso.number}{'-' + iso.part if iso.part else ''}:{iso.year}"
            cases.append(Case("en-iso", iso, iso.work_key, "ISO", asked=text))
    return cases


def edition_cases(itu: list[Case]) -> list[Case]:
    """The itu-iso Recommendations asked by an edition the catalogue lacks: the year after the latest."""
    cases = []
    for case in itu:
        asked = f"{case.source.work_key} ({(case.source.year or 2000) + 1})"
        cases.append(dataclasses.replace(case, name="edition", asked=asked))
    return cases


def fold_of(case: Case, folds: int) -> int:
    return int(hashlib.sha256(case.expected_work.encode()).hexdigest(), 16) % folds


def evaluate_folds(catalog: Catalog, gb: list[Case], folds: int) -> list[tuple[Case, list[str]]]:
    """The gb-iso and gb-title cases asked fold by fold, each with the title words aligned without its fold."""
    text = unpacked_text((files("stdbridge.data") / BUNDLED_NAME).read_bytes())
    anchor, pairs = anchor_lexicon(text), parallel_titles()
    answered = []
    for fold in range(folds):
        cases = [c for c in gb if fold_of(c, folds) == fold]
        left_out = {c.expected_work for c in cases} | {c.source.work_key for c in cases}
        lexicon = with_aligned(text, aligned_words(anchor, pairs, leave_out=left_out))
        suggester = Suggester(catalog.store, catalog.search_engine(), lexicon)
        catalog._suggester = suggester
        for case in cases:
            found = suggester.suggest(case.source, body=case.body, limit=5, ignore_declared=True)
            answered.append(
                (dataclasses.replace(case, name="gb-iso-kf"), [s.standard.work_key for s in found.suggestions])
            )
            titled = catalog.suggest(case.source.titles["zh"], body=case.body, limit=5)
            answered.append((dataclasses.replace(case, name="gb-title-kf", asked=case.source.titles["zh"]),
                             [s.standard.work_key for s in titled.suggestions]))  # fmt: skip
    catalog._suggester = None
    return answered


def evaluate(catalog: Catalog, suggester: Suggester, cases: list[Case], folded: list[tuple[Case, list[str]]]) -> None:
    by_set: dict[str, list[int | None]] = {}
    misses: list[str] = []
    timings: list[float] = []
    for case in cases:
        started = time.perf_counter()
        if case.asked:
            found = catalog.suggest(case.asked, body=case.body, limit=5)
        else:
            found = suggester.suggest(case.source, body=case.body, limit=5, ignore_declared=case.name in HIDDEN)
        timings.append((time.perf_counter() - started) * 1000)
        works = [s.standard.work_key for s in found.suggestions]
        rank = works.index(case.expected_work) + 1 if case.expected_work in works else None
        by_set.setdefault(case.name, []).append(rank)
        if rank != 1:
            got = ", ".join(s.standard.identifier for s in found.suggestions[:3]) or "nothing"
            asked = case.asked or case.source.identifier
            misses.append(f"  {case.name} {asked}: want {case.expected_work}, rank {rank}; got {got}")
    for case, works in folded:
        rank = works.index(case.expected_work) + 1 if case.expected_work in works else None
        by_set.setdefault(case.name, []).append(rank)
        if rank != 1:
            misses.append(
                f"  {case.name} {case.asked or case.source.identifier}: want {case.expected_work}, rank {rank}"
            )
    print(f"{'set':11} {'n':>5} {'recall@1':>9} {'recall@5':>9}")
    for name, ranks in by_set.items():
        at1 = sum(r == 1 for r in ranks) / len(ranks)
        at5 = sum(r is not None for r in ranks) / len(ranks)
        print(f"{name:11} {len(ranks):5} {at1:9.3f} {at5:9.3f}")
    ordered = sorted(timings)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(f"one suggestion: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms")
    print("misses:", *misses, sep="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--folds", type=int, default=0, help="also ask gb-iso and gb-title in K folds (see above)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="stdbridge-suggest-bench-"))
    catalog = Catalog.open(args.db or folder / "catalog.db")
    if catalog.is_empty():
        catalog.load_bundled(rejects_dir=folder)
    suggester = catalog.suggester()
    jis = jis_cases(catalog, suggester)
    itu, gb = itu_cases(catalog), gb_cases(catalog)
    cases = (
        itu
        + itu_cases(catalog, ITU_ISO_HELD_OUT, "itu-iso-2")
        + jis
        + gb
        + gb_title_cases(gb)
        + japanese_cases(jis)
        + french_cases(catalog)
    )
    cases += european_cases(catalog) + edition_cases(itu)
    for case in cases[:5]:  # warm the caches, the lexicon and the segmenter
        suggester.suggest(case.source, body=case.body)
    folded = evaluate_folds(catalog, gb, args.folds) if args.folds > 1 else []
    evaluate(catalog, suggester, cases, folded)


if __name__ == "__main__":
    main()
