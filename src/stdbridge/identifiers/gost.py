"""GOST identifiers: ГОСТ (interstate), ГОСТ Р (Russia), ПНСТ, РМГ, ПМГ, Р, ПР, in Cyrillic or Latin.

``ГОСТ[ Р][ ИСО[/ТУ]|МЭК|ИСО/МЭК[ ТО]|ISO Guide|IEC|EN ...] NUMBER[.PART]-YEAR[/INTL | (INTL[, INTL])]``
(GOST 1.5, GOST R 1.7). Own parts are dotted ("ГОСТ 12.1.004-91"; a series
mirroring IEC parts goes on with hyphens: "ГОСТ 31610.10-1-2022"); the number
of an adopted document keeps its hyphens ("ГОСТ IEC 60335-2-24-2016"). Years
before 2000 are often written with two digits ("ГОСТ 2.105-95") and render as
written. An international prefix declares an identical (IDT) adoption of the
undated document (the GOST year is the adoption year), its document type written
in the GOST's script ("ГОСТ Р ИСО/ТУ 16949-2009" adopts ISO/TS 16949, the keys
say ISO/TS); the slash form names the dated IDT original, the parenthesis form
modified (MOD) originals. "Руководство ИСО 73" is ISO Guide 73. Rendering keeps
the script of the input, inside the slash or parenthesis too (``extra``:
``script``, ``slash_script``, ``paren_script``); the keys are Latin, so both
spellings share them. A Latin "P" typed for the Cyrillic "Р" after "ГОСТ" is read as "Р"; a dash typed with
spaces around it renders without. Interstate (ГОСТ, РМГ, ПМГ): body and country
"EASC"; ГОСТ Р, ПНСТ, Р, ПР: body "Rosstandart", country "RU".

>>> from stdbridge.identifiers import parse
>>> i = parse("ГОСТ Р ИСО 9001-2015")
>>> i.render(), i.edition_key, i.work_key
('ГОСТ Р ИСО 9001-2015', 'GOST R ISO 9001-2015', 'GOST R ISO 9001')
>>> parse("GOST R ISO 9001-2015").edition_key
'GOST R ISO 9001-2015'
>>> a = parse("ГОСТ 30804.4.2-2013 (IEC 61000-4-2:2008)").adoptions[0]
>>> a.identifier.render(), a.degree.value, a.form
('IEC 61000-4-2:2008', 'MOD', 'parenthesis')
>>> parse("ГОСТ Р 50571.5.52-2011/МЭК 60364-5-52:2009").adoptions[0].identifier.render()
'IEC 60364-5-52:2009'
>>> parse("ГОСТ IEC 60335-2-24-2016").part
'2-24'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stdbridge.errors import IdentifierError
from stdbridge.identifiers import _intl, cen
from stdbridge.identifiers._common import check_year, fail, get_extra, readable_up_to
from stdbridge.identifiers.base import Adoption, Identifier
from stdbridge.identifiers.normalize import transliterate
from stdbridge.models import Degree, DocType

NAME = "gost"

# The international prefix of an adoption under the international number (GOST 1.5, GOST R 1.7): the
# organisation, then the document type, in one script and spaced as the organisation writes it: ISO/TR,
# ISO/IEC TR, IEC TR or IEC/TR. Cyrillic types: ТО technical report, ТС or ТУ technical specification
# (ISO/TS was first rendered ТУ, "технические условия"), МФС international standardized profile (ISP), ПАС
# publicly available specification, "Руководство" guide.
_INTL = (
    r"ИСО(?:/(?:ТО|ТС|ТУ|ПАС)| РУКОВОДСТВО)?|ИСО/МЭК(?: (?:ТО|ТС|ТУ|МФС)| РУКОВОДСТВО)?"
    r"|МЭК(?:[/ ](?:ТО|ТС|ПАС)| РУКОВОДСТВО)?|ЕН ИСО|ЕН|СИСПР"
    r"|ISO(?:/(?:TR|TS|PAS)| GUIDE)?|ISO/IEC(?: (?:TR|TS|ISP)| GUIDE)?|IEC(?:[/ ](?:TR|TS|PAS)| GUIDE)?"
    r"|EN ISO|EN IEC|EN|CISPR"
)
# The Latin words of the Cyrillic organisations and types, for the adopted identifier and the keys.
INTL_LATIN = {
    "ИСО": "ISO",
    "МЭК": "IEC",
    "ЕН": "EN",
    "СИСПР": "CISPR",
    "ТО": "TR",
    "ТС": "TS",
    "ТУ": "TS",
    "МФС": "ISP",
    "ПАС": "PAS",
    "РУКОВОДСТВО": "Guide",
    "GUIDE": "Guide",
}
_INTL_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z]+")
_WRITTEN = {"РУКОВОДСТВО": "Руководство", "GUIDE": "Guide"}
# Heads and who publishes them. ГОСТ/GOST take "Р" and an international prefix;
# the others are the preliminary national standards (ПНСТ), the interstate
# recommendations and rules of metrology (РМГ, ПМГ) and the Russian
# recommendations and rules for standardisation (Р 50.1.028-2001, ПР 50.1.022-2000).
HEADS = {
    "ГОСТ": ("EASC", DocType.STANDARD),
    "GOST": ("EASC", DocType.STANDARD),
    "ПНСТ": ("RU", DocType.TECHNICAL_SPECIFICATION),
    "PNST": ("RU", DocType.TECHNICAL_SPECIFICATION),
    "РМГ": ("EASC", DocType.OTHER),
    "RMG": ("EASC", DocType.OTHER),
    "ПМГ": ("EASC", DocType.OTHER),
    "PMG": ("EASC", DocType.OTHER),
    "ПР": ("RU", DocType.OTHER),
    "Р": ("RU", DocType.OTHER),
}
_HEAD = r"(?P<g>ГОСТ|GOST|ПНСТ|PNST|РМГ|RMG|ПМГ|PMG|ПР|Р)(?: (?P<r>Р|R|P))?(?: (?P<intl>" + _INTL + r"))? ?(?P<num>\d+)"
_TAIL = r"(?:/(?P<slash>[^()]+)| ?\((?P<paren>[^()]+)\))?"
# The dash before the year may be typed with spaces around it ("ГОСТ Р 71039— 2023"); it renders without.
DATED = re.compile(_HEAD + r"(?:(?P<psep>[.-])(?P<part>\d+(?:[.-]\d+)*?))? ?- ?(?P<year>\d{4}|\d{2})" + _TAIL)
UNDATED = re.compile(_HEAD + r"(?:(?P<psep>[.-])(?P<part>\d+(?:[.-]\d+)*))?")
TO_CYRILLIC = {"ISO": "ИСО", "IEC": "МЭК", "CISPR": "СИСПР", "EN": "ЕН", "TS": "ТС", "TR": "ТО"}
_LATIN_WORD = re.compile(r"[A-Z]+")
_CYR = re.compile(r"[А-ЯЁ]")
# "Руководство ИСО 73:2009" is how a GOST names ISO Guide 73:2009.
_GUIDE_RU = re.compile(r"РУКОВОДСТВО (ИСО/МЭК|ИСО|МЭК) ", re.IGNORECASE)
_GUIDE = re.compile(r"(ISO/IEC|ISO|IEC) Guide ")
# A GOST that writes its own year with two digits (until about 2000) may write the original's year the same way
# ("ГОСТ 19.701-90 (ИСО 5807-85)", "ГОСТ Р 51317.4.5-99 (МЭК 61000-4-5-95)"): in such a GOST, a final two-digit
# group of 50 or more after an original's number, with no colon year, is that year.
_OLD_YEAR = re.compile(r"(?P<head>\D+)(?P<num>\d+)(?P<parts>(?:-\d+)*)-(?P<yy>[5-9]\d)")
_OLD_YEAR_RENDERED = re.compile(r":19(\d\d)$")
# GOST adoptions of ISO and IEC documents under their own numbers began in the
# 1990s ("ГОСТ Р ИСО 9000-1-94"): a final two-digit group below 90 after an
# international number is one of its parts, not a year ("ГОСТ IEC 60335-2-24").
_FIRST_ADOPTION_YEAR = 90


def parse(text: str) -> Identifier | None:
    upper = text.upper()
    m = DATED.fullmatch(upper) or UNDATED.fullmatch(upper)
    if m is None:
        raise fail("not a readable GOST designation", text, readable_up_to(upper, DATED, UNDATED))
    groups = m.groupdict()
    head = m["g"]
    cyr = not head.isascii()
    country, doctype = HEADS[head]
    r, intl = groups["r"], groups["intl"]
    if head not in ("ГОСТ", "GOST") and (r or intl):
        raise fail(f"{head} takes no Р and no international prefix", text, m.start("r" if r else "intl"))
    if head in ("Р", "ПР") and not groups.get("part"):
        raise fail(f"a {head} document number has a dotted part", text, m.end("num"))
    if r is not None:
        if r == "P" and cyr:
            r = "Р"  # the Latin look-alike of the Cyrillic letter
        elif r != ("Р" if cyr else "R"):
            raise fail("mixed Cyrillic and Latin letters in the GOST prefix", text, m.start("r"))
        country = "RU"
    num = m["num"]
    part = groups.get("part")
    psep = groups.get("psep")
    y = groups.get("year")
    if intl and y and len(y) == 2 and int(y) < _FIRST_ADOPTION_YEAR and not (groups["slash"] or groups["paren"]):
        part = f"{part}-{y}" if part else y
        psep = psep or "-"
        y = None
    if not intl:
        # Own parts follow a dot; a part of a series mirroring an IEC one may go on
        # with hyphens ("ГОСТ 31610.10-1-2022"), only before a four-digit year.
        if psep == "-":
            raise fail("a GOST part follows a dot", text, m.start("psep"))
        if part and "-" in part and (y is None or len(y) != 4):
            raise fail("a hyphen in a GOST designation introduces a 2- or 4-digit year", text, m.start("part"))
    extra: list[tuple[str, str]] = [("script", "cyrillic" if cyr else "latin")]
    year = None
    if y:
        if len(y) == 2:
            year = 1900 + int(y)
            extra.append(("year_digits", "2"))
        else:
            year = check_year(int(y), text, m.start("year"))
    if psep == "-":
        extra.append(("part_sep", "-"))
    adoptions: list[Adoption] = []
    if intl:
        latin = _INTL_WORD.sub(lambda w: INTL_LATIN.get(w[0], w[0]), intl)
        intl = _INTL_WORD.sub(lambda w: _WRITTEN.get(w[0], w[0]), intl)
        adopted = _embedded(f"{latin} {num}" + (f"-{part.replace('.', '-')}" if part else ""), text, m.start("intl"))
        adoptions.append(Adoption(adopted, Degree.IDT, "prefix"))
        if adopted.doctype in (DocType.TECHNICAL_REPORT, DocType.TECHNICAL_SPECIFICATION):
            doctype = adopted.doctype
    for form, degree in (("slash", Degree.IDT), ("paren", Degree.MOD)):
        if not groups.get(form):
            continue
        original = text[m.start(form) : m.end(form)]
        if _CYR.search(original.upper()):
            extra.append((f"{form}_script", "cyrillic"))
        # Several modified originals are listed with commas: "(ЕН 81-1:1998, ЕН 81-2:1998)".
        pieces = original.split(",") if form == "paren" else [original]
        old_style = []
        for piece in pieces:
            latin = transliterate(_GUIDE_RU.sub(r"\1 Guide ", piece.strip()))
            old = _OLD_YEAR.fullmatch(latin) if y and len(y) == 2 else None
            old_style.append(old is not None)
            if old is not None:
                latin = f"{old['head']}{old['num']}{old['parts']}:19{old['yy']}"
            adopted = _embedded(latin, text, m.start(form))
            adoptions.append(Adoption(adopted, degree, "parenthesis" if form == "paren" else "slash"))
        if any(old_style):
            if not all(old_style):
                raise fail("the originals' years are written in two styles", text, m.start(form))
            extra.append((f"{form}_years", "2"))
    prefix = head + (f" {r}" if r else "") + (f" {intl}" if intl else "")
    return Identifier(
        scheme=NAME,
        body="EASC" if country == "EASC" else "Rosstandart",
        country=country,
        prefix=prefix,
        number=num,
        part=part,
        year=year,
        doctype=doctype,
        adoptions=tuple(adoptions),
        extra=tuple(extra),
    )


def _embedded(text: str, original: str, position: int) -> Identifier:
    """The adopted ISO, IEC or EN identifier (already in Latin letters) that starts at ``position``."""
    try:
        ident = cen.parse(text) if text[:2].upper() == "EN" else _intl.parse(text)
    except IdentifierError as exc:
        raise fail(f"unreadable adopted identifier {text!r} ({exc.message})", original, position) from None
    if ident is None:
        raise fail(f"unreadable adopted identifier {text!r}", original, position)
    return ident


def _latin(text: str) -> str:
    """The Latin spelling of a designation for the keys, type markers included (ИСО/ТУ -> ISO/TS)."""
    if text.isascii():
        return text
    return transliterate(_INTL_WORD.sub(lambda w: INTL_LATIN.get(w[0].upper(), w[0]), text))


def _cyrillic(text: str) -> str:
    """Cyrillic designation words of an embedded ISO/IEC identifier (ISO 9001:2000 -> ИСО 9001:2000)."""
    guide = _GUIDE.match(text)
    if guide is not None:  # ISO Guide 73:2009 -> Руководство ИСО 73:2009
        text = f"Guide {guide[1]} {text[guide.end() :]}"
    head_end = next((i for i, c in enumerate(text) if c.isdigit()), len(text))
    head = _LATIN_WORD.sub(lambda w: TO_CYRILLIC.get(w[0], w[0]), text[:head_end])
    return head.replace("Guide", "Руководство", 1) + text[head_end:]


def _designation(ident: Identifier, *, four_digits: bool) -> str:
    text = f"{ident.prefix} {ident.number}"
    if ident.part:
        text += (get_extra(ident, "part_sep") or ".") + ident.part
    if ident.year is not None:
        if not four_digits and get_extra(ident, "year_digits") == "2":
            text += f"-{ident.year % 100:02d}"
        else:
            text += f"-{ident.year}"
    return text


def _as_written(ident: Identifier, form: str, render_one: Callable[[Identifier], str]) -> Callable[[Identifier], str]:
    """How the originals of one form are rendered: with the year as the GOST writes it ("ИСО 5807-85")."""
    if not get_extra(ident, f"{form}_years"):
        return render_one
    return lambda original: _OLD_YEAR_RENDERED.sub(r"-\1", render_one(original))


def _tail(ident: Identifier, render_one: Callable[[Identifier], str], *, scripts: bool) -> str:
    slash = [a.identifier for a in ident.adoptions if a.form == "slash"]
    paren = [a.identifier for a in ident.adoptions if a.form == "parenthesis"]
    text = ""
    slash_one, paren_one = (
        _as_written(ident, form, render_one) if scripts else render_one for form in ("slash", "paren")
    )
    if slash:
        inner = "/".join(slash_one(i) for i in slash)
        text += "/" + (_cyrillic(inner) if scripts and get_extra(ident, "slash_script") else inner)
    if paren:
        cyrillic = scripts and get_extra(ident, "paren_script")
        text += " (" + ", ".join(_cyrillic(paren_one(i)) if cyrillic else paren_one(i) for i in paren) + ")"
    return text


def render(ident: Identifier) -> str:
    from stdbridge.identifiers import render as render_any

    return _designation(ident, four_digits=False) + _tail(ident, render_any, scripts=True)


def edition_key(ident: Identifier) -> str:
    from stdbridge.identifiers import edition_key as key_any

    return _latin(_designation(ident, four_digits=True)) + _tail(ident, key_any, scripts=False)


def work_key(ident: Identifier) -> str:
    text = _latin(f"{ident.prefix} {ident.number}")
    if ident.part:
        text += (get_extra(ident, "part_sep") or ".") + ident.part
    return text


def base_of(ident: Identifier) -> Identifier:
    return ident
