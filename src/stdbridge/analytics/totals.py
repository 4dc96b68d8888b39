"""How many records the catalogue holds, by body and by country — the one source of these figures for the HTTP API
(``/api/bodies``, ``/api/countries``) and the web pages (front page, directory, the systems offered for comparison).

A standard counts under its publishing body and under each co-publisher (ISO/IEC 27001 is a standard of ISO and of
IEC), as the search facets count it: the figures come from one aggregation over the search index, reused
``REUSED_SECONDS`` unless the index changes before.
"""

from __future__ import annotations

import threading
import time

from stdbridge.catalog import Catalog
from stdbridge.search.engine import FacetValue, Filters

REUSED_SECONDS = 60.0

Figures = tuple[int, dict[str, list[FacetValue]]]  # (records, facet name -> values with their counts)

__all__ = ["CatalogueFigures", "Figures"]


class CatalogueFigures:
    """The records of one catalogue in all, by body, country and the other facets."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._at = -REUSED_SECONDS
        self._generation = -1
        self._figures: Figures = (0, {})

    def get(self) -> Figures:
        engine = self.catalog.search_engine()  # first: it takes in imports made since, changing the generation
        now = time.monotonic()
        with self._lock:
            if now - self._at > REUSED_SECONDS or engine.index.generation != self._generation:
                self._generation = engine.index.generation
                self._figures = engine.facet_counts(Filters())
                self._at = now
            return self._figures

    def counts(self, facet: str) -> list[FacetValue]:
        """The values of ``facet`` ("body", "country" ...) with their numbers of records, most first."""
        return self.get()[1].get(facet, [])
