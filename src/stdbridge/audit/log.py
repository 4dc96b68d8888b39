"""Appending to the audit log and checking it: ``record`` (in the transaction of the change it records), ``verify``
(the first entry that breaks the chain, and how) and ``head`` (what to publish, so that a rewrite shows).

What ``verify`` finds: an entry whose fields no longer give its hash (altered), a number missing from the sequence
(removed), an entry that names as its predecessor an entry further back (one inserted in between) or further on
(reordered), a predecessor's hash found nowhere (an entry before it altered and its hash made afresh, or removed
and the others renumbered), and a log that ends before the head row says (the last entries removed) or goes on
past it. What it cannot find: anyone who can write to the database can rewrite the whole chain from the altered
entry on, head row included, and the log checks out. Against that, publish the head (``stdbridge audit head``:
its number and hash) where the database's writers cannot reach — a signed e-mail, a release note, a print-out, a
transparency log — and compare it later with the entry of that number: a rewritten chain no longer holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from stdbridge.audit.entry import ACTIONS, GENESIS_PREV, AuditEntry, AuditQuery, seal
from stdbridge.errors import UsageError
from stdbridge.i18n import _

if TYPE_CHECKING:
    from stdbridge.store.base import Store

BreakKind = Literal["altered", "removed", "inserted", "reordered", "truncated", "extended", "empty"]


def record(
    store: Store, actor_name: str, actor_id: int | None, action: str, subject: str, before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:  # fmt: skip
    """Append an entry saying that ``actor_name`` (account ``actor_id``) did ``action`` to ``subject``, changing it
    from ``before`` to ``after``. Called inside the transaction of the change, it commits or rolls back with it;
    an error here undoes the change. Call it as the change's last write: the log's head stays locked from here to
    the commit, and a lock taken after it by one transaction and before it by another would deadlock them."""

    def make(seq: int, prev_hash: str) -> AuditEntry:
        return seal(seq, prev_hash, actor_name=actor_name, actor_id=actor_id, action=action, subject=subject,
                    before=before, after=after)  # fmt: skip

    with store.transaction():
        return store.append_audit(make)


@dataclass(frozen=True, slots=True)
class Break:
    """Where the chain first breaks: at entry ``seq`` (the position it is read at), of what kind, said for people."""

    seq: int
    kind: BreakKind
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "message": self.message}


@dataclass(frozen=True, slots=True)
class Verification:
    """What checking the whole log found: how many entries, the head row, the last entry read, the first break."""

    entries: int
    head: tuple[int, str]
    last: tuple[int, str] | None
    broken: Break | None

    @property
    def intact(self) -> bool:
        return self.broken is None

    def to_json(self) -> dict[str, Any]:
        return {"intact": self.intact, "entries": self.entries, "head": {"seq": self.head[0], "hash": self.head[1]},
                "last": None if self.last is None else {"seq": self.last[0], "hash": self.last[1]},
                "break": None if self.broken is None else self.broken.to_json()}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Link:
    seq: int
    prev_hash: str
    hash: str
    sound: bool  # its fields give its hash


def verify(store: Store) -> Verification:
    """Check every entry and the head; the first break found, in ``seq`` order (see the module's docstring)."""
    links = [_Link(e.seq, e.prev_hash, e.hash, e.computed_hash() == e.hash) for e in store.iter_audit()]
    head = store.audit_head()
    last = (links[-1].seq, links[-1].hash) if links else None
    return Verification(len(links), head, last, first_break(links, head))


def first_break(links: list[_Link], head: tuple[int, str]) -> Break | None:
    if not links:
        return Break(1, "empty", _("the log holds no entry, not even the first (genesis) one"))
    position = {link.hash: i for i, link in enumerate(links)}
    for i, link in enumerate(links):
        expected_seq = links[i - 1].seq + 1 if i else 1
        expected_prev = links[i - 1].hash if i else GENESIS_PREV
        if link.seq > expected_seq:
            return Break(link.seq, "removed", _("entries {first} to {last} are missing").format(
                first=expected_seq, last=link.seq - 1) if link.seq - 1 > expected_seq else _(
                "entry {seq} is missing").format(seq=expected_seq))  # fmt: skip
        if link.prev_hash != expected_prev:
            return _broken_link(links, i, position.get(link.prev_hash))
        if not link.sound:
            return Break(link.seq, "altered", _("entry {seq} was altered: its content no longer gives its hash").format(
                seq=link.seq))  # fmt: skip
    seq, hash_ = links[-1].seq, links[-1].hash
    if seq < head[0]:
        return Break(seq + 1, "truncated", _("the log ends at entry {seq} but its head says {head}: the last entries "
                                             "were removed").format(seq=seq, head=head[0]))  # fmt: skip
    if seq > head[0]:
        return Break(head[0] + 1, "extended", _("the log goes on past its head ({head}) to entry {seq}: entries were "
                                                "added without the head").format(seq=seq, head=head[0]))  # fmt: skip
    if hash_ != head[1]:
        return Break(seq, "altered", _("entry {seq} is not the one the head names: it was replaced").format(seq=seq))
    return None


def _broken_link(links: list[_Link], at: int, named: int | None) -> Break:
    seq = links[at].seq
    if named is None:
        message = _("entry {seq} follows an entry the log no longer holds: the one before it was altered, or "
                    "removed and the rest renumbered").format(seq=seq)  # fmt: skip
        return Break(seq, "altered", message)
    if named < at - 1:
        message = _("entry {seq} follows entry {named}: what lies between was inserted").format(
            seq=seq, named=links[named].seq)  # fmt: skip
        return Break(seq, "inserted", message)
    message = _("entry {seq} follows entry {named}, which now comes after it: entries were reordered").format(
        seq=seq, named=links[named].seq)  # fmt: skip
    return Break(seq, "reordered", message)


@dataclass(frozen=True, slots=True)
class Head:
    """The last entry appended, as the head row names it: what to publish. ``at`` is its time (None when the log
    no longer holds that entry)."""

    seq: int
    hash: str
    at: str | None

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "at": self.at}


def head(store: Store) -> Head:
    """The head of the log: the number and hash of its last entry, and when it was appended."""
    seq, hash_ = store.audit_head()
    found = store.audit_entries(AuditQuery(limit=1, newest_first=True))
    at = found[0].at if found and found[0].seq == seq and found[0].hash == hash_ else None
    return Head(seq, hash_, at)


def bounded(values: Iterable[str], limit: int) -> dict[str, Any]:
    """At most ``limit`` of ``values``, and how many there were: what an entry lists of a large change."""
    items = list(values)
    return {"count": len(items), "listed": items[:limit]}


def query_of(
    since: str | None = None, actor: str | None = None, action: str | None = None, *, offset: int = 0,
    limit: int | None = 100, newest_first: bool = True,
) -> AuditQuery:  # fmt: skip
    """The query people asked for, read: ``since`` a date (``2026-12-04``) or a date-time (UTC unless it says its
    zone), ``action`` one of ``ACTIONS``; a ``UsageError`` says what is wrong."""
    moment = None
    if since and since.strip():
        try:
            read = dt.datetime.fromisoformat(since.strip())
        except ValueError:
            raise UsageError(_("not a date: '{value}' (use YYYY-MM-DD)").format(value=since[:100])) from None
        if read.tzinfo is not None:
            read = read.astimezone(dt.UTC).replace(tzinfo=None)
        moment = read.isoformat(timespec="microseconds")
    if action and action not in ACTIONS:
        raise UsageError(_("no action named '{name}'; the actions are {names}").format(
            name=action[:100], names=", ".join(ACTIONS)))  # fmt: skip
    return AuditQuery(moment, actor or None, action or None, offset, limit, newest_first)
