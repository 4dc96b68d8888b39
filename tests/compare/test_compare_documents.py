"""Reading texts to compare: formats, encodings, limits, and every kind of junk refused with a clear message."""

from __future__ import annotations

import gzip
import json
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from compare_fixtures import EDITION1, EDITION2, pdf_bytes

from stdbridge.compare import (
    MAX_CHARACTERS,
    compare_plain_texts,
    compare_texts,
    document_from_text,
    read_document,
    read_document_bytes,
)
from stdbridge.compare.documents import _JAPANESE_ENCODINGS
from stdbridge.errors import StdbridgeError, UnreadableDocument

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def refused(path: Path) -> UnreadableDocument:
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value


def test_utf8_text_is_read_line_by_line() -> None:
    document = read_document(EDITION1)
    assert (document.format, document.encoding, document.pages) == ("text", "utf-8", None)
    assert document.lines[0].text == "ISO 99999:2015(E)"
    assert document.characters == sum(len(line) for line in EDITION1.read_text(encoding="utf-8").split("\n"))


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
    ],
)
def test_byte_order_marks_say_the_encoding(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "text.txt"
    path.write_bytes(bom + "1 范围\n本文件规定了 230 V 的要求。".encode(encoding))
    document = read_document(path)
    assert document.encoding == encoding
    assert [line.text for line in document.lines] == ["1 范围", "本文件规定了 230 V 的要求。"]


def test_empty_and_blank_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert refused(empty).reason == "empty"
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\r\n  \n")
    error = refused(blank)
    assert (error.reason, error.message) == ("empty", "the file is empty")


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"1 Scope\n\x00\x01\x02\x03" * 50)
    error = refused(path)
    assert (error.reason, error.message) == ("binary", "binary content (NUL bytes), not a text")


def test_png_renamed_txt(tmp_path: Path) -> None:
    path = tmp_path / "standard.txt"
    path.write_bytes(PNG)
    error = refused(path)
    assert error.reason == "binary"
    assert error.message == "binary file (PNG image), not a text: give a .txt, .docx or .pdf file"


def test_text_full_of_control_characters_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(b"1 Scope\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10 text")
    assert refused(path).reason == "binary"


def test_a_few_control_characters_are_removed_and_reported() -> None:
    document = document_from_text("1 Scope\nThe\x07 appliance\x1b shall work.")
    assert [line.text for line in document.lines] == ["1 Scope", "The appliance shall work."]
    assert [(n.code, n.message) for n in document.notices] == [
        ("control-characters", "2 control characters were removed")
    ]


def test_latin1_text_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("1 Scope\nThe résumé of the café.".encode("latin-1"))
    error = refused(path)
    assert error.reason == "encoding"
    assert error.offset == 13
    assert error.message == "not readable as UTF-8 / GB18030: byte 0xE9 at offset 13; save the text as UTF-8"


def test_damaged_utf16_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(b"\xff\xfe" + "1 Scope".encode("utf-16-le") + b"\x00\xd8A\x00")  # a lone surrogate
    error = refused(path)
    assert (error.reason, error.offset) == ("encoding", 16)
    assert "utf-16-le" in error.message


def test_enormous_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "enormous.txt"
    with path.open("wb") as handle:  # 60 MB, sparse: nothing is written
        handle.truncate(60 * 1024 * 1024)
    error = refused(path)
    assert error.reason == "too-large"
    assert error.message == "the file is 60.0 MB; texts of at most 50 MB are compared"


def test_too_many_characters() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        document_from_text("x" * (MAX_CHARACTERS + 1), name="long")
    assert caught.value.reason == "too-large"
    assert str(caught.value) == "long: the text has more than 2000000 characters (2000001); split it before comparing"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert refused(tmp_path / "nowhere.txt").message == "no such file"
    assert refused(tmp_path).message == "this is a folder, not a file"


def test_pdf_without_a_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes([[], []]))
    error = refused(path)
    assert (error.reason, error.message) == ("no-text-layer", "no text layer: scanned pages need OCR first")


def test_pdf_with_some_scanned_pages_gives_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(pdf_bytes([["1 Scope", "This document covers kettles."], [], ["2 Normative references"]]))
    document = read_document(path)
    assert [line.text for line in document.lines if line.text] == [
        "1 Scope",
        "This document covers kettles.",
        "2 Normative references",
    ]
    assert [line.page for line in document.lines if line.text] == [1, 1, 3]
    assert [(n.code, n.message) for n in document.notices] == [
        ("pages-without-text", "pages without a text layer (scanned?) were left out: 2")
    ]


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF")
    error = refused(path)
    assert error.reason in ("damaged", "no-text-layer")


def test_a_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "actually-a-pdf.txt"
    path.write_bytes(pdf_bytes([["1 Scope", "Text."]]))
    assert read_document(path).format == "pdf"


def test_damaged_docx(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    error = refused(path)
    assert (error.reason, error.message) == ("damaged", "a damaged ZIP or DOCX file")


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    error = refused(path)
    assert error.reason == "unsupported"
    assert error.message.startswith("a ZIP archive that is not a DOCX document")


def test_docx_whose_document_part_is_damaged(tmp_path: Path) -> None:
    import docx

    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<w:document" if item.filename == "word/document.xml" else data)
    error = refused(bad)
    assert error.reason == "damaged"
    assert error.message.startswith("a damaged DOCX file (")


def test_docx_without_text(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    assert refused(path).message == "the document has no text"


def test_old_word_and_rtf_are_refused_with_advice(tmp_path: Path) -> None:
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert refused(doc).message == "an old Word (.doc) or other Office binary file: save it as DOCX or PDF"
    rtf = tmp_path / "text.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi 1 Scope}")
    assert refused(rtf).message == "an RTF file: save it as DOCX, PDF or plain text"


def test_docx_tables_are_read_in_document_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("4.2 Supply voltage", style="Heading 2")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Rated voltage", "230 V ± 6 %"
    table.cell(1, 0).text, table.cell(1, 1).text = "Frequency", "50 Hz"
    document.add_paragraph("After the table.")
    path = tmp_path / "table.docx"
    document.save(str(path))
    lines = read_document(path).lines
    assert [(line.text, line.heading_level) for line in lines] == [
        ("4.2 Supply voltage", 2),
        ("Rated voltage | 230 V ± 6 %", None),
        ("Frequency | 50 Hz", None),
        ("After the table.", None),
    ]


def test_uploads_are_read_from_bytes() -> None:
    document = read_document_bytes(EDITION2.read_bytes(), name="upload.txt")
    assert document.source == "upload.txt"
    assert document.lines[0].text == "ISO 99999:2020(E)"


def test_comparing_with_an_unreadable_file_names_it(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(PNG)
    with pytest.raises(StdbridgeError) as caught:
        compare_texts(EDITION1, path)
    assert isinstance(caught.value, UnreadableDocument)
    assert caught.value.exit_code == 1
    assert caught.value.source == str(path)


def test_comparing_an_empty_text() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        compare_plain_texts("1 Scope\nText.", "   ", label_a="A", label_b="draft")
    assert str(caught.value) == "draft: the file is empty"


def test_running_headers_and_page_numbers_of_a_paged_text_are_dropped() -> None:
    pages = [
        [
            "ISO 12345:2020(E)",
            f"1.{n} Item {n}" if n else "1 Scope",
            *(f"Line {m} of the text on page {'ABCD'[n]}." for m in range(1, 6)),
            f"Page {n + 1} of 4",
        ]
        for n in range(4)
    ]
    document = document_from_text("\f".join("\n".join(page) for page in pages))
    kept = [line.text for line in document.lines]
    assert len(kept) == 4 * 6
    assert kept[:7] == ["1 Scope", *(f"Line {m} of the text on page A." for m in range(1, 6)), "1.1 Item 1"]
    assert document.pages == 4
    assert [(n.code, n.message) for n in document.notices] == [
        ("running-lines-dropped", "8 running header and footer lines repeated on most pages were dropped")
    ]


def test_term_numbers_at_the_top_of_pages_are_not_running_lines() -> None:
    # Two terms a page: "term 1", "term 3", "term 5" ... do not follow the pages as page numbers do.
    pages = [[f"3.{n}", f"term {n}", f"Definition of term {n}.", f"3.{n + 1}", f"term {n + 1}"] for n in (1, 3, 5, 7)]
    document = document_from_text("\f".join("\n".join(page) for page in pages))
    assert [line.text for line in document.lines][:3] == ["3.1", "term 1", "Definition of term 1."]
    assert document.notices == ()


def test_hyphenation_is_joined_except_in_compounds() -> None:
    first = ["1 Scope", "The electro-", "magnetic field of low-voltage parts.", "Other low-", "voltage parts."]
    document = document_from_text("\n".join(first) + "\f2 Normative references\nNone.")
    assert [line.text for line in document.lines] == [
        "1 Scope",
        "The electromagnetic",
        "field of low-voltage parts.",
        "Other low-voltage",
        "parts.",
        "2 Normative references",
        "None.",
    ]
    assert [(n.code, n.message) for n in document.notices] == [
        ("hyphenation-joined", "2 words hyphenated at a line end were joined")
    ]


@pytest.mark.parametrize("encoding", ["shift_jis", "euc_jp"])
def test_japanese_encodings_are_not_misread_as_gb18030(tmp_path: Path, encoding: str) -> None:
    """Shift-JIS and EUC-JP bytes decode as GB18030 too, into nonsense; the text read is the Japanese one."""
    bundled = resources.files("stdbridge.data") / "jis_catalog.jsonl.gz"
    with gzip.open(str(bundled), "rt", encoding="utf-8") as lines:  # the first 20 titles the encoding can write
        titles = [title for line in lines if (title := json.loads(line).get("title_ja")) and _fits(title, encoding)]
    titles = titles[:20]
    assert len(titles) == 20
    path = tmp_path / "jis.txt"
    path.write_bytes("\n".join(titles).encode(encoding))
    document = read_document(path)
    assert document.encoding.replace("-", "_") in _JAPANESE_ENCODINGS
    assert [line.text for line in document.lines] == titles


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
