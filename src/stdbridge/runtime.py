"""Where a catalogue lives on this machine, and how long jobs keep Python's collector out of their way.

- ``default_location``, ``resolve_location``, ``index_location``: the catalogue file (``--db``, ``STDBRIDGE_DB``,
  else the data folder of the XDG convention) and its search index beside it;
- ``without_cycle_collection``: a pause of the cycle collector for jobs that build many acyclic objects.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit


def default_location() -> Path:
    """``$XDG_DATA_HOME/stdbridge/catalog.db`` (``~/.local/share/stdbridge/catalog.db``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "stdbridge" / "catalog.db"


def resolve_location(location: str | os.PathLike[str] | None = None) -> str:
    """The location asked for, else ``STDBRIDGE_DB``, else the default path."""
    return str(location or os.environ.get("STDBRIDGE_DB") or default_location())


def index_location(location: str | os.PathLike[str] | None = None) -> Path:
    """Where the search index of a catalogue lives: ``STDBRIDGE_INDEX``, else beside the catalogue file
    (``catalog.db`` -> ``catalog.search/``), else in the default data folder for a server catalogue, one folder
    for each server and database (two catalogues never share an index).

    >>> index_location("postgresql+psycopg://app:secret@db.example:5432/stdbridge").name
    'search-db.example-5432-stdbridge'
    """
    if os.environ.get("STDBRIDGE_INDEX"):
        return Path(os.environ["STDBRIDGE_INDEX"]).expanduser()
    where = resolve_location(location)
    if "://" in where and not where.startswith("sqlite:///"):
        server = urlsplit(where)
        parts = [server.hostname or "local", str(server.port or ""), server.path.strip("/")]
        name = "-".join(re.sub(r"[^A-Za-z0-9_.]+", "_", part) for part in parts if part)
        return default_location().parent / f"search-{name}"
    path = Path(where.removeprefix("sqlite:///")).expanduser()
    return path.with_name(path.stem + ".search")


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while an import builds hundreds of thousands of acyclic dicts.

    With it running, each collection rescans every record read so far: at the bundled size that made
    reading twice as slow. Nothing an import builds holds a reference cycle, so nothing leaks.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
