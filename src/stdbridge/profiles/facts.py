"""The facts of a country's profile that the catalogue cannot compute, each with its source and date.

Memberships of ISO, IEC and ITU, of the IAF MLA and the ILAC MRA, the WTO TBT enquiry point, bilateral agreements,
the national standards body's site, the ISO committees its member body takes part in: one fact a row of a CSV file
(UTF-8, a header naming the columns ``country,kind,value,source,date``)::

    country,kind,value,source,date
    CN,iso-committees-participating,778,"ISO Open Data, iso_technical_committees (pMembers of SAC)",2025-07-01

``country`` is an ISO 3166-1 code (alpha-2 or alpha-3), ``kind`` one of ``FACT_KINDS``, ``value`` the fact as a
person reads it, ``source`` where it was taken from (required: a fact without a source is refused), ``date`` when
the source said it (``2025``, ``2025-07`` or ``2025-07-01``).

An import is one transaction: a file with any bad row changes nothing, and the error names the file, the line and
the value of every bad row. A row that states again a fact already held (same country, kind and value) updates its
source and date. Importing and editing facts needs the role of editor; each change is in the audit log
(``profile.import``, ``profile.fact-add``, ``profile.fact-edit``, ``profile.fact-delete``) in its transaction.

``BUNDLED_FACTS`` are the facts shipped with stdbridge, written by ``scripts/build_profile_facts.py`` from ISO Open
Data (the committees' participating and observing members and secretariats); ``stdbridge init`` imports them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import PROFILE_FACT_ADD, PROFILE_FACT_DELETE, PROFILE_FACT_EDIT, PROFILE_IMPORT
from stdbridge.errors import ImportFailed, NotFound, UsageError
from stdbridge.i18n import _, ngettext
from stdbridge.profiles.countries import country as country_named
from stdbridge.profiles.model import DOCKING_KINDS, FACT_KINDS, ProfileFact, kind_label
from stdbridge.runtime import now_iso

if TYPE_CHECKING:
    from stdbridge.store.base import Store

COLUMNS = ("country", "kind", "value", "source", "date")
BUNDLED_FACTS = "profile_facts.csv"
MAX_VALUE, MAX_SOURCE = 500, 1000
MAX_ERRORS_SHOWN = 20
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


@dataclass(slots=True)
class FactsReport:
    """What an import did: facts added and facts whose source and date it updated."""

    source: str
    added: int = 0
    updated: int = 0
    facts: list[ProfileFact] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "added": self.added, "updated": self.updated}


def checked(fact: ProfileFact) -> ProfileFact:
    """The fact with its country as an alpha-2 code and its text trimmed; ``UsageError`` naming the bad value."""
    try:
        code = country_named(fact.country).code
    except NotFound:
        raise UsageError(
            _("country {value!r} is not an ISO 3166-1 code or name").format(value=fact.country[:40])
        ) from None
    kind, value, source, date = fact.kind.strip(), fact.value.strip(), fact.source.strip(), fact.date.strip()
    if kind not in FACT_KINDS:
        raise UsageError(_("kind {value!r} is not a kind of fact; the kinds are: {kinds}").format(
            value=kind[:40], kinds=", ".join(FACT_KINDS)))  # fmt: skip
    if not value or len(value) > MAX_VALUE:
        raise UsageError(_("value {value!r} must hold 1 to {most} characters").format(value=value[:40], most=MAX_VALUE))
    if not source or len(source) > MAX_SOURCE:
        raise UsageError(_("every fact needs its source (at most {most} characters), not {value!r}").format(
            most=MAX_SOURCE, value=source[:40]))  # fmt: skip
    if not _DATE.fullmatch(date):
        raise UsageError(_("date {value!r} is not a date such as 2025, 2025-07 or 2025-07-01").format(value=date[:40]))
    return replace(fact, country=code, kind=kind, value=value, source=source, date=date)


def read_facts(data: bytes, name: str) -> list[tuple[int, ProfileFact]]:
    """The facts of a CSV file with their line numbers; ``ImportFailed`` naming the file, and each bad row's line
    and value, when any row cannot be read (then none is returned)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(_("a profile facts file is UTF-8 text (byte {at} is not)").format(at=exc.start),
                           source=name) from None  # fmt: skip
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().casefold() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportFailed(_("missing column(s) {columns}; a profile facts file has the columns {expected}").format(
            columns=", ".join(missing), expected=",".join(COLUMNS)), source=name, line=1)  # fmt: skip
    reader.fieldnames = header
    found: list[tuple[int, ProfileFact]] = []
    problems: list[tuple[int, str]] = []
    for row in reader:
        line = reader.line_num
        cells = {k: (v or "") for k, v in row.items() if isinstance(k, str)}
        if not any(v.strip() for v in cells.values()):
            continue
        try:
            fact = ProfileFact(cells.get("country", ""), cells.get("kind", ""), cells.get("value", ""),
                               cells.get("source", ""), cells.get("date", ""))  # fmt: skip
            found.append((line, checked(fact)))
        except UsageError as bad:
            problems.append((line, bad.message))
    if problems:
        shown = "; ".join(_("line {line}: {problem}").format(line=line, problem=problem)
                          for line, problem in problems[:MAX_ERRORS_SHOWN])  # fmt: skip
        message = ngettext("{count} bad row, nothing imported: {problems}",
                           "{count} bad rows, nothing imported: {problems}", len(problems))  # fmt: skip
        raise ImportFailed(message.format(count=len(problems), problems=shown), source=name, line=problems[0][0])
    return found


def bundled_facts() -> bytes:
    """The facts file shipped with stdbridge (see the module)."""
    return (files("stdbridge.data") / BUNDLED_FACTS).read_bytes()


class ProfileFacts:
    """Reading and changing the facts of the profiles, checked and recorded."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def of(self, country: str | None = None) -> list[ProfileFact]:
        return self.store.profile_facts(country)

    def import_file(self, actor: Actor, data: bytes, name: str, *, by: str | None = None) -> FactsReport:
        """Keep every fact of a CSV file in one transaction (see the module)."""
        require(actor, Role.EDITOR)
        rows = read_facts(data, name)
        report = FactsReport(name)
        now = now_iso()
        with self.store.transaction():
            held = {(f.country, f.kind, f.value): f for f in self.store.profile_facts(None)}
            new: list[ProfileFact] = []
            for _line, fact in rows:
                fact.updated_by, fact.updated_at = by or actor.name, now
                old = held.get((fact.country, fact.kind, fact.value))
                if old is None:
                    new.append(fact)
                    held[(fact.country, fact.kind, fact.value)] = fact
                elif (old.source, old.date) != (fact.source, fact.date):
                    fact.id = old.id
                    self.store.update_profile_fact(fact)
                    report.updated += 1
            self.store.add_profile_facts(new)
            report.added = len(new)
            report.facts = [f for _line, f in rows]
            audit.record(self.store, by or actor.name, actor.user_id, PROFILE_IMPORT, f"profile facts file {name}",
                         None, report.to_json())  # fmt: skip
        return report

    def import_bundled(self, actor: Actor, *, by: str | None = None) -> FactsReport:
        """Import the facts shipped with stdbridge (``stdbridge init``), recorded as ``by`` when given."""
        return self.import_file(actor, bundled_facts(), BUNDLED_FACTS, by=by)

    def add(self, actor: Actor, fact: ProfileFact) -> ProfileFact:
        require(actor, Role.EDITOR)
        fact = checked(fact)
        fact.id, fact.updated_by, fact.updated_at = None, actor.name, now_iso()
        with self.store.transaction():
            self.store.add_profile_facts([fact])
            audit.record(self.store, actor.name, actor.user_id, PROFILE_FACT_ADD, f"profile fact {fact.id}", None,
                         fact.to_json())  # fmt: skip
        return fact

    def fact(self, fact_id: int) -> ProfileFact:
        found = self.store.profile_fact(fact_id)
        if found is None:
            raise NotFound(_("no profile fact {id}").format(id=fact_id))
        return found

    def edit(self, actor: Actor, fact_id: int, fact: ProfileFact) -> ProfileFact:
        require(actor, Role.EDITOR)
        before = self.fact(fact_id)
        fact = checked(fact)
        fact.id, fact.updated_by, fact.updated_at = fact_id, actor.name, now_iso()
        with self.store.transaction():
            self.store.update_profile_fact(fact)
            audit.record(self.store, actor.name, actor.user_id, PROFILE_FACT_EDIT, f"profile fact {fact_id}",
                         before.to_json(), fact.to_json())  # fmt: skip
        return fact

    def delete(self, actor: Actor, fact_id: int) -> None:
        require(actor, Role.EDITOR)
        before = self.fact(fact_id)
        with self.store.transaction():
            self.store.delete_profile_fact(fact_id)
            audit.record(self.store, actor.name, actor.user_id, PROFILE_FACT_DELETE, f"profile fact {fact_id}",
                         before.to_json(), None)  # fmt: skip


__all__ = [
    "BUNDLED_FACTS", "COLUMNS", "DOCKING_KINDS", "FACT_KINDS", "FactsReport", "ProfileFact", "ProfileFacts",
    "bundled_facts", "checked", "kind_label", "read_facts",
]  # fmt: skip
