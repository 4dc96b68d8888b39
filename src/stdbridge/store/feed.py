"""Waiting for the next change to the catalogue (the change feed of migration 0006), made by any process.

A node's index keeper (``search.keeper``) waits on a ``ChangeWaiter`` between catch-ups:

- ``ListeningWaiter`` (PostgreSQL): a connection of its own that ``LISTEN``s on ``stdbridge_changes``; every
  change sends ``NOTIFY`` in the transaction that makes it, delivered when it commits, so a node wakes within
  milliseconds of a commit made through any other node. A lost connection is opened again on the next wait.
- ``PollingWaiter`` (SQLite, one machine): reads the latest change number every ``interval`` seconds (one indexed
  read of a one-row table).

Either returns at the latest after the timeout it is given: the keeper catches up then too, so a notification
lost with a broken connection delays a change by one period, never for ever.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

CHANNEL = "stdbridge_changes"


class ChangeWaiter(Protocol):
    def wait(self, timeout: float) -> bool:
        """Block until a change may have been committed (True) or ``timeout`` seconds passed (False)."""

    def close(self) -> None: ...


class PollingWaiter:
    """Waits by reading ``latest()`` every ``interval`` seconds until it grows."""

    def __init__(self, latest: Callable[[], int], interval: float = 0.25) -> None:
        self._latest = latest
        self._interval = interval
        self._seen = latest()
        self._closed = threading.Event()

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self._closed.is_set():
            now = self._latest()
            if now != self._seen:
                self._seen = now
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._closed.wait(min(self._interval, left))
        return False

    def close(self) -> None:
        self._closed.set()


class ListeningWaiter:
    """Waits for PostgreSQL's notifications on ``CHANNEL``, on a connection of its own (``conninfo``)."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._conn: Any = None
        self._closed = False

    def _connection(self) -> Any:
        if self._conn is None or self._conn.closed:
            import psycopg

            self._conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
            self._conn.execute(f"LISTEN {CHANNEL}")
        return self._conn

    def wait(self, timeout: float) -> bool:
        import psycopg

        if self._closed:
            return False
        try:
            conn = self._connection()
            woken = False
            for _note in conn.notifies(timeout=timeout, stop_after=1):
                woken = True
            return woken
        except psycopg.Error:  # the server went away: the caller catches up, and the next wait connects again
            self._drop()
            time.sleep(min(timeout, 1.0))
            return True

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self._conn.close()
        self._conn = None

    def close(self) -> None:
        self._closed = True
        self._drop()
