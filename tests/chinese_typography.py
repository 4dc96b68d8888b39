"""What Chinese text must not contain, as the wording tests check it: ASCII punctuation inside Chinese, and spaces
next to full-width punctuation. ASCII stays where it belongs: identifiers, numbers, code, addresses, placeholders.

    >>> typography_problems("2 条记录匹配.")
    ["ASCII '.' in Chinese: '2 条记录匹配.'"]
    >>> typography_problems("读作 SAC（国家标准化管理委员会） 的 GB 系列")
    ["space next to '）': '化管理委员会） 的 GB 系'"]
    >>> typography_problems("98 条记录匹配；同一标准的各版本合并显示。")
    []
    >>> typography_problems("中国的 818 项标准: ISO 9001:2015, GB/T 19001-2016 (IDT)")
    ["ASCII ':' in Chinese: '818 项标准: ISO 9'"]
    >>> typography_problems("请另存为 DOCX 或 PDF（.doc 不行），见 https://example.org/a.b?c=1。")
    []
    >>> page_texts('<p>第一句。\\n  <a href="x">第二句</a>.</p><input placeholder="标准号, 标题">')
    ['第一句。 第二句.', '标准号, 标题']
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULL_WIDTH = "，。；：？！（）、“”‘’《》「」【】…"
# ASCII punctuation touching a Chinese character: "记录匹配." "标准号: " "(标准" "标准)" "，, "
_ASCII_AFTER_CHINESE = re.compile(rf"[{CJK}{FULL_WIDTH}] ?(?:[,;:?!(]|\.(?![A-Za-z0-9]))|[{CJK}]\)")
_ASCII_BEFORE_CHINESE = re.compile(rf"[,;:?!.(] ?[{CJK}]|\)[{CJK}]")
_SPACE_AT_FULL_WIDTH = re.compile(rf"[{FULL_WIDTH}][ \u3000]|[ \u3000][{FULL_WIDTH}]")
# What is ASCII on purpose: addresses, paths and command-line options stay as typed.
_VERBATIM = re.compile(r"https?://\S+|--[a-z][a-z-]*(?:[ =]\S+)?|\S+\.(?:csv|xlsx|txt|docx|pdf|json|jsonl)\b")


def typography_problems(text: str) -> list[str]:
    """Each place where ``text`` puts ASCII punctuation inside Chinese, or a space next to full-width punctuation."""
    if not re.search(f"[{CJK}]", text):
        return []
    masked = _VERBATIM.sub(lambda m: "x" * len(m.group()), text)
    found = []
    for pattern, what in ((_ASCII_AFTER_CHINESE, "ASCII"), (_ASCII_BEFORE_CHINESE, "ASCII")):
        for match in pattern.finditer(masked):
            mark = next(c for c in match.group() if c in ",;:?!().")
            found.append(f"{what} {mark!r} in Chinese: {_around(text, match)!r}")
    for match in _SPACE_AT_FULL_WIDTH.finditer(masked):
        mark = match.group().strip(" \u3000")
        found.append(f"space next to {mark!r}: {_around(text, match)!r}")
    return found


def _around(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 6) : match.end() + 6]


_BLOCKS = {"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "label", "summary", "option", "figcaption",
           "caption", "button", "legend", "title", "div", "section", "aside", "header", "footer", "main", "nav",
           "ul", "ol", "dl", "table", "tr", "form", "details", "figure", "body", "html", "select", "textarea",
           "text", "tspan", "svg", "g", "br"}  # fmt: skip
_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._current: list[str] = []
        self._skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.texts.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag in _BLOCKS:
            self._flush()
        for name, value in attrs:
            if name in _ATTRIBUTES and value and value.strip():
                self.texts.extend(" ".join(line.split()) for line in value.splitlines() if line.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)


def page_texts(html: str) -> list[str]:
    """The texts a reader sees on a page, one per block (paragraph, list item, cell, label, ...), white space
    collapsed as a browser shows it, and the texts of tooltips, placeholders and labels."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.texts
