"""A country's profile: what the catalogue holds of it, how it links with every other country, and the facts kept
for it (``profile(catalog, "CN")``).

What it holds and computes (docs/profiles.md gives each figure's formula and source):

``bodies``         its national standards body (``stdbridge.bodies``, the one marked national) and every other body
                   the table names for it or that the catalogue holds records of in it, with its records
``overview``       the figures of ``analytics.overview`` for the country: records by status, type, ICS field and
                   year, hot words, adoption of any other standard by degree (None when it holds no records)
``international``  its records that adopt an *international* standard (ISO, IEC, ITU ...: a standard of ``INT``),
                   by degree; a record adopting two at two degrees counts under both, once in ``adopting``
``foreign``        its records with a foreign-language version (``Standard.extra["foreign_versions"]``), by
                   language and status (published, in preparation)
``links``          per other country (``INT`` for the international bodies, ``EU``, ``EASC``): its records adopting
                   one of the other's, by degree; the other's adopting one of its own, by degree; counterparts people
                   accepted (``equivalent`` relations); the mutual-recognition programmes both are parties of
``programmes``     the programmes it is a party of, with their step and their entries by stage
``facts``          the profile's facts (``profiles.facts``), each with its source and date
``capacity``       the four dimensions of its capacity to connect (``profiles.capacity``)

The relations are read from the catalogue (adoptions declared by the source or implied by the identifier, and
decisions); the other end of an adoption whose standard the catalogue lacks is placed in the country its
identifier names. A profile is cached until the catalogue changes, as the connectivity index is, or its facts do.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stdbridge.analytics.connectivity import catalogue_state
from stdbridge.analytics.overview import DEGREES, Overview, overview
from stdbridge.bodies import BODIES, BODY_BY_CODE
from stdbridge.catalog import Catalog
from stdbridge.errors import IdentifierError, NotFound
from stdbridge.identifiers import parse
from stdbridge.importers.foreign_versions import FOREIGN_VERSIONS
from stdbridge.models import LinkEnds, RelationType
from stdbridge.profiles.countries import CountryName, country, matching
from stdbridge.profiles.model import ProfileFact
from stdbridge.recognition.model import Programme
from stdbridge.search.selection import standard_ids

FOREIGN_STATUSES = ("published", "in-preparation")
INTERNATIONAL = "INT"
_CACHE_SIZE = 64


@dataclass(frozen=True, slots=True)
class BodyHeld:
    code: str
    en: str
    zh: str
    national: bool
    records: int
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "en": self.en, "zh": self.zh, "national": self.national, "records": self.records,
                "source": self.source}  # fmt: skip


@dataclass(slots=True)
class Degrees:
    """Records by degree of correspondence (``IDT``, ``MOD``, ``EQV``, ``NEQ``, ``unknown``) and how many distinct
    records they are (``records``: one adopting at two degrees counts once)."""

    by_degree: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*DEGREES, "unknown"), 0))
    records: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"records": self.records, "by_degree": dict(self.by_degree)}


@dataclass(slots=True)
class ProgrammeLink:
    slug: str
    title: dict[str, str]
    step: str
    parties: list[tuple[str, list[str]]]  # party code, its countries
    stages: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "title": self.title, "step": self.step, "stages": self.stages,
                "parties": [{"code": code, "countries": countries} for code, countries in self.parties]}  # fmt: skip


@dataclass(slots=True)
class Link:
    """The country's links with one other: ``adopts`` its records adopting the other's, ``adopted_by`` the other's
    adopting its own, ``accepted`` counterparts people accepted between them, ``programmes`` both are parties of."""

    partner: str
    adopts: Degrees = field(default_factory=Degrees)
    adopted_by: Degrees = field(default_factory=Degrees)
    accepted: int = 0
    programmes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.adopts.records + self.adopted_by.records + self.accepted + len(self.programmes)

    def to_json(self) -> dict[str, Any]:
        return {"partner": self.partner, "adopts": self.adopts.to_json(), "adopted_by": self.adopted_by.to_json(),
                "accepted": self.accepted, "programmes": self.programmes}  # fmt: skip


@dataclass(slots=True)
class ForeignVersions:
    records: int = 0  # records with at least one foreign-language version
    by_language: dict[str, dict[str, int]] = field(default_factory=dict)  # language -> status -> records
    issuers: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"records": self.records, "by_language": self.by_language, "issuers": self.issuers}


@dataclass(slots=True)
class Profile:
    country: CountryName
    records: int
    bodies: list[BodyHeld]
    overview: Overview | None
    international: Degrees
    foreign: ForeignVersions
    links: list[Link]
    programmes: list[ProgrammeLink]
    facts: list[ProfileFact]
    adopted_records: int = 0  # its records that a standard of another country adopts
    adopting_records: int = 0  # its records adopting a standard of another country or an international one
    international_close: int = 0  # its records adopting an international standard as IDT, MOD or EQV
    capacity: list[Any] = field(default_factory=list)  # profiles.capacity.Indicator

    @property
    def national_body(self) -> BodyHeld | None:
        return next((b for b in self.bodies if b.national), None)

    def to_json(self) -> dict[str, Any]:
        view = self.overview
        figures: dict[str, Any] | None = None
        if view is not None:
            figures = {
                "by_status": {c.key: c.count for c in view.by_status},
                "by_type": {c.key: c.count for c in view.by_type},
                "ics_fields": {c.key: c.count for c in view.ics_fields}, "unclassified": view.unclassified,
                "by_year": {c.key: c.count for c in view.by_year}, "undated": view.undated,
                "hot_words": [{"word": w.word, "records": w.count, "gloss": w.gloss} for w in view.hot_words],
                "hot_words_lang": view.hot_words_lang,
                "adoption": {"adopting": view.adoption.adopting, "by_degree": view.adoption.by_degree,
                             "adopted": view.adoption.adopted},
            }  # fmt: skip
        return {
            "country": self.country.to_json(), "records": self.records,
            "national_body": self.national_body.to_json() if self.national_body else None,
            "bodies": [b.to_json() for b in self.bodies], "figures": figures,
            "international_adoption": self.international.to_json(), "foreign_versions": self.foreign.to_json(),
            "adopted_records": self.adopted_records, "adopting_records": self.adopting_records,
            "international_close": self.international_close,
            "links": [link.to_json() for link in self.links],
            "programmes": [p.to_json() for p in self.programmes], "facts": [f.to_json() for f in self.facts],
            "capacity": [i.to_json() for i in self.capacity],
        }  # fmt: skip


_cache: OrderedDict[tuple[Any, ...], Profile] = OrderedDict()
_cache_lock = threading.Lock()


def profile(catalog: Catalog, code: str, lang: str = "en") -> Profile:
    """The profile of the country ``code`` (alpha-2, alpha-3 or its name), cached until the catalogue changes or
    an audited action (a fact imported, added, changed or removed) is recorded."""
    named = country(code)
    key = (catalogue_state(catalog), catalog.store.audit_head()[0], named.code, lang)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    found = _profile(catalog, named, lang)
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found


def _profile(catalog: Catalog, named: CountryName, lang: str) -> Profile:
    from stdbridge.profiles.capacity import indicators  # capacity reads the profile: imported where both exist

    try:
        view: Overview | None = overview(catalog, "country", named.code, lang)
    except NotFound:
        view = None
    # its records and their links are many (150,000 of China's in a catalogue of 1.3 million): read lean
    own = set(standard_ids(catalog.search_engine().index, {"country": named.code})) if view else set()
    ends = catalog.store.link_ends_touching(own, (RelationType.ADOPTS, RelationType.EQUIVALENT)) if own else []
    links, international, adopted, adopting, close = _links(catalog, named.code, own, ends)
    programmes = _programmes(catalog, named.code)
    for programme in programmes:
        for partner in {c for _code, countries in programme.parties for c in countries} - {named.code}:
            links.setdefault(partner, Link(partner)).programmes.append(programme.slug)
    found = Profile(
        country=named, records=view.records if view else 0, bodies=_bodies(named.code, view), overview=view,
        international=international, foreign=_foreign(catalog.store.foreign_versions_of(own).values()),
        links=sorted(links.values(), key=lambda link: (-link.total, link.partner)), programmes=programmes,
        facts=catalog.store.profile_facts(named.code), adopted_records=adopted, adopting_records=adopting,
        international_close=close,
    )  # fmt: skip
    found.capacity = indicators(found)
    return found


def _bodies(code: str, view: Overview | None) -> list[BodyHeld]:
    held = {c.key: c.count for c in view.bodies} if view else {}
    found = [BodyHeld(b.code, b.en, b.zh, b.national, held.pop(b.code, 0), b.source)
             for b in BODIES if b.country == code]  # fmt: skip
    for body_code, records in held.items():  # bodies the table lacks (a GB sector code, a local one) or abroad
        known = BODY_BY_CODE.get(body_code)
        found.append(BodyHeld(body_code, known.en if known else body_code, known.zh if known else body_code,
                              False, records, known.source if known else ""))  # fmt: skip
    return sorted(found, key=lambda b: (not b.national, -b.records, b.code))


def _links(
    catalog: Catalog, code: str, own: set[int], relations: list[LinkEnds]
) -> tuple[dict[str, Link], Degrees, int, int, int]:
    """The links with each other country (through the adoptions and accepted counterparts among ``relations``),
    the adoption of international standards, and how many of its records (``own``) are adopted elsewhere, adopt
    from elsewhere, and adopt an international standard as IDT, MOD or EQV."""
    others = {r.target_id for r in relations if r.target_id is not None and r.target_id not in own}
    others |= {r.source_id for r in relations if r.source_id is not None and r.source_id not in own}
    other_countries = catalog.store.countries_of(others)

    named: dict[str, str | None] = {}  # the country each target's text names, read once per text

    def country_of(standard_id: int | None, text: str) -> str | None:
        if standard_id is not None:
            return code if standard_id in own else other_countries.get(standard_id)
        if text not in named:
            try:
                named[text] = parse(text).country or None
            except IdentifierError:
                named[text] = None
        return named[text]

    adopts: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))  # partner -> degree -> own ids
    adopted_by: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))  # partner -> degree -> ids
    accepted: Counter[str] = Counter()
    adopted_own: set[int] = set()
    for r in relations:
        if r.type not in (RelationType.ADOPTS, RelationType.EQUIVALENT):
            continue
        source_in = r.source_id in own
        target_country = country_of(r.target_id, r.target_text)
        source_country = country_of(r.source_id, "")
        degree = r.degree or "unknown"
        if r.type == RelationType.ADOPTS:
            if source_in and r.source_id is not None and target_country and target_country != code:
                adopts[target_country][degree].add(r.source_id)
            elif not source_in and r.target_id in own and source_country and source_country != code:
                adopted_by[source_country][degree].add(r.source_id or -1)
                adopted_own.add(r.target_id or -1)
        elif r.type == RelationType.EQUIVALENT:
            partner = target_country if source_in else source_country
            if partner and partner != code:
                accepted[partner] += 1
    partners = adopts.keys() | adopted_by.keys() | accepted.keys()
    links = {p: Link(p, _degrees(adopts.get(p, {})), _degrees(adopted_by.get(p, {})), accepted[p]) for p in partners}
    adopting = {i for per_degree in adopts.values() for ids in per_degree.values() for i in ids}
    international = adopts.get(INTERNATIONAL, {})
    close = set().union(*(international.get(d, set()) for d in ("IDT", "MOD", "EQV")))
    return links, _degrees(international), len(adopted_own), len(adopting), len(close)


def _degrees(per_degree: dict[str, set[int]]) -> Degrees:
    found = Degrees()
    for degree, ids in per_degree.items():
        found.by_degree[degree if degree in found.by_degree else "unknown"] += len(ids)
    found.records = len({i for ids in per_degree.values() for i in ids})
    return found


def party_countries(programme: Programme) -> list[tuple[str, list[str]]]:
    """Each party of a programme with the countries its standards are of: those of its systems (``body:SAC``: CN;
    ``body:ISO``: INT; ``country:JP``: JP), else its code when it is a country's."""
    found = []
    for party in programme.parties:
        countries = sorted({c for system in party.bodies if (c := _country_of_system(system))})
        if not countries:
            try:
                countries = [country(party.code).code]
            except NotFound:
                countries = []
        found.append((party.code, countries))
    return found


def _country_of_system(system: str) -> str | None:
    """The country of a party's system as ``recognition`` keeps it: ``body:SAC`` (a bare body code too), or
    ``country:CN``."""
    kind, _colon, code = system.rpartition(":")
    if kind == "country":
        return code
    body = BODY_BY_CODE.get(code)
    return body.country if body else None


def _programmes(catalog: Catalog, code: str) -> list[ProgrammeLink]:
    found = []
    store = catalog.store
    for programme in store.list_programmes():
        parties = party_countries(programme)
        if programme.id is None or not any(code in countries for _party, countries in parties):
            continue
        stages = store.entry_counts(programme.id).get("stage", {})
        found.append(ProgrammeLink(programme.slug, dict(programme.title), programme.step.value, parties, stages))
    return found


def _foreign(listed: Iterable[tuple[str, list[dict[str, Any]]]]) -> ForeignVersions:
    """The foreign-language versions of records that list any, given as (the record's body, its versions)."""
    found = ForeignVersions()
    issuers: Counter[str] = Counter()
    for body, versions in listed:
        found.records += 1
        for version in versions:
            language, status = str(version.get("language", "")), str(version.get("status", ""))
            per_status = found.by_language.setdefault(language, dict.fromkeys(FOREIGN_STATUSES, 0))
            per_status[status] = per_status.get(status, 0) + 1
            issuers[str(version.get("issuer") or body)] += 1
    found.issuers = dict(issuers.most_common())
    return found


@dataclass(frozen=True, slots=True)
class Listed:
    """A country in the list of profiles: its names, its records in the catalogue and its facts."""

    country: CountryName
    records: int
    facts: int

    def to_json(self) -> dict[str, Any]:
        return {**self.country.to_json(), "records": self.records, "facts": self.facts}


def directory(records: dict[str, int], facts: list[ProfileFact], q: str = "") -> list[Listed]:
    """Every country whose code or name holds ``q`` (all when empty), with its records (``records``: the
    catalogue's counts by country) and facts; those with records first, then by code."""
    held = Counter(f.country for f in facts)
    found = [Listed(c, records.get(c.code, 0), held[c.code]) for c in matching(q)]
    return sorted(found, key=lambda c: (c.records == 0, c.country.code))


__all__ = [
    "FOREIGN_STATUSES",
    "FOREIGN_VERSIONS",
    "BodyHeld",
    "Degrees",
    "ForeignVersions",
    "Link",
    "Listed",
    "Profile",
    "ProgrammeLink",
    "directory",
    "party_countries",
    "profile",
]  # fmt: skip
