"""Connections of a server store: how they are made, checked and given up when PostgreSQL is away.

A node must not hang when its database is unreachable or restarting, and must recover without a restart once it
is back. ``server_engine`` makes the engine of a PostgreSQL catalogue with:

- a check of every pooled connection before use (``pool_pre_ping``): the connections a restart broke are
  replaced by new ones instead of failing the next requests one by one;
- bounded waits: connecting (``connect_timeout``), a statement read on its own (``statement_timeout``; a write
  transaction's statements are not limited: an import's may run for minutes), a connection from a full pool
  (``pool_timeout``), and a peer that vanished without closing (TCP keep-alives and ``tcp_user_timeout``);
- connections recycled after ``RECYCLE_SECONDS``.

Each can be set otherwise in the URL's query (``?connect_timeout=2&options=-c%20statement_timeout%3D5000``):
what the URL says wins. ``STDBRIDGE_DB_STATEMENT_TIMEOUT`` (seconds) sets the statement limit of every node.

``unavailable`` turns the driver's errors that mean "the database cannot be reached now" into
``DatabaseUnavailable``, which the web and the API answer with ``503`` and ``Retry-After``. The embedded SQLite
store keeps its engine and its errors exactly as they were.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from stdbridge.errors import DatabaseUnavailable, StoreError
from stdbridge.i18n import _

CONNECT_TIMEOUT_SECONDS = 5
STATEMENT_TIMEOUT_SECONDS = 30.0
POOL_WAIT_SECONDS = 10.0
RECYCLE_SECONDS = 1800
# a peer that stops answering (a machine switched off, a network cut) is given up after this long
TCP_USER_TIMEOUT_MS = 15000
RETRY_AFTER_SECONDS = 5

_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}


def statement_timeout() -> float:
    """The statement limit in seconds: ``STDBRIDGE_DB_STATEMENT_TIMEOUT``, else ``STATEMENT_TIMEOUT_SECONDS``."""
    given = os.environ.get("STDBRIDGE_DB_STATEMENT_TIMEOUT", "").strip()
    if not given:
        return STATEMENT_TIMEOUT_SECONDS
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if seconds < 0:
        raise StoreError(
            _("STDBRIDGE_DB_STATEMENT_TIMEOUT must be a number of seconds (0: no limit), not {value!r}").format(
                value=given
            )
        )
    return seconds


def connect_arguments(url: str, *, limited: bool) -> dict[str, Any]:
    """The libpq settings a server store adds to those of ``url`` (which win where both say something); with
    ``limited``, statements are stopped after ``statement_timeout()`` seconds."""
    query = make_url(url).query
    wanted: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS, "tcp_user_timeout": TCP_USER_TIMEOUT_MS}
    wanted.update(_KEEPALIVES)
    if limited and "options" not in query:
        wanted["options"] = f"-c statement_timeout={int(statement_timeout() * 1000)}"
    return {name: value for name, value in wanted.items() if name not in query}


def server_engine(url: str, *, limited: bool = False) -> Engine:
    """The engine of a PostgreSQL catalogue: checked, bounded and recycled connections (see the module). The
    reads of requests go through a ``limited`` one; writes may run long statements (linking the relations of an
    import of a million records) and are not limited."""
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_timeout=POOL_WAIT_SECONDS,
        pool_recycle=RECYCLE_SECONDS,
        connect_args=connect_arguments(url, limited=limited),
    )


def unavailable(exc: BaseException, where: str) -> DatabaseUnavailable | None:
    """``DatabaseUnavailable`` when ``exc`` means the database at ``where`` cannot answer now (refused or broken
    connection, server shutting down, a statement or a pool wait past its limit), else None."""
    if isinstance(exc, PoolTimeout):
        reason = _("every connection to it is busy")
    elif isinstance(exc, DBAPIError) and (
        exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError)
    ):
        reason = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
    else:
        return None
    message = _("the catalogue database {where} cannot be reached now ({reason}); try again in a few seconds")
    return DatabaseUnavailable(message.format(where=where, reason=reason), retry_after=RETRY_AFTER_SECONDS)
