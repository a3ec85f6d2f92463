"""Persistence: the SQLAlchemy metadata database (with Alembic migrations), its tables, and
safe file writes. Nothing here checks a permission or writes an audit entry: the encrypted
object store that does is engine/objects, one layer up."""
