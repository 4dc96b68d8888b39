"""Publishing a release of a programme's settled entries: who may, what it cites, where it is kept.

``publish_release`` numbers the release (the programme's last number + 1), builds its document
(``release.release_document``) from the entries given, the catalogue's titles of their standards, the audit entries
that settled them and recorded their reservations, and the head of the audit log; signs it with the programme's
key (``signing.KeyFolder``); keeps it (``Store.add_release``) and records ``release.publish`` in the audit log, in
one transaction, the audit entry last. The audit entry holds the release's number, the SHA-256 of its signed
document's canonical form, the signature and the key's fingerprint: the log then vouches for the release, and a
release rewritten in the database no longer matches it.

Who may publish: the programme's coordinator (signed in), or an editor or administrator of the platform — the
roles that may already change what the catalogue says.

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
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import PUBLISH_RELEASE, AuditEntry, AuditQuery, canonical
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.recognition.model import Entry, Programme, Release, Reservation, Visibility
from stdbridge.recognition.release import Published, release_document, reservation_facts, settled_facts
from stdbridge.recognition.signing import KeyFolder, fingerprint, key_description, sign_document
from stdbridge.store.base import Store

SETTLEMENT_ACTIONS = ("entry.settle", "round.close")  # one entry's settlement; a round's closing settles several
RESERVATION_ACTIONS = ("entry.reserve", "entry.reservation")


def may_publish(actor: Actor, programme: Programme) -> None:
    """Let the programme's coordinator, an editor or an administrator go on; refuse anyone else."""
    if actor.signed_in and actor.user_id is not None and actor.user_id == programme.coordinator_id:
        return
    require(actor, Role.EDITOR)


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
) -> Release:
    """Publish the next release of ``programme`` with its settled ``entries`` (see the module's docstring).
    ``NeedsReviewError`` names the entries flagged *needs review* that ``carried`` gives no note for."""
    may_publish(actor, programme)
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
                          document["key"]["public_key"], head.seq, head.hash, actor.user_id, when)  # fmt: skip
        store.add_release(release)
        summary = {"programme": programme.slug, "number": number, "entries": len(document["entries"]),
                   "document_sha256": hashlib.sha256(canonical(document)).hexdigest(),
                   "signature": signed["signature"], "key": fingerprint(key.public_key()),
                   "audit_head": {"seq": head.seq, "hash": head.hash},
                   "carried": sorted(str(i) for i in (carried or {}))}  # fmt: skip
        audit.record(store, actor.name, actor.user_id, PUBLISH_RELEASE, f"{programme.slug} v{number}", None, summary)
    return release


def signed_file(release: Release) -> dict[str, Any]:
    """The release as the file people download and ``stdbridge verify`` checks."""
    return {"document": release.document, "signature": release.signature}


def programme_releases(store: Store, slug: str, actor: Actor) -> tuple[int, list[Release]]:
    """The programme's id and its releases (oldest first, without documents), if ``actor`` may read them."""
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
