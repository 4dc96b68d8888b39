"""Long work started from a page (a batch comparison, the compatibility of two systems), with its progress shown.

A page's script asks for the same address with ``Accept: application/x-ndjson``; the answer is then streamed, one
JSON object a line: ``{"progress": {"step": 2, "label": "...", "done": 120, "total": 400}}`` whenever the work has
moved on (at most every ``INTERVAL`` seconds; ``total`` is ``null`` for a step that does not know it), and last
``{"page": "<!DOCTYPE html>..."}``, the page the address answers with otherwise, which the script puts in place of
the form's page. The work runs in a thread of the worker that took the request and reports to a
``stdbridge.progress.ProgressLog`` that the stream reads: the question, its progress and its answer travel over one
connection, so it works with any number of server workers (``stdbridge serve --workers N``) — no job state to share
between them, nothing to poll. Without the script the form is sent as usual and the page comes when it is ready.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import orjson
from fastapi import Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from stdbridge.i18n import current_language, set_language
from stdbridge.progress import Progress, ProgressLog

STREAM = "application/x-ndjson"
INTERVAL = 0.2  # seconds between two looks at the work's progress

__all__ = ["INTERVAL", "STREAM", "streamed_page", "wants_progress"]


def wants_progress(request: Request) -> bool:
    """Whether the page's script asked for the work's progress as it goes."""
    return STREAM in request.headers.get("accept", "")


def streamed_page(work: Callable[[Progress], str]) -> StreamingResponse:
    """The progress of ``work`` (which renders a page, reporting to the ``Progress`` it is given), then its page."""
    lang = current_language()

    def run(progress: Progress) -> str:
        set_language(lang)  # the page's language, in the worker thread too
        return work(progress)

    async def lines() -> AsyncIterator[bytes]:
        log = ProgressLog()
        job = asyncio.ensure_future(run_in_threadpool(run, log))
        shown: dict[str, object] | None = None
        while True:
            finished, _pending = await asyncio.wait({job}, timeout=INTERVAL)
            now = log.snapshot()
            if now["step"] and now != shown:
                shown = now
                yield orjson.dumps({"progress": now}) + b"\n"
            if finished:
                break
        yield orjson.dumps({"page": job.result()}) + b"\n"

    # no buffering by a proxy in front (nginx): each line is shown as it comes
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(lines(), media_type=STREAM, headers=headers)
