"""``stdbridge connectivity``: the connectivity index of two standards systems over the years, or of every pair of a
group on one date (``analytics.connectivity``), as a table, JSON or CSV; ``stdbridge groups``: the saved groups
(``analytics.groups``), acting as the local administrator or as the user ``--user`` names."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from typing import Any

import click
from rich.table import Table

from stdbridge.accounts.roles import Actor
from stdbridge.analytics import groups as saved
from stdbridge.analytics.compatibility import Scope
from stdbridge.analytics.connectivity import STAGES, connectivity, matrix, year_ends
from stdbridge.catalog import Catalog
from stdbridge.cli.base import Context, acting_user, cli, emit_json, out, tell_readings
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _


def _write_csv(rows: list[list[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerows(rows)


@cli.command("connectivity")
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--group", help="Every pair of these countries or bodies, comma-separated (CN,JP,KR,ISO ...).")
@click.option("--saved", "saved_group", help="Every pair of a saved group, by its id or name (see stdbridge groups).")
@click.option("--user", help="Whose saved groups --saved reads (else the shared ones).")
@click.option("--from", "first", type=int, help="The first year end (default: 19 years before --to).")
@click.option("--to", "last", type=int, help="The last year end (default: last year).")
@click.option("--ics", help="Only standards of this ICS field, group or sub-group.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--csv", "as_csv", is_flag=True)
@click.pass_obj
def connectivity_(
    obj: Context, a: str | None, b: str | None, group: str | None, saved_group: str | None, user: str | None,
    first: int | None, last: int | None, ics: str | None, as_json: bool, as_csv: bool,
) -> None:  # fmt: skip
    """How connected two standards systems are over time, stage by stage (recognition, commonality, sharing,
    symbiosis); with --group, every pair of a group."""
    catalog = obj.filled_catalog()
    last = last if last is not None else dt.date.today().year - 1
    first = first if first is not None else last - 19
    if saved_group:
        group = ",".join(_saved(catalog, acting_user(catalog, user), saved_group).members)
    if group:
        names = [n.strip() for n in group.split(",") if n.strip()]
        read = [Scope.read(catalog, n) for n in names]
        tell_readings([r for _s, r in read], ask=lambda kind, code: f"{kind}:{code}")
        found = matrix(catalog, [s for s, _r in read], dt.date(last, 12, 31), ics)
        if as_json:
            emit_json(found.to_json())
        elif as_csv:
            _write_csv(found.figures())
        else:
            table = Table(
                "", *(str(s) for s in found.scopes), title=_("Recognised share, {date}").format(date=found.date)
            )
            for row in found.rows()[1:]:
                table.add_row(*(f"{v:.1%}" if isinstance(v, float) else str(v) for v in row))
            out.print(table)
        return
    if not a or not b:
        raise UsageError(_("name two countries or bodies, or a group with --group"))
    (scope_a, read_a), (scope_b, read_b) = Scope.read(catalog, a), Scope.read(catalog, b)
    tell_readings([read_a, read_b], ask=lambda kind, code: f"{kind}:{code}")
    result = connectivity(catalog, scope_a, scope_b, year_ends(first, last), ics)
    if as_json:
        emit_json(result.to_json())
        return
    if as_csv:
        _write_csv(result.rows())
        return
    labels = {"recognised": _("recognition"), "common": _("commonality"), "same_original": _("same original"),
              "shared": _("sharing"), "symbiotic": _("symbiosis")}  # fmt: skip
    for side, scope, other in (("a", scope_a, scope_b), ("b", scope_b, scope_a)):
        title = _("{system} towards {other}").format(system=scope, other=other)
        table = Table(_("Year end"), _("Standards in force"), *(labels[s] for s in STAGES), _("NMI"), title=title)
        for p in result.points:
            figures = p.a if side == "a" else p.b
            table.add_row(p.date, f"{figures.standards:,}",
                          *(f"{getattr(figures, s):,} ({figures.share(s):.1%})" for s in STAGES),
                          f"{p.information:.3f}")  # fmt: skip
        out.print(table)
    out.print(_("{seconds:.1f} s").format(seconds=result.seconds))


def _saved(catalog: Catalog, actor: Actor, name: str) -> saved.SavedGroup:
    """A group the actor sees, by id or by name."""
    for group in saved.groups_for(catalog, actor):
        if str(group.id) == name.strip() or group.name == name.strip():
            return group
    raise NotFound(_("no group '{name}'; see stdbridge groups list").format(name=name))


@cli.group("groups")
def groups() -> None:
    """Saved groups of countries and bodies for the connectivity matrix: save, list, remove (your own; shared ones
    by editors)."""


@groups.command("save")
@click.argument("name")
@click.argument("members")
@click.option("--shared", is_flag=True, help="A group everybody sees (editors only); else your own.")
@click.option("--user", help="Act as this user (else the local administrator).")
@click.option("--replace", "group_id", type=int, help="Replace the group of this id.")
@click.pass_obj
def groups_save(obj: Context, name: str, members: str, shared: bool, user: str | None, group_id: int | None) -> None:
    """Save a group NAME of MEMBERS (comma-separated: CN,JP,KR,body:ISO ...)."""
    catalog = obj.filled_catalog()
    group = saved.save_group(catalog, acting_user(catalog, user), name, saved.split_members(members), shared=shared,
                             group_id=group_id)  # fmt: skip
    out.print(_("Group {id} '{name}': {members}").format(id=group.id, name=group.name,
                                                         members=", ".join(group.members)))  # fmt: skip


@groups.command("list")
@click.option("--user", help="This user's groups as well as the shared ones.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def groups_list(obj: Context, user: str | None, as_json: bool) -> None:
    """The shared groups, and those of --user."""
    catalog = obj.filled_catalog()
    found = saved.groups_for(catalog, acting_user(catalog, user))
    if as_json:
        emit_json([g.to_json() for g in found])
        return
    table = Table(_("Id"), _("Name"), _("Members"), _("Shared"), _("Saved"))
    for g in found:
        table.add_row(str(g.id), g.name, ", ".join(g.members), _("yes") if g.shared else _("no"), g.updated_at[:10])
    out.print(table)


@groups.command("remove")
@click.argument("group_id", type=int)
@click.option("--user", help="Act as this user (else the local administrator).")
@click.pass_obj
def groups_remove(obj: Context, group_id: int, user: str | None) -> None:
    """Remove the group GROUP_ID."""
    catalog = obj.filled_catalog()
    saved.remove_group(catalog, acting_user(catalog, user), group_id)
    out.print(_("Group {id} removed.").format(id=group_id))
