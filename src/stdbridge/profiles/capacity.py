"""The four dimensions of a country's capacity to connect its standards with others', as indicators of its profile.

Each indicator has a value, the counts it is made of, its formula and its data source (docs/profiles.md says the
same, with a worked example). ``R`` is the number of the country's records in the catalogue (every edition of
every document: ``Overview.records``).

``produces``  what it produces that others adopt: the share of its records that a standard of another country or
              region adopts, ``adopted / R`` (``adopts`` relations pointing at its records, declared by the source
              or implied by the adopting standard's identifier); with the number of countries that adopt them.
``docking``   the mechanisms it has for docking: the number of mutual-recognition programmes it is a party of plus
              the profile facts of bilateral agreements and of IAF MLA and ILAC MRA signature
              (``programmes + agreements``); a count, not a share.
``absorbs``   what it absorbs: the share of its records adopting a standard of another country or an
              international one, ``adopting / R``, at any degree.
``complies``  how far its rules comply with international ones: the share of its records adopting an
              international standard (of ``INT``: ISO, IEC, ITU ...) identically or modified, ``(IDT + MOD + EQV) /
              R`` counting each record once, with the NEQ share beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stdbridge.i18n import _
from stdbridge.profiles.model import DOCKING_KINDS

if TYPE_CHECKING:
    from stdbridge.profiles.profile import Profile

DIMENSIONS = ("produces", "docking", "absorbs", "complies")


@dataclass(slots=True)
class Indicator:
    key: str
    value: float  # a share 0..1, or a count for "docking"
    numerator: int
    denominator: int | None  # None: the value is a count
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def is_share(self) -> bool:
        return self.denominator is not None

    def title(self) -> str:
        return _TEXTS[self.key][0]()

    def formula(self) -> str:
        return _TEXTS[self.key][1]()

    def source(self) -> str:
        return _TEXTS[self.key][2]()

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title(), "value": round(self.value, 4), "numerator": self.numerator,
                "denominator": self.denominator, "formula": self.formula(), "source": self.source(),
                "detail": self.detail}  # fmt: skip


_TEXTS: dict[str, tuple[Callable[[], str], Callable[[], str], Callable[[], str]]] = {
    "produces": (
        lambda: _("What it produces that others adopt"),
        lambda: _("records that a standard of another country adopts ÷ all its records"),
        lambda: _("adoption relations in the catalogue (declared by the source or implied by the identifier)"),
    ),
    "docking": (
        lambda: _("Mechanisms for docking"),
        lambda: _("mutual-recognition programmes it is a party of + bilateral agreements, IAF MLA and ILAC MRA "
                  "signatures among the profile's facts"),
        lambda: _("the catalogue's mutual-recognition programmes; the profile's facts, each with its source"),
    ),
    "absorbs": (
        lambda: _("What it absorbs"),
        lambda: _("records adopting a standard of another country or an international one ÷ all its records"),
        lambda: _("adoption relations in the catalogue (declared by the source or implied by the identifier)"),
    ),
    "complies": (
        lambda: _("Compliance with international standards"),
        lambda: _("records adopting an international standard as IDT, MOD or EQV ÷ all its records (each record "
                  "once)"),
        lambda: _("adoption relations to ISO, IEC, ITU and other international standards in the catalogue"),
    ),
}  # fmt: skip


def indicators(profile: Profile) -> list[Indicator]:
    """The four indicators of ``profile`` (see the module)."""
    records = profile.records
    adopting_countries = sorted(link.partner for link in profile.links if link.adopted_by.records)
    docking_facts = [f for f in profile.facts if f.kind in DOCKING_KINDS]
    close = profile.international.by_degree
    compliant = _compliant(profile)
    return [
        Indicator("produces", _share(profile.adopted_records, records), profile.adopted_records, records,
                  {"countries": adopting_countries}),
        Indicator("docking", float(len(profile.programmes) + len(docking_facts)),
                  len(profile.programmes) + len(docking_facts), None,
                  {"programmes": [p.slug for p in profile.programmes],
                   "facts": [f"{f.kind}: {f.value}" for f in docking_facts]}),
        Indicator("absorbs", _share(profile.adopting_records, records), profile.adopting_records, records, {}),
        Indicator("complies", _share(compliant, records), compliant, records,
                  {"by_degree": dict(close), "neq_share": round(_share(close["NEQ"], records), 4)}),
    ]  # fmt: skip


def _compliant(profile: Profile) -> int:
    """Its records adopting an international standard at IDT, MOD or EQV, each once (``Profile`` keeps them)."""
    return profile.international_close


def _share(count: int, records: int) -> float:
    return count / records if records else 0.0


__all__ = ["DIMENSIONS", "Indicator", "indicators"]
