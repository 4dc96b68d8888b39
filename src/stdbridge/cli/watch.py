"""``stdbridge watch`` (watchlists: add, list, remove, inbox, webhooks, e-mail, and ``run``, one round of the fan-out,
the webhook deliveries and the e-mail digests due) and ``stdbridge changes`` (everything that changed in a
period). The command line acts as the local administrator, or as the user ``--user`` names."""

from __future__ import annotations

import click
from rich.table import Table

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.catalog import Catalog
from stdbridge.cli.base import Context, acting_user, cli, emit_json, out, read_target, tell_readings
from stdbridge.errors import UsageError
from stdbridge.i18n import _, ngettext
from stdbridge.notices.alerts import fan_out_notices
from stdbridge.watch.changes import MOST, ChangeFilter, changes, page_json, parse_since
from stdbridge.watch.email import SmtpServer, send_due
from stdbridge.watch.fanout import fan_out, fan_out_dated
from stdbridge.watch.links import as_json, change_detail, change_label, what_changed
from stdbridge.watch.model import EmailMode, ItemKind, WatchItem
from stdbridge.watch.service import Watching, describe
from stdbridge.watch.webhooks import deliver_due

DEFAULT_BASE = "http://127.0.0.1:8000"


def _items(catalog: Catalog, options: dict[str, tuple[str, ...]]) -> list[WatchItem]:
    items = []
    for text in options["standard"]:
        items.append(WatchItem(ItemKind.EDITION, catalog.resolve(text).standard.edition_key))
    for text in options["work"]:
        items.append(WatchItem(ItemKind.WORK, catalog.resolve(text).standard.work_key))
    for kind in (ItemKind.ICS, ItemKind.COMMITTEE, ItemKind.BODY, ItemKind.COUNTRY, ItemKind.SEARCH, ItemKind.HS):
        items += [WatchItem(kind, v.strip()) for v in options.get(kind.value, ()) if v.strip()]
    items, readings = catalog.read_watch_items(items)  # --body JIS watches JISC, --country 日本 JP
    tell_readings(readings)
    return items


@cli.group()
def watch() -> None:
    """Watchlists: standards, works, ICS fields, committees, bodies, countries and saved searches to be told of."""


@watch.command("add")
@click.argument("name")
@click.option("--standard", multiple=True, help="An edition to watch (sloppy identifiers resolve).")
@click.option("--work", multiple=True, help="A work to watch, every edition of it (e.g. 'ISO 9001').")
@click.option("--ics", multiple=True, help="An ICS field, and everything under it (e.g. 03.120).")
@click.option("--committee", multiple=True, help="A committee (e.g. 'ISO/TC 176/SC 2').")
@click.option("--body", multiple=True, help="A body or series (ISO, JIS, SAC or GB ...).")
@click.option("--country", multiple=True, help="A country or region (CN, 日本, Japan ...).")
@click.option("--search", multiple=True, help="A saved search: words every changed record must hold.")
@click.option("--hs", multiple=True, help="A product heading (HS code, e.g. 8516), for notices and news.")
@click.option("--user", help="Own it as this user (else the local administrator).")
@click.option("--org", "org_id", type=int, help="Make it a watchlist of this organisation (its id).")
@click.pass_obj
def watch_add(obj: Context, /, name: str, user: str | None, org_id: int | None, **options: tuple[str, ...]) -> None:
    """Create a watchlist NAME watching what the options say."""
    catalog = obj.filled_catalog()
    items = _items(catalog, options)
    if not items:
        raise UsageError(_("say what to watch: --standard, --work, --ics, --committee, --body, --country or --search"))
    watchlist = Watching(catalog.store).create(acting_user(catalog, user), name, items, org_id=org_id)
    out.print(_("Watchlist {id} '{name}' watches {count} items.").format(
        id=watchlist.id, name=watchlist.name, count=len(items)))  # fmt: skip
    out.print(_("Its feed: {path}").format(path=f"/watch/{watchlist.id}/feed.atom?token={watchlist.feed_token}"))


@watch.command("list")
@click.option("--user", help="Only this user's watchlists (and their organisations').")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def watch_list(obj: Context, user: str | None, as_json: bool) -> None:
    """The watchlists, with their unread notifications."""
    catalog = obj.catalog
    found = Watching(catalog.store).watchlists(acting_user(catalog, user))
    unread = catalog.store.unread_counts([w.id for w in found if w.id is not None])
    if as_json:
        emit_json([{**describe(w), "unread": unread.get(w.id or 0, 0)} for w in found])
        return
    table = Table(_("Watchlist"), _("Name"), _("Watches"), _("Unread"), title=_("Watchlists"))
    for w in found:
        what = ", ".join(f"{i.kind.value}:{i.value}" for i in w.items)
        table.add_row(str(w.id), w.shown_name(), what, str(unread.get(w.id or 0, 0)))
    out.print(table)


@watch.command("remove")
@click.argument("watchlist_id", type=click.IntRange(1))
@click.option("--user", help="Act as this user.")
@click.pass_obj
def watch_remove(obj: Context, watchlist_id: int, user: str | None) -> None:
    """Remove a watchlist with its notifications and webhooks."""
    Watching(obj.catalog.store).remove(acting_user(obj.catalog, user), watchlist_id)
    out.print(_("Watchlist {id} removed.").format(id=watchlist_id))


@watch.command("inbox")
@click.argument("watchlist_id", type=click.IntRange(1))
@click.option("--unread", is_flag=True, help="Only the unread notifications.")
@click.option("--base-url", default=DEFAULT_BASE, show_default=True, help="The site the links point to.")
@click.option("--json", "json_out", is_flag=True)
@click.pass_obj
def watch_inbox(obj: Context, watchlist_id: int, unread: bool, base_url: str, json_out: bool) -> None:
    """The notifications of a watchlist, newest first."""
    Watching(obj.catalog.store).watchlist(LOCAL_ADMIN, watchlist_id)
    notes = obj.catalog.store.notifications_of([watchlist_id], unread_only=unread)
    if json_out:
        emit_json([as_json(n, base_url) for n in notes])
        return
    for note in notes:
        out.print(f"{note.at}  {what_changed(note)}")


@watch.command("webhook")
@click.argument("watchlist_id", type=click.IntRange(1))
@click.argument("url")
@click.pass_obj
def watch_webhook(obj: Context, watchlist_id: int, url: str) -> None:
    """Send the notifications of a watchlist to URL as signed JSON; prints the secret that signs them."""
    hook = Watching(obj.catalog.store).add_webhook(LOCAL_ADMIN, watchlist_id, url)
    out.print(_("Webhook {id}: its secret is {secret}").format(id=hook.id, secret=hook.secret))


@watch.command("email")
@click.argument("watchlist_id", type=click.IntRange(1))
@click.argument("mode", type=click.Choice([m.value for m in EmailMode]))
@click.option("--to", help="The address to send to.")
@click.pass_obj
def watch_email(obj: Context, watchlist_id: int, mode: str, to: str | None) -> None:
    """Send a watchlist's notifications by e-mail: at-once, daily or weekly digests, or none."""
    Watching(obj.catalog.store).set_email(LOCAL_ADMIN, watchlist_id, EmailMode(mode), to)


@watch.command("run")
@click.option("--base-url", default=DEFAULT_BASE, show_default=True, help="The site the links point to.")
@click.option("--smtp-host", help="Send the e-mail digests that are due through this SMTP server.")
@click.option("--smtp-port", type=int, default=25, show_default=True)
@click.option("--sender", default="stdbridge@localhost", show_default=True, help="The digests' From address.")
@click.pass_obj
def watch_run(obj: Context, base_url: str, smtp_host: str | None, smtp_port: int, sender: str) -> None:
    """One round: notify the watchlists of the changes since the last round, and of the statuses reached on a date
    since the last day checked; then attempt the webhook deliveries that are due."""
    store = obj.catalog.store
    events, dated = fan_out(store), fan_out_dated(store)
    notices = fan_out_notices(store)
    sent = deliver_due(store, base_url)
    if smtp_host:
        send_due(store, SmtpServer(smtp_host, smtp_port, sender), base_url)
    out.print(_("{events} changes and {dated} dated statuses gave {notes} notifications; "
                "{delivered} webhook deliveries made, {failed} failed (retried later).").format(
        events=events.events, dated=dated.events,
        notes=events.notifications + dated.notifications + notices.notifications,
        delivered=sent.delivered, failed=sent.failed))  # fmt: skip


@cli.command("changes")
@click.option("--since", required=True, help="From this date (2026-11-01) or moment.")
@click.option("--body", help="Only records of this body or series (JIS, SAC, ГОСТ Р ...).")
@click.option("--country", help="Only records of this country or region (JP, 日本, Japan ...).")
@click.option("--ics", help="Only records in this ICS field (and under it).")
@click.option(
    "--limit",
    type=click.IntRange(1, MOST),
    default=1000,
    show_default=True,
    help="Changes on one page, the oldest first.",
)
@click.option("--after", type=click.IntRange(0), default=0, help="Start after this change (the next page's number).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def changes_command(
    obj: Context, since: str, body: str | None, country: str | None, ics: str | None, limit: int, after: int,
    as_json: bool,
) -> None:  # fmt: skip
    """Everything that changed in the catalogue since a date: added, changed, withdrawn, replaced."""
    body, country = read_target(obj.catalog, body, country)  # JIS is JISC, 日本 JP
    wanted = ChangeFilter(parse_since(since), body, country, ics)
    page = changes(obj.catalog, wanted, limit, after)
    if as_json:
        emit_json(page_json(wanted, page))
        return
    table = Table(_("No."), _("When"), _("Change"), _("Standard"), _("Body"), _("Country"), _("Detail"),
                  title=_("Changes since {date}").format(date=since))  # fmt: skip
    for c in page.changes:
        table.add_row(str(c["id"]), c["at"], change_label(c["kind"]), c["identifier"], c["body"], c["country"],
                      change_detail(c["detail"]))  # fmt: skip
    out.print(table)
    shown = len(page.changes)
    if page.total is not None:
        said = ngettext("{shown} of {total} change shown.", "{shown} of {total} changes shown.", page.total)
        out.print(said.format(shown=f"{shown:,}", total=f"{page.total:,}"))
    else:
        out.print(ngettext("{shown} change shown.", "{shown} changes shown.", shown).format(shown=f"{shown:,}"))
    if page.after is not None:
        out.print(_("More follow: add --after {after} for the next page.").format(after=page.after))
