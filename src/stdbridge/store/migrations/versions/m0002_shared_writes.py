"""What several processes writing one catalogue need: counters taken in commit order, and keys compared by code
point on every database.

- ``counters`` holds the number of imports and of decisions made. An import takes its id from the row
  ``imports`` (``UPDATE ... SET value = value + 1``), which locks the row until it commits: imports commit in the
  order of their ids, so a reader that has seen import n has seen every import before it, and two imports cannot
  merge the same editions at once. A decision adds one to ``decisions`` the same way, so none is lost.
  They start where the catalogue is: the largest import id, and the decisions the ``meta`` row counted.
- ``lookup_keys.key`` compares byte by byte on PostgreSQL (``COLLATE "C"``), as SQLite always does: a prefix
  lookup reads the keys between ``prefix`` and ``prefix || U+FFFF``, a range only code-point order keeps.
- ``meta.schema_version`` says 5: releases before Alembic refuse the catalogue instead of reading it wrongly.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Integer, String, column, func, select, table, text

from stdbridge.errors import StoreError

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    counters = op.create_table(
        "counters", Column("name", String, primary_key=True), Column("value", Integer, nullable=False)
    )
    imports = table("imports", column("id", Integer))
    latest = bind.execute(select(func.max(imports.c.id))).scalar() or 0
    made = bind.execute(text("SELECT value FROM meta WHERE key = 'decisions_made'")).scalar()
    op.bulk_insert(
        counters, [{"name": "imports", "value": int(latest)}, {"name": "decisions", "value": int(made or 0)}]
    )
    op.execute("DELETE FROM meta WHERE key = 'decisions_made'")
    op.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    if bind.dialect.name == "postgresql":
        op.execute('ALTER TABLE lookup_keys ALTER COLUMN key TYPE VARCHAR COLLATE "C"')


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
