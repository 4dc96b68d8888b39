"""The records of the country profiles that the store keeps: a fact of a profile with its source and date, and
the kinds of facts there are (``stdbridge.profiles.facts`` reads and changes them). No I/O here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stdbridge.i18n import _


def _kinds() -> dict[str, Callable[[], str]]:
    return {
        "iso-membership": lambda: _("ISO membership"),
        "iec-membership": lambda: _("IEC membership"),
        "itu-membership": lambda: _("ITU membership"),
        "iso-committees-participating": lambda: _("ISO committees it takes part in (P-member)"),
        "iso-committees-observing": lambda: _("ISO committees it observes (O-member)"),
        "iso-secretariats": lambda: _("ISO committee secretariats it holds"),
        "iaf-mla": lambda: _("IAF MLA signatory"),
        "ilac-mra": lambda: _("ILAC MRA signatory"),
        "wto-tbt-enquiry-point": lambda: _("WTO TBT enquiry point"),
        "bilateral-agreement": lambda: _("Bilateral agreement on standards"),
        "national-body-site": lambda: _("National standards body's site"),
    }


FACT_KINDS = tuple(_kinds())
DOCKING_KINDS = ("bilateral-agreement", "iaf-mla", "ilac-mra")  # the mechanisms of docking (profiles.capacity)


def kind_label(kind: str) -> str:
    """What a kind of fact is called, in the current language."""
    label = _kinds().get(kind)
    return label() if label else kind


@dataclass(slots=True)
class ProfileFact:
    """One fact of a country's profile, with where it was taken from and when the source said it."""

    country: str
    kind: str
    value: str
    source: str
    date: str
    id: int | None = None
    updated_by: str = ""
    updated_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "country": self.country, "kind": self.kind, "label": kind_label(self.kind),
                "value": self.value, "source": self.source, "date": self.date, "updated_by": self.updated_by,
                "updated_at": self.updated_at}  # fmt: skip


__all__ = ["DOCKING_KINDS", "FACT_KINDS", "ProfileFact", "kind_label"]
