"""``read_rows`` and the mapping-driven importer, on real JIS records (tests/data/tabular)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from stdbridge.errors import MissingColumns, UsageError
from stdbridge.importers.base import Row
from stdbridge.importers.tabular import MappedImporter, read_rows
from stdbridge.models import Degree, Rejected, RelationDraft, RelationType, Standard, Status

TABULAR = Path(__file__).parent.parent / "data" / "tabular"
MAPPING = TABULAR / "jis_mapping.json"


def std(row: Row | Rejected) -> Standard:
    assert isinstance(row, Row) and isinstance(row.item, Standard)
    return row.item


@pytest.mark.parametrize("name", ["jis_excerpt.csv", "jis_excerpt.jsonl"])
def test_jis_excerpt_through_the_mapping(name: str) -> None:
    out = list(MappedImporter(mapping=str(MAPPING)).read(TABULAR / name))
    assert len(out) == 30 and all(isinstance(o, Row) for o in out)
    assert [o.line for o in out] == list(range(2, 32) if name.endswith(".csv") else range(1, 31))
    first, second = std(out[0]), std(out[1])
    assert first.identifier == "JIS A 0001:1999"
    assert first.titles == {"ja": "建築のベーシックモデュール", "en": "Basic module"}
    assert (first.status, first.published, first.ics) == (Status.IN_FORCE, "1999-04-30", ("91.010.30",))
    assert (second.status, second.ics) == (Status.WITHDRAWN, ("01.040.91", "91.010.30"))
    assert first.dataset == "jis-excerpt"
    assert first.source_record == f"{name}:{out[0].line}"


def test_csv_and_jsonl_agree() -> None:
    importer = MappedImporter(mapping=json.loads(MAPPING.read_text(encoding="utf-8")), dataset="mine")
    a = [std(o) for o in importer.read(TABULAR / "jis_excerpt.csv")]
    b = [std(o) for o in importer.read(TABULAR / "jis_excerpt.jsonl")]
    assert [(s.identifier, s.titles, s.status, s.published, s.ics) for s in a] == [
        (s.identifier, s.titles, s.status, s.published, s.ics) for s in b
    ]
    assert a[0].dataset == "mine"


def write_mapping(tmp_path: Path, mapping: dict[str, Any]) -> Path:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"identifier": "id", "title": "x"}, "key 'title': unknown key"),
        ({"titles": {"en": "t"}}, "key 'identifier': required"),
        ({"identifier": "id", "status": "s", "status_values": {"valid": "current"}}, "'valid' maps to 'current'"),
        ({"identifier": "id", "relations": [{"column": "r", "type": "supersedes"}]}, "type 'supersedes' is not one"),
        ({"identifier": "id", "relations": [{"column": "r", "type": "adopts", "degree": "XX"}]}, "degree 'XX'"),
        ({"identifier": "id", "relations": [{"type": "adopts"}]}, "needs a 'column'"),
        ({"identifier": 3}, "key 'identifier': must be a column name"),
        ({"identifier": "id", "ics": ["a"]}, "key 'ics': must be a column name"),
    ],
)
def test_bad_mappings_are_refused_naming_file_and_key(tmp_path: Path, mapping: dict[str, Any], message: str) -> None:
    path = write_mapping(tmp_path, mapping)
    with pytest.raises(UsageError) as caught:
        MappedImporter(mapping=str(path))
    assert str(caught.value).startswith(f"{path}: key ")
    assert message in str(caught.value)


def test_mapping_option_is_required_and_readable(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="needs the option mapping"):
        MappedImporter()
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(UsageError, match=f"cannot read the mapping file {broken}"):
        MappedImporter(mapping=broken)


def test_unmapped_status_and_bad_values_reject_the_row(tmp_path: Path) -> None:
    path = tmp_path / "jis.csv"
    path.write_text(
        "id,title_ja,title_en,status,issued,ics\n"
        "JIS A 0001:1999,,Basic module,valid,1999-04-30,91.010.30\n"
        "JIS A 0002:1999,,Glossary,revised,1999-04-30,\n"
        "JIS A 0003:1999,,Tolerances for building,withdrawn,1999-04-31,\n"
        "not an identifier,,Tolerances,valid,,\n",
        encoding="utf-8",
    )
    out = list(MappedImporter(mapping=str(MAPPING)).read(path))
    assert isinstance(out[0], Row)
    rejects = [o for o in out[1:] if isinstance(o, Rejected)]
    assert [(o.line, o.value) for o in rejects] == [(3, "revised"), (4, "1999-04-31"), (5, "not an identifier")]
    assert rejects[0].reason == "status 'revised' in 'status' is not in status_values"
    assert rejects[1].reason == "'1999-04-31' in 'issued' is not a possible date (day is out of range for month)"
    assert rejects[2].reason.startswith("'not an identifier' in 'id' is not a standard identifier")


def test_missing_mapped_columns(tmp_path: Path) -> None:
    path = tmp_path / "jis.csv"
    path.write_text("id,title\nJIS A 0001:1999,Basic module\n", encoding="utf-8")
    with pytest.raises(MissingColumns) as caught:
        list(MappedImporter(mapping=str(MAPPING)).read(path))
    assert str(caught.value) == (
        f"{path}: columns named in {MAPPING} are missing: ics, issued, status, title_en, title_ja; "
        "the columns found are: 'id', 'title'"
    )


def test_relations_extra_and_committee(tmp_path: Path) -> None:
    mapping = {
        "identifier": "Number",
        "titles": {"en": "Title"},
        "committee": "TC",
        "relations": [
            {"column": "Adopts", "type": "adopts", "degree_column": "Degree"},
            {"column": "Replaced by", "type": "replaced-by", "separator": "|"},
            {"column": "Refs", "type": "references"},
        ],
        "extra": ["Note"],
    }
    path = tmp_path / "list.tsv"
    path.write_text(
        "Number\tTitle\tTC\tAdopts\tDegree\tReplaced by\tRefs\tNote\n"
        "JIS Q 9001:2015\tQuality management systems\tJSA\tISO 9001:2015\tIDT\tJIS Q 9001:2025|JIS Q 9001:2026\t"
        "JIS Q 9000:2015\tfirst\n",
        encoding="utf-8",
    )
    out = list(MappedImporter(mapping=mapping).read(path))
    s = std(out[0])
    assert s.committee == "JSA" and s.extra == {"Note": "first"} and s.dataset == "tabular"
    assert s.relations == [
        RelationDraft(RelationType.ADOPTS, "ISO 9001:2015", Degree.IDT),
        RelationDraft(RelationType.REPLACES, "JIS Q 9001:2025", reverse=True),
        RelationDraft(RelationType.REPLACES, "JIS Q 9001:2026", reverse=True),
        RelationDraft(RelationType.REFERENCES, "JIS Q 9000:2015"),
    ]


def test_read_rows_csv_lines_follow_multiline_cells(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text('a;b\n1;"two\nlines"\n\n3;x\n', encoding="utf-8")
    header, rows = read_rows(path)
    assert header == ["a", "b"]
    assert list(rows) == [(2, {"a": "1", "b": "two\nlines"}), (5, {"a": "3", "b": "x"})]


def test_read_rows_xlsx_dates_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([None])
    sheet.append([" id ", "date", "n"])
    sheet.append(["GB/T 19001-2016", dt.datetime(2016, 12, 30), 2016.0])
    sheet.append([None, None, None])
    sheet.append(["GB/T 19000-2016", dt.date(2017, 7, 1), 3.5])
    book.save(path)
    header, rows = read_rows(path)
    assert header == ["id", "date", "n"]
    assert list(rows) == [
        (3, {"id": "GB/T 19001-2016", "date": "2016-12-30", "n": "2016"}),
        (5, {"id": "GB/T 19000-2016", "date": "2017-07-01", "n": "3.5"}),
    ]


def test_read_rows_jsonl_gz_with_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "ISO 9001:2015", "ics": ["03.120.10"]}\n{"id": \n\n[1]\n{"n": 1}\n'))
    header, rows = read_rows(path)
    assert header == ["id", "ics", "n"]
    got = list(rows)
    assert got[0] == (1, {"id": "ISO 9001:2015", "ics": "03.120.10"})
    assert [(line, r.reason) for line, r in got[1:3] if isinstance(r, Rejected)] == [
        (2, "not JSON: Expecting value at column 8"),
        (4, "not a JSON object"),
    ]
    assert got[3] == (5, {"n": "1"})
