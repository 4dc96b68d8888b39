"""Files uploaded to the API and the pages, read as texts to compare (plain text, DOCX or PDF): refused unread when
too large, never kept once the answer is sent. ``XLSX`` is the media type of the workbooks both send.

The work on them is bounded (``request_deadline``): it stops after ``REQUEST_SECONDS``, or as soon as the client
that asked disconnects, at the next checkpoint of the reading or the comparison (``stdbridge.deadline``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request

from stdbridge.compare import MAX_FILE_BYTES, DocumentText, read_document_bytes
from stdbridge.deadline import Deadline
from stdbridge.errors import UnreadableDocument
from stdbridge.i18n import _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REQUEST_SECONDS = 120.0  # the longest standards compare in a few seconds
DISCONNECT_POLL_SECONDS = 0.5


@asynccontextmanager
async def request_deadline(request: Request, seconds: float | None = None) -> AsyncIterator[Deadline]:
    """A deadline for the work of ``request``, cancelled when its client disconnects. Enter it once the request's
    body is read: looking for the disconnection reads from the connection."""
    deadline = Deadline(REQUEST_SECONDS if seconds is None else seconds)

    async def watch() -> None:
        while not deadline.cancelled.is_set():
            if await request.is_disconnected():
                deadline.cancel()
                return
            await asyncio.sleep(DISCONNECT_POLL_SECONDS)

    watcher = asyncio.create_task(watch())
    try:
        yield deadline
    finally:
        watcher.cancel()


async def read_upload(upload: UploadFile, deadline: Deadline | None = None) -> DocumentText:
    """The text of an uploaded file; ``UnreadableDocument`` says why when it cannot be read (empty, binary,
    too large: refused before it is read). Reading stops when ``deadline`` passes (``WorkStopped``)."""
    name = upload.filename or "upload"
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        message = _("the file is {size} MB; texts of at most {limit} MB are compared").format(
            size=round(upload.size / 1024 / 1024, 1), limit=MAX_FILE_BYTES // 1024 // 1024)  # fmt: skip
        raise UnreadableDocument(message, reason="too-large", source=name)
    data = await upload.read(MAX_FILE_BYTES + 1)
    bound = deadline or Deadline(REQUEST_SECONDS)
    return await run_in_threadpool(lambda: bound.run(read_document_bytes, data, name=name))
