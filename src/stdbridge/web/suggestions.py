"""Suggested counterparts on the record page, and the decisions people make about them.

The record page lists up to ``LIMIT`` suggestions (``stdbridge.counterparts.suggest``) in a target the reader
picks — a body or a country; every other body by default — apart from the declared relations, each with its score,
the clues behind it, a link to compare the two side by side, and one form to accept it (with a degree) or reject it.

They are computed while the page is rendered: over the bundled catalogue (129,000 records) one suggestion takes
5 ms at the median and 8 ms at the 95th percentile, too little to be worth a second request.

A decision is posted to ``/standard/decision``; the answer is the record page again (Post/Redirect/Get) saying
what was recorded: an accepted counterpart is from then on a declared ``equivalent`` relation of the record and
leaves the suggestions; a rejected one leaves them for good. A decision that cannot be recorded (no name, no
degree to accept with) is shown again as typed, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.datastructures import FormData

from stdbridge.accounts.roles import Actor
from stdbridge.analytics.compatibility import Scope
from stdbridge.catalog import Catalog
from stdbridge.catalog.links import Counterpart
from stdbridge.counterparts.suggest import Suggestions
from stdbridge.errors import StdbridgeError, UsageError
from stdbridge.i18n import _
from stdbridge.models import Decision, Degree, Standard, Verdict
from stdbridge.web.search_page import Notice
from stdbridge.web.systems import ChoiceGroup, scope_name, scope_value

LIMIT = 10
DEGREES = ("IDT", "MOD", "NEQ")  # what a person may accept a counterpart as
MAX_NAME = 120
MAX_NOTE = 2000


@dataclass(slots=True)
class DecisionForm:
    """A decision as the reader typed it: read from the form, and shown again when it could not be recorded."""

    source: str = ""
    target: str = ""
    verdict: str = ""
    degree: str = ""
    by: str = ""
    note: str = ""
    suggest_in: str = ""


@dataclass(slots=True)
class Outcome:
    """A decision recorded, as the page reports it."""

    decision: Decision
    other: Standard

    @property
    def accepted(self) -> bool:
        return self.decision.verdict == Verdict.ACCEPTED


@dataclass(slots=True)
class SuggestionsPanel:
    asked: str  # the target as a select value: "", "body:ISO", "country:JP"
    target_name: str  # the target as a reader names it: "every other body", "Japan"
    choices: list[ChoiceGroup]
    found: Suggestions
    notices: list[Notice] = field(default_factory=list)
    outcome: Outcome | None = None
    kept: DecisionForm | None = None  # a decision that could not be recorded

    @property
    def kept_apart(self) -> DecisionForm | None:
        """A decision that could not be recorded about a standard not among the suggestions (one decided on from
        the comparison page, say): shown on its own, so that what was typed is not lost."""
        shown = {s.standard.identifier for s in self.found.suggestions}
        return self.kept if self.kept and self.kept.target not in shown else None

    @property
    def asked_is_offered(self) -> bool:
        return not self.asked or any(c.value == self.asked for g in self.choices for c in g.choices)


def suggestions_panel(
    catalog: Catalog,
    standard: Standard,
    asked: str,
    choices: list[ChoiceGroup],
    declared: list[Counterpart],
    *,
    outcome: Outcome | None = None,
    kept: DecisionForm | None = None,
    error: str | None = None,
) -> SuggestionsPanel:
    """The suggestions for ``standard`` in the target ``asked`` (``declared`` are its declared counterparts,
    which are never suggested)."""
    notices = [Notice(error, "warning")] if error else []
    body = country = None
    target_name = _("every other body")
    asked = asked.strip()[:48]
    if asked:
        try:
            scope, reading = Scope.read(catalog, asked)
        except UsageError as exc:
            notices.append(Notice(exc.message, "warning"))
            asked = ""
        else:
            notices += [Notice(note) for note in (reading.note(), reading.unheld_note()) if note]
            asked, target_name = scope_value(scope), scope_name(scope)
            body, country = (scope.code, None) if scope.kind == "body" else (None, scope.code)
    found = catalog.suggester().suggest(
        standard, body=body, country=country, limit=LIMIT, declared=declared, named_first=False
    )
    return SuggestionsPanel(asked, target_name, choices, found, notices, outcome, kept)


def recorded_outcome(catalog: Catalog, standard: Standard, other_identifier: str) -> Outcome | None:
    """The latest decision about ``standard`` and the standard ``other_identifier`` names, if there is one."""
    try:
        other = catalog.get(other_identifier[:200])
    except StdbridgeError:
        return None
    pair = {standard.work_key, other.work_key}
    made = [d for d in catalog.store.decisions_about([standard.work_key]) if {d.source_work, d.target_work} == pair]
    return Outcome(made[-1], other) if made else None  # the one that stands: the latest


def read_decision(form: FormData) -> DecisionForm:
    """The fields of a posted decision, as text, cut to their greatest lengths."""

    def text(name: str, most: int = 200) -> str:
        value = form.get(name)
        return value.strip()[:most] if isinstance(value, str) else ""

    return DecisionForm(
        source=text("source"), target=text("target"), verdict=text("verdict", 20), degree=text("degree", 10),
        by=text("by", MAX_NAME), note=text("note", MAX_NOTE), suggest_in=text("suggest_in", 48),
    )  # fmt: skip


def record_decision(catalog: Catalog, source: Standard, form: DecisionForm, actor: Actor) -> Decision:
    """Record the decision of ``form`` about ``source`` by ``actor`` (an editor: ``Forbidden`` else); a
    ``StdbridgeError`` says what is missing or wrong."""
    if form.verdict not in (Verdict.ACCEPTED.value, Verdict.REJECTED.value):
        raise UsageError(_("Choose Accept or Reject."))
    if actor.signed_in:  # a user decides under their own name
        form.by = actor.name
    if not form.by:
        raise UsageError(_("Say who decides: your name or your organisation's."))
    verdict = Verdict(form.verdict)
    degree = None
    if verdict == Verdict.ACCEPTED:
        if form.degree not in DEGREES:
            raise UsageError(_("Choose the degree of correspondence to accept with: IDT, MOD or NEQ."))
        degree = Degree(form.degree)
    target = catalog.get(form.target)
    return catalog.suggester().decide(source, target, verdict, by=form.by, degree=degree, note=form.note or None,
                                      actor=actor)  # fmt: skip


def decided_url(source: Standard, form: DecisionForm, target: str) -> str:
    """The record page that reports a decision about ``source`` and ``target``, at its suggestions."""
    params = {"id": source.identifier, "decided": target}
    if form.suggest_in:
        params["suggest_in"] = form.suggest_in
    return "/standard?" + urlencode(params) + "#suggestions"
