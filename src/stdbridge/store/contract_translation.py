"""The storage interface of the translation workbench: the termbase, the translation memory, translation projects and
the titles they contribute (``stdbridge.translation``; rows in ``store.terms_sql``, ``store.memory_sql`` and
``store.translation_sql``).

``Store`` (``store.base``) is made of these parts; ``SqlStore`` implements them all."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from stdbridge.translation.model import (
    Concept,
    Project,
    ProjectState,
    Segment,
    SegmentChange,
    TranslationUnit,
    UnitOrigin,
    UnitScope,
    Waiver,
)


class TranslationStore(ABC):
    """What ``Store`` keeps for the translation workbench."""

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
