"""Marking in a title what the query matched, as safe HTML: the title is escaped, matches wrapped in <mark>.

Alphabetic titles are cut and stemmed with the index's analyzer of their language, so "requirements" marks
"Requirements" and "requirement"; in CJK titles every occurrence of a query word (or of its translation) is
marked.
"""

from __future__ import annotations

import html
import re

import tantivy

from stdbridge.language.text import has_cjk
from stdbridge.search.index import STEMMED

_WORD = re.compile(r"[^\W_]+")


def highlight(title: str, lang: str, stems: dict[str, set[str]], cjk_words: set[str],
              analyzers: dict[str, tantivy.TextAnalyzer]) -> str | None:  # fmt: skip
    """The title with its matches marked, or None when nothing in it matched."""
    spans: list[tuple[int, int]] = []
    wanted = stems.get(lang, set())
    if lang in STEMMED and wanted:
        analyzer = analyzers[f"stem_{lang}"]
        words = list(_WORD.finditer(title))
        stemmed = analyzer.analyze(title)  # one call: the analyzer cuts the title into the same words, in order
        if len(stemmed) == len(words):
            spans += [(m.start(), m.end()) for m, stem in zip(words, stemmed, strict=True) if stem in wanted]
        else:  # a character the two cut differently: word by word
            for m in words:
                if any(stem in wanted for stem in analyzer.analyze(m[0])):
                    spans.append((m.start(), m.end()))
    if cjk_words and has_cjk(title):
        for word in sorted(cjk_words, key=len, reverse=True):
            start = title.find(word)
            while start >= 0:
                spans.append((start, start + len(word)))
                start = title.find(word, start + len(word))
    if not spans:
        return None
    return _marked(title, _merge(spans))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(title: str, spans: list[tuple[int, int]]) -> str:
    out: list[str] = []
    at = 0
    for start, end in spans:
        out.append(html.escape(title[at:start]))
        out.append(f"<mark>{html.escape(title[start:end])}</mark>")
        at = end
    out.append(html.escape(title[at:]))
    return "".join(out)
