"""The facts of the country profiles in the store (SQLite and PostgreSQL): kept with their ids, listed by country
and kind, read one by one, changed and removed. The facts are those the shipped file holds (ISO Open Data). And
the lean reads a profile makes of a country's many records and their links."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.store.test_contract import iso_9001

from stdbridge.importers.foreign_versions import FOREIGN_VERSIONS
from stdbridge.models import Degree, Evidence, LinkEnds, Relation, RelationType, Status
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


def test_a_profiles_lean_reads_of_records_and_links(store: Store) -> None:
    # GB/T 19001-2016 adopts ISO 9001:2015 (IDT) and lists its English version (the official layout's 外文版);
    # ISO 9001:2015 replaces ISO 9001:2008, which a profile does not read
    old, new, gb = iso_9001(2008, Status.REPLACED), iso_9001(2015), iso_9001(2016)
    gb.identifier = gb.edition_key = "GB/T 19001-2016"
    gb.work_key, gb.body, gb.country, gb.dataset = "GB/T 19001", "SAC", "CN", "gb"
    english = {"language": "en", "status": "published", "issuer": "SAC"}
    gb.extra = {FOREIGN_VERSIONS: [english]}
    store.save_standards([old, new, gb], [("ISO90012008",), ("ISO90012015",), ("GBT190012016",)])
    store.replace_relations([("gb", "GB/T 19001-2016"), ("iso", "ISO 9001:2015")], [
        Relation("GB/T 19001-2016", RelationType.ADOPTS, "ISO 9001:2015", "ISO 9001:2015", Degree.IDT,
                 Evidence.DECLARED, "gb", target_work_key="ISO 9001", origin_key="GB/T 19001-2016"),
        Relation("ISO 9001:2015", RelationType.REPLACES, "ISO 9001:2008", "ISO 9001:2008", None, Evidence.DECLARED,
                 "iso", target_work_key="ISO 9001", origin_key="ISO 9001:2015"),
    ])  # fmt: skip
    store.link_relations()
    assert gb.id and new.id and old.id
    assert store.countries_of([gb.id, new.id, 999_999]) == {gb.id: "CN", new.id: "INT"}
    ends = store.link_ends_touching([gb.id, new.id], (RelationType.ADOPTS, RelationType.EQUIVALENT))
    assert ends == [LinkEnds(RelationType.ADOPTS, gb.id, new.id, "IDT", "ISO 9001:2015")]  # once, though both ends
    replaced = store.link_ends_touching([old.id], (RelationType.REPLACES,))
    assert replaced == [LinkEnds(RelationType.REPLACES, new.id, old.id, None, "ISO 9001:2008")]
    assert store.link_ends_touching([], (RelationType.ADOPTS,)) == []
    assert store.foreign_versions_of([gb.id, new.id, old.id]) == {gb.id: ("SAC", [english])}
