"""The days each whole edition is in force (issue 13, ``store.spans_sql``), kept by every write: what the
connectivity index reads of a system's editions. Filled here for the catalogue's records.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Integer, String

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "edition_spans",
        Column("standard_id", Integer, primary_key=True),
        Column("edition_key", String, nullable=False),
        Column("work_key", String, nullable=False),
        Column("fields", String, nullable=False),
        Column("since", String),
        Column("until", String),
    )
    from stdbridge.store.spans_sql import fill_spans

    fill_spans(op.get_bind())


def downgrade() -> None:
    op.drop_table("edition_spans")
