"""The catalogue: the ``Catalog`` facade the command line, the API and the web use (``facade``), the graph of
standards it reads (``graph``: families, supersession, status on a date, counterparts) and the transactional import
of sources into it (``ingest``)."""

from stdbridge.catalog.facade import Catalog, Resolution

__all__ = ["Catalog", "Resolution"]
