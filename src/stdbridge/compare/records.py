"""Two standards side by side, from what the catalogue holds about them, and what links them.

Each row holds one property of both standards — titles in every language either side has, the scope of the
standard where a record carries one, ICS and CCS codes with their names, the committee with its scope,
dates, status, editions, supersession and adoptions — judged ``same`` (texts compared without case, spacing and
punctuation: "Systems -- Requirements" is "Systems - Requirements"), ``partly`` (codes in common, not all),
``different``, or not judged when one side holds nothing or the row only lists other standards.
What links the two is one of:

``edition``    the same work: one is another edition of the other
``declared``   a chain of declared relations (adoptions, accepted equivalences) leads from one to the other,
               with its steps and weakest degree
``related-edition``  a chain of declared relations leads from one to *another edition* of the other's work (the
               edition it names, held or not, is given): the works correspond, not these editions
``rejected``   somebody rejected the pair as counterparts (who, when, why)
``suggested``  no relation declares it, but the other is among the suggested counterparts (``suggest.py``)
``none``       none of these

The suggestion score and its clues are given for every pair of two works, so a person can see how alike the
records are even when a relation declares them counterparts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stdbridge.catalog import Catalog
from stdbridge.catalog.graph import Link
from stdbridge.catalog.links import BRIDGES, DEGREE_KINDS, RELATED_EDITION, Step, absent_note, counterparts_of
from stdbridge.counterparts.suggest import Clue
from stdbridge.errors import UsageError
from stdbridge.i18n import _, current_language, pgettext
from stdbridge.language.ics_titles import ics_title
from stdbridge.models import ClassEntry, Decision, Degree, DocType, Standard, Status, Verdict

LANGUAGE_ORDER = ("en", "zh", "fr", "ja", "ru", "de", "es")
SCOPE_KEYS = ("scope", "scope_en", "abstract")  # where a record may carry its scope (tabular ``extra`` columns)
SUGGESTIONS_LOOKED_AT = 20
_NOT_EDITIONS = (DocType.AMENDMENT, DocType.CORRIGENDUM, DocType.DRAFT)
_WORDS = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class Row:
    """One property of both standards, and how they compare: "same", "partly", "different" or None (not
    judged: one side holds nothing, or the row lists other standards)."""

    key: str  # "title.en", "ics", "committee", ...
    label: str
    a: list[str]
    b: list[str]
    match: str | None
    absent: tuple[str, ...] = ()  # values naming an edition the catalogue does not hold (a sentence, not a link)


@dataclass(slots=True)
class Connection:
    kind: str  # "edition", "declared", "related-edition", "rejected", "suggested", "none"
    degree: Degree | None = None
    path: list[Step] = field(default_factory=list)  # from the side it was found from (``found_from``)
    found_from: str | None = None  # "a", "b" or "both", for declared links
    declared_edition: str | None = None  # related-edition: the edition the relation names
    declared_held: bool = True  # ... and whether the catalogue holds it
    current: Standard | None = None  # ... when not: the current edition of its work
    declared_for: str | None = None  # ... and which of the two has it as another edition
    score: float | None = None
    clues: list[Clue] = field(default_factory=list)
    rank: int | None = None  # the place of B among A's suggestions, when suggested
    decision: Decision | None = None


@dataclass(slots=True)
class SideBySide:
    a: Standard
    b: Standard
    rows: list[Row]
    connection: Connection


def side_by_side(catalog: Catalog, a: Standard, b: Standard) -> SideBySide:
    """Compare two catalogue records; the same edition twice is a usage error."""
    if a.edition_key == b.edition_key:
        raise UsageError(
            _("{identifier} is compared with itself: give two different standards").format(identifier=a.identifier)
        )
    return SideBySide(a, b, _rows(catalog, a, b), connection(catalog, a, b))


def connection(catalog: Catalog, a: Standard, b: Standard) -> Connection:
    """What links ``a`` to ``b``: the strongest of edition, declared, related-edition, rejected, suggested, none;
    declared links are read by ``Catalog.link_between``, as the batch matrix reads them."""
    if a.work_key == b.work_key:
        return Connection("edition")
    suggester = catalog.suggester()
    scored = suggester.score(a, b)
    found = Connection("none", score=scored.score, clues=scored.clues)
    link = catalog.link_between(a, b)
    if link is not None:
        found.kind = RELATED_EDITION if link.kind == RELATED_EDITION else "declared"
        found.degree = Degree(link.kind) if link.kind in DEGREE_KINDS else None
        found.path, found.found_from = link.path, link.found_from
        found.declared_edition, found.declared_held = link.declared_edition, link.declared_held
        found.current, found.declared_for = link.current, link.declared_for
        return found
    counterparts = counterparts_of(catalog.store, a) if a.id is not None else []
    for decision in catalog.store.decisions_about([a.work_key]):
        if {decision.source_work, decision.target_work} == {a.work_key, b.work_key}:
            found.decision = decision
            if decision.verdict == Verdict.REJECTED:
                found.kind = "rejected"
                return found
    suggestions = suggester.suggest(a, body=b.body, limit=SUGGESTIONS_LOOKED_AT, declared=counterparts).suggestions
    rank = next((i for i, s in enumerate(suggestions, 1) if s.standard.work_key == b.work_key), None)
    if rank is not None:
        found.kind, found.rank = "suggested", rank
    return found


# the rows ------------------------------------------------------------------------------------------
def _rows(catalog: Catalog, a: Standard, b: Standard) -> list[Row]:
    names = _class_names(catalog, a, b)
    rows = [
        # a context keeps the row labels apart from the same English words elsewhere ("edition": how a query read)
        _listing("identifier", pgettext("compared property", "identifier"), [a.identifier], [b.identifier]),
        _row("body", pgettext("compared property", "body"), [_body(a)], [_body(b)]),
        _row("country", _("country or region"), [a.country], [b.country]),
        _row("doctype", _("document type"), [a.doctype.value], [b.doctype.value]),
    ]
    languages = sorted({*a.titles, *b.titles}, key=lambda lang: (_language_rank(lang), lang))
    rows += [
        _row(
            f"title.{lang}",
            _("title ({language})").format(language=lang),
            _held(a.titles.get(lang)),
            _held(b.titles.get(lang)),
        )
        for lang in languages
    ]
    rows.append(_row("scope", _("scope"), _held(_scope(a)), _held(_scope(b))))
    for scheme, key, label in (("ICS", "ics", _("ICS")), ("CCS", "ccs", _("CCS"))):
        codes_a, codes_b = getattr(a, key), getattr(b, key)
        rows.append(
            _row(
                key,
                label,
                [_named(c, names[scheme]) for c in codes_a],
                [_named(c, names[scheme]) for c in codes_b],
                match=_overlap(set(codes_a), set(codes_b)),
            )
        )
    committees = names["committee"]
    rows.append(
        _row(
            "committee",
            _("committee"),
            _held(a.committee and _named(a.committee, committees)),
            _held(b.committee and _named(b.committee, committees)),
            match=_overlap({a.committee}, {b.committee}),
        )
    )
    rows.append(
        _row(
            "committee_scope",
            _("committee scope"),
            _held(_committee_scope(a, committees)),
            _held(_committee_scope(b, committees)),
        )
    )
    for key, label in (
        ("published", pgettext("compared property", "published")),
        ("implemented", _("in force from")),
        ("withdrawn", pgettext("compared property", "withdrawn")),
    ):
        rows.append(_row(key, label, _held(getattr(a, key)), _held(getattr(b, key))))
    rows.append(_row("status", pgettext("compared property", "status"), [a.status.value], [b.status.value]))
    rows.append(_row("edition", pgettext("compared property", "edition"), _held(a.edition), _held(b.edition)))
    rows.append(_listing("editions", _("editions of the work"), _editions(catalog, a), _editions(catalog, b)))
    links_a, links_b = catalog.links(a), catalog.links(b)
    for name, label in (
        ("replaces", _("replaces")),
        ("replaced-by", _("replaced by")),
        ("adopts", _("adopts")),
        ("adopted-as", _("adopted as")),
        ("equivalent", _("equivalent to")),
    ):
        mine, theirs = _linked(links_a, name), _linked(links_b, name)
        row = _listing(f"relations.{name}", label, mine, theirs)
        row.absent = tuple(_absent(links_a, name) + _absent(links_b, name))
        rows.append(row)
    return [r for r in rows if r.a or r.b]  # nothing to compare where neither side holds anything


def _row(key: str, label: str, a: list[str], b: list[str], *, match: str | None = None) -> Row:
    """A row judged by ``match`` when given, else by comparing the texts; never judged when a side is empty."""
    if not a or not b:
        return Row(key, label, a, b, None)
    if match is None:
        match = "same" if [_comparable(v) for v in a] == [_comparable(v) for v in b] else "different"
    return Row(key, label, a, b, match)


def _comparable(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def _overlap(a: set[str | None], b: set[str | None]) -> str:
    return "same" if a == b else "partly" if a & b else "different"


def _listing(key: str, label: str, a: list[str], b: list[str]) -> Row:
    """A row shown for reading, not judged (editions, relations: other standards, never the same ones)."""
    return Row(key, label, a, b, None)


def _held(value: str | None) -> list[str]:
    return [value] if value else []


def _language_rank(lang: str) -> int:
    return LANGUAGE_ORDER.index(lang) if lang in LANGUAGE_ORDER else len(LANGUAGE_ORDER)


def _body(standard: Standard) -> str:
    return "/".join((standard.body, *standard.copublishers))


def _scope(standard: Standard) -> str | None:
    return next((str(standard.extra[k]) for k in SCOPE_KEYS if standard.extra.get(k)), None)


def _class_names(catalog: Catalog, a: Standard, b: Standard) -> dict[str, dict[str, ClassEntry]]:
    return {
        "ICS": catalog.classes("ICS", {*a.ics, *b.ics}),
        "CCS": catalog.classes("CCS", {*a.ccs, *b.ccs}),
        "committee": catalog.classes("committee", {c for c in (a.committee, b.committee) if c}),
    }


def _named(code: str, entries: dict[str, ClassEntry]) -> str:
    entry = entries.get(code)
    if entry is None:
        return code
    if entry.scheme == "ICS":
        title = ics_title(code, entry.titles, current_language())
    else:
        title = entry.titles.get("en") or entry.titles.get("zh") or next(iter(entry.titles.values()), "")
    return f"{code} {title}" if title else code


def _committee_scope(standard: Standard, committees: dict[str, ClassEntry]) -> str | None:
    entry = committees.get(standard.committee or "")
    return str(entry.data.get("scope_en") or "") or None if entry else None


def _editions(catalog: Catalog, standard: Standard) -> list[str]:
    """The published editions of the work, oldest first (no drafts, projects, amendments or corrigenda)."""
    editions = [s for s in catalog.store.standards_of_work(standard.work_key) if s.doctype not in _NOT_EDITIONS
                and s.status not in (Status.UNDER_DEVELOPMENT, Status.CANCELLED)]  # fmt: skip
    return [s.identifier for s in sorted(editions, key=lambda s: (s.year or 0, s.identifier))]


def _linked(links: list[Link], name: str) -> list[str]:
    """The standards ``links`` name in relation ``name``; an edition not held, as the sentence that says so."""
    found = [_named_end(link) for link in links if link.name == name]
    return list(dict.fromkeys(found))


def _absent(links: list[Link], name: str) -> list[str]:
    return [_named_end(link) for link in links if link.name == name and link.other is None]


def _named_end(link: Link) -> str:
    if link.other is not None:
        return link.other.identifier
    return absent_note(link.other_text, link.current) if link.relation.type in BRIDGES else link.other_text
