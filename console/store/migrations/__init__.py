"""Alembic migrations for the store, shipped inside the package (no cwd-relative alembic.ini)."""
