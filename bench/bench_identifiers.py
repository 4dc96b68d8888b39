"""Round-trip rate of the identifier parsers per family on the held-out evaluation set.

For each identifier of ``tests/data/identifiers/evaluation.tsv``: parse it, render the canonical text, parse
that again; it passes when the second parse equals the first, the canonical text equals the one the set
gives (the input itself when none is given) and, where the set names it, the first declared adoption renders
as given. Prints the rate per family and every failure.

    .venv/bin/python bench/bench_identifiers.py
    .venv/bin/python bench/bench_identifiers.py --src /tmp/before/src   # the parsers of another checkout
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import NamedTuple

EVALUATION = Path(__file__).resolve().parent.parent / "tests" / "data" / "identifiers" / "evaluation.tsv"


class Entry(NamedTuple):
    family: str
    line: int
    text: str
    canonical: str
    adopted: str


def load(path: Path = EVALUATION) -> list[Entry]:
    """The entries of the evaluation file; a line before any "[family]" header is an error."""
    entries: list[Entry] = []
    family = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            family = line[1:-1]
            continue
        if not family:
            raise ValueError(f"{path}:{number}: identifier {line!r} before any [family] header")
        text, canonical, adopted = [*line.split("\t"), "", ""][:3]
        entries.append(Entry(family, number, text, canonical or text, adopted))
    return entries


def check(entry: Entry) -> str | None:
    """None when the entry round-trips, else why not."""
    identifiers = importlib.import_module("stdbridge.identifiers")
    errors = importlib.import_module("stdbridge.errors")
    try:
        ident = identifiers.parse(entry.text)
        canonical = identifiers.render(ident)
        again = identifiers.parse(canonical)
    except errors.IdentifierError as exc:
        return f"rejected: {exc}"
    if again != ident:
        return f"re-parsing {canonical!r} gives another identifier"
    if canonical != entry.canonical:
        return f"renders as {canonical!r}, expected {entry.canonical!r}"
    if entry.adopted:
        if not ident.adoptions:
            return f"declares no adoption, expected {entry.adopted!r}"
        adopted = identifiers.render(ident.adoptions[0].identifier)
        if adopted != entry.adopted:
            return f"adopts {adopted!r}, expected {entry.adopted!r}"
    return None


def rates(entries: list[Entry]) -> dict[str, tuple[int, list[tuple[Entry, str]]]]:
    """Per family: the number of entries and the failures."""
    out: dict[str, tuple[int, list[tuple[Entry, str]]]] = {}
    for entry in entries:
        total, failures = out.get(entry.family, (0, []))
        why = check(entry)
        if why is not None:
            failures.append((entry, why))
        out[entry.family] = (total + 1, failures)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, help="import stdbridge from this source folder instead")
    args = parser.parse_args()
    if args.src is not None:
        sys.path.insert(0, str(args.src.resolve()))
    package = importlib.import_module("stdbridge")
    print(f"parsers: {Path(package.__file__ or '').parent}")
    results = rates(load())
    print(f"{'family':8} {'ids':>5} {'fail':>5} {'round-trip':>10}")
    for family, (total, failures) in results.items():
        print(f"{family:8} {total:5d} {len(failures):5d} {1 - len(failures) / total:10.2%}")
    for family, (_, failures) in results.items():
        for entry, why in failures:
            print(f"  [{family}] line {entry.line}: {entry.text!r}: {why}")


if __name__ == "__main__":
    main()
