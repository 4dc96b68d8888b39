"""The whole-system reads of the connectivity index against the one-standard rules they stand for: the days in
force of every edition (``lifecycle.in_force_span`` against ``lifecycle``), the counted links of two systems
(``connectivity_links.recognised_links`` against ``compatibility.declared_links``), on the bundled data."""

from __future__ import annotations

import datetime as dt

import pytest

from stdbridge.analytics.compatibility import Scope, scope_members
from stdbridge.analytics.compatibility.links import declared_links
from stdbridge.analytics.connectivity_links import Bridges, recognised_links
from stdbridge.catalog import Catalog
from stdbridge.catalog.lifecycle import in_force_span, is_edition, lifecycle, successors_of_each
from stdbridge.importers.bundled import bundled_path
from stdbridge.models import Status, date_floor
from stdbridge.search.index import work_hash
from stdbridge.search.selection import work_hashes


def _days_around(standard_dates: list[str | None]) -> set[dt.date]:
    days = {dt.date(year, 12, 31) for year in range(1985, 2031)}
    for text in standard_dates:
        day = date_floor(text)
        if day is not None:
            days |= {day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)}
    return days


@pytest.fixture(scope="module")
def gb_sample(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    from stdbridge.store import SqlStore

    where = tmp_path_factory.mktemp("gb")
    catalog = Catalog(SqlStore(f"sqlite:///{where / 'gb.db'}"))
    catalog.import_path(bundled_path("gb_records.jsonl.gz"), "gb-sample", rejects_dir=where)
    return catalog


@pytest.mark.parametrize("which", ["excerpts", "gb_sample"])
def test_the_span_in_force_is_the_days_lifecycle_says_in_force(which: str, request: pytest.FixtureRequest) -> None:
    catalog: Catalog = request.getfixturevalue(which)
    standards = list(catalog.store.standards_by_ids(range(1, 100_000)).values())
    successors = successors_of_each(catalog.store, standards)
    checked = spans = open_ended = 0
    for s in standards:
        assert s.id is not None
        found = successors.get(s.id, [])
        span = in_force_span(s, found)
        spans += span is not None
        open_ended += span is not None and span[1] == "9999-12-31"
        dates = [s.published, s.implemented, s.withdrawn, s.imported_at, *(f.in_force for f in found)]
        for day in _days_around(dates):
            in_force = lifecycle(s, day, found).status == Status.IN_FORCE.value
            assert in_force == (span is not None and span[0] <= day.isoformat() < span[1]), (s.identifier, day)
            checked += 1
    # the data hold editions in force for a while, never, and to this day
    assert spans > open_ended > 10 and checked > 10_000


@pytest.mark.parametrize(("a", "b"), [("country:CN", "body:ISO"), ("body:ISO", "body:IEC"),
                                       ("country:JP", "body:ISO"), ("country:CN", "body:IEC"),
                                       ("country:INT", "country:JP")])  # fmt: skip
def test_the_counted_links_are_the_declared_ones_but_related_editions(excerpts: Catalog, a: str, b: str) -> None:
    sides = []
    for name in (a, b):
        scope = Scope.read(excerpts, name)[0]
        sides.append({s.id: s for s in scope_members(excerpts, scope, members="all") if s.id and is_edition(s)})
    side_a, side_b = sides
    declared = declared_links(excerpts, side_a, side_b)
    expected = {pair: (d.kind, d.steps) for pair, d in declared.items() if d.kind != "related-edition"}
    works_a = {x: work_hash(s.work_key) for x, s in side_a.items()}
    works_b = {y: work_hash(s.work_key) for y, s in side_b.items()}
    index = excerpts.search_engine().index
    found = recognised_links(Bridges.read(excerpts.store), works_a, works_b, lambda ids: work_hashes(index, ids))
    assert found == expected
    if (a, b) == ("country:CN", "body:ISO"):  # GB/T 22080-2016 IDT ISO/IEC 27001:2013, among others
        named = {(side_a[x].identifier, side_b[y].identifier): link for (x, y), link in found.items()}
        assert named[("GB/T 22080-2016", "ISO/IEC 27001:2013")] == ("IDT", 1)


def test_the_information_over_arrays_is_the_formula_of_compatibility(excerpts: Catalog) -> None:
    from stdbridge.analytics.compatibility.information import information_between
    from stdbridge.analytics.connectivity import _information

    index = excerpts.search_engine().index
    sides = []
    for name in ("country:CN", "body:ISO"):
        scope = Scope.read(excerpts, name)[0]
        members = [s for s in scope_members(excerpts, scope, members="all") if s.id and is_edition(s)]
        successors = successors_of_each(excerpts.store, members)
        sides.append({s.id: (s, span) for s in members if (span := in_force_span(s, successors.get(s.id or 0, [])))})
    side_a, side_b = sides
    links = recognised_links(Bridges.read(excerpts.store), {x: work_hash(s.work_key) for x, (s, _sp) in side_a.items()},
                             {y: work_hash(s.work_key) for y, (s, _sp) in side_b.items()},
                             lambda ids: work_hashes(index, ids))  # fmt: skip
    linked = [(max(side_a[x][1][0], side_b[y][1][0]), min(side_a[x][1][1], side_b[y][1][1]), x, y) for x, y in links]
    compared = 0
    for year in range(2005, 2027):
        day = f"{year}-12-31"
        live_a = {x for x, (_s, (low, high)) in side_a.items() if low <= day < high}
        live_b = {y for y, (_s, (low, high)) in side_b.items() if low <= day < high}
        a_sets: dict[int, set[int]] = {x: set() for x in live_a}
        b_sets: dict[int, set[int]] = {y: set() for y in live_b}
        for x, y in links:
            if x in live_a and y in live_b:
                a_sets[x].add(y)
                b_sets[y].add(x)
        expected = information_between(a_sets, b_sets).symmetric if live_a and live_b else 0.0
        assert _information(linked, day, len(live_a), len(live_b)) == pytest.approx(expected, abs=1e-12), day
        compared += expected > 0
    assert compared >= 5  # years with a link in force: 2009-2021 at least
