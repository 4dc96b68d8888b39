"""Helpers of the comparison tests: the constructed example texts, and DOCX and PDF forms of them made here.

The PDFs are written by ``pdf_bytes``, a minimal PDF writer (Helvetica, WinAnsi encoding, one text line per
``Tj``), so that no PDF library is needed to make them and no binary file is kept in the repository. Its output is
read back by pypdf like any other PDF with a text layer.
"""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).parent / "data"
EDITION1 = DATA / "edition1_en.txt"
EDITION2 = DATA / "edition2_en.txt"
EDITION2_ZH = DATA / "edition2_zh.txt"

RUNNING_HEADER = "EXAMPLE FOR TESTING - NOT A STANDARD"


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show these lines of text (characters of Windows-1252 only); an empty page list entry
    gives a page with a drawn square and no text, as a scanned page has none."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b""]
    objects[2] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    kids = []
    for lines in pages:
        if lines:
            body = [b"BT /F1 10 Tf 14 TL 50 800 Td"]
            for line in lines:
                escaped = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
                body.append(b"(" + escaped + b") Tj T*")
            body.append(b"ET")
        else:
            body = [b"0.5 g 100 100 300 300 re f"]
        stream = b"\n".join(body)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def wrap(text: str, width: int = 92) -> list[str]:
    """Lines of at most ``width`` characters, as a PDF lays out a paragraph."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(current)
    return lines


def paged(lines: list[str], per_page: int = 38) -> list[list[str]]:
    """Pages of ``lines`` under a running header and over a page-number footer."""
    pages = []
    for start in range(0, len(lines), per_page):
        number = start // per_page + 1
        pages.append([RUNNING_HEADER, "", *lines[start : start + per_page], "", f"- {number} -"])
    return pages


_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*|[A-Z]\.\d+(?:\.\d+)*)\s+(\S.*)$")


def docx_from_text(text: str, path: Path, *, automatic_numbers: bool) -> Path:
    """The text as a Word document: clause headings in Heading styles, annex headings in the ISO template's
    ANNEX and a2 styles, contents lines as Word writes them (title, tab, page number).

    With ``automatic_numbers`` the heading paragraphs carry no number, as when Word's list numbering shows it.
    """
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.styles.add_style("ANNEX", WD_STYLE_TYPE.PARAGRAPH)
    document.styles.add_style("a2", WD_STYLE_TYPE.PARAGRAPH)
    lines = text.split("\n")
    in_terms = False
    i = 0
    while i < len(lines):
        line = lines[i]
        toc = re.match(r"^(.*?)\s*\.{4,}\s*(\w+)$", line)
        if toc:
            document.add_paragraph(f"{toc[1]}\t{toc[2]}")
        elif line.startswith("Annex ") and i + 2 < len(lines) and lines[i + 1].startswith("("):
            paragraph = document.add_paragraph(style="ANNEX")
            if not automatic_numbers:
                paragraph.add_run(line).add_break()
            paragraph.add_run(lines[i + 1]).add_break()
            paragraph.add_run(lines[i + 2])
            i += 3
            continue
        elif re.fullmatch(r"\d+\.\d+", line) and in_terms:
            document.add_paragraph("" if automatic_numbers else line, style="Heading 2")
        elif (m := _NUMBERED.match(line)) and len(line) < 60:
            number, title = m[1], m[2]
            in_terms = number == "3" or (in_terms and number.startswith("3."))
            style = "a2" if number[0].isalpha() else f"Heading {number.count('.') + 1}"
            document.add_paragraph(title if automatic_numbers else line, style=style)
        else:
            document.add_paragraph(line)
        i += 1
    document.save(str(path))
    return path
