"""Throttling: how long a caller must wait before its next attempt, by key (a token, an address, a user name).

``Throttle(rate, burst)`` is a token bucket per key, kept in this process's memory: a key may spend ``burst``
attempts at once, and earns ``rate`` attempts a second back. ``hit(key)`` spends one and answers ``None``, or, when
the bucket is empty, spends nothing and answers the seconds to wait (what a ``Retry-After`` header says)::

    >>> signing_in = Throttle(rate=1 / 60, burst=2, clock=lambda: 0.0)
    >>> signing_in.hit("user:ana"), signing_in.hit("user:ana"), signing_in.hit("user:ana")
    (None, None, 60.0)
    >>> signing_in.hit("user:bo") is None
    True

The web app keeps one for the API (``API_RATE`` per token or address) and one for signing in (``SIGN_IN_RATE`` per
user name and per address) in ``app.state.throttles``. Buckets live in one process: with several workers or
nodes each counts for itself, so a caller gets ``workers × nodes`` times the rate; a shared deployment that needs
one count puts the buckets in a shared store (PostgreSQL or Redis) behind the same ``hit``.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["API_RATE", "SIGN_IN_RATE", "Rate", "Throttle"]


@dataclass(frozen=True, slots=True)
class Rate:
    """Attempts earned back per second, and how many may be spent at once."""

    per_second: float
    burst: int


API_RATE = Rate(per_second=50.0, burst=500)  # generous for a person and a script; stops a flood
SIGN_IN_RATE = Rate(per_second=1 / 60, burst=10)  # ten attempts, then one a minute


class Throttle:
    """A token bucket per key, thread-safe, remembering at most ``max_keys`` keys (the least recent forgotten:
    a forgotten key starts full, which only ever errs towards letting a caller in)."""

    def __init__(self, rate: float, burst: int, *, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        if rate <= 0 or burst < 1:
            raise ValueError("a throttle needs a positive rate and a burst of at least 1")
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when counted)
        self._lock = threading.Lock()

    @classmethod
    def of(cls, rate: Rate) -> Throttle:
        return cls(rate.per_second, rate.burst)

    def hit(self, key: str) -> float | None:
        """Spend one attempt of ``key``: None when it may go ahead, else the seconds to wait (rounded up)."""
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                wait = None
            else:
                self._buckets[key] = (tokens, now)
                wait = float(math.ceil((1 - tokens) / self.rate))
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        return wait

    def forget(self, key: str) -> None:
        """Start ``key`` afresh (after a successful sign-in, say)."""
        with self._lock:
            self._buckets.pop(key, None)
