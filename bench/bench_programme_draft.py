"""Drafting a mutual-recognition programme over a whole scope of the bundled data (``recognition.draft``).

    python bench/bench_programme_draft.py [--db CATALOG] [--runs 2]

Two programmes, each drafted ``--runs`` times (a fresh programme each time, in a scratch copy of the catalogue):

* JIS (JISC) and ISO over ICS 25 (manufacturing engineering) and 29 (electrical engineering);
* GB (SAC) and ISO+IEC over every GB record in force of the bundled data.

For each: the time to draft (best and spread), the sizes of the two sides, the entries by origin (declared,
identifier, suggested) and the share of the first party's standards that got an entry with a declared or
identifier-named counterpart, and the share that got only a suggestion. The catalogue is built afresh (~90 s)
unless ``--db`` names one (copied first: the programmes are written to the copy).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from stdbridge.accounts import LOCAL_ADMIN
from stdbridge.catalog import Catalog
from stdbridge.recognition.draft import draft
from stdbridge.recognition.model import Origin, Scope
from stdbridge.recognition.programmes import create_programme, read_party
from stdbridge.store import SqlStore

CASES = {
    "jis-iso-25-29": (("JIS", "ja"), ("ISO", "en"), Scope(ics=("25", "29"))),
    "gb-iso-iec": (("GB", "zh"), ("ISO+IEC", "en"), Scope()),
}


def _catalog(where: Path, db: str | None) -> Catalog:
    path = where / "catalog.db"
    if db:
        shutil.copyfile(db, path)
        return Catalog(SqlStore(f"sqlite:///{path}"))
    catalog = Catalog(SqlStore(f"sqlite:///{path}"))
    catalog.load_bundled(rejects_dir=where)
    return catalog


def run_case(catalog: Catalog, slug: str, runs: int) -> dict[str, object]:
    (a_name, a_language), (b_name, b_language), scope = CASES[slug]
    parties = [read_party(catalog, a_name, a_language), read_party(catalog, b_name, b_language)]
    seconds = []
    figures: dict[str, object] = {}
    for run in range(runs):
        programme = create_programme(catalog, LOCAL_ADMIN, f"{slug}-{run}", {"en": slug}, parties, scope)
        started = time.perf_counter()
        summary = draft(catalog, LOCAL_ADMIN, programme)
        seconds.append(time.perf_counter() - started)
        assert programme.id is not None
        entries, total = catalog.store.entries_of(programme.id)
        first = parties[0].code
        declared = {e.standard_of(first).edition_key for e in entries  # type: ignore[union-attr]
                    if e.origin in (Origin.DECLARED, Origin.IDENTIFIER)}  # fmt: skip
        suggested = {e.standard_of(first).edition_key for e in entries  # type: ignore[union-attr]
                     if e.origin is Origin.SUGGESTED} - declared  # fmt: skip
        side = summary.sides[first]
        figures = {"sides": summary.sides, "entries": total, "by_origin": summary.added,
                   "share_declared_or_identifier": round(len(declared) / side, 3) if side else None,
                   "share_suggested_only": round(len(suggested) / side, 3) if side else None}  # fmt: skip
    figures["seconds_best"] = round(min(seconds), 2)
    figures["seconds_spread"] = round(max(seconds) - min(seconds), 2)
    figures["runs"] = runs
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a built catalogue (SQLite file) to copy instead of building one")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        catalog = _catalog(Path(scratch), args.db)
        catalog.catch_up_index()
        results = {slug: run_case(catalog, slug, args.runs) for slug in CASES}
        catalog.store.close()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
