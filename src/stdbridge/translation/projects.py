"""What translators and reviewers do with a translation project, checked and recorded (``Projects``): make one
from an uploaded document, pre-translate it, save and confirm segments, review them, run the quality checks and
judge findings, and download the translated document, a bilingual review copy, XLIFF and TMX. The command line,
the HTTP API and the web pages all go through here.

Who may do what: reading a project needs ``reader``; making one, pre-translating, saving and confirming segments
and judging findings needs ``contributor``; approving or sending back a segment needs ``reviewer``. A confirmed
segment goes into the translator's personal memory; an approved one into the platform's shared memory, so the
next project finds it. Every change is recorded in the audit log in its transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stdbridge import audit
from stdbridge.accounts.roles import Actor, Role, require
from stdbridge.audit.entry import (
    TRANSLATION_CONFIRM,
    TRANSLATION_CREATE,
    TRANSLATION_DELIVER,
    TRANSLATION_PRETRANSLATE,
    TRANSLATION_REVIEW,
    TRANSLATION_SAVE,
    TRANSLATION_WAIVE,
)
from stdbridge.errors import EditConflict, EngineFailed, MissingExtra, NotFound, UsageError
from stdbridge.i18n import _, ngettext
from stdbridge.progress import NO_PROGRESS, Progress
from stdbridge.runtime import now_iso as now
from stdbridge.store.base import Store
from stdbridge.translation import documents
from stdbridge.translation.bilingual import bilingual_docx, bilingual_html
from stdbridge.translation.engines import engine_from_settings
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import (
    EngineResult,
    Match,
    Project,
    ProjectState,
    Segment,
    SegmentStatus,
    TargetOrigin,
    TermHit,
    TranslationUnit,
    UnitOrigin,
    UnitScope,
    without_tags,
)
from stdbridge.translation.pretranslate import PretranslationReport, pretranslate
from stdbridge.translation.quality import Check, Finding, Waiver, check_document, check_segment, without_waived
from stdbridge.translation.termbase import Termbase
from stdbridge.translation.tmx import write_tmx

DOWNLOADS = ("document", "bilingual-docx", "bilingual-html", "xliff", "tmx")
MAX_TARGET = 20_000  # characters of one segment's target


@dataclass(frozen=True, slots=True)
class Assistance:
    """What the editor shows beside the active segment: memory matches, the termbase's terms in its source, a
    machine translation (or why the engine gave none), and the quality checks' findings."""

    matches: list[Match]
    terms: list[TermHit]
    suggestion: EngineResult | None
    engine_problem: str | None
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class Download:
    filename: str
    media_type: str
    content: bytes


class Projects:
    """The translation projects of a store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def memory(self) -> TranslationMemory:
        return TranslationMemory.of(self.store)

    @property
    def terms(self) -> Termbase:
        return Termbase.of_store(self.store)

    # reading ----------------------------------------------------------------------------------------------------
    def project(self, actor: Actor, project_id: int) -> Project:
        require(actor, Role.READER)
        found = self.store.project_by_id(project_id)
        if found is None:
            raise NotFound(_("there is no translation project {id}").format(id=project_id))
        return found

    def segments(self, actor: Actor, project_id: int, *, status: SegmentStatus | None = None,
                 text: str | None = None) -> list[Segment]:  # fmt: skip
        """A project's segments in order; only those of ``status``, or whose source or target holds ``text``."""
        self.project(actor, project_id)
        found = self.store.segments_of(project_id)
        if status is not None:
            found = [s for s in found if s.status == status]
        if text:
            wanted = text.casefold()
            found = [s for s in found if wanted in s.source.casefold() or wanted in s.target.casefold()]
        return found

    def segment(self, actor: Actor, project_id: int, segment_id: int) -> Segment:
        return self._located(actor, project_id, segment_id)[1]

    def _located(self, actor: Actor, project_id: int, segment_id: int) -> tuple[Project, Segment]:
        """The project and its segment, each read once."""
        project = self.project(actor, project_id)
        found = self.store.segment_by_id(segment_id)
        if found is None or found.project_id != project_id:
            raise NotFound(_("project {project} has no segment {id}").format(project=project_id, id=segment_id))
        return project, found

    def progress(self, project_id: int) -> dict[str, int]:
        counts = self.store.segment_counts([project_id])[project_id]
        return {status.value: counts.get(status.value, 0) for status in SegmentStatus}

    def neighbours(self, segment: Segment) -> tuple[str | None, str | None]:
        """The sources of the segments before and after ``segment``: its context for in-context matches."""
        found = self.store.segment_sources(segment.project_id, (segment.position - 1, segment.position + 1))
        return found.get(segment.position - 1), found.get(segment.position + 1)

    def assist(self, actor: Actor, project_id: int, segment: Segment, *, engine: bool = True) -> Assistance:
        """The matches, terms, machine translation and findings of ``segment``, for the editor."""
        project = self.project(actor, project_id)
        previous, following = self.neighbours(segment)
        matches = self.memory.matches(segment.source, project.source_lang, project.target_lang,
                                      user_id=actor.user_id, previous=previous, following=following)  # fmt: skip
        terms = self.terms.terms_in(segment.source, project.source_lang, project.target_lang, user_id=actor.user_id)
        suggestion, problem = None, None
        if engine:
            try:
                machine = engine_from_settings(terms=self.terms, user_id=actor.user_id)  # the matches are shown apart
                suggestion = machine.translate([segment.source], project.source_lang, project.target_lang)[0]
            except (EngineFailed, UsageError, MissingExtra) as exc:
                problem = str(exc)
        findings = self.segment_findings(actor, project_id, segment) if segment.target else []
        return Assistance(matches, terms, suggestion, problem, findings)

    # changing ---------------------------------------------------------------------------------------------------
    def create(self, actor: Actor, filename: str, data: bytes, source_lang: str, target_lang: str, *,
               title: str | None = None, standard_key: str | None = None) -> Project:  # fmt: skip
        """A project of the document uploaded, cut into segments."""
        require(actor, Role.CONTRIBUTOR)
        source_lang, target_lang = source_lang.strip().lower(), target_lang.strip().lower()
        if not source_lang or not target_lang or source_lang == target_lang:
            raise UsageError(_("a translation goes from one language into another: give both, different"))
        text = documents.read_document(filename, data, source_lang)
        project = Project((title or filename).strip()[:300] or filename, source_lang, target_lang, filename,
                          text.format, data, actor.user_id, now(), standard_key)  # fmt: skip
        segments = text.project_segments(0)
        if not segments:
            raise UsageError(_("{name} holds no text to translate").format(name=filename))
        with self.store.transaction():
            self.store.add_project(project, segments)
            audit.record(self.store, actor.name, actor.user_id, TRANSLATION_CREATE, _subject(project), None,
                         {"title": project.title, "segments": len(segments), "format": project.format,
                          "languages": f"{source_lang}>{target_lang}"})  # fmt: skip
        return project

    def pretranslate(
        self,
        actor: Actor,
        project_id: int,
        *,
        replace_drafts: bool = False,
        progress: Progress = NO_PROGRESS,
        finishing: Callable[[PretranslationReport], None] | None = None,
    ) -> PretranslationReport:
        """Fill the new segments from the memory, then the configured engine (``STDBRIDGE_MT_ENGINE``; the offline
        engine by default); a person's work is never overwritten, nor a segment someone saved while this ran (it
        is counted as kept). ``finishing`` is called with the report in the transaction that writes the targets,
        as its last write (a job marks itself done there: done if and only if the targets are written)."""
        require(actor, Role.CONTRIBUTOR)
        project = self.project(actor, project_id)
        segments = self.store.segments_of(project_id)
        versions = {s.id: s.version for s in segments}
        before = {s.id: (s.target, s.status) for s in segments}
        memory = self.memory
        engine = engine_from_settings(terms=self.terms, user_id=actor.user_id)  # the memory is asked first, once
        report = pretranslate(segments, project.source_lang, project.target_lang, memory=memory, engine=engine,
                              user_id=actor.user_id, replace_drafts=replace_drafts, progress=progress)  # fmt: skip
        changed = [s for s in segments if before[s.id] != (s.target, s.status)]
        progress.step(_("Saving the pre-translated segments"), total=len(changed))
        written = 0
        with self.store.transaction():
            for segment in changed:
                segment.updated_by, segment.updated_at = actor.user_id, now()
                try:
                    self.store.save_segment(segment, versions[segment.id])
                    written += 1
                except EditConflict:  # a translator saved it meanwhile: theirs is kept, nothing of ours written
                    _count_as_kept(report, segment)
                progress.advance()
            audit.record(self.store, actor.name, actor.user_id, TRANSLATION_PRETRANSLATE, _subject(project), None,
                         {"filled": written, "engine": engine.name,
                          "failed": len(report.failures)})  # fmt: skip
            if finishing is not None:
                finishing(report)
        return report

    def save(self, actor: Actor, project_id: int, segment_id: int, target: str, expected_version: int, *,
             confirm: bool = False) -> Segment:  # fmt: skip
        """Save a segment's target as a draft, or (``confirm``) as translated, into the translator's personal
        memory too. ``EditConflict`` when someone saved it since ``expected_version``."""
        require(actor, Role.CONTRIBUTOR)
        project, segment = self._located(actor, project_id, segment_id)
        if len(target) > MAX_TARGET:
            raise UsageError(ngettext("a segment's translation is at most {n} character",
                                      "a segment's translation is at most {n} characters", MAX_TARGET).format(
                                          n=MAX_TARGET))  # fmt: skip
        if confirm and not without_tags(target).strip():
            raise UsageError(_("an empty translation cannot be confirmed"))
        if target != segment.target:
            segment.origin, segment.score, segment.engine = TargetOrigin.HUMAN, None, None
        segment.target = target
        segment.status = SegmentStatus.TRANSLATED if confirm else SegmentStatus.DRAFT
        segment.updated_by, segment.updated_at = actor.user_id, now()
        with self.store.transaction():
            self.store.save_segment(segment, expected_version)
            if confirm and actor.user_id is not None:  # a draft (an autosave) reads no neighbours
                previous, following = self.neighbours(segment)
                self.memory.confirm(actor, segment.source, target, project.source_lang, project.target_lang,
                                    previous=previous, following=following,
                                    reference=f"{_subject(project)} {segment.key}")  # fmt: skip
            audit.record(self.store, actor.name, actor.user_id, TRANSLATION_CONFIRM if confirm else TRANSLATION_SAVE,
                         f"{_subject(project)} {segment.key}", None,
                         {"version": segment.version, "status": segment.status.value})  # fmt: skip
        return segment

    def review(self, actor: Actor, project_id: int, segment_id: int, expected_version: int, *,
               approve: bool) -> Segment:  # fmt: skip
        """A reviewer approves a translated segment (it goes into the platform's shared memory) or sends it back
        to the translator as a draft."""
        require(actor, Role.REVIEWER)
        project, segment = self._located(actor, project_id, segment_id)
        if approve and segment.status not in (SegmentStatus.TRANSLATED, SegmentStatus.REVIEWED):
            raise UsageError(_("segment {key} is not translated yet: confirm it first").format(key=segment.key))
        segment.status = SegmentStatus.REVIEWED if approve else SegmentStatus.DRAFT
        segment.updated_by, segment.updated_at = actor.user_id, now()
        with self.store.transaction():
            self.store.save_segment(segment, expected_version)
            if approve:
                previous, following = self.neighbours(segment)
                unit = TranslationUnit(project.source_lang, project.target_lang, segment.source, segment.target,
                                       UnitScope.PLATFORM, UnitOrigin.REVIEWED, None, previous, following,
                                       f"{_subject(project)} {segment.key}", actor.user_id, now())  # fmt: skip
                self.memory.add([unit])
            audit.record(self.store, actor.name, actor.user_id, TRANSLATION_REVIEW,
                         f"{_subject(project)} {segment.key}", None,
                         {"approved": approve, "version": segment.version})  # fmt: skip
        return segment

    def deliver(self, actor: Actor, project_id: int) -> str | None:
        """A reviewer delivers a project whose segments are all approved. A project of a catalogue standard gives
        the standard its translated title, kept as a contributed translation (who, which project, when) apart
        from the official titles, shown on its page and found by search. Answers that title (None when the
        project is of no standard or its title segment was not found)."""
        require(actor, Role.REVIEWER)
        project = self.project(actor, project_id)
        segments = self.store.segments_of(project_id)
        waiting = [s for s in segments if s.status is not SegmentStatus.REVIEWED and without_tags(s.source).strip()]
        if waiting:
            raise UsageError(ngettext("{count} segment is not approved yet (the first: {key})",
                                      "{count} segments are not approved yet (the first: {key})",
                                      len(waiting)).format(count=len(waiting), key=waiting[0].key))  # fmt: skip
        title = self._translated_title(project, segments)
        at = now()
        with self.store.transaction():
            self.store.set_project_state(project_id, ProjectState.DELIVERED, at)
            if title is not None and project.standard_key is not None:
                contribution = {"title": title, "by": actor.name, "project": project_id, "at": at,
                                "source_lang": project.source_lang}  # fmt: skip
                self.store.add_contributed_title(project.standard_key, project.target_lang, contribution, at)
            audit.record(self.store, actor.name, actor.user_id, TRANSLATION_DELIVER, _subject(project), None,
                         {"standard": project.standard_key, "translated_title": title})  # fmt: skip
        return title

    def _translated_title(self, project: Project, segments: list[Segment]) -> str | None:
        """The target of the segment that is the standard's official title in the source language (spaces
        aside), else of the document's first title segment."""
        if project.standard_key is None:
            return None
        standard = self.store.standards_by_keys([project.standard_key]).get(project.standard_key)
        if standard is None:
            raise NotFound(_("no standard {key} in the catalogue").format(key=project.standard_key))
        official = "".join((standard.titles.get(project.source_lang) or "").split())
        plain = [(s, "".join(without_tags(s.source).split())) for s in segments]
        found = next((s for s, text in plain if official and text == official), None)
        found = found or next((s for s in segments if s.kind == "title"), None)
        target = " ".join(without_tags(found.target).split()) if found is not None else ""
        return target or None

    # quality ----------------------------------------------------------------------------------------------------
    def findings(self, actor: Actor, project_id: int) -> list[Finding]:
        """The quality checks' findings over the whole document, those judged "not an error" left out."""
        project = self.project(actor, project_id)
        found = check_document(self.store.segments_of(project_id), project.source_lang, project.target_lang,
                               terms=self.terms, user_id=actor.user_id)  # fmt: skip
        return without_waived(found, self.store.waivers_of(project_id))

    def segment_findings(self, actor: Actor, project_id: int, segment: Segment) -> list[Finding]:
        project = self.project(actor, project_id)
        found = check_segment(segment, project.source_lang, project.target_lang, terms=self.terms,
                              user_id=actor.user_id)  # fmt: skip
        return without_waived(found, self.store.waivers_of(project_id))

    def waive(self, actor: Actor, project_id: int, segment_key: str, check: str, reason: str) -> Waiver:
        """Judge a finding "not an error", with the reason."""
        require(actor, Role.CONTRIBUTOR)
        project = self.project(actor, project_id)
        try:
            which = Check(check)
        except ValueError:
            raise UsageError(_("there is no quality check {name!r}").format(name=check)) from None
        if not reason.strip():
            raise UsageError(_("say why it is not an error"))
        waiver = Waiver(which, segment_key, reason.strip()[:1000], actor.name, now())
        with self.store.transaction():
            self.store.add_waiver(project_id, waiver)
            audit.record(self.store, actor.name, actor.user_id, TRANSLATION_WAIVE, f"{_subject(project)} {segment_key}",
                         None, {"check": which.value, "reason": waiver.reason})  # fmt: skip
        return waiver

    # downloads --------------------------------------------------------------------------------------------------
    def download(self, actor: Actor, project_id: int, kind: str) -> Download:
        project = self.project(actor, project_id)
        segments = self.store.segments_of(project_id)
        stem = project.filename.rsplit(".", 1)[0] or "translation"
        lang = project.target_lang
        if kind == "document":
            targets = {s.key: s.target for s in segments if without_tags(s.target).strip()}
            original = self.store.project_original(project_id)
            assert original is not None  # the project was read just now
            content = documents.write_document(project.filename, original, targets, lang)
            suffix = project.filename.rsplit(".", 1)[-1] if "." in project.filename else "txt"
            return Download(f"{stem}.{lang}.{suffix}", _MEDIA.get(suffix.lower(), "application/octet-stream"), content)
        if kind == "bilingual-docx":
            return Download(f"{stem}.{project.source_lang}-{lang}.docx", _MEDIA["docx"],
                            bilingual_docx(segments, project.source_lang, lang, title=project.title))  # fmt: skip
        if kind == "bilingual-html":
            html = bilingual_html(segments, project.source_lang, lang, title=project.title)
            return Download(f"{stem}.{project.source_lang}-{lang}.html", "text/html; charset=utf-8", html.encode())
        if kind == "xliff":
            return Download(f"{stem}.xlf", "application/xliff+xml",
                            documents.write_xliff(segments, project.source_lang, lang))  # fmt: skip
        if kind == "tmx":
            units = [TranslationUnit(project.source_lang, lang, s.source, s.target, UnitScope.PERSONAL,
                                     UnitOrigin.CONFIRMED, reference=f"{_subject(project)} {s.key}")
                     for s in segments
                     if s.status in (SegmentStatus.TRANSLATED, SegmentStatus.REVIEWED)]  # fmt: skip
            return Download(f"{stem}.tmx", "application/x-tmx+xml", write_tmx(units, project.source_lang, lang))
        raise UsageError(_("no download {kind!r}: choose one of {kinds}").format(kind=kind, kinds=", ".join(DOWNLOADS)))


_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "xlf": "application/xliff+xml",
    "xliff": "application/xliff+xml",
}


def _count_as_kept(report: PretranslationReport, segment: Segment) -> None:
    """Move a segment pre-translation filled but did not write (someone saved it meanwhile) to the kept ones."""
    if segment.origin == TargetOrigin.MEMORY_EXACT:
        report.memory_exact -= 1
    elif segment.origin == TargetOrigin.MEMORY_FUZZY:
        report.memory_fuzzy -= 1
    else:
        report.engine -= 1
        if segment.origin == TargetOrigin.TERMBASE_DRAFT:
            report.drafts -= 1
    report.kept += 1


def _subject(project: Project) -> str:
    return f"translation project {project.id}"


def progress_share(counts: dict[str, int]) -> float:
    """The share of a project's segments translated or reviewed."""
    total = sum(counts.values())
    done = counts.get(SegmentStatus.TRANSLATED.value, 0) + counts.get(SegmentStatus.REVIEWED.value, 0)
    return done / total if total else 0.0
