"""audit log format 2 (docs/audit-format.md): each entry's flags, its count of adopted
unsigned entries and the digest of its content, so that the hash covers a header that
survives pruning. Existing entries stay format 1 (the columns are null); `airlock upgrade`
then writes the first format-2 entry. The update guard now also keeps every header column
of a pruned entry, a format-2 entry's action, and refuses to prune entries that change keys.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_KEEPS_HEADER = (
    "NEW.seq = OLD.seq AND NEW.v = OLD.v AND NEW.hash = OLD.hash AND NEW.prev = OLD.prev "
    "AND NEW.time = OLD.time AND NEW.log_id = OLD.log_id "
    "AND NEW.sig IS {same} OLD.sig AND NEW.actor_key_id IS {same} OLD.actor_key_id "
    "AND NEW.actor_user_id IS {same} OLD.actor_user_id "
    "AND NEW.actor_role IS {same} OLD.actor_role "
    "AND NEW.flags IS {same} OLD.flags AND NEW.adopts IS {same} OLD.adopts "
    "AND NEW.content IS {same} OLD.content AND (OLD.v = 1 OR NEW.action = OLD.action) "
    "AND OLD.details NOT LIKE '%\"keys_added\"%' AND OLD.details NOT LIKE '%\"keys_retired\"%' "
    "AND NEW.seq <= (SELECT pruned_through FROM audit_state WHERE id = 1)"
)

SQLITE_PRUNE_ONLY = (
    "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
    "WHEN NOT (OLD.pruned = 0 AND NEW.pruned = 1 AND "
    + _KEEPS_HEADER.format(same="")
    + ") BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
)

POSTGRES_GUARD = (
    """
CREATE OR REPLACE FUNCTION airlock_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NOT OLD.pruned AND NEW.pruned AND """
    + _KEEPS_HEADER.format(same="NOT DISTINCT FROM")
    + """ THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only';
END
$$
"""
)


def upgrade() -> None:
    # plain ALTER TABLE ADD COLUMN (not batch mode, which would copy the table and lose its
    # triggers)
    op.add_column("audit_entries", sa.Column("flags", sa.String(length=40), nullable=True))
    op.add_column("audit_entries", sa.Column("adopts", sa.Integer(), nullable=True))
    op.add_column("audit_entries", sa.Column("content", sa.String(length=64), nullable=True))
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
        op.execute(SQLITE_PRUNE_ONLY)
    elif dialect == "postgresql":
        op.execute(POSTGRES_GUARD)


# What 0010 and 0011 installed, restored on downgrade.
SQLITE_0010 = (
    "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
    "WHEN NOT (OLD.pruned = 0 AND NEW.pruned = 1 AND NEW.seq = OLD.seq "
    "AND NEW.hash = OLD.hash AND NEW.prev = OLD.prev AND NEW.sig IS OLD.sig "
    "AND NEW.actor_key_id IS OLD.actor_key_id "
    "AND NEW.seq <= (SELECT pruned_through FROM audit_state WHERE id = 1)) "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
)
POSTGRES_0011 = """
CREATE OR REPLACE FUNCTION airlock_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NOT OLD.pruned AND NEW.pruned AND NEW.seq = OLD.seq AND NEW.hash = OLD.hash
           AND NEW.prev = OLD.prev AND NEW.sig IS NOT DISTINCT FROM OLD.sig
           AND NEW.actor_key_id IS NOT DISTINCT FROM OLD.actor_key_id
           AND NEW.seq <= (SELECT pruned_through FROM audit_state WHERE id = 1) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only';
END
$$
"""


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
    elif dialect == "postgresql":
        op.execute(POSTGRES_0011)
    op.drop_column("audit_entries", "content")
    op.drop_column("audit_entries", "adopts")
    op.drop_column("audit_entries", "flags")
    if dialect == "sqlite":
        op.execute(SQLITE_0010)
