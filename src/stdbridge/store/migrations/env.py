"""Alembic's entry point: run the migrations on the connection ``store.schema`` passes in ``attributes``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

config = context.config
connection: Connection | None = config.attributes.get("connection")
if connection is None:  # the alembic command line, run by a developer writing a migration
    with create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://").begin() as connection:
        context.configure(connection=connection, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
