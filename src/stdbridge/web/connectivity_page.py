"""The connectivity page: how connected two standards systems are over the years (``analytics.connectivity``), as
a line chart of the four stages per side with its table, and a heat map of every pair of a group.

``GET /connectivity?a=country:CN&b=country:JP[&from=2005&to=2024][&ics=35]`` answers with the page (without ``a``
and ``b`` the form only); ``&group=CN,JP,KR`` adds the group's heat map on the last year end.
``&saved=ID`` takes the group's members from a saved group (``analytics.groups``; managed with the forms of
``web.connectivity_groups_page``). ``GET /connectivity/download.{csv,xlsx,svg,png}?...`` (same parameters;
``&side=b`` for the other side's chart, ``&what=group`` for the group) downloads the figures or the chart. No
script: a plain GET form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from stdbridge.accounts.roles import ANONYMOUS_READER, Actor, Role
from stdbridge.analytics import groups as saved
from stdbridge.analytics.compatibility import Scope
from stdbridge.analytics.connectivity import STAGES, Connectivity, Matrix, connectivity, matrix, year_ends
from stdbridge.api.access import actor_of
from stdbridge.catalog import Catalog
from stdbridge.errors import NotFound, StdbridgeError, UsageError
from stdbridge.i18n import _
from stdbridge.web.connectivity_chart import csv_of, heat_map, line_chart, png_of, stage_labels, xlsx_of
from stdbridge.web.language import page_language
from stdbridge.web.rendering import csv_download, download_headers
from stdbridge.web.search_page import Notice
from stdbridge.web.site import site_of
from stdbridge.web.systems import scope_name, scope_value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GROUP_LIMIT = 20


@dataclass(slots=True)
class ConnectivityForm:
    a: str = ""
    b: str = ""
    first: int = 0
    last: int = 0
    ics: str = ""
    group: str = ""
    saved: int = 0  # a saved group's id (its members are ``group``)

    def params(self, **more: str) -> str:
        values = {"a": self.a, "b": self.b, "from": str(self.first), "to": str(self.last), "ics": self.ics,
                  "group": "" if self.saved else self.group, "saved": str(self.saved or ""), **more}  # fmt: skip
        return urlencode({k: v for k, v in values.items() if v})


@dataclass(slots=True)
class ConnectivityView:
    form: ConnectivityForm
    notices: list[Notice] = field(default_factory=list)
    result: Connectivity | None = None
    group: Matrix | None = None
    status: int = 200

    def fail(self, message: str, status: int = 400) -> None:
        self.notices.append(Notice(message, "warning"))
        self.status = max(self.status, status)

    def charts(self) -> list[tuple[str, Markup]]:
        if self.result is None:
            return []
        a, b = scope_name(self.result.a), scope_name(self.result.b)
        return [(side, line_chart(self.result, side, title)) for side, title in
                (("a", _("{here} towards {there}").format(here=a, there=b)),
                 ("b", _("{here} towards {there}").format(here=b, there=a)))]  # fmt: skip

    def heat(self) -> Markup | None:
        if self.group is None:
            return None
        names = [scope_name(s) for s in self.group.scopes]
        return heat_map(self.group, names, _("Recognised share, {date}").format(date=self.group.date))


def _year(text: str, default: int) -> int:
    text = text.strip()
    if not text:
        return default
    if not text.isdigit() or len(text) != 4:
        raise UsageError(_("not a year: '{value}'").format(value=text[:12]))
    return int(text)


def read_form(params: dict[str, str]) -> ConnectivityForm:
    last_default = dt.date.today().year - 1
    last = _year(params.get("to", ""), last_default)
    first = _year(params.get("from", ""), last - 19)
    number = params.get("saved", "").strip()
    if number and not (number.isdigit() and len(number) < 10):
        raise UsageError(_("not a group number: '{value}'").format(value=number[:12]))
    return ConnectivityForm(a=params.get("a", "").strip()[:48], b=params.get("b", "").strip()[:48], first=first,
                            last=last, ics=params.get("ics", "").strip()[:12],
                            group=params.get("group", "").strip()[:600], saved=int(number or 0))  # fmt: skip


def connectivity_view(catalog: Catalog, form: ConnectivityForm, actor: Actor = ANONYMOUS_READER) -> ConnectivityView:
    view = ConnectivityView(form)
    try:
        if form.saved:
            form.group = ",".join(saved.group_for(catalog, actor, form.saved).members)
        days = year_ends(form.first, form.last)
        if form.a or form.b:
            if not (form.a and form.b):
                raise UsageError(_("Choose two standards systems: a body or a country on each side."))
            (a, _read_a), (b, _read_b) = Scope.read(catalog, form.a), Scope.read(catalog, form.b)
            form.a, form.b = scope_value(a), scope_value(b)
            view.result = connectivity(catalog, a, b, days, form.ics or None)
        if form.group:
            names = saved.split_members(form.group)
            if len(names) > GROUP_LIMIT:
                raise UsageError(_("a group has at most {count} members").format(count=GROUP_LIMIT))
            scopes = [Scope.read(catalog, n)[0] for n in names]
            view.group = matrix(catalog, scopes, days[-1], form.ics or None)
    except StdbridgeError as exc:
        view.fail(exc.message, 404 if isinstance(exc, NotFound) else 400)
    return view


router = APIRouter(include_in_schema=False)


@router.get("/connectivity")
def connectivity_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    try:
        form = read_form(dict(request.query_params))
    except UsageError as exc:
        form = ConnectivityForm(last=dt.date.today().year - 1, first=dt.date.today().year - 20)
        view = ConnectivityView(form)
        view.fail(exc.message)
    else:
        view = connectivity_view(site.catalog, form, actor_of(request))
    actor = actor_of(request)
    context: dict[str, Any] = {"v": view, "systems": site.systems(), "stages": STAGES, "labels": stage_labels(),
                               "groups": saved.groups_for(site.catalog, actor), "user_id": actor.user_id,
                               "may_save": actor.can(Role.CONTRIBUTOR) and actor.user_id is not None,
                               "may_share": actor.can(Role.EDITOR)}  # fmt: skip
    return site.renderer.page(request, "connectivity.html", context, lang=lang, status=view.status)


@router.get("/connectivity/download.{kind}")
def connectivity_download(request: Request, kind: str) -> Response:
    site, lang = site_of(request), page_language(request)
    if kind not in ("csv", "xlsx", "svg", "png"):
        raise NotFound(_("no download '{kind}'; choose csv, xlsx, svg or png").format(kind=kind[:20]))
    params = dict(request.query_params)
    view = connectivity_view(site.catalog, read_form(params), actor_of(request))
    if view.notices:
        raise (NotFound if view.status == 404 else UsageError)(" ".join(n.text for n in view.notices))
    if params.get("what") == "group":
        if view.group is None:
            raise UsageError(_("name a group: group=CN,JP,KR"))
        rows, name, svg = view.group.figures(), "stdbridge-connectivity-group", view.heat()
    else:
        if view.result is None:
            raise UsageError(_("Choose two standards systems: a body or a country on each side."))
        side = "b" if params.get("side") == "b" else "a"
        rows = view.result.rows()
        name = f"stdbridge-connectivity-{view.result.a.code}-{view.result.b.code}"
        svg = dict(view.charts())[side]
    if kind == "csv":
        return csv_download(request, lang, csv_of(rows), f"{name}.csv")
    if kind == "xlsx":
        return Response(xlsx_of(rows, "connectivity"), media_type=XLSX, headers=download_headers(f"{name}.xlsx"))
    if kind == "png":
        png = png_of(str(svg))
        return Response(png, media_type="image/png", headers=download_headers(f"{name}.png"))
    return Response(str(svg), media_type="image/svg+xml", headers=download_headers(f"{name}.svg"))
