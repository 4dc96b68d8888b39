"""Review rounds (issue 11): the Delphi rounds of a mutual-recognition programme, the experts' answers, what the
consensus rule made of each entry, reservations, and the public comment on a draft.

- ``review_rounds``: a round of a programme with its deadline; ``closed_at`` is set once (the close is
  ``UPDATE ... WHERE closed_at IS NULL``: of two coordinators closing at once, one settles it).
- ``review_round_entries``: the entries put to a round, and at its close the outcome, degree, reasons and the
  anonymous feedback of each.
- ``review_answers``: one row per expert, entry and round (the primary key refuses a second); a change while the
  round is open rewrites the row and counts ``revision``; the audit log keeps every version.
- ``programme_entries.positions`` (a column added to migration 0008's table): the positions held by the experts
  of an entry that reached no consensus. Where an entry stands in the review (state, degree, rounds taken) is
  kept in the entry's own row only.
- ``review_reservations``: one per expert and settled entry.
- ``comment_periods`` and ``public_comments``: stakeholders' comments on a draft, per entry or general, and the
  coordinator's reply and handling of each.

Programmes and entries are named by id (their tables are migration 0008's).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Boolean, Column, Integer, String, Text

from stdbridge.errors import StoreError

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_rounds",
        Column("id", Integer, primary_key=True),
        Column("programme_id", Integer, nullable=False),
        Column("number", Integer, nullable=False),
        Column("deadline", String, nullable=False),
        Column("opened_by", Integer),
        Column("opened_at", String, nullable=False),
        Column("closed_at", String),
        Column("closed_by", Integer),
        Column("full_review", Boolean, nullable=False),
    )
    op.create_table(
        "review_round_entries",
        Column("round_id", Integer, primary_key=True),
        Column("entry_id", Integer, primary_key=True),
        Column("outcome", String),  # settled, open, no-consensus
        Column("degree", String),
        Column("reasons", Text),  # JSON: [[party, reason], ...]
        Column("feedback", Text),  # JSON: the anonymous feedback (consensus.Feedback.to_json)
    )
    op.create_table(
        "review_answers",
        Column("round_id", Integer, primary_key=True),
        Column("entry_id", Integer, primary_key=True),
        Column("user_id", Integer, primary_key=True),
        Column("party", String, nullable=False),
        Column("degree", String),  # NULL: a skip
        Column("confidence", Integer),
        Column("differences", Text, nullable=False),
        Column("clauses", Text, nullable=False),  # JSON list
        Column("comment", Text, nullable=False),
        Column("at", String, nullable=False),
        Column("revision", Integer, nullable=False),  # 1 for the first answer, +1 for each change
    )
    op.add_column("programme_entries", Column("positions", Text))  # JSON: the last round's feedback, no consensus
    op.create_table(
        "review_reservations",
        Column("entry_id", Integer, primary_key=True),
        Column("user_id", Integer, primary_key=True),
        Column("party", String, nullable=False),
        Column("degree", String),
        Column("reason", Text, nullable=False),
        Column("at", String, nullable=False),
    )
    op.create_table(
        "comment_periods",
        Column("id", Integer, primary_key=True),
        Column("programme_id", Integer, nullable=False),
        Column("opens_at", String, nullable=False),
        Column("closes_at", String, nullable=False),
        Column("opened_by", Integer),
    )
    op.create_table(
        "public_comments",
        Column("id", Integer, primary_key=True),
        Column("period_id", Integer, nullable=False),
        Column("entry_id", Integer),  # NULL: a comment on the draft as a whole
        Column("author", String, nullable=False),  # a person or an organisation: association, enterprise ...
        Column("organisation", String, nullable=False),
        Column("party", String),
        Column("text", Text, nullable=False),
        Column("at", String, nullable=False),
        Column("handling", String),  # accepted, partly-accepted, not-accepted, noted: NULL until answered
        Column("reply", Text),
        Column("replied_by", Integer),
        Column("replied_at", String),
    )
    op.create_index("ix_review_rounds_programme_id", "review_rounds", ["programme_id"])
    op.create_index("ix_comment_periods_programme_id", "comment_periods", ["programme_id"])
    op.create_index("ix_public_comments_period_id", "public_comments", ["period_id"])


def downgrade() -> None:
    raise StoreError("a catalogue cannot go back to an earlier schema; restore a copy made before the upgrade")
