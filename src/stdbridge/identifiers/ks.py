"""Korean identifiers: ``KS B 0001:2019``, ``KS Q ISO 9001:2015``, ``KS C IEC 61000-4-2:2008``, ``KS X ISO/IEC 27001``.

The year of a KS designation is KS's own, so an adopted ISO/IEC document is
declared undated (IDT, prefix form). Body "KATS", country "KR".

>>> from stdbridge.identifiers import parse
>>> i = parse("KS Q ISO 9001:2015")
>>> i.prefix, i.year, [a.identifier.render() for a in i.adoptions]
('KS Q ISO', 2015, ['ISO 9001'])
"""

from __future__ import annotations

import dataclasses
import re

from stdbridge.identifiers import _intl
from stdbridge.identifiers._common import check_year, fail, inner_of
from stdbridge.identifiers.base import Adoption, Identifier
from stdbridge.models import Degree, DocType

NAME = "ks"

KS = re.compile(r"KS ?(?P<cls>[A-Z]) ?(?P<rest>.+)", re.IGNORECASE)
OWN = re.compile(r"(?P<num>\d+)(?:-(?P<part>\d+(?:-\d+)*))?(?::(?P<year>\d{4}))?")


def parse(text: str) -> Identifier | None:
    m = KS.fullmatch(text)
    if m is None:
        raise fail("not a readable KS designation", text, len(text))
    cls = m["cls"].upper()
    rest = m["rest"]
    if rest[0].isalpha():
        inner = _intl.parse(rest)
        if inner is None:
            raise fail("unknown designation after the KS class letter", text, m.start("rest"))
        if inner.supplements:
            raise fail("supplements of an adopted document are not part of a KS designation", text, None)
        adopted = dataclasses.replace(inner, year=None)
        return Identifier(
            scheme=NAME,
            body="KATS",
            country="KR",
            prefix=f"KS {cls} {inner.prefix}",
            number=inner.number,
            part=inner.part,
            year=inner.year,
            doctype=inner.doctype,
            adoptions=(Adoption(adopted, Degree.IDT, "prefix"),),
            extra=(("inner", inner.scheme),),
        )
    o = OWN.fullmatch(rest)
    if o is None:
        raise fail("not a readable KS number", text, m.start("rest"))
    year = check_year(int(o["year"]), text, None) if o["year"] else None
    return Identifier(
        scheme=NAME,
        body="KATS",
        country="KR",
        prefix=f"KS {cls}",
        number=o["num"],
        part=o["part"],
        year=year,
        doctype=DocType.STANDARD,
    )


def _class_prefix(ident: Identifier) -> str:
    """The Korean prefix alone, without the adopted standard's ("KS Q" of "KS Q ISO")."""
    return " ".join(ident.prefix.split(" ", 2)[:2])


def render(ident: Identifier) -> str:
    from stdbridge.identifiers import render as render_any

    inner = inner_of(ident)
    if inner is not None:
        return _class_prefix(ident) + " " + render_any(dataclasses.replace(inner, year=ident.year))
    text = f"{ident.prefix} {ident.number}"
    if ident.part:
        text += "-" + ident.part
    return text + (f":{ident.year}" if ident.year is not None else "")


def edition_key(ident: Identifier) -> str:
    from stdbridge.identifiers import edition_key as key_any

    inner = inner_of(ident)
    if inner is not None:
        return _class_prefix(ident) + " " + key_any(dataclasses.replace(inner, year=ident.year))
    return render(ident)


def work_key(ident: Identifier) -> str:
    from stdbridge.identifiers import work_key as key_any

    inner = inner_of(ident)
    if inner is not None:
        return _class_prefix(ident) + " " + key_any(inner)
    text = f"{ident.prefix} {ident.number}"
    return text + "-" + ident.part if ident.part else text
