"""Which watchlists a changed record concerns: an index of every watched item, read once per fan-out.

A record is looked up by its edition key, work key, each prefix of each of its ICS codes (watching ``03.120``
watches ``03.120.10``), its committee, body and country: a handful of dictionary reads, however many watchlists
there are. Saved searches are run against the changed records only: every word of the query must occur in the
record's identifier or one of its titles (case and width folded), and the search's filters (body, country,
status) must hold.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from stdbridge.models import Standard
from stdbridge.watch.model import ItemKind, WatchItem, Watchlist


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def ics_prefixes(code: str) -> list[str]:
    """``03.120.10`` -> ``03``, ``03.120``, ``03.120.10``."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


@dataclass(frozen=True, slots=True)
class SavedSearch:
    watchlist_id: int
    words: tuple[str, ...]
    filters: tuple[tuple[str, str], ...]

    def matches(self, standard: Standard) -> bool:
        for name, wanted in self.filters:
            have = {"body": standard.body, "country": standard.country, "status": standard.status.value}.get(name)
            if have is None or fold(have) != fold(wanted):
                return False
        text = fold(" ".join([standard.identifier, *standard.titles.values()]))
        return all(word in text for word in self.words)


def saved_search(watchlist_id: int, item: WatchItem) -> SavedSearch:
    return SavedSearch(watchlist_id, tuple(fold(item.value).split()), tuple(sorted(item.filters.items())))


@dataclass(slots=True)
class WatchIndex:
    """The watched items of many watchlists, by what they name."""

    keyed: dict[tuple[ItemKind, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    searches: list[SavedSearch] = field(default_factory=list)
    created: dict[int, str] = field(default_factory=dict)  # when each watchlist began: older changes are not its

    @classmethod
    def of(cls, watchlists: Iterable[Watchlist]) -> WatchIndex:
        index = cls()
        for watchlist in watchlists:
            assert watchlist.id is not None
            index.created[watchlist.id] = watchlist.created_at
            for item in watchlist.items:
                if item.kind == ItemKind.SEARCH:
                    index.searches.append(saved_search(watchlist.id, item))
                else:
                    index.keyed[(item.kind, key_of(item.kind, item.value))].add(watchlist.id)
        return index

    def __len__(self) -> int:
        return sum(len(v) for v in self.keyed.values()) + len(self.searches)

    def watchers(self, standard: Standard) -> set[int]:
        """The ids of the watchlists that ``standard`` concerns."""
        found: set[int] = set()
        keys = [(ItemKind.EDITION, standard.edition_key), (ItemKind.WORK, standard.work_key),
                (ItemKind.BODY, key_of(ItemKind.BODY, standard.body)),
                (ItemKind.COUNTRY, key_of(ItemKind.COUNTRY, standard.country))]  # fmt: skip
        if standard.committee:
            keys.append((ItemKind.COMMITTEE, key_of(ItemKind.COMMITTEE, standard.committee)))
        keys += [(ItemKind.ICS, prefix) for code in standard.ics for prefix in ics_prefixes(code)]
        for key in keys:
            found |= self.keyed.get(key, set())
        found.update(s.watchlist_id for s in self.searches if s.watchlist_id not in found and s.matches(standard))
        return found

    def watchers_of_keys(self, keys: list[tuple[ItemKind, str]], text: str, facts: dict[str, str]) -> set[int]:
        """The ids of the watchlists that watch any of ``keys`` (bodies, countries and committees as ``key_of``
        gives them), or whose saved search matches ``text`` with ``facts`` (body, country) passing its filters:
        what a notice or news item touches."""
        found: set[int] = set()
        for key in keys:
            found |= self.keyed.get(key, set())
        folded = fold(text)
        for s in self.searches:
            if s.watchlist_id in found or not all(word in folded for word in s.words):
                continue
            if all(fold(facts.get(name) or "\0") == fold(wanted) for name, wanted in s.filters):
                found.add(s.watchlist_id)
        return found


def key_of(kind: ItemKind, value: str) -> str:
    """How an item's value is compared: bodies, countries and committees without regard to case or spacing."""
    if kind in (ItemKind.BODY, ItemKind.COUNTRY, ItemKind.COMMITTEE):
        return " ".join(fold(value).split())
    return value.strip()
