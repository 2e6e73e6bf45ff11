"""Alembic environment: always runs on the connection handed over by console.store.migrate."""

from __future__ import annotations

from alembic import context

from console.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by misuse of the alembic CLI
    raise RuntimeError(
        "请通过 console.store.migrate.upgrade(engine) 运行迁移，而不是直接调用 alembic 命令"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
