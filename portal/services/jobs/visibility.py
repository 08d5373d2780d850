"""Who sees a job: everyone once it has been public (`Job.is_public` holds the rule itself),
before that only its organization's members and administrators; other organizations' jobs are
"not found", never "forbidden"."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.errors import NotFound
from portal.extensions import db
from portal.models import (
    Job,
    JobOffice,
    JobStatus,
    Organization,
    ScreeningQuestion,
    User,
    utcnow,
)
from portal.services.jobs.statuses import FINISHED
from portal.services.organizations import is_member


def is_closed_to_applicants(job: Job, now: datetime | None = None) -> bool:
    """Once public, now closed, filled or past its closing date: the page says so plainly."""
    return _closed(job.status, job.is_public(now))


def _closed(status: JobStatus, public: bool) -> bool:
    return status in FINISHED or (status == JobStatus.PUBLISHED and not public)


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


def visitors_page_stamp(job_id: int) -> tuple[tuple[Any, ...], ...] | None:
    """What the job's page shows every visitor, read in one statement without loading the job:
    its status and whether it is public now (the clock alone closes it), its and its
    organization's last change (`updated_at` moves with every update of the row), its offices
    and screening questions (rows of their own). None when there is no such job or visitors
    may not see it (`can_view`: public, or public once and closed since)."""
    rows = db.session.connection().execute(_page_stamp(), {"job_id": job_id, "now": utcnow()})
    stamp = tuple(tuple(row) for row in rows)
    if not stamp:
        return None
    status, public = JobStatus(stamp[0][2]), bool(stamp[0][3])
    return stamp if public or _closed(status, public) else None


@cache
def _page_stamp() -> sa.Select[*tuple[Any, ...]]:
    """The statement behind `visitors_page_stamp`, built once; `job_id` and `now` are its
    parameters. One row per office and question pair (a job has at most 3 and 5)."""
    now = sa.bindparam("now", type_=Job.expires_at.type)
    return (
        sa.select(
            Job.id,
            Job.updated_at,
            Job.status,
            Job.public_clause(now).label("public"),
            Organization.id,
            Organization.updated_at,
            *JobOffice.shown_columns(),
            ScreeningQuestion.id,
            ScreeningQuestion.position,
            ScreeningQuestion.text,
            ScreeningQuestion.must_be_yes,
        )
        .join(Organization, Organization.id == Job.organization_id)
        .outerjoin(JobOffice, JobOffice.job_id == Job.id)
        .outerjoin(ScreeningQuestion, ScreeningQuestion.job_id == Job.id)
        .where(Job.id == sa.bindparam("job_id"))
        .order_by(
            JobOffice.position, JobOffice.id, ScreeningQuestion.position, ScreeningQuestion.id
        )
    )
