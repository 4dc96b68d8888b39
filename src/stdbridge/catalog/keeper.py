"""The indexer of a serving node: a thread that keeps the node's search index in step with the change feed.

``stdbridge serve`` starts one in each worker process (``Catalog.keep_index``). It catches up when it starts (a
node that was down takes in what the other nodes changed meanwhile), then whenever the feed wakes it (PostgreSQL's
``NOTIFY``, or polling on SQLite: ``store.feed``) and at least every ``period`` seconds. Of the workers of one
machine, one writes at a time (the writer lock of ``search.generations``); the others only reload what it wrote.
Requests never write the index: they answer from the index they have, which may be a change behind, and say so
(``behind``) when it has been behind for more than ``STALE_AFTER_SECONDS``.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from stdbridge.errors import DatabaseUnavailable

if TYPE_CHECKING:
    from stdbridge.catalog.facade import Catalog
    from stdbridge.store.feed import ChangeWaiter

STALE_AFTER_SECONDS = 10.0
log = logging.getLogger("stdbridge.indexer")


class IndexKeeper:
    """Keeps ``catalog``'s index in step in a thread of its own until ``stop``."""

    def __init__(self, catalog: Catalog, period: float) -> None:
        self.catalog = catalog
        self.period = period
        self.rounds = 0  # catch-ups done (tests and the status page read it)
        self._behind_since: float | None = None
        self._stopping = threading.Event()
        self._waiter: ChangeWaiter | None = None
        self._thread = threading.Thread(target=self._run, name="stdbridge-indexer", daemon=True)

    def start(self) -> None:
        self._waiter = self.catalog.store.change_waiter()
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._waiter is not None:
            self._waiter.close()
        self._thread.join(timeout=30)

    def behind(self) -> float:
        """For how many seconds the index has lagged behind the catalogue (0 when in step)."""
        since = self._behind_since
        return 0.0 if since is None else time.monotonic() - since

    def _run(self) -> None:
        assert self._waiter is not None
        while not self._stopping.is_set():
            try:
                self.catalog.catch_up_index(wait=False)
                latest = self.catalog.store.latest_change()
                if self.catalog.index.stamp >= latest:
                    self._behind_since = None
                elif self._behind_since is None:
                    self._behind_since = time.monotonic()
            except DatabaseUnavailable as away:  # PostgreSQL stopped or restarting: the waiter reconnects
                log.warning("the search index waits for the database: %s", away)
                if self._behind_since is None:
                    self._behind_since = time.monotonic()
            except Exception:  # the database or the disk away for a moment: try again on the next round
                log.exception("the search index could not catch up with the catalogue")
                if self._behind_since is None:
                    self._behind_since = time.monotonic()
            self.rounds += 1
            if self._stopping.is_set():
                break
            self._waiter.wait(self.period)
