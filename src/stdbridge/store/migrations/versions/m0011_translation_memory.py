"""The translation memory: its units (``store.memory_sql``), the ids of the units deleted, and the counter that
numbers the memory's writes in commit order, so that each process's fuzzy index follows what others wrote.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Integer, String, Text, column, insert, table

from stdbridge.errors import StoreError

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "memory_units",
        Column("id", Integer, primary_key=True),
        Column("source_lang", String, nullable=False),
        Column("target_lang", String, nullable=False),
        Column("source", Text, nullable=False),
        Column("target", Text, nullable=False),
        Column("scope", String, nullable=False),
        Column("owner_id", Integer),
        Column("origin", String, nullable=False),
        Column("previous", Text),
        Column("following", Text),
        Column("reference", Text),
        Column("created_by", Integer),
        Column("created_at", String, nullable=False),
        Column("digest", String, nullable=False, unique=True),
        Column("source_key", String, nullable=False),
        Column("target_key", String, nullable=False),
        Column("seq", Integer, nullable=False),
    )
    op.create_index("ix_memory_units_source_key", "memory_units", ["source_key"])
    op.create_index("ix_memory_units_target_key", "memory_units", ["target_key"])
    op.create_index("ix_memory_units_owner", "memory_units", ["scope", "owner_id"])
    op.create_index("ix_memory_units_seq", "memory_units", ["seq"])
    op.create_table(
        "memory_removed", Column("unit_id", Integer, primary_key=True), Column("seq", Integer, nullable=False)
    )
    op.create_index("ix_memory_removed_seq", "memory_removed", ["seq"])
    counters = table("counters", column("name", String), column("value", Integer))
    op.execute(insert(counters).values(name="memory", value=0))


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
