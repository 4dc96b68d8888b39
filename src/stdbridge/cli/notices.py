"""``stdbridge notices`` (import WTO TBT notifications from an ePing export or national notices from a feed or file,
list them, the comment deadlines soon) and ``stdbridge news`` (import, write, list news items). The command line
acts as the local administrator, or as the user ``--user`` names (imports and writing need the editor's role)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from stdbridge.cli.base import Context, acting_user, cli, emit_json, out
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.models import Rejected
from stdbridge.notices import service
from stdbridge.notices.countries import country_code
from stdbridge.notices.feeds import FeedSource, read_feed, read_item_table
from stdbridge.notices.model import Notice, NoticeKind, NoticeQuery
from stdbridge.notices.tbt import EPING, read_notifications


def _mapping(path: str | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        found = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise UsageError(_("cannot read the mapping file {path}: {error}").format(path=path, error=exc)) from exc
    if not isinstance(found, dict):
        raise UsageError(_("{path}: the mapping must be a JSON object").format(path=path))
    return found


def _country(text: str | None) -> str | None:
    return (country_code(text) or text.strip().upper()) if text and text.strip() else None


def _report(done: service.NoticeImport) -> None:
    out.print(
        _("{source}: {added} added, {changed} changed, {same} unchanged, {rejected} rejected.").format(
            source=done.source, added=done.added, changed=done.changed, same=done.same, rejected=len(done.rejected)
        )
    )
    for r in done.rejected:
        out.print(f"  {r.source}:{r.line}: {r.value!r}: {r.reason}", markup=False, highlight=False)


def _read(where: str, fmt: str, mapping: dict[str, Any] | None, source: FeedSource) -> Iterator[Notice | Rejected]:
    if fmt == "tbt":
        return read_notifications(Path(where), {**EPING, **mapping} if mapping else None)
    if fmt == "feed":
        return read_feed(where, source)
    return read_item_table(Path(where), mapping, source.kind)


def _import(obj: Context, where: str, fmt: str, mapping: str | None, kind: NoticeKind, country: str | None,
            body: str | None, ics: tuple[str, ...], user: str | None) -> None:  # fmt: skip
    catalog = obj.catalog
    items: list[Notice | Rejected] = list(_read(where, fmt, _mapping(mapping), FeedSource(kind, country, body, ics)))
    _report(service.import_notices(catalog.store, acting_user(catalog, user), items, where))


def _table(found: list[Notice], as_json: bool) -> None:
    if as_json:
        emit_json([service.describe(n) for n in found])
        return
    table = Table(_("date"), _("kind"), _("country"), _("symbol or title"), _("comments until"), _("cites"))
    for n in found:
        head = f"{n.symbol}  {n.title}" if n.symbol else n.title
        table.add_row(n.date or "", n.kind.value, n.country or "", head[:120], n.comment_deadline or "",
                      ", ".join(c.identifier for c in n.citations[:5]))  # fmt: skip
    out.print(table)


_IMPORT_OPTIONS = [
    click.option("--mapping", help="A JSON file naming the columns (the TBT default is ePing's export)."),
    click.option("--country", help="The country of every item of a feed (e.g. CN)."),
    click.option("--body", help="The body of every item of a feed (e.g. SAMR, ISO)."),
    click.option("--ics", multiple=True, help="An ICS field of every item of a feed."),
    click.option("--user", help="Act as this user (an editor); else the local administrator."),
]


def _with_import_options(command: Any) -> Any:
    for option in reversed(_IMPORT_OPTIONS):
        command = option(command)
    return command


@cli.group()
def notices() -> None:
    """WTO TBT notifications and national notices: import an export or a feed, list them."""


@notices.command("import")
@click.argument("where")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tbt", "feed", "csv"]),
    default="tbt",
    show_default=True,
    help="tbt: a CSV/XLSX export of TBT notifications; feed: RSS/Atom (file or URL); csv: a table.",
)
@_with_import_options
@click.pass_obj
def notices_import(obj: Context, where: str, fmt: str, mapping: str | None, country: str | None, body: str | None,
                   ics: tuple[str, ...], user: str | None) -> None:  # fmt: skip
    """Import notices from WHERE (a file, or a feed's URL); a re-import updates what changed."""
    _import(obj, where, fmt, mapping, NoticeKind.NATIONAL, country, body, ics, user)


@notices.command("list")
@click.option("--country", help="Only this country's (e.g. CN).")
@click.option("--kind", type=click.Choice([k.value for k in NoticeKind]), multiple=True)
@click.option("--ics", help="Only in this ICS field (and under it).")
@click.option("--hs", help="Only for this product heading (HS, and under it).")
@click.option("--since", help="Distributed or published on or after this date.")
@click.option("--until", help="Distributed or published on or before this date.")
@click.option("--words", help="Words every notice listed holds.")
@click.option("--deadline-within", type=click.IntRange(0, 3650), help="Comments close within this many days.")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def notices_list(obj: Context, country: str | None, kind: tuple[str, ...], ics: str | None, hs: str | None,
                 since: str | None, until: str | None, words: str | None, deadline_within: int | None, limit: int,
                 as_json: bool) -> None:  # fmt: skip
    """List notices and news, the newest first (the soonest deadline first with --deadline-within)."""
    kinds = tuple(NoticeKind(k) for k in kind) or (NoticeKind.TBT, NoticeKind.NATIONAL)
    wanted = NoticeQuery(kinds, _country(country), None, ics, hs, since, until, words, deadline_within, limit=limit)
    _table(obj.catalog.store.find_notices(wanted), as_json)


@cli.group()
def news() -> None:
    """News items per country and body: import a feed or file, write one, list them."""


@news.command("import")
@click.argument("where")
@click.option("--format", "fmt", type=click.Choice(["feed", "csv"]), default="feed", show_default=True)
@_with_import_options
@click.pass_obj
def news_import(obj: Context, where: str, fmt: str, mapping: str | None, country: str | None, body: str | None,
                ics: tuple[str, ...], user: str | None) -> None:  # fmt: skip
    """Import news items from WHERE (an RSS/Atom feed, a file or URL, or a CSV/XLSX table)."""
    _import(obj, where, fmt, mapping, NoticeKind.NEWS, country, body, ics, user)


@news.command("add")
@click.option("--title", required=True)
@click.option("--country", help="e.g. CN")
@click.option("--body", help="e.g. SAC, ISO")
@click.option("--date", help="Its date (today when not given).")
@click.option("--text", default="", help="Its text; the standards it names are linked.")
@click.option("--link", help="Where it was published.")
@click.option("--ics", multiple=True)
@click.option("--language", help="e.g. zh, en")
@click.option("--user", help="Act as this user (an editor); else the local administrator.")
@click.pass_obj
def news_add(obj: Context, title: str, country: str | None, body: str | None, date: str | None, text: str,
             link: str | None, ics: tuple[str, ...], language: str | None, user: str | None) -> None:  # fmt: skip
    """Write a news item."""
    catalog = obj.catalog
    item = service.add_news(catalog.store, acting_user(catalog, user), title=title, country=country, body=body,
                            date=date, text=text, link=link, ics=ics, language=language)  # fmt: skip
    cites = ", ".join(c.identifier for c in item.citations) or "-"
    out.print(_("News item {id} kept; it cites {standards}.").format(id=item.id, standards=cites))


@news.command("list")
@click.option("--country", help="Only this country's (e.g. CN).")
@click.option("--body", help="Only this body's (e.g. ISO).")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def news_list(obj: Context, country: str | None, body: str | None, limit: int, as_json: bool) -> None:
    """The news column of a country or a body, the newest first."""
    wanted = NoticeQuery((NoticeKind.NEWS,), _country(country), body, limit=limit)
    _table(obj.catalog.store.find_notices(wanted), as_json)
