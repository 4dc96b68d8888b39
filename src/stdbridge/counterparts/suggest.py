"""Counterparts nobody declared: suggested, scored and explained, never mixed up with declared relations.

For a standard and a target (a body, a country, or both), candidates come from two places: the target's
standards with the same number (JIS Q 9001 for ISO 9001, JIS C 61000-4-2 for IEC 61000-4-2), and the
target's standards whose titles share the most telling words with the standard's titles — in English; through
the Chinese–English lexicon (``lexicon.py``) when the standard has only a Chinese title; through the title words
learned from parallel titles and termbases (``title_words.py``) when it has only a Japanese, French, Spanish,
Russian or German one. Each candidate work is scored on its best-fitting edition, the one closest in time,
from five clues::

    score = 0.62 × title + 0.18 × number + 0.08 × ICS + 0.08 × date + 0.04 × committee      (0 … 1)

``title``      cosine similarity of the two titles' word stems, each weighted by its rarity in the catalogue
               (inverse document frequency), so that "Public-key and attribute certificate frameworks" counts
               for far more than "Information technology": 1 for the same words, 0 for none shared
``number``     1 for the same number and part (ISO 9001 / JIS Q 9001), 0.4 for the same number with another part
``ICS``        1 when both share a sub-group, 0.6 a group, 0.3 a field; 0.5 when one side has no ICS code
``date``       1 within a year, 0.6 within three, 0.3 within eight, 0 beyond; 0.5 when a year is missing
``committee``  1 for the same committee, 0 for two different ones; when only one side names its committee and
               the catalogue holds that committee's title and scope (ISO's technical committees), the share of
               the other side's title words (weighted by rarity) that the committee's title and scope, with those
               of the committees above it, contain: ISO/TC 176 "quality management ..." covers most of
               "质量管理体系 要求"; otherwise 0.5, not known

The weights were set on the evaluation set of bench/bench_suggest.py (ITU-T Recommendations and their ISO/IEC
twins, JIS standards and the ISO or IEC standard of the same number, GB standards known by their Chinese titles
and the original they adopt). Every clue is returned with its contribution, so a person can see why.

A counterpart that only an identifier names (EN ISO 14001:2015 and BS EN ISO 9001:2015 say what they adopt, with
no relation in any source saying so) comes first, marked ``"identifier"`` rather than ``"suggested"``, with score 1:
the identifier is the evidence, and the five clues are shown beside it (adding nothing) for a person to check.
Counterparts that relations declare (``graph.counterparts_of``) and other editions of the same work are never
suggested; nor is a pair of works somebody rejected. An accepted suggestion becomes an ``equivalent`` relation with its
degree, recorded with who accepted it and when.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from stdbridge import audit
from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role, require
from stdbridge.catalog.links import Counterpart, counterparts_of
from stdbridge.counterparts.decisions import REVIEW
from stdbridge.errors import UsageError
from stdbridge.i18n import _, aside, listed, ngettext
from stdbridge.identifiers import BARE, compact_key
from stdbridge.language.lexicon import Lexicon
from stdbridge.language.text import STOPWORDS, has_cjk, script_language
from stdbridge.language.title_words import TitleWords
from stdbridge.models import (
    Decision,
    Degree,
    DocType,
    Evidence,
    Relation,
    RelationType,
    Standard,
    Status,
    Verdict,
)
from stdbridge.search.engine import Search
from stdbridge.search.selection import title_candidates, word_rarity
from stdbridge.store import Store
from stdbridge.store.base import standing_decisions

WEIGHTS = {"title": 0.62, "number": 0.18, "ics": 0.08, "date": 0.08, "committee": 0.04}
CANDIDATES = 60  # title candidates read from the index, before scoring
TITLE_LANGUAGES = ("ja", "fr", "es", "ru", "de")  # without an English or Chinese title, the first of these held
_WORD = re.compile(r"[^\W_]+")
_BRACKETED = re.compile(r"\(\s*([^\W_]+)\s*\)")  # "(JFIF)": the name a text is known by
_BY_SCRIPT = ("zh", "ja", "ko", "ru", "ar")  # languages ``script_language`` tells by their letters


@dataclass(frozen=True, slots=True)
class Clue:
    """One reason behind a suggestion: its kind, its value (0 … 1), what it adds to the score, and what it
    rests on, for a person to check."""

    kind: str  # "title", "number", "ics", "date", "committee"
    value: float
    points: float
    detail: str


@dataclass(slots=True)
class Suggestion:
    standard: Standard
    score: float
    clues: list[Clue]
    degree_hint: Degree | None  # what the clues suggest the degree is; a person decides
    status: str = "suggested"  # or "identifier": named by the identifier of the standard asked about


@dataclass(slots=True)
class Suggestions:
    """The suggestions for one standard, and what is already known about it."""

    standard: Standard
    body: str | None
    country: str | None
    suggestions: list[Suggestion]
    declared: list[Counterpart] = field(default_factory=list)  # shown apart: these are not suggestions
    rejected: int = 0  # candidate works left out because somebody rejected them


_LINKING = frozenset({"and", "of", "for", "the", "to", "in", "on", "with"})


def spelled_out(words: list[str]) -> set[str]:
    """The acronyms of a title that the same title spells out: "OSI" and "TP" in "Open Systems Interconnection -
    Distributed Transaction Processing - Part 1: OSI TP Model" (the initials of consecutive words, linking words
    such as "of" and "and" skipped). Such an acronym repeats words the title already has; as a word of its own it
    would count as a rare word the other title lacks, though the other title says the same in full.

    >>> sorted(spelled_out("Open Systems Interconnection Transaction Processing OSI TP Model".split()))
    ['OSI', 'TP']
    >>> spelled_out("Quality of Service QoS".split()), spelled_out("LED lamps".split())
    ({'QoS'}, set())
    """
    return {word for word in words if _acronym(word) and _initials_of_run(word, words)}


def _acronym(word: str) -> bool:
    """Two to six capitals, with at most one small letter among them ("OSI", "QoS"; not "Model", not "IEEE802")."""
    capitals = sum(c.isupper() for c in word)
    return word.isalpha() and 2 <= capitals <= 6 and capitals >= len(word) - 1


def _initials_of_run(acronym: str, words: list[str]) -> bool:
    """True when the capitals of ``acronym`` are the initials of a run of the other words of the title."""
    capitals = "".join(c for c in acronym if c.isupper())
    content = [w for w in words if w != acronym and w.lower() not in _LINKING and not w.isdigit()]
    heads = [w[0].upper() for w in content]
    return any("".join(heads[i : i + len(capitals)]) == capitals for i in range(len(heads) - len(capitals) + 1))


class Suggester:
    """Suggests counterparts over a store and its search index."""

    def __init__(self, store: Store, search: Search, lexicon: Lexicon, title_words: TitleWords | None = None) -> None:
        self.store = store
        self.search = search
        self.lexicon = lexicon
        self.title_words = title_words or TitleWords.bundled()
        self._idf: dict[str, float] = {}
        self._committees: dict[str, tuple[str, set[str]]] = {}

    # the title profile ---------------------------------------------------------------------------
    def stems_of(self, standard: Standard) -> list[str]:
        """The English stems that stand for a standard's title (see ``words_of``)."""
        return list(self.words_of(standard))

    def words_of(self, standard: Standard) -> dict[str, str]:
        """The English stems that stand for a standard's title, each with the word a person reads for it: from
        its English title (and the expansions of its abbreviations, "light emitting diode (LED)"); else its
        Chinese title word by word through the lexicon ("quality (质量)"); else a title in another language
        through ``title_words`` ("requirement (Exigences)")."""
        english = standard.titles.get("en")
        if english:
            title = _WORD.findall(english)
            # "OSI TP Model" beside "Open Systems Interconnection ... Transaction Processing" says nothing more; a
            # name given in brackets, "JPEG File Interchange Format (JFIF)", is how others cite the text: kept
            named = set(_BRACKETED.findall(english))
            spelled = spelled_out(title) - named
            pairs = [(word, word) for word in title if word not in spelled]
            for abbreviation in {word for word, _ in pairs if sum(c.isupper() for c in word) >= 2}:
                for expansion in self.lexicon.expansions(abbreviation):  # "LED": light emitting diode as well
                    pairs += [(part, aside(part, abbreviation)) for part in _WORD.findall(expansion)]
        elif standard.titles.get("zh"):
            pairs = self._through_lexicon(standard.titles["zh"])
        else:
            pairs = self._through_title_words(standard.titles)
        analyzer = self.search.index.analyzers["stem_en"]
        words: dict[str, str] = {}
        for word, shown in pairs:
            for stem in analyzer.analyze(word):
                if stem not in STOPWORDS:
                    words.setdefault(stem, shown)
        return words

    def title_language(self, title: str) -> str:
        """The language of a title: by its script for Japanese, Korean, Chinese and Russian; for Latin letters,
        the language of which the suggester knows the most of its words (English through the lexicon; French,
        Spanish, German through ``title_words``), English when none is ahead."""
        by_script = script_language(title)
        if by_script:
            return by_script
        words = [w.lower() for w in _WORD.findall(title) if not w.isdigit() and w.lower() not in STOPWORDS]
        known = {"en": sum(bool(self.lexicon.chinese_for(w)) for w in words)}
        latin = [lang for lang in (*TITLE_LANGUAGES, *self.title_words.languages()) if lang not in _BY_SCRIPT]
        for lang in dict.fromkeys(latin):
            known[lang] = sum(bool(english) for _word, english in self.title_words.english_for_text(title, lang))
        return max(known, key=lambda lang: known[lang])  # the first of equals: English, then French ...

    def _through_lexicon(self, chinese: str) -> list[tuple[str, str]]:
        pairs = []
        for word in self.lexicon.segment(chinese) if has_cjk(chinese) else chinese.split():
            for english_word in self.lexicon.english_for(word)[:1]:
                pairs += [(part, aside(part, word)) for part in _WORD.findall(english_word)]
        return pairs

    def _through_title_words(self, titles: dict[str, str]) -> list[tuple[str, str]]:
        """The first title in a language ``title_words`` knows, Japanese first, then French, Spanish, ..."""
        known = self.title_words.languages()
        lang = next((lang for lang in (*TITLE_LANGUAGES, *sorted(titles)) if lang in titles and lang in known), None)
        if lang is None:
            return []
        pairs = []
        for foreign, equivalents in self.title_words.english_for_text(titles[lang], lang):
            shown = equivalents[0] if equivalents else ""
            pairs += [(part, aside(part, foreign) if part != foreign else part) for part in _WORD.findall(shown)]
        return pairs

    def committee_scope(self, code: str) -> tuple[str, set[str]]:
        """A committee's title, and the stems of its title and scope and those of the committees above it."""
        found = self._committees.get(code)
        if found is None:
            analyzer = self.search.index.analyzers["stem_en"]
            name, stems, at = "", set(), code
            for _level in range(3):
                entry = self.store.classes("committee", [at]).get(at)
                if entry is None:
                    break
                name = name or entry.titles.get("en", "")
                text = f"{entry.titles.get('en', '')} {entry.data.get('scope_en') or ''}"
                stems |= {stem for word in _WORD.findall(text) for stem in analyzer.analyze(word)} - STOPWORDS
                if not entry.parent:
                    break
                at = entry.parent
            found = self._committees[code] = (name, stems)
        return found

    def idf(self, stem: str) -> float:
        found = self._idf.get(stem)
        if found is None:
            found = self._idf[stem] = word_rarity(self.search.index, stem)
        return found

    def title_similarity(self, a: list[str], b: list[str]) -> tuple[float, list[str]]:
        """Cosine of the two stem sets weighted by rarity, and the shared stems, rarest first."""
        shared = sorted(set(a) & set(b), key=self.idf, reverse=True)
        if not shared:
            return 0.0, []
        norm = math.sqrt(sum(self.idf(s) ** 2 for s in set(a))) * math.sqrt(sum(self.idf(s) ** 2 for s in set(b)))
        return sum(self.idf(s) ** 2 for s in shared) / norm, shared

    # candidates ----------------------------------------------------------------------------------
    def _target_clauses(self, body: str | None, country: str | None) -> dict[str, str]:
        return {name: value for name, value in (("body", body), ("country", country)) if value}

    def _title_candidates(self, stems: list[str], targets: dict[str, str], limit: int) -> list[int]:
        return title_candidates(self.search.index, stems, share=0.4, where=targets, limit=limit)

    def _number_candidates(self, standard: Standard, body: str | None, country: str | None) -> list[Standard]:
        number = compact_key(standard.number + (standard.part or ""))
        if not any(c.isdigit() for c in number):
            return []
        ids = self.store.standard_ids_by_lookup_key(BARE + number)
        found = self.store.standards_by_ids(ids).values()
        return [s for s in found if _in_target(s, body, country)]

    # scoring -------------------------------------------------------------------------------------
    def score(
        self, source: Standard, candidate: Standard, source_words: dict[str, str] | None = None,
        candidate_words: dict[str, str] | None = None,
    ) -> Suggestion:  # fmt: skip
        """The suggestion that ``candidate`` is a counterpart of ``source``, with its clues (``words_of`` of
        either side may be given, when the caller holds them)."""
        words = self.words_of(source) if source_words is None else source_words
        theirs = self.words_of(candidate) if candidate_words is None else candidate_words
        similarity, shared = self.title_similarity(list(words), list(theirs))
        shown = listed(words[stem] for stem in shared[:8]) or "-"
        clues = [
            Clue("title", similarity, 0.0, _("titles share: {words}").format(words=shown)),
            _number_clue(source, candidate),
            _ics_clue(source, candidate),
            _date_clue(source, candidate),
            self._committee_clue(source, candidate, words, theirs),
        ]
        clues = [Clue(c.kind, round(c.value, 3), round(c.value * WEIGHTS[c.kind], 3), c.detail) for c in clues]
        score = round(sum(c.points for c in clues), 3)
        return Suggestion(candidate, score, clues, _degree_hint(similarity, clues))

    def committee_value(self, a: Standard, b: Standard, a_words: dict[str, str], b_words: dict[str, str]) -> float:
        """The committee clue's value (see the module), for two standards and the ``words_of`` of each."""
        return self._committee_cover(a, b, a_words, b_words)[0]

    def _committee_cover(
        self, a: Standard, b: Standard, a_words: dict[str, str], b_words: dict[str, str]
    ) -> tuple[float, Standard | None, list[str]]:
        """The value, and when a committee's scope decided it: the side whose committee it is and the other
        side's title words (stems) that the scope covers."""
        if a.committee and b.committee:
            return (1.0 if a.committee == b.committee else 0.0), None, []
        for side, title_words in ((b, a_words), (a, b_words)):  # the side with a committee, the other's title
            scope = self.committee_scope(side.committee)[1] if side.committee else set()
            if scope and title_words:
                covered = [stem for stem in title_words if stem in scope]
                return sum(self.idf(s) for s in covered) / sum(self.idf(s) for s in title_words), side, covered
        return 0.5, None, []

    def _committee_clue(self, a: Standard, b: Standard, a_words: dict[str, str], b_words: dict[str, str]) -> Clue:
        value, side, covered = self._committee_cover(a, b, a_words, b_words)
        if side is not None and side.committee:
            title_words = a_words if side is b else b_words
            shown = listed(title_words[stem] for stem in covered[:6]) or "-"
            return Clue("committee", value, 0.0, _("the scope of {committee} ({name}) covers: {words}").format(
                committee=side.committee, name=self.committee_scope(side.committee)[0], words=shown))  # fmt: skip
        if value == 1.0:
            return Clue("committee", value, 0.0, _("same committee {committee}").format(committee=a.committee))
        if value == 0.0:
            return Clue("committee", value, 0.0, _("different committees"))
        return Clue("committee", value, 0.0, _("committee not known on both sides"))

    # the whole question --------------------------------------------------------------------------
    def suggest(
        self,
        source: Standard,
        *,
        body: str | None = None,
        country: str | None = None,
        limit: int = 10,
        ignore_declared: bool = False,
        declared: list[Counterpart] | None = None,
        named_first: bool = True,
    ) -> Suggestions:
        """Ranked suggestions for ``source`` in the target (one suggestion per work: its best-fitting edition).

        Without a target, every other body is the target. ``ignore_declared`` (for evaluation) also
        suggests what relations already declare. ``declared`` gives the declared counterparts of a standard
        that is not in the catalogue (found through its identifier); for one that is, they are looked up.
        ``named_first``: counterparts only an identifier names lead the suggestions (otherwise they stay with
        the declared ones).
        """
        if not 1 <= limit <= 100:
            raise UsageError(_("the number of suggestions must be between 1 and 100"))
        body = body.strip() if body else None
        country = country.strip().upper() if country else None
        if ignore_declared:
            declared = []
        elif declared is None:
            declared = counterparts_of(self.store, source) if source.id is not None else []
        excluded = {source.work_key} | {c.standard.work_key for c in declared}
        rejected_works = self._rejected_works(source)
        words = self.words_of(source)
        named = [c for c in declared
                 if named_first and c.held and _in_target(c.standard, body, country) and _named(c)]  # fmt: skip
        declared = [c for c in declared if c not in named]
        targets = self._target_clauses(body, country)
        pool: dict[int, Standard] = {s.id: s for s in self._number_candidates(source, body, country) if s.id}
        title_ids = self._title_candidates(list(words), targets, CANDIDATES)
        pool.update(self.store.standards_by_ids(i for i in title_ids if i not in pool))
        best: dict[str, Suggestion] = {}
        left_out = set()
        for candidate in pool.values():
            if candidate.work_key in excluded or (not body and not country and candidate.body == source.body):
                continue
            if not comparable(source, candidate):
                continue
            if candidate.work_key in rejected_works:
                left_out.add(candidate.work_key)
                continue
            suggestion = self.score(source, candidate, words)
            held = best.get(candidate.work_key)
            if held is None or better_edition(suggestion, held, source):
                best[candidate.work_key] = suggestion
        leading = [self._named_suggestion(source, c, words) for c in named if c.standard.work_key not in rejected_works]
        ranked = sorted(best.values(), key=lambda s: (-s.score, s.standard.identifier))
        ranked = (sorted(leading, key=lambda s: s.standard.identifier) + ranked)[:limit]
        in_target = [c for c in declared if _in_target(c.standard, body, country)]
        return Suggestions(source, body, country, ranked, in_target, len(left_out))

    def _named_suggestion(self, source: Standard, named: Counterpart, words: dict[str, str]) -> Suggestion:
        """A counterpart the identifier names: score 1, the identifier as evidence, the clues shown beside it."""
        clues = [dataclasses.replace(c, points=0.0) for c in self.score(source, named.standard, words).clues]
        names = Clue("identifier", 1.0, 1.0, _("the identifier {source} names {target} ({degree})").format(
            source=source.identifier, target=named.standard.identifier, degree=named.degree or "?"))  # fmt: skip
        return Suggestion(named.standard, 1.0, [names, *clues], named.degree, status="identifier")

    def _rejected_works(self, source: Standard) -> set[str]:
        found = set()
        for d in self.store.decisions_about([source.work_key]):
            if d.verdict == Verdict.REJECTED:
                found.add(d.target_work if d.source_work == source.work_key else d.source_work)
        return found

    # decisions -----------------------------------------------------------------------------------
    def decide(
        self, source: Standard, target: Standard, verdict: Verdict, *, by: str, degree: Degree | None = None,
        note: str | None = None, actor: Actor = LOCAL_ADMIN,
    ) -> Decision:  # fmt: skip
        """Record a person's decision; an accepted pair becomes an ``equivalent`` relation. A later decision about
        the same pair stands over the earlier ones, which stay in the history (``Store.decision_history``).

        Only an editor decides (``actor``; the catalogue opened directly, as the command line does, is the local
        administrator). A user's decision is recorded as theirs (``user_id``) under their name; ``by`` names who
        decided only when the local administrator, who has no account, does."""
        require(actor, Role.EDITOR)
        if actor.signed_in:
            by = actor.name
        if source.work_key == target.work_key:
            raise UsageError(_("{a} and {b} are editions of one work, not counterparts").format(
                a=source.identifier, b=target.identifier))  # fmt: skip
        if verdict == Verdict.ACCEPTED and degree is None:
            raise UsageError(_("say the degree of the correspondence: IDT, MOD or NEQ"))
        if not by.strip():
            raise UsageError(_("say who decides (--by)"))
        at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        decision = Decision(source.edition_key, target.edition_key, verdict, by.strip(), at, degree, note,
                            source.work_key, target.work_key, user_id=actor.user_id)  # fmt: skip
        with self.store.transaction():
            self.store.save_decision(decision)
            history = self.store.decision_history([source.work_key])
            self._write_accepted(source, history)
            self._audit(decision, source, target, history)
        return decision

    def _audit(self, decision: Decision, source: Standard, target: Standard, history: list[Decision]) -> None:
        """Record the decision in the audit log: the one that stood about the pair before (in ``history``, the
        decisions about the source's work), and this one."""
        pair = (decision.source_key, decision.target_key)
        earlier = [d for d in history if (d.source_key, d.target_key) == pair and d.id != decision.id]
        action = audit.ACCEPT if decision.verdict == Verdict.ACCEPTED else audit.REJECT
        subject = f"{source.identifier} -> {target.identifier}"
        before = _audited_decision(earlier[-1]) if earlier else None
        audit.record(self.store, decision.by, decision.user_id, action, subject, before, _audited_decision(decision))

    def _write_accepted(self, source: Standard, history: list[Decision]) -> None:
        """The ``equivalent`` relations of ``source`` are exactly its accepted decisions (of ``history``, every
        decision about its work)."""
        accepted = [d for d in standing_decisions(history)
                    if d.verdict == Verdict.ACCEPTED and d.source_key == source.edition_key]  # fmt: skip
        relations = [
            Relation(
                source_key=d.source_key,
                type=RelationType.EQUIVALENT,
                target_key=d.target_key,
                target_text=d.target_key,
                degree=d.degree,
                evidence=Evidence.DECLARED,
                dataset=REVIEW,
                note=_accepted_note(d),
                target_work_key=d.target_work,
                origin_key=d.source_key,
            )
            for d in accepted
        ]
        self.store.replace_relations([(REVIEW, source.edition_key)], relations)
        self.store.link_relations([source.edition_key, *(d.target_key for d in accepted)])


def clue_label(kind: str) -> str:
    """The name of a clue for people, in the current language."""
    return {"title": _("title"), "number": _("number"), "ics": _("ICS"), "date": _("date"),
            "committee": _("committee"), "identifier": _("identifier")}[kind]  # fmt: skip


def _named(counterpart: Counterpart) -> bool:
    """Whether only identifiers link the counterpart: no relation of any source declares the way to it."""
    return all(step.evidence == Evidence.IDENTIFIER for step in counterpart.path)


def _audited_decision(decision: Decision) -> dict[str, Any]:
    """A decision as the audit log holds it, before or after."""
    return {"decision_id": decision.id, "source": decision.source_key, "target": decision.target_key,
            "verdict": decision.verdict.value, "degree": decision.degree.value if decision.degree else None,
            "by": decision.by, "at": decision.at, "note": decision.note}  # fmt: skip


def _accepted_note(decision: Decision) -> str:
    note = f"accepted by {decision.by} on {decision.at[:10]}"
    return f"{note}: {decision.note}" if decision.note else note


_PARTIAL = (DocType.AMENDMENT, DocType.CORRIGENDUM, DocType.DRAFT)
_PROJECTS = (Status.UNDER_DEVELOPMENT, Status.CANCELLED)


def comparable(source: Standard, candidate: Standard) -> bool:
    """A whole published document answers for a whole published document: no amendment, corrigendum, draft or
    project, unless the standard asked about is one too."""
    if candidate.doctype in _PARTIAL and source.doctype not in _PARTIAL:
        return False
    return candidate.status not in _PROJECTS or source.status in _PROJECTS


def _in_target(standard: Standard, body: str | None, country: str | None) -> bool:
    bodies = {standard.body.upper(), *(c.upper() for c in standard.copublishers)}
    return (not body or body.upper() in bodies) and (not country or standard.country == country)


def better_edition(new: Suggestion, held: Suggestion, source: Standard) -> bool:
    """Of two editions of one candidate work: the higher score, then the nearer in time, then the later."""
    if new.score != held.score:
        return new.score > held.score
    new_apart, held_apart = years_apart(source, new.standard), years_apart(source, held.standard)
    if new_apart != held_apart:
        return new_apart < held_apart
    return (new.standard.year or 0) > (held.standard.year or 0)


def years_apart(a: Standard, b: Standard) -> int:
    """Years between the two editions; 99 when a year is missing."""
    if a.year is None or b.year is None:
        return 99
    return abs(a.year - b.year)


# the clues: each value (0 … 1) is computed by one function, which bulk_suggest.estimate_score uses too
def ics_value(a: Standard, b: Standard) -> tuple[float, list[str]]:
    """1 for a shared sub-group, 0.6 a group, 0.3 a field, 0 none; 0.5 when a side has none. And the codes."""
    if not a.ics or not b.ics:
        return 0.5, []
    for width, value in ((None, 1.0), (6, 0.6), (2, 0.3)):
        shared = {c[:width] for c in a.ics} & {c[:width] for c in b.ics}
        if shared:
            return value, sorted(shared)
    return 0.0, []


def date_value(a: Standard, b: Standard) -> float:
    apart = years_apart(a, b)
    if apart == 99:
        return 0.5
    return 1.0 if apart <= 1 else 0.6 if apart <= 3 else 0.3 if apart <= 8 else 0.0


def number_value(a: Standard, b: Standard) -> float:
    """1 for the same number and part, 0.4 for the same number with another part, 0 otherwise; a "number"
    without a digit (a guide's "GUIDE") is no evidence."""
    mine = compact_key(a.number)
    if not any(c.isdigit() for c in mine) or mine != compact_key(b.number):
        return 0.0
    return 1.0 if (a.part or "") == (b.part or "") else 0.4


def _number_clue(a: Standard, b: Standard) -> Clue:
    value = number_value(a, b)
    if value == 1.0:
        return Clue("number", 1.0, 0.0, _("same number and part: {number}").format(
            number=a.number + (f"-{a.part}" if a.part else "")))  # fmt: skip
    if value:
        return Clue("number", value, 0.0, _("same number {number}, another part").format(number=a.number))
    return Clue("number", 0.0, 0.0, _("different numbers"))


def _ics_clue(a: Standard, b: Standard) -> Clue:
    value, shared = ics_value(a, b)
    if shared:
        return Clue("ics", value, 0.0, _("same ICS {codes}").format(codes=listed(shared)))
    detail = _("ICS not known on both sides") if value == 0.5 else _("no ICS in common")
    return Clue("ics", value, 0.0, detail)


def _date_clue(a: Standard, b: Standard) -> Clue:
    apart = years_apart(a, b)
    if apart == 99:
        detail = _("a year is missing")
    else:
        detail = ngettext("{years} year apart", "{years} years apart", apart).format(years=apart)
    return Clue("date", date_value(a, b), 0.0, detail)


def _degree_hint(similarity: float, clues: list[Clue]) -> Degree | None:
    numbers = next(c.value for c in clues if c.kind == "number")
    if similarity >= 0.9 and numbers == 1.0:
        return Degree.IDT
    if similarity >= 0.6:
        return Degree.MOD
    return None
