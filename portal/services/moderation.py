"""Moderation: verify organizations, review held jobs, handle reports from visitors.

Administrators approve or reject with a reason the employer reads (on the job and by e-mail).
Visitors report jobs; enough open reports from different people send a live job back to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import mail
from portal.errors import Conflict, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.mail import external_url
from portal.models import (
    Job,
    JobReport,
    JobStatus,
    MemberRole,
    Organization,
    OrganizationMember,
    ReportReason,
    User,
    utcnow,
)
from portal.services import jobs as job_rules
from portal.services.organizations import domain_checks

REPORT_REASONS: dict[str, str] = {
    ReportReason.ASKS_FOR_MONEY: _l("It asks for money (a fee, deposit, training or equipment)"),
    ReportReason.FAKE_EMPLOYER: _l("The employer does not seem real"),
    ReportReason.MISLEADING: _l("The pay, hours or work are not as described"),
    ReportReason.PERSONAL_DATA: _l("It asks for bank details, ID documents or passwords"),
    ReportReason.DISCRIMINATION: _l("It discriminates against people"),
    ReportReason.SPAM: _l("It is spam or posted many times"),
    ReportReason.OTHER: _l("Something else"),
}
MAX_REASON_LENGTH = 1000


def _require_admin(user: User) -> None:
    if not getattr(user, "is_admin", False):
        raise PermissionDenied(_("Only administrators moderate."))


def _owners_and_author(job_or_org: Job | Organization) -> list[User]:
    """Who hears about a moderation decision: the job's author (if still a member) and owners."""
    organization = job_or_org if isinstance(job_or_org, Organization) else job_or_org.organization
    people = {m.user_id: m.user for m in organization.members if m.role == MemberRole.OWNER}
    if isinstance(job_or_org, Job) and job_or_org.created_by_id:
        member = db.session.scalar(
            sa.select(OrganizationMember).where(
                OrganizationMember.organization_id == organization.id,
                OrganizationMember.user_id == job_or_org.created_by_id,
            )
        )
        if member is not None:
            people[member.user_id] = member.user
    return list(people.values())


# Queues ---------------------------------------------------------------------------------------


@dataclass
class Queue:
    organizations: list[Organization]
    held_jobs: list[Job]
    reports: list[JobReport]

    @property
    def total(self) -> int:
        return len(self.organizations) + len(self.held_jobs) + len(self.reports)


def organizations_to_verify(limit: int = 100) -> list[Organization]:
    """Unverified organizations not declined since their last change, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Organization)
            .where(
                Organization.verified_at.is_(None),
                Organization.verification_declined_at.is_(None),
            )
            .order_by(Organization.created_at, Organization.id)
            .limit(limit)
        )
    )


def held_jobs(limit: int = 100) -> list[Job]:
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.status == JobStatus.PENDING_REVIEW)
            .order_by(Job.submitted_at, Job.id)
            .limit(limit)
        )
    )


def open_reports(limit: int = 100) -> list[JobReport]:
    return list(
        db.session.scalars(
            sa.select(JobReport)
            .where(JobReport.resolved_at.is_(None))
            .order_by(JobReport.created_at, JobReport.id)
            .limit(limit)
        )
    )


def queue(limit: int = 100) -> Queue:
    return Queue(organizations_to_verify(limit), held_jobs(limit), open_reports(limit))


def counts() -> dict[str, int]:
    """How much waits in each queue (for the admin dashboard)."""
    return {
        "organizations": db.session.scalar(
            sa.select(sa.func.count()).where(
                Organization.verified_at.is_(None),
                Organization.verification_declined_at.is_(None),
            )
        )
        or 0,
        "jobs": db.session.scalar(
            sa.select(sa.func.count()).where(Job.status == JobStatus.PENDING_REVIEW)
        )
        or 0,
        "reports": db.session.scalar(
            sa.select(sa.func.count()).where(JobReport.resolved_at.is_(None))
        )
        or 0,
    }


__all__ = [
    "REPORT_REASONS",
    "approve_job",
    "counts",
    "decline_organization",
    "dismiss_report",
    "domain_checks",
    "queue",
    "reject_job",
    "report_job",
    "verify_organization",
]


# Organizations ------------------------------------------------------------------------------


def verify_organization(admin: User, organization: Organization) -> int:
    """Verify it; jobs that waited only because it was unverified go live. Returns how many."""
    _require_admin(admin)
    now = utcnow()
    organization.verified_at = now
    organization.verified_by_id = admin.id
    organization.verification_declined_at = None
    organization.verification_note = None
    released = 0
    waiting = db.session.scalars(
        sa.select(Job).where(
            Job.organization_id == organization.id, Job.status == JobStatus.PENDING_REVIEW
        )
    )
    for job in waiting:
        remaining = [
            r for r in job.held_reasons or [] if r.get("code") != "unverified_organization"
        ]
        if remaining:
            job.held_reasons = remaining
            continue
        _make_live(job, admin, now)
        released += 1
    for person in _owners_and_author(organization):
        mail.queue_email(
            person.email,
            _("%(organization)s is verified", organization=organization.name),
            "organization_verified",
            user=person,
            organization=organization,
            released=released,
            dashboard_url=external_url("main.dashboard"),
        )
    db.session.commit()
    return released


def decline_organization(admin: User, organization: Organization, reason: str) -> None:
    """Leave it unverified, with a note the owners read; it returns to the queue when its
    details change."""
    _require_admin(admin)
    reason = _reason(reason)
    organization.verified_at = None
    organization.verified_by_id = None
    organization.verification_declined_at = utcnow()
    organization.verification_note = reason
    for person in _owners_and_author(organization):
        mail.queue_email(
            person.email,
            _("We could not verify %(organization)s", organization=organization.name),
            "organization_declined",
            user=person,
            organization=organization,
            reason=reason,
            organization_url=external_url("employers.organization"),
        )
    db.session.commit()


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _(
                "Write the reason the employer will read, for example: the job asks for a "
                "training fee."
            ),
            field="reason",
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationFailed(
            _("Use at most %(n)s characters for the reason.", n=MAX_REASON_LENGTH),
            field="reason",
        )
    return reason


# Jobs -----------------------------------------------------------------------------------------


def _make_live(job: Job, admin: User, now: datetime) -> None:
    job.approved_fingerprint = job_rules.approval_fingerprint(job)
    job.status = JobStatus.PUBLISHED
    job.held_reasons = []
    job.was_rejected = False
    job.moderation_note = None
    job.reviewed_at = now
    job.reviewed_by_id = admin.id
    job.published_at = job.published_at or now
    if job.expires_at is None or job.expires_at <= now + timedelta(days=1):
        job.expires_at = job_rules.default_expiry(now)


def approve_job(admin: User, job: Job) -> None:
    _require_admin(admin)
    if job.status != JobStatus.PENDING_REVIEW:
        raise Conflict(_("This job is not waiting for review any more."))
    _make_live(job, admin, utcnow())
    _resolve_reports(job, admin, "dismissed")
    for person in _owners_and_author(job):
        mail.queue_email(
            person.email,
            _("Your job is live: %(job)s", job=job.title),
            "job_approved",
            user=person,
            job=job,
            job_url=external_url("jobs.job_page", job_id=job.id, slug=job_rules.job_slug(job)),
        )
    db.session.commit()


def reject_job(admin: User, job: Job, reason: str) -> None:
    """Refuse a held job, or take down a live one; the employer reads `reason`."""
    _require_admin(admin)
    reason = _reason(reason)
    if job.status not in (JobStatus.PENDING_REVIEW, JobStatus.PUBLISHED):
        raise Conflict(_("Only a waiting or published job can be rejected."))
    job.status = JobStatus.REJECTED
    job.moderation_note = reason
    job.was_rejected = True
    job.reviewed_at = utcnow()
    job.reviewed_by_id = admin.id
    _resolve_reports(job, admin, "job_removed")
    for person in _owners_and_author(job):
        mail.queue_email(
            person.email,
            _("Your job was not approved: %(job)s", job=job.title),
            "job_rejected",
            user=person,
            job=job,
            reason=reason,
            edit_url=external_url("jobs.preview", job_id=job.id),
        )
    db.session.commit()


# Reports ------------------------------------------------------------------------------------


def report_job(reporter: User | None, job: Job, reason: str, details: str = "") -> JobReport:
    """A visitor reports a job. A signed-in person reports each job once; open reports from
    `REPORTS_TO_HOLD` different signed-in people send a live job back to review until a
    moderator looks."""
    if reason not in REPORT_REASONS:
        raise ValidationFailed(_("Choose what is wrong with this job."), field="reason")
    details = (details or "").strip()
    if len(details) > MAX_REASON_LENGTH:
        raise ValidationFailed(
            _("Use at most %(n)s characters, please.", n=MAX_REASON_LENGTH), field="details"
        )
    reporter_id = reporter.id if reporter is not None and reporter.is_authenticated else None
    if reporter_id is not None:
        existing = db.session.scalar(
            sa.select(JobReport).where(
                JobReport.job_id == job.id,
                JobReport.reporter_id == reporter_id,
                JobReport.resolved_at.is_(None),
            )
        )
        if existing is not None:
            return existing
    report = JobReport(
        job_id=job.id, reporter_id=reporter_id, reason=ReportReason(reason), details=details
    )
    db.session.add(report)
    db.session.flush()
    # Only signed-in people count towards holding the job (one each): anonymous reports reach
    # the queue, but cannot take a job down on their own.
    open_count = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(JobReport.reporter_id))).where(
            JobReport.job_id == job.id,
            JobReport.resolved_at.is_(None),
            JobReport.reporter_id.is_not(None),
        )
    )
    if job.status == JobStatus.PUBLISHED and open_count >= job_rules.REPORTS_TO_HOLD:
        job.status = JobStatus.PENDING_REVIEW
        job.held_reasons = [{"code": "reported", "count": open_count}]
        job.submitted_at = utcnow()
    db.session.commit()
    return report


def _resolve_reports(job: Job, admin: User, resolution: str) -> None:
    now = utcnow()
    for report in db.session.scalars(
        sa.select(JobReport).where(JobReport.job_id == job.id, JobReport.resolved_at.is_(None))
    ):
        report.resolved_at = now
        report.resolved_by_id = admin.id
        report.resolution = resolution


def dismiss_report(admin: User, report: JobReport) -> None:
    _require_admin(admin)
    if report.resolved_at is None:
        report.resolved_at = utcnow()
        report.resolved_by_id = admin.id
        report.resolution = "dismissed"
        db.session.commit()
