"""Change events become notifications for the watchlists they concern: an import replaces ISO 9001:2008 by
ISO 9001:2015 (the real excerpt after the excerpt as it stood in 2015), and watchlists of the work, of its ICS
field, of its committee and of a saved search hear of it, those of other things do not; an announced standard
that comes into force on its implementation date notifies its watchers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import EXCERPTS
from tests.watch.history import ISO, iso_before_9001_2015

from stdbridge.catalog import Catalog
from stdbridge.models import Status
from stdbridge.watch.fanout import dated_changes, fan_out, fan_out_dated
from stdbridge.watch.matching import WatchIndex
from stdbridge.watch.model import ItemKind, WatchItem, Watchlist

AT = "2026-12-04T20:00:00+00:00"


def watchlist(name: str, *items: WatchItem) -> Watchlist:
    return Watchlist(name, f"token-{name}", AT, 1, None, list(items))


@pytest.fixture
def before_2015(empty_catalog: Catalog, tmp_path: Path) -> Catalog:
    empty_catalog.import_path(iso_before_9001_2015(tmp_path), "iso", rejects_dir=tmp_path)
    return empty_catalog


def test_an_import_that_replaces_a_watched_standard_notifies_its_watchers(before_2015: Catalog, tmp_path: Path) -> None:
    store = before_2015.store
    assert fan_out(store).notifications == 0  # the first import's events, before anybody watched
    lists = [
        watchlist("work", WatchItem(ItemKind.WORK, before_2015.resolve("ISO 9001:2008").standard.work_key)),
        watchlist("edition", WatchItem(ItemKind.EDITION, before_2015.resolve("ISO 9001:2008").standard.edition_key)),
        watchlist("field", WatchItem(ItemKind.ICS, "03.120")),  # ISO 9001 is in 03.120.10
        watchlist("committee", WatchItem(ItemKind.COMMITTEE, "iso/tc 176/sc 2")),
        watchlist("search", WatchItem(ItemKind.SEARCH, "Quality management systems requirements", {"body": "ISO"})),
        watchlist("other field", WatchItem(ItemKind.ICS, "35.240")),
        watchlist("other search", WatchItem(ItemKind.SEARCH, "quality", {"body": "IEC"})),
    ]
    store.add_watchlists(lists)
    first = store.count_notifications()
    before_2015.import_path(ISO, "iso", rejects_dir=tmp_path)
    done = fan_out(store)
    assert done.events > 0 and done.notifications == store.count_notifications() - first
    by_list = {w.name: store.notifications_of([w.id or 0], limit=50) for w in lists}
    assert by_list["other field"] == [] and by_list["other search"] == []
    ended = [n for n in by_list["edition"] if n.kind == "replaced"]
    assert [(n.identifier, n.replaced_by) for n in ended] == [("ISO 9001:2008", "ISO 9001:2015")]
    assert not [n for n in by_list["edition"] if n.kind == "changed"]  # said once, by "replaced"
    for name in ("work", "field", "committee", "search"):
        kinds = {(n.identifier, n.kind) for n in by_list[name]}
        assert ("ISO 9001:2008", "replaced") in kinds and ("ISO 9001:2015", "added") in kinds, name
    assert fan_out(store).notifications == 0  # nothing twice


def test_the_first_run_notifies_the_watchers_of_the_first_import(empty_catalog: Catalog, tmp_path: Path) -> None:
    store = empty_catalog.store
    lists = [watchlist("field", WatchItem(ItemKind.ICS, "03.120.10"))]
    store.add_watchlists(lists)
    empty_catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    done = fan_out(store, batch=7)  # several batches
    found = {n.identifier for n in store.notifications_of([lists[0].id or 0], limit=1000)}
    assert {"ISO 9001:2015", "ISO 9001:2008"} <= found and done.notifications == len(found)
    assert all("03.120.10" in s.ics for s in empty_catalog.store.standards_by_keys(
        {n.edition_key for n in store.notifications_of([lists[0].id or 0], limit=1000)}).values())  # fmt: skip


def test_statuses_reached_on_a_date_are_found_and_notified(excerpts: Catalog) -> None:
    announced = [s for s in excerpts.store.iter_standards() if s.implemented and s.implemented[:4] >= "2000"]
    assert announced, "the GB excerpt holds standards with an implementation date"
    chosen = announced[0]
    day = dt.date.fromisoformat(chosen.implemented[:10]) if chosen.implemented else dt.date.today()
    found = dated_changes(excerpts.store.iter_standards(), day - dt.timedelta(days=1), day)
    assert (chosen.identifier, Status.IN_FORCE) in [(s.identifier, status) for s, status in found]
    next_day = dated_changes(excerpts.store.iter_standards(), day, day + dt.timedelta(days=1))
    assert chosen.identifier not in {s.identifier for s, _ in next_day}  # in force already: nothing new


def test_the_dated_job_notifies_once_per_day_it_covers(catalog: Catalog) -> None:
    store = catalog.store
    dated = next(s for s in store.iter_standards() if s.implemented and len(s.implemented) >= 10)
    day = dt.date.fromisoformat(dated.implemented[:10]) if dated.implemented else dt.date.today()
    lists = [watchlist("edition", WatchItem(ItemKind.EDITION, dated.edition_key))]
    store.add_watchlists(lists)
    assert fan_out_dated(store, day - dt.timedelta(days=3)).notifications == 0  # the first run only notes the day
    assert fan_out_dated(store, day).notifications == 1
    note = store.notifications_of([lists[0].id or 0])[0]
    assert (note.identifier, note.kind, note.event_id, note.detail) == (
        dated.identifier,
        "in-force",
        0,
        {"date": dated.implemented},
    )
    assert fan_out_dated(store, day).notifications == 0


def test_the_index_finds_watchers_by_every_kind_of_item(excerpts: Catalog) -> None:
    standard = excerpts.resolve("ISO 9001:2015").standard
    lists = [watchlist("body", WatchItem(ItemKind.BODY, "iso")),
             watchlist("country", WatchItem(ItemKind.COUNTRY, "int")),
             watchlist("cn", WatchItem(ItemKind.COUNTRY, "CN"))]  # fmt: skip
    for number, w in enumerate(lists, 1):
        w.id = number
    assert WatchIndex.of(lists).watchers(standard) == ({1, 2} if standard.country == "INT" else {1})
