"""Moderation: verify organizations, review held jobs, handle reports from visitors.

Administrators approve or reject with a reason the employer reads (on the job and by e-mail).
Visitors report jobs; enough open reports from different people send a live job back to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from portal import mail
from portal.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.mail import external_url
from portal.models import (
    Application,
    Invitation,
    Job,
    JobReport,
    JobStatus,
    MemberRole,
    Message,
    Organization,
    OrganizationMember,
    Profile,
    ReportReason,
    School,
    User,
    VerificationDecision,
    utcnow,
)
from portal.moderation.reports import REPORT_REASONS, ReportGroup, job_risk
from portal.services import audit, verification
from portal.services import jobs as job_rules
from portal.services.organizations import domain_checks

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
    schools: list[School]
    held_jobs: list[Job]
    report_groups: list[ReportGroup]

    @property
    def reports(self) -> int:
        return sum(len(g.reports) for g in self.report_groups)

    @property
    def total(self) -> int:
        return len(self.organizations) + len(self.schools) + len(self.held_jobs) + self.reports


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


def held_jobs(limit: int = 100, groups: list[ReportGroup] | None = None) -> list[Job]:
    """Jobs waiting for review, riskiest first (then the longest waiting)."""
    jobs = db.session.scalars(
        sa.select(Job)
        .where(Job.status == JobStatus.PENDING_REVIEW)
        .order_by(Job.submitted_at, Job.id)
        .limit(limit)
    ).all()
    by_job = {g.job.id: g for g in groups or []}
    return sorted(jobs, key=lambda job: -job_risk(job, by_job.get(job.id)))


def report_groups(limit: int = 100) -> list[ReportGroup]:
    """Open reports grouped per job, the riskiest group first (then the oldest report)."""
    reports = db.session.scalars(
        sa.select(JobReport)
        .where(JobReport.resolved_at.is_(None))
        .order_by(JobReport.created_at, JobReport.id)
        .limit(limit * 20)
    ).all()
    groups: dict[int, ReportGroup] = {}
    for report in reports:
        groups.setdefault(report.job_id, ReportGroup(report.job, [])).reports.append(report)
    return sorted(groups.values(), key=lambda g: -g.risk)[:limit]


def queue(limit: int = 100) -> Queue:
    groups = report_groups(limit)
    return Queue(
        organizations_to_verify(limit),
        verification.schools_to_verify(limit),
        held_jobs(limit, groups),
        groups,
    )


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
        "schools": db.session.scalar(
            sa.select(sa.func.count()).where(
                School.verified_at.is_(None), School.verification_declined_at.is_(None)
            )
        )
        or 0,
    }


__all__ = [
    "approve_job",
    "counts",
    "decline_organization",
    "dismiss_report",
    "dismiss_reports",
    "domain_checks",
    "queue",
    "reject_job",
    "report_job",
    "reportable_message",
    "verify_organization",
    "waiting_jobs",
]


# Organizations ------------------------------------------------------------------------------


def waiting_jobs(organization: Organization) -> list[Job]:
    """The organization's jobs waiting for review (listed on its verification card)."""
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.organization_id == organization.id, Job.status == JobStatus.PENDING_REVIEW)
            .order_by(Job.submitted_at, Job.id)
        )
    )


def verify_organization(
    admin: User, organization: Organization, evidence: verification.Evidence
) -> list[Job]:
    """Verify it on checked evidence, recorded with who and when. Its waiting jobs stay in the
    queue, each to be approved on its own (a new organization's first jobs are reviewed even
    once it is verified: see `jobs.on_probation`). Returns those waiting jobs."""
    _require_admin(admin)
    if organization.is_verified:
        raise Conflict(_("%(name)s is already verified.", name=organization.name))
    evidence = verification.check_evidence(evidence)
    organization.verified_at = utcnow()
    organization.verified_by_id = admin.id
    organization.verification_declined_at = None
    organization.verification_note = None
    verification.record_decision(admin, organization, VerificationDecision.VERIFIED, evidence)
    waiting = waiting_jobs(organization)
    probation = job_rules.on_probation(organization)
    for job in waiting:
        reasons = [r for r in job.held_reasons or [] if r.get("code") != "unverified_organization"]
        if probation:
            reasons.append({"code": "new_organization"})
        job.held_reasons = reasons or [{"code": "sent_before_verification"}]
    for person in _owners_and_author(organization):
        mail.queue_email(
            person.email,
            _("%(organization)s is verified", organization=organization.name),
            "organization_verified",
            user=person,
            organization=organization,
            waiting=len(waiting),
            probation=probation,
            dashboard_url=external_url("main.dashboard"),
        )
    audit.record("organization_verified", actor=admin, subject=organization)
    db.session.commit()
    return waiting


def decline_organization(admin: User, organization: Organization, reason: str) -> None:
    """Leave it unverified, with a note the owners read; it returns to the queue when its
    details change."""
    _require_admin(admin)
    reason = _reason(reason)
    organization.verified_at = None
    organization.verified_by_id = None
    organization.verification_declined_at = utcnow()
    organization.verification_note = reason
    verification.record_decision(admin, organization, VerificationDecision.DECLINED, note=reason)
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
    audit.record("organization_declined", actor=admin, subject=organization)
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
    audit.record("job_approved", actor=admin, subject=job)
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
    audit.record("job_rejected", actor=admin, subject=job, reason=reason)
    db.session.commit()


# Reports ------------------------------------------------------------------------------------


def dealt_with_employer(user: User | None, job: Job) -> bool:
    """The person applied to this job, was invited to it, or had a message about it: a report
    from them is first-hand."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_seeker:
        return False
    applied = sa.select(Application.id).where(
        Application.job_id == job.id, Application.seeker_id == user.id
    )
    invited = (
        sa.select(Invitation.id)
        .join(Profile, Profile.id == Invitation.profile_id)
        .where(Invitation.job_id == job.id, Profile.user_id == user.id)
    )
    return db.session.scalar(sa.select(sa.exists(applied.union_all(invited)))) or False


def reportable_message(user: User, message_id: int) -> Message:
    """A message the employer sent this seeker (the only messages a seeker may report)."""
    message = db.session.get(Message, message_id)
    if (
        message is None
        or not message.from_organization
        or not getattr(user, "is_authenticated", False)
        or message.application.seeker_id != user.id
    ):
        raise NotFound(_("No such message."))
    return message


def report_job(
    reporter: User | None,
    job: Job,
    reason: str,
    details: str = "",
    message: Message | None = None,
) -> JobReport:
    """A visitor reports a job, or a seeker one message about it. A signed-in person reports
    each job (and each message) once.

    "It asks for money" from someone who applied, was invited or was written to about the job
    takes a live job down for review at once; otherwise open reports from `REPORTS_TO_HOLD`
    different signed-in people do. Anonymous reports reach the queue but never hold a job."""
    if reason not in REPORT_REASONS:
        raise ValidationFailed(_("Choose what is wrong with this job."), field="reason")
    details = (details or "").strip()
    if len(details) > MAX_REASON_LENGTH:
        raise ValidationFailed(
            _("Use at most %(n)s characters, please.", n=MAX_REASON_LENGTH), field="details"
        )
    if message is not None and message.application.job_id != job.id:
        raise NotFound(_("No such message."))
    reporter_id = reporter.id if reporter is not None and reporter.is_authenticated else None
    if reporter_id is not None:
        existing: JobReport | None = db.session.scalar(
            sa.select(JobReport).where(
                JobReport.job_id == job.id,
                JobReport.reporter_id == reporter_id,
                JobReport.message_id == message.id
                if message is not None
                else JobReport.message_id.is_(None),
                JobReport.resolved_at.is_(None),
            )
        )
        if existing is not None:
            return existing
    first_hand = message is not None or dealt_with_employer(reporter, job)
    report = JobReport(
        job_id=job.id,
        reporter_id=reporter_id,
        reason=ReportReason(reason),
        details=details,
        message_id=message.id if message is not None else None,
        first_hand=first_hand,
    )
    db.session.add(report)
    db.session.flush()
    if first_hand and report.reason == ReportReason.ASKS_FOR_MONEY:
        _hold_for_review(job, {"code": "reported_by_applicant"})
    else:
        # Only signed-in people count (one each): anonymous reports cannot take a job down.
        open_count = (
            db.session.scalar(
                sa.select(sa.func.count(sa.distinct(JobReport.reporter_id))).where(
                    JobReport.job_id == job.id,
                    JobReport.resolved_at.is_(None),
                    JobReport.reporter_id.is_not(None),
                )
            )
            or 0
        )
        if job.status == JobStatus.PUBLISHED and open_count >= job_rules.REPORTS_TO_HOLD:
            _hold_for_review(job, {"code": "reported", "count": open_count})
    db.session.commit()
    return report


def _hold_for_review(job: Job, reason: dict[str, Any]) -> None:
    """Take a live job down until a moderator looks; a waiting job keeps waiting, with the new
    reason added (once)."""
    codes = {r.get("code") for r in job.held_reasons or []}
    if job.status == JobStatus.PUBLISHED:
        job.status = JobStatus.PENDING_REVIEW
        job.held_reasons = [reason]
        job.submitted_at = utcnow()
    elif job.status == JobStatus.PENDING_REVIEW and reason["code"] not in codes:
        job.held_reasons = [*(job.held_reasons or []), reason]


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
        audit.record("report_dismissed", actor=admin, subject=report)
        db.session.commit()


def dismiss_reports(admin: User, job: Job) -> int:
    """Dismiss every open report about `job` (the whole card). The job's state is untouched:
    a job held by the reports waits until a moderator approves or rejects it."""
    _require_admin(admin)
    count = db.session.scalar(
        sa.select(sa.func.count()).where(
            JobReport.job_id == job.id, JobReport.resolved_at.is_(None)
        )
    )
    _resolve_reports(job, admin, "dismissed")
    db.session.commit()
    return count or 0
