"""What the pages' routers share, set up once per application by ``create_pages``: the catalogue, the renderer,
the catalogue's figures (with the systems the pages offer to compare) and the compatibility answers remembered.

Each page module has its own ``router``; its handlers find these through ``site_of(request)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.requests import Request

from stdbridge.analytics.totals import CatalogueFigures
from stdbridge.catalog import Catalog
from stdbridge.web.rendering import Renderer
from stdbridge.web.systems import ChoiceGroup, system_choices

if TYPE_CHECKING:
    from stdbridge.web.compatibility_page import RecentAnswers


class PageFigures(CatalogueFigures):
    """How many records the catalogue holds, by body and country (as ``/api/bodies`` and ``/api/countries``
    count them), and the systems the pages offer to compare."""

    def systems(self) -> list[ChoiceGroup]:
        """The bodies and countries of the catalogue, as the options of a select."""
        return system_choices(self.counts("body"), self.counts("country"))


@dataclass(frozen=True)
class Site:
    catalog: Catalog
    renderer: Renderer
    figures: PageFigures
    recent_compatibility: RecentAnswers


def site_of(request: Request) -> Site:
    """The site of the application that received ``request``."""
    site: Site = request.app.state.site
    return site
