"""The records of the catalogue: standards, their relations and the events of imports.

No I/O lives here. Dates are ISO 8601 strings that may be partial ("2015",
"2015-09", "2015-09-15") because sources often give only a year or a month;
``date_floor`` turns them into comparable full dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple


class Status(StrEnum):
    """Life-cycle state of one edition."""

    IN_FORCE = "in-force"
    ANNOUNCED = "announced"  # published, not yet in force (GB 即将实施)
    UNDER_DEVELOPMENT = "under-development"
    REPLACED = "replaced"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"  # a project abandoned before publication
    UNKNOWN = "unknown"


class DocType(StrEnum):
    STANDARD = "standard"
    TECHNICAL_SPECIFICATION = "technical-specification"
    TECHNICAL_REPORT = "technical-report"
    PUBLICLY_AVAILABLE_SPECIFICATION = "publicly-available-specification"
    GUIDE = "guide"
    RECOMMENDATION = "recommendation"
    AMENDMENT = "amendment"
    CORRIGENDUM = "corrigendum"
    DRAFT = "draft"
    WORKSHOP_AGREEMENT = "workshop-agreement"
    HANDBOOK = "handbook"
    OTHER = "other"


class Degree(StrEnum):
    """Degree of correspondence of an adoption (ISO/IEC Guide 21-1).

    EQV is the pre-2001 Chinese 等效 ("equivalent"); it is kept as recorded and
    ranks with MOD when degrees are combined.
    """

    IDT = "IDT"
    MOD = "MOD"
    EQV = "EQV"
    NEQ = "NEQ"

    @property
    def strength(self) -> int:
        return _DEGREE_STRENGTH[self]

    @classmethod
    def weakest(cls, degrees: list[Degree]) -> Degree | None:
        return min(degrees, key=lambda d: d.strength) if degrees else None


_DEGREE_STRENGTH = {Degree.IDT: 3, Degree.MOD: 2, Degree.EQV: 2, Degree.NEQ: 1}


class RelationType(StrEnum):
    """Typed edges, stored in one direction; the inverse name is read the other way."""

    ADOPTS = "adopts"  # source adopts target (an international or foreign standard)
    REPLACES = "replaces"  # source replaces target
    AMENDS = "amends"  # source is an amendment of target
    CORRECTS = "corrects"  # source is a corrigendum of target
    EDITION_OF = "edition-of"  # source is another edition of the same work as target
    REFERENCES = "references"  # normative reference
    EQUIVALENT = "equivalent"  # declared by a mutual-recognition catalogue

    @property
    def inverse(self) -> str:
        return _INVERSE[self]


_INVERSE = {
    RelationType.ADOPTS: "adopted-as",
    RelationType.REPLACES: "replaced-by",
    RelationType.AMENDS: "amended-by",
    RelationType.CORRECTS: "corrected-by",
    RelationType.EDITION_OF: "edition-of",
    RelationType.REFERENCES: "referenced-by",
    RelationType.EQUIVALENT: "equivalent",
}


class Evidence(StrEnum):
    """Why stdbridge believes a relation holds."""

    DECLARED = "declared"  # stated by the source data
    IDENTIFIER = "identifier"  # implied by the identifier itself (EN ISO 9001, ГОСТ Р ИСО 9001)
    DERIVED = "derived"  # inferred by stdbridge from other facts (successive editions)


@dataclass(slots=True)
class RelationDraft:
    """A relation as a source states it: the target is still text."""

    type: RelationType
    target: str
    degree: Degree | None = None
    evidence: Evidence = Evidence.DECLARED
    note: str | None = None
    reverse: bool = False  # the edge runs from the target to this standard (GB 被代替标准: "replaced by")


@dataclass(slots=True)
class Standard:
    """One edition of one document, as held in the catalogue."""

    identifier: str  # canonical rendering
    edition_key: str
    work_key: str
    body: str
    country: str  # ISO 3166 alpha-2, INT for international bodies, or a regional code (EU, EASC)
    doctype: DocType
    number: str
    part: str | None = None
    year: int | None = None
    edition: str | None = None
    copublishers: tuple[str, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    status: Status = Status.UNKNOWN
    published: str | None = None
    implemented: str | None = None
    withdrawn: str | None = None
    ics: tuple[str, ...] = ()
    ccs: tuple[str, ...] = ()
    committee: str | None = None
    url: str | None = None
    dataset: str = ""
    source_record: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    relations: list[RelationDraft] = field(default_factory=list)
    id: int | None = None  # store row id, once stored
    imported_at: str | None = None

    def title(self, *languages: str) -> str:
        """The first title held in the preferred languages, else any title."""
        for lang in (*languages, "en", "zh"):
            if self.titles.get(lang):
                return self.titles[lang]
        return next(iter(self.titles.values()), "")


@dataclass(slots=True)
class Relation:
    """A stored relation between two catalogue entries (the target may be unknown yet)."""

    source_key: str
    type: RelationType
    target_key: str
    target_text: str
    degree: Degree | None
    evidence: Evidence
    dataset: str
    source_id: int | None = None
    target_id: int | None = None
    note: str | None = None
    target_work_key: str = ""  # lets an undated target ("ISO 9001") reach the work's editions
    origin_key: str = ""  # the record that declared it, so a re-import can replace its relations


class LinkEnds(NamedTuple):
    """What a pass over many relations reads of each: its type, its ends, its degree and its target as written."""

    type: RelationType
    source_id: int | None
    target_id: int | None
    degree: str | None
    target_text: str


class ChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    WITHDRAWN = "withdrawn"
    REPLACED = "replaced"


@dataclass(slots=True)
class ChangeEvent:
    """A dated fact about the catalogue, written by an import; alerts read these."""

    kind: ChangeKind
    edition_key: str
    identifier: str
    at: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Rejected:
    """A row an importer could not accept: where it was, what it held, and why."""

    source: str
    line: int
    value: str
    reason: str


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(slots=True)
class Decision:
    """What a person decided about a suggested counterpart: accepted (with a degree) or rejected.

    An accepted pair becomes an ``equivalent`` relation; a rejected one is not suggested again, for any
    edition of the two works. Every decision is kept: a later one about the same pair stands, the earlier ones
    stay in its history. ``by`` is the name shown; ``user_id`` the account that decided, once there are accounts.
    """

    source_key: str
    target_key: str
    verdict: Verdict
    by: str
    at: str
    degree: Degree | None = None
    note: str | None = None
    source_work: str = ""
    target_work: str = ""
    id: int | None = None  # set when stored: decisions are numbered in the order they were made
    user_id: int | None = None


@dataclass(slots=True)
class ClassEntry:
    """One node of a classification (ICS, CCS) or one committee."""

    scheme: str  # "ICS", "CCS", "committee"
    code: str
    parent: str | None
    titles: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ImportSummary:
    """What one import did to the catalogue."""

    dataset: str
    format: str
    path: str
    read: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    duplicates: int = 0  # identical repeats of a record already read from the same file
    folded: int = 0  # lines merged into another record as other forms of one edition (IEC redline versions)
    withdrawn: int = 0
    replaced: int = 0
    classes: int = 0
    relations: int = 0
    unresolved_relations: int = 0  # relations this import declared whose other end is not in the catalogue yet
    rejected: int = 0  # rows not imported
    values_rejected: int = 0  # values left out of imported records (an unreadable related identifier or degree)
    rejects_report: str | None = None
    events: list[ChangeEvent] = field(default_factory=list)


def date_floor(value: str | None) -> dt.date | None:
    """The first day a partial ISO date can mean ("2015-09" -> 2015-09-01)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2][:2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


_RECORD_FIELDS = (
    "identifier",
    "edition_key",
    "work_key",
    "body",
    "country",
    "doctype",
    "number",
    "part",
    "year",
    "edition",
    "copublishers",
    "titles",
    "status",
    "published",
    "implemented",
    "withdrawn",
    "ics",
    "ccs",
    "committee",
    "url",
    "dataset",
    "source_record",
    "extra",
)


def standard_to_record(s: Standard) -> dict[str, Any]:
    """A JSON-ready dict of the standard's own fields (relations and store ids excluded).

    Written out field by field: it runs for every record of every import.
    """
    return {
        "identifier": s.identifier,
        "edition_key": s.edition_key,
        "work_key": s.work_key,
        "body": s.body,
        "country": s.country,
        "doctype": s.doctype.value,
        "number": s.number,
        "part": s.part,
        "year": s.year,
        "edition": s.edition,
        "copublishers": list(s.copublishers),
        "titles": s.titles,
        "status": s.status.value,
        "published": s.published,
        "implemented": s.implemented,
        "withdrawn": s.withdrawn,
        "ics": list(s.ics),
        "ccs": list(s.ccs),
        "committee": s.committee,
        "url": s.url,
        "dataset": s.dataset,
        "source_record": s.source_record,
        "extra": s.extra,
    }


def standard_from_record(record: dict[str, Any], *, id: int | None = None, imported_at: str | None = None) -> Standard:
    values: dict[str, Any] = {name: record.get(name) for name in _RECORD_FIELDS}
    return Standard(
        **{
            **values,
            "doctype": DocType(values["doctype"]),
            "status": Status(values["status"]),
            "copublishers": tuple(values["copublishers"] or ()),
            "ics": tuple(values["ics"] or ()),
            "ccs": tuple(values["ccs"] or ()),
            "titles": dict(values["titles"] or {}),
            "extra": dict(values["extra"] or {}),
            "dataset": values["dataset"] or "",
            "source_record": values["source_record"] or "",
        },
        id=id,
        imported_at=imported_at,
    )
