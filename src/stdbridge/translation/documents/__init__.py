"""Documents to translate: read into segments (``read_document``), written back translated from the original's
bytes (``write_document``), and exported as XLIFF for other tools (``write_xliff``).

Formats are recognised from the bytes (a DOCX is a ZIP archive with ``word/document.xml``; an XLIFF file is XML
whose root is ``xliff``), Markdown from the file name (``.md``, ``.markdown``), anything else readable as text is
plain text. A PDF is refused as a document to translate (its text layer has no paragraphs to write back) but is
read as reference text (``read_reference_text``). The protections of the comparison's reader apply (file size,
unpacked size counted as inflated, paragraph and character limits, the deadline's checkpoints).

Each format's module says how its keys are made and what it keeps: ``docx_format``, ``xliff_format``,
``plain_format``.
"""

from __future__ import annotations

from collections.abc import Mapping

from stdbridge.compare.documents import MAX_FILE_BYTES, read_document_bytes, too_large_file
from stdbridge.errors import UnreadableDocument
from stdbridge.i18n import _
from stdbridge.translation.documents.model import DocumentFormat, DocumentSegment, DocumentText, SegmentKind
from stdbridge.translation.documents.xliff_format import read_xliff, write_xliff, write_xliff_targets

__all__ = [
    "DocumentFormat",
    "DocumentSegment",
    "DocumentText",
    "SegmentKind",
    "detect_format",
    "read_document",
    "read_reference_text",
    "write_document",
    "write_xliff",
]

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")


def detect_format(filename: str, data: bytes) -> DocumentFormat | None:
    """The format of a document to translate, from its bytes (and, for Markdown, its name); None for a PDF."""
    if len(data) > MAX_FILE_BYTES:
        raise too_large_file(filename, len(data))
    if not data.strip():
        raise UnreadableDocument(_("the file is empty"), reason="empty", source=filename)
    if b"%PDF-" in data[:1024]:
        return None
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if _looks_like_xliff(data):
        return "xliff"
    return "markdown" if filename.lower().endswith(_MARKDOWN_SUFFIXES) else "text"


def read_document(filename: str, data: bytes, source_lang: str) -> DocumentText:
    """The segments of an uploaded document. ``UnreadableDocument`` (naming the file, and the part or line where
    it helps) when it cannot be read or is a PDF."""
    document_format = detect_format(filename, data)
    if document_format is None:
        raise UnreadableDocument(
            _("a PDF cannot be translated as a document: upload it as reference text, or give the DOCX"),
            reason="unsupported",
            source=filename,
        )
    if document_format == "docx":
        from stdbridge.translation.documents.docx_format import read_docx

        segments = read_docx(data, filename)
        return _checked(DocumentText(filename, "docx", source_lang, tuple(segments)))
    if document_format == "xliff":
        return _checked(read_xliff(data, filename, source_lang))
    from stdbridge.translation.documents.plain_format import read_plain

    return _checked(read_plain(data, filename, source_lang, markdown=document_format == "markdown"))


def write_document(filename: str, original: bytes, targets: Mapping[str, str], target_lang: str) -> bytes:
    """The translated document: the original's bytes with each target put back at its key; a segment without a
    target keeps its source."""
    document_format = detect_format(filename, original)
    if document_format is None:
        raise UnreadableDocument(_("a PDF cannot be written back translated"), reason="unsupported", source=filename)
    if document_format == "docx":
        from stdbridge.translation.documents.docx_format import write_docx

        return write_docx(original, filename, targets, target_lang)
    if document_format == "xliff":
        return write_xliff_targets(original, filename, targets, target_lang)
    from stdbridge.translation.documents.plain_format import write_plain

    return write_plain(original, filename, targets, target_lang, markdown=document_format == "markdown")


def read_reference_text(filename: str, data: bytes) -> str:
    """The text of a reference document (a PDF's text layer, or a DOCX or text file's text), for the translator
    to read beside the editor; running headers and footers of a PDF are dropped."""
    return read_document_bytes(data, name=filename).plain_text


def _checked(document: DocumentText) -> DocumentText:
    if not document.segments:
        raise UnreadableDocument(_("the document has no text to translate"), reason="empty", source=document.name)
    return document


def _looks_like_xliff(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return b"<xliff" in head
