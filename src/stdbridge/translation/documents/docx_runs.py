"""One DOCX paragraph as tagged text, and the paragraph rebuilt from a translated tagged text.

Word cuts a paragraph into runs wherever an edit happened, so runs are first merged where their formatting is the
same (revision ids, proofing marks and language ignored). The formatting that covers most of the paragraph's text
is its base and carries no tag; any other stretch (bold, italic, underlined, superscript, subscript, another
character style, a hyperlink) becomes a pair ``<gN>…</gN>``; a tab, a line break, a footnote or endnote reference,
a field (its code and shown result together), a formula, a drawing or any inline object Word wrote is one
standalone tag ``<xN/>``. Bookmarks and comment ranges are kept at the edges of the paragraph, so that the
cross-references pointing to them still work. Tracked changes are read as accepted (deleted text is left out).

``rebuild_paragraph`` replaces the paragraph's runs (never its properties: style, numbering, spacing stay) with
runs made from the target: text outside tags in the base formatting, text in ``<gN>`` in N's formatting (and
hyperlink), each ``<xN/>`` the original object itself (moved, so that text boxes inside it stay where the writer
finds them). An object whose tag the translation lost is put at the end of the paragraph rather than dropped, so
that no footnote loses its reference.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from stdbridge.translation.model import TAG

Element = Any  # an lxml element of a WordprocessingML part (python-docx's classes or plain lxml)

W_P, W_R, W_T, W_RPR, W_PPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:pPr")
_DESCEND = {qn("w:ins"), qn("w:smartTag"), qn("w:customXml"), qn("w:dir"), qn("w:bdo"), qn("w:moveTo")}
_SKIP = {
    qn("w:del"), qn("w:moveFrom"), qn("w:proofErr"), qn("w:moveFromRangeStart"), qn("w:moveFromRangeEnd"),
    qn("w:moveToRangeStart"), qn("w:moveToRangeEnd"),
}  # fmt: skip
_EDGE_START = {qn("w:bookmarkStart"), qn("w:commentRangeStart"), qn("w:permStart")}
_EDGE_END = {qn("w:bookmarkEnd"), qn("w:commentRangeEnd"), qn("w:permEnd")}
_RUN_SKIP = {qn("w:rPr"), qn("w:lastRenderedPageBreak"), qn("w:softHyphen"), qn("w:delText")}
_FORMAT_NOISE = {qn("w:lang"), qn("w:noProof"), qn("w:webHidden"), qn("w:bCs"), qn("w:iCs"), qn("w:szCs")}
_FLD_CHAR, _FLD_TYPE = qn("w:fldChar"), qn("w:fldCharType")
_LANG_SUCCESSORS = (qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath"))
_EAST_ASIAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_EAST_ASIAN_FONTS = {qn("w:eastAsia"), qn("w:eastAsiaTheme")}
_LATIN_FONTS = {qn("w:ascii"), qn("w:hAnsi"), qn("w:asciiTheme"), qn("w:hAnsiTheme")}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(slots=True)
class _Piece:
    """Text or an object of a paragraph, with its formatting (``key`` compares formatting) and hyperlink."""

    text: str
    rpr: Element | None
    key: bytes  # the formatting but fonts
    link: Element | None
    objects: list[Element] = field(default_factory=list)  # set for an object; its text is ""
    fonts: dict[str, str] = field(default_factory=dict)  # the fonts that show the text's characters
    in_run: bool = False  # the object is a child of a run (a tab beside text): written in a run of its own

    def same_format(self, other: _Piece) -> bool:
        """Whether two pieces look the same: the same formatting, and the same font wherever both need one (a
        font for Chinese characters says nothing about a run of Latin letters)."""
        if self.key != other.key or self.link is not other.link:
            return False
        return all(self.fonts[name] == other.fonts[name] for name in self.fonts.keys() & other.fonts.keys())


@dataclass(frozen=True, slots=True)
class InlineObject:
    """What a standalone tag stands for: elements of the paragraph (runs, a field, a formula), or children of a
    run (``run_properties`` given) that are written in a new run with those properties. Nothing is moved until
    the paragraph is rebuilt, so reading a document leaves it as it was."""

    elements: list[Element]
    run_properties: Element | None = None
    in_run: bool = False

    def placed(self, fresh: bool) -> list[Element]:
        """The elements to put in the rebuilt paragraph (the originals, or copies when ``fresh``)."""
        elements = [copy.deepcopy(e) for e in self.elements] if fresh else self.elements
        if not self.in_run:
            return elements
        run = etree.Element(W_R)
        if self.run_properties is not None:
            run.append(copy.deepcopy(self.run_properties))
        run.extend(elements)
        return [run]


@dataclass(slots=True)
class InlineMap:
    """What the tags of a paragraph's text stand for."""

    base_rpr: Element | None
    pairs: dict[int, tuple[Element | None, Element | None]] = field(default_factory=dict)  # rPr, hyperlink
    objects: dict[int, InlineObject] = field(default_factory=dict)
    edge_starts: list[Element] = field(default_factory=list)
    edge_ends: list[Element] = field(default_factory=list)


def paragraph_text(paragraph: Element) -> tuple[str, InlineMap]:
    """The paragraph's text with inline tags, and what each tag stands for."""
    pieces, starts, ends = _pieces(paragraph)
    merged = _merge(pieces)
    weights: Counter[tuple[bytes, frozenset[tuple[str, str]]]] = Counter()
    for piece in merged:
        if not piece.objects and piece.link is None and piece.text.strip():
            weights[piece.key, frozenset(piece.fonts.items())] += len(piece.text)
    base: _Piece | None = None
    if weights:
        (base_key, base_fonts), _weight = weights.most_common(1)[0]
        base = next(p for p in merged if p.key == base_key and frozenset(p.fonts.items()) == base_fonts)
    inline = InlineMap(base.rpr if base is not None else None, edge_starts=starts, edge_ends=ends)
    out: list[str] = []
    number = 0
    open_pair: tuple[_Piece, int] | None = None  # the piece that opened the pair, and its number

    def close() -> None:
        nonlocal open_pair
        if open_pair is not None:
            out.append(f"</g{open_pair[1]}>")
            open_pair = None

    for piece in merged:
        if piece.objects:
            if open_pair is not None and not open_pair[0].same_format(piece):
                close()
            number += 1
            inline.objects[number] = InlineObject(piece.objects, piece.rpr, piece.in_run)
            out.append(f"<x{number}/>")
            continue
        if base is not None and piece.same_format(base):
            close()
            out.append(piece.text)
            continue
        if open_pair is None or not open_pair[0].same_format(piece):
            close()
            number += 1
            inline.pairs[number] = (piece.rpr, piece.link)
            open_pair = (piece, number)
            out.append(f"<g{number}>")
        out.append(piece.text)
    close()
    return "".join(out), inline


def rebuild_paragraph(paragraph: Element, target: str, inline: InlineMap, lang: LanguageMark | None) -> None:
    """Replace the paragraph's content (not its properties) with runs made from ``target``."""
    for child in list(paragraph):
        if child.tag != W_PPR:
            paragraph.remove(child)
    for edge in inline.edge_starts:
        paragraph.append(edge)
    used: set[int] = set()
    stack: list[int] = []
    container = paragraph
    container_pair: int | None = None
    position = 0

    def place(element: Element) -> None:
        container.append(element)

    def open_container() -> None:
        nonlocal container, container_pair
        innermost = next((n for n in reversed(stack) if n in inline.pairs), None)
        link = inline.pairs[innermost][1] if innermost is not None else None
        if innermost == container_pair and container is not paragraph:
            return
        container, container_pair = paragraph, None
        if link is not None and innermost is not None:
            container = etree.SubElement(paragraph, link.tag, attrib=dict(link.attrib))
            container_pair = innermost

    def text_run(text: str) -> None:
        innermost = next((n for n in reversed(stack) if n in inline.pairs), None)
        rpr = inline.pairs[innermost][0] if innermost is not None else inline.base_rpr
        open_container()
        for run in _runs_for(text, rpr, lang):
            place(run)

    for match in TAG.finditer(target):
        if match.start() > position:
            text_run(target[position : match.start()])
        position = match.end()
        tag = match.group(0)
        if match.group(2) is not None:
            number = int(match.group(2))
            if number in inline.objects:
                open_container()
                for element in inline.objects[number].placed(fresh=number in used):
                    place(element)
                used.add(number)
        elif tag.startswith("</"):
            number = int(match.group(1))
            if number in stack:
                stack.remove(number)
        else:
            stack.append(int(match.group(1)))
    if position < len(target):
        text_run(target[position:])
    container = paragraph
    for number, inline_object in inline.objects.items():
        if number not in used:
            for element in inline_object.placed(fresh=False):
                place(element)
    for edge in inline.edge_ends:
        paragraph.append(edge)


@dataclass(frozen=True, slots=True)
class LanguageMark:
    """The language written into new runs (``w:lang``) and, for Chinese, the East Asian font to show it in."""

    lang: str  # "en-GB", "zh-CN"
    east_asian: bool
    east_asian_font: str = "SimSun"


def language_mark(target_lang: str) -> LanguageMark:
    """The Word language of a BCP 47 tag: bare "zh" is mainland Chinese, bare "en" British English (the ISO and
    IEC directives' spelling)."""
    base = target_lang.split("-")[0].lower()
    defaults = {"zh": "zh-CN", "en": "en-GB", "ja": "ja-JP", "ko": "ko-KR", "fr": "fr-FR", "de": "de-DE"}
    lang = target_lang if "-" in target_lang else defaults.get(base, target_lang)
    return LanguageMark(lang=lang, east_asian=base in {"zh", "ja", "ko"})


def mark_language(rpr: Element, mark: LanguageMark) -> None:
    """Set the language of a run's properties and, for East Asian text, an East Asian font when none is set."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        successor = next((child for child in rpr if child.tag in _LANG_SUCCESSORS), None)
        if successor is not None:
            successor.addprevious(lang)
        else:
            rpr.append(lang)
    if mark.east_asian:
        lang.set(qn("w:eastAsia"), mark.lang)
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            style = rpr.find(qn("w:rStyle"))
            if style is not None:
                style.addnext(fonts)
            else:
                rpr.insert(0, fonts)
        if fonts.get(qn("w:eastAsia")) is None and fonts.get(qn("w:eastAsiaTheme")) is None:
            fonts.set(qn("w:eastAsia"), mark.east_asian_font)
        fonts.set(qn("w:hint"), "eastAsia")
    else:
        lang.set(qn("w:val"), mark.lang)


def _runs_for(text: str, rpr: Element | None, lang: LanguageMark | None) -> Iterator[Element]:
    run = etree.Element(W_R)
    properties = copy.deepcopy(rpr) if rpr is not None else None
    if lang is not None:
        properties = properties if properties is not None else etree.Element(W_RPR)
        mark_language(properties, lang)
    if properties is not None:
        run.append(properties)
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            t = etree.SubElement(run, W_T)
            t.text = "".join(chunk)
            t.set(_XML_SPACE, "preserve")
            chunk.clear()

    for char in text:
        if char in "\n\t":
            flush()
            etree.SubElement(run, qn("w:br") if char == "\n" else qn("w:tab"))
        else:
            chunk.append(char)
    flush()
    yield run


def _pieces(paragraph: Element) -> tuple[list[_Piece], list[Element], list[Element]]:
    pieces: list[_Piece] = []
    starts: list[Element] = []
    ends: list[Element] = []
    field_runs: list[Element] = []
    depth = 0

    def walk(parent: Element, link: Element | None) -> None:
        nonlocal depth
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str) or tag == W_PPR or tag in _SKIP:
                continue
            if tag == W_R:
                kinds = [c.get(_FLD_TYPE) for c in child.iter(_FLD_CHAR)]
                if depth or "begin" in kinds:
                    field_runs.append(child)
                    depth += kinds.count("begin") - kinds.count("end")
                    if depth <= 0:
                        depth = 0
                        pieces.append(_object(list(field_runs), field_runs[0], link))
                        field_runs.clear()
                    continue
                _run_pieces(child, link, pieces)
            elif tag == qn("w:hyperlink"):
                walk(child, child)
            elif tag in _DESCEND:
                walk(child, link)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content, link)
            elif tag in _EDGE_START:
                starts.append(child)
            elif tag in _EDGE_END:
                ends.append(child)
            else:  # a simple field, a formula, anything else Word wrote inside a paragraph
                pieces.append(_Piece("", None, b"", link, [child]))

    walk(paragraph, None)
    if field_runs:  # a field left open at the end of the paragraph: keep its runs as they are
        pieces.append(_object(list(field_runs), field_runs[0], None))
    return pieces, starts, ends


def _object(elements: list[Element], run: Element, link: Element | None) -> _Piece:
    rpr = run.find(W_RPR)
    return _Piece("", rpr, _format_key(rpr), link, elements)


def _run_pieces(run: Element, link: Element | None, pieces: list[_Piece]) -> None:
    rpr = run.find(W_RPR)
    children = [c for c in run if isinstance(c.tag, str) and c.tag not in _RUN_SKIP]
    key = _format_key(rpr)
    fonts = _fonts_for(rpr, "".join(c.text or "" for c in children if c.tag == W_T))
    if not any(c.tag == W_T or c.tag == qn("w:noBreakHyphen") for c in children):
        if children:
            pieces.append(_Piece("", rpr, key, link, [run]))  # a run with an object only: move it whole
        return
    for child in children:
        if child.tag == W_T:
            pieces.append(_Piece(child.text or "", rpr, key, link, fonts=fonts))
        elif child.tag == qn("w:noBreakHyphen"):
            pieces.append(_Piece("\u2011", rpr, key, link, fonts=fonts))
        else:
            pieces.append(_Piece("", rpr, key, link, [child], in_run=True))


def _merge(pieces: list[_Piece]) -> list[_Piece]:
    merged: list[_Piece] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if last is not None and not piece.objects and not last.objects and last.same_format(piece):
            if len(piece.text) > len(last.text):  # the longest run's properties speak for the stretch
                last.rpr = piece.rpr
            last.text += piece.text
            last.fonts = piece.fonts | last.fonts
        elif piece.objects or piece.text:
            merged.append(
                _Piece(piece.text, piece.rpr, piece.key, piece.link, piece.objects, dict(piece.fonts), piece.in_run)
            )
    return merged


def _format_key(rpr: Element | None) -> bytes:
    """What tells two runs' formatting apart, fonts aside: their properties without revision ids, language and
    proofing marks."""
    if rpr is None:
        return b""
    clone = copy.deepcopy(rpr)
    for element in clone.iter():
        for name in [n for n in element.attrib if "rsid" in n]:
            del element.attrib[name]
    for child in list(clone):
        if child.tag in _FORMAT_NOISE or child.tag == qn("w:rFonts"):
            clone.remove(child)
    if len(clone) == 0:
        return b""
    return bytes(etree.tostring(clone, method="c14n"))


def _fonts_for(rpr: Element | None, text: str) -> dict[str, str]:
    """The fonts of a run that show its characters: the East Asian font when it has Chinese (or Japanese, Korean)
    characters, the Latin fonts when it has others. Word and LibreOffice give a run of Chinese a Latin font and a
    digit an East Asian one, and cut a paragraph into runs at each change of script: these fonts do not count."""
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return {}
    east_asian = bool(_EAST_ASIAN.search(text))
    latin = bool(_EAST_ASIAN.sub("", text).strip())
    wanted = (_EAST_ASIAN_FONTS if east_asian else set()) | (_LATIN_FONTS if latin else set())
    return {name: value for name, value in fonts.attrib.items() if name in wanted}
