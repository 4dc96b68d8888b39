"""Termbase files: TBX and CSV, read into concepts and written from them; and the two termbases of the shared data
(the IEC Electropedia export and the ISO/TC 211 glossary), read for seeding a development platform.

**TBX.** Written with translate-toolkit's ``tbxfile`` (TBX-Basic in the ``martif`` form that translate-toolkit and
most tools read): one ``termEntry`` per concept, one ``langSet`` per language, one ``tig`` per term. What
translate-toolkit does not write is added to its tree with lxml, in TBX-Basic's data categories: a term's status
(``termNote type="administrativeStatus"``: ``preferredTerm-admn-sts``, ``admittedTerm-admn-sts``,
``deprecatedTerm-admn-sts``), a definition per language (``descrip type="definition"``), the concept's subject
field (``descrip type="subjectField"``) and source (``admin type="source"``). Read with lxml, because
translate-toolkit reads neither TBX v3 (``tbx``/``conceptEntry``/``langSec``/``termSec``) nor ``ntig``, subject
fields or sources: both forms, statuses given as ``administrativeStatus`` or ``normativeAuthorization`` (TBX 2's
``standardizedTerm``, ``supersededTerm`` ... too). The parser resolves no entity and reads no network.

**CSV.** One row per concept; a column per language named by its code (``en``, ``zh``), holding that language's
terms separated by ``|`` (the first preferred, the others admitted, unless ``status:LANG`` says otherwise, one
status per term, also separated by ``|``); ``definition:LANG`` per language; ``source`` and ``domain``.

A term without a status is preferred when it is the first of its language, admitted otherwise. An entry that
cannot be read is rejected with the file, line, column (or element) and value (``Rejected``); the others are kept.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from stdbridge.errors import UnreadableSource
from stdbridge.i18n import _
from stdbridge.translation.model import Concept, Term, TermStatus

__all__ = [
    "Rejected",
    "TermFile",
    "read_csv",
    "read_iev",
    "read_mlgt",
    "read_tbx",
    "write_csv",
    "write_tbx",
]

_STATUS_BY_NAME = {
    "preferred": TermStatus.PREFERRED, "preferredterm": TermStatus.PREFERRED,
    "preferredterm-admn-sts": TermStatus.PREFERRED, "standardizedterm": TermStatus.PREFERRED,
    "legalterm": TermStatus.PREFERRED, "regulatedterm": TermStatus.PREFERRED,
    "admitted": TermStatus.ADMITTED, "admittedterm": TermStatus.ADMITTED,
    "admittedterm-admn-sts": TermStatus.ADMITTED,
    "deprecated": TermStatus.DEPRECATED, "deprecatedterm": TermStatus.DEPRECATED,
    "deprecatedterm-admn-sts": TermStatus.DEPRECATED, "superseded": TermStatus.DEPRECATED,
    "supersededterm": TermStatus.DEPRECATED, "supersededterm-admn-sts": TermStatus.DEPRECATED,
}  # fmt: skip
_TBX_STATUS = {TermStatus.PREFERRED: "preferredTerm-admn-sts", TermStatus.ADMITTED: "admittedTerm-admn-sts",
               TermStatus.DEPRECATED: "deprecatedTerm-admn-sts"}  # fmt: skip
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class Rejected:
    """An entry of a file that was not kept: where (file, line, column or element), the value, and why."""

    source: str
    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.column} {self.value!r}: {self.reason}"


@dataclass(slots=True)
class TermFile:
    """What a file gave: its concepts, and the entries rejected."""

    concepts: list[Concept] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the line each concept starts on


def status_named(name: str) -> TermStatus | None:
    """A term status from its name in TBX (either version) or CSV; None for a name nobody uses."""
    return _STATUS_BY_NAME.get(name.strip().lower())


def _default_statuses(terms: list[Term]) -> None:
    seen: set[str] = set()
    for term in terms:
        term.status = TermStatus.ADMITTED if term.lang in seen else TermStatus.PREFERRED
        seen.add(term.lang)


def _language_code(value: str) -> str:
    """``zh-CN`` stays as written; ISO 639-2 ``zho``/``eng`` and upper case become ``zh``/``en``."""
    code = value.strip().replace("_", "-")
    head, _sep, rest = code.partition("-")
    head = {"zho": "zh", "chi": "zh", "eng": "en"}.get(head.lower(), head.lower())
    return f"{head}-{rest}" if rest else head


# TBX ---------------------------------------------------------------------------------------------------------
def _local(element: Any) -> str:
    return str(etree.QName(element).localname) if isinstance(element.tag, str) else ""


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _typed(element: Any, kind: str, *names: str) -> list[Any]:
    """The descendants of ``element`` named ``names`` whose ``type`` is ``kind``, without entering languages or
    terms below it."""
    found = []
    for child in element:
        name = _local(child)
        if name in {"langSet", "langSec", "tig", "ntig", "termSec"}:
            continue
        if name in names and child.get("type") == kind:
            found.append(child)
        found.extend(_typed(child, kind, *names))
    return found


def read_tbx(data: bytes, source: str) -> TermFile:
    """The concepts of a TBX file (TBX-Basic / TBX 2 ``martif``, or TBX v3 ``tbx``)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableSource(_("not a readable TBX file: {error}").format(error=exc.msg), source=source,
                               line=exc.lineno) from exc  # fmt: skip
    if _local(root) not in {"martif", "tbx"}:
        raise UnreadableSource(
            _("not a TBX file: its root element is <{name}>, not <martif> or <tbx>").format(name=_local(root)),
            source=source, line=root.sourceline,
        )  # fmt: skip
    found = TermFile()
    for entry in root.iter():
        if _local(entry) in {"termEntry", "conceptEntry"}:
            concept = _tbx_concept(entry, source, found.rejected)
            if concept is not None:
                found.concepts.append(concept)
                found.lines.append(entry.sourceline or 0)
    return found


def _tbx_concept(entry: Any, source: str, rejected: list[Rejected]) -> Concept | None:
    terms: list[Term] = []
    definitions: dict[str, str] = {}
    explicit: list[bool] = []
    for language in entry:
        if _local(language) not in {"langSet", "langSec"}:
            continue
        lang = _language_code(language.get(_XML_LANG) or "")
        if not lang:
            rejected.append(Rejected(source, language.sourceline or 0, _local(language), "",
                                     _("a language section without xml:lang")))  # fmt: skip
            return None
        for definition in _typed(language, "definition", "descrip"):
            definitions.setdefault(lang, _text(definition))
        for holder in language:
            if _local(holder) not in {"tig", "ntig", "termSec"}:
                continue
            term_element = next((e for e in holder.iter() if _local(e) == "term"), None)
            text = "" if term_element is None else _text(term_element)
            if not text:
                rejected.append(Rejected(source, holder.sourceline or 0, "term", "", _("a term without text")))
                return None
            status: TermStatus | None = None
            for note in holder.iter():
                if _local(note) == "termNote" and note.get("type") in {"administrativeStatus",
                                                                       "normativeAuthorization"}:  # fmt: skip
                    status = status_named(_text(note))
                    if status is None:
                        rejected.append(Rejected(source, note.sourceline or 0, note.get("type"), _text(note),
                                                 _("not a term status this termbase knows")))  # fmt: skip
                        return None
            terms.append(Term(lang, text, status or TermStatus.PREFERRED))
            explicit.append(status is not None)
    if not terms:
        rejected.append(Rejected(source, entry.sourceline or 0, _local(entry), entry.get("id") or "",
                                 _("an entry without terms")))  # fmt: skip
        return None
    if not any(explicit):
        _default_statuses(terms)
    for definition in _typed(entry, "definition", "descrip"):
        definitions.setdefault("", _text(definition))
    if "" in definitions:  # a concept-level definition: in the language of its first term
        definitions.setdefault(terms[0].lang, definitions.pop(""))
    subject = next((_text(e) for e in _typed(entry, "subjectField", "descrip")), None)
    origin = next((_text(e) for e in _typed(entry, "source", "admin", "descrip", "xref")), None)
    if origin is None:
        for language in entry:
            if _local(language) in {"langSet", "langSec"}:
                origin = next((_text(e) for e in _typed(language, "source", "admin", "descrip", "xref")), origin)
    return Concept(terms, definitions, origin or None, subject or None)


def write_tbx(concepts: Iterable[Concept], *, title: str = "stdbridge termbase") -> bytes:
    """A TBX-Basic file of the concepts, through translate-toolkit (see the module's docstring)."""
    from translate.storage.tbx import tbxfile, tbxunit

    store = tbxfile(sourcelanguage="en")
    description = store.document.getroot().find(".//sourceDesc/p")
    if description is not None:
        description.text = title
    for concept in concepts:
        languages: dict[str, list[Term]] = {}
        for term in concept.terms:
            languages.setdefault(term.lang, []).append(term)
        unit = tbxunit(None)
        store.addunit(unit)
        if concept.id is not None:
            unit.xmlelement.set("id", f"c{concept.id}")
        first = "en" if "en" in languages else next(iter(languages))
        unit.set_source_terms([t.text for t in languages[first]], lang=first)
        for lang, terms in languages.items():
            if lang != first:
                unit.set_target_terms([t.text for t in terms], lang=lang)
        _annotate(unit.xmlelement, concept, languages)
    return bytes(store)


def _annotate(entry: Any, concept: Concept, languages: dict[str, list[Term]]) -> None:
    """Add to translate-toolkit's ``termEntry`` what it does not write: statuses, definitions, subject, source."""
    position = 0
    if concept.domain:
        etree.SubElement(entry, "descrip", type="subjectField").text = concept.domain
        entry.insert(position, entry[-1])
        position += 1
    if concept.source:
        etree.SubElement(entry, "admin", type="source").text = concept.source
        entry.insert(position, entry[-1])
    for language in entry.findall("langSet"):
        lang = language.get(_XML_LANG)
        definition = concept.definitions.get(lang or "")
        if definition:
            etree.SubElement(language, "descrip", type="definition").text = definition
            language.insert(0, language[-1])
        for tig, term in zip(language.findall("tig"), languages.get(lang or "", []), strict=False):
            etree.SubElement(tig, "termNote", type="administrativeStatus").text = _TBX_STATUS[term.status]


# CSV ---------------------------------------------------------------------------------------------------------
def read_csv(data: bytes, source: str) -> TermFile:
    """The concepts of a CSV termbase (see the module's docstring)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableSource(_("not UTF-8 text (byte {offset})").format(offset=exc.start), source=source,
                               line=line) from exc  # fmt: skip
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    languages = [name for name in header if _LANG_CODE.match(name)]
    unknown = [n for n in header if n not in languages and n not in {"source", "domain"}
               and not (n.partition(":")[0] in {"status", "definition"} and n.partition(":")[2] in header)]  # fmt: skip
    if not languages or unknown:
        raise UnreadableSource(
            _("a termbase CSV has a column per language (en, zh ...), status:LANG, definition:LANG, source and "
              "domain; this one has {columns}").format(columns=", ".join(header) or "none"),
            source=source, line=1,
        )  # fmt: skip
    reader.fieldnames = header
    found = TermFile()
    for row in reader:
        line = reader.line_num
        concept = _csv_concept(row, languages, source, line, found.rejected)
        if concept is not None:
            found.concepts.append(concept)
            found.lines.append(line)
    return found


def _csv_concept(row: dict[str, Any], languages: list[str], source: str, line: int,
                 rejected: list[Rejected]) -> Concept | None:  # fmt: skip
    if None in row:  # more cells than columns
        extra = SEPARATOR.join(str(v) for v in row[None])  # type: ignore[index]
        rejected.append(Rejected(source, line, _("(no column)"), extra, _("more cells than the header has columns")))
        return None
    terms: list[Term] = []
    definitions: dict[str, str] = {}
    for lang in languages:
        texts = [t.strip() for t in (row.get(lang) or "").split(SEPARATOR) if t.strip()]
        statuses_text = (row.get(f"status:{lang}") or "").strip()
        statuses: list[TermStatus] = []
        if statuses_text:
            for name in statuses_text.split(SEPARATOR):
                status = status_named(name)
                if status is None:
                    rejected.append(Rejected(source, line, f"status:{lang}", name.strip(),
                                             _("not a term status: preferred, admitted or deprecated")))  # fmt: skip
                    return None
                statuses.append(status)
            if len(statuses) != len(texts):
                rejected.append(Rejected(source, line, f"status:{lang}", statuses_text,
                                         _("one status per term of column {column} ({count} terms)").format(
                                             column=lang, count=len(texts))))  # fmt: skip
                return None
        else:
            statuses = [TermStatus.PREFERRED if i == 0 else TermStatus.ADMITTED for i in range(len(texts))]
        terms.extend(Term(lang, text, status) for text, status in zip(texts, statuses, strict=True))
        definition = (row.get(f"definition:{lang}") or "").strip()
        if definition:
            definitions[lang] = definition
    if not terms:
        rejected.append(Rejected(source, line, ", ".join(languages), "", _("a row without any term")))
        return None
    return Concept(terms, definitions, (row.get("source") or "").strip() or None,
                   (row.get("domain") or "").strip() or None)  # fmt: skip


def write_csv(concepts: Iterable[Concept], languages: Iterable[str] = ("zh", "en")) -> str:
    """A CSV termbase of the concepts, with a column per language of ``languages`` (then any other found)."""
    held = list(concepts)
    order = list(dict.fromkeys([*languages, *(t.lang for c in held for t in c.terms)]))
    header = [*order, *(f"status:{lang}" for lang in order), *(f"definition:{lang}" for lang in order), "source",
              "domain"]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for concept in held:
        by_lang: dict[str, list[Term]] = {}
        for term in concept.terms:
            by_lang.setdefault(term.lang, []).append(term)
        writer.writerow([
            *(SEPARATOR.join(t.text for t in by_lang.get(lang, [])) for lang in order),
            *(SEPARATOR.join(t.status.value for t in by_lang.get(lang, [])) for lang in order),
            *(concept.definitions.get(lang, "") for lang in order), concept.source or "", concept.domain or "",
        ])  # fmt: skip
    return out.getvalue()


# the shared data's termbases ------------------------------------------------------------------------------------
IEV_ORIGIN = "IEC Electropedia"
MLGT_ORIGIN = "ISO/TC 211 glossary"
_IEV_PART_SUBJECT = {"103": "IEV 103", "112": "IEV 112", "191": "IEV 191", "192": "IEV 192"}


def _plain(markup: str) -> str:
    """IEC's definitions carry HTML (links, paragraphs, MathML): their text, the first paragraph only."""
    first = re.split(r"<p>|_x000D_", markup.replace("\r", ""), maxsplit=1)[0]
    if "<" not in first:
        return " ".join(first.split())
    return " ".join(lxml_html.fromstring(f"<div>{first}</div>").text_content().split())


def read_iev(path: Path, languages: Iterable[str] = ("zh", "en")) -> Iterator[Concept]:
    """The concepts of an IEC Electropedia export (``termbase-iev-sample``) with terms in ``languages``: each
    IEV entry's term and synonyms (their status as the export gives it), English definition, source and part."""
    wanted = set(languages)
    rows: dict[str, list[dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["LANGUAGE"] in wanted:
                rows.setdefault(row["IEVREF"], []).append(row)
    for reference, entries in rows.items():
        terms: list[Term] = []
        definitions: dict[str, str] = {}
        source = None
        for row in entries:
            lang = row["LANGUAGE"]
            terms.append(Term(lang, row["TERM"].strip(), TermStatus.PREFERRED))
            for n in (1, 2, 3):
                synonym = row[f"SYNONYM{n}"].strip()
                if synonym:
                    status = status_named(row[f"SYNONYM{n}STATUS"] or "admitted") or TermStatus.ADMITTED
                    if status is TermStatus.PREFERRED:
                        status = TermStatus.ADMITTED  # the entry's own term comes first
                    terms.append(Term(lang, synonym, status))
            if row["DEFINITION"].strip() and not row["DEFINITION"].lstrip().startswith(("See ", "Voir ")):
                definitions[lang] = _plain(row["DEFINITION"])
            if lang == "en" and row["SOURCE"].strip():
                source = " ".join(row["SOURCE"].split())
        terms = [t for t in terms if t.text]
        if {t.lang for t in terms} >= wanted:
            subject = _IEV_PART_SUBJECT.get(reference.split("-")[0], f"IEV {reference.split('-')[0]}")
            yield Concept(terms, definitions, source or f"IEC 60050, {reference}", subject, origin=IEV_ORIGIN)


def read_mlgt(path: Path, languages: Iterable[str] = ("zh", "en")) -> Iterator[Concept]:
    """The concepts of the ISO/TC 211 glossary (``termbase-isotc211-mlgt``) with terms in ``languages``: the
    preferred term and the others of each language, definitions, the ISO standard and clause that define it. An
    entry superseded or withdrawn is left out when a valid entry has the same English term (the glossary keeps
    both: the concept as an earlier standard defined it, and as the current one does)."""
    wanted = {_language_code(lang) for lang in languages}
    rows: dict[str, list[dict[str, Any]]] = {}
    current: set[str] = set()
    retired: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for row in map(json.loads, handle):
            lang = _language_code(row["lang"])
            if lang == "en":
                if row.get("entry_status") in {"superseded", "withdrawn"}:
                    retired.add(row["concept_id"])
                else:
                    current.add(row["term"].strip().lower())
            if lang in wanted:
                rows.setdefault(row["concept_id"], []).append(row)
    for concept_id, entries in rows.items():
        english = next((r["term"].strip().lower() for r in entries if _language_code(r["lang"]) == "en"), None)
        if concept_id in retired and english in current:
            continue
        terms: list[Term] = []
        definitions: dict[str, str] = {}
        source = None
        for row in entries:
            lang = _language_code(row["lang"])
            terms.append(Term(lang, row["term"].strip(), TermStatus.PREFERRED))
            terms.extend(Term(lang, other.strip(), TermStatus.ADMITTED) for other in row.get("other_terms") or [])
            if row.get("definition"):
                definitions[lang] = " ".join(row["definition"].split())
            if row.get("source_ref") and (source is None or lang == "en"):
                clause = row.get("source_clause")
                source = f"{row['source_ref']}, {clause}" if clause else row["source_ref"]
        terms = [t for t in terms if t.text]
        if {t.lang for t in terms} >= wanted:
            yield Concept(terms, definitions, source, "ISO/TC 211", origin=MLGT_ORIGIN)
