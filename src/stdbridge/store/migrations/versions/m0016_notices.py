"""Notices and news (issue 13, ``store.notices_sql``): WTO TBT notifications, national notices and news items,
their HS and ICS codes, and the standards they cite.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Integer, String, Text, column, insert, table

# the counter that numbers the notices' writes, in commit order (``store.notices_sql``)
counters = table("counters", column("name", String), column("value", Integer))

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notices",
        Column("id", Integer, primary_key=True),
        Column("kind", String, nullable=False),
        Column("key", String, nullable=False, unique=True),
        Column("symbol", String, index=True),
        Column("parent_symbol", String, index=True),
        Column("title", Text, nullable=False),
        Column("date", String, index=True),
        Column("country", String, index=True),
        Column("body", String),
        Column("text", Text, nullable=False),
        Column("products", Text, nullable=False),
        Column("hs", Text, nullable=False),
        Column("ics", Text, nullable=False),
        Column("comment_deadline", String, index=True),
        Column("links", Text, nullable=False),
        Column("language", String),
        Column("objective", Text, nullable=False),
        Column("notice_type", String, nullable=False),
        Column("source", String, nullable=False),
        Column("created_at", String, nullable=False),
        Column("updated_at", String, nullable=False),
        Column("seq", Integer, nullable=False, index=True),
    )
    op.create_table(
        "notice_codes",
        Column("notice_id", Integer, nullable=False, index=True),
        Column("scheme", String, nullable=False),
        Column("code", String, nullable=False),
    )
    op.create_index("ix_notice_codes_code", "notice_codes", ["scheme", "code"])
    op.create_table(
        "notice_citations",
        Column("notice_id", Integer, nullable=False, index=True),
        Column("text", String, nullable=False),
        Column("identifier", String, nullable=False),
        Column("work_key", String, nullable=False, index=True),
        Column("edition_key", String, index=True),
    )
    op.execute(insert(counters).values(name="notices", value=0))


def downgrade() -> None:
    op.execute(counters.delete().where(counters.c.name == "notices"))
    for name in ("notice_citations", "notice_codes", "notices"):
        op.drop_table(name)
