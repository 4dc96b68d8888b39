"""The standards systems a reader can pick on the pages — the bodies and the countries the catalogue holds — as
the options of a ``<select>``, and the reading of the value picked.

A value is written as ``compatibility.Scope`` reads it: ``body:ISO``, ``country:CN``.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdbridge.analytics.compatibility import Scope
from stdbridge.i18n import _
from stdbridge.search.engine import FacetValue
from stdbridge.web.names import body_name, country_name


@dataclass(frozen=True, slots=True)
class Choice:
    value: str  # "body:ISO", "country:CN"
    label: str


@dataclass(frozen=True, slots=True)
class ChoiceGroup:
    label: str
    choices: list[Choice]


def system_choices(bodies: list[FacetValue], countries: list[FacetValue]) -> list[ChoiceGroup]:
    """The countries and the bodies of the catalogue (as its facets count them), each named in the reader's
    language with its code."""
    return [
        ChoiceGroup(_("Countries and regions"), [Choice(f"country:{v.value}", _named(country_name(v.value), v.value))
                                                 for v in countries]),
        ChoiceGroup(_("Publishing bodies"), [Choice(f"body:{v.value}", _named(body_name(v.value), v.value))
                                             for v in bodies]),
    ]  # fmt: skip


def _named(name: str, code: str) -> str:
    return code if name == code else _("{name} ({code})").format(name=name, code=code)


def scope_value(scope: Scope) -> str:
    """The value of a ``<select>`` option for ``scope``."""
    return f"{scope.kind}:{scope.code}"


def scope_name(scope: Scope) -> str:
    """A system as a reader names it: "China", "ISO"."""
    return country_name(scope.code) if scope.kind == "country" else scope.code
