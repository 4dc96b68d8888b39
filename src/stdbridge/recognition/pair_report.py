"""The comparison report of one pair of partners of a programme, from its entries as they stand (not from a
release): which standards of party A correspond to which of party B, the degree proposed and settled, the
differences recorded (those agreed on the entry, and those the experts wrote in their answers), the reservations
kept, and where each entry is in the review. A programme of more than two parties has one report per pair
(``pairs``).

``pair_report`` is a pure function of the programme, its entries and what the review recorded about them;
``report_of`` reads those from the store. ``report_csv`` and ``report_html`` write it in the current language
(Chinese or English: the caller sets it, ``--lang zh|en`` on the command line, the page's language on the web).

The differences of the answers are those of the last closed round each entry was in: what the experts wrote then,
without their names (the review rounds are anonymous), once each.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from stdbridge.errors import UsageError
from stdbridge.i18n import _, current_language
from stdbridge.recognition.model import Entry, EntryState, Party, Programme, Reservation
from stdbridge.store.base import Store
from stdbridge.templating import environment, html_lang


@dataclass(frozen=True, slots=True)
class PairSide:
    """One party's standard of an entry: identifier and title (in the party's language, and in English)."""

    identifier: str
    titles: dict[str, str]


@dataclass(frozen=True, slots=True)
class PairRow:
    entry_id: int
    first: PairSide
    second: PairSide
    proposed: str
    degree: str | None  # settled degree, None while not settled
    state: str
    stage: str
    differences: str  # agreed on the entry
    answered: tuple[str, ...]  # the differences the experts wrote in their answers
    reservations: tuple[Reservation, ...]
    rounds_taken: int


@dataclass(frozen=True, slots=True)
class PairReport:
    programme: Programme
    first: Party
    second: Party
    rows: list[PairRow] = field(default_factory=list)

    def by_degree(self) -> list[tuple[str, int]]:
        """Settled entries per degree, most first."""
        return Counter(r.degree for r in self.rows if r.degree is not None).most_common()

    def by_state(self) -> list[tuple[str, int]]:
        return Counter(r.state for r in self.rows).most_common()

    def reserved(self) -> int:
        return sum(1 for r in self.rows if r.reservations)

    def with_differences(self) -> int:
        return sum(1 for r in self.rows if r.differences or r.answered)


def pairs(programme: Programme) -> list[tuple[Party, Party]]:
    """Every pair of the programme's parties, in the order the programme names them."""
    return list(itertools.combinations(programme.parties, 2))


def party_pair(programme: Programme, first: str, second: str) -> tuple[Party, Party]:
    """The two parties named by their codes (as people write them: any case); ``UsageError`` names the others."""
    by_code = {p.code: p for p in programme.parties}
    wanted = (first.strip().upper(), second.strip().upper())
    if any(code not in by_code for code in wanted) or wanted[0] == wanted[1]:
        raise UsageError(_("Not two parties of the programme: {parties} (its parties: {known}).").format(
            parties=", ".join(wanted), known=", ".join(by_code)))  # fmt: skip
    return by_code[wanted[0]], by_code[wanted[1]]


def read_pair(programme: Programme, text: str) -> tuple[Party, Party]:
    """A pair as a page's address names it, ``A-B`` (``GB-ISO+IEC``); a code may hold a hyphen itself."""
    codes = {p.code for p in programme.parties}
    for at, char in enumerate(text):
        if char == "-" and text[:at].upper() in codes and text[at + 1 :].upper() in codes:
            return party_pair(programme, text[:at], text[at + 1 :])
    raise UsageError(_("Not two parties of the programme: {parties} (its parties: {known}).").format(
        parties=text[:80], known=", ".join(codes)))  # fmt: skip


def pair_report(
    programme: Programme,
    first: Party,
    second: Party,
    entries: Iterable[Entry],
    *,
    titles: Mapping[str, Mapping[str, str]],
    answered: Mapping[int, Sequence[str]],
    reservations: Mapping[int, Sequence[Reservation]],
) -> PairReport:
    """The report of ``first`` and ``second`` over ``entries`` (those that name a standard of both are kept);
    ``titles`` by edition key and language, ``answered`` the differences written in the answers by entry id,
    ``reservations`` by entry id."""
    report = PairReport(programme, first, second)
    for entry in sorted(entries, key=lambda e: e.id or 0):
        a, b = entry.standard_of(first.code), entry.standard_of(second.code)
        if a is None or b is None or entry.id is None:
            continue
        report.rows.append(
            PairRow(
                entry.id,
                PairSide(a.identifier, _titles(titles.get(a.edition_key, {}), first.language)),
                PairSide(b.identifier, _titles(titles.get(b.edition_key, {}), second.language)),
                entry.proposed.value,
                entry.degree.value if entry.degree is not None and entry.state is EntryState.SETTLED else None,
                entry.state.value,
                entry.stage.value,
                entry.differences,
                tuple(dict.fromkeys(t.strip() for t in answered.get(entry.id, ()) if t.strip())),
                tuple(reservations.get(entry.id, ())),
                entry.rounds_taken,
            )
        )
    return report


def _titles(known: Mapping[str, str], language: str) -> dict[str, str]:
    return {lang: known[lang] for lang in dict.fromkeys((language, "en")) if known.get(lang)}


def differences_answered(store: Store, programme_id: int, ids: set[int]) -> dict[int, list[str]]:
    """The technical differences the experts wrote on each of the entries ``ids`` in the last closed round the
    entry was in (anonymous: the texts only), by entry id."""
    answered: dict[int, list[str]] = {}
    for round_ in reversed(store.rounds_of(programme_id)):  # the latest closed round of each entry
        wanted = [i for i in round_.entry_ids if i in ids and i not in answered]
        if round_.closed_at is None or round_.id is None or not wanted:
            continue
        for i in wanted:
            answered[i] = []
        for answer in store.answers_of_round(round_.id, entry_ids=wanted):
            answered[answer.entry_id].append(answer.differences)
    return answered


def report_of(store: Store, programme: Programme, first: Party, second: Party) -> PairReport:
    """The report of two parties of a stored programme, read from the store."""
    if programme.id is None:
        raise UsageError(_("The programme is not stored yet."))
    entries, _total = store.entries_of(programme.id)
    kept = [e for e in entries if e.standard_of(first.code) and e.standard_of(second.code) and e.id is not None]
    ids = {e.id for e in kept if e.id is not None}
    standards = store.standards_by_keys({s.edition_key for e in kept for s in e.standards})
    reservations: dict[int, list[Reservation]] = {}
    for r in store.reservations_of(sorted(ids)):
        reservations.setdefault(r.entry_id, []).append(r)
    answered = differences_answered(store, programme.id, ids)
    titles = {key: dict(s.titles) for key, s in standards.items()}
    return pair_report(programme, first, second, kept, titles=titles, answered=answered, reservations=reservations)


def columns() -> list[str]:
    """The report's columns, in the current language."""
    return [_("Entry"), _("Identifier") + " A", _("Title") + " A", _("Identifier") + " B", _("Title") + " B",
            _("Proposed degree"), _("Settled degree"), _("State"), _("Stage"), _("Rounds taken"),
            _("Technical differences"), _("Differences in the answers"), _("Reservations")]  # fmt: skip


def reservation_text(r: Reservation) -> str:
    return f"{r.party} {r.degree.value if r.degree else '—'}: {r.reason}"


def report_csv(report: PairReport) -> bytes:
    """The report as CSV in the current language (UTF-8 with a byte-order mark, for spreadsheets)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    heads = columns()
    heads[1:5] = [f"{report.first.code}: {heads[1][:-2]}", f"{report.first.code}: {heads[2][:-2]}",
                  f"{report.second.code}: {heads[3][:-2]}", f"{report.second.code}: {heads[4][:-2]}"]  # fmt: skip
    writer.writerow(heads)
    for r in report.rows:
        writer.writerow([r.entry_id, r.first.identifier, " / ".join(r.first.titles.values()), r.second.identifier,
                         " / ".join(r.second.titles.values()), r.proposed, r.degree or "", r.state, r.stage,
                         r.rounds_taken, r.differences, "; ".join(r.answered),
                         "; ".join(reservation_text(x) for x in r.reservations)])  # fmt: skip
    return text.getvalue().encode("utf-8-sig")


def report_html(report: PairReport) -> str:
    """The report as one standalone printable page in the current language: styles inline, no script."""
    return (
        environment()
        .get_template("pair_report.html")
        .render(
            r=report, lang=html_lang(current_language()), language=current_language(), reservation_text=reservation_text
        )
    )
