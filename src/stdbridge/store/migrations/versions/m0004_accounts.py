"""People, organisations and roles: users (with their Argon2 password hashes and roles), organisations and who
belongs to which, sign-in sessions and personal API tokens (kept as SHA-256 hashes of their secrets), and the
platform's settings. New tables only: nothing a catalogue holds changes.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, ForeignKey, Integer, String

from stdbridge.errors import StoreError

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # spelled out, not taken from ``store.accounts_sql``: a migration is what the schema was at its revision
    user = ForeignKey("users.id", ondelete="CASCADE")
    op.create_table(
        "users",
        Column("id", Integer, primary_key=True),
        Column("name", String, nullable=False, unique=True),
        Column("email", String, nullable=False),
        Column("language", String, nullable=False),
        Column("password_hash", String),
        Column("created_at", String, nullable=False),
    )
    op.create_table(
        "user_roles",
        Column("user_id", Integer, user, primary_key=True),
        Column("role", String, primary_key=True),
    )
    op.create_table(
        "organisations",
        Column("id", Integer, primary_key=True),
        Column("name", String, nullable=False, unique=True),
        Column("kind", String, nullable=False),
        Column("country", String, nullable=False),
    )
    op.create_table(
        "memberships",
        Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        Column("organisation_id", Integer, ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "sessions",
        Column("secret_hash", String, primary_key=True),
        Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("created_at", String, nullable=False),
        Column("expires_at", String, nullable=False),
    )
    op.create_table(
        "api_tokens",
        Column("id", Integer, primary_key=True),
        Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("name", String, nullable=False),
        Column("secret_hash", String, nullable=False, unique=True),
        Column("roles", String, nullable=False),
        Column("created_at", String, nullable=False),
        Column("revoked_at", String),
    )
    op.create_table("settings", Column("name", String, primary_key=True), Column("value", String, nullable=False))


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
