"""Training schools: their staff, courses, cohorts and the graduates they import.

A school vouches for the credentials of the coders it trained. Its staff import a cohort's
graduates from a CSV file; each graduate is invited by e-mail to claim a pre-filled profile, and
nothing about them reaches employers until they do. A graduate who leaves the school ends its
access to them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model, db
from portal.limits import (
    CREDENTIAL_NUMBER_MAX,
    EMAIL_MAX,
    NAME_MAX,
    PHONE_MAX,
    SCHOOL_NAME_MAX,
    WEBSITE_MAX,
)
from portal.models.base import enum_column, utcnow
from portal.models.user import User


class SchoolRole(enum.StrEnum):
    OWNER = "owner"  # manages staff and the school page
    STAFF = "staff"  # imports cohorts, verifies credentials, sees placement figures


class School(Model):
    """A school's public page; its staff act for it. Seekers name it in their profile's education
    or join it by claiming the profile the school imported for them. Until an administrator
    verifies it, seekers cannot choose it, its staff see no graduates and verify nothing; its
    verifications count only while it is verified."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The account that created the school (its first owner).
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(sa.String(SCHOOL_NAME_MAX))
    website: Mapped[str | None] = mapped_column(sa.String(WEBSITE_MAX))
    country: Mapped[str] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    about: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # Declined with a note the school reads; back in the queue when its details change.
    verification_declined_at: Mapped[datetime | None]
    verification_note: Mapped[str | None] = mapped_column(sa.Text)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    members: Mapped[list[SchoolMember]] = relationship(
        back_populates="school", cascade="all, delete-orphan"
    )
    courses: Mapped[list[Course]] = relationship(
        back_populates="school", cascade="all, delete-orphan", order_by="Course.name"
    )

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @classmethod
    def verified_clause(cls) -> sa.ColumnElement[bool]:
        """The same rule as `is_verified`, for a select."""
        return cls.verified_at.is_not(None)

    def __repr__(self) -> str:
        return f"<School {self.id} {self.name!r}>"


class SchoolMember(Model):
    """A staff account of a school, besides the owner who created it (`School.owner_id`). An
    account belongs to one school at most."""

    __tablename__ = "school_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        sa.ForeignKey("schools.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    role: Mapped[SchoolRole] = mapped_column(
        enum_column(SchoolRole, 16),
        default=SchoolRole.STAFF,
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class SchoolInvitation(Model):
    """An e-mailed invitation to join a school's staff."""

    __tablename__ = "school_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        sa.ForeignKey("schools.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    school: Mapped[School] = relationship()
    invited_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class Course(Model):
    """A course the school teaches, and the credential it prepares for."""

    __tablename__ = "school_courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        sa.ForeignKey("schools.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    credential: Mapped[str] = mapped_column(sa.String(16))  # taxonomy.CREDENTIALS code
    weeks: Mapped[int | None]
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School] = relationship(back_populates="courses")


class Cohort(Model):
    """A group of students who graduate together."""

    __tablename__ = "school_cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        sa.ForeignKey("schools.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("school_courses.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    credential: Mapped[str] = mapped_column(sa.String(16))  # the credential it prepared for
    starts_on: Mapped[date]
    graduates_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School] = relationship()
    course: Mapped[Course | None] = relationship()
    graduates: Mapped[list[Graduate]] = relationship(
        back_populates="cohort", order_by="Graduate.name"
    )


class Graduate(Model):
    """A graduate a school imported. Private to the school until claimed: then `user_id` names
    the account and its profile carries the school. One row per school and e-mail address."""

    __tablename__ = "school_graduates"
    __table_args__ = (sa.UniqueConstraint("school_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        sa.ForeignKey("schools.id", ondelete="CASCADE"), index=True
    )
    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("school_cohorts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX))
    credential: Mapped[str] = mapped_column(sa.String(16))
    credential_number: Mapped[str | None] = mapped_column(sa.String(CREDENTIAL_NUMBER_MAX))
    exam_date: Mapped[date | None]
    phone: Mapped[str | None] = mapped_column(sa.String(PHONE_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    invited_at: Mapped[datetime | None]  # the last claim e-mail
    invitations_sent: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    left_at: Mapped[datetime | None]

    cohort: Mapped[Cohort] = relationship(back_populates="graduates")
    school: Mapped[School] = relationship()
    user: Mapped[User | None] = relationship()


class GraduateImport(Model):
    """An uploaded CSV waiting for staff to confirm: every row with what is wrong with it."""

    __tablename__ = "school_graduate_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(
        sa.ForeignKey("schools.id", ondelete="CASCADE"), index=True
    )
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("school_cohorts.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    filename: Mapped[str] = mapped_column(sa.String(200))
    rows: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    imported: Mapped[int] = mapped_column(default=0)

    cohort: Mapped[Cohort] = relationship()


def school_of(user: User) -> School | None:
    """The school a school account runs or works for, if any."""
    if not user.is_authenticated or not getattr(user, "is_school", False):
        return None
    staff = sa.select(SchoolMember.school_id).where(SchoolMember.user_id == user.id)
    return db.session.scalar(
        sa.select(School).where(sa.or_(School.owner_id == user.id, School.id.in_(staff))).limit(1)
    )


def school_role(user: User, school: School) -> SchoolRole | None:
    """OWNER for the account that created the school or an owner it named; STAFF; or None."""
    if user.id == school.owner_id:
        return SchoolRole.OWNER
    return db.session.scalar(
        sa.select(SchoolMember.role).where(
            SchoolMember.user_id == user.id, SchoolMember.school_id == school.id
        )
    )
