"""German identifiers: DIN, DIN EN, DIN EN ISO, DIN ISO, DIN IEC, DIN SPEC, DIN VDE, E DIN (draft), /NA.

DIN dates are year-month (``DIN EN ISO 9001:2015-11``) and are DIN's own, so
the adopted documents are declared undated: ``DIN EN ISO 9001:2015-11`` adopts
``EN ISO 9001`` and ``ISO 9001`` (IDT, prefix form). A national annex
(``DIN EN 1992-1-1/NA:2013-04``) is DIN's own document to the adopted one and
declares no adoption. Body "DIN", country "DE".

>>> from stdbridge.identifiers import parse
>>> i = parse("DIN EN ISO 9001:2015-11")
>>> i.year, i.month, [a.identifier.render() for a in i.adoptions]
(2015, 11, ['EN ISO 9001', 'ISO 9001'])
>>> parse("E DIN 820-2:2021-03").stage
'E'
>>> na = parse("DIN EN 1992-1-1/NA:2013-04")
>>> na.work_key, na.adoptions
('DIN EN 1992-1-1/NA', ())
"""

from __future__ import annotations

import re
from typing import Any

from stdbridge.identifiers import _intl, cen
from stdbridge.identifiers._common import check_month, check_year, fail, get_extra, inner_of
from stdbridge.identifiers.base import Adoption, Identifier
from stdbridge.models import Degree, DocType

NAME = "din"

DIN = re.compile(
    r"(?P<e>E )?DIN (?P<rest>.+?)(?::(?P<year>\d{4})(?:-(?P<month>\d{2}))?)?",
    re.IGNORECASE,
)
OWN = re.compile(
    r"(?:(?P<sub>SPEC|VDE V|VDE) )?(?P<num>\d+)(?:-(?P<part>[0-9A-Z]+(?:-[0-9A-Z]+)*))?",
    re.IGNORECASE,
)
CEN_LEAD = ("EN", "ENV", "PREN", "FPREN", "CEN", "CLC", "HD", "CWA")
INTL_LEAD = ("ISO", "IEC", "CISPR")


def parse(text: str) -> Identifier | None:
    m = DIN.fullmatch(text)
    if m is None:
        raise fail("not a readable DIN designation", text, len(text))
    rest = m["rest"]
    annex = rest[-3:].upper() == "/NA"
    if annex:
        rest = rest[:-3]
    year = check_year(int(m["year"]), text, m.start("year")) if m["year"] else None
    month = check_month(int(m["month"]), text, m.start("month")) if m["month"] else None
    stage = "E" if m["e"] else None
    lead = re.match(r"[A-Za-z]+", rest)
    word = lead[0].upper() if lead else ""
    inner: Identifier | None = None
    if word in CEN_LEAD:
        inner = cen.parse(rest)
    elif word in INTL_LEAD:
        inner = _intl.parse(rest)
    if inner is not None:
        if inner.year is not None:
            raise fail("a DIN designation carries the DIN date, not the adopted year", text, m.start("rest"))
        adopted = inner

        def din(doctype: DocType, **more: Any) -> Identifier:
            return Identifier(scheme=NAME, body="DIN", country="DE", prefix=f"DIN {adopted.prefix}",
                              number=adopted.number, part=adopted.part, year=year, month=month, stage=stage,
                              doctype=DocType.DRAFT if stage else doctype, **more)  # fmt: skip

        if annex:  # a national annex declares no adoption: it adds to the European standard
            if inner.supplements or inner.stage:
                raise fail("a national annex belongs to a published European standard", text, m.start("rest"))
            return din(DocType.OTHER, extra=(("annex", "NA"),))
        adoptions = (Adoption(inner, Degree.IDT, "prefix"), *inner.adoptions)
        return din(inner.doctype, supplements=inner.supplements, adoptions=adoptions, extra=(("inner", inner.scheme),))
    if annex:
        raise fail("a national annex belongs to an adopted European standard", text, m.start("rest"))
    o = OWN.fullmatch(rest)
    if o is None:
        raise fail("not a readable DIN number", text, m.start("rest"))
    sub = o["sub"].upper() if o["sub"] else None
    return Identifier(
        scheme=NAME,
        body="DIN",
        country="DE",
        prefix=f"DIN {sub}" if sub else "DIN",
        number=o["num"],
        part=o["part"],
        year=year,
        month=month,
        doctype=DocType.DRAFT if stage else DocType.STANDARD,
        stage=stage,
    )


def _date(ident: Identifier) -> str:
    if ident.year is None:
        return ""
    return f":{ident.year}-{ident.month:02d}" if ident.month else f":{ident.year}"


def _body(ident: Identifier, key: bool) -> str:
    from stdbridge.identifiers import edition_key as key_any
    from stdbridge.identifiers import render as render_any

    inner = inner_of(ident)
    if inner is not None:
        return "DIN " + (key_any(inner) if key else render_any(inner))
    text = f"{ident.prefix} {ident.number}"
    if ident.part:
        text += "-" + ident.part
    return text + "/NA" if get_extra(ident, "annex") else text


def render(ident: Identifier) -> str:
    return ("E " if ident.stage else "") + _body(ident, False) + _date(ident)


def edition_key(ident: Identifier) -> str:
    return ("E " if ident.stage else "") + _body(ident, True) + _date(ident)


def work_key(ident: Identifier) -> str:
    from stdbridge.identifiers import work_key as key_any

    inner = inner_of(ident)
    if inner is not None:
        return "DIN " + key_any(inner)
    return _body(ident, True)


def base_of(ident: Identifier) -> Identifier:
    from stdbridge.identifiers import base_of as base_any
    from stdbridge.identifiers import render as render_any

    inner = inner_of(ident)
    if not ident.supplements or inner is None:
        return ident
    result = parse(("E " if ident.stage else "") + "DIN " + render_any(base_any(inner)) + _date(ident))
    assert result is not None
    return result
