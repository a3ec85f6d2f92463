"""PostgreSQL: the audit log's append-only guard (the SQLite triggers of 0001 and 0010 in
PL/pgSQL). An entry may change only by being pruned up to the audit_state watermark; DELETE
and TRUNCATE are refused. Nothing changes on SQLite.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

GUARD = """
CREATE FUNCTION airlock_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(GUARD)
    op.execute(
        "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE "
        "ON audit_entries FOR EACH ROW EXECUTE FUNCTION airlock_audit_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
        "FOR EACH STATEMENT EXECUTE FUNCTION airlock_audit_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries")
    op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
    op.execute("DROP FUNCTION IF EXISTS airlock_audit_append_only()")
