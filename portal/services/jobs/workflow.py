"""A job's life after posting: publish (or wait for a moderator), close, mark filled, renew,
duplicate, delete a draft, and the periodic expiry of jobs past their closing date."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.errors import Conflict, ValidationFailed
from portal.extensions import db
from portal.models import (
    Job,
    JobOffice,
    JobStatus,
    ScreeningQuestion,
    User,
    organization_of,
    utcnow,
)
from portal.services.jobs.checks import (
    DEFAULT_EXPIRY_DAYS,
    MAX_EXPIRY_DAYS,
    default_expiry,
    expiry_from_date,
)
from portal.services.jobs.holds import go_live_or_hold
from portal.services.jobs.posting import publish_problems
from portal.services.jobs.statuses import CLOSABLE
from portal.services.jobs.steps import JobInvalid
from portal.services.jobs.visibility import require_member


def publish(user: User, job: Job, now: datetime | None = None) -> JobStatus:
    """Publish a draft (or send it again after a rejection). Jobs of unverified organizations,
    postings that ask for money and resubmissions wait for a moderator instead."""
    require_member(user, job)
    if job.status not in (JobStatus.DRAFT, JobStatus.REJECTED):
        raise Conflict(_("This job was already sent. Refresh the page to see where it stands."))
    now = now or utcnow()
    problems = publish_problems(job, now)
    if problems:
        raise JobInvalid([(step, message) for step, message in problems])
    with db.session.no_autoflush:
        if job.expires_at is None:
            job.expires_at = default_expiry(now)
        go_live_or_hold(job, now)
    db.session.commit()
    return job.status


def close(user: User, job: Job, *, filled: bool = False, now: datetime | None = None) -> None:
    """Stop taking applications. A filled job says so; both keep their public page."""
    require_member(user, job)
    allowed = CLOSABLE + ((JobStatus.CLOSED,) if filled else ())
    if job.status not in allowed:
        raise Conflict(_("Only a published, waiting or expired job can be closed."))
    job.status = JobStatus.FILLED if filled else JobStatus.CLOSED
    job.closed_at = now or utcnow()
    db.session.commit()


def mark_filled(user: User, job: Job, now: datetime | None = None) -> None:
    close(user, job, filled=True, now=now)


def bulk_close(user: User, job_ids: Iterable[int], now: datetime | None = None) -> int:
    """Close several jobs of the user's organization; others' ids and finished jobs are skipped."""
    organization = organization_of(user)
    ids = {int(i) for i in job_ids}
    if organization is None or not ids:
        return 0
    jobs = db.session.scalars(
        sa.select(Job).where(
            Job.id.in_(ids),
            Job.organization_id == organization.id,
            Job.status.in_(CLOSABLE),
        )
    ).all()
    now = now or utcnow()
    for job in jobs:
        job.status = JobStatus.CLOSED
        job.closed_at = now
    db.session.commit()
    return len(jobs)


def renew(
    user: User, job: Job, days: int = DEFAULT_EXPIRY_DAYS, now: datetime | None = None
) -> datetime:
    """Keep a published or expired job open until `days` from today (1 to 90). A renewal never
    brings an existing closing date forward."""
    require_member(user, job)
    if job.status not in (JobStatus.PUBLISHED, JobStatus.EXPIRED):
        raise Conflict(_("Only a published or expired job can be renewed."))
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise ValidationFailed(
            _("Renew for 1 to %(days)s days.", days=MAX_EXPIRY_DAYS), field="days"
        )
    now = now or utcnow()
    target = expiry_from_date((now + timedelta(days=days)).date())
    job.expires_at = max(job.expires_at, target) if job.expires_at else target
    if job.status == JobStatus.EXPIRED:
        job.status = JobStatus.PUBLISHED
        job.closed_at = None
    db.session.commit()
    return job.expires_at


def duplicate(user: User, job: Job) -> Job:
    """A new draft with the same content, to post a similar role or repost a closed one."""
    require_member(user, job)
    twin = Job(
        organization_id=job.organization_id,
        created_by_id=user.id,
        status=JobStatus.DRAFT,
        last_step="preview",
    )
    for key in COPIED_COLUMNS:
        setattr(twin, key, copy.deepcopy(getattr(job, key)))
    for office in job.offices:
        twin.offices.append(
            JobOffice(
                position=office.position,
                city=office.city,
                region=office.region,
                country=office.country,
                lat=office.lat,
                lng=office.lng,
            )
        )
    for question in job.questions:
        twin.questions.append(
            ScreeningQuestion(
                position=question.position, text=question.text, must_be_yes=question.must_be_yes
            )
        )
    db.session.add(twin)
    db.session.commit()
    return twin


COPIED_COLUMNS = frozenset(
    {
        "title",
        "role_type",
        "employment_type",
        "openings",
        "description",
        "required_credentials",
        "preferred_credentials",
        "specialties",
        "code_sets",
        "systems",
        "min_years",
        "new_graduates_welcome",
        "training_provided",
        "work_mode",
        "applicant_countries",
        "applicant_regions",
        "timezone",
        "schedule_flexible",
        "accepts_part_time",
        "shift_windows",
        "hours_min",
        "hours_max",
        "pay_min",
        "pay_max",
        "pay_currency",
        "pay_period",
        "charts_per_day",
        "qa_accuracy",
        "equipment",
        "onsite_training_weeks",
        "no_dependent_care",
        "apply_method",
        "apply_url",
    }
)


def delete_draft(user: User, job: Job) -> None:
    """Delete a draft nobody has seen; a job that has been public is closed instead."""
    require_member(user, job)
    if job.status != JobStatus.DRAFT:
        raise Conflict(_("Only a draft can be deleted. Close a published job instead."))
    db.session.delete(job)
    db.session.commit()


def expire_due(now: datetime | None = None) -> int:
    """Mark published jobs past their closing date as expired; returns how many. Idempotent and
    safe to run from cron at any interval: a second run finds nothing left to do."""
    now = now or utcnow()
    due_ids = db.session.scalars(
        sa.select(Job.id).where(
            Job.status == JobStatus.PUBLISHED,
            Job.expires_at.is_not(None),
            Job.expires_at <= now,
        )
    ).all()
    expired = 0
    for job_id in due_ids:
        job = db.session.get(Job, job_id)
        if job is None or job.status != JobStatus.PUBLISHED:
            continue
        job.status = JobStatus.EXPIRED
        job.closed_at = now
        expired += 1
    db.session.commit()
    return expired
