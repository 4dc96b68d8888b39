"""Batch comparison: two lists of standards — what one country holds for a product type against another's — as a
matrix of which standard of each side corresponds to which, with the kind of the link and its score, and what has
no counterpart; written out as JSON, XLSX or a standalone HTML report.

``compare_lists(catalog, lines_a, lines_b)`` answers with a ``Matrix``.

**Reading the lists.** Each line is one identifier, typed as people type them ("ISO 9001", "GB/T 19001-2016",
"jis q9001"); text after a tab is ignored, so that two columns pasted from a spreadsheet (identifier, title) read
as the identifiers. Each line is resolved as ``Catalog.resolve`` does (an undated identifier is the current
edition of its work; the ``matched_by`` of every entry says how it was read). A line that is blank, that names
no standard, or that names a standard an earlier line of the same list already named is not compared but
reported — side, line number, text, reason (``blank``, ``not-found``, ``unreadable``, ``duplicate``) and a
message — and the rest is compared: nothing is dropped silently. A list with no identifier at all, or with more
than ``MAX_LINES`` lines, is refused (``UsageError``).

**Pairs.** For every standard of each list, its counterparts in the other list, of these kinds (strongest first)::

    same > edition > IDT > MOD > EQV > NEQ > declared > suggested

``same``       the same standard is in both lists
``edition``    another edition of the same work is in the other list (ISO 9001:2008 and ISO 9001:2015)
``IDT`` ...    a declared counterpart (``catalog.links``: adoptions and equivalences, over up to four steps) of that
               degree — the weakest link of its path — with the path and the evidence
``declared``   a declared counterpart whose degree is not known
``related-edition``  the other list holds *another edition* of a declared counterpart's work (GB/T 19001-2008
               adopts ISO 9001:2008, the list holds ISO 9001:2015): ``declared_edition`` names the edition the
               relation names (held or not); never graded as a degree. Each pair is graded by
               ``links.link_to`` and ``links.best_link``, as ``Catalog.link_between`` grades one pair, so that
               the matrix and the pairwise comparison agree.
``suggested``  for a standard with none of the above: its best suggested counterpart in the other list
               (``bulk_suggest.BulkSuggester``, scored by ``Suggester.score``, with its clues), when it scores at
               least ``threshold`` (``SUGGESTION_THRESHOLD``, 0.6: below it suggestions are about as often
               wrong as right; see its comment). Nothing is claimed below the threshold.

Pairs are sought from both sides; a pair found from either side is listed once, with ``found_from`` ``a``, ``b``
or ``both``. The standards of each list in no pair are that list's ``only`` standards.

**Outputs.** ``Matrix.to_json()`` (summary, pairs with their path or clues, ``only_a``, ``only_b``, rejected
lines); ``Matrix.to_xlsx()`` (a workbook of four sheets — pairs, each list's standards without counterpart, lines
not compared — each with a bold header row and frozen panes; text is always text, never a formula, and control
characters a junk line may hold are removed); ``Matrix.to_html()`` (one standalone page, styles inline, no
script, from ``compare/lists.html`` with Jinja2's escaping on). Every label goes through ``_()``
(``labels``), in the current language.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from stdbridge.analytics.compatibility import kind_label
from stdbridge.catalog import Catalog
from stdbridge.catalog.links import (
    PAIR_KINDS,
    RELATED_EDITION,
    PairLink,
    Step,
    absent_note,
    best_link,
    link_to,
    pair_counterparts,
)
from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD, BulkSuggester, TitleCache
from stdbridge.counterparts.suggest import Clue
from stdbridge.errors import NotFound, StdbridgeError, UsageError
from stdbridge.i18n import _, aside, current_language, in_clauses
from stdbridge.models import Degree, Standard
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.runtime import without_cycle_collection
from stdbridge.templating import environment, html_lang

MAX_LINES = 5000
KINDS = (*PAIR_KINDS, "suggested")  # same, edition, IDT, MOD, EQV, NEQ, declared, related-edition, suggested
REASONS = ("blank", "not-found", "unreadable", "duplicate")
_RANK = {kind: i for i, kind in enumerate(KINDS)}
_SHEET_NAME_JUNK = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a list and the standard it names."""

    side: str  # "a" or "b"
    line: int  # from 1
    text: str  # the identifier as typed
    standard: Standard
    matched_by: str  # as ``Resolution.matched_by``

    def to_json(self) -> dict[str, Any]:
        s = self.standard
        return {
            "line": self.line,
            "input": self.text,
            "identifier": s.identifier,
            "matched_by": self.matched_by,
            "body": s.body,
            "country": s.country,
            "status": s.status.value,
            "type": s.doctype.value,
            "title": s.title(current_language()),
            "titles": dict(s.titles),
        }


@dataclass(frozen=True, slots=True)
class RejectedLine:
    """A line that was not compared, and why."""

    side: str
    line: int
    text: str
    reason: str  # one of REASONS
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"side": self.side, "line": self.line, "text": self.text, "reason": self.reason,
                "message": self.message}  # fmt: skip


@dataclass(slots=True)
class Pair:
    """Two standards, one of each list, that correspond."""

    a: Entry
    b: Entry
    kind: str  # one of KINDS
    found_from: str  # "a", "b" or "both"
    score: float | None = None  # suggested pairs
    clues: list[Clue] = field(default_factory=list)  # suggested pairs: why
    degree_hint: Degree | None = None  # suggested pairs: the degree the clues point to (a person decides)
    path: list[Step] = field(default_factory=list)  # declared pairs: the relations from a to b
    evidence: list[str] = field(default_factory=list)  # declared pairs: "declared", "identifier", "derived"
    declared_edition: str | None = None  # related-edition: the edition a declared relation names ...
    declared_held: bool = True  # ... whether the catalogue holds it ...
    current: Standard | None = None  # ... and, when not, the current edition of its work

    @property
    def degree(self) -> str | None:
        return self.kind if self.kind in ("IDT", "MOD", "EQV", "NEQ") else None

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a.to_json(),
            "b": self.b.to_json(),
            "kind": self.kind,
            "degree": self.degree,
            "score": self.score,
            "found_from": self.found_from,
            "degree_hint": self.degree_hint.value if self.degree_hint else None,
            "clues": [{"kind": c.kind, "value": c.value, "points": c.points, "detail": c.detail} for c in self.clues],
            "path": [_step_json(s) for s in self.path],
            "evidence": list(self.evidence),
            "declared_edition": self.declared_edition,
            "declared_edition_in_catalogue": self.declared_held if self.declared_edition else None,
            "current_edition": self.current.identifier if self.current else None,
        }

    def explanation(self) -> str:
        """One line saying what the pair rests on, for a table cell."""
        if self.kind == "same":
            return _("the same standard in both lists")
        if self.kind == "edition":
            return _("editions of one work")
        if self.kind == "suggested":
            return in_clauses(c.detail for c in self.clues if c.points > 0)
        text = " → ".join(aside(f"{s.source} {_(s.relation)} {s.target}", s.degree.value) if s.degree
                          else f"{s.source} {_(s.relation)} {s.target}" for s in self.path)  # fmt: skip
        if self.kind == RELATED_EDITION and self.declared_edition:
            notes = [text, _("the relation names {edition}, another edition").format(edition=self.declared_edition)]
            if not self.declared_held:
                notes.append(absent_note(self.declared_edition, self.current))
            text = in_clauses(notes)
        return text


@dataclass(slots=True)
class Matrix:
    """The comparison of two lists (see the module)."""

    name_a: str
    name_b: str
    a: list[Entry]
    b: list[Entry]
    rejected: list[RejectedLine]
    pairs: list[Pair]
    threshold: float
    lines: dict[str, int] = field(default_factory=dict)  # "a", "b" -> lines read

    @property
    def only_a(self) -> list[Entry]:
        paired = {p.a.line for p in self.pairs}
        return [e for e in self.a if e.line not in paired]

    @property
    def only_b(self) -> list[Entry]:
        paired = {p.b.line for p in self.pairs}
        return [e for e in self.b if e.line not in paired]

    def summary(self) -> dict[str, Any]:
        kinds = dict.fromkeys(KINDS, 0)
        for p in self.pairs:
            kinds[p.kind] += 1
        only_a, only_b = self.only_a, self.only_b
        return {
            "a": {"name": self.name_a, "lines": self.lines.get("a", 0), "standards": len(self.a),
                  "with_counterpart": len(self.a) - len(only_a), "without_counterpart": len(only_a),
                  "rejected": sum(1 for r in self.rejected if r.side == "a")},
            "b": {"name": self.name_b, "lines": self.lines.get("b", 0), "standards": len(self.b),
                  "with_counterpart": len(self.b) - len(only_b), "without_counterpart": len(only_b),
                  "rejected": sum(1 for r in self.rejected if r.side == "b")},
            "pairs": len(self.pairs),
            "by_kind": kinds,
        }  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "threshold": self.threshold,
            "kinds": list(KINDS),
            "pairs": [p.to_json() for p in self.pairs],
            "only_a": [e.to_json() for e in self.only_a],
            "only_b": [e.to_json() for e in self.only_b],
            "rejected": [r.to_json() for r in self.rejected],
        }

    def to_xlsx(self) -> bytes:
        """A workbook: the pairs, each list's standards without counterpart, and the lines not compared."""
        return _xlsx(self)

    def to_html(self) -> str:
        """A standalone HTML report (styles inline, no script), in the current language."""
        return _html(self)


# the comparison ------------------------------------------------------------------------------------------------
def compare_lists(
    catalog: Catalog,
    list_a: Sequence[object],
    list_b: Sequence[object],
    *,
    name_a: str = "A",
    name_b: str = "B",
    threshold: float = SUGGESTION_THRESHOLD,
    suggestions: int = 1,
    progress: Progress = NO_PROGRESS,
) -> Matrix:
    """Compare two lists of identifiers, one per item (a text is split into its lines); see the module.
    ``suggestions`` is how many suggested counterparts a standard without declared one may get (1 to 10);
    ``progress`` hears of each step: reading each list (by line), declared links (by standard), suggestions."""
    if not 0.0 < threshold <= 1.0:
        raise UsageError(_("the threshold of suggestions must be above 0 and at most 1"))
    if not 1 <= suggestions <= 10:
        raise UsageError(_("the number of suggestions per standard must be between 1 and 10"))
    name_a, name_b = _name(name_a, "A"), _name(name_b, "B")
    rejected: list[RejectedLine] = []
    lines = {}
    sides = {}
    for side, items, name in (("a", list_a, name_a), ("b", list_b, name_b)):
        texts: list[object] = list(items.splitlines() if isinstance(items, str) else items)
        if len(texts) > MAX_LINES:
            raise UsageError(_("list {name} has {count} lines; compare at most {most} at a time").format(
                name=name, count=len(texts), most=MAX_LINES))  # fmt: skip
        if not any(isinstance(t, str) and _identifier_cell(t) for t in texts):
            raise UsageError(_("list {name} is empty: give one identifier per line").format(name=name))
        lines[side] = len(texts)
        progress.step(_("Finding the standards of list {name}").format(name=name), total=len(texts))
        sides[side] = _resolve_lines(catalog, side, texts, rejected, progress)
    matrix = Matrix(name_a, name_b, sides["a"], sides["b"], rejected, [], threshold, lines)
    with without_cycle_collection():  # many acyclic objects: rescanning them would only cost time
        matrix.pairs = _pairs(catalog, matrix.a, matrix.b, threshold, suggestions, progress)
    return matrix


def read_list(path: Path) -> list[str]:
    """The lines of a list file: UTF-8 (with or without byte-order mark), else GB18030."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)) from None
    return decode_list(data, str(path))


def decode_list(data: bytes, source: str) -> list[str]:
    """``data`` as lines of UTF-8 (with or without byte-order mark), else GB18030 text; ``source`` names it in
    the error."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise UsageError(_("{path} is neither UTF-8 nor GB18030 text").format(path=source))


def _name(value: str, default: str) -> str:
    return value.strip()[:60] if isinstance(value, str) and value.strip() else default


def _identifier_cell(text: str) -> str:
    return text.lstrip("\ufeff").split("\t", 1)[0].strip()


def _resolve_lines(
    catalog: Catalog, side: str, texts: list[object], rejected: list[RejectedLine], progress: Progress
) -> list[Entry]:
    entries: list[Entry] = []
    first_line: dict[int, Entry] = {}
    for number, item in enumerate(texts, start=1):
        progress.advance()
        if not isinstance(item, str):
            shown = repr(item)[:200]
            rejected.append(RejectedLine(side, number, shown, "unreadable", _("not text")))
            continue
        text = _identifier_cell(item)
        if not text:
            rejected.append(RejectedLine(side, number, item[:200], "blank", _("blank line")))
            continue
        try:
            resolution = catalog.resolve(text)
        except NotFound as exc:
            rejected.append(RejectedLine(side, number, text[:200], "not-found", exc.message))
            continue
        except StdbridgeError as exc:
            rejected.append(RejectedLine(side, number, text[:200], "unreadable", exc.message))
            continue
        standard = resolution.standard
        assert standard.id is not None
        earlier = first_line.get(standard.id)
        if earlier is not None:
            message = _("the same standard as line {line} ({identifier})").format(
                line=earlier.line, identifier=standard.identifier)  # fmt: skip
            rejected.append(RejectedLine(side, number, text[:200], "duplicate", message))
            continue
        entry = Entry(side, number, text[:200], standard, resolution.matched_by)
        first_line[standard.id] = entry
        entries.append(entry)
    return entries


def _pairs(
    catalog: Catalog, side_a: list[Entry], side_b: list[Entry], threshold: float, limit: int, progress: Progress
) -> list[Pair]:
    found: dict[tuple[int, int], Pair] = {}

    def keep(pair: Pair) -> None:
        """The strongest link of each pair; "both" when each list's search found the pair."""
        key = (pair.a.line, pair.b.line)
        held = found.get(key)
        if held is None:
            found[key] = pair
            return
        sides = held.found_from if held.found_from == pair.found_from else "both"
        if _better(pair, held):
            found[key] = pair
        found[key].found_from = sides

    by_id = {"a": _index(side_a), "b": _index(side_b)}
    by_work = {"a": _by_work(side_a), "b": _by_work(side_b)}
    declared: dict[tuple[int, int], tuple[Entry, Entry, list[PairLink]]] = {}
    progress.step(_("Following declared links"), total=len(side_a) + len(side_b))
    for here, there, mine in (("a", "b", side_a), ("b", "a", side_b)):
        for entry in mine:
            progress.advance()
            standard = entry.standard
            assert standard.id is not None
            other = by_id[there].get(standard.id)
            if other is not None:
                keep(_oriented(entry, other, "same", here))
            for other in by_work[there].get(standard.work_key, ()):
                if other.standard.id != standard.id:
                    keep(_oriented(entry, other, "edition", here))
            # what links two standards is read as ``Catalog.link_between`` reads it, from the same counterparts
            for counterpart in pair_counterparts(catalog.store, standard):
                for other in by_work[there].get(counterpart.standard.work_key, ()):
                    link = link_to(counterpart, other.standard, here)
                    if link is None or other.standard.work_key == standard.work_key:
                        continue
                    a, b = (entry, other) if here == "a" else (other, entry)
                    declared.setdefault((a.line, b.line), (a, b, []))[2].append(link)
    for a, b, links in declared.values():
        link = best_link(links)
        assert link is not None
        keep(Pair(a, b, link.kind, link.found_from, path=link.path, evidence=link.evidence,
                  declared_edition=link.declared_edition, declared_held=link.declared_held,
                  current=link.current))  # fmt: skip
    paired = {"a": {k[0] for k in found}, "b": {k[1] for k in found}}
    progress.step(_("Seeking suggested counterparts"))
    suggester = catalog.suggester()
    cache = TitleCache()
    for here, there, mine, theirs in (("a", "b", side_a, side_b), ("b", "a", side_b, side_a)):
        need = [e for e in mine if e.line not in paired[here]]
        if not need or not theirs:
            continue
        bulk = BulkSuggester(suggester, [e.standard for e in theirs], cache=cache)
        for entry, best in zip(need, bulk.best([e.standard for e in need], threshold=threshold, limit=limit),
                               strict=True):  # fmt: skip
            for suggestion in best:
                other = by_id[there][suggestion.standard.id or -1]
                pair = _oriented(entry, other, "suggested", here)
                pair.score, pair.clues, pair.degree_hint = suggestion.score, suggestion.clues, suggestion.degree_hint
                keep(pair)
    return sorted(found.values(), key=lambda p: (p.a.line, _RANK[p.kind], p.b.line))


def _oriented(entry: Entry, other: Entry, kind: str, here: str) -> Pair:
    a, b = (entry, other) if here == "a" else (other, entry)
    return Pair(a, b, kind, here)


def _better(new: Pair, held: Pair) -> bool:
    if _RANK[new.kind] != _RANK[held.kind]:
        return _RANK[new.kind] < _RANK[held.kind]
    if (new.declared_edition is None) != (held.declared_edition is None):
        return new.declared_edition is None
    if new.path and held.path and len(new.path) != len(held.path):
        return len(new.path) < len(held.path)
    return (new.score or 0.0) > (held.score or 0.0)


def _index(entries: list[Entry]) -> dict[int, Entry]:
    return {e.standard.id: e for e in entries if e.standard.id is not None}


def _by_work(entries: list[Entry]) -> dict[str, list[Entry]]:
    found: dict[str, list[Entry]] = {}
    for e in entries:
        found.setdefault(e.standard.work_key, []).append(e)
    return found


def _step_json(step: Step) -> dict[str, Any]:
    return {"source": step.source, "relation": step.relation, "target": step.target,
            "degree": step.degree.value if step.degree else None, "evidence": step.evidence.value}  # fmt: skip


# outputs -------------------------------------------------------------------------------------------------------
def labels(matrix: Matrix) -> dict[str, str]:
    """The workbook's words, in the current language (the HTML report says the same through its template)."""
    return {
        "rejected_lines": _("Lines not compared"),
        "pairs": _("Pairs"),
        "kind": _("Link"),
        "degree": _("Degree"),
        "score": _("Score"),
        "found_from": _("Found from"),
        "why": _("What it rests on"),
        "line": _("Line"),
        "input": _("As typed"),
        "identifier": _("Identifier"),
        "standard_title": _("Title"),
        "status": _("Status"),
        "reason": _("Reason"),
        "message": _("Message"),
        "side": _("List"),
        "only_a": _("Only in {name}").format(name=matrix.name_a),
        "only_b": _("Only in {name}").format(name=matrix.name_b),
    }


def reason_label(reason: str) -> str:
    """Why a line was not compared, for people, in the current language."""
    labels = {
        "blank": _("blank line"),
        "not-found": _("not found"),
        "unreadable": _("not an identifier"),
        "duplicate": _("duplicate"),
    }
    return labels.get(reason, reason)


def _side_label(matrix: Matrix, side: str) -> str:
    return {"a": matrix.name_a, "b": matrix.name_b}.get(side, _("both lists"))


def _title(entry: Entry) -> str:
    return entry.standard.title(current_language())


def _html(matrix: Matrix) -> str:
    template = environment().get_template("lists.html")
    return template.render(
        m=matrix,
        summary=matrix.summary(),
        lang=html_lang(current_language()),
        kind_label=kind_label,
        side_label=lambda side: _side_label(matrix, side),
        reason_label=reason_label,
        status_label=_,
        title_of=_title,
    )


def _xlsx(matrix: Matrix) -> bytes:
    t = labels(matrix)
    book = openpyxl.Workbook()
    sheets: list[tuple[str, list[str], list[list[object]]]] = [
        (t["pairs"], [f"{matrix.name_a}: {t['identifier']}", f"{matrix.name_a}: {t['standard_title']}",
                      f"{matrix.name_b}: {t['identifier']}", f"{matrix.name_b}: {t['standard_title']}",
                      t["kind"], t["degree"], t["score"], t["found_from"], t["why"],
                      f"{matrix.name_a}: {t['line']}", f"{matrix.name_b}: {t['line']}"],
         [[p.a.standard.identifier, _title(p.a), p.b.standard.identifier, _title(p.b), kind_label(p.kind),
           p.degree or "", p.score, _side_label(matrix, p.found_from), p.explanation(), p.a.line, p.b.line]
          for p in matrix.pairs]),
        (t["only_a"], _entry_header(t), [_entry_row(e) for e in matrix.only_a]),
        (t["only_b"], _entry_header(t), [_entry_row(e) for e in matrix.only_b]),
        (t["rejected_lines"], [t["side"], t["line"], t["input"], t["reason"], t["message"]],
         [[_side_label(matrix, r.side), r.line, r.text, reason_label(r.reason), r.message] for r in matrix.rejected]),
    ]  # fmt: skip
    used: set[str] = set()
    for number, (title, header, rows) in enumerate(sheets):
        sheet = book.active if number == 0 else book.create_sheet()
        sheet.title = _sheet_title(title, number, used)
        sheet.append([_cell(v) for v in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        for cells in sheet.iter_rows():  # the header too: it holds the lists' names
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text that starts with "=" stays text, never a formula
        sheet.freeze_panes = "A2"
        for column, heading in zip(sheet.columns, header, strict=False):
            longest = max([len(str(heading)), *(len(str(c.value or "")) for c in column[1:200])])
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, longest + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _entry_header(t: dict[str, str]) -> list[str]:
    return [t["line"], t["input"], t["identifier"], t["standard_title"], t["status"]]


def _entry_row(entry: Entry) -> list[object]:
    return [entry.line, entry.text, entry.standard.identifier, _title(entry), _(entry.standard.status.value)]


def _cell(value: object) -> object:
    """A value a workbook accepts: control characters (which junk lines may hold) removed from text."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _sheet_title(title: str, number: int, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    name = _SHEET_NAME_JUNK.sub("_", ILLEGAL_CHARACTERS_RE.sub("", title)).strip("'")[:31] or f"Sheet{number + 1}"
    if name in used:
        name = f"{name[:28]} {number + 1}"
    used.add(name)
    return name


__all__ = [
    "KINDS",
    "MAX_LINES",
    "REASONS",
    "Entry",
    "Matrix",
    "Pair",
    "RejectedLine",
    "compare_lists",
    "labels",
    "read_list",
    "reason_label",
]
