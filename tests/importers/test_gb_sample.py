"""The bundled GB sample reads its cells as the official GB importer does (lists, codes, statuses)."""

from __future__ import annotations

from pathlib import Path

import orjson

from stdbridge.importers.base import Row
from stdbridge.importers.bundled import GbSampleImporter, bundled_path, read_json_lines
from stdbridge.models import Degree, RelationDraft, RelationType, Standard, Status


def sample(*designations: str) -> list[dict[str, object]]:
    """The bundled records of these standards, as they are."""
    records = [r for _, r in read_json_lines(bundled_path(GbSampleImporter.bundled_file)) if isinstance(r, dict)]
    found = {r["designation"]: r for r in records if r["designation"] in designations}
    return [found[d] for d in designations]


def read(tmp_path: Path, *designations: str) -> dict[str, Standard]:
    source = tmp_path / "gb.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in sample(*designations)))
    rows = [r for r in GbSampleImporter().read(source) if isinstance(r, Row)]
    return {s.edition_key: s for s in (r.item for r in rows) if isinstance(s, Standard)}


def test_cells_list_identifiers_and_codes_as_in_the_official_layout(tmp_path: Path) -> None:
    found = read(tmp_path, "GB/T 1.1-2020", "GB 6675-2003", "GB/T 5169.11-2017", "GB 9706.213-2021")
    directives = found["GB/T 1.1-2020"]
    assert directives.relations == [
        RelationDraft(RelationType.ADOPTS, "ISO/IEC Directives, Part 2:2018", Degree.NEQ),  # not split at its comma
        RelationDraft(RelationType.REPLACES, "GB/T 1.1-2009"),
    ]
    assert directives.status == Status.IN_FORCE
    assert found["GB 6675-2003"].relations == [RelationDraft(RelationType.REPLACES, "GB 6675-1986")]
    assert found["GB/T 5169.11-2017"].ics == ("13.220.40", "29.020")
    replaced = [r.target for r in found["GB 9706.213-2021"].relations if r.type == RelationType.REPLACES]
    assert len(replaced) == 5 and replaced[1] == "YY 0635.1-2013"
