"""The standards a notice names, found in its title, products and text: each candidate (a body's prefix followed
by a number, "GB/T 19001-2016", "ISO 9001:2015", "IEC 60335-2-24", "JIS Q 9001") is read with
``stdbridge.identifiers.parse`` and resolved against the catalogue: a dated one to its edition, an undated one to
the current edition of its work. A candidate that does not parse is left out; one the catalogue lacks is kept
with no edition (it still names the work, so that the notice reaches who watches it when it is imported)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from stdbridge import identifiers
from stdbridge.catalog.graph import current_edition
from stdbridge.errors import IdentifierError
from stdbridge.notices.model import Citation
from stdbridge.store import Store

_PREFIX = r"(?:ISO/IEC|ISO/TS|ISO/TR|ISO|IEC|CISPR|GB/T|GB/Z|GB|JIS|(?:BS\s+|DIN\s+)?EN|BS|DIN|KS|ITU-[TR]|GOST|ГОСТ)"
_CANDIDATE = re.compile(
    rf"(?<![A-Za-z]){_PREFIX}(?:\s+(?:ISO/IEC|ISO|IEC))?\s*(?:[A-Z]\s*)?\d+(?:[.\-]\d+)*(?:\s*[:\-]\s*\d{{4}})?"
)
MOST = 50  # citations kept per notice


def candidates(text: str) -> list[str]:
    """The spans of ``text`` that look like identifiers, in order, each once."""
    folded = unicodedata.normalize("NFKC", text).replace("—", "-").replace("–", "-")
    seen: dict[str, None] = {}
    for match in _CANDIDATE.finditer(folded):
        seen.setdefault(match[0].strip(), None)
    return list(seen)


def cited_in(store: Store, texts: Iterable[str]) -> list[Citation]:
    """The standards the texts name, resolved against the catalogue, each edition once (its first mention)."""
    parsed: list[tuple[str, identifiers.Identifier]] = []
    for text in texts:
        for span in candidates(text or ""):
            try:
                ident = identifiers.parse(span)
            except IdentifierError:
                continue
            if ident.edition_key in {p.edition_key for _, p in parsed}:
                continue
            parsed.append((span, ident))
    if not parsed:
        return []
    exact = store.standards_by_keys([p.edition_key for _, p in parsed])
    editions = store.standards_of_works({p.work_key for _, p in parsed if p.edition_key not in exact})
    found: dict[str, Citation] = {}
    for span, ident in parsed[:MOST]:
        standard = exact.get(ident.edition_key)
        if standard is None and ident.year is None:
            standard = current_edition(editions.get(ident.work_key, []))
        if standard is not None:
            found.setdefault(standard.identifier, Citation(span, standard.identifier, standard.work_key,
                                                           standard.edition_key))  # fmt: skip
        else:
            found.setdefault(ident.render(), Citation(span, ident.render(), ident.work_key, None))
    return list(found.values())
