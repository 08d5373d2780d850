"""Lists of jobs: an organization's own (with counts per status), its public ones, the newest
public jobs for the home page and the feed; and a job's readable address."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Job, JobOffice, JobStatus, Organization, User, organization_of, utcnow
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


# The newest first: the home page's cards and the feed.
NEWEST_FIRST = (Job.published_at.desc(), Job.id.desc())


def newest_public_jobs(limit: int = 50) -> list[Job]:
    # Cards show the organization and the offices: load them with the jobs (no N+1).
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.public_clause())
            .options(selectinload(Job.organization), selectinload(Job.offices))
            .order_by(*NEWEST_FIRST)
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class NewestJobs:
    """Which jobs are the newest public ones (`ids`, newest first) and a `stamp` of what their
    cards show: each job's and its organization's last change (`updated_at` moves with every
    update of the row) and its offices, which are rows of their own. An edit, a closing, an
    expiry (the public rule reads the clock) or a newly published job changes the stamp."""

    ids: tuple[int, ...]
    stamp: tuple[tuple[Any, ...], ...]


def newest_public(limit: int) -> NewestJobs:
    """`NewestJobs` in one statement, without loading a job: cheap enough to run on every
    request of a page kept by its stamp (the home page, `portal.web.conditional`)."""
    rows = db.session.connection().execute(_newest_stamp(limit), {"now": utcnow()}).all()
    return NewestJobs(
        ids=tuple(dict.fromkeys(row[0] for row in rows)), stamp=tuple(tuple(r) for r in rows)
    )


@cache
def _newest_stamp(limit: int) -> sa.Select[*tuple[Any, ...]]:
    """The statement behind `newest_public`, built once (building it cost more than running
    it); the clock is its parameter `now`. Plain rows, no ORM objects."""
    newest = (
        sa.select(Job.id, Job.updated_at, Job.organization_id, Job.published_at)
        .where(Job.public_clause(sa.bindparam("now", type_=Job.expires_at.type)))
        .order_by(*NEWEST_FIRST)
        .limit(limit)
        .subquery()
    )
    return (
        sa.select(
            newest.c.id,
            newest.c.updated_at,
            Organization.updated_at,
            *JobOffice.shown_columns(),
        )
        .join(Organization, Organization.id == newest.c.organization_id)
        .outerjoin(JobOffice, JobOffice.job_id == newest.c.id)
        .order_by(
            newest.c.published_at.desc(), newest.c.id.desc(), JobOffice.position, JobOffice.id
        )
    )


def public_jobs_in_order(ids: Sequence[int]) -> list[Job]:
    """The jobs with these ids that are still public, in this order, with what a card shows
    (organization, offices). Loading the ids a stamp named, rather than asking for the newest
    again, keeps a page from showing a job its stamp does not cover."""
    if not ids:
        return []
    loaded = db.session.scalars(
        sa.select(Job)
        .where(Job.id.in_(ids), Job.public_clause())
        .options(selectinload(Job.organization), selectinload(Job.offices))
    )
    by_id = {job.id: job for job in loaded}
    return [by_id[job_id] for job_id in ids if job_id in by_id]


# Words that name other pages under /jobs/<id>/ and so cannot be a job's slug.
RESERVED_SLUGS = frozenset({"apply", "report", "edit", "preview"})


def job_slug(job: Job) -> str:
    """The readable part of a job's address: /jobs/12/remote-cpc-coder."""
    slug = slugify(job.title)[:60].strip("-") or "job"
    return f"{slug}-job" if slug in RESERVED_SLUGS else slug
