"""account safety: the pending e-mail change's key (its links die with it), and the key that
makes a double-submitted message count once

Revision ID: 0006
Revises: 0008
Create Date: 2026-11-27 07:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_change_key", sa.String(length=32), nullable=True))
    with op.batch_alter_table("application_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_key", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(
            "uq_application_messages_submission", ["application_id", "submission_key"]
        )


def downgrade():
    with op.batch_alter_table("application_messages", schema=None) as batch_op:
        batch_op.drop_constraint("uq_application_messages_submission", type_="unique")
        batch_op.drop_column("submission_key")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("email_change_key")
