"""The catalogue's own tables in SQLAlchemy Core: standards, their lookup keys, sources, relations,
classifications, events, imports, decisions, the change feed and the counters.

Each standard is one row with indexed columns for filtering and its whole record as JSON; ``sources`` keeps what
each dataset said, ``lookup_keys`` the compact keys that sloppy identifiers resolve through. These are the schema's
current state; ``store.schema`` and its migrations create and upgrade it. ``store.sql`` adds the tables of the
accounts, jobs, programmes, review rounds, releases and the audit log to the same ``metadata``: use it from there.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

standards = Table(
    "standards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("edition_key", String, nullable=False, unique=True),
    Column("work_key", String, nullable=False, index=True),
    Column("identifier", String, nullable=False),
    Column("body", String, nullable=False, index=True),
    Column("country", String, nullable=False, index=True),
    Column("doctype", String, nullable=False),
    Column("status", String, nullable=False),
    Column("year", Integer),
    Column("record", Text, nullable=False),
    Column("imported_at", String, nullable=False),
)

lookup_keys = Table(
    "lookup_keys",
    metadata,
    Column("key", String, nullable=False),
    Column("standard_id", Integer, nullable=False, index=True),
    UniqueConstraint("key", "standard_id"),
)

sources = Table(
    "sources",
    metadata,
    Column("dataset", String, primary_key=True),
    Column("edition_key", String, primary_key=True),
    Column("content_hash", String, nullable=False),
    Column("record", Text, nullable=False),
    Column("imported_at", String, nullable=False),
    Index("ix_sources_edition_key", "edition_key"),
)

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset", String, nullable=False),
    Column("origin_key", String, nullable=False),
    Column("source_key", String, nullable=False, index=True),
    Column("type", String, nullable=False),
    Column("target_key", String, nullable=False, index=True),
    Column("target_work_key", String, nullable=False),
    Column("target_text", String, nullable=False),
    Column("degree", String),
    Column("evidence", String, nullable=False),
    Column("note", String),
    Column("source_id", Integer),
    Column("target_id", Integer, index=True),
    Index("ix_relations_origin", "origin_key", "dataset"),
    # what a standard adopts, read from the index alone (``adoption_targets``, migration 0020); its first column
    # serves every look-up by source
    Index("ix_relations_source", "source_id", "type", "target_id", "target_work_key"),
    # undated targets are found by work among hundreds of thousands of open relations: both columns in one index
    Index("ix_relations_open_work", "target_work_key", "target_id"),
)

classes = Table(
    "classes",
    metadata,
    Column("scheme", String, primary_key=True),
    Column("code", String, primary_key=True),
    Column("parent", String),
    Column("titles", Text, nullable=False),
    Column("data", Text, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("import_id", Integer, nullable=False, index=True),
    Column("at", String, nullable=False, index=True),
    Column("kind", String, nullable=False),
    Column("edition_key", String, nullable=False, index=True),
    Column("identifier", String, nullable=False),
    Column("detail", Text, nullable=False),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset", String, nullable=False),
    Column("format", String, nullable=False),
    Column("path", String, nullable=False),
    Column("sha256", String, nullable=False),
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("summary", Text),
)

# every decision made, in the order made (migration 0003): the latest about a pair stands
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_key", String, nullable=False),
    Column("target_key", String, nullable=False),
    Column("verdict", String, nullable=False),
    Column("degree", String),
    Column("by", String, nullable=False),
    Column("user_id", Integer),  # the account that decided, once there are accounts
    Column("at", String, nullable=False),
    Column("note", String),
    Column("source_work", String, nullable=False, index=True),
    Column("target_work", String, nullable=False, index=True),
    Index("ix_decisions_pair", "source_key", "target_key"),
)

meta = Table("meta", metadata, Column("key", String, primary_key=True), Column("value", String, nullable=False))

# the change feed (migration 0006): one row per import and per decision, numbered in commit order (``store.feed``)
changes = Table(
    "changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String, nullable=False),
    Column("import_id", Integer),
    Column("edition_keys", Text),
    Column("at", String, nullable=False),
)

# ``changes``: the number of the latest change; ``imports``: the id of the latest import; ``decisions``: decisions
# recorded so far, replaced ones included.
# Each is raised by one statement that locks its row until the transaction commits (migration 0002 says why).
counters = Table(
    "counters", metadata, Column("name", String, primary_key=True), Column("value", Integer, nullable=False)
)
