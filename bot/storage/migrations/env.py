"""Alembic's entry point, run by bot.storage.migrate (no alembic.ini needed).

The caller hands over an open connection (config.attributes["connection"]) that
already holds the migration lock, so two workers starting together never race.
"""
from __future__ import annotations

from alembic import context

from bot.storage.database import make_engine
from bot.storage.models import Base


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: later migrations copy tables instead
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    # `alembic -x` style use by a developer, e.g. to autogenerate a new revision
    with make_engine(context.config.get_main_option("sqlalchemy.url")).connect() as conn:
        run(conn)
        conn.commit()
