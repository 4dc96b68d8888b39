"""A review programme over the excerpts, for the pages of review rounds and public comment: GB standards against
the international ones they adopt (pairs of the GB excerpt), a coordinator, two experts of each party, a
reader, a stakeholder (contributor) and an expert of no programme."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from stdbridge.accounts import LOCAL_ADMIN, Role
from stdbridge.accounts.service import Accounts
from stdbridge.catalog import Catalog
from stdbridge.recognition import programmes as prog
from stdbridge.recognition.model import (
    Basis,
    ConsensusRule,
    Entry,
    EntryDegree,
    EntryStandard,
    MemberRole,
    Origin,
    Party,
    Scope,
)

PASSWORD = "correct horse battery"
SLUG = "cn-int-quality"
PAIRS = (("GB/T 24001-1996", "ISO 14001:1996"), ("GB/T 22080-2016", "ISO/IEC 27001:2013"),
         ("GB/T 19001-2008", "ISO 9001:2008"), ("GB/T 24001-2004", "ISO 14001:2004"))  # fmt: skip
COORDINATOR = "Zhang Min"
EXPERTS = {"Wang Fang": "CN", "Liu Yang": "CN", "Maria Keller": "INT", "John Smith": "INT"}
READER, STAKEHOLDER, OUTSIDER = "Li Na", "CAAC Association", "Sato Aiko"


@dataclass
class ReviewCase:
    accounts: Accounts
    entries: list[int] = field(default_factory=list)
    sessions: dict[str, str] = field(default_factory=dict)

    def session(self, name: str) -> str:
        """A session of ``name``'s (one each, made on first use): signed in without the sign-in form's throttle."""
        if name not in self.sessions:
            self.sessions[name] = self.accounts.start_session(self.accounts.user(name))
        return self.sessions[name]


def review_case(catalog: Catalog) -> ReviewCase:
    """The programme ``SLUG`` with its people and four entries (in draft), over ``catalog``."""
    accounts = Accounts(catalog.store)
    people = {COORDINATOR: {Role.EDITOR}, READER: set(), STAKEHOLDER: {Role.CONTRIBUTOR}, OUTSIDER: {Role.EXPERT},
              **{name: {Role.EXPERT} for name in EXPERTS}}  # fmt: skip
    for name, roles in people.items():
        accounts.add_user(LOCAL_ADMIN, name, password=PASSWORD, roles=frozenset({Role.READER, *roles}))
    coordinator = accounts.user(COORDINATOR)
    programme = prog.create_programme(
        catalog, LOCAL_ADMIN, SLUG, {"en": "CN-international quality standards", "zh": "中国与国际质量标准"},
        [Party("CN", "China", "zh", ("country:CN",)), Party("INT", "ISO/IEC", "en", ("body:ISO", "body:IEC"))],
        Scope(), rule=ConsensusRule(Fraction(2, 3), 2, 2), coordinator_id=coordinator.id,
    )  # fmt: skip
    for name, party in EXPERTS.items():
        prog.add_member(catalog.store, LOCAL_ADMIN, programme, name, party, "zh" if party == "CN" else "en",
                        MemberRole.EXPERT)  # fmt: skip
    assert programme.id is not None
    entries = []
    for gb, international in PAIRS:
        a, b = catalog.resolve(gb).standard, catalog.resolve(international).standard
        entries.append(Entry(None, programme.id, (EntryStandard("CN", a.edition_key, a.identifier),
                                                  EntryStandard("INT", b.edition_key, b.identifier)),
                             EntryDegree.IDT, Origin.DECLARED, Basis.ADOPTION,
                             created_at="2026-12-01T00:00:00+00:00"))  # fmt: skip
    with catalog.store.transaction():
        catalog.store.add_entries(entries)
    return ReviewCase(accounts, [e.id for e in entries if e.id is not None])
