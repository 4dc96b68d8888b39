"""Files sent through the pages' forms: left out when the reader chose no file, else read as documents (plain
text, DOCX or PDF) by ``stdbridge.api.uploads.read_upload``, as the HTTP API reads them. Nothing uploaded is kept
once the answer is sent."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile

MAX_FORM_FILES = 2
MAX_FORM_FIELDS = 20


def chosen_file(form: FormData, name: str) -> UploadFile | None:
    """The file of the field ``name``, or None when none was chosen (browsers then send an empty, unnamed part)."""
    value = form.get(name)
    if not isinstance(value, UploadFile) or (not value.filename and not value.size):
        return None
    return value
