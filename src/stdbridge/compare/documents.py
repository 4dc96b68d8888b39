"""Reading the full text of a standard from a plain-text, DOCX or PDF file, for comparison.

The format is recognised from the bytes, not the file name (a PDF saved as ``.txt`` is still read as a PDF; a
PNG renamed ``.txt`` is refused as binary). Plain text is decoded strictly: a byte-order mark says UTF-8,
UTF-16 or UTF-32; without one the text must be valid UTF-8 or GB18030, and an error names the file and the
byte offset of the first byte that is neither. Nothing is guessed silently.

Limits, so that one upload cannot hold a worker for minutes: ``MAX_FILE_BYTES`` (50 MB) for the file,
``MAX_CHARACTERS`` (2 million, about three times the longest standards) for the text read from it,
``MAX_UNPACKED_BYTES`` for what a DOCX unpacks to (counted as it is inflated, whatever sizes the archive
declares), ``MAX_PARAGRAPHS`` for its paragraphs (counted as they are read) and ``MAX_PDF_PAGES`` for a PDF.

What PDF extraction leaves behind is cleaned here: lines that repeat at the top or bottom of most pages (running
headers, footers, page numbers) are dropped, and words hyphenated at a line end are joined again. Every such
step is reported as a ``Notice``, so the reader of a comparison knows what was removed.
"""

from __future__ import annotations

import io
import logging
import os
import re
import warnings
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from stdbridge.deadline import checkpoint
from stdbridge.errors import MissingExtra, UnreadableDocument, WorkStopped
from stdbridge.i18n import _, ngettext

if TYPE_CHECKING:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CHARACTERS = 2_000_000
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # counted as inflated; lxml holds several times this in memory
MAX_PARAGRAPHS = 100_000
MAX_PDF_PAGES = 3_000

DocumentFormat = Literal["text", "docx", "pdf"]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a person should know about how a text was read or compared (``code`` is stable, for machines)."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Line:
    """One line (plain text, PDF) or paragraph (DOCX) of a document.

    ``heading_level`` is the level of a DOCX heading style ("Heading 2" is 2) and ``annex_heading`` marks the
    ISO template's ANNEX style; both are None/False where the format says nothing about headings.
    """

    text: str
    page: int | None = None
    heading_level: int | None = None
    annex_heading: bool = False


@dataclass(frozen=True, slots=True)
class DocumentText:
    """The text of one document as read, before it is cut into clauses."""

    source: str
    format: DocumentFormat
    lines: tuple[Line, ...]
    pages: int | None = None
    encoding: str | None = None
    notices: tuple[Notice, ...] = field(default=())

    @property
    def characters(self) -> int:
        return sum(len(line.text) for line in self.lines)

    @property
    def plain_text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def read_document(path: str | os.PathLike[str]) -> DocumentText:
    """Read a .txt, .docx or .pdf file (recognised by its content); raise ``UnreadableDocument`` otherwise."""
    name = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise UnreadableDocument(_("this is a folder, not a file"), reason="missing", source=name)
        if size > MAX_FILE_BYTES:
            raise _too_large_file(name, size)
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableDocument(_("no such file"), reason="missing", source=name) from exc
    except OSError as exc:
        message = _("cannot read the file: {reason}").format(reason=exc.strerror or exc)
        raise UnreadableDocument(message, reason="missing", source=name) from exc
    return read_document_bytes(data, name=name)


def read_document_bytes(data: bytes, *, name: str) -> DocumentText:
    """Read a document already in memory (an upload); ``name`` is used in messages only."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_large_file(name, len(data))
    if not data.strip():
        raise UnreadableDocument(_("the file is empty"), reason="empty", source=name)
    head = data[:1024]
    if b"%PDF-" in head:
        return _read_pdf(data, name)
    if data.startswith(b"PK\x03\x04"):
        return _read_docx(data, name)
    refuse_binary(data, name)
    text, encoding = _decode(data, name)
    return document_from_text(text, name=name, encoding=encoding)


def refuse_binary(data: bytes, name: str) -> None:
    """Refuse an old Office binary, RTF, image, archive or program file, saying what it is."""
    for magic, kind in _UNSUPPORTED:
        if data.startswith(magic):
            raise UnreadableDocument(kind(), reason="unsupported", source=name)
    for magic, what in _BINARY:
        if data.startswith(magic):
            message = _("binary file ({what}), not a text: give a .txt, .docx or .pdf file").format(what=what)
            raise UnreadableDocument(message, reason="binary", source=name)


def document_from_text(text: str, *, name: str = "text", encoding: str | None = None) -> DocumentText:
    """A document from text already decoded. A form feed separates pages, as ``pdftotext`` writes them."""
    if len(text) > MAX_CHARACTERS:
        raise _too_many_characters(name, len(text))
    if "\x00" in text:
        raise UnreadableDocument(_("binary content (NUL characters), not a text"), reason="binary", source=name)
    notices: list[Notice] = []
    controls = sum(1 for ch in text if ch in _CONTROL_CHARACTERS)
    if controls > max(8, len(text) // 200):
        raise UnreadableDocument(
            ngettext(
                "binary content ({count} control character), not a text",
                "binary content ({count} control characters), not a text",
                controls,
            ).format(count=controls),
            reason="binary",
            source=name,
        )
    if controls:
        text = text.translate(_DROP_CONTROLS)
        notices.append(
            Notice(
                "control-characters",
                ngettext(
                    "{count} control character was removed", "{count} control characters were removed", controls
                ).format(count=controls),
            )
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument(_("the file is empty"), reason="empty", source=name)
    pages = [page.split("\n") for page in text.split("\f")]
    lines, page_notices = _clean_pages(pages) if len(pages) > 1 else (_lines_of_pages(pages), [])
    return DocumentText(
        source=name,
        format="text",
        lines=tuple(lines),
        pages=len(pages) if len(pages) > 1 else None,
        encoding=encoding,
        notices=tuple(notices + page_notices),
    )


# --- plain text ----------------------------------------------------------------------------------------------

_CONTROL_CHARACTERS = frozenset(chr(c) for c in (*range(1, 9), 11, *range(14, 32), 127))
_DROP_CONTROLS = dict.fromkeys(map(ord, _CONTROL_CHARACTERS))
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# A Chinese ideograph (the unified ideographs with extension A, and the compatibility ideographs).
IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a plain-text file and its encoding: a byte-order mark, else UTF-8, else GB18030 (Chinese that
    reads as Chinese) unless charset-normalizer finds Shift-JIS or EUC-JP; ``UnreadableDocument`` naming the
    offset of the first byte that is neither."""
    return _decode(data, name)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise _undecodable(name, encoding, data, exc.start + len(bom)) from exc
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(_("binary content (NUL bytes), not a text"), reason="binary", source=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise _undecodable(name, "UTF-8 / GB18030", data, utf8_error) from None
    if not _reads_as_chinese(text):
        raise _undecodable(name, "UTF-8 / GB18030", data, utf8_error)
    japanese = _japanese_encoding(data)  # Shift-JIS and EUC-JP bytes decode as GB18030 too, into nonsense
    if japanese is not None:
        return data.decode(japanese), japanese
    return text, "gb18030"


_JAPANESE_ENCODINGS = frozenset(
    {"cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004", "iso2022_jp"}
)


def _japanese_encoding(data: bytes) -> str | None:
    """The Japanese encoding charset-normalizer finds for bytes that also decode as GB18030, if it finds one
    that decodes the whole of them; None otherwise (GB18030 stands)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262_144]).best()
    encoding = best.encoding if best is not None else None
    if encoding is None or encoding.replace("-", "_").lower() not in _JAPANESE_ENCODINGS:
        return None
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None  # detected on the head of a file whose tail is something else
    return str(encoding)


def _reads_as_chinese(text: str) -> bool:
    """Whether GB18030 gave Chinese text rather than Latin-1 or cp1252 misread: Chinese comes in runs of
    characters, a misread accented letter gives one ideograph wedged between Latin letters ("r閟um")."""
    ideographs = [m.start() for m in IDEOGRAPH.finditer(text)]
    if not ideographs:
        return True
    wedged = sum(
        1 for i in ideographs if 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalpha()
        and text[i + 1].isascii() and text[i + 1].isalpha()
    )  # fmt: skip
    return wedged * 3 < len(ideographs)


def _undecodable(name: str, encoding: str, data: bytes, offset: int) -> UnreadableDocument:
    message = _("not readable as {encoding}: byte 0x{byte:02X} at offset {offset}; save the text as UTF-8").format(
        encoding=encoding, byte=data[offset] if offset < len(data) else 0, offset=offset
    )
    return UnreadableDocument(message, reason="encoding", source=name, offset=offset)


def _unsupported_doc() -> str:
    return _("an old Word (.doc) or other Office binary file: save it as DOCX or PDF")


def _unsupported_rtf() -> str:
    return _("an RTF file: save it as DOCX, PDF or plain text")


_UNSUPPORTED = ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _unsupported_doc), (b"{\\rtf", _unsupported_rtf))
_BINARY = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"\x7fELF", "program"),
)


def too_large_file(name: str, size: int) -> UnreadableDocument:
    """The error for a file over ``MAX_FILE_BYTES``."""
    return _too_large_file(name, size)


def too_many_characters(name: str, count: int) -> UnreadableDocument:
    """The error for a text over ``MAX_CHARACTERS``."""
    return _too_many_characters(name, count)


def too_many_paragraphs(name: str) -> UnreadableDocument:
    """The error for a document over ``MAX_PARAGRAPHS``."""
    return _too_many_paragraphs(name)


def _too_large_file(name: str, size: int) -> UnreadableDocument:
    message = _("the file is {size} MB; texts of at most {limit} MB are compared").format(
        size=round(size / 1024 / 1024, 1), limit=MAX_FILE_BYTES // 1024 // 1024
    )
    return UnreadableDocument(message, reason="too-large", source=name)


def _too_many_characters(name: str, count: int) -> UnreadableDocument:
    message = _("the text has more than {limit} characters ({count}); split it before comparing").format(
        limit=MAX_CHARACTERS, count=count
    )
    return UnreadableDocument(message, reason="too-large", source=name)


# --- DOCX ----------------------------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_ANNEX_SUBHEADING_STYLE = re.compile(r"a([2-6])$")  # the ISO template's annex subclause headings


def check_docx_archive(data: bytes, name: str) -> None:
    """Refuse what is not a DOCX archive, is damaged, or unpacks to more than ``MAX_UNPACKED_BYTES`` (shared
    with the translation workbench's DOCX reader)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if not any(member.filename == "word/document.xml" for member in members):
                message = _("a ZIP archive that is not a DOCX document (an OpenDocument file? save it as DOCX)")
                raise UnreadableDocument(message, reason="unsupported", source=name)
            _check_unpacked_size(archive, members, name)
    except (zipfile.BadZipFile, ValueError, EOFError, zlib.error, NotImplementedError) as exc:
        raise UnreadableDocument(_("a damaged ZIP or DOCX file"), reason="damaged", source=name) from exc


def _read_docx(data: bytes, name: str) -> DocumentText:
    check_docx_archive(data, name)
    import docx  # deferred: python-docx and lxml take a moment to load and most comparisons read no DOCX
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        # A paragraph's style is looked up by its id once per style, not once per paragraph: python-docx searches
        # the styles part on every ``paragraph.style``, which made 50,000 short paragraphs cost over a minute.
        style_names = {style.style_id: style.name or "" for style in document.styles}
        lines: list[Line] = []
        paragraphs = characters = 0
        for block in document.iter_inner_content():
            checkpoint()
            if isinstance(block, Paragraph):
                paragraphs += 1
                if paragraphs > MAX_PARAGRAPHS:  # refused while reading, not after
                    raise _too_many_paragraphs(name)
                read = _docx_paragraph_lines(block, style_names.get(block._p.style or "", ""))
            elif isinstance(block, Table):
                read = _docx_table_lines(block)
            else:
                continue
            lines.extend(read)
            characters += sum(len(line.text) for line in read)
            if characters > MAX_CHARACTERS:
                raise _too_many_characters(name, characters)
    except (UnreadableDocument, WorkStopped):
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors ... on damaged parts
        message = _("a damaged DOCX file ({reason})").format(reason=type(exc).__name__)
        raise UnreadableDocument(message, reason="damaged", source=name) from exc
    if not any(line.text.strip() for line in lines):
        raise UnreadableDocument(_("the document has no text"), reason="empty", source=name)
    return DocumentText(source=name, format="docx", lines=tuple(lines))


def _check_unpacked_size(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse an archive that unpacks to more than ``MAX_UNPACKED_BYTES``, counting the bytes as they are
    inflated: the sizes an archive declares are whatever its maker wrote."""
    budget = MAX_UNPACKED_BYTES
    for member in members:
        with archive.open(member) as part:
            while chunk := part.read(1024 * 1024):
                budget -= len(chunk)
                if budget < 0:
                    message = _("the DOCX file unpacks to more than {limit} MB").format(
                        limit=MAX_UNPACKED_BYTES // 1024 // 1024
                    )
                    raise UnreadableDocument(message, reason="too-large", source=name)


def _too_many_paragraphs(name: str) -> UnreadableDocument:
    message = _("the document has more than {limit} paragraphs").format(limit=f"{MAX_PARAGRAPHS:,}")
    return UnreadableDocument(message, reason="too-large", source=name)


def _docx_paragraph_lines(paragraph: Paragraph, style: str) -> list[Line]:
    level: int | None = None
    annex = False
    heading = _HEADING_STYLE.match(style.strip())
    if heading:
        level = int(heading[1])
    elif style.strip().upper() == "ANNEX":
        level, annex = 1, True
    elif sub := _ANNEX_SUBHEADING_STYLE.match(style.strip()):
        level = int(sub[1])
    # A soft line break inside a paragraph ("Annex A<br>(normative)<br>Title") separates lines as in a PDF.
    parts = paragraph.text.split("\n")
    return [
        Line(part, heading_level=level if i == 0 else None, annex_heading=annex and i == 0)
        for i, part in enumerate(parts)
    ]


def _docx_table_lines(table: Table) -> list[Line]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or cells[-1] != text:  # a merged cell is returned once per grid column it spans
                cells.append(text)
        if any(cells):
            lines.append(Line(" | ".join(cells)))
    return lines


# --- PDF -----------------------------------------------------------------------------------------------------


def _read_pdf(data: bytes, name: str) -> DocumentText:
    # pypdf reports recoverable damage through logging and warnings; they must not reach the caller's console.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_pdf_pages(data, name)
    finally:
        pypdf_log.setLevel(level)


def _read_pdf_pages(data: bytes, name: str) -> DocumentText:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as missing:
        raise MissingExtra("pdf", missing) from None

    notices: list[Notice] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(
                _("an encrypted PDF: remove the password first"), reason="unsupported", source=name
            )
        page_count = len(reader.pages)
    except UnreadableDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        message = _("a damaged PDF file ({reason})").format(reason=type(exc).__name__)
        raise UnreadableDocument(message, reason="damaged", source=name) from exc
    if page_count > MAX_PDF_PAGES:
        message = _("the PDF has {count} pages; at most {limit} are read").format(count=page_count, limit=MAX_PDF_PAGES)
        raise UnreadableDocument(message, reason="too-large", source=name)
    pages: list[list[str]] = []
    blank: list[int] = []
    failed: list[int] = []
    characters = 0
    for number in range(1, page_count + 1):
        checkpoint()
        try:
            text = reader.pages[number - 1].extract_text() or ""
        except Exception:  # one damaged page must not cost the others (pypdf raises many types here)
            failed.append(number)
            text = ""
        if not text.strip() and number not in failed:
            blank.append(number)
        characters += len(text)
        if characters > MAX_CHARACTERS:
            raise _too_many_characters(name, characters)
        pages.append(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if len(blank) + len(failed) == page_count:
        raise UnreadableDocument(_("no text layer: scanned pages need OCR first"), reason="no-text-layer", source=name)
    if blank:
        notices.append(
            Notice(
                "pages-without-text",
                _("pages without a text layer (scanned?) were left out: {pages}").format(pages=_page_list(blank)),
            )
        )
    if failed:
        notices.append(
            Notice("unreadable-pages", _("damaged pages were left out: {pages}").format(pages=_page_list(failed)))
        )
    lines, cleaning = _clean_pages(pages)
    return DocumentText(
        source=name, format="pdf", lines=tuple(lines), pages=page_count, notices=tuple(notices + cleaning)
    )


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (" …" if len(numbers) > 20 else "")


# --- cleaning extracted pages --------------------------------------------------------------------------------

_EDGE = 3  # running headers and footers sit within this many lines of the top or bottom of a page
_NUMBERED_EDGE = 2  # ... and a page number within two
_DIGITS = re.compile(r"\d+")
_NUMBER_SHAPE = re.compile(r"(?:[A-Z]\.)?#(?:\.#)+")
_HYPHENATED_END = re.compile(r"([^\W\d_]{2,})-$")
_LOWER_START = re.compile(r"^([a-z]{2,})")


def _lines_of_pages(pages: list[list[str]]) -> list[Line]:
    paged = len(pages) > 1
    return [Line(text, page=i if paged else None) for i, page in enumerate(pages, start=1) for text in page]


def _clean_pages(pages: list[list[str]]) -> tuple[list[Line], list[Notice]]:
    """Drop running headers and footers, then join words hyphenated across lines."""
    notices: list[Notice] = []
    running = _running_lines(pages)
    dropped = 0
    kept: list[Line] = []
    for number, page in enumerate(pages, start=1):
        for i, text in enumerate(page):
            if (number, i) in running:
                dropped += 1
                continue
            kept.append(Line(text, page=number))
    if dropped:
        notices.append(
            Notice(
                "running-lines-dropped",
                ngettext(
                    "{count} running header or footer line repeated on most pages was dropped",
                    "{count} running header and footer lines repeated on most pages were dropped",
                    dropped,
                ).format(count=dropped),
            )
        )
    joined, count = _join_hyphenated(kept)
    if count:
        notices.append(
            Notice(
                "hyphenation-joined",
                ngettext(
                    "{count} word hyphenated at a line end was joined",
                    "{count} words hyphenated at a line end were joined",
                    count,
                ).format(count=count),
            )
        )
    return joined, notices


def _running_lines(pages: list[list[str]]) -> set[tuple[int, int]]:
    """(page, line) of the running headers and footers: lines near the top or bottom of at least half the pages
    (and of three at least) that are the same on each, or differ only by a number that follows the page number
    ("Page 3 of 40", "- 3 -")."""
    if len(pages) < 3:
        return set()
    needed = max(3, (len(pages) + 1) // 2)
    seen: dict[str, list[tuple[int, int, tuple[int, ...]]]] = {}
    for number, page in enumerate(pages, start=1):
        content = [i for i, text in enumerate(page) if text.strip()]
        for rank, i in enumerate(content):
            from_edge = min(rank, len(content) - 1 - rank)
            shape = _line_shape(page[i])
            numbered = "#" in shape
            if from_edge >= (_NUMBERED_EDGE if numbered else _EDGE) or _NUMBER_SHAPE.fullmatch(shape):
                continue
            numbers = tuple(int(d) for d in _DIGITS.findall(page[i])) if numbered else ()
            seen.setdefault(shape, []).append((number, i, numbers))
    running: set[tuple[int, int]] = set()
    for found in seen.values():
        if len({page for page, _i, _numbers in found}) < needed:
            continue
        same_numbers = len({numbers for _page, _i, numbers in found}) == 1
        if not same_numbers and not _follows_pages(found):
            continue
        running.update((page, i) for page, i, _numbers in found)
    return running


def _follows_pages(found: list[tuple[int, int, tuple[int, ...]]]) -> bool:
    """Whether a repeated line changes from page to page only by a number that goes up as the page number does
    ("Page 3 of 40"); a subclause heading on each page ("1.2 Item 2") changes by more than that."""
    count = len(found[0][2])
    for k in range(count):
        follows = len({numbers[k] - page for page, _i, numbers in found}) == 1
        others_fixed = all(len({numbers[j] for _page, _i, numbers in found}) == 1 for j in range(count) if j != k)
        if follows and others_fixed:
            return True
    return False


def _line_shape(text: str) -> str:
    """A line with its numbers blanked, so that "Page 3 of 40" and "Page 4 of 40" are the same running line."""
    return _DIGITS.sub("#", " ".join(text.split()))


def _join_hyphenated(lines: list[Line]) -> tuple[list[Line], int]:
    """Join "electro-" + "magnetic ..." into "electromagnetic ..."; keep the hyphen of a compound that the
    document also writes hyphenated on one line ("low-voltage")."""
    candidates = [
        i
        for i in range(len(lines) - 1)
        if _HYPHENATED_END.search(lines[i].text.rstrip()) and _LOWER_START.match(lines[i + 1].text.lstrip())
    ]
    if not candidates:
        return lines, 0
    words = Counter(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", "\n".join(line.text for line in lines).lower()))
    out = list(lines)
    joined = 0
    for i in reversed(candidates):
        head = out[i].text.rstrip()
        tail = out[i + 1].text.lstrip()
        end = _HYPHENATED_END.search(head)
        start = _LOWER_START.match(tail)
        if end is None or start is None:
            continue
        compound = f"{end[1]}-{start[1]}".lower()
        keep_hyphen = words[compound] > 0 and words[compound.replace("-", "")] == 0
        first_word, rest = [*tail.split(maxsplit=1), ""][:2]
        glued = head + first_word if keep_hyphen else head[:-1] + first_word
        out[i] = Line(glued, page=out[i].page, heading_level=out[i].heading_level)
        out[i + 1] = Line(rest, page=out[i + 1].page)
        joined += 1
    return out, joined
