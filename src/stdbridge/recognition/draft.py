"""The draft catalogue of a programme: what stdbridge knows over the programme's scope, pairs imported from a list,
and pairs added by hand.

**Drafting** (``draft``). The standards of each party are those of its systems (``Party.bodies``: a body or a
country, as ``analytics.compatibility.scope.scope_members`` reads them: whole documents in force) under the
scope's ICS fields, narrowed to its committees and to its list of standards when the scope gives them. The
first party is paired with each other party:

1. *declared and identifier-named counterparts*, read by the one reading of links (``catalog.links.counterparts_of``
   without related editions): an entry whose every step is an identifier's evidence is ``identifier``, else
   ``declared``; its proposed degree is the link's (EQV read as MOD; a link whose degree is not given proposes NEQ),
   its basis an adoption, its evidence the path of relations;
2. *suggestions* of the bulk suggester (``counterparts.bulk.BulkSuggester``, the best one above the threshold) for
   every standard of either side that step 1 left without a counterpart: ``suggested``, with the score and the
   clues as evidence, basis an assessment still to be made, degree the clues' hint (NEQ without one).

A pair the programme holds already is not added again, so drafting twice adds nothing.

**Importing pairs** (``import_pairs``). A CSV or XLSX file, one pair a row, whose header names the parties' codes
(one column each) and optionally ``degree``, ``product_class``, ``basis``, ``kind``, ``transition_from`` and
``transition_until``. Every identifier is resolved as search resolves it; any unknown identifier or bad value is
reported with its row and value, and then nothing is imported.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stdbridge import audit
from stdbridge.accounts.roles import Actor
from stdbridge.analytics.compatibility.scope import Scope as SystemScope
from stdbridge.analytics.compatibility.scope import scope_members
from stdbridge.audit import entry as actions
from stdbridge.catalog import Catalog
from stdbridge.catalog.links import Counterpart, counterparts_of
from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD, BulkSuggester
from stdbridge.errors import StdbridgeError, UsageError
from stdbridge.i18n import _
from stdbridge.models import Degree, Evidence, Standard
from stdbridge.recognition.model import (
    Assessment,
    Basis,
    Entry,
    EntryDegree,
    EntryStandard,
    Origin,
    Party,
    Programme,
    RelationKind,
)
from stdbridge.recognition.programmes import require_coordinator
from stdbridge.runtime import now_iso
from stdbridge.store import Store

OPTIONAL_COLUMNS = ("degree", "product_class", "basis", "kind", "transition_from", "transition_until")
_REPORTED = 20  # bad rows named in one message


class BadRow(UsageError):
    """One row of a list of pairs that cannot be read: ``row`` its number, ``column`` and ``value`` what is wrong
    with it (empty when the row as a whole is)."""

    def __init__(self, message: str, *, row: int, column: str = "", value: str = "") -> None:
        super().__init__(message)
        self.row, self.column, self.value = row, column, value


class PairsRefused(UsageError):
    """A list of pairs refused as a whole (nothing imported): ``rows`` holds each bad row, the message names the
    first ``_REPORTED`` of them."""

    def __init__(self, message: str, rows: list[BadRow]) -> None:
        super().__init__(message)
        self.rows = rows


@dataclass(slots=True)
class DraftSummary:
    """What a draft added: entries by origin, the sizes of the parties' sides and the time it took."""

    added: dict[str, int]
    sides: dict[str, int]
    seconds: float
    skipped: int  # pairs the programme held already

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "sides": self.sides, "seconds": round(self.seconds, 3), "skipped": self.skipped}


def party_standards(catalog: Catalog, programme: Programme, party: Party) -> dict[int, Standard]:
    """The standards of ``party`` in the programme's scope (see the module)."""
    found: dict[int, Standard] = {}
    for system in party.bodies:
        kind, _colon, code = system.partition(":")
        scope = SystemScope(kind, code)
        for field in programme.scope.ics or (None,):
            found.update((s.id, s) for s in scope_members(catalog, scope, ics=field) if s.id is not None)
    if programme.scope.committees:
        wanted = tuple(c.upper() for c in programme.scope.committees)
        found = {i: s for i, s in found.items() if (s.committee or "").upper().startswith(wanted)}
    if programme.scope.standards:
        listed = set(programme.scope.standards)
        found = {i: s for i, s in found.items() if s.edition_key in listed}
    return found


def entry_degree(degree: Degree | None) -> EntryDegree:
    if degree is None:
        return EntryDegree.NEQ
    return EntryDegree.MOD if degree is Degree.EQV else EntryDegree(degree.value)


def _path_text(counterpart: Counterpart) -> str:
    steps = [f"{s.source} {s.relation} {s.target}" + (f" ({s.degree.value})" if s.degree else "")
             for s in counterpart.path]  # fmt: skip
    return "; ".join(steps) + f" [{', '.join(counterpart.evidence)}]"


def _pair_key(entry: Entry) -> tuple[str, ...]:
    return tuple(sorted(f"{s.party}={s.edition_key}" for s in entry.standards))


def draft_entries(catalog: Catalog, programme: Programme, *, threshold: float = SUGGESTION_THRESHOLD) -> tuple[
        list[Entry], dict[str, int]]:  # fmt: skip
    """The entries stdbridge proposes over the programme's scope (see the module), and the size of each side."""
    assert programme.id is not None
    first, *others = programme.parties
    side_a = party_standards(catalog, programme, first)
    sides = {first.code: len(side_a)}
    at = now_iso()
    entries: list[Entry] = []
    suggester = None
    for other in others:
        side_b = party_standards(catalog, programme, other)
        sides[other.code] = len(side_b)
        linked_a: set[int] = set()
        linked_b: set[int] = set()
        for a_id, a in sorted(side_a.items(), key=lambda item: item[1].identifier):
            for c in counterparts_of(catalog.store, a, related=False):
                b_id = c.standard.id
                if b_id is None or b_id not in side_b or b_id == a_id:
                    continue
                named = all(step.evidence == Evidence.IDENTIFIER for step in c.path)
                entries.append(_entry(programme.id, first, a, other, side_b[b_id], entry_degree(c.degree),
                                      Origin.IDENTIFIER if named else Origin.DECLARED, Basis.ADOPTION,
                                      (_path_text(c),), None, at))  # fmt: skip
                linked_a.add(a_id)
                linked_b.add(b_id)
        if suggester is None:
            suggester = catalog.suggester()
        for sources, targets, flip in ((side_a, side_b, False), (side_b, side_a, True)):
            need = [s for i, s in sources.items() if i not in (linked_b if flip else linked_a)]
            if not need or not targets:
                continue
            bests = BulkSuggester(suggester, targets.values()).best(need, threshold=threshold)
            for source, best in zip(need, bests, strict=True):
                for s in best:
                    a, b = (s.standard, source) if flip else (source, s.standard)
                    clues = tuple(f"{c.kind} {c.value:.2f}: {c.detail}" for c in s.clues)
                    entries.append(_entry(programme.id, first, a, other, b, entry_degree(s.degree_hint),
                                          Origin.SUGGESTED, Basis.ASSESSMENT, clues, s.score, at))  # fmt: skip
    unique: dict[tuple[str, ...], Entry] = {}
    for entry in entries:  # declared ones come first: a suggestion of the same pair is dropped
        unique.setdefault(_pair_key(entry), entry)
    return list(unique.values()), sides


def _entry(programme_id: int, party_a: Party, a: Standard, party_b: Party, b: Standard, degree: EntryDegree,
           origin: Origin, basis: Basis, evidence: tuple[str, ...], score: float | None, at: str) -> Entry:  # fmt: skip
    standards = (EntryStandard(party_a.code, a.edition_key, a.identifier),
                 EntryStandard(party_b.code, b.edition_key, b.identifier))  # fmt: skip
    return Entry(None, programme_id, standards, degree, origin, basis, evidence=evidence, score=score, created_at=at)


def draft(catalog: Catalog, actor: Actor, programme: Programme, *, threshold: float = SUGGESTION_THRESHOLD) -> (
        DraftSummary):  # fmt: skip
    """Add what stdbridge proposes over the scope to the programme's draft catalogue: the coordinator's action."""
    require_coordinator(actor, programme)
    assert programme.id is not None
    started = time.perf_counter()
    proposed, sides = draft_entries(catalog, programme, threshold=threshold)
    store = catalog.store
    held = {_pair_key(e) for e in store.entries_of(programme.id)[0]}
    fresh = [e for e in proposed if _pair_key(e) not in held]
    added: dict[str, int] = {}
    for e in fresh:
        added[e.origin.value] = added.get(e.origin.value, 0) + 1
    summary = DraftSummary(added, sides, 0.0, len(proposed) - len(fresh))
    with store.transaction():
        store.add_entries(fresh)
        audit.record(store, actor.name, actor.user_id, actions.PROGRAMME_DRAFT, f"programme {programme.slug}", None,
                     {"added": added, "sides": sides, "threshold": threshold})  # fmt: skip
    summary.seconds = time.perf_counter() - started
    return summary


# pairs from a list ------------------------------------------------------------------------------------------------
def read_pair_rows(data: bytes, source: str) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX list of pairs (by the file name's suffix), each keyed by its header's names."""
    if source.lower().endswith(".xlsx"):
        import openpyxl

        try:
            sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # a damaged or foreign file: openpyxl raises many kinds
            raise UsageError(
                _("{source}: not a readable XLSX file ({error})").format(source=source, error=exc)
            ) from exc
        rows = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UsageError(_("{source}: not UTF-8 text (byte {at})").format(source=source, at=exc.start)) from exc
        rows = [[v.strip() for v in row] for row in csv.reader(io.StringIO(text))]
    rows = [r for r in rows if any(r)]
    if not rows:
        raise UsageError(_("{source}: the list is empty").format(source=source))
    header = [h.strip().lower() for h in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:]]


def _choice(kind: type[Any], value: str, row: int, column: str, source: str) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        known = ", ".join(v.value for v in kind)
        raise BadRow(_("{source}, row {row}, column {column}: {value!r} is none of {known}").format(
            source=source, row=row, column=column, value=value, known=known), row=row, column=column,
            value=value) from None  # fmt: skip


def entries_from_rows(catalog: Catalog, programme: Programme, rows: Sequence[dict[str, str]], source: str, *,
                      origin: Origin = Origin.IMPORTED, first_row: int = 2) -> list[Entry]:  # fmt: skip
    """The entries of a list's rows (``first_row``: the number of the first, after the header); every bad row is
    reported (the first ``_REPORTED``) in one ``UsageError``."""
    assert programme.id is not None
    codes = [p.code for p in programme.parties]
    columns = {c.lower(): c for c in codes}
    present = set(rows[0]) if rows else set()
    if rows and len(present & columns.keys()) < 2:
        raise UsageError(_("{source}: the header names no two parties of {slug} ({codes}); it has {header}").format(
            source=source, slug=programme.slug, codes=", ".join(codes), header=", ".join(sorted(present))))  # fmt: skip
    problems: list[BadRow] = []
    entries: list[Entry] = []
    at = now_iso()
    for number, row in enumerate(rows, first_row):
        try:
            entries.append(_row_entry(catalog, programme.id, row, columns, source, number, origin, at))
        except BadRow as exc:
            problems.append(exc)
        except StdbridgeError as exc:
            problems.append(BadRow(str(exc), row=number))
    if problems:
        more = len(problems) - _REPORTED
        shown = [str(p) for p in problems[:_REPORTED]]
        shown += [_("... and {count} more").format(count=more)] if more > 0 else []
        raise PairsRefused(_("nothing was imported:") + "\n" + "\n".join(shown), problems)
    return entries


def _row_entry(catalog: Catalog, programme_id: int, row: dict[str, str], columns: dict[str, str], source: str,
               number: int, origin: Origin, at: str) -> Entry:  # fmt: skip
    standards = []
    for column, code in columns.items():
        value = row.get(column, "").strip()
        if not value:
            continue
        try:
            found = catalog.resolve(value).standard
        except StdbridgeError:
            raise BadRow(_("{source}, row {row}, column {column}: unknown identifier {value!r}").format(
                source=source, row=number, column=code, value=value), row=number, column=code,
                value=value) from None  # fmt: skip
        standards.append(EntryStandard(code, found.edition_key, found.identifier))
    if len(standards) < 2:
        raise BadRow(_("{source}, row {row}: a pair needs the standards of two parties").format(
            source=source, row=number), row=number)  # fmt: skip
    degree = _choice(EntryDegree, row.get("degree", "").upper().replace("NOT-EQUIVALENT", "not-equivalent"), number,
                     "degree", source) or EntryDegree.NEQ  # fmt: skip
    basis = _choice(Basis, row.get("basis", "").lower(), number, "basis", source) or Basis.ADOPTION
    kind = _choice(RelationKind, row.get("kind", "").lower(), number, "kind", source)
    dates = [row.get(c, "").strip() or None for c in ("transition_from", "transition_until")]
    for name, date in zip(("transition_from", "transition_until"), dates, strict=True):
        if date is not None and not _is_date(date):
            raise BadRow(_("{source}, row {row}, column {column}: {value!r} is not a date (2026-12-31)").format(
                source=source, row=number, column=name, value=date), row=number, column=name,
                value=date)  # fmt: skip
    return Entry(None, programme_id, tuple(standards), degree, origin, basis, kind=kind,
                 product_class=row.get("product_class", "").strip() or None, transition_from=dates[0],
                 transition_until=dates[1], evidence=(f"{source}, row {number}",), created_at=at)  # fmt: skip


def _is_date(value: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def import_pairs(catalog: Catalog, actor: Actor, programme: Programme, data: bytes, source: str) -> list[Entry]:
    """Import a list of pairs into the draft catalogue, all rows or none: the coordinator's action."""
    require_coordinator(actor, programme)
    entries = entries_from_rows(catalog, programme, read_pair_rows(data, source), source)
    store = catalog.store
    with store.transaction():
        store.add_entries(entries)
        audit.record(store, actor.name, actor.user_id, actions.PROGRAMME_IMPORT, f"programme {programme.slug}",
                     None, {"source": source, "entries": [e.id for e in entries]})  # fmt: skip
    return entries


def import_pairs_file(catalog: Catalog, actor: Actor, programme: Programme, path: Path) -> list[Entry]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {error}").format(path=path, error=exc.strerror)) from exc
    return import_pairs(catalog, actor, programme, data, str(path))


def add_entry(catalog: Catalog, actor: Actor, programme: Programme, fields: dict[str, str], *,
              assessment: Assessment | None = None) -> Entry:  # fmt: skip
    """Add one pair by hand (the fields of a list's row: a party's code names its standard; ``degree``, ``basis``,
    ``kind``, ``product_class``, ``transition_from``, ``transition_until``), with the equivalence ``assessment``
    behind it when its basis is one: the coordinator's action."""
    require_coordinator(actor, programme)
    entry = entries_from_rows(catalog, programme, [{k.lower(): v for k, v in fields.items()}], _("by hand"),
                              origin=Origin.MANUAL, first_row=1)[0]  # fmt: skip
    entry.evidence = ()
    if entry.kind is not None and entry.basis is Basis.ADOPTION:
        raise UsageError(_("a relation kind ({kind}) is given where the basis is not an adoption").format(
            kind=entry.kind.value))  # fmt: skip
    if entry.transition_from and entry.transition_until and entry.transition_until < entry.transition_from:
        raise UsageError(_("the transition period ends ({until}) before it starts ({start})").format(
            until=entry.transition_until, start=entry.transition_from))  # fmt: skip
    if assessment is not None:
        if entry.basis is not Basis.ASSESSMENT:
            raise UsageError(_("an assessment's verdict is recorded where the basis is an equivalence assessment"))
        entry.assessment = assessment
    assessed = None if assessment is None else {"verdict": assessment.verdict, "evidence": assessment.evidence,
                                                "assessors": list(assessment.assessors)}  # fmt: skip
    store = catalog.store
    with store.transaction():
        store.add_entries([entry])
        audit.record(store, actor.name, actor.user_id, actions.PROGRAMME_ENTRY, f"entry {entry.id}", None,
                     {"programme": programme.slug, "standards": [s.identifier for s in entry.standards],
                      "proposed": entry.proposed.value, "basis": entry.basis.value,
                      "kind": entry.kind.value if entry.kind else None, "assessment": assessed,
                      "transition": [entry.transition_from, entry.transition_until]})  # fmt: skip
    return entry


def entries_of_keys(store: Store, programme: Programme, keys: Iterable[str]) -> list[Entry]:
    """The programme's entries that name one of these editions."""
    return [e for e in store.entries_naming(keys) if e.programme_id == programme.id]
