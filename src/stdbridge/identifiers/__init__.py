"""Parse, render and key standard identifiers of many bodies.

``parse`` cleans the text (``clean``), picks one scheme module by the leading
token and lets it build an ``Identifier``; ``render`` gives the canonical text
back. ``edition_key`` / ``work_key`` name the edition and the work;
``compact_key`` is the sloppy lookup key of any text.

>>> ident = parse("BS EN ISO 9001:2015")
>>> [a.identifier.render() for a in ident.adoptions]
['EN ISO 9001:2015', 'ISO 9001:2015']
>>> compact_key("iso 9001 2015") == compact_key("ISO 9001:2015") == "ISO90012015"
True
"""

from __future__ import annotations

import dataclasses
import re
from types import ModuleType
from typing import Any

from stdbridge.errors import IdentifierError, InvalidComponent, InvalidFormat
from stdbridge.identifiers import bsi, cen, din, gb, gost, iec, iso, itu, jis, ks
from stdbridge.identifiers.base import Adoption, Identifier, Supplement
from stdbridge.identifiers.normalize import clean, compact, transliterate
from stdbridge.models import Standard

__all__ = [
    "BARE",
    "LOOSE",
    "SCHEMES",
    "Adoption",
    "Identifier",
    "IdentifierError",
    "InvalidComponent",
    "InvalidFormat",
    "Supplement",
    "base_of",
    "clean",
    "compact_key",
    "describe",
    "edition_key",
    "lookup_keys",
    "parse",
    "render",
    "transliterate",
    "work_key",
]

SCHEMES: tuple[ModuleType, ...] = (iso, iec, itu, cen, bsi, din, jis, ks, gb, gost)
_BY_NAME: dict[str, ModuleType] = {m.NAME: m for m in SCHEMES}
MAX_LENGTH = 200

_DISPATCH: dict[str, ModuleType] = {
    "ISO": iso,
    "IEC": iec,
    "CISPR": iec,
    "IECQ": iec,
    "IECEE": iec,
    "IECEX": iec,
    "IECRE": iec,
    "IWA": iso,
    "CD": iso,
    "ITU": itu,
    "EN": cen,
    "ENV": cen,
    "PREN": cen,
    "FPREN": cen,
    "CEN": cen,
    "CLC": cen,
    "CWA": cen,
    "HD": cen,
    "BS": bsi,
    "PD": bsi,
    "PAS": bsi,
    "DD": bsi,
    "OHSAS": bsi,
    "NA": bsi,
    "DIN": din,
    "JIS": jis,
    "TR": jis,
    "TS": jis,
    "KS": ks,
    "ГОСТ": gost,
    "GOST": gost,
    "ПНСТ": gost,
    "PNST": gost,
    "РМГ": gost,
    "RMG": gost,
    "ПМГ": gost,
    "PMG": gost,
    "ПР": gost,
    "Р": gost,
}
for _code in gb.LEADING_TOKENS:
    _DISPATCH.setdefault(_code, gb)

_LEAD = re.compile(r"[^\W\d_]+")


def _scheme_for(text: str) -> ModuleType | None:
    m = _LEAD.match(text)
    if m is None:
        return None
    token = m[0].upper()
    module = _DISPATCH.get(token)
    if module is not None:
        return module
    end = m.end()
    nxt = text[end : end + 1]
    if nxt == "." and (len(token) == 1 or token in itu.R_SERIES):  # X.509, BT.709
        return itu
    if token in ("REC", "RECOMMENDATION"):  # "Recommendation ITU-T G.711"
        return itu
    if len(token) == 1:
        if token == "E" and text[end : end + 5].upper() == " DIN ":
            return din
        if token in ("T", "Q") and nxt == "/":
            return gb
    if token.endswith(("T", "Z")) and token[:-1] in _DISPATCH and _DISPATCH[token[:-1]] is gb:
        return gb
    # Class letter typed without a space: "JISQ9001", "KSQISO9001".
    if token.startswith("JIS") and len(token) == 4:
        return jis
    if token.startswith("KS") and len(token) >= 3:
        return ks
    return None


def parse(text: object) -> Identifier:
    """Parse an identifier; raise InvalidFormat or InvalidComponent for anything else."""
    if not isinstance(text, str):
        raise InvalidFormat(f"an identifier must be text, not {type(text).__name__}", value=repr(text)[:200])
    if len(text) > MAX_LENGTH:
        raise InvalidFormat(f"identifier longer than {MAX_LENGTH} characters", value=text[:200], position=MAX_LENGTH)
    cleaned = clean(text)
    if not cleaned:
        raise InvalidFormat("empty identifier", value=text, position=0)
    module = _scheme_for(cleaned)
    if module is None:
        raise InvalidFormat(f"no identifier scheme starts like {cleaned[:20]!r} at position 0", value=text, position=0)
    try:
        ident: Identifier | None = module.parse(cleaned)
    except IdentifierError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, OverflowError) as exc:  # defensive: never leak these
        raise InvalidFormat(f"unreadable identifier ({exc})", value=text) from None
    if ident is None:
        raise InvalidFormat(f"not a {module.NAME} identifier: {cleaned!r}", value=text, position=0)
    return ident


def _module(ident: Identifier) -> ModuleType:
    module = _BY_NAME.get(ident.scheme)
    if module is None:
        raise InvalidFormat(f"unknown identifier scheme {ident.scheme!r}", value=ident.scheme)
    return module


def render(ident: Identifier) -> str:
    """The canonical text of an identifier, as its body writes it."""
    text: str = _module(ident).render(ident)
    return text


def edition_key(ident: Identifier) -> str:
    """A canonical string naming the edition (same for every spelling of it)."""
    module = _module(ident)
    fn = getattr(module, "edition_key", None)
    if fn is not None:
        key: str = fn(ident)
        return key
    return render(dataclasses.replace(ident, language=None))


def work_key(ident: Identifier) -> str:
    """A canonical string naming the work across its editions, drafts and supplements."""
    module = _module(ident)
    fn = getattr(module, "work_key", None)
    if fn is not None:
        key: str = fn(ident)
        return key
    base = dataclasses.replace(ident, year=None, month=None, revision=None, supplements=(), stage=None, language=None)
    return render(base)


def base_of(ident: Identifier) -> Identifier:
    """The same identifier without supplements or consolidation (a supplement's base document)."""
    module = _module(ident)
    fn = getattr(module, "base_of", None)
    if fn is not None:
        result: Identifier = fn(ident)
        return result
    if not ident.supplements and not ident.consolidated:
        return ident
    # "ED5" after a supplement chain ("/AMD1/FRAG5 ED5") is the edition of the supplement, not of the base.
    extra = tuple(kv for kv in ident.extra if kv[0] not in ("seps", "supp_iteration", "edition"))
    stripped = dataclasses.replace(ident, supplements=(), consolidated=False, extra=extra)
    return parse(render(stripped))


def compact_key(text: str) -> str:
    """The sloppy lookup key: letters and digits only, upper case, Cyrillic transliterated."""
    return compact(clean(text))


BARE = "#"  # keys of a bare number (no body) start with this, so that they never clash with full keys
LOOSE = "~"  # keys read without co-publishers and GB's /T, /Z: "ISO 27001" finds ISO/IEC 27001
_LOOSE_PARTS = re.compile(r"/(?:IEC|IEEE|ASTM|SAE|CIE|ASME|HL7|T|Z)(?![A-Za-z])")


def lookup_keys(standard: Standard) -> tuple[str, ...]:
    """The compact keys a catalogue finds a standard by when its identifier is typed sloppily: those of its
    edition, work and identifier (no parsing: they are already canonical); the loose keys of identifiers typed
    without their co-publisher or /T ("~ISO270012022", "~GB176262"); and the keys of its bare number, which
    search reads: "#9001" and "#90012015" for ISO 9001:2015."""
    keys = [compact_key(k) for k in (standard.edition_key, standard.work_key, standard.identifier)]
    for key in (standard.edition_key, standard.work_key):
        loose = _LOOSE_PARTS.sub("", key)
        if loose != key:
            keys.append(LOOSE + compact_key(loose))
    number = compact_key(standard.number + (standard.part or ""))
    if any(c.isdigit() for c in number):
        keys.append(BARE + number)
        if standard.year:
            keys.append(f"{BARE}{number}{standard.year}")
    return tuple(dict.fromkeys(keys))


def describe(ident: Identifier, input_text: str | None = None) -> dict[str, Any]:
    """A JSON-ready description of an identifier."""
    out: dict[str, Any] = {}
    if input_text is not None:
        out["input"] = input_text
    out.update(
        canonical=render(ident),
        scheme=ident.scheme,
        body=ident.body,
        country=ident.country,
        type=ident.doctype.value,
        stage=ident.stage,
        prefix=ident.prefix,
        number=ident.number,
        part=ident.part,
        year=ident.year,
        month=ident.month,
        revision=ident.revision,
        edition_key=edition_key(ident),
        work_key=work_key(ident),
        copublishers=list(ident.copublishers),
        supplements=[
            {"kind": s.kind, "number": s.number, "year": s.year, "type": s.doctype.value} for s in ident.supplements
        ],
        consolidated=ident.consolidated,
        all_parts=ident.all_parts,
        language=ident.language,
        adoptions=[
            {"identifier": render(a.identifier), "degree": a.degree.value, "form": a.form} for a in ident.adoptions
        ],
    )
    return out
