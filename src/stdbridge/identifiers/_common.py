"""Helpers shared by the scheme modules: validation, errors and supplement text.

Supplements are rendered from ``Supplement.kind`` as written; kinds in
``NO_SPACE`` are glued to their number ("AMD1", "A1", "AC"), the others take a
space ("Amd 1", "AMENDMENT 1"). The separators between supplements are "/"
unless the identifier's ``extra`` holds ``("seps", "+/")`` (one character per
supplement; CEN and IEC consolidated versions use "+").
"""

from __future__ import annotations

import re

from stdbridge.errors import InvalidComponent, InvalidFormat
from stdbridge.identifiers.base import Identifier, Supplement
from stdbridge.models import DocType

NO_SPACE = frozenset({"AMD", "COR", "ISH", "A", "AC", "FRAG"})

# Spelling used in keys, so that "Amd" (ISO data) and "AMD" (IEC data) agree.
KIND_KEY = {
    "AMD": "Amd",
    "COR": "Cor",
    "AMENDMENT": "Amd",
    "CORRIGENDUM": "Cor",
    "Amd.": "Amd",
    "Cor.": "Cor",
}

KIND_DOCTYPE = {
    "Amd": DocType.AMENDMENT,
    "AMD": DocType.AMENDMENT,
    "A": DocType.AMENDMENT,
    "AMENDMENT": DocType.AMENDMENT,
    "Add": DocType.AMENDMENT,
    "Ext": DocType.AMENDMENT,
    "Suppl": DocType.AMENDMENT,
    "ISH": DocType.CORRIGENDUM,
    "Cor": DocType.CORRIGENDUM,
    "COR": DocType.CORRIGENDUM,
    "AC": DocType.CORRIGENDUM,
    "CORRIGENDUM": DocType.CORRIGENDUM,
    "DCOR": DocType.CORRIGENDUM,
    "FDCOR": DocType.CORRIGENDUM,
}


def kind_doctype(kind: str) -> DocType:
    """The doctype of a supplement kind ("CD Amd" -> amendment, "Cor" -> corrigendum)."""
    last = kind.rsplit(" ", 1)[-1]
    found = KIND_DOCTYPE.get(last)
    if found is not None:
        return found
    if "COR" in last.upper():
        return DocType.CORRIGENDUM
    return DocType.AMENDMENT


def fail(message: str, value: str, position: int | None = None) -> InvalidFormat:
    where = f" at position {position}" if position is not None else ""
    return InvalidFormat(f"{message}{where}: {value!r}", value=value, position=position)


def bad(component: str, detail: str, value: str, position: int | None = None) -> InvalidComponent:
    where = f" at position {position}" if position is not None else ""
    return InvalidComponent(f"invalid {component}{where}: {detail} in {value!r}", value=value, position=position)


def readable_up_to(text: str, *patterns: re.Pattern[str], start: int = 0) -> int:
    """Where ``text`` stops being readable: the length of its longest prefix that one of ``patterns`` matches
    whole (``start`` when none does). Errors report it as the position of the problem."""
    for end in range(len(text), start, -1):
        if any(p.fullmatch(text[:end]) for p in patterns):
            return end
    return start


def check_year(year: int, value: str, position: int | None = None) -> int:
    if not 1900 <= year <= 2100:
        raise bad("year", f"{year} is outside 1900..2100", value, position)
    return year


def check_month(month: int, value: str, position: int | None = None) -> int:
    if not 1 <= month <= 12:
        raise bad("month", f"{month} is not 1..12", value, position)
    return month


def get_extra(ident: Identifier, key: str) -> str | None:
    for k, v in ident.extra:
        if k == key:
            return v
    return None


def inner_of(ident: Identifier) -> Identifier | None:
    """The identifier a national prefix wraps and adopts whole (DIN EN ISO 9001 -> EN ISO 9001), else None."""
    if get_extra(ident, "inner") and ident.adoptions:
        return ident.adoptions[0].identifier
    return None


def render_supplement(sup: Supplement, *, key: bool = False, year_sep: str = ":") -> str:
    kind = KIND_KEY.get(sup.kind, sup.kind) if key else sup.kind
    text = kind
    if sup.number is not None:
        text += f"{sup.number}" if kind in NO_SPACE else f" {sup.number}"
    if sup.year is not None:
        text += f"{year_sep}{sup.year}"
    return text


def render_supplements(ident: Identifier, *, key: bool = False, year_sep: str = ":") -> str:
    if not ident.supplements:
        return ""
    seps = get_extra(ident, "seps") or "/" * len(ident.supplements)
    out = []
    for sep, sup in zip(seps, ident.supplements, strict=False):
        out.append(sep + render_supplement(sup, key=key, year_sep=year_sep))
    return "".join(out)
