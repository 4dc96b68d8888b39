"""The audit log: every change to the catalogue and to decisions, chained by hash (``stdbridge.audit``).

``audit_log`` holds the entries, ``audit_head`` the ``seq`` and ``hash`` of the last one (the row appends lock, and
what shows a removed tail). The log starts with a *genesis* entry saying what the catalogue held when it began:
its standards, decisions and imports; what happened before is not in it.

Revision ID: 0005
Revises: 0003
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Integer, MetaData, column, func, insert, select, table

from stdbridge.audit.entry import GENESIS, GENESIS_PREV, seal
from stdbridge.errors import StoreError
from stdbridge.store.audit_sql import audit_tables, row_of

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    shape = MetaData()
    log, head = audit_tables(shape)
    shape.create_all(bind)
    held = {}
    for name in ("standards", "decisions", "imports"):
        held[name] = int(bind.execute(select(func.count()).select_from(table(name, column("id", Integer)))).scalar()
                         or 0)  # fmt: skip
    genesis = seal(1, GENESIS_PREV, actor_name="stdbridge", actor_id=None, action=GENESIS, subject="catalogue",
                   before=None, after=held)  # fmt: skip
    bind.execute(insert(log).values(**row_of(genesis)))
    bind.execute(insert(head).values(id=1, seq=genesis.seq, hash=genesis.hash))


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
