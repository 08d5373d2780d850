"""Accounts: one user, one role."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.limits import EMAIL_MAX, NAME_MAX, TIMEZONE_MAX
from portal.models.base import enum_column, utcnow

if TYPE_CHECKING:
    from portal.models.organization import OrganizationMember


class Role(enum.StrEnum):
    SEEKER = "seeker"
    EMPLOYER = "employer"
    SCHOOL = "school"
    ADMIN = "admin"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), unique=True, index=True)
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, 20))
    # Rotated on logout, password change and disable: every older cookie stops working.
    session_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )
    # Set when a change of e-mail address is asked for: its links carry it, so a newer request,
    # the cancel link, or any password change or reset makes older links worthless.
    email_change_key: Mapped[str | None] = mapped_column(sa.String(32))
    email_verified_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    timezone: Mapped[str | None] = mapped_column(sa.String(TIMEZONE_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # The terms of use the person agreed to at sign-up (`portal.services.legal`); None for
    # accounts made by an administrator or before terms were versioned.
    terms_version: Mapped[str | None] = mapped_column(sa.String(20))
    terms_accepted_at: Mapped[datetime | None]
    # Set when the person deleted their account: the row stays as an anonymised placeholder so
    # counts (applications, hires) stay right; see services.account_data.delete_account.
    deleted_at: Mapped[datetime | None]

    # An employer's place in the organization it acts for (at most one: the member's user_id is
    # unique). Read it through `organization_of`; the sign-in loads it with the account, so an
    # employer's page does not ask again.
    membership: Mapped[OrganizationMember | None] = relationship(viewonly=True)

    # Flask-Login protocol -------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    # Roles -------------------------------------------------------------------------------
    @property
    def is_seeker(self) -> bool:
        return self.role == Role.SEEKER

    @property
    def is_employer(self) -> bool:
        return self.role == Role.EMPLOYER

    @property
    def is_school(self) -> bool:
        return self.role == Role.SCHOOL

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def rotate_session_token(self) -> None:
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class EmailKind(enum.StrEnum):
    """E-mails a person may turn off (`portal.services.email_preferences`). Mail about the
    account's security and moderation decisions is always sent and has no kind."""

    ALERTS = "alerts"  # saved-search digests
    REMINDERS = "reminders"  # credential expiry reminders
    APPLICATIONS = "applications"  # application news, invitations, new applicants
    MESSAGES = "messages"  # a new message about an application


class EmailOptOut(Model):
    """One kind of e-mail a person turned off, and when. No row: the e-mail is sent."""

    __tablename__ = "email_opt_outs"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[EmailKind] = mapped_column(
        enum_column(EmailKind, 20),
        primary_key=True,
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
