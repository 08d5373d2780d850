"""Why a job waits for a moderator: an unverified or new organization, text that asks
applicants for money or takes them off the platform, a resubmission after a rejection, reports.

Moderators read every reason (`hold_reason_text`); the employer reads a plain "checked by our
team" instead of the flagged sentences (naming the phrases teaches evasion), and others read none
(`hold_texts_for`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.models import Job, JobStatus, Organization, User, utcnow
from portal.moderation import scam, text_review
from portal.services.organizations import is_member

# After this many open reports from different people a live job waits for a moderator.
REPORTS_TO_HOLD = 3
# A new organization's jobs are all reviewed, verified or not, until it has had this many
# approved by a moderator and is this many days old (both).
NEW_ORGANIZATION_JOBS = 3
NEW_ORGANIZATION_DAYS = 30


def job_texts(job: Job) -> list[str | None]:
    """Everything the employer wrote on the job that a seeker reads."""
    return [job.title, job.description, job.apply_url, *(q.text for q in job.questions)]


def text_scan(job: Job) -> scam.Scan:
    """The job's text read sentence by sentence for money demands and contact details."""
    return scam.scan(*job_texts(job))


def on_probation(organization: Organization, now: datetime | None = None) -> bool:
    """True while the organization is new: younger than NEW_ORGANIZATION_DAYS or with fewer
    than NEW_ORGANIZATION_JOBS jobs a moderator approved. Verification alone does not end it
    (a verified newcomer could otherwise publish anything at once); the moment it ends is
    remembered in `established_at` (the caller commits)."""
    if organization.established_at is not None:
        return False
    now = now or utcnow()
    if organization.created_at > now - timedelta(days=NEW_ORGANIZATION_DAYS):
        return True
    approved = db.session.scalar(
        sa.select(sa.func.count(Job.id)).where(
            Job.organization_id == organization.id,
            Job.reviewed_by_id.is_not(None),
            Job.published_at.is_not(None),
            Job.status != JobStatus.REJECTED,
        )
    )
    if (approved or 0) < NEW_ORGANIZATION_JOBS:
        return True
    organization.established_at = now
    return False


def hold_reasons(job: Job) -> list[dict[str, Any]]:
    """Why this job must wait for a moderator before it is public; empty when it need not.

    A job a moderator approved is not held again for what they saw: only for sentences flagged
    since (a new demand, a changed amount or channel), new contact details or a new reason."""
    approved = job.approved_fingerprint or {}
    seen_sentences = set(approved.get("sentences", []))
    seen_contacts = set(approved.get("contacts", []))
    seen_codes = set(approved.get("codes", []))
    reasons: list[dict[str, Any]] = []
    if not job.organization.is_verified and "unverified_organization" not in seen_codes:
        reasons.append({"code": "unverified_organization"})
    elif on_probation(job.organization) and "new_organization" not in seen_codes:
        reasons.append({"code": "new_organization"})
    found = text_scan(job)
    new_sentences = [s for s in found.flagged if s.fingerprint not in seen_sentences]
    if new_sentences:
        reasons.append(
            {
                "code": "money",
                "score": max(s.reading.score for s in new_sentences),
                "sentences": [s.as_dict() for s in new_sentences],
            }
        )
    new_contacts = [c for c in found.contacts if c not in seen_contacts]
    if new_contacts:
        reasons.append({"code": "contact", "details": new_contacts})
    if job.was_rejected:
        reasons.append({"code": "resubmitted", "note": job.moderation_note or ""})
    return reasons


def approval_fingerprint(job: Job) -> dict[str, list[str]]:
    """What a moderator approved: the flagged sentences, the contact details and the reasons,
    so an edit elsewhere (the pay, the hours) does not send the job back for the same thing."""
    found = text_scan(job)
    return {
        "sentences": sorted(found.fingerprints),
        "contacts": sorted(found.contacts),
        "codes": sorted({r.get("code", "") for r in job.held_reasons or []} - {""}),
    }


# Said to the employer instead of what was flagged: naming the phrases teaches evasion.
CHECKED_BY_TEAM = _l("Your job will be checked by our team before it goes live.")
_TEXT_REASONS = frozenset({"money", "contact"})


def employer_hold_texts(reasons: list[dict[str, Any]]) -> list[str]:
    """A held job's reasons as the employer reads them: never the sentences or phrases."""
    texts: list[str] = []
    for reason in reasons:
        text = (
            str(CHECKED_BY_TEAM)
            if reason.get("code") in _TEXT_REASONS
            else hold_reason_text(reason)
        )
        if text not in texts:
            texts.append(text)
    return texts


def moderation_card(job: Job) -> text_review.ModerationCard:
    """The held job's texts with the sentences it was held for marked."""
    sentences = [
        s
        for r in job.held_reasons or []
        if r.get("code") == "money"
        for s in r.get("sentences", [])
    ]
    return text_review.card(
        [
            (_("Title"), job.title),
            (_("Description"), job.description),
            *((_("Screening question"), q.text) for q in job.questions),
            (_("Apply link"), job.apply_url),
        ],
        sentences,
    )


def hold_reason_text(reason: dict[str, Any]) -> str:
    """A held job's reason in plain words for the moderator (see `employer_hold_texts`)."""
    code = reason.get("code")
    if code == "unverified_organization":
        return _("The organization is not verified yet.")
    if code == "money":
        if "sentences" in reason:
            return _(
                "Seems to ask applicants for money (score %(score)s): %(count)s highlighted "
                "sentence(s).",
                score=reason.get("score", 0),
                count=len(reason["sentences"]),
            )
        phrases = ", ".join(f"“{p}”" for p in reason.get("phrases", []))
        return _("The posting seems to ask applicants for money: %(phrases)s.", phrases=phrases)
    if code == "contact":
        return _(
            "Gives contact details that take seekers off the platform: %(details)s.",
            details=", ".join(reason.get("details", [])),
        )
    if code == "resubmitted":
        note = reason.get("note")
        if note:
            return _("Sent again after it was rejected (the reason was: %(note)s).", note=note)
        return _("Sent again after it was rejected.")
    if code == "reported":
        if "count" in reason:
            return _("Reported by %(count)s visitors.", count=reason["count"])
        return _("Reported by several visitors.")
    if code == "edited":
        return _("Changed after it was approved.")
    if code == "new_organization":
        return _(
            "The organization is new: its first %(jobs)s jobs and its first %(days)s days are "
            "reviewed.",
            jobs=NEW_ORGANIZATION_JOBS,
            days=NEW_ORGANIZATION_DAYS,
        )
    if code == "sent_before_verification":
        return _("Sent before the organization was verified.")
    if code == "reported_by_applicant":
        return _("Someone who applied or was contacted reported it asks for money.")
    return str(code)


def go_live_or_hold(job: Job, now: datetime) -> None:
    """Publish the job, or send it to the review queue with the reasons it must wait."""
    reasons = hold_reasons(job)
    if reasons:
        job.status = JobStatus.PENDING_REVIEW
        job.held_reasons = reasons
        job.submitted_at = now
    else:
        job.status = JobStatus.PUBLISHED
        job.held_reasons = []
        job.published_at = job.published_at or now
        job.submitted_at = job.submitted_at or now


def hold_texts_for(viewer: User, job: Job) -> list[str]:
    """Why the job waits, as this viewer may read it: every reason for an administrator, the
    employer's wording for the organization's members, nothing for anyone else."""
    reasons = job.held_reasons or []
    if getattr(viewer, "is_admin", False):
        return [hold_reason_text(r) for r in reasons]
    if is_member(viewer, job.organization):
        return employer_hold_texts(reasons)
    return []
