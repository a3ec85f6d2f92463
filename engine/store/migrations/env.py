"""Alembic environment: always run on the connection the engine hands in."""

from alembic import context

from engine.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
