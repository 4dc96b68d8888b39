"""Releases built from real pairs: the GB standards of ``tests/data/gb/gb_official.csv`` that declare the
international standard they adopt, with its degree, settled in a CN ↔ INT programme whose settlements and
reservations are sealed into an audit chain as the audit log seals them."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from stdbridge.audit.entry import GENESIS_PREV, AuditEntry, seal
from stdbridge.errors import IdentifierError
from stdbridge.identifiers import parse
from stdbridge.recognition.model import (
    Basis,
    ConsensusRule,
    Entry,
    EntryDegree,
    EntryStandard,
    EntryState,
    Origin,
    Party,
    Programme,
    Reservation,
    Scope,
)
from stdbridge.recognition.release import Published, release_document
from stdbridge.recognition.signing import key_description, sign_document

GB_LIST = Path(__file__).parent / "data" / "gb" / "gb_official.csv"
PROGRAMME = Programme(
    id=1,
    slug="cn-int-quality",
    title={"en": "GB adoptions of international standards", "zh": "国家标准采用国际标准"},
    parties=(Party("CN", "China (SAC)", "zh", ("SAC",)), Party("INT", "ISO and IEC", "en", ("ISO", "IEC"))),
    scope=Scope(),
    rule=ConsensusRule(),
    coordinator_id=1,
)


def real_pairs() -> list[dict[str, str]]:
    """The rows of the GB list that name the international standard adopted, with IDT, MOD or NEQ."""
    with GB_LIST.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    return [row for row in rows if row["采用程度"] in {"IDT", "MOD", "NEQ"} and _readable(row["采用国际标准号"])]


def _readable(text: str) -> bool:
    try:
        parse(text)
    except IdentifierError:
        return False
    return True


@dataclass
class Chain:
    """An audit chain sealed as the log seals it."""

    entries: list[AuditEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.add("genesis", "audit log", None, None, "system")

    def add(self, action: str, subject: str, before: Any, after: Any, actor: str = "coordinator") -> AuditEntry:
        prev = self.entries[-1].hash if self.entries else GENESIS_PREV
        entry = seal(
            len(self.entries) + 1,
            prev,
            actor_name=actor,
            actor_id=None,
            action=action,
            subject=subject,
            before=before,
            after=after,
            at=f"2026-12-04T10:{len(self.entries) % 60:02d}:00.000000+00:00",
        )
        self.entries.append(entry)
        return entry


@dataclass
class Case:
    entries: list[Entry]
    titles: dict[str, dict[str, str]]
    settlements: dict[int, AuditEntry]
    reservations: dict[int, list[tuple[Reservation, AuditEntry]]]
    chain: Chain


def settled_case(limit: int | None = None, *, repeat: int = 1) -> Case:
    """Entries settled at the degree the GB list declares; entry 2 carries a reservation. ``repeat`` > 1 makes
    more entries from the same pairs (as a thematic programme lists a pair under several product classes)."""
    pairs = real_pairs()[:limit]
    chain = Chain()
    case = Case([], {}, {}, {}, chain)
    for copy in range(repeat):
        for row in pairs:
            gb, intl = parse(row["标准号"]), parse(row["采用国际标准号"])
            entry_id = len(case.entries) + 1
            degree = EntryDegree(row["采用程度"])
            standards = (
                EntryStandard("CN", gb.edition_key, gb.render()),
                EntryStandard("INT", intl.edition_key, intl.render()),
            )
            case.titles[gb.edition_key] = {"zh": row["中文标准名称"], "en": row["英文标准名称"]}
            case.titles.setdefault(intl.edition_key, {"en": row["英文标准名称"]})
            case.entries.append(
                Entry(
                    entry_id,
                    PROGRAMME.id or 0,
                    standards,
                    degree,
                    Origin.DECLARED,
                    Basis.ADOPTION,
                    state=EntryState.SETTLED,
                    degree=degree,
                    rounds_taken=1 + entry_id % 2,
                    product_class=f"class {copy}" if repeat > 1 else None,
                )
            )
            case.settlements[entry_id] = chain.add(
                "entry.settle",
                f"entry {entry_id}",
                {"state": "in-review"},
                {"entry_id": entry_id, "degree": str(degree), "standards": [s.edition_key for s in standards]},
            )
            if entry_id == 2:
                reservation = Reservation(
                    entry_id,
                    7,
                    "CN",
                    EntryDegree.NEQ,
                    "Clause 4 adds national requirements.",
                    "2026-12-04T10:30:00+00:00",
                )
                recorded = chain.add(
                    "entry.reserve",
                    f"entry {entry_id}",
                    None,
                    {"entry_id": entry_id, "party": "CN", "degree": "NEQ", "reason": reservation.reason},
                    actor="expert CN 1",
                )
                case.reservations[entry_id] = [(reservation, recorded)]
    return case


def signed_release(case: Case, key: Ed25519PrivateKey, number: int = 1, **options: Any) -> dict[str, Any]:
    head = case.chain.entries[-1]
    published = Published(number, "2026-12-04T11:00:00+00:00", "coordinator", head)
    document = release_document(
        PROGRAMME,
        case.entries,
        published,
        titles=case.titles,
        settlements=case.settlements,
        reservations=case.reservations,
        key=key_description(key.public_key()),
        **options,
    )
    return sign_document(document, key)
