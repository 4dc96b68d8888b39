"""The storage interface of the analyses that read the catalogue at large: the country profiles' facts and lean reads,
and the connectivity index's edges, kept answers and saved groups (``stdbridge.profiles``,
``stdbridge.analytics.connectivity``; rows in ``store.profiles_sql`` and ``store.connectivity_sql``).

``Store`` (``store.base``) is made of these parts; ``SqlStore`` implements them all."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from stdbridge.models import LinkEnds, RelationType, Standard

if TYPE_CHECKING:  # used in annotations only
    from stdbridge.analytics.groups import SavedGroup
    from stdbridge.profiles.model import ProfileFact
    from stdbridge.store.spans_sql import EditionSpan


class AnalysisStore(ABC):
    """What ``Store`` keeps for profiles and the connectivity index."""

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
