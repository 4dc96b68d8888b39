"""The job queue: long work (imports, index rebuilds, batch comparisons) that any worker of any node runs.

``jobs`` has one row per job (``stdbridge.jobs.model`` describes each field). Workers claim the oldest queued job
with one ``UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED)`` (PostgreSQL; SQLite's one writer does the
same), write a heartbeat while they run it, and mark it done, failed or cancelled. An uploaded file is kept in the
row (``upload``), so that the worker of any node can read it.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Index, Integer, LargeBinary, String, Text

from stdbridge.errors import StoreError

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        Column("id", Integer, primary_key=True),
        Column("kind", String, nullable=False),
        Column("parameters", Text, nullable=False),
        Column("state", String, nullable=False),
        Column("done", Integer, nullable=False, server_default="0"),
        Column("total", Integer),
        Column("message", Text, nullable=False, server_default=""),
        Column("asked_by", String, nullable=False),
        Column("asked_by_id", Integer),
        Column("for_node", String),
        Column("worker", String),
        Column("heartbeat_at", String),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("created_at", String, nullable=False),
        Column("started_at", String),
        Column("finished_at", String),
        Column("result", Text),
        Column("error", Text),
        Column("upload_name", String),
        Column("upload_size", Integer),
        Column("upload", LargeBinary),
        Index("ix_jobs_state", "state", "id"),
        Index("ix_jobs_asked_by_id", "asked_by_id"),
    )


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
