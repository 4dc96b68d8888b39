"""Publishing a release of a programme's settled entries: who may, what it cites, where it is kept.

``publish_release`` numbers the release (the programme's last number + 1), builds its document
(``release.release_document``) from the entries given, the catalogue's titles of their standards, the audit entries
that settled them and recorded their reservations, and the head of the audit log; signs it with the programme's
key (``signing.KeyFolder``); keeps it (``Store.add_release``) and records ``release.publish`` in the audit log, in
one transaction, the audit entry last. The audit entry holds the release's number, the SHA-256 of its signed
document's canonical form, the signature and the key's fingerprint: the log then vouches for the release, and a
release rewritten in the database no longer matches it.

Who may publish: the programme's coordinator only (its ``coordinator_id``, or a member whose role is coordinator,
signed in), or the local administrator at the keyboard (the command line without a token); anyone else is refused
before anything is read.

``publish_programme`` is what the command line, the API and the web call: it gathers what ``publish_release``
publishes from the store — the programme's settled entries, their reservations, the handling log of its last
public-comment period (refused while a comment there is unanswered) — takes an entry flagged *needs review* that a
review round settled again after the flag as re-reviewed (its flag is cleared), refuses the others unless carried
with a note (``NeedsReviewError`` names them), keeps the programme's entries counted per stage at publication with
the release (``Release.notes["stage_counts"]``: the programme page's history) and moves the published entries to the
stage of sharing; all in one transaction with the audit entry.

Who may read releases (``programme_releases``): anyone when the programme was public at its latest release; when it
was for members only, signed-in experts, editors and administrators (the programme's own membership is kept by
the programmes' store; until the two meet, the expert role stands for it).

Which audit entries settle an entry and record a reservation: those of the actions ``SETTLEMENT_ACTIONS`` and
``RESERVATION_ACTIONS`` whose ``after`` names the entry (``entry_id``), the latest for each entry (and expert); the
review rounds write them (``release``'s docstring says what they must hold).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from stdbridge import audit
from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role, require
from stdbridge.audit.entry import PROGRAMME_FLAG, PUBLISH_RELEASE, AuditEntry, AuditQuery, canonical
from stdbridge.errors import Forbidden, NotFound, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.recognition.model import (
    Entry,
    EntryState,
    Member,
    MemberRole,
    Programme,
    Release,
    Reservation,
    Stage,
    Visibility,
)
from stdbridge.recognition.pair_report import differences_answered
from stdbridge.recognition.release import Published, release_document, reservation_facts, settled_facts
from stdbridge.recognition.signing import KeyFolder, fingerprint, key_description, sign_document
from stdbridge.store.base import Store

SETTLEMENT_ACTIONS = ("entry.settle", "round.close")  # one entry's settlement; a round's closing settles several
RESERVATION_ACTIONS = ("entry.reserve", "entry.reservation")


def is_publisher(actor: Actor, programme: Programme, members: Sequence[Member] = ()) -> bool:
    """Whether ``actor`` may publish the programme's releases: its coordinator, or the local administrator."""
    if actor is LOCAL_ADMIN:
        return True
    if not actor.signed_in or actor.user_id is None:
        return False
    if actor.user_id == programme.coordinator_id:
        return True
    return any(m.user_id == actor.user_id and m.role is MemberRole.COORDINATOR for m in members)


def may_publish(actor: Actor, programme: Programme, members: Sequence[Member] = ()) -> None:
    """Let the programme's coordinator (or the local administrator) go on; refuse anyone else."""
    if is_publisher(actor, programme, members):
        return
    message = _("Only the coordinator of {slug} publishes its releases.").format(slug=programme.slug)
    if not actor.signed_in:
        raise Unauthenticated(message)
    raise Forbidden(message)


def settlements_in_log(store: Store, entry_ids: set[int]) -> dict[int, AuditEntry]:
    """The latest audit entry that settled each of ``entry_ids``."""
    found: dict[int, AuditEntry] = {}
    for action in SETTLEMENT_ACTIONS:
        for entry in store.audit_entries(AuditQuery(action=action, limit=None, newest_first=False)):
            settled = entry.after.get("settled") if isinstance(entry.after, dict) else None
            named = [int(k) for k in settled if k.isdigit()] if isinstance(settled, dict) else [None]
            for entry_id in named:
                facts = settled_facts(entry.after, entry_id)
                if facts.entry_id in entry_ids and facts.degree is not None:
                    found[facts.entry_id] = entry
    return found


def reservations_in_log(
    store: Store, reservations: Mapping[int, Sequence[Reservation]]
) -> dict[int, list[tuple[Reservation, AuditEntry]]]:
    """Each reservation with the latest audit entry that recorded it (same entry, party, degree and reason)."""
    recorded: dict[tuple[Any, ...], AuditEntry] = {}
    for action in RESERVATION_ACTIONS:
        for entry in store.audit_entries(AuditQuery(action=action, limit=None, newest_first=False)):
            facts = reservation_facts(entry.after, entry.subject)
            recorded[(facts.get("entry_id"), facts.get("party"), facts.get("degree"), facts.get("reason"))] = entry
    paired: dict[int, list[tuple[Reservation, AuditEntry]]] = {}
    for entry_id, kept in reservations.items():
        for r in kept:
            key: tuple[Any, ...] = (entry_id, r.party, str(r.degree) if r.degree else None, r.reason)
            if key not in recorded:  # the review rounds record the expert, not the party
                key = (entry_id, None, *key[2:])
            if key not in recorded:
                raise UsageError(_("No audit entry records the reservation on entry {entry} ({party}).").format(
                    entry=entry_id, party=r.party))  # fmt: skip
            paired.setdefault(entry_id, []).append((r, recorded[key]))
    return paired


def publish_release(
    store: Store,
    keys: KeyFolder,
    programme: Programme,
    entries: Sequence[Entry],
    actor: Actor,
    *,
    reservations: Mapping[int, Sequence[Reservation]] | None = None,
    carried: Mapping[int, str] | None = None,
    public_comments: Sequence[Mapping[str, Any]] = (),
    now: str | None = None,
    notes: Mapping[str, object] | None = None,
) -> Release:
    """Publish the next release of ``programme`` with its settled ``entries`` (see the module's docstring).
    ``NeedsReviewError`` names the entries flagged *needs review* that ``carried`` gives no note for."""
    may_publish(actor, programme, store.members_of(programme.id) if programme.id is not None else ())
    if programme.id is None:
        raise UsageError(_("The programme is not stored yet."))
    when = now or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    key = keys.key_of(programme.slug)
    keys_of_standards = {s.edition_key for e in entries for s in e.standards}
    titles = {k: dict(s.titles) for k, s in store.standards_by_keys(keys_of_standards).items()}
    with store.transaction():
        settlements = settlements_in_log(store, {e.id for e in entries if e.id is not None})
        paired = reservations_in_log(store, reservations or {})
        head_seq, _head_hash = store.audit_head()
        head = store.audit_entries_at([head_seq])[head_seq]
        number = store.last_release_number(programme.id) + 1
        published = Published(number, when, actor.name, head, public_comments)
        document = release_document(programme, entries, published, titles=titles, settlements=settlements,
                                    reservations=paired, key=key_description(key.public_key()),
                                    carried=carried)  # fmt: skip
        signed = sign_document(document, key)
        release = Release(None, programme.id, number, document, signed["signature"],
                          document["key"]["public_key"], head.seq, head.hash, actor.user_id, when,
                          dict(notes or {}))  # fmt: skip
        store.add_release(release)
        summary = {"programme": programme.slug, "number": number, "entries": len(document["entries"]),
                   "document_sha256": hashlib.sha256(canonical(document)).hexdigest(),
                   "signature": signed["signature"], "key": fingerprint(key.public_key()),
                   "audit_head": {"seq": head.seq, "hash": head.hash},
                   "carried": sorted(str(i) for i in (carried or {}))}  # fmt: skip
        audit.record(store, actor.name, actor.user_id, PUBLISH_RELEASE, f"{programme.slug} v{number}", None, summary)
    return release


def flags_in_log(store: Store, entry_ids: set[int]) -> dict[int, int]:
    """The seq of the latest audit entry that flagged each of ``entry_ids`` *needs review* (an import's)."""
    found: dict[int, int] = {}
    for entry in store.audit_entries(AuditQuery(action=PROGRAMME_FLAG, limit=None, newest_first=False)):
        named = entry.after.get("entries") if isinstance(entry.after, dict) else None
        for item in named if isinstance(named, list) else ():
            if isinstance(item, dict) and item.get("id") in entry_ids:
                found[int(item["id"])] = max(found.get(int(item["id"]), 0), entry.seq)
    return found


def publish_programme(
    store: Store,
    keys: KeyFolder,
    programme: Programme,
    actor: Actor,
    *,
    carried: Mapping[int, str] | None = None,
    now: str | None = None,
) -> Release:
    """Publish the programme's next release from what the store holds (see the module's docstring)."""
    if programme.id is None:
        raise UsageError(_("The programme is not stored yet."))
    may_publish(actor, programme, store.members_of(programme.id))
    carried = {k: v.strip() for k, v in (carried or {}).items() if v.strip()}
    with store.transaction():
        entries, _total = store.entries_of(programme.id, state=EntryState.SETTLED)
        if not entries:
            raise UsageError(_("The programme {slug} has no settled entry to publish.").format(slug=programme.slug))
        flagged = {e.id: e for e in entries if e.id is not None and e.needs_review}
        not_flagged = sorted(set(carried) - set(flagged))
        if not_flagged:
            raise UsageError(_("Only an entry that needs review is carried with a note; not flagged: {ids}.").format(
                ids=", ".join(map(str, not_flagged))))  # fmt: skip
        if flagged:
            flags = flags_in_log(store, set(flagged))
            settled = settlements_in_log(store, set(flagged))
            for entry_id, entry in flagged.items():
                if entry_id not in carried and entry_id in settled and settled[entry_id].seq > flags.get(entry_id, 0):
                    entry.needs_review = None  # settled again by a review round after the import flagged it
                    store.update_entry(entry)
        ids = [e.id for e in entries if e.id is not None]
        answered = differences_answered(store, programme.id, set(ids))
        for entry in entries:  # an entry with no agreed text of its differences: what the experts wrote on it
            written = dict.fromkeys(t.strip() for t in answered.get(entry.id or 0, ()) if t.strip())
            if not (entry.differences or "").strip() and written:
                entry.differences = "\n".join(written)
        reservations: dict[int, list[Reservation]] = {}
        for r in store.reservations_of(ids):
            reservations.setdefault(r.entry_id, []).append(r)
        comments: list[dict[str, Any]] = []
        period = store.last_comment_period(programme.id)
        if period is not None:
            comments = store.public_comments_of(period)
            unanswered = [str(c["id"]) for c in comments if c.get("handling") is None]
            if unanswered:
                raise UsageError(_("Answer every public comment before publishing; unanswered: {ids}.").format(
                    ids=", ".join(unanswered)))  # fmt: skip
        store.mark_published(ids)  # before the counts: they are the programme's as this release leaves it
        counts = store.entry_counts(programme.id).get("stage", {})
        stages = {s.value: counts.get(s.value, 0) for s in Stage}
        release = publish_release(store, keys, programme, entries, actor, reservations=reservations,
                                  carried={k: v for k, v in carried.items() if k in flagged},
                                  public_comments=comments, now=now, notes={"stage_counts": stages})  # fmt: skip
    return release


def stage_history(store: Store, programme: Programme) -> list[dict[str, Any]]:
    """The programme's entries per stage at each of its releases (oldest first): release number, date, counts."""
    if programme.id is None:
        return []
    history = []
    for r in store.releases_of(programme.id):
        counts = r.notes.get("stage_counts")
        if isinstance(counts, dict):
            history.append({"number": r.number, "published_at": r.published_at,
                            "counts": {s.value: int(counts.get(s.value, 0)) for s in Stage}})  # fmt: skip
    return history


def readable_programme(store: Store, slug: str, actor: Actor) -> Programme | None:
    """The programme ``slug`` if the store holds it and ``actor`` may read it; None when the store has no such
    programme; a members-only programme is refused to others (``Unauthenticated`` to who has not signed in, else
    ``NotFound``)."""
    from stdbridge.recognition.programmes import may_read

    programme = store.programme_by_slug(slug.strip().lower())
    if programme is None:
        return None
    if not may_read(store, actor, programme):
        if not actor.signed_in and actor is not LOCAL_ADMIN:
            raise Unauthenticated(_("sign in to read the releases of {slug}").format(slug=slug))
        raise NotFound(_("no programme named {slug!r}").format(slug=slug[:80]))
    return programme


def signed_file(release: Release) -> dict[str, Any]:
    """The release as the file people download and ``stdbridge verify`` checks."""
    return {"document": release.document, "signature": release.signature}


def programme_releases(store: Store, slug: str, actor: Actor) -> tuple[int, list[Release]]:
    """The programme's id and its releases (oldest first, without documents), if ``actor`` may read them: as the
    programme says when the store holds it, else as it was at its latest release."""
    programme = readable_programme(store, slug, actor)
    if programme is not None and programme.id is not None:
        releases = store.releases_of(programme.id)
        if releases:
            return programme.id, releases
    found = store.release_programme(slug)
    if found is None:
        raise NotFound(_("The programme {slug} has published no release.").format(slug=slug))
    programme_id, visibility = found
    if visibility == Visibility.MEMBERS:
        require(actor, Role.EXPERT)
    return programme_id, store.releases_of(programme_id)


def programme_release(store: Store, slug: str, number: int, actor: Actor) -> Release:
    """Release ``number`` of the programme, with its document, if ``actor`` may read it."""
    programme_id, _releases = programme_releases(store, slug, actor)
    release = store.release_of(programme_id, number)
    if release is None:
        raise NotFound(_("The programme {slug} has no release v{number}.").format(slug=slug, number=number))
    return release
