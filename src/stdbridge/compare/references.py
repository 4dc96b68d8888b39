"""The normative references of a standard, read from its clause 2, and how two lists of them differ.

ISO/IEC Directives Part 2 write one reference a line, "IEC 60335-1:2020, Household and similar ..."; GB/T 1.1
writes "GB 4706.1—2005　家用和类似用途电器的安全　第1部分：通用要求（IEC 60335-1:2004，IDT）", where the bracket
names the international document the Chinese one adopts and how closely. Each line is read with
``stdbridge.identifiers.parse``; a line that holds no identifier (a law, a company document) is kept as text and
compared as text, and the clause's standard sentences ("The following documents are referred to ...",
"下列文件中的内容 ...") are recognised and left out.

Two references are the same work when their work keys meet, directly or through a counterpart: the bracketed
one, or an adoption the identifier itself declares ("EN ISO 13849-1:2015", "GB/T 19001-2016/ISO 9001:2015"), so
that a GB or EN text and the ISO text it adopts can be compared; then they cite the same edition, another edition,
or one cites a dated edition and the other the work undated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from stdbridge import identifiers
from stdbridge.compare.clauses import Clause, ClauseSplit, fold
from stdbridge.errors import IdentifierError
from stdbridge.language.text import has_cjk

ReferenceStatus = Literal["same", "edition-changed", "dating-changed", "only-in-a", "only-in-b"]

_TITLES = ("normative references", "normative reference", "规范性引用文件", "引用标准")
_BOILERPLATE = (
    "the following documents",
    "the following referenced documents",
    "the following normative documents",
    "for dated references",
    "for undated references",
    "there are no normative references",
    "下列文件",
    "下列标准",
    "凡是注日期",
    "凡是不注日期",
    "本文件没有规范性引用文件",
    "本标准没有规范性引用文件",
)
_NO_REFERENCES = ("there are no normative references", "本文件没有规范性引用文件", "本标准没有规范性引用文件")
_LIST_MARK = re.compile(r"^(?:\[\d+\]|[—–\-•·*]|\d+\))\s*")
_COUNTERPART = re.compile(r"[(]([^()]{3,80}?)[,;]\s*(IDT|MOD|NEQ|EQV)\s*[)]")
_MAX_IDENTIFIER_TOKENS = 7


@dataclass(frozen=True, slots=True)
class Counterpart:
    """A document that a reference adopts, as its identifier declares it ("EN ISO 13849-1:2015" adopts
    ISO 13849-1:2015) or its bracket names it ("（IEC 60335-1:2004，IDT）")."""

    identifier: str
    work_key: str
    edition_key: str
    dated: bool
    degree: str


@dataclass(frozen=True, slots=True)
class Reference:
    """One line of a normative references clause; ``identifier`` is None when no identifier could be read."""

    text: str
    identifier: str | None = None
    work_key: str | None = None
    edition_key: str | None = None
    dated: bool = False
    title: str = ""
    counterparts: tuple[Counterpart, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "identifier": self.identifier,
            "work_key": self.work_key,
            "edition_key": self.edition_key,
            "dated": self.dated,
            "title": self.title,
            "counterparts": [
                {"identifier": c.identifier, "work_key": c.work_key, "dated": c.dated, "degree": c.degree}
                for c in self.counterparts
            ],
        }


@dataclass(frozen=True, slots=True)
class ReferenceList:
    """The normative references of one text; ``clause`` is None when the text has no such clause."""

    clause: Clause | None
    references: tuple[Reference, ...]
    states_none: bool = False  # the clause says the document has no normative references


@dataclass(frozen=True, slots=True)
class ReferencePair:
    """One reference compared: in both texts (``status`` says how the editions compare) or in one only.

    ``via`` names the counterpart through which a national reference met an international one
    ("IEC 60335-1:2004, IDT").
    """

    status: ReferenceStatus
    a: Reference | None
    b: Reference | None
    via: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "a": self.a.to_json() if self.a else None,
            "b": self.b.to_json() if self.b else None,
            "via": self.via,
        }


def references_clause(split: ClauseSplit) -> Clause | None:
    """The normative references clause: titled so, normally clause 2."""
    for clause in split.clauses:
        if clause.part == "body" and fold(clause.title).lower() in _TITLES:
            return clause
    return None


def normative_references(split: ClauseSplit) -> ReferenceList:
    clause = references_clause(split)
    if clause is None:
        return ReferenceList(None, ())
    references: list[Reference] = []
    states_none = False
    lines = [line.strip() for line in clause.text.split("\n") if line.strip()]
    longest = max((len(line) for line in lines), default=0)
    paged = clause.page is not None  # laid out on pages, so long lines may have been wrapped
    joined = ""  # the reference read so far, which a wrapped line may carry on
    last = ""  # the line before
    for text in lines:
        lowered = fold(text).lower()
        if lowered.startswith(_NO_REFERENCES):
            states_none = True
        reference = read_reference(text)
        wrapped = bool(last) and reference.identifier is None and _continues(last, text, longest, paged)
        last = text
        if lowered.startswith(_BOILERPLATE) or lowered.startswith(("note", "注")):
            joined = ""
        elif wrapped:
            # A line wrapped by the layout of a page (a PDF): "... — Part 1: General" / "requirements".
            if joined:
                joined = f"{joined} {text}"
                references[-1] = read_reference(joined)
        else:
            references.append(reference)
            joined = text
    return ReferenceList(clause, tuple(references), states_none)


def _continues(previous: str, line: str, longest: int, paged: bool) -> bool:
    """Whether ``line`` carries on ``previous``, wrapped by the layout of a page: it starts in lower case or with
    a bracket or a dash (no reference does), or the line before breaks off at a dash or a comma; a Chinese line,
    which has no case, when the line before fills the width of a page."""
    if (
        line[0].islower()
        or line[0] in "([（—–-"
        or previous.endswith(("—", "–", "-", ",", ":", ";", "/", "(", "，", "：", "、"))
    ):
        return True
    if re.search(r"\b(?:Part|Section|Amendment)$|第$", previous):  # "... — Part" / "1: General requirements"
        return True
    return paged and has_cjk(previous) and len(previous) >= 0.9 * longest and len(previous) >= 20


def read_reference(line: str) -> Reference:
    """One reference line: the identifier it starts with, its title, and the bracketed counterparts."""
    text = _LIST_MARK.sub("", fold(line))
    head = re.split(r"[,;]", text, maxsplit=1)[0]
    tokens = head.split()
    for count in range(min(len(tokens), _MAX_IDENTIFIER_TOKENS), 0, -1):
        candidate = " ".join(tokens[:count])
        try:
            ident = identifiers.parse(candidate)
        except IdentifierError:
            continue
        rest = text[len(candidate) :].lstrip(" ,;")
        return Reference(
            text=line,
            identifier=identifiers.render(ident),
            work_key=identifiers.work_key(ident),
            edition_key=identifiers.edition_key(ident),
            dated=ident.year is not None,
            title=_COUNTERPART.sub("", rest).strip(),
            counterparts=_counterparts(ident, rest),
        )
    return Reference(text=line, title=text)


def _counterparts(ident: identifiers.Identifier, rest: str) -> tuple[Counterpart, ...]:
    """The documents a reference adopts: those its identifier declares ("EN ISO 13849-1", "GB/T 19001-2016/ISO
    9001:2015"), then those the bracket after its title names ("(IEC 60335-1:2004, IDT)"), each edition once."""
    adopted = [(adoption.identifier, adoption.degree.value) for adoption in ident.adoptions]
    for m in _COUNTERPART.finditer(rest):
        try:
            adopted.append((identifiers.parse(m[1].strip()), m[2]))
        except IdentifierError:
            continue
    found: dict[str, Counterpart] = {}
    for other, degree in adopted:
        counterpart = Counterpart(
            identifier=identifiers.render(other),
            work_key=identifiers.work_key(other),
            edition_key=identifiers.edition_key(other),
            dated=other.year is not None,
            degree=degree,
        )
        found.setdefault(counterpart.edition_key, counterpart)
    return tuple(found.values())


def compare_references(a: ReferenceList, b: ReferenceList) -> list[ReferencePair]:
    """Every reference of both lists once: paired by work (directly first, then through counterparts), in the
    order of ``b`` with those only in ``a`` after."""
    pairs: dict[int, ReferencePair] = {}  # by index in b
    left_a = list(range(len(a.references)))
    for through_counterparts in (False, True):
        for i in list(left_a):
            ra = a.references[i]
            for j, rb in enumerate(b.references):
                if j in pairs:
                    continue
                pair = _pair(ra, rb, through_counterparts)
                if pair is not None:
                    pairs[j] = pair
                    left_a.remove(i)
                    break
    result: list[ReferencePair] = []
    for j, rb in enumerate(b.references):
        result.append(pairs.get(j) or ReferencePair("only-in-b", None, rb))
    result.extend(ReferencePair("only-in-a", a.references[i], None) for i in left_a)
    return result


def _pair(ra: Reference, rb: Reference, through_counterparts: bool) -> ReferencePair | None:
    if ra.work_key is None or rb.work_key is None:
        if ra.work_key is None and rb.work_key is None and not through_counterparts and _same_text(ra, rb):
            return ReferencePair("same", ra, rb)
        return None
    if not through_counterparts:
        if ra.work_key != rb.work_key:
            return None
        return ReferencePair(_edition_status(ra.edition_key, ra.dated, rb.edition_key, rb.dated), ra, rb)
    for counterpart in ra.counterparts:
        if counterpart.work_key == rb.work_key:
            status = _edition_status(counterpart.edition_key, counterpart.dated, rb.edition_key, rb.dated)
            return ReferencePair(status, ra, rb, via=f"{counterpart.identifier}, {counterpart.degree}")
    for counterpart in rb.counterparts:
        if counterpart.work_key == ra.work_key:
            status = _edition_status(ra.edition_key, ra.dated, counterpart.edition_key, counterpart.dated)
            return ReferencePair(status, ra, rb, via=f"{counterpart.identifier}, {counterpart.degree}")
    for ca in ra.counterparts:
        for cb in rb.counterparts:
            if ca.work_key == cb.work_key:
                status = _edition_status(ca.edition_key, ca.dated, cb.edition_key, cb.dated)
                return ReferencePair(status, ra, rb, via=f"{cb.identifier}, {cb.degree}")
    return None


def _edition_status(key_a: str | None, dated_a: bool, key_b: str | None, dated_b: bool) -> ReferenceStatus:
    if dated_a != dated_b:
        return "dating-changed"
    if key_a == key_b:
        return "same"
    return "edition-changed"


def _same_text(ra: Reference, rb: Reference) -> bool:
    def key(reference: Reference) -> str:
        return re.sub(r"\W+", " ", fold(reference.text)).strip().casefold()

    return key(ra) == key(rb)
