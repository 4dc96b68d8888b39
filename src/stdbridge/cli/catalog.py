"""Building the catalogue: init, import, formats, index, stats."""

from __future__ import annotations

import getpass
import os
import time
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from stdbridge.analytics.totals import CatalogueFigures
from stdbridge.cli.base import Context, cli, emit_json, out, progress_bar, rejects_dir_of
from stdbridge.i18n import _, listed, ngettext
from stdbridge.models import ImportSummary
from stdbridge.serialize import summary_json


# init and import ------------------------------------------------------------------------
def _who(by: str | None) -> str:
    """Who the audit log names for an import: as ``accept`` and ``reject`` name who decides."""
    return by or os.environ.get("STDBRIDGE_USER") or getpass.getuser()


def _summary_table(summaries: list[ImportSummary]) -> Table:
    table = Table(title=_("Import summary"))
    table.add_column(_("Dataset"))
    for name in (
        _("Read"),
        _("Added"),
        _("Changed"),
        _("Unchanged"),
        _("Withdrawn"),
        _("Replaced"),
        _("Relations"),
        _("Rejected"),
    ):
        table.add_column(name, justify="right")
    for s in summaries:
        table.add_row(
            s.dataset, str(s.read), str(s.added), str(s.changed), str(s.unchanged),
            str(s.withdrawn), str(s.replaced), str(s.relations), str(s.rejected),
        )  # fmt: skip
    return table


def _print_rejects(summaries: list[ImportSummary]) -> None:
    for s in summaries:
        if s.rejects_report:
            out.print(
                _("{dataset}: {rejected}; see {report}").format(
                    dataset=s.dataset,
                    rejected=listed(
                        (
                            ngettext("{count} row rejected", "{count} rows rejected", s.rejected).format(
                                count=s.rejected
                            ),
                            ngettext(
                                "{count} value left out of imported rows",
                                "{count} values left out of imported rows",
                                s.values_rejected,
                            ).format(count=s.values_rejected),
                        )
                    ),
                    report=s.rejects_report,
                )
            )
        if s.folded:
            out.print(
                ngettext(
                    "{dataset}: {count} line was another form of an edition (redline, commented) "
                    "and was folded into it.",
                    "{dataset}: {count} lines were other forms of an edition (redline, commented) "
                    "and were folded into it.",
                    s.folded,
                ).format(dataset=s.dataset, count=s.folded)
            )
    open_relations = sum(s.unresolved_relations for s in summaries)
    if open_relations:
        out.print(
            ngettext(
                "{count} of these relations points to a standard not in the catalogue yet; "
                "it is kept and links when that standard arrives.",
                "{count} of these relations point to standards not in the catalogue yet; "
                "they are kept and link when those arrive.",
                open_relations,
            ).format(count=open_relations)
        )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--rejects-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write rejects reports (default: beside the catalogue).",
)
@click.pass_obj
def init(obj: Context, as_json: bool, rejects_dir: Path | None) -> None:
    """Create the catalogue and load the bundled data (ISO, IEC, JIS, ITU, GB sample, ICS, CCS)."""
    started = time.perf_counter()
    with progress_bar(obj, json_output=as_json) as progress:
        summaries = obj.catalog.load_bundled(
            rejects_dir=rejects_dir or rejects_dir_of(obj), progress=progress, by=_who(None)
        )
    seeded = _seed_memory(obj)
    elapsed = time.perf_counter() - started
    if as_json:
        emit_json(
            {
                "catalogue": obj.location,
                "seconds": round(elapsed, 1),
                "imports": [summary_json(s) for s in summaries],
                "memory": {"offered": seeded.offered, "added": seeded.added},
            }
        )
        return
    out.print(_summary_table(summaries))
    _print_rejects(summaries)
    out.print(_("Translation memory: {added} units new from the catalogue's bilingual titles and the glossary.").format(
        added=seeded.added), markup=False)  # fmt: skip
    total = obj.catalog.stats()["total"]["standards"]
    out.print(
        ngettext(
            "Catalogue {location}: {count} standard ({seconds:.1f} s).",
            "Catalogue {location}: {count} standards ({seconds:.1f} s).",
            total,
        ).format(location=obj.location, count=total, seconds=elapsed)
    )


def _seed_memory(obj: Context) -> Any:
    """The platform's translation memory seeded from what was loaded (``translation.seeding``; about 2 s)."""
    from stdbridge.accounts.roles import LOCAL_ADMIN
    from stdbridge.translation.memory import TranslationMemory
    from stdbridge.translation.seeding import seed

    return seed(TranslationMemory(obj.catalog.store), LOCAL_ADMIN)


@cli.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "format_", required=True, help="Importer name; see 'stdbridge formats'.")
@click.option("--dataset", help="Name recorded as the records' provenance (default: the format name).")
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Field mapping (JSON) for --format tabular.",
)
@click.option(
    "--rejects-dir", type=click.Path(file_okay=False, path_type=Path), help="Where to write the rejects report."
)
@click.option("--by", help="Who imports it, for the audit log (default: $STDBRIDGE_USER, else the login name).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def import_(
    obj: Context,
    path: Path,
    format_: str,
    dataset: str | None,
    mapping: Path | None,
    rejects_dir: Path | None,
    by: str | None,
    as_json: bool,
) -> None:
    """Import PATH with the importer named by --format and print what changed."""
    options: dict[str, Any] = {"dataset": dataset}
    if mapping is not None:
        options["mapping"] = str(mapping)
    with progress_bar(obj, json_output=as_json) as progress:
        summary = obj.catalog.import_path(
            path, format_, rejects_dir=rejects_dir or rejects_dir_of(obj), progress=progress, by=_who(by), **options
        )
    if as_json:
        emit_json(summary_json(summary))
        return
    out.print(_summary_table([summary]))
    _print_rejects([summary])


@cli.command()
@click.option("--json", "as_json", is_flag=True)
def formats(as_json: bool) -> None:
    """List the importers installed."""
    from stdbridge.importers.base import registry

    found = registry()
    if as_json:
        emit_json({name: cls.description for name, cls in sorted(found.items())})
        return
    table = Table(_("Format"), _("Description"))
    for name, cls in sorted(found.items()):
        table.add_row(name, cls.description)
    out.print(table)


@cli.command()
@click.pass_obj
def index(obj: Context) -> None:
    """Rebuild the search index of the catalogue from scratch."""
    catalog = obj.filled_catalog()
    started = time.perf_counter()
    with progress_bar(obj, json_output=False) as progress:
        count = catalog.rebuild_index(progress)
    out.print(ngettext("Indexed {count} standard in {seconds:.1f} s ({where}).",
                       "Indexed {count} standards in {seconds:.1f} s ({where}).", count).format(
        count=count, seconds=time.perf_counter() - started, where=catalog.index.path))  # fmt: skip


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def stats(obj: Context, as_json: bool) -> None:
    """Records by body (published or co-published, and as lead publisher), country, status and type; relations by
    type. A body's records are counted as the web pages and the search count them."""
    figures = CatalogueFigures(obj.catalog).stats()
    if as_json:
        emit_json(figures)
        return
    table = Table(_("Body"), _("Records"), _("As lead publisher"), title=_("Body"))
    for body, count in figures["body"].items():
        table.add_row(body, f"{count:,}", f"{figures['body_as_lead_publisher'].get(body, 0):,}")
    out.print(table)
    out.print(
        _(
            "A body's records are those it publishes or co-publishes (ISO/IEC 27001 counts for ISO and for IEC), "
            "as the web pages and a search by body count them; as lead publisher: those naming it first."
        )
    )
    titles = {
        "country": _("Country"),
        "status": _("Status"),
        "doctype": _("Type"),
        "relations": _("Relations"),
    }
    for key, title in titles.items():
        table = Table(title, _("Count"), title=title)
        for name, count in figures[key].items():
            label = _(str(name)) if key in ("status", "doctype", "relations") else str(name)
            table.add_row(label, f"{count:,}")
        out.print(table)
    if figures["relations_open"]:
        open_relations = next(iter(figures["relations_open"].values()))
        out.print(
            ngettext("{count} relation points to a standard not in the catalogue yet.",
                     "{count} relations point to standards not in the catalogue yet.", open_relations).format(
                count=open_relations)
        )  # fmt: skip
    total = figures["total"]["standards"]
    out.print(ngettext("{count} standard in all.", "{count} standards in all.", total).format(count=total))
