"""What a search counts beside its ranking: the facets of its matches and the works they make.

The engine counts the facets in one pass over the matches (an aggregation), on another core while the search's
own thread ranks them and reads the page: the aggregation lets go of the interpreter. The works are counted
exactly while pages can reach them (``EXACT_WORKS``) and estimated beyond, from a sample of the works that the
same pass counts (``index.WORK_SAMPLE``):

- in that pass, when the terms' frequencies bound the matches low enough for it to cost little
  (``COUNTED_IN_PASS``);
- else by a pass of their own, started on the same thread as soon as the facets' pass has told how many matches
  there are and how many works they make about: when either is within what pages reach (the estimate within its
  margin). The facets' pass is usually the quicker, so this count runs while the ranking is still going, not
  after it;
- else not at all: the estimate is shown, as "about".

A search whose ranking read every match counts their works from what it read, and does not wait for these.

Both counts ask the engine for a bucket only of the works that two matches or more share (``works_terms``): the
editions of a work mostly share their titles, but a work with one match is common enough, and every bucket becomes
an object of the interpreter's, made while the search's own thread waits for it. The works with one match are then
the matches that no bucket holds (``works_of``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import tantivy

from stdbridge.search.index import WORK_SAMPLE

# works are counted exactly up to this many (beyond what pages reach: MAX_OFFSET and a margin), estimated beyond
EXACT_WORKS = 6000
# works counted in the facets' pass for searches whose terms allow at most this many matches (dear over a large
# result: every distinct work comes back as a bucket)
COUNTED_IN_PASS = 12_000
# what each segment keeps of the works the facets' pass counts (``works_terms``): what the engine keeps by default
# (ten times what it returns); the count is exact for a pass over no more matches than this
_PASS_SEGMENT = 10 * (EXACT_WORKS + 1)
# an estimate of works below EXACT_WORKS times this is counted exactly: the estimate is of a sample of the works
# (index.WORK_SAMPLE), about 3.5 % off (one standard deviation) at 6,000 works, so 1.25 is seven deviations
ESTIMATE_MARGIN = 1.25

# Threads that count beside the searches of the threads that asked (a server's as well as one caller's).
COUNTER_THREADS = 4
COUNTERS = ThreadPoolExecutor(max_workers=COUNTER_THREADS, thread_name_prefix="stdbridge-facets")


def settled() -> None:
    """Wait until no counting runs beside a search (one that a search let go of still may, briefly: the strict
    matches' pass when it turned to the relaxed ones): for measurements that must not share the machine with it."""
    meeting = threading.Barrier(COUNTER_THREADS + 1)
    for _ in range(COUNTER_THREADS):
        COUNTERS.submit(meeting.wait)
    meeting.wait()


Found = dict[str, Any]
Digest = Callable[[Found, tantivy.Query], Any]  # what a search makes of its pass (its facets), on the pass's thread


def works_spec(at_most: int, *, in_pass: bool = False) -> Found:
    """The aggregations of the works that a search's pass makes beside its facets: the estimate from the sampled
    works (``works_sample``) and, when its matches are at most ``COUNTED_IN_PASS`` (``at_most`` of them) or
    ``in_pass`` says so, their distinct works, up to one more than are counted exactly (``works``)."""
    spec: Found = {"works_sample": {"cardinality": {"field": "work_sample"}}}
    if in_pass or at_most <= COUNTED_IN_PASS:
        spec["works"] = works_terms(max(1, min(at_most, EXACT_WORKS) + 1), _PASS_SEGMENT)
    return spec


def works_terms(size: int, segment_size: int) -> Found:
    """The engine's aggregation of the works that two matches or more share, up to ``size`` of them (most matches
    first). It is exact when no segment of the index holds more than ``segment_size`` distinct works among the
    matches (a segment keeps that many of its own, most matches first, and the works shared by two segments are
    added up after): so whenever the matches are no more than ``segment_size``."""
    return {"terms": {"field": "work", "size": size, "segment_size": segment_size, "min_doc_count": 2}}


def works_of(buckets: list[Found], matches: int) -> int:
    """The works of ``matches`` records from the ``buckets`` of ``works_terms`` (all of them): those the buckets
    count, and one for each match that no bucket holds, the only match of its work.

    >>> works_of([{"key": 7, "doc_count": 3}, {"key": 9, "doc_count": 2}], 8)
    5
    """
    return matches - sum(int(b["doc_count"]) for b in buckets) + len(buckets)


class Counting:
    """The aggregation ``spec`` of the matches of a search's ``query`` (None: no query, nothing counted), made on
    another thread, followed on that thread by what ``digest`` makes of it (the facets as pages show them: while
    the search's own thread ranks in the engine, which lets go of the interpreter) and by the exact count of their
    works when it is wanted (``_wanted``); made again over other matches (the relaxed ones) on ``restart``.
    ``read`` is how many matches the ranking reads: no more match, and their works are counted from those read."""

    def __init__(self, searcher: tantivy.Searcher, spec: Found, query: tantivy.Query | None, read: int,
                 digest: Digest | None = None) -> None:  # fmt: skip
        self.searcher, self.read, self.digest = searcher, read, digest
        self._lock = threading.Lock()
        self._round = 0
        self._found: Future[Found] | None = None
        self._digested: Future[Any] | None = None
        self._works: Future[int | None] | None = None
        self._start(query, spec)

    def restart(self, query: tantivy.Query, spec: Found) -> None:
        if self._found is not None:
            self._found.cancel()  # the first matches' counts are not shown: not counted, unless started
        self._start(query, spec)

    def _start(self, query: tantivy.Query | None, spec: Found) -> None:
        self.query = query
        with self._lock:
            self._round += 1
            self._found = self._digested = self._works = None
            if query is not None:
                self._found, self._digested, self._works = Future(), Future(), Future()
                COUNTERS.submit(self._count, self._round, query, spec, self._found, self._digested, self._works)

    def _count(self, round_: int, query: tantivy.Query, spec: Found, found: Future[Found], digested: Future[Any],
               works: Future[int | None]) -> None:  # fmt: skip
        if not found.set_running_or_notify_cancel() or not _settle(found, self.searcher.aggregate, query, spec):
            digested.set_result(None)  # nothing to make of a pass cancelled or failed (its error is told)
            works.set_result(None)
            return
        counted = found.result()
        with self._lock:
            current = round_ == self._round  # else the search turned to other matches: nothing more is read
        _settle(digested, lambda: self.digest(counted, query) if current and self.digest is not None else None)
        total = matches_in(counted)
        _settle(works, lambda: exact_works(self.searcher, query, total) if current and self._wanted(counted, total)
                else None)  # fmt: skip

    def _wanted(self, found: Found, total: int) -> bool:
        """Whether the works of ``total`` matches need counting exactly after the pass ``found``: not when the
        ranking reads them all, nor when the pass counted them (within what pages reach); else when pages may
        reach them, the matches (or the works' estimate, within its margin) being no more than pages reach."""
        if total <= self.read or counted_in_pass(found) is not None:
            return False
        estimate = estimate_of(found)
        return total <= EXACT_WORKS or estimate is None or near_reach(estimate)

    def result(self) -> Found:
        """The pass's aggregation ({} when nothing was counted)."""
        return self._found.result() if self._found is not None else {}

    def digested(self) -> Any:
        """What ``digest`` made of the pass (None when nothing was counted)."""
        return self._digested.result() if self._digested is not None else None

    def works(self, total: int) -> tuple[int, bool]:
        """How many works the ``total`` matches make, and whether that is the estimate (``works_told``)."""
        found = self.result()
        exact = self._works.result() if self._works is not None else None
        return works_told(found, total, exact)


def _settle(future: Future[Any], compute: Callable[..., Any], *args: Any) -> bool:
    """Give ``future`` what ``compute(*args)`` returns, or the error it raises (told to the search's thread, which
    waits for it); whether it returned."""
    try:
        future.set_result(compute(*args))
    except BaseException as error:
        future.set_exception(error)
        return False
    return True


def counted_in_pass(found: Found) -> int | None:
    """The works a search's pass ``found`` counted itself, when it did and they are within what pages reach (the
    works two matches share are then all in its buckets), over few enough matches for the count to be exact."""
    if "works" not in found or len(found["works"]["buckets"]) > EXACT_WORKS:
        return None
    matches = matches_in(found)
    if matches > _PASS_SEGMENT:
        return None
    works = works_of(found["works"]["buckets"], matches)
    return works if works <= EXACT_WORKS else None


def matches_in(found: Found) -> int:
    """How many matches a search's pass ``found`` counted: its ``records`` when it counted them, else the sum of
    its combinations of packed facets, which every record has one of."""
    if "records" in found:
        return round(float(found["records"]["value"]))
    packed = found.get("facets", {})
    return sum(int(b["doc_count"]) for b in packed.get("buckets", [])) + int(packed.get("sum_other_doc_count") or 0)


def works_told(found: Found, total: int, exact: int | None) -> tuple[int, bool]:
    """The works of a search's ``total`` matches as pages and the command line tell them: the number the pass
    ``found`` counted, or the ``exact`` count made after it (made only when pages may reach them); else the estimate
    (``shown_estimate``), beyond what pages reach."""
    counted = counted_in_pass(found)
    if counted is None:
        counted = exact
    if counted is not None:
        return counted, False
    estimate = estimate_of(found)
    if estimate is None:  # no pass over the matches: nothing to tell
        return 0, False
    return shown_estimate(estimate, total)


def near_reach(estimate: int) -> bool:
    """Whether an estimate of works may be off by enough to be within what pages reach: they are counted exactly."""
    return estimate <= EXACT_WORKS * ESTIMATE_MARGIN


def shown_estimate(estimate: int, total: int) -> tuple[int, bool]:
    """An estimate of works as it is shown ("about"): beyond what pages reach, and no more than the matches."""
    return min(max(estimate, EXACT_WORKS + 1), total), True


def estimate_of(found: Found) -> int | None:
    """The estimate of the works of a search's matches, when its aggregation made one (``sampled_works``)."""
    return sampled_works(found["works_sample"]["value"]) if "works_sample" in found else None


def sampled_works(count: float) -> int:
    """The works of a set of matches from the engine's count of its sampled works (one in ``index.WORK_SAMPLE``;
    within a few of the truth at these numbers), scaled up."""
    return round(float(count)) * WORK_SAMPLE


def exact_works(searcher: tantivy.Searcher, query: tantivy.Query, matches: int) -> int | None:
    """The number of works of the ``matches`` records matching ``query``, the distinct values of their ``work``
    column; None when those that two matches share are too many to be worth counting (beyond twice what pages
    reach)."""
    size = max(1, min(matches, 2 * EXACT_WORKS))
    found = searcher.aggregate(query, {"works": works_terms(size, max(10 * size, matches))})
    buckets = found["works"]["buckets"]
    return works_of(buckets, matches) if len(buckets) < size else None


__all__ = ["COUNTERS", "EXACT_WORKS", "Counting", "exact_works", "settled", "works_spec", "works_told"]
