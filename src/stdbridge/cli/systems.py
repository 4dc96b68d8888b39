"""Comparing many standards at once: two lists (compare-batch) and two whole systems (compatibility)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from stdbridge.analytics.compatibility import KINDS, Compatibility, Coverage, Scope, compatibility, kind_label
from stdbridge.cli.base import Context, cli, emit_json, out, progress_bar, tell_readings
from stdbridge.compare.lists import Matrix, compare_lists, read_list, reason_label
from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD
from stdbridge.i18n import _, current_language, labelled, listed, ngettext
from stdbridge.language.ics_titles import ics_title


@cli.command("compare-batch")
@click.argument("list_a", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("list_b", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "format_", type=click.Choice(["table", "json", "html", "xlsx"]), default="table",
              show_default=True)  # fmt: skip
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.option("--name-a", help="What list A is (default: its file name).")
@click.option("--name-b", help="What list B is (default: its file name).")
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), default=SUGGESTION_THRESHOLD,
              show_default=True, help="The lowest score of a suggested pair.")  # fmt: skip
@click.option("--suggestions", type=click.IntRange(1, 10), default=1, show_default=True,
              help="Suggested counterparts per standard without a declared one.")  # fmt: skip
@click.pass_obj
def compare_batch(
    obj: Context, list_a: Path, list_b: Path, format_: str, output: Path | None, name_a: str | None,
    name_b: str | None, threshold: float, suggestions: int,
) -> None:  # fmt: skip
    """Which standard of LIST_A corresponds to which of LIST_B (one identifier a line), with degree and score,
    and what has no counterpart."""
    if format_ == "xlsx" and output is None and sys.stdout.isatty():
        raise click.UsageError(_("a workbook is not for the terminal: give --output FILE.xlsx"))
    catalog = obj.filled_catalog()
    with progress_bar(obj, json_output=format_ == "json") as progress:
        matrix = compare_lists(
            catalog, read_list(list_a), read_list(list_b), name_a=name_a or list_a.stem,
            name_b=name_b or list_b.stem, threshold=threshold, suggestions=suggestions, progress=progress,
        )  # fmt: skip
    if format_ == "table":
        _print_matrix(matrix)
        return
    content: bytes
    if format_ == "json":
        content = (json.dumps(matrix.to_json(), ensure_ascii=False, indent=2) + "\n").encode()
    elif format_ == "html":
        content = matrix.to_html().encode()
    else:
        content = matrix.to_xlsx()
    _write_bytes(content, output)


def _write_bytes(content: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(content)
    except OSError as exc:
        raise click.ClickException(f"{output}: {exc.strerror}") from exc
    out.print(_("Written to {path}").format(path=output))


def _print_matrix(matrix: Matrix) -> None:
    summary = matrix.summary()
    for side in ("a", "b"):
        s = summary[side]
        out.print(ngettext("{name}: {standards} standard, {with_} with a counterpart, {without} without; "
                           "lines not compared: {rejected}.",
                           "{name}: {standards} standards, {with_} with a counterpart, {without} without; "
                           "lines not compared: {rejected}.", s["standards"]).format(
            name=s["name"], standards=s["standards"], with_=s["with_counterpart"], without=s["without_counterpart"],
            rejected=s["rejected"]))  # fmt: skip
    if matrix.pairs:
        table = Table(matrix.name_a, matrix.name_b, _("Link"), _("Score"), _("What it rests on"), title=_("Pairs"))
        for p in matrix.pairs:
            score = f"{p.score:.2f}" if p.score is not None else ""
            table.add_row(p.a.standard.identifier, p.b.standard.identifier, kind_label(p.kind), score, p.explanation())
        out.print(table)
    for title, entries in ((_("Only in {name}").format(name=matrix.name_a), matrix.only_a),
                           (_("Only in {name}").format(name=matrix.name_b), matrix.only_b)):  # fmt: skip
        if entries:
            out.print(labelled(title, listed(e.standard.identifier for e in entries)))
    if matrix.rejected:
        table = Table(_("List"), _("Line"), _("As typed"), _("Reason"), title=_("Lines not compared"))
        for r in matrix.rejected:
            name = matrix.name_a if r.side == "a" else matrix.name_b
            reason = reason_label(r.reason)
            table.add_row(name, str(r.line), r.text, reason if r.message == reason else f"{reason}: {r.message}")
        out.print(table)


@cli.command("compatibility")
@click.argument("a")
@click.argument("b")
@click.option("--ics", help="Only standards of this ICS field, group or sub-group (figures one level down).")
@click.option("--members", type=click.Choice(["current", "all"]), default="current", show_default=True,
              help="current: whole documents in force; all: every record.")  # fmt: skip
@click.option("--declared-only", is_flag=True, help="Count declared links only: seek no suggested counterparts.")
@click.option("--links", "with_links", is_flag=True, help="With --json: list every pair found.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def compatibility_(
    obj: Context, a: str, b: str, ics: str | None, members: str, declared_only: bool, with_links: bool, as_json: bool
) -> None:
    """How compatible two standards systems are (bodies or countries: ISO, JISC, body:SAC, CN, JP, INT ...):
    the share of each with a counterpart in the other, by degree, and their mutual information."""
    catalog = obj.filled_catalog()
    (scope_a, read_a), (scope_b, read_b) = Scope.read(catalog, a), Scope.read(catalog, b)
    tell_readings([read_a, read_b], ask=lambda kind, code: f"{kind}:{code}")
    with progress_bar(obj, json_output=as_json) as progress:
        found = compatibility(catalog, scope_a, scope_b, ics, members=members,
                              threshold=None if declared_only else SUGGESTION_THRESHOLD, progress=progress)  # fmt: skip
    if as_json:
        emit_json({**found.to_json(links=with_links), "read_as": [read_a.to_json(), read_b.to_json()]})
        return
    _print_compatibility(found)


def _print_compatibility(found: Compatibility) -> None:
    a, b = str(found.a), str(found.b)
    table = Table(_("Link"), f"{a} → {b}", f"{b} → {a}", title=_("Standards by their strongest link"))
    for kind in KINDS:
        table.add_row(kind_label(kind), _count(found.a_to_b, kind), _count(found.b_to_a, kind))
    table.add_row(_("with a counterpart"), _share(found.a_to_b), _share(found.b_to_a), style="bold")
    out.print(table)
    info = found.information
    out.print(_("Normalised mutual information: {ab:.3f} ({a} → {b}), {ba:.3f} ({b} → {a}), mean {mean:.3f}; "
                "declared links only: {declared:.3f}.").format(
        ab=info.a_to_b, ba=info.b_to_a, mean=info.symmetric, a=a, b=b,
        declared=found.declared_information.symmetric))  # fmt: skip
    if found.fields:
        table = Table("ICS", _("Field"), f"{a} → {b}", f"{b} → {a}", _("NMI"), title=_("By ICS field"))
        for f in found.fields:
            title = ics_title(f.code, f.titles, current_language())
            table.add_row(f.code, title, _share(f.a_to_b), _share(f.b_to_a), f"{f.information.symmetric:.3f}")
        out.print(table)
    out.print(_("{seconds:.1f} s").format(seconds=found.seconds))


def _count(coverage: Coverage, kind: str) -> str:
    return f"{coverage.counts[kind]:,} ({coverage.share(kind):.1%})"


def _share(coverage: Coverage) -> str:
    whole = coverage.standards or 1
    return f"{coverage.with_counterpart:,} / {coverage.standards:,} ({coverage.with_counterpart / whole:.1%})"
