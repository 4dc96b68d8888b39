"""The review rounds' tables (migration 0009) and their rows in ``SqlStore``: Delphi rounds and the entries put to
each, the experts' answers, the outcome of each entry at a round's close, reservations, and the public comment
on a draft (comment periods, stakeholders' comments and the coordinator's replies).

Entries and programmes are the programmes' tables (migration 0008); the rows here name them by id. Where an entry
stands in the review (state, degree, rounds taken, the positions held) is kept in its own row of
``programme_entries`` only: a close writes it there (``set_entries_reviewed``), ``review_states`` reads it there.
An answer is one row per expert, entry and round: changing it while the round is open rewrites the row
(``revision`` counts the changes) and the audit log keeps every version. A round is closed once: ``close_round`` is
``UPDATE ... WHERE closed_at IS NULL`` and only the caller whose update touched the row settles it.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

import orjson
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from stdbridge.recognition.model import Answer, EntryDegree, EntryState, Reservation, Round, Stage
from stdbridge.store.programmes_sql import programme_entries

rounds_metadata = MetaData()

review_rounds = Table(
    "review_rounds",
    rounds_metadata,
    Column("id", Integer, primary_key=True),
    Column("programme_id", Integer, nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("deadline", String, nullable=False),
    Column("opened_by", Integer),
    Column("opened_at", String, nullable=False),
    Column("closed_at", String),
    Column("closed_by", Integer),
    Column("full_review", Boolean, nullable=False),
)

# The entries put to a round, and what the rule made of each at the close (NULL while the round is open).
review_round_entries = Table(
    "review_round_entries",
    rounds_metadata,
    Column("round_id", Integer, primary_key=True),
    Column("entry_id", Integer, primary_key=True),
    Column("outcome", String),  # settled, open, no-consensus
    Column("degree", String),
    Column("reasons", Text),  # JSON: [[party, reason], ...]
    Column("feedback", Text),  # JSON: the anonymous feedback (consensus.Feedback.to_json)
)

review_answers = Table(
    "review_answers",
    rounds_metadata,
    Column("round_id", Integer, primary_key=True),
    Column("entry_id", Integer, primary_key=True),
    Column("user_id", Integer, primary_key=True),
    Column("party", String, nullable=False),
    Column("degree", String),  # NULL: a skip
    Column("confidence", Integer),
    Column("differences", Text, nullable=False),
    Column("clauses", Text, nullable=False),  # JSON list
    Column("comment", Text, nullable=False),
    Column("at", String, nullable=False),
    Column("revision", Integer, nullable=False),  # 1 for the first answer, +1 for each change
)

review_reservations = Table(
    "review_reservations",
    rounds_metadata,
    Column("entry_id", Integer, primary_key=True),
    Column("user_id", Integer, primary_key=True),
    Column("party", String, nullable=False),
    Column("degree", String),
    Column("reason", Text, nullable=False),
    Column("at", String, nullable=False),
)

comment_periods = Table(
    "comment_periods",
    rounds_metadata,
    Column("id", Integer, primary_key=True),
    Column("programme_id", Integer, nullable=False, index=True),
    Column("opens_at", String, nullable=False),
    Column("closes_at", String, nullable=False),
    Column("opened_by", Integer),
)

public_comments = Table(
    "public_comments",
    rounds_metadata,
    Column("id", Integer, primary_key=True),
    Column("period_id", Integer, nullable=False, index=True),
    Column("entry_id", Integer),  # NULL: a comment on the draft as a whole
    Column("author", String, nullable=False),  # a person or an organisation: association, enterprise ...
    Column("organisation", String, nullable=False),
    Column("party", String),
    Column("text", Text, nullable=False),
    Column("at", String, nullable=False),
    Column("handling", String),  # accepted, partly-accepted, not-accepted, noted: NULL until answered
    Column("reply", Text),
    Column("replied_by", Integer),
    Column("replied_at", String),
)


_DEGREE_OF: dict[str | None, EntryDegree | None] = {None: None, **{d.value: d for d in EntryDegree}}


def _answer(r: Any) -> Answer:
    # a closing round reads every answer of the round (100,000 at 5,000 entries and 20 experts): kept cheap
    clauses = () if r.clauses == "[]" else tuple(orjson.loads(r.clauses))
    return Answer(r.round_id, r.entry_id, r.user_id, r.party, _DEGREE_OF[r.degree], r.confidence, r.differences,
                  clauses, r.comment, r.at)  # fmt: skip


def _round(r: Any, entry_ids: tuple[int, ...]) -> Round:
    return Round(r.id, r.programme_id, r.number, r.deadline, entry_ids, r.opened_by, r.opened_at, r.closed_at,
                 r.closed_by, bool(r.full_review))  # fmt: skip


class ReviewRoundRows:
    """The review rounds' part of ``SqlStore`` (its ``Store`` methods; see ``store.base``)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    # rounds ----------------------------------------------------------------------------------
    def add_round(self, round_: Round) -> None:
        with self._connect() as conn:
            key = conn.execute(insert(review_rounds).values(
                programme_id=round_.programme_id, number=round_.number, deadline=round_.deadline,
                opened_by=round_.opened_by, opened_at=round_.opened_at, full_review=round_.full_review,
            )).inserted_primary_key  # fmt: skip
            assert key is not None
            round_.id = int(key[0])
            if round_.entry_ids:
                conn.execute(insert(review_round_entries), [{"round_id": round_.id, "entry_id": e}
                                                             for e in round_.entry_ids])  # fmt: skip

    def _rounds(self, conn: Connection, where: Any) -> list[Round]:
        rows = list(conn.execute(select(review_rounds).where(where).order_by(review_rounds.c.number)))
        if not rows:
            return []
        entries: dict[int, list[int]] = {r.id: [] for r in rows}
        query = select(review_round_entries.c.round_id, review_round_entries.c.entry_id).where(
            review_round_entries.c.round_id.in_(list(entries))).order_by(review_round_entries.c.entry_id)  # fmt: skip
        for round_id, entry_id in conn.execute(query):
            entries[round_id].append(entry_id)
        return [_round(r, tuple(entries[r.id])) for r in rows]

    def round_by_id(self, round_id: int) -> Round | None:
        with self._connect() as conn:
            found = self._rounds(conn, review_rounds.c.id == round_id)
        return found[0] if found else None

    def rounds_of(self, programme_id: int) -> list[Round]:
        with self._connect() as conn:
            return self._rounds(conn, review_rounds.c.programme_id == programme_id)

    def round_numbered(self, programme_id: int, number: int) -> Round | None:
        with self._connect() as conn:
            found = self._rounds(
                conn, (review_rounds.c.programme_id == programme_id) & (review_rounds.c.number == number)
            )
        return found[0] if found else None

    def rounds_due(self, now: str) -> list[int]:
        with self._connect() as conn:
            query = select(review_rounds.c.id).where(
                review_rounds.c.closed_at.is_(None), review_rounds.c.deadline < now
            )
            return [r.id for r in conn.execute(query.order_by(review_rounds.c.id))]

    def close_round(self, round_id: int, closed_by: int | None, closed_at: str) -> bool:
        with self._connect() as conn:
            open_one = (review_rounds.c.id == round_id, review_rounds.c.closed_at.is_(None))
            done = conn.execute(update(review_rounds).where(*open_one).values(closed_at=closed_at, closed_by=closed_by))
            return done.rowcount == 1

    def in_round(self, round_id: int, entry_id: int) -> bool:
        with self._connect() as conn:
            query = select(review_round_entries.c.entry_id).where(
                review_round_entries.c.round_id == round_id, review_round_entries.c.entry_id == entry_id)  # fmt: skip
            return conn.execute(query).first() is not None

    def round_entry_page(self, round_id: int, offset: int, limit: int) -> tuple[list[int], int]:
        with self._connect() as conn:
            where = review_round_entries.c.round_id == round_id
            total = conn.execute(select(func.count()).select_from(review_round_entries).where(where)).scalar_one()
            query = select(review_round_entries.c.entry_id).where(where).order_by(review_round_entries.c.entry_id)
            return [r.entry_id for r in conn.execute(query.offset(offset).limit(limit))], total

    # answers ---------------------------------------------------------------------------------
    def answer_of(self, round_id: int, entry_id: int, user_id: int) -> tuple[Answer, int] | None:
        with self._connect() as conn:
            c = review_answers.c
            r = conn.execute(select(review_answers).where(
                c.round_id == round_id, c.entry_id == entry_id, c.user_id == user_id)).first()  # fmt: skip
        return None if r is None else (_answer(r), r.revision)

    def save_answer(self, answer: Answer, revision: int) -> bool:
        row = {"party": answer.party, "degree": None if answer.degree is None else answer.degree.value,
               "confidence": answer.confidence, "differences": answer.differences,
               "clauses": orjson.dumps(list(answer.clauses)).decode(), "comment": answer.comment, "at": answer.at,
               "revision": revision}  # fmt: skip
        key = {"round_id": answer.round_id, "entry_id": answer.entry_id, "user_id": answer.user_id}
        with self._connect() as conn:
            if revision == 1:
                try:
                    conn.execute(insert(review_answers).values(**key, **row))
                except IntegrityError:  # the same expert's first answer, sent twice at once: one is kept
                    return False
                return True
            where = [review_answers.c[k] == v for k, v in key.items()]
            where.append(review_answers.c.revision == revision - 1)  # changed meanwhile: refused
            return conn.execute(update(review_answers).where(*where).values(**row)).rowcount == 1

    def answers_of_round(
        self, round_id: int, *, entry_ids: Iterable[int] | None = None, user_id: int | None = None
    ) -> list[Answer]:
        query = select(review_answers).where(review_answers.c.round_id == round_id)
        if user_id is not None:
            query = query.where(review_answers.c.user_id == user_id)
        with self._connect() as conn:
            if entry_ids is None:
                rows = list(conn.execute(query.order_by(review_answers.c.entry_id, review_answers.c.user_id)).all())
            else:
                ids, rows = list(entry_ids), []
                for start in range(0, len(ids), 500):
                    rows += conn.execute(query.where(review_answers.c.entry_id.in_(ids[start : start + 500])))
        return [_answer(r) for r in rows]

    # outcomes --------------------------------------------------------------------------------
    def save_round_outcomes(self, round_id: int, programme_id: int, outcomes: list[dict[str, Any]]) -> None:
        # one statement executed many times (a batch on PostgreSQL), not one round trip per entry
        if not outcomes:
            return
        re_ = review_round_entries
        with self._connect() as conn:
            conn.execute(update(re_).where(re_.c.round_id == round_id, re_.c.entry_id == bindparam("b_entry")).values(
                outcome=bindparam("b_outcome"), degree=bindparam("b_degree"), reasons=bindparam("b_reasons"),
                feedback=bindparam("b_feedback")), [
                {"b_entry": o["entry_id"], "b_outcome": o["outcome"], "b_degree": o["degree"],
                 "b_reasons": orjson.dumps(o["reasons"]).decode(), "b_feedback": orjson.dumps(o["feedback"]).decode()}
                for o in outcomes])  # fmt: skip

    def set_entries_reviewed(self, outcomes: list[dict[str, Any]]) -> None:
        """The programme's entries take what a close made of them: state, settled degree, rounds taken, the
        positions held (no consensus); a settled entry is at least at the stage of commonality (compared,
        differences recorded). The entry's row is the one place its review state is kept."""
        if not outcomes:
            return
        pe = programme_entries
        with self._connect() as conn:
            conn.execute(update(pe).where(pe.c.id == bindparam("b_entry")).values(
                state=bindparam("b_state"), degree=bindparam("b_degree"), positions=bindparam("b_positions"),
                rounds_taken=pe.c.rounds_taken + 1), [
                {"b_entry": o["entry_id"], "b_state": o["state"], "b_degree": o["degree"],
                 "b_positions": None if o.get("positions") is None else orjson.dumps(o["positions"]).decode()}
                for o in outcomes])  # fmt: skip
            settled = [o["entry_id"] for o in outcomes if o["state"] == EntryState.SETTLED.value]
            for start in range(0, len(settled), 500):
                conn.execute(update(pe).where(pe.c.id.in_(settled[start : start + 500]),
                             pe.c.stage == Stage.RECOGNITION.value).values(stage=Stage.COMMONALITY.value))  # fmt: skip

    def round_outcomes(self, round_id: int) -> dict[int, dict[str, Any]]:
        with self._connect() as conn:
            rows = conn.execute(select(review_round_entries).where(review_round_entries.c.round_id == round_id))
            return {r.entry_id: {"outcome": r.outcome, "degree": r.degree,
                                 "reasons": None if r.reasons is None else orjson.loads(r.reasons),
                                 "feedback": None if r.feedback is None else orjson.loads(r.feedback)}
                    for r in rows}  # fmt: skip

    def _states(self, conn: Connection, entry_ids: list[int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        pe = programme_entries
        columns = (pe.c.id, pe.c.state, pe.c.degree, pe.c.rounds_taken, pe.c.positions)
        for start in range(0, len(entry_ids), 500):
            chunk = entry_ids[start : start + 500]
            for r in conn.execute(select(*columns).where(pe.c.id.in_(chunk))):
                positions = None if r.positions is None else orjson.loads(r.positions)
                found[r.id] = {"state": EntryState(r.state), "rounds_taken": r.rounds_taken,
                               "degree": None if r.degree is None else EntryDegree(r.degree),
                               "positions": positions}  # fmt: skip
        return found

    def review_states(self, entry_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        with self._connect() as conn:
            return self._states(conn, list(entry_ids))

    # reservations ----------------------------------------------------------------------------
    def save_reservation(self, reservation: Reservation) -> bool:
        """Keep a reservation, replacing the expert's earlier one on the entry; True when there was one."""
        row = {"party": reservation.party, "reason": reservation.reason, "at": reservation.at,
               "degree": None if reservation.degree is None else reservation.degree.value}  # fmt: skip
        where = (review_reservations.c.entry_id == reservation.entry_id,
                 review_reservations.c.user_id == reservation.user_id)  # fmt: skip
        with self._connect() as conn:
            if conn.execute(update(review_reservations).where(*where).values(**row)).rowcount:
                return True
            conn.execute(insert(review_reservations).values(entry_id=reservation.entry_id,
                                                            user_id=reservation.user_id, **row))  # fmt: skip
            return False

    def reservations_of(self, entry_ids: Iterable[int]) -> list[Reservation]:
        ids = list(entry_ids)
        found: list[Reservation] = []
        with self._connect() as conn:
            for start in range(0, len(ids), 500):
                query = select(review_reservations).where(review_reservations.c.entry_id.in_(ids[start : start + 500]))
                found += [Reservation(r.entry_id, r.user_id, r.party,
                                      None if r.degree is None else EntryDegree(r.degree), r.reason, r.at)
                          for r in conn.execute(query)]  # fmt: skip
        return sorted(found, key=lambda r: (r.entry_id, r.at))

    # public comment --------------------------------------------------------------------------
    def add_comment_period(self, programme_id: int, opens_at: str, closes_at: str, opened_by: int | None) -> int:
        with self._connect() as conn:
            row = {"programme_id": programme_id, "opens_at": opens_at, "closes_at": closes_at, "opened_by": opened_by}
            key = conn.execute(insert(comment_periods).values(**row)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def comment_period(self, period_id: int) -> dict[str, Any] | None:
        with self._connect() as conn:
            r = conn.execute(select(comment_periods).where(comment_periods.c.id == period_id)).first()
        return None if r is None else dict(r._mapping)

    def comment_periods_of(self, programme_id: int) -> list[dict[str, Any]]:
        with self._connect() as conn:
            query = select(comment_periods).where(comment_periods.c.programme_id == programme_id)
            return [dict(r._mapping) for r in conn.execute(query.order_by(comment_periods.c.id.desc()))]

    def answers_counted(self, round_ids: Iterable[int]) -> dict[int, int]:
        ids = list(round_ids)
        counted = dict.fromkeys(ids, 0)
        with self._connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                query = (select(review_answers.c.round_id, func.count())
                         .where(review_answers.c.round_id.in_(chunk)).group_by(review_answers.c.round_id))  # fmt: skip
                counted.update({int(r): int(n) for r, n in conn.execute(query)})
        return counted

    def add_public_comment(self, comment: dict[str, Any]) -> int:
        with self._connect() as conn:
            key = conn.execute(insert(public_comments).values(**comment)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def reply_to_comment(self, comment_id: int, handling: str, reply: str, replied_by: int | None, at: str) -> bool:
        with self._connect() as conn:
            done = conn.execute(update(public_comments).where(public_comments.c.id == comment_id).values(
                handling=handling, reply=reply, replied_by=replied_by, replied_at=at))  # fmt: skip
            return done.rowcount == 1

    def public_comments_of(self, period_id: int) -> list[dict[str, Any]]:
        with self._connect() as conn:
            query = select(public_comments).where(public_comments.c.period_id == period_id)
            return [dict(r._mapping) for r in conn.execute(query.order_by(public_comments.c.id))]
