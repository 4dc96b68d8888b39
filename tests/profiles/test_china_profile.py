"""The China profile, recomputed by hand from the catalogue excerpt it is built from (the GB sample's excerpt and
the bundled ISO, IEC, JIS and ITU excerpts) and from ISO Open Data's committees file."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

from tests.conftest import DATA, EXCERPTS

from stdbridge.catalog import Catalog
from stdbridge.importers.bundled import bundled_path
from stdbridge.profiles.countries import all_countries, country, matching
from stdbridge.profiles.facts import ProfileFacts
from stdbridge.profiles.profile import profile

GB_EXCERPT = EXCERPTS / "gb_records.jsonl"


def _gb_rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in GB_EXCERPT.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_china_profile_holds_the_figures_worked_by_hand(excerpts: Catalog) -> None:
    rows = _gb_rows()
    found = profile(excerpts, "CN")
    assert found.country.en == "China" and found.country.zh == "中国"
    assert found.national_body is not None and found.national_body.code == "SAC"
    # every GB record of the excerpt is a record of China, and nothing else is
    assert found.records == len({r["designation"] for r in rows}) == 30
    assert found.national_body.records == 30
    view = found.overview
    assert view is not None
    # by ICS field: the first two digits of each record's ICS codes, a record with none is unclassified
    fields = Counter(str(r["ics"])[:2] for r in rows if r["ics"])
    assert {c.key: c.count for c in view.ics_fields} == dict(fields) == {"33": 1, "35": 2, "03": 2}
    assert view.unclassified == 30 - sum(fields.values())
    # by year: the year of the identifier
    years = Counter(int(re.search(r"-(\d{4})$", str(r["designation"])).group(1)) for r in rows)  # type: ignore[union-attr]
    assert {int(c.key): c.count for c in view.by_year if c.count} == dict(years)
    # a status the source states and no date changes: withdrawn (废止); announced ones turn in force on their date
    statuses = {c.key: c.count for c in view.by_status}
    assert statuses["withdrawn"] == sum(r["status"] == "废止" for r in rows) == 1
    assert sum(statuses.values()) == 30
    # adoption of international standards: each record naming an ISO or IEC original, by its degree
    adopting = [r for r in rows if r["adopted_from"]]
    assert all(str(r["adopted_from"]).startswith(("ISO", "IEC")) for r in adopting)
    degrees = Counter(str(r["degree"] or "unknown") for r in adopting)
    assert found.international.records == len(adopting) == 5
    assert {d: n for d, n in found.international.by_degree.items() if n} == dict(degrees) == {"IDT": 4, "unknown": 1}
    # the links: China adopts international standards only, and none of its records is adopted in the excerpt
    assert [(link.partner, link.adopts.records, link.adopted_by.records) for link in found.links] == [("INT", 5, 0)]
    # the four indicators, each a count over the 30 records
    indicators = {i.key: i for i in found.capacity}
    assert (indicators["produces"].numerator, indicators["produces"].denominator) == (0, 30)
    assert (indicators["absorbs"].numerator, indicators["absorbs"].denominator) == (5, 30)
    assert indicators["complies"].numerator == degrees["IDT"] == 4
    assert abs(indicators["complies"].value - 4 / 30) < 1e-9
    assert indicators["docking"].numerator == 0 and indicators["docking"].denominator is None
    assert found.foreign.records == 0


def test_the_bundled_facts_are_iso_open_data_recounted(catalog: Catalog) -> None:
    with gzip.open(bundled_path("iso_technical_committees.jsonl.gz"), "rt") as lines:
        committees = [json.loads(line) for line in lines]
    active = [c for c in committees if c["status"] == "Active"]
    participating = sum(any(m.get("acronym") == "SAC" for m in c.get("pMembers") or []) for c in active)
    secretariats = sum((c.get("secretariat") or {}).get("acronym") == "SAC" for c in active)
    ProfileFacts(catalog.store).import_bundled(catalog_actor())
    facts = {f.kind: f for f in profile(catalog, "CN").facts}
    assert facts["iso-committees-participating"].value == str(participating)
    assert facts["iso-secretariats"].value == str(secretariats)
    assert all(f.source.startswith("ISO Open Data") and f.date == "2025-07-01" for f in facts.values())
    # a second import finds every fact held already
    again = ProfileFacts(catalog.store).import_bundled(catalog_actor())
    assert again.added == again.updated == 0


def test_foreign_language_versions_are_kept_with_the_record_and_counted(catalog: Catalog, tmp_path: Path) -> None:
    summary = catalog.import_path(DATA / "profiles" / "gb_foreign_versions.csv", "gb", rejects_dir=tmp_path)
    assert summary.values_rejected == 1  # 火星文 names no language: reported, the row kept
    record = catalog.resolve("GB/T 17626.2-2018").standard
    assert record.extra["foreign_versions"] == [
        {"language": "en", "status": "published"},
        {"language": "ru", "status": "in-preparation", "issuer": "国家标准化管理委员会"},
    ]
    found = profile(catalog, "CN")
    assert found.foreign.records == 2
    assert found.foreign.by_language == {"en": {"published": 1, "in-preparation": 1},
                                         "ru": {"published": 0, "in-preparation": 1}}  # fmt: skip
    assert found.foreign.issuers == {"SAC": 2, "国家标准化管理委员会": 1}


def test_every_country_has_its_names_in_chinese_and_english() -> None:
    countries = all_countries()
    assert len(countries) == 249 and all(c.zh and c.en for c in countries)
    assert country("JPN").zh == "日本" and country("日本").code == "JP" and country("kr").en == "South Korea"
    assert [c.code for c in matching("德国")] == ["DE"]


def catalog_actor():  # type: ignore[no-untyped-def]
    from stdbridge.accounts.roles import LOCAL_ADMIN

    return LOCAL_ADMIN
