"""Parse rate of ``stdbridge.identifiers.parse`` over the bundled catalogues.

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_parse.py [--repeat N]``
Prints identifiers/second and failures per dataset, and the overall rate.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from importlib import resources

from stdbridge.errors import IdentifierError
from stdbridge.identifiers import parse

DATASETS = {
    "iso": ("iso_catalog.jsonl.gz", "id"),
    "iec": ("iec_catalog.jsonl.gz", "id"),
    "jis": ("jis_catalog.jsonl.gz", "id"),
    "itu": ("itu_catalog.jsonl.gz", "id"),
    "gb": ("gb_records.jsonl.gz", "designation"),
}


def load(filename: str, field: str) -> list[str]:
    with resources.files("stdbridge.data").joinpath(filename).open("rb") as raw, gzip.open(raw, "rt") as fh:
        return [value for line in fh if (value := json.loads(line).get(field))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3, help="best of N timed passes per dataset")
    args = ap.parse_args()
    total_ids = 0
    total_time = 0.0
    for name, (filename, field) in DATASETS.items():
        ids = load(filename, field)
        best = float("inf")
        failures = 0
        for _ in range(args.repeat):
            failures = 0
            start = time.perf_counter()
            for text in ids:
                try:
                    parse(text)
                except IdentifierError:
                    failures += 1
            best = min(best, time.perf_counter() - start)
        total_ids += len(ids)
        total_time += best
        print(f"{name:4} {len(ids):7d} ids  {len(ids) / best:10,.0f} ids/s  failures {failures}")
    print(f"all  {total_ids:7d} ids  {total_ids / total_time:10,.0f} ids/s")


if __name__ == "__main__":
    main()
