"""One entry of the audit log, and the hash that chains it to the one before: the format an outside auditor
recomputes, with nothing but a JSON canonicaliser and SHA-256.

Every entry holds:

``seq``         its number, 1 for the first (the *genesis* entry written when the log was created), then 2, 3 ...
``at``          when, in UTC, ISO 8601 with microseconds (``2026-12-04T09:30:00.123456+00:00``)
``actor_name``  who: the name shown (a person's ``--by`` today, a user's name once there are accounts)
``actor_id``    the account that acted, or null
``action``      what kind of change (``ACTIONS``: ``import``, ``accept``, ``reject``, ``user.add`` ...)
``subject``     what it changed (``import 7``, ``ISO 9001:2015 -> GB/T 19001-2016``, a user's name)
``before``      the value before the change, a JSON value or null
``after``       the value after it, a JSON value or null
``prev_hash``   the ``hash`` of entry ``seq - 1`` (64 zeros for the genesis entry)
``hash``        SHA-256, in lower-case hexadecimal, of the UTF-8 bytes of the JSON object of the nine fields above
                (the names as written here), canonicalised by RFC 8785 (JSON Canonicalization Scheme: keys sorted by
                their UTF-16 code units, no white space, strings and numbers in one form)

The database keeps ``before`` and ``after`` as their RFC 8785 text (``before_json``, ``after_json``): parsing that
text and canonicalising the object again gives the same bytes. To recompute by hand, for entry ``n``::

    python3 -c 'import hashlib, json, rfc8785, sys; e = json.load(sys.stdin); e.pop("hash");
    print(hashlib.sha256(rfc8785.dumps(e)).hexdigest())' < entry-n.json

where ``entry-n.json`` is the entry as ``stdbridge audit show --json`` prints it (those nine fields and ``hash``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import orjson
import rfc8785

GENESIS_PREV = "0" * 64  # the prev_hash of the first entry: there is none before it
HASHED_FIELDS = ("seq", "at", "actor_name", "actor_id", "action", "subject", "before", "after", "prev_hash")

# What is recorded. The catalogue's own changes, and the names the accounts records will use.
GENESIS = "genesis"
IMPORT = "import"
ACCEPT = "accept"
REJECT = "reject"
USER_ADD = "user.add"
USER_GRANT = "user.grant"
USER_REVOKE = "user.revoke"
TOKEN_CREATE = "token.create"
TOKEN_REVOKE = "token.revoke"
ORG_ADD = "org.add"
USER_PASSWORD = "user.password"
ORG_JOIN = "org.join"
SETTING_CHANGE = "setting.change"
JOB_ENQUEUE = "job.enqueue"
JOB_RETRY = "job.retry"
JOB_CANCEL = "job.cancel"
PROGRAMME_CREATE = "programme.create"
PROGRAMME_MEMBER = "programme.member"
PROGRAMME_STEP = "programme.step"
PROGRAMME_DRAFT = "programme.draft"
PROGRAMME_IMPORT = "programme.import-pairs"
PROGRAMME_ENTRY = "programme.entry"
PROGRAMME_FLAG = "programme.flag"
# review rounds and public comment (stdbridge.recognition.rounds)
ROUND_OPEN = "round.open"
ROUND_ANSWER = "round.answer"
ROUND_CHANGE = "round.change"  # an expert changed their answer while the round was open
ROUND_CLOSE = "round.close"  # with every settlement and every entry that reached no consensus
RESERVATION = "entry.reservation"
COMMENT_OPEN = "comment.open"
COMMENT_ADD = "comment.add"
COMMENT_REPLY = "comment.reply"
PUBLISH_RELEASE = "release.publish"  # a release of a recognition programme (recognition.publishing)
# the termbase of the translation workbench (stdbridge.translation.terms)
TERM_ADD = "term.add"
TERM_EDIT = "term.edit"
TERM_DELETE = "term.delete"
TERM_IMPORT = "term.import"  # a TBX or CSV file, or a seeding
MEMORY_IMPORT = "memory.import"  # a TMX file into a translation memory (translation.tmx)
MEMORY_PROMOTE = "memory.promote"  # a unit into an organisation's or the platform's memory (translation.memory)
MEMORY_SEED = "memory.seed"  # the platform's memory seeded from the catalogue, termbases, lexicon
# translation projects (stdbridge.translation.projects)
TRANSLATION_CREATE = "translation.create"
TRANSLATION_PRETRANSLATE = "translation.pretranslate"
TRANSLATION_SAVE = "translation.save"
TRANSLATION_CONFIRM = "translation.confirm"
TRANSLATION_REVIEW = "translation.review"
TRANSLATION_WAIVE = "translation.waive"
TRANSLATION_DELIVER = "translation.deliver"
MEMORY_ALIGN = "memory.align"  # an aligned document pair saved into a memory (translation.alignment)
# watchlists and alerts (stdbridge.watch)
WATCH_ADD = "watch.add"
WATCH_CHANGE = "watch.change"  # an item added or removed, the e-mail setting changed
WATCH_REMOVE = "watch.remove"
WEBHOOK_ADD = "webhook.add"
WEBHOOK_REMOVE = "webhook.remove"
# the facts of the country profiles (stdbridge.profiles.facts)
PROFILE_IMPORT = "profile.import"
PROFILE_FACT_ADD = "profile.fact-add"
PROFILE_FACT_EDIT = "profile.fact-edit"
PROFILE_FACT_DELETE = "profile.fact-delete"
# the connectivity index's saved groups (stdbridge.analytics.groups)
GROUP_SAVE = "group.save"
GROUP_REMOVE = "group.remove"
# notices and news (stdbridge.notices)
NOTICE_IMPORT = "notice.import"  # TBT notifications, national notices or news items imported from a file or feed
NEWS_ADD = "news.add"  # a news item an editor wrote
ACTIONS = (
    GENESIS,
    IMPORT,
    ACCEPT,
    REJECT,
    USER_ADD,
    USER_GRANT,
    USER_REVOKE,
    TOKEN_CREATE,
    TOKEN_REVOKE,
    ORG_ADD,
    USER_PASSWORD,
    ORG_JOIN,
    SETTING_CHANGE,
    JOB_ENQUEUE,
    JOB_RETRY,
    JOB_CANCEL,
    PROGRAMME_CREATE,
    PROGRAMME_MEMBER,
    PROGRAMME_STEP,
    PROGRAMME_DRAFT,
    PROGRAMME_IMPORT,
    PROGRAMME_ENTRY,
    PROGRAMME_FLAG,
    ROUND_OPEN,
    ROUND_ANSWER,
    ROUND_CHANGE,
    ROUND_CLOSE,
    RESERVATION,
    COMMENT_OPEN,
    COMMENT_ADD,
    COMMENT_REPLY,
    PUBLISH_RELEASE,
    TERM_ADD,
    TERM_EDIT,
    TERM_DELETE,
    TERM_IMPORT,
    MEMORY_IMPORT,
    MEMORY_PROMOTE,
    MEMORY_SEED,
    TRANSLATION_CREATE,
    TRANSLATION_PRETRANSLATE,
    TRANSLATION_SAVE,
    TRANSLATION_CONFIRM,
    TRANSLATION_REVIEW,
    TRANSLATION_WAIVE,
    TRANSLATION_DELIVER,
    MEMORY_ALIGN,
    WATCH_ADD,
    WATCH_CHANGE,
    WATCH_REMOVE,
    WEBHOOK_ADD,
    WEBHOOK_REMOVE,
    PROFILE_IMPORT,
    PROFILE_FACT_ADD,
    PROFILE_FACT_EDIT,
    PROFILE_FACT_DELETE,
    GROUP_SAVE,
    GROUP_REMOVE,
    NOTICE_IMPORT,
    NEWS_ADD,
)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change, as the log holds it (see the module's docstring for each field)."""

    seq: int
    at: str
    actor_name: str
    actor_id: int | None
    action: str
    subject: str
    before: Any
    after: Any
    prev_hash: str
    hash: str

    def hashed(self) -> dict[str, Any]:
        """The fields the hash covers, as the JSON object that is canonicalised."""
        return {name: getattr(self, name) for name in HASHED_FIELDS}

    def computed_hash(self) -> str:
        """The hash its fields give: equal to ``hash`` unless the entry was altered."""
        return entry_hash(self.hashed())

    def to_json(self) -> dict[str, Any]:
        return {**self.hashed(), "hash": self.hash}


def canonical(value: Any) -> bytes:
    """``value`` as RFC 8785 canonical JSON."""
    return bytes(rfc8785.dumps(value))


def canonical_text(value: Any) -> str | None:
    """How ``before`` and ``after`` are stored: their canonical JSON, None for null."""
    return None if value is None else canonical(value).decode()


def parsed(text: str | None) -> Any:
    return None if text is None else orjson.loads(text)


def entry_hash(fields: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the nine hashed fields."""
    return hashlib.sha256(canonical({name: fields[name] for name in HASHED_FIELDS})).hexdigest()


def seal(
    seq: int, prev_hash: str, *, actor_name: str, actor_id: int | None, action: str, subject: str, before: Any,
    after: Any, at: str | None = None,
) -> AuditEntry:  # fmt: skip
    """The entry numbered ``seq`` after the one whose hash is ``prev_hash``, with its hash. ``before`` and
    ``after`` go through canonical JSON first, so that the entry holds what the log will give back."""
    when = at or dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    fields: dict[str, Any] = {"seq": seq, "at": when, "actor_name": actor_name, "actor_id": actor_id,
                              "action": action, "subject": subject, "before": parsed(canonical_text(before)),
                              "after": parsed(canonical_text(after)), "prev_hash": prev_hash}  # fmt: skip
    return AuditEntry(**fields, hash=entry_hash(fields))


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which entries to read: since a time (an ISO date or date-time, UTC), by an actor's name, of an action;
    newest first by default; ``limit`` None for every one."""

    since: str | None = None
    actor: str | None = None
    action: str | None = None
    offset: int = 0
    limit: int | None = 100
    newest_first: bool = True
