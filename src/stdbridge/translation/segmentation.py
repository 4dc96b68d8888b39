"""Cutting a paragraph of a standard into sentences (segments) for translation, with rules that know standards.

A Chinese sentence ends at 。！？； (or their half-width forms ``! ? ;`` right after Chinese text, and the ideographic
full stop ｡), closing quotes and brackets included. A Latin sentence ends at ``.``, ``!`` or ``?`` followed by a
space and a capital letter, a Chinese character or an opening quote or bracket. What is never cut:

- an abbreviation before the full stop ("e.g. ISO", "i.e. The", "No. 5", "Fig. A.1", "et al. Reported");
- a clause, list or annex number that opens the sentence ("5.2. General", "1. Scope", "A.3. Tests");
- a note, example, table or figure label that opens the sentence ("NOTE 2. The", "Table 3. Limits", "注1. 见");
- numbers, units and tolerances ("1.5 kV ± 0.1 kV", "10 mm ± 0,5 mm") and identifiers ("GB/T 17626.2-2018",
  "ISO 9001:2015", "IEC 60335-1"): their full stops and colons are not followed by a space and a capital;
- a formula (a line of symbols with ``=``, ending maybe in its number "(3)"): one segment.

Inline tags (``model.TAG``) are transparent to the rules. A cut never falls inside a tag; a cut inside a paired tag
``<g1>…</g1>`` closes the pair at the end of the first sentence and opens it again (same number) at the start of
the next, so every segment carries balanced tags and the writer knows the formatting of both halves. A standalone
tag right after the end of a sentence (a footnote reference after the full stop) stays with that sentence.

    >>> split_sentences("范围。本文件规定了要求，见GB/T 19001-2016。")
    ['范围。', '本文件规定了要求，见GB/T 19001-2016。']
    >>> split_sentences("See Fig. A.1, e.g. ISO 9001:2015. The voltage is 1.5 kV ± 0.1 kV.")
    ['See Fig. A.1, e.g. ISO 9001:2015.', 'The voltage is 1.5 kV ± 0.1 kV.']
    >>> split_sentences("<g1>First. Second</g1> third.")
    ['<g1>First.</g1>', '<g1>Second</g1> third.']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stdbridge.translation.model import TAG

__all__ = ["ABBREVIATIONS", "is_formula", "join_sentences", "note_label", "split_sentences"]

# Words that end with a full stop inside a sentence (compared case-sensitively, the full stop left off).
ABBREVIATIONS = frozenset(
    """e.g i.e etc.al al No Nos no Fig Figs fig Eq Eqs eq Ref Refs ref Vol vol pp p Ed ed Rev rev Amd Corr Suppl
    approx Approx max min cf Cf vs viz Mr Mrs Ms Dr Prof St Inc Ltd Co Corp Ch Sec Art Para para Sect Tab Tabs
    Nr nr sp spp subsp var Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec resp incl excl""".split()
)
_CJK_END = "。！？；｡"
_HALF_END_AFTER_CJK = "!?;"
_LATIN_END = ".!?"
_CLOSERS = "\"'”’」』）)]】》〉"
_OPENERS = "\"'“‘「『（(\\[【《〈"
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# What may stand at the start of a sentence before a full stop that does not end it.
_NUMBER_OPENING = re.compile(r"\s*(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)+|[a-zA-Z]|[IVXLC]+|[ivxlc]+)$")
_LABEL_OPENING = re.compile(
    r"\s*(?:NOTE|Note|EXAMPLE|Example|Table|TABLE|Figure|FIGURE|Fig|Annex|ANNEX|Formula|Equation|"
    r"注|示例|表|图|附录)\s*(?:[A-Z]?[\d.]*\d|[A-Z])?$"
)
_TRAILING_TAG = re.compile(r"\s*(?:</g\d+>|<x\d+/>)")
_TRAILING_SPACE = re.compile(r"\s+((?:</g\d+>)*)$")
_LEADING_SPACE = re.compile(r"^((?:<g\d+>)*)\s+")
_REOPENED_PAIR = re.compile(r"</g(\d+)>(\s*)<g\1>")
_EMPTY_PAIR = re.compile(r"<g(\d+)></g\1>")
_VISIBLE = re.compile(r"\S")
_LONGEST_WORD = 40
_LONGEST_OPENING = 24  # "Table A.12", "NOTE 3", "A.3.1.2": a clause number or label is short
_WORD_BEFORE = re.compile(r"(\S+)$")
_NOTE = re.compile(r"^\s*(?:(?:NOTE|Note)(?:\s*\d+)?(?:\s+to\s+entry)?\s*[:.]?(?=\s|$)|注\s*\d*\s*[:：])")
_FORMULA_BODY = re.compile(r"^[\w\s.,=+\-−×·÷/*^_()\[\]{}|<>≤≥≠≈±√∑∫∂∆πΔΩαβγδεμσφωλθ'′″%°]+$")
_EQUATION_NUMBER = re.compile(r"\s*\(\s*[A-Z]?\.?\d+(?:\.\d+)*\s*\)\s*$")


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph's text (with inline tags), trimmed, in order, none empty."""
    plain, offsets = _plain_with_offsets(text)
    if not plain.strip():
        return [text.strip()] if text.strip() else []
    if is_formula(plain):
        return [text.strip()]
    cuts = [offsets[end] for end in _sentence_ends(plain)]
    pieces: list[str] = []
    start = 0
    for cut in cuts:
        cut = _after_trailing_tags(text, cut)
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return [_trimmed(piece) for piece in _balance([piece.strip() for piece in pieces if _has_words(piece)])]


def join_sentences(sentences: Sequence[str], lang: str) -> str:
    """The translated sentences of one paragraph as its text: Chinese and Japanese sentences follow one another
    with no space; a space follows a sentence that ends in Latin script (an untranslated one, say), so that the
    next reading cuts the paragraph in the same places."""
    closed_up = lang.split("-")[0].lower() in {"zh", "ja"}
    out: list[str] = []
    for sentence in sentences:
        if out:
            last = TAG.sub("", out[-1]).rstrip()[-1:]
            out.append("" if closed_up and (not last or _IDEOGRAPH.match(last) or last in _CJK_END) else " ")
        out.append(sentence)
    return _REOPENED_PAIR.sub(r"\2", "".join(out))  # a pair cut between two sentences is made whole again


def note_label(text: str) -> bool:
    """Whether a paragraph is a note ("NOTE", "NOTE 1", "Note 1 to entry:", "注：", "注1：")."""
    return bool(_NOTE.match(TAG.sub("", text)))


def is_formula(text: str) -> bool:
    """Whether a line is a formula ("U = R × I (3)"): symbols, an equals sign, few words."""
    plain = _EQUATION_NUMBER.sub("", TAG.sub("", text)).strip()
    if "=" not in plain or not _FORMULA_BODY.match(plain):
        return False
    words = re.findall(r"[A-Za-z]{3,}", plain)
    return len(words) <= 1


def _plain_with_offsets(text: str) -> tuple[str, list[int]]:
    """The text without tags, and for each of its offsets (and its end) the offset in the tagged text."""
    plain: list[str] = []
    offsets: list[int] = []
    position = 0
    for tag in TAG.finditer(text):
        for i in range(position, tag.start()):
            plain.append(text[i])
            offsets.append(i)
        position = tag.end()
    for i in range(position, len(text)):
        plain.append(text[i])
        offsets.append(i)
    offsets.append(len(text))
    # An offset right after the last character of a stretch should point before the tags that follow it.
    ends = [offsets[k - 1] + 1 if k else 0 for k in range(len(plain) + 1)]
    return "".join(plain), ends


def _sentence_ends(plain: str) -> list[int]:
    """Offsets in ``plain`` right after each sentence end (closing quotes and brackets included), last excluded."""
    ends: list[int] = []
    i = 0
    length = len(plain)
    while i < length:
        char = plain[i]
        end: int | None = None
        if char in _CJK_END or (char in _HALF_END_AFTER_CJK and _after_chinese(plain, i)):
            end = _past_closers(plain, i + 1)
            while end < length and plain[end] in _CJK_END:  # "？！"
                end = _past_closers(plain, end + 1)
        elif char in _LATIN_END and _latin_sentence_ends(plain, i, ends[-1] if ends else 0):
            end = _past_closers(plain, i + 1)
        if end is not None:
            if _next_visible(plain, end) < len(plain):
                ends.append(end)
            i = end
        else:
            i += 1
    return ends


def _latin_sentence_ends(plain: str, i: int, start: int) -> bool:
    """Whether the ``.``, ``!`` or ``?`` at ``i`` ends the sentence that began at ``start``."""
    if i + 1 < len(plain) and plain[i + 1] in _LATIN_END:  # "?!" or an ellipsis: the last one decides
        return False
    after = _past_closers(plain, i + 1)
    if after >= len(plain) or not plain[after].isspace():
        return False
    visible = _next_visible(plain, after)
    if visible >= len(plain):
        return False
    first = plain[visible]
    if not (first.isupper() or _IDEOGRAPH.match(first) or first in _OPENERS):
        return False
    if plain[i] != ".":
        return True
    word = _WORD_BEFORE.search(plain[max(start, i - _LONGEST_WORD) : i])  # a window: long paragraphs stay linear
    if word and (word[1] in ABBREVIATIONS or word[1].lstrip("(") in ABBREVIATIONS or _dotted_abbreviation(word[1])):
        return False
    if i - start > _LONGEST_OPENING:
        return True
    opening = plain[start:i]
    return not (_NUMBER_OPENING.match(opening) or _LABEL_OPENING.match(opening))


def _dotted_abbreviation(word: str) -> bool:
    """ "e.g", "i.e", "et al" written "al", "U.S": letters separated by full stops."""
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word)) or word == "al"


def _after_chinese(plain: str, i: int) -> bool:
    """Whether the text before ``i`` (closing brackets and quotes passed over) ends in a Chinese character."""
    before = plain[max(0, i - 16) : i].rstrip(_CLOSERS)
    return bool(before) and bool(_IDEOGRAPH.match(before[-1]))


def _next_visible(plain: str, i: int) -> int:
    """The offset of the first character at or after ``i`` that is not white space (``len(plain)`` if none)."""
    match = _VISIBLE.search(plain, i)
    return match.start() if match else len(plain)


def _past_closers(plain: str, i: int) -> int:
    while i < len(plain) and plain[i] in _CLOSERS:
        i += 1
    return i


def _after_trailing_tags(text: str, cut: int) -> int:
    """Move a cut past the closing and standalone tags that follow it, spaces between them included (they belong
    to the sentence that ends: a bold run that ends in "requirements. ", a footnote reference)."""
    while True:
        match = _TRAILING_TAG.match(text, cut)
        if match is None:
            return cut
        cut = match.end()


def _trimmed(piece: str) -> str:
    """A sentence without the spaces just inside its opening and closing tags ("<g1>Scope. </g1>")."""
    piece = _TRAILING_SPACE.sub(r"\1", piece)
    return _LEADING_SPACE.sub(r"\1", piece)


def _has_words(piece: str) -> bool:
    return bool(piece.strip())


def _balance(pieces: list[str]) -> list[str]:
    """Close the pairs still open at the end of a piece and open them again at the start of the next."""
    balanced: list[str] = []
    carried: list[str] = []
    for piece in pieces:
        opened = list(carried)
        text = "".join(f"<g{number}>" for number in carried) + piece
        for tag in TAG.finditer(piece):
            if tag.group(1) is None:
                continue
            if tag.group(0).startswith("</"):
                if tag.group(1) in opened:
                    opened.remove(tag.group(1))
            else:
                opened.append(tag.group(1))
        text += "".join(f"</g{number}>" for number in reversed(opened))
        carried = opened
        balanced.append(_EMPTY_PAIR.sub("", text))
    return balanced
