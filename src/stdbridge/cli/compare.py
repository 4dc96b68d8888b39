"""Finding and comparing counterparts: suggest, accept, reject, compare, compare-batch, compatibility."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from stdbridge.catalog import Catalog
from stdbridge.catalog.links import kind_label
from stdbridge.cli.base import Context, cli, emit_json, out, read_lines, read_target
from stdbridge.compare import TextComparison, compare_texts
from stdbridge.compare.records import SideBySide
from stdbridge.compare.records_report import displayed, link_label
from stdbridge.compare.service import render_comparison, side_by_side_or_texts, text_labels
from stdbridge.counterparts.suggest import Suggestions, clue_label
from stdbridge.errors import StdbridgeError
from stdbridge.i18n import _, aside, in_clauses, labelled, listed, ngettext
from stdbridge.models import Degree, Verdict
from stdbridge.serialize import comparison_json, decision_json, suggestion_json, suggestions_json

_DEGREES = click.Choice([Degree.IDT.value, Degree.MOD.value, Degree.NEQ.value], case_sensitive=False)


# suggested counterparts ------------------------------------------------------------------------
@cli.command()
@click.argument("identifier", required=False)
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path),
              help="Suggest for one identifier a line ('-' for standard input); prints JSON Lines.")  # fmt: skip
@click.option("--body", help="Suggest standards of this body or series (ISO, IEC, JISC or JIS, SAC or GB, ...).")
@click.option("--country", help="Suggest standards of this country (JP, CN, INT, EU, 日本 ...).")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="A JSON list of suggestions with score and evidence.")
@click.pass_obj
def suggest(
    obj: Context, identifier: str | None, file_: Path | None, body: str | None, country: str | None, limit: int,
    as_json: bool,
) -> None:  # fmt: skip
    """Suggest counterparts that no relation declares, ranked, with the evidence for each.

    IDENTIFIER may name a standard the catalogue does not hold (BS EN ISO 9001:2015), or be a title in
    Chinese, Japanese, Russian, French, Spanish, German or English ("质量管理体系 要求")."""
    if (identifier is None) == (file_ is None):
        raise click.UsageError(_("give an identifier or --file, not both"))
    catalog = obj.filled_catalog()
    body, country = read_target(catalog, body, country)
    if file_ is not None:
        for text in read_lines(file_):
            click.echo(json.dumps(_suggest_line(catalog, text, body, country, limit), ensure_ascii=False))
        return
    assert identifier is not None
    found = catalog.suggest(identifier, body=body, country=country, limit=limit)
    if as_json:
        emit_json([suggestion_json(s) for s in found.suggestions])
        return
    _print_suggestions(found)


def _suggest_line(catalog: Catalog, text: str, body: str | None, country: str | None, limit: int) -> dict[str, Any]:
    try:
        found = catalog.suggest(text, body=body, country=country, limit=limit)
    except StdbridgeError as exc:
        return {"input": text, "error": str(exc)}
    return {"input": text, "identifier": found.standard.identifier, **suggestions_json(found)}


def _print_suggestions(found: Suggestions) -> None:
    out.print(_("Suggested counterparts of {identifier} (suggestions, not declared relations):").format(
        identifier=found.standard.identifier), style="bold")  # fmt: skip
    if found.suggestions:
        table = Table("#", _("Standard"), _("Title"), _("Score"), _("Degree?"), _("Evidence"))
        for rank, s in enumerate(found.suggestions, 1):
            evidence = in_clauses(
                labelled(f"{clue_label(c.kind)} +{c.points:.2f}", c.detail) for c in s.clues if c.points > 0
            )
            hint = s.degree_hint.value if s.degree_hint else ""
            table.add_row(str(rank), s.standard.identifier, s.standard.title(), f"{s.score:.2f}", hint, evidence)
        out.print(table)
    else:
        out.print(_("No suggestions."))
    if found.declared:
        declared = listed(aside(c.standard.identifier, kind_label(c.kind)) for c in found.declared)
        out.print(_("Already declared: {standards}").format(standards=declared))
    if found.rejected:
        out.print(
            ngettext(
                "{count} rejected candidate left out.", "{count} rejected candidates left out.", found.rejected
            ).format(count=found.rejected)
        )


def _who(by: str | None) -> str:
    return by or os.environ.get("STDBRIDGE_USER") or getpass.getuser()


@cli.command()
@click.argument("identifier")
@click.argument("counterpart")
@click.option("--degree", type=_DEGREES, required=True, help="Degree of correspondence (ISO/IEC Guide 21-1).")
@click.option("--by", help="Who accepts it (default: $STDBRIDGE_USER, else the login name).")
@click.option("--note", help="Why, or what differs.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def accept(
    obj: Context, identifier: str, counterpart: str, degree: str, by: str | None, note: str | None, as_json: bool
) -> None:
    """Accept COUNTERPART as a counterpart of IDENTIFIER: it becomes a declared 'equivalent' relation."""
    decision = obj.filled_catalog().decide(
        identifier, counterpart, Verdict.ACCEPTED, by=_who(by), degree=Degree(degree.upper()), note=note
    )
    if as_json:
        emit_json(decision_json(decision))
        return
    out.print(_("{source} is now equivalent ({degree}) to {target}: a suggestion accepted by {by}.").format(
        source=decision.source_key, degree=degree.upper(), target=decision.target_key, by=decision.by))  # fmt: skip


@cli.command()
@click.argument("identifier")
@click.argument("counterpart")
@click.option("--by", help="Who rejects it (default: $STDBRIDGE_USER, else the login name).")
@click.option("--note", help="Why.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reject(obj: Context, identifier: str, counterpart: str, by: str | None, note: str | None, as_json: bool) -> None:
    """Reject COUNTERPART as a counterpart of IDENTIFIER: it will not be suggested again."""
    decision = obj.filled_catalog().decide(identifier, counterpart, Verdict.REJECTED, by=_who(by), note=note)
    if as_json:
        emit_json(decision_json(decision))
        return
    out.print(_("{target} will no longer be suggested for {source} (rejected by {by}).").format(
        source=decision.source_key, target=decision.target_key, by=decision.by))  # fmt: skip


# comparing two standards -----------------------------------------------------------------------
@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--text-a", type=click.Path(dir_okay=False, path_type=Path), help="The full text of A (TXT, DOCX, PDF).")
@click.option("--text-b", type=click.Path(dir_okay=False, path_type=Path), help="The full text of B (TXT, DOCX, PDF).")
@click.option("--format", "format_", type=click.Choice(["table", "json", "html"]), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.pass_obj
def compare(
    obj: Context, a: str, b: str, text_a: Path | None, text_b: Path | None, format_: str, output: Path | None
) -> None:
    """Compare two standards side by side, and what links them; with their full texts, clause by clause."""
    if (text_a is None) != (text_b is None):
        raise click.UsageError(_("give both --text-a and --text-b, or neither"))
    catalog = obj.filled_catalog()
    side = side_by_side_or_texts(catalog, a, b, texts=text_a is not None)
    texts = None
    if text_a is not None and text_b is not None:
        label_a, label_b = text_labels(side, a, b)
        texts = compare_texts(text_a, text_b, label_a=label_a, label_b=label_b)
    if format_ == "json":
        _write(json.dumps(comparison_json(side, texts), ensure_ascii=False, indent=2) + "\n", output)
    elif format_ == "html":
        _write(render_comparison(side, texts), output)
    else:
        if side is not None:
            _print_side_by_side(side)
        if texts is not None:
            _print_text_summary(texts)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{output}: {exc.strerror}") from exc
    out.print(_("Written to {path}").format(path=output))


def _print_side_by_side(side: SideBySide) -> None:
    table = Table("", side.a.identifier, side.b.identifier, "")
    for row in side.rows:
        mark = {"same": "=", "partly": "≈", "different": "≠", None: ""}[row.match]
        shown = displayed(row)
        table.add_row(row.label, "\n".join(shown.a), "\n".join(shown.b), mark)
    out.print(table)
    c = side.connection
    out.print(_("Link: {link}").format(link=link_label(side)), style="bold")
    for step in c.path:
        out.print(f"  {step.source} —{_(step.relation)}→ {step.target}")
    if c.score is not None:
        out.print(_("Similarity score {score:.2f}: {evidence}").format(score=c.score, evidence=in_clauses(
            aside(f"{clue_label(clue.kind)} {clue.value:.2f}", clue.detail) for clue in c.clues)))  # fmt: skip
    if c.decision:
        out.print(_("Decided by {by} on {at}: {verdict}").format(
            by=c.decision.by, at=c.decision.at[:10], verdict=_(c.decision.verdict.value)))  # fmt: skip


def _print_text_summary(texts: TextComparison) -> None:
    counts = texts.counts()
    matched = ngettext("{count} clause matched", "{count} clauses matched", counts["matched"])
    clauses = listed(
        (
            matched.format(count=counts["matched"]),
            _("{count} changed").format(count=counts["changed"]),
            _("{count} added").format(count=counts["added"]),
            _("{count} missing").format(count=counts["missing"]),
        )
    )
    numeric = ngettext("{count} numeric difference", "{count} numeric differences", counts["requirement_changes"])
    references = ngettext("{count} reference compared", "{count} references compared", len(texts.references))
    out.print(_("Full texts: {clauses}; {numeric}; {references}.").format(
        clauses=clauses, numeric=numeric.format(count=counts["requirement_changes"]),
        references=references.format(count=len(texts.references))))  # fmt: skip
    for notice in texts.notices:
        out.print(f"  {notice.message}")
    out.print(_("The clause-by-clause report: --format html (or json)."))
