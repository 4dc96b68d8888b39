"""The grammar shared by ISO and IEC identifiers (both catalogues hold both spellings).

Shape: ``HEAD NUMBER[-PART[/SHEET]][.ITER][:YEAR][+AMDn:YYYY...][ CSV][ CMV][/SUPPLEMENT...][ RLV][ EDn]
[ (all parts)][(en)]``

HEAD is a run of tokens separated by "/" or " ": the organisation (ISO, IEC,
CISPR, IWA), co-publishers (IEC, IEEE, ASTM ...), a stage (CD, DIS, FDIS,
DTS ...) and a deliverable type (TS, TR, PAS, Guide, R ...). The head is kept
as written in ``Identifier.prefix`` (token case normalised), so each body's
spelling renders back unchanged ("IEC/TR" in the ISO data, "IEC TR" in the
IEC data); keys use one normalised spelling of it.

Supplements are written as each body does: ISO "/Amd 1:2024", "/Cor 1:2009",
draft stages "/CD Amd 2", "/DAmd 2", "/FDAmd 1" (older records: "/DAM 2",
"/FDAM 1"; keys use the newer spelling); IEC "/AMD1:2023", "/COR1:2021",
"/ISH1:2020", fast-track fragments "/FRAG5". A language suffix is glued, as on
the ISO Online Browsing Platform ("ISO 9001:2015(en)"). Publications named
rather than numbered ("IEC CA 01:2016", "ISO/IEC VIM:1993", "IEC White Paper
Microgrids:2014", "ISO/IEC Directives, Part 2") keep the name as the number.
A colon without a year and a hyphen without a part are crawl damage and are
rejected, never guessed at.

The IEC conformity assessment systems publish under their own names (IECQ,
IECEE, IECEx, IECRE): rules and specifications numbered like standards
("IECQ 03-3-1:2013", "IECQ 080000-ZHS:2017" with a language code as the part),
operational documents ("IECQ OD 3405:2017") and component specifications
("IECQ CS 033200-TW0003:2015"); OD and CS are types of these systems only.
The ISO/IEC Directives are cited by part and by the supplement of each body:
``ISO/IEC DIR[ 1|2][ ISO|IEC|JTC 1 SUP][:YYYY]`` ("ISO/IEC DIR 1 IEC SUP"),
or a part in one body's edition ("ISO/IEC DIR 2 IEC"); the body that publishes
a supplement or an edition is its body.

>>> from stdbridge.identifiers import parse
>>> parse("ISO 14001:2015/DAM 2").edition_key
'ISO 14001:2015/DAmd 2'
>>> parse("IEC 60695-2-1/0:1994").work_key
'IEC 60695-2-1/0'
>>> parse("iso 9001:2015 (E)").render()
'ISO 9001:2015(E)'
>>> d = parse("ISO/IEC DIR 1 IEC SUP")
>>> d.body, d.part, d.render()
('IEC', '1', 'ISO/IEC DIR 1 IEC SUP')
>>> parse("IECQ OD 3405:2017").body
'IEC'
"""

from __future__ import annotations

import re

from stdbridge.identifiers._common import (
    bad,
    check_year,
    fail,
    get_extra,
    kind_doctype,
)
from stdbridge.identifiers.base import Identifier, Supplement
from stdbridge.models import DocType

ORGS = {"ISO": "ISO", "IEC": "IEC", "CISPR": "IEC", "IWA": "ISO"}
ORGS.update(dict.fromkeys(("IECQ", "IECEE", "IECEx", "IECRE"), "IEC"))
# The conformity assessment systems: no co-publisher, no stage, and their own types.
CA_SYSTEMS = frozenset({"IECQ", "IECEE", "IECEx", "IECRE"})
CA_TYPES = frozenset({"OD", "CS"})
COPUBS = frozenset({"IEC", "IEEE", "ASTM", "SAE", "HL7", "CIE", "ASME", "OECD", "UNDP", "ISO", "CISPR"})
TYPES = {
    "TS": DocType.TECHNICAL_SPECIFICATION,
    "TR": DocType.TECHNICAL_REPORT,
    "PAS": DocType.PUBLICLY_AVAILABLE_SPECIFICATION,
    "Guide": DocType.GUIDE,
    "R": DocType.RECOMMENDATION,
    "ISP": DocType.OTHER,
    "TTA": DocType.OTHER,
    "DATA": DocType.OTHER,
    "SRD": DocType.OTHER,
    "ACEE": DocType.OTHER,
    "OD": DocType.OTHER,  # operational document of a conformity assessment system
    "CS": DocType.OTHER,  # IECQ component specification
}
STAGES = frozenset({"NP", "PWI", "AWI", "WD", "CD", "DIS", "FDIS", "PRF", "DTS", "DTR", "DPAS", "DGuide"})
STAGE_TYPE = {"DTS": "TS", "DTR": "TR", "DPAS": "PAS", "DGuide": "Guide"}
CANON = {t.upper(): t for t in (*ORGS, *COPUBS, *TYPES, *STAGES)}

HEAD_TOKEN = re.compile(r"(HL7|[A-Za-z]+)([/ ]?)")
# Longer spellings first: "DAmd" (ISO since ~2020) before the older "DAM".
_KINDS = r"(?i:amd|cor|add|suppl|ext|fdamd|damd|fdam|dam|dcor|fdcor|dad|ish|err|frag)"
_SUPP = rf"/(?:(?:NP|PWI|AWI|WD|CD|DIS|FDIS|PRF) )?{_KINDS}(?: ?\d+(?:\.\d+)?)?(?::\d{{4}})?"
SUPP = re.compile(
    r"/(?:(?P<st>NP|PWI|AWI|WD|CD|DIS|FDIS|PRF) )?(?P<kind>"
    + _KINDS
    + r")(?: ?(?P<n>\d+)(?:\.(?P<it>\d+))?)?(?::(?P<y>\d{4}))?"
)
PLUS = re.compile(r"\+(?P<kind>AMD|Amd ?)(?P<n>\d+):(?P<y>\d{4})")
# Versions the IEC webstore sells besides the publication: redline (RLV), commented (CMV), extended (EXV),
# prerelease (PRV), package (PAC), series (SER), database (DB).
_SUFFIXES = r"EXV-CMV|EXV-RLV|RLV|EXV|CMV|PRV|PAC|SER|DB"
# A part segment may end in one lower-case letter (old IEC "60068-2-2a"); old IEC
# publications were split into numbered sheets written after a slash
# ("IEC 60695-2-1/0:1994"). A version suffix can precede corrigenda of that
# version ("IEC 60079-10-1:2020 CMV/COR1:2021"); "ED5" is the IEC edition marker, "ED1.2" that of edition 1
# consolidated with two amendments.
REST = re.compile(
    r"(?P<num>\d+[A-Z]?)"
    r"(?:-(?P<part>[0-9A-Z]+[a-z]?(?:-[0-9A-Z]+[a-z]?)*)(?:/(?P<sheet>\d+))?|\((?P<ppart>\d+)\))?"
    r"(?:\.(?P<iter>\d+))?"
    r"(?:(?P<ysep>[: ])(?P<year>\d{4}))?"
    r"(?P<plus>(?:\+(?:AMD|Amd ?)\d+:\d{4})*)(?P<csv> CSV)?(?: (?P<presuffix>" + _SUFFIXES + r")(?=/))?"
    r"(?P<supps>(?:" + _SUPP + r")*)"
    r"(?: (?P<suffix>" + _SUFFIXES + r"))?(?: ED(?P<ed>\d+(?:\.\d+)?))?"
    r"(?P<allp> \(all parts\))?(?: ?\((?P<lang>[a-z]{2}|[EFRS])\))?"
)
KIND_CANON = {
    "amd": "Amd",
    "cor": "Cor",
    "add": "Add",
    "suppl": "Suppl",
    "ext": "Ext",
    "dam": "DAM",
    "fdam": "FDAM",
    "damd": "DAmd",
    "fdamd": "FDAmd",
    "dcor": "DCOR",
    "fdcor": "FDCOR",
    "dad": "DAD",
    "ish": "ISH",
    "err": "Err",
    "frag": "FRAG",
}
LANG_LETTER = {"E": "en", "F": "fr", "R": "ru", "S": "es"}
NO_EDITION_SUFFIX = frozenset({"RLV", "EXV", "CMV", "EXV-CMV", "EXV-RLV", "PRV"})
# IEC non-standard publications: "IEC White Paper Microgrids:2014".
PAPER = re.compile(
    r"IEC (?P<series>White Paper|Trend Report|Technology Report|Technology and Market Outlook Paper) "
    r"(?P<title>[A-Za-z0-9][A-Za-z0-9 ,.'&()-]*(?::[A-Za-z][A-Za-z0-9 ,.'&()-]*)?):(?P<year>\d{4})"
)
# Publications named by an upper-case code instead of a number ("IEC CA 01:2016",
# "IEC GIORGI:2001", "ISO/IEC VIM:1993", "ISO/IEC SYMBOL:2025 DB"). The year is
# required: without it the form would swallow any word after "ISO".
NAMED = re.compile(r"(?P<name>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?: \d+)?):(?P<year>\d{4})(?: (?P<suffix>CSV|DB))?")
# "ISO/IEC Directives, Part 2:2018": the rules for drafting, cited as adoption sources.
DIRECTIVES = re.compile(r"Directives(?:, Part (?P<part>\d))?(?::(?P<year>\d{4}))?")
# "ISO/IEC DIR 1 IEC SUP", "ISO/IEC DIR JTC 1 SUP:2021", "ISO/IEC DIR 2 IEC": the Directives have two parts;
# each body (and JTC 1) publishes a supplement, and a body may publish its own edition of a part.
DIR = re.compile(r"DIR(?: (?P<part>[12]))?(?: (?P<pub>ISO|IEC|JTC 1)(?P<sup> SUP)?)?(?::(?P<year>\d{4}))?")
ISO_KEY_KIND = {"AMD": "Amd", "COR": "Cor"}
DRAFT_KEY_KIND = {"DAM": "DAmd", "FDAM": "FDAmd"}  # the older and the current spelling of one stage
IEC_KEY_KIND = {"Amd": "AMD", "Cor": "COR"}
_IEC_GLUED = frozenset({"AMD", "COR", "ISH", "FRAG"})


def _kind(written: str) -> str:
    if written in ("AMD", "COR", "ISH", "FRAG"):
        return written
    return KIND_CANON[written.lower()]


# (prefix, org, copublishers, stage, type) of each head text seen ("ISO/IEC DIS "):
# catalogues repeat a few dozen heads, so reading each once keeps the hot path short.
_Head = tuple[str, str, tuple[str, ...], str | None, str | None]
_HEADS: dict[str, _Head] = {}
_HEADS_MAX = 4096
_NOT_DIGITS = re.compile(r"\D*")


def _read_head(text: str) -> tuple[int, _Head] | Identifier | None:
    """Read the tokens before the number: (end, head), a named publication, or None when not ISO/IEC."""
    pos = 0
    tokens: list[str] = []
    seps: list[str] = []
    n = len(text)
    while pos < n and not text[pos].isdigit():
        m = HEAD_TOKEN.match(text, pos)
        if m is None:
            if not tokens:
                return None
            raise fail("unexpected character in the designation prefix", text, pos)
        tok = "GUIDE" if m[1] == "GUIDE" else CANON.get(m[1].upper())
        if tok is None:
            if not tokens:
                return None
            if tokens[0] in ("ISO", "IEC") and all(t in COPUBS for t in tokens):
                return _named(text, tokens, seps, pos)
            raise fail(f"unknown designation token {m[1]!r}", text, pos)
        tokens.append(tok)
        seps.append(m[2])
        pos = m.end()
        if not m[2]:
            break
    if not tokens:
        return None
    first = tokens[0]
    org_index = 0
    if first not in ORGS:
        if first in STAGES and len(tokens) > 1 and tokens[1] == "IWA":
            org_index = 1
        else:
            return None
    org = tokens[org_index]
    if org in CA_SYSTEMS and any(t not in CA_TYPES for t in tokens[1:]):
        raise fail(f"{org} takes no co-publisher and no stage", text, None)
    if org not in CA_SYSTEMS and any(t in CA_TYPES for t in tokens[1:]):
        raise fail("OD and CS are documents of the IEC conformity assessment systems", text, None)
    copubs: list[str] = []
    stage: str | None = tokens[0] if org_index else None
    dtype: str | None = None
    for i in range(org_index + 1, len(tokens)):
        tok = tokens[i]
        if tok == "GUIDE":
            tok = "Guide"
        if tok in STAGES and stage is None and dtype is None:
            stage = tok
            dtype = STAGE_TYPE.get(tok)
        elif tok in TYPES and dtype is None:
            dtype = tok
        elif tok in COPUBS and stage is None and dtype is None and tok != org and tok not in copubs:
            copubs.append(tok)
        else:
            raise fail(f"misplaced designation token {tok!r}", text, None)
    if pos >= n:
        raise fail("missing document number", text, pos)
    if seps[-1] == "":
        seps[-1] = " "
    prefix = "".join(t + s for t, s in zip(tokens, seps, strict=True))[:-1]
    return pos, (prefix, org, tuple(copubs), stage, dtype)


def parse(text: str) -> Identifier | None:
    """Parse cleaned ISO/IEC-family text; None when the first token is not ISO, IEC, CISPR or IWA."""
    head_text = _NOT_DIGITS.match(text)[0]  # type: ignore[index]  # \D* always matches
    pos = len(head_text)
    head = _HEADS.get(head_text)
    if head is None or pos == len(text):
        found = _read_head(text)
        if found is None or isinstance(found, Identifier):
            return found
        end, head = found
        if end != pos:  # the head ended before the first digit ("ISO-9001"): read on from there
            pos = end
        else:
            if len(_HEADS) >= _HEADS_MAX:
                _HEADS.clear()
            _HEADS[head_text] = head
    prefix, org, copubs, stage, dtype = head
    n = len(text)
    m = REST.match(text, pos)
    if m is None:
        raise fail("expected a document number", text, pos)
    if m.end() != n:
        if m["part"] is None and text[m.end("num") : m.end("num") + 1] == "-":
            raise fail("a hyphen must be followed by a part number", text, m.end("num"))
        if m["year"] and m.end() == m.end("year") and text[m.end()].isdigit():
            raise bad("year", "more than four digits", text, m.start("year"))
        if text[m.end()] == ":":
            if m["year"] and text[m.end() + 1 : m.end() + 5].isdigit():
                raise fail("a second date after the year", text, m.end())
            raise fail("a colon must be followed by a four-digit year", text, m.end())
        raise fail("unexpected text after the identifier", text, m.end())

    extra: list[tuple[str, str]] = []
    # One call for all groups: this is the hot path of every ISO and IEC identifier.
    num, part, ppart, sheet, iteration, year_text, plus, csv, supps, presuffix, suffix, ed, allp, lang = m.group(
        "num", "part", "ppart", "sheet", "iter", "year", "plus", "csv", "supps", "presuffix", "suffix", "ed", "allp",
        "lang",
    )  # fmt: skip
    if ppart:  # old IEV style "IEC 60050(161):1990"
        part = ppart
        extra.append(("part_form", "paren"))
    if sheet:
        extra.append(("sheet", sheet))
    if iteration:
        extra.append(("iteration", iteration))
    year = None
    if year_text:
        year = check_year(int(year_text), text, m.start("year"))
    supplements: list[Supplement] = []
    sepchars = ""
    if plus:
        for pm in PLUS.finditer(plus):
            kind = pm["kind"].strip()
            supplements.append(
                Supplement(
                    kind,
                    int(pm["n"]),
                    check_year(int(pm["y"]), text, m.start("plus") + pm.start("y")),
                    DocType.AMENDMENT,
                )
            )
            sepchars += "+"
    if supps:
        for sm in SUPP.finditer(supps):
            kind = _kind(sm["kind"])
            if sm["n"] is None and kind != "Suppl":
                raise bad("supplement number", f"{kind} without a number", text, m.start("supps") + sm.end())
            if sm["st"]:
                kind = f"{sm['st']} {kind}"
            sy = check_year(int(sm["y"]), text, m.start("supps") + sm.start("y")) if sm["y"] else None
            supplements.append(Supplement(kind, int(sm["n"]) if sm["n"] else None, sy, kind_doctype(kind)))
            sepchars += "/"
            if sm["it"]:
                extra.append(("supp_iteration", sm["it"]))
    if "+" in sepchars:
        extra.append(("seps", sepchars))
    if presuffix:
        extra.append(("presuffix", presuffix))
    if suffix:
        extra.append(("suffix", suffix))
    if ed:
        extra.append(("edition", ed))
    language = None
    if lang:
        language = LANG_LETTER.get(lang, lang)
        if lang != language:
            extra.append(("lang_form", lang))
    if org == "IWA":
        doctype = DocType.WORKSHOP_AGREEMENT
    elif dtype is not None:
        doctype = TYPES[dtype]
    else:
        doctype = DocType.STANDARD
    if stage is not None:
        doctype = DocType.DRAFT
    if supplements:
        doctype = supplements[-1].doctype
    return Identifier(
        scheme="iso" if ORGS[org] == "ISO" else "iec",
        body=ORGS[org],
        country="INT",
        prefix=prefix,
        number=num,
        part=part,
        year=year,
        doctype=doctype,
        stage=stage,
        copublishers=copubs,
        supplements=tuple(supplements),
        consolidated=bool(csv),
        all_parts=bool(allp),
        language=language,
        extra=tuple(extra),
    )


def _named(text: str, tokens: list[str], seps: list[str], pos: int) -> Identifier:
    """A publication named rather than numbered: IEC papers, "IEC CA 01:2016", "ISO/IEC Directives"."""
    org = tokens[0]
    if tokens == ["IEC"]:
        paper = PAPER.fullmatch(text)
        if paper is not None:
            return Identifier(
                scheme="iec",
                body="IEC",
                country="INT",
                prefix=f"IEC {paper['series']}",
                number=paper["title"],
                year=check_year(int(paper["year"]), text, paper.start("year")),
                doctype=DocType.OTHER,
                extra=(("form", "paper"),),
            )
    if seps[-1] != " ":
        raise fail("unknown designation token", text, pos)
    prefix = "".join(t + s for t, s in zip(tokens, seps, strict=True))[:-1]
    if tokens == ["ISO", "IEC"] and text.startswith("DIR", pos) and text[pos + 3 : pos + 4] in ("", " ", ":"):
        return _directives(text, pos)
    m = NAMED.fullmatch(text, pos)
    if m is not None:
        name, part = m["name"], None
        extra = [("form", "named")] + ([("suffix", m["suffix"])] if m["suffix"] else [])
    elif tokens == ["ISO", "IEC"] and (m := DIRECTIVES.fullmatch(text, pos)) is not None:
        name, part = "Directives", m["part"]
        extra = [("form", "named")]
    else:
        raise fail(f"unknown {org} designation", text, pos)
    return Identifier(
        scheme="iso" if ORGS[org] == "ISO" else "iec",
        body=ORGS[org],
        country="INT",
        prefix=prefix,
        number=name,
        part=part,
        year=check_year(int(m["year"]), text, m.start("year")) if m["year"] else None,
        doctype=DocType.OTHER,
        copublishers=tuple(tokens[1:]),
        extra=tuple(extra),
    )


def _directives(text: str, pos: int) -> Identifier:
    """The Directives cited by part, supplement and edition: "ISO/IEC DIR 1 IEC SUP", "ISO/IEC DIR 2 IEC"."""
    m = DIR.fullmatch(text, pos)
    if m is None:
        raise fail("the ISO/IEC Directives are cited 'ISO/IEC DIR [1|2] [ISO|IEC|JTC 1 SUP][:YYYY]'", text, pos)
    part, pub, sup = m["part"], m["pub"], bool(m["sup"])
    if pub == "JTC 1" and not sup:
        raise fail("JTC 1 publishes a supplement to the Directives, not an edition", text, m.start("pub"))
    if pub and not sup and not part:
        raise fail("a body's edition of the Directives names the part", text, m.start("pub"))
    body = "IEC" if pub == "IEC" else "ISO"
    extra: list[tuple[str, str]] = [("form", "dir")]
    if pub:
        extra.append(("dir_publisher", pub))
    if sup:
        extra.append(("dir_supplement", "SUP"))
    return Identifier(
        scheme="iso" if body == "ISO" else "iec",
        body=body,
        country="INT",
        prefix="ISO/IEC DIR",
        number="DIR",
        part=part,
        year=check_year(int(m["year"]), text, m.start("year")) if m["year"] else None,
        doctype=DocType.OTHER,
        copublishers=("IEC",),
        extra=tuple(extra),
    )


def _render_directives(ident: Identifier, *, with_year: bool = True) -> str:
    text = ident.prefix
    if ident.part:
        text += " " + ident.part
    pub = get_extra(ident, "dir_publisher")
    if pub:
        text += " " + pub
    if get_extra(ident, "dir_supplement"):
        text += " SUP"
    if with_year and ident.year is not None:
        text += f":{ident.year}"
    return text


def _render_named(ident: Identifier) -> str:
    text = f"{ident.prefix} {ident.number}"
    if ident.part:
        text += f", Part {ident.part}"
    if ident.year is not None:
        text += f":{ident.year}"
    suffix = get_extra(ident, "suffix")
    if suffix:
        text += " " + suffix
    return text


def _head(ident: Identifier) -> tuple[str, list[str], str | None, str | None]:
    """(org, copublishers, stage, type) recovered from the written prefix."""
    toks = [CANON.get(t.upper(), t) for t in re.split(r"[/ ]", ident.prefix)]
    org = toks[0]
    stage = None
    dtype = None
    if org in STAGES:
        stage, org = org, toks[1]
        toks = toks[1:]
    copubs = []
    for tok in toks[1:]:
        if tok in STAGES:
            stage = tok
        elif tok in TYPES:
            dtype = tok
        else:
            copubs.append(tok)
    return org, copubs, stage, dtype


def key_prefix(ident: Identifier, *, with_stage: bool) -> str:
    org, copubs, stage, dtype = _head(ident)
    if not with_stage and stage is not None:
        dtype = dtype or STAGE_TYPE.get(stage)
        stage = None
    if stage in STAGE_TYPE:
        dtype = None
    if org == "IWA":
        return f"{stage} IWA" if stage else "IWA"
    text = org + "".join("/" + c for c in copubs)
    slash = org == "ISO" and not copubs
    if stage:
        text += ("/" if slash else " ") + stage
        slash = False
    if dtype:
        text += ("/" if slash and dtype != "Guide" else " ") + dtype
    return text


def _core(ident: Identifier, *, key: bool = False) -> str:
    text = ident.number
    if ident.part:
        text += f"({ident.part})" if get_extra(ident, "part_form") and not key else "-" + ident.part
    sheet = get_extra(ident, "sheet")
    if sheet:
        text += "/" + sheet
    it = get_extra(ident, "iteration")
    if it:
        text += "." + it
    return text


def _supplements(ident: Identifier, *, key: bool) -> str:
    """The supplements, with " CSV" (and a version suffix such as " CMV") before the first "/" one."""
    boundary = " CSV" if ident.consolidated else ""
    pre = get_extra(ident, "presuffix")
    if pre and not (key and pre in NO_EDITION_SUFFIX):
        boundary += " " + pre
    if not ident.supplements:
        return boundary
    seps = get_extra(ident, "seps") or "/" * len(ident.supplements)
    iec_style = ident.body == "IEC"
    out = []
    last = len(ident.supplements) - 1
    supp_it = get_extra(ident, "supp_iteration")
    for i, (sep, sup) in enumerate(zip(seps, ident.supplements, strict=False)):
        if sep == "/" and boundary:
            out.append(boundary)
            boundary = ""
        kind = sup.kind
        if key:
            stage, _, base = kind.rpartition(" ")
            base = DRAFT_KEY_KIND.get(base, base)
            base = (IEC_KEY_KIND if iec_style else ISO_KEY_KIND).get(base, base)
            if sep == "+":
                base = "AMD"
            kind = f"{stage} {base}" if stage else base
        text = sep + kind
        if sup.number is not None:
            text += f"{sup.number}" if kind in _IEC_GLUED else f" {sup.number}"
            if i == last and supp_it:
                text += "." + supp_it
        if sup.year is not None:
            text += f":{sup.year}"
        out.append(text)
    out.append(boundary)
    return "".join(out)


def _tail(ident: Identifier, *, key: bool) -> str:
    text = ""
    suffix = get_extra(ident, "suffix")
    if suffix and not (key and suffix in NO_EDITION_SUFFIX):
        text += " " + suffix
    edition = get_extra(ident, "edition")
    if edition:
        text += " ED" + edition
    if ident.all_parts:
        text += " (all parts)"
    return text


def render(ident: Identifier) -> str:
    form = get_extra(ident, "form")
    if form == "paper":
        return f"{ident.prefix} {ident.number}:{ident.year}"
    if form == "named":
        return _render_named(ident)
    if form == "dir":
        return _render_directives(ident)
    text = f"{ident.prefix} {_core(ident)}"
    if ident.year is not None:
        text += f":{ident.year}"
    text += _supplements(ident, key=False) + _tail(ident, key=False)
    if ident.language:
        # Glued, as the ISO Online Browsing Platform writes it: "ISO 9001:2015(en)".
        text += f"({get_extra(ident, 'lang_form') or ident.language})"
    return text


def edition_key(ident: Identifier) -> str:
    if get_extra(ident, "form") in ("paper", "named", "dir"):
        return render(ident)
    text = f"{key_prefix(ident, with_stage=True)} {_core(ident, key=True)}"
    if ident.year is not None:
        text += f":{ident.year}"
    return text + _supplements(ident, key=True) + _tail(ident, key=True)


def work_key(ident: Identifier) -> str:
    form = get_extra(ident, "form")
    if form == "dir":
        return _render_directives(ident, with_year=False)
    if form in ("paper", "named"):
        text = f"{ident.prefix} {ident.number}"
        return text + f", Part {ident.part}" if ident.part else text
    text = f"{key_prefix(ident, with_stage=False)} {ident.number}"
    if ident.part:
        text += "-" + ident.part
    sheet = get_extra(ident, "sheet")
    if sheet:
        text += "/" + sheet
    return text
