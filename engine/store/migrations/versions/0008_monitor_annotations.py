"""monitor annotations: dated events (a policy change, a new product) shown on a monitor's
trend plots, optionally starting a new baseline

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitor_annotations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("project_id", sa.String(length=32), nullable=False),
        sa.Column("monitor_key", sa.String(length=80), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("new_baseline", sa.Boolean(), nullable=False),
        sa.Column("created", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("monitor_annotations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_monitor_annotations_monitor_key"), ["monitor_key"], unique=False
        )


def downgrade() -> None:
    op.drop_table("monitor_annotations")
