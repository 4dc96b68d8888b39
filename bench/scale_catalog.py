"""Scale the bundled catalogue up to the size of the largest real ones (about 1.3 million records).

    python bench/scale_catalog.py OUT.jsonl [--target 1300000]

How the records are made: every real ISO and IEC record of the bundled data is re-issued as the national
adoptions that real bodies publish, using their real designation schemes — EN ISO / EN IEC (CEN, CENELEC),
BS EN ISO, BS ISO (BSI), DIN EN ISO (DIN), KS Q ISO / KS C IEC (KATS), ГОСТ Р ИСО (Rosstandart) and GB/T with
a declared IDT adoption — until the target is reached. Titles, dates and status are the original's. The
records are written in the bundled GB-sample layout (designation, titles, adopted_from, degree, status,
published) and imported with ``--format gb-sample --dataset synthetic-scale``, so the import path is the real
one. The adoption edges come from the identifiers themselves (evidence ``identifier``) or, for GB/T, from the
declared ``adopted_from`` column. The GB/T copies also get a Chinese title, drawn (seeded) from the real
titles of the GB sample — unrelated to the English one — so that Chinese queries meet a Chinese index of a
realistic size and vocabulary. These records are synthetic: use them for measurement only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Callable, Iterator
from importlib.resources import files
from typing import Any

Maker = Callable[[str, str, int, int], str | None]


def _iso_year(ident: str) -> tuple[str, int] | None:
    """('9001', 2015) for a plain dated ISO or IEC standard, None for anything else."""
    head, _, year = ident.partition(":")
    if not year.isdigit() or "/" in head[4:] or " " in head[4:]:
        return None
    number = head.split(" ", 1)[1]
    if not number.replace("-", "").isdigit():  # "IEC 60061A": national schemes number otherwise
        return None
    return number, int(year)


MAKERS: dict[str, Maker] = {
    "EN": lambda body, number, year, i: f"EN {body} {number}:{year}",
    "BS EN": lambda body, number, year, i: f"BS EN {body} {number}:{year}",
    "BS": lambda body, number, year, i: f"BS {body} {number}:{year}",
    "DIN EN": lambda body, number, year, i: f"DIN EN {body} {number}:{year}-{(i % 12) + 1:02d}",
    "KS": lambda body, number, year, i: f"KS {'Q' if body == 'ISO' else 'C'} {body} {number}:{year}",
    "GOST R": lambda body, number, year, i: f"ГОСТ Р {'ИСО' if body == 'ISO' else 'МЭК'} {number}-{year}",
    "GB/T": lambda body, number, year, i: f"GB/T {80000 + i}-{year}",
}


def originals() -> Iterator[dict[str, Any]]:
    for name in ("iso_catalog.jsonl.gz", "iec_catalog.jsonl.gz"):
        with gzip.open(str(files("stdbridge.data") / name), "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record["id"].startswith(("ISO ", "IEC ")) and _iso_year(record["id"]):
                    yield record


def chinese_titles() -> list[str]:
    with gzip.open(str(files("stdbridge.data") / "gb_records.jsonl.gz"), "rt", encoding="utf-8") as handle:
        return [t for line in handle if (t := json.loads(line).get("title_zh"))]


def generate(target: int) -> Iterator[dict[str, Any]]:
    made = 0
    round_ = 0
    base = list(originals())
    zh = chinese_titles()
    pick = random.Random(1300000)
    seen: set[str] = set()  # both catalogues hold some documents: each designation is made once
    while made < target:
        for i, record in enumerate(base):
            body = record["id"].split(" ", 1)[0]
            number, year = _iso_year(record["id"]) or ("", 0)
            prefix = list(MAKERS)[round_ % len(MAKERS)]
            designation = MAKERS[prefix](body, number, year + round_ // len(MAKERS), i)
            if designation is None or designation in seen:
                continue
            seen.add(designation)
            status = {"published": "现行", "withdrawn": "废止"}.get(record["status"], "被代替")
            yield {
                "designation": designation,
                "title_zh": pick.choice(zh) if prefix == "GB/T" else None,
                "title_en": record.get("title_en"),
                "adopted_from": record["id"] if prefix == "GB/T" else None,
                "degree": "IDT" if prefix == "GB/T" else None,
                "status": status,
                "published": record.get("published"),
                "source": "synthetic-scale",
            }
            made += 1
            if made >= target:
                return
        round_ += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--target", type=int, default=1_300_000 - 138_000)
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as handle:
        for record in generate(args.target):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
