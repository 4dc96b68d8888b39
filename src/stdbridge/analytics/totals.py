"""How many records the catalogue holds, by body and by country — the one source of these figures for the HTTP API
(``/api/bodies``, ``/api/countries``, ``/api/stats``), the web pages (front page, directory, a body's overview, the
systems offered for comparison) and ``stdbridge stats``.

The records of a body are those it publishes or co-publishes: ISO/IEC 27001 counts for ISO and for IEC, as the search
facets and a search filtered by body count it. So IEC has 32,341 records in the bundled catalogue, 23,868 of which
name IEC first (its *lead* publisher: IEC 60335-1, IEC/IEEE 60255-118-1) and 8,473 another body first (ISO/IEC 27001);
``BodyRecords`` carries both. The figures by body add up to more than the records of the catalogue; those by country
add up to it (a record has one country). They come from one aggregation over the search index and one count in the
store, reused ``REUSED_SECONDS`` unless the index changes before.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from stdbridge.catalog import Catalog
from stdbridge.search.engine import FacetValue, Filters

REUSED_SECONDS = 60.0

Figures = tuple[int, dict[str, list[FacetValue]]]  # (records, facet name -> values with their counts)

__all__ = ["BodyRecords", "CatalogueFigures", "Figures"]


@dataclass(frozen=True, slots=True)
class BodyRecords:
    """The records of one body: ``records`` it publishes or co-publishes, ``led`` those naming it first."""

    body: str
    records: int
    led: int

    @property
    def co_published(self) -> int:
        """Records naming another body first (ISO/IEC 27001 for IEC)."""
        return self.records - self.led


class CatalogueFigures:
    """The records of one catalogue in all, by body, country and the other facets."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._at = -REUSED_SECONDS
        self._generation = -1
        self._figures: Figures = (0, {})
        self._store_counts: dict[str, dict[str, int]] | None = None  # read when first asked for (~0.2 s at 129k)

    def _snapshot(self, *, store: bool) -> tuple[Figures, dict[str, dict[str, int]]]:
        """The index's figures and, when ``store``, the store's counts, both of one refresh."""
        engine = self.catalog.search_engine()  # first: it takes in imports made since, changing the generation
        now = time.monotonic()
        with self._lock:
            if now - self._at > REUSED_SECONDS or engine.index.generation != self._generation:
                self._generation = engine.index.generation
                self._figures = engine.facet_counts(Filters())
                self._store_counts = None
                self._at = now
            if store and self._store_counts is None:
                self._store_counts = self.catalog.stats()
            return self._figures, self._store_counts or {}

    def get(self) -> Figures:
        return self._snapshot(store=False)[0]

    def bodies(self) -> list[BodyRecords]:
        """Every body with its records (published or co-published) and those it leads, most records first."""
        (_total, facets), store_counts = self._snapshot(store=True)
        led = store_counts.get("body", {})
        return [BodyRecords(v.value, v.count, led.get(v.value, 0)) for v in facets.get("body", [])]

    def body(self, code: str) -> BodyRecords | None:
        return next((b for b in self.bodies() if b.body == code), None)

    def stats(self) -> dict[str, dict[str, int]]:
        """``Catalog.stats()`` with the records by body counted as everywhere else (published or co-published,
        under ``body``), by status as the search facet counts them (``catalog.lifecycle``) and by lead publisher
        (``body_as_lead_publisher``, what the store's column holds)."""
        (_total, facets), store_counts = self._snapshot(store=True)
        return {
            **store_counts,
            "body": {v.value: v.count for v in facets.get("body", [])},
            "status": {v.value: v.count for v in facets.get("status", [])},  # stated, else derived: as searched
            "body_as_lead_publisher": {body: n for body, n in store_counts.get("body", {}).items() if n},
        }

    def counts(self, facet: str) -> list[FacetValue]:
        """The values of ``facet`` ("body", "country" ...) with their numbers of records, most first."""
        return self.get()[1].get(facet, [])
