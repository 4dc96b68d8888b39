"""Importers for the classifications and committees that records point to.

ICS (International Classification for Standards, ISO Open Data), CCS (China
Classification for Standards, 中国标准文献分类法) and ISO technical committees.
Each yields ``ClassEntry`` rows; the catalogue keeps them beside the standards.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from stdbridge.errors import MissingColumns, UnreadableSource
from stdbridge.importers.base import Importer, Row
from stdbridge.importers.bundled import read_json_lines
from stdbridge.models import ClassEntry, Rejected

_ICS_CODE = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
_CCS_CODE = re.compile(r"^[A-Z](\d{2}(/\d{2})?)?$")
_TAGS = re.compile(r"<[^>]+>")


def _read_csv(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            data = handle.read()
        text = data.decode("utf-8-sig")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise UnreadableSource(f"cannot read: {exc}", source=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise UnreadableSource(f"not UTF-8 (byte {exc.start})", source=str(path)) from exc
    if "\x00" in text:
        raise UnreadableSource("binary content (NUL bytes)", source=str(path))
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise UnreadableSource(f"malformed CSV: {exc}", source=str(path)) from exc


class IcsImporter(Importer):
    name = "ics"
    description = "ICS classification (ISO Open Data ics.csv)"
    bundled_file: ClassVar[str] = "ics.csv.gz"

    def read(self, path: Path) -> Iterator[Row | Rejected]:
        rows = _read_csv(path)
        header = [h.strip() for h in rows[0]] if rows else []
        wanted = ["identifier", "parent", "titleEn", "titleFr"]
        if any(w not in header for w in wanted):
            raise MissingColumns(
                f"ICS file needs columns {', '.join(wanted)}; found {', '.join(header)[:200] or 'none'}",
                source=str(path), line=1,
            )  # fmt: skip
        at = {name: header.index(name) for name in header}
        for line_no, row in enumerate(rows[1:], 2):
            if len(row) != len(header):
                yield Rejected(str(path), line_no, ",".join(row)[:200], f"{len(row)} fields, expected {len(header)}")
                continue
            code = row[at["identifier"]].strip()
            if not _ICS_CODE.match(code):
                yield Rejected(str(path), line_no, code, "not an ICS code (NN, NN.NNN or NN.NNN.NN)")
                continue
            titles = {"en": row[at["titleEn"]].strip(), "fr": row[at["titleFr"]].strip()}
            data = {
                k: row[at[c]].strip()
                for k, c in (("scope_en", "scopeEn"), ("scope_fr", "scopeFr"))
                if c in at and row[at[c]].strip()
            }
            yield Row(line_no, code, ClassEntry("ICS", code, row[at["parent"]].strip() or None, titles, data))


class CcsImporter(Importer):
    """One level file of the CCS code list: categories (A), groups (A00/09) or classes (A00)."""

    name = "ccs"
    description = "CCS classification (中国标准文献分类法, one level file)"
    bundled_files: ClassVar[tuple[str, ...]] = (
        "ccs_cat-level1.csv.gz",
        "ccs_cat-level2.csv.gz",
        "ccs_cat-level3.csv.gz",
    )

    def read(self, path: Path) -> Iterator[Row | Rejected]:
        rows = _read_csv(path)
        if not rows or not rows[0] or "Code" not in rows[0][0]:
            raise MissingColumns("CCS file must start with a '代码 / Code' column", source=str(path), line=1)
        for line_no, row in enumerate(rows[1:], 2):
            code = row[0].strip() if row else ""
            if not _CCS_CODE.match(code) or len(row) < 2 or not row[1].strip():
                yield Rejected(
                    str(path),
                    line_no,
                    ",".join(row)[:200],
                    "not a CCS row (code such as A, A00/09 or A00, then a name)",
                )
                continue
            parent = row[2].strip() if len(row) > 2 and row[2].strip() else None
            notes = row[3].strip() if len(row) > 3 else ""
            data = {"notes_zh": notes} if notes else {}
            yield Row(line_no, code, ClassEntry("CCS", code, parent, {"zh": row[1].strip()}, data))


class IsoCommitteesImporter(Importer):
    name = "iso-committees"
    description = "ISO technical committees (ISO Open Data JSON Lines)"
    bundled_file: ClassVar[str] = "iso_technical_committees.jsonl.gz"

    def read(self, path: Path) -> Iterator[Row | Rejected]:
        records: list[tuple[int, dict[str, object]]] = []
        for line_no, record in read_json_lines(path):
            if isinstance(record, Rejected):
                yield record
            elif not isinstance(record.get("reference"), str) or not isinstance(record.get("title"), dict):
                yield Rejected(str(path), line_no, str(record)[:200], "committee needs a reference and a title")
            else:
                records.append((line_no, record))
        reference_of = {str(r.get("id")): str(r["reference"]) for _, r in records}
        for line_no, record in records:
            title = record["title"]
            scope = record.get("scope") if isinstance(record.get("scope"), dict) else {}
            secretariat = record.get("secretariat") if isinstance(record.get("secretariat"), dict) else {}
            data = {
                "status": record.get("status"),
                "secretariat": secretariat.get("acronym") if isinstance(secretariat, dict) else None,
                "created": record.get("creationDate"),
                "scope_en": _TAGS.sub("", str(scope.get("en") or "")).strip() if isinstance(scope, dict) else "",
            }
            parent = reference_of.get(str(record.get("parentId")))
            code = str(record["reference"])
            titles = {k: str(v) for k, v in title.items() if v} if isinstance(title, dict) else {}
            yield Row(line_no, code, ClassEntry("committee", code, parent, titles, data))
