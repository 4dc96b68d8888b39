"""Notices in the store (SQLite and PostgreSQL): kept with their codes and citations, the same key updated (and
only when something changed, with a new ``seq``), found by country, body, kind, ICS field and HS heading (and what
is under them), dates, words and the comment-deadline window, counted, found by the works they cite, and read after
a ``seq``. Real notifications: G/TBT/N/CHN/1786 (gramineous seed) and G/TBT/N/BHR/1 (citing IEC 60335-2-9)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stdbridge.notices.model import Citation, Notice, NoticeKind, NoticeQuery
from stdbridge.store import SqlStore, Store

AT, LATER = "2026-12-04T20:00:00+00:00", "2026-12-05T08:00:00+00:00"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def seed() -> Notice:
    return Notice(NoticeKind.TBT, "G/TBT/N/CHN/1786", "National Standard of the P.R.C., Quality grading for the "
                  "gramineous seed", "2025-10-16", "CN", symbol="G/TBT/N/CHN/1786",
                  hs=("100310", "100410", "120923", "120924", "120925"), ics=("65.020.01",), language="en")  # fmt: skip


def bahrain() -> Notice:
    cited = [Citation("IEC 60335-2-9", "IEC 60335-2-9:2019", "IEC 60335-2-9", "IEC 60335-2-9:2019"),
             Citation("ISO 309-1", "ISO 309-1", "ISO 309-1", None)]  # fmt: skip
    return Notice(NoticeKind.TBT, "G/TBT/N/BHR/1", "Implementation of conformity assessment procedures for 14 "
                  "imported and locally produced electrical products", "2005-01-14", "BH", symbol="G/TBT/N/BHR/1",
                  hs=("84", "85"), ics=("97",), comment_deadline="2005-01-29", citations=cited)  # fmt: skip


def test_notices_are_kept_updated_by_key_and_found(store: Store) -> None:
    assert store.save_notice(seed(), AT) == "added"
    assert store.save_notice(bahrain(), AT) == "added"
    assert store.save_notice(bahrain(), LATER) == "same"
    changed = bahrain()
    changed.comment_deadline = "2005-02-28"
    assert store.save_notice(changed, LATER) == "changed"
    kept = store.notice_by_key("G/TBT/N/BHR/1")
    assert kept is not None and kept.id == changed.id and kept.comment_deadline == "2005-02-28"
    assert (kept.created_at, kept.updated_at) == (AT, LATER)
    assert [c.identifier for c in kept.citations] == ["IEC 60335-2-9:2019", "ISO 309-1"]
    assert store.notice_by_id(kept.id or 0) == kept

    def keys(**wanted: object) -> list[str]:
        return [n.key for n in store.find_notices(NoticeQuery(**wanted))]  # type: ignore[arg-type]

    assert keys() == ["G/TBT/N/CHN/1786", "G/TBT/N/BHR/1"]
    assert keys(country="bh") == ["G/TBT/N/BHR/1"] and keys(kinds=(NoticeKind.NEWS,)) == []
    assert keys(hs="1209") == ["G/TBT/N/CHN/1786"] and keys(hs="12092") == ["G/TBT/N/CHN/1786"]
    assert keys(hs="8") == ["G/TBT/N/BHR/1"] and keys(ics="65.020") == ["G/TBT/N/CHN/1786"]
    assert keys(words="GRAMINEOUS p.r.c.") == ["G/TBT/N/CHN/1786"] and keys(words="100%") == []
    assert keys(date_from="2005-01-14", date_to="2005-01-14") == ["G/TBT/N/BHR/1"]
    assert keys(deadline_within=40, today="2005-01-20") == ["G/TBT/N/BHR/1"]
    assert keys(limit=1, offset=1) == ["G/TBT/N/BHR/1"]
    assert store.count_notices(NoticeQuery(country="CN")) == 1
    assert [n.key for n in store.notices_citing(["IEC 60335-2-9", "GB 4706.1"])] == ["G/TBT/N/BHR/1"]
    assert store.notices_citing([]) == []
    after = store.notices_after(0)
    assert [(n.key) for _, n in after] == ["G/TBT/N/CHN/1786", "G/TBT/N/BHR/1"]  # the change moved BHR/1 last
    assert [n.key for _, n in store.notices_after(after[0][0])] == ["G/TBT/N/BHR/1"]
