"""Which schema a catalogue has, and bringing it to this release's: Alembic's migrations in ``migrations/``.

``REVISIONS`` lists the steps of this release in order; ``0001`` is the schema of the last release before Alembic
(schema version 4), and upgrading to it also brings the catalogues of schema versions 2 and 3 along. When a store
opens a catalogue (``prepare``):

- an empty database gets the current schema;
- a catalogue at the current revision is used as it is (one query);
- an embedded SQLite catalogue of an earlier release is upgraded in place, in the process that opens it: the
  person at the keyboard runs ``stdbridge serve`` and expects it to work, as it did;
- a server catalogue (PostgreSQL) of an earlier revision is refused with the command that upgrades it: several
  nodes share it, and an upgrade is a step its operator takes once, with the nodes of the old release stopped;
- a catalogue written by a newer release is refused.

``stdbridge db upgrade`` and ``stdbridge db current`` run ``upgrade`` and ``describe``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text

from stdbridge.errors import StoreError
from stdbridge.i18n import _

# a test checks that these are the migrations' revisions, in order
REVISIONS = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012", "0013", "0015",
    "0016",
    "0017",
    "0018",
    "0019",
    "0020",
)  # fmt: skip
HEAD = REVISIONS[-1]
SCRIPTS = "stdbridge.store:migrations"


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a catalogue's schema is: Alembic's revision (None before Alembic or when empty), the schema version
    an earlier release wrote (``meta.schema_version``), and how many steps of this release it still lacks."""

    revision: str | None
    legacy_version: str | None
    behind: int

    @property
    def empty(self) -> bool:
        return self.revision is None and self.legacy_version is None

    @property
    def newer(self) -> bool:
        """Written by a release newer than this one: a revision this release does not know."""
        return self.revision is not None and self.revision not in REVISIONS


def describe(conn: Connection) -> SchemaState:
    """The schema state of the catalogue ``conn`` is connected to."""
    found = inspect(conn)
    revision = legacy = None
    if found.has_table("alembic_version"):
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if found.has_table("meta"):
        legacy = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    behind = len(REVISIONS) - (REVISIONS.index(revision) + 1 if revision in REVISIONS else 0)
    return SchemaState(revision, legacy, behind)


def upgrade(conn: Connection) -> SchemaState:
    """Run every step the catalogue lacks, on ``conn`` (its transaction commits them together where the database
    can roll back schema changes: PostgreSQL); returns the state reached."""
    state = describe(conn)
    if state.newer:
        raise StoreError(_newer_message(state))
    if state.behind:
        from alembic import command  # loaded for an upgrade only: opening a current catalogue does not need it
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", SCRIPTS)
        config.attributes["connection"] = conn
        command.upgrade(config, HEAD)
    return describe(conn)


def prepare(conn: Connection, where: str, *, embedded: bool) -> None:
    """Make the catalogue at ``where`` usable by this release, or say why it is not (see the module's docstring)."""
    state = describe(conn)
    if state.revision == HEAD:
        return
    if state.newer:
        raise StoreError(_newer_message(state))
    if state.empty or embedded:
        upgrade(conn)
        return
    raise StoreError(
        _(
            "the catalogue {where} has the schema of an earlier release ({revision}; this release needs {head}): "
            "stop the nodes serving it, back it up, then run 'stdbridge --db {where} db upgrade'"
        ).format(where=where, revision=state.revision or f"schema {state.legacy_version}", head=HEAD)
    )


def _newer_message(state: SchemaState) -> str:
    return _(
        "the catalogue has schema revision {revision}, written by a newer release of stdbridge (this one knows up "
        "to {head}): upgrade stdbridge"
    ).format(revision=state.revision, head=HEAD)
