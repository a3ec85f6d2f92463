"""sealed values (engine/objects/sealed.py): the workspace's metadata key, random and wrapped
by the master key like a data key, made on first use; validation reports become sealed
text (existing plaintext reports are sealed by `airlock upgrade`, which has the keys).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspace_state") as batch:
        batch.add_column(sa.Column("wrapped_meta_key", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace_state") as batch:
        batch.drop_column("wrapped_meta_key")
