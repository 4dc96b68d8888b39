"""Hostile DOCX files, built here (attack inputs, not catalogue records): many tiny paragraphs, archives that unpack
to far more than they weigh, archives that lie about their sizes. Each is read within its limits or refused with
a clear reason, never at the cost of minutes of CPU or gigabytes of memory."""

from __future__ import annotations

import io
import struct
import zipfile

import docx
import docx.styles.styles
import pytest

from stdbridge.compare import documents, read_document_bytes
from stdbridge.errors import UnreadableDocument

BODY_OPEN = b'<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'


def docx_with_body(body: bytes) -> bytes:
    """A DOCX made by python-docx whose document body is ``body`` (the XML inside ``<w:body>``)."""
    template = io.BytesIO()
    docx.Document().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                start = data.index(b"<w:body>")
                end = data.index(b"</w:body>") + len(b"</w:body>")
                data = data[:start] + b"<w:body>" + body + b"</w:body>" + data[end:]
            target.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def one_letter_paragraphs(count: int) -> bytes:
    return b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * count


def test_fifty_thousand_one_letter_paragraphs_look_up_each_style_once(monkeypatch: pytest.MonkeyPatch) -> None:
    data = docx_with_body(one_letter_paragraphs(50_000))
    assert len(data) < 100_000  # the attack: a small file
    lookups = 0
    original = docx.styles.styles.Styles.get_by_id

    def counted(self: docx.styles.styles.Styles, *args: object) -> object:
        nonlocal lookups
        lookups += 1
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(docx.styles.styles.Styles, "get_by_id", counted)
    document = read_document_bytes(data, name="many.docx")
    assert len(document.lines) == 50_000
    assert lookups < 10  # was one per paragraph: 69 s of CPU for this file


def test_paragraphs_beyond_the_limit_are_refused_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_PARAGRAPHS", 1_000)
    with pytest.raises(UnreadableDocument) as caught:
        read_document_bytes(docx_with_body(one_letter_paragraphs(5_000)), name="many.docx")
    assert caught.value.reason == "too-large"
    assert caught.value.message == "the document has more than 1,000 paragraphs"
    assert str(caught.value).startswith("many.docx: ")


def test_characters_beyond_the_limit_are_refused_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_CHARACTERS", 10_000)
    read: list[int] = []
    original = documents._docx_paragraph_lines

    def counted(*args: object) -> object:
        read.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "_docx_paragraph_lines", counted)
    body = b"<w:p><w:r><w:t>" + b"x" * 1000 + b"</w:t></w:r></w:p>"
    with pytest.raises(UnreadableDocument) as caught:
        read_document_bytes(docx_with_body(body * 1000), name="long.docx")
    assert caught.value.reason == "too-large"
    assert len(read) == 11  # stopped at the paragraph that passed the limit, not after reading all 1,000


def test_an_archive_that_unpacks_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_UNPACKED_BYTES", 1024 * 1024)
    padding = b"<!--" + b" " * (3 * 1024 * 1024) + b"-->"  # compresses about a thousand times
    data = docx_with_body(padding + one_letter_paragraphs(1))
    assert len(data) < 50_000
    with pytest.raises(UnreadableDocument) as caught:
        read_document_bytes(data, name="bomb.docx")
    assert (caught.value.reason, caught.value.message) == ("too-large", "the DOCX file unpacks to more than 1 MB")


def _declare_small_sizes(data: bytes) -> bytes:
    """The archive with every member's uncompressed size declared as 1,000 bytes, in the local headers and the
    central directory alike."""
    out = bytearray(data)
    position = 0
    while (position := out.find(b"PK\x03\x04", position)) >= 0:
        struct.pack_into("<I", out, position + 22, 1000)
        position += 4
    position = 0
    while (position := out.find(b"PK\x01\x02", position)) >= 0:
        struct.pack_into("<I", out, position + 24, 1000)
        position += 4
    return bytes(out)


def test_an_archive_that_lies_about_its_sizes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_UNPACKED_BYTES", 1024 * 1024)
    padding = b"<!--" + b" " * (3 * 1024 * 1024) + b"-->"
    lying = _declare_small_sizes(docx_with_body(padding + one_letter_paragraphs(1)))
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert sum(member.file_size for member in archive.infolist()) < 20_000  # what it claims
    with pytest.raises(UnreadableDocument) as caught:
        read_document_bytes(lying, name="liar.docx")
    assert caught.value.reason in ("too-large", "damaged")
