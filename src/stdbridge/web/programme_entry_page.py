"""The page of one entry of a programme: ``/programmes/SLUG/entries/ID``.

It shows the standard of each party (its identifier linking to its record page, its titles in the party's language
and in English), the proposed and the settled degree, how the entry came into the draft and the evidence behind it
(the declared relation's path, the identifier, or the suggestion's score and clues), its basis (with the
equivalence assessment), the relation kind, the transition or exemption period, its state and stage, the rounds it
took, and whether an import put it back to review, and why. Its coordinator records symbiosis on it here
(``programme_forms``). The review rounds' answers and reservations are shown in the block ``_entry_review.html``
fills. A members-only programme's entries are shown to its members alone.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from stdbridge.accounts.roles import Actor
from stdbridge.api.access import actor_of
from stdbridge.catalog import Catalog
from stdbridge.counterparts.suggest import clue_label
from stdbridge.errors import NotFound
from stdbridge.i18n import _
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import Entry, Programme
from stdbridge.store import Store
from stdbridge.web.language import page_language
from stdbridge.web.programme_pages import done_notice
from stdbridge.web.programme_words import label
from stdbridge.web.site import site_of

router = APIRouter(include_in_schema=False)
CLUE_KINDS = ("title", "number", "ics", "date", "committee", "identifier")


def entry_of(store: Store, programme: Programme, entry_id: int) -> Entry | None:
    """The entry ``entry_id`` of ``programme``; None when there is none (or it is another programme's)."""
    found = store.entries_by_id([entry_id]).get(entry_id) if entry_id > 0 else None
    return found if found is not None and found.programme_id == programme.id else None


def evidence_lines(entry: Entry) -> list[tuple[str, str]]:
    """The evidence of an entry as (what, detail): a suggestion's clues by their names (``title 0.82: ...``), as
    the record pages name them; other evidence (a declared relation's path, a list's row, a note) as it is."""
    found = []
    for text in entry.evidence:
        kind, _space, rest = text.partition(" ")
        if kind in CLUE_KINDS and rest[:1].isdigit():
            found.append((clue_label(kind), rest))
        else:
            found.append(("", text))
    return found


def entry_context(catalog: Catalog, actor: Actor, slug: str, entry_id: int) -> dict[str, Any]:
    """What the entry's page shows to ``actor`` (``NotFound`` for an entry or programme they may not read)."""
    store = catalog.store
    programme = prog.programme_of(store, slug)
    if not prog.may_read(store, actor, programme):
        raise NotFound(_("no programme named {slug!r}").format(slug=slug[:80]))
    entry = entry_of(store, programme, entry_id)
    if entry is None:
        raise NotFound(_("{slug} has no entry {id}").format(slug=programme.slug, id=entry_id))
    held = store.standards_by_keys(s.edition_key for s in entry.standards)
    sides = []
    for party in programme.parties:
        named = entry.standard_of(party.code)
        standard = held.get(named.edition_key) if named else None
        titles = standard.titles if standard else {}
        shown = [(lang, titles[lang]) for lang in dict.fromkeys((party.language, "en")) if titles.get(lang)]
        if not shown and titles:  # neither the party's language nor English: the title it has
            shown = [next(iter(titles.items()))]
        sides.append({"party": party, "named": named, "standard": standard, "titles": shown})
    in_order = [entry.standard_of(party.code) for party in programme.parties]
    pair = " ↔ ".join(s.identifier for s in in_order if s is not None)  # in the parties' order
    return {"programme": programme, "entry": entry, "sides": sides, "pair": pair, "evidence": evidence_lines(entry),
            "coordinating": prog.is_coordinator(actor, programme), "label": label}  # fmt: skip


async def entry_page(request: Request, slug: str, entry_id: int, *, notice: str | None = None, done: str = "",
                     status: int = 200) -> Response:  # fmt: skip
    site, lang = site_of(request), page_language(request)
    context = await run_in_threadpool(entry_context, site.catalog, actor_of(request), slug, entry_id)
    context.update({"notice": notice, "done": done_notice(done, None)})
    return site.renderer.page(request, "programme_entry.html", context, lang=lang, status=status)


@router.get("/programmes/{slug}/entries/{entry_id}")
async def show_entry(request: Request, slug: str, entry_id: str, done: str = "") -> Response:
    number = int(entry_id) if entry_id.isdigit() and len(entry_id) < 10 else 0
    return await entry_page(request, slug, number, done=done[:20])
