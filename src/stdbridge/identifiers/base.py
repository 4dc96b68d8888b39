"""The parsed form of a standard identifier, shared by every scheme.

A scheme module (``iso``, ``gb``, ``gost`` ...) turns cleaned text into an
``Identifier``; ``Identifier.render()`` gives the canonical text back, and
parsing the canonical text yields an equal ``Identifier`` (the round trip).

Keys:

* ``edition_key`` names one edition ("ISO 9001:2015", "GB/T 19001-2016",
  "ISO 9001:2015/Amd 1:2020"); two spellings of the same edition share it.
* ``work_key`` names the work across editions ("ISO 9001", "GB/T 19001").
  A supplement's work key is its base document's work key, so that an
  amendment belongs to the family of what it amends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stdbridge.models import Degree, DocType


@dataclass(frozen=True, slots=True)
class Supplement:
    """An amendment, corrigendum or addendum attached to a base document."""

    kind: str  # "Amd", "Cor", "Add", "A" (CEN amendment), "AC" (CEN corrigendum), "AMD"/"COR" (IEC), "Suppl"
    number: int | None = None
    year: int | None = None
    doctype: DocType = DocType.AMENDMENT


@dataclass(frozen=True, slots=True)
class Adoption:
    """An adoption that the identifier itself declares (EN ISO 9001, ГОСТ 1/IEC 2, KS Q ISO 9001)."""

    identifier: Identifier
    degree: Degree
    form: str  # "prefix" (EN ISO 9001), "slash" (ГОСТ 1-2016/IEC 2:2014), "parenthesis" (ГОСТ 1-2025 (ISO 2:2021))


@dataclass(frozen=True, slots=True)
class Identifier:
    """One parsed identifier. Fields not used by a scheme stay at their defaults."""

    scheme: str  # module name: "iso", "iec", "itu", "cen", "bsi", "din", "jis", "ks", "gb", "gost"
    # publishing body: "ISO", "IEC", "ITU-T", "CEN", "CENELEC", "BSI", "DIN", "JISC", "KATS", "SAC", "EASC", ...
    body: str
    country: str  # ISO 3166 alpha-2, "INT" for international bodies, "EU" for CEN/CENELEC, "EASC" for interstate GOST
    # the designation's prefix as rendered: "ISO/IEC", "ISO/TS", "GB/T", "JB/T", "ГОСТ Р", "BS EN ISO", "JIS Q", "ITU-T"
    prefix: str
    number: str  # "9001", "60335", "X.509", "BS.1114", "19001"
    part: str | None = None  # "2-24", "1.1" (GB uses dots), None if no part
    year: int | None = None
    month: int | None = None  # ITU-T (10/2019), DIN (2015-11)
    doctype: DocType = DocType.STANDARD
    stage: str | None = None  # draft stage: "CD", "DIS", "FDIS", "prEN", "NP", "WD", "PWI" ...
    copublishers: tuple[str, ...] = ()  # ("IEC",) for ISO/IEC, ("IEEE",) for ISO/IEC/IEEE
    supplements: tuple[Supplement, ...] = ()
    consolidated: bool = False  # IEC "+AMD1:2023 CSV"
    all_parts: bool = False  # "(all parts)"
    language: str | None = None  # "en", "fr", "ru" ... from a language suffix
    revision: int | None = None  # ITU-R "-10" revision number
    adoptions: tuple[Adoption, ...] = ()
    extra: tuple[tuple[str, str], ...] = field(default=())  # scheme-specific facts, e.g. (("redline", "RLV"),)

    def render(self) -> str:
        """The canonical text of this identifier."""
        from stdbridge.identifiers import render

        return render(self)

    def __str__(self) -> str:
        return self.render()

    @property
    def edition_key(self) -> str:
        from stdbridge.identifiers import edition_key

        return edition_key(self)

    @property
    def work_key(self) -> str:
        from stdbridge.identifiers import work_key

        return work_key(self)

    @property
    def base(self) -> Identifier:
        """The document a supplement attaches to (itself when it has no supplement)."""
        from stdbridge.identifiers import base_of

        return base_of(self)
