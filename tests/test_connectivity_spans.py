"""The days in force the store keeps (``store.spans_sql``, migration 0019) against the connectivity index's earlier
way of finding them (each edition's record and successors read and ``lifecycle.in_force_span`` worked out at every
question, and every adoption and equivalence of the catalogue read): the same rows, and the same figures at dates
on both sides of replacements, implementations and withdrawals, on the excerpts of the bundled data and after an
import that replaces one of them (GB/T 19001-2016 replaces GB/T 19001-2008 from 2017-07-01; GB/T 22080-2025
replaces GB/T 22080-2016 from 2026-01-01 in the excerpts already)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from stdbridge.analytics import connectivity as conn
from stdbridge.analytics.compatibility import Scope
from stdbridge.analytics.connectivity_links import Bridges
from stdbridge.catalog import Catalog
from stdbridge.catalog.lifecycle import in_force_span, is_edition, successors_of_each
from stdbridge.store import SqlStore, Store
from stdbridge.store.spans_sql import EditionSpan, fill_spans

GB_OFFICIAL = Path(__file__).parent / "data" / "gb" / "gb_official.csv"
DAYS = [
    *conn.year_ends(2000, 2026),
    dt.date(2017, 2, 28), dt.date(2017, 3, 1),  # GB/T 22080-2016 comes into force
    dt.date(2017, 6, 30), dt.date(2017, 7, 1),  # GB/T 19001-2016 replaces GB/T 19001-2008
    dt.date(2022, 10, 24), dt.date(2022, 10, 25),  # ISO/IEC 27001:2013 is withdrawn
    dt.date(2025, 12, 31), dt.date(2026, 1, 1),  # GB/T 22080-2025 replaces GB/T 22080-2016
]  # fmt: skip
PAIRS = [("country:CN", "body:ISO", None), ("country:CN", "country:JP", None), ("country:CN", "body:IEC", None),
         ("country:CN", "body:ISO", "35"), ("body:SAC", "country:INT", None)]  # fmt: skip


def spans_from_records(store: Store, ids: Iterable[int]) -> list[EditionSpan]:
    """The earlier way: each edition's days from its record and its successors, read at the question."""
    editions = {sid: s for sid, s in store.dated_standards(ids).items() if is_edition(s)}
    successors = successors_of_each(store, editions.values())
    return [EditionSpan(sid, s.edition_key, s.work_key, tuple(sorted({c[:2] for c in s.ics if len(c) >= 2})),
                        in_force_span(s, successors.get(sid, ()))) for sid, s in editions.items()]  # fmt: skip


def every_row(store: Store) -> dict[int, EditionSpan]:
    ids = [s.id for s in store.iter_standards() if s.id is not None]
    return {row.id: row for row in store.edition_spans(ids)}


def figures(catalog: Catalog) -> list[Any]:
    """Every pair's figures on every day, worked out afresh."""
    found = []
    for a, b, ics in PAIRS:
        conn._cache.clear()
        conn._bridges.clear()
        conn._bridges_near.clear()
        conn._scopes_read.clear()
        catalog.store.drop_kept_answers()
        answer = conn.connectivity(catalog, Scope.read(catalog, a)[0], Scope.read(catalog, b)[0], DAYS, ics).to_json()
        answer.pop("seconds")
        found.append(answer)
    return found


def both_ways(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[Any]]:
    kept = figures(catalog)
    with monkeypatch.context() as patched:
        patched.setattr(catalog.store, "edition_spans", lambda ids: spans_from_records(catalog.store, ids))
        patched.setattr(conn, "_bridges_around", lambda catalog, _state, _ids: Bridges.read(catalog.store))
        earlier = figures(catalog)
    return kept, earlier


def test_the_kept_days_and_figures_are_those_worked_out_from_the_records(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = catalog.store
    rows = every_row(store)
    assert rows == {r.id: r for r in spans_from_records(store, rows)}
    # every whole edition has its row, and only they
    editions = {s.id for s in store.iter_standards() if is_edition(s)}
    assert set(rows) == editions and len(editions) > 100
    by_key = {r.edition_key: r for r in rows.values()}
    assert by_key["GB/T 22080-2016"].span == ("2017-03-01", "2026-01-01")  # GB/T 22080-2025 replaces it
    assert by_key["ISO/IEC 27001:2013"].span is not None and by_key["ISO/IEC 27001:2013"].span[1] == "2022-10-25"
    kept, earlier = both_ways(catalog, monkeypatch)
    assert kept == earlier
    cn_iso = {p["date"]: p for p in kept[0]["points"]}  # GB/T 22080-2016 IDT ISO/IEC 27001:2013 (the hand-worked test)
    assert cn_iso["2017-02-28"]["a"]["recognised"] + 1 == cn_iso["2017-03-01"]["a"]["recognised"]
    assert cn_iso["2022-10-24"]["b"]["recognised"] == cn_iso["2022-10-25"]["b"]["recognised"] + 1

    # an import adds GB/T 19001-2016, which replaces GB/T 19001-2008: its row moves in the import's transaction
    catalog.import_path(GB_OFFICIAL, "gb", rejects_dir=tmp_path)
    rows = every_row(store)
    assert rows == {r.id: r for r in spans_from_records(store, rows)}
    by_key = {r.edition_key: r for r in rows.values()}
    assert by_key["GB/T 19001-2016"].span == ("2017-07-01", "9999-12-31")
    assert by_key["GB/T 19001-2008"].span == ("2008-01-01", "2017-07-01")
    kept, earlier = both_ways(catalog, monkeypatch)
    assert kept == earlier
    # the rows an upgrade fills (every one afresh) are those the writes kept
    assert isinstance(store, SqlStore)
    with store.engine.begin() as connection:
        assert fill_spans(connection) == len(rows)
    assert every_row(store) == rows
