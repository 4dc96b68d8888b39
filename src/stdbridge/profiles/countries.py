"""Every country a profile is made for: the ISO 3166-1 list with its English and Chinese names, from pycountry.

pycountry carries the ISO 3166-1 list and the translations of its names that the Debian ``iso-codes`` project
keeps (``zh_CN`` among them). The English name is ISO's common name where it has one (``South Korea`` for
``Korea, Republic of``), else its short name; the Chinese name is the ``zh_CN`` translation of the short name.

>>> china = country("cn")
>>> china.code, china.en, china.zh, china.alpha3
('CN', 'China', '中国', 'CHN')
>>> len(all_countries()) >= 249
True
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry

from stdbridge.bodies import name_key
from stdbridge.errors import NotFound
from stdbridge.i18n import _, current_language


@dataclass(frozen=True, slots=True)
class CountryName:
    """A country of ISO 3166-1: its alpha-2 code, its English and Chinese names and its alpha-3 code."""

    code: str
    en: str
    zh: str
    alpha3: str
    official: str = ""  # ISO's official name where it differs (People's Republic of China)

    def name(self, lang: str | None = None) -> str:
        return self.zh if (lang or current_language()) == "zh" else self.en

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "en": self.en, "zh": self.zh, "alpha3": self.alpha3}


@cache
def all_countries() -> tuple[CountryName, ...]:
    """The countries of ISO 3166-1, in the order of their codes."""
    chinese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    found = []
    for entry in pycountry.countries:
        short = str(entry.name)
        english = str(getattr(entry, "common_name", "") or short)
        official = str(getattr(entry, "official_name", "") or "")
        found.append(CountryName(str(entry.alpha_2), english, chinese.gettext(short), str(entry.alpha_3), official))
    return tuple(sorted(found, key=lambda c: c.code))


@cache
def _by_code() -> dict[str, CountryName]:
    return {c.code: c for c in all_countries()}


def country(code: str) -> CountryName:
    """The country of an alpha-2 or alpha-3 code, or of its English or Chinese name; ``NotFound`` otherwise."""
    key = code.strip().upper()
    found = _by_code().get(key)
    if found is None:
        wanted = name_key(code)
        found = next((c for c in all_countries() if wanted in {name_key(c.alpha3), name_key(c.en), name_key(c.zh),
                                                                  name_key(c.official)}), None)  # fmt: skip
    if found is None:
        raise NotFound(_("no country '{code}' in ISO 3166-1").format(code=code.strip()[:40]))
    return found


def matching(text: str, countries: tuple[CountryName, ...] | None = None) -> list[CountryName]:
    """The countries whose code or name (English or Chinese) holds ``text``, in any case or width."""
    wanted = name_key(text)
    listed = countries if countries is not None else all_countries()
    if not wanted:
        return list(listed)
    return [c for c in listed if any(wanted in name_key(n) for n in (c.code, c.alpha3, c.en, c.zh, c.official))]


__all__ = ["CountryName", "all_countries", "country", "matching"]
