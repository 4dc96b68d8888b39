"""Speed of batch comparison (``correspondence.compare_lists``) and of the compatibility of two standards systems
(``compatibility.compatibility``), and the figures behind the suggestion threshold.

    python bench/bench_compare.py [--db CATALOG] [--synthetic-db CATALOG] [--calibrate]

On the bundled catalogue (built afresh, ~30 s, unless ``--db`` names one):

* a batch comparison of 500 JIS standards in force against 500 ISO standards in force: for 300 of the JIS
  standards, the ISO standard their title and number point to (the best bulk suggestion over all of ISO, if it
  scores 0.4 or more) is among the 500, the rest are drawn at random — so that the matrix has pairs to find as
  real lists have; timed with the three outputs;
* the compatibility of ISO and IEC, and of JIS (JISC) and ISO.

On a catalogue with two synthetic bodies of 50,000 standards each (``--synthetic-db``; made from the bundled
catalogue and kept for the next run, ~1.5 min): ``scale_catalog``'s approach — real ISO and IEC records re-issued
under national designations, titles and dates the original's — with 50,000 British and 50,000 Korean standards,
all in force. 70% of the British and 60% of the Korean ones keep the original in their designation
(``BS ISO 9001:2015`` adopts ISO 9001:2015, ``KS Q ISO 9001:2015`` the undated ISO 9001: declared links through
the common original); the others get a national number (``BS 9xxxxx``, ``KS X 8xxxx``) and no declared link, so
that the bulk suggester has 35,000 standards to match. These records are synthetic: for measurement only.

``--calibrate`` prints the evidence for ``SUGGESTION_THRESHOLD``: the rank and score of the ISO/IEC twin of each
ITU-T Recommendation of ``tests/data/suggest/itu_iso_common_texts.tsv``, the scores of the best ISO or IEC
candidate of every JIS standard in force (with the same number and part, or another), and a sample of those
with another number in each band of scores, for a person to judge.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from scale_catalog import originals

from stdbridge import identifiers
from stdbridge.analytics.compatibility import Scope, compatibility, scope_members
from stdbridge.catalog import Catalog
from stdbridge.compare.lists import compare_lists
from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD, BulkSuggester
from stdbridge.models import Standard

ROOT = Path(__file__).resolve().parent.parent
ITU_ISO = ROOT / "tests" / "data" / "suggest" / "itu_iso_common_texts.tsv"
SYNTHETIC = 50_000


def bundled(path: Path | None, folder: Path) -> Catalog:
    catalog = Catalog.open(path or folder / "bundled.db")
    if catalog.is_empty():
        started = time.perf_counter()
        catalog.load_bundled(rejects_dir=folder)
        print(f"bundled catalogue built in {time.perf_counter() - started:.1f} s")
    return catalog


def lists_for_batch(catalog: Catalog) -> tuple[list[str], list[str]]:
    pick = random.Random(500)
    jis = [s for s in scope_members(catalog, Scope("body", "JISC")) if s.titles.get("en")]
    iso = scope_members(catalog, Scope("body", "ISO"))
    list_a = pick.sample(jis, 500)
    twins = BulkSuggester(catalog.suggester(), iso).best(list_a[:300], threshold=0.4)
    list_b = list({s[0].standard.id: s[0].standard for s in twins if s}.values())
    taken = {s.id for s in list_b}
    list_b += pick.sample([s for s in iso if s.id not in taken], 500 - len(list_b))
    return [s.identifier for s in list_a], [s.identifier for s in list_b]


def batch(catalog: Catalog) -> None:
    list_a, list_b = lists_for_batch(catalog)
    started = time.perf_counter()
    matrix = compare_lists(catalog, list_a, list_b, name_a="JIS", name_b="ISO")
    seconds = time.perf_counter() - started
    timings = {}
    for name, output in (("json", matrix.to_json), ("xlsx", matrix.to_xlsx), ("html", matrix.to_html)):
        began = time.perf_counter()
        output()
        timings[name] = time.perf_counter() - began
    summary = matrix.summary()
    kinds = {k: v for k, v in summary["by_kind"].items() if v}
    print(
        f"batch 500 x 500 (JIS x ISO): {seconds:.1f} s; {summary['pairs']} pairs {kinds}; "
        f"{summary['a']['without_counterpart']} JIS and {summary['b']['without_counterpart']} ISO without "
        f"counterpart; outputs: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
    )


def system_pair(catalog: Catalog, a: Scope, b: Scope, label: str = "") -> None:
    started = time.perf_counter()
    result = compatibility(catalog, a, b)
    seconds = time.perf_counter() - started
    shares = {k: f"{v:.1%}" for k, v in result.to_json()["a_to_b"]["shares"].items() if v}
    print(
        f"compatibility {a} x {b}{label}: {seconds:.1f} s; {result.a_to_b.standards:,} x {result.b_to_a.standards:,} "
        f"standards; A with counterpart {result.a_to_b.with_counterpart / result.a_to_b.standards:.1%} {shares}; "
        f"B with counterpart {result.b_to_a.with_counterpart / result.b_to_a.standards:.1%}; "
        f"NMI A->B {result.information.a_to_b:.3f}, B->A {result.information.b_to_a:.3f}, "
        f"symmetric {result.information.symmetric:.3f}; {len(result.fields)} ICS fields"
    )


# two synthetic bodies of 50,000 standards ------------------------------------------------------------------------
def synthetic_records() -> list[dict[str, object]]:
    """50,000 British and 50,000 Korean re-issues of real ISO and IEC records (see the module)."""
    pick = random.Random(50_000)
    base = []
    for record in originals():
        head = record["id"].partition(":")[0]
        if " " in head[4:] or "/" in head:  # ISO/IEC, ISO/TR ...: the national schemes write them otherwise
            continue
        base.append(record)
        if len(base) == SYNTHETIC:
            break
    records = []
    for prefix, national, adopting in (("BS", "BS {n}:{y}", 0.7), ("KS", "KS X {n}:{y}", 0.6)):
        for i, record in enumerate(base):
            body, rest = record["id"].split(" ", 1)
            number, year = rest.split(":")
            if pick.random() < adopting:
                letter = "" if prefix == "BS" else (" Q" if body == "ISO" else " C")
                designation = f"{prefix}{letter} {body} {number}:{year}"
            else:
                designation = national.format(n=(900_000 if prefix == "BS" else 80_000) + i, y=year)
            records.append({
                "designation": designation, "title_zh": None, "title_en": record.get("title_en"),
                "adopted_from": None, "degree": None, "status": "现行", "published": record.get("published"),
                "ics": ",".join(record.get("ics") or []), "source": "synthetic-compare",
            })  # fmt: skip
    return records


def synthetic(path: Path, bundled_path: Path) -> Catalog:
    if not path.exists():
        started = time.perf_counter()
        shutil.copyfile(bundled_path, path)
        source = path.with_suffix(".jsonl")
        with source.open("w", encoding="utf-8") as handle:
            for record in synthetic_records():
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        catalog = Catalog.open(path)
        summary = catalog.import_path(source, "gb-sample", dataset="synthetic-compare", rejects_dir=path.parent)
        catalog.search_engine()  # the index, built now rather than in the first measurement
        print(
            f"synthetic catalogue: {summary.added:,} records added ({summary.rejected} rejected) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        return catalog
    return Catalog.open(path)


# the threshold ------------------------------------------------------------------------------------------------
def calibrate(catalog: Catalog) -> None:
    suggester = catalog.suggester()
    international = scope_members(catalog, Scope("body", "ISO")) + scope_members(catalog, Scope("body", "IEC"))
    bulk = BulkSuggester(suggester, {s.id: s for s in international}.values())
    ranks: list[int | None] = []
    right: list[float] = []
    for line in ITU_ISO.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        itu, iso = line.split("\t")
        found = bulk.best([catalog.get(itu)], threshold=0.01, limit=5)[0]
        works = [s.standard.work_key for s in found]
        want = identifiers.parse(iso).work_key
        ranks.append(works.index(want) + 1 if want in works else None)
        right += [s.score for s in found if s.standard.work_key == want]
    at_threshold = sum(score >= SUGGESTION_THRESHOLD for score in right)
    print(
        f"ITU-T / ISO-IEC twins: {len(ranks)}; first {ranks.count(1)}, in the first five "
        f"{sum(r is not None for r in ranks)}; the twin scores >= {SUGGESTION_THRESHOLD}: {at_threshold}; "
        f"scores {_histogram(right)}"
    )
    jis = scope_members(catalog, Scope("body", "JISC"))
    best = bulk.best(jis, threshold=0.01)
    same, other = [], []
    for source, found in zip(jis, best, strict=True):
        if found:
            number = next(c.value for c in found[0].clues if c.kind == "number")
            (same if number == 1.0 else other).append((found[0].score, source, found[0].standard))
    print(f"JIS in force, best ISO/IEC candidate with the same number and part: {_histogram([s for s, *_ in same])}")
    print(f"JIS in force, best ISO/IEC candidate with another number: {_histogram([s for s, *_ in other])}")
    pick = random.Random(3)
    for low in (0.5, 0.55, 0.6, 0.65, 0.7):
        band = [x for x in other if low <= x[0] < low + 0.05]
        print(f"-- another number, scores {low:.2f} to {low + 0.05:.2f} ({len(band)}): a sample to judge")
        for score, source, candidate in pick.sample(band, min(10, len(band))):
            print(f"  {score:.2f}  {source.identifier}: {_title(source)}")
            print(f"        {candidate.identifier}: {_title(candidate)}")


def _histogram(scores: list[float]) -> str:
    bands = Counter(min(int(s * 10), 9) / 10 for s in scores)
    return " ".join(f"{band:.1f}:{bands[band]}" for band in sorted(bands))


def _title(standard: Standard) -> str:
    return standard.title("en")[:80]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, help="the bundled catalogue (default: built afresh)")
    parser.add_argument("--synthetic-db", type=Path, help="catalogue with the two synthetic bodies (made if absent)")
    parser.add_argument("--calibrate", action="store_true", help="print the evidence for the suggestion threshold")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="stdbridge-compare-bench-"))
    catalog = bundled(args.db, folder)
    if args.calibrate:
        calibrate(catalog)
        return
    catalog.search_engine()  # open the index and the lexicon before timing
    batch(catalog)
    system_pair(catalog, Scope("body", "ISO"), Scope("body", "IEC"))
    system_pair(catalog, Scope("body", "JISC"), Scope("body", "ISO"))
    synthetic_path = args.synthetic_db or folder / "synthetic.db"
    catalog.store.close()  # type: ignore[attr-defined]  # SqlStore: closed before its file is copied
    scaled = synthetic(synthetic_path, args.db or folder / "bundled.db")
    scaled.search_engine()
    system_pair(scaled, Scope("body", "BSI"), Scope("body", "KATS"), " (synthetic)")


if __name__ == "__main__":
    main()
