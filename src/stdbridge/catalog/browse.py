"""Browsing the catalogue without a query: the ICS and CCS trees with the number of standards under each node, and
committees with what they publish and prepare.

``branch(store, search, scheme, code)`` is one node of a classification (``code`` None: the top level): its
ancestors, its children, and the records filed under each (every level counted, from the search index's facet
columns). ``committee(store, search, code)`` is one committee (an ISO or IEC committee, a SAC/TC, or the 归口单位
of GB records): its title and scope where the catalogue holds them, the committees above and under it, and its
records by status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.models import ClassEntry, Status

if TYPE_CHECKING:
    from stdbridge.search.engine import Search
    from stdbridge.store import Store

SCHEMES = {"ics": ("ICS", "ics"), "ccs": ("CCS", "ccs")}  # what a reader types -> (class scheme, index field)
_ICS_CODE = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
_CCS_CODE = re.compile(r"^[A-Z](\d{2}(/\d{2})?)?$")
_PUBLISHED = frozenset({Status.IN_FORCE.value, Status.ANNOUNCED.value, Status.REPLACED.value,
                        Status.WITHDRAWN.value, Status.UNKNOWN.value})  # fmt: skip
_IN_PROGRESS = frozenset({Status.UNDER_DEVELOPMENT.value})


@dataclass(slots=True)
class Node:
    """A node of a classification with the number of catalogue records filed under it (its sub-nodes included)."""

    entry: ClassEntry
    records: int


@dataclass(slots=True)
class Branch:
    scheme: str  # "ICS" or "CCS"
    node: Node | None  # None: the top level
    ancestors: list[ClassEntry]  # from the top down
    children: list[Node]
    total: int  # records filed under any code of the scheme (top level) or under the node


def read_scheme(name: str) -> tuple[str, str]:
    """(class scheme, index field) of ``ics`` or ``ccs``, in any case; a usage error for anything else."""
    found = SCHEMES.get(name.strip().lower())
    if found is None:
        raise UsageError(_("unknown classification '{value}'; use one of: {values}").format(
            value=name, values="ics, ccs"))  # fmt: skip
    return found


def branch(store: Store, search: Search, scheme_name: str, code: str | None = None) -> Branch:
    """One node of the ICS or the CCS (its top level when ``code`` is None), with its children and their counts."""
    scheme, field_name = read_scheme(scheme_name)
    code = code.strip() if code else None
    if code is not None and not (_ICS_CODE if scheme == "ICS" else _CCS_CODE).match(code):
        raise UsageError(_("'{value}' is not a code of the {scheme}").format(value=code[:40], scheme=scheme))
    counts = search.class_counts(field_name)
    entry = store.classes(scheme, [code]).get(code) if code else None
    if code is not None and entry is None:
        raise NotFound(_("the {scheme} has no code '{value}'").format(scheme=scheme, value=code))
    ancestors: list[ClassEntry] = []
    parent = entry.parent if entry is not None else None
    while parent:
        above = store.classes(scheme, [parent]).get(parent)
        if above is None or above in ancestors:
            break
        ancestors.insert(0, above)
        parent = above.parent
    children = [Node(e, counts.get(e.code, 0)) for e in store.class_children(scheme, code)]
    node = Node(entry, counts.get(entry.code, 0)) if entry is not None else None
    total = node.records if node is not None else counts.get("", 0)
    return Branch(scheme, node, ancestors, children, total)


@dataclass(slots=True)
class Committee:
    code: str
    titles: dict[str, str]  # {} when the catalogue does not describe it (a SAC/TC or 归口单位 named by records)
    data: dict[str, object]  # scope, secretariat, status, creation date where known
    above: list[ClassEntry]  # from the top down
    under: list[Node]  # its sub-committees with their records
    records: int
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def published(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in _PUBLISHED)

    @property
    def in_progress(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in _IN_PROGRESS)


def committee(store: Store, search: Search, code: str) -> Committee:
    """A committee: what the catalogue holds of it and the number of its records by status; ``NotFound`` when the
    catalogue neither describes it nor holds a record of it."""
    from stdbridge.search.engine import Filters

    code = " ".join(code.split())
    if not code or len(code) > 200:
        raise UsageError(_("give a committee, for example 'ISO/TC 176' or 'IEC/TC 61'"))
    entry = store.classes("committee", [code]).get(code)
    records, facets = search.facet_counts(Filters(committee=(code,)))
    if entry is None and records == 0:
        raise NotFound(_("no committee '{value}' in the catalogue").format(value=code))
    above: list[ClassEntry] = []
    parent = entry.parent if entry is not None else None
    while parent:
        found = store.classes("committee", [parent]).get(parent)
        if found is None or found in above:
            break
        above.insert(0, found)
        parent = found.parent
    counts = search.class_counts("committee")
    under = [Node(e, counts.get(e.code, 0)) for e in store.class_children("committee", code)] if entry else []
    by_status = {v.value: v.count for v in facets.get("status", [])}
    return Committee(code, dict(entry.titles) if entry else {}, dict(entry.data) if entry else {}, above, under,
                     records, by_status)  # fmt: skip


__all__ = ["Branch", "Committee", "Node", "branch", "committee", "read_scheme"]
