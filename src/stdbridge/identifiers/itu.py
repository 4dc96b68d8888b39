"""ITU identifiers: ITU-T Recommendations with their dates, and ITU-R Recommendations.

ITU-T: ``ITU-T DESIGNATION[ (Vn)][ (YYYY) SUPPLEMENTS] (MM/YYYY)``; the base
year in parentheses comes with supplements ("Amd. 1", "Cor. 1", "Technical
Cor. 1", "Err. 1", "Add. 1", "App. III", "Annex A"), and may be left out before
a numbered one ("ITU-T G.711 Amd. 1 (11/2009)"). An annex or appendix without a
base year is part of the designation ("ITU-T G.729 Annex C+ (02/2000)"), as
are series supplements ("ITU-T Q Suppl. 62 (01/2011)"). A designation opens
with its series letters (upper-cased when typed in lower case). A bare "X.509"
is read as ITU-T, a bare "BT.709-6" as ITU-R; "Rec."/"Recommendation" and a year typed without
parentheses ("X.509 2016") are accepted. ITU-R: ``ITU-R BS.1114-10`` (series.number-revision; the
revision is part of the edition key, not of the work key). Other ITU-R shapes
of the data (questions "ITU-R 1-3/8:", handbooks "ITU-R 01.HDB", "ITU-R
M.4/BL/6") are kept whole as the number, with doctype other/handbook.

>>> from stdbridge.identifiers import parse
>>> i = parse("ITU-T X.509 (10/2019)")
>>> i.number, i.year, i.month, i.render()
('X.509', 2019, 10, 'ITU-T X.509 (10/2019)')
>>> i = parse("ITU-R BS.1114-10")
>>> i.revision, i.edition_key, i.work_key
(10, 'ITU-R BS.1114-10', 'ITU-R BS.1114')
>>> parse("X.509").render()
'ITU-T X.509'
>>> parse("Recommendation ITU-T G.711").render(), parse("x.509 2016").render(), parse("bt.709-6").render()
('ITU-T G.711', 'ITU-T X.509 (2016)', 'ITU-R BT.709-6')
>>> parse("itu-t g.722 (1988) Annex A (03/1993)").supplements[0].kind
'Annex A'
"""

from __future__ import annotations

import dataclasses
import re

from stdbridge.identifiers._common import check_month, check_year, fail, get_extra, readable_up_to
from stdbridge.identifiers.base import Identifier, Supplement
from stdbridge.models import DocType

NAME = "itu"

_NUMBERED = r"Technical Cor\.|Amd\.|Cor\.|Err\.|Add\."
# After the base edition's year: numbered supplements, appendices ("App. III") and
# annexes ("Annex A", "Annex C+") published on their own date. An annex or appendix
# without a base year is part of the designation ("G.729 Annex C+ (02/2000)"); a
# numbered supplement without one is read as a supplement ("G.711 Amd. 1 (11/2009)").
# A designation opens with its series letters and then ".", "-", a digit or a
# series supplement: "X.509", "E-100 series Suppl. 1", "E100-300", "G Suppl. 1", "SEC-QKD".
ITU_T = re.compile(
    r"ITU-T (?P<des>[A-Za-z]{1,4}(?:[.\-\d]| Suppl\.| series)[A-Za-z0-9.\-/ +]*?)(?: \((?P<ver>V\d+)\))?"
    r"(?: \((?P<by>\d{4})\)(?P<supp>(?:[ /](?:(?:" + _NUMBERED + r"|App\.) (?:\d+|[IVXL]+)|Annex [A-Z]\d*\+?))+)"
    r"|(?P<bare>(?: (?:" + _NUMBERED + r") \d+)+))?"
    r"(?: \((?:(?P<m>\d{1,2})/)?(?P<y>\d{4})\))?"
)
SUPP = re.compile(
    r"(?P<sep>[ /])(?:(?P<kind>" + _NUMBERED + r"|App\.) (?P<n>\d+|[IVXL]+)|(?P<annex>Annex [A-Z]\d*\+?))"
)
BARE = re.compile(r"[A-Za-z]\.\d")
# ITU-R series have two or three letters (BT.709, BS.1114-10, SM.1539); ITU-T series one (X.509).
R_SERIES = frozenset({"BO", "BR", "BS", "BT", "RA", "RS", "SA", "SF", "SM", "SNG", "TF"})
BARE_R = re.compile(r"(?i:(?:" + "|".join(sorted(R_SERIES)) + r"))\.\d")
# How people cite a Recommendation: "ITU-T Rec. G.711", "Recommendation ITU-T G.711", "Rec. ITU-R BT.709-6".
_CITED = re.compile(r"^(?:(?:Recommendation|Rec\.?) )?(ITU-[TR] )(?:(?:Recommendation|Rec\.?) )?", re.IGNORECASE)
_LOOSE_YEAR = re.compile(r"^(ITU-T [A-Za-z]{1,4}\.[\d.]+) (\d{4})$")  # "X.509 2016": the edition of 2016
ITU_R_REC = re.compile(r"(?P<num>(?:[A-Z]{1,3}|SG\d+)\.\d+)(?:-(?P<rev>\d+))?")
# Questions, handbooks, blue-book references and series names, always upper case.
ITU_R_OTHER = re.compile(r"[A-Z0-9][A-Z0-9.\-/\[\]:]*")
_SERIES = re.compile(r"[A-Za-z]+")
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
ROMAN_BACK = {v: k for k, v in ROMAN.items()}
KIND_TYPE = {
    "Amd.": DocType.AMENDMENT,
    "Add.": DocType.AMENDMENT,
    "Cor.": DocType.CORRIGENDUM,
    "Technical Cor.": DocType.CORRIGENDUM,
    "Err.": DocType.CORRIGENDUM,
    "App.": DocType.OTHER,
}


def parse(text: str) -> Identifier | None:
    if "ec" in text[:20].lower():  # "Rec." or "Recommendation": rare, and the check is cheap
        text = _CITED.sub(lambda m: m[1].upper(), text, count=1)
    if BARE_R.match(text):
        return _parse_r(text, text)
    if BARE.match(text):
        text = "ITU-T " + text
    if text[-4:].isdigit() and text[-5:-4] == " ":
        text = _LOOSE_YEAR.sub(r"\1 (\2)", text)
    head = text[:6].upper()
    if head == "ITU-T ":
        return _parse_t("ITU-T " + text[6:], text)
    if head == "ITU-R ":
        return _parse_r(text[6:], text)
    return None


def _parse_t(text: str, original: str) -> Identifier:
    m = ITU_T.fullmatch(text)
    if m is None:
        pos = readable_up_to(text, ITU_T, start=6) - (len(text) - len(original))  # 6: after "ITU-T "
        raise fail("not a readable ITU-T identifier", original, max(pos, 0))
    shift = len(text) - len(original)
    extra: list[tuple[str, str]] = []
    if m["ver"]:
        extra.append(("version", m["ver"]))
    year = month = None
    if m["y"]:
        year = check_year(int(m["y"]), original, m.start("y") - shift)
    if m["m"]:
        month = check_month(int(m["m"]), original, m.start("m") - shift)
    supplements: list[Supplement] = []
    chain = m["supp"] or m["bare"]
    if chain:
        seps = ""
        matches = list(SUPP.finditer(chain))
        for i, sm in enumerate(matches):
            sy = year if i == len(matches) - 1 else None
            if sm["annex"]:
                supplements.append(Supplement(sm["annex"], None, sy, DocType.OTHER))
            else:
                kind, n = sm["kind"], sm["n"]
                number = int(n) if n.isdigit() else ROMAN.get(n)
                if number is None:
                    raise fail(f"unreadable supplement number {n!r}", original, None)
                supplements.append(Supplement(kind, number, sy, KIND_TYPE[kind]))
            seps += sm["sep"]
        if "/" in seps:
            extra.append(("seps", seps))
        if m["by"]:
            if year is None:
                raise fail("an ITU-T supplement needs its (MM/YYYY) date", original, len(original))
            year = check_year(int(m["by"]), original, m.start("by") - shift)
        else:
            year = None  # the date is the supplement's; the base edition is not named
    doctype = supplements[-1].doctype if supplements else DocType.RECOMMENDATION
    return Identifier(
        scheme=NAME,
        body="ITU-T",
        country="INT",
        prefix="ITU-T",
        number=_SERIES.sub(lambda w: w[0].upper(), m["des"], count=1),  # series letters are upper case
        year=year,
        month=month,
        doctype=doctype,
        supplements=tuple(supplements),
        extra=tuple(extra),
    )


def _parse_r(rest: str, original: str) -> Identifier:
    m = ITU_R_REC.fullmatch(rest.upper())
    if m is not None:
        return Identifier(
            scheme=NAME,
            body="ITU-R",
            country="INT",
            prefix="ITU-R",
            number=m["num"],
            revision=int(m["rev"]) if m["rev"] is not None else None,
            doctype=DocType.RECOMMENDATION,
        )
    if ITU_R_OTHER.fullmatch(rest) is None:
        raise fail("not a readable ITU-R identifier", original, 6)
    doctype = DocType.HANDBOOK if rest.endswith(".HDB") else DocType.OTHER
    return Identifier(
        scheme=NAME,
        body="ITU-R",
        country="INT",
        prefix="ITU-R",
        number=rest,
        doctype=doctype,
        extra=(("form", "other"),),
    )


def _supplements(ident: Identifier) -> str:
    seps = get_extra(ident, "seps") or " " * len(ident.supplements)
    out = []
    for sep, sup in zip(seps, ident.supplements, strict=False):
        if sup.number is None:
            out.append(sep + sup.kind)
            continue
        n = ROMAN_BACK.get(sup.number, str(sup.number)) if sup.kind == "App." else str(sup.number)
        out.append(f"{sep}{sup.kind} {n}")
    return "".join(out)


def render(ident: Identifier) -> str:
    if ident.body == "ITU-R":
        if ident.revision is not None:
            return f"ITU-R {ident.number}-{ident.revision}"
        return f"ITU-R {ident.number}"
    text = f"ITU-T {ident.number}"
    version = get_extra(ident, "version")
    if version:
        text += f" ({version})"
    year = ident.year
    if ident.supplements:
        if ident.year is not None:
            text += f" ({ident.year})"
        text += _supplements(ident)
        year = ident.supplements[-1].year
    if year is not None:
        text += f" ({ident.month:02d}/{year})" if ident.month else f" ({year})"
    return text


def edition_key(ident: Identifier) -> str:
    return render(ident)


def work_key(ident: Identifier) -> str:
    return f"{ident.prefix} {ident.number}"


def base_of(ident: Identifier) -> Identifier:
    if not ident.supplements:
        return ident
    extra = tuple(kv for kv in ident.extra if kv[0] != "seps")
    return dataclasses.replace(ident, supplements=(), month=None, extra=extra, doctype=DocType.RECOMMENDATION)
