"""What the parts of the translation workbench ask of one another, so that each is written and tested on its own:
a translation memory answers matches (``MemoryLookup``), a termbase finds terms in a text (``TermLookup``), an
engine translates texts (``Engine``). ``stdbridge.translation.memory``, ``.termbase`` and ``.engines`` implement
them; pre-translation, the quality checks and the editor use only these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from stdbridge.translation.model import EngineResult, Match, TermHit


class MemoryLookup(Protocol):
    def matches(
        self,
        source: str,
        source_lang: str,
        target_lang: str,
        *,
        user_id: int | None = None,
        previous: str | None = None,
        following: str | None = None,
        minimum: int = 50,
        limit: int = 5,
    ) -> list[Match]:
        """The best matches for ``source``, best first: in-context (101), exact (100), then fuzzy down to
        ``minimum``; from the platform's and the user's organisations' shared memory and the user's own."""
        ...


class TermLookup(Protocol):
    def terms_in(self, text: str, source_lang: str, target_lang: str, *, user_id: int | None = None) -> list[TermHit]:
        """The concepts whose ``source_lang`` terms occur in ``text`` (Chinese by word segmentation, English by
        lemma), each with the concept's ``target_lang`` terms, in order of position."""
        ...


class Engine(Protocol):
    name: str  # shown in the editor beside what it translated: "offline", "libretranslate", "openai", "argos"

    def translate(self, texts: Sequence[str], source_lang: str, target_lang: str) -> list[EngineResult]:
        """One result per text, in order. Raises ``EngineFailed`` (timed out, refused, answered nonsense) and
        never returns a partial list silently."""
        ...
