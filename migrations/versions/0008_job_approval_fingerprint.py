"""jobs remember what a moderator approved, so an edit elsewhere is not held again

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-27 08:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.add_column(sa.Column("approved_fingerprint", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_column("approved_fingerprint")
