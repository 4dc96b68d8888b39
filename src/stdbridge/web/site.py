"""What the pages' routers share, set up once per application by ``create_pages``: the catalogue, the renderer,
the catalogue's figures, the systems the pages offer to compare and the compatibility answers remembered.

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


@dataclass(frozen=True)
class Site:
    catalog: Catalog
    renderer: Renderer
    figures: CatalogueFigures  # the same figures as the API's, when both are served (``app.create_app``)
    recent_compatibility: RecentAnswers

    def systems(self) -> list[ChoiceGroup]:
        """The bodies and countries of the catalogue, as the options of a select."""
        return system_choices(self.figures.counts("body"), self.figures.counts("country"))


def site_of(request: Request) -> Site:
    """The site of the application that received ``request``."""
    site: Site = request.app.state.site
    return site
