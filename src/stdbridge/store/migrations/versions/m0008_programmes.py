"""Mutual-recognition programmes (issue 11): a programme, its parties, its members and its draft catalogue.

- ``programmes``: one row per programme, named by ``slug``; its title (JSON by language), scope (JSON: ICS fields,
  committees, standards, product classes), consensus rule (``rule_share`` as a fraction ``2/3``,
  ``rule_min_answers``, ``rule_max_rounds``), coordinator, step, visibility and review period.
- ``programme_parties``: the parties of a programme in order (``position``), each with its language and the
  issuing bodies whose standards are its own (JSON list).
- ``programme_members``: the coordinator and the experts, each with a party (NULL for a coordinator who speaks for
  none) and a language.
- ``programme_entries``: the entries of the draft catalogue with what ``recognition.model.Entry`` holds (the
  assessment and the evidence as JSON).
- ``entry_standards``: one row per party's standard of an entry, indexed by edition key so that an import that
  changes a standard finds the entries naming it.

Revision ID: 0008
Revises: 0006
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Float, ForeignKey, Integer, String, Text

from stdbridge.errors import StoreError

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programmes",
        Column("id", Integer, primary_key=True),
        Column("slug", String, nullable=False, unique=True),
        Column("title", Text, nullable=False),
        Column("scope", Text, nullable=False),
        Column("rule_share", String, nullable=False),
        Column("rule_min_answers", Integer, nullable=False),
        Column("rule_max_rounds", Integer, nullable=False),
        Column("coordinator_id", Integer),
        Column("step", String, nullable=False),
        Column("visibility", String, nullable=False),
        Column("review_period_months", Integer),
        Column("signing_key_id", String),
        Column("created_at", String, nullable=False),
    )
    op.create_table(
        "programme_parties",
        Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
        Column("code", String, primary_key=True),
        Column("position", Integer, nullable=False),
        Column("name", String, nullable=False),
        Column("language", String, nullable=False),
        Column("bodies", Text, nullable=False),
    )
    op.create_table(
        "programme_members",
        Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
        Column("user_id", Integer, primary_key=True),
        Column("role", String, nullable=False),
        Column("party", String),
        Column("language", String, nullable=False),
    )
    op.create_table(
        "programme_entries",
        Column("id", Integer, primary_key=True),
        Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False),
        Column("proposed", String, nullable=False),
        Column("origin", String, nullable=False),
        Column("basis", String, nullable=False),
        Column("state", String, nullable=False),
        Column("stage", String, nullable=False),
        Column("degree", String),
        Column("kind", String),
        Column("assessment", Text),
        Column("score", Float),
        Column("evidence", Text, nullable=False),
        Column("product_class", String),
        Column("differences", Text, nullable=False),
        Column("transition_from", String),
        Column("transition_until", String),
        Column("needs_review", Text),
        Column("rounds_taken", Integer, nullable=False),
        Column("created_at", String, nullable=False),
    )
    op.create_index("ix_programme_entries_programme_id", "programme_entries", ["programme_id"])
    op.create_table(
        "entry_standards",
        Column("entry_id", Integer, ForeignKey("programme_entries.id", ondelete="CASCADE"), primary_key=True),
        Column("party", String, primary_key=True),
        Column("edition_key", String, nullable=False),
        Column("identifier", String, nullable=False),
    )
    op.create_index("ix_entry_standards_edition_key", "entry_standards", ["edition_key"])


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
