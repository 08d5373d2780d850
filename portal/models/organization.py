"""Employers: an organization, the people who act for it, and the colleagues they invite."""

from __future__ import annotations

import enum
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model, db
from portal.limits import EMAIL_MAX, ORGANIZATION_NAME_MAX, WEBSITE_MAX
from portal.models.base import enum_column, utcnow
from portal.models.user import User


class MemberRole(enum.StrEnum):
    OWNER = "owner"
    RECRUITER = "recruiter"


class Organization(Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(ORGANIZATION_NAME_MAX))
    slug: Mapped[str] = mapped_column(sa.String(180), unique=True, index=True)
    kind: Mapped[str] = mapped_column(sa.String(32))  # taxonomy.ORGANIZATION_KINDS
    website: Mapped[str | None] = mapped_column(sa.String(WEBSITE_MAX))
    country: Mapped[str] = mapped_column(sa.String(2))
    size: Mapped[str | None] = mapped_column(sa.String(16))  # taxonomy.ORGANIZATION_SIZES
    about: Mapped[str] = mapped_column(sa.Text, default="")
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Verification: an administrator may decline it with a note the owners read; the
    # organization stays in the queue's "declined" state until its details change.
    verification_declined_at: Mapped[datetime | None]
    verification_note: Mapped[str | None] = mapped_column(sa.Text)
    # A new organization's jobs are all reviewed until it has a track record (see
    # `services.jobs.on_probation`); this is when it earned one.
    established_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow)

    members: Mapped[list[OrganizationMember]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    invitations: Mapped[list[OrganizationInvitation]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @classmethod
    def verified_clause(cls) -> sa.ColumnElement[bool]:
        """The same rule as `is_verified`, for a select."""
        return cls.verified_at.is_not(None)

    @property
    def website_domain(self) -> str | None:
        """The website's host without "www." ("mercyvalley.example"), or None."""
        if not self.website:
            return None
        host = urlsplit(self.website).hostname or ""
        host = host.lower().rstrip(".")
        return host.removeprefix("www.") or None

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.slug!r}>"


class OrganizationMember(Model):
    __tablename__ = "organization_members"
    __table_args__ = (sa.UniqueConstraint("organization_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    # One organization per employer account keeps "which organization am I acting for" obvious.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    role: Mapped[MemberRole] = mapped_column(
        enum_column(MemberRole, 16),
        default=MemberRole.RECRUITER,
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class OrganizationInvitation(Model):
    """A colleague invited by e-mail. The e-mailed link carries a signed token naming this row;
    accepting (or revoking) stamps it, so each invitation is used once."""

    __tablename__ = "organization_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship(back_populates="invitations")
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


def organization_of(user: User) -> Organization | None:
    """The organization an employer account acts for, if it has joined or created one."""
    if not user.is_authenticated or not getattr(user, "is_employer", False):
        return None
    if "membership" not in sa.inspect(user).unloaded:  # loaded with the account this request
        membership = user.membership
        return membership.organization if membership is not None else None
    return db.session.scalar(_organization_of_select(), {"user_id": user.id})


@lru_cache(maxsize=1)
def _organization_of_select() -> sa.Select[Organization]:
    """`organization_of`'s select, built once: employers' pages ask on every request, and
    building the select cost more than running it."""
    return (
        sa.select(Organization)
        .join(OrganizationMember)
        .where(OrganizationMember.user_id == sa.bindparam("user_id"))
    )
