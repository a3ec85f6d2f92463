"""The declarative base of every ORM table (engine/store/schema.py and schema_ops.py)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
