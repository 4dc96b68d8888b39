"""The schema of the last release before Alembic (schema version 4), the baseline of every later step.

A new catalogue gets these tables; one written by an earlier release keeps what it holds and gains what it
lacks: schema 2 loses the index on ``relations.origin_key`` that schema 3 rebuilt with the key first, and schema 3
gains the ``decisions`` table. The tables are written out here as they were, not taken from ``store.sql``: a
migration describes one step, whatever the current schema has become since.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint, inspect, text

from stdbridge.errors import StoreError

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UPGRADABLE = ("2", "3", "4")  # the schema versions of earlier releases that this step brings to 4

schema_4 = MetaData()
Table(
    "standards",
    schema_4,
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
Table(
    "lookup_keys",
    schema_4,
    Column("key", String, nullable=False),
    Column("standard_id", Integer, nullable=False, index=True),
    UniqueConstraint("key", "standard_id"),
)
Table(
    "sources",
    schema_4,
    Column("dataset", String, primary_key=True),
    Column("edition_key", String, primary_key=True),
    Column("content_hash", String, nullable=False),
    Column("record", Text, nullable=False),
    Column("imported_at", String, nullable=False),
    Index("ix_sources_edition_key", "edition_key"),
)
Table(
    "relations",
    schema_4,
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
    Column("source_id", Integer, index=True),
    Column("target_id", Integer, index=True),
    Index("ix_relations_origin", "origin_key", "dataset"),
    Index("ix_relations_open_work", "target_work_key", "target_id"),
)
Table(
    "classes",
    schema_4,
    Column("scheme", String, primary_key=True),
    Column("code", String, primary_key=True),
    Column("parent", String),
    Column("titles", Text, nullable=False),
    Column("data", Text, nullable=False),
)
Table(
    "events",
    schema_4,
    Column("id", Integer, primary_key=True),
    Column("import_id", Integer, nullable=False, index=True),
    Column("at", String, nullable=False, index=True),
    Column("kind", String, nullable=False),
    Column("edition_key", String, nullable=False, index=True),
    Column("identifier", String, nullable=False),
    Column("detail", Text, nullable=False),
)
Table(
    "imports",
    schema_4,
    Column("id", Integer, primary_key=True),
    Column("dataset", String, nullable=False),
    Column("format", String, nullable=False),
    Column("path", String, nullable=False),
    Column("sha256", String, nullable=False),
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("summary", Text),
)
Table(
    "decisions",
    schema_4,
    Column("source_key", String, primary_key=True),
    Column("target_key", String, primary_key=True),
    Column("verdict", String, nullable=False),
    Column("degree", String),
    Column("by", String, nullable=False),
    Column("at", String, nullable=False),
    Column("note", String),
    Column("source_work", String, nullable=False, index=True),
    Column("target_work", String, nullable=False, index=True),
)
meta = Table("meta", schema_4, Column("key", String, primary_key=True), Column("value", String, nullable=False))


def upgrade() -> None:
    bind = op.get_bind()
    version = None
    if inspect(bind).has_table("meta"):
        version = bind.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    if version is not None and version not in UPGRADABLE:
        raise StoreError(f"schema version {version} is older than any this stdbridge can upgrade; build the catalogue "
                         "anew with 'stdbridge --db NEW_FILE init'")  # fmt: skip
    if version == "2":
        op.execute("DROP INDEX IF EXISTS ix_relations_origin")
    schema_4.create_all(bind, checkfirst=True)
    if version is None:
        op.execute(meta.insert().values(key="schema_version", value="4"))
    else:
        op.execute(meta.update().where(meta.c.key == "schema_version").values(value="4"))


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back before schema 4; restore a copy made before the upgrade")
