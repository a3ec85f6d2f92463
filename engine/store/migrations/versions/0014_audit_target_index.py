"""an index on audit_entries.target: reading a dataset version checks it against the signed
entry that stored it (engine/audit/bound.py), found by its target.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_entries_target", "audit_entries", ["target"])


def downgrade() -> None:
    op.drop_index("ix_audit_entries_target", table_name="audit_entries")
