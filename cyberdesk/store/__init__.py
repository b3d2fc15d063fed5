"""The local store: one SQLite file in the user's data folder, schema kept by alembic."""
