"""Alembic's entry point: runs the migrations on the connection citylinks/storage/revisions.py
passes in `config.attributes["connection"]`, in that connection's transaction (so that a lock
taken before, and the migration, end together). Executed by Alembic only, never imported."""

from __future__ import annotations

from alembic import context

from citylinks.storage.schema import metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("citylinks migrations run through citylinks.storage.revisions")
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
