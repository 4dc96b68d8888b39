"""Where the catalogue lives: ``open_store`` picks the store for a location.

A plain path (or nothing) means the embedded SQLite default; a URL with a
scheme (``postgresql+psycopg://user@host/db``, ``postgresql://`` says the same)
means a server store, shared by several nodes. The location comes from
``--db``, then ``STDBRIDGE_DB``, then ``runtime.default_location()``. A PostgreSQL catalogue may read from a
streaming replica, named by ``STDBRIDGE_DB_REPLICA`` (its URL): reads outside a write transaction go there, every
write to the primary.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stdbridge.errors import MissingExtra, StoreError
from stdbridge.i18n import _
from stdbridge.runtime import resolve_location
from stdbridge.store.base import SourceRecord, Store

if TYPE_CHECKING:
    from stdbridge.store.sql import SqlStore

__all__ = ["SourceRecord", "SqlStore", "Store", "open_store", "store_url"]


def __getattr__(name: str) -> Any:
    if name == "SqlStore":  # SQLAlchemy is loaded when a catalogue is opened, not when a location is worked out
        from stdbridge.store.sql import SqlStore

        return SqlStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(location: str | os.PathLike[str] | None = None) -> Store:
    """The store of the catalogue at ``location``, its schema made current or refused (``store.schema``)."""
    from stdbridge.store.sql import SqlStore

    url = store_url(location)
    replica = os.environ.get("STDBRIDGE_DB_REPLICA", "").strip()
    if replica and not url.startswith("postgresql"):
        raise StoreError(_("STDBRIDGE_DB_REPLICA needs a PostgreSQL catalogue; {where} is not one").format(where=url))
    return SqlStore(url, replica=store_url(replica) if replica else None)


def store_url(location: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL of a location: a file path becomes ``sqlite:///`` (its folder is made), a PostgreSQL URL
    names the psycopg driver."""
    where = resolve_location(location)
    if "://" in where:
        scheme = where.split("://")[0]
        if scheme.startswith("sqlite"):
            return where
        if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
            try:
                import psycopg  # noqa: F401  # the driver of the server store, from the 'server' extra
            except ImportError as missing:
                raise MissingExtra("server", missing) from None
            return "postgresql+psycopg://" + where.split("://", 1)[1]
        raise StoreError(
            _("no store for {scheme!r}: give a file path (SQLite) or a postgresql+psycopg:// URL").format(scheme=scheme)
        )
    path = Path(where).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a directory; give a file path for the catalogue")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {path.parent}: {exc.strerror}") from exc
    return f"sqlite:///{path}"
