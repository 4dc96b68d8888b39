"""Where the catalogue lives: ``open_store`` picks the store for a location.

A plain path (or nothing) means the embedded SQLite default; a URL with a
scheme (``postgresql://...``) means a server store. The location comes from
``--db``, then ``STDBRIDGE_DB``, then ``runtime.default_location()``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stdbridge.errors import StoreError
from stdbridge.runtime import resolve_location
from stdbridge.store.base import SourceRecord, Store

if TYPE_CHECKING:
    from stdbridge.store.sql import SqlStore

__all__ = ["SourceRecord", "SqlStore", "Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name == "SqlStore":  # SQLAlchemy is loaded when a catalogue is opened, not when a location is worked out
        from stdbridge.store.sql import SqlStore

        return SqlStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(location: str | os.PathLike[str] | None = None) -> Store:
    from stdbridge.store.sql import SqlStore

    where = resolve_location(location)
    if "://" in where:
        if where.startswith("sqlite"):
            return SqlStore(where)
        raise StoreError(
            f"no store for {where.split('://')[0]!r} yet; use a file path for the embedded SQLite catalogue"
        )
    path = Path(where).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a directory; give a file path for the catalogue")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {path.parent}: {exc.strerror}") from exc
    return SqlStore(f"sqlite:///{path}")
