"""JIS identifiers: ``JIS Q 9001:2015``, ``TR X 0001:1996``, ``TS C 0017:2006`` and their supplements.

The JIS data also writes ``/AMENDMENT 1:2017``, ``/CORRIGENDUM 1:2002``,
``/EXPL`` or ``/EXPLANATION 1`` (the explanatory volume), an "R" right after a
year (``:2000R``, kept in ``extra``) and symbol sets ``SYMBOL 51100``.
Body "JISC", country "JP".

>>> from stdbridge.identifiers import parse
>>> i = parse("JIS C 61000-4-2:2012")
>>> i.prefix, i.number, i.part, i.year
('JIS C', '61000', '4-2', 2012)
>>> parse("JIS K 0101:1998/AMENDMENT 1:2017").work_key
'JIS K 0101'
"""

from __future__ import annotations

import dataclasses
import re

from stdbridge.identifiers._common import check_year, fail, get_extra, kind_doctype, readable_up_to
from stdbridge.identifiers.base import Identifier, Supplement
from stdbridge.models import DocType

NAME = "jis"

JIS = re.compile(
    r"(?P<pre>JIS|TR|TS) ?(?P<cls>[A-Z]) ?(?P<num>\d{1,5})(?:-(?P<part>\d+(?:-\d+)*))?"
    r"(?::(?P<year>\d{4})(?P<r>R)?)?"
    r"(?P<supps>(?:/(?:AMENDMENT|CORRIGENDUM) \d+:\d{4}R?)*)"
    r"(?P<expl>/EXPL|/EXPLANATION \d+)?(?: SYMBOL (?P<sym>[A-Za-z0-9][A-Za-z0-9 ]*))?",
    re.IGNORECASE,
)
SUPP = re.compile(r"/(?P<kind>AMENDMENT|CORRIGENDUM) (?P<n>\d+):(?P<y>\d{4})(?P<r>R?)", re.IGNORECASE)
TYPES = {"JIS": DocType.STANDARD, "TR": DocType.TECHNICAL_REPORT, "TS": DocType.TECHNICAL_SPECIFICATION}


def parse(text: str) -> Identifier | None:
    m = JIS.fullmatch(text)
    if m is None:
        if text[:3].upper() in ("JIS", "TR ", "TS "):
            raise fail("not a readable JIS identifier", text, readable_up_to(text, JIS))
        return None
    pre = m["pre"].upper()
    extra: list[tuple[str, str]] = []
    year = check_year(int(m["year"]), text, m.start("year")) if m["year"] else None
    flags = []
    if m["r"]:
        flags.append("0")
    supplements = []
    for i, sm in enumerate(SUPP.finditer(m["supps"] or "")):
        kind = sm["kind"].upper()
        sy = check_year(int(sm["y"]), text, m.start("supps") + sm.start("y"))
        supplements.append(Supplement(kind, int(sm["n"]), sy, kind_doctype(kind)))
        if sm["r"]:
            flags.append(str(i + 1))
    if flags:
        extra.append(("r", ",".join(flags)))
    doctype = TYPES[pre]
    if supplements:
        doctype = supplements[-1].doctype
    if m["expl"]:
        extra.append(("explanation", m["expl"][1:].upper()))
        doctype = DocType.OTHER
    if m["sym"]:
        extra.append(("symbol", m["sym"]))
    return Identifier(
        scheme=NAME,
        body="JISC",
        country="JP",
        prefix=f"{pre} {m['cls'].upper()}",
        number=m["num"],
        part=m["part"],
        year=year,
        doctype=doctype,
        supplements=tuple(supplements),
        extra=tuple(extra),
    )


def render(ident: Identifier) -> str:
    flags = (get_extra(ident, "r") or "").split(",")
    text = f"{ident.prefix} {ident.number}"
    if ident.part:
        text += "-" + ident.part
    if ident.year is not None:
        text += f":{ident.year}" + ("R" if "0" in flags else "")
    for i, sup in enumerate(ident.supplements):
        text += f"/{sup.kind} {sup.number}:{sup.year}" + ("R" if str(i + 1) in flags else "")
    expl = get_extra(ident, "explanation")
    if expl:
        text += "/" + expl
    sym = get_extra(ident, "symbol")
    if sym:
        text += " SYMBOL " + sym
    return text


def edition_key(ident: Identifier) -> str:
    return render(ident)


def work_key(ident: Identifier) -> str:
    text = f"{ident.prefix} {ident.number}"
    return text + "-" + ident.part if ident.part else text


def base_of(ident: Identifier) -> Identifier:
    if not ident.supplements and not get_extra(ident, "explanation"):
        return ident
    flags = (get_extra(ident, "r") or "").split(",")
    extra = tuple(kv for kv in ident.extra if kv[0] not in ("r", "explanation", "symbol"))
    if "0" in flags:
        extra += (("r", "0"),)
    pre = ident.prefix.split(" ")[0]
    return dataclasses.replace(ident, supplements=(), extra=extra, doctype=TYPES.get(pre, DocType.STANDARD))
