"""The search page: reading what the reader asked (forgivingly), searching, and what the page shows.

Whatever arrives in the address is read, never trusted: an empty, over-long or control-character query, query
syntax (``title:(foo``, ``' OR 1=1 --``), unknown parameters and filter values, and page numbers out of range
each give the reader a sentence saying what was done about it, and the page still answers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from stdbridge.catalog import Catalog
from stdbridge.catalog.links import end_of
from stdbridge.errors import UnknownName, UsageError
from stdbridge.i18n import _, in_clauses, listed
from stdbridge.language.text import MAX_QUERY_LENGTH, clean_query
from stdbridge.models import DocType, Standard, Status
from stdbridge.search.engine import MAX_OFFSET, SORTS, FacetValue, Filters, SearchRequest, SearchResults
from stdbridge.web import names
from stdbridge.web.language import page_language
from stdbridge.web.site import site_of

PAGE_SIZE = 20
MAX_PAGE = MAX_OFFSET // PAGE_SIZE + 1
FILTERS = {"body": "body", "country": "country", "type": "doctype", "status": "status", "ics": "ics",
           "adoption": "adoption", "kind": "kind", "ccs": "ccs", "committee": "committee",
           "department": "department"}  # fmt: skip  # parameter -> Filters field
ADOPTION_TAGS = ("adopts", "adopts-IDT", "adopts-MOD", "adopts-EQV", "adopts-NEQ", "adopted")
PARAMETERS = frozenset({"q", "page", "sort", "all", "year_from", "year_to", "lang", *FILTERS})
_MAX_VALUES = 20  # values of one filter read at all
_MAX_READ = 4000  # characters of a query looked at at all
_MAX_NAME = 80  # characters of a body's or a country's name
_ICS_CODE = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
_CCS_CODE = re.compile(r"^[A-Z](\d{2}(/\d{2})?)?$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,39}$")
# What search engines and databases read as syntax; stdbridge reads it as text, and says so.
_SYNTAX = re.compile(r"[\"'*;=<>|&!\\^~{}\[\]]|--|\b(?:AND|OR|NOT)\b|\w:\s*[(\"']")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(slots=True)
class Notice:
    text: str
    kind: str = "info"  # "info" or "warning"


@dataclass(slots=True)
class SearchForm:
    """What the reader asked for, once read: always usable, with notices about whatever was left out."""

    query: str = ""
    submitted: bool = False  # a query was sent (possibly empty)
    filters: dict[str, list[str]] = field(default_factory=dict)  # parameter name -> values
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    all_editions: bool = False
    notices: list[Notice] = field(default_factory=list)

    def search_filters(self) -> Filters:
        values = {FILTERS[name]: tuple(v) for name, v in self.filters.items() if v}
        return Filters(**values, year_from=self.year_from, year_to=self.year_to)

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The parameters of this search as a list for ``urlencode``, with ``changes`` applied (``None``
        drops a parameter); filters are given as ``{name: [values]}``."""
        current: dict[str, Any] = {
            "q": self.query, "sort": self.sort if self.sort != "relevance" else None,
            "all": "1" if self.all_editions else None, "year_from": self.year_from, "year_to": self.year_to,
            "page": self.page if self.page > 1 else None, **self.filters,
        }  # fmt: skip
        current.update(changes)
        out: list[tuple[str, str]] = []
        for name, value in current.items():
            if isinstance(value, list):
                out.extend((name, str(v)) for v in value)
            elif value is not None and value != "":
                out.append((name, str(value)))
        return out

    def url(self, **changes: Any) -> str:
        return "/?" + urlencode(self.params(**changes))

    def cleared(self) -> str:
        """This search without any filter."""
        return self.url(page=None, year_from=None, year_to=None, **{name: [] for name in self.filters})

    def filtered(self) -> bool:
        return any(self.filters.values()) or bool(self.year_from or self.year_to)

    def browsing(self) -> bool:
        """No query, but filters: the list of what they select (a node of a classification, a committee)."""
        return not self.query and self.filtered()

    def toggled(self, name: str, value: str) -> str:
        """This search with one filter value added, or removed if it was there; back to the first page."""
        values = list(self.filters.get(name, []))
        values = [v for v in values if v != value] if value in values else [*values, value]
        if name == "ics" and value not in self.filters.get("ics", []):  # drilling down replaces the broader code
            values = [v for v in values if not value.startswith(v + ".")]
        if name == "ccs" and value not in self.filters.get("ccs", []):
            values = [v for v in values if not ccs_within(value, v)]
        return self.url(**{name: values, "page": None})


def read_form(params: Sequence[tuple[str, str]]) -> SearchForm:
    """The search the address asks for, with a notice for everything that could not be used as given."""
    form = SearchForm()
    unknown: list[str] = []
    for name, value in params:
        if name == "q":
            form.submitted = True
            form.query = _read_query(value, form.notices)
        elif name in FILTERS:
            _read_filter(form, name, value)
        elif name == "page":
            form.page = _read_page(value, form.notices)
        elif name == "sort":
            if value in SORTS:
                form.sort = value
            else:
                form.notices.append(Notice(_("Unknown sort order '{value}'; the results are sorted by relevance.")
                                           .format(value=_shown(value)), "warning"))  # fmt: skip
        elif name == "all":
            form.all_editions = value not in ("", "0", "false")
        elif name in ("year_from", "year_to"):
            setattr(form, name, _read_year(value, form.notices))
        elif name not in PARAMETERS and name not in unknown:
            unknown.append(name)
    if unknown:
        form.notices.append(Notice(_("Ignored what this page does not know: {names}.").format(
            names=listed(_shown(n) for n in unknown[:10])), "warning"))  # fmt: skip
    if form.year_from and form.year_to and form.year_from > form.year_to:
        form.year_from, form.year_to = form.year_to, form.year_from
        form.notices.append(Notice(_("The years were given the wrong way round; they were swapped.")))
    if form.submitted and not form.query and not form.filtered():
        form.notices.append(Notice(_("Type an identifier (ISO 9001, GB/T 19001) or some words to search for."),
                                   "warning"))  # fmt: skip
    form.submitted = form.submitted or form.filtered()
    return form


def _shown(text: str, most: int = 40) -> str:
    """A value as it can be quoted back to the reader: printable, short."""
    text = "".join(c if c.isprintable() else "\ufffd" for c in text[: most + 1])
    return text if len(text) <= most else text[:most] + "…"


def _read_query(raw: str, notices: list[Notice]) -> str:
    raw = raw[:_MAX_READ]
    if _CONTROL.search(raw):
        notices.append(Notice(_("Invisible control characters were removed from your query.")))
        raw = _CONTROL.sub("", raw)
    query = clean_query(raw)
    if len(" ".join(unicodedata.normalize("NFKC", raw).split())) > MAX_QUERY_LENGTH:
        notices.append(Notice(_("Your query is longer than {most} characters; only the first {most} were searched.")
                              .format(most=MAX_QUERY_LENGTH), "warning"))  # fmt: skip
    if _SYNTAX.search(query):
        notices.append(Notice(_("Search reads plain words and identifiers: quotes, operators and field syntax "
                                "are taken as ordinary text, not as commands.")))  # fmt: skip
    return query


def _read_filter(form: SearchForm, name: str, value: str) -> None:
    values = form.filters.setdefault(name, [])
    value = value.strip()
    if not value or value in values:
        return
    if len(values) >= _MAX_VALUES:
        notice = Notice(_("Only the first {most} values of a filter are used.").format(most=_MAX_VALUES), "warning")
        if notice not in form.notices:
            form.notices.append(notice)
        return
    if not _valid_filter_value(name, value):
        form.notices.append(Notice(_("Unknown value '{value}' for the filter '{filter}'; that filter was ignored.")
                                   .format(value=_shown(value), filter=_shown(name)), "warning"))  # fmt: skip
        return
    values.append(value)


def _valid_filter_value(name: str, value: str) -> bool:
    if name == "status":
        return value in Status.__members__.values()
    if name == "type":
        return value in DocType.__members__.values()
    if name == "ics":
        return _ICS_CODE.match(value) is not None
    if name == "adoption":
        return value in ADOPTION_TAGS
    if name == "ccs":
        return _CCS_CODE.match(value) is not None
    if name in (
        "body",
        "country",
        "committee",
        "department",
        "kind",
    ):  # any name people use (JIS, ГОСТ Р, 中国): read_names reads it
        return len(value) <= _MAX_NAME and value.isprintable()
    return _CODE.match(value) is not None


def _read_page(value: str, notices: list[Notice]) -> int:
    try:
        page = int(value.strip())
    except ValueError:
        notices.append(Notice(_("'{value}' is not a page number; showing the first page.").format(
            value=_shown(value)), "warning"))  # fmt: skip
        return 1
    if page < 1:
        notices.append(Notice(_("Pages are numbered from 1; showing the first page."), "warning"))
        return 1
    if page > MAX_PAGE:
        notices.append(Notice(_("Results can be paged up to page {most}; showing that page.").format(most=MAX_PAGE),
                              "warning"))  # fmt: skip
        return MAX_PAGE
    return page


def _read_year(value: str, notices: list[Notice]) -> int | None:
    value = value.strip()
    if not value:
        return None
    if value.isdigit() and 1800 <= int(value) <= 2200:
        return int(value)
    notices.append(Notice(_("'{value}' is not a year between 1800 and 2200; the year filter was ignored.").format(
        value=_shown(value)), "warning"))  # fmt: skip
    return None


# searching -----------------------------------------------------------------------------------------------
@dataclass(slots=True)
class FacetLink:
    value: str
    label: str
    count: int
    selected: bool
    href: str
    hint: str = ""


@dataclass(slots=True)
class Badge:
    kind: str  # "adopts" or "adopted"
    text: str
    hint: str
    href: str | None = None


def run_search(catalog: Catalog, form: SearchForm) -> SearchResults | None:
    """The results of the form's search; ``None`` when there is nothing to search for or the request could not
    be carried out (a notice says why). A page past the end gives the first page, with a notice."""
    if not form.query and not form.filtered():
        return None
    try:
        read_names(catalog, form)
        request = SearchRequest(form.query, form.search_filters(), form.sort, (form.page - 1) * PAGE_SIZE,
                                PAGE_SIZE, group=not form.all_editions)  # fmt: skip
        results = catalog.search(request)
        if not results.hits and form.page > 1:
            form.notices.append(Notice(_("Page {page} is past the end of the results; showing the first page.")
                                       .format(page=form.page), "warning"))  # fmt: skip
            form.page = 1
            results = catalog.search(SearchRequest(request.query, request.filters, request.sort, 0, PAGE_SIZE,
                                                   request.group))  # fmt: skip
    except UsageError as exc:
        form.notices.append(Notice(str(exc), "warning"))
        return None
    if results.total == 0:
        _explain_empty_filters(catalog, form)
    return results


def read_names(catalog: Catalog, form: SearchForm) -> None:
    """The body and country filters as the codes records hold (``JIS`` is JISC, ``中国`` CN), with a notice saying
    how each was read; a name that means nothing known is left out, with a notice naming the nearest known ones."""
    for name in ("body", "country"):
        if name in form.filters:
            codes = [read_name(catalog, name, value, form.notices) for value in form.filters[name]]
            form.filters[name] = list(dict.fromkeys(code for code in codes if code))


def read_name(catalog: Catalog, kind: str, text: str, notices: list[Notice]) -> str | None:
    """The stored code of the body or country (``kind``) a page's filter names, with a notice saying how it was read;
    None, with a notice naming the nearest known names, for a name that means nothing known (the filter is then left
    out)."""
    try:
        reading = catalog.names().read(kind, text)
    except UnknownName as exc:
        notices.append(Notice(_("{problem}; that filter was ignored.").format(problem=exc.message), "warning"))
        return None
    note = reading.note(filter_request)
    if note:
        notices.append(Notice(note))
    return reading.code


def filter_request(kind: str, code: str) -> str:
    """How a page asks for a body or a country as a filter, in a reading's note."""
    if kind == "body":
        return _("the body filter {code}").format(code=code)
    return _("the country filter {code}").format(code=code)


def _explain_empty_filters(catalog: Catalog, form: SearchForm) -> None:
    """Say which body or country filter names nothing in the catalogue (only asked when nothing matched)."""
    engine = catalog.search_engine()
    for name in ("body", "country"):
        for value in form.filters.get(name, []):
            filters = Filters(body=(value,)) if name == "body" else Filters(country=(value,))
            if engine.facet_counts(filters)[0] == 0:
                message = _("The catalogue has no records of the body '{value}'.") if name == "body" else _(
                    "The catalogue has no records of the country '{value}'.")  # fmt: skip
                form.notices.append(Notice(message.format(value=_shown(value)), "warning"))


def facet_links(form: SearchForm, results: SearchResults) -> dict[str, list[FacetLink]]:
    """Each filter's values with their counts among the results, each a link that adds or removes it."""
    found: dict[str, list[FacetLink]] = {}
    for name, field_name in FILTERS.items():
        values = list(results.facets.get(field_name, []))
        if name == "ics":
            values = _ics_level(values, form.filters.get("ics", []))
        if name == "ccs":
            values = _ccs_level(values, form.filters.get("ccs", []))
        selected = form.filters.get(name, [])
        shown = {v.value for v in values}
        values += [FacetValue(v, 0) for v in selected if v not in shown]  # keep what was chosen removable
        links = []
        for v in values[:40]:
            label, hint = _facet_label(name, v)
            links.append(FacetLink(v.value, label, v.count, v.value in selected, form.toggled(name, v.value), hint))
        found[name] = links
    return found


def _ics_level(values: list[FacetValue], selected: list[str]) -> list[FacetValue]:
    """The top-level ICS fields; once one is chosen, the codes one level under the most specific choice."""
    if not selected:
        return [v for v in values if len(v.value) == 2]
    base = max(selected, key=len)
    depth = base.count(".") + 1
    return [
        v for v in values if v.value in selected or (v.value.startswith(base + ".") and v.value.count(".") == depth)
    ]


def ccs_within(code: str, broader: str) -> bool:
    """Whether the CCS ``code`` lies under ``broader``: a group or class under its category (L06, L00/09 under L),
    a class under its group (L06 under L00/09)."""
    if code == broader or code[:1] != broader[:1] or (len(code) <= len(broader) and "/" not in broader):
        return False
    if len(broader) == 1:
        return True
    if "/" in broader and len(code) == 3 and "/" not in code:
        low, high = broader[1:].split("/")
        return int(low) <= int(code[1:]) <= int(high)
    return False


def _ccs_level(values: list[FacetValue], selected: list[str]) -> list[FacetValue]:
    """The CCS categories; once one is chosen, its groups; once a group is, its classes."""
    if not selected:
        return [v for v in values if len(v.value) == 1]
    base = max(selected, key=lambda code: len(code) if "/" not in code else 2)
    if len(base) == 3 and "/" not in base:
        return [v for v in values if v.value in selected]
    groups = len(base) == 1  # under a category its groups (L00/09); under a group its classes (L06)
    return [v for v in values if v.value in selected or (ccs_within(v.value, base) and ("/" in v.value) == groups)]


def _facet_label(name: str, value: FacetValue) -> tuple[str, str]:
    """(label, hint) of a facet value."""
    if name == "country":
        return names.country_name(value.value), value.value
    if name == "body":
        full = names.body_name(value.value)
        return value.value, full if full != value.value else ""
    if name == "type":
        return names.type_label(value.value), ""
    if name == "status":
        return names.status_label(value.value), ""
    if name == "adoption":
        return names.adoption_label(value.value), ""
    if name == "kind":
        return names.series_label(value.value), ""
    if name in ("committee", "department"):
        return value.value, names.class_title("committee", value.value, value.titles)
    if name == "ccs":
        title = names.class_title("CCS", value.value, value.titles)
        return f"{value.value} {title}".strip(), title
    title = names.ics_title(value.value, value.titles)
    return f"{value.value} {title}".strip(), "\n".join(filter(None, (title, names.ics_title_source(value.value))))


def adoption_badges(catalog: Catalog, standards: list[Standard]) -> dict[int, list[Badge]]:
    """For each standard of a result page: what it adopts (with the degree) and where it is adopted, read in one
    pass over the relations of the page."""
    ids = {s.id for s in standards if s.id is not None}
    works = {s.work_key: s.id for s in standards if s.id is not None}
    relations, sources = catalog.adoptions_of(standards)
    badges: dict[int, list[Badge]] = {i: [] for i in ids}
    adopters: dict[int, dict[str, int]] = {}
    for r in relations:
        degree = r.degree.value if r.degree else "?"
        if r.source_id in badges:
            hint = _("Adopts {identifier}, degree: {degree}").format(identifier=r.target_text, degree=degree)
            badges[r.source_id].append(Badge("adopts", f"{degree} {r.target_text}", hint))
        # an undated adoption ("adopts IEC 60529") is of the work; one of an edition not held, of that edition alone
        target = (
            r.target_id if r.target_id in badges else works.get(r.target_work_key) if end_of(r) == "undated" else None
        )
        source = sources.get(r.source_id) if r.source_id is not None else None
        if target is not None and source is not None and source.id != target:
            counts = adopters.setdefault(target, {})
            counts[source.country] = counts.get(source.country, 0) + 1
    for target, countries in adopters.items():
        where = listed(names.country_name(c) for c in sorted(countries, key=lambda c: (-countries[c], c)))
        text = _("Adopted in {countries}").format(countries=listed(sorted(countries)))
        badges[target].append(Badge("adopted", text, _("Adopted by standards of: {countries}").format(
            countries=where)))  # fmt: skip
    return badges


def last_page(form: SearchForm, results: SearchResults) -> int:
    """The number of the last page of results: of works when editions are shown together, of records when not."""
    shown = results.total if form.all_editions else results.works
    last = min(MAX_PAGE, max(1, math.ceil(shown / PAGE_SIZE)))
    if len(results.hits) < PAGE_SIZE:
        last = min(last, form.page)
    return last


def pages(form: SearchForm, results: SearchResults) -> list[tuple[int, str]]:
    """(page number, address) for the pages around the current one, the first and the last, only those that
    exist."""
    last = last_page(form, results)
    first = max(1, form.page - 3)
    numbers = sorted({1, last, *range(first, min(last, form.page + 3) + 1)})
    return [(n, form.url(page=n if n > 1 else None)) for n in numbers]


def understood_notes(results: SearchResults) -> list[str]:
    """How the query was read, in a sentence each: corrected spellings, words also searched in the other
    language, a loosened query."""
    notes = []
    corrections = results.understood.get("corrections") or {}
    if corrections:
        pairs = listed(f"{old} → {new}" for old, new in corrections.items())
        notes.append(_("Spelling corrected: {pairs}").format(pairs=pairs))
    translations = results.understood.get("translations") or {}
    if translations:
        pairs = in_clauses(f"{word} → {listed(list(dict.fromkeys(found))[:3])}" for word, found in translations.items())
        notes.append(_("Also searched as: {pairs}").format(pairs=pairs))
    if results.understood.get("relaxed"):
        notes.append(_("Few records have every word; records with most of them are shown too."))
    return notes


# the page's route ------------------------------------------------------------------------------------------------
router = APIRouter(include_in_schema=False)


@router.get("/")
def front_page(request: Request) -> Response:
    with site_of(request).catalog.store.reading():  # the page's reads share one connection
        return _front_page(request)


def _front_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    form = read_form(request.query_params.multi_items())
    results = run_search(site.catalog, form)
    context: dict[str, Any] = {"form": form, "results": results, "max_query": MAX_QUERY_LENGTH}
    if results is not None:
        context["facets"] = facet_links(form, results)
        context["badges"] = adoption_badges(site.catalog, [h.standard for h in results.hits])
        context["pages"] = pages(form, results)
        context["last_page"] = last_page(form, results)
        context["understood"] = understood_notes(results)
    if not form.submitted and results is None:
        total, facets = site.figures.get()
        context["catalogue"] = {"total": total, "body": facets.get("body", [])[:8],
                                "country": facets.get("country", [])}  # fmt: skip
    return site.renderer.page(request, "search.html", context, lang=lang)
