"""Delphi review rounds at the size of issue 11: 5,000 entries, 20 experts (10 per party), 3 rounds.

    python bench/bench_review.py                 # a fresh SQLite file
    python bench/bench_review.py --db URL        # an empty catalogue at URL (PostgreSQL)

Each round is opened over the entries not yet settled; the experts' votes are simulated (each entry has a degree
most experts see, 75 % give it, the rest a neighbouring degree, 5 % skip) and written in one transaction per
round with the store's ``save_answer`` (the setup, not what is measured); a sample of answers goes through
``ReviewRounds.answer`` (checks, the row and its audit entry) and is timed. Measured: an expert's review page
(``--page`` entries of the round with the expert's own answers: ``Store.round_entry_page`` and
``ReviewRounds.own_answers``) at random offsets, its p50 and p95; closing each round (``ReviewRounds.close``:
the atomic close, the rule on every entry, the outcomes and one audit entry).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from fastapi.testclient import TestClient

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role
from stdbridge.accounts.service import Accounts
from stdbridge.api.access import SESSION_COOKIE
from stdbridge.app import create_app
from stdbridge.catalog import Catalog
from stdbridge.recognition.consensus import DEGREES
from stdbridge.recognition.model import (
    Answer,
    Basis,
    ConsensusRule,
    Entry,
    EntryDegree,
    EntryStandard,
    EntryState,
    Member,
    MemberRole,
    Origin,
    Party,
    Programme,
    Scope,
)
from stdbridge.recognition.rounds import ReviewRounds
from stdbridge.store import SqlStore
from stdbridge.web.round_pages import PER_PAGE

T0 = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
PASSWORD = "a benchmark's long password"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty catalogue's URL (default: a fresh SQLite file)")
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--experts", type=int, default=20, help="split evenly between the two parties")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page", type=int, default=50, help="entries on one review page")
    parser.add_argument("--pages", type=int, default=200, help="review pages timed per round")
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'review.db'}"
        store = SqlStore(url)
        accounts = Accounts(store)
        coordinator_user = accounts.add_user(LOCAL_ADMIN, "coordinator", password=PASSWORD,
                                             roles=frozenset({Role.READER, Role.EDITOR}))  # fmt: skip
        programme = Programme(None, "cn-ru-bench", {"en": "bench"}, (Party("CN", "China", "zh"),
                              Party("RU", "Russia", "ru")), Scope(), ConsensusRule(Fraction(2, 3), 2, args.rounds),
                              coordinator_id=coordinator_user.id, created_at=T0.isoformat())  # fmt: skip
        expert_roles = frozenset({Role.READER, Role.EXPERT})
        users = [accounts.add_user(LOCAL_ADMIN, f"expert {i}", password=PASSWORD, roles=expert_roles)
                 for i in range(args.experts)]  # fmt: skip
        experts = [Actor(u.id, u.name, frozenset({Role.READER, Role.EXPERT}), signed_in=True) for u in users]
        sessions = {e.user_id: accounts.start_session(u) for e, u in zip(experts, users, strict=True)}
        with store.transaction():
            store.add_programme(programme)
            pid = programme.id or 0
            members = [Member(pid, coordinator_user.id or 0, MemberRole.COORDINATOR, None, "zh")] + [
                Member(pid, e.user_id or 0, MemberRole.EXPERT, "CN" if i % 2 == 0 else "RU", "zh")
                for i, e in enumerate(experts)
            ]
            for m in members:
                store.save_member(m)
            entries = [Entry(None, pid, (EntryStandard("CN", f"GB/T {10000 + i}-2020", f"GB/T {10000 + i}-2020"),
                                         EntryStandard("RU", f"GOST R {50000 + i}-2020", f"GOST R {50000 + i}-2020")),
                             EntryDegree.IDT, Origin.SUGGESTED, Basis.ASSESSMENT, created_at=T0.isoformat())
                       for i in range(args.entries)]  # fmt: skip
            store.add_entries(entries)
        party = {m.user_id: m.party for m in members}
        coordinator = Actor(coordinator_user.id, "coordinator", frozenset({Role.EDITOR}), signed_in=True)
        service = ReviewRounds(store, programme, members)
        truth = {e.id or 0: rng.choice(DEGREES) for e in entries}
        client = TestClient(create_app(Catalog(store)), base_url="http://stdbridge.example")
        unsettled = list(truth)
        for number in range(1, args.rounds + 1):
            now = T0 + dt.timedelta(days=10 * number)
            round_ = service.open_round(
                coordinator, unsettled, (now + dt.timedelta(days=5)).date().isoformat(), now=now
            )
            rid = round_.id or 0
            started = time.perf_counter()
            sample = set(rng.sample(unsettled, min(20, len(unsettled))))
            with store.transaction():
                for entry in unsettled:
                    if entry in sample:
                        continue
                    for expert in experts:
                        degree = _vote(rng, truth[entry])
                        store.save_answer(Answer(rid, entry, expert.user_id or 0, party[expert.user_id] or "",
                                                 degree, None if degree is None else rng.randint(1, 5), "", (), "",
                                                 now.isoformat()), 1)  # fmt: skip
            setup = time.perf_counter() - started
            timed: list[float] = []
            for entry in sample:
                for expert in experts:
                    degree = _vote(rng, truth[entry])
                    t = time.perf_counter()
                    service.answer(expert, rid, entry, degree, 3 if degree else None, comment="sample", now=now)
                    timed.append(time.perf_counter() - t)
            web: list[float] = []
            last_page = -(-len(unsettled) // PER_PAGE)
            for _ in range(args.pages):
                expert = rng.choice(experts)
                client.cookies.set(SESSION_COOKIE, sessions[expert.user_id])
                t = time.perf_counter()
                shown = client.get(f"/programmes/cn-ru-bench/rounds/{number}",
                                   params={"page": rng.randint(1, last_page), "lang": "zh"})  # fmt: skip
                web.append(time.perf_counter() - t)
                assert shown.status_code == 200 and "answer-form" in shown.text, shown.status_code
            pages: list[float] = []
            for _ in range(args.pages):
                expert = rng.choice(experts)
                offset = rng.randrange(0, max(1, len(unsettled) - args.page + 1))
                t = time.perf_counter()
                ids, total = store.round_entry_page(rid, offset, args.page)
                mine = service.own_answers(expert, rid, ids)
                pages.append(time.perf_counter() - t)
                assert total == len(unsettled) and len(mine) == len(ids)
            t = time.perf_counter()
            closing = service.close(coordinator, rid, now=now + dt.timedelta(days=6))
            close_s = time.perf_counter() - t
            print(f"round {number}: {len(unsettled)} entries, votes written in {setup:.1f} s; "
                  f"answer via the service p50 {statistics.median(timed) * 1000:.1f} ms "
                  f"p95 {_p95(timed) * 1000:.1f} ms ({len(timed)}); web review page of {PER_PAGE} p50 "
                  f"{statistics.median(web) * 1000:.1f} ms p95 {_p95(web) * 1000:.1f} ms ({len(web)}); "
                  f"its store part ({args.page}) p50 "
                  f"{statistics.median(pages) * 1000:.1f} ms p95 {_p95(pages) * 1000:.1f} ms ({len(pages)}); "
                  f"close {close_s:.2f} s: {len(closing.settled)} settled, {len(closing.open)} open, "
                  f"{len(closing.no_consensus)} no consensus")  # fmt: skip
            unsettled = list(closing.open)
            if not unsettled:
                break
        states = store.review_states(truth)
        counts = {s: sum(1 for v in states.values() if v["state"] is s) for s in EntryState}
        print("after the rounds:", ", ".join(f"{k.value} {v}" for k, v in counts.items() if v))
        client.close()
        store.close()


def _vote(rng: random.Random, degree: EntryDegree) -> EntryDegree | None:
    roll = rng.random()
    if roll < 0.05:
        return None
    if roll < 0.80:
        return degree
    rank = DEGREES.index(degree)
    return DEGREES[min(len(DEGREES) - 1, rank + 1)] if rank == 0 or rng.random() < 0.5 else DEGREES[rank - 1]


if __name__ == "__main__":
    main()
