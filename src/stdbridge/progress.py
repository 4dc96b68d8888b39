"""How long work says how far it has got, without knowing who is watching.

The core (imports, indexing, batch comparison, compatibility) takes a ``Progress`` and calls two methods on it:
``step(label, total)`` when a new step begins (``total`` the number of items it will count, ``None`` when that is not
known in advance) and ``advance(count)`` as items are done. The labels are for people, already in the current
language. The command line draws the steps as a bar (``cli.base.progress_bar``, with rich); the web pages stream them
(``ProgressLog``, read by ``web.progress``); ``NO_PROGRESS`` listens to nothing and is the default everywhere.

    >>> log = ProgressLog()
    >>> log.step("Reading ISO", total=3)
    >>> log.advance(2)
    >>> log.snapshot()
    {'step': 1, 'label': 'Reading ISO', 'done': 2, 'total': 3}
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

__all__ = ["NO_PROGRESS", "Progress", "ProgressLog"]


class Progress(Protocol):
    """What a long piece of work reports to: steps, and the items counted within a step."""

    def step(self, label: str, total: int | None = None) -> None:
        """A new step begins: ``label`` says what it does, ``total`` how many items it will count, if known."""

    def advance(self, count: int = 1) -> None:
        """``count`` more items of the current step are done."""


class _NoProgress:
    """Listens to nothing: the default of every function that reports progress."""

    def step(self, label: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


NO_PROGRESS: Progress = _NoProgress()


class ProgressLog:
    """Remembers the latest step and count, for another thread to read (``snapshot``) while the work runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._step = 0
        self._label = ""
        self._done = 0
        self._total: int | None = None

    def step(self, label: str, total: int | None = None) -> None:
        with self._lock:
            self._step += 1
            self._label, self._done, self._total = label, 0, total

    def advance(self, count: int = 1) -> None:
        with self._lock:
            self._done += count

    def snapshot(self) -> dict[str, Any]:
        """The step's number (from 1; 0 before the first), label, items done and total (``None``: not known)."""
        with self._lock:
            return {"step": self._step, "label": self._label, "done": self._done, "total": self._total}
