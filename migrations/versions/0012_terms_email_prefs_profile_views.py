"""terms version agreed to at sign-up, e-mails a person turned off, profile views per day

Revision ID: 0012
Revises: 0014
Create Date: 2026-11-27 06:53:34.202270

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "email_opt_outs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "alerts",
                "reminders",
                "applications",
                "messages",
                name="emailkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_email_opt_outs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_email_opt_outs")),
    )
    op.create_table(
        "profile_view_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("viewed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_profile_view_days_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_profile_view_days_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_view_days")),
        sa.UniqueConstraint(
            "profile_id",
            "viewed_on",
            "organization_id",
            name=op.f("uq_profile_view_days_profile_id"),
        ),
    )
    with op.batch_alter_table("profile_view_days", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_profile_view_days_organization_id"), ["organization_id"], unique=False
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("terms_version", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("terms_accepted_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("terms_accepted_at")
        batch_op.drop_column("terms_version")

    with op.batch_alter_table("profile_view_days", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_view_days_organization_id"))

    op.drop_table("profile_view_days")
    op.drop_table("email_opt_outs")
