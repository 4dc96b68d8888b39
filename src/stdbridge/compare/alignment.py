"""Pairing the clauses of two texts, and saying how each pair differs.

Clauses are paired in three passes:

1. the unnumbered parts by name (foreword with foreword, bibliography with bibliography);
2. numbered clauses by number, when the two clauses also read alike (or carry the same title under a paired
   parent) — so that a clause renumbered by a deletion is not paired with whatever now has its number;
3. what is left, by the likeness of title and text (rapidfuzz), so that a renumbered clause still finds its
   counterpart.

A pair is ``matched`` when the words are the same (ignoring case, white space and full-width forms), ``changed``
otherwise, with a word-level diff and the share of words in common; a clause found in one text only is
``added`` (only in B) or ``missing`` (only in A).

Across languages (a GB text against the ISO text it adopts) words cannot be compared, and no figure is made
up: clauses are paired by number, and then by the numeric values they share; a pair is ``aligned`` — same place,
same values — or ``changed`` when its numeric requirements differ, and its similarity is None.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from stdbridge.compare.clauses import FULL_WIDTH, Clause, ClauseSplit, fold
from stdbridge.compare.documents import IDEOGRAPH
from stdbridge.compare.requirements import NumericRequirement, RequirementChange, compare_requirements
from stdbridge.deadline import checkpoint

PairStatus = Literal["matched", "changed", "added", "missing", "aligned"]
PairBasis = Literal["name", "number", "content", "values"]
Language = Literal["en", "zh"]

SURE_THRESHOLD = 0.9  # likeness above which two clauses with the same number are surely the same clause
NUMBER_THRESHOLD = 0.5  # likeness above which they are, unless one reads more like another clause
RIVAL_MARGIN = 0.1
CONTENT_THRESHOLD = 0.6  # likeness above which two clauses with different numbers are the same clause
RIVAL_WINDOW = 40  # clauses before and after a doubtful pair searched for a better partner
MAX_CONTENT_PAIRS = 200_000  # leftover pairs compared by content; beyond, only those nearest in the document
MAX_DIFF_CELLS = 400_000_000  # tokens(A) x tokens(B) above which no word-level diff is made
MAX_RATIO_CELLS = 10_000_000_000  # characters(A) x characters(B) above which likeness counts words instead


@dataclass(frozen=True, slots=True)
class DiffSegment:
    """A stretch of a word-level diff: ``equal`` text, text ``removed`` from A, ``added`` in B, or ``replaced``."""

    op: Literal["equal", "removed", "added", "replaced"]
    a: str
    b: str

    def to_json(self) -> dict[str, str]:
        return {"op": self.op, "a": self.a, "b": self.b}


@dataclass(frozen=True, slots=True)
class ClausePair:
    """A clause of A with its counterpart in B, or a clause found in one text only."""

    status: PairStatus
    a: Clause | None
    b: Clause | None
    basis: PairBasis | None = None
    similarity: float | None = None  # share of words in common, 0 to 1; None across languages
    diff: tuple[DiffSegment, ...] = ()
    words_removed: int = 0
    words_added: int = 0
    requirement_changes: tuple[RequirementChange, ...] = ()
    diff_skipped: bool = False  # the clauses were too long for a word-level diff

    @property
    def renumbered(self) -> bool:
        return self.a is not None and self.b is not None and self.a.number != self.b.number

    @property
    def key(self) -> str:
        clause = self.b or self.a
        assert clause is not None
        return clause.key

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "a": self.a.to_json() if self.a else None,
            "b": self.b.to_json() if self.b else None,
            "basis": self.basis,
            "renumbered": self.renumbered,
            "similarity": None if self.similarity is None else round(self.similarity, 4),
            "words_removed": self.words_removed,
            "words_added": self.words_added,
            "diff": [segment.to_json() for segment in self.diff],
            "diff_skipped": self.diff_skipped,
            "requirement_changes": [change.to_json() for change in self.requirement_changes],
        }


@dataclass(frozen=True, slots=True)
class ClauseRequirements:
    """The numeric requirements of each clause of one text, by clause key."""

    by_key: dict[str, list[NumericRequirement]]

    def of(self, clause: Clause) -> list[NumericRequirement]:
        return self.by_key.get(clause.key, [])


_LATIN = re.compile(r"[A-Za-z]")
_TOKEN = re.compile(IDEOGRAPH.pattern + r"|\d+(?:[.,]\d+)*|[^\W\d_]+|[^\w\s]")
_SAME_CHARACTERS = str.maketrans({"‐": "-", "‑": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def language_of(split: ClauseSplit) -> Language:
    """Chinese when ideographs make up at least a third of the letters of the clauses' text."""
    text = "".join(c.title + c.text for c in split.clauses if c.part != "front")
    cjk = len(IDEOGRAPH.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 3 >= cjk + latin else "en"


def align_clauses(
    a: ClauseSplit,
    b: ClauseSplit,
    requirements_a: ClauseRequirements,
    requirements_b: ClauseRequirements,
    *,
    cross_language: bool,
) -> list[ClausePair]:
    """Every clause of both texts once, in the order of B, with the clauses only in A where they stood."""
    clauses_a, clauses_b = list(a.clauses), list(b.clauses)
    pairing = _Pairing(clauses_a, clauses_b)
    index_b = {c.key: j for j, c in enumerate(clauses_b)}
    for i, ca in enumerate(clauses_a):  # pass 1: unnumbered parts by name
        j = index_b.get(ca.key)
        if not ca.number and j is not None and not clauses_b[j].number:
            pairing.pair(i, j, "name")
    doubtful: list[tuple[int, int, float]] = []
    for i, ca in enumerate(clauses_a):  # pass 2: by number, in document order so that parents come first
        j = index_b.get(ca.key)
        if not ca.number or j is None or j in pairing.taken_b:
            continue
        if cross_language:
            pairing.pair(i, j, "number")
            continue
        score = pairing.likeness(i, j)
        if score >= SURE_THRESHOLD:
            pairing.pair(i, j, "number")
        elif score >= NUMBER_THRESHOLD or pairing.same_title_same_parent(i, j):
            doubtful.append((i, j, score))
    for i, j, score in doubtful:
        # Kept unless either clause reads clearly more like another unpaired clause: after a deletion, the old
        # "7 Test for resistance to heat" is the new 6, not the old "6 Test for resistance to moisture".
        if not pairing.has_rival(i, j, score + RIVAL_MARGIN):
            pairing.pair(i, j, "number")
    left_a = [i for i in range(len(clauses_a)) if i not in pairing.paired]
    left_b = [j for j in range(len(clauses_b)) if j not in pairing.taken_b]
    if cross_language:
        candidates = _pairs_by_values(left_a, left_b, clauses_a, clauses_b, requirements_a, requirements_b)
        basis: PairBasis = "values"
    else:
        candidates = pairing.pairs_by_content(left_a, left_b)
        basis = "content"
    checkpoint()
    for _score, i, j in sorted(candidates, reverse=True):  # pass 3: the likeliest pairs first
        if i not in pairing.paired and j not in pairing.taken_b:
            pairing.pair(i, j, basis)

    paired = pairing.paired
    pairs_by_b: dict[int, ClausePair] = {}
    for i, (j, how) in paired.items():
        checkpoint()  # each pair's diff is the costly part: a request's deadline is checked between them
        ca, cb = clauses_a[i], clauses_b[j]
        changes = compare_requirements(requirements_a.of(ca), requirements_b.of(cb))
        pairs_by_b[j] = _compared(ca, cb, how, changes, cross_language=cross_language)
    ordered: list[tuple[tuple[int, int, int], ClausePair]] = []
    for j, cb in enumerate(clauses_b):
        found = pairs_by_b.get(j)
        if found is None:
            added = tuple(RequirementChange("added", None, r) for r in requirements_b.of(cb))
            found = ClausePair("added", None, cb, requirement_changes=added)
        ordered.append(((j, 0, 0), found))
    previous_b = -1
    for i, ca in enumerate(clauses_a):
        if i in paired:
            previous_b = paired[i][0]
            continue
        removed = tuple(RequirementChange("removed", r, None) for r in requirements_a.of(ca))
        ordered.append(((previous_b, 1, i), ClausePair("missing", ca, None, requirement_changes=removed)))
    return [p for _key, p in sorted(ordered, key=lambda item: item[0])]


# --- likeness ------------------------------------------------------------------------------------------------


def _normalised(text: str) -> str:
    return " ".join(fold(text).translate(_SAME_CHARACTERS).casefold().split())


def _likeness(a: tuple[str, str], b: tuple[str, str], cutoff: float = 0.0) -> float:
    """How alike two clauses read, given as normalised (title, text), 0 to 1: mostly the text, partly the title;
    the title alone when both have no text of their own (a clause that only holds subclauses). Below
    ``cutoff`` the figure may be too low, and comes quicker."""
    title = float(fuzz.ratio(a[0], b[0])) / 100
    if not a[1] and not b[1]:
        return title
    if not a[0] and not b[0]:
        return _text_likeness(a[1], b[1], cutoff)
    needed = (cutoff - 0.3 * title) / 0.7
    if needed > 1:
        return 0.3 * title
    return 0.3 * title + 0.7 * _text_likeness(a[1], b[1], max(0.0, needed))


def _text_likeness(a: str, b: str, cutoff: float = 0.0) -> float:
    """Character-level likeness (rapidfuzz), or for texts too long for it in good time, the share of words the
    two have in common, whatever their order."""
    if len(a) * len(b) <= MAX_RATIO_CELLS:
        return float(fuzz.ratio(a, b, score_cutoff=cutoff * 100)) / 100
    words_a, words_b = Counter(_TOKEN.findall(a)), Counter(_TOKEN.findall(b))
    total = sum(words_a.values()) + sum(words_b.values())
    return 2 * sum((words_a & words_b).values()) / total if total else 1.0


class _Pairing:
    """The pairs found so far, and the normalised text of every clause, made once."""

    def __init__(self, clauses_a: list[Clause], clauses_b: list[Clause]) -> None:
        self.clauses_a, self.clauses_b = clauses_a, clauses_b
        self.paired: dict[int, tuple[int, PairBasis]] = {}  # index in A -> (index in B, basis)
        self.taken_b: set[int] = set()
        self.text_a = [(_normalised(c.title), _normalised(c.text)) for c in clauses_a]
        self.text_b = [(_normalised(c.title), _normalised(c.text)) for c in clauses_b]
        self.key_a = {c.key: i for i, c in enumerate(clauses_a)}
        self.key_b = {c.key: j for j, c in enumerate(clauses_b)}

    def pair(self, i: int, j: int, basis: PairBasis) -> None:
        self.paired[i] = (j, basis)
        self.taken_b.add(j)

    def likeness(self, i: int, j: int, cutoff: float = 0.0) -> float:
        return _likeness(self.text_a[i], self.text_b[j], cutoff)

    def parents_paired(self, i: int, j: int) -> bool:
        parent_a = self.key_a.get(self.clauses_a[i].parent_key or "")
        parent_b = self.key_b.get(self.clauses_b[j].parent_key or "")
        return parent_a is not None and parent_b is not None and self.paired.get(parent_a, (-1,))[0] == parent_b

    def same_title_same_parent(self, i: int, j: int) -> bool:
        """The same title under paired parents (or at the top): the same clause, however rewritten."""
        if not self.clauses_a[i].title or self.text_a[i][0] != self.text_b[j][0]:
            return False
        return self.clauses_a[i].parent_key is None or self.parents_paired(i, j)

    def has_rival(self, i: int, j: int, above: float) -> bool:
        """Whether clause i of A or clause j of B reads more than ``above`` like an unpaired clause of the other
        text at the same depth, near the same place (a renumbering moves clauses by a few places)."""
        depth = self.clauses_a[i].depth
        for k in range(max(0, j - RIVAL_WINDOW), min(len(self.clauses_b), j + RIVAL_WINDOW + 1)):
            free = k != j and k not in self.taken_b and self.clauses_b[k].depth == depth
            if free and self.likeness(i, k, above) > above:
                return True
        for k in range(max(0, i - RIVAL_WINDOW), min(len(self.clauses_a), i + RIVAL_WINDOW + 1)):
            free = k != i and k not in self.paired and self.clauses_a[k].depth == depth
            if free and self.likeness(k, j, above) > above:
                return True
        return False

    def pairs_by_content(self, left_a: list[int], left_b: list[int]) -> list[tuple[float, int, int]]:
        """Candidate pairs of unpaired clauses that read alike. When there are too many unpaired clauses to
        compare every pair, each clause of A is compared with those of B nearest its place in the document."""
        nearest = max(1, MAX_CONTENT_PAIRS // max(1, len(left_a)))
        found = []
        for i in left_a:
            candidates = left_b
            if len(left_b) > nearest:
                place = i / max(1, len(self.clauses_a)) * len(self.clauses_b)
                candidates = sorted(left_b, key=lambda j: abs(j - place))[:nearest]
            for j in candidates:
                if bool(self.clauses_a[i].number) != bool(self.clauses_b[j].number):
                    continue
                bonus = 0.1 if self.parents_paired(i, j) else 0.0  # "6.1" under the old 7 and under the new 6
                score = self.likeness(i, j, CONTENT_THRESHOLD - bonus) + bonus
                if score >= CONTENT_THRESHOLD:
                    found.append((score, i, j))
        return found


def _pairs_by_values(
    left_a: list[int],
    left_b: list[int],
    clauses_a: list[Clause],
    clauses_b: list[Clause],
    requirements_a: ClauseRequirements,
    requirements_b: ClauseRequirements,
) -> list[tuple[float, int, int]]:
    """Across languages, a renumbered clause is recognised by at least two numeric values it shares."""

    def values(requirements: list[NumericRequirement]) -> set[tuple[object, ...]]:
        return {(r.dimension, r.nominal, r.low, r.high) for r in requirements}

    found = []
    for i in left_a:
        va = values(requirements_a.of(clauses_a[i]))
        if len(va) < 2:
            continue
        for j in left_b:
            vb = values(requirements_b.of(clauses_b[j]))
            shared = len(va & vb)
            score = shared / len(va | vb) if vb else 0.0
            if shared >= 2 and score >= CONTENT_THRESHOLD:
                found.append((score, i, j))
    return found


# --- word-level comparison -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tokens:
    keys: list[str]
    spans: list[tuple[int, int]]
    text: str


def _tokens(text: str) -> _Tokens:
    """Words, numbers, single ideographs and punctuation marks, compared case-blind in their ASCII forms."""
    folded = text.translate(_SAME_CHARACTERS).translate(FULL_WIDTH)  # one character for one
    keys, spans = [], []
    for m in _TOKEN.finditer(folded):
        keys.append(m[0].casefold())
        spans.append(m.span())
    return _Tokens(keys, spans, text)


def _compared(
    a: Clause, b: Clause, basis: PairBasis, changes: list[RequirementChange], *, cross_language: bool
) -> ClausePair:
    if cross_language:
        substantive = any(change.change != "unit-changed" for change in changes)
        status: PairStatus = "changed" if substantive else "aligned"
        return ClausePair(status, a, b, basis, None, requirement_changes=tuple(changes))
    text_a, text_b = f"{a.title}\n{a.text}", f"{b.title}\n{b.text}"
    ta, tb = _tokens(text_a), _tokens(text_b)
    if ta.keys == tb.keys:
        return ClausePair("matched", a, b, basis, 1.0, requirement_changes=tuple(changes))
    if len(ta.keys) * len(tb.keys) > MAX_DIFF_CELLS:
        similarity = _text_likeness(_normalised(text_a), _normalised(text_b))
        return ClausePair("changed", a, b, basis, similarity, requirement_changes=tuple(changes), diff_skipped=True)
    similarity = Indel.normalized_similarity(ta.keys, tb.keys)
    segments, removed, added = _diff(ta, tb)
    return ClausePair(
        "changed", a, b, basis, similarity, tuple(segments), removed, added, requirement_changes=tuple(changes)
    )


def _diff(ta: _Tokens, tb: _Tokens) -> tuple[list[DiffSegment], int, int]:
    """Word-level diff segments, each carrying the text as written with the spacing after it; counts of words."""
    segments: list[DiffSegment] = []
    removed = added = 0
    pending: list[tuple[int, int, int, int]] = []  # consecutive non-equal opcodes, merged into one segment

    def flush() -> None:
        nonlocal removed, added
        if not pending:
            return
        a0, a1 = pending[0][0], pending[-1][1]
        b0, b1 = pending[0][2], pending[-1][3]
        removed += sum(1 for k in ta.keys[a0:a1] if k[0].isalnum())
        added += sum(1 for k in tb.keys[b0:b1] if k[0].isalnum())
        op: Literal["removed", "added", "replaced"] = "added"
        if a1 > a0:
            op = "replaced" if b1 > b0 else "removed"
        segments.append(DiffSegment(op, _piece(ta, a0, a1), _piece(tb, b0, b1)))
        pending.clear()

    for opcode in Indel.opcodes(ta.keys, tb.keys):
        if opcode.tag != "equal":
            pending.append((opcode.src_start, opcode.src_end, opcode.dest_start, opcode.dest_end))
            continue
        flush()
        a_text = _piece(ta, opcode.src_start, opcode.src_end)
        segments.append(DiffSegment("equal", a_text, _piece(tb, opcode.dest_start, opcode.dest_end)))
    flush()
    return segments, removed, added


def _piece(tokens: _Tokens, start: int, end: int) -> str:
    """The text of tokens ``start`` to ``end`` as written, with the white space that follows them."""
    if start >= end:
        return ""
    stop = tokens.spans[end][0] if end < len(tokens.spans) else len(tokens.text)
    return tokens.text[tokens.spans[start][0] : stop]
