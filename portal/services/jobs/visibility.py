"""Who sees a job: everyone once it has been public (`Job.is_public` holds the rule itself),
before that only its organization's members and administrators; other organizations' jobs are
"not found", never "forbidden"."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from portal.errors import NotFound
from portal.extensions import db
from portal.models import Job, JobStatus, User
from portal.services.jobs.statuses import FINISHED
from portal.services.organizations import is_member


def is_closed_to_applicants(job: Job, now: datetime | None = None) -> bool:
    """Once public, now closed, filled or past its closing date: the page says so plainly."""
    if job.status in FINISHED:
        return True
    return job.status == JobStatus.PUBLISHED and not job.is_public(now)


def can_view(user: User, job: Job) -> bool:
    """Who may open the job page: everyone once it has been public; before that (draft, in
    review, rejected) only its organization's members and administrators."""
    if job.is_public() or is_closed_to_applicants(job):
        return True
    if getattr(user, "is_authenticated", False) and getattr(user, "is_admin", False):
        return True
    return is_member(user, job.organization)


def member_job(user: User, job_id: int) -> Job:
    """A job of the user's organization, else NotFound (never confirm another's job exists)."""
    job = db.session.get(Job, job_id)
    if job is None or not is_member(user, job.organization):
        raise NotFound(_("No such job."))
    return job


def require_member(user: User, job: Job) -> None:
    """NotFound unless the user belongs to the job's organization."""
    if not is_member(user, job.organization):
        raise NotFound(_("No such job."))
