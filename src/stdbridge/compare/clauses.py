"""Cutting the text of a standard into its clauses, numbered as ISO/IEC Directives Part 2 and GB/T 1.1 number them.

Clauses are "1 Scope", "2 Normative references", "4.2.1 Title" or an untitled "4.2.1 The appliance shall ...";
a term entry is its number alone on a line followed by the term ("3.1" / "rated voltage"). Annexes are
"Annex A (normative) Title" or "附录 A（规范性）标题", on one line or several, with subclauses "A.1", "A.1.2".
Chinese texts number clauses the same way ("1 范围", "2 规范性引用文件"): GB/T 1.1-2020 has no "第1章" form.
Full-width digits and dots ("４．２") are read as their ASCII forms.

Text before clause 1 is kept as the foreword, the introduction and the rest of the front matter (title page,
contents); "Bibliography" / "参考文献" and "Index" / "索引" after the last annex are back matter. Nothing is
dropped except table-of-contents lines ("4 Requirements ....... 7").

A line that merely starts with a number ("10 V shall be applied", a table row "20 30 40") must not open a clause:
a number opens a clause only where the numbering can go next (after 4.2: 4.2.1, 4.3 or 5, allowing a small
gap for a lost heading), and a title starts like a title (not with a unit, a digit or a lower-case word).

>>> from stdbridge.compare.documents import document_from_text
>>> split = split_clauses(document_from_text("Foreword\\nText.\\n1 Scope\\nThis document...\\n1.1 General\\nx"))
>>> [(c.key, c.title) for c in split.clauses]
[('foreword', 'Foreword'), ('1', 'Scope'), ('1.1', 'General')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from stdbridge.compare.documents import IDEOGRAPH, DocumentText, Line, Notice
from stdbridge.i18n import _, ngettext

ClausePart = Literal["front", "body", "annex", "back"]


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause, subclause, term entry, annex or unnumbered part of a standard.

    ``key`` is unique in the document: the number ("4.2.1", "A" for Annex A, "A.1"), or the name of an
    unnumbered part ("foreword", "introduction", "front", "bibliography", "index"). ``text`` is the clause's own
    text, without its heading and without its subclauses.
    """

    key: str
    number: str
    title: str
    text: str
    part: ClausePart
    annex_status: str | None = None
    page: int | None = None

    @property
    def short_name(self) -> str:
        """The clause as a cross-reference names it, in the current language: "4.2", "Annex A", "Foreword"."""
        if self.part == "annex" and "." not in self.number:
            return _("Annex {letter}").format(letter=self.number)
        return self.number or self.title

    @property
    def heading(self) -> str:
        """The clause as a reader would name it, in the current language: "4.2 Title", "Annex A (normative)
        Title", "Foreword"; "Title page and front matter" for the untitled text before the first heading."""
        if not self.number and not self.title:
            return _("Title page and front matter")
        if self.part == "annex" and "." not in self.number:
            status = {"normative": _("normative"), "informative": _("informative")}.get(self.annex_status or "")
            name = self.short_name + (f" ({status})" if status else "")
            return f"{name} {self.title}".strip()
        return f"{self.number} {self.title}".strip()

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1 if self.number else 0

    @property
    def parent_key(self) -> str | None:
        return self.number.rsplit(".", 1)[0] if "." in self.number else None

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "number": self.number,
            "title": self.title,
            "part": self.part,
            "annex_status": self.annex_status,
            "page": self.page,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class ClauseSplit:
    """The clauses of a document in order, with what a person should know about the cutting."""

    clauses: tuple[Clause, ...]
    notices: tuple[Notice, ...]
    numbered: bool  # False when no clause numbering was found and the text is one block

    def find(self, key: str) -> Clause | None:
        return next((c for c in self.clauses if c.key == key), None)


def fold(text: str) -> str:
    """Full-width ASCII to ASCII, ideographic space to space, runs of white space to one space."""
    return " ".join(text.translate(FULL_WIDTH).split())


# Full-width ASCII to ASCII and the ideographic space to a space, one character for one.
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_TOC_LEADERS = re.compile(r"\S.*?(?:\.{4,}|…{2,}|·{4,})\s*[\dIVXivx\u2160-\u217f]+\s*$")
_TOC_TAIL = re.compile(r"^(?:\.{4,}|…{2,}|·{4,})\s*[\dIVXivx\u2160-\u217f]+$")
_TOC_TAB = re.compile(
    r"^(?:\d+(?:\.\d+)*\s|[A-Z]\.\d|Annex\s|附\s*录|Foreword|Introduction|Bibliography|前\s*言|引\s*言|参考文献)"
    r"[^\t]*\t\s*[\dIVXivx]+\s*$"
)  # a Word contents field: "4.2 Title<TAB>7"
_ANNEX = re.compile(r"^(?:Annex|ANNEX|附\s*录)\s*([A-Z])(?![\w.])\s*(.*)$")
_STATUS = re.compile(
    r"^[(]\s*(normative|informative|规范性(?:附录)?|资料性(?:附录)?|参考件|补充件)\s*[)]\s*(.*)$", re.I
)
_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,6}|[A-Z](?:\.\d{1,3}){1,6})(?:\s+(.*))?$")
_SENTENCE_END = (".", "。", ";", "；", ",", "，", ":", "：")
_MODAL = re.compile(r"\b(?:shall|should|must|may)\b")
_STATUS_NAMES = {
    "normative": "normative",
    "规范性": "normative",
    "规范性附录": "normative",
    "补充件": "normative",
    "informative": "informative",
    "资料性": "informative",
    "资料性附录": "informative",
    "参考件": "informative",
}
# Unnumbered parts, written spaced out in many Chinese texts ("前 言"): compared with spaces removed.
_NAMED_PARTS: dict[str, tuple[str, ClausePart]] = {
    "foreword": ("foreword", "front"),
    "前言": ("foreword", "front"),
    "introduction": ("introduction", "front"),
    "0introduction": ("introduction", "front"),
    "引言": ("introduction", "front"),
    "0引言": ("introduction", "front"),
    "contents": ("contents", "front"),
    "目次": ("contents", "front"),
    "目录": ("contents", "front"),
    "bibliography": ("bibliography", "back"),
    "参考文献": ("bibliography", "back"),
    "index": ("index", "back"),
    "索引": ("index", "back"),
}
# Words that follow a number as its unit rather than as the first word of a title ("10 V shall ...").
_UNIT_WORDS = frozenset(
    "V kV mV A mA kA W kW Hz kHz MHz K mm cm m km µm um nm Pa kPa MPa N s ms min h dB lx kg g mg l L mL ml % "
    "°C ℃ Ω VA bar J".split()
)


@dataclass(slots=True)
class _Heading:
    number: str  # "4.2", "A" (an annex), "A.1"; "" for a named unnumbered part
    title: str
    body: str  # text after the number when the clause has no title
    part: ClausePart
    annex_status: str | None = None
    key: str | None = None  # named parts
    lines_used: int = 1  # the heading's own lines: a term's number line and the term, an annex's three lines


@dataclass(slots=True)
class _Open:
    heading: _Heading
    page: int | None
    body: list[str]


def split_clauses(document: DocumentText) -> ClauseSplit:
    """The clauses of a document, in order."""
    lines = document.lines
    clauses, notices = _split(lines, strict_start=True)
    numbered = any(c.part in ("body", "annex") for c in clauses)
    if not numbered:
        # An excerpt may start at clause 4; accept any first number before giving up on the structure.
        clauses, notices = _split(lines, strict_start=False)
        numbered = any(c.part in ("body", "annex") for c in clauses)
        if numbered:
            notices.append(Notice("no-clause-1", _("the text does not start at clause 1")))
    if not numbered:
        notices.append(Notice("no-clauses", _("no clause numbering was found: the text is compared as one block")))
    return ClauseSplit(clauses=tuple(clauses), notices=tuple(notices), numbered=numbered)


def _split(lines: tuple[Line, ...], *, strict_start: bool) -> tuple[list[Clause], list[Notice]]:
    state = _Numbering(strict_start=strict_start)
    opened: list[_Open] = [_Open(_Heading("", "", "", "front", key="front"), None, [])]
    toc_lines = 0
    contents = _contents_lines(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        raw = line.text
        text = fold(raw)
        if i in contents:
            toc_lines += 1
            i += 1
            continue
        heading = _heading_at(lines, i, text, state) if text or line.heading_level is not None else None
        if heading is None:
            opened[-1].body.append(_as_written(raw))
            i += 1
            continue
        heading.title = _as_written_piece(lines, i, heading.lines_used, heading.title)
        heading.body = _as_written_piece(lines, i, 1, heading.body)
        state.accept(heading)
        opened.append(_Open(heading, line.page, [heading.body] if heading.body else []))
        i += heading.lines_used
    notices = []
    if toc_lines:
        notices.append(
            Notice(
                "contents-dropped",
                ngettext(
                    "{count} table-of-contents line was left out",
                    "{count} table-of-contents lines were left out",
                    toc_lines,
                ).format(count=toc_lines),
            )
        )
    return _clauses_of(opened), notices


def _as_written(raw: str) -> str:
    """A line with its white space (ideographic spaces too) collapsed, punctuation as written."""
    return " ".join(raw.split())


def _as_written_piece(lines: tuple[Line, ...], i: int, used: int, piece: str) -> str:
    """``piece`` of the folded heading lines, given back as written: "（IP代码）" rather than "(IP代码)".

    Folding maps one character to one character once white space is collapsed, so the piece sits at the same
    place in the line as written.
    """
    if not piece:
        return piece
    for j in range(i + used - 1, i - 1, -1):
        written = _as_written(lines[j].text)
        at = fold(lines[j].text).rfind(piece)
        if at >= 0 and len(written) == len(fold(lines[j].text)):
            return written[at : at + len(piece)]
    return piece


def _clauses_of(opened: list[_Open]) -> list[Clause]:
    clauses: list[Clause] = []
    seen: dict[str, int] = {}
    for item in opened:
        h = item.heading
        text = _body_text(item.body)
        if h.key == "front" and not text and not h.title:
            continue
        key = h.key or h.number
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:  # a second "Foreword" or a repeated number: kept, under a key of its own
            key = f"{key}#{seen[key]}"
        clauses.append(Clause(key, h.number, h.title, text, h.part, h.annex_status, item.page))
    return clauses


def _body_text(lines: list[str]) -> str:
    out: list[str] = []
    for text in lines:
        if text or (out and out[-1]):
            out.append(text)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _contents_lines(lines: tuple[Line, ...]) -> set[int]:
    """Indexes of table-of-contents lines; an entry too long for its line puts its leader dots and page number on
    the next one, and both lines go."""
    found: set[int] = set()
    previous: int | None = None
    for i, line in enumerate(lines):
        text = line.text.translate(FULL_WIDTH).strip()
        if not text:
            continue
        if _TOC_LEADERS.match(text) or _TOC_TAB.match(text):
            found.add(i)
        elif _TOC_TAIL.match(text):
            found.add(i)
            if previous is not None:
                found.add(previous)
        previous = i
    return found


class _Numbering:
    """Where the numbering stands, and which numbers may come next."""

    def __init__(self, *, strict_start: bool) -> None:
        self.strict_start = strict_start
        self.last: tuple[int, ...] | None = None  # last main-body number
        self.annex: str | None = None  # letter of the current annex
        self.annex_last: tuple[int, ...] = ()  # last subclause number inside the annex
        self.back = False
        self.docx_counters: list[int] = []

    def plausible_number(self, number: str, *, titled: bool) -> bool:
        parts = number.split(".")
        if parts[0].isalpha():
            if self.annex is None or parts[0] != self.annex or self.back:
                return False
            return _follows(self.annex_last, tuple(int(p) for p in parts[1:]), titled=titled)
        if self.annex is not None or self.back:
            return False
        numbers = tuple(int(p) for p in parts)
        if self.last is None:
            if self.strict_start:
                return numbers == (1,)
            return len(numbers) == 1 and titled
        return _follows(self.last, numbers, titled=titled)

    def plausible_annex(self, letter: str) -> bool:
        if self.back:
            return False
        if self.annex is None:
            return letter <= "C"  # the first annex is A, B when A was lost; never a body sentence about "Annex F"
        return 0 < ord(letter) - ord(self.annex) <= 2

    def accept(self, heading: _Heading) -> None:
        if heading.part == "back":
            self.back = True
        if not heading.number:
            return
        parts = heading.number.split(".")
        if heading.part == "annex":
            if len(parts) == 1:
                self.annex, self.annex_last = parts[0], ()
            else:
                self.annex_last = tuple(int(p) for p in parts[1:])
            return
        self.last = tuple(int(p) for p in parts)

    def next_docx_number(self, level: int, annex: bool) -> str:
        """The number Word's automatic numbering shows for a heading whose text carries none."""
        if annex:
            return "A" if self.annex is None else chr(ord(self.annex) + 1)
        if self.annex is not None:
            return ".".join([self.annex, *map(str, _next_at_depth(self.annex_last, max(1, level - 1)))])
        return ".".join(map(str, _next_at_depth(self.last or (), level)))


def _next_at_depth(last: tuple[int, ...], depth: int) -> tuple[int, ...]:
    stem = (last + (1,) * depth)[: depth - 1]
    return (*stem, last[depth - 1] + 1 if len(last) >= depth else 1)


def _follows(last: tuple[int, ...], numbers: tuple[int, ...], *, titled: bool) -> bool:
    """Whether ``numbers`` can follow ``last``: its first child, its next sibling, or an ancestor's next sibling,
    allowing a gap of one lost number (two for a titled heading)."""
    gap = 3 if titled else 2
    if not last:
        return len(numbers) == 1 and 1 <= numbers[0] <= gap
    if len(numbers) == len(last) + 1 and numbers[:-1] == last:
        return 1 <= numbers[-1] <= gap
    depth = len(numbers)
    if depth > len(last):
        return False
    return numbers[:-1] == last[: depth - 1] and 0 < numbers[-1] - last[depth - 1] <= gap


def _heading_at(lines: tuple[Line, ...], i: int, text: str, state: _Numbering) -> _Heading | None:
    named = _NAMED_PARTS.get(_compact_name(text))
    line = lines[i]
    if named is not None:
        key, part = named
        body_started = state.last is not None or state.annex is not None
        # "Introduction" is front matter only before clause 1; "Bibliography" is back matter only after it.
        if (part == "front") != body_started:
            return _Heading("", text, "", part, key=key)
    annex = _ANNEX.match(text)
    if annex is not None:
        return _annex_heading(lines, i, annex[1], annex[2], state, styled=line.annex_heading)
    match = _NUMBER.match(text)
    if match is not None:
        return _numbered_heading(lines, i, match[1], match[2] or "", state, styled=line.heading_level is not None)
    if line.heading_level is not None and not state.back:
        # A Word heading numbered automatically: the number is not in the text.
        number = state.next_docx_number(line.heading_level, line.annex_heading)
        if line.annex_heading:
            return _annex_heading(lines, i, number, text, state, styled=True)
        title, used = text, 1
        if not text:  # a term entry: Word shows its number, the term is the next paragraph
            j = _next_content(lines, i)
            if j is not None and _term_like(fold(lines[j].text)):
                title, used = fold(lines[j].text), j - i + 1
        return _Heading(number, title, "", "annex" if state.annex else "body", lines_used=used)
    return None


def _compact_name(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _annex_heading(
    lines: tuple[Line, ...], i: int, letter: str, rest: str, state: _Numbering, *, styled: bool
) -> _Heading | None:
    if not state.plausible_annex(letter) and not styled:
        return None
    used = 1
    status_match = _STATUS.match(rest)
    if status_match is None and not rest:
        j = _next_content(lines, i)
        if j is not None:
            status_match = _STATUS.match(fold(lines[j].text))
            if status_match is not None:
                used = j - i + 1
    if status_match is None and not styled:
        return None  # ISO/IEC Directives and GB/T 1.1 both require the status: without it this is a sentence
    status = _STATUS_NAMES.get(status_match[1].lower()) if status_match else None
    title = status_match[2] if status_match else rest
    if not title:
        j = _next_content(lines, i + used - 1)
        if j is not None and _title_like(fold(lines[j].text)):
            title = fold(lines[j].text)
            used = j - i + 1
    if title and title[0].islower():
        return None
    return _Heading(letter, title, "", "annex", annex_status=status, lines_used=used)


def _numbered_heading(
    lines: tuple[Line, ...], i: int, number: str, rest: str, state: _Numbering, *, styled: bool
) -> _Heading | None:
    part: ClausePart = "annex" if number[0].isalpha() else "body"
    if not rest:
        # A number alone: a term entry or a heading whose title is on the next line.
        j = _next_content(lines, i)
        title = fold(lines[j].text) if j is not None else ""
        if j is not None and _term_like(title) and _NUMBER.match(title) is None and _ANNEX.match(title) is None:
            if not state.plausible_number(number, titled=True):
                return None
            return _Heading(number, title, "", part, lines_used=j - i + 1)
        if not state.plausible_number(number, titled=False):
            return None
        return _Heading(number, "", "", part)
    if not _starts_like_text(rest):
        return None
    titled = _title_like(rest)
    if not state.plausible_number(number, titled=titled or styled):
        return None
    if titled or styled:
        return _Heading(number, rest, "", part)
    return _Heading(number, "", rest, part)


def _next_content(lines: tuple[Line, ...], i: int) -> int | None:
    for j in range(i + 1, min(len(lines), i + 4)):
        if lines[j].text.strip():
            return j
    return None


def _starts_like_text(rest: str) -> bool:
    first = rest.split()[0]
    if first in _UNIT_WORDS or first.rstrip(".,;") in _UNIT_WORDS:
        return False
    head = rest[0]
    if head.isdigit() or head in "±+-–—=<>≤≥×/.,;:)]}%~～":
        return False
    return not (head.isascii() and head.islower())


def _title_like(text: str) -> bool:
    """Short, not a sentence: "Requirements", "额定电压 rated voltage", "Test for resistance to heat"."""
    if not text or text.endswith(_SENTENCE_END) or not _starts_like_text(text):
        return False
    if IDEOGRAPH.search(text):
        cjk = len(IDEOGRAPH.findall(text))
        return cjk <= 30 and len(text) <= 80 and not any(p in text for p in "。；")
    words = text.split()
    return len(text) <= 100 and len(words) <= 14 and _MODAL.search(text) is None


def _term_like(text: str) -> bool:
    """A heading's title or a term on the line after a number alone; ISO terms are lower case ("rated voltage")."""
    if _title_like(text):
        return True
    return bool(text) and text[0].isalpha() and not text.endswith(_SENTENCE_END) and len(text.split()) <= 8
