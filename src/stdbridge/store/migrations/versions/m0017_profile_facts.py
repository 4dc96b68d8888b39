"""The facts of the country profiles (issue 13, ``store.profiles_sql``): one fact a row with its source and date.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Integer, String, Text

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile_facts",
        Column("id", Integer, primary_key=True),
        Column("country", String, nullable=False),
        Column("kind", String, nullable=False),
        Column("value", Text, nullable=False),
        Column("source", Text, nullable=False),
        Column("date", String, nullable=False),
        Column("updated_by", String, nullable=False),
        Column("updated_at", String, nullable=False),
    )
    op.create_index("ix_profile_facts_country", "profile_facts", ["country", "kind"])


def downgrade() -> None:
    op.drop_index("ix_profile_facts_country", "profile_facts")
    op.drop_table("profile_facts")
