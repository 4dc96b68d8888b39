"""``SqlStore``: the catalogue's storage in SQLAlchemy Core, SQLite by default.

The catalogue's tables are in ``store.tables`` (the accounts', jobs', programmes', rounds', releases' and the audit
log's are added to its ``metadata`` here); the hot reads of searches and record pages in ``store.reads_sql``; what
is written, and the rest of what is read, here. Each thread has its own connection, and its own transaction; on a
server, the reads of one request may share one connection (``reading``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Connection, Engine, Table, create_engine, delete, event, func, insert, select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from stdbridge.audit.entry import AuditEntry, AuditQuery
from stdbridge.errors import NotFound, StoreError
from stdbridge.i18n import _
from stdbridge.models import (
    ChangeEvent,
    ClassEntry,
    Decision,
    Degree,
    Relation,
    RelationType,
    Standard,
    Verdict,
    standard_to_record,
)
from stdbridge.store import audit_sql, connections, schema, spans_sql
from stdbridge.store.accounts_sql import AccountRows, account_metadata
from stdbridge.store.base import SourceRecord, Store
from stdbridge.store.connectivity_sql import ConnectivityRows, connectivity_metadata
from stdbridge.store.feed import CHANNEL, ChangeWaiter, ListeningWaiter, PollingWaiter
from stdbridge.store.jobs_sql import JobRows, job_metadata
from stdbridge.store.memory_sql import MemoryRows, memory_metadata
from stdbridge.store.notices_sql import NoticeRows, notice_metadata
from stdbridge.store.profiles_sql import ProfileRows, profile_metadata
from stdbridge.store.programmes_sql import ProgrammeRows, programme_metadata
from stdbridge.store.reads_sql import LATEST_CHANGE, CatalogueReads, chunks, rows_to_standards
from stdbridge.store.releases_sql import ReleaseRows, release_metadata
from stdbridge.store.rounds_sql import ReviewRoundRows, rounds_metadata
from stdbridge.store.spans_sql import EditionSpan, StaleSpans, spans_metadata
from stdbridge.store.tables import (
    changes,
    classes,
    counters,
    decisions,
    events,
    imports,
    lookup_keys,
    metadata,
    relations,
    sources,
    standards,
)
from stdbridge.store.terms_sql import TermRows, term_metadata
from stdbridge.store.translation_sql import TranslationRows, translation_metadata
from stdbridge.store.watch_sql import WatchRows, event_of, watch_metadata

__all__ = ["SqlStore", "metadata", "standards"]

if TYPE_CHECKING:  # a dialect is loaded when its database is written to (PostgreSQL's alone takes 0.1 s)
    from sqlalchemy.dialects import postgresql, sqlite

for _table in account_metadata.sorted_tables:  # the accounts' tables (``accounts_sql``) are the catalogue's too
    _table.to_metadata(metadata)
for _table in job_metadata.sorted_tables:  # the job queue (``jobs_sql``, migration 0007)
    _table.to_metadata(metadata)
for _table in programme_metadata.sorted_tables:  # the programmes' tables (``programmes_sql``, migration 0008)
    _table.to_metadata(metadata)
for _table in rounds_metadata.sorted_tables:  # the review rounds' tables (``rounds_sql``, migration 0009)
    _table.to_metadata(metadata)
for _table in release_metadata.sorted_tables:  # the releases of recognition programmes (``releases_sql``, 0010)
    _table.to_metadata(metadata)
for _table in memory_metadata.sorted_tables:  # the translation memory (``memory_sql``, migration 0011)
    _table.to_metadata(metadata)
for _table in term_metadata.sorted_tables:  # the termbase (``terms_sql``, migration 0012)
    _table.to_metadata(metadata)
for _table in translation_metadata.sorted_tables:  # translation projects (``translation_sql``, migration 0013)
    _table.to_metadata(metadata)
for _table in watch_metadata.sorted_tables:  # watchlists and alerts (``watch_sql``, migration 0015)
    _table.to_metadata(metadata)
for _table in profile_metadata.sorted_tables:  # the facts of the country profiles (``profiles_sql``, 0017)
    _table.to_metadata(metadata)
for _table in connectivity_metadata.sorted_tables:  # the connectivity index (``connectivity_sql``, migration 0018)
    _table.to_metadata(metadata)
for _table in notice_metadata.sorted_tables:  # notices and news (``notices_sql``, migration 0016)
    _table.to_metadata(metadata)
for _table in spans_metadata.sorted_tables:  # the days editions are in force (``spans_sql``, migration 0019)
    _table.to_metadata(metadata)

audit_log, audit_head = audit_sql.audit_tables(metadata)  # the audit log (migration 0005)
_AUDIT_APPEND = audit_sql.Appending(audit_log, audit_head)


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


class SqlStore(
    CatalogueReads, AccountRows, JobRows, ProgrammeRows, ReviewRoundRows, ReleaseRows,
    MemoryRows,
    TermRows,
    TranslationRows,
    WatchRows,
    ProfileRows,
    ConnectivityRows,
    NoticeRows,
    Store,
):  # fmt: skip
    """A store on any SQLAlchemy URL; ``sqlite:///path`` is the embedded default."""

    def __init__(self, url: str, replica: str | None = None) -> None:
        self.url = self.location = url
        try:
            server = url.startswith("postgresql")
            self.engine: Engine = connections.server_engine(url) if server else create_engine(url)
            # reads outside a write transaction go to a streaming replica, when there is one (``_read``)
            self.read_engine: Engine | None = connections.server_engine(replica, limited=True) if replica else None
            # on PostgreSQL a read on its own runs without BEGIN and COMMIT (autocommit): two round trips fewer,
            # and the same rows seen, as each statement of READ COMMITTED reads its own snapshot anyway
            reader = self.read_engine or (connections.server_engine(url, limited=True) if server else None)
            self._reader = reader.execution_options(isolation_level="AUTOCOMMIT") if reader is not None else None
        except StoreError:
            raise
        except Exception as exc:  # bad URL or missing driver
            raise StoreError(f"cannot open catalogue {url}: {exc}") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _tune_sqlite)
        # The connection of each thread's open transaction: a thread never reads another's uncommitted rows (the
        # web's decision handlers write on the event loop's thread while pages read in the thread pool).
        self._local = threading.local()
        self.location_shown = self.engine.url.render_as_string(hide_password=True)
        try:
            with self.engine.begin() as conn:
                schema.prepare(conn, self.location_shown, embedded=self.engine.dialect.name == "sqlite")
        except DBAPIError as exc:
            self.engine.dispose()
            if self._server and (away := connections.unavailable(exc, self.location_shown)) is not None:
                raise away from exc
            raise StoreError(f"cannot open catalogue {self.location_shown}: {exc.orig}") from exc
        except StoreError:
            self.engine.dispose()
            raise

    # connections -----------------------------------------------------------------
    @property
    def _conn(self) -> Connection | None:
        """The connection of this thread's open transaction, if it has one."""
        conn: Connection | None = getattr(self._local, "conn", None)
        return conn

    @property
    def _server(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def _unavailable(self, exc: Exception) -> None:
        """Raise ``DatabaseUnavailable`` in place of ``exc`` when it means the server cannot be reached now."""
        if self._server and (away := connections.unavailable(exc, self.location_shown)) is not None:
            raise away from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._conn is not None:  # nested: join the outer transaction
            yield
            return
        try:
            with self.engine.begin() as conn:
                self._local.conn, self._local.stale_spans = conn, StaleSpans()
                yield
                spans_sql.refresh_spans(conn, self._local.stale_spans)  # what the writes moved, before commit
        except (DBAPIError, PoolTimeout) as exc:
            self._unavailable(exc)
            if not isinstance(exc, OperationalError):
                raise
            raise StoreError(f"catalogue {self.location_shown}: {exc.orig}") from exc
        finally:
            self._local.conn = self._local.stale_spans = None
        if self.engine.dialect.name == "sqlite":
            # keep the planner's statistics current after bulk writes (cheap: bounded by analysis_limit); advice
            # only: when another process writes at this moment, the next transaction's end does it
            try:
                with self.engine.begin() as conn:
                    conn.exec_driver_sql("PRAGMA optimize")
            except OperationalError:
                pass

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        if self._conn is not None:
            yield self._conn
            return
        try:  # a call on its own is its own transaction
            with self.engine.begin() as conn:
                yield conn
        except (DBAPIError, PoolTimeout) as exc:
            self._unavailable(exc)
            raise

    @contextmanager
    def reading(self) -> Iterator[None]:
        """The reads inside, of this thread, share one connection (the replica's pool's, else the primary's):
        checked out (and on a server checked, ``pool_pre_ping``) at the first read, given back at the end, instead
        of once per read. A search makes five or six reads: on an embedded SQLite catalogue, taking a connection
        and beginning a transaction for each cost about 0.3 ms of a search's 5. Inside a write transaction, reads
        are its own."""
        local = self._local
        if getattr(local, "reading", False):
            yield
            return
        local.reading, local.read_conn = True, None
        try:
            yield
        finally:
            conn, local.reading, local.read_conn = local.read_conn, False, None
            if conn is not None:
                conn.close()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection to read from: the open write transaction's, else the replica's when there is one (which
        may lag behind the primary by the time its replay takes), else the primary's; within ``reading``, the
        one connection of its reads."""
        local = self._local
        reading = getattr(local, "reading", False)
        if self._conn is not None or (self._reader is None and not reading):
            with self._connect() as conn:
                yield conn
            return
        engine = self._reader or self.engine
        try:
            if reading:
                if local.read_conn is None:
                    local.read_conn = engine.connect()
                yield local.read_conn
                return
            with engine.connect() as conn:
                yield conn
        except (DBAPIError, PoolTimeout) as exc:
            if self._reader is None:
                self._unavailable(exc)
                raise
            where = self._reader.url.render_as_string(hide_password=True)
            if (away := connections.unavailable(exc, where)) is not None:
                raise away from exc
            raise

    def close(self) -> None:
        self.engine.dispose()
        if self._reader is not None:
            self._reader.dispose()

    # standards -------------------------------------------------------------------
    def work_sizes(self, work_keys: Iterable[str] | None = None) -> dict[str, int]:
        query = select(standards.c.work_key, func.count()).group_by(standards.c.work_key)
        with self._read() as conn:
            if work_keys is None:
                return {k: int(n) for k, n in conn.execute(query)}
            found: dict[str, int] = {}
            for chunk in chunks(list(dict.fromkeys(work_keys))):
                found.update((k, int(n)) for k, n in conn.execute(query.where(standards.c.work_key.in_(chunk))))
            return found

    def save_standards(self, items: Sequence[Standard], keys: Sequence[tuple[str, ...]]) -> None:
        rows = [
            {
                "edition_key": s.edition_key,
                "work_key": s.work_key,
                "identifier": s.identifier,
                "body": s.body,
                "country": s.country,
                "doctype": s.doctype.value,
                "status": s.status.value,
                "year": s.year,
                "record": _dumps(standard_to_record(s)),
                "imported_at": s.imported_at or "",
            }
            for s in items
        ]
        with self._connect() as conn:
            moved = spans_sql.old_works(conn, [s.edition_key for s in items])  # a record may leave its work
            self._bulk(conn, self._upsert(standards, ["edition_key"]), rows)
            ids: dict[str, int] = {}
            for chunk in chunks([s.edition_key for s in items]):
                query = select(standards.c.edition_key, standards.c.id).where(standards.c.edition_key.in_(chunk))
                ids.update((k, i) for k, i in conn.execute(query))
            for s in items:
                s.id = ids[s.edition_key]
            for chunk in chunks([s.id for s in items]):
                conn.execute(delete(lookup_keys).where(lookup_keys.c.standard_id.in_(chunk)))
            key_rows = [{"key": k, "standard_id": s.id} for s, ks in zip(items, keys, strict=True) for k in set(ks)]
            self._bulk(conn, insert(lookup_keys), key_rows)
            self._stale_spans(conn, StaleSpans({s.id for s in items if s.id is not None}, works=moved))

    def _bulk(self, conn: Connection, statement: Any, rows: Sequence[dict[str, Any]]) -> None:
        """Write many rows with one statement, compiled once and given to the driver as it is: SQLAlchemy's
        per-row parameter handling cost more than SQLite's own work on imports of 100,000 records."""
        if not rows:
            return
        compiled = statement.compile(dialect=self.engine.dialect, column_keys=list(rows[0]))
        order = compiled.positiontup
        for chunk in chunks(rows, 5000):
            if order is None:  # named parameters (PostgreSQL drivers)
                conn.exec_driver_sql(str(compiled), list(chunk))
            else:
                conn.exec_driver_sql(str(compiled), [tuple(row[name] for name in order) for row in chunk])

    def _upsert(self, table: Table, conflict: list[str], keep: tuple[str, ...] = ()) -> Any:
        dialect = self.engine.dialect.name
        stmt: sqlite.Insert | postgresql.Insert
        if dialect == "sqlite":
            from sqlalchemy.dialects import sqlite

            stmt = sqlite.insert(table)
        elif dialect == "postgresql":
            from sqlalchemy.dialects import postgresql

            stmt = postgresql.insert(table)
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            raise StoreError(f"unsupported database {dialect}")
        updates = {
            c.name: stmt.excluded[c.name]
            for c in table.columns
            if c.name not in conflict and c.name not in keep and not c.primary_key
        }
        return stmt.on_conflict_do_update(index_elements=conflict, set_=updates)

    def iter_standards(self, batch: int = 5000) -> Iterator[Standard]:
        last = 0
        while True:
            with self._read() as conn:
                query = select(standards).where(standards.c.id > last).order_by(standards.c.id).limit(batch)
                page = rows_to_standards(conn.execute(query))
            if not page:
                return
            yield from page
            last = page[-1].id or 0

    def iter_records(self, batch: int = 5000) -> Iterator[tuple[int, dict[str, Any]]]:
        last = 0
        while True:
            with self._connect() as conn:
                query = (
                    select(standards.c.id, standards.c.record)
                    .where(standards.c.id > last)
                    .order_by(standards.c.id)
                    .limit(batch)
                )
                # one fetch, not one a row, through the driver's own cursor: a million rows as plain tuples, without
                # the result rows of SQLAlchemy (a tenth of the index build's time); the values are numbers only
                cursor = conn.connection.cursor()
                try:
                    cursor.execute(str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})))
                    page = [(int(i), orjson.loads(r)) for i, r in cursor.fetchall()]
                finally:
                    cursor.close()
            if not page:
                return
            yield from page
            last = page[-1][0]

    # sources ---------------------------------------------------------------------
    def source_hashes(self, dataset: str) -> dict[str, str]:
        with self._connect() as conn:
            query = select(sources.c.edition_key, sources.c.content_hash).where(sources.c.dataset == dataset)
            return {key: content_hash for key, content_hash in conn.execute(query)}

    def sources_of(self, edition_keys: Iterable[str]) -> dict[str, list[SourceRecord]]:
        found: dict[str, list[SourceRecord]] = {}
        with self._read() as conn:
            for chunk in chunks(list(edition_keys)):
                query = select(sources).where(sources.c.edition_key.in_(chunk)).order_by(sources.c.imported_at)
                for r in conn.execute(query):
                    found.setdefault(r.edition_key, []).append(
                        SourceRecord(r.dataset, r.edition_key, r.content_hash, orjson.loads(r.record), r.imported_at)
                    )
        return found

    def source_datasets(self, edition_keys: Iterable[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        with self._read() as conn:
            for chunk in chunks(list(edition_keys)):
                query = select(sources.c.edition_key, sources.c.dataset).where(sources.c.edition_key.in_(chunk))
                for key, dataset in conn.execute(query):
                    found.setdefault(key, []).append(dataset)
        return found

    def save_sources(self, items: Sequence[SourceRecord]) -> None:
        rows = [
            {
                "dataset": s.dataset,
                "edition_key": s.edition_key,
                "content_hash": s.content_hash,
                "record": _dumps(s.record),
                "imported_at": s.imported_at,
            }
            for s in items
        ]
        with self._connect() as conn:
            # the first import time stays: it orders the sources when they are merged
            self._bulk(conn, self._upsert(sources, ["dataset", "edition_key"], keep=("imported_at",)), rows)

    # relations -------------------------------------------------------------------
    def replace_relations(self, origins: Sequence[tuple[str, str]], items: Sequence[Relation]) -> None:
        with self._connect() as conn:
            by_dataset: dict[str, list[str]] = {}
            for dataset, origin in origins:
                by_dataset.setdefault(dataset, []).append(origin)
            stale = StaleSpans()
            for dataset, keys in by_dataset.items():
                stale.ids |= spans_sql.replaced_targets(conn, keys, dataset)  # what these relations replaced
                for chunk in chunks(keys):
                    conn.execute(
                        delete(relations).where(relations.c.dataset == dataset, relations.c.origin_key.in_(chunk))
                    )
            rows = [
                {
                    "dataset": r.dataset,
                    "origin_key": r.origin_key,
                    "source_key": r.source_key,
                    "type": r.type.value,
                    "target_key": r.target_key,
                    "target_work_key": r.target_work_key,
                    "target_text": r.target_text,
                    "degree": r.degree.value if r.degree else None,
                    "evidence": r.evidence.value,
                    "note": r.note,
                    "source_id": None,
                    "target_id": None,
                }
                for r in items
            ]
            self._bulk(conn, insert(relations), rows)
            self._stale_spans(conn, stale)

    def relation_ends(self, type: RelationType) -> Iterator[tuple[int | None, int | None, str | None]]:
        query = select(relations.c.source_id, relations.c.target_id, relations.c.degree).where(
            relations.c.type == type.value
        )
        with self._connect() as conn:
            rows = conn.execute(query).all()
        yield from ((source_id, target_id, degree) for source_id, target_id, degree in rows)

    def link_relations(self, edition_keys: Iterable[str] | None = None) -> int:
        with self._connect() as conn:
            for end in ("source", "target"):
                id_col, key_col = relations.c[f"{end}_id"], relations.c[f"{end}_key"]
                match = select(standards.c.id).where(standards.c.edition_key == key_col).scalar_subquery()
                if edition_keys is None:
                    conn.execute(update(relations).where(id_col.is_(None)).values({id_col: match}))
                    continue
                # only what these editions can close: relations naming them, and relations they declared
                for chunk in chunks(list(edition_keys)):
                    for scope in (key_col.in_(chunk), relations.c.origin_key.in_(chunk)):
                        conn.execute(update(relations).where(_unset(id_col), scope).values({id_col: match}))
            if edition_keys is None:
                self._stale_spans(conn, StaleSpans(everything=True))
                is_open = relations.c.target_id.is_(None) | relations.c.source_id.is_(None)
                return int(conn.execute(select(func.count()).where(is_open)).scalar() or 0)
            keys = list(edition_keys)
            self._stale_spans(conn, StaleSpans(spans_sql.replaced_targets(conn, keys), set(keys)))
            found = 0
            for chunk in chunks(keys):
                is_open = _unset(relations.c.target_id) | _unset(relations.c.source_id)
                query = select(func.count()).where(is_open, relations.c.origin_key.in_(chunk))
                found += int(conn.execute(query).scalar() or 0)
            return found

    def _stale_spans(self, conn: Connection, stale: StaleSpans) -> None:
        """The editions whose days in force a write may have moved: worked out again when the transaction commits
        (``spans_sql``), at once for a write on its own."""
        gathering = getattr(self._local, "stale_spans", None)
        if gathering is None or self._conn is None:
            spans_sql.refresh_spans(conn, stale)
            return
        gathering.ids |= stale.ids
        gathering.keys |= stale.keys
        gathering.works |= stale.works
        gathering.everything |= stale.everything

    def edition_spans(self, ids: Iterable[int]) -> list[EditionSpan]:
        with self._read() as conn:
            return spans_sql.read_spans(conn, ids)

    # classifications ------------------------------------------------------------

    def save_classes(self, entries: Sequence[ClassEntry]) -> None:
        rows = [
            {"scheme": e.scheme, "code": e.code, "parent": e.parent, "titles": _dumps(e.titles), "data": _dumps(e.data)}
            for e in entries
        ]
        with self._connect() as conn:
            for chunk in chunks(rows, 2000):
                conn.execute(self._upsert(classes, ["scheme", "code"]), list(chunk))

    def class_children(self, scheme: str, parent: str | None) -> list[ClassEntry]:
        top = (classes.c.parent.is_(None)) | (classes.c.parent == "")
        under = top if not parent else classes.c.parent == parent
        query = select(classes).where(classes.c.scheme == scheme, under).order_by(classes.c.code)
        with self._read() as conn:
            return [
                ClassEntry(r.scheme, r.code, r.parent, orjson.loads(r.titles), orjson.loads(r.data))
                for r in conn.execute(query)
            ]

    # events and imports -----------------------------------------------------------
    def save_events(self, import_id: int, items: Sequence[ChangeEvent]) -> None:
        rows = [
            {
                "import_id": import_id,
                "at": e.at,
                "kind": e.kind.value,
                "edition_key": e.edition_key,
                "identifier": e.identifier,
                "detail": _dumps(e.detail),
            }
            for e in items
        ]
        with self._connect() as conn:
            self._bulk(conn, insert(events), rows)

    def events(self, since: str | None = None, limit: int = 1000) -> list[ChangeEvent]:
        query = select(events).order_by(events.c.id.desc()).limit(limit)
        if since:
            query = query.where(events.c.at >= since)
        with self._read() as conn:
            return [event_of(r) for r in conn.execute(query)]

    def changed_since(self, import_id: int) -> tuple[int, list[str]]:
        with self._connect() as conn:
            latest = conn.execute(select(func.max(imports.c.id))).scalar()
            if latest is None or latest <= import_id:
                return (-1 if latest is None else int(latest)), []
            # no DISTINCT: SQLite would answer it by walking the whole edition-key index
            query = select(events.c.edition_key).where(events.c.import_id > import_id)
            return int(latest), list(dict.fromkeys(conn.execute(query).scalars()))

    def start_import(self, dataset: str, format: str, path: str, sha256: str, started_at: str) -> int:
        values = {"dataset": dataset, "format": format, "path": path, "sha256": sha256, "started_at": started_at}
        with self._connect() as conn:
            # the id is the next count of imports: the counter's row stays locked until this import commits, so
            # imports commit in the order of their ids and never merge the same editions at once
            import_id = _count(conn, "imports")
            conn.execute(insert(imports).values(id=import_id, **values))
            return import_id

    def finish_import(self, import_id: int, summary: dict[str, Any], finished_at: str) -> None:
        with self._connect() as conn:
            conn.execute(
                update(imports)
                .where(imports.c.id == import_id)
                .values(summary=_dumps(summary), finished_at=finished_at)
            )
            self._record_change(conn, "import", finished_at, import_id=import_id)

    # decisions about suggestions ------------------------------------------------------
    def save_decision(self, decision: Decision) -> None:
        row = {
            "source_key": decision.source_key,
            "target_key": decision.target_key,
            "verdict": decision.verdict.value,
            "degree": decision.degree.value if decision.degree else None,
            "by": decision.by,
            "user_id": decision.user_id,
            "at": decision.at,
            "note": decision.note,
            "source_work": decision.source_work,
            "target_work": decision.target_work,
        }
        with self._connect() as conn:
            key = conn.execute(insert(decisions).values(**row)).inserted_primary_key
            assert key is not None
            decision.id = int(key[0])
            _count(conn, "decisions")
            self._record_change(conn, "decision", decision.at, keys=[decision.source_key, decision.target_key])

    def revision(self) -> tuple[int, int]:
        with self._read() as conn:
            found = {str(name): int(value) for name, value in conn.execute(select(counters.c.name, counters.c.value))}
        return (found.get("imports") or -1), found.get("decisions", 0)

    # the change feed --------------------------------------------------------------------
    def _record_change(self, conn: Connection, kind: str, at: str, *, import_id: int | None = None,
                       keys: Sequence[str] | None = None) -> None:  # fmt: skip
        """A row of the feed, in the transaction of the change: numbered by the locked counter (commit order)."""
        seq = _count(conn, "changes")
        conn.execute(insert(changes).values(seq=seq, kind=kind, import_id=import_id, at=at,
                                            edition_keys=_dumps(list(keys)) if keys is not None else None))  # fmt: skip
        if self.engine.dialect.name == "postgresql":  # delivered when the transaction commits
            conn.exec_driver_sql(f"NOTIFY {CHANNEL}")

    def add_contributed_title(self, edition_key: str, lang: str, contribution: dict[str, Any], at: str) -> None:
        with self._connect() as conn:
            row = conn.execute(select(standards.c.record).where(standards.c.edition_key == edition_key)).first()
            if row is None:
                raise NotFound(_("no standard {key} in the catalogue").format(key=edition_key))
            record = orjson.loads(row[0])
            extra = record.get("extra") or {}
            extra["contributed_titles"] = {**(extra.get("contributed_titles") or {}), lang: contribution}
            record["extra"] = extra
            conn.execute(update(standards).where(standards.c.edition_key == edition_key)
                         .values(record=_dumps(record)))  # fmt: skip
            self._record_change(conn, "translation", at, keys=[edition_key])

    def changes_since(self, seq: int) -> tuple[int, list[str]]:
        with self._read() as conn:
            latest = int(conn.execute(LATEST_CHANGE).scalar() or 0)
            if latest <= seq:
                return latest, []
            found: dict[str, None] = {}
            rows = conn.execute(
                select(changes.c.import_id, changes.c.edition_keys)
                .where(changes.c.seq > seq, changes.c.seq <= latest)
                .order_by(changes.c.seq)
            ).all()
            for chunk in chunks([r.import_id for r in rows if r.import_id is not None]):
                query = select(events.c.edition_key).where(events.c.import_id.in_(chunk))
                found.update(dict.fromkeys(conn.execute(query).scalars()))
            for r in rows:
                if r.edition_keys:
                    found.update(dict.fromkeys(orjson.loads(r.edition_keys)))
            return latest, list(found)

    def change_waiter(self) -> ChangeWaiter:
        if self.read_engine is not None:  # the replica's feed: a notification may come before its replay
            return PollingWaiter(self.latest_change)
        if self.engine.dialect.name == "postgresql":
            conninfo = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            return ListeningWaiter(conninfo)
        return PollingWaiter(self.latest_change)

    def decision_history(self, work_keys: Iterable[str]) -> list[Decision]:
        found: dict[int, Decision] = {}
        with self._read() as conn:
            for chunk in chunks(list(dict.fromkeys(work_keys))):
                either = decisions.c.source_work.in_(chunk) | decisions.c.target_work.in_(chunk)
                for r in conn.execute(select(decisions).where(either)):
                    found[r.id] = Decision(r.source_key, r.target_key, Verdict(r.verdict), r.by, r.at,
                                           Degree(r.degree) if r.degree else None, r.note, r.source_work,
                                           r.target_work, id=r.id, user_id=r.user_id)  # fmt: skip
        return sorted(found.values(), key=lambda d: (d.at, d.id or 0))

    # the audit log ----------------------------------------------------------------------
    def append_audit(self, seal: Callable[[int, str], AuditEntry]) -> AuditEntry:
        with self._connect() as conn:
            return audit_sql.append(conn, _AUDIT_APPEND, seal)

    def audit_entries(self, query: AuditQuery) -> list[AuditEntry]:
        with self._connect() as conn:
            return audit_sql.entries(conn, audit_log, query)

    def count_audit(self, query: AuditQuery) -> int:
        with self._connect() as conn:
            return audit_sql.count(conn, audit_log, query)

    def iter_audit(self, batch: int = 5000) -> Iterator[AuditEntry]:
        def page(last: int) -> list[AuditEntry]:
            with self._connect() as conn:
                return audit_sql.page_after(conn, audit_log, last, batch)

        return audit_sql.iterate(page)

    def audit_head(self) -> tuple[int, str]:
        with self._connect() as conn:
            return audit_sql.head_of(conn, audit_head)

    # figures ------------------------------------------------------------------------
    def counts(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        with self._read() as conn:
            for name in ("body", "country", "status", "doctype"):
                col = standards.c[name]
                query = select(col, func.count()).group_by(col).order_by(func.count().desc())
                result[name] = {k: int(n) for k, n in conn.execute(query)}
            query = select(relations.c.type, func.count()).group_by(relations.c.type)
            result["relations"] = {k: int(n) for k, n in conn.execute(query)}
            open_query = select(func.count()).where(relations.c.target_id.is_(None))
            result["relations_open"] = {"target not in catalogue": int(conn.execute(open_query).scalar() or 0)}
            result["total"] = {
                "standards": int(conn.execute(select(func.count()).select_from(standards)).scalar() or 0)
            }
        return result


def _count(conn: Connection, name: str) -> int:
    """Add one to the counter ``name`` and return its new value; its row stays locked until the transaction ends,
    so that no other transaction counts at the same time."""
    raised = update(counters).where(counters.c.name == name).values(value=counters.c.value + 1)
    value = conn.execute(raised.returning(counters.c.value)).scalar()
    if value is None:  # pragma: no cover - migration 0002 writes both rows
        raise StoreError(f"the catalogue has no counter {name!r}; run 'stdbridge db upgrade'")
    return int(value)


def _unset(column: Any) -> Any:
    """``column IS NULL`` written so that no index on ``column`` serves it: among a million open relations,
    reading the null entries of an id index costs far more than the few rows a key already selects, and
    SQLite's planner, given a long IN list, does not always see it."""
    return func.coalesce(column, 0) == 0


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA analysis_limit=1000")
    cursor.close()
