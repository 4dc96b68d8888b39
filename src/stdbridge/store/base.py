"""The storage interface the catalogue is written against.

``SqlStore`` implements it on SQLite (the embedded default) and is written in
SQLAlchemy Core so that a PostgreSQL store can share it; the contract tests in
``tests/store`` run against every store.

A store knows rows, not meaning: merging sources, resolving identifiers and
walking the graph are the catalogue's work.

``Store`` is the one interface. The catalogue's core, people and jobs are declared here; what each capability
keeps is declared in a part of its own, which ``Store`` inherits: ``store.contract_recognition`` (programmes,
review rounds, releases), ``store.contract_translation`` (termbase, memory, projects),
``store.contract_watching`` (watchlists, notifications, webhooks, notices) and ``store.contract_analysis``
(profiles, connectivity).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from stdbridge.accounts.records import ApiToken, Organisation, User
from stdbridge.accounts.roles import Role
from stdbridge.audit.entry import AuditEntry, AuditQuery
from stdbridge.jobs.model import Job, JobQuery, JobState
from stdbridge.models import ChangeEvent, ClassEntry, Decision, Relation, RelationType, Standard
from stdbridge.store.contract_analysis import AnalysisStore
from stdbridge.store.contract_recognition import RecognitionStore
from stdbridge.store.contract_translation import TranslationStore
from stdbridge.store.contract_watching import WatchingStore
from stdbridge.store.feed import ChangeWaiter


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


def walk_replacements(
    leaving: Callable[[set[int]], list[Relation]], start_id: int, *, forward: bool, steps: int
) -> list[Relation]:
    """The ``replaces`` relations met walking from ``start_id`` a step at a time, fewer than ``steps`` relations
    deep, towards later editions (``forward``) or earlier ones: ``leaving(ids)`` reads the relations that leave the
    standards ``ids`` in that direction. Each relation is met once, round a cycle too."""
    found: dict[tuple[str, str, str, str], Relation] = {}
    frontier, visited = {start_id}, {start_id}
    for _ in range(steps):
        step = leaving(frontier)
        found.update(((r.dataset, r.origin_key, r.source_key, r.target_key), r) for r in step)
        frontier = {i for r in step if (i := r.source_id if forward else r.target_id) is not None} - visited
        visited |= frontier
        if not frontier:
            break
    return list(found.values())


class Store(RecognitionStore, TranslationStore, WatchingStore, AnalysisStore, ABC):
    """Persistence for standards, their sources, relations, classifications, events and imports, people and
    jobs (here), and for what each capability keeps (its part: ``store.contract_*``)."""

    location: str  # where the catalogue lives (a URL), for messages and to place the search index beside it

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all."""

    def reading(self) -> AbstractContextManager[None]:
        """The reads inside (of this thread) share one connection, checked out and checked once: what one request
        reads. A store whose reads cost no connection each needs nothing here."""
        return nullcontext()

    def close(self) -> None:
        """End the store's connections now (a process about to exit, a test done with it); a store holding none
        needs nothing here."""

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
        (``forward``: from a relation's target to its source) or earlier ones. A server's store should read them in
        one statement; this default reads a step at a time (``walk_replacements``)."""

        def leaving(ids: set[int]) -> list[Relation]:
            here = [r for r in self.relations_touching(ids, []) if r.type == RelationType.REPLACES]
            return [r for r in here if (r.target_id if forward else r.source_id) in ids]

        return walk_replacements(leaving, start_id, forward=forward, steps=steps)

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
