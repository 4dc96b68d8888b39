"""Identifier-first search: what a query means when it names a standard, however sloppily.

In order: the exact edition; the work's current edition and its other editions ("ISO 9001", "gbt 19001");
the compact key of the text ("iso9001 2015"); the bare number of any body ("9001 2015", "X.509"), international
originals first; then everything whose key starts with the text ("IEC 60335-2" -> its parts). When nothing
matches, the nearest keys are offered ("did you mean").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from stdbridge import identifiers
from stdbridge.catalog.graph import current_edition, successors_of
from stdbridge.errors import IdentifierError
from stdbridge.identifiers import BARE, LOOSE
from stdbridge.models import Degree, DocType, RelationType, Standard, Status
from stdbridge.store import Store

PREFIX_LIMIT = 400
_NUMBERISH = re.compile(r"\d{2,}|^[A-Za-z]\s?\.\s?\d+")
_LIVE = (Status.IN_FORCE, Status.ANNOUNCED)
_SUPPLEMENTS = (DocType.AMENDMENT, DocType.CORRIGENDUM)


@dataclass(slots=True)
class IdentifierMatch:
    """Standards an identifier-like query names, best first, and how they were found."""

    standards: list[Standard] = field(default_factory=list)
    how: str = ""  # "edition", "work", "key", "number", "prefix"
    did_you_mean: list[Standard] = field(default_factory=list)


@dataclass(slots=True)
class Adopting:
    """A standard on one side of an adoption, with its degree (None when no source says)."""

    standard: Standard
    degree: Degree | None


@dataclass(slots=True)
class NotHeld:
    """An identifier the catalogue does not hold, as read, with what is known of it."""

    identifier: str  # canonical rendering
    adopts: list[Adopting] = field(default_factory=list)  # what its identifier says it adopts, held
    adopted_by: list[Adopting] = field(default_factory=list)  # held standards whose relations say they adopt it


def not_held(store: Store, text: str) -> NotHeld | None:
    """The identifier ``text`` names when the catalogue holds no edition of it (None when it holds one, or when
    ``text`` is not an identifier): what it adopts and what adopts it, as far as the catalogue knows."""
    try:
        parsed = identifiers.parse(text)
    except IdentifierError:
        return None
    if store.standards_by_keys([parsed.edition_key]):
        return None
    if parsed.year is None and store.standards_of_work(parsed.work_key):
        return None
    answer = NotHeld(parsed.render())
    for adoption in parsed.adoptions:
        original = find_by_identifier(store, adoption.identifier.render())
        if original.how in ("edition", "work") and original.standards:
            answer.adopts.append(Adopting(original.standards[0], adoption.degree))
    wanted = {parsed.edition_key} if parsed.year is not None else None
    adopters = [
        r for r in store.relations_touching([], [parsed.work_key])
        if r.type == RelationType.ADOPTS and r.source_id is not None and (wanted is None or r.target_key in wanted)
    ]  # fmt: skip
    sources = store.standards_by_ids({r.source_id for r in adopters if r.source_id is not None})
    for r in adopters:
        if r.source_id in sources:
            answer.adopted_by.append(Adopting(sources[r.source_id], r.degree))
    return answer


def looks_like_identifier(text: str) -> bool:
    """A query worth reading as an identifier: it parses as one, or holds a number of two or more digits."""
    try:
        identifiers.parse(text)
    except IdentifierError:
        return bool(_NUMBERISH.search(text)) and len(text.split()) <= 4
    return True


def rank(standards: list[Standard]) -> list[Standard]:
    """International originals first, then whole documents in force, then the most recent."""
    return sorted(
        standards,
        key=lambda s: (
            s.country != "INT",
            s.doctype in (*_SUPPLEMENTS, DocType.DRAFT),
            s.status not in _LIVE,
            -(s.year or 0),
            s.identifier,
        ),
    )


def editions_in_order(editions: list[Standard]) -> list[Standard]:
    """A work's documents as a user reads them: the current edition, other editions newest first, then
    amendments and corrigenda, then drafts."""
    current = current_edition(editions)
    rest = [s for s in editions if current is None or s.id != current.id]
    rest.sort(key=lambda s: (
        s.doctype == DocType.DRAFT, s.doctype in _SUPPLEMENTS, -(s.year or 0), s.published or "", s.identifier,
    ))  # fmt: skip
    return ([current] if current else []) + rest


def find_by_identifier(store: Store, text: str) -> IdentifierMatch:
    """The standards ``text`` names as an identifier (empty when it names none)."""
    with store.reading():  # its reads share one connection
        return _find_by_identifier(store, text)


def _find_by_identifier(store: Store, text: str) -> IdentifierMatch:
    try:
        parsed: identifiers.Identifier | None = identifiers.parse(text)
    except IdentifierError:
        parsed = None
    work: list[Standard] = []
    if parsed is not None:
        work = store.standards_of_work(parsed.work_key)
        # the edition is nearly always among its work's documents: read from the store only when it is not
        exact = next((s for s in work if s.edition_key == parsed.edition_key), None)
        if exact is None:
            exact = store.standards_by_keys([parsed.edition_key]).get(parsed.edition_key)
        if exact is not None and not (parsed.year is None and _is_project(exact) and len(work) > 1):
            rest = [s for s in editions_in_order(work) if s.id != exact.id]
            return IdentifierMatch([exact, *rest], "edition")
        if work and parsed.year is None and not parsed.supplements:
            return IdentifierMatch(_with_successors(store, editions_in_order(work)), "work")
        same_year = [s for s in work if s.year == parsed.year and not parsed.supplements and s.doctype
                     not in (*_SUPPLEMENTS, DocType.DRAFT)]  # fmt: skip
        if same_year:  # "X.509 2016" names the edition of October 2016
            rest = [s for s in editions_in_order(work) if s not in same_year]
            return IdentifierMatch([*rank(same_year), *rest], "edition")
    key = identifiers.compact_key(text)
    if not key:
        return IdentifierMatch()
    tried = (("key", key), ("key", LOOSE + key), ("number", BARE + key))
    named = store.standards_by_lookup_keys([lookup for _, lookup in tried])  # one read for the three
    for how, lookup in tried:
        if named.get(lookup):
            return IdentifierMatch(_by_work(named[lookup]), how)
    prefixed = _by_ids(store, store.standard_ids_by_lookup_prefix(key, PREFIX_LIMIT))
    if not prefixed and any(c.isdigit() for c in key):
        prefixed = _by_ids(store, store.standard_ids_by_lookup_prefix(BARE + key, PREFIX_LIMIT))
    if prefixed:
        return IdentifierMatch(_prefix_order(prefixed), "prefix")
    if work:  # a dated edition that does not exist: offer the work's editions
        return IdentifierMatch(did_you_mean=editions_in_order(work)[:5])
    return IdentifierMatch(did_you_mean=near_keys(store, key))


def _is_project(standard: Standard) -> bool:
    """An undated record of a revision under way ("ISO 37001" beside ISO 37001:2025): "ISO 37001" means the
    current edition, not the project."""
    return standard.status in (Status.UNDER_DEVELOPMENT, Status.CANCELLED)


def _with_successors(store: Store, ordered: list[Standard]) -> list[Standard]:
    """A work whose last edition was replaced by another work (ISO 8601 by ISO 8601-1 and -2): the
    replacements come first, as the user looking for the standard in force wants them."""
    current = ordered[0] if ordered else None
    if current is None or current.status in _LIVE:
        return ordered
    successors = [s for s in successors_of(store, current) if s.work_key != current.work_key]
    return [*successors, *ordered] if successors else ordered


def _by_work(found: list[Standard]) -> list[Standard]:
    """Standards of several works: works in ``rank`` order of their best member, each work's documents in
    reading order (current edition first)."""
    works: dict[str, list[Standard]] = {}
    for s in rank(found):
        works.setdefault(s.work_key, []).append(s)
    return [s for members in works.values() for s in editions_in_order(members)]


def _prefix_order(found: list[Standard]) -> list[Standard]:
    """Prefix matches grouped by work in identifier order, each work's current edition first."""
    works: dict[str, list[Standard]] = {}
    for s in found:
        works.setdefault(s.work_key, []).append(s)
    ordered: list[Standard] = []
    for work_key in sorted(works, key=_natural):
        ordered += editions_in_order(works[work_key])
    return ordered


def _natural(text: str) -> list[tuple[int, str]]:
    return [(int(p), "") if p.isdigit() else (0, p) for p in re.split(r"(\d+)", text)]


def near_keys(store: Store, key: str, limit: int = 5) -> list[Standard]:
    """Standards whose keys are a few edits from ``key`` (ISO 90001 -> ISO 9001, ISO 9000)."""
    candidates: dict[int, Standard] = {}
    trimmed = key
    while len(trimmed) >= 3 and len(candidates) < 50:
        for s in _by_ids(store, store.standard_ids_by_lookup_prefix(trimmed, 60)):
            if s.id is not None:
                candidates[s.id] = s
        trimmed = trimmed[:-1]
    scored = sorted(
        candidates.values(),
        key=lambda s: (
            min(Levenshtein.distance(key, identifiers.compact_key(k)) for k in (s.edition_key, s.work_key)),
            s.status not in _LIVE,
            s.identifier,
        ),
    )
    return scored[:limit]


def _by_ids(store: Store, ids: list[int]) -> list[Standard]:
    found = store.standards_by_ids(ids)
    return [found[i] for i in dict.fromkeys(ids) if i in found]
