"""The catalogue's database: ``db current``, ``db upgrade`` (Alembic's migrations) and ``db copy`` between stores."""

from __future__ import annotations

import click
from rich.table import Table
from sqlalchemy import create_engine

from stdbridge.cli.base import Context, cli, emit_json, err, out
from stdbridge.errors import StoreError
from stdbridge.i18n import _, ngettext
from stdbridge.store import schema, store_url


@cli.group()
def db() -> None:
    """The catalogue's database: its schema revision, upgrading it in place, copying it to another store."""


def _state_json(where: str, state: schema.SchemaState) -> dict[str, object]:
    return {"catalogue": where, "revision": state.revision, "schema_version": state.legacy_version,
            "head": schema.HEAD, "behind": state.behind, "newer": state.newer}  # fmt: skip


def _say_state(where: str, state: schema.SchemaState) -> None:
    if state.empty:
        out.print(_("{where}: empty; it gets revision {head} when first used.").format(where=where, head=schema.HEAD))
    elif state.newer:
        out.print(_("{where}: revision {revision}, newer than this release knows ({head}).").format(
            where=where, revision=state.revision, head=schema.HEAD))  # fmt: skip
    elif state.behind:
        steps = ngettext("{where}: {revision}; {behind} migration to run ('stdbridge db upgrade') to reach {head}.",
                         "{where}: {revision}; {behind} migrations to run ('stdbridge db upgrade') to reach {head}.",
                         state.behind)  # fmt: skip
        out.print(steps.format(where=where, behind=state.behind, head=schema.HEAD, revision=state.revision or _(
            "schema {version}, before migrations").format(version=state.legacy_version)))  # fmt: skip
    else:
        out.print(_("{where}: revision {revision}, up to date.").format(where=where, revision=state.revision))


@db.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def current(obj: Context, as_json: bool) -> None:
    """Say which schema revision the catalogue has, and whether it is this release's."""
    engine = create_engine(store_url(obj.location))
    try:
        with engine.connect() as conn:
            state = schema.describe(conn)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    if as_json:
        emit_json(_state_json(where, state))
    else:
        _say_state(where, state)


@db.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def upgrade(obj: Context, as_json: bool) -> None:
    """Bring the catalogue to this release's schema in place, keeping everything it holds. Back it up first; on a
    shared server, stop the nodes of the earlier release."""
    engine = create_engine(store_url(obj.location))
    where = engine.url.render_as_string(hide_password=True)
    try:
        with engine.begin() as conn:
            before = schema.describe(conn)
            after = schema.upgrade(conn)
    finally:
        engine.dispose()
    if as_json:
        emit_json({**_state_json(where, after), "from": before.revision or before.legacy_version})
    elif before.behind:
        out.print(_("Upgraded {where} from {before} to revision {head}.").format(
            where=where, before=before.revision or _("schema {version}").format(version=before.legacy_version),
            head=after.revision))  # fmt: skip
    else:
        _say_state(where, after)


@db.command()
@click.argument("source")
@click.argument("destination")
@click.option("--json", "as_json", is_flag=True)
def copy(source: str, destination: str, as_json: bool) -> None:
    """Copy the catalogue SOURCE into the empty catalogue DESTINATION (a file path or a postgresql+psycopg:// URL,
    either way), then check both hold the same rows: counts and a content hash of every table. The search index
    is not copied: the destination builds its own when first used."""
    from stdbridge.store.copy import copy_catalogue
    from stdbridge.store.sql import SqlStore

    if store_url(source) == store_url(destination):
        raise StoreError(_("the source and the destination are the same catalogue"))
    stores = [SqlStore(store_url(source)), SqlStore(store_url(destination))]
    try:
        if not as_json:

            def step(name: str, rows: int) -> None:
                copied = ngettext("{table}: {rows:,} row copied", "{table}: {rows:,} rows copied", rows)
                err.print(copied.format(table=name, rows=rows), highlight=False)
        else:

            def step(name: str, rows: int) -> None:
                pass

        tables = copy_catalogue(stores[0], stores[1], step)
    finally:
        for store in stores:
            store.close()
    if as_json:
        emit_json({"source": stores[0].location_shown, "destination": stores[1].location_shown,
                   "tables": [{"table": t.name, "rows": t.rows, "sha256": t.digest} for t in tables]})  # fmt: skip
        return
    table = Table(_("Table"), _("Rows"), _("Content hash (SHA-256)"))
    for copied in tables:
        table.add_row(copied.name, f"{copied.rows:,}", copied.digest)
    out.print(table)
    out.print(_("Copied {source} to {destination}: every table has the same rows on both sides.").format(
        source=stores[0].location_shown, destination=stores[1].location_shown))  # fmt: skip
