"""The status of a record from what is known (``catalog.lifecycle``): stated where the source gives it, else
derived from its dates and the standards that replaced it; the same on the record, in the search facet and in
``family --as-of``, and brought to the day in the search index."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stdbridge.catalog import Catalog, lifecycle
from stdbridge.catalog.facade import _INDEX_CHECK_SECONDS
from stdbridge.catalog.lifecycle import status_now
from stdbridge.importers.bundled import bundled_path
from stdbridge.models import Status
from stdbridge.search import index as search_index
from stdbridge.search.engine import MAX_LIMIT, Filters, SearchRequest
from stdbridge.serialize import family_json

GB_OFFICIAL = Path(__file__).parent / "data" / "gb" / "gb_official.csv"
GB_SAMPLE = "gb_records.jsonl.gz"  # the bundled GB sample: GB 4706.1-2024 and its predecessors are in it


@pytest.fixture
def gb(empty_catalog: Catalog, tmp_path: Path) -> Catalog:
    empty_catalog.import_path(bundled_path(GB_SAMPLE), "gb-sample", rejects_dir=tmp_path)
    return empty_catalog


def test_an_announced_standard_is_in_force_from_its_implementation_date(gb: Catalog) -> None:
    # GB 4706.1-2024: no status in the source; published 2024-07-24, implemented 2026-08-01
    assert gb.get("GB 4706.1-2024").status == Status.UNKNOWN
    before = gb.status_on("GB 4706.1-2024", "2024-07-01")
    announced = gb.status_on("GB 4706.1-2024", "2025-01-01")
    in_force = gb.status_on("GB 4706.1-2024", "2026-08-01")
    assert (before.status, before.until) == ("not-yet-published", "2024-07-24")
    assert (announced.status, announced.since, announced.until) == ("announced", "2024-07-24", "2026-08-01")
    assert (in_force.status, in_force.since) == ("in-force", "2026-08-01")
    assert announced.derived and in_force.derived and in_force.stated == "unknown"


def test_the_edition_it_replaces_is_in_force_until_then_and_replaced_after(gb: Catalog) -> None:
    # GB 4706.1-2005: no status and no date in the source; GB 4706.1-2024 says it replaces it
    assert gb.status_on("GB 4706.1-2005", "2025-01-01").status == "in-force"
    after = gb.status_on("GB 4706.1-2005", "2026-08-01")
    assert (after.status, after.since, after.derived) == ("replaced", "2026-08-01", True)
    assert "GB 4706.1-2024" in after.basis
    # GB 4706.1-1998: replaced by the later edition of the same work, which came into force in 2005
    older = gb.status_on("GB 4706.1-1998", "2010-01-01")
    assert (older.status, older.since) == ("replaced", "2005")


def test_a_standard_is_replaced_once_the_standard_replacing_it_is_imported(gb: Catalog, tmp_path: Path) -> None:
    assert gb.status_on("GB/T 19001-2008", "2026-01-01").status == "unknown"
    gb.import_path(GB_OFFICIAL, "gb", rejects_dir=tmp_path)  # GB/T 19001-2016 replaces GB/T 19001-2008
    on = gb.status_on("GB/T 19001-2008", "2026-01-01")
    assert (on.status, on.since, on.derived) == ("replaced", "2017-07-01", True)
    before = gb.status_on("GB/T 19001-2008", "2017-06-30")  # published (2008), its replacement yet to come
    assert (before.status, before.until) == ("in-force", "2017-07-01")


def test_a_stated_status_is_kept(gb: Catalog, tmp_path: Path) -> None:
    gb.import_path(GB_OFFICIAL, "gb", rejects_dir=tmp_path)
    on = gb.status_on("GB/T 19001-2016", "2026-01-01")  # 现行 in the source
    assert (on.status, on.derived, on.stated) == ("in-force", False, "in-force")
    withdrawn = gb.status_on("GB/T 22080-2008", dt.date.today())  # 废止 in the source, with no date
    assert (withdrawn.status, withdrawn.derived, withdrawn.since) == ("withdrawn", False, None)


def test_record_facet_and_family_agree(gb: Catalog, tmp_path: Path) -> None:
    gb.import_path(GB_OFFICIAL, "gb", rejects_dir=tmp_path)
    asked = SearchRequest("质量管理体系 要求", Filters(body=("SAC",)), group=False, limit=MAX_LIMIT)
    results = gb.search(asked)
    hits = [h for offset in range(0, results.total, MAX_LIMIT)
            for h in gb.search(dataclasses.replace(asked, offset=offset)).hits]  # fmt: skip
    assert len(hits) == results.total > 100
    by_id = {h.standard.identifier: h for h in hits}
    old = by_id["GB/T 19001-2008"]
    assert old.status is not None and (old.status.status, old.status.derived) == ("replaced", True)
    facet = {v.value: v.count for v in results.facets["status"]}
    shown = [status_now(gb.store, h.standard).status for h in hits]
    assert facet == {value: shown.count(value) for value in set(shown)}
    family = family_json(gb.family("GB/T 19001-2008", dt.date.today()))
    assert family["status_on"]["GB/T 19001-2008"]["status"] == "replaced"
    assert family["status_on"]["GB/T 19001-2008"]["derived"] is True


class _Day(dt.date):
    """A ``date`` whose ``today`` is a given day: the index built on an earlier day."""

    @classmethod
    def today(cls) -> _Day:
        return cls(2025, 1, 1)


@pytest.fixture
def earlier_day(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    class _Dates:
        date = _Day

    monkeypatch.setattr(search_index, "dt", _Dates)
    yield
    monkeypatch.undo()


def _status_counts(catalog: Catalog) -> dict[str, int]:
    _total, facets = catalog.search_engine().facet_counts(Filters(body=("SAC",)))
    return {v.value: v.count for v in facets["status"]}


def test_the_index_brings_statuses_to_the_day(gb: Catalog, earlier_day: None, monkeypatch: pytest.MonkeyPatch) -> None:
    gb.rebuild_index()  # on 2025-01-01: GB 4706.1-2024 is announced
    meta = json.loads(gb.index.meta_path.read_text(encoding="utf-8"))
    assert meta["status_day"] == "2025-01-01"
    # the three editions of GB 4706.1 then: 1998 replaced, 2005 in force until 2026-08-01, 2024 announced
    then = {v.value: v.count for v in gb.search("GB 4706.1-2024").facets["status"]}
    assert then == {"replaced": 1, "in-force": 1, "announced": 1}
    before = _status_counts(gb)
    monkeypatch.undo()  # today again: the announced standards whose implementation date has come are in force
    assert gb.index.statuses_due()
    time.sleep(_INDEX_CHECK_SECONDS)  # a catalogue looks at its index this often
    now = {v.value: v.count for v in gb.search("GB 4706.1-2024").facets["status"]}
    assert now == {"replaced": 2, "in-force": 1}
    after = _status_counts(gb)
    assert after["announced"] < before["announced"] and sum(after.values()) == sum(before.values())
    assert not gb.index.statuses_due()


def test_the_index_reads_records_as_lifecycle_reads_standards(gb: Catalog) -> None:
    # the index builds what lifecycle needs of each record from the record itself, and decides the statuses a
    # source states once per status and dates: the same editions and statuses as from whole standards, any day
    known: dict[str, dict[tuple[Any, ...], lifecycle.StatusOn]] = {}
    records = list(gb.store.iter_records())
    assert len(records) > 100 and {r["status"] for _, r in records} >= {"in-force", "unknown"}
    for sid, record in records:
        standard = lifecycle.dated_standard(sid, record)
        assert lifecycle.Edition.of_record(sid, record) == lifecycle.Edition.of(standard)
        if standard.status != Status.UNKNOWN:
            for day in (dt.date(2000, 1, 1), dt.date(2026, 1, 1), dt.date.today()):
                shared = lifecycle.stated_lifecycle(sid, record, day, known.setdefault(day.isoformat(), {}))
                assert shared == lifecycle.lifecycle(standard, day)
    assert 0 < len(known[dt.date.today().isoformat()]) < len(records)
