"""How uvicorn serves the app (``stdbridge serve``): connections that hold a worker without asking anything are
closed, and a stop does not wait for ever.

uvicorn closes a connection left idle after a response (``timeout_keep_alive``), but not one that was opened and
never sent a request, nor one that sends its request head a byte at a time. ``TimelyH11Protocol`` closes either
when no whole request head has arrived ``REQUEST_HEAD_SECONDS`` after the connection opened or the last response
ended. ``SERVER_OPTIONS`` are the rest: idle keep-alive, the size of a request head, graceful shutdown.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["REQUEST_HEAD_SECONDS", "SERVER_OPTIONS", "TimelyH11Protocol"]

REQUEST_HEAD_SECONDS = 15.0


class TimelyH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing connections that send no whole request head in time."""

    _head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        self._head_deadline = self.loop.call_later(REQUEST_HEAD_SECONDS, self._close_if_waiting)

    def _close_if_waiting(self) -> None:
        waiting = self.cycle is None or self.cycle.response_complete  # no request is being answered
        if waiting and not self.transport.is_closing():
            self.transport.close()


SERVER_OPTIONS: dict[str, Any] = {
    "http": TimelyH11Protocol,
    "timeout_keep_alive": 5,  # seconds idle after a response
    "timeout_graceful_shutdown": 30,  # a stop (SIGTERM) waits this long for requests in flight, no longer
    "h11_max_incomplete_event_size": 32 * 1024,  # a request head (line and headers) of at most 32 KB
}
