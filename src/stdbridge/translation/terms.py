"""What people do with the termbase, checked and recorded: search it, find its terms in a text, add, edit and
remove concepts, import and export TBX and CSV, seed it (``Terms``). The command line, the HTTP API and the web page
all go through here.

Who may change what (``required_role``): a personal concept is its owner's, who needs the role of contributor; a
concept of an organisation or of the platform is shared, and changing one needs the role of editor (and, for an
organisation's, membership of it). Every change is recorded in the audit log in its transaction (``term.add``,
``term.edit``, ``term.delete``, ``term.import``).

Seeding (``seed``) fills the platform's termbase once per source (running it again adds nothing):

- by default, stdbridge's own glossary of standardization vocabulary, as shipped in the lexicon (its rows ``G``:
  a Chinese term and its English equivalents, the first preferred), with no definitions;
- on request, the IEC Electropedia export and the ISO/TC 211 glossary of the shared data (``iev``, ``mlgt``: paths
  to their files), with definitions, sources and statuses. These are not shipped: their licence is not cleared
  (NOTICE, items 10 and 11).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import TERM_ADD, TERM_DELETE, TERM_EDIT, TERM_IMPORT
from stdbridge.errors import Forbidden, NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.runtime import now_iso as _now
from stdbridge.store.base import Store
from stdbridge.translation.model import Concept, Term, TermHit, TermStatus, UnitScope
from stdbridge.translation.term_files import (
    IEV_ORIGIN,
    MLGT_ORIGIN,
    Rejected,
    TermFile,
    read_csv,
    read_iev,
    read_mlgt,
    read_tbx,
    write_csv,
    write_tbx,
)
from stdbridge.translation.termbase import Termbase, deprecated_terms, note_change, preferred_terms, visible

__all__ = [
    "GLOSSARY_ORIGIN", "ImportReport", "Terms", "concept_from_json", "concept_to_json", "hit_to_json",
    "required_role",
]  # fmt: skip

GLOSSARY_ORIGIN = "stdbridge glossary"
FORMATS = ("tbx", "csv")
MAX_TERM = 300
MAX_TEXT = 4000
MAX_SOURCE = 1000
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def required_role(scope: UnitScope) -> Role:
    """The role that changing a concept of this scope needs."""
    return Role.CONTRIBUTOR if scope is UnitScope.PERSONAL else Role.EDITOR


def concept_to_json(concept: Concept) -> dict[str, Any]:
    return {"id": concept.id, "scope": concept.scope.value, "owner_id": concept.owner_id,
            "terms": [{"lang": t.lang, "text": t.text, "status": t.status.value} for t in concept.terms],
            "definitions": dict(concept.definitions), "source": concept.source, "domain": concept.domain,
            "origin": concept.origin}  # fmt: skip


def hit_to_json(hit: TermHit, text: str, target_lang: str) -> dict[str, Any]:
    """A term found in ``text``: where, the term, its concept, and the ``target_lang`` terms to use and avoid."""
    return {"start": hit.start, "end": hit.end, "text": text[hit.start : hit.end], "term": hit.found.text,
            "lang": hit.found.lang, "status": hit.found.status.value, "concept": concept_to_json(hit.concept),
            "use": [t.text for t in preferred_terms(hit.concept, target_lang)],
            "avoid": [t.text for t in deprecated_terms(hit.concept, target_lang)]}  # fmt: skip


def concept_from_json(data: dict[str, Any]) -> Concept:
    """A concept from what a client sent (``concept_to_json``'s shape; ``id``, ``owner_id`` and ``origin`` are not
    taken from it); ``UsageError`` names what is wrong."""
    try:
        terms = [Term(str(t["lang"]), str(t["text"]), TermStatus(t.get("status", "preferred")))
                 for t in data.get("terms") or []]  # fmt: skip
        scope = UnitScope(data.get("scope", UnitScope.PERSONAL.value))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise UsageError(_("a concept has terms, each with lang, text and status (preferred, admitted or "
                           "deprecated), and a scope (personal, organisation or platform): {error}").format(
                               error=exc)) from exc  # fmt: skip
    definitions = data.get("definitions") or {}
    if not isinstance(definitions, dict):
        raise UsageError(_("definitions are given by language code (en, zh ...)"))
    owner = data.get("owner_id")
    return Concept(terms, {str(k): str(v) for k, v in definitions.items() if str(v).strip()},
                   _optional(data.get("source")), _optional(data.get("domain")), scope,
                   int(owner) if scope is UnitScope.ORGANISATION and owner is not None else None)  # fmt: skip


def _optional(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def check_concept(concept: Concept) -> None:
    """``UsageError`` when a concept cannot be kept: no term, an empty or overlong term, an unknown language."""
    if not concept.terms:
        raise UsageError(_("a concept needs at least one term"))
    for term in concept.terms:
        term.text = " ".join(term.text.split())
        if not term.text or len(term.text) > MAX_TERM:
            raise UsageError(_("a term has 1 to {most} characters: {value!r}").format(most=MAX_TERM,
                                                                                     value=term.text[:80]))  # fmt: skip
        if not _LANG.match(term.lang):
            raise UsageError(_("not a language code (en, zh, zh-CN ...): {value!r}").format(value=term.lang[:20]))
    for lang, text in concept.definitions.items():
        if not _LANG.match(lang) or len(text) > MAX_TEXT:
            raise UsageError(_("a definition is given for a language code, in at most {most} characters: "
                               "{value!r}").format(most=MAX_TEXT, value=lang[:20]))  # fmt: skip
    for value in (concept.source, concept.domain):
        if value is not None and len(value) > MAX_SOURCE:
            raise UsageError(_("a source or domain has at most {most} characters").format(most=MAX_SOURCE))


@dataclass(slots=True)
class ImportReport:
    """What an import or a seeding did: concepts added (by source), entries rejected (with where and why)."""

    added: dict[str, int] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sources seeded before

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "skipped": self.skipped,
                "rejected": [{"source": r.source, "line": r.line, "column": r.column, "value": r.value,
                              "reason": r.reason} for r in self.rejected]}  # fmt: skip


class Terms:
    """The termbase of a store, for people (see the module's docstring)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # reading ---------------------------------------------------------------------------------------------------
    def _organisations(self, actor: Actor) -> list[int]:
        if actor.user_id is None:
            return []
        return [o.id for o in self.store.organisations_of(actor.user_id) if o.id is not None]

    def search(self, text: str, actor: Actor, *, lang: str | None = None, match: str = "prefix",
               limit: int = 50) -> list[Concept]:  # fmt: skip
        """The concepts the actor may see with a term matching ``text`` (see ``Store.find_concepts``)."""
        if match not in ("exact", "prefix", "contains"):
            raise UsageError(_("a term is matched exactly, by prefix or by part (exact, prefix, contains), not "
                               "{value!r}").format(value=match[:20]))  # fmt: skip
        return self.store.find_concepts(text, lang=lang or None, match=match, user_id=actor.user_id,
                                        organisation_ids=self._organisations(actor), limit=limit)  # fmt: skip

    def concept(self, concept_id: int, actor: Actor) -> Concept:
        """The concept, when the actor may see it; ``NotFound`` otherwise (as if it did not exist)."""
        concept = self.store.concepts_by_id([concept_id]).get(concept_id)
        if concept is None or not _visible(concept, actor, self._organisations(actor)):
            raise NotFound(_("no concept {id} in the termbase").format(id=concept_id))
        return concept

    def recognise(self, text: str, source_lang: str, target_lang: str, actor: Actor) -> list[TermHit]:
        """The termbase's terms in ``text`` that the actor may see (``Termbase.terms_in``)."""
        return Termbase.of_store(self.store).terms_in(text, source_lang, target_lang, user_id=actor.user_id)

    # changing --------------------------------------------------------------------------------------------------
    def _may_change(self, actor: Actor, concept: Concept) -> None:
        require(actor, required_role(concept.scope))
        if concept.scope is UnitScope.PERSONAL:
            if actor.user_id is None:
                raise UsageError(_("a personal concept belongs to an account: sign in, or add it to the platform"))
            if concept.owner_id is None:
                concept.owner_id = actor.user_id
            if concept.owner_id != actor.user_id:
                raise Forbidden(_("this concept is another person's"), role=Role.CONTRIBUTOR.value)
        elif concept.scope is UnitScope.ORGANISATION:
            if concept.owner_id is None:
                raise UsageError(_("name the organisation the concept belongs to"))
            if actor.user_id is not None and concept.owner_id not in self._organisations(actor):
                raise Forbidden(_("{name} is not a member of that organisation").format(name=actor.name),
                                role=Role.EDITOR.value)  # fmt: skip
        else:
            concept.owner_id = None

    def add(self, actor: Actor, concept: Concept) -> Concept:
        """Keep a new concept; the actor's own when it is personal."""
        self._may_change(actor, concept)
        check_concept(concept)
        concept.id = None
        stamp = self.store.termbase_stamp()
        with self.store.transaction():
            self.store.add_concepts([concept], _now())
            audit.record(self.store, actor.name, actor.user_id, TERM_ADD, f"concept {concept.id}", None,
                         concept_to_json(concept))  # fmt: skip
        note_change(self.store, stamp, added=[concept])
        return concept

    def edit(self, actor: Actor, concept: Concept) -> Concept:
        """Replace a concept's terms and fields (its scope and owner stay as they were)."""
        assert concept.id is not None
        before = self.concept(concept.id, actor)
        self._may_change(actor, before)
        concept.scope, concept.owner_id, concept.origin = before.scope, before.owner_id, before.origin
        check_concept(concept)
        stamp = self.store.termbase_stamp()
        with self.store.transaction():
            self.store.update_concept(concept, _now())
            audit.record(self.store, actor.name, actor.user_id, TERM_EDIT, f"concept {concept.id}",
                         concept_to_json(before), concept_to_json(concept))  # fmt: skip
        note_change(self.store, stamp, added=[concept])
        return concept

    def delete(self, actor: Actor, concept_id: int) -> None:
        before = self.concept(concept_id, actor)
        self._may_change(actor, before)
        stamp = self.store.termbase_stamp()
        with self.store.transaction():
            self.store.delete_concept(concept_id)
            audit.record(self.store, actor.name, actor.user_id, TERM_DELETE, f"concept {concept_id}",
                         concept_to_json(before), None)  # fmt: skip
        note_change(self.store, stamp, removed=[concept_id])

    def _add_all(self, actor: Actor, concepts: list[Concept], subject: str, details: dict[str, Any]) -> None:
        stamp = self.store.termbase_stamp()
        with self.store.transaction():
            self.store.add_concepts(concepts, _now())
            audit.record(self.store, actor.name, actor.user_id, TERM_IMPORT, subject, None,
                         {**details, "added": len(concepts)})  # fmt: skip
        note_change(self.store, stamp, added=concepts)

    def import_file(self, actor: Actor, data: bytes, name: str, format_: str, *,
                    scope: UnitScope = UnitScope.PERSONAL, owner_id: int | None = None) -> ImportReport:  # fmt: skip
        """Read a TBX or CSV file and keep its concepts in one transaction; what could not be read is reported,
        with where and why, and the rest kept. An unreadable file (``UnreadableSource``) changes nothing."""
        if format_ not in FORMATS:
            raise UsageError(_("a termbase file is TBX or CSV, not {value!r}").format(value=format_[:20]))
        probe = Concept([Term("en", "probe")], scope=scope, owner_id=owner_id)
        self._may_change(actor, probe)
        found: TermFile = read_tbx(data, name) if format_ == "tbx" else read_csv(data, name)
        report = ImportReport(rejected=list(found.rejected))
        kept = []
        for concept, line in zip(found.concepts, found.lines, strict=True):
            try:
                check_concept(concept)
            except UsageError as exc:
                report.rejected.append(Rejected(name, line, "concept", concept.terms[0].text if concept.terms else "",
                                                exc.message))  # fmt: skip
                continue
            concept.scope, concept.owner_id, concept.origin = probe.scope, probe.owner_id, name
            kept.append(concept)
        self._add_all(actor, kept, f"termbase file {name}",
                      {"format": format_, "scope": scope.value, "rejected": len(report.rejected)})  # fmt: skip
        report.added[name] = len(kept)
        return report

    def export(self, actor: Actor, format_: str, *, scope: UnitScope | None = None) -> bytes:
        """The concepts the actor may see (of one scope) as TBX or CSV."""
        if format_ not in FORMATS:
            raise UsageError(_("a termbase file is TBX or CSV, not {value!r}").format(value=format_[:20]))
        organisations = self._organisations(actor)
        concepts = (c for c in self.store.iter_concepts(scope=scope) if _visible(c, actor, organisations))
        return write_tbx(concepts) if format_ == "tbx" else write_csv(concepts).encode("utf-8")

    def seed(self, actor: Actor, *, glossary: bool = True, iev: Path | None = None,
             mlgt: Path | None = None) -> ImportReport:  # fmt: skip
        """Fill the platform's termbase from each source not seeded before (see the module's docstring)."""
        require(actor, Role.EDITOR)
        sources: list[tuple[str, Iterable[Concept]]] = []
        if glossary:
            sources.append((GLOSSARY_ORIGIN, glossary_concepts()))
        if iev is not None:
            sources.append((IEV_ORIGIN, read_iev(iev)))
        if mlgt is not None:
            sources.append((MLGT_ORIGIN, read_mlgt(mlgt)))
        report = ImportReport()
        for origin, concepts in sources:
            if self.store.count_concepts(origin=origin):
                report.skipped.append(origin)
                continue
            held = list(concepts)
            self._add_all(actor, held, f"termbase seed {origin}", {"origin": origin, "scope": "platform"})
            report.added[origin] = len(held)
        return report


def _visible(concept: Concept, actor: Actor, organisations: list[int]) -> bool:
    return visible(concept, actor.user_id, organisations)


def glossary_concepts() -> list[Concept]:
    """stdbridge's glossary of standardization vocabulary, from the shipped lexicon (rows ``G``): one concept per
    Chinese term, with its English equivalents (the first preferred, the others admitted)."""
    text = gzip.decompress((files("stdbridge.data") / "lexicon.tsv.gz").read_bytes()).decode("utf-8")
    concepts = []
    for line in text.splitlines():
        if not line.startswith("G\t"):
            continue
        _source, chinese, english = line.split("\t")
        equivalents = [e for e in english.split("|") if e]
        terms = [Term("zh", chinese, TermStatus.PREFERRED)]
        terms += [Term("en", e, TermStatus.PREFERRED if i == 0 else TermStatus.ADMITTED)
                  for i, e in enumerate(equivalents)]  # fmt: skip
        concepts.append(Concept(terms, origin=GLOSSARY_ORIGIN))
    return concepts
