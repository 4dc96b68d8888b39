"""The change feed: every change to the catalogue a search index must take in, numbered in commit order.

- ``changes`` has one row per import and per decision, written in the same transaction as the change itself:
  ``seq`` comes from the counter ``changes`` (``UPDATE ... SET value = value + 1``), whose row stays locked until
  the transaction commits, so changes commit in the order of their numbers and a node that has taken in change n
  has seen every change before it (a database sequence would not: two transactions may commit out of order).
  An import's edition keys are its events (``import_id``); a decision's are the two editions it links
  (``edition_keys``, JSON).
- On PostgreSQL each change also sends ``NOTIFY stdbridge_changes`` (delivered at commit) to wake the nodes.
- The counter starts at 0: a catalogue upgraded from an earlier revision has its search index rebuilt once (the
  index records the change number it has seen, which earlier indexes did not).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Integer, String, Text, column, insert, table

from stdbridge.errors import StoreError

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "changes",
        Column("seq", Integer, primary_key=True, autoincrement=False),
        Column("kind", String, nullable=False),
        Column("import_id", Integer),
        Column("edition_keys", Text),
        Column("at", String, nullable=False),
    )
    counters = table("counters", column("name", String), column("value", Integer))
    op.execute(insert(counters).values(name="changes", value=0))


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
