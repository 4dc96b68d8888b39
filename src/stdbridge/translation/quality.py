"""Quality checks of translated segments, per segment as the translator works and for a whole document before it
is delivered. Each finding names the segment (key, position, id), the check, what was found and what was
expected, with a message in the user's language.

The checks (``Check``):

- ``requirements``: the numeric requirements (values with units, ranges, tolerances, limits) read by
  ``stdbridge.compare.requirements`` in the source and in the target must be the same: "不大于 0.75 mA" and
  "shall not exceed 0,75 mA" are the same upper limit; "not less than" for 不大于 is not;
- ``numbers``: the other numbers of the source appear in the target, and no others (a number in digits on one side
  and in Chinese numerals on the other, "Part 1" and "第一部分", is the same number);
- ``identifiers``: the standard identifiers (read by ``stdbridge.identifiers``) are the same documents;
- ``clause-references``: clause, table, figure, annex and formula references ("Table 3" / "表3", "5.2.1") agree;
- ``empty``, ``untranslated`` (source-language text left in the target), ``same-as-source``;
- ``terms``: for each termbase concept found in the source, one of its approved target terms is used;
  ``deprecated-term``: no deprecated term in the target (both through ``TermLookup``);
- ``tags``: the target has the source's inline tags (``model.TAG``), each once, well nested;
- ``punctuation``: full-width punctuation in a Chinese target, half-width in an English one;
- ``consistency`` (document only): the same source translated two ways.

A finding a person judges is not an error is waived (``Waiver``: the check, the segment key, a reason, who and
when); ``without_waived`` drops the findings a waiver covers. The waivers are kept by the projects' store.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Protocol

from stdbridge import identifiers
from stdbridge.compare.requirements import (
    NumericRequirement,
    RequirementChange,
    compare_requirements,
    decimal_comma,
    find_requirements,
)
from stdbridge.errors import IdentifierError
from stdbridge.i18n import _
from stdbridge.translation.interfaces import TermLookup
from stdbridge.translation.model import TAG, Check, Segment, TermStatus, Waiver, tags_of, without_tags

__all__ = ["Check", "Finding", "Waiver", "check_document", "check_label", "check_segment", "without_waived"]


def check_label(check: Check) -> str:
    """The check's name for people, in the current language."""
    labels = {
        Check.REQUIREMENTS: _("numeric requirements"),
        Check.NUMBERS: _("numbers"),
        Check.IDENTIFIERS: _("standard identifiers"),
        Check.CLAUSE_REFERENCES: _("clause references"),
        Check.EMPTY: _("empty target"),
        Check.UNTRANSLATED: _("untranslated text"),
        Check.SAME_AS_SOURCE: _("target same as source"),
        Check.TERMS: _("approved terms"),
        Check.DEPRECATED_TERM: _("deprecated terms"),
        Check.TAGS: _("inline tags"),
        Check.PUNCTUATION: _("punctuation"),
        Check.CONSISTENCY: _("consistency"),
    }
    return labels[check]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one segment: ``found`` and ``expected`` are short texts for the editor to show side by side
    (either may be empty), ``message`` says it all in the user's language."""

    check: Check
    key: str
    position: int
    message: str
    found: str = ""
    expected: str = ""
    segment_id: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "check": self.check.value,
            "label": check_label(self.check),
            "key": self.key,
            "position": self.position,
            "segment_id": self.segment_id,
            "message": self.message,
            "found": self.found,
            "expected": self.expected,
        }


def without_waived(findings: Iterable[Finding], waivers: Iterable[Waiver]) -> list[Finding]:
    """The findings no waiver covers (a waiver covers the findings of its check in its segment)."""
    waived = {(w.check, w.segment_key) for w in waivers}
    return [f for f in findings if (f.check, f.key) not in waived]


# --- reading the pieces of a text ----------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_IDENTIFIER = re.compile(  # tried at every capital (a look-ahead): "Robotics GB/T 36530" finds GB/T 36530
    r"(?<![A-Za-z0-9])(?=([A-Z][A-Za-z]*(?:/[A-Z]{1,4})?(?:[ \u00a0]+[A-Z][A-Za-z]*(?:/[A-Z]{1,4})?){0,3}"
    r"[ \u00a0]*[A-Z]?\.?\d[0-9A-Za-z.:/\-–]*))"
)
_CLAUSE_KINDS = {
    "clause": "clause", "subclause": "clause", "table": "table", "figure": "figure", "annex": "annex",
    "formula": "formula", "equation": "formula", "表": "table", "图": "figure", "附录": "annex", "公式": "formula",
}  # fmt: skip
_NUMBERED = r"(?:(?-i:[A-Z])|\d{1,3})(?:\.\d{1,3})*"  # "Table 3", "Annex B", never "table representing"
_CLAUSE_REFERENCE = re.compile(
    rf"(?:\b(?P<en>clause|subclause|table|figure|annex|formula|equation)(?:e?s)?\s+|(?P<zh>表|图|附录|公式)\s*)"
    rf"(?P<n>{_NUMBERED})(?![\d.]*\d)(?![A-Za-z])|第\s*(?P<chapter>\d{{1,3}})\s*章|(?<![A-Za-z0-9.])(?P<bare>(?:\d{{1,3}}|(?-i:[A-Z]))(?:\.\d{{1,3}}){{2,}}|(?-i:[A-Z])\.\d{{1,3}})(?![A-Za-z0-9]|\.\d)",
    re.IGNORECASE,
)
# a sign only where it cannot be a dash between words ("总线-8位" is no minus 8)
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9.,])(?:(?:(?<=^)|(?<=[\s(（:：=]))[-−+])?\d+(?:[ \u00a0\u2009]\d{3})*(?:[.,]\d+)?(?![0-9])"
)


def _identifiers_in(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The standard identifiers in a text (rendered canonically) and where they stand."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _IDENTIFIER.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        candidate = m.group(1)
        while candidate:
            try:
                ident = identifiers.parse(candidate)
            except IdentifierError:
                shorter = re.sub(r"(?:[.,:;/\-–]|[ \u00a0]*[A-Za-z0-9]+)$", "", candidate)
                if shorter == candidate:
                    break
                candidate = shorter
                continue
            found.append(identifiers.render(ident))
            spans.append((m.start(), m.start() + len(candidate)))
            break
    return found, spans


def _clause_references_in(
    text: str, taken: list[tuple[int, int]]
) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    found: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for m in _CLAUSE_REFERENCE.finditer(text):
        if _inside(m.start(), m.end(), taken):
            continue
        if m.group("chapter"):
            found.append(("clause", m.group("chapter")))
        elif m.group("bare"):
            found.append(("clause", m.group("bare").upper()))
        else:
            word = (m.group("en") or m.group("zh")).lower()
            found.append((_CLAUSE_KINDS[word], m.group("n").upper()))
        spans.append((m.start(), m.end()))
    return found, spans


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _numbers_in(text: str, taken: list[tuple[int, int]]) -> list[str]:
    comma_is_decimal = decimal_comma(text)
    numbers = []
    for m in _NUMBER.finditer(text):
        if _inside(m.start(), m.end(), taken):
            continue
        raw = re.sub(r"[ \u00a0\u2009]", "", m.group(0)).replace("−", "-").lstrip("+")
        raw = raw.replace(",", ".") if comma_is_decimal else raw.replace(",", "")
        try:
            numbers.append(format(Decimal(raw).normalize(), "f"))
        except InvalidOperation:
            continue
    return numbers


_CHINESE_NUMERAL = re.compile(r"[零〇一二三四五六七八九十百千万亿两]+(?:点[零〇一二三四五六七八九]+)?")


def _spelled_numbers_in(text: str) -> list[str]:
    """The numbers a text writes in Chinese numerals ("第一部分" 1, "一百零五" 105), read by cn2an; a run it
    cannot read as a number ("万一") is left out. They only answer for a number the other text writes in digits
    (a run of numerals is also in words: "统一", "一般"), never count as a number of their own."""
    runs = _CHINESE_NUMERAL.findall(text)
    if not runs:
        return []
    import cn2an  # about 0.3 s to import: only when a text has Chinese numerals

    found = []
    for run in runs:
        try:
            value = cn2an.cn2an(run, "smart")
        except (ValueError, KeyError, IndexError):
            continue
        found.append(format(Decimal(str(value)).normalize(), "f"))
    return found


@dataclass(frozen=True, slots=True)
class _Read:
    """What the checks read in one text: requirements, identifiers, clause references, the other numbers (in
    digits), and the numbers written in Chinese numerals."""

    requirements: list[NumericRequirement]
    identifiers: list[str]
    references: list[tuple[str, str]]
    numbers: list[str]
    spelled: list[str]


def _read(text: str) -> _Read:
    plain = TAG.sub(lambda m: " " * len(m.group(0)), text)  # tags out, offsets kept
    requirements = find_requirements(plain, comma_is_decimal=decimal_comma(plain))
    found_identifiers, identifier_spans = _identifiers_in(plain)
    references, reference_spans = _clause_references_in(plain, identifier_spans)
    return _Read(requirements, found_identifiers, references, _numbers_in(plain, identifier_spans + reference_spans),
                 _spelled_numbers_in(plain))  # fmt: skip


class _Report(Protocol):
    """The signature of the ``finding`` callback the checks report to (typing only)."""

    def __call__(self, check: Check, message: str, found_text: str = "", expected: str = "") -> None: ...


# --- the checks of one segment --------------------------------------------------------------------------------


def check_segment(
    segment: Segment,
    source_lang: str,
    target_lang: str,
    *,
    terms: TermLookup | None = None,
    user_id: int | None = None,
) -> list[Finding]:
    """The findings of one segment (every check but consistency); none for a segment with an empty source."""
    if not without_tags(segment.source).strip():
        return []
    found: list[Finding] = []

    def finding(check: Check, message: str, found_text: str = "", expected: str = "") -> None:
        found.append(Finding(check, segment.key, segment.position, message, found_text, expected, segment.id))

    target = segment.target
    if not without_tags(target).strip():
        finding(Check.EMPTY, _("the segment has no translation"))
        return found
    _check_tags(segment.source, target, finding)
    source_read, target_read = _read(segment.source), _read(target)
    changes = compare_requirements(source_read.requirements, target_read.requirements)
    _check_requirements(changes, finding)
    reported = {n for c in changes for r in (c.before, c.after) if r is not None for n in _numbers_in(r.text, [])}
    _check_counted(Check.IDENTIFIERS, source_read.identifiers, target_read.identifiers, finding)
    _check_counted(
        Check.CLAUSE_REFERENCES,
        [" ".join(r) for r in source_read.references],
        [" ".join(r) for r in target_read.references],
        finding,
    )
    _check_counted(Check.NUMBERS, *_numbers_compared(source_read, target_read), finding, reported)
    _check_language(segment.source, target, source_lang, target_lang, finding)
    _check_punctuation(target, target_lang, finding)
    if terms is not None:
        _check_terms(segment.source, target, source_lang, target_lang, terms, user_id, finding)
    return found


def _numbers_compared(source: _Read, target: _Read) -> tuple[list[str], list[str]]:
    """The numbers of the source and of the target to compare, less those one side writes in digits and the other
    in Chinese numerals ("Part 1", "第一部分")."""
    wanted, written = Counter(source.numbers), Counter(target.numbers)
    answered_in_target = (wanted - written) & Counter(target.spelled)
    answered_in_source = (written - wanted) & Counter(source.spelled)
    return list((wanted - answered_in_target).elements()), list((written - answered_in_source).elements())


def _check_tags(source: str, target: str, finding: _Report) -> None:
    wanted, written = Counter(tags_of(source)), Counter(tags_of(target))
    missing = sorted((wanted - written).elements())
    extra = sorted((written - wanted).elements())
    if missing:
        finding(Check.TAGS, _("inline tags missing from the translation: {tags}").format(tags=" ".join(missing)),
                " ".join(tags_of(target)), " ".join(tags_of(source)))  # fmt: skip
    if extra:
        finding(Check.TAGS, _("inline tags the source does not have: {tags}").format(tags=" ".join(extra)),
                " ".join(tags_of(target)), " ".join(tags_of(source)))  # fmt: skip
    open_tags: list[str] = []
    for m in TAG.finditer(target):
        tag = m.group(0)
        if tag.startswith("</"):
            if not open_tags or open_tags[-1] != m.group(1):
                finding(Check.TAGS, _("the inline tag {tag} closes a tag that is not the last one opened").format(
                    tag=tag), " ".join(tags_of(target)), " ".join(tags_of(source)))  # fmt: skip
                return
            open_tags.pop()
        elif m.group(1) is not None:
            open_tags.append(m.group(1))
    if open_tags:
        finding(Check.TAGS, _("the inline tag <g{number}> is never closed").format(number=open_tags[-1]),
                " ".join(tags_of(target)), " ".join(tags_of(source)))  # fmt: skip


def _as_bounded(requirement: NumericRequirement | None) -> str:
    """A requirement as written, with the bound it is read with: "≤ 16 A", "≥ 2 mm", "230 V ± 10 %"."""
    if requirement is None:
        return ""
    if requirement.kind == "upper-limit":
        return ("≤ " if requirement.high_inclusive else "< ") + requirement.text
    if requirement.kind == "lower-limit":
        return ("≥ " if requirement.low_inclusive else "> ") + requirement.text
    return requirement.text


def _check_requirements(changes: list[RequirementChange], finding: _Report) -> None:
    for change in changes:
        before, after = _as_bounded(change.before), _as_bounded(change.after)
        if change.change == "removed":
            message = _("the requirement {before} of the source is not in the translation").format(before=before)
        elif change.change == "added":
            message = _("the translation has a requirement the source does not: {after}").format(after=after)
        elif change.change == "unit-changed":
            message = _("the unit changed: {before} in the source, {after} in the translation").format(
                before=before, after=after)  # fmt: skip
        else:
            message = _("the requirement changed: {before} in the source, {after} in the translation").format(
                before=before, after=after)  # fmt: skip
        finding(Check.REQUIREMENTS, message, after, before)


def _check_counted(
    check: Check,
    source: list[str],
    target: list[str],
    finding: _Report,
    reported: frozenset[str] | set[str] = frozenset(),
) -> None:
    """What the source has and the target lacks, and the reverse; ``reported``: left out (already reported)."""
    wanted, written = Counter(source), Counter(target)
    missing = [item for item in (wanted - written).elements() if item not in reported]
    extra = [item for item in (written - wanted).elements() if item not in reported]
    if not (missing or extra):
        return
    what = check_label(check)
    if missing:
        finding(check, _("{what} of the source missing from the translation: {items}").format(
            what=what, items=", ".join(missing)), ", ".join(extra), ", ".join(missing))  # fmt: skip
    if extra:
        finding(check, _("{what} in the translation that the source does not have: {items}").format(
            what=what, items=", ".join(extra)), ", ".join(extra), ", ".join(missing))  # fmt: skip


_LOWER_WORDS = re.compile(r"[a-z]{3,}")


def _check_language(source: str, target: str, source_lang: str, target_lang: str, finding: _Report) -> None:
    plain_source, plain_target = without_tags(source).strip(), without_tags(target).strip()
    words_of_source = _HAN_RUN.search(plain_source) if source_lang == "zh" else _LOWER_WORDS.search(plain_source)
    if plain_source == plain_target and words_of_source and source_lang != target_lang:
        finding(Check.SAME_AS_SOURCE, _("the translation is the source text unchanged"), plain_target)
        return
    if source_lang == "zh" and target_lang != "zh":
        left = _HAN_RUN.findall(plain_target)
        if left:
            finding(Check.UNTRANSLATED, _("Chinese text left untranslated: {text}").format(text=" ".join(left)),
                    " ".join(left))  # fmt: skip
    elif source_lang == "en" and target_lang == "zh":
        runs = re.findall(r"[A-Za-z]+(?:[ \u00a0]+[A-Za-z]+){2,}", plain_target)
        left = [run for run in runs if run.lower() in plain_source.lower() and _LOWER_WORDS.search(run)]
        if left:
            finding(Check.UNTRANSLATED, _("English text left untranslated: {text}").format(text=" / ".join(left)),
                    " / ".join(left))  # fmt: skip


_HALF_IN_CHINESE = re.compile(rf"(?<=[{_HAN}])[,;:?!(]|[,;:?!)](?=[{_HAN}])|(?<=[{_HAN}])\.(?!\d)|(?<=[{_HAN}])\)")
_FULL_IN_ENGLISH = re.compile(r"[，。；：？！（）、【】《》“”]")
_FULL_FOR_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}


def _check_punctuation(target: str, target_lang: str, finding: _Report) -> None:
    plain = without_tags(target)
    if target_lang == "zh":
        wrong = [m.group(0) for m in _HALF_IN_CHINESE.finditer(plain)]
        if wrong:
            finding(Check.PUNCTUATION, _("half-width punctuation in Chinese text: {marks}").format(
                marks=" ".join(wrong)), " ".join(wrong), " ".join(_FULL_FOR_HALF[w] for w in wrong))  # fmt: skip
    elif target_lang == "en":
        wrong = _FULL_IN_ENGLISH.findall(plain)
        if wrong:
            finding(Check.PUNCTUATION, _("full-width punctuation in English text: {marks}").format(
                marks=" ".join(wrong)), " ".join(wrong))  # fmt: skip


def _contains(text: str, term: str, lang: str) -> bool:
    if lang == "zh":
        return term in text
    return re.search(rf"(?<![A-Za-z]){re.escape(term)}(?:s|es)?(?![A-Za-z])", text, re.IGNORECASE) is not None


def _check_terms(
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    terms: TermLookup,
    user_id: int | None,
    finding: _Report,
) -> None:
    plain_target = without_tags(target)
    for hit in terms.terms_in(without_tags(source), source_lang, target_lang, user_id=user_id):
        approved = [t for t in hit.concept.terms if t.lang == target_lang and t.status != TermStatus.DEPRECATED]
        approved.sort(key=lambda t: t.status != TermStatus.PREFERRED)
        if approved and not any(_contains(plain_target, t.text, target_lang) for t in approved):
            finding(Check.TERMS, _("the term {source} is not translated by its approved term {term}").format(
                source=hit.found.text, term=approved[0].text), "", approved[0].text)  # fmt: skip
    reported: set[str] = set()
    for hit in terms.terms_in(plain_target, target_lang, source_lang, user_id=user_id):
        if hit.found.status == TermStatus.DEPRECATED and hit.found.text not in reported:
            reported.add(hit.found.text)
            better = [t.text for t in hit.concept.terms if t.lang == target_lang and t.status == TermStatus.PREFERRED]
            finding(Check.DEPRECATED_TERM, _("the deprecated term {term} is used; use {better}").format(
                term=hit.found.text, better=" / ".join(better) or "?"), hit.found.text, " / ".join(better))  # fmt: skip


# --- the whole document ---------------------------------------------------------------------------------------


def check_document(
    segments: Sequence[Segment],
    source_lang: str,
    target_lang: str,
    *,
    terms: TermLookup | None = None,
    user_id: int | None = None,
) -> list[Finding]:
    """The findings of every segment, then consistency: a source translated two ways (compared without tags and
    surrounding spaces) gives a finding in each segment whose translation differs from the most frequent one."""
    found: list[Finding] = []
    for segment in segments:
        found.extend(check_segment(segment, source_lang, target_lang, terms=terms, user_id=user_id))
    by_source: dict[str, list[Segment]] = defaultdict(list)
    for segment in segments:
        if without_tags(segment.target).strip():
            by_source[" ".join(without_tags(segment.source).split())].append(segment)
    for same in by_source.values():
        targets = Counter(" ".join(without_tags(s.target).split()) for s in same)
        if len(targets) < 2:
            continue
        usual, _count = targets.most_common(1)[0]
        first = next(s for s in same if " ".join(without_tags(s.target).split()) == usual)
        for segment in same:
            written = " ".join(without_tags(segment.target).split())
            if written != usual:
                message = _("the same source is translated differently in segment {key}: {usual}").format(
                    key=first.key, usual=usual)  # fmt: skip
                found.append(Finding(Check.CONSISTENCY, segment.key, segment.position, message, written, usual,
                                     segment.id))  # fmt: skip
    found.sort(key=lambda f: f.position)
    return found
