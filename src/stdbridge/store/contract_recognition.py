"""The storage interface of mutual recognition: programmes, their members and entries, review rounds with their answers
and reservations, and published releases (``stdbridge.recognition``; rows in ``store.programmes_sql``,
``store.rounds_sql`` and ``store.releases_sql``).

``Store`` (``store.base``) is made of these parts; ``SqlStore`` implements them all."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any

from stdbridge.audit.entry import AuditEntry
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


class RecognitionStore(ABC):
    """What ``Store`` keeps for mutual recognition."""

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
