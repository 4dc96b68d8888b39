"""Importing: summaries, idempotence, change events, rejects and all-or-nothing writes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from tests.conftest import EXCERPTS

from stdbridge.catalog import Catalog
from stdbridge.errors import UnknownFormat, UnreadableSource
from stdbridge.models import ChangeKind, Status


def lines_of(name: str) -> list[str]:
    return (EXCERPTS / name).read_text(encoding="utf-8").splitlines(keepends=True)


def test_import_reports_what_it_added(empty_catalog: Catalog, tmp_path: Path) -> None:
    summary = empty_catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    assert summary.read == len(lines_of("iso_catalog.jsonl"))
    assert summary.added == summary.read - summary.rejected - summary.duplicates
    assert summary.changed == summary.unchanged == 0
    assert {e.kind for e in summary.events} == {ChangeKind.ADDED}
    assert empty_catalog.get("ISO 9001:2015").titles["en"] == "Quality management systems - Requirements"


def test_reimporting_the_same_file_changes_nothing(empty_catalog: Catalog, tmp_path: Path) -> None:
    first = empty_catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    before = empty_catalog.stats()
    again = empty_catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    assert (again.added, again.changed, again.withdrawn, again.replaced) == (0, 0, 0, 0)
    assert again.unchanged == first.added
    assert again.events == []
    assert empty_catalog.stats() == before


def test_a_changed_record_gives_changed_and_withdrawn_events(empty_catalog: Catalog, tmp_path: Path) -> None:
    source = tmp_path / "iso.jsonl"
    lines = lines_of("iso_catalog.jsonl")
    source.write_text("".join(lines), encoding="utf-8")
    empty_catalog.import_path(source, "iso", rejects_dir=tmp_path)
    changed = []
    for line in lines:
        record = json.loads(line)
        if record["id"] == "ISO 14001:2015":
            record["status"] = "withdrawn"
        changed.append(json.dumps(record, ensure_ascii=False) + "\n")
    source.write_text("".join(changed), encoding="utf-8")
    summary = empty_catalog.import_path(source, "iso", rejects_dir=tmp_path)
    assert (summary.added, summary.changed, summary.withdrawn) == (0, 1, 1)
    kinds = {(e.kind, e.identifier) for e in summary.events}
    assert kinds == {(ChangeKind.CHANGED, "ISO 14001:2015"), (ChangeKind.WITHDRAWN, "ISO 14001:2015")}
    assert empty_catalog.get("ISO 14001:2015").status == Status.WITHDRAWN
    assert [e.kind for e in empty_catalog.store.events(limit=2)] == [ChangeKind.WITHDRAWN, ChangeKind.CHANGED]


def test_an_interrupted_import_leaves_the_catalogue_as_it_was(
    empty_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_catalog.import_path(EXCERPTS / "jis_catalog.jsonl", "jis", rejects_dir=tmp_path)
    before = empty_catalog.stats()

    def power_cut(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(empty_catalog.store, "link_relations", power_cut)
    with pytest.raises(KeyboardInterrupt):
        empty_catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    assert empty_catalog.stats() == before
    assert empty_catalog.store.source_hashes("iso") == {}


def test_conflicting_duplicates_and_bad_lines_are_rejected_with_file_line_and_value(
    empty_catalog: Catalog, tmp_path: Path
) -> None:
    lines = lines_of("jis_catalog.jsonl")
    record = json.loads(lines[0])
    record["title_en"] = "A different title for the same edition"
    source = tmp_path / "jis.jsonl"
    bad = [
        lines[0],
        lines[0],
        json.dumps(record, ensure_ascii=False) + "\n",
        '{"id": "JIS Q 9001:2015", "title_ja": \n',
        '{"id": "not a standard at all", "status": "valid"}\n',
    ]
    source.write_text("".join(bad + lines[1:]), encoding="utf-8")
    summary = empty_catalog.import_path(source, "jis", rejects_dir=tmp_path / "rejects")
    assert summary.duplicates == 1
    assert summary.rejected == 3
    assert summary.rejects_report is not None
    with open(summary.rejects_report, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["line"] for r in rows] == ["3", "4", "5"]  # write_rejects orders the report by file and line
    by_line = {r["line"]: r for r in rows}
    assert by_line["3"]["value"] == record["id"] and "line 1" in by_line["3"]["reason"]
    assert "not JSON" in by_line["4"]["reason"]
    assert by_line["5"]["value"] == "not a standard at all"
    assert all(r["file"] == str(source) for r in rows)
    assert empty_catalog.get(record["id"]).titles["en"] != record["title_en"]  # the first line was kept


def test_unreadable_files_fail_before_anything_is_written(empty_catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(UnreadableSource, match="no such file"):
        empty_catalog.import_path(tmp_path / "missing.jsonl", "iso")
    binary = tmp_path / "iso.jsonl.gz"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(UnreadableSource, match=r"iso\.jsonl\.gz"):
        empty_catalog.import_path(binary, "iso")
    with pytest.raises(UnknownFormat, match="available"):
        empty_catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "no-such-format")
    assert empty_catalog.is_empty()


def test_two_datasets_describing_one_edition_are_merged(empty_catalog: Catalog, tmp_path: Path) -> None:
    empty_catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    empty_catalog.import_path(EXCERPTS / "iec_catalog.jsonl", "iec", rejects_dir=tmp_path)
    merged = empty_catalog.get("ISO/IEC 27001:2022")
    assert merged.dataset == "iso"
    assert merged.extra["datasets"] == ["iso", "iec"]
    assert {"en", "fr"} <= set(merged.titles)


def test_relations_to_unknown_standards_are_kept_and_link_later(empty_catalog: Catalog, tmp_path: Path) -> None:
    gb = empty_catalog.import_path(EXCERPTS / "gb_records.jsonl", "gb-sample", rejects_dir=tmp_path)
    assert gb.unresolved_relations > 0
    links = {link.other_text: link.other for link in empty_catalog.links(empty_catalog.get("GB/T 19001-2008"))}
    assert links["ISO 9001:2008"] is None
    empty_catalog.import_path(EXCERPTS / "iso_catalog.jsonl", "iso", rejects_dir=tmp_path)
    links = {link.other_text: link.other for link in empty_catalog.links(empty_catalog.get("GB/T 19001-2008"))}
    linked = links["ISO 9001:2008"]
    assert linked is not None and linked.status == Status.REPLACED
