"""Comparing the full texts of two standards: the entry points and the result.

    comparison = compare_texts("iso-99999-2015.pdf", "iso-99999-2020.docx", label_a="ISO 99999:2015",
                               label_b="ISO 99999:2020")
    comparison.counts()        # {"matched": 14, "changed": 6, "added": 1, "missing": 1, ...}
    comparison.to_json()       # everything, JSON-ready
    render_html(comparison)    # a standalone page (stdbridge.compare.report)

``compare_texts`` reads files, ``compare_documents`` takes documents already read (``read_document_bytes`` for
an upload), ``compare_plain_texts`` takes two strings. A text that cannot be read raises ``UnreadableDocument``
naming it; anything short of that gives a result, with ``notices`` saying what was left out or could not be
compared (a PDF page without text, a text without clause numbers, a text without a references clause).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stdbridge.compare.alignment import ClausePair, ClauseRequirements, Language, align_clauses, language_of
from stdbridge.compare.clauses import ClauseSplit, split_clauses
from stdbridge.compare.documents import DocumentText, Notice, document_from_text, read_document
from stdbridge.compare.references import ReferenceList, ReferencePair, compare_references, normative_references
from stdbridge.compare.requirements import RequirementChange, decimal_comma, find_requirements
from stdbridge.deadline import checkpoint
from stdbridge.i18n import _

FORMAT_VERSION = 1  # of ``TextComparison.to_json``; raised when a field changes meaning or goes away


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One of the two texts as it was read: where from, how big, in which language, what was noticed."""

    label: str
    source: str
    format: str
    language: Language
    characters: int
    pages: int | None
    clauses: int
    numbered: bool
    encoding: str | None
    decimal_comma: bool
    references_clause: str | None  # the key of the normative references clause, None when there is none
    notices: tuple[Notice, ...]
    states_no_references: bool = False  # its references clause says that it has no normative references

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "source": self.source,
            "format": self.format,
            "language": self.language,
            "characters": self.characters,
            "pages": self.pages,
            "clauses": self.clauses,
            "numbered": self.numbered,
            "encoding": self.encoding,
            "decimal_comma": self.decimal_comma,
            "references_clause": self.references_clause,
            "states_no_references": self.states_no_references,
            "notices": [n.to_json() for n in self.notices],
        }


@dataclass(frozen=True, slots=True)
class TextComparison:
    """The clause-by-clause comparison of text A (the older or the reference) with text B."""

    a: DocumentSummary
    b: DocumentSummary
    cross_language: bool
    pairs: tuple[ClausePair, ...]
    references: tuple[ReferencePair, ...]
    notices: tuple[Notice, ...]

    def counts(self) -> dict[str, int]:
        """How many clauses are matched, changed, added, missing or aligned; how many requirements and
        references differ."""
        counts = dict.fromkeys(("matched", "changed", "added", "missing", "aligned"), 0)
        for pair in self.pairs:
            counts[pair.status] += 1
        counts["renumbered"] = sum(1 for p in self.pairs if p.renumbered)
        counts["requirement_changes"] = len(self.requirement_changes())
        for status in ("same", "edition-changed", "dating-changed", "only-in-a", "only-in-b"):
            counts["references_" + status.replace("-", "_")] = sum(1 for r in self.references if r.status == status)
        return counts

    def requirement_changes(self) -> list[tuple[ClausePair, RequirementChange]]:
        """Every numeric difference, with the clause pair it was found in, in the order of the text."""
        return [(pair, change) for pair in self.pairs for change in pair.requirement_changes]

    @property
    def identical(self) -> bool:
        """The same clauses with the same words and the same references (never across languages)."""
        return (
            not self.cross_language
            and all(p.status == "matched" and not p.renumbered for p in self.pairs)
            and all(r.status == "same" for r in self.references)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "a": self.a.to_json(),
            "b": self.b.to_json(),
            "cross_language": self.cross_language,
            "identical": self.identical,
            "counts": self.counts(),
            "notices": [n.to_json() for n in self.notices],
            "clauses": [pair.to_json() for pair in self.pairs],
            "references": [pair.to_json() for pair in self.references],
        }


def compare_texts(
    path_a: str | os.PathLike[str],
    path_b: str | os.PathLike[str],
    *,
    label_a: str | None = None,
    label_b: str | None = None,
) -> TextComparison:
    """Read two files (.txt, .docx or .pdf) and compare them; ``UnreadableDocument`` names a file that cannot
    be read. The labels name the texts in the report (the file names by default)."""
    document_a = read_document(path_a)
    document_b = read_document(path_b)
    extra: list[Notice] = []
    if _same_file(path_a, path_b):
        extra.append(Notice("same-file", _("the same file was given as both texts")))
    return compare_documents(
        document_a,
        document_b,
        label_a=label_a or Path(path_a).name,
        label_b=label_b or Path(path_b).name,
        notices=extra,
    )


def compare_plain_texts(text_a: str, text_b: str, *, label_a: str = "A", label_b: str = "B") -> TextComparison:
    """Compare two texts already in memory (a form feed separates pages, as ``pdftotext`` writes them)."""
    return compare_documents(
        document_from_text(text_a, name=label_a),
        document_from_text(text_b, name=label_b),
        label_a=label_a,
        label_b=label_b,
    )


def compare_documents(
    document_a: DocumentText,
    document_b: DocumentText,
    *,
    label_a: str,
    label_b: str,
    notices: list[Notice] | None = None,
) -> TextComparison:
    """Compare two documents already read (``read_document``, ``read_document_bytes``, ``document_from_text``)."""
    split_a, split_b = split_clauses(document_a), split_clauses(document_b)
    language_a, language_b = language_of(split_a), language_of(split_b)
    cross_language = language_a != language_b
    comma_a, comma_b = decimal_comma(document_a.plain_text), decimal_comma(document_b.plain_text)
    requirements_a = _requirements(split_a, comma_a)
    requirements_b = _requirements(split_b, comma_b)
    checkpoint()
    pairs = align_clauses(split_a, split_b, requirements_a, requirements_b, cross_language=cross_language)
    references_a, references_b = normative_references(split_a), normative_references(split_b)
    reference_pairs = compare_references(references_a, references_b)
    found = list(notices or [])
    if cross_language:
        found.append(
            Notice(
                "cross-language",
                _(
                    "the texts are in different languages ({a}, {b}): clauses are aligned by number and by their "
                    "numeric values; their wording is not compared"
                ).format(a=language_a, b=language_b),
            )
        )
    found.extend(_reference_notices(references_a, references_b, label_a, label_b))
    comparison = TextComparison(
        a=_summary(label_a, document_a, split_a, language_a, comma_a, references_a),
        b=_summary(label_b, document_b, split_b, language_b, comma_b, references_b),
        cross_language=cross_language,
        pairs=tuple(pairs),
        references=tuple(reference_pairs),
        notices=tuple(found),
    )
    if comparison.identical:
        identical = Notice("identical", _("the two texts are identical, clause by clause"))
        comparison = TextComparison(
            comparison.a, comparison.b, cross_language, comparison.pairs, comparison.references, (*found, identical)
        )
    return comparison


def _requirements(split: ClauseSplit, comma_is_decimal: bool) -> ClauseRequirements:
    # Values in the foreword, introduction and bibliography are not requirements (a GB foreword lists the
    # deviations from the ISO text: "由60 ℃改为55 ℃").
    return ClauseRequirements(
        {
            c.key: find_requirements(c.text, comma_is_decimal=comma_is_decimal)
            for c in split.clauses
            if c.part in ("body", "annex")
        }
    )


def _summary(
    label: str,
    document: DocumentText,
    split: ClauseSplit,
    language: Language,
    comma_is_decimal: bool,
    references: ReferenceList,
) -> DocumentSummary:
    return DocumentSummary(
        label=label,
        source=document.source,
        format=document.format,
        language=language,
        characters=document.characters,
        pages=document.pages,
        clauses=sum(1 for c in split.clauses if c.number),
        numbered=split.numbered,
        encoding=document.encoding,
        decimal_comma=comma_is_decimal,
        references_clause=references.clause.key if references.clause else None,
        notices=document.notices + split.notices,
        states_no_references=references.states_none,
    )


def _reference_notices(a: ReferenceList, b: ReferenceList, label_a: str, label_b: str) -> list[Notice]:
    missing = [label for label, refs in ((label_a, a), (label_b, b)) if refs.clause is None]
    if len(missing) == 2:
        return [Notice("no-references-clause", _("neither text has a normative references clause"))]
    found: list[Notice] = []
    if missing:
        message = _("{label} has no normative references clause: its references could not be compared")
        found.append(Notice("no-references-clause", message.format(label=missing[0])))
    for label, refs in ((label_a, a), (label_b, b)):
        if refs.states_none:
            message = _("{label} states that it has no normative references")
            found.append(Notice("no-references-stated", message.format(label=label)))
    return found


def _same_file(path_a: str | os.PathLike[str], path_b: str | os.PathLike[str]) -> bool:
    try:
        return Path(path_a).resolve() == Path(path_b).resolve() or os.path.samefile(path_a, path_b)
    except OSError:
        return False
