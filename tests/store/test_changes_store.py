"""The store's pages of change events (``stdbridge changes``), on SQLite and PostgreSQL: only events of records held,
of the bodies and countries asked, oldest first, after an event id; and how many there are in all."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import load_excerpts

from stdbridge.catalog import Catalog
from stdbridge.store import SqlStore

SINCE = "2000-01-01"
EVERY = 1_000_000


def test_pages_of_events_of_the_records_of_bodies_and_countries(store_url: str, tmp_path: Path) -> None:
    store = SqlStore(store_url)
    try:
        load_excerpts(Catalog(store), tmp_path)
        read = store.events_of_records(SINCE, limit=EVERY)
        assert len(read) == store.count_events_of_records(SINCE) == len(store.events(limit=EVERY)) > 300
        held = store.standards_by_keys({e.edition_key for _i, e, _sid in read})
        assert all(held[e.edition_key].id == sid for _i, e, sid in read)  # each with its record's id
        every = [(i, e) for i, e, _sid in read]
        assert [i for i, _e in every] == sorted(i for i, _e in every)  # oldest first
        jis = [(i, e) for i, e, _sid in store.events_of_records(SINCE, bodies=["JISC"], limit=EVERY)]
        assert jis == [(i, e) for i, e in every if held[e.edition_key].body == "JISC"] and jis
        assert store.count_events_of_records(SINCE, bodies=["JISC"]) == len(jis)
        asian = [(i, e) for i, e in every if held[e.edition_key].country in ("JP", "CN")]
        paged, after = [], 0
        while page := store.events_of_records(SINCE, after_id=after, countries=["JP", "CN"], limit=7):
            assert len(page) <= 7
            paged += [(i, e) for i, e, _sid in page]
            after = page[-1][0]
        assert paged == asian and {held[e.edition_key].country for _i, e in paged} == {"JP", "CN"}
        assert store.events_of_records(SINCE, bodies=["ISO"], countries=["JP"], limit=EVERY) == []
        assert store.events_of_records("2999-01-01", limit=EVERY) == []
        assert store.count_events_of_records("2999-01-01") == 0
    finally:
        store.close()
