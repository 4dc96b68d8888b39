"""The Delphi arithmetic of a review round: what the experts are shown once a round closes, and whether the
programme's consensus rule settles an entry. Pure functions over ``Answer`` records, no I/O.

Degrees are ordinal, from most to least equivalent: IDT > MOD > NEQ > not-equivalent (``RANK``). A skip (an answer
whose ``degree`` is None: outside the expert's competence) is shown as a skip and never counts as an answer.

The feedback of an entry (``feedback``) is anonymous: counts per degree, per party, the median degree and the
spread (the number of ordinal steps between the lowest and the highest degree given), the median and range of the
confidences, and the comments sorted by their text (so their order tells nothing about who wrote first) with the
party that wrote each but never the person.

The rule (``decide``) settles an entry on a degree when, in *each* party, at least ``rule.min_answers`` experts
answered and at least ``rule.share`` of those who answered gave that same degree. When the share is one half or
less, two degrees can both reach it in a party (a tie); the entry is settled only when exactly one degree reaches
it in every party, otherwise it goes on. An entry not settled in round ``rule.max_rounds`` reaches no consensus.

Two experts of each party, both agree on MOD:

>>> from fractions import Fraction
>>> from stdbridge.recognition.model import Answer, ConsensusRule, EntryDegree as D
>>> def vote(user, party, degree, confidence=4, comment=""):
...     return Answer(1, 10, user, party, degree, confidence if degree else None, comment=comment)
>>> rule = ConsensusRule(share=Fraction(2, 3), min_answers=2, max_rounds=3)
>>> answers = [vote(1, "CN", D.MOD), vote(2, "CN", D.MOD), vote(3, "RU", D.MOD), vote(4, "RU", D.MOD)]
>>> decide(answers, ("CN", "RU"), rule, round_number=1)
Decision(outcome='settled', degree=<EntryDegree.MOD: 'MOD'>, reasons=())

Two of three Russian experts is two thirds, enough; one of two Chinese experts is not:

>>> answers[3] = vote(4, "RU", D.IDT)
>>> answers.append(vote(5, "RU", D.MOD))
>>> decide(answers, ("CN", "RU"), rule, round_number=1).outcome
'settled'
>>> answers[1] = vote(2, "CN", D.NEQ)
>>> d = decide(answers, ("CN", "RU"), rule, round_number=1)
>>> d.outcome, d.degree, d.reasons
('open', None, (('CN', 'no-majority'),))

In the last round the same answers reach no consensus:

>>> decide(answers, ("CN", "RU"), rule, round_number=3).outcome
'no-consensus'

The feedback shown after closing: the median of MOD, MOD, IDT, MOD, NEQ is MOD, the spread IDT..NEQ two steps:

>>> f = feedback(10, answers, ("CN", "RU"))
>>> f.median, f.spread, f.by_party["RU"]
(<EntryDegree.MOD: 'MOD'>, 2, {'IDT': 1, 'MOD': 2, 'NEQ': 0, 'not-equivalent': 0})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from stdbridge.recognition.model import Answer, ConsensusRule, EntryDegree

# Ordinal rank of a degree: higher is more equivalent.
RANK: dict[EntryDegree, int] = {
    EntryDegree.IDT: 3,
    EntryDegree.MOD: 2,
    EntryDegree.NEQ: 1,
    EntryDegree.NOT_EQUIVALENT: 0,
}
BY_RANK: dict[int, EntryDegree] = {rank: degree for degree, rank in RANK.items()}
DEGREES = tuple(sorted(RANK, key=lambda d: -RANK[d]))  # IDT, MOD, NEQ, not-equivalent

Outcome = Literal["settled", "open", "no-consensus"]
# Why a party did not settle an entry: too few answers (skips do not count), or no degree reached the share, or
# more than one degree reached it (a tie, possible only when the share is one half or less), or each party reached
# one degree but not the same one ("disagree", given for every party).
PartyReason = Literal["too-few-answers", "no-majority", "tie", "disagree"]


def median_degree(degrees: Sequence[EntryDegree]) -> EntryDegree | None:
    """The median of ordinal degrees; with an even count, the lower of the two middle ones (the more cautious
    claim of equivalence). None when nobody answered.

    >>> median_degree([EntryDegree.IDT, EntryDegree.NEQ])
    <EntryDegree.NEQ: 'NEQ'>
    >>> median_degree([]) is None
    True
    """
    if not degrees:
        return None
    ranks = sorted(RANK[d] for d in degrees)
    return BY_RANK[ranks[(len(ranks) - 1) // 2]]


def _median_int(values: Sequence[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True, slots=True)
class Feedback:
    """What every expert sees of one entry once a round is closed: nobody's name, nobody's own answer."""

    entry_id: int
    answers: int  # answers that gave a degree
    skips: int
    by_degree: dict[str, int]  # degree value -> count, every degree present (0 when nobody gave it)
    by_party: dict[str, dict[str, int]]  # party -> degree value -> count
    skips_by_party: dict[str, int]
    median: EntryDegree | None
    spread: int | None  # ordinal steps between the lowest and the highest degree given (0: all the same)
    confidence_median: float | None
    confidence_range: tuple[int, int] | None
    comments: tuple[tuple[str, str], ...]  # (party, text), sorted by text

    def to_json(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id, "answers": self.answers, "skips": self.skips, "by_degree": self.by_degree,
            "by_party": self.by_party, "skips_by_party": self.skips_by_party,
            "median": None if self.median is None else self.median.value, "spread": self.spread,
            "confidence_median": self.confidence_median,
            "confidence_range": None if self.confidence_range is None else list(self.confidence_range),
            "comments": [{"party": party, "text": text} for party, text in self.comments],
        }  # fmt: skip


def _counts(degrees: Iterable[EntryDegree]) -> dict[str, int]:
    counted = Counter(degrees)
    return {degree.value: counted.get(degree, 0) for degree in DEGREES}


def feedback(entry_id: int, answers: Sequence[Answer], parties: Sequence[str]) -> Feedback:
    """The anonymous feedback of ``entry_id`` from the answers given to it in one round (answers to other
    entries are ignored). Every party of the programme is listed, also one that gave no answer.

    >>> from stdbridge.recognition.model import Answer
    >>> f = feedback(7, [Answer(1, 7, 1, "CN", None, None), Answer(1, 7, 2, "RU", None, None)], ("CN", "RU"))
    >>> f.answers, f.skips, f.median, f.spread, f.skips_by_party
    (0, 2, None, None, {'CN': 1, 'RU': 1})
    """
    mine = [a for a in answers if a.entry_id == entry_id]
    given = [a for a in mine if a.degree is not None]
    degrees = [a.degree for a in given if a.degree is not None]
    ranks = [RANK[d] for d in degrees]
    confidences = [a.confidence for a in given if a.confidence is not None]
    return Feedback(
        entry_id=entry_id,
        answers=len(given),
        skips=len(mine) - len(given),
        by_degree=_counts(degrees),
        by_party={p: _counts(a.degree for a in given if a.party == p and a.degree is not None) for p in parties},
        skips_by_party={p: sum(1 for a in mine if a.party == p and a.degree is None) for p in parties},
        median=median_degree(degrees),
        spread=(max(ranks) - min(ranks)) if ranks else None,
        confidence_median=_median_int(confidences),
        confidence_range=(min(confidences), max(confidences)) if confidences else None,
        comments=tuple(sorted(((a.party, a.comment.strip()) for a in mine if a.comment.strip()), key=lambda c: c[1])),
    )


@dataclass(frozen=True, slots=True)
class Decision:
    """What the rule makes of an entry at the close of a round: ``settled`` on ``degree``, ``open`` (to the next
    round) or ``no-consensus`` (the last round passed); ``reasons`` names each party that held it back and why."""

    outcome: Outcome
    degree: EntryDegree | None
    reasons: tuple[tuple[str, PartyReason], ...] = ()


def party_degrees(answers: Sequence[Answer], party: str, rule: ConsensusRule) -> tuple[set[EntryDegree], int]:
    """The degrees that reach ``rule.share`` among the answers (skips excluded) of ``party``, and how many
    answered."""
    given = [a.degree for a in answers if a.party == party and a.degree is not None]
    if not given:
        return set(), 0
    counted = Counter(given)
    return {d for d, n in counted.items() if Fraction(n, len(given)) >= rule.share}, len(given)


def decide(answers: Sequence[Answer], parties: Sequence[str], rule: ConsensusRule, *, round_number: int) -> Decision:
    """Apply ``rule`` to the answers one entry received in round ``round_number`` (see the module's docstring).

    All skips: nobody answered, the entry goes on (or, in the last round, reaches no consensus):

    >>> from stdbridge.recognition.model import Answer, ConsensusRule
    >>> skips = [Answer(1, 7, u, p, None, None) for u, p in ((1, "CN"), (2, "CN"), (3, "RU"), (4, "RU"))]
    >>> decide(skips, ("CN", "RU"), ConsensusRule(), round_number=1)
    Decision(outcome='open', degree=None, reasons=(('CN', 'too-few-answers'), ('RU', 'too-few-answers')))
    """
    if not parties:
        raise ValueError("a programme has parties")
    common: set[EntryDegree] | None = None
    reasons: list[tuple[str, PartyReason]] = []
    for party in parties:
        reached, answered = party_degrees(answers, party, rule)
        if answered < rule.min_answers:
            reasons.append((party, "too-few-answers"))
        elif not reached:
            reasons.append((party, "no-majority"))
        elif len(reached) > 1:
            reasons.append((party, "tie"))
        common = set(reached) if common is None else common & reached
    if not reasons and common is not None and len(common) == 1:
        return Decision("settled", next(iter(common)))
    if not reasons:
        # each party reached one degree, but not the same one
        reasons = [(party, "disagree") for party in parties]
    outcome: Outcome = "no-consensus" if round_number >= rule.max_rounds else "open"
    return Decision(outcome, None, tuple(reasons))
