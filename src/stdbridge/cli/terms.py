"""``stdbridge terms``: the termbase of the translation workbench from the command line: find its terms in a text,
look terms up, show and add concepts, import and export TBX and CSV, seed it. The command line acts as the local
administrator, as ``stdbridge jobs`` does, and changes the platform's termbase."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.cli.base import Context, cli, emit_json, out
from stdbridge.i18n import _, ngettext
from stdbridge.translation.model import Concept, Term, TermStatus, UnitScope
from stdbridge.translation.termbase import deprecated_terms, preferred_terms
from stdbridge.translation.terms import Terms, concept_to_json, hit_to_json

_SCOPES = [UnitScope.PLATFORM.value, UnitScope.ORGANISATION.value]


def _terms_of(concept: Concept, lang: str) -> str:
    shown = [t.text for t in preferred_terms(concept, lang)]
    shown += [f"{t.text} ({_('deprecated')})" for t in deprecated_terms(concept, lang)]
    return "; ".join(shown)


def _status_label(status: TermStatus) -> str:
    labels = {TermStatus.PREFERRED: _("preferred"), TermStatus.ADMITTED: _("admitted"),
              TermStatus.DEPRECATED: _("deprecated")}  # fmt: skip
    return labels[status]


@cli.group()
def terms() -> None:
    """The termbase: find its terms in a text, look up, show and add concepts, import and export TBX/CSV, seed."""


@terms.command("find")
@click.argument("text")
@click.option("--from", "source_lang", default="zh", show_default=True, help="The language of TEXT.")
@click.option("--to", "target_lang", default="en", show_default=True, help="The language to translate into.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def terms_find(obj: Context, text: str, source_lang: str, target_lang: str, as_json: bool) -> None:
    """The termbase's terms in TEXT, with the terms to use in the other language."""
    hits = Terms(obj.catalog.store).recognise(text, source_lang, target_lang, LOCAL_ADMIN)
    if as_json:
        emit_json({"hits": [hit_to_json(h, text, target_lang) for h in hits]})
        return
    title = ngettext("{count} term found", "{count} terms found", len(hits)).format(count=len(hits))
    table = Table(_("Found"), _("Term"), _("Status"), _("Use"), _("Concept"), title=title)
    for h in hits:
        table.add_row(text[h.start : h.end], h.found.text, _status_label(h.found.status),
                      _terms_of(h.concept, target_lang), str(h.concept.id))  # fmt: skip
    out.print(table)


@terms.command("lookup")
@click.argument("text")
@click.option("--lang", help="Only terms in this language (en, zh ...).")
@click.option("--match", type=click.Choice(["prefix", "contains", "exact"]), default="prefix", show_default=True)
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def terms_lookup(obj: Context, text: str, lang: str | None, match: str, limit: int, as_json: bool) -> None:
    """Concepts with a term that begins with TEXT (or holds it, or is it), in Chinese, English or any language."""
    found = Terms(obj.catalog.store).search(text, LOCAL_ADMIN, lang=lang, match=match, limit=limit)
    if as_json:
        emit_json({"concepts": [concept_to_json(c) for c in found]})
        return
    title = ngettext("{count} concept", "{count} concepts", len(found)).format(count=len(found))
    table = Table(_("Concept"), "中文", "English", _("Source"), _("Domain"), title=title)
    for c in found:
        table.add_row(str(c.id), _terms_of(c, "zh"), _terms_of(c, "en"), c.source or "", c.domain or "")
    out.print(table)


@terms.command("show")
@click.argument("concept_id", type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def terms_show(obj: Context, concept_id: int, as_json: bool) -> None:
    """One concept: its terms by language with their status, definitions, source and domain."""
    concept = Terms(obj.catalog.store).concept(concept_id, LOCAL_ADMIN)
    if as_json:
        emit_json(concept_to_json(concept))
        return
    table = Table(_("Language"), _("Term"), _("Status"), title=_("Concept {id}").format(id=concept.id))
    for t in concept.terms:
        table.add_row(t.lang, t.text, _status_label(t.status))
    out.print(table)
    for lang, definition in concept.definitions.items():
        out.print(f"{_('Definition')} ({lang}): {definition}")
    for name, value in ((_("Source"), concept.source), (_("Domain"), concept.domain), (_("From"), concept.origin)):
        if value:
            out.print(f"{name}: {value}")


@terms.command("add")
@click.option("--zh", "zh_terms", multiple=True, help="A Chinese term (repeatable; the first is preferred).")
@click.option("--en", "en_terms", multiple=True, help="An English term (repeatable; the first is preferred).")
@click.option("--deprecated", multiple=True, help="A term of --zh or --en not to use (repeatable).")
@click.option("--definition-zh", help="The definition in Chinese.")
@click.option("--definition-en", help="The definition in English.")
@click.option("--source", help="The standard and clause that define it, e.g. 'IEC 60050-192:2015, 192-01-24'.")
@click.option("--domain", help="Its domain: an ICS code or a subject.")
@click.option("--scope", type=click.Choice(_SCOPES), default=UnitScope.PLATFORM.value, show_default=True)
@click.option("--organisation", type=click.IntRange(1), help="The organisation's id, for --scope organisation.")
@click.pass_obj
def terms_add(obj: Context, zh_terms: tuple[str, ...], en_terms: tuple[str, ...], deprecated: tuple[str, ...],
              definition_zh: str | None, definition_en: str | None, source: str | None, domain: str | None,
              scope: str, organisation: int | None) -> None:  # fmt: skip
    """Add a concept with its Chinese and English terms."""
    listed = [("zh", t) for t in zh_terms] + [("en", t) for t in en_terms]
    seen: set[str] = set()
    terms_: list[Term] = []
    for lang, text in listed:
        status = TermStatus.DEPRECATED if text in deprecated else (
            TermStatus.ADMITTED if lang in seen else TermStatus.PREFERRED)  # fmt: skip
        if status is not TermStatus.DEPRECATED:
            seen.add(lang)
        terms_.append(Term(lang, text, status))
    definitions = {lang: text for lang, text in (("zh", definition_zh), ("en", definition_en)) if text}
    concept = Concept(terms_, definitions, source, domain, UnitScope(scope), organisation)
    added = Terms(obj.catalog.store).add(LOCAL_ADMIN, concept)
    out.print(_("Concept {id} added.").format(id=added.id))


@terms.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_", type=click.Choice(["tbx", "csv"]), help="Default: the file's suffix.")
@click.option("--scope", type=click.Choice(_SCOPES), default=UnitScope.PLATFORM.value, show_default=True)
@click.option("--organisation", type=click.IntRange(1), help="The organisation's id, for --scope organisation.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def terms_import(obj: Context, path: Path, format_: str | None, scope: str, organisation: int | None,
                 as_json: bool) -> None:  # fmt: skip
    """Import the concepts of a TBX or CSV file; the entries that cannot be read are listed, the others kept."""
    kind = format_ or path.suffix.lower().lstrip(".")
    report = Terms(obj.catalog.store).import_file(LOCAL_ADMIN, path.read_bytes(), str(path), kind,
                                                 scope=UnitScope(scope), owner_id=organisation)  # fmt: skip
    if as_json:
        emit_json(report.to_json())
        return
    added = sum(report.added.values())
    out.print(ngettext("{count} concept added.", "{count} concepts added.", added).format(count=added))
    if report.rejected:
        table = Table(_("File"), _("Line"), _("Column"), _("Value"), _("Reason"),
                      title=_("Rejected entries ({count})").format(count=len(report.rejected)))  # fmt: skip
        for r in report.rejected:
            table.add_row(r.source, str(r.line), r.column, r.value[:80], r.reason)
        out.print(table)


@terms.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "format_", type=click.Choice(["tbx", "csv"]), help="Default: the file's suffix.")
@click.option("--scope", type=click.Choice([s.value for s in UnitScope]), help="Only the concepts of this scope.")
@click.pass_obj
def terms_export(obj: Context, path: Path, format_: str | None, scope: str | None) -> None:
    """Write the termbase to PATH as TBX or CSV ('-' writes to standard output, TBX unless --format says)."""
    kind = format_ or (path.suffix.lower().lstrip(".") if str(path) != "-" else "tbx")
    data = Terms(obj.catalog.store).export(LOCAL_ADMIN, kind, scope=UnitScope(scope) if scope else None)
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        return
    path.write_bytes(data)
    out.print(_("Termbase written to {path}.").format(path=path))


@terms.command("seed")
@click.option("--iev", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also the IEC Electropedia export (iev_20200330_export.csv; not shipped).")  # fmt: skip
@click.option("--mlgt", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also the ISO/TC 211 glossary (mlgt_terms.jsonl; not shipped).")  # fmt: skip
@click.option("--no-glossary", is_flag=True, help="Leave out stdbridge's glossary of standardization vocabulary.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def terms_seed(obj: Context, iev: Path | None, mlgt: Path | None, no_glossary: bool, as_json: bool) -> None:
    """Fill the platform's termbase from stdbridge's glossary (and the termbases given); a source seeded before
    is left as it is."""
    report = Terms(obj.catalog.store).seed(LOCAL_ADMIN, glossary=not no_glossary, iev=iev, mlgt=mlgt)
    if as_json:
        emit_json(report.to_json())
        return
    for origin, count in report.added.items():
        out.print(ngettext("{origin}: {count} concept added.", "{origin}: {count} concepts added.", count).format(
            origin=origin, count=count))  # fmt: skip
    for origin in report.skipped:
        out.print(_("{origin}: seeded before, left as it is.").format(origin=origin))
