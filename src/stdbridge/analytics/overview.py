"""Figures about a part of the catalogue: the overview of one publishing body or one country.

``overview(catalog, "country", "CN", lang="zh")`` answers with an ``Overview``. Every figure is read from the
search index (``Search.facet_counts`` and ``Search.top_words``), never by walking the records, so an overview of
a body with hundreds of thousands of standards costs a few index aggregations.

The figures, and what they count (a *record* is one edition of one document: a standard, an amendment, a
corrigendum, a draft ...):

``records``
    records of the body (as publisher or co-publisher: ISO/IEC 27001 counts for ISO and for IEC), or of the
    country (``INT`` for the international bodies).
``by_status`` / ``by_type``
    records by life-cycle status and by document type; each record has exactly one of each, so the counts add
    up to ``records``.
``ics_fields``
    records by top-level ICS field (``03``, ``35`` ...), with the field's titles (English, French, and the
    Chinese name catalogues use, from ``data/ics_titles_zh.tsv``). A record classified in two fields counts in
    both; ``unclassified`` records have no ICS code at all.
``by_year``
    records by year of the document (the year of its identifier, else of its publication), every year from
    the first to the last, years without records as 0; ``undated`` records have neither.
``hot_words``
    the words most titles use, each with its number of records, function words and the words of every title
    ("part", "requirements" ...) left out. Chinese words come from Chinese titles (segmented), English words
    from alphabetic titles; ``hot_words_lang`` says which. Each word carries its most usual equivalent in the
    other language (``gloss``), from the bundled lexicon, when it has one.
``adoption``
    how many records adopt another standard (an international or foreign one: ``GB/T 19001-2016`` adopts
    ``ISO 9001:2015``), as declared by the source or implied by the identifier, by degree of correspondence
    (IDT, MOD, EQV, NEQ; ``unknown`` when the source gives none), and how many are adopted by others.
    ``national`` is true when most records are not international: the adoption share is what matters there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from stdbridge.catalog import Catalog
from stdbridge.errors import NotFound, UsageError
from stdbridge.i18n import _
from stdbridge.language.ics_titles import chinese_ics_titles
from stdbridge.language.lexicon import Lexicon
from stdbridge.search.engine import FacetValue, Filters

SCOPES = ("body", "country")
DEGREES = ("IDT", "MOD", "EQV", "NEQ")
HOT_WORDS = 40


@dataclass(frozen=True, slots=True)
class Count:
    """One bar of a figure: a value (a status, a type, an ICS code) and its number of records."""

    key: str
    count: int
    titles: dict[str, str] = field(default_factory=dict)  # for ICS fields: en, fr, zh


@dataclass(frozen=True, slots=True)
class HotWord:
    word: str
    count: int
    gloss: str | None = None  # the word's usual equivalent in the other language


@dataclass(frozen=True, slots=True)
class Adoption:
    adopting: int  # records that adopt another standard
    by_degree: dict[str, int]  # IDT, MOD, EQV, NEQ, unknown -> records
    adopted: int  # records that another standard adopts
    records: int
    national: bool

    @property
    def share(self) -> float:
        """The part of the records that adopt another standard, 0..1."""
        return self.adopting / self.records if self.records else 0.0


@dataclass(frozen=True, slots=True)
class Overview:
    scope: str  # "body" or "country"
    code: str
    records: int
    by_status: list[Count]
    by_type: list[Count]
    ics_fields: list[Count]
    unclassified: int
    by_year: list[Count]  # key: the year
    undated: int
    hot_words: list[HotWord]
    hot_words_lang: str  # "zh" or "en"
    adoption: Adoption
    countries: list[Count]  # of a body's records (a body may publish for several), or the country itself
    bodies: list[Count]  # of a country's records, or the body itself and its co-publishers


def overview(catalog: Catalog, scope: str, code: str, lang: str = "en") -> Overview:
    """The figures of one body (``scope="body"``, ``code="ISO"``) or country (``"country"``, ``"CN"``); hot
    words in ``lang`` ("zh" or "en") when the scope has titles in it, else in the other language."""
    if scope not in SCOPES:
        raise UsageError(_("unknown overview '{scope}'; use one of: {values}").format(
            scope=scope, values=", ".join(SCOPES)))  # fmt: skip
    code = code.strip().upper()
    filters = Filters(body=(code,)) if scope == "body" else Filters(country=(code,))
    engine = catalog.search_engine()
    records, facets = engine.facet_counts(filters)
    if records == 0:
        message = (
            _("no body '{code}' in the catalogue") if scope == "body" else _("no country '{code}' in the catalogue")
        )
        raise NotFound(message.format(code=code[:40]))
    fields = [v for v in facets.get("ics", []) if len(v.value) == 2]
    classified = engine.facet_counts(replace(filters, ics=tuple(v.value for v in fields)))[0] if fields else 0
    by_year, undated = _years(facets.get("year", []), records)
    words, words_lang = _hot_words(catalog, filters, lang)
    countries = _counts(facets.get("country", []))
    return Overview(
        scope=scope,
        code=code,
        records=records,
        by_status=_counts(facets.get("status", [])),
        by_type=_counts(facets.get("doctype", [])),
        ics_fields=_ics_fields(fields),
        unclassified=records - classified,
        by_year=by_year,
        undated=undated,
        hot_words=words,
        hot_words_lang=words_lang,
        adoption=_adoption(facets.get("adoption", []), records, countries),
        countries=countries,
        bodies=_counts(facets.get("body", [])),
    )


def ics_field_names_zh() -> dict[str, str]:
    """The Chinese names of the top-level ICS fields (``"35"`` -> ``"信息技术"``), from the reviewed data file."""
    return {code: found.title for code, found in chinese_ics_titles().items() if len(code) == 2}


def _counts(values: list[FacetValue]) -> list[Count]:
    return sorted((Count(v.value, v.count) for v in values), key=lambda c: (-c.count, c.key))


def _ics_fields(values: list[FacetValue]) -> list[Count]:
    chinese = ics_field_names_zh()
    found = [
        Count(v.value, v.count, {**v.titles, **({"zh": chinese[v.value]} if v.value in chinese else {})})
        for v in values
    ]
    return sorted(found, key=lambda c: (-c.count, c.key))


def _years(values: list[FacetValue], records: int) -> tuple[list[Count], int]:
    counts = {int(v.value): v.count for v in values if v.value.isdigit()}
    if not counts:
        return [], records
    years = [Count(str(y), counts.get(y, 0)) for y in range(min(counts), max(counts) + 1)]
    return years, records - sum(counts.values())


def _hot_words(catalog: Catalog, filters: Filters, lang: str) -> tuple[list[HotWord], str]:
    first = "zh" if lang == "zh" else "en"
    for words_lang in (first, "en" if first == "zh" else "zh"):
        words = _top_words(catalog, filters, words_lang)
        if words:
            return words, words_lang
    return [], first


def _top_words(catalog: Catalog, filters: Filters, lang: str) -> list[HotWord]:
    lexicon = Lexicon.bundled()
    found = catalog.search_engine().top_words(filters, lang=lang, limit=HOT_WORDS * 3)
    words = []
    for word, count in found:
        glosses = lexicon.english_for(word) if lang == "zh" else lexicon.chinese_for(word)
        words.append(HotWord(word, count, glosses[0] if glosses else None))
    return sorted(words, key=lambda w: (-w.count, w.word))[:HOT_WORDS]


def _adoption(values: list[FacetValue], records: int, countries: list[Count]) -> Adoption:
    tags = {v.value: v.count for v in values}
    adopting = tags.get("adopts", 0)
    by_degree = {d: tags.get(f"adopts-{d}", 0) for d in DEGREES}
    # a record adopting two standards at two degrees counts under both: "unknown" cannot go below 0
    by_degree["unknown"] = max(0, adopting - sum(by_degree.values()))
    international = sum(c.count for c in countries if c.key == "INT")
    return Adoption(adopting, by_degree, tags.get("adopted", 0), records, national=international * 2 < records)


__all__ = ["SCOPES", "Adoption", "Count", "HotWord", "Overview", "ics_field_names_zh", "overview"]
