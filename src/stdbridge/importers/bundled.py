"""Importers for the catalogues bundled with stdbridge (and newer dumps in the same layout).

ISO, IEC, JIS and ITU records come from the relaton-data-* crawls as JSON Lines;
GB records from the sample gathered from public pages (see NOTICE). Sources
that keep superseded editions without a link (IEC "revised", ITU-T and JIS
withdrawn editions) get a ``replaces`` edge from the next edition of the same
work, marked ``derived``, so that supersession chains are complete.
"""

from __future__ import annotations

import gzip
import itertools
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any, ClassVar

import orjson

from stdbridge import identifiers
from stdbridge.errors import IdentifierError, UnreadableSource
from stdbridge.importers.base import Importer, Row, build_standard
from stdbridge.importers.cells import BadValue, split_identifiers, split_values
from stdbridge.importers.gb import STATUSES
from stdbridge.models import (
    Degree,
    DocType,
    Evidence,
    Rejected,
    RelationDraft,
    RelationType,
    Standard,
    Status,
)

_DOCTYPES = {
    "technical-specification": DocType.TECHNICAL_SPECIFICATION,
    "technical-report": DocType.TECHNICAL_REPORT,
    "publicly-available-specification": DocType.PUBLICLY_AVAILABLE_SPECIFICATION,
    "guide": DocType.GUIDE,
    "international-workshop-agreement": DocType.WORKSHOP_AGREEMENT,
    "system-reference-deliverable": DocType.OTHER,
}


def bundled_path(name: str) -> Path:
    """The path of a bundled data file (inside the installed package)."""
    with as_file(files("stdbridge.data") / name) as path:
        return Path(path)


def read_json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | Rejected]]:
    """(line, record) for each line of a JSON Lines file, gzip'd or not; a bad line becomes a Rejected."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8-sig") as handle:
            for line_no, text in enumerate(handle, 1):
                if not text.strip():
                    continue
                try:
                    record = orjson.loads(text)
                except orjson.JSONDecodeError as exc:
                    yield (
                        line_no,
                        Rejected(str(path), line_no, text.strip()[:200], f"not JSON: {exc.msg} at column {exc.colno}"),
                    )
                    continue
                if not isinstance(record, dict):
                    yield line_no, Rejected(str(path), line_no, text.strip()[:200], "not a JSON object")
                    continue
                yield line_no, record
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
        raise UnreadableSource(f"cannot read as JSON Lines: {exc}", source=str(path)) from exc


class CatalogDumpImporter(Importer):
    """A relaton-derived catalogue dump: one JSON object a line with an ``id``."""

    bundled_file: ClassVar[str]
    id_field: ClassVar[str] = "id"
    derive_successions: ClassVar[bool] = True

    def read(self, path: Path) -> Iterator[Row | Rejected]:
        rows: list[Row] = []
        for line_no, record in read_json_lines(path):
            if isinstance(record, Rejected):
                yield record
                continue
            raw = str(record.get(self.id_field) or "")
            try:
                standard = self.standard(record, f"{path.name}:{line_no}")
            except IdentifierError as exc:
                yield Rejected(str(path), line_no, raw, f"identifier not readable: {exc.message}")
                continue
            except BadValue as bad:
                yield Rejected(str(path), line_no, raw, bad.reason)
                continue
            except (TypeError, ValueError, KeyError) as exc:
                yield Rejected(str(path), line_no, raw, f"field has an unexpected value: {exc}")
                continue
            rows.append(Row(line_no, raw, standard))
        rows = self.fold_variants(rows)
        if self.derive_successions:
            link_successive_editions([r.item for r in rows if isinstance(r.item, Standard)])
        yield from rows

    def standard(self, record: dict[str, Any], source_record: str) -> Standard:
        raise NotImplementedError

    def fold_variants(self, rows: list[Row]) -> list[Row]:
        """Merge rows that are other forms of one edition into it; the default keeps every row."""
        return rows


def link_successive_editions(standards: list[Standard]) -> None:
    """Give each superseded edition a derived ``replaced by`` edge to the next edition of its work."""
    works: dict[str, list[Standard]] = {}
    for s in standards:
        if s.doctype not in (DocType.AMENDMENT, DocType.CORRIGENDUM, DocType.DRAFT) and "+" not in s.edition_key:
            works.setdefault(s.work_key, []).append(s)
    for editions in works.values():
        editions.sort(key=lambda s: (s.published or str(s.year or ""), s.edition_key))
        for older, newer in itertools.pairwise(editions):
            if older.status not in (Status.WITHDRAWN, Status.REPLACED):
                continue
            if any(r.type == RelationType.REPLACES for r in older.relations):
                continue
            older.status = Status.REPLACED
            note = "next edition of the work in the source catalogue"
            older.relations.append(
                RelationDraft(RelationType.REPLACES, newer.identifier, None, Evidence.DERIVED, note, reverse=True)
            )
            older.withdrawn = older.withdrawn or newer.published


def _draft_of(text: str, own: identifiers.Identifier) -> bool:
    """Whether ``text`` names a draft stage of the same work as ``own``."""
    try:
        target = identifiers.parse(text)
    except IdentifierError:
        return False
    return target.stage is not None and target.work_key == own.work_key


def _revising_document(text: str) -> str:
    """What a ``revised_by`` target is: "supplement", "draft", "edition", or "unreadable" (reported at ingest)."""
    try:
        ident = identifiers.parse(text)
    except IdentifierError:
        return "unreadable"
    if ident.supplements:
        return "supplement"
    return "draft" if ident.stage else "edition"


class IsoCatalogImporter(CatalogDumpImporter):
    name = "iso"
    description = "ISO catalogue (relaton-data-iso JSON Lines)"
    bundled_file = "iso_catalog.jsonl.gz"
    derive_successions = False  # the ISO data declares its supersessions

    def standard(self, record: dict[str, Any], source_record: str) -> Standard:
        own = identifiers.parse(record["id"])
        relations: list[RelationDraft] = []
        replaced = False
        for rel in record.get("relations") or []:
            if rel["rel"] == "replaces":
                if not own.stage and _draft_of(rel["id"], own):
                    # a publication "replaces" the draft stages of its own work: history, not supersession
                    note = "draft of the same work that this document succeeded (relaton 'obsoletes')"
                    relations.append(RelationDraft(RelationType.EDITION_OF, rel["id"], note=note))
                else:
                    relations.append(RelationDraft(RelationType.REPLACES, rel["id"]))
            elif rel["rel"] == "revised_by":
                later = _revising_document(rel["id"])
                if later != "supplement":  # a later edition (or draft of one) that revises this one
                    relations.append(RelationDraft(RelationType.REPLACES, rel["id"], reverse=True))
                replaced = replaced or later == "edition"
        status = {
            "published": Status.IN_FORCE,
            "withdrawn": Status.REPLACED if replaced else Status.WITHDRAWN,
            "cancelled": Status.CANCELLED,
            "under-development": Status.UNDER_DEVELOPMENT,
        }[record["status"]]
        title_fr = record.get("title_fr")
        published = record.get("published")
        own_year = own.supplements[-1].year if own.supplements else None
        if own_year and (not published or int(published[:4]) < own_year):
            published = str(own_year)  # the crawl gives some supplements their base document's date
        return build_standard(
            own,
            dataset=self.dataset,
            source_record=source_record,
            titles={"en": record.get("title_en"), "fr": None if title_fr == "Titre manque" else title_fr},
            status=status,
            doctype=None if own.supplements or own.stage else _DOCTYPES.get(record.get("doctype", "")),
            relations=relations,
            published=published,
            edition=record.get("edition"),
            ics=tuple(record.get("ics") or ()),
            committee=record.get("committee"),
            url=record.get("url"),
            extra={k: record[k] for k in ("stage", "iso_project_id", "corrected") if record.get(k)},
        )


# Forms in which IEC sells one edition; they share its edition key and are folded into its record.
IEC_FORMAT_VARIANTS = {
    "RLV": "redline version",
    "CMV": "commented version",
    "EXV": "extended version",
    "EXV-RLV": "extended redline version",
    "EXV-CMV": "extended commented version",
}


class IecCatalogImporter(CatalogDumpImporter):
    name = "iec"
    description = "IEC catalogue (relaton-data-iec JSON Lines)"
    bundled_file = "iec_catalog.jsonl.gz"

    def fold_variants(self, rows: list[Row]) -> list[Row]:
        """A redline, commented or extended version becomes a note on its edition's record, not a record.

        When the catalogue lists only the variant, the variant's record stands for the edition.
        """
        groups: dict[str, list[Row]] = {}
        for row in rows:
            assert isinstance(row.item, Standard)
            groups.setdefault(row.item.edition_key, []).append(row)
        kept: list[Row] = []
        for group in groups.values():
            plain = [r for r in group if not _variant_form(r)]
            lead = plain[0] if plain else group[0]
            assert isinstance(lead.item, Standard)
            for row in group:
                form = _variant_form(row)
                if row is lead or form is None:
                    if row is not lead:
                        kept.append(row)  # two plain records of one edition: ingest decides
                    continue
                assert isinstance(row.item, Standard)
                variants = lead.item.extra.setdefault("variants", [])
                variants.append({"identifier": row.value, "form": form, "url": row.item.url})
                lead.folded += 1
            kept.append(lead)
        kept.sort(key=lambda r: r.line)
        return kept

    def standard(self, record: dict[str, Any], source_record: str) -> Standard:
        own = identifiers.parse(record["id"])
        status = {
            "published": Status.IN_FORCE,
            "revised": Status.REPLACED,
            "replaced": Status.REPLACED,
            "withdrawn": Status.WITHDRAWN,
        }[record["status"]]
        extra = {k: record[k] for k in ("stable_until",) if record.get(k)}
        extra.update(dict(own.extra))
        return build_standard(
            own,
            dataset=self.dataset,
            source_record=source_record,
            titles={"en": record.get("title_en"), "fr": record.get("title_fr"), "es": record.get("title_es")},
            status=status,
            doctype=None if own.supplements or own.stage else _DOCTYPES.get(record.get("doctype", "")),
            published=record.get("published"),
            withdrawn=record.get("obsoleted") if status != Status.IN_FORCE else None,
            edition=record.get("edition"),
            ics=tuple(record.get("ics") or ()),
            committee=record.get("committee"),
            url=record.get("url"),
            extra=extra,
        )


def _variant_form(row: Row) -> str | None:
    form = row.item.extra.get("suffix") if isinstance(row.item, Standard) else None
    return form if form in IEC_FORMAT_VARIANTS else None


class JisCatalogImporter(CatalogDumpImporter):
    name = "jis"
    description = "JIS catalogue (relaton-data-jis JSON Lines)"
    bundled_file = "jis_catalog.jsonl.gz"

    def standard(self, record: dict[str, Any], source_record: str) -> Standard:
        status = {"valid": Status.IN_FORCE, "withdrawn": Status.WITHDRAWN}[record["status"]]
        return build_standard(
            record["id"],
            dataset=self.dataset,
            source_record=source_record,
            titles={"ja": record.get("title_ja"), "en": record.get("title_en")},
            status=status,
            published=record.get("issued"),
            ics=tuple(record.get("ics") or ()),
            url=record.get("url"),
            extra={"confirmed": record["confirmed"]} if record.get("confirmed") else {},
        )


class ItuCatalogImporter(CatalogDumpImporter):
    name = "itu"
    description = "ITU-T and ITU-R Recommendations (relaton-data-itu JSON Lines)"
    bundled_file = "itu_catalog.jsonl.gz"

    def standard(self, record: dict[str, Any], source_record: str) -> Standard:
        status = {"in-force": Status.IN_FORCE, "withdrawn": Status.WITHDRAWN}.get(
            record.get("status", ""), Status.UNKNOWN
        )
        return build_standard(
            record["id"],
            dataset=self.dataset,
            source_record=source_record,
            titles={"en": record.get("title_en")},
            status=status,
            published=record.get("published"),
            edition=record.get("edition"),
            url=record.get("url"),
        )


class GbSampleImporter(CatalogDumpImporter):
    name = "gb-sample"
    description = "Sample of GB standards gathered from public pages (bundled JSON Lines)"
    bundled_file = "gb_records.jsonl.gz"
    id_field = "designation"
    derive_successions = False

    def standard(self, record: dict[str, Any], source_record: str) -> Standard:
        degree = Degree(record["degree"]) if record.get("degree") else None
        relations = [RelationDraft(RelationType.ADOPTS, t, degree) for t in _listed(record.get("adopted_from"))]
        relations += [RelationDraft(RelationType.REPLACES, t) for t in _listed(record.get("replaces"))]
        return build_standard(
            record["designation"],
            dataset=self.dataset,
            source_record=source_record,
            titles={"zh": record.get("title_zh"), "en": record.get("title_en")},
            status=STATUSES.get(record.get("status") or "", Status.UNKNOWN),
            relations=relations,
            published=record.get("published"),
            implemented=record.get("implemented"),
            ics=split_values(record.get("ics") or ""),
            ccs=split_values(record.get("ccs") or ""),
            url=record.get("source"),
        )


def _listed(cell: str | None) -> list[str]:
    """The identifiers a cell lists; a piece that is none is kept as written, for the import to report."""
    found, unreadable = split_identifiers(cell or "")
    return [canonical for _, canonical in found] + [error.value for error in unreadable]


BUNDLED: tuple[type[CatalogDumpImporter], ...] = (
    IsoCatalogImporter,
    IecCatalogImporter,
    JisCatalogImporter,
    ItuCatalogImporter,
    GbSampleImporter,
)
