"""The releases of recognition programmes (migration 0010) and their rows in ``SqlStore``.

``releases`` holds each published release: the programme it is of, its number, the signed document (its RFC 8785
canonical text, as signed), the signature, the public key, the head of the audit log it cites, who published it
and when. The private key is not here: it is kept in the keys folder (``recognition.signing.KeyFolder``), out of
reach of the database's writers. ``notes_json`` holds what the programme looked like at publication (its entries
counted per stage: the programme page's history of stages).

Publishing also reads the programme's last public-comment period (``last_comment_period``, in the review rounds'
tables) and moves the published entries to the stage of sharing (``mark_published``).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

import orjson
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from stdbridge.audit.entry import AuditEntry, canonical
from stdbridge.errors import UsageError
from stdbridge.i18n import _
from stdbridge.recognition.model import Release, Stage
from stdbridge.store import audit_sql
from stdbridge.store.programmes_sql import programme_entries
from stdbridge.store.rounds_sql import comment_periods

release_metadata = MetaData()

releases = Table(
    "releases",
    release_metadata,
    Column("id", Integer, primary_key=True),
    Column("programme_id", Integer, nullable=False),
    Column("programme_slug", String, nullable=False, index=True),
    Column("visibility", String, nullable=False),  # the programme's at publication: public or members
    Column("number", Integer, nullable=False),
    Column("document_json", Text, nullable=False),
    Column("signature", String, nullable=False),
    Column("public_key", String, nullable=False),
    Column("audit_seq", Integer, nullable=False),
    Column("audit_hash", String, nullable=False),
    Column("published_by", Integer),
    Column("published_at", String, nullable=False),
    Column("notes_json", Text, nullable=False),
    UniqueConstraint("programme_id", "number", name="uq_releases_programme_number"),
)

_SUMMARY = [c for c in releases.c if c.name != "document_json"]
_AUDIT_LOG, _AUDIT_HEAD = audit_sql.audit_tables(MetaData())  # to read entries by number (the catalogue's own)


class ReleaseRows:
    """The ``Store`` methods of releases, for ``SqlStore``."""

    def _connect(self) -> AbstractContextManager[Connection]:  # pragma: no cover - SqlStore's
        raise NotImplementedError

    def add_release(self, release: Release) -> None:
        programme = release.document.get("programme")
        named = programme if isinstance(programme, dict) else {}
        row = {"programme_id": release.programme_id, "number": release.number,
               "programme_slug": str(named.get("slug", "")), "visibility": str(named.get("visibility", "public")),
               "document_json": canonical(release.document).decode(), "signature": release.signature,
               "public_key": release.public_key, "audit_seq": release.audit_seq, "audit_hash": release.audit_hash,
               "published_by": release.published_by, "published_at": release.published_at,
               "notes_json": orjson.dumps(release.notes).decode()}  # fmt: skip
        with self._connect() as conn:
            try:
                with conn.begin_nested():
                    release.id = conn.execute(insert(releases).values(row).returning(releases.c.id)).scalar_one()
            except IntegrityError as exc:
                raise UsageError(_("Release v{number} of this programme exists already.").format(
                    number=release.number)) from exc  # fmt: skip

    def releases_of(self, programme_id: int) -> list[Release]:
        with self._connect() as conn:
            rows = conn.execute(select(*_SUMMARY).where(releases.c.programme_id == programme_id)
                                .order_by(releases.c.number)).all()  # fmt: skip
        return [_release_of(r, {}) for r in rows]

    def release_of(self, programme_id: int, number: int) -> Release | None:
        with self._connect() as conn:
            row = conn.execute(select(releases).where(releases.c.programme_id == programme_id,
                                                      releases.c.number == number)).first()  # fmt: skip
        return None if row is None else _release_of(row, orjson.loads(row.document_json))

    def release_programme(self, slug: str) -> tuple[int, str] | None:
        with self._connect() as conn:
            found = conn.execute(select(releases.c.programme_id, releases.c.visibility)
                                 .where(releases.c.programme_slug == slug)
                                 .order_by(releases.c.id.desc()).limit(1)).first()  # fmt: skip
        return None if found is None else (int(found.programme_id), str(found.visibility))

    def last_release_number(self, programme_id: int) -> int:
        with self._connect() as conn:
            found = conn.execute(select(releases.c.number).where(releases.c.programme_id == programme_id)
                                 .order_by(releases.c.number.desc()).limit(1)).scalar()  # fmt: skip
        return int(found or 0)

    def last_comment_period(self, programme_id: int) -> int | None:
        with self._connect() as conn:
            found = conn.execute(select(comment_periods.c.id).where(comment_periods.c.programme_id == programme_id)
                                 .order_by(comment_periods.c.id.desc()).limit(1)).scalar()  # fmt: skip
        return None if found is None else int(found)

    def mark_published(self, entry_ids: Iterable[int]) -> int:
        ids, pe, done = sorted(set(entry_ids)), programme_entries, 0
        earlier = (Stage.RECOGNITION.value, Stage.COMMONALITY.value)
        with self._connect() as conn:
            for start in range(0, len(ids), 500):
                done += conn.execute(update(pe).where(pe.c.id.in_(ids[start : start + 500]), pe.c.stage.in_(earlier))
                                     .values(stage=Stage.SHARING.value)).rowcount  # fmt: skip
        return done

    def audit_entries_at(self, seqs: Iterable[int]) -> dict[int, AuditEntry]:
        wanted = sorted(set(seqs))
        log = _AUDIT_LOG
        found: dict[int, AuditEntry] = {}
        with self._connect() as conn:
            for start in range(0, len(wanted), 500):
                rows = conn.execute(select(log).where(log.c.seq.in_(wanted[start : start + 500]))).all()
                found.update((r.seq, audit_sql.entry_of(r)) for r in rows)
        return found


def _release_of(r: Any, document: dict[str, object]) -> Release:
    notes = orjson.loads(r.notes_json)
    return Release(id=r.id, programme_id=r.programme_id, number=r.number, document=document, signature=r.signature,
                   public_key=r.public_key, audit_seq=r.audit_seq, audit_hash=r.audit_hash,
                   published_by=r.published_by, published_at=r.published_at, notes=notes)  # fmt: skip
