"""jobs remember what a moderator approved, so an edit elsewhere is not held again; employers'
messages and invitations that ask for money wait for a moderator

Revision ID: 0008
Revises: 0010
Create Date: 2026-11-27 08:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.add_column(sa.Column("approved_fingerprint", sa.JSON(), nullable=True))
    with op.batch_alter_table("application_messages") as batch_op:
        batch_op.add_column(sa.Column("held_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("held_reasons", sa.JSON(), nullable=True))
    with op.batch_alter_table("job_invitations") as batch_op:
        batch_op.add_column(sa.Column("held_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("held_reasons", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("job_invitations") as batch_op:
        batch_op.drop_column("held_reasons")
        batch_op.drop_column("held_at")
    with op.batch_alter_table("application_messages") as batch_op:
        batch_op.drop_column("held_reasons")
        batch_op.drop_column("held_at")
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_column("approved_fingerprint")
