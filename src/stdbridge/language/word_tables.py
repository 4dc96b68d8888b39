"""What the word tables of ``lexicon`` and ``title_words`` share: merging their rows and cutting unspaced text.

Both keep a table from a word (Chinese, or a foreign word's key) to its English equivalents as one "a|b|c"
string, best first, and both cut text written without spaces (Chinese, Japanese) into the fewest words the
table knows.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable

__all__ = ["fewest_known_pieces", "merge_equivalents"]


def merge_equivalents(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The rows ``(word, "a|b|c")`` as one table: a word given again adds the equivalents it did not have, after
    the ones it had. Equivalents stay as "a|b|c" strings until asked for: that keeps loading fast.

    >>> merge_equivalents([("试验", "test|trial"), ("测量", "measurement"), ("试验", "testing|test")])
    {'试验': 'test|trial|testing', '测量': 'measurement'}
    """
    table: dict[str, str] = {}
    for word, equivalents in rows:
        known = table.get(word)
        if known is None:
            table[word] = equivalents
        else:
            seen = known.split("|")
            table[word] = "|".join(seen + [term for term in equivalents.split("|") if term not in seen])
    return table


def fewest_known_pieces(
    run: str, known: Container[str], longest: int, cost: Callable[[str], int], *, whole: bool = True
) -> list[str]:
    """The fewest pieces that make up ``run``: words of ``known`` up to ``longest`` characters, or single
    characters (known or not). Ties go to the lower total ``cost`` of the pieces, then to the longer first
    piece. ``whole=False`` leaves out ``run`` itself as a piece.

    >>> fewest_known_pieces("工作指南", {"工作", "指南", "工作指"}, 12, lambda piece: len(piece) == 1)
    ['工作', '指南']
    """
    size = len(run)
    # best[i]: (pieces, cost) of the best split of run[:i]; back[i]: where its last piece starts
    best: list[tuple[int, int]] = [(0, 0)] + [(size + 1, size + 1)] * size
    back = [0] * (size + 1)
    for end in range(1, size + 1):
        for start in range(max(0, end - longest), end):
            piece = run[start:end]
            length = end - start
            if length > 1 and (piece not in known or (not whole and length == size)):
                continue
            pieces, costs = best[start]
            candidate = (pieces + 1, costs + cost(piece))
            if candidate <= best[end]:
                best[end], back[end] = candidate, start
    found: list[str] = []
    end = size
    while end > 0:
        found.append(run[back[end] : end])
        end = back[end]
    return found[::-1]
