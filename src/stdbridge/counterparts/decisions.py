"""The decisions people made about a standard's suggested counterparts, as the record page, ``stdbridge show`` and
``stdbridge decisions`` show them: every one, oldest first, with who, when and why; which of them stands; and who
accepted each counterpart that a decision (not a source) made."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stdbridge.i18n import _
from stdbridge.models import Decision, Relation, Verdict

REVIEW = "review"  # the dataset of relations that people accepted (``Suggester.decide`` writes them)


@dataclass(slots=True)
class DecisionHistory:
    """The decisions about one work (``Store.decision_history``)."""

    work_key: str
    decisions: list[Decision]

    def __bool__(self) -> bool:
        return bool(self.decisions)

    def __iter__(self) -> Iterator[Decision]:
        return iter(self.decisions)

    def other_key(self, decision: Decision) -> str:
        """The edition on the other side of ``decision`` from this work."""
        return decision.target_key if decision.source_work == self.work_key else decision.source_key

    def stands(self, decision: Decision) -> bool:
        """Whether ``decision`` is the latest about its pair (a later one replaced it otherwise)."""
        pair = (decision.source_key, decision.target_key)
        return next(d for d in reversed(self.decisions) if (d.source_key, d.target_key) == pair) is decision

    def acceptance(self, relation: Relation) -> Decision | None:
        """The decision that made ``relation``, when a person accepted it as a counterpart (not a source)."""
        if relation.dataset != REVIEW:
            return None
        for decision in reversed(self.decisions):
            if (decision.source_key, decision.target_key) == (relation.source_key, relation.target_key):
                return decision if decision.verdict == Verdict.ACCEPTED else None
        return None


def evidence_label(relation: Relation, history: DecisionHistory) -> str:
    """Why a relation holds, for people: who accepted it and when, when a person's decision made it; else its
    evidence (declared by a source, implied by the identifier, derived)."""
    accepted = history.acceptance(relation)
    if accepted is None:
        return _(relation.evidence.value)
    return _("an accepted suggestion: accepted by {by} on {date}").format(by=accepted.by, date=accepted.at[:10])
