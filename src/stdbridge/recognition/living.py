"""A living catalogue: an import that changes a standard a settled or published entry names puts the entry back to
review, with the reason, for its coordinator to see (on the programme page and in the change list).

``flag_changed_entries`` is called by the import (``catalog.ingest.import_path``) in its own transaction with the
import's change events (``models.ChangeEvent``): a standard *withdrawn* or *replaced*, a record *changed* (an
amendment, a new status or date), or a *new edition* of a standard's work (an ``added`` event whose work is that of
a named standard). Entries that are settled, or whose stage is sharing or symbiosis, are flagged
(``Entry.needs_review``); draft entries are not (they have not been agreed yet). One audit entry names the entries
flagged by an import.
"""

from __future__ import annotations

from collections.abc import Sequence

from stdbridge import audit
from stdbridge.audit import entry as actions
from stdbridge.i18n import _
from stdbridge.identifiers import parse
from stdbridge.models import ChangeEvent, ChangeKind
from stdbridge.recognition.model import Entry, EntryState, Stage
from stdbridge.store import Store

AGREED_STAGES = (Stage.SHARING, Stage.SYMBIOSIS)
_ENDING = {"status", "withdrawn", "replaced_by"}  # the fields a withdrawal or replacement changes


def agreed(entry: Entry) -> bool:
    """Whether the parties have agreed on the entry: settled, or published (sharing) or jointly developed."""
    return entry.state is EntryState.SETTLED or entry.stage in AGREED_STAGES


def _reason(event: ChangeEvent, named: str) -> str:
    if event.kind is ChangeKind.WITHDRAWN:
        return _("{identifier} was withdrawn ({at})").format(identifier=named, at=event.at[:10])
    if event.kind is ChangeKind.REPLACED:
        return _("{identifier} was replaced ({at})").format(identifier=named, at=event.at[:10])
    if event.kind is ChangeKind.ADDED:
        return _("a new edition of {identifier} was imported: {edition} ({at})").format(
            identifier=named, edition=event.identifier, at=event.at[:10])  # fmt: skip
    fields = ", ".join(event.detail.get("fields", ()))
    return _("{identifier} was amended: {fields} ({at})").format(identifier=named, fields=fields, at=event.at[:10])


def flag_changed_entries(store: Store, events: Sequence[ChangeEvent], actor: tuple[str, int | None]) -> list[Entry]:
    """Flag the agreed entries that name a standard these events change (see the module); returns them."""
    if not events:
        return []
    reasons: dict[str, list[ChangeEvent]] = {}  # edition key named by an entry -> the events about it
    for event in events:
        if event.kind is not ChangeKind.ADDED:
            reasons.setdefault(event.edition_key, []).append(event)
    added = [e for e in events if e.kind is ChangeKind.ADDED]
    if added:  # a new edition: the entries naming another edition of its work
        for event in added:
            try:
                work = parse(event.identifier).work_key
            except Exception:  # an identifier the parser cannot read names no work: nothing to flag
                continue
            for other in store.standards_of_work(work):
                if other.edition_key != event.edition_key:
                    reasons.setdefault(other.edition_key, []).append(event)
    if not reasons:
        return []
    flagged = []
    for entry in store.entries_naming(reasons):
        if not agreed(entry):
            continue
        why = []
        for s in entry.standards:
            told = reasons.get(s.edition_key, [])
            ended = any(e.kind in (ChangeKind.WITHDRAWN, ChangeKind.REPLACED) for e in told)
            for event in told:
                if ended and event.kind is ChangeKind.CHANGED and set(event.detail.get("fields", ())) <= _ENDING:
                    continue  # told by its withdrawn or replaced event
                why.append(_reason(event, s.identifier))
        if not why:
            continue
        prior = [r for r in (entry.needs_review or "").split("; ") if r]
        entry.needs_review = "; ".join(dict.fromkeys([*prior, *why]))
        store.update_entry(entry)
        flagged.append(entry)
    if flagged:
        audit.record(store, actor[0], actor[1], actions.PROGRAMME_FLAG, f"{len(flagged)} entries",
                     None, {"entries": [{"id": e.id, "programme_id": e.programme_id, "needs_review": e.needs_review}
                                        for e in flagged]})  # fmt: skip
    return flagged
