"""Importer for the field layout of China's national standards information service (全国标准信息公共服务平台).

The service lists GB standards with the columns 标准号, 中文标准名称, 英文标准名称,
标准状态, 发布日期, 实施日期, 代替标准, 被代替标准, 采用国际标准号, 采用程度,
ICS, CCS, 归口单位, 主管部门 and 外文版 (the foreign-language versions,
``importers.foreign_versions``); users export them as CSV or XLSX, in UTF-8 or
GB18030, sometimes with English headers (see ``COLUMNS``). Only 标准号 and
中文标准名称 are required. A row whose identifier, status or dates cannot be
read is rejected whole, with the column and value; an unreadable adopted or
replaced standard, or degree of adoption, is left out of a row that is still
imported, and reported the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from stdbridge.errors import IdentifierError, MissingColumns
from stdbridge.importers.base import Importer, Row, build_standard
from stdbridge.importers.cells import (
    BadValue,
    Dropped,
    identifier_list,
    pair_degrees,
    parse_date,
    parse_degrees,
    split_values,
)
from stdbridge.importers.foreign_versions import FOREIGN_VERSIONS, foreign_versions
from stdbridge.importers.tabular import RowData, read_rows
from stdbridge.models import Degree, Evidence, Rejected, RelationDraft, RelationType, Status

# Canonical field -> header names it may have (compared after NFKC, case folding and space removal).
COLUMNS: dict[str, tuple[str, ...]] = {
    "designation": ("标准号", "标准编号", "Standard No.", "Standard No", "Standard Number", "Standard Code"),
    "title_zh": (
        "中文标准名称",
        "标准中文名称",
        "中文名称",
        "标准名称",
        "Chinese Title",
        "Chinese Name",
        "Title (Chinese)",
    ),
    "title_en": ("英文标准名称", "标准英文名称", "英文名称", "English Title", "English Name", "Title (English)"),
    "status": ("标准状态", "状态", "Status", "Standard Status"),
    "published": ("发布日期", "Issued", "Issue Date", "Date of Issue", "Published", "Publication Date", "Release Date"),
    "implemented": ("实施日期", "Implemented", "Implementation Date", "Effective Date", "Date of Implementation"),
    "replaces": ("代替标准", "替代标准", "Replaces", "Replace", "Supersedes", "Replaced Standard"),
    "replaced_by": ("被代替标准", "被替代标准", "Replaced by", "Superseded by"),
    "adopted": (
        "采用国际标准号",
        "采用国际标准",
        "Adopted International Standard",
        "Adopted Standard",
        "International Standard Adopted",
        "Adopted International Standard No.",
    ),
    "degree": ("采用程度", "Degree of Adoption", "Adoption Degree", "Degree", "Consistency"),
    "ics": ("ICS", "ICS分类号", "国际标准分类号", "ICS Code"),
    "ccs": ("CCS", "CCS分类号", "中国标准分类号", "CCS Code"),
    "committee": ("归口单位", "技术归口", "归口部门", "Technical Committee", "Responsible Unit", "Committee"),
    "competent": ("主管部门", "Competent Department", "Competent Authority", "Department in Charge"),
    "foreign_versions": (
        "外文版",
        "外文版本",
        "外文版情况",
        "Foreign-language versions",
        "Foreign Language Versions",
        "Foreign Versions",
    ),
}
REQUIRED = ("designation", "title_zh")
_Getter = Callable[[str], str]

STATUSES: dict[str, Status] = {
    "现行": Status.IN_FORCE, "有效": Status.IN_FORCE, "in force": Status.IN_FORCE, "current": Status.IN_FORCE,
    "valid": Status.IN_FORCE, "即将实施": Status.ANNOUNCED, "to be implemented": Status.ANNOUNCED,
    "upcoming": Status.ANNOUNCED, "废止": Status.WITHDRAWN, "abolished": Status.WITHDRAWN,
    "被代替": Status.REPLACED, "被替代": Status.REPLACED, "superseded": Status.REPLACED,
    **{s.value.replace("-", " "): s for s in Status},
}  # fmt: skip


def _key(name: str) -> str:
    return re.sub(r"[\s:：*]+", "", unicodedata.normalize("NFKC", name).casefold())


_ALIASES = {_key(alias): field for field, aliases in COLUMNS.items() for alias in aliases}


def map_columns(header: list[str], source: str) -> dict[str, str]:
    """Canonical field -> the column of ``header`` holding it; ``MissingColumns`` if a required one is absent."""
    found: dict[str, str] = {}
    for column in header:
        field = _ALIASES.get(_key(column))
        if field and field not in found:
            found[field] = column
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in found]
    if missing:
        raise MissingColumns(
            f"missing required column(s) {', '.join(missing)}; the columns found are: "
            f"{', '.join(repr(c) for c in header if c) or 'none'}",
            source=source,
        )
    return found


class GbImporter(Importer):
    """Reads the national standards information service's layout (CSV or XLSX, Chinese or English headers)."""

    name = "gb"
    description = "GB standards in the layout of the national standards information service (CSV or XLSX)"

    def read(self, path: Path) -> Iterator[Row | Rejected]:
        header, rows = read_rows(path)
        columns = map_columns(header, str(path))
        for line, cells in rows:
            if isinstance(cells, Rejected):
                yield cells
                continue
            try:
                yield self.row(cells, columns, path, line)
            except BadValue as bad:
                yield Rejected(str(path), line, bad.value, bad.reason)

    def row(self, cells: RowData, columns: dict[str, str], path: Path, line: int) -> Row:
        """The standard of one row; raises ``BadValue`` for a value that cannot be read."""

        def get(field: str) -> str:
            return cells.get(columns.get(field, ""), "").strip()

        def label(field: str) -> str:
            return columns.get(field, COLUMNS[field][0])

        raw_id = get("designation")
        if not raw_id:
            raise BadValue("", f"the {label('designation')} (standard number) cell is empty")
        status_text = get("status")
        status = STATUSES.get(
            " ".join(re.split(r"[\s_-]+", unicodedata.normalize("NFKC", status_text).casefold())).strip()
        )
        if status_text and status is None:
            raise BadValue(status_text, f"unknown status {status_text!r} in {label('status')}")
        dates: dict[str, str | None] = {}
        for field in ("published", "implemented"):
            try:
                dates[field] = parse_date(get(field))
            except ValueError as exc:
                raise BadValue(get(field), f"{get(field)!r} in {label(field)} is not a possible date ({exc})") from exc
        dropped = Dropped(str(path), line)
        relations = self.relations(get, label, dropped)
        extra: dict[str, Any] = {}
        if get("committee"):
            extra["responsible_unit"] = get("committee")
        if get("competent"):
            extra["competent_department"] = get("competent")
        if get("degree") and not get("adopted"):
            extra["adoption_degree"] = get("degree")
        versions = foreign_versions(get("foreign_versions"), lambda value, reason: dropped.add(
            value, f"{reason} in {label('foreign_versions')}"))  # fmt: skip
        try:
            standard = build_standard(
                raw_id,
                dataset=self.dataset,
                source_record=f"{path.name}:{line}",
                titles={"zh": get("title_zh"), "en": get("title_en")},
                status=status or Status.UNKNOWN,
                relations=relations,
                published=dates["published"],
                implemented=dates["implemented"],
                ics=split_values(get("ics")),
                ccs=split_values(get("ccs")),
                committee=get("committee") or None,
                extra={**extra, FOREIGN_VERSIONS: versions} if versions else extra,
            )
        except IdentifierError as exc:
            raise BadValue(
                raw_id, f"{label('designation')} {raw_id!r} is not a standard identifier: {exc.message}"
            ) from exc
        return Row(line, raw_id, standard, dropped=dropped.found)

    def relations(self, get: _Getter, label: _Getter, dropped: Dropped) -> list[RelationDraft]:
        adopted_text, degree_text = get("adopted"), get("degree")
        inline = [m.group(1) for m in _INLINE_DEGREE.finditer(adopted_text)]
        if inline:  # "ISO 9001:2015 IDT": the degree written after the identifier
            adopted_text = _INLINE_DEGREE.sub("", adopted_text)
            written = "; ".join(inline)
            if degree_text and set(_degrees_or_none(degree_text) or ()) != set(parse_degrees(written)):
                dropped.add(degree_text, f"{label('degree')} {degree_text!r} contradicts the degree written in "
                            f"{label('adopted')} ({written}); the one written with the identifier is used")  # fmt: skip
            degree_text = written
        adopted = identifier_list(adopted_text, label("adopted"), dropped)
        degrees = pair_degrees(adopted, degree_text, label("degree"), dropped)
        found = [
            RelationDraft(RelationType.ADOPTS, t, d, Evidence.DECLARED) for t, d in zip(adopted, degrees, strict=True)
        ]
        for target in identifier_list(get("replaces"), label("replaces"), dropped):
            found.append(RelationDraft(RelationType.REPLACES, target))
        for target in identifier_list(get("replaced_by"), label("replaced_by"), dropped):
            found.append(RelationDraft(RelationType.REPLACES, target, reverse=True))
        return found


_INLINE_DEGREE = re.compile(
    r"(?:\s+|\s*[(（])(IDT|MOD|NEQ|EQV|等同|修改|非等效|等效)[)）]?(?=\s*(?:[,，;；、\n]|$))", re.IGNORECASE
)


def _degrees_or_none(text: str) -> list[Degree] | None:
    try:
        return parse_degrees(text)
    except ValueError:
        return None
