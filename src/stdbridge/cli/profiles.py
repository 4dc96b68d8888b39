"""``stdbridge profile CODE`` (a country's profile) and ``stdbridge profile-facts`` (the facts of the profiles:
list, import a CSV file, add, edit, delete). The command line acts as the local administrator, or as ``--user``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from rich.table import Table

from stdbridge.cli.base import Context, acting_user, cli, emit_json, out
from stdbridge.errors import UnreadableSource, UsageError
from stdbridge.i18n import _, current_language
from stdbridge.profiles.facts import BUNDLED_FACTS, ProfileFacts, bundled_facts
from stdbridge.profiles.model import FACT_KINDS, ProfileFact, kind_label
from stdbridge.profiles.profile import Profile, profile


def _percent(count: int, total: int | None) -> str:
    return f"{100 * count / total:.1f}%" if total else "-"


@cli.command("profile")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def profile_command(obj: Context, code: str, as_json: bool) -> None:
    """A country's profile: its bodies, its standards by status, type, ICS field and year, adoption of
    international standards, links with other countries, facts with their sources, capacity to connect."""
    lang = current_language()
    found = profile(obj.filled_catalog(), code, lang)
    if as_json:
        emit_json(found.to_json())
        return
    _print(found, lang)


def _print(found: Profile, lang: str) -> None:
    out.print(f"[bold]{found.country.name(lang)}[/bold] ({found.country.code})")
    body = found.national_body
    if body is not None:
        out.print(
            _("National standards body: {body}").format(body=f"{body.code} ({body.zh if lang == 'zh' else body.en})")
        )
    out.print(_("Records in the catalogue: {count}").format(count=f"{found.records:,}"))
    if found.overview is not None:
        statuses = ", ".join(f"{c.key} {c.count:,}" for c in found.overview.by_status)
        out.print(_("By status: {values}").format(values=statuses))
    degrees = ", ".join(f"{d} {n:,}" for d, n in found.international.by_degree.items() if n)
    out.print(_("Adopting international standards: {count} ({share}); {degrees}").format(
        count=f"{found.international.records:,}", share=_percent(found.international.records, found.records),
        degrees=degrees or "-"))  # fmt: skip
    table = Table(_("Dimension"), _("Value"), _("Formula"), title=_("Capacity to connect"))
    for indicator in found.capacity:
        value = _percent(indicator.numerator, indicator.denominator) if indicator.is_share else str(indicator.numerator)
        table.add_row(indicator.title(), value, indicator.formula())
    out.print(table)
    if found.links:
        links = Table(_("Country"), _("Adopts"), _("Adopted by"), _("Accepted"), _("Programmes"), title=_("Links"))
        for link in found.links[:20]:
            links.add_row(link.partner, str(link.adopts.records), str(link.adopted_by.records), str(link.accepted),
                          ", ".join(link.programmes))  # fmt: skip
        out.print(links)
    _print_facts(found.facts)


def _print_facts(facts: list[ProfileFact]) -> None:
    table = Table("#", _("Country"), _("Fact"), _("Value"), _("Source"), _("Date"), title=_("Facts"))
    for f in facts:
        table.add_row(str(f.id), f.country, kind_label(f.kind), f.value, f.source, f.date)
    out.print(table)


@cli.group("profile-facts")
def profile_facts() -> None:
    """The facts of the country profiles, each with its source and date: list, import, add, edit, delete."""


@profile_facts.command("list")
@click.argument("code", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def facts_list(obj: Context, code: str | None, as_json: bool) -> None:
    """The facts of one country's profile (every country's without CODE)."""
    from stdbridge.profiles.countries import country

    facts = ProfileFacts(obj.catalog.store).of(country(code).code if code else None)
    if as_json:
        emit_json([f.to_json() for f in facts])
        return
    _print_facts(facts)


@profile_facts.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option(
    "--bundled",
    is_flag=True,
    help="Import the facts shipped with stdbridge (init does; for a catalogue built before it did).",
)
@click.option("--user", help="Act as this user (an editor).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def facts_import(obj: Context, path: Path | None, bundled: bool, user: str | None, as_json: bool) -> None:
    """Import a CSV file of facts (country,kind,value,source,date): every row, or none when a row is bad; facts
    already held are kept once."""
    if (path is None) == (not bundled):
        raise UsageError(_("name a CSV file of facts, or --bundled for the facts shipped with stdbridge"))
    if path is None:
        data, source = bundled_facts(), BUNDLED_FACTS
    else:
        try:
            data, source = path.read_bytes(), str(path)
        except OSError as exc:
            raise UnreadableSource(
                _("cannot read the file: {reason}").format(reason=exc.strerror), source=str(path)
            ) from None
    report = ProfileFacts(obj.catalog.store).import_file(acting_user(obj.catalog, user), data, source)
    if as_json:
        emit_json(report.to_json())
        return
    out.print(_("{added} facts added, {updated} updated from {source}.").format(
        added=report.added, updated=report.updated, source=source))  # fmt: skip


_FACT_OPTIONS = (
    click.option("--source", required=True, help="Where the fact was taken from."),
    click.option("--date", "date_", required=True, help="When the source said it: 2025, 2025-07, 2025-07-01."),
    click.option("--user", help="Act as this user (an editor)."),
)


def _fact_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_FACT_OPTIONS):
        command = option(command)
    return command


@profile_facts.command("add")
@click.argument("code")
@click.argument("kind", type=click.Choice(FACT_KINDS))
@click.argument("value")
@_fact_options
@click.pass_obj
def facts_add(obj: Context, code: str, kind: str, value: str, source: str, date_: str, user: str | None) -> None:
    """Add a fact to the profile of CODE."""
    added = ProfileFacts(obj.catalog.store).add(
        acting_user(obj.catalog, user), ProfileFact(code, kind, value, source, date_)
    )
    out.print(_("Fact {id} added.").format(id=added.id))


@profile_facts.command("edit")
@click.argument("fact_id", type=click.IntRange(1))
@click.argument("kind", type=click.Choice(FACT_KINDS))
@click.argument("value")
@_fact_options
@click.pass_obj
def facts_edit(obj: Context, fact_id: int, kind: str, value: str, source: str, date_: str, user: str | None) -> None:
    """Change the fact FACT_ID (its country stays)."""
    facts = ProfileFacts(obj.catalog.store)
    before = facts.fact(fact_id)
    facts.edit(acting_user(obj.catalog, user), fact_id, ProfileFact(before.country, kind, value, source, date_))
    out.print(_("Fact {id} changed.").format(id=fact_id))


@profile_facts.command("delete")
@click.argument("fact_id", type=click.IntRange(1))
@click.option("--user", help="Act as this user (an editor).")
@click.pass_obj
def facts_delete(obj: Context, fact_id: int, user: str | None) -> None:
    """Remove the fact FACT_ID."""
    ProfileFacts(obj.catalog.store).delete(acting_user(obj.catalog, user), fact_id)
    out.print(_("Fact {id} removed.").format(id=fact_id))
