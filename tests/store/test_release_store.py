"""Releases in the store (SQLite and PostgreSQL), and publishing one: numbered, signed, kept, recorded in the audit
log; refused to who may not publish, and while an entry needs review without a note."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.release_cases import PROGRAMME, settled_case

from stdbridge import audit
from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role
from stdbridge.audit.entry import PUBLISH_RELEASE, AuditQuery, canonical
from stdbridge.catalog import Catalog
from stdbridge.errors import Forbidden, UsageError
from stdbridge.recognition.model import Entry, Release, Reservation
from stdbridge.recognition.publishing import publish_release, signed_file
from stdbridge.recognition.release import NeedsReviewError
from stdbridge.recognition.signing import KeyFolder, verify_release
from stdbridge.store import SqlStore, Store

COORDINATOR = Actor(1, "coordinator", frozenset({Role.READER, Role.EXPERT}), signed_in=True)
EXPERT = Actor(7, "expert CN 1", frozenset({Role.READER, Role.EXPERT}), signed_in=True)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def record_review(store: Store, limit: int) -> tuple[list[Entry], dict[int, list[Reservation]]]:
    """Settle the real pairs in the store's audit log as the review rounds record them; entry 2 keeps a
    reservation."""
    case = settled_case(limit)
    with store.transaction():
        for entry in case.entries:
            after = {"entry_id": entry.id, "degree": str(entry.degree),
                     "standards": [s.edition_key for s in entry.standards]}  # fmt: skip
            audit.record(store, "coordinator", 1, "entry.settle", f"entry {entry.id}", None, after)
        for pairs in case.reservations.values():
            for reservation, _recorded in pairs:
                audit.record(store, "expert CN 1", 7, "entry.reserve", f"entry {reservation.entry_id}", None,
                             {"entry_id": reservation.entry_id, "party": reservation.party,
                              "degree": str(reservation.degree), "reason": reservation.reason})  # fmt: skip
    return case.entries, {i: [r for r, _a in p] for i, p in case.reservations.items()}


def test_releases_are_kept_numbered_and_read_back(store: Store) -> None:
    document = {"format": "stdbridge-release/1", "entries": [{"id": 1, "title": "质量管理体系"}]}
    release = Release(None, 3, 1, document, "c2ln", "a2V5", 1, "0" * 64, None, "2026-12-04T11:00:00+00:00")
    store.add_release(release)
    assert release.id is not None
    with pytest.raises(UsageError, match="Release v1 of this programme exists already"):
        store.add_release(Release(None, 3, 1, document, "c2ln", "a2V5", 1, "0" * 64, None, "2026-12-04"))
    store.add_release(Release(None, 3, 2, document, "c2ln", "a2V5", 1, "0" * 64, 5, "2026-12-05"))
    assert [(r.number, r.document) for r in store.releases_of(3)] == [(1, {}), (2, {})]
    assert store.last_release_number(3) == 2 and store.last_release_number(4) == 0
    found = store.release_of(3, 1)
    assert found is not None and canonical(found.document) == canonical(document)
    assert store.release_of(3, 9) is None
    assert list(store.audit_entries_at([1, 99])) == [1]


def test_publish_verify_and_publish_again(store: Store, tmp_path: Path) -> None:
    entries, reservations = record_review(store, 6)
    keys = KeyFolder(tmp_path / "keys")
    with pytest.raises(Forbidden):
        publish_release(store, keys, PROGRAMME, entries, EXPERT, reservations=reservations)
    assert store.last_release_number(PROGRAMME.id or 0) == 0
    first = publish_release(store, keys, PROGRAMME, entries, COORDINATOR, reservations=reservations)
    assert first.number == 1
    public = keys.public_key_of(PROGRAMME.slug)
    assert verify_release(signed_file(first), public).ok
    [published] = store.audit_entries(AuditQuery(action=PUBLISH_RELEASE))
    assert published.subject == "cn-int-quality v1" and published.after["entries"] == 6
    assert published.after["audit_head"]["seq"] == first.audit_seq == published.seq - 1
    entries[2].needs_review = "GB 13000.1-1993 replaced by GB 13000-2010"
    with pytest.raises(NeedsReviewError, match="13000"):
        publish_release(store, keys, PROGRAMME, entries, COORDINATOR, reservations=reservations)
    assert store.last_release_number(PROGRAMME.id or 0) == 1
    second = publish_release(store, keys, PROGRAMME, entries, LOCAL_ADMIN, reservations=reservations,
                             carried={3: "The 2010 edition keeps the adoption."})  # fmt: skip
    stored = store.release_of(PROGRAMME.id or 0, 2)
    assert stored is not None and verify_release(signed_file(stored), public).ok
    assert second.document["entries"][2]["carried"]["note"] == "The 2010 edition keeps the adoption."
    assert store.release_programme("cn-int-quality") == (1, "public")
    assert store.release_programme("cn-ru-aircraft") is None


def test_the_titles_come_from_the_catalogue(catalog: Catalog, tmp_path: Path) -> None:
    entries, reservations = record_review(catalog.store, 1)
    release = publish_release(catalog.store, KeyFolder(tmp_path), PROGRAMME, entries, LOCAL_ADMIN)
    gb = release.document["entries"][0]["standards"][0]
    assert gb["identifier"] == "GB/T 24001-1996" and gb["title"]["zh"] == "环境管理体系 规范及使用指南"
    assert reservations == {}


def test_publish_from_what_the_review_rounds_record(store: Store, tmp_path: Path) -> None:
    case = settled_case(3)
    reservation, _recorded = case.reservations[2][0]
    with store.transaction():
        settled = {str(e.id): str(e.degree) for e in case.entries}
        audit.record(store, "coordinator", 1, "round.close", "cn-int-quality round 1", None,
                     {"settled": settled, "open": [], "no_consensus": []})  # fmt: skip
        audit.record(store, "expert CN 1", 7, "entry.reservation", "cn-int-quality entry 2", None,
                     {"degree": "NEQ", "reason": reservation.reason, "settled": "IDT"})  # fmt: skip
    keys = KeyFolder(tmp_path / "keys")
    release = publish_release(store, keys, PROGRAMME, case.entries, LOCAL_ADMIN, reservations={2: [reservation]})
    assert verify_release(signed_file(release), keys.public_key_of(PROGRAMME.slug)).ok
    assert release.document["entries"][1]["reservations"][0]["reason"] == reservation.reason
