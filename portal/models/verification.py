"""What an administrator checked before deciding on an organization or a school.

Every decision (verified, declined, verification withdrawn) leaves one row: who decided, when,
and on what evidence — the registration number in an official register, the website looked at,
and the named person spoken to. The organization or school itself keeps only its current state
(`verified_at`, `verified_by_id`).
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.base import enum_column, utcnow
from portal.models.user import User


class VerificationDecision(enum.StrEnum):
    VERIFIED = "verified"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class VerificationRecord(Model):
    __tablename__ = "verification_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Exactly one of the two is set (`services.verification` writes these rows).
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("schools.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[VerificationDecision] = mapped_column(enum_column(VerificationDecision, 16))
    # `services.verification.REGISTRATION_KINDS`: "us_ein", "in_gstin", "in_cin", "gulf_cr"…
    registration_kind: Mapped[str | None] = mapped_column(sa.String(16))
    registration_country: Mapped[str | None] = mapped_column(sa.String(2))
    registration_number: Mapped[str | None] = mapped_column(sa.String(64))
    website: Mapped[str | None] = mapped_column(sa.String(300))
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    contact_detail: Mapped[str | None] = mapped_column(sa.String(200))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    admin_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    admin: Mapped[User | None] = relationship()
