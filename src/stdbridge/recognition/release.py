"""The document a release publishes, and the difference between two: plain data, no I/O.

A release (``release_document``) is the numbered version (v1, v2 ...) of a programme's settled entries, as the JSON
object that is signed (``recognition.signing``) and that ``stdbridge verify`` checks. Its fields::

    format          "stdbridge-release/1"
    programme       slug, title by language, visibility (public, members), parties (code, name, language,
                    bodies), the consensus rule
    number, version 1, "v1"
    published_at    UTC, ISO 8601; published_by: the name of who published it
    entries         one per settled entry, by id: its standards (party, edition key, identifier, title in the
                    party's language and in English), degree, proposed degree, basis, kind, assessment, origin,
                    differences, reservations (party, degree, reason, when, and the seq of the audit entry that
                    recorded it), rounds taken, transition dates, stage, product class, ``settled_seq`` (the audit
                    entry that settled it) and, for an entry flagged *needs review* that the coordinator carried
                    on, ``carried`` (why it was flagged, and the note)
    public_comments the log of how each public comment was handled, when the draft was opened for comment
    audit           ``head``: seq and hash of the last entry of the audit log at publication; ``entries``: the audit
                    entries the release cites (those that settled its entries and recorded its reservations, and
                    the head), every field and hash, so that anyone recomputes their hashes (``audit.entry``)
    key             algorithm "Ed25519", the public key (base64 of its 32 bytes) and its fingerprint

What an audit entry must say for ``stdbridge verify`` to agree with an entry (``settled_facts`` and
``reservation_facts`` read them): the entry that settled it has ``after`` naming the entry (``entry_id``), the
degree (``degree``) and the standards (``standards``: edition keys, or objects with ``edition_key``) — or it is
the closing of a review round (``round.close``) whose ``after.settled`` gives the degree by entry id, and then the
standards are vouched for by the signature only; the one that recorded a reservation names the entry (or its
subject ends ``entry N``), the degree and the reason, and the party when it holds one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stdbridge.audit.entry import AuditEntry
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.recognition.model import Entry, EntryState, Programme, Reservation, Stage

FORMAT = "stdbridge-release/1"
# What the difference between two releases compares, for each entry present in both.
COMPARED_FIELDS = (
    "standards",
    "degree",
    "basis",
    "kind",
    "assessment",
    "differences",
    "reservations",
    "rounds_taken",
    "transition",
    "stage",
    "product_class",
    "carried",
)


class NeedsReviewError(UsageError):
    """A release would carry entries flagged *needs review* (a standard replaced or withdrawn) without a note."""

    def __init__(self, message: str, entry_ids: Sequence[int]) -> None:
        super().__init__(message)
        self.entry_ids = tuple(entry_ids)


@dataclass(frozen=True, slots=True)
class Published:
    """What a release publishes beyond its entries: who, when, the audit log's head, the public-comment log."""

    number: int
    published_at: str
    published_by: str
    head: AuditEntry
    public_comments: Sequence[Mapping[str, Any]] = ()


def version_name(number: int) -> str:
    return f"v{number}"


def release_document(
    programme: Programme,
    entries: Iterable[Entry],
    published: Published,
    *,
    titles: Mapping[str, Mapping[str, str]],
    settlements: Mapping[int, AuditEntry],
    reservations: Mapping[int, Sequence[tuple[Reservation, AuditEntry]]],
    key: Mapping[str, str],
    carried: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """The document of release ``published.number`` of ``programme``: ``entries`` are its settled entries;
    ``titles`` the catalogue's titles of their standards by edition key and language; ``settlements`` the audit
    entry that settled each entry (by entry id); ``reservations`` each entry's reservations with the audit entry
    that recorded each; ``key`` the programme's public key (``signing.key_description``); ``carried`` the note
    the coordinator gave for each entry flagged *needs review* that is carried on regardless.

    Raises ``NeedsReviewError`` naming the entries flagged *needs review* that ``carried`` does not cover, and
    ``UsageError`` for an entry that is not settled or whose settlement is not in the audit log."""
    carried = carried or {}
    settled = sorted(entries, key=lambda e: e.id or 0)
    unsettled = [e.id for e in settled if e.state is not EntryState.SETTLED]
    if unsettled:
        raise UsageError(
            _("Only settled entries are published; not settled: {ids}.").format(
                ids=", ".join(str(i) for i in unsettled)
            )
        )
    flagged = [e for e in settled if e.needs_review and not (carried.get(e.id or 0) or "").strip()]
    if flagged:
        names = "; ".join(
            f"{e.id} ({' / '.join(s.identifier for s in e.standards)}: {e.needs_review})" for e in flagged
        )
        raise NeedsReviewError(
            _(
                "These entries need review (a standard was replaced, amended or withdrawn): "
                "{entries}. Settle them again in a round, or carry each with a note."
            ).format(entries=names),
            [e.id or 0 for e in flagged],
        )
    missing = [e.id for e in settled if (e.id or 0) not in settlements]
    if missing:
        raise UsageError(
            _("No audit entry records the settlement of entries {ids}.").format(ids=", ".join(str(i) for i in missing))
        )
    cited: dict[int, AuditEntry] = {published.head.seq: published.head}
    documented = []
    for entry in settled:
        entry_id = entry.id or 0
        cited[settlements[entry_id].seq] = settlements[entry_id]
        for _reservation, recorded in reservations.get(entry_id, ()):
            cited[recorded.seq] = recorded
        documented.append(
            _entry_document(
                programme, entry, titles, settlements[entry_id], reservations.get(entry_id, ()), carried.get(entry_id)
            )
        )
    too_late = [seq for seq in cited if seq > published.head.seq]
    if too_late:
        raise UsageError(
            _("Audit entries {seqs} come after the head {head} the release cites.").format(
                seqs=", ".join(map(str, sorted(too_late))), head=published.head.seq
            )
        )
    document: dict[str, Any] = {
        "format": FORMAT,
        "programme": _programme_document(programme),
        "number": published.number,
        "version": version_name(published.number),
        "published_at": published.published_at,
        "published_by": published.published_by,
        "entries": documented,
        "audit": {
            "head": {"seq": published.head.seq, "hash": published.head.hash},
            "entries": [cited[seq].to_json() for seq in sorted(cited)],
        },
        "key": dict(key),
    }
    if published.public_comments:
        document["public_comments"] = [dict(c) for c in published.public_comments]
    return document


def _programme_document(programme: Programme) -> dict[str, Any]:
    rule = programme.rule
    return {
        "slug": programme.slug,
        "title": dict(programme.title),
        "visibility": str(programme.visibility),
        "parties": [
            {"code": p.code, "name": p.name, "language": p.language, "bodies": list(p.bodies)}
            for p in programme.parties
        ],
        "rule": {
            "share": f"{rule.share.numerator}/{rule.share.denominator}",
            "min_answers": rule.min_answers,
            "max_rounds": rule.max_rounds,
        },
    }


def _entry_document(
    programme: Programme,
    entry: Entry,
    titles: Mapping[str, Mapping[str, str]],
    settlement: AuditEntry,
    reservations: Sequence[tuple[Reservation, AuditEntry]],
    carried_note: str | None,
) -> dict[str, Any]:
    languages = {p.code: p.language for p in programme.parties}
    standards = []
    for s in entry.standards:
        known = titles.get(s.edition_key, {})
        wanted = dict.fromkeys((languages.get(s.party, "en"), "en"))
        standards.append(
            {
                "party": s.party,
                "edition_key": s.edition_key,
                "identifier": s.identifier,
                "title": {lang: known.get(lang, "") for lang in wanted},
            }
        )
    assessment = entry.assessment
    document: dict[str, Any] = {
        "id": entry.id,
        "standards": standards,
        "degree": str(entry.degree) if entry.degree else None,
        "proposed": str(entry.proposed),
        "origin": str(entry.origin),
        "basis": str(entry.basis),
        "kind": str(entry.kind) if entry.kind else None,
        "assessment": None
        if assessment is None
        else {"verdict": assessment.verdict, "evidence": assessment.evidence, "assessors": list(assessment.assessors)},
        "differences": entry.differences,
        "reservations": [
            {
                "party": r.party,
                "degree": str(r.degree) if r.degree else None,
                "reason": r.reason,
                "at": r.at,
                "audit_seq": recorded.seq,
            }
            for r, recorded in sorted(reservations, key=lambda pair: pair[1].seq)
        ],
        "rounds_taken": entry.rounds_taken,
        "transition": {"from": entry.transition_from, "until": entry.transition_until},
        "stage": str(Stage.SYMBIOSIS if entry.stage is Stage.SYMBIOSIS else Stage.SHARING),
        "product_class": entry.product_class,
        "settled_seq": settlement.seq,
    }
    if entry.needs_review:
        document["carried"] = {"reason": entry.needs_review, "note": (carried_note or "").strip()}
    return document


# -- what the audit entries say ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SettledFacts:
    entry_id: int | None
    degree: str | None
    edition_keys: frozenset[str] | None  # None: the audit entry does not name the standards


def settled_facts(after: Any, entry_id: int | None = None) -> SettledFacts:
    """What the audit entry that settled an entry says of it (its ``after``): one entry's settlement
    (``entry_id``, ``degree``, ``standards``), or the closing of a review round, which settles several
    (``settled``: degree by entry id, for the entry ``entry_id`` asked about; it does not name the standards)."""
    if not isinstance(after, dict):
        return SettledFacts(None, None, None)
    if isinstance(after.get("settled"), dict):
        degree = after["settled"].get(str(entry_id)) if entry_id is not None else None
        return SettledFacts(entry_id if degree is not None else None, None if degree is None else str(degree), None)
    named = after.get("entry_id", after.get("entry"))
    standards = after.get("standards", after.get("edition_keys"))
    keys: frozenset[str] | None = None
    if isinstance(standards, list):
        keys = frozenset(str(s.get("edition_key")) if isinstance(s, dict) else str(s) for s in standards)
    degree = after.get("degree")
    return SettledFacts(named if isinstance(named, int) else None, None if degree is None else str(degree), keys)


_SUBJECT_ENTRY = re.compile(r"\bentry (\d+)$")


def reservation_facts(after: Any, subject: str = "") -> dict[str, Any]:
    """What the audit entry that recorded a reservation says of it: the entry (in ``after``, else the subject's
    ``... entry N``), and those of party, degree and reason that it holds."""
    if not isinstance(after, dict):
        return {}
    named = after.get("entry_id", after.get("entry"))
    if named is None and (found := _SUBJECT_ENTRY.search(subject)):
        named = int(found.group(1))
    facts = {"entry_id": named}
    facts.update((name, after[name]) for name in ("party", "degree", "reason") if name in after)
    return facts


# -- the difference between two releases ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryChange:
    entry_id: int
    label: str  # the entry's identifiers, joined
    fields: dict[str, tuple[Any, Any]]  # field -> (in the older release, in the newer)


@dataclass(frozen=True, slots=True)
class ReleaseDiff:
    older: int
    newer: int
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[EntryChange] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "older": self.older,
            "newer": self.newer,
            "added": [{"id": e["id"], "label": entry_label(e)} for e in self.added],
            "removed": [{"id": e["id"], "label": entry_label(e)} for e in self.removed],
            "changed": [
                {
                    "id": c.entry_id,
                    "label": c.label,
                    "fields": {name: {"before": before, "after": after} for name, (before, after) in c.fields.items()},
                }
                for c in self.changed
            ],
        }


def entry_label(entry: Mapping[str, Any]) -> str:
    return " ↔ ".join(str(s.get("identifier", "")) for s in entry.get("standards", ()))


def diff_releases(older: Mapping[str, Any], newer: Mapping[str, Any]) -> ReleaseDiff:
    """Entries added, removed and changed (with each field that changed) from release ``older`` to ``newer`` of
    the same programme; an entry is the same entry when its id is."""
    if older.get("programme", {}).get("slug") != newer.get("programme", {}).get("slug"):
        raise UsageError(
            _("The two releases are of different programmes ({a}, {b}).").format(
                a=older.get("programme", {}).get("slug"), b=newer.get("programme", {}).get("slug")
            )
        )
    before = {e["id"]: e for e in older.get("entries", ())}
    after = {e["id"]: e for e in newer.get("entries", ())}
    diff = ReleaseDiff(int(older.get("number", 0)), int(newer.get("number", 0)))
    diff.added.extend(after[i] for i in sorted(after.keys() - before.keys()))
    diff.removed.extend(before[i] for i in sorted(before.keys() - after.keys()))
    for entry_id in sorted(before.keys() & after.keys()):
        old, new = before[entry_id], after[entry_id]
        fields = {
            name: (old.get(name), new.get(name))
            for name in COMPARED_FIELDS
            if _comparable(name, old.get(name)) != _comparable(name, new.get(name))
        }
        if fields:
            diff.changed.append(EntryChange(entry_id, entry_label(new), fields))
    return diff


def _comparable(name: str, value: Any) -> Any:
    """A field as the difference compares it: a reservation without the audit entry that recorded it (recorded
    again, it is the same reservation)."""
    if name == "reservations" and isinstance(value, list):
        return [{k: v for k, v in r.items() if k != "audit_seq"} for r in value if isinstance(r, dict)]
    return value
