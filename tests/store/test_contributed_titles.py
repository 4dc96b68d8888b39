"""A delivered translation project's title of a standard (``Store.add_contributed_title``) on SQLite and
PostgreSQL: kept apart from the official titles, a change of the feed (so that every node's index takes it in),
refused for an edition the catalogue does not hold."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.store.test_contract import excerpt, save

from stdbridge.errors import NotFound
from stdbridge.store import SqlStore, Store

KEY = "GB/T 19001-2008"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def test_a_contributed_title_is_kept_apart_and_fed_to_the_index(store: Store) -> None:
    (gb,) = [s for s in excerpt("gb-sample").values() if s.edition_key == KEY]
    save(store, gb)
    before = store.latest_change()
    contribution = {"title": "Quality management systems — Requirements", "by": "Wang Fang", "project": 7,
                    "at": "2026-12-04T20:00:00Z", "source_lang": "zh"}  # fmt: skip
    with store.transaction():
        store.add_contributed_title(KEY, "en", contribution, "2026-12-04T20:00:00Z")
    record = store.standards_by_keys([KEY])[KEY]
    assert record.titles == gb.titles == {"zh": "质量管理体系 要求"}
    assert record.extra["contributed_titles"] == {"en": contribution}
    assert {k: v for k, v in record.extra.items() if k != "contributed_titles"} == gb.extra
    latest, keys = store.changes_since(before)
    assert latest == before + 1 and keys == [KEY]
    with pytest.raises(NotFound, match="ISO 9001:2015"):
        store.add_contributed_title("ISO 9001:2015", "zh", contribution, "2026-12-04T20:00:00Z")
