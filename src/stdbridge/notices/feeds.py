"""National notices and news items from RSS/Atom feeds (feedparser; a file or a URL) and from CSV/XLSX files.

A feed is one source: the kind (``news`` or ``national-notice``), country, body and ICS fields its items take are
given with it; each item gives its title, link, date (published, else updated), text (its content, else summary)
and language (its own, else the feed's). A CSV/XLSX file of items names its columns through a mapping like the
TBT importer's: ``title`` (required), ``date``, ``country``, ``body``, ``ics``, ``text``, ``link``, ``language``,
``kind``; ``NEWS_COLUMNS`` (columns named after the fields) is the default.

An item's key is its link (the same link is the same item, updated by a re-import), else its title, date and
country."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser

from stdbridge.errors import MissingColumns, UnreadableSource, UsageError
from stdbridge.i18n import _
from stdbridge.importers.cells import parse_date, split_values
from stdbridge.importers.tabular import read_rows
from stdbridge.models import Rejected
from stdbridge.notices.countries import country_code
from stdbridge.notices.model import Notice, NoticeKind

NEWS_COLUMNS = {name: name for name in ("title", "date", "country", "body", "ics", "text", "link", "language", "kind")}
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class FeedSource:
    """What every item of one feed is: its kind, country, body and ICS fields."""

    kind: NoticeKind = NoticeKind.NEWS
    country: str | None = None
    body: str | None = None
    ics: tuple[str, ...] = ()


def plain(text: str) -> str:
    """Text of an HTML fragment: tags out, entities read, spaces tidied."""
    return re.sub(r"[ \t]+", " ", html.unescape(_TAG.sub(" ", text or ""))).strip()


def item_key(link: str | None, title: str, date: str | None, country: str | None) -> str:
    return link or f"{title}|{date or ''}|{country or ''}"


def _struct_date(entry: Any) -> str | None:
    for name in ("published_parsed", "updated_parsed"):
        moment = entry.get(name)
        if moment:
            return dt.date(moment.tm_year, moment.tm_mon, moment.tm_mday).isoformat()
    return None


def read_feed(where: str, source: FeedSource) -> Iterator[Notice | Rejected]:
    """The items of the RSS or Atom feed at ``where`` (a file or an http(s) URL)."""
    if not where.startswith(("http://", "https://")) and not Path(where).is_file():
        raise UnreadableSource(_("no such file"), source=where)
    parsed = feedparser.parse(where)
    if parsed.get("bozo") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise UnreadableSource(_("not a readable RSS or Atom feed: {problem}").format(problem=problem), source=where)
    language = (parsed.feed.get("language") or "").split("-")[0].lower() or None
    for number, entry in enumerate(parsed.entries, 1):
        title = plain(entry.get("title", ""))
        link = entry.get("link") or None
        if not title:
            yield Rejected(where, number, link or "", _("item {number} has no title").format(number=number))
            continue
        content = entry.get("content") or []
        text = plain(content[0].get("value", "") if content else entry.get("summary", ""))
        date = _struct_date(entry)
        lang = (entry.get("language") or "").split("-")[0].lower() or language
        yield Notice(source.kind, item_key(link, title, date, source.country), title, date, source.country,
                     source.body, text, ics=source.ics, links=(link,) if link else (), language=lang,
                     source=f"{where}#{number}")  # fmt: skip


def read_item_table(path: Path, mapping: dict[str, str] | None = None,
                    default_kind: NoticeKind = NoticeKind.NEWS) -> Iterator[Notice | Rejected]:  # fmt: skip
    """Each row of a CSV/XLSX file of notices or news items, or a ``Rejected`` with file, line, value, reason."""
    m = dict(mapping or NEWS_COLUMNS)
    unknown = set(m) - set(NEWS_COLUMNS)
    if unknown or "title" not in m:
        raise UsageError(_("the mapping needs 'title' and knows only {keys}").format(keys=", ".join(NEWS_COLUMNS)))
    header, rows = read_rows(path)
    needed = [m["title"]] if mapping is None else list(m.values())
    missing = sorted(set(needed) - set(header))
    if missing:
        raise MissingColumns(_("columns named in the mapping are missing: {missing}; the columns found are: {found}")
                             .format(missing=", ".join(missing), found=", ".join(repr(c) for c in header if c)),
                             source=str(path))  # fmt: skip
    for line, cells in rows:
        if isinstance(cells, Rejected):
            yield cells
            continue

        def cell(key: str, row: dict[str, str] = cells) -> str:
            return row.get(m.get(key, ""), "").strip()

        title, date_text, country_text, kind_text = cell("title"), cell("date"), cell("country"), cell("kind")
        if not title:
            yield Rejected(str(path), line, "", _("the title is empty"))
            continue
        try:
            date = parse_date(date_text)
        except ValueError as exc:
            yield Rejected(str(path), line, date_text, _("'{value}' is not a date ({reason})").format(
                value=date_text, reason=exc))  # fmt: skip
            continue
        country = country_code(country_text)
        if country_text and country is None:
            yield Rejected(str(path), line, country_text, _("'{value}' is not a country").format(value=country_text))
            continue
        try:
            kind = NoticeKind(kind_text) if kind_text else default_kind
        except ValueError:
            yield Rejected(str(path), line, kind_text, _("the kind is news or national-notice, not '{value}'")
                           .format(value=kind_text))  # fmt: skip
            continue
        if kind == NoticeKind.TBT:
            yield Rejected(str(path), line, kind_text, _("TBT notifications are imported with --format tbt"))
            continue
        link = cell("link") or None
        yield Notice(kind, item_key(link, title, date, country), title, date, country, cell("body") or None,
                     cell("text"), ics=split_values(cell("ics")), links=(link,) if link else (),
                     language=cell("language") or None, source=f"{path.name}:{line}")  # fmt: skip
