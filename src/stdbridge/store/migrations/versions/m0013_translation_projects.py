"""Translation projects (issue 12, ``store.translation_sql``): the projects with the file uploaded, their segments
(one row each, with a version that grows with each save), the saved versions of each segment, and the quality
findings judged "not an error".

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Integer, LargeBinary, String, Text, UniqueConstraint

from stdbridge.errors import StoreError

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "translation_projects",
        Column("id", Integer, primary_key=True),
        Column("title", String, nullable=False),
        Column("source_lang", String, nullable=False),
        Column("target_lang", String, nullable=False),
        Column("filename", String, nullable=False),
        Column("format", String, nullable=False),
        Column("original", LargeBinary, nullable=False),
        Column("standard_key", String),
        Column("owner_id", Integer),
        Column("state", String, nullable=False),
        Column("created_at", String, nullable=False),
        Column("updated_at", String),
    )
    op.create_table(
        "translation_segments",
        Column("id", Integer, primary_key=True),
        Column("project_id", Integer, nullable=False),
        Column("position", Integer, nullable=False),
        Column("key", String, nullable=False),
        Column("source", Text, nullable=False),
        Column("target", Text, nullable=False),
        Column("status", String, nullable=False),
        Column("origin", String),
        Column("score", Integer),
        Column("engine", String),
        Column("kind", String, nullable=False),
        Column("version", Integer, nullable=False),
        Column("updated_by", Integer),
        Column("updated_at", String),
        UniqueConstraint("project_id", "key", name="uq_translation_segments_key"),
    )
    op.create_index("ix_translation_segments_position", "translation_segments", ["project_id", "position"])
    op.create_table(
        "translation_segment_changes",
        Column("id", Integer, primary_key=True),
        Column("segment_id", Integer, nullable=False),
        Column("version", Integer, nullable=False),
        Column("target", Text, nullable=False),
        Column("status", String, nullable=False),
        Column("origin", String),
        Column("changed_by", Integer),
        Column("changed_at", String, nullable=False),
    )
    op.create_index("ix_translation_segment_changes_segment_id", "translation_segment_changes", ["segment_id"])
    op.create_table(
        "translation_waivers",
        Column("id", Integer, primary_key=True),
        Column("project_id", Integer, nullable=False),
        Column("segment_key", String, nullable=False),
        Column("check", String, nullable=False),
        Column("reason", Text, nullable=False),
        Column("by", String, nullable=False),
        Column("at", String, nullable=False),
    )
    op.create_index("ix_translation_waivers_project_id", "translation_waivers", ["project_id"])


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
