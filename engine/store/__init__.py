"""Persistence: the SQLAlchemy metadata database (with Alembic migrations) and the
encrypted, content-addressed object store."""
