"""The ``stdbridge`` command line: a thin layer over ``Catalog``.

Every command prints a readable table, or JSON with ``--json``. Expected
failures print one line (``Error: ...`` / ``错误：...``) and exit non-zero.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stdbridge import identifiers
from stdbridge.catalog import Catalog
from stdbridge.errors import IdentifierError, StdbridgeError
from stdbridge.i18n import _, current_language, language_from_environment, set_language
from stdbridge.models import DocType, ImportSummary, Standard
from stdbridge.search import Filters, SearchRequest, SearchResults
from stdbridge.serialize import (
    counterpart_json,
    family_json,
    resolution_json,
    search_json,
    summary_json,
)
from stdbridge.store import resolve_location

# Piped output is read by people too: do not squeeze tables into 80 columns there.
_SUPPLEMENTS = (DocType.AMENDMENT, DocType.CORRIGENDUM)
_NOT_EDITIONS = (*_SUPPLEMENTS, DocType.DRAFT)
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


class _Context:
    def __init__(self, db: str | None) -> None:
        self.location = resolve_location(db)
        self._catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog.open(self.location)
        return self._catalog

    def filled_catalog(self) -> Catalog:
        catalog = self.catalog
        if catalog.is_empty():
            raise click.ClickException(
                _("the catalogue at {location} is empty; run 'stdbridge init' first").format(location=self.location)
            )
        return catalog


class _Group(click.Group):
    """Turns stdbridge's own errors into one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StdbridgeError as exc:
            label = _("Error")
            err.print(f"[red]{label}:[/red] {exc}", markup=True, highlight=False)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            err.print(_("Interrupted; the catalogue is unchanged by the unfinished step."))
            sys.exit(130)


@contextmanager
def _progress(label: str, enabled: bool) -> Iterator[Any]:
    """A progress bar on standard error when a person is watching."""
    if not enabled or not err.is_terminal:
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.advance(task, n)


@click.group(cls=_Group)
@click.option(
    "--db", envvar="STDBRIDGE_DB", help="Catalogue file or database URL (default: ~/.local/share/stdbridge/catalog.db)."
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default=None,
    help="Language of messages: en or zh (default: from STDBRIDGE_LANG or LANG).",
)
@click.version_option(package_name="stdbridge")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None) -> None:
    """stdbridge: find, link and compare the standards of many bodies."""
    set_language(lang or language_from_environment())
    ctx.obj = _Context(db)


# init and import ------------------------------------------------------------------------
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
                _("{dataset}: {rows} rows rejected, {values} values left out of imported rows; see {report}").format(
                    dataset=s.dataset, rows=s.rejected, values=s.values_rejected, report=s.rejects_report
                )
            )
        if s.folded:
            out.print(
                _(
                    "{dataset}: {count} lines were other forms of an edition (redline, commented) "
                    "and were folded into it."
                ).format(dataset=s.dataset, count=s.folded)
            )
    open_relations = sum(s.unresolved_relations for s in summaries)
    if open_relations:
        out.print(
            _(
                "{count} of these relations point to standards not in the catalogue yet; "
                "they are kept and link when those arrive."
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
def init(obj: _Context, as_json: bool, rejects_dir: Path | None) -> None:
    """Create the catalogue and load the bundled data (ISO, IEC, JIS, ITU, GB sample, ICS, CCS)."""
    started = time.perf_counter()
    with _progress(_("Loading bundled catalogues"), not as_json) as progress:
        summaries = obj.catalog.load_bundled(rejects_dir=rejects_dir or _rejects_dir(obj), progress=progress)
    elapsed = time.perf_counter() - started
    if as_json:
        _emit_json(
            {"catalogue": obj.location, "seconds": round(elapsed, 1), "imports": [summary_json(s) for s in summaries]}
        )
        return
    out.print(_summary_table(summaries))
    _print_rejects(summaries)
    total = obj.catalog.stats()["total"]["standards"]
    out.print(
        _("Catalogue {location}: {count} standards ({seconds:.1f} s).").format(
            location=obj.location, count=total, seconds=elapsed
        )
    )


def _rejects_dir(obj: _Context) -> Path:
    return Path(obj.location).expanduser().parent / "rejects" if "://" not in obj.location else Path.cwd()


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
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def import_(
    obj: _Context,
    path: Path,
    format_: str,
    dataset: str | None,
    mapping: Path | None,
    rejects_dir: Path | None,
    as_json: bool,
) -> None:
    """Import PATH with the importer named by --format and print what changed."""
    options: dict[str, Any] = {"dataset": dataset}
    if mapping is not None:
        options["mapping"] = str(mapping)
    with _progress(_("Importing {path}").format(path=path.name), not as_json) as progress:
        summary = obj.catalog.import_path(
            path, format_, rejects_dir=rejects_dir or _rejects_dir(obj), progress=progress, **options
        )
    if as_json:
        _emit_json(summary_json(summary))
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
        _emit_json({name: cls.description for name, cls in sorted(found.items())})
        return
    table = Table(_("Format"), _("Description"))
    for name, cls in sorted(found.items()):
        table.add_row(name, cls.description)
    out.print(table)


# identifiers --------------------------------------------------------------------------------
def _read_lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise click.ClickException(
            _("{path}:{line}: not UTF-8 text (byte {offset})").format(path=path, line=line, offset=exc.start)
        ) from exc
    return text.splitlines()


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
        lines += sys.stdin.read().splitlines() if str(file_) == "-" else _read_lines(file_)
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
            adopts = ", ".join(f"{a['identifier']} ({a['degree']})" for a in r["adoptions"])
            table.add_row(r["input"], r["canonical"], r["body"], r["type"], str(r["year"] or ""), adopts)
    out.print(table)
    if any("error" in r for r in results):
        sys.exit(1)


# the graph --------------------------------------------------------------------------------
def _record_table(s: Standard) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    rows: list[tuple[str, Any]] = [
        (_("Identifier"), s.identifier),
        (_("Body"), ", ".join((s.body, *s.copublishers))),
        (_("Country"), s.country),
        (_("Type"), _(s.doctype.value)),
        (_("Status"), _(s.status.value)),
        (_("Published"), s.published),
        (_("Implemented"), s.implemented),
        (_("Withdrawn"), s.withdrawn),
        (_("Edition"), s.edition),
        *((_("Title") + f" ({lang})", title) for lang, title in s.titles.items()),
        ("ICS", ", ".join(s.ics)),
        ("CCS", ", ".join(s.ccs)),
        (_("Committee"), s.committee),
        (_("Source"), f"{s.dataset} {s.source_record}"),
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
def show(obj: _Context, identifier: str, as_json: bool) -> None:
    """Show a standard and its relations; sloppy identifiers resolve, undated ones to the current edition."""
    catalog = obj.filled_catalog()
    resolution = catalog.resolve(identifier)
    links = catalog.links(resolution.standard)
    if as_json:
        _emit_json(resolution_json(resolution, links))
        return
    if resolution.matched_by != "edition":
        out.print(
            _("'{query}' resolved to {identifier} ({how}).").format(
                query=identifier, identifier=resolution.standard.identifier, how=_(resolution.matched_by)
            )
        )
    out.print(_record_table(resolution.standard))
    if links:
        table = Table(_("Relation"), _("Standard"), _("Status"), _("Degree"), _("Evidence"), title=_("Relations"))
        for link in sorted(links, key=lambda k: (k.name, k.other_text)):
            status = _(link.other.status.value) if link.other else _("not in catalogue")
            degree = link.relation.degree.value if link.relation.degree else ""
            table.add_row(_(link.name), link.other_text, status, degree, _(link.relation.evidence.value))
        out.print(table)
    groups = (
        (_("Other editions"), [s for s in resolution.others if s.doctype not in _NOT_EDITIONS]),
        (_("Amendments and corrigenda"), [s for s in resolution.others if s.doctype in _SUPPLEMENTS]),
        (_("Drafts"), [s for s in resolution.others if s.doctype == DocType.DRAFT]),
    )
    for title, members in groups:
        if members:
            table = Table(_("Identifier"), _("Status"), _("Published"), title=title)
            for other in sorted(members, key=lambda s: (s.published or str(s.year or ""), s.identifier)):
                table.add_row(other.identifier, _(other.status.value), other.published or "")
            out.print(table)


@cli.command()
@click.argument("identifier")
@click.option("--as-of", help="Also give each edition's status on this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def family(obj: _Context, identifier: str, as_of: str | None, as_json: bool) -> None:
    """A standard's family: editions, supersession chain, amendments, corrigenda and adoptions."""
    fam = obj.filled_catalog().family(identifier, as_of)
    if as_json:
        _emit_json(family_json(fam))
        return
    out.print(_("Family of {identifier}").format(identifier=fam.standard.identifier), style="bold")
    if fam.current:
        out.print(_("Current edition: {identifier}").format(identifier=fam.current.identifier))
    columns = [_("Edition"), _("Status"), _("Published")] + (
        [_("Status on {date}").format(date=as_of)] if as_of else []
    )
    table = Table(*columns, title=_("Editions, amendments and corrigenda"))
    for s in [*fam.editions, *fam.supplements]:
        row = [s.identifier, _(s.status.value), s.published or ""]
        if as_of:
            on = fam.status_on[s.edition_key]
            row.append(f"{_(on.status)} ({on.basis})")
        table.add_row(*row)
    out.print(table)
    if fam.replaces_chain:
        out.print(
            _("Replaces") + ": " + " ← ".join(" + ".join(s.identifier for s in step) for step in fam.replaces_chain)
        )
    if fam.replaced_by_chain:
        steps = fam.replaced_by_chain
        out.print(_("Replaced by") + ": " + " → ".join(" + ".join(s.identifier for s in step) for step in steps))
    if fam.drafts:
        out.print(_("Drafts") + ": " + ", ".join(s.identifier for s in fam.drafts))
    if fam.adoptions:
        table = Table(_("Relation"), _("Standard"), _("Degree"), _("Evidence"), title=_("Adoptions"))
        for link in fam.adoptions:
            degree = link.relation.degree.value if link.relation.degree else ""
            table.add_row(_(link.name), link.other_text, degree, _(link.relation.evidence.value))
        out.print(table)


@cli.command()
@click.argument("identifier")
@click.option("--country", help="Only counterparts of this country (ISO 3166 code, INT, EU, ...).")
@click.option("--body", help="Only counterparts published by this body (ISO, IEC, SAC, CEN, ...).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def counterparts(obj: _Context, identifier: str, country: str | None, body: str | None, as_json: bool) -> None:
    """Standards in another country or body that adopt this one, that it adopts, or share its original."""
    found = obj.filled_catalog().counterparts(identifier, country=country, body=body)
    if as_json:
        _emit_json([counterpart_json(c) for c in found])
        return
    if not found:
        out.print(_("No counterparts found."))
        return
    table = Table(_("Standard"), _("Country"), _("Status"), _("Degree"), _("Path"), _("Evidence"))
    for c in found:
        path = " ".join(f"{s.source} —{_(s.relation)}→" for s in c.path) + f" {c.path[-1].target}"
        degree = c.degree.value if c.degree else _("unknown")
        table.add_row(
            c.standard.identifier,
            c.standard.country,
            _(c.standard.status.value),
            degree,
            path,
            ", ".join(_(e) for e in c.evidence),
        )
    out.print(table)


# search --------------------------------------------------------------------------------------
def _year_range(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    start, sep, end = text.partition("-")
    try:
        first = int(start) if start.strip() else None
        last = (int(end) if end.strip() else None) if sep else first
    except ValueError:
        message = _("give years as FROM-TO, FROM- or -TO, for example 2010-2020")
        raise click.BadParameter(message, param_hint="--year") from None
    return first, last


def _results_table(results: SearchResults) -> Table:
    table = Table(_("Identifier"), _("Title"), _("Status"), _("Score"), box=None, pad_edge=False)
    lang = current_language()
    for hit in results.hits:
        s = hit.standard
        more = f" (+{hit.more_editions})" if hit.more_editions else ""
        score = _("named") if hit.matched_by == "identifier" else f"{hit.score:.2f}"
        table.add_row(s.identifier + more, s.title(lang), _(s.status.value), score)
    return table


@cli.command()
@click.argument("query", required=False)
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path),
              help="Run one query a line ('-' for standard input); with --json, print JSON Lines.")  # fmt: skip
@click.option("--body", multiple=True, help="Only this body (ISO, IEC, SAC, JISC, ITU-T ...); repeatable.")
@click.option("--country", multiple=True, help="Only this country (CN, JP, INT ...); repeatable.")
@click.option("--type", "doctype", multiple=True, help="Only this type (standard, technical-report ...).")
@click.option("--status", multiple=True, help="Only this status (in-force, withdrawn, replaced ...).")
@click.option("--ics", multiple=True, help="Only this ICS field, group or sub-group (03, 03.120, 03.120.10).")
@click.option("--adoption", multiple=True, help="Only standards that adopt another (adopts, adopts-IDT ...) or "
              "are adopted (adopted).")  # fmt: skip
@click.option("--year", help="Publication years FROM-TO (2010-2020, 2015-, -1999).")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0, 5000), default=0)
@click.option("--all-editions", is_flag=True, help="List every matching edition, not one per work.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def search(
    obj: _Context,
    query: str | None,
    file_: Path | None,
    body: tuple[str, ...],
    country: tuple[str, ...],
    doctype: tuple[str, ...],
    status: tuple[str, ...],
    ics: tuple[str, ...],
    adoption: tuple[str, ...],
    year: str | None,
    sort: str,
    limit: int,
    offset: int,
    all_editions: bool,
    as_json: bool,
) -> None:
    """Search identifiers and titles in any language, with filters; facets come with --json."""
    if (query is None) == (file_ is None):
        raise click.UsageError(_("give a query or --file, not both"))
    year_from, year_to = _year_range(year)
    filters = Filters(
        body=body, country=tuple(c.upper() for c in country), doctype=doctype, status=status, ics=ics,
        adoption=adoption, year_from=year_from, year_to=year_to,
    )  # fmt: skip
    catalog = obj.filled_catalog()

    def run(text: str) -> SearchResults:
        request = SearchRequest(text, filters, sort, offset, limit, group=not all_editions)
        return catalog.search(request)

    if file_ is not None:
        lines = sys.stdin.read().splitlines() if str(file_) == "-" else _read_lines(file_)
        for text in lines:
            try:
                answer = {"input": text, **search_json(run(text))}
            except StdbridgeError as exc:
                answer = {"input": text, "error": str(exc)}
            if as_json:
                click.echo(json.dumps(answer, ensure_ascii=False))
            else:
                hits = answer.get("results", [])
                first = hits[0]["identifier"] if hits else answer.get("error", _("no results"))
                out.print(f"{text}\t{first}")
        return
    assert query is not None
    results = run(query)
    if as_json:
        _emit_json(search_json(results))
        return
    shown = f"{offset + 1}-{offset + len(results.hits)}" if results.hits else "0"
    out.print(_("{total} records match; showing {shown} ({ms:.0f} ms).").format(
        total=results.total, shown=shown, ms=results.milliseconds))  # fmt: skip
    if results.hits:
        out.print(_results_table(results))
    elif results.did_you_mean:
        out.print(_("Did you mean: {candidates}?").format(
            candidates=", ".join(s.identifier for s in results.did_you_mean)))  # fmt: skip


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Server processes.")
@click.pass_obj
def serve(obj: _Context, host: str, port: int, workers: int) -> None:
    """Serve the web platform and the HTTP API; builds the catalogue from the bundled data on first start."""
    import uvicorn

    catalog = obj.catalog
    if catalog.is_empty():
        out.print(_("No catalogue at {location} yet: building it from the bundled data ...").format(
            location=obj.location))  # fmt: skip
        with _progress(_("Loading bundled catalogues"), True) as progress:
            catalog.load_bundled(rejects_dir=_rejects_dir(obj), progress=progress)
    elif not catalog.index.exists():
        with _progress(_("Indexing"), True) as progress:
            catalog.rebuild_index(progress)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    out.print(_("stdbridge is serving {count} standards at {url}  (Ctrl+C stops it)").format(
        count=catalog.stats()["total"]["standards"], url=f"http://{shown}:{port}/"))  # fmt: skip
    os.environ["STDBRIDGE_DB"] = obj.location
    uvicorn.run("stdbridge.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning")  # fmt: skip


@cli.command()
@click.pass_obj
def index(obj: _Context) -> None:
    """Rebuild the search index of the catalogue from scratch."""
    catalog = obj.filled_catalog()
    started = time.perf_counter()
    with _progress(_("Indexing"), True) as progress:
        count = catalog.rebuild_index(progress)
    out.print(_("Indexed {count} standards in {seconds:.1f} s ({where}).").format(
        count=count, seconds=time.perf_counter() - started, where=catalog.index.path))  # fmt: skip


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def stats(obj: _Context, as_json: bool) -> None:
    """Records by body, country, status and type; relations by type."""
    figures = obj.catalog.stats()
    if as_json:
        _emit_json(figures)
        return
    titles = {
        "body": _("Body"),
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
        out.print(
            _("{count} relations point to standards not in the catalogue yet.").format(
                count=next(iter(figures["relations_open"].values()))
            )
        )
    out.print(_("{count} standards in all.").format(count=figures["total"]["standards"]))


def main() -> None:
    cli(prog_name="stdbridge")
