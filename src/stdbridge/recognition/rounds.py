"""The Delphi review rounds of a programme, and the public comment on its draft: who may open, answer, close,
reserve, comment and reply, what each does to the store, and the audit entry each leaves.

``ReviewRounds(store, programme, members)`` serves one programme; the caller loads the programme and its members
(``Member``: coordinator or expert of a party). Every action checks the actor's role (``require``), then the
programme's own list: a coordinator of the programme opens and closes rounds and answers comments, an expert of
one of its parties answers and records reservations. Refusals are ``Forbidden`` (who) or ``UsageError`` (what),
with a message in the reader's language, and change nothing.

- ``open_round``: over the entries given (the caller passes the unsettled ones, or every entry for a periodic full
  re-review); one open round per programme at a time.
- ``answer``: one answer per expert, entry and round. Sending the same answer again is a duplicate and refused;
  a different one while the round is open is a change (recorded in the audit log with the answer before).
- ``close``: atomic (``Store.close_round`` is ``UPDATE ... WHERE closed_at IS NULL``; of two coordinators closing
  at once, the second is told the round was closed already), then the consensus rule (``consensus.decide``) on each
  entry: settled, open (to the next round) or, after ``rule.max_rounds`` rounds of that entry, no consensus with the
  positions held. One audit entry holds the close with every settlement and every entry without consensus.
- ``results``: the anonymous feedback of a closed round; nothing of an open one.
- ``reserve``: an expert's reservation on a settled entry. Nobody settles an entry other than by the rule.
- ``open_comment``, ``comment``, ``reply``, ``handling_log``: a comment period on the draft, stakeholders'
  comments (on an entry or general), the coordinator's reply to each, and the log kept for the release.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role, require
from stdbridge.audit import record
from stdbridge.audit.entry import (
    COMMENT_ADD,
    COMMENT_OPEN,
    COMMENT_REPLY,
    RESERVATION,
    ROUND_ANSWER,
    ROUND_CHANGE,
    ROUND_CLOSE,
    ROUND_OPEN,
)
from stdbridge.errors import Forbidden, NotFound, Unauthenticated, UsageError
from stdbridge.i18n import _
from stdbridge.recognition.consensus import decide, feedback
from stdbridge.recognition.model import (
    Answer,
    EntryDegree,
    EntryState,
    Member,
    MemberRole,
    Programme,
    Reservation,
    Round,
)
from stdbridge.store.base import Store

HANDLINGS = ("accepted", "partly-accepted", "not-accepted", "noted")
MAX_TEXT = 10_000  # characters of a difference, comment, reason or reply


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _moment(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def read_deadline(text: str) -> str:
    """A deadline as ISO 8601 in UTC; a date alone means the end of that day (UTC). ``UsageError`` names the text.

    >>> read_deadline("2026-12-31")
    '2026-12-31T23:59:59+00:00'
    """
    try:
        if len(text.strip()) == 10:
            moment = dt.datetime.fromisoformat(text.strip()).replace(hour=23, minute=59, second=59, tzinfo=dt.UTC)
        else:
            moment = _moment(text.strip())
    except ValueError:
        raise UsageError(
            _("{value!r} is not a date or date-time (write 2026-12-31 or 2026-12-31T18:00+08:00)").format(value=text)
        ) from None
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Closing:
    """What the close of a round did: the entries settled (with their degree), left open, without consensus."""

    round: Round
    settled: dict[int, EntryDegree]
    open: tuple[int, ...]
    no_consensus: tuple[int, ...]


class ReviewRounds:
    """The review rounds and public comment of one programme (see the module's docstring)."""

    def __init__(self, store: Store, programme: Programme, members: Sequence[Member]) -> None:
        if programme.id is None:
            raise ValueError("the programme is not kept yet")
        self.store = store
        self.programme = programme
        self.programme_id: int = programme.id
        self.members = tuple(m for m in members if m.programme_id == programme.id)
        self.parties = tuple(p.code for p in programme.parties)

    @classmethod
    def of(cls, store: Store, slug: str) -> ReviewRounds:
        """The review rounds of the programme ``slug``, with its members as the store keeps them."""
        programme = store.programme_by_slug(slug)
        if programme is None or programme.id is None:
            raise NotFound(_("there is no programme {slug!r}").format(slug=slug))
        return cls(store, programme, store.members_of(programme.id))

    def unsettled(self) -> list[int]:
        """The entries a round goes over by default: those in draft or still in review."""
        found: list[int] = []
        for state in (EntryState.DRAFT, EntryState.IN_REVIEW):
            entries, _total = self.store.entries_of(self.programme_id, state=state)
            found += [e.id for e in entries if e.id is not None]
        return sorted(found)

    def every_entry(self) -> list[int]:
        """Every entry of the programme: a full re-review."""
        entries, _total = self.store.entries_of(self.programme_id)
        return [e.id for e in entries if e.id is not None]

    # who -------------------------------------------------------------------------------------
    def _coordinator(self, actor: Actor) -> None:
        require(actor, Role.EDITOR)
        if actor is LOCAL_ADMIN or actor.user_id == self.programme.coordinator_id:
            return
        if any(m.user_id == actor.user_id and m.role is MemberRole.COORDINATOR for m in self.members):
            return
        raise Forbidden(_("{name} is not a coordinator of the programme {slug}").format(
            name=actor.name, slug=self.programme.slug), role=Role.EDITOR.value)  # fmt: skip

    def _expert(self, actor: Actor) -> Member:
        require(actor, Role.EXPERT)
        member = next((m for m in self.members if m.user_id == actor.user_id and m.role is MemberRole.EXPERT), None)
        if member is None:
            raise Forbidden(_("{name} is not an expert of the programme {slug}").format(
                name=actor.name, slug=self.programme.slug), role=Role.EXPERT.value)  # fmt: skip
        if member.party not in self.parties:
            raise Forbidden(_("{name} is an expert of no party of the programme {slug}").format(
                name=actor.name, slug=self.programme.slug), role=Role.EXPERT.value)  # fmt: skip
        return member

    def is_coordinator(self, actor: Actor) -> bool:
        """Whether ``actor`` may open and close rounds and answer comments (what the pages offer them)."""
        try:
            self._coordinator(actor)
        except (Forbidden, Unauthenticated):
            return False
        return True

    def expert_of(self, actor: Actor) -> Member | None:
        """The actor's membership as an expert of a party of the programme, or None (what the pages offer them)."""
        try:
            return self._expert(actor)
        except (Forbidden, Unauthenticated):
            return None

    def is_member(self, actor: Actor) -> bool:
        """Whether ``actor`` may read the feedback of the programme's closed rounds."""
        try:
            self._member(actor)
        except (Forbidden, Unauthenticated):
            return False
        return True

    def _member(self, actor: Actor) -> None:
        """A coordinator or an expert of the programme: who may read the feedback of a closed round."""
        if actor is LOCAL_ADMIN or actor.user_id == self.programme.coordinator_id:
            return
        if actor.user_id is not None and any(m.user_id == actor.user_id for m in self.members):
            return
        require(actor, Role.EXPERT)
        raise Forbidden(_("{name} is not a member of the programme {slug}").format(
            name=actor.name, slug=self.programme.slug), role=Role.EXPERT.value)  # fmt: skip

    def _round(self, round_id: int) -> Round:
        found = self.store.round_by_id(round_id)
        if found is None or found.programme_id != self.programme_id:
            raise NotFound(_("the programme {slug} has no round {id}").format(slug=self.programme.slug, id=round_id))
        return found

    # rounds ----------------------------------------------------------------------------------
    def open_round(
        self, actor: Actor, entry_ids: Iterable[int], deadline: str, *, full_review: bool = False,
        now: dt.datetime | None = None,
    ) -> Round:  # fmt: skip
        """Open the next round over ``entry_ids`` with ``deadline`` (see ``read_deadline``)."""
        self._coordinator(actor)
        now = now or utc_now()
        ids = tuple(sorted(set(entry_ids)))
        deadline = read_deadline(deadline)
        if not ids:
            raise UsageError(_("there is no entry to put to a round"))
        if _moment(deadline) <= now:
            raise UsageError(_("the deadline {deadline} has passed already").format(deadline=deadline))
        with self.store.transaction():
            rounds = self.store.rounds_of(self.programme_id)
            still_open = next((r for r in rounds if r.closed_at is None), None)
            if still_open is not None:
                raise UsageError(_("round {number} of {slug} is still open: close it first").format(
                    number=still_open.number, slug=self.programme.slug))  # fmt: skip
            settled = [i for i, s in self.store.review_states(ids).items() if s["state"] is EntryState.SETTLED]
            if settled and not full_review:
                raise UsageError(_("entry {id} is settled already: only a full re-review puts it to a round").format(
                    id=settled[0]))  # fmt: skip
            round_ = Round(None, self.programme_id, len(rounds) + 1, deadline, ids, actor.user_id,
                           now.isoformat(timespec="seconds"), full_review=full_review)  # fmt: skip
            self.store.add_round(round_)
            record(self.store, actor.name, actor.user_id, ROUND_OPEN, self._subject(round_), None,
                   {"deadline": deadline, "entries": len(ids), "full_review": full_review})  # fmt: skip
        return round_

    def _subject(self, round_: Round) -> str:
        return f"{self.programme.slug} round {round_.number}"

    def answer(
        self, actor: Actor, round_id: int, entry_id: int, degree: EntryDegree | None, confidence: int | None, *,
        differences: str = "", clauses: Sequence[str] = (), comment: str = "", now: dt.datetime | None = None,
    ) -> Answer:  # fmt: skip
        """Keep an expert's answer (``degree`` None: a skip); see the module's docstring for changes and
        duplicates."""
        member = self._expert(actor)
        assert member.party is not None and actor.user_id is not None
        now = now or utc_now()
        round_ = self._round(round_id)
        if round_.closed_at is not None or now > _moment(round_.deadline):
            raise UsageError(_("round {number} closed at {deadline}: answers are no longer taken").format(
                number=round_.number, deadline=round_.closed_at or round_.deadline))  # fmt: skip
        if not self.store.in_round(round_id, entry_id):
            raise UsageError(_("entry {id} is not in round {number}").format(id=entry_id, number=round_.number))
        if degree is not None and (isinstance(confidence, bool) or confidence not in range(1, 6)):
            raise UsageError(_("confidence {value!r}: give a whole number from 1 to 5").format(value=confidence))
        for label, text in ((_("differences"), differences), (_("comment"), comment)):
            if len(text) > MAX_TEXT:
                raise UsageError(_("{field}: longer than {limit} characters").format(field=label, limit=MAX_TEXT))
        given = Answer(round_id, entry_id, actor.user_id, member.party, degree, None if degree is None else confidence,
                       differences.strip(), tuple(c.strip() for c in clauses if c.strip()), comment.strip(),
                       now.isoformat(timespec="seconds"))  # fmt: skip
        with self.store.transaction():
            kept = self.store.answer_of(round_id, entry_id, actor.user_id)
            if kept is not None and _same(kept[0], given):
                raise UsageError(_("you gave this answer on entry {id} in round {number} already").format(
                    id=entry_id, number=round_.number))  # fmt: skip
            if not self.store.save_answer(given, 1 if kept is None else kept[1] + 1):
                raise UsageError(_("your answer on entry {id} in round {number} was just sent from elsewhere: "
                                   "reload and check it").format(id=entry_id, number=round_.number))  # fmt: skip
            before = None if kept is None else _answer_json(kept[0])
            record(self.store, actor.name, actor.user_id, ROUND_CHANGE if kept else ROUND_ANSWER,
                   f"{self._subject(round_)} entry {entry_id}", before, _answer_json(given))  # fmt: skip
        return given

    def close(self, actor: Actor, round_id: int, *, now: dt.datetime | None = None) -> Closing:
        """Close a round and apply the consensus rule to each of its entries, once (see the module's docstring)."""
        self._coordinator(actor)
        now = now or utc_now()
        rule = self.programme.rule
        with self.store.transaction():
            round_ = self._round(round_id)
            if not self.store.close_round(round_id, actor.user_id, now.isoformat(timespec="seconds")):
                raise UsageError(_("round {number} of {slug} was closed already").format(
                    number=round_.number, slug=self.programme.slug))  # fmt: skip
            by_entry: dict[int, list[Answer]] = defaultdict(list)
            for a in self.store.answers_of_round(round_id):
                by_entry[a.entry_id].append(a)
            states = self.store.review_states(round_.entry_ids)
            outcomes: list[dict[str, Any]] = []
            settled: dict[int, EntryDegree] = {}
            still: list[int] = []
            none: list[int] = []
            for entry_id in round_.entry_ids:
                taken = states.get(entry_id, {}).get("rounds_taken", 0)
                answers = by_entry.get(entry_id, [])
                shown = feedback(entry_id, answers, self.parties).to_json()
                decision = decide(answers, self.parties, rule, round_number=taken + 1)
                state = {"settled": EntryState.SETTLED, "open": EntryState.IN_REVIEW,
                         "no-consensus": EntryState.NO_CONSENSUS}[decision.outcome]  # fmt: skip
                if decision.degree is not None:
                    settled[entry_id] = decision.degree
                elif decision.outcome == "open":
                    still.append(entry_id)
                else:
                    none.append(entry_id)
                outcomes.append({"entry_id": entry_id, "outcome": decision.outcome, "state": state.value,
                                 "degree": None if decision.degree is None else decision.degree.value,
                                 "reasons": [list(r) for r in decision.reasons], "feedback": shown,
                                 "positions": shown if decision.outcome == "no-consensus" else None})  # fmt: skip
            self.store.save_round_outcomes(round_id, self.programme_id, outcomes)
            self.store.set_entries_reviewed(outcomes)
            closed = self._round(round_id)
            record(self.store, actor.name, actor.user_id, ROUND_CLOSE, self._subject(round_), None,
                   {"settled": {str(k): v.value for k, v in settled.items()}, "open": still,
                    "no_consensus": none, "answers": sum(len(v) for v in by_entry.values())})  # fmt: skip
        return Closing(closed, settled, tuple(still), tuple(none))

    def close_due(self, actor: Actor, *, now: dt.datetime | None = None) -> list[Closing]:
        """Close this programme's open rounds whose deadline has passed (a round closed meanwhile by someone else
        is left as it is)."""
        self._coordinator(actor)
        now = now or utc_now()
        done = []
        for round_id in self.store.rounds_due(now.isoformat(timespec="seconds")):
            found = self.store.round_by_id(round_id)
            if found is None or found.programme_id != self.programme_id:
                continue
            try:
                done.append(self.close(actor, round_id, now=now))
            except UsageError:  # closed by another coordinator in the meantime
                continue
        return done

    def own_answers(self, actor: Actor, round_id: int, entry_ids: Iterable[int]) -> dict[int, Answer]:
        """The actor's own answers on those entries of a round: what the review page fills its forms with."""
        self._expert(actor)
        self._round(round_id)
        assert actor.user_id is not None
        return {a.entry_id: a for a in self.store.answers_of_round(round_id, entry_ids=entry_ids,
                                                                   user_id=actor.user_id)}  # fmt: skip

    def results(self, actor: Actor, round_id: int) -> dict[int, dict[str, Any]]:
        """The anonymous feedback and outcome of each entry of a closed round (JSON-ready, by entry id)."""
        self._member(actor)
        round_ = self._round(round_id)
        if round_.closed_at is None:
            raise UsageError(_("round {number} is still open: its answers are shown when it closes").format(
                number=round_.number))  # fmt: skip
        return dict(self.store.round_outcomes(round_id).items())

    # reservations ----------------------------------------------------------------------------
    def reserve(
        self, actor: Actor, entry_id: int, degree: EntryDegree | None, reason: str, *, now: dt.datetime | None = None
    ) -> Reservation:
        """Record an expert's reservation on a settled entry: the degree they hold and why."""
        member = self._expert(actor)
        assert member.party is not None and actor.user_id is not None
        reason = reason.strip()
        if not reason:
            raise UsageError(_("a reservation needs its reason"))
        if len(reason) > MAX_TEXT:
            raise UsageError(_("the reason is longer than {limit} characters").format(limit=MAX_TEXT))
        state = self.store.review_states([entry_id]).get(entry_id)
        if state is None or state["state"] is not EntryState.SETTLED:
            raise UsageError(
                _("entry {id} is not settled: a reservation is kept on a settled entry").format(id=entry_id)
            )
        kept = Reservation(entry_id, actor.user_id, member.party, degree, reason, (now or utc_now()).isoformat(
            timespec="seconds"))  # fmt: skip
        with self.store.transaction():
            replaced = self.store.save_reservation(kept)
            record(self.store, actor.name, actor.user_id, RESERVATION, f"{self.programme.slug} entry {entry_id}",
                   {"replaced": True} if replaced else None,
                   {"degree": None if degree is None else degree.value, "reason": reason,
                    "settled": state["degree"].value if state["degree"] else None})  # fmt: skip
        return kept

    # public comment --------------------------------------------------------------------------
    def open_comment(self, actor: Actor, closes_at: str, *, now: dt.datetime | None = None) -> int:
        """Open the draft for public comment until ``closes_at``; returns the period's id."""
        self._coordinator(actor)
        now = now or utc_now()
        closes = read_deadline(closes_at)
        if _moment(closes) <= now:
            raise UsageError(_("the deadline {deadline} has passed already").format(deadline=closes))
        with self.store.transaction():
            period = self.store.add_comment_period(self.programme_id, now.isoformat(timespec="seconds"), closes,
                                                   actor.user_id)  # fmt: skip
            record(self.store, actor.name, actor.user_id, COMMENT_OPEN, f"{self.programme.slug} comment {period}",
                   None, {"closes_at": closes})  # fmt: skip
        return period

    def _period(self, period_id: int) -> dict[str, Any]:
        period = self.store.comment_period(period_id)
        if period is None or period["programme_id"] != self.programme_id:
            raise NotFound(_("the programme {slug} has no comment period {id}").format(
                slug=self.programme.slug, id=period_id))  # fmt: skip
        return period

    def comment(
        self, actor: Actor, period_id: int, text: str, *, entry_id: int | None = None, organisation: str = "",
        party: str | None = None, now: dt.datetime | None = None,
    ) -> int:  # fmt: skip
        """A stakeholder's comment on the draft (on one entry, or general); returns its id."""
        require(actor, Role.CONTRIBUTOR)
        now = now or utc_now()
        period = self._period(period_id)
        if now > _moment(period["closes_at"]):
            raise UsageError(_("the comment period closed at {deadline}").format(deadline=period["closes_at"]))
        text = text.strip()
        if not text or len(text) > MAX_TEXT:
            raise UsageError(_("a comment is a text of 1 to {limit} characters").format(limit=MAX_TEXT))
        if party is not None and party not in self.parties:
            raise UsageError(_("{party!r} is not a party of the programme {slug}").format(
                party=party, slug=self.programme.slug))  # fmt: skip
        if entry_id is not None:
            entry = self.store.entries_by_id([entry_id]).get(entry_id)
            if entry is None or entry.programme_id != self.programme_id:
                raise UsageError(_("entry {id} is not one of {slug}").format(id=entry_id, slug=self.programme.slug))
        row = {"period_id": period_id, "entry_id": entry_id, "author": actor.name, "organisation": organisation.strip(),
               "party": party, "text": text, "at": now.isoformat(timespec="seconds")}  # fmt: skip
        with self.store.transaction():
            comment_id = self.store.add_public_comment(row)
            record(self.store, actor.name, actor.user_id, COMMENT_ADD, f"{self.programme.slug} comment {period_id}",
                   None, {"id": comment_id, "entry_id": entry_id, "text": text})  # fmt: skip
        return comment_id

    def reply(self, actor: Actor, period_id: int, comment_id: int, handling: str, reply: str) -> None:
        """The coordinator's answer to a comment and how it was handled (``HANDLINGS``)."""
        self._coordinator(actor)
        self._period(period_id)
        if handling not in HANDLINGS:
            raise UsageError(_("{value!r} is not a handling: write one of {names}").format(
                value=handling, names=", ".join(HANDLINGS)))  # fmt: skip
        reply = reply.strip()
        if not reply or len(reply) > MAX_TEXT:
            raise UsageError(_("a reply is a text of 1 to {limit} characters").format(limit=MAX_TEXT))
        comments = {c["id"]: c for c in self.store.public_comments_of(period_id)}
        if comment_id not in comments:
            raise NotFound(_("comment period {period} has no comment {id}").format(period=period_id, id=comment_id))
        before = comments[comment_id]
        with self.store.transaction():
            self.store.reply_to_comment(comment_id, handling, reply, actor.user_id, utc_now().isoformat(
                timespec="seconds"))  # fmt: skip
            record(self.store, actor.name, actor.user_id, COMMENT_REPLY, f"{self.programme.slug} comment {period_id}",
                   None if before["reply"] is None else {"handling": before["handling"], "reply": before["reply"]},
                   {"id": comment_id, "handling": handling, "reply": reply})  # fmt: skip

    def comment_periods(self) -> list[dict[str, Any]]:
        """The programme's comment periods, the latest first (``id``, ``opens_at``, ``closes_at``)."""
        return self.store.comment_periods_of(self.programme_id)

    def handling_log(self, period_id: int) -> list[dict[str, Any]]:
        """Every comment of a period with its reply and handling (None until answered): kept with the release."""
        self._period(period_id)
        return self.store.public_comments_of(period_id)


def _same(a: Answer, b: Answer) -> bool:
    return _answer_json(a) == _answer_json(b)


def _answer_json(a: Answer) -> dict[str, Any]:
    return {"degree": None if a.degree is None else a.degree.value, "confidence": a.confidence,
            "differences": a.differences, "clauses": list(a.clauses), "comment": a.comment}  # fmt: skip
