"""Applications and invitations: applying, withdrawing, the employer's pipeline (stages, notes,
rating, history) and invitations to apply sent from "best candidates".

Rules kept here, in one place:
- One application per (job, seeker): a unique constraint; a double submit that loses the race
  gets the existing application back. Applying again after withdrawing reopens the same one.
- Applying (or accepting an invitation) reveals who the seeker is to that organization only,
  through `services.profiles.reveal_profile_to`, in the same transaction.
- The match explanation, the screening answers, the cover note and a copy of the résumé are
  kept with the application as they were when it was sent. A "must answer yes" question
  answered "no" is shown to the employer as not meeting a deal-breaker, never hidden.
- Every stage change writes an `ApplicationEvent` (who, when, from, to), a notification for the
  seeker and an e-mail in plain words. A rejection e-mail is sent only when the employer asks
  for it on that move (off by default).
- Another organization's applications, notes and messages are `NotFound`, like ones that do not
  exist; a seeker reaches only their own.
- An organization may send `INVITATIONS_PER_DAY` invitations in any 24 hours (counted from the
  rows, so every web process agrees).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from portal import mail, uploads
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.matching import MatchItem, MatchResult, match, verdict
from portal.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    ApplyClick,
    EmailKind,
    Invitation,
    Job,
    Profile,
    RevealReason,
    Stage,
    User,
    organization_of,
    utcnow,
)
from portal.models.application import PIPELINE
from portal.models.profile_view import profile_view_for, visible_identity
from portal.moderation import scam
from portal.services import audit, email_preferences, profiles
from portal.services import jobs as job_rules
from portal.services.notifications import (
    external_url,
    notify,
    notify_organization,
    organization_recipients,
)
from portal.services.organizations import is_member

MAX_COVER_NOTE = 5000
MAX_NOTE = 5000
MAX_INVITATION_MESSAGE = 1000
DEFAULT_INVITATIONS_PER_DAY = 30
PER_PAGE = 50

__all__ = [
    "PIPELINE",
    "ApplyInput",
    "ApplyResult",
    "MoveResult",
    "Pipeline",
    "accept_invitation",
    "add_note",
    "applicant_view",
    "application_for",
    "apply",
    "apply_problem",
    "decline_invitation",
    "employer_application",
    "employer_summary",
    "invitation_match",
    "invitations_left_today",
    "invite",
    "invited_profile_ids",
    "move",
    "organization_invitations",
    "organization_overview",
    "pipeline",
    "record_external_click",
    "resume_for_application",
    "seeker_application",
    "seeker_applications",
    "seeker_invitation",
    "seeker_invitations",
    "seeker_stage_label",
    "seeker_summary",
    "seeker_timeline",
    "set_rating",
    "stage_label",
    "withdraw",
]

# Words ---------------------------------------------------------------------------------------

# What the organization sees in its pipeline.
STAGE_LABELS: dict[Stage, Any] = {
    Stage.APPLIED: _l("New"),
    Stage.REVIEWING: _l("Reviewing"),
    Stage.SHORTLISTED: _l("Shortlisted"),
    Stage.INTERVIEW: _l("Interview"),
    Stage.OFFER: _l("Offer"),
    Stage.HIRED: _l("Hired"),
    Stage.REJECTED: _l("Not going ahead"),
    Stage.WITHDRAWN: _l("Withdrawn"),
}

# What the seeker sees: where the application stands, in plain words ...
SEEKER_STAGE_LABELS: dict[Stage, Any] = {
    Stage.APPLIED: _l("Sent"),
    Stage.REVIEWING: _l("Being reviewed"),
    Stage.SHORTLISTED: _l("Shortlisted"),
    Stage.INTERVIEW: _l("Invited to interview"),
    Stage.OFFER: _l("Offer made"),
    Stage.HIRED: _l("Hired"),
    Stage.REJECTED: _l("Not selected this time"),
    Stage.WITHDRAWN: _l("Withdrawn by you"),
}

# ... and what happens next.
NEXT_STEPS: dict[Stage, Any] = {
    Stage.APPLIED: _l(
        "The employer has your application. We will e-mail you when they look at it."
    ),
    Stage.REVIEWING: _l(
        "The employer is reading your application. We will e-mail you when it moves on."
    ),
    Stage.SHORTLISTED: _l("You are on the shortlist. The employer may send you a message here."),
    Stage.INTERVIEW: _l(
        "The employer wants to talk to you. Watch your messages for the date and time."
    ),
    Stage.OFFER: _l("The employer wants to offer you the job. Read their message and answer them."),
    Stage.HIRED: _l("Congratulations. The employer will tell you how to start."),
    Stage.REJECTED: _l(
        "The employer is not going ahead this time. Other jobs may suit you better."
    ),
    Stage.WITHDRAWN: _l(
        "You withdrew this application. You can apply again while the job is open."
    ),
}


def stage_label(stage: Stage | str) -> str:
    try:
        return str(STAGE_LABELS[Stage(stage)])
    except ValueError:
        return str(stage)


def seeker_stage_label(stage: Stage | str) -> str:
    try:
        return str(SEEKER_STAGE_LABELS[Stage(stage)])
    except ValueError:
        return str(stage)


def next_step(stage: Stage | str) -> str:
    return str(NEXT_STEPS[Stage(stage)])


# Helpers ---------------------------------------------------------------------------------------


def _today() -> date:
    return utcnow().date()


def _match_json(result: MatchResult) -> list[dict[str, Any]]:
    return [dataclasses.asdict(item) for item in result.items]


def match_items(application: Application) -> list[MatchItem]:
    """The explanation saved at apply time, as `MatchItem`s for the templates."""
    fields = {f.name for f in dataclasses.fields(MatchItem)}
    return [
        MatchItem(**{k: v for k, v in item.items() if k in fields})
        for item in application.match_items or []
    ]


def _existing(job_id: int, seeker_id: int) -> Application | None:
    return db.session.scalar(
        sa.select(Application).where(
            Application.job_id == job_id, Application.seeker_id == seeker_id
        )
    )


def application_for(user: User, job_id: int) -> Application | None:
    """The seeker's application to this job, if they have sent one."""
    if not getattr(user, "is_authenticated", False) or not user.is_seeker:
        return None
    return _existing(job_id, user.id)


def _add_event(
    application: Application, actor: User | None, from_stage: Stage | None, to_stage: Stage
) -> ApplicationEvent:
    event = ApplicationEvent(
        actor_id=actor.id if actor else None, from_stage=from_stage, to_stage=to_stage
    )
    application.events.append(event)
    application.stage = to_stage
    application.stage_changed_at = utcnow()
    return event


def _candidate_name(application: Application) -> str:
    """Applying reveals the seeker to the organization, so its people see the name."""
    return application.seeker.name


# Applying ------------------------------------------------------------------------------------


@dataclass
class ApplyInput:
    """What the apply form sends. `answers` maps a screening question's id to yes/no (None when
    left unanswered); `resume` is "profile" (the profile's résumé), "upload" or "none";
    `confirm_unmet` is the seeker's "apply anyway" when they miss a hard requirement."""

    cover_note: str = ""
    answers: dict[int, bool | None] = field(default_factory=dict)
    resume: str = "profile"
    confirm_unmet: bool = False


def unmet_requirements(rows: MatchResult | list[MatchItem]) -> str:
    """The hard requirements a seeker misses, in the words the confirmation and the
    employer's flag both use: "Missing CCS (required); Lives in India; …"."""
    found = verdict(rows)
    return "; ".join(item.detail for item in found.causes) if found.kind == "misses" else ""


@dataclass(frozen=True)
class ApplyResult:
    application: Application
    created: bool  # False: the seeker had already applied (a double submit lands here)


def _require_seeker(user: User) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_seeker or not user.is_active:
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
    if not getattr(user, "is_authenticated", False):
        return _("Log in or create an account to apply.")
    if not user.is_seeker:
        return _("Only job seekers can apply for jobs.")
    if profiles.profile_of(user) is None:
        return _("Start your profile first: employers read it when you apply.")
    return None


def _check_answers(job: Job, answers: dict[int, bool | None]) -> tuple[list[dict], bool]:
    saved, misses = [], False
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


def _open_invitation_for(job: Job, profile: Profile) -> Invitation | None:
    return db.session.scalar(
        sa.select(Invitation).where(
            Invitation.job_id == job.id,
            Invitation.profile_id == profile.id,
            Invitation.declined_at.is_(None),
        )
    )


def check_application(user: User, job: Job, data: ApplyInput, today: date | None = None):
    """The refusals of `apply` (ValidationFailed), checked without saving anything; returns what
    `apply` saves: (profile, answers, misses, cover note, match). Accepting an invitation checks
    this first, so a refused application does not leave the invitation accepted."""
    problem = apply_problem(user, job)
    if problem:
        raise ValidationFailed(problem)
    profile = profiles.profile_of(user)
    answers, misses = _check_answers(job, data.answers)
    cover_note = (data.cover_note or "").strip()
    if len(cover_note) > MAX_COVER_NOTE:
        raise ValidationFailed(
            _("Use at most %(n)s characters.", n=MAX_COVER_NOTE), field="cover_note"
        )
    result = match(job.facts(), profile.facts(), today or _today())
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
    return profile, answers, misses, cover_note, result


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
    existing = _existing(job.id, user.id)
    if existing is not None and existing.stage != Stage.WITHDRAWN:
        return ApplyResult(existing, created=False)
    profile, answers, misses, cover_note, result = check_application(user, job, data, today)
    resume_file, resume_name = _resume_for(profile, data.resume, upload)
    new_files = [resume_file] if resume_file else []
    old_files: list[str | None] = []

    try:
        application, from_stage = _save_application(
            existing, job, user, profile, answers, misses, cover_note, result
        )
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
        again = _existing(job.id, user.id)
        if again is None:
            raise
        return ApplyResult(again, created=False)
    except BaseException:
        db.session.rollback()
        for name in new_files:
            uploads.delete(name)
        raise
    for name in old_files:
        uploads.delete(name)
    return ApplyResult(application, created=from_stage is None)


def _save_application(
    existing: Application | None,
    job: Job,
    user: User,
    profile: Profile,
    answers: list[dict],
    misses: bool,
    cover_note: str,
    result: MatchResult,
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
    application.profile_id = profile.id
    application.cover_note = cover_note
    application.answers = answers
    application.misses_dealbreaker = misses
    application.match_score = result.score
    application.match_eligible = result.eligible
    application.match_items = _match_json(result)
    _add_event(application, user, from_stage, Stage.APPLIED)
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
        _path("applications.applicant", application_id=application.id),
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


def _path(endpoint: str, **values: Any) -> str:
    from flask import url_for

    return url_for(endpoint, **values)


def record_external_click(user: User | None, job_id: int) -> str:
    """Note a click on "Apply on the employer's website" and return where to send the person."""
    job = open_job(job_id)
    if job.apply_method != "external" or not job.apply_url:
        raise NotFound(_("This job takes applications here."))
    if not job.is_public():
        raise ValidationFailed(_("This job is closed. It no longer takes applications."))
    user_id = user.id if getattr(user, "is_authenticated", False) else None
    db.session.add(ApplyClick(job_id=job.id, user_id=user_id))
    db.session.commit()
    return job.apply_url


def withdraw(user: User, application_id: int) -> Application:
    application = seeker_application(user, application_id)
    if application.stage in (Stage.WITHDRAWN, Stage.REJECTED):
        raise ValidationFailed(_("This application is already closed."))
    _add_event(application, user, application.stage, Stage.WITHDRAWN)
    notify_organization(
        application.organization_id,
        "withdrawn",
        _path("applications.applicant", application_id=application.id),
        job=application.job.title,
        candidate=_candidate_name(application),
    )
    db.session.commit()
    return application


# Seeker side -----------------------------------------------------------------------------------


def seeker_applications(user: User) -> list[Application]:
    return list(
        db.session.scalars(
            sa.select(Application)
            .where(Application.seeker_id == user.id)
            .options(selectinload(Application.job), selectinload(Application.organization))
            .order_by(Application.updated_at.desc(), Application.id.desc())
        )
    )


def seeker_application(user: User, application_id: int) -> Application:
    """The seeker's own application; anyone else's is NotFound."""
    application = db.session.get(Application, application_id)
    if application is None or not getattr(user, "is_authenticated", False):
        raise NotFound(_("No such application."))
    if application.seeker_id != user.id:
        raise NotFound(_("No such application."))
    return application


def seeker_timeline(application: Application) -> list[ApplicationEvent]:
    """The application's history, newest first (the seeker sees stages, not who moved them)."""
    return list(reversed(application.events))


def seeker_summary(user: User, limit: int = 5) -> dict[str, Any]:
    """For the seeker's dashboard: recent applications and invitations waiting for an answer."""
    recent = list(
        db.session.scalars(
            sa.select(Application)
            .where(Application.seeker_id == user.id)
            .options(selectinload(Application.job), selectinload(Application.organization))
            .order_by(Application.updated_at.desc(), Application.id.desc())
            .limit(limit)
        )
    )
    total = db.session.scalar(
        sa.select(sa.func.count(Application.id)).where(Application.seeker_id == user.id)
    )
    waiting = db.session.scalar(
        sa.select(sa.func.count(Invitation.id))
        .join(Profile, Profile.id == Invitation.profile_id)
        .where(
            Profile.user_id == user.id,
            Invitation.accepted_at.is_(None),
            Invitation.declined_at.is_(None),
        )
    )
    return {"recent_applications": recent, "application_count": total, "open_invitations": waiting}


# Employer side ---------------------------------------------------------------------------------


def employer_application(user: User, application_id: int) -> Application:
    """An application to the user's organization; any other is NotFound."""
    application = db.session.get(Application, application_id)
    if application is None or not is_member(user, application.organization):
        raise NotFound(_("No such application."))
    return application


@dataclass(frozen=True)
class ApplicantView:
    """What the organization sees of an applicant: applying revealed who they are."""

    name: str
    email: str | None
    phone: str | None
    location: str
    headline: str
    profile: Profile | None
    credentials: list[Any]


def applicant_view(viewer: User, application: Application) -> ApplicantView:
    profile = application.profile
    try:
        view = profile_view_for(viewer, profile) if profile else None
    except NotFound:  # the seeker hid the profile since: the application stays, the rest not
        view = None
    if view is None:
        return ApplicantView(application.seeker.name, None, None, "", "", None, [])
    return ApplicantView(
        name=view.display_name,
        email=application.seeker.email if view.contact else None,
        phone=(profile.phone or None) if view.contact else None,
        location=view.location,
        headline=profile.headline,
        profile=profile,
        credentials=list(profile.credentials),
    )


@dataclass(frozen=True)
class Pipeline:
    job: Job
    applications: list[Application]
    counts: dict[Stage, int]
    stage: Stage | None
    sort: str
    page: int
    pages: int
    total: int


def pipeline(
    user: User, job_id: int, stage: str | None = None, sort: str = "score", page: int = 1
) -> Pipeline:
    """A job's applicants, filtered by stage, sorted by match score or date (newest first)."""
    job = job_rules.member_job(user, job_id)
    try:
        chosen = Stage(stage) if stage else None
    except ValueError:
        chosen = None
    sort = sort if sort in ("score", "date") else "score"
    counts = {s: 0 for s in Stage}
    for row_stage, count in db.session.execute(
        sa.select(Application.stage, sa.func.count(Application.id))
        .where(Application.job_id == job.id)
        .group_by(Application.stage)
    ):
        counts[Stage(row_stage)] = count
    query = sa.select(Application).where(Application.job_id == job.id)
    if chosen is not None:
        query = query.where(Application.stage == chosen)
    total = counts[chosen] if chosen is not None else sum(counts.values())
    order = (
        (Application.match_score.desc(), Application.created_at.desc(), Application.id.desc())
        if sort == "score"
        else (Application.created_at.desc(), Application.id.desc())
    )
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    applications = list(
        db.session.scalars(
            query.options(selectinload(Application.seeker), selectinload(Application.profile))
            .order_by(*order)
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
    )
    return Pipeline(job, applications, counts, chosen, sort, page, pages, total)


@dataclass(frozen=True)
class MoveResult:
    moved: list[Application]
    unchanged: list[Application]


def _change_stage(
    application: Application, actor: User, stage: Stage, email_rejection: bool
) -> None:
    from_stage = application.stage
    _add_event(application, actor, from_stage, stage)
    job = application.job
    organization = application.organization
    notify(
        application.seeker_id,
        "stage",
        _path("applications.detail", application_id=application.id),
        job=job.title,
        organization=organization.name,
        stage=stage.value,
    )
    seeker = application.seeker
    if seeker.disabled_at is not None or (stage == Stage.REJECTED and not email_rejection):
        return
    email_preferences.queue_email(
        seeker,
        EmailKind.APPLICATIONS,
        _("News about your application for %(job)s", job=job.title),
        "application_stage",
        user=seeker,
        job=job,
        organization=organization,
        stage=stage.value,
        status=seeker_stage_label(stage),
        next_step=next_step(stage),
        url=external_url("applications.detail", application_id=application.id),
    )


def move(
    user: User,
    application_ids: Iterable[int],
    to_stage: str,
    *,
    job_id: int | None = None,
    email_rejection: bool = False,
) -> MoveResult:
    """Move one or many applicants of the user's organization to a stage. Withdrawn
    applications stay withdrawn; an application already in that stage is left as it is."""
    try:
        stage = Stage(to_stage)
    except ValueError:
        raise ValidationFailed(_("Choose a stage from the list."), field="stage")
    if stage == Stage.WITHDRAWN:
        raise ValidationFailed(_("Only the applicant can withdraw an application."), field="stage")
    ids = sorted({int(i) for i in application_ids})
    if not ids:
        raise ValidationFailed(_("Choose at least one applicant."), field="application_ids")
    applications = list(
        db.session.scalars(
            sa.select(Application).where(Application.id.in_(ids)).order_by(Application.id)
        )
    )
    organization = organization_of(user)
    if (
        organization is None
        or len(applications) != len(ids)
        or any(a.organization_id != organization.id for a in applications)
        or (job_id is not None and any(a.job_id != job_id for a in applications))
    ):
        raise NotFound(_("No such application."))
    moved, unchanged = [], []
    for application in applications:
        if application.stage in (stage, Stage.WITHDRAWN):
            unchanged.append(application)
            continue
        _change_stage(application, user, stage, email_rejection)
        moved.append(application)
    db.session.commit()
    return MoveResult(moved, unchanged)


def add_note(user: User, application_id: int, body: str) -> ApplicationNote:
    application = employer_application(user, application_id)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("Write the note first."), field="body")
    if len(body) > MAX_NOTE:
        raise ValidationFailed(_("Use at most %(n)s characters.", n=MAX_NOTE), field="body")
    note = ApplicationNote(author_id=user.id, body=body)
    application.notes.append(note)
    db.session.commit()
    return note


def set_rating(user: User, application_id: int, rating: int | None) -> Application:
    application = employer_application(user, application_id)
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationFailed(_("Choose from 1 to 5 stars."), field="rating")
    application.rating = rating
    db.session.commit()
    return application


def resume_for_application(viewer: User, application_id: int) -> Application:
    """The application whose résumé `viewer` may download (the seeker or the organization)."""
    application = db.session.get(Application, application_id)
    if application is None or application.resume_file is None:
        raise NotFound(_("No résumé."))
    if application.seeker_id == getattr(viewer, "id", None):
        return application
    if is_member(viewer, application.organization):
        audit.record_now("resume_downloaded", actor=viewer, subject=application)
        return application
    raise NotFound(_("No résumé."))


def organization_overview(user: User) -> list[tuple[Job, dict[str, int]]]:
    """Each job of the organization that has applicants, with its new and total counts."""
    organization = organization_of(user)
    if organization is None:
        return []
    rows = db.session.execute(
        sa.select(
            Application.job_id,
            sa.func.count(Application.id),
            sa.func.sum(sa.case((Application.stage == Stage.APPLIED, 1), else_=0)),
        )
        .where(Application.organization_id == organization.id)
        .group_by(Application.job_id)
    ).all()
    counts = {job_id: {"total": total, "new": int(new or 0)} for job_id, total, new in rows}
    jobs = db.session.scalars(
        sa.select(Job)
        .where(Job.organization_id == organization.id, Job.id.in_(list(counts) or [0]))
        .order_by(Job.created_at.desc())
    )
    return [(job, counts[job.id]) for job in jobs]


def employer_summary(user: User, limit: int = 10) -> dict[str, Any]:
    """For the employer's dashboard: how many applicants wait to be looked at, and the jobs
    with the most of them (at most `limit`; "All applicants" lists every job). A large
    organization has hundreds of jobs with applicants: the dashboard loads and lists ten."""
    organization = organization_of(user)
    if organization is None:
        return {"new_applicants": 0, "jobs_with_applicants": []}
    new = sa.func.sum(sa.case((Application.stage == Stage.APPLIED, 1), else_=0))
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


def applicant_counts(job_ids: list[int]) -> dict[int, dict[str, int]]:
    """{job id: {"total": applicants, "new": still at the first stage}} for a list of jobs, in
    one grouped query (the employer's job table). Jobs nobody applied for are left out."""
    if not job_ids:
        return {}
    new = sa.func.sum(sa.case((Application.stage == Stage.APPLIED, 1), else_=0))
    rows = db.session.execute(
        sa.select(Application.job_id, sa.func.count(), new)
        .where(Application.job_id.in_(job_ids))
        .group_by(Application.job_id)
    ).all()
    return {job_id: {"total": total, "new": int(waiting or 0)} for job_id, total, waiting in rows}


# Invitations -----------------------------------------------------------------------------------


def invitations_per_day() -> int:
    return int(current_app.config.get("INVITATIONS_PER_DAY", DEFAULT_INVITATIONS_PER_DAY))


def invitations_left_today(organization_id: int, now: datetime | None = None) -> int:
    now = now or utcnow()
    sent = db.session.scalar(
        sa.select(sa.func.count(Invitation.id)).where(
            Invitation.organization_id == organization_id,
            Invitation.created_at > now - timedelta(days=1),
        )
    )
    return max(0, invitations_per_day() - (sent or 0))


def invited_profile_ids(job_id: int) -> set[int]:
    """Profiles already invited to this job (the "best candidates" page shows "Invited")."""
    return set(
        db.session.scalars(sa.select(Invitation.profile_id).where(Invitation.job_id == job_id))
    )


def invite(
    user: User, job_id: int, profile_id: int, message: str = "", now: datetime | None = None
) -> Invitation:
    """Invite a candidate to apply. They stay anonymous to the organization until they accept."""
    job = job_rules.member_job(user, job_id)
    profile = db.session.get(Profile, profile_id)
    if profile is None or profile.is_hidden:
        raise NotFound(_("No such candidate."))
    if not job.is_public():
        raise ValidationFailed(_("You can invite people to a job only while it is published."))
    if not profile.open_to_work:
        raise ValidationFailed(_("This candidate is not looking for work at the moment."))
    message = (message or "").strip()
    if len(message) > MAX_INVITATION_MESSAGE:
        raise ValidationFailed(
            _("Use at most %(n)s characters.", n=MAX_INVITATION_MESSAGE), field="message"
        )
    if _existing(job.id, profile.user_id) is not None:
        raise ValidationFailed(_("This candidate has already applied for this job."))
    if db.session.scalar(
        sa.select(Invitation.id).where(
            Invitation.job_id == job.id, Invitation.profile_id == profile.id
        )
    ):
        raise ValidationFailed(_("You have already invited this candidate to this job."))
    if invitations_left_today(job.organization_id, now) <= 0:
        raise ValidationFailed(
            _(
                "Your organization has sent %(n)s invitations in the last 24 hours, the most "
                "we allow. Try again tomorrow.",
                n=invitations_per_day(),
            )
        )
    invitation = Invitation(
        job_id=job.id,
        organization_id=job.organization_id,
        profile_id=profile.id,
        invited_by_id=user.id,
        message=message,
    )
    if now is not None:
        invitation.created_at = now
    reason = scam.money_reason(message)
    if reason is not None:
        # Held for a moderator; the employer reads only that the team checks it.
        invitation.held_at = invitation.created_at or utcnow()
        invitation.held_reasons = [reason]
    db.session.add(invitation)
    db.session.flush()
    if reason is None:
        deliver_invitation(invitation, user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise ValidationFailed(_("You have already invited this candidate to this job."))
    return invitation


def deliver_invitation(invitation: Invitation, inviter: User | None) -> None:
    """Tell the candidate (in the page and by e-mail), with contact details in the message
    hidden: they reach the candidate only once there is an application."""
    job = invitation.job
    profile = invitation.profile
    organization = invitation.organization
    link = _path("applications.invitation", invitation_id=invitation.id)
    notify(profile.user_id, "invitation", link, job=job.title, organization=organization.name)
    seeker = profile.user
    if seeker.disabled_at is None:
        email_preferences.queue_email(
            seeker,
            EmailKind.APPLICATIONS,
            _("%(organization)s invites you to apply", organization=organization.name),
            "invitation",
            user=seeker,
            job=job,
            organization=organization,
            message=invitation_message_for_seeker(invitation),
            name_hidden=inviter is None or not visible_identity(profile, inviter),
            url=external_url("applications.invitation", invitation_id=invitation.id),
        )


def invitation_message_for_seeker(invitation: Invitation) -> str:
    """The invitation's message as the candidate reads it: phone numbers and messenger handles
    are hidden until an application exists, so the conversation stays on the platform."""
    if application_for(invitation.profile.user, invitation.job_id) is not None:
        return invitation.message
    return scam.hide_contact_details(
        invitation.message, _("[contact details are shared once you apply]")
    )


def seeker_invitations(user: User) -> list[Invitation]:
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .join(Profile, Profile.id == Invitation.profile_id)
            .where(Profile.user_id == user.id, Invitation.held_at.is_(None))
            .options(selectinload(Invitation.job), selectinload(Invitation.organization))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


def seeker_invitation(user: User, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if (
        invitation is None
        or not getattr(user, "is_authenticated", False)
        or invitation.profile.user_id != user.id
        or invitation.held_at is not None
    ):
        raise NotFound(_("No such invitation."))
    return invitation


def invitation_match(invitation: Invitation, today: date | None = None) -> MatchResult:
    """How the seeker compares with the job now (the same explanation the employer sees)."""
    return match(
        invitation.job.facts(),
        invitation.profile.facts(),
        today or _today(),
    )


def _tell_inviter(invitation: Invitation, kind: str, candidate: str) -> None:
    job = invitation.job
    link = _path("applications.organization_invitations")
    notify_organization(invitation.organization_id, kind, link, job=job.title, candidate=candidate)
    inviter = invitation.invited_by
    recipients = (
        [inviter]
        if inviter is not None
        and inviter.disabled_at is None
        and is_member(inviter, invitation.organization)
        else organization_recipients(job)
    )
    accepted = kind == "invitation_accepted"
    for recipient in recipients:
        email_preferences.queue_email(
            recipient,
            EmailKind.APPLICATIONS,
            _("%(candidate)s accepted your invitation", candidate=candidate)
            if accepted
            else _("A candidate declined your invitation"),
            "invitation_answer",
            recipient=recipient,
            job=job,
            accepted=accepted,
            candidate=candidate,
            url=external_url("applications.organization_invitations"),
        )


def accept_invitation(user: User, invitation_id: int) -> Invitation:
    """Accept: the seeker's identity is revealed to this organization (and no other)."""
    invitation = seeker_invitation(user, invitation_id)
    if invitation.accepted_at is not None:
        return invitation
    if invitation.declined_at is not None:
        raise ValidationFailed(_("You declined this invitation."))
    profiles.reveal_profile_to(
        invitation.profile, invitation.organization_id, RevealReason.INVITATION_ACCEPTED
    )
    invitation.accepted_at = utcnow()
    _tell_inviter(invitation, "invitation_accepted", user.name)
    db.session.commit()
    return invitation


def decline_invitation(user: User, invitation_id: int) -> Invitation:
    """Decline: the employer is told, without a reason and without learning who it was."""
    invitation = seeker_invitation(user, invitation_id)
    if invitation.declined_at is not None:
        return invitation
    if invitation.accepted_at is not None:
        raise ValidationFailed(_("You have already accepted this invitation."))
    invitation.declined_at = utcnow()
    _tell_inviter(invitation, "invitation_declined", "")
    db.session.commit()
    return invitation


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    candidate: str  # "Candidate K7QX2M" until they accept (unless their profile is not anonymous)


def organization_invitations(user: User, limit: int = 200) -> list[SentInvitation]:
    organization = organization_of(user)
    if organization is None:
        return []
    invitations = db.session.scalars(
        sa.select(Invitation)
        .where(Invitation.organization_id == organization.id)
        .options(selectinload(Invitation.job), selectinload(Invitation.profile))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .limit(limit)
    )
    result = []
    for invitation in invitations:
        try:
            name = profile_view_for(user, invitation.profile).display_name
        except NotFound:
            name = str(_l("A candidate"))
        result.append(SentInvitation(invitation, name))
    return result
