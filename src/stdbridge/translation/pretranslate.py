"""Pre-translating a whole document: memory first, then an engine for the rest, in batches.

For each segment still to translate (status NEW, or an empty target; with ``replace_drafts`` also machine drafts),
in document order:

1. the memory's best match, asked with the neighbouring sources for in-context matches: an in-context or exact
   match (101, 100) fills the target as ``MEMORY_EXACT``, a fuzzy one at or above ``fuzzy_threshold`` as
   ``MEMORY_FUZZY``, with its score;
2. the rest go to the engine, ``batch_size`` at a time; each target gets the origin and score the engine claims
   (``ENGINE``, or the offline engine's ``TERMBASE_DRAFT``) and the engine's name.

Every target written is a DRAFT. A segment a person wrote or confirmed (TRANSLATED, REVIEWED, or origin HUMAN) is
never touched. When the engine fails for a batch, those segments are left exactly as they were and the report
names each one with the engine's reason; the remaining batches are still tried, until three batches in a row
have failed, after which the rest are reported as not tried. Progress is reported per segment
(``stdbridge.progress``) and ``deadline.checkpoint()`` is called between batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from stdbridge.deadline import checkpoint
from stdbridge.errors import EngineFailed
from stdbridge.i18n import _
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.translation.interfaces import Engine, MemoryLookup
from stdbridge.translation.model import EngineResult, Segment, SegmentStatus, TargetOrigin

__all__ = ["PretranslationReport", "SegmentFailure", "needs_pretranslation", "pretranslate"]

_FAILED_BATCHES_BEFORE_GIVING_UP = 3


@dataclass(frozen=True, slots=True)
class SegmentFailure:
    """A segment the engine did not translate, left as it was: which one and why (in the user's language)."""

    key: str
    position: int
    engine: str
    reason: str
    segment_id: int | None = None


@dataclass(slots=True)
class PretranslationReport:
    """What a pre-translation did: how many segments each way filled, which were kept, which failed."""

    memory_exact: int = 0
    memory_fuzzy: int = 0
    engine: int = 0  # filled by the engine (a real engine's translation or the offline engine's draft)
    drafts: int = 0  # of which the offline engine's termbase-and-lexicon drafts
    kept: int = 0  # already translated (by a person, or a draft not to replace): not touched
    failures: list[SegmentFailure] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return self.memory_exact + self.memory_fuzzy + self.engine


def needs_pretranslation(segment: Segment, *, replace_drafts: bool = False) -> bool:
    """Whether pre-translation may write ``segment``'s target: never over a person's work (TRANSLATED, REVIEWED,
    or a draft a person typed); a machine draft only with ``replace_drafts``."""
    if segment.status in (SegmentStatus.TRANSLATED, SegmentStatus.REVIEWED) or segment.origin == TargetOrigin.HUMAN:
        return False
    if segment.status == SegmentStatus.NEW or not segment.target.strip():
        return True
    return replace_drafts


def pretranslate(
    segments: Sequence[Segment],
    source_lang: str,
    target_lang: str,
    *,
    memory: MemoryLookup | None = None,
    engine: Engine | None = None,
    user_id: int | None = None,
    fuzzy_threshold: int = 75,
    batch_size: int = 50,
    replace_drafts: bool = False,
    progress: Progress = NO_PROGRESS,
) -> PretranslationReport:
    """Fill the targets of ``segments`` (in place) from ``memory``, then ``engine``; see the module's docstring."""
    report = PretranslationReport()
    todo: list[Segment] = []
    for segment in segments:
        if needs_pretranslation(segment, replace_drafts=replace_drafts) and segment.source.strip():
            todo.append(segment)
        else:
            report.kept += 1
    rest = todo
    if memory is not None:
        progress.step(_("Looking up the translation memory"), total=len(todo))
        rest = _from_memory(
            list(segments), todo, memory, source_lang, target_lang, user_id, fuzzy_threshold, report, progress
        )
    if engine is not None and rest:
        progress.step(_("Translating with {engine}").format(engine=engine.name), total=len(rest))
        _from_engine(rest, engine, source_lang, target_lang, max(1, batch_size), report, progress)
    return report


def _from_memory(
    document: list[Segment],
    todo: list[Segment],
    memory: MemoryLookup,
    source_lang: str,
    target_lang: str,
    user_id: int | None,
    fuzzy_threshold: int,
    report: PretranslationReport,
    progress: Progress,
) -> list[Segment]:
    place = {id(segment): i for i, segment in enumerate(document)}
    rest: list[Segment] = []
    for count, segment in enumerate(todo, 1):
        if count % 200 == 0:
            checkpoint()
        i = place[id(segment)]
        previous = document[i - 1].source if i > 0 else None
        following = document[i + 1].source if i + 1 < len(document) else None
        found = memory.matches(
            segment.source, source_lang, target_lang, user_id=user_id, previous=previous, following=following,
            minimum=fuzzy_threshold, limit=1,
        )  # fmt: skip
        if found and found[0].score >= fuzzy_threshold:
            best = found[0]
            exact = best.score >= 100
            _fill(segment, best.unit.target, TargetOrigin.MEMORY_EXACT if exact else TargetOrigin.MEMORY_FUZZY,
                  best.score, None)  # fmt: skip
            if exact:
                report.memory_exact += 1
            else:
                report.memory_fuzzy += 1
        else:
            rest.append(segment)
        progress.advance()
    return rest


def _from_engine(
    rest: list[Segment],
    engine: Engine,
    source_lang: str,
    target_lang: str,
    batch_size: int,
    report: PretranslationReport,
    progress: Progress,
) -> None:
    failed_in_a_row = 0
    for start in range(0, len(rest), batch_size):
        checkpoint()
        batch = rest[start : start + batch_size]
        if failed_in_a_row >= _FAILED_BATCHES_BEFORE_GIVING_UP:
            reason = _("not tried: the engine failed for {count} batches in a row").format(count=failed_in_a_row)
            report.failures.extend(_failure(s, engine.name, reason) for s in batch)
            progress.advance(len(batch))
            continue
        try:
            results = engine.translate([s.source for s in batch], source_lang, target_lang)
            if len(results) != len(batch):
                raise EngineFailed(
                    _("{engine}: asked to translate {asked} texts, answered {answered}").format(
                        engine=engine.name, asked=len(batch), answered=len(results)
                    ),
                    engine=engine.name,
                )
        except EngineFailed as failed:
            failed_in_a_row += 1
            report.failures.extend(_failure(s, failed.engine, failed.message) for s in batch)
            progress.advance(len(batch))
            continue
        failed_in_a_row = 0
        for segment, result in zip(batch, results, strict=True):
            _fill_from_engine(segment, result, report)
        progress.advance(len(batch))


def _fill_from_engine(segment: Segment, result: EngineResult, report: PretranslationReport) -> None:
    if result.origin in (TargetOrigin.MEMORY_EXACT, TargetOrigin.MEMORY_FUZZY):
        _fill(segment, result.text, result.origin, result.score, None)
        if result.origin == TargetOrigin.MEMORY_EXACT:
            report.memory_exact += 1
        else:
            report.memory_fuzzy += 1
        return
    _fill(segment, result.text, result.origin, result.score, result.engine)
    report.engine += 1
    if result.origin == TargetOrigin.TERMBASE_DRAFT:
        report.drafts += 1


def _fill(segment: Segment, target: str, origin: TargetOrigin, score: int | None, engine: str | None) -> None:
    segment.target = target
    segment.status = SegmentStatus.DRAFT
    segment.origin = origin
    segment.score = score
    segment.engine = engine


def _failure(segment: Segment, engine: str, reason: str) -> SegmentFailure:
    return SegmentFailure(segment.key, segment.position, engine, reason, segment.id)
