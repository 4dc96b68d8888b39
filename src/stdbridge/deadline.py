"""A bound on long work started by one request: a time limit, and a stop when the person who asked has gone.

The work (reading an uploaded text, comparing two texts) runs in a worker thread and cannot be killed from outside;
it calls ``checkpoint()`` in its loops instead, which raises ``WorkStopped`` once its ``Deadline`` has passed or
was cancelled (the web app cancels it when the client disconnects). Outside a deadline ``checkpoint()`` does
nothing, so the command line and library callers are not bounded::

    >>> checkpoint()  # no deadline: nothing happens
    >>> Deadline(seconds=0).run(checkpoint)
    Traceback (most recent call last):
    ...
    stdbridge.errors.WorkStopped: the work took longer than 0 s and was stopped
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from stdbridge.errors import WorkStopped
from stdbridge.i18n import _

__all__ = ["Deadline", "checkpoint"]

P = ParamSpec("P")
T = TypeVar("T")

_current: ContextVar[Deadline | None] = ContextVar("stdbridge_deadline", default=None)


class Deadline:
    """Until when a piece of work may run (``seconds`` from now), and whether it was cancelled."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.until = time.monotonic() + seconds
        self.cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop the work at its next checkpoint (its requester has gone)."""
        self.cancelled.set()

    def check(self) -> None:
        if self.cancelled.is_set():
            raise WorkStopped(_("the work was stopped: the client disconnected"))
        if time.monotonic() > self.until:
            raise WorkStopped(_("the work took longer than {seconds} s and was stopped").format(
                seconds=round(self.seconds)))  # fmt: skip

    def run(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``work(*args, **kwargs)`` with this deadline for its checkpoints (in this thread)."""
        token = _current.set(self)
        try:
            return work(*args, **kwargs)
        finally:
            _current.reset(token)


def checkpoint() -> None:
    """Raise ``WorkStopped`` if the work under way has a deadline that passed or was cancelled."""
    deadline = _current.get()
    if deadline is not None:
        deadline.check()
