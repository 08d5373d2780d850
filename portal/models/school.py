"""Training schools: a school account vouches for the credentials of the coders it trained."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.user import User


class School(db.Model):
    """One school per school account. Once an administrator verified it, seekers can name it in
    their profile's education and the school sees them as graduates and may verify their
    credentials; its verifications count only while it is verified."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    website: Mapped[str | None] = mapped_column(sa.String(300))
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

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def __repr__(self) -> str:
        return f"<School {self.id} {self.name!r}>"


def school_of(user: User) -> School | None:
    """The school a school account runs, if it has created its school profile."""
    if not user.is_authenticated or not getattr(user, "is_school", False):
        return None
    return db.session.scalar(sa.select(School).where(School.owner_id == user.id))
