"""A programme that has been through a review round, over the excerpts of the bundled data: GB ↔ ISO/IEC drafted by
the catalogue (declared and identifier-named counterparts), two experts of each party who answer one round, its
close by the rule (some entries settle, the rest stay in review), one reservation; with the users' API tokens.
What the tests of publishing (CLI, API, web, browser) start from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role
from stdbridge.accounts.service import Accounts
from stdbridge.catalog import Catalog
from stdbridge.recognition import draft as drafting
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import EntryDegree, MemberRole, Programme, Scope
from stdbridge.recognition.rounds import ReviewRounds

PASSWORD = "a long enough password"
SLUG = "gb-iso"
DIFFERENCES = "Clause 3 of the GB standard adds national definitions."


@dataclass
class Reviewed:
    programme: Programme
    tokens: dict[str, str]  # user name -> API token secret
    actors: dict[str, Actor]
    settled: list[int]
    open: list[int]
    reserved: int


def _user(accounts: Accounts, name: str, roles: set[Role]) -> tuple[Actor, str]:
    user = accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset(roles))
    token = accounts.create_token(LOCAL_ADMIN, "script", user_name=name).secret
    return Actor(user.id, name, frozenset(roles), signed_in=True), token


def reviewed_programme(catalog: Catalog, *, slug: str = SLUG, visibility: str = "public") -> Reviewed:
    """The programme after one closed round: every entry but the last two settled at its proposed degree, the
    last two left in review (the ISO experts disagree on them); the first settled entry keeps a reservation of an
    ISO expert."""
    from stdbridge.recognition.model import Visibility

    accounts = Accounts(catalog.store)
    actors, tokens = {}, {}
    for name, roles in (("Zhang Min", {Role.READER, Role.EDITOR}), ("Wang Fang", {Role.READER, Role.EXPERT}),
                        ("Liu Yang", {Role.READER, Role.EXPERT}), ("Anna Smith", {Role.READER, Role.EXPERT}),
                        ("Tom Brown", {Role.READER, Role.EXPERT}), ("Li Na", {Role.READER, Role.EDITOR})):  # fmt: skip
        actors[name], tokens[name] = _user(accounts, name, roles)
    coordinator = actors["Zhang Min"]
    parties = [prog.read_party(catalog, "GB", "zh"), prog.read_party(catalog, "ISO+IEC", "en")]
    title = {"en": "GB and ISO/IEC: quality", "zh": "国家标准与 ISO/IEC：质量"}
    programme = prog.create_programme(catalog, coordinator, slug, title, parties, Scope(),
                                      visibility=Visibility(visibility))  # fmt: skip
    assert programme.id is not None
    for name, party, language in (("Wang Fang", "GB", "zh"), ("Liu Yang", "GB", "zh"), ("Anna Smith", "ISO+IEC", "en"),
                                  ("Tom Brown", "ISO+IEC", "en")):  # fmt: skip
        prog.add_member(catalog.store, coordinator, programme, name, party, language, MemberRole.EXPERT)
    drafting.draft(catalog, coordinator, programme)
    rounds = ReviewRounds.of(catalog.store, slug)
    ids = rounds.unsettled()
    assert len(ids) >= 4, ids
    deadline = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).date().isoformat()
    opened = rounds.open_round(coordinator, ids, deadline)
    entries = catalog.store.entries_by_id(ids)
    settle, keep_open = ids[:-2], ids[-2:]
    for entry_id in ids:
        proposed = entries[entry_id].proposed
        other = EntryDegree.NEQ if proposed is not EntryDegree.NEQ else EntryDegree.MOD
        for name in ("Wang Fang", "Liu Yang", "Anna Smith", "Tom Brown"):
            degree = other if entry_id in keep_open and name == "Tom Brown" else proposed
            noted = DIFFERENCES if name in ("Anna Smith", "Wang Fang") else ""
            rounds.answer(actors[name], opened.id or 0, entry_id, degree, 4, differences=noted)
    closing = rounds.close(coordinator, opened.id or 0)
    assert sorted(closing.settled) == settle, closing
    rounds.reserve(actors["Tom Brown"], settle[0], EntryDegree.NEQ, "Annex A adds national requirements.")
    return Reviewed(programme, tokens, actors, settle, keep_open, settle[0])
