"""applications: applications and their history, notes, invitations to apply, messages,
notifications, external apply clicks, saved searches

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 10:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_user_read", ["user_id", "read_at"], unique=False)

    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("jobs", "candidates", name="searchkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("query_string", sa.String(length=1000), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum("daily", "weekly", "never", name="frequency", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_run_at", sa.DateTime(), nullable=True),
        sa.Column("last_period", sa.String(length=16), nullable=True),
        sa.Column("last_sent_at", sa.DateTime(), nullable=True),
        sa.Column("unsubscribed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_saved_searches_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_searches")),
    )
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.create_index("ix_saved_searches_frequency", ["frequency", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_saved_searches_user_id"), ["user_id"], unique=False)

    op.create_table(
        "apply_clicks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_apply_clicks_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_apply_clicks_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apply_clicks")),
    )
    with op.batch_alter_table("apply_clicks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_apply_clicks_job_id"), ["job_id"], unique=False)

    op.create_table(
        "job_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("declined_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_job_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_invitations_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_job_invitations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_job_invitations_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_invitations")),
        sa.UniqueConstraint("job_id", "profile_id", name=op.f("uq_job_invitations_job_id")),
    )
    with op.batch_alter_table("job_invitations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_job_invitations_org_created", ["organization_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_job_invitations_profile_id"), ["profile_id"], unique=False
        )

    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=True),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column(
            "stage",
            sa.Enum(
                "applied",
                "reviewing",
                "shortlisted",
                "interview",
                "offer",
                "hired",
                "rejected",
                "withdrawn",
                name="stage",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("cover_note", sa.Text(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("misses_dealbreaker", sa.Boolean(), nullable=False),
        sa.Column("match_score", sa.Integer(), nullable=False),
        sa.Column("match_eligible", sa.Boolean(), nullable=False),
        sa.Column("match_items", sa.JSON(), nullable=False),
        sa.Column("resume_file", sa.String(length=64), nullable=True),
        sa.Column("resume_name", sa.String(length=200), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("stage_changed_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["job_invitations.id"],
            name=op.f("fk_applications_invitation_id_job_invitations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_applications_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_applications_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_applications_profile_id_profiles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["users.id"],
            name=op.f("fk_applications_seeker_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("job_id", "seeker_id", name=op.f("uq_applications_job_id")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index("ix_applications_job_stage", ["job_id", "stage"], unique=False)
        batch_op.create_index(
            "ix_applications_org_stage", ["organization_id", "stage"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_applications_seeker_id"), ["seeker_id"], unique=False)

    op.create_table(
        "application_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "from_stage",
            sa.Enum(
                "applied",
                "reviewing",
                "shortlisted",
                "interview",
                "offer",
                "hired",
                "rejected",
                "withdrawn",
                name="stage",
                native_enum=False,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_stage",
            sa.Enum(
                "applied",
                "reviewing",
                "shortlisted",
                "interview",
                "offer",
                "hired",
                "rejected",
                "withdrawn",
                name="stage",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_application_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_events_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_events")),
    )
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_events_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "application_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("from_organization", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_messages_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_application_messages_sender_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_messages")),
    )
    with op.batch_alter_table("application_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_messages_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "application_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_notes_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_application_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_notes")),
    )
    with op.batch_alter_table("application_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_notes_application_id"), ["application_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("application_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_notes_application_id"))

    op.drop_table("application_notes")
    with op.batch_alter_table("application_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_messages_application_id"))

    op.drop_table("application_messages")
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_events_application_id"))

    op.drop_table("application_events")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_seeker_id"))
        batch_op.drop_index("ix_applications_org_stage")
        batch_op.drop_index("ix_applications_job_stage")

    op.drop_table("applications")
    with op.batch_alter_table("job_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_invitations_profile_id"))
        batch_op.drop_index("ix_job_invitations_org_created")

    op.drop_table("job_invitations")
    with op.batch_alter_table("apply_clicks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_apply_clicks_job_id"))

    op.drop_table("apply_clicks")
    with op.batch_alter_table("saved_searches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_searches_user_id"))
        batch_op.drop_index("ix_saved_searches_frequency")

    op.drop_table("saved_searches")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_read")

    op.drop_table("notifications")
