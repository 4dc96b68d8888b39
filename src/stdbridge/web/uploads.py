"""Files sent through the pages' forms: read as documents (plain text, DOCX or PDF, ``compare.documents``), or
left out when the reader chose no file. Nothing uploaded is kept once the answer is sent."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from stdbridge.compare import MAX_FILE_BYTES, DocumentText, read_document_bytes
from stdbridge.errors import UnreadableDocument
from stdbridge.i18n import _

MAX_FORM_FILES = 2
MAX_FORM_FIELDS = 20


def chosen_file(form: FormData, name: str) -> UploadFile | None:
    """The file of the field ``name``, or None when none was chosen (browsers then send an empty, unnamed part)."""
    value = form.get(name)
    if not isinstance(value, UploadFile) or (not value.filename and not value.size):
        return None
    return value


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
