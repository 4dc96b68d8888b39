"""``stdbridge audit``: read the audit log (``show``), check its chain of hashes (``verify``), and print its head
to publish (``head``)."""

from __future__ import annotations

import sys

import click
from rich.table import Table

from stdbridge import audit
from stdbridge.audit.entry import canonical
from stdbridge.audit.labels import action_labels
from stdbridge.cli.base import Context, cli, emit_json, err, out
from stdbridge.i18n import _, ngettext


@cli.group("audit")
def audit_group() -> None:
    """The audit log: every change to the catalogue and to decisions, who made it, when, before and after."""


@audit_group.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def verify(obj: Context, as_json: bool) -> None:
    """Check every entry against its hash and the one before it, and the log's end against its head; exit 1 at the
    first entry altered, removed, inserted or reordered, or a tail cut off."""
    found = audit.verify(obj.catalog.store)
    if as_json:
        emit_json(found.to_json())
    elif found.broken is None:
        out.print(ngettext("The audit log is intact: {count} entry, head {seq} {hash}.",
                           "The audit log is intact: {count} entries, head {seq} {hash}.", found.entries).format(
            count=found.entries, seq=found.head[0], hash=found.head[1]))  # fmt: skip
    else:
        err.print(_("The audit log is broken at entry {seq} ({kind}): {message}").format(
            seq=found.broken.seq, kind=found.broken.kind, message=found.broken.message), markup=False)  # fmt: skip
    if found.broken is not None:
        sys.exit(1)


@audit_group.command()
@click.option("--since", help="Entries from this date (YYYY-MM-DD) or date-time on, UTC.")
@click.option("--user", help="Entries of this actor (the name recorded).")
@click.option("--action", type=click.Choice(audit.ACTIONS), help="Entries of this action.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True, help="At most this many, newest first.")
@click.option("--json", "as_json", is_flag=True, help="The entries with every field and hash, as JSON.")
@click.pass_obj
def show(obj: Context, since: str | None, user: str | None, action: str | None, limit: int, as_json: bool) -> None:
    """The entries of the audit log, newest first: when, who, what and to what, the values before and after."""
    query = audit.query_of(since, user, action, limit=limit)
    store = obj.catalog.store
    entries = store.audit_entries(query)
    if as_json:
        emit_json({"total": store.count_audit(query), "entries": [e.to_json() for e in entries]})
        return
    if not entries:
        out.print(_("No entry of the audit log matches."))
        return
    table = Table("#", _("When (UTC)"), _("Who"), _("Action"), _("Subject"), _("Before"), _("After"),
                  title=_("Audit log"))  # fmt: skip
    labels = action_labels()
    for e in entries:
        table.add_row(str(e.seq), e.at[:19].replace("T", " "), e.actor_name, labels.get(e.action, e.action), e.subject,
                      _brief(e.before), _brief(e.after))  # fmt: skip
    out.print(table)


@audit_group.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def head(obj: Context, as_json: bool) -> None:
    """The number and hash of the last entry: publish them where the database's writers cannot reach, and a
    rewritten log will no longer match."""
    found = audit.head(obj.catalog.store)
    if as_json:
        emit_json(found.to_json())
        return
    click.echo(f"{found.seq} {found.hash} {found.at or ''}".rstrip())


def _brief(value: object) -> str:
    """A value before or after, in one short line."""
    if value is None:
        return ""
    text = canonical(value).decode()
    return text if len(text) <= 120 else text[:119] + "…"
