"""The token bucket that throttles API calls and sign-in attempts: per key, refilled over time, bounded."""

from __future__ import annotations

import pytest

from stdbridge.throttle import Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_spends_its_burst_then_waits_as_long_as_the_rate_says() -> None:
    clock = Clock()
    throttle = Throttle(rate=0.5, burst=3, clock=clock)
    assert [throttle.hit("address:10.0.0.1") for _ in range(3)] == [None, None, None]
    assert throttle.hit("address:10.0.0.1") == 2.0  # one attempt every two seconds
    assert throttle.hit("address:10.0.0.2") is None  # another caller has its own bucket
    clock.now += 2
    assert throttle.hit("address:10.0.0.1") is None
    assert throttle.hit("address:10.0.0.1") == 2.0


def test_waiting_does_not_fill_a_bucket_beyond_its_burst() -> None:
    clock = Clock()
    throttle = Throttle(rate=1, burst=2, clock=clock)
    clock.now += 3600
    assert [throttle.hit("k") for _ in range(3)] == [None, None, 1.0]


def test_refused_attempts_cost_nothing_and_forget_starts_afresh() -> None:
    clock = Clock()
    throttle = Throttle(rate=1 / 60, burst=1, clock=clock)
    assert throttle.hit("user:ana") is None
    assert [throttle.hit("user:ana") for _ in range(5)] == [60.0] * 5
    throttle.forget("user:ana")
    assert throttle.hit("user:ana") is None


def test_it_remembers_a_bounded_number_of_keys() -> None:
    throttle = Throttle(rate=1, burst=1, max_keys=100, clock=Clock())
    for n in range(1000):
        throttle.hit(f"address:{n}")
    assert len(throttle._buckets) == 100


def test_a_throttle_that_lets_nothing_through_is_refused() -> None:
    with pytest.raises(ValueError):
        Throttle(rate=0, burst=1)
