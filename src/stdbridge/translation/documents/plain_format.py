"""Plain-text and Markdown documents to translate, and the translation written back in the original's encoding
and line endings.

Plain text: a paragraph is a line, or several lines when a long line was wrapped (the next line goes on without a
sentence end, a list marker, a clause number or a note label). Keys are ``l{first line}/s{sentence}`` (lines
counted from 1). A translated paragraph is written on one line with the first line's indentation: the wrapping of
a long paragraph is not kept.

Markdown (markdown-it-py, CommonMark with tables and strikethrough): headings, paragraphs, list items, block quotes
and table cells are segments; code blocks, fenced code and HTML blocks are left untranslated. Inline markup
becomes tags: emphasis, strong emphasis, strikethrough and links are pairs (``**`` or ``[``…``](url)`` around the
translated text), inline code, images, inline HTML, autolinks and hard line breaks are standalone tags written back
as they were. Keys are ``l{line}/s{sentence}`` and, in a table, ``l{line}/c{cell}/s{sentence}``. A block whose
sentences got no target is written back byte for byte; a translated block goes on one line after its marker
(``## ``, ``- ``, ``1. ``, ``> ``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from stdbridge.compare.documents import MAX_CHARACTERS, decode_text, refuse_binary, too_many_characters
from stdbridge.deadline import checkpoint
from stdbridge.errors import UnreadableDocument
from stdbridge.i18n import _
from stdbridge.translation.documents.model import DocumentSegment, DocumentText, SegmentKind
from stdbridge.translation.model import TAG
from stdbridge.translation.segmentation import is_formula, join_sentences, note_label, split_sentences

_TERMINATED = re.compile(r"[.!?。！？；:：;]\s*$")
_STARTS_ITEM = re.compile(
    r"^\s*(?:[-*•·]\s|\(?[a-zA-Z0-9]{1,3}[).、]\s*|\d+(?:\.\d+)+\s|[A-Z]\.\d|NOTE|Note|EXAMPLE|注|示例|表|图|Table|Figure)"
)
_HEADING_LINE = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)+|附\s*录\s*[A-Z]|Annex\s+[A-Z])\s+\S.{0,80}$")
_LIST_LINE = re.compile(r"^\s*(?:[-*•·]\s|\(?[a-z0-9]{1,2}\)\s*|[a-z]\.\s)")
_WRAP_WIDTH = 60
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MARKDOWN_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")


@dataclass(slots=True)
class _Block:
    """A stretch of the text to translate: from (line, column) to (line, column), lines counted from 0."""

    key: str
    text: str
    kind: SegmentKind
    first: int
    start: int
    last: int
    end: int
    markup: dict[int, tuple[str, str]] = field(default_factory=dict)  # tag number: (opening, closing) markup


def read_plain(data: bytes, name: str, source_lang: str, *, markdown: bool) -> DocumentText:
    """The segments of a plain-text or Markdown file."""
    text, encoding = _decode(data, name)
    lines = text.split("\n")
    blocks = _markdown_blocks(lines) if markdown else _text_blocks(lines)
    segments = [
        DocumentSegment(f"{block.key}/s{index}", sentence, block.kind)
        for block in blocks
        for index, sentence in enumerate(split_sentences(block.text))
    ]
    return DocumentText(name, "markdown" if markdown else "text", source_lang, tuple(segments), encoding=encoding)


def write_plain(data: bytes, name: str, targets: Mapping[str, str], target_lang: str, *, markdown: bool) -> bytes:
    """The file with each translated block put back, in the original's encoding and line endings."""
    text, encoding = _decode(data, name)
    newline = "\r\n" if "\r\n" in data.decode(encoding, errors="replace")[:65536] else "\n"
    lines = text.split("\n")
    blocks = _markdown_blocks(lines) if markdown else _text_blocks(lines)
    for block in reversed(blocks):  # from the end, so that the lines of earlier blocks stay where they are
        sentences = split_sentences(block.text)
        keys = [f"{block.key}/s{index}" for index in range(len(sentences))]
        if not any(key in targets for key in keys):
            continue
        translated = join_sentences(
            [targets.get(key, sentence) for key, sentence in zip(keys, sentences, strict=True)], target_lang
        )
        written = _markdown_text(translated, block) if markdown else TAG.sub("", translated)
        head = lines[block.first][: block.start]
        tail = lines[block.last][block.end :]
        lines[block.first : block.last + 1] = [head + written + tail]
    out = newline.join(lines)
    bom = data.startswith(b"\xef\xbb\xbf") or encoding.startswith(("utf-16", "utf-32"))
    encoded = out.encode(encoding)
    if bom:
        encoded = (
            ("\ufeff" + out).encode(encoding)
            if encoding.startswith(("utf-16", "utf-32"))
            else b"\xef\xbb\xbf" + encoded
        )
    return encoded


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and its encoding: the comparison's strict reading (a byte-order mark, UTF-8, GB18030 unless it is
    Shift-JIS or EUC-JP), else charset-normalizer's detection when the strict reading fails (Big5, say)."""
    refuse_binary(data, name)
    try:
        text, encoding = decode_text(data, name)
    except UnreadableDocument as exc:
        detected = _detected_encoding(data) if exc.reason == "encoding" else None
        if detected is None:
            raise
        text, encoding = data.decode(detected), detected
    if len(text) > MAX_CHARACTERS:
        raise too_many_characters(name, len(text))
    if "\x00" in text:
        raise UnreadableDocument(_("binary content (NUL characters), not a text"), reason="binary", source=name)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _detected_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262_144]).best()
    if best is None or best.encoding is None:
        return None
    try:
        data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None  # detected on the head of a file whose tail is something else
    return str(best.encoding)


# --- plain text ----------------------------------------------------------------------------------------------


def _text_blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, line in enumerate(lines):
        if number % 1000 == 0:
            checkpoint()
        if not line.strip():
            current = None
            continue
        previous = lines[number - 1] if number else ""
        wrapped = (
            current is not None
            and len(previous.rstrip()) >= _WRAP_WIDTH
            and not _TERMINATED.search(previous)
            and not _STARTS_ITEM.match(line)
        )
        if current is not None and wrapped:
            glue = "" if _IDEOGRAPH.match(current.text[-1:]) and _IDEOGRAPH.match(line.strip()[:1]) else " "
            current.text += glue + line.strip()
            current.last, current.end = number, len(line.rstrip())
            continue
        indent = len(line) - len(line.lstrip())
        current = _Block(f"l{number + 1}", line.strip(), "text", number, indent, number, len(line.rstrip()))
        blocks.append(current)
    for block in blocks:
        block.kind = _text_kind(block.text)
    return blocks


def _text_kind(text: str) -> SegmentKind:
    if note_label(text):
        return "note"
    if is_formula(text):
        return "formula"
    if _HEADING_LINE.match(text) and not _TERMINATED.search(text):
        return "heading"
    if _LIST_LINE.match(text):
        return "list-item"
    return "text"


# --- Markdown ------------------------------------------------------------------------------------------------


def _markdown_blocks(lines: list[str]) -> list[_Block]:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    tokens = parser.parse("\n".join(lines))
    blocks: list[_Block] = []
    kinds: list[SegmentKind] = []
    cell_column: dict[int, int] = {}  # line: column where the next cell's search starts
    cell_count: dict[int, int] = {}
    for token in tokens:
        if token.type == "heading_open":
            kinds.append("heading")
        elif token.type == "list_item_open":
            kinds.append("list-item")
        elif token.type in ("th_open", "td_open"):
            kinds.append("table-cell")
        elif token.type in ("heading_close", "list_item_close", "th_close", "td_close"):
            kinds.pop()
        elif token.type == "inline" and token.map is not None and token.content.strip():
            checkpoint()
            first, last = token.map[0], token.map[1] - 1
            content_lines = token.content.split("\n")
            if kinds and kinds[-1] == "table-cell":
                column = cell_column.get(first, 0)
                start = lines[first].find(content_lines[0], column)
                end = start + len(content_lines[0])
                cell_column[first] = end
                cell = cell_count.get(first, 0)
                cell_count[first] = cell + 1
                key = f"l{first + 1}/c{cell}"
                last = first
            else:
                start = lines[first].find(content_lines[0])
                while last > first and content_lines[-1] not in lines[last]:
                    last -= 1  # a setext heading's underline is not part of its text
                end = lines[last].rfind(content_lines[-1]) + len(content_lines[-1]) if last > first else -1
                if last == first:
                    end = start + len(content_lines[0])
                key = f"l{first + 1}"
            if start < 0:
                continue
            text, markup = _tagged_inline(token.children or [])
            kind: SegmentKind = kinds[-1] if kinds else "text"
            if kind == "text":
                kind = "note" if note_label(text) else "formula" if is_formula(text) else "text"
            blocks.append(_Block(key, text, kind, first, start, last, end, markup))
    return blocks


def _tagged_inline(children: Sequence[object]) -> tuple[str, dict[int, tuple[str, str]]]:
    """Markdown inline tokens as tagged text, and the markup of each tag."""
    out: list[str] = []
    markup: dict[int, tuple[str, str]] = {}
    open_tags: list[int] = []
    autolink: list[str] | None = None
    for child in children:
        kind = getattr(child, "type", "")
        content = getattr(child, "content", "")
        mark = getattr(child, "markup", "")
        attrs = getattr(child, "attrs", {}) or {}
        if autolink is not None:
            autolink.append(content)
            if kind == "link_close":
                number = len(markup) + 1
                markup[number] = ("".join(autolink) + ">", "")
                out.append(f"<x{number}/>")
                autolink = None
            continue
        if kind == "text":
            out.append(content)
        elif kind == "softbreak":
            out.append("" if out and _IDEOGRAPH.match(out[-1][-1:]) else " ")
        elif kind in ("strong_open", "em_open", "s_open"):
            number = len(markup) + 1
            markup[number] = (mark, mark)
            open_tags.append(number)
            out.append(f"<g{number}>")
        elif kind == "link_open":
            if mark == "autolink":
                autolink = ["<"]
                continue
            href = str(attrs.get("href", ""))
            title = attrs.get("title")
            number = len(markup) + 1
            markup[number] = ("[", f"]({href}" + (f' "{title}"' if title else "") + ")")
            open_tags.append(number)
            out.append(f"<g{number}>")
        elif kind in ("strong_close", "em_close", "s_close", "link_close"):
            if open_tags:
                out.append(f"</g{open_tags.pop()}>")
        else:
            number = len(markup) + 1
            if kind == "code_inline":
                written = f"{mark}{content}{mark}"
            elif kind == "image":
                title = attrs.get("title")
                written = f"![{content}]({attrs.get('src', '')}" + (f' "{title}"' if title else "") + ")"
            elif kind == "hardbreak":
                written = "\\\n"
            else:  # html_inline and what else a plugin makes
                written = content
            markup[number] = (written, "")
            out.append(f"<x{number}/>")
    return "".join(out), markup


def _markdown_text(translated: str, block: _Block) -> str:
    """Tagged text written back as Markdown: each tag's markup, the text escaped where Markdown would read it."""
    out: list[str] = []
    position = 0
    for match in TAG.finditer(translated):
        out.append(_MARKDOWN_ESCAPE.sub(r"\\\1", translated[position : match.start()]))
        position = match.end()
        number = int(match.group(1) or match.group(2))
        opening, closing = block.markup.get(number, ("", ""))
        out.append(closing if match.group(0).startswith("</") else opening)
    out.append(_MARKDOWN_ESCAPE.sub(r"\\\1", translated[position:]))
    return "".join(out)
