"""``stdbridge verify`` (check a signed release offline) and ``stdbridge release``: publishing a programme's next
release (``publish``: as the local administrator, or with ``--token`` as the token's user, who must be the
programme's coordinator), a programme's releases (``list``), its public key (``key``), the difference between two
releases (``diff``), and a release written out as CSV, XLSX, printable HTML, the signed JSON or a partner pair's
comparison report (``export``).

A release is named by its file, or as ``SLUG@NUMBER`` (release NUMBER of programme SLUG in the catalogue).
``verify`` and the commands given files need no database: anyone who downloaded a release checks it with nothing
but this command and the programme's public key."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from stdbridge.accounts.roles import LOCAL_ADMIN
from stdbridge.cli.base import Context, cli, emit_json, err, out
from stdbridge.errors import UsageError
from stdbridge.i18n import _, ngettext

EXPORT_FORMATS = ("csv", "xlsx", "html", "json", "pair")


def _named(obj: Context, name: str) -> Any:
    """The signed release named ``name``: a file, or ``SLUG@NUMBER`` in the catalogue."""
    slug, at, number = name.rpartition("@")
    if at and slug and number.isdigit() and not Path(name).exists():
        from stdbridge.recognition.publishing import programme_release, signed_file

        return signed_file(programme_release(obj.catalog.store, slug, int(number), LOCAL_ADMIN))
    return _read(Path(name))


def _read(path: Path) -> Any:
    from stdbridge.recognition.signing import read_release

    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(_("Cannot read the file: {reason}").format(reason=error.strerror), source=str(path)) from error
    return read_release(data, str(path))


@cli.command()
@click.argument("release", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--key", "key_path", type=click.Path(path_type=Path, dir_okay=False),
              help="The programme's public key (PEM, or the base64 of its 32 bytes); without it, the key the file "
                   "names is used, which proves nothing by itself.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="What was found, as JSON.")
def verify(release: Path, key_path: Path | None, as_json: bool) -> None:
    """Check a signed release offline, with no database: that the file is exactly what was signed, by the key given,
    and that its entries agree with the audit entries it cites; exit 1 when anything does not."""
    from stdbridge.recognition.signing import read_public_key, verify_release

    key = None
    if key_path is not None:
        try:
            text = key_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(_("Cannot read the key: {reason}").format(reason=error), source=str(key_path)) from error
        key = read_public_key(text, source=str(key_path))
    found = verify_release(_read(release), key)
    if as_json:
        emit_json(found.to_json())
    else:
        for warning in found.warnings:
            err.print(_("Warning: {message}").format(message=warning), markup=False)
        if found.ok:
            summary = ngettext(
                "Release {version} of {programme} verifies: {count} entry, signed by {fingerprint}, audit log head "
                "{seq} {hash}.",
                "Release {version} of {programme} verifies: {count} entries, signed by {fingerprint}, audit log head "
                "{seq} {hash}.",
                found.entries,
            )
            out.print(summary.format(version=f"v{found.number}", programme=found.programme, count=found.entries,
                                     fingerprint=found.fingerprint, seq=found.audit_head[0],
                                     hash=found.audit_head[1]), markup=False)  # fmt: skip
        else:
            heading = ngettext("{path} does not verify ({count} problem):",
                               "{path} does not verify ({count} problems):", len(found.problems))  # fmt: skip
            err.print(heading.format(path=release, count=len(found.problems)), markup=False)
            for problem in found.problems:
                err.print(f"  - {problem}", markup=False)
    if not found.ok:
        sys.exit(1)


@cli.group("release")
def release_group() -> None:
    """Releases of a recognition programme: publish, list, public key, the difference between two, exports (CSV, XLSX,
    HTML, JSON)."""


def _carried(given: tuple[str, ...]) -> dict[int, str]:
    """``--carry ENTRY_ID=NOTE`` options as notes by entry id; ``UsageError`` names an option that is not one."""
    notes: dict[int, str] = {}
    for text in given:
        entry, equals, note = text.partition("=")
        if not equals or not entry.strip().isdigit() or not note.strip():
            raise UsageError(_("Write --carry ENTRY_ID=NOTE (--carry 12='The 2010 edition keeps the adoption.'), not "
                               "{value!r}.").format(value=text))  # fmt: skip
        notes[int(entry)] = note.strip()
    return notes


@release_group.command("publish")
@click.argument("slug")
@click.option("--carry", "carry", multiple=True, metavar="ENTRY_ID=NOTE",
              help="Carry an entry flagged 'needs review' into the release with this note (repeatable).")  # fmt: skip
@click.option("--token", envvar="STDBRIDGE_TOKEN", help="Act as this API token's user (default: the local "
              "administrator; also STDBRIDGE_TOKEN).")  # fmt: skip
@click.option("--keys", "keys_folder", type=click.Path(path_type=Path, file_okay=False),
              help="The keys folder (default: STDBRIDGE_KEYS, else keys/ beside the catalogue).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="The release's summary, as JSON.")
@click.pass_obj
def publish(obj: Context, slug: str, carry: tuple[str, ...], token: str | None, keys_folder: Path | None,
            as_json: bool) -> None:  # fmt: skip
    """Publish the next release of programme SLUG: its settled entries, signed with the programme's key."""
    from stdbridge.accounts.service import Accounts
    from stdbridge.api.releases import release_summary
    from stdbridge.recognition.programmes import programme_of
    from stdbridge.recognition.publishing import publish_programme
    from stdbridge.recognition.signing import KeyFolder, default_keys_folder

    notes = _carried(carry)
    store = obj.catalog.store
    actor = Accounts(store).token_actor(token) if token else LOCAL_ADMIN
    keys = KeyFolder(keys_folder or default_keys_folder(obj.location))
    made = publish_programme(store, keys, programme_of(store, slug), actor, carried=notes)
    summary = release_summary(slug, made)
    entries = made.document.get("entries")
    count = len(entries) if isinstance(entries, list) else 0
    if as_json:
        emit_json({**summary, "entries": count})
        return
    out.print(_("Published {version} of {slug}: {count} entries, signed by {fingerprint}.").format(
        version=summary["version"], slug=slug, count=count, fingerprint=summary["fingerprint"]),
        markup=False)  # fmt: skip


@release_group.command("list")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_releases(obj: Context, slug: str, as_json: bool) -> None:
    """The releases of programme SLUG: number, when, the audit log head each cites, the key's fingerprint."""
    from rich.table import Table

    from stdbridge.api.releases import release_summary
    from stdbridge.recognition.publishing import programme_releases

    _programme_id, found = programme_releases(obj.catalog.store, slug, LOCAL_ADMIN)
    summaries = [release_summary(slug, r) for r in found]
    if as_json:
        emit_json({"programme": slug, "releases": summaries})
        return
    table = Table(_("Release"), _("Published"), _("Audit log head"), _("Fingerprint"), title=slug)
    for r in found:
        table.add_row(f"v{r.number}", r.published_at, f"{r.audit_seq} {r.audit_hash[:16]}…",
                      str(next(s["fingerprint"] for s in summaries if s["number"] == r.number)))  # fmt: skip
    out.print(table)


@release_group.command("key")
@click.argument("slug")
@click.option("--keys", "keys_folder", type=click.Path(path_type=Path, file_okay=False),
              help="The keys folder (default: STDBRIDGE_KEYS, else keys/ beside the catalogue).")  # fmt: skip
@click.pass_obj
def key(obj: Context, slug: str, keys_folder: Path | None) -> None:
    """The public key of programme SLUG (PEM) and its fingerprint, to publish."""
    from stdbridge.recognition.signing import KeyFolder, default_keys_folder, fingerprint, public_pem

    public = KeyFolder(keys_folder or default_keys_folder(obj.location)).public_key_of(slug)
    if public is None:
        raise UsageError(_("The programme {slug} has no signing key yet: it is made at its first release.").format(
            slug=slug))  # fmt: skip
    click.echo(public_pem(public), nl=False)
    click.echo(fingerprint(public))


@release_group.command("diff")
@click.argument("older")
@click.argument("newer")
@click.option("--format", "format_", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here, not to the screen.")
@click.pass_obj
def diff(obj: Context, older: str, newer: str, format_: str, output: Path | None) -> None:
    """Entries added, removed and changed (with what changed) from release OLDER to NEWER (files, or SLUG@NUMBER)."""
    import orjson

    from stdbridge.recognition.release import diff_releases
    from stdbridge.recognition.release_export import diff_to_csv

    found = diff_releases(_document(_named(obj, older), older), _document(_named(obj, newer), newer))
    if format_ == "csv":
        _write(diff_to_csv(found), output)
    elif format_ == "json":
        _write(orjson.dumps(found.to_json(), option=orjson.OPT_INDENT_2) + b"\n", output)
    else:
        lines = [_("From v{older} to v{newer}: {added} added, {removed} removed, {changed} changed.").format(
            older=found.older, newer=found.newer, added=len(found.added), removed=len(found.removed),
            changed=len(found.changed))]  # fmt: skip
        lines += [f"+ {e['id']} {_label(e)}" for e in found.added]
        lines += [f"- {e['id']} {_label(e)}" for e in found.removed]
        for change in found.changed:
            lines.append(f"~ {change.entry_id} {change.label}")
            lines += [f"    {name}: {before!r} -> {after!r}" for name, (before, after) in change.fields.items()]
        _write(("\n".join(lines) + "\n").encode(), output)


@release_group.command("export")
@click.argument("release")
@click.option("--format", "format_", type=click.Choice(EXPORT_FORMATS), required=True,
              help="csv, xlsx, html (printable, bilingual), json (the signed file) or pair (the comparison report "
                   "of two partners, with --pair).")  # fmt: skip
@click.option("--pair", help="The two parties of the comparison report, e.g. CN,RU.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here, not to the screen.")
@click.pass_obj
def export(obj: Context, release: str, format_: str, pair: str | None, output: Path | None) -> None:
    """Write RELEASE (a file, or SLUG@NUMBER) as CSV, XLSX, printable bilingual HTML, JSON, or a partner pair's
    report."""
    import orjson

    from stdbridge.recognition import release_export

    signed = _named(obj, release)
    document = _document(signed, release)
    if format_ == "pair":
        first, _sep, second = (pair or "").partition(",")
        if not second:
            raise UsageError(_("Name the two parties of the report: --pair CN,RU."))
        _write(release_export.pair_report_html(document, first.strip(), second.strip()).encode(), output)
    elif format_ == "csv":
        _write(release_export.to_csv(document), output)
    elif format_ == "xlsx":
        if output is None and sys.stdout.isatty():
            raise UsageError(_("A workbook is not for the screen: give --output FILE.xlsx."))
        _write(release_export.to_xlsx(document), output)
    elif format_ == "html":
        _write(release_export.to_html(document).encode(), output)
    else:
        _write(orjson.dumps(signed, option=orjson.OPT_INDENT_2) + b"\n", output)


def _document(signed: Any, name: str) -> dict[str, Any]:
    if not isinstance(signed, dict) or not isinstance(signed.get("document"), dict):
        raise UsageError(_("This is not a signed release: no 'document' object."), source=name)
    document: dict[str, Any] = signed["document"]
    return document


def _label(entry: dict[str, Any]) -> str:
    from stdbridge.recognition.release import entry_label

    return entry_label(entry)


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
