"""The translation projects' tables (migration 0013) and their rows in ``SqlStore``: projects with the file
uploaded, their segments, each segment's saved versions, and the quality findings judged "not an error".

A segment is saved against the version its editor loaded (``save_segment``): when another person saved it since,
nothing is written and ``EditConflict`` says which version is stored, so that nobody overwrites anybody silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    update,
)

from stdbridge.errors import EditConflict
from stdbridge.i18n import _
from stdbridge.translation.model import (
    Check,
    Project,
    ProjectState,
    Segment,
    SegmentChange,
    SegmentStatus,
    TargetOrigin,
    Waiver,
)

translation_metadata = MetaData()

translation_projects = Table(
    "translation_projects",
    translation_metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String, nullable=False),
    Column("source_lang", String, nullable=False),
    Column("target_lang", String, nullable=False),
    Column("filename", String, nullable=False),
    Column("format", String, nullable=False),
    Column("original", LargeBinary, nullable=False),
    Column("standard_key", String),
    Column("owner_id", Integer),
    Column("state", String, nullable=False),
    Column("created_at", String, nullable=False),
    Column("updated_at", String),
)

translation_segments = Table(
    "translation_segments",
    translation_metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("key", String, nullable=False),
    Column("source", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("status", String, nullable=False),
    Column("origin", String),
    Column("score", Integer),
    Column("engine", String),
    Column("kind", String, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_by", Integer),
    Column("updated_at", String),
    UniqueConstraint("project_id", "key", name="uq_translation_segments_key"),
    Index("ix_translation_segments_position", "project_id", "position"),
)

segment_changes = Table(
    "translation_segment_changes",
    translation_metadata,
    Column("id", Integer, primary_key=True),
    Column("segment_id", Integer, nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("target", Text, nullable=False),
    Column("status", String, nullable=False),
    Column("origin", String),
    Column("changed_by", Integer),
    Column("changed_at", String, nullable=False),
)

quality_waivers = Table(
    "translation_waivers",
    translation_metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, nullable=False, index=True),
    Column("segment_key", String, nullable=False),
    Column("check", String, nullable=False),
    Column("reason", Text, nullable=False),
    Column("by", String, nullable=False),
    Column("at", String, nullable=False),
)


_PROJECT_COLUMNS = [c for c in translation_projects.c if c.name != "original"]  # the file is read on its own


def _project(r: Any) -> Project:
    return Project(r.title, r.source_lang, r.target_lang, r.filename, r.format, None, r.owner_id,
                   r.created_at, r.standard_key, ProjectState(r.state), r.updated_at, r.id)  # fmt: skip


def _segment(r: Any) -> Segment:
    return Segment(r.project_id, r.position, r.key, r.source, r.target, SegmentStatus(r.status),
                   TargetOrigin(r.origin) if r.origin else None, r.score, r.engine, r.kind, r.updated_by,
                   r.updated_at, r.version, r.id)  # fmt: skip


def _segment_row(s: Segment) -> dict[str, Any]:
    return {"project_id": s.project_id, "position": s.position, "key": s.key, "source": s.source,
            "target": s.target, "status": s.status.value, "origin": s.origin.value if s.origin else None,
            "score": s.score, "engine": s.engine, "kind": s.kind, "version": s.version,
            "updated_by": s.updated_by, "updated_at": s.updated_at}  # fmt: skip


def _new_id(key: Any) -> int:
    assert key is not None
    return int(key[0])


class TranslationRows:
    """``SqlStore``'s translation projects (``Store``'s methods of that section)."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def add_project(self, project: Project, segments: Sequence[Segment]) -> None:
        assert project.original is not None, "a new project keeps the file it was made from"
        with self._connect() as conn:
            row = {"title": project.title, "source_lang": project.source_lang, "target_lang": project.target_lang,
                   "filename": project.filename, "format": project.format, "original": project.original,
                   "standard_key": project.standard_key, "owner_id": project.owner_id, "state": project.state.value,
                   "created_at": project.created_at, "updated_at": project.updated_at}  # fmt: skip
            project.id = _new_id(conn.execute(insert(translation_projects).values(row)).inserted_primary_key)
            for segment in segments:
                segment.project_id = project.id
            if not segments:
                return
            conn.execute(insert(translation_segments), [_segment_row(s) for s in segments])  # one executemany
            ids = select(translation_segments.c.key, translation_segments.c.id).where(
                translation_segments.c.project_id == project.id
            )
            found = {str(key): int(number) for key, number in conn.execute(ids)}  # a key is unique in its project
            for segment in segments:
                segment.id = found[segment.key]

    def project_by_id(self, project_id: int) -> Project | None:
        with self._read() as conn:
            row = conn.execute(select(*_PROJECT_COLUMNS).where(translation_projects.c.id == project_id)).first()
        return _project(row) if row is not None else None

    def project_original(self, project_id: int) -> bytes | None:
        query = select(translation_projects.c.original).where(translation_projects.c.id == project_id)
        with self._read() as conn:
            found = conn.execute(query).scalar()
        return bytes(found) if found is not None else None

    def list_projects(self) -> list[Project]:
        with self._read() as conn:
            rows = conn.execute(select(*_PROJECT_COLUMNS).order_by(translation_projects.c.id.desc())).all()
        return [_project(r) for r in rows]

    def segment_sources(self, project_id: int, positions: Iterable[int]) -> dict[int, str]:
        query = select(translation_segments.c.position, translation_segments.c.source).where(
            translation_segments.c.project_id == project_id, translation_segments.c.position.in_(list(positions))
        )
        with self._read() as conn:
            return {int(position): str(source) for position, source in conn.execute(query)}

    def set_project_state(self, project_id: int, state: ProjectState, at: str) -> None:
        with self._connect() as conn:
            conn.execute(update(translation_projects).where(translation_projects.c.id == project_id)
                         .values(state=state.value, updated_at=at))  # fmt: skip

    def segments_of(self, project_id: int) -> list[Segment]:
        query = (select(translation_segments).where(translation_segments.c.project_id == project_id)
                 .order_by(translation_segments.c.position))  # fmt: skip
        with self._read() as conn:
            return [_segment(r) for r in conn.execute(query)]

    def segment_by_id(self, segment_id: int) -> Segment | None:
        with self._read() as conn:
            row = conn.execute(select(translation_segments).where(translation_segments.c.id == segment_id)).first()
        return _segment(row) if row is not None else None

    def save_segment(self, segment: Segment, expected_version: int) -> None:
        """Write ``segment``'s target, status and origin if the stored version is ``expected_version``; its
        version becomes the next one and the change is kept. ``EditConflict`` otherwise, nothing written."""
        assert segment.id is not None
        values = {"target": segment.target, "status": segment.status.value,
                  "origin": segment.origin.value if segment.origin else None, "score": segment.score,
                  "engine": segment.engine, "updated_by": segment.updated_by, "updated_at": segment.updated_at,
                  "version": expected_version + 1}  # fmt: skip
        with self._connect() as conn:
            done = conn.execute(
                update(translation_segments)
                .where(translation_segments.c.id == segment.id, translation_segments.c.version == expected_version)
                .values(values)
            ).rowcount
            if done != 1:
                current = conn.execute(
                    select(translation_segments.c.version).where(translation_segments.c.id == segment.id)
                ).scalar()
                raise EditConflict(
                    _("segment {key} was saved by someone else since you opened it (version {version})").format(
                        key=segment.key, version=current), current=int(current or 0))  # fmt: skip
            conn.execute(insert(segment_changes).values(
                segment_id=segment.id, version=expected_version + 1, target=segment.target,
                status=segment.status.value, origin=values["origin"], changed_by=segment.updated_by,
                changed_at=segment.updated_at or ""))  # fmt: skip
        segment.version = expected_version + 1

    def segment_changes(self, segment_id: int) -> list[SegmentChange]:
        query = select(segment_changes).where(segment_changes.c.segment_id == segment_id).order_by(segment_changes.c.id)
        with self._read() as conn:
            return [SegmentChange(r.segment_id, r.version, r.target, SegmentStatus(r.status),
                                  TargetOrigin(r.origin) if r.origin else None, r.changed_by, r.changed_at)
                    for r in conn.execute(query)]  # fmt: skip

    def segment_counts(self, project_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        ids = list(project_ids)
        query = (select(translation_segments.c.project_id, translation_segments.c.status, func.count())
                 .where(translation_segments.c.project_id.in_(ids))
                 .group_by(translation_segments.c.project_id, translation_segments.c.status))  # fmt: skip
        found: dict[int, dict[str, int]] = {i: {} for i in ids}
        with self._read() as conn:
            for project_id, status, count in conn.execute(query):
                found[int(project_id)][str(status)] = int(count)
        return found

    def add_waiver(self, project_id: int, waiver: Waiver) -> None:
        with self._connect() as conn:
            conn.execute(insert(quality_waivers).values(
                project_id=project_id, segment_key=waiver.segment_key, check=waiver.check.value,
                reason=waiver.reason, by=waiver.by, at=waiver.at))  # fmt: skip

    def waivers_of(self, project_id: int) -> list[Waiver]:
        query = select(quality_waivers).where(quality_waivers.c.project_id == project_id).order_by(quality_waivers.c.id)
        with self._read() as conn:
            return [Waiver(Check(r.check), r.segment_key, r.reason, r.by, r.at) for r in conn.execute(query)]
