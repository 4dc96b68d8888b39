"""The storage interface the catalogue is written against.

``SqlStore`` implements it on SQLite (the embedded default) and is written in
SQLAlchemy Core so that a PostgreSQL store can share it; the contract tests in
``tests/store`` run against every store.

A store knows rows, not meaning: merging sources, resolving identifiers and
walking the graph are the catalogue's work.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stdbridge.accounts.records import ApiToken, Organisation, User
from stdbridge.accounts.roles import Role
from stdbridge.audit.entry import AuditEntry, AuditQuery
from stdbridge.jobs.model import Job, JobQuery, JobState
from stdbridge.models import ChangeEvent, ClassEntry, Decision, LinkEnds, Relation, RelationType, Standard
from stdbridge.recognition.model import (
    Answer,
    Entry,
    EntryState,
    Member,
    Origin,
    Programme,
    Release,
    Reservation,
    Round,
    Stage,
)
from stdbridge.store.feed import ChangeWaiter
from stdbridge.translation.model import (
    Concept,
    Project,
    ProjectState,
    Segment,
    SegmentChange,
    TranslationUnit,
    UnitOrigin,
    UnitScope,
)
from stdbridge.watch.model import Delivery, EmailMode, Notification, WatchItem, Watchlist, Webhook

if TYPE_CHECKING:  # the quality checks load rapidfuzz and the comparison: not for a store that is only opened
    from stdbridge.profiles.model import ProfileFact
    from stdbridge.translation.quality import Waiver
if TYPE_CHECKING:  # notices and news (``stdbridge.notices``)
    from stdbridge.notices.model import Notice, NoticeQuery

if TYPE_CHECKING:  # the connectivity index's saved groups
    from stdbridge.analytics.groups import SavedGroup
if TYPE_CHECKING:  # the days editions are in force (migration 0019)
    from stdbridge.store.spans_sql import EditionSpan


@dataclass(slots=True)
class SourceRecord:
    """What one dataset says about one edition, kept so that re-imports can be compared and merged."""

    dataset: str
    edition_key: str
    content_hash: str
    record: dict[str, Any]
    imported_at: str


def standing_decisions(history: Iterable[Decision]) -> list[Decision]:
    """Of a history of decisions (oldest first), those that stand: the latest about each pair, oldest first."""
    standing: dict[tuple[str, str], Decision] = {}
    for decision in history:
        pair = (decision.source_key, decision.target_key)
        standing.pop(pair, None)  # the later decision takes the later place
        standing[pair] = decision
    return list(standing.values())


class Store(ABC):
    """Persistence for standards, their sources, relations, classifications, events and imports."""

    location: str  # where the catalogue lives (a URL), for messages and to place the search index beside it

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all."""

    def reading(self) -> AbstractContextManager[None]:
        """The reads inside (of this thread) share one connection, checked out and checked once: what one request
        reads. A store whose reads cost no connection each needs nothing here."""
        return nullcontext()

    # standards
    @abstractmethod
    def standards_by_keys(self, edition_keys: Iterable[str]) -> dict[str, Standard]: ...

    @abstractmethod
    def standards_by_ids(self, ids: Iterable[int]) -> dict[int, Standard]: ...

    @abstractmethod
    def standards_of_work(self, work_key: str) -> list[Standard]: ...

    def standards_of_works(self, work_keys: Iterable[str]) -> dict[str, list[Standard]]:
        """The documents of each of ``work_keys`` (an empty list for a work of none): ``standards_of_work`` of
        each, read at once by stores that can."""
        return {key: self.standards_of_work(key) for key in dict.fromkeys(work_keys)}

    @abstractmethod
    def work_sizes(self, work_keys: Iterable[str] | None = None) -> dict[str, int]:
        """How many documents (editions, supplements, drafts) each work has; every work when None."""

    @abstractmethod
    def standard_ids_by_lookup_key(self, key: str) -> list[int]: ...

    @abstractmethod
    def standard_ids_by_lookup_prefix(self, prefix: str, limit: int) -> list[int]: ...

    def standards_by_lookup_keys(self, keys: Sequence[str]) -> dict[str, list[Standard]]:
        """The standards each compact key names, in id order (keys that name none left out): what an identifier
        lookup tries in turn, read at once. Stores that can answer in one round trip do."""
        found: dict[str, list[Standard]] = {}
        for key in keys:
            ids = self.standard_ids_by_lookup_key(key)
            by_id = self.standards_by_ids(ids)
            if by_id:
                found[key] = [by_id[i] for i in sorted(set(ids)) if i in by_id]
        return found

    @abstractmethod
    def save_standards(self, standards: Sequence[Standard], lookup_keys: Sequence[tuple[str, ...]]) -> None:
        """Insert or replace standards by edition key; sets ``id`` on each."""

    @abstractmethod
    def iter_standards(self, batch: int = 5000) -> Iterator[Standard]: ...

    @abstractmethod
    def iter_records(self, batch: int = 5000) -> Iterator[tuple[int, dict[str, Any]]]:
        """(id, record) of every standard, the record as ``standard_to_record`` writes it: whole-catalogue
        passes that need the values, not ``Standard`` objects (building the search index)."""

    # sources
    @abstractmethod
    def source_hashes(self, dataset: str) -> dict[str, str]: ...

    @abstractmethod
    def sources_of(self, edition_keys: Iterable[str]) -> dict[str, list[SourceRecord]]:
        """Every dataset's record of each edition, oldest import first."""

    @abstractmethod
    def source_datasets(self, edition_keys: Iterable[str]) -> dict[str, list[str]]:
        """The datasets holding a record of each edition (only editions that have one)."""

    @abstractmethod
    def save_sources(self, sources: Sequence[SourceRecord]) -> None: ...

    # relations
    @abstractmethod
    def replace_relations(self, origins: Sequence[tuple[str, str]], relations: Sequence[Relation]) -> None:
        """Drop the relations declared by each (dataset, origin edition key), then add ``relations``."""

    def replacement_relations(self, start_id: int, *, forward: bool, steps: int) -> list[Relation]:
        """The ``replaces`` relations reachable from ``start_id`` within ``steps`` relations: towards later editions
        (``forward``: from a relation's target to its source) or earlier ones. A store that can should read them in
        one statement; this default reads a step at a time."""
        found: dict[tuple[str, str, str, str], Relation] = {}
        frontier, visited = {start_id}, {start_id}
        for _ in range(steps):
            here = [r for r in self.relations_touching(frontier, []) if r.type == RelationType.REPLACES]
            leaving = [r for r in here if (r.target_id if forward else r.source_id) in frontier]
            found.update(((r.dataset, r.origin_key, r.source_key, r.target_key), r) for r in leaving)
            frontier = {i for r in leaving if (i := r.source_id if forward else r.target_id) is not None} - visited
            visited |= frontier
            if not frontier:
                break
        return list(found.values())

    @abstractmethod
    def relations_from(self, ids: Iterable[int], type: RelationType) -> list[Relation]:
        """The relations of ``type`` whose source is one of ``ids`` (what these standards adopt, replace ...)."""

    def adoption_targets(self, ids: Iterable[int]) -> list[tuple[int, int | None, str]]:
        """What these standards adopt, as (adopter's id, adopted standard's id or None, its work key): the three
        columns search reorders results by, which stores can read without making ``Relation`` objects."""
        return [(r.source_id, r.target_id, r.target_work_key)
                for r in self.relations_from(ids, RelationType.ADOPTS) if r.source_id is not None]  # fmt: skip

    @abstractmethod
    def relation_ends(self, type: RelationType) -> Iterator[tuple[int | None, int | None, str | None]]:
        """(source id, target id, degree) of every relation of ``type``, for whole-catalogue passes."""

    @abstractmethod
    def link_relations(self, edition_keys: Iterable[str] | None = None) -> int:
        """Point relation ends at stored standards where their keys now match (only the ends these editions can
        close, when given); returns how many relations are still open (of those these editions declared)."""

    @abstractmethod
    def relations_touching(self, ids: Iterable[int], work_keys: Iterable[str]) -> list[Relation]:
        """Relations with either end in ``ids``, or an open (undated) target in ``work_keys``."""

    # classifications and committees
    @abstractmethod
    def save_classes(self, entries: Sequence[ClassEntry]) -> None: ...

    @abstractmethod
    def classes(self, scheme: str, codes: Iterable[str]) -> dict[str, ClassEntry]: ...

    @abstractmethod
    def class_children(self, scheme: str, parent: str | None) -> list[ClassEntry]:
        """The entries directly under ``parent`` (the top level when None), in code order."""

    # events and imports
    @abstractmethod
    def save_events(self, import_id: int, events: Sequence[ChangeEvent]) -> None: ...

    @abstractmethod
    def events(self, since: str | None = None, limit: int = 1000) -> list[ChangeEvent]: ...

    @abstractmethod
    def changed_since(self, import_id: int) -> tuple[int, list[str]]:
        """The latest import's id (-1 when none) and the edition keys changed by imports after ``import_id``."""

    @abstractmethod
    def start_import(self, dataset: str, format: str, path: str, sha256: str, started_at: str) -> int: ...

    @abstractmethod
    def finish_import(self, import_id: int, summary: dict[str, Any], finished_at: str) -> None: ...

    # decisions about suggestions
    @abstractmethod
    def save_decision(self, decision: Decision) -> None:
        """Add a decision about a pair of editions (it stands over the earlier ones about the pair, which stay in
        the history); sets its ``id``."""

    @abstractmethod
    def decision_history(self, work_keys: Iterable[str]) -> list[Decision]:
        """Every decision ever made with either side in one of these works, oldest first (by when it was made,
        then by ``id``)."""

    def decisions_about(self, work_keys: Iterable[str]) -> list[Decision]:
        """The decisions that stand (the latest about each pair) with either side in one of these works, oldest
        first."""
        return standing_decisions(self.decision_history(work_keys))

    @abstractmethod
    def revision(self) -> tuple[int, int]:
        """Which state of the catalogue this is: the latest import's id and the number of decisions recorded so
        far (-1 and 0 when none). It changes with every import and every decision, made by any process."""

    # the change feed (migration 0006): what every node's search index takes in, in commit order
    @abstractmethod
    def latest_change(self) -> int:
        """The number of the latest committed change to the catalogue (an import or a decision; 0 when none)."""

    @abstractmethod
    def changes_since(self, seq: int) -> tuple[int, list[str]]:
        """The latest change's number and the edition keys changed by the changes after ``seq``, each once.
        Changes are numbered in the order they commit: a reader that has taken in change n has seen every one
        before it, whichever process made them."""

    @abstractmethod
    def change_waiter(self) -> ChangeWaiter:
        """Something to wait on until another change may have been committed (``store.feed``)."""

    # the audit log (``stdbridge.audit``)
    @abstractmethod
    def append_audit(self, seal: Callable[[int, str], AuditEntry]) -> AuditEntry:
        """Append the entry ``seal(seq, prev_hash)`` makes after the log's head, and make it the head. The head
        stays locked until the transaction ends: appends of several processes queue, none forks the chain."""

    @abstractmethod
    def audit_entries(self, query: AuditQuery) -> list[AuditEntry]:
        """The entries ``query`` selects, by ``seq`` (newest first when it says so)."""

    @abstractmethod
    def count_audit(self, query: AuditQuery) -> int:
        """How many entries ``query`` selects, its offset and limit aside."""

    @abstractmethod
    def iter_audit(self, batch: int = 5000) -> Iterator[AuditEntry]:
        """Every entry, in ``seq`` order, as stored (for verifying the chain)."""

    @abstractmethod
    def audit_head(self) -> tuple[int, str]:
        """The ``seq`` and ``hash`` of the last entry appended, as the head row remembers them (kept apart from the
        entries, so that removing the last entries shows)."""

    # figures
    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """Standards by body, country, status and type; relations by type (with how many are open)."""

    # people, organisations, roles (``stdbridge.accounts`` gives them meaning)
    @abstractmethod
    def add_user(self, user: User) -> None:
        """Add a user with its roles; sets its ``id``. ``UsageError`` when the name is taken."""

    @abstractmethod
    def user_by_name(self, name: str) -> User | None: ...

    @abstractmethod
    def user_by_id(self, user_id: int) -> User | None: ...

    @abstractmethod
    def list_users(self) -> list[User]:
        """Every user, by name."""

    @abstractmethod
    def has_users(self) -> bool: ...

    @abstractmethod
    def set_user_roles(self, user_id: int, roles: frozenset[Role]) -> None: ...

    @abstractmethod
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...

    @abstractmethod
    def add_organisation(self, organisation: Organisation) -> None:
        """Add an organisation; sets its ``id``. ``UsageError`` when the name is taken."""

    @abstractmethod
    def list_organisations(self) -> list[Organisation]: ...

    @abstractmethod
    def add_membership(self, user_id: int, organisation_id: int) -> None:
        """Make the user a member of the organisation (nothing changes when it already is)."""

    @abstractmethod
    def organisations_of(self, user_id: int) -> list[Organisation]: ...

    @abstractmethod
    def add_session(self, secret_hash: str, user_id: int, created_at: str, expires_at: str) -> None: ...

    @abstractmethod
    def session_user(self, secret_hash: str, now: str) -> int | None:
        """The user of the session whose secret hashes to ``secret_hash``, unless it expired by ``now``."""

    @abstractmethod
    def end_sessions(self, *, secret_hash: str | None = None, user_id: int | None = None,
                     expired_by: str | None = None) -> int:  # fmt: skip
        """End the sessions that match every condition given; returns how many ended."""

    @abstractmethod
    def add_token(self, token: ApiToken) -> None:
        """Keep a personal API token (its hash); sets its ``id``."""

    @abstractmethod
    def token_by_hash(self, secret_hash: str) -> ApiToken | None: ...

    @abstractmethod
    def tokens_of(self, user_id: int) -> list[ApiToken]:
        """The user's tokens, revoked ones too, oldest first."""

    @abstractmethod
    def revoke_token(self, token_id: int, revoked_at: str) -> bool:
        """Revoke a token; False when it was revoked already or does not exist."""

    @abstractmethod
    def setting(self, name: str) -> str | None: ...

    @abstractmethod
    def save_setting(self, name: str, value: str) -> None: ...

    @abstractmethod
    def first_setting(self, name: str, value: str) -> str:
        """The setting ``name``, set to ``value`` unless it was set already (by any process): what it now is."""

    # the job queue (``stdbridge.jobs``; migration 0007)
    @abstractmethod
    def add_job(self, job: Job, upload: bytes | None = None) -> None:
        """Queue ``job``, with the file it was sent (kept with it, for the worker of any node); sets its ``id``."""

    @abstractmethod
    def job(self, job_id: int) -> Job | None: ...

    @abstractmethod
    def jobs(self, query: JobQuery) -> list[Job]:
        """The jobs ``query`` selects, newest first."""

    @abstractmethod
    def count_jobs(self, query: JobQuery) -> int:
        """How many jobs ``query`` selects, its offset and limit aside."""

    @abstractmethod
    def job_upload(self, job_id: int) -> bytes | None:
        """The file the job was sent, if any."""

    @abstractmethod
    def claim_job(self, worker: str, node: str, now: str) -> Job | None:
        """Take the oldest queued job that any node or ``node`` may run, as ``worker`` (it is running from now);
        None when there is none. Two workers never take the same job."""

    @abstractmethod
    def job_heartbeat(self, job_id: int, worker: str, now: str, done: int, total: int | None,
                      message: str) -> JobState | None:  # fmt: skip
        """Say that ``worker`` is alive and how far the job has got; returns the job's state (``cancelled``: stop),
        None when the job is no longer ``worker``'s."""

    @abstractmethod
    def finish_job(self, job_id: int, worker: str, state: JobState, now: str, result: dict[str, Any] | None,
                   error: str | None = None) -> bool:  # fmt: skip
        """End the job ``worker`` runs as ``state`` (done or failed); False when it is no longer running as
        ``worker``'s (cancelled, or given up for dead): then whatever it did in this transaction must roll back."""

    @abstractmethod
    def cancel_job(self, job_id: int, now: str) -> bool:
        """Cancel a queued or running job (a running one stops at its next step); False when it had finished."""

    @abstractmethod
    def requeue_job(self, job_id: int) -> bool:
        """Queue a failed or cancelled job again; False when it is in another state."""

    @abstractmethod
    def fail_stale_jobs(self, silent_since: str, now: str, error: str) -> list[int]:
        """Mark failed the running jobs whose worker has said nothing since ``silent_since``; returns their ids."""

    # mutual-recognition programmes (stdbridge.recognition.programmes) ---------------------------
    @abstractmethod
    def add_programme(self, programme: Programme) -> None:
        """Keep a new programme with its parties; sets its ``id``. A slug already taken is refused."""

    @abstractmethod
    def update_programme(self, programme: Programme) -> None:
        """Write a kept programme's fields and parties (step, scope, rule, coordinator ...) back."""

    @abstractmethod
    def programme_by_slug(self, slug: str) -> Programme | None: ...

    @abstractmethod
    def programme_by_id(self, programme_id: int) -> Programme | None: ...

    @abstractmethod
    def list_programmes(self) -> list[Programme]:
        """Every programme, by slug."""

    @abstractmethod
    def save_member(self, member: Member) -> bool:
        """Add a member to a programme, or change their role, party or language; True when they were one."""

    @abstractmethod
    def remove_member(self, programme_id: int, user_id: int) -> bool: ...

    @abstractmethod
    def members_of(self, programme_id: int) -> list[Member]: ...

    @abstractmethod
    def memberships_of(self, user_id: int) -> list[Member]:
        """The programmes a user takes part in, as their ``Member`` rows."""

    @abstractmethod
    def add_entries(self, entries: Sequence[Entry]) -> None:
        """Keep new entries with their standards; sets each one's ``id``."""

    @abstractmethod
    def update_entry(self, entry: Entry) -> None:
        """Write a kept entry (and its standards) back."""

    @abstractmethod
    def entries_by_id(self, entry_ids: Iterable[int]) -> dict[int, Entry]: ...

    @abstractmethod
    def entries_of(self, programme_id: int, *, state: EntryState | None = None, stage: Stage | None = None,
                   needs_review: bool | None = None, origin: Origin | None = None, edition_key: str | None = None,
                   offset: int = 0, limit: int | None = None) -> tuple[list[Entry], int]:  # fmt: skip
        """A page of a programme's entries that match every filter given (in id order), and how many match."""

    @abstractmethod
    def entries_naming(self, edition_keys: Iterable[str]) -> list[Entry]:
        """The entries of every programme that name one of these editions (in id order)."""

    @abstractmethod
    def entry_counts(self, programme_id: int) -> dict[str, dict[str, int]]:
        """A programme's entries counted by ``stage``, ``state`` and ``origin``, and ``needs_review.flagged``."""

    # review rounds (stdbridge.recognition.rounds) ----------------------------------------------
    @abstractmethod
    def add_round(self, round_: Round) -> None:
        """Keep a new round with its entries; sets its ``id``."""

    @abstractmethod
    def round_by_id(self, round_id: int) -> Round | None: ...

    @abstractmethod
    def rounds_of(self, programme_id: int) -> list[Round]:
        """A programme's rounds, by number."""

    @abstractmethod
    def round_numbered(self, programme_id: int, number: int) -> Round | None:
        """Round ``number`` of a programme (with its entries), or None."""

    @abstractmethod
    def rounds_due(self, now: str) -> list[int]:
        """The open rounds whose deadline is before ``now``."""

    @abstractmethod
    def close_round(self, round_id: int, closed_by: int | None, closed_at: str) -> bool:
        """Close an open round; False when it was closed already (by anyone): only the caller given True settles."""

    @abstractmethod
    def in_round(self, round_id: int, entry_id: int) -> bool: ...

    @abstractmethod
    def round_entry_page(self, round_id: int, offset: int, limit: int) -> tuple[list[int], int]:
        """A page of a round's entry ids (in id order) and how many entries the round has."""

    @abstractmethod
    def answer_of(self, round_id: int, entry_id: int, user_id: int) -> tuple[Answer, int] | None:
        """An expert's answer on an entry in a round, and its revision (1, then +1 for each change)."""

    @abstractmethod
    def save_answer(self, answer: Answer, revision: int) -> bool:
        """Keep an answer: a new one with revision 1, a change of revision ``revision - 1`` with ``revision``;
        False (nothing written) when the expert's answer is no longer what the caller read: another submission of
        theirs came first."""

    @abstractmethod
    def answers_of_round(
        self, round_id: int, *, entry_ids: Iterable[int] | None = None, user_id: int | None = None
    ) -> list[Answer]: ...

    @abstractmethod
    def save_round_outcomes(self, round_id: int, programme_id: int, outcomes: list[dict[str, Any]]) -> None:
        """What the rule made of each entry of a closed round (``entry_id``, ``outcome``, ``degree``, ``reasons``,
        ``feedback``), kept with the round."""

    @abstractmethod
    def set_entries_reviewed(self, outcomes: list[dict[str, Any]]) -> None:
        """The entries take the ``state``, ``degree`` and ``positions`` a close gave them (``rounds_taken`` + 1);
        settled ones move from the stage of recognition to commonality."""

    @abstractmethod
    def round_outcomes(self, round_id: int) -> dict[int, dict[str, Any]]: ...

    @abstractmethod
    def review_states(self, entry_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Where each of these entries stands, read from the entry itself: ``state``, ``degree``, ``rounds_taken``,
        ``positions`` (those that exist)."""

    @abstractmethod
    def save_reservation(self, reservation: Reservation) -> bool:
        """Keep a reservation (replacing the expert's earlier one on the entry); True when it replaced one."""

    @abstractmethod
    def reservations_of(self, entry_ids: Iterable[int]) -> list[Reservation]: ...

    @abstractmethod
    def add_comment_period(self, programme_id: int, opens_at: str, closes_at: str, opened_by: int | None) -> int: ...

    @abstractmethod
    def comment_period(self, period_id: int) -> dict[str, Any] | None: ...

    @abstractmethod
    def comment_periods_of(self, programme_id: int) -> list[dict[str, Any]]:
        """A programme's comment periods, the latest first."""

    @abstractmethod
    def answers_counted(self, round_ids: Iterable[int]) -> dict[int, int]:
        """How many answers (skips included) each of these rounds holds."""

    @abstractmethod
    def add_public_comment(self, comment: dict[str, Any]) -> int: ...

    @abstractmethod
    def reply_to_comment(self, comment_id: int, handling: str, reply: str, replied_by: int | None, at: str) -> bool: ...

    @abstractmethod
    def public_comments_of(self, period_id: int) -> list[dict[str, Any]]:
        """A comment period's comments with their replies: the handling log kept for a release."""

    # releases of recognition programmes (stdbridge.recognition.publishing)
    @abstractmethod
    def add_release(self, release: Release) -> None:
        """Keep a published release; sets its ``id``. ``UsageError`` when the programme has that number already."""

    @abstractmethod
    def releases_of(self, programme_id: int) -> list[Release]:
        """The programme's releases, oldest first, without their documents (``document`` empty)."""

    @abstractmethod
    def release_of(self, programme_id: int, number: int) -> Release | None:
        """Release ``number`` of the programme, with its document."""

    @abstractmethod
    def release_programme(self, slug: str) -> tuple[int, str] | None:
        """The id of the programme named ``slug`` in its releases, and its visibility at its latest release (public
        or members); None when it has published none."""

    @abstractmethod
    def last_release_number(self, programme_id: int) -> int:
        """The number of the programme's latest release; 0 before the first."""

    @abstractmethod
    def last_comment_period(self, programme_id: int) -> int | None:
        """The id of the programme's latest public-comment period; None when it opened none."""

    @abstractmethod
    def mark_published(self, entry_ids: Iterable[int]) -> int:
        """Move these entries at the stage of recognition or commonality to sharing (published); how many moved."""

    @abstractmethod
    def audit_entries_at(self, seqs: Iterable[int]) -> dict[int, AuditEntry]:
        """The audit entries numbered ``seqs``, by number (those that exist)."""

    # the termbase of the translation workbench (stdbridge.translation.termbase; rows in store.terms_sql)
    @abstractmethod
    def add_concepts(self, concepts: Sequence[Concept], changed_at: str) -> None:
        """Keep new concepts with their terms, in one transaction; sets the ``id`` of each concept and term."""

    @abstractmethod
    def concepts_by_id(self, concept_ids: Iterable[int]) -> dict[int, Concept]:
        """The concepts of these ids that exist, with their terms in order, by id."""

    @abstractmethod
    def find_concepts(
        self,
        text: str,
        *,
        lang: str | None = None,
        match: str = "prefix",
        user_id: int | None = None,
        organisation_ids: Sequence[int] = (),
        limit: int = 50,
    ) -> list[Concept]:
        """The concepts with a term (in ``lang``, or any language) that is ``text`` (``exact``), begins with it
        (``prefix``) or holds it (``contains``), ignoring case and full-width forms, that ``user_id`` may see (the
        platform's, their own, their organisations'); the shortest matching term first."""

    @abstractmethod
    def iter_concepts(
        self, *, scope: UnitScope | None = None, owner_id: int | None = None, origin: str | None = None,
        batch: int = 2000,
    ) -> Iterator[Concept]:  # fmt: skip
        """Every concept (of a scope, owner, origin), by id, read ``batch`` at a time: for recognition and export."""

    @abstractmethod
    def update_concept(self, concept: Concept, changed_at: str) -> bool:
        """Replace a concept's fields and terms; False when there is no concept of its id."""

    @abstractmethod
    def delete_concept(self, concept_id: int) -> bool:
        """Remove a concept and its terms; False when there was none."""

    @abstractmethod
    def count_concepts(self, *, origin: str | None = None) -> int: ...

    @abstractmethod
    def termbase_stamp(self) -> tuple[int, int, str]:
        """How many concepts, the highest id and the latest change: a termbase held in memory reloads when this
        differs from the one it was read at."""

    # the translation memory (``stdbridge.translation.memory``; rows in ``store.memory_sql``)
    @abstractmethod
    def add_units(self, units: Sequence[TranslationUnit]) -> int:
        """Add the units in one write and set their ids; a unit already there (same scope, owner, languages, source
        and target) is kept once, and the unit given gets its id. Returns how many were new."""

    @abstractmethod
    def units_by_ids(self, ids: Iterable[int]) -> dict[int, TranslationUnit]: ...

    @abstractmethod
    def units_with_text(self, text: str, lang: str, other_lang: str) -> list[TranslationUnit]:
        """The units of every scope whose ``lang`` side is ``text`` (whitespace runs counted as one space) and
        whose other side is in ``other_lang``: source→target units by their source, target→source by their target."""

    @abstractmethod
    def units_of(self, scope: UnitScope, owner_id: int | None, *, offset: int = 0, limit: int = 100,
                 source_lang: str | None = None, target_lang: str | None = None) -> list[TranslationUnit]:  # fmt: skip
        """The units of a user's (PERSONAL), an organisation's (ORGANISATION) or the platform's memory, by id."""

    @abstractmethod
    def count_units(self, scope: UnitScope | None = None, owner_id: int | None = None) -> int: ...

    @abstractmethod
    def memory_figures(self) -> dict[str, int]:
        """How many units per scope and language pair (``platform/zh-en``)."""

    @abstractmethod
    def iter_units(self, *, after_id: int = 0, batch: int = 5000, scope: UnitScope | None = None,
                   owner_id: int | None = None, source_lang: str | None = None,
                   target_lang: str | None = None) -> Iterator[TranslationUnit]:  # fmt: skip
        """Every unit (of a scope and owner, of a language pair), by id, read in pages of ``batch``."""

    @abstractmethod
    def delete_units(self, ids: Iterable[int]) -> int:
        """Delete the units; returns how many there were."""

    @abstractmethod
    def promote_unit(
        self, unit_id: int, scope: UnitScope, owner_id: int | None, origin: UnitOrigin
    ) -> TranslationUnit | None:
        """Copy a unit into an organisation's (``owner_id``) or the platform's memory (after review; the personal
        unit stays its owner's); None when there is no such unit."""

    @abstractmethod
    def memory_changes_since(self, seq: int) -> tuple[int, list[TranslationUnit], list[int]]:
        """What the memory's writes after change number ``seq`` left: the latest change number, the units added or
        changed, the ids deleted. Numbers are taken in commit order, so a reader that asks again with the number
        it was given misses nothing."""

    @abstractmethod
    def memory_seq(self) -> int:
        """The latest change number of the memory (0: never written)."""

    # translation projects (``stdbridge.translation.projects``; rows in ``store.translation_sql``)
    @abstractmethod
    def add_project(self, project: Project, segments: Sequence[Segment]) -> None:
        """Keep a new project and its segments; sets their ids (and the segments' ``project_id``)."""

    @abstractmethod
    def project_by_id(self, project_id: int) -> Project | None:
        """The project, its ``original`` left unread (None)."""

    @abstractmethod
    def project_original(self, project_id: int) -> bytes | None:
        """The file a project was made from."""

    @abstractmethod
    def list_projects(self) -> list[Project]:
        """Every project, the newest first."""

    @abstractmethod
    def set_project_state(self, project_id: int, state: ProjectState, at: str) -> None: ...

    @abstractmethod
    def segments_of(self, project_id: int) -> list[Segment]:
        """A project's segments in document order."""

    @abstractmethod
    def segment_by_id(self, segment_id: int) -> Segment | None: ...

    @abstractmethod
    def segment_sources(self, project_id: int, positions: Iterable[int]) -> dict[int, str]:
        """The source texts of a project's segments at ``positions``, by position (those that exist)."""

    @abstractmethod
    def save_segment(self, segment: Segment, expected_version: int) -> None:
        """Save ``segment``'s target, status, origin if its stored version is still ``expected_version`` (its
        version then grows by one, and the change is kept); ``EditConflict`` otherwise, nothing written."""

    @abstractmethod
    def segment_changes(self, segment_id: int) -> list[SegmentChange]:
        """The saved versions of a segment, oldest first."""

    @abstractmethod
    def segment_counts(self, project_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """Per project, its segments by status (``SegmentStatus`` values)."""

    @abstractmethod
    def add_waiver(self, project_id: int, waiver: Waiver) -> None: ...

    @abstractmethod
    def waivers_of(self, project_id: int) -> list[Waiver]: ...

    # translated titles contributed by delivered translation projects (``stdbridge.translation.projects``)
    @abstractmethod
    def add_contributed_title(self, edition_key: str, lang: str, contribution: dict[str, Any], at: str) -> None:
        """Keep ``contribution`` (the translated title, who translated it, which project, when) as the standard's
        contributed title in ``lang`` - apart from its official titles - and record the change, so that every
        node's search index takes the title in. ``NotFound`` when the catalogue holds no such edition."""

    # watchlists and alerts (``stdbridge.watch``; rows in ``store.watch_sql``)
    @abstractmethod
    def add_watchlist(self, watchlist: Watchlist) -> None:
        """Keep a new watchlist with its items; sets its id."""

    @abstractmethod
    def add_watchlists(self, many: Sequence[Watchlist]) -> None: ...

    @abstractmethod
    def add_watch_item(self, watchlist_id: int, item: WatchItem) -> None: ...

    @abstractmethod
    def remove_watch_item(self, watchlist_id: int, item: WatchItem) -> int:
        """Remove the items of that kind and value; how many there were."""

    @abstractmethod
    def watchlist_by_id(self, watchlist_id: int) -> Watchlist | None: ...

    @abstractmethod
    def watchlist_by_feed_token(self, token: str) -> Watchlist | None: ...

    @abstractmethod
    def watchlists_of(self, user_id: int | None, org_ids: Iterable[int] = ()) -> list[Watchlist]:
        """The watchlists a user owns and those of the organisations ``org_ids``."""

    @abstractmethod
    def all_watchlists(self) -> list[Watchlist]: ...

    @abstractmethod
    def set_watchlist_email(self, watchlist_id: int, mode: EmailMode, to: str | None) -> None: ...

    @abstractmethod
    def remove_watchlist(self, watchlist_id: int) -> None:
        """Remove a watchlist with its items, notifications, webhooks and their deliveries."""

    @abstractmethod
    def events_after(self, event_id: int, limit: int = 10000) -> list[tuple[int, ChangeEvent]]:
        """The change events after ``event_id``, with their ids, in order."""

    @abstractmethod
    def watch_cursor(self, name: str) -> str | None: ...

    @abstractmethod
    def set_watch_cursor(self, name: str, value: str) -> None: ...

    @abstractmethod
    def add_notifications(self, found: Sequence[Notification], now: str) -> int:
        """Keep ``found`` and a pending delivery of each to each webhook of its watchlist; how many were kept."""

    @abstractmethod
    def notifications_of(
        self, watchlist_ids: Iterable[int], *, unread_only: bool = False, limit: int = 100, after_id: int = 0
    ) -> list[Notification]: ...

    @abstractmethod
    def notification_by_id(self, notification_id: int) -> Notification | None: ...

    @abstractmethod
    def unread_counts(self, watchlist_ids: Iterable[int]) -> dict[int, int]: ...

    @abstractmethod
    def mark_read(self, watchlist_id: int, notification_ids: Iterable[int] | None = None) -> int: ...

    @abstractmethod
    def count_notifications(self) -> int: ...

    @abstractmethod
    def add_webhook(self, webhook: Webhook) -> None: ...

    @abstractmethod
    def webhooks_of(self, watchlist_id: int) -> list[Webhook]: ...

    @abstractmethod
    def remove_webhook(self, webhook_id: int) -> None: ...

    @abstractmethod
    def due_deliveries(self, now: str, limit: int = 100) -> list[tuple[Delivery, Webhook, Notification]]: ...

    @abstractmethod
    def record_attempt(self, delivery: Delivery) -> None: ...

    @abstractmethod
    def deliveries_of(self, webhook_id: int, limit: int = 100) -> list[Delivery]: ...

    # the facts of the country profiles (store.profiles_sql, migration 0017) ---------------------------------------
    @abstractmethod
    def countries_of(self, ids: Iterable[int]) -> dict[int, str]:
        """The country of each of these standards (a lean read: no record is parsed)."""

    @abstractmethod
    def link_ends_touching(self, ids: Iterable[int], types: Sequence[RelationType]) -> list[LinkEnds]:
        """The ends of the relations of these ``types`` with either end in ``ids``, each once, in id order."""

    @abstractmethod
    def foreign_versions_of(self, ids: Iterable[int]) -> dict[int, tuple[str, list[dict[str, Any]]]]:
        """(body, foreign-language versions) of those of these standards whose records list any."""

    @abstractmethod
    def profile_facts(self, country: str | None = None) -> list[ProfileFact]:
        """The facts of one country's profile (every country's when None), by country, kind and number."""

    @abstractmethod
    def profile_fact(self, fact_id: int) -> ProfileFact | None: ...

    @abstractmethod
    def add_profile_facts(self, facts: Sequence[ProfileFact]) -> None:
        """Keep new facts; sets their ids."""

    @abstractmethod
    def update_profile_fact(self, fact: ProfileFact) -> None: ...

    @abstractmethod
    def delete_profile_fact(self, fact_id: int) -> bool: ...
    # the connectivity index (migration 0018, ``store.connectivity_sql``)
    @abstractmethod
    def relation_edges(self, type: RelationType) -> list[tuple[int, int | None, str, str, str | None]]:
        """(source id, target id or None, target key, target work key, degree) of every relation of ``type`` whose
        source is held: the whole-catalogue pass of the connectivity index, one query."""

    @abstractmethod
    def dated_standards(self, ids: Iterable[int]) -> dict[int, Standard]:
        """Lean standards by id: keys, type, status, dates, ICS fields and import time (no titles)."""

    @abstractmethod
    def relation_edges_around(
        self, type: RelationType, ids: Iterable[int]
    ) -> list[tuple[int, int | None, str, str, str | None]]:
        """``relation_edges`` of the relations whose source or target is one of ``ids``, each once."""

    @abstractmethod
    def edition_spans(self, ids: Iterable[int]) -> list[EditionSpan]:
        """The days in force of the whole editions among ``ids`` (migration 0019, ``store.spans_sql``), kept by
        every write of standards and relations."""

    @abstractmethod
    def kept_answer(self, key: str, state: str) -> Any | None:
        """The answer kept for ``key`` worked out on the catalogue's ``state`` (None: none of that state)."""

    @abstractmethod
    def keep_answer(self, key: str, state: str, body: Any, now: str) -> None:
        """Keep ``body`` as the answer to ``key`` on ``state``; the answers of other states go."""

    @abstractmethod
    def drop_kept_answers(self) -> None:
        """Forget every kept answer (the benchmarks work them out afresh)."""

    @abstractmethod
    def count_kept_answers(self) -> int: ...

    @abstractmethod
    def save_group(self, group: SavedGroup) -> None:
        """Keep a saved group (a new one gets its id), or replace the one of its id."""

    @abstractmethod
    def group_by_id(self, group_id: int) -> SavedGroup | None: ...

    @abstractmethod
    def groups_seen_by(self, user_id: int | None) -> list[SavedGroup]:
        """The shared groups and those of ``user_id``, by name."""

    @abstractmethod
    def remove_group(self, group_id: int) -> None: ...
    # notices and news (``stdbridge.notices``; rows in ``store.notices_sql``)
    @abstractmethod
    def save_notice(self, notice: Notice, now: str) -> str:
        """Keep ``notice`` with its codes and citations, or update the one of the same key; says ``added``,
        ``changed`` or ``same`` (nothing written); sets its id."""

    @abstractmethod
    def notice_by_id(self, notice_id: int) -> Notice | None: ...

    @abstractmethod
    def notice_by_key(self, key: str) -> Notice | None: ...

    @abstractmethod
    def find_notices(self, wanted: NoticeQuery) -> list[Notice]:
        """The notices that pass the filters, the newest first (the soonest deadline first for that view)."""

    @abstractmethod
    def count_notices(self, wanted: NoticeQuery) -> int: ...

    @abstractmethod
    def notices_citing(self, work_keys: Iterable[str], limit: int = 100) -> list[Notice]:
        """The notices that cite any edition of these works, the newest first."""

    @abstractmethod
    def notices_after(self, seq: int, limit: int = 1000) -> list[tuple[int, Notice]]:
        """The notices added or changed after ``seq`` (the fan-out's cursor), with their ``seq``, in order."""
