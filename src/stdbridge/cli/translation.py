"""``stdbridge translate``: translation projects from the command line: make one from a document, pre-translate it,
see its progress and the quality checks' findings, write out the translated document, a bilingual copy, XLIFF or
TMX. The command line acts as the local administrator, as ``stdbridge terms`` does; translating segment by segment
is the editor's work (``/translate/ID``)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.cli.base import Context, cli, emit_json, out, progress_bar
from stdbridge.i18n import _, ngettext
from stdbridge.translation.bilingual import status_label
from stdbridge.translation.model import SegmentStatus
from stdbridge.translation.projects import DOWNLOADS, Projects, progress_share


@cli.group()
def translate() -> None:
    """Translation projects: make one from a document, pre-translate, progress, findings, export."""


@translate.command("new")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source_lang", required=True, help="The document's language (zh, en ...).")
@click.option("--to", "target_lang", required=True, help="The language to translate into.")
@click.option("--title", help="The project's title (default: the file's name).")
@click.option("--standard", help="The standard the document is (its identifier or edition key).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def translate_new(obj: Context, path: Path, source_lang: str, target_lang: str, title: str | None,
                  standard: str | None, as_json: bool) -> None:  # fmt: skip
    """A translation project of the document at PATH (DOCX, XLIFF, text or Markdown), cut into segments."""
    projects = Projects(obj.catalog.store)
    project = projects.create(LOCAL_ADMIN, path.name, path.read_bytes(), source_lang, target_lang, title=title,
                              standard_key=standard)  # fmt: skip
    counts = projects.progress(project.id or 0)
    if as_json:
        emit_json({"id": project.id, "title": project.title, "segments": sum(counts.values())})
        return
    out.print(_("Project {id}: {title}, {count} segments.").format(id=project.id, title=project.title,
                                                                   count=sum(counts.values())))  # fmt: skip


@translate.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def translate_list(obj: Context, as_json: bool) -> None:
    """The translation projects, the newest first, with their progress."""
    store = obj.catalog.store
    projects = store.list_projects()
    counts = store.segment_counts([p.id for p in projects if p.id is not None])
    if as_json:
        emit_json({"projects": [{"id": p.id, "title": p.title, "source_lang": p.source_lang,
                                 "target_lang": p.target_lang, "progress": counts.get(p.id or 0, {})}
                                for p in projects]})  # fmt: skip
        return
    table = Table(_("Project"), _("Title"), _("Languages"), _("Progress"))
    for p in projects:
        share = progress_share(counts.get(p.id or 0, {}))
        table.add_row(str(p.id), p.title, f"{p.source_lang} → {p.target_lang}", f"{share:.0%}")
    out.print(table)


@translate.command("pretranslate")
@click.argument("project_id", type=click.IntRange(1))
@click.pass_obj
def translate_pretranslate(obj: Context, project_id: int) -> None:
    """Fill the project's new segments from the translation memory, then the configured engine
    (STDBRIDGE_MT_ENGINE; the offline engine by default), here and now, its progress drawn as it goes (the web
    and the API queue it as a job)."""
    with progress_bar(obj, json_output=False) as progress:
        report = Projects(obj.catalog.store).pretranslate(LOCAL_ADMIN, project_id, progress=progress)
    out.print(_("{filled} segments pre-translated; {kept} kept as they were.").format(filled=report.filled,
                                                                                   kept=report.kept))  # fmt: skip
    for failure in report.failures:
        out.print(f"  {failure.key}: {failure.reason}")


@translate.command("deliver")
@click.argument("project_id", type=click.IntRange(1))
@click.pass_obj
def translate_deliver(obj: Context, project_id: int) -> None:
    """Deliver a project whose segments are all approved; a standard's project gives the standard its translated
    title, shown as a contribution apart from the official titles."""
    title = Projects(obj.catalog.store).deliver(LOCAL_ADMIN, project_id)
    out.print(_("Delivered."))
    if title:
        out.print(_("The standard's page shows the translated title: {title}").format(title=title))


@translate.command("status")
@click.argument("project_id", type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def translate_status(obj: Context, project_id: int, as_json: bool) -> None:
    """The project's segments by status, and the quality checks' findings."""
    projects = Projects(obj.catalog.store)
    project = projects.project(LOCAL_ADMIN, project_id)
    counts = projects.progress(project_id)
    findings = projects.findings(LOCAL_ADMIN, project_id)
    if as_json:
        emit_json({"id": project.id, "title": project.title, "progress": counts,
                   "findings": [f.to_json() for f in findings]})  # fmt: skip
        return
    out.print(f"{project.title} ({project.source_lang} → {project.target_lang})")
    for status in SegmentStatus:
        out.print(f"  {status_label(status)}: {counts[status.value]}")
    out.print(ngettext("{count} finding", "{count} findings", len(findings)).format(count=len(findings)))
    for f in findings:
        out.print(f"  {f.key}: {f.message}")


@translate.command("export")
@click.argument("project_id", type=click.IntRange(1))
@click.option("--format", "kind", type=click.Choice(DOWNLOADS), default="document", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Where to write it (default: "
              "the file's own name in the current folder).")  # fmt: skip
@click.pass_obj
def translate_export(obj: Context, project_id: int, kind: str, output: Path | None) -> None:
    """Write the translated document (with the original's formatting), a bilingual copy, XLIFF or TMX."""
    found = Projects(obj.catalog.store).download(LOCAL_ADMIN, project_id, kind)
    target = output or Path(found.filename)
    target.write_bytes(found.content)
    out.print(_("Wrote {path}.").format(path=target))
