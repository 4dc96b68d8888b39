"""The records of notices: a WTO TBT notification (its document symbol, such as ``G/TBT/N/CHN/1786``, and the
addenda, corrigenda and revisions that follow it, ``G/TBT/N/CHN/1786/Add.1``), a national notice, or a news item;
the standards each cites; and what a listing asks for (``NoticeQuery``). No I/O here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class NoticeKind(StrEnum):
    TBT = "tbt"  # a WTO TBT notification
    NATIONAL = "national-notice"  # a notice of a national regulator or standards body
    NEWS = "news"


SYMBOL = re.compile(r"^G/TBT/N/(?P<member>[A-Z]{3})/(?P<number>\d+)(?P<suffix>(?:/(?:Add|Corr|Rev)\.\d+)*)$")


def parse_symbol(text: str) -> tuple[str, str | None]:
    """The symbol written canonically, and the symbol of the notification it adds to, corrects or revises (None
    for a regular notification): ``g/tbt/n/chn/1786/add.1`` -> ``("G/TBT/N/CHN/1786/Add.1", "G/TBT/N/CHN/1786")``.
    ``ValueError`` if it is not a TBT notification's symbol."""
    cleaned = re.sub(r"\s+", "", text).upper().replace("ADD.", "Add.").replace("CORR.", "Corr.")
    cleaned = cleaned.replace("REV.", "Rev.")
    match = SYMBOL.match(cleaned)
    if match is None:
        raise ValueError("not a WTO TBT notification symbol such as G/TBT/N/CHN/1786 or G/TBT/N/CHN/1786/Add.1")
    parent = f"G/TBT/N/{match['member']}/{match['number']}" if match["suffix"] else None
    return cleaned, parent


@dataclass(frozen=True, slots=True)
class Citation:
    """A standard a notice names: the text as written, and the catalogue's edition (None when the catalogue
    lacks it) and work."""

    text: str
    identifier: str
    work_key: str
    edition_key: str | None = None


@dataclass(slots=True)
class Notice:
    """One notice or news item. ``key`` says which it is across imports: a TBT notification's symbol, else its
    link (or, for an item without one, ``title|date|country``); the same key is the same item, updated."""

    kind: NoticeKind
    key: str
    title: str
    date: str | None  # distribution (TBT) or publication date, ISO
    country: str | None  # ISO 3166 alpha-2 (EU for the European Union)
    body: str | None = None  # the issuing body or agency, e.g. SAMR, SAC, ISO
    text: str = ""  # the description of content, or the news item's text
    symbol: str | None = None  # TBT only
    parent_symbol: str | None = None  # TBT addenda, corrigenda and revisions: the notification they follow
    products: str = ""  # products covered, as written
    hs: tuple[str, ...] = ()  # HS codes of the products
    ics: tuple[str, ...] = ()
    comment_deadline: str | None = None  # final date for comments, ISO
    links: tuple[str, ...] = ()
    language: str | None = None  # of the title and text: en, zh, ...
    objective: str = ""
    notice_type: str = ""  # the export's notification type: Regular, Addendum, Corrigendum, Revision
    source: str = ""  # file:line or feed URL
    citations: list[Citation] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""
    id: int | None = None

    @property
    def link(self) -> str | None:
        return self.links[0] if self.links else None

    def content(self) -> dict[str, object]:
        """What an import compares to say whether the item changed."""
        return {"kind": self.kind.value, "title": self.title, "date": self.date, "country": self.country,
                "body": self.body, "text": self.text, "symbol": self.symbol, "parent": self.parent_symbol,
                "products": self.products, "hs": list(self.hs), "ics": list(self.ics),
                "deadline": self.comment_deadline, "links": list(self.links), "language": self.language,
                "objective": self.objective, "type": self.notice_type,
                "cites": sorted(c.identifier for c in self.citations)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NoticeQuery:
    """A listing's filters; ``deadline_within`` keeps the notices whose final date for comments is between
    ``today`` and ``today`` + that many days, the soonest first."""

    kinds: tuple[NoticeKind, ...] = ()
    country: str | None = None
    body: str | None = None
    ics: str | None = None  # a field and everything under it
    hs: str | None = None  # a heading and everything under it
    date_from: str | None = None
    date_to: str | None = None
    words: str | None = None
    deadline_within: int | None = None
    today: str | None = None
    limit: int = 100
    offset: int = 0
