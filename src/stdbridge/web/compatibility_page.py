"""The compatibility page: how compatible two standards systems are (``stdbridge.analytics.compatibility``) —
the share of each system's standards with a counterpart in the other, by kind of link, both ways, overall and per
ICS field, and their normalised mutual information — as charts, each with its table and its CSV.

``GET /compatibility?a=body:ISO&b=country:CN[&ics=03][&declared=1]`` answers with the page;
``GET /compatibility/{figure}.csv?...`` (same parameters) with the data of one chart. Without ``a`` and ``b`` the
page offers the form only. CSV headers are fixed English names (for scripts); labels follow the page's language.

Working out two whole bodies takes 1 to 13 s: the page is rendered when the figures are ready (while the reader
waits, the form says so, and shows each step as it goes when its script asks for them: ``web.progress``), and
the figures of the last few questions are kept ``KEPT_SECONDS`` (``RecentAnswers``) so that
the CSV downloads of a page read them rather than work them out again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from stdbridge.analytics.compatibility import KINDS, Compatibility, Coverage, Scope, compatibility, kind_label
from stdbridge.catalog import Catalog
from stdbridge.counterparts.bulk import SUGGESTION_THRESHOLD
from stdbridge.errors import NotFound, StdbridgeError, UsageError
from stdbridge.i18n import _
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.web import charts
from stdbridge.web.language import page_language
from stdbridge.web.names import ics_title
from stdbridge.web.overview_page import Figure
from stdbridge.web.progress import streamed_page, wants_progress
from stdbridge.web.rendering import csv_download, percent
from stdbridge.web.search_page import Notice
from stdbridge.web.site import site_of
from stdbridge.web.systems import scope_name, scope_value

FIGURES = ("coverage", "fields-a", "fields-b", "information")
KEPT_SECONDS = 300.0  # at most; a decision or an import changes the revision they are kept under
KEPT_ANSWERS = 8
EXAMPLES = (("body:ISO", "country:CN"), ("body:IEC", "country:JP"), ("body:ITU-T", "body:ISO"))


@dataclass(slots=True)
class CompatibilityForm:
    a: str = ""
    b: str = ""
    ics: str = ""
    declared_only: bool = False

    def params(self) -> str:
        values = {"a": self.a, "b": self.b, "ics": self.ics, "declared": "1" if self.declared_only else ""}
        return urlencode({k: v for k, v in values.items() if v})

    def api_url(self) -> str:
        """The address of the same figures as JSON, from the HTTP API."""
        values = {"a": self.a, "b": self.b, "ics": self.ics, "declared_only": "true" if self.declared_only else ""}
        return "/api/compatibility?" + urlencode({k: v for k, v in values.items() if v})


@dataclass(slots=True)
class CompatibilityView:
    form: CompatibilityForm
    notices: list[Notice] = field(default_factory=list)
    result: Compatibility | None = None
    status: int = 200

    @property
    def a_name(self) -> str:
        return scope_name(self.result.a) if self.result else ""

    @property
    def b_name(self) -> str:
        return scope_name(self.result.b) if self.result else ""

    def fail(self, message: str, status: int = 400) -> None:
        self.notices.append(Notice(message, "warning"))
        self.status = max(self.status, status)


def read_form(params: dict[str, str]) -> CompatibilityForm:
    return CompatibilityForm(
        a=params.get("a", "").strip()[:48], b=params.get("b", "").strip()[:48], ics=params.get("ics", "").strip()[:12],
        declared_only=params.get("declared", "") in ("1", "on", "true"),
    )  # fmt: skip


class RecentAnswers:
    """The figures of the last ``KEPT_ANSWERS`` questions, each for ``KEPT_SECONDS`` and only while the search
    index (from which the systems' members are read) and the catalogue's revision (which every import and every
    decision changes, whoever made it) stay as they were: the key holds both."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple[Any, ...], tuple[float, Compatibility]] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> Compatibility | None:
        with self._lock:
            found = self._answers.get(key)
            if found is None or time.monotonic() - found[0] > KEPT_SECONDS:
                return None
            self._answers.move_to_end(key)
            return found[1]

    def put(self, key: tuple[Any, ...], answer: Compatibility) -> None:
        with self._lock:
            self._answers[key] = (time.monotonic(), answer)
            while len(self._answers) > KEPT_ANSWERS:
                self._answers.popitem(last=False)


def compatibility_view(
    catalog: Catalog, form: CompatibilityForm, recent: RecentAnswers, progress: Progress = NO_PROGRESS
) -> CompatibilityView:
    """The figures the form asks for, or why there are none (nothing asked yet, a system the catalogue does not
    hold, the same system twice, a field that is not an ICS code); ``progress`` hears how the work goes."""
    view = CompatibilityView(form)
    if not form.a and not form.b:
        return view
    if not form.a or not form.b:
        view.fail(choose_two())
        return view
    try:
        (a, read_a), (b, read_b) = Scope.read(catalog, form.a), Scope.read(catalog, form.b)
    except StdbridgeError as exc:
        view.fail(exc.message)
        return view
    for reading in (read_a, read_b):
        for note in (reading.note(), reading.unheld_note()):
            if note:
                view.notices.append(Notice(note))
    form.a, form.b = scope_value(a), scope_value(b)
    if a == b:
        view.fail(_("Choose two different systems: {system} is compared with itself.").format(system=scope_name(a)))
        return view
    threshold = None if form.declared_only else SUGGESTION_THRESHOLD
    # the index (the systems' members) and the catalogue's revision (decisions, from any process or route)
    key = (form.a, form.b, form.ics, threshold, catalog.search_engine().index.generation, catalog.revision())
    view.result = recent.get(key)
    if view.result is None:
        try:
            view.result = compatibility(catalog, a, b, form.ics or None, threshold=threshold, progress=progress)
        except StdbridgeError as exc:
            view.fail(exc.message, 404 if isinstance(exc, NotFound) else 400)
            return view
        view.result.links = []  # every pair found: large for whole bodies, and not shown
        recent.put(key, view.result)
    return view


def choose_two() -> str:
    return _("Choose two standards systems: a body or a country on each side.")


def ics_options(catalog: Catalog, chosen: str) -> list[tuple[str, str]]:
    """(code, label) of the ICS fields, and the groups (and sub-groups) under the chosen one, indented."""
    options = []
    for field_ in catalog.classification_children("ICS"):
        options.append((field_.code, f"{field_.code} {ics_title(field_.code, field_.titles)}"))
        if chosen[:2] != field_.code:
            continue
        for group in catalog.classification_children("ICS", field_.code):
            options.append((group.code, f"— {group.code} {ics_title(group.code, group.titles)}"))
            if chosen[:6] == group.code:
                options += [(sub.code, f"— — {sub.code} {ics_title(sub.code, sub.titles)}")
                            for sub in catalog.classification_children("ICS", group.code)]  # fmt: skip
    if chosen and chosen not in {code for code, _label in options}:
        options.append((chosen, chosen))
    return options


# the figures -----------------------------------------------------------------------------------------------------
def figures(view: CompatibilityView) -> list[Figure]:
    return [_FIGURE_BUILDERS[key](view) for key in FIGURES]


def figure_csv(view: CompatibilityView, key: str) -> str:
    f = _FIGURE_BUILDERS[key](view)
    return charts.csv_text(f.header, f.rows)


def _csv_url(view: CompatibilityView, key: str) -> str:
    return f"/compatibility/{key}.csv?{view.form.params()}"


def _kind_parts(coverage: Coverage) -> list[charts.Bar]:
    return [charts.Bar(kind_label(k), coverage.counts[k], f"kind-{k}") for k in KINDS if k != "none"]


def _with_counterpart(coverage: Coverage) -> str:
    return _("{share} of {count}").format(share=percent(coverage.with_counterpart, coverage.standards),
                                          count=f"{coverage.standards:,}")  # fmt: skip


def _coverage(view: CompatibilityView) -> Figure:
    result, a, b = view.result, view.a_name, view.b_name
    assert result is not None
    directions = (("a_to_b", f"{a} → {b}", result.a_to_b), ("b_to_a", f"{b} → {a}", result.b_to_a))
    rows: list[list[str | int]] = [
        [key, k, kind_label(k), c.counts[k], f"{c.share(k):.4f}"] for key, _label, c in directions for k in KINDS
    ]
    title = _("Standards with a counterpart in the other system")
    stacked = [charts.StackedRow(label, _kind_parts(c), c.standards, _with_counterpart(c))
               for _key, label, c in directions]  # fmt: skip
    return Figure(
        "coverage", title,
        _("Each standard counts once, under the strongest link it has to the other system; the part of the bar left "
          "empty is the standards without counterpart."),
        ["direction", "kind", "label", "standards", "share"], rows,
        charts.stacked_bar_chart("chart-coverage", title, stacked, rest=kind_label("none")), _csv_url(view, "coverage"),
    )  # fmt: skip


def _fields_a(view: CompatibilityView) -> Figure:
    return _fields(view, "a")


def _fields_b(view: CompatibilityView) -> Figure:
    return _fields(view, "b")


def _fields(view: CompatibilityView, side: str) -> Figure:
    result = view.result
    assert result is not None
    here, there = (view.a_name, view.b_name) if side == "a" else (view.b_name, view.a_name)
    rows: list[list[str | int]] = []
    stacked = []
    for f in result.fields:
        coverage = f.a_to_b if side == "a" else f.b_to_a
        if not coverage.standards:
            continue
        label = f"{f.code} {ics_title(f.code, f.titles)}"
        rows.append(
            [
                f.code,
                ics_title(f.code, f.titles),
                coverage.standards,
                coverage.with_counterpart,
                f"{coverage.with_counterpart / coverage.standards:.4f}",
                *(coverage.counts[k] for k in KINDS),
            ]
        )
        stacked.append(charts.StackedRow(label, _kind_parts(coverage), coverage.standards, _with_counterpart(coverage)))
    title = _("{here} → {there}, by ICS field").format(here=here, there=there)
    unclassified = result.unclassified.get(side, 0)
    return Figure(
        f"fields-{side}", title,
        _("The share of the standards of {here} in each ICS field that have a counterpart in {there}; a standard "
          "classified in two fields counts in both, and {count} without an ICS code in none.").format(
            here=here, there=there, count=f"{unclassified:,}"),
        ["ics", "title", "standards", "with_counterpart", "share", *KINDS], rows,
        charts.stacked_bar_chart(f"chart-fields-{side}", title, stacked, rest=kind_label("none")),
        _csv_url(view, f"fields-{side}"),
    )  # fmt: skip


def _information(view: CompatibilityView) -> Figure:
    result, a, b = view.result, view.a_name, view.b_name
    assert result is not None
    measures = [("declared", _("declared links"), result.declared_information)]
    if result.threshold is not None:
        measures.insert(0, ("all", _("declared and suggested links"), result.information))
    rows: list[list[str | int]] = []
    ratios = []
    for key, label, info in measures:
        rows += [
            [key, "a_to_b", f"{info.a_to_b_bits:.4f}", f"{info.a_to_b:.4f}"],
            [key, "b_to_a", f"{info.b_to_a_bits:.4f}", f"{info.b_to_a:.4f}"],
            [key, "symmetric", "", f"{info.symmetric:.4f}"],
        ]
        ratios += [
            charts.Ratio(f"{a} → {b} · {label}", info.a_to_b, f"links-{key}"),
            charts.Ratio(f"{b} → {a} · {label}", info.b_to_a, f"links-{key}"),
            charts.Ratio(_("both ways (mean) · {links}").format(links=label), info.symmetric, f"links-{key}"),
        ]
    title = _("Normalised mutual information")
    return Figure(
        "information", title,
        _("From 0 to 1: how well knowing a standard of one system tells which standards of the other correspond to "
          "it. 1 when the links pair the standards one to one; 0 when there are none."),
        ["links", "direction", "bits", "normalised"], rows,
        charts.ratio_chart("chart-information", title, ratios), _csv_url(view, "information"),
    )  # fmt: skip


_FIGURE_BUILDERS: dict[str, Callable[[CompatibilityView], Figure]] = {
    "coverage": _coverage,
    "fields-a": _fields_a,
    "fields-b": _fields_b,
    "information": _information,
}


# the page's routes -----------------------------------------------------------------------------------------------
router = APIRouter(include_in_schema=False)


@router.get("/compatibility")
def compatibility_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    form = read_form(dict(request.query_params))

    def compatibility_context(progress: Progress) -> tuple[dict[str, Any], int]:
        view = compatibility_view(site.catalog, form, site.recent_compatibility, progress)
        context = {
            "v": view, "systems": site.systems(), "ics_options": ics_options(site.catalog, form.ics),
            "figures": figures(view) if view.result else [], "examples": EXAMPLES,
        }  # fmt: skip
        return context, view.status

    if wants_progress(request):
        return streamed_page(
            lambda progress: site.renderer.render(
                request, "compatibility.html", compatibility_context(progress)[0], lang=lang
            )
        )
    context, status = compatibility_context(NO_PROGRESS)
    return site.renderer.page(request, "compatibility.html", context, lang=lang, status=status)


@router.get("/compatibility/{name}.csv")
def compatibility_csv(request: Request, name: str) -> Response:
    site, lang = site_of(request), page_language(request)
    if name not in FIGURES:
        raise NotFound(_("no figure '{name}'; the figures are: {names}").format(
            name=name[:40], names=", ".join(FIGURES)))  # fmt: skip
    form = read_form(dict(request.query_params))
    view = compatibility_view(site.catalog, form, site.recent_compatibility)
    if view.result is None:
        message = " ".join(n.text for n in view.notices) or choose_two()
        raise (NotFound if view.status == 404 else UsageError)(message)
    filename = f"stdbridge-compatibility-{view.result.a.code}-{view.result.b.code}-{name}.csv"
    return csv_download(request, lang, figure_csv(view, name), filename)
