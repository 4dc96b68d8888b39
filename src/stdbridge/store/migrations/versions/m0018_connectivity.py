"""The connectivity index (issue 13, ``store.connectivity_sql``): its answers kept under the catalogue's state,
and the saved groups of countries and bodies.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Integer, String, Text

revision = "0018"
down_revision = "0017"
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
    op.create_table(
        "connectivity_groups",
        Column("id", Integer, primary_key=True),
        Column("name", String, nullable=False),
        Column("owner_user_id", Integer, index=True),
        Column("members", Text, nullable=False),
        Column("created_by", String, nullable=False),
        Column("updated_at", String, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("connectivity_groups")
    op.drop_table("connectivity_results")
