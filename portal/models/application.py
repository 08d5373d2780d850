"""What happens after a match: applications and their history, invitations to apply, the message
thread of each application, and the notifications shown in the page.

- `Application`: one per (job, seeker) (a unique constraint; a double submit answers with the
  existing row). It keeps what the employer saw at apply time: the match score and explanation,
  the screening answers, the cover note and a copy of the résumé. `organization_id` is copied
  from the job so every permission check and count is one indexed column.
- `Stage`: where an application stands; the words for each stage (the organization's, the
  seeker's, and what happens next) sit beside it, for pages, e-mails, notifications and charts.
- `ApplicationEvent`: every stage change (who, when, from, to). Never edited.
- `ApplicationNote` and `Application.rating`: visible only to the organization.
- `Invitation`: an employer asks an (anonymous) candidate to apply; accepting reveals who the
  seeker is to that organization only.
- `Message`: the thread of one application, between the organization and the applicant.
- `Notification`: one line in a person's notification list (`kind` + `data`, worded when shown,
  so it can be translated later).
- `ApplyClick`: a click on "Apply on the employer's website" for a job that takes applications
  elsewhere.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model
from portal.models.base import enum_column, utcnow
from portal.models.job import Job
from portal.models.organization import Organization
from portal.models.profile import Profile
from portal.models.user import User


class Stage(enum.StrEnum):
    APPLIED = "applied"
    REVIEWING = "reviewing"
    SHORTLISTED = "shortlisted"
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# The pipeline in order; rejected and withdrawn sit beside it.
PIPELINE: tuple[Stage, ...] = (
    Stage.APPLIED,
    Stage.REVIEWING,
    Stage.SHORTLISTED,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.HIRED,
)
CLOSED_STAGES: frozenset[Stage] = frozenset({Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN})

# The words for each stage live beside it: the pipeline, the seeker's page, e-mails,
# notifications and charts all read them from here.

# What the organization sees in its pipeline.
STAGE_LABELS: dict[Stage, LazyString] = {
    Stage.APPLIED: _l("New"),
    Stage.REVIEWING: _l("Reviewing"),
    Stage.SHORTLISTED: _l("Shortlisted"),
    Stage.INTERVIEW: _l("Interview"),
    Stage.OFFER: _l("Offer"),
    Stage.HIRED: _l("Hired"),
    Stage.REJECTED: _l("Not going ahead"),
    Stage.WITHDRAWN: _l("Withdrawn"),
}

# What the seeker sees: where the application stands, in plain words ...
SEEKER_STAGE_LABELS: dict[Stage, LazyString] = {
    Stage.APPLIED: _l("Sent"),
    Stage.REVIEWING: _l("Being reviewed"),
    Stage.SHORTLISTED: _l("Shortlisted"),
    Stage.INTERVIEW: _l("Invited to interview"),
    Stage.OFFER: _l("Offer made"),
    Stage.HIRED: _l("Hired"),
    Stage.REJECTED: _l("Not selected this time"),
    Stage.WITHDRAWN: _l("Withdrawn by you"),
}

# ... and what happens next.
NEXT_STEPS: dict[Stage, LazyString] = {
    Stage.APPLIED: _l(
        "The employer has your application. We will e-mail you when they look at it."
    ),
    Stage.REVIEWING: _l(
        "The employer is reading your application. We will e-mail you when it moves on."
    ),
    Stage.SHORTLISTED: _l("You are on the shortlist. The employer may send you a message here."),
    Stage.INTERVIEW: _l(
        "The employer wants to talk to you. Watch your messages for the date and time."
    ),
    Stage.OFFER: _l("The employer wants to offer you the job. Read their message and answer them."),
    Stage.HIRED: _l("Congratulations. The employer will tell you how to start."),
    Stage.REJECTED: _l(
        "The employer is not going ahead this time. Other jobs may suit you better."
    ),
    Stage.WITHDRAWN: _l(
        "You withdrew this application. You can apply again while the job is open."
    ),
}


def stage_label(stage: Stage | str) -> str:
    """The organization's word for a stage; an unknown value is shown as it is."""
    try:
        return str(STAGE_LABELS[Stage(stage)])
    except ValueError:
        return str(stage)


def seeker_stage_label(stage: Stage | str) -> str:
    """The seeker's word for a stage; an unknown value is shown as it is."""
    try:
        return str(SEEKER_STAGE_LABELS[Stage(stage)])
    except ValueError:
        return str(stage)


def next_step(stage: Stage | str) -> str:
    """What the seeker can expect next at this stage."""
    return str(NEXT_STEPS[Stage(stage)])


class Application(Model):
    __tablename__ = "applications"
    __table_args__ = (
        sa.UniqueConstraint("job_id", "seeker_id"),
        sa.Index("ix_applications_org_stage", "organization_id", "stage"),
        sa.Index("ix_applications_job_stage", "job_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE")
    )
    seeker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    profile_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("profiles.id", ondelete="SET NULL")
    )
    invitation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("job_invitations.id", ondelete="SET NULL")
    )
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, 16), default=Stage.APPLIED)

    cover_note: Mapped[str] = mapped_column(sa.Text, default="")
    # [{"question_id": 3, "text": "...", "must_be_yes": true, "answer": false}, ...]
    answers: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # A "must answer yes" question answered no: shown to the employer, never hidden.
    misses_dealbreaker: Mapped[bool] = mapped_column(default=False)

    # The match at apply time: score, eligibility and the explanation lines (MatchItem fields).
    match_score: Mapped[int] = mapped_column(default=0)
    match_eligible: Mapped[bool] = mapped_column(default=False)
    match_items: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)

    # A copy of the résumé sent with this application (see portal/uploads.py).
    resume_file: Mapped[str | None] = mapped_column(sa.String(64))
    resume_name: Mapped[str | None] = mapped_column(sa.String(200))

    rating: Mapped[int | None] = mapped_column(sa.SmallInteger)  # 1-5, the organization's only

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    stage_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    job: Mapped[Job] = relationship()
    organization: Mapped[Organization] = relationship()
    seeker: Mapped[User] = relationship()
    profile: Mapped[Profile | None] = relationship()
    invitation: Mapped[Invitation | None] = relationship(foreign_keys=[invitation_id])
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationEvent.id",
    )
    notes: Mapped[list[ApplicationNote]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationNote.id",
    )
    messages: Mapped[list[Message]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="Message.id",
    )

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    def __repr__(self) -> str:
        return f"<Application {self.id} job={self.job_id} {self.stage}>"


class ApplicationEvent(Model):
    """One step in an application's history: `from_stage` is None for the first one."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    from_stage: Mapped[Stage | None] = mapped_column(enum_column(Stage, 16))
    to_stage: Mapped[Stage] = mapped_column(enum_column(Stage, 16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class ApplicationNote(Model):
    """A note about an applicant, for the organization's eyes only."""

    __tablename__ = "application_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class Invitation(Model):
    """An organization invites a candidate found in "best candidates" to apply for a job."""

    __tablename__ = "job_invitations"
    __table_args__ = (
        sa.UniqueConstraint("job_id", "profile_id"),
        # The daily limit counts an organization's invitations by time.
        sa.Index("ix_job_invitations_org_created", "organization_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE")
    )
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    message: Mapped[str] = mapped_column(sa.Text, default="")
    # Set while the message seems to ask for money: the candidate is not told until a moderator
    # releases it (see `services.held_texts`).
    held_at: Mapped[datetime | None]
    held_reasons: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    declined_at: Mapped[datetime | None]

    job: Mapped[Job] = relationship()
    organization: Mapped[Organization] = relationship()
    profile: Mapped[Profile] = relationship()
    invited_by: Mapped[User | None] = relationship()

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return "accepted"
        if self.declined_at is not None:
            return "declined"
        return "waiting"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None


class Message(Model):
    """One message in an application's thread. `from_organization` says which side wrote it;
    the seeker sees the organization's name, never the recruiter's address."""

    __tablename__ = "application_messages"
    __table_args__ = (
        sa.UniqueConstraint(
            "application_id", "submission_key", name="uq_application_messages_submission"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    from_organization: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(sa.Text)
    # Set while an employer's message seems to ask for money: the applicant does not see it
    # until a moderator releases it (see `services.held_texts`).
    held_at: Mapped[datetime | None]
    held_reasons: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]  # when the other side opened the thread
    # The form's one-time token with the text: the same form sent twice stores one message.
    submission_key: Mapped[str | None] = mapped_column(sa.String(32))

    application: Mapped[Application] = relationship(back_populates="messages")
    sender: Mapped[User | None] = relationship()


class Notification(Model):
    """A line in someone's notification list; `link` is a path on this site."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(32))
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    link: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ApplyClick(Model):
    """A click on "Apply on the employer's website" (jobs that take applications elsewhere)."""

    __tablename__ = "apply_clicks"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(sa.ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
