"""TMX 1.4b in and out of the translation memory, read and written by translate-toolkit (``tmxfile``).

Import: each translation unit (``<tu>``) of the file gives one memory unit per other language it holds, from its
source language (the ``<tu>``'s ``srclang``, else the header's; with ``*all*``, the first ``<tuv>``) to that
language. Languages are kept as their primary subtag in lower case (``zh-CN`` → ``zh``, ``EN-US`` → ``en``), as
the catalogue writes them. A ``<tu>`` is rejected, with its number and line, when it has no ``<tuv>`` in its source
language, no other language, or an empty segment; one rejected unit refuses the whole file (nothing is written),
and the error lists every rejection. A unit's first ``<note>`` is kept as its reference, the file's name otherwise.

Who may import: into one's personal memory a contributor, into an organisation's or the platform's an editor; the
audit log records each import (``memory.import``) in the transaction that writes its units.

Export: the units of a memory (a scope and owner) of one language pair, as a TMX file translate-toolkit reads back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml.etree import XMLSyntaxError  # type: ignore[import-untyped]
from translate.storage import tmx

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import MEMORY_IMPORT
from stdbridge.errors import Forbidden, ImportFailed, UsageError
from stdbridge.i18n import _
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import TranslationUnit, UnitOrigin, UnitScope

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class Rejection:
    """A ``<tu>`` that was not imported: its number in the file (from 1), its line, and why."""

    number: int
    line: int | None
    reason: str

    def __str__(self) -> str:
        return _("unit {number} (line {line}): {reason}").format(number=self.number, line=self.line, reason=self.reason)


class TmxRejected(ImportFailed):
    """A TMX file with units that cannot be imported; nothing was written."""

    def __init__(self, message: str, rejections: list[Rejection], *, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.rejections = rejections


@dataclass(frozen=True, slots=True)
class TmxImport:
    """What an import did: units read, units new to the memory, the language pairs found (``zh-en``: count)."""

    read: int
    added: int
    pairs: dict[str, int]


def primary_language(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].lower()


def role_for(scope: UnitScope) -> Role:
    """The role that writes into a memory of ``scope``: contributor for one's own, editor for a shared one."""
    return Role.CONTRIBUTOR if scope is UnitScope.PERSONAL else Role.EDITOR


def owner_for(actor: Actor, scope: UnitScope, organisation_id: int | None) -> int | None:
    """The owner of the units an actor writes into ``scope``: themselves, the organisation named, or nobody."""
    if scope is UnitScope.PERSONAL:
        if actor.user_id is None:
            raise UsageError(_("only a signed-in user has a personal translation memory"))
        return actor.user_id
    if scope is UnitScope.ORGANISATION:
        if organisation_id is None:
            raise UsageError(_("name the organisation of an organisation's memory, and only then"))
        return organisation_id
    if organisation_id is not None:
        raise UsageError(_("name the organisation of an organisation's memory, and only then"))
    return None


def read_tmx(
    data: bytes, name: str, scope: UnitScope, owner_id: int | None, created_by: int | None
) -> list[TranslationUnit]:
    """The memory units of a TMX file's content; ``TmxRejected`` lists every unit that cannot be read."""
    try:
        store = tmx.tmxfile.parsestring(data)  # type: ignore[no-untyped-call]
    except XMLSyntaxError as exc:
        raise ImportFailed(_("not a TMX file: {error}").format(error=exc.msg), source=name, line=exc.lineno) from exc
    root = store.document.getroot()
    header = root.find("header")
    if root.tag != "tmx" or header is None:
        raise ImportFailed(_("not a TMX file: it has no <tmx> root with a <header>"), source=name)
    default_source = header.get("srclang", "*all*")
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    units: list[TranslationUnit] = []
    rejected: list[Rejection] = []
    for number, tu in enumerate(store.getunits(), start=1):
        line = tu.xmlelement.sourceline
        texts: list[tuple[str, str]] = []
        for node in tu.getlanguageNodes():
            lang = node.get(XML_LANG) or node.get("lang") or ""
            texts.append((primary_language(lang), tu.getNodeText(node) or ""))
        source_tag = tu.xmlelement.get("srclang", default_source)
        source_lang = texts[0][0] if source_tag == "*all*" and texts else primary_language(source_tag)
        sources = [t for lang, t in texts if lang == source_lang]
        others = [(lang, t) for lang, t in texts if lang != source_lang]
        if not sources:
            rejected.append(
                Rejection(number, line, _("no segment in its source language {lang!r}").format(lang=source_lang))
            )
            continue
        if not others:
            rejected.append(
                Rejection(number, line, _("no segment in another language than {lang!r}").format(lang=source_lang))
            )
            continue
        if any(not t.strip() for t in [sources[0], *(t for _lang, t in others)]):
            rejected.append(Rejection(number, line, _("an empty segment")))
            continue
        notes = tu.getnotes().strip()
        reference = notes.splitlines()[0] if notes else name
        for lang, text in others:
            units.append(TranslationUnit(source_lang, lang, sources[0], text, scope, UnitOrigin.TMX, owner_id,
                                         reference=reference, created_by=created_by, created_at=at))  # fmt: skip
    if rejected:
        raise TmxRejected(
            _("{count} of the file's units cannot be imported; nothing was imported: {first}").format(
                count=len(rejected), first="; ".join(str(r) for r in rejected[:5])
            ),
            rejected,
            source=name,
        )
    if not units:
        raise ImportFailed(_("the TMX file holds no translation units"), source=name)
    return units


def import_tmx(memory: TranslationMemory, actor: Actor, data: bytes, name: str, scope: UnitScope,
               organisation_id: int | None = None) -> TmxImport:  # fmt: skip
    """Import a TMX file's units into a memory, all or nothing (see the module's docstring)."""
    require(actor, role_for(scope))
    owner = owner_for(actor, scope, organisation_id)
    units = read_tmx(data, name, scope, owner, actor.user_id)
    pairs: dict[str, int] = {}
    for unit in units:
        key = f"{unit.source_lang}-{unit.target_lang}"
        pairs[key] = pairs.get(key, 0) + 1
    store = memory.store
    with store.transaction():
        added = memory.add(units)
        audit.record(store, actor.name, actor.user_id, MEMORY_IMPORT, f"translation memory {scope.value}"
                     + (f" {owner}" if owner is not None else ""), None,
                     {"file": name, "read": len(units), "added": added, "pairs": pairs})  # fmt: skip
    return TmxImport(len(units), added, pairs)


def import_tmx_file(memory: TranslationMemory, actor: Actor, path: Path, scope: UnitScope,
                    organisation_id: int | None = None) -> TmxImport:  # fmt: skip
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            _("cannot read {path}: {error}").format(path=path, error=exc.strerror), source=str(path)
        ) from exc
    return import_tmx(memory, actor, data, str(path), scope, organisation_id)


def write_tmx(units: Iterable[TranslationUnit], source_lang: str, target_lang: str) -> bytes:
    """A TMX 1.4b document of the units (written by translate-toolkit)."""
    document = tmx.tmxfile(sourcelanguage=source_lang, targetlanguage=target_lang)
    for unit in units:
        document.addtranslation(unit.source, source_lang, unit.target, target_lang, comment=unit.reference or None)
    return bytes(document)


def export_tmx(memory: TranslationMemory, actor: Actor, scope: UnitScope, source_lang: str, target_lang: str,
               organisation_id: int | None = None) -> bytes:  # fmt: skip
    """The units of one memory and language pair as TMX: one's own personal memory, an organisation's (its
    members) or the platform's (anyone)."""
    if scope is UnitScope.PERSONAL:
        owner = owner_for(actor, scope, None)
    elif scope is UnitScope.ORGANISATION:
        owner = owner_for(actor, scope, organisation_id)
        if not actor.can(Role.EDITOR) and owner not in memory.organisations_of(actor.user_id):
            raise Forbidden(_("only the members of an organisation export its memory"))
    else:
        owner = None
    units = memory.store.iter_units(scope=scope, owner_id=owner, source_lang=source_lang, target_lang=target_lang)
    return write_tmx(units, source_lang, target_lang)
