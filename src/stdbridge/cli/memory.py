"""``stdbridge memory``: the translation memory from the command line: look a text up, import and export TMX, seed
the platform's memory from the catalogue and the lexicon, figures.

Commands act as the local administrator (every role, no personal memory), or with ``--token`` (or
``STDBRIDGE_TOKEN``) as that API token's user: their personal memory, their organisations', the platform's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor
from stdbridge.cli.base import Context, cli, emit_json, out
from stdbridge.i18n import _

SCOPES = ("personal", "organisation", "platform")
_TOKEN_HELP = "Act as this API token's user (default: the local administrator; also STDBRIDGE_TOKEN)."


def _actor(obj: Context, token: str | None) -> Actor:
    if not token:
        return LOCAL_ADMIN
    from stdbridge.accounts.service import Accounts

    return Accounts(obj.catalog.store).token_actor(token)


def _memory(obj: Context) -> Any:
    from stdbridge.translation.memory import TranslationMemory

    return TranslationMemory(obj.catalog.store)


@cli.group("memory")
def memory_group() -> None:
    """The translation memory: look up a text, import and export TMX, seed from the catalogue, figures."""


@memory_group.command("lookup")
@click.argument("text")
@click.option("--from", "source_lang", default="zh", show_default=True, help="The text's language.")
@click.option("--to", "target_lang", default="en", show_default=True, help="The language wanted.")
@click.option("--minimum", default=50, show_default=True, help="The lowest fuzzy score shown.")
@click.option("--limit", default=5, show_default=True)
@click.option("--token", envvar="STDBRIDGE_TOKEN", help=_TOKEN_HELP)
@click.option("--json", "as_json", is_flag=True, help="The matches as JSON.")
@click.pass_obj
def lookup(obj: Context, text: str, source_lang: str, target_lang: str, minimum: int, limit: int,
           token: str | None, as_json: bool) -> None:  # fmt: skip
    """The memory's best matches for TEXT: in-context 101, exact 100, fuzzy below, with the differences."""
    from stdbridge.translation.memory import match_json

    actor = _actor(obj, token)
    found = _memory(obj).matches(text, source_lang, target_lang, user_id=actor.user_id, minimum=minimum, limit=limit)
    if as_json:
        emit_json({"text": text, "matches": [match_json(m) for m in found]})
        return
    if not found:
        out.print(_("No match of {minimum} % or more.").format(minimum=minimum), markup=False)
    for match in found:
        out.print(f"{match.score:>3}  {match.unit.source}", markup=False)
        out.print(f"     → {match.unit.target}  [{match.unit.scope.value}, {match.unit.reference or ''}]", markup=False)


@memory_group.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--scope", type=click.Choice(SCOPES), default="personal", show_default=True,
              help="Whose memory: your own (contributor), an organisation's or the platform's (editor).")  # fmt: skip
@click.option("--organisation", "organisation_id", type=int, help="The organisation's id, for --scope organisation.")
@click.option("--token", envvar="STDBRIDGE_TOKEN", help=_TOKEN_HELP)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def import_command(obj: Context, path: Path, scope: str, organisation_id: int | None, token: str | None,
                   as_json: bool) -> None:  # fmt: skip
    """Import a TMX 1.4b file into a memory, all or nothing: a file with a bad unit is refused whole, each bad
    unit named with its line."""
    from stdbridge.translation.model import UnitScope
    from stdbridge.translation.tmx import import_tmx_file

    done = import_tmx_file(_memory(obj), _actor(obj, token), path, UnitScope(scope), organisation_id)
    if as_json:
        emit_json({"read": done.read, "added": done.added, "pairs": done.pairs})
        return
    pairs = ", ".join(f"{pair} {count}" for pair, count in done.pairs.items())
    out.print(_("{path}: {read} units read ({pairs}), {added} new to the memory.").format(
        path=path, read=done.read, pairs=pairs, added=done.added), markup=False)  # fmt: skip


@memory_group.command("export")
@click.option("--scope", type=click.Choice(SCOPES), default="platform", show_default=True)
@click.option("--organisation", "organisation_id", type=int, help="The organisation's id, for --scope organisation.")
@click.option("--from", "source_lang", default="zh", show_default=True)
@click.option("--to", "target_lang", default="en", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The TMX file to write.")  # fmt: skip
@click.option("--token", envvar="STDBRIDGE_TOKEN", help=_TOKEN_HELP)
@click.pass_obj
def export_command(obj: Context, scope: str, organisation_id: int | None, source_lang: str, target_lang: str,
                   output: Path, token: str | None) -> None:  # fmt: skip
    """Write the units of one memory and language pair as a TMX 1.4b file."""
    from stdbridge.translation.model import UnitScope
    from stdbridge.translation.tmx import export_tmx

    data = export_tmx(_memory(obj), _actor(obj, token), UnitScope(scope), source_lang, target_lang, organisation_id)
    output.write_bytes(data)
    out.print(_("Wrote {path} ({size} bytes).").format(path=output, size=len(data)), markup=False)


@memory_group.command("seed")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def seed_command(obj: Context, as_json: bool) -> None:
    """Seed the platform's memory from the catalogue's bilingual titles and the lexicon's glossary; running it again
    adds only what is new."""
    from stdbridge.translation.seeding import seed

    done = seed(_memory(obj), LOCAL_ADMIN)
    if as_json:
        emit_json({"offered": done.offered, "added": done.added})
        return
    offered = ", ".join(f"{origin} {count}" for origin, count in done.offered.items())
    out.print(_("Seeded the platform's memory: {offered} offered, {added} new.").format(
        offered=offered, added=done.added), markup=False)  # fmt: skip


@memory_group.command("stats")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def stats(obj: Context, as_json: bool) -> None:
    """How many units each memory holds, by scope and language pair."""
    figures = obj.catalog.store.memory_figures()
    if as_json:
        emit_json(figures)
        return
    if not figures:
        out.print(_("The translation memory is empty: 'stdbridge memory seed' fills the platform's."), markup=False)
    for key, count in figures.items():
        out.print(f"{key:<28} {count:>9}", markup=False)


@memory_group.command("align")
@click.argument("zh_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("en_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--save", is_flag=True, help="Save the pairs not flagged for checking into the memory.")
@click.option("--scope", type=click.Choice(("personal", "platform")), default="personal", show_default=True,
              help="Whose memory: your own (contributor) or the platform's (editor).")  # fmt: skip
@click.option("--token", envvar="STDBRIDGE_TOKEN", help=_TOKEN_HELP)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def align_command(obj: Context, zh_file: Path, en_file: Path, save: bool, scope: str, token: str | None,
                  as_json: bool) -> None:  # fmt: skip
    """Align the sentences of a Chinese document and its English counterpart (plain text or DOCX) and show the
    pairs with their confidence, '?' before those to check; --save puts the others into the memory."""
    from stdbridge.translation.alignment import align, read_sentences, save_alignment
    from stdbridge.translation.model import UnitScope

    pairs = align(read_sentences(zh_file), read_sentences(en_file))
    added = None
    if save:
        kept = [p for p in pairs if not p.flagged]
        added = save_alignment(_memory(obj), _actor(obj, token), kept, scope=UnitScope(scope),
                               reference=f"{zh_file.name} | {en_file.name}")  # fmt: skip
    if as_json:
        emit_json({"pairs": [p.to_json() for p in pairs], "added": added})
        return
    for pair in pairs:
        mark = "?" if pair.flagged else " "
        out.print(f"{mark} {pair.confidence:.2f}  {pair.zh_text}", markup=False)
        out.print(f"         {pair.en_text}", markup=False)
    flagged = sum(p.flagged for p in pairs)
    out.print(_("{count} pairs, {flagged} to check.").format(count=len(pairs), flagged=flagged), markup=False)
    if added is not None:
        out.print(_("{added} new units in the memory.").format(added=added), markup=False)
