"""The overview pages of bodies and countries: each figure of ``analytics.overview`` as a chart, a table and
a CSV download.

A figure's table is the single source of its chart, of the table under it and of its CSV, so the three never
disagree. CSV headers are fixed English names (for scripts); labels follow the page's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from stdbridge.analytics.overview import DEGREES, Overview
from stdbridge.analytics.overview import overview as overview_of
from stdbridge.errors import NotFound, UnknownName
from stdbridge.i18n import _, ngettext, sentences
from stdbridge.web import charts
from stdbridge.web.language import page_language
from stdbridge.web.names import adoption_label, degree_label, ics_title, ics_titles_note, status_label, type_label
from stdbridge.web.rendering import csv_download, overview_url
from stdbridge.web.site import site_of

FIGURES = ("status", "type", "ics", "years", "words", "adoption")


@dataclass(slots=True)
class Figure:
    key: str  # its name in the CSV address
    title: str
    definition: str
    header: list[str]  # of the CSV
    rows: list[list[str | int]]
    chart: Markup  # SVG; empty for the hot words, which the template lays out as sized words
    csv_url: str


def figures(view: Overview, base_url: str) -> list[Figure]:
    """Every figure of the overview, in the order of the page."""
    return [_FIGURE_BUILDERS[key](view, base_url) for key in FIGURES]


def figure(view: Overview, key: str, base_url: str) -> Figure:
    return _FIGURE_BUILDERS[key](view, base_url)


def _csv_url(base_url: str, key: str) -> str:
    return f"{base_url}/{key}.csv"


def _status(view: Overview, base_url: str) -> Figure:
    rows: list[list[str | int]] = [[c.key, status_label(c.key), c.count] for c in view.by_status]
    title = _("Records by status")
    bars = [charts.Bar(str(r[1]), int(r[2]), f"status-{r[0]}") for r in rows]
    return Figure(
        "status", title,
        ngettext("Each record (an edition of a standard, an amendment, a draft ...) has one status: the bar is "
                 "the one record.",
                 "Each record (an edition of a standard, an amendment, a draft ...) has one status: the bars add "
                 "up to all {records} records.", view.records).format(records=f"{view.records:,}"),
        ["status", "label", "records"], rows, charts.bar_chart("chart-status", title, bars, total=view.records),
        _csv_url(base_url, "status"),
    )  # fmt: skip


def _type(view: Overview, base_url: str) -> Figure:
    rows: list[list[str | int]] = [[c.key, type_label(c.key), c.count] for c in view.by_type]
    title = _("Records by type of document")
    bars = [charts.Bar(str(r[1]), int(r[2]), f"type-{r[0]}") for r in rows]
    return Figure(
        "type", title, _("Standards, amendments, corrigenda, technical reports, drafts ...: one type per record."),
        ["type", "label", "records"], rows, charts.bar_chart("chart-type", title, bars, total=view.records),
        _csv_url(base_url, "type"),
    )  # fmt: skip


def _ics(view: Overview, base_url: str) -> Figure:
    rows: list[list[str | int]] = [[c.key, ics_title(c.key, c.titles), c.count] for c in view.ics_fields]
    title = _("Records by ICS field")
    bars = [charts.Bar(f"{r[0]} {r[1]}", int(r[2]), "ics") for r in rows]
    return Figure(
        "ics", title,
        sentences(_("Top-level fields of the International Classification for Standards. A record classified in "
                    "two fields counts in both."),
                  ngettext("{count} record has no ICS code.", "{count} records have no ICS code.",
                           view.unclassified).format(count=f"{view.unclassified:,}"),
                  ics_titles_note()),
        ["ics", "title", "records"], rows, charts.bar_chart("chart-ics", title, bars, total=view.records),
        _csv_url(base_url, "ics"),
    )  # fmt: skip


def _years(view: Overview, base_url: str) -> Figure:
    rows: list[list[str | int]] = [[int(c.key), c.count] for c in view.by_year]
    title = _("Records by year")
    columns = [(str(r[0]), int(r[1])) for r in rows]
    return Figure(
        "years", title,
        sentences(_("By year of the document: the year in its identifier, else the year it was published."),
                  ngettext("{count} record has neither.", "{count} records have neither.", view.undated).format(
                      count=f"{view.undated:,}")),
        ["year", "records"], rows, charts.column_chart("chart-years", title, columns), _csv_url(base_url, "years"),
    )  # fmt: skip


def _words(view: Overview, base_url: str) -> Figure:
    rows: list[list[str | int]] = [[w.word, w.count, w.gloss or ""] for w in view.hot_words]
    source = _("Chinese titles") if view.hot_words_lang == "zh" else _("English titles")
    return Figure(
        "words", _("Hot words"),
        _("The words most used in {source}, larger when more records use them (the number of records is in the "
          "tooltip and the table); words of almost every title are left out.").format(source=source),
        ["word", "records", "gloss"], rows, Markup(""), _csv_url(base_url, "words"),
    )  # fmt: skip


def _adoption(view: Overview, base_url: str) -> Figure:
    a = view.adoption
    title = _("Adoption of other standards") if a.national else _("Adopted by national standards")
    rows: list[list[str | int]]
    if a.national:
        rows = [[d, adoption_label(f"adopts-{d}") if d in DEGREES else degree_label(d), a.by_degree[d]]
                for d in (*DEGREES, "unknown")]  # fmt: skip
        rows.append(["adopts", adoption_label("adopts"), a.adopting])
        parts = [charts.Bar(str(r[1]), int(r[2]), f"degree-{r[0]}") for r in rows[:-1]]
        definition = _("{share} of the records adopt another standard (an international or foreign one), by "
                       "degree of correspondence: IDT identical, MOD modified, EQV equivalent, NEQ not "
                       "equivalent.").format(share=f"{100 * a.share:.1f}%")  # fmt: skip
    else:
        rows = [["adopted", adoption_label("adopted"), a.adopted]]
        parts = [charts.Bar(str(rows[0][1]), a.adopted, "degree-IDT")]
        definition = ngettext("Records that a national or regional standard in the catalogue adopts, of the one "
                              "record.",
                              "Records that a national or regional standard in the catalogue adopts, of all "
                              "{records} records.", view.records).format(records=f"{view.records:,}")  # fmt: skip
    rows.append(["records", _("All records"), view.records])
    return Figure(
        "adoption", title, definition, ["adoption", "label", "records"], rows,
        charts.share_bar("chart-adoption", title, parts, view.records), _csv_url(base_url, "adoption"),
    )  # fmt: skip


_FIGURE_BUILDERS: dict[str, Callable[[Overview, str], Figure]] = {
    "status": _status,
    "type": _type,
    "ics": _ics,
    "years": _years,
    "words": _words,
    "adoption": _adoption,
}


def word_cloud(view: Overview) -> list[tuple[str, int, str, int]]:
    """(word, records, gloss, size 1..5) of the hot words, alphabetical so that the sizes carry the order."""
    sizes = charts.word_sizes([w.count for w in view.hot_words])
    words = [(w.word, w.count, w.gloss or "", size) for w, size in zip(view.hot_words, sizes, strict=True)]
    return sorted(words, key=lambda w: w[0])


def figure_csv(view: Overview, key: str) -> str:
    f = figure(view, key, "")
    return charts.csv_text(f.header, f.rows)


# the pages' routes -----------------------------------------------------------------------------------------------
router = APIRouter(include_in_schema=False)


@router.get("/overview")
def directory_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    total, facets = site.figures.get()
    context = {"total": total, "bodies": facets.get("body", []), "countries": facets.get("country", [])}
    return site.renderer.page(request, "directory.html", context, lang=lang)


def _named_overview(request: Request, scope: str, code: str, suffix: str = "") -> Response | None:
    """The address of the overview a name people use stands for (``/overview/body/JIS`` is JISC's), or
    ``None`` when ``code`` is already the stored code; a name that means nothing known is not found."""
    if scope not in ("body", "country"):
        return None
    try:
        reading = site_of(request).catalog.names().read(scope, code)
    except UnknownName as exc:
        raise NotFound(exc.message) from None
    if reading.code == code:
        return None
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(overview_url(scope, quote(reading.code, safe="")) + suffix + query, status_code=307)


@router.get("/overview/{scope}/{code}")
def overview_page(request: Request, scope: str, code: str) -> Response:
    site, lang = site_of(request), page_language(request)
    moved = _named_overview(request, scope, code)
    if moved is not None:
        return moved
    view = overview_of(site.catalog, scope, code, lang)
    base = overview_url(scope, quote(view.code, safe=""))
    context = {
        "view": view,
        "figures": figures(view, base),
        "words": word_cloud(view),
        "led": site.figures.body(view.code) if view.scope == "body" else None,
    }
    return site.renderer.page(request, "overview.html", context, lang=lang)


@router.get("/overview/{scope}/{code}/{name}.csv")
def overview_csv(request: Request, scope: str, code: str, name: str) -> Response:
    site, lang = site_of(request), page_language(request)
    if name not in FIGURES:
        raise NotFound(_("no figure '{name}'; the figures are: {names}").format(
            name=name[:40], names=", ".join(FIGURES)))  # fmt: skip
    moved = _named_overview(request, scope, code, f"/{name}.csv")
    if moved is not None:
        return moved
    view = overview_of(site.catalog, scope, code, lang)
    filename = f"stdbridge-{scope}-{view.code}-{name}.csv"
    return csv_download(request, lang, figure_csv(view, name), filename)
