"""The shares of each system's standards by the kind of their strongest link to the other, overall and per ICS
field, and each standard's counterparts ``C(x)``, from which ``information`` draws its figures.

**Shares.** For each direction, the number and share of the standards of one system by the kind of their
strongest link to the other (every kind, ``none`` included, so the shares add up to 1); ``with_counterpart`` is
one minus the share of ``none``. Per ICS field (top level, or the next level down when ``ics`` is given), with the
field's titles: a standard classified in two fields counts in each; one without ICS code in none
(``unclassified`` says how many). A standard's counterpart may be classified elsewhere: the share of a field is
that of its standards with a counterpart anywhere in the other system.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stdbridge.analytics.compatibility.information import Information, information_between
from stdbridge.analytics.compatibility.links import DECLARED_KINDS, KINDS, STRENGTH, Declared
from stdbridge.analytics.overview import ics_field_names_zh
from stdbridge.catalog import Catalog
from stdbridge.models import Standard

_NEXT_LEVEL = {0: 2, 2: 6, 6: 9, 9: 9}  # width of an ICS code -> width of the codes one level down


@dataclass(frozen=True, slots=True)
class Coverage:
    """The standards of one system by the kind of their strongest link to the other."""

    standards: int
    counts: dict[str, int]  # every kind of ``KINDS``, in that order

    @property
    def with_counterpart(self) -> int:
        return self.standards - self.counts["none"]

    @property
    def declared(self) -> int:
        return sum(self.counts[k] for k in DECLARED_KINDS)

    def share(self, kind: str) -> float:
        return self.counts[kind] / self.standards if self.standards else 0.0

    def to_json(self) -> dict[str, Any]:
        whole = self.standards or 1
        return {
            "standards": self.standards,
            "with_counterpart": self.with_counterpart,
            "share": round(self.with_counterpart / whole, 4),
            "declared": self.declared,
            "declared_share": round(self.declared / whole, 4),
            "counts": dict(self.counts),
            "shares": {k: round(v / whole, 4) for k, v in self.counts.items()},
        }


@dataclass(frozen=True, slots=True)
class FieldCompatibility:
    """The figures of one ICS field (or group, or sub-group)."""

    code: str
    titles: dict[str, str]
    a_to_b: Coverage
    b_to_a: Coverage
    information: Information

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "titles": self.titles,
            "a_to_b": self.a_to_b.to_json(),
            "b_to_a": self.b_to_a.to_json(),
            "information": self.information.to_json(),
        }


# each standard's links, from the pairs ------------------------------------------------------------------------
@dataclass(slots=True)
class _SideLinks:
    declared: dict[int, str] = field(default_factory=dict)  # other side's id -> kind
    suggested: set[int] = field(default_factory=set)


def links_by_side(
    side_a: dict[int, Standard], side_b: dict[int, Standard], declared: dict[tuple[int, int], Declared],
    suggested: dict[tuple[int, int], float],
) -> tuple[dict[int, _SideLinks], dict[int, _SideLinks]]:  # fmt: skip
    a_links = {x: _SideLinks() for x in side_a}
    b_links = {y: _SideLinks() for y in side_b}
    for (a, b), link in declared.items():
        a_links[a].declared[b] = link.kind
        b_links[b].declared[a] = link.kind
    for a, b in suggested:
        a_links[a].suggested.add(b)
        b_links[b].suggested.add(a)
    return a_links, b_links


def best_kind(links: _SideLinks) -> str:
    if links.declared:
        return max(links.declared.values(), key=STRENGTH.__getitem__)
    return "suggested" if links.suggested else "none"


def counterparts(links: dict[int, _SideLinks], *, declared_only: bool) -> dict[int, set[int]]:
    """C(x) of every standard of a side: its declared counterparts, else its suggested ones (see ``information``)."""
    if declared_only:
        return {x: set(found.declared) for x, found in links.items()}
    return {x: set(found.declared) or set(found.suggested) for x, found in links.items()}


def coverage_of(kinds: Iterable[str]) -> Coverage:
    counts = dict.fromkeys(KINDS, 0)
    total = 0
    for kind in kinds:
        counts[kind] += 1
        total += 1
    return Coverage(total, counts)


def figures_by_field(
    catalog: Catalog, side_a: dict[int, Standard], side_b: dict[int, Standard], a_kind: dict[int, str],
    b_kind: dict[int, str], a_all: dict[int, set[int]], b_all: dict[int, set[int]], ics: str | None,
) -> tuple[list[FieldCompatibility], dict[str, int]]:  # fmt: skip
    width = _NEXT_LEVEL[len(ics or "")]
    a_fields, b_fields = _fields_of(side_a, width, ics), _fields_of(side_b, width, ics)
    codes = sorted(a_fields.keys() | b_fields.keys())
    titles = _ics_titles(catalog, codes)
    fields = []
    for code in codes:
        a_in, b_in = a_fields.get(code, []), b_fields.get(code, [])
        a_set, b_set = set(a_in), set(b_in)
        information = information_between({x: a_all[x] & b_set for x in a_in}, {y: b_all[y] & a_set for y in b_in})
        fields.append(FieldCompatibility(
            code, titles.get(code, {}), coverage_of(a_kind[x] for x in a_in), coverage_of(b_kind[y] for y in b_in),
            information,
        ))  # fmt: skip
    unclassified = {
        "a": sum(1 for s in side_a.values() if not s.ics),
        "b": sum(1 for s in side_b.values() if not s.ics),
    }
    return fields, unclassified


def _fields_of(side: dict[int, Standard], width: int, within: str | None) -> dict[str, list[int]]:
    """The standards of each ICS code of the given width (a standard in two counts in both)."""
    found: dict[str, list[int]] = defaultdict(list)
    for x, s in side.items():
        for code in {c[:width] for c in s.ics if len(c) >= width and (not within or c.startswith(within))}:
            found[code].append(x)
    return found


def _ics_titles(catalog: Catalog, codes: list[str]) -> dict[str, dict[str, str]]:
    entries = catalog.classes("ICS", codes)
    chinese = ics_field_names_zh()
    titles = {}
    for code in codes:
        found = dict(entries[code].titles) if code in entries else {}
        if code in chinese and "zh" not in found:
            found["zh"] = chinese[code]
        titles[code] = found
    return titles
