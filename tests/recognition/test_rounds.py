"""Review rounds of a programme (recognition/rounds.py) on SQLite and PostgreSQL: answering, changing, closing once,
settling by the rule, no consensus after the last round, reservations, public comment, and every refusal changing
nothing."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import insert, inspect

from stdbridge.accounts.roles import Actor, Role
from stdbridge.audit.entry import AuditQuery
from stdbridge.catalog import Catalog
from stdbridge.cli import cli
from stdbridge.errors import Forbidden, NotFound, Unauthenticated, UsageError
from stdbridge.recognition.model import (
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
    Stage,
)
from stdbridge.recognition.rounds import ReviewRounds
from stdbridge.store import SqlStore, Store
from stdbridge.store.programmes_sql import (
    _entry_row,
    _party_rows,
    _programme_row,
    entry_standards,
    programme_entries,
    programme_parties,
    programmes,
)

IDT, MOD, NEQ = EntryDegree.IDT, EntryDegree.MOD, EntryDegree.NEQ
T0 = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
DEADLINE = "2026-12-10"
# Entries of a CN-RU civil-aircraft programme, by id: 101 GB/T 19001-2016 ~ GOST R ISO 9001-2015,
# 102 GB/T 24001-2016 ~ GOST R ISO 14001-2016, 103 GB/T 2828.1-2012 ~ GOST R ISO 2859-1-2007.
ENTRIES = (101, 102, 103)

COORDINATOR = Actor(1, "Zhang Min", frozenset({Role.READER, Role.EDITOR}), signed_in=True)
WANG = Actor(2, "Wang Fang", frozenset({Role.READER, Role.EXPERT}), signed_in=True)
LIU = Actor(3, "Liu Yang", frozenset({Role.READER, Role.EXPERT}), signed_in=True)
IVANOV = Actor(4, "Ivan Ivanov", frozenset({Role.READER, Role.EXPERT}), signed_in=True)
PETROVA = Actor(5, "Anna Petrova", frozenset({Role.READER, Role.EXPERT}), signed_in=True)
OUTSIDER = Actor(6, "Sato Aiko", frozenset({Role.READER, Role.EXPERT}), signed_in=True)  # no member
PARTYLESS = Actor(7, "Chen Jie", frozenset({Role.READER, Role.EXPERT}), signed_in=True)  # member of no party
READER = Actor(8, "Li Na", frozenset({Role.READER}), signed_in=True)
STAKEHOLDER = Actor(9, "CAAC association", frozenset({Role.READER, Role.CONTRIBUTOR}), signed_in=True)


def _programme() -> Programme:
    return Programme(
        7, "cn-ru-aircraft", {"en": "CN-RU civil aircraft", "zh": "中俄民用飞机"},
        (Party("CN", "China", "zh", ("SAC",)), Party("RU", "Russia", "ru", ("GOST R",))), Scope(ics=("49",)),
        ConsensusRule(share=Fraction(2, 3), min_answers=2, max_rounds=2), coordinator_id=1,
    )  # fmt: skip


MEMBERS = [
    Member(7, 1, MemberRole.COORDINATOR, None, "zh"),
    Member(7, 2, MemberRole.EXPERT, "CN", "zh"),
    Member(7, 3, MemberRole.EXPERT, "CN", "zh"),
    Member(7, 4, MemberRole.EXPERT, "RU", "ru"),
    Member(7, 5, MemberRole.EXPERT, "RU", "en"),
    Member(7, 7, MemberRole.EXPERT, None, "zh"),
]


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


PAIRS = {101: ("GB/T 19001-2016", "GOST R ISO 9001-2015"), 102: ("GB/T 24001-2016", "GOST R ISO 14001-2016"),
         103: ("GB/T 2828.1-2012", "GOST R ISO 2859-1-2007")}  # fmt: skip


def _keep_programme_and_entries(store: Store) -> None:
    """The programme (id 7) and its entries 101-103 as the store keeps them, under the ids the tests name: an
    entry's review state is kept in its own row."""
    assert isinstance(store, SqlStore)
    programme = _programme()
    with store.engine.begin() as conn:
        conn.execute(insert(programmes).values(id=7, **_programme_row(programme)))
        conn.execute(insert(programme_parties), _party_rows(programme))
        for entry_id, (cn, ru) in PAIRS.items():
            entry = Entry(entry_id, 7, (EntryStandard("CN", cn, cn), EntryStandard("RU", ru, ru)), MOD,
                          Origin.IDENTIFIER, Basis.ADOPTION, created_at="2026-12-01T00:00:00+00:00")  # fmt: skip
            conn.execute(insert(programme_entries).values(id=entry_id, **_entry_row(entry)))
            conn.execute(insert(entry_standards), [{"entry_id": entry_id, "party": s.party,
                                                    "edition_key": s.edition_key, "identifier": s.identifier}
                                                   for s in entry.standards])  # fmt: skip


@pytest.fixture
def rounds(store: Store) -> ReviewRounds:
    _keep_programme_and_entries(store)
    return ReviewRounds(store, _programme(), MEMBERS)


def _audit(store: Store, action: str | None = None) -> list[tuple[str, str, object, object]]:
    entries = store.audit_entries(AuditQuery(action=action, limit=None, newest_first=False))
    return [(e.action, e.subject, e.before, e.after) for e in entries if e.action != "genesis"]


def test_two_rounds_settle_by_the_rule_and_leave_one_without_consensus(rounds: ReviewRounds, store: Store) -> None:
    first = rounds.open_round(COORDINATOR, ENTRIES, DEADLINE, now=T0)
    assert (first.number, first.entry_ids, first.deadline) == (1, ENTRIES, "2026-12-10T23:59:59+00:00")
    votes = {101: (MOD, MOD, MOD, MOD), 102: (IDT, NEQ, MOD, MOD), 103: (IDT, IDT, None, None)}
    for entry, degrees in votes.items():
        for expert, degree in zip((WANG, LIU, IVANOV, PETROVA), degrees, strict=True):
            rounds.answer(expert, first.id or 0, entry, degree, 4 if degree else None, comment=f"{expert.name} note",
                          now=T0)  # fmt: skip
    with pytest.raises(UsageError, match="still open"):
        rounds.results(WANG, first.id or 0)
    closing = rounds.close(COORDINATOR, first.id or 0, now=T0 + dt.timedelta(days=1))
    assert closing.settled == {101: MOD} and closing.open == (102, 103) and closing.no_consensus == ()
    shown = rounds.results(IVANOV, first.id or 0)
    assert shown[101]["outcome"] == "settled" and shown[102]["reasons"] == [["CN", "no-majority"]]
    assert shown[103]["reasons"] == [["RU", "too-few-answers"]]
    assert shown[102]["feedback"]["by_party"]["CN"] == {"IDT": 1, "MOD": 0, "NEQ": 1, "not-equivalent": 0}
    # anonymous: the comments are there, the names (which the comments carry here) are the only trace of who
    assert "Wang Fang note" in str(shown[102]["feedback"]) and "'user" not in str(shown)
    with pytest.raises(UsageError, match="settled already"):
        rounds.open_round(COORDINATOR, ENTRIES, DEADLINE, now=T0)

    second = rounds.open_round(COORDINATOR, (102, 103), DEADLINE, now=T0 + dt.timedelta(days=2))
    for expert, degree in ((WANG, MOD), (LIU, MOD), (IVANOV, MOD), (PETROVA, NEQ)):
        rounds.answer(expert, second.id or 0, 102, degree, 3, now=T0 + dt.timedelta(days=2))
    closing = rounds.close(COORDINATOR, second.id or 0, now=T0 + dt.timedelta(days=3))
    assert closing.settled == {} and closing.no_consensus == (102, 103)
    assert store.answers_counted([first.id or 0, second.id or 0, 999]) == {first.id: 12, second.id: 4, 999: 0}
    numbered = store.round_numbered(7, 2)
    assert numbered is not None and (numbered.id, numbered.entry_ids) == (second.id, (102, 103))
    assert store.round_numbered(7, 3) is None and store.round_numbered(8, 1) is None
    states = store.review_states(ENTRIES)
    assert {e: (s["state"], s["degree"], s["rounds_taken"]) for e, s in states.items()} == {
        101: (EntryState.SETTLED, MOD, 1), 102: (EntryState.NO_CONSENSUS, None, 2),
        103: (EntryState.NO_CONSENSUS, None, 2)}  # fmt: skip
    assert states[102]["positions"]["by_party"]["RU"]["NEQ"] == 1  # the positions held are kept
    kept = store.entries_by_id(ENTRIES)  # one truth: the review state is the entry's own
    assert {e: (kept[e].state, kept[e].degree, kept[e].rounds_taken) for e in ENTRIES} == {
        e: (s["state"], s["degree"], s["rounds_taken"]) for e, s in states.items()}  # fmt: skip
    assert isinstance(store, SqlStore) and "review_entry_states" not in inspect(store.engine).get_table_names()

    reservation = rounds.reserve(PETROVA, 101, NEQ, "clause 7.1.5 of the Russian text adds a calibration step")
    assert store.reservations_of([101]) == [reservation]
    with pytest.raises(UsageError, match="not settled"):
        rounds.reserve(PETROVA, 102, NEQ, "disagree")
    actions = [a[0] for a in _audit(store)]
    assert actions.count("round.open") == 2 and actions.count("round.answer") == 16
    assert actions.count("round.close") == 2 and actions[-1] == "entry.reservation"
    close_1 = _audit(store, "round.close")[0]
    assert close_1[3] == {"settled": {"101": "MOD"}, "open": [102, 103], "no_consensus": [], "answers": 12}


def test_a_changed_answer_is_kept_with_the_one_before_in_the_audit_log(rounds: ReviewRounds, store: Store) -> None:
    r = rounds.open_round(COORDINATOR, ENTRIES, DEADLINE, now=T0)
    rounds.answer(WANG, r.id or 0, 101, MOD, 3, differences="5.2 differs", clauses=("5.2",), now=T0)
    rounds.answer(WANG, r.id or 0, 101, IDT, 5, now=T0)
    kept = store.answer_of(r.id or 0, 101, 2)
    assert kept is not None and (kept[0].degree, kept[0].confidence, kept[1]) == (IDT, 5, 2)
    change = _audit(store, "round.change")
    assert change == [("round.change", "cn-ru-aircraft round 1 entry 101",
                       {"degree": "MOD", "confidence": 3, "differences": "5.2 differs", "clauses": ["5.2"],
                        "comment": ""},
                       {"degree": "IDT", "confidence": 5, "differences": "", "clauses": [],
                        "comment": ""})]  # fmt: skip


def test_bad_answers_are_refused_and_change_nothing(rounds: ReviewRounds, store: Store) -> None:
    r = rounds.open_round(COORDINATOR, (101, 102), DEADLINE, now=T0)
    rid = r.id or 0
    rounds.answer(WANG, rid, 101, MOD, 3, now=T0)
    before = (store.answers_of_round(rid), _audit(store))
    refusals = [
        (lambda: rounds.answer(WANG, rid, 101, MOD, 3, now=T0), UsageError, "gave this answer"),
        (lambda: rounds.answer(LIU, rid, 101, MOD, 3, now=T0 + dt.timedelta(days=7)), UsageError, "no longer taken"),
        (lambda: rounds.answer(LIU, rid, 103, MOD, 3, now=T0), UsageError, "entry 103 is not in round 1"),
        (lambda: rounds.answer(LIU, rid, 101, MOD, 0, now=T0), UsageError, "confidence 0"),
        (lambda: rounds.answer(LIU, rid, 101, MOD, 6, now=T0), UsageError, "confidence 6"),
        (lambda: rounds.answer(LIU, rid, 101, MOD, None, now=T0), UsageError, "confidence None"),
        (lambda: rounds.answer(READER, rid, 101, MOD, 3, now=T0), Forbidden, "role of expert"),
        (lambda: rounds.answer(OUTSIDER, rid, 101, MOD, 3, now=T0), Forbidden, "not an expert of the programme"),
        (lambda: rounds.answer(PARTYLESS, rid, 101, MOD, 3, now=T0), Forbidden, "expert of no party"),
        (lambda: rounds.answer(Actor(None, "anonymous", frozenset()), rid, 101, MOD, 3, now=T0), Unauthenticated,
         "sign in"),
        (lambda: rounds.answer(LIU, 999, 101, MOD, 3, now=T0), NotFound, "no round 999"),
        (lambda: rounds.open_round(WANG, (103,), DEADLINE, now=T0), Forbidden, "role of editor"),
        (lambda: rounds.open_round(COORDINATOR, (103,), DEADLINE, now=T0), UsageError, "still open"),
        (lambda: rounds.close(WANG, rid, now=T0), Forbidden, "role of editor"),
        (lambda: rounds.close(Actor(9, "Other Editor", frozenset({Role.EDITOR}), signed_in=True), rid, now=T0),
         Forbidden, "not a coordinator"),
        (lambda: rounds.results(READER, rid), Forbidden, "role of expert"),
    ]  # fmt: skip
    for action, error, message in refusals:
        with pytest.raises(error, match=message):
            action()
    assert (store.answers_of_round(rid), _audit(store)) == before
    # a skip needs no confidence; the same skip again is a duplicate
    rounds.answer(LIU, rid, 101, None, None, now=T0)
    with pytest.raises(UsageError, match="gave this answer"):
        rounds.answer(LIU, rid, 101, None, 4, now=T0)


def test_two_coordinators_closing_at_once_settle_the_round_once(rounds: ReviewRounds, store: Store) -> None:
    r = rounds.open_round(COORDINATOR, ENTRIES, DEADLINE, now=T0)
    for expert in (WANG, LIU, IVANOV, PETROVA):
        rounds.answer(expert, r.id or 0, 101, IDT, 5, now=T0)
    assert isinstance(store, SqlStore)
    other = ReviewRounds(SqlStore(store.url), _programme(), MEMBERS)  # another process's store
    outcomes: list[object] = []
    start = threading.Barrier(2)

    def close(service: ReviewRounds) -> None:
        start.wait()
        try:
            outcomes.append(service.close(COORDINATOR, r.id or 0, now=T0).settled)
        except UsageError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=close, args=(s,)) for s in (rounds, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.store.close()
    assert sorted(map(str, outcomes)) == [
        "round 1 of cn-ru-aircraft was closed already",
        "{101: <EntryDegree.IDT: 'IDT'>}",
    ]
    assert len(_audit(store, "round.close")) == 1 and store.review_states([101])[101]["rounds_taken"] == 1
    # a round past its deadline is closed by close_due; closed ones are left alone
    assert rounds.close_due(COORDINATOR, now=T0 + dt.timedelta(days=30)) == []


def test_public_comment_is_answered_and_its_handling_kept(rounds: ReviewRounds, store: Store) -> None:
    period = rounds.open_comment(COORDINATOR, "2026-12-20", now=T0)
    first = rounds.comment(STAKEHOLDER, period, "The test temperature of 103 differs", entry_id=103,
                           organisation="China Aviation Industry Association", party="CN", now=T0)  # fmt: skip
    general = rounds.comment(STAKEHOLDER, period, "Please add the transition dates", now=T0)
    with pytest.raises(UsageError, match="entry 999 is not one of cn-ru-aircraft"):
        rounds.comment(STAKEHOLDER, period, "on another programme's entry", entry_id=999, now=T0)
    assert [p["id"] for p in store.comment_periods_of(7)] == [period] and store.comment_periods_of(8) == []
    with pytest.raises(UsageError, match="closed at"):
        rounds.comment(STAKEHOLDER, period, "late", now=T0 + dt.timedelta(days=30))
    with pytest.raises(Forbidden, match="role of contributor"):
        rounds.comment(READER, period, "no role", now=T0)
    with pytest.raises(Forbidden):
        rounds.reply(WANG, period, first, "accepted", "done")
    with pytest.raises(UsageError, match="not a handling"):
        rounds.reply(COORDINATOR, period, first, "ignored", "no")
    rounds.reply(COORDINATOR, period, first, "accepted", "Entry 103 now records the difference")
    log = rounds.handling_log(period)
    assert [(c["id"], c["entry_id"], c["handling"]) for c in log] == [(first, 103, "accepted"), (general, None, None)]
    assert [a[0] for a in _audit(store)] == ["comment.open", "comment.add", "comment.add", "comment.reply"]


def test_the_same_first_answer_sent_twice_at_once_is_kept_once(rounds: ReviewRounds, store: Store) -> None:
    r = rounds.open_round(COORDINATOR, ENTRIES, DEADLINE, now=T0)
    assert isinstance(store, SqlStore)
    other = ReviewRounds(SqlStore(store.url), _programme(), MEMBERS)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def send(service: ReviewRounds) -> None:
        start.wait()
        try:
            service.answer(IVANOV, r.id or 0, 102, NEQ, 2, now=T0)
            outcomes.append("kept")
        except UsageError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=send, args=(s,)) for s in (rounds, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.store.close()
    assert outcomes.count("kept") == 1 and len(outcomes) == 2
    assert any("gave this answer" in o or "sent from elsewhere" in o for o in outcomes)
    assert len(store.answers_of_round(r.id or 0)) == 1 and len(_audit(store, "round.answer")) == 1


def test_a_close_moves_the_programmes_entries_on(store: Store) -> None:

    programme = _programme()
    programme.id = None
    with store.transaction():
        store.add_programme(programme)
        assert programme.id is not None
        for m in MEMBERS:
            store.save_member(Member(programme.id, m.user_id, m.role, m.party, m.language))
        ems = Entry(
            None,
            programme.id,
            (
                EntryStandard("CN", "GB/T 24001-1996", "GB/T 24001-1996"),
                EntryStandard("RU", "ISO 14001:1996", "ISO 14001:1996"),
            ),
            IDT,
            Origin.DECLARED,
            Basis.ADOPTION,
        )
        isms = Entry(None, programme.id, (EntryStandard("CN", "GB/T 22080-2016", "GB/T 22080-2016"),
                     EntryStandard("RU", "ISO/IEC 27001:2013", "ISO/IEC 27001:2013")), MOD, Origin.SUGGESTED,
                     Basis.ASSESSMENT)  # fmt: skip
        store.add_entries([ems, isms])
    service = ReviewRounds.of(store, "cn-ru-aircraft")
    assert ems.id and isms.id and service.unsettled() == [ems.id, isms.id]
    r = service.open_round(COORDINATOR, service.unsettled(), DEADLINE, now=T0)
    for expert in (WANG, LIU, IVANOV, PETROVA):
        service.answer(expert, r.id or 0, ems.id, IDT, 5, now=T0)
    service.answer(WANG, r.id or 0, isms.id, MOD, 3, now=T0)
    service.close(COORDINATOR, r.id or 0, now=T0)
    kept = store.entries_by_id([ems.id, isms.id])
    assert (kept[ems.id].state, kept[ems.id].degree, kept[ems.id].stage, kept[ems.id].rounds_taken) == (
        EntryState.SETTLED, IDT, Stage.COMMONALITY, 1)  # fmt: skip
    assert (kept[isms.id].state, kept[isms.id].degree, kept[isms.id].stage) == (
        EntryState.IN_REVIEW, None, Stage.RECOGNITION)  # fmt: skip
    assert service.unsettled() == [isms.id] and service.every_entry() == [ems.id, isms.id]
    with pytest.raises(NotFound, match="no programme 'nowhere'"):
        ReviewRounds.of(store, "nowhere")


def run_cli(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    return result.exit_code, result.output


def test_open_status_and_close_a_round_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "catalog.db")
    store = SqlStore(f"sqlite:///{db}")
    programme = _programme()
    programme.id = None
    with store.transaction():
        store.add_programme(programme)
        assert programme.id is not None
        for m in MEMBERS:
            store.save_member(Member(programme.id, m.user_id, m.role, m.party, m.language))
        store.add_entries([Entry(None, programme.id, (EntryStandard("CN", "GB/T 19001-2016", "GB/T 19001-2016"),
                                 EntryStandard("RU", "ISO 9001:2015", "ISO 9001:2015")), EntryDegree.IDT,
                                 Origin.IDENTIFIER, Basis.ADOPTION)])  # fmt: skip
    store.close()
    code, output = run_cli(db, "rounds", "status", "cn-ru-aircraft")
    assert code == 0 and "no round yet" in output
    code, output = run_cli(db, "rounds", "open", "cn-ru-aircraft", "--deadline", "2099-12-31")
    assert code == 0 and "Round 1 of cn-ru-aircraft is open until 2099-12-31T23:59:59+00:00: 1 entries." in output
    code, output = run_cli(db, "rounds", "open", "cn-ru-aircraft", "--deadline", "2099-12-31")
    assert code == 2 and "still open" in output and "Traceback" not in output
    code, output = run_cli(db, "rounds", "open", "nowhere", "--deadline", "2099-12-31")
    assert code == 1 and "no programme 'nowhere'" in output
    code, output = run_cli(db, "rounds", "close", "cn-ru-aircraft")
    assert code == 0 and "Round 1 of cn-ru-aircraft closed: 0 settled, 1 to the next round, 0 without" in output
    code, output = run_cli(db, "rounds", "close", "cn-ru-aircraft", "--round", "1")
    assert code == 2 and "was closed already" in output
    code, output = run_cli(db, "rounds", "status", "cn-ru-aircraft", "--json")
    assert code == 0 and json.loads(output)["rounds"][0] | {"closed_at": None} == {
        "number": 1, "deadline": "2099-12-31T23:59:59+00:00", "closed_at": None, "full_review": False, "entries": 1,
        "answers": 0, "settled": 0, "open": 1, "no_consensus": 0}  # fmt: skip


def test_the_http_api_opens_answers_closes_and_refuses_who_lacks_the_role(empty_catalog: Catalog) -> None:
    from fastapi.testclient import TestClient

    from stdbridge.accounts.roles import LOCAL_ADMIN
    from stdbridge.accounts.service import Accounts
    from stdbridge.app import create_app

    store = empty_catalog.store
    accounts = Accounts(store)
    tokens: dict[str, str] = {}
    ids: dict[str, int] = {}
    people = (("Zhang Min", Role.EDITOR), ("Wang Fang", Role.EXPERT), ("Liu Yang", Role.EXPERT),
              ("Ivan Ivanov", Role.EXPERT), ("Anna Petrova", Role.EXPERT), ("Li Na", Role.READER))  # fmt: skip
    for name, role in people:
        user = accounts.add_user(LOCAL_ADMIN, name, password="a long enough password", roles=frozenset({role}))
        ids[name] = user.id or 0
        tokens[name] = accounts.create_token(LOCAL_ADMIN, "script", user_name=name).secret
    programme = _programme()
    programme.id, programme.coordinator_id = None, ids["Zhang Min"]
    with store.transaction():
        store.add_programme(programme)
        assert programme.id is not None
        for name, party in (("Wang Fang", "CN"), ("Liu Yang", "CN"), ("Ivan Ivanov", "RU"), ("Anna Petrova", "RU")):
            store.save_member(Member(programme.id, ids[name], MemberRole.EXPERT, party, "zh"))
        store.add_entries([Entry(None, programme.id, (EntryStandard("CN", "GB/T 19001-2016", "GB/T 19001-2016"),
                                 EntryStandard("RU", "ISO 9001:2015", "ISO 9001:2015")), IDT, Origin.IDENTIFIER,
                                 Basis.ADOPTION)])  # fmt: skip
    entry_id = store.entries_of(programme.id)[0][0].id

    def auth(name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[name]}"}

    base = "/api/programmes/cn-ru-aircraft/rounds"
    with TestClient(create_app(empty_catalog), base_url="http://stdbridge.example") as client:
        assert client.post(base, json={"deadline": "2099-12-31"}, headers=auth("Li Na")).status_code == 403
        assert client.post(base, json={"deadline": "2099-12-31"}, headers=auth("Wang Fang")).status_code == 403
        opened = client.post(base, json={"deadline": "2099-12-31"}, headers=auth("Zhang Min"))
        assert opened.status_code == 201 and opened.json()["entries"] == [entry_id]
        vote = {"degree": "IDT", "confidence": 5, "comment": "identical translation"}
        for name in ("Wang Fang", "Liu Yang", "Ivan Ivanov", "Anna Petrova"):
            done = client.put(f"{base}/1/answers/{entry_id}", json=vote, headers=auth(name))
            assert done.status_code == 200 and done.json()["degree"] == "IDT"
        again = client.put(f"{base}/1/answers/{entry_id}", json=vote, headers=auth("Wang Fang"))
        assert again.status_code == 400 and "gave this answer" in again.json()["error"]["message"]
        bad = client.put(f"{base}/1/answers/{entry_id}", json={**vote, "confidence": 9}, headers=auth("Liu Yang"))
        assert bad.status_code == 400 and "confidence 9" in bad.json()["error"]["message"]
        zh = client.put(f"{base}/1/answers/{entry_id}", params={"lang": "zh"}, json={**vote, "confidence": 0},
                        headers=auth("Liu Yang"))  # fmt: skip
        assert "把握度 0" in zh.json()["error"]["message"]
        assert client.put(f"{base}/1/answers/{entry_id}", json=vote, headers=auth("Li Na")).status_code == 403
        outside = client.put(f"{base}/1/answers/999", json=vote, headers=auth("Liu Yang"))
        assert outside.status_code == 400 and "not in round 1" in outside.json()["error"]["message"]
        mine = client.get(f"{base}/1", headers=auth("Ivan Ivanov")).json()
        assert [a["degree"] for a in mine["answers"]] == ["IDT"] and "results" not in mine  # only their own
        assert client.post(f"{base}/1/close", headers=auth("Wang Fang")).status_code == 403
        closed = client.post(f"{base}/1/close", headers=auth("Zhang Min"))
        assert closed.status_code == 200 and closed.json()["settled"] == {str(entry_id): "IDT"}
        twice = client.post(f"{base}/1/close", headers=auth("Zhang Min"))
        assert twice.status_code == 400 and "closed already" in twice.json()["error"]["message"]
        results = client.get(f"{base}/1", headers=auth("Anna Petrova")).json()["results"][str(entry_id)]
        text = json.dumps(results)
        assert results["feedback"]["by_degree"]["IDT"] == 4 and "user" not in text and "Wang Fang" not in text
        assert client.get(f"{base}/1", headers=auth("Li Na")).status_code == 403
        assert "/api/programmes/{slug}/rounds/{number}/close" in client.get("/api/openapi.json").json()["paths"]
