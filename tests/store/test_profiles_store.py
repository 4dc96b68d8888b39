"""The facts of the country profiles in the store (SQLite and PostgreSQL): kept with their ids, listed by country
and kind, read one by one, changed and removed. The facts are those the shipped file holds (ISO Open Data)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stdbridge.profiles.model import ProfileFact
from stdbridge.store import SqlStore, Store

SOURCE = "ISO Open Data, iso_technical_committees: active committees listing {body} among pMembers"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def fact(country: str, kind: str, value: str, body: str) -> ProfileFact:
    return ProfileFact(country, kind, value, SOURCE.format(body=body), "2025-07-01", updated_by="local",
                       updated_at="2026-12-04T20:00:00+00:00")  # fmt: skip


def test_facts_are_kept_listed_changed_and_removed(store: Store) -> None:
    japan = fact("JP", "iso-committees-participating", "657", "JISC")
    china = fact("CN", "iso-secretariats", "89", "SAC")
    china_p = fact("CN", "iso-committees-participating", "761", "SAC")
    store.add_profile_facts([japan, china, china_p])
    assert None not in (japan.id, china.id, china_p.id) and len({japan.id, china.id, china_p.id}) == 3
    assert store.profile_facts("CN") == [china_p, china]  # by kind
    assert store.profile_facts() == [china_p, china, japan]  # by country, then kind
    assert china.id is not None and store.profile_fact(china.id) == china
    china.value = "90"
    store.update_profile_fact(china)
    assert store.profile_fact(china.id) == china
    assert store.delete_profile_fact(china.id) is True
    assert store.delete_profile_fact(china.id) is False
    assert store.profile_fact(china.id) is None and store.profile_facts("CN") == [china_p]


def test_an_import_rolled_back_keeps_no_fact(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_profile_facts([fact("CN", "iso-secretariats", "89", "SAC")])
        raise RuntimeError("a later row was bad")
    assert store.profile_facts() == []
