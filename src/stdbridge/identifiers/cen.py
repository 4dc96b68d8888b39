"""European identifiers: EN, EN ISO, EN IEC, EN ISO/IEC, prEN, FprEN, ENV, CEN/TS, CEN/TR, CLC/TS, CLC/TR, CWA, HD.

Supplements are written CEN style: ``+A1:2008``, ``/A1:2015``, ``/AC:2012``,
``+A1:2011+A2:2014``. Body "CEN", or "CENELEC" for CLC, HD, EN IEC and EN
numbers 50000-69999; country "EU". ``EN ISO 9001:2015`` declares that it
adopts ``ISO 9001:2015`` (IDT, prefix form); amendments A1-A10 carry over as
the international amendment of the same number, A11 and up (CEN-only) and
corrigenda do not.

>>> from stdbridge.identifiers import parse
>>> i = parse("EN 1090-1:2009+A1:2011")
>>> i.render(), i.work_key, i.doctype.value
('EN 1090-1:2009+A1:2011', 'EN 1090-1', 'amendment')
>>> [a.identifier.render() for a in parse("EN ISO 13485:2016/A11:2021").adoptions]
['ISO 13485:2016']
"""

from __future__ import annotations

import re

from stdbridge.identifiers import _intl
from stdbridge.identifiers._common import check_year, fail, readable_up_to, render_supplements
from stdbridge.identifiers.base import Adoption, Identifier, Supplement
from stdbridge.models import Degree, DocType

NAME = "cen"

CEN = re.compile(
    r"(?P<stage>FPR|PR)?(?P<head>ENV|EN|CEN/TS|CEN/TR|CLC/TS|CLC/TR|CEN/CLC/TR|CEN/CLC/TS|CEN ISO/TS|CEN ISO/TR|CWA|HD)"
    r"(?: (?P<intl>ISO/IEC|ISO|IEC|ISO/TS|ISO/TR|IEC/TS|IEC/TR|ISO/IEC/IEEE|ISO/ASTM))? ?"
    r"(?P<num>\d+)(?:-(?P<part>[0-9A-Z]+(?:-[0-9A-Z]+)*))?(?:[: ](?P<year>\d{4}))?"  # " 2015": sloppy
    r"(?P<supps>(?:[+/](?:A\d+|AC\d*)(?::\d{4})?)*)",
    re.IGNORECASE,
)
SUPP = re.compile(r"(?P<sep>[+/])(?P<kind>AC|A)(?P<n>\d+)?(?::(?P<y>\d{4}))?", re.IGNORECASE)
HEAD_TYPE = {"TS": DocType.TECHNICAL_SPECIFICATION, "TR": DocType.TECHNICAL_REPORT}
STAGE = {"PR": "pr", "FPR": "Fpr"}


def parse(text: str) -> Identifier | None:
    m = CEN.fullmatch(text)
    if m is None:
        raise fail("not a readable European standard designation", text, readable_up_to(text, CEN))
    head = m["head"].upper()
    intl = m["intl"].upper() if m["intl"] else None
    stage = STAGE[m["stage"].upper()] if m["stage"] else None
    prefix = (stage or "") + head + (f" {intl}" if intl else "")
    year = check_year(int(m["year"]), text, m.start("year")) if m["year"] else None
    supplements = []
    seps = ""
    for sm in SUPP.finditer(m["supps"] or ""):
        kind = sm["kind"].upper()
        sy = check_year(int(sm["y"]), text, m.start("supps") + sm.start("y")) if sm["y"] else None
        doctype = DocType.CORRIGENDUM if kind == "AC" else DocType.AMENDMENT
        if kind == "A" and sm["n"] is None:
            raise fail("an amendment needs its number", text, None)
        supplements.append(Supplement(kind, int(sm["n"]) if sm["n"] else None, sy, doctype))
        seps += sm["sep"]
    num = m["num"]
    cenelec = (
        head.startswith(("CLC", "HD"))
        or (intl or "").startswith("IEC")
        or (head in ("EN", "ENV") and not intl and len(num) == 5 and num[0] in "56")
    )
    doctype = DocType.STANDARD
    for suffix, dt in HEAD_TYPE.items():
        if head.endswith(suffix):
            doctype = dt
    if head == "CWA":
        doctype = DocType.WORKSHOP_AGREEMENT
    elif head == "ENV":  # the European prestandard, replaced by CEN/TS from 2002
        doctype = DocType.TECHNICAL_SPECIFICATION
    if stage:
        doctype = DocType.DRAFT
    if supplements:
        doctype = supplements[-1].doctype
    adoptions: tuple[Adoption, ...] = ()
    intl_head = intl or (head.split(" ")[1] if head.startswith("CEN ISO") else None)
    if intl_head:
        adoptions = (Adoption(_adopted(intl_head, m, year, supplements), Degree.IDT, "prefix"),)
    return Identifier(
        scheme=NAME,
        body="CENELEC" if cenelec else "CEN",
        country="EU",
        prefix=prefix,
        number=num,
        part=m["part"],
        year=year,
        doctype=doctype,
        stage=f"{stage}EN" if stage else None,
        supplements=tuple(supplements),
        adoptions=adoptions,
        extra=(("seps", seps),) if "+" in seps else (),
    )


def _adopted(intl_head: str, m: re.Match[str], year: int | None, supplements: list[Supplement]) -> Identifier:
    text = f"{intl_head} {m['num']}" + (f"-{m['part']}" if m["part"] else "") + (f":{year}" if year else "")
    kind = "AMD" if intl_head.startswith("IEC") else "Amd"
    for sup in supplements:
        if sup.kind == "A" and sup.number is not None and sup.number <= 10:
            text += f"/{kind}{sup.number}" if kind == "AMD" else f"/{kind} {sup.number}"
            if sup.year:
                text += f":{sup.year}"
    ident = _intl.parse(text)
    if ident is None:  # pragma: no cover - the head is always an ISO/IEC one
        raise fail("unreadable adopted identifier", text, 0)
    return ident


def _core(ident: Identifier) -> str:
    text = f"{ident.prefix} {ident.number}"
    if ident.part:
        text += "-" + ident.part
    if ident.year is not None:
        text += f":{ident.year}"
    return text


def render(ident: Identifier) -> str:
    return _core(ident) + render_supplements(ident)


def edition_key(ident: Identifier) -> str:
    return render(ident)


def work_key(ident: Identifier) -> str:
    prefix = ident.prefix
    if ident.stage:
        prefix = prefix[len(ident.stage) - 2 :]
    text = f"{prefix} {ident.number}"
    return text + "-" + ident.part if ident.part else text
