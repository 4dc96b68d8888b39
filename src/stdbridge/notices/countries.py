"""A notifying member or a news item's country as an ISO 3166 alpha-2 code (pycountry): from the three letters of
a TBT symbol (G/TBT/N/CHN/... -> CN), a code, or a name as the WTO writes it ("China", "Korea, Republic of",
"European Union" -> EU, "Chinese Taipei" -> TW, "Hong Kong, China" -> HK, "Macao, China" -> MO)."""

from __future__ import annotations

import pycountry

WTO_NAMES = {"european union": "EU", "chinese taipei": "TW", "hong kong, china": "HK", "macao, china": "MO",
             "tpkm": "TW", "eu": "EU", "eec": "EU"}  # fmt: skip


def country_code(text: str | None) -> str | None:
    """The alpha-2 code, or None when ``text`` names no country."""
    value = (text or "").strip()
    if not value:
        return None
    special = WTO_NAMES.get(value.casefold())
    if special:
        return special
    if len(value) == 3 and value.isalpha():
        found = pycountry.countries.get(alpha_3=value.upper())
        if found is not None:
            return str(found.alpha_2)
    try:
        return str(pycountry.countries.lookup(value).alpha_2)
    except LookupError:
        return None
