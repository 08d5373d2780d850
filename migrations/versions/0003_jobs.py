"""jobs: job postings, offices, screening questions, reports; organization invitations and
verification notes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 21:13:35.439661

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verification_declined_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("verification_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))

    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("role_type", sa.String(length=32), nullable=False),
        sa.Column("employment_type", sa.String(length=16), nullable=False),
        sa.Column("openings", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("required_credentials", sa.JSON(), nullable=False),
        sa.Column("preferred_credentials", sa.JSON(), nullable=False),
        sa.Column("specialties", sa.JSON(), nullable=False),
        sa.Column("code_sets", sa.JSON(), nullable=False),
        sa.Column("systems", sa.JSON(), nullable=False),
        sa.Column("min_years", sa.Integer(), nullable=False),
        sa.Column("new_graduates_welcome", sa.Boolean(), nullable=False),
        sa.Column("training_provided", sa.Boolean(), nullable=False),
        sa.Column("work_mode", sa.String(length=16), nullable=False),
        sa.Column("applicant_countries", sa.JSON(), nullable=False),
        sa.Column("applicant_regions", sa.JSON(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("schedule_flexible", sa.Boolean(), nullable=False),
        sa.Column("shift_windows", sa.JSON(), nullable=False),
        sa.Column("hours_min", sa.Integer(), nullable=True),
        sa.Column("hours_max", sa.Integer(), nullable=True),
        sa.Column("pay_min", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("pay_max", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("pay_currency", sa.String(length=3), nullable=True),
        sa.Column("pay_period", sa.String(length=8), nullable=True),
        sa.Column("charts_per_day", sa.Integer(), nullable=True),
        sa.Column("qa_accuracy", sa.Integer(), nullable=True),
        sa.Column("equipment", sa.String(length=16), nullable=True),
        sa.Column("onsite_training_weeks", sa.Integer(), nullable=True),
        sa.Column("no_dependent_care", sa.Boolean(), nullable=False),
        sa.Column("apply_method", sa.String(length=16), nullable=False),
        sa.Column("apply_url", sa.String(length=500), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "pending_review",
                "published",
                "rejected",
                "closed",
                "filled",
                "expired",
                name="jobstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("last_step", sa.String(length=16), nullable=False),
        sa.Column("held_reasons", sa.JSON(), nullable=False),
        sa.Column("moderation_note", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("was_rejected", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_jobs_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_jobs_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["users.id"],
            name=op.f("fk_jobs_reviewed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_jobs_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index("ix_jobs_status_expires", ["status", "expires_at"], unique=False)
        batch_op.create_index("ix_jobs_status_published", ["status", "published_at"], unique=False)

    op.create_table(
        "job_offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lng", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_offices_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_offices")),
    )
    with op.batch_alter_table("job_offices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_offices_job_id"), ["job_id"], unique=False)

    op.create_table(
        "job_screening_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("must_be_yes", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_job_screening_questions_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_screening_questions")),
    )
    with op.batch_alter_table("job_screening_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_job_screening_questions_job_id"), ["job_id"], unique=False
        )

    op.create_table(
        "job_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column(
            "reason",
            sa.Enum(
                "asks_for_money",
                "fake_employer",
                "misleading",
                "personal_data",
                "discrimination",
                "spam",
                "other",
                name="reportreason",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_reports_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_job_reports_reporter_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_job_reports_resolved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_reports")),
    )
    with op.batch_alter_table("job_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_reports_job_id"), ["job_id"], unique=False)
        batch_op.create_index("ix_job_reports_open", ["resolved_at", "created_at"], unique=False)

    op.create_table(
        "organization_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"],
            ["users.id"],
            name=op.f("fk_organization_invitations_accepted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_organization_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_invitations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_invitations")),
    )
    with op.batch_alter_table("organization_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_invitations_email"), ["email"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_organization_invitations_organization_id"),
            ["organization_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("organization_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_invitations_organization_id"))
        batch_op.drop_index(batch_op.f("ix_organization_invitations_email"))

    op.drop_table("organization_invitations")
    with op.batch_alter_table("job_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_job_reports_open")
        batch_op.drop_index(batch_op.f("ix_job_reports_job_id"))

    op.drop_table("job_reports")
    with op.batch_alter_table("job_screening_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_screening_questions_job_id"))

    op.drop_table("job_screening_questions")
    with op.batch_alter_table("job_offices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_offices_job_id"))

    op.drop_table("job_offices")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_published")
        batch_op.drop_index("ix_jobs_status_expires")
        batch_op.drop_index(batch_op.f("ix_jobs_organization_id"))

    op.drop_table("jobs")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_column("verification_note")
        batch_op.drop_column("verification_declined_at")
