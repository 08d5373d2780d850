"""profiles: coder profiles, credentials, weekly availability, identity reveals, schools

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 21:11:04.110342

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "schools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("about", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_schools_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("owner_id", name=op.f("uq_schools_owner_id")),
    )

    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("headline", sa.String(length=160), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("role_types", sa.JSON(), nullable=False),
        sa.Column("years_experience", sa.Integer(), nullable=False),
        sa.Column("specialties", sa.JSON(), nullable=False),
        sa.Column("code_sets", sa.JSON(), nullable=False),
        sa.Column("systems", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("education", sa.Text(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("new_graduate", sa.Boolean(), nullable=False),
        sa.Column("career_break_years", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("region", sa.String(length=80), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lng", sa.Double(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("hours_min", sa.Integer(), nullable=True),
        sa.Column("hours_max", sa.Integer(), nullable=True),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("employment_types", sa.JSON(), nullable=False),
        sa.Column("work_modes", sa.JSON(), nullable=False),
        sa.Column("travel_km", sa.Integer(), nullable=True),
        sa.Column("willing_to_relocate", sa.Boolean(), nullable=False),
        sa.Column("pay_min", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("pay_max", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("pay_period", sa.String(length=16), nullable=True),
        sa.Column("open_to_work", sa.Boolean(), nullable=False),
        sa.Column(
            "visibility",
            sa.Enum("employers", "hidden", name="visibility", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("resume_file", sa.String(length=64), nullable=True),
        sa.Column("resume_name", sa.String(length=200), nullable=True),
        sa.Column("resume_size", sa.Integer(), nullable=True),
        sa.Column("resume_uploaded_at", sa.DateTime(), nullable=True),
        sa.Column("steps_done", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_profiles_school_id_schools"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_profiles_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profiles")),
        sa.UniqueConstraint("user_id", name=op.f("uq_profiles_user_id")),
    )
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profiles_school_id"), ["school_id"], unique=False)

    op.create_table(
        "availability_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.SmallInteger(), nullable=False),
        sa.Column("start_minute", sa.SmallInteger(), nullable=False),
        sa.Column("end_minute", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_availability_slots_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_slots")),
    )
    with op.batch_alter_table("availability_slots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_availability_slots_profile_id"), ["profile_id"], unique=False
        )

    op.create_table(
        "credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("other_name", sa.String(length=120), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("proof_file", sa.String(length=64), nullable=True),
        sa.Column("proof_name", sa.String(length=200), nullable=True),
        sa.Column("proof_size", sa.Integer(), nullable=True),
        sa.Column("proof_uploaded_at", sa.DateTime(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "self_reported",
                "proof_uploaded",
                "verified",
                name="credentialstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("verified_at", sa.DateTime(), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("verified_by_school_id", sa.Integer(), nullable=True),
        sa.Column("verification_method", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_credentials_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"], ["users.id"], name=op.f("fk_credentials_verified_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_school_id"],
            ["schools.id"],
            name=op.f("fk_credentials_verified_by_school_id_schools"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
    )
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credentials_profile_id"), ["profile_id"], unique=False)

    op.create_table(
        "profile_reveals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "applied", "invitation_accepted", name="revealreason", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_profile_reveals_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_profile_reveals_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_reveals")),
        sa.UniqueConstraint(
            "profile_id", "organization_id", name=op.f("uq_profile_reveals_profile_id")
        ),
    )
    with op.batch_alter_table("profile_reveals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_profile_reveals_organization_id"), ["organization_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("profile_reveals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_reveals_organization_id"))

    op.drop_table("profile_reveals")
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credentials_profile_id"))

    op.drop_table("credentials")
    with op.batch_alter_table("availability_slots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_availability_slots_profile_id"))

    op.drop_table("availability_slots")
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profiles_school_id"))

    op.drop_table("profiles")
    op.drop_table("schools")
