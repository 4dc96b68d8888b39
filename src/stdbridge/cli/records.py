"""Reading the catalogue: parse identifiers, show a record, its family and its counterparts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from stdbridge import identifiers
from stdbridge.catalog.graph import fold_stages, link_notes, stages_note
from stdbridge.catalog.lifecycle import StatusOn, statuses_now
from stdbridge.catalog.links import absent_note, kind_label
from stdbridge.cli.base import Context, cli, emit_json, out, read_lines, read_target
from stdbridge.errors import IdentifierError
from stdbridge.fields import described_fields, gb_kind, source_text, status_label
from stdbridge.i18n import _, aside, labelled, listed
from stdbridge.models import DocType, Standard
from stdbridge.serialize import counterpart_json, family_json, resolution_json

_SUPPLEMENTS = (DocType.AMENDMENT, DocType.CORRIGENDUM)
_NOT_EDITIONS = (*_SUPPLEMENTS, DocType.DRAFT)


# identifiers --------------------------------------------------------------------------------
@cli.command()
@click.argument("texts", nargs=-1)
@click.option(
    "--file",
    "file_",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read one identifier a line ('-' for standard input).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: one object per input, in order.")
def parse(texts: tuple[str, ...], file_: Path | None, as_json: bool) -> None:
    """Parse identifiers and show their parts, canonical form and declared adoptions."""
    lines = list(texts)
    if file_ is not None:
        lines += read_lines(file_)
    if not lines:
        raise click.UsageError(_("give identifiers or --file"))
    results: list[dict[str, Any]] = []
    for text in lines:
        try:
            results.append(identifiers.describe(identifiers.parse(text), text))
        except IdentifierError as exc:
            results.append({"input": text, "error": str(exc)})
    if as_json:
        for r in results:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    table = Table(_("Input"), _("Canonical"), _("Body"), _("Type"), _("Year"), _("Adopts"))
    for r in results:
        if "error" in r:
            table.add_row(r["input"], f"[red]{r['error']}[/red]", "", "", "", "")
        else:
            adopts = listed(aside(a["identifier"], a["degree"]) for a in r["adoptions"])
            table.add_row(r["input"], r["canonical"], r["body"], r["type"], str(r["year"] or ""), adopts)
    out.print(table)
    if any("error" in r for r in results):
        sys.exit(1)


# the graph --------------------------------------------------------------------------------
def status_text(on: StatusOn) -> str:
    """A status as a cell: its name, marked when stdbridge derived it rather than the source stating it."""
    return aside(status_label(on.status), _("derived")) if on.derived else status_label(on.status)


def _record_table(s: Standard, on: StatusOn) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    dates = " ".join(part for part in (on.since and _("since {since}").format(since=on.since),
                                       on.until and _("until {until}").format(until=on.until)) if part)  # fmt: skip
    rows: list[tuple[str, Any]] = [
        (_("Identifier"), s.identifier),
        (_("Body"), listed((s.body, *s.copublishers))),
        (_("Country"), s.country),
        (_("Type"), _(s.doctype.value)),
        (_("Kind of national standard"), gb_kind(s)),
        (_("Status"), f"{status_text(on)} {dates}".strip() + f" — {on.basis}"),
        (_("Published"), s.published),
        (_("Implemented"), s.implemented),
        (_("Withdrawn"), s.withdrawn),
        (_("Edition"), s.edition),
        *((aside(_("Title"), lang), title) for lang, title in s.titles.items()),
        (_("ICS"), listed(s.ics)),
        (_("CCS (Chinese Standard Classification)"), listed(s.ccs)),
        (_("Committee"), s.committee),
        *((f.label, f.value) for f in described_fields(s)),
        (_("Source"), source_text(s)),
        ("URL", s.url),
    ]
    for label, value in rows:
        if value:
            table.add_row(label, str(value))
    return table


@cli.command()
@click.argument("identifier")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show(obj: Context, identifier: str, as_json: bool) -> None:
    """Show a standard and its relations; sloppy identifiers resolve, undated ones to the current edition."""
    catalog = obj.filled_catalog()
    resolution = catalog.resolve(identifier)
    links, status = catalog.links(resolution.standard), catalog.status_now(resolution.standard)
    if as_json:
        emit_json(resolution_json(resolution, links, status))
        return
    if resolution.note:
        out.print(resolution.note)
    out.print(_record_table(resolution.standard, status))
    shown = statuses_now(catalog.store, [*(k.other for k in links if k.other), *resolution.others])
    notes = _Notes()
    if links:
        from stdbridge.counterparts.decisions import DecisionHistory, evidence_label

        work = resolution.standard.work_key
        decided = DecisionHistory(work, catalog.store.decision_history([work]))
        table = Table(_("Relation"), _("Standard"), _("Status"), _("Degree"), _("Evidence"), title=_("Relations"))
        for link in sorted(links, key=lambda k: (k.name, k.other_text)):
            other = link.other
            cell = status_text(shown[other.id]) if other and other.id in shown else _("not in catalogue")
            degree = link.relation.degree.value if link.relation.degree else ""
            named = link.identifier + notes.mark(link_notes(link))
            table.add_row(_(link.name), named, cell, degree, evidence_label(link.relation, decided))
        out.print(table)
        notes.print()
    supplements, stages = fold_stages([s for s in resolution.others if s.doctype in _SUPPLEMENTS])
    groups = (
        (_("Other editions"), [s for s in resolution.others if s.doctype not in _NOT_EDITIONS]),
        (_("Amendments and corrigenda"), supplements),
        (_("Drafts"), [s for s in resolution.others if s.doctype == DocType.DRAFT]),
    )
    for title, members in groups:
        if members:
            table = Table(_("Identifier"), _("Status"), _("Published"), title=title)
            for other in sorted(members, key=lambda s: (s.published or str(s.year or ""), s.identifier)):
                staged = [stages_note(stages[other.edition_key])] if other.edition_key in stages else []
                cell = status_text(shown[other.id]) if other.id in shown else status_label(other.status.value)
                table.add_row(other.identifier + notes.mark(staged), cell, other.published or "")
            out.print(table)
            notes.print()


@cli.command()
@click.argument("identifier")
@click.option("--as-of", help="Also give each edition's status on this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def family(obj: Context, identifier: str, as_of: str | None, as_json: bool) -> None:
    """A standard's family: editions, supersession chain, amendments, corrigenda and adoptions."""
    catalog = obj.filled_catalog()
    fam = catalog.family(identifier, as_of)
    if as_json:
        emit_json(family_json(fam))
        return
    out.print(_("Family of {identifier}").format(identifier=fam.standard.identifier), style="bold")
    if fam.current:
        said = _("Current edition: {identifier}") if fam.current_in_force else _("Latest edition held: {identifier}")
        out.print(said.format(identifier=fam.current.identifier))
    columns = [_("Edition"), _("Status"), _("Published")] + (
        [_("Status on {date}").format(date=as_of)] if as_of else []
    )
    table = Table(*columns, title=_("Editions, amendments and corrigenda"))
    notes = _Notes()
    members = [*fam.editions, *fam.supplements]
    today = statuses_now(catalog.store, members)
    for s in members:
        stages = [stages_note(fam.stages[s.edition_key])] if s.edition_key in fam.stages else []
        now = status_text(today[s.id]) if s.id in today else status_label(s.status.value)
        row = [s.identifier + notes.mark(stages), now, s.published or ""]
        if as_of:
            on = fam.status_on[s.edition_key]
            row.append(aside(status_text(on), on.basis))
        table.add_row(*row)
    out.print(table)
    notes.print()
    if fam.replaces_chain:
        out.print(
            labelled(_("Replaces"), " ← ".join(" + ".join(s.identifier for s in step) for step in fam.replaces_chain))
        )
    if fam.replaced_by_chain:
        steps = fam.replaced_by_chain
        out.print(labelled(_("Replaced by"), " → ".join(" + ".join(s.identifier for s in step) for step in steps)))
    if fam.drafts:
        out.print(labelled(_("Drafts"), listed(s.identifier for s in fam.drafts)))
    if fam.adoptions:
        table = Table(_("Edition"), _("Relation"), _("Standard"), _("Degree"), _("Evidence"), title=_("Adoptions"))
        for link in fam.adoptions:
            degree = link.relation.degree.value if link.relation.degree else ""
            # the note goes with the end it speaks of: the edition adopted, or the family's edition not held
            said = notes.mark(link_notes(link))
            edition = (link.declared or "") + (said if link.other is not None else "")
            other = link.identifier + (said if link.other is None else "")
            table.add_row(edition, _(link.name), other, degree, _(link.relation.evidence.value))
        out.print(table)
        notes.print()


@cli.command()
@click.argument("identifier")
@click.option("--country", help="Only counterparts of this country (ISO 3166 code or name, INT, EU, ...).")
@click.option("--body", help="Only counterparts published by this body or series (ISO, IEC, SAC or GB, CEN, ...).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def counterparts(obj: Context, identifier: str, country: str | None, body: str | None, as_json: bool) -> None:
    """Standards in another country or body that adopt this one, that it adopts, or share its original."""
    catalog = obj.filled_catalog()
    body, country = read_target(catalog, body, country)
    found = catalog.counterparts(identifier, country=country, body=body)
    statuses = statuses_now(catalog.store, [c.standard for c in found])
    if as_json:
        emit_json([counterpart_json(c, statuses.get(c.standard.id or -1)) for c in found])
        return
    if not found:
        out.print(_("No counterparts found."))
        return
    notes = _Notes()
    table = Table(_("Standard"), _("Country"), _("Status"), _("Degree"), _("Path"), _("Evidence"))
    for c in found:
        path = " ".join(f"{s.source} —{_(s.relation)}→" for s in c.path) + f" {c.path[-1].target}"
        now = statuses.get(c.standard.id or -1)
        status = _("not in catalogue")
        if c.held:
            status = status_text(now) if now else status_label(c.standard.status.value)
        said = notes.mark([] if c.held else [absent_note(c.standard.identifier, c.current)])
        table.add_row(
            c.standard.identifier + said,
            c.standard.country,
            status,
            kind_label(c.kind),
            path,
            listed(_(e) for e in c.evidence),
        )
    out.print(table)
    notes.print()


class _Notes:
    """Notes on the cells of a table (an edition not held, earlier stages of a document), numbered in the cells and
    printed whole under the table, where no column width cuts them."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def mark(self, texts: list[str]) -> str:
        marks = []
        for text in texts:
            if text not in self.texts:
                self.texts.append(text)
            marks.append(f"[{self.texts.index(text) + 1}]")
        return (" " + " ".join(marks)) if marks else ""

    def print(self) -> None:
        for number, text in enumerate(self.texts, 1):
            out.print(f"[{number}] {text}", markup=False)
        self.texts.clear()
