"""Alembic environment of head office's database: run from code with a connection handed over in
`config.attributes["connection"]` (see cyberdesk.office.database). No fileConfig()."""

from alembic import context

from cyberdesk.office.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite",
                  version_table="office_alembic_version")
with context.begin_transaction():
    context.run_migrations()
