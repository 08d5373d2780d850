"""How many applicants an organization's jobs have: the "All applicants" page, the employer's
dashboard and the job table. Each is a grouped query, however many jobs there are."""

from __future__ import annotations

from typing import TypedDict

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Application, Job, Stage, User, organization_of


class ApplicantCounts(TypedDict):
    total: int  # every applicant
    new: int  # still at the first stage, waiting to be looked at


class EmployerSummary(TypedDict):
    new_applicants: int
    jobs_with_applicants: list[tuple[Job, ApplicantCounts]]


def _new_count() -> sa.ColumnElement[int | None]:
    return sa.func.sum(sa.case((Application.stage == Stage.APPLIED, 1), else_=0))


def organization_overview(user: User) -> list[tuple[Job, ApplicantCounts]]:
    """Each job of the organization that has applicants, with its new and total counts."""
    organization = organization_of(user)
    if organization is None:
        return []
    rows = db.session.execute(
        sa.select(Application.job_id, sa.func.count(Application.id), _new_count())
        .where(Application.organization_id == organization.id)
        .group_by(Application.job_id)
    ).all()
    counts: dict[int, ApplicantCounts] = {
        job_id: {"total": total, "new": int(new or 0)} for job_id, total, new in rows
    }
    jobs = db.session.scalars(
        sa.select(Job)
        .where(Job.organization_id == organization.id, Job.id.in_(list(counts) or [0]))
        .order_by(Job.created_at.desc())
    )
    return [(job, counts[job.id]) for job in jobs]


def employer_summary(user: User, limit: int = 10) -> EmployerSummary:
    """For the employer's dashboard: how many applicants wait to be looked at, and the jobs
    with the most of them (at most `limit`; "All applicants" lists every job). A large
    organization has hundreds of jobs with applicants: the dashboard loads and lists ten."""
    organization = organization_of(user)
    if organization is None:
        return {"new_applicants": 0, "jobs_with_applicants": []}
    new = _new_count()
    total = sa.func.count()
    # By the organization's jobs: the (job_id, stage) index covers the whole count.
    own_jobs = sa.select(Job.id).where(Job.organization_id == organization.id)
    rows = db.session.execute(
        sa.select(Application.job_id, total, new)
        .where(Application.job_id.in_(own_jobs))
        .group_by(Application.job_id)
        .order_by(new.desc(), total.desc(), Application.job_id.desc())
        .limit(limit)
    ).all()
    new_applicants = db.session.scalar(
        sa.select(sa.func.count(Application.id)).where(
            Application.organization_id == organization.id, Application.stage == Stage.APPLIED
        )
    )
    jobs = {
        job.id: job
        for job in db.session.scalars(sa.select(Job).where(Job.id.in_([r[0] for r in rows])))
    }
    return {
        "new_applicants": new_applicants or 0,
        "jobs_with_applicants": [
            (jobs[job_id], {"total": count, "new": int(waiting or 0)})
            for job_id, count, waiting in rows
            if job_id in jobs
        ],
    }


def applicant_counts(job_ids: list[int]) -> dict[int, ApplicantCounts]:
    """{job id: {"total": applicants, "new": still at the first stage}} for a list of jobs, in
    one grouped query (the employer's job table). Jobs nobody applied for are left out."""
    if not job_ids:
        return {}
    rows = db.session.execute(
        sa.select(Application.job_id, sa.func.count(), _new_count())
        .where(Application.job_id.in_(job_ids))
        .group_by(Application.job_id)
    ).all()
    return {job_id: {"total": total, "new": int(waiting or 0)} for job_id, total, waiting in rows}
