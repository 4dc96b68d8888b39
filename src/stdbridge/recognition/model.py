"""The records of a mutual-recognition programme: who takes part, what it covers, its entries, review rounds,
answers, reservations and releases. Plain data, no I/O: the store keeps them (``store/recognition_sql.py``), the
services in this package give them meaning, the CLI, API and web show them.

A programme (``Programme``) is run by a coordinator for two or more parties (``Party``: a country or a body, e.g.
CN and RU, or SAC and JISC), each with experts (``Member``) who speak a language. It covers a scope (``Scope``:
ICS fields, committees, a list of standards or product classes) and moves through the steps the China–Russia
civil-aircraft catalogue took (``Step``). Its draft catalogue is a list of entries (``Entry``), each linking one
standard of each party (``EntryStandard``) with a proposed degree; experts answer (``Answer``) in Delphi rounds
(``Round``) until the programme's consensus rule (``ConsensusRule``) settles an entry or the rounds run out; an
expert who disagrees with a settled entry keeps a reservation (``Reservation``). Settled entries are published as
numbered, signed releases (``Release``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction


class Step(StrEnum):
    """Where a programme is: the steps of the China–Russia catalogue, in order."""

    EXCHANGE = "exchange"  # the parties exchange their lists of standards
    TRANSLATION = "translation"
    COMPARISON = "comparison"
    ANALYSIS = "analysis"
    REVIEW = "review"  # joint review: the Delphi rounds
    SIGNATURE = "signature"  # joint signature: releases


STEPS = tuple(Step)


class EntryDegree(StrEnum):
    """The degree an entry proposes or settles on (ISO/IEC Guide 21-1), or that the two are not equivalent."""

    IDT = "IDT"
    MOD = "MOD"
    NEQ = "NEQ"
    NOT_EQUIVALENT = "not-equivalent"


class Basis(StrEnum):
    """What an entry rests on."""

    ADOPTION = "adoption"  # one standard adopts the other (or both adopt the same international standard)
    ASSESSMENT = "assessment"  # an equivalence assessment: verdict, evidence and assessors are recorded
    AGREEMENT = "agreement"  # a reciprocal agreement between the parties


class RelationKind(StrEnum):
    """Where the relation is not an adoption: how one party's standard serves the other party."""

    REFERENCED = "referenced"  # referenced by the other party's regulation or standard
    RECOGNISED = "recognised"  # recognised as meeting the other party's requirements
    CONVERTED = "converted"  # converted into the other party's standard
    PROTOCOL = "protocol"  # used as the technical specification of a protocol of the other party


class Origin(StrEnum):
    """How an entry came into the draft."""

    DECLARED = "declared"  # a relation the catalogue holds (an adoption declared by one of the standards)
    IDENTIFIER = "identifier"  # the identifier names the counterpart (GB/T 19001-2016 ... ISO 9001:2015)
    SUGGESTED = "suggested"  # ranked by the bulk suggester
    IMPORTED = "imported"  # a row of an uploaded list of pairs
    MANUAL = "manual"  # added by hand


class EntryState(StrEnum):
    """Where an entry is in the review."""

    DRAFT = "draft"  # not yet put to a round
    IN_REVIEW = "in-review"  # in an open round, or waiting for the next
    SETTLED = "settled"  # the consensus rule was met
    NO_CONSENSUS = "no-consensus"  # the rounds ran out: the positions held are recorded


class Stage(StrEnum):
    """How far the parties have come with a pair of standards (the four stages of soft connectivity)."""

    RECOGNITION = "recognition"  # the pair is identified
    COMMONALITY = "commonality"  # compared, differences recorded
    SHARING = "sharing"  # settled and published: mutually recognised
    SYMBIOSIS = "symbiosis"  # jointly developed or jointly revised by the parties


class MemberRole(StrEnum):
    COORDINATOR = "coordinator"
    EXPERT = "expert"


class Visibility(StrEnum):
    PUBLIC = "public"  # anyone may read the programme page and its releases
    MEMBERS = "members"  # only signed-in members of the programme


@dataclass(frozen=True, slots=True)
class Party:
    """One side of a programme: ``code`` is how entries name it (a country code such as CN, or a body such as
    SAC); ``bodies`` the issuing bodies whose standards are this party's (SAC for CN; GOST R / Rosstandart ...);
    ``language`` the language its titles and experts' answers are in (zh, en, ru ...)."""

    code: str
    name: str
    language: str
    bodies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Scope:
    """What a programme covers; an entry is in scope when one of its standards is."""

    ics: tuple[str, ...] = ()  # ICS codes or prefixes (25, 29.020)
    committees: tuple[str, ...] = ()  # ISO/IEC committees (ISO/TC 20)
    standards: tuple[str, ...] = ()  # edition keys of an uploaded list
    product_classes: tuple[str, ...] = ()  # thematic programmes: masks, protective clothing, gloves ...


@dataclass(frozen=True, slots=True)
class ConsensusRule:
    """When an entry is settled: at least ``share`` of the experts of *each* party who answered give the same
    degree, with at least ``min_answers`` answers from each party; after ``max_rounds`` rounds without it, the
    entry is recorded as reaching no consensus."""

    share: Fraction = Fraction(2, 3)
    min_answers: int = 2
    max_rounds: int = 3


@dataclass(slots=True)
class Programme:
    id: int | None
    slug: str  # how URLs and the CLI name it: cn-ru-aircraft
    title: dict[str, str]  # by language: {"en": ..., "zh": ...}
    parties: tuple[Party, ...]
    scope: Scope
    rule: ConsensusRule
    coordinator_id: int | None
    step: Step = Step.EXCHANGE
    visibility: Visibility = Visibility.PUBLIC
    review_period_months: int | None = None  # a full re-review round is due this long after a release
    signing_key_id: str | None = None  # the public key's fingerprint; the private key is kept by the platform
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class Member:
    programme_id: int
    user_id: int
    role: MemberRole
    party: str | None  # a party's code; None for a coordinator who speaks for no party
    language: str


@dataclass(frozen=True, slots=True)
class EntryStandard:
    """One party's standard of an entry, as the catalogue named it when the entry was made."""

    party: str
    edition_key: str
    identifier: str


@dataclass(slots=True)
class Assessment:
    """An equivalence assessment behind an entry whose basis is ``assessment``."""

    verdict: str
    evidence: str
    assessors: tuple[str, ...] = ()


@dataclass(slots=True)
class Entry:
    id: int | None
    programme_id: int
    standards: tuple[EntryStandard, ...]  # one per party
    proposed: EntryDegree
    origin: Origin
    basis: Basis
    state: EntryState = EntryState.DRAFT
    stage: Stage = Stage.RECOGNITION
    degree: EntryDegree | None = None  # settled degree
    kind: RelationKind | None = None  # where the basis is not an adoption
    assessment: Assessment | None = None
    score: float | None = None  # the suggester's score, for suggested entries
    evidence: tuple[str, ...] = ()  # what the catalogue showed: the clues of a suggestion, the declared relation
    product_class: str | None = None
    differences: str = ""  # the technical differences agreed when settled
    transition_from: str | None = None  # ISO dates: a transition or exemption period, published with the entry
    transition_until: str | None = None
    needs_review: str | None = None  # why an import put a settled entry back to review (None: it need not)
    rounds_taken: int = 0
    created_at: str = ""

    def standard_of(self, party: str) -> EntryStandard | None:
        return next((s for s in self.standards if s.party == party), None)


@dataclass(slots=True)
class Round:
    id: int | None
    programme_id: int
    number: int  # 1, 2, ... within the programme
    deadline: str  # ISO date-time (UTC): answers after it are refused
    entry_ids: tuple[int, ...]
    opened_by: int | None
    opened_at: str
    closed_at: str | None = None
    closed_by: int | None = None
    full_review: bool = False  # the periodic re-review of every entry


@dataclass(slots=True)
class Answer:
    """One expert's answer on one entry in one round; ``degree`` None is a skip (outside their competence)."""

    round_id: int
    entry_id: int
    user_id: int
    party: str
    degree: EntryDegree | None
    confidence: int | None  # 1-5
    differences: str = ""
    clauses: tuple[str, ...] = ()  # clause numbers the differences are tied to, when the texts were compared
    comment: str = ""
    at: str = ""


@dataclass(frozen=True, slots=True)
class Reservation:
    """An expert's recorded disagreement with a settled entry: published with it."""

    entry_id: int
    user_id: int
    party: str
    degree: EntryDegree | None
    reason: str
    at: str


@dataclass(slots=True)
class Release:
    """A published version of a programme's settled entries: ``document`` is the canonical JSON that is signed
    (``signature``: Ed25519 over its RFC 8785 form, base64), ``audit_seq``/``audit_hash`` the head of the audit log
    at publication."""

    id: int | None
    programme_id: int
    number: int  # v1, v2 ...
    document: dict[str, object]
    signature: str
    public_key: str
    audit_seq: int
    audit_hash: str
    published_by: int | None
    published_at: str
    notes: dict[str, object] = field(default_factory=dict)  # stage_counts: entries per stage at publication
