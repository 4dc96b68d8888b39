"""Decisions keep their history: a later decision about a pair is a new row, not a replacement of the earlier one.

``decisions`` had one row per (source, target) pair, overwritten by the next decision. It becomes a list numbered
in the order decisions are made (``id``); the latest about a pair is the one that stands. ``user_id`` will name
the account that decided, once there are accounts (``by`` stays the name shown). The decisions a catalogue holds
are carried over, oldest first; the ones they replaced were not kept, so their history starts with them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Index, Integer, MetaData, String, Table, insert, select

from stdbridge.errors import StoreError

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = ("source_key", "target_key", "verdict", "degree", "by", "at", "note", "source_work", "target_work")


def upgrade() -> None:
    bind = op.get_bind()
    op.rename_table("decisions", "decisions_schema_4")
    for name in ("ix_decisions_source_work", "ix_decisions_target_work"):
        op.drop_index(name, table_name="decisions_schema_4")
    if bind.dialect.name == "postgresql":  # its primary key's name would clash with the new table's
        op.execute("ALTER TABLE decisions_schema_4 DROP CONSTRAINT decisions_pkey")
    shape = MetaData()
    decisions = Table(
        "decisions",
        shape,
        Column("id", Integer, primary_key=True),
        Column("source_key", String, nullable=False),
        Column("target_key", String, nullable=False),
        Column("verdict", String, nullable=False),
        Column("degree", String),
        Column("by", String, nullable=False),
        Column("user_id", Integer),
        Column("at", String, nullable=False),
        Column("note", String),
        Column("source_work", String, nullable=False, index=True),
        Column("target_work", String, nullable=False, index=True),
        Index("ix_decisions_pair", "source_key", "target_key"),
    )
    shape.create_all(bind)
    old = Table("decisions_schema_4", MetaData(), *(Column(name, String) for name in _COLUMNS))
    columns = [old.c[name] for name in _COLUMNS]
    op.execute(insert(decisions).from_select(list(_COLUMNS), select(*columns).order_by(old.c.at, old.c.source_key)))
    op.drop_table("decisions_schema_4")


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
