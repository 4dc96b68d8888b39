"""The releases of recognition programmes: one row per published release, its signed document, signature, public
key and the audit log head it cites (``store.releases_sql``). No foreign key to the programmes' table, which
another migration makes: ``programme_id`` is checked by the service that publishes.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Integer, String, Text, UniqueConstraint

from stdbridge.errors import StoreError

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "releases",
        Column("id", Integer, primary_key=True),
        Column("programme_id", Integer, nullable=False),
        Column("programme_slug", String, nullable=False),
        Column("visibility", String, nullable=False),
        Column("number", Integer, nullable=False),
        Column("document_json", Text, nullable=False),
        Column("signature", String, nullable=False),
        Column("public_key", String, nullable=False),
        Column("audit_seq", Integer, nullable=False),
        Column("audit_hash", String, nullable=False),
        Column("published_by", Integer),
        Column("published_at", String, nullable=False),
        Column("notes_json", Text, nullable=False),
        UniqueConstraint("programme_id", "number", name="uq_releases_programme_number"),
    )
    op.create_index("ix_releases_programme_slug", "releases", ["programme_slug"])


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
