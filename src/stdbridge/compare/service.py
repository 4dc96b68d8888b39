"""Comparing two standards the one way the command line (``stdbridge compare``), the HTTP API (``/api/compare``)
and the web pages (``/compare``) all do it:

- ``side_by_side_or_texts``: the records side by side; when the full texts are given, standards the catalogue
  does not hold (or no identifiers at all) are no error: the texts are compared alone;
- ``text_labels``: what the two texts are called in their comparison;
- ``render_comparison``: the one HTML report of the records, the texts, or both
  (``stdbridge.serialize.comparison_json`` is the same as JSON);
- ``read_upload``: an uploaded file read as a text to compare, refused unread when too large;
- ``XLSX``: the media type of the workbooks the API and the pages send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stdbridge.catalog import Catalog
from stdbridge.compare import MAX_FILE_BYTES, DocumentText, TextComparison, read_document_bytes, render_html
from stdbridge.compare.records import SideBySide, side_by_side
from stdbridge.compare.records_report import render_metadata_page, render_metadata_section
from stdbridge.errors import NotFound, UnreadableDocument, UsageError
from stdbridge.i18n import _

if TYPE_CHECKING:  # the web's only: the command line compares without the web server installed
    from starlette.datastructures import UploadFile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = ["XLSX", "read_upload", "render_comparison", "side_by_side_or_texts", "text_labels"]


def side_by_side_or_texts(catalog: Catalog, a: str | None, b: str | None, *, texts: bool) -> SideBySide | None:
    """Standards ``a`` and ``b`` side by side. With their full texts (``texts``), identifiers that are missing or
    that the catalogue does not know are no error: None, and the texts are compared alone. Without texts they are
    (``UsageError``, ``NotFound``)."""
    if not a or not b:
        if texts:
            return None
        raise UsageError(_("Give two identifiers, two full texts, or both."))
    try:
        return side_by_side(catalog, catalog.get(a), catalog.get(b))
    except NotFound:
        if texts:
            return None
        raise


def text_labels(side: SideBySide | None, a: str, b: str) -> tuple[str, str]:
    """What texts A and B are called: their standards' identifiers, else ``a`` and ``b`` (as typed, a file name)."""
    return (side.a.identifier, side.b.identifier) if side is not None else (a, b)


def render_comparison(side: SideBySide | None, texts: TextComparison | None) -> str:
    """The comparison as a standalone HTML page: the texts clause by clause, headed by the records side by side
    when there are both; else the records alone."""
    if texts is not None:
        return render_html(texts, head_html=render_metadata_section(side) if side is not None else None)
    if side is None:
        raise ValueError("nothing compared: neither records nor texts")
    return render_metadata_page(side)


async def read_upload(upload: UploadFile) -> DocumentText:
    """The text of an uploaded file; ``UnreadableDocument`` says why when it cannot be read (empty, binary,
    too large: refused before it is read)."""
    name = upload.filename or "upload"
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        message = _("the file is {size} MB; texts of at most {limit} MB are compared").format(
            size=round(upload.size / 1024 / 1024, 1), limit=MAX_FILE_BYTES // 1024 // 1024)  # fmt: skip
        raise UnreadableDocument(message, reason="too-large", source=name)
    from starlette.concurrency import run_in_threadpool

    data = await upload.read(MAX_FILE_BYTES + 1)
    return await run_in_threadpool(read_document_bytes, data, name=name)
