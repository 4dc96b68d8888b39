"""Searching the catalogue, and serving it on the web."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click
from rich.table import Table

from stdbridge.cli.base import (
    Context,
    cli,
    emit_json,
    out,
    progress_bar,
    read_lines,
    rejects_dir_of,
    tell_readings,
)
from stdbridge.errors import MissingExtra, StdbridgeError
from stdbridge.fields import status_label
from stdbridge.i18n import _, current_language, listed, ngettext
from stdbridge.search import Filters, SearchRequest, SearchResults
from stdbridge.serialize import search_json


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
        if results.understood.get("browsing"):
            score = "-"  # a list without a query is in order of standing, not of relevance
        status = status_label(hit.status.status if hit.status else s.status.value)
        table.add_row(s.identifier + more, s.title(lang), status, score)
    return table


def _not_held_text(results: SearchResults) -> str:
    """What the catalogue knows of an identifier it does not hold, in a few lines, said before any result."""
    unheld = results.not_held
    assert unheld is not None
    lines = [_("{identifier} is not in the catalogue.").format(identifier=unheld.identifier)]
    for a in unheld.adopts:
        degree = a.degree.value if a.degree else "?"
        lines.append(_("It adopts {identifier} ({degree}).").format(identifier=a.standard.identifier, degree=degree))
    for a in unheld.adopted_by:
        degree = a.degree.value if a.degree else "?"
        lines.append(
            _("It is adopted by {identifier} ({degree}).").format(identifier=a.standard.identifier, degree=degree)
        )
    if results.did_you_mean:
        lines.append(_("Did you mean: {candidates}?").format(
            candidates=listed(s.identifier for s in results.did_you_mean[:5])))  # fmt: skip
    return "\n".join(lines)


@cli.command()
@click.argument("query", required=False)
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path),
              help="Run one query a line ('-' for standard input); with --json, print JSON Lines.")  # fmt: skip
@click.option("--body", multiple=True, help="Only this body or series (ISO, IEC, SAC or GB, JISC or JIS, ITU-T, "
              "ГОСТ ...); repeatable.")  # fmt: skip
@click.option("--country", multiple=True, help="Only this country (CN, JP, INT, UK, 中国 ...); repeatable.")
@click.option("--type", "doctype", multiple=True, help="Only this type (standard, technical-report ...).")
@click.option("--status", multiple=True, help="Only this status (in-force, withdrawn, replaced ...).")
@click.option("--ics", multiple=True, help="Only this ICS field, group or sub-group (03, 03.120, 03.120.10).")
@click.option("--adoption", multiple=True, help="Only standards that adopt another (adopts, adopts-IDT ...) or "
              "are adopted (adopted).")  # fmt: skip
@click.option("--ccs", multiple=True, help="Only this CCS category, group or class (L, L00/09, L06).")
@click.option("--committee", multiple=True, help="Only this committee, its sub-committees too (ISO/TC 176), or "
              "归口单位 of GB records.")  # fmt: skip
@click.option("--kind", multiple=True, help="Only this series of Chinese standards (GB, GB/T, GB/Z, HG/T, DB11/T, "
              "T/CAS ...).")  # fmt: skip
@click.option("--department", multiple=True, help="Only GB records of this 主管部门 (competent department).")
@click.option("--year", help="Publication years FROM-TO (2010-2020, 2015-, -1999).")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0, 5000), default=0)
@click.option("--all-editions", is_flag=True, help="List every matching edition, not one per work.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def search(
    obj: Context,
    query: str | None,
    file_: Path | None,
    body: tuple[str, ...],
    country: tuple[str, ...],
    doctype: tuple[str, ...],
    status: tuple[str, ...],
    ics: tuple[str, ...],
    adoption: tuple[str, ...],
    ccs: tuple[str, ...],
    committee: tuple[str, ...],
    kind: tuple[str, ...],
    department: tuple[str, ...],
    year: str | None,
    sort: str,
    limit: int,
    offset: int,
    all_editions: bool,
    as_json: bool,
) -> None:
    """Search identifiers and titles in any language, with filters; facets come with --json. Without a query, list
    what the filters select (--ics 03.120.10, --ccs A00, --committee "ISO/TC 176")."""
    browsing = any((body, country, doctype, status, ics, adoption, ccs, committee, kind, department, year))
    if (query is not None and file_ is not None) or (query is None and file_ is None and not browsing):
        raise click.UsageError(_("give a query or --file, not both; without either, give a filter to list"))
    year_from, year_to = _year_range(year)
    catalog = obj.filled_catalog()
    body, country, readings = catalog.read_names(body=body, country=country)  # JIS is JISC, 中国 CN
    tell_readings(readings)
    filters = Filters(
        body=body, country=country, doctype=doctype, status=status, ics=ics,
        adoption=adoption, ccs=ccs, committee=committee, kind=kind, department=department,
        year_from=year_from, year_to=year_to,
    )  # fmt: skip

    def run(text: str) -> SearchResults:
        request = SearchRequest(text, filters, sort, offset, limit, group=not all_editions)
        return catalog.search(request)

    if file_ is not None:
        for text in read_lines(file_):
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
    results = run(query or "")
    if as_json:
        emit_json({**search_json(results), "read_as": [r.to_json() for r in readings]})
        return
    if results.not_held is not None:
        out.print(_not_held_text(results))
    shown = f"{offset + 1}-{offset + len(results.hits)}" if results.hits else "0"
    if results.works_estimated:
        works = ngettext("about {count} work", "about {count} works", results.works).format(count=results.works)
    else:
        works = ngettext("{count} work", "{count} works", results.works).format(count=results.works)
    out.print(ngettext("{total} record matches ({works}); showing {shown} ({ms:.0f} ms).",
                       "{total} records match ({works}); showing {shown} ({ms:.0f} ms).", results.total).format(
        total=results.total, works=works, shown=shown, ms=results.milliseconds))  # fmt: skip
    named_group = results.understood.get("committee")
    if named_group:
        out.print(ngettext("This is the name of a committee: {code} ({count} record; list it with --committee).",
                           "This is the name of a committee: {code} ({count} records; list them with --committee).",
                           named_group["records"]).format(
            code=named_group["code"], count=named_group["records"]))  # fmt: skip
    if results.hits:
        out.print(_results_table(results))
    elif results.did_you_mean and results.not_held is None:
        out.print(_("Did you mean: {candidates}?").format(
            candidates=listed(s.identifier for s in results.did_you_mean)))  # fmt: skip


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Server processes.")
@click.option(
    "--jobs/--no-jobs",
    "run_jobs",
    default=True,
    show_default=True,
    help="Run the queue's jobs (imports, index rebuilds, batch comparisons) in each server process.",
)
@click.pass_obj
def serve(obj: Context, host: str, port: int, workers: int, run_jobs: bool) -> None:
    """Serve the web platform and the HTTP API; builds the catalogue from the bundled data on first start."""
    try:
        import uvicorn
    except ImportError as missing:
        raise MissingExtra("web", missing) from None
    import stdbridge.app  # noqa: F401  (without the web extra: MissingExtra, before the catalogue is built)

    catalog = obj.catalog
    if catalog.is_empty():
        out.print(_("No catalogue at {location} yet: building it from the bundled data ...").format(
            location=obj.location))  # fmt: skip
        with progress_bar(obj, json_output=False) as progress:
            catalog.load_bundled(rejects_dir=rejects_dir_of(obj), progress=progress)
    elif not catalog.index.exists():
        with progress_bar(obj, json_output=False) as progress:
            catalog.rebuild_index(progress)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    total = catalog.stats()["total"]["standards"]
    out.print(ngettext("stdbridge is serving {count} standard at {url}  (Ctrl+C stops it)",
                       "stdbridge is serving {count} standards at {url}  (Ctrl+C stops it)", total).format(
        count=total, url=f"http://{shown}:{port}/"))  # fmt: skip
    if workers == 1:  # the catalogue opened here serves, its configuration passed as it is
        from stdbridge.app import create_app

        app = create_app(catalog, served_on=host, keep_index=True, run_jobs=run_jobs)
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # uvicorn starts its workers from an import string: they read the configuration written for them (``app``)
    from stdbridge.app import CONFIG_VARIABLE, ServeConfig
    from stdbridge.web.serving import SERVER_OPTIONS

    with tempfile.TemporaryDirectory(prefix="stdbridge-serve-") as folder:
        config = Path(folder) / "workers.json"
        ServeConfig(obj.location, host, run_jobs).write(config)
        os.environ[CONFIG_VARIABLE] = str(config)
        uvicorn.run("stdbridge.app:app_from_config", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", **SERVER_OPTIONS)  # fmt: skip
