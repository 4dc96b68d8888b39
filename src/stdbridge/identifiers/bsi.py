"""British identifiers: BS, BS EN, BS EN ISO, BS ISO, BS IEC, BS EN IEC, BS ISO/IEC, PD, PAS, DD, OHSAS.

A British adoption is the adopted designation with "BS " (or "PD ") in front,
and carries its year and supplements (``BS EN 1993-1-1:2005+A1:2014``); it
declares the adopted document and, through it, what that one adopts (IDT,
prefix form). ``PAS 2050:2011`` is BSI's own PAS (``ISO/PAS`` is ISO's); ``DD``
is a Draft for Development (``DD ENV 1992-1-1:1992``, ``DD 240-1:1997``); the
OHSAS series was published by BSI and is written ``OHSAS 18001:2007`` or
``BS OHSAS 18001:2007``. A UK National Annex names the British standard it
belongs to, after its own amendments: ``NA+A1:2012 to BS EN 1993-1-1:2005+A1:2014``
(it declares no adoption). Body "BSI", country "GB".

BSI's own numbers: ``BS NUMBER[LETTER][-PART[.SECTION]][:YEAR][+A1:YEAR...]``. A capital
letter glued to the number names a companion publication of the older numbering
(``BS 381C:1996``, ``BS 4500A:1970``, ``BS 1000A:1961``); a supplementary series is
numbered after a slash (``BS 4300/1:1967``) and a lettered part after a colon
(``BS 1428:B2:1953``), both rendered as written; two standards published as one
share a designation (``BS 143 & 1256:2000``). Older citations write the part as
"Part 1" and its section as "Section 9.1", and space the colons
(``BS 5400: Part 9: Section 9.1: 1983``); that renders as ``BS 5400-9.1:1983``.

>>> from stdbridge.identifiers import parse
>>> i = parse("BS EN ISO 9001:2015")
>>> [a.identifier.render() for a in i.adoptions]
['EN ISO 9001:2015', 'ISO 9001:2015']
>>> parse("BS 7671:2018+A2:2022").supplements[0].kind
'A'
>>> parse("OHSAS 18001:2007").body, parse("BS OHSAS 18001:2007").prefix
('BSI', 'BS OHSAS')
>>> parse("NA+A1:2012 to BS EN 1993-1-1:2005+A1:2014").work_key
'NA to BS EN 1993-1-1'
>>> parse("BS 5750: Part 1: 1987").render(), parse("BS 4300/1:1967").work_key
('BS 5750-1:1987', 'BS 4300/1')
"""

from __future__ import annotations

import re

from stdbridge.identifiers import _intl, cen
from stdbridge.identifiers._common import check_year, fail, get_extra, inner_of, render_supplements
from stdbridge.identifiers.base import Adoption, Identifier, Supplement
from stdbridge.models import Degree, DocType

NAME = "bsi"

NATIONAL_ANNEX = re.compile(r"NA(?P<supps>(?:\+A\d+:\d{4})*) to (?P<target>BS .+)", re.IGNORECASE)
HEAD = re.compile(r"(?P<pre>BS|PD|PAS|DD|OHSAS) ?(?P<rest>.+)", re.IGNORECASE)
# Parts may be dotted below a hyphen ("BS 812-103.1:1985").
OWN = re.compile(
    r"(?P<num>\d+(?:(?P<letter>[A-Z])|(?P<joint> ?& ?\d+))?)"
    r"(?:-(?P<part>[0-9A-Z]+(?:[-.][0-9A-Z]+)*)"
    r"|/(?P<slash_part>\d+)"
    r"|:(?P<colon_part>[A-Z]\d+)(?=:|$)"
    r"|:? Part (?P<word_part>[0-9A-Z]+(?:\.[0-9A-Z]+)*)(?::? Section (?P<section>\d+(?:\.\d+)*))?)?"
    r"(?: ?: ?(?P<year>\d{4})| (?P<spaced_year>\d{4}))?"  # "BS 5750: Part 1: 1987", "BS 7671 2018": sloppy
    r"(?P<supps>(?:[+/](?:A\d+|AC\d*)(?::\d{4})?)*)",
    re.IGNORECASE,
)
PART_SEP = {"slash_part": "/", "colon_part": ":"}
CEN_LEAD = ("EN", "ENV", "PREN", "FPREN", "CEN", "CLC", "HD", "CWA")
INTL_LEAD = ("ISO", "IEC", "CISPR")
OWN_TYPE = {
    "BS": DocType.STANDARD,
    "PD": DocType.OTHER,
    "DD": DocType.OTHER,
    "PAS": DocType.PUBLICLY_AVAILABLE_SPECIFICATION,
    "OHSAS": DocType.STANDARD,
    "BS OHSAS": DocType.STANDARD,
}


def parse(text: str) -> Identifier | None:
    if text[:2].upper() == "NA":
        return _national_annex(text)
    m = HEAD.fullmatch(text)
    if m is None:
        raise fail("not a readable British standard designation", text, len(text))
    pre = m["pre"].upper()
    rest = m["rest"]
    lead = re.match(r"[A-Za-z]+", rest)
    word = lead[0].upper() if lead else ""
    if pre == "BS" and word == "OHSAS":
        return _own("BS OHSAS", rest[5:].lstrip(), text, m.start("rest") + 6)
    if pre not in ("PAS", "OHSAS") and word in CEN_LEAD:
        inner = cen.parse(rest)
    elif pre not in ("PAS", "OHSAS") and word in INTL_LEAD:
        inner = _intl.parse(rest)
    elif word:
        raise fail(f"unknown designation after {pre}", text, m.start("rest"))
    else:
        return _own(pre, rest, text, m.start("rest"))
    if inner is None:
        raise fail("unreadable adopted designation", text, m.start("rest"))
    return Identifier(
        scheme=NAME,
        body="BSI",
        country="GB",
        prefix=f"{pre} {inner.prefix}",
        number=inner.number,
        part=inner.part,
        year=inner.year,
        doctype=inner.doctype,
        stage=inner.stage,
        supplements=inner.supplements,
        consolidated=inner.consolidated,
        all_parts=inner.all_parts,
        language=inner.language,
        adoptions=(Adoption(inner, Degree.IDT, "prefix"), *inner.adoptions),
        extra=(("inner", inner.scheme),),
    )


def _own(pre: str, rest: str, text: str, offset: int) -> Identifier:
    m = OWN.fullmatch(rest)
    if m is None:
        raise fail("not a readable British standard number", text, offset)
    if m["letter"] and pre != "BS":
        raise fail("a letter after the number belongs to the older BS numbering", text, offset + len(m["num"]) - 1)
    if m["joint"] and pre != "BS":
        raise fail("only British Standards are published two in one", text, offset + m.start("joint"))
    year_group = "year" if m["year"] else "spaced_year"
    year = check_year(int(m[year_group]), text, offset + m.start(year_group)) if m[year_group] else None
    extra: list[tuple[str, str]] = []
    part = m["part"] or m["word_part"]
    section = m["section"]
    if section:  # "Part 9: Section 9.1" is part 9.1; a section numbered alone goes below its part
        part = section if section.startswith(f"{part}.") else f"{part}.{section}"
    for group, sep in PART_SEP.items():
        if m[group]:
            part = m[group]
            extra.append(("part_sep", sep))
    supplements = []
    seps = ""
    for sm in cen.SUPP.finditer(m["supps"] or ""):
        kind = sm["kind"].upper()
        sy = check_year(int(sm["y"]), text, None) if sm["y"] else None
        supplements.append(
            Supplement(
                kind,
                int(sm["n"]) if sm["n"] else None,
                sy,
                DocType.CORRIGENDUM if kind == "AC" else DocType.AMENDMENT,
            )
        )
        seps += sm["sep"]
    return Identifier(
        scheme=NAME,
        body="BSI",
        country="GB",
        prefix=pre,
        number=re.sub(r" ?& ?", " & ", m["num"].upper()),
        part=part.upper() if part else None,
        year=year,
        doctype=supplements[-1].doctype if supplements else OWN_TYPE[pre],
        supplements=tuple(supplements),
        extra=(*extra, ("seps", seps)) if "+" in seps else tuple(extra),
    )


def _own_designation(ident: Identifier) -> str:
    """The number and part as BSI writes them: "BS 4300/1", "BS 1428:B2", "BS 5950-1"."""
    text = f"{ident.prefix} {ident.number}"
    if ident.part:
        text += (get_extra(ident, "part_sep") or "-") + ident.part
    return text


def _national_annex(text: str) -> Identifier:
    from stdbridge.identifiers import render as render_any

    m = NATIONAL_ANNEX.fullmatch(text)
    if m is None:
        raise fail("a national annex is written 'NA[+A1:YYYY] to BS EN ...'", text, 2)
    target = parse(m["target"])
    if target is None or not target.prefix.startswith("BS EN"):
        raise fail("a national annex belongs to a BS EN standard", text, m.start("target"))
    supplements = tuple(
        Supplement("A", int(sm["n"]), check_year(int(sm["y"]), text, m.start("supps") + sm.start("y")))
        for sm in cen.SUPP.finditer(m["supps"])
    )
    extra = [("target", render_any(target))]
    if supplements:
        extra.append(("seps", "+" * len(supplements)))
    return Identifier(
        scheme=NAME,
        body="BSI",
        country="GB",
        prefix=f"NA to {target.prefix}",
        number=target.number,
        part=target.part,
        year=target.year,
        doctype=DocType.AMENDMENT if supplements else DocType.OTHER,
        supplements=supplements,
        extra=tuple(extra),
    )


def render(ident: Identifier) -> str:
    from stdbridge.identifiers import render as render_any

    target = get_extra(ident, "target")
    if target is not None:
        return f"NA{render_supplements(ident)} to {target}"
    inner = inner_of(ident)
    if inner is not None:
        return f"{ident.prefix.split(' ', 1)[0]} {render_any(inner)}"
    text = _own_designation(ident)
    if ident.year is not None:
        text += f":{ident.year}"
    return text + render_supplements(ident)


def edition_key(ident: Identifier) -> str:
    from stdbridge.identifiers import edition_key as key_any

    inner = inner_of(ident)
    if inner is not None:
        return f"{ident.prefix.split(' ', 1)[0]} {key_any(inner)}"
    return render(ident)


def work_key(ident: Identifier) -> str:
    from stdbridge.identifiers import work_key as key_any

    target = get_extra(ident, "target")
    if target is not None:
        return "NA to " + key_any(parse_target(target))
    inner = inner_of(ident)
    if inner is not None:
        return f"{ident.prefix.split(' ', 1)[0]} {key_any(inner)}"
    return _own_designation(ident)


def parse_target(text: str) -> Identifier:
    """The British standard a national annex belongs to."""
    target = parse(text)
    assert target is not None
    return target


def base_of(ident: Identifier) -> Identifier:
    from stdbridge.identifiers import base_of as base_any

    target = get_extra(ident, "target")
    if target is not None:
        return ident if not ident.supplements else _national_annex(f"NA to {target}")
    inner = inner_of(ident)
    if inner is None:
        if not ident.supplements:
            return ident
        text = _own_designation(ident) + (f":{ident.year}" if ident.year else "")
        result = parse(text)
    else:
        result = parse(f"{ident.prefix.split(' ', 1)[0]} {render(base_any(inner))}")
    assert result is not None
    return result
