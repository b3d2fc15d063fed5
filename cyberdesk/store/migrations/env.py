"""Alembic environment: always run from code with a connection handed over in
`config.attributes["connection"]` (see cyberdesk.store.database). No fileConfig(): it would
silence the application's loggers."""

from alembic import context

from cyberdesk.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
