"""Relevance of search: judged queries, and hit@1, hit@10 and MRR of a ranking function over them.

The judged queries live in ``tests/data/relevance/queries.jsonl`` (one JSON object a line; the
conventions are in the README beside it). A *run* is any function that takes the query text and its
filters and returns canonical identifiers, best first::

    from relevance import load_queries, print_report, score

    metrics = score(load_queries(QUERIES), lambda text, filters: my_search(text, filters))
    print_report(metrics)

A query is a hit at rank r when the r-th identifier returned is one of its expected identifiers
(compared exactly, as the catalogue renders them). hit@1 and hit@10 are the share of queries with a
hit at rank 1 and within the first ten; MRR is the mean of 1/r for the first hit within the first
ten, 0 when there is none. Figures are given overall and by kind, language and style, with the misses.

From the command line::

    PYTHONPATH=src .venv/bin/python bench/relevance.py --set held-out-2026-12     # one set of queries only
    PYTHONPATH=src .venv/bin/python bench/relevance.py --run resolve              # identifier resolution only
    PYTHONPATH=src .venv/bin/python bench/relevance.py --run my.module:make_run   # make_run(catalog) -> run

``--catalog`` names the SQLite file to search (built from the bundled data, ~20 s, when it is empty).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stdbridge.catalog import Catalog
    from stdbridge.models import Standard

QUERIES = Path(__file__).resolve().parent.parent / "tests" / "data" / "relevance" / "queries.jsonl"
CUTOFF = 10

KINDS = ("identifier", "keyword")
LANGS = ("en", "zh", "ja", "fr", "mixed")
STYLES = ("exact", "sloppy", "partial", "old-edition", "typo", "cross-language")
FILTER_KEYS = ("body", "country", "type", "status", "ics", "year")

Run = Callable[[str, dict[str, str]], Sequence[str]]


class QueryFileError(ValueError):
    """A line of the query file is not a valid judged query."""


@dataclass(frozen=True, slots=True)
class Query:
    """One judged query: what a user typed and the records any of which is a right answer."""

    id: str
    query: str
    kind: str
    lang: str
    style: str
    filters: dict[str, str]
    expected: tuple[str, ...]  # canonical identifiers, by preference
    note: str = ""
    set: str = ""  # a held-out set the query belongs to ("held-out-2026-12"); "" for the original set


@dataclass(slots=True)
class Scores:
    """Running totals for one group of queries."""

    count: int = 0
    hits_at_1: int = 0
    hits_at_10: int = 0
    reciprocal_ranks: float = 0.0

    def add(self, rank: int | None) -> None:
        self.count += 1
        if rank is not None:
            self.hits_at_1 += rank == 1
            self.hits_at_10 += 1
            self.reciprocal_ranks += 1 / rank

    @property
    def hit_at_1(self) -> float:
        return self.hits_at_1 / self.count if self.count else 0.0

    @property
    def hit_at_10(self) -> float:
        return self.hits_at_10 / self.count if self.count else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.count if self.count else 0.0


@dataclass(frozen=True, slots=True)
class Miss:
    """A query whose first answer was not an expected record: where the first expected one came, if at all."""

    query: Query
    rank: int | None  # rank of the first expected identifier within the cut-off, None when absent
    returned: tuple[str, ...]  # the first identifiers returned, for reading the report


@dataclass(slots=True)
class Metrics:
    """hit@1, hit@10 and MRR overall and by kind, language and style, and the queries missed at rank 1."""

    overall: Scores = field(default_factory=Scores)
    by_kind: dict[str, Scores] = field(default_factory=dict)
    by_lang: dict[str, Scores] = field(default_factory=dict)
    by_style: dict[str, Scores] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    @property
    def hit_at_1(self) -> float:
        return self.overall.hit_at_1

    @property
    def hit_at_10(self) -> float:
        return self.overall.hit_at_10

    @property
    def mrr(self) -> float:
        return self.overall.mrr


# reading ------------------------------------------------------------------------------
def load_queries(path: str | Path = QUERIES) -> list[Query]:
    """The judged queries of a JSON-lines file; raises ``QueryFileError`` naming the line of a bad one."""
    queries: list[Query] = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                queries.append(query_from_json(json.loads(line)))
            except (ValueError, TypeError, KeyError) as exc:
                raise QueryFileError(f"{path}:{number}: {exc}") from None
    return queries


def query_from_json(data: Any) -> Query:
    if not isinstance(data, dict):
        raise QueryFileError("a query is a JSON object")
    filters = data.get("filters") or {}
    expected = data["expected"]
    if not isinstance(filters, dict) or not all(isinstance(v, str) for v in filters.values()):
        raise QueryFileError("filters must map names to strings")
    if not isinstance(expected, list) or not expected or not all(isinstance(x, str) for x in expected):
        raise QueryFileError("expected must be a non-empty list of identifiers")
    return Query(
        id=str(data["id"]),
        query=str(data["query"]),
        kind=str(data["kind"]),
        lang=str(data["lang"]),
        style=str(data["style"]),
        filters=dict(filters),
        expected=tuple(expected),
        note=str(data.get("note", "")),
        set=str(data.get("set", "")),
    )


# scoring ------------------------------------------------------------------------------
def first_hit_rank(expected: Iterable[str], ranked: Sequence[str], cutoff: int = CUTOFF) -> int | None:
    """1-based rank of the first identifier in ``ranked[:cutoff]`` that is expected, else None."""
    wanted = set(expected)
    for rank, identifier in enumerate(ranked[:cutoff], 1):
        if identifier in wanted:
            return rank
    return None


def score(queries: Iterable[Query], run: Run, *, cutoff: int = CUTOFF) -> Metrics:
    """Run every query and total hit@1, hit@cutoff and reciprocal rank within the cut-off."""
    metrics = Metrics()
    for query in queries:
        ranked = list(run(query.query, dict(query.filters)))
        rank = first_hit_rank(query.expected, ranked, cutoff)
        for group, key in (
            (metrics.by_kind, query.kind),
            (metrics.by_lang, query.lang),
            (metrics.by_style, query.style),
        ):
            group.setdefault(key, Scores()).add(rank)
        metrics.overall.add(rank)
        if rank != 1:
            metrics.misses.append(Miss(query, rank, tuple(ranked[:3])))
    return metrics


def satisfies(standard: Standard, filters: dict[str, str]) -> bool:
    """Whether a record passes the filters of a judged query (ICS matches by prefix, year as text)."""
    tests: dict[str, Callable[[str], bool]] = {
        "body": lambda v: standard.body == v,
        "country": lambda v: standard.country == v,
        "type": lambda v: standard.doctype == v,
        "status": lambda v: standard.status == v,
        "ics": lambda v: any(code == v or code.startswith(v + ".") for code in standard.ics),
        "year": lambda v: str(standard.year) == v,
    }
    return all(tests[key](value) for key, value in filters.items())


# reporting ----------------------------------------------------------------------------
def print_report(metrics: Metrics, file: IO[str] | None = None, *, misses: bool = True) -> None:
    """Print the figures as a table, then the queries not answered at rank 1."""
    out = file if file is not None else sys.stdout
    print(f"{'group':<24}{'n':>5}{'hit@1':>8}{'hit@10':>8}{'MRR':>8}", file=out)
    rows: list[tuple[str, Scores]] = [("all", metrics.overall)]
    for title, group in (("kind", metrics.by_kind), ("lang", metrics.by_lang), ("style", metrics.by_style)):
        rows += [(f"{title}={key}", group[key]) for key in sorted(group)]
    for name, s in rows:
        print(f"{name:<24}{s.count:>5}{s.hit_at_1:>8.3f}{s.hit_at_10:>8.3f}{s.mrr:>8.3f}", file=out)
    if misses and metrics.misses:
        print(f"\nnot first ({len(metrics.misses)}):", file=out)
        for miss in metrics.misses:
            where = f"rank {miss.rank}" if miss.rank else "absent"
            filters = f" {miss.query.filters}" if miss.query.filters else ""
            got = ", ".join(miss.returned) or "nothing"
            print(f"  {miss.query.id} {where:<8} {miss.query.query!r}{filters}", file=out)
            print(f"      want {miss.query.expected[0]}; got {got}", file=out)


# running ------------------------------------------------------------------------------
def resolve_run(catalog: Catalog) -> Run:
    """A baseline that only resolves identifiers (``Catalog.resolve``): the chosen record, then its others."""
    from stdbridge.errors import StdbridgeError

    def run(text: str, filters: dict[str, str]) -> list[str]:
        try:
            resolution = catalog.resolve(text)
        except StdbridgeError:
            return []
        found = [resolution.standard, *resolution.others]
        return [s.identifier for s in found if satisfies(s, filters)]

    return run


def search_run(catalog: Catalog) -> Run:
    """The platform's search (``Catalog.search``): the identifiers of the first page of ten, in order."""
    from stdbridge.search import Filters, SearchRequest

    def run(text: str, filters: dict[str, str]) -> list[str]:
        first, _, last = filters.get("year", "").partition("-")
        chosen = Filters(
            body=tuple(filter(None, [filters.get("body")])),
            country=tuple(filter(None, [filters.get("country")])),
            doctype=tuple(filter(None, [filters.get("type")])),
            status=tuple(filter(None, [filters.get("status")])),
            ics=tuple(filter(None, [filters.get("ics")])),
            year_from=int(first) if first else None,
            year_to=int(last or first) if first else None,
        )
        results = catalog.search(SearchRequest(text, chosen, limit=CUTOFF))
        return [hit.standard.identifier for hit in results.hits]

    return run


def load_run(spec: str, catalog: Catalog) -> Run:
    """``search``, ``resolve`` or ``module:factory`` where ``factory(catalog)`` returns a run."""
    if spec == "resolve":
        return resolve_run(catalog)
    if spec == "search":
        return search_run(catalog)
    module_name, _, attribute = spec.partition(":")
    if not attribute:
        raise SystemExit(f"Error: --run takes 'resolve' or 'module:factory', not {spec!r}")
    factory = getattr(importlib.import_module(module_name), attribute)
    run: Run = factory(catalog)
    return run


def open_catalog(path: Path) -> Catalog:
    from stdbridge.catalog import Catalog

    catalog = Catalog.open(path)
    if catalog.is_empty():
        print(f"building {path} from the bundled data ...", file=sys.stderr)
        catalog.load_bundled(rejects_dir=path.parent)
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--queries", type=Path, default=QUERIES, help="judged queries (JSON lines)")
    parser.add_argument("--catalog", type=Path, default=Path("/tmp/stdbridge-relevance/catalog.db"))
    parser.add_argument("--run", default="search", help="'search', 'resolve' or module:factory -> run")
    parser.add_argument("--no-misses", action="store_true", help="print the table only")
    parser.add_argument(
        "--set", dest="query_set", help="only the queries of this set: 'original' (no set field) or a set's name"
    )
    args = parser.parse_args(argv)
    args.catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog = open_catalog(args.catalog)
    queries = load_queries(args.queries)
    if args.query_set is not None:
        wanted = "" if args.query_set == "original" else args.query_set
        queries = [query for query in queries if query.set == wanted]
        if not queries:
            raise SystemExit(f"Error: no query of set {args.query_set!r} in {args.queries}")
    metrics = score(queries, load_run(args.run, catalog))
    print_report(metrics, misses=not args.no_misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
