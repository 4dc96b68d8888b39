"""How compatible two standards systems are: for two bodies or countries, overall and per ICS field, the share
of one system's standards that have a counterpart in the other, by kind of link, and how much knowing a standard
of one tells about the other's (normalised mutual information).

``compatibility(catalog, Scope("body", "ISO"), Scope("country", "JP"))`` answers with a ``Compatibility``.

**The link of a standard.** Every standard ``a`` of A gets the strongest link it has to a standard of B::

    same > IDT > MOD > EQV > NEQ > declared > suggested > none

``same``       ``a`` is itself a standard of B (a joint publication, such as ISO/IEC 27001 for ISO and IEC)
``IDT`` ...    a declared link — an adoption either way, or an ``equivalent`` relation (from a mutual-recognition
               catalogue, or a suggestion somebody accepted) — of that degree; a path of two declared links
               through a common original (A adopts X, B adopts X) has the degree of its weaker link
``declared``   a declared link whose degree the source does not give
``suggested``  no declared link, but a suggested counterpart scoring at least ``threshold``
               (``bulk_suggest.SUGGESTION_THRESHOLD``, 0.6 by default): see ``bulk_suggest`` for how
``none``       nothing

The parts, each readable alone:

    scope.py        which standards make a system: ``Scope``, ``scope_members``
    links.py        the kinds of link, the declared links (whole-catalogue passes, stand-ins) and the suggested ones
    shares.py       the shares of each system's standards by kind of link, overall and per ICS field
    information.py  the mutual information of the two systems through their links, with its formulas
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from stdbridge.analytics.compatibility.information import (
    Information,
    information_between,
    mutual_information,
    normalised_mutual_information,
)
from stdbridge.analytics.compatibility.links import (
    DECLARED_KINDS,
    KINDS,
    Link,
    declared_links,
    link_list,
    suggested_links,
)
from stdbridge.analytics.compatibility.scope import MEMBERS, SCOPE_KINDS, Scope, no_members_message, scope_members
from stdbridge.analytics.compatibility.shares import (
    Coverage,
    FieldCompatibility,
    best_kind,
    counterparts,
    coverage_of,
    figures_by_field,
    links_by_side,
)
from stdbridge.catalog import Catalog
from stdbridge.catalog.links import kind_label
from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.runtime import without_cycle_collection

_ICS_CODE = re.compile(r"\d{2}(\.\d{3}(\.\d{2})?)?")


@dataclass(slots=True)
class Compatibility:
    a: Scope
    b: Scope
    members: str
    ics: str | None
    threshold: float | None  # None when suggestions were not sought
    a_to_b: Coverage
    b_to_a: Coverage
    information: Information
    declared_information: Information
    fields: list[FieldCompatibility]
    unclassified: dict[str, int]  # "a", "b" -> standards without ICS code
    links: list[Link] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self, *, links: bool = False) -> dict[str, Any]:
        """The figures as JSON; ``links=True`` adds every pair found (large for whole bodies)."""
        found: dict[str, Any] = {
            "a": {**self.a.to_json(), "standards": self.a_to_b.standards},
            "b": {**self.b.to_json(), "standards": self.b_to_a.standards},
            "members": self.members,
            "ics": self.ics,
            "threshold": self.threshold,
            "kinds": list(KINDS),
            "a_to_b": self.a_to_b.to_json(),
            "b_to_a": self.b_to_a.to_json(),
            "information": self.information.to_json(),
            "declared_information": self.declared_information.to_json(),
            "fields": [f.to_json() for f in self.fields],
            "unclassified": dict(self.unclassified),
            "seconds": round(self.seconds, 3),
        }
        if links:
            found["links"] = [link.to_json() for link in self.links]
        return found


# the whole question ----------------------------------------------------------------------------------------------
def compatibility(
    catalog: Catalog,
    a: Scope,
    b: Scope,
    ics: str | None = None,
    *,
    members: str = "current",
    threshold: float | None = SUGGESTION_THRESHOLD,
    progress: Progress = NO_PROGRESS,
) -> Compatibility:
    """How compatible system ``a`` is with system ``b`` (see the package); ``threshold=None`` seeks no
    suggested counterparts (declared links only); ``progress`` hears of each step."""
    # Hundreds of thousands of acyclic objects: the cycle collector would rescan them all, again and again.
    with without_cycle_collection():
        return _compatibility(catalog, a, b, ics, members, threshold, progress)


def _compatibility(
    catalog: Catalog, a: Scope, b: Scope, ics: str | None, members: str, threshold: float | None, progress: Progress
) -> Compatibility:
    started = time.perf_counter()
    if members not in MEMBERS:
        raise UsageError(_("unknown choice of standards '{value}'; use one of: {values}").format(
            value=members, values=", ".join(MEMBERS)))  # fmt: skip
    if ics is not None:
        ics = ics.strip()
        if not _ICS_CODE.fullmatch(ics):
            raise UsageError(_("not an ICS code: '{value}' (a field 35, a group 35.240 or a sub-group 35.240.10)")
                             .format(value=ics[:40]))  # fmt: skip
    if threshold is not None and not 0.0 < threshold <= 1.0:
        raise UsageError(_("the threshold of suggestions must be above 0 and at most 1"))
    progress.step(_("Gathering the standards of {system}").format(system=a.code))
    side_a = {s.id: s for s in scope_members(catalog, a, members=members, ics=ics) if s.id is not None}
    progress.step(_("Gathering the standards of {system}").format(system=b.code))
    side_b = {s.id: s for s in scope_members(catalog, b, members=members, ics=ics) if s.id is not None}
    for scope, side in ((a, side_a), (b, side_b)):
        if not side:
            raise NotFound(no_members_message(catalog, scope, ics))
    progress.step(_("Following declared links"))
    declared = declared_links(catalog, side_a, side_b)
    suggested: dict[tuple[int, int], float] = {}
    if threshold is not None:
        suggested = suggested_links(catalog, side_a, side_b, declared, threshold, progress)
    progress.step(_("Working out the figures"))
    a_links, b_links = links_by_side(side_a, side_b, declared, suggested)
    a_kind = {x: best_kind(a_links[x]) for x in side_a}
    b_kind = {y: best_kind(b_links[y]) for y in side_b}
    a_all, b_all = counterparts(a_links, declared_only=False), counterparts(b_links, declared_only=False)
    a_declared, b_declared = counterparts(a_links, declared_only=True), counterparts(b_links, declared_only=True)
    fields, unclassified = figures_by_field(catalog, side_a, side_b, a_kind, b_kind, a_all, b_all, ics)
    return Compatibility(
        a=a, b=b, members=members, ics=ics, threshold=threshold,
        a_to_b=coverage_of(a_kind.values()), b_to_a=coverage_of(b_kind.values()),
        information=information_between(a_all, b_all),
        declared_information=information_between(a_declared, b_declared),
        fields=fields, unclassified=unclassified,
        links=link_list(side_a, side_b, declared, suggested),
        seconds=time.perf_counter() - started,
    )  # fmt: skip


__all__ = [
    "DECLARED_KINDS",
    "KINDS",
    "MEMBERS",
    "SCOPE_KINDS",
    "Compatibility",
    "Coverage",
    "FieldCompatibility",
    "Information",
    "Link",
    "Scope",
    "compatibility",
    "declared_links",
    "information_between",
    "kind_label",
    "mutual_information",
    "normalised_mutual_information",
    "scope_members",
]
