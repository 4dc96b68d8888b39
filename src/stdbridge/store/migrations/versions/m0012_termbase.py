"""The termbase of the translation workbench (issue 12): concepts and their terms (``store.terms_sql``).

- ``term_concepts``: one row per concept: its scope (personal, organisation, platform) and owner, definitions
  (JSON by language), source (the standard and clause that define it), domain, origin (the termbase or file it
  came from) and when it last changed.
- ``term_entries``: one row per term of a concept, in order (``position``), with its language, status and search
  key (lower-case NFKC), indexed so that terms are found by prefix.

Revision ID: 0012
Revises: 0010
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, ForeignKey, Integer, String, Text

from stdbridge.errors import StoreError

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "term_concepts",
        Column("id", Integer, primary_key=True),
        Column("scope", String, nullable=False),
        Column("owner_id", Integer),
        Column("definitions", Text, nullable=False),
        Column("source", Text),
        Column("domain", String),
        Column("origin", String),
        Column("changed_at", String, nullable=False),
    )
    op.create_index("ix_term_concepts_origin", "term_concepts", ["origin"])
    op.create_table(
        "term_entries",
        Column("id", Integer, primary_key=True),
        Column("concept_id", Integer, ForeignKey("term_concepts.id", ondelete="CASCADE"), nullable=False),
        Column("position", Integer, nullable=False),
        Column("lang", String, nullable=False),
        Column("text", Text, nullable=False),
        Column("status", String, nullable=False),
        Column("search_key", Text, nullable=False),
    )
    op.create_index("ix_term_entries_concept_id", "term_entries", ["concept_id"])
    op.create_index("ix_term_entries_search_key", "term_entries", ["search_key"])


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
