"""The records of the translation workbench: documents cut into segments, translation memory units and their
matches, termbase concepts and their terms, and what a machine-translation engine answers. Plain data, no I/O:
the store keeps them, the services of this package give them meaning, the CLI, API and web show them.

A translation project (``Project``) is one document to translate from one language into another. Its text is cut
into segments (``Segment``) in document order, each with a key that says where in the document it sits, so the
translated document is written by putting each target back at its key. Inline formatting inside a segment (a bold
run, a footnote reference, a field) is kept as tags in the text: a paired tag ``<g1>…</g1>`` around formatted text
and a standalone tag ``<x2/>`` for an object; numbers are unique within a segment (``TAG`` finds them). A target
must carry the same tags as its source (the quality checks say so when it does not).

A translation memory (``TranslationUnit``) pairs a source text with its translation, kept per user (personal), per
organisation or for the platform (shared), with where it came from (``UnitOrigin``). A lookup answers ``Match``es:
exact (100), in-context (the neighbours match too, 101) or fuzzy (0-99).

A termbase holds concepts (``Concept``), each with terms (``Term``) in several languages, each with a status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

TAG = re.compile(r"</?g(\d+)>|<x(\d+)/>")  # the inline tags of a segment's text


def tags_of(text: str) -> list[str]:
    """The inline tags of a text, in order (``['<g1>', '</g1>', '<x2/>']``)."""
    return [m.group(0) for m in TAG.finditer(text)]


def without_tags(text: str) -> str:
    """A segment's text as people read it: the tags removed."""
    return TAG.sub("", text)


class SegmentStatus(StrEnum):
    """Where a segment's translation is."""

    NEW = "new"  # nothing yet
    DRAFT = "draft"  # a target to post-edit: pre-translated, or typed and not confirmed
    TRANSLATED = "translated"  # confirmed by the translator
    REVIEWED = "reviewed"  # approved by a reviewer


class TargetOrigin(StrEnum):
    """Where a segment's current target came from, shown beside it in the editor."""

    MEMORY_EXACT = "memory-exact"  # a 100 % (or in-context) memory match
    MEMORY_FUZZY = "memory-fuzzy"  # a fuzzy memory match, with its score
    ENGINE = "engine"  # a machine-translation engine (which one is in ``Segment.engine``)
    TERMBASE_DRAFT = "termbase-draft"  # the offline engine's draft from the termbase and lexicon, to post-edit
    HUMAN = "human"  # typed or edited by a person


@dataclass(slots=True)
class Segment:
    """One sentence (or heading, list item, table cell, note) of a project's document.

    ``key`` says where it sits in the document (the format's reader makes it and its writer reads it back, e.g.
    ``p12/s0`` or ``t1/r2/c3/p0/s1``); ``position`` is its place in document order. ``version`` grows with each
    save, so that two people editing the same segment never overwrite each other silently.
    """

    project_id: int
    position: int
    key: str
    source: str
    target: str = ""
    status: SegmentStatus = SegmentStatus.NEW
    origin: TargetOrigin | None = None
    score: int | None = None  # the memory match's score, for MEMORY_EXACT / MEMORY_FUZZY
    engine: str | None = None  # the engine's name, for ENGINE
    kind: str = "text"  # what the reader found: text, heading, list-item, table-cell, note, title, formula
    updated_by: int | None = None
    updated_at: str | None = None
    version: int = 0
    id: int | None = None


class UnitScope(StrEnum):
    """Whose memory (or termbase entry) it is."""

    PERSONAL = "personal"  # the user's own: what they confirm
    ORGANISATION = "organisation"  # an organisation's shared memory: reviewed
    PLATFORM = "platform"  # everyone's: seeded from what stdbridge holds, and reviewed contributions


class UnitOrigin(StrEnum):
    """Where a translation unit came from."""

    CATALOGUE_TITLE = "catalogue-title"  # a record with a Chinese and an English title
    TERMBASE = "termbase"  # a zh/en pair of a bundled termbase
    LEXICON = "lexicon"  # the glossary of the lexicon
    TMX = "tmx"  # imported from a TMX file
    ALIGNMENT = "alignment"  # aligned from a pair of documents
    CONFIRMED = "confirmed"  # confirmed by a translator in a project
    REVIEWED = "reviewed"  # approved by a reviewer in a project


@dataclass(slots=True)
class TranslationUnit:
    """A source text and its translation. ``owner_id`` is the user (PERSONAL) or organisation (ORGANISATION)
    it belongs to, None for the platform. ``previous`` / ``following`` are the source texts of the neighbouring
    segments where it was translated, for in-context matches. ``reference`` names what it came from (the
    record's edition key, the TMX file, the project and segment)."""

    source_lang: str  # BCP 47: zh, en, ...
    target_lang: str
    source: str
    target: str
    scope: UnitScope
    origin: UnitOrigin
    owner_id: int | None = None
    previous: str | None = None
    following: str | None = None
    reference: str | None = None
    created_by: int | None = None
    created_at: str | None = None
    id: int | None = None


class MatchKind(StrEnum):
    IN_CONTEXT = "in-context"  # exact, and the neighbouring sources match too (score 101)
    EXACT = "exact"  # score 100
    FUZZY = "fuzzy"  # below 100


@dataclass(frozen=True, slots=True)
class Difference:
    """One stretch of a fuzzy match's source against the segment's: ``equal``, ``insert``, ``delete`` or
    ``replace``, with the text on each side, so the editor can highlight what differs."""

    op: str
    segment_text: str
    unit_text: str


@dataclass(frozen=True, slots=True)
class Match:
    """A translation-memory answer for a segment: the unit, its score (101 in-context, 100 exact, else fuzzy) and
    the differences between the segment's source and the unit's."""

    unit: TranslationUnit
    score: int
    kind: MatchKind
    differences: tuple[Difference, ...] = ()


class TermStatus(StrEnum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"


@dataclass(slots=True)
class Term:
    """One designation of a concept in one language."""

    lang: str
    text: str
    status: TermStatus = TermStatus.PREFERRED
    id: int | None = None


@dataclass(slots=True)
class Concept:
    """A termbase entry: terms in each language for one concept, its definitions (by language), the standard and
    clause that define it (``source``, e.g. ``ISO 9000:2015, 3.1.1``), its domain (an ICS code or a subject)."""

    terms: list[Term]
    definitions: dict[str, str] = field(default_factory=dict)
    source: str | None = None
    domain: str | None = None
    scope: UnitScope = UnitScope.PLATFORM
    owner_id: int | None = None
    origin: str | None = None  # the termbase or file it was imported from
    id: int | None = None


@dataclass(frozen=True, slots=True)
class TermHit:
    """A concept's term found in a segment's source: where (character offsets), the term found, and the terms of
    the target language the translator should use (preferred first) or must not (deprecated)."""

    start: int
    end: int
    found: Term
    concept: Concept


@dataclass(frozen=True, slots=True)
class EngineResult:
    """What an engine answers for one text: the translation, the engine's name and, for the offline engine, the
    origin it claims (memory or termbase draft) and score."""

    text: str
    engine: str
    origin: TargetOrigin = TargetOrigin.ENGINE
    score: int | None = None


class ProjectState(StrEnum):
    """Where a translation project is."""

    TRANSLATING = "translating"
    DELIVERED = "delivered"  # the translated document was delivered; segments may still be reviewed


@dataclass(slots=True)
class Project:
    """One document to translate from ``source_lang`` into ``target_lang``: the uploaded file (``original``, kept
    to write the translated document from), its format, the standard it is (``standard_key``, an edition key)
    when linked, who made it (``owner_id``). A project read from the store has ``original`` None: the file, up
    to megabytes, is read only to write the translation (``Store.project_original``)."""

    title: str
    source_lang: str
    target_lang: str
    filename: str
    format: str
    original: bytes | None
    owner_id: int | None
    created_at: str
    standard_key: str | None = None
    state: ProjectState = ProjectState.TRANSLATING
    updated_at: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class SegmentChange:
    """One saved version of a segment: what its target and status became, who saved it, when."""

    segment_id: int
    version: int
    target: str
    status: SegmentStatus
    origin: TargetOrigin | None
    changed_by: int | None
    changed_at: str


# The checks of a translation (``translation.quality``) and the waivers of their findings, here so that stores read
# and write waivers without loading the checks.
class Check(StrEnum):
    REQUIREMENTS = "requirements"
    NUMBERS = "numbers"
    IDENTIFIERS = "identifiers"
    CLAUSE_REFERENCES = "clause-references"
    EMPTY = "empty"
    UNTRANSLATED = "untranslated"
    SAME_AS_SOURCE = "same-as-source"
    TERMS = "terms"
    DEPRECATED_TERM = "deprecated-term"
    TAGS = "tags"
    PUNCTUATION = "punctuation"
    CONSISTENCY = "consistency"


@dataclass(frozen=True, slots=True)
class Waiver:
    """A person's judgement that a check's finding in a segment is not an error: ``by`` who (user name or id as
    text), ``at`` when (ISO 8601), ``reason`` why."""

    check: Check
    segment_key: str
    reason: str
    by: str
    at: str
