"""Translation projects as translators and reviewers use them (SQLite and PostgreSQL): a real English standard
made into a DOCX, cut into segments, pre-translated from the memory, post-edited, confirmed into the personal
memory, approved into the shared memory, checked, and written back as a translated DOCX with its formatting."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
import pytest
from tests.translation.docx_samples import standard_docx, titles

from stdbridge.accounts.roles import LOCAL_ADMIN, Actor, Role
from stdbridge.audit.entry import AuditQuery
from stdbridge.errors import EditConflict, Forbidden
from stdbridge.store import SqlStore, Store
from stdbridge.translation.memory import TranslationMemory
from stdbridge.translation.model import SegmentStatus, TargetOrigin, TranslationUnit, UnitOrigin, UnitScope
from stdbridge.translation.projects import Projects
from stdbridge.translation.quality import Check


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = SqlStore(store_url)
    yield s
    s.close()


def _actor(store: Store, name: str, *roles: Role) -> Actor:
    from stdbridge.accounts.service import Accounts

    user = Accounts(store).add_user(LOCAL_ADMIN, name, roles=frozenset(roles))
    return Actor(user.id, user.name, user.roles, signed_in=True)


def test_a_standard_is_translated_reviewed_and_written_back(store: Store) -> None:
    translator = _actor(store, "li", Role.CONTRIBUTOR)
    reviewer = _actor(store, "wang", Role.REVIEWER)
    gb = titles()
    memory = TranslationMemory.of(store)
    # the shared memory knows the Chinese title of the first normative reference (a real GB adoption's titles)
    reference = f"{gb[1].adopted_from}, {gb[1].title_en}"
    memory.add([TranslationUnit("en", "zh", reference, f"{gb[1].adopted_from}，{gb[1].title_zh}",
                                UnitScope.PLATFORM, UnitOrigin.CATALOGUE_TITLE)])  # fmt: skip
    projects = Projects(store)
    # built once: two builds differ in the zip timestamps when the clock crosses a second between them
    uploaded = standard_docx()
    project = projects.create(translator, "GB-T 24001.docx", uploaded, "en", "zh")
    assert project.id is not None and project.format == "docx"
    segments = projects.segments(translator, project.id)
    assert len(segments) > 20 and all(s.status == SegmentStatus.NEW for s in segments)
    # the file is read only to write the translation; a segment's context, by position
    assert store.project_by_id(project.id).original is None  # type: ignore[union-attr]
    assert store.project_original(project.id) == uploaded
    assert projects.neighbours(segments[1]) == (segments[0].source, segments[2].source)
    assert projects.neighbours(segments[0]) == (None, segments[1].source)

    report = projects.pretranslate(translator, project.id)
    assert report.filled > 0
    after = {s.source: s for s in projects.segments(translator, project.id)}
    exact = after[reference]
    assert exact.origin == TargetOrigin.MEMORY_EXACT and exact.target == f"{gb[1].adopted_from}，{gb[1].title_zh}"
    assert exact.status == SegmentStatus.DRAFT

    # post-edit and confirm the title: it goes into the translator's personal memory
    title = next(s for s in projects.segments(translator, project.id) if s.kind == "title")
    assert title.id is not None
    saved = projects.save(translator, project.id, title.id, gb[0].title_zh, title.version, confirm=True)
    assert saved.status == SegmentStatus.TRANSLATED and saved.origin == TargetOrigin.HUMAN
    assert saved.version == title.version + 1
    mine = memory.matches(gb[0].title_en, "en", "zh", user_id=translator.user_id)
    assert mine and mine[0].score >= 100 and mine[0].unit.scope == UnitScope.PERSONAL

    # someone who loaded the old version cannot overwrite it silently
    with pytest.raises(EditConflict) as conflict:
        projects.save(translator, project.id, title.id, "别的", title.version)
    assert conflict.value.current == saved.version

    # a translator cannot approve; a reviewer can, and the segment reaches the platform's memory
    with pytest.raises(Forbidden):
        projects.review(translator, project.id, title.id, saved.version, approve=True)
    reviewed = projects.review(reviewer, project.id, title.id, saved.version, approve=True)
    assert reviewed.status == SegmentStatus.REVIEWED
    shared = memory.matches(gb[0].title_en, "en", "zh", user_id=None)
    assert any(m.unit.scope == UnitScope.PLATFORM and m.unit.target == gb[0].title_zh for m in shared)

    # the quality checks see an identifier changed; the finding can be judged not an error, with a reason
    clause = next(s for s in projects.segments(translator, project.id) if "ISO 14001:1996" in s.source)
    assert clause.id is not None
    projects.save(translator, project.id, clause.id, clause.source.replace("ISO 14001:1996", "ISO 14001:2015"),
                  clause.version)  # fmt: skip
    findings = [f for f in projects.findings(translator, project.id) if f.key == clause.key]
    assert any(f.check == Check.IDENTIFIERS for f in findings), findings
    projects.waive(translator, project.id, clause.key, Check.IDENTIFIERS.value, "the 2015 edition is meant")
    assert not [f for f in projects.findings(translator, project.id)
                if f.key == clause.key and f.check == Check.IDENTIFIERS]  # fmt: skip

    # the translated DOCX keeps its structure and carries the translation
    written = projects.download(translator, project.id, "document")
    document = docx.Document(io.BytesIO(written.content))
    assert document.paragraphs[0].text == gb[0].title_zh
    original = docx.Document(io.BytesIO(uploaded))
    assert len(document.tables) == len(original.tables) and len(document.paragraphs) == len(original.paragraphs)
    assert [p.style.name for p in document.paragraphs] == [p.style.name for p in original.paragraphs]

    actions = [e.action for e in store.audit_entries(AuditQuery(limit=50))]
    for action in ("translation.create", "translation.pretranslate", "translation.confirm", "translation.review",
                   "translation.waive"):  # fmt: skip
        assert action in actions


def test_a_reader_cannot_make_a_project(store: Store) -> None:
    reader = _actor(store, "zhao", Role.READER)
    with pytest.raises(Forbidden):
        Projects(store).create(reader, "GB-T 24001.docx", standard_docx(), "en", "zh")
    assert store.list_projects() == []
