"""objects.sealed_sha256: objects are named by a keyed hash (HMAC under the workspace id key)
and keep the plain SHA-256 of their content only sealed under their own data key.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("objects") as batch:
        batch.add_column(sa.Column("sealed_sha256", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("objects") as batch:
        batch.drop_column("sealed_sha256")
