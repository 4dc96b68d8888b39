"""The catalogue: the ``Catalog`` facade the command line, the API and the web use (``facade``), the graph of
standards it reads (``graph``: families, supersession, status on a date, counterparts) and the transactional import
of sources into it (``ingest``).

``Catalog`` and ``Resolution`` are loaded on first use, so that importing ``graph`` or ``ingest`` does not load the
facade and everything it reaches (search, suggestions, importers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stdbridge.catalog.facade import Catalog, Resolution

__all__ = ["Catalog", "Resolution"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from stdbridge.catalog import facade

        return getattr(facade, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
