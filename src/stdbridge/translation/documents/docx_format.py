"""DOCX documents to translate: every paragraph of the body, tables (nested too), text boxes, footnotes, endnotes,
headers and footers cut into segments, and the translated document written from the original's bytes.

Keys name where a paragraph sits, then which sentence of it: ``p12/s0`` (the body's 13th paragraph, first
sentence), ``t1/r2/c0/p0/s1`` (table 1 of the body, row 2, cell 0, its first paragraph, second sentence; nested
tables go on: ``t1/r0/c0/t0/r1/c1/p0/s0``), ``p4/box0/p1/s0`` (a text box anchored in paragraph 4),
``footnote2/p0/s0`` and ``endnote1/p0/s0`` (by the note's id), ``header1/p0/s0`` and ``footer2/p0/s0`` (by the
part's name, word/header1.xml). Paragraphs inside content controls count as paragraphs of their container.
The writer walks the original the same way, so a key finds its paragraph again.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

from stdbridge.compare import documents as limits
from stdbridge.compare.documents import check_docx_archive, too_many_characters, too_many_paragraphs
from stdbridge.deadline import checkpoint
from stdbridge.errors import UnreadableDocument, WorkStopped
from stdbridge.i18n import _
from stdbridge.translation.documents.docx_runs import (
    W_P,
    language_mark,
    mark_language,
    paragraph_text,
    rebuild_paragraph,
)
from stdbridge.translation.documents.model import DocumentSegment, SegmentKind
from stdbridge.translation.model import without_tags
from stdbridge.translation.segmentation import is_formula, join_sentences, note_label, split_sentences

if TYPE_CHECKING:
    from docx.document import Document

Element = Any

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TBL, _TR, _TC, _SDT, _SDT_CONTENT = (f"{{{_W}}}{n}" for n in ("tbl", "tr", "tc", "sdt", "sdtContent"))
_TXBX = f"{{{_W}}}txbxContent"
_OMATH_PARA = "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMathPara"
_PSTYLE, _NUMPR, _PPR = f"{{{_W}}}pStyle", f"{{{_W}}}numPr", f"{{{_W}}}pPr"
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*\d|^(?:annex|a[2-6])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|subtitle|副?标题|zzstdtitle|cover ?title)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list|列表|bullet", re.IGNORECASE)
_NOTE_STYLE = re.compile(r"note|注", re.IGNORECASE)
_NOTE_PART = {"footnotes": ("footnote", "footnote"), "endnotes": ("endnote", "endnote")}
_SEPARATOR_NOTES = {"separator", "continuationSeparator", "continuationNotice"}


@dataclass(frozen=True, slots=True)
class _Located:
    key: str  # of the paragraph, without the sentence
    paragraph: Element
    in_table: bool
    part: str  # "body", "footnote", "endnote", "header", "footer"


def read_docx(data: bytes, name: str) -> list[DocumentSegment]:
    """The segments of a DOCX document, in document order (body, then headers and footers, then notes)."""
    document = _open(data, name)
    try:
        styles = {style.style_id: style.name or "" for style in document.styles}
        segments: list[DocumentSegment] = []
        characters = 0
        for located in _paragraphs(document, name, []):
            checkpoint()
            text, _inline = paragraph_text(located.paragraph)
            characters += len(text)
            if characters > limits.MAX_CHARACTERS:
                raise too_many_characters(name, characters)
            if not without_tags(text).strip():
                continue  # a picture, a field or a tab alone: nothing to translate, left as it is
            kind = _kind(located, styles)
            for index, sentence in enumerate(split_sentences(text)):
                segments.append(DocumentSegment(f"{located.key}/s{index}", sentence, kind))
    except (UnreadableDocument, WorkStopped):
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds of error on damaged parts
        raise _damaged(name, exc) from exc
    return segments


def write_docx(data: bytes, name: str, targets: Mapping[str, str], target_lang: str) -> bytes:
    """The document with each target put back at its key (a sentence without a target keeps its source)."""
    document = _open(data, name)
    mark = language_mark(target_lang)
    notes_xml: list[tuple[Any, Element]] = []
    try:
        for located in _paragraphs(document, name, notes_xml):
            checkpoint()
            text, inline = paragraph_text(located.paragraph)
            if not without_tags(text).strip():
                continue
            sentences = split_sentences(text)
            keys = [f"{located.key}/s{index}" for index in range(len(sentences))]
            if not any(key in targets for key in keys):
                continue
            translated = join_sentences(
                [targets.get(key, sentence) for key, sentence in zip(keys, sentences, strict=True)], target_lang
            )
            rebuild_paragraph(located.paragraph, translated, inline, mark)
        if mark.east_asian:
            _mark_default_language(document, mark)
        for part, root in notes_xml:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        document.save(out)
    except (UnreadableDocument, WorkStopped):
        raise
    except Exception as exc:
        raise _damaged(name, exc) from exc
    return out.getvalue()


def _open(data: bytes, name: str) -> Document:
    check_docx_archive(data, name)
    import docx  # deferred: python-docx and lxml take a moment to load

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise _damaged(name, exc) from exc


def _damaged(name: str, exc: Exception) -> UnreadableDocument:
    message = _("a damaged DOCX file ({reason})").format(reason=type(exc).__name__)
    return UnreadableDocument(message, reason="damaged", source=name)


def _paragraphs(document: Document, name: str, notes_xml: list[tuple[Any, Element]]) -> list[_Located]:
    """Every paragraph, with its key, in document order, counted against the limit."""
    found: list[_Located] = []
    body = document.element.body
    found.extend(_container(body, "", False, "body"))
    package = document.part.package
    for part in package.iter_parts():
        partname = str(part.partname)
        match = re.fullmatch(r"/word/(header|footer)(\d*)\.xml", partname)
        if match:
            element = getattr(part, "element", None)
            if element is not None:
                found.extend(_container(element, f"{match[1]}{match[2]}/", False, match[1]))
    for part in package.iter_parts():
        match = re.fullmatch(r"/word/(footnotes|endnotes)\.xml", str(part.partname))
        if match:
            found.extend(_notes(part, *_NOTE_PART[match[1]], notes_xml))
    if len(found) > limits.MAX_PARAGRAPHS:
        raise too_many_paragraphs(name)
    return found


def _notes(part: Any, prefix: str, kind: str, notes_xml: list[tuple[Any, Element]]) -> list[_Located]:
    """The paragraphs of the footnotes (or endnotes) part. python-docx has no class for it: its XML is parsed here
    with python-docx's parser (no entities, no network); ``notes_xml`` keeps it to be put back on writing."""
    from docx.oxml.parser import parse_xml

    root = parse_xml(part.blob)
    notes_xml.append((part, root))
    located: list[_Located] = []
    for note in root:
        if note.get(f"{{{_W}}}type") in _SEPARATOR_NOTES:
            continue
        located.extend(_container(note, f"{prefix}{note.get(f'{{{_W}}}id')}/", False, kind))
    return located


def _container(element: Element, prefix: str, in_table: bool, part: str) -> list[_Located]:
    """The paragraphs of a body, cell, note or text box, tables and content controls walked in order."""
    located: list[_Located] = []
    paragraphs = tables = 0
    for child in _blocks(element):
        checkpoint()
        if child.tag == W_P:
            key = f"{prefix}p{paragraphs}"
            located.append(_Located(key, child, in_table, part))
            for box_index, box in enumerate(_text_boxes(child)):
                located.extend(_container(box, f"{key}/box{box_index}/", in_table, part))
            paragraphs += 1
        elif child.tag == _TBL:
            for row_index, row in enumerate(r for r in child if r.tag == _TR):
                for cell_index, cell in enumerate(c for c in _blocks(row) if c.tag == _TC):
                    cell_prefix = f"{prefix}t{tables}/r{row_index}/c{cell_index}/"
                    located.extend(_container(cell, cell_prefix, True, part))
            tables += 1
    return located


def _blocks(element: Element) -> Iterator[Element]:
    """The children of a container, with content controls opened."""
    for child in element:
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        else:
            yield child


def _text_boxes(paragraph: Element) -> list[Element]:
    """The text boxes anchored in a paragraph (Word's own, not the VML copy kept for old readers), outermost only."""
    boxes = []
    for box in paragraph.iter(_TXBX):
        ancestor = box.getparent()
        nested = False
        while ancestor is not None and ancestor is not paragraph:
            if ancestor.tag in (_TXBX, _MC_FALLBACK):
                nested = True
                break
            ancestor = ancestor.getparent()
        if not nested:
            boxes.append(box)
    return boxes


def _kind(located: _Located, styles: Mapping[str, str]) -> SegmentKind:
    properties = located.paragraph.find(_PPR)
    style_id = ""
    numbered = False
    if properties is not None:
        style = properties.find(_PSTYLE)
        style_id = style.get(f"{{{_W}}}val", "") if style is not None else ""
        numbered = properties.find(_NUMPR) is not None
    style_name = styles.get(style_id, style_id)
    if located.part in ("footnote", "endnote"):
        return "footnote"
    if _TITLE_STYLE.match(style_name.strip()):
        return "title"
    if _HEADING_STYLE.search(style_name):
        return "heading"
    plain = "".join(t.text or "" for t in located.paragraph.iter(f"{{{_W}}}t"))
    if _NOTE_STYLE.search(style_name) or note_label(plain):
        return "note"
    if located.in_table:
        return "table-cell"
    if numbered or _LIST_STYLE.search(style_name):
        return "list-item"
    if is_formula(plain) or located.paragraph.find(f".//{_OMATH_PARA}") is not None:
        return "formula"
    return "text"


def _mark_default_language(document: Document, mark: Any) -> None:
    """Chinese text shown in a Chinese font by default too (the styles' run defaults)."""
    styles = document.styles.element
    defaults = styles.find(f"{{{_W}}}docDefaults")
    if defaults is None:
        return
    rpr_default = defaults.find(f"{{{_W}}}rPrDefault")
    rpr = rpr_default.find(f"{{{_W}}}rPr") if rpr_default is not None else None
    if rpr is not None:
        mark_language(rpr, mark)
