"""The connectivity index (issue 13, ``store.connectivity_sql``): its answers kept under the catalogue's state.

Revision ID: 0018
Revises: 0015 (the lead re-chains it after the other parts of issue 13)
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, String, Text

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "connectivity_results",
        Column("key", String, primary_key=True),
        Column("state", String, nullable=False),
        Column("created_at", String, nullable=False),
        Column("body", Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("connectivity_results")
