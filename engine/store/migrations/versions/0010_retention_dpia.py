"""retention and erasure, DPIA records: a dataset's retention period, crypto-shred
tombstones on dataset versions, data-subject erasure requests, models flagged for retraining
after their data was erased, the versioned DPIA questionnaire of each project; and audit
entries pruned after the audit retention period (their body dropped, hash and signature
kept), which the update trigger allows only for that change and only up to the watermark

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


PRUNE_ONLY = (
    "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
    "WHEN NOT (OLD.pruned = 0 AND NEW.pruned = 1 AND NEW.seq = OLD.seq "
    "AND NEW.hash = OLD.hash AND NEW.prev = OLD.prev AND NEW.sig IS OLD.sig "
    "AND NEW.actor_key_id IS OLD.actor_key_id "
    "AND NEW.seq <= (SELECT pruned_through FROM audit_state WHERE id = 1)) "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
)
APPEND_ONLY = (
    "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
)


def upgrade() -> None:
    # plain ALTER TABLE ADD COLUMN (not batch mode, which would copy the table and lose its
    # triggers)
    op.add_column(
        "audit_entries",
        sa.Column("pruned", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "audit_state", sa.Column("pruned_through", sa.Integer(), server_default="0", nullable=False)
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
        op.execute(PRUNE_ONLY)
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("dataset_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shredded", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("shred_reason", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("dataset_id", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("column", sa.String(length=200), nullable=False),
        sa.Column("subjects", sa.Integer(), nullable=False),
        sa.Column("rows_removed", sa.Integer(), nullable=False),
        sa.Column("new_versions", sa.Text(), nullable=False),
        sa.Column("shredded", sa.Text(), nullable=False),
        sa.Column("flagged", sa.Text(), nullable=False),
        sa.Column("created", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["dataset_id"], ["datasets.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "retrain_flags",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("version_id", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("dataset_version_id", sa.String(length=32), nullable=False),
        sa.Column("created", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("cleared", sa.String(length=32), nullable=True),
        sa.Column("cleared_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["version_id"], ["model_versions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("retrain_flags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retrain_flags_version_id"), ["version_id"], unique=False
        )
    op.create_table(
        "dpia_records",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("project_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "number"),
    )


def downgrade() -> None:
    op.drop_table("dpia_records")
    op.drop_table("retrain_flags")
    op.drop_table("erasure_requests")
    with op.batch_alter_table("dataset_versions", schema=None) as batch_op:
        batch_op.drop_column("shred_reason")
        batch_op.drop_column("shredded")
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.drop_column("retention_days")
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
    op.drop_column("audit_state", "pruned_through")
    op.drop_column("audit_entries", "pruned")
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_delete")
        op.execute(APPEND_ONLY)
        op.execute(APPEND_ONLY.replace("update", "delete").replace("UPDATE", "DELETE"))
