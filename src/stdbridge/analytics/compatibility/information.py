"""How much knowing a standard of one system tells about the other's: the mutual information of the two systems
through their links, in bits and normalised.

**Mutual information** (``mutual_information``, in bits, and ``normalised_mutual_information``). Let ``X`` be a
standard of A drawn uniformly (``|A| = n``) and ``Y`` a standard of B drawn given ``X = a``: uniformly among the
counterparts ``C(a)`` of ``a`` in B (its declared ones, else its suggested ones) when it has any, else uniformly
among all of B (``|B| = m``) — knowing ``a`` then says nothing. Then::

    P(Y = b)   = (1/n) · ( Σ_{a : b ∈ C(a)} 1/|C(a)|  +  u/m )          u = number of a without counterpart
    H(Y)       = − Σ_b P(b) log2 P(b)
    H(Y | X)   = (1/n) · ( Σ_{a with C(a)} log2 |C(a)|  +  u · log2 m )
    I(X; Y)    = H(Y) − H(Y | X)
    NMI(A→B)   = I(X; Y) / log2 min(n, m)           (0 when min(n, m) = 1: one side has nothing to tell apart)

``H(Y)`` is computed from the counterpart weights and the constant spread ``u/(n·m)`` that every standard of B
receives, never from an ``n × m`` table. Properties: ``0 ≤ I ≤ log2 min(n, m)`` (``I ≤ H(X) = log2 n`` and
``I ≤ H(Y) ≤ log2 m``), so ``NMI`` lies in ``[0, 1]``. ``NMI = 0`` when no standard of A has a counterpart, and
when all of them have the same single counterpart. ``NMI = 1`` (for ``n ≤ m``) exactly when every standard of A
has a counterpart and no two share one — the counterparts map A one-to-one into B (a standard with several
counterparts of its own keeps ``NMI = 1``: any of them still names it); for ``n > m``, when the standards of A
spread evenly over all of B with one counterpart each. It is *not symmetric*: ``X`` is drawn from A's side, so
``NMI(B→A)`` (the same links, read from B) differs in general: if each of a country's ``n`` standards adopts
its own ISO standard, a tenth of ISO's ``m = 10 n``, then ``NMI(country→ISO) = 1`` while ``NMI(ISO→country) =
n/m = 0.1`` (``P(Y) = 1/n`` on the country's standards, ``I = (n/m) log2 n``): nine ISO standards in ten tell
nothing about it. ``symmetric`` is the mean of the two. ``information`` counts every counterpart;
``declared_information`` the declared ones only. The per-field figures restrict both sides to the field
(counterparts outside it are not counted there).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Information:
    """Mutual information of the two systems' standards through their links, both ways (see the module)."""

    a_to_b_bits: float
    b_to_a_bits: float
    a_to_b: float  # NMI(A→B), 0..1
    b_to_a: float  # NMI(B→A), 0..1

    @property
    def symmetric(self) -> float:
        return (self.a_to_b + self.b_to_a) / 2

    def to_json(self) -> dict[str, Any]:
        return {
            "a_to_b": {"bits": round(self.a_to_b_bits, 6), "normalised": round(self.a_to_b, 6)},
            "b_to_a": {"bits": round(self.b_to_a_bits, 6), "normalised": round(self.b_to_a, 6)},
            "symmetric": round(self.symmetric, 6),
        }


# the formulas ---------------------------------------------------------------------------------------------------
def mutual_information(counterparts: Sequence[Collection[Hashable]], targets: int) -> float:
    """I(X; Y) in bits, X uniform over the sources (one per item of ``counterparts``), Y uniform over the
    counterparts of X when it has any, else over all ``targets`` standards of the other system. Every
    counterpart must be one of those ``targets``."""
    n, m = len(counterparts), targets
    if n == 0 or m <= 0:
        return 0.0
    weights: dict[Hashable, float] = defaultdict(float)
    conditional: list[float] = []
    unmatched = 0
    for found in counterparts:
        if found:
            share = 1.0 / len(found)
            for b in found:
                weights[b] += share
            conditional.append(math.log2(len(found)))
        else:
            unmatched += 1
    if len(weights) > m:
        raise ValueError(f"{len(weights)} distinct counterparts among {m} targets")
    spread = unmatched / m  # what each target gets from the sources without counterpart
    terms = [_plogp((w + spread) / n) for w in weights.values()]
    terms.append((m - len(weights)) * _plogp(spread / n))
    entropy = -math.fsum(terms)
    conditional_entropy = math.fsum([*conditional, unmatched * math.log2(m)]) / n
    return max(0.0, entropy - conditional_entropy)  # a rounding error must not show as negative information


def normalised_mutual_information(counterparts: Sequence[Collection[Hashable]], targets: int) -> float:
    """``mutual_information`` divided by its largest possible value, log2 min(n, m): 0 … 1 (see the module)."""
    most = min(len(counterparts), targets)
    if most <= 1:
        return 0.0
    return min(1.0, mutual_information(counterparts, targets) / math.log2(most))


def _plogp(p: float) -> float:
    return p * math.log2(p) if p > 0 else 0.0


def information_between(a_counterparts: dict[int, set[int]], b_counterparts: dict[int, set[int]]) -> Information:
    """Both directions' mutual information, from each side's counterparts (every standard of a side a key)."""
    a_lists, b_lists = list(a_counterparts.values()), list(b_counterparts.values())
    a_bits = mutual_information(a_lists, len(b_lists))
    b_bits = mutual_information(b_lists, len(a_lists))
    return Information(
        a_bits, b_bits,
        normalised_mutual_information(a_lists, len(b_lists)), normalised_mutual_information(b_lists, len(a_lists)),
    )  # fmt: skip
