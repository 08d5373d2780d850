"""A seeker applies (or withdraws), or follows a job's link to the employer's own website.

- One application per (job, seeker): a unique constraint; a double submit that loses the race
  gets the existing application back. Applying again after withdrawing reopens the same one.
- Applying reveals who the seeker is to that organization only
  (`services.profiles.reveal_profile_to`), in the same transaction.
- The match explanation, the screening answers, the cover note and a copy of the résumé are
  kept with the application as they were when it was sent. A "must answer yes" question
  answered "no" is shown to the employer as not meeting a deal-breaker, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from portal import mail, uploads
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.mail import external_url
from portal.matching import MatchResult
from portal.models import (
    Application,
    ApplyClick,
    EmailKind,
    Invitation,
    Job,
    Profile,
    RevealReason,
    Stage,
    User,
    utcnow,
)
from portal.services import email_preferences, profiles
from portal.services import jobs as job_rules
from portal.services.applications.explanation import (
    current_match,
    match_items,
    match_json,
    unmet_requirements,
)
from portal.services.applications.seeker import existing_application, seeker_application
from portal.services.applications.stages import record_stage
from portal.services.notifications import notify_organization, organization_recipients

MAX_COVER_NOTE = 5000


@dataclass
class ApplyInput:
    """What the apply form sends. `answers` maps a screening question's id to yes/no (None when
    left unanswered); `resume` is "profile" (the profile's résumé), "upload" or "none";
    `confirm_unmet` is the seeker's "apply anyway" when they miss a hard requirement."""

    cover_note: str = ""
    answers: dict[int, bool | None] = field(default_factory=dict)
    resume: str = "profile"
    confirm_unmet: bool = False


@dataclass(frozen=True)
class ApplyResult:
    application: Application
    created: bool  # False: the seeker had already applied (a double submit lands here)


@dataclass(frozen=True)
class CheckedApplication:
    """What `check_application` accepted, ready to be saved."""

    profile: Profile
    answers: list[dict[str, Any]]  # as `Application.answers` keeps them
    misses_dealbreaker: bool
    cover_note: str
    result: MatchResult


def _require_seeker(user: User) -> None:
    if not user.is_authenticated or not user.is_seeker or not user.is_active:
        raise PermissionDenied(_("Log in with a job seeker account to apply."))


def open_job(job_id: int) -> Job:
    """A job people can apply for now; NotFound for a job that was never public."""
    job = db.session.get(Job, job_id)
    if job is None or not (job.is_public() or job_rules.is_closed_to_applicants(job)):
        raise NotFound(_("No such job."))
    return job


def apply_problem(user: User, job: Job) -> str | None:
    """Why this person cannot apply to this job on the portal now, in plain words, or None."""
    if not job.is_public():
        return _("This job is closed. It no longer takes applications.")
    if job.apply_method == "external":
        return _("This employer takes applications on their own website.")
    if not user.is_authenticated:
        return _("Log in or create an account to apply.")
    if not user.is_seeker:
        return _("Only job seekers can apply for jobs.")
    if profiles.profile_of(user) is None:
        return _("Start your profile first: employers read it when you apply.")
    return None


def _check_answers(job: Job, answers: dict[int, bool | None]) -> tuple[list[dict[str, Any]], bool]:
    saved: list[dict[str, Any]] = []
    misses = False
    for question in job.questions:
        answer = answers.get(question.id)
        if answer is None:
            raise ValidationFailed(_("Answer yes or no."), field=f"q_{question.id}")
        saved.append(
            {
                "question_id": question.id,
                "text": question.text,
                "must_be_yes": question.must_be_yes,
                "answer": bool(answer),
            }
        )
        if question.must_be_yes and not answer:
            misses = True
    return saved, misses


def check_application(
    user: User, job: Job, data: ApplyInput, today: date | None = None
) -> CheckedApplication:
    """The refusals of `apply` (ValidationFailed), checked without saving anything; returns what
    `apply` saves. Accepting an invitation checks this first, so a refused application does not
    leave the invitation accepted."""
    problem = apply_problem(user, job)
    if problem:
        raise ValidationFailed(problem)
    profile = profiles.profile_of(user)
    assert profile is not None  # apply_problem refuses a seeker without a profile
    answers, misses = _check_answers(job, data.answers)
    cover_note = (data.cover_note or "").strip()
    if len(cover_note) > MAX_COVER_NOTE:
        raise ValidationFailed(
            _("Use at most %(n)s characters.", n=MAX_COVER_NOTE), field="cover_note"
        )
    result = current_match(job, profile, today)
    if not result.eligible and not data.confirm_unmet:
        # Applying stays possible, but never by accident: the seeker confirms what they miss,
        # and the employer sees the application flagged with the same words.
        raise ValidationFailed(
            _(
                "You do not meet this requirement of the job: %(unmet)s. Tick the box to "
                "apply anyway; the employer will see it.",
                unmet=unmet_requirements(result),
            ),
            field="confirm_unmet",
        )
    return CheckedApplication(profile, answers, misses, cover_note, result)


def _copy_profile_resume(profile: Profile) -> tuple[str, str] | None:
    if not profile.resume_file or not uploads.exists(profile.resume_file):
        return None
    data = uploads.path_for(profile.resume_file).read_bytes()
    copy = uploads.CheckedFile(data=data, kind=uploads.PDF, original_name=profile.resume_name or "")
    return uploads.store(copy), (profile.resume_name or "resume.pdf")


def _resume_for(
    profile: Profile, choice: str, upload: uploads.CheckedFile | None
) -> tuple[str | None, str | None]:
    """Store the résumé sent with this application: a new upload wins over the choice."""
    if upload is not None:
        return uploads.store(upload), (upload.original_name[:200] or "resume.pdf")
    if choice == "upload":
        raise ValidationFailed(_("Choose a PDF file of your résumé."), field="resume_file")
    if choice == "profile":
        copied = _copy_profile_resume(profile)
        if copied:
            return copied
    return None, None


def apply(
    user: User,
    job_id: int,
    data: ApplyInput,
    upload: uploads.CheckedFile | None = None,
    today: date | None = None,
) -> ApplyResult:
    """Send an application with the seeker's profile. Applying twice answers with the first."""
    _require_seeker(user)
    job = open_job(job_id)
    existing = existing_application(job.id, user.id)
    if existing is not None and existing.stage != Stage.WITHDRAWN:
        return ApplyResult(existing, created=False)
    checked = check_application(user, job, data, today)
    resume_file, resume_name = _resume_for(checked.profile, data.resume, upload)
    new_files = [resume_file] if resume_file else []
    old_files: list[str | None] = []

    try:
        application, from_stage = _save_application(existing, job, user, checked)
        if from_stage is not None:
            old_files.append(application.resume_file)
        application.resume_file, application.resume_name = resume_file, resume_name
        db.session.flush()
        _tell_about_application(application, job, user)
        db.session.commit()
    except sa.exc.IntegrityError:
        # Another request for the same job and seeker committed first: answer with that one.
        db.session.rollback()
        for name in new_files:
            uploads.delete(name)
        again = existing_application(job.id, user.id)
        if again is None:
            raise
        return ApplyResult(again, created=False)
    except BaseException:
        db.session.rollback()
        for name in new_files:
            uploads.delete(name)
        raise
    for old in old_files:
        uploads.delete(old)
    return ApplyResult(application, created=from_stage is None)


def _open_invitation_for(job: Job, profile: Profile) -> Invitation | None:
    return db.session.scalar(
        sa.select(Invitation).where(
            Invitation.job_id == job.id,
            Invitation.profile_id == profile.id,
            Invitation.declined_at.is_(None),
        )
    )


def _save_application(
    existing: Application | None, job: Job, user: User, checked: CheckedApplication
) -> tuple[Application, Stage | None]:
    """Create the application (or reopen a withdrawn one), reveal the seeker to the
    organization and link an invitation to this job, all in the session."""
    application = existing
    from_stage = None
    if application is None:
        application = Application(
            job_id=job.id, organization_id=job.organization_id, seeker_id=user.id
        )
        db.session.add(application)
    else:
        from_stage = application.stage
    profile, result = checked.profile, checked.result
    application.profile_id = profile.id
    application.cover_note = checked.cover_note
    application.answers = checked.answers
    application.misses_dealbreaker = checked.misses_dealbreaker
    application.match_score = result.score
    application.match_eligible = result.eligible
    application.match_items = match_json(result)
    record_stage(application, user, from_stage, Stage.APPLIED)
    invitation = _open_invitation_for(job, profile)
    if invitation is not None:
        application.invitation_id = invitation.id
        if invitation.accepted_at is None:
            invitation.accepted_at = utcnow()
    profiles.reveal_profile_to(profile, job.organization_id, RevealReason.APPLIED)
    return application, from_stage


def _tell_about_application(application: Application, job: Job, user: User) -> None:
    organization = job.organization
    name = user.name
    notify_organization(
        job.organization_id,
        "applied",
        url_for("applications.applicant", application_id=application.id),
        job=job.title,
        candidate=name,
    )
    for recipient in organization_recipients(job):
        email_preferences.queue_email(
            recipient,
            EmailKind.APPLICATIONS,
            _("New applicant for %(job)s", job=job.title),
            "new_applicant",
            recipient=recipient,
            job=job,
            candidate=name,
            score=application.match_score,
            misses_dealbreaker=application.misses_dealbreaker,
            unmet=unmet_requirements(match_items(application)),
            url=external_url("applications.applicant", application_id=application.id),
        )
    mail.queue_email(
        user.email,
        _("Your application for %(job)s was sent", job=job.title),
        "application_sent",
        user=user,
        job=job,
        organization=organization,
        url=external_url("applications.detail", application_id=application.id),
    )


def record_external_click(user: User | None, job_id: int) -> str:
    """Note a click on "Apply on the employer's website" and return where to send the person."""
    job = open_job(job_id)
    if job.apply_method != "external" or not job.apply_url:
        raise NotFound(_("This job takes applications here."))
    if not job.is_public():
        raise ValidationFailed(_("This job is closed. It no longer takes applications."))
    user_id = user.id if user is not None and user.is_authenticated else None
    db.session.add(ApplyClick(job_id=job.id, user_id=user_id))
    db.session.commit()
    return job.apply_url


def withdraw(user: User, application_id: int) -> Application:
    """The seeker withdraws: the organization is told; the application may be sent again."""
    application = seeker_application(user, application_id)
    if application.stage in (Stage.WITHDRAWN, Stage.REJECTED):
        raise ValidationFailed(_("This application is already closed."))
    record_stage(application, user, application.stage, Stage.WITHDRAWN)
    notify_organization(
        application.organization_id,
        "withdrawn",
        url_for("applications.applicant", application_id=application.id),
        job=application.job.title,
        # Applying revealed the seeker to the organization, so its people see the name.
        candidate=application.seeker.name,
    )
    db.session.commit()
    return application
