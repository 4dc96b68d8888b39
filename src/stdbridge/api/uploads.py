"""Files uploaded to the API and the pages, read as texts to compare (plain text, DOCX or PDF): refused unread when
too large, never kept once the answer is sent. ``XLSX`` is the media type of the workbooks both send."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from stdbridge.compare import MAX_FILE_BYTES, DocumentText, read_document_bytes
from stdbridge.errors import UnreadableDocument
from stdbridge.i18n import _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def read_upload(upload: UploadFile) -> DocumentText:
    """The text of an uploaded file; ``UnreadableDocument`` says why when it cannot be read (empty, binary,
    too large: refused before it is read)."""
    name = upload.filename or "upload"
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        message = _("the file is {size} MB; texts of at most {limit} MB are compared").format(
            size=round(upload.size / 1024 / 1024, 1), limit=MAX_FILE_BYTES // 1024 // 1024)  # fmt: skip
        raise UnreadableDocument(message, reason="too-large", source=name)
    data = await upload.read(MAX_FILE_BYTES + 1)
    return await run_in_threadpool(read_document_bytes, data, name=name)
