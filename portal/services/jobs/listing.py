"""Lists of jobs: an organization's own (with counts per status), its public ones, the newest
public jobs for the home page and the feed; and a job's readable address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Job, JobStatus, Organization, User, organization_of
from portal.services.organizations import open_invitations_for, slugify


@dataclass
class JobList:
    jobs: list[Job]
    total: int
    counts: dict[str, int]


def organization_jobs(
    organization: Organization, *, q: str = "", status: str = "", limit: int = 200
) -> JobList:
    """The organization's jobs, newest change first, filtered by title words and status."""
    stmt = sa.select(Job).where(Job.organization_id == organization.id)
    q = (q or "").strip()
    if q:
        for word in q.lower().split()[:6]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(sa.func.lower(Job.title).like(f"%{escaped}%", escape="\\"))
    if status in {s.value for s in JobStatus}:
        stmt = stmt.where(Job.status == JobStatus(status))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    jobs = db.session.scalars(stmt.order_by(Job.updated_at.desc(), Job.id.desc()).limit(limit))
    counts = dict(
        db.session.execute(
            sa.select(Job.status, sa.func.count())
            .where(Job.organization_id == organization.id)
            .group_by(Job.status)
        ).all()
    )
    return JobList(
        jobs=list(jobs), total=total, counts={str(k.value): v for k, v in counts.items()}
    )


def employer_dashboard(user: User) -> dict[str, Any]:
    """The employer dashboard: the organization, its latest jobs, invitations waiting."""
    organization = organization_of(user)
    return {
        "organization": organization,
        "job_list": organization_jobs(organization, limit=10) if organization else None,
        "invitations": open_invitations_for(user),
    }


def public_jobs_of(organization: Organization, limit: int = 100) -> list[Job]:
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.organization_id == organization.id, Job.public_clause())
            .order_by(Job.published_at.desc(), Job.id.desc())
            .limit(limit)
        )
    )


def newest_public_jobs(limit: int = 50) -> list[Job]:
    # Cards show the organization and the offices: load them with the jobs (no N+1).
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.public_clause())
            .options(selectinload(Job.organization), selectinload(Job.offices))
            .order_by(Job.published_at.desc(), Job.id.desc())
            .limit(limit)
        )
    )


# Words that name other pages under /jobs/<id>/ and so cannot be a job's slug.
RESERVED_SLUGS = frozenset({"apply", "report", "edit", "preview"})


def job_slug(job: Job) -> str:
    """The readable part of a job's address: /jobs/12/remote-cpc-coder."""
    slug = slugify(job.title)[:60].strip("-") or "job"
    return f"{slug}-job" if slug in RESERVED_SLUGS else slug
