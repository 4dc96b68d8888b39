"""Watchlists and alerts (issue 13, ``store.watch_sql``): watchlists and their items, the notifications they
received, webhooks with their delivery log, and the fan-out's cursors.

Revision ID: 0015
Revises: 0013 (the lead re-chains it after the translation workbench's 0014)
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Boolean, Column, Integer, String, Text

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watchlists",
        Column("id", Integer, primary_key=True),
        Column("name", String, nullable=False),
        Column("feed_token", String, nullable=False, unique=True),
        Column("owner_user_id", Integer, index=True),
        Column("owner_org_id", Integer, index=True),
        Column("email", String, nullable=False),
        Column("email_to", String),
        Column("created_at", String, nullable=False),
    )
    op.create_table(
        "watch_items",
        Column("id", Integer, primary_key=True),
        Column("watchlist_id", Integer, nullable=False, index=True),
        Column("kind", String, nullable=False),
        Column("value", String, nullable=False),
        Column("filters", Text, nullable=False),
    )
    op.create_table(
        "watch_notifications",
        Column("id", Integer, primary_key=True),
        Column("watchlist_id", Integer, nullable=False),
        Column("event_id", Integer, nullable=False),
        Column("kind", String, nullable=False),
        Column("edition_key", String, nullable=False),
        Column("identifier", String, nullable=False),
        Column("at", String, nullable=False),
        Column("detail", Text, nullable=False),
        Column("replaced_by", String),
        Column("read", Boolean, nullable=False),
    )
    op.create_index("ix_watch_notifications_list", "watch_notifications", ["watchlist_id", "read", "id"])
    op.create_table(
        "webhooks",
        Column("id", Integer, primary_key=True),
        Column("watchlist_id", Integer, nullable=False, index=True),
        Column("url", String, nullable=False),
        Column("secret", String, nullable=False),
        Column("created_at", String, nullable=False),
    )
    op.create_table(
        "webhook_deliveries",
        Column("id", Integer, primary_key=True),
        Column("webhook_id", Integer, nullable=False, index=True),
        Column("notification_id", Integer, nullable=False),
        Column("status", String, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("next_attempt", String, nullable=False),
        Column("response_code", Integer),
        Column("error", Text),
        Column("delivered_at", String),
    )
    op.create_index("ix_webhook_deliveries_due", "webhook_deliveries", ["status", "next_attempt"])
    op.create_table(
        "watch_cursors",
        Column("name", String, primary_key=True),
        Column("value", String, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "watch_cursors",
        "webhook_deliveries",
        "webhooks",
        "watch_notifications",
        "watch_items",
        "watchlists",
    ):
        op.drop_table(table)
