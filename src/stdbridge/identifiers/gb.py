"""Chinese identifiers: national (GB, GB/T, GB/Z), sector, group (T/...), enterprise (Q/...) and local (DB..).

``CODE[/T|/Z] NUMBER[.PART]-YEAR[/ADOPTED]``: parts use dots ("GB/T 1.1-2020"),
the year may have two digits in old designations ("GB 1-73" is 1973; rendering
always writes four, as the national catalogue lists them). Sector codes (JB,
YY, HG, and the three-letter JGJ, CJJ, JJF, JJG ...) are the body; group
standards ``T/CAS 115-2005`` and enterprise standards ``Q/GDW 1168-2013`` have
the organisation as body; local standards ``DB11/T 1234-2015`` and
``DB31/ 123-2019`` have "DB11". An identical adoption is written on the cover
after a slash (``GB/T 19001-2016/ISO 9001:2015``, IDT, slash form). A code
revised in place names the revision's year: ``GB 50016-2014(2018年版)``
(another edition, the same work). Sloppy
spellings such as ``gbt19001`` or ``GBT19001-2016`` are accepted. Country "CN".

>>> from stdbridge.identifiers import parse
>>> i = parse("GB/T 17626.2-2018")
>>> i.body, i.prefix, i.number, i.part, i.year
('SAC', 'GB/T', '17626', '2', 2018)
>>> parse("gbt19001").render()
'GB/T 19001'
>>> parse("GB/T 24001-96").render()
'GB/T 24001-1996'
>>> a = parse("GB/T 19001-2016/ISO 9001:2015").adoptions[0]
>>> a.identifier.render(), a.degree.value, a.form
('ISO 9001:2015', 'IDT', 'slash')
"""

from __future__ import annotations

import re

from stdbridge.errors import IdentifierError
from stdbridge.identifiers import _intl, cen
from stdbridge.identifiers._common import check_year, fail, get_extra, readable_up_to
from stdbridge.identifiers.base import Adoption, Identifier
from stdbridge.models import Degree, DocType

NAME = "gb"

_SECTOR_CODES = (
    "AQ BB CB CH CJ CY DA DL DY DZ EJ FZ GA GC GH GM GY HB HG HJ HS HY JB JC JG JR JT JY LB LD LS LY MH MT MZ "
    "NB NY QB QC QJ QX SB SC SH SJ SL SN SY TB TD TY WB WH WJ WM WS WW XB XF YB YC YD YS YY YZ ZY"
)
# Three-letter codes: construction (JGJ, CJJ, old national GBJ), metrology (JJF, JJG).
SECTORS = frozenset(_SECTOR_CODES.split()) | {"RB", "JGJ", "CJJ", "GBJ", "JJF", "JJG"}
LEADING_TOKENS = frozenset({"GB", "GBT", "GBZ", "DB", *SECTORS, *(s + "T" for s in SECTORS)})
_CODES = "|".join(sorted(SECTORS | {"GB"}, key=lambda c: (-len(c), c)))

GB = re.compile(
    r"(?P<code>[TQ]/[A-Z][A-Z0-9]*|DB\d{2}|" + _CODES + r")(?:(?P<slash>/)? ?(?P<kind>[TZ])(?=[ \d])|(?P<bare>/))?"
    r" ?(?P<num>\d+)(?:\.(?P<part>\d+(?:\.\d+)*))?"
    r"(?:-(?P<year>\d{4}|\d{2})(?: ?\((?P<revised>\d{4})年版\))?(?:/(?P<adopted>[A-Z].*))?)?"
)


def parse(text: str) -> Identifier | None:
    upper = text.upper()
    m = GB.fullmatch(upper)
    if m is None:
        raise fail("not a readable Chinese standard designation", text, readable_up_to(upper, GB))
    code = m["code"]
    kind = m["kind"]
    if code[1:2] == "/":
        if kind:
            raise fail("a group or enterprise standard has no /T or /Z", text, m.start("kind"))
        body = code[2:]
        prefix = code
    elif code.startswith("DB"):
        body = code
        if kind == "Z":
            raise fail("a local standard has no /Z", text, m.start("kind"))
        prefix = f"{code}/T" if kind else f"{code}/"
    else:
        if m["bare"]:
            raise fail("a slash must be followed by T or Z", text, m.start("bare"))
        body = "SAC" if code == "GB" else code
        prefix = f"{code}/{kind}" if kind else code
    year = None
    if m["year"]:
        y = m["year"]
        year = 1900 + int(y) if len(y) == 2 else check_year(int(y), text, m.start("year"))
    extra: tuple[tuple[str, str], ...] = ()
    if m["revised"]:
        check_year(int(m["revised"]), text, m.start("revised"))
        extra = (("revised", m["revised"]),)
    adoptions: tuple[Adoption, ...] = ()
    if m["adopted"]:
        adopted = _adopted(text[m.start("adopted") :], text, m.start("adopted"))
        adoptions = (Adoption(adopted, Degree.IDT, "slash"),)
    return Identifier(
        scheme=NAME,
        body=body,
        country="CN",
        prefix=prefix,
        number=m["num"],
        part=m["part"],
        year=year,
        doctype=DocType.TECHNICAL_REPORT if kind == "Z" else DocType.STANDARD,
        adoptions=adoptions,
        extra=extra,
    )


def _adopted(text: str, original: str, position: int) -> Identifier:
    """The international or European document named after the slash (as written, not upper-cased)."""
    try:
        ident = cen.parse(text) if text[:2].upper() == "EN" else _intl.parse(text)
    except IdentifierError as exc:
        raise fail(f"unreadable adopted identifier ({exc.message})", original, position) from None
    if ident is None:
        raise fail("unreadable adopted identifier", original, position)
    return ident


def _designation(ident: Identifier) -> str:
    text = f"{ident.prefix} {ident.number}"
    if ident.part:
        text += "." + ident.part
    if ident.year is not None:
        text += f"-{ident.year}"
    revised = get_extra(ident, "revised")
    if revised:
        text += f"({revised}年版)"
    return text


def render(ident: Identifier) -> str:
    from stdbridge.identifiers import render as render_any

    return _designation(ident) + "".join("/" + render_any(a.identifier) for a in ident.adoptions)


def edition_key(ident: Identifier) -> str:
    """The GB edition alone: the adopted document on the cover does not make another edition."""
    return _designation(ident)


def work_key(ident: Identifier) -> str:
    text = f"{ident.prefix} {ident.number}"
    return text + "." + ident.part if ident.part else text
